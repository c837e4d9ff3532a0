"""Remake tests/data/pdf/ (see its README.md): PDFs copied as their producers wrote them from
checkouts of py-pdf/sample-files (CC-BY-SA-4.0) and mozilla/pdf.js (Apache-2.0), and
LibreOffice's PDFs of two Word documents from apache/poi (Apache-2.0), of a report, a book, a
course plan, keywords and slides built here with python-docx and python-pptx, and page 5 of
pdfplumber's copy of the Federal Register (a work of the U.S. Government, public domain) cut
out with pypdf, and a page PDFium drew as one figure and the first pages of two pdfTeX papers
from Unstructured-IO/unstructured (Apache-2.0), and page 2 of the IRS's instructions for Form
1040-NR from pdfminer.six's samples (a work of the U.S. Government, public domain), and pages
2 and 56 of a pdfTeX course's notes from py-pdf/sample-files.

    python tools/make_pdf_fixtures.py SAMPLE_FILES PDFJS POI PDFPLUMBER UNSTRUCTURED PDFMINER

Each a checkout of py-pdf/sample-files, mozilla/pdf.js, apache/poi, jsvine/pdfplumber,
Unstructured-IO/unstructured and pdfminer/pdfminer.six (or a bare mirror: its HEAD is read
with git). Needs ``soffice``, python-pptx and pypdf. LibreOffice dates its PDFs, so a remade
one differs from the committed one in its dates."""

from __future__ import annotations

import io
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "pdf"

# fixture name -> (which checkout, the path in it)
COPIED = {
    "pdflatex-4-pages.pdf": (0, "004-pdflatex-4-pages/pdflatex-4-pages.pdf"),
    "multicolumn.pdf": (0, "026-latex-multicolumn/multicolumn.pdf"),
    "hello_world_rotated.pdf": (1, "test/pdfs/hello_world_rotated.pdf"),
    "textfields.pdf": (1, "test/pdfs/textfields.pdf"),
    "negative-coords.pdf": (4, "example-docs/pdf/negative-coords.pdf"),
}
# fixture name -> the Word document in apache/poi that LibreOffice converts
CONVERTED = {
    "SimpleHeadThreeColFoot.pdf": "test-data/document/SimpleHeadThreeColFoot.docx",
    "ComplexNumberedLists.pdf": "test-data/document/ComplexNumberedLists.docx",
}


def read(checkout: Path, path: str) -> bytes:
    if (checkout / path).is_file():
        return (checkout / path).read_bytes()
    return subprocess.run(
        ["git", f"--git-dir={checkout}", "show", f"HEAD:{path}"], check=True, capture_output=True
    ).stdout


# Words with a hyphen of their own, each a few times over the report's pages: LibreOffice
# breaks a line after some of them.
COMPOUNDS = [
    "self-replicating", "well-known", "semi-automatic", "discipline-specific", "cross-border",
    "e-authentication", "education-related", "non-profit", "co-author", "multi-year",
    "post-war", "pre-trial", "long-term", "short-lived", "state-owned", "high-speed",
    "low-cost", "open-source", "hand-made", "world-class", "full-time", "part-time",
    "up-to-date", "read-only", "user-friendly", "follow-up", "third-party", "day-to-day",
    "large-scale", "well-being", "data-driven", "real-time", "peer-reviewed", "year-end",
    "tax-exempt", "cost-effective", "fine-grained", "mid-sized", "so-called", "ready-made",
]  # fmt: skip


def report(path: Path) -> None:
    """Six pages, one a chapter: a header the same on every page, "Page N" in the footer,
    numbered chapter and section titles, a figure's caption and a table whose digits change,
    an address at the page's foot; a numbered heading ending page 3 before a paragraph that
    starts small, and a sentence cut by page 4's end before a line of code in Courier."""
    import docx
    from docx.enum.text import WD_BREAK
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "ACME Corp. Annual Report"
    foot = section.footer.paragraphs[0]
    foot.add_run("Page ")
    number = OxmlElement("w:fldSimple")
    number.set(qn("w:instr"), "PAGE")
    run, text = OxmlElement("w:r"), OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    number.append(run)
    foot._p.append(number)
    tails = ["is fine", "was approved by the board last May", "works", "needs a review",
             "is new this year and will stay", "came late"]  # fmt: skip
    for n in range(1, 7):
        document.add_heading(f"Chapter {n}", 1)
        document.add_heading(f"Section {n}.1", 2)
        for k in range(2):
            mine = COMPOUNDS[(n * 2 + k) * 3 % len(COMPOUNDS) :][:7]
            document.add_paragraph(
                " ".join(f"The {w} plan {tails[(i + n + k) % 6]}." for i, w in enumerate(mine))
            )
        document.add_paragraph(f"Figure {n}: Cases per month in region {n}")
        table = document.add_table(rows=2, cols=4)
        for c, head in enumerate(["Month", "Cases", "Deaths", "Tests"]):
            table.cell(0, c).text = head
        for c, value in enumerate(["Total", f"{n}07", f"{3 * n + 1}", f"{n}055"]):
            table.cell(1, c).text = value
        document.add_paragraph(f"Ms. Jane Doe, {10 + n} Main Street, Springfield")
        if n == 3:
            document.add_paragraph("4.2 Results for each entity mapping")
        if n == 4:
            document.add_paragraph("The rest of the program runs under the old rule")
        if n < 6:
            document.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
        if n == 3:
            document.add_paragraph("for each entity pair, the score is the sum of its parts.")
        if n == 4:
            code = document.add_paragraph().add_run("static int indicate_policy(void) {")
            code.font.name = "Courier New"
    document.save(str(path))


