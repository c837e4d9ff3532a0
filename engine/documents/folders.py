"""Which files of a folder are documents to translate: supported kinds, not hidden, and not
translations an earlier run wrote (``NAME.<lang>.<ext>``). The command line and the app's file
queue both ask here."""

from __future__ import annotations

import glob
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path, PurePath

from engine.documents import xmlkind
from engine.documents.imported import is_document_package
from engine.documents.language import (
    names_language,
    primary_language,
    same_target,
    target_language,
)
from engine.documents.naming import (
    JAVA_BUNDLE,
    LOCALE_FOLDERS,
    LOCALE_NAMED,
    LPROJ,
    MANUAL_PAGES,
    NAME_LANG,
    android_language,
    java_locale,
    joomla_tag,
    man_locale,
    php_locale_folder,
    resw_language,
    split_name,
)
from engine.documents.php import may_be_language_array, wordpress_translation
from engine.documents.registry import READERS, SITE_SETTINGS
from engine.documents.xmlspans import PROLOG
from engine.fileio import P, document_suffix, head_text, read_head

# A translation's name, NAME.<lang>: any case (report.DE.docx), and NAME.<lang> (2) where two
# documents shared a name or an earlier one was kept.
OUTPUT_NAME = re.compile(NAME_LANG.pattern + r"(?: \(\d+\))?", re.IGNORECASE)


@dataclass(frozen=True)
class Skipped:
    path: Path
    # "unsupported", what ``passed_over`` says a file of a supported suffix is ("settings",
    # "code"…), "empty", "translation", "language" or "outside" (jobs.WHY)
    reason: str


def folder_documents(
    folder: Path,
    target: str | None = None,
    *,
    recursive: bool = False,
    root: Path | None = None,
    source: str | None = None,
) -> tuple[list[Path], list[Skipped]]:
    """The documents of ``folder`` in name order, and the files left out with the reason.
    Hidden files and folders (our own temporary files among them) and Office's owner files
    (``~$NAME.docx``: the few bytes saying who has the document open, there while it is) are
    passed over silently. A link to a file outside ``root`` (default: the folder; the folder
    a walk one folder at a time started from) is left out: on a shared folder, whoever can
    add a link would get any file of the machine translated into the outputs. A subfolder
    named for the target, below ``root``, holds translations."""
    inside = (root or folder).resolve()
    entries = sorted(folder.rglob("*") if recursive else folder.iterdir())
    found: list[Path] = []
    skipped: list[Skipped] = []
    for path in entries:
        if any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue
        if any(
            is_document_package(folder / above) for above in path.relative_to(folder).parents[:-1]
        ):
            continue  # (a part of a Pages package, which is one document)
        if not (path.is_file() or is_document_package(path)) or path.name.startswith("~$"):
            continue
        if path.is_symlink() and not path.resolve().is_relative_to(inside):
            # (first: whatever its kind, a mirror would have copied it)
            skipped.append(Skipped(path, "outside"))
        elif why := _passed_over(path, root or folder, inside):
            skipped.append(Skipped(path, why))
        elif _empty(path):
            skipped.append(Skipped(path, "empty"))
        elif (
            is_translation(path, target)
            or _in_target_folder(path, root or folder, target)
            or _named_for_target(path, target)
        ):
            skipped.append(Skipped(path, "translation"))
        elif other_languages_resource(path, Path.is_file, source, target) or trados_other_target(
            path, target
        ):
            skipped.append(Skipped(path, "language"))
        else:
            found.append(path)
    return found, skipped


def _passed_over(path: Path, folder: Path, inside: Path) -> str | None:
    """Why a folder's file is no document: "unsupported" (no reader takes its suffix) or what
    ``passed_over`` says it is; None for a document."""
    if document_suffix(path) not in READERS:
        return "unsupported"
    return passed_over(path.relative_to(folder), partial(read_head, path), within=inside)


