"""The interface every format implements: a parsed document's translatable units, in reading
order, and a writer that rebuilds the file from their translations."""

from __future__ import annotations

import itertools
import re
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from engine.documents.errors import DocumentError
from engine.fileio import decode_utf8


@dataclass(frozen=True)
class Unit:
    """One paragraph-like block: ``text`` is what a translator sees. ``runs`` (rich formats)
    are the formatting runs' texts, ``"".join(runs) == text``; the translation is mapped back
    onto them by :func:`split_like`."""

    id: str
    text: str
    runs: tuple[str, ...] = ()
    page: int | None = None  # 1-based page (PDF) or slide (presentations), when the format has them


class Document(ABC):
    """A parsed file: its units and how to rebuild it."""

    path: Path
    units: tuple[Unit, ...]
    # The suffixes this document can be written as, the default first; empty = its own suffix
    # only (a PDF is read, but written as .docx or .txt).
    output_suffixes: tuple[str, ...] = ()

    @abstractmethod
    def render(self, translations: Sequence[str]) -> bytes:
        """The file's bytes with each unit's text replaced by its translation (same order)."""

    def render_bilingual(self, translations: Sequence[str]) -> bytes:
        """The file with each unit followed by its translation (source and translation side by
        side, paragraph by paragraph). Formats that can show both override this."""
        raise DocumentError(
            f"Bilingual output is not available for {self.path.suffix} files",
            path=self.path,
            hint="Translate without --bilingual",
        )

    @property
    def default_suffix(self) -> str:
        return self.output_suffixes[0] if self.output_suffixes else self.path.suffix.lower()

    def accepts_suffix(self, suffix: str) -> bool:
        return suffix.lower() in (self.output_suffixes or (self.path.suffix.lower(),))

    def write(
        self, translations: Sequence[str], suffix: str | None = None, *, bilingual: bool = False
    ) -> bytes:
        """The output file's bytes, as ``suffix`` (default: :attr:`default_suffix`)."""
        suffix = (suffix or self.default_suffix).lower()
        if not self.accepts_suffix(suffix):
            allowed = ", ".join(self.output_suffixes or (self.path.suffix.lower(),))
            raise DocumentError(
                f"A {self.path.suffix} file cannot be written as {suffix}",
                path=self.path,
                hint=f"Name the output with one of: {allowed}",
            )
        return self._write_as(translations, suffix, bilingual)

    def _write_as(self, translations: Sequence[str], suffix: str, bilingual: bool) -> bytes:
        """Formats with several output suffixes override this; the rest write their own."""
        return self.render_bilingual(translations) if bilingual else self.render(translations)

    def _check(self, translations: Sequence[str]) -> None:
        if len(translations) != len(self.units):
            raise ValueError(f"{len(translations)} translations for {len(self.units)} units")


def decode_text(data: bytes, path: Path, kind: str) -> tuple[str, bool]:
    """A text format's contents and whether it began with a UTF-8 byte order mark. ``kind``
    reads after "not" and before "file" ("HTML", "subtitle text")."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Windows editors save subtitles as "Unicode": without this it reads as binary.
        raise DocumentError(
            f"The {kind} is UTF-16, not UTF-8",
            path=path,
            hint="Save the file as UTF-8 and try again",
        )
    text = decode_utf8(data, path, what=kind, error=DocumentError)
    return text, data.startswith(b"\xef\xbb\xbf")


def encode_text(text: str, bom: bool) -> bytes:
    return ("\ufeff" if bom else "").encode("utf-8") + text.encode("utf-8", "surrogatepass")


class SpanDocument(Document):
    """A text file whose units are spans of its text; everything between spans is kept."""

    def __init__(
        self,
        path: Path,
        source: str,
        spans: Sequence[tuple[int, int]],
        ids: Sequence[str],
        bom: bool = False,
        pieces: Sequence[Sequence[tuple[int, int]]] | None = None,
    ) -> None:
        """``pieces`` (optional, per unit) are sub-spans of a unit holding its text; the text
        between them (inline markup) is kept and the translation split over them."""
        self.path, self.source, self.bom = path, source, bom
        self.spans = list(spans)
        self.pieces = [list(p) for p in pieces] if pieces is not None else None
        units: list[Unit] = []
        for n, ((start, end), uid) in enumerate(zip(self.spans, ids, strict=True)):
            if self.pieces is None:
                units.append(Unit(uid, source[start:end]))
            else:
                runs = tuple(source[a:b] for a, b in self.pieces[n])
                units.append(Unit(uid, "".join(runs), runs))
        self.units = tuple(units)

    def parts(self, n: int, text: str) -> list[str]:
        """Unit ``n``'s translation cut into one part per piece."""
        return split_like(text, self.units[n].runs)

    def render(self, translations: Sequence[str]) -> bytes:
        self._check(translations)
        out: list[str] = []
        cursor = 0
        for n, text in enumerate(translations):
            if self.pieces is None:
                start, end = self.spans[n]
                out += [self.source[cursor:start], text]
                cursor = end
                continue
            parts = self.parts(n, text)
            for (start, end), part in zip(self.pieces[n], parts, strict=True):
                out += [self.source[cursor:start], part]
                cursor = end
        out.append(self.source[cursor:])
        return encode_text("".join(out), self.bom)


_SPACE = re.compile(r"\s+")


def split_like(text: str, runs: Sequence[str]) -> list[str]:
    """Cut ``text`` into ``len(runs)`` parts in proportion to the runs' lengths, at word
    boundaries where the text has them; every character lands in exactly one part, in order."""
    if len(runs) <= 1:
        return [text] * len(runs)
    if text == "".join(runs):
        return list(runs)  # unchanged text keeps its runs exactly
    total = sum(len(r) for r in runs)
    if total == 0:
        return [text] + [""] * (len(runs) - 1)
    spaces = list(_SPACE.finditer(text))
    cuts: list[int] = []
    done = 0
    previous = 0
    for run in runs[:-1]:
        done += len(run)
        want = round(len(text) * done / total)
        if not run:
            cut = previous  # an empty run stays empty
        elif spaces:
            # A run that ended in a space takes the space along; one that did not leaves it
            # to the next run (so "Hello <i>my</i> friend" stays "X <i>Y</i> Z").
            keep = len(run) - len(run.rstrip())
            gaps = [min(m.start() + keep, m.end()) for m in spaces]
            cut = min(gaps, key=lambda g: (abs(g - want), g))
        else:
            cut = want
        cut = max(previous, min(cut, len(text)))
        cuts.append(cut)
        previous = cut
    bounds = [0, *cuts, len(text)]
    return [text[a:b] for a, b in itertools.pairwise(bounds)]


def pieces_between(
    source: str, start: int, end: int, markup: re.Pattern[str]
) -> list[tuple[int, int]]:
    """The non-empty stretches of ``source[start:end]`` between matches of ``markup``."""
    pieces: list[tuple[int, int]] = []
    cursor = start
    for m in markup.finditer(source, start, end):
        if m.start() > cursor:
            pieces.append((cursor, m.start()))
        cursor = max(cursor, m.end())
    if cursor < end:
        pieces.append((cursor, end))
    return pieces


__all__ = [
    "Document",
    "SpanDocument",
    "Unit",
    "decode_text",
    "encode_text",
    "pieces_between",
    "split_like",
]
