"""A translated paragraph mapped back onto its runs: stretches of text the writer may change,
and fixed pieces the translator sees but that stay where they are (a line break, a tab, or a
field or piece of code seen as its placeholder). Shared by the XML formats' slots and the
text formats' pieces."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol, TypeVar

from engine.documents.base import FIELD, split_like
from engine.documents.lines import words_of
from engine.text.segment import is_unspaced

# What a piece of a text format's unit is: text, a line break, a ``<br>`` (Markdown's: seen as
# a line break, written as the tag) or markup seen as a placeholder (inline code).
TEXT, BREAK, TAG, CODE = "text", "break", "tag", "code"

# Styles that mark code, by name (lower case, letters and digits only: Word's "HTML Code",
# ODF's "Source_20_Text", pandoc's "VerbatimChar"): a paragraph in one of the first is code,
# never translated; a run in one of the third is code inside a sentence, seen as a
# placeholder. Those of pandoc, LibreOffice and Word. A paragraph in one of the second
# (preformatted text) is code only beside other text: LibreOffice gives every paragraph of a
# plain-text file it imports "Preformatted Text", and Word text pasted from a web page may
# be "HTML Preformatted" throughout.
CODE_PARAGRAPH_STYLES = frozenset(["sourcecode", "codeblock", "code"])
PREFORMATTED_STYLES = frozenset(["preformattedtext", "htmlpreformatted"])
CODE_CHARACTER_STYLES = frozenset(
    [
        "verbatimchar",
        "sourcetext",
        "htmlcode",
        "htmlkeyboard",
        "htmlsample",
        "htmltypewriter",
        "teletype",
        "inlinecode",
        "code",
        "codechar",
    ]
)

# Typefaces that set code (lower case): a paragraph whose every run is in one is a code
# block in a format that marks code by its font alone (pandoc's slides: Courier).
MONOSPACE_TYPEFACES = frozenset(
    [
        "courier",
        "courier new",
        "consolas",
        "menlo",
        "monaco",
        "source code pro",
        "dejavu sans mono",
        "liberation mono",
        "lucida console",
        "cascadia code",
        "cascadia mono",
        "fira code",
        "fira mono",
        "jetbrains mono",
        "roboto mono",
        "ubuntu mono",
        "sf mono",
        "noto sans mono",
        "andale mono",
        "inconsolata",
    ]
)


def monospace(typeface: str) -> bool:
    """Whether ``typeface`` is one that sets code."""
    return typeface.strip().lower() in MONOSPACE_TYPEFACES


class CodeStyles:
    """Which of a document's styles mark code: ``styles`` maps each style's id to its name
    and the id of the style it is based on (the chain is followed)."""

    def __init__(self, styles: dict[str, tuple[str, str]]) -> None:
        self._blocks = code_styles(styles, CODE_PARAGRAPH_STYLES)
        self._preformatted = code_styles(styles, PREFORMATTED_STYLES)
        self._inline = code_styles(styles, CODE_CHARACTER_STYLES)

    def block(self, style: str) -> bool:
        """A paragraph style of code blocks."""
        return _is(style, self._blocks, CODE_PARAGRAPH_STYLES)

    def preformatted(self, style: str) -> bool:
        """A paragraph style of preformatted text (code beside other text only)."""
        return _is(style, self._preformatted, PREFORMATTED_STYLES)

    def inline(self, style: str) -> bool:
        """A character style of code inside a sentence."""
        return _is(style, self._inline, CODE_CHARACTER_STYLES)


def _is(style: str, ids: frozenset[str], names: frozenset[str]) -> bool:
    return bool(style) and (style in ids or style_key(style) in names)


def without_preformatted(preformatted: set[int], plain: bool, *lists: list[Any]) -> None:
    """Leave out of each of ``lists`` (in place) the items at ``preformatted`` (the units of
    paragraphs in a preformatted style) when the document has ``plain`` paragraphs of text
    too: then they are code blocks. A document preformatted throughout (a plain-text file
    LibreOffice imported) keeps them all."""
    if not preformatted or not plain:
        return
    for listed in lists:
        listed[:] = [item for n, item in enumerate(listed) if n not in preformatted]


def style_key(name: str) -> str:
    """A style's name as the sets above hold it (ODF writes a space as ``_20_``)."""
    return "".join(c for c in name.replace("_20_", " ").lower() if c.isalnum())


