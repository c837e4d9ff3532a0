"""Apple's localisation files: ``.strings`` (``"key" = "value";`` pairs, UTF-16 or UTF-8)
and ``.stringsdict`` (an XML property list of plural rules): each value is a unit, keys are
kept. (Xcode's String Catalogs, ``.xcstrings``, are :mod:`engine.documents.xcstrings`'s.)

Apple's format specifiers (``%@``, ``%lld``, ``%1$@``, a stringsdict variable's ``%#@files@``)
and HTML tags are placeholders, written as they were; a translation that loses one keeps
the text as it was. Only the values translated change: every other character (comments,
order, spacing, the XML around a string) is written back as it was, in the file's encoding.
A stringsdict's plural rule gains the categories the target language needs and the file
lacks (Russian's ``few`` and ``many``), each with the ``other`` category's translation."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.documents import placeholders
from engine.documents.base import FIELD, Document, Unit, check_unit_count, decode_text, edited
from engine.documents.errors import DocumentError, empty_file
from engine.documents.language import plural_categories
from engine.documents.package import Unreadable, parse_file
from engine.documents.xmlspans import MARKUP, closing
from engine.text.encoding import EncodedText, TextEncoding

# A stringsdict variable (``%#@files@``, ``%2$#@files@``) before printf's forms (which would
# read ``%#@`` as a conversion); Apple's length modifiers (``%lld``, ``%lu``, ``%zd``) and
# an integer's or an object's conversion followed by a letter ("%dx%d"). No space flag:
# "100% sure" is text.
PATTERN = re.compile(
    r"%(?:\d+\$)?#@[A-Za-z_]\w*@"
    r"|%(?:\d+\$)?[-+#0']*\d*(?:\.\d+)?(?:hh|h|ll|l|q|z|t|j|L)?"
    r"(?:[@dDiouUxX]|[fFeEgGaAcCsSp](?![A-Za-z]))|" + placeholders.PLAIN
)
_FIELD = FIELD.pattern()


def shape(value: str) -> placeholders.Shaped:
    """A string with Apple's format specifiers and tags as fields."""
    return placeholders.shape(value, PATTERN)


def has_words(shaped: placeholders.Shaped) -> bool:
    """Whether a string says anything besides its placeholders (``%#@files@`` says nothing)."""
    return any(c.isalpha() for c in _FIELD.sub("", shaped.text))


# --- .strings ---------------------------------------------------------------------------

_UNQUOTED = re.compile(r"[A-Za-z0-9_.$:/-]+")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


class _Malformed(ValueError):
    def __init__(self, what: str, pos: int) -> None:
        super().__init__(what)
        self.what, self.pos = what, pos


@dataclass(frozen=True)
class _Pair:
    key: str
    value: str
    start: int  # the value's token, quotes and all
    end: int


def _pairs(text: str) -> list[_Pair]:
    """The ``key = value;`` pairs of a .strings text, as Foundation's parser reads them."""
    found: list[_Pair] = []
    pos = _skip(text, 0)
    while pos < len(text):
        key, after = _token(text, pos, "a key")
        pos = _skip(text, after)
        if text.startswith(";", pos):  # "key"; is the key as its own value: nothing to edit
            pos = _skip(text, pos + 1)
            continue
        if not text.startswith("=", pos):
            raise _Malformed(f'"=" expected after the key "{key}"', after)
        start = _skip(text, pos + 1)
        value, end = _token(text, start, f'the value of "{key}"')
        pos = _skip(text, end)
        if not text.startswith(";", pos):
            # (Where the value ends, not where the next entry starts: the line to correct.)
            raise _Malformed(f'";" expected after the value of "{key}"', end)
        found.append(_Pair(key, value, start, end))
        pos = _skip(text, pos + 1)
    return found


def _skip(text: str, pos: int) -> int:
    """Past white space and comments."""
    while pos < len(text):
        if text[pos].isspace() or text[pos] == "\ufeff":
            pos += 1
        elif text.startswith("/*", pos):
            end = text.find("*/", pos + 2)
            if end < 0:
                raise _Malformed("a comment is not closed", pos)
            pos = end + 2
        elif text.startswith("//", pos):
            end = text.find("\n", pos)
            pos = len(text) if end < 0 else end + 1
        else:
            break
    return pos


def _token(text: str, pos: int, what: str) -> tuple[str, int]:
    """A quoted or bare string at ``pos``: its value and where it ends."""
    if pos < len(text) and text[pos] == '"':
        return _quoted(text, pos)
    match = _UNQUOTED.match(text, pos)
    if match is None:
        found = repr(text[pos]) if pos < len(text) else "the end of the file"
        raise _Malformed(f"{what} expected, not {found}", pos)
    return match.group(), match.end()


