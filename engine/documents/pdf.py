"""PDF in, .docx or .txt out: the text layer in reading order (pdfminer's layout analysis), one
unit per paragraph with its page number. A PDF cannot be rebuilt with its layout, so the
translation is written as a new document: one paragraph per unit, pages kept apart.

pdfminer groups lines into a text box by their spacing, so paragraphs set without space
between them (a word processor's default style, a LaTeX paper) come as one box. A box is cut
after a line that the next line's first word would have fitted on (measured against the
right edge of the paragraph's lines that start where it does, and the next one): a line
breaker never ends a line early inside a paragraph, so the line ended where its paragraph
did. pdfminer also starts a new box at a line lining up with neither edge of the line above
(a first line indented, a list item's label hanging out), and gives Chinese and Japanese
lines, and double-spaced ones, a box each: boxes right under one another, in one column and
one font size, no further apart than lines (or as far as the boxes around them), are read on
as one where the line above is full to the column's right edge. In a text whose paragraphs
indent their first line, a line indented as much after a line at the margin starts the next
one (the only sign where the last line is nearly full), and so does an indented box whose
lines below start at the margin (the first paragraph after a heading is not indented); a
justified block of lines set in from both sides is a quote of its own; after a one-line
paragraph that ends a sentence, a line indented as it is starts another (dialogue). A page
set in two columns is read column by column, what spans both in its place. A glyph without
text (a symbol font's bullet, "(cid:127)" to pdfminer) is no text; a list item's label in a
box of its own begins the item on its baseline (a symbol font's bullet reads as "•"); a line
that begins with a bullet begins an item, and a list's last item ends where a sentence ends and
the next line stands a paragraph's space below it.
Text drawn inside a figure (a form XObject: some producers draw a whole page as one) is read
too, after the page's own text. A glyph of a font that says it descends far below the
baseline (TeX's maths symbols) stands on its line, not in a line of its own below it.

Right-to-left text (Hebrew, Arabic) is drawn by its producer in pieces whose order in the file
is not the order they stand in (LibreOffice draws each run of a line on its own, from the
right); on a page that has such letters the glyphs are read row by row from the left before
the layout analysis, and each line is then put back in reading order
(``engine.text.bidi``)."""

from __future__ import annotations

import collections
import io
import itertools
import logging
import math
import re
import time
import unicodedata
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from engine.api import Note
from engine.documents.base import Document, Unit
from engine.documents.errors import DocumentError
from engine.documents.language import Language
from engine.errors import Cancelled
from engine.text.bidi import has_rtl, logical, reads_from_right

MAX_PAGES = 5000
# Pages read so far and pages in all (0: unknown), after each page.
Tick = Callable[[int, int], None]
MAX_SECONDS = 600.0  # reading the layout; a fuzzed file must not keep the worker forever
PAGE_BREAK = "\f"  # between pages in .txt output, on a line of its own
_HYPHEN = re.compile(r"(?<=\w)-$")
# How a sentence ends, closing quotes and brackets included (Chinese and Japanese too).
_SENTENCE_END = re.compile(r"[.!?…。！？][\"'”’»)\]」』）]*$|[」』]$")
_SPACES = re.compile(" {2,}")
# What pdfminer writes for a glyph its font maps to no character (a bullet drawn from a
# symbol font): no text to translate.
_NO_UNICODE = re.compile(r"\(cid:\d+\)")
_PRIVATE_BULLET = re.compile(r"^[\uf000-\uf0ff](?=\s)")
# Control characters XML cannot hold: a PDF's text layer may have them (fonts without a
# Unicode map), and python-docx refuses to write them.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class PdfDocument(Document):
    output_suffixes = (".docx", ".txt")

    def __init__(
        self, path: Path, units: Sequence[Unit], running: Mapping[int, str] | None = None
    ) -> None:
        self.path = path
        self.units = tuple(units)
        # The running heads and feet among the units, by index: "header" or "footer".
        self.running = dict(running or {})

    def render(self, translations: Sequence[str]) -> bytes:
        return self._write_as(translations, self.default_suffix, False)

    def render_bilingual(self, translations: Sequence[str]) -> bytes:
        return self._write_as(translations, self.default_suffix, True)

    def _write_as(self, translations: Sequence[str], suffix: str, bilingual: bool) -> bytes:
        self._check(translations)
        if suffix == ".txt":
            return self._txt(translations, bilingual)
        return self._docx(translations, bilingual)

    def _pages(
        self, translations: Sequence[str], body: bool = False
    ) -> Iterator[list[tuple[Unit, str]]]:
        """The units with their translations, page by page (``body``: without the running
        heads and feet)."""
        page: list[tuple[Unit, str]] = []
        for n, (unit, text) in enumerate(zip(self.units, translations, strict=True)):
            if body and n in self.running:
                continue
            if page and unit.page != page[-1][0].page:
                yield page
                page = []
            page.append((unit, text))
        if page:
            yield page

    def _txt(self, translations: Sequence[str], bilingual: bool) -> bytes:
        """Paragraphs apart by a blank line; pages by a line holding a form feed (what
        ``pdftotext`` writes too, and what printers and ``less`` understand)."""
        pages = []
        for page in self._pages(translations):
            paragraphs: list[str] = []
            for unit, text in page:
                paragraphs += [unit.text, text] if bilingual else [text]
            pages.append("\n\n".join(paragraphs))
        return (f"\n\n{PAGE_BREAK}\n".join(pages) + "\n").encode("utf-8")

    def _docx(self, translations: Sequence[str], bilingual: bool) -> bytes:
        """One paragraph per unit, each page's first starting a new page; bilingual: the
        source in grey italics above its translation."""
        import docx
        from docx.shared import RGBColor

        from engine.documents.docx import declare_runs

        document = docx.Document()
        for n, side in self.running.items():  # (as Word's: the same on every page)
            section = document.sections[0]
            part = section.header if side == "header" else section.footer
            texts = [self.units[n].text, translations[n]] if bilingual else [translations[n]]
            for k, text in enumerate(texts):
                # (python-docx's header and footer hold one empty paragraph to begin with)
                blank = part.paragraphs[-1]
                alone = len(part.paragraphs) == 1 and not blank.runs
                run = (blank if alone else part.add_paragraph()).add_run(_NOT_XML.sub("", text))
                if bilingual and not k:  # (the source, as the body's: grey italics)
                    run.italic = True
                    run.font.color.rgb = RGBColor(0x66, 0x66, 0x66)
        for n, page in enumerate(self._pages(translations, body=True)):
            for k, (unit, text) in enumerate(page):
                first = None
                if bilingual:
                    first = document.add_paragraph()
                    run = first.add_run(_NOT_XML.sub("", unit.text))
                    run.italic = True
                    run.font.color.rgb = RGBColor(0x66, 0x66, 0x66)
                paragraph = document.add_paragraph(_NOT_XML.sub("", text))
                for written in (first, paragraph):
                    if written is not None and reads_from_right(written.text):
                        _right_to_left(written)
                if bilingual and self.language is not None:  # (the source's: unknown)
                    declare_runs(paragraph._p, self.language)
                if n and not k:
                    (first or paragraph).paragraph_format.page_break_before = True
        out = io.BytesIO()
        document.save(out)
        # python-docx's template says its text is American English: it is the target's (the
        # source's too, in a bilingual output, unknown: Word's own).
        language = None if bilingual else self.language
        return _steady(out.getvalue(), lambda name, data: _declared(name, data, language))


def _right_to_left(paragraph: Any) -> None:
    """Mark a python-docx paragraph and its runs right to left (Word then aligns it on the
    right and orders its punctuation as the script does)."""
    from docx.oxml import OxmlElement

    # Each in the place the schema gives it among its siblings (Word refuses a file with
    # them elsewhere): before the elements that follow it there.
    paragraph._p.get_or_add_pPr().insert_element_before(OxmlElement("w:bidi"), *_AFTER_BIDI)
    for run in paragraph.runs:
        run._r.get_or_add_rPr().insert_element_before(OxmlElement("w:rtl"), *_AFTER_RTL)


# What follows ``w:bidi`` in a ``w:pPr`` and ``w:rtl`` in a ``w:rPr`` (ECMA-376, part 1).
_AFTER_BIDI = (
    "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
    "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
    "w:pPrChange",
)  # fmt: skip
_AFTER_RTL = ("w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")


def _paragraph(text: str) -> str:
    """A text box's lines as one paragraph: a line-end hyphen joins the word halves with
    ``BROKEN`` (whether the word keeps its hyphen is decided on the whole document's words:
    ``mend_hyphens``), other line ends become spaces (none between Chinese or Japanese
    characters); a justified line's stretched spaces, which pdfminer reads as several, are
    one; ligatures and presentation forms are letters."""
    # (A producer's own soft hyphen at a line's end is the hyphen it drew; elsewhere none.)
    text = text.replace(BROKEN + "\n", "-\n").replace(BROKEN, "")
    text = _NOT_XML.sub(" ", _NO_UNICODE.sub(" ", _letters(text)))
    lines = [_SPACES.sub(" ", line).strip() for line in text.splitlines()]
    out = ""
    for line in lines:
        if not line:
            continue
        if not out:
            out = line
        elif _HYPHEN.search(out):
            out = out[:-1] + BROKEN + line
        elif _wide(out[-1]) and _wide(line[0]):
            out += line  # (Chinese and Japanese put no space between lines, nor words)
        else:
            out += " " + line
    # A bullet drawn from a symbol font (Word's, in the private use area) reads as one.
    return _PRIVATE_BULLET.sub("•", out)


