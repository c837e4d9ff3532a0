"""Visio drawings and LibreOffice Draw drawings as their producers wrote them
(tests/data/visio/: Visio 2013 and 2016's own files from apache/poi and dave-howard/vsdx,
LibreOffice 7.4's .odg and .fodg of two of them; see tools/make_visio_fixtures.py). Outputs
are parsed back and compared with their sources part by part: only the words, the page names
and the languages change; every other part is copied byte for byte."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pytest
from lxml import etree

from engine.cli.main import main
from engine.documents import Document, DocumentError, open_document
from engine.documents.visio import VisioDocument
from engine.engine import Engine
from engine.options import EngineOptions
from tests.fixtures.builder import exported
from tests.fixtures.documents import language

DATA = Path(__file__).parent / "data" / "visio"
V = "{http://schemas.microsoft.com/office/visio/2012/main}"
VT = "{http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes}"
GERMAN = language("de")
WORDS = {
    "Add webpages": "Webseiten hinzufügen",
    "Content Authors": "Inhaltsautoren",
    "M1": "M1",  # (a name the model keeps)
    "Page-1": "Seite-1",
    "Shape A": "Form A",
    "A to B": "A nach B",
}


def german(texts: Sequence[str]) -> list[str]:
    """A stand-in translator: the words it knows, every other text in «»."""
    return [WORDS.get(t, f"«{t}»") for t in texts]


def written(document: Document, translations: Sequence[str] | None = None) -> bytes:
    said = german([u.text for u in document.units]) if translations is None else translations
    return document.write(said, language=GERMAN)


# What may change in a part: a page's Name, and the value of a cell naming a language or
# holding a label, a prompt, a screen tip, a layer's name, a link's tip or address in the
# drawing, a menu entry; each element's text and tail (the words).
_CHANGING = frozenset(
    ["LangID", "DocLangID", "Label", "Prompt", "Comment", "Name", "Description", "SubAddress",
     "Menu"]
)  # fmt: skip


def skeleton(data: bytes) -> list[tuple[str, dict[str, str]]]:
    """Every element and its attributes, in order, but what a translation changes."""
    out = []
    for element in etree.fromstring(data).iter():
        attributes = dict(element.attrib)
        if element.tag == f"{V}Page":
            attributes.pop("Name", None)
        if element.tag == f"{V}Cell" and element.get("N") in _CHANGING:
            attributes.pop("V", None)
        out.append((str(element.tag), attributes))
    return out


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def test_each_shapes_paragraphs_masters_and_page_names_are_units() -> None:
    document = open_document(DATA / "use-case.vsdx")
    units = {u.id: u for u in document.units}
    assert units["visio/pages/pages.xml#page1"].text == "Page-1"
    assert units["visio/pages/page1.xml#s3.p1"].text == "Add webpages"
    assert units["visio/pages/page1.xml#s3.p1"].page == 1
    # The actor master's text, shown by each actor that has none of its own: one unit each,
    # however many actors show it.
    masters = [
        u.text for u in document.units if u.id.startswith("visio/masters/master1.xml") and u.read
    ]
    assert masters == ["M1", "M2", "M3", "M4"]
    # A master's shape data: the labels its Shape Data window shows, not the hidden rows
    # (ShapeClass, ShapeType) nor the values.
    labels = [u.text for u in document.units if u.id.startswith("visio/masters/master3.xml")]
    assert labels == ["Name", "Location", "Building", "Room", "Department"]
    assert not any(u.read for u in document.units if ".label" in u.id or "#page" in u.id)


def test_only_the_words_and_the_languages_change(tmp_path: Path) -> None:
    source = (DATA / "use-case.vsdx").read_bytes()
    data = written(open_document(DATA / "use-case.vsdx"))
    before, after = parts(source), parts(data)
    assert list(after) == list(before)
    changed = [name for name in before if before[name] != after[name]]
    assert set(changed) == {
        "visio/document.xml", "visio/pages/pages.xml", "visio/pages/page1.xml",
        "visio/masters/master1.xml", "visio/masters/master3.xml", "docProps/core.xml",
        "docProps/app.xml",
    }  # fmt: skip
    for name in changed:
        assert skeleton(after[name]) == skeleton(before[name]), name
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        # (stored and deflated as Visio wrote each)
        kinds = [i.compress_type for i in archive.infolist()]
    assert kinds == [i.compress_type for i in zipfile.ZipFile(DATA / "use-case.vsdx").infolist()]
    out = tmp_path / "use-case.de.vsdx"
    out.write_bytes(data)
    again = {u.id: u.text for u in open_document(out).units}
    assert again["visio/pages/page1.xml#s3.p1"] == "Webseiten hinzufügen"
    assert again["visio/pages/page1.xml#s81.p1"] == "Inhaltsautoren"
    assert again["visio/pages/pages.xml#page1"] == "Seite-1"
    assert again["visio/masters/master3.xml#s5.Name.label"] == "«Name»"
    page = etree.fromstring(after["visio/pages/pages.xml"]).find(f"{V}Page")
    assert page is not None and (page.get("NameU"), page.get("Name")) == ("Page-1", "Seite-1")
    # (a name its author gave, IsCustomName: the properties list it as the tab shows it)
    titles = etree.fromstring(after["docProps/app.xml"]).iter(f"{VT}lpstr")
    assert [t.text for t in titles][:3] == ["Pages", "Masters", "Seite-1"]


def test_the_drawing_names_the_target_language_but_its_data_keeps_its_own() -> None:
    before = parts((DATA / "shape-data.vsdx").read_bytes())
    after = parts(written(open_document(DATA / "shape-data.vsdx")))

    def languages(data: bytes, section: str) -> set[str]:
        """The LangIDs of a part's rows of ``section`` (Character, Property)."""
        return {
            str(cell.get("V"))
            for row in etree.fromstring(data).iter(f"{V}Row")
            if (row.getparent() is not None and row.getparent().get("N") == section)
            for cell in row.iter(f"{V}Cell")
            if cell.get("N") == "LangID"
        }

    page = "visio/pages/page3.xml"  # (its shape "E" is in an en-NZ character format)
    assert languages(before[page], "Character") == {"en-NZ"}
    assert languages(after[page], "Character") == {"de-DE"}
    assert languages(after[page], "Property") == languages(before[page], "Property")
    assert languages(before[page], "Property") == {"en-GB", "en-NZ"}
    styles = etree.fromstring(after["visio/document.xml"])
    assert {c.get("V") for c in styles.iter(f"{V}Cell") if c.get("N") == "DocLangID"} == {"de-DE"}
    core = etree.fromstring(after["docProps/core.xml"])
    assert core.findtext("{http://purl.org/dc/elements/1.1/}language") == "de-DE"


