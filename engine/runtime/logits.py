"""Logits processors: numpy ports of the ``transformers`` processors that ``generate()`` builds
from a generation config, with the same float32 arithmetic, so that they come out bit for bit
alike (log-softmax alone differs in the last bit: numpy's exp and log are not torch's).

Every processor takes ``sequences`` (rows, cur_len) int64 — the decoder tokens so far, starting
with the decoder start token — and ``scores`` (rows, vocab) float32, and returns the scores. It
may write into ``scores``: the caller hands over an array it owns.
"""

from __future__ import annotations

import functools
import itertools
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from numpy.typing import NDArray

from engine.errors import InputError
from engine.runtime.backend import FloatArray, IntArray

if TYPE_CHECKING:
    from concurrent.futures import ThreadPoolExecutor

NEG_INF = np.float32(-math.inf)


class Processor(Protocol):
    def __call__(self, sequences: IntArray, scores: FloatArray) -> FloatArray: ...


class Scratch:
    """Arrays reused from one decoder step to the next, by name.

    A fresh multi-megabyte array costs a page fault per 4 KiB on first touch, often more than
    the arithmetic done in it (rows x vocab is 30 MB for 128 beams of a 58k vocabulary).
    """

    def __init__(self) -> None:
        self._flat: dict[str, NDArray[Any]] = {}

    def get(self, name: str, shape: tuple[int, ...], dtype: type[np.generic]) -> NDArray[Any]:
        size = math.prod(shape)
        flat = self._flat.get(name)
        if flat is None or flat.size < size or flat.dtype != dtype:
            flat = np.empty(size, dtype=dtype)
            self._flat[name] = flat
        return flat[:size].reshape(shape)


# Rows x vocab from which log-softmax is split over threads (numpy releases the GIL in its
# ufuncs; the decoder is idle meanwhile, so the other cores are free). Each row is computed
# exactly as in one piece, so the result is bit for bit the same.
PARALLEL_FROM = 2_000_000
_pool: ThreadPoolExecutor | None = None


@functools.cache
def _workers() -> int:
    # Asked at every decoder step; os.cpu_count() reads /sys each time (60 us here).
    return min(4, os.cpu_count() or 1)


def _threads(workers: int) -> ThreadPoolExecutor:
    """The pool of ``workers`` threads, started by the first batch large enough to use it
    (concurrent.futures, and the logging it loads, cost one sentence 8 ms of imports)."""
    global _pool
    if _pool is None:
        from concurrent.futures import ThreadPoolExecutor

        _pool = ThreadPoolExecutor(workers, thread_name_prefix="quire-softmax")
    return _pool


def log_softmax(
    scores: FloatArray, *, out: FloatArray | None = None, scratch: Scratch | None = None
) -> FloatArray:
    """``torch.log_softmax`` over the last axis in float32: (x - max) - log(sum(exp(x - max))).

    ``out`` may be ``scores`` itself (in place); ``scratch`` saves the exp temporary. Large 2-D
    inputs are computed in row blocks on several threads.
    """
    exp_out = None if scratch is None else scratch.get("exp", scores.shape, np.float32)
    if out is None:
        out = np.empty(scores.shape, dtype=np.float32)
    workers = _workers()
    if scores.ndim != 2 or scores.size < PARALLEL_FROM or workers < 2 or len(scores) < 2:
        return _log_softmax(scores, out, exp_out)
    pool = _threads(workers)
    bounds = np.linspace(0, len(scores), min(workers, len(scores)) + 1).astype(int)
    blocks = [
        pool.submit(
            _log_softmax,
            scores[a:b],
            out[a:b],
            None if exp_out is None else exp_out[a:b],
        )
        for a, b in itertools.pairwise(bounds)
    ]
    for block in blocks:
        block.result()
    return out


