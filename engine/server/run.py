"""Run the app on Uvicorn: in the foreground (``quire serve``) or on a background thread
(the desktop switch, tests). The socket is bound before the server starts, so the address,
port 0's included, is known at once and a taken port fails fast."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import os
import signal
import socket
import threading
from collections.abc import Callable
from typing import Any

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from engine.errors import InputError
from engine.options import EngineOptions
from engine.server.app import create_app, stop_app
from engine.server.chat import ChatBackend, EngineChat
from engine.server.config import ServerConfig
from engine.server.worker import EngineLike

# A connection has this long to send a request's headers, from its opening or its last
# answer: Uvicorn waits for them forever, so a thousand connections that each sent half a
# request line took every file descriptor (Too many open files, 140 MB of tracebacks in 40 s)
# and the server answered no one; a key is checked only once the headers are in.
HEADERS_S = 10.0
# Connections open at once beyond which the oldest waiting for its headers is closed (a
# desktop's clients open a few each; the process's descriptors stay free for its files).
MAX_CONNECTIONS = 256
_BUSY_TEXT = b'{"error":"Slowdown: the server has too many connections open, retry after 5 s"}'
_BUSY = (
    b"HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\nretry-after: 5\r\n"
    b"connection: close\r\ncontent-length: %d\r\n\r\n%s" % (len(_BUSY_TEXT), _BUSY_TEXT)
)


class _HeadersInTime(H11Protocol):
    """Uvicorn's HTTP/1.1 protocol with a deadline for each request's headers and a cap on
    the connections open at once."""

    _headers_due: asyncio.TimerHandle | None = None
    _opened = 0.0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._opened = self.loop.time()
        if len(self.connections) > MAX_CONNECTIONS:
            # The oldest connection still waiting for its headers goes, not the new one: 256
            # idle sockets, each reopened as its deadline closed it, would keep everyone out.
            waiting = [
                c
                for c in self.connections
                if isinstance(c, _HeadersInTime) and c is not self and c._waiting()
            ]
            if not waiting:  # every one busy with a request: this one is told to come back
                transport.write(_BUSY)
                transport.close()
                return
            min(waiting, key=lambda c: c._opened).transport.close()
        self._await_headers()

    def _waiting(self) -> bool:
        """Open, and no request being answered: waiting for a request's headers."""
        return not self.transport.is_closing() and (
            self.cycle is None or self.cycle.response_complete
        )

    def connection_lost(self, exc: Exception | None) -> None:
        self._headers_arrived()
        super().connection_lost(exc)

    def handle_events(self) -> None:
        super().handle_events()
        if self.cycle is not None and not self.cycle.response_complete:
            self._headers_arrived()  # a request is being answered

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._await_headers()  # (the next request's, on a kept-alive connection)

    def _await_headers(self) -> None:
        self._headers_arrived()
        self._headers_due = self.loop.call_later(HEADERS_S, self._headers_late)

    def _headers_arrived(self) -> None:
        if self._headers_due is not None:
            self._headers_due.cancel()
            self._headers_due = None

    def _headers_late(self) -> None:
        self._headers_due = None
        if self._waiting():
            self.transport.close()


def _more_descriptors() -> None:
    """The soft limit on open files raised to the hard one (often 1,024 of 524,288 on Linux),
    as servers do: connections and a job's files share them."""
    try:
        import resource
    except ImportError:  # (Windows: no such limit)
        return
    with contextlib.suppress(ValueError, OSError):
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        if hard == resource.RLIM_INFINITY or hard > soft:
            wanted = hard if hard != resource.RLIM_INFINITY else max(soft, 65536)
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


class _Uvicorn(uvicorn.Server):
    def __init__(self, config: uvicorn.Config, stop_jobs: Callable[[], None]) -> None:
        super().__init__(config)
        self.ready = threading.Event()
        self._stop_jobs = stop_jobs

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        self.ready.set()

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        # The jobs first: a request waiting on the engine is answered (cancelled) instead of
        # waiting out the grace period and losing its connection unanswered.
        await asyncio.to_thread(self._stop_jobs)
        await super().shutdown(sockets)


