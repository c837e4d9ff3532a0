"""Text that is not in a paragraph but that readers meet: an image's alt text (what a screen
reader says, what shows when the image cannot) in .docx, .pptx and .odt, and a chart's titles
in .pptx. Each is a unit, written back in place; the chart's embedded workbook is untouched.
A description that only names the picture's file (the path Word inserted it from) is none."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.shared import Inches
from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Inches as PptxInches

from engine.documents import open_document
from engine.documents.package import names_a_file
from tests.fixtures import producers
from tests.fixtures.documents import png

ALT = Path(__file__).parent / "data" / "alt"


@pytest.mark.parametrize("name", ["libreoffice.odt", "libreoffice.docx", "libreoffice.pptx"])
def test_alt_text_as_libreoffice_writes_it_is_translated(name: str, tmp_path: Path) -> None:
    path = ALT / name
    document = open_document(path)
    texts = [u.text for u in document.units]
    assert texts[0] == producers.ALT_SENTENCE
    assert producers.ALT_DESCRIPTION in texts
    if path.suffix == ".odt":  # (LibreOffice's .docx and .pptx keep the description only)
        assert producers.ALT_TITLE in texts
    out = tmp_path / f"out{path.suffix}"
    out.write_bytes(document.render([t.upper() for t in texts]))
    assert [u.text for u in open_document(out).units] == [t.upper() for t in texts]
    both = tmp_path / f"both{path.suffix}"
    both.write_bytes(document.render_bilingual([t.upper() for t in texts]))
    described = f"{producers.ALT_DESCRIPTION} / {producers.ALT_DESCRIPTION.upper()}"
    assert described in [u.text for u in open_document(both).units]


def test_a_python_pptx_chart_and_picture(tmp_path: Path) -> None:
    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[5])
    slide.shapes.title.text = "Sales grew this year"
    data = CategoryChartData()  # type: ignore[no-untyped-call]
    data.categories = ["2023", "2024"]
    data.add_series("Revenue", (1.0, 2.0))  # type: ignore[no-untyped-call]
    frame = slide.shapes.add_chart(
        XL_CHART_TYPE.COLUMN_CLUSTERED,
        PptxInches(1),
        PptxInches(1.5),
        PptxInches(6),
        PptxInches(4),
        data,
    )
    chart = frame.chart
    chart.has_title = True
    chart.chart_title.text_frame.text = "Revenue by year"
    chart.value_axis.has_title = True
    chart.value_axis.axis_title.text_frame.text = "Millions of euros"
    picture = slide.shapes.add_picture(io.BytesIO(png()), PptxInches(7), PptxInches(1))
    picture._element.nvPicPr.cNvPr.set("descr", "A green square for the logo")
    path = tmp_path / "deck.pptx"
    deck.save(str(path))

    document = open_document(path)
    found = {u.text: (u.id.split("#")[0], u.page) for u in document.units}
    assert found == {
        "Sales grew this year": ("ppt/slides/slide1.xml", 1),
        "A green square for the logo": ("ppt/slides/slide1.xml", 1),
        "Revenue by year": ("ppt/charts/chart1.xml", 1),
        "Millions of euros": ("ppt/charts/chart1.xml", 1),
        "Revenue": ("ppt/charts/chart1.xml", 1),  # (the legend)
        "2023": ("ppt/charts/chart1.xml", 1),  # (the categories: no words, kept)
        "2024": ("ppt/charts/chart1.xml", 1),
    }
    out = tmp_path / "deck.de.pptx"
    out.write_bytes(document.render([u.text.upper() for u in document.units]))
    assert sorted(u.text for u in open_document(out).units) == sorted(t.upper() for t in found)
    with zipfile.ZipFile(path) as before, zipfile.ZipFile(out) as after:
        workbooks = [n for n in before.namelist() if n.endswith(".xlsx")]
        assert workbooks  # the chart's data, in its embedded workbook
        for name in workbooks:
            assert after.read(name) == before.read(name)


def test_a_python_docx_picture_with_a_description_and_a_title(tmp_path: Path) -> None:
    made = docx.Document()
    made.add_paragraph("The logo is below.")
    shape = made.add_paragraph().add_run().add_picture(io.BytesIO(png()), width=Inches(1))
    shape._inline.docPr.set("descr", "A green square for the logo")
    shape._inline.docPr.set("title", "Company logo")
    path = tmp_path / "logo.docx"
    made.save(str(path))
    document = open_document(path)
    texts = [u.text for u in document.units]
    assert texts == ["The logo is below.", "A green square for the logo", "Company logo"]
    out = tmp_path / "logo.de.docx"
    out.write_bytes(document.render(["Das Logo ist unten.", "Ein grünes Quadrat", "Firmenlogo"]))
    with zipfile.ZipFile(out) as archive:
        body = archive.read("word/document.xml").decode()
    assert 'descr="Ein grünes Quadrat"' in body and 'title="Firmenlogo"' in body
    assert "xml:space" not in body.split("<wp:docPr", 1)[1].split(">", 1)[0]


OFFICE = Path(__file__).parent / "data" / "office"


def descriptions(data: bytes) -> list[str]:
    """The ``descr`` of every drawing's properties Word and PowerPoint show (``wp:docPr``,
    ``p:cNvPr``; a picture's own ``pic:cNvPr`` stays), in order."""
    tags = (
        "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr",
        "{http://schemas.openxmlformats.org/presentationml/2006/main}cNvPr",
    )
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [
            str(element.get("descr"))
            for name in archive.namelist()
            if name.endswith(".xml")
            for element in etree.fromstring(archive.read(name)).iter(*tags)
            if element.get("descr") is not None
        ]


