"""Spot degenerate repetition in a model's output, so a task can flag the segment as suspect.

Detection only: nothing here changes an output. Two signs count:

* a run — the same n-gram (of words, punctuation marks, CJK characters or token ids) at least
  four times in a row ("the the the the", "I am. I am. I am. I am."), or a phrase of four or
  more words three times in a row. "very very good", "Location, location, location" and
  "p.m. p.m. p.m." pass.
* a runaway tail — given the source, an output far longer than it whose excess is one n-gram
  repeated at the end (a loop cut off by the length limit).

When the source itself contains a run, a run in the output is taken as faithful. A word said
four times in a row in a sentence of its own is flagged: "Buffalo buffalo Buffalo buffalo
buffalo" (words compare case-insensitively) is, like "no no no no", indistinguishable from a
stuck decoder by form alone, and a flag only asks a person to look.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from engine.text.segment import is_unspaced

Tokens = str | Sequence[str] | Sequence[int]

_MIN_COPIES = 4  # any unit this many times in a row
_PHRASE_COPIES = 3  # ...or a phrase of at least _PHRASE_WORDS words this many times
_PHRASE_WORDS = 4
_MAX_PERIOD = 64  # longest unit looked for, in tokens
# An output is "far longer" than its source past this many tokens per source token (CJK
# characters count one each, so a Japanese translation of English runs long legitimately)...
_LENGTH_RATIO = 3.0
_LENGTH_SLACK = 10  # ...plus this many, for short sentences.
_TOKEN = re.compile(r"\w+|[^\w\s]+")


@dataclass(frozen=True)
class Repetition:
    """``unit`` repeats ``copies`` times in tokens ``start:end``; ``kind`` is run or tail."""

    kind: str
    unit: tuple[str | int, ...]
    copies: int
    start: int
    end: int


def is_degenerate(output: Tokens, source: Tokens | None = None) -> bool:
    """True when ``output`` shows degenerate repetition (see the module docstring)."""
    return find_repetition(output, source) is not None


def find_repetition(output: Tokens, source: Tokens | None = None) -> Repetition | None:
    """The repetition that makes ``output`` degenerate, or None.

    ``output`` and ``source`` are texts or token sequences (strings or ids), both of one kind.
    """
    tokens = _tokens(output)
    source_tokens = _tokens(source) if source is not None else None
    if source_tokens is None or _worst_run(source_tokens) is None:
        run = _worst_run(tokens)
        if run is not None:
            return run
    if source_tokens is not None:
        return _runaway_tail(tokens, len(source_tokens))
    return None


def _tokens(value: Tokens) -> list[str | int]:
    if not isinstance(value, str):
        return [token.casefold() if isinstance(token, str) else token for token in value]
    tokens: list[str | int] = []
    for match in _TOKEN.finditer(value):
        word = match.group().casefold()
        if word.isascii() or not any(is_unspaced(char) for char in word):
            tokens.append(word)
            continue
        # Scripts without spaces: each character is a token, like a word elsewhere.
        pending = ""
        for char in word:
            if is_unspaced(char):
                if pending:
                    tokens.append(pending)
                    pending = ""
                tokens.append(char)
            else:
                pending += char
        if pending:
            tokens.append(pending)
    return tokens


def _runs(tokens: Sequence[str | int]) -> list[Repetition]:
    """Every maximal periodic stretch with at least two full copies of a unit with letters."""
    runs: list[Repetition] = []
    for period in range(1, min(_MAX_PERIOD, len(tokens) // 2) + 1):
        matched = 0
        for i in range(period, len(tokens) + 1):
            if i < len(tokens) and tokens[i] == tokens[i - period]:
                matched += 1
                continue
            if matched >= period:
                start = i - matched - period
                unit = tuple(tokens[start : start + period])
                if _wordlike(unit):
                    copies = (matched + period) // period
                    runs.append(Repetition("run", unit, copies, start, i))
            matched = 0
    return runs


def _worst_run(tokens: Sequence[str | int]) -> Repetition | None:
    for run in sorted(_runs(tokens), key=lambda run: (-run.copies, run.start)):
        words = sum(1 for token in run.unit if _is_word(token))
        long_phrase = words >= _PHRASE_WORDS and run.copies >= _PHRASE_COPIES
        if run.copies >= _MIN_COPIES or long_phrase:
            return run
    return None


def _runaway_tail(tokens: Sequence[str | int], source_length: int) -> Repetition | None:
    limit = _LENGTH_RATIO * source_length + _LENGTH_SLACK
    if len(tokens) <= limit:
        return None
    for run in _runs(tokens):
        # Without the copies after the first, the output would be of a believable length.
        repeated = run.end - run.start - len(run.unit)
        if run.end == len(tokens) and len(tokens) - repeated <= limit:
            return Repetition("tail", run.unit, run.copies, run.start, run.end)
    return None


def _wordlike(unit: tuple[str | int, ...]) -> bool:
    # Rows of numbers, dots or dashes ("0 0 0 0", "-----") are layout, not a stuck decoder.
    return any(isinstance(token, int) or any(c.isalpha() for c in token) for token in unit)


def _is_word(token: str | int) -> bool:
    return isinstance(token, int) or any(c.isalnum() for c in token)


__all__ = ["Repetition", "find_repetition", "is_degenerate"]
