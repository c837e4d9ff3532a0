"""PDFs as their producers wrote them (tests/data/pdf/, see its README.md): page numbers and
running heads kept out of the body, paragraphs a page or column break cut read whole, words
a line's end broke mended, ligatures, rotated pages, list items, and what a PDF without
readable text is told."""

from __future__ import annotations

import io
import logging
import zipfile
from pathlib import Path

import pytest

from engine.documents import open_document
from engine.documents.errors import DocumentError
from engine.documents.extraction import extract
from tests.fixtures import documents as build

DATA = Path(__file__).parent / "data" / "pdf"


def test_a_paragraph_runs_on_past_its_pages_numbers() -> None:
    """pdflatex's four pages of one paragraph, each page numbered at its foot: the number
    "1" ended the page, so the paragraph came back cut at every page, the numbers units of
    their own between its parts."""
    document = open_document(DATA / "pdflatex-4-pages.pdf")
    (unit,) = document.units
    assert "you will get no information. Really?" in unit.text
    assert unit.page == 1 and unit.read
    assert not any(u.text.strip().isdigit() for u in document.units)
    assert [n.message_id for n in document.notes] == ["document.pdf_running"]


def test_running_heads_and_feet_are_translated_once_as_the_docxs_header_and_footer() -> None:
    """LibreOffice's PDF of apache/poi's SimpleHeadThreeColFoot.docx: its header and its
    three footers were body text on both pages, translated twice; now each is one unit,
    not read by summarize, written as the .docx's header and footer (the body without them)."""
    import docx

    document = open_document(DATA / "SimpleHeadThreeColFoot.pdf")
    heads = ["I am some simple header text here", "Footer Left", "Footer Middle", "Footer Right"]
    assert [u.text for u in document.units if not u.read] == heads
    body = [u.text for u in document.units if u.read]
    assert body == [
        "This is a sample word document. It has two pages. It has a simple heading, and a "
        "three column footer",
        "HEADING TEXT",
        "More on page one",
        "End of page 1",
        "This is page two. It also has a simple heading, and a three column footer.",
    ]
    translations = [u.text.upper() for u in document.units]
    written = docx.Document(io.BytesIO(document.write(translations)))
    assert [p.text for p in written.paragraphs] == [t.upper() for t in body]
    section = written.sections[0]
    assert [p.text for p in section.header.paragraphs] == [heads[0].upper()]
    assert [p.text for p in section.footer.paragraphs] == [h.upper() for h in heads[1:]]
    assert [p.paragraph_format.page_break_before for p in written.paragraphs] == [
        None, None, None, None, True,
    ]  # fmt: skip
    bilingual = docx.Document(io.BytesIO(document.write(translations, bilingual=True)))
    assert [p.text for p in bilingual.sections[0].header.paragraphs] == [
        heads[0], heads[0].upper(),
    ]  # fmt: skip
    # The .txt has each once, where it first stood; summarize reads the body alone.
    text = document.write(translations, ".txt").decode()
    assert text.count("FOOTER LEFT") == 1 and text.startswith("I AM SOME SIMPLE HEADER")
    assert "Footer" not in extract(DATA / "SimpleHeadThreeColFoot.pdf").text


def test_a_paragraph_a_column_break_cut_is_read_whole_and_broken_words_mended() -> None:
    """pdflatex's two-column Lorem Ipsum (py-pdf's multicolumn.pdf): a paragraph that goes on
    at the next column's top came back in two units ("…Donec nonummy" / "pellentesque
    ante…"), words broken at a line's end kept their hyphen ("adip-iscing", "sollic-itudin")
    and ligatures reached the model as such ("ﬁlled", "Oﬃcial")."""
    from engine.documents.pdf import BROKEN

    units = [u.text for u in open_document(DATA / "multicolumn.pdf").units]
    text = " ".join(units)
    assert "Donec nonummy pellentesque ante. Phasellus" in text
    assert not any(u.startswith("pellentesque ante") for u in units)
    assert "consectetuer adipiscing elit" in units[5] and "sollicitudin vel" in text
    assert "-" not in text.replace("Two-Column", "")  # (every hyphen was a line's end's)
    assert BROKEN not in text
    assert "columns filled with" in text and "Official Language" in text
    assert not any("\ufb00" <= c <= "\ufb06" for c in text)
    assert units[-1] == "Czech Danish Finnish, Swedish"  # (its page number "3" left out)


def test_a_word_broken_at_a_lines_end_keeps_the_hyphen_the_document_gives_it() -> None:
    from engine.documents.pdf import BROKEN, _mend_hyphens

    words = [
        f"a client{BROKEN}side script, client-side code",  # hyphenated elsewhere: kept
        f"com{BROKEN}pile, then compile",  # whole elsewhere: joined
        f"an inter{BROKEN}preter",  # not elsewhere, goes on small: joined
        f"the Anglo{BROKEN}Saxon world",  # a capital after it: kept
        f"in 2009{BROKEN}2010",
    ]
    assert _mend_hyphens(words) == [
        "a client-side script, client-side code",
        "compile, then compile",
        "an interpreter",
        "the Anglo-Saxon world",
        "in 2009-2010",
    ]


