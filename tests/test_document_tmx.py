"""TMX translation memories as their producers write them (tests/data/tmx/: OmegaT's project
memory, LISA's Compliance Kit in UTF-16 and with every element, Apache Tika's, translate-toolkit's
po2tmx): each tu's source tuv translated into a new tuv, read back with Python's own XML
parser (not the lxml Quire writes with)."""

from __future__ import annotations

import codecs
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

import pytest

from engine.documents import Document, DocumentError, open_document
from engine.documents.language import Language, target_language
from engine.documents.registry import supported

DATA = Path(__file__).parent / "data" / "tmx"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def language(code: str) -> Language:
    found = target_language(code)
    assert found is not None
    return found


GERMAN, FRENCH = language("de"), language("fr")


def written(document: Document, texts: dict[str, str] | None = None) -> bytes:
    """The file translated into German: each unit's text marked, or as ``texts`` says."""
    translations = [(texts or {}).get(u.text, f"[de] {u.text}") for u in document.units]
    return document.write(translations, language=GERMAN)


def tuvs(data: bytes) -> list[dict[str, str]]:
    """Each tu's tuvs, language → its seg as XML (codes included), by Python's parser."""
    root = ET.fromstring(data)
    out = []
    for tu in root.iter("tu"):
        found = {}
        for tuv in tu.iter("tuv"):
            seg = tuv.find("seg")
            assert seg is not None
            inner = (seg.text or "") + "".join(ET.tostring(c, encoding="unicode") for c in seg)
            found[tuv.get(XML_LANG) or tuv.get("lang") or ""] = inner.strip()
        out.append(found)
    return out


def without_new_tuvs(text: str) -> str:
    """The file as it was before Quire added its tuvs (each on lines of its own)."""
    return re.sub(r'\s*<tuv (?:xml:)?lang="de" creationid="Quire">.*?</tuv>', "", text, flags=re.S)


def test_tmx_is_a_kind_quire_reads() -> None:
    assert ".tmx" in supported()


def test_omegats_project_memory_gets_a_german_tuv_in_each_tu_and_nothing_else_changes() -> None:
    source = (DATA / "omegat_project_save.tmx").read_bytes()
    document = open_document(DATA / "omegat_project_save.tmx")
    assert [u.text for u in document.units][:2] == ["Quire", "Notes on the river"]
    out = written(document)
    # (its fr tuvs kept, each tu a de one: TMX 1.1's lang attribute, as the file writes it)
    for tu in tuvs(out):
        assert set(tu) == {"en", "fr", "de"}
        assert tu["de"] == f"[de] {tu['en']}"
    text = out.decode("utf-8")
    new = '      <tuv lang="de" creationid="Quire">\n        <seg>[de] Quire</seg>\n'
    assert new + "      </tuv>\n    </tu>" in text
    # Everything else byte for byte: header, comments, the fr tuvs' dates and ids.
    assert without_new_tuvs(text).encode("utf-8") == source


def test_a_utf16_compliance_kit_file_keeps_its_byte_order_mark_and_inline_codes() -> None:
    path = DATA / "lisa_ImportTest2A_utf16.tmx"
    assert path.read_bytes().startswith(codecs.BOM_UTF16_LE)
    document = open_document(path)
    # The tu whose French comes first is read from its English (srclang en-us, En-uS alike).
    texts = [u.text for u in document.units]
    assert "Some text with ZXQ1Qa part highlightedZXQ2Q." in texts
    assert not any("une portion" in t for t in texts)
    out = written(
        document,
        {
            "Some text with ZXQ1Qa part highlightedZXQ2Q.": "Ein Text mit "
            "ZXQ1Qeinem hervorgehobenen TeilZXQ2Q.",
            "The big ZXQ1QblackZXQ2Q ZXQ3QcatZXQ4Q sleeps.": "Die große ZXQ3QKatzeZXQ4Q "
            "schläft, ZXQ1QschwarzZXQ2Q.",
        },
    )
    assert out.startswith(codecs.BOM_UTF16_LE)
    found = tuvs(out)
    assert found[0]["de"] == (
        'Die große <bpt i="2" x="2" type="ulined">&lt;u&gt;</bpt>Katze<ept i="2">&lt;/u&gt;</ept>'
        ' schläft, <bpt i="1" x="1" type="bold">&lt;b&gt;</bpt>schwarz<ept i="1">&lt;/b&gt;</ept>.'
    )
    assert found[3]["de"].startswith('[de] First <it pos="begin" x="1" type="bold">')
    assert (
        found[5]["de"]
        == '[de] Picture: <ph x="1" type="image" assoc="p">&lt;img src="img.png"/&gt;</ph>'
    )
    assert (
        found[6]["de"]
        == 'Ein Text mit <hi x="1" type="special-part">einem hervorgehobenen Teil</hi>.'
    )
    assert len(found) == len(document.units) and all("de" in tu for tu in found)
    # The rest byte for byte, the Kit's odd start tags too (tabs in `</tuv >`, `type = 'bold'`).
    assert without_new_tuvs(out.decode("utf-16")) == path.read_bytes().decode("utf-16")


