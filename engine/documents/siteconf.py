"""A documentation site's settings file, known by the name its tool reads it by: MkDocs'
``mkdocs.yml``, Quarto's ``_quarto.yml``, Jekyll's ``_config.yml``, Antora's ``antora.yml``
and ``antora-playbook.yml``, Hugo's ``hugo.yaml`` (or a ``config.yaml`` with a ``baseURL``;
its TOML form is :mod:`siteconf_toml`'s, on the same decisions: :func:`hugo_role`).
What a reader of the site sees is translated: its title and description, the navigation's
titles (an MkDocs title is its entry's key, written back as YAML reads a key); its language
setting names the target, where the theme has words for it. Themes, plugins, paths,
addresses, tags (``!ENV``, ``!!python/name:``: composed, never constructed) and every other
byte are kept: read as a locale file, every string was sent, and ``search`` (a plugin) came
back ``Suche``, ``material`` (the theme) ``Material``, and the site no longer built."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from engine.api import Note
from engine.documents import i18n_yaml, placeholders
from engine.documents.base import Document, Unit, check_unit_count, decode_text, edited
from engine.documents.errors import empty_file
from engine.documents.language import Language, names_language
from engine.documents.markdown import ATTRIBUTES, CODE_SPAN, retagged
from engine.text.encoding import EncodedText, TextEncoding

# The file names each tool reads its settings by (as the tools spell them: MkDocs and Antora
# find no ``MkDocs.yml``); Hugo's ``config.yaml`` only where it is Hugo's (``baseURL``).
KINDS = {
    "mkdocs.yml": "mkdocs",
    "mkdocs.yaml": "mkdocs",
    "_quarto.yml": "quarto",
    "_quarto.yaml": "quarto",
    "_config.yml": "jekyll",
    "_config.yaml": "jekyll",
    "antora.yml": "antora",
    # (a playbook by its name alone: Ansible's are playbook.yml, site.yml…)
    "antora-playbook.yml": "antora-playbook",
    "antora-playbook.yaml": "antora-playbook",
    "hugo.yaml": "hugo",
    "hugo.yml": "hugo",
    "config.yaml": "hugo",
    "config.yml": "hugo",
}
_MAYBE_HUGO = frozenset(["config.yaml", "config.yml"])

# The languages a theme has its own words for (its search box, "Table of contents"), by the
# codes it takes: Material for MkDocs 9 (its partials/languages), MkDocs' own themes (their
# locales). A code the theme lacks fails Material's build, and MkDocs' warns (a --strict
# build fails): the file's own is kept, and a note says so.
_MATERIAL = frozenset(
    [
        "af", "ar", "az", "be", "bg", "bn", "ca", "cs", "cy", "da", "de", "el", "en", "eo",
        "es", "et", "eu", "fa", "fi", "fr", "gl", "he", "hi", "hr", "hu", "hy", "id", "is",
        "it", "ja", "ka", "kn", "ko", "ku-IQ", "lb", "lt", "lv", "mk", "mn", "ms", "my", "nb",
        "nl", "nn", "pl", "pt", "pt-BR", "ro", "ru", "sa", "sh", "si", "sk", "sl", "sq", "sr",
        "sv", "ta", "te", "th", "tl", "tr", "uk", "ur", "uz", "vi", "zh", "zh-Hant", "zh-TW",
    ]
)  # fmt: skip
_MKDOCS = frozenset(
    ["de", "en", "es", "fa", "fr", "id", "it", "ja", "nb", "nl", "nn", "pl", "pt_BR", "ru",
     "tr", "uk", "zh_CN", "zh_TW"]
)  # fmt: skip
_THEMES = {"material": ("Material for MkDocs", _MATERIAL), "locale": ("MkDocs", _MKDOCS)}
# The languages the search plugin (MkDocs', Material's) stems and splits words for: lunr's,
# as MkDocs 1.6 ships them (another falls back to English, with a line in the build's log).
_LUNR = frozenset(
    ["ar", "da", "de", "en", "es", "fi", "fr", "hi", "hu", "hy", "it", "ja", "kn", "ko", "nl",
     "no", "pt", "ro", "ru", "sa", "sv", "ta", "te", "th", "tr", "vi", "zh"]
)  # fmt: skip

# What is no words in a title: markup (Material's copyright holds links), an entity
# (``&copy;``), Quarto's shortcodes and a template's syntax (``{{< meta title >}}``,
# Jekyll's ``{{ site.title }}``): seen as placeholders, written as they were.
PATTERN = re.compile(
    r"\{\{<.*?>\}\}|\{\{.*?\}\}|\{%.*?%\}|&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#[xX][0-9A-Fa-f]+);|"
    + placeholders.TAG
)
# In a text that is Markdown (Quarto's footers and descriptions), besides: inline code, an
# attribute list (``{fig-alt="Posit" width=65px}``), a link's target and an image's source
# (``](/images/logo.svg)``) and the brackets around a link's text, which stays text.
MARKDOWN = re.compile(
    f"{CODE_SPAN.pattern}|{ATTRIBUTES.pattern}|\\]\\([^()]*\\)|!?\\[|\\]|{PATTERN.pattern}"
)
# A navigation entry that names a file, not a title (Quarto's ``part: intro.qmd``).
_FILE = re.compile(r"\S+\.(?:qmd|md|markdown|ipynb|rmd|html?)", re.IGNORECASE)
_STR = "tag:yaml.org,2002:str"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Path_ = tuple[str | int, ...]

# An MkDocs site's own texts at the top level (each language of an i18n plugin may set its own).
_SITE_TEXTS = ("site_name", "site_description", "copyright")


def _mkdocs(path: Path_, key: bool) -> str | None:
    if key:  # (a nav entry's title is its key; its value, a page or an address, is kept)
        return "text" if path[0] == "nav" and len(path) > 2 else None
    if len(path) == 1 and path[0] in _SITE_TEXTS:
        return "text"
    if path == ("theme", "language"):
        return "material"
    if path == ("theme", "locale"):
        return "locale"
    if path[0] == "plugins" and path[-2:] == ("search", "lang"):
        return "search"  # (one language: ``lang: en``; a list of them is kept)
    if path[:2] == ("theme", "palette") and path[-2:] == ("toggle", "name"):
        return "text"  # (the light and dark switch's tooltip)
    if path[:2] == ("extra", "social") and path[-1] == "name":
        return "text"
    # (Material's "Was this page helpful?" under every page, and its answers)
    feedback = ("extra", "analytics", "feedback")
    if path == (*feedback, "title") or (
        path[:4] == (*feedback, "ratings") and len(path) == 6 and path[-1] in ("name", "note")
    ):
        return "text"
    return (
        "text"
        if path in (("extra", "consent", "title"), ("extra", "consent", "description"))
        else None
    )


def _quarto(path: Path_, key: bool) -> str | None:
    if key:
        return None
    if path == ("lang",):
        return "tag"
    if path == ("website", "title"):
        return "text"
    if path[-1] == "description" and len(path) == 2 and path[0] in ("website", "book"):
        return "markdown"
    if path[:1] == ("book",) and len(path) == 2 and path[1] in ("title", "subtitle"):
        return "text"
    if path[:2] == ("book", "chapters") and path[-1] == "part":
        return "file?"
    navigation = len(path) > 2 and path[0] in ("website", "book")
    if navigation and path[1] in ("navbar", "sidebar", "page-footer"):
        if path[-1] in ("text", "section", "title"):
            return "file?"
        if path[-1] in ("aria-label", "logo-alt"):  # (a tool's icon's, the logo's)
            return "text"
        if path[1] == "page-footer" and path[-1] in ("left", "center", "right"):
            return "markdown"  # (a footer's, "Copyright 2024, Norah Jones")
    # The author's own words for what Quarto says itself in the page's lang (its
    # _language.yml's): left English beside lang: de, they showed on every page. At the top
    # level or a format's (``format: html: toc-title:``).
    option = path[2:] if path[0] == "format" and len(path) > 2 else path
    if len(option) == 1 and option[0] in _QUARTO_WORDS:
        return "text"
    if len(option) == 2 and option[0] in ("crossref", "language"):
        name = str(option[1])  # (crossref's fig-title, fig-prefix; any of language's)
        return "text" if option[0] == "language" or name.endswith(("-title", "-prefix")) else None
    custom = option[:2] == ("crossref", "custom") and len(option) == 4
    return "text" if custom and option[-1] in ("reference-prefix", "caption-prefix") else None


# Quarto's options that name a heading or a label it otherwise writes in the page's language.
_QUARTO_WORDS = frozenset(["toc-title", "code-summary", "abstract-title"])

# Just the Docs' words on every page: its "Back to top", footer (HTML) and edit link.
_JUST_THE_DOCS = frozenset(["back_to_top_text", "footer_content", "gh_edit_link_text"])


# The locales Chirpy (jekyll-theme-chirpy 7) has words for, as its _data/locales names them:
# most with their region (de-DE); a lang it has no file for (de) gets its English.
_CHIRPY = frozenset(
    ["ar", "bg-BG", "ca-ES", "cs-CZ", "da-DK", "de-DE", "dv-MV", "el-GR", "en", "es-ES",
     "fa-IR", "fi-FI", "fr-FR", "hu-HU", "id-ID", "it-IT", "ja-JP", "ko-KR", "ku-IQ", "my-MM",
     "nl-NL", "ps-AF", "pt-BR", "ru-RU", "sl-SI", "sv-SE", "th", "tr-TR", "uk-UA", "ur-PK",
     "vi-VN", "zh-CN", "zh-TW"]
)  # fmt: skip


def _jekyll(path: Path_, key: bool) -> str | None:
    if key:  # (Just the Docs' aux_links: a link's title is its key, as MkDocs' nav titles)
        return "text" if len(path) == 2 and path[0] == "aux_links" else None
    if path in (("title",), ("description",), ("tagline",), ("subtitle",)):
        return "text"
    if len(path) == 1 and path[0] in _JUST_THE_DOCS:
        return "text"
    if len(path) == 3 and path[0] in ("callouts", "nav_external_links") and path[2] == "title":
        return "text"  # (a callout's title, "Warning"; an external link's)
    # (jekyll-seo-tag's ``locale``, ``en_US``, is the page's og:locale; Hexo's ``language``)
    return "tag" if path in (("lang",), ("locale",), ("language",)) else None


# Jupyter Book's settings share Jekyll's name: known by its own keys (``jupyter-book
# create``'s ``execute``, ``bibtex_bibfiles``; the Sphinx settings it passes on).
_JUPYTER_BOOK = frozenset(["execute", "sphinx", "launch_buttons", "bibtex_bibfiles", "parse"])


def _jupyter_book(path: Path_, key: bool) -> str | None:
    """Jupyter Book's: its title, the HTML under every page (``extra_footer``, the old
    ``extra_navbar``, ``announcement``) and Sphinx's ``language`` (Jupyter Book reads no
    ``lang``: Sphinx's sets the pages' and the theme's words)."""
    if key:
        return None
    if path == ("title",):
        return "text"
    if len(path) == 2 and path[0] == "html":
        return "text" if path[1] in ("extra_footer", "extra_navbar", "announcement") else None
    return "sphinx" if path == ("sphinx", "config", "language") else None