# Byte order marks: a file of one and white space is as empty as one of nothing.
_MARKS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def _empty(path: Path) -> bool:
    """Whether ``path`` holds nothing but white space (a page not written yet, an Org inbox,
    a placeholder a site keeps): it reads the same in every language, and its reader would
    refuse it, which in a folder failed the run over a file with nothing to translate."""
    try:
        if path.stat().st_size > 64:
            return False
        data = path.read_bytes()
    except OSError:
        return False  # (its reader says what is wrong)
    for mark in _MARKS:
        data = data.removeprefix(mark)
    return not data.replace(b"\x00", b"").strip()


# A folder holds files whose suffix Quire reads but that are no text to translate: a project's
# settings in JSON, TypeScript's .ts beside Qt Linguist's, XML that is not Android's strings.
# A file named on its own is read whatever it is (and refused with the reason); a folder
# passes these over.
_SETTINGS_JSON = frozenset(
    ["package.json", "package-lock.json", "tsconfig.json", "jsconfig.json", "composer.json",
     "angular.json", "launch.json", "tasks.json", "extensions.json", "devcontainer.json",
     "deno.json", "vercel.json", "firebase.json", "renovate.json", "lerna.json", "nx.json"]
)  # fmt: skip
# Plain text that is a program's settings, not prose: a website's robots.txt and ads.txt
# (their rules and paths, translated, would no longer be read), Python's requirements and
# constraints (pycaption's test_requirements.txt, a dev- one too; not a
# requirements specification, software_requirements.txt), CMake's build file.
_SETTINGS_TEXT = re.compile(
    r"robots\.txt|(?:app-)?ads\.txt|cmakelists\.txt"
    r"|(?:(?:tests?|dev|docs?|build|ci|lint|extras?)[_-])?"
    r"(?:requirements|constraints)[\w.-]*\.txt"
)
# A Qt Linguist file's root (in whatever encoding its byte order mark says), and Android's
# string resources' (beside a project's other XML: its manifest, layouts, build files; an
# .xml that is DocBook or DITA is taken too, by xmlkind).
_LINGUIST_ROOT = re.compile(r"<TS[\s/>]|<!DOCTYPE\s+TS\b")
_ANDROID_ROOT = re.compile(r"\A" + PROLOG.pattern + r"<resources[\s/>]", re.S)
# Fluent's .ftl is FreeMarker's template suffix too (Spring's and Liferay's pages): a folder
# takes one with a Fluent entry (``id = …``) and no FreeMarker directive (``<#if``, ``[#ftl]``).
_FLUENT_ROOT = re.compile(r"\A(?![\s\S]*(?:<#|</#|\[#ftl))[\s\S]*?^-?[A-Za-z][\w-]*[ \t]*=", re.M)
# A digit is a rotated log's suffix too (syslog.1, access.log.2): a folder takes a manual
# page, whose first line after its comments is a request (.TH, an mdoc page's .Dd).
_MANUAL_PAGE = re.compile(r"\A(?:[ \t]*(?:[.'][ \t]*\\\"[^\n]*)?\r?\n)*[.'][ \t]*([A-Za-z]+)")
_ROOTS = {".ts": _LINGUIST_ROOT, ".xml": _ANDROID_ROOT, ".ftl": _FLUENT_ROOT}
# The first requests of a page its reader refuses: mdoc(7)'s (BSD's .Dd), and .so, of a page
# that only includes another (Debian's phar.phar8.2.1: ".so man1/phar.1"), as roff's does.
_MDOC = frozenset(["Dd", "Dt", "Os", "Sh", "Nm", "Nd"])
# YAML is a project's settings as often as its strings (CI, Docker, OpenAPI): a folder takes
# the YAML files of a locale (Rails' whose one top-level key is its language, Symfony's
# ``messages.en.yaml``) and those in a folder of translations.
_YAML_LOCALE = re.compile(
    r"(?:(?:#[^\n]*|---[^\n]*|[ \t]*)\r?\n)*[\"']?([a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*)[\"']?:"
    r"[ \t]*(?:#[^\n]*)?\r?\n[ \t]"
)
_TOP_LEVEL_KEY = re.compile(r"^[^\s#-][^\n:]*:", re.M)


