""".NET's resource files (``.resx``, as Visual Studio, ResXResourceWriter and Weblate write
them, and UWP's and WinUI's ``.resw``, the same schema holding strings alone): each string
``<data>`` entry's ``<value>`` is a unit. Entries of another type (an image, a number, a
WinForms control's size or position: ``type=`` or ``mimetype=``) and a WinForms designer's
own entries (``>>button1.Name``) are not; a comment is for the translator. Composite format
items (``{0}``, ``{1:N2}``, ``{{``), printf's and HTML tags are placeholders; an ICU plural's
or select's keywords are kept and each case's text translated. Only the values
translated change; every other byte stays as it was. The output's name is the one the
platform looks for: .NET's satellite resources' ``NAME.<lang>.resx``, a ``.resw``'s in its
language's folder (``Strings/de-DE/Resources.resw``) or qualifier (``Resources.lang-de-DE.resw``):
see naming.py."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from engine.documents import placeholders
from engine.documents.base import Document, Unit, check_unit_count, decode_text, edited
from engine.documents.errors import DocumentError, empty_file
from engine.documents.package import Unreadable, parse_file
from engine.documents.xmlspans import MARKUP, attributes, closing
from engine.text.encoding import EncodedText, TextEncoding

# .NET's composite format items (``{0}``, ``{0,-10}``, ``{1:N2}``) and escaped braces; a tag
# is one with no words but its attributes ("&lt;unknown tenant name&gt;" is text).
_PATTERN = re.compile(
    r"\{\{|\}\}|\{\d+(?:\s*,\s*-?\d+)?(?::[^{}]*)?\}|"
    + placeholders.PLAIN_CODES
    + "|"
    + placeholders.MARKUP_TAG
)
_CDATA = re.compile(r"<!\[CDATA\[(.*?)\]\]>", re.S)


@dataclass(frozen=True)
class _Value:
    start: int
    end: int
    shaped: placeholders.Shaped


def _text(content: str) -> str:
    """A value's text: its entities and CDATA sections read."""
    pieces: list[str] = []
    cursor = 0
    for match in _CDATA.finditer(content):
        pieces += [html.unescape(content[cursor : match.start()]), match.group(1)]
        cursor = match.end()
    pieces.append(html.unescape(content[cursor:]))
    return "".join(pieces)


def _escaped(text: str) -> str:
    """Text as ResXResourceWriter escapes it in an element."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _is_text(attrs: dict[str, str]) -> bool:
    """A ``<data>`` entry that holds a string to translate."""
    name = attrs.get("name", "")
    return not (attrs.get("type") or attrs.get("mimetype") or name.startswith(">>") or not name)


class ResxDocument(Document):
    strict_fields = True  # (placeholders.written keeps a unit that lost one)
    encoding: TextEncoding

    def __init__(self, path: Path, source: str, encoding: TextEncoding) -> None:
        self.path, self.source, self.encoding = path, source, encoding
        self.values: list[_Value] = []
        units: list[Unit] = []
        depth = 0
        pos = 0
        while (match := MARKUP.search(source, pos)) is not None:
            pos = match.end()
            slash, name, found, empty = match.groups()
            if name is None or empty:
                continue
            if slash:
                depth -= 1
                continue
            if depth != 1 or name != "data":
                depth += 1
                continue
            attrs = attributes(found)
            end, pos = closing(source, "data", pos)
            value = _value(source, match.end(), end)
            if value is None or not _is_text(attrs):
                continue
            # (an ICU plural or select, as MessageFormat.NET and ICU4N read: its cases' text)
            shaped = placeholders.shape(_text(source[value[0] : value[1]]), _PATTERN, icu=True)
            if not shaped.text:
                continue
            check_unit_count(len(units) + 1, path)
            units.append(Unit(attrs["name"], shaped.text, fields=shaped.fields))
            self.values.append(_Value(*value, shaped))
        self.units = tuple(units)

    def render(self, translations: Sequence[str]) -> EncodedText:
        self._check(translations)
        edits: list[tuple[int, int, str]] = []
        for value, unit, text in zip(self.values, self.units, translations, strict=True):
            written = placeholders.written(text, unit, value.shaped)
            if written is not None and self.language is not None:
                # (the target's plural forms: Russian's few and many beside one and other)
                written = placeholders.filled_icu_plurals(written, self.language)
            if written is not None:
                edits.append((value.start, value.end, _escaped(written)))
        return self.encoding.encode(edited(self.source, edits))


def _value(source: str, start: int, end: int) -> tuple[int, int] | None:
    """Where the content of the ``<value>`` of a ``<data>`` entry whose content lies at
    ``start:end`` lies; None when it has none (or an empty one)."""
    pos = start
    while (match := MARKUP.search(source, pos, end)) is not None:
        pos = match.end()
        if match.group(2) == "value" and not match.group(1):
            if match.group(4):
                return None
            return match.end(), closing(source, "value", match.end())[0]
    return None


def read(data: bytes, path: Path, *, encoding: str | None = None) -> Document:
    if not data.strip():
        raise empty_file(path)
    try:
        root = parse_file(data)
    except Unreadable as exc:
        raise DocumentError(
            f"This is not a valid {path.suffix} file: {exc.what} at line {exc.line}",
            path=path,
            hint="Open it in Visual Studio or an XML editor, correct it, then retry",
            message_id="document.bad_resx",
            params={"line": exc.line, "suffix": path.suffix.lower()},
        ) from None
    if etree.QName(root).localname != "root":
        raise DocumentError(
            f"This is not a .NET resource file: its root is <{etree.QName(root).localname}>, "
            "not <root>",
            path=path,
            hint=f"Give the {path.suffix} file Visual Studio keeps the strings in "
            f"(Resources{path.suffix})",
            message_id="document.bad_resx",
            params={"line": 1, "suffix": path.suffix.lower()},
        )
    text, found = decode_text(data, path, "XML", encoding=encoding, markup=True)
    return ResxDocument(path, text, found)


__all__ = ["ResxDocument", "read"]
