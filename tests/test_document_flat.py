"""LibreOffice's Flat XML OpenDocument files (.fodt, .fodp, .fods: the package's parts in one
XML file), as LibreOffice saves the producers' documents (tests/data/flat/, by
tools/make_producer_fixtures.py): read as their zipped twins are, and written back with
every element and attribute but the translated text as it was."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from engine.documents import open_document, translate_file
from engine.documents.errors import DocumentError

DATA = Path(__file__).parent / "data"
FLAT = DATA / "flat"
TWINS = {
    "libreoffice.fodt": DATA / "producers" / "libreoffice.odt",
    "libreoffice-fields.fodt": DATA / "fields" / "libreoffice.odt",
    "libreoffice-fields.fodp": DATA / "fields" / "libreoffice.odp",
    "libreoffice.fods": DATA / "sheets" / "libreoffice.ods",
}
# A cell comment LibreOffice's Flat XML export of the sheet leaves out (its .ods has it).
DROPPED_BY_EXPORT = {"Ask the facilities team about delivery."}
STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
FO = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
DC = "http://purl.org/dc/elements/1.1/"


TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
CALCEXT = "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"


def skeleton(data: bytes, *, recalculated: bool = False) -> list[tuple[str, dict[str, str]]]:
    """The elements and their attributes; ``recalculated``: as a translation into upper case
    writes a sheet, a formula giving text without its cached result (computed again on
    opening), the texts it gives translated (the sheet's formulas compare none)."""
    root = etree.fromstring(data)
    if recalculated:
        for cell in root.iter(f"{{{TABLE}}}table-cell"):
            formula = cell.get(f"{{{TABLE}}}formula")
            if formula and '"' in formula:
                given = re.sub(r'"[^"]*"', lambda m: m.group().upper(), formula)
                cell.set(f"{{{TABLE}}}formula", given)
            if formula and cell.get(f"{{{OFFICE}}}value-type") == "string":
                for name in (f"{{{OFFICE}}}value-type", f"{{{OFFICE}}}string-value",
                             f"{{{CALCEXT}}}value-type"):  # fmt: skip
                    del cell.attrib[name]
                for child in list(cell):
                    cell.remove(child)
    return [(str(e.tag), dict(e.attrib)) for e in root.iter() if isinstance(e.tag, str)]


def units(path: Path) -> list[tuple[str, int | None, tuple[str, ...]]]:
    return [(u.text, u.page, u.fields) for u in open_document(path).units]


def test_the_committed_files_are_the_ones_the_tests_name() -> None:
    assert sorted(p.name for p in FLAT.iterdir()) == sorted(TWINS)


@pytest.mark.parametrize("name", sorted(TWINS))
def test_a_flat_file_reads_as_its_zipped_twin(name: str) -> None:
    """The same paragraphs, pages and fields: headers and footers but not master pages'
    placeholders, a chart's titles but not its copy of the data it plots."""
    flat, twin = units(FLAT / name), units(TWINS[name])
    assert sorted(flat) == sorted(u for u in twin if u[0] not in DROPPED_BY_EXPORT)
    assert flat


@pytest.mark.parametrize("name", sorted(TWINS))
def test_a_flat_file_is_written_back_text_only(name: str, tmp_path: Path) -> None:
    source = FLAT / name
    before = source.read_bytes()
    out = tmp_path / name
    result = translate_file(source, out, lambda batch: [t.upper() for t in batch])
    assert source.read_bytes() == before and result.counts.failed == 0
    written = out.read_bytes()
    assert skeleton(written) == skeleton(before, recalculated=name.endswith(".fods"))
    assert written.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    assert [u[0] for u in units(out)] == [u[0].upper() for u in units(source)]


def test_the_translation_names_its_language(tmp_path: Path) -> None:
    out = tmp_path / "report.de.fodt"
    translate_file(FLAT / "libreoffice.fodt", out, lambda b: list(b), language="de")
    root = etree.fromstring(out.read_bytes())
    named = {e.get(f"{{{FO}}}language") for e in root.iter(f"{{{STYLE}}}text-properties")}
    assert named - {None, "zxx"} == {"de"}


def test_bilingual_flat_text(tmp_path: Path) -> None:
    out = tmp_path / "fields.fodt"
    source = FLAT / "libreoffice-fields.fodt"
    translate_file(source, out, lambda batch: [f"DE {t}" for t in batch], bilingual=True)
    texts = [u[0] for u in units(out)]
    for text, _page, _fields in units(source):
        assert text in texts and f"DE {text}" in texts


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"<office:document xmlns:office='x'><p>", "line 1"),
        (b"<html><body>Hi</body></html>", "not office:document"),
    ],
)
def test_a_file_that_is_not_flat_xml_is_said_so(data: bytes, words: str, tmp_path: Path) -> None:
    path = tmp_path / "notes.fodt"
    path.write_bytes(data)
    with pytest.raises(DocumentError) as caught:
        open_document(path)
    assert "This is not flat OpenDocument text" in caught.value.message
    assert words in caught.value.message


# An object of another kind inside a flat text (a spreadsheet, with properties of its own).
EMBEDDED = (
    '<draw:frame draw:name="Sheet"><draw:object><office:document '
    'office:mimetype="application/vnd.oasis.opendocument.spreadsheet"><office:meta>'
    "<dc:title>Embedded title</dc:title><dc:language>fr-FR</dc:language></office:meta>"
    '<office:body><office:spreadsheet><table:table table:name="S"><table:table-row>'
    '<table:table-cell office:value-type="string"><text:p>Inner cell text</text:p>'
    "</table:table-cell></table:table-row></table:table></office:spreadsheet></office:body>"
    "</office:document></draw:object></draw:frame>"
)


def test_an_embedded_objects_text_and_properties_are_its_own(tmp_path: Path) -> None:
    """As in a package, where the object is a part apart: not the document's text, title or
    language."""
    text = (FLAT / "libreoffice.fodt").read_text(encoding="utf-8")
    body = text.index("<office:text")
    first = text.index("<text:p", body)
    first = text.index(">", first) + 1
    path = tmp_path / "with-object.fodt"
    path.write_text(text[:first] + EMBEDDED + text[first:], encoding="utf-8")
    texts = [u[0] for u in units(path)]
    assert sorted(texts) == sorted(u[0] for u in units(FLAT / "libreoffice.fodt"))
    assert "Inner cell text" not in texts and "Embedded title" not in texts
    out = tmp_path / "with-object.de.fodt"
    translate_file(path, out, lambda batch: [t.upper() for t in batch], language="de")
    written = out.read_text(encoding="utf-8")
    assert "<dc:title>THE QUARTERLY REPORT</dc:title>" in written
    assert "<dc:title>Embedded title</dc:title><dc:language>fr-FR</dc:language>" in written


def test_a_bilingual_charts_title_has_no_style_from_outside_the_chart(tmp_path: Path) -> None:
    """A chart object has styles of its own: a span naming the document's would make
    LibreOffice drop the title."""
    out = tmp_path / "budget.fods"
    translate_file(
        FLAT / "libreoffice.fods", out, lambda b: [t.upper() for t in b], bilingual=True,
        language="de",
    )  # fmt: skip
    root = etree.fromstring(out.read_bytes())
    chart = "urn:oasis:names:tc:opendocument:xmlns:chart:1.0"
    text = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    (title,) = root.iter(f"{{{chart}}}title")
    paragraphs = title.findall(f"{{{text}}}p")
    assert len(paragraphs) == 2 and not list(title.iter(f"{{{text}}}span"))
    assert "".join(paragraphs[1].itertext()) == "".join(paragraphs[0].itertext()).upper()
