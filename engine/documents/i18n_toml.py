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

from engine.documents import goi18n, placeholders, po, siteconf_toml, tomlfile
from engine.documents.base import Document, Unit, check_unit_count, decode_text
from engine.documents.errors import DocumentError, empty_file
from engine.documents.language import names_language, plural_categories
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
        if self.language is not None and not po.one_alone(self.language):
            # (Russian's one serves 21 too: "One word" there read "21: one word")
            for string in found:
                one, other = string.path, (*string.path[:-1], "other")
                if (
                    one[-1] == "one"
                    and goi18n.plural_forms(string.siblings)
                    and other in done
                    and not po.singular_counts(fields[one], fields.get(other, ()))
                ):
                    done[one] = done[other]
        for string in found:
            if string.path in done:
                tomlfile.replace(string, done[string.path])
        if self.language is not None:
            self._plural_forms(found, done)
        return self.encoding.encode(tomlkit.dumps(document))

    def _plural_forms(
        self, found: list[tomlfile.Found], done: dict[tuple[str | int, ...], str]
    ) -> None:
        """The forms the target has that a message of plural forms lacks, after its last
        one, each with ``other``'s translation."""
        assert self.language is not None
        last_of: dict[tomlfile.Path_, tomlfile.Found] = {}  # each message's last string
        for string in found:
            if string.index > last_of.setdefault(string.path[:-1], string).index:
                last_of[string.path[:-1]] = string
        for string in found:
            if string.path[-1] != "other" or not goi18n.plural_forms(string.siblings):
                continue
            value = done.get(string.path)
            if value is None:
                continue
            last = last_of[string.path[:-1]]
            lines = [
                f"{category} = {tomlfile.basic(value)}"
                for category in plural_categories(self.language)
                if category not in string.siblings
            ]
            if lines:
                tomlfile.add_after(last, lines, self.newline)


def _strings(document: TOMLDocument) -> list[tomlfile.Found]:
    """The strings to translate: not a message's id or description, not placeholders alone."""
    return [
        s
        for s in tomlfile.strings(document)
        if s.path[-1] not in goi18n.metadata(s.siblings)
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
