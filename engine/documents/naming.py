"""Where an app's platform looks for a translated resource file, for a file that sits where the
platform keeps its source language's: Android's ``res/values/strings.xml`` is read as German
from ``res/values-de/strings.xml``, and a ``strings.de.xml`` beside it fails the build (the
same resources twice); Xcode's ``en.lproj/Localizable.strings`` from ``de.lproj/``; Java's
``messages.properties`` from ``messages_de.properties``; Symfony's ``messages.en.yaml`` from
``messages.de.yaml``; Rails' ``en.yml`` is named ``de.yml``, Hugo's ``i18n/en.toml``
(``.yaml``, ``.json``) ``de.toml``; a video's ``Movie.en.srt`` is ``Movie.de.srt``, as media
players look for it; Fluent's ``locales/en-US/app.ftl`` is read from ``locales/de/app.ftl``
(fluent-rs' i18n-embed, fluent.js' and Firefox's folders name the locale; Firefox's
``locales/en-US/browser/x.ftl`` from ``locales/de/browser/x.ftl``), its ``en-US.ftl`` is
``de.ftl``; a PHP language array (Laravel's ``lang/en/auth.php``, CodeIgniter's
``app/Language/en/Validation.php``) from ``lang/de/``; a file of Hugo's config folder
(``config/_default/params.toml``) goes to the folder of an environment named for the target
(``config/de/params.toml``), which Hugo reads only for ``hugo --environment de``: beside it,
Hugo read it as the site's (``hugo.de.toml``, ``params.de.toml`` made a German language of an
English site, whose home page was gone); a UWP or WinUI app's ``Strings/en-US/Resources.resw`` is
read from ``Strings/de-DE/`` (its folder names the language) and ``Resources.lang-en-US.resw``
from ``Resources.lang-de-DE.resw`` (its name's qualifier), and a ``Resources.resw`` that names
none is the default language's, translated into ``Resources.lang-de-DE.resw`` beside it;
Joomla's ``language/en-GB/com_content.ini`` is read from ``language/de-DE/``, Joomla 3's
``en-GB.com_content.ini`` from ``de-DE.com_content.ini``; a manual page in its section's folder
(``man/man1/ls.1``) goes to the language's folder above it (``man/de/man1/ls.1``, where
``man -L de`` and man-db look), a page on its own into a folder of the language beside it
(``de/ls.1``: ``ls.de.1`` would be section "de.1" to man and mandb). Any other file is
written as ``NAME.<lang>.EXT`` beside it, a draw.io drawing's double suffix kept whole
(``flow.de.drawio.svg``: :func:`split_name`), and a zipped book's (``book.de.fb2.zip``)."""

from __future__ import annotations

import re
from pathlib import Path, PurePath

from engine.documents.language import Language, names_language, target_language
from engine.fileio import P

