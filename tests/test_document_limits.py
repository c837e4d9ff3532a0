"""Hostile shapes of otherwise valid documents: a .docx of many empty paragraphs is read
without building anything for them; a document over the unit ceiling is refused, naming the
file and the limit; empty HTML, XML entity expansion and absurd nesting are refused saying what
is wrong in the user's terms (not "damaged", not a Python message)."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from engine.documents import DocumentError, open_document, translate_file
from engine.documents import base as document_base
from engine.documents import docx as docx_reader
from engine.documents.package import Slot
from tests.fixtures import documents as build

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
EMPTY = b"<w:p><w:r><w:t></w:t></w:r></w:p>"
BUILDERS: dict[str, Callable[[Path], Path]] = {
    ".docx": build.docx_file,
    ".pptx": build.pptx_file,
    ".odt": build.odt_file,
    ".odp": build.odp_file,
    ".epub": build.epub_file,
}


def with_body_prefix(source: Path, target: Path, prefix: bytes) -> Path:
    """``source`` with ``prefix`` inserted at the start of its body."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "word/document.xml":
                data = data.replace(b"<w:body>", b"<w:body>" + prefix, 1)
            out.writestr(info, data)
    return target


def reference_ids(path: Path) -> list[str]:
    """Unit ids as the reader has always numbered them: every paragraph outside a text box's
    VML fallback counts, empty or not; those with text of their own are units."""
    ids: list[str] = []
    with zipfile.ZipFile(path) as archive:
        names = [n for n in archive.namelist() if n == "word/document.xml"]
        for name in names:
            root = etree.fromstring(archive.read(name))
            shown = [
                p
                for p in root.iter(f"{W}p")
                if not any(a.tag == f"{MC}Fallback" for a in p.iterancestors())
            ]
            for n, paragraph in enumerate(shown):
                own = [
                    t.text or ""
                    for t in paragraph.iter(f"{W}t")
                    if next(t.iterancestors(f"{W}p")) is paragraph
                ]
                if "".join(own).strip():
                    ids.append(f"{name}#p{n + 1}")
    return ids


