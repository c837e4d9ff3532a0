"""InDesign's IDML and InCopy's ICML as their producers wrote them (tests/data/idml/: InDesign
CS4 to CC 2017's files from Okapi's IDML filter tests, pandoc's ICML; see
tools/make_idml_fixtures.py). Outputs are parsed back and compared with their sources: every
zip entry but a changed story's and the styles' the same bytes, in the same order and
compression, and each story the same elements and attributes but the words."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pytest
from lxml import etree

from engine.cli.main import main
from engine.documents import Document, DocumentError, open_document
from engine.engine import Engine
from engine.options import EngineOptions
from tests.fixtures.builder import exported
from tests.fixtures.documents import language

DATA = Path(__file__).parent / "data" / "idml"
GERMAN = language("de")
LANGUAGE_PARTS = ("Resources/Styles.xml", "Resources/Preferences.xml")


def upper(texts: Sequence[str]) -> list[str]:
    """A stand-in translator that keeps every placeholder: the words in capitals."""
    return [t.upper() for t in texts]


def texts(path: Path) -> list[str]:
    return [u.text for u in open_document(path).units]


def skeleton(data: bytes) -> list[tuple[str, dict[str, str], str]]:
    """Every node in order with its attributes (but the language) and the white space
    between elements, less the words of ``<Content>`` and what follows a marker in it."""
    out = []
    for node in etree.fromstring(data).iter():
        parent = node.getparent()
        in_content = node.tag == "Content" or (parent is not None and parent.tag == "Content")
        attributes = {k: v for k, v in node.attrib.items() if k != "AppliedLanguage"}
        layout = "" if in_content else f"{node.text!r}{node.tail!r}"
        out.append((str(node.tag), attributes, layout))
    return out


def compare(source: bytes, output: bytes) -> list[str]:
    """The entries ``output`` changed, after checking that it is ``source`` but for the
    words of its stories and the language its styles name."""
    before, after = zipfile.ZipFile(io.BytesIO(source)), zipfile.ZipFile(io.BytesIO(output))
    kept = [(i.filename, i.compress_type) for i in before.infolist()]
    assert [(i.filename, i.compress_type) for i in after.infolist()] == kept
    changed = []
    for info in before.infolist():
        old, new = before.read(info.filename), after.read(info.filename)
        if old == new:
            continue
        changed.append(info.filename)
        assert info.filename.startswith("Stories/") or info.filename in LANGUAGE_PARTS
        assert skeleton(old) == skeleton(new)
    return changed


def test_a_story_is_read_paragraph_by_paragraph_with_its_footnotes_after_it() -> None:
    assert texts(DATA / "footnotes.idml") == [
        # (a footnote's reference and number are placeholders the translation places)
        "Text1.ZXQ1Q Text2.ZXQ2QText3.",
        "ZXQ1Q\tText1 footnote.",
        "ZXQ1Q\tText2 footnote.",
        "Text4.ZXQ1QText5.",
        "ZXQ1Q\tText4 footnote.",
        "And another paragraph in a footnote.",
    ]


def test_a_translated_document_changes_only_its_words() -> None:
    source = DATA / "footnotes.idml"
    document = open_document(source)
    output = document.write(upper([u.text for u in document.units]), language=GERMAN)
    changed = compare(source.read_bytes(), output)
    assert changed == ["Resources/Styles.xml", "Resources/Preferences.xml", "Stories/Story_udd.xml"]
    first = zipfile.ZipFile(io.BytesIO(output)).infolist()[0]
    assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
    out = DATA.parent / "out.idml"  # (read back as a file: by its suffix)
    try:
        out.write_bytes(output)
        assert texts(out) == upper(texts(source))
    finally:
        out.unlink()
    # The footnote's reference and number stay where they were, as markers, not text.
    story = etree.fromstring(zipfile.ZipFile(io.BytesIO(output)).read("Stories/Story_udd.xml"))
    assert [c.text for c in story.iter("Content")][:3] == ["TEXT1.", None, " TEXT2."]
    number = story.find(".//Footnote//Content")
    assert number is not None and [(str(n), n.tail) for n in number] == [
        ("<?ACE 4?>", "\tTEXT1 FOOTNOTE.")
    ]


def test_tables_cells_are_units_after_their_paragraph() -> None:
    found = texts(DATA / "tables.idml")
    assert found[:3] == ["Text before a table", "r0:c0", "Meged r0:c1-c2, r1:c1-c2"]
    assert found[-2:] == ["Text after a table.", "Another text after an empty table."]
    # (a table in a cell of another: its cells after that cell's paragraph)
    assert found[9:13] == ["Text 1.ZXQ1Q", "2-2b", "2-2e", "After 1."]


def test_variables_page_numbers_and_notes_stay_as_they_are() -> None:
    source = DATA / "variables.idml"
    document = open_document(source)
    found = [u.text for u in document.units]
    # A note is never printed: kept, unseen (not "Before the note Note text and after it").
    assert "Before the note  and after it." in found
    # A text variable (the file's name) and the page number (<?ACE 18?>) are placeholders.
    variables = next(u for u in document.units if u.text.startswith("Variables"))
    assert variables.text == (
        "Variables: ZXQ1Q=filename. \t=tab, ZXQ2Q=curPageNum, “=dlq and ”=drq."
    )
    assert variables.fields == ("Test02", "#")
    output = document.write(upper(found), language=GERMAN)
    compare(source.read_bytes(), output)
    story = zipfile.ZipFile(io.BytesIO(output)).read("Stories/Story_uf4.xml").decode()
    assert "<Content>=FILENAME. \t=TAB, <?ACE 18?>=CURPAGENUM, “=DLQ AND ”=DRQ.</Content>" in story
    assert '<TextVariableInstance Self="u114" Name="File Name" ResultText="Test02"' in story
    note = etree.fromstring(story.encode()).find(".//Note")
    assert note is not None
    assert "".join(c.text or "" for c in note.iter("Content")) == (
        "This is a note. It may or may not need to be translated.That should be an option for "
        "the user."
    )


def test_a_hyperlinks_text_is_translated_in_its_sentence() -> None:
    source = DATA / "hyperlinks.idml"
    document = open_document(source)
    output = document.write(upper([u.text for u in document.units]), language=GERMAN)
    compare(source.read_bytes(), output)
    archive = zipfile.ZipFile(io.BytesIO(output))
    links = [
        "".join(c.text or "" for c in link.iter("Content"))
        for name in archive.namelist()
        if name.startswith("Stories/")
        for link in etree.fromstring(archive.read(name)).iter("HyperlinkTextSource")
    ]
    assert links and all(link.isupper() for link in links if link.strip())


def test_master_pages_text_is_translated() -> None:
    source = DATA / "master.idml"
    document = open_document(source)
    # The stories of the master spread's frames (footers on every page, a page number in
    # each) are units; the page number a placeholder.
    master = etree.fromstring(zipfile.ZipFile(source).read("MasterSpreads/MasterSpread_uce.xml"))
    stories = {f"Stories/Story_{f.get('ParentStory')}.xml#p1" for f in master.iter("TextFrame")}
    footers = [(u.text, u.fields) for u in document.units if u.id in stories]
    assert footers == [
        ("Common footer on the left ZXQ1Q", ("#",)),
        ("Common footer on the right ZXQ1Q ", ("#",)),
    ]
    compare(source.read_bytes(), document.write(upper([u.text for u in document.units])))


def test_text_of_a_hidden_condition_is_kept() -> None:
    found = texts(DATA / "conditions.idml")
    # "Web Only" is set not to show: its text stays as it is; the others are translated.
    assert "\tThis text is print only!" in found
    assert not any("Web only" in t for t in found)


def test_the_styles_name_the_target_as_indesign_names_it() -> None:
    source = DATA / "footnotes.idml"
    document = open_document(source)
    output = document.write(upper([u.text for u in document.units]), language=GERMAN)
    styles = zipfile.ZipFile(io.BytesIO(output)).read("Resources/Styles.xml")
    said = {e.get("AppliedLanguage") for e in etree.fromstring(styles).iter()}
    assert "$ID/de_DE_2006" in said and "$ID/English: USA" not in said
    # Portuguese of Brazil, French: by InDesign's own names.
    for code, name in (("pt-BR", "$ID/Portuguese: Brazilian"), ("fr", "$ID/French")):
        document = open_document(source)
        output = document.write(upper([u.text for u in document.units]), language=language(code))
        styles = zipfile.ZipFile(io.BytesIO(output)).read("Resources/Styles.xml")
        assert name in {e.get("AppliedLanguage") for e in etree.fromstring(styles).iter()}


def test_a_language_indesign_has_no_name_for_is_kept_with_a_note() -> None:
    source = DATA / "footnotes.idml"
    document = open_document(source)
    document.check_target(language("zh"))
    assert [n.message_id for n in document.notes] == ["document.indesign_no_language"]
    output = document.write(upper([u.text for u in document.units]), language=language("zh"))
    assert compare(source.read_bytes(), output) == ["Stories/Story_udd.xml"]


def test_tracked_changes_are_refused() -> None:
    with pytest.raises(DocumentError, match="tracked changes") as caught:
        open_document(DATA / "tracked-changes.idml")
    assert "Accept or reject" in (caught.value.hint or "")


def test_an_indd_is_refused_with_how_to_export_idml(tmp_path: Path) -> None:
    # InDesign's own document starts with its GUID (SimpleIDML's 4-pages.indd, first bytes).
    binary = bytes.fromhex("0606edf5d81d46e5bd31efe7fe74b71d") + b"DOCUMENT" + bytes(64)
    renamed = tmp_path / "brochure.idml"
    renamed.write_bytes(binary)
    with pytest.raises(DocumentError, match=r"InDesign document \(\.indd\)") as caught:
        open_document(renamed)
    assert "File > Export > InDesign Markup" in (caught.value.hint or "")
    indd = tmp_path / "brochure.indd"
    indd.write_bytes(binary)
    with pytest.raises(DocumentError) as caught:
        open_document(indd)
    assert "InDesign Markup" in (caught.value.hint or "")


def test_a_zip_that_is_no_idml_and_entities_are_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.idml"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("mimetype", "application/vnd.adobe.indesign-idml-package")
    with pytest.raises(DocumentError, match=r"no designmap\.xml"):
        open_document(other)
    source = zipfile.ZipFile(DATA / "footnotes.idml")
    bomb = tmp_path / "entities.idml"
    with zipfile.ZipFile(bomb, "w") as archive:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "Stories/Story_udd.xml":
                data = data.replace(
                    b"<idPkg:Story",
                    b'<!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><idPkg:Story',
                ).replace(b"Text1.", b"&b;")
            archive.writestr(info, data)
    with pytest.raises(DocumentError, match="entity expansion"):
        open_document(bomb)


def test_an_icml_story_is_translated_in_place(tmp_path: Path) -> None:
    source = DATA / "brochure.icml"
    document: Document = open_document(source)
    assert [u.text for u in document.units] == [
        "A brochure",
        "The new release of Quire is here.ZXQ1Q",
        "ZXQ1Q\tReleased in May.",
        "Name",
        "Price",
        "Tea",
        "3",
        "See our site.",
    ]
    data = source.read_bytes()
    output = document.write(upper([u.text for u in document.units]), language=GERMAN)
    assert output.startswith(data[: data.index(b"<Document")])  # (InCopy's <?aid?> kept)
    assert skeleton(output) == skeleton(data)
    out = tmp_path / "brochure.de.icml"
    out.write_bytes(output)
    assert texts(out) == upper(texts(source))


def test_bilingual_output_is_refused() -> None:
    document = open_document(DATA / "footnotes.idml")
    with pytest.raises(DocumentError, match="Bilingual output is not available"):
        document.write([u.text for u in document.units], bilingual=True)


def test_quire_translate_writes_a_translated_layout(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Engine(EngineOptions(home=quire_home)).import_model(exported("marian"), "opus-mt-en-de")
    source = tmp_path / "brochure.idml"
    source.write_bytes((DATA / "footnotes.idml").read_bytes())
    code = main(["translate", "--from", "en", "--to", "de", str(source)])
    _out, err = capsys.readouterr()
    assert code == 0, err
    output = (tmp_path / "brochure.de.idml").read_bytes()
    assert "Stories/Story_udd.xml" in compare(source.read_bytes(), output)
