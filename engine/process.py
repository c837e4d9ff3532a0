"""The engine in a process of its own: ``EngineProcess`` runs job requests in one warm child
(multiprocessing, spawn) that speaks ``engine.protocol``'s JSON over a pipe.

What the child does cannot take its caller down or stall it: a native crash, an out-of-memory
kill or a job that ignores its cancel token ends the child only. ``run`` then raises
``EngineStopped`` (or ``Cancelled``) and the next job starts a fresh child; ``restart`` hands a
loaded model's memory back to the system.

The wire, one JSON object per message:

    parent → child   {"op": "run", "id", "request"} | {"op": "cancel", "id"}
                     | {"op": "configure", "options"} | {"op": "exit"}
                     | {"op": "serve", "config"} | {"op": "unserve"}
    child → parent   {"op": "ready", "pid"} | {"op": "event", "id", "event"}
                     | {"op": "more", "id", "text"}
                     | {"op": "result", "id", "result"} | {"op": "error", "id", "error"}

``more`` is a ``PartialText`` sent as what it adds to the previous one: partial text is the
whole output so far, and a long document's would otherwise cross the pipe once per batch.

The local API (``engine.server``) can run in the child too (``serve_api``), over the same
engine: its jobs and the app's take turns, and a loaded model serves both. Its answers come
back on a second pipe of their own, so a thread switching the API need not read the jobs'
pipe: ``{"op": "serving", "url"} | {"op": "serve_failed", "error"} | {"op": "unserved"}``. A
child started while the API is on (after a crash, a restart) serves it again.
"""

from __future__ import annotations

import contextlib
import dataclasses
import importlib
import json
import multiprocessing
import os
import queue
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import TYPE_CHECKING, Any

from engine.api import PartialText
from engine.errors import Cancelled, EngineError, EngineStopped, InputError
from engine.options import CancelToken, EngineOptions

if TYPE_CHECKING:  # the job vocabulary imports the whole engine; a parent may not need it yet
    from engine.api import Event, Request, Result
    from engine.engine import Engine
    from engine.server import ServerConfig

CANCEL_GRACE_S = 2.0  # a job still running this long after its cancel is ended by a restart
POLL_S = 0.05  # how often a waiting ``run`` looks at its cancel token
EXIT_WAIT_S = 5.0  # for a child that was asked to exit, or whose pipe closed, to be gone
SERVE_WAIT_S = 60.0  # for the local API to start in the child (it may still be importing)


