"""OpenAI's chat routes with the real ``openai`` client: models, a completion, a stream, errors.

The backend here is a test double (it replies with the user's words reversed, streaming them
as ``PartialText``), so what is tested is the routes: shapes, streaming deltas, keys, errors,
cancel. The engine's own backend (``EngineChat``) with a real model is tested in
``test_server_chat_engine.py``."""

from __future__ import annotations

import concurrent.futures
import json
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import openai
import pytest

from engine.api import PartialText
from engine.errors import InputError
from engine.options import CancelToken
from engine.server import ChatCompletionRequest, ChatReply, Server
from engine.server.common import clean_text
from tests.server_helpers import http, options, serve, wait_for


class ReversingChat:
    """Replies with the last message's words reversed. "refuse" is refused before a word is
    generated (as the engine refuses too long a prompt); "hold" waits for ``release``."""

    def __init__(self) -> None:
        self.requests: list[ChatCompletionRequest] = []
        self.holding = threading.Semaphore(0)
        self.release = threading.Event()

    def models(self) -> Sequence[str]:
        return ["tiny-chat"]

    def other_model(self, name: str) -> bool:
        return name == "opus-mt-en-de"

    def complete(
        self, engine: Any, request: ChatCompletionRequest, report: Any, cancel: CancelToken
    ) -> ChatReply:
        self.requests.append(request)
        if request.messages[-1].content == "refuse":
            raise InputError(  # (the engine's words and id for it)
                "The conversation is too long for the model",
                message_id="instruct.prompt_too_long",
            )
        if request.messages[-1].content == "hold":
            self.holding.release()
            while not self.release.wait(0.005):
                cancel.check()
        words = request.messages[-1].content.split()[::-1]
        text = ""
        for word in words:
            cancel.check()
            text = f"{text} {word}".strip()
            report(PartialText(text))
        return ChatReply(text, prompt_tokens=7, completion_tokens=len(words))


@pytest.fixture
def backend() -> ReversingChat:
    return ReversingChat()


@pytest.fixture
def server(
    quire_home: Path, backend: ReversingChat, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Server]:
    for name in (
        "http_proxy",
        "https_proxy",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "all_proxy",
    ):
        monkeypatch.delenv(name, raising=False)
    served = serve(quire_home, chat=backend, api_keys=("sk-local",))
    yield served
    served.stop()


def client(server: Server, key: str = "sk-local") -> openai.OpenAI:
    return openai.OpenAI(base_url=server.url + "v1", api_key=key, max_retries=0, timeout=120)


def test_models_and_a_completion(server: Server, backend: ReversingChat) -> None:
    with client(server) as api:
        assert [m.id for m in api.models.list()] == ["tiny-chat"]
        reply = api.chat.completions.create(
            model="tiny-chat",
            messages=[
                {"role": "system", "content": "Be brief."},
                {"role": "user", "content": "one two three"},
            ],
            max_tokens=20,
            temperature=0.2,
        )
    assert reply.object == "chat.completion" and reply.model == "tiny-chat"
    assert reply.choices[0].message.role == "assistant"
    assert reply.choices[0].message.content == "three two one"
    assert reply.choices[0].finish_reason == "stop"
    assert reply.usage is not None and reply.usage.total_tokens == 10
    sent = backend.requests[-1]
    assert [m.role for m in sent.messages] == ["system", "user"]
    assert (sent.max_tokens, sent.temperature) == (20, 0.2)


def test_streaming_sends_deltas(server: Server) -> None:
    with client(server) as api:
        raw = api.chat.completions.with_raw_response.create(
            model="tiny-chat",
            messages=[{"role": "user", "content": "a b c d"}],
            stream=True,
        )
        assert raw.headers["cache-control"] == "no-cache"  # no proxy holds the events back
        chunks = list(raw.parse())
    assert chunks[0].choices[0].delta.role == "assistant"
    text = "".join(c.choices[0].delta.content or "" for c in chunks)
    assert text == "d c b a"
    assert sum(1 for c in chunks if c.choices[0].delta.content) >= 2  # streamed, not in one go
    assert chunks[-1].choices[0].finish_reason == "stop"


