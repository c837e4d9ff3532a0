"""How a Markdown unit's translation is put back around its inline markup: its markup as
the placeholders the translator sees (which are pairs, around a link's or an emphasis'
words), a pair the translation broke mended or written bare as CommonMark reads it back,
and words placed around inline code by position where the translation lost the
placeholders. markdown.py reads the units; this module writes their translations."""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Sequence
from html import escape as html_escape
from html import unescape as html_unescape

from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace
from markdown_it.helpers import parseLinkDestination

from engine.documents.base import FIELD
from engine.documents.lines import fit_lines
from engine.documents.pairs import CLOSE, OPEN, Apart, Bit, Mark
from engine.documents.runs import (
    BREAK,
    CODE,
    TAG,
    boundary,
    cut_at_fields,
    inserted,
    into_slots,
    tokens_of,
    without_fields,
)
from engine.text.segment import is_unspaced

# Where a piece of a unit lies in the source: its start and end.
Piece = tuple[int, int]


def markup_bits(source: str, pieces: Sequence[Piece], kinds: Sequence[str]) -> tuple[Bit, ...]:
    """A unit's pieces as :func:`pairs.placed` places them (none where it holds no pair): a
    ``<br>`` a line break, markup but a link's and an emphasis' needing nothing around it,
    and an opening what its pair writes where the translation broke it (see ``_bare``)."""
    if not kinds:
        return ()
    bits: list[Bit] = []
    opened: list[int] = []
    for span, kind in zip(pieces, kinds, strict=True):
        if kind == OPEN:
            opened.append(len(bits))
        elif kind == CLOSE:
            i = opened.pop()
            bits[i] = dataclasses.replace(bits[i], bare=_bare(source, bits[i].span, span))
        # (an HTML tag, as code, needs nothing around it: H<sub>2</sub>O)
        loose = kind == CODE or source.startswith("<", span[0])
        bits.append(Bit(span, BREAK if kind == TAG else kind, loose=loose))
    return tuple(bits)


def partners(marks: Sequence[Bit]) -> dict[int, int]:
    """Each half of a pair among a unit's markup, and its partner."""
    partner: dict[int, int] = {}
    opened: list[int] = []
    for k, mark in enumerate(marks):
        if mark.kind == OPEN:
            opened.append(k)
        elif mark.kind == CLOSE:
            partner[k] = opened.pop()
            partner[partner[k]] = k
    return partner


def kept_whole(mark: Bit, source: str) -> bool:
    """Whether a pair (by its opening half) is one that a translation may not break and lose
    nothing: an image, whose description written beside it would be shown twice; a
    footnote (``^[…]``), an HTML element (``H<sub>2</sub>O``, ``<del>one</del><ins>a
    single</ins>``) or a span, whose words would join the text around them. (A broken
    emphasis is dropped, its words kept; a link is written bare.)"""
    written = source[slice(*mark.span)]
    return not _EMPHASIS_MARK.fullmatch(written) and (not mark.bare or written == "![")