def test_a_translation_that_loses_a_code_or_ends_one_before_it_starts_gets_no_tuv() -> None:
    document = open_document(DATA / "lisa_ImportTest2A_utf16.tmx")
    big = "The big ZXQ1QblackZXQ2Q ZXQ3QcatZXQ4Q sleeps."
    n = [u.text for u in document.units].index(big)
    lost = "Die große schwarze Katze schläft."
    backwards = "Die große ZXQ2QschwarzeZXQ1Q ZXQ3QKatzeZXQ4Q schläft."
    # (bpt and ept may overlap: they are the original's codes, not a tree)
    overlapping = "Die ZXQ1Qgroße ZXQ3QschwarzeZXQ2Q KatzeZXQ4Q schläft."
    assert not document.accepts(n, lost) and not document.accepts(n, backwards)
    assert document.accepts(n, overlapping)
    assert "de" not in tuvs(written(document, {big: lost}))[0]
    assert "de" in tuvs(written(document, {big: overlapping}))[0]
    # A hi crossing another: no tree holds it.
    hi = "Some text with ZXQ1Qa part highlightedZXQ2Q."
    assert not document.accepts([u.text for u in document.units].index(hi), "ZXQ2QEin TextZXQ1Q.")


def test_every_header_element_note_prop_and_comment_stays_and_the_new_tuv_has_none() -> None:
    source = (DATA / "lisa_ImportTest1L.tmx").read_bytes()
    assert source.startswith(codecs.BOM_UTF8)
    out = written(open_document(DATA / "lisa_ImportTest1L.tmx"))
    assert out.startswith(codecs.BOM_UTF8)
    text = out.decode("utf-8-sig")
    new = re.search(r'<tuv xml:lang="de" creationid="Quire">(.*?)</tuv>', text, re.S)
    assert new is not None and new.group(1) == "\n    <seg>[de] Text of the segment.</seg>\n   "
    assert without_new_tuvs(text) == source.decode("utf-8-sig")


def test_a_tu_translated_already_is_kept_an_empty_target_is_filled(tmp_path: Path) -> None:
    path = tmp_path / "memory.tmx"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n'
        '  <header srclang="EN-US" adminlang="en" datatype="plaintext" segtype="sentence"'
        ' o-tmf="x" creationtool="x" creationtoolversion="1"/>\n  <body>\n'
        '    <tu>\n      <tuv xml:lang="EN-US"><seg>Open</seg></tuv>\n'
        '      <tuv xml:lang="DE-DE" creationid="anna"><seg>Öffnen</seg></tuv>\n    </tu>\n'
        '    <tu>\n      <tuv xml:lang="EN-US"><seg>Close</seg></tuv>\n'
        '      <tuv xml:lang="de-de"><seg/></tuv>\n    </tu>\n'
        '    <tu>\n      <tuv xml:lang="EN-US"><seg>Save</seg></tuv>\n    </tu>\n'
        "  </body>\n</tmx>\n",
        "utf-8",
    )
    document = open_document(path)
    assert document.translated_into(GERMAN) == frozenset({0})
    out = written(document, {"Open": "Aufmachen", "Close": "Schließen", "Save": "Speichern"})
    assert tuvs(out) == [
        {"EN-US": "Open", "DE-DE": "Öffnen"},
        {"EN-US": "Close", "de-de": "Schließen"},
        {"EN-US": "Save", "DE": "Speichern"},  # (in the file's case)
    ]
    with pytest.raises(DocumentError) as refused:
        open_document(DATA / "omegat_project_save.tmx").translated_into(FRENCH)
    assert refused.value.message_id == "document.tmx_translated"