def test_errors_in_openai_shapes(server: Server) -> None:
    with client(server) as api:
        with pytest.raises(openai.NotFoundError) as missing:
            api.chat.completions.create(model="gpt-9", messages=[{"role": "user", "content": "x"}])
        assert "gpt-9" in str(missing.value)
        with pytest.raises(openai.BadRequestError):
            api.chat.completions.create(model="tiny-chat", messages=[])
    with client(server, "sk-wrong") as api, pytest.raises(openai.AuthenticationError) as denied:
        api.models.list()
    # OpenAI's own fields: the SDK's ``code`` is what clients branch on.
    assert denied.value.code == "invalid_api_key" and denied.value.param is None
    # A route Quire does not serve answers as OpenAI would, so the SDK reads the message.
    with client(server) as api, pytest.raises(openai.NotFoundError) as unserved:
        api.embeddings.create(model="tiny-chat", input="x")
    assert isinstance(unserved.value.body, dict) and unserved.value.body.get("message")
    own = http.delete(
        server.url + "v1/jobs/nothing-such", headers={"Authorization": "Bearer sk-local"}
    )
    assert own.status_code == 404 and isinstance(own.json()["error"], str)  # Quire's own shape


def test_without_a_chat_model(quire_home: Path) -> None:
    """A translator asked to chat was said not to exist, though `quire models list` shows it;
    now the answer says it is no chat model."""
    from engine.engine import Engine
    from tests.fixtures.builder import exported

    Engine(options(quire_home)).import_model(exported("marian"), "opus-mt-en-de")
    served = serve(quire_home)
    try:
        assert http.get(served.url + "v1/models").json() == {"object": "list", "data": []}
        for name, words in (
            ("any", "The model 'any' does not exist"),
            ("opus-mt-en-de", "The model 'opus-mt-en-de' is installed but is no chat model"),
        ):
            reply = http.post(
                served.url + "v1/chat/completions",
                json={"model": name, "messages": [{"role": "user", "content": "hi"}]},
            )
            assert reply.status_code == 404
            assert reply.json()["error"]["code"] == "model_not_found"
            assert reply.json()["error"]["message"].startswith(words)
    finally:
        served.stop()


def _post(server: Server, body: dict[str, Any], **kwargs: Any) -> Any:
    return http.post(
        server.url + "v1/chat/completions",
        json=body,
        headers={"Authorization": "Bearer sk-local"},
        **kwargs,
    )


def _asks(text: str = "a b", **params: Any) -> dict[str, Any]:
    return {"model": "tiny-chat", "messages": [{"role": "user", "content": text}], **params}


@pytest.mark.parametrize(
    ("params", "param"),
    [
        ({"max_tokens": "5"}, "max_tokens"),
        ({"max_tokens": 2.5}, "max_tokens"),
        ({"max_tokens": True}, "max_tokens"),
        ({"max_tokens": 0}, "max_tokens"),
        ({"max_completion_tokens": -1}, "max_completion_tokens"),
        ({"temperature": "0.7"}, "temperature"),
        ({"temperature": -1}, "temperature"),
        ({"top_p": "x"}, "top_p"),
        ({"stop": [1, 2]}, "stop"),
        ({"stream": "false"}, "stream"),
        ({"seed": "7"}, "seed"),
        ({"n": 2}, "n"),
        ({"tools": [{"type": "function", "function": {"name": "f"}}]}, "tools"),
        ({"tool_choice": "required"}, "tools"),
        ({"response_format": {"type": "json_object"}}, "response_format"),
        ({"response_format": {"type": "json_schema", "json_schema": {}}}, "response_format"),
        ({"response_format": "json"}, "response_format"),
        ({"logprobs": True}, "logprobs"),
        ({"top_logprobs": 2}, "top_logprobs"),
        # An outside review found these answered in plain text, the request's ask ignored:
        ({"temperature": 5}, "temperature"),  # (OpenAI's range is 0 to 2)
        ({"functions": [{"name": "f", "parameters": {}}]}, "functions"),
        ({"function_call": {"name": "f"}}, "functions"),
        ({"modalities": ["text", "audio"]}, "modalities"),
        ({"audio": {"voice": "alloy", "format": "wav"}}, "modalities"),
        # Silently ignored before (an outside review): refused, or applied below.
        ({"presence_penalty": 1.5}, "presence_penalty"),
        ({"frequency_penalty": 2}, "frequency_penalty"),
        ({"logit_bias": {"50256": -100}}, "logit_bias"),
        ({"top_k": -1}, "top_k"),
        ({"top_k": 2.5}, "top_k"),
        ({"min_p": 2}, "min_p"),
        ({"repetition_penalty": 0}, "repetition_penalty"),
    ],
)
def test_a_wrong_parameter_is_a_400_naming_it(
    server: Server, backend: ReversingChat, params: dict[str, Any], param: str
) -> None:
    reply = _post(server, _asks(**params))
    assert reply.status_code == 400
    error = reply.json()["error"]
    assert (error["type"], error["param"], error["code"]) == ("invalid_request_error", param, None)
    assert error["message"]
    assert backend.requests == []  # refused before the engine saw it


