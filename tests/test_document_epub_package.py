"""An EPUB's package around its text: a vertical book translated into German set horizontally,
the narration a translation cannot keep left out, the description a library shows
translated, a book with a broken mimetype written right, DRM on any file refused, a Kindle
book and a cut-short download told apart, and unchanged entries copied compressed as they
are. The books are real ones cut down (tests/data/epub/README.md,
tools/make_epub_package_fixtures.py); outputs are unzipped and parsed back."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pytest
from lxml import etree

from engine.cli.main import main
from engine.documents import DocumentError, open_document
from engine.documents.base import Document
from engine.engine import Engine
from engine.options import EngineOptions
from tests.fixtures.builder import exported
from tests.fixtures.documents import language

DATA = Path(__file__).parent / "data" / "epub"
OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"
GERMAN = language("de")


def marked(texts: Sequence[str]) -> list[str]:
    """A stand-in translator: each text in «»."""
    return [f"«{t}»" for t in texts]


def book(tmp_path: Path, name: str, data: bytes | None = None) -> Path:
    path = tmp_path / name
    path.write_bytes((DATA / name).read_bytes() if data is None else data)
    return path


def written(document: Document, *, bilingual: bool = False) -> zipfile.ZipFile:
    data = document.write(marked([u.text for u in document.units]), bilingual=bilingual,
                          language=GERMAN)  # fmt: skip
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.testzip() is None
    return archive


def rezipped(
    source: Path, entries: Sequence[zipfile.ZipInfo] | None = None, level: int | None = None
) -> bytes:
    """The book zipped again: its ``entries`` in that order (each with its own compression),
    or all of them, those compressed at ``level``."""
    old = zipfile.ZipFile(source)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as new:
        for info in entries if entries is not None else old.infolist():
            if level is None:
                new.writestr(info, old.read(info.filename))
            else:
                new.writestr(info.filename, old.read(info.filename), info.compress_type, level)
    return out.getvalue()


def skeleton(data: bytes) -> list[tuple[str, dict[str, str]]]:
    """Every element and its attributes, in order, but the words and their language."""
    return [
        (str(e.tag), {k: v for k, v in e.attrib.items() if "lang" not in k})
        for e in etree.fromstring(data).iter()
        if isinstance(e.tag, str)
    ]


# --- 5. a vertical book --------------------------------------------------------------------------


def test_a_vertical_japanese_book_translated_into_german_is_set_in_horizontal_lines(
    tmp_path: Path,
) -> None:
    """Kusamakura's vertical.css set ``-epub-writing-mode: vertical-rl``: the German
    translation turned its pages left to right in vertical lines. Now the stylesheet its pages
    link says horizontal-tb (its comments and every other byte as they were), and so the note."""
    path = book(tmp_path, "kusamakura.epub")
    source = zipfile.ZipFile(path)
    document = open_document(path)
    out = written(document)
    css = "OPS/css/vertical.css"
    before, after = source.read(css), out.read(css)
    assert b"-epub-writing-mode: vertical-rl;" in before
    assert after == before.replace(
        b"-epub-writing-mode: vertical-rl;", b"-epub-writing-mode: horizontal-tb;"
    )
    assert b"/*writing-mode: horizontal-tb;" in after  # (a comment, as it was)
    assert out.read("OPS/css/horizontal.css") == source.read("OPS/css/horizontal.css")
    spine = etree.fromstring(out.read("OPS/package.opf")).find(f"{OPF}spine")
    assert spine is not None and spine.get("page-progression-direction") == "ltr"
    assert any("horizontal" in n.text for n in document.notes)


def test_a_vertical_books_drawings_keep_their_writing_mode(tmp_path: Path) -> None:
    """A drawing's text in vertical lines stands where its columns were drawn: set
    horizontal it runs across the columns beside it. Its CSS (``style="writing-mode: tb"``)
    and its attribute (``writing-mode="tb-rl"``) alike stay; the page's own style goes
    horizontal."""
    source = DATA / "kusamakura.epub"
    name = "OPS/xhtml/一.xhtml"
    page = zipfile.ZipFile(source).read(name).decode()
    drawing = (
        '<p style="writing-mode: vertical-rl">はじめに</p>'
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 300"><style>text '
        "{ writing-mode: vertical-rl }</style>"
        '<text x="80" y="10" style="writing-mode: tb">山路を登りながら</text>'
        '<text x="40" y="10" writing-mode="tb-rl">こう考えた</text></svg>'
    )
    page = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + drawing, page, count=1)
    entries = {i.filename: i for i in zipfile.ZipFile(source).infolist()}
    out = io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(out, "w") as new:
        for n, info in entries.items():
            new.writestr(info, page.encode() if n == name else old.read(n))
    path = book(tmp_path, "drawn.epub", out.getvalue())
    root = etree.fromstring(written(open_document(path)).read(name))
    svg = "{http://www.w3.org/2000/svg}"
    assert [t.get("style") for t in root.iter(f"{svg}text")] == ["writing-mode: tb", None]
    assert [t.get("writing-mode") for t in root.iter(f"{svg}text")] == [None, "tb-rl"]
    assert "vertical-rl" in (root.findtext(f".//{svg}style") or "")
    said = [p.get("style") for p in root.iter("{http://www.w3.org/1999/xhtml}p")]
    assert "writing-mode: horizontal-tb" in said


def test_a_vertical_book_translated_into_chinese_stays_vertical(tmp_path: Path) -> None:
    path = book(tmp_path, "kusamakura.epub")
    document = open_document(path)
    data = document.write([u.text for u in document.units], language=language("zh-Hant"))
    css = zipfile.ZipFile(io.BytesIO(data)).read("OPS/css/vertical.css")
    assert css == zipfile.ZipFile(path).read("OPS/css/vertical.css")
    assert not any("horizontal" in n.text for n in document.notes)


# --- 6. a narrated book --------------------------------------------------------------------------


def test_a_narrated_book_is_translated_without_its_narration(tmp_path: Path) -> None:
    """Moby-Dick's chapter 1 has a media overlay: a reading app played the English voice and
    highlighted each German word it named. Now the SMIL, the audio only it plays, the items'
    media-overlay and the media: metadata are left out, with a note; every other entry is
    written, and the manifest names only what the book holds."""
    path = book(tmp_path, "moby-dick-mo.epub")
    source = zipfile.ZipFile(path)
    document = open_document(path)
    out = written(document)
    gone = {"OPS/chapter_001_overlay.smil", "OPS/audio/mobydick_001_002_melville.mp4"}
    assert gone <= set(source.namelist())
    assert out.namelist() == [n for n in source.namelist() if n not in gone]
    opf = etree.fromstring(out.read("OPS/package.opf"))
    assert not [i for i in opf.iter(f"{OPF}item") if i.get("media-overlay")]
    assert not [m for m in opf.iter(f"{OPF}meta") if m.get("property", "").startswith("media:")]
    for item in opf.iter(f"{OPF}item"):
        assert "OPS/" + str(item.get("href")) in out.namelist()
    # The page keeps its ids (a link may name one) and its words' structure.
    page = "OPS/chapter_001.xhtml"
    assert skeleton(out.read(page)) == skeleton(source.read(page))
    assert any("narration" in n.text for n in document.notes)


def test_a_bilingual_book_keeps_its_narration(tmp_path: Path) -> None:
    """A bilingual book keeps the source's words where the voice reads them."""
    path = book(tmp_path, "moby-dick-mo.epub")
    out = written(open_document(path), bilingual=True)
    assert out.namelist() == zipfile.ZipFile(path).namelist()
    assert b'media-overlay="chapter_001_overlay"' in out.read("OPS/package.opf")