_ANDROID_VALUES = re.compile(r"values(?:-.+)?")
# A values folder's qualifiers come in Android's order: mobile country and network codes, then
# the language (``de``, ``pt-rBR``, ``b+zh+Hant``), then the rest (``night``, ``v21``). "car"
# is the car UI mode, not a language (aapt reads it so).
_MCC_MNC = re.compile(r"mcc\d+|mnc\d+")
_ANDROID_LANGUAGE = re.compile(r"(?!car$)[a-z]{2,3}")
_ANDROID_REGION = re.compile(r"r[A-Z]{2}|r\d{3}")
# Xcode's folder of a language's resources (and Base.lproj, of the source language's).
LPROJ = re.compile(r"(?P<lang>[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*|Base)\.lproj")
# A Java bundle's name for a locale: messages_de, messages_pt_BR.
JAVA_BUNDLE = re.compile(r"(?P<name>.+?)_(?P<lang>[a-z]{2,3})(?:_[A-Z]{2})?")
# A name that ends in a language code: Symfony's messages.en, an output's report.de.
NAME_LANG = re.compile(r"(?P<name>.+)\.(?P<lang>[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?)")
# Subtitles named as media players find them beside a video (Plex, Jellyfin, Kodi, VLC):
# Movie.en.srt, Movie.eng.forced.srt, Movie.pt-BR.sdh.srt.
SUBTITLES = frozenset([".srt", ".vtt", ".ass", ".ssa", ".sbv", ".sub", ".ttml", ".dfxp"])
_FLAGS = r"forced|sdh|cc|hi|default"
_SUBTITLE_NAME = re.compile(
    rf"(?P<name>.+)\.(?!(?:{_FLAGS})(?:\.|$))(?P<lang>[a-z]{{2,3}}(?:[-_][A-Za-z0-9]{{2,8}})?)"
    rf"(?P<flags>(?:\.(?:{_FLAGS}))*)",
    re.IGNORECASE,
)
# The formats whose file a program finds a locale's messages in by the locale's name alone
# (Rails' and Hugo's ``en.yml``, Hugo's ``i18n/en.toml``, vue-i18n's ``en.json``).
LOCALE_NAMED = frozenset([".yml", ".yaml", ".json", ".toml"])
# The files Hugo reads from its config folder's environments (config/_default/, production/):
# TOML in any (Hugo's alone reads config/*/x.toml), YAML and JSON in _default (Rails keeps
# its locales in config/locales/).
_HUGO_CONFIG = frozenset([".toml", ".yaml", ".yml", ".json"])
# Folders that hold a folder per locale (Firefox's and Thunderbird's ``locales``, fluent-rs'
# ``i18n``, ``l10n``): where a Fluent file's locale may be named further above it, and a
# folder's YAML files are a locale's.
LOCALE_FOLDERS = frozenset(["i18n", "l10n", "lang", "locale", "locales", "translations"])
# Manual pages' suffixes: a section's digit; a section's with the letters a package adds to it,
# as Debian installs them (POSIX's ls.1p, printf.3p, stdio.h.0p; OpenSSL's x509.1ssl, its
# library's .3ssl, .5ssl and .7ssl; Perl's File::Spec.3pm and perlfunc's .3perl; ncurses'
# .3ncurses, .3form, .3menu, .3curses and upstream's .3x; Tcl's .3tcl and its sources' .n;
# man-pages' .2type, .3type, .3const, .3head; libtirpc's .3t; readline's .3readline; libedit's
# .3edit, .5edit, .7edit); or a project's foo.man. Each is read only when it starts as a page
# does (a file named so that is none is refused as not one). Then the folder of a section
# (man1, man3ssl, man0p, mann).
MAN_SECTIONS = (
    ".0p", ".1p", ".3p", ".1ssl", ".3ssl", ".5ssl", ".7ssl", ".3pm", ".3perl", ".3ncurses",
    ".3form", ".3menu", ".3curses", ".3x", ".3tcl", ".n", ".2type", ".3type", ".3const",
    ".3head", ".3t", ".3readline", ".3edit", ".5edit", ".7edit",
)  # fmt: skip
MANUAL_PAGES = frozenset([*(f".{n}" for n in "123456789"), *MAN_SECTIONS, ".man"])
_MAN_SECTION = re.compile(r"man[0-9n]\w*")
# A script man's folders name as glibc's locales do, by a modifier (sr@latin, uz@cyrillic).
_MAN_SCRIPTS = {"Latn": "@latin", "Cyrl": "@cyrillic"}
# The folders a PHP framework keeps a folder per locale in (CodeIgniter's ``app/Language/``).
_PHP_LOCALE_FOLDERS = LOCALE_FOLDERS | {"language", "languages"}
# A .resw's language qualifier in its name or folder (MRT's ``lang-de-DE``; a name's
# qualifiers, ``_``-separated, come after its last dot: ``Resources.lang-de-DE_contrast-high``).
_RESW_QUALIFIER = re.compile(r"(?P<key>lang(?:uage)?-)(?P<lang>[A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)",
                             re.IGNORECASE)  # fmt: skip
# Joomla's language tag (en-GB): its folder's name and, in Joomla 3, its files' prefix.
_JOOMLA_TAG = re.compile(r"[a-z]{2,3}-[A-Z]{2}")
# draw.io's editable drawing, an SVG that embeds its diagram: tools know it by the double
# suffix (VS Code's Draw.io Integration opens flow.drawio.svg in draw.io, flow.svg as a
# picture), so a translation keeps it whole.
_DRAWIO_STEM = re.compile(r"(?P<name>.+)(?P<kind>\.(?:drawio|dio))", re.IGNORECASE)
# A FictionBook zipped as libraries hand them out (book.fb2.zip): translated, book.de.fb2.zip.
_ZIPPED_STEM = re.compile(r"(?P<name>.+)(?P<kind>\.fb2)", re.IGNORECASE)


