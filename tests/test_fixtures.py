"""The fixture builder keeps its promises: tokenizer layouts, discriminative seq2seq models,
exported folders the engine can read, and a cache that builds each item once."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from engine.runtime.manifest import load_model_folder
from tests.fixtures import builder, corpus
from tests.fixtures.builder import ENCODERS, SEQ2SEQ, checkpoint, exported


@pytest.fixture(autouse=True, scope="module")
def _one_torch_thread() -> Iterator[None]:
    # Tiny models run far faster on one thread, and several spin against each other on a busy
    # machine.
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def _tokenizer(name: str) -> Any:
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(checkpoint(name))  # type: ignore[no-untyped-call]


# (bos, pad, eos, unk) ids each family's real checkpoints use; None where there is no such token.
LAYOUT: dict[str, tuple[int | None, int | None, int | None, int | None]] = {
    "bart": (0, 1, 2, 3),
    "mbart": (0, 1, 2, 3),
    "m2m100": (0, 1, 2, 3),
    "bart-nli": (0, 1, 2, 3),
    "t5": (None, 0, 1, 2),
    "distilbert-qa": (None, 0, None, 1),
    "bert-cls": (None, 0, None, 1),
    "bert-embed": (None, 0, None, 1),
}


@pytest.mark.parametrize("name", SEQ2SEQ + ENCODERS)
def test_tokenizer_loads_as_fast_tokenizer_with_the_family_layout(name: str) -> None:
    from tokenizers import Tokenizer
    from transformers import PreTrainedTokenizerFast

    folder = checkpoint(name)
    tok = _tokenizer(name)
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    assert isinstance(tok, PreTrainedTokenizerFast)
    assert len(tok) == config["vocab_size"]
    assert 300 <= len(tok) <= 1000
    if name == "marian":
        assert (tok.eos_token_id, tok.unk_token_id, tok.pad_token_id) == (0, 1, len(tok) - 1)
        assert tok.convert_ids_to_tokens(0) == "</s>"
    else:
        bos, pad, eos, unk = LAYOUT[name]
        assert (tok.bos_token_id, tok.pad_token_id, tok.eos_token_id, tok.unk_token_id) == (
            bos,
            pad,
            eos,
            unk,
        )
    text = corpus.sample_inputs()[2]
    ids = tok(text)["input_ids"]
    # The engine reads tokenizer.json with the tokenizers library; both must agree.
    assert Tokenizer.from_file(str(folder / "tokenizer.json")).encode(text).ids == ids
    assert len(set(ids)) > 5
    if name in SEQ2SEQ or name == "bart-nli":
        assert ids[-1] == tok.eos_token_id
    if name == "mbart":
        assert tok.convert_ids_to_tokens(ids[0]) == "en_XX"
        assert tok.convert_ids_to_tokens(len(tok) - 1) == "<mask>"
    if name == "m2m100":
        assert tok.convert_ids_to_tokens(ids[0]) == "__en__"
    if name.startswith(("bert", "distilbert")):
        assert tok.convert_ids_to_tokens([ids[0], ids[-1]]) == ["[CLS]", "[SEP]"]
        assert tok.convert_ids_to_tokens(0) == "[PAD]"


def _target(name: str, tok: Any) -> dict[str, int]:
    """The forced first token a translation task sets for the multilingual families."""
    codes = {"mbart": "de_DE", "m2m100": "__de__"}
    return {"forced_bos_token_id": tok.convert_tokens_to_ids(codes[name])} if name in codes else {}


@pytest.mark.parametrize("num_beams", [1, 4])
@pytest.mark.parametrize("name", SEQ2SEQ)
def test_seq2seq_outputs_differ_per_input_and_end_at_varied_lengths(
    name: str, num_beams: int
) -> None:
    import torch
    from transformers import AutoModelForSeq2SeqLM

    tok = _tokenizer(name)
    model = AutoModelForSeq2SeqLM.from_pretrained(checkpoint(name)).eval()
    assert not model.config.tie_word_embeddings
    head = model.get_output_embeddings().weight
    assert head.data_ptr() != model.get_input_embeddings().weight.data_ptr()

    batch = tok(corpus.sample_inputs(), return_tensors="pt", padding=True)
    with torch.no_grad():
        out = model.generate(**batch, **_target(name, tok), num_beams=num_beams)
    eos, max_length = model.generation_config.eos_token_id, model.generation_config.max_length
    rows = out.tolist()
    assert len({tuple(r) for r in rows}) == len(rows), "two inputs gave the same output"
    ends = []
    for row, source in zip(rows, batch["input_ids"].tolist(), strict=True):
        generated = row[1:]
        end = generated.index(eos) if eos in generated else len(generated)
        ends.append(end)
        content = set(generated[:end]) - set(tok.all_special_ids)
        assert content, f"nothing but special tokens in {row}"
        assert not content <= set(source), f"the output only repeats input tokens: {row}"
    assert min(ends) < max_length * 0.6, f"no output stops early at EOS: {ends}"
    assert max(ends) >= max_length - 2, f"every output stops early: {ends}"
    assert len(set(ends)) >= 3, f"lengths barely vary: {ends}"


def test_generation_config_follows_the_reference_checkpoints() -> None:
    def gen(name: str) -> dict[str, Any]:
        text = (checkpoint(name) / "generation_config.json").read_text(encoding="utf-8")
        return dict(json.loads(text))

    marian = gen("marian")
    pad = len(_tokenizer("marian")) - 1
    assert marian["bad_words_ids"] == [[pad]]
    assert (marian["decoder_start_token_id"], marian["forced_eos_token_id"]) == (pad, 0)
    assert (marian["num_beams"], marian["max_length"]) == (4, 64)
    bart = gen("bart")
    assert bart["length_penalty"] == 2.0
    assert bart["no_repeat_ngram_size"] == 3
    assert (bart["min_length"], bart["max_length"], bart["early_stopping"]) == (5, 40, True)
    assert (bart["forced_bos_token_id"], bart["forced_eos_token_id"]) == (0, 2)
    assert "forced_bos_token_id" not in gen("mbart")
    assert gen("t5").get("num_beams", 1) == 1  # defaults are not written
    t5 = json.loads((checkpoint("t5") / "config.json").read_text(encoding="utf-8"))
    assert t5["task_specific_params"]["summarization"]["prefix"] == "summarize: "
    assert gen("m2m100")["num_beams"] == 4


def test_encoder_heads_and_labels() -> None:
    import torch
    from transformers import AutoModelForQuestionAnswering, AutoModelForSequenceClassification

    bert = AutoModelForSequenceClassification.from_pretrained(checkpoint("bert-cls"))
    assert list(bert.config.id2label.values()) == ["negative", "neutral", "positive"]
    nli = AutoModelForSequenceClassification.from_pretrained(checkpoint("bart-nli"))
    assert nli.config.id2label == {0: "contradiction", 1: "neutral", 2: "entailment"}
    qa = AutoModelForQuestionAnswering.from_pretrained(checkpoint("distilbert-qa")).eval()
    tok = _tokenizer("distilbert-qa")
    batch = tok(["Where is the station?"], ["The station is near the park."], return_tensors="pt")
    assert "token_type_ids" not in batch
    with torch.no_grad():
        start = qa(**batch).start_logits[0]
    assert float(start.std()) > 0.01, "QA logits are flat"


def test_embedding_folder_loads_in_sentence_transformers() -> None:
    import torch
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(checkpoint("bert-embed")), device="cpu")
    vectors = model.encode(corpus.sample_inputs(), convert_to_tensor=True)
    assert vectors.shape == (6, builder.D_MODEL)
    assert torch.allclose(vectors.norm(dim=1), torch.ones(6), atol=1e-5)
    assert len({tuple(v.round(decimals=4).tolist()) for v in vectors}) == 6


@pytest.mark.parametrize("name", SEQ2SEQ + ENCODERS)
def test_exported_folder_loads_with_every_variant(name: str) -> None:
    folder = load_model_folder(exported(name))
    assert folder.variants == ("fp32", "fp16", "int8")
    assert folder.tokenizer_file.is_file()
    roles = set(folder.onnx["fp32"].files)
    if name in SEQ2SEQ:
        assert folder.is_generative
        # The Transformers.js layout; Marian also keeps Optimum's split decoders, so the
        # runtime's split and full layouts have a fixture.
        split = {"decoder", "decoder_with_past"} if name == "marian" else set()
        for variant in ("fp32", "fp16", "int8"):
            assert set(folder.onnx[variant].files) == {"encoder", "decoder_merged"} | split
    else:
        assert not folder.is_generative
        assert roles == {"model"}
    if name == "bert-embed":
        assert folder.pooling is not None
        assert (folder.pooling.mode, folder.pooling.normalize) == ("mean", True)
    else:
        assert folder.pooling is None


def test_tokenizer_training_is_deterministic() -> None:
    first = (builder._unigram(["<pad>", "</s>", "<unk>"], unk="<unk>"), builder._wordpiece())
    second = (builder._unigram(["<pad>", "</s>", "<unk>"], unk="<unk>"), builder._wordpiece())
    assert [t.to_str() for t in first] == [t.to_str() for t in second]


def test_cache_location_follows_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("QUIRE_FIXTURE_CACHE", str(tmp_path))
    assert builder.cache_dir() == tmp_path / builder.cache_key()
    monkeypatch.delenv("QUIRE_FIXTURE_CACHE")
    assert builder.cache_dir() == builder.REPO_ROOT / ".cache" / "fixtures" / builder.cache_key()


def test_cached_items_are_built_once(tmp_path: Path) -> None:
    calls: list[Path] = []

    def build(dst: Path) -> None:
        calls.append(dst)
        dst.mkdir()
        (dst / "mine").write_text("x")

    target = tmp_path / "item"
    assert builder._cached(target, build) == target
    assert builder._cached(target, build) == target
    assert len(calls) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == [".item.lock", "item"]


def test_a_lost_race_keeps_the_winners_copy(tmp_path: Path) -> None:
    target = tmp_path / "item"

    def build(dst: Path) -> None:
        dst.mkdir()
        (dst / "mine").write_text("x")
        # Another process finishes first, between our build and our rename.
        target.mkdir()
        (target / "theirs").write_text("y")

    assert builder._cached(target, build) == target
    assert [p.name for p in target.iterdir()] == ["theirs"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".item.") and p.is_dir()]


def test_fixtures_are_cached_between_calls() -> None:
    first = checkpoint("marian")
    stamp = os.stat(first / "model.safetensors").st_mtime_ns
    assert checkpoint("marian") == first
    assert os.stat(first / "model.safetensors").st_mtime_ns == stamp
    assert first.parent.parent == builder.cache_dir()
    with pytest.raises(KeyError):
        checkpoint("gpt2")
