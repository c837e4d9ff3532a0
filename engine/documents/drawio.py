"""draw.io diagrams (``.drawio``, ``.dio``, and the ``<mxfile>`` an editable ``.drawio.svg``
embeds): each shape's and connector's label (``<mxCell value>``; a ``<UserObject>``'s or
``<object>``'s ``label``), read by the HTML reader where its style says ``html=1`` (draw.io's
rich labels: a bold word, a line break), as plain text otherwise; tooltips; and a page's name
(its tab) unless it is draw.io's own "Page-1". A shape with placeholders (the C4 model's:
its words in ``c4Name`` and ``c4Description``, its label their layout, ``%c4Name%``) has the
attributes its label names translated, and the label's placeholders are fields. A diagram
stored compressed (base64 of the raw deflate of its URL-encoded XML: draw.io's default
before version 14, and still an option) is read and written back so. Ids, styles, geometry
and every other byte of the file stay as they were. ``.drawio.png`` (the diagram in a PNG's
text chunk) is not read."""

from __future__ import annotations

import base64
import binascii
import html
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote

from lxml import etree

from engine.documents import html as html_reader
from engine.documents.base import FIELD, Document, Unit, check_unit_count, decode_text, edited
from engine.documents.errors import DocumentError
from engine.documents.limits import MAX_DOCUMENT_BYTES
from engine.documents.package import Unreadable, parse_file
from engine.documents.xmlspans import MARKUP, closing
from engine.text.encoding import UTF8, EncodedText, TextEncoding

_ATTRIBUTE = re.compile(r"""(\s+)([^\s=]+)\s*=\s*("[^"]*"|'[^']*')""")
# What draw.io names a page it adds ("Page-1", "Page-2"): its own, kept as it is.
_DEFAULT_PAGE = re.compile(r"Page-\d+")
# What JavaScript's encodeURIComponent leaves as it is (draw.io encodes with it).
URI_SAFE = "-_.!~*'()"
# A shape's placeholder (``placeholders="1"``: the C4 model's ``%c4Name%``), which draw.io
# fills in with the attribute of that name where it shows the label.
_PLACEHOLDER = re.compile(r"%(\w+)%")
# A formula in a diagram set to typeset math (``math="1"``): LaTeX's ``$$…$$`` and ``\(…\)``,
# AsciiMath's `` `…` `` (MathJax's delimiters as draw.io sets them).
FORMULA = re.compile(r"\$\$.+?\$\$|\\\(.+?\\\)|`[^`\n]+`", re.DOTALL)
_BOTH = re.compile(f"{_PLACEHOLDER.pattern}|{FORMULA.pattern}", re.DOTALL)
# A shape's attributes that are not its words (a placeholder may name them all the same).
_OWN = frozenset(["id", "label", "placeholders", "link", "tooltip", "tags", "placeholder"])
_FIELD = FIELD.pattern()


@dataclass
class _Place:
    """Where a unit's text is written: an attribute's value at ``start:end`` of a model
    (``model``: the index of a compressed diagram's, or -1 for the file's own text); an
    HTML label's page, whose translation is written as HTML."""

    model: int
    start: int
    end: int
    quote: str
    page: html_reader.HtmlDocument | None = None
    count: int = 1  # units (an HTML label has one a block)


@dataclass
class _Model:
    """A compressed diagram: its XML (decoded) and where its data lies in the file."""

    text: str
    start: int
    end: int


