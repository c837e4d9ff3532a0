"""A documentation site's settings file as its tool writes it (``mkdocs new``'s, Material for
MkDocs' docs' shape, ``quarto create``'s book, website and blog, ``jekyll new``'s, an
Antora component's, Hugo's): only what a reader of the site sees is translated, its language
names the target, and PyYAML reads the translation as the same settings otherwise."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from engine.cli.main import main
from engine.documents import Document, open_document
from engine.documents.folders import folder_documents
from engine.documents.i18n_yaml import YamlDocument
from engine.documents.language import target_language
from engine.documents.registry import SITE_SETTINGS
from engine.documents.siteconf import KINDS, SiteSettings
from tests.fixtures.builder import exported

# Material's docs' mkdocs.yml, in its shape: tags MkDocs constructs (!!python/name:,
# !!python/object/apply:, !ENV), a nested nav with index pages and an address, palette
# toggles, plugins with settings.
MATERIAL = """\
# Project information
site_name: Material for MkDocs
site_url: https://squidfunk.github.io/mkdocs-material/
site_author: Martin Donath
site_description: >-
  Write your documentation in Markdown and create a professional static site in
  minutes – searchable, customizable, in 60+ languages, for all devices

repo_name: squidfunk/mkdocs-material
copyright: Copyright &copy; 2016 - 2023 Martin Donath

theme:
  name: material
  custom_dir: material/overrides
  language: en
  features:
    - navigation.tabs
    - search.suggest
  palette:
    - scheme: default
      toggle:
        icon: material/brightness-7
        name: Switch to dark mode
    - scheme: slate
      toggle:
        icon: material/brightness-4
        name: Switch to light mode
  font:
    text: Roboto

plugins:
  - blog
  - search:
      separator: '[\\s\\-,:!=\\[\\]()"`/]+|\\.(?!\\d)'

extra:
  analytics:
    provider: google
    property: !ENV GOOGLE_ANALYTICS_KEY
  social:
    - icon: fontawesome/brands/github
      link: https://github.com/squidfunk

markdown_extensions:
  - admonition
  - pymdownx.emoji:
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
      emoji_index: !!python/name:material.extensions.emoji.twemoji
  - pymdownx.tabbed:
      slugify: !!python/object/apply:pymdownx.slugs.slugify
        kwds:
          case: lower

nav:
  - Home: index.md
  - Getting started:
    - Installation: getting-started.md
    - Changelog:
      - changelog/index.md
      - How to upgrade: upgrade.md
    - Contributing:
      - Asking a question: https://github.com/squidfunk/mkdocs-material/discussions
  - Reference:
    - reference/index.md
    - Icons, Emojis: reference/icons-emojis.md
"""
# What ``quarto create project book`` and ``… website`` write (their templates filled in).
QUARTO_BOOK = """\
project:
  type: book

book:
  title: "Sailing the Seven Seas"
  author: "Norah Jones"
  date: "3/5/2025"
  chapters:
    - index.qmd
    - part: "Getting started"
      chapters:
        - intro.qmd
    - part: tools.qmd
      chapters:
        - summary.qmd
    - references.qmd

bibliography: references.bib
lang: en

format:
  html:
    theme:
      - cosmo
      - brand
  pdf:
    documentclass: scrreprt

editor: visual
"""
QUARTO_WEBSITE = """\
project:
  type: website

website:
  description: "A blog built with Quarto"
  site-url: https://your-website-url.example.com # you must change this appropriately
  title: "Field notes"
  navbar:
    left:
      - href: index.qmd
        text: Home
      - about.qmd
    right:
      - icon: github
        href: https://github.com/
  sidebar:
    contents:
      - section: "Basics"
        contents:
          - text: "First steps"
            href: first.qmd
  page-footer:
    left: "Copyright 2025, Norah Jones"

format:
  html:
    theme:
      - cosmo
      - brand
    css: styles.css
    toc: true
"""
# ``jekyll new``'s (Jekyll 4), with minima's language key.
JEKYLL = """\
# Welcome to Jekyll!
#
# This config file is meant for settings that affect your whole blog.

# Site settings
title: Your awesome title
email: your-email@example.com
description: >- # this means to ignore newlines until "baseurl:"
  Write an awesome description for your new site here. You can edit this
  line in _config.yml. It will appear in your document head meta (for
  Google search results) and in your feed.xml site description.
baseurl: "" # the subpath of your site, e.g. /blog
url: "" # the base hostname & protocol for your site, e.g. http://example.com
twitter_username: jekyllrb
github_username:  jekyll
lang: en_US

# Build settings
theme: minima
plugins:
  - jekyll-feed
"""
ANTORA = """\
name: component-b
title: Component B
version: '2.0'
display_version: '2.0 Beta'
start_page: ROOT:index.adoc
nav:
- modules/ROOT/nav.adoc
- modules/get-started/nav.adoc
"""
HUGO = """\
baseURL: https://example.org/
languageCode: en-us
title: My New Hugo Site
theme: ananke
params:
  description: Notes on sailing
  mainSections:
    - posts
menus:
  main:
    - name: Home
      pageRef: /
      weight: 10
    - name: Posts
      pageRef: /posts
