"""A document's text for summarizing and asking: its units in reading order, one paragraph
each, with the way back from a paragraph or a character offset to the unit's id and page."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from engine.documents.base import LINE_BREAK
from engine.documents.errors import DocumentError
from engine.documents.registry import MAX_DOCUMENT_BYTES, load_document
from engine.text.encoding import TextEncoding

PARAGRAPH_BREAK = "\n\n"
_WHITESPACE = re.compile(r"\s+")
_LINE_BREAK = re.compile(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


def _one_paragraph(text: str) -> str:
    """``text`` with the whitespace the segmenter reads as a paragraph break (a blank line, a
    paragraph separator) folded to one line break, so that one unit stays one paragraph."""

    def fold(match: re.Match[str]) -> str:
        space = match.group()
        breaks = len(_LINE_BREAK.findall(space))
        return "\n" if "\u2029" in space or breaks >= 2 else space

    return _WHITESPACE.sub(fold, text.strip())


@dataclass(frozen=True)
class Place:
    """Where a paragraph of the extracted text comes from."""

    id: str  # the unit's id in its document
    page: int | None = None  # 1-based page or slide, when the format has them
    line: int | None = None  # 1-based line of the file, when the format is text (.md, .html)


@dataclass(frozen=True)
class ExtractedText:
    path: Path
    text: str  # the units joined by blank lines: paragraph ``i`` is ``places[i]``
    places: tuple[Place, ...]
    starts: tuple[int, ...]  # where each paragraph starts in ``text``
    encoding: TextEncoding | None = None  # a text format's encoding, as read
    notes: tuple[str, ...] = ()  # what the reader says of the file (a PDF's unreadable pages)

    def place(self, paragraph: int) -> Place:
        return self.places[paragraph]

    def line_at(self, offset: int) -> int | None:
        """The line of the file character ``offset`` is on, for a text format (its
        paragraph's first line, and the line breaks before it in the paragraph: a
        hard-wrapped paragraph's answer is on its own line); None for another."""
        index = max(0, min(bisect.bisect_right(self.starts, offset) - 1, len(self.places) - 1))
        line = self.places[index].line if self.places else None
        if line is None:
            return None
        start = self.starts[index]
        return line + len(LINE_BREAK.findall(self.text, start, max(offset, start)))

    def place_at(self, offset: int) -> Place:
        """The paragraph holding character ``offset`` (an offset in a break belongs to the
        paragraph before it)."""
        index = bisect.bisect_right(self.starts, offset) - 1
        return self.places[max(0, min(index, len(self.places) - 1))]


def extract(
    path: Path,
    *,
    max_bytes: int = MAX_DOCUMENT_BYTES,
    encoding: str | None = None,
    tick: Callable[[int, int], None] | None = None,
) -> ExtractedText:
    """Read ``path`` with its format's reader (``encoding``: a text format's, instead of
    detecting it). ``tick(pages read, pages)`` as a PDF is read (``load_document``'s): it
    may raise ``Cancelled`` to stop. Raises only ``DocumentError`` (and what ``tick``
    raises)."""
    document = load_document(Path(path), max_bytes=max_bytes, encoding=encoding, tick=tick)[0]
    parts: list[str] = []
    places: list[Place] = []
    starts: list[int] = []
    offset = 0
    for n, unit in enumerate(document.units):
        text = _one_paragraph(unit.shown) if unit.read else ""
        if not text:
            continue
        if parts:
            offset += len(PARAGRAPH_BREAK)
        starts.append(offset)
        parts.append(text)
        places.append(Place(unit.id, unit.page, document.line(n)))
        offset += len(text)
    if not document.units:  # (a notebook of code alone, which translate copies)
        raise DocumentError(
            "The document has no text",
            path=document.path,
            hint="Give a document with text",
            message_id="document.no_text",
        )
    if not parts:  # (its words are a page's metadata, a sheet's formulas' outputs…)
        raise DocumentError(
            "The document has no text to read: its words are labels, metadata or what "
            "formulas give, which summarize, ask and classify leave out",
            path=document.path,
            hint="Translate it instead, or give a document with text",
            message_id="document.no_text",
        )
    return ExtractedText(
        path=document.path,
        text=PARAGRAPH_BREAK.join(parts),
        places=tuple(places),
        starts=tuple(starts),
        encoding=document.encoding,
        notes=tuple(note.text for note in document.notes),
    )


__all__ = ["ExtractedText", "Place", "extract"]
