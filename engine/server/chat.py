"""OpenAI's chat API (``/v1/models``, ``/v1/chat/completions``, streaming included) over a
small interface, for when a decoder-only instruction model is installed.

``create_app`` gets a ``ChatBackend``: ``EngineChat`` serves the installed instruction models
through the engine (``quire serve`` and the app's switch pass one); with none, or no such
model, ``/v1/models`` lists nothing and a completion is a 404 in OpenAI's error shape. A
backend reports the reply so far as ``PartialText`` events, as every engine task streams; the
stream sends the growth as deltas.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from engine.api import ChatTurn, Event, GenerateRequest, GenerateResult, PartialText
from engine.errors import EngineError, InputError, ModelNotFound
from engine.options import CancelToken
from engine.server.common import (
    JobStream,
    bearer,
    engine_status,
    guarded,
    key_ok,
    sent_as_json,
    state,
    submit,
    wait,
)
from engine.server.worker import Job, Report
from engine.store.local import ModelStore
from engine.tasks.generate import is_instruct


@dataclass(frozen=True)
class ChatMessage:
    role: str  # system, user, assistant
    content: str


@dataclass(frozen=True)
class ChatCompletionRequest:
    model: str
    messages: tuple[ChatMessage, ...]
    max_tokens: int | None = None
    temperature: float | None = None
    top_p: float | None = None
    stop: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChatReply:
    text: str
    finish_reason: str = "stop"  # or "length"
    prompt_tokens: int = 0
    completion_tokens: int = 0


class ChatBackend(Protocol):
    def models(self) -> Sequence[str]:
        """The installed chat models' names."""
        ...

    def complete(
        self, engine: Any, request: ChatCompletionRequest, report: Report, cancel: CancelToken
    ) -> ChatReply:
        """Runs on the engine worker; reports ``PartialText`` while generating."""
        ...


class EngineChat:
    """The installed instruction models (decoder-only, with a chat template), answered by the
    engine's ``GenerateRequest`` with the whole conversation."""

    def __init__(self, home: Path) -> None:
        self._store = ModelStore(home)

    def models(self) -> Sequence[str]:
        # Reads the store's folders and templates only: no model is loaded to list them.
        return [
            m.name for m in self._store.list() if m.folder is not None and is_instruct(m.folder)
        ]

    def complete(
        self, engine: Any, request: ChatCompletionRequest, report: Report, cancel: CancelToken
    ) -> ChatReply:
        stops = tuple(s for s in request.stop if s)

        def relay(event: Event) -> None:
            if isinstance(event, PartialText):
                event = PartialText(_before_stop(event.text, stops, partial=True))
            report(event)

        result = engine.run(
            GenerateRequest(
                messages=tuple(ChatTurn(m.role, m.content) for m in request.messages),
                model=request.model,
                max_new_tokens=request.max_tokens,
                temperature=request.temperature,
                top_p=request.top_p,
                stop=stops,
            ),
            relay,
            cancel,
        )
        assert isinstance(result, GenerateResult)
        return ChatReply(
            _before_stop(result.text, stops, partial=False),
            finish_reason="length" if result.stopped == "length" else "stop",
            prompt_tokens=result.prompt_tokens,
            completion_tokens=len(result.token_ids),
        )


def _before_stop(text: str, stops: tuple[str, ...], *, partial: bool) -> str:
    """``text`` up to the first stop string (OpenAI's replies leave it out). While streaming
    (``partial``), a tail that may yet become a stop string is held back too, so no delta
    sends what the reply will not contain."""
    if not stops:
        return text
    cut = min((i for i in (text.find(s) for s in stops) if i >= 0), default=len(text))
    text = text[:cut]
    if partial:
        for stop in stops:
            for n in range(min(len(stop) - 1, len(text)), 0, -1):
                if text.endswith(stop[:n]):
                    text = text[:-n]
                    break
    return text


def _error(status: int, message: str, kind: str, code: str | None = None) -> JSONResponse:
    body = {"error": {"message": message, "type": kind, "param": None, "code": code}}
    return JSONResponse(body, status_code=status)


def _backend(request: Request) -> ChatBackend | None:
    found: ChatBackend | None = request.app.state.chat
    return found


def _unauthorized(request: Request) -> Response | None:
    if key_ok(state(request).config, bearer(request)):
        return None
    return _error(401, "Incorrect API key provided", "invalid_request_error", "invalid_api_key")


@guarded
async def list_models(request: Request) -> Response:
    if (refused := _unauthorized(request)) is not None:
        return refused
    backend = _backend(request)
    names = list(backend.models()) if backend is not None else []
    return JSONResponse(
        {
            "object": "list",
            "data": [
                {"id": name, "object": "model", "created": 0, "owned_by": "quire"} for name in names
            ],
        }
    )


