"""LibreOffice Draw's drawings (.odg, and .fodg, its Flat XML) as LibreOffice 7.4 wrote them
from two of tests/data/visio/'s Visio drawings (see tools/make_visio_fixtures.py): their
shapes' and connectors' paragraphs are translated as OpenDocument's are, and a page's name
with the links that name it."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from pathlib import Path

from lxml import etree

from engine.documents import Document, open_document
from tests.fixtures.documents import language

DATA = Path(__file__).parent / "data" / "visio"
DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
GERMAN = language("de")
WORDS = {"Add webpages": "Webseiten hinzufügen", "Page-1": "Seite-1"}


def german(texts: Sequence[str]) -> list[str]:
    """A stand-in translator: the words it knows, every other text in «»."""
    return [WORDS.get(t, f"«{t}»") for t in texts]


def written(document: Document) -> bytes:
    return document.write(german([u.text for u in document.units]), language=GERMAN)


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def test_a_drawings_pages_and_shapes_are_translated_in_libreoffice_draw(tmp_path: Path) -> None:
    document = open_document(DATA / "use-case.odg")
    texts = [u.text for u in document.units]
    assert "Add webpages" in texts and texts[-1] == "Page-1"
    out = tmp_path / "use-case.de.odg"
    out.write_bytes(written(document))
    content = etree.fromstring(parts(out.read_bytes())["content.xml"])
    page = content.find(f".//{{{DRAW}}}page")
    assert page is not None and page.get(f"{{{DRAW}}}name") == "Seite-1"
    assert "Webseiten hinzufügen" in [u.text for u in open_document(out).units]


def test_a_flat_drawings_page_names_are_followed_and_stay_unique(tmp_path: Path) -> None:
    source = DATA / "connectors.fodg"
    root = etree.fromstring(source.read_bytes())
    pages = list(root.iter(f"{{{DRAW}}}page"))
    # A link to the second page (a shape's action), and a page named as LibreOffice names
    # one itself ("page4": shown as "Page 4" in the user's language), added here.
    link = etree.SubElement(
        pages[0].find(f"{{{DRAW}}}custom-shape") or pages[0], f"{{{DRAW}}}a"
    )  # fmt: skip
    link.set("{http://www.w3.org/1999/xlink}href", "#Page-2")
    pages[2].set(f"{{{DRAW}}}name", "page4")
    edited = tmp_path / "connectors.fodg"
    edited.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    document = open_document(edited)
    names = [u.text for u in document.units if u.id.startswith("content.xml#page")]
    assert names == ["Page-1", "Page-2"]
    # The second page's translation is the first's: it keeps its own name.
    translations = ["Seite" if u.text.startswith("Page-") else u.text for u in document.units]
    out = etree.fromstring(document.write(translations, language=GERMAN))
    said = [p.get(f"{{{DRAW}}}name") for p in out.iter(f"{{{DRAW}}}page")]
    assert said == ["Seite", "Page-2", "page4"]
    translations = [WORDS.get(u.text, u.text) + "!" for u in document.units]
    out = etree.fromstring(document.write(translations, language=GERMAN))
    said = [p.get(f"{{{DRAW}}}name") for p in out.iter(f"{{{DRAW}}}page")]
    assert said == ["Seite-1!", "Page-2!", "page4"]
    hrefs = [a.get("{http://www.w3.org/1999/xlink}href") for a in out.iter(f"{{{DRAW}}}a")]
    assert hrefs == ["#Page-2!"]


def test_words_after_a_paragraphs_last_field_stay_after_it(tmp_path: Path) -> None:
    """A date field ending a shape's paragraph and a page number starting one, as
    LibreOffice writes them (``text:date``, ``text:page-number``), put in the flat
    drawing: the words a translation puts after the last field (or before the first) were
    moved across it ("⟦PAGE 2 PRINTED ON⟧ 07.12.26"). OpenDocument's text shares this."""
    text = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    root = etree.fromstring((DATA / "connectors.fodg").read_bytes())
    paragraph = next(p for p in root.iter(f"{{{text}}}p") if "".join(p.itertext()) == "Shape A")
    span = paragraph[0]
    span.text = "Printed on "
    etree.SubElement(span, f"{{{text}}}date").text = "07.12.26"
    number = etree.Element(f"{{{text}}}page-number")
    number.text, number.tail = "2", " is this page"
    paragraph.addnext(etree.Element(f"{{{text}}}p"))
    paragraph.getnext().append(number)
    edited = tmp_path / "connectors.fodg"
    edited.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    document = open_document(edited)
    said = [u.text for u in document.units if "ZXQ" in u.text]
    assert said == ["Printed on ZXQ1Q", "ZXQ1Q is this page"]
    out = etree.fromstring(written(document))
    found = [
        [(e.text, e.tail) for e in p.iter() if e is not p]
        for p in out.iter(f"{{{text}}}p")
        if p.find(f".//{{{text}}}date") is not None or p.find(f"{{{text}}}page-number") is not None
    ]
    assert found == [
        [("«Printed on ", None), ("07.12.26", "»")],
        [("2", " is this page»")],
    ]
    assert out.findtext(f".//{{{text}}}page-number/..") == "«"


def test_a_drawing_renamed_as_text_and_text_renamed_as_a_drawing_are_told_apart(
    tmp_path: Path,
) -> None:
    """The package's ``mimetype`` (a flat file's ``office:mimetype``) says its kind: a .odg
    named .odt was read as text (its pages' names never found), a text named .odg as a
    drawing; now each is refused as other renamed files are."""
    from engine.documents import DocumentError

    cases = [
        (DATA / "use-case.odg", "drawing.odt", ".odg"),
        (DATA / "use-case.odg", "drawing.odp", ".odg"),
        (DATA / "connectors.fodg", "drawing.fodt", ".fodg"),
        (Path(__file__).parent / "data" / "fields" / "libreoffice.odt", "text.odg", ".odt"),
        (Path(__file__).parent / "data" / "fields" / "libreoffice.odp", "slides.odt", ".odp"),
    ]
    for source, name, actual in cases:
        renamed = tmp_path / name
        renamed.write_bytes(source.read_bytes())
        try:
            open_document(renamed)
        except DocumentError as exc:
            assert exc.message == f"This is a {actual} file with a {renamed.suffix} name", name
            assert exc.message_id == "document.renamed"
            assert exc.hint == f"Rename it to {renamed.stem}{actual}, then retry"
        else:
            raise AssertionError(f"{name} was read")