def test_empty_paragraphs_are_skipped_without_building_their_slots(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = build.docx_file(tmp_path / "plain.docx")
    padded = with_body_prefix(plain, tmp_path / "padded.docx", EMPTY * 20_000)
    built = 0
    real_slots = docx_reader._slots

    def counting(paragraph: etree._Element, code: Any = None) -> list[Slot]:
        nonlocal built
        built += 1
        return real_slots(paragraph, code)

    monkeypatch.setattr(docx_reader, "_slots", counting)
    document = open_document(padded)
    units = [u.text for u in document.units]
    assert units == [u.text for u in open_document(plain).units]
    assert built < 100  # the paragraphs with text and their text-box copies, not 20,000
    body_ids = [u.id for u in document.units if u.id.startswith("word/document.xml")]
    assert body_ids == reference_ids(padded)  # the ids still count the empty paragraphs
    out = tmp_path / "padded.de.docx"
    translate_file(padded, out, build.Upper())
    translated = [u.text for u in open_document(out).units]
    assert translated == [t.upper() for t in units]


def test_empty_odf_paragraphs_are_skipped_without_building_their_slots(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from engine.documents import odf as odf_reader

    plain = build.odt_file(tmp_path / "plain.odt")
    padded = tmp_path / "padded.odt"
    with zipfile.ZipFile(plain) as zin, zipfile.ZipFile(padded, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "content.xml":
                at = data.index(b">", data.index(b"<office:text")) + 1
                data = data[:at] + b"<text:p/><text:p>  </text:p>" * 10_000 + data[at:]
            zout.writestr(info, data)
    built = 0
    real_slots = odf_reader._slots

    def counting(paragraph: etree._Element, code: Any = None) -> list[Slot]:
        nonlocal built
        built += 1
        return real_slots(paragraph, code)

    monkeypatch.setattr(odf_reader, "_slots", counting)
    document = open_document(padded)
    assert [u.text for u in document.units] == [u.text for u in open_document(plain).units]
    assert built < 100
    first = int(document.units[0].id.rsplit("#p", 1)[1])
    assert first > 20_000  # ids still count the empty paragraphs before it
    out = tmp_path / "padded.de.odt"
    translate_file(padded, out, build.Upper())
    assert [u.text for u in open_document(out).units] == [u.text.upper() for u in document.units]


def test_a_document_over_the_unit_ceiling_is_refused_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = build.docx_file(tmp_path / "report.docx")
    count = len(open_document(path).units)
    monkeypatch.setattr(document_base, "MAX_UNITS", count - 1)
    with pytest.raises(DocumentError, match=f"more than {count - 1:,} paragraphs") as info:
        open_document(path)
    assert info.value.path == path and "smaller files" in info.value.hint
    monkeypatch.setattr(document_base, "MAX_UNITS", count)
    assert len(open_document(path).units) == count


def test_the_unit_ceiling_holds_for_every_format(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("".join(f"Paragraph {n}.\n\n" for n in range(12)), encoding="utf-8")
    monkeypatch.setattr(document_base, "MAX_UNITS", 11)
    with pytest.raises(DocumentError, match="more than 11 paragraphs") as info:
        open_document(path)
    assert info.value.path == path


@pytest.mark.parametrize("content", [b"", b"  \n\t"])
def test_an_html_file_without_text_says_so(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(content)
    with pytest.raises(DocumentError, match=r"^The HTML file has no text") as info:
        open_document(path)
    assert info.value.path == path and info.value.hint


def test_an_html_page_of_scripts_alone_is_copied_saying_so(tmp_path: Path) -> None:
    """(A single-page app's shell: one of a site's pages, copied with a note; see
    tests/test_document_newsletter.py for a mirrored site's redirect page.)"""
    path = tmp_path / "page.html"
    path.write_bytes(b"<!doctype html><html><head><script>var a = 1;</script></head></html>")
    document = open_document(path)
    assert document.copied_without_text and document.units == ()
    assert [n.message_id for n in document.notes] == ["document.no_text_copied"]


_LAUGHS = (
    b'<!DOCTYPE x [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
)
_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*\?>")


def with_every_xml_part(source: Path, target: Path, edit: Callable[[bytes], bytes]) -> Path:
    """``source`` with ``edit`` applied to each of its XML parts."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as out:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename.endswith((".xml", ".xhtml", ".opf", ".rels", ".ncx")):
                data = edit(data)
            out.writestr(info, data)
    return target


def declare_entities(data: bytes) -> bytes:
    found = _DECLARATION.match(data)
    at = found.end() if found else 0
    return data[:at] + _LAUGHS + data[at:]


@pytest.mark.parametrize("suffix", [".docx", ".pptx", ".odt", ".odp", ".epub"])
def test_xml_entity_expansion_is_refused_by_name(tmp_path: Path, suffix: str) -> None:
    plain = BUILDERS[suffix](tmp_path / f"plain{suffix}")
    path = with_every_xml_part(plain, tmp_path / f"laughs{suffix}", declare_entities)
    with pytest.raises(DocumentError, match="uses XML entity expansion") as info:
        open_document(path)
    assert "refuses for safety" in info.value.message and info.value.path == path


def test_absurdly_deep_xml_is_refused_by_name(tmp_path: Path) -> None:
    plain = build.docx_file(tmp_path / "plain.docx")
    deep = b"<w:customXml>" * 300 + b"</w:customXml>" * 300
    path = with_body_prefix(plain, tmp_path / "deep.docx", deep)
    with pytest.raises(DocumentError, match="nests elements more than 256 levels deep") as info:
        open_document(path)
    assert "word/document.xml" in info.value.message and info.value.path == path


def test_a_part_that_inflates_like_a_zip_bomb_is_refused_before_it_is_parsed(
    tmp_path: Path,
) -> None:
    """240 MB of empty elements in a 350 KB .docx took 5.6 GB to parse, and two such parts
    were called "damaged" once memory ran out (an outside review). A part that unpacks to
    tens of megabytes from a hundredth of that is refused first."""
    plain = build.docx_file(tmp_path / "plain.docx")
    bomb = with_body_prefix(plain, tmp_path / "bomb.docx", b"<w:x/>" * 6_000_000)
    assert bomb.stat().st_size < 200_000
    with pytest.raises(DocumentError, match=r"unpacks to 3\d MB from \d+ KB") as info:
        open_document(bomb)
    assert "word/document.xml" in info.value.message and "memory" in info.value.hint
    assert info.value.message_id == "document.too_large_inside"


def test_a_part_longer_than_any_paragraph_is_refused_by_name(tmp_path: Path) -> None:
    """A 20 MB one-line subtitle took 1.4 GB and minutes; one of 150 MB ended the process
    on a failed allocation, without a word."""
    from engine.documents.registry import MAX_UNIT_CHARS

    path = tmp_path / "huge.srt"
    path.write_text(
        "1\n00:00:01,000 --> 00:00:02,000\n" + "a" * (MAX_UNIT_CHARS + 1) + "\n", "utf-8"
    )
    with pytest.raises(DocumentError, match="characters long without a break") as info:
        open_document(path)
    assert info.value.message_id == "document.unit_too_long" and info.value.path == path


def test_the_elements_of_all_parts_are_bounded_whatever_they_compress_to(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bomb padded with 1 % of random text compresses only 84 times, under the ratio
    check; several parts of a few megabytes each are under its size: the elements the parts
    hold together are counted before any is parsed."""
    from engine.documents import package

    monkeypatch.setattr(package, "MAX_ELEMENTS", 50_000)
    plain = build.docx_file(tmp_path / "plain.docx")
    open_document(plain)  # (a real document is far under it)
    padded = with_body_prefix(plain, tmp_path / "padded.docx", b"<w:x/>" * 60_000)
    with pytest.raises(DocumentError, match="more than 50,000 XML elements") as info:
        open_document(padded)
    assert info.value.message_id == "document.too_large_inside"


def test_a_part_parsed_again_is_counted_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A workbook is parsed again when its translation is written: counted twice, one near
    the bound was refused after all its work was done."""
    from engine.documents import package

    plain = build.docx_file(tmp_path / "plain.docx")
    parts = package.Package(plain, plain.read_bytes(), "Word document", "Word")
    parts.xml("word/document.xml")
    once = sum(parts.elements.values())
    monkeypatch.setattr(package, "MAX_ELEMENTS", once)
    for _ in range(3):
        parts.xml("word/document.xml")
    assert sum(parts.elements.values()) == once


def test_a_zip_holding_two_entries_of_one_name_is_refused_as_damaged(tmp_path: Path) -> None:
    """A .docx holding word/document.xml twice (a tool that appended instead of replacing)
    was read by the last and written with zipfile's "Duplicate name" warning, two document
    parts in the output (Word reads the first); now it is refused on opening, as damaged,
    naming the entry."""
    source = Path(__file__).parent / "data" / "office" / "chart.docx"
    path = tmp_path / "twice.docx"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(path, "w") as out:
        parts = [(info, zin.read(info)) for info in zin.infolist()]
        for info, data in parts:
            out.writestr(info, data)
        again = next(d for i, d in parts if i.filename == "word/document.xml")
        with pytest.warns(UserWarning, match="Duplicate name"):
            out.writestr("word/document.xml", again.replace(b"<w:t>", b"<w:t>Other ", 1))
    with pytest.raises(DocumentError, match=r"two entries named word/document\.xml") as caught:
        open_document(path)
    assert caught.value.message_id == "document.damaged" and caught.value.path == path
    assert "repair it in Word or LibreOffice" in str(caught.value.hint)


def test_a_zip_whose_list_of_files_is_broken_is_damaged_not_cut_short(tmp_path: Path) -> None:
    """Apache POI's fuzzed .docx ends with the zip's whole end record, but the list of files
    it points to is not there ("Bad magic number for central directory"): it was said to be
    cut short, "as a download or copy that did not finish", which it is not; now damaged,
    to repair. A file that ends before its list, as a download that stopped, is cut short
    still, in every package (a Word document and a presentation of LibreOffice's)."""
    office = Path(__file__).parent / "data" / "office"
    fuzzed = office / "clusterfuzz-POIXWPFFuzzer-4791943399604224.docx"
    with pytest.raises(DocumentError) as caught:
        open_document(fuzzed)
    assert caught.value.message_id == "document.damaged" and caught.value.path == fuzzed
    assert "damaged: its list of files (the zip's central directory) is broken" in str(
        caught.value.message
    )
    assert "repair it in Word or LibreOffice" in str(caught.value.hint)
    alt = Path(__file__).parent / "data" / "alt"
    for source in (office / "HelloWordOnline.docx", alt / "libreoffice.pptx"):
        whole = source.read_bytes()
        for cut in (len(whole) // 2, len(whole) - 10):  # (in the list, in its end record)
            path = tmp_path / source.name
            path.write_bytes(whole[:cut])
            with pytest.raises(DocumentError) as caught:
                open_document(path)
            assert caught.value.message_id == "document.cut_short", (source.name, cut)
            assert "is cut short" in caught.value.message
