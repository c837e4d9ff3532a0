"""A language model keeps its last one-row cache, and the next generation whose prompt begins
the same way reads only what is new (``OnnxCausalLM.resume``: a conversation's next turn).
What it reuses is whole prefill slices, fed as a fresh run would feed them, so the result is
the fresh run's bit for bit: the same tokens and the same log-probabilities."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

pytest.importorskip("optimum.exporters.onnx")

from engine.errors import Cancelled
from engine.runtime import generate_causal
from engine.runtime.generate_causal import CausalSettings, Generated, generate
from engine.runtime.manifest import load_model_folder
from engine.runtime.onnx_causal import CausalState, OnnxCausalLM
from tests.fixtures.causal import exported

SLICE = 8  # prefill slices in these tests (256 in use), so that short prompts have several
NEW = 6


@pytest.fixture(autouse=True)
def _small_slices(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(generate_causal, "PREFILL_CHUNK", SLICE)


def _model(cache: Path) -> OnnxCausalLM:
    folder = load_model_folder(exported("qwen2"))
    return OnnxCausalLM.load(folder, "fp32", ["cpu"], threads=2, cache=cache)


def _ids(n: int, seed: int) -> list[int]:
    return [int(t) for t in np.random.default_rng(seed).integers(5, 250, n)]


def _run(model: OnnxCausalLM, prompt: list[int], **settings: Any) -> tuple[Generated, int]:
    """Generate, counting the tokens that went through the model."""
    fed = [0]
    forward = CausalState.forward

    def counting(state: CausalState, ids: Any, *args: Any, **kwargs: Any) -> Any:
        fed[0] += int(np.asarray(ids).shape[1])
        return forward(state, ids, *args, **kwargs)

    setattr(CausalState, "forward", counting)  # noqa: B010
    try:
        out = generate(
            model,
            np.asarray([prompt], dtype=np.int64),
            None,
            CausalSettings(max_new_tokens=NEW, eos_token_id=(), **settings),
        )
    finally:
        setattr(CausalState, "forward", forward)  # noqa: B010
    return out, fed[0]


@pytest.mark.parametrize("sampled", [False, True])
def test_a_prompt_that_begins_as_the_last_one_reads_only_what_is_new(
    tmp_path: Path, sampled: bool
) -> None:
    settings = {"do_sample": True, "temperature": 0.9, "seed": 3} if sampled else {}
    model = _model(tmp_path)
    first = _ids(29, seed=1)
    _run(model, first, **settings)
    # The next turn: the same 21 tokens, then new ones; two whole slices (16 tokens) reused.
    following = first[:21] + _ids(12, seed=2)
    again, fed = _run(model, following, **settings)
    assert fed == len(following) - 2 * SLICE + NEW - 1
    fresh, fed_fresh = _run(_model(tmp_path), following, **settings)
    assert fed_fresh == len(following) + NEW - 1
    assert again.tokens == fresh.tokens
    assert again.logprobs == fresh.logprobs  # bit for bit, not merely close


def test_a_different_prompt_starts_afresh_and_a_closed_model_keeps_nothing(tmp_path: Path) -> None:
    model = _model(tmp_path)
    _run(model, _ids(20, seed=1))
    other = _ids(20, seed=5)
    _, fed = _run(model, other)
    assert fed == len(other) + NEW - 1
    # Only whole slices, and never the prompt's last token: the same prompt again re-reads
    # its last partial slice.
    _, fed = _run(model, other)
    assert fed == len(other) - 2 * SLICE + NEW - 1
    model.close()
    assert model._kept is None


def test_a_generation_stopped_halfway_leaves_a_cache_the_next_one_can_trust(
    tmp_path: Path,
) -> None:
    model = _model(tmp_path)
    prompt = _ids(30, seed=7)
    steps = [0]

    def stop_after_two() -> None:
        steps[0] += 1
        if steps[0] > 4:  # three prefill slices, then two tokens
            raise Cancelled("stopped")

    with pytest.raises(Cancelled):
        generate(
            model,
            np.asarray([prompt], dtype=np.int64),
            None,
            CausalSettings(max_new_tokens=NEW, eos_token_id=()),
            check=stop_after_two,
        )
    following = prompt[:26] + _ids(5, seed=8)
    again, fed = _run(model, following)
    assert fed == len(following) - 3 * SLICE + NEW - 1
    fresh, _ = _run(_model(tmp_path), following)
    assert (again.tokens, again.logprobs) == (fresh.tokens, fresh.logprobs)


def test_a_cache_too_large_to_keep_or_forgotten_is_not_reused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What is kept stays in memory while the model is idle: not over ``KEEP_BYTES``; and
    ``forget`` lets it go (a benchmark of fresh prompts)."""
    from engine.runtime import onnx_causal

    model = _model(tmp_path)
    prompt = _ids(20, seed=4)
    _run(model, prompt)
    model.forget()
    _, fed = _run(model, prompt)
    assert fed == len(prompt) + NEW - 1
    kept = model._kept
    assert kept is not None and kept[0].nbytes > 0
    monkeypatch.setattr(onnx_causal, "KEEP_BYTES", kept[0].nbytes - 1)
    _run(model, prompt)  # reads from the kept cache, then keeps nothing: too large now
    assert model._kept is None
    _, fed = _run(model, prompt)
    assert fed == len(prompt) + NEW - 1
