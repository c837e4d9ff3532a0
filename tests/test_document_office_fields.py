"""Fields in Word and PowerPoint files as their producers wrote them (tests/data/officefields/:
Word 2007 and 2010's own footers and mail-merge letter and a PowerPoint 2010 slide from
apache/poi, a contract LibreOffice 7.4 writes as .docx, a guide pandoc writes with a table of
contents; see tools/make_officefields_fixtures.py). Each field's XML comes back byte for byte
(Word's "Update fields" reads its instruction), and the words around it are translated and
stay where the translation puts them: after a paragraph's last field too ("ZXQ1Q ページ"),
which had no run of text after it for them to go to."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pytest
from lxml import etree

from engine.documents import Document, open_document
from tests.fixtures.documents import language

DATA = Path(__file__).parent / "data" / "officefields"
FILES = sorted(p.name for p in DATA.iterdir() if p.suffix in (".docx", ".pptx"))
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
GERMAN = language("de")


def marked(texts: Sequence[str]) -> list[str]:
    """A stand-in translator that marks what it touched, every placeholder kept in place
    (the whitespace around a unit kept outside the marks, as the engine keeps it)."""
    return [mark(t) for t in texts]


def mark(text: str) -> str:
    core = text.strip()
    return text.replace(core, f"«{core}»", 1)


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {n: archive.read(n) for n in archive.namelist() if n.endswith(".xml")}


def field_xml(data: bytes) -> dict[str, list[bytes]]:
    """Each part's fields as XML, in order: Word's field characters, instructions and simple
    fields (with their results), PowerPoint's ``a:fld`` (with its cached text)."""
    found: dict[str, list[bytes]] = {}
    for name, xml in parts(data).items():
        root = etree.fromstring(xml)
        tags = (f"{W}fldChar", f"{W}instrText", f"{W}fldSimple", f"{A}fld")
        for properties in root.iterfind(f".//{A}fld/{A}rPr"):
            properties.attrib.pop("lang", None)  # (names the target: its text's language)
        said = [etree.tostring(e, with_tail=False) for e in root.iter(*tags)]
        if said:
            found[name] = said
    return found


def written(document: Document, translations: Sequence[str] | None = None) -> bytes:
    texts = [u.text for u in document.units]
    return document.write(marked(texts) if translations is None else translations, language=GERMAN)


def test_the_fixtures_are_small_and_hold_fields() -> None:
    assert FILES == [
        "libreoffice-contract.docx",
        "pandoc-toc.docx",
        "powerpoint-slide-number.pptx",
        "word-footer.docx",
        "word-mail-merge.docx",
        "word-simple-field.docx",
    ]
    assert sum((DATA / name).stat().st_size for name in FILES) < 160_000
    for name in FILES:
        assert field_xml((DATA / name).read_bytes()), name


@pytest.mark.parametrize("name", FILES)
def test_every_field_is_kept_byte_for_byte_and_the_words_around_it_stay_in_place(
    name: str, tmp_path: Path
) -> None:
    """Under a translator that keeps each placeholder where it was, each unit comes back as
    it went, in its marks: "«Page ZXQ1Q»" (the closing mark had been put before the page
    number, "«Page» ZXQ1Q", in every paragraph ending with a field)."""
    source = DATA / name
    document = open_document(source)
    out = tmp_path / name
    out.write_bytes(written(document))
    assert field_xml(out.read_bytes()) == field_xml(source.read_bytes())
    again = {u.id: u for u in open_document(out).units}
    for unit in document.units:
        assert again[unit.id].text == mark(unit.text), unit.id
        assert again[unit.id].fields == unit.fields


def test_words_a_translation_puts_after_a_paragraphs_last_field_stay_after_it(
    tmp_path: Path,
) -> None:
    """Japanese puts the words after the number: Word's footer, Word's simple field and
    PowerPoint's slide number, each ending its paragraph."""
    cases = {
        "word-footer.docx": (" Page ZXQ1Q of ZXQ2Q", "ZXQ1Q / ZXQ2Q ページ"),
        "word-simple-field.docx": (
            "This is a fancy alphabet footer, with page number and everythingPage ZXQ1Q",
            "ページ番号付きのフッター ZXQ1Q ページ",
        ),
        "powerpoint-slide-number.pptx": ("Page ZXQ1Q", "ZXQ1Q ページ"),
    }
    for name, (text, japanese) in cases.items():
        document = open_document(DATA / name)
        translations = [japanese if u.text == text else u.text for u in document.units]
        out = tmp_path / name
        out.write_bytes(written(document, translations))
        (unit,) = [u for u in open_document(out).units if u.fields]
        assert unit.text == japanese, (name, unit.text)


