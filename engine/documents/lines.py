"""A translation cut into one part per run of a text whose runs meet at inline markup
(Markdown's emphasis and links, a subtitle's tags) and at line breaks."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from engine.documents.base import split_like
from engine.text.segment import is_unspaced

# Where a word meets punctuation, punctuation a word or other punctuation, not at a space.
_EDGE = re.compile(r"(?<=\w)(?=[^\w\s])|(?<=[^\w\s])(?=[^\s])")
# Where a letter meets a digit or a digit a letter (H<sub>2</sub>O, hardware<sup>1</sup>).
_DIGIT_EDGE = re.compile(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])")
_NEWLINE = re.compile(r"\r?\n")
# Whitespace a line may break at: not a no-break space (U+00A0), a narrow one (U+202F, French
# before "!") or a figure space, which join their words ("M.\u00a0Dupont" is one).
_BREAKING = re.compile(r"[^\S\u00a0\u202f\u2007]+")
# Characters that forbid a break beside them: a word joiner (Standard Ebooks' "France\u2060—")
# and a zero-width no-break space.
_JOINERS = frozenset("\u2060\ufeff")


def words_of(text: str) -> str:
    """``text``'s words with one space between them: its breaking whitespace folded (a
    no-break space stays, as it joins its two words)."""
    return " ".join(w for w in _BREAKING.split(text) if w)


def fit_lines(text: str, runs: Sequence[str], breaks: frozenset[int]) -> list[str]:
    """``text`` cut into one part per run, the line-break runs kept as they are. When the
    translation has as many lines as the unit, line by line; otherwise its words are spread
    over the lines in proportion (a line break may move by a few words)."""
    if text == "".join(runs):
        return list(runs)
    groups: list[list[int]] = [[]]
    for i in range(len(runs)):
        if i in breaks:
            groups.append([])
        else:
            groups[-1].append(i)
    parts = {i: runs[i] for i in breaks}
    lines = _NEWLINE.split(text)
    same = len(lines) == len(groups)
    if same and all(g or not line.strip() for g, line in zip(groups, lines, strict=True)):
        for group, line in zip(groups, lines, strict=True):
            for i, part in zip(group, split_at_markup(line, [runs[i] for i in group]), strict=True):
                parts[i] = part
    else:
        writable = [i for i in range(len(runs)) if i not in breaks]
        cut = split_at_markup(words_of(text), [runs[i] for i in writable])
        for i, part in zip(writable, cut, strict=True):
            if i - 1 in breaks:
                part = part.lstrip()
            if i + 1 in breaks:
                part = part.rstrip()
            parts[i] = part
    return [parts[i] for i in range(len(runs))]


def split_at_markup(text: str, runs: Sequence[str]) -> list[str]:
    """``text`` cut into one part per run, for runs that meet at inline markup. Unlike
    ``split_like``: runs of spaces alone stay as they are (they separate two pieces of
    markup); every run with words gets words when there are enough (an empty run would leave
    ``****`` behind); where two runs met at a word's edge (``strike`` and ``.`` in
    ``~~strike~~.``) the cut prefers a word's edge, elsewhere a space; and each part keeps
    its run's own spaces at its two ends."""
    one_word = not _BREAKING.search(text) and not any(is_unspaced(c) for c in text)
    if len(runs) > 1 and one_word:
        # One word of a script written with spaces: not cut inside; the run with the most
        # text takes it.
        widest = max(range(len(runs)), key=lambda i: len(runs[i].strip()))
        return [text if i == widest else "" for i in range(len(runs))]
    if len(runs) <= 1 or text == "".join(runs) or not _BREAKING.search(text):
        return split_like(text, runs)  # unchanged, or no spaces to cut at (CJK)
    writable = [i for i, run in enumerate(runs) if run.strip()]
    words = words_of(text)
    # Two runs with words meet at a word's edge only when nothing but empty runs lies
    # between them: a run of spaces between an image and an emphasis separates them.
    joined = [
        all(not r for r in runs[a + 1 : b])
        and not runs[a][-1:].isspace()
        and not runs[b][:1].isspace()
        for a, b in itertools.pairwise(writable)
    ]
    # Where they met (")" and "."): a cut between the same two characters is best.
    met = [runs[a][-1:] + runs[b][:1] for a, b in itertools.pairwise(writable)]
    # A run of spaces alone counts with the run with words before it: the translation's
    # words have its space too, and left out each cut after it fell a space further behind
    # (two such runs in a footnote's <sup> put "<emphasis>" on the word before its own).
    sized = ["".join(runs[a:b]) for a, b in itertools.pairwise([*writable, len(runs)])]
    cut = _cut_words(words, sized, joined, met) if writable else []
    out = list(runs)
    carry = False  # a space taken off a part's end, owed to the next part
    for i, part in zip(writable, cut, strict=True):
        run, core = runs[i], part.strip()
        lead, trail = run[: len(run) - len(run.lstrip())], run[len(run.rstrip()) :]
        if carry and core and not lead:
            lead = " "
        out[i] = lead + core + trail if core else ""
        # "**dies** und" rather than "**dies**und" or "**dies **und"; not when a run of
        # spaces alone follows, which already separates the words.
        carry = part[-1:].isspace() and not trail and i + 1 in writable
    if not writable:
        out[0] = text
    return out