@pytest.mark.parametrize(
    ("name", "sent"),
    [
        ("docx4j-picture-paths.docx", ["Escher: Liberation"]),
        ("powerpoint-picture-name.pptx", []),
    ],
)
def test_a_description_that_names_the_pictures_file_stays(name: str, sent: list[str]) -> None:
    """Word filled the description with the path the picture came from ("C:\\Documents and
    Settings\\…\\pangolin.jpeg", docx4j's sample), PowerPoint with the picture's name
    ("daily_usage_200709", POI's deck): both were sent for translation, and came back
    "C:\\Dokumente und Einstellungen\\…"; they stay as they are, and an address too. A
    description in words (M. C. Escher's "Liberation") is translated."""
    path = OFFICE / name
    document = open_document(path)
    assert [u.text for u in document.units if "#alt" in u.id] == sent
    source = descriptions(path.read_bytes())
    out = document.write([f"«{u.text}»" for u in document.units])
    both = document.write([f"«{u.text}»" for u in document.units], bilingual=True)
    translated = "«Escher: Liberation»"
    for written, said in ((out, translated), (both, f"Escher: Liberation / {translated}")):
        assert descriptions(written) == [said if d in sent else d for d in source]


@pytest.mark.parametrize(
    "said",
    [
        "C:\\Documents and Settings\\Jason Harrop\\My Documents\\tmp-test-docs\\pangolin.jpeg",
        "K:\\workspaces\\MB\\svn.apache.poi\\test-data\\document\\nature1.gif",
        "E:\\Löwe Kopie.jpg",
        "star_picture_save_as.wmf",
        "cbonds_logo_eng",
        "AgManagerLogo_Print",
        "fig:\n\nlalune.jpg",
        "fig:\n\n./lalune.jpg",
    ],
)
def test_what_programs_put_in_a_description_names_a_file(said: str) -> None:
    """Descriptions the review's sweep found sent (Word, Excel, PowerPoint, pandoc's pptx)."""
    assert names_a_file(said)


@pytest.mark.parametrize(
    "said",
    [
        "Escher: Liberation",
        "Contact Info",
        "pixel",  # (one word may be a reader's: "Logo")
        "A photo of my dog.jpg",
        "The moon\n\nlalune.jpg",  # (pandoc's title and path: the title is words)
        "Суҳбатда, восемнадцать, zeal",
    ],
)
def test_a_description_in_words_is_translated(said: str) -> None:
    assert not names_a_file(said)