def test_ligatures_presentation_forms_and_latexs_accents_are_letters() -> None:
    from engine.documents.pdf import _letters

    assert _letters("di\ufb03cult \ufb02ow") == "difficult flow"
    assert _letters("na\u00a8\u0131ve \u00b4etude voil`a") == "naïve étude voilà"
    assert _letters("`echo` ~user 2\u00b4") == "`echo` ~user 2\u00b4"  # (no letter after)
    assert _letters("\ufe8d\ufedf\ufecc\ufeae\ufe91\ufef4\ufe94") == "العربية"


def test_a_page_whose_font_has_no_character_map_is_named_in_a_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """pdf.js' TAMReview.pdf: pages 2-23, in a font without a map to characters, came back
    with nothing but their footer, and nothing said so; the note names them, and summarize
    says it too."""
    from engine.cli.main import main

    path = tmp_path / "review.pdf"
    path.write_bytes(build.pdf_partly_without_unicode())
    document = open_document(path)
    assert [u.text for u in document.units] == ["The first page can be read."]
    (note,) = document.notes
    assert note.message_id == "document.pdf_unreadable_pages"
    assert "page 2 has no readable text" in note.text and "OCR" in note.text
    assert extract(path).notes == (note.text,)
    main(["summarize", str(path), "--model", "no-such-model"])  # (refused: the note is first)
    assert "page 2 has no readable text" in capsys.readouterr().err


def test_a_pdf_without_text_is_told_what_it_holds(tmp_path: Path) -> None:
    """pdf.js' textfields.pdf, a form and nothing else, was called a scan to OCR."""
    with pytest.raises(DocumentError, match="no text but its form's fields") as caught:
        open_document(DATA / "textfields.pdf")
    assert caught.value.message_id == "document.pdf_form_only"


def test_a_pdf_that_asks_not_to_be_copied_is_read_without_pdfminers_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """pdfminer logged "The PDF <_io.BytesIO object at 0x…> contains a metadata field
    indicating that it should not allow text extraction…" on stderr; now a note says it."""
    import pypdf

    from engine.documents.pdf import read

    writer = pypdf.PdfWriter(clone_from=io.BytesIO(build.pdf_bytes(1)))
    # No password to open it; printing allowed, copying not (as a publisher sets it).
    writer.encrypt("", "owner", permissions_flag=pypdf.constants.UserAccessPermissions.PRINT)
    out = io.BytesIO()
    writer.write(out)
    with caplog.at_level(logging.WARNING):
        document = read(out.getvalue(), Path("restricted.pdf"))
    assert document.units and not caplog.records
    assert [n.message_id for n in document.notes] == ["document.pdf_restricted"]


def test_a_rotated_page_is_read_in_lines_not_letter_by_letter() -> None:
    """pdf.js' hello_world_rotated.pdf: five pages, each turned by /Rotate, with "Hello
    world" drawn upright on the paper, came back "H e" / "l l" / "o w o r l d"."""
    units = open_document(DATA / "hello_world_rotated.pdf").units
    assert [(u.page, u.text) for u in units] == [(n, "Hello world") for n in range(1, 6)]


def test_list_items_are_a_unit_each() -> None:
    """LibreOffice's PDF of apache/poi's ComplexNumberedLists.docx: short items ran into one
    unit ("a. 2-a b. 2-b c. 2-c 3. Entry #3 4. Entry #4")."""
    units = [u.text for u in open_document(DATA / "ComplexNumberedLists.pdf").units]
    assert units == [
        "This is a document with numbered lists",
        "1. Entry #1",
        "2. Entry #2, with children",
        "a. 2-a",
        "b. 2-b",
        "c. 2-c",
        "3. Entry #3",
        "4. Entry #4",
        "1. Restarted to 1 from 5",
        "2. Restarted @ 2",
        "3. Restarted @ 3",
        "10.Jump to new list at 10",
        "11.Now 11",
        "Normal text here",
        "12.Carrying on @ 12",
        "13.Carrying on @ 13",
        "All done!",
    ]


def test_the_docx_of_a_pdf_with_running_heads_opens_as_a_zip_of_its_parts() -> None:
    document = open_document(DATA / "SimpleHeadThreeColFoot.pdf")
    data = document.write([u.text for u in document.units])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
    assert any(n.startswith("word/header") for n in names)
    assert any(n.startswith("word/footer") for n in names)


def test_a_chapters_running_title_stays_where_it_first_stood() -> None:
    """A book's running heads: its title on every page goes to the .docx's header; a
    chapter's, on two pages of six, stays in the body where it first stood (a header of
    every chapter's title would stand on every page)."""
    from engine.documents.pdf import _Block, _units

    body = ["", "One.", "Two.", "Three.", "Four.", "Five.", "Six."]
    pages = [
        [
            _Block(f"page{n}#p1", "Free Culture", n, 800, 790, 10),
            _Block(f"page{n}#p2", ["Piracy", "Property", "Freedom"][(n - 1) // 2], n, 780, 770, 10),
            _Block(f"page{n}#p3", body[n], n, 700, 100, 10),
            _Block(f"page{n}#p4", f"{n}", n, 50, 40, 10),
        ]
        for n in range(1, 7)
    ]
    units, sides, kept_out = _units(pages)
    heads = [(u.text, sides.get(k)) for k, u in enumerate(units) if not u.read]
    assert heads == [
        ("Free Culture", "header"), ("Piracy", None), ("Property", None), ("Freedom", None),
    ]  # fmt: skip
    assert [u.text for u in units if u.read] == body[1:]
    assert kept_out == 18