def _cut_words(
    text: str, runs: Sequence[str], joined: Sequence[bool], met: Sequence[str] = ()
) -> list[str]:
    """``text`` (words with single spaces) cut at spaces, word edges and where a letter
    meets a digit, each cut as near as it can be to the runs' proportions, every run getting
    a part that is not empty. ``joined[j]``: whether runs j and j + 1 meet at a word's edge,
    where a cut prefers one of the same kind;
    ``met[j]``: the two characters they meet at, where a cut prefers the same two (the link
    ``[the guide (PDF)](g.pdf).`` translated: "(PDF" and ")." cut the bracket off)."""
    if len(runs) == 1:
        return [text]
    # Each place a cut may fall, as a space (""), a word's edge (".") or a letter's meeting
    # with a digit ("9"): a cut between runs that met at a word's edge wants the same kind
    # (a footnote's number after its word, not "TC|39" inside a link's "TC39 process").
    kinds = (
        dict.fromkeys((m.start() for m in _DIGIT_EDGE.finditer(text)), "9")
        | dict.fromkeys((m.start() for m in _EDGE.finditer(text)), ".")
        | dict.fromkeys((m.end() for m in re.finditer(" ", text)), "")
    )
    wanted = [
        ("9" if j < len(met) and _DIGIT_EDGE.search(met[j]) else ".") if joined[j] else ""
        for j in range(len(runs) - 1)
    ]
    # (never beside a word joiner, which forbids a break there)
    candidates = [c for c in sorted(kinds) if not _JOINERS.intersection(text[c - 1 : c + 1])]
    total = sum(len(r) for r in runs) or 1
    wants = list(itertools.accumulate(len(r) * len(text) / total for r in runs[:-1]))
    if len(candidates) < len(runs) - 1:
        return split_like(text, runs)
    penalty = max(4.0, len(text) / 4)
    # best[n]: the least cost of the cuts so far with the latest at candidates[n]; each cut
    # after the one before (so no run is empty) and before the end.
    inf = float("inf")
    best = [inf] * len(candidates)
    back: list[list[int]] = []
    for j, want in enumerate(wants):
        row = [-1] * len(candidates)
        new = [inf] * len(candidates)
        low, low_at = (0.0, -1) if j == 0 else (inf, -1)
        for n, c in enumerate(candidates):
            if j > 0 and n > 0 and best[n - 1] < low:
                low, low_at = best[n - 1], n - 1
            if c <= 0 or c >= len(text) or low == inf:
                continue
            mismatch = penalty if kinds[c] != wanted[j] else 0.0
            if joined[j] and j < len(met) and text[c - 1 : c + 1] != met[j]:
                mismatch += 2.0
            new[n] = low + abs(c - want) + mismatch
            row[n] = low_at
        best = new
        back.append(row)
    end = min(range(len(candidates)), key=lambda n: best[n])
    if best[end] == inf:
        return split_like(text, runs)
    cuts = [0] * len(wants)
    for j in range(len(wants) - 1, -1, -1):
        cuts[j] = candidates[end]
        end = back[j][end]
    bounds = [0, *cuts, len(text)]
    return [text[a:b] for a, b in itertools.pairwise(bounds)]