def test_the_source_is_the_tus_srclang_or_the_language_named(tmp_path: Path) -> None:
    document = open_document(DATA / "po2tmx_messages.tmx")
    assert [u.text for u in document.units] == ["Open file", "Saved ZXQ1Q files to ZXQ2Q", "Quit"]
    assert document.units[1].fields == ("%d", "%s")
    french = document.in_source("fr")
    assert french.units[0].text == "Ouvrir le fichier"
    # (the French read: the new tuv's text is the French one's translation)
    assert tuvs(written(french))[2]["de"] == "[de] Quitter"
    # OmegaT's en-US tuv beside en-GB: the exact language first.
    path = tmp_path / "two.tmx"
    path.write_text(
        '<tmx version="1.4"><header srclang="en_us"/><body><tu>'
        '<tuv xml:lang="en-GB"><seg>colour</seg></tuv><tuv xml:lang="en-US"><seg>color</seg></tuv>'
        '</tu><tu srclang="*all*"><tuv xml:lang="fr"><seg>gris</seg></tuv></tu></body></tmx>',
        "utf-8",
    )
    # (the French tu is in another language than the file's English: kept, in a note)
    document = open_document(path)
    assert [u.text for u in document.units] == ["color"]
    (note,) = document.notes
    assert note.message_id == "document.tmx_other_source" and note.params["languages"] == "fr"


def test_tus_with_no_source_tuv_are_counted_in_a_note_or_refused_when_all_are() -> None:
    document = open_document(DATA / "omegat_missing_source.tmx")
    assert [u.text for u in document.units] == ["Open", "Save", "Print"]
    (note,) = document.notes
    assert note.message_id == "document.tmx_units_without_source" and note.params["count"] == 1
    out = written(document)
    assert [sorted(tu) for tu in tuvs(out)][1] == ["be"]  # (left as it was)
    with pytest.raises(DocumentError) as refused:
        document.in_source("ja")
    assert refused.value.message_id == "document.tmx_no_source"
    assert refused.value.params["count"] == 4


def test_a_file_that_is_no_tmx_or_of_another_version_is_refused(tmp_path: Path) -> None:
    cases = {
        "xliff.tmx": '<xliff version="1.2"><file/></xliff>',
        "broken.tmx": '<tmx version="1.4"><body><tu></body></tmx>',
        "two.tmx": '<tmx version="2.0"><body/></tmx>',
    }
    ids = {"xliff.tmx": "document.tmx_not_tmx", "two.tmx": "document.tmx_version"}
    for name, text in cases.items():
        (tmp_path / name).write_text(text, "utf-8")
        with pytest.raises(DocumentError) as refused:
            open_document(tmp_path / name)
        assert refused.value.message_id == ids.get(name, "document.bad_tmx"), name


def test_tikas_file_without_a_declaration_is_translated() -> None:
    out = written(open_document(DATA / "tika_testTMX.tmx"))
    assert tuvs(out) == [
        {"en-us": "Hello world!", "ro-ro": "Salut lume!", "de": "[de] Hello world!"}
    ]


def test_a_memory_translated_end_to_end_keeps_a_tus_german(
    tmp_path: Path,
) -> None:
    from engine.documents import translate_file

    path = tmp_path / "memory.tmx"
    source = (DATA / "po2tmx_messages.tmx").read_text("utf-8")
    # One tu has its German already (Quire keeps it, as a CAT tool keeps a confirmed one).
    path.write_text(
        source.replace(
            "<seg>Quitter</seg>\n      </tuv>",
            '<seg>Quitter</seg>\n      </tuv>\n      <tuv xml:lang="de"><seg>Beenden</seg></tuv>',
        ),
        "utf-8",
    )
    # (The engine's job asks which to send: not the third; a bare translator gets all three,
    # and the writer keeps the German there.)
    assert open_document(path).translated_into(GERMAN) == frozenset({2})

    def german(texts: Sequence[str]) -> list[str]:
        return [f"[de] {t}" for t in texts]

    translate_file(path, tmp_path / "memory.de.tmx", german, language="de")
    assert [tu.get("de") for tu in tuvs((tmp_path / "memory.de.tmx").read_bytes())] == [
        "[de] Open file",
        "[de] Saved %d files to %s",
        "Beenden",
    ]


def test_crlf_line_ends_stay_and_the_new_tuv_has_them_too(tmp_path: Path) -> None:
    path = tmp_path / "crlf.tmx"
    source = (DATA / "tika_testTMX.tmx").read_bytes().replace(b"\n", b"\r\n")
    path.write_bytes(source)
    out = written(open_document(path))
    assert b"\n" not in out.replace(b"\r\n", b"")
    assert without_new_tuvs(out.decode("utf-8")).encode("utf-8") == source