# --- 7. the description --------------------------------------------------------------------------


def test_the_description_and_the_title_s_sort_form_are_translated(tmp_path: Path) -> None:
    """Pride and Prejudice's dc:description, its long description (HTML escaped in a meta)
    and the title's file-as stayed English beside a German title. Now the three are
    translated (the long description's HTML kept, its link and italics), and the subjects,
    Library of Congress headings, stay as the library spells them."""
    path = book(tmp_path, "pride-and-prejudice.epub")
    document = open_document(path)
    texts = [u.text for u in document.units]
    assert "A Regency-era novel of manners in which five women try to adjust to their new " \
        "neighbor, an eligible gentleman." in texts  # fmt: skip
    opf_before = etree.fromstring(zipfile.ZipFile(path).read("epub/content.opf"))
    opf = etree.fromstring(written(document).read("epub/content.opf"))
    description = opf.find(f".//{DC}description")
    assert description is not None and description.text == (
        "«A Regency-era novel of manners in which five women try to adjust to their new "
        "neighbor, an eligible gentleman.»"
    )
    title = opf.find(f".//{DC}title")
    assert title is not None and title.text == "«Pride and Prejudice»"
    (sort,) = [m for m in opf.iter(f"{OPF}meta") if m.get("refines") == "#title"]
    assert sort.text == "«Pride and Prejudice»"
    (long,) = [m for m in opf.iter(f"{OPF}meta") if m.get("property") == "se:long-description"]
    (long_before,) = [
        m for m in opf_before.iter(f"{OPF}meta") if m.get("property") == "se:long-description"
    ]
    shown = etree.fromstring(f"<div>{long.text}</div>")
    assert skeleton(etree.tostring(shown)) == skeleton(f"<div>{long_before.text}</div>".encode())
    paragraph = shown.find("p")
    assert paragraph is not None and "".join(paragraph.itertext()).startswith("«")
    assert "&lt;p&gt;" in etree.tostring(long, encoding="unicode")  # (escaped, as it was)
    subjects = [s.text for s in opf.iter(f"{DC}subject")]
    assert subjects == [s.text for s in opf_before.iter(f"{DC}subject")]
    assert "Love stories" in subjects