def split_name(path: P) -> tuple[str, str]:
    """``path``'s stem as a translation's name is made of it (``NAME.<lang><INNER>.EXT``) and
    the inner suffix kept after the language: ``flow`` and ``.drawio`` of draw.io's
    ``flow.drawio.svg``, ``book`` and ``.fb2`` of ``book.fb2.zip``, else the stem and ""."""
    named = _DRAWIO_STEM.fullmatch(path.stem) if path.suffix.lower() == ".svg" else None
    if named is None and path.suffix.lower() == ".zip":
        named = _ZIPPED_STEM.fullmatch(path.stem)
    return (path.stem, "") if named is None else (named["name"], named["kind"])


def man_locale(path: PurePath) -> str | None:
    """The locale a manual page's folder names, as man reads it: ``fr`` of
    ``man/fr/man1/ls.1`` (``pt_BR``, ``de.UTF-8``, ``sr@latin``), or of ``fr/ls.1`` where a
    page alone was translated; None for the source's (``man/man1/ls.1``)."""
    folder = path.parent
    if _MAN_SECTION.fullmatch(folder.name):
        folder = folder.parent
    locale = re.split(r"[.@]", folder.name, maxsplit=1)[0]
    named = re.fullmatch(r"[a-z]{2,3}(?:_[A-Z]{2})?", locale) is not None
    return locale if named and names_language(locale) else None


def platform_output(in_path: P, target: str) -> P | None:
    """The translation's path as the file's platform names it (see the module's docstring);
    None for a file no platform names so."""
    language = target_language(target)
    if language is None:
        return None
    suffix = in_path.suffix.lower()
    folder = in_path.parent
    if suffix == ".xml" and _ANDROID_VALUES.fullmatch(folder.name):
        parts, at = _android_qualifiers(folder.name)
        parts[at] = [android_qualifier(language)]
        return folder.parent / "-".join(["values", *parts]) / in_path.name
    if suffix in (".strings", ".stringsdict") and LPROJ.fullmatch(folder.name):
        from engine.documents.xcstrings import xcode_code

        return folder.parent / f"{xcode_code(language)}.lproj" / in_path.name
    if suffix == ".properties":
        match = JAVA_BUNDLE.fullmatch(in_path.stem)
        name = (
            match["name"] if match is not None and names_language(match["lang"]) else in_path.stem
        )
        return in_path.with_name(f"{name}_{java_locale(language)}{in_path.suffix}")
    if suffix == ".ftl":
        if names_language(folder.name):  # Fluent: locales/en-US/app.ftl → locales/de/app.ftl
            return folder.parent / fluent_locale(language, folder.name) / in_path.name
        if names_language(in_path.stem):  # l10n/en-US.ftl → l10n/de.ftl
            return in_path.with_name(f"{fluent_locale(language, in_path.stem)}{in_path.suffix}")
        locale = _locale_folder(in_path)
        if locale is not None:  # Firefox: locales/en-US/browser/menubar.ftl → locales/de/…
            within = in_path.relative_to(locale)
            return locale.parent / fluent_locale(language, locale.name) / within
    if suffix == ".php":
        # Laravel: lang/en/auth.php → lang/de/auth.php; CodeIgniter: Language/en/ → Language/de/;
        # a package's lang/en/pages/auth/login.php (Filament's) → lang/de/pages/auth/login.php
        locale = php_locale_folder(in_path)
        if locale is not None:
            within = in_path.relative_to(locale)
            return locale.parent / php_locale(language, locale) / within
    if suffix == ".resw":
        return _resw_output(in_path, language)
    joomla = joomla_tag(in_path) if suffix == ".ini" else None
    if joomla is not None:  # language/en-GB/com_content.ini → language/de-DE/com_content.ini
        return _joomla_output(in_path, joomla, language)
    if suffix in MANUAL_PAGES:  # man's folders name the locale as its POSIX locale: pt_BR
        posix = java_locale(language) + _MAN_SCRIPTS.get(language.script or "", "")
        # (a page under another language's folder, man/de/man1/, goes beside it: man/fr/man1/)
        above = folder.parent if _MAN_SECTION.fullmatch(folder.name) else folder
        if man_locale(in_path) is not None:
            above = above.parent
        if _MAN_SECTION.fullmatch(folder.name):
            return above / posix / folder.name / in_path.name
        return above / posix / in_path.name
    if suffix in SUBTITLES:  # Movie.en.srt → Movie.de.srt, its flags kept (.forced, .sdh)
        named = _SUBTITLE_NAME.fullmatch(in_path.stem)
        if named is not None and names_language(named["lang"]):
            return in_path.with_name(f"{named['name']}.{target}{named['flags']}{in_path.suffix}")
    if suffix in _HUGO_CONFIG and hugo_config_file(in_path):
        # (written where Hugo reads it for ``hugo -e de`` alone, over config/_default's)
        environments = in_path.parent.parent
        if environments.name != "config":  # (languages.en.toml, named from its folder)
            environments = in_path.parent / ".."
        return environments / target / in_path.name
    if suffix in LOCALE_NAMED and names_language(in_path.stem):
        # Rails' en.yml, Hugo's i18n/en.toml (.yaml, .json), vue-i18n's en.json
        return in_path.with_name(f"{target}{in_path.suffix}")
    if suffix in (".yml", ".yaml"):
        named = NAME_LANG.fullmatch(in_path.stem)
        if named is not None and names_language(named["lang"]):  # Symfony: messages.en.yaml
            return in_path.with_name(f"{named['name']}.{target}{in_path.suffix}")
    return None