def test_the_words_after_a_word_field_take_the_format_of_the_words_before_it(
    tmp_path: Path,
) -> None:
    """The run made after Word's NUMPAGES field is in the footer's Arial, as " of " is (not
    in the field's ``w:noProof``); one is made only where words go."""
    document = open_document(DATA / "word-footer.docx")
    translations = [
        "Seite ZXQ1Q von ZXQ2Q insgesamt" if u.fields else u.text for u in document.units
    ]
    footer = etree.fromstring(parts(written(document, translations))["word/footer1.xml"])
    (paragraph,) = [p for p in footer.iter(f"{W}p") if p.find(f".//{W}fldChar") is not None]
    runs = paragraph.findall(f"{W}r")
    assert [r.findtext(f"{W}t") for r in runs if r.find(f"{W}t") is not None] == [
        "Seite ", "1", " von ", "3", " insgesamt"
    ]  # fmt: skip
    last = runs[-1]
    (of,) = [r for r in runs if r.findtext(f"{W}t") == " von "]
    assert runs[-2].find(f"{W}fldChar") is not None  # (the field's end, then the words)
    made = last.find(f"{W}rPr")
    assert made is not None and made.find(f"{W}noProof") is None
    same = [(e.tag, dict(e.attrib)) for e in made if e.tag != f"{W}lang"]
    of_properties = of.find(f"{W}rPr")
    assert of_properties is not None
    assert same == [(e.tag, dict(e.attrib)) for e in of_properties if e.tag != f"{W}lang"]
    # Translated so that nothing follows the field: no run is made.
    translations = ["Seite ZXQ1Q von ZXQ2Q" if u.fields else u.text for u in document.units]
    footer = etree.fromstring(parts(written(document, translations))["word/footer1.xml"])
    (paragraph,) = [p for p in footer.iter(f"{W}p") if p.find(f".//{W}fldChar") is not None]
    assert len(paragraph.findall(f"{W}r")) == len(runs) - 1


def test_word_and_powerpoint_read_the_outputs(tmp_path: Path) -> None:
    """python-docx and python-pptx open the outputs and read the words after the fields."""
    import docx
    import pptx

    document = open_document(DATA / "word-footer.docx")
    data = written(document, ["Seite ZXQ1Q von ZXQ2Q gesamt" if u.fields else u.text
                              for u in document.units])  # fmt: skip
    from docx.text.paragraph import Paragraph

    (footer,) = [s.footer for s in docx.Document(io.BytesIO(data)).sections]
    said = [Paragraph(p, footer).text for p in footer._element.iter(f"{W}p")]  # (in a text box)
    assert "Seite 1 von 3 gesamt" in said
    deck = open_document(DATA / "powerpoint-slide-number.pptx")
    data = written(deck, ["ZXQ1Q ページ" if u.fields else u.text for u in deck.units])
    (slide,) = pptx.Presentation(io.BytesIO(data)).slides
    said = [p.text for s in slide.shapes if s.has_text_frame for p in s.text_frame.paragraphs]
    assert "6 ページ" in said


def test_mail_merge_fields_stay_fields_and_their_sentence_is_translated(tmp_path: Path) -> None:
    """Word's «Fornavn» «Efternavn» (MERGEFIELD, simple and complex) are placeholders: the
    letter's words are translated around them, the merge fields kept for the merge; a
    translation that opens with them has nothing before them to write."""
    document = open_document(DATA / "word-mail-merge.docx")
    (unit,) = [u for u in document.units if u.fields == ("«Fornavn»", "«Efternavn»")]
    # The letter's date picker (bound to its publish date) is a date, as a DATE field is.
    assert [(u.text, u.fields) for u in document.units if "Allerød" in u.text] == [
        ("Allerød, ZXQ1Q", ("11-01-2012",))
    ]
    assert unit.text.startswith("Du, ZXQ1Q ZXQ2Q, tiltræder")
    translations = [
        "ZXQ1Q ZXQ2Q, Sie beginnen am 1.1.2011 als Erster Assistent" if u is unit else u.text
        for u in document.units
    ]
    data = written(document, translations)
    assert field_xml(data) == field_xml((DATA / "word-mail-merge.docx").read_bytes())
    again = {u.id: u.text for u in open_document_bytes(data, tmp_path / "letter.docx").units}
    assert again[unit.id] == "ZXQ1Q ZXQ2Q, Sie beginnen am 1.1.2011 als Erster Assistent"


