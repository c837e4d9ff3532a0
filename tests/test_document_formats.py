"""The zip formats (.pptx, .odt, .odp, .epub), bilingual output of every format, and PDF in:
each text segment translated exactly once, non-text parts byte-identical, runs and their
formatting kept (checked by reopening the output with the format's own library), the input
untouched; PDF reading order and page numbers; bad and fuzzed files give DocumentError."""

from __future__ import annotations

import collections
import hashlib
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from engine.api import TranslateRequest, TranslateResult
from engine.documents import (
    DocumentError,
    open_document,
    output_suffix,
    translate_document,
    translate_file,
)
from engine.documents.language import target_language
from engine.documents.pdf import _runs_on
from engine.documents.registry import READERS
from engine.engine import Engine
from engine.options import EngineOptions
from tests.fixtures import documents as build
from tests.fixtures.builder import exported

BUILDERS: dict[str, Callable[[Path], Path]] = {
    ".docx": build.docx_file,
    ".pptx": build.pptx_file,
    ".odt": build.odt_file,
    ".odp": build.odp_file,
    ".epub": build.epub_file,
}
SENTENCE = "".join(build.BOLD_SENTENCE)
# What each format must offer as units (beyond the bold sentence and the RTL and CJK lines).
FEATURES = {
    ".docx": [
        "The header says hello.",
        "Page footer.",
        "Cell 11 text",
        "Read the manual",
        build.FOOTNOTE,
        build.ENDNOTE,
        *build.TEXT_BOX,
        build.COMMENT,
    ],
    ".pptx": ["Welcome everyone", "Speak slowly here.", "Cell 11 text", "A text box in a group."],
    ".odt": [
        "The header says hello.",
        "Page footer.",
        "A footnote explains it.",
        "Cell 11 text",
        "A text box on the page.",
        "Read the manual before you start.",
    ],
    ".odp": ["Quarterly results", "Welcome everyone to the meeting."],
    ".epub": ["A small picture", "A tooltip", "Cell two text", "The second chapter", "A book"],
}
RTL = {".odt": build.HEBREW}
# Parts whose text is translated; every other entry must come back byte for byte.
TEXT_PARTS = {
    ".docx": r"word/(document|footnotes|endnotes|comments|header\d|footer\d)\.xml",
    ".pptx": r"ppt/(slides/slide|notesSlides/notesSlide)\d+\.xml",
    ".odt": r"(content|styles)\.xml",
    ".odp": r"content\.xml",
    ".epub": r"OEBPS/(text/.*|nav)\.xhtml|OEBPS/toc\.ncx|OEBPS/content\.opf",
}
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
XHTML = "{http://www.w3.org/1999/xhtml}"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("samples")
    built = {ext: make(folder / f"doc{ext}") for ext, make in BUILDERS.items()}
    pdf = folder / "doc.pdf"
    pdf.write_bytes(build.pdf_bytes())
    built[".pdf"] = pdf
    return built


# ----------------------------------------------------------------- the zip formats


@pytest.mark.parametrize("ext", sorted(BUILDERS))
def test_units_hold_every_feature_in_reading_order(samples: dict[str, Path], ext: str) -> None:
    document = open_document(samples[ext])
    texts = [u.text for u in document.units]
    joined = "\n".join(texts)
    assert SENTENCE in texts
    assert RTL.get(ext, build.ARABIC) in texts and build.CJK in texts
    for feature in FEATURES[ext]:
        assert feature in joined, feature
    bold = next(u for u in document.units if u.text == SENTENCE)
    assert bold.runs == build.BOLD_SENTENCE  # the bold word is a run of the one sentence
    assert len({u.id for u in document.units}) == len(document.units)


def test_slides_give_pages_and_notes_follow_their_slide(samples: dict[str, Path]) -> None:
    for ext in (".pptx", ".odp"):
        units = open_document(samples[ext]).units
        pages = [u.page or 0 for u in units]
        assert pages == sorted(pages) and pages[0] == 1, ext
        notes = next(u for u in units if u.text.startswith("Welcome everyone"))
        assert notes.page == 1
        assert next(u for u in units if u.text == SENTENCE).page == 2


def test_epub_follows_the_spine_and_skips_code(samples: dict[str, Path]) -> None:
    units = open_document(samples[".epub"]).units
    parts = list(dict.fromkeys(u.id.split("#")[0] for u in units))
    # The spine lists chapter1 before "chapter 2" (the manifest has them the other way round).
    assert parts == [
        "OEBPS/text/chapter1.xhtml",
        "OEBPS/text/chapter 2.xhtml",
        "OEBPS/nav.xhtml",
        "OEBPS/toc.ncx",
        "OEBPS/content.opf",  # the book's title
    ]
    joined = "\n".join(u.text for u in units)
    for never in ("keep   this code", "print()", "greeting", "margin", "a comment"):
        assert never not in joined
    assert "Call ZXQ1Q to print." in joined  # inline code: a placeholder


@pytest.mark.parametrize("ext", sorted(BUILDERS))
def test_each_segment_translated_once_and_other_parts_byte_identical(
    samples: dict[str, Path], tmp_path: Path, ext: str
) -> None:
    import re

    path = samples[ext]
    before = sha(path)
    recorder = build.Upper()
    out = tmp_path / f"out{ext}"
    translate_file(path, out, recorder, batch_units=3)
    units = open_document(path).units
    # Each text once: one the document repeats (an EPUB's chapter titles in its table of
    # contents) too, its copies given that translation.
    assert collections.Counter(recorder.seen) == collections.Counter({u.text for u in units})
    assert sha(path) == before
    source, result = entries(path.read_bytes()), entries(out.read_bytes())
    assert list(source) == list(result)
    for name in source:
        if not re.fullmatch(TEXT_PARTS[ext], name):
            assert source[name] == result[name], name
    with zipfile.ZipFile(path) as a, zipfile.ZipFile(out) as b:
        for old, new in zip(a.infolist(), b.infolist(), strict=True):
            assert (old.filename, old.compress_type) == (new.filename, new.compress_type)
    if ext in (".odt", ".odp", ".epub"):
        with zipfile.ZipFile(out) as archive:
            first = archive.infolist()[0]
        assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)
    again = open_document(out)
    assert [u.text for u in again.units] == [u.text.upper() for u in units]


def test_the_output_suffix_is_known_without_opening_the_file(samples: dict[str, Path]) -> None:
    for ext, path in samples.items():
        assert output_suffix(ext) == open_document(path).default_suffix
    assert output_suffix(".PDF") == ".docx"


@pytest.mark.parametrize("ext", sorted(BUILDERS))
def test_a_document_renders_again_the_same(samples: dict[str, Path], ext: str) -> None:
    document = open_document(samples[ext])
    translations = [u.text.upper() for u in document.units]
    first = entries(document.write(translations))
    bilingual = entries(document.write(translations, bilingual=True))
    assert entries(document.write(translations)) == first
    assert entries(document.write(translations, bilingual=True)) == bilingual
    assert first != bilingual


def test_docx_formatting_and_line_breaks_survive(samples: dict[str, Path], tmp_path: Path) -> None:
    import docx

    out = tmp_path / "out.docx"
    translate_file(samples[".docx"], out, build.Upper())
    translated = docx.Document(str(out))
    paragraph = next(p for p in translated.paragraphs if "BOLD" in p.text)
    assert [(r.text, r.bold) for r in paragraph.runs] == [
        ("THIS IS A ", None),
        ("BOLD", True),
        (" WORD IN ONE SENTENCE.", None),
    ]
    linked = next(p for p in translated.paragraphs if "MANUAL" in p.text)
    assert linked._p.find(f"{W}hyperlink") is not None
    assert "THE MANUAL" in "".join(linked._p.find(f"{W}hyperlink").itertext())
    broken = next(p for p in translated.paragraphs if "SECOND LINE" in p.text)
    assert broken.text == "FIRST LINE\nSECOND LINE."  # the break is still a break


@pytest.mark.parametrize("ext", [".docx", ".pptx"])
@pytest.mark.parametrize("bilingual", [False, True])
def test_strict_office_open_xml_is_translated_and_written_back_strict(
    samples: dict[str, Path], tmp_path: Path, ext: str, bilingual: bool
) -> None:
    import docx
    import pptx

    path = tmp_path / f"strict{ext}"
    path.write_bytes(build.strict_ooxml(samples[ext].read_bytes()))
    transitional = [u.text for u in open_document(samples[ext]).units]
    assert [u.text for u in open_document(path).units] == transitional
    out = tmp_path / f"out{ext}"
    translate_file(path, out, build.Upper(), bilingual=bilingual)
    written = entries(out.read_bytes())
    for name, data in written.items():
        if re.fullmatch(TEXT_PARTS[ext], name):
            # Written back in the file's own vocabulary: nothing converted to transitional.
            assert b"schemas.openxmlformats.org/wordprocessingml" not in data
            assert b"schemas.openxmlformats.org/drawingml/2006/main" not in data
    # The strict output, mapped to transitional names, is what its own reader opens.
    back = io.BytesIO()
    with zipfile.ZipFile(back, "w") as archive:
        for name, data in written.items():
            for old, new in build._STRICT.items():
                data = data.replace(new.encode(), old.encode())
            archive.writestr(name, data)
    if ext == ".docx":
        texts = [p.text for p in docx.Document(io.BytesIO(back.getvalue())).paragraphs]
    else:
        deck = pptx.Presentation(io.BytesIO(back.getvalue()))
        texts = [
            p.text
            for s in deck.slides
            for sh in s.shapes
            if sh.has_text_frame
            for p in sh.text_frame.paragraphs
        ]
    assert SENTENCE.upper() in texts
    assert (SENTENCE in texts) == bilingual


