"""Generation parity: engine.runtime.generate on the PyTorch backend yields exactly the token ids
of transformers' ``model.generate()`` for every seq2seq family, greedy and beam search.

Also: the logits processors against transformers' own, bit for bit; the settings parsing;
streaming partials; cancellation; and the PyTorch backend's load errors.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")

from tokenizers import Tokenizer  # noqa: E402

from engine.errors import Cancelled, InputError, ModelInvalid, RuntimeUnavailable  # noqa: E402
from engine.options import CancelToken  # noqa: E402
from engine.runtime import logits as lg  # noqa: E402
from engine.runtime.backend import FloatArray, IntArray  # noqa: E402
from engine.runtime.generate import GenerationSettings, generate  # noqa: E402
from engine.runtime.manifest import ModelFolder, load_model_folder  # noqa: E402
from engine.runtime.torch_seq2seq import TorchSeq2Seq  # noqa: E402
from tests.fixtures import corpus  # noqa: E402
from tests.fixtures.builder import SEQ2SEQ, checkpoint  # noqa: E402

BATCH = 5  # inputs per parity batch, of mixed lengths


# ----------------------------------------------------------------------------- helpers


@functools.cache
def _folder(family: str) -> ModelFolder:
    return load_model_folder(checkpoint(family))


@functools.cache
def _reference(family: str) -> Any:
    model = transformers.AutoModelForSeq2SeqLM.from_pretrained(
        _folder(family).path, use_safetensors=True
    )
    return model.eval()


@functools.cache
def _ours(family: str) -> TorchSeq2Seq:
    return TorchSeq2Seq.load(_folder(family))


@functools.cache
def _batch(family: str) -> tuple[IntArray, IntArray]:
    """The sample inputs, tokenized and padded with the model's pad id, longest not first."""
    folder = _folder(family)
    tokenizer = Tokenizer.from_file(str(folder.tokenizer_file))
    rows = [tokenizer.encode(text).ids for text in corpus.sample_inputs()[:BATCH]]
    assert len({len(r) for r in rows}) >= 4, "the parity batch needs mixed lengths"
    pad = int(folder.generation["pad_token_id"])
    ids = np.full((len(rows), max(map(len, rows))), pad, dtype=np.int64)
    mask = np.zeros_like(ids)
    for i, row in enumerate(rows):
        ids[i, : len(row)] = row
        mask[i, : len(row)] = 1
    return ids, mask


def _trim(row: list[int], eos: tuple[int, ...]) -> list[int]:
    """A transformers output row as generate() returns it: no start token, nothing after EOS."""
    row = row[1:]
    for i, token in enumerate(row):
        if token in eos:
            return row[: i + 1]
    return row


def _reference_generate(family: str, **kwargs: Any) -> list[list[int]]:
    ids, mask = _batch(family)
    model = _reference(family)
    with torch.inference_mode():
        out = model.generate(torch.from_numpy(ids), attention_mask=torch.from_numpy(mask), **kwargs)
    settings = _settings(family, **kwargs)
    return [_trim(row, settings.eos_token_id) for row in out.tolist()]


def _settings(family: str, **kwargs: Any) -> GenerationSettings:
    folder = _folder(family)
    return GenerationSettings.from_folder(folder.generation, folder.config, **kwargs)


def _our_generate(family: str, **kwargs: Any) -> list[list[int]]:
    ids, mask = _batch(family)
    return generate(_ours(family), ids, mask, _settings(family, **kwargs))


def _forced_bos(family: str) -> int:
    """A plausible forced first token: the target language where the family has one."""
    folder = _folder(family)
    tokenizer = Tokenizer.from_file(str(folder.tokenizer_file))
    for token in ("de_DE", "__de__"):
        found = tokenizer.token_to_id(token)
        if found is not None:
            return int(found)
    return int(folder.generation.get("bos_token_id", 5))


@functools.cache
def _plain(family: str) -> tuple[list[list[int]], list[list[int]]]:
    """transformers' greedy and beam-4 output with the folder's defaults."""
    return _reference_generate(family, num_beams=1), _reference_generate(family, num_beams=4)


