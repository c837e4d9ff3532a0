"""The ASGI application: routes, CORS, the body limit, one JSON shape for every error, and a
request log that names method, path, status and time only (never a key, a query or a text)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from typing import Any

from starlette.applications import Starlette
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from engine.engine import Engine
from engine.errors import EngineError, InputError
from engine.options import EngineOptions
from engine.server import chat, libre, openapi, v1
from engine.server.common import ServerState, error_response, logged_path, shaped_error
from engine.server.config import ServerConfig, is_loopback, normal_origin
from engine.server.languages import LanguageTable
from engine.server.worker import EngineLike, EngineWorker

log = logging.getLogger("quire.server")


class BodyLimit:
    """Refuses a body over ``limit`` bytes with 413: at once by its Content-Length, or as soon
    as a chunked body passes it."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            too_big = shaped_error(scope, 413, f"Request body over {self.limit} bytes")
            await too_big(scope, receive, send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise HTTPException(413, f"Request body over {self.limit} bytes")
            return message

        await self.app(scope, counted, send)


def origin_allowed(origin: str, allowed: tuple[str, ...]) -> bool:
    """Whether a page of ``origin`` may have the engine work for it: one rule for CORS's
    preflight and for what needs none (a plain form), so that no origin is refused by one and
    served by the other. A browser extension's or an app's (chrome-extension://, app://) is
    allowed: the user installed it, and no web page can send one; "null" (a sandboxed frame
    on any site, a local file) is not, unless named."""
    if "*" in allowed:
        return True
    scheme = origin.strip().lower().partition("://")[0]
    if origin.strip().lower() != "null" and scheme not in ("", "http", "https", "file"):
        return True  # (file:// is a local page's, as "null" is)
    try:
        return normal_origin(origin) in allowed
    except InputError:
        return False


class Refusals:
    """Says why an origin is refused: to the client, and in the log once per origin (the
    operator learns which flag would allow it, not only "OPTIONS /translate 403")."""

    KEPT = 64  # origins remembered as said; past that, each refusal is logged again

    def __init__(self) -> None:
        self._said: set[str] = set()

    def __call__(self, origin: str) -> str:
        shown = origin[:100]
        try:
            named = normal_origin(origin)
        except InputError:
            named = ""
        if shown not in self._said:
            if len(self._said) >= self.KEPT:
                self._said.clear()
            self._said.add(shown)
            if named:
                log.warning(
                    "Refused a request from %s: `quire serve --allow-origin %s` allows it",
                    shown,
                    named,
                )
            else:
                log.warning("Refused a request from %s, which is no origin", shown)
        flag = f": the server allows them with --allow-origin {named}" if named else ""
        return f"Requests from {shown} are not allowed{flag}"


class Cors(CORSMiddleware):
    """Starlette's CORS, with ``origin_allowed``'s rule, and its refusal of a preflight said
    as every other error is (it answered 400 "Disallowed CORS origin" in plain text, and the
    log showed only the status)."""

    def __init__(self, app: ASGIApp, /, refusals: Refusals, **kwargs: Any) -> None:
        super().__init__(app, **kwargs)
        self.allowed = tuple(self.allow_origins)
        self.refusals = refusals

    def is_allowed_origin(self, origin: str) -> bool:
        return origin_allowed(origin, self.allowed)

    def preflight_response(self, request_headers: Headers) -> Response:
        origin = request_headers["origin"]
        if not self.is_allowed_origin(origin):
            return error_response(403, self.refusals(origin))
        return super().preflight_response(request_headers)


class ForeignPages:
    """Refuses a request that changes something (POST, DELETE) sent by a page from an origin
    not allowed (``--allow-origin``): a page cannot read such an answer (CORS), but a plain
    form could still make the engine work for it. Programs send no Origin header; the
    server's own pages (/docs) are of its own origin; browser extensions and apps are
    allowed (``origin_allowed``)."""

    SAFE = frozenset(("GET", "HEAD", "OPTIONS"))
    WEB = ("http://", "https://")

    def __init__(self, app: ASGIApp, allowed: tuple[str, ...], refusals: Refusals) -> None:
        self.app = app
        self.allowed = allowed
        self.refusals = refusals

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] not in self.SAFE:
            headers = dict(scope["headers"])
            origin = headers.get(b"origin", b"").decode("latin-1").strip()
            if origin and not self._allowed(origin, headers.get(b"host", b"")):
                await shaped_error(scope, 403, self.refusals(origin))(scope, receive, send)
                return
        await self.app(scope, receive, send)

    def _allowed(self, origin: str, host: bytes) -> bool:
        if origin_allowed(origin, self.allowed):
            return True
        if not origin.lower().startswith(self.WEB):
            return False
        own = host.decode("latin-1").lower()
        try:
            return normal_origin(origin).split("://", 1)[1] == own
        except InputError:
            return False


