"""``quire generate``: the exact CLI contract, its ids against transformers on the same weights,
the chat wrapping, streaming to stdout, seeded sampling and the engine's events."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")
pytest.importorskip("optimum.exporters.onnx")

from engine import Engine, EngineOptions  # noqa: E402
from engine.api import Event, GenerateRequest, GenerateResult, PartialText  # noqa: E402
from engine.cli.main import main  # noqa: E402
from engine.errors import InputError  # noqa: E402
from tests.fixtures.causal import (  # noqa: E402
    checkpoint,
    exported,
    reference,
    with_chat_template,
)

PROMPT = "The committee approved the budget after"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _reference(family: str, ids: list[int], new: int) -> list[int]:
    model = reference(family)
    with torch.no_grad():
        out = model.generate(torch.tensor([ids]), max_new_tokens=new, do_sample=False)
    row: list[int] = out[0, len(ids) :].tolist()
    eos = model.generation_config.eos_token_id
    for i, t in enumerate(row):
        if t in eos:
            return row[: i + 1]
    return row


def _prompt_file(tmp_path: Path, text: str = PROMPT) -> Path:
    src = tmp_path / "prompt.txt"
    src.write_text(text, encoding="utf-8")
    return src


def test_json_has_exactly_the_contract_fields_and_transformers_ids(
    tmp_path: Path, quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = exported("llama")
    code, out, _ = _run(
        capsys,
        "generate",
        "--model",
        str(folder),
        "--max-new-tokens",
        "12",
        "--dtype",
        "fp32",
        "--json",
        str(_prompt_file(tmp_path)),
    )
    assert code == 0
    doc = json.loads(out)
    assert {"text", "token_ids", "model", "variant", "device", "tokens_per_second"} <= set(doc)
    assert (doc["model"], doc["variant"], doc["device"]) == ("llama", "fp32", "cpu")
    tok = transformers.AutoTokenizer.from_pretrained(checkpoint("llama"))
    ids = tok(PROMPT)["input_ids"]  # with the BOS token, as the tokenizer adds it
    assert doc["token_ids"] == _reference("llama", ids, 12)
    assert doc["text"] == tok.decode(doc["token_ids"], skip_special_tokens=True)
    assert doc["tokens_per_second"] >= 0
    # And what every command's --json has (an outside review found them missing here): the
    # file, the backend and its fallbacks, the text input's encoding.
    assert doc["file"] == str(_prompt_file(tmp_path)) and doc["backend"] == "onnx"
    assert all({"wanted", "got", "reason"} == set(f) for f in doc["fallbacks"])
    assert doc["encoding"]["detected"] == "utf-8"


def test_chat_wraps_the_input_as_one_user_message(
    tmp_path: Path, quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    family = "qwen2"
    code, out, _ = _run(
        capsys,
        "generate",
        "--model",
        str(exported(family)),
        "--chat",
        "--max-new-tokens",
        "10",
        "--dtype",
        "fp32",
        "--json",
        str(_prompt_file(tmp_path)),
    )
    assert code == 0
    tok = transformers.AutoTokenizer.from_pretrained(checkpoint(family))
    ids = tok.apply_chat_template(
        [{"role": "user", "content": PROMPT}], add_generation_prompt=True, tokenize=True
    )
    assert json.loads(out)["token_ids"] == _reference(family, list(ids), 10)


def test_text_mode_streams_the_completion(
    tmp_path: Path, quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = _prompt_file(tmp_path)
    args = [
        "generate",
        "--model",
        str(exported("phi3")),
        "--max-new-tokens",
        "9",
        "--dtype",
        "fp32",
    ]
    code, text_out, _ = _run(capsys, *args, str(src))
    assert code == 0
    _code, json_out, _ = _run(capsys, *args, "--json", str(src))
    assert text_out == json.loads(json_out)["text"] + "\n"


def test_seeded_sampling_is_reproducible_from_the_cli(
    tmp_path: Path, quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = _prompt_file(tmp_path)

    def ids(seed: str) -> list[int]:
        code, out, _ = _run(
            capsys,
            "generate",
            "--model",
            str(exported("gemma2")),
            "--max-new-tokens",
            "16",
            "--temperature",
            "1.3",
            "--seed",
            seed,
            "--json",
            str(src),
        )
        assert code == 0
        result: list[int] = json.loads(out)["token_ids"]
        return result

    assert ids("11") == ids("11")
    assert ids("11") != ids("12")


def test_seed_without_temperature_is_a_usage_error(
    tmp_path: Path, quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(
        capsys,
        "generate",
        "--model",
        str(exported("llama")),
        "--seed",
        "1",
        str(_prompt_file(tmp_path)),
    )
    assert code == 2 and "quire generate: error: --seed is for sampling" in err
    code, _, err = _run(
        capsys, "generate", "--model", str(exported("llama")), "--temperature", "0", "--seed",
        "1", str(_prompt_file(tmp_path)),
    )  # fmt: skip
    assert code == 2 and "--temperature 0 is greedy, with nothing to seed" in err


@pytest.mark.parametrize("value", ["nan", "inf", "-1"])
def test_a_temperature_that_is_not_a_number_from_zero_up_is_refused(
    value: str, tmp_path: Path, quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(
        capsys,
        "generate",
        "--model",
        str(exported("llama")),
        f"--temperature={value}",
        "--seed",
        "2",
        str(_prompt_file(tmp_path)),
    )
    assert code == 2 and "--temperature must be 0 (greedy) or more" in err and out == ""
    engine = Engine(EngineOptions(home=quire_home, dtype="fp32"))
    with pytest.raises(InputError, match="temperature must be 0"):
        engine.run(
            GenerateRequest(prompt=PROMPT, model=str(exported("llama")), temperature=float(value))
        )


# The llama fixture's completion of this prompt holds characters whose bytes span tokens.
SPLIT_PROMPT = "Hello there, how are you?"


def test_streamed_text_always_begins_the_final_text(quire_home: Path) -> None:
    """A character whose bytes span tokens decodes as U+FFFD until its last token comes: the
    partial texts hold it back, so each begins the next and the final text (a terminal that
    printed the U+FFFD could not take it back)."""
    import tokenizers

    folder = exported("llama")
    engine = Engine(EngineOptions(home=quire_home, dtype="fp32"))
    events: list[Event] = []
    request = GenerateRequest(prompt=SPLIT_PROMPT, model=str(folder), max_new_tokens=48)
    result = engine.run(request, events.append)
    assert isinstance(result, GenerateResult)
    decoder = tokenizers.Tokenizer.from_file(str(folder / "tokenizer.json"))
    ids = list(result.token_ids)
    # The case is there: some prefix of the ids decodes to text the whole does not begin with.
    assert any(not result.text.startswith(decoder.decode(ids[:k])) for k in range(len(ids)))
    partial = [e.text for e in events if isinstance(e, PartialText)]
    assert len(partial) == len(ids)
    for before, after in zip(partial, [*partial[1:], result.text], strict=True):
        assert after.startswith(before)


def test_text_mode_prints_the_completion_once_on_a_terminal_and_into_a_pipe(
    tmp_path: Path,
    quire_home: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sys

    src = _prompt_file(tmp_path, SPLIT_PROMPT)
    args = ["generate", "--model", str(exported("llama")), "--max-new-tokens", "48"]
    _code, json_out, _ = _run(capsys, *args, "--json", str(src))
    expected = json.loads(json_out)["text"] + "\n"
    code, piped, _ = _run(capsys, *args, str(src))
    assert code == 0 and piped == expected
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    code, streamed, _ = _run(capsys, *args, str(src))
    assert code == 0 and streamed == expected


def test_a_completion_stops_where_the_models_positions_end(
    tmp_path: Path, quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Prompt and new tokens over the context: the completion stops at the context's end
    (``stopped: length``), is printed, and a note says why it is shorter; a prompt that fills
    the context is refused up front with its own length."""
    import tokenizers

    folder = exported("qwen2")
    positions = json.loads((folder / "config.json").read_text(encoding="utf-8"))[
        "max_position_embeddings"
    ]
    tok = tokenizers.Tokenizer.from_file(str(folder / "tokenizer.json"))
    words = "The quick brown fox jumps over the lazy dog. "
    text = words * ((positions - 20) // len(tok.encode(words).ids))
    length = len(tok.encode(text).ids)
    assert positions - 40 < length < positions - 5
    src = _prompt_file(tmp_path, text)
    code, out, err = _run(
        capsys, "generate", "--model", str(folder), "--max-new-tokens", "100", "--json", str(src)
    )
    assert code == 0, err
    doc = json.loads(out)
    assert doc["stopped"] == "length" and len(doc["token_ids"]) == positions - length
    # Fewer tokens than asked for: said why, on stderr.
    assert (
        f"note: Stopped after {positions - length} new tokens: {folder.name} reads at most "
        f"{positions} tokens, and the prompt took {length}"
    ) in err
    code, out, err = _run(
        capsys, "generate", "--model", str(folder), "--max-new-tokens", "2", "--json", str(src)
    )
    assert code == 0 and json.loads(out)["stopped"] == "length"
    assert "Stopped after" not in err  # the length asked for: nothing to explain
    code, out, err = _run(
        capsys, "generate", "--model", str(folder), str(_prompt_file(tmp_path, text * 3))
    )
    assert code == 1 and out == ""
    assert f"The prompt is {len(tok.encode(text * 3).ids)} tokens long" in err
    assert f"reads at most {positions}" in err


def test_an_encoder_model_is_refused_clearly(
    tmp_path: Path, quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.fixtures.builder import exported as exported_seq2seq

    code, _, err = _run(
        capsys,
        "generate",
        "--model",
        str(exported_seq2seq("bert-cls")),
        str(_prompt_file(tmp_path)),
    )
    assert code == 1 and "not a decoder-only language model" in err


def test_engine_streams_partial_text_and_picks_an_installed_instruct_model(
    quire_home: Path,
) -> None:
    engine = Engine(EngineOptions(home=quire_home, dtype="fp32"))
    engine.import_model(exported("qwen3"), "tiny-qwen3")
    events: list[Event] = []
    result = engine.run(GenerateRequest(prompt=PROMPT, chat=True, max_new_tokens=8), events.append)
    assert isinstance(result, GenerateResult) and result.model.name == "tiny-qwen3"
    partial = [e.text for e in events if isinstance(e, PartialText)]
    assert len(partial) == len(result.token_ids) and result.text.startswith(partial[-1])
    assert partial[-1] == result.text.rstrip("\ufffd")
    with pytest.raises(InputError):
        engine.run(GenerateRequest(prompt="  "))


def test_models_export_takes_a_causal_checkpoint_with_q4(
    tmp_path: Path, quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "llama-onnx"
    code, stdout, _ = _run(
        capsys, "models", "export", str(checkpoint("llama")), str(out), "--dtype", "fp32", "q4",
        "--json",
    )  # fmt: skip
    assert code == 0
    assert json.loads(stdout)["variants"] == ["fp32", "q4"]
    assert (out / "onnx" / "model_q4.onnx").is_file()


def test_ask_json_with_an_instruction_model_lists_its_citations(
    tmp_path: Path, quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Engine(EngineOptions(home=quire_home)).import_model(exported("qwen2"), "tiny-instruct")
    src = _prompt_file(tmp_path, "The mill stands by the river.\n\nThe park closes at six.")
    code, out, _ = _run(
        capsys, "ask", "--json", "--dtype", "fp32", "-q", "Where is the mill?", str(src)
    )
    assert code == 0
    doc = json.loads(out)
    assert doc["generated"] is True and doc["model"] == "tiny-instruct"
    assert isinstance(doc["citations"], list) and len(doc["answers"]) <= 1
    text = src.read_text(encoding="utf-8")
    for c in doc["citations"]:
        assert text[c["start"] : c["end"]] == c["text"]
    # And every passage it read, numbered as cited: what an answer citing none came from.
    assert [r["number"] for r in doc["read"]] == list(range(1, len(doc["read"]) + 1))
    assert doc["read"] and all(text[r["start"] : r["end"]] == r["text"] for r in doc["read"])
    # --top-k is for extractive models: an instruction model writes one answer, and says so.
    code, out, err = _run(capsys, "ask", "--top-k", "3", "-q", "Where is the mill?", str(src))
    assert code == 0 and "tiny-instruct writes one answer; --top-k is for" in err


def test_chat_skips_a_model_whose_template_is_not_valid_and_checks_before_loading(
    tmp_path: Path, quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --model, --chat takes an installed model whose template compiles; named, a
    model whose template does not is refused before its (slow) load."""
    broken = with_chat_template(  # not valid Jinja
        tmp_path / "aaa-broken", "{% for m in messages %}{{ m.content }"
    )
    engine = Engine(EngineOptions(home=quire_home, dtype="fp32"))
    engine.import_model(broken, "aaa-broken")  # listed first
    engine.import_model(exported("llama"), "llama")
    src = _prompt_file(tmp_path)
    code, out, err = _run(capsys, "generate", "--chat", "--max-new-tokens", "3", "--json", str(src))
    assert code == 0, err
    assert json.loads(out)["model"] == "llama"
    code, _out, err = _run(capsys, "generate", "--chat", "--model", "aaa-broken", str(src))
    assert code == 1 and "not valid Jinja" in err and "Loading" not in err


def test_a_cancel_keeps_what_was_generated_when_the_output_is_a_pipe(
    tmp_path: Path,
    quire_home: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Into a pipe or a file the completion is written at the end: a Ctrl+C before it still
    leaves what was generated (the engine's last partial text), then 'cancelled'."""
    from engine.errors import Cancelled

    def cancelled_midway(self: Engine, request: object, report: Any, cancel: object) -> None:
        report(PartialText("The first words"))
        report(PartialText("The first words of it"))
        raise Cancelled()

    monkeypatch.setattr(Engine, "run", cancelled_midway)
    code, out, err = _run(
        capsys, "generate", "--model", str(exported("llama")), str(_prompt_file(tmp_path))
    )
    assert code == 130 and out == "The first words of it\n"
    assert err.strip().endswith("quire: cancelled")


def test_a_cancel_with_json_keeps_what_was_generated_in_the_document(
    tmp_path: Path,
    quire_home: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With --json a Ctrl+C wrote the error alone: the text generated so far was lost. The
    one document now holds it, the model that wrote it, and the error (exit 130)."""
    from engine.api import ModelLoaded, ModelUsed
    from engine.errors import Cancelled

    used = ModelUsed("llama", tmp_path, "onnx", "fp32", "cpu")

    def cancelled_midway(self: Engine, request: object, report: Any, cancel: object) -> None:
        report(ModelLoaded(used, 0.1))
        report(PartialText("The first words of it"))
        raise Cancelled()

    monkeypatch.setattr(Engine, "run", cancelled_midway)
    code, out, err = _run(
        capsys, "generate", "--json", "--model", "llama", str(_prompt_file(tmp_path))
    )
    assert code == 130 and err.strip().endswith("quire: cancelled")
    doc = json.loads(out)
    assert doc["text"] == "The first words of it" and doc["stopped"] == "cancelled"
    assert (doc["model"], doc["variant"], doc["device"]) == ("llama", "fp32", "cpu")
    assert doc["error"]["type"] == "Cancelled"


def test_models_list_says_which_models_are_instruction_models(
    quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The app's picker says so; the command line's list said only "qwen2"."""
    Engine(EngineOptions(home=quire_home)).import_model(exported("qwen2"), "tiny-instruct")
    code, out, _ = _run(capsys, "models", "list", "--json")
    assert code == 0 and json.loads(out)["models"][0]["roles"] == ["instruction model"]
    code, out, _ = _run(capsys, "models", "list")
    assert code == 0 and out.rstrip().endswith("(instruction model)")


def test_models_list_survives_a_malformed_label2id_and_reads_no_vocabulary(
    quire_home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A config with label2id as a list crashed the whole list with a traceback, and the
    list parsed every translation model's vocabulary to name its roles."""
    from tests.fixtures.builder import exported as exported_seq2seq

    engine = Engine(EngineOptions(home=quire_home))
    engine.import_model(exported_seq2seq("bart-nli"), "odd-nli")
    engine.import_model(exported_seq2seq("marian"), "opus-mt-en-de")
    config_path = quire_home / "models" / "odd-nli" / "config.json"
    config = json.loads(config_path.read_text(encoding="utf-8"))
    config["label2id"] = ["entailment", "neutral", "contradiction"]
    config_path.write_text(json.dumps(config), encoding="utf-8")
    import engine.tasks.languages as languages

    def no_vocabulary(*_args: Any) -> Any:
        raise AssertionError("the list read a vocabulary")

    monkeypatch.setattr(languages, "languages", no_vocabulary)
    monkeypatch.setattr("engine.tasks.capabilities.languages", no_vocabulary)
    code, out, err = _run(capsys, "models", "list", "--json")
    assert code == 0 and "Traceback" not in err
    roles = {m["name"]: m["roles"] for m in json.loads(out)["models"]}
    assert roles["opus-mt-en-de"] == ["translation"]
    assert "zero-shot classification" not in roles["odd-nli"]  # no entailment class it can read
