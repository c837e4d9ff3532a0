"""Hugo's settings in TOML, Hugo's default form (``hugo new site`` writes them): ``hugo.toml``,
a ``config.toml`` with a ``baseURL``, and the files of a config folder
(``config/_default/hugo.toml``, ``params.toml``, ``menus.en.toml``, ``languages.toml``…), each
read at its place in the settings (``menus.en.toml``'s ``[[main]]`` as
``languages.en.menus.main``). The decisions are the YAML form's (:func:`siteconf.hugo_role`):
what a reader of the site sees is translated, the site's language names the target, a
multilingual site's other languages are kept; every other byte is kept."""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.exceptions import TOMLKitError
from tomlkit.items import AoT, Table
from tomlkit.toml_document import TOMLDocument

from engine.api import Note
from engine.documents import placeholders, siteconf, tomlfile
from engine.documents.base import Document, Unit, check_unit_count
from engine.documents.folders import hugo_settings
from engine.documents.language import Language, names_language
from engine.documents.markdown import retagged
from engine.documents.naming import hugo_config_file
from engine.text.encoding import EncodedText, TextEncoding

# The files of a config folder (``config/_default/``, ``config/production/``) and where each
# sits in the settings: ``params.toml`` is ``params``; ``menus.en.toml`` the English ones'.
_FOLDER_FILES = {
    "hugo": (),
    "config": (),
    "params": ("params",),
    "menus": ("menus",),
    "menu": ("menus",),
    "languages": ("languages",),
}


def in_config_folder(path: Path) -> bool:
    """Whether ``path`` is a file of Hugo's config folder (``config/_default/params.toml``),
    however it was named (``languages.en.toml`` from inside the folder: its parents are
    the resolved path's)."""
    return hugo_config_file(path)


def is_settings(path: Path, text: str | None) -> bool:
    """Whether ``path`` is Hugo's settings: ``hugo.toml``, a file of its config folder, a
    ``config.toml`` whose keys are Hugo's (``text``: its first bytes; None where unread)."""
    if path.name == "hugo.toml" or in_config_folder(path):
        return True
    return path.name == "config.toml" and text is not None and hugo_settings(text)


def _prefix(path: Path) -> tuple[str, ...] | None:
    """Where the file's keys sit in the settings; None for a config folder's file of another
    part (``markup.toml``, ``module.toml``: nothing a reader sees)."""
    if not in_config_folder(path):
        return ()
    name, _, language = path.stem.partition(".")
    if name not in _FOLDER_FILES or (language and not names_language(language)):
        return None
    prefix = _FOLDER_FILES[name]
    if not language:
        return prefix
    if name == "languages":
        return ("languages", language.lower())
    return ("languages", language.lower(), *prefix)


@dataclass
class _Setting:
    found: tomlfile.Found
    role: str  # siteconf.hugo_role's
    shaped: placeholders.Shaped | None  # a text's