class LoopbackHost:
    """On a loopback address, answers only requests addressed to a loopback name: a web page
    whose own DNS name was rebound to 127.0.0.1 sends its name as ``Host`` and is refused, so
    it cannot use the engine as if it were on this machine."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            host = dict(scope["headers"]).get(b"host", b"").decode("latin-1")
            name = (host.rsplit(":", 1)[0] if not host.endswith("]") else host).lower()
            if host and not (is_loopback(name) or name.endswith(".localhost")):
                message = f"This server answers only on this machine's loopback, not {host}"
                await shaped_error(scope, 403, message)(scope, receive, send)
                return
        await self.app(scope, receive, send)


class RequestLog:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.monotonic()
        status = [0]

        async def sent(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sent)
        except asyncio.CancelledError:
            # Uvicorn cancels what still runs when its grace period at shutdown ends (a client
            # still sending its upload): it is answered that the server stops (Uvicorn would
            # log one that ends unanswered as an error), without the traceback it would print.
            if not status[0]:
                with contextlib.suppress(Exception):
                    await error_response(503, "The server is stopping")(scope, receive, sent)
            status[0] = status[0] or 503
        finally:
            log.info(
                "%s %s %d %.0f ms",
                scope["method"],
                logged_path(scope),
                status[0],
                1000 * (time.monotonic() - started),
            )


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return shaped_error(request.scope, exc.status_code, str(exc.detail), exc.headers)


async def _bug(request: Request, exc: Exception) -> Response:
    log.error("%s %s failed: %s", request.method, logged_path(request.scope), type(exc).__name__)
    return shaped_error(request.scope, 500, "Internal error")


async def health(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


def create_app(
    config: ServerConfig,
    engine: Callable[[], EngineLike] | None = None,
    options: EngineOptions | None = None,
    chat_backend: chat.ChatBackend | None = None,
    guard: contextlib.AbstractContextManager[Any] | None = None,
) -> Starlette:
    """The app, with its engine worker (``app.state.quire.worker.stop()`` ends its jobs).
    ``engine`` makes the engine on the worker thread (default: ``Engine(options)``);
    ``chat_backend`` serves OpenAI's chat routes (none: no chat model)."""
    engine_options = options or EngineOptions()
    make = engine or (lambda: Engine(engine_options))
    # Two of the biggest bodies may wait at once, any number of jobs below that.
    worker = EngineWorker(make, config.queue_size, guard, 2 * config.max_body_bytes)
    refusals = Refusals()
    app = Starlette(
        routes=[*libre.ROUTES, *chat.ROUTES, *v1.ROUTES, *openapi.ROUTES, Route("/health", health)],
        middleware=[
            Middleware(RequestLog),
            Middleware(
                Cors,
                refusals=refusals,
                allow_origins=list(config.allow_origins),
                allow_methods=["GET", "POST", "DELETE"],
                # Whatever headers a named origin's page sends (the OpenAI JS SDK sends its
                # x-stainless-* ones): the origin is the check, not the headers.
                allow_headers=["*"],
                # A public page named by the user may call this server on their own machine
                # (Chrome's Private Network Access preflight).
                allow_private_network=True,
                # A page must read a 429's wait, a job's id to cancel it (DELETE) and how
                # many parts of its texts kept their source.
                expose_headers=["Retry-After", "X-Quire-Job", libre.UNTRANSLATED_HEADER],
                max_age=3600,
            ),
            Middleware(ForeignPages, allowed=config.allow_origins, refusals=refusals),
            Middleware(BodyLimit, limit=config.max_body_bytes),
            *([Middleware(LoopbackHost)] if is_loopback(config.host) else []),
        ],
        exception_handlers={HTTPException: _http_error, Exception: _bug},
    )
    app.state.chat = chat_backend
    table = LanguageTable(engine_options.home)
    app.state.quire = ServerState(config, worker, table)
    _say_unreadable(table)
    return app


def _say_unreadable(table: LanguageTable) -> None:
    """Log the installed models that could not be read: the operator learns it at start, not
    from a client told that its language is not supported."""
    try:
        unreadable = table.unreadable()
    except EngineError:  # (the store itself cannot be read: each request says so)
        return
    for model in unreadable:
        log.warning(
            "The installed model %s could not be read and serves nothing: %s. "
            "`quire models verify %s` tells what changed",
            model.name,
            model.problem.rstrip("."),
            model.name,
        )


def stop_app(app: Starlette) -> None:
    st: ServerState = app.state.quire
    st.worker.stop()
    st.files.cleanup()


__all__: list[Any] = ["create_app", "stop_app"]