def _antora(path: Path_, key: bool) -> str | None:
    return "text" if path == ("title",) and not key else None


def _playbook(path: Path_, key: bool) -> str | None:
    """Antora's playbook: the site's title; its sources' branches (``HEAD``), start page
    (``component-a::index.adoc``) and the UI bundle are kept."""
    if key:
        return None
    if path == ("site", "title"):
        return "text"
    return "tag" if path == ("asciidoc", "attributes", "lang") else None


def hugo_role(path: Path_, key: bool, default: str = "en", single: bool = True) -> str | None:
    """``default``: the default content language's key (``languages.en``), whose own texts
    override the top-level ones; ``single``: whether the site is built in that one language
    alone, whose key then names the target (the theme's i18n strings are the target's)."""
    if key:
        return None
    path = tuple(p.lower() if isinstance(p, str) else p for p in path)  # (Hugo's keys: any case)
    if path[:2] == ("languages", default):
        path = path[2:]  # (its own title, params and menus: the default language's pages')
        if path and path[0] not in _HUGO_LANGUAGE:
            path = ("params", *path)  # (Hugo before 0.112 reads its other keys as params)
    elif path[:1] == ("languages",):
        return None  # (another language's: its pages are its own)
    elif path == ("defaultcontentlanguage",):
        return "key" if single else None
    if path in (("title",), ("params", "description"), ("params", "subtitle")):
        return "text"
    if path == ("copyright",):
        return "markdown"  # (PaperMod's and Blowfish's footer, Markdown: its links kept)
    if path in _THEMES_WORDS:
        return "markdown" if path[-1] in ("default", "authors") else "text"
    # (Docsy's: its feedback's answers, the footer's links, the version menu's title)
    if path in (("params", "ui", "feedback", "yes"), ("params", "ui", "feedback", "no")):
        return "text"
    if path == ("params", "version_menu"):
        return "text"
    if len(path) == 5 and path[:2] == ("params", "links") and path[-1] in ("name", "desc"):
        return "text"
    if path in (("languagecode",), ("locale",)):
        return "tag"  # (Hugo 0.158 renamed languageCode locale)
    # (PaperMod's: its home page's greeting or profile, the edit link's, social icons' tips)
    if path in _PAPERMOD or (len(path) == 4 and path[:2] == ("params", "socialicons")):
        return "text" if path[-1] in ("title", "text", "subtitle", "imagetitle") else None
    if len(path) == 5 and path[:3] == ("params", "profilemode", "buttons"):
        return "text" if path[-1] == "name" else None
    if path == ("params", "homeinfoparams", "content"):
        return "markdown"  # (its links and lists)
    # (hugo-coder's home page line under the name: a string, or an array shown one by one)
    if path[:2] == ("params", "info") and len(path) <= 3:
        return "text"
    # (a menu entry's title is its tooltip)
    menu = len(path) == 4 and path[0] in ("menu", "menus") and path[-1] in ("name", "title")
    if menu:
        return "text"
    # A theme's words under params, by the ending of their keys (Terminal's menuMore = "Show
    # more", readOtherPosts; a footerText, a buttonLabel, a sectionTitle), where the value
    # reads as words (:func:`words`): a setting's is one word ("auto", "posts"). A logo's
    # text and social networks' labels are names (Ananke's "GitHub", "Hacker News").
    last = path[-1]
    named = any(n in str(p) for p in path for n in ("logo", "social"))
    if path[0] == "params" and isinstance(last, str) and not named:
        return "words?" if last.endswith(_WORD_KEYS) else None
    return None


