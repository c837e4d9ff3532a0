"""Quire's own API: any engine job as the plain-data protocol's JSON (``engine.protocol``).

``POST /v1/jobs`` takes a request; with ``Accept: text/event-stream`` it answers with
server-sent events (``job`` with the id, then ``event``s, then one ``result`` or ``error``),
otherwise with the result as JSON. ``DELETE /v1/jobs/{id}`` cancels; so does the client going
away. Requests naming files on this machine (documents, glossaries, model folders) are taken
from loopback clients only, and never from a web page.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from pathlib import PurePath
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from engine.api import TranslateRequest
from engine.engine import names_folder
from engine.errors import EngineError
from engine.jobs import JobRequest, TranslateDocumentRequest
from engine.options import CancelToken
from engine.protocol import request_from_json, to_json
from engine.server.common import (
    JobStream,
    bearer,
    body_json,
    cleaned,
    engine_status,
    guarded,
    is_local,
    key_ok,
    owner,
    sent_as_json,
    state,
    submit,
    wait,
)
from engine.server.worker import Job, Report


def _authorized(request: Request) -> None:
    if not key_ok(state(request).config, bearer(request)):
        raise HTTPException(401, "Send a valid API key as 'Authorization: Bearer KEY'")


def _names_files(job: JobRequest) -> bool:
    if isinstance(job, TranslateDocumentRequest):
        return True
    model = getattr(job, "model", None)
    # As the engine will read it: "." or any folder beside the server is a path, not a name.
    if isinstance(model, str) and names_folder(model):
        return True
    return isinstance(job, TranslateRequest) and (
        job.glossary is not None or job.memory is not None
    )


def _may_name_files(request: Request) -> bool:
    """Only a program of this machine's user: a loopback client that is not a web page. A page
    (whatever its origin, allowed by CORS or reaching 127.0.0.1 through a rebound DNS name)
    sends ``Origin`` with a POST, and modern browsers ``Sec-Fetch-Site`` too."""
    if request.headers.get("origin") is not None:
        return False
    if request.headers.get("sec-fetch-site", "none") != "none":
        return False
    return is_local(request)


@guarded
async def create_job(request: Request) -> Response:
    _authorized(request)
    if not sent_as_json(request):
        raise HTTPException(415, "Send the request as JSON, with Content-Type: application/json")
    try:
        data = cleaned(await body_json(request))
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError):
        raise HTTPException(400, "Invalid JSON format") from None
    job_request = request_from_json(data)
    if _names_files(job_request) and not _may_name_files(request):
        raise HTTPException(
            403,
            "Only programs on this machine (not web pages) may name files or model folders; "
            "send documents to /translate_file",
        )

    streaming = "text/event-stream" in request.headers.get("accept", "")

    def work(engine: Any, report: Report, cancel: CancelToken) -> Any:
        # A JSON answer shows no events: queued unread, every partial text (the whole text so
        # far, once per batch) would be held until the job ends.
        return engine.run(job_request, report if streaming else None, cancel)

    job = submit(request, type(job_request).__name__, work, len(await request.body()))
    if streaming:
        return JobStream(
            job,
            _stream(request, job),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Quire-Job": job.id},
        )
    shown = _shown_to(request)
    try:
        result = await wait(request, job)
    except EngineError as exc:
        return JSONResponse(shown(exc), status_code=engine_status(exc))
    return JSONResponse(shown(result), headers={"X-Quire-Job": job.id})


def _shown_to(request: Request) -> Callable[[Any], Any]:
    """A value as JSON for this client: whole for a program of this machine's user; for
    another machine or a web page, each ``path`` (a model's folder, a file an error names)
    as its last part, the name, not where this machine keeps it."""
    if _may_name_files(request):
        return to_json
    return lambda value: _names_only(to_json(value))


def _names_only(data: Any) -> Any:
    if isinstance(data, dict):
        return {
            k: PurePath(v).name if k == "path" and isinstance(v, str) else _names_only(v)
            for k, v in data.items()
        }
    if isinstance(data, list):
        return [_names_only(v) for v in data]
    return data


def _sse(kind: str, data: Any) -> bytes:
    return f"event: {kind}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n".encode()


async def _stream(request: Request, job: Job) -> AsyncIterator[bytes]:
    getter: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
    shown = _shown_to(request)
    try:
        yield _sse("job", {"id": job.id})
        while True:
            getter = asyncio.ensure_future(job.events.get())
            await asyncio.wait({getter, job.outcome}, return_when=asyncio.FIRST_COMPLETED)
            if getter.done():
                yield _sse("event", shown(getter.result()))
                continue
            getter.cancel()
            while not job.events.empty():
                yield _sse("event", shown(job.events.get_nowait()))
            break
        error = job.outcome.exception()
        if error is None:
            yield _sse("result", shown(job.outcome.result()))
        elif isinstance(error, EngineError):
            yield _sse("error", shown(error))
        else:
            yield _sse("error", to_json(EngineError("Internal error")))
    finally:
        getter.cancel()


@guarded
async def list_jobs(request: Request) -> Response:
    _authorized(request)
    mine = owner(request)
    return JSONResponse(
        [
            {"id": job.id, "kind": job.kind, "state": job.state}
            for job in state(request).jobs.values()
            if job.owner == mine
        ]
    )


@guarded
async def cancel_job(request: Request) -> Response:
    _authorized(request)
    job = state(request).jobs.get(str(request.path_params["job"]))
    if job is None or job.owner != owner(request):  # another key's job is none of its business
        raise HTTPException(404, "No such job (it may have ended)")
    job.cancel.cancel()
    return Response(status_code=204)


ROUTES = [
    Route("/v1/jobs", create_job, methods=["POST"]),
    Route("/v1/jobs", list_jobs, methods=["GET"]),
    Route("/v1/jobs/{job}", cancel_job, methods=["DELETE"]),
]
