"""FictionBook 2 books as their producers wrote them (tests/data/fb2/: the format's author's
test book, in UTF-8 and in windows-1251, and pandoc's; see tools/make_fb2_fixtures.py),
plain and zipped (.fb2.zip, .fbz). Outputs are parsed back with lxml, compared with their
sources (only the words change) and validated against FictionBook's own schema: a
translation adds no error the source had not."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pytest
from lxml import etree

from engine.cli.main import main
from engine.documents import Document, DocumentError, extract, open_document
from engine.engine import Engine
from engine.options import EngineOptions
from tests.fixtures.builder import exported
from tests.fixtures.documents import language

DATA = Path(__file__).parent / "data" / "fb2"
FB = "{http://www.gribuser.ru/xml/fictionbook/2.0}"
GERMAN = language("de")
SCHEMA = etree.XMLSchema(etree.parse(str(DATA / "FictionBook.xsd")))


def german(texts: Sequence[str]) -> list[str]:
    """A stand-in translator: every text in «», its line breaks kept."""
    return [f"«{t}»" for t in texts]


def written(document: Document, translations: Sequence[str] | None = None) -> bytes:
    texts = translations if translations is not None else german([u.text for u in document.units])
    return document.write(texts, language=GERMAN)


def book(name: str, tmp_path: Path, data: bytes | None = None) -> Path:
    path = tmp_path / name
    path.write_bytes(data if data is not None else (DATA / name).read_bytes())
    return path


def skeleton(root: etree._Element) -> list[tuple[str, dict[str, str]]]:
    """Every element and its attributes, in order, but the words (a picture's alt and
    title)."""
    return [
        (str(e.tag), {k: v for k, v in e.attrib.items() if k not in ("alt", "title")})
        for e in root.iter()
        if isinstance(e.tag, str)
    ]


def errors(data: bytes) -> set[str]:
    SCHEMA.validate(etree.fromstring(data))
    return {e.message for e in SCHEMA.error_log}


def test_the_authors_test_book_is_read_as_a_reader_shows_it(tmp_path: Path) -> None:
    document = open_document(book("gribov-test.fb2", tmp_path))
    texts = [u.text for u in document.units]
    # The title, the annotation (its poem's stanza one unit, a line each) and the keywords;
    # the authors, genres, the file's history and the printed edition's data are not words.
    assert texts[0] == "Война и мир"
    assert "Типа тут стихи\nВ этой строфе\nТипа тут стихи\nВ этой строфе" in texts
    assert any(t.startswith("1912, война, роман") and t.endswith("подвиг, народ") for t in texts)
    assert not any(t in texts for t in ("Лев", "Толстой", "history_russia", "1.0", "Грибов"))
    # A footnote's reference is a placeholder kept whole; the notes are units of their own.
    # Its French, marked xml:lang="fr", is kept as Tolstoy wrote it, as in a page or an EPUB:
    # a phrase a placeholder, a paragraph no unit.
    first = next(u for u in document.units if u.text.startswith("- ZXQ1Q поместья"))
    assert first.fields[0].startswith("Еh bien, mon prince.") and {"1", "2"} <= set(first.fields)
    assert not any(t.startswith("\"Si vous n'avez rien de mieux") for t in texts)
    assert "Я вижу, что я вас пугаю," in texts
    # (a note's reference with words, the annotation's "[источник]": by its type)
    assert any(u.fields == ("[источник]",) for u in document.units)
    # The description's words are translated, not read as the book's text.
    assert not document.units[0].read and first.read
    # No picture's base64 was read.
    assert not any("/9j/" in t or "iVBOR" in t for t in texts)


def test_only_the_words_change_and_the_book_says_it_is_a_translation(tmp_path: Path) -> None:
    source = (DATA / "pandoc-alice.fb2").read_bytes()
    document = open_document(book("pandoc-alice.fb2", tmp_path))
    out = written(document)
    root, before = etree.fromstring(out), etree.fromstring(source)
    info = root.find(f"{FB}description/{FB}title-info")
    assert info is not None
    # <lang> names the target, <src-lang> the source's; <src-title-info> is the source's
    # title-info as it was (the schema's order: after <lang>, after <title-info>).
    assert info.findtext(f"{FB}lang") == "de" and info.findtext(f"{FB}src-lang") == "en"
    original = root.find(f"{FB}description/{FB}src-title-info")
    was = before.find(f"{FB}description/{FB}title-info")
    assert original is not None and was is not None
    assert etree.tostring(original).replace(b"src-title-info", b"title-info") == etree.tostring(was)
    assert info.findtext(f"{FB}book-title") == "«The Lobster Quadrille»"
    for element in (original, info.find(f"{FB}src-lang")):
        assert element is not None
        element.getparent().remove(element)  # (the rest is the source's, element for element)
    assert skeleton(root) == skeleton(before)
    # Every inline element kept around its words; the note's reference and code as written.
    text = out.decode("utf-8")
    assert '<a l:href="#n1" type="note">[1]</a>' in text
    assert "<code>quire translate</code>" in text
    assert '<a l:href="https://www.gutenberg.org/ebooks/11">' in text
    assert "<strong>" in text and 'alt="«A lobster»"' in text
    # The picture's bytes as they were, the table's cells translated.
    assert out[out.index(b"<binary") :] == source[source.index(b"<binary") :]
    assert '<td align="left">«Gryphon»</td>' in text
    assert errors(out) == errors(source)
    # Untranslated (every unit as it was), it is the source, byte for byte.
    assert document.write([u.text for u in document.units], language=GERMAN) == source


def test_a_stanza_is_one_unit_its_lines_back_in_their_verses(tmp_path: Path) -> None:
    document = open_document(book("pandoc-alice.fb2", tmp_path))
    n, stanza = next((n, u) for n, u in enumerate(document.units) if "\n" in u.text)
    assert stanza.text.count("\n") == 3
    # A model that dropped the line breaks: its words shared line by line, each <v> some.
    texts = [u.text for u in document.units]
    texts[n] = " ".join(f"Zeile {k} mit ein paar Worten" for k in range(1, 5))
    root = etree.fromstring(written(document, texts))
    verses = [v.text or "" for v in root.iter(f"{FB}v")]
    assert len(verses) == 4 and all(v.strip() for v in verses)
    assert " ".join(verses) == texts[n]


def test_windows_1251_stays_so_where_the_translation_fits(tmp_path: Path) -> None:
    path = book("gribov-test-1251.fb2", tmp_path)
    document = open_document(path)
    assert document.encoding is not None and document.encoding.name == "windows-1251"
    assert "Война и мир" in [u.text for u in document.units]
    # Into English: it fits windows-1251, which stays declared. (the French, Gênes and chère
    # written &#234; and &#232; in the source, which it has not, is kept as it was)
    fits = [f"[{u.text}]" for u in document.units]
    assert all(_fits(t, "cp1251") for t in fits)
    english = document.write(fits, language=language("en"))
    assert english.startswith(b"<?xml version='1.0' encoding='windows-1251'?>")
    assert english.count(b"&#234;") == path.read_bytes().count(b"&#234;") > 0
    assert "[Война и мир]".encode("cp1251") in english
    # Into German: ä, ö, ü and ß are not in it, so UTF-8, and the declaration says so.
    out = document.write(["Größe " + u.text for u in document.units], language=GERMAN)
    assert out.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    root = etree.fromstring(out)
    assert root.findtext(f"{FB}description/{FB}title-info/{FB}book-title") == "Größe Война и мир"
    # The book names its source's language already (the author's test marks it so): kept.
    info = root.find(f"{FB}description/{FB}title-info")
    assert info is not None and [e.text for e in info.iter(f"{FB}src-lang")] == ["ru"]
    # Its translator is the source's, named in the source's title-info, not this one's.
    original = root.find(f"{FB}description/{FB}src-title-info")
    assert original is not None and original.find(f"{FB}translator") is not None
    assert info.find(f"{FB}translator") is None
    binaries = [b.text for b in etree.fromstring(path.read_bytes()).iter(f"{FB}binary")]
    assert [b.text for b in root.iter(f"{FB}binary")] == binaries


def _fits(text: str, codec: str) -> bool:
    try:
        text.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def zipped(inner: dict[str, bytes]) -> bytes:
    made = io.BytesIO()
    with zipfile.ZipFile(made, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in inner.items():
            archive.writestr(name, data)
    return made.getvalue()


@pytest.mark.parametrize("name", ["alice.fb2.zip", "alice.fbz"])
def test_a_zipped_book_is_read_and_written_zipped(tmp_path: Path, name: str) -> None:
    data = (DATA / "pandoc-alice.fb2").read_bytes()
    document = open_document(book(name, tmp_path, zipped({"alice.fb2": data})))
    assert "The Lobster Quadrille" in [u.text for u in document.units]
    archive = zipfile.ZipFile(io.BytesIO(written(document)))
    assert archive.namelist() == ["alice.fb2"]
    assert b"\xc2\xabThe Lobster Quadrille\xc2\xbb" in archive.read("alice.fb2")


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (b"<FictionBook xmlns='http://www.gribuser.ru/xml/fictionbook/2.0'><body><p>Cut",
         "cut short"),
        (b"Just some words, no XML", "not a valid FictionBook book"),
        (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "boom">]><FictionBook><body><p>&e;</p>'
         b"</body></FictionBook>", "entity"),
        (b"<html><body><p>A page</p></body></html>", "its root element is <html>"),
        (zipped({"readme.txt": b"hello"}), "holds no FictionBook book"),
        (zipped({"a.fb2": b"<FictionBook/>", "b.fb2": b"<FictionBook/>"}), "holds 2 FictionBook"),
        (zipped({"[Content_Types].xml": b"<Types/>", "fb3/body.xml": b"<fb3-body/>"}),
         "FictionBook 3"),
    ],
)  # fmt: skip
def test_a_bad_book_is_refused_saying_what_to_do(tmp_path: Path, data: bytes, said: str) -> None:
    suffix = ".fbz" if data.startswith(b"PK") else ".fb2"
    with pytest.raises(DocumentError) as caught:
        open_document(book(f"bad{suffix}", tmp_path, data))
    assert said in str(caught.value) and caught.value.hint


@pytest.mark.parametrize(
    ("name", "zip_it", "actual"),
    [("war.xml", False, ".fb2"), ("war.epub", False, ".fb2"), ("war.epub", True, ".fb2.zip")],
)
def test_a_book_under_another_formats_name_says_to_rename_it(
    tmp_path: Path, name: str, zip_it: bool, actual: str
) -> None:
    """The test book saved as .xml was "not Android string resources (its root is
    <FictionBook>)", and as .epub "not an EPUB book (it is not a zip archive)"."""
    data = (DATA / "gribov-test.fb2").read_bytes()
    with pytest.raises(DocumentError) as caught:
        open_document(book(name, tmp_path, zipped({"war.fb2": data}) if zip_it else data))
    error = caught.value
    assert error.message == f"This is a {actual} file with a {Path(name).suffix} name"
    assert error.message_id == "document.renamed" and error.params["name"] == f"war{actual}"