class EngineProcess:
    """One engine child process and the jobs it runs, one at a time.

    ``start`` returns at once: the child imports the engine while the caller goes on. ``run``
    blocks the calling thread with ``Engine.run``'s contract. Like ``Engine``, threads may
    share it: jobs run one at a time, a second caller waiting (its own ``cancel`` heard while
    it waits). The child survives between jobs, so its start-up and loaded models are paid
    for once.
    """

    def __init__(
        self,
        options: EngineOptions | None = None,
        *,
        cancel_grace: float = CANCEL_GRACE_S,
        warm: bool = True,
    ) -> None:
        self._options = options or EngineOptions()
        self._grace = cancel_grace
        # Import ONNX Runtime and the tokenizers at start, for the first model job; a process
        # that only downloads (the app's downloads lane) never needs them.
        self._warm = warm
        self._process: BaseProcess | None = None
        self._pid: int | None = None
        self._conn: Connection | None = None
        self._ready = False
        self._started_at = 0.0
        self.ready_seconds: float | None = None  # spawn to ready, for the last child started
        self._next = 1
        self._closed = False
        # Sending happens from the job thread and from whoever switches the API; the child's
        # life (start, discard) too.
        self._send_lock = threading.Lock()
        # The pipe's answers are one job's at a time: two threads reading them took each
        # other's messages, and the loser killed a healthy child as if it had died.
        self._turn = threading.Lock()
        self._life = threading.RLock()
        self._ctl: Connection | None = None  # the API's answers
        self._serving: dict[str, Any] | None = None  # the API's settings while it is on

    @property
    def options(self) -> EngineOptions:
        return self._options

    @property
    def pid(self) -> int | None:
        """The child's process id (None: none started, or the last one was found ended).
        A plain read, safe from any thread."""
        return self._pid

    # --- the child's life -------------------------------------------------------------------

    def start(self) -> None:
        """Start the child unless one is running. Returns without waiting for it."""
        with self._life:
            self._start()

    def _start(self) -> None:
        if self._closed:
            raise RuntimeError("The engine process is closed")
        if self._process is not None:
            if self._process.is_alive():
                return
            self._discard()  # it ended between jobs: nothing was lost, start a fresh one
        context = multiprocessing.get_context("spawn")
        ours, theirs = context.Pipe()
        ctl_ours, ctl_theirs = context.Pipe(duplex=False)
        process = context.Process(
            target=serve,
            args=(theirs, json.dumps(_to_json(self._options)), ctl_theirs, self._warm),
            name="quire-engine",
            daemon=True,  # ended with the app even if nobody calls close()
        )
        self._started_at = time.perf_counter()
        try:
            process.start()
        except OSError as exc:
            ours.close()
            ctl_ours.close()
            raise EngineStopped(
                "The engine could not start", hint=str(exc), message_id="engine.cannot_start"
            ) from exc
        finally:
            theirs.close()  # the child's copy only: its death then reads as end of file here
            ctl_theirs.close()
        self._process, self._conn, self._pid = process, ours, process.pid
        self._ctl = ctl_ours
        self._ready = False
        self.ready_seconds = None
        if self._serving is not None:  # the API was on: the fresh child serves it again
            with contextlib.suppress(OSError):
                self._send({"op": "serve", "config": self._serving})

    def wait_ready(self, timeout: float | None = None) -> bool:
        """Start the child if needed and wait until it has imported the engine (for the
        self-test and benchmarks; ``run`` never needs this)."""
        self.start()
        deadline = None if timeout is None else time.monotonic() + timeout
        while not self._ready:
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                return False
            conn, process = self._alive()
            if not wait([conn, process.sentinel], left):
                return False
            if not conn.poll():
                return False  # the child ended before it was ready
            try:
                self._note(json.loads(conn.recv_bytes()))
            except (EOFError, OSError):
                return False
        return True

    def configure(self, options: EngineOptions) -> None:
        """Use ``options`` from the next job on (the child frees its loaded models)."""
        if options == self._options:
            return
        self._options = options
        if self._process is not None and self._process.is_alive():
            try:
                self._send({"op": "configure", "options": _to_json(options)})
            except OSError:
                self._discard()  # the next start passes the new options

    def restart(self) -> None:
        """End the child (its memory goes back to the system) and start a fresh one."""
        self._stop()
        self.start()

    def stop(self) -> None:
        """End the child until the next ``run`` or ``start`` (an idle process holds nothing
        worth its memory). Unlike ``close``, it may be started again."""
        self._stop()

    def abort(self) -> None:
        """End the child now, from any thread (a quitting app): a job in flight ends at once,
        as ``Cancelled`` if its token was set, without waiting for the child to obey. The
        thread running the job reaps the child; the next job starts a fresh one."""
        with self._life:
            process = self._process
        if process is not None and process.is_alive():
            with contextlib.suppress(OSError, ValueError):
                process.kill()

    def close(self) -> None:
        """End the child. Safe to call more than once."""
        if self._closed:
            return
        self._closed = True
        self._stop()

    # --- the local API --------------------------------------------------------------------

    def serve_api(self, config: ServerConfig, timeout: float = SERVE_WAIT_S) -> str:
        """Serve the local API from the child, over its engine; returns the address. Raises
        the ``EngineError`` that kept it from starting (a taken port). Any thread may call it
        (one at a time); jobs go on meanwhile."""
        data = json.loads(json.dumps(dataclasses.asdict(config)))
        with self._life:
            self._start()
            self._drain_ctl()
            self._serving = data
            try:
                self._send({"op": "serve", "config": data})
            except OSError:
                raise self._stopped() from None
        reply = self._ctl_reply(timeout)
        if reply.get("op") != "serving":
            self._serving = None
            error = _from_json(reply.get("error"))
            raise error if isinstance(error, EngineError) else EngineError(str(error))
        return str(reply["url"])

    def stop_api(self, timeout: float = EXIT_WAIT_S * 3) -> None:
        """Stop serving the local API (its running jobs are cancelled)."""
        with self._life:
            self._serving = None
            if self._process is None or not self._process.is_alive():
                return
            self._drain_ctl()
            try:
                self._send({"op": "unserve"})
            except OSError:
                return  # the child is gone, and its server with it
        with contextlib.suppress(EngineError):
            self._ctl_reply(timeout)

    @property
    def serving(self) -> bool:
        """Whether the local API is switched on (a new child serves it again)."""
        return self._serving is not None

    def _drain_ctl(self) -> None:
        """Forget answers nobody waited for (a fresh child's own re-serving)."""
        ctl = self._ctl
        with contextlib.suppress(EOFError, OSError):
            while ctl is not None and ctl.poll():
                ctl.recv_bytes()

    def _ctl_reply(self, timeout: float) -> dict[str, Any]:
        with self._life:
            ctl, process = self._ctl, self._process
        if ctl is None or process is None:
            raise engine_stopped(None)
        if not wait([ctl, process.sentinel], timeout):
            raise EngineError(
                "The local API did not start in time",
                hint="Try again in a moment",
                message_id="engine.api_slow_start",
            )
        try:
            if not ctl.poll():
                raise EOFError
            reply: dict[str, Any] = json.loads(ctl.recv_bytes())
        except (EOFError, OSError):
            raise engine_stopped(process.exitcode) from None
        return reply

    def __enter__(self) -> EngineProcess:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # --- jobs -------------------------------------------------------------------------------

    def run(
        self,
        request: Request,
        report: Callable[[Event], None] | None = None,
        cancel: CancelToken | None = None,
    ) -> Result:
        """Do one job in the child: events go to ``report`` in order, ``cancel`` is sent to the
        child when set. Raises ``Cancelled``, ``EngineStopped`` when the child died, and the
        job's own ``EngineError``s (same type, message and hint)."""
        cancel = cancel or CancelToken()
        cancel.check()
        try:
            payload = _to_json(request)
        except TypeError:
            raise InputError(f"Unknown request type {type(request).__name__}") from None
        while not self._turn.acquire(timeout=POLL_S):
            cancel.check()  # (cancelled while another thread's job runs: never started)
        try:
            self.start()
            job = self._next
            self._next += 1
            try:
                self._send({"op": "run", "id": job, "request": payload})
            except OSError:
                raise self._stopped() from None
            return self._follow(job, report, cancel)
        finally:
            self._turn.release()

    def _follow(
        self, job: int, report: Callable[[Event], None] | None, cancel: CancelToken
    ) -> Result:
        conn, process = self._alive()
        deadline: float | None = None  # set once the child was told to cancel
        failure: BaseException | None = None  # what ``report`` raised: the job is cancelled
        partial = ""  # the output so far, which ``more`` messages extend

        def ended(stopped: EngineStopped | None) -> BaseException:
            # A job the caller gave up on ends as the caller said, however the child ended.
            if failure is not None:
                return failure
            if deadline is not None or stopped is None or cancel.cancelled:
                return Cancelled()
            return stopped

        while True:
            if deadline is None and (cancel.cancelled or failure is not None):
                try:
                    self._send({"op": "cancel", "id": job})
                except OSError:
                    raise ended(self._stopped()) from None
                deadline = time.monotonic() + self._grace
            if deadline is not None and time.monotonic() >= deadline:
                # It ignored its cancel for too long (stuck in native code, or hung): end it.
                self._kill()
                raise ended(None)
            timeout = POLL_S if deadline is None else min(POLL_S, deadline - time.monotonic())
            if not (conn.poll() or wait([conn, process.sentinel], max(0.0, timeout))):
                continue
            # Messages first: what the child sent before it ended still counts.
            try:
                if not conn.poll():
                    raise EOFError
                message = json.loads(conn.recv_bytes())
            except (EOFError, OSError):
                raise ended(self._stopped()) from None
            if message.get("id") != job:
                self._note(message)
                continue
            op = message["op"]
            if op in ("event", "more"):
                if op == "more":
                    partial += message["text"]
                    event = PartialText(partial)
                else:
                    event = _from_json(message["event"])
                    if isinstance(event, PartialText):
                        partial = event.text
                if report is not None and failure is None:
                    try:
                        report(event)
                    except BaseException as exc:  # the caller's problem: stop, then raise
                        failure = exc
                continue
            if failure is not None:
                raise failure
            if op == "result":
                result: Result = _from_json(message["result"])
                return result
            error = _from_json(message["error"])
            assert isinstance(error, EngineError)
            raise error

    # --- plumbing ---------------------------------------------------------------------------

    def _alive(self) -> tuple[Connection, BaseProcess]:
        assert self._conn is not None and self._process is not None
        return self._conn, self._process

    def _send(self, message: dict[str, Any]) -> None:
        conn, _process = self._alive()
        data = json.dumps(message).encode("utf-8")
        with self._send_lock:
            conn.send_bytes(data)

    def _note(self, message: dict[str, Any]) -> None:
        """A message that belongs to no running job: ready, or late words of an ended one."""
        if message.get("op") == "ready" and not self._ready:
            self._ready = True
            self.ready_seconds = time.perf_counter() - self._started_at

    def _stopped(self) -> EngineStopped:
        """The child died under a job: reap it and say why."""
        process = self._process
        assert process is not None
        process.join(EXIT_WAIT_S)
        if process.is_alive():  # its pipe closed but it lives on: not an engine we can use
            process.kill()
            process.join()
        code = process.exitcode
        self._discard()
        return engine_stopped(code)

    def _kill(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.join()
        self._discard()

    def _stop(self) -> None:
        """Ask the child to exit, end it if it does not, and forget it. A child still importing
        would read the request only when done (seconds, and a quitting app would wait): it is
        ended at once, as it holds nothing yet."""
        process, conn = self._process, self._conn
        if process is None or conn is None:
            return
        with contextlib.suppress(EOFError, OSError, ValueError):
            while not self._ready and conn.poll():
                self._note(json.loads(conn.recv_bytes()))
        if self._ready and process.is_alive():
            with contextlib.suppress(OSError):  # it is ending anyway
                self._send({"op": "exit"})
            process.join(EXIT_WAIT_S)
        self._kill()

    def _discard(self) -> None:
        with self._life:
            self.__discard()

    def __discard(self) -> None:
        if self._ctl is not None:
            self._ctl.close()
            self._ctl = None
        if self._conn is not None:
            self._conn.close()
        if self._process is not None:
            self._process.join(0)  # reaped if it has ended: no zombie left behind
            if self._process.exitcode is not None:
                self._process.close()
        self._conn = None
        self._process = None
        self._pid = None
        self._ready = False


# What a Windows process that crashed exits with: the exception's NTSTATUS (a POSIX one
# dies of a signal instead: a negative exit code here).
_WINDOWS_CRASHES = {
    0xC0000005: "access violation",
    0xC000001D: "illegal instruction",
    0xC0000094: "division by zero",
    0xC00000FD: "stack overflow",
    0xC0000374: "heap corruption",
    0xC0000409: "stack buffer overrun",
    0xE06D7363: "C++ exception",
}
_WINDOWS_OUT_OF_MEMORY = {0xC0000017: "no memory", 0xC000012D: "commitment limit"}


def engine_stopped(exitcode: int | None) -> EngineStopped:
    """The error for a child that ended with ``exitcode`` (negative: the signal's number; on
    Windows a crash's NTSTATUS code)."""
    if exitcode is None:
        return EngineStopped(
            "The engine stopped unexpectedly", hint="The cause is unknown. Try again"
        )
    status = exitcode & 0xFFFFFFFF
    if exitcode > 0 and (status in _WINDOWS_CRASHES or status in _WINDOWS_OUT_OF_MEMORY):
        memory = status in _WINDOWS_OUT_OF_MEMORY
        label = f"{(_WINDOWS_OUT_OF_MEMORY if memory else _WINDOWS_CRASHES)[status]}, 0x{status:X}"
        hint = (
            f"It ran out of memory ({label}). Close other programs or choose a smaller "
            "model, then try again"
            if memory
            else f"It crashed ({label}). Try again; if it happens again, choose another model "
            "or set Device to CPU in Settings"
        )
        return EngineStopped(
            "The engine stopped unexpectedly",
            hint=hint,
            message_id="engine.stopped_signal",
            params={"signal": label, "kind": "memory" if memory else "crash"},
        )
    if exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        if name == "SIGKILL":
            hint = (
                "It was killed (SIGKILL), which usually means the system ran out of memory. "
                "Close other programs or choose a smaller model, then try again"
            )
        elif name in ("SIGSEGV", "SIGBUS", "SIGABRT", "SIGILL", "SIGFPE"):
            hint = (
                f"It crashed ({name}). Try again; if it happens again, choose another model "
                "or set Device to CPU in Settings"
            )
        else:
            hint = f"It was ended by {name}. Try again"
        return EngineStopped(
            "The engine stopped unexpectedly",
            hint=hint,
            message_id="engine.stopped_signal",
            params={"signal": name},
        )
    return EngineStopped(
        "The engine stopped unexpectedly",
        hint=f"It exited with code {exitcode}. Try again",
        message_id="engine.stopped_exit",
        params={"code": exitcode},
    )


def _to_json(value: Any) -> Any:
    from engine.protocol import to_json

    return to_json(value)


def _from_json(data: Any) -> Any:
    from engine.protocol import from_json

    return from_json(data)


# --- the child ------------------------------------------------------------------------------


def serve(conn: Connection, options: str, ctl: Connection | None = None, warm: bool = True) -> None:
    """The child's entry point. The main thread reads the pipe (so a cancel arrives while a job
    runs); one worker thread runs the jobs in order. End of file on the pipe, the parent gone,
    ends the child at once. ``ctl`` carries the local API's answers; ``warm``: import what a
    model job needs before the first job comes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C in a terminal is the parent's to act on
    from engine.engine import Engine
    from engine.protocol import from_json

    sending = threading.Lock()

    def send(message: dict[str, Any]) -> None:
        data = json.dumps(message).encode("utf-8")
        with sending:
            conn.send_bytes(data)

    work: queue.SimpleQueue[tuple[str, Any, Any]] = queue.SimpleQueue()
    tokens: dict[int, CancelToken] = {}
    engine = Engine(from_json(json.loads(options), EngineOptions))
    # One job at a time on the engine, the app's or the local API's.
    turn = threading.Lock()
    api = _Api(lambda: engine, turn, ctl)

    def worker() -> None:
        nonlocal engine
        if warm:
            _warm()
        while True:
            kind, key, data = work.get()
            if kind == "configure":
                with turn:
                    engine.unload()
                    engine = Engine(from_json(data, EngineOptions))
                continue
            try:
                with turn:
                    done = _job(engine, key, data, tokens[key], send)
                send(done)
            finally:
                tokens.pop(key, None)

    threading.Thread(target=worker, name="quire-engine-jobs", daemon=True).start()
    send({"op": "ready", "pid": os.getpid()})
    while True:
        try:
            message = json.loads(conn.recv_bytes())
        except (EOFError, OSError):
            os._exit(0)  # the parent is gone: nobody will read a result
        op = message.get("op")
        if op == "run":
            tokens[message["id"]] = CancelToken()
            work.put(("run", message["id"], message["request"]))
        elif op == "cancel":
            token = tokens.get(message["id"])
            if token is not None:
                token.cancel()
        elif op == "configure":
            work.put(("configure", None, message["options"]))
        elif op == "serve":
            api.switch(message["config"])
        elif op == "unserve":
            api.switch(None)
        elif op == "exit":
            os._exit(0)


class _Shared:
    """The child's engine as the local API's jobs see it: whichever engine is current (a
    ``configure`` replaces it), used only while the API's worker holds the turn."""

    def __init__(self, current: Callable[[], Engine]) -> None:
        self._current = current

    def run(self, request: Any, report: Any = None, cancel: CancelToken | None = None) -> Any:
        return self._current().run(request, report, cancel)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._current(), name)


