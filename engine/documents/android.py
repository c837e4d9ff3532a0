"""Android's string resources (``res/values/strings.xml``): each ``<string>``, and each
``<item>`` of a ``<string-array>`` and of a ``<plurals>``, is a unit; those marked
``translatable="false"`` and references to other resources (``@string/app_name``) are not.

A string's text is what Android shows: its XML entities and its backslash escapes (``\\'``,
``\\n``, ``\\u00e9``) read, a double-quoted stretch kept as it is, runs of spaces one space.
Its markup (``<b>``, ``<a href>``), an ``<xliff:g>`` element (a name or a number not to
translate) and printf's ``%1$s`` are placeholders. A translation is written escaped as
aapt2 wants it (an apostrophe as ``\\'``, or the build fails), in the string's place;
every other byte of the file stays as it was. A ``<plurals>`` gets the quantities the target
language needs besides those it has (Russian's ``few`` and ``many``), each with the
``other`` item's translation: Android shows nothing for a quantity that is missing."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from engine.documents import placeholders
from engine.documents.base import FIELD, Document, Unit, check_unit_count, decode_text, edited
from engine.documents.errors import DocumentError, empty_file
from engine.documents.language import plural_categories
from engine.documents.package import Unreadable, parse_file
from engine.documents.xmlspans import MARKUP, attributes, closing
from engine.text.encoding import EncodedText, TextEncoding

# In a string: an ``<xliff:g>`` element whole (its content is not to translate), a tag, a
# comment; what lies between is text.
# (XML lets an attribute's value hold ">": a tag is read attribute by attribute)
_XML_TAG = r"</?[A-Za-z][\w:.-]*(?:\s+[^\s=/>]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'))?)*\s*/?>"
# A reference to an entity the file's DOCTYPE declares (``&appname;``, an app's name kept in
# one place): kept as written, as aapt reads it; XML's own five and numeric ones are text.
_ENTITY = r"&(?!(?:amp|lt|gt|quot|apos);)[A-Za-z_][\w.-]*;"
_INLINE = re.compile(
    r"<xliff:g\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>.*?</xliff:g>|<!--.*?-->|<!\[CDATA\[.*?\]\]>|"
    + _XML_TAG
    + "|"
    + _ENTITY,
    re.S,
)
_TAG = re.compile(placeholders.TAG)  # (HTML in a CDATA section)
_CDATA = re.compile(r"\s*<!\[CDATA\[(.*)\]\]>\s*", re.S)
_ESCAPES = {"n": "\n", "t": "\t"}
_SPACE_ENDS = re.compile(r"^ +| +$")


@dataclass
class _String:
    """A string's content: where it lies in the file, its pieces, and how it is written."""

    start: int
    end: int
    shaped: placeholders.Shaped
    raw: tuple[bool, ...]  # per field: markup written as it was (else text, escaped)
    cdata: bool  # the content is one CDATA section (HTML for Html.fromHtml)
    quoted: bool  # the content is one double-quoted stretch
    edges: tuple[str, str]  # white space escaped at its ends (``\n``, ``\u0020``): kept
    formatted: bool  # String.format fills it in: a "%" of the translation's is written "%%"


@dataclass
class _Plural:
    """A ``<plurals>``: its items' quantities, the ``other`` item's unit, where the last
    item ends and the line it starts on (for the items added)."""

    quantities: set[str]
    other: int | None
    end: int
    indent: str


def _unescape(text: str) -> str:
    """Android's reading of a string's text (after XML's): backslash escapes, double quotes
    that keep what they hold as it is, runs of whitespace outside them one space."""
    out: list[str] = []
    quoted = False
    pos = 0
    while pos < len(text):
        char = text[pos]
        if char == "\\" and pos + 1 < len(text):
            following = text[pos + 1]
            if following == "u" and re.fullmatch(r"[0-9A-Fa-f]{4}", text[pos + 2 : pos + 6]):
                out.append(chr(int(text[pos + 2 : pos + 6], 16)))
                pos += 6
                continue
            out.append(_ESCAPES.get(following, following))
            pos += 2
            continue
        if char == '"':
            quoted = not quoted
        elif char.isspace() and not quoted:
            if not out or out[-1] != " ":
                out.append(" ")
        else:
            out.append(char)
        pos += 1
    return "".join(out)


def _escape(text: str, *, xml: bool, first: bool) -> str:
    """A piece of a translation as aapt2 reads it back: backslashes, quotes and apostrophes
    escaped, line breaks and tabs as ``\\n`` ``\\t``, a leading ``@`` or ``?`` (which would
    make it a reference) escaped; and, outside CDATA, XML's ``&`` and ``<``."""
    out = text.replace("\\", "\\\\").replace("'", "\\'").replace('"', '\\"')
    out = out.replace("\n", "\\n").replace("\t", "\\t")
    if first and out[:1] in ("@", "?"):
        out = "\\" + out
    if xml:
        out = out.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return out


