"""PDFs as their producers wrote them (tests/data/pdf/, see its README.md): page numbers and
running heads kept out of the body, paragraphs a page or column break cut read whole, words
a line's end broke mended, ligatures, rotated pages, list items, and what a PDF without
readable text is told."""

from __future__ import annotations

import io
import logging
import random
import zipfile
from pathlib import Path

import pytest

from engine.documents import open_document
from engine.documents.base import Document
from engine.documents.errors import DocumentError
from engine.documents.extraction import extract
from engine.documents.pdf import PdfDocument
from tests.fixtures import documents as build

DATA = Path(__file__).parent / "data" / "pdf"


def _running(document: Document) -> dict[int, str]:
    """A PDF's running heads and feet among its units, by index."""
    assert isinstance(document, PdfDocument)
    return document.running


def test_a_paragraph_runs_on_past_its_pages_numbers() -> None:
    """pdflatex's four pages of one paragraph, each page numbered at its foot: the number
    "1" ended the page, so the paragraph came back cut at every page, the numbers units of
    their own between its parts."""
    document = open_document(DATA / "pdflatex-4-pages.pdf")
    (unit,) = document.units
    assert "you will get no information. Really?" in unit.text
    assert unit.page == 1 and unit.read
    assert not any(u.text.strip().isdigit() for u in document.units)
    (note,) = document.notes
    assert note.message_id == "document.pdf_page_numbers"
    assert note.text == (
        "pdflatex-4-pages.pdf: 4 page numbers left out (the translation's pages are not the PDF's)"
    )


def test_running_heads_and_feet_are_translated_once_as_the_docxs_header_and_footer() -> None:
    """LibreOffice's PDF of a six-page report (tools/make_pdf_fixtures.py): its header is one
    unit, not read by summarize, written as the .docx's header; its footer's "Page N" is left
    out; every other line is body wherever it stands. The first rules dropped every line at a
    page's top or foot whose words came back with other digits ("Chapter 3", "Section 3.1",
    "Figure 3: …", the table's "Total 307", the address at the foot) and wrote the table's
    column heads as the .docx's footer."""
    import docx

    document = open_document(DATA / "report.pdf")
    assert [u.text for u in document.units if not u.read] == ["ACME Corp. Annual Report"]
    assert _running(document) == {0: "header"}
    body = [u.text for u in document.units if u.read]
    for n in range(1, 7):
        for line in (f"Chapter {n}", f"Section {n}.1", f"Figure {n}: Cases per month in region {n}",
                     f"Ms. Jane Doe, {10 + n} Main Street, Springfield", f"{n}07"):  # fmt: skip
            assert line in body, line
    assert body.count("Month") == 6 and body.count("Total") == 6
    assert not any(u.text.startswith("Page") for u in document.units)
    assert [n.text for n in document.notes] == [
        "report.pdf: 6 page numbers left out (the translation's pages are not the PDF's)",
        "report.pdf: running heads/feet: 'ACME Corp. Annual Report' (translated once as the "
        ".docx's header/footer)",
    ]
    translations = [u.text.upper() for u in document.units]
    written = docx.Document(io.BytesIO(document.write(translations)))
    assert [p.text for p in written.paragraphs] == [t.upper() for t in body]
    section = written.sections[0]
    assert [p.text for p in section.header.paragraphs] == ["ACME CORP. ANNUAL REPORT"]
    assert [p.text for p in section.footer.paragraphs] == [""]
    bilingual = docx.Document(io.BytesIO(document.write(translations, bilingual=True)))
    assert [p.text for p in bilingual.sections[0].header.paragraphs] == [
        "ACME Corp. Annual Report", "ACME CORP. ANNUAL REPORT",
    ]  # fmt: skip
    # The .txt has it once, where it first stood; summarize reads the body alone.
    text = document.write(translations, ".txt").decode()
    assert text.count("ACME CORP") == 1 and text.startswith("ACME CORP. ANNUAL REPORT")
    assert "ACME" not in extract(DATA / "report.pdf").text


def test_two_pages_are_too_few_to_tell_a_running_head() -> None:
    """LibreOffice's PDF of apache/poi's SimpleHeadThreeColFoot.docx: a header and three
    footers on two pages; a running head stands on three pages at least, so they are
    body where they stand, as every other line."""
    document = open_document(DATA / "SimpleHeadThreeColFoot.pdf")
    units = [(u.page, u.text) for u in document.units]
    assert units.count((1, "Footer Left")) == units.count((2, "Footer Left")) == 1
    assert all(u.read for u in document.units) and not _running(document)


