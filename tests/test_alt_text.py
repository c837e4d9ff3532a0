"""Text that is not in a paragraph but that readers meet: an image's alt text (what a screen
reader says, what shows when the image cannot) in .docx, .pptx and .odt, and a chart's titles
in .pptx. Each is a unit, written back in place; the chart's embedded workbook is untouched."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.shared import Inches
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Inches as PptxInches

from engine.documents import open_document
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