def code_styles(
    styles: dict[str, tuple[str, str]], names: frozenset[str], depth: int = 16
) -> frozenset[str]:
    """The styles of ``styles`` (id -> (name, parent id)) that are, or are based on, one of
    ``names``."""
    found: set[str] = set()
    for start in styles:
        current: str | None = start
        for _ in range(depth):
            if current is None:
                break
            name, parent = styles.get(current, (current, ""))
            if style_key(current) in names or style_key(name) in names:
                found.add(start)
                break
            current = parent or None
    return frozenset(found)


class Run(Protocol):
    """One piece of a paragraph as the translator sees it."""

    @property
    def text(self) -> str:
        """The text (a fixed piece: what the translator sees, a field's placeholder)."""

    @property
    def writable(self) -> bool:
        """Whether the translation is written here (else the piece stays as it is)."""

    @property
    def shown(self) -> str | None:
        """A field's or a piece of code's own text (its placeholder is ``text``); None for
        anything else."""


R = TypeVar("R", bound=Run)


def after_breaks(runs: Sequence[R]) -> list[R]:
    """``runs`` without the markup's own layout after a line break: a writable run of
    whitespace alone that follows one (the newline and indent between a ``<br/>`` and the
    next line's element, as Project Gutenberg sets a poem). A reader shows none of it; the
    translator saw an empty line after each ("hill,\n\nThe night"), and every line of the
    translation went one run off. Left out, it stays in the file as it is."""
    out: list[R] = []
    after = False  # after a line break, and nothing but such whitespace since
    for run in runs:
        if after and run.writable and not run.text.strip():
            continue
        after = not run.writable and run.text == "\n"
        out.append(run)
    return out


def beside_fields(runs: Sequence[R]) -> list[R]:
    """``runs`` less their empty writable ones, but for one on each side of a field that has
    no other writable run before the next fixed piece (or the paragraph's edge): the field's
    empty tail at a paragraph's end ("printed ZXQ3Q"), an empty text before its opening field.
    There the words a translation puts after the last field (or before the first) are
    written, in their place, instead of moved across it ("ZXQ3Q に印刷")."""
    groups: list[list[int]] = [[]]
    for i, run in enumerate(runs):
        if run.writable:
            groups[-1].append(i)
        else:
            groups.append([])
    kept: set[int] = set()
    anchors = [i for i, run in enumerate(runs) if not run.writable]
    for n, group in enumerate(groups):
        full = [i for i in group if runs[i].text]
        if full or not group:
            kept.update(full)
            continue
        before = anchors[n - 1] if n > 0 else None
        after = anchors[n] if n < len(anchors) else None
        if before is not None and runs[before].shown is not None:
            kept.add(group[0])  # (just after the field, in its format)
        elif after is not None and runs[after].shown is not None:
            kept.add(group[-1])
    return [run for i, run in enumerate(runs) if not run.writable or i in kept]


def fields(runs: Iterable[Run]) -> tuple[str, ...]:
    """What the fields among ``runs`` show, in order (a unit's ``fields``)."""
    return tuple(r.shown for r in runs if r.shown is not None)


def distribute(text: str, slots: Sequence[Run], *, split: Split = split_like) -> list[str]:
    """The translation cut into one part per writable slot. Where the translation still has
    the fixed pieces (line breaks, tabs, spaces, fields' placeholders) in order, each stretch
    between them goes to the slots between them; otherwise, where it still has the fields'
    placeholders in order, each stretch between fields is spread over the writable slots
    between them; otherwise the whole text is spread over the writable slots. Fixed pieces
    stay where they are; where the translation lost the line breaks, its words are shared
    over the lines first (each line with words in the source gets some), then over each
    line's slots. A field's placeholder is never written as text. ``split`` cuts a stretch
    over its slots (HTML's: every inline element with words gets words)."""
    runs = [s.text for s in slots]
    writable = [i for i, s in enumerate(slots) if s.writable]
    if text == "".join(runs):
        return [runs[i] for i in writable]
    count = len(fields(slots))
    parts: dict[int, str] = {}
    every_piece = _between(text, slots, lambda s: not s.writable, count)
    between_fields = None
    if every_piece is None and count:
        between_fields = _between(text, slots, _is_field, count)
        if between_fields is None:  # words where no slot takes them: moved next to one
            between_fields = _between(text, slots, _is_field, count, move=True)
    if every_piece is not None:
        for group, stretch in every_piece:
            parts.update(zip(group, split(stretch, [runs[i] for i in group]), strict=True))
    elif between_fields is not None:
        for group, stretch in between_fields:
            spread = _spread(stretch, slots, group, whole=False, split=split)
            parts.update(zip(group, spread, strict=True))
    else:
        plain = without_fields(text, count) if count else text
        spread = _spread(plain, slots, writable, whole=True, split=split)
        parts.update(zip(writable, spread, strict=True))
    return [parts[i] for i in writable]