"""


class _Loader(yaml.SafeLoader):
    """PyYAML reading what MkDocs constructs as the tag and its value, so that a tag's
    value is compared too."""


def _tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return (suffix, loader.construct_scalar(node))
    if isinstance(node, yaml.SequenceNode):
        return (suffix, loader.construct_sequence(node, deep=True))
    assert isinstance(node, yaml.MappingNode)
    return (suffix, loader.construct_mapping(node, deep=True))


_Loader.add_multi_constructor("!", _tagged)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _tagged)


def loaded(text: str | bytes) -> Any:
    return yaml.load(text, Loader=_Loader)  # (a SafeLoader: it constructs no object)


def german(document: Document) -> str:
    """The document written with each unit marked as translated ("[de] …": a plain scalar
    or key cannot begin so, a quoted one is written)."""
    texts = [f"[de] {unit.text}" for unit in document.units]
    return document.write(texts, language=target_language("de")).decode("utf-8")


def site(tmp_path: Path, name: str, text: str) -> Document:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return open_document(path)


def _set(data: Any, keys: list[str], value: Any) -> None:
    for key in keys[:-1]:
        data = data[int(key)] if isinstance(data, list) else data[key]
    data[keys[-1]] = value


def marked(data: Any, ids: list[str], titles: tuple[str, ...] = ()) -> Any:
    """``data`` with each of ``ids``' values marked as ``german`` marks it, and each
    navigation title under ``titles`` (a key there, its value kept)."""
    data = copy.deepcopy(data)
    for unit_id in reversed(ids):  # (a section's title after its pages')
        keys = unit_id.split(".")
        parent: Any = data
        for key in keys[:-1]:
            parent = parent[int(key)] if isinstance(parent, list) else parent[key]
        if unit_id.startswith(titles):  # (a title: its mapping's one key)
            parent[f"[de] {keys[-1]}"] = parent.pop(keys[-1])
        else:
            _set(data, keys, f"[de] {parent[keys[-1]]}")
    return data


def test_the_names_read_as_a_sites_settings_are_the_registrys() -> None:
    assert set(KINDS) == SITE_SETTINGS


def test_mkdocs_new_s_settings_translate_the_site_name(tmp_path: Path) -> None:
    document = site(tmp_path, "mkdocs.yml", "site_name: My Docs\n")
    assert isinstance(document, SiteSettings)
    assert [(u.id, u.text) for u in document.units] == [("site_name", "My Docs")]
    assert german(document) == 'site_name: "[de] My Docs"\n'


def test_materials_settings_translate_the_site_and_its_navigation_titles(
    tmp_path: Path,
) -> None:
    """The plugins (``search``, ``blog``), the theme (``material``), features, icons, paths,
    addresses and tagged values were all sent as text: a translation model turned ``search``
    into ``Suche`` and the site no longer built. Only the titles are now, the navigation's
    written back as keys, and the theme's language is the target."""
    document = site(tmp_path, "mkdocs.yml", MATERIAL)
    ids = [unit.id for unit in document.units]
    assert ids == [
        "site_name",
        "site_description",
        "copyright",
        "theme.palette.0.toggle.name",
        "theme.palette.1.toggle.name",
        "nav.0.Home",
        "nav.1.Getting started",
        "nav.1.Getting started.0.Installation",
        "nav.1.Getting started.1.Changelog",
        "nav.1.Getting started.1.Changelog.1.How to upgrade",
        "nav.1.Getting started.2.Contributing",
        "nav.1.Getting started.2.Contributing.0.Asking a question",
        "nav.2.Reference",
        "nav.2.Reference.1.Icons, Emojis",
    ]
    copyright_unit = document.units[2]
    assert copyright_unit.fields == ("&copy;",)  # (an entity: written as it was)
    written = german(document)
    expected = marked(loaded(MATERIAL), ids, titles=("nav.",))
    expected["theme"]["language"] = "de"
    assert loaded(written) == expected
    assert 'copyright: "[de] Copyright &copy; 2016 - 2023 Martin Donath"\n' in written
    # Every other line as it was, in its place: the tags, the comments, the plugins.
    lines = iter(written.splitlines())
    for line in MATERIAL.splitlines():
        if not _holds_a_unit(line, document) and line != "  language: en":
            assert line in lines, line


def _holds_a_unit(line: str, document: Document) -> bool:
    texts = [unit.text.split("ZXQ")[0].strip() for unit in document.units]
    return any(t in line for t in texts) or any(line.strip() in t for t in texts if line.strip())


def test_a_title_left_as_it_was_keeps_its_bytes(tmp_path: Path) -> None:
    document = site(tmp_path, "mkdocs.yml", MATERIAL)
    texts = [unit.text for unit in document.units]
    assert document.write(texts).decode("utf-8") == MATERIAL


@pytest.mark.parametrize(
    ("target", "code"), [("zh", "zh"), ("zh-Hant", "zh-Hant"), ("pt-BR", "pt-BR"), ("no", "nb")]
)
def test_materials_language_is_the_code_material_has(
    tmp_path: Path, target: str, code: str
) -> None:
    document = site(
        tmp_path, "mkdocs.yml", "site_name: Docs\ntheme:\n  name: material\n  language: en\n"
    )
    language = target_language(target)
    assert language is not None
    document.check_target(language)
    written = document.write(["Doku"], language=language).decode("utf-8")
    assert loaded(written)["theme"]["language"] == code
    assert not document.notes


def test_a_language_the_theme_lacks_is_kept_with_a_note(tmp_path: Path) -> None:
    """Material has no Irish (its build fails on a language it has no file for), MkDocs'
    own theme no Korean (a --strict build fails on its warning): the setting is kept."""
    text = "site_name: Docs\ntheme:\n  name: material\n  language: en\n"
    document = site(tmp_path, "mkdocs.yml", text)
    language = target_language("ga")
    assert language is not None
    document.check_target(language)
    assert loaded(document.write(["Doiciméid"], language=language))["theme"]["language"] == "en"
    assert [(n.message_id, dict(n.params)) for n in document.notes] == [
        ("document.theme_no_language", {"theme": "Material for MkDocs", "language": "ga"})
    ]
    builtin = site(
        tmp_path, "mkdocs.yaml", "site_name: Docs\ntheme:\n  name: mkdocs\n  locale: en\n"
    )
    for target, locale in (("ko", "en"), ("zh", "zh_CN"), ("pt-BR", "pt_BR")):
        language = target_language(target)
        assert language is not None
        written = builtin.write(["x"], language=language)
        assert loaded(written)["theme"]["locale"] == locale