def mended(
    tokens: list[str | int], own: str, marks: Sequence[Bit], partner: dict[int, int], source: str
) -> str:
    """The translation (as ``tokens``, see :func:`tokens_of`; "" where there is nothing to
    mend) with each pair that it may not break (see ``kept_whole``) mended: its two
    placeholders swapped back where the translation swapped them, and the one it lost put
    back after the words of its opening half (before its closing half's), as many as the
    pair held in ``own`` (the unit's text) in proportion to the lengths of the two, at a
    word's edge, on the line and inside any pair around the half that stands (``partner``:
    each pair's half and its partner, by their numbers)."""
    tokens = list(tokens)
    at = {t: j for j, t in enumerate(tokens) if isinstance(t, int)}
    broken = [
        (k, other)
        for k, other in partner.items()
        if marks[k].kind == OPEN
        and ((k in at) != (other in at) or at.get(other, -1) < at.get(k, -1))
    ]
    whole = [(k, other) for k, other in broken if kept_whole(marks[k], source)]
    swapped = [(k, other) for k, other in whole if k in at and other in at]
    lost = [(k, other) for k, other in whole if k not in at or other not in at]
    if not swapped and not lost:
        return ""
    for k, other in swapped:  # ("HZXQ2Q2ZXQ1QO": the pair around the words between)
        tokens[at[k]], tokens[at[other]] = other, k
    present = set(at)
    mine = tokens_of(own, len(marks))
    where = {t: j for j, t in enumerate(mine) if isinstance(t, int)}
    sums = list(
        itertools.accumulate((len(t) if isinstance(t, str) else 0 for t in mine), initial=0)
    )
    length = sum(len(t) for t in tokens if isinstance(t, str))
    put: dict[int, list[tuple[int, int]]] = {}  # (by token: each placeholder put back in it)
    budget = 8 * len(tokens) + 64  # (the steps of all walks: a unit thousands of <b> deep
    # that lost half its placeholders is placed by position, not walked for each)
    for k, other in lost:
        held = sums[where[other]] - sums[where[k] + 1]
        want = max(round(held * length / max(sums[-1], 1)), 1)
        stands = k if k in at else other
        step = 1 if stands == k else -1
        j, depth, done = at[stands] + step, 0, 0
        best: tuple[int, int, int] | None = None  # (how far from want, token, offset)
        while 0 <= j < len(tokens) and depth >= 0 and budget > 0:
            budget -= 1
            t = tokens[j]
            if isinstance(t, int):
                if t in partner and partner[t] in present:  # (a pair's half: not crossed)
                    depth += 1 if (marks[t].kind == OPEN) == (step == 1) else -1
                j += step
                continue
            line = t if step == 1 else t[::-1]
            cut = line.find("\n")
            line = line if cut < 0 else line[:cut]
            # (not past a placeholder put back here: a half of a pair, it might cross it)
            edges = [o if step == 1 else len(t) - o for o, _ in put.get(j, [])]
            for p in range(1, min([len(line), *edges]) + 1) if depth == 0 else ():
                if _word_end(line, p) and (best is None or abs(done + p - want) < best[0]):
                    best = (abs(done + p - want), j, p if step == 1 else len(t) - p)
            if cut >= 0 or edges:
                break
            done += len(t)
            j += step
        if best is None or budget <= 0:
            return ""  # (left broken: placed by position, see unbroken)
        _, j, p = best
        put.setdefault(j, []).append((p, other if stands == k else k))
        present.add(other if stands == k else k)
    out: list[str] = []
    for j, t in enumerate(tokens):
        if isinstance(t, int):
            out.append(FIELD.format(t + 1))
            continue
        cursor = 0
        for p, n in sorted(put.get(j, []), key=lambda x: x[0]):
            out += [t[cursor:p], FIELD.format(n + 1)]
            cursor = p
        out.append(t[cursor:])
    return "".join(out)


def _word_end(line: str, p: int) -> bool:
    """Whether ``line[:p]`` ends at a word's edge (``line`` read one way or the other)."""
    a, b = line[p - 1], line[p : p + 1]
    return not a.isspace() and (not b or b.isspace() or is_unspaced(a) or is_unspaced(b))


def unbroken(
    tokens: Sequence[str | int], marks: Sequence[Bit], partner: dict[int, int], source: str
) -> bool:
    """Whether the translation (as ``tokens``) keeps whole, and nested, each pair that it
    may not break (see ``kept_whole``: what ``mended`` could not mend)."""
    at = {t: j for j, t in enumerate(tokens) if isinstance(t, int)}
    broken = {
        k
        for k, other in partner.items()
        if k not in at or other not in at or (marks[k].kind == OPEN) != (at[k] < at[other])
    }
    stack: list[int] = []
    for t in tokens:
        if not isinstance(t, int) or t not in partner or t in broken:
            continue
        if marks[t].kind == OPEN:
            stack.append(t)
            continue
        first = len(stack) - 1
        while stack[first] != partner[t]:  # (from the top: where a pair nests, at once)
            first -= 1
        crossed = stack[first + 1 :]  # (opened inside this pair, not closed in it)
        broken |= {*crossed, *(partner[k] for k in crossed), t, partner[t]} if crossed else set()
        del stack[first:]
    return not any(marks[k].kind == OPEN and kept_whole(marks[k], source) for k in broken)


# An emphasis' mark (a pair's opening half).
_EMPHASIS_MARK = re.compile(r"[*_~]+")


