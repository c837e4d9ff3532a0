"""Right-to-left text in PDFs: LibreOffice draws each run of a Hebrew or Arabic line on its
own, from the right, and pdfminer alone read them as reversed fragments in separate units.
Each paragraph now comes back whole and in reading order, with its numbers and Latin words."""

from __future__ import annotations

import io
import unicodedata
import zipfile
from pathlib import Path

from hypothesis import assume, given
from hypothesis import strategies as st
from lxml import etree

from engine.documents import open_document
from engine.documents.base import Unit
from engine.documents.pdf import PdfDocument
from engine.text.bidi import has_rtl, logical
from tests.fixtures import producers

RTL_PDF = Path(__file__).parent / "data" / "rtl" / "libreoffice.pdf"
NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}


def nfc(text: str) -> str:
    """(A letter's marks may come back in another order of the same meaning: compared in
    Unicode's canonical form.)"""
    return unicodedata.normalize("NFC", text)


def test_libreoffice_pdf_paragraphs_come_back_in_reading_order() -> None:
    units = open_document(RTL_PDF).units
    assert [nfc(u.text) for u in units] == [nfc(p) for p in producers.RTL_PARAGRAPHS]
    assert {u.page for u in units} == {1}


def test_a_right_to_left_line_is_read_from_the_right() -> None:
    # As it stands on the page, left to right: the Hebrew reversed, "Quire" and "2024" not.
    assert logical("3 הסרג 2024 תנשל Quire לש חודה") == "הדוח של Quire לשנת 2024 גרסה 3"
    assert logical(".ةيناثلا ةلمجلا") == "الجملة الثانية."


def test_a_glyph_of_several_letters_is_turned_whole() -> None:
    # "ولا" drawn left to right: the lam-alef glyph (its text "لا", in reading order), then "و".
    assert logical(["لا", "و"]) == "ولا"
    # Turned character by character, the glyph's own two letters would swap.
    assert logical("لاو") == "وال"


def test_a_left_to_right_line_turns_only_its_right_to_left_words() -> None:
    assert logical("The word םכילע םולש means peace.") == "The word שלום עליכם means peace."
    assert logical("Version 2024 stays") == "Version 2024 stays"
    assert not has_rtl("Version 2024") and has_rtl("שלום")


_HEBREW = st.text(alphabet=st.sampled_from(list("אבגדהוזחטיכלמנסעפצקרשת ")), min_size=1)


@given(_HEBREW)
def test_hebrew_alone_is_its_mirror_image(text: str) -> None:
    assert logical(text[::-1]) == text


@given(_HEBREW, st.from_regex(r"[A-Za-z]{2,8}( [A-Za-z]{2,8})?|[0-9]{1,6}", fullmatch=True))
def test_a_latin_word_or_number_inside_hebrew_keeps_its_order(hebrew: str, kept: str) -> None:
    # Written: hebrew, space, the word, space, hebrew again (more Hebrew than Latin letters).
    before, after = f"{hebrew}א", f"ב{hebrew}"
    latin = sum(c.isascii() and c.isalpha() for c in kept)
    assume(latin < len((before + after).replace(" ", "")))
    written = f"{before} {kept} {after}"
    drawn = f"{after[::-1]} {kept} {before[::-1]}"
    assert logical(drawn) == written


def test_right_to_left_paragraphs_are_written_right_to_left_in_docx() -> None:
    document = open_document(RTL_PDF)
    data = document.write([u.text for u in document.units], ".docx", bilingual=True)
    body = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    marked = {
        nfc("".join(p.itertext())): p.find("w:pPr/w:bidi", NS) is not None
        for p in body.iter(f"{{{NS['w']}}}p")
    }
    assert marked == {nfc(t): not t.startswith("The") for t in producers.RTL_PARAGRAPHS}


def test_a_page_break_and_the_direction_are_in_the_schema_order() -> None:
    # Word refuses a w:pPr whose children are out of the schema's order.
    units = [Unit("page1#p1", "שלום", page=1), Unit("page2#p1", "שלום עולם", page=2)]
    data = PdfDocument(Path("x.pdf"), units).write(["שלום", "שלום עולם"], ".docx")
    body = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    second = list(body.iter(f"{{{NS['w']}}}pPr"))[1]
    assert [etree.QName(e).localname for e in second] == ["pageBreakBefore", "bidi"]
    runs = list(body.iter(f"{{{NS['w']}}}rPr"))
    assert runs and all(r.find("w:rtl", NS) is not None for r in runs)


def test_every_right_to_left_letter_is_found_in_latin_text() -> None:
    """has_rtl asks only the characters from Hebrew's block on (a PDF's every glyph is
    asked): each letter Unicode writes from the right is still found, alone or in Latin."""
    letters = [
        chr(code) for code in range(0x110000) if unicodedata.bidirectional(chr(code)) in ("R", "AL")
    ]
    assert min(letters) >= "\u0590"
    assert all(has_rtl(f"plain text {letter} more") for letter in letters)
    assert not has_rtl("".join(chr(code) for code in range(0x590)))
