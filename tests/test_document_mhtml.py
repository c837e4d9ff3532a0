"""Web pages saved as one file (MIME HTML): Chromium's own (tests/data/mhtml/, made by
tools/make_mhtml_fixtures.py through the DevTools protocol), Word's "Single File Web Page" and
Confluence's "Export to Word" in their documented layout. Each output is read back by
Python's email package, and every part not translated is compared byte for byte."""

from __future__ import annotations

import base64
import email
import email.policy
import hashlib
import quopri
import re
import shutil
import subprocess
from collections.abc import Sequence
from email.message import EmailMessage
from pathlib import Path

import pytest

from engine.documents import Document, DocumentError, open_document, translate_file
from engine.documents.registry import READERS, writable_suffixes
from engine.documents.translate import default_output
from tests.fixtures.documents import language

DATA = Path(__file__).parent / "data" / "mhtml"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def marked(document: Document) -> list[str]:
    """A stand-in translation: each unit in «» with a German word, past ASCII."""
    return [f"«{u.text}» übersetzt" for u in document.units]


def parsed(data: bytes) -> EmailMessage:
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    assert not message.defects
    return message


def raw_parts(data: bytes) -> list[bytes]:
    """Each part's bytes between boundary lines, as written (headers and body): the
    preamble and the epilogue left out."""
    boundary = parsed(data).get_param("boundary")
    assert isinstance(boundary, str)
    pieces = re.split(rb"\r?\n--" + re.escape(boundary.encode()) + rb"(?:--)?\r?\n", data)
    return pieces[1:-1]


def pages(message: EmailMessage) -> list[str]:
    """Each page's text, in its part's charset, else its <meta>'s (Chromium names none in
    the part's header: a browser reads the page's own, as Python's email does not)."""
    found = []
    for part in message.walk():
        if part.get_content_type() == "text/html":
            raw = part.get_payload(decode=True)
            assert isinstance(raw, bytes)
            meta = re.search(rb"charset=([\w-]+)", raw[:1024])
            charset = part.get_content_charset() or (meta[1].decode() if meta else "utf-8")
            found.append(raw.decode(charset))
    return found


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_a_chromium_page_its_frame_and_alt_text_are_translated_the_rest_kept() -> None:
    path = DATA / "chromium-garden.mhtml"
    data = path.read_bytes()
    document = open_document(path)
    texts = [u.text for u in document.units]
    assert "The roses bloom early this year. Read more." in texts
    assert "A small coloured square" in texts  # (alt text, as in .html)
    assert "This paragraph lives inside the frame." in texts  # (the iframe, a part of its own)
    assert not any("this(code)" in t for t in texts)  # (<pre>)
    document.language = language("de")
    out = document.render(marked(document))
    page, frame = pages(parsed(out))
    assert "«The <b>roses</b> bloom early this year. Read <a href" in page
    assert "<b>" in page and 'href="https://example.org/"' in page  # (formatting and link kept)
    assert 'alt="«A small coloured square» übersetzt"' in page
    assert 'lang="de"' in page and "<pre>keep = this(code)</pre>" in page
    assert "«This paragraph lives inside the frame.» übersetzt" in frame
    before, after = raw_parts(data), raw_parts(out)
    assert len(before) == len(after) == 4
    # The picture and the style sheet byte for byte; each page's headers as they were.
    kept = [p for p in before if b"Content-Type: text/html" not in p]
    assert [sha(p) for p in kept] == [sha(p) for p in after if p in kept] and len(kept) == 2
    for old, new in zip(before, after, strict=True):
        head = old.split(b"\r\n\r\n", 1)[0]
        assert new.split(b"\r\n\r\n", 1)[0] == head
    assert out.split(b"\r\n\r\n", 1)[0] == data.split(b"\r\n\r\n", 1)[0]  # (the file's header)
    # Quoted-printable still, as Chromium wrote it: lines of at most 76, CR LF.
    body = after[0].split(b"\r\n\r\n", 1)[1]
    assert all(len(line) <= 76 for line in body.split(b"\r\n"))
    assert b"\n" not in body.replace(b"\r\n", b"")


def test_the_text_summarize_ask_and_classify_read() -> None:
    document = open_document(DATA / "chromium-zh-ru.mhtml")
    texts = [u.text for u in document.units]
    assert "春天的花园里开满了玫瑰。" in texts and "Весной в саду цветут розы." in texts
    assert all(u.read for u in document.units if u.text != "小方块")