# A reference's label after a link's text (``][label]``), and a destination an autolink may
# hold; what a link's address shown as its text escapes (``_`` only at a word's edge).
_PLAIN_TARGET = re.compile(r"\]\([ \t]*([^\s()<>\\]+)(?=[ \t\n)])")
_LABEL = re.compile(r"\]\[(?P<label>[^\]]+)\]")
_AUTOLINK = re.compile(r"[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*")
_ESCAPED = re.compile(r"[\\`*\[\]<>]|(?<![^\W_])_|_(?![^\W_])")
_HREF = re.compile(r"""\shref\s*=\s*(?:"(?P<q>[^"]*)"|'(?P<s>[^']*)'|(?P<bare>[^\s"'=<>`]+))""")


def _bare(source: str, first: Piece, last: Piece) -> str:
    """What a link or image writes where the translation broke its pair (a half lost, or the
    two swapped): an image as it was (its words there are no text); a link its target shown
    (``<https://…>``, ``[docs/guide.md](docs/guide.md)``, ``[ref][ref]``, ``<a href="u">u</a>``),
    so that no link is lost. An emphasis writes nothing: its words stay, without it."""
    opening, closing = source[slice(*first)], source[slice(*last)]
    if opening == "![":
        return source[first[0] : last[1]]
    if opening == "[" and (shown := _target(closing)):
        if _AUTOLINK.fullmatch(shown) and closing == f"]({shown})":
            return f"<{shown}>"
        return "[" + _ESCAPED.sub(lambda m: "\\" + m.group(), shown) + closing
    if opening[:3].lower() == "<a " and (href := _HREF.search(opening)):
        shown = href["q"] or href["s"] or href["bare"] or ""
        return opening + html_escape(html_unescape(shown), quote=False) + closing
    return ""


def _target(closing: str) -> str:
    """The destination of a link's inline target (``](dest "title")``, its parentheses
    balanced as CommonMark reads them: ``](https://en.wikipedia.org/wiki/Foo_(bar))``) or a
    reference's label (``][label]``); "" where it has neither."""
    if plain := _PLAIN_TARGET.match(closing):
        return plain[1]  # (most are: no parenthesis, bracket or escape; read at once)
    if closing.startswith("]("):
        found = parseLinkDestination(closing, link_spaces(closing, 2), len(closing))
        return str(found.str) if found.ok else ""
    label = _LABEL.match(closing)
    return label["label"] if label else ""


