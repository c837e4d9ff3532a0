"""A document translated into a right-to-left language (Arabic, Hebrew, Persian, Urdu) reads
right to left, and one translated out of one reads left to right again, in the formats whose
direction is not covered with their languages (tests/test_document_language.py): .pptx,
.epub, .xlsx, .rtf, subtitles."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment
from pptx import Presentation
from pptx.enum.text import PP_ALIGN
from pptx.util import Inches

from engine.documents import translate_file

ARABIC = "نص عربي مع Quire."
PRODUCERS = Path(__file__).parent / "data" / "producers"


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


def _rewritten(source: Path, dest: Path, part: str, old: str, new: str) -> Path:
    """A copy of the zip ``source`` at ``dest`` with ``old`` replaced by ``new`` in ``part``."""
    with zipfile.ZipFile(source) as before, zipfile.ZipFile(dest, "w") as after:
        for info in before.infolist():
            data = before.read(info)
            if info.filename == part:
                assert old.encode() in data
                data = data.replace(old.encode(), new.encode())
            after.writestr(info, data)
    return dest


def _book(path: Path) -> dict[str, str]:
    """The start tags of each content document's root and the package's spine."""
    found = {}
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.endswith((".xhtml", ".opf")):
                text = archive.read(name).decode("utf-8")
                found[name] = re.findall(r"<(?:html|spine)\b[^>]*>", text)[0]
    return found


def test_a_book_translated_into_or_out_of_arabic_reads_and_turns_in_its_direction(
    tmp_path: Path,
) -> None:
    """A book translated into Arabic read left to right (as a translated .html page did
    before it said dir="rtl") and turned its pages as an English book does."""
    source = _rewritten(
        PRODUCERS / "pandoc.epub", tmp_path / "en.epub", "EPUB/text/ch001.xhtml",
        '<body epub:type="bodymatter">',
        '<body epub:type="bodymatter"><p>Call <bdo dir="ltr">+1 555</bdo>.</p>',
    )  # fmt: skip
    arabic = tmp_path / "ar.epub"
    translate_file(source, arabic, lambda t: [ARABIC for _ in t], language="ar")
    roots = _book(arabic)
    assert roots.pop("EPUB/content.opf") == '<spine toc="ncx" page-progression-direction="rtl">'
    assert roots and all(' dir="rtl"' in root for root in roots.values())
    # (a bdo keeps its own, as in a translated .html page: it orders its letters)
    assert '<bdo dir="ltr">' in read_part(arabic, "EPUB/text/ch001.xhtml")
    english = tmp_path / "back.epub"
    translate_file(arabic, english, lambda t: ["English." for _ in t], language="en")
    roots = _book(english)
    assert roots.pop("EPUB/content.opf") == '<spine toc="ncx" page-progression-direction="ltr">'
    assert all(' dir="ltr"' in root for root in roots.values())
    german = tmp_path / "de.epub"  # (left to right into left to right: nothing said)
    translate_file(source, german, lambda t: [s.upper() for s in t], language="de")
    assert _book(german)["EPUB/content.opf"] == _book(source)["EPUB/content.opf"]
    assert not any("dir=" in root for root in _book(german).values())
    bilingual = tmp_path / "both.epub"  # (each translation carries its own direction)
    translate_file(source, bilingual, lambda t: [ARABIC for _ in t], language="ar", bilingual=True)
    chapter = read_part(bilingual, "EPUB/text/ch001.xhtml")
    assert f'xml:lang="ar" dir="rtl">{ARABIC}<' in chapter


def _workbook(path: Path, *, rtl: bool) -> Path:
    """Two sheets of text and a number set on the right; right to left (as Excel saves an
    Arabic workbook: the view, and a text cell's format reading right to left on the right)
    or not."""
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    second = book.create_sheet("Second")
    for sheet in (first, second):
        sheet["A1"] = "مرحبا." if rtl else "Hello."
        sheet["B1"] = 1234
        sheet["B1"].alignment = Alignment(horizontal="right")
        sheet.sheet_view.rightToLeft = rtl or None
    if rtl:
        first["A1"].alignment = Alignment(horizontal="right", readingOrder=2)
    book.save(path)
    return path


def _directions(path: Path) -> list[tuple[bool, str, str | None]]:
    """Per sheet: (shown right to left, A1's side and reading order, B1's side)."""
    book = openpyxl.load_workbook(path)
    return [
        (
            bool(sheet.sheet_view.rightToLeft),
            f"{sheet['A1'].alignment.horizontal} {sheet['A1'].alignment.readingOrder}",
            sheet["B1"].alignment.horizontal,
        )
        for sheet in book.worksheets
    ]


def test_a_workbook_translated_into_or_out_of_arabic_reads_in_its_direction(
    tmp_path: Path,
) -> None:
    """A workbook translated into Arabic kept column A on the left; one out of Arabic kept it
    on the right, its text cells reading right to left on the right. A number set on the
    right stays there (its alignment says nothing of a direction)."""
    arabic = tmp_path / "ar.xlsx"
    translate_file(
        _workbook(tmp_path / "en.xlsx", rtl=False), arabic, lambda t: [ARABIC for _ in t],
        language="ar",
    )  # fmt: skip
    assert _directions(arabic) == [(True, "None 0.0", "right")] * 2
    english = tmp_path / "en-again.xlsx"
    translate_file(
        _workbook(tmp_path / "source-ar.xlsx", rtl=True), english,
        lambda t: ["English." for _ in t], language="en",
    )  # fmt: skip
    assert _directions(english) == [(False, "left 1.0", "right"), (False, "None 0.0", "right")]
    german = tmp_path / "de.xlsx"  # (left to right into left to right: nothing said)
    translate_file(tmp_path / "en.xlsx", german, lambda t: [s.upper() for s in t], language="de")
    assert _directions(german) == [(False, "None 0.0", "right")] * 2
    assert "rightToLeft" not in read_part(german, "xl/worksheets/sheet1.xml")


# As Word writes paragraphs (each saying its direction and side), one saying nothing, and a
# list item whose label (written as text for readers that number no lists) has its own \pard.
_RTF = (
    rb"{\rtf1\ansi\deff0{\fonttbl{\f0 Arial;}}{\stylesheet{\ql\ltrpar \s0 Normal;}}"
    rb"\pard\plain \ltrpar\ql\s0 Hello world.\par "
    rb"\pard\plain \ltrpar\qc Centred.\par "
    rb"Goes on.\par "
    rb"\pard\plain{\listtext\pard\plain \u8226\'95\tab}\ls1 An item.\par }"
)
# As LibreOffice writes an Arabic document: the direction and side in the style sheet only.
_ARABIC_RTF = (
    rb"{\rtf1\ansi\deff0{\fonttbl{\f0 Arial;}}{\stylesheet{\s0\qr\rtlpar Normal;}"
    rb"{\s18\sbasedon0 Text Body;}}"
    rb"\pard\plain \s18\sa140 \u1606?\u1589?.\par }"
)


def test_an_rtf_document_translated_into_or_out_of_arabic_reads_in_its_direction(
    tmp_path: Path,
) -> None:
    r"""An RTF document translated into Arabic read left to right; LibreOffice and Word write
    an Arabic paragraph \rtlpar\qr (RTF's sides are sides), and so is a translated one now,
    its words turned where it says them, added after its \pard where it does not. One out of
    Arabic (its style sheet saying right to left) says \ltrpar\ql."""
    source = tmp_path / "en.rtf"
    source.write_bytes(_RTF)
    arabic = tmp_path / "ar.rtf"
    translate_file(source, arabic, lambda t: ["مرحبا." for _ in t], language="ar")
    written = arabic.read_bytes()
    assert rb"\pard\plain \rtlpar\qr\s0 \u1605" in written
    assert rb"\pard\plain \rtlpar\qc \u1605" in written  # (centred stays so; and the next)
    assert rb"\par \u1605" in written
    assert rb"\pard\rtlpar\qr \plain{\listtext\pard\plain \u8226" in written
    assert written.count(rb"\rtlpar") == 3
    source_ar = tmp_path / "source-ar.rtf"
    source_ar.write_bytes(_ARABIC_RTF)
    english = tmp_path / "en-again.rtf"
    translate_file(source_ar, english, lambda t: ["English." for _ in t], language="en")
    assert rb"\pard\ltrpar\ql \plain \s18\sa140 English.\par" in english.read_bytes()
    german = tmp_path / "de.rtf"  # (left to right into left to right: no word changes)
    translate_file(source, german, lambda t: [s.upper() for s in t], language="de")
    assert german.read_bytes() == _RTF.replace(b"Hello world.", b"HELLO WORLD.").replace(
        b"Centred.", b"CENTRED."
    ).replace(b"Goes on.", b"GOES ON.").replace(b"An item.", b"AN ITEM.")


def test_rtf_paragraphs_sharing_a_pard_each_get_their_own_side(tmp_path: Path) -> None:
    r"""The second of two paragraphs under one \pard sets its own side: both paragraphs'
    words went after the \pard, the second's won, and the first lost its side (drawn on the
    left, in Arabic). An untranslated first paragraph was turned with the second."""
    source = tmp_path / "two.rtf"
    source.write_bytes(
        rb"{\rtf1\ansi\deff0{\fonttbl{\f0 Arial;}}"
        rb"\pard Hello left one.\par \qr Right two.\par }"
    )
    arabic = tmp_path / "two.ar.rtf"
    translate_file(source, arabic, lambda t: ["مرحبا." for _ in t], language="ar")
    first, second = arabic.read_bytes().split(rb"\par ")[:2]
    assert rb"\rtlpar" in first and rb"\qr" in first  # (the start of an Arabic line: right)
    assert rb"\rtlpar" in second and rb"\ql" in second and rb"\qr" not in second
    only_second = tmp_path / "second.ar.rtf"
    translate_file(
        source, only_second, lambda t: [x if "left" in x else "مرحبا." for x in t], language="ar"
    )
    first, second = only_second.read_bytes().split(rb"\par ")[:2]
    assert first.endswith(rb"\pard Hello left one.")  # as it was
    assert rb"\rtlpar" in second


RLE, PDF, RLM = "\u202b", "\u202c", "\u200f"
_SUBTITLES = {
    "a.srt": "1\n00:00:01,000 --> 00:00:02,000\n<i>Hello there.</i>\nSecond line.\n",
    "a.vtt": "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Bob>Hello there.\n",
    "a.ass": "[Script Info]\nScriptType: v4.00+\n\n[Events]\nFormat: Layer, Start, End, "
    "Style, Name, MarginL, MarginR, MarginV, Effect, Text\nDialogue: 0,0:00:01.00,"
    "0:00:02.00,Default,,0,0,0,,{\\an8}Hello there.\\NSecond line.\n",
    "a.sub": "{10}{20}Hello there.|Second line.\n{30}{40}Bye.\n{50}{60}Now.\n",
    "a.lrc": "[00:01.00]Hello there.\n",
}


def test_subtitles_translated_into_or_out_of_arabic_read_in_its_direction(
    tmp_path: Path,
) -> None:
    """Players drawing subtitles with libass (mpv, VLC, ffmpeg) read a line left to right: an
    Arabic line's full stop stood on its right, its Latin word on its left (rendered with
    ffmpeg). Each translated line is a right-to-left embedding, inside its markup; lyrics,
    which a music player shows guessing the direction, are written as they come."""
    expected = {
        "a.srt": f"<i>{RLE}{ARABIC}{PDF}</i>\n{RLE}{ARABIC}{PDF}\n",
        "a.vtt": f"<v Bob>{RLE}{ARABIC}{PDF}\n",
        "a.ass": f"{{\\an8}}{RLE}{ARABIC}{PDF}\\N{RLE}{ARABIC}{PDF}\n",
        "a.sub": f"{{10}}{{20}}{RLE}{ARABIC}{PDF}|{RLE}{ARABIC}{PDF}\n",
        "a.lrc": f"[00:01.00]{ARABIC}\n",
    }
    for name, text in _SUBTITLES.items():
        source = tmp_path / name
        source.write_text(text, encoding="utf-8")
        arabic = tmp_path / f"ar-{name}"

        def translate(texts: Sequence[str]) -> list[str]:
            return ["\n".join(ARABIC for _ in t.split("\n")) for t in texts]

        translate_file(source, arabic, translate, language="ar")
        written = arabic.read_text(encoding="utf-8")
        assert expected[name] in written, name
        # Out of Arabic: the marks a line starts and ends with go, whoever wrote them
        # (Subtitle Edit's embedding, another tool's right-to-left mark).
        marked = tmp_path / f"marked-{name}"
        marked.write_text(written.replace(f"{RLE}{ARABIC}", f"{RLM}{ARABIC}", 1), "utf-8")
        english = tmp_path / f"en-{name}"
        translate_file(marked, english, lambda t: [s.replace(ARABIC, "English.") for s in t],
                       language="en")  # fmt: skip
        assert english.read_text(encoding="utf-8") == text.replace("Hello there.", "English.")\
            .replace("Second line.", "English.").replace("Bye.", "English.")\
            .replace("Now.", "English."), name  # fmt: skip


def test_a_timed_text_cue_translated_into_or_out_of_arabic_says_its_direction(
    tmp_path: Path,
) -> None:
    """A TTML cue translated into Arabic said no direction: players set it left to right,
    its full stop on the right (the formats' direction was missing for Timed Text)."""
    source = tmp_path / "a.ttml"
    source.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tt xmlns="http://www.w3.org/ns/ttml" '
        'xml:lang="en"><body><div>\n<p begin="00:00:01.000" end="00:00:02.000">Hello there.'
        "</p>\n</div></body></tt>\n",
        encoding="utf-8",
    )
    arabic = tmp_path / "a.ar.ttml"
    translate_file(source, arabic, lambda t: [ARABIC for _ in t], language="ar")
    written = arabic.read_text(encoding="utf-8")
    assert f'tts:direction="rtl">{ARABIC}</p>' in written
    assert 'xmlns:tts="http://www.w3.org/ns/ttml#styling"' in written
    english = tmp_path / "a.en.ttml"
    translate_file(arabic, english, lambda t: ["Hello." for _ in t], language="en")
    assert 'tts:direction="ltr">Hello.</p>' in english.read_text(encoding="utf-8")
    german = tmp_path / "a.de.ttml"  # (left to right into left to right: nothing said)
    translate_file(source, german, lambda t: ["Hallo." for _ in t], language="de")
    assert "direction" not in german.read_text(encoding="utf-8")


def test_a_dfxp_cue_says_its_direction_in_its_own_styling_namespace(tmp_path: Path) -> None:
    """DFXP's drafts have a styling namespace of their own: a TTML one's direction was
    ignored there, and an Arabic cue translated into English stayed right to left."""
    source = tmp_path / "a.dfxp"
    source.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tt xmlns="http://www.w3.org/2006/10/ttaf1" '
        'xmlns:tts="http://www.w3.org/2006/10/ttaf1#styling" xml:lang="ar"><body><div>\n'
        f'<p begin="00:00:01.000" end="00:00:02.000" tts:direction="rtl">{ARABIC}</p>\n'
        "</div></body></tt>\n",
        encoding="utf-8",
    )
    english = tmp_path / "a.en.dfxp"
    translate_file(source, english, lambda t: ["Hello." for _ in t], language="en")
    written = english.read_text(encoding="utf-8")
    assert 'tts:direction="ltr">Hello.</p>' in written and "ttml#styling" not in written