def test_a_windows_1251_page_stays_so_where_the_translation_fits_else_becomes_utf8() -> None:
    path = DATA / "chromium-cp1251.mhtml"
    document = open_document(path)
    assert "Розы цветут рано в этом году." in [u.text for u in document.units]
    fits = document.render([u.text.upper() for u in document.units])
    page = next(p for p in parsed(fits).walk() if p.get_content_type() == "text/html")
    raw = page.get_payload(decode=True)
    assert isinstance(raw, bytes)
    assert "РОЗЫ ЦВЕТУТ РАНО".encode("cp1251") in raw and b"charset=windows-1251" in raw
    wide = document.render([f"{u.text} 玫瑰" for u in document.units])
    page = next(p for p in parsed(wide).walk() if p.get_content_type() == "text/html")
    raw = page.get_payload(decode=True)
    assert isinstance(raw, bytes)
    assert "Розы цветут рано в этом году. 玫瑰".encode() in raw
    assert b"charset=utf-8" in raw and b"windows-1251" not in raw


def test_a_word_page_in_windows_1252_names_utf8_in_its_content_type_when_it_becomes_so() -> None:
    path = DATA / "word-letter.mht"
    data = path.read_bytes()
    document = open_document(path)
    assert [u.text for u in document.units] == [
        "Dear customer, your order has shipped – thank you.",
        "It arrives on Friday.",
    ]
    kept = document.render([u.text.replace("Friday", "Friday €") for u in document.units])
    assert b'charset="windows-1252"' in kept and b"Friday =80" in kept
    out = document.render([f"{u.text} 谢谢" for u in document.units])
    assert b'Content-Type: text/html; charset="utf-8"' in out
    assert b"Content-Transfer-Encoding: quoted-printable" in raw_parts(out)[0]
    [page] = pages(parsed(out))
    assert "It arrives on Friday. 谢谢" in page and "charset=utf-8" in page
    # The preamble Word writes and the file list, as they were.
    assert raw_parts(out)[1] == raw_parts(data)[1]
    assert out.split(b"------=_NextPart", 1)[0] == data.split(b"------=_NextPart", 1)[0]


def test_internet_explorers_frames_nested_and_in_an_alternative_are_translated() -> None:
    """Internet Explorer 9's own archive (Chromium's test data): the page in a
    multipart/alternative, three iframes by their URL (7bit and quoted-printable parts), a
    frame inside a frame, all in windows-1252; a translation past it becomes UTF-8, each
    Content-Type and transfer encoding saying so, the picture byte for byte."""
    path = DATA / "ie9-multi-frames.mht"
    data = path.read_bytes()
    document = open_document(path)
    texts = [u.text for u in document.units]
    assert texts[:3] == [
        "A page that contains multiple nested frames",
        "This page contains several frames.",
        "And a red square:",
    ]
    assert {"The first frame!", "The second frame!", "This is frame 4!"} <= set(texts)
    out = document.render([f"{t} 框架" for t in texts])
    message = parsed(out)
    shown = pages(message)
    assert len(shown) == 5 and all("框架" in page for page in shown)
    assert out.count(b'charset="utf-8"') == 5 and b"Windows-1252" not in out
    assert out.count(b"Content-Transfer-Encoding: 7bit") == 0
    png = [p for p in message.walk() if p.get_content_type() == "image/png"]
    assert [sha(p.get_payload(decode=True)) for p in png] == [  # type: ignore[arg-type]
        sha(p.get_payload(decode=True))  # type: ignore[arg-type]
        for p in parsed(data).walk()
        if p.get_content_type() == "image/png"
    ]
    assert out.split(b"\r\n\r\n", 1)[0] == data.split(b"\r\n\r\n", 1)[0]
    assert data.split(b"image/png", 1)[1].split(b"------=")[0] in out  # (the picture's bytes)


