"""Fields (page numbers, page counts, dates, slide numbers, cross-references) are atomic: the
translator sees a placeholder where one stands, never its cached value as words; the
translation is cut at the placeholder, so the field stays whole in its place in the sentence
and no translated text is written into it. Input fields and content controls hold the
author's words and are translated. Checked on files as LibreOffice writes them
(tests/data/fields, written by tools/make_producer_fixtures.py) and on .docx fields as
python-docx users add them."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest
from lxml import etree

from engine.documents import open_document, translate_file
from engine.documents.extraction import extract
from tests.fixtures import producers

DATA = Path(__file__).parent / "data" / "fields"
FILES = sorted(producers.FIELD_FILES)
SENTENCE = "This is page ZXQ1Q of the quarterly report."
FOOTER = "Page ZXQ1Q of ZXQ2Q in the report"
SLIDE = "Slide ZXQ1Q of the strategy deck"
GERMAN = {
    SENTENCE: "Dies ist Seite ZXQ1Q des Quartalsberichts.",
    FOOTER: "Seite ZXQ1Q von ZXQ2Q im Bericht",
    SLIDE: "Folie ZXQ1Q der Strategiepräsentation",
}
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"


def words(text: str) -> str:
    return " ".join(text.split())


class Table:
    """A translator: the hand translation of a unit it knows (whitespace folded), else the
    unit upper-cased; it keeps every text it was given."""

    def __init__(self, table: Mapping[str, str]) -> None:
        self.table, self.seen = table, list[str]()

    def __call__(self, batch: Sequence[str]) -> list[str]:
        self.seen.extend(batch)
        return [self.table.get(words(t), t.upper()) for t in batch]


def shown(path: Path) -> list[str]:
    """Every paragraph's text as the format's own Python reader shows it, headers and
    footers included (fields show their cached values)."""
    data = path.read_bytes()
    if path.suffix == ".docx":
        import docx

        document = docx.Document(io.BytesIO(data))
        paragraphs = list(document.paragraphs)
        for section in document.sections:
            paragraphs += section.footer.paragraphs
        # python-docx's ``text`` leaves out simple fields and content controls: all w:t.
        return ["".join(t.text or "" for t in p._p.iter(f"{W}t")) for p in paragraphs]
    if path.suffix == ".pptx":
        import pptx

        deck = pptx.Presentation(io.BytesIO(data))
        return [
            p.text
            for slide in deck.slides
            for shape in slide.shapes
            if shape.has_text_frame
            for p in shape.text_frame.paragraphs
        ]
    from odf import teletype, text
    from odf.opendocument import load

    document = load(io.BytesIO(data))
    # The whole document: content.xml and styles.xml (master pages' headers and footers).
    return [teletype.extractText(p) for p in document.getElementsByType(text.P)]


def part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(name))


@pytest.mark.parametrize("name", FILES)
def test_a_field_is_a_placeholder_to_the_translator_and_stays_whole(
    name: str, tmp_path: Path
) -> None:
    path = DATA / name
    texts = [words(u.text) for u in open_document(path).units]
    deck = path.suffix in (".pptx", ".odp")
    expected = [SLIDE] if deck else [SENTENCE, FOOTER]
    for sentence in expected:
        assert sentence in texts
    translator = Table(GERMAN)
    out = tmp_path / f"out{path.suffix}"
    result = translate_file(path, out, translator)
    # The cached values never reach the model as words.
    seen = " ".join(translator.seen)
    assert "page 1" not in seen and "Page 1" not in seen and "<number>" not in seen
    assert result.counts.failed == 0
    after = [words(t) for t in shown(out)]
    if deck:
        assert "Folie <number> der Strategiepräsentation" in after, after
    else:
        assert "Dies ist Seite 1 des Quartalsberichts." in after, after
        assert "Seite 1 von 1 im Bericht" in after, after
    assert not any("ZXQ" in t.upper() for t in after)


def test_the_fields_are_still_fields_in_the_written_files(tmp_path: Path) -> None:
    outputs = {}
    for name in FILES:
        outputs[name] = tmp_path / name
        translate_file(DATA / name, outputs[name], Table(GERMAN))
    body = part(outputs["libreoffice.docx"], "word/document.xml")
    (paragraph,) = [p for p in body.iter(f"{W}p") if "Seite" in "".join(p.itertext())]
    kinds = [
        e.get(f"{W}fldCharType") or (e.text.strip() if e.tag == f"{W}instrText" else e.text)
        for e in paragraph.iter(f"{W}fldChar", f"{W}instrText", f"{W}t")
    ]
    page = ["begin", "PAGE", "separate", "1", "end"]
    assert kinds == ["Dies ist Seite ", *page, " des Quartalsberichts."]
    content = part(outputs["libreoffice.odt"], "content.xml")
    (paragraph,) = [p for p in content.iter(f"{TEXT}p") if "Seite" in "".join(p.itertext())]
    (number,) = paragraph.iter(f"{TEXT}page-number")
    assert number.text == "1" and paragraph.text == "Dies ist Seite "
    slide = part(outputs["libreoffice.pptx"], "ppt/slides/slide1.xml")
    (code,) = slide.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}fld")
    assert code.get("type") == "slidenum" and "".join(code.itertext()) == "<number>"


@pytest.mark.parametrize("name", ["libreoffice.odt", "libreoffice.docx"])
def test_a_lost_or_mangled_placeholder_leaves_the_field_in_its_place(
    name: str, tmp_path: Path
) -> None:
    mangled = {
        SENTENCE: "Dies ist Seite zxq 1q des Quartalsberichts.",  # case and a space changed
        FOOTER: "Seite von im Bericht",  # the model dropped both placeholders
    }
    out = tmp_path / name
    translate_file(DATA / name, out, Table(mangled))
    after = [words(t) for t in shown(out)]
    assert "Dies ist Seite 1 des Quartalsberichts." in after, after
    (footer,) = [t for t in after if t.endswith("im Bericht")]
    assert footer.count("1") == 2 and "ZXQ" not in footer.upper()  # each field once, no code


def test_a_placeholder_the_model_repeats_is_not_written_as_text(tmp_path: Path) -> None:
    out = tmp_path / "out.docx"
    repeated = {SENTENCE: "Dies ist Seite ZXQ1Q des Quartalsberichts ZXQ1Q."}
    translate_file(DATA / "libreoffice.docx", out, Table(repeated))
    assert "Dies ist Seite 1 des Quartalsberichts." in [words(t) for t in shown(out)]


def test_an_input_field_and_a_content_control_are_the_authors_words(tmp_path: Path) -> None:
    for name in ("libreoffice.odt", "libreoffice.docx"):
        document = open_document(DATA / name)
        (unit,) = [u for u in document.units if "invoice" in u.text]
        assert producers.FIELD_INPUT in unit.runs and producers.FIELD_CONTROL in unit.runs
        assert not unit.fields
        out = tmp_path / name
        translate_file(DATA / name, out, Table({}))
        (after,) = [t for t in shown(out) if "INVOICE" in t]
        assert producers.FIELD_INPUT.upper() in after, (name, after)
        assert producers.FIELD_CONTROL.upper() in after, (name, after)


def test_summarize_and_ask_read_a_fields_value_not_its_placeholder() -> None:
    for name in FILES:
        text = extract(DATA / name).text
        assert "ZXQ" not in text
        if name.endswith((".docx", ".odt")):
            assert "This is page 1 of the quarterly report." in words(text)


W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _python_docx_fields(path: Path) -> None:
    """The tester's document: fields as python-docx users add them (``w:fldSimple``), and a
    complex hyperlink field whose words are the author's."""
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    paragraph = document.add_paragraph("This is page ")
    paragraph._p.append(
        parse_xml(f'<w:fldSimple {W_NS} w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>')
    )
    paragraph.add_run(" of the quarterly report for our shareholders.")
    linked = document.add_paragraph("Read ")
    for xml in (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
        '<w:r><w:instrText> HYPERLINK "https://example.com" </w:instrText></w:r>',
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
        "<w:r><w:t>the manual</w:t></w:r>",
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
    ):
        linked._p.append(parse_xml(xml.replace("<w:r>", f"<w:r {W_NS}>", 1)))
    linked.add_run(" first.")
    document.save(str(path))