def test_a_sentence_a_page_break_cuts_goes_on_in_the_body_only() -> None:
    """The report's page 3 ends with a numbered heading ("4.2 Results for each entity
    mapping") and page 4 with a sentence cut before a line of code in Courier; each was run
    into what starts the next page with a small letter, and the address at page 3's foot
    with what follows the heading."""
    body = [u.text for u in open_document(DATA / "report.pdf").units if u.read]
    for alone in (
        "4.2 Results for each entity mapping",
        "for each entity pair, the score is the sum of its parts.",
        "The rest of the program runs under the old rule",
        "static int indicate_policy(void) {",
        "Ms. Jane Doe, 13 Main Street, Springfield",
    ):
        assert alone in body, alone


def test_a_hyphen_word_and_libreoffice_put_at_a_lines_end_is_kept() -> None:
    """Word and LibreOffice break no word unless told to: the report's "non-profit",
    "up-to-date" and "tax-exempt" broken at a line's end came back "nonprofit", "upto-date"
    and "taxexempt"; now every paragraph is the Word document's own."""
    body = " ".join(u.text for u in open_document(DATA / "report.pdf").units)
    for word in ["non-profit", "short-lived", "state-owned", "up-to-date", "tax-exempt"]:
        assert word in body and word.replace("-", "", 1) not in body, word


def test_slides_titles_going_on_over_slides_are_each_slides() -> None:
    """Impress's PDF of five slides, three titled "The sparse data problem": the title
    stood only on the first (not even read by summarize), as a running head would."""
    document = open_document(DATA / "slides.pdf")
    titles = [(u.page, u.read) for u in document.units if u.text == "The sparse data problem"]
    assert titles == [(2, True), (3, True), (4, True)]
    assert not _running(document) and not document.notes


def test_an_accent_drawn_after_its_letter_is_on_that_letter() -> None:
    """Page 5 of the Federal Register of 6 August 2020 (iText, cut out with pypdf): its
    accents are glyphs of their own drawn after their letter ("Aviac¸a˜o", "Ageˆncia"), and
    the tilde was put on the "o" after it ("Aviac¸aõ"); now each is on the letter its box
    overlaps."""
    text = " ".join(u.text for u in open_document(DATA / "federal-register-p5.pdf").units)
    assert "Agência Nacional de Aviação Civil" in " ".join(text.split())
    assert not any(accent in text for accent in "\u00b8\u02dc\u02c6")


def test_a_pdf_whose_pages_do_not_decompress_is_called_damaged(tmp_path: Path) -> None:
    """pdfminer reads a content stream that does not decompress as empty, without a word
    (pdfminer.six's samples/scancode/patchelf.pdf): it was said to have no text."""
    import re

    damaged = (DATA / "slides.pdf").read_bytes()
    for number in re.findall(rb"/Contents (\d+) 0 R", damaged):
        start = damaged.index(b"stream\n", damaged.index(b"\n%s 0 obj" % number)) + 7
        damaged = damaged[:start] + b"\x00" * 20 + damaged[start + 20 :]
    path = tmp_path / "damaged.pdf"
    path.write_bytes(damaged)
    with pytest.raises(DocumentError, match="do not decompress") as caught:
        open_document(path)
    assert caught.value.message_id == "document.pdf_damaged"


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
    from engine.documents.pdf import BROKEN, mend_hyphens

    words = [
        f"a client{BROKEN}side script, client-side code",  # hyphenated elsewhere: kept
        f"com{BROKEN}pile, then compile",  # whole elsewhere: joined
        f"an inter{BROKEN}preter",  # not elsewhere, goes on small: TeX's break
        f"self{BROKEN}replications",  # a prefix: kept
        f"e{BROKEN}mail, a web{BROKEN}site: https://example.com/website",
        f"the Anglo{BROKEN}Saxon world",  # a capital after it: kept
        f"in 2009{BROKEN}2010",
    ]
    assert mend_hyphens(words, hyphenated=True) == [
        "a client-side script, client-side code",
        "compile, then compile",
        "an interpreter",
        "self-replications",
        "e-mail, a website: https://example.com/website",
        "the Anglo-Saxon world",
        "in 2009-2010",
    ]
    # Word and LibreOffice break no word: a hyphen not seen whole elsewhere is the word's.
    assert mend_hyphens(words)[1:5] == [
        "compile, then compile",
        "an inter-preter",
        "self-replications",
        "e-mail, a web-site: https://example.com/website",  # (not seen in a web address)
    ]