_WORD_KEYS = ("more", "text", "label", "title", "message", "caption", "tooltip", "posts")


def words(value: str) -> bool:
    """Whether a theme's setting reads as words a reader sees, more than one ("Show more"),
    not a setting's value ("auto", "posts", "/about") or a name ("Terminal")."""
    return " " in value.strip() and any(c.isalpha() for c in value)


# A language's own settings; its other keys are its params (Blowfish's description).
_HUGO_LANGUAGE = frozenset(
    ["title", "copyright", "params", "menus", "menu", "languagecode", "locale", "languagename",
     "label", "contentdir", "weight", "languagedirection", "direction", "disabled", "timezone"]
)  # fmt: skip
# Themes' words on every page: Blowfish's author's headline and bio (its home page),
# Stack's sidebar subtitle and its articles' license line (Markdown), Docsy's copyright
# holders in its footer (Markdown).
_THEMES_WORDS = frozenset(
    [
        ("params", "author", "headline"),
        ("params", "author", "bio"),
        ("params", "sidebar", "subtitle"),
        ("params", "article", "license", "default"),
        ("params", "copyright", "authors"),
    ]
)
_PAPERMOD = frozenset(
    [
        ("params", "homeinfoparams", "title"),
        ("params", "profilemode", "title"),
        ("params", "profilemode", "subtitle"),
        ("params", "profilemode", "imagetitle"),
        ("params", "editpost", "text"),
        ("params", "label", "text"),
    ]
)