# Where a word was broken at a line's end with a hyphen, until the document's words say
# whether the hyphen is the word's own (a soft hyphen: where a word may break).
BROKEN = "\u00ad"
# Ligatures (ﬁ, ﬂ, ﬃ) and Hebrew and Arabic presentation forms, which some fonts' maps give:
# the model reads the letters they stand for (NFKC, these blocks only: NFKC elsewhere would
# change the text's own characters, a superscript, a full-width digit).
_PRESENTATION = re.compile(r"[\ufb00-\ufdff\ufe70-\ufefe]+")
# A producer may draw an accent as a glyph of its own over its letter, before it (pdfTeX's
# "na¨ıve", "´etude") or after it (iText's "Aviac¸a˜o"): the letter with its combining mark.
_ACCENTS = {
    "\u00a8": "\u0308", "\u00b4": "\u0301", "`": "\u0300", "\u02c6": "\u0302",
    "\u02dc": "\u0303", "\u02c7": "\u030c", "\u02d8": "\u0306", "\u02da": "\u030a",
    "\u00af": "\u0304", "\u02d9": "\u0307", "\u02dd": "\u030b", "\u00b8": "\u0327",
}  # fmt: skip
_DOTLESS = {"\u0131": "i", "\u0237": "j"}  # (TeX's dotless i and j, under an accent)


def _letters(text: str) -> str:
    """``text`` with ligatures and presentation forms as the letters they stand for."""
    return _PRESENTATION.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


def _compose_accents(line: Any) -> None:
    """A line's spacing accents (glyphs of their own) composed with the letter beside them
    that their glyph's box overlaps, before or after them: the letter becomes the accented
    one and the accent, with a space pdfminer put between them, goes. An accent that
    overlaps no letter (a backquote opening code, "2´"), or composes with none, stays."""
    from pdfminer.layout import LTChar

    items = list(line)
    if not any(isinstance(i, LTChar) and i.get_text() in _ACCENTS for i in items):
        return
    glyphs = [k for k, item in enumerate(items) if isinstance(item, LTChar)]
    gone: set[int] = set()
    for n, k in enumerate(glyphs):
        accent = items[k]
        if accent.get_text() not in _ACCENTS or k in gone:
            continue
        if _apostrophe(items, glyphs, n):  # ("Norway´s": no "ś")
            accent._text = "\u2019"
            gone.update(m for m in range(glyphs[n - 1] + 1, glyphs[n + 1]) if m != k)
            continue
        width = max(float(accent.x1 - accent.x0), 0.1)
        best, most = -1, 0.3 * width  # (less than a third over a letter: unsure)
        for j in glyphs[max(n - 1, 0) : n] + glyphs[n + 1 : n + 2]:
            letter = items[j].get_text()
            overlap = min(accent.x1, items[j].x1) - max(accent.x0, items[j].x0)
            if j not in gone and len(letter) == 1 and letter.isalpha() and overlap > most:
                best, most = j, float(overlap)
        if best < 0:
            continue
        base = items[best].get_text()
        one = unicodedata.normalize("NFC", _DOTLESS.get(base, base) + _ACCENTS[accent.get_text()])
        if len(one) != 1:
            continue
        items[best]._text = one
        gone.add(k)
        between = range(min(k, best) + 1, max(k, best))
        gone.update(m for m in between if not isinstance(items[m], LTChar))
    line._objs = [item for k, item in enumerate(items) if k not in gone]


def _apostrophe(items: list[Any], glyphs: list[int], n: int) -> bool:
    """Whether the glyph ``glyphs[n]`` of a line's ``items`` is a spacing acute typed for
    an apostrophe: after a letter and before an "s" that ends the word ("Norway´s")."""
    if items[glyphs[n]].get_text() != "\u00b4" or not 0 < n < len(glyphs) - 1:
        return False
    before, after = items[glyphs[n - 1]].get_text(), items[glyphs[n + 1]].get_text()
    last = n + 2 == len(glyphs) or glyphs[n + 2] > glyphs[n + 1] + 1  # (a space after)
    ends = last or not items[glyphs[n + 2]].get_text().isalpha()
    return before.isalpha() and after == "s" and ends


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _reading_order(boxes: list[Any], page_height: float) -> list[Any]:
    """A page's boxes in reading order where it is set in two columns: what spans both (a
    title, a figure across the page) in its place from the top, and between two such, the
    left column's boxes top to bottom, then the right's. pdfminer's own order may read the
    right column first when a title spans both. Pages without a gutter, or whose columns
    run down less than 40 % of the page (a table in a page of prose), keep its order."""
    if len(boxes) < 4:
        return boxes
    left_edge = min(float(b.x0) for b in boxes)
    right_edge = max(float(b.x1) for b in boxes)
    width = right_edge - left_edge
    narrow = sorted((float(b.x0), float(b.x1)) for b in boxes if b.x1 - b.x0 < 0.6 * width)
    gutter: float | None = None
    reach = left_edge
    for x0, x1 in narrow:  # the first gap in their union, in the middle of the page
        if (
            x0 - reach >= 6
            and left_edge + 0.3 * width <= (x0 + reach) / 2 <= left_edge + 0.7 * width
        ):
            gutter = (x0 + reach) / 2
            break
        reach = max(reach, x1)
    if gutter is None:
        return boxes
    left = [b for b in boxes if b.x1 <= gutter]
    right = [b for b in boxes if b.x0 >= gutter]
    if any(
        len(column) < 2
        or max(float(b.y1) for b in column) - min(float(b.y0) for b in column) < 0.4 * page_height
        for column in (left, right)
    ):
        return boxes  # (a small table's two columns, a date set right: no page columns)
    spanning = sorted((b for b in boxes if b.x0 < gutter < b.x1), key=lambda b: -float(b.y1))

    def top(box: Any) -> float:
        return -float(box.y1)

    ordered: list[Any] = []
    ceiling = float("inf")
    for cut in [*spanning, None]:
        floor = float(cut.y1) if cut is not None else float("-inf")
        for column in (left, right):
            ordered += sorted((b for b in column if floor < float(b.y1) <= ceiling), key=top)
        if cut is not None:
            ordered.append(cut)
            ceiling = float(cut.y1)
    return ordered if len(ordered) == len(boxes) else boxes


def _page_paragraphs(boxes: list[Any]) -> list[tuple[str, list[Any]]]:
    """The paragraphs of a page's text boxes, in pdfminer's order: boxes that go on from one
    another (see ``_continues``) are read as one; a list item's label, which pdfminer puts in
    a box of its own, begins its item."""
    measured = {id(box) for box in boxes if _measured(box)}
    boxes, labels = _labels(boxes, measured)
    return [
        p for group in _groups(boxes, measured) for p in _box_paragraphs(group, measured, labels)
    ]


# A list item's label alone in a box: a bullet, a dash, a number or letter with its stop.
# (Word's bullets drawn from the Symbol and Wingdings fonts are in the private use area.)
_LABEL = re.compile(r"[•◦▪▫■□●○‣⁃∙·\-–—*\uf000-\uf0ff]|\(?(?:\d{1,3}|[a-zA-Z]|[ivxIVX]{1,4})[.)]")


def _labels(boxes: list[Any], measured: set[int]) -> tuple[list[Any], dict[int, str]]:
    """The boxes without those holding only a list item's label, and each label by the id of
    the line it labels: a line on the same baseline, a little to its right (the first line
    of its item, which then begins a paragraph). A label line in a box with other lines (a
    heading's, above its list) is mapped to "": no text where it stands."""
    labels: dict[int, str] = {}
    kept: list[Any] = []
    candidates = [line for box in boxes if id(box) in measured for line in box]
    for box in boxes:
        lines = list(box)
        alone = len(lines) == 1
        for mark in lines if id(box) in measured else []:
            text = str(mark.get_text()).strip()
            if not _LABEL.fullmatch(text) or id(mark) in labels:
                continue  # (a line labelled already is an item, not another's label)
            height = max(float(mark.height), 1.0)
            item = next(
                (
                    line
                    for line in candidates
                    if line is not mark
                    and abs(float(line.y0) - float(mark.y0)) < 0.3 * height
                    and 0 <= float(line.x0) - float(mark.x1) <= 6 * height
                    and id(line) not in labels
                ),
                None,
            )
            if item is not None:  # (a symbol font's bullet, in the private use area, is one)
                labels[id(item)] = "•" if "\uf000" <= text <= "\uf0ff" else text
                labels[id(mark)] = ""
        if not (alone and labels.get(id(lines[0])) == ""):
            kept.append(box)
    return kept, labels