def test_a_shape_whose_text_was_kept_keeps_its_language() -> None:
    document = open_document(DATA / "shape-data.vsdx")
    kept = "visio/pages/page3.xml#s9.p1"  # "E", in an en-NZ character format
    translations = [u.text if u.id == kept else f"«{u.text}»" for u in document.units]
    page = etree.fromstring(parts(written(document, translations))["visio/pages/page3.xml"])
    shape = next(s for s in page.iter(f"{V}Shape") if s.get("ID") == "9")
    said = [c.get("V") for c in shape.iter(f"{V}Cell") if c.get("N") == "LangID"]
    assert said == ["en-NZ", "en-NZ"]
    translations = [f"«{u.text}»" for u in document.units]
    page = etree.fromstring(parts(written(document, translations))["visio/pages/page3.xml"])
    shape = next(s for s in page.iter(f"{V}Shape") if s.get("ID") == "9")
    said = [c.get("V") for c in shape.iter(f"{V}Cell") if c.get("N") == "LangID"]
    assert said == ["en-NZ", "de-DE"]  # (its data's, then its text's)


def test_a_paragraph_is_a_unit_whatever_markers_cut_its_text() -> None:
    """A rack master's label of apache/poi's 60973.vsdx (Visio 2013): three paragraphs in
    five character formats, a ``<cp>`` starting each after the newline that ends the one
    before; and a shape showing a field alone, which is not sent."""
    from engine.documents.visio import paragraphs  # (the reader's own parsing)

    text = etree.fromstring(
        f'<Text xmlns="{V[1:-1]}"><cp IX="0"/><pp IX="0"/>[NAME]\n<cp IX="1"/>[Model]'
        '<cp IX="2"/> <cp IX="3"/>\n<cp IX="4"/>Location: [Location]\n</Text>'
    )
    found = paragraphs(text)
    assert [[p.text for p in f.pieces] for f in found] == [
        ["[NAME]"], ["[Model]", " "], ["Location: [Location]"]
    ]  # fmt: skip
    written_ = {p: p.text.upper() for f in found for p in f.pieces}
    for node in {id(n): n for f in found for n in f.nodes}.values():
        node.write(written_)
    assert etree.tostring(text, encoding="unicode").split(">", 1)[1] == (
        '<cp IX="0"/><pp IX="0"/>[NAME]\n<cp IX="1"/>[MODEL]<cp IX="2"/> <cp IX="3"/>\n'
        '<cp IX="4"/>LOCATION: [LOCATION]\n</Text>'
    )
    field = etree.fromstring(f'<Text xmlns="{V[1:-1]}"><cp IX="0"/><fld IX="0">[1]</fld>\n</Text>')
    assert paragraphs(field) == []