def translatable_kind(
    rel: PurePath, head: Callable[[int], bytes], *, within: PurePath | None = None
) -> bool:
    """Whether a file whose suffix a reader takes is one a folder translates: ``rel``, its
    path in the folder ``within`` (its name tells a PHP file's locale: ``lang/en``);
    ``head(n)``, its first ``n`` bytes (read only where the name does not tell: a folder
    here, or object storage, chooses alike)."""
    return passed_over(rel, head, within=within) is None


def passed_over(
    rel: PurePath, head: Callable[[int], bytes], *, within: PurePath | None = None
) -> str | None:
    """Why a folder passes over a file whose suffix a reader takes (``translatable_kind``'s
    arguments): a ``jobs.WHY`` key saying what it is instead ("settings": php.ini beside
    Joomla's language files, package.json; "typescript": a TypeScript .ts; "php": PHP that is
    no language array), or None where it is translated ("not a supported kind" was untrue of
    these: the suffix is one Quire reads)."""
    suffix, name = rel.suffix.lower(), rel.name.lower()
    if suffix == ".txt" and _SETTINGS_TEXT.fullmatch(name):
        return "settings"
    if suffix == ".json":
        settings = name in _SETTINGS_JSON or name.startswith("tsconfig.")
        return "settings" if settings else None
    if suffix in (".yml", ".yaml"):
        strings = _is_site_settings(rel, head) or _is_locale_yaml(rel, head)
        return None if strings else "settings"
    if suffix == ".toml":  # (Hugo's; pyproject.toml, Cargo.toml, netlify.toml are settings)
        return None if _is_hugo_toml(rel, head) else "settings"
    if suffix == ".ini":  # (Joomla's in its language folders; a program's settings are not)
        return (
            None if joomla_tag(rel if within is None else within / rel) is not None else "settings"
        )
    if suffix == ".php":  # (an app's code and settings are no language arrays)
        placed = rel if within is None else within / rel
        if _is_language_array(placed, head):
            return None
        return "wordpress" if wordpress_translation(rel.name, head_text(head(65536))) else "php"
    if suffix == ".key":  # (Keynote's a zip or a package; a TLS or SSH key so named is text)
        try:
            start = head(4)
        except OSError:
            return None  # (a package, a folder: its reader says what is wrong)
        return None if not start or start.startswith(b"PK\x03\x04") else "unsupported"
    if suffix in MANUAL_PAGES:
        return _manual_page(head_text(head(65536)))
    if suffix in _ROOTS:
        start = head(65536)
        # (an unreadable one is read all the same: its reader says what is wrong)
        if suffix == ".xml" and start and xmlkind.kind(start) is not None:
            return None  # (a DocBook chapter, a DITA topic, beside a book's other files)
        if not start or _ROOTS[suffix].search(head_text(start)) is not None:
            return None
        return _OTHER_ROOT[suffix]
    return None


def _manual_page(start: str) -> str | None:
    """Why a folder passes over a file named like a manual page (``start``: its first
    characters): not a page, an mdoc(7) one, or one that only includes another; None for a
    page it translates (or an empty one: its reader says so)."""
    first = _MANUAL_PAGE.match(start)
    if first is None:
        return "notpage" if start else None
    if first[1] in _MDOC:
        return "mdoc"
    return "pagelink" if first[1] == "so" else None


# What ``passed_over`` and the readers' refusals a folder passes over say a file is (jobs.WHY
# words them): of a kind Quire reads, but no text to translate.
NOT_TEXT = frozenset(
    ["settings", "php", "typescript", "template", "xml", "notpage", "pagelink", "mdoc", "wordpress"]
)
# What a file of a suffix ``_ROOTS`` checks is, when its first bytes are not the kind's.
_OTHER_ROOT = {".ts": "typescript", ".xml": "xml", ".ftl": "template"}


