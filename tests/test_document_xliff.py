"""XLIFF as its producers write it (tests/data/xliff/: Qt's lupdate, XLIFF 1.2; Angular's
localize-extract, XLIFF 1.2 and 2.0). The Qt file, translated, is compiled by Qt's own
lrelease and loaded by QTranslator: the window then says the translations."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from engine.documents import Document, DocumentError, open_document
from engine.documents.language import target_language
from engine.documents.xliff import NS12

DATA = Path(__file__).parent / "data" / "xliff"
NS2 = "urn:oasis:names:tc:xliff:document:2.0"

GERMAN = {
    "Open file": "Datei öffnen",
    "Copied ZXQ1Q of ZXQ2Q files": "ZXQ1Q von ZXQ2Q Dateien kopiert",
    "Save ZXQ1QallZXQ2Q changes?": "ZXQ1QAlleZXQ2Q Änderungen speichern?",
    "ZXQ1Q file(s) deleted": "ZXQ1Q Datei(en) gelöscht",
    "Close & quit": "Schließen & beenden",
    "Welcome back, ZXQ1Q!": "Willkommen zurück, ZXQ1Q!",
    "Save all ZXQ1Q changes before you close the window?": "Alle ZXQ1Q Änderungen speichern, "
    "bevor Sie das Fenster schließen?",
    "Save ZXQ1QallZXQ2Q changes": "ZXQ1QAlleZXQ2Q Änderungen speichern",
}


def translated(document: Document, texts: dict[str, str] = GERMAN) -> bytes:
    return document.write([texts[u.text] for u in document.units], language=target_language("de"))


def targets(data: bytes, namespace: str) -> list[str]:
    """Each target's content as XML (its inline codes included), in document order."""
    root = etree.fromstring(data)
    out = []
    for target in root.iter(f"{{{namespace}}}target"):
        inner = (target.text or "") + "".join(
            etree.tostring(child, encoding="unicode", with_tail=True) for child in target
        )
        out.append(inner.replace(f' xmlns="{namespace}"', ""))
    return out


def test_qts_xliff_translated_is_compiled_by_lrelease_and_read_by_qtranslator(
    tmp_path: Path, qapp: object
) -> None:
    from PySide6.QtCore import QTranslator

    document = open_document(DATA / "qt.xlf")
    assert [(u.text, u.fields) for u in document.units] == [
        ("Open file", ()),
        ("Copied ZXQ1Q of ZXQ2Q files", ("%1", "%2")),
        ("Save ZXQ1QallZXQ2Q changes?", ("<b>", "</b>")),  # (tags Qt left as text)
        ("ZXQ1Q file(s) deleted", ("%n",)),
        ("ZXQ1Q file(s) deleted", ("%n",)),
        ("Close & quit", ()),
    ]
    out = translated(document)
    assert out.startswith(b'<?xml version="1.0" encoding="utf-8"?>\n<xliff')
    assert targets(out, NS12) == [
        "Datei öffnen",
        "%1 von %2 Dateien kopiert",
        "<b>Alle</b> Änderungen speichern?",  # (text: the tags escaped in the file)
        "%n Datei(en) gelöscht",
        "%n Datei(en) gelöscht",
        "Schließen & beenden",
    ]
    assert b"&lt;b&gt;Alle&lt;/b&gt;" in out
    root = etree.fromstring(out)
    states = {t.get("state") for t in root.iter(f"{{{NS12}}}target")}
    assert states == {"needs-review-translation"}
    written = tmp_path / "qt.de.xlf"
    written.write_bytes(out)
    lrelease = Path(sys.executable).parent / "pyside6-lrelease"
    subprocess.run(
        [str(lrelease), str(written), "-qm", str(tmp_path / "qt.de.qm")],
        check=True,
        capture_output=True,
        timeout=60,
    )
    translator = QTranslator()
    assert translator.load(str(tmp_path / "qt.de.qm"))
    assert translator.translate("Main", "Open file") == "Datei öffnen"
    assert translator.translate("Main", "Copied %1 of %2 files") == "%1 von %2 Dateien kopiert"
    assert translator.translate("Main", "%n file(s) deleted", "", 5) == "%n Datei(en) gelöscht"
    assert translator.translate("Main", "Close & quit") == "Schließen & beenden"
    # Nothing translated: the file as it was, byte for byte.
    original = (DATA / "qt.xlf").read_bytes()
    assert document.write([u.text for u in document.units]) == original


