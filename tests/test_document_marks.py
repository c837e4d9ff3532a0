"""What a word processor keeps inside a sentence that is not the sentence's words: text moved
away under tracked changes, links that show a web or e-mail address, symbols, non-breaking and
optional hyphens; and tracked changes in a bilingual copy. Word documents as python-docx
writes them, with the markup Word writes for each (ECMA-376), and OpenDocument text as
LibreOffice writes it."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import docx
from docx.oxml import parse_xml
from lxml import etree

from engine.api import Note
from engine.documents import open_document, translate_file
from engine.tasks.seq2seq import fold

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
CHANGE = 'w:author="Alice" w:date="2024-01-01T00:00:00Z"'


class Table:
    """A translator: the hand translation of a unit it knows, else the unit upper-cased;
    it keeps every text it was given."""

    def __init__(self, table: Mapping[str, str]) -> None:
        self.table, self.seen = table, list[str]()

    def __call__(self, batch: Sequence[str]) -> list[str]:
        self.seen.extend(batch)
        return [self.table.get(" ".join(t.split()), t.upper()) for t in batch]


def word_file(path: Path, *paragraphs: str) -> Path:
    """A python-docx document whose body is ``paragraphs`` (``w:p`` markup)."""
    document = docx.Document()
    _replace_body(document, paragraphs)
    document.save(str(path))
    return path


def _replace_body(document: docx.document.Document, paragraphs: Sequence[str]) -> None:
    body = document.element.body
    for paragraph in body.findall(f"{W}p"):
        body.remove(paragraph)
    section = body.find(f"{W}sectPr")
    for xml in paragraphs:
        section.addprevious(parse_xml(xml.replace("<w:p", f"<w:p {W_NS}", 1)))


def body(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read("word/document.xml"))


def texts(paragraph: etree._Element) -> str:
    return "".join(t.text or "" for t in paragraph.iter(f"{W}t"))


def accepted(paragraph: etree._Element) -> str:
    """The paragraph's text once its tracked changes are accepted (Word's "Accept All")."""
    moved = {t for m in paragraph.iter(f"{W}moveFrom", f"{W}del") for t in m.iter(f"{W}t")}
    return "".join(t.text or "" for t in paragraph.iter(f"{W}t") if t not in moved)


MOVED = (
    '<w:p><w:r><w:t xml:space="preserve">Payment is due </w:t></w:r>'
    f'<w:moveFrom w:id="21" {CHANGE}><w:r><w:t xml:space="preserve">in full </w:t></w:r>'
    '</w:moveFrom><w:r><w:t xml:space="preserve">on delivery </w:t></w:r>'
    f'<w:moveTo w:id="22" {CHANGE}><w:r><w:t>in full</w:t></w:r></w:moveTo>'
    "<w:r><w:t>.</w:t></w:r></w:p>"
)


def test_text_moved_away_is_not_the_sentences_and_accepting_the_move_keeps_every_word(
    tmp_path: Path,
) -> None:
    """Moved-from text was sent with the sentence ("Payment is due in full on delivery in
    full."), and the translation's words written into it went when the move was accepted:
    "Die Zahlung ist vollständig fällig." lost "bei Lieferung"."""
    path = word_file(tmp_path / "moved.docx", MOVED)
    (unit,) = open_document(path).units
    assert unit.text == "Payment is due on delivery in full."
    out = tmp_path / "moved.de.docx"
    german = "Die Zahlung ist bei Lieferung vollständig fällig."
    translate_file(path, out, Table({unit.text: german}))
    (paragraph,) = body(out).iter(f"{W}p")
    assert accepted(paragraph) == german
    (moved,) = paragraph.iter(f"{W}moveFrom")
    assert texts(moved) == "in full "  # rejected, the move puts the source's words back


def test_a_link_that_shows_an_address_is_kept_as_it_is(tmp_path: Path) -> None:
    """A link whose text is a web or e-mail address (what pandoc writes for <https://…>,
    what Word's AutoFormat makes of a typed address, a HYPERLINK field) is a placeholder to
    the translator: a model "translated" https://example.com/en/contact-us. A link with
    words is translated."""
    document = docx.Document()
    rel = document.part.relate_to(
        "https://example.com/en/contact-us",
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
        is_external=True,
    )
    r_ns = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    paragraphs = (
        f'<w:p {r_ns}><w:r><w:t xml:space="preserve">Open </w:t></w:r>'
        f'<w:hyperlink r:id="{rel}"><w:r><w:t>https://example.com/en/contact-us</w:t></w:r>'
        '</w:hyperlink><w:r><w:t xml:space="preserve"> or read </w:t></w:r>'
        f'<w:hyperlink r:id="{rel}"><w:r><w:t>our help pages</w:t></w:r></w:hyperlink>'
        "<w:r><w:t>.</w:t></w:r></w:p>",
        '<w:p><w:r><w:t xml:space="preserve">Write to </w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> HYPERLINK "mailto:help@example.com" '
        "</w:instrText></w:r>"
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        "<w:r><w:t>help@example.com</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        '<w:r><w:t xml:space="preserve"> for a refund.</w:t></w:r></w:p>',
    )
    _replace_body(document, paragraphs)
    path = tmp_path / "links.docx"
    document.save(str(path))
    units = open_document(path).units
    assert [u.text for u in units] == [
        "Open ZXQ1Q or read our help pages.",
        "Write to ZXQ1Q for a refund.",
    ]
    out = tmp_path / "links.de.docx"
    german = {
        units[0].text: "Öffnen Sie ZXQ1Q oder lesen Sie unsere Hilfeseiten.",
        units[1].text: "Schreiben Sie an ZXQ1Q für eine Erstattung.",
    }
    translate_file(path, out, Table(german))
    written = [texts(p) for p in body(out).iter(f"{W}p")]
    assert written == [
        "Öffnen Sie https://example.com/en/contact-us oder lesen Sie unsere Hilfeseiten.",
        "Schreiben Sie an help@example.com für eine Erstattung.",
    ]


def test_an_opendocument_link_that_shows_an_address_is_kept_as_it_is(tmp_path: Path) -> None:
    from odf import text as odf_text
    from odf.opendocument import OpenDocumentText

    document = OpenDocumentText()
    paragraph = odf_text.P(text="Write to ")
    paragraph.addElement(odf_text.A(href="mailto:help@example.com", text="help@example.com"))
    paragraph.addText(" or read ")
    paragraph.addElement(odf_text.A(href="https://example.com/help", text="the help pages"))
    paragraph.addText(".")
    document.text.addElement(paragraph)
    buffer = io.BytesIO()
    document.write(buffer)
    path = tmp_path / "links.odt"
    path.write_bytes(buffer.getvalue())
    (unit,) = open_document(path).units
    assert unit.text == "Write to ZXQ1Q or read the help pages."
    out = tmp_path / "links.de.odt"
    german = "Schreiben Sie an ZXQ1Q oder lesen Sie die Hilfeseiten."
    translate_file(path, out, Table({unit.text: german}))
    with zipfile.ZipFile(out) as package:
        content = etree.fromstring(package.read("content.xml"))
    p = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}p"
    (written,) = ["".join(e.itertext()) for e in content.iter(p)]
    assert written == "Schreiben Sie an help@example.com oder lesen Sie die Hilfeseiten."


def test_a_symbol_is_a_placeholder_and_a_non_breaking_hyphen_is_its_words(
    tmp_path: Path,
) -> None:
    """A ``w:sym`` was no text at all ("Phone  and"), and ``w:noBreakHyphen`` neither: the
    model read "email", the symbol ended glued to a word and a stray hyphen followed
    "E-Mail"."""
    path = word_file(
        tmp_path / "marks.docx",
        '<w:p><w:r><w:t xml:space="preserve">Phone </w:t></w:r>'
        '<w:r><w:sym w:font="Wingdings" w:char="F028"/></w:r>'
        '<w:r><w:t xml:space="preserve"> and e</w:t></w:r><w:r><w:noBreakHyphen/></w:r>'
        "<w:r><w:t>mail are both fine.</w:t></w:r></w:p>",
    )
    (unit,) = open_document(path).units
    assert unit.text == "Phone ZXQ1Q and e\u2011mail are both fine."
    assert fold(unit.text) == "Phone ZXQ1Q and e-mail are both fine."  # what the model reads
    out = tmp_path / "marks.de.docx"
    translate_file(path, out, Table({unit.text: "Telefon ZXQ1Q und E-Mail sind beide gut."}))
    (paragraph,) = body(out).iter(f"{W}p")
    assert texts(paragraph) == "Telefon  und E-Mail sind beide gut."  # the symbol: no w:t
    assert not list(paragraph.iter(f"{W}noBreakHyphen"))
    runs = [r for r in paragraph.iter(f"{W}r") if r.find(f"{W}sym") is not None]
    (symbol,) = runs
    before = "".join(texts(r) for r in symbol.itersiblings(preceding=True))
    assert before.rstrip() == "Telefon"  # the symbol stays where the translation put it


def test_optional_hyphens_are_not_shown_to_the_model() -> None:
    assert fold("Ver\u00adsiche\u00adrung") == "Versicherung"


def test_a_bilingual_copy_holds_the_translation_as_if_the_changes_were_accepted(
    tmp_path: Path,
) -> None:
    """The copy repeated the source's ``w:ins``/``w:del`` with their ids, and the English
    deletion: "Reject All" put English words into the German copy."""
    path = word_file(
        tmp_path / "changes.docx",
        '<w:p><w:r><w:t xml:space="preserve">The goods ship </w:t></w:r>'
        f'<w:del w:id="11" {CHANGE}><w:r><w:delText>within thirty days</w:delText></w:r>'
        f'</w:del><w:ins w:id="12" {CHANGE}><w:r><w:t>this month</w:t></w:r></w:ins>'
        '<w:r><w:t xml:space="preserve"> to the buyer.</w:t></w:r></w:p>',
    )
    (unit,) = open_document(path).units
    assert unit.text == "The goods ship this month to the buyer."
    out = tmp_path / "changes.de.docx"
    german = "Die Ware geht diesen Monat an den Käufer."
    events: list[object] = []
    translate_file(path, out, Table({unit.text: german}), events.append, bilingual=True)
    # (said when the job starts: a translator expects to hear of pending changes)
    (note,) = [e.text for e in events if isinstance(e, Note)]
    assert note.startswith("changes.docx has tracked changes not yet accepted or rejected")
    source, copy = body(out).iter(f"{W}p")
    assert [e.get(f"{W}id") for e in source.iter(f"{W}del", f"{W}ins")] == ["11", "12"]
    assert not list(copy.iter(f"{W}del", f"{W}ins", f"{W}delText"))
    assert texts(copy) == german


def test_a_drop_down_offers_its_choices_in_the_translations_words(tmp_path: Path) -> None:
    """The shown choice was translated and the list's were not: it matched none of them,
    and choosing one put English back. The values (a form's data) stay."""
    path = word_file(
        tmp_path / "form.docx",
        '<w:p><w:r><w:t xml:space="preserve">Choose a fruit: </w:t></w:r><w:sdt><w:sdtPr>'
        '<w:alias w:val="Fruit"/><w:dropDownList>'
        '<w:listItem w:displayText="Red apple" w:value="red"/>'
        '<w:listItem w:displayText="Green pear" w:value="green"/></w:dropDownList></w:sdtPr>'
        "<w:sdtContent><w:r><w:t>Red apple</w:t></w:r></w:sdtContent></w:sdt></w:p>",
    )
    units = [u.text for u in open_document(path).units]
    # (the chosen item is a placeholder in its sentence: its words are the choice's)
    assert units == ["Choose a fruit: ZXQ1Q", "Red apple", "Green pear"]
    out = tmp_path / "form.de.docx"
    german = {
        units[0]: "Wählen Sie eine Frucht: ZXQ1Q",
        "Red apple": "Roter Apfel",
        "Green pear": "Grüne Birne",
    }
    translate_file(path, out, Table(german))
    items = [(i.get(f"{W}displayText"), i.get(f"{W}value")) for i in body(out).iter(f"{W}listItem")]
    assert items == [("Roter Apfel", "red"), ("Grüne Birne", "green")]
    (content,) = body(out).iter(f"{W}sdtContent")
    assert texts(content) == "Roter Apfel"  # the choice it showed, in the translation's words
    (paragraph,) = body(out).iter(f"{W}p")
    assert texts(paragraph) == "Wählen Sie eine Frucht: Roter Apfel"


def test_a_deleted_non_breaking_hyphen_stays_deleted_and_out_of_the_sentence(
    tmp_path: Path,
) -> None:
    """Read as text, a hyphen in a tracked deletion took a translated word into the
    deletion (a w:t where the schema has none): accepting the changes lost it."""
    path = word_file(
        tmp_path / "deleted.docx",
        '<w:p><w:r><w:t xml:space="preserve">Send an e</w:t></w:r>'
        f'<w:del w:id="1" {CHANGE}><w:r><w:noBreakHyphen/><w:delText>old</w:delText></w:r>'
        "</w:del><w:r><w:t>mail today.</w:t></w:r></w:p>",
    )
    (unit,) = open_document(path).units
    assert unit.text == "Send an email today."
    out = tmp_path / "deleted.de.docx"
    german = "Bitte senden Sie uns heute noch eine kurze Nachricht."
    translate_file(path, out, Table({unit.text: german}))
    (paragraph,) = body(out).iter(f"{W}p")
    (deleted,) = paragraph.iter(f"{W}del")
    assert not list(deleted.iter(f"{W}t")) and list(deleted.iter(f"{W}noBreakHyphen"))
    assert accepted(paragraph) == german


_FODT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3"
 office:mimetype="application/vnd.oasis.opendocument.text"><office:body><office:text>
<text:table-of-content text:name="Table of Contents1"><text:table-of-content-source
 text:outline-level="3"><text:index-title-template>Table of Contents</text:index-title-template>
</text:table-of-content-source><text:index-body><text:index-title text:name="T1_Head">
<text:p>Table of Contents</text:p></text:index-title><text:p>Payment terms<text:tab/>1</text:p>
</text:index-body></text:table-of-content>
<text:h text:outline-level="1">Payment terms</text:h>
<text:p>The <text:alphabetical-index-mark text:string-value="warranty period"
 text:key1="Terms"/>warranty applies for <text:alphabetical-index-mark
 text:string-value="AB-1234"/>two years.</text:p>
</office:text></office:body></office:document>
"""


def test_an_index_is_made_again_from_the_translations_words(tmp_path: Path) -> None:
    """LibreOffice makes an index anew when it is updated: the table of contents' title came
    back in English (its template was not translated), and an alphabetical index listed the
    English terms its marks hold."""
    path = tmp_path / "indexed.fodt"
    path.write_text(_FODT, encoding="utf-8")
    units = [u.text for u in open_document(path).units]
    assert units == [
        "Table of Contents",
        "Payment terms\t1",
        "Payment terms",
        "The warranty applies for two years.",
        "Table of Contents",  # the title's template, then the mark's term and key
        "warranty period",
        "Terms",
    ]
    out = tmp_path / "indexed.de.fodt"
    translate_file(path, out, Table({}))
    written = etree.fromstring(out.read_bytes())
    text = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
    (template,) = written.iter(f"{text}index-title-template")
    assert template.text == "TABLE OF CONTENTS"
    first, second = written.iter(f"{text}alphabetical-index-mark")
    assert (first.get(f"{text}string-value"), first.get(f"{text}key1")) == (
        "WARRANTY PERIOD",
        "TERMS",
    )
    assert second.get(f"{text}string-value") == "AB-1234"  # (a code: no words)


def test_a_bilingual_drop_down_copy_offers_and_shows_the_translated_choices(
    tmp_path: Path,
) -> None:
    """The source's drop-down offered "Red apple / Roter Apfel" (matching the choice it
    showed no more) and the translation's copy offered and showed English (found by a
    review)."""
    path = word_file(
        tmp_path / "form.docx",
        '<w:p><w:r><w:t xml:space="preserve">Choose: </w:t></w:r><w:sdt><w:sdtPr>'
        '<w:id w:val="7"/><w:dropDownList>'
        '<w:listItem w:displayText="Red apple" w:value="red"/>'
        '<w:listItem w:displayText="Green pear" w:value="green"/>'
        '<w:listItem w:value="Plum"/></w:dropDownList></w:sdtPr>'
        "<w:sdtContent><w:r><w:t>Red apple</w:t></w:r></w:sdtContent></w:sdt></w:p>",
    )
    out = tmp_path / "form.de.docx"
    german = {"Choose: ZXQ1Q": "Wählen: ZXQ1Q", "Red apple": "Roter Apfel", "Green pear": "Birne"}
    translate_file(path, out, Table(german), bilingual=True)
    source, copy = body(out).iter(f"{W}p")

    def offered(paragraph: etree._Element) -> list[str | None]:
        return [i.get(f"{W}displayText") for i in paragraph.iter(f"{W}listItem")]

    # (a choice saying no words shows its value: it says none in the copy either)
    assert offered(source) == ["Red apple", "Green pear", None]
    assert texts(source) == "Choose: Red apple"
    assert offered(copy) == ["Roter Apfel", "Birne", None]
    assert texts(copy) == "Wählen: Roter Apfel"
    assert [i.get(f"{W}val") for i in body(out).iter(f"{W}id")] == ["7"]  # (ids stay unique)