def _docx_texts(paragraphs: Iterable[etree._Element]) -> list[str]:
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in paragraphs]


def _text_box(document_xml: bytes) -> tuple[list[str], list[str]]:
    """The paragraphs' texts of the text box's DrawingML copy and of its VML fallback copy."""
    root = etree.fromstring(document_xml)
    (alternate,) = root.iter(f"{MC}AlternateContent")
    choice, fallback = alternate.find(f"{MC}Choice"), alternate.find(f"{MC}Fallback")
    assert choice is not None and fallback is not None
    return _docx_texts(choice.iter(f"{W}p")), _docx_texts(fallback.iter(f"{W}p"))


def _properties(xml: bytes) -> list[bytes]:
    """Every run's and paragraph's properties and every note reference, in order."""
    found: list[bytes] = []
    for element in etree.fromstring(xml).iter(f"{W}r", f"{W}p", f"{W}hyperlink"):
        props = element.find(f"{W}rPr" if element.tag == f"{W}r" else f"{W}pPr")
        found.append(element.tag.encode() + (etree.tostring(props) if props is not None else b""))
        for reference in element.findall(f"{W}footnoteReference") + element.findall(
            f"{W}endnoteReference"
        ):
            found.append(etree.tostring(reference))
    return found


def test_docx_notes_comments_and_text_boxes_translated_once(
    samples: dict[str, Path], tmp_path: Path
) -> None:
    path = samples[".docx"]
    before = sha(path)
    recorder = build.Upper()
    out = tmp_path / "out.docx"
    translate_file(path, out, recorder)
    assert sha(path) == before
    seen = collections.Counter(t.strip() for t in recorder.seen)
    for text in (build.FOOTNOTE, build.ENDNOTE, build.COMMENT, *build.TEXT_BOX):
        assert seen[text] == 1, text  # the text box's VML copy is not sent again
    source, result = entries(path.read_bytes()), entries(out.read_bytes())
    changed = {name for name in source if source[name] != result[name]}
    assert changed == {
        "word/document.xml",
        "word/footnotes.xml",
        "word/endnotes.xml",
        "word/comments.xml",
        "word/header1.xml",
        "word/footer1.xml",
    }
    for name in changed:  # runs, paragraph styles and note references as they were
        assert _properties(source[name]) == _properties(result[name]), name
    for part, kind, text in (
        ("word/footnotes.xml", "footnote", build.FOOTNOTE),
        ("word/endnotes.xml", "endnote", build.ENDNOTE),
        ("word/comments.xml", "comment", build.COMMENT),
    ):
        notes = etree.fromstring(result[part]).findall(f"{W}{kind}")
        texts = {n.get(f"{W}id"): "".join(_docx_texts(n.iter(f"{W}p"))) for n in notes}
        wanted = {"-1": "", "0": "", "1": f" {text.upper()}"}
        assert texts == ({"0": text.upper()} if kind == "comment" else wanted), part
    body = etree.fromstring(result["word/document.xml"])
    for kind, holder in (("footnote", "READ THE MANUAL"), ("endnote", "THE REPORT ENDS")):
        (reference,) = body.iter(f"{W}{kind}Reference")
        assert reference.get(f"{W}id") == "1"
        paragraph = next(p for p in body.iter(f"{W}p") if reference in p.iter())
        assert "".join(_docx_texts([paragraph])).startswith(holder)
    upper = [t.upper() for t in build.TEXT_BOX]
    assert _text_box(source["word/document.xml"]) == (list(build.TEXT_BOX), list(build.TEXT_BOX))
    assert _text_box(result["word/document.xml"]) == (upper, upper)


def _with_document_xml(path: Path, out: Path, edit: Callable[[etree._Element], None]) -> Path:
    parts = entries(path.read_bytes())
    root = etree.fromstring(parts["word/document.xml"])
    edit(root)
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out


def test_docx_text_box_fallback_that_differs_is_left_alone(
    samples: dict[str, Path], tmp_path: Path
) -> None:
    def edit(root: etree._Element) -> None:
        fallback = next(root.iter(f"{MC}Fallback"))
        next(fallback.iter(f"{W}t")).text = "An older wording."

    path = _with_document_xml(samples[".docx"], tmp_path / "differs.docx", edit)
    recorder = build.Upper()
    out = tmp_path / "out.docx"
    translate_file(path, out, recorder)
    assert "An older wording." not in recorder.seen
    assert collections.Counter(recorder.seen)[build.TEXT_BOX[0]] == 1
    upper = [t.upper() for t in build.TEXT_BOX]
    assert _text_box(entries(out.read_bytes())["word/document.xml"]) == (
        upper,
        ["An older wording.", build.TEXT_BOX[1]],
    )


def test_docx_bilingual_text_box_copies_both_versions(samples: dict[str, Path]) -> None:
    document = open_document(samples[".docx"])
    data = document.write([u.text.upper() for u in document.units], bilingual=True)
    pairs = [t for text in build.TEXT_BOX for t in (text, text.upper())]
    assert _text_box(entries(data)["word/document.xml"]) == (pairs, pairs)


def test_pptx_formatting_hyperlinks_notes_and_tables(
    samples: dict[str, Path], tmp_path: Path
) -> None:
    import pptx

    out = tmp_path / "out.pptx"
    translate_file(samples[".pptx"], out, build.Upper())
    deck = pptx.Presentation(str(out))
    slides = list(deck.slides)
    frame = slides[1].placeholders[1].text_frame
    runs = [(r.text, r.font.bold) for r in frame.paragraphs[0].runs]
    assert runs == [("THIS IS A ", None), ("BOLD", True), (" WORD IN ONE SENTENCE.", None)]
    link = frame.paragraphs[1].runs[0]
    assert link.text == "VISIT OUR SITE" and link.hyperlink.address == "https://example.com/site"
    assert frame.paragraphs[2].text == "LINE ONE\vLINE TWO."  # python-pptx shows a:br as \v
    assert slides[1].notes_slide.notes_text_frame.text == "SPEAK SLOWLY HERE."
    table = next(s for s in slides[2].shapes if s.has_table).table
    assert table.cell(1, 1).text == "CELL 11 TEXT"


def _odf_paragraphs(data: bytes, part: str = "content.xml") -> list[etree._Element]:
    root = etree.fromstring(entries(data)[part])
    return list(root.iter(f"{{{TEXT_NS}}}p", f"{{{TEXT_NS}}}h"))


def test_odt_spans_links_notes_and_spacing_survive(
    samples: dict[str, Path], tmp_path: Path
) -> None:
    from odf.opendocument import load

    out = tmp_path / "out.odt"
    translate_file(samples[".odt"], out, build.Upper())
    load(str(out))  # odfpy reopens it
    paragraphs = _odf_paragraphs(out.read_bytes())
    sentence = next(p for p in paragraphs if "BOLD" in "".join(p.itertext()))
    span = sentence.find(f"{{{TEXT_NS}}}span")
    assert span is not None and span.text == "BOLD"
    assert span.get(f"{{{TEXT_NS}}}style-name") == "Bold"
    linked = next(p for p in paragraphs if "MANUAL" in "".join(p.itertext()))
    anchor = linked.find(f"{{{TEXT_NS}}}a")
    assert anchor is not None and anchor.text == "THE MANUAL"
    assert anchor.get("{http://www.w3.org/1999/xlink}href") == "https://example.com/x"
    assert linked.find(f".//{{{TEXT_NS}}}note-body") is not None  # the note stays in place
    spaced = next(p for p in paragraphs if "A TAB" in "".join(p.itertext()))
    kinds = [etree.QName(e).localname for e in spaced]
    assert kinds == ["s", "tab", "line-break"]
    headers = ["".join(p.itertext()) for p in _odf_paragraphs(out.read_bytes(), "styles.xml")]
    assert "THE HEADER SAYS HELLO." in headers and "PAGE FOOTER." in headers