class _Api:
    """The local API in the child: switched on and off in the background (binding and
    Starlette's import take a moment; the pipe must stay read meanwhile), one switch at a
    time, each answered on ``ctl``."""

    def __init__(
        self, current: Callable[[], Engine], turn: threading.Lock, ctl: Connection | None
    ) -> None:
        self._current = current
        self._turn = turn
        self._ctl = ctl
        self._switching = threading.Lock()
        self._server: Any = None

    def switch(self, config: dict[str, Any] | None) -> None:
        threading.Thread(target=self._switch, args=(config,), daemon=True).start()

    def _switch(self, config: dict[str, Any] | None) -> None:
        from engine.protocol import to_json

        with self._switching:
            try:
                if self._server is not None:
                    server, self._server = self._server, None
                    server.stop()
                if config is None:
                    self._answer({"op": "unserved"})
                    return
                from engine.server import Server, ServerConfig

                fields: dict[str, Any] = {
                    k: tuple(v) if isinstance(v, list) else v for k, v in config.items()
                }
                settings = ServerConfig(**fields)
                server = Server(
                    settings,
                    self._current().options,
                    engine=lambda: _Shared(self._current),
                    guard=self._turn,
                )
                server.start()
                self._server = server
                self._answer({"op": "serving", "url": server.url})
            except EngineError as exc:
                self._answer({"op": "serve_failed", "error": to_json(exc)})
            except Exception as exc:  # a bug: said, not a silent switch that never turns on
                error = EngineError(
                    f"The local API could not start: {type(exc).__name__}: {exc}",
                    message_id="engine.api_failed",
                )
                self._answer({"op": "serve_failed", "error": to_json(error)})

    def _answer(self, message: dict[str, Any]) -> None:
        if self._ctl is not None:
            with contextlib.suppress(OSError):
                self._ctl.send_bytes(json.dumps(message).encode("utf-8"))