def _bad_words(family: str) -> list[list[int]]:
    """Words the unconstrained model does produce, so that banning them changes the output:
    a frequent single token and a bigram of the beam output."""
    greedy, beam = _plain(family)
    eos = set(_settings(family).eos_token_id)
    tokens = [t for row in greedy for t in row if t not in eos]
    frequent = max(set(tokens), key=tokens.count)
    pair = next(
        row[i : i + 2]
        for row in beam
        for i in range(len(row) - 1)
        if frequent not in row[i : i + 2] and not eos & set(row[i : i + 2])
    )
    return [[frequent], pair]


def _processors(family: str, length_penalty: float) -> dict[str, Any]:
    eos = _settings(family).eos_token_id
    return {
        "length_penalty": length_penalty,
        "no_repeat_ngram_size": 2,
        "repetition_penalty": 1.3,
        "min_new_tokens": 4,
        "bad_words_ids": _bad_words(family),
        "forced_bos_token_id": _forced_bos(family),
        "forced_eos_token_id": list(eos),
    }


# Each case: (id, function of the family -> generate() keyword arguments).
CASES: list[tuple[str, Callable[[str], dict[str, Any]]]] = [
    ("greedy", lambda f: {"num_beams": 1}),
    ("greedy-processors", lambda f: {"num_beams": 1, **_processors(f, 1.0)}),
    ("beam4", lambda f: {"num_beams": 4}),
    ("beam4-eager-lp2", lambda f: {"num_beams": 4, "early_stopping": True, **_processors(f, 2.0)}),
    (
        "beam4-never-lp06",
        lambda f: {"num_beams": 4, "early_stopping": "never", **_processors(f, 0.6)},
    ),
    (
        "beam4-lazy-2seqs",
        lambda f: {"num_beams": 4, "early_stopping": False, "num_return_sequences": 2},
    ),
]


# ----------------------------------------------------------------------------- parity


@pytest.mark.parametrize("family", SEQ2SEQ)
def test_fixture_outputs_are_not_degenerate(family: str) -> None:
    greedy, beam = _plain(family)
    for rows in (greedy, beam):
        assert len({tuple(r) for r in rows}) == len(rows), "every input must get its own output"
        assert len({len(r) for r in rows}) >= 2, "outputs must end at different lengths"


@pytest.mark.parametrize("family", SEQ2SEQ)
@pytest.mark.parametrize(("case", "kwargs_of"), CASES, ids=[c[0] for c in CASES])
def test_generate_matches_transformers(
    family: str, case: str, kwargs_of: Callable[[str], dict[str, Any]]
) -> None:
    kwargs = kwargs_of(family)
    expected = _reference_generate(family, **kwargs)
    assert _our_generate(family, **kwargs) == expected
    if "bad_words_ids" in kwargs:
        # The options must bite, or the case proves nothing about them.
        assert expected != _plain(family)[1 if kwargs["num_beams"] > 1 else 0]


def test_default_max_length_means_twenty_new_tokens() -> None:
    """A folder that leaves max_length at transformers' default of 20 gets 20 new tokens."""
    family = "t5"
    folder = _folder(family)
    generation = {k: v for k, v in folder.generation.items() if k != "max_length"}
    model = _reference(family)
    saved = model.generation_config
    model.generation_config = transformers.GenerationConfig(**generation)
    try:
        ids, mask = _batch(family)
        with torch.inference_mode():
            out = model.generate(torch.from_numpy(ids), attention_mask=torch.from_numpy(mask))
    finally:
        model.generation_config = saved
    settings = GenerationSettings.from_folder(generation, folder.config)
    expected = [_trim(row, settings.eos_token_id) for row in out.tolist()]
    assert generate(_ours(family), ids, mask, settings) == expected
    assert max(map(len, expected)) == settings.limit - 1


# ----------------------------------------------------------------------------- streaming, cancel


