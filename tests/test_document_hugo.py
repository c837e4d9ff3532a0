"""Hugo's i18n tables (go-i18n's message files: ``i18n/en.toml``, ``.yaml``, ``.json``) and its
settings in TOML (``hugo.toml``, ``config.toml``, the files of ``config/_default/``), as real
sites and themes write them (tests/data/hugo/, its README says whence): a table's messages are
translated and named for the target as Hugo finds them, its ids and Go templates kept; of the
settings, only what a reader of the site sees. Python's tomllib reads every output as the
same data but the texts."""

from __future__ import annotations

import copy
import json
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
import tomlkit
import yaml

from engine.cli.main import main
from engine.documents import Document, DocumentError, open_document
from engine.documents.folders import folder_documents
from engine.documents.language import target_language
from engine.documents.naming import read_by_name
from engine.documents.translate import default_output
from engine.engine import Engine
from engine.options import EngineOptions
from tests.fixtures.builder import exported

DATA = Path(__file__).parent / "data" / "hugo"


def toml_data(text: str | bytes) -> Any:
    """What Python's own TOML reader (3.11's tomllib, not the library Quire writes with)
    reads from ``text``."""
    tomllib = pytest.importorskip("tomllib", reason="Python 3.11's")
    return tomllib.loads(text.decode("utf-8") if isinstance(text, bytes) else text)


def german(document: Document) -> bytes:
    """The document written with each unit marked as translated ("[de] …")."""
    return document.write(
        [f"[de] {u.text}" for u in document.units], language=target_language("de")
    )


def marked(data: Any, ids: list[str]) -> Any:
    """``data`` with each of ``ids``' values (its placeholders shown) marked as ``german``
    marks it."""
    data = copy.deepcopy(data)
    for unit_id in ids:
        *keys, last = unit_id.split(".")
        parent = data
        for key in keys:
            parent = parent[int(key)] if isinstance(parent, list) else parent[key]
        at: Any = int(last) if isinstance(parent, list) else last
        parent[at] = f"[de] {parent[at]}"
    return data


def copied(tmp_path: Path, name: str) -> Path:
    """A fixture copied where its site keeps it (``i18n/en.toml``)."""
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(DATA / name, path)
    return path


def test_papermods_message_ids_are_kept(tmp_path: Path) -> None:
    """PaperMod's i18n/en.yaml is go-i18n 1's list of ``- id: prev_page`` and its
    ``translation``: its ids went to the model and came back "Vorherige_Seite", so Hugo found
    no message prev_page and the German theme showed nothing where "Prev" was."""
    source = copied(tmp_path, "papermod/i18n/en.yaml")
    document = open_document(source)
    ids = [u.id for u in document.units]
    assert ids == [
        "0.translation",
        "1.translation",
        "2.translation.one",
        "2.translation.other",
        "3.translation.one",
        "3.translation.other",
        "4.translation",
        "5.translation",
    ]
    assert yaml.safe_load(german(document)) == marked(yaml.safe_load(source.read_text()), ids)


def test_russians_one_in_yaml_is_not_english_singular(tmp_path: Path) -> None:
    """PaperMod's read_time one: "1 min" and words one: "word" translated into Russian,
    whose one serves 21 and 31 too, showed "21: 1 min" and "21 word" (the TOML tables were
    mended, not YAML's); now such a one takes other's translation, which has the count,
    and German's, for 1 alone, keeps its own; every other byte as it was."""
    source = copied(tmp_path, "papermod/i18n/en.yaml")
    document = open_document(source)
    texts = [f"<{u.text}>" for u in document.units]
    written = document.write(texts, language=target_language("ru")).decode()
    minutes, words = "<{{ .Count }} min>", "<{{ .Count }} words>"
    data = yaml.safe_load(written)
    assert data[2]["translation"] == dict.fromkeys(("one", "other", "few", "many"), minutes)
    assert data[3]["translation"] == dict.fromkeys(("one", "other", "few", "many"), words)
    assert written == (
        '- id: prev_page\n  translation: "<Prev>"\n\n- id: next_page\n  translation: "<Next>"\n\n'
        f'- id: read_time\n  translation:\n    one : "{minutes}"\n    other: "{minutes}"\n'
        f'    few: "{minutes}"\n    many: "{minutes}"\n\n'
        f'- id: words\n  translation:\n    one : "{words}"\n    other: "{words}"\n'
        f'    few: "{words}"\n    many: "{words}"\n\n'
        '- id: toc\n  translation: "<Table of Contents>"\n\n'
        '- id: translations\n  translation: "<Translations>"\n'
    )  # (PaperMod's spacing, "one :", quotes and ids as they were)
    in_german = yaml.safe_load(document.write(texts, language=target_language("de")))
    assert in_german[3]["translation"] == {"one": "<word>", "other": words}