def _page_field(paragraph: Any) -> None:
    """A PAGE field at the end of a python-docx paragraph (Word's page number)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    number = OxmlElement("w:fldSimple")
    number.set(qn("w:instr"), "PAGE")
    run, text = OxmlElement("w:r"), OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    number.append(run)
    paragraph._p.append(number)


def book(path: Path) -> None:
    """Three chapters of four pages or so, set as a book is: the left-hand (even) pages'
    head is the page's number, then the book's title, at the left; the right-hand (odd)
    pages' the chapter's title at the left and the number at the right (LaTeX's); a foot
    "Review copy" at the left on even pages and at the right on odd ones."""
    import docx
    from docx.enum.section import WD_SECTION
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = docx.Document()
    document.settings.odd_and_even_pages_header_footer = True
    sentences = [
        "The river rose in the spring and the town moved its market up the hill.",
        "Nobody remembered who had first planted the orchards along the old road.",
        "Each winter the children skated on the pond behind the mill until it cracked.",
        "Letters came twice a week, carried over the pass by a man with two mules.",
        "The school had one room, one stove and more books than anyone could read.",
    ]
    for n, title in enumerate(["The River", "The Orchards", "The Winter"]):
        section = document.sections[0] if n == 0 else document.add_section(WD_SECTION.ODD_PAGE)
        head = section.header
        head.is_linked_to_previous = False
        line = head.paragraphs[0]  # (the header style's tab stops: centre, then right)
        line.text = f"{title.upper()}\t\t"
        _page_field(line)
        foot = section.footer
        foot.is_linked_to_previous = False
        foot.paragraphs[0].text = "Review copy"
        foot.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if n == 0:
            even = section.even_page_header.paragraphs[0]
            _page_field(even)
            even.add_run("  A TOWN BY THE RIVER")
            section.even_page_footer.paragraphs[0].text = "Review copy"
        document.add_heading(f"Chapter {n + 1}: {title}", 1)
        for k in range(36):
            document.add_paragraph(" ".join(sentences[(k + j) % 5] for j in range(k % 3 + 4)))
    document.save(str(path))


def weeks(path: Path) -> None:
    """A course plan: each page begins with "Week N", bold at the body's size, then its
    topic and five paragraphs of words."""
    import random

    from docx import Document
    from docx.enum.text import WD_BREAK

    words = "students read discuss write the chapter essay group class notes project quiz"
    rng = random.Random(5)
    document = Document()
    topics = ["Poetry", "Drama", "The Novel", "Short Stories", "Essays", "Review"]
    for n, topic in enumerate(topics, 1):
        document.add_paragraph().add_run(f"Week {n}").bold = True
        document.add_paragraph(f"Topic: {topic}")
        for _ in range(5):
            line = " ".join(rng.choice(words.split()) for _ in range(60))
            document.add_paragraph(line.capitalize() + ".")
        if n < len(topics):
            document.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
    document.save(str(path))


def separated(path: Path) -> None:
    """Two paragraphs whose words a "•" separates, wrapped where a line begins with one."""
    from docx import Document

    document = Document()
    keywords = ["river management", "water quality", "flood risk", "sediment transport",
                "catchment hydrology", "riparian vegetation", "climate adaptation",
                "groundwater recharge", "stream ecology", "land use change",
                "nutrient loading", "erosion control"]  # fmt: skip
    document.add_paragraph("Keywords: " + " • ".join(keywords))
    cities = ["London", "Paris", "Berlin", "Madrid", "Rome", "Vienna", "Prague", "Warsaw",
              "Lisbon", "Dublin", "Athens", "Oslo", "Helsinki", "Stockholm", "Copenhagen",
              "Brussels", "Amsterdam", "Zurich", "Geneva"]  # fmt: skip
    document.add_paragraph("Our offices: " + " • ".join(cities) + ".")
    document.save(str(path))


def slides(path: Path) -> None:
    """Five slides, three of them one title's ("The sparse data problem") going on."""
    from pptx import Presentation

    deck = Presentation()
    for title, points in [
        ("Quarterly review", ["Where we stand", "What comes next"]),
        ("The sparse data problem", ["Few examples per word", "Most pairs are never seen"]),
        ("The sparse data problem", ["Smoothing helps a little", "Counts stay low"]),
        ("The sparse data problem", ["Comparable corpora give more", "News in two languages"]),
        ("Thank you", ["Questions are welcome"]),
    ]:
        slide = deck.slides.add_slide(deck.slide_layouts[1])
        slide.shapes.title.text = title
        body = slide.placeholders[1].text_frame
        body.text = points[0]
        for point in points[1:]:
            body.add_paragraph().text = point
    deck.save(str(path))


def convert(source: Path, work: str) -> None:
    profile = Path(work, "profile").as_uri()  # (beside another LibreOffice running)
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(DATA), str(source)],
        check=True,
        capture_output=True,
    )  # fmt: skip