def test_connectors_text_and_every_page_are_translated_and_libreoffice_reads_it(
    tmp_path: Path,
) -> None:
    document = open_document(DATA / "connectors.vsdx")
    texts = [u.text for u in document.units]
    assert {"Shape A", "A to B", "B to C"} <= set(texts)
    # Visio's own names for its pages (no IsCustomName), shown in the user's language: kept.
    assert not {"Page-1", "Page-2", "Page-3"} & set(texts)
    out = tmp_path / "connectors.de.vsdx"
    out.write_bytes(written(document))
    if shutil.which("soffice") is None:
        return  # (LibreOffice's reading is checked where it is installed)
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "fodg", "--outdir", str(tmp_path), str(out)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    shown = (tmp_path / "connectors.de.fodg").read_text("utf-8")
    assert "Form A" in shown and "A nach B" in shown and "Shape A" not in shown


def test_a_macro_enabled_drawing_keeps_its_macros(tmp_path: Path) -> None:
    document = open_document(DATA / "macro.vsdm")
    assert [u.text for u in document.units] == ["Text added by macro"]
    before = parts((DATA / "macro.vsdm").read_bytes())
    after = parts(written(document))
    assert after["visio/vbaProject.bin"] == before["visio/vbaProject.bin"]
    assert after["[Content_Types].xml"] == before["[Content_Types].xml"]