def read_by_name(path: PurePath) -> bool:
    """Whether a program finds ``path`` by its name alone, so that a copy beside it as
    ``NAME (2).EXT`` would not be read as it, or break it: a locale's table (Hugo's
    ``i18n/de.toml``: "de (2)" failed Hugo's build as no language tag; Rails' ``de.yml``,
    whose ``de (2).yml`` Rails reads over it; Symfony's ``messages.de.yaml``, its locale "de
    (2)" refused), a file of Hugo's config folder (read whatever its name), an app's
    resources where its platform keeps a language's (Android's ``values-de/strings.xml``:
    aapt2 refuses "strings (2).xml", a resource's name being ``[a-z0-9_.]``; Xcode's
    ``de.lproj/Localizable.strings``, Java's ``messages_de.properties`` and Fluent's
    ``locales/de/app.ftl``, each looked up by its name)."""
    suffix = path.suffix.lower()
    if suffix in LOCALE_NAMED and names_language(path.stem):
        return True
    folder = path.parent.name
    if suffix == ".xml" and folder != "values" and _ANDROID_VALUES.fullmatch(folder):
        return True
    if suffix in (".strings", ".stringsdict") and LPROJ.fullmatch(folder):
        return True
    bundle = JAVA_BUNDLE.fullmatch(path.stem) if suffix == ".properties" else None
    if bundle is not None and names_language(bundle["lang"]):
        return True
    if suffix == ".ftl" and names_language(folder):
        return True
    if suffix == ".php" and php_locale_folder(path) is not None:
        return True
    if suffix == ".resw" and resw_language(path) is not None:
        return True
    if suffix == ".ini" and joomla_tag(path) is not None:
        return True
    named = NAME_LANG.fullmatch(path.stem) if suffix in (".yml", ".yaml") else None
    if named is not None and names_language(named["lang"]):
        return True
    return suffix in _HUGO_CONFIG and hugo_config_file(path)


def hugo_config_file(path: PurePath) -> bool:
    """Whether ``path`` is a file of Hugo's config folder (``config/_default/params.toml``),
    its parents looked at once resolved (``languages.en.toml`` named from its folder)."""
    folder = Path(path).resolve().parent if isinstance(path, Path) else path.parent
    if folder.parent.name != "config":
        return False
    return path.suffix.lower() == ".toml" or folder.name == "_default"


def _resw_names(code: str) -> bool:
    """Whether a ``.resw``'s qualifier names a language, in any case (MRT reads
    ``Strings/EN-US/`` as ``en-US``)."""
    return names_language(code) or names_language(code.lower())


def resw_language(path: PurePath) -> str | None:
    """The language a ``.resw`` is for, as MRT reads it: its name's ``lang-`` qualifier
    (``Resources.lang-de-DE.resw``), else its folder's (``Strings/de-DE/``, ``lang-de-DE``);
    None for one that names none (the app's default language's)."""
    qualifiers = path.stem.rpartition(".")[2] if "." in path.stem else ""
    for qualifier in qualifiers.split("_"):
        named = _RESW_QUALIFIER.fullmatch(qualifier)
        if named is not None and _resw_names(named["lang"]):
            return named["lang"]
    folder = path.parent.name
    named = _RESW_QUALIFIER.fullmatch(folder)
    if named is not None and _resw_names(named["lang"]):
        return named["lang"]
    return folder if _resw_names(folder) else None


