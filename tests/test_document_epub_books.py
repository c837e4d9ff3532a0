"""Books as Standard Ebooks and the IDPF's samples set them (tests/data/epub/, cut down from
the real books): a poem line by line, phrases marked French or Russian in Latin letters,
chapter numbers in roman numerals, furigana. Each as a book and as a page (.xhtml), which
share the HTML reader's rules."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from lxml import etree

from engine.cli.main import main
from engine.documents import open_document, translate_file
from engine.documents.translate import no_language
from engine.engine import Engine
from engine.options import EngineOptions
from tests.fixtures.builder import exported

DATA = Path(__file__).parent / "data" / "epub"
X = "{http://www.w3.org/1999/xhtml}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# The book's pages, as Standard Ebooks lays a book out (epub/text/…), by their fixtures.
PAGES = {
    "alice-chapter-3.xhtml": "epub/text/chapter-3.xhtml",
    "pride-uncopyright.xhtml": "epub/text/uncopyright.xhtml",
    "peace-chapter-1-1-1.xhtml": "epub/text/chapter-1-1-1.xhtml",
    "peace-chapter-4-3-4.xhtml": "epub/text/chapter-4-3-4.xhtml",
    "kusamakura-1.xhtml": "epub/text/kusamakura-1.xhtml",
    "alice-chapter-10.xhtml": "epub/text/chapter-10.xhtml",
    "linear-algebra-li64.xhtml": "epub/text/fcla-xml-2.30li64.xhtml",
    "lemo-text00001.html": "epub/text/text00001.html",
    "pandoc-phrases.xhtml": "epub/text/ch001.xhtml",
}
_OPF = """<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid"
 xml:lang="en-US"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:identifier id="uid">url:https://standardebooks.org/ebooks/quire-tests</dc:identifier>