def _shape(content: str) -> tuple[placeholders.Shaped, tuple[bool, ...], bool, bool] | None:
    """A string's content as the translator sees it, which fields are markup, whether it is
    one CDATA section, whether one quoted stretch; None for a reference to a resource."""
    cdata = _CDATA.fullmatch(content)
    inner = cdata.group(1) if cdata is not None else content
    stripped = inner.strip()
    if stripped.startswith(("@", "?")):
        return None  # a reference: @string/name, ?attr/name
    quoted = len(stripped) >= 2 and stripped[0] == stripped[-1] == '"' and '"' not in stripped[1:-1]
    # (markup as written, or text as shown)
    pieces = placeholders.tokens(inner, _INLINE if cdata is None else _TAG)
    shown = [
        (m, t if m else _unescape(t if cdata is not None else html.unescape(t))) for m, t in pieces
    ]
    fields: list[str] = []
    raw: list[bool] = []
    text: list[str] = []
    for is_markup, piece in shown:
        if is_markup:
            fields.append(piece)
            raw.append(True)
            text.append(FIELD.format(len(fields)))
            continue
        for is_code, part in placeholders.tokens(piece, placeholders.PLAIN_RE):
            if is_code:
                fields.append(part)
                raw.append(False)
                part = FIELD.format(len(fields))
            text.append(part)
    return placeholders.shaped("".join(text), fields), tuple(raw), cdata is not None, quoted


class AndroidDocument(Document):
    strict_fields = True  # (placeholders.written keeps a unit that lost one)
    encoding: TextEncoding

    def __init__(self, path: Path, source: str, encoding: TextEncoding) -> None:
        self.path, self.source, self.encoding = path, source, encoding
        self.newline = "\r\n" if "\r\n" in source else "\n"
        self.strings: list[_String] = []
        self.plurals: list[_Plural] = []
        units: list[Unit] = []
        # The open elements: name, attributes, and (an array's) the items it has had.
        stack: list[tuple[str, dict[str, str], list[int]]] = []
        plural: _Plural | None = None
        pos = 0
        while (match := MARKUP.search(source, pos)) is not None:
            pos = match.end()
            slash, name, found, empty = match.groups()
            if name is None or empty:
                continue  # a comment, CDATA, the prolog; an empty element
            if slash:
                if stack and stack.pop()[0] == "plurals" and len(stack) == 1 and plural:
                    self.plurals.append(plural)
                    plural = None
                continue
            attrs = attributes(found)
            if not _holds_text(name, attrs, stack):
                stack.append((name, attrs, [0]))
                if len(stack) == 2 and name == "plurals" and attrs.get("translatable") != "false":
                    plural = _Plural(set(), None, pos, "")
                continue
            end, pos = closing(source, name, pos)
            if len(stack) == 2:
                _parent, parent_attrs, items = stack[1]
                key = f"{parent_attrs.get('name', '')}[{attrs.get('quantity') or items[0]}]"
                items[0] += 1
            else:
                key = attrs.get("name", "")
            unit = self._unit(key, match.end(), end, attrs.get("formatted") != "false")
            if unit is None:
                continue
            check_unit_count(len(units) + 1, path)
            if plural is not None and len(stack) == 2:
                quantity = attrs.get("quantity", "")
                plural.quantities.add(quantity)
                line = source.rfind("\n", 0, match.start()) + 1
                plural.indent = source[line : match.start()]
                plural.end = pos
                if quantity == "other":
                    plural.other = len(units)
            units.append(unit)
        self.units = tuple(units)

    def _unit(self, key: str, start: int, end: int, formatted: bool) -> Unit | None:
        content = self.source[start:end]
        found = _shape(content)
        if found is None or not found[0].text:
            return None
        shaped, raw, cdata, quoted = found
        # (aapt trims the white space typed at the ends, not what is escaped there)
        typed = _unescape(html.unescape(content.strip())) if not cdata else ""
        edges = typed[: len(typed) - len(typed.lstrip())], typed[len(typed.rstrip()) :]
        arguments = any(
            f.startswith("%") and f != "%%"
            for f, r in zip(shaped.fields, raw, strict=True)
            if not r
        )
        self.strings.append(
            _String(start, end, shaped, raw, cdata, quoted, edges, formatted and arguments)
        )
        return Unit(key, shaped.text, fields=shaped.fields)

    def render(self, translations: Sequence[str]) -> EncodedText:
        self._check(translations)
        edits: list[tuple[int, int, str]] = []
        written: dict[int, str] = {}
        for index, (string, unit, text) in enumerate(
            zip(self.strings, self.units, translations, strict=True)
        ):
            text = text.strip()
            if text == unit.text or placeholders.check(text, unit.fields) != "ok":
                continue
            value = self._written(string, text)
            written[index] = value
            content = self.source[string.start : string.end]
            lead = content[: len(content) - len(content.lstrip())]
            trail = content[len(content.rstrip()) :]
            edits.append((string.start, string.end, lead + value + trail))
        if self.language is not None:
            edits += self._plural_items(written)
        return self.encoding.encode(edited(self.source, edits))

    def _written(self, string: _String, text: str) -> str:
        """A translation as the string's content: its text escaped, its fields as they were."""
        parts: list[str] = []
        cursor = 0
        if string.formatted:  # (String.format would take "100%" for a conversion)
            text = text.replace("%", "%%")
        if not string.quoted:
            text = string.edges[0] + text + string.edges[1]
        for match in FIELD.pattern().finditer(text):
            parts.append(
                _escape(text[cursor : match.start()], xml=not string.cdata, first=not parts)
            )
            number = int(match.group(1))
            field = string.shaped.fields[number - 1]
            raw = string.raw[number - 1]
            parts.append(field if raw else _escape(field, xml=not string.cdata, first=False))
            cursor = match.end()
        parts.append(_escape(text[cursor:], xml=not string.cdata, first=not parts))
        value = "".join(parts)
        if not string.quoted:  # (escaped, or aapt trims them)
            value = _SPACE_ENDS.sub(lambda m: m.group().replace(" ", "\\u0020"), value)
        if string.quoted:  # (its spaces are the string's)
            lead, trail = (
                _escape(s, xml=True, first=False) for s in (string.shaped.lead, string.shaped.trail)
            )
            value = f'"{lead}{value}{trail}"'
        if string.cdata:  # (a "]]>" of the translation's would end the section)
            return "<![CDATA[" + value.replace("]]>", "]]]]><![CDATA[>") + "]]>"
        return value

    def _plural_items(self, written: dict[int, str]) -> list[tuple[int, int, str]]:
        """The quantities the target language needs that a ``<plurals>`` lacks, each an item
        holding the ``other`` item's translation, after the last item."""
        assert self.language is not None
        added: list[tuple[int, int, str]] = []
        for plural in self.plurals:
            if plural.other is None or plural.other not in written:
                continue
            value = written[plural.other]
            newline, indent = self.newline, plural.indent
            for category in plural_categories(self.language):
                if category in plural.quantities:
                    continue
                item = f'<item quantity="{category}">{value}</item>'
                if indent.strip():  # (items on one line: so is this one)
                    newline = indent = ""
                added.append((plural.end, plural.end, f"{newline}{indent}{item}"))
        return added