def main() -> None:
    import pypdf

    checkouts = [Path(argument) for argument in sys.argv[1:7]]
    DATA.mkdir(parents=True, exist_ok=True)
    for name, (which, path) in COPIED.items():
        (DATA / name).write_bytes(read(checkouts[which], path))
    with tempfile.TemporaryDirectory() as work:
        for name, path in CONVERTED.items():
            source = Path(work) / Path(name).with_suffix(".docx")
            source.write_bytes(read(checkouts[2], path))
            convert(source, work)
        report(Path(work, "report.docx"))
        slides(Path(work, "slides.pptx"))
        book(Path(work, "book.docx"))
        convert(Path(work, "report.docx"), work)
        convert(Path(work, "book.docx"), work)
        weeks(Path(work, "weeks.docx"))
        separated(Path(work, "separated.docx"))
        convert(Path(work, "weeks.docx"), work)
        convert(Path(work, "separated.docx"), work)
        convert(Path(work, "slides.pptx"), work)
    register = pypdf.PdfReader(
        io.BytesIO(read(checkouts[3], "tests/pdfs/federal-register-2020-17221.pdf"))
    )
    writer = pypdf.PdfWriter()
    writer.add_page(register.pages[4])  # (the page with "Agência" and "Aviação")
    if register.metadata is not None:
        writer.add_metadata(register.metadata)
    writer.remove_images()
    writer.write(DATA / "federal-register-p5.pdf")
    # (seven pages: each running head, the title on even pages and the authors on odd
    # ones, stands on three, fewer than half the pages)
    olap = pypdf.PdfReader(io.BytesIO(read(checkouts[4], "example-docs/language-docs/fr_olap.pdf")))
    writer = pypdf.PdfWriter()
    for page in olap.pages[:7]:
        writer.add_page(page)
    if olap.metadata is not None:
        writer.add_metadata(olap.metadata)
    writer.remove_images()
    writer.write(DATA / "fr_olap-p1-7.pdf")
    columns = pypdf.PdfReader(io.BytesIO(read(checkouts[4], "example-docs/pdf/multi-column.pdf")))
    writer = pypdf.PdfWriter()
    for page in columns.pages[:3]:  # (with "high-dimensional" broken at a line's end)
        writer.add_page(page)
    if columns.metadata is not None:
        writer.add_metadata(columns.metadata)
    writer.remove_images()
    writer.write(DATA / "multi-column-p1-3.pdf")
    writer = pypdf.PdfWriter()
    writer.add_page(columns.pages[12])  # (with "Norway´s", a spacing acute for an apostrophe)
    if columns.metadata is not None:
        writer.add_metadata(columns.metadata)
    writer.remove_images()
    writer.write(DATA / "multi-column-p13.pdf")
    irs = pypdf.PdfReader(io.BytesIO(read(checkouts[5], "samples/nonfree/i1040nr.pdf")))
    writer = pypdf.PdfWriter()
    writer.add_page(irs.pages[1])  # (a list's last item, then "Note. …" after a space)
    if irs.metadata is not None:
        writer.add_metadata(irs.metadata)
    writer.write(DATA / "i1040nr-p2.pdf")  # (its pictures kept: pdfminer's boxes change without)
    geotopo = pypdf.PdfReader(
        io.BytesIO(read(checkouts[0], "009-pdflatex-geotopo/GeoTopo-komprimiert.pdf"))
    )
    writer = pypdf.PdfWriter()
    writer.add_page(geotopo.pages[1])  # (its maths, in boxes of its own, equally far apart)
    if geotopo.metadata is not None:
        writer.add_metadata(geotopo.metadata)
    writer.remove_images()
    writer.write(DATA / "GeoTopo-p2.pdf")
    writer = pypdf.PdfWriter()
    writer.add_page(geotopo.pages[55])  # (two figures of asterisks in rows: "* * * *")
    if geotopo.metadata is not None:
        writer.add_metadata(geotopo.metadata)
    writer.remove_images()
    writer.write(DATA / "GeoTopo-p56.pdf")


if __name__ == "__main__":
    main()