class _Counting:
    """A Seq2SeqModel wrapper that counts decoder steps and can run a hook before each."""

    def __init__(self, inner: TorchSeq2Seq) -> None:
        self.inner = inner
        self.info = inner.info
        self.steps = 0

    @property
    def vocab_size(self) -> int:
        return self.inner.vocab_size

    def start(self, input_ids: IntArray, attention_mask: IntArray, expand: int = 1) -> Any:
        state = self.inner.start(input_ids, attention_mask, expand)
        outer = self

        class State:
            def step(self, tokens: IntArray) -> FloatArray:
                outer.steps += 1
                return state.step(tokens)

            def reorder(self, rows: IntArray) -> None:
                state.reorder(rows)

        return State()

    def close(self) -> None:
        pass


@pytest.mark.parametrize("beams", [1, 4])
def test_on_step_streams_prefixes_of_the_result(beams: int) -> None:
    family = "marian"
    ids, mask = _batch(family)
    model = _Counting(_ours(family))
    settings = _settings(family, num_beams=beams)
    seen: list[tuple[int, list[list[int]]]] = []
    final = generate(model, ids, mask, settings, on_step=lambda n, rows: seen.append((n, rows)))
    assert [n for n, _ in seen] == list(range(1, model.steps + 1))
    assert all(len(rows) == len(ids) for _, rows in seen)
    assert seen[-1][1] == final, "the last partials are the result"
    if beams == 1:
        for _, rows in seen:
            for partial, done in zip(rows, final, strict=True):
                assert done[: len(partial)] == partial


@pytest.mark.parametrize("beams", [1, 4])
def test_cancel_stops_before_the_next_step(beams: int) -> None:
    family = "marian"
    ids, mask = _batch(family)
    model = _Counting(_ours(family))
    token = CancelToken()

    def on_step(n: int, rows: list[list[int]]) -> None:
        if n == 3:
            token.cancel()

    with pytest.raises(Cancelled):
        generate(
            model, ids, mask, _settings(family, num_beams=beams), cancel=token, on_step=on_step
        )
    assert model.steps == 3


def test_cancel_before_start_runs_nothing() -> None:
    model = _Counting(_ours("marian"))
    token = CancelToken()
    token.cancel()
    ids, mask = _batch("marian")
    with pytest.raises(Cancelled):
        generate(model, ids, mask, _settings("marian"), cancel=token)
    assert model.steps == 0


# ----------------------------------------------------------------------------- processors


def _random_case(rows: int = 6, length: int = 9, vocab: int = 40) -> tuple[IntArray, FloatArray]:
    rng = np.random.default_rng(7)
    # A small alphabet makes repeated n-grams and bad-word prefixes likely.
    sequences = rng.integers(0, 4, size=(rows, length)).astype(np.int64)
    scores = (rng.standard_normal((rows, vocab)) * 3).astype(np.float32)
    return sequences, scores


# Single tokens (one of them EOS, which transformers never bans alone), a bigram, a trigram
# with a repeated token and a word longer than the sequences.
_BAD_WORDS = ((3,), (1, 2), (0, 0, 1), (2,), (0, 1, 2, 3, 0, 1, 2, 3, 0, 1))


def _hf(name: str, *args: Any, **kwargs: Any) -> Any:
    return getattr(transformers.generation.logits_process, name)(*args, **kwargs)


