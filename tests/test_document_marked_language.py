"""Text a document marks as in another language than its own is not translated and keeps its
language, and only the text translated is re-declared in the target language (text kept as
it was, a master's prompts, stay in theirs)."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pytest
from docx import Document as WordDocument
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement
from lxml import etree
from odf.opendocument import OpenDocumentText
from odf.style import Style, TextProperties
from odf.text import P, Span
from pptx import Presentation
from pptx.util import Inches

from engine.documents import translate_file

FAILS = "The model fails on this line."


def translator(seen: list[str]):  # type: ignore[no-untyped-def]
    def translate(texts: Sequence[str]) -> list[str]:
        seen.extend(texts)
        return [t if t == FAILS else f"«{t.upper()}»" for t in texts]

    return translate


def part(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name).decode("utf-8")


def test_a_slides_text_in_another_language_and_text_kept_keep_their_language(
    tmp_path: Path,
) -> None:
    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[5])
    slide.shapes.title.text = "The quarterly report"
    frame = slide.shapes.add_textbox(Inches(1), Inches(2), Inches(6), Inches(3)).text_frame
    # (as PowerPoint writes them: every run names its language; Japanese typed with an IME)
    paragraphs = [
        [("Sales grew in every region this year.", "en-US")],
        [("お客様第一主義を守りましょう。", "ja-JP")],
        [("He said ", "en-US"), ("Guten Morgen", "de-DE"), (" and left the room.", "en-GB")],
        [(FAILS, "en-US")],
    ]
    for n, runs in enumerate(paragraphs):
        paragraph = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
        for text, lang in runs:
            run = paragraph.add_run()
            run.text = text
            run.font._rPr.set("lang", lang)
            if lang == "ja-JP":
                run.font._rPr.set("altLang", "en-US")
    source = tmp_path / "deck.pptx"
    deck.save(str(source))
    out = tmp_path / "deck.de.pptx"
    seen: list[str] = []
    translate_file(source, out, translator(seen), language="de")

    assert not any("お客様" in t or "Guten Morgen" in t for t in seen)
    runs = re.findall(
        r'<a:rPr [^>]*lang="([^"]+)"[^>]*/><a:t>([^<]*)<', part(out, "ppt/slides/slide1.xml")
    )
    assert runs == [
        ("de-DE", "«SALES GREW IN EVERY REGION THIS YEAR.»"),
        ("ja-JP", "お客様第一主義を守りましょう。"),
        ("de-DE", "«HE SAID "),
        ("de-DE", "Guten Morgen"),
        ("de-DE", " AND LEFT THE ROOM.»"),
        ("en-US", FAILS),
    ]
    master = part(out, "ppt/slideMasters/slideMaster1.xml")
    prompts = re.findall(r'<a:rPr [^>]*lang="([^"]+)"[^>]*/><a:t>Click to edit', master)
    assert prompts and set(prompts) == {"en-US"}  # (not translated: PowerPoint's prompts)


def test_a_slides_run_in_another_language_inside_a_sentence_keeps_its_own(
    tmp_path: Path,
) -> None:
    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[5])
    slide.shapes.title.text = "A greeting"
    frame = slide.shapes.add_textbox(Inches(1), Inches(2), Inches(6), Inches(3)).text_frame
    for text, lang in (("He said ", "en-US"), ("Bonjour", "fr-FR"), (" and left.", "en-US")):
        run = frame.paragraphs[0].add_run()
        run.text = text
        run.font._rPr.set("lang", lang)
    source = tmp_path / "deck.pptx"
    deck.save(str(source))
    out = tmp_path / "deck.de.pptx"
    seen: list[str] = []
    translate_file(source, out, translator(seen), language="de")
    assert not any("Bonjour" in t for t in seen)
    runs = re.findall(
        r'<a:rPr [^>]*lang="([^"]+)"[^>]*/><a:t>([^<]*)<', part(out, "ppt/slides/slide1.xml")
    )
    assert ("fr-FR", "Bonjour") in runs
    assert ("de-DE", "«HE SAID ") in runs


def _word_run(paragraph, text: str, lang: str | None) -> None:  # type: ignore[no-untyped-def]
    run = paragraph.add_run(text)
    if lang is not None:  # (LibreOffice's <w:lang w:val="fr-FR"/> for <p lang="fr-FR">)
        element = OxmlElement("w:lang")
        element.set(qn("w:val"), lang)
        run._r.get_or_add_rPr().append(element)


def test_a_word_paragraph_in_another_language_keeps_it_and_is_not_translated(
    tmp_path: Path,
) -> None:
    document = WordDocument()  # (its defaults: en-US)
    _word_run(document.add_paragraph(), "The weather is nice today and the sun is shining.", None)
    _word_run(document.add_paragraph(), "Je pense, donc je suis. C'est la vie en France.", "fr-FR")
    _word_run(document.add_paragraph(), FAILS, "en-US")
    source = tmp_path / "lo.docx"
    document.save(str(source))
    out = tmp_path / "lo.de.docx"
    seen: list[str] = []
    translate_file(source, out, translator(seen), language="de")
    assert not any("Je pense" in t for t in seen)
    body = part(out, "word/document.xml")
    assert re.findall(r'<w:lang w:val="([^"]+)"/>', body) == ["fr-FR", "en-US"]
    assert 'w:val="de-DE"' in part(out, "word/styles.xml")  # (the document's default)


def test_an_opendocument_span_in_another_language_keeps_its_style_language(
    tmp_path: Path,
) -> None:
    document = OpenDocumentText()
    french = Style(name="T1", family="text")  # (what pandoc writes for [Je pense]{lang=fr})
    french.addElement(TextProperties(language="fr"))
    english = Style(name="T2", family="text")  # (text the model fails on, marked English)
    english.addElement(TextProperties(language="en", country="GB"))
    document.automaticstyles.addElement(french)
    document.automaticstyles.addElement(english)
    document.text.addElement(P(text="The weather is nice today and the sun is shining."))
    quote = P()
    quote.addElement(Span(stylename=french, text="Je pense, donc je suis."))
    document.text.addElement(quote)
    failing = P()
    failing.addElement(Span(stylename=english, text=FAILS))
    document.text.addElement(failing)
    source = tmp_path / "doc.odt"
    document.save(str(source))
    out = tmp_path / "doc.de.odt"
    seen: list[str] = []
    translate_file(source, out, translator(seen), language="de")
    assert seen == ["The weather is nice today and the sun is shining.", FAILS]
    root = etree.fromstring(part(out, "content.xml").encode("utf-8"))
    languages = {
        s.get("{urn:oasis:names:tc:opendocument:xmlns:style:1.0}name"): p.get(
            "{urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0}language"
        )
        for s in root.iter("{urn:oasis:names:tc:opendocument:xmlns:style:1.0}style")
        for p in s.iter("{urn:oasis:names:tc:opendocument:xmlns:style:1.0}text-properties")
    }
    assert languages == {"T1": "fr", "T2": "en"}


def test_a_mark_alone_keeps_nothing_the_text_is_not_written_in(tmp_path: Path) -> None:
    """A review found English paragraphs pasted from a German e-mail (they keep its proofing
    language, de-DE) left untranslated without a word, and a German text whose template
    said en-US losing exactly its paragraphs rightly marked German. A passage is kept only
    where its text is in the language it is marked in; the job says what it kept."""
    from engine.documents import open_document

    pasted = WordDocument()  # (its defaults: en-US)
    for text, lang in (
        ("Revenue grew by ten percent in the third quarter.", None),
        ("Please send the updated figures to the finance department by Friday.", "de-DE"),
        ("The meeting will be held in the main conference room.", "fr-FR"),
        ("Je pense, donc je suis. C'est la vie en France.", "fr-FR"),
    ):
        _word_run(pasted.add_paragraph(), text, lang)
    pasted.save(str(tmp_path / "pasted.docx"))
    document = open_document(tmp_path / "pasted.docx")
    assert [u.text for u in document.units] == [
        "Revenue grew by ten percent in the third quarter.",
        "Please send the updated figures to the finance department by Friday.",
        "The meeting will be held in the main conference room.",
        "Je pense, donc je suis. C'est la vie en France.",
    ]
    assert [note.text for note in document.notes] == [
        "pasted.docx: 1 passage the file marks as in another language and written in it (fr) "
        "kept as it is, not translated"
    ]
    # (kept, and counted so: a unit never sent to the translator)
    assert [document.units[n].text for n in document.kept] == [
        "Je pense, donc je suis. C'est la vie en France."
    ]
    german = WordDocument()  # (a template's en-US over a German author's text)
    for text, lang in (
        ("Der Quartalsbericht für das Vertriebsteam liegt jetzt vor.", None),
        ("Der Umsatz ist im dritten Quartal um zehn Prozent gestiegen.", None),
        ("Unsere Kunden sind mit der neuen Produktlinie sehr zufrieden.", None),
        ("Bitte senden Sie die aktualisierten Zahlen bis Freitag.", "de-DE"),
        ("Die Besprechung findet im großen Konferenzraum statt.", "de-DE"),
    ):
        _word_run(german.add_paragraph(), text, lang)
    german.save(str(tmp_path / "german.docx"))
    document = open_document(tmp_path / "german.docx")
    assert len(document.units) == 5 and document.notes == ()


def test_marks_agreeing_on_the_language_stand_where_the_detector_only_guesses(
    tmp_path: Path,
) -> None:
    """A review found four English titles, each marked en-US as PowerPoint marks every run,
    read together as Latin, three of them then kept as "in another language"; a Croatian
    text marked hr-HR throughout read as Bosnian, half of it kept."""
    from engine.documents import open_document

    deck = Presentation()
    for title in ("Agenda", "Team", "Status", "Next steps"):
        slide = deck.slides.add_slide(deck.slide_layouts[5])
        slide.shapes.title.text = title
        slide.shapes.title.text_frame.paragraphs[0].runs[0].font._rPr.set("lang", "en-US")
    deck.save(str(tmp_path / "titles.pptx"))
    document = open_document(tmp_path / "titles.pptx")
    assert [u.text for u in document.units] == ["Agenda", "Team", "Status", "Next steps"]
    assert document.notes == ()
    croatian = WordDocument()
    for text in (
        "Vlada je objavila nove mjere za pomoć obiteljima s djecom.",
        "Turisti su ovog ljeta ponovno preplavili obalu i otoke.",
        "Ministarstvo zdravstva upozorava na visoke temperature.",
        "Građani su nezadovoljni sve višim cijenama hrane.",
    ):
        _word_run(croatian.add_paragraph(), text, "hr-HR")
    croatian.save(str(tmp_path / "hr.docx"))
    document = open_document(tmp_path / "hr.docx")
    assert len(document.units) == 4 and document.notes == ()


def test_the_passages_kept_are_told_in_the_result_and_in_json(
    tmp_path: Path,
    quire_home: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The note reached stderr only: a script reading --json could not see that text was
    left untranslated (nor that tracked changes were pending)."""
    import json

    from engine.cli.main import main
    from tests.test_encodings import fake_engine

    document = WordDocument()
    _word_run(document.add_paragraph(), "The weather is nice today and the sun is shining.", None)
    _word_run(document.add_paragraph(), "Je pense, donc je suis. C'est la vie en France.", "fr-FR")
    source = tmp_path / "quote.docx"
    document.save(str(source))
    note = (
        "quote.docx: 1 passage the file marks as in another language and written in it (fr) "
        "kept as it is, not translated"
    )
    result = translate_file(source, tmp_path / "out.docx", translator([]), language="de")
    assert result.notes == (note,)
    assert (result.units, result.counts.translated, result.counts.verbatim) == (2, 1, 1)
    fake_engine(monkeypatch, str.upper)
    code = main(["translate", "--from", "en", "--to", "de", "--json", str(source)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert json.loads(out)["notes"] == [note]
