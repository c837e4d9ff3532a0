"""Xcode's String Catalogs (``.xcstrings``, Xcode 15 and later: every language of an app's
strings in one JSON file): each source-language text is a unit (the key itself where the
source language has no localization), each plural, device and substitution variation's
text one of its own.

The output is the same catalog with the target language added to every key that lacks it,
as Xcode writes a localization (sorted among the key's others, its indentation and
``"key" : value`` spacing, state ``needs_review``: a machine's translation for a person to
check); every other byte stays as it was. A key translated into the target already keeps
its translation and is not sent to the translator; a catalog with nothing left to
translate is refused. A plural gains the categories the target language needs that the
source lacks (Russian's ``few`` and ``many``), each with the ``other`` category's text."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.documents import apple, jsonspans, placeholders
from engine.documents.base import Document, Unit, check_unit_count, decode_text, edited
from engine.documents.errors import DocumentError, bad_json, empty_file, json_error
from engine.documents.jsonspans import Node
from engine.documents.language import Language, plural_categories, same_target
from engine.text.encoding import EncodedText, TextEncoding

# A substitution's plural forms name its argument ``%arg`` (a placeholder Xcode fills in).
_PATTERN = re.compile(r"%arg(?![A-Za-z0-9_])|" + apple.PATTERN.pattern)
# Xcode's state for a translation nobody has checked yet (its "Needs Review").
_STATE = "needs_review"


def xcode_code(language: Language) -> str:
    """The language as Xcode names a localization: ``de``, ``pt-BR``, ``zh-Hans``."""
    if language.language == "zh":
        if language.region in ("HK", "MO") and language.script is None:
            return f"zh-{language.region}"
        traditional = language.script == "Hant" or language.country in ("TW", "HK", "MO")
        return "zh-Hant" if traditional else "zh-Hans"
    return "-".join(p for p in (language.language, language.script, language.region) if p)


@dataclass
class _Key:
    """One key of the catalog: its entry, its source localization (None: the key is its
    text) and, per unit, the path of its ``stringUnit`` in that localization."""

    name: str
    node: Node
    data: dict[str, Any]
    source: dict[str, Any] | None
    units: list[tuple[int, tuple[str, ...], placeholders.Shaped]]


def _string_units(value: Any, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], str]]:
    """Every ``stringUnit``'s text in a localization (its variations' and substitutions'
    too), with its path, in the file's order."""
    found: list[tuple[tuple[str, ...], str]] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "stringUnit" and isinstance(item, dict):
                if isinstance(item.get("value"), str):
                    found.append((path, item["value"]))
            else:
                found += _string_units(item, (*path, key))
    return found


