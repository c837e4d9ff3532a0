"""Books as people have them: Project Gutenberg's verse, drop caps and page numbers, notes in
another file of the book as Calibre writes them, a figure's caption, and e-books in formats
Quire does not read. A translation keeps each of them where a reader expects it."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from engine.documents import open_document, translate_file
from engine.errors import InputError
from tests.fixtures.documents import epub_entries, epub_file

# As Project Gutenberg sets a poem, a first letter and a page's number; a note's link as
# Calibre writes it (to the notes' own file); a figure with its caption (pandoc's).
CHAPTER = """<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml">
<head><title>The second chapter</title></head>
<body>
<div class="stanza">
<span class="i0">The wind is cold upon the hill,<br/></span>
<span class="i2">The night is long and dark;<br/></span>
<span class="i0">But in the house the fire burns still.<br/></span></div>
<p><span class="dropcap">T</span>he house stood alone at the end of the road.</p>
<p>It was a cold <span class="pagenum"><a id="Page_12">[12]</a></span>night in winter.</p>
<p>Nobody came.<sup><a id="back_1" href="notes.xhtml#note_1" class="noteref">1</a></sup> Then
somebody did.</p>
<figure><img src="../images/pixel.png" alt="A house"/><figcaption>The old house</figcaption>
</figure>
</body></html>
"""


def book(path: Path) -> Path:
    return epub_file(path, parts={"OEBPS/text/chapter 2.xhtml": CHAPTER.encode()})


def chapter(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read("OEBPS/text/chapter 2.xhtml").decode()


def test_a_book_from_project_gutenberg_and_calibre_keeps_its_lines_initials_pages_and_notes(
    tmp_path: Path,
) -> None:
    """A poem's lines went one span off (the newline and indent after each <br/> reached
    the translator as an empty line), a drop cap took the whole first word, a page's number
    slid into the sentence, and a note's link to the notes' file was sent as words."""
    path = book(tmp_path / "book.epub")
    units = [u.text for u in open_document(path).units]
    # A poem's lines, each its own line; a page's number and a note's link placeholders.
    assert (
        "The wind is cold upon the hill,\nThe night is long and dark;\nBut in the house "
        "the fire burns still." in units
    )
    assert "It was a cold ZXQ1Qnight in winter." in units  # (as the page number stands)
    assert "Nobody came.ZXQ1Q Then somebody did." in units
    out = tmp_path / "book.de.epub"
    translate_file(path, out, lambda batch: [t.upper() for t in batch], language="de")
    written = chapter(out)
    assert (
        '<span class="i0">THE WIND IS COLD UPON THE HILL,<br/></span>\n'
        '<span class="i2">THE NIGHT IS LONG AND DARK;<br/></span>\n'
        '<span class="i0">BUT IN THE HOUSE THE FIRE BURNS STILL.<br/></span>'
    ) in written
    assert '<span class="pagenum"><a id="Page_12">[12]</a></span>' in written
    assert 'class="noteref">1</a></sup>' in written
    # A drop cap holds the translation's first letter, not its first word.
    german = tmp_path / "real.de.epub"
    translate_file(
        path,
        german,
        lambda batch: ["Das Haus stand allein." if t.startswith("The house") else t for t in batch],
        language="de",
    )
    assert '<span class="dropcap">D</span>as Haus stand allein.' in chapter(german)


def test_a_bilingual_figure_keeps_one_caption(tmp_path: Path) -> None:
    """The translation was a second <figcaption>, which epubcheck refuses (a figure has one)."""
    path = book(tmp_path / "book.epub")
    out = tmp_path / "book.de.epub"
    translate_file(path, out, lambda batch: [t.upper() for t in batch], bilingual=True)
    written = chapter(out)
    assert written.count("<figcaption") == 1
    assert "The old house" in written and "THE OLD HOUSE" in written
    # A page's number once (in the margin, the copy's showed it twice).
    assert written.count("[12]") == 1 and "IT WAS A COLD" in written


@pytest.mark.parametrize("suffix", [".mobi", ".azw3", ".lit"])
def test_an_e_book_in_another_format_says_how_to_make_it_an_epub(
    suffix: str, tmp_path: Path
) -> None:
    """A Kindle book was "a binary file, not text: name its encoding" (FictionBook, once
    refused so too, is read now: tests/test_document_fb2.py)."""
    path = tmp_path / f"novel{suffix}"
    path.write_bytes(b"\0BOOK")
    with pytest.raises(InputError) as caught:
        open_document(path)
    assert caught.value.message == f"Quire cannot read {suffix} files"
    assert "Save it as .epub in Calibre" in caught.value.hint


def test_a_web_page_keeps_a_poems_lines_and_a_drop_cap_too(tmp_path: Path) -> None:
    path = tmp_path / "poem.html"
    body = CHAPTER.split("<body>")[1].split("<p>It was")[0]
    path.write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    out = tmp_path / "poem.de.html"
    translate_file(
        path,
        out,
        lambda batch: ["Das Haus stand allein." if t.startswith("The house") else t.upper()
                       for t in batch],
        language="de",
    )  # fmt: skip
    written = out.read_text(encoding="utf-8")
    assert '<span class="i2">THE NIGHT IS LONG AND DARK;<br/></span>\n<span class="i0">' in written
    assert '<span class="dropcap">D</span>as Haus stand allein.' in written


def test_a_sites_template_keeps_its_front_matter_and_template_code(tmp_path: Path) -> None:
    """A mirrored website's pages are templates (Jekyll, MkDocs' overrides): their front
    matter and Jinja/Liquid code reached the translator as words, and "layout: default" or
    "{% include footer.html %}" came back translated (found by an outside check)."""
    page = (
        "---\nlayout: default\ntitle: Home\n---\n<h1>Welcome home</h1>\n"
        "<p>{{ site.description }} is here.</p>\n{% include footer.html %}\n"
        '<p title="{{ page.title }}">Hi {% if user %}there{% endif %}.</p>\n'
        '<img alt="{{ site.title }} logo" src="logo.png">\n'
    )
    path = tmp_path / "index.html"
    path.write_text(page, encoding="utf-8")
    units = open_document(path).units
    assert [u.text for u in units] == ["Welcome home", "ZXQ1Q is here.", "Hi ZXQ1QthereZXQ2Q."]
    assert units[2].fields == ("{% if user %}", "{% endif %}")
    out = tmp_path / "index.de.html"
    translate_file(path, out, lambda batch: [t.upper() for t in batch])
    assert out.read_text(encoding="utf-8") == page.replace("Welcome home", "WELCOME HOME").replace(
        " is here.", " IS HERE."
    ).replace(">Hi ", ">HI ").replace("there{%", "THERE{%")


def test_an_epub_2_pages_named_entities_are_its_text(tmp_path: Path) -> None:
    """EPUB 2's XHTML may write &mdash; and &nbsp;: kept as they were, beside a translation
    with its own dash, the dash came twice ("langsam –&mdash;sehr")."""
    entries = epub_entries()
    entries["OEBPS/text/chapter 2.xhtml"] = (
        b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1'
        b'//EN" "http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd">\n<html xmlns="http://www.w3.org'
        b'/1999/xhtml"><head><title>Two</title></head><body><p>slowly&mdash;very slowly&nbsp;'
        b"indeed&mdash;up the path</p></body></html>"
    )
    path = tmp_path / "old.epub"
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    units = [u.text for u in open_document(path).units]
    assert "slowly\u2014very slowly\u00a0indeed\u2014up the path" in units
    out = tmp_path / "old.de.epub"
    translate_file(
        path,
        out,
        lambda batch: ["langsam – sehr langsam – den Weg hinauf" if "slowly" in t else t
                       for t in batch],
        language="de",
    )  # fmt: skip
    assert "<p>langsam – sehr langsam – den Weg hinauf</p>" in chapter(out)


def test_an_address_set_with_line_breaks_keeps_each_line(tmp_path: Path) -> None:
    """The newline after each <br> began the next line's text: the translator saw empty
    lines, and the lines of the address moved one off, two of them joined (found by a
    review)."""
    path = tmp_path / "contact.html"
    path.write_text("<p>John Smith<br>\n12 Main Street<br>\n  Springfield</p>\n", "utf-8")
    (unit,) = open_document(path).units
    assert unit.text == "John Smith\n12 Main Street\nSpringfield"
    out = tmp_path / "contact.de.html"
    translate_file(path, out, lambda batch: [t.upper() for t in batch])
    written = out.read_text(encoding="utf-8")
    assert written == "<p>JOHN SMITH<br>\n12 MAIN STREET<br>\n  SPRINGFIELD</p>\n"


def test_a_books_address_or_verse_set_with_line_breaks_keeps_each_line(tmp_path: Path) -> None:
    entries = epub_entries()
    entries["OEBPS/text/chapter 2.xhtml"] = (
        b'<?xml version="1.0" encoding="UTF-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'
        b"<head><title>Two</title></head><body><p>Roses are red,<br/>\n  violets are blue,"
        b"<br/>\n  sugar is sweet.</p><pre>keep<br/>\n  this</pre></body></html>"
    )
    path = tmp_path / "verse.epub"
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    assert "Roses are red,\nviolets are blue,\nsugar is sweet." in [
        u.text for u in open_document(path).units
    ]
    out = tmp_path / "verse.de.epub"
    translate_file(path, out, lambda batch: [t.upper() for t in batch], language="de")
    written = chapter(out)
    # (the markup's layout after each line break kept, as a reader sees none of it)
    assert "<p>ROSES ARE RED,<br/>\n  VIOLETS ARE BLUE,<br/>\n  SUGAR IS SWEET.</p>" in written
    assert "<pre>keep<br/>\n  this</pre>" in written  # (a <pre>'s white space is its own)