def _holds_text(
    name: str, attrs: dict[str, str], stack: list[tuple[str, dict[str, str], list[int]]]
) -> bool:
    """Whether an element that opens holds a string to translate: a ``<string>`` (or a
    string ``<item>``) of the resources, or an ``<item>`` of a string array or plurals, none
    of them (nor their array) marked not translatable."""
    if attrs.get("translatable") == "false":
        return False
    if len(stack) == 1:
        return name == "string" or (name == "item" and attrs.get("type") == "string")
    if len(stack) == 2 and name == "item":
        parent, parent_attrs, _ = stack[1]
        return parent in _ARRAYS and parent_attrs.get("translatable") != "false"
    return False


_ARRAYS = frozenset(["string-array", "plurals", "array"])


def _check_resources(path: Path, data: bytes) -> None:
    """Refuse what is not well-formed XML, or XML of another kind than resources."""
    try:
        root = parse_file(data, internal_entities=True)
    except Unreadable as exc:
        raise DocumentError(
            f"This is not well-formed XML: {exc.what} (line {exc.line})",
            path=path,
            hint="Check the file in Android Studio or an XML editor, then retry",
            message_id="document.bad_xml",
            params={"line": exc.line},
        ) from None
    if etree.QName(root).localname != "resources":
        raise DocumentError(
            f"This XML file is not Android string resources (its root is "
            f"<{etree.QName(root).localname}>)",
            path=path,
            hint="Quire translates the .xml files that hold an Android app's strings "
            "(res/values/strings.xml), a DocBook document or a DITA topic",
            message_id="document.not_android",
            params={"root": etree.QName(root).localname},
        )


def read(data: bytes, path: Path, *, encoding: str | None = None) -> Document:
    if not data.strip():
        raise empty_file(path)
    _check_resources(path, data)
    text, found = decode_text(data, path, "XML", encoding=encoding, markup=True)
    return AndroidDocument(path, text, found)


__all__ = ["AndroidDocument", "read"]
