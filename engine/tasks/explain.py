"""Explain a classification by occlusion: take each word of the text out in turn and measure how
far the top label's score falls; the falls become weighted character spans (a heat map)."""

from __future__ import annotations

import itertools
from collections.abc import Callable

import numpy as np

from engine.api import Attribution
from engine.runtime.backend import FloatArray
from engine.runtime.tokenizer import TextTokenizer
from engine.text.segment import is_unspaced

Scorer = Callable[[list[str]], FloatArray]  # texts -> (texts, labels) scores


def words(tokenizer: TextTokenizer, text: str) -> list[tuple[int, int]]:
    """Character spans of the units to occlude: the model's tokens, with the pieces of one word
    joined (``play`` + ``##ing``). Scripts written without spaces keep one unit per token.
    Only the tokens inside the model's window count: text past it never reaches the model."""
    batch = tokenizer.encode_batch([text])
    spans: list[tuple[int, int]] = []
    for (start, end), seq in zip(batch.offsets[0].tolist(), batch.sequence_ids[0], strict=True):
        if seq != 0 or end <= start:
            continue
        # Overlapping tokens are byte-level pieces of one character; touching ones may be
        # pieces of one word.
        previous = spans[-1][1] if spans else -1
        if previous > start or (previous == start and _joins(text, start)):
            spans[-1] = (spans[-1][0], max(end, previous))
        else:
            spans.append((start, end))
    # Byte-level BPE tokens carry the space before the word (" children"): the word alone.
    trimmed = [(s + len(text[s:e]) - len(text[s:e].lstrip()), e) for s, e in spans]
    trimmed = [(s, s + len(text[s:e].rstrip())) for s, e in trimmed]
    return [(s, e) for s, e in trimmed if e > s]


def grouped(spans: list[tuple[int, int]], most: int) -> list[tuple[int, int]]:
    """``spans`` (in order) joined into at most ``most`` runs of neighbours, as even in
    length as can be: each run spans from its first span's start to its last one's end."""
    if len(spans) <= most:
        return spans
    bounds = np.linspace(0, len(spans), most + 1).round().astype(int)
    return [(spans[a][0], spans[b - 1][1]) for a, b in itertools.pairwise(bounds) if b > a]


def _joins(text: str, start: int) -> bool:
    """Whether a token starting at ``start`` continues the word before it."""
    before, after = text[start - 1], text[start]
    return _wordlike(before) and _wordlike(after)


def _wordlike(char: str) -> bool:
    return (char.isalnum() or char in "_'’") and not is_unspaced(char)


def without(text: str, start: int, end: int) -> str:
    """``text`` with ``[start, end)`` removed together with one neighbouring space, so the rest
    tokenizes as it would have (no doubled spaces)."""
    if end < len(text) and text[end] == " ":
        end += 1
    elif start > 0 and text[start - 1] == " ":
        start -= 1
    return text[:start] + text[end:]


def occlusion(
    tokenizer: TextTokenizer, text: str, top: int, base: float, score: Scorer
) -> tuple[Attribution, ...]:
    """One attribution per word: ``base`` (the top label's score for the whole text) minus the
    top label's score without that word. Positive weights support the label, negative ones
    speak against it."""
    spans = words(tokenizer, text)
    if not spans:
        return ()
    scores = score([without(text, s, e) for s, e in spans])
    drops = base - np.asarray(scores[:, top], dtype=np.float64)
    return tuple(
        Attribution(start=s, end=e, weight=float(d)) for (s, e), d in zip(spans, drops, strict=True)
    )
