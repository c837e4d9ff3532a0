"""A document translated into a right-to-left language (Arabic, Hebrew, Persian, Urdu) reads
right to left, and one translated out of one reads left to right again, in the formats whose
direction is not covered with their languages (tests/test_document_language.py): .pptx."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from pptx import Presentation
from pptx.enum.text import PP_ALIGN
from pptx.util import Inches

from engine.documents import translate_file

ARABIC = "نص عربي مع Quire."


def read_part(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name).decode("utf-8")


def _presentation(path: Path) -> Path:
    """python-pptx's template: a title slide (its title and subtitle centred by the layout),
    a title and content slide, a text box, a paragraph set on the left and one centred."""
    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[0])
    slide.shapes.title.text = "Hello world."
    slide.placeholders[1].text = "A subtitle."
    slide = deck.slides.add_slide(deck.slide_layouts[1])
    slide.shapes.title.text = "A title."
    slide.placeholders[1].text = "A point."
    box = slide.shapes.add_textbox(Inches(1), Inches(5), Inches(4), Inches(1)).text_frame
    box.text = "In a box."
    for text, side in (("Set left.", PP_ALIGN.LEFT), ("Centred.", PP_ALIGN.CENTER)):
        paragraph = box.add_paragraph()
        paragraph.text, paragraph.alignment = text, side
    deck.save(str(path))
    return path


def _paragraphs(path: Path, slide: int) -> list[str]:
    """Each paragraph's properties on ``slide``, as written ("" where it has none)."""
    xml = read_part(path, f"ppt/slides/slide{slide}.xml")
    return [m[1] or "" for m in re.finditer(r"<a:p>(<a:pPr[^>]*>)?", xml.replace("<a:p/>", ""))]


def test_a_presentation_translated_into_or_out_of_arabic_reads_in_its_direction(
    tmp_path: Path,
) -> None:
    """A presentation translated into Arabic read left to right (its full stops at the wrong
    end); DrawingML's alignments are sides, so one set on the left (said or inherited) goes
    to the right, as PowerPoint writes its own Arabic paragraphs (algn="r" rtl="1"), and
    centred text stays centred (the title slide's, centred by its layout)."""
    source = _presentation(tmp_path / "en.pptx")
    arabic = tmp_path / "ar.pptx"
    translate_file(source, arabic, lambda t: [ARABIC for _ in t], language="ar")
    assert _paragraphs(arabic, 1) == ['<a:pPr rtl="1"/>'] * 2
    assert _paragraphs(arabic, 2) == [
        '<a:pPr rtl="1"/>',  # (the master centres titles)
        '<a:pPr rtl="1" algn="r"/>',
        '<a:pPr rtl="1" algn="r"/>',
        '<a:pPr algn="r" rtl="1"/>',
        '<a:pPr algn="ctr" rtl="1"/>',
    ]
    english = tmp_path / "back.pptx"
    translate_file(arabic, english, lambda t: ["English." for _ in t], language="en")
    assert _paragraphs(english, 2) == [
        '<a:pPr rtl="0"/>',
        '<a:pPr rtl="0" algn="l"/>',
        '<a:pPr rtl="0" algn="l"/>',
        '<a:pPr algn="l" rtl="0"/>',
        '<a:pPr algn="ctr" rtl="0"/>',
    ]
    german = tmp_path / "de.pptx"  # (left to right into left to right: nothing said)
    translate_file(source, german, lambda t: [s.upper() for s in t], language="de")
    assert _paragraphs(german, 2) == _paragraphs(source, 2)
    bilingual = tmp_path / "both.pptx"  # (the source's paragraph keeps its direction)
    translate_file(source, bilingual, lambda t: [ARABIC for _ in t], language="ar", bilingual=True)
    assert _paragraphs(bilingual, 2)[:4] == [
        "",
        '<a:pPr rtl="1"/>',
        "",
        '<a:pPr rtl="1" algn="r"/>',
    ]