def test_a_hugo_table_in_json_is_named_for_the_target_with_its_plural_forms(
    tmp_path: Path,
) -> None:
    """Hugo reads i18n/en.json as i18n/en.toml: its translation was written en.de.json, which
    Hugo reads as no language's table, and a message's plural forms got none the target has
    besides (Russian's few and many: Hugo shows "other" for them, English's form). Now it is
    de.json (ru.json), its forms added with "other"'s translation, its templates kept."""
    source = copied(tmp_path, "docsy/i18n/en.json")
    assert default_output(source, "de") == source.with_name("de.json")
    document = open_document(source)
    ids = [u.id for u in document.units]
    assert ids == [
        "ui_pager_prev.other",
        "community_join.other",
        "post_reading_time.one",
        "post_reading_time.other",
    ]
    assert "{{" not in document.units[1].text  # (a placeholder the model places)
    russian = target_language("ru")
    assert russian is not None
    written = json.loads(
        document.write([f"[ru] {u.text}" for u in document.units], language=russian)
    )
    other = "[ru] {{ .Count }} minutes"
    expected = marked(json.loads(source.read_text("utf-8")), ids)
    # (Russian's one serves 21 too: "One minute" read "21: one minute"; other's has the count)
    expected["post_reading_time"].update(one=other, few=other, many=other)
    assert written == {
        k: {f: t.replace("[de]", "[ru]") for f, t in v.items()} for k, v in expected.items()
    }
    assert json.loads(german(document))["post_reading_time"] == {
        "one": "[de] One minute",  # (German's one is for 1 alone)
        "other": "[de] {{ .Count }} minutes",
    }
    go_i18n_1 = source.with_name("fr.json")
    go_i18n_1.write_text('[{"id": "home", "description": "The home link", "translation": "Home"}]')
    assert [u.id for u in open_document(go_i18n_1).units] == ["0.translation"]
    lone = source.with_name("en.yaml")  # (one form alone: a message of one form, as in YAML)
    lone.write_text("home:\n  other: Home\n", "utf-8")
    assert open_document(lone).write(["Главная"], language=russian).decode() == (
        "home:\n  other: Главная\n"
    )
    found, skipped = folder_documents(source.parent, "de")  # (fr.json: French's own)
    assert [p.name for p in found] == ["en.json", "en.yaml"]
    assert [(s.path.name, s.reason) for s in skipped] == [("fr.json", "language")]


def test_docsys_table_is_translated_and_named_for_the_target(tmp_path: Path) -> None:
    """Docsy's i18n/en.toml (go-i18n's [ui_read_more] other = "Read more") was refused as
    an unknown kind of file; now each message is translated under its id, its Go templates
    placeholders, its comments and every other byte kept, and it is written i18n/de.toml,
    where Hugo looks for the German site's theme words."""
    source = copied(tmp_path, "docsy/i18n/en.toml")
    assert default_output(source, "de") == source.with_name("de.toml")
    document = open_document(source)
    ids = [u.id for u in document.units]
    assert len(ids) == 37 and ids[:2] == ["ui_pager_prev.other", "ui_pager_next.other"]
    assert document.units[ids.index("community_join.other")].text == "Join the ZXQ1Q community"
    assert document.write([u.text for u in document.units]) == source.read_bytes()
    written = german(document)
    assert toml_data(written) == marked(toml_data(source.read_text("utf-8")), ids)
    lines = source.read_text("utf-8").splitlines()
    assert [n for n, line in enumerate(written.decode().splitlines()) if line != lines[n]] == [
        n for n, line in enumerate(lines) if line.startswith("other = ")
    ]  # (a message of one form gets no others; comments and headers as they were)


# Hugo's docs' example of a table (gohugo.io/content-management/multilingual), with go-i18n's
# description for the translator, a literal string and a multi-line one.
READING_TIME = """\
# Words of the theme
[readingTime]
description = "How long an article takes to read"
one = "One minute to read"
other = "{{ .Count }} minutes to read" # (Hugo's count)

[wordCount]
other = '{{ . }} words'

[footer]
other = \"\"\"
Made with %s.\"\"\"
"""