def test_ligatures_and_presentation_forms_are_letters() -> None:
    from engine.documents.pdf import _letters

    assert _letters("di\ufb03cult \ufb02ow") == "difficult flow"
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


def test_a_lists_first_and_last_items_are_apart_from_the_paragraphs_around() -> None:
    """Page 2 of the IRS's instructions for Form 1040-NR (Acrobat Distiller): the list's
    last item ran into the note after it ("…a charitable sports event. Note. Alien
    individuals…": the item's last line is nearly full, and the note stands a paragraph's
    space below it), and its first into the line that introduces it ("…who is a: •
    Foreign government-related individual,")."""
    units = [u.text for u in open_document(DATA / "i1040nr-p2.pdf").units]
    at = units.index("• Teacher or trainee,")
    assert units[at - 2 : at + 4] == [
        "purposes, an exempt individual is generally an individual who is a:",
        "• Foreign government-related individual,",
        "• Teacher or trainee,",
        "• Student, or",
        "• Professional athlete who is temporarily in the United States to compete in a "
        "charitable sports event.",
        "Note. Alien individuals with “Q” visas are treated as either students, teachers, or "
        "trainees and, as such, are exempt individuals for purposes of the substantial presence "
        "test if they otherwise qualify. “Q” visas are issued to aliens participating in certain "
        "international cultural exchange programs.",
    ]


def test_the_docx_of_a_pdf_with_running_heads_opens_as_a_zip_of_its_parts() -> None:
    document = open_document(DATA / "report.pdf")
    data = document.write([u.text for u in document.units])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
    assert any(n.startswith("word/header") for n in names)