def _is_field(slot: Run) -> bool:
    return slot.shown is not None


def _between(
    text: str,
    slots: Sequence[Run],
    anchors: Callable[[Run], bool],
    count: int,
    *,
    move: bool = False,
) -> list[tuple[list[int], str]] | None:
    """The writable slots between consecutive anchors (fixed pieces of ``slots``), each with
    the stretch of ``text`` between the same anchors; None when ``text`` lacks an anchor, or
    has words where no slot can take them (unless ``move``: then they go to the nearest
    slots, see ``into_slots``). ``count``: the paragraph's fields, whose stray placeholders
    are taken out of the stretches."""
    groups: list[list[int]] = [[]]
    separators: list[Run] = []
    for i, slot in enumerate(slots):
        if anchors(slot):
            separators.append(slot)
            groups.append([])
        elif slot.writable:
            groups[-1].append(i)
    stretches = _cut_at(text, separators)
    if stretches is None:
        return None
    if count:
        # A placeholder the model repeated is no text to write.
        stretches = [without_fields(s, count) for s in stretches]
    if move:
        moved = into_slots(groups, stretches)
        if moved is None:
            return None
        stretches = moved
    elif any(not g and s.strip() for g, s in zip(groups, stretches, strict=True)):
        return None
    return list(zip(groups, stretches, strict=True))


def into_slots(groups: Sequence[Sequence[int]], stretches: Sequence[str]) -> list[str] | None:
    """``stretches`` with the words of any that has no slot to take them moved into the
    nearest that has: the translation put words before a paragraph's opening code ("Das
    Werkzeug ZXQ1Q installiert es": they follow the code), or after its closing code (they
    precede it). The code stays in its place, every word is written once, the other pieces
    stay where the translation put them. None when no stretch has a slot."""
    if not any(groups):
        return None
    placed = list(stretches)
    first = next(j for j, group in enumerate(groups) if group)
    # Those before the first slot are put in front of it last to first, so they keep their
    # order; the others go after the slots before them, first to last.
    order = [*range(first - 1, -1, -1), *range(first + 1, len(groups))]
    for index in order:
        group, stretch = groups[index], stretches[index]
        if group or not stretch.strip():
            continue
        words = stretch.strip()
        if index < first:
            j = first
            target = placed[j]
            gap = stretch[len(stretch.rstrip()) :]  # what set the words apart from the code
            lead = target[: len(target) - len(target.lstrip())]
            placed[j] = lead + words + gap + target.lstrip() if target.strip() else lead + words
        else:
            j = max(k for k in range(first, index) if groups[k])
            target = placed[j]
            gap = stretch[: len(stretch) - len(stretch.lstrip())]
            trail = target[len(target.rstrip()) :]
            placed[j] = target.rstrip() + gap + words + trail if target.strip() else words + trail
        placed[index] = ""
    return placed


Split = Callable[[str, Sequence[str]], list[str]]


def _spread(
    text: str, slots: Sequence[Run], group: Sequence[int], *, whole: bool, split: Split
) -> list[str]:
    """``text`` spread over the writable slots ``group``: all of them (``whole``) or those
    between two fields; line by line where they are on several lines (``_by_lines``)."""
    lines = _by_lines(text, slots, group)
    if lines is None:
        return _spread_line(text, slots, group, whole=whole, split=split)
    parts: list[str] = []
    for line, words in lines:
        parts += _spread_line(words, slots, line, whole=whole, split=split)
    return parts