def test_quartos_book_translates_its_title_and_parts_not_its_files(tmp_path: Path) -> None:
    document = site(tmp_path, "_quarto.yml", QUARTO_BOOK)
    ids = [unit.id for unit in document.units]
    assert ids == ["book.title", "book.chapters.1.part"]
    expected = marked(loaded(QUARTO_BOOK), ids)
    expected["lang"] = "de"
    assert loaded(german(document)) == expected


def test_quartos_website_translates_its_navigation_texts(tmp_path: Path) -> None:
    document = site(tmp_path, "_quarto.yml", QUARTO_WEBSITE)
    ids = [unit.id for unit in document.units]
    assert ids == [
        "website.description",
        "website.title",
        "website.navbar.left.0.text",
        "website.sidebar.contents.0.section",
        "website.sidebar.contents.0.contents.0.text",
        "website.page-footer.left",
    ]
    expected = marked(loaded(QUARTO_WEBSITE), ids)
    expected["lang"] = "de"  # (it set none: added, at the end)
    assert loaded(german(document)) == expected
    assert german(document).endswith("    toc: true\nlang: de\n")


def test_jekylls_settings_translate_the_title_and_description(tmp_path: Path) -> None:
    """The description is a folded block, as ``jekyll new`` writes it; the theme, the
    plugins and the accounts are kept, and the locale names the target as it named its own."""
    document = site(tmp_path, "_config.yml", JEKYLL)
    ids = [unit.id for unit in document.units]
    assert ids == ["title", "description"]
    written = german(document)
    expected = marked(loaded(JEKYLL), ids)
    expected["lang"] = "de_DE"
    assert loaded(written) == expected
    assert 'description: >- # this means to ignore newlines until "baseurl:"\n' in written


def test_an_antora_component_translates_its_title_not_its_version(tmp_path: Path) -> None:
    document = site(tmp_path, "antora.yml", ANTORA)
    assert [unit.id for unit in document.units] == ["title"]
    assert loaded(german(document)) == marked(loaded(ANTORA), ["title"])


# Antora's quickstart playbook (docs.antora.org), with a language attribute for every page.
PLAYBOOK = """\
site:
  title: Demo Docs Site
  url: https://my-antora-site.org
  start_page: component-b::index.adoc
content:
  sources:
  - url: https://gitlab.com/antora/demo/demo-component-a.git
    branches: HEAD
  - url: https://gitlab.com/antora/demo/demo-component-b.git
    branches: [v2.0, v1.0]
    start_path: docs
ui:
  bundle:
    url: https://gitlab.com/antora/antora-ui-default/-/jobs/artifacts/HEAD/raw/build/ui-bundle.zip?job=bundle-stable
    snapshot: true
asciidoc:
  attributes:
    lang: en
    page-toclevels: 2
"""


def test_an_antora_playbook_translates_its_sites_title_alone(tmp_path: Path) -> None:
    """Read as a locale file, every string was sent: the start page
    (``component-b::index.adoc``), the branches (``HEAD``) and ``lang: en`` came back
    translated, and Antora found none of them. A folder takes it as a site's settings, and
    leaves an Ansible playbook."""
    for name in ("antora-playbook.yml", "antora-playbook.yaml"):
        document = site(tmp_path, name, PLAYBOOK)
        assert [unit.id for unit in document.units] == ["site.title"]
        expected = marked(loaded(PLAYBOOK), ["site.title"])
        expected["asciidoc"]["attributes"]["lang"] = "de"
        assert loaded(german(document)) == expected
    (tmp_path / "playbook.yml").write_text("- hosts: all\n  tasks:\n  - name: Greet\n")
    found, skipped = folder_documents(tmp_path, "de")
    assert [p.name for p in found] == ["antora-playbook.yaml", "antora-playbook.yml"]
    assert [s.path.name for s in skipped] == ["playbook.yml"]


def test_an_anchored_value_is_kept(tmp_path: Path) -> None:
    """``title: &t My Site`` with ``name: *t``: translated, the alias elsewhere took the
    translation too, where the author meant the same value; kept, as in front matter."""
    text = "title: &t My Site\ndescription: A blog\nauthor:\n  name: *t\n"
    document = site(tmp_path, "_config.yml", text)
    assert [u.id for u in document.units] == ["description"]
    assert loaded(german(document)) == {
        **marked(loaded(text), ["description"]),
        "lang": "de",
    }


# cotes2020/chirpy-starter's _config.yml (its head); Minimal Mistakes' names its locale so.
CHIRPY = """\
# The Site Configuration

# Import the theme
theme: jekyll-theme-chirpy

# The language of the webpage › http://www.lingoes.net/en/translator/langcode.htm
# If it has the same name as one of the files in folder `_data/locales`, the layout
# language will also be changed, otherwise, it will use the default value of 'en'.
lang: en

# Change to your timezone › https://kevinnovak.github.io/Time-Zone-Picker
timezone: Asia/Shanghai

title: Chirpy # the main title

tagline: A text-focused Jekyll theme # it will display as the subtitle
"""


def test_a_jekyll_theme_with_regional_locales_gets_the_targets_with_its_region(
    tmp_path: Path,
) -> None:
    """Chirpy's locale files are named with a region (de-DE.yml): lang: de found none, and
    its layout fell back to English. Minimal Mistakes' en-US names its region already."""
    chinese = target_language("zh")
    assert chinese is not None
    document = site(tmp_path, "_config.yml", CHIRPY)
    assert loaded(german(document))["lang"] == "de-DE"
    assert (
        loaded(document.write([u.text for u in document.units], language=chinese))["lang"]
        == "zh-CN"
    )
    unset = site(tmp_path, "_config.yml", CHIRPY.replace("lang: en\n", ""))
    assert loaded(german(unset))["lang"] == "de-DE"
    minimal = site(tmp_path, "_config.yml", 'locale: "en-US"\ntitle: Site\n')
    assert loaded(german(minimal))["locale"] == "de-DE"
    other = site(tmp_path, "_config.yml", CHIRPY.replace("jekyll-theme-chirpy", "minima"))
    assert loaded(german(other))["lang"] == "de"  # (minima's: lang as the file wrote it)


