"""Plain text: one unit per paragraph (blank-line separated); the whitespace between is kept.
Also the bilingual writer the text formats share: each paragraph followed by its translation."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from engine.documents.base import Document, SpanDocument, decode_text
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
        groups: list[tuple[int, int, list[int]]] = []  # units sharing lines share one copy
        for n in range(len(self.units)):
            start, end = self.region(n)
            if groups and start < groups[-1][1]:
                first, last, members = groups[-1]
                groups[-1] = (first, max(last, end), [*members, n])
            else:
                groups.append((start, end, [n]))
        out: list[str] = []
        cursor = 0
        for start, end, members in groups:
            at = self.insert_at(start, end)
            out += [self.source[cursor:at], self.separator(start, end)]
            out.append(self._translated(start, end, members, translations))
            cursor = at
        out.append(self.source[cursor:])
        return self.encoding.encode(self._line_ends("".join(out)))

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


def plain_text(path: Path, text: str, found: TextEncoding, lone_cr: bool) -> Document:
    """A decoded text file's document: its paragraphs (apart by blank lines) are units."""
    spans = [m.span() for m in _PARAGRAPH.finditer(text)]
    document = TextDocument(path, text, spans, [f"p{n + 1}" for n in range(len(spans))], found)
    document.lone_cr = lone_cr
    return document


__all__ = ["TextDocument", "mac_lines", "plain_text", "read"]
