"""Qt Linguist .ts files as Qt's lupdate writes them (tests/data/linguist/qt.ts), translated,
compiled by Qt's own lrelease and loaded by QTranslator; and Quire's own Chinese .ts, whose
messages are all translated."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from engine.documents import DocumentError, open_document
from engine.documents.language import target_language
from engine.documents.linguist import LinguistDocument
from engine.documents.package import xml_parser

DATA = Path(__file__).parent / "data" / "linguist"
ROOT = Path(__file__).resolve().parents[1]

GERMAN = {
    "Open file": "Datei öffnen",
    "Copied ZXQ1Q of ZXQ2Q files": "ZXQ1Q von ZXQ2Q Dateien kopiert",
    "Save ZXQ1QallZXQ2Q changes?": "ZXQ1QAlleZXQ2Q Änderungen speichern?",
    "ZXQ1Q file(s) deleted": "ZXQ1Q Datei(en) gelöscht",
    "Close & quit": "Schließen & beenden",
}


def test_lupdates_file_translated_is_compiled_by_lrelease_and_read_by_qtranslator(
    tmp_path: Path, qapp: object
) -> None:
    from PySide6.QtCore import QTranslator

    source = DATA / "qt.ts"
    document = open_document(source)
    assert [(u.text, u.fields) for u in document.units] == [
        ("Open file", ()),
        ("Copied ZXQ1Q of ZXQ2Q files", ("%1", "%2")),
        ("Save ZXQ1QallZXQ2Q changes?", ("<b>", "</b>")),
        ("ZXQ1Q file(s) deleted", ("%n",)),
        ("Close & quit", ()),
    ]
    out = document.write([GERMAN[u.text] for u in document.units], language=target_language("de"))
    assert out.startswith(b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n<TS')
    root = etree.fromstring(out)
    numerus = root.find(".//message[@numerus='yes']/translation")
    assert numerus is not None and numerus.get("type") == "unfinished"
    assert [f.text for f in numerus] == ["%n Datei(en) gelöscht"] * 2
    written = tmp_path / "qt.de.ts"
    written.write_bytes(out)
    lrelease = Path(sys.executable).parent / "pyside6-lrelease"
    qm = tmp_path / "qt.de.qm"
    subprocess.run([str(lrelease), str(written), "-qm", str(qm)], check=True,
                   capture_output=True, timeout=60)  # fmt: skip
    translator = QTranslator()
    assert translator.load(str(qm))
    assert translator.translate("Main", "Open file") == "Datei öffnen"
    assert translator.translate("Main", "Copied %1 of %2 files") == "%1 von %2 Dateien kopiert"
    assert translator.translate("Main", "Save <b>all</b> changes?") == (
        "<b>Alle</b> Änderungen speichern?"
    )
    assert translator.translate("Main", "%n file(s) deleted", "", 4) == "%n Datei(en) gelöscht"
    assert translator.translate("Main", "Close & quit") == "Schließen & beenden"
    # Lost a placeholder: that message stays untranslated; nothing translated: byte for byte.
    lost = [GERMAN[u.text].replace("ZXQ2Q", "") for u in document.units]
    again = etree.fromstring(document.write(lost, language=target_language("de")))
    copied = again.findall(".//message/translation")[1]
    assert copied.text is None and copied.get("type") == "unfinished"
    assert document.write([u.text for u in document.units]) == source.read_bytes()


def test_quires_own_chinese_file_is_translated_already(tmp_path: Path) -> None:
    with pytest.raises(DocumentError) as info:
        open_document(ROOT / "resources" / "translations" / "quire_zh_CN.ts")
    assert info.value.message_id == "document.catalog_translated"


def test_a_typescript_file_or_another_language_is_refused_by_name(tmp_path: Path) -> None:
    code = tmp_path / "app.ts"
    code.write_text("import { Component } from '@angular/core';\nexport class App {}\n")
    with pytest.raises(DocumentError) as info:
        open_document(code)
    assert info.value.message_id == "document.not_linguist" and "TypeScript" in info.value.hint
    document = open_document(DATA / "qt.ts")  # language="de"
    french = target_language("fr")
    assert french is not None
    with pytest.raises(DocumentError) as info:
        document.check_target(french)
    assert info.value.message_id == "document.target_language"


def test_a_source_with_control_characters_or_a_finished_empty_translation_is_left(
    tmp_path: Path,
) -> None:
    """lupdate writes a control character as <byte value="x9"/> inside the source: the
    review found the text cut there and the whole translation replaced by the fragment's.
    A translation with no type is finished, even empty: not filled in."""
    ts = tmp_path / "app.ts"
    ts.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n<TS version="2.1" language="de">\n'
        "<context><name>M</name>\n"
        '<message><source>Tab<byte value="x9"/>separated</source>'
        '<translation type="unfinished"></translation></message>\n'
        "<message><source>Empty on purpose</source><translation></translation></message>\n"
        '<message><source>Open</source><translation type="unfinished"></translation></message>\n'
        "</context>\n</TS>\n",
        encoding="utf-8",
    )
    document = open_document(ts)
    assert [u.text for u in document.units] == ["Open"]


def test_only_the_translations_change_in_the_written_file() -> None:
    """Written as lupdate writes a translation: every other byte as it was (a review found
    lxml's writing turned &apos; into ' in every message, translated or not), so a diff
    of the file shows the translations alone; ' and " in a translation as lupdate escapes
    them."""
    import difflib

    source = (DATA / "qt.ts").read_text("utf-8")
    source = source.replace(
        "<source>Open file</source>",
        "<source>Open file</source>\n        <comment>Don&apos;t &quot;shorten&quot;</comment>",
    )
    document = LinguistDocument(DATA / "qt.ts", source.encode("utf-8"), etree.fromstring(
        source.encode("utf-8"), xml_parser()))  # fmt: skip
    texts = [GERMAN[u.text] for u in document.units]
    texts[0] = "Datei \u201eöffnen\u201c, nicht 'sichern'"
    out = document.write(texts, language=target_language("de")).decode("utf-8")
    changed = [
        line[2:].strip()
        for line in difflib.ndiff(source.splitlines(), out.splitlines())
        if line.startswith(("- ", "+ "))
    ]
    assert changed and all(
        line.startswith(("<translation", "<numerusform>")) for line in changed
    ), changed
    assert "<comment>Don&apos;t &quot;shorten&quot;</comment>" in out
    assert "öffnen\u201c, nicht &apos;sichern&apos;</translation>" in out


def test_lupdates_file_without_a_language_gets_the_languages_plural_forms(
    tmp_path: Path, qapp: object
) -> None:
    """lupdate without -target-language writes one numerusform and no language: filled as
    it was, German's two forms were one, and QTranslator gave the English back for every
    number (a review found it). The file now gets the target's forms and language."""
    from PySide6.QtCore import QTranslator

    document = open_document(DATA / "qt-nolang.ts")
    out = document.write([GERMAN[u.text] for u in document.units], language=target_language("de"))
    root = etree.fromstring(out)
    assert root.get("language") == "de"
    numerus = root.find(".//message[@numerus='yes']/translation")
    assert numerus is not None and len(numerus.findall("numerusform")) == 2
    written = tmp_path / "qt.de.ts"
    written.write_bytes(out)
    lrelease = Path(sys.executable).parent / "pyside6-lrelease"
    subprocess.run([str(lrelease), str(written), "-qm", str(tmp_path / "qt.de.qm")], check=True,
                   capture_output=True, timeout=60)  # fmt: skip
    translator = QTranslator()
    assert translator.load(str(tmp_path / "qt.de.qm"))
    for n in (1, 2, 5):
        assert translator.translate("Main", "%n file(s) deleted", "", n) == "%n Datei(en) gelöscht"


