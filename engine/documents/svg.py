"""SVG drawings (``.svg``, gzipped ``.svgz``) as Inkscape, matplotlib, LibreOffice, draw.io
and mermaid write them: each ``<text>`` is a unit, its lines (a tspan that moves down, a new
``y`` or a ``dy``: Inkscape's ``sodipodi:role="line"``, LibreOffice's ``TextPosition``) a
line break inside it, a styled tspan (a bold word, Illustrator's runs placed along a line) a
run; a ``<title>``, ``<desc>`` and
``aria-label`` (what a screen reader says) are units; the HTML of a ``<foreignObject>``
(draw.io's and mermaid's labels) is read by the HTML reader. draw.io's editable SVG (its
diagram in the root's ``content``) has the diagram translated with it. Styles, scripts,
metadata, ids, classes, geometry and every other byte stay as they were.

A paragraph of several lines is one unit, not one a line: a line of a paragraph is no
sentence (Inkscape breaks a sentence where its box ends), and a translator given "sends
each new order to the" alone makes no sense of it. The translation is put back on the same
lines, each line's tspan keeping its attributes and its place, broken where the lines were
broken, as even as its words allow (as a subtitle cue's lines are: ``subtitles.fit_cue``).

A ``<text>`` set in a monospace typeface is code (a command, a path, an endpoint), kept. A
drawing may hold several languages: an element with ``systemLanguage`` is in its own and
kept; a ``<switch>`` that holds a variant in the target language already is kept whole."""

from __future__ import annotations

import gzip
import html
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol
from urllib.parse import quote, unquote

from lxml import etree

from engine.api import Note
from engine.documents import html as html_reader
from engine.documents.base import Document, Unit, check_unit_count, decode_text, edited
from engine.documents.errors import DocumentError
from engine.documents.language import Language, primary_language
from engine.documents.limits import MAX_DOCUMENT_BYTES
from engine.documents.package import Unreadable, parse_file
from engine.documents.runs import monospace
from engine.documents.subtitles import fit_cue
from engine.documents.xmlspans import MARKUP, closing
from engine.text.encoding import UTF8, TextEncoding

# Elements whose content no reader sees: styles, scripts (kept, never run), RDF metadata
# (Inkscape's and matplotlib's: a licence, a program's name), definitions of fonts.
_HIDDEN = frozenset(["style", "script", "metadata", "font", "font-face", "namedview"])
# Containers of a line's words inside a <text>: their text is a run of its line.
_INLINE = frozenset(["tspan", "a", "textPath", "tref", "altGlyph"])
# Attributes whose values a screen reader says.
_SPOKEN = ("aria-label", "aria-description")
# A line's element as LibreOffice writes it: a paragraph of a text box, which is a unit.
_PARAGRAPH_CLASS = "TextParagraph"
# LibreOffice's fields on a master page (<date/time>, <footer>, <number>): filled in by its
# slide show, not words.
_PLACEHOLDER_CLASS = "PlaceholderText"
_XML_SPACE = re.compile(r"[\t\r\n]")
_SPACES = re.compile(r" {2,}")
_FAMILY = re.compile(r"font-family\s*:\s*([^;]+)")
_ATTRIBUTE = re.compile(r"""(\s+)([^\s=]+)\s*=\s*("[^"]*"|'[^']*')""")
_ELLIPSIS = ("...", "…")


@dataclass
class _Piece:
    """A stretch of a unit's text at ``start:end`` of the source (``text``: as a reader sees
    it), or a line break (``fixed``: it stays where it is)."""

    start: int
    end: int
    text: str
    fixed: bool = False
    quoted: str = ""  # an attribute value's quote: written escaped for it


@dataclass
class _Embedded:
    """A document inside the drawing (a <foreignObject>'s HTML, draw.io's diagram) at
    ``start:end``: its units are the drawing's from ``first``."""

    document: _Inner
    first: int
    start: int
    end: int
    quoted: str = ""
    encoded: bool = False  # (URL-encoded, as older draw.io wrote its diagram in ``content``)