def _resw_folder(folder: P, language: Language) -> P | None:
    """A ``.resw``'s folder named for the target's language in place of the source's
    (``Strings/de-DE``, ``lang-de-DE``); None where it names none."""
    named = _RESW_QUALIFIER.fullmatch(folder.name)
    if named is not None and _resw_names(named["lang"]):
        return folder.parent / (named["key"] + _cased(language.culture, named["lang"], language))
    if _resw_names(folder.name):
        return folder.parent / _cased(language.culture, folder.name, language)
    return None


def _resw_output(path: P, language: Language) -> P:
    """Where MRT reads a ``.resw``'s translation into ``language``: in place of the source's
    language qualifiers (in its name and its folder), else by a qualifier in its name. The
    tag is a culture name (``de-DE``, as Visual Studio's folders are), in lower or upper case
    where the source's is (the Windows App SDK's samples' ``lang-de-de``)."""
    folder = _resw_folder(path.parent, language)
    qualifiers = path.stem.rpartition(".")[2] if "." in path.stem else ""
    for qualifier in qualifiers.split("_"):
        named = _RESW_QUALIFIER.fullmatch(qualifier)
        if named is not None and _resw_names(named["lang"]):
            tag = _cased(language.culture, named["lang"], language)
            stem = path.stem[: len(path.stem) - len(qualifiers)]
            written = qualifiers.replace(qualifier, named["key"] + tag, 1)
            # (a folder naming the language too is renamed with it: MRT takes both)
            return (folder or path.parent) / f"{stem}{written}{path.suffix}"
    if folder is not None:
        return folder / path.name
    return path.with_name(f"{path.stem}.lang-{language.culture}{path.suffix}")


def _cased(culture: str, source: str, language: Language) -> str:
    """The target's tag written as the source's is: a culture name (``de-DE``) where the
    source's names a country, else the language's tag (``de``, ``pt-BR``); lower or upper
    case where the source's is."""
    tag = culture if "-" in source else language.tag
    if "-" in source and source in (source.lower(), source.upper()):
        return tag.lower() if source == source.lower() else tag.upper()
    return tag


def joomla_tag(path: P) -> str | None:
    """The language tag a Joomla language file's place names: its folder's in a
    ``language`` folder (``language/en-GB/com_content.ini``), or its name's prefix (Joomla
    3's ``en-GB.com_content.ini``); None elsewhere."""
    folder = path.parent
    if _JOOMLA_TAG.fullmatch(folder.name) and folder.parent.name.lower() == "language":
        return folder.name
    prefix = path.name.split(".", 1)[0]
    return prefix if _JOOMLA_TAG.fullmatch(prefix) and path.name.count(".") >= 2 else None


def _joomla_output(path: P, tag: str, language: Language) -> P:
    """Where Joomla reads a language file's translation: the target's folder beside the
    source's (``language/de-DE/com_content.ini``), and Joomla 3's name its tag
    (``de-DE.com_content.ini``)."""
    target = language.culture  # (Joomla's packs: de-DE, pt-BR, zh-TW)
    name = path.name
    prefixed = name.startswith(f"{tag}.")
    if prefixed:
        name = f"{target}.{name[len(tag) + 1 :]}"
    folder = path.parent
    # (a Joomla 3 file's folder named for its tag is the language's anywhere: an extension's
    # source keeps translations/component/backend/en-GB/en-GB.com_x.ini)
    if folder.name == tag and (prefixed or folder.parent.name.lower() == "language"):
        folder = folder.parent / target
    return folder / name


def android_qualifier(language: Language) -> str:
    """The resource qualifier Android reads a language from: ``de``, ``pt-rBR``, and BCP 47's
    ``b+zh+Hant`` for a script."""
    if language.script is not None:
        return "+".join(p for p in ("b", language.language, language.script, language.region) if p)
    if language.region is not None:
        return f"{language.language}-r{language.region}"
    return language.language


def android_language(folder: str) -> str | None:
    """The language qualifier of an Android values folder's name (``fr``, ``pt-rBR``,
    ``b+zh+Hant``), None for one without (``values``, ``values-night``, ``values-v21``)."""
    parts, at = _android_qualifiers(folder)
    return "-".join(parts[at]) or None