class DrawioDocument(Document):
    encoding: TextEncoding

    def __init__(self, path: Path, source: str, encoding: TextEncoding = UTF8) -> None:
        self.path, self.source, self.encoding = path, source, encoding
        self.models: list[_Model] = []
        self.places: list[_Place] = []
        # Per unit with fields of the diagram's own (a placeholder, a formula): the number of
        # fields its reader made before them, and what each stands for in the file.
        self.tokens: dict[int, tuple[int, tuple[str, ...]]] = {}
        self.math = False  # (the page being read typesets formulas)
        self.typeset = False  # (a page does)
        self.unpacked = 0  # (what its compressed pages unpacked to, all together)
        self._units: list[Unit] = []
        self._read(source, -1)
        self.units = tuple(self._units)

    def _read(self, text: str, model: int) -> None:
        """The units of ``text`` (the file, or the compressed diagram ``model``'s XML)."""
        pos = 0
        while (match := MARKUP.search(text, pos)) is not None:
            pos = match.end()
            slash, name, found, empty = match.groups()
            if name is None or slash:
                continue
            values = {m[2]: m for m in _ATTRIBUTE.finditer(found or "")}
            at = match.start(3)
            if name == "diagram" and model < 0:
                page = values.get("name")
                if page is not None and not _DEFAULT_PAGE.fullmatch(_value(page)):
                    self._plain(at, page, model)
                if not empty:
                    end, _after = closing(text, name, pos)
                    self._compressed(pos, end)
                continue
            if name == "mxGraphModel":
                self.math = "math" in values and _value(values["math"]) == "1"
                self.typeset |= self.math
            formulas = FORMULA if self.math else None
            if name == "mxCell" and "value" in values:
                rich = _html(values.get("style"))
                self._label(at, values["value"], model, rich, read=True, fields=formulas)
            elif name in ("UserObject", "object") and "label" in values:
                # (the style is its mxCell's, inside it)
                inner = re.search(r"<mxCell\b[^>]*>", text[pos:]) if not empty else None
                style = _ATTRIBUTE_STYLE.search(inner.group()) if inner else None
                rich = style is not None and html_on(style[1])
                fields = formulas
                if "placeholders" in values and _value(values["placeholders"]) == "1":
                    fields = _BOTH if self.math else _PLACEHOLDER
                    self._placeholders(at, values, style[1] if style else "", model)
                self._label(at, values["label"], model, rich, fields=fields)
            if name in ("UserObject", "object", "mxCell") and "tooltip" in values:
                # (HTML where it has markup: draw.io shows a tooltip's as HTML)
                tip = values["tooltip"]
                self._label(at, tip, model, _MARKUP.search(_value(tip)) is not None, read=False)

    def _compressed(self, start: int, end: int) -> None:
        """A diagram stored compressed between ``start`` and ``end``: its units read."""
        data = self.source[start:end]
        if "<" in data or not data.strip():
            return  # (its model is XML in the file, read with it)
        lead = len(data) - len(data.lstrip())
        # (a bound for the pages together: many pages of a little each unpack as one)
        text = _inflated(data.strip(), self.path, MAX_DOCUMENT_BYTES - self.unpacked)
        self.unpacked += len(text)
        self.models.append(_Model(text, start + lead, start + len(data.rstrip())))
        self._read(text, len(self.models) - 1)

    def _add(self, place: _Place, unit: Unit) -> None:
        check_unit_count(len(self._units) + 1, self.path)
        self.places.append(place)
        self._units.append(unit)

    def _plain(self, at: int, match: re.Match[str], model: int, *, read: bool = False) -> None:
        text = _value(match)
        if text.strip():
            start = at + match.start(3) + 1
            place = _Place(model, start, start + len(match[3]) - 2, match[3][0])
            self._add(place, Unit(f"u{len(self._units) + 1}", text, read=read))

    def _placeholders(
        self, at: int, values: dict[str, re.Match[str]], style: str, model: int
    ) -> None:
        """The attributes a shape's label shows through its placeholders (the C4 model's
        ``%c4Name%`` and ``%c4Description%``: the words are there, the label is their
        layout), but those its shape library fixes (``"editable":false`` in the style's
        ``metaData``: C4's ``c4Type``, Person, Software System)."""
        said = html.unescape(style)
        for name in dict.fromkeys(_PLACEHOLDER.findall(_value(values["label"]))):
            fixed = re.search(rf'"{re.escape(name)}"\s*:\s*\{{[^}}]*"editable"\s*:\s*false', said)
            if name in values and name not in _OWN and fixed is None:
                self._plain(at, values[name], model, read=True)

    def _label(
        self,
        at: int,
        match: re.Match[str],
        model: int,
        rich: bool,
        *,
        read: bool = True,
        fields: re.Pattern[str] | None = None,
    ) -> None:
        """A label's units; ``fields``: what in it the translator sees as placeholders
        (draw.io's own, filled in where it shows the label)."""
        text = _value(match)
        if not text.strip():
            return
        start = at + match.start(3) + 1
        if not rich:
            place = _Place(model, start, start + len(match[3]) - 2, match[3][0])
            units: Sequence[Unit] = [Unit("", text)]
        else:
            try:
                page = html_reader.parse(text, UTF8, self.path)
            except DocumentError:
                return  # (markup alone: a picture)
            place = _Place(model, start, start + len(match[3]) - 2, match[3][0], page,
                           len(page.units))  # fmt: skip
            units = page.units
        for n, unit in enumerate(units):
            tokens: tuple[str, ...] = ()
            if fields is not None:
                unit, tokens = fielded(unit, fields)
            if tokens:
                self.tokens[len(self._units)] = (len(unit.fields) - len(tokens), tokens)
            self._add(place if n == 0 else _Place(model, start, start, "", count=0),
                      Unit(f"u{len(self._units) + 1}", unit.text, unit.runs,
                           fields=unit.fields, read=read and unit.read))  # fmt: skip

    def render_text(self, translations: Sequence[str]) -> str:
        """The file's text with ``translations`` in place."""
        self._check(translations)
        edits: list[list[tuple[int, int, str]]] = [[] for _ in range(len(self.models) + 1)]
        translations = [self._restored(n, text) for n, text in enumerate(translations)]
        for n, place in enumerate(self.places):
            if not place.count:
                continue
            texts = translations[n : n + place.count]
            if texts == [self._restored(k, self.units[k].text) for k in range(n, n + place.count)]:
                continue
            text = place.page.render_text(texts) if place.page is not None else texts[0]
            edits[place.model].append((place.start, place.end, _escaped(text, place.quote)))
        for n, model in enumerate(self.models):
            if edits[n]:
                written = _deflated(edited(model.text, edits[n]))
                edits[-1].append((model.start, model.end, written))
        return edited(self.source, edits[-1])

    def _restored(self, n: int, text: str) -> str:
        """Unit ``n``'s ``text`` with the diagram's own fields written back as they were."""
        found = self.tokens.get(n)
        return text if found is None else restored(text, *found)

    def render(self, translations: Sequence[str]) -> EncodedText:
        return self.encoding.encode(self.render_text(translations))