# (id, ours, transformers', sequence length, whether the scores must change)
PROCESSORS: list[tuple[str, Callable[[], lg.Processor], Callable[[], Any], int, bool]] = [
    (
        "repetition",
        lambda: lg.RepetitionPenalty(1.3),
        lambda: _hf("RepetitionPenaltyLogitsProcessor", 1.3),
        9,
        True,
    ),
    (
        "ngram1",
        lambda: lg.NoRepeatNGram(1),
        lambda: _hf("NoRepeatNGramLogitsProcessor", 1),
        9,
        True,
    ),
    (
        "ngram2",
        lambda: lg.NoRepeatNGram(2),
        lambda: _hf("NoRepeatNGramLogitsProcessor", 2),
        9,
        True,
    ),
    (
        "ngram3",
        lambda: lg.NoRepeatNGram(3),
        lambda: _hf("NoRepeatNGramLogitsProcessor", 3),
        9,
        True,
    ),
    (
        "ngram3-short",
        lambda: lg.NoRepeatNGram(3),
        lambda: _hf("NoRepeatNGramLogitsProcessor", 3),
        2,
        False,
    ),
    (
        "bad-words",
        lambda: lg.NoBadWords(_BAD_WORDS, (2,)),
        lambda: _hf("NoBadWordsLogitsProcessor", [list(w) for w in _BAD_WORDS], 2),
        9,
        True,
    ),
    (
        "min-length",
        lambda: lg.MinLength(10, (2, 5)),
        lambda: _hf("MinLengthLogitsProcessor", 10, [2, 5]),
        9,
        True,
    ),
    (
        "min-length-met",
        lambda: lg.MinLength(9, (2,)),
        lambda: _hf("MinLengthLogitsProcessor", 9, [2]),
        9,
        False,
    ),
    (
        "forced-bos",
        lambda: lg.ForcedBOS(7),
        lambda: _hf("ForcedBOSTokenLogitsProcessor", 7),
        1,
        True,
    ),
    (
        "forced-bos-later",
        lambda: lg.ForcedBOS(7),
        lambda: _hf("ForcedBOSTokenLogitsProcessor", 7),
        2,
        False,
    ),
    (
        "forced-eos",
        lambda: lg.ForcedEOS(10, (2, 3)),
        lambda: _hf("ForcedEOSTokenLogitsProcessor", 10, [2, 3]),
        9,
        True,
    ),
    (
        "suppress",
        lambda: lg.SuppressTokens((1, 39)),
        lambda: _hf("SuppressTokensLogitsProcessor", [1, 39]),
        9,
        True,
    ),
    (
        "suppress-begin",
        lambda: lg.SuppressTokensAtBegin((1, 3), 9),
        lambda: _hf("SuppressTokensAtBeginLogitsProcessor", [1, 3], 9),
        9,
        True,
    ),
]


@pytest.mark.parametrize(
    ("ours", "theirs", "length", "changes"),
    [p[1:] for p in PROCESSORS],
    ids=[p[0] for p in PROCESSORS],
)
def test_processor_matches_transformers_bit_for_bit(
    ours: Callable[[], lg.Processor], theirs: Callable[[], Any], length: int, changes: bool
) -> None:
    sequences, scores = _random_case(length=length)
    expected = theirs()(torch.from_numpy(sequences), torch.from_numpy(scores.copy())).numpy()
    got = ours()(sequences, scores.copy())
    assert got.dtype == np.float32
    np.testing.assert_array_equal(got, expected)
    assert (not np.array_equal(got, scores)) == changes


def test_log_softmax_and_renormalize_match_torch() -> None:
    _, scores = _random_case(vocab=5000)
    expected = torch.log_softmax(torch.from_numpy(scores), dim=-1).numpy()
    np.testing.assert_allclose(lg.log_softmax(scores.copy()), expected, rtol=0, atol=1e-5)
    np.testing.assert_allclose(
        lg.Renormalize()(np.zeros((6, 1), np.int64), scores.copy()), expected, atol=1e-5
    )


def test_remove_invalid_matches_transformers() -> None:
    _, scores = _random_case()
    scores[0, :3] = [np.nan, np.inf, -np.inf]
    expected = _hf("InfNanRemoveLogitsProcessor")(None, torch.from_numpy(scores.copy())).numpy()
    np.testing.assert_array_equal(
        lg.RemoveInvalid()(np.zeros((6, 1), np.int64), scores.copy()), expected
    )


# ----------------------------------------------------------------------------- settings


def test_settings_from_folder_resolve_tokens_and_overrides() -> None:
    generation = {"bos_token_id": 0, "eos_token_id": [2, 3], "max_length": 64, "num_beams": 4}
    settings = GenerationSettings.from_folder(generation, {}, num_beams=None, length_penalty=2)
    assert settings.decoder_start_token_id == 0  # falls back to bos_token_id, like transformers
    assert settings.pad_token_id == 2  # falls back to the first eos_token_id
    assert settings.eos_token_id == (2, 3)
    assert settings.num_beams == 4  # a None override keeps the folder's value
    assert settings.length_penalty == 2.0 and isinstance(settings.length_penalty, float)
    assert GenerationSettings.from_folder(generation, {}, max_new_tokens=5).limit == 6


