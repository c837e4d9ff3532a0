"""Plain text: one unit per paragraph (blank-line separated; a long one in units of whole
sentences); the whitespace between is kept.
Also the bilingual writer the text formats share: each paragraph followed by its translation."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from engine.documents.base import Document, SpanDocument, decode_text, edited
from engine.text.encoding import EncodedText, TextEncoding

_PARAGRAPH = re.compile(r"\S(?:.*?\S)?(?=\s*(?:\n[ \t\r\f\v]*\n|\Z))", re.DOTALL)


class TextDocument(SpanDocument):
    """A span document written bilingually: each unit's region (its span, or for Markdown its
    whole lines) is followed by a copy of that region holding the translation."""

    # A file whose lines end in a lone CR (classic Mac OS, some old subtitle tools): read with
    # LF, so its paragraphs and cues are found; written back with CR (see ``mac_lines``).
    lone_cr = False

    def render_text(self, translations: Sequence[str]) -> str:
        return self._line_ends(super().render_text(translations))

    def _line_ends(self, text: str) -> str:
        return text.replace("\n", "\r") if self.lone_cr else text

    def newline(self, at: int) -> str:
        """The line ending the file uses where ``at`` is (files may mix them)."""
        following = self.source.find("\n", at)
        if following > 0 and self.source[following - 1] == "\r":
            return "\r\n"
        preceding = self.source.rfind("\n", 0, at)
        return "\r\n" if preceding > 0 and self.source[preceding - 1] == "\r" else "\n"

    def region(self, n: int) -> tuple[int, int]:
        return self.spans[n]

    def insert_at(self, start: int, end: int) -> int:
        """Where the copy of the region ``start:end`` goes: right after it."""
        return end

    def separator(self, start: int, end: int) -> str:
        """What goes between a region and its translated copy: a blank line."""
        return self.newline(end) * 2

    def render_bilingual(self, translations: Sequence[str]) -> EncodedText:
        self._check(translations)
        copies = self.copies(range(len(self.units)), translations)
        return self.encoding.encode(self._line_ends(edited(self.source, copies)))

    def copies(
        self, units: Iterable[int], translations: Sequence[str]
    ) -> list[tuple[int, int, str]]:
        """The edits that put a translated copy after the region of each of ``units`` (in
        order; units sharing lines share one copy)."""
        groups: list[tuple[int, int, list[int]]] = []
        for n in units:
            start, end = self.region(n)
            if groups and start < groups[-1][1]:
                first, last, members = groups[-1]
                groups[-1] = (first, max(last, end), [*members, n])
            else:
                groups.append((start, end, [n]))
        edits = []
        for start, end, members in groups:
            at = self.insert_at(start, end)
            copy = self._translated(start, end, members, translations)
            edits.append((at, at, self.separator(start, end) + copy))
        return edits

    def _translated(
        self, start: int, end: int, members: Sequence[int], translations: Sequence[str]
    ) -> str:
        """``source[start:end]`` with the members' texts replaced by their translations."""
        out: list[str] = []
        cursor = start
        for n in members:
            if self.pieces is None:
                pieces, parts = [self.spans[n]], [translations[n]]
            else:
                pieces, parts = self.pieces[n], self.parts(n, translations[n])
            for (a, b), part in zip(pieces, parts, strict=True):
                out += [self.source[cursor:a], part]
                cursor = b
        out.append(self.source[cursor:end])
        return "".join(out)


def mac_lines(text: str) -> tuple[str, bool]:
    """``text`` with LF line ends, and whether it had lone CRs instead (a file with no LF at
    all: a classic Mac OS one). A file mixing them is left as it is."""
    if "\r" in text and "\n" not in text:
        return text.replace("\r", "\n"), True
    return text, False


def read(data: bytes, path: Path, *, encoding: str | None = None) -> Document:
    text, found = decode_text(data, path, "text", encoding=encoding)
    text, lone_cr = mac_lines(text)
    return plain_text(path, text, found, lone_cr)


# A paragraph longer than this is several units, each of whole sentences (a log or a list
# with no blank line was one unit of 64,000 characters: no progress for three minutes, a
# cancel heard only after two, and one bad stretch kept the whole file untranslated). The
# model translates sentence by sentence either way.
UNIT_CHARS = 4000


def plain_text(path: Path, text: str, found: TextEncoding, lone_cr: bool) -> Document:
    """A decoded text file's document: its paragraphs (apart by blank lines) are units, a
    long one cut between sentences into units of at most ``UNIT_CHARS``."""
    spans: list[tuple[int, int]] = []
    ids: list[str] = []
    for n, match in enumerate(_PARAGRAPH.finditer(text)):
        parts = _parts(text, *match.span())
        spans += parts
        ids += (
            [f"p{n + 1}"] if len(parts) == 1 else [f"p{n + 1}.{k + 1}" for k in range(len(parts))]
        )
    document = TextDocument(path, text, spans, ids, found)
    document.lone_cr = lone_cr
    return document


def _parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The paragraph ``text[start:end]`` as spans of whole sentences, each at most
    ``UNIT_CHARS`` long where its sentences allow."""
    if end - start <= UNIT_CHARS:
        return [(start, end)]
    from engine.text.segment import segment

    parts: list[tuple[int, int]] = []
    for sentence in segment(text[start:end]).segments:
        for a, b in _lines(text, start + sentence.start, start + sentence.end):
            if parts and b - parts[-1][0] <= UNIT_CHARS:
                parts[-1] = (parts[-1][0], b)
            else:
                parts.append((a, b))
    return parts


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A sentence as one span, or one over ``UNIT_CHARS`` (a log's lines, with no full stop
    to end them) as spans ending at its line breaks, else its spaces."""
    spans: list[tuple[int, int]] = []
    while end - start > UNIT_CHARS:
        stop = text.rfind("\n", start + 1, start + UNIT_CHARS)
        if stop < 0:
            stop = text.rfind(" ", start + 1, start + UNIT_CHARS)
        if stop < 0:
            stop = start + UNIT_CHARS
        spans.append((start, stop))
        start = stop
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        spans.append((start, end))
    return spans


__all__ = ["TextDocument", "mac_lines", "plain_text", "read"]