def _hugo_languages(root: yaml.Node | None) -> tuple[str, tuple[str, ...]]:
    """The default content language's key (Hugo's default: ``en``) and the keys of the
    ``languages`` block, lower case as Hugo reads them."""
    lowered = {str(getattr(k, "value", "")).lower(): v for k, v in getattr(root, "value", ())}
    default = getattr(lowered.get("defaultcontentlanguage"), "value", None)
    languages = lowered.get("languages")
    keys = (
        [getattr(k, "value", "") for k, _ in languages.value]
        if isinstance(languages, yaml.MappingNode)
        else None
    )
    return hugo_languages(default, keys)


def hugo_languages(default: object, keys: Sequence[object] | None) -> tuple[str, tuple[str, ...]]:
    """The default content language's key (Hugo's default: ``en``) and the keys of the
    ``languages`` block, lower case as Hugo reads them (``keys``: None where it has none)."""
    named = str(default).lower() if isinstance(default, str) else "en"
    return named, tuple(str(k).lower() for k in keys or ())


@dataclass(frozen=True)
class _Plugin:
    """mkdocs-static-i18n's languages (``plugins: - i18n: languages: […]``): the site is
    multilingual already, each language built from the one mkdocs.yml. Its nav titles are
    the keys each language's ``nav_translations`` maps from, and what the file sets, every
    language has unless it sets its own: translated, they broke the French build's navigation
    and gave it the German site name. Kept, but the default language's own texts and what
    every other language sets for itself; its ``locale`` sets Material's language."""

    prefix: Path_  # the default language's path
    nav: Path_  # the default language's own nav_translations
    shared: frozenset[str]  # the site's texts that no other language sets for itself
    locales: tuple[str, ...]


def _plugin(root: yaml.Node | None) -> _Plugin | None:
    plugins = _value(root, "plugins")
    found: list[tuple[Path_, yaml.Node | None]] = []
    if isinstance(plugins, yaml.SequenceNode):
        found = [(("plugins", n, "i18n"), _value(p, "i18n")) for n, p in enumerate(plugins.value)]
    elif isinstance(plugins, yaml.MappingNode):  # (MkDocs 1.5 takes a mapping too)
        found = [(("plugins", "i18n"), _value(plugins, "i18n"))]
    for path, plugin in found:
        languages = _value(plugin, "languages")
        if isinstance(languages, yaml.MappingNode) and languages.value:
            return _plugin_0(path, plugin, languages)
        if not isinstance(languages, yaml.SequenceNode) or not languages.value:
            continue
        entries = [e for e in languages.value if isinstance(e, yaml.MappingNode)]
        default = next(
            (e for e in entries if getattr(_value(e, "default"), "value", "") == "true"),
            entries[0] if entries else None,
        )
        if default is None:
            continue
        prefix = (*path, "languages", languages.value.index(default))
        return _Plugin(
            prefix,
            (*prefix, "nav_translations"),
            _shared([e for e in entries if e is not default]),
            tuple(str(getattr(_value(e, "locale"), "value", "")) for e in entries),
        )
    return None


def _plugin_0(path: Path_, plugin: yaml.Node | None, languages: yaml.MappingNode) -> _Plugin:
    """The plugin's 0.x form: ``default_language: en``, ``languages`` a mapping by locale
    (``fr: {name: Français, site_name: …}`` or ``fr: Français``) and ``nav_translations``
    beside it, by locale."""
    locales = [str(getattr(k, "value", "")) for k, _ in languages.value]
    default = str(getattr(_value(plugin, "default_language"), "value", "") or locales[0])
    others = [v for k, v in languages.value if getattr(k, "value", None) != default]
    return _Plugin(
        (*path, "languages", default),
        (*path, "nav_translations", default),
        _shared(others),
        tuple(locales if default in locales else [default, *locales]),
    )