@pytest.mark.parametrize("name", ["cut.fb2.zip", "cut.fbz"])
def test_a_zipped_book_cut_short_is_said_to_be_cut_short_not_misnamed(
    tmp_path: Path, name: str
) -> None:
    """(A zipped book is a .fb2.zip by its content, as a book renamed .epub is said to be:
    not one under another name.)"""
    data = (DATA / "pandoc-alice.fb2").read_bytes()
    with pytest.raises(DocumentError) as caught:
        open_document(book(name, tmp_path, zipped({"alice.fb2": data[: len(data) // 2]})))
    assert caught.value.message.startswith("This is not a valid FictionBook book: ")
    assert caught.value.message_id == "document.damaged_file"


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    huge = b"<FictionBook><body><p>" + b" " * (210 << 20) + b"</p></body></FictionBook>"
    with pytest.raises(DocumentError) as caught:
        open_document(book("bomb.fb2.zip", tmp_path, zipped({"bomb.fb2": huge})))
    assert caught.value.message_id == "document.too_large_inside"


def test_an_fb3_book_is_refused_by_its_name_saying_what_to_save_it_as(tmp_path: Path) -> None:
    with pytest.raises(DocumentError) as caught:
        open_document(book("novel.fb3", tmp_path, zipped({"fb3/body.xml": b"<x/>"})))
    assert "Download it as .fb2" in (caught.value.hint or "")


def test_summarize_reads_the_books_text(tmp_path: Path) -> None:
    extracted = extract(book("gribov-test.fb2", tmp_path))
    assert "Так говорила в июле 1805 года известная Анна Павловна Шерер" in extracted.text
    assert "Типа тут стихи" not in extracted.text  # (the annotation: the book's blurb)


def test_a_bilingual_book_has_each_paragraph_then_its_translation(tmp_path: Path) -> None:
    document = open_document(book("pandoc-alice.fb2", tmp_path))
    out = document.write(german([u.text for u in document.units]), bilingual=True)
    text = out.decode("utf-8")
    note = "The Mock Turtle is the creature Mock Turtle Soup is made from."
    assert f"<p>{note}</p><p>«{note}»</p>" in text
    assert "</stanza><stanza><v>«“Will you walk" in text
    assert errors(out) == errors((DATA / "pandoc-alice.fb2").read_bytes())


def test_a_bilingual_stanza_is_followed_by_its_translation_title_subtitle_and_lines(
    tmp_path: Path,
) -> None:
    """complex.fb2's stanza (its subtitle marked Russian, to be translated) got a second
    <subtitle> where the schema wants its lines, and the stanza of its translation had no
    title (its translation was inside the source stanza's); now the source's stanza is as it
    was, and its copy has the translated title, subtitle and lines, in the schema's order."""
    source = (DATA / "glazkov-complex.fb2").read_bytes()
    source = source.replace(
        b'<subtitle id="st-2" xml:lang="en"', b'<subtitle id="st-2" xml:lang="ru"'
    )
    document = open_document(book("complex.fb2", tmp_path, source))
    out = document.write(german([u.text for u in document.units]), bilingual=True)
    assert errors(out) == errors(source)
    stanza = etree.fromstring(source).find(f".//{FB}poem[@id='po-1']/{FB}stanza")
    copy = etree.fromstring(out).find(f".//{FB}poem[@id='po-1']/{FB}stanza")
    assert stanza is not None and copy is not None
    assert skeleton(copy) == skeleton(stanza)  # (the source's stanza as it was)
    translation = copy.getnext()
    assert translation is not None and translation.tag == f"{FB}stanza"
    assert [(etree.QName(e).localname, e.text) for e in translation.iter() if e.text] == [
        ("p", "«Танечка»"),
        ("subtitle", "«Subtitle»"),
        ("v", "«Плач"),
        ("v", "Мяч»"),
    ]


@pytest.mark.parametrize(
    ("name", "out"), [("alice.fb2", "alice.de.fb2"), ("alice.fb2.zip", "alice.de.fb2.zip")]
)
def test_quire_translate_writes_a_translated_book(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, out: str
) -> None:
    Engine(EngineOptions(home=quire_home)).import_model(exported("marian"), "opus-mt-en-de")
    data = (DATA / "pandoc-alice.fb2").read_bytes()
    source = book(name, tmp_path, zipped({"alice.fb2": data}) if name.endswith(".zip") else data)
    code = main(["translate", "--from", "en", "--to", "de", str(source)])
    _out, err = capsys.readouterr()
    assert code == 0, err
    assert "translated" in err
    written_data = (tmp_path / out).read_bytes()
    if name.endswith(".zip"):
        written_data = zipfile.ZipFile(io.BytesIO(written_data)).read("alice.fb2")
    root = etree.fromstring(written_data)
    assert root.findtext(f"{FB}description/{FB}title-info/{FB}lang") == "de"
    assert root.findtext(f"{FB}description/{FB}title-info/{FB}src-lang") == "en"
    assert len(list(root.iter(f"{FB}v"))) == 4 and root.find(f"{FB}binary") is not None
    # A rerun of the folder knows it for a translation.
    code = main(["translate", "--from", "en", "--to", "de", str(tmp_path)])
    _out, err = capsys.readouterr()
    said = "a translation (its name or its folder names a language)"
    assert code == 0 and f"{tmp_path / out}: skipped: {said}" in err


def upper(texts: Sequence[str]) -> list[str]:
    """A stand-in translator that keeps every word where it was: each text in capitals."""
    return [t.upper() for t in texts]


def test_inline_tags_keep_their_words_beside_comments_laid_out_on_lines(tmp_path: Path) -> None:
    # The forum's test book as fb2cng's copy of it lays its two comments out: each link's
    # <sup> on lines of its own (four runs of layout alone among the paragraph's words).
    source = (DATA / "fb2epub-test.fb2").read_text(encoding="utf-8")
    tight = '<sup><a l:href="#c_1" type="comment">{I}</a></sup> с комментариями<a l:href="#c_2" type="comment"><sup>{II}</sup></a>'  # noqa: E501
    laid = tight.replace("<sup><a", "<sup>\n          <a").replace(
        "</a></sup>", "</a>\n        </sup>"
    )
    laid = laid.replace('"><sup>', '">\n          <sup>').replace(
        "</sup></a>", "</sup>\n        </a>"
    )
    assert source.count(tight) == 1
    data = source.replace(tight, laid).encode("utf-8")
    document = open_document(book("test.fb2", tmp_path, data))
    out = written(document, upper([u.text for u in document.units]))
    before, after = etree.fromstring(data), etree.fromstring(out)
    assert skeleton(after.find(f"{FB}body")) == skeleton(before.find(f"{FB}body"))
    # Every element's words and the words after it are its own, in capitals: "<р>" in its
    # <emphasis>, not "тэг <" ("ЗАКЛЮЧЁН В <emphasis>ТЭГ &lt;</emphasis>Р&gt;.").
    assert_same_words(before, after, "заключён в тэг")
    assert "ЗАКЛЮЧЁН В ТЭГ <emphasis>&lt;Р&gt;</emphasis>." in out.decode("utf-8")


def assert_same_words(before: etree._Element, after: etree._Element, words: str) -> None:
    """The paragraphs of ``before`` holding ``words``: in ``after``, each element's text and
    tail the source's in capitals (layout aside)."""
    seen = 0
    paragraphs = f".//{FB}body//{FB}p"
    for was, now in zip(before.iterfind(paragraphs), after.iterfind(paragraphs), strict=True):
        if words not in "".join(was.itertext()):
            continue
        seen += 1
        for a, b in zip(was.iter(), now.iter(), strict=True):
            assert " ".join((b.text or "").split()) == " ".join((a.text or "").upper().split())
            assert " ".join((b.tail or "").split()) == " ".join((a.tail or "").upper().split())
    assert seen


XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def test_the_elements_translated_and_those_alone_name_the_target(tmp_path: Path) -> None:
    document = open_document(book("glazkov-complex.fb2", tmp_path))
    root = etree.fromstring(written(document))
    copy = root.find(f"{FB}description/{FB}src-title-info")  # (the source's, as it was)
    copy.getparent().remove(copy)
    labelled = {
        (etree.QName(e).localname, e.get("id") or e.get("name") or e.get("info-type") or ""): e.get(
            XML_LANG
        )
        for e in root.iter()
        if isinstance(e.tag, str) and e.get(XML_LANG) is not None
    }
    # Translated: the title, the annotation and its paragraph, the <emphasis> inside it, the
    # body's paragraphs, verses and the elements around them.
    for key in [("book-title", ""), ("keywords", ""), ("emphasis", ""), ("body", ""),
                ("poem", "po-1"), ("stanza", ""), ("cite", "ci-1")]:  # fmt: skip
        assert labelled[key] == "de", key
    assert labelled[("annotation", "ID-1")] == labelled[("p", "ID-2")] == "de"
    assert labelled[("v", "v-1")] == labelled[("p", "ID-10")] == "de"
    # Kept, and so still Russian: names, a series' name, a date, the file's history, the
    # printed edition's data, a library's custom-info, a title with no words.
    for key in [("first-name", ""), ("sequence", "Книга, чё"), ("sequence", "Два"),
                ("p", "ID-4"), ("history", "ID-3"), ("publisher", ""), ("city", ""),
                ("custom-info", "test-custom-info"), ("src-ocr", ""),
                ("cite", "ID-12")]:  # fmt: skip
        assert labelled[key].startswith("ru"), key
    # A subtitle marked English in the Russian book is English: kept, and says so.
    assert labelled[("subtitle", "st-2")] == "en"
    assert root.find(f".//{FB}subtitle[@id='st-2']").text == "Subtitle"


def test_a_translated_books_translators_and_original_stay_where_they_are_true(
    tmp_path: Path,
) -> None:
    source = (DATA / "glazkov-complex.fb2").read_bytes()
    document = open_document(book("glazkov-complex.fb2", tmp_path))
    out = written(document)
    root = etree.fromstring(out)
    info = root.find(f"{FB}description/{FB}title-info")
    original = root.find(f"{FB}description/{FB}src-title-info")
    assert info is not None and original is not None
    # A Russian translation from English into German: its original is still English; the
    # Russian edition, with the translators who made it, is the source's title-info, its
    # ids left out (an id is once a file: the annotation's ID-1 was twice).
    assert info.findtext(f"{FB}lang") == "de" and info.findtext(f"{FB}src-lang") == "en"
    assert info.find(f"{FB}translator") is None
    assert original.findtext(f"{FB}lang") == "ru" and len(original.findall(f"{FB}translator")) == 2
    assert [e.get("id") for e in root.iter() if e.get("id") == "ID-1"] == ["ID-1"]
    assert not [e for e in original.iter() if e.get("id") is not None]
    assert errors(out) == errors(source)
    # Translated once more, into French: the book has its source's title-info, and the
    # schema allows one; no second, and the German book's translators (none) stay.
    again = open_document(book("complex.de.fb2", tmp_path, out))
    twice = etree.fromstring(
        again.write(german([u.text for u in again.units]), language=language("fr"))
    )
    assert len(twice.findall(f"{FB}description/{FB}src-title-info")) == 1
    assert twice.findtext(f"{FB}description/{FB}title-info/{FB}lang") == "fr"
    assert errors(etree.tostring(twice)) == errors(source)


def test_a_book_that_names_no_language_is_given_one(tmp_path: Path) -> None:
    # pandoc writes no <lang> where the page names none (the schema wants one).
    source = (DATA / "pandoc-nolang.fb2").read_bytes()
    document = open_document(book("pandoc-nolang.fb2", tmp_path))
    out = written(document)
    root = etree.fromstring(out)
    # Where the schema wants them, the target's, the source's as it reads (English).
    info = root.find(f"{FB}description/{FB}title-info")
    assert info is not None
    assert [etree.QName(e).localname for e in info][-3:] == ["book-title", "lang", "src-lang"]
    assert info.findtext(f"{FB}lang") == "de" and info.findtext(f"{FB}src-lang") == "en"
    assert root.findtext(f"{FB}description/{FB}src-title-info/{FB}lang") == "en"
    # (the source's one error, title-info's missing <lang>, mended)
    assert errors(out) < errors(source)


def test_a_links_words_laid_out_on_lines_are_sent_without_the_layout(tmp_path: Path) -> None:
    """fb2cng's copy of the forum's book lays each tag on a line of its own (CRLF): the
    link to chapter 2 was sent as "Глава 2 ", the indent before </emphasis> a space."""
    source = (DATA / "fb2epub-test.fb2").read_text(encoding="utf-8")
    tight = '<p><emphasis><a l:href="#s_2">Глава 2</a></emphasis></p>'
    laid = '<p>\r\n  <emphasis>\r\n    <a l:href="#s_2">Глава 2</a>\r\n  </emphasis>\r\n</p>'
    assert source.count(tight) == 1
    data = source.replace(tight, laid).encode("utf-8")
    document = open_document(book("test.fb2", tmp_path, data))
    assert "Глава 2" in [u.text for u in document.units]
    assert not [u.text for u in document.units if u.text != u.text.strip(" ")]
    out = written(document)
    assert '<a l:href="#s_2">«Глава 2»</a>\r\n  </emphasis>\r\n</p>' in out.decode("utf-8")


def test_a_pictures_title_is_translated_as_its_description_is(tmp_path: Path) -> None:
    """The forum's book's vignette showed "Конец главы (image title)" under it in a German
    book: its alt was translated, its title not."""
    document = open_document(book("fb2epub-test.fb2", tmp_path))
    root = etree.fromstring(written(document))
    image = root.find(f".//{FB}image[@id='i_1']")
    assert image is not None
    assert image.get("alt") == "«Виньетка»" and image.get("title") == "«Конец главы (image title)»"


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (b'<?xml version="1.0"?>\n<FictionBook xmlns="http://www.gribuser.ru/xml/fictionbook/2.0">'
         b"\n<body>\n<section>\n<p>Cut", "it is cut short or broken (Premature end of data in "
         "tag p) at line 5"),
        (b'<?xml version="1.0"?>\n<FictionBook xmlns="http://www.gribuser.ru/xml/fictionbook/2.0">'
         b'\n<body>\n<p id="x" ', "it is cut short or broken (Couldn't find end of Start Tag p) "
         "at line 4"),
        (b'<?xml version="1.0"?>\n<!DOCTYPE FictionBook [<!ENTITY a "aaaa">]>\n<FictionBook/>',
         "XML entity expansion, which Quire refuses for safety at line 2"),
    ],
)  # fmt: skip
def test_a_broken_books_refusal_says_its_line_once(tmp_path: Path, data: bytes, said: str) -> None:
    """ "Premature end of data in tag p line 9, line 9, column 9) at line 9"; an entity
    declared on line 2 was said to be at line 1."""
    with pytest.raises(DocumentError) as caught:
        open_document(book("bad.fb2", tmp_path, data))
    message = caught.value.message
    assert message == f"This is not a valid FictionBook book: {said}"
    assert message.count("line") == 1
