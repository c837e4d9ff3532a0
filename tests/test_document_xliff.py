"""XLIFF as its producers write it (tests/data/xliff/: Qt's lupdate, XLIFF 1.2; Angular's
localize-extract, XLIFF 1.2 and 2.0). The Qt file, translated, is compiled by Qt's own
lrelease and loaded by QTranslator: the window then says the translations."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
from lxml import etree

from engine.documents import Document, DocumentError, open_document
from engine.documents.language import target_language
from engine.documents.xliff import NS12, SDL

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
    # Angular's ICU plural: its syntax placeholders, its cases' words translated.
    "ZXQ1Q ZXQ2Qno itemsZXQ3Q ZXQ4Qone itemZXQ5Q ZXQ6QZXQ7Q itemsZXQ8QZXQ9Q": "ZXQ1Q ZXQ2Qkeine "
    "ElementeZXQ3Q ZXQ4Qein ElementZXQ5Q ZXQ6QZXQ7Q ElementeZXQ8QZXQ9Q",
}


def translated(document: Document, texts: dict[str, str] = GERMAN) -> bytes:
    return document.write([texts[u.text] for u in document.units], language=target_language("de"))


def targets(data: bytes, namespace: str) -> list[str]:
    """Each target's content as XML (its inline codes included), in document order."""
    root = etree.fromstring(data, etree.XMLParser(huge_tree=True))
    out = []
    for target in root.iter(f"{{{namespace}}}target"):
        inner = (target.text or "") + "".join(
            etree.tostring(child, encoding="unicode", with_tail=True) for child in target
        )
        out.append(re.sub(r' xmlns(?::\w+)?="[^"]*"', "", inner))
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
        "{VAR_PLURAL, plural, =0 {keine Elemente} =1 {ein Element} other "
        '{<x id="INTERPOLATION" equiv-text="count"/> Elemente}}',
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
    assert [u.text for u in document.units][-2] == "Save ZXQ1QallZXQ2Q changes"
    texts = dict(GERMAN)
    texts["Copied ZXQ1Q of ZXQ2Q files"] = "ZXQ1Q von ZXQ2Q Dateien kopiert"
    out = translated(document, texts)
    root = etree.fromstring(out)
    assert root.get("trgLang") == "de" and root.get("srcLang") == "en-US"
    found = targets(out, NS2)
    assert found[-2] == (
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


def test_a_damaged_xliff_file_says_its_line_once(tmp_path: Path) -> None:
    path = tmp_path / "bad.xlf"
    path.write_text(
        '<?xml version="1.0"?>\n<xliff version="1.2"><file source-language="en" original="a" '
        'datatype="plaintext"><body><trans-unit id="1"><source>Hi & bye</source></trans-unit>'
        "</body></file></xliff>"
    )
    with pytest.raises(DocumentError) as info:
        open_document(path)
    # (libxml2 appends ", line 2, column 120" to its message: said once, ours)
    assert info.value.message.startswith(
        "This is not a valid XLIFF file: xmlParseEntityRef: no name at line 2"
    )
    assert "column" not in info.value.message


def test_a_file_for_another_target_language_is_refused() -> None:
    document = open_document(DATA / "qt.xlf")  # target-language="de", as lupdate wrote it
    french = target_language("fr")
    assert french is not None
    with pytest.raises(DocumentError) as info:
        document.check_target(french)
    assert info.value.params == {"declared": "de", "target": "fr"}


def test_angulars_icu_plural_keeps_its_syntax_and_translates_its_cases() -> None:
    """localize-extract's ICU plural: the head, each case's selector and the braces are
    placeholders in their order (a review found the keywords sent to the translator, and a
    translated "Plural" or "andere" written); a translation that moves them writes no
    target. (Angular's localize-translate read both translated fixtures into a German
    bundle when this was written.)"""
    for name, ns in (("angular-1.2.xlf", NS12), ("angular-2.0.xlf", NS2)):
        document = open_document(DATA / name)
        unit = document.units[-1]
        assert "plural" not in unit.text and "other" not in unit.text
        assert unit.text.count("ZXQ") == 9
        out = translated(document)
        assert targets(out, ns)[-1].startswith(
            "{VAR_PLURAL, plural, =0 {keine Elemente} =1 {ein Element} other {<"
        )
        moved = dict(GERMAN)
        moved[unit.text] = GERMAN[unit.text].replace("ZXQ3Q ZXQ4Q", "ZXQ4Q ZXQ3Q")
        assert len(targets(translated(document, moved), ns)) == len(document.units) - 1


def _write(tmp_path: Path, body: str, head: str = "", name: str = "x.xlf") -> Path:
    path = tmp_path / name
    path.write_bytes((head + body).encode("utf-8"))
    return path


UNIT12 = (
    '<xliff version="1.2" xmlns="{ns}"><file source-language="en" datatype="plaintext" '
    'original="x"><body>{units}</body></file></xliff>'
)


def test_start_and_end_codes_must_keep_their_order(tmp_path: Path) -> None:
    """bpt/ept (1.2) and sc/ec (2.x) are standalone elements that open and close a span: a
    translation that puts the end first made a target CAT tools refuse."""
    one = UNIT12.format(ns=NS12, units=(
        '<trans-unit id="1"><source>Click <bpt id="1">&lt;b&gt;</bpt>Save<ept id="1">'
        "&lt;/b&gt;</ept> now</source></trans-unit>"
    ))  # fmt: skip
    document = open_document(_write(tmp_path, one))
    assert document.units[0].text == "Click ZXQ1QSaveZXQ2Q now"
    swapped = document.write(["ZXQ2QKlick ZXQ1Q speichern"])
    assert b"<target" not in swapped
    assert b'<bpt id="1">&lt;b&gt;</bpt>Speichern<ept' in document.write(
        ["Klick ZXQ1QSpeichernZXQ2Q jetzt"]
    )
    two = (
        f'<xliff version="2.0" xmlns="{NS2}" srcLang="en"><file id="f"><unit id="u">'
        '<segment><source>Press <sc id="1"/>OK<ec startRef="1"/> now</source></segment>'
        "</unit></file></xliff>"
    )
    document = open_document(_write(tmp_path, two, name="two.xlf"))
    assert b"<target" not in document.write(["ZXQ2QDrück ZXQ1QOK jetzt"])
    assert "<target>Drück <sc" in document.write(["Drück ZXQ1QOKZXQ2Q jetzt"]).decode("utf-8")


def test_protected_text_and_an_inner_translate_yes_are_honoured(tmp_path: Path) -> None:
    """1.2's mrk mtype="protected" (2.x's translate="no") is copied as it is, not
    translated; a unit that says translate="yes" inside a group that says "no" is
    translated."""
    body = UNIT12.format(ns=NS12, units=(
        '<trans-unit id="1"><source>Name <mrk mtype="protected">Quire</mrk> app</source>'
        '</trans-unit><group translate="no"><trans-unit id="2" translate="yes"><source>Open'
        '</source></trans-unit><trans-unit id="3"><source>Skip</source></trans-unit></group>'
    ))  # fmt: skip
    document = open_document(_write(tmp_path, body))
    assert [u.text for u in document.units] == ["Name ZXQ1Q app", "Open"]
    out = document.write(["ZXQ1Q-Anwendung", "Öffnen"]).decode("utf-8")
    assert '<mrk mtype="protected">Quire</mrk>-Anwendung</target>' in out
    assert "Öffnen</target>" in out and "Skip</source></trans-unit>" in out


def test_segmented_units_translated_whole_or_copied_new(tmp_path: Path) -> None:
    """A segmented unit whose target is a whole translation (no segments) is translated
    already: it was replaced. One whose target is a copy marked state="new" is not."""
    seg = (
        '<seg-source><mrk mtype="seg" mid="1">Hello there.</mrk> <mrk mtype="seg" mid="2">'
        "Bye now.</mrk></seg-source>"
    )
    body = UNIT12.format(ns=NS12, units=(
        f'<trans-unit id="1"><source>Hello there. Bye now.</source>{seg}<target xml:lang="de">'
        "Hallo da. Tschüss jetzt.</target></trans-unit>"
        f'<trans-unit id="2"><source>Hello there. Bye now.</source>{seg}<target state="new">'
        '<mrk mtype="seg" mid="1">Hello there.</mrk> <mrk mtype="seg" mid="2">Bye now.</mrk>'
        "</target></trans-unit>"
    ))  # fmt: skip
    document = open_document(_write(tmp_path, body))
    assert [u.text for u in document.units] == ["Hello there.", "Bye now."]
    out = document.write(["Hallo.", "Tschüss."]).decode("utf-8")
    assert '<target xml:lang="de">Hallo da. Tschüss jetzt.</target>' in out
    assert (
        '<target state="needs-review-translation"><mrk mtype="seg" mid="1">Hallo.</mrk> '
        '<mrk mtype="seg" mid="2">Tschüss.</mrk></target>'
    ) in out


def test_what_comes_before_the_root_and_crlf_line_ends_stay(tmp_path: Path) -> None:
    head = (
        '<?xml version="1.0" encoding="UTF-8"?>\r\n<!-- produced by memoQ -->\r\n'
        '<?xml-stylesheet href="x.xsl"?>\r\n'
    )
    body = UNIT12.format(ns=NS12, units='\r\n<trans-unit id="1"><source>Open</source>'
                         "</trans-unit>\r\n") + "\r\n"  # fmt: skip
    document = open_document(_write(tmp_path, body, head))
    out = document.write(["Öffnen"])
    assert out.startswith(head.encode()) and out.endswith(b"</xliff>\r\n")
    assert b"\n" not in out.replace(b"\r\n", b"")


def test_a_file_without_a_namespace_declares_and_checks_its_language(tmp_path: Path) -> None:
    body = (
        '<xliff version="1.2"><file source-language="en" target-language="fr" '
        'datatype="plaintext" original="x"><body><trans-unit id="1"><source>Hello</source>'
        "</trans-unit></body></file></xliff>"
    )
    document = open_document(_write(tmp_path, body))
    german = target_language("de")
    assert german is not None
    with pytest.raises(DocumentError):
        document.check_target(german)
    bare = open_document(_write(tmp_path, body.replace(' target-language="fr"', ""), name="b.xlf"))
    out = bare.write(["Hallo"], language=german)
    assert b'target-language="de"' in out


@pytest.mark.parametrize(
    ("declared", "job", "same"),
    [("pt_BR", "pt-PT", False), ("pt_BR", "pt", True), ("zh_TW", "zh-Hant", True),
     ("zh_CN", "zh-Hant", False), ("de_DE", "de", True), ("sr@latin", "sr-Cyrl", False)],
)  # fmt: skip
def test_a_declared_target_language_matches_by_script_and_country(
    declared: str, job: str, same: bool
) -> None:
    from engine.documents.language import same_target

    language = target_language(job)
    assert language is not None
    assert same_target(declared, language) is same


def test_a_diff_of_the_written_file_shows_the_targets_alone() -> None:
    """Angular keeps messages.xlf in version control: the written file differs from it by
    the targets, their states and the declared target language, and nothing else (lxml had
    put the root's namespace declaration before its version)."""
    import difflib

    for name in ("angular-1.2.xlf", "angular-2.0.xlf", "qt.xlf"):
        source = (DATA / name).read_text("utf-8")
        out = translated(open_document(DATA / name)).decode("utf-8")
        changed = [
            line[2:].strip()
            for line in difflib.ndiff(source.splitlines(), out.splitlines())
            if line.startswith(("- ", "+ "))
        ]
        allowed = ("<target", "<file ", "<xliff ", "<segment")
        assert changed and all(line.startswith(allowed) for line in changed), (name, changed)
        assert out.splitlines()[1] == source.splitlines()[1] or "trgLang" in out.splitlines()[1]


def test_a_utf16_file_without_a_declaration_is_written_in_utf16(tmp_path: Path) -> None:
    """Its byte order mark says UTF-16 where no declaration does (the writing had read it
    as UTF-8 and failed)."""
    path = tmp_path / "u16.xlf"
    body = UNIT12.format(ns=NS12, units='<trans-unit id="1"><source>Héllo</source></trans-unit>')
    path.write_bytes(body.encode("utf-16"))
    out = open_document(path).write(["Hallo"])
    assert out.startswith(b"\xff\xfe") and "<target" in out.decode("utf-16")


def test_a_root_start_tag_over_several_lines_is_kept(tmp_path: Path) -> None:
    """The root's start tag over several lines, CRLF: writing failed (its line was taken
    from the parser, which gives its last), as a review found."""
    source = (
        '<?xml version="1.0" encoding="UTF-8"?>\r\n<xliff version="1.2"\r\n    '
        f'xmlns="{NS12}">\r\n<file source-language="en" datatype="plaintext" original="x">'
        '<body><trans-unit id="1"><source>Open</source></trans-unit></body></file>\r\n</xliff>\r\n'
    )
    path = tmp_path / "multi.xlf"
    path.write_bytes(source.encode("utf-8"))
    out = open_document(path).write(["Öffnen"])
    head = f'<?xml version="1.0" encoding="UTF-8"?>\r\n<xliff version="1.2"\r\n    xmlns="{NS12}">'
    assert out.startswith(head.encode())
    assert b"\n" not in out.replace(b"\r\n", b"") and "Öffnen</target>" in out.decode("utf-8")


SDL_GERMAN = {
    "The ZXQ1QquarterlyZXQ2Q report is ready.": "Der ZXQ1QQuartalsberichtZXQ2Q ist fertig.",
    "Please review it by Friday.": "Bitte prüfen Sie ihn bis Freitag.",
    "ZXQ1QPage ZXQ2Q of the handbook.": "ZXQ1QSeite ZXQ2Q des Handbuchs.",
    "Questions?": "Fragen?",
    "Write to us.": "Schreiben Sie uns.",
}


def _sdl_status(data: bytes) -> dict[str, dict[str, str]]:
    root = etree.fromstring(data)
    return {
        str(seg.get("id")): dict(seg.attrib)
        for seg in root.iter(f"{{{SDL}}}seg")
        if seg.getparent() is not None
    }


def test_a_trados_sdlxliff_gets_its_empty_segments_filled_as_machine_translated_drafts(
    tmp_path: Path,
) -> None:
    """Trados Studio's bilingual file (typed in Studio's layout: no Trados runs here): each
    empty target segment is a unit; a translated one, a locked one and the structure units
    (translate="no") are not. A segment filled in gets Studio's status for machine
    translation in its sdl:seg (conf Draft, origin mt; a fuzzy match's percentage goes),
    not an XLIFF state on the target, and a unit with no sdl:seg-defs gets them. The tags
    (g, x, a location marker) stay where the translation puts them, and the XML outside the
    segments and their status stays."""
    source = DATA / "report.docx.sdlxliff"
    document = open_document(source)
    assert document.declared_target() == "de-DE"
    assert [u.text for u in document.units] == list(SDL_GERMAN)
    out = translated(document, SDL_GERMAN)
    assert out.startswith(b'\xef\xbb\xbf<?xml version="1.0" encoding="utf-8"?><xliff ')
    assert targets(out, NS12) == [
        '<mrk mtype="seg" mid="1">Der <g id="pt1">Quartalsbericht</g> ist fertig.</mrk> '
        '<mrk mtype="seg" mid="2">Bitte prüfen Sie ihn bis Freitag.</mrk>',
        '<mrk mtype="seg" mid="3"><mrk mtype="x-sdl-location" '
        'mid="c9e2a7d0-1f3b-4c5d-8e6f-a0b1c2d3e4f5"/>Seite <x id="pt2"/> des Handbuchs.</mrk>',
        '<mrk mtype="seg" mid="4">Vielen Dank.</mrk>',
        '<mrk mtype="seg" mid="5"/>',
        '<mrk mtype="seg" mid="6">Fragen?</mrk> <mrk mtype="seg" mid="7">Schreiben Sie uns.</mrk>',
    ]
    assert b"<target>" in out and b"state=" not in out  # (Studio's targets have none)
    draft = {"conf": "Draft", "origin": "mt", "origin-system": "Quire"}
    assert _sdl_status(out) == {
        "1": {"id": "1", **draft},
        "2": {"id": "2", **draft},
        "3": {"id": "3", **draft},  # (its 72 % match is gone)
        "4": {"id": "4", "conf": "Translated", "origin": "tm", "percent": "100",
              "text-match": "SourceAndTarget"},
        "5": {"id": "5", "locked": "true"},
        "6": {"id": "6", **draft},
        "7": {"id": "7", **draft},
    }  # fmt: skip
    # Outside the targets and the segments' status, the file is as it was.
    original = source.read_bytes()

    def outside(data: bytes) -> bytes:
        """The file without its targets and segments' status, in canonical XML (lxml writes
        a header's ``&quot;`` as ``"``: the same XML to Studio)."""
        root = etree.fromstring(data)
        for unit in root.iter(f"{{{NS12}}}trans-unit"):
            for child in list(unit):
                if child.tag in (f"{{{NS12}}}target", f"{{{SDL}}}seg-defs"):
                    unit.remove(child)
        return bytes(etree.tostring(root, method="c14n"))

    assert outside(out) == outside(original)
    assert out.count(b"<sdl:seg-defs>") == original.count(b"<sdl:seg-defs>") + 1


def test_a_trados_project_folder_is_translated_from_its_target_language_folder(
    tmp_path: Path,
) -> None:
    """Studio keeps the files to translate into German in the project's de-DE folder: a
    folder job takes them (not as German translations already there), and passes over what
    it wrote before."""
    from engine.documents import default_output
    from engine.documents.folders import folder_documents

    german = tmp_path / "Handbook" / "de-DE"
    german.mkdir(parents=True)
    source = german / "report.docx.sdlxliff"
    source.write_bytes((DATA / "report.docx.sdlxliff").read_bytes())
    output = default_output(source, "de")
    assert output == german / "report.docx.de.sdlxliff"
    found, _ = folder_documents(tmp_path, "de", recursive=True)
    assert found == [source]
    output.write_bytes(source.read_bytes())
    (tmp_path / "Handbook" / "fr-FR").mkdir()
    french = tmp_path / "Handbook" / "fr-FR" / "report.docx.sdlxliff"
    french.write_bytes(
        source.read_bytes().replace(b'target-language="de-DE"', b'target-language="fr-FR"')
    )
    found, skipped = folder_documents(tmp_path, "de", recursive=True)
    assert found == [source]
    assert [(s.path, s.reason) for s in skipped] == [(output, "translation"), (french, "language")]
    # A file whose open segments are all locked says so, not "translated already".
    text = source.read_text("utf-8")
    for before, after in [
        ('<sdl:seg id="1"/><sdl:seg id="2"/>',
         '<sdl:seg id="1" locked="true"/><sdl:seg id="2" locked="true"/>'),
        ('<sdl:seg id="3" conf="Draft"', '<sdl:seg id="3" locked="true" conf="Draft"'),
        ('<mrk mtype="seg" mid="7"/></target>', '<mrk mtype="seg" mid="7"/></target><sdl:seg-defs>'
         '<sdl:seg id="6" locked="true"/><sdl:seg id="7" locked="true"/></sdl:seg-defs>'),
    ]:  # fmt: skip
        assert text.count(before) == 1
        text = text.replace(before, after)
    locked = tmp_path / "locked.sdlxliff"
    locked.write_text(text, "utf-8")
    with pytest.raises(DocumentError) as refused:
        open_document(locked)
    assert refused.value.message_id == "document.segments_locked"


def test_trados_tracked_changes_and_comments_are_read_as_the_text_they_leave(
    tmp_path: Path,
) -> None:
    """A source with Trados's tracked changes is the text they leave: an insertion's words,
    not a deletion's; a comment's words, not its marker. None of the three is copied into
    the target (their revision and comment ids are the source's). A file embedding its
    original document (base64 over libxml2's 10 MB a text) is read and written."""
    base64 = "QUJD" * (3 * 1024 * 1024)  # 12 MB
    path = tmp_path / "tracked.docx.sdlxliff"
    path.write_text(
        f'<?xml version="1.0" encoding="utf-8"?><xliff xmlns:sdl="{SDL}" xmlns="{NS12}" '
        'version="1.2" sdl:version="1.0"><file original="a.docx" datatype="x-sdlfilterframework2"'
        ' source-language="en-US" target-language="de-DE"><header><reference><internal-file '
        f'form="base64">{base64}</internal-file></reference></header><body><trans-unit id="t1">'
        "<source>The old new report.</source><seg-source>"
        '<mrk mtype="seg" mid="1">The <mrk mtype="x-sdl-deleted" sdl:revid="r2">old</mrk> '
        '<mrk mtype="x-sdl-added" sdl:revid="r1">new</mrk> '
        '<mrk mtype="x-sdl-comment" sdl:cid="c1">report</mrk>.</mrk></seg-source>'
        '<target><mrk mtype="seg" mid="1"/></target></trans-unit></body></file></xliff>',
        encoding="utf-8",
    )
    document = open_document(path)
    assert [u.text for u in document.units] == ["The  new report."]
    out = document.write(["Der neue Bericht."], language=target_language("de"))
    assert targets(out, NS12) == ['<mrk mtype="seg" mid="1">Der neue Bericht.</mrk>']
    assert out.count(base64.encode()) == 1


def test_a_memoq_mqxliff_gets_its_open_rows_filled_as_machine_translated(tmp_path: Path) -> None:
    """memoQ's bilingual file (typed in an export's layout: no memoQ runs here): a row
    NotStarted is open, whatever its target holds (a copy of the source); a confirmed or
    partly edited row and a locked one are not. A row filled in gets memoQ's own mark of
    machine translation, mq:status="MachineTranslated" (not confirmed: the translator
    reviews it), not an XLIFF state; memoQ's tags stay where the translation puts them; the
    byte order mark stays. The same where another tool moved memoQ's namespace to <file>."""
    from engine.documents.xliff import MQ

    source = DATA / "report.docx.mqxliff"
    german = {
        "The ZXQ1QquarterlyZXQ2Q report is ready.": "Der ZXQ1QQuartalsberichtZXQ2Q ist fertig.",
        "Page ZXQ1Qof the handbook.": "Seite ZXQ1Qdes Handbuchs.",
        "Write to us.": "Schreiben Sie uns.",
    }
    moved = tmp_path / "moved.mqxliff"
    moved.write_bytes(
        source.read_bytes()
        .replace(b'<xliff xmlns:mq="MQXliff" ', b"<xliff ")
        .replace(b"<file original=", b'<file xmlns:mq="MQXliff" original=')
    )
    for path in (source, moved):
        document = open_document(path)
        assert document.declared_target() == "de-de"
        assert [u.text for u in document.units] == list(german)
        out = translated(document, german)
        assert out.startswith(b"\xef\xbb\xbf") and b"state=" not in out
        root = etree.fromstring(out)
        rows = {
            unit.get("id"): (unit.get(f"{{{MQ}}}status"), unit.get(f"{{{MQ}}}locked"))
            for unit in root.iter(f"{{{NS12}}}trans-unit")
        }
        assert rows == {
            "1": ("MachineTranslated", None),
            "2": ("MachineTranslated", None),
            "3": ("ManuallyConfirmed", None),
            "4": ("NotStarted", "locked"),
            "5": ("PartiallyEdited", None),
            "6": ("MachineTranslated", None),
        }
        assert targets(out, NS12) == [
            'Der <bpt id="1" ctype="bold">{}</bpt>Quartalsbericht<ept id="1">{}</ept> ist fertig.',
            'Seite <ph id="1">&lt;mq:ch val=" " /&gt;</ph>des Handbuchs.',
            "Vielen Dank.",
            "",
            "Fragen?",
            "Schreiben Sie uns.",
        ]
    # Every open row locked (one with a copy of its source in the target too): said so,
    # not "translated already".
    text = source.read_text("utf-8").replace(
        'mq:percent="0">', 'mq:percent="0" mq:locked="Locked">'
    )
    text = text.replace(
        '<target xml:space="preserve"></target>',
        '<target xml:space="preserve">Northwind Traders Ltd.</target>',
        1,
    )
    locked = tmp_path / "locked.mqxliff"
    locked.write_text(text, "utf-8")
    with pytest.raises(DocumentError) as refused:
        open_document(locked)
    assert refused.value.message_id == "document.segments_locked"


@pytest.mark.parametrize(
    "name", ["report.docx.mqxliff", "report.docx.sdlxliff", "../android/studio.xml"]
)
def test_a_translation_the_writer_keeps_out_is_counted_failed_not_translated(
    tmp_path: Path, name: str
) -> None:
    """A translation that lost a placeholder keeps its source text in a localisation file
    (its format string would fail the program): the result counts it failed and names it,
    so that "translated" is what the file holds (a memoQ run said "1 translated" of a row
    its writer had kept)."""
    from engine.documents import translate_file

    source = DATA / name
    dropped = "DROPPED"

    def lossy(texts: Sequence[str]) -> list[str]:
        # Each unit's placeholders dropped; a unit with none, translated as it is.
        return [re.sub(r"ZXQ\d+Q", "", t) + (" " + dropped if "ZXQ" in t else "") for t in texts]

    result = translate_file(source, tmp_path / f"out{source.suffix}", lossy, language="de")
    document = open_document(source)
    with_fields = [u for u in document.units if u.fields]
    assert with_fields and result.counts.failed == len(with_fields)
    assert (
        result.counts.translated == len(document.units) - len(with_fields) - result.counts.verbatim
    )
    assert len(result.failed) == len(with_fields)
    assert dropped.encode() not in (tmp_path / f"out{source.suffix}").read_bytes()


def test_inline_codes_nested_thousands_deep_are_refused_as_a_damaged_file(tmp_path: Path) -> None:
    """XLIFF shares TMX's reading of inline codes: 2,000 nested <g> overflowed Python's
    stack (a review, on TMX). Now the file is refused as no valid XLIFF, at the line of the
    too deep code."""
    deep = '<g id="1">' * 2000 + "x" + "</g>" * 2000
    units = f'<trans-unit id="1">\n<source>{deep}</source></trans-unit>'
    path = _write(tmp_path, UNIT12.format(ns=NS12, units=units))
    with pytest.raises(DocumentError) as info:
        open_document(path)
    assert info.value.message_id == "document.bad_xliff" and info.value.params == {"line": 2}
    assert "nest more than 100 deep" in info.value.message