def test_a_messages_plural_forms_are_the_targets(tmp_path: Path) -> None:
    """A message with plural forms gets those the target has (Russian's few and many, with
    other's translation: Hugo showed English's other for 2 and 5); its description, its
    templates and printf's %s are kept, each string in its own quotes."""
    source = tmp_path / "i18n" / "en.toml"
    source.parent.mkdir()
    source.write_text(READING_TIME, "utf-8")
    document = open_document(source)
    assert [(u.id, u.text) for u in document.units] == [
        ("readingTime.one", "One minute to read"),
        ("readingTime.other", "ZXQ1Q minutes to read"),
        ("wordCount.other", "ZXQ1Q words"),
        ("footer.other", "Made with ZXQ1Q."),
    ]
    russian = target_language("ru")
    assert russian is not None
    texts = ["Одна минута", "ZXQ1Q минут", "ZXQ1Q слов", "Сделано с ZXQ1Q."]
    written = document.write(texts, language=russian).decode("utf-8")
    # (Russian's one serves 21 too: it takes other's words, which have the count)
    assert written == READING_TIME.replace('"One minute to read"', '"{{ .Count }} минут"').replace(
        '"{{ .Count }} minutes to read" # (Hugo\'s count)\n',
        '"{{ .Count }} минут" # (Hugo\'s count)\n'
        'few = "{{ .Count }} минут"\nmany = "{{ .Count }} минут"\n',
    ).replace("'{{ . }} words'", "'{{ . }} слов'").replace("Made with %s.", "Сделано с %s.")
    assert toml_data(written)["readingTime"]["description"] == "How long an article takes to read"


def test_russians_one_is_not_english_singular(tmp_path: Path) -> None:
    """Russian's one serves 1, 21, 31…: Ananke's wordCount one = "One word" translated
    there showed "one word" for 21, hugo-coder's "One-minute read" alike; now it takes other's
    translation, which has the count. A singular with the count keeps its own (Hugo's "{{
    .Count }} item" is right for 21), and German's one, for 1 alone, the singular's."""
    source = copied(tmp_path, "ananke/i18n/en.toml")
    document = open_document(source)
    russian, german_ = target_language("ru"), target_language("de")
    assert russian is not None and german_ is not None
    texts = [f"<{u.text}>" for u in document.units]
    written = toml_data(document.write(texts, language=russian))
    assert written["wordCount"] == dict.fromkeys(
        ("one", "other", "few", "many"), "<{{ .Count }} words>"
    )
    assert written["readingTime"]["one"] == "<{{ .Count }} minutes read>"
    assert toml_data(document.write(texts, language=german_))["wordCount"] == {
        "one": "<One word>",
        "other": "<{{ .Count }} words>",
    }
    coder = open_document(copied(tmp_path, "hugo-coder/i18n/en.toml"))
    texts = [f"<{u.text}>" for u in coder.units]
    written = toml_data(coder.write(texts, language=russian))
    assert written["reading_time"]["one"] == "<{{ .Count }}-minute read>"
    assert written["categories"]["one"] == "<category>"  # (no count in either: its own)


def test_a_plural_inline_table_gets_the_targets_forms_inside_it(tmp_path: Path) -> None:
    """A message written as an inline table (``items = { one = …, other = … }``) got
    Russian's forms on lines of their own after it: ``other = "…"few = "…" }``, which
    tomllib and Hugo refuse; now they are added inside it, each after ", "."""
    table = tomlkit.parse((DATA / "ananke" / "i18n" / "en.toml").read_text("utf-8"))
    inline = tomlkit.inline_table()
    inline.update(table["wordCount"].unwrap())
    table["wordCount"] = inline  # (tomlkit writes it: wordCount = {one = "…", other = "…"})
    source = tmp_path / "i18n" / "en.toml"
    source.parent.mkdir()
    source.write_text(tomlkit.dumps(table), "utf-8")
    document = open_document(source)
    russian = target_language("ru")
    assert russian is not None
    texts = [f"<{u.text}>" for u in document.units]
    written = document.write(texts, language=russian).decode()
    line = next(x for x in written.splitlines() if x.startswith("wordCount"))
    assert line == (
        'wordCount = {one = "<{{ .Count }} words>", other = "<{{ .Count }} words>", '
        'few = "<{{ .Count }} words>", many = "<{{ .Count }} words>"}'
    )
    assert set(toml_data(written)["wordCount"]) == {"one", "other", "few", "many"}