# Hugo's settings under the name other programs' take too: its own have its site's address.
_HUGO_BASE = re.compile(r"^baseurl[ \t]*:", re.MULTILINE | re.IGNORECASE)
_HUGO_TOML_BASE = re.compile(r"^[ \t]*baseurl[ \t]*=", re.MULTILINE | re.IGNORECASE)
# Hugo's config.toml without its address (a theme's example site leaves it to the command
# line): its keys and tables, two of them (Helix's config.toml sets a theme alone).
_HUGO_TOML_KEYS = re.compile(
    r"^[ \t]*(?:(?P<key>title|theme|languagecode|defaultcontentlanguage|paginate)[ \t]*=|"
    r"\[\[?[ \t]*(?P<table>params|menus?|markup|languages|permalinks|taxonomies|outputs)"
    r"[ \t]*[.\]])",
    re.MULTILINE | re.IGNORECASE,
)
# Zola's config.toml: its address is base_url, and it has a title and theme too.
_ZOLA_BASE = re.compile(r"^[ \t]*base_url[ \t]*=", re.MULTILINE)


def hugo_settings(text: str) -> bool:
    """Whether a ``config.toml`` (``text``: its first bytes) is Hugo's: a ``baseURL``, or
    two of Hugo's keys and tables (title, theme, languageCode, ``[params]``, ``[menu]``,
    ``[markup]``…), and not Zola's ``base_url``. netlify.toml's ``[build]``, Cargo's
    ``[target]`` are none of them."""
    if _ZOLA_BASE.search(text):
        return False
    if _HUGO_TOML_BASE.search(text):
        return True
    found = {(m["key"] or m["table"]).lower().rstrip("s") for m in _HUGO_TOML_KEYS.finditer(text)}
    return len(found) >= 2


def _is_site_settings(rel: PurePath, head: Callable[[int], bytes]) -> bool:
    """A documentation site's settings (``mkdocs.yml``, ``_quarto.yml``…): its title and
    navigation are what a reader of the site sees, translated as a site's pages are (a
    ``--mirror`` of the site builds with them)."""
    if rel.name not in SITE_SETTINGS:
        return False
    if rel.name in ("config.yaml", "config.yml"):
        return _HUGO_BASE.search(head_text(head(65536))) is not None
    return True


def _is_hugo_toml(rel: PurePath, head: Callable[[int], bytes]) -> bool:
    """Hugo's i18n table (``i18n/en.toml``) or settings (``hugo.toml``, its config folder's
    files, a ``config.toml`` with a ``baseURL``)."""
    named = rel.stem.lower()
    if "i18n" in (part.lower() for part in rel.parts[:-1]) or names_language(rel.stem):
        return True
    if rel.name == "hugo.toml" or (len(rel.parts) > 2 and rel.parts[-3] == "config"):
        return True
    return named == "config" and hugo_settings(head_text(head(65536)))


def _is_language_array(path: PurePath, head: Callable[[int], bytes]) -> bool:
    """A PHP language array: in a locale's folder (Laravel's ``lang/en/auth.php``, a
    package's ``lang/en/pages/auth/login.php``, CodeIgniter's ``Language/en/``), the folder
    named too (``quire translate lang/en``; not ``config``, whose arrays are settings). Not a
    Blade template nor another (``views/en/home.php``, ``src/io/Reader.php``: a folder named
    like a language), nor WordPress's ``.l10n.php``, made from a .po file (its reader refuses
    it)."""
    return php_locale_folder(path) is not None and may_be_language_array(
        path.name, head_text(head(65536))
    )


def _is_locale_yaml(rel: PurePath, head: Callable[[int], bytes]) -> bool:
    if names_language(rel.stem):  # (Hugo's en.yaml, its messages' keys at the top level)
        return True
    named = OUTPUT_NAME.fullmatch(rel.stem)
    if named is not None and names_language(named["lang"]):
        return True
    if any(part.lower() in LOCALE_FOLDERS for part in rel.parts[:-1]):
        return True
    start = head_text(head(4096))
    root = _YAML_LOCALE.match(start)
    # (Rails': its language the one top-level key; "es:" over settings is Elasticsearch's)
    others = _TOP_LEVEL_KEY.findall(start[root.end() :]) if root is not None else []
    return root is not None and names_language(root.group(1)) and not others