def _flanked(tokens: list[str | Mark], pairs: dict[int, int]) -> list[str | Mark]:
    """The placed words and markup as a CommonMark parser reads them back: of two pairs the
    translation crossed (``*a [b* c](u)``), the emphasis dropped (its words kept), or the
    inner link written bare; an emphasis whose mark cannot open or close there (``_`` inside
    a word, ``**`` between a letter and punctuation: Chinese ``请阅读**「指南」**``, or
    touching another emphasis' mark of its kind) written with ``*`` where that can, else
    as HTML (``<strong>…</strong>``), and so an emphasis of code alone, one piece of markup
    (``**`--force`**``); a reference's ``[label]`` set apart from a bracket or parenthesis
    after it, and a link written bare from a word beside it. ``pairs``: each half's
    partner, by their numbers; a half left without it (two crossed halves the placing took
    for a pair left empty) is undone."""
    out = list(tokens)
    where = {
        t.number: j for j, t in enumerate(out) if isinstance(t, Mark) and t.kind in (OPEN, CLOSE)
    }
    for k, j in where.items():
        if pairs[k] not in where:
            first = _mark(out[j])
            kept = first.kind == OPEN and first.bare
            out[j] = Mark(first.number, CODE, first.bare) if kept else ""
    halves = [j for j, t in enumerate(out) if isinstance(t, Mark) and t.kind in (OPEN, CLOSE)]
    partner = {j: where[pairs[_mark(out[j]).number]] for j in halves}
    opened: list[int] = []

    def undo(j: int) -> None:
        first = _mark(out[min(j, partner[j])])
        out[max(j, partner[j])] = ""
        out[min(j, partner[j])] = Mark(first.number, CODE, first.bare) if first.bare else ""

    for j in halves:  # (in the translation's order)
        t = out[j]
        if not isinstance(t, Mark):
            continue
        if t.kind == OPEN:
            opened.append(j)
            continue
        while opened and opened[-1] != partner[j]:
            inner = opened[-1]  # (opened inside this pair, closed after it)
            if _mark(out[inner]).bare and not _mark(out[partner[j]]).bare:
                opened.remove(partner[j])
                undo(j)
                break
            undo(opened.pop())
        else:
            if opened:
                opened.pop()
    for j, t in enumerate(out):
        label = isinstance(t, Mark) and t.kind == CODE and t.written[-1:] == "]"
        if label and _near(out, j, 1, "") in ("(", "["):
            _mark(t).written += " "  # (a reference's "[label]" before "(": an inline link's text)
    opening = [j for j, t in enumerate(out) if isinstance(t, Mark) and t.kind == OPEN]
    for a, b in ((j, partner[j]) for j in opening):
        mark = _mark(out[a]).written
        if not mark or mark.strip(mark[0]) or mark[0] not in "*_~":
            continue  # (not an emphasis)
        if not (_delimits(out, a, mark) and _delimits(out, b, mark)):
            starred = mark.replace("_", "*")
            if _delimits(out, a, starred) and _delimits(out, b, starred):
                _mark(out[a]).written = _mark(out[b]).written = starred
            else:
                _mark(out[a]).written, _mark(out[b]).written = _tags(mark)
    for j, t in enumerate(out):  # (an emphasis of code alone, one piece: "**`--force`**")
        whole = _WRAPPED.fullmatch(t.written) if isinstance(t, Mark) and t.kind == CODE else None
        if whole is None:
            continue
        mark, code = whole["mark"], whole["code"]
        before, after = _near(out, j, -1), _near(out, j, 1)
        if not _around(before, code, after, mark):
            starred = mark.replace("_", "*")
            fits = _around(before, code, after, starred)
            start, end = (starred, starred) if fits else _tags(mark)
            _mark(t).written = start + code + end
    marks = [t for t in out if isinstance(t, Mark) or t]
    for x, y in itertools.pairwise(marks):  # (two code spans together stay two: "`a` `b`")
        if isinstance(x, Mark) and isinstance(y, Mark) and _ticked(x.written, y.written):
            x.written += " "
    for j, t in enumerate(out):  # (a link written bare, a word of its own: "[u](u) more")
        if isinstance(t, Mark) and t.kind == CODE and t.number in pairs and t.written:
            if j and isinstance(out[j - 1], str) and _worded(str(out[j - 1])[-1:]):
                out[j - 1] = f"{out[j - 1]} "
            if j + 1 < len(out) and isinstance(out[j + 1], str) and _worded(str(out[j + 1])[:1]):
                out[j + 1] = f" {out[j + 1]}"
    return out


# An emphasis around code alone, as one piece of markup.
_WRAPPED = re.compile(
    r"(?P<mark>\*{1,3}|_{1,3}|~~)(?P<code>[^*_~\s](?:.*[^*_~\s])?)(?P=mark)", re.S
)


def _worded(c: str) -> bool:
    return c.isalnum() and not is_unspaced(c)


def _around(before: str, inner: str, after: str, mark: str) -> bool:
    """Whether ``mark`` around ``inner``, between ``before`` and ``after``, is an emphasis."""
    return _flanks(before, inner[0], mark, True) and _flanks(inner[-1], after, mark, False)


def _tags(mark: str) -> tuple[str, str]:
    """An emphasis' mark as HTML, opening and closing."""
    names = _TAGS[mark.replace("_", "*")]
    return "".join(f"<{n}>" for n in names), "".join(f"</{n}>" for n in reversed(names))


_TAGS = {"*": ["em"], "**": ["strong"], "***": ["em", "strong"], "~~": ["del"]}


def _mark(token: str | Mark) -> Mark:
    assert isinstance(token, Mark)
    return token


def _delimits(out: Sequence[str | Mark], j: int, mark: str) -> bool:
    """Whether ``mark`` in place of the emphasis' half at ``out[j]`` opens (or closes) it, as
    markdown-it scans a run of delimiters (a line's ends as whitespace)."""
    before, after = _near(out, j, -1), _near(out, j, 1)
    return _flanks(before, after, mark, _mark(out[j]).kind == OPEN)


def _flanks(before: str, after: str, mark: str, opening: bool) -> bool:
    """Whether ``mark`` between the characters ``before`` and ``after`` opens an emphasis
    (or, not ``opening``, closes one)."""
    if mark[0] in (before, after):  # (one run with the mark beside it: another meaning)
        return False
    punct_before = isMdAsciiPunct(ord(before)) or isPunctChar(before)
    punct_after = isMdAsciiPunct(ord(after)) or isPunctChar(after)
    space_before, space_after = isWhiteSpace(ord(before)), isWhiteSpace(ord(after))
    left = not space_after and (not punct_after or space_before or punct_before)
    right = not space_before and (not punct_before or space_after or punct_after)
    if opening:
        return left and (mark[0] != "_" or not right or punct_before)
    return right and (mark[0] != "_" or not left or punct_after)