def test_docsy_examples_hugo_toml_translates_what_a_reader_sees(tmp_path: Path) -> None:
    """docsy-example's hugo.toml was refused; now, as its hugo.yaml: the site's and the
    default language's titles and description, the footer's links and copyright holders and
    the feedback's answers are translated; the other languages' (no, fa), the paths,
    addresses, icons and every other byte are kept, and a note says the site has several."""
    source = copied(tmp_path, "docsy-example/hugo.toml")
    document = open_document(source)
    ids = [u.id for u in document.units]
    assert ids[:6] == [
        "title",
        "languages.en.title",
        "languages.en.params.description",
        "params.version_menu",
        "params.copyright.authors",
        "params.ui.feedback.yes",
    ]
    assert len(ids) == 19 and all(
        i.startswith("params.links.") for i in ids[7:]
    )  # (its links' names and descriptions)
    assert [(n.message_id, n.params["languages"]) for n in document.notes] == [
        ("document.site_languages", "en, no, fa")
    ]
    assert "](" not in document.units[4].text  # (a Markdown link's address kept)
    assert document.write([u.text for u in document.units]) == source.read_bytes()
    assert toml_data(german(document)) == marked(toml_data(source.read_text("utf-8")), ids)


def test_hugo_new_sites_settings_name_the_target(tmp_path: Path) -> None:
    """hugo new site's config.toml (Hugo 0.111's) sets languageCode alone: its title is
    translated, languageCode names the target as it wrote its own (en-us: de-de) and
    defaultContentLanguage, which names the theme's i18n table (Hugo's default: en, the
    German pages said "Read more"), is added after the title."""
    source = copied(tmp_path, "new-site/config.toml")
    document = open_document(source)
    assert [u.id for u in document.units] == ["title"]
    assert german(document).decode() == (
        "baseURL = 'http://example.org/'\nlanguageCode = 'de-de'\n"
        "title = '[de] My New Hugo Site'\ndefaultContentLanguage = \"de\"\n"
    )
    other = source.with_name("netlify.toml")  # (no baseURL: another program's config.toml)
    other.write_text('[build]\ncommand = "hugo"\n', "utf-8")
    renamed = other.rename(other.with_name("config.toml"))
    with pytest.raises(DocumentError) as caught:
        open_document(renamed)
    assert caught.value.message_id == "document.toml_settings"


def test_blowfishs_config_folder_is_read_at_its_place(tmp_path: Path) -> None:
    """Blowfish keeps its settings in config/_default/: languages.en.toml is the English
    language's (its title, its description and author's bio, params of it, on the home
    page), menus.en.toml its menus ([[main]] as languages.en.menus.main); their names
    translated, pages, addresses and weights kept. Its one language's key, en, is kept,
    with the note saying to rename it."""
    folder = "blowfish/config/_default/"
    languages = open_document(copied(tmp_path, folder + "languages.en.toml"))
    assert [u.id for u in languages.units] == ["title", "description", "author.bio"]
    menus_path = copied(tmp_path, folder + "menus.en.toml")
    menus = open_document(menus_path)
    ids = [u.id for u in menus.units]
    assert ids == [f"main.{n}.name" for n in range(4)] + ["footer.0.name"]
    assert toml_data(german(menus)) == marked(toml_data(menus_path.read_text("utf-8")), ids)
    german_ = target_language("de")
    assert german_ is not None
    languages.check_target(german_)
    assert [n.message_id for n in languages.notes] == [
        "document.hugo_environment",
        "document.site_language_key",
    ]
    assert b'languageCode = "de"' in german(languages)
    (tmp_path / folder / "hugo.toml").write_text('title = "Blowfish"\n', "utf-8")
    settings = open_document(tmp_path / folder / "hugo.toml")
    assert german(settings) == b'title = "[de] Blowfish"\n'  # (its languages files' say)


