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

import unicodedata

_RTL = frozenset(["R", "AL"])
# Kept in their own order inside right-to-left text: letters of left-to-right scripts, digits.
_LTR = frozenset(["L", "EN", "AN"])


def has_rtl(text: str) -> bool:
    """Whether ``text`` has a letter of a right-to-left script."""
    return any(unicodedata.bidirectional(c) in _RTL for c in text)


def reads_from_right(text: str) -> bool:
    """Whether ``text`` has right-to-left letters and no more left-to-right ones (its
    paragraph's direction is right to left)."""
    kinds = [unicodedata.bidirectional(c) for c in text]
    rtl = sum(k in _RTL for k in kinds)
    return rtl > 0 and rtl >= sum(k == "L" for k in kinds)


def logical(visual: str) -> str:
    """``visual`` (characters in the order they stand from left to right) in reading order."""
    kinds = [unicodedata.bidirectional(c) for c in visual]
    if not any(k in _RTL for k in kinds):
        return visual
    if reads_from_right(visual):
        return _from_right(visual, kinds)
    # A left-to-right line: each stretch from one right-to-left letter to another (with no
    # left-to-right letter inside) is read from the right.
    out: list[str] = []
    i = 0
    while i < len(visual):
        if kinds[i] not in _RTL:
            out.append(visual[i])
            i += 1
            continue
        end = i
        j = i
        while j < len(visual) and kinds[j] != "L":
            if kinds[j] in _RTL:
                end = j
            j += 1
        out.append(_from_right(visual[i : end + 1], kinds[i : end + 1]))
        i = end + 1
    return "".join(out)


def _from_right(visual: str, kinds: list[str]) -> str:
    """Text of a right-to-left line: its runs taken from the right, each right-to-left run
    reversed, each run of left-to-right letters and digits kept."""
    runs: list[tuple[bool, str]] = []  # (kept in order, text)
    i = 0
    while i < len(visual):
        if kinds[i] in _LTR:
            # A left-to-right run: to its last left-to-right character before the next
            # right-to-left letter (the spaces and signs between its words belong to it).
            end = i
            j = i
            while j < len(visual) and kinds[j] not in _RTL:
                if kinds[j] in _LTR:
                    end = j
                j += 1
            runs.append((True, visual[i : end + 1]))
            i = end + 1
        else:
            j = i
            while j < len(visual) and kinds[j] not in _LTR:
                j += 1
            runs.append((False, visual[i:j]))
            i = j
    return "".join(text if kept else text[::-1] for kept, text in reversed(runs))


__all__ = ["has_rtl", "logical", "reads_from_right"]