# --- 8. a broken package -------------------------------------------------------------------------


@pytest.mark.parametrize("fault", ["missing", "last and compressed"])
def test_a_book_with_a_broken_mimetype_is_written_right_and_said_so(
    tmp_path: Path, fault: str
) -> None:
    """A book with no mimetype, or with it last and compressed, was translated silently and
    written as broken (epubcheck PKG-006); now the translation has it first, stored, saying
    application/epub+zip, and a note says the source was mended."""
    source = DATA / "pride-and-prejudice.epub"
    infos = zipfile.ZipFile(source).infolist()
    entries = infos[1:]
    if fault != "missing":
        last = zipfile.ZipInfo("mimetype", infos[0].date_time)
        last.compress_type = zipfile.ZIP_DEFLATED
        entries = [*entries, last]
    path = book(tmp_path, "broken.epub", rezipped(source, entries))
    document = open_document(path)
    out = written(document)
    first = out.infolist()[0]
    assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
    assert out.read(first) == b"application/epub+zip" and not first.extra
    assert out.namelist() == ["mimetype", *(i.filename for i in infos[1:])]
    assert any("mimetype" in n.text and "missing" in n.text for n in document.notes) == (
        fault == "missing"
    )
    assert any("not first and compressed" in n.text for n in document.notes) == (fault != "missing")


def test_a_sound_book_says_nothing_of_its_mimetype(tmp_path: Path) -> None:
    document = open_document(book(tmp_path, "pride-and-prejudice.epub"))
    assert not any("mimetype" in n.text for n in document.notes)


ADEPT = """<?xml version="1.0"?><encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container"
 xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData><enc:EncryptionMethod
 Algorithm="{algorithm}"/><KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#"><resource
 xmlns="http://ns.adobe.com/adept">urn:uuid:x</resource></KeyInfo><enc:CipherData>
 <enc:CipherReference URI="{uri}"/></enc:CipherData></enc:EncryptedData></encryption>"""


@pytest.mark.parametrize(
    ("uri", "algorithm", "refused"),
    [
        ("epub/css/core.css", "http://www.w3.org/2001/04/xmlenc#aes128-cbc", True),
        ("epub/text/chapter-1.xhtml", "http://www.w3.org/2001/04/xmlenc#aes128-cbc", True),
        ("epub/css/local.css", "http://www.idpf.org/2008/embedding", False),
    ],
)
def test_a_book_with_any_file_encrypted_for_a_reader_is_refused_as_drm(
    tmp_path: Path, uri: str, algorithm: str, refused: bool
) -> None:
    """A stylesheet or picture encrypted with Adobe ADEPT's AES was copied into a translation
    no reader could show; now it is refused as DRM, as an encrypted page is. A font
    obfuscated (the IDPF's algorithm, any reader undoes it) is not DRM."""
    source = DATA / "pride-and-prejudice.epub"
    out = io.BytesIO(rezipped(source))
    with zipfile.ZipFile(out, "a") as archive:
        archive.writestr("META-INF/encryption.xml", ADEPT.format(uri=uri, algorithm=algorithm))
    path = book(tmp_path, "locked.epub", out.getvalue())
    if not refused:
        assert open_document(path).units
        return
    with pytest.raises(DocumentError) as caught:
        open_document(path)
    assert caught.value.message_id == "document.drm" and caught.value.path == path
    shown = "its text" if uri.endswith(".xhtml") else uri
    assert f"protected by DRM: {shown} is encrypted" in caught.value.message