def test_epub_markup_links_and_attributes_survive(samples: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "out.epub"
    translate_file(samples[".epub"], out, build.Upper())
    chapter = entries(out.read_bytes())["OEBPS/text/chapter1.xhtml"]
    assert chapter.startswith(b"<?xml") and b"<!DOCTYPE html>" in chapter
    root = etree.fromstring(chapter)
    bold = root.find(f".//{XHTML}b")
    assert bold is not None and bold.text == "BOLD"
    link = root.find(f".//{XHTML}a")
    assert link is not None and link.text == "THE MANUAL"
    assert link.get("href") == "https://example.com/x"
    image = root.find(f".//{XHTML}img")
    assert image is not None and image.get("alt") == "A SMALL PICTURE"
    assert root.find(f".//{XHTML}pre").text == "keep   this code"
    assert root.find(f".//{XHTML}code").text == "print()"
    assert b'var greeting = "Hello";' in chapter and b"<!-- a comment stays -->" in chapter


# ----------------------------------------------------------------- bilingual output


def _pairs(texts: Sequence[str], sources: Sequence[str], minimum: int = 4) -> None:
    """Each source text is directly followed by its translation."""
    checked = [source for source in sources if source in texts]
    assert len(checked) >= minimum, checked
    for source in checked:
        at = texts.index(source)
        assert texts[at + 1] == source.upper(), source


def test_bilingual_docx_pptx_odf(samples: dict[str, Path]) -> None:
    import docx
    import pptx

    for ext in (".docx", ".pptx", ".odt", ".odp"):
        document = open_document(samples[ext])
        data = document.write([u.text.upper() for u in document.units], bilingual=True)
        sources = [u.text for u in document.units if u.text != u.text.upper()]
        if ext == ".docx":
            body = docx.Document(io.BytesIO(data))
            texts = [p.text for p in body.paragraphs]
            texts += [p.text for c in body.tables[0]._cells for p in c.paragraphs]
            texts += [p.text for p in body.sections[0].header.paragraphs]
            _pairs(texts, sources)
            assert len(body.inline_shapes) == 1  # the picture is not copied
        elif ext == ".pptx":
            deck = pptx.Presentation(io.BytesIO(data))
            texts = []
            for slide in deck.slides:
                for shape in slide.shapes:
                    if shape.has_text_frame:
                        texts += [p.text.replace("\v", "\n") for p in shape.text_frame.paragraphs]
                texts += [p.text for p in slide.notes_slide.notes_text_frame.paragraphs]
            _pairs(texts, sources)
        else:
            texts = ["".join(p.itertext()) for p in _odf_paragraphs(data)]
            _pairs(texts, sources)
        assert len(open_document(samples[ext]).units) == len(document.units)


def test_bilingual_epub_copies_blocks_and_keeps_cells_whole(samples: dict[str, Path]) -> None:
    document = open_document(samples[".epub"])
    data = document.write([u.text.upper() for u in document.units], bilingual=True)
    root = etree.fromstring(entries(data)["OEBPS/text/chapter1.xhtml"])
    paragraphs = ["".join(p.itertext()) for p in root.iter(f"{XHTML}p")]
    _pairs(paragraphs, [SENTENCE, "Read the manual before you start.\nA new line."], 1)
    assert len(list(root.iter(f"{XHTML}img"))) == 1
    assert len([h for h in root.iter(f"{XHTML}h1") if h.get("id") == "c1"]) == 1
    cells = ["".join(c.itertext()) for c in root.iter(f"{XHTML}td")]
    assert cells == ["Cell one textCELL ONE TEXT", "Cell two textCELL TWO TEXT"]
    assert root.find(f".//{XHTML}title").text == "The first chapter / THE FIRST CHAPTER"


@pytest.mark.parametrize("name", ["pandoc.epub", "libreoffice.epub"])
def test_bilingual_epub_table_of_contents_keeps_its_structure(
    samples: dict[str, Path], name: str
) -> None:
    """A nav's items hold a link and a list only (epubcheck refuses anything else): the
    translation goes inside the link."""
    paths = [samples[".epub"], Path(__file__).parent / "data" / "producers" / name]
    for path in paths:
        document = open_document(path)
        data = document.write([u.text.upper() for u in document.units], bilingual=True)
        navs = 0
        for part, payload in entries(data).items():
            if not part.endswith(".xhtml"):
                continue
            for nav in etree.fromstring(payload).iter(f"{XHTML}nav"):
                navs += 1
                for item in nav.iter(f"{XHTML}li"):
                    assert [etree.QName(c).localname for c in item] in (["a"], ["a", "ol"])
                    text = "".join(item[0].itertext())
                    assert " / " in text and text.split(" / ")[0].upper() == text.split(" / ")[1]
        assert navs


@pytest.mark.parametrize(
    ("ext", "source", "expected"),
    [
        (".txt", "One.\n\nTwo.\n", "One.\n\nONE.\n\nTwo.\n\nTWO.\n"),
        (
            ".srt",
            "1\r\n00:00:01,000 --> 00:00:02,000\r\n<i>Hi</i> there.\r\n",
            "1\r\n00:00:01,000 --> 00:00:02,000\r\n<i>Hi</i> there.\r\n<i>HI</i> THERE.\r\n",
        ),
        (
            ".vtt",
            "WEBVTT\n\n00:01.000 --> 00:02.000\nHello.\nBye.\n",
            "WEBVTT\n\n00:01.000 --> 00:02.000\nHello.\nBye.\nHELLO.\nBYE.\n",
        ),
        (
            ".md",
            "# A *b* c\n\n- one\n- two\n\n| x | y |\n|---|---|\n| a | b |\n",
            "# A *b* c\n\n# A *B* C\n\n- one\n- ONE\n- two\n- TWO\n\n"
            "| x | y |\n|---|---|\n| X | Y |\n| a | b |\n| A | B |\n",
        ),
    ],
)
def test_bilingual_text_formats(tmp_path: Path, ext: str, source: str, expected: str) -> None:
    path = tmp_path / f"doc{ext}"
    path.write_bytes(source.encode())
    document = open_document(path)
    rendered = document.write([u.text.upper() for u in document.units], bilingual=True)
    assert rendered.decode() == expected


def test_bilingual_html_keeps_the_source_and_adds_each_translation(tmp_path: Path) -> None:
    source = (
        "<!DOCTYPE html><html><head><title>My page</title></head>\n"
        '<body><h1>Hello <b>world</b>.</h1><p>Read the <a href="x.html" title="Manual page">'
        'manual</a> first.</p>\n<img src="a.png" alt=\'A "cat"\'><ul><li>One &amp; two</li></ul>'
        "<pre>code here</pre><script>var x = 'text';</script></body></html>\n"
    )
    path = tmp_path / "page.html"
    path.write_text(source, encoding="utf-8")
    document = open_document(path)
    translations = [f"«{u.text.upper()}»" for u in document.units]
    out = document.write(translations, bilingual=True).decode()
    tree = etree.HTML(out)
    spans = [s.text for s in tree.iter("span") if s.get("class") == "quire-translation"]
    by_text = dict(zip([u.text for u in document.units], translations, strict=True))
    assert spans == [by_text[t] for t in ("Hello world.", "Read the manual first.", "One & two")]
    assert tree.findtext(".//title") == f"My page / {by_text['My page']}"
    cat = 'A "cat"'
    assert tree.find(".//img").get("alt") == f"{cat} / {by_text[cat]}"
    assert tree.find(".//a").get("title") == f"Manual page / {by_text['Manual page']}"
    # Taking the additions out gives the source back, byte for byte (code and script untouched);
    # the plain ASCII page, now UTF-8 with «», also says so.
    assert out.count('<meta charset="utf-8">') == 1
    undone = out.replace('<meta charset="utf-8">', "")
    undone = re.sub(r'<br><span class="quire-translation">[^<]*</span>', "", undone)
    undone = re.sub(r" / «[^»]*»", "", undone).replace("&quot;", '"')
    assert undone == source


# ----------------------------------------------------------------- PDF


@pytest.mark.parametrize("ext", [".ass", ".ssa"])
def test_substation_alpha_events_translate_with_their_tags_and_line_breaks(ext: str) -> None:
    """pysubs2's .ass and .ssa (Aegisub's layout): each Dialogue event's text is a unit,
    commas in it included; a forced line break reads as one and goes back as \\N; override
    tags stay where they were; a Comment event, the script info, the styles and every other
    field of an event are left byte for byte."""
    from tests.fixtures.producers import ASS_TEXTS

    source = Path(__file__).parent / "data" / "subtitles" / f"pysubs2{ext}"
    original = source.read_bytes()
    document = open_document(source)
    assert [u.text for u in document.units] == ASS_TEXTS
    assert document.write([u.text for u in document.units]) == original
    written = document.write([u.text.upper() for u in document.units]).decode("utf-8")
    events = [line for line in written.splitlines() if line.startswith("Dialogue:")]
    assert [line.split(",", 9)[9] for line in events] == [
        "WELL, WELL, WELL. LOOK WHO IS HERE.",
        "I WAITED FOR YOU\\NALL NIGHT LONG.",
        "{\\i1}NOBODY{\\i0} TOLD ME YOU WERE COMING.",
        "{\\an8}THE OLD MILL INN",
    ]
    before = original.decode("utf-8").splitlines()
    after = written.splitlines()
    assert len(before) == len(after)
    for old, new in zip(before, after, strict=True):  # all else as it was
        if old.startswith("Dialogue:"):  # (ten fields: the text is the last)
            assert new.split(",", 9)[:9] == old.split(",", 9)[:9]
        else:
            assert new == old
    bilingual = document.write([u.text.upper() for u in document.units], bilingual=True)
    assert "Look who is here.\\NWELL, WELL, WELL." in bilingual.decode("utf-8")


def test_youtube_subviewer_captions_translate_cue_by_cue() -> None:
    """YouTube Studio's .sbv, laid out as its help page shows it (no program here writes the
    format): a timing line, the cue's lines, a blank line; CRLF as downloaded on Windows."""
    from engine.documents.subtitles import read_sbv

    source = (
        "0:00:00.599,0:00:04.160\r\n>> ALICE: Hi, my name is Alice Miller and this is John\r\n"
        "Brown\r\n\r\n0:00:04.160,0:00:06.770\r\n>> JOHN: and we're the owners of Miller\r\n"
        "Bakery.\r\n\r\n0:00:06.770,0:00:10.880\r\n>> ALICE: Today we'll be teaching you how\r\n"
        "to make our famous chocolate chip cookies!\r\n"
    )
    document = read_sbv(source.encode("utf-8"), Path("bakery.sbv"))
    # (a line break inside a sentence is layout: the translator reads a space)
    assert [u.text for u in document.units] == [
        ">> ALICE: Hi, my name is Alice Miller and this is John Brown",
        ">> JOHN: and we're the owners of Miller Bakery.",
        ">> ALICE: Today we'll be teaching you how to make our famous chocolate chip cookies!",
    ]
    assert document.render([u.text for u in document.units]) == source.encode("utf-8")
    out = document.render([u.text.upper() for u in document.units]).decode("utf-8")
    # (wrapped anew: 47 characters, over a subtitle's 42)
    john = "0:00:04.160,0:00:06.770\r\n>> JOHN: AND WE'RE THE\r\nOWNERS OF MILLER BAKERY.\r\n"
    assert out.count(john) == 1
    assert "\n" not in out.replace("\r\n", "")
    bilingual = document.render_bilingual(["A", "B", "C"]).decode("utf-8")
    assert "Bakery.\r\nB\r\n\r\n0:00:06.770" in bilingual
    with pytest.raises(DocumentError) as info:
        read_sbv(b"0:00:01.000,0:00:02.000\nHi\n\nno timing here\n", Path("x.sbv"))
    assert info.value.params == {"line": 4}


@pytest.mark.parametrize(
    "name", ["pysubs2-lines.srt", "pysubs2-lines.vtt", "pysubs2-lines.ass", "crlf"]
)
def test_a_two_line_cue_translated_as_one_sentence_keeps_two_lines(name: str) -> None:
    """pysubs2's cues of one sentence over two lines: the translator reads the sentence as
    one line and gives one back, which was written as one long line (the line break of an
    italic cue, between two tags, became a space). Each now keeps its two lines, as even as
    the words allow, its tags where they were; a cue whose translation has its own line
    break (two speakers) keeps it; CRLF files (the SubRip file with Windows line ends) stay
    CRLF throughout."""
    folder = Path(__file__).parent / "data" / "subtitles"
    source = folder / (name if name != "crlf" else "pysubs2-lines.srt")
    data = source.read_bytes()
    if name == "crlf":
        data = data.replace(b"\n", b"\r\n")
    document = READERS[source.suffix](data, source)
    # (.ass under WrapStyle 0: the renderer wraps, its \N stays a line break)
    lines = [
        "I never thought I would see you again\nafter all these years.",
        "I waited for you at the station\nall night long.",
    ]
    wraps = source.suffix != ".ass"
    assert [u.text for u in document.units[:2]] == [
        line.replace("\n", " ") if wraps else line for line in lines
    ]
    assert document.units[2].text == "- Who is there?\n- Only me."
    translated = [
        "Ich hätte nie gedacht, dass ich dich nach all den Jahren wiedersehen würde.",
        "Ich habe die ganze Nacht am Bahnhof auf dich gewartet.",
        "- Wer ist da?\n- Nur ich.",
    ]
    out = document.write(translated).decode("utf-8")
    if name == "crlf":
        assert "\n" not in out.replace("\r\n", "")
    cues = _cue_texts(out.replace("\r\n", "\n"), source.suffix)
    for cue, text in zip(cues, translated, strict=True):
        lines = cue.split("\n")
        assert len(lines) == 2
        assert " ".join(re.sub(r"</?i>|\{\\i[01]\}", "", cue).split("\n")) == " ".join(
            text.split("\n")
        )
    first = cues[0].split("\n")
    assert first[0].startswith(("<i>", "{\\i1}")) and first[1].endswith(("</i>", "{\\i0}"))
    assert not first[0].endswith(("</i>", "{\\i0}"))  # one italic span, as before
    widths = [len(line) for line in cues[1].split("\n")]
    assert max(widths) - min(widths) <= 8  # (27 and 26 characters)
    assert cues[2] == "- Wer ist da?\n- Nur ich."
    assert document.write([u.text for u in document.units]) == data


def _cue_texts(written: str, suffix: str) -> list[str]:
    """The text of each cue of a written SubRip, WebVTT or .ass file (an .ass's \\N as \\n)."""
    if suffix == ".ass":
        events = [line for line in written.splitlines() if line.startswith("Dialogue:")]
        return [line.split(",", 9)[9].replace("\\N", "\n") for line in events]
    blocks = [b for b in written.strip().split("\n\n") if "-->" in b]
    return [b.split("-->", 1)[1].split("\n", 1)[1] for b in blocks]


def test_a_soft_line_break_reads_as_what_the_script_shows() -> None:
    """An .ass soft line break (\\n) shows as a space, or breaks the line where the script's
    WrapStyle is 2. It was sent to the translator as the two characters "\\n"."""
    from engine.documents.subtitles import read_ass

    events = (
        "[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, "
        "Text\nDialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,I waited\\nall night.\n"
    )
    cases = [
        ("0", "I waited all night.", "Ich wartete die ganze Nacht."),
        # (a line break inside a sentence is layout: a space, the line wrapped anew)
        ("2", "I waited all night.", "Ich wartete die ganze Nacht."),
    ]
    for style, seen, written in cases:
        source = f"[Script Info]\nScriptType: v4.00+\nWrapStyle: {style}\n\n{events}"
        document = read_ass(source.encode("utf-8"), Path("soft.ass"))
        assert [u.text for u in document.units] == [seen]
        assert document.write([seen]) == source.encode("utf-8")
        out = document.write(["Ich wartete die ganze Nacht."]).decode("utf-8")
        assert out.endswith(f",,{written}\n")


def test_a_substation_alpha_drawing_is_no_text_and_a_hard_space_is_a_space() -> None:
    """A review found a sign's vector drawing ({\\p1} and its commands) sent to the
    translator, and words around a hard space (\\h) glued into one."""
    from engine.documents.subtitles import read_ass

    source = (
        "[Script Info]\nScriptType: v4.00+\n\n[Events]\n"
        "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
        "Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,Wait\\h—what? Hard\\hspace.\n"
        "Dialogue: 0,0:00:02.00,0:00:03.00,Sign,,0,0,0,,{\\an7\\p1}m 0 0 l 100 0 100 100{\\p0}\n"
        "Dialogue: 0,0:00:03.00,0:00:04.00,Sign,,0,0,0,,{\\p1}m 0 0 l 10 0{\\p0}The Old Mill\n"
    )
    document = read_ass(source.encode("utf-8"), Path("signs.ass"))
    assert [u.text for u in document.units] == ["Wait\u00a0—what? Hard\u00a0space.", "The Old Mill"]
    assert document.write([u.text for u in document.units]) == source.encode("utf-8")
    out = document.write(["Warte\u00a0—\u00a0was?", "Die alte Mühle"]).decode("utf-8")
    assert ",,Warte\\h—\\hwas?\n" in out
    assert "{\\an7\\p1}m 0 0 l 100 0 100 100{\\p0}\n" in out
    assert "{\\p1}m 0 0 l 10 0{\\p0}Die alte Mühle\n" in out


def test_a_substation_alpha_file_that_is_not_one_says_where() -> None:
    from engine.documents.subtitles import read_ass

    def read(text: str) -> DocumentError:
        with pytest.raises(DocumentError) as info:
            read_ass(text.encode("utf-8"), Path("talk.ass"))
        return info.value

    assert read("Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,Hi\n").params == {"line": 1}
    no_format = "[Script Info]\nTitle: x\n\n[Events]\nDialogue: 0,0:00:01.00,Hi\n"
    error = read(no_format)
    assert error.message_id == "document.bad_subtitles" and error.params == {"line": 5}
    short = (
        "[Script Info]\n[Events]\nFormat: Layer, Start, End, Style, Text\n"
        "Dialogue: 0,0:00:01.00,0:00:02.00\n"
    )
    assert "fewer than 5 fields at line 4" in read(short).message


@pytest.mark.parametrize("producer", ["pandoc", "libreoffice"])
def test_equations_in_a_word_sentence_are_placeholders_among_its_words(producer: str) -> None:
    """Office Math (pandoc's, and LibreOffice's after it) is never translated: an equation in
    a sentence is seen as a placeholder, as a field is, and the translation's words go
    around it as they stand around its placeholder; a paragraph that is only an equation is
    no unit. Before, the translator saw "given by  where  is the mass", and the translation
    was cut at the equations by length."""
    import zipfile

    from lxml import etree

    source = Path(__file__).parent / "data" / "math" / f"{producer}.docx"
    document = open_document(source)
    assert [(u.text, u.fields) for u in document.units] == [
        ("The energy is given by ZXQ1Q where ZXQ2Q is the mass.", ("E=mc2", "m")),
        ("The end of the report.", ()),
    ]
    translation = "Die Energie ist durch ZXQ1Q gegeben, wobei ZXQ2Q die Masse ist."
    out = document.write([translation, "Das Ende."])
    math = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

    def equations(data: bytes) -> list[bytes]:
        root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
        return [etree.tostring(e) for e in root.iter(f"{math}oMath")]

    assert sorted(equations(out)) == sorted(equations(source.read_bytes()))  # unchanged
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(out)).read("word/document.xml"))
    first = next(p for p in root.iter(f"{w}p") if p.find(f".//{math}oMath") is not None)
    seen: list[str] = []
    for element in first.iter(f"{w}t", f"{math}oMath"):
        if element.tag == f"{math}oMath":
            seen.append("[" + "".join(t.text or "" for t in element.iter(f"{math}t")) + "]")
        elif not any(a.tag == f"{math}oMath" for a in element.iterancestors()):
            seen.append(element.text or "")
    expected = "Die Energie ist durch [E=mc2] gegeben, wobei [m] die Masse ist."
    assert "".join(seen).split() == expected.split()


