"""TOML files (``.toml``). Hugo's i18n tables (go-i18n's ``i18n/en.toml``: ``[home]`` with
``other = "Home"``, or ``home = "Home"``; a theme's words) are translated: each string a unit,
Go templates (``{{ .Count }}``), printf's ``%s`` and HTML tags placeholders, a message's plural
forms given those the target has besides (``few``, ``many``: Hugo shows ``other``, English's,
for a form it lacks), its ids, keys, comments and every other byte kept; its translation is
named for the target (``de.toml``), as Hugo finds a language's table. Hugo's settings
(``hugo.toml``…) are the site settings reader's (:mod:`siteconf_toml`). Any other TOML
(``pyproject.toml``, ``Cargo.toml``, ``netlify.toml``) is a program's settings: refused."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import tomlkit
from tomlkit.toml_document import TOMLDocument

from engine.documents import goi18n, placeholders, siteconf_toml, tomlfile
from engine.documents.base import Document, Unit, check_unit_count, decode_text
from engine.documents.errors import DocumentError, empty_file
from engine.documents.language import filled_forms, names_language
from engine.text.encoding import EncodedText, TextEncoding

# Hugo's templates (``{{ .Count }}``, ``{{ .Site.Title }}``, ``{{ . | lang.FormatNumber 0 }}``),
# a theme's tokens its script fills in (``#PAGES_COUNT``), printf's, tags.
_PATTERN = re.compile(r"\{\{.*?\}\}|#[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b|" + placeholders.PLAIN)


def is_table(path: Path) -> bool:
    """Whether ``path`` is a Hugo i18n table: in an ``i18n`` folder, or named for a language
    (``en.toml``, ``pt-br.toml``)."""
    return path.parent.name.lower() == "i18n" or names_language(path.stem)


class TomlTable(Document):
    strict_fields = True  # (placeholders.written keeps a unit that lost one)
    encoding: TextEncoding

    def __init__(self, path: Path, source: str, encoding: TextEncoding) -> None:
        self.path, self.source, self.encoding = path, source, encoding
        self.newline = "\r\n" if "\r\n" in source else "\n"
        self.shapes: list[placeholders.Shaped] = []
        units: list[Unit] = []
        for found in _strings(tomlfile.parse(source, path)):
            shaped = placeholders.shape(str(found.item), _PATTERN)
            check_unit_count(len(units) + 1, path)
            units.append(Unit(".".join(map(str, found.path)), shaped.text, fields=shaped.fields))
            self.shapes.append(shaped)
        self.units = tuple(units)

    def render(self, translations: Sequence[str]) -> EncodedText:
        self._check(translations)
        document = tomlfile.parse(self.source, self.path)  # (a fresh one: it is written into)
        found = _strings(document)
        done: dict[tuple[str | int, ...], str] = {}
        fields: dict[tomlfile.Path_, tuple[str, ...]] = {}
        for string, unit, shaped, text in zip(
            found, self.units, self.shapes, translations, strict=True
        ):
            fields[string.path] = shaped.fields
            value = placeholders.written(text, unit, shaped)
            if value is not None:
                done[string.path] = value
        added = self._plural_forms(found, done, fields) if self.language is not None else []
        for string in found:
            if string.path in done:
                tomlfile.replace(string, done[string.path])
        for last, lines in added:  # (after the replacing: it moves the entries after it)
            tomlfile.add_after(last, lines, self.newline)
        return self.encoding.encode(tomlkit.dumps(document))

    def _plural_forms(
        self,
        found: list[tomlfile.Found],
        done: dict[tomlfile.Path_, str],
        fields: dict[tomlfile.Path_, tuple[str, ...]],
    ) -> list[tuple[tomlfile.Found, list[str]]]:
        """Each message of plural forms as the target needs it (:func:`filled_forms`): its
        ``one`` rewritten in ``done``, and the lines of the forms it lacks to add after its
        last string."""
        assert self.language is not None
        messages: dict[tomlfile.Path_, dict[str, tomlfile.Found]] = {}
        for string in found:
            if goi18n.plural_forms(string.siblings):
                messages.setdefault(string.path[:-1], {})[str(string.path[-1])] = string
        added: list[tuple[tomlfile.Found, list[str]]] = []
        for forms in messages.values():
            filled = filled_forms(
                next(iter(forms.values())).siblings,
                {k: done[s.path] for k, s in forms.items() if s.path in done},
                {k: fields[s.path] for k, s in forms.items()},
                self.language,
            )
            lines = []
            for category, value in filled.items():
                if category in forms:
                    done[forms[category].path] = value
                else:
                    lines.append(f"{category} = {tomlfile.basic(value)}")
            if lines:
                added.append((max(forms.values(), key=lambda s: s.index), lines))
        return added


def _strings(document: TOMLDocument) -> list[tomlfile.Found]:
    """The strings to translate: not a message's id or description, not placeholders alone."""
    return [
        s
        for s in tomlfile.strings(document)
        if not goi18n.is_metadata(s.path[-1], s.siblings)
        and placeholders.shape(str(s.item), _PATTERN).text
    ]


def read(data: bytes, path: Path, *, encoding: str | None = None) -> Document:
    text, found = decode_text(data, path, "TOML", encoding=encoding)
    if not text.strip():
        raise empty_file(path)
    if siteconf_toml.is_settings(path, text):
        return siteconf_toml.HugoSettings(path, text, found)
    if not is_table(path):
        raise DocumentError(
            f"{path.name} holds a program's settings, not text to translate",
            path=path,
            hint="Give a document, or Hugo's i18n table (i18n/en.toml) or settings (hugo.toml)",
            message_id="document.toml_settings",
            params={"name": path.name},
        )
    return TomlTable(path, text, found)


__all__ = ["TomlTable", "is_table", "read"]