def test_a_kindle_book_and_a_cut_short_download_are_told_apart(tmp_path: Path) -> None:
    """Both were "not an EPUB book (it is not a zip archive) … save it again in Sigil or
    Calibre", which helps neither: a Kindle book (a Palm database, BOOKMOBI at offset 60) is
    named so, to convert in Calibre; a zip that ends before its list of files, to download
    again."""
    kindle = book(
        tmp_path, "kindle.epub", b"Book Title".ljust(60, b"\0") + b"BOOKMOBI" + bytes(200)
    )
    whole = (DATA / "pride-and-prejudice.epub").read_bytes()
    cut = book(tmp_path, "cut.epub", whole[: len(whole) // 2])
    said = {}
    for path in (kindle, cut):
        with pytest.raises(DocumentError) as caught:
            open_document(path)
        said[path.name] = caught.value
    assert said["kindle.epub"].message_id == "document.kindle"
    assert "Kindle book" in said["kindle.epub"].message
    assert "Calibre" in str(said["kindle.epub"].hint)
    assert said["cut.epub"].message_id == "document.cut_short"
    assert "Download or copy it again" in str(said["cut.epub"].hint)


# --- 9. writing without recompressing ------------------------------------------------------------


def _raw(data: bytes, info: zipfile.ZipInfo) -> bytes:
    """An entry's compressed bytes as the archive holds them."""
    at = info.header_offset
    start = at + 30 + int.from_bytes(data[at + 26 : at + 28], "little")
    start += int.from_bytes(data[at + 28 : at + 30], "little")
    return data[start : start + info.compress_size]


@pytest.mark.parametrize(
    ("folder", "name"),
    [
        ("epub", "pride-and-prejudice.epub"),
        ("office", "Of16-02.pptx"),
        ("office", "chart.docx"),
        ("idml", "master.idml"),
    ],
)
def test_unchanged_entries_are_copied_compressed_as_they_are(
    tmp_path: Path, folder: str, name: str
) -> None:
    """Alice's 26 MB of pictures were decompressed and compressed again on every write (13 of
    its 14 seconds), an InDesign layout's entries on each (it wrote its own zip); now an
    entry the translation leaves alone is copied as its compressed bytes (here zipped at
    level 1, which zipfile's level 6 would not give back), with its name, date, method and
    attributes, and the archive reads back whole."""
    source = Path(__file__).parent / "data" / folder / name
    path = book(tmp_path, name, rezipped(source, level=1))
    data = path.read_bytes()
    document = open_document(path)
    out_data = document.write(marked([u.text for u in document.units]), language=GERMAN)
    before, after = zipfile.ZipFile(io.BytesIO(data)), zipfile.ZipFile(io.BytesIO(out_data))
    assert after.testzip() is None
    assert after.namelist() == before.namelist()
    same = 0
    for old, new in zip(before.infolist(), after.infolist(), strict=True):
        kept = (old.date_time, old.compress_type, old.external_attr, old.create_system)
        assert kept == (new.date_time, new.compress_type, new.external_attr, new.create_system)
        if before.read(old) == after.read(new):
            assert _raw(data, old) == _raw(out_data, new), old.filename
            same += 1
    assert 0 < same < len(before.infolist())


# --- the command line ----------------------------------------------------------------------------


def test_quire_translate_writes_a_translated_book(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Engine(EngineOptions(home=quire_home)).import_model(exported("marian"), "opus-mt-en-de")
    source = book(tmp_path, "moby-dick-mo.epub")
    code = main(["translate", "--from", "en", "--to", "de", str(source)])
    _out, err = capsys.readouterr()
    assert code == 0, err
    out = zipfile.ZipFile(tmp_path / "moby-dick-mo.de.epub")
    assert out.testzip() is None and out.namelist()[0] == "mimetype"
    assert "OPS/chapter_001_overlay.smil" not in out.namelist()
    assert "narration" in err