def test_a_chapters_title_atop_a_few_pages_is_body_where_it_stands() -> None:
    """A book's running heads: its title atop every page goes to the .docx's header; a
    chapter's, atop two pages of six, is body on each (a heuristic not sure keeps the text);
    a number at the foot that follows the pages is left out."""
    from engine.documents.pdf import _Block, _Frame, _units

    body = ["", "One.", "Two.", "Three.", "Four.", "Five.", "Six."]
    chapters = ["Piracy", "Property", "Freedom"]
    pages = [
        [
            _Block(f"page{n}#p1", "Free Culture", n, 800, 790, 10, left=72),
            _Block(f"page{n}#p2", chapters[(n - 1) // 2], n, 780, 770, 10, left=72),
            _Block(f"page{n}#p3", body[n], n, 700, 100, 10, left=72),
            _Block(f"page{n}#p4", f"{n + 10}", n, 50, 40, 10, left=300),
        ]
        for n in range(1, 7)
    ]
    units, sides, numbers, heads = _units(pages, [_Frame(0, 0, 612, 842)] * 6)
    assert [(u.text, sides.get(k)) for k, u in enumerate(units) if not u.read] == [
        ("Free Culture", "header")
    ]
    assert [u.text for u in units if u.read] == [
        t for n in range(1, 7) for t in (chapters[(n - 1) // 2], body[n])
    ]
    assert (numbers, heads) == (6, ["Free Culture"])


def test_a_foot_on_pages_that_have_nothing_else_readable_is_still_a_running_foot() -> None:
    """pdf.js' TAMReview.pdf: pages 2-22 have no readable text but their foot ("Sprouts -
    http://…"), which is a running foot all the same, translated once."""
    from engine.documents.pdf import _Block, _Frame, _units

    foot = "Sprouts - http://sprouts.aisnet.org/9-37"
    pages = [
        [_Block(f"page{n}#p1", foot, n, 60, 50, 10, left=72)]
        + ([_Block("page1#p2", "The review.", 1, 700, 100, 10, left=72)] if n == 1 else [])
        for n in range(1, 6)
    ]
    units, sides, _, heads = _units(pages, [_Frame(0, 0, 612, 842)] * 5)
    assert [u.text for u in units] == [foot, "The review."] and sides == {0: "footer"}
    assert heads == [foot]


def test_text_drawn_inside_a_figure_is_read() -> None:
    """Unstructured's negative-coords.pdf (PDFium): the page's letter is drawn inside a form
    XObject, and only the running head outside it came back; the letter is read, after the
    page's own text."""
    texts = [u.text for u in open_document(DATA / "negative-coords.pdf").units]
    assert texts[:2] == [
        "Introduction Climate Change Resources Smarter Chemistry Engagement Appendix",
        "2022 Environmental Progress Report 104",
    ]
    assert (
        "All questions raised in the course of the review were answered by Apple and related "
        "evidence was provided where needed." in texts
    )
    assert "Reviewer Credentials and Qualification" in texts
    assert "Berlin, March 21, 2022" in texts


def test_running_heads_that_alternate_by_page_are_running_heads() -> None:
    """Unstructured's fr_olap.pdf (pdfTeX), its pages 1–7: the title heads even pages and
    "J. Aligon et al." odd ones, each on three pages, fewer than half the pages: the
    authors' head stood in the body three times and cut page 2's last paragraph
    ("…algorithme construisant" | "J. Aligon et al." | "des expressions…"). Now a head
    on half the pages of one parity is a running head: the first found is the .docx's
    header, the other is written once where it first stood."""
    import docx

    document = open_document(DATA / "fr_olap-p1-7.pdf")
    title = "Résumés et interrogations de logs de requêtes OLAP"
    heads = [
        (u.page, u.text, u.read) for u in document.units if u.text in (title, "J. Aligon et al.")
    ]
    assert heads == [(1, title, True), (2, title, False), (3, "J. Aligon et al.", False)]
    assert [document.units[n].text for n in _running(document)] == [title]
    text = " ".join(u.text for u in document.units if u.read)
    assert "nous proposons un algorithme construisant des expressions de QSL" in text
    written = docx.Document(io.BytesIO(document.write([u.text for u in document.units])))
    assert [p.text for p in written.sections[0].header.paragraphs] == [title]
    assert sum(p.text == "J. Aligon et al." for p in written.paragraphs) == 1


def test_a_books_mirrored_running_heads_with_the_pages_numbers_are_running_heads() -> None:
    """LibreOffice's PDF of a book (tools/make_pdf_fixtures.py): "2 A TOWN BY THE RIVER" heads
    the left-hand pages; the right-hand ones have each chapter's title at the left and the
    number at the right ("THE RIVER … 3", as LaTeX's books); "Review copy" stands at the
    foot's left or right: every head went to the model on every page (its words came with
    the page's number, a chapter's title stands on a few pages, and the foot stood at two
    places). Now the number is left out, the book's title is the .docx's header, each
    chapter's title (beside the number) is written once where it first stood, and the foot
    is the .docx's footer."""
    import docx

    document = open_document(DATA / "book.pdf")
    assert [(u.page, u.text) for u in document.units if not u.read] == [
        (1, "THE RIVER"), (1, "Review copy"), (2, "A TOWN BY THE RIVER"), (6, "THE ORCHARDS"),
        (11, "THE WINTER"),
    ]  # fmt: skip
    assert sorted((document.units[n].text, side) for n, side in _running(document).items()) == [
        ("A TOWN BY THE RIVER", "header"), ("Review copy", "footer"),
    ]  # fmt: skip
    body = [u.text for u in document.units if u.read]
    assert body[0] == "Chapter 1: The River" and "Chapter 3: The Winter" in body
    assert not any("RIVER" in t or "Review" in t or t[:1].isdigit() for t in body)
    assert document.notes[0].text == (
        "book.pdf: 15 page numbers left out (the translation's pages are not the PDF's)"
    )
    written = docx.Document(io.BytesIO(document.write([u.text for u in document.units])))
    assert [p.text for p in written.sections[0].header.paragraphs] == ["A TOWN BY THE RIVER"]
    assert [p.text for p in written.sections[0].footer.paragraphs] == ["Review copy"]


def test_a_tex_hyphen_before_a_word_the_document_has_on_its_own_is_kept() -> None:
    """Unstructured's multi-column.pdf (pdfTeX), its pages 1–3: "high-dimensional" broken
    at a line's end came back "highdimensional" (TeX breaks words at lines' ends, so a
    broken word was joined); now the hyphen stays where the part after it is a word the
    document has elsewhere ("d-dimensional"), and TeX's own breaks are still joined."""
    text = " ".join(u.text for u in open_document(DATA / "multi-column-p1-3.pdf").units)
    assert "high-dimensional" in text and "highdimensional" not in text
    for word in ("efficient", "Conversely", "suboptimal", "complementary", "without"):
        assert f" {word}" in text, word


def test_a_spacing_acute_before_a_words_last_s_is_an_apostrophe() -> None:
    """Unstructured's multi-column.pdf (pdfTeX), its page 13: "Norway´s", an acute typed
    for an apostrophe, came back "Norwayś" (the accent composed onto the "s"); now it is
    "Norway’s", and the page's other accents still compose ("Pål Sverre Hagen")."""
    text = " ".join(u.text for u in open_document(DATA / "multi-column-p13.pdf").units)
    assert "associated with Norway\u2019s largest daily" in text
    assert "\u015b" not in text and "\u00b4" not in text and "Pål Sverre Hagen" in text


def test_a_heading_that_counts_the_pages_contents_is_body_not_a_running_head() -> None:
    """LibreOffice's PDF of a course plan (tools/make_pdf_fixtures.py): each page begins
    with "Week N", bold at the body's size. Its number follows the pages', so "Week" was
    taken for a running head and the numbers for page numbers: the .docx's header said
    "Week" on every page and no week's number was left. A label and its number is a
    heading: each is body, where it stands."""
    document = open_document(DATA / "weeks.pdf")
    body = [u.text for u in document.units if u.read]
    assert [t for t in body if t.startswith("Week")] == [f"Week {n}" for n in range(1, 7)]
    assert _running(document) == {} and document.notes == ()


def test_bullets_that_separate_words_in_a_paragraph_do_not_cut_it_where_it_wraps() -> None:
    """LibreOffice's PDF of keywords set "river management • water quality • …" (built
    with python-docx): where the paragraph wrapped before a "•", the line that began with it
    was taken for a list's item and the sentence cut in two. A paragraph whose bullets stand
    between words keeps its lines."""
    document = open_document(DATA / "separated.pdf")
    assert [u.text.split(":")[0] for u in document.units] == ["Keywords", "Our offices"]
    assert document.units[0].text.endswith("nutrient loading • erosion control")


class _Held:
    """An object of the app's own, holding memory while a PDF is read."""


def _scattered(seed: int) -> list[object]:
    """Objects that hold memory here and there, the places between them freed: the memory a
    PDF is read in after the app has read other files."""
    rng = random.Random(seed)
    held: list[object] = [_Held() for _ in range(20_000)]
    held += [[None] * rng.randrange(1, 40) for _ in range(20_000)]
    rng.shuffle(held)
    del held[: len(held) // 2]
    return held


def test_a_pdf_is_read_in_one_order_whatever_memory_it_is_read_in() -> None:
    """GeoTopo's page 2 (pdfTeX, from py-pdf's sample files): its maths stands in boxes of
    its own, several equally far from their neighbours, and pdfminer grouped such boxes in
    the order of where Python had put them in memory (``id()``), so the same page read after
    other work gave its paragraphs in another order (four orders in ten reads); now ties go
    to the boxes in the order they were found, and every read is alike."""
    path = DATA / "GeoTopo-p2.pdf"
    first = [u.text for u in open_document(path).units]
    for seed in range(8):
        held = _scattered(seed)
        assert [u.text for u in open_document(path).units] == first, seed
        del held
    headings = ["Vorwort", "Danksagungen", "Was ist Topologie?", "Erforderliche Vorkenntnisse"]
    assert [text for text in first if text in headings] == headings  # (the page's order)


def test_a_tex_maths_symbol_in_a_sentence_stands_on_its_line() -> None:
    """GeoTopo's page 2 (pdfTeX): "Quantoren (∀, ∃), Mengenschreibweisen (∪, ∩, …)" came
    back cut into units of their own, '(M ))', '; 8', 'P', '9', ';' (TeX's maths symbols
    font says its glyphs descend almost an em, so pdfminer put their boxes below the line);
    now the sentence is one unit with its symbols in place, and the page has no unit of a
    few characters but its headings."""
    units = [u.text for u in open_document(DATA / "GeoTopo-p2.pdf").units]
    said = next(u for u in units if u.startswith("Es wird ein sicherer Umgang"))
    assert "Mengenschreibweisen (" in said and "P(M )) und ganz allgemein formaler" in said
    assert said.endswith("in „Analysis I“ vermittelt.")
    assert [u for u in units if len(u) < 12] == ["Vorwort"]


def test_glyphs_that_label_one_another_in_a_row_are_all_kept() -> None:
    """GeoTopo's page 56 (pdfTeX): two figures of asterisks set in rows, each a box of its
    own; an asterisk reads as a list's label, and one that labelled the next was then taken
    as that one's label too, its own label lost (25 of the page's 37 came back); now a line
    labelled already is an item, not another's label, and every asterisk is kept."""
    units = [u.text for u in open_document(DATA / "GeoTopo-p56.pdf").units]
    assert sum(text.count("*") for text in units) == 37
