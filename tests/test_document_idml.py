"""InDesign's IDML and InCopy's ICML as their producers wrote them (tests/data/idml/: InDesign
CS4 to CC 2017's files from Okapi's IDML filter tests, pandoc's ICML; see
tools/make_idml_fixtures.py). Outputs are parsed back and compared with their sources: every
zip entry but a changed story's and the styles' the same bytes, in the same order and
compression, and each story the same elements and attributes but the words."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Sequence
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


@pytest.mark.parametrize("suffix", [".epub", ".docx", ".xlsx", ".odt"])
def test_a_layout_named_as_another_package_says_it_is_idml(suffix: str, tmp_path: Path) -> None:
    # (named .epub it read as a book with no pages: "The document has no text")
    path = tmp_path / f"master{suffix}"
    path.write_bytes((DATA / "master.idml").read_bytes())
    with pytest.raises(DocumentError) as caught:
        open_document(path)
    assert caught.value.message == f"This is a .idml file with a {suffix} name"
    assert caught.value.hint == "Rename it to master.idml, then retry"


def test_an_indd_is_refused_with_how_to_export_idml(tmp_path: Path) -> None:
    # InDesign's own document starts with its GUID (SimpleIDML's 4-pages.indd, first bytes).
    binary = bytes.fromhex("0606edf5d81d46e5bd31efe7fe74b71d") + b"DOCUMENT" + bytes(64)
    renamed = tmp_path / "brochure.idml"
    renamed.write_bytes(binary)
    with pytest.raises(DocumentError, match=r"InDesign document \(\.indd\)") as caught:
        open_document(renamed)
    assert "File > Export > InDesign Markup" in (caught.value.hint or "")
    story = tmp_path / "story.icml"  # (an .indd renamed as InCopy's story)
    story.write_bytes(binary)
    with pytest.raises(DocumentError, match=r"InDesign document \(\.indd\)"):
        open_document(story)
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


def entries(data: bytes) -> dict[str, bytes]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return {name: archive.read(name) for name in archive.namelist()}


def repacked(source: Path, target: Path, change: Callable[[str, bytes], bytes | None]) -> Path:
    """``source`` with each entry as ``change`` makes it (None: left out), in its order."""
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(target, "w") as out:
        for info in archive.infolist():
            payload = change(info.filename, archive.read(info.filename))
            if payload is not None:
                out.writestr(info, payload)
    return target


DIRECTIONS = ("ParagraphDirection", "StoryDirection", "Composer")


def said(data: bytes, name: str) -> list[tuple[str, str]]:
    """The directions and composers a part names, by element."""
    return [
        (str(e.tag), f"{key}={e.get(key)}")
        for e in etree.fromstring(data).iter()
        for key in DIRECTIONS
        if e.get(key) is not None and not (name == "Styles" and e.tag == "StoryPreference")
    ]


def test_an_arabic_translation_is_set_right_to_left() -> None:
    source = DATA / "footnotes.idml"
    document = open_document(source)
    document.check_target(language("ar"))
    assert [n.message_id for n in document.notes] == ["document.indesign_right_to_left"]
    output = document.write(upper([u.text for u in document.units]), language=language("ar"))
    parts = entries(output)
    # The paragraphs' defaults (the root style, the text defaults) and the translated
    # story read right to left, set by the World-Ready composer; InDesign's names.
    assert said(parts["Resources/Styles.xml"], "Styles") == [
        ("ParagraphStyle", "ParagraphDirection=RightToLeftDirection"),
        ("ParagraphStyle", "Composer=HL Composer Optyca"),
    ]
    preferences = said(parts["Resources/Preferences.xml"], "Preferences")
    assert ("TextDefault", "ParagraphDirection=RightToLeftDirection") in preferences
    assert ("TextDefault", "Composer=HL Composer Optyca") in preferences
    assert ("StoryPreference", "StoryDirection=RightToLeftDirection") in preferences
    assert said(parts["Stories/Story_udd.xml"], "Story") == [
        ("StoryPreference", "StoryDirection=RightToLeftDirection")
    ]
    # (an object style's "UnknownDirection" sets none: kept)
    assert b'StoryDirection="UnknownDirection"' in parts["Resources/Styles.xml"]
    assert b"LeftToRightDirection" not in parts["Stories/Story_udd.xml"]


def test_a_translation_out_of_arabic_is_set_left_to_right(tmp_path: Path) -> None:
    # An Arabic template: footnotes.idml's styles and story set right to left, as a Middle
    # East edition of InDesign sets them.
    def arabic(name: str, data: bytes) -> bytes:
        return data.replace(b"LeftToRightDirection", b"RightToLeftDirection").replace(
            b'Composer="HL Composer"', b'Composer="HL Composer Optyca"'
        )

    source = repacked(DATA / "footnotes.idml", tmp_path / "arabic.idml", arabic)
    document = open_document(source)
    output = document.write(upper([u.text for u in document.units]), language=GERMAN)
    parts = entries(output)
    assert said(parts["Resources/Styles.xml"], "Styles") == [
        ("ParagraphStyle", "ParagraphDirection=LeftToRightDirection"),
        # (the World-Ready composer sets Latin text as well: kept)
        ("ParagraphStyle", "Composer=HL Composer Optyca"),
    ]
    assert said(parts["Stories/Story_udd.xml"], "Story") == [
        ("StoryPreference", "StoryDirection=LeftToRightDirection")
    ]


def test_cross_references_are_kept_with_a_note_to_update_them() -> None:
    # InDesign CS4's cross-reference to a paragraph: its text, the paragraph's, is InDesign's
    # to write again (Update Cross-References).
    document = open_document(DATA / "crossreferences.idml")
    assert "See ZXQ1Q" in [u.text for u in document.units]
    assert [(n.message_id, dict(n.params)) for n in document.notes] == [
        ("document.indesign_cross_references", {"count": 1})
    ]
    assert "Update Cross-References" in document.notes[0].text
    assert open_document(DATA / "footnotes.idml").notes == ()


def test_mimetype_is_written_first_and_stored(tmp_path: Path) -> None:
    # Okapi's rezipped CC 2017 layout holds its mimetype after its stories, compressed.
    source = DATA / "ordering.idml"
    before = zipfile.ZipFile(source).infolist()
    assert before[0].filename != "mimetype"
    document = open_document(source)
    output = document.write(upper([u.text for u in document.units]), language=GERMAN)
    after = zipfile.ZipFile(io.BytesIO(output)).infolist()
    assert (after[0].filename, after[0].compress_type) == ("mimetype", zipfile.ZIP_STORED)
    assert output[30:38] == b"mimetype" and output[38:81] == MIMETYPE
    others = [i.filename for i in before if i.filename != "mimetype"]
    assert [i.filename for i in after[1:]] == others
    # A package written with none has InDesign's.
    bare = repacked(DATA / "footnotes.idml", tmp_path / "bare.idml", _without("mimetype"))
    document = open_document(bare)
    output = document.write(upper([u.text for u in document.units]), language=GERMAN)
    first = zipfile.ZipFile(io.BytesIO(output)).infolist()[0]
    assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)
    assert entries(output)["mimetype"] == MIMETYPE


MIMETYPE = b"application/vnd.adobe.indesign-idml-package"


def test_a_mimetype_with_an_extra_field_is_written_without_it(tmp_path: Path) -> None:
    """A package whose first, stored mimetype had an extra field (Info-ZIP's timestamps,
    which zip writes without -X) kept it, its text no longer at offset 38 where a reader
    looks (EPUB's check counted the field, IDML's did not); now both are one check and the
    mimetype is written without it."""
    source = tmp_path / "stamped.idml"
    with zipfile.ZipFile(DATA / "footnotes.idml") as archive, zipfile.ZipFile(source, "w") as out:
        for info, data in [(i, archive.read(i)) for i in archive.infolist()]:
            if info.filename == "mimetype":
                info.extra = b"UT\x05\x00\x03\x00\x00\x00\x00"
            out.writestr(info, data)
    assert source.read_bytes()[38:81] != MIMETYPE
    document = open_document(source)
    output = document.write(upper([u.text for u in document.units]), language=GERMAN)
    first = zipfile.ZipFile(io.BytesIO(output)).infolist()[0]
    assert (first.filename, first.compress_type, first.extra) == ("mimetype", 0, b"")
    assert output[30:38] == b"mimetype" and output[38:81] == MIMETYPE
    assert list(entries(output)) == list(entries(source.read_bytes()))


def _without(name: str) -> Callable[[str, bytes], bytes | None]:
    return lambda entry, data: None if entry == name else data


def test_a_story_the_layout_lists_but_lacks_is_refused(tmp_path: Path) -> None:
    damaged = repacked(
        DATA / "footnotes.idml", tmp_path / "damaged.idml", _without("Stories/Story_udd.xml")
    )
    with pytest.raises(DocumentError, match=r"lists Stories/Story_udd\.xml") as caught:
        open_document(damaged)
    assert caught.value.message_id == "document.damaged"
    assert "Export it again" in (caught.value.hint or "")


def test_a_changed_part_is_written_as_indesign_wrote_it() -> None:
    # InDesign CC 2017 writes "<Br />" and double quotes in the declaration, CS4 "<Br/>":
    # a translated story keeps every line but its words' as it was.
    for name, story in (("footnotes.idml", "Stories/Story_udd.xml"), ("tables.idml", None)):
        source = DATA / name
        document = open_document(source)
        output = document.write(upper([u.text for u in document.units]), language=GERMAN)
        before, after = entries(source.read_bytes()), entries(output)
        for part in [story] if story else [n for n in after if before[n] != after[n]]:
            old, new = before[part].splitlines(), after[part].splitlines()
            assert len(old) == len(new)
            # (the same but for words, languages, and a CDATA section's markers, which the
            # parser drops: Styles.xml's <GaijiRefMaps>)
            kept = [(a, b) for a, b in zip(old, new, strict=True) if b"<Content>" not in a]
            unlike = [a for a, b in kept if a != b and b"AppliedLanguage" not in a]
            assert [a for a in unlike if b"CDATA" not in a] == []
            assert new[0] == old[0]  # (the XML declaration)


def test_the_app_words_the_notes_a_layout_gets(qapp: object) -> None:
    from desktop import errors

    document = open_document(DATA / "crossreferences.idml")
    for code in ("ar", "zh"):
        document.check_target(language(code))
    worded = [errors.note_text(n) for n in document.notes]
    # (the app's sentences, not the engine's English: they end with a full stop)
    assert [w.split(":")[0] for w in worded] == [
        "The document's cross-references (1) still show the source's words",
        "The translated stories are set right to left for ar, by InDesign's World-Ready composer",
        "InDesign has no language for zh-CN in this document",
    ]
    assert all(
        w.endswith(".") and not n.text.endswith(".")
        for w, n in zip(worded, document.notes, strict=True)
    )