def test_old_and_damaged_drawings_are_refused_with_what_to_do(tmp_path: Path) -> None:
    old = tmp_path / "process.vsd"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    with pytest.raises(DocumentError) as caught:
        open_document(old)
    assert caught.value.message == "Quire cannot read .vsd files"
    assert ".vsdx in Visio" in (caught.value.hint or "")
    assert "LibreOffice Draw" in (caught.value.hint or "")
    renamed = tmp_path / "process.vsdx"
    renamed.write_bytes(old.read_bytes())
    with pytest.raises(DocumentError) as caught:
        open_document(renamed)
    assert "old binary Office file" in caught.value.message
    renamed.write_text("Process chart", "utf-8")
    with pytest.raises(DocumentError) as caught:
        open_document(renamed)
    assert caught.value.message == "This is not a Visio drawing (it is not a zip archive)"
    # Entities declared in a page: refused, never expanded.
    source = parts((DATA / "use-case.vsdx").read_bytes())
    page = source["visio/pages/page1.xml"].split(b"?>", 1)
    source["visio/pages/page1.xml"] = (
        page[0] + b'?><!DOCTYPE PageContents [<!ENTITY a "Add webpages">]>' + page[1]
    )
    bomb = tmp_path / "entities.vsdx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in source.items():
            archive.writestr(name, data)
    with pytest.raises(DocumentError) as caught:
        open_document(bomb)
    assert "entity" in caught.value.message and "page1.xml" in caught.value.message
    # A page that unpacks to hundreds of times its size.
    source["visio/pages/page1.xml"] = b"<PageContents>" + b" " * (40 << 20) + b"</PageContents>"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in source.items():
            archive.writestr(name, data)
    with pytest.raises(DocumentError) as caught:
        open_document(bomb)
    assert "unpacks to 40 MB" in caught.value.message
    # A Word document named .vsdx says what it is.
    word = tmp_path / "letter.vsdx"
    with zipfile.ZipFile(word, "w") as archive:
        archive.writestr("word/document.xml", "<document/>")
    with pytest.raises(DocumentError) as caught:
        open_document(word)
    assert caught.value.message == "This is a .docx file with a .vsdx name"