@pytest.mark.parametrize(
    "override",
    [
        {"num_beams": 0},
        {"num_beams": 2, "num_return_sequences": 3},
        {"num_return_sequences": 2},
        {"early_stopping": "sometimes"},
        {"max_new_tokens": 0},
        {"max_length": 1},
        {"repetition_penalty": 0.0},
        {"length_penalty": float("nan")},
        {"bad_words_ids": [[]]},
        {"bad_words_ids": [1, 2]},
        {"forced_eos_token_id": [-1]},
        {"beams": 4},
    ],
)
def test_settings_reject_nonsense(override: dict[str, Any]) -> None:
    generation = {"decoder_start_token_id": 0, "eos_token_id": 1, "pad_token_id": 0}
    with pytest.raises(InputError):
        GenerationSettings.from_folder(generation, {}, **override)


@pytest.mark.parametrize(
    "own", [{"num_beams": 0}, {"num_beams": 2, "num_return_sequences": 3}, {"pad_token_id": -1}]
)
def test_a_models_own_nonsense_is_the_models_fault(own: dict[str, Any]) -> None:
    """A generation_config.json with num_beams 0 was refused as the user's input ("Quire
    cannot use this input"): it is the model that cannot be used."""
    generation = {"decoder_start_token_id": 0, "eos_token_id": 1, "pad_token_id": 0, **own}
    with pytest.raises(ModelInvalid) as info:
        GenerationSettings.from_folder(generation, {})
    assert info.value.message_id == "generation.bad_setting"
    with pytest.raises(ModelInvalid):  # (what is asked for does not hide it)
        GenerationSettings.from_folder(generation, {}, max_new_tokens=5)


def test_settings_need_a_start_token() -> None:
    with pytest.raises(ModelInvalid) as info:
        GenerationSettings.from_folder({"eos_token_id": 1}, {})
    assert info.value.message_id == "generation.no_special_tokens"


# ----------------------------------------------------------------------------- torch backend


def test_torch_backend_reports_what_runs() -> None:
    model = _ours("marian")
    assert (model.info.backend, model.info.variant, model.info.device) == ("torch", "fp32", "cpu")
    assert model.vocab_size == _reference("marian").config.vocab_size


def test_torch_backend_refuses_a_folder_without_safetensors(tmp_path: Path) -> None:
    folder = _folder("marian")
    bare = ModelFolder(
        path=tmp_path,
        config=folder.config,
        generation=folder.generation,
        tokenizer_file=folder.tokenizer_file,
        onnx={},
        safetensors=(),
    )
    with pytest.raises(ModelInvalid) as info:
        TorchSeq2Seq.load(bare)
    assert info.value.path == tmp_path


def test_torch_backend_unavailable_without_torch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "torch", None)
    with pytest.raises(RuntimeUnavailable):
        TorchSeq2Seq.load(_folder("marian"))


@pytest.mark.parametrize("workers", [2, 3])
def test_log_softmax_in_row_blocks_is_bit_for_bit_the_one_block_result(
    monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    rng = np.random.default_rng(7)
    scores = (rng.standard_normal((11, 5003)) * 8).astype(np.float32)
    scores[3, :100] = -np.inf  # masked tokens, as processors leave them
    whole = lg._log_softmax(scores.copy(), np.empty_like(scores), None)
    torch_ref = torch.log_softmax(torch.from_numpy(scores), dim=-1).numpy()
    np.testing.assert_allclose(whole, torch_ref, rtol=2e-6, atol=2e-6)
    monkeypatch.setattr(lg, "PARALLEL_FROM", 1000)
    monkeypatch.setattr(lg, "_workers", lambda: workers)
    monkeypatch.setattr(lg, "_pool", None)
    scratch = lg.Scratch()
    assert np.array_equal(lg.log_softmax(scores, scratch=scratch), whole)
    in_place = scores.copy()
    assert lg.log_softmax(in_place, out=in_place, scratch=scratch) is in_place
    assert np.array_equal(in_place, whole)
