"""Right-to-left text read from where its glyphs stand (a PDF's text layer, sorted left to
right) put back in logical order, the order it was written and is read in: Hebrew, Arabic,
Persian or Urdu words reversed, the numbers and Latin words inside them kept as they are.

The inverse of the Unicode bidirectional algorithm's reordering for the lines documents hold:
a line with more right-to-left letters than left-to-right ones reads from the right (its runs
of Latin letters and digits keep their own order, the runs themselves are taken from the
right); in a left-to-right line each stretch of right-to-left words is turned around the same
way. Brackets are taken as they come: LibreOffice's PDFs give a mirrored bracket the code of
the bracket written (another producer's may give the mirror image's)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

_RTL = frozenset(["R", "AL"])
# No letter before Hebrew's block is right to left: only the rest is asked its direction (a
# PDF's every glyph is asked, and a page of Latin text was 3,000 calls for nothing).
_MAY_BE_RTL = re.compile("[\u0590-\U0010ffff]")
# Kept in their own order inside right-to-left text: letters of left-to-right scripts, digits.
_LTR = frozenset(["L", "EN", "AN"])


def has_rtl(text: str) -> bool:
    """Whether ``text`` has a letter of a right-to-left script."""
    return any(unicodedata.bidirectional(m[0]) in _RTL for m in _MAY_BE_RTL.finditer(text))


def reads_from_right(text: str) -> bool:
    """Whether ``text`` has right-to-left letters and no more left-to-right ones (its
    paragraph's direction is right to left)."""
    kinds = [unicodedata.bidirectional(c) for c in text]
    rtl = sum(k in _RTL for k in kinds)
    return rtl > 0 and rtl >= sum(k == "L" for k in kinds)


def logical(visual: str | Sequence[str]) -> str:
    """``visual`` in reading order: characters in the order they stand from left to right,
    or glyphs' texts so (a glyph may stand for several characters already in reading order,
    as Arabic's lam-alef "لا" does, or a letter with its marks: each is kept whole)."""
    glyphs = list(visual)
    kinds = [_kind(g) for g in glyphs]
    if not any(k in _RTL for k in kinds):
        return "".join(glyphs)
    if reads_from_right("".join(glyphs)):
        return _from_right(glyphs, kinds)
    # A left-to-right line: each stretch from one right-to-left letter to another (with no
    # left-to-right letter inside) is read from the right.
    out: list[str] = []
    i = 0
    while i < len(glyphs):
        if kinds[i] not in _RTL:
            out.append(glyphs[i])
            i += 1
            continue
        end = i
        j = i
        while j < len(glyphs) and kinds[j] != "L":
            if kinds[j] in _RTL:
                end = j
            j += 1
        out.append(_from_right(glyphs[i : end + 1], kinds[i : end + 1]))
        i = end + 1
    return "".join(out)


def _kind(glyph: str) -> str:
    """A glyph's bidirectional class: that of its first strong character, else its first's."""
    for c in glyph:
        kind = unicodedata.bidirectional(c)
        if kind in _RTL or kind == "L":
            return kind
    return unicodedata.bidirectional(glyph[0]) if glyph else "ON"


def _from_right(glyphs: list[str], kinds: list[str]) -> str:
    """Text of a right-to-left line: its runs taken from the right, each right-to-left run
    reversed glyph by glyph, each run of left-to-right letters and digits kept."""
    runs: list[tuple[bool, list[str]]] = []  # (kept in order, glyphs)
    i = 0
    while i < len(glyphs):
        if kinds[i] in _LTR:
            # A left-to-right run: to its last left-to-right glyph before the next
            # right-to-left letter (the spaces and signs between its words belong to it).
            end = i
            j = i
            while j < len(glyphs) and kinds[j] not in _RTL:
                if kinds[j] in _LTR:
                    end = j
                j += 1
            runs.append((True, glyphs[i : end + 1]))
            i = end + 1
        else:
            j = i
            while j < len(glyphs) and kinds[j] not in _LTR:
                j += 1
            runs.append((False, glyphs[i:j]))
            i = j
    return "".join("".join(part if kept else reversed(part)) for kept, part in reversed(runs))


__all__ = ["has_rtl", "logical", "reads_from_right"]