def _quoted(text: str, start: int) -> tuple[str, int]:
    out: list[str] = []
    pos = start + 1
    while pos < len(text):
        char = text[pos]
        if char == '"':
            return "".join(out), pos + 1
        if char != "\\":
            out.append(char)
            pos += 1
            continue
        pos += 1
        if pos >= len(text):
            break
        char = text[pos]
        if char in "Uu" and re.fullmatch(r"[0-9A-Fa-f]{4}", text[pos + 1 : pos + 5]):
            out.append(chr(int(text[pos + 1 : pos + 5], 16)))
            pos += 5
        elif char in "01234567":
            digits = re.match(r"[0-7]{1,3}", text[pos : pos + 3])
            assert digits is not None
            out.append(chr(int(digits.group(), 8)))
            pos += len(digits.group())
        else:
            out.append(_ESCAPES.get(char, char))
            pos += 1
    raise _Malformed("a string is not closed", start)


def _strings_escaped(value: str) -> str:
    """A value as genstrings writes it: quoted, ``\\`` ``"`` and line ends escaped."""
    for char, escape in (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\n"), ("\r", "\\r")):
        value = value.replace(char, escape)
    return f'"{value}"'


class StringsDocument(Document):
    strict_fields = True  # (placeholders.written keeps a unit that lost one)
    encoding: TextEncoding

    def __init__(self, path: Path, source: str, encoding: TextEncoding) -> None:
        self.path, self.source, self.encoding = path, source, encoding
        if not source.strip("\ufeff \t\r\n"):
            raise empty_file(path)
        try:
            pairs = _pairs(source)
        except _Malformed as exc:
            line = source.count("\n", 0, exc.pos) + 1
            raise DocumentError(
                f"This is not a valid .strings file: {exc.what} (line {line})",
                path=path,
                hint='Each entry must read "key" = "value"; — check the line in Xcode, then retry',
                message_id="document.bad_strings",
                params={"line": line},
            ) from None
        self.pairs: list[tuple[_Pair, placeholders.Shaped]] = []
        units: list[Unit] = []
        for pair in pairs:
            shaped = shape(pair.value)
            if not shaped.text:
                continue
            check_unit_count(len(units) + 1, path)
            units.append(Unit(pair.key, shaped.text, fields=shaped.fields))
            self.pairs.append((pair, shaped))
        self.units = tuple(units)

    def render(self, translations: Sequence[str]) -> EncodedText:
        self._check(translations)
        edits: list[tuple[int, int, str]] = []
        for (pair, shaped), unit, text in zip(self.pairs, self.units, translations, strict=True):
            value = placeholders.written(text, unit, shaped)
            if value is not None:
                edits.append((pair.start, pair.end, _strings_escaped(value)))
        return self.encoding.encode(edited(self.source, edits))


def read_strings(data: bytes, path: Path, *, encoding: str | None = None) -> Document:
    text, found = decode_text(data, path, ".strings", encoding=encoding)
    return StringsDocument(path, text, found)


# --- .stringsdict -----------------------------------------------------------------------

_CATEGORIES = ("zero", "one", "two", "few", "many", "other")
_PLURAL_RULE = "NSStringPluralRuleType"


@dataclass
class _XmlString:
    """A ``<string>`` of a plist dict: its content's span, its text, its key's path, and the
    span of its ``<key>`` element (where a new category's entry copies its layout from)."""

    start: int
    end: int
    value: str
    path: tuple[str, ...]
    key_start: int
    key_end: int
    element_start: int
    element_end: int


def _xml_text(raw: str) -> str:
    """An element's content as text: entities and character references resolved, CDATA
    sections as they hold."""
    parts = re.split(r"<!\[CDATA\[(.*?)\]\]>", raw, flags=re.S)
    return "".join(p if i % 2 else html.unescape(p) for i, p in enumerate(parts))


def _plist_strings(source: str) -> tuple[list[_XmlString], dict[tuple[str, ...], str]]:
    """Every string of a well-formed plist that is a dict's value, with its key path; and
    each dict's plural rule (a dict whose ``NSStringFormatSpecTypeKey`` is given), by path."""
    found: list[_XmlString] = []
    rules: dict[tuple[str, ...], str] = {}
    stack: list[tuple[str, ...] | None] = []  # each open dict's key path; None: an array
    key: tuple[str, int, int] | None = None  # the key read, and its element's span
    pos = 0
    while (match := MARKUP.search(source, pos)) is not None:
        pos = match.end()
        slash, name, empty = match.group(1), match.group(2), match.group(4)
        if name is None or name == "plist":
            continue
        parent = stack[-1] if stack else None
        here = (*parent, key[0]) if parent is not None and key is not None else None
        if name == "key" and not slash and not empty:
            end, pos = closing(source, "key", match.end())
            key = (_xml_text(source[match.end() : end]), match.start(), pos)
            continue
        if name in ("dict", "array") and not empty:
            if slash:
                stack.pop()
            else:
                stack.append(() if not stack else here if name == "dict" else None)
        elif name == "string" and not slash and not empty:
            end, pos = closing(source, "string", match.end())
            if here is not None and key is not None:
                value = _xml_text(source[match.end() : end])
                found.append(
                    _XmlString(match.end(), end, value, here, *key[1:], match.start(), pos)
                )
                if here[-1] == "NSStringFormatSpecTypeKey":
                    rules[here[:-1]] = value
        key = None
    return found, rules


# Characters XML 1.0 cannot hold, even as references: a plist with one is no plist.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_escaped(value: str) -> str:
    value = _NOT_XML.sub("", value)
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _translatable(string: _XmlString) -> bool:
    """A text a user reads: not a rule's type or value type (``NSStringFormat…Key``)."""
    last = string.path[-1]
    return not last.startswith("NSString") or last == "NSStringLocalizedFormatKey"


class StringsdictDocument(Document):
    strict_fields = True  # (placeholders.written keeps a unit that lost one)
    encoding: TextEncoding

    def __init__(self, path: Path, source: str, encoding: TextEncoding, data: bytes) -> None:
        self.path, self.source, self.encoding = path, source, encoding
        if not source.strip("\ufeff \t\r\n"):
            raise empty_file(path)
        _check_plist(path, data)
        strings, self.rules = _plist_strings(source)
        self.strings: list[tuple[_XmlString, placeholders.Shaped]] = []
        self.all_strings = strings
        units: list[Unit] = []
        for string in strings:
            if not _translatable(string):
                continue
            shaped = shape(string.value)
            if not shaped.text:
                continue
            if string.path[-1] == "NSStringLocalizedFormatKey" and not has_words(shaped):
                continue
            check_unit_count(len(units) + 1, path)
            units.append(Unit(".".join(string.path), shaped.text, fields=shaped.fields))
            self.strings.append((string, shaped))
        self.units = tuple(units)

    def render(self, translations: Sequence[str]) -> EncodedText:
        self._check(translations)
        edits: list[tuple[int, int, str]] = []
        done: dict[tuple[str, ...], str] = {}
        for (string, shaped), unit, text in zip(
            self.strings, self.units, translations, strict=True
        ):
            value = placeholders.written(text, unit, shaped)
            if value is None:
                continue
            done[string.path] = value
            edits.append((string.start, string.end, _xml_escaped(value)))
        edits += self._plural_categories(done)
        return self.encoding.encode(edited(self.source, edits))

    def _plural_categories(self, done: dict[tuple[str, ...], str]) -> list[tuple[int, int, str]]:
        """The categories the target language needs that a plural rule lacks, after its last
        one, each with the ``other`` category's translation (Foundation falls back on
        ``other`` for a missing one: the file then says so to its translator)."""
        if self.language is None:
            return []
        wanted = plural_categories(self.language)
        categories: dict[tuple[str, ...], dict[str, _XmlString]] = {}
        for string in self.all_strings:
            if string.path[-1] in _CATEGORIES:
                categories.setdefault(string.path[:-1], {})[string.path[-1]] = string
        added: list[tuple[int, int, str]] = []
        for rule, kind in self.rules.items():
            if kind != _PLURAL_RULE or (*rule, "other") not in done:
                continue
            members = categories[rule]
            last = max(members.values(), key=lambda s: s.element_end)
            line_start = self.source.rfind("\n", 0, last.key_start) + 1
            indent = self.source[line_start : last.key_start]
            between = self.source[last.key_end : last.element_start]
            newline = "\r\n" if self.source[line_start - 2 : line_start] == "\r\n" else "\n"
            # (All on one line, the new entries follow as the others do.)
            lead = f"{newline}{indent}" if not indent.strip() and line_start > 0 else ""
            other = (*rule, "other")
            value = _xml_escaped(done[other])
            entries = "".join(
                f"{lead}<key>{category}</key>{between}<string>{value}</string>"
                for category in wanted
                if category not in members
            )
            if entries:
                added.append((last.element_end, last.element_end, entries))
        return added


def _check_plist(path: Path, data: bytes) -> None:
    """Refuse what is not well-formed XML, or not a property list of a dict."""
    try:
        root = parse_file(data)
    except Unreadable as exc:
        raise DocumentError(
            f"This is not a valid .stringsdict file: {exc.what} (line {exc.line})",
            path=path,
            hint="Check the file in Xcode or an XML editor, then retry",
            message_id="document.bad_stringsdict",
            params={"line": exc.line},
        ) from None
    first: Any = root[0] if len(root) else None
    if root.tag != "plist" or first is None or first.tag != "dict":
        raise DocumentError(
            "This XML file is not a .stringsdict property list (a <plist> of a <dict>)",
            path=path,
            hint="Quire translates the .stringsdict files Xcode makes for plural rules",
            message_id="document.not_stringsdict",
        )


def read_stringsdict(data: bytes, path: Path, *, encoding: str | None = None) -> Document:
    text, found = decode_text(data, path, ".stringsdict", encoding=encoding, markup=True)
    return StringsdictDocument(path, text, found, data)


__all__ = [
    "PATTERN",
    "StringsDocument",
    "StringsdictDocument",
    "has_words",
    "read_strings",
    "read_stringsdict",
    "shape",
]