HEADER = (
    '<header creationtool="X" creationtoolversion="1" datatype="plaintext" segtype="sentence"'
    ' adminlang="en" srclang="en" o-tmf="x"/>'
)


def pairs(data: bytes) -> list[tuple[str, str]]:
    """Each new tuv's text beside its own tu's source text: a translation in the wrong tu
    shows as a pair that differs."""
    out = []
    for tu in ET.fromstring(data).iter("tu"):
        segs = {t.get(XML_LANG): "".join(t.itertext()).strip() for t in tu.iter("tuv")}
        for tuv in tu.iter("tuv"):
            if tuv.get("creationid") == "Quire":
                out.append((segs.get("en", ""), "".join(tuv.itertext()).strip()))
    return out


@pytest.mark.parametrize(
    "body",
    [
        # an empty tuv, self-closed, ends the first tu
        '<tu><tuv xml:lang="en"><seg>Alpha</seg></tuv><tuv xml:lang="fr"><seg/></tuv>'
        '<tuv xml:lang="es"/></tu>\n<tu><tuv xml:lang="en"><seg>Beta</seg></tuv>'
        '<tuv xml:lang="fr"><seg>Bêta</seg></tuv></tu>\n'
        '<tu><tuv xml:lang="en"><seg>Gamma</seg></tuv></tu>',
        # end tags with space before ">", a start tag over lines, a comment holding "</tuv>"
        '<tu\n tuid="1"\n><tuv\n xml:lang="en"\n><seg>Alpha</seg></tuv >\n'
        '<tuv xml:lang="fr"><seg>x</seg></tuv\n>\n</tu >\n'
        '<!-- </tuv></tu> --><tu><tuv xml:lang="en" x="a>b"><seg>Beta &lt;/tuv></seg></tuv>'
        '<tuv xml:lang="fr"/></tu>\n<tu><tuv xml:lang="en"><seg><![CDATA[Gamma</tuv>]]></seg>'
        "</tuv></tu>",
    ],
)
def test_each_new_tuv_is_in_its_own_tu_whatever_the_tags(tmp_path: Path, body: str) -> None:
    path = tmp_path / "memory.tmx"
    path.write_text(
        f'<?xml version="1.0"?><tmx version="1.4">{HEADER}<body>\n{body}\n</body></tmx>'
    )
    document = open_document(path)
    out = written(document)
    found = pairs(out)
    assert [new for _, new in found] == [f"[de] {source}" for source, _ in found]
    assert [source[:4] for source, _ in found] == ["Alph", "Beta", "Gamm"]
    assert len(found) == len(document.units) == 3
    # (written into the file's text: the rest as it was)
    assert without_new_tuvs(out.decode("utf-8")) == path.read_text("utf-8")


def test_a_filled_target_is_marked_as_quires_and_one_with_no_seg_is_filled(
    tmp_path: Path,
) -> None:
    path = tmp_path / "memory.tmx"
    path.write_text(
        f'<?xml version="1.0"?>\n<tmx version="1.4">{HEADER}<body>\n'
        '<tu tuid="1"><tuv xml:lang="en" creationid="alice"><seg>Save file</seg></tuv>'
        '<tuv xml:lang="de" creationid="alice" creationdate="20200101T000000Z" changeid="bob"'
        ' changedate="20200102T000000Z" usagecount="2"><seg></seg></tuv></tu>\n'
        '<tu><tuv xml:lang="en"><seg>Open file</seg></tuv><tuv xml:lang="de"></tuv></tu>\n'
        '<tu><tuv xml:lang="en"><seg>Quit</seg></tuv><tuv xml:lang="de"/></tu>\n'
        "</body></tmx>\n",
        "utf-8",
    )
    document = open_document(path)
    assert document.translated_into(GERMAN) == frozenset()
    out = written(document)
    found = [
        {k: v for k, v in tuv.attrib.items() if k != XML_LANG}
        for tuv in ET.fromstring(out).iter("tuv")
        if tuv.get(XML_LANG) == "de"
    ]
    assert found == [
        {"creationid": "Quire", "usagecount": "2"},
        {"creationid": "Quire"},
        {"creationid": "Quire"},
    ]
    assert [tu["de"] for tu in tuvs(out)] == ["[de] Save file", "[de] Open file", "[de] Quit"]


