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
import math
import time
import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import anyio.to_thread
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from engine.api import ChatTurn, Event, GenerateRequest, GenerateResult, PartialText
from engine.errors import EngineError, InputError, ModelNotFound
from engine.options import CancelToken
from engine.server.common import (
    ClientGone,
    JobStream,
    bearer,
    body_json,
    clean_text,
    disconnected,
    engine_status,
    guarded,
    key_ok,
    openai_error,
    sent_as_json,
    state,
    submit,
    wait,
)
from engine.server.worker import Job, Report
from engine.store.local import ModelStore
from engine.tasks.generate import is_instruct, valid_temperature


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
    # (not OpenAI's: what vLLM, llama.cpp and LM Studio take beside it)
    top_k: int | None = None
    min_p: float | None = None
    repetition_penalty: float | None = None
    stop: tuple[str, ...] = ()
    seed: int | None = None
    stream: bool = False
    include_usage: bool = False  # stream_options: a last chunk with the usage


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

    def other_model(self, name: str) -> bool:
        """Whether ``name`` is an installed model that is not a chat model (a translator)."""
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

    def other_model(self, name: str) -> bool:
        found = next((m for m in self._store.list() if m.name == name), None)
        return found is not None and (found.folder is None or not is_instruct(found.folder))

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
                top_k=request.top_k,
                min_p=request.min_p,
                repetition_penalty=request.repetition_penalty,
                stop=stops,
                seed=request.seed,
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


def _backend(request: Request) -> ChatBackend | None:
    found: ChatBackend | None = request.app.state.chat
    return found


def _unauthorized(request: Request) -> Response | None:
    if key_ok(state(request).config, bearer(request)):
        return None
    return openai_error(
        401, "Incorrect API key provided", "invalid_request_error", code="invalid_api_key"
    )


def _model(name: str) -> dict[str, Any]:
    return {"id": name, "object": "model", "created": 0, "owned_by": "quire"}


async def _model_names(request: Request) -> list[str]:
    """The models the backend serves, read off the event loop (the store is a folder)."""
    backend = _backend(request)
    if backend is None:
        return []
    return await anyio.to_thread.run_sync(lambda: list(backend.models()))


@guarded
async def list_models(request: Request) -> Response:
    if (refused := _unauthorized(request)) is not None:
        return refused
    return JSONResponse(
        {"object": "list", "data": [_model(n) for n in await _model_names(request)]}
    )


@guarded
async def retrieve_model(request: Request) -> Response:
    if (refused := _unauthorized(request)) is not None:
        return refused
    name: str = request.path_params["model"]
    if name not in await _model_names(request):
        return _no_model(name, None)
    return JSONResponse(_model(name))


class BadParam(InputError):
    """A request's parameter that is missing or of the wrong type, named for OpenAI's
    ``param``."""

    def __init__(self, message: str, param: str | None) -> None:
        super().__init__(message)
        self.param = param


ROLES = {"system": "system", "developer": "system", "user": "user", "assistant": "assistant"}


def _number(data: dict[str, Any], name: str, *, whole: bool = False) -> Any:
    """``data[name]`` if it is a number (a whole one if ``whole``) or absent; JSON's true and
    false are not numbers here, though Python's bool is an int."""
    value = data.get(name)
    if value is None:
        return None
    kinds: tuple[type, ...] = (int,) if whole else (int, float)
    if isinstance(value, bool) or not isinstance(value, kinds):
        kind = "an integer" if whole else "a number"
        raise BadParam(f"'{name}' must be {kind}, not {json.dumps(value)[:40]}", name)
    return value


def _messages(messages: list[Any]) -> tuple[ChatMessage, ...]:
    parsed = []
    for message in messages:
        if not isinstance(message, dict) or not isinstance(message.get("role"), str):
            raise BadParam("Each message needs a 'role' and a text 'content'", "messages")
        role = message["role"]
        if role == "tool" or message.get("tool_calls"):
            raise BadParam("Tool calling is not supported", "messages")
        if role not in ROLES:
            raise BadParam(f"Unknown role {role[:40]!r}", "messages")
        content = message.get("content")
        if content is None:  # as OpenAI allows (an assistant turn without words)
            content = ""
        if isinstance(content, list):  # content parts: text only
            other = next(
                (p.get("type") for p in content if isinstance(p, dict) and p.get("type") != "text"),
                None,
            )
            if other is not None:  # an image or a sound the model would never see
                raise BadParam(
                    f"Only text content is supported, not {json.dumps(other)[:40]}", "messages"
                )
            content = "".join(p.get("text", "") for p in content if isinstance(p, dict))
        if not isinstance(content, str):
            raise BadParam("Each message needs a 'role' and a text 'content'", "messages")
        parsed.append(ChatMessage(ROLES[role], clean_text(content)))
    return tuple(parsed)