def _shared(others: Sequence[yaml.Node]) -> frozenset[str]:
    """The site's texts that a built language other than the default takes from the file
    (all of them, for one named by a string alone: ``fr: Français``)."""
    built = [
        {getattr(k, "value", None) for k, _ in e.value}
        if isinstance(e, yaml.MappingNode)
        else set()
        for e in others
        if getattr(_value(e, "build"), "value", "") != "false"
    ]
    return frozenset(t for t in _SITE_TEXTS if any(t not in keys for keys in built))


def _mkdocs_i18n(path: Path_, key: bool, plugin: _Plugin) -> str | None:
    own = path[: len(plugin.prefix)] == plugin.prefix
    nav = path[: len(plugin.nav)] == plugin.nav and len(path) == len(plugin.nav) + 1
    rest = path[len(plugin.prefix) :]
    if not key and (nav or (own and len(rest) == 1 and rest[0] in _SITE_TEXTS)):
        return "text"  # (the default language's own: its nav titles, its site name)
    if key or path[0] == "theme" or (len(path) == 1 and path[0] in plugin.shared):
        return None
    return "text" if len(path) == 1 and path[0] in _SITE_TEXTS else None


_RULES = {
    "mkdocs": _mkdocs,
    "quarto": _quarto,
    "jekyll": _jekyll,
    "jupyter-book": _jupyter_book,
    "antora": _antora,
    "antora-playbook": _playbook,
    "hugo": hugo_role,
}


@dataclass
class _Scalar:
    node: yaml.ScalarNode
    flow: bool
    key: bool
    shaped: placeholders.Shaped


def _walk(
    node: yaml.Node, path: Path_, flow: bool, seen: set[int]
) -> Iterator[tuple[yaml.ScalarNode, Path_, bool, bool]]:
    """Every string scalar with its path, whether it is inside ``[ ]`` or ``{ }``, and whether
    it is a key (its path then ends with its own value); once (an alias is the node it names)."""
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, yaml.ScalarNode):
        if node.tag == _STR:  # (a tagged one, !ENV or !!python/name:, is kept)
            yield node, path, flow, False
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _walk(item, (*path, index), flow or bool(node.flow_style), seen)
    elif isinstance(node, yaml.MappingNode):
        inner = flow or bool(node.flow_style)
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                continue
            if key.tag == _STR and key.style in (None, "", "'", '"'):
                yield key, (*path, key.value), inner, True
            yield from _walk(value, (*path, key.value), inner, seen)