def test_a_tu_in_the_target_or_another_language_is_not_sent(tmp_path: Path) -> None:
    # LISA's Compliance Kit: a German tu and a Canadian French one in an en-us memory.
    document = open_document(DATA / "lisa_ImportTest1K.tmx")
    assert [u.text for u in document.units] == ["First Entry - German"]
    (note,) = document.notes
    assert note.message_id == "document.tmx_other_source"
    assert (note.params["count"], note.params["languages"]) == (1, "fr-ca")
    # Into German: the German tu is German already.
    with pytest.raises(DocumentError) as refused:
        document.translated_into(GERMAN)
    assert refused.value.message_id == "document.tmx_translated"
    # From English (named): each tu's English, and the German one kept.
    english = document.in_source("en")
    assert english.translated_into(GERMAN) == frozenset({0})
    out = written(english)
    assert [sorted(tu) for tu in tuvs(out)] == [["de-de", "en-gb"], ["de", "en-gb", "fr-ca"]]
    # *all*: each tu's first tuv; the German one, into German, is translated already.
    path = tmp_path / "all.tmx"
    path.write_text(
        '<tmx version="1.4">' + HEADER.replace('srclang="en"', 'srclang="*all*"') + "<body>"
        '<tu><tuv xml:lang="fr"><seg>Bonjour</seg></tuv><tuv xml:lang="en"><seg>Hi</seg></tuv></tu>'
        '<tu><tuv xml:lang="fr"><seg>Salut</seg></tuv></tu>'
        '<tu><tuv xml:lang="de"><seg>Hallo</seg></tuv><tuv xml:lang="en"><seg>Hi</seg></tuv></tu>'
        "</body></tmx>",
        "utf-8",
    )
    memory = open_document(path)
    assert [u.text for u in memory.units] == ["Bonjour", "Salut"]
    assert [n.params["languages"] for n in memory.notes] == ["de"]
    assert [tu.get("de") for tu in tuvs(written(memory))] == ["[de] Bonjour", "[de] Salut", "Hallo"]


def test_heartsomes_memory_with_no_version_is_read_as_tmx_1_4() -> None:
    path = DATA / "heartsome_no_version_utf16be.tmx"
    assert path.read_bytes().startswith(codecs.BOM_UTF16_BE)
    assert "\n<tmx>\r\n" in path.read_bytes().decode("utf-16")
    document = open_document(path)
    assert [u.text for u in document.units] == ["Show the source", "Hide the source"]
    out = written(document)
    assert out.startswith(codecs.BOM_UTF16_BE)
    assert [tu.get("de") for tu in tuvs(out)] == ["[de] Show the source", "[de] Hide the source"]
    assert without_new_tuvs(out.decode("utf-16")) == path.read_bytes().decode("utf-16")


@pytest.mark.parametrize(
    "root",
    [
        '<tmx xmlns="http://www.lisa.org/tmx14" version="1.4">',
        '<t:tmx xmlns:t="http://www.lisa.org/tmx14" version="1.4">',
    ],
)
def test_a_memory_in_a_namespace_is_translated(tmp_path: Path, root: str) -> None:
    prefix = "t:" if "xmlns:t" in root else ""
    path = tmp_path / "memory.tmx"
    body = (
        f"<{prefix}body><{prefix}tu><{prefix}tuv xml:lang='en'><{prefix}seg>Hi there"
        f"</{prefix}seg></{prefix}tuv></{prefix}tu></{prefix}body>"
    )
    path.write_text(f"{root}{body}</{prefix}tmx>", "utf-8")
    document = open_document(path)
    assert [u.text for u in document.units] == ["Hi there"]
    out = ET.fromstring(written(document))
    tuvs_ = list(out.iter("{http://www.lisa.org/tmx14}tuv"))
    assert [t.get(XML_LANG) for t in tuvs_] == ["en", "de"]
    assert "".join(tuvs_[1].itertext()) == "[de] Hi there"


def test_an_entity_declared_is_refused_in_its_own_words(tmp_path: Path) -> None:
    path = tmp_path / "memory.tmx"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd" [\n<!ENTITY co "Acme">\n]>\n'
        f'<tmx version="1.4">{HEADER}<body><tu><tuv xml:lang="en"><seg>&co;</seg></tuv></tu>'
        "</body></tmx>",
        "utf-8",
    )
    with pytest.raises(DocumentError) as refused:
        open_document(path)
    assert refused.value.message_id == "document.tmx_entities"
    assert refused.value.params == {"name": "co", "line": 3}


