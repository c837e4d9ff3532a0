"""JSON translation files (.json: i18next's, vue-i18n's and ngx-translate's key → text files;
FormatJS's ``{"id": {"defaultMessage": …, "description": …}}``; Chrome extensions'
``messages.json``; Flutter's .arb): each string value is a unit, keys are kept.

Where an object holds a ``defaultMessage`` (FormatJS) or a ``message`` beside a
``description`` or ``placeholders`` (Chrome), only that is translated: the rest is for the
translator. An .arb file's ``@`` entries are metadata, kept; its ``@@locale`` names the
job's language. Placeholders (i18next's ``{{name}}`` and ``$t(key)``, ICU's ``{name}`` and
its plural and select syntax with ``#``, Chrome's ``$NAME$``, printf's, HTML tags and
react-i18next's ``<1>…</1>``) are seen as placeholders and written as they were; a
translation that loses one keeps the text as it was.

Only the strings translated change: every other byte (keys, order, indentation, escapes)
is written back as it was; a translated string is escaped as the file escapes (``\\u00e9``
where it writes no character beyond ASCII)."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.documents import placeholders
from engine.documents.base import FIELD, Document, Unit, check_unit_count, decode_text
from engine.documents.errors import DocumentError
from engine.text.encoding import EncodedText, TextEncoding

_PATTERN = re.compile(
    r"\{\{-?\s*[\w.]+(?:\s*,\s*[^{}]*)?\s*\}\}|\$t\([^()]*\)|\$[A-Za-z0-9_@]+\$|</?\d+/?>|"
    + placeholders.PLAIN
)
_STRING = re.compile(r'"(?:[^"\\\x00-\x1f]|\\.)*"')
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null")


@dataclass
class _String:
    start: int
    end: int
    value: str
    path: tuple[str | int, ...]


def _strings(text: str) -> list[_String]:
    """Every string value of a JSON text (keys not), with where it is and its path of keys."""
    found: list[_String] = []
    # Each open container: its path, whether it is an object, and the key being read.
    stack: list[tuple[tuple[str | int, ...], bool, list[Any]]] = []
    expect_key = False
    pos = 0
    path: tuple[str | int, ...] = ()
    while pos < len(text):
        char = text[pos]
        if char in " \t\r\n,:":
            if char == "," and stack:
                _, is_object, state = stack[-1]
                expect_key = is_object
                if not is_object:
                    state[0] += 1
            pos += 1
            continue
        if char in "{[":
            here = _here(stack)
            stack.append((here, char == "{", [0] if char == "[" else [None]))
            expect_key = char == "{"
            pos += 1
            continue
        if char in "}]":
            stack.pop()
            expect_key = False
            pos += 1
            continue
        if char == '"':
            match = _STRING.match(text, pos)
            if match is None:
                raise ValueError(f"a string not closed at {pos}")
            value = json.loads(match.group())
            if stack and stack[-1][1] and expect_key:
                stack[-1][2][0] = value
                expect_key = False
            else:
                path = _here(stack)
                found.append(_String(match.start(), match.end(), value, path))
            pos = match.end()
            continue
        match = _NUMBER.match(text, pos)
        if match is None:
            raise ValueError(f"unexpected {char!r} at {pos}")
        pos = match.end()
    return found


def _here(stack: list[tuple[tuple[str | int, ...], bool, list[Any]]]) -> tuple[str | int, ...]:
    """The path of the value being read: its container's path and its key or index."""
    if not stack:
        return ()
    parent, _is_object, state = stack[-1]
    return (*parent, state[0])


def _translatable(data: Any, path: tuple[str | int, ...], arb: bool) -> bool:
    """Whether a string value is text to translate (see the module's docstring)."""
    if arb and any(isinstance(k, str) and k.startswith("@") for k in path):
        return False
    node = data
    for depth, key in enumerate(path):
        if isinstance(node, dict):
            wanted = _message_key(node)
            if wanted is not None:  # a message object: its message alone is text
                return key == wanted and depth == len(path) - 1
        node = node[key]
    return True