class SiteSettings(Document):
    strict_fields = True  # (a title that lost its markup or entity is kept)
    encoding: TextEncoding

    def __init__(
        self, path: Path, source: str, encoding: TextEncoding, root: yaml.Node | None
    ) -> None:
        self.path, self.source, self.encoding = path, source, encoding
        self.newline = "\r\n" if "\r\n" in source else "\n"
        self.kind, self.root = KINDS[path.name], root
        top = {getattr(k, "value", None) for k, _ in getattr(root, "value", ())}
        if self.kind == "jekyll" and not _JUPYTER_BOOK.isdisjoint(top):
            self.kind = "jupyter-book"
        rule = _RULES[self.kind]
        self.plugin = _plugin(root) if self.kind == "mkdocs" else None
        if self.plugin is not None:
            rule = functools.partial(_mkdocs_i18n, plugin=self.plugin)
        default, keys = _hugo_languages(root) if self.kind == "hugo" else ("en", ())
        if self.kind == "hugo":
            rule = functools.partial(hugo_role, default=default, single=not keys)
        self.hugo_languages = keys
        self.scalars: list[_Scalar] = []
        # The language settings: each scalar, and what kind of code it takes.
        self.languages: list[tuple[yaml.ScalarNode, str]] = []
        self.sets_language = False  # (whether it has one at all: ``lang: {{ x }}`` is one)
        units: list[Unit] = []
        walked = _walk(root, (), False, set()) if root is not None else iter(())
        for node, node_path, flow, key in walked:
            role = rule(node_path, key)
            if role is None or source[node.start_mark.index] == "&":
                continue  # (an anchored value: an alias elsewhere, ``name: *t``, means it too)
            if role == "search":
                if node.value.lower() in _LUNR:
                    self.languages.append((node, role))
                continue
            if role in ("tag", "key", "sphinx", *_THEMES):
                self.sets_language = True
                if names_language(node.value):
                    self.languages.append((node, role))
                continue
            if role == "file?" and _FILE.fullmatch(node.value.strip()):
                continue
            if role == "words?" and not words(node.value):
                continue
            pattern = MARKDOWN if role == "markdown" else PATTERN
            shaped = placeholders.shape(node.value, pattern)
            if not any(c.isalpha() for c in pattern.sub("", node.value)):
                continue  # (a template's syntax alone, an icon's, a number)
            check_unit_count(len(units) + 1, path)
            units.append(Unit(".".join(map(str, node_path)), shaped.text, fields=shaped.fields))
            self.scalars.append(_Scalar(node, flow, key, shaped))
        self.units = tuple(units)
        if self.plugin is not None:
            locales = ", ".join(self.plugin.locales)
            self.notes = (
                Note(
                    f"{path.name} builds the site in several languages ({locales}) with the "
                    "i18n plugin: its navigation titles and what its languages share are "
                    "kept, so that their builds are unchanged; add the target as one of the "
                    "plugin's languages (its locale, site_name and nav_translations) for the "
                    "translated pages' theme and navigation",
                    "document.site_i18n_plugin",
                    {"name": path.name, "languages": locales},
                ),
            )
        if len(keys) > 1:
            self.notes = (languages_note(path.name, keys, default),)
        if not units:
            # (settings with no title: copied, the site's set of files kept whole)
            self.copied_without_text = True
            # (first: what became of the file, which the app's row says)
            self.notes = (copied_note(path.name), *self.notes)

    def check_target(self, language: Language) -> None:
        roles = [role for _, role in self.languages]
        key = retagged("en", language).lower()
        if len(self.hugo_languages) == 1 and self.hugo_languages[0] != key:
            named = self.hugo_languages[0]
            self.notes = (*self.notes, language_key_note(self.path.name, named, key))
        if self._unset():
            role = self._theme()
            if role is not None and _theme_code(language, role) is None:
                roles.append(role)
            elif self._added(language) is None:
                self.notes = (*self.notes, unset_note(self.path.name, language))
        if "search" in roles and _search_code(language) is None:
            self.notes = (
                *self.notes,
                Note(
                    f"MkDocs' search has no words for {language.tag}: its language setting "
                    "is kept, and the translated pages are searched as the source's language",
                    "document.search_no_language",
                    {"language": language.tag},
                ),
            )
        for role in roles:
            if role in _THEMES and _theme_code(language, role) is None:
                theme = _THEMES[role][0]
                self.notes = (
                    *self.notes,
                    Note(
                        f"{theme} has no words for {language.tag}: the site's language setting "
                        "is kept, so the theme's own words (its search box, its menus) stay in "
                        "the source's language",
                        "document.theme_no_language",
                        {"theme": theme, "language": language.tag},
                    ),
                )

    def _unset(self) -> bool:
        """Whether the file is one whose tool has a language setting, and sets none (one
        with nothing to translate is copied as it is, as its note says)."""
        kinds = ("mkdocs", "quarto", "jekyll", "jupyter-book")
        if self.kind == "hugo":
            return bool(self._hugo_unset()) and not self.copied_without_text
        if self.plugin is not None:  # (the i18n plugin sets Material's, by its locale)
            return False
        return self.kind in kinds and not self.sets_language and not self.copied_without_text

    def _hugo_unset(self) -> tuple[str, ...]:
        """The language settings a Hugo site in one language (no ``languages:``) lacks: its
        ``defaultContentLanguage`` names the theme's i18n file (Hugo's default, en: a German
        site's theme said "Read more"), its ``languageCode`` the pages' ``lang``."""
        if self.hugo_languages or not isinstance(self.root, yaml.MappingNode):
            return ()
        top = {str(getattr(k, "value", "")).lower() for k, _ in self.root.value}
        names = ("defaultContentLanguage", "languageCode")
        return tuple(name for name in names if name.lower() not in top)

    def _chirpy(self) -> bool:
        """Whether the site's theme is Chirpy, whose locale files are named with a region
        (``de-DE``): ``lang: de`` found none, and its words were English."""
        theme = _value(self.root, "theme") or _value(self.root, "remote_theme")
        name = theme.value if isinstance(theme, yaml.ScalarNode) else ""
        return self.kind == "jekyll" and name.split("@")[0].endswith("jekyll-theme-chirpy")

    def _theme(self) -> str | None:
        """The language setting MkDocs' theme takes (its role in ``_THEMES``): Material's
        ``language``, MkDocs' own themes' ``locale``; None for another theme's or none."""
        theme = _value(self.root, "theme")
        name = _value(theme, "name") if isinstance(theme, yaml.MappingNode) else theme
        value = name.value if isinstance(name, yaml.ScalarNode) else None
        return {"material": "material", "mkdocs": "locale", "readthedocs": "locale"}.get(str(value))

    def _added(self, language: Language) -> tuple[int, str] | None:
        """Where a file that sets no language gets a line setting ``language``, and the line:
        Quarto's and Jekyll's ``lang``, Hugo's ``defaultContentLanguage`` and ``languageCode``
        at the top level (after a one-line ``title:``, else at the end), MkDocs' theme's in
        its block mapping, at its indentation (after its ``name:``). None where a line cannot
        simply be added: a flow mapping, a theme named by a string or with no words for the
        target, another theme, a file in Hugo's config folder."""
        root, nl = self.root, self.newline
        if not isinstance(root, yaml.MappingNode) or root.flow_style:
            return None
        if self.kind == "mkdocs":
            role = self._theme()
            theme = _value(root, "theme")
            code = _theme_code(language, role) if role is not None else None
            if code is None or not isinstance(theme, yaml.MappingNode) or theme.flow_style:
                return None
            setting = "language" if role == "material" else "locale"
            line = f"{setting}: {code}"
            return self._line_after(theme, "name", line) or self._line_first(theme, line)
        if self.kind == "jupyter-book":  # (in its Sphinx settings, where it has them)
            config = _value(_value(root, "sphinx"), "config")
            if not isinstance(config, yaml.MappingNode) or config.flow_style:
                return None
            return self._line_first(config, f"language: {_sphinx_code(language)}")
        if root.start_mark.column != 0 or re.search(r"^\.\.\.", self.source, re.MULTILINE):
            return None  # (a document's end, ``...``: what follows it is no setting)
        line = f"lang: {_chirpy_code(language) if self._chirpy() else language.tag}"
        if self.kind == "hugo":
            if self.path.resolve().parent.parent.name == "config":
                return None  # (a config folder's: its languages.yaml may set them)
            codes = {"defaultContentLanguage": retagged("en", language).lower()}
            line = nl.join(f"{n}: {codes.get(n, language.tag)}" for n in self._hugo_unset())
        end = len(self.source)
        return self._line_after(root, "title", line) or (
            end,
            ("" if self.source.endswith(("\n", "\r")) else nl) + line + nl,
        )

    def _line_after(
        self, mapping: yaml.MappingNode, name: str, line: str
    ) -> tuple[int, str] | None:
        """``line`` as a key of the block ``mapping``, after its ``name`` key's line; None
        where that key's value is no scalar on its line."""
        for key, value in mapping.value:
            if not (isinstance(value, yaml.ScalarNode) and getattr(key, "value", None) == name):
                continue
            if value.style in ("|", ">") or value.end_mark.line != key.start_mark.line:
                return None
            indent = " " * key.start_mark.column
            end = self.source.find("\n", value.end_mark.index)
            if end == -1:  # (the file's last line)
                return len(self.source), self.newline + indent + line + self.newline
            return end + 1, indent + line + self.newline
        return None

    def _line_first(self, mapping: yaml.MappingNode, line: str) -> tuple[int, str] | None:
        """``line`` as the block ``mapping``'s first key, on its own line before it."""
        if not mapping.value:
            return None
        at = mapping.value[0][0].start_mark
        start = self.source.rfind("\n", 0, at.index) + 1
        if self.source[start : at.index].strip(" "):
            return None  # (a key after other text on its line: ``- name: x``)
        return start, " " * at.column + line + self.newline

    def render(self, translations: Sequence[str]) -> EncodedText:
        self._check(translations)
        edits: list[tuple[int, int, str]] = []
        for scalar, unit, text in zip(self.scalars, self.units, translations, strict=True):
            value = placeholders.written(text, unit, scalar.shaped)
            if value is None or value == scalar.node.value:
                continue
            edits.append(
                i18n_yaml.scalar_edit(
                    self.source,
                    scalar.node,
                    value,
                    flow=scalar.flow,
                    newline=self.newline,
                    key=scalar.key,
                )
            )
        if self.language is not None:
            for node, role in self.languages:
                if role == "tag":  # (in the case it wrote its own: Hugo's en-us as de-de)
                    code: str | None = tag_code(node.value, self.language)
                    if self._chirpy() and "_" not in node.value:  # (not og:locale's en_US)
                        code = _chirpy_code(self.language)
                elif role == "key":  # (a language's key, as Hugo's i18n files are named)
                    code = retagged(node.value, self.language).lower()
                elif role == "search":
                    code = _search_code(self.language)
                elif role == "sphinx":
                    code = _sphinx_code(self.language)
                else:
                    code = _theme_code(self.language, role)
                if code is not None and code != node.value:
                    edits.append(
                        i18n_yaml.scalar_edit(
                            self.source, node, code, flow=False, newline=self.newline
                        )
                    )
            added = self._added(self.language) if self._unset() else None
            if added is not None:
                edits.append((added[0], added[0], added[1]))
        return self.encoding.encode(edited(self.source, edits))