class HugoSettings(Document):
    strict_fields = True  # (a title that lost its markup or entity is kept)
    encoding: TextEncoding

    def __init__(self, path: Path, source: str, encoding: TextEncoding) -> None:
        self.path, self.source, self.encoding = path, source, encoding
        self.newline = "\r\n" if "\r\n" in source else "\n"
        document = tomlfile.parse(source, path)
        self.prefix = _prefix(path)
        self.top = self.prefix == ()  # (the site's own settings, where its language is set)
        data: dict[str, Any] = document.unwrap()
        self.keys = {k.lower() for k in data} if self.top else set()
        lowered = {k.lower(): v for k, v in data.items()} if self.top else {}
        languages = lowered.get("languages")
        keys = list(languages) if isinstance(languages, dict) else None
        default = lowered.get("defaultcontentlanguage")
        # A config folder's languages are its languages files' (languages.toml's tables,
        # languages.en.toml), its default language its hugo.toml's.
        if in_config_folder(path):
            own = data if self.prefix == ("languages",) else {}
            if self.prefix is not None and len(self.prefix) == 2:  # (languages.en.toml)
                own = {self.prefix[1]: data}
            keys, found = _folder_languages(path, own or (languages if self.top else None))
            default = default if self.top else found
            languages = any(path.parent.glob("languages.*")) or None
        # (whether a language's own settings may set its languageCode)
        self.declared = languages is not None
        self.default, self.hugo_languages = siteconf.hugo_languages(default, keys)
        settings = self._settings(document)
        self.shapes = [s.shaped for s in settings if s.shaped is not None]
        units: list[Unit] = []
        for setting in settings:
            if setting.shaped is not None:
                check_unit_count(len(units) + 1, path)
                unit_id = ".".join(map(str, setting.found.path))
                units.append(Unit(unit_id, setting.shaped.text, fields=setting.shaped.fields))
        self.units = tuple(units)
        said = self.top or (self.prefix or ())[:1] == ("languages",)  # (not each menus file)
        if len(self.hugo_languages) > 1 and said:
            self.notes = (siteconf.languages_note(path.name, self.hugo_languages, self.default),)
        if not units:  # (settings with no title: copied, the site's set of files kept whole)
            self.copied_without_text = True
            self.notes = (siteconf.copied_note(path.name), *self.notes)

    def _settings(self, document: TOMLDocument) -> list[_Setting]:
        """Each string a reader sees (with its shape) or that names the site's language."""
        if self.prefix is None:
            return []
        single = not self.hugo_languages
        rule = functools.partial(siteconf.hugo_role, default=self.default, single=single)
        settings: list[_Setting] = []
        prefix = self.prefix
        shown = lambda path: rule((*prefix, *path, 0), False) is not None  # noqa: E731
        for found in tomlfile.strings(document, shown):
            role = rule((*self.prefix, *found.path), False)
            value = str(found.item)
            if role in ("tag", "key"):
                if names_language(value):
                    settings.append(_Setting(found, role, None))
            elif role == "words?" and not siteconf.words(value):
                continue  # (a setting's value: "auto", "posts")
            elif role is not None:
                pattern = siteconf.MARKDOWN if role == "markdown" else siteconf.PATTERN
                if any(c.isalpha() for c in pattern.sub("", value)):  # (not a template alone)
                    settings.append(_Setting(found, role, placeholders.shape(value, pattern)))
        return settings

    def check_target(self, language: Language) -> None:
        if in_config_folder(self.path):
            self.notes = (*self.notes, environment_note(self.path.name, language))
        key = retagged("en", language).lower()
        said = self.top or (self.prefix or ())[:1] == ("languages",)
        if len(self.hugo_languages) == 1 and self.hugo_languages[0] != key and said:
            named = self.hugo_languages[0]
            self.notes = (*self.notes, siteconf.language_key_note(self.path.name, named, key))

    def _unset(self) -> tuple[str, ...]:
        """The language settings a site in one language lacks (as siteconf's YAML form):
        ``defaultContentLanguage``, which names the theme's i18n table, where it names no
        language (its key is its files', which name it: kept), and the pages' lang,
        ``languageCode`` (Hugo 0.158's ``locale``), which a language that sets none (one named
        by its menus.en.toml alone) takes from the top level (a config folder's hugo.toml
        set none: the German pages said lang="en", and the note said only that "the site's
        language" was unset)."""
        if not self.top or self.copied_without_text:
            return ()
        if self.hugo_languages and (self.declared or len(self.hugo_languages) > 1):
            return ()
        unset = []
        if not self.hugo_languages and "defaultcontentlanguage" not in self.keys:
            unset.append("defaultContentLanguage")
        if self.keys.isdisjoint(("languagecode", "locale")):
            unset.append("languageCode")
        return tuple(unset)

    def render(self, translations: Sequence[str]) -> EncodedText:
        self._check(translations)
        document = tomlfile.parse(self.source, self.path)  # (a fresh one: it is written into)
        texts = iter(zip(self.units, translations, strict=True))
        for setting in self._settings(document):
            old = str(setting.found.item)
            value: str | None = None
            if setting.shaped is not None:
                unit, text = next(texts)
                value = placeholders.written(text, unit, setting.shaped)
            elif self.language is not None and setting.role == "tag":
                value = siteconf.tag_code(old, self.language)
            elif self.language is not None:  # (a language's key, as Hugo's i18n files are named)
                value = retagged(old, self.language).lower()
            if value is not None and value != old:
                tomlfile.replace(setting.found, value)
        first = ""
        unset = self._unset() if self.language is not None else ()
        if self.language is not None and unset:
            codes = {"defaultContentLanguage": retagged("en", self.language).lower()}
            lines = [f"{n} = {tomlfile.basic(codes.get(n, self.language.tag))}" for n in unset]
            first = _add(document, lines, self.newline)
        return self.encoding.encode(first + tomlkit.dumps(document))


def environment_note(name: str, language: Language) -> Note:
    """Where a config folder's file's translation goes (:func:`naming.platform_output`)."""
    return Note(
        f"Hugo reads every file of its config folder, so {name}'s translation is not written "
        f"beside it: it goes to config/{language.tag}/, which Hugo reads over "
        f"config/_default/ when building with hugo --environment {language.tag}",
        "document.hugo_environment",
        {"name": name, "environment": language.tag},
    )


_DEFAULT = re.compile(r"^[ \t]*defaultContentLanguage[ \t]*=[ \t]*[\"']([^\"']+)", re.M | re.I)


def _folder_languages(path: Path, own: Any) -> tuple[list[str], str | None]:
    """A config folder's languages (``own``: the languages the file read sets, if any) and
    its default language, as its hugo.toml or config.toml sets it."""
    keys = list(own) if isinstance(own, dict) else []
    for sibling in sorted(path.parent.glob("*.*")):
        parts = sibling.name.split(".")
        if sibling.suffix.lower() != ".toml" or (sibling == path and parts[0] == "languages"):
            continue
        if len(parts) == 3 and names_language(parts[1]) and parts[1] not in keys:
            # (languages.en.toml; menus.en.toml and params.en.toml too: Hugo makes en a
            # language of them, and a defaultContentLanguage de beside failed its build)
            keys.append(parts[1])
        elif len(parts) == 2 and parts[0] == "languages":  # (languages.toml: its tables)
            with contextlib.suppress(OSError, UnicodeDecodeError, TOMLKitError):
                # (a damaged one: its own reading says what is wrong with it)
                keys += list(tomlkit.parse(sibling.read_text("utf-8")).unwrap())
    default = None
    for name in ("hugo.toml", "config.toml"):
        settings = path.parent / name
        text = settings.read_text("utf-8", "replace") if settings.is_file() else ""
        found = _DEFAULT.search(text)
        default = default or (found.group(1) if found is not None else None)
    return keys, default


def _add(document: TOMLDocument, lines: list[str], newline: str) -> str:
    """``lines`` as top-level settings: after the title's line, else after the last
    top-level value (before the first table); else returned, to go first."""
    values = [
        (key.key, item)
        for key, item in document.body
        if key is not None and not isinstance(item, (Table, AoT))
    ]
    after = next((item for name, item in values if name == "title"), None)
    if after is None and values:
        after = values[-1][1]
    if after is None:
        return "".join(line + newline for line in lines)
    tomlfile.add_after_line(after, lines, newline)
    return ""


__all__ = ["HugoSettings", "in_config_folder", "is_settings"]