class Server:
    def __init__(
        self,
        config: ServerConfig,
        options: EngineOptions | None = None,
        engine: Callable[[], EngineLike] | None = None,
        chat: ChatBackend | None = None,
        guard: contextlib.AbstractContextManager[Any] | None = None,
    ) -> None:
        self.config = config
        self._socket = _bind(config.host, config.port)
        # OpenAI's chat routes serve the installed instruction models unless told otherwise.
        backend = chat if chat is not None else EngineChat((options or EngineOptions()).home)
        self.app = create_app(config, engine, options, backend, guard)
        self._server = _Uvicorn(
            uvicorn.Config(
                self.app,
                log_config=None,
                access_log=False,  # it would log query strings (keys, texts)
                lifespan="off",
                ws="none",
                http=_HeadersInTime,
                loop="asyncio",
                # What still runs after the jobs are stopped is a client's upload or stream:
                # Ctrl+C should not wait long for it.
                timeout_graceful_shutdown=2,
            ),
            self.app.state.quire.worker.stop,
        )
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        port: int = self._socket.getsockname()[1]
        return port

    @property
    def url(self) -> str:
        return client_url(self.config.host, self.port)

    def serve(self, announce: Callable[[], None] | None = None) -> None:
        """In the foreground until Ctrl+C or SIGTERM (a service manager's stop): either one
        shuts down gracefully, and the uploads folder and the socket are removed.
        ``announce`` runs once a SIGTERM would be handled so (the socket already listens)."""
        # Uvicorn shuts down on SIGTERM, then raises it again with the handler it found: the
        # default one would end the process before the clean-up below.
        previous = _on_sigterm(_terminated)
        _more_descriptors()
        try:
            if announce is not None:
                announce()
            self._server.run(sockets=[self._socket])
        except _Terminated:
            pass
        finally:
            self._close()
            _on_sigterm(previous)

    def start(self) -> str:
        """On a background thread; returns the URL once the server accepts connections."""
        self._thread = threading.Thread(
            target=lambda: asyncio.run(self._server.serve(sockets=[self._socket])),
            name="quire-api-server",
            daemon=True,
        )
        self._thread.start()
        while not self._server.ready.wait(0.05):
            if not self._thread.is_alive():
                self._close()
                raise InputError("The API server could not start")
        return self.url

    def stop(self) -> None:
        self._server.should_exit = True
        if self._thread is not None:
            self._thread.join()
        self._close()

    def _close(self) -> None:
        stop_app(self.app)
        self._socket.close()


class _Terminated(Exception):
    """SIGTERM arrived (and the server has shut down)."""


def _terminated(_signum: int, _frame: object) -> None:
    raise _Terminated


def _on_sigterm(handler: Any) -> Any:
    """Install ``handler`` for SIGTERM where this thread may; the previous one (or None)."""
    if threading.current_thread() is not threading.main_thread():
        return None
    if handler is None:
        return None
    return signal.signal(signal.SIGTERM, handler)


def _bind_hint(exc: OSError) -> str:
    """What to do when the address cannot be listened on, by why."""
    if isinstance(exc, socket.gaierror) or exc.errno == errno.EADDRNOTAVAIL:
        return "Give --host an address of this computer, e.g. 127.0.0.1"
    if exc.errno == errno.EACCES:
        return "Ports below 1024 need administrator rights: choose --port 1024 or above"
    return "Choose another --port, or stop the program using it"


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # TCP named, not left 0: asyncio turns Nagle's algorithm off (TCP_NODELAY) only on
    # connections of a socket whose protocol says TCP; with it on, each response on a reused
    # connection waited about 40 ms for the client's delayed acknowledgement.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    if os.name == "nt":
        # There SO_REUSEADDR lets a second program bind a port already listened on (and take
        # its connections); exclusive use makes a taken port fail here, as elsewhere.
        sock.setsockopt(socket.SOL_SOCKET, getattr(socket, "SO_EXCLUSIVEADDRUSE", -5), 1)
    else:  # restart at once on a port whose old connections linger in TIME_WAIT
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
    except OSError as exc:
        sock.close()
        raise InputError(
            f"Cannot listen on {host}:{port}: {exc.strerror or exc}", hint=_bind_hint(exc)
        ) from None
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


# The wildcard addresses (a server listening on every interface), with their loopback.
LOOPBACK_OF = {"0.0.0.0": "127.0.0.1", "::": "::1"}


def client_url(host: str, port: int) -> str:
    """Where a client on this machine reaches a server listening on ``host``: a wildcard
    address (0.0.0.0, ::) is no address to connect to (Windows refuses it), its loopback is."""
    host = LOOPBACK_OF.get(host, host)
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"