def test_a_config_folders_file_named_from_inside_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``cd exampleSite/config/_default && quire translate languages.en.toml`` (Congo's) was
    refused as "a program's settings": its parents were looked at before the path was
    resolved, and ``config/_default/languages.en.toml`` was read."""
    source = copied(tmp_path, "congo/exampleSite/config/_default/languages.en.toml")
    monkeypatch.chdir(source.parent)
    document = open_document(Path(source.name))
    assert [u.id for u in document.units] == [
        "title",
        "copyright",
        "params.description",
        "params.author.headline",
        "params.author.bio",
    ]


def test_a_config_toml_is_hugos_by_its_keys(tmp_path: Path) -> None:
    """A theme's example site leaves baseURL to the command line (Terminal's config.toml
    writes baseurl; without it) and was refused as a program's settings: two of Hugo's keys
    and tables (title, theme, languageCode, [params], [menu]…) say it is Hugo's; Helix's
    config.toml (a theme alone), Zola's (base_url, title, theme), Netlify's are not."""
    source = copied(tmp_path, "terminal/exampleSite/config.toml")
    text = source.read_text("utf-8")
    source.write_text(text.replace('baseurl = "https://example.com/"\n', ""), "utf-8")
    assert [u.id for u in open_document(source).units][:2] == [
        "languages.en.title",
        "languages.en.params.subtitle",
    ]
    found, _skipped = folder_documents(tmp_path, "de", recursive=True)
    assert found == [source]
    for other in (
        'theme = "onedark"\n\n[editor]\nline-number = "relative"\n',  # (Helix's)
        'base_url = "https://x.org"\ntitle = "Blog"\ntheme = "even"\n[markdown]\n',  # (Zola's)
        '[build]\ncommand = "hugo"\n[build.environment]\nHUGO_VERSION = "0.111"\n',
    ):
        source.write_text(other, "utf-8")
        with pytest.raises(DocumentError) as caught:
            open_document(source)
        assert caught.value.message_id == "document.toml_settings"


def test_a_config_folders_site_gets_its_language_code(tmp_path: Path) -> None:
    """A config folder's hugo.toml that sets defaultContentLanguage = "en" and no
    languageCode, beside menus.en.toml: defaultContentLanguage became "de", which Hugo 0.168
    refused (not found in languages: menus.en.toml makes en one), and the note said "the
    site's language" was not set; now en, the key its files name, is kept (with the note
    saying so) and languageCode = "de" is added after the title, which the German pages
    take (Hugo 0.168: lang="de")."""
    folder = tmp_path / "config" / "_default"
    folder.mkdir(parents=True)
    menus = copied(tmp_path, "blowfish/config/_default/menus.en.toml")
    shutil.copyfile(menus, folder / "menus.en.toml")
    settings = folder / "hugo.toml"
    settings.write_text(
        'baseURL = "https://example.org/"\ntitle = "Folder Site"\ntheme = "ananke"\n'
        'defaultContentLanguage = "en"\n',
        "utf-8",
    )
    document = open_document(settings)
    german_ = target_language("de")
    assert german_ is not None
    document.check_target(german_)
    assert [n.message_id for n in document.notes] == [
        "document.hugo_environment",
        "document.site_language_key",
    ]
    assert german(document).decode() == (
        'baseURL = "https://example.org/"\ntitle = "[de] Folder Site"\nlanguageCode = "de"\n'
        'theme = "ananke"\ndefaultContentLanguage = "en"\n'
    )


def test_a_themes_words_in_the_settings_are_translated(tmp_path: Path) -> None:
    """Words readers see stayed English: Terminal's menuMore = "Show more" (its menu),
    readMore and readOtherPosts, hugo-coder's info = ["Full Stack DevOps", "Magician"]
    (its home page, under the name), a menu entry's title (its tooltip). A theme's params
    whose key ends in More, Text, Label, Title, Posts… are its words where their value has
    more than one word; Terminal's logoText (a name), contentTypeName = "posts", hugo-coder's
    other language's info and Ananke's social networks' labels ("GitHub") are kept."""
    terminal = copied(tmp_path, "terminal/exampleSite/config.toml")
    document = open_document(terminal)
    ids = [u.id for u in document.units]
    assert ids == [
        "languages.en.title",
        "languages.en.params.subtitle",
        "languages.en.params.menuMore",
        "languages.en.params.readMore",
        "languages.en.params.readOtherPosts",
        "languages.en.menu.main.0.name",
        "languages.en.menu.main.1.name",
    ]
    source = toml_data(terminal.read_text("utf-8"))
    written = toml_data(german(document))
    assert written["languageCode"] == "de-de"
    del written["languageCode"], source["languageCode"]
    assert written == marked(source, ids)
    coder = copied(tmp_path, "hugo-coder/exampleSite/hugo.toml")
    document = open_document(coder)
    ids = [u.id for u in document.units]
    assert ids[:4] == ["title", "params.description", "params.info.0", "params.info.1"]
    assert not any("pt-br" in i for i in ids)
    text = german(document).decode()
    assert 'info = ["[de] Full Stack DevOps", "[de] Magician"]\n' in text
    assert text.count("\n") == coder.read_text("utf-8").count("\n")
    menus = copied(tmp_path, "blowfish/config/_default/menus.en.toml")
    menus.write_text(
        menus.read_text("utf-8").replace(
            'name = "Docs"', 'name = "Docs"\n  title = "Read the documentation"', 1
        ),
        "utf-8",
    )
    assert "main.0.title" in [u.id for u in open_document(menus).units]
    social = tmp_path / "config.toml"
    social.write_text(
        '[params]\ntheme = "x"\n[params.ananke.social.networks.github]\nlabel = "Git Hub"\n'
        '[params.more]\nreadMoreText = "auto"\n',
        "utf-8",
    )
    assert [u.id for u in open_document(social).units] == []


