"""Project Fluent's .ftl files as Mozilla writes them (tests/data/ftl/: pdf.js's viewer, Firefox's
menu bar, Mozilla accounts' brands, the Fluent reference's multiline values; see
tools/make_ftl_fixtures.py). Outputs are parsed back with Mozilla's parser (the same tree but
the words) and each message is formatted with Mozilla's Python runtime: only the words change."""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from fluent.runtime import FluentBundle, FluentResource
from fluent.syntax import FluentParser, ast

from engine.cli.main import main
from engine.documents import Document, DocumentError, open_document
from engine.documents import base as document_base
from engine.documents.folders import folder_documents
from engine.documents.ftl import FluentDocument
from engine.documents.naming import platform_output
from engine.engine import Engine
from engine.options import EngineOptions
from engine.text.encoding import UTF8
from tests.fixtures.builder import exported
from tests.fixtures.documents import language

DATA = Path(__file__).parent / "data" / "ftl"
FIXTURES = sorted(DATA.rglob("*.ftl"))
WORDS = {
    "File": "Datei",
    "New Tab": "Neuer Tab",
    "Save Page As…": "Seite speichern unter…",
    "Close Tab": "Tab schließen",
    "Close ZXQ1Q Tabs": "ZXQ1Q Tabs schließen",
    "ZXQ1Q of ZXQ2Q match": "ZXQ1Q von ZXQ2Q Treffer",
    "ZXQ1Q of ZXQ2Q matches": "ZXQ1Q von ZXQ2Q Treffern",
    "Mozilla account": "Mozilla-Konto",
    "Dismiss": "Schließen",
    "Disconnect…": "Trennen…",
    "Sync Now": "Abgleich",
    "Manage settings": "Einstellungen verwalten",
    "Show in Folder": "Im Ordner anzeigen",
}


def german(texts: Sequence[str]) -> list[str]:
    """A stand-in translator: the words it knows, every other text in «»."""
    return [WORDS.get(t, f"«{t}»") for t in texts]


def read(path: Path) -> Document:
    return open_document(path)


def written(document: Document, code: str = "de") -> str:
    out = document.write(german([u.text for u in document.units]), language=language(code))
    return out.decode("utf-8")


def parsed(text: str) -> ast.Resource:
    resource = FluentParser(with_spans=False).parse(text)
    junk = [e for e in resource.body if isinstance(e, ast.Junk)]
    assert junk == [], junk[0].annotations
    return resource


def skeleton(text: str) -> Any:
    """The file's tree as Mozilla's parser reads it, every pattern's words left out (its
    placeables kept, in any order: a translation may move them)."""

    def masked(node: Any) -> Any:
        if isinstance(node, dict):
            if node.get("type") == "Pattern":
                kept = [e for e in node["elements"] if e["type"] != "TextElement"]
                return sorted(json.dumps(masked(e), sort_keys=True) for e in kept)
            return {k: masked(v) for k, v in node.items()}
        if isinstance(node, list):
            return [masked(x) for x in node]
        return node

    return masked(parsed(text).to_json())


def _platform(*_args: Any) -> Any:
    """Gecko's PLATFORM(), which Firefox's files select on: as on Linux."""
    return "linux"