def test_odd_but_valid_files_are_written_whole(tmp_path: Path) -> None:
    """CRLF line ends (a translation of two lines and an added translation element write no
    bare LF), ``</message >``, ``language = ""``: each found by a review."""
    source = "\r\n".join([
        '<?xml version="1.0" encoding="utf-8"?>', "<!DOCTYPE TS>",
        '<TS version="2.1" language = "">', "<context>", "    <name>M</name>", "    <message>",
        "        <source>Line one", "line two</source>",
        '        <translation type="unfinished"></translation>', "    </message >",
        "    <message>", "        <source>Open</source>", "    </message>", "</context>",
        "</TS>", "",
    ])  # fmt: skip
    path = tmp_path / "odd.ts"
    path.write_bytes(source.encode("utf-8"))
    document = open_document(path)
    out = document.write(["Zeile eins\nZeile zwei", "Öffnen"], language=target_language("de"))
    assert b"\n" not in out.replace(b"\r\n", b"")
    root = etree.fromstring(out)
    assert root.get("language") == "de"
    assert [t.text for t in root.iter("translation")] == ["Zeile eins\nZeile zwei", "Öffnen"]


def test_a_folder_tells_qt_linguist_from_typescript_by_content(tmp_path: Path) -> None:
    """A UTF-16 Qt Linguist file is one (the bytes ``<TS`` are not in it); TypeScript's
    generics (``f<TSource>``) are no Qt Linguist root."""
    from engine.documents.folders import folder_documents

    (tmp_path / "app_de.ts").write_bytes((DATA / "qt.ts").read_text("utf-8").encode("utf-16"))
    (tmp_path / "code.ts").write_text("export function f<TSource>(x: TSource) { return x; }\n")
    found, _skipped = folder_documents(tmp_path)
    assert [p.name for p in found] == ["app_de.ts"]