def test_one_unit_without_source_is_one_in_the_note() -> None:
    document = open_document(DATA / "omegat_missing_source.tmx")
    (note,) = document.notes
    assert note.text.startswith("A translation unit has no text in the source language")


def memory(tmp_path: Path, body: str, *, version: str = "1.4", srclang: str = "en") -> Path:
    path = tmp_path / "memory.tmx"
    header = HEADER.replace('srclang="en"', f'srclang="{srclang}"')
    path.write_text(
        f'<?xml version="1.0"?><tmx version="{version}">{header}<body>\n{body}\n</body></tmx>'
    )
    return path


def test_inline_codes_nested_thousands_deep_are_refused_in_words(tmp_path: Path) -> None:
    """A review found 2,000 nested <hi> overflowing Python's stack: "maximum recursion
    depth exceeded", as a damaged file. Now such a file is refused as no valid TMX, at the
    line of the too deep code; a few dozen levels are still translated."""
    deep = "<hi>" * 2000 + "x" + "</hi>" * 2000
    path = memory(tmp_path, f'<tu><tuv xml:lang="en">\n<seg>{deep}</seg></tuv></tu>')
    error = refused_by(path)
    assert error.message_id == "document.bad_tmx" and error.params == {"line": 3}
    assert "nest more than 100 deep" in str(error)
    nested = "<hi>" * 50 + "Hello" + "</hi>" * 50
    path = memory(tmp_path, f'<tu><tuv xml:lang="en"><seg>{nested}</seg></tuv></tu>')
    assert tuvs(written(open_document(path)))[0]["de"] == "[de] " + nested


def refused_by(path: Path) -> DocumentError:
    with pytest.raises(DocumentError) as caught:
        written(open_document(path))
    return caught.value


@pytest.mark.parametrize(
    ("version", "attribute"),
    [("1.1", "lang"), ("1.2", "lang"), ("1.3", XML_LANG), ("1.4", XML_LANG), ("", XML_LANG)],
)
def test_a_source_tuv_without_a_language_gets_a_new_tuv_in_its_versions_attribute(
    tmp_path: Path, version: str, attribute: str
) -> None:
    """A review found a TMX 1.4 under "*all*" whose source tuv names no language given a
    new <tuv lang="de">, 1.1's attribute. Now a new tuv takes the one its version has:
    lang in 1.1 and 1.2, xml:lang from 1.3 on (tmx14.dtd: "lang is deprecated and replaced
    by xml:lang", 1.3)."""
    path = memory(
        tmp_path, "<tu><tuv><seg>Hello</seg></tuv></tu>", version=version, srclang="*all*"
    )
    if not version:
        path.write_bytes(path.read_bytes().replace(b' version=""', b""))
    new = [t for t in ET.fromstring(written(open_document(path))).iter("tuv")][-1]
    assert new.get("creationid") == "Quire" and "".join(new.itertext()) == "[de] Hello"
    assert dict(new.attrib) == {attribute: "de", "creationid": "Quire"}


def test_a_second_seg_in_the_source_tuv_is_not_copied_into_the_new_one(tmp_path: Path) -> None:
    """A tuv holds one seg; a review found a second one (invalid) copied, untranslated, into
    the new tuv after the translation."""
    path = memory(tmp_path, '<tu><tuv xml:lang="en"><seg>Hello</seg> <seg>Two</seg></tuv></tu>')
    out = written(open_document(path)).decode("utf-8")
    assert '<tuv xml:lang="de" creationid="Quire"><seg>[de] Hello</seg></tuv>' in out
    assert out.count("Two") == 1


def test_each_tus_own_source_language_is_found_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading a memory of thousands of units asked each tu for its source's language three
    times (a review): once now."""
    from engine.documents import tmx

    asked: list[object] = []
    own = tmx.TmxDocument._own

    def counted(self: tmx.TmxDocument, tu: object) -> str:
        asked.append(tu)
        return own(self, tu)

    monkeypatch.setattr(tmx.TmxDocument, "_own", counted)
    body = "".join(
        f'<tu srclang="*all*"><tuv xml:lang="en"><seg>Unit {n}</seg></tuv></tu>' for n in range(5)
    )
    document = open_document(memory(tmp_path, body))
    assert len(document.units) == 5
    assert len(asked) == len(set(map(id, asked))) == 5