def test_quire_translate_writes_a_translated_visio_drawing(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Engine(EngineOptions(home=quire_home)).import_model(exported("marian"), "opus-mt-en-de")
    source = tmp_path / "process.vsdx"
    source.write_bytes((DATA / "connectors.vsdx").read_bytes())
    code = main(["translate", "--from", "en", "--to", "de", str(source)])
    _out, err = capsys.readouterr()
    assert code == 0, err
    out = tmp_path / "process.de.vsdx"
    before, after = parts(source.read_bytes()), parts(out.read_bytes())
    assert list(after) == list(before)
    for name in before:
        if name.endswith(".xml") and before[name] != after[name]:
            assert skeleton(after[name]) == skeleton(before[name]), name
    assert len(open_document(out).units) == len(open_document(source).units)


def test_a_hidden_shape_data_row_is_not_sent() -> None:
    """A network master's rows of apache/poi's 60973.vsdx (Visio 2013): "Belongs To" is a
    row its stencil hides (Invisible), which the Shape Data window never shows; the other
    is shown."""
    from engine.documents.visio import VisioDocument

    shape = etree.fromstring(
        f'<Shape xmlns="{V[1:-1]}" ID="5"><Section N="Property">'
        "<Row N='BelongsTo'><Cell N='Value' V='0' F='No Formula'/><Cell N='Prompt' V='' "
        "F='No Formula'/><Cell N='Label' V='Belongs To'/><Cell N='Format' V='' F='No Formula'/>"
        "<Cell N='SortKey' V='' F='No Formula'/><Cell N='Type' V='0'/><Cell N='Invisible' V='1'/>"
        "<Cell N='Verify' V='0'/><Cell N='DataLinked' V='0' F='No Formula'/><Cell N='LangID' "
        "V='en-US'/><Cell N='Calendar' V='0' F='No Formula'/></Row>"
        "<Row N='Location'><Cell N='Label' V='Location'/><Cell N='Invisible' V='0'/></Row>"
        "</Section></Shape>"
    )
    found = VisioDocument.shapes("visio/masters/master6.xml", shape)
    assert [uid for uid, _target, _read in found] == ["visio/masters/master6.xml#s5.Location.label"]


def test_reviewers_comments_are_translated_and_their_authors_kept() -> None:
    """No public drawing with comments was found: a comments part as Visio 2013's schema
    has it (``visio/comments.xml``, VisioSchema15's ``CommentEntry``) is added here to a
    real drawing (the reader finds the part by its name)."""
    source = parts((DATA / "use-case.vsdx").read_bytes())
    source["visio/comments.xml"] = (
        f'<?xml version="1.0" encoding="utf-8"?><Comments xmlns="{V[1:-1]}"><AuthorList>'
        '<AuthorEntry Name="Kevin Nguyen" Initials="KN" ID="0"/></AuthorList><CommentList>'
        '<CommentEntry AuthorID="0" PageID="0" ShapeID="3" Date="2015-01-06T18:07:13" '
        'CommentID="0">Should editors approve their own pages?</CommentEntry></CommentList>'
        "</Comments>"
    ).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in source.items():
            archive.writestr(name, data)
    path = Path(__file__).parent / "comments.vsdx"  # (read from bytes, never written)
    from engine.documents.visio import VisioDocument

    document = VisioDocument(path, out.getvalue())
    said = [u for u in document.units if u.id.startswith("visio/comments.xml")]
    assert [(u.text, u.read) for u in said] == [("Should editors approve their own pages?", False)]
    comments = etree.fromstring(parts(written(document))["visio/comments.xml"])
    assert [e.text for e in comments.iter(f"{V}CommentEntry")] == [
        "«Should editors approve their own pages?»"
    ]
    assert [e.get("Name") for e in comments.iter(f"{V}AuthorEntry")] == ["Kevin Nguyen"]


def with_page(name: str, page: bytes, source: Path = DATA / "connectors.vsdx") -> VisioDocument:
    """A real drawing with one of its parts replaced (``name``), read from bytes."""
    found = parts(source.read_bytes())
    found[name] = page
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, data in found.items():
            archive.writestr(part, data)
    return VisioDocument(source, out.getvalue())


def test_words_after_a_paragraphs_last_field_stay_after_it() -> None:
    """A footer as Visio writes one, "Page <fld>1</fld> of <fld>3</fld>, printed <fld>…"
    (fields ending the paragraph, one starting the next), put in dave-howard/vsdx's
    connectors drawing: the words a translation puts after the last field (or before the
    first) were moved across it, as if the field ended the sentence."""
    page = parts((DATA / "connectors.vsdx").read_bytes())["visio/pages/page1.xml"]
    footer = (
        b"Page <fld IX='0'>1</fld> of <fld IX='1'>3</fld>, printed <fld IX='2'>7/14/2015</fld>"
        b"\r\n<fld IX='3'>2</fld> pages in all\r\n"
    )
    document = with_page("visio/pages/page1.xml", page.replace(b"Shape A\r\n", footer, 1))
    said = [u.text for u in document.units if u.id.startswith("visio/pages/page1.xml#s1.")]
    assert said == ["Page ZXQ1Q of ZXQ2Q, printed ZXQ3Q", "ZXQ1Q pages in all"]
    out = etree.fromstring(parts(written(document))["visio/pages/page1.xml"])
    text = next(t for t in out.iter(f"{V}Text") if "pages" in "".join(t.itertext()))
    fields = [f"<{f.text}>" for f in text.iter(f"{V}fld")]
    assert [text.text, *(f"{f}{t.tail}" for f, t in zip(fields, text, strict=True))] == [
        "«Page ", "<1> of ", "<3>, printed ", "<7/14/2015>»\n«", "<2> pages in all»\n"
    ]  # fmt: skip


def linked(pages: bytes, page: bytes) -> VisioDocument:
    """dave-howard/vsdx's connectors drawing with ``pages`` (pages.xml) and its first page
    (``page``) edited as the test says, read from bytes."""
    found = parts((DATA / "connectors.vsdx").read_bytes())
    found["visio/pages/pages.xml"], found["visio/pages/page1.xml"] = pages, page
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, data in found.items():
            archive.writestr(part, data)
    return VisioDocument(DATA / "connectors.vsdx", out.getvalue())


# Links in a shape's ShapeSheet as Visio's Hyperlinks dialog and its Actions write them
# (Hyperlink and Actions sections, SubAddress naming a page, Menu's "_" and "&"), added to a
# page: no public drawing with a link to a page was found.
LINKS = (
    b"<Section N='Hyperlink'><Row N='Row_1'><Cell N='Description' V='Go to the details'/>"
    b"<Cell N='Address' V=''/><Cell N='SubAddress' V='Details/Sheet.2'/></Row>"
    b"<Row N='Row_2'><Cell N='Description' V='Their details'/>"
    b"<Cell N='Address' V='other.vsdx'/><Cell N='SubAddress' V='Details'/></Row>"
    b"<Row N='Row_3'><Cell N='Description' V='Hidden link'/><Cell N='SubAddress' V='Page-3'/>"
    b"<Cell N='Invisible' V='1'/></Row></Section>"
    b"<Section N='Actions'><Row N='Row_1'><Cell N='Action' V='0' F='HYPERLINK(\"\",\"Details\")'/>"
    b"<Cell N='Menu' V='_&amp;Open details'/></Row>"
    b"<Row N='Row_2'><Cell N='Action' V='0' F='SETF(GetRef(User.ShowU),NOT(User.ShowU))'/>"
    b"<Cell N='Menu' V='Hide &amp;U sizes' F='IF(User.ShowU,\"Hide &amp;U sizes\",\"Show "
    b"&amp;U sizes\")'/></Row></Section><Text>"
)


def test_a_renamed_pages_links_follow_it_and_links_and_menus_are_translated() -> None:
    """A page named by its author ("Details", IsCustomName) and links to it: a hyperlink
    with no address (Visio finds the page by the name its tab shows: the Hyperlinks
    dialog's Sub-address, the SubAddress cell, "must contain the name of the drawing page"),
    and a HYPERLINK formula; a link into another file, a formula's menu entry and a hidden
    row are kept. Menu entries keep their prefix and access key."""
    source = parts((DATA / "connectors.vsdx").read_bytes())
    pages = source["visio/pages/pages.xml"].replace(
        b"NameU='Page-2' Name='Page-2'", b"NameU='Details' Name='Details' IsCustomName='1'"
    )
    document = linked(pages, source["visio/pages/page1.xml"].replace(b"<Text>", LINKS, 1))
    here = ("visio/pages/pages.xml", "visio/pages/page1.xml")
    said = {
        u.id.split("#")[1]: u.text for u in document.units if u.id.startswith(here) and not u.read
    }
    assert said == {
        "page1.layer0": "Connector",
        "s1.Row_1.description": "Go to the details",
        "s1.Row_2.description": "Their details",
        "s1.Row_1.menu": "Open details",
        "page2": "Details",
        "page2.layer0": "Connector",
    }
    words = {"Details": "Einzelheiten", "Open details": "Abrir los detalles"}
    after = parts(written(document, [words.get(u.text, u.text) for u in document.units]))
    names = [
        p.get("Name") for p in etree.fromstring(after["visio/pages/pages.xml"]).iter(f"{V}Page")
    ]
    assert names == ["Page-1", "Einzelheiten", "Page-3"]
    cells = {
        (row.get("N"), cell.get("N")): (cell.get("V"), cell.get("F"))
        for row in etree.fromstring(after["visio/pages/page1.xml"]).iter(f"{V}Row")
        for cell in row.iter(f"{V}Cell")
        if cell.get("N") in ("SubAddress", "Action", "Menu")
    }
    assert cells == {
        ("Row_1", "SubAddress"): ("Einzelheiten/Sheet.2", None),
        ("Row_2", "SubAddress"): ("Details", None),  # (a page of another file)
        ("Row_3", "SubAddress"): ("Page-3", None),
        ("Row_1", "Action"): ("0", 'HYPERLINK("","Einzelheiten")'),
        ("Row_1", "Menu"): ("_&Abrir los detalles", None),  # (&Open: no word begins with o)
        ("Row_2", "Action"): ("0", "SETF(GetRef(User.ShowU),NOT(User.ShowU))"),
        ("Row_2", "Menu"): ("Hide &U sizes", 'IF(User.ShowU,"Hide &U sizes","Show &U sizes")'),
    }
    # A translation another page's name has is not given: Visio's page names are unique.
    document = linked(pages, source["visio/pages/page1.xml"].replace(b"<Text>", LINKS, 1))
    same = [("page-3" if u.text == "Details" else u.text) for u in document.units]
    after = parts(written(document, same))
    names = [
        p.get("Name") for p in etree.fromstring(after["visio/pages/pages.xml"]).iter(f"{V}Page")
    ]
    assert names == ["Page-1", "Details", "Page-3"]
    assert (
        b"'Details/Sheet.2'" in after["visio/pages/page1.xml"]
        or b'"Details/Sheet.2"' in (after["visio/pages/page1.xml"])
    )


def test_a_templates_markup_stays_and_is_not_sent_alone() -> None:
    """Drawings made to be filled by a Jinja template (dave-howard/vsdx's): its markup is a
    field's placeholder, kept whole, and a shape holding markup alone is not sent."""
    document = open_document(DATA / "template-loop.vsdx")
    said = [(u.text, u.fields) for u in document.units if u.read]
    assert said == [
        ("Loop test ZXQ1Q of ZXQ2Q", ("{{ o }}", "{{ test_list|count if test_list else 0 }}")),
        ("In this instance, o=ZXQ1Q", ("{{ o }}",)),
    ]
    page = etree.fromstring(parts(written(document))["visio/pages/page1.xml"])
    texts = ["".join(t.itertext()) for t in page.iter(f"{V}Text")]
    assert "{% for o in test_list %}\n" in texts
    assert "«Loop test {{ o }} of {{ test_list|count if test_list else 0 }}»\n" in texts
    assert "«In this instance, o={{ o }}»\n{% showif o > 2 %}\n" in texts
    document = open_document(DATA / "template-pages.vsdx")
    names = [(u.text, u.fields) for u in document.units if u.id.startswith("visio/pages/pages")]
    assert names == [
        ("Normal Page", ()),
        ("ZXQ1QPage2", ("{% showif show %}",)),
        ("ZXQ1QPage3", ("{% showif not show %}",)),
    ]
    translations = [
        {"ZXQ1QPage2": "ZXQ1QSeite2", "ZXQ1QPage3": "Seite3"}.get(u.text, u.text)
        for u in document.units
    ]
    pages = etree.fromstring(parts(written(document, translations))["visio/pages/pages.xml"])
    # (a translation that lost the markup is not written: the template would lose its logic)
    assert [p.get("Name") for p in pages.iter(f"{V}Page")] == [
        "Normal Page", "{% showif show %}Seite2", "{% showif not show %}Page3"
    ]  # fmt: skip


@pytest.mark.parametrize("suffix", [".vssx", ".vssm", ".vss"])
def test_a_stencil_is_refused_as_one_from_the_command_line_and_the_app(
    suffix: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A stencil (shapes to draw with): ``quire translate`` said "This is a binary file, not
    text … --encoding", the app "Quire cannot read .vssx files"; now both say what it is.
    (Its bytes: a drawing's zip, as a .vssx is one; .vss an old binary Office file.)"""
    stencil = tmp_path / f"shapes{suffix}"
    stencil.write_bytes((DATA / "connectors.vsdx").read_bytes())
    code = main(["translate", "--to", "de", str(stencil)])
    err = capsys.readouterr().err
    assert code != 0 and "This is a Visio stencil" in err and "binary" not in err
    with pytest.raises(DocumentError) as caught:
        open_document(stencil)
    assert caught.value.message_id == "document.stencil"
    assert ".vsdx" in (caught.value.hint or "")