def _groups(boxes: list[Any], measurable: set[int]) -> list[list[Any]]:
    """A page's text boxes, those that go on from one another together (``measurable``: the
    ids of the boxes whose lines can be measured)."""
    measured = [id(box) in measurable for box in boxes]
    gaps: list[float | None] = [
        float(list(a)[-1].y0) - float(next(iter(b)).y1) if measured[i] and measured[i + 1] else None
        for i, (a, b) in enumerate(itertools.pairwise(boxes))
    ]
    # Where the page's lines end, by where they start: the right edge of the column a box is
    # in (most of its lines reach it; a title across two columns, or a short line, does not).
    spans = [
        (_x0(line), float(line.x1)) for i, box in enumerate(boxes) if measured[i] for line in box
    ]

    def column(box: Any) -> float:
        start, height = float(box.x0), max(float(next(iter(box)).height), 1.0)
        ends = sorted(x1 for x0, x1 in spans if abs(x0 - start) <= 5 * height)
        return ends[(len(ends) - 1) * 9 // 10] if ends else float(box.x1)

    groups: list[list[Any]] = []
    for i, box in enumerate(boxes):
        if groups and measured[i - 1] and measured[i]:
            nearby = (gaps[i - 2] if i >= 2 else None, gaps[i] if i < len(gaps) else None)
            if _continues(groups[-1], box, gaps[i - 1], nearby, column(box)):
                groups[-1].append(box)
                continue
        groups.append([box])
    return groups


def _line_gaps(box: Any) -> list[float]:
    """The space between each two lines of a box, top to bottom."""
    lines = list(box)
    return [float(a.y0) - float(b.y1) for a, b in itertools.pairwise(lines)]


def _measured(box: Any) -> bool:
    """Whether a box's lines can be measured: horizontal, left to right."""
    from pdfminer.layout import LTTextLineHorizontal

    return all(isinstance(line, LTTextLineHorizontal) for line in box) and not has_rtl(
        str(box.get_text())
    )


def _continues(
    group: list[Any],
    following: Any,
    gap: float | None,
    nearby: tuple[float | None, ...],
    column: float,
) -> bool:
    """Whether ``following`` goes on with the last paragraph of the boxes in ``group``:
    pdfminer starts a new box where a line's edges line up with neither the line above's
    left, right nor centre (the first line of a paragraph indented, a list item's label
    hanging out), and, in Chinese or Japanese, where lines are set further apart than half
    their height, as their fonts set them. Such a box sits right under the other, in the
    same column, in a font of the same size, no further from it than lines are apart (or, as
    in a double-spaced paper, as far as the boxes around are from each other), and the line
    above it is full: the next one's first word would not have fitted on it, up to the right
    edge of its ``column``."""
    box = group[-1]
    last, first = list(box)[-1], next(iter(following))
    height = max(float(last.height), float(first.height), 1.0)
    if gap is None or abs(float(last.height) - float(first.height)) > 0.2 * height:
        return False
    wide = _wide(str(last.get_text())[:1]) and _wide(str(first.get_text())[:1])
    # Boxes as far apart as those around them are lines of one double-spaced text, unless
    # their own lines are set closer: then the gap is the space after a paragraph, which a
    # document with uniform paragraph spacing has between every two (90 of 1,000 paragraphs
    # were joined to the next where a full last line happened to end them).
    inner = [g for b in (box, following) for g in _line_gaps(b)]
    spaced = bool(inner) and gap > max(inner) + max(0.5, 0.1 * height)
    steady = not spaced and any(
        g is not None and abs(gap - g) <= max(0.5, 0.05 * height) for g in nearby
    )
    if not -0.25 * height <= gap <= (0.8 if wide else 0.5) * height and not (
        0 <= gap <= 1.6 * height and steady
    ):
        return False
    # In the same column: starting near the group's left edge, within the box's width (a
    # last line as short as "on." may end before an indented first line begins).
    start = min(float(member.x0) for member in group)
    if float(following.x0) >= float(box.x1) or abs(start - float(following.x0)) > 5 * height:
        return False
    # A line centred over the next box's (a title, a letter's subject line) is a paragraph
    # of its own, whatever room it leaves.
    left = _x0(last) - float(following.x0)
    right = float(following.x1) - float(last.x1)
    if left > 0.3 * height and abs(left - right) < 0.15 * height:
        return False
    # Lines set in from both sides of those above (a block quote) are a paragraph of their
    # own (one such line may be a hanging indent's last: a bibliography's entry).
    inset = 0.6 * height
    if (
        len(list(following)) > 1
        and min(_x0(line) for line in following) > min(_x0(line) for line in box) + inset
        and max(float(line.x1) for line in following) < max(float(line.x1) for line in box) - inset
    ):
        return False
    edge = max(float(line.x1) for member in group for line in member)
    return not _ended(last, first, max(edge, float(first.x1), column))


def _box_paragraphs(
    boxes: list[Any], measured: set[int], labels: dict[int, str] | None = None
) -> list[tuple[str, list[Any]]]:
    """The paragraphs of text boxes read as one (see the module's docstring), each with its
    lines; one per box for right-to-left and vertical text, whose lines are not measured.
    ``labels``: list items' labels by the id of the line they begin."""
    labels = labels or {}
    if len(boxes) == 1 and not (len(list(boxes[0])) > 1 and id(boxes[0]) in measured):
        label = labels.get(id(next(iter(boxes[0]))))
        text = f"{label} {_box_text(boxes[0])}" if label else _box_text(boxes[0])
        return [(p, list(boxes[0])) for p in (_paragraph(text),) if p]
    lines = [line for box in boxes for line in box if labels.get(id(line)) != ""]
    if not lines:
        return []
    margin = min(_x0(line) for line in lines)
    # The first line of each box after the first, with the line after it in its box: where
    # pdfminer began a box at an indented line that the lines below it line up with.
    right = max(float(line.x1) for line in lines)
    firsts = {id(box[0]): box for box in (list(b) for b in boxes[1:])}
    opening: dict[int, Any] = {}
    for k, line in enumerate(lines[:-1]):
        box = firsts.get(id(line))
        if box is None:
            continue
        if len(box) > 1:
            opening[id(line)] = box[1]
        elif not _ended(line, lines[k + 1], right):  # alone in its box, and full
            opening[id(line)] = lines[k + 1]
    paragraphs: list[tuple[str, list[Any]]] = []
    current: list[str] = []
    read: list[Any] = []  # current's lines
    # The right edge of this paragraph's lines that start where this line does (not the
    # box's: a box may also hold a narrower block, a right indent, a table cell, a narrower
    # column, or a block quote set in from both sides right after a paragraph's last line).
    edges: list[tuple[float, float]] = []
    indent: float | None = None  # the first line's indent, where it is one
    afters = [*lines[2:], None, None][: len(lines)]
    pitch = _pitch(lines)
    for line, following, after in zip(lines, [*lines[1:], None], afters, strict=True):
        if not current:
            indent = _x0(line) - margin if _indented(line, margin) else None
        label = labels.get(id(line))
        current.append(f"{label} {line.get_text()}" if label else line.get_text())
        read.append(line)
        start, height = _x0(line), max(float(line.height), 1.0)
        edges.append((start, float(line.x1)))
        edge = max(x1 for x0, x1 in edges if abs(x0 - start) <= height)
        if (
            following is None
            or id(following) in labels
            or _ended(line, following, max(edge, float(following.x1)))
            or _starts(line, following, margin, indent)
            or _opens(line, following, opening.get(id(following)), margin)
            or _quoted(line, following, after, edge)
            or (len(current) == 1 and _replies(line, following, margin, indent, right))
            or (
                _BULLETED.match(following.get_text()) is not None
                and not any(_SEPARATING.search(text) for text in current)
            )
            or (
                _ITEM.match(current[0]) is not None
                and (
                    _ITEM.match(following.get_text()) is not None
                    or _item_ends(line, following, pitch)
                )
            )
        ):
            joined = _paragraph("".join(current))
            if joined:
                paragraphs.append((joined, read))
            current, edges, read = [], [], []
    return paragraphs


# A line that begins a list's item: its label (a bullet, a number or letter with its stop,
# then a space, or a capital where the producer set a tab: "10.Jump"). In an item, a line
# beginning so is the next item, however short the line before it (no room is left then).
_ITEM = re.compile(
    r"\s*(?:[•◦▪▫■□●○‣⁃∙\uf000-\uf0ff]\s|(?:\d{1,3}|[a-z]|[ivx]{1,4})[.)](?:\s|(?=[A-Z])))"
)


# A line that begins with a bullet begins an item, whatever ends the line above (a
# paragraph that introduces a list, "…who is a:", may end in a full line).
_BULLETED = re.compile(r"\s*[•◦▪▫■□●○‣⁃∙\uf000-\uf0ff]\s")
# A bullet between words ("river management • water quality"): a paragraph whose lines have
# one so sets its bullets as separators, and a line of it may begin with one where it wraps.
_SEPARATING = re.compile(r"\S\s+[•◦▪▫■□●○‣⁃∙]\s+\S")


def _pitch(lines: list[Any]) -> float:
    """How far apart a box's lines are, baseline to baseline, the most often (0: one line)."""
    steps = [round(float(a.y0) - float(b.y0), 1) for a, b in itertools.pairwise(lines)]
    steps = [step for step in steps if step > 0]  # (lines side by side: no step)
    return max(set(steps), key=steps.count, default=0.0)


def _item_ends(line: Any, following: Any, pitch: float) -> bool:
    """Whether ``following`` begins the paragraph after a list whose last item ends with
    ``line``: that line ends a sentence and ``following``, starting with a capital, stands
    further below it than the box's lines are apart (``pitch``: the space after a
    paragraph). The last line of the item may be full: its room tells nothing."""
    height = max(float(following.height), 1.0)
    return (
        pitch > 0
        and float(line.y0) - float(following.y0) > pitch + max(1.0, 0.15 * height)
        and _SENTENCE_END.search(line.get_text().rstrip()) is not None
        and following.get_text().lstrip()[:1].isupper()
    )


def _starts(line: Any, following: Any, margin: float, indent: float | None) -> bool:
    """Whether ``following`` starts a paragraph, in a text whose paragraphs indent their first
    line (``indent``, this paragraph's): it is indented as much, after a line at the margin.
    Only a paragraph that began indented says so: one that began at the margin may be a
    hanging indent (a bibliography, a list), whose next lines are indented."""
    if indent is None or _indented(line, margin, 0.3):
        return False
    height = max(float(following.height), 1.0)
    return abs(_x0(following) - margin - indent) < 0.3 * height


def _replies(line: Any, following: Any, margin: float, indent: float | None, right: float) -> bool:
    """Whether ``following`` starts a paragraph after a one-line paragraph (dialogue, in a
    text whose paragraphs indent their first line): ``line`` ends a sentence, ``following``
    is indented as ``line`` is, and the text's right edge had room on ``line`` for its first
    word. (A block quote set in as far wraps its lines mid-sentence.)"""
    if indent is None or not _SENTENCE_END.search(line.get_text().rstrip()):
        return False  # a line that ends mid-sentence is no paragraph: a quote's, set in
    height = max(float(following.height), 1.0)
    return abs(_x0(following) - margin - indent) < 0.3 * height and _ended(line, following, right)


def _quoted(line: Any, following: Any, after: Any | None, edge: float) -> bool:
    """Whether ``following`` begins a justified block quote: it and the line after it start
    and end at the same places, set in from both sides of ``line``'s paragraph. (A hanging
    indent's lines are set in on the left only; its short last line proves nothing.)"""
    height = max(float(following.height), 1.0)
    start, end = _x0(following), float(following.x1)
    return (
        after is not None
        and start >= _x0(line) + 0.6 * height
        and end <= edge - 0.6 * height
        and abs(_x0(after) - start) <= 0.3 * height
        and abs(float(after.x1) - end) <= 0.3 * height
    )


def _opens(line: Any, following: Any, below: Any | None, margin: float) -> bool:
    """Whether ``following``, the first line of a box, starts a paragraph: it is indented,
    after a line at the margin, and the line below it (``below``: in its box; or after it,
    when the box holds it alone and it runs to the right edge) is at the margin. The first
    paragraph after a heading is not indented (books, LaTeX); the next one is, and pdfminer
    begins its box there. A hanging indent's box never begins so (its last line, set in
    alone, is short)."""
    return (
        below is not None
        and _indented(following, margin)
        and not _indented(line, margin, 0.3)
        and not _indented(below, margin, 0.3)
    )


def _indented(line: Any, margin: float, least: float = 0.6) -> bool:
    """Whether ``line`` starts to the right of ``margin`` by at least ``least`` times its
    height, and by no more than a first-line indent does (five times)."""
    height = max(float(line.height), 1.0)
    return least * height <= _x0(line) - margin <= 5 * height


def _x0(line: Any) -> float:
    """Where a line's first glyph with text starts: an indent typed as spaces (Chinese and
    Japanese type theirs as two ideographic spaces) is an indent."""
    from pdfminer.layout import LTChar

    for item in line:
        if isinstance(item, LTChar) and item.get_text().strip():
            return float(item.x0)
    return float(line.x0)


def _ended(line: Any, following: Any, right: float) -> bool:
    """Whether ``following``'s first word would have fitted at the end of ``line`` (its
    width and a generous space: only a line ended by hand leaves that much room)."""
    if _HYPHEN.search(line.get_text().rstrip()):
        return False
    word = _first_word(following)
    if not word:
        return False
    width = float(word[-1].x1 - word[0].x0)
    return right - float(line.x1) > width + 0.5 * max(float(line.height), 1.0)


def _first_word(line: Any) -> list[Any]:
    """The glyphs of a line's first word (a Chinese or Japanese line's first character:
    those break between any two)."""
    from pdfminer.layout import LTChar

    word: list[Any] = []
    for item in line:
        text = item.get_text()
        if not isinstance(item, LTChar) or not text.strip():  # (a glyph may have no text)
            if word:
                break
            continue
        word.append(item)
        if _wide(text[:1]):
            break
    return word


def _box_text(box: Any) -> str:
    """A text box's text, each line in reading order (turned glyph by glyph: a glyph may
    stand for letters already in reading order, Arabic's lam-alef, or carry its marks)."""
    text = str(box.get_text())
    if not has_rtl(text):
        return text
    lines = [[g.get_text() for g in line] for line in box]
    return "".join(logical([g for g in line if g != "\n"]) + "\n" for line in lines)


def _extract_pages(data: bytes, maxpages: int) -> Iterator[Any]:
    """pdfminer's ``extract_pages``, with the glyphs of a page holding right-to-left text
    read row by row from the left (see the module's docstring)."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams, LTFigure, LTPage
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.utils import mult_matrix

    # A page and a figure whose text boxes are grouped in an order of their own (``_grouped``).
    class Page(LTPage):
        def group_textboxes(self, laparams: LAParams, boxes: Sequence[Any]) -> list[Any]:
            return _grouped(self.bbox, boxes)

    class Figure(LTFigure):
        def group_textboxes(self, laparams: LAParams, boxes: Sequence[Any]) -> list[Any]:
            return _grouped(self.bbox, boxes)

    class Aggregator(PDFPageAggregator):
        turn = 0  # how far the page's text is turned from upright, in degrees

        def begin_page(self, page: Any, ctm: Any) -> None:
            super().begin_page(page, ctm)
            self.cur_item = Page(self.pageno, self.cur_item.bbox)

        def begin_figure(self, name: str, bbox: Any, matrix: Any) -> None:
            super().begin_figure(name, bbox, matrix)
            self.cur_item = Figure(name, bbox, mult_matrix(matrix, self.ctm))

        def render_char(
            self, matrix: Any, font: Any, fontsize: float, *rest: Any, **named: Any
        ) -> float:
            if font.get_descent() < _DEEPEST:  # (TeX's maths symbols: see _Shallow)
                font = _Shallow(font)
            return float(super().render_char(matrix, font, fontsize, *rest, **named))

        def end_page(self, page: Any) -> None:
            self.turn = _turn(self.cur_item)
            _in_rows(self.cur_item)
            super().end_page(page)

    resources = PDFResourceManager(caching=True)
    # all_texts: text drawn inside a form XObject (a page drawn as one figure, as some
    # producers draw every page) is laid out in lines and boxes too, not left as glyphs.
    device = Aggregator(resources, laparams=LAParams(all_texts=True))
    interpreter = PDFPageInterpreter(resources, device)
    for page in PDFPage.get_pages(io.BytesIO(data), maxpages=maxpages, caching=True):
        interpreter.process_page(page)
        if device.turn:  # (a page turned, its text drawn upright on the paper: read it so)
            page.rotate = (page.rotate + device.turn) % 360
            interpreter.process_page(page)
        yield device.get_result()


# How far below the baseline a text font says its glyphs go, in ems: at most this (Times'
# and Helvetica's a fifth, Calibri's and Arial's a third), and a quarter taken for a font
# that says more (TeX's maths symbols).
_DEEPEST = -0.6
_TEXT_DESCENT = -0.25


class _Shallow:
    """A font whose descent is a text font's: pdfminer sets a glyph's box from its font's
    descent down to an em above it, and TeX's maths symbols (CMSY says it descends 0.96 em,
    CMEX 2.96) had boxes so far below the line's that a "∀" or a "⊆" in a sentence was a
    line of its own, cutting the sentence into pieces ("(", "; 8", "P", "9"); now such a
    glyph stands on the line as its neighbours do."""

    def __init__(self, font: Any) -> None:
        self._font = font

    def __getattr__(self, name: str) -> Any:
        return getattr(self._font, name)

    def get_descent(self) -> float:
        return _TEXT_DESCENT


def _grouped(bbox: Any, boxes: Sequence[Any]) -> list[Any]:
    """pdfminer's grouping of a page's (a figure's) text boxes, whose tree gives their reading
    order (``LTLayoutContainer.group_textboxes``: the two nearest, by the area their bounding
    box adds, become a group, until one is left), with ties broken by the order the boxes
    were found in and the groups made in. pdfminer breaks them by ``id()``, where the objects
    happen to lie in memory: boxes equally far apart (a table's cells, a formula's pieces)
    were grouped one way in one run and another in the next, after other work, so the same
    PDF read twice gave its paragraphs in another order (kampo.pdf's table, GeoTopo's maths,
    TAMReview's and chelsea_pdta's tables)."""
    import heapq

    from pdfminer.layout import LTTextBoxVertical, LTTextGroupLRTB, LTTextGroupTBRL
    from pdfminer.utils import Plane

    plane: Any = Plane(bbox)

    def dist(a: Any, b: Any) -> float:
        """The area of their bounding box less their own."""
        width = max(a.x1, b.x1) - min(a.x0, b.x0)
        height = max(a.y1, b.y1) - min(a.y0, b.y0)
        return float(width * height - a.width * a.height - b.width * b.height)

    def between(a: Any, b: Any) -> bool:
        """Whether another box or group stands in their bounding box."""
        found = plane.find((min(a.x0, b.x0), min(a.y0, b.y0), max(a.x1, b.x1), max(a.y1, b.y1)))
        return any(o is not a and o is not b for o in found)

    serial = {id(box): n for n, box in enumerate(boxes)}  # (ids only while the boxes live)
    pairs = [
        (False, dist(a, b), serial[id(a)], serial[id(b)], a, b)
        for (a, b) in itertools.combinations(boxes, 2)
    ]
    heapq.heapify(pairs)
    plane.extend(boxes)
    merged: set[int] = set()
    while pairs:
        checked, d, m, n, a, b = heapq.heappop(pairs)
        if m in merged or n in merged:
            continue
        if not checked and between(a, b):
            heapq.heappush(pairs, (True, d, m, n, a, b))
            continue
        vertical = (LTTextBoxVertical, LTTextGroupTBRL)
        kind = (
            LTTextGroupTBRL
            if isinstance(a, vertical) or isinstance(b, vertical)
            else LTTextGroupLRTB
        )
        group = kind([a, b])
        plane.remove(a)
        plane.remove(b)
        merged.update((m, n))
        serial[id(group)] = made = len(serial)
        for other in plane:  # (in any order: no two pairs' numbers tie)
            heapq.heappush(
                pairs, (False, dist(group, other), made, serial[id(other)], group, other)
            )
        plane.add(group)
    return sorted(plane, key=lambda o: serial[id(o)])


def _turn(page: Any) -> int:
    """How far most of a page's glyphs are turned from upright (0, 90, 180 or 270 degrees,
    counterclockwise): a page shown turned (its /Rotate) whose text runs upright on the
    paper, which pdfminer would read a letter a line (a quarter turn) or backwards."""
    from pdfminer.layout import LTChar

    # Counted by the matrix's first column, then turned into angles (a page's glyphs share a
    # few: one angle each, not one a glyph).
    columns = collections.Counter(
        glyph.matrix[:2] for glyph in page if isinstance(glyph, LTChar) and glyph.get_text().strip()
    )
    turns: dict[int, int] = {}
    for (a, b), count in columns.items():
        angle = round(math.degrees(math.atan2(b, a)) / 90) % 4 * 90
        turns[angle] = turns.get(angle, 0) + count
    most = max(turns, key=lambda angle: turns[angle], default=0)
    return most if turns.get(most, 0) * 2 > sum(turns.values()) else 0


def _in_rows(page: Any) -> None:
    """On a page with right-to-left letters, its glyphs in rows from the top, each row from
    the left (a glyph joins a row whose middle is within half its height of its own), each
    combining mark joined to its letter first; the page's other objects after them. Pages
    without such letters are left as they are."""
    from pdfminer.layout import LTChar

    objects = list(page)
    glyphs = [o for o in objects if isinstance(o, LTChar) and o.upright]
    if not has_rtl("".join(g.get_text() for g in glyphs)):
        return
    rows: list[tuple[float, list[Any]]] = []  # (middle, glyphs)
    for glyph in sorted(_with_marks(glyphs), key=lambda g: -(g.y0 + g.y1) / 2):
        middle = (glyph.y0 + glyph.y1) / 2
        if rows and abs(rows[-1][0] - middle) <= max(glyph.height, 0.1) / 2:
            rows[-1][1].append(glyph)
        else:
            rows.append((middle, [glyph]))
    ordered = [g for _, row in rows for g in sorted(row, key=lambda g: g.x0)]
    page._objs = ordered + [o for o in objects if not (isinstance(o, LTChar) and o.upright)]


def _with_marks(glyphs: list[Any]) -> list[Any]:
    """The glyphs (in drawing order) with each combining mark (Hebrew points, Arabic vowel
    signs: glyphs of their own, over or under their letter) joined to its letter and left
    out itself. A shaper draws a right-to-left letter's marks just before it, a
    left-to-right letter's just after it: marks followed by a right-to-left letter are that
    letter's, any others the letter's before them."""
    kept: list[Any] = []
    waiting: list[Any] = []  # marks not yet given a letter
    for glyph in glyphs:
        text = glyph.get_text()
        if _is_mark(text):
            waiting.append(glyph)
            continue
        if waiting and has_rtl(text):
            glyph._text = text + "".join(m.get_text() for m in waiting)
        elif waiting:
            _join(kept, waiting)
        waiting = []
        kept.append(glyph)
    _join(kept, waiting)
    return kept


def _join(kept: list[Any], marks: list[Any]) -> None:
    """``marks`` joined to the last glyph of ``kept`` (kept as glyphs when there is none)."""
    if not marks:
        return
    if kept:
        kept[-1]._text = kept[-1].get_text() + "".join(m.get_text() for m in marks)
    else:
        kept.extend(marks)


def _is_mark(text: str) -> bool:
    return bool(text) and all(
        unicodedata.combining(c) or unicodedata.category(c) == "Mn" for c in text
    )


def _page_count(data: bytes) -> int:
    """The pages the PDF says it has (its page tree's count); 0 when it cannot tell."""
    try:
        from pdfminer.pdfdocument import PDFDocument
        from pdfminer.pdfparser import PDFParser
        from pdfminer.pdftypes import resolve1

        document = PDFDocument(PDFParser(io.BytesIO(data)))
        return max(0, int(resolve1(resolve1(document.catalog["Pages"])["Count"])))
    except Exception:  # damaged or encrypted: the reading says so, with its own words
        return 0


@dataclass(frozen=True)
class _Block:
    """A paragraph as read from its page, with where it stands (pdfminer's y: from the foot)."""

    id: str
    text: str
    page: int
    top: float
    bottom: float
    size: float  # its lines' height, the most common (a footnote's is smaller)
    ends: int = 0  # the page it ends on, where a break cut it (0: its own)
    left: float = 0.0  # where it starts, from the page's left
    right: float = 0.0  # and where it ends
    font: str = ""  # its glyphs' font, the most common (a subset's prefix aside)
    lines: int = 1


@dataclass(frozen=True)
class _Frame:
    """A page's box (pdfminer's: y from the foot)."""

    x0: float
    y0: float
    x1: float
    y1: float


@dataclass
class _Read:
    """What reading a PDF's pages found: their paragraphs, and what the notes and errors say."""

    pages: list[list[_Block]] = field(default_factory=list)
    frames: list[_Frame] = field(default_factory=list)  # each page's box
    unreadable: list[int] = field(default_factory=list)  # pages whose fonts say no letters
    unmapped: int = 0  # glyphs whose font says no character ("(cid:N)" to pdfminer)
    pictures: bool = False  # whether a page shows a picture (a scan's page is one)
    restricted: bool = False  # whether it asks readers not to copy its text


def _extract(data: bytes, path: Path, tick: Tick | None = None) -> PdfDocument:
    """The paragraphs, page by page. ``tick(pages read, pages)`` after each page (``pages``
    0 when unknown): progress, and where a cancelled job stops (it raises ``Cancelled``)."""
    if not data.lstrip()[:1024].find(b"%PDF") >= 0:
        raise DocumentError(
            "This is not a PDF file",
            path=path,
            hint="Give a PDF, or rename the file to its type",
            message_id="document.damaged_file",
            params={"suffix": path.suffix},
        )
    found = _read_pages(data, path, tick)
    units, running, numbers, heads = _units(found.pages, found.frames, _made_by(data))
    if not units:
        raise _no_text(data, path, found)
    document = PdfDocument(path, units, running)
    notes = []
    if found.unreadable:
        pages = _page_list(found.unreadable)
        notes.append(
            Note(
                f"{path.name}: {pages} no readable text: its font has no character map (the "
                f"text cannot be read from the file); run OCR on "
                f"{'that page' if len(found.unreadable) == 1 else 'those pages'} (for example "
                "with OCRmyPDF)",
                "document.pdf_unreadable_pages",
                {"name": path.name, "numbers": _pages_said(found.unreadable)},
            )
        )
    if numbers:
        notes.append(
            Note(
                f"{path.name}: {numbers} page number{'s' if numbers > 1 else ''} left out (the "
                "translation's pages are not the PDF's)",
                "document.pdf_page_numbers",
                {"name": path.name, "count": numbers},
            )
        )
    if heads:
        listed = ", ".join(f"'{head}'" for head in heads)
        notes.append(
            Note(
                f"{path.name}: running heads/feet: {listed} (translated once as the .docx's "
                "header/footer)",
                "document.pdf_running",
                {"name": path.name, "heads": listed, "count": len(heads)},
            )
        )
    if found.restricted:
        notes.append(
            Note(
                f"{path.name}: its author asks readers not to copy its text (a permission "
                "setting); it is read as your own file",
                "document.pdf_restricted",
                {"name": path.name},
            )
        )
    document.notes = tuple(notes)
    return document


def _read_pages(data: bytes, path: Path, tick: Tick | None) -> _Read:
    from pdfminer.layout import LTFigure, LTImage, LTTextBox
    from pdfminer.pdfdocument import (
        PDFEncryptionError,
        PDFPasswordIncorrect,
        PDFTextExtractionNotAllowedWarning,
    )

    found = _Read()
    started = time.monotonic()
    total = min(_page_count(data), MAX_PAGES) if tick is not None else 0
    if tick is not None:
        tick(0, total)
    number = 0
    try:
        with warnings.catch_warnings(), _Restricted(found):
            # A PDF that asks readers not to copy its text is still the user's own file.
            warnings.simplefilter("ignore", PDFTextExtractionNotAllowedWarning)
            for number, page in enumerate(_extract_pages(data, MAX_PAGES + 1), start=1):
                if number > MAX_PAGES:
                    raise DocumentError(
                        f"The PDF has more than {MAX_PAGES} pages",
                        path=path,
                        hint="Split it into smaller files",
                        message_id="document.too_many_pages",
                        params={"limit": MAX_PAGES},
                    )
                if time.monotonic() - started > MAX_SECONDS:
                    raise DocumentError(
                        f"Reading the PDF's layout took more than {MAX_SECONDS:.0f} s "
                        f"(stopped at page {number})",
                        path=path,
                        hint="Split it into smaller files, or print it to a new PDF",
                        message_id="document.pdf_too_slow",
                        params={"seconds": int(MAX_SECONDS), "page": number},
                    )
                boxes = list(_text_boxes(page))
                figures = [o for o in page if isinstance(o, (LTFigure, LTImage))]
                text = "".join(str(b.get_text()) for b in boxes)
                unmapped = len(_NO_UNICODE.findall(text))
                found.unmapped += unmapped
                found.pictures = found.pictures or bool(figures)
                letters = sum(c.isalpha() for c in _NO_UNICODE.sub("", text))
                if unmapped >= 20 and unmapped > letters:
                    found.unreadable.append(number)
                for line in (line for box in boxes for line in box):
                    _compose_accents(line)
                # A figure's text (a diagram's labels, a stamp) after the page's own, so that it
                # neither sets the page's columns nor cuts its paragraphs; a page drawn as one
                # figure is read as a page.
                drawn = [box for box in page if isinstance(box, LTTextBox)]
                boxes = _reading_order(drawn, float(page.height)) + _reading_order(
                    [box for box in boxes if box not in drawn], float(page.height)
                )
                found.frames.append(_Frame(*map(float, page.bbox)))
                found.pages.append(
                    [
                        _Block(
                            f"page{number}#p{k}",
                            text,
                            number,
                            max(float(line.y1) for line in lines),
                            min(float(line.y0) for line in lines),
                            _size(lines),
                            left=min(float(line.x0) for line in lines),
                            right=max(float(line.x1) for line in lines),
                            font=_font(lines),
                            lines=len(lines),
                        )
                        for k, (text, lines) in enumerate(_page_paragraphs(boxes), start=1)
                    ]
                )
                if tick is not None:
                    tick(number, max(total, number))
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise _encrypted(path) from exc
    except (DocumentError, Cancelled):
        raise
    except Exception as exc:
        if "password" in f"{exc}".lower() or "encrypt" in f"{exc}".lower():
            raise _encrypted(path) from exc
        raise DocumentError(
            f"The PDF is damaged and cannot be read: {exc}",
            path=path,
            hint="Open it in a PDF viewer and print it to a new PDF, then retry",
            message_id="document.pdf_damaged",
        ) from exc
    if number == 0:
        raise DocumentError(
            "The PDF has no pages",
            path=path,
            hint="Export or print it to a new PDF from the program that made it, then retry",
            message_id="document.pdf_no_pages",
        )
    return found


def _size(lines: list[Any]) -> float:
    """The height most of a paragraph's lines have (to a tenth of a point)."""
    heights = [round(float(line.height), 1) for line in lines]
    return max(set(heights), key=heights.count)


def _font(lines: list[Any]) -> str:
    """The font most of a paragraph's glyphs are in, without a subset's prefix ("ABCDEF+")."""
    from pdfminer.layout import LTChar

    fonts: dict[str, int] = {}
    for glyph in (g for line in lines for g in line if isinstance(g, LTChar)):
        name = str(glyph.fontname).rpartition("+")[2]
        fonts[name] = fonts.get(name, 0) + 1
    return max(fonts, key=lambda name: fonts[name], default="")


def _made_by(data: bytes) -> str:
    """The PDF's /Producer and /Creator ("" where it says none or cannot be read)."""
    try:
        from pdfminer.pdfdocument import PDFDocument
        from pdfminer.pdfparser import PDFParser
        from pdfminer.pdftypes import resolve1
        from pdfminer.utils import decode_text

        said = []
        for info in PDFDocument(PDFParser(io.BytesIO(data))).info:
            for key in ("Producer", "Creator"):
                value = resolve1(info.get(key))
                if isinstance(value, bytes):
                    said.append(decode_text(value))
                elif isinstance(value, str):
                    said.append(value)
        return " ".join(said)
    except Exception:  # damaged or encrypted: nothing said
        return ""


def _undecodable(data: bytes) -> int:
    """How many of the pages' contents, compressed with Flate, do not decompress (damaged:
    pdfminer reads each as empty, without a word)."""
    try:
        from pdfminer.pdfpage import PDFPage
        from pdfminer.pdftypes import LITERALS_FLATE_DECODE, PDFStream, resolve1

        bad = 0
        for page in PDFPage.get_pages(io.BytesIO(data), maxpages=MAX_PAGES):
            for stream in map(resolve1, page.contents):
                if not isinstance(stream, PDFStream) or stream.rawdata is None:
                    continue
                filters = stream.get_filters()
                if filters and filters[0][0] in LITERALS_FLATE_DECODE:  # (decoded first)
                    try:
                        zlib.decompressobj().decompress(stream.rawdata)
                    except zlib.error:
                        bad += 1
        return bad
    except Exception:  # damaged elsewhere: the reading says so
        return 0


def _text_boxes(container: Any) -> Iterator[Any]:
    """The text boxes of a page and of the figures on it, figures within figures too (a
    form XObject's text: a page some producers draw as one figure, a diagram's labels)."""
    from pdfminer.layout import LTFigure, LTTextBox

    for item in container:
        if isinstance(item, LTTextBox):
            yield item
        elif isinstance(item, LTFigure):
            yield from _text_boxes(item)


class _Restricted(logging.Filter):
    """pdfminer's warning that a file asks readers not to copy its text (logged to stderr,
    naming "<_io.BytesIO object at 0x…>"): kept from the log, and said as a note."""

    def __init__(self, found: _Read) -> None:
        super().__init__()
        self.found = found
        self.log = logging.getLogger("pdfminer.pdfpage")

    def filter(self, record: logging.LogRecord) -> bool:
        if "text extraction" in record.getMessage():
            self.found.restricted = True
            return False
        return True

    def __enter__(self) -> None:
        self.log.addFilter(self)

    def __exit__(self, *_exc: object) -> None:
        self.log.removeFilter(self)


def _no_text(data: bytes, path: Path, found: _Read) -> DocumentError:
    """Why a PDF that has pages has no text to read: its fonts say no letters, its pages are
    pictures (a scan), its pages' contents are damaged, it holds only a form's fields, or
    nothing is written on it."""
    if found.unmapped:
        return DocumentError(
            "The PDF's fonts do not say which letters their glyphs stand for, so its text "
            "cannot be read",
            path=path,
            hint="Print it to a new PDF from a PDF viewer, or run OCR on it (for example with "
            "OCRmyPDF), then retry",
            message_id="document.pdf_no_unicode",
        )
    damaged = _undecodable(data)
    if damaged:
        return DocumentError(
            f"The PDF is damaged: {damaged} of its pages' content streams do not decompress, "
            "so their text cannot be read",
            path=path,
            hint="Open it in a PDF viewer and print it to a new PDF, or get it again from its "
            "source, then retry",
            message_id="document.pdf_damaged",
        )
    if found.pictures:
        return DocumentError(
            "The PDF has no text layer (its pages are images, as in a scan)",
            path=path,
            hint="Run OCR on it first (for example with OCRmyPDF), then retry",
            message_id="document.pdf_scanned",
        )
    if _has_fields(data):
        return DocumentError(
            "The PDF has no text but its form's fields",
            path=path,
            hint="Fill the form in a PDF viewer; to translate it, give the document the form "
            "was made from",
            message_id="document.pdf_form_only",
        )
    return DocumentError(
        "The PDF has no text: nothing is written on its pages",
        path=path,
        hint="Give the PDF with the document's text",
        message_id="document.pdf_no_text",
    )


def _has_fields(data: bytes) -> bool:
    """Whether the PDF holds an interactive form's fields (its catalog's AcroForm)."""
    try:
        from pdfminer.pdfdocument import PDFDocument
        from pdfminer.pdfparser import PDFParser
        from pdfminer.pdftypes import resolve1

        document = PDFDocument(PDFParser(io.BytesIO(data)))
        form = resolve1(document.catalog.get("AcroForm"))
        return isinstance(form, dict) and bool(resolve1(form.get("Fields")))
    except Exception:  # damaged: none that can be told
        return False


def _spans(pages: list[int]) -> list[str]:
    """Runs of pages: "3", "7–9"."""
    spans: list[str] = []
    for _, run in itertools.groupby(enumerate(pages), lambda k: k[1] - k[0]):
        numbers = [n for _, n in run]
        spans.append(f"{numbers[0]}" if len(numbers) == 1 else f"{numbers[0]}–{numbers[-1]}")
    return spans


def _pages_said(pages: list[int]) -> str:
    """Pages for a sentence in any language: "2–23", "2, 5, 7–9"."""
    return ", ".join(_spans(pages))


def _page_list(pages: list[int]) -> str:
    """Pages as a reader says them: "page 3", "pages 2–23", "pages 2, 5 and 7–9"."""
    spans = _spans(pages)
    if len(pages) == 1:
        return f"page {spans[0]} has"
    listed = spans[0] if len(spans) == 1 else f"{', '.join(spans[:-1])} and {spans[-1]}"
    return f"pages {listed} have"


def _units(
    pages: list[list[_Block]], frames: Sequence[_Frame], producer: str = ""
) -> tuple[list[Unit], dict[int, str], int, list[str]]:
    """The units of the pages' paragraphs, the running heads' and feet's among them (by
    index: "header" or "footer"), how many page numbers were left out and the running heads'
    and feet's words. A page number (see ``_page_numbers``) is left out: the translation's
    pages are not the PDF's. A running head or foot (see ``_running``) is no part of the
    body: it would cut a paragraph the page break cuts, and be translated as many times as
    there are pages; it is translated once, as the .docx's header or footer (a .txt has it
    where it first stood). Anything else is body, as often as it stands: a heuristic that is
    not sure keeps the text. ``producer``: the PDF's /Producer and /Creator."""
    numbers = _page_numbers(pages, frames)
    slides = _slides(pages, frames, producer)
    running = {} if slides else _running(pages, frames, numbers)
    # (a running head that holds the page's number is the words beside it; any other line
    # that begins or ends with a number is body as it stands)
    left_out = {n for n, said in numbers.items() if not said or n in running}
    every = [
        replace(b, text=numbers[b.id]) if b.id in left_out else b
        for blocks in pages
        for b in blocks
        if numbers.get(b.id) != ""
    ]
    body = _joined([b for b in every if b.id not in running])
    heads = [b for b in every if b.id in running]
    texts = mend_hyphens([b.text for b in [*body, *heads]], _TEX.search(producer) is not None)
    mended = {b.id: text for b, text in zip([*body, *heads], texts, strict=True)}
    units: list[Unit] = []
    sides: dict[int, str] = {}
    told: dict[tuple[str, str], None] = {}
    # A head on fewer than half the pages alternates with others (a name on odd pages, a
    # title on even ones; a chapter's title): of those on half the pages of one parity at
    # least, the side's most frequent (the first of those) is its header; the others are
    # written once where they first stood (Word's odd and even headers are not needed, and
    # a chapter's title is no header of the book's).
    on = collections.Counter((running[b.id], b.text) for b in heads)
    alternate = {head for head, count in on.items() if count < max(3, (len(pages) + 1) // 2)}
    odd = (len(pages) + 1) // 2
    sided = collections.Counter((running[b.id], b.text, b.page % 2) for b in heads)
    headed: dict[str, str] = {}
    for (place, text), count in on.items():  # (in the order they first stand)
        wide = any(
            sided[place, text, parity] > 0 and 2 * sided[place, text, parity] >= total
            for parity, total in ((1, odd), (0, len(pages) - odd))
        )
        if count >= 2 and wide and (place not in headed or count > on[place, headed[place]]):
            headed[place] = text
    for block in every:
        side = running.get(block.id)
        if side is None:
            if block.id in mended:  # (not one joined to the paragraph it goes on with)
                units.append(Unit(block.id, mended[block.id], page=block.page))
            continue
        if (side, block.text) in told:
            continue  # (said once)
        told[side, block.text] = None
        first = headed.get(side)
        if first is None or (
            first != block.text and {(side, first), (side, block.text)} & alternate
        ):
            units.append(Unit(block.id, mended[block.id], page=block.page, read=False))
            continue
        sides[len(units)] = side
        units.append(Unit(block.id, mended[block.id], page=block.page, read=False))
    return units, sides, len(left_out), [text for _, text in told]


_LONGEST_HEAD = 160  # characters: a running head is a title, a name, a line
_BAND = 0.2  # of a page's height, at its top and its foot: where heads, feet and numbers stand
_NEAR_Y = 2.0  # points: a running line stands at the same height on every page
_NEAR_X = 3.0  # points: and starts at the same place
# A line that is a page's number and nothing else: "7", "- 7 -", "Page 7", "7 of 12",
# "Seite 7", "vii".
_PAGE_NUMBER = re.compile(
    r"(?:(?:page|p\.|seite|s\.|página|pagina|pag\.|strona|str\.)\s*)?"
    r"[-–—]?\s*(\d{1,4}|[ivxlcdm]{1,8})\s*[-–—]?"
    r"(?:\s*(?:of|/|von|de|sur|di|z|из)\s*\d{1,4})?",
    re.IGNORECASE,
)
_ROMAN = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
    (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)  # fmt: skip
# A word of two letters at least: a single letter, a mark or a printer's crop mark ("L L",
# federal-register's) is never a running head.
_TWO_LETTERS = re.compile(r"[^\W\d_]{2}")


def _side(block: _Block, frame: _Frame) -> str | None:
    """Whether a paragraph stands in its page's top band ("header"), its foot's ("footer")
    or neither."""
    band = _BAND * (frame.y1 - frame.y0)
    if block.bottom >= frame.y1 - band:
        return "header"
    if block.top <= frame.y0 + band:
        return "footer"
    return None


def _number(text: str) -> tuple[int, bool] | None:
    """A page number's value, and whether it is a roman numeral; None for other text."""
    match = _PAGE_NUMBER.fullmatch(" ".join(text.split()))
    if match is None:
        return None
    digits = match.group(1).casefold()
    if digits.isdigit():
        return int(digits), False
    value, rest = 0, digits
    for worth, letters in _ROMAN:
        while rest.startswith(letters):
            value, rest = value + worth, rest[len(letters) :]
    return (value, True) if value and not rest else None


def _text_size(pages: list[list[_Block]]) -> float:
    """The size of the most of the pages' text (their body's)."""
    sizes: collections.Counter[float] = collections.Counter()
    for block in (b for blocks in pages for b in blocks):
        sizes[block.size] += len(block.text)
    return max(sizes, key=lambda size: sizes[size], default=0.0)


def _numbered(text: str) -> tuple[str, int, bool] | None:
    """The words of a line that holds a number at its start or its end ("26 FREE CULTURE",
    "“PIRACY” 27", "… 3:51 PM Page 26"), with the number's value and whether it is a roman
    numeral; None for a line without one, or without a word of two letters beside it, or
    for a label and its number ("Week 3", "Chapter 3", "Schritt 3": a heading that counts
    what the pages hold, one a page, not the page)."""
    words = text.split()
    for k in range(min(len(words) - 1, 4), 0, -1):  # (the longest: "Page 26", not "26")
        for last, number, rest in ((True, words[-k:], words[:-k]), (False, words[:k], words[k:])):
            value = _number(" ".join(number))
            said = " ".join(rest)
            if value is None or not _TWO_LETTERS.search(said):
                continue
            if last and len(rest) == 1 and rest[0].strip(".:").casefold() in _COUNTERS:
                return None
            return said, *value
    return None


# Words a heading counts with ("Week 3"), in the languages whose PDFs most users bring.
_COUNTER_WORDS = """
    week chapter step lesson question exhibit part unit day section appendix annex figure
    table exercise problem example case session module round level stage phase task
    article schedule clause slide act scene book volume issue item attachment
    woche kapitel schritt teil lektion tag abschnitt aufgabe anhang anlage übung frage
    semaine chapitre étape partie leçon jour annexe exercice
    semana capítulo paso parte lección día sección anexo ejercicio
    settimana capitolo passo lezione giorno sezione allegato esercizio
"""
_COUNTERS = frozenset(_COUNTER_WORDS.split())


def _page_numbers(pages: list[list[_Block]], frames: Sequence[_Frame]) -> dict[str, str]:
    """The page numbers, by their paragraphs' ids, each with the words beside it in its line
    ("" for a number alone): paragraphs that are a number alone (or "Page 7", "- 7 -", "7 of
    12", "vii"), or a line that begins or ends with one (a book's running head: "26 FREE
    CULTURE", "“PIRACY” 27"), in a page's top or foot band, at one height (within
    ``_NEAR_Y``) on most pages, whose number follows the pages' (a page's is the one before
    it's plus one, pages without one aside: roman numbers before, arabic after, each so)."""
    found: list[tuple[str, float, _Block, int, bool, str]] = []
    small = 1.1 * _text_size(pages)  # (a head is set no larger: "Chapter 3" atop page 3 is no head)
    for blocks, frame in zip(pages, frames, strict=True):
        for block in blocks:
            side = _side(block, frame)
            if side is None:
                continue
            y = block.top if side == "header" else block.bottom
            number = _number(block.text)
            if number is not None:
                found.append((side, y, block, *number, ""))
            elif block.lines == 1 and len(block.text) <= _LONGEST_HEAD and block.size <= small:
                beside = _numbered(block.text)
                if beside is not None:
                    said, value, roman = beside
                    found.append((side, y, block, value, roman, said))
    numbers: dict[str, str] = {}
    found.sort(key=lambda f: (f[0], f[1]))
    for _, place in itertools.groupby(found, key=lambda f: f[0]):
        rest = list(place)
        while rest:  # (those at one height: within _NEAR_Y of the lowest)
            here = [f for f in rest if f[1] - rest[0][1] <= _NEAR_Y]
            rest = rest[len(here) :]
            runs: dict[tuple[int, bool], list[tuple[_Block, str]]] = {}
            for _, _, block, value, roman, said in here:
                runs.setdefault((value - block.page, roman), []).append((block, said))
            sequences = [run for run in runs.values() if len({b.page for b, _ in run}) >= 2]
            if 2 * len({b.page for run in sequences for b, _ in run}) > len(pages):
                numbers.update((b.id, said) for run in sequences for b, said in run)
    return numbers


def _running(
    pages: list[list[_Block]], frames: Sequence[_Frame], numbers: Mapping[str, str]
) -> dict[str, str]:
    """The running heads and feet, by their paragraphs' ids: "header" or "footer". A running
    head (foot) is a line or two of the same words at the same place (``_NEAR_X`` from its
    start or its end, ``_NEAR_Y``) in the top (foot) band of three pages at least and half
    the pages (or half those of one parity: heads that alternate on odd and even pages;
    a book's, mirrored, at one place on the left-hand pages and another on the right-hand
    ones), or a line that holds the page's number (``numbers``: the words beside a number,
    by id) or stands on its row beside it (a chapter's title, which changes as chapters
    do), above (below) the page's body with a gap between (a table's cells that repeat stand
    among others), with a word of two letters at least. A document that says nothing else
    says it as its body."""

    def said(block: _Block) -> str:
        return " ".join(numbers.get(block.id, block.text).split())

    alike: dict[tuple[str, str], list[_Block]] = {}
    rowed: dict[str, str] = {}  # the lines beside a page's number, by id
    small = 1.1 * _text_size(pages)
    for blocks, frame in zip(pages, frames, strict=True):
        rows = [
            (_side(b, frame), b.bottom) for b in blocks if b.id in numbers and not numbers[b.id]
        ]
        for block in blocks:
            side = _side(block, frame)
            if (
                side is None
                or numbers.get(block.id) == ""
                or len(block.text) > _LONGEST_HEAD
                or not _TWO_LETTERS.search(block.text)
            ):
                continue
            alike.setdefault((side, said(block)), []).append(block)
            if block.id in numbers or (
                block.lines == 1
                and block.size <= small
                and any(s == side and abs(y - block.bottom) <= _NEAR_Y for s, y in rows)
            ):
                rowed[block.id] = side
    least = max(3, (len(pages) + 1) // 2)
    odd = (len(pages) + 1) // 2  # (pages 1, 3, 5…: a book's right-hand pages)

    def enough(found: list[_Block]) -> bool:
        """Three pages at least, and half the pages or half those of one parity (a head
        that alternates: a name on odd pages, a title on even ones)."""
        if len(found) >= least:
            return True
        parities = [sum(1 for b in found if b.page % 2 == r) for r in (1, 0)]
        return len(found) >= 3 and any(
            2 * n >= total for n, total in zip(parities, (odd, len(pages) - odd), strict=True)
        )

    def placed(side: str, blocks: list[_Block]) -> list[_Block]:
        """The most of ``blocks`` that stand at one place, on pages of their own, with the
        most at another place on three other pages at least (a mirrored head: at one place
        on the left-hand pages, another on the right-hand ones; which pages those are the
        PDF may not say, as a producer may leave out a blank page)."""

        def near(a: _Block, b: _Block) -> bool:
            ya, yb = (a.top, b.top) if side == "header" else (a.bottom, b.bottom)
            edge = min(abs(a.left - b.left), abs(a.right - b.right))
            return edge <= _NEAR_X and abs(ya - yb) <= _NEAR_Y

        def most(among: list[_Block]) -> list[_Block]:
            found = max(([b for b in among if near(a, b)] for a in among), key=len, default=[])
            return list({b.page: b for b in reversed(found)}.values())

        one = most(blocks)
        taken = {b.page for b in one}
        other = most([b for b in blocks if b.page not in taken])
        return one + other if len(other) >= 3 else one

    def sides(found: Mapping[str, str]) -> dict[str, str]:
        kept: dict[tuple[str, str], list[_Block]] = {}
        for (side, text), blocks in alike.items():
            ours = [b for b in blocks if found.get(b.id) == side]
            if ours and enough(placed(side, ours)):
                kept[side, text] = placed(side, ours)
        return {b.id: side for (side, _), blocks in kept.items() for b in blocks}

    found = sides({b.id: side for (side, _), blocks in alike.items() for b in blocks}) | rowed
    outside: dict[str, str] = {}
    for blocks in pages:
        others = [b for b in blocks if b.id not in found and b.id not in numbers]
        for block in (b for b in blocks if b.id in found):
            side = found[block.id]
            # (what stands wholly beyond it, nearer the paper's edge, is no body: the
            # printer's mark under freeculture's stamp at the foot)
            rest = [
                b for b in others
                if (b.top > block.bottom if side == "footer" else b.bottom < block.top)
            ]  # fmt: skip
            if not rest:  # (a page that has nothing else that can be read: TAMReview's)
                gap = math.inf
            elif side == "header":
                gap = block.bottom - max(b.top for b in rest)
            else:
                gap = min(b.bottom for b in rest) - block.top
            if gap >= 0.5 * block.size:
                outside[block.id] = side
    running = sides(outside) | {n: side for n, side in rowed.items() if n in outside}
    body = any(b.id not in running and b.id not in numbers for blocks in pages for b in blocks)
    return running if body else {}  # (pages that each say one thing say it as their body)


def _slides(pages: list[list[_Block]], frames: Sequence[_Frame], producer: str) -> bool:
    """Whether the PDF is a presentation's slides (PowerPoint's, Impress's, Keynote's; or
    most pages landscape with a few lines each): a title that goes on over slides is the
    slides' words, not a running head."""
    if re.search(r"powerpoint|impress|keynote", producer, re.IGNORECASE):
        return True
    wide = sum(f.x1 - f.x0 > f.y1 - f.y0 for f in frames)
    lines = sorted(sum(b.lines for b in blocks) for blocks in pages)
    return 2 * wide > len(frames) and bool(lines) and lines[len(lines) // 2] <= 25


def _joined(blocks: list[_Block]) -> list[_Block]:
    """The body's paragraphs, each that a page or a column break cut read as one (on the
    page it starts on): one in the body's font (name and size) that ends mid-sentence (see
    ``_runs_on``) and is no heading, with the next in that font that starts higher up or on
    the next page with a small letter and is no code, past footnotes, captions or floats in
    other fonts between them (five at most), not past another paragraph of the body's."""
    weights: dict[tuple[str, float], int] = {}
    for block in blocks:
        weights[block.font, block.size] = weights.get((block.font, block.size), 0) + len(block.text)
    font, size = max(weights, key=lambda k: weights[k], default=("", 0.0))

    def body(block: _Block) -> bool:
        return block.font == font and abs(block.size - size) <= 0.15 * max(block.size, size)

    out: list[_Block] = []
    for block in blocks:
        for back in range(1, min(len(out), 6) + 1) if body(block) else ():
            before = out[-back]
            page = before.ends or before.page  # (and top: where its last part starts)
            broken = block.page == page + 1 or (block.page == page and block.top > before.top)
            if (
                broken
                and body(before)
                and not _heading(before)
                and not _code(before.text)
                and not _code(block.text)
                and _runs_on(before.text, block.text)
            ):
                text = _run_together(before.text, block.text)
                out[-back] = replace(before, text=text, top=block.top, ends=block.page)
                break
            if body(before):
                out.append(block)  # (past another of the body's paragraphs: no knowing)
                break
        else:
            out.append(block)
    return out


# A numbered heading: "4.2 Results", "3. Methods".
_NUMBERED = re.compile(r"\d+(?:\.\d+)*\.?\s+\S")
# Code: braces, "(void)", a statement's semicolon at the end.
_CODE = re.compile(r"[{}]|\(void\)|;\s*$")


def _heading(block: _Block) -> bool:
    """Whether a paragraph is a heading: numbered, or a short line."""
    short = block.lines == 1 and len(block.text.split()) <= 6
    return short or (_NUMBERED.match(block.text) is not None and len(block.text) <= 100)


def _code(text: str) -> bool:
    return _CODE.search(text) is not None


def _run_together(before: str, after: str) -> str:
    """Two parts of a paragraph as one: a word a hyphen broke joined as a line's are."""
    if _HYPHEN.search(before):
        return before[:-1] + BROKEN + after
    return f"{before} {after}"


def _runs_on(before: str, after: str) -> bool:
    """Whether the paragraph ``after``, after a page or column break, goes on with
    ``before``: that one ends in a letter, a comma or a word a hyphen broke, no full stop,
    colon or closing mark, and this one starts with a small letter (a new paragraph, a
    heading, a page number starts otherwise)."""
    end, start = before.rstrip()[-1:], after.lstrip()[:1]
    cut = end.isalpha() or end == "," or _HYPHEN.search(before) is not None
    return cut and start.isalpha() and start.islower()


# A word, and a hyphenated word, as the document's own words count them.
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_BROKEN_WORD = re.compile(rf"([^\W\d_]*){BROKEN}(\w*)")
_URL = re.compile(r"\S*(?://|www\.|@)\S*")
# A producer that hyphenates words at lines' ends (TeX's; Word and LibreOffice do not
# unless told to).
_TEX = re.compile(r"tex\b|dvipdf|dvips", re.IGNORECASE)
# Words before a hyphen of their own ("self-replication", "e-mail", "semi-automatic"): where
# TeX breaks a word after one of these is not known from the word alone.
_PREFIXES = frozenset(
    ["all", "anti", "co", "counter", "cross", "ex", "full", "half", "ill", "mid", "multi",
     "non", "post", "pre", "pseudo", "quasi", "self", "semi", "well"]
)  # fmt: skip


def mend_hyphens(texts: list[str], hyphenated: bool = False) -> list[str]:
    """``texts`` with each word a line's end broke at a hyphen (``BROKEN``) whole: without
    the hyphen where the document has the word so elsewhere ("compile", not in a web
    address), with it where it has it hyphenated ("client-side"); else, where its producer
    breaks words with a hyphen (``hyphenated``: TeX), without it where the word goes on in
    a small letter after a part two letters long at least that is no prefix ("inter-preter",
    not "self-replication", "e-mail" nor "Anglo-Saxon") and before one that is no word the
    document has on its own, four letters at least (not "high-dimensional" where it says
    "dimensional"); else with it (Word and LibreOffice break no word unless told to: a
    hyphen at a line's end is the word's own)."""
    if not any(BROKEN in text for text in texts):
        return texts
    words = {w.casefold() for text in texts for w in _WORD.findall(_URL.sub(" ", text))}
    # (the words the document has on their own or in a word with a hyphen of its own: not
    # the parts of a broken word)
    alone = {
        part.casefold()
        for text in texts
        for w in _WORD.findall(_URL.sub(" ", _BROKEN_WORD.sub(" ", text)))
        for part in w.split("-")
    }

    def mended(match: re.Match[str]) -> str:
        left, right = match.groups()
        if (left + right).casefold() in words:
            return left + right
        if (
            hyphenated
            and f"{left}-{right}".casefold() not in words
            and (len(right) < 4 or right.casefold() not in alone)
            and len(left) >= 2
            and left.casefold() not in _PREFIXES
            and right[:1].islower()
        ):
            return left + right
        return f"{left}-{right}"

    return [_BROKEN_WORD.sub(mended, text) for text in texts]


def _encrypted(path: Path) -> DocumentError:
    return DocumentError(
        "The PDF is encrypted with a password",
        path=path,
        hint="Open it, remove the password (save or print it as a new PDF), then retry",
        message_id="document.encrypted",
    )


def _declared(name: str, data: bytes, language: Language | None) -> bytes:
    """A part of python-docx's template naming ``language`` where it names one (the styles'
    defaults, the theme's fonts); without one, naming none."""
    if name not in _TEMPLATE_LANGUAGES:
        return data
    from lxml import etree

    from engine.documents.docx import declare, undeclare
    from engine.documents.package import xml_parser

    root = etree.fromstring(data, xml_parser())
    if language is None:
        undeclare(root)
    else:
        declare(root, language, only=True)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


_TEMPLATE_LANGUAGES = frozenset(
    ["word/styles.xml", "word/stylesWithEffects.xml", "word/settings.xml"]
)


def _steady(data: bytes, edit: Callable[[str, bytes], bytes] = lambda _n, d: d) -> bytes:
    """python-docx's archive with every entry dated 1980-01-01 (zip's first date) instead
    of the time of writing: the same PDF and translations give the same bytes, wherever and
    whenever they are written (a batch's outputs compare equal to a local run's). ``edit``
    gives an entry's bytes from its name and python-docx's bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            steady = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            steady.compress_type = info.compress_type
            steady.external_attr = info.external_attr
            target.writestr(steady, edit(info.filename, source.read(info.filename)))
    return out.getvalue()


def read(data: bytes, path: Path, *, tick: Tick | None = None) -> Document:
    return _extract(data, path, tick)


__all__ = ["MAX_PAGES", "PAGE_BREAK", "PdfDocument", "read"]