@dataclass
class _Fallback:
    """draw.io's plain copy of a label, shown where HTML is not (a <switch>'s <text> after
    its <foreignObject>): written as the label's translation says, not translated apart.
    ``cut``: draw.io showed the label's first line and an ellipsis."""

    piece: _Piece
    label: _Embedded
    cut: str = ""


@dataclass
class _Switch:
    """A <switch>: the languages its children are in, and the units inside it."""

    languages: set[str] = field(default_factory=set)
    units: list[int] = field(default_factory=list)
    label: _Embedded | None = None  # the <foreignObject> read last in it (draw.io's label)


class _Inner(Protocol):
    """A document inside the drawing: the HTML reader's page, draw.io's diagram."""

    @property
    def units(self) -> tuple[Unit, ...]: ...

    def render_text(self, translations: Sequence[str]) -> str: ...


class SvgDocument(Document):
    encoding: TextEncoding

    def __init__(self, path: Path, source: str, encoding: TextEncoding, *, zipped: bool) -> None:
        self.path, self.source, self.encoding, self.zipped = path, source, encoding, zipped
        self.places: list[list[_Piece] | None] = []  # per unit: its pieces (None: embedded)
        self.embedded: list[_Embedded] = []
        self.fallbacks: list[_Fallback] = []
        self.switches: list[_Switch] = []
        self.placed: dict[int, list[tuple[int, int]]] = {}  # per unit: its runs' x attributes
        # draw.io's drawing of a diagram that typesets math: its formulas are fields, as
        # the diagram's are (per unit: the unit as read, and the formulas after its fields)
        self.math = False
        self.formulas: dict[int, tuple[Unit, tuple[str, ...]]] = {}
        self.root: tuple[int, int] = (0, 0)  # the root's start tag
        self._units: list[Unit] = []
        self._scan()
        self.units = tuple(self._units)

    # --- reading ---------------------------------------------------------------------

    def _add(self, pieces: list[_Piece] | None, unit: Unit) -> None:
        check_unit_count(len(self._units) + 1, self.path)
        if self.math:
            from engine.documents.drawio import FORMULA, fielded

            read, (unit, formulas) = unit, fielded(unit, FORMULA)
            if formulas:
                self.formulas[len(self._units)] = (read, formulas)
        self.places.append(pieces)
        self._units.append(unit)
        for switch in self.open_switches:
            switch.units.append(len(self._units) - 1)

    def _scan(self) -> None:
        source = self.source
        stack: list[tuple[str, dict[str, str]]] = []
        self.open_switches: list[_Switch] = []
        pos = 0
        while (match := MARKUP.search(source, pos)) is not None:
            pos = match.end()
            slash, name, found, empty = match.groups()
            if name is None:
                continue
            tag = name.rpartition(":")[2]
            if slash:
                while stack and stack.pop()[0] != tag:
                    pass
                if tag == "switch" and self.open_switches:
                    self.open_switches.pop()
                continue
            attrs = _attributes(found)
            if not stack and tag == "svg":
                self.root = (match.start(), match.end())
                self._content(match.start(), match.group())
            kept = any(t in _HIDDEN or "systemLanguage" in a for t, a in [*stack, (tag, attrs)])
            switch = self.open_switches[-1] if stack and stack[-1][0] == "switch" else None
            if switch is not None and attrs.get("systemLanguage"):
                said = attrs["systemLanguage"].split(",")
                switch.languages |= {primary_language(s) for s in said if s.strip()}
            if not kept:
                self._spoken(match.start(), match.group())
            if empty:
                continue
            if kept:
                stack.append((tag, attrs))
            elif tag in ("title", "desc"):
                end, pos = closing(source, name, pos)
                self._plain(match.end(), end, tag)
            elif tag == "foreignObject":
                end, pos = closing(source, name, pos)
                label = self._html(match.end(), end)
                if switch is not None:
                    switch.label = label
            elif tag == "text":
                end, pos = closing(source, name, pos)
                label = switch.label if switch is not None else None
                self._text(match.end(), end, [*stack, (tag, attrs)], label)
            else:
                if tag == "switch":
                    self.open_switches.append(_Switch())
                    self.switches.append(self.open_switches[-1])
                stack.append((tag, attrs))

    def _content(self, start: int, raw: str) -> None:
        """draw.io's diagram in the root's ``content`` (its editable SVG: draw.io opens the
        drawing from it), translated with the drawing so that both say the same."""
        for m in _ATTRIBUTE.finditer(raw):
            value = html.unescape(m[3][1:-1])
            # (draw.io before 7 or so wrote it URL-encoded: %3Cmxfile%20…)
            encoded = value.lstrip()[:9].lower() == "%3cmxfile"
            if encoded:
                value = unquote(value)
            if m[2] != "content" or not value.lstrip().startswith("<mxfile"):
                continue
            from engine.documents import drawio

            diagram = drawio.parse_text(value, self.path)
            self.math = diagram.typeset
            at = start + m.start(3) + 1
            place = _Embedded(diagram, len(self._units), at, at + len(m[3]) - 2, m[3][0],
                              encoded)  # fmt: skip
            self.embedded.append(place)
            for unit in diagram.units:
                self._add(None, Unit(f"diagram.{unit.id}", unit.text, unit.runs,
                                     fields=unit.fields, read=False))  # fmt: skip

    def _spoken(self, start: int, raw: str) -> None:
        """The tag's ``aria-label`` and ``aria-description`` values, units."""
        for m in _ATTRIBUTE.finditer(raw):
            if m[2] not in _SPOKEN:
                continue
            text = html.unescape(m[3][1:-1])
            if text.strip():
                at = start + m.start(3) + 1
                piece = _Piece(at, at + len(m[3]) - 2, text, quoted=m[3][0])
                self._add([piece], Unit(f"u{len(self._units) + 1}", text, read=False))

    def _plain(self, start: int, end: int, tag: str) -> None:
        """A <title> or <desc> of text alone: one unit, its white space collapsed."""
        raw = self.source[start:end]
        if "<" in raw or not raw.strip():
            return
        lead = len(raw) - len(raw.lstrip())
        trail = len(raw.rstrip())
        text = " ".join(html.unescape(raw).split())
        piece = _Piece(start + lead, start + trail, text)
        self._add([piece], Unit(f"u{len(self._units) + 1}", text, read=tag == "desc"))

    def _html(self, start: int, end: int) -> _Embedded | None:
        """A <foreignObject>'s HTML, read as a fragment of a page (the HTML reader's)."""
        fragment = self.source[start:end]
        try:
            page = html_reader.parse(fragment, UTF8, self.path)
        except DocumentError:
            return None  # (no text: a picture, an empty label)
        place = _Embedded(page, len(self._units), start, end)
        self.embedded.append(place)
        for unit in page.units:
            self._add(None, Unit(f"u{len(self._units) + 1}", unit.text, unit.runs,
                                 fields=unit.fields, read=unit.read))  # fmt: skip
        return place

    def _text(
        self,
        start: int,
        end: int,
        stack: list[tuple[str, dict[str, str]]],
        label: _Embedded | None,
    ) -> None:
        """A <text>'s units: its paragraphs, each of lines; or draw.io's plain copy of the
        label before it (``label``)."""
        preserve = any(a.get("xml:space") == "preserve" for _t, a in stack)
        code = True  # (until a word is set in a typeface that is not code's)
        units: list[list[_Piece]] = [[]]
        # Per unit: the ``x`` of its runs placed on their line (Illustrator's), dropped where
        # it is translated, as that place was the source's words' width.
        placed: list[list[tuple[int, int]]] = [[]]
        line = _number(stack[-1][1].get("y"))  # (the line's y: a run's on it too)
        inner: list[tuple[str, dict[str, str]]] = []
        hidden = 0
        pos = start
        while True:
            match = MARKUP.search(self.source, pos, end)
            stop = match.start() if match is not None else end
            if stop > pos and not hidden:
                raw = self.source[pos:stop]
                piece = _Piece(pos, stop, _shown(raw, preserve))
                units[-1].append(piece)
                if piece.text.strip():
                    code = code and _monospace([*stack, *inner])
            if match is None:
                break
            pos = match.end()
            slash, name, found, empty = match.groups()
            if name is None:
                continue
            tag = name.rpartition(":")[2]
            if slash:
                if inner and inner.pop()[0] in _HIDDEN | {"title", "desc"}:
                    hidden -= 1
                continue
            attrs = _attributes(found)
            if _PLACEHOLDER_CLASS in attrs.get("class", "").split():
                return
            # A line starts where a tspan moves down (a new y, a dy): one only placed along
            # the line (an x alone, or the line's y: Illustrator's runs) is a run of it.
            y = _number(attrs.get("y"))
            down = attrs.get("sodipodi:role") == "line" or (y is not None and y != line)
            down = down or bool(_number(attrs.get("dy")))
            line = line if y is None else y
            if _PARAGRAPH_CLASS in attrs.get("class", "").split() and _words(units[-1]):
                units.append([])
                placed.append([])
            elif down and _words(units[-1]):
                units[-1].append(_Piece(match.start(), match.start(), "\n", fixed=True))
            elif "x" in attrs and _words(units[-1]):
                at = match.start(3)
                placed[-1] += [(at + m.start(), at + m.end()) for m in _ATTRIBUTE.finditer(found)
                               if m[2] == "x"]  # fmt: skip
            if empty:
                continue
            inner.append((tag, attrs))
            if tag in _HIDDEN or tag in ("title", "desc") or "systemLanguage" in attrs:
                hidden += 1
        if code:
            return
        for pieces, moved in zip(units, placed, strict=True):
            pieces = _trimmed(pieces)
            if not _words(pieces):
                continue
            text = "".join(p.text for p in pieces)
            if label is not None and len(units) == 1:
                cut = _cut(text, self.source[label.start : label.end])
                if cut is not None:
                    self.fallbacks.append(_Fallback(_joined(pieces), label, cut))
                    return
            runs = tuple(p.text for p in pieces)
            if moved:
                self.placed[len(self._units)] = moved
            self._add(pieces, Unit(f"u{len(self._units) + 1}", text, runs))

    # --- writing ---------------------------------------------------------------------

    def translated_into(self, language: Language) -> frozenset[int]:
        """The units of a <switch> that holds the target's variant already: kept, so that
        no second variant of the language comes beside it."""
        return frozenset(
            n
            for switch in self.switches
            if language.language in switch.languages
            for n in switch.units
        )

    def render(self, translations: Sequence[str]) -> bytes:
        self._check(translations)
        units = list(self.units)
        if self.formulas:
            from engine.documents.drawio import restored

            translations = list(translations)
            for n, (read, formulas) in self.formulas.items():
                units[n] = read  # (compared and fitted as read, formulas in place)
                translations[n] = restored(translations[n], len(read.fields), formulas)
        edits: list[tuple[int, int, str]] = []
        for n, (pieces, unit, text) in enumerate(
            zip(self.places, units, translations, strict=True)
        ):
            if pieces is None or text == unit.text:
                continue
            # (each run after the first then follows the one before: placed where the
            # source's words ended, a longer translation's would run into the next)
            edits += [(start, end, "") for start, end in self.placed.get(n, ())]
            if len(pieces) == 1:
                edits.append((pieces[0].start, pieces[0].end, _escaped(text, pieces[0].quoted)))
                continue
            for piece, part in zip(pieces, fit_cue(unit.text, unit.runs, text), strict=True):
                if not piece.fixed and part != piece.text:
                    edits.append((piece.start, piece.end, _escaped(part.replace("\n", " "))))
        written: dict[int, str] = {}
        for place in self.embedded:
            count = len(place.document.units)
            mine = list(translations[place.first : place.first + count])
            if mine == [u.text for u in place.document.units]:
                continue
            text = place.document.render_text(mine)
            written[id(place)] = text
            if place.encoded:  # (as draw.io encodes it: encodeURIComponent's)
                from engine.documents.drawio import URI_SAFE

                text = quote(text, safe=URI_SAFE)
            edits.append((place.start, place.end, _escaped(text, place.quoted) if place.quoted
                          else text))  # fmt: skip
        for fallback in self.fallbacks:
            label = written.get(id(fallback.label))
            if label is not None:
                lines = _lines(label)
                text = lines[0] + fallback.cut if fallback.cut else " ".join(lines)
                piece = fallback.piece
                edits.append((piece.start, piece.end, _escaped(text)))
        if self.language is not None and edits:
            edits += self._declared(self.language)
        out = self.encoding.encode(edited(self.source, edits))
        if self.zipped:
            return gzip.compress(bytes(out), mtime=0)
        return out

    def _declared(self, language: Language) -> list[tuple[int, int, str]]:
        """The root's language (``xml:lang``, ``lang``) named the target's, or added."""
        start, end = self.root
        tag = self.source[start:end]
        found = [m for m in _ATTRIBUTE.finditer(tag) if m[2] in ("xml:lang", "lang")]
        if not found:
            at = start + len(tag.split(None, 1)[0].rstrip("/>"))
            return [(at, at, f' xml:lang="{language.tag}"')]
        return [(start + m.start(3), start + m.end(3), f'"{language.tag}"') for m in found]