# adityatelange/hugo-PaperMod's exampleSite config.yml (its params, cut).
PAPERMOD = """\
baseURL: "https://adityatelange.github.io/hugo-PaperMod/"
title: PaperMod
theme: hugo-PaperMod
defaultContentLanguage: en
params:
  profileMode:
    enabled: false
    title: PaperMod
    imageUrl: "#"
    imageTitle: my image
    buttons:
      - name: Archives
        url: archives
  homeInfoParams:
    Title: "PaperMod's Demo"
    Content: |
      A clean, fast, and responsive Hugo theme. [Read more..](/about/)
      - Explore the [Docs (Wiki)](https://github.com/adityatelange/hugo-PaperMod/wiki/).
  socialIcons:
    - name: github
      title: View Source on Github
      url: "https://github.com/adityatelange/hugo-PaperMod"
  editPost:
    URL: "https://github.com/adityatelange/hugo-PaperMod/tree/exampleSite/content"
    Text: "Suggest Changes" # edit text
    appendFilePath: true # to append file path to Edit link
"""


def test_papermods_words_on_its_home_page_and_every_page_are_translated(
    tmp_path: Path,
) -> None:
    """Its home page's greeting and text, its profile's title and buttons, the social icons'
    tips and "Suggest Changes" under every page stayed English; the icons' names (github),
    addresses and switches are kept, and the text's links are placeholders."""
    document = site(tmp_path, "config.yml", PAPERMOD)
    ids = [u.id for u in document.units]
    assert ids == [
        "title",
        "params.profileMode.title",
        "params.profileMode.imageTitle",
        "params.profileMode.buttons.0.name",
        "params.homeInfoParams.Title",
        "params.homeInfoParams.Content",
        "params.socialIcons.0.title",
        "params.editPost.Text",
    ]
    assert "/about/" not in document.units[5].text
    expected = marked(loaded(PAPERMOD), ids)
    expected.update(defaultContentLanguage="de", languageCode="de")
    assert loaded(german(document)) == expected


def test_hugos_settings_are_read_where_they_are_hugos(tmp_path: Path) -> None:
    """``hugo.yaml``, and a ``config.yaml`` with a site's address; another program's
    ``config.yml`` is read as YAML is, every string."""
    for name in ("hugo.yaml", "config.yaml"):
        document = site(tmp_path, name, HUGO)
        ids = [unit.id for unit in document.units]
        assert ids == ["title", "params.description", "menus.main.0.name", "menus.main.1.name"]
        expected = marked(loaded(HUGO), ids)
        # (``hugo new site``'s names no defaultContentLanguage: Hugo's, en, named the
        # theme's i18n file, and its words stayed English)
        expected.update(languageCode="de-de", defaultContentLanguage="de")
        assert loaded(german(document)) == expected
    other = site(tmp_path, "config.yml", "greeting: Hello\nfarewell: Goodbye\n")
    assert isinstance(other, YamlDocument) and len(other.units) == 2


def test_settings_with_nothing_a_reader_sees_are_copied(tmp_path: Path) -> None:
    document = site(tmp_path, "_config.yml", "markdown: kramdown\ntheme: minima\n")
    assert document.copied_without_text and not document.units
    assert document.notes[0].message_id == "document.no_text_copied"
    assert document.write([], language=target_language("de")) == (
        b"markdown: kramdown\ntheme: minima\n"
    )


def test_a_folder_takes_a_sites_settings_and_leaves_other_yaml(tmp_path: Path) -> None:
    for name, text in (
        ("mkdocs.yml", "site_name: Docs\n"),
        ("_quarto.yml", QUARTO_WEBSITE),
        ("config.yaml", HUGO),
        ("config.yml", "port: 8080\n"),  # (another program's)
        ("docker-compose.yml", "services:\n  web:\n    image: nginx\n"),
        ("mkdocs.de.yml", "site_name: Doku\n"),  # (an earlier translation)
    ):
        (tmp_path / name).write_text(text, encoding="utf-8")
    found, skipped = folder_documents(tmp_path, "de")
    assert [p.name for p in found] == ["_quarto.yml", "config.yaml", "mkdocs.yml"]
    assert {s.path.name: s.reason for s in skipped} == {
        "config.yml": "settings",
        "docker-compose.yml": "settings",
        "mkdocs.de.yml": "translation",
    }


# jekyll/minima's _config.yml (its head and tail): every setting a comment, the theme's
# defaults taken.
MINIMA = """\
# Site-wide settings
# ------------------
#
# title: Your awesome title
#
# author:
#   name: GitHub User
#   email: your-email@domain.com
#

# Build settings
# --------------
#
# theme: minima
#
# plugins:
#   - jekyll-feed
#   - jekyll-seo-tag
"""