def test_internet_explorers_scripts_and_styles_are_kept_as_they_were() -> None:
    path = DATA / "ie9-css-and-js.mht"
    data = path.read_bytes()
    document = open_document(path)
    assert "The red square below should be hidden by way of CSS." in [
        u.text for u in document.units
    ]
    out = document.render([u.text.upper() for u in document.units])
    assert raw_parts(out)[1:] == raw_parts(data)[1:]  # (picture, style sheet, script)
    assert b'charset="Windows-1252"' in raw_parts(out)[0]  # (it still fits)
    assert "THE RED SQUARE BELOW SHOULD BE HIDDEN BY WAY OF CSS." in pages(parsed(out))[0]


FRAMESET = b"""MIME-Version: 1.0
Content-Type: multipart/related; boundary="b"

--b
Content-Type: text/html; charset="us-ascii"
Content-Location: http://localhost/site/index.html

<html><frameset cols="50%,50%"><frame src="left.html"><frame src='right.html'></frameset></html>
--b
Content-Type: text/html
Content-Location: http://localhost/site/left.html

<p>Left side.</p>
--b
Content-Type: text/html; charset="us-ascii"
Content-Location: http://localhost/site/right.html

<p>Right side.</p>
--b
Content-Type: text/html
Content-Location: http://localhost/site/linked.html

<p>Only linked to.</p>
--b--
"""


def test_a_framesets_frames_are_translated_a_page_only_linked_to_is_not(tmp_path: Path) -> None:
    """A page of frames alone (no text of its own, as Internet Explorer saved a <frameset>):
    its frames by their address relative to it; an HTML part no page shows is kept. A part
    in 7 bits whose translation is not becomes quoted-printable, and a us-ascii one UTF-8,
    their headers saying so."""
    source = tmp_path / "site.mht"
    source.write_bytes(FRAMESET)
    document = open_document(source)
    assert [u.text for u in document.units] == ["Left side.", "Right side."]
    out = document.render(["Linke Seite.", "Rechte Seite ü."])
    left, right, linked = raw_parts(out)[1:]
    assert b"<p>Linke Seite.</p>" in left and b"Transfer-Encoding" not in left  # (ASCII still)
    assert b'charset="utf-8"\nContent-Location: http://localhost/site/right.html\n' in right
    assert b"Content-Transfer-Encoding: quoted-printable\n\n" in right
    assert linked == raw_parts(FRAMESET)[3]
    # (with the <meta charset> an .html page that becomes UTF-8 gets, as the HTML reader does)
    assert pages(parsed(out))[2] == '<meta charset="utf-8"><p>Rechte Seite ü.</p>'


def test_a_page_in_base64_is_written_back_in_base64(tmp_path: Path) -> None:
    data = (DATA / "chromium-garden.mhtml").read_bytes()
    first = data.index(b"\r\n\r\n", data.index(b"Content-Type: text/html")) + 4
    end = data.index(b"\r\n------MultipartBoundary", first)
    head, page, rest = data[:first], quopri.decodestring(data[first:end]), data[end:]
    head = head.replace(b"quoted-printable", b"base64", 1)
    source = tmp_path / "page.mhtml"
    source.write_bytes(head + base64.encodebytes(page).replace(b"\n", b"\r\n").rstrip() + rest)
    document = open_document(source)
    out = document.render(marked(document))
    assert b"Content-Transfer-Encoding: base64" in raw_parts(out)[0]
    assert "«The garden in spring» übersetzt" in pages(parsed(out))[0]