def _parse(data: Any) -> ChatCompletionRequest:
    if not isinstance(data, dict):
        raise InputError("The body must be a JSON object")
    messages = data.get("messages")
    if not isinstance(data.get("model"), str) or not isinstance(messages, list) or not messages:
        raise InputError("'model' and a non-empty 'messages' list are required")
    parsed = []
    for message in messages:
        content = message.get("content") if isinstance(message, dict) else None
        if isinstance(content, list):  # content parts: the text ones
            content = "".join(
                p.get("text", "")
                for p in content
                if isinstance(p, dict) and p.get("type") == "text"
            )
        if not isinstance(content, str) or not isinstance(message.get("role"), str):
            raise InputError("Each message needs a 'role' and a text 'content'")
        parsed.append(ChatMessage(message["role"], content))
    stop = data.get("stop") or ()
    return ChatCompletionRequest(
        model=data["model"],
        messages=tuple(parsed),
        max_tokens=data.get("max_tokens") or data.get("max_completion_tokens"),
        temperature=data.get("temperature"),
        top_p=data.get("top_p"),
        stop=(stop,) if isinstance(stop, str) else tuple(stop),
    )


def _unread(_event: Any) -> None:
    pass


@guarded
async def chat_completions(request: Request) -> Response:
    if (refused := _unauthorized(request)) is not None:
        return refused
    if not sent_as_json(request):
        return _error(
            415,
            "Send the request as JSON (Content-Type: application/json)",
            "invalid_request_error",
        )
    try:
        data = json.loads(await request.body() or b"null")
        chat = _parse(data)
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError):
        return _error(400, "Invalid JSON", "invalid_request_error")
    except InputError as exc:
        return _error(400, str(exc), "invalid_request_error")
    backend = _backend(request)
    if backend is None or chat.model not in backend.models():
        return _error(
            404,
            f"The model {chat.model!r} does not exist",
            "invalid_request_error",
            "model_not_found",
        )

    streaming = bool(data.get("stream"))

    def work(engine: Any, report: Report, cancel: CancelToken) -> ChatReply:
        # Without a stream nobody reads the partial replies: do not queue them.
        return backend.complete(engine, chat, report if streaming else _unread, cancel)

    job = submit(request, "chat", work)
    ident, created = f"chatcmpl-{uuid.uuid4().hex}", int(time.time())
    if streaming:
        return JobStream(
            job, _chunks(job, ident, created, chat.model), media_type="text/event-stream"
        )
    try:
        reply: ChatReply = await wait(request, job)
    except EngineError as exc:
        kind = (
            "invalid_request_error"
            if isinstance(exc, (InputError, ModelNotFound))
            else "server_error"
        )
        return _error(engine_status(exc), str(exc), kind)
    return JSONResponse(
        {
            "id": ident,
            "object": "chat.completion",
            "created": created,
            "model": chat.model,
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": reply.text},
                    "finish_reason": reply.finish_reason,
                }
            ],
            "usage": {
                "prompt_tokens": reply.prompt_tokens,
                "completion_tokens": reply.completion_tokens,
                "total_tokens": reply.prompt_tokens + reply.completion_tokens,
            },
        }
    )


async def _chunks(job: Job, ident: str, created: int, model: str) -> AsyncIterator[bytes]:
    def chunk(delta: dict[str, Any], finish: str | None = None) -> bytes:
        body = {
            "id": ident,
            "object": "chat.completion.chunk",
            "created": created,
            "model": model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        }
        return f"data: {json.dumps(body, ensure_ascii=False)}\n\n".encode()

    yield chunk({"role": "assistant", "content": ""})
    sent = ""
    getter: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
    try:
        while True:
            getter = asyncio.ensure_future(job.events.get())
            await asyncio.wait({getter, job.outcome}, return_when=asyncio.FIRST_COMPLETED)
            if not getter.done():
                break
            event = getter.result()
            if (
                isinstance(event, PartialText)
                and event.text.startswith(sent)
                and event.text != sent
            ):
                yield chunk({"content": event.text[len(sent) :]})
                sent = event.text
    finally:
        getter.cancel()
    error = job.outcome.exception()
    if error is not None:
        message = str(error) if isinstance(error, EngineError) else "Internal error"
        body = {"error": {"message": message, "type": "server_error", "param": None, "code": None}}
        yield f"data: {json.dumps(body)}\n\n".encode()
    else:
        reply: ChatReply = job.outcome.result()
        if reply.text.startswith(sent) and reply.text != sent:
            yield chunk({"content": reply.text[len(sent) :]})
        yield chunk({}, reply.finish_reason)
    yield b"data: [DONE]\n\n"


ROUTES = [
    Route("/v1/models", list_models, methods=["GET"]),
    Route("/v1/chat/completions", chat_completions, methods=["POST"]),
]