def test_other_toml_files_are_refused_as_settings(tmp_path: Path) -> None:
    """pyproject.toml, Cargo.toml and netlify.toml hold a program's settings: refused with
    that sentence, not read as a table (translated, the build's names no longer worked);
    a damaged table says where."""
    for name in ("pyproject.toml", "Cargo.toml", "netlify.toml"):
        path = tmp_path / name
        path.write_text('[package]\nname = "quire"\n', "utf-8")
        with pytest.raises(DocumentError) as caught:
            open_document(path)
        assert caught.value.message_id == "document.toml_settings"
        assert f"{name} holds a program's settings, not text to translate" in str(caught.value)
    damaged = tmp_path / "i18n" / "en.toml"
    damaged.parent.mkdir()
    damaged.write_text('[home]\nother = "Home\n', "utf-8")
    with pytest.raises(DocumentError) as caught:
        open_document(damaged)
    assert caught.value.message_id == "document.bad_toml"
    assert caught.value.params == {"line": 2}


def test_a_folder_takes_hugos_toml_and_leaves_other_toml(tmp_path: Path) -> None:
    for name in ("i18n/en.toml", "i18n/fr.toml", "config/_default/params.toml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text('[home]\nother = "Home"\n', "utf-8")
    (tmp_path / "hugo.toml").write_text('title = "Site"\n', "utf-8")
    (tmp_path / "netlify.toml").write_text('[build]\ncommand = "hugo"\n', "utf-8")
    (tmp_path / "i18n" / "de.toml").write_text('[home]\nother = "Start"\n', "utf-8")
    found, skipped = folder_documents(tmp_path, "de", recursive=True)
    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        "config/_default/params.toml",
        "hugo.toml",
        "i18n/en.toml",
    ]
    assert sorted((s.path.name, s.reason) for s in skipped) == [
        ("de.toml", "translation"),
        ("fr.toml", "language"),
        ("netlify.toml", "settings"),
    ]