def _named_for_target(path: Path, target: str | None) -> bool:
    """A locale file named for the target language: a Rails one (``config/locales/de.yml``),
    a Fluent one (``l10n/de.ftl``) or a Java bundle's (``messages_de.properties``): its
    translation already."""
    if target is None:
        return False
    wanted = target.lower().replace("_", "-")
    suffix = path.suffix.lower()
    if suffix in LOCALE_NAMED or suffix == ".ftl":
        return path.stem.lower().replace("_", "-") == wanted
    language = target_language(target)
    if suffix == ".properties" and language is not None:
        return path.stem.endswith(f"_{java_locale(language)}")
    return False


def other_languages_resource(
    path: P,
    exists: Callable[[P], bool],
    source: str | None = None,
    target: str | None = None,
) -> bool:
    """An app's resource file in another language than its source's, beside the source's
    (``exists``: whether a file of the same tree is there). Translated into the target too,
    each would be written where the source's translation goes:

    - Android's ``res/values-fr/`` (the source is ``res/values/``);
    - Xcode's ``fr.lproj/`` beside ``Base.lproj`` or ``en.lproj`` holding the same file, and
      ``en.lproj``'s copy of ``Base.lproj``'s (its English localization);
    - Java's ``messages_fr.properties`` beside ``messages.properties``;
    - ReactOS' resource scripts, ``lang/fr-FR.rc`` beside ``lang/en-US.rc``;
    - Rails' ``fr.yml`` beside ``en.yml`` (Hugo's ``fr.toml``, ``fr.json`` alike), Symfony's
      ``messages.fr.yaml`` beside ``messages.en.yaml``: the source language's (English
      unless ``source`` names another, never the target's) beside it.

    A file in the ``source`` language named for the job is its source, never left out."""
    language = resource_language(path)
    if language is None or (source and _same_language(language, source)):
        return False
    folder = path.parent
    suffix = path.suffix.lower()
    if suffix == ".xml":
        return True  # (values-fr beside values/)
    if suffix in (".strings", ".stringsdict"):
        sources = ("Base.lproj",) if language == "en" else ("Base.lproj", "en.lproj")
        return any(exists(folder.parent / source / path.name) for source in sources)
    if suffix == ".properties":
        bundle = JAVA_BUNDLE.fullmatch(path.stem)
        assert bundle is not None
        return exists(path.with_name(bundle["name"] + path.suffix))
    if suffix in (".php", ".resw", ".ini", ".rc", ".rc2", ".dlg") or suffix in MANUAL_PAGES:
        # (Laravel's lang/fr/auth.php, with or without lang/en/auth.php; Strings/fr-FR/x.resw;
        # man/fr/man1/ls.1; ReactOS' lang/fr-FR.rc beside lang/en-US.rc)
        return not _same_language(language, source or "en")
    # YAML: beside the source language's file (Rails' en.yml, Symfony's messages.en.yaml).
    origin = source or ("en" if not (target and _same_language("en", target)) else None)
    if origin is None or _same_language(language, origin):
        return False
    named = OUTPUT_NAME.fullmatch(path.stem)
    if named is not None and not names_language(path.stem):  # Symfony: messages.fr.yaml
        return exists(path.with_name(f"{named['name']}.{origin}{path.suffix}"))
    return exists(path.with_name(origin + path.suffix))  # Rails: fr.yml