def _parse(data: Any) -> ChatCompletionRequest:
    """The request, checked as OpenAI checks it: a wrong type or an unsupported option is the
    client's error (400 naming the parameter), not a 500 from deep in the engine."""
    if not isinstance(data, dict):
        raise BadParam("The body must be a JSON object", None)
    messages = data.get("messages")
    if not isinstance(data.get("model"), str):
        raise BadParam("'model' is required", "model")
    if not isinstance(messages, list) or not messages:
        raise BadParam("A non-empty 'messages' list is required", "messages")
    if data.get("tools") or data.get("tool_choice") not in (None, "none", "auto"):
        raise BadParam("Tool calling is not supported", "tools")
    if data.get("functions") or data.get("function_call") not in (None, "none", "auto"):
        raise BadParam("Function calling is not supported", "functions")
    modalities = data.get("modalities")
    if data.get("audio") is not None or (modalities is not None and modalities != ["text"]):
        raise BadParam("Only text answers are supported: 'modalities' must be [\"text\"]",
                       "modalities")  # fmt: skip
    stream = data.get("stream")
    if stream is not None and not isinstance(stream, bool):
        raise BadParam("'stream' must be true or false", "stream")
    options = data.get("stream_options")
    if options is not None and not isinstance(options, dict):
        raise BadParam("'stream_options' must be an object", "stream_options")
    if _number(data, "n", whole=True) not in (None, 1):
        raise BadParam("Only one choice is supported: 'n' must be 1", "n")
    # What the answer could not honour is refused, not ignored: a client that asked for JSON
    # or for log probabilities would otherwise take a plain answer for what it asked for.
    response_format = data.get("response_format")
    if response_format is not None and (
        not isinstance(response_format, dict) or response_format.get("type") != "text"
    ):
        kind = response_format.get("type") if isinstance(response_format, dict) else None
        raise BadParam(
            f"Only plain text answers are supported: 'response_format' {json.dumps(kind)[:40]} "
            "would need output constrained to JSON, which Quire's local models do not do",
            "response_format",
        )
    for name in ("logprobs", "top_logprobs"):
        if data.get(name) not in (None, False, 0):
            raise BadParam(f"'{name}' is not supported: answers carry no log probabilities", name)
    limit = None
    # (max_tokens is OpenAI's older name: where both are sent, the newer one holds)
    for name in ("max_tokens", "max_completion_tokens"):
        value = _number(data, name, whole=True)
        if value is not None and value < 1:
            raise BadParam(f"'{name}' must be 1 or more", name)
        limit = value if value is not None else limit
    temperature = _number(data, "temperature")
    if temperature is not None and not (valid_temperature(temperature) and temperature <= 2):
        raise BadParam("'temperature' must be between 0 and 2", "temperature")
    top_p = _number(data, "top_p")
    if top_p is not None and not 0 <= top_p <= 1:
        raise BadParam("'top_p' must be between 0 and 1", "top_p")
    top_k = _number(data, "top_k", whole=True)
    if top_k is not None and top_k < 0:
        raise BadParam("'top_k' must be 0 (off) or more", "top_k")
    min_p = _number(data, "min_p")
    if min_p is not None and not 0 <= min_p <= 1:
        raise BadParam("'min_p' must be between 0 and 1", "min_p")
    repetition_penalty = _number(data, "repetition_penalty")
    if repetition_penalty is not None and not 0 < repetition_penalty < math.inf:
        raise BadParam("'repetition_penalty' must be above 0 (1: none)", "repetition_penalty")
    # Refused, not ignored: set against a small model's repetition loops, they would do
    # nothing and say nothing (repetition_penalty is what these models take).
    for name in ("presence_penalty", "frequency_penalty"):
        if _number(data, name) not in (None, 0):
            raise BadParam(
                f"'{name}' is not supported: give 'repetition_penalty' (above 1 to repeat less)",
                name,
            )
    if data.get("logit_bias") not in (None, {}):
        raise BadParam("'logit_bias' is not supported", "logit_bias")
    seed = _number(data, "seed", whole=True)
    stop = data.get("stop") or ()
    stops = (stop,) if isinstance(stop, str) else stop
    if not isinstance(stops, list | tuple) or not all(isinstance(s, str) for s in stops):
        raise BadParam("'stop' must be a string or a list of strings", "stop")
    return ChatCompletionRequest(
        model=data["model"],
        messages=_messages(messages),
        max_tokens=limit,
        temperature=temperature,
        top_p=top_p,
        top_k=top_k,
        min_p=min_p,
        repetition_penalty=repetition_penalty,
        stop=tuple(clean_text(s) for s in stops),
        seed=None if seed is None else seed % 2**64,  # numpy's generators take no negative seed
        stream=bool(stream),
        include_usage=bool((options or {}).get("include_usage")),
    )


def _unread(_event: Any) -> None:
    pass