def test_angulars_xliff_1_2_gets_targets_with_its_placeholders() -> None:
    """Angular's interpolations and tags are <x/> codes: copied into the target where the
    translation puts them (the two of "Copied … of …" may change places); the target
    language is declared, notes and contexts kept."""
    document = open_document(DATA / "angular-1.2.xlf")
    texts = dict(GERMAN)
    texts["Copied ZXQ1Q of ZXQ2Q files"] = "ZXQ2Q Dateien, davon ZXQ1Q kopiert"
    out = translated(document, texts)
    root = etree.fromstring(out)
    assert root.find(f"{{{NS12}}}file").get("target-language") == "de"
    assert targets(out, NS12) == [
        "Datei öffnen",
        'Willkommen zurück, <x id="name" equiv-text="name"/>!',
        'Alle <x id="count" equiv-text="count"/> Änderungen speichern, bevor Sie das Fenster '
        "schließen?",
        '<x id="total" equiv-text="count"/> Dateien, davon <x id="copied" equiv-text="count"/> '
        "kopiert",
        '<x id="START_BOLD_TEXT" ctype="x-b" equiv-text="&quot;&lt;b&gt;&quot;"/>Alle'
        '<x id="CLOSE_BOLD_TEXT" ctype="x-b" equiv-text="&quot;&lt;/b&gt;&quot;"/> Änderungen '
        "speichern",
    ]
    # Each target right after its source, on a line of its own, indented alike.
    assert b"</source>\n        <target state=" in out
    for unit in root.iter(f"{{{NS12}}}trans-unit"):
        names = [etree.QName(c).localname for c in unit]
        assert names[:2] == ["source", "target"] and "context-group" in names


def test_angulars_xliff_2_0_gets_targets_around_its_paired_codes() -> None:
    """XLIFF 2.0: the <pc> pair holds its translated word; segments become "translated";
    trgLang is declared on the root, as 2.0 requires once there are targets."""
    document = open_document(DATA / "angular-2.0.xlf")
    assert [u.text for u in document.units][-1] == "Save ZXQ1QallZXQ2Q changes"
    texts = dict(GERMAN)
    texts["Copied ZXQ1Q of ZXQ2Q files"] = "ZXQ1Q von ZXQ2Q Dateien kopiert"
    out = translated(document, texts)
    root = etree.fromstring(out)
    assert root.get("trgLang") == "de" and root.get("srcLang") == "en-US"
    found = targets(out, NS2)
    assert found[-1] == (
        '<pc id="0" equivStart="START_BOLD_TEXT" equivEnd="CLOSE_BOLD_TEXT" type="fmt" '
        'dispStart="&quot;&lt;b&gt;&quot;" dispEnd="&quot;&lt;/b&gt;&quot;">Alle</pc> '
        "Änderungen speichern"
    )
    assert found[1] == 'Willkommen zurück, <ph id="0" equiv="name" disp="name"/>!'
    assert {s.get("state") for s in root.iter(f"{{{NS2}}}segment")} == {"translated"}


def test_a_translation_that_loses_a_code_or_breaks_a_pair_leaves_the_unit_untranslated() -> None:
    """A target without one of its codes, or with a pair's end before its start, would be
    refused by the tool that reads it back: the unit keeps no target."""
    document = open_document(DATA / "angular-2.0.xlf")
    texts = dict(GERMAN)
    texts["Welcome back, ZXQ1Q!"] = "Willkommen zurück!"  # the name lost
    texts["Save ZXQ1QallZXQ2Q changes"] = "ZXQ2QAlleZXQ1Q Änderungen speichern"  # crossed
    texts["Copied ZXQ1Q of ZXQ2Q files"] = "ZXQ1Q von ZXQ2Q Dateien kopiert"
    root = etree.fromstring(translated(document, texts))
    units = {u.get("id"): u for u in root.iter(f"{{{NS2}}}unit")}
    assert units["open-file"].find(f".//{{{NS2}}}target") is not None
    assert units["5178315198082518957"].find(f".//{{{NS2}}}target") is None
    assert units["1205630747715724949"].find(f".//{{{NS2}}}target") is None