def test_a_confluence_export_named_doc_is_read_as_a_web_archive_and_written_as_doc(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from engine.documents import office97

    def no_libreoffice(*args: object, **options: object) -> None:
        raise AssertionError("a web archive is not converted")

    monkeypatch.setattr(office97, "convert", no_libreoffice)
    source = tmp_path / "Release checklist.doc"
    shutil.copyfile(DATA / "confluence-export.doc", source)
    before = source.read_bytes()
    out = tmp_path / "Release checklist.de.doc"
    translate_file(source, out, lambda batch: [f"«{t}»" for t in batch])
    assert source.read_bytes() == before
    message = parsed(out.read_bytes())
    assert "«Check that every build passed before you tag the release.»" in pages(message)[0]
    assert raw_parts(out.read_bytes())[1] == raw_parts(before)[1]  # (the picture)
    document = open_document(source)
    assert document.output_suffixes == (".doc",)
    assert [n.message_id for n in document.notes] == ["document.read_as_its_kind"]
    assert ".doc" in (office97.written_as(source) or ())


def test_an_mht_saved_under_an_htm_name_is_read_as_one(tmp_path: Path) -> None:
    source = tmp_path / "letter.htm"
    shutil.copyfile(DATA / "word-letter.mht", source)
    document = open_document(source)
    assert [u.text for u in document.units][1] == "It arrives on Friday."
    assert b"------=_NextPart" in document.render([u.text for u in document.units])


def test_outputs_are_named_as_other_kinds() -> None:
    assert default_output(Path("page.mhtml"), "de") == Path("page.de.mhtml")
    assert default_output(Path("page.mht"), "de") == Path("page.de.mht")
    assert writable_suffixes(".mhtml") == (".mhtml",) and ".mht" in READERS


def _broken(data: bytes, tmp_path: Path, name: str = "page.mhtml") -> DocumentError:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(DocumentError) as caught:
        open_document(path)
    return caught.value


def test_refusals_say_what_is_wrong(tmp_path: Path) -> None:
    data = (DATA / "chromium-garden.mhtml").read_bytes()
    no_page = data.replace(b"Content-Type: text/html", b"Content-Type: text/plain")
    assert _broken(no_page, tmp_path).message_id == "document.mhtml_no_page"
    no_boundary = re.sub(rb';\r\n\tboundary="[^"]*"', b"", data)
    assert _broken(no_boundary, tmp_path).message_id == "document.mhtml_broken"
    other_boundary = data.replace(b'boundary="----', b'boundary="xx----', 1)
    assert _broken(other_boundary, tmp_path).message_id == "document.mhtml_broken"
    cut = data[: data.index(b"Content-Type: text/css")]
    assert _broken(cut, tmp_path).message_id == "document.mhtml_truncated"
    assert _broken(b"<html><p>Hi</p></html>", tmp_path).message_id == "document.mhtml_not_mime"


def test_chromiums_own_broken_archives_are_refused_saying_why() -> None:
    """Chromium's tests' archive cut before its closing boundary, and WebKit's whose first
    boundary line is spoiled (Chromium shows neither page)."""
    with pytest.raises(DocumentError) as cut:
        open_document(DATA / "blink-no-footer.mht")
    assert cut.value.message_id == "document.mhtml_truncated"
    with pytest.raises(DocumentError) as spoiled:
        open_document(DATA / "webkit-bad-boundary.mht")
    assert spoiled.value.message_id == "document.mhtml_broken"


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (the judge)")
def test_chromium_shows_the_translation(tmp_path: Path) -> None:
    """Chromium opens the translated archive and shows its text, the picture loaded."""
    document = open_document(DATA / "chromium-garden.mhtml")
    out = tmp_path / "page.de.mhtml"
    out.write_bytes(document.render(marked(document)))
    dom = _chromium(["--dump-dom", out.as_uri()], tmp_path)
    assert "«Fresh water every morning keeps them healthy.» übersetzt" in dom
    assert 'alt="«A small coloured square» übersetzt"' in dom


def _chromium(arguments: Sequence[str], tmp_path: Path) -> str:
    assert CHROMIUM is not None
    done = subprocess.run(
        [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu",
         f"--user-data-dir={tmp_path / 'profile'}", *arguments],
        capture_output=True, timeout=120, check=True,
    )  # fmt: skip
    return done.stdout.decode()


@pytest.mark.parametrize("name", ["chromium-shadow.mhtml", "chromium-shadow.html"])
def test_shadow_roots_and_a_drawings_text_are_translated_a_template_and_a_text_area_kept(
    name: str, tmp_path: Path
) -> None:
    """Chromium saves each shadow root (attached by script, or declared) as a <template
    shadowmode> in an archive and writes it as <template shadowrootmode> in HTML: a reader
    sees its text. An ordinary template's is not shown, and a text area's is a form's data."""
    path = DATA / name
    texts = [u.text for u in open_document(path).units]
    assert "Shadow text added by script." in texts  # (a custom element's attachShadow)
    assert "Declarative shadow paragraph." in texts
    assert "Light text in the slot." in texts
    assert "Sales grew fast this year." in texts  # (an inline SVG's <text>, its tspan a run)
    assert "First line of a label\nand its second line." in texts  # (a tspan with dy: a line)
    assert "Sales chart" in texts  # (its <title>, as before)
    assert "A label in HTML." in texts  # (a <foreignObject>'s HTML, as mermaid draws a label)
    for kept in ("Template text for later.", "Describe the problem here.", "npm install"):
        assert not any(kept in t for t in texts)
    out = tmp_path / f"out{path.suffix}"
    translate_file(path, out, lambda batch: [f"«{t}»" for t in batch])
    data = out.read_bytes()
    page = pages(parsed(data))[0] if path.suffix == ".mhtml" else data.decode()
    assert "<p>«Shadow text added by script.»</p>" in page
    assert "<p>«Declarative shadow paragraph.»</p>" in page
    assert 'shadowmode="open"' in page or 'shadowrootmode="open"' in page
    assert '<text x="10" y="20">«Sales grew <tspan font-weight="bold">fast</tspan>' in page
    assert '«First line of a label<tspan x="10" dy="15">and its second line.»</tspan>' in page
    assert "<div><span>«A label in HTML.»</span></div></foreignObject></svg>" in page
    assert '<template id="row"><p>Template text for later.</p></template>' in page
    assert '<textarea name="message">Describe the problem here.</textarea>' in page
    assert 'font-family="monospace">npm install</text>' in page


@pytest.mark.parametrize("mode", ['shadowrootmode="closed"', 'shadowroot="open"', "shadowmode"])
def test_each_way_of_declaring_a_shadow_root_is_read(mode: str) -> None:
    from engine.documents.html import parse
    from engine.text.encoding import UTF8

    source = f"<div><template {mode}><p>Inside the shadow.</p></template></div><p>Outside.</p>"
    page = parse(source, UTF8, Path("page.html"))
    assert [u.text for u in page.units] == ["Inside the shadow.", "Outside."]
    ordinary = parse(source.replace(mode, 'id="x"'), UTF8, Path("page.html"))
    assert [u.text for u in ordinary.units] == ["Outside."]


def test_a_drawings_text_keeps_its_source_in_a_bilingual_page() -> None:
    """A bilingual copy adds no second line inside a drawing (HTML's <br> and <span> would
    end the <svg> where they stand): its text stays as it was, the page's is doubled."""
    document = open_document(DATA / "chromium-shadow.html")
    out = document.render_bilingual([f"«{u.text}»" for u in document.units]).decode()
    source = (DATA / "chromium-shadow.html").read_text()
    drawing = source[source.index("<text ") : source.index("</svg>")]
    assert drawing in out
    assert "Light text in the slot.<br><span" in out


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (the judge)")
def test_chromium_shows_a_translated_drawings_text_in_the_drawing(tmp_path: Path) -> None:
    document = open_document(DATA / "chromium-shadow.html")
    out = tmp_path / "page.de.html"
    out.write_bytes(document.render(marked(document)))
    dom = _chromium(["--dump-dom", out.as_uri()], tmp_path)
    drawing = dom[dom.index("<svg") : dom.index("</svg>")]
    # (the translation's words shared over the line's runs, the bold one's kept)
    assert '<text x="10" y="20">«Sales grew' in drawing and '<tspan font-weight="bold">' in drawing
    assert 'dy="15">and its second line.» übersetzt</tspan></text>' in drawing
    assert "<span>«A label in HTML.» übersetzt</span></div></foreignObject>" in drawing
    assert "«Sales chart» übersetzt</title>" in drawing


@pytest.mark.parametrize(
    "drawing",
    [
        '<svg><text x="1" y="9">Hello <tspan dy=5>world</tspan></text></svg>',  # (HTML's)
        '<svg><text x="1" y="9">Never closed</svg>',
    ],
)
def test_a_drawing_written_as_xml_would_not_be_is_kept_as_it_is(drawing: str) -> None:
    """The SVG reader reads XML: a tag it cannot read would be taken for words."""
    from engine.documents.html import parse
    from engine.text.encoding import UTF8

    page = parse(f"<p>Before.</p>{drawing}<p>After.</p>", UTF8, Path("page.html"))
    assert [u.text for u in page.units] == ["Before.", "After."]
    out = page.render_text([f"«{u.text}»" for u in page.units])
    assert out == f"<p>«Before.»</p>{drawing}<p>«After.»</p>"
    commented = parse('<svg><!-- a <b --><text x="1">Words</text></svg>', UTF8, Path("p.html"))
    assert [u.text for u in commented.units] == ["Words"]
