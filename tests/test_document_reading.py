"""What summarize, ask and classify read of a document: its text, not what translation covers
beside it. An outside review found classify reading a page's metadata and labels instead of
its body, a deck's SmartArt twice with its reviewers' comments, a chart's category labels once
per series, and a workbook's formula outputs ("Yes" and "No" on every row)."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from engine.documents import open_document
from engine.documents.extraction import extract
from tests.test_document_slides import (
    STEPS,
    add_comments,
    add_sections,
    add_smartart,
    chart_deck,
    edited,
)


def read_and_translated(path: Path) -> tuple[str, list[str]]:
    return extract(path).text, [u.text for u in open_document(path).units]


def test_a_decks_diagram_is_read_once_and_its_comments_labels_and_sections_not(
    tmp_path: Path,
) -> None:
    deck = edited(edited(edited(chart_deck(tmp_path / "d.pptx"), add_smartart), add_comments),
                  add_sections)  # fmt: skip
    read, translated = read_and_translated(deck)
    for step in STEPS:
        assert translated.count(step) == 2  # (the diagram's data and its drawing)
        assert read.count(step) == 1
    for label in ("Online shop", "North region", "Introduction"):
        assert label in translated and label not in read
    comments = [t for t in translated if t not in read and t not in STEPS]
    assert any("?" in t or "." in t for t in comments)  # (a reviewer's sentence, translated)


def test_a_workbooks_formula_outputs_and_headers_are_translated_not_read(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Region", "Target met"])
    sheet.append(["North region", '=IF(B3>0,"Yes","No")'])
    sheet.oddHeader.center.text = "Confidential report"
    book.save(tmp_path / "b.xlsx")
    read, translated = read_and_translated(tmp_path / "b.xlsx")
    assert {"Yes", "No", "Confidential report"} <= set(translated)
    assert read.split("\n\n") == ["Region", "Target met", "North region"]


def test_a_pages_metadata_and_labels_are_translated_not_read(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text(
        '<html lang="en"><head><title>Solar panels</title>'
        '<meta name="description" content="How farms cut energy costs.">'
        '<meta property="og:title" content="Solar panels"></head><body>'
        '<button aria-label="Close the menu">×</button><input placeholder="Search articles">'
        '<p>Farms cut energy costs <img src="a.png" alt="A barn roof"> with panels.</p>'
        "</body></html>",
        encoding="utf-8",
    )
    read, translated = read_and_translated(page)
    for label in ("How farms cut energy costs.", "Close the menu", "Search articles"):
        assert label in translated and label not in read
    assert "Solar panels" in read and read.count("Solar panels") == 1
    assert "A barn roof" in read  # (a picture's words are the page's, as before)
    note = tmp_path / "n.md"
    note.write_text(
        "---\ntitle: Weather\ndescription: A page about weather.\n---\n\nIt rains.\n",
        encoding="utf-8",
    )
    read, translated = read_and_translated(note)
    assert "A page about weather." in translated and read == "It rains."


def test_a_document_with_nothing_to_read_is_refused_not_read_as_empty(tmp_path: Path) -> None:
    """A review found classify scoring an empty text, "read": 1.0, for a sheet whose words
    are all what formulas give: refused, as summarize and ask refused it, with the reason."""
    import pytest

    from engine.documents.errors import DocumentError

    book = openpyxl.Workbook()
    book.active["A1"] = '=IF(1>0,"Passed the final exam","Failed the final exam")'
    book.save(tmp_path / "f.xlsx")
    with pytest.raises(DocumentError, match="no text to read") as refused:
        extract(tmp_path / "f.xlsx")
    assert refused.value.message_id == "document.no_text"


def test_a_books_pages_are_read_and_its_contents_and_package_not() -> None:
    """Summarize an EPUB read nothing ("no text to read": every block was taken for a label);
    a book is its pages' text, not each page's <title> (pandoc's "ch001.xhtml"), the
    contents' labels (nav, NCX) or the package's title."""
    data = Path(__file__).parent / "data" / "producers"
    for name in ("pandoc.epub", "libreoffice.epub"):
        read, translated = read_and_translated(data / name)
        assert read.count("The quarterly report is ready.") == 1
        assert "The last paragraph ends the report." in read
        assert "ch001.xhtml" not in read and "Title Page" not in read
        assert read.count("The quarterly report") < translated.count("The quarterly report")