class XcstringsDocument(Document):
    strict_fields = True  # (placeholders.written keeps a unit that lost one)
    encoding: TextEncoding

    def __init__(self, path: Path, source: str, encoding: TextEncoding) -> None:
        self.path, self.source, self.encoding = path, source, encoding
        if not source.strip("\ufeff \t\r\n"):
            raise empty_file(path)
        data = _load(path, source)
        start = len(source) - len(source.lstrip("\ufeff"))
        root, _end = jsonspans.node(source, start)
        self.source_language: str = data["sourceLanguage"]
        self.newline = "\r\n" if "\r\n" in source else "\n"
        self.indent = _indent_unit(source, root)
        self.keys: list[_Key] = []
        units: list[Unit] = []
        for name, (_at, node) in root.members["strings"][1].members.items():
            entry = data["strings"][name]
            if not isinstance(entry, dict) or entry.get("shouldTranslate") is False:
                continue
            localizations = entry.get("localizations")
            own = (
                localizations.get(self.source_language) if isinstance(localizations, dict) else None
            )
            texts = _string_units(own) if isinstance(own, dict) else [((), name)]
            key = _Key(name, node, entry, own if isinstance(own, dict) else None, [])
            for where, text in texts:
                shaped = placeholders.shape(text, _PATTERN)
                if not apple.has_words(shaped):
                    continue  # ("%@", "·", a format of substitutions alone: nothing to say)
                check_unit_count(len(units) + 1, path)
                uid = "/".join([name, *(p for p in where if p != "variations")])
                units.append(Unit(uid, shaped.text, fields=shaped.fields))
                key.units.append((len(units) - 1, where, shaped))
            if key.units:
                self.keys.append(key)
        self.units = tuple(units)

    def _has(self, key: _Key, language: Language) -> bool:
        """Whether ``key`` holds a localization into ``language`` already."""
        if same_target(self.source_language, language):
            return True
        localizations = key.data.get("localizations")
        codes = localizations if isinstance(localizations, dict) else {}
        return any(same_target(code, language) for code in codes)

    def translated_into(self, language: Language) -> frozenset[int]:
        done = frozenset(
            n for key in self.keys if self._has(key, language) for n, _, _ in key.units
        )
        if self.units and len(done) == len(self.units):
            code = xcode_code(language)
            raise DocumentError(
                f"Every string of this catalog is translated into {code} already",
                path=self.path,
                hint="Choose another target language, or add strings to the catalog in Xcode",
                message_id="document.catalog_has_target",
                params={"language": code},
            )
        return done

    def render(self, translations: Sequence[str]) -> EncodedText:
        self._check(translations)
        language = self.language
        edits: list[tuple[int, int, str]] = []
        if language is not None:
            code = xcode_code(language)
            wanted = plural_categories(language)
            for key in self.keys:
                if self._has(key, language):
                    continue
                values: dict[tuple[str, ...], str] = {}
                for n, where, shaped in key.units:
                    value = placeholders.written(translations[n], self.units[n], shaped)
                    if value is None:
                        break  # a key is translated whole, or left for Xcode to show as new
                    values[where] = value
                else:
                    source = key.source or {"stringUnit": {"value": key.name}}
                    localization = _localized(source, values, wanted)
                    edits.append(self._added(key.node, ("localizations", code), localization))
        return self.encoding.encode(edited(self.source, edits))

    def _added(self, entry: Node, names: tuple[str, str], value: Any) -> tuple[int, int, str]:
        """The edit that adds ``value`` under ``names`` (``localizations``, then the code)
        to a key's entry: in the localizations that are there, or with them."""
        outer, inner = names
        if outer in entry.members:
            return self._member(entry.members[outer][1], inner, value)
        return self._member(entry, outer, {inner: value})

    def _member(self, node: Node, name: str, value: Any) -> tuple[int, int, str]:
        """The edit that adds the member ``name`` to the object ``node``, in sorted place
        (Xcode sorts keys case-insensitively: ``zh-Hans`` before ``zh-HK``), as Xcode writes
        one."""
        nl = self.newline
        if not node.members:  # Xcode's empty object ("{\n\n}"): written anew
            outer = self._line_indent(node.start)
            inner = outer + self.indent
            member = f"{json.dumps(name, ensure_ascii=False)} : {self._dumps(value, inner)}"
            return node.start, node.end, f"{{{nl}{inner}{member}{nl}{outer}}}"
        after = [at for key, (at, _n) in node.members.items() if key.lower() > name.lower()]
        first_at = min(at for at, _n in node.members.values())
        indent = self._line_indent(first_at)
        member = f"{json.dumps(name, ensure_ascii=False)} : {self._dumps(value, indent)}"
        if after:
            at = min(after)
            return at, at, f"{member},{nl}{indent}"
        end = max(n.end for _at, n in node.members.values())
        return end, end, f",{nl}{indent}{member}"

    def _line_indent(self, pos: int) -> str:
        """The white space that begins the line ``pos`` is on."""
        start = self.source.rfind("\n", 0, pos) + 1
        line = self.source[start:pos]
        return line[: len(line) - len(line.lstrip(" \t"))]

    def _dumps(self, value: Any, indent: str) -> str:
        text = json.dumps(
            _ordered(value), ensure_ascii=False, indent=self.indent, separators=(",", " : ")
        )
        return text.replace("\n", self.newline + indent)


def _localized(
    source: dict[str, Any], values: dict[tuple[str, ...], str], wanted: Sequence[str]
) -> Any:
    """The target's localization: the source's, each text its translation (a text that says
    nothing, a format of substitutions alone, as it was), each plural with the target's
    categories."""

    def walk(value: Any, path: tuple[str, ...]) -> Any:
        if not isinstance(value, dict):
            return copy.deepcopy(value)
        out: dict[str, Any] = {}
        for key, item in value.items():
            if key == "stringUnit" and isinstance(item, dict):
                text = values.get(path, item.get("value", ""))
                out[key] = {"state": _STATE, "value": text}
            else:
                out[key] = walk(item, (*path, key))
        if path[-1:] == ("plural",) and "other" in out:
            for category in wanted:
                out.setdefault(category, copy.deepcopy(out["other"]))
        return out

    return walk(source, ())


def _ordered(value: Any) -> Any:
    """``value`` with every object's keys in Xcode's order (case-insensitive)."""
    if isinstance(value, dict):
        return {k: _ordered(value[k]) for k in sorted(value, key=lambda k: (k.lower(), k))}
    return value


def _indent_unit(source: str, root: Node) -> str:
    """The file's indentation step (Xcode's is two spaces)."""
    if root.members:
        first = min(at for at, _n in root.members.values())
        line = source.rfind("\n", 0, first) + 1
        if line > 0 and not source[line:first].strip() and source[line:first]:
            return source[line:first]
    return "  "


def _load(path: Path, source: str) -> dict[str, Any]:
    """The catalog as data; refuses what is not JSON, or JSON of another kind."""
    try:
        data = json.loads(source.lstrip("\ufeff"))
    except json.JSONDecodeError as exc:
        raise json_error(path, exc) from None
    except RecursionError:
        raise bad_json(path, "it nests too deep or is damaged") from None
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("strings"), dict)
        or not isinstance(data.get("sourceLanguage"), str)
    ):
        raise DocumentError(
            'This JSON file is not an Xcode String Catalog (it has no "sourceLanguage" and '
            '"strings")',
            path=path,
            hint="Quire translates the .xcstrings catalogs Xcode 15 and later make",
            message_id="document.not_xcstrings",
        )
    return data


def read(data: bytes, path: Path, *, encoding: str | None = None) -> Document:
    text, found = decode_text(data, path, "String Catalog", encoding=encoding)
    return XcstringsDocument(path, text, found)


__all__ = ["XcstringsDocument", "read", "xcode_code"]
