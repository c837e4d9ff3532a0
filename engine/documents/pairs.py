"""Inline markup as placeholders a translation places: a unit's pieces (``Bit``: text, line
breaks, markup of one placeholder, or a pair of them around words), and how the translated
text is written back with each piece of markup where the translation put it, set apart from
the words around it as the format's parser needs (``Apart``). reStructuredText's, Org's,
AsciiDoc's, Typst's and Markdown's."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from engine.documents.lines import fit_lines
from engine.documents.runs import BREAK, CODE, TEXT, boundary, inserted, tokens_of
from engine.text.segment import is_unspaced

Piece = tuple[int, int]

# What a piece of a unit is: text, a line break, markup of one placeholder (runs.py's kinds,
# which Markdown's pieces are too), or a pair's half.
OPEN, CLOSE = "open", "close"


@dataclass(frozen=True)
class Apart:
    """What a format's parser needs around markup: ``opens(c)``, whether it may start after
    character ``c``; ``closes(c)``, end before it; ``glue``, what is written between markup
    and a letter of a script written without spaces, or other markup (reST's escaped space).
    ``held``: what a pair the translation left with no words (and that has no bare form)
    leaves: the space it held, or nothing where markup may stand inside a word (AsciiDoc's
    ``**C**reate``). ``after``: a format's own pass over the placed words and markup, where
    its rules are not these (AsciiDoc's, whose marks are doubled next to such a letter)."""

    opens: Callable[[str], bool]
    closes: Callable[[str], bool]
    glue: str
    held: str = " "
    after: Callable[[list[str | Mark]], list[str | Mark]] | None = None


def width(text: str) -> int:
    """Columns as docutils counts them: wide characters two, combining marks none."""
    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
        for c in text
    )


def placed(
    text: str,
    bits: Sequence[Bit],
    source: str,
    escapes: dict[int, str],
    apart: Apart,
    in_copy: Callable[[str], str] | None = None,
) -> list[str]:
    r"""The parts of a unit with markup, one per piece: each line's text, the markup where
    the translation put its placeholder (with the space or ``\ `` reST needs around it), in
    the line's first piece. A placeholder the translation lost goes back where its markup
    stood, in proportion. A pair it broke (a half lost, or the two swapped) would enclose
    what it did not: an emphasis is dropped, its words kept; a link is written bare (its
    address alone, or a named reference as it was) where its closing half, or else its
    opening half, stands. In a bilingual copy, markup is written as ``in_copy`` says, and a
    pair whose closing half it writes as nothing is dropped (reST's anonymous reference: the
    source's takes its target)."""
    marks = [i for i, b in enumerate(bits) if b.kind not in (TEXT, BREAK)]
    partner: dict[int, int] = {}
    opened: list[int] = []
    for k, i in enumerate(marks):
        if bits[i].kind == OPEN:
            opened.append(k)
        elif bits[i].kind == CLOSE:
            partner[k] = opened.pop()
            partner[partner[k]] = k
    tokens = tokens_of(text, len(marks))
    found = {t: j for j, t in enumerate(tokens) if isinstance(t, int)}
    dropped: set[int] = set()
    bare: set[int] = set()  # (the half that a broken link is written at)
    for k, other in partner.items():
        if k > other:
            continue
        if in_copy is not None and not in_copy(source[slice(*bits[marks[other]].span)]):
            dropped |= {k, other}
        elif not (k in found and other in found and found[k] < found[other]):
            if bits[marks[k]].bare:
                at = other if other in found or k not in found else k
                bare.add(at)
                dropped.add(k if at == other else other)
            else:
                dropped |= {k, other}
    tokens = [t for t in tokens if t not in dropped]
    plain = "".join(t for t in tokens if isinstance(t, str))
    runs = [source[slice(*b.span)] if b.kind in (TEXT, BREAK) else "" for b in bits]
    total = max(sum(map(len, runs)), 1)
    kept = {t for t in tokens if isinstance(t, int)}
    missing = [(k, i) for k, i in enumerate(marks) if k not in kept and k not in dropped]
    nearest = boundary(plain) if missing else None  # (found only for placeholders lost)
    lost = [
        (nearest(round(len(plain) * sum(map(len, runs[:i])) / total)), k)
        for k, i in missing
        if nearest is not None
    ]
    tokens = inserted(tokens, sorted(lost))
    out: list[str | Mark] = []
    for j, t in enumerate(tokens):
        if isinstance(t, str):
            out.append(t.translate(escapes) if escapes else t)
            continue
        bit = bits[marks[t]]
        if t in bare:
            written = bits[marks[min(t, partner[t])]].bare
            out.append(Mark(t, CODE, in_copy(written) if in_copy else written, loose=bit.loose))
            continue
        written = source[slice(*bit.span)]
        if in_copy is not None and bit.kind != OPEN:
            written = in_copy(written)
            if not written:  # (nor the space before it, before punctuation: "note [#]_.",
                # nor one of the two around it: "a <<anchor>> target")
                after = tokens[j + 1] if j + 1 < len(tokens) else ""
                c = after[:1] if isinstance(after, str) else ""
                before = out[-1] if out and isinstance(out[-1], str) else ""
                if c and not c.isspace() and apart.closes(c) and before:
                    out[-1] = before.rstrip()
                elif isinstance(after, str) and c in (" ", "\t") and before[-1:].isspace():
                    tokens[j + 1] = after.lstrip(" \t")
                continue
        opening = bits[marks[partner[t]]] if bit.kind == CLOSE else bit
        if bit.kind == CLOSE and (bit.renamed or opening.renamed):
            words = source[opening.span[1] : bit.span[0]]
            inside = "".join(x for x in out[_last(out, partner[t]) + 1 :] if isinstance(x, str))
            if " ".join(inside.split()) != " ".join(words.split()):
                # (the words translated: the target named as before, or named at all where
                # the words were the target's: a wiki's ``[[Paris]]`` as ``[[Paris|Parigi]]``)
                written = bit.renamed or written
                mark = out[_last(out, partner[t])]
                if opening.renamed and isinstance(mark, Mark):
                    mark.written = opening.renamed
        empty = in_copy(bit.bare) if in_copy else bit.bare
        out.append(Mark(t, bit.kind, written, empty, bit.loose))
    spaced = _spaced(out, apart)
    return _lines(apart.after(spaced) if apart.after else spaced, bits, source)


@dataclass
class Mark:
    """Markup placed in a translation: placeholder ``number`` (from 0), ``written`` so."""

    number: int
    kind: str
    written: str
    bare: str = ""
    loose: bool = False


def _last(out: Sequence[str | Mark], number: int) -> int:
    return next(j for j in range(len(out) - 1, -1, -1) if getattr(out[j], "number", -1) == number)


def _spaced(tokens: list[str | Mark], apart: Apart) -> list[str | Mark]:
    r"""The markup set apart as the format's parser reads it: inside a pair no space next to
    its marks (and a pair with no words its bare form); outside, before a start and after an
    end, whitespace or what ``apart`` allows, else a space (``apart.glue`` next to a character
    of a script written without spaces, or to other markup: reST's ``\ ``, which docutils
    shows as none). Loose markup (Org's links) needs nothing around it."""
    out = [t for t in tokens if not isinstance(t, str) or t]
    for j, t in enumerate(out):
        # (a space the translation put inside, between the mark and a word outside it, goes
        # outside: "ZXQ1QReichen ZXQ2QText", where markup may stand inside a word)
        prior = out[j - 1] if j > 0 else None
        after = out[j + 1] if j + 1 < len(out) else None
        if isinstance(t, Mark) and t.kind == OPEN and isinstance(after, str):
            out[j + 1] = after.lstrip()
            moved = out[j + 1] != after and not _emptied(out, j, j + 2)
            if moved and isinstance(prior, str) and _worded(prior[-1:]):
                out[j - 1] = prior + " "
        if isinstance(t, Mark) and t.kind == CLOSE and isinstance(prior, str):
            out[j - 1] = prior.rstrip()
            moved = out[j - 1] != prior and not _emptied(out, j - 2, j)
            if moved and isinstance(after, str) and _worded(after[:1]):
                out[j + 1] = " " + after
    out = [t for t in out if not isinstance(t, str) or t]
    j = len(out) - 1
    while j > 0:  # (a pair left empty: its bare form, or the space it held: ``apart.held``)
        t, before = out[j], out[j - 1]
        if (
            isinstance(t, Mark)
            and isinstance(before, Mark)
            and (before.kind, t.kind) == (OPEN, CLOSE)
        ):
            empty = Mark(before.number, CODE, before.bare) if before.bare else apart.held
            out[j - 1 : j + 1] = [empty] if empty else []
        j = min(j - 1, len(out) - 1)
    for j, t in enumerate(out):
        if not isinstance(t, Mark) or t.loose:
            continue
        prior = out[j - 1] if j > 0 else None
        after = out[j + 1] if j + 1 < len(out) else None
        if t.kind in (CODE, OPEN) and prior is not None:
            c = prior[-1:] if isinstance(prior, str) else prior.written[-1:]
            if not (c.isspace() or apart.opens(c)):
                if isinstance(prior, str) and not is_unspaced(c):
                    out[j - 1] = prior + " "
                else:
                    t.written = apart.glue + t.written
        if t.kind in (CODE, CLOSE) and after is not None:
            c = after[:1] if isinstance(after, str) else after.written[:1]
            if not (c.isspace() or apart.closes(c)):
                if isinstance(after, str) and not is_unspaced(c):
                    out[j + 1] = " " + after
                else:
                    t.written += apart.glue
    return out


def _emptied(out: Sequence[str | Mark], a: int, b: int) -> bool:
    """Whether ``out[a]`` and ``out[b]`` open and close a pair with only whitespace between
    (which holds the space: ``Apart.held``)."""
    first, last = out[a] if a >= 0 else None, out[b] if b < len(out) else None
    return (
        isinstance(first, Mark)
        and isinstance(last, Mark)
        and (first.kind, last.kind) == (OPEN, CLOSE)
        and not "".join(str(t) for t in out[a + 1 : b]).strip()
    )


def _worded(c: str) -> bool:
    """Whether ``c`` is a letter or digit of a script written with spaces."""
    return c.isalnum() and not is_unspaced(c)


def _lines(tokens: Sequence[str | Mark], bits: Sequence[Bit], source: str) -> list[str]:
    """The placed translation cut into the unit's lines (as :func:`fit_lines` cuts a text,
    never inside markup, nor between markup and the word it is set against: ``*may*``
    split over two lines is no emphasis), each line written in its first piece."""
    groups: list[list[int]] = [[]]
    for i, b in enumerate(bits):
        if b.kind == BREAK:
            groups.append([])
        else:
            groups[-1].append(i)
    marks = [t.written for t in tokens if isinstance(t, Mark)]
    words = "".join(t for t in tokens if isinstance(t, str))
    base = _STAND_IN  # (past any such letter the text holds)
    while any(base <= ord(c) < base + len(marks) for c in words):
        base += len(marks)
    stand_in = iter(range(base, base + len(marks)))
    text = "".join(t if isinstance(t, str) else chr(next(stand_in)) for t in tokens)
    runs: list[str] = []
    for n, group in enumerate(groups):
        if n:  # (the lines met at a space: a cut goes at one, not at a word's edge)
            runs[-1] += " "
            runs.append("\n")
        runs.append("".join(source[slice(*bits[i].span)] for i in group))
    breaks = frozenset(range(1, len(runs), 2))
    lines = [
        part.strip() for n, part in enumerate(fit_lines(text, runs, breaks)) if n not in breaks
    ]
    # A line of no pieces (the unit's last, a paragraph's line of links kept whole) has nothing
    # to write its words in: they go to the line before, and its break stays.
    for n in range(len(groups) - 1, 0, -1):
        if not groups[n] and lines[n]:
            lines[n - 1], lines[n] = f"{lines[n - 1]} {lines[n]}".strip(), ""
    filled = [line for group, line in zip(groups, lines, strict=True) if group]
    if len(filled) > 1 and not all(filled):  # (a line left empty would end the paragraph)
        first = next(n for n, group in enumerate(groups) if group)
        joined = " ".join(" ".join(filled).split())
        lines = [joined if n == first else "" for n in range(len(lines))]
    parts = ["" if b.kind != BREAK else source[slice(*b.span)] for b in bits]
    written = {base + k: mark for k, mark in enumerate(marks)}
    for group, line in zip(groups, lines, strict=True):
        if group:
            parts[group[0]] = line.translate(written)
    if not all(line for group, line in zip(groups, lines, strict=True) if group):
        parts = ["" if b.kind == BREAK else p for b, p in zip(bits, parts, strict=True)]
    return parts


# Where a piece of markup stands while lines are fitted: Egyptian hieroglyphs, from here on,
# none the unit's words hold; letters, so that no line is cut between one and its word.
_STAND_IN = 0x13000


@dataclass(frozen=True)
class Bit:
    """A piece of a unit: text, a line break, or markup (``CODE``, a placeholder of its own
    that a reader sees as ``shown``; ``OPEN`` and ``CLOSE``, a pair around words). ``bare``:
    what an opening writes for the pair when the translation left no words inside it;
    ``renamed``: what a closing (or an opening) writes when the words inside are translated.
    ``loose``: markup that needs no space or punctuation beside it (see ``Apart``)."""

    span: Piece
    kind: str
    shown: str = ""
    bare: str = ""
    renamed: str = ""
    loose: bool = False


# A line break inside a unit, and the indent after it (written again, not translated).
LINE_BREAK = re.compile(r"(?:\r\n|\r|\n)(?P<indent>[ \t]*)")


def words(
    source: str, start: int, end: int, bits: list[Bit], breaks: re.Pattern[str] = LINE_BREAK
) -> None:
    """The pieces of ``source[start:end]``, words without markup: its stretches of text, and
    each line break (a match of ``breaks``, up to the indent after it) a piece of its own."""
    cursor = start
    for m in breaks.finditer(source, start, end):
        bits.append(Bit((cursor, m.start()), TEXT))
        bits.append(Bit((m.start(), m.start("indent")), BREAK))
        cursor = m.end()
    bits.append(Bit((cursor, end), TEXT))


def trimmed(bits: list[Bit]) -> list[Bit]:
    """``bits`` without the line breaks and empty pieces at their ends."""
    first, last = 0, len(bits)
    while first < last and (bits[first].kind == BREAK or _empty(bits[first])):
        first += 1
    while last > first and (bits[last - 1].kind == BREAK or _empty(bits[last - 1])):
        last -= 1
    return bits[first:last]


def kept_from_starting(parts: list[str], bits: Sequence[Bit], starts: re.Pattern[str]) -> None:
    """Move the first word of a translated line that would begin a block (``starts``: a
    list's bullet, a heading's marks, a table's bar) to the end of the line before, so the
    line stays the paragraph's; ``parts``, one per bit, are changed in place. A line left
    empty takes its line break with it."""
    line = next((i for i, b in enumerate(bits) if b.kind != BREAK), 0)
    for i in range(1, len(bits)):
        if bits[i - 1].kind != BREAK or bits[i].kind == BREAK:
            continue
        if starts.match(parts[i]):
            first, *rest = parts[i].split(None, 1)
            parts[line] = f"{parts[line].rstrip()} {first}"
            parts[i] = rest[0] if rest else ""
            if not parts[i]:
                parts[i - 1] = ""
                continue
        line = i


def _empty(bit: Bit) -> bool:
    return bit.span[0] == bit.span[1]


__all__ = [
    "BREAK", "CLOSE", "CODE", "LINE_BREAK", "OPEN", "TEXT", "Apart", "Bit", "Mark",
    "kept_from_starting", "placed", "trimmed", "width", "words",
]  # fmt: skip