def _near(out: Sequence[str | Mark], j: int, step: int, none: str = " ") -> str:
    """The character written next to ``out[j]``, before it (``step`` -1) or after it; past
    a line's ends, ``none``."""
    j += step
    while 0 <= j < len(out):
        t = out[j]
        text = t if isinstance(t, str) else t.written
        if text:
            return text[-1] if step < 0 else text[0]
        j += step
    return none


def _opens(c: str) -> bool:
    """Whether a link or emphasis may start (or end) beside ``c`` in a translation: anywhere
    the translation put it, inside a word too (``[Promise](u)s``, ``**c**omprehensive``: a
    link's brackets need nothing around them, and ``_flanked`` writes an emphasis ``*`` where
    its mark would not be read), but not after a "!" (``![`` is an image), a "]" (``[ref][``
    one reference) or a backslash."""
    return c not in "!]\\"


def apart(pairs: dict[int, int]) -> Apart:
    """How a unit's markup is set apart: a pair from a word of a script written with spaces,
    an emphasis as CommonMark reads it (``_flanked``, which knows the unit's ``pairs``)."""
    return Apart(_opens, _opens, "", after=lambda out: _flanked(out, pairs))


def fit_around(
    text: str,
    runs: Sequence[str],
    breaks: frozenset[int],
    codes: frozenset[int],
    sources: Sequence[str],
) -> list[str]:
    """Like :func:`fit_lines`, for a unit with inline code: where the translation has every
    placeholder, each once (and leaves no link or emphasis without its words), each stretch
    between them is fitted to the runs between the places of code, each of which writes the
    code the translation has there (a placeholder it lost put back where its code stood, in
    proportion, the others staying where it put them); otherwise the text (less
    placeholders) to all the runs, the code staying where it was. The code itself is written
    as it was."""
    parts = {i: sources[i] for i in codes}
    order = sorted(codes)
    text = _restored(text, runs, order)
    cut = cut_at_fields(text, len(order))
    swapped = dict(parts)
    if cut is None and (moved := _reordered(text, len(order))) is not None:
        # The translation put the pieces of code in another order (each once): each place
        # of code writes the one the translation has there.
        numbers, cut = moved
        swapped = {i: sources[order[k - 1]] for i, k in zip(order, numbers, strict=True)}
    bounds = [-1, *order, len(runs)]
    groups = [list(range(a + 1, b)) for a, b in itertools.pairwise(bounds)]
    # (Words with no run between their pieces of code to take them go to the nearest that has.)
    writable = [[i for i in group if i not in breaks] for group in groups]
    stretches = into_slots(writable, cut) if cut is not None else None
    if stretches is not None:
        for group, stretch in zip(groups, stretches, strict=True):
            local = frozenset(j for j, i in enumerate(group) if i in breaks)
            if len(local) == len(group):
                swapped.update((i, runs[i]) for i in group)
                continue
            fitted = fit_lines(stretch, [runs[i] for i in group], local)
            swapped.update(zip(group, fitted, strict=True))
        # Unless the code moved past a link, emphasis or a line's end and took their words
        # along ("ZXQ1Q" put at the end): "[](url)", "****", a blank line; the code stays.
        written = [swapped[i] for i in range(len(runs))]
        if not _emptied(runs, written, breaks, codes):
            return _spaced_by_code(written, runs, codes)
    plain = without_fields(text, len(order))
    fitted = fit_lines(plain, ["" if i in codes else r for i, r in enumerate(runs)], breaks)
    parts.update((i, part) for i, part in enumerate(fitted) if i not in codes)
    return _spaced_by_code([parts[i] for i in range(len(runs))], runs, codes)


_PLACEHOLDER = FIELD.pattern()