<dc:title>Pages of Standard Ebooks</dc:title><dc:language>en-US</dc:language>
<meta property="dcterms:modified">2024-01-01T00:00:00Z</meta></metadata>
<manifest><item id="toc" href="toc.xhtml" media-type="application/xhtml+xml" properties="nav"/>
{items}</manifest><spine>{refs}</spine></package>
"""


def book(path: Path, pages: Sequence[str] = tuple(PAGES)[:5]) -> Path:
    """An EPUB 3 of the fixture ``pages`` in that order, War and Peace's table of contents
    its navigation document."""
    items = "".join(
        f'<item id="p{n}" href="{PAGES[name][5:]}" media-type="application/xhtml+xml"/>'
        for n, name in enumerate(pages)
    )
    refs = "".join(f'<itemref idref="p{n}"/>' for n in range(len(pages)))
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), b"application/epub+zip")
        archive.writestr(
            "META-INF/container.xml",
            '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:'
            'opendocument:xmlns:container"><rootfiles><rootfile full-path="epub/content.opf" '
            'media-type="application/oebps-package+xml"/></rootfiles></container>',
            compress_type=zipfile.ZIP_DEFLATED,
        )
        archive.writestr("epub/content.opf", _OPF.format(items=items, refs=refs))
        archive.writestr("epub/toc.xhtml", (DATA / "peace-toc.xhtml").read_bytes())
        for name in pages:
            archive.writestr(PAGES[name], (DATA / name).read_bytes())
    return path


def page(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name)


def upper(texts: Sequence[str]) -> list[str]:
    return [t.upper() for t in texts]


def folded(texts: Sequence[str]) -> list[str]:
    """As a model translates a stanza: its lines read as one sentence, the breaks gone."""
    return [" ".join(t.split()).upper() for t in texts]


def expected(source: bytes, change: Callable[[str], str]) -> etree._Element:
    """The page with every text node that holds words passed through ``change`` and every
    other byte as it was (its whitespace, its tags), its root naming German."""
    root = etree.fromstring(source)
    for element in root.iter():
        if isinstance(element.tag, str) and element.text and element.text.strip():
            element.text = change(element.text)  # (not a comment's)
        if element.tail and element.tail.strip() and element is not root:
            element.tail = change(element.tail)
    root.set(XML_LANG, "de")
    return root


def seen(element: etree._Element) -> str:
    """An element's text as a reader sees it (HTML's whitespace, not a hair space, one)."""
    return re.sub(r"[ \t\n\r\f]+", " ", "".join(element.itertext())).strip(" ")


def spans(data: bytes) -> list[etree._Element]:
    root = etree.fromstring(data)
    return [s for q in root.iter(f"{X}blockquote") for s in q.iter(f"{X}span")]


# ----------------------------------------------------------------- verse


@pytest.mark.parametrize("as_page", [False, True], ids=["epub", "xhtml"])
def test_a_poems_lines_go_out_as_a_reader_sees_them_and_come_back_each_in_its_span(
    tmp_path: Path, as_page: bool
) -> None:
    """Standard Ebooks sets each line of a poem as <span>line</span>, newlines and tabs
    around each <br/>: the translator was sent the tabs as lines of their own, and the
    Mouse's tale came back drifting ("<span>“FURY SAID</span> TO<br/>", empty spans). Now
    the stanza is one unit of its lines, each line comes back in its own span, and every
    byte of the markup stays."""
    name = "alice-chapter-3.xhtml"
    source = (DATA / name).read_bytes()
    if as_page:
        path = tmp_path / name
        path.write_bytes(source)
    else:
        path = book(tmp_path / "alice.epub", [name])
    units = [u.text for u in open_document(path).units]
    lines = [seen(s) for s in spans(source)]
    assert "\n".join(lines) in units
    assert not any("\t" in u or "\n\n" in u or " \n" in u for u in units)
    out = tmp_path / ("out.xhtml" if as_page else "out.epub")
    translate_file(path, out, upper, language="de")
    written = out.read_bytes() if as_page else page(out, PAGES[name])
    assert [seen(s) for s in spans(written)] == [line.upper() for line in lines]
    want = etree.tostring(expected(source, str.upper), encoding="unicode")
    assert etree.tostring(etree.fromstring(written), encoding="unicode") == want


@pytest.mark.parametrize("as_page", [False, True], ids=["epub", "xhtml"])
def test_a_blessing_translated_as_one_sentence_keeps_a_line_in_each_span(
    tmp_path: Path, as_page: bool
) -> None:
    """Every Standard Ebooks book's Uncopyright page opens with a blessing of three lines;
    a model reads them as one text and gives back no line breaks: it came back
    "<span>MAY YOU DO GOOD AND NOT</span> EVIL.<br/><span></span>". Now each line's span
    holds words, in order, and no word lands between two spans."""
    name = "pride-uncopyright.xhtml"
    source = (DATA / name).read_bytes()
    path = tmp_path / name
    if as_page:
        path.write_bytes(source)
    else:
        path = book(tmp_path / "pride.epub", [name])
    out = tmp_path / ("out.xhtml" if as_page else "out.epub")
    translate_file(path, out, folded, language="de")
    written = out.read_bytes() if as_page else page(out, PAGES[name])
    lines = ["".join(s.itertext()) for s in spans(written)]
    assert len(lines) == 3 and all(line.strip() for line in lines)
    words = " ".join("".join(s.itertext()) for s in spans(source)).upper().split()
    assert " ".join(lines).split() == words
    quote = next(etree.fromstring(written).iter(f"{X}blockquote"))
    paragraph = next(quote.iter(f"{X}p"))
    outside = [paragraph.text, *(e.tail for e in paragraph)]
    assert all(not (t or "").strip() for t in outside)  # (no word between the spans)


# ----------------------------------------------------------------- marked languages


@pytest.mark.parametrize("as_page", [False, True], ids=["epub", "xhtml"])
def test_french_and_russian_phrases_inside_a_sentence_keep_their_words_and_marks(
    tmp_path: Path, as_page: bool
) -> None:
    """War and Peace marks its French (<i xml:lang="fr">la grippe</i>) and its Russian in
    Latin letters (<i xml:lang="ru-Latn">esaul</i>); on a word or two the detector guessed
    Italian or Latvian, so they were sent, came back "LA GRIPPE" and were marked German,
    while the note counted them kept. Now each is a placeholder in its sentence, kept as
    written with its mark, and the note counts what was kept."""
    names = ["peace-chapter-1-1-1.xhtml", "peace-chapter-4-3-4.xhtml"]
    marked = {
        name: [e for e in etree.fromstring((DATA / name).read_bytes()).iter() if e.get(XML_LANG)
               and e.tag not in (f"{X}html", f"{X}body")]
        for name in names
    }  # fmt: skip
    assert [len(m) for m in marked.values()] == [4, 2]
    paths = []
    if as_page:
        for name in names:
            paths.append(tmp_path / name)
            paths[-1].write_bytes((DATA / name).read_bytes())
    else:
        paths.append(book(tmp_path / "peace.epub", names))
    for path in paths:
        document = open_document(path)
        texts = " ".join(u.text for u in document.units)
        assert not re.search("grippe|Attendez|esaul", texts)
        assert re.search(r"suffering from ZXQ1Q; ZXQ2Q being then|The ZXQ1Q looked", texts)
        count = len(marked[path.name]) if as_page else 6
        assert document.notes[0].params["count"] == count
        out = path.with_suffix(".de" + path.suffix)
        result = translate_file(path, out, upper, language="de")
        assert f"{count} passage" in " ".join(result.notes)
        for name in [path.name] if as_page else names:
            data = out.read_bytes() if as_page else page(out, PAGES[name])
            root = etree.fromstring(data)
            kept = [e for e in root.iter() if e.get(XML_LANG) not in (None, "de")]
            assert [(e.get(XML_LANG), e.text) for e in kept] == [
                (e.get(XML_LANG), e.text) for e in marked[name]
            ]
            assert root.get(XML_LANG) == "de"
            assert re.search("SUFFERING FROM|LOOKED IN THE DIRECTION", data.decode())


# ----------------------------------------------------------------- furigana


@pytest.mark.parametrize("as_page", [False, True], ids=["epub", "xhtml"])
def test_furigana_are_no_text_and_a_translated_sentence_goes_without_them(
    tmp_path: Path, as_page: bool
) -> None:
    """Kusamakura's <ruby>智<rt>ち</rt></ruby>に働けば was sent as "智", "ち", "に働けば"
    (14,929 units for a short novel), the readings translated as words. Now a sentence is
    one unit of its base text; translated, it goes without its ruby (a reading says how to
    read the source's word, which the translation has not), and a sentence left as it was
    keeps every reading."""
    name = "kusamakura-1.xhtml"
    source = (DATA / name).read_bytes()
    if as_page:
        path = tmp_path / name
        path.write_bytes(source)
    else:
        path = book(tmp_path / "kusamakura.epub", [name])
    units = [u.text for u in open_document(path).units]
    assert "山路を登りながら、こう考えた。" in units
    assert any(u.startswith("智に働けば角が立つ。情に棹させば流される。") for u in units)
    assert not any(reading in u for u in units for reading in ("やまみち", "かど", "じょう"))
    out = tmp_path / ("out.xhtml" if as_page else "out.epub")

    def some(texts: Sequence[str]) -> list[str]:
        """Full stops of another width (the same length: each span keeps its share), the
        first paragraph left as it was."""
        return [t if t.startswith("山路") else t.replace("。", "．") for t in texts]

    translate_file(path, out, some, language="de")
    written = out.read_bytes() if as_page else page(out, PAGES[name])
    root = etree.fromstring(written)
    paragraphs = list(root.iter(f"{X}p"))
    assert [len(list(p.iter(f"{X}ruby", f"{X}rt"))) for p in paragraphs] == [2, 0, 0]
    assert "".join(paragraphs[1].itertext()).startswith("智に働けば角が立つ．情に")
    # Every other byte as it was: the readings and the ruby's tags alone are gone.
    first, *others = source.decode().split("<p>")
    kept = first + "<p>" + others[0]
    rest = re.sub(r"<rt>[^<]*</rt>|</?ruby>", "", "<p>".join(["", *others[1:]]))
    want = expected((kept + rest).encode(), lambda t: t.replace("。", "．"))
    mine = next(want.iter(f"{X}p"))
    mine.getparent().replace(mine, next(etree.fromstring(source).iter(f"{X}p")))
    assert etree.tostring(root, encoding="unicode") == etree.tostring(want, encoding="unicode")


# ----------------------------------------------------------------- roman numerals


def test_a_lone_roman_numeral_holds_no_language() -> None:
    assert all(no_language(t) for t in ("I", "II", "XIV", "XIV.", "LXXXIX", "iv ".upper()))
    assert not any(no_language(t) for t in ("I am", "Chapter I", "IIII", "IC", "Ich"))
    # (words and abbreviations of C, D and M letters a unit may hold alone: a résumé's "CV")
    assert not any(no_language(t) for t in ("CV", "CD", "MIX", "DC", "MD", "MMXXIV"))


@pytest.mark.parametrize("as_page", [False, True], ids=["epub", "xhtml"])
def test_chapter_numbers_in_roman_numerals_are_kept(tmp_path: Path, as_page: bool) -> None:
    """War and Peace's <h4 epub:type="z3998:ordinal z3998:roman">I</h4>, its <title>I</title>
    and the table of contents' "I", "II", "III" were sent, and a model made "I" "Ich". Now
    an element marked roman is kept whatever it holds (a placeholder in "Book I"), and a
    lone numeral is not sent."""
    seen: list[str] = []

    def record(texts: Sequence[str]) -> list[str]:
        seen.extend(texts)
        return upper(texts)

    names = ["peace-chapter-1-1-1.xhtml", "peace-toc.xhtml"]
    if as_page:
        paths = []
        for name in names:
            paths.append(tmp_path / name)
            paths[-1].write_bytes((DATA / name).read_bytes())
    else:
        paths = [book(tmp_path / "peace.epub", names[:1])]
    for path in paths:
        out = path.with_suffix(".de" + path.suffix)
        translate_file(path, out, record, language="de")
        data = [out.read_bytes()] if as_page else [page(out, "epub/text/chapter-1-1-1.xhtml"),
                                                    page(out, "epub/toc.xhtml")]  # fmt: skip
        for written in data:
            text = written.decode()
            assert not re.search(r">(?:I|II|III|ICH)<", text.replace("<title>I</title>", "")) or (
                '<h4 epub:type="z3998:ordinal z3998:roman">I</h4>' in text
                or 'epub:type="z3998:roman">I</a>' in text
            )
            assert "ICH" not in text
    assert not any(re.fullmatch(r"[IVX]+", t) for t in seen)
    assert "Book ZXQ1Q" in seen and "Part ZXQ1Q: 1805" in seen
    if not as_page:
        toc = page(out, "epub/toc.xhtml").decode()
        for number in ("I", "II", "III"):
            assert f'epub:type="z3998:roman">{number}</a>' in toc
        assert 'BOOK <span epub:type="z3998:roman">I</span>' in toc


# ----------------------------------------------------------------- the whole book


def test_the_translated_book_passes_epubcheck_as_the_source_does(tmp_path: Path) -> None:
    """epubcheck finds nothing in the translation it did not find in the source (these cut
    pages link to the book's stylesheets and chapters left out)."""
    found = shutil.which("epubcheck")
    if found is None or shutil.which("java") is None:
        pytest.skip("epubcheck is not installed (apt install epubcheck), as in CI")
    # (Debian's /usr/bin/epubcheck is the jar itself)
    command = ["java", "-jar", found] if found.endswith(".jar") or _jar(found) else [found]
    source = book(tmp_path / "book.epub")
    out = tmp_path / "book.de.epub"
    translate_file(source, out, folded, language="de")

    def messages(path: Path) -> set[str]:
        run = subprocess.run([*command, str(path)], capture_output=True, text=True)
        said = (run.stdout + run.stderr).replace(str(path), "BOOK")
        return set(re.findall(r"^(?:ERROR|FATAL|WARNING)\(.*$", said, re.M))

    assert messages(out) <= messages(source)


def _jar(path: str) -> bool:
    with open(path, "rb") as program:
        return program.read(2) == b"PK"


def test_quire_translate_writes_a_translated_book(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Engine(EngineOptions(home=quire_home)).import_model(exported("marian"), "opus-mt-en-de")
    source = book(tmp_path / "pages.epub", ["pride-uncopyright.xhtml", "peace-chapter-1-1-1.xhtml"])
    code = main(["translate", "--from", "en", "--to", "de", str(source)])
    _out, err = capsys.readouterr()
    assert code == 0, err
    out = tmp_path / "pages.de.epub"
    blessing = etree.fromstring(page(out, "epub/text/uncopyright.xhtml"))
    assert blessing.get(XML_LANG) == "de"
    assert len(spans(etree.tostring(blessing))) == 3
    chapter = page(out, "epub/text/chapter-1-1-1.xhtml").decode()
    assert '<i xml:lang="fr">la grippe</i>' in chapter
    assert '<h4 epub:type="z3998:ordinal z3998:roman">I</h4>' in chapter


# ----------------------------------------------------------------- the second review's books


def marked(texts: Sequence[str]) -> list[str]:
    """A translation that keeps the words' order and the text's length apart from its ends."""
    return ["⟦" + t.upper() + "⟧" for t in texts]


def reversed_words(texts: Sequence[str]) -> list[str]:
    """A translation that moves every word (and its placeholders), dropping line breaks."""
    return [" ".join(reversed(t.split())) for t in texts]


def translated(tmp_path: Path, name: str, change: Callable[[Sequence[str]], list[str]],
               as_page: bool) -> tuple[bytes, bytes]:  # fmt: skip
    """The fixture ``name`` and its translation by ``change`` (as a page, or in a book)."""
    source = (DATA / name).read_bytes()
    path = tmp_path / name
    if as_page:
        path.write_bytes(source)
    else:
        path = book(tmp_path / "book.epub", [name])
    out = tmp_path / ("out" + path.suffix)
    translate_file(path, out, change, language="de")
    return source, out.read_bytes() if as_page else page(out, PAGES[name])


@pytest.mark.parametrize("as_page", [False, True], ids=["epub", "xhtml"])
def test_an_inline_element_after_a_line_break_keeps_its_word_and_the_paragraph_its_lines(
    tmp_path: Path, as_page: bool
) -> None:
    """The linear algebra sample writes "named \n<indent><span class="ph cmtt-12">a
    </span>“nicely”": the span came back empty and its "A" after it, the paragraph on one
    line. Now each span keeps its word and the paragraph its lines and indents."""
    source, written = translated(tmp_path, "linear-algebra-li64.xhtml", marked, as_page)
    old, new = etree.fromstring(source), etree.fromstring(written)
    for before, after in zip(old.iter(f"{X}p"), new.iter(f"{X}p"), strict=True):
        assert seen(after) == "⟦" + seen(before).upper() + "⟧"
        codes = [s for s in before.iter(f"{X}span") if "cmtt-12" in s.get("class", "")]
        kept = [s for s in after.iter(f"{X}span") if "cmtt-12" in s.get("class", "")]
        assert [s.text for s in kept] == [(s.text or "").upper() for s in codes]
        lines = [t.replace("\r", "") for t in (before.text, *(e.tail for e in before)) if t]
        laid = [t.replace("\r", "") for t in (after.text, *(e.tail for e in after)) if t]
        assert [t.count("\n") for t in laid] == [t.count("\n") for t in lines]


@pytest.mark.parametrize("as_page", [False, True], ids=["epub", "xhtml"])
def test_verse_whose_translation_moves_its_words_leaves_no_line_empty(
    tmp_path: Path, as_page: bool
) -> None:
    """A model that reorders a stanza's words and drops its breaks left Alice's songs with
    empty lines (<span></span>) and a line cut after a word joiner ("France\u2060" |
    "— to"); now every line gets words, in order, none cut beside a word joiner."""
    source, written = translated(tmp_path, "alice-chapter-10.xhtml", reversed_words, as_page)
    songs = [list(etree.fromstring(data).iter(f"{X}blockquote")) for data in (source, written)]
    for before, after in zip(*songs, strict=True):
        for stanza, out in zip(before.iter(f"{X}p"), after.iter(f"{X}p"), strict=True):
            lines = ["".join(s.itertext()) for s in out.iter(f"{X}span")]
            assert len(lines) == len(list(stanza.iter(f"{X}span")))
            assert all(line.strip() for line in lines), lines
            assert not any(line.endswith("\u2060") or line.startswith("—") for line in lines)
            words = " ".join("".join(s.itertext()) for s in stanza.iter(f"{X}span")).split()
            assert " ".join(lines).split() == words[::-1]


@pytest.mark.parametrize("as_page", [False, True], ids=["epub", "xhtml"])
def test_phrases_kept_in_their_language_go_where_the_translation_puts_them(
    tmp_path: Path, as_page: bool
) -> None:
    """pandoc marks [c'est la vie]{lang=fr} and [carpe diem]{lang=la}; a translation that
    moved their placeholders ("ZXQ2Q. murmuring left, and ZXQ1Q said He") had them put
    back in the source's order among its words, a space lost. Now each stands where the
    translation puts it."""
    _source, written = translated(tmp_path, "pandoc-phrases.xhtml", reversed_words, as_page)
    paragraph = [p for p in etree.fromstring(written).iter(f"{X}p") if len(p)][-1]
    text = re.sub(r' xmlns(:\w+)?="[^"]*"', "", etree.tostring(paragraph, encoding="unicode"))
    assert text.strip() == (
        '<p><span lang="la">carpe diem</span>. murmuring left, and '
        '<span lang="fr">c’est la vie</span> said He</p>'
    )


@pytest.mark.parametrize("as_page", [False, True], ids=["epub", "html"])
def test_a_line_break_beside_furigana_is_no_space_and_a_page_keeps_its_crlf(
    tmp_path: Path, as_page: bool
) -> None:
    """Calibre's lemo.epub writes "始終<ruby>圧<rt>おさ</rt>\r\n</ruby>\r\n えつけていた":
    the line break was read as a space inside the word ("始終圧 えつけていた"), and the page
    was written back with LF alone. Now a line break between two East Asian wide
    characters is nothing (CSS Text 3), and the page keeps its CR LF."""
    name = "lemo-text00001.html"
    path = tmp_path / name
    path.write_bytes((DATA / name).read_bytes())
    if not as_page:
        path = book(tmp_path / "lemo.epub", [name])
    units = [u.text for u in open_document(path).units]
    assert any("始終圧えつけていた" in u for u in units)
    assert not any(re.search(r"[\u3040-\u30ff\u4e00-\u9fff] [\u3040-\u30ff\u4e00-\u9fff]", u)
                   for u in units)  # fmt: skip
    source, written = translated(tmp_path, name, marked, as_page)
    assert "⟦".encode() in written
    assert written.count(b"\r\n") >= source.count(b"\r\n")
    assert written.count(b"\n") == written.count(b"\r\n")