def test_python_docx_fields_simple_and_complex(tmp_path: Path) -> None:
    path = tmp_path / "fields.docx"
    _python_docx_fields(path)
    units = open_document(path).units
    assert [u.text for u in units] == [
        "This is page ZXQ1Q of the quarterly report for our shareholders.",
        "Read the manual first.",
    ]
    assert units[0].fields == ("1",) and units[1].fields == ()
    german = {
        words(units[0].text): "Dies ist Seite ZXQ1Q des Quartalsberichts für unsere Aktionäre.",
        "Read the manual first.": "Lies zuerst das Handbuch.",
    }
    out = tmp_path / "fields.de.docx"
    translate_file(path, out, Table(german))
    after = shown(out)
    assert after[0] == "Dies ist Seite 1 des Quartalsberichts für unsere Aktionäre."
    assert after[1] == "Lies zuerst das Handbuch."  # the hyperlink's words are translated
    body = part(out, "word/document.xml")
    (simple,) = body.iter(f"{W}fldSimple")
    assert "".join(simple.itertext()) == "1"


def test_fields_keep_their_places_when_the_spaces_around_them_do_not_come_back(
    tmp_path: Path,
) -> None:
    """LibreOffice writes a space after a field as ``text:s``, a fixed piece; a translation
    with a comma there cannot be cut at every fixed piece, but still at every field."""
    out = tmp_path / "out.odt"
    translate_file(
        DATA / "libreoffice.odt", out, Table({FOOTER: "Seite ZXQ1Q von ZXQ2Q, im Bericht"})
    )
    (footer,) = [words(t) for t in shown(out) if "Bericht" in t]
    assert footer.startswith("Seite 1 von 1"), footer


