"""JSON translation files as their producers write them (tests/data/json/: i18next-parser's
and FormatJS's extractions of one app's strings). The translated files were read by i18next
and by FormatJS's formatMessage when this was written ("Hallo, Ada! Sie haben 3
Nachrichten."); here they are checked as JSON, key by key."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from engine.documents import Document, DocumentError, open_document
from engine.documents.language import target_language

DATA = Path(__file__).parent / "data" / "json"

GERMAN = {
    "Open file": "Datei öffnen",
    "Welcome back, ZXQ1Q!": "Willkommen zurück, ZXQ1Q!",
    "Save ZXQ1QallZXQ2Q changes before you close the window?": "ZXQ1QAlleZXQ2Q Änderungen "
    "speichern, bevor Sie das Fenster schließen?",
    "ZXQ1Q file deleted": "ZXQ1Q Datei gelöscht",
    "ZXQ1Q files deleted": "ZXQ1Q Dateien gelöscht",
    "Quire is free software. You can share it and change it.": "Quire ist freie Software. Sie "
    "dürfen sie weitergeben und ändern.",
    "Close ZXQ1QallZXQ2Q windows": "ZXQ1QAlleZXQ2Q Fenster schließen",
    "Hello, ZXQ1Q! You have ZXQ2Q ZXQ3QZXQ4Q messageZXQ5Q ZXQ6QZXQ7Q messagesZXQ8QZXQ9Q.": "Hallo, "
    "ZXQ1Q! Sie haben ZXQ2Q ZXQ3QZXQ4Q NachrichtZXQ5Q ZXQ6QZXQ7Q NachrichtenZXQ8QZXQ9Q.",
}


def translated(document: Document, texts: dict[str, str] = GERMAN) -> bytes:
    return document.write([texts[u.text] for u in document.units], language=target_language("de"))


def skeleton(text: str) -> str:
    """The JSON text less its string values (keys stay): what must not change."""
    return re.sub(r'(:\s*|[\[,]\s*)"(?:[^"\\]|\\.)*"', r'\1""', text)


def test_i18next_parsers_file_is_translated_key_by_key() -> None:
    source = DATA / "i18next.json"
    document = open_document(source)
    assert [(u.id, u.text, u.fields) for u in document.units] == [
        ("menu.open", "Open file", ()),
        ("dialog.welcome", "Welcome back, ZXQ1Q!", ("{{name}}",)),
        ("dialog.save", "Save ZXQ1QallZXQ2Q changes before you close the window?", ("<1>", "</1>")),
        ("files.deleted_one", "ZXQ1Q file deleted", ("{{count}}",)),
        ("files.deleted_other", "ZXQ1Q files deleted", ("{{count}}",)),
        ("about.license", "Quire is free software. You can share it and change it.", ()),
    ]
    out = translated(document).decode("utf-8")
    assert json.loads(out) == {
        "menu": {"open": "Datei öffnen"},
        "dialog": {
            "welcome": "Willkommen zurück, {{name}}!",
            "save": "<1>Alle</1> Änderungen speichern, bevor Sie das Fenster schließen?",
        },
        "files": {
            "deleted_one": "{{count}} Datei gelöscht",
            "deleted_other": "{{count}} Dateien gelöscht",
        },
        "about": {"license": "Quire ist freie Software. Sie dürfen sie weitergeben und ändern."},
    }
    assert skeleton(out) == skeleton(source.read_text("utf-8"))  # keys, order, indentation
    assert document.write([u.text for u in document.units]) == source.read_bytes()


def test_formatjs_messages_translate_only_their_default_message_and_keep_icu() -> None:
    """FormatJS's description is for the translator; an ICU plural's head, selectors and
    braces (and "#") are placeholders in their order; a translation that moves them keeps
    the English."""
    document = open_document(DATA / "formatjs.json")
    assert [u.id for u in document.units] == [
        "app.close.defaultMessage",
        "app.greeting.defaultMessage",
    ]
    greeting = document.units[1]
    assert greeting.fields == (
        "{name}",
        "{count, plural,",
        "one {",
        "#",
        "}",
        "other {",
        "#",
        "}",
        "}",
    )
    out = json.loads(translated(document))
    assert out["app.greeting"] == {
        "defaultMessage": "Hallo, {name}! Sie haben {count, plural, one {# Nachricht} other "
        "{# Nachrichten}}.",
        "description": "Greeting on the home page",
    }
    moved = dict(GERMAN)
    moved[greeting.text] = GERMAN[greeting.text].replace("ZXQ3Q", "ZXQ9").replace("ZXQ9Q", "ZXQ3Q")
    moved[greeting.text] = moved[greeting.text].replace("ZXQ9", "ZXQ9Q")
    kept = json.loads(translated(document, moved))
    assert kept["app.greeting"]["defaultMessage"].startswith("Hello, {name}!")


def test_chrome_messages_and_flutter_arb_keep_what_is_for_the_translator(tmp_path: Path) -> None:
    """Chrome's messages.json (written as its documentation shows: no program here writes it)
    translates each "message", not its description or placeholders; an .arb file's @ entries
    are metadata and its @@locale names the job's language."""
    chrome = tmp_path / "messages.json"
    chrome.write_text(json.dumps({
        "appName": {"message": "Page reader", "description": "The extension's name"},
        "count": {"message": "You have $COUNT$ pages open", "description": "Badge",
                  "placeholders": {"count": {"content": "$1", "example": "3"}}},
    }, indent=2), encoding="utf-8")  # fmt: skip
    document = open_document(chrome)
    assert [(u.text, u.fields) for u in document.units] == [
        ("Page reader", ()),
        ("You have ZXQ1Q pages open", ("$COUNT$",)),
    ]
    out = json.loads(document.write(["Seitenleser", "Sie haben ZXQ1Q Seiten offen"]))
    assert out["count"]["message"] == "Sie haben $COUNT$ Seiten offen"
    assert out["count"]["placeholders"] == {"count": {"content": "$1", "example": "3"}}
    arb = tmp_path / "app_en.arb"
    arb.write_text(json.dumps({
        "@@locale": "en", "helloWorld": "Hello World!",
        "@helloWorld": {"description": "The conventional newborn programmer greeting"},
    }, indent=2), encoding="utf-8")  # fmt: skip
    document = open_document(arb)
    assert [u.text for u in document.units] == ["Hello World!"]
    out = json.loads(document.write(["Hallo Welt!"], language=target_language("de")))
    assert out == {
        "@@locale": "de",
        "helloWorld": "Hallo Welt!",
        "@helloWorld": {"description": "The conventional newborn programmer greeting"},
    }