def block_maxima(scores: FloatArray, block: int) -> FloatArray:
    """The maximum of each run of ``block`` columns of each row of a 2-D ``scores`` (the last
    run may be shorter): shape (rows, ceil(width / block))."""
    rows, width = scores.shape
    whole = width // block
    maxima: FloatArray = np.empty((rows, -(-width // block)), dtype=np.float32)
    scores[:, : whole * block].reshape(rows, whole, block).max(axis=2, out=maxima[:, :whole])
    if width % block:
        scores[:, whole * block :].max(axis=1, out=maxima[:, whole])
    return maxima


@dataclass(frozen=True)
class Normalizer:
    """What ``log_softmax`` computes of each row before subtracting: ``top`` (rows, 1), the
    row maximum, and ``log_total`` (rows, 1), ``log(sum(exp(x - top)))``; and, when asked,
    ``maxima``, the ``block_maxima`` of the rows (None otherwise)."""

    top: FloatArray
    log_total: FloatArray
    maxima: FloatArray | None


def log_normalizer(scores: FloatArray, block: int = 0) -> Normalizer:
    """``log_softmax``'s row maxima and log-normaliser of a 2-D ``scores``, bit for bit,
    without writing a log-probability; with ``block``, the row maxima come from the maxima of
    each run of ``block`` columns, which are returned too.

    Rows go through a small buffer a few at a time, so the exp temporary stays in the CPU
    cache, and each row is read from memory once; large inputs are split over threads like
    ``log_softmax``.
    """
    rows = len(scores)
    top = np.empty((rows, 1), dtype=np.float32)
    log_total = np.empty((rows, 1), dtype=np.float32)
    maxima = np.empty((rows, -(-scores.shape[1] // block)), np.float32) if block else None
    parts = [(0, rows)]
    workers = _workers()
    if scores.size >= PARALLEL_FROM and workers >= 2 and rows >= 2:
        bounds = np.linspace(0, rows, min(workers, rows) + 1).astype(int)
        parts = list(itertools.pairwise(bounds))

    def part(a: int, b: int) -> None:
        buffer = np.empty((min(_NORMALIZER_ROWS, b - a), scores.shape[1]), dtype=np.float32)
        for start in range(a, b, _NORMALIZER_ROWS):
            end = min(start + _NORMALIZER_ROWS, b)
            chunk, here = scores[start:end], buffer[: end - start]
            if maxima is not None:
                maxima[start:end] = block_maxima(chunk, block)
                maxima[start:end].max(axis=1, keepdims=True, out=top[start:end])
            else:
                chunk.max(axis=1, keepdims=True, out=top[start:end])
            np.subtract(chunk, top[start:end], out=here)
            np.exp(here, out=here)
            # The same float32 row sums as _log_softmax's (one contiguous row at a time).
            here.sum(axis=-1, keepdims=True, dtype=np.float32, out=log_total[start:end])

    if len(parts) == 1:
        part(0, rows)
    else:
        pool = _threads(workers)
        for done in [pool.submit(part, a, b) for a, b in parts]:
            done.result()
    with np.errstate(divide="ignore"):
        np.log(log_total, out=log_total)
    return Normalizer(top, log_total, maxima)


# Rows per pass of log_normalizer's buffer: 8 x 58k float32 = 1.9 MB.
_NORMALIZER_ROWS = 8


def _log_softmax(scores: FloatArray, out: FloatArray, exp_out: FloatArray | None) -> FloatArray:
    shifted: FloatArray = np.subtract(scores, scores.max(axis=-1, keepdims=True), out=out)
    total = np.exp(shifted, out=exp_out).sum(axis=-1, keepdims=True, dtype=np.float32)
    with np.errstate(divide="ignore"):
        shifted -= np.log(total)
    return shifted


def apply(processors: Sequence[Processor], sequences: IntArray, scores: FloatArray) -> FloatArray:
    for processor in processors:
        scores = processor(sequences, scores)
    return scores


def _in_vocab(tokens: Sequence[int], vocab: int) -> list[int]:
    # transformers tests membership with torch.isin over arange(vocab): ids outside the
    # vocabulary simply never match.
    return [t for t in tokens if 0 <= t < vocab]


@dataclass(frozen=True)
class RepetitionPenalty:
    """Divide positive / multiply negative scores of every token already in the sequence."""

    penalty: float

    def __call__(self, sequences: IntArray, scores: FloatArray) -> FloatArray:
        penalty = np.float32(self.penalty)
        seen = np.take_along_axis(scores, sequences, axis=1)
        seen = np.where(seen < 0, seen * penalty, seen / penalty)
        np.put_along_axis(scores, sequences, seen, axis=1)
        return scores


@dataclass(frozen=True)
class NoRepeatNGram:
    """Ban every token that would complete an n-gram already present in the sequence."""

    size: int

    def __call__(self, sequences: IntArray, scores: FloatArray) -> FloatArray:
        n = self.size
        length = sequences.shape[1]
        if n == 1:
            np.put_along_axis(scores, sequences, NEG_INF, axis=1)
            return scores
        starts = length - n + 1  # n-grams that fit entirely in the sequence
        if starts <= 0:
            return scores
        tail = sequences[:, length - n + 1 :]  # the n-1 newest tokens
        windows = sliding_window_view(sequences, n - 1, axis=1)[:, :starts, :]
        hit_rows, hit_starts = np.nonzero((windows == tail[:, None, :]).all(axis=2))
        scores[hit_rows, sequences[hit_rows, hit_starts + n - 1]] = NEG_INF
        return scores


@dataclass(frozen=True)
class NoBadWords:
    """Never complete one of ``bad_words`` (transformers' SequenceBias with -inf).

    ``eos_token_id`` alone is never banned: transformers filters the single-token EOS entries.
    """

    bad_words: tuple[tuple[int, ...], ...]
    eos_token_id: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        eos_alone = {(e,) for e in self.eos_token_id}
        words = tuple(dict.fromkeys(w for w in self.bad_words if w not in eos_alone))
        object.__setattr__(self, "bad_words", words)

    def __call__(self, sequences: IntArray, scores: FloatArray) -> FloatArray:
        vocab = scores.shape[1]
        too_big = sorted({t for w in self.bad_words for t in w if t >= vocab})
        if too_big:
            raise InputError(
                f"bad_words_ids holds token ids beyond the vocabulary of {vocab}: {too_big}",
                message_id="generation.beyond_vocabulary",
                params={"vocab": vocab},
            )
        length = sequences.shape[1]
        singles = [w[0] for w in self.bad_words if len(w) == 1]
        if singles:
            scores[:, singles] = NEG_INF
        for word in self.bad_words:
            if len(word) == 1 or len(word) > length:
                continue
            prefix = np.asarray(word[:-1], dtype=sequences.dtype)
            match = (sequences[:, length - len(prefix) :] == prefix).all(axis=1)
            scores[match, word[-1]] = NEG_INF
        return scores


@dataclass(frozen=True)
class MinLength:
    """Forbid EOS while the sequence (start token included) is shorter than ``min_length``."""

    min_length: int
    eos_token_id: tuple[int, ...]

    def __call__(self, sequences: IntArray, scores: FloatArray) -> FloatArray:
        if sequences.shape[1] < self.min_length:
            scores[:, _in_vocab(self.eos_token_id, scores.shape[1])] = NEG_INF
        return scores


@dataclass(frozen=True)
class ForcedBOS:
    """Force ``token_id`` as the first generated token."""

    token_id: int

    def __call__(self, sequences: IntArray, scores: FloatArray) -> FloatArray:
        if sequences.shape[1] == 1:
            scores.fill(NEG_INF)
            scores[:, self.token_id] = 0
        return scores


@dataclass(frozen=True)
class ForcedEOS:
    """Force ``eos_token_id`` as the last token, when ``max_length`` is about to be reached."""

    max_length: int
    eos_token_id: tuple[int, ...]

    def __call__(self, sequences: IntArray, scores: FloatArray) -> FloatArray:
        if sequences.shape[1] == self.max_length - 1:
            scores.fill(NEG_INF)
            scores[:, list(self.eos_token_id)] = 0
        return scores


@dataclass(frozen=True)
class RemoveInvalid:
    """Replace NaN by 0 and ±inf by the largest finite float32 values."""

    def __call__(self, sequences: IntArray, scores: FloatArray) -> FloatArray:
        info = np.finfo(np.float32)
        return np.nan_to_num(scores, copy=False, nan=0.0, posinf=info.max, neginf=info.min)


@dataclass(frozen=True)
class SuppressTokens:
    tokens: tuple[int, ...]

    def __call__(self, sequences: IntArray, scores: FloatArray) -> FloatArray:
        scores[:, _in_vocab(self.tokens, scores.shape[1])] = NEG_INF
        return scores


@dataclass(frozen=True)
class SuppressTokensAtBegin:
    """Suppress ``tokens`` at the step where the sequence is ``begin_index`` long."""

    tokens: tuple[int, ...]
    begin_index: int

    def __call__(self, sequences: IntArray, scores: FloatArray) -> FloatArray:
        if sequences.shape[1] == self.begin_index:
            scores[:, _in_vocab(self.tokens, scores.shape[1])] = NEG_INF
        return scores


# Processors that only ever set scores to -inf, at entries chosen from the sequences alone.
_MASKS = (NoRepeatNGram, NoBadWords, MinLength, SuppressTokens, SuppressTokensAtBegin)


def masks_only(processors: Sequence[Processor], length: int) -> bool:
    """Whether, for sequences of ``length`` tokens, the processors at most set some scores to
    -inf, whatever the scores are. Then they ban the same entries when run on the raw logits,
    and log-softmax, which transformers computes before them, changes no ranking within a row.
    """
    for processor in processors:
        if isinstance(processor, _MASKS):
            continue
        if isinstance(processor, ForcedBOS) and length != 1:
            continue
        if isinstance(processor, ForcedEOS) and length != processor.max_length - 1:
            continue
        return False
    return True


class Renormalize:
    """transformers' LogitNormalization: log-softmax again after the other processors."""

    def __init__(self) -> None:
        self._scratch = Scratch()

    def __call__(self, sequences: IntArray, scores: FloatArray) -> FloatArray:
        return log_softmax(scores, out=scores, scratch=self._scratch)


__all__ = [
    "ForcedBOS",
    "ForcedEOS",
    "MinLength",
    "NoBadWords",
    "NoRepeatNGram",
    "Normalizer",
    "Processor",
    "RemoveInvalid",
    "Renormalize",
    "RepetitionPenalty",
    "Scratch",
    "SuppressTokens",
    "SuppressTokensAtBegin",
    "apply",
    "block_maxima",
    "log_normalizer",
    "log_softmax",
    "masks_only",
]