def _message_key(node: dict[str, Any]) -> str | None:
    """The key of a message object's text: FormatJS's ``defaultMessage``, Chrome's
    ``message`` (beside its ``description`` or ``placeholders``); None for other objects."""
    if isinstance(node.get("defaultMessage"), str):
        return "defaultMessage"
    if isinstance(node.get("message"), str) and {"description", "placeholders"} & set(node):
        return "message"
    return None


class JsonDocument(Document):
    def __init__(self, path: Path, source: str, encoding: TextEncoding) -> None:
        self.path, self.source, self.encoding = path, source, encoding
        self.found = encoding
        try:
            data = json.loads(source)
            strings = _strings(source)
        except json.JSONDecodeError as exc:
            raise DocumentError(
                f"This is not valid JSON: {exc.msg} at line {exc.lineno}",
                path=path,
                hint="Check the file in a JSON editor or validator, then retry",
                message_id="document.bad_json",
                params={"line": exc.lineno},
            ) from None
        except (ValueError, RecursionError):
            raise DocumentError(
                "This is not valid JSON: it nests too deep or is damaged",
                path=path,
                hint="Check the file in a JSON editor or validator, then retry",
                message_id="document.bad_json",
                params={"line": 1},
            ) from None
        self.arb = path.suffix.lower() == ".arb"
        self.locale = next((s for s in strings if self.arb and s.path == ("@@locale",)), None)
        self.strings: list[tuple[_String, placeholders.Shaped]] = []
        units: list[Unit] = []
        for string in strings:
            if not _translatable(data, string.path, self.arb):
                continue
            shaped = _shape(string.value)
            if not shaped.text:
                continue
            check_unit_count(len(units) + 1, path)
            key = ".".join(str(k) for k in string.path) or "value"
            units.append(Unit(key, shaped.text, fields=shaped.fields))
            self.strings.append((string, shaped))
        self.units = tuple(units)
        self.ascii = not any(ord(c) > 127 for c in source) and "\\u" in source

    def render(self, translations: Sequence[str]) -> EncodedText:
        self._check(translations)
        out: list[str] = []
        cursor = 0
        edits: list[tuple[int, int, str]] = []
        for (string, shaped), unit, text in zip(
            self.strings, self.units, translations, strict=True
        ):
            value = placeholders.written(text, unit, shaped)
            if value is None:
                continue
            edits.append((string.start, string.end, json.dumps(value, ensure_ascii=self.ascii)))
        if self.locale is not None and self.language is not None and edits:
            edits.append((self.locale.start, self.locale.end, json.dumps(self.language.tag)))
        for start, end, written in sorted(edits):
            out += [self.source[cursor:start], written]
            cursor = end
        out.append(self.source[cursor:])
        return self.found.encode("".join(out))


def _shape(value: str) -> placeholders.Shaped:
    """A string with its placeholders (and an ICU message's syntax) as fields."""
    scanner = placeholders.IcuScanner()
    fields: list[str] = []
    pieces: list[str] = []
    for kind, piece in scanner.feed(value):
        if kind != "text":
            fields.append(piece)
            pieces.append(FIELD.format(len(fields)))
            continue
        cursor = 0
        for match in _PATTERN.finditer(piece):
            pieces.append(piece[cursor : match.start()])
            fields.append(match.group())
            pieces.append(FIELD.format(len(fields)))
            cursor = match.end()
        pieces.append(piece[cursor:])
    text = "".join(pieces)
    core = text.strip()
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :] if core else ""
    return placeholders.Shaped(lead, core, trail, tuple(fields))


def read(data: bytes, path: Path, *, encoding: str | None = None) -> Document:
    text, found = decode_text(data, path, "JSON", encoding=encoding)
    return JsonDocument(path, text, found)


__all__ = ["JsonDocument", "read"]
