"""What every route shares: the server's state, API keys, reading a body, waiting for a job
while watching for the client to leave, and turning engine errors into HTTP answers."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import json
import logging
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import anyio.to_thread
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, StreamingResponse
from starlette.types import Receive, Scope, Send

from engine.errors import Cancelled, EngineError, InputError, ModelError, ModelNotFound
from engine.server.config import ServerConfig, is_loopback
from engine.server.languages import LanguageTable
from engine.server.worker import Busy, EngineWorker, Job, Work

log = logging.getLogger("quire.server")


@dataclass
class ServerState:
    config: ServerConfig
    worker: EngineWorker
    languages: LanguageTable
    files: tempfile.TemporaryDirectory[str] = field(default_factory=lambda: files_folder())
    jobs: dict[str, Job] = field(default_factory=dict)

    @property
    def files_dir(self) -> Path:
        return Path(self.files.name)


FILES_PREFIX = "quire-api-"  # then the server's process id: a folder of a killed one is known
_FILES_NAME = re.compile(rf"{FILES_PREFIX}(\d+)-")


def files_folder() -> tempfile.TemporaryDirectory[str]:
    """The server's folder for uploaded documents and their translations, after removing
    those of this user's servers that were killed (a document kept in full in the temporary
    folder, and never removed: a restarted server made a folder of its own)."""
    import psutil

    top = Path(tempfile.gettempdir())
    with contextlib.suppress(OSError):
        for entry in top.iterdir():
            found = _FILES_NAME.match(entry.name)
            if found is None or psutil.pid_exists(int(found.group(1))):
                continue
            with contextlib.suppress(OSError):
                info = entry.lstat()
                # (Windows: a temporary folder of this user's own, and no getuid)
                mine = not hasattr(os, "getuid") or info.st_uid == os.getuid()
                if stat.S_ISDIR(info.st_mode) and mine:
                    shutil.rmtree(entry, ignore_errors=True)
    return tempfile.TemporaryDirectory(prefix=f"{FILES_PREFIX}{os.getpid()}-")


def state(request: Request) -> ServerState:
    found: ServerState = request.app.state.quire
    return found


class ClientGone(Exception):
    """The client closed the connection before its answer was ready."""


def key_ok(config: ServerConfig, given: str | None) -> bool:
    """Whether ``given`` is one of the keys, compared in constant time (every key is compared,
    so neither the match nor its position shows in the time taken)."""
    if not config.api_keys:
        return True
    if not given:
        return False
    supplied = given.encode()
    ok = False
    for key in config.api_keys:
        ok |= hmac.compare_digest(supplied, key.encode())
    return ok


def owner(request: Request) -> str | None:
    """Whose job a request makes: a digest of the key it sent (so one key holder cannot list
    or cancel another's jobs), None on a server without keys (one user, on loopback)."""
    if not state(request).config.api_keys:
        return None
    given = bearer(request) or ""
    return hashlib.sha256(given.encode()).hexdigest()


def bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def is_local(request: Request) -> bool:
    return request.client is not None and is_loopback(request.client.host)


def sent_as_json(request: Request) -> bool:
    """Whether the body is declared JSON. Quire's own routes insist: a web page can post other
    types (a form, text/plain) to 127.0.0.1 without asking, but JSON only after a CORS
    preflight that the server refuses unless its origin was allowed."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    return kind == "application/json" or (
        kind.startswith("application/") and kind.endswith("+json")
    )


# A body up to this size is parsed on the event loop (microseconds); a larger one on a
# thread, so that a 32 MB body (a second of parsing) holds no other request up.
INLINE_JSON_BYTES = 64 * 1024


async def body_json(request: Request) -> Any:
    """The request's body as JSON (``null`` when empty). Raises what ``json.loads`` raises."""
    body = await request.body()
    if len(body) <= INLINE_JSON_BYTES:
        return parse_json(body)
    return await anyio.to_thread.run_sync(parse_json, body)


def parse_json(body: bytes) -> Any:
    return json.loads(body or b"null")


async def read_fields(request: Request) -> dict[str, Any]:
    """A LibreTranslate request's fields: JSON body, or a form (urlencoded or multipart), with
    the query string's fields under them (as Flask's ``request.values``)."""
    values: dict[str, Any] = dict(request.query_params)
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if sent_as_json(request):  # (application/json, and application/*+json as Flask's is_json)
        try:
            data = await body_json(request)
        except (json.JSONDecodeError, UnicodeDecodeError, RecursionError):
            raise HTTPException(400, "Invalid JSON format") from None
        if not isinstance(data, dict):
            raise HTTPException(400, "Invalid JSON format")
        values.update(data)
    elif kind in ("application/x-www-form-urlencoded", "multipart/form-data"):
        async with request.form(max_part_size=state(request).config.max_body_bytes) as form:
            for name in form:
                items = [await _plain(item) for item in form.getlist(name)]
                values[name] = items[0] if len(items) == 1 else items
    else:
        await request.body()
    return values


async def run_job(request: Request, kind: str, work: Work, size: int = 0) -> Any:
    """Queue ``work`` on the engine and wait for it; a client that leaves cancels it."""
    job = submit(request, kind, work, size)
    return await wait(request, job)


def submit(request: Request, kind: str, work: Work, size: int = 0) -> Job:
    """``work`` queued on the engine; ``size``: the bytes (or characters) of the request that
    it holds while it waits, which the queue bounds."""
    st = state(request)
    try:
        job = st.worker.submit(kind, work, asyncio.get_running_loop(), size)
    except Busy as busy:
        raise HTTPException(
            429,
            f"Slowdown: the engine is busy, retry after {busy.retry_after} s",
            headers={"Retry-After": str(busy.retry_after)},
        ) from None
    job.owner = owner(request)
    st.jobs[job.id] = job
    job.outcome.add_done_callback(lambda _f: _ended(st, job))
    return job


def _ended(st: ServerState, job: Job) -> None:
    st.jobs.pop(job.id, None)
    if not job.outcome.cancelled():
        job.outcome.exception()  # retrieved: a job whose client left is no loop error


async def wait(request: Request, job: Job) -> Any:
    gone = asyncio.ensure_future(disconnected(request))
    try:
        await asyncio.wait({job.outcome, gone}, return_when=asyncio.FIRST_COMPLETED)
        if job.outcome.done():
            return job.outcome.result()
        job.cancel.cancel()
        raise ClientGone()
    finally:
        gone.cancel()


async def disconnected(request: Request) -> None:
    # The body has been read: the next message the server sends is the disconnect.
    while True:
        message = await request.receive()
        if message["type"] == "http.disconnect":
            return


def engine_status(error: EngineError) -> int:
    if isinstance(error, Cancelled):
        return 409
    if isinstance(error, (InputError, ModelNotFound)):
        return 400
    if isinstance(error, ModelError):
        return 422
    return 500


def logged_path(scope: Scope) -> str:
    """A request's path as the log may show it: a download's names the user's file."""
    path: str = scope["path"]
    return "/download_file/…" if path.startswith("/download_file/") else path


def error_response(
    status: int, message: str, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=dict(headers or {}))


def shaped_error(
    scope: Scope, status: int, message: str, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    """An error in the shape the route's clients read: OpenAI's object on OpenAI's routes
    (its SDKs show only "Error code: 429" for any other), ``{"error": message}`` elsewhere."""
    if not is_openai_path(scope["path"]):
        return error_response(status, message, headers)
    kind = "server_error" if status >= 500 else "invalid_request_error"
    code = {429: "rate_limit_exceeded", 413: "request_too_large"}.get(status)
    return openai_error(status, message, kind, code=code, headers=headers)


def libre_status(error: EngineError) -> int:
    """LibreTranslate's codes: the request's fault is 400, anything else 500; a job cancelled
    under it (the server stopping, or a DELETE through /v1/jobs) 503, which a client may
    retry."""
    if isinstance(error, Cancelled):
        return 503
    return 400 if isinstance(error, (InputError, ModelNotFound)) else 500


def guarded(
    handler: Callable[[Request], Any], status: Callable[[EngineError], int] = engine_status
) -> Callable[[Request], Any]:
    """Every route answers once: an engine error as ``{"error"}`` with ``status(error)``, a bug
    as a 500 logged by its type only (its message may quote the user's text)."""

    async def endpoint(request: Request) -> Any:
        try:
            return await handler(request)
        except HTTPException:
            raise
        except (ClientGone, ClientDisconnect):  # (the latter: it left mid-body)
            return shaped_error(request.scope, 499, "The client closed the request")
        except EngineError as exc:
            return shaped_error(request.scope, status(exc), str(exc))
        except Exception as exc:
            log.error(
                "%s %s failed: %s", request.method, logged_path(request.scope), type(exc).__name__
            )
            return shaped_error(request.scope, 500, "Internal error")

    endpoint.__name__ = handler.__name__
    endpoint.__doc__ = handler.__doc__
    return endpoint


@dataclass(frozen=True)
class Upload:
    """An uploaded file, read (the form's spooled file is closed with the form)."""

    filename: str
    data: bytes


async def _plain(item: str | UploadFile) -> str | Upload:
    if isinstance(item, UploadFile):
        return Upload(item.filename or "", await item.read())
    return item


def upload(value: Any) -> Upload | None:
    return value if isinstance(value, Upload) else None


class JobStream(StreamingResponse):
    """A streamed answer that cancels its job when the stream ends first: the client left.
    (A generator's own ``finally`` is not enough: a disconnect while a chunk is being sent
    leaves it suspended.)"""

    def __init__(self, job: Job, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.job = job

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            if not self.job.outcome.done():
                self.job.cancel.cancel()


def clean_text(text: str) -> str:
    """``text`` with each lone surrogate (JSON's "\\ud83d", as JavaScript sends text cut
    mid-emoji) replaced by U+FFFD: Python's json keeps them, and no tokenizer or encoder
    can take them."""
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


# Fields that name files or folders: a POSIX name that is no valid UTF-8 travels as lone
# surrogates (Python's surrogateescape), and must reach the file system as it came.
PATH_FIELDS = frozenset(
    {
        "input",
        "output",
        "path",
        "paths",
        "glossary",
        "memory",
        "destination",
        "checkpoints",
        "model",
    }
)


def cleaned(data: Any, key: str = "") -> Any:
    """Parsed JSON with ``clean_text`` applied to every string in it, keys included, but for
    the values of ``PATH_FIELDS``."""
    if key in PATH_FIELDS:
        return data
    if isinstance(data, str):
        return clean_text(data)
    if isinstance(data, list):
        return [cleaned(item) for item in data]
    if isinstance(data, dict):
        return {clean_text(str(k)): cleaned(v, str(k)) for k, v in data.items()}
    return data


OPENAI_PATHS = ("/v1/chat/", "/v1/models")


def is_openai_path(path: str) -> bool:
    """Whether ``path`` is one of OpenAI's routes, whose errors take OpenAI's shape: those
    served, and any other under /v1 but Quire's own jobs (an OpenAI client asking for
    /v1/embeddings reads its 404 as OpenAI's)."""
    if path == "/v1/jobs" or path.startswith("/v1/jobs/"):
        return False
    return path.startswith(OPENAI_PATHS) or path == "/v1/chat" or path.startswith("/v1/")


def openai_error(
    status: int,
    message: str,
    kind: str = "invalid_request_error",
    param: str | None = None,
    code: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    """OpenAI's error object: its SDKs show ``message`` only when the body has this shape."""
    body = {"error": {"message": message, "type": kind, "param": param, "code": code}}
    return JSONResponse(body, status_code=status, headers=dict(headers or {}))