def _attributes(found: str | None) -> dict[str, str]:
    return {m[2]: html.unescape(m[3][1:-1]) for m in _ATTRIBUTE.finditer(found or "")}


def _shown(raw: str, preserve: bool) -> str:
    """A text node as SVG shows it: line ends and tabs are spaces; runs of spaces one,
    unless ``xml:space="preserve"``."""
    text = _XML_SPACE.sub(" ", html.unescape(raw))
    return text if preserve else _SPACES.sub(" ", text)


def _number(value: str | None) -> float | None:
    """An ``x``, ``y`` or ``dy``'s (first) number; None where there is none."""
    try:
        return float(value.replace(",", " ").split()[0]) if value else None
    except ValueError:
        return None


def _words(pieces: Sequence[_Piece]) -> bool:
    return any(not p.fixed and p.text.strip() for p in pieces)


def _trimmed(pieces: list[_Piece]) -> list[_Piece]:
    """A paragraph's pieces without the white space at each line's ends (indentation of the
    markup, which SVG does not show at a line's edge), nor empty pieces."""
    lines: list[list[_Piece]] = [[]]
    for piece in pieces:
        if piece.fixed:
            lines.append([piece])
        else:
            lines[-1].append(piece)
    out: list[_Piece] = []
    for line in lines:
        words = [n for n, p in enumerate(line) if not p.fixed and p.text.strip()]
        if not words:
            out += [p for p in line if p.fixed]
            continue
        first, last = words[0], words[-1]
        for n, piece in enumerate(line):
            if piece.fixed:
                out.append(piece)
            elif first <= n <= last:
                if n == first:
                    piece = _stripped(piece, left=True)
                if n == last:
                    piece = _stripped(piece, left=False)
                out.append(piece)
    while out and out[0].fixed:
        out.pop(0)
    while out and out[-1].fixed:
        out.pop()
    return out


