"""Timed Text (TTML, and DFXP, its first name) subtitles, as streaming services take them
and ffmpeg, pysubs2 and Subtitle Edit write them: each ``<p>`` of the body is a cue. A cue's
lines (``<br/>``) are read as one text with ``\\n`` between them, as an .srt cue's are, and a
translation that comes back as one line is broken into as many lines again; its spans
(italics, regions) keep their text's share. Timings, styles, regions and metadata stay as
they are, and the file's encoding, declaration and line ends with them."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from lxml import etree

from engine.documents.base import Document, Unit, check_unit_count
from engine.documents.errors import DocumentError
from engine.documents.lines import fit_lines
from engine.documents.package import Slot, Unreadable, parse_file, written_in_place, xml_parser
from engine.documents.subtitles import balanced, by_speaker

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
_BREAK = Slot(None, fixed="\n")


class TtmlDocument(Document):
    def __init__(self, path: Path, data: bytes, root: etree._Element) -> None:
        self.path, self.data, self.root = path, data, root
        self.namespace = etree.QName(root).namespace or ""
        self.cues: list[tuple[etree._Element, list[Slot]]] = []
        units: list[Unit] = []
        for n, cue in enumerate(self._cues(root), start=1):
            slots = _slots(cue, _preserved(cue))
            text = "".join(_shown(s) for s in slots)
            if not text.strip():
                continue
            check_unit_count(len(units) + 1, path)
            runs = tuple(_shown(s) for s in slots)
            units.append(Unit(f"p{n}", text, runs))
            self.cues.append((cue, slots))
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
        root = etree.fromstring(self.data, xml_parser())  # (a copy: this document stays)
        places = {id(e): n for n, e in enumerate(self.root.iter())}
        copies = list(root.iter())
        changed = False
        for unit, (cue, slots), text in zip(self.units, self.cues, translations, strict=True):
            if text == unit.text:
                continue
            changed = True
            copy = copies[places[id(cue)]]
            lines = unit.text.count("\n") + 1
            if lines > 1 and "\n" not in text:
                text = by_speaker(text, unit.text.split("\n")) or balanced(text, lines)
            if bilingual:
                _append_lines(copy, text, self.namespace)
                continue
            breaks = frozenset(i for i, s in enumerate(slots) if s is _BREAK)
            parts = fit_lines(text, unit.runs, breaks)
            for slot, part in zip(slots, parts, strict=True):
                if slot.element is not None:
                    Slot(copies[places[id(slot.element)]], slot.tail).set(part)
        if self.language is not None and changed and not bilingual:
            # TTML's root names its text's language (players and delivery checks read it).
            for element in root.iter():
                if element is root or element.get(_LANG):
                    element.set(_LANG, self.language.tag)
        if not changed:
            return self.data
        return written_in_place(self.data, self.root, root)


def _preserved(cue: etree._Element) -> bool:
    """Whether the cue's white space is its text's (``xml:space="preserve"``)."""
    for element in (cue, *cue.iterancestors()):
        value = element.get(_SPACE)
        if value is not None:
            return bool(value == "preserve")
    return False


def _slots(cue: etree._Element, preserved: bool) -> list[Slot]:
    """The cue's text pieces in order: its own text, each span's (and their tails), a line
    break for each ``<br/>``; metadata and animations (``<set>``) are no text."""
    slots: list[Slot] = [Slot(cue)]

    def walk(element: etree._Element) -> None:
        for child in element:
            if not isinstance(child.tag, str):  # a comment or processing instruction
                slots.append(Slot(child, tail=True))
                continue
            name = etree.QName(child).localname
            if name == "br":
                slots.append(_BREAK)
            elif name == "span":
                slots.append(Slot(child))
                walk(child)
            slots.append(Slot(child, tail=True))

    walk(cue)
    if not preserved:
        slots = [_Collapsed(s.element, s.tail) if s.element is not None else s for s in slots]
    return slots


class _Collapsed(Slot):
    """A piece of text whose white space a renderer collapses (TTML's default): read with
    each run of spaces and line ends as one space."""

    @property
    def text(self) -> str:
        return " ".join(f"x{super().text}x".split())[1:-1]


def _shown(slot: Slot) -> str:
    return slot.text


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