@guarded
async def chat_completions(request: Request) -> Response:
    if (refused := _unauthorized(request)) is not None:
        return refused
    if not sent_as_json(request):
        return openai_error(
            415,
            "Send the request as JSON (Content-Type: application/json)",
            "invalid_request_error",
        )
    try:
        chat = _parse(await body_json(request))
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError):
        return openai_error(400, "Invalid JSON")
    except BadParam as exc:
        return openai_error(400, str(exc), param=exc.param)
    backend = _backend(request)
    if backend is None or chat.model not in backend.models():
        return _no_model(chat.model, "model", backend)

    def work(engine: Any, report: Report, cancel: CancelToken) -> ChatReply:
        # Without a stream nobody reads the partial replies: do not queue them.
        return backend.complete(engine, chat, report if chat.stream else _unread, cancel)

    job = submit(request, "chat", work, len(await request.body()))
    ident, created = f"chatcmpl-{uuid.uuid4().hex}", int(time.time())
    try:
        if chat.stream:
            # A stream starts (200) with the reply's first words: a request the engine refuses
            # before it generates (too long a prompt, a template that fails) is a 400 as
            # without a stream, decided before the headers are sent.
            first = await _first_text(request, job)
            chunks = _chunks(job, first, ident, created, chat)
            return JobStream(
                job, chunks, media_type="text/event-stream", headers={"Cache-Control": "no-cache"}
            )
        reply: ChatReply = await wait(request, job)
    except EngineError as exc:
        return _engine_error(exc)
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
            "usage": _usage(reply),
        }
    )


def _no_model(name: str, param: str | None, backend: ChatBackend | None = None) -> Response:
    if backend is not None and backend.other_model(name):
        message = (
            f"The model {name!r} is installed but is no chat model: chat needs an instruction "
            "model (decoder-only, with a chat template); GET /v1/models lists those installed"
        )
    else:
        message = f"The model {name!r} does not exist"
    return openai_error(404, message, param=param, code="model_not_found")


def _engine_error(exc: EngineError) -> Response:
    kind = (
        "invalid_request_error" if isinstance(exc, (InputError, ModelNotFound)) else "server_error"
    )
    too_long = exc.message_id == "instruct.prompt_too_long"
    code, param = ("context_length_exceeded", "messages") if too_long else (None, None)
    return openai_error(engine_status(exc), str(exc), kind, param=param, code=code)


def _usage(reply: ChatReply) -> dict[str, int]:
    return {
        "prompt_tokens": reply.prompt_tokens,
        "completion_tokens": reply.completion_tokens,
        "total_tokens": reply.prompt_tokens + reply.completion_tokens,
    }


async def _first_text(request: Request, job: Job) -> PartialText | None:
    """The job's first ``PartialText`` (None: it ended without one); its error if it fails
    first. Waits as ``wait`` does: a client that leaves cancels the job."""
    gone = asyncio.ensure_future(disconnected(request))
    getter: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
    try:
        while True:
            getter = asyncio.ensure_future(job.events.get())
            await asyncio.wait({getter, job.outcome, gone}, return_when=asyncio.FIRST_COMPLETED)
            if getter.done():
                if isinstance(event := getter.result(), PartialText):
                    return event
                continue
            getter.cancel()
            if job.outcome.done():
                while not job.events.empty():
                    if isinstance(event := job.events.get_nowait(), PartialText):
                        return event
                job.outcome.result()  # raises its error
                return None
            job.cancel.cancel()
            raise ClientGone()
    finally:
        getter.cancel()
        gone.cancel()


async def _chunks(
    job: Job, first: PartialText | None, ident: str, created: int, chat: ChatCompletionRequest
) -> AsyncIterator[bytes]:
    def chunk(delta: dict[str, Any], finish: str | None = None) -> bytes:
        body = {
            "id": ident,
            "object": "chat.completion.chunk",
            "created": created,
            "model": chat.model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        }
        if chat.include_usage:  # (null on every chunk but the last, as OpenAI sends it)
            body["usage"] = None
        return f"data: {json.dumps(body, ensure_ascii=False)}\n\n".encode()

    yield chunk({"role": "assistant", "content": ""})
    sent = ""
    if first is not None and first.text:
        yield chunk({"content": first.text})
        sent = first.text
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
        if chat.include_usage:
            usage = {
                "id": ident,
                "object": "chat.completion.chunk",
                "created": created,
                "model": chat.model,
                "choices": [],
                "usage": _usage(reply),
            }
            yield f"data: {json.dumps(usage)}\n\n".encode()
    yield b"data: [DONE]\n\n"


ROUTES = [
    Route("/v1/models", list_models, methods=["GET"]),
    # Model names may hold a slash (an organisation's): the path's rest is the name.
    Route("/v1/models/{model:path}", retrieve_model, methods=["GET"]),
    Route("/v1/chat/completions", chat_completions, methods=["POST"]),
]