def test_escapes_are_written_as_the_file_writes_them(tmp_path: Path) -> None:
    ascii_only = tmp_path / "a.json"
    ascii_only.write_text('{"cafe": "Caf\\u00e9 open", "close": "Close"}', encoding="utf-8")
    out = open_document(ascii_only).write(["Café geöffnet", "Schließen"])
    assert out == b'{"cafe": "Caf\\u00e9 ge\\u00f6ffnet", "close": "Schlie\\u00dfen"}'


def test_a_damaged_json_file_says_where(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{\n  "open": "Open",\n  "close": Close\n}\n', encoding="utf-8")
    with pytest.raises(DocumentError) as info:
        open_document(bad)
    assert info.value.message_id == "document.bad_json" and info.value.params == {"line": 3}
    bad.write_text("\n")  # (a new, empty file: empty, not "Expecting value")
    with pytest.raises(DocumentError) as info:
        open_document(bad)
    assert info.value.message == "The file is empty" and info.value.message_id == "document.no_text"


def _doc(tmp_path: Path, data: object, name: str = "x.json") -> Document:
    path = tmp_path / name
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    return open_document(path)


def test_a_review_of_the_json_reader(tmp_path: Path) -> None:
    """What a review found, each checked by hand in the consumer when it was fixed:
    an i18next object with message and description was taken for Chrome's and half of it
    left out; a French apostrophe before an ICU argument quoted it (FormatJS printed
    "l{name}"); {n, number} was text to translate; vue-i18n's linked keys, literals and
    pipe plurals were text; Russian got no _few and _many keys (i18next showed the bare key
    for 2 and 5); an .arb's locale was written pt-BR for Flutter's pt_BR."""
    document = _doc(tmp_path, {"error": {"title": "Error", "message": "Something went wrong",
                                         "description": "Please try again later"}})  # fmt: skip
    assert [u.id for u in document.units] == ["error.title", "error.message", "error.description"]
    assert len(_doc(tmp_path, {"a": {"message": "M", "description": "D"}, "b": "B"}).units) == 3

    total = "Total {n, number} on {d, date, short}"
    formatjs = _doc(tmp_path, {"del": {"defaultMessage": "Delete the {name} now"},
                               "sum": {"defaultMessage": total}})  # fmt: skip
    assert formatjs.units[1].fields == ("{n, number}", "{d, date, short}")
    out = json.loads(formatjs.write(["Supprimer l'ZXQ1Q maintenant", "Total ZXQ1Q le ZXQ2Q"]))
    assert out["del"]["defaultMessage"] == "Supprimer l''{name} maintenant"

    vue = _doc(
        tmp_path, {"car": "car | cars", "link": "@:common.hello world", "at": "Mail {'@'} us"}
    )
    assert [u.fields for u in vue.units] == [("|",), ("@:common.hello",), ("{'@'}",)]

    plural = _doc(tmp_path, {"file_one": "{{count}} file", "file_other": "{{count}} files"})
    out = json.loads(plural.write(["ZXQ1Q файл", "ZXQ1Q файлов"], language=target_language("ru")))
    assert out == {"file_one": "{{count}} файл", "file_other": "{{count}} файлов",
                   "file_few": "{{count}} файлов", "file_many": "{{count}} файлов"}  # fmt: skip

    arb = _doc(tmp_path, {"@@locale": "en", "hi": "Hello"}, name="app_en.arb")
    assert json.loads(arb.write(["Olá"], language=target_language("pt-BR")))["@@locale"] == "pt_BR"


def test_formatjs_files_in_their_other_formats_translate_only_the_message(tmp_path: Path) -> None:
    """formatjs extract --format smartling, transifex, lokalise, crowdin (their shapes as
    its formatters write them): the settings, comments and notes are the translator's."""
    shapes = {
        "smartling": {"smartling": {"string_format": "icu", "translate_paths": [
            {"path": "*/message", "key": "{*}/message"}]},
            "app.close": {"message": "Close all windows", "description": "A button"}},
        "transifex": {"app.close": {"string": "Close all windows",
                                    "developer_comment": "A button"}},
        "lokalise": {"app.close": {"translation": "Close all windows", "notes": "A button"}},
        "crowdin": {"app.close": {"message": "Close all windows", "description": "A button"}},
    }  # fmt: skip
    for name, data in shapes.items():
        document = _doc(tmp_path, data, name=f"{name}.json")
        assert [u.text for u in document.units] == ["Close all windows"], name


def test_a_folder_of_locales_leaves_the_target_languages_own(tmp_path: Path) -> None:
    """``locales/en/translation.json`` and ``locales/de/translation.json`` (i18next's
    layout), translated into German as a folder: the German file is a translation already,
    not a source to translate again."""
    from engine.documents.folders import folder_documents

    for language in ("en", "de", "pt-BR"):
        (tmp_path / language).mkdir()
        (tmp_path / language / "translation.json").write_text('{"open": "Open"}\n')
    found, skipped = folder_documents(tmp_path, "de", recursive=True)
    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        "en/translation.json",
        "pt-BR/translation.json",
    ]
    assert [(s.path.relative_to(tmp_path).as_posix(), s.reason) for s in skipped] == [
        ("de/translation.json", "translation")
    ]
    found, _skipped = folder_documents(tmp_path, "pt", recursive=True)
    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        "de/translation.json",
        "en/translation.json",
    ]