def _stripped(piece: _Piece, *, left: bool) -> _Piece:
    text = piece.text.lstrip() if left else piece.text.rstrip()
    cut = len(piece.text) - len(text)
    if not cut:
        return piece
    # (white space in the source is what the shown text's is: no entity writes a space)
    if left:
        return _Piece(piece.start + cut, piece.end, text)
    return _Piece(piece.start, piece.end - cut, text)


def _joined(pieces: list[_Piece]) -> _Piece:
    """A fallback's text as one piece (draw.io writes it as the <text>'s one text node)."""
    return _Piece(pieces[0].start, pieces[-1].end, "".join(p.text for p in pieces))


def _monospace(stack: Sequence[tuple[str, dict[str, str]]]) -> bool:
    """Whether the innermost typeface said (a ``font-family`` attribute or style) is one
    that sets code."""
    for _tag, attrs in reversed(stack):
        said = _FAMILY.search(attrs.get("style", ""))
        family = said.group(1) if said else attrs.get("font-family")
        if family:
            first = family.split(",")[0].strip().strip("'\"")
            return first.lower() == "monospace" or monospace(first)
    return False


_BREAK = re.compile(r"<br\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")


def _lines(fragment: str) -> list[str]:
    """The lines an HTML label shows (split at its <br>s), without markup."""
    lines = [" ".join(html.unescape(_TAG.sub("", p)).split()) for p in _BREAK.split(fragment)]
    return [line for line in lines if line] or [""]