def resource_language(path: PurePath) -> str | None:
    """The language an app's resource file is for, as its name or folder says it: ``fr`` of
    ``values-fr/strings.xml``, ``fr.lproj/``, ``messages_fr.properties``, ``fr.yml``,
    ``messages.fr.yaml``; None for a source's (``values/``, ``Base.lproj``,
    ``messages.properties``) or a file of no such kind."""
    folder = path.parent.name
    suffix = path.suffix.lower()
    if suffix == ".xml" and folder.startswith("values-"):
        return android_language(folder)
    if suffix in (".strings", ".stringsdict"):
        match = LPROJ.fullmatch(folder)
        return match["lang"] if match is not None and match["lang"] != "Base" else None
    if suffix == ".properties":
        bundle = JAVA_BUNDLE.fullmatch(path.stem)
        if bundle is not None and bundle["lang"] not in _NOT_LOCALES:
            return bundle["lang"] if names_language(bundle["lang"]) else None
        return None
    if suffix == ".php":
        locale = php_locale_folder(path)
        return locale.name if locale is not None else None
    if suffix == ".resw":
        return resw_language(path)
    if suffix in (".rc", ".rc2", ".dlg") and folder.lower() == "lang":
        return path.stem if names_language(path.stem) else None  # (ReactOS' lang/de-DE.rc)
    if suffix == ".ini":
        return joomla_tag(path)
    if suffix in MANUAL_PAGES:
        return man_locale(path)
    if suffix in LOCALE_NAMED and names_language(path.stem):
        return path.stem  # (Rails' fr.yml, Hugo's i18n/fr.toml, vue-i18n's fr.json)
    if suffix in (".yml", ".yaml"):
        named = OUTPUT_NAME.fullmatch(path.stem)
        if named is not None and names_language(named["lang"]):
            return named["lang"]
    return None


# A bundle's suffix that is a language code but names a copy (config_bak: Bashkir's code).
_NOT_LOCALES = frozenset(["bak", "old", "new", "tmp", "orig"])


def _same_language(code: str, other: str) -> bool:
    """Whether two codes name one language (``en``, ``en-US``, ``en_GB``; ``b+zh+Hant`` and
    ``zh``)."""
    return primary_language(code) == primary_language(other)


def trados_other_target(path: PurePath, target: str | None) -> bool:
    """A Trados project's file for another target language: the project keeps those of
    each language in a folder named for it (``fr-FR/``), beside the target's (``de-DE/``)."""
    language = target_language(target)
    if path.suffix.lower() != ".sdlxliff" or language is None:
        return False
    name = path.parent.name
    return names_language(name) and not same_target(name, language)


def _in_target_folder(path: Path, folder: Path, target: str | None) -> bool:
    """A file in a subfolder named for the target language (i18next's ``locales/de/``,
    Android's ``values-de/``, gettext's ``de/LC_MESSAGES/``): a translation already."""
    if target is None or path.suffix.lower() == ".sdlxliff":
        # (a Trados project keeps the files to translate into German in its de-DE folder)
        return False
    wanted = target.lower().replace("_", "-")
    for part in path.relative_to(folder).parts[:-1]:
        name = part.lower().replace("_", "-").removeprefix("values-").removesuffix(".lproj")
        if name == wanted or name.split("-")[0] == wanted:
            return True
    return False


def _joomla_part(path: Path, lang: str) -> bool:
    """Whether a Joomla language file's ``.sys`` (``com_content.sys.ini``: its install and
    menu strings, beside ``com_content.ini``) is what looks like a language in its name."""
    return lang.lower() == "sys" and path.suffix.lower() == ".ini" and joomla_tag(path) is not None


def is_translation(path: Path, target: str | None = None) -> bool:
    """``NAME.<lang>.<ext>`` for the target language, or beside a document ``NAME.*``."""
    match = OUTPUT_NAME.fullmatch(split_name(path)[0])  # (flow.de.drawio.svg too)
    if match is None or _joomla_part(path, match["lang"]):
        return False
    if target is not None and match["lang"].lower() == target.lower():
        return True
    name = match["name"]
    return any(
        split_name(sibling)[0] == name and document_suffix(sibling) in READERS
        for sibling in path.parent.glob(f"{glob.escape(name)}.*")
        if sibling != path
    )


__all__ = [
    "NOT_TEXT",
    "OUTPUT_NAME",
    "Skipped",
    "folder_documents",
    "hugo_settings",
    "is_translation",
    "other_languages_resource",
    "passed_over",
    "trados_other_target",
]