def _by_lines(
    text: str, slots: Sequence[Run], group: Sequence[int]
) -> list[tuple[list[int], str]] | None:
    """The slots of ``group`` line by line (a line break between two of them starts a line),
    each line with its share of ``text``'s words, in proportion to the line's text, every
    line that has words in the source given at least one (a verse's line left empty while
    another had several words, as a model that drops the breaks would leave it); None on one
    line, or with fewer words than such lines (a script written without spaces: spread as
    one)."""
    lines: list[list[int]] = [[]]
    for n, i in enumerate(group):
        if n and any(_is_break(slots[k]) for k in range(group[n - 1] + 1, i)):
            lines.append([])
        lines[-1].append(i)
    if len(lines) < 2:
        return None
    words = words_of(text).split(" ")
    weights = [sum(len(slots[i].text.strip()) for i in line) for line in lines]
    worded = [n for n, weight in enumerate(weights) if weight]
    if not worded or len(words) < len(worded):
        return None
    shares = [1 if weight else 0 for weight in weights]
    total = sum(weights)
    ideal = [weight * len(words) / total for weight in weights]
    for _ in range(len(words) - len(worded)):  # (each word to the line furthest behind)
        behind = max(worded, key=lambda n: (ideal[n] - shares[n], -n))
        shares[behind] += 1
    out: list[tuple[list[int], str]] = []
    start = 0
    for line, share in zip(lines, shares, strict=True):
        out.append((line, " ".join(words[start : start + share])))
        start += share
    return out


def _is_break(slot: Run) -> bool:
    return not slot.writable and slot.shown is None and slot.text == "\n"


def _spread_line(
    text: str, slots: Sequence[Run], group: Sequence[int], *, whole: bool, split: Split
) -> list[str]:
    """``text`` spread over the writable slots ``group`` (see ``_spread``). The fixed pieces
    among them stay where they are: a line break or a tab already separates the words on
    either side, so the translation's own whitespace there is folded; next to a field or
    code, each part has the space its run had there."""
    if whole:
        text = " ".join(text.split()) if len(group) < len(slots) else text
    elif group and any(not slots[i].writable for i in range(group[0], group[-1] + 1)):
        text = _SPACES.sub(" ", text)
    # A run of spaces beside a field or code (pandoc writes the spaces around code as runs
    # of their own) stays as it is: given no words, it would glue the code to them.
    spaces = {
        i for i in group if not slots[i].text.strip() and slots[i].text and _by_field(slots, i)
    }
    if len(spaces) == len(group) and text.strip():
        spaces = set()  # nothing else to take the words: they go there, as they are
    spread = [i for i in group if i not in spaces]
    cut = split(text, [slots[i].text for i in spread]) if spread else []
    given = dict(zip(spread, cut, strict=True))
    parts = [given.get(i, slots[i].text) for i in group]
    for n, i in enumerate(group):
        if i in spaces:
            continue
        part, run = parts[n], slots[i].text
        if i - 1 in spaces:
            part = part.lstrip()  # the kept run of spaces already separates
        if i + 1 in spaces:
            part = part.rstrip()
        before = slots[i - 1] if i > 0 else None
        after = slots[i + 1] if i + 1 < len(slots) else None
        if before is not None and not before.writable:
            part = part.lstrip()
            if before.text.strip() and part and run[:1].isspace():
                part = " " + part  # a field or code keeps the space its run had after it
        if after is not None and not after.writable:
            part = part.rstrip()
            if after.text.strip() and part and run[-1:].isspace():
                part += " "
        parts[n] = part
    return parts


def _by_field(slots: Sequence[Run], i: int) -> bool:
    """Whether slot ``i`` has a field (or code) next to it."""
    return any(
        0 <= j < len(slots) and not slots[j].writable and slots[j].shown is not None
        for j in (i - 1, i + 1)
    )


_SPACES = re.compile(r"\s+")


def _cut_at(text: str, separators: Sequence[Run]) -> list[str] | None:
    """``text`` cut at each fixed piece in turn (a field at its placeholder, in any case and
    with a space the model put inside it), or None when one is missing."""
    stretches: list[str] = []
    cursor = 0
    for separator in separators:
        if separator.shown is not None:
            span = _find_field(text, separator.text, cursor)
            if span is None:
                return None
            at, end = span
        else:
            at = text.find(separator.text, cursor)
            if at < 0:
                return None
            end = at + len(separator.text)
        stretches.append(text[cursor:at])
        cursor = end
    stretches.append(text[cursor:])
    return stretches


_FIELD = FIELD.pattern()


def _find_field(text: str, code: str, cursor: int) -> tuple[int, int] | None:
    """Where the field placeholder ``code`` comes next in ``text`` (in any case, with a space
    the model may have put inside it)."""
    own = _FIELD.fullmatch(code)
    assert own is not None
    for match in _FIELD.finditer(text, cursor):
        if int(match.group(1)) == int(own.group(1)):
            return match.span()
    return None


