"""Timed Text (TTML, and DFXP, its first name) subtitles, as streaming services take them
and ffmpeg, pysubs2 and Subtitle Edit write them: each ``<p>`` of the body is a cue. A cue's
lines (``<br/>``) are read as one text with ``\\n`` between them, as an .srt cue's are, and a
translation that comes back as one line is broken into as many lines again; its spans
(italics, regions) keep their text's share. Timings, styles, regions and metadata stay as
they are, and the file's encoding, declaration and line ends with them; a translated cue says
the direction its language reads in (``tts:direction``)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from engine.documents.base import Document, Unit, check_unit_count
from engine.documents.errors import DocumentError
from engine.documents.package import (
    Slot,
    Unreadable,
    parse_file,
    remove_keeping_tail,
    whole_file,
    written_in_place,
)
from engine.documents.subtitles import cue_lines, fit_cue

# TTML's namespace, and DFXP's drafts' (Netflix and older tools still write the 2006 one).
NAMESPACES = (
    "http://www.w3.org/ns/ttml",
    "http://www.w3.org/2006/10/ttaf1",
    "http://www.w3.org/2006/04/ttaf1",
    "http://www.w3.org/2006/02/ttaf1",
)
_XML = "http://www.w3.org/XML/1998/namespace"
_LANG = f"{{{_XML}}}lang"
_SPACE = f"{{{_XML}}}space"
_STYLING = "http://www.w3.org/ns/ttml#styling"
_RUBY = f"{{{_STYLING}}}ruby"
_RUBY_TEXT = frozenset(["text", "textContainer"])  # (a reading over words, not the words)
# XML's white space: what a renderer collapses (not a no-break or an ideographic space).
_WHITE = re.compile(r"[ \t\r\n]+")


@dataclass(frozen=True)
class _Piece:
    """A piece of a cue: a slot of text (``text``: as a player shows it) or a line break
    (``br``: its element)."""

    slot: Slot | None
    text: str
    br: etree._Element | None = None


class TtmlDocument(Document):
    def __init__(self, path: Path, data: bytes, root: etree._Element) -> None:
        self.path, self.data, self.root = path, data, root
        self.namespace = etree.QName(root).namespace or ""
        self.cues: list[tuple[etree._Element, list[_Piece]]] = []
        units: list[Unit] = []
        for n, cue in enumerate(self._cues(root), start=1):
            pieces = _pieces(cue, self.namespace)
            runs = tuple(p.text for p in pieces)
            text = "".join(runs)
            if not text.strip():
                continue
            check_unit_count(len(units) + 1, path)
            units.append(Unit(f"p{n}", text, runs))
            self.cues.append((cue, pieces))
        self.units = tuple(units)

    def _cues(self, root: etree._Element) -> Iterator[etree._Element]:
        body = root.find(f"{{{self.namespace}}}body")
        if body is None:
            return
        yield from body.iter(f"{{{self.namespace}}}p")

    def render(self, translations: Sequence[str]) -> bytes:
        return self._rendered(translations, bilingual=False)

    def render_bilingual(self, translations: Sequence[str]) -> bytes:
        """Each cue's lines, then the translation's, in the same cue (as an .srt's)."""
        return self._rendered(translations, bilingual=True)

    def _rendered(self, translations: Sequence[str], *, bilingual: bool) -> bytes:
        self._check(translations)
        root = whole_file(self.data)  # (a copy: this document stays)
        places = {id(e): n for n, e in enumerate(self.root.iter())}
        copies = list(root.iter())

        def copy(element: etree._Element) -> etree._Element:
            return copies[places[id(element)]]

        changed: list[etree._Element] = []
        for unit, (cue, pieces), text in zip(self.units, self.cues, translations, strict=True):
            if text == unit.text:
                continue
            changed.append(copy(cue))
            if bilingual:
                _append_lines(copy(cue), cue_lines(unit.text, text), self.namespace)
                continue
            gone: list[etree._Element] = []
            for piece, part in zip(pieces, fit_cue(unit.text, unit.runs, text), strict=True):
                if piece.br is not None:
                    if not part:
                        gone.append(copy(piece.br))  # (fewer lines: the break goes)
                elif piece.slot is not None and piece.slot.element is not None:
                    Slot(copy(piece.slot.element), piece.slot.tail).set(part)
            for br in gone:
                remove_keeping_tail(br)
        if not changed:
            return self.data
        if self.language is not None and not bilingual:
            self._declare(root, changed, self.language.tag)
            _orient(root, changed, self.namespace, rtl=self.language.rtl)
        return written_in_place(self.data, self.root, root)

    def _declare(self, root: etree._Element, changed: list[etree._Element], tag: str) -> None:
        """Name ``tag`` on the root (players and delivery checks read it there), on the
        body and divisions that name one, and in the cues translated; a cue left as it was
        keeps its own."""
        root.set(_LANG, tag)
        cues = frozenset(f"{{{self.namespace}}}{n}" for n in ("p", "span", "br"))
        for element in root.iter():
            if element.get(_LANG) and element.tag not in cues:
                element.set(_LANG, tag)
        for cue in changed:
            for element in cue.iter():
                if element.get(_LANG):
                    element.set(_LANG, tag)


# (a cue of a file that declares no styling namespace says tts:direction, not ns0:direction)
etree.register_namespace("tts", _STYLING)


def _orient(
    root: etree._Element, changed: list[etree._Element], namespace: str, *, rtl: bool
) -> None:
    """Make each translated cue read in its language's direction: ``tts:direction="rtl"``
    (in the file's own styling namespace: DFXP's drafts have theirs) into Arabic or Hebrew
    (a player set an Arabic cue left to right: its full stop on the right); out of them
    "ltr" where the cue, or any style it may take, said "rtl"."""
    direction = f"{{{namespace}#styling}}direction"
    styled = any(e.get(direction) == "rtl" for e in root.iter() if e not in changed)
    for cue in changed:
        if rtl:
            cue.set(direction, "rtl")
        elif cue.get(direction) == "rtl" or styled:
            cue.set(direction, "ltr")


def _preserved(cue: etree._Element) -> bool:
    """Whether the cue's white space is its text's (``xml:space="preserve"``)."""
    for element in (cue, *cue.iterancestors()):
        value = element.get(_SPACE)
        if value is not None:
            return bool(value == "preserve")
    return False


def _pieces(cue: etree._Element, namespace: str) -> list[_Piece]:
    """The cue's text pieces in order, as a player shows them: its own text, each span's
    (and their tails), a line break for each ``<br/>``. Metadata, animations (``<set>``) and
    a ruby's reading (``tts:ruby="text"``: the reading of the words it sits over) are no
    text of the cue's. Unless the cue preserves white space, runs of spaces, tabs and line
    ends read as one space, none at a line's start or end (as TTML renders them)."""
    pieces: list[_Piece] = [_Piece(Slot(cue), cue.text or "")]

    def walk(element: etree._Element) -> None:
        for child in element:
            if isinstance(child.tag, str):
                name = etree.QName(child).localname
                if name == "br":
                    pieces.append(_Piece(None, "\n", child))
                elif name == "span" and child.get(_RUBY) not in _RUBY_TEXT:
                    pieces.append(_Piece(Slot(child), child.text or ""))
                    walk(child)
            pieces.append(_Piece(Slot(child, tail=True), child.tail or ""))

    walk(cue)
    if not _preserved(cue):
        pieces = _collapsed(pieces)
    return [p for p in pieces if p.text]


def _collapsed(pieces: list[_Piece]) -> list[_Piece]:
    out: list[_Piece] = []
    space_before = True  # (a line's start)
    for piece in pieces:
        if piece.br is not None:
            _trim_line_end(out)
            out.append(piece)
            space_before = True
            continue
        text = _WHITE.sub(" ", piece.text)
        if space_before:
            text = text.lstrip(" ")
        if text:
            space_before = text.endswith(" ")
        out.append(_Piece(piece.slot, text))
    _trim_line_end(out)
    return out


def _trim_line_end(pieces: list[_Piece]) -> None:
    """No space at the end of the line that ``pieces`` end."""
    for k in range(len(pieces) - 1, -1, -1):
        piece = pieces[k]
        if piece.br is not None:
            return
        trimmed = piece.text.rstrip(" ")
        pieces[k] = _Piece(piece.slot, trimmed)
        if trimmed:
            return


def _append_lines(cue: etree._Element, text: str, namespace: str) -> None:
    """Add ``text``'s lines after the cue's own, each after a line break."""
    for line in text.split("\n"):
        br = etree.SubElement(cue, f"{{{namespace}}}br")
        br.tail = line


def _refused(path: Path, what: str, line: int) -> DocumentError:
    return DocumentError(
        f"This is not a valid TTML subtitle file: {what} at line {line}",
        path=path,
        hint="Export it again from the program that made it, then retry",
        message_id="document.damaged_file",
        params={"suffix": path.suffix},
    )


def read(data: bytes, path: Path) -> Document:
    try:
        root = parse_file(data)
    except Unreadable as exc:
        raise _refused(path, exc.what, exc.line) from None
    name = etree.QName(root)
    if name.localname != "tt" or (name.namespace or "") not in NAMESPACES:
        raise _refused(path, f"the root element is <{name.localname}>, not TTML's <tt>", 1)
    return TtmlDocument(path, data, root)


__all__ = ["NAMESPACES", "TtmlDocument", "read"]