def formatted(text: str, locale: str = "de", **args: Any) -> dict[str, str]:
    """Each message's value and attributes as Mozilla's runtime formats them, with a number
    or a date for each variable; a formatting error fails the test."""
    bundle = FluentBundle([locale], functions={"PLATFORM": _platform}, use_isolating=False)
    bundle.add_resource(FluentResource(text))
    values = {name: 3 for name in re.findall(r"\$([\w-]+)", text)}
    values |= {"dateObj": datetime.datetime(2026, 1, 2, 3, 4, 5)} | args
    out: dict[str, str] = {}
    for entry in parsed(text).body:
        if not isinstance(entry, ast.Message):
            continue
        message = bundle.get_message(entry.id.name)
        patterns = {"": message.value, **{f".{k}": v for k, v in message.attributes.items()}}
        for name, pattern in patterns.items():
            if pattern is None:
                continue
            value, errors = bundle.format_pattern(pattern, values)
            # (a term a file leaves to another, brand.ftl, is the only error allowed)
            assert [e for e in errors if "Unknown term" not in str(e)] == [], errors
            out[entry.id.name + name] = str(value)
    return out


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: str(p.relative_to(DATA)))
def test_only_the_words_of_a_real_file_change(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    document = read(path)
    assert document.units
    out = written(document)
    assert skeleton(out) == skeleton(source)
    formatted(out)
    # Each unit's words in «» and nothing else changed: ids, attributes' names, variant keys,
    # selectors, comments, blank lines and the indentation of every line are the source's.
    marked = [f"«{u.text}»" for u in document.units]
    out = document.write(marked, language=language("de")).decode()
    lines = out.replace("«", "").replace("»", "").split("\n")
    # (a placeable beginning a line unindented, which Fluent allows, is indented where words
    # now come before it on its line: the reference fixture's key12)
    assert [
        a if b.startswith("{") else b for a, b in zip(lines, source.split("\n"), strict=True)
    ] == lines
    assert [a.lstrip() for a in lines] == [b.lstrip() for b in source.split("\n")]
    # Untranslated, the file is its own bytes.
    same = document.write([u.text for u in document.units], language=language("de"))
    assert same == path.read_bytes()


def test_pdfjs_messages_attributes_and_variants_are_units() -> None:
    document = read(DATA / "pdfjs" / "en-US" / "viewer.ftl")
    units = {u.id: (u.text, u.fields) for u in document.units}
    assert units["pdfjs-previous-button.title"] == ("Previous Page", ())
    assert units["pdfjs-page-of-pages"] == (
        "(ZXQ1Q of ZXQ2Q)",
        ("{ $pageNumber }", "{ $pagesCount }"),
    )
    assert units["pdfjs-document-properties-size-kb"][1] == (
        "{ NUMBER($kb, maximumSignificantDigits: 3) }",
        "{ $b }",
    )
    assert units["pdfjs-find-match-count[one]"][0] == "ZXQ1Q of ZXQ2Q match"
    assert units["pdfjs-find-match-count[other]"][0] == "ZXQ1Q of ZXQ2Q matches"
    assert units["pdfjs-editor-add-signature-image-browse-link[macos]"][0] == (
        "Or choose image files"
    )
    # A DATETIME() alone has no words; a select's placeable alone neither.
    assert "pdfjs-document-properties-date-time-string" not in units
    assert "pdfjs-find-match-count" not in units


def test_a_plural_select_gains_the_target_languages_categories() -> None:
    """Polish numbers take one, few, many and other: the English select's other variant's
    translation fills few and many (where Fluent would show it anyway), for the translator
    to correct, as a gettext catalog's forms are filled; a PLATFORM() select gains none."""
    document = read(DATA / "pdfjs" / "en-US" / "viewer.ftl")
    out = written(document, "pl")
    assert (
        "    { $total ->\n"
        "        [one] { $current } von { $total } Treffer\n"
        "        [few] { $current } von { $total } Treffern\n"
        "        [many] { $current } von { $total } Treffern\n"
        "       *[other] { $current } von { $total } Treffern\n"
        "    }\n"
    ) in out
    assert "[few] «Or" not in out and out.count("[few]") == 2
    assert formatted(out, "pl")["pdfjs-find-match-count"] == "3 von 3 Treffern"
    # German has one and other, as English: nothing added.
    assert "[few]" not in written(document)


def test_access_keys_follow_the_translated_label() -> None:
    out = written(read(DATA / "firefox" / "en-US" / "menubar.ftl"))
    shown = formatted(out)
    assert shown["menu-file.label"] == "Datei" and shown["menu-file.accesskey"] == "D"
    assert shown["menu-file-new-tab.label"] == "Neuer Tab"
    assert shown["menu-file-new-tab.accesskey"] == "T"  # (in "Tab": kept)
    assert shown["menu-file-save-page.accesskey"] == "S"  # ("A" of "As" is gone)
    # A select's default variant is the label the key is a letter of ("schließen": C kept).
    assert shown["menu-file-close-tab.label"] == "3 Tabs schließen"
    assert shown["menu-file-close-tab.accesskey"] == "C"
    # A key that is a select of its own is kept.
    assert "           *[other] Q\n" in out
    assert [n.message_id for n in read(DATA / "firefox" / "en-US" / "menubar.ftl").notes] == [
        "document.fluent_access_keys"
    ]


def test_access_keys_by_other_names_are_kept_and_follow_their_labels() -> None:
    """Firefox names access keys in other ways than .accesskey: a notification's buttons'
    (.buttonaccesskey of .buttonlabel), a dialog's (.buttonaccesskeyaccept of
    .buttonlabelaccept), .accesskeynotsyncing, .accessKey, a message of its own
    (…-manage-accesskey of …-manage): none is sent, and each follows its label."""
    units: list[str] = []
    shown: dict[str, str] = {}
    for name in ("appMenuNotifications", "preferences", "browser"):
        document = read(DATA / "firefox" / "en-US" / f"{name}.ftl")
        units += [u.text for u in document.units]
        shown |= formatted(written(document))
    assert all(len(t) > 1 for t in units), units
    # A label that keeps the letter keeps it ("«Download»"); one that lost it gives its first.
    assert shown["appmenu-update-available2.buttonaccesskey"] == "D"
    assert shown["appmenu-update-available2.secondarybuttonlabel"] == "Schließen"
    assert shown["appmenu-update-available2.secondarybuttonaccesskey"] == "S"
    assert shown["sync-choose-what-to-sync-dialog3.buttonaccesskeyaccept"] == "S"
    assert shown["sync-choose-what-to-sync-dialog3.buttonaccesskeyextra2"] == "T"
    assert shown["prefs-sync-now.accesskeynotsyncing"] == "A"
    assert shown["eme-notifications-drm-content-playing-manage-accesskey"] == "E"
    assert shown["eme-notifications-drm-content-playing-dismiss-accesskey"] == "S"
    assert shown["file-picker-crashed-show-in-folder.accessKey"] == "I"


def test_keys_a_program_reads_are_kept(tmp_path: Path) -> None:
    """Screenshots' and the developer tools' keyboard shortcuts are keys, not words (their
    comment: "should not be changed unless the keyboard layout in the locale requires it");
    a name of a key a person reads ("Ctrl") and a button named for keys are words."""
    document = read(DATA / "firefox" / "en-US" / "screenshots.ftl")
    assert [u.id for u in document.units] == [
        "screenshots-meta-key[other]",
        "screenshots-notification-link-copied-details",
    ]
    out = written(document)
    assert "screenshots-component-copy-key = C\n" in out and "    .key = S\n" in out
    path = tmp_path / "key-shortcuts.ftl"
    path.write_text(
        "devtools-commandkey-inspector = C\n"
        "devtools-commandkey-toggle-toolbox-f12 = VK_F12\n"
        "storage-filter-key = CmdOrCtrl+F\n"
        "customkeys-key-edit =\n    .aria-label = Edit\n",
        encoding="utf-8",
    )
    assert [u.id for u in read(path).units] == ["customkeys-key-edit.aria-label"]


def test_markup_is_kept_whole_and_the_words_inside_it_translated() -> None:
    """Firefox's DOM overlay matches an element by its data-l10n-name, exactly: an
    uppercasing translator once wrote <LABEL DATA-L10N-NAME="COMMUNITY-MOZILLALINK">. Each
    tag is a placeholder; a translation that loses one, or closes one before it opens it,
    keeps the message as it was."""
    tags = re.compile(r"</?[A-Za-z][^<>]*>")
    for name in ("aboutDialog", "preferences", "browser"):
        path = DATA / "firefox" / "en-US" / f"{name}.ftl"
        document = read(path)
        out = document.write([u.text.upper() for u in document.units], language=language("de"))
        assert skeleton(out.decode()) == skeleton(path.read_text(encoding="utf-8"))
        source = {k: tags.findall(v) for k, v in formatted(path.read_text("utf-8")).items()}
        assert {k: tags.findall(v) for k, v in formatted(out.decode()).items()} == source
    shown = formatted(out.decode())
    assert shown["bookmarks-toolbar-empty-message"].endswith(
        '<a data-l10n-name="manage-bookmarks">MANAGE BOOKMARKS…</a>'
    )
    document = read(DATA / "firefox" / "en-US" / "aboutDialog.ftl")
    units = {u.id: u for u in document.units}
    community = units["community-2"]
    assert community.text == (
        "ZXQ1Q is designed by ZXQ2QZXQ3QZXQ4Q, a ZXQ5Qglobal communityZXQ6Q working together "
        "to keep the Web open, public and accessible to all."
    )
    assert community.fields[1] == '<label data-l10n-name="community-mozillaLink">'
    index = document.units.index(community)
    lost = "ZXQ1Q wird von ZXQ2QZXQ3QZXQ4Q entwickelt, einer weltweiten Gemeinschaft ZXQ6Q."
    crossed = "ZXQ1Q wird von ZXQ2QZXQ3QZXQ4Q, einer ZXQ6Qweltweiten GemeinschaftZXQ5Q, …"
    assert not document.accepts(index, lost) and not document.accepts(index, crossed)
    texts = [u.text.upper() for u in document.units]
    texts[index] = lost
    kept = document.write(texts, language=language("de")).decode()
    original = (DATA / "firefox" / "en-US" / "aboutDialog.ftl").read_text("utf-8")
    assert [line for line in kept.split("\n") if line.startswith("community-2 =")] == [
        line for line in original.split("\n") if line.startswith("community-2 =")
    ]
    assert "GLOBAL COMMUNITY" in formatted(kept)["community-exp"]


def test_a_word_in_angle_brackets_is_no_markup(tmp_path: Path) -> None:
    """GeckoView's console names a function without a name "<anonymous>", a word the
    translation translates; XSLT's <xsl:message> is code, kept."""
    path = tmp_path / "geckoViewConsole.ftl"
    path.write_text(
        "console-stacktrace-anonymous-function = <anonymous>\n"
        "xslt-aborted = XSLT transformation was terminated by <xsl:message>.\n",
        encoding="utf-8",
    )
    units = read(path).units
    assert [(u.text, u.fields) for u in units] == [
        ("<anonymous>", ()),
        ("XSLT transformation was terminated by ZXQ1Q.", ("<xsl:message>",)),
    ]


def test_brand_names_stay_and_the_words_mozilla_says_to_localize_do_not() -> None:
    document = read(DATA / "fxa" / "branding.ftl")
    assert [u.id for u in document.units] == [
        "-product-firefox-accounts",
        "-product-mozilla-account",
        "-product-mozilla-accounts[lowercase]",
        "-product-mozilla-accounts[uppercase]",
        "-product-firefox-account",
    ]
    out = written(document)
    assert "-product-mozilla-account = Mozilla-Konto\n" in out
    assert "-brand-firefox = Firefox\n" in out and "-product-pocket = Pocket\n" in out
    (note,) = document.notes
    assert note.message_id == "document.fluent_brands"
    assert note.params["count"] == 15 and "-brand-mozilla" in str(note.params["terms"])


def test_terms_outside_a_brand_file_are_translated_but_their_attributes_not(
    tmp_path: Path,
) -> None:
    path = tmp_path / "app.ftl"
    path.write_text(
        "-sync-term = Synchronize\n    .gender = neuter\n"
        "-brand-name = Foo 3000\n"
        "welcome = Welcome to { -brand-name }!\n    .style = width: 30em\n",
        encoding="utf-8",
    )
    document = read(path)
    assert [(u.id, u.text) for u in document.units] == [
        ("-sync-term", "Synchronize"),
        ("welcome", "Welcome to ZXQ1Q!"),
    ]
    out = written(document)
    assert "    .gender = neuter\n" in out and "    .style = width: 30em\n" in out
    assert "-brand-name = Foo 3000\n" in out


def test_multiline_translations_take_the_patterns_indentation() -> None:
    path = DATA / "spec" / "multiline_values.ftl"
    document = read(path)
    lines = [f"{u.text}\nzweite Zeile" for u in document.units]
    out = document.write(lines, language=language("de")).decode()
    assert skeleton(out) == skeleton(path.read_text(encoding="utf-8"))
    shown = formatted(out)
    assert shown["key04.attr"] == (
        "A multiline attribute value\nstaring on a new line\nzweite Zeile"
    )
    assert "    .attr =\n        A multiline attribute value\n" in out
    assert shown["key01"].endswith("and also down here.\nzweite Zeile")


def test_braces_and_line_starts_fluent_reads_as_syntax_are_literals(tmp_path: Path) -> None:
    path = tmp_path / "app.ftl"
    path.write_text(
        "emails = You have { $n ->\n        [one] one e-mail\n       *[other] { $n } e-mails\n"
        "    } today.\n",
        encoding="utf-8",
    )
    document = read(path)
    assert [u.id for u in document.units] == ["emails[one]", "emails[other]", "emails"]
    tricky = ["{eine}", "ZXQ1Q E-Mails\n[wichtig]\n*neu*\n.punkt", "Heute ZXQ1Q."]
    out = document.write(tricky, language=language("de")).decode()
    bundle = FluentBundle(["de"], use_isolating=False)
    bundle.add_resource(FluentResource(out))
    message = bundle.get_message("emails")
    assert message.value is not None
    assert bundle.format_pattern(message.value, {"n": 1}) == ("Heute {eine}.", [])
    assert bundle.format_pattern(message.value, {"n": 3})[0] == (
        "Heute 3 E-Mails\n[wichtig]\n*neu*\n.punkt."
    )


def test_a_translation_that_loses_a_placeable_keeps_the_text(tmp_path: Path) -> None:
    path = tmp_path / "app.ftl"
    path.write_text("greeting = Hello, { $name }!\nbye = Goodbye\n", encoding="utf-8")
    document = read(path)
    out = document.write(["Hallo!", "Tschüss"], language=language("de")).decode()
    assert out == "greeting = Hello, { $name }!\nbye = Tschüss\n"
    assert not document.accepts(0, "Hallo!") and document.accepts(1, "Tschüss")
    assert not document.accepts(1, "  ")  # (an empty value is no Fluent message)
    crlf = tmp_path / "crlf.ftl"
    crlf.write_bytes(b"\xef\xbb\xbfa =\r\n    Line one\r\n    line two\r\n")
    out_crlf = read(crlf).write(["Zeile eins\nZeile zwei"], language=language("de"))
    assert out_crlf == b"\xef\xbb\xbfa =\r\n    Zeile eins\r\n    Zeile zwei\r\n"


@pytest.mark.parametrize(
    ("data", "message_id", "words"),
    [
        (b"hello = caf\xe9\n", "document.fluent_not_utf8", "line 1"),
        (b"# fine\nhello = Hi\nthis is not fluent\n", "document.bad_fluent", "line 3"),
        (b"key = { $n ->\n    [one] x\n}\n", "document.bad_fluent", "line 3"),
        (b'<#import "spring.ftl" as s>\n<p>${user}</p>\n', "document.bad_fluent", "FreeMarker"),
        (b"  \n\n", "document.no_text", "empty"),
        (b"key = " + b"{" * 5000 + b"$x" + b"}" * 5000 + b"\n", "document.bad_fluent", "deep"),
    ],
    ids=["latin-1", "junk", "broken select", "freemarker", "empty", "nested"],
)
def test_bad_input_is_refused_in_words(
    tmp_path: Path, data: bytes, message_id: str, words: str
) -> None:
    path = tmp_path / "app.ftl"
    path.write_bytes(data)
    with pytest.raises(DocumentError) as caught:
        read(path)
    assert caught.value.message_id == message_id and caught.value.path == path
    assert words in caught.value.message


def test_a_file_of_too_many_messages_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(document_base, "MAX_UNITS", 3)
    path = tmp_path / "app.ftl"
    path.write_text("".join(f"m{n} = Message {n}\n" for n in range(4)), encoding="utf-8")
    with pytest.raises(DocumentError) as caught:
        read(path)
    assert caught.value.message_id == "document.too_many_units"


def test_the_translation_is_written_where_fluent_looks_for_the_locale() -> None:
    assert platform_output(Path("locales/en-US/app.ftl"), "de") == Path("locales/de/app.ftl")
    assert platform_output(Path("i18n/en_US/app.ftl"), "pt-BR") == Path("i18n/pt_BR/app.ftl")
    assert platform_output(Path("l10n/en-US.ftl"), "de") == Path("l10n/de.ftl")
    assert platform_output(Path("src/app.ftl"), "de") is None  # (app.de.ftl)
    # Firefox's files stand deeper in their locale's folder.
    assert platform_output(Path("browser/locales/en-US/browser/menubar.ftl"), "de") == Path(
        "browser/locales/de/browser/menubar.ftl"
    )
    toolkit = Path("toolkit/locales/en-US/toolkit/about/aboutAddons.ftl")
    assert platform_output(toolkit, "pt-BR") == Path(
        "toolkit/locales/pt-BR/toolkit/about/aboutAddons.ftl"
    )
    # Not a folder named like a language far above, nor one that holds no locales.
    assert platform_output(Path("/home/de/project/src/app.ftl"), "fr") is None
    assert platform_output(Path("locales/en-US/a/b/c/app.ftl"), "de") is None
    assert platform_output(Path("work/en-US/browser/app.ftl"), "de") is None


def test_quire_translate_writes_the_german_locale(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Engine(EngineOptions(home=quire_home)).import_model(exported("marian"), "opus-mt-en-de")
    source = tmp_path / "locales" / "en-US" / "viewer.ftl"
    source.parent.mkdir(parents=True)
    source.write_bytes((DATA / "pdfjs" / "en-US" / "viewer.ftl").read_bytes())
    code = main(["translate", "--from", "en", "--to", "de", str(source)])
    _out, err = capsys.readouterr()
    assert code == 0, err
    out = tmp_path / "locales" / "de" / "viewer.ftl"
    text = out.read_text(encoding="utf-8")
    assert skeleton(text) == skeleton(source.read_text(encoding="utf-8"))
    formatted(text)
    # Firefox's layout: the locale's folder above the file's own.
    deeper = tmp_path / "browser" / "locales" / "en-US" / "browser" / "preferences.ftl"
    deeper.parent.mkdir(parents=True)
    deeper.write_bytes((DATA / "firefox" / "en-US" / "preferences.ftl").read_bytes())
    code = main(["translate", "--from", "en", "--to", "de", str(deeper)])
    _out, err = capsys.readouterr()
    assert code == 0, err
    german = tmp_path / "browser" / "locales" / "de" / "browser" / "preferences.ftl"
    assert skeleton(german.read_text("utf-8")) == skeleton(deeper.read_text("utf-8"))
    assert not (deeper.parent / "preferences.de.ftl").exists()
    # A folder run passes over the German folders, and over a FreeMarker template.
    (tmp_path / "locales" / "en-US" / "page.ftl").write_text("<#if x>${x}</#if>\n", "utf-8")
    found, _skipped = folder_documents(tmp_path, "de", recursive=True)
    assert found == [deeper, source]


def test_reading_a_large_file_takes_time_in_proportion_to_its_length() -> None:
    """Each pattern's indentation was found on a copy of the rest of the file: 60,000 one-line
    messages took 2.7 times the parser's time to read. The characters the reader takes out of
    the source (the parser's reads among them) are counted: a few times the file's length."""

    class Counted(str):
        copied = 0

        def __getitem__(self, key: Any) -> str:
            part = super().__getitem__(key)
            Counted.copied += len(part)
            return part

    text = "".join(f"m{n} = Message number {n} with {{ $x }}\n" for n in range(2000))
    document = FluentDocument(Path("app.ftl"), Counted(text), UTF8)
    assert len(document.units) == 2000
    assert Counted.copied < 20 * len(text)
