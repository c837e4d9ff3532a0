"""OpenAI's chat routes with the real ``openai`` client: models, a completion, a stream, errors.

The backend here is a test double (it replies with the user's words reversed, streaming them
as ``PartialText``), so what is tested is the routes: shapes, streaming deltas, keys, errors,
cancel. The engine's own backend (``EngineChat``) with a real model is tested in
``test_server_chat_engine.py``."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import openai
import pytest

from engine.api import PartialText
from engine.options import CancelToken
from engine.server import ChatCompletionRequest, ChatReply, Server
from tests.server_helpers import http, serve


class ReversingChat:
    def __init__(self) -> None:
        self.requests: list[ChatCompletionRequest] = []

    def models(self) -> Sequence[str]:
        return ["tiny-chat"]

    def complete(
        self, engine: Any, request: ChatCompletionRequest, report: Any, cancel: CancelToken
    ) -> ChatReply:
        self.requests.append(request)
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
        stream = api.chat.completions.create(
            model="tiny-chat",
            messages=[{"role": "user", "content": "a b c d"}],
            stream=True,
        )
        chunks = list(stream)
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
    with client(server, "sk-wrong") as api, pytest.raises(openai.AuthenticationError):
        api.models.list()


def test_without_a_chat_model(quire_home: Path) -> None:
    served = serve(quire_home)
    try:
        assert http.get(served.url + "v1/models").json() == {"object": "list", "data": []}
        reply = http.post(
            served.url + "v1/chat/completions",
            json={"model": "any", "messages": [{"role": "user", "content": "hi"}]},
        )
        assert reply.status_code == 404
        assert reply.json()["error"]["code"] == "model_not_found"
    finally:
        served.stop()