def open_document_bytes(data: bytes, path: Path) -> Document:
    path.write_bytes(data)
    return open_document(path)


def test_a_bilingual_copy_keeps_the_words_after_its_last_field() -> None:
    """The translation's copy of a paragraph gets its own room after its fields."""
    import pptx

    document = open_document(DATA / "word-footer.docx")
    translations = ["ZXQ1Q / ZXQ2Q ページ" if u.fields else u.text for u in document.units]
    data = document.write(translations, language=GERMAN, bilingual=True)
    footer = etree.fromstring(parts(data)["word/footer1.xml"])
    said = [
        "".join(t.text or "" for t in p.iter(f"{W}t"))
        for p in footer.iter(f"{W}p")
        if p.find(f".//{W}fldChar") is not None
    ]
    assert said == [" Page 1 of 3", "1 / 3 ページ"]
    deck = open_document(DATA / "powerpoint-slide-number.pptx")
    data = deck.write(
        ["ZXQ1Q ページ" if u.fields else u.text for u in deck.units],
        language=GERMAN,
        bilingual=True,
    )
    (slide,) = pptx.Presentation(io.BytesIO(data)).slides
    said = [p.text for s in slide.shapes if s.has_text_frame for p in s.text_frame.paragraphs]
    assert said[said.index("Page 6") + 1] == "6 ページ"


def test_quire_translate_keeps_every_word_field(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The real engine on a tiny random Marian model: whatever its words, every field comes
    back as it was."""
    from engine.cli.main import main
    from engine.engine import Engine
    from engine.options import EngineOptions
    from tests.fixtures.builder import exported

    Engine(EngineOptions(home=quire_home)).import_model(exported("marian"), "opus-mt-en-de")
    folder = tmp_path / "in"
    shutil.copytree(DATA, folder)
    for name in ("README.md",):
        (folder / name).unlink(missing_ok=True)
    assert main(["translate", "--json", "--from", "en", "--to", "de", str(folder)]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert sorted(Path(r["input"]).name for r in rows) == FILES
    for row in rows:
        assert row["error"] is None, row
        output, source = Path(row["output"]), Path(row["input"])
        assert field_xml(output.read_bytes()) == field_xml(source.read_bytes()), output.name


def test_a_bilingual_table_of_contents_is_one_field(tmp_path: Path) -> None:
    """LibreOffice's table of contents begins in its first entry's paragraph and ends in
    its last's: the copies of those paragraphs repeated its begin and its end, a second
    table of contents nested in the first (Word's Update fields made one of them); now a
    copy shows a field it does not hold whole by its text alone, and the fields it holds
    whole (a DATE, a REF in a sentence) stay."""
    source = DATA / "libreoffice-contract.docx"
    document = open_document(source)
    data = document.write([mark(u.text) for u in document.units], bilingual=True, language=GERMAN)

    def fields_of(xml: bytes) -> tuple[list[str], int]:
        """The body's field instructions, and how deep its fields nest."""
        depth = deepest = 0
        said: list[str] = []
        for element in etree.fromstring(xml).iter(f"{W}fldChar", f"{W}instrText"):
            kind = element.get(f"{W}fldCharType")
            depth += {"begin": 1, "end": -1}.get(kind or "", 0)
            assert depth >= 0
            deepest = max(deepest, depth)
            if kind is None:
                said.append((element.text or "").split()[0])
        assert depth == 0
        return said, deepest

    before, deepest = fields_of(parts(source.read_bytes())["word/document.xml"])
    after, deepest_after = fields_of(parts(data)["word/document.xml"])
    assert before.count("TOC") == after.count("TOC") == 1
    assert deepest_after == deepest == 1
    for kind in ("DATE", "REF", "PAGE", "PAGEREF"):  # (each in a sentence, copied whole)
        assert after.count(kind) == 2 * before.count(kind) > 0, kind
