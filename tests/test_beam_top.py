"""Beam search's choice of continuations: the shortcuts in engine.runtime.generate (scoring only
each row's best candidates, searching only the blocks that can hold them) pick exactly the
entries, scores and order that scoring every entry and sorting would, ties and -inf included.

The reference here is the long way round, as transformers goes: log-softmax over the whole
vocabulary, the processors, the beam scores added, then a stable sort of every entry of an item.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from engine.runtime import generate as gen
from engine.runtime import logits as lg
from engine.runtime.backend import FloatArray, IntArray

ITEMS, BEAMS, KEEP = 3, 4, 8
VOCAB = 5003  # more blocks than candidates per row, so the block search runs, and a short tail


def _reference(
    logits: FloatArray, procs: list[lg.Processor], sequences: IntArray, run: FloatArray
) -> tuple[IntArray, FloatArray]:
    scores = lg.apply(procs, sequences, lg.log_softmax(logits.copy()))
    total = (scores.reshape(ITEMS, BEAMS, -1) + run[:, :, None]).reshape(ITEMS, -1)
    top = np.argsort(-total, axis=1, kind="stable")[:, :KEEP]  # best first, lower index on ties
    return top, np.take_along_axis(total, top, axis=1)


def _logits(seed: int, coarse: bool) -> FloatArray:
    rng = np.random.default_rng(seed)
    logits = (rng.standard_normal((ITEMS * BEAMS, VOCAB)) * 4).astype(np.float32)
    if coarse:
        # int8 logits come in steps: many exact ties, some at the edge of the candidates.
        logits = (np.round(logits * 2) / 2).astype(np.float32)
        logits[:, 100:140] = logits.max(axis=1, keepdims=True)
    return logits


def _sequences(length: int) -> IntArray:
    rng = np.random.default_rng(length)
    return rng.integers(0, 6, size=(ITEMS * BEAMS, length)).astype(np.int64)


def _run_scores(first: bool, scale: float = 2.0) -> FloatArray:
    run = (np.random.default_rng(3).standard_normal((ITEMS, BEAMS)) * scale).astype(np.float32)
    if first:  # the first step: only beam 0 alive, the others copies of it
        run[:, 1:] = np.float32(-1e9)
    return run


CASES: dict[str, tuple[Callable[[], list[lg.Processor]], int]] = {
    "none": (lambda: [], 5),
    "masks": (
        lambda: [
            lg.NoRepeatNGram(2),
            lg.NoBadWords(((VOCAB - 1,), (1, 2)), (0,)),
            lg.MinLength(10, (0,)),
            lg.SuppressTokens((101, 105)),
        ],
        5,
    ),
    # Not masks: scored in full, then the same candidate search.
    "repetition": (lambda: [lg.RepetitionPenalty(1.3)], 5),
    "forced_eos": (lambda: [lg.ForcedEOS(6, (0,))], 5),
    "forced_bos": (lambda: [lg.ForcedBOS(7)], 1),
    "renormalize": (lambda: [lg.SuppressTokens((3,)), lg.Renormalize()], 5),
}


@pytest.mark.parametrize("coarse", [False, True], ids=["fine", "ties"])
@pytest.mark.parametrize("first", [False, True], ids=["later", "first"])
@pytest.mark.parametrize("case", list(CASES))
def test_continuations_match_scoring_every_entry(case: str, first: bool, coarse: bool) -> None:
    make, length = CASES[case]
    logits = _logits(len(case), coarse)
    sequences = _sequences(1 if first else length)
    run = _run_scores(first)
    want_top, want_scores = _reference(logits, make(), sequences, run)
    top, scores = gen._continuations(logits.copy(), make(), sequences, run, KEEP, lg.Scratch())
    np.testing.assert_array_equal(top, want_top)
    np.testing.assert_array_equal(scores, want_scores)


def test_scores_that_round_together_keep_transformers_order() -> None:
    # Beam scores of -1e5 and below: adding one rounds log-probabilities to steps of 1/128 and
    # coarser, so entries with different logits tie and the lower column must come first.
    logits = _logits(6, coarse=False)
    logits[:, 10:40] = 20 + np.arange(30, dtype=np.float32) / 1000  # higher column, higher logit
    sequences = _sequences(5)
    for scale in (1e5, 3e6):
        run = -np.abs(_run_scores(False, scale))
        want = _reference(logits, [], sequences, run)
        got = gen._continuations(logits.copy(), [], sequences, run, KEEP, lg.Scratch())
        np.testing.assert_array_equal(got[0], want[0])
        np.testing.assert_array_equal(got[1], want[1])


def test_rows_with_few_finite_scores_take_the_lowest_minus_inf_columns() -> None:
    logits = _logits(1, coarse=False)
    logits[2] = -np.inf
    logits[2, [4000, 17]] = [1.0, 2.0]
    logits[5, ::2] = -np.inf
    procs: list[lg.Processor] = [lg.SuppressTokens(tuple(range(1, VOCAB)))]  # rows keep only 0
    for row_procs in ([], procs):
        sequences = _sequences(5)
        want = _reference(logits, row_procs, sequences, _run_scores(False))
        got = gen._continuations(
            logits.copy(), row_procs, sequences, _run_scores(False), KEEP, lg.Scratch()
        )
        np.testing.assert_array_equal(got[0], want[0])
        np.testing.assert_array_equal(got[1], want[1])


@pytest.mark.parametrize("width", [300, 4000, 4900, VOCAB])
def test_row_top_is_a_stable_descending_sort(width: int) -> None:
    scores = np.round(_logits(2, coarse=True)[:, :width])
    scores[1, : width // 2] = -np.inf
    scores[3, 5:] = -np.inf
    scores[4, -3:] = 100  # the best in the short last block
    want = np.argsort(-scores, axis=1, kind="stable")[:, :16]
    np.testing.assert_array_equal(gen._row_top(scores, 16), want)
    # Block maxima taken before masking (as the candidate search does) give the same answer.
    unmasked = _logits(2, coarse=True)[:, :width]
    unmasked = np.maximum(unmasked, scores)
    maxima = lg.block_maxima(unmasked, gen._GROUP) if width // gen._GROUP > 16 else None
    np.testing.assert_array_equal(gen._row_top(scores, 16, maxima), want)


def test_row_top_declines_nan() -> None:
    scores = _logits(4, coarse=False)
    scores[2, 77] = np.nan
    assert gen._row_top(scores, 16) is None


def test_log_normalizer_is_what_log_softmax_subtracts(monkeypatch: pytest.MonkeyPatch) -> None:
    logits = _logits(5, coarse=False)
    logits[1, :50] = -np.inf
    top = logits.max(axis=1, keepdims=True)
    expected = lg.log_softmax(logits.copy())
    for workers in (1, 2, 3):
        monkeypatch.setattr(lg, "PARALLEL_FROM", 1000)
        monkeypatch.setattr(lg, "_workers", lambda w=workers: w)
        monkeypatch.setattr(lg, "_pool", None)
        for block in (0, 256, 1000):
            got = lg.log_normalizer(logits, block)
            assert got.top.shape == got.log_total.shape == (len(logits), 1)
            np.testing.assert_array_equal(got.top, top)
            np.testing.assert_array_equal((logits - got.top) - got.log_total, expected)
            if block:
                assert got.maxima is not None
                np.testing.assert_array_equal(got.maxima, lg.block_maxima(logits, block))
                assert got.maxima.shape == (len(logits), -(-VOCAB // block))
            else:
                assert got.maxima is None