def languages_note(name: str, keys: Sequence[str], default: str) -> Note:
    """That a Hugo site is built in several languages, and what of it is translated."""
    # Its other languages' pages are kept (a folder names each one's), and their texts; the
    # default language's are translated under its key, which its contentDir and links name:
    # renamed, Hugo found no pages for it.
    return Note(
        f"{name} builds the site in several languages ({', '.join(keys)}): the default "
        f"language's ({default}) title, descriptions and menus are translated under its own "
        "key, so its pages are the target's; the other languages' are kept",
        "document.site_languages",
        {"name": name, "languages": ", ".join(keys), "default": default},
    )


def language_key_note(name: str, named: str, key: str) -> Note:
    """That a Hugo site in one language keeps its key (``named``), and how to make ``key``,
    the target's, the site's."""
    # (renamed, the language's files, page.en.md, menus.en.yaml, i18n/en.yaml, and links that
    # name it, lang="en", no longer found it)
    return Note(
        f"{name} builds the site in one language, {named}, which its files and links may "
        f"name: its texts are translated under that key, and the theme's own words (its "
        f"i18n/{named} file) stay in the source's language; rename the language {key} (its "
        "key under languages and defaultContentLanguage) where nothing else names it",
        "document.site_language_key",
        {"name": name, "key": named, "language": key},
    )