def _android_qualifiers(folder: str) -> tuple[list[str], slice]:
    """``values-mcc310-fr-rCA-night``'s qualifiers (``mcc310 fr rCA night``) and where its
    language is among them: an empty slice where it would go, for a folder without one."""
    parts = folder.split("-")[1:]
    start = 0
    while start < len(parts) and _MCC_MNC.fullmatch(parts[start]):
        start += 1
    end = start
    if end < len(parts) and parts[end].startswith("b+"):
        end += 1
    elif end < len(parts) and _ANDROID_LANGUAGE.fullmatch(parts[end]):
        end += 1
        if end < len(parts) and _ANDROID_REGION.fullmatch(parts[end]):
            end += 1
    return parts, slice(start, end)


def _locale_folder(
    path: P, depths: tuple[int, ...] = (1, 2), folders: frozenset[str] = LOCALE_FOLDERS
) -> P | None:
    """The folder of a locale a file stands deeper in, as Firefox's Fluent files do
    (``browser/locales/en-US/browser/preferences/preferences.ftl``): ``depths`` folders above
    its own (two or three), named for a language and inside a folder of locales
    (``folders``: ``locales``, ``l10n``, ``lang``…), not any folder named like a language far
    above (a user's home folder ``de``)."""
    parents = path.parents
    for depth in depths:
        if (
            depth + 1 < len(parents)
            and names_language(parents[depth].name)
            and parents[depth + 1].name.lower() in folders
        ):
            return parents[depth]
    return None


def php_locale_folder(path: P) -> P | None:
    """The locale's folder a PHP language array stands in: one named for a language inside a
    folder of locales (Laravel's ``lang/en/``, CodeIgniter's ``Language/en/``, Akaunting's
    ``resources/lang/en-GB/``), the file's own or two folders above it (a package's
    ``lang/en/pages/auth/login.php``); or the file's own folder named with a two-letter code
    (``en``, ``pt_BR``): not a rarer code's (Navajo's ``nav``, a Blade views' folder), nor
    any folder named like a language far above (a user's home folder ``de``). Never a Blade
    template's (``*.blade.php``)."""
    if path.name.lower().endswith(".blade.php"):
        return None
    locale = _locale_folder(path, (0, 1, 2), _PHP_LOCALE_FOLDERS)
    if locale is not None:
        return locale
    folder = path.parent
    two_letters = len(re.split(r"[-_]", folder.name, maxsplit=1)[0]) == 2
    return folder if two_letters and names_language(folder.name) else None


def fluent_locale(language: Language, source: str) -> str:
    """The locale a Fluent folder or file is named for, BCP 47 as Fluent's tools name them
    (``de``, ``pt-BR``, ``zh-CN``), with an underscore where the source's name has one
    (``en_US`` → ``pt_BR``)."""
    tag = language.tag
    return tag.replace("-", "_") if "_" in source else tag


def php_locale(language: Language, folder: P) -> str:
    """The folder a PHP framework reads a locale's language arrays from: Laravel's
    ``de``, ``pt_BR``, ``zh_CN`` (its MessageSelector's names), CodeIgniter 4's ``pt-BR``
    (under ``Language/``), or with the source folder's separator where it has one."""
    region = language.country if language.language == "zh" else language.region
    script = language.script if language.language != "zh" else None
    parts = [p for p in (language.language, script, region) if p]
    hyphen = "-" in folder.name or ("_" not in folder.name and folder.parent.name == "Language")
    return ("-" if hyphen else "_").join(parts)


def java_locale(language: Language) -> str:
    """The locale a Java resource bundle is named for: ``de``, ``pt_BR``; Chinese by its
    country (``zh_CN``, ``zh_TW``), as Java's own bundles are."""
    if language.language == "zh":
        return f"zh_{language.country}"
    return "_".join(p for p in (language.language, language.region) if p)


__all__ = [
    "JAVA_BUNDLE",
    "LOCALE_FOLDERS",
    "LOCALE_NAMED",
    "LPROJ",
    "MANUAL_PAGES",
    "MAN_SECTIONS",
    "NAME_LANG",
    "android_language",
    "android_qualifier",
    "fluent_locale",
    "hugo_config_file",
    "java_locale",
    "joomla_tag",
    "man_locale",
    "php_locale_folder",
    "platform_output",
    "read_by_name",
    "resw_language",
    "split_name",
]