def test_formulas_in_an_odt_sentence_are_placeholders_among_its_words() -> None:
    """LibreOffice Math objects anchored as characters (LibreOffice's .odt of the same
    document): each is a placeholder, its StarMath text what summarizing reads; the frames
    are left as they are, the translation's words around them."""
    import zipfile

    from lxml import etree

    source = Path(__file__).parent / "data" / "math" / "libreoffice.odt"
    document = open_document(source)
    first = document.units[0]
    assert first.text == "The energy is given by ZXQ1Q where ZXQ2Q is the mass."
    assert first.fields == ("E = m {c} ^ {2}", "m")
    assert first.shown == "The energy is given by E = m {c} ^ {2} where m is the mass."
    assert [u.text for u in document.units[1:]] == ["The end of the report."]
    translation = "Die Energie ist durch ZXQ1Q gegeben, wobei ZXQ2Q die Masse ist."
    out = document.write([translation, "Das Ende."])
    text = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
    draw = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(out)).read("content.xml"))
    paragraph = next(p for p in root.iter(f"{text}p") if p.find(f".//{draw}frame") is not None)
    seen = [paragraph.text or ""]
    for child in paragraph:
        is_frame = child.tag == f"{draw}frame"
        seen.append(f" [{child.get(f'{draw}name')}] " if is_frame else "".join(child.itertext()))
        seen.append(child.tail or "")
    expected = "Die Energie ist durch [Object1] gegeben, wobei [Object2] die Masse ist."
    assert "".join(seen).split() == expected.split()


