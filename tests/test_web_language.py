"""What a translated web page or book says to those who do not read it as text: a screen
reader's names, a search engine's description, a link's preview, the languages it names."""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from pathlib import Path

from engine.documents import open_document, translate_file
from tests.fixtures.documents import epub_file


def upper(texts: Sequence[str]) -> list[str]:
    return [t.upper() for t in texts]


def book(path: Path, chapter: str) -> Path:
    """The fixtures' book (``dc:language`` en) with its first chapter's body ``chapter``."""
    page = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en-US" lang="en-US">\n'
        f"<head><title>The first chapter</title></head>\n<body>\n{chapter}\n</body></html>\n"
    )
    return epub_file(path, parts={"OEBPS/text/chapter1.xhtml": page.encode()})


def chapter(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read("OEBPS/text/chapter1.xhtml").decode("utf-8")


PAGE = """<!DOCTYPE html>
<html lang="en-US">
<head>
<meta charset="utf-8">
<meta http-equiv="content-language" content="en-US">
<meta name="description" content="A short page about the weather.">
<meta name="keywords" content="weather, rain">
<meta property="og:locale" content="en_US">
<meta property="og:locale:alternate" content="fr_FR">
<meta property="og:title" content="Weather today">
<meta property="og:description" content="It rains in the city.">
<meta property="og:image:alt" content="Clouds over a town">
<meta name="twitter:title" content="Rain again">
<meta name="twitter:description" content="It rains all day.">
<meta name="application-name" content="WeatherApp">
<title>Weather</title>
</head>
<body>
<button aria-label="Close the dialog">X</button>
<div aria-description="The latest news" aria-roledescription="slide">News.</div>
<div role="textbox" aria-placeholder="Your note">Text.</div>
<input type="text" placeholder="Your name" value="Ada">
<input type="submit" value="Send the form">
<input type="RESET" value='Start again'>
<input type="hidden" name="mode" value="fast">
<select><optgroup label="Warm drinks"><option label="Hot tea">tea</option></optgroup></select>
<video><track kind="subtitles" srclang="en" label="English subtitles"></video>
<svg viewBox="0 0 10 10"><title>Rain by month</title><desc>A bar chart</desc>
<text x="1" y="1">Jan</text></svg>
<span translate="no" aria-label="Quire">Quire</span>
<pre><span aria-label="The code">x = 1</span></pre>
</body>
</html>
"""


def test_what_a_screen_reader_a_search_engine_and_a_preview_read_is_translated(
    tmp_path: Path,
) -> None:
    """ARIA's names and descriptions, a field's hint, a button's text, a track's and a
    choice's label, an SVG's title, description and text, a page's description for a search
    engine and a link's preview are the page's text; another input's value, keywords, an
    application's name, a name not to translate and code stay. The language a <meta> names
    is the translation's: Content-Language as a tag, Open Graph's locale with its country."""
    source = tmp_path / "page.html"
    source.write_text(PAGE, encoding="utf-8")
    out = tmp_path / "page.de.html"
    translate_file(source, out, upper, language="de")
    text = out.read_text(encoding="utf-8")
    for shown in (
        'aria-label="CLOSE THE DIALOG"',
        'aria-description="THE LATEST NEWS" aria-roledescription="SLIDE"',
        'aria-placeholder="YOUR NOTE"',
        'placeholder="YOUR NAME" value="Ada"',
        'value="SEND THE FORM"',
        "value='START AGAIN'",
        '<optgroup label="WARM DRINKS"><option label="HOT TEA">TEA</option>',
        'label="ENGLISH SUBTITLES"',
        "<title>RAIN BY MONTH</title><desc>A BAR CHART</desc>\n<text",
        'y="1">JAN</text>',  # (a drawing's text, as the .svg reader reads it)
        '<meta name="description" content="A SHORT PAGE ABOUT THE WEATHER.">',
        '<meta property="og:title" content="WEATHER TODAY">',
        '<meta property="og:description" content="IT RAINS IN THE CITY.">',
        '<meta property="og:image:alt" content="CLOUDS OVER A TOWN">',
        '<meta name="twitter:title" content="RAIN AGAIN">',
        '<meta name="twitter:description" content="IT RAINS ALL DAY.">',
        '<meta http-equiv="content-language" content="de">',
        '<meta property="og:locale" content="de_DE">',
    ):
        assert shown in text, shown
    for kept in (
        'value="fast"',
        'content="weather, rain"',
        'content="WeatherApp"',
        '<meta property="og:locale:alternate" content="fr_FR">',
        '<span translate="no" aria-label="Quire">Quire</span>',
        '<pre><span aria-label="The code">x = 1</span></pre>',
    ):
        assert kept in text, kept
    texts = [u.text for u in open_document(source).units]
    assert "fast" not in texts and "The code" not in texts


def test_a_books_screen_reader_names_and_drawings_titles_are_translated(tmp_path: Path) -> None:
    """An EPUB's pages are read as HTML's: ARIA's names and an SVG's title and description
    are translated, and the drawing's own text as a page's is; beside the source, a
    drawing's title reads "source / translation" and its text keeps its source."""
    source = book(
        tmp_path / "book.epub",
        '<p aria-label="A greeting">Hello there.</p>\n'
        '<svg xmlns="http://www.w3.org/2000/svg"><title>Rain by month</title>'
        '<desc>A bar chart</desc><text x="1" y="1">Jan</text></svg>',
    )
    out = tmp_path / "book.de.epub"
    translate_file(source, out, upper, language="de")
    text = chapter(out)
    assert '<p aria-label="A GREETING">HELLO THERE.</p>' in text
    assert "<title>RAIN BY MONTH</title><desc>A BAR CHART</desc>" in text
    assert 'y="1">JAN</text>' in text
    both = tmp_path / "both.epub"
    translate_file(source, both, upper, language="de", bilingual=True)
    text = chapter(both)
    assert "<title>Rain by month / RAIN BY MONTH</title>" in text
    assert 'y="1">Jan</text>' in text
    assert "<desc>A bar chart / A BAR CHART</desc>" in text


FOREIGN = """<!DOCTYPE html>
<html lang="en-US">
<body>
<p lang="en-GB">The colour of the sky.</p>
<blockquote lang="fr"><p>Je pense, donc je suis.</p></blockquote>
<p>He said <i lang="la">carpe diem</i> and left.</p>
<ul><li><a href="/fr/" hreflang="fr" lang="fr">Version française</a></li></ul>
<p lang="en">A line the translator failed on.</p>
</body>
</html>
"""


def failing(texts: Sequence[str]) -> list[str]:
    """Upper case, but a unit it fails on keeps its source."""
    return [t if "failed" in t else t.upper() for t in texts]


def test_text_marked_as_another_language_keeps_its_words_and_its_language(
    tmp_path: Path,
) -> None:
    """A quotation in French, a Latin phrase, a link to the page in French are not the
    page's English: never sent to the translator, and their lang stays. English of another
    country is the page's language, translated and named German; a paragraph whose text
    kept its source (the translator failed on it) still says it is English."""
    source = tmp_path / "page.html"
    source.write_text(FOREIGN, encoding="utf-8")
    texts = [u.text for u in open_document(source).units]
    assert not any("pense" in t or "carpe" in t or "française" in t for t in texts)
    out = tmp_path / "page.de.html"
    translate_file(source, out, failing, language="de")
    text = out.read_text(encoding="utf-8")
    assert '<html lang="de">' in text
    assert '<p lang="de">THE COLOUR OF THE SKY.</p>' in text
    assert '<blockquote lang="fr"><p>Je pense, donc je suis.</p></blockquote>' in text
    assert '<p>HE SAID <i lang="la">carpe diem</i> AND LEFT.</p>' in text
    assert '<a href="/fr/" hreflang="fr" lang="fr">Version française</a>' in text
    assert '<p lang="en">A line the translator failed on.</p>' in text


def test_a_page_is_in_its_bodys_language_and_a_languages_other_codes_are_its_own(
    tmp_path: Path,
) -> None:
    """A review found a page whose <body lang="fr"> differed from its template's <html
    lang="en"> read as all foreign (nothing translated), and Norwegian's "no" foreign to a
    page in Bokmål ("nb")."""
    source = tmp_path / "page.html"
    source.write_text(
        '<html lang="en"><body lang="fr"><h1>Bienvenue sur notre site</h1>'
        "<p>Nous vendons des livres.</p>"
        '<p lang="en">This paragraph is written in English for our visitors.</p></body></html>',
        encoding="utf-8",
    )
    assert [u.text for u in open_document(source).units] == [
        "Bienvenue sur notre site",
        "Nous vendons des livres.",
    ]
    # A template's lang="en" over an article marked Spanish and written in it: the page is
    # what its text reads as, and the article is translated.
    source.write_text(
        '<html lang="en"><body><nav>Home</nav><article lang="es"><h1>Nuestra empresa</h1>'
        "<p>Somos una empresa familiar que vende libros y revistas desde hace treinta años en "
        "el centro de la ciudad.</p><p>Nuestros clientes encuentran siempre lo que buscan, y "
        "los precios son justos para todos.</p></article></body></html>",
        encoding="utf-8",
    )
    assert "Nuestra empresa" in [u.text for u in open_document(source).units]
    source.write_text(
        '<html lang="nb"><body><p>Hei verden.</p><p lang="no">God morgen.</p>'
        '<p lang="nn">God kveld.</p></body></html>',
        encoding="utf-8",
    )
    assert [u.text for u in open_document(source).units] == [
        "Hei verden.", "God morgen.", "God kveld."
    ]  # fmt: skip
    chapter_book = book(tmp_path / "book.epub", "<p>Bienvenue.</p>")
    with zipfile.ZipFile(chapter_book) as package:
        entries = {n: package.read(n) for n in package.namelist()}
    name = next(n for n in entries if n.endswith(".xhtml") and b"Bienvenue" in entries[n])
    entries[name] = entries[name].replace(b"<body", b'<body xml:lang="fr" lang="fr"', 1)
    with zipfile.ZipFile(chapter_book, "w") as package:
        for entry_name, data in entries.items():
            package.writestr(entry_name, data)
    assert "Bienvenue." in [u.text for u in open_document(chapter_book).units]


def test_a_mark_alone_keeps_no_html_text_that_is_not_written_in_it(tmp_path: Path) -> None:
    """As in a .docx (an outside review of the whole diff): a paragraph marked German but
    written in English is translated; one written in French under its mark is kept, and
    the job says so."""
    source = tmp_path / "page.html"
    source.write_text(
        '<html lang="en"><body><p>The weather is nice today and the sun is shining.</p>'
        '<p lang="de">Please read the attached document before the meeting tomorrow.</p>'
        '<p lang="fr">Je pense, donc je suis. C\'est la vie en France.</p></body></html>',
        encoding="utf-8",
    )
    document = open_document(source)
    assert [u.text for u in document.units] == [
        "The weather is nice today and the sun is shining.",
        "Please read the attached document before the meeting tomorrow.",
    ]
    assert [n.message_id for n in document.notes] == ["document.kept_marked"]
    chapter_book = book(
        tmp_path / "book.epub",
        '<p lang="de">Please read the attached document before the meeting tomorrow.</p>\n'
        '<p lang="fr">Je pense, donc je suis. C\'est la vie en France.</p>',
    )
    document = open_document(chapter_book)
    texts = [u.text for u in document.units]
    assert "Please read the attached document before the meeting tomorrow." in texts
    assert not any("Je pense" in t for t in texts)
    assert [n.message_id for n in document.notes] == ["document.kept_marked"]


def test_a_books_text_in_another_language_keeps_its_words_and_its_language(
    tmp_path: Path,
) -> None:
    """As pandoc writes ``[Je pense…]{lang=fr}``: the span stays French, untranslated; a
    paragraph the translator failed on keeps its language, as in a page."""
    source = book(
        tmp_path / "book.epub",
        '<p>He said: <span lang="fr">Je pense, donc je suis.</span></p>\n'
        '<p lang="en-GB" xml:lang="en-GB">The colour of the sky.</p>\n'
        '<p lang="en-GB" xml:lang="en-GB">A line the translator failed on.</p>',
    )
    texts = [u.text for u in open_document(source).units]
    assert not any("pense" in t for t in texts)
    out = tmp_path / "book.de.epub"
    translate_file(source, out, failing, language="de")
    text = chapter(out)
    assert '<p>HE SAID: <span lang="fr">Je pense, donc je suis.</span></p>' in text
    assert '<p lang="de" xml:lang="de">THE COLOUR OF THE SKY.</p>' in text
    assert '<p lang="en-GB" xml:lang="en-GB">A line the translator failed on.</p>' in text


def test_a_bilingual_book_shows_an_untranslated_block_once_and_a_heading_once(
    tmp_path: Path,
) -> None:
    """As a bilingual page does: a block the translator left as it was is not followed by a
    copy of itself said to be German, a title does not read "x / x", and a heading's
    translation follows it inside it (a second <h1> was a second entry in the outline)."""
    source = book(
        tmp_path / "book.epub",
        '<h1 id="c1">The weather</h1>\n<p>It rains today.</p>\n'
        "<p>A line the translator failed on.</p>",
    )
    out = tmp_path / "both.epub"
    translate_file(source, out, failing, language="de", bilingual=True)
    text = chapter(out)
    assert text.count("<h1") == 1
    assert '<h1 id="c1">The weather<br/><span xml:lang="de" dir="ltr">THE WEATHER</span></h1>' in (
        text
    )
    assert '<p>It rains today.</p>\n<p xml:lang="de" dir="ltr">IT RAINS TODAY.</p>' in text
    assert text.count("A line the translator failed on.") == 1
    titled = book(tmp_path / "titled.epub", "<p>It rains today.</p>")
    translate_file(titled, out, lambda ts: list(ts), language="de", bilingual=True)
    assert "<title>The first chapter</title>" in chapter(out)