def unset_note(name: str, language: Language) -> Note:
    """That the settings set no language and Quire could not add one."""
    return Note(
        f"{name} does not set the site's language, and Quire could not add the setting: set "
        f"it to {language.tag}, or the theme's own words (its search box, its menus) stay in "
        "the source's language",
        "document.site_language_unset",
        {"name": name, "language": language.tag},
    )


def copied_note(name: str) -> Note:
    """That the settings hold nothing a reader sees, and are copied."""
    return Note(
        f"{name} has no text to translate, only settings: it is copied as it is",
        "document.no_text_copied",
        {"name": name},
    )


def tag_code(value: str, language: Language) -> str:
    """A language tag setting's value for ``language``, in the case the file wrote its own
    (Hugo's ``en-us`` as ``de-de``)."""
    code = retagged(value, language)
    return code.lower() if value.islower() and "-" in value else code


def _value(node: yaml.Node | None, key: str) -> yaml.Node | None:
    """The value of ``key`` in a mapping ``node``; None where it has none."""
    if not isinstance(node, yaml.MappingNode):
        return None
    return next((v for k, v in node.value if getattr(k, "value", None) == key), None)


def _search_code(language: Language) -> str | None:
    """The code lunr takes for ``language`` (Norwegian's ``no``); None where it has none."""
    code = "no" if language.language in ("nb", "nn") else language.language
    return code if code in _LUNR else None


def _chirpy_code(language: Language) -> str:
    """The locale Chirpy has for ``language`` (``de-DE``, ``zh-CN``, ``ar``); its culture
    (``de-DE``) where it has none."""
    return next((c for c in (language.culture, language.tag) if c in _CHIRPY), language.culture)


def _sphinx_code(language: Language) -> str:
    """The code Sphinx takes for ``language``, as its catalogs are named: ``de``, ``pt_BR``,
    ``zh_CN``, ``zh_TW``."""
    regional = language.region is not None or language.language == "zh"
    return language.locale if regional else language.language


def _theme_code(language: Language, role: str) -> str | None:
    """The code a theme takes for ``language``, as it spells it (Material's ``zh`` for
    Simplified Chinese, ``zh-Hant``, ``pt-BR``; MkDocs' ``zh_CN``); None where it has none."""
    codes = _THEMES[role][1]
    tag, culture = language.tag, language.culture
    candidates = [
        tag,
        culture,
        language.locale,
        # (a bare zh is Simplified: Material's zh; Norwegian is Bokmål: nb)
        language.language if language.script is None else "",
        culture.split("-")[0] if language.script is None else "",
    ]
    if role == "locale":
        candidates = [c.replace("-", "_") for c in candidates]
    return next((c for c in candidates if c in codes), None)


def read(data: bytes, path: Path, *, encoding: str | None = None) -> Document:
    text, found = decode_text(data, path, "YAML", encoding=encoding)
    if not text.strip():
        raise empty_file(path)
    try:
        documents = [d for d in yaml.compose_all(text, Loader=_LOADER) if d is not None]
    except yaml.YAMLError:  # (the locale files' reader says where it is not YAML)
        return i18n_yaml.read(data, path, encoding=encoding)
    if not documents and path.name not in _MAYBE_HUGO:
        # (minima's _config.yml is comments alone, every setting its default: copied, so
        # that a mirrored site has it; refused, the --mirror failed and left it out)
        return SiteSettings(path, text, found, None)
    root = documents[0] if len(documents) == 1 else None
    if not isinstance(root, yaml.MappingNode) or not (
        path.name not in _MAYBE_HUGO
        or any(
            isinstance(k, yaml.ScalarNode) and k.value.lower() == "baseurl" for k, _ in root.value
        )
    ):
        # (another program's config.yml, or no one mapping of settings: read as YAML is)
        return i18n_yaml.read(data, path, encoding=encoding)
    return SiteSettings(path, text, found, root)


__all__ = [
    "KINDS",
    "MARKDOWN",
    "PATTERN",
    "SiteSettings",
    "copied_note",
    "hugo_languages",
    "hugo_role",
    "language_key_note",
    "languages_note",
    "read",
    "tag_code",
    "unset_note",
    "words",
]