def cut_at_fields(text: str, count: int) -> list[str] | None:
    """``text`` cut at the placeholders of fields 1 to ``count`` in turn (each in any case,
    with a space the model may have put inside it), each stretch less any placeholder the
    model repeated; None when one is missing or out of order."""
    stretches: list[str] = []
    cursor = 0
    for number in range(1, count + 1):
        span = _find_field(text, FIELD.format(number), cursor)
        if span is None:
            return None
        stretches.append(text[cursor : span[0]])
        cursor = span[1]
    stretches.append(text[cursor:])
    return [without_fields(s, count) for s in stretches]


def field_order(text: str, count: int) -> list[int] | None:
    """The order (numbers from 0) in which ``text`` has the placeholders of its ``count``
    fields, where it has each once but not in order (a translation that moved one: "ZXQ2Q.
    murmuring left, and ZXQ1Q said He"); None otherwise."""
    found = [int(m[1]) - 1 for m in _FIELD.finditer(text)]
    if len(found) != count or sorted(found) != list(range(count)) or found == sorted(found):
        return None
    return found


def renumbered(text: str, order: Sequence[int]) -> str:
    """``text`` with its fields' placeholders numbered in the order it has them (``order``,
    from ``field_order``): the fields' elements trade places to match."""
    place = {number: n for n, number in enumerate(order)}
    return _FIELD.sub(lambda m: FIELD.format(place[int(m[1]) - 1] + 1), text)


def without_fields(text: str, count: int) -> str:
    """``text`` less the placeholders of a paragraph's ``count`` fields (each is written as
    the field, never as text), and less the space that set one apart from its neighbours.
    In a paragraph with fields, a placeholder of a number it has not (one the model made
    up) goes too: it is no text either. Without fields, ``text`` as it is."""
    if not count:
        return text
    return _STRAY_FIELD.sub(lambda m: " " if m.group(1) and m.group(3) else "", text)


_STRAY_FIELD = re.compile(rf"([^\S\r\n]*){_FIELD.pattern}([^\S\r\n]*)")


def boundary(text: str) -> Callable[[int], int]:
    """The place nearest an offset of ``text`` between two words (or two characters of a
    script written without spaces), as a function: the places are found once, for each of
    a unit's lost placeholders to ask (found again for each, 1,000 lost placeholders took
    20 s)."""

    def between(i: int) -> bool:
        if i in (0, len(text)):
            return True
        a, b = text[i - 1], text[i]
        return a.isspace() or b.isspace() or is_unspaced(a) or is_unspaced(b)

    places = [i for i in range(len(text) + 1) if between(i)]

    def nearest(at: int) -> int:
        k = bisect.bisect_left(places, at)
        return min(places[max(0, k - 1) : k + 1], key=lambda i: abs(i - at))

    return nearest


def tokens_of(text: str, count: int) -> list[str | int]:
    """``text`` as its stretches of words and the numbers (from 0) of the placeholders of its
    ``count`` pieces of markup, in the order it has them, each once (a repeated one, or one
    of a number it has not, is no text: left out)."""
    tokens: list[str | int] = []
    seen: set[int] = set()
    cursor = 0
    for m in _FIELD.finditer(text):
        tokens.append(text[cursor : m.start()])
        k = int(m[1]) - 1
        if 0 <= k < count and k not in seen:
            tokens.append(k)
            seen.add(k)
        cursor = m.end()
    tokens.append(text[cursor:])
    return tokens


def inserted(tokens: Sequence[str | int], lost: Sequence[tuple[int, int]]) -> list[str | int]:
    """``tokens`` with each lost placeholder put at its place (``(offset, number)``, the
    offset in the text less the placeholders)."""
    out: list[str | int] = []
    queue = list(lost)
    seen = 0
    for t in tokens:
        if isinstance(t, int):
            out.append(t)
            continue
        cut = 0
        while queue and queue[0][0] <= seen + len(t):
            at, number = queue.pop(0)
            out += [t[cut : at - seen], number]
            cut = at - seen
        out.append(t[cut:])
        seen += len(t)
    return out + [number for _, number in queue]


__all__ = [
    "BREAK",
    "CODE",
    "CODE_CHARACTER_STYLES",
    "CODE_PARAGRAPH_STYLES",
    "MONOSPACE_TYPEFACES",
    "PREFORMATTED_STYLES",
    "TAG",
    "TEXT",
    "CodeStyles",
    "Run",
    "beside_fields",
    "boundary",
    "code_styles",
    "cut_at_fields",
    "distribute",
    "field_order",
    "fields",
    "inserted",
    "into_slots",
    "monospace",
    "renumbered",
    "style_key",
    "tokens_of",
    "without_fields",
]
