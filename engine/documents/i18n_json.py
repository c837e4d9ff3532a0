"""JSON translation files (.json: i18next's, vue-i18n's and ngx-translate's key → text files;
FormatJS's ``{"id": {"defaultMessage": …, "description": …}}``; Chrome extensions'
``messages.json``; Flutter's .arb; Hugo's ``i18n/en.json``, go-i18n's): each string value
is a unit, keys are kept.

Where an object holds a ``defaultMessage`` (FormatJS) or a ``message`` beside a
``description`` or ``placeholders`` (Chrome), only that is translated: the rest is for the
translator. An .arb file's ``@`` entries are metadata, kept; its ``@@locale`` names the
job's language. Of a Docusaurus ``_category_.json``, only what its sidebar shows is text.
Placeholders (i18next's ``{{name}}`` and ``$t(key)``, ICU's ``{name}`` and its plural and
select syntax with ``#``, Chrome's ``$NAME$``, printf's, HTML tags and react-i18next's
``<1>…</1>``) are seen as placeholders and written as they were; a translation that loses
one keeps the text as it was.

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

from engine.api import Note
from engine.documents import goi18n, placeholders
from engine.documents.base import Document, Unit, check_unit_count, decode_text, edited
from engine.documents.errors import bad_json, empty_file, json_error
from engine.documents.language import Language, filled_forms, locale_root
from engine.text.encoding import EncodedText, TextEncoding

_PATTERN = re.compile(
    # i18next: {{name}}, {{- raw}}, {{val, number}}, $t(key); Chrome: $NAME$, $1, $$;
    # react-i18next: <1>…</1>; vue-i18n: @:linked.key, @.upper:key, {'@'} literals, and the
    # " | " between a plural's forms.
    r"\{\{-?\s*[\w.-]+(?:\s*,\s*[^{}]*)?\s*\}\}|\$t\((?:[^()]|\([^()]*\))*\)|\$[A-Za-z0-9_@]+\$"
    r"|\$\d|\$\$|</?\d+/?>|@(?:\.\w+)?:\(?[\w.-]+\)?|\{'[^']*'\}|(?<=\s)\|(?=\s)|"
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


# The files of message objects (each top-level entry an object whose text is under one key):
# FormatJS's extract, by its format (default, crowdin, smartling, transifex, lokalise), and
# Chrome's messages.json. Their other keys (descriptions, notes, placeholders) are for the
# translator. Smartling's file carries its settings under "smartling".
_MESSAGE_KEYS = {
    "defaultMessage": frozenset(["defaultMessage", "description", "id"]),
    "message": frozenset(["message", "description", "placeholders"]),
    "string": frozenset(["string", "developer_comment", "context", "character_limit"]),
    "translation": frozenset(["translation", "notes"]),
}
_SETTINGS_KEYS = frozenset(["smartling"])
# A Docusaurus category's _category_.json: what its sidebar and index page show. Its other
# strings are names Docusaurus looks up (a link's type, a doc's id, a slug, a CSS class):
# translated, the site no longer builds.
_CATEGORY_TEXT = frozenset(
    [("label",), ("link", "title"), ("link", "description"), ("customProps", "description")]
)


def _message_key(data: Any) -> str | None:
    """The key every message object of a file of them keeps its text under (each object
    holding that key and no other than its format's); None for a file of another shape
    (every string is text: an i18next object with a message, a title and a description)."""
    if not isinstance(data, dict):
        return None
    entries = [v for k, v in data.items() if k not in _SETTINGS_KEYS]
    if not entries or not all(isinstance(v, dict) for v in entries):
        return None
    for key, allowed in _MESSAGE_KEYS.items():
        if all(isinstance(v.get(key), str) and set(v) <= allowed for v in entries):
            return key
    return None


def _translatable(
    path: tuple[str | int, ...], arb: bool, message_key: str | None, category: bool = False
) -> bool:
    """Whether a string value is text to translate (see the module's docstring)."""
    if category:
        return path in _CATEGORY_TEXT
    if arb and any(isinstance(k, str) and k.startswith("@") for k in path):
        return False
    if message_key is not None:
        return len(path) == 2 and path[0] not in _SETTINGS_KEYS and path[1] == message_key
    return True


# i18next's plural keys: NAME_one, NAME_other… (and NAME_ordinal_one…), one per CLDR category.
_PLURAL_KEY = re.compile(r"^(.*?_)(zero|one|two|few|many|other)$")


class JsonDocument(Document):
    strict_fields = True  # (placeholders.written keeps a unit that lost one)

    def __init__(self, path: Path, source: str, encoding: TextEncoding) -> None:
        self.path, self.source, self.encoding = path, source, encoding
        self.found = encoding
        if not source.strip():
            raise empty_file(path)
        try:
            data = json.loads(source, parse_constant=_no_constant)
            strings = _strings(source)
        except json.JSONDecodeError as exc:
            raise json_error(path, exc) from None
        except (ValueError, RecursionError) as exc:
            what = str(exc) if isinstance(exc, _NotJson) else "it nests too deep or is damaged"
            raise bad_json(path, what) from None
        self.arb = path.suffix.lower() == ".arb"
        self.locale = next((s for s in strings if self.arb and s.path == ("@@locale",)), None)
        self.root = _locale_root(source, data)
        message_key = _message_key(data)
        # FormatJS's messages are ICU messages: an apostrophe before a brace quotes.
        self.icu = message_key is not None and path.name != "messages.json"
        self.strings: list[tuple[_String, placeholders.Shaped]] = []
        self.all_strings = strings
        category = path.name == "_category_.json"
        units: list[Unit] = []
        for string in strings:
            if not _translatable(string.path, self.arb, message_key, category):
                continue
            if string.path and goi18n.is_metadata(string.path[-1], _parent(data, string.path)):
                continue  # (a Hugo table's go-i18n message id: Hugo finds the message by it)
            shaped = _shape(string.value)
            if not shaped.text:
                continue
            check_unit_count(len(units) + 1, path)
            key = ".".join(str(k) for k in string.path) or "value"
            units.append(Unit(key, shaped.text, fields=shaped.fields))
            self.strings.append((string, shaped))
        self.units = tuple(units)
        if category and not units:  # (a position alone: a mirrored site keeps it all the same)
            self.copied_without_text = True
            self.notes = (
                Note(
                    f"{path.name} has no label or title to translate: it is copied as it is",
                    "document.category_no_text",
                    {"name": path.name},
                ),
            )
        self.ascii = not any(ord(c) > 127 for c in source) and "\\u" in source
        self.data = data

    def render(self, translations: Sequence[str]) -> EncodedText:
        self._check(translations)
        done: dict[tuple[str | int, ...], str] = {}
        for (string, shaped), unit, text in zip(
            self.strings, self.units, translations, strict=True
        ):
            value = placeholders.written(text, unit, shaped)
            if value is None:
                continue
            if self.icu or any(placeholders.is_icu_syntax(f) for f in shaped.fields):
                value = _icu_quoted(value, string.value)
            done[string.path] = value
        added = self._plural_keys(done)
        edits = [
            (s.start, s.end, self._dumps(done[s.path])) for s, _ in self.strings if s.path in done
        ]
        if self.locale is not None and self.language is not None and edits:
            locale = _arb_locale(self.language)
            edits.append((self.locale.start, self.locale.end, json.dumps(locale)))
        if self.root is not None and self.language is not None and edits:
            edits.append((*self.root, json.dumps(self.language.tag)))
        return self.found.encode(edited(self.source, edits + added))

    def _dumps(self, value: str) -> str:
        return json.dumps(value, ensure_ascii=self.ascii)

    def _plural_keys(self, done: dict[tuple[str | int, ...], str]) -> list[tuple[int, int, str]]:
        """Each group of plural keys as the target language needs it (:func:`filled_forms`):
        its ``one`` rewritten in ``done``, and the edits adding the keys it has not
        (Russian's ``_few`` and ``_many`` beside English's ``_one`` and ``_other``) after the
        last of their group: i18next's (it shows the bare key for a number whose key is
        missing) and go-i18n's forms alike (Hugo's ``{"one": …, "other": …}``: Hugo shows
        ``other`` for a form it lacks)."""
        if self.language is None:
            return []
        groups: dict[tuple[tuple[str | int, ...], str], dict[str, _String]] = {}
        for string in self.all_strings:
            key = string.path[-1] if string.path else None
            if key in goi18n.PLURAL and _plural_object(_parent(self.data, string.path)):
                # (go-i18n's, Hugo's tables': {"one": "…", "other": "…"})
                groups.setdefault((string.path[:-1], ""), {})[str(key)] = string
                continue
            match = _PLURAL_KEY.match(key) if isinstance(key, str) else None
            if match is None or match.group(1).endswith("_ordinal_"):
                continue
            groups.setdefault((string.path[:-1], match.group(1)), {})[match.group(2)] = string
        fields = {string.path: shaped.fields for string, shaped in self.strings}
        added: list[tuple[int, int, str]] = []
        for (_path, base), members in groups.items():
            filled = filled_forms(
                members,
                {k: done[s.path] for k, s in members.items() if s.path in done},
                {k: fields[s.path] for k, s in members.items() if s.path in fields},
                self.language,
            )
            last = max(members.values(), key=lambda s: s.end)
            line_start = self.source.rfind("\n", 0, last.start) + 1
            prefix = self.source[line_start : last.start]
            own_key = json.dumps(last.path[-1])
            for category, value in filled.items():
                if category in members:
                    done[members[category].path] = value
                    continue
                name = json.dumps(f"{base}{category}", ensure_ascii=self.ascii)
                if prefix.strip().startswith(own_key) and line_start > 0:
                    newline = "\r\n" if self.source[line_start - 2 : line_start] == "\r\n" else "\n"
                    entry = f",{newline}{prefix.replace(own_key, name, 1)}{self._dumps(value)}"
                else:
                    entry = f", {name}: {self._dumps(value)}"
                added.append((last.end, last.end, entry))
        return added


def _parent(data: Any, path: tuple[str | int, ...]) -> Any:
    """The object or array that holds the value at ``path``."""
    for key in path[:-1]:
        data = data[key]
    return data


def _plural_object(found: Any) -> bool:
    """Whether ``found`` is an object of a message's plural forms alone, each a string."""
    return (
        isinstance(found, dict)
        and goi18n.plural_forms(found)
        and all(isinstance(v, str) for v in found.values())
    )


def _locale_root(source: str, data: Any) -> tuple[int, int] | None:
    """Where the top-level key naming the file's locale is (``{"en": {…}}``), if it has one:
    renamed as a YAML file's ``en:`` is."""
    if not isinstance(data, dict) or len(data) != 1:
        return None
    ((key, value),) = data.items()
    if not locale_root([key], isinstance(value, dict)):
        return None
    match = _STRING.search(source, source.index("{") + 1)
    return None if match is None else (match.start(), match.end())


def _arb_locale(language: Language) -> str:
    """The locale as Flutter's gen_l10n names it: ``de``, ``pt_BR``, ``zh_Hant``."""
    return "_".join(p for p in (language.language, language.script, language.region) if p)


# An apostrophe before a brace, "#" or "<" starts quoted text in an ICU message (FormatJS):
# one a translation puts there ("l'{name}") is doubled, unless the text quotes on purpose.
_QUOTING = re.compile(r"'(?=[{}#<|])")


def _icu_quoted(value: str, source: str) -> str:
    return value if _QUOTING.search(source) else _QUOTING.sub("''", value)


class _NotJson(ValueError):
    """What JSON does not allow though Python's reader takes it."""


def _no_constant(name: str) -> Any:
    raise _NotJson(f"{name} is no JSON value")


def _shape(value: str) -> placeholders.Shaped:
    """A string with its placeholders (and an ICU message's syntax) as fields."""
    return placeholders.shape(value, _PATTERN, icu=True)


def read(data: bytes, path: Path, *, encoding: str | None = None) -> Document:
    text, found = decode_text(data, path, "JSON", encoding=encoding)
    return JsonDocument(path, text, found)


__all__ = ["JsonDocument", "read"]