def test_a_locales_root_key_is_renamed_as_in_yaml(tmp_path: Path) -> None:
    """i18next's and vue-i18n's one file per locale, its messages under the locale's key,
    kept "en" in a German translation (the YAML equivalent's ``en:`` became ``de:``)."""
    source = tmp_path / "en.json"
    source.write_text('{\n  "en": {\n    "greeting": "Welcome back!"\n  }\n}\n', "utf-8")
    out = open_document(source).write(["Willkommen zurück!"], language=target_language("de"))
    assert out.decode("utf-8") == '{\n  "de": {\n    "greeting": "Willkommen zurück!"\n  }\n}\n'
    settings = tmp_path / "settings.json"  # (a key that is no language stays)
    settings.write_text('{"app": {"title": "My app"}}', "utf-8")
    out = open_document(settings).write(["Meine App"], language=target_language("de"))
    assert json.loads(out) == {"app": {"title": "Meine App"}}


def test_a_docusaurus_categorys_names_are_kept_and_its_labels_translated(
    tmp_path: Path,
) -> None:
    """As Docusaurus' docs write a _category_.json (and create-docusaurus' template its
    tutorial-basics one): its CSS class, its link's type, slug and doc id went to the model
    and came back "rot", "generierter-Index", "/anleitung" and "einfuehrung", and the site
    no longer built (an unknown link type, a doc that does not exist)."""
    category = {
        "label": "Tutorial",
        "position": 2,
        "className": "red",
        "link": {
            "type": "generated-index",
            "title": "Tutorial overview",
            "description": "Learn the most important concepts.",
            "slug": "/tutorial",
        },
        "customProps": {"description": "This description shows on the card."},
    }
    folder = tmp_path / "docs" / "guides"
    folder.mkdir(parents=True)
    path = folder / "_category_.json"
    path.write_text(json.dumps(category, indent=2) + "\n", "utf-8")
    document = open_document(path)
    assert [u.text for u in document.units] == [
        "Tutorial",
        "Tutorial overview",
        "Learn the most important concepts.",
        "This description shows on the card.",
    ]
    out = json.loads(document.write([u.text.upper() for u in document.units]))
    assert out["className"] == "red" and out["link"]["type"] == "generated-index"
    assert out["link"]["slug"] == "/tutorial" and out["link"]["title"] == "TUTORIAL OVERVIEW"
    doc = {"label": "Getting started", "link": {"type": "doc", "id": "intro"}}
    path.write_text(json.dumps(doc), "utf-8")
    assert [u.text for u in open_document(path).units] == ["Getting started"]
    assert [u.text for u in _doc(tmp_path, doc).units] == ["Getting started", "doc", "intro"]
    path.write_text('{"position": 3, "link": {"type": "doc", "id": "intro"}}\n', "utf-8")
    document = open_document(path)  # (no label: copied, not refused in a mirror)
    assert document.copied_without_text and not document.units
    assert [n.message_id for n in document.notes] == ["document.category_no_text"]
    assert document.write([]) == path.read_bytes()