@pytest.mark.parametrize(
    "part",
    [
        {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}},
        {"type": "input_audio", "input_audio": {"data": "UklGRg==", "format": "wav"}},
    ],
)
@pytest.mark.parametrize("with_text", [True, False])
def test_a_message_with_an_image_or_a_sound_is_refused_not_answered_without_it(
    server: Server, backend: ReversingChat, part: dict[str, Any], with_text: bool
) -> None:
    """The model reads text only: an answer that never saw the image would pass for one that
    did (an image alone was said to be "an empty conversation")."""
    text = [{"type": "text", "text": "What is in this picture?"}] if with_text else []
    body = {"model": "tiny-chat", "messages": [{"role": "user", "content": [*text, part]}]}
    reply = _post(server, body)
    assert reply.status_code == 400
    error = reply.json()["error"]
    assert error["param"] == "messages"
    assert error["message"] == f'Only text content is supported, not "{part["type"]}"'
    assert backend.requests == []


def test_the_newer_token_limit_holds_where_both_are_sent(
    server: Server, backend: ReversingChat
) -> None:
    cases: list[tuple[dict[str, Any], int]] = [
        ({"max_completion_tokens": 2, "max_tokens": 10}, 2),
        ({"max_tokens": 10, "max_completion_tokens": 2}, 2),
        ({"max_tokens": 10}, 10),
    ]
    for params, limit in cases:
        assert _post(server, _asks("a b", **params)).status_code == 200
        assert backend.requests[-1].max_tokens == limit


def test_the_sdk_shows_a_wrong_parameters_message(server: Server) -> None:
    with client(server) as api, pytest.raises(openai.BadRequestError) as refused:
        api.chat.completions.create(
            model="tiny-chat", messages=[{"role": "user", "content": "x"}], n=3
        )
    assert "'n' must be 1" in str(refused.value)


def test_seed_reaches_the_backend_and_n_1_tools_none_text_format_are_fine(
    server: Server, backend: ReversingChat
) -> None:
    with client(server) as api:
        api.chat.completions.create(
            model="tiny-chat",
            messages=[{"role": "user", "content": "x"}],
            seed=7,
            n=1,
            tools=[],
            tool_choice="none",
            max_completion_tokens=3,
            response_format={"type": "text"},
            logprobs=False,
        )
    sent = backend.requests[-1]
    assert (sent.seed, sent.max_tokens) == (7, 3)


def test_sampling_parameters_local_servers_take_reach_the_model(
    server: Server, backend: ReversingChat
) -> None:
    """top_k, min_p and repetition_penalty (vLLM's, llama.cpp's) were ignored without a word;
    OpenAI's penalties at their neutral 0 and an empty logit_bias, as clients send them, pass."""
    reply = _post(
        server,
        _asks(
            top_k=40, min_p=0.05, repetition_penalty=1.3, presence_penalty=0,
            frequency_penalty=0.0, logit_bias={},
        ),
    )  # fmt: skip
    assert reply.status_code == 200, reply.text
    sent = backend.requests[-1]
    assert (sent.top_k, sent.min_p, sent.repetition_penalty) == (40, 0.05, 1.3)


def test_roles_as_openai_sends_them(server: Server, backend: ReversingChat) -> None:
    reply = _post(
        server,
        {
            "model": "tiny-chat",
            "messages": [
                {"role": "developer", "content": "Be brief."},
                {"role": "user", "content": "hi"},
                {"role": "assistant", "content": None},
                {"role": "user", "content": "one two"},
            ],
        },
    )
    assert reply.status_code == 200
    sent = backend.requests[-1].messages
    assert [(m.role, m.content) for m in sent] == [
        ("system", "Be brief."),
        ("user", "hi"),
        ("assistant", ""),
        ("user", "one two"),
    ]


@pytest.mark.parametrize(
    "message",
    [
        {"role": "tool", "content": "42", "tool_call_id": "call_1"},
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": "f"}}],
        },
    ],
)
def test_tool_messages_are_refused_clearly(server: Server, message: dict[str, Any]) -> None:
    body = _asks()
    body["messages"].append(message)
    reply = _post(server, body)
    assert reply.status_code == 400
    assert "Tool calling is not supported" in reply.json()["error"]["message"]