def test_settings_of_comments_alone_are_copied_and_the_site_mirrored_whole(
    tmp_path: Path, quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """minima's _config.yml was refused ("The document has no text"): the --mirror failed
    with exit 1 and the translated site had no _config.yml."""
    from engine import Engine, EngineOptions

    document = site(tmp_path, "_config.yml", MINIMA)
    assert isinstance(document, SiteSettings) and document.copied_without_text
    assert [n.message_id for n in document.notes] == ["document.no_text_copied"]
    Engine(EngineOptions(home=quire_home)).import_model(exported("marian"), "opus-mt-en-de")
    source = tmp_path / "blog"
    source.mkdir()
    (source / "_config.yml").write_text(MINIMA, encoding="utf-8")
    (source / "index.md").write_text("---\nlayout: home\n---\n\nHello.\n", encoding="utf-8")
    out = tmp_path / "blog-de"
    argv = ["translate", "--from", "en", "--to", "de", "--recursive", "--mirror"]
    code = main([*argv, "-o", str(out), str(source)])
    _out, err = capsys.readouterr()
    assert code == 0, err
    assert (out / "_config.yml").read_text("utf-8") == MINIMA
    assert (out / "index.md").is_file()


def test_a_note_known_once_the_target_is_reaches_the_command_lines_output(
    tmp_path: Path, quire_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """That Material has no Irish is known once the target is, after the notes of the
    reading were said: only --json showed it, the normal output said "wrote …" alone."""
    from engine import Engine, EngineOptions

    Engine(EngineOptions(home=quire_home)).import_model(exported("marian"), "opus-mt-en-ga")
    source = tmp_path / "mkdocs.yml"
    source.write_text("site_name: Docs\ntheme:\n  name: material\n  language: en\n", "utf-8")
    code = main(["translate", "--from", "en", "--to", "ga", str(source)])
    _out, err = capsys.readouterr()
    assert code == 0, err
    assert "note: Material for MkDocs has no words for ga" in err
    assert loaded((tmp_path / "mkdocs.ga.yml").read_text("utf-8"))["theme"]["language"] == "en"


# pydantic's mkdocs.yml (its head): Material, named quoted, and no language.
PYDANTIC = """\
site_name: Pydantic Validation
site_description: Data validation using Python type hints
strict: true
site_url: https://docs.pydantic.dev/

theme:
  name: 'material'
  custom_dir: 'docs/theme'
  palette:
    - media: '(prefers-color-scheme)'
      primary: pink
"""
# just-the-docs' _config.yml (its site settings) and r4ds' _quarto.yml (its head and tail).
JUST_THE_DOCS = """\
# you will see them accessed via {{ site.title }}, {{ site.github_repo }}, and so on.
title: Just the Docs
description: A Jekyll theme for documentation
baseurl: "" # the subpath of your site, e.g. /blog
"""
R4DS = """\
project:
  type: book
  output-dir: _book

book:
  title: "R for Data Science (2e)"
  reader-mode: true

format:
  html:
    callout-appearance: simple

editor: source"""


@pytest.mark.parametrize(
    ("name", "text", "after", "line"),
    [
        ("mkdocs.yml", PYDANTIC, "  name: 'material'\n", "  language: de\n"),
        ("mkdocs.yml", "site_name: Docs\ntheme:\n  name: readthedocs\n", "", "  locale: de\n"),
        ("_config.yml", JUST_THE_DOCS, "title: Just the Docs\n", "lang: de\n"),
        ("_quarto.yml", R4DS, "editor: source", "\nlang: de\n"),
    ],
)
def test_a_site_that_sets_no_language_gets_the_targets(
    tmp_path: Path, name: str, text: str, after: str, line: str
) -> None:
    """Material's own mkdocs.yml, pydantic's, just-the-docs' _config.yml, quarto-web's and
    r4ds' _quarto.yml set no language: the translated site's theme said English (its search
    box, "Back to top") and its pages were marked lang="en". The setting is added where the
    tool reads it, and every other byte is as it was."""
    document = site(tmp_path, name, text)
    language = target_language("de")
    assert language is not None
    document.check_target(language)
    assert not document.notes
    written = document.write([u.text for u in document.units], language=language)
    at = text.index(after) + len(after) if after else len(text)
    assert written.decode("utf-8") == text[:at] + line + text[at:]


@pytest.mark.parametrize(
    "text",
    [
        "site_name: Docs\ntheme: {name: material, custom_dir: overrides}\n",
        "site_name: Docs\ntheme: material\n",
        "site_name: Docs\n",  # (MkDocs' own theme, named nowhere)
        "site_name: Docs\ntheme:\n  name: windmill\n",  # (a theme of its own settings)
    ],
)
def test_where_the_language_cannot_simply_be_added_a_note_says_so(
    tmp_path: Path, text: str
) -> None:
    document = site(tmp_path, "mkdocs.yml", text)
    language = target_language("de")
    assert language is not None
    document.check_target(language)
    assert [(n.message_id, dict(n.params)) for n in document.notes] == [
        ("document.site_language_unset", {"name": "mkdocs.yml", "language": "de"})
    ]
    assert document.write(["Doku"], language=language).decode("utf-8") == text.replace(
        "Docs", "Doku"
    )
    flow = site(tmp_path, "_quarto.yml", '{website: {title: "Notes"}}\n')
    flow.check_target(language)
    assert [n.message_id for n in flow.notes] == ["document.site_language_unset"]


def test_a_language_the_theme_lacks_is_not_added(tmp_path: Path) -> None:
    document = site(tmp_path, "mkdocs.yml", PYDANTIC)
    language = target_language("ga")
    assert language is not None
    document.check_target(language)
    assert [n.message_id for n in document.notes] == ["document.theme_no_language"]
    written = document.write([u.text for u in document.units], language=language)
    assert written.decode("utf-8") == PYDANTIC


# A site built in English and French with mkdocs-static-i18n, as its documentation sets it
# up (its tests' languages: the default one's nav_translations too).
I18N_PLUGIN = """\
site_name: Multilingual Docs
theme:
  name: material
  language: en
plugins:
  - search
  - i18n:
      docs_structure: suffix
      languages:
        - locale: en
          default: true
          name: English
          build: true
          nav_translations:
            Named File: Renamed File
        - locale: fr
          name: Français
          build: true
          site_name: Documentation multilingue
          nav_translations:
            Home: Accueil
            Named File: Fichier Nommé
nav:
  - Home: index.md
  - Named File: named.md
"""


def test_a_site_the_i18n_plugin_builds_in_several_languages_keeps_what_they_share(
    tmp_path: Path,
) -> None:
    """Its nav titles were translated: French's nav_translations, which map from them, no
    longer matched, and /fr/ showed the German titles; the theme's language was set where the
    plugin's locale sets it. The nav keys and the theme are kept, the site name (French has its
    own) and the default language's own titles are translated, and a note says to add the
    target as one of the plugin's languages."""
    document = site(tmp_path, "mkdocs.yml", I18N_PLUGIN)
    prefix = "plugins.1.i18n.languages.0."
    assert [u.id for u in document.units] == ["site_name", prefix + "nav_translations.Named File"]
    language = target_language("de")
    assert language is not None
    document.check_target(language)
    assert [(n.message_id, dict(n.params)) for n in document.notes] == [
        ("document.site_i18n_plugin", {"name": "mkdocs.yml", "languages": "en, fr"})
    ]
    expected = marked(loaded(I18N_PLUGIN), [u.id for u in document.units])
    assert loaded(german(document)) == expected
    # French without a site name of its own takes the file's: kept.
    shared = I18N_PLUGIN.replace("          site_name: Documentation multilingue\n", "")
    assert [u.id for u in site(tmp_path, "mkdocs.yml", shared).units] == [
        prefix + "nav_translations.Named File"
    ]


# mkdocs-static-i18n 0.x's form (its README at 0.56): languages a mapping by locale,
# nav_translations beside them, by locale; the default language names none of its own.
I18N_PLUGIN_0 = """\
site_name: My Project
theme:
  name: material
  language: en
plugins:
  - search
  - i18n:
      default_language: en
      languages:
        en:
          name: English
          build: true
        fr:
          name: Français
          build: true
          site_name: Mon projet
      nav_translations:
        en:
          Setup: Installation
        fr:
          Home: Accueil
          Setup: Installation
nav:
  - Home: index.md
  - Setup: setup.md
"""


def test_the_i18n_plugins_0x_form_keeps_what_its_languages_share(tmp_path: Path) -> None:
    """Its languages are a mapping: the site was read as one language's, so its nav titles
    were translated (French's nav_translations no longer matched them) and the theme's
    language set where the plugin's locale sets it."""
    document = site(tmp_path, "mkdocs.yml", I18N_PLUGIN_0)
    ids = [u.id for u in document.units]
    assert ids == ["site_name", "plugins.1.i18n.nav_translations.en.Setup"]
    language = target_language("de")
    assert language is not None
    document.check_target(language)
    assert [(n.message_id, dict(n.params)) for n in document.notes] == [
        ("document.site_i18n_plugin", {"name": "mkdocs.yml", "languages": "en, fr"})
    ]
    assert loaded(german(document)) == marked(loaded(I18N_PLUGIN_0), ids)
    # A language named by a string alone takes the file's site name: kept.
    french = "name: Français\n          build: true\n          site_name: Mon projet\n"
    short = I18N_PLUGIN_0.replace("fr:\n          " + french, "fr: Français\n")
    assert "fr: Français" in short
    assert [u.id for u in site(tmp_path, "mkdocs.yml", short).units] == [
        "plugins.1.i18n.nav_translations.en.Setup"
    ]


# google/docsy-example's hugo.yaml (its languages, cut to two).
DOCSY = """\
baseURL: https://example.docsy.dev
title: Goldydocs

contentDir: content/en
defaultContentLanguage: en
defaultContentLanguageInSubdir: false

languages:
  en:
    label: English
    title: Goldydocs
    params:
      description: A Docsy example site
  no:
    label: Norsk
    contentDir: content/no
    title: Gulldoks
    params:
      description: Docsy er operativsystem for skyen
"""


def test_hugos_default_language_gets_its_own_texts_translated(tmp_path: Path) -> None:
    """docsy-example's languages.en.title overrides the top-level title: only that one was
    translated, and the site still said Goldydocs. The default language's own texts are
    translated too; the other languages', their keys and the default's are kept, and a note
    says the site is built in several languages."""
    document = site(tmp_path, "hugo.yaml", DOCSY)
    ids = [unit.id for unit in document.units]
    assert ids == ["title", "languages.en.title", "languages.en.params.description"]
    assert [(n.message_id, dict(n.params)) for n in document.notes] == [
        (
            "document.site_languages",
            {"name": "hugo.yaml", "languages": "en, no", "default": "en"},
        )
    ]
    assert loaded(german(document)) == marked(loaded(DOCSY), ids)


def test_a_single_language_hugo_site_names_the_target_as_its_content_language(
    tmp_path: Path,
) -> None:
    """defaultContentLanguage: en was kept, so a theme's own words (its i18n/en.toml) stayed
    English on the German pages."""
    text = HUGO.replace("title:", "defaultContentLanguage: en\ntitle:")
    document = site(tmp_path, "hugo.yaml", text)
    written = loaded(german(document))
    assert (written["defaultContentLanguage"], written["languageCode"]) == ("de", "de-de")
    assert not document.notes
    chinese = target_language("zh")
    assert chinese is not None
    written = loaded(document.write([u.text for u in document.units], language=chinese))
    assert written["defaultContentLanguage"] == "zh-cn"  # (Hugo's i18n/zh-cn.toml)


def test_a_hugo_site_that_sets_no_language_gets_the_targets(tmp_path: Path) -> None:
    """A hugo.yaml with neither defaultContentLanguage nor languageCode was written as it
    was: Hugo's default, en, named the theme's i18n file and the pages' lang, so the German
    pages said "Read more" and were marked English (checked with hugo 0.111: now
    ``lang="de"`` and the theme's i18n/de.yaml). Both come after the title, every other byte
    kept; a file of Hugo's config folder, whose languages.yaml may set them, gets a note."""
    text = HUGO.replace("languageCode: en-us\n", "")
    document = site(tmp_path, "hugo.yaml", text)
    written = german(document)
    added = "defaultContentLanguage: de\nlanguageCode: de\n"
    title = "title: My New Hugo Site\n"
    assert written.startswith(text.split(title)[0] + 'title: "[de] My New Hugo Site"\n' + added)
    ids = [u.id for u in document.units]
    assert loaded(written) == {
        **marked(loaded(text), ids),
        "defaultContentLanguage": "de",
        "languageCode": "de",
    }
    folder = tmp_path / "config" / "_default"
    folder.mkdir(parents=True)
    document = site(folder, "hugo.yaml", text)
    language = target_language("de")
    assert language is not None
    document.check_target(language)
    assert [n.message_id for n in document.notes] == ["document.site_language_unset"]
    assert "defaultContentLanguage" not in german(document)


def test_a_hugo_site_in_one_named_language_keeps_its_key_with_a_note(tmp_path: Path) -> None:
    """docsy-example's one language, en, is named by its files and links too (page.en.md,
    menus.en.yaml, lang="en"): renamed, Hugo found none of them. Its key is kept, its
    texts translated, and a note says how to make the target the site's language."""
    text = DOCSY.split("  no:\n")[0]
    document = site(tmp_path, "hugo.yaml", text)
    language = target_language("de")
    assert language is not None
    document.check_target(language)
    assert [(n.message_id, dict(n.params)) for n in document.notes] == [
        ("document.site_language_key", {"name": "hugo.yaml", "key": "en", "language": "de"})
    ]
    ids = [u.id for u in document.units]
    assert loaded(german(document)) == marked(loaded(text), ids)


# What ``jupyter-book create`` writes (jupyter-book 1.0's book template), with the footer and
# navbar its docs show and Sphinx settings.
JUPYTER_BOOK = """\
# Book settings
# Learn more at https://jupyterbook.org/customize/config.html

title: My sample book
author: The Jupyter Book Community
logo: logo.png

# Force re-execution of notebooks on each build.
execute:
  execute_notebooks: force

bibtex_bibfiles:
  - references.bib

repository:
  url: https://github.com/executablebooks/jupyter-book  # Online location of your book
  path_to_book: docs  # Optional path to your book, relative to the repository root
  branch: master  # Which branch of the repository should be used when creating links

html:
  use_issues_button: true
  use_repository_button: true
  extra_footer: Built with care by the team
  extra_navbar: Powered by <a href="https://jupyterbook.org">Jupyter Book</a>
sphinx:
  config:
    html_show_copyright: false
"""


def test_jupyter_books_settings_set_sphinxs_language_not_jekylls(tmp_path: Path) -> None:
    """Read as Jekyll's, its footer and navbar stayed English under every page and a
    top-level lang: was added, which Jupyter Book ignores (Sphinx's language sets the pages'
    and the theme's): now the footer and navbar are translated (their tags placeholders) and
    the language goes in its Sphinx settings, as Sphinx names its catalogs."""
    document = site(tmp_path, "_config.yml", JUPYTER_BOOK)
    ids = [u.id for u in document.units]
    assert ids == ["title", "html.extra_footer", "html.extra_navbar"]
    assert document.units[2].text.count("Jupyter Book") == 1
    assert "href" not in document.units[2].text
    written = german(document)
    assert "\nlang:" not in written
    expected = marked(loaded(JUPYTER_BOOK), ids)
    expected["sphinx"]["config"] = {"language": "de", "html_show_copyright": False}
    assert loaded(written) == expected
    chinese = target_language("zh")
    assert chinese is not None
    english = JUPYTER_BOOK.replace("    html_show", "    language: en\n    html_show")
    document = site(tmp_path, "_config.yml", english)
    assert (
        loaded(document.write([u.text for u in document.units], language=chinese))["sphinx"][
            "config"
        ]["language"]
        == "zh_CN"
    )
    # No Sphinx settings to add it to: a note.
    document = site(tmp_path, "_config.yml", JUPYTER_BOOK.split("sphinx:")[0])
    language = target_language("de")
    assert language is not None
    document.check_target(language)
    assert [n.message_id for n in document.notes] == ["document.site_language_unset"]
    assert "lang" not in german(document)


# quarto-web's _quarto.yml: its footer, Markdown (a linked logo, its attributes), and a
# description with inline code.
QUARTO_WEB = """\
website:
  title: "Quarto"
  description: "Docs for `quarto render` and [Pandoc](https://pandoc.org)"
  page-footer:
    left: |
      Proudly supported by
      [![](/images/Posit-Logos-2024_horiz-full-color.svg){fig-alt="Posit" width=65px .light-content}](https://posit.co)
lang: en
"""


def test_markdown_in_quartos_footer_and_description_is_kept_out_of_the_words(
    tmp_path: Path,
) -> None:
    """quarto-web's footer was sent whole, its image's path, attributes and link's address
    with the words, for a model to translate or drop. They are placeholders now; a link's
    text is still words."""
    document = site(tmp_path, "_quarto.yml", QUARTO_WEB)
    description, footer = document.units[1], document.units[2]
    assert description.fields == ("`quarto render`", "[", "](https://pandoc.org)")
    assert footer.fields == (
        "[",
        "![",
        "](/images/Posit-Logos-2024_horiz-full-color.svg)",
        '{fig-alt="Posit" width=65px .light-content}',
        "](https://posit.co)",
    )
    assert "Pandoc" in description.text and "Proudly supported by" in footer.text
    written, source = loaded(german(document))["website"], loaded(QUARTO_WEB)["website"]
    assert written["page-footer"]["left"] == "[de] " + source["page-footer"]["left"]
    assert written["description"] == "[de] " + source["description"]


# quarto-web's _quarto.yml (its navbar's logo and tools, a footer's icons), with what
# ``quarto create project book`` users set for Quarto's own words (its _language.yml's).
QUARTO_WORDS = """\
website:
  page-footer:
    right:
      - icon: github
        href: https://github.com/quarto-dev/quarto-cli
        aria-label: Quarto GitHub
  navbar:
    logo: quarto.png
    logo-alt: "Quarto logo."
    tools:
      - icon: bluesky
        href: https://bsky.app/profile/quarto.org
        aria-label: Quarto Bluesky
lang: en
toc-title: Contents
language:
  search-no-results-text: Nothing found
crossref:
  fig-title: Figure
  tbl-prefix: table
  title-delim: ":"
  labels: arabic
  custom:
    - kind: float
      key: vid
      reference-prefix: Video
format:
  html:
    toc-title: On this page
    code-summary: Show the code
    theme: cosmo
"""


def test_quartos_own_words_the_author_set_are_translated(tmp_path: Path) -> None:
    """A table of contents' title, the crossref's figure titles and prefixes, Quarto's
    language overrides, a logo's alternative text and an icon's label replace Quarto's own
    words for lang: they stayed English beside lang: de, on every page. Their formats
    (``arabic``, ``:``) and the custom kind's key are kept."""
    document = site(tmp_path, "_quarto.yml", QUARTO_WORDS)
    ids = [u.id for u in document.units]
    assert ids == [
        "website.page-footer.right.0.aria-label",
        "website.navbar.logo-alt",
        "website.navbar.tools.0.aria-label",
        "toc-title",
        "language.search-no-results-text",
        "crossref.fig-title",
        "crossref.tbl-prefix",
        "crossref.custom.0.reference-prefix",
        "format.html.toc-title",
        "format.html.code-summary",
    ]
    expected = marked(loaded(QUARTO_WORDS), ids)
    expected["lang"] = "de"
    assert loaded(german(document)) == expected


def test_the_search_plugins_language_is_the_targets_where_lunr_has_it(tmp_path: Path) -> None:
    """``lang: en`` was kept beside ``theme.language: de``: German pages were searched with
    English stemming and stop words. Irish, which lunr lacks, keeps it, with a note."""
    text = (
        "site_name: Docs\ntheme:\n  name: material\n  language: en\n"
        "plugins:\n  - search:\n      lang: en\n      separator: '[\\s\\-]+'\n"
    )
    document = site(tmp_path, "mkdocs.yml", text)
    for target, code in (("de", "de"), ("nb", "no"), ("zh-Hant", "zh")):
        language = target_language(target)
        assert language is not None
        written = loaded(document.write(["Doku"], language=language))
        assert written["plugins"][0]["search"] == {"lang": code, "separator": "[\\s\\-]+"}
    irish = target_language("ga")
    assert irish is not None
    document.check_target(irish)
    assert [n.message_id for n in document.notes] == [
        "document.search_no_language",
        "document.theme_no_language",
    ]
    written = loaded(document.write(["Doiciméid"], language=irish))
    assert written["plugins"][0]["search"]["lang"] == "en"


# Theme words a reader sees on every page, as the real files set them: pydantic's
# mkdocs.yml (Material's feedback), just-the-docs' _config.yml (its footer shortened),
# google/docsy-example's hugo.yaml.
FEEDBACK = """\
site_name: Pydantic Validation
extra:
  analytics:
    feedback:
      title: Was this page helpful?
      ratings:
        - icon: material/thumb-up-outline
          name: This page was helpful
          data: 1
          note: >-
            Thanks for your feedback!
"""
JUST_THE_DOCS_WORDS = """\
title: Just the Docs
aux_links:
  "Just the Docs on GitHub":
    - "https://github.com/just-the-docs/just-the-docs"
nav_external_links:
  - title: Just the Docs on GitHub
    url: https://github.com/just-the-docs/just-the-docs
back_to_top: true
back_to_top_text: "Back to top"
footer_content: 'Copyright &copy; 2017 Patrick Marsceill. <a href="LICENSE.txt">MIT license.</a>'
gh_edit_link_text: "Edit this page on GitHub"
callouts:
  highlight:
    color: yellow
  warning:
    title: Warning
    color: red
lang: en
"""
DOCSY_WORDS = """\
baseURL: https://example.docsy.dev
title: Goldydocs
params:
  version_menu: Releases
  ui:
    feedback:
      enable: true
      yes: >-
        Glad to hear it! Please <a
        href="https://github.com/USERNAME/REPOSITORY/issues/new">tell us how we
        can improve</a>.
  links:
    user:
      - name: User mailing list
        url: https://example.org/mail
        icon: fa fa-envelope
        desc: Discussion and help from your fellow users
"""


@pytest.mark.parametrize(
    ("name", "text", "ids"),
    [
        (
            "mkdocs.yml",
            FEEDBACK,
            [
                "site_name",
                "extra.analytics.feedback.title",
                "extra.analytics.feedback.ratings.0.name",
                "extra.analytics.feedback.ratings.0.note",
            ],
        ),
        (
            "_config.yml",
            JUST_THE_DOCS_WORDS,
            [
                "title",
                "aux_links.Just the Docs on GitHub",
                "nav_external_links.0.title",
                "back_to_top_text",
                "footer_content",
                "gh_edit_link_text",
                "callouts.warning.title",
            ],
        ),
        (
            "hugo.yaml",
            DOCSY_WORDS,
            [
                "title",
                "params.version_menu",
                "params.ui.feedback.yes",
                "params.links.user.0.name",
                "params.links.user.0.desc",
            ],
        ),
    ],
)
def test_a_themes_words_on_every_page_are_translated(
    tmp_path: Path, name: str, text: str, ids: list[str]
) -> None:
    """Material's "Was this page helpful?", Just the Docs' "Back to top", footer, edit link,
    callouts' and links' titles, Docsy's feedback answers and footer links stayed English
    under every translated page."""
    document = site(tmp_path, name, text)
    assert [unit.id for unit in document.units] == ids
    yes = "params.ui.feedback.yes"  # (PyYAML reads the key as YAML 1.1's true; Hugo a key)
    expected = marked(loaded(text), [i for i in ids if i != yes], titles=("aux_links.",))
    if name == "_config.yml":
        expected["lang"] = "de"
    if name == "hugo.yaml":
        expected.update(defaultContentLanguage="de", languageCode="de")
        feedback = expected["params"]["ui"]["feedback"]
        feedback[True] = f"[de] {feedback[True]}"
    assert loaded(german(document)) == expected


def test_the_registry_names_the_settings_files_the_reader_reads() -> None:
    """The registry keeps its own list of the names (so that choosing a reader imports no YAML
    parser): a name the reader knows and the registry lacks was read as a locale file."""
    from engine.documents.registry import SITE_SETTINGS
    from engine.documents.siteconf import KINDS

    assert frozenset(KINDS) == SITE_SETTINGS