def _restored(text: str, runs: Sequence[str], order: Sequence[int]) -> str:
    """``text`` with each placeholder of code it lost (of the runs ``order`` names) put back
    where its code stood, in proportion to the text, as :func:`pairs.placed` puts markup;
    those it has stay where it put them, each once (a model that dropped `useActionState`
    from a sentence moved `try` and `catch` too, which it had placed: Next.js'
    09-error-handling.mdx came back "BLOCKS `try`FOR`catch` EXPECTED ERRORS")."""
    tokens = tokens_of(text, len(order))
    lost = [k for k in range(len(order)) if k not in tokens]
    if not lost:
        return text
    plain = "".join(t for t in tokens if isinstance(t, str))
    sizes = [0 if i in order else len(run) for i, run in enumerate(runs)]
    total = max(sum(sizes), 1)
    nearest = boundary(plain)
    places = [(nearest(round(len(plain) * sum(sizes[: order[k]]) / total)), k) for k in lost]
    out: list[str | int] = []
    for t in inserted(tokens, sorted(places)):
        if t == "":
            continue
        if isinstance(t, int) and out and isinstance(out[-1], int) and {t, out[-1]} & set(lost):
            # (put back right beside another: in the source's order, a space apart, for
            # "`catch``try`" is one span of code to CommonMark)
            t, out[-1] = max(t, out[-1]), min(t, out[-1])
            out.append(" ")
        out.append(t)
    return "".join(t if isinstance(t, str) else FIELD.format(t + 1) for t in out)


def _reordered(text: str, count: int) -> tuple[list[int], list[str]] | None:
    """The numbers of the ``count`` placeholders in the order ``text`` has them, and the
    stretches between them; None unless each is there once."""
    found = list(_PLACEHOLDER.finditer(text))
    numbers = [int(m.group(1)) for m in found]
    if sorted(numbers) != list(range(1, count + 1)):
        return None
    bounds = [0, *(x for m in found for x in m.span()), len(text)]
    return numbers, [text[a:b] for a, b in zip(bounds[::2], bounds[1::2], strict=True)]


def _emptied(
    runs: Sequence[str], parts: Sequence[str], breaks: frozenset[int], codes: frozenset[int]
) -> bool:
    """Whether ``parts`` leave a run with words without any next to another run of text
    (the markup between them would be written empty; a run beside a line break or code
    alone may be: the translation moved its words), or a line with text blank (it would end
    the paragraph)."""

    def worded(text: str) -> bool:
        return any(c.isalnum() for c in text)

    prose = [  # (from one before the first run to one after the last)
        0 <= i < len(runs) and i not in breaks and i not in codes for i in range(-1, len(runs) + 1)
    ]
    if any(
        prose[i + 1] and worded(runs[i]) and not worded(parts[i]) and (prose[i] or prose[i + 2])
        for i in range(len(runs))
    ):
        return True
    bounds = [-1, *sorted(breaks), len(runs)]
    return any(
        any(runs[i].strip() for i in range(a + 1, b))
        and not any(parts[i].strip() for i in range(a + 1, b))
        for a, b in itertools.pairwise(bounds)
    )


def _spaced_by_code(parts: list[str], runs: Sequence[str], codes: frozenset[int]) -> list[str]:
    """Each part next to code keeps the space its run had there (``pip`` and then, not
    ``pip``and then): the translation's own spaces are folded away at a line's end."""
    for i, part in enumerate(parts):
        if not part and {i - 1, i + 1} <= codes and _ticked(parts[i - 1], parts[i + 1]):
            parts[i] = " "  # (two code spans the translation put together stay two)
        if i in codes or not part.strip():
            continue
        # (Not before punctuation: "`b`." stays so.)
        if i - 1 in codes and runs[i][:1].isspace() and part[:1].isalnum():
            part = " " + part
        elif i - 1 in codes and parts[i - 1].endswith("]") and part[:1] in "([":
            part = " " + part  # (a reference's "[label]" before "(": an inline link's text)
        if i + 1 in codes and runs[i][-1:].isspace() and part[-1:].isalnum():
            part += " "
        parts[i] = part
    return parts


def _ticked(left: str, right: str) -> bool:
    """Whether two code spans, written together, would be read as one (```&String``s```)."""
    return left.endswith("`") and right.startswith("`")


def link_spaces(content: str, pos: int) -> int:
    """Past the spaces, tabs and line ends at ``pos`` (what CommonMark skips inside a link's
    target; not every Unicode space, as ``str.isspace`` would)."""
    while pos < len(content) and content[pos] in " \t\n":
        pos += 1
    return pos