def _cut(text: str, label: str) -> str | None:
    """How draw.io's plain copy ``text`` shows the label (its HTML): whole ("", the copy is its
    text), its first line and an ellipsis (the ellipsis), or None: it is no copy of it."""
    lines = _lines(label)
    if " ".join(text.split()) == " ".join(lines):
        return ""
    for ellipsis in _ELLIPSIS:
        if text.endswith(ellipsis) and lines[0].startswith(text[: -len(ellipsis)].rstrip()):
            return ellipsis
    return None


def _escaped(text: str, quoted: str = "") -> str:
    """``text`` as XML writes it in an element's text, or in an attribute quoted with
    ``quoted`` (a line end as a character reference, as draw.io writes it)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if quoted:
        text = text.replace(quoted, "&quot;" if quoted == '"' else "&apos;").replace("\n", "&#xa;")
    return text


def _refused(path: Path, what: str) -> DocumentError:
    return DocumentError(
        f"This is not a valid SVG drawing: {what}",
        path=path,
        hint="Open and save it again in its editor (Inkscape, draw.io), then retry",
        message_id="document.damaged_file",
        params={"suffix": path.suffix},
    )


def _unzipped(data: bytes, path: Path) -> bytes:
    """A .svgz's SVG: gzip, at most as large as a document Quire reads."""
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
    try:
        out = inflater.decompress(data, MAX_DOCUMENT_BYTES + 1)
    except zlib.error as exc:
        raise _refused(path, f"its gzip compression is damaged ({exc})") from None
    if len(out) > MAX_DOCUMENT_BYTES:
        raise DocumentError(
            f"The drawing unpacks to more than {MAX_DOCUMENT_BYTES >> 20} MB",
            path=path,
            hint="This is not an ordinary drawing; give another file",
            message_id="document.too_large_inside",
        )
    return out


def read(data: bytes, path: Path) -> Document:
    zipped = data.startswith(b"\x1f\x8b")
    if zipped:
        data = _unzipped(data, path)
    try:
        root = parse_file(data)
    except Unreadable as exc:
        raise _refused(path, f"{exc.what} at line {exc.line}") from None
    name = etree.QName(root).localname
    if name != "svg":
        raise _refused(path, f"its root element is <{name}>, not <svg>")
    source, found = decode_text(data, path, "SVG", markup=True)
    document = SvgDocument(path, source, found, zipped=zipped)
    if not document.units:
        # A picture without words (an icon, a logo): one of a site's pictures all the same,
        # written as it is, not failed.
        document.copied_without_text = True
        document.notes = (
            Note(
                f"{path.name} has no text to translate (only shapes): it is copied as it is",
                "document.no_text_copied",
                {"name": path.name},
            ),
        )
    return document


__all__ = ["SvgDocument", "read"]