def test_a_lone_surrogate_becomes_a_replacement_character(
    server: Server, backend: ReversingChat
) -> None:
    body = json.dumps(_asks("cut \ud83d here"))  # as JavaScript's JSON.stringify sends it
    assert "\\ud83d" in body
    reply = http.post(
        server.url + "v1/chat/completions",
        content=body.encode(),
        headers={"Authorization": "Bearer sk-local", "Content-Type": "application/json"},
    )
    assert reply.status_code == 200
    assert backend.requests[-1].messages[-1].content == "cut \ufffd here"
    assert clean_text("a\udc00b\U0001f600") == "a\ufffdb\U0001f600"


def test_include_usage_sends_a_last_chunk_with_the_usage(server: Server) -> None:
    with client(server) as api:
        chunks = list(
            api.chat.completions.create(
                model="tiny-chat",
                messages=[{"role": "user", "content": "a b c"}],
                stream=True,
                stream_options={"include_usage": True},
            )
        )
    assert chunks[-1].choices == []
    assert chunks[-1].usage is not None and chunks[-1].usage.total_tokens == 10
    assert chunks[-2].choices[0].finish_reason == "stop" and chunks[-2].usage is None
    # On the wire every chunk before the last says "usage": null, as OpenAI's do (typed
    # clients other than Python's SDK require the key).
    reply = _post(server, _asks("a b c", stream=True, stream_options={"include_usage": True}))
    lines = [line for line in reply.text.splitlines() if line.startswith("data: {")]
    bodies = [json.loads(line.removeprefix("data: ")) for line in lines]
    assert all("usage" in b and b["usage"] is None for b in bodies[:-1]) and len(bodies) > 2
    assert bodies[-1]["usage"]["total_tokens"] == 10


def test_a_stream_refused_before_its_first_word_is_a_400(server: Server) -> None:
    with client(server) as api, pytest.raises(openai.BadRequestError) as refused:
        api.chat.completions.create(
            model="tiny-chat", messages=[{"role": "user", "content": "refuse"}], stream=True
        )
    assert "too long" in str(refused.value)
    # OpenAI's code for it, which clients test to shorten the conversation and retry.
    assert refused.value.code == "context_length_exceeded"
    assert refused.value.param == "messages"


def test_models_retrieve(server: Server) -> None:
    with client(server) as api:
        assert api.models.retrieve("tiny-chat").id == "tiny-chat"
        with pytest.raises(openai.NotFoundError) as missing:
            api.models.retrieve("gpt-9")
    assert missing.value.code == "model_not_found"


def _openai_shaped(reply: Any, status: int) -> dict[str, Any]:
    assert reply.status_code == status
    error: dict[str, Any] = reply.json()["error"]
    assert set(error) == {"message", "type", "param", "code"} and error["message"]
    return error


_FULL = ["running", "queued"]


def test_every_error_on_openai_routes_is_in_openai_shape(quire_home: Path) -> None:
    backend = ReversingChat()
    served = serve(quire_home, chat=backend, queue_size=1, max_body_bytes=4096)
    try:
        url = served.url + "v1/"
        _openai_shaped(http.get(url + "chat/nothing"), 404)
        _openai_shaped(http.get(url + "chat/completions"), 405)
        _openai_shaped(http.post(url + "models"), 405)
        _openai_shaped(http.post(url + "chat/completions", json=_asks("x" * 5000)), 413)
        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            # One by one: two sent at once could both wait in the one-job queue, the second
            # then refused (429) before the first started.
            held = [pool.submit(http.post, url + "chat/completions", json=_asks("hold"))]
            assert backend.holding.acquire(timeout=30)  # the first runs
            held.append(pool.submit(http.post, url + "chat/completions", json=_asks("hold")))
            wait_for(lambda: [j["state"] for j in http.get(url + "jobs").json()] == _FULL)
            full = http.post(url + "chat/completions", json=_asks("more"))
            error = _openai_shaped(full, 429)
            assert error["code"] == "rate_limit_exceeded" and "retry-after" in full.headers
            backend.release.set()
            assert [h.result().status_code for h in held] == [200, 200]
        assert http.get(served.url + "nothing").json() == {"error": "Not Found"}  # not OpenAI's
    finally:
        backend.release.set()
        served.stop()


def test_openapi_documents_openais_error_object(server: Server) -> None:
    paths = http.get(server.url + "openapi.json").json()["paths"]
    for path, method, status in (
        ("/v1/chat/completions", "post", "400"),
        ("/v1/chat/completions", "post", "429"),
        ("/v1/models/{model}", "get", "404"),
    ):
        answer = paths[path][method]["responses"][status]["content"]["application/json"]
        fields = answer["schema"]["properties"]["error"]["properties"]
        assert set(fields) == {"message", "type", "param", "code"}
