"""The document the line-oriented markup formats share (reStructuredText, AsciiDoc, Typst,
Org): units their parsers found line by line, each a run of pieces (``Bit``: text, line
breaks, markup), written back in place with their markup where the translation put it, and
in a bilingual output a copy of their whole lines after them. What each format writes of its
own (titles, tables, references) is its subclass's."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from engine.documents.base import FIELD, Unit, edited
from engine.documents.lines import fit_lines
from engine.documents.markdown import unescaped
from engine.documents.pairs import BREAK, TEXT, Apart, Bit, placed
from engine.documents.txt import TextDocument
from engine.text.encoding import TextEncoding

Piece = tuple[int, int]
Edit = tuple[int, int, str]


@dataclass(frozen=True)
class Found:
    """A unit as a format's parser found it: its pieces, and ``margin``, where its block's
    text begins (after a list's or footnote's marker, which its copy leaves out).
    ``inline``: a bilingual output writes "source / translation" in its place (a title, a
    term, a cell) rather than a copy of its lines. ``adornments``: a title's over- and
    underline (reST's, AsciiDoc's), resized to the translation. ``read``: see ``Unit.read``."""

    bits: tuple[Bit, ...]
    margin: int
    inline: bool = False
    adornments: tuple[Piece, ...] = ()
    read: bool = True


F = TypeVar("F", bound=Found)


class LineDocument(TextDocument, Generic[F]):
    """A document of units found line by line: each unit's markup a placeholder (numbered
    from 1, its ``fields`` what a reader sees of it) or a pair of them around words, placed
    back where the translation put it, set apart as the format's ``apart`` says."""

    # Whether an escape or an entity in a unit's text (\*, &amp;) is seen as the character
    # it stands for, and written back as the source wrote it (read as Markdown reads them);
    # Org's backslashes are markup or text.
    unescapes = True

    def __init__(
        self, path: Path, source: str, found: Sequence[F], encoding: TextEncoding, apart: Apart
    ) -> None:
        pieces = [[b.span for b in f.bits] for f in found]
        spans = [(p[0][0], p[-1][1]) for p in pieces]
        ids = [f"p{n + 1}" for n in range(len(found))]
        super().__init__(path, source, spans, ids, encoding, pieces)
        self.found = list(found)
        self.apart = apart
        # Per unit, the characters its text wrote as escapes or entities, and how: the
        # translator sees the character, and the translation writes it the same way.
        self.escapes: list[dict[int, str]] = []
        units = []
        for unit, f in zip(self.units, found, strict=True):
            plain = frozenset(i for i, b in enumerate(f.bits) if b.kind != TEXT)
            escapes: dict[int, str] = {}
            if self.unescapes:
                unit, escapes = unescaped(unit, plain)
            self.escapes.append(escapes)
            runs = list(unit.runs)
            shown = []
            for i, b in enumerate(f.bits):
                if b.kind not in (TEXT, BREAK):
                    shown.append(b.shown)
                    runs[i] = FIELD.format(len(shown))
            units.append(Unit(unit.id, "".join(runs), tuple(runs), None, tuple(shown), f.read))
        self.units = tuple(units)

    def parts(self, n: int, text: str) -> list[str]:
        bits = self.found[n].bits
        if text == self.units[n].text:
            return [self.source[slice(*b.span)] for b in bits]
        return placed(text, bits, self.source, self.escapes[n], self.apart)

    def _fitted(self, n: int, text: str) -> list[str]:
        """Unit ``n``'s parts, where it holds no markup, cut as a plain text's lines are (see
        :func:`fit_lines`), its escapes written back (reST's and AsciiDoc's)."""
        breaks = frozenset(i for i, b in enumerate(self.found[n].bits) if b.kind == BREAK)
        fitted = fit_lines(text, self.units[n].runs, breaks)
        escapes = self.escapes[n]
        return [p if i in breaks else p.translate(escapes) for i, p in enumerate(fitted)]

    def _copied(self, n: int, text: str) -> list[str]:
        """Unit ``n``'s parts in a bilingual copy: as in the translation, where the format
        has no markup that a document holds once."""
        return self.parts(n, text)

    def _edits(self, n: int, text: str, copy: bool = False) -> list[Edit]:
        parts = self._copied(n, text) if copy else self.parts(n, text)
        return [(*b.span, part) for b, part in zip(self.found[n].bits, parts, strict=True)]

    def _bounds(self, n: int) -> Piece:
        """Where the lines of unit ``n`` start and end (their line break left out)."""
        start, end = self.spans[n]
        first = max(self.source.rfind("\n", 0, start), self.source.rfind("\r", 0, start)) + 1
        ends = [i for i in (self.source.find("\n", end), self.source.find("\r", end)) if i >= 0]
        return first, min(ends, default=len(self.source))

    def _line(self, n: int, text: str, edits: list[Edit] | None = None) -> str:
        """Unit ``n``'s lines, translated as ``text`` (by its ``edits``, made already)."""
        start, end = self._bounds(n)
        made = self._edits(n, text) if edits is None else edits
        return edited(self.source[start:end], [(a - start, b - start, p) for a, b, p in made])

    def region(self, n: int) -> Piece:
        return self._bounds(n)

    def _translated(
        self, start: int, end: int, members: Sequence[int], translations: Sequence[str]
    ) -> str:
        """The copy: the members' lines translated, as a copy writes them (``_copied``)."""
        out: list[str] = []
        cursor = start
        for n in members:
            for a, b, part in self._edits(n, translations[n], copy=True):
                out += [self.source[cursor:a], part]
                cursor = b
        out.append(self.source[cursor:end])
        return "".join(out)


__all__ = ["Found", "LineDocument"]