def test_quire_translate_writes_the_german_table(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Engine(EngineOptions(home=quire_home)).import_model(exported("marian"), "opus-mt-en-de")
    source = copied(tmp_path, "docsy/i18n/en.toml")
    code = main(["translate", "--from", "en", "--to", "de", str(source)])
    _out, err = capsys.readouterr()
    assert code == 0, err
    written = toml_data(source.with_name("de.toml").read_text("utf-8"))
    assert set(written) == set(toml_data(source.read_text("utf-8")))
    assert all(set(v) == {"other"} for v in written.values())


def test_a_table_the_theme_ships_is_not_written_beside(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """hugo-coder ships i18n/de.toml: its en.toml's German was written beside it as
    "de (2).toml", and Hugo failed ('"de (2)": language: tag is not well-formed'); now that
    is refused saying to name the output with -o, which writes over it."""
    Engine(EngineOptions(home=quire_home)).import_model(exported("marian"), "opus-mt-en-de")
    source = copied(tmp_path, "hugo-coder/i18n/en.toml")
    shipped = copied(tmp_path, "hugo-coder/i18n/de.toml")
    code = main(["translate", "--from", "en", "--to", "de", str(source)])
    _out, err = capsys.readouterr()
    assert code == 1
    assert "de.toml is there already, and a program finds it by its name alone" in err
    assert f"To write over it, name it with -o ({shipped})" in err and "Traceback" not in err
    assert sorted(p.name for p in source.parent.iterdir()) == ["de.toml", "en.toml"]
    assert shipped.read_bytes() == (DATA / "hugo-coder" / "i18n" / "de.toml").read_bytes()
    code = main(["translate", "--from", "en", "--to", "de", str(source), "-o", str(shipped)])
    _out, err = capsys.readouterr()
    assert code == 0, err
    assert set(toml_data(shipped.read_text("utf-8"))) == set(toml_data(source.read_text("utf-8")))
    # (Rails reads de (2).yml over de.yml; Symfony refuses the locale "de (2)")
    assert read_by_name(Path("config/locales/de.yml"))
    assert read_by_name(Path("translations/messages.de.yaml"))
    assert not read_by_name(Path("docs/report.de.md")) and not read_by_name(Path("a.de.json"))


def test_a_config_folders_translation_goes_to_an_environment(
    quire_home: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """config/_default/'s hugo.toml, menus.en.toml and params.toml were translated as
    hugo.de.toml… beside them, which Hugo reads all (its English site became an empty German
    one and en/); now each goes to config/de/, which Hugo 0.168 reads for hugo
    --environment de alone (lang="de", the menu and title German), hugo building the site as
    before; a note says so. Named from inside the folder, alike."""
    Engine(EngineOptions(home=quire_home)).import_model(exported("marian"), "opus-mt-en-de")
    languages = copied(tmp_path, "congo/exampleSite/config/_default/languages.en.toml")
    folder = languages.parent
    code = main(["translate", "--from", "en", "--to", "de", str(languages)])
    _out, err = capsys.readouterr()
    assert code == 0, err
    written = folder.parent / "de" / "languages.en.toml"
    assert f"wrote {written}" in err
    assert "it goes to config/de/, which Hugo reads over config/_default/" in err
    assert sorted(p.name for p in folder.iterdir()) == ["languages.en.toml"]
    assert set(toml_data(written.read_text("utf-8"))) == set(toml_data(languages.read_text()))
    written.unlink()
    monkeypatch.chdir(folder)
    code = main(["translate", "--from", "en", "--to", "de", "languages.en.toml"])
    _out, err = capsys.readouterr()
    assert code == 0, err
    assert written.is_file() and sorted(p.name for p in folder.iterdir()) == [languages.name]
    assert default_output(Path("config/_default/params.yaml"), "de") == Path(
        "config/de/params.yaml"
    )
    assert default_output(Path("config/locales/en.yml"), "de") == Path("config/locales/de.yml")


@pytest.mark.parametrize("suffix", [".json", ".toml"])
def test_a_large_flat_table_is_not_walked_for_each_of_its_strings(
    suffix: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each string of a flat table asked whether it was a go-i18n message's id by walking
    every key of the table: 10,000 strings of JSON took 5.5 s of CPU and 200,000 more than
    five minutes, a TOML table of 10,000 6.2 s; now only a key named as metadata is asked
    (0.13 s, 3 s and 0.6 s), and a message's id is kept as before."""
    from engine.documents import goi18n

    asked: list[object] = []
    counted = goi18n.metadata

    def metadata(keys: Iterable[object]) -> frozenset[str]:
        asked.append(keys)
        return counted(keys)

    monkeypatch.setattr(goi18n, "metadata", metadata)
    entries = {f"key_{n}": f"Text number {n}" for n in range(2000)}
    folder = tmp_path / "i18n"
    folder.mkdir()
    path = folder / f"en{suffix}"
    if suffix == ".json":
        table = {"home": {"id": "home", "translation": "Home"}, **entries}
        path.write_text(json.dumps(table), encoding="utf-8")
    else:
        lines = [f'{key} = "{text}"' for key, text in entries.items()]
        lines += ["[home]", 'description = "The start page"', 'other = "Home"']
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    document = open_document(path)
    assert len(document.units) == 2001
    assert "home" not in [u.text for u in document.units]  # (the id, kept)
    assert "The start page" not in [u.text for u in document.units]
    assert len(asked) <= 2