@pytest.mark.parametrize("ext", [".html", ".epub"])
def test_mathml_in_a_sentence_is_one_placeholder_showing_its_tex(ext: str) -> None:
    """pandoc's MathML (--mathml): a formula in a sentence is one placeholder, whose shown
    text is its TeX annotation, and the formula is written back as it was. Before, an EPUB's
    formula cut its sentence into three units (its MathML elements read as blocks)."""
    source = Path(__file__).parent / "data" / "math" / f"pandoc{ext}"
    document = open_document(source)
    (unit,) = [u for u in document.units if "ZXQ" in u.text]
    assert " ".join(unit.text.split()) == "The energy is given by ZXQ1Q where ZXQ2Q is the mass."
    assert unit.fields == ("E = mc^2", "m")
    translations = [
        "Die Energie ist durch ZXQ1Q gegeben, wobei ZXQ2Q die Masse ist." if u is unit else u.text
        for u in document.units
    ]
    out = document.write(translations)
    if ext == ".epub":
        import zipfile

        def part(data: bytes) -> str:
            book = zipfile.ZipFile(io.BytesIO(data))
            name = next(n for n in book.namelist() if n.endswith("ch001.xhtml"))
            return book.read(name).decode("utf-8")

        before, after = part(source.read_bytes()), part(out)
    else:
        before, after = source.read_text(encoding="utf-8"), out.decode("utf-8")
    from lxml import etree

    formulas = re.compile(r"<math.*?</math>", re.DOTALL)

    def canonical(text: str) -> list[bytes]:  # (an EPUB's part is written by lxml again)
        return [etree.tostring(etree.fromstring(m), method="c14n") for m in formulas.findall(text)]

    assert canonical(after) == canonical(before)  # untouched, in order
    text = " ".join(re.sub(r"<[^>]+>", " ", formulas.sub(" [F] ", after)).split())
    assert "Die Energie ist durch [F] gegeben, wobei [F] die Masse ist." in text


def test_pdf_paragraphs_without_space_between_them_come_back_one_by_one() -> None:
    """LibreOffice's PDF of paragraphs set with no space between them: pdfminer gives one
    text box; a line that the next line's first word would have fitted on ends a paragraph
    (ragged and justified, and Chinese, whose lines are joined without a space)."""
    from pdfminer.layout import LTTextBox

    from engine.documents.pdf import _extract_pages
    from tests.fixtures.producers import SPACING_PARAGRAPHS

    source = Path(__file__).parent / "data" / "spacing" / "libreoffice.pdf"
    (page,) = _extract_pages(source.read_bytes(), 1)
    assert len([box for box in page if isinstance(box, LTTextBox)]) == 1  # (as it comes)
    assert [u.text for u in open_document(source).units] == SPACING_PARAGRAPHS


def test_pdf_paragraphs_that_indent_their_first_line_come_back_whole_and_one_by_one() -> None:
    """LibreOffice's PDF of paragraphs told apart by a first-line indent alone: pdfminer
    starts a box at each line lining up with neither edge of the one above, so boxes right
    under one another in one column are read on as one; a line indented as the paragraph's
    own first line was, after a line at the margin, starts the next (the first one's last
    line is nearly full: nothing else tells). A bibliography's hanging indent is not read as
    paragraphs starting."""
    from pdfminer.layout import LTTextBox

    from engine.documents.pdf import _extract_pages
    from tests.fixtures.producers import INDENTED_PARAGRAPHS

    source = Path(__file__).parent / "data" / "spacing" / "indented.pdf"
    (page,) = _extract_pages(source.read_bytes(), 1)
    boxes = [box for box in page if isinstance(box, LTTextBox)]
    assert len(boxes) > len(INDENTED_PARAGRAPHS)  # (as it comes: paragraphs in pieces)
    assert [u.text for u in open_document(source).units] == [t for _, t in INDENTED_PARAGRAPHS]


def test_pdf_paragraphs_of_a_novel_a_paper_and_japanese_come_back_one_by_one() -> None:
    """LibreOffice's PDFs: a novel's page (the first paragraph after a heading not indented,
    the next ones indented, one-line lines of dialogue, a justified block quote set in from
    both sides), a double-spaced paper (its lines further apart than pdfminer groups) and
    Japanese with indents typed as ideographic spaces and one-line lines of dialogue at the
    margin (each line a box of its own at 150 % line spacing)."""
    from tests.fixtures.producers import JAPANESE_PARAGRAPHS, NOVEL_PARAGRAPHS, PAPER_PARAGRAPHS

    folder = Path(__file__).parent / "data" / "spacing"
    expected = {
        "novel": [t for _, t in NOVEL_PARAGRAPHS],
        "paper": [t for _, t in PAPER_PARAGRAPHS],
        "japanese": [t.lstrip("\u3000") for t in JAPANESE_PARAGRAPHS],
    }
    for name, paragraphs in expected.items():
        assert [u.text for u in open_document(folder / f"{name}.pdf").units] == paragraphs, name