def test_the_committed_field_files_are_small() -> None:
    assert sorted(p.name for p in DATA.iterdir()) == FILES
    assert sum(p.stat().st_size for p in DATA.iterdir()) < 80_000


def test_quire_translate_keeps_every_field_whatever_the_model_writes(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The real engine on a tiny random Marian model: its words are noise, and the fields
    still come out whole, each once, and no placeholder is written as text."""
    import json
    import shutil

    from engine.cli.main import main
    from engine.engine import Engine
    from engine.options import EngineOptions
    from tests.fixtures.builder import exported

    Engine(EngineOptions(home=quire_home)).import_model(exported("marian"), "opus-mt-en-de")
    folder = tmp_path / "in"
    shutil.copytree(DATA, folder)
    assert main(["translate", "--json", "--from", "en", "--to", "de", str(folder)]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert sorted(Path(r["input"]).name for r in rows) == FILES
    for row in rows:
        assert row["error"] is None
        output = Path(row["output"])
        assert not any("ZXQ" in t.upper() for t in shown(output)), output.name
        with zipfile.ZipFile(output) as archive:
            xml = b"".join(archive.read(n) for n in archive.namelist() if n.endswith(".xml"))
        if output.suffix == ".docx":
            assert xml.count(b"> PAGE </w:instrText>") == 2 and b"NUMPAGES" in xml
        elif output.suffix == ".odt":
            assert xml.count(b"<text:page-number") == 2 and b"<text:page-count>1<" in xml
        elif output.suffix == ".pptx":
            assert b'type="slidenum"' in xml and b"&lt;number&gt;</a:t></a:fld>" in xml
        else:
            assert b"<text:page-number>&lt;number&gt;</text:page-number>" in xml


def test_a_table_of_contents_is_translated_and_its_page_numbers_kept(tmp_path: Path) -> None:
    """Word's table of contents: one TOC field over many paragraphs, each entry a hyperlink
    field (the heading's words) holding a PAGEREF field (its page number)."""
    import docx
    from docx.oxml import parse_xml

    def run(inner: str) -> etree._Element:
        return parse_xml(f"<w:r {W_NS}>{inner}</w:r>")

    def field(kind: str) -> etree._Element:
        return run(f'<w:fldChar w:fldCharType="{kind}"/>')

    def code(instruction: str) -> etree._Element:
        return run(f'<w:instrText xml:space="preserve">{instruction}</w:instrText>')

    document = docx.Document()
    entries = [("Introduction to the plan", "1"), ("Results of the year", "2")]
    for n, (title, page) in enumerate(entries):
        p = document.add_paragraph()._p
        if n == 0:
            p.extend([field("begin"), code(' TOC \\o "1-3" \\h '), field("separate")])
        p.extend([field("begin"), code(f' HYPERLINK \\l "_Toc{n}" '), field("separate")])
        p.extend([run(f"<w:t>{title}</w:t>"), run("<w:tab/>")])
        p.extend([field("begin"), code(f" PAGEREF _Toc{n} \\h "), field("separate")])
        p.extend([run(f"<w:t>{page}</w:t>"), field("end"), field("end")])
        if n == len(entries) - 1:
            p.append(field("end"))
    path = tmp_path / "toc.docx"
    document.save(str(path))
    units = open_document(path).units
    assert [(u.text, u.fields) for u in units] == [
        ("Introduction to the plan\tZXQ1Q", ("1",)),
        ("Results of the year\tZXQ1Q", ("2",)),
    ]
    german = {
        "Introduction to the plan ZXQ1Q": "Einführung in den Plan\tZXQ1Q",
        "Results of the year ZXQ1Q": "Ergebnisse des Jahres\tZXQ1Q",
    }
    out = tmp_path / "toc.de.docx"
    translate_file(path, out, Table(german))
    assert shown(out)[:2] == ["Einführung in den Plan1", "Ergebnisse des Jahres2"]  # w:t only


def test_a_glossary_numbers_its_placeholders_around_a_fields() -> None:
    """The engine swaps glossary terms for codes of the same form: it numbers its own above
    the field's and gives the field's back untouched."""
    from engine.text.glossary import Entry, Glossary

    glossary = Glossary([Entry("report", "Bericht")])
    protected = glossary.protect("This is page ZXQ1Q of the report.")
    assert protected.text == "This is page ZXQ1Q of the ZXQ2Q."
    restored = glossary.restore("Dies ist Seite ZXQ1Q des ZXQ2Q.", protected)
    assert restored.text == "Dies ist Seite ZXQ1Q des Bericht." and restored.complete