WARM = ("onnxruntime", "tokenizers", "engine.runtime.onnx_seq2seq")


def _warm() -> None:
    """Import what a first job would (ONNX Runtime, tokenizers: seconds on a slow machine) while
    nobody waits yet; a job sent meanwhile queues behind it."""
    for name in WARM:
        with contextlib.suppress(Exception):  # the job that needs it says what is wrong
            importlib.import_module(name)


def _job(
    engine: Engine,
    key: int,
    data: Any,
    token: CancelToken,
    send: Callable[[dict[str, Any]], None],
) -> dict[str, Any]:
    """Run one job in the child; its events are sent as they come, its end is returned."""
    from engine.api import Request
    from engine.protocol import from_json, to_json

    sent = ""  # the partial text the parent has

    def report(event: Event) -> None:
        nonlocal sent
        if isinstance(event, PartialText):
            if sent and event.text.startswith(sent):
                send({"op": "more", "id": key, "text": event.text[len(sent) :]})
                sent = event.text
                return
            sent = event.text
        send({"op": "event", "id": key, "event": to_json(event)})

    try:
        # Any job: the parent is the app (a local API client's requests are narrowed earlier).
        result = engine.run(from_json(data, Request), report, token)
        return {"op": "result", "id": key, "result": to_json(result)}
    except EngineError as exc:
        return {"op": "error", "id": key, "error": to_json(exc)}
    except Exception as exc:  # a bug: the caller still gets an EngineError, the log the trace
        if sys.stderr is not None:  # a windowed Windows app has none
            traceback.print_exc(file=sys.stderr)
        error = EngineError(
            f"The engine failed: {type(exc).__name__}: {exc}",
            hint="This is a bug in Quire; please report it",
            message_id="engine.bug",
        )
        return {"op": "error", "id": key, "error": to_json(error)}


__all__ = ["CANCEL_GRACE_S", "EngineProcess", "engine_stopped", "serve"]