_MARKUP = re.compile(r"<[A-Za-z/][^>]*>")
_ATTRIBUTE_STYLE = re.compile(r"""\sstyle\s*=\s*"([^"]*)\"""")


def restored(text: str, first: int, tokens: Sequence[str]) -> str:
    """``text`` with the fields ``fielded`` made (numbered after ``first``) as they were."""

    def token(match: re.Match[str]) -> str:
        k = int(match.group(1)) - 1 - first
        return tokens[k] if 0 <= k < len(tokens) else match.group()

    return _FIELD.sub(token, text)


def fielded(unit: Unit, pattern: re.Pattern[str]) -> tuple[Unit, tuple[str, ...]]:
    """``unit`` with what ``pattern`` finds in it as fields after its own, and what they
    stand for (a placeholder split by markup stays text)."""
    tokens: list[str] = []

    def field(match: re.Match[str]) -> str:
        tokens.append(match.group())
        return FIELD.format(len(unit.fields) + len(tokens))

    runs = tuple(pattern.sub(field, run) for run in unit.runs)
    text = "".join(runs) if runs else pattern.sub(field, unit.text)
    fields = unit.fields + tuple(tokens)
    return Unit(unit.id, text, runs, unit.page, fields, unit.read), tuple(tokens)


def html_on(style: str) -> bool:
    """Whether a cell's style makes its label HTML (``html=1``)."""
    return "html=1" in html.unescape(style).split(";")


def _html(match: re.Match[str] | None) -> bool:
    return match is not None and html_on(match[3][1:-1])


def _value(match: re.Match[str]) -> str:
    return html.unescape(match[3][1:-1])


def _escaped(text: str, quoted: str) -> str:
    """An attribute's value as draw.io writes it (a line end as ``&#xa;``)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    mark = "&quot;" if quoted == '"' else "&apos;"
    return text.replace(quoted, mark).replace("\n", "&#xa;")


def _inflated(data: str, path: Path, room: int) -> str:
    """A compressed diagram's XML: base64, raw deflate, URL encoding undone; refused where
    it unpacks to more than ``room`` bytes."""
    try:
        packed = base64.b64decode(data, validate=False)
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        out = inflater.decompress(packed, room + 1)
        text = unquote(out.decode("latin-1"))
    except (binascii.Error, zlib.error, ValueError) as exc:
        raise _refused(path, f"a page's compressed diagram cannot be read ({exc})") from None
    if len(out) > room:
        raise _refused(path, "its compressed pages unpack to too much")
    try:
        parse_file(text.encode("utf-8"))
    except Unreadable as exc:
        raise _refused(path, f"a page's diagram: {exc.what} at line {exc.line}") from None
    return text


def _deflated(text: str) -> str:
    """A diagram's XML as draw.io compresses it."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    packed = packer.compress(quote(text, safe=URI_SAFE).encode("ascii")) + packer.flush()
    return base64.b64encode(packed).decode("ascii")


def _refused(path: Path, what: str) -> DocumentError:
    return DocumentError(
        f"This is not a valid draw.io diagram: {what}",
        path=path,
        hint="Open and save it again in draw.io, then retry",
        message_id="document.damaged_file",
        params={"suffix": path.suffix},
    )


def parse_text(text: str, path: Path, encoding: TextEncoding = UTF8) -> DrawioDocument:
    """The diagram ``text`` (a file's, or what an editable SVG embeds)."""
    try:
        root = parse_file(text.encode("utf-8"))
    except Unreadable as exc:
        raise _refused(path, f"{exc.what} at line {exc.line}") from None
    name = etree.QName(root).localname
    if name not in ("mxfile", "mxGraphModel"):
        raise _refused(path, f"its root element is <{name}>, not draw.io's <mxfile>")
    return DrawioDocument(path, text, encoding)


def read(data: bytes, path: Path) -> Document:
    text, found = decode_text(data, path, "draw.io", markup=True)
    return parse_text(text.lstrip("\ufeff"), path, found)


__all__ = ["DrawioDocument", "parse_text", "read"]