def test_translated_and_excluded_units_are_kept_and_a_segmented_unit_is_filled(
    tmp_path: Path,
) -> None:
    """A unit with its translation, one marked translate="no", and one whose target is a
    copy marked state="new" (as Xcode exports it); and a unit segmented into sentences
    (``seg-source``, as Okapi and Trados write it): each segment is a unit, and the target
    gets the same segments. (Written here: no program here segments XLIFF.)"""
    source = f"""<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="{NS12}">
  <file source-language="en" datatype="plaintext" original="x"><body>
    <trans-unit id="done"><source>Open</source><target state="translated">Öffnen</target></trans-unit>
    <trans-unit id="no" translate="no"><source>Quire</source></trans-unit>
    <trans-unit id="copied"><source>Close</source><target state="new">Close</target></trans-unit>
    <trans-unit id="seg">
      <source>Hello there. Bye now.</source>
      <seg-source><mrk mtype="seg" mid="1">Hello there.</mrk> <mrk mtype="seg" mid="2">Bye now.</mrk></seg-source>
    </trans-unit>
  </body></file>
</xliff>
"""  # noqa: E501
    path = tmp_path / "app.xlf"
    path.write_text(source, encoding="utf-8")
    document = open_document(path)
    assert [u.text for u in document.units] == ["Close", "Hello there.", "Bye now."]
    out = document.write(
        ["Schließen", "Hallo.", "Tschüss."], language=target_language("de")
    ).decode("utf-8")
    assert '<target state="translated">Öffnen</target>' in out
    assert '<trans-unit id="no" translate="no"><source>Quire</source></trans-unit>' in out
    assert '<target state="needs-review-translation">Schließen</target>' in out
    assert (
        '<target state="needs-review-translation"><mrk mtype="seg" mid="1">Hallo.</mrk> '
        '<mrk mtype="seg" mid="2">Tschüss.</mrk></target>'
    ) in out


def test_a_damaged_or_translated_xliff_file_says_so(tmp_path: Path) -> None:
    path = tmp_path / "bad.xlf"
    path.write_text(f'<xliff version="1.2" xmlns="{NS12}">\n<file>\n</xliff>\n')
    with pytest.raises(DocumentError) as info:
        open_document(path)
    assert info.value.message_id == "document.bad_xliff" and info.value.params == {"line": 3}
    path.write_text("<html><body>hi</body></html>")
    with pytest.raises(DocumentError) as info:
        open_document(path)
    assert info.value.message_id == "document.bad_xliff" and "<html>" in info.value.message
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaaa">]>\n'
        f'<xliff version="1.2" xmlns="{NS12}"><file><body><trans-unit id="1"><source>&a;'
        "</source></trans-unit></body></file></xliff>"
    )
    with pytest.raises(DocumentError) as info:
        open_document(path)
    assert "entity" in info.value.message
    done = tmp_path / "done.xlf"
    done.write_text(
        f'<xliff version="1.2" xmlns="{NS12}"><file><body><trans-unit id="1"><source>Open'
        "</source><target>Öffnen</target></trans-unit></body></file></xliff>"
    )
    with pytest.raises(DocumentError) as info:
        open_document(done)
    assert info.value.message_id == "document.xliff_translated"


def test_a_file_for_another_target_language_is_refused() -> None:
    document = open_document(DATA / "qt.xlf")  # target-language="de", as lupdate wrote it
    french = target_language("fr")
    assert french is not None
    with pytest.raises(DocumentError) as info:
        document.check_target(french)
    assert info.value.params == {"declared": "de", "target": "fr"}