def test_pdf_paragraphs_with_the_same_space_after_each_are_not_joined(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """LibreOffice's PDF of a document whose paragraphs have the same space after each (its
    "Text Body", as pandoc's .docx sets it): the even gaps read as a double-spaced text's, so
    a paragraph whose last line was full was joined to the next (90 of 1,000 in a 101-page
    report, an outside review). Their lines are set closer than the gap: paragraphs."""
    from engine.documents import pdf
    from tests.fixtures.producers import UNIFORM_PARAGRAPHS

    source = Path(__file__).parent / "data" / "spacing" / "uniform.pdf"
    assert [u.text for u in open_document(source).units] == UNIFORM_PARAGRAPHS
    # The case is there: without comparing with the lines' own spacing, some were joined.
    monkeypatch.setattr(pdf, "_line_gaps", lambda _box: [])
    assert len(open_document(source).units) < len(UNIFORM_PARAGRAPHS)


def test_a_pdf_paragraph_the_page_break_cut_comes_back_whole() -> None:
    """LibreOffice's PDF of a report whose paragraph runs on to the next page: it came back
    as two units, "…which projects were" and "finished on time…", each translated and
    summarized apart (an outside review). One unit now, on the page it starts on; the
    paragraphs that end on a page stay apart."""
    from tests.fixtures.producers import PAGES_PARAGRAPHS

    units = open_document(Path(__file__).parent / "data" / "spacing" / "pages.pdf").units
    assert [u.text for u in units] == PAGES_PARAGRAPHS
    assert {u.page for u in units} == {1, 2}  # (the break falls inside one of them)
    assert _runs_on("which projects were", "finished on time")
    assert not _runs_on("the plan.", "finished")  # a sentence ended
    assert not _runs_on("which projects were", "Section 9")  # a new paragraph's capital
    assert not _runs_on("7", "the end")  # a page number between them


def test_a_pdf_lists_labels_begin_their_items() -> None:
    """pandoc's lists laid out by LibreOffice: each bullet or number is a text box of its
    own, apart from its item (before, the labels came back as units of their own, after the
    items or among them); a label begins its item, and a new item a paragraph."""
    from tests.fixtures.producers import LIST_HEADING, LIST_ITEMS

    source = Path(__file__).parent / "data" / "spacing" / "lists.pdf"
    items = [f"{'•' if label == '-' else label} {text}" for label, text in LIST_ITEMS]
    expected = ["The council noted the following.", *(t.replace("'", "\u2019") for t in items)]
    assert [u.text for u in open_document(source).units] == expected
    # python-docx's list styles: LibreOffice sets Word's bullet (the Symbol font's, in the
    # private use area) on the item's line; it reads as a bullet, not a private character.
    source = source.with_name("python-docx-lists.pdf")
    items = [f"{'•' if label == '-' else label} {text}" for label, text in LIST_ITEMS]
    assert [u.text for u in open_document(source).units] == [LIST_HEADING, *items]


def test_a_two_column_paper_reads_column_by_column_with_its_quote_list_and_references() -> None:
    """reportlab's two-column paper: a title across both columns, then the left column and
    the right (pdfminer's own order read the right one first); headings of the body's size;
    a justified block quote set in from both sides under a nearly full line; a list whose
    bullets are glyphs without text ("(cid:127)" from pdfminer, no text to translate);
    references with a hanging indent."""
    from tests.fixtures.producers import REPORTLAB_PAPER

    source = Path(__file__).parent / "data" / "spacing" / "reportlab.pdf"
    assert [u.text for u in open_document(source).units] == [t for _, t in REPORTLAB_PAPER]


def test_pdf_chinese_and_japanese_lines_in_boxes_of_their_own_are_read_on() -> None:
    """With Word's line spacing, LibreOffice's PDF of Chinese and Japanese sets lines further
    apart than pdfminer groups (its fonts' line height is more than their size): each line is
    a box, and a paragraph must still come back whole, joined without spaces."""
    from pdfminer.layout import LTTextBox

    from engine.documents.pdf import _extract_pages
    from tests.fixtures.producers import CJK_PARAGRAPHS

    source = Path(__file__).parent / "data" / "spacing" / "cjk.pdf"
    (page,) = _extract_pages(source.read_bytes(), 1)
    boxes = [box for box in page if isinstance(box, LTTextBox)]
    assert all(len(list(box)) == 1 for box in boxes) and len(boxes) > len(CJK_PARAGRAPHS)
    assert [u.text for u in open_document(source).units] == CJK_PARAGRAPHS


def test_pdf_lines_join_as_their_script_writes_them() -> None:
    from engine.documents.pdf import _paragraph

    # A justified line's stretched spaces (pdfminer reads them as several), a hyphenated word.
    assert _paragraph("Figures   percent  region inter-\nnational  costs\n") == (
        "Figures percent region inter\u00adnational costs"  # (the document's words decide)
    )
    assert _paragraph("董事会于星期一\n开会。\nQuire 2024\n") == "董事会于星期一开会。 Quire 2024"


def test_a_pdf_lines_first_word_skips_glyphs_without_text() -> None:
    """A font without a Unicode map may give a glyph no text: not a word, and no crash."""
    from pdfminer.layout import LTChar

    from engine.documents.pdf import _first_word

    def glyph(text: str, x0: float) -> LTChar:
        made = LTChar.__new__(LTChar)
        made._text, made.x0, made.x1 = text, x0, x0 + 5
        return made

    line = [glyph("", 0), glyph("W", 5), glyph("e", 10), glyph(" ", 15), glyph("go", 20)]
    assert [g.get_text() for g in _first_word(line)] == ["W", "e"]
    assert [g.get_text() for g in _first_word([glyph("董", 0), glyph("事", 5)])] == ["董"]


def test_pdf_reading_order_pages_and_outputs(samples: dict[str, Path]) -> None:
    import docx

    document = open_document(samples[".pdf"])
    units = document.units
    assert units[0].text == "A two column page"
    left = next(n for n, u in enumerate(units) if u.text.startswith(build.COLUMN_LEFT[0]))
    right = next(n for n, u in enumerate(units) if u.text.startswith(build.COLUMN_RIGHT[0]))
    assert left < right  # the left column is read whole before the right one
    assert " ".join(build.COLUMN_LEFT) in units[left].text  # lines joined into a paragraph
    assert [u.page for u in units] == [1, 1, 1, 2]
    assert units[-1].text == "This is page 2. It has a short paragraph."
    assert document.default_suffix == ".docx"
    translations = [u.text.upper() for u in units]

    data = document.write(translations)
    written = docx.Document(io.BytesIO(data))
    assert [p.text for p in written.paragraphs] == translations
    # Dated as zip's first date, not the time of writing: the same input and translations
    # give the same bytes (a cluster's outputs equal a local run's).
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    breaks = [p.paragraph_format.page_break_before for p in written.paragraphs]
    assert breaks == [None, None, None, True]

    bilingual = docx.Document(io.BytesIO(document.write(translations, bilingual=True)))
    texts = [p.text for p in bilingual.paragraphs]
    assert texts[0::2] == [u.text for u in units] and texts[1::2] == translations
    assert bilingual.paragraphs[0].runs[0].italic

    text = document.write(translations, ".txt").decode()
    first, second = text.split("\n\n\f\n")
    assert first.split("\n\n") == translations[:3] and second.strip() == translations[3]
    with pytest.raises(DocumentError):
        document.write(translations, ".pdf")


def test_pdf_control_characters_do_not_stop_the_docx_writer() -> None:
    """A text layer can hold control characters (fonts without a Unicode map); XML cannot."""
    import docx

    from engine.documents.base import Unit
    from engine.documents.pdf import PdfDocument, _paragraph

    assert _paragraph("Hello\x02world\x0b\nagain") == "Hello world again"
    document = PdfDocument(Path("x.pdf"), [Unit("page1#p1", "Hello\x02 world", page=1)])
    for bilingual in (False, True):
        written = docx.Document(io.BytesIO(document.write(["Hallo\x00 Welt"], bilingual=bilingual)))
        assert [p.text for p in written.paragraphs][-1] == "Hallo Welt"


def test_pdf_through_translate_file_writes_docx(samples: dict[str, Path], tmp_path: Path) -> None:
    recorder = build.Upper()
    out = tmp_path / "doc.de.docx"
    translate_file(samples[".pdf"], out, recorder)
    assert recorder.seen == [u.text for u in open_document(samples[".pdf"]).units]
    assert open_document(out).units[0].text == "A TWO COLUMN PAGE"


@pytest.mark.parametrize(
    ("name", "payload", "message"),
    [
        ("locked.pdf", lambda: build.encrypted_pdf(build.pdf_bytes(1)), "encrypted"),
        ("scan.pdf", lambda: build.pdf_bytes(image_only=True), "no text layer"),
        # (a drawing without words, as an empty table's lines: no text, and no scan to OCR)
        ("shapes.pdf", lambda: build.pdf_bytes(shapes_only=True), "nothing is written"),
        ("empty.pdf", build.pdf_without_pages, "has no pages"),  # (not "a scan": no OCR)
        ("fake.pdf", lambda: b"Hello, I am text", "not a PDF"),
        ("cut.pdf", lambda: build.pdf_bytes(1)[:400], None),
    ],
)
def test_bad_pdfs_raise_document_error(
    tmp_path: Path, name: str, payload: Callable[[], bytes], message: str | None
) -> None:
    path = tmp_path / name
    path.write_bytes(payload())
    with pytest.raises(DocumentError, match=message) as info:
        open_document(path)
    assert info.value.path == path and info.value.hint


def test_drm_epub_and_broken_archives_raise_document_error(tmp_path: Path) -> None:
    drm = build.epub_file(tmp_path / "drm.epub", encrypted=True)
    with pytest.raises(DocumentError, match="DRM"):
        open_document(drm)
    for ext in (".pptx", ".odt", ".odp", ".epub"):
        path = tmp_path / f"other{ext}"
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("hello.txt", "hi")
        with pytest.raises(DocumentError) as info:
            open_document(path)
        assert info.value.path == path and info.value.hint


@pytest.mark.parametrize("ext", [".docx", ".pptx", ".odt", ".odp", ".epub"])
def test_archives_that_unpack_too_large_are_refused_before_reading(
    samples: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ext: str
) -> None:
    """Every zip format goes through the same limits: the whole archive's unpacked size is
    checked before any entry is read (a zip bomb), then each XML part's."""
    from engine.documents import package

    parts = entries(samples[ext].read_bytes())
    unpacked = sum(len(body) for body in parts.values())
    monkeypatch.setattr(package, "MAX_TOTAL_BYTES", unpacked - 1)
    with pytest.raises(DocumentError, match="unpacks to more than") as info:
        open_document(samples[ext])
    assert info.value.path == samples[ext] and info.value.hint
    assert info.value.message_id == "document.too_large_inside"  # worded by the app
    monkeypatch.setattr(package, "MAX_TOTAL_BYTES", unpacked)
    monkeypatch.setattr(package, "MAX_PART_BYTES", 64)
    with pytest.raises(DocumentError, match="too large to read") as info:
        open_document(samples[ext])
    assert info.value.message_id == "document.too_large_inside"


@pytest.mark.parametrize(
    ("real", "named"), [(".pdf", ".docx"), (".docx", ".pptx"), (".epub", ".odt"), (".odp", ".txt")]
)
def test_a_document_under_another_extension_is_named_for_what_it_is(
    samples: dict[str, Path], tmp_path: Path, real: str, named: str
) -> None:
    path = tmp_path / f"report{named}"
    path.write_bytes(samples[real].read_bytes())
    with pytest.raises(DocumentError, match=f"This is a \\{real} file") as info:
        open_document(path)
    assert info.value.path == path and info.value.hint == f"Rename it to report{real}, then retry"


# ----------------------------------------------------------------- fuzzing


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
@pytest.mark.parametrize("ext", [".docx", ".pptx", ".odt", ".odp", ".epub", ".pdf"])
def test_fuzzed_files_give_document_error_or_a_document(
    samples: dict[str, Path], tmp_path: Path, ext: str, data: st.DataObject
) -> None:
    mode = data.draw(st.integers(0, 9))
    if mode == 0:
        payload = bytearray(data.draw(st.binary(max_size=400)))
    elif mode < 5 and ext != ".pdf":
        # A sound zip with damaged XML inside (the zip's own checks do not catch this).
        parts = entries(samples[ext].read_bytes())
        name = data.draw(st.sampled_from(sorted(n for n in parts if n.endswith(("ml", "ncx")))))
        xml = bytearray(parts[name])
        for _ in range(data.draw(st.integers(1, 6))):
            at = data.draw(st.integers(0, len(xml) - 1))
            xml[at] = data.draw(st.sampled_from(list(b"<>/&;\"'=x \x00\xff")))
        parts[name] = bytes(xml)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for entry, body in parts.items():
                archive.writestr(entry, body)
        payload = bytearray(buffer.getvalue())
    else:
        payload = bytearray(samples[ext].read_bytes())
        for _ in range(data.draw(st.integers(1, 8))):
            at = data.draw(st.integers(0, len(payload) - 1))
            payload[at] = data.draw(st.integers(0, 255))
        payload = payload[: data.draw(st.integers(len(payload) // 2, len(payload)))]
    path = tmp_path / f"fuzz{ext}"
    path.write_bytes(bytes(payload))
    try:
        document = open_document(path)
    except DocumentError:
        return
    translations = [u.text.upper() for u in document.units]
    assert isinstance(document.write(translations), bytes)
    assert isinstance(document.write(translations, bilingual=True), bytes)


# ----------------------------------------------------------------- the real engine


def test_marian_translates_a_report_a_deck_and_a_book_unit_by_unit(
    quire_home: Path, tmp_path: Path
) -> None:
    engine = Engine(EngineOptions(home=quire_home, device="cpu", dtype="fp32"))
    engine.import_model(exported("marian"), "opus-mt-en-de")
    template = TranslateRequest(text="", source="en", target="de")
    for ext in (".docx", ".pptx", ".epub"):
        path = BUILDERS[ext](tmp_path / f"doc{ext}")
        before = sha(path)
        result = translate_document(engine, path, None, template)
        assert result.output == tmp_path / f"doc.de{ext}"
        assert sha(path) == before
        document = open_document(path)
        alone = []
        for unit in document.units:
            single = engine.run(TranslateRequest(text=unit.text, source="en", target="de"))
            assert isinstance(single, TranslateResult)
            alone.append(build.written(unit.text, single.text))
        # (written in German: the parts that name a language name German)
        german = document.write(alone, language=target_language("de"))
        assert entries(result.output.read_bytes()) == entries(german)
        assert entries(german) != entries(document.render(alone))
        assert result.counts.total == len(document.units)


def test_a_pdf_is_read_page_by_page_with_progress_and_a_cancel_stops_it(
    samples: dict[str, Path], tmp_path: Path
) -> None:
    """A PDF's layout takes seconds a page: its reading is reported by page, and Cancel
    stops it between pages, before anything is sent to the model (it used to go on to the
    end of the file, then say a translation could be resumed)."""
    from engine.api import Event, Progress
    from engine.errors import Cancelled
    from engine.options import CancelToken

    events: list[tuple[str, int, int]] = []
    asked: list[str] = []

    def translator(texts: Sequence[str]) -> list[str]:
        asked.extend(texts)
        return list(texts)

    def report(event: Event) -> None:
        if isinstance(event, Progress):
            events.append((event.stage, event.done, event.total))

    translate_file(samples[".pdf"], tmp_path / "out.docx", translator, report)
    reading = [e for e in events if e[0] == "reading pages"]
    assert reading == [("reading pages", 0, 2), ("reading pages", 1, 2), ("reading pages", 2, 2)]
    assert events.index(reading[-1]) < next(
        n for n, e in enumerate(events) if e[0] == "translating"
    )

    token = CancelToken()
    asked.clear()

    def cancelling(event: Event) -> None:
        if isinstance(event, Progress) and event.stage == "reading pages" and event.done == 1:
            token.cancel()  # Cancel pressed while page 2 is read

    with pytest.raises(Cancelled):
        translate_file(samples[".pdf"], tmp_path / "again.docx", translator, cancelling, token)
    assert asked == [] and not (tmp_path / "again.docx").exists()


def test_an_output_the_input_cannot_be_written_as_is_refused_before_it_is_read(
    samples: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from engine.documents import pdf

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("the PDF was read")

    monkeypatch.setattr(pdf, "_extract", never)
    with pytest.raises(DocumentError) as caught:
        translate_file(samples[".pdf"], tmp_path / "out.pdf", lambda texts: list(texts))
    assert caught.value.message == "A .pdf file cannot be written as .pdf"
    assert caught.value.hint == "Name the output with one of: .docx, .txt"


_GERMAN = "Ich hätte nie gedacht, dass ich dich nach all den Jahren in der Stadt wiedersehen würde."


@pytest.mark.parametrize(
    ("text", "lines", "expected"),
    [
        # After a full stop rather than a little more even; not before closing punctuation.
        (
            "「こんにちは」と彼は言った。そして、去っていった。",
            2,
            "「こんにちは」と彼は言った。\nそして、去っていった。",
        ),
        (
            _GERMAN,
            3,
            "Ich hätte nie gedacht,\ndass ich dich nach all den Jahren\n"
            "in der Stadt wiedersehen würde.",
        ),
        ("Je ne pensais pas te revoir.", 2, "Je ne pensais\npas te revoir."),
        # Not after an abbreviation's full stop (a review found "Dr.\nWatson").
        ("Please say hello to Dr. Watson for me.", 2, "Please say hello to\nDr. Watson for me."),
        ("Hallo!", 2, "Hallo!"),  # one word: nowhere to break
        ("สวัสดีครับผมชื่อสมชาย", 2, "สวัสดีครับผมชื่อสมชาย"),  # Thai words are not cut
    ],
)
def test_a_one_line_translation_is_broken_into_the_cues_lines(
    text: str, lines: int, expected: str
) -> None:
    from engine.documents.subtitles import balanced

    assert balanced(text, lines) == expected


def _one_cue(cue: str, translation: str, *, crlf: bool = False) -> str:
    from engine.documents.subtitles import read_srt

    # (the second cue 3 s later: not the rest of a sentence the first leaves open)
    source = f"1\n00:00:01,000 --> 00:00:02,000\n{cue}\n\n2\n00:00:05,000 --> 00:00:06,000\nOk.\n"
    if crlf:
        source = source.replace("\n", "\r\n")
    document = read_srt(source.encode("utf-8"), Path("talk.srt"))
    written = document.write([translation, "Ok."]).decode("utf-8")
    return written.split("00:00:02,000", 1)[1].split("2\r\n" if crlf else "2\n", 1)[0].strip()


@pytest.mark.parametrize(
    ("cue", "expected"),
    [
        ("- <i>Where are you?</i>\n- I am here.", "- <i>Wo bist du?</i>\n- Ich bin hier, {}"),
        ("<i>Where are you?</i>\nI am here.", "<i>Wo bist du?</i>\nIch bin hier, {}"),
        ("Where are you?\n<i>I am here.</i>", "Wo bist du?\n<i>Ich bin hier, {}</i>"),
        (
            'Where are you?\n<font color="#ffff00">I am here.</font>',
            'Wo bist du?\n<font color="#ffff00">Ich bin hier, {}</font>',
        ),
    ],
)
def test_a_tag_on_one_line_of_a_cue_stays_on_that_line(cue: str, expected: str) -> None:
    """An off-screen voice in italics, a speaker's colour: a tag closing at a line's end left
    the break inside the next line's text, and the translation's lines were spread by length,
    the italics running on ("- <i>Wo bist du?\n- Ich bin hier,</i> mein lieber Freund.")."""
    translation = "Wo bist du?\nIch bin hier, mein lieber Freund."
    if cue.startswith("-"):
        translation = "- Wo bist du?\n- Ich bin hier, mein lieber Freund."
    assert _one_cue(cue, translation) == expected.format("mein lieber Freund.")
    crlf = expected.format("mein lieber Freund.").replace("\n", "\r\n")
    assert _one_cue(cue, translation, crlf=True) == crlf


def test_youtube_captions_and_subrip_with_a_blank_line_in_a_cue_are_read() -> None:
    """yt-dlp's auto-captions put a line of one space above a cue's words, and a SubRip cue may
    hold a blank line (or have one right after its timing): all three were refused ("a cue
    without a timing"); players, ffmpeg and pysubs2 read them."""
    from engine.documents.subtitles import read_srt, read_vtt

    youtube = (
        "WEBVTT\nKind: captions\nLanguage: en\n\n00:00:00.080 --> 00:00:02.470 align:start "
        "position:0%\n \nso<00:00:00.320><c> today</c><00:00:00.560><c> we're</c>\n\n"
        "00:00:02.470 --> 00:00:04.000 align:start position:0%\nso today we're\n \n"
    )
    document = read_vtt(youtube.encode(), Path("talk.en.vtt"))
    # (a rolling caption's line is one unit wherever it shows; translated, its words lose
    # their timings, which no longer belong to them)
    assert [u.text for u in document.units] == ["so today we're"]
    written = document.write([u.text.upper() for u in document.units]).decode()
    assert written == youtube.replace(
        "so<00:00:00.320><c> today</c><00:00:00.560><c> we're</c>", "so today we're"
    ).replace("so today we're", "SO TODAY WE'RE")
    assert document.write([u.text for u in document.units]).decode() == youtube
    for cue, text in (("\nSecond line only", "Second line only"), ("One\n \nTwo", "One\n \nTwo")):
        srt = f"1\n00:00:01,000 --> 00:00:02,000\n{cue}\n\n2\n00:00:05,000 --> 00:00:06,000\nOk.\n"
        document = read_srt(srt.encode(), Path("talk.srt"))
        assert [u.text for u in document.units] == [text, "Ok."]
        assert document.write([text.upper(), "OK."]).decode() == srt.replace(
            cue, cue.upper()
        ).replace("Ok.", "OK.")
    with pytest.raises(DocumentError, match="a cue without a timing at line 1"):
        read_srt(b"Just words\n\n1\n00:00:01,000 --> 00:00:02,000\nHi.\n", Path("x.srt"))


def test_karaoke_in_a_substation_alpha_script_is_left_as_it_is() -> None:
    """Syllables timed by \\k tags and the templater's "fx" lines were sent to the model, the
    syllables' timings spread over the translation by length (an outside review)."""
    from engine.documents.subtitles import read_ass

    events = [
        "Dialogue: 0,0:00:01.00,0:00:04.00,Default,,0,0,0,,{\\k20}Ka{\\k30}ra{\\kf25}o{\\k40}ke",
        "Dialogue: 0,0:00:01.00,0:00:01.20,Default,,0,0,0,fx,{\\an5\\pos(412,50)}sa",
        "Dialogue: 0,0:00:01.00,0:00:04.00,Default,,0,0,0,,The song of the old mill",
    ]
    script = (
        "[Script Info]\nScriptType: v4.00+\n\n[Events]\nFormat: Layer, Start, End, Style, "
        "Name, MarginL, MarginR, MarginV, Effect, Text\n" + "\n".join(events) + "\n"
    )
    document = read_ass(script.encode("utf-8"), Path("song.ass"))
    assert [u.text for u in document.units] == ["The song of the old mill"]


def test_webvtt_references_are_read_as_characters_and_a_rubys_reading_is_kept() -> None:
    """The model read "Tom &amp; Jerry"; a translation's "<3" or "1 < 2" was written bare and
    players dropped it as a tag; a ruby's reading (<rt>かん</rt>) was read into the sentence
    and emptied (an outside review)."""
    from engine.documents.subtitles import read_vtt

    source = (
        "WEBVTT\n\n00:01.000 --> 00:02.000\nTom &amp; Jerry &lt;3\n\n"
        "00:03.000 --> 00:04.000\n<ruby>漢<rt>かん</rt>字<rt>じ</rt></ruby> is kanji\n"
    )
    document = read_vtt(source.encode(), Path("talk.vtt"))
    assert [u.text for u in document.units] == ["Tom & Jerry <3", "漢字 is kanji"]
    assert document.write([u.text for u in document.units]).decode() == source
    written = document.write(["Tom & Jerry <3 immer", "Das ist Kanji"]).decode()
    assert "Tom &amp; Jerry &lt;3 immer\n" in written
    assert written.count("<rt>かん</rt>") == 1 and written.count("<rt>じ</rt>") == 1


def test_a_tag_on_one_line_of_a_substation_alpha_event_stays_on_that_line() -> None:
    from engine.documents.subtitles import read_ass

    script = (
        "[Script Info]\nScriptType: v4.00+\n\n[Events]\nFormat: Layer, Start, End, Style, "
        "Name, MarginL, MarginR, MarginV, Effect, Text\nDialogue: 0,0:00:01.00,0:00:02.00,"
        "Default,,0,0,0,,{\\i1}Where are you?{\\i0}\\NI am here.\n"
    )
    document = read_ass(script.encode("utf-8"), Path("talk.ass"))
    assert [u.text for u in document.units] == ["Where are you?\nI am here."]
    blank_first = read_ass(b"\r\n" + script.encode("utf-8"), Path("talk.ass"))  # (was refused)
    assert [u.text for u in blank_first.units] == ["Where are you?\nI am here."]
    written = document.write(["Wo bist du?\nIch bin hier, mein lieber Freund."]).decode()
    assert written.endswith(",{\\i1}Wo bist du?{\\i0}\\NIch bin hier, mein lieber Freund.\n")


def test_a_cue_re_broken_shows_no_empty_line_and_keeps_speakers_apart() -> None:
    """A review found: a two-line italic cue translated as one word showed an empty line
    (<i></i>); a Thai translation, whole on one line by the rule, was cut in the middle of a
    word to fill the cue's two italic lines; two speakers' lines broken by width put the
    second dash mid-line; a one-line cue in a CRLF file given a line break wrote a bare LF."""
    assert _one_cue("<i>Yes,</i>\n<i>indeed.</i>", "Oui.") == "<i>Oui.</i><i></i>"
    # (a translation that fits one line is one line: "TO THIS\nDAY." came back "TO\nTHIS";
    # the breaks between tags closed and opened alike were the author's wrapping)
    assert _one_cue("<i>a b</i>\n<i>c d</i>\n<i>e f</i>", "Nu omicron") == (
        "<i>Nu</i> <i></i><i>omicron</i>"
    )
    assert _one_cue("<i>a b.</i>\n<i>c d.</i>\n<i>e f.</i>", "Nu omicron " * 5) == (
        "<i>Nu omicron</i>\n<i>Nu omicron Nu omicron</i>\n<i>Nu omicron Nu omicron</i>"
    )
    thai = "ฉันบอกคุณแล้วว่าเราจะไม่ไปที่นั่น"
    assert _one_cue("<i>I told you already,</i>\n<i>we're not going there.</i>", thai) == (
        f"<i>{thai}</i><i></i>"
    )
    assert (
        _one_cue(
            "- Where are you?\n- Right here.", "- Où es-tu ? - Je suis juste ici avec toi, regarde."
        )
        == "- Où es-tu ?\n- Je suis juste ici avec toi, regarde."
    )
    assert _one_cue("<i>one two</i>", "un deux\ntrois", crlf=True) == "<i>un deux\r\ntrois</i>"
    # A hesitation's dash is no second speaker: the new one follows a sentence's end.
    assert _one_cue("- I - I do not know.\n- You do.", "- Ich - ich weiß nicht. - Doch.") == (
        "- Ich - ich weiß nicht.\n- Doch."
    )
    assert _one_cue("- Hi\n- Hello", "- Salut - Bonjour") == "- Salut\n- Bonjour"


@pytest.mark.parametrize("name", ["ch001.xhtml", "ch001.xht"])
def test_an_xhtml_page_is_read_as_a_web_page_and_written_as_xml(tmp_path: Path, name: str) -> None:
    # pandoc's chapter, as EPUB tools and static site generators leave one beside the book.
    with zipfile.ZipFile(Path(__file__).parent / "data" / "producers" / "pandoc.epub") as book:
        (tmp_path / name).write_bytes(book.read("EPUB/text/ch001.xhtml"))
    out = tmp_path / f"de-{name}"
    translate_file(tmp_path / name, out, lambda ts: [f"«{t.upper()}»" for t in ts], language="de")
    tree = etree.parse(str(out))  # well-formed XML, or this raises
    xhtml = "{http://www.w3.org/1999/xhtml}"
    assert tree.getroot().get("{http://www.w3.org/XML/1998/namespace}lang") == "de"
    assert tree.findtext(f".//{xhtml}h1") == "«THE QUARTERLY REPORT»"
    document = open_document(tmp_path / name)
    both = document.write([t.upper() for t in (u.text for u in document.units)], bilingual=True)
    spans = etree.fromstring(bytes(both)).iter(f"{xhtml}span")
    assert "THE FIRST POINT OF THE LIST." in [s.text for s in spans]


def test_markdowns_other_suffixes_are_read_as_markdown(tmp_path: Path) -> None:
    for suffix in (".mdown", ".mkd", ".mkdn", ".mdwn"):
        source = tmp_path / f"notes{suffix}"
        source.write_text("# Notes\n\nSome *important* text.\n", encoding="utf-8")
        out = tmp_path / f"de{suffix}"
        translate_file(source, out, lambda ts: [t.upper() for t in ts], language="de")
        assert out.read_text(encoding="utf-8") == "# NOTES\n\nSOME *IMPORTANT* TEXT.\n"
