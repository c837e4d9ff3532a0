"""OpenAI's chat routes over the engine (``EngineChat``, what ``quire serve`` passes by
default), with a tiny random-weight instruction model installed and the unmodified ``openai``
client: the model is listed, and a reply, streamed or not, is exactly the engine's greedy
``GenerateRequest`` answer to the same conversation."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import cast

import openai
import pytest
from openai.types.chat import ChatCompletionMessageParam

pytest.importorskip("transformers")
pytest.importorskip("optimum.exporters.onnx")
transformers = pytest.importorskip("transformers")

from engine import Engine  # noqa: E402
from engine.api import ChatTurn, GenerateRequest, GenerateResult  # noqa: E402
from engine.errors import InputError  # noqa: E402
from engine.runtime.chat import ChatTemplate  # noqa: E402
from engine.runtime.manifest import load_model_folder  # noqa: E402
from engine.server import EngineChat, Server  # noqa: E402
from tests.fixtures.causal import exported  # noqa: E402
from tests.server_helpers import options, serve  # noqa: E402

MODEL = "tiny-instruct"
CONVERSATION = (
    ChatTurn("system", "You answer in one line."),
    ChatTurn("user", "Where does the river run?"),
    ChatTurn("assistant", "Past the old mill."),
    ChatTurn("user", "And the road beside it?"),
)
NEW = 12


@pytest.fixture
def server(quire_home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Server]:
    for name in (
        "http_proxy",
        "https_proxy",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "all_proxy",
    ):
        monkeypatch.delenv(name, raising=False)
    Engine(options(quire_home)).import_model(exported("qwen2"), MODEL)
    served = serve(quire_home)  # no backend given: the engine's, as `quire serve` has
    yield served
    served.stop()


def _client(server: Server) -> openai.OpenAI:
    return openai.OpenAI(base_url=server.url + "v1", api_key="none", max_retries=0, timeout=300)


def _turns() -> list[dict[str, str]]:
    return [{"role": t.role, "content": t.content} for t in CONVERSATION]


def _messages() -> list[ChatCompletionMessageParam]:
    return cast("list[ChatCompletionMessageParam]", _turns())


def _reference(home: Path) -> GenerateResult:
    result = Engine(options(home)).run(
        GenerateRequest(messages=CONVERSATION, model=MODEL, max_new_tokens=NEW, temperature=0)
    )
    assert isinstance(result, GenerateResult)
    return result


def test_the_installed_instruction_model_answers_as_the_engine_does(
    server: Server, quire_home: Path
) -> None:
    expected = _reference(quire_home)
    assert expected.text  # a reply to compare, not two empty strings
    with _client(server) as api:
        assert [m.id for m in api.models.list()] == [MODEL]
        reply = api.chat.completions.create(
            model=MODEL,
            messages=_messages(),
            max_tokens=NEW,
            temperature=0,
        )
        stream = api.chat.completions.create(
            model=MODEL,
            messages=_messages(),
            max_tokens=NEW,
            temperature=0,
            stream=True,
        )
        chunks = list(stream)
    assert reply.choices[0].message.content == expected.text
    assert reply.choices[0].finish_reason == ("length" if expected.stopped == "length" else "stop")
    assert reply.usage is not None
    assert reply.usage.prompt_tokens == expected.prompt_tokens
    assert reply.usage.completion_tokens == len(expected.token_ids)
    assert "".join(c.choices[0].delta.content or "" for c in chunks) == expected.text
    assert sum(1 for c in chunks if c.choices[0].delta.content) >= 2  # streamed, not in one go
    assert chunks[-1].choices[0].finish_reason == reply.choices[0].finish_reason


def test_a_repetition_penalty_reaches_the_model(server: Server, quire_home: Path) -> None:
    """repetition_penalty (what vLLM and llama.cpp take; OpenAI's penalties are refused) was
    ignored without a word: the reply is the engine's with the same penalty."""
    plain = _reference(quire_home)
    penalised = Engine(options(quire_home)).run(
        GenerateRequest(
            messages=CONVERSATION,
            model=MODEL,
            max_new_tokens=NEW,
            temperature=0,
            repetition_penalty=3.0,
        )
    )
    assert isinstance(penalised, GenerateResult)
    assert penalised.token_ids != plain.token_ids  # (else the test could not tell)
    with _client(server) as api:
        reply = api.chat.completions.create(
            model=MODEL,
            messages=_messages(),
            max_tokens=NEW,
            temperature=0,
            extra_body={"repetition_penalty": 3.0},
        )
    assert reply.choices[0].message.content == penalised.text


def test_a_stop_string_ends_the_reply_before_it(server: Server, quire_home: Path) -> None:
    text = _reference(quire_home).text
    assert len(text) >= 6
    stop = text[3:5]
    expected = text[: text.find(stop)]
    with _client(server) as api:
        reply = api.chat.completions.create(
            model=MODEL,
            messages=_messages(),
            max_tokens=NEW,
            temperature=0,
            stop=[stop],
        )
        stream = api.chat.completions.create(
            model=MODEL,
            messages=_messages(),
            max_tokens=NEW,
            temperature=0,
            stop=[stop],
            stream=True,
        )
        streamed = "".join(c.choices[0].delta.content or "" for c in stream)
    assert reply.choices[0].message.content == expected
    assert reply.choices[0].finish_reason == "stop"
    assert streamed == expected


def test_the_conversation_renders_every_turn_as_transformers_does() -> None:
    folder = load_model_folder(exported("qwen2"))
    template = ChatTemplate.load(folder)
    assert template is not None
    ours = template.render(_turns(), add_generation_prompt=True)
    theirs = transformers.AutoTokenizer.from_pretrained(folder.path).apply_chat_template(
        _turns(), tokenize=False, add_generation_prompt=True
    )
    assert ours == theirs
    for turn in CONVERSATION:
        assert turn.content in ours


def test_models_lists_only_instruction_models(tmp_path: Path, quire_home: Path) -> None:
    engine = Engine(options(quire_home))
    assert list(EngineChat(quire_home).models()) == []
    base = tmp_path / "base"  # the same model without a chat template: not an instruction one
    shutil.copytree(exported("qwen2"), base)
    (base / "chat_template.jinja").unlink()
    config = json.loads((base / "tokenizer_config.json").read_text(encoding="utf-8"))
    config.pop("chat_template", None)
    (base / "tokenizer_config.json").write_text(json.dumps(config), encoding="utf-8")
    engine.import_model(base, "tiny-base")
    assert list(EngineChat(quire_home).models()) == []
    engine.import_model(exported("qwen2"), MODEL)
    assert list(EngineChat(quire_home).models()) == [MODEL]


def test_an_empty_conversation_is_refused(quire_home: Path) -> None:
    with pytest.raises(InputError, match="conversation is empty"):
        Engine(options(quire_home)).run(GenerateRequest(messages=(ChatTurn("user", "  "),)))


def test_a_stream_the_engine_refuses_is_a_400_as_without_a_stream(server: Server) -> None:
    too_long: list[ChatCompletionMessageParam] = [{"role": "user", "content": "hello " * 3000}]
    with _client(server) as api:
        with pytest.raises(openai.BadRequestError) as plain:
            api.chat.completions.create(model=MODEL, messages=too_long, max_tokens=5)
        with pytest.raises(openai.BadRequestError) as streamed:
            api.chat.completions.create(model=MODEL, messages=too_long, max_tokens=5, stream=True)
    assert str(streamed.value) == str(plain.value)


def test_a_huge_temperature_samples_without_a_warning(server: Server, quire_home: Path) -> None:
    """(The chat route takes OpenAI's 0 to 2; the engine, and ``quire generate``, any.)"""
    # filterwarnings = error: numpy's overflow warning would fail the job.
    engine = Engine(options(quire_home))
    asked = GenerateRequest(
        messages=CONVERSATION, model=MODEL, max_new_tokens=3, temperature=1e308, seed=1
    )
    reply, again = engine.run(asked), engine.run(asked)
    assert isinstance(reply, GenerateResult) and isinstance(again, GenerateResult)
    assert reply.token_ids == again.token_ids  # seeded
    with _client(server) as api, pytest.raises(openai.BadRequestError) as refused:
        api.chat.completions.create(model=MODEL, messages=_messages(), temperature=2.5)
    assert refused.value.param == "temperature"
