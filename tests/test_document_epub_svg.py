"""Books whose words are drawn: the IDPF's fixed-layout *Sous le vent* (tests/data/epub/,
cut down to three pages), its text in SVG ``<text>`` inline in each XHTML page, and the same
pages as SVG files in the spine with a ``<title>`` and ``<desc>`` each. The drawings are read
by the SVG reader, as a web page's are (html.py); a shadow root's content as the page's own."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pytest
from lxml import etree

from engine.documents import open_document, translate_file

DATA = Path(__file__).parent / "data" / "epub"
INLINE = DATA / "sous-le-vent.epub"
SPINE = DATA / "sous-le-vent-svg-in-spine.epub"
STORY = DATA / "sous-le-vent-story.epub"
S = "{http://www.w3.org/2000/svg}"
X = "{http://www.w3.org/1999/xhtml}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def upper(texts: Sequence[str]) -> list[str]:
    return [t.upper() for t in texts]


def part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(name))


def drawn(root: etree._Element) -> list[str]:
    """Each ``<text>``'s words as drawn: its tspans' text, a space between lines."""
    return [" ".join(t.strip() for t in e.itertext() if t.strip()) for e in root.iter(f"{S}text")]


def test_a_pages_drawn_words_are_translated_and_a_lone_numeral_kept(tmp_path: Path) -> None:
    units = [u.text for u in open_document(INLINE).units]
    assert "SOUS LE VENT" in units and "Roman" in units
    assert "Jean-Bernard Pouy\nJoe G. Pinelli" in units  # (two lines of one <text>)
    out = tmp_path / "de.epub"
    translate_file(INLINE, out, upper, language="de")
    title = part(out, "EPUB/Content/pageNum-3.xhtml")
    assert drawn(title) == ["JEAN-BERNARD POUY JOE G. PINELLI", "SOUS LE VENT", "ROMAN"]
    # Each line stays in its tspan, placed where it was.
    tspans = [t for t in title.iter(f"{S}tspan") if t.text and t.text.strip()]
    assert [t.text for t in tspans[:2]] == ["JEAN-BERNARD POUY", "JOE G. PINELLI"]
    assert tspans[1].get("y") == "25.668"
    # The source placed each letter (an x per letter, as the book's PDF converter wrote):
    # a translated line starts where it did and is set in its font; one unchanged stays.
    assert [t.get("x") for t in tspans[:2]] == ["0", "18.576"]
    assert tspans[2].text == "SOUS LE VENT" and tspans[2].get("x", "").startswith("0,10.06,")
    colophon = part(out, "EPUB/Content/pageNum-4.xhtml")
    assert "MAQUETTE DE COUVERTURE" in drawn(colophon)[0]
    assert drawn(part(out, "EPUB/Content/pageNum-9.xhtml")) == ["I"]  # (part one's number)
    assert title.get(XML_LANG) == "de"


def test_a_bilingual_book_keeps_a_drawings_text_as_it_was(tmp_path: Path) -> None:
    out = tmp_path / "bi.epub"
    translate_file(INLINE, out, upper, language="de", bilingual=True)
    source = part(INLINE, "EPUB/Content/pageNum-3.xhtml")
    written = part(out, "EPUB/Content/pageNum-3.xhtml")
    assert drawn(written) == drawn(source)
    assert written.findtext(f"{X}head/{X}title") == "Sous le vent / SOUS LE VENT"


def test_a_bilingual_book_does_not_send_the_drawn_text_it_keeps(tmp_path: Path) -> None:
    """A bilingual copy writes a drawing's lines as they were: translating them would be paid
    for and thrown away (the whole story of Sous le vent), so they are not sent, and a note
    says how many drawn texts stayed in the source's language."""
    sent: list[str] = []
    notes: list[object] = []

    def translator(texts: Sequence[str]) -> list[str]:
        sent.extend(texts)
        return upper(texts)

    translate_file(INLINE, tmp_path / "bi.epub", translator, notes.append, language="de",
                   bilingual=True)  # fmt: skip
    assert "Sous le vent" in sent  # (the page's title: "source / translation")
    assert not {"Roman", "Jean-Bernard Pouy Joe G. Pinelli"} & set(sent)
    assert not any("Joe G. Pinelli" in t for t in sent)
    said = [n for n in notes if getattr(n, "message_id", None) == "document.bilingual_drawn_kept"]
    assert len(said) == 1
    count = dict(said[0].params)["count"]  # type: ignore[attr-defined]
    assert isinstance(count, int) and count > 3 and f"{count} drawn texts" in said[0].text  # type: ignore[attr-defined]
    # A web page's inline drawing likewise; its paragraph is sent.
    page = tmp_path / "page.html"
    page.write_text(
        '<!DOCTYPE html><html lang="en"><body><p>A paragraph of the page.</p>'
        '<svg xmlns="http://www.w3.org/2000/svg"><text x="1" y="2">The harbour is closed</text>'
        "</svg></body></html>",
        encoding="utf-8",
    )
    sent.clear()
    translate_file(page, tmp_path / "page.de.html", translator, language="de", bilingual=True)
    assert sent == ["A paragraph of the page."]
    sent.clear()
    translate_file(page, tmp_path / "page.de2.html", translator, language="de")
    assert sent == ["A paragraph of the page.", "The harbour is closed"]


def test_svg_pages_of_the_spine_are_translated_title_and_text(tmp_path: Path) -> None:
    out = tmp_path / "de.epub"
    translate_file(SPINE, out, upper, language="de")
    page = part(out, "EPUB/Content/pageNum-3.svg")
    assert page.findtext(f"{S}title") == "SOUS LE VENT, PAGE 3"
    assert page.findtext(f"{S}desc") == "LA PAGE DE TITRE."
    assert drawn(page) == ["JEAN-BERNARD POUY JOE G. PINELLI", "SOUS LE VENT", "ROMAN"]
    assert page.get(XML_LANG) == "de"
    assert [t.get("x") for t in page.iter(f"{S}tspan")][:2] == ["0", "18.576"]
    numbered = part(out, "EPUB/Content/pageNum-9.svg")
    assert drawn(numbered) == ["I"] and numbered.findtext(f"{S}desc") == "PREMIÈRE PARTIE."
    bilingual = tmp_path / "bi.epub"
    translate_file(SPINE, bilingual, upper, language="de", bilingual=True)
    page = part(bilingual, "EPUB/Content/pageNum-3.svg")
    assert page.findtext(f"{S}title") == "Sous le Vent, page 3 / SOUS LE VENT, PAGE 3"
    assert drawn(page) == drawn(part(SPINE, "EPUB/Content/pageNum-3.svg"))


def test_an_svg_picture_outside_the_spine_is_translated_too(tmp_path: Path) -> None:
    """A picture a page shows (<img src="plate.svg">) draws its words for the reader too."""
    book = tmp_path / "book.epub"
    with zipfile.ZipFile(SPINE) as source, zipfile.ZipFile(book, "w") as copy:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.endswith(".opf"):
                data = data.replace(b'<itemref idref="ch4"', b'<itemref idref="nav"')
            copy.writestr(info, data)
    assert all(r.get("idref") != "ch4" for r in part(book, "EPUB/package.opf").iter("{*}itemref"))
    out = tmp_path / "de.epub"
    translate_file(book, out, upper, language="de")
    picture = part(out, "EPUB/Content/pageNum-4.svg")
    assert picture.findtext(f"{S}desc") == "INFORMATIONS ÉDITORIALES."


_TEMPLATE_PAGE = b"""<?xml version="1.0" encoding="utf-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en"><head><title>Shadow</title></head>
<body><p>Light paragraph.</p><div><template shadowrootmode="open"><p>Shadow paragraph.</p>
</template></div><template id="row"><p>An ordinary template.</p></template></body></html>
"""


def test_a_shadow_roots_content_is_translated_and_an_ordinary_template_kept(
    tmp_path: Path,
) -> None:
    """A declarative shadow root (written by hand: none of the books looked at has one)."""
    book = tmp_path / "book.epub"
    with zipfile.ZipFile(INLINE) as source, zipfile.ZipFile(book, "w") as copy:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "EPUB/Content/pageNum-9.xhtml":
                data = _TEMPLATE_PAGE
            copy.writestr(info, data)
    out = tmp_path / "de.epub"
    translate_file(book, out, upper, language="de")
    page = part(out, "EPUB/Content/pageNum-9.xhtml")
    texts = [p.text for p in page.iter(f"{X}p")]
    assert texts == ["LIGHT PARAGRAPH.", "SHADOW PARAGRAPH.", "An ordinary template."]


def test_every_written_page_is_well_formed_and_epubcheck_finds_nothing_new(
    tmp_path: Path,
) -> None:
    found = shutil.which("epubcheck")
    checked = found is not None and shutil.which("java") is not None
    for source in (INLINE, SPINE):
        before = _messages(found, source) if found is not None and checked else set()
        for bilingual in (False, True):
            out = tmp_path / f"{source.stem}.{bilingual}.epub"
            translate_file(source, out, upper, language="de", bilingual=bilingual)
            with zipfile.ZipFile(out) as archive:
                pages = [n for n in archive.namelist() if n.endswith((".xhtml", ".svg"))]
                for name in pages:
                    etree.fromstring(archive.read(name))  # (raises where one is not XML)
            if found is not None and checked:
                assert _messages(found, out) <= before
    if not checked:
        pytest.skip("epubcheck is not installed (apt install epubcheck), as in CI")


def _messages(program: str, path: Path) -> set[str]:
    with open(program, "rb") as file:  # (Debian's /usr/bin/epubcheck is the jar itself)
        jar = file.read(2) == b"PK"
    command = ["java", "-jar", program] if jar else [program]
    run = subprocess.run([*command, str(path)], capture_output=True, text=True)
    said = re.sub(r"\S*?\.epub", "BOOK", run.stdout + run.stderr)  # (its name, as given)
    return set(re.findall(r"^(?:ERROR|FATAL|WARNING)\(.*$", said, re.M))


_DRAWN_PAGE = """<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="fr"><head><title>Carte</title></head><body>
<p>Un paragraphe avant le dessin.</p>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
 viewBox="0 0 600 900" aria-label="La carte de l'île"><title>Une carte</title>
<text x="10" y="50">Le port est fermé</text>
<foreignObject x="10" y="250" width="300" height="100"><div xmlns="http://www.w3.org/1999/xhtml"
><p>Une légende écrite en HTML dans le dessin.</p></div></foreignObject>
<text x="10" y="580"><title>L'infobulle du phare</title>Le phare</text>
<image width="10" height="10" xlink:href="x.png"><title>Une image du phare</title></image>
<style>.label { fill: red; }</style>
</svg></body></html>"""


def test_a_pages_drawing_is_read_as_a_web_pages_is(tmp_path: Path) -> None:
    """An inline drawing in an EPUB's page reads what the same drawing in a web page reads: a
    <foreignObject>'s HTML, a <title> inside a <text> or an <image> (its tooltip), the
    <svg>'s aria-label, all translated in place."""
    book = tmp_path / "drawn.epub"
    name = "EPUB/Content/pageNum-3.xhtml"
    with zipfile.ZipFile(INLINE) as source, zipfile.ZipFile(book, "w") as archive:
        for info in source.infolist():
            data = _DRAWN_PAGE.encode() if info.filename == name else source.read(info)
            archive.writestr(info, data)
    page = tmp_path / "drawn.html"
    page.write_text(_DRAWN_PAGE.split("?>", 1)[1], encoding="utf-8")
    web = [u.text for u in open_document(page).units]
    assert {"Une légende écrite en HTML dans le dessin.", "L'infobulle du phare",
            "Une image du phare", "La carte de l'île"} <= set(web)  # fmt: skip
    read = [u.text for u in open_document(book).units if u.id.startswith(name)]
    assert sorted(read) == sorted(web)
    out = tmp_path / "de.epub"
    translate_file(book, out, upper, language="de")
    written = part(out, name)
    svg = written.find(f"{X}body/{S}svg")
    assert svg is not None and svg.get("aria-label") == "LA CARTE DE L'ÎLE"
    assert svg.findtext(f"{S}foreignObject/{X}div/{X}p") == (
        "UNE LÉGENDE ÉCRITE EN HTML DANS LE DESSIN."
    )
    assert [t.text for t in svg.iter(f"{S}title")] == [
        "UNE CARTE", "L'INFOBULLE DU PHARE", "UNE IMAGE DU PHARE"]  # fmt: skip
    assert drawn(written)[-1] == "L'INFOBULLE DU PHARE LE PHARE"


def test_a_word_broken_at_a_lines_end_reaches_the_translator_whole(tmp_path: Path) -> None:
    """Sous le vent's typesetter broke words at its lines' ends with a hyphen ("res-" /
    "tait"): the translator gets each word whole, as a PDF's broken words are mended; a
    hyphen before a capital ("Jean-" / "Hugues", in an .svg drawn so) or after a digit stays, and
    a line's words go back on as many lines as the source had, each mended word's break a
    line's end again."""
    texts = [u.text for u in open_document(STORY).units]
    story = next(t for t in texts if "histoire" in t)
    assert "l’histoire restait toujours" in story and "rectilignes" in story
    assert "res-" not in story and not re.search(r"[^\W\d_]-\n", story)
    out = tmp_path / "de.epub"
    translate_file(STORY, out, upper, language="de")
    name = "EPUB/Content/pageNum-11.xhtml"
    lines = [t.text for t in part(out, name).iter(f"{S}tspan")]
    source = [t.text for t in part(STORY, name).iter(f"{S}tspan")]
    assert len(lines) == len(source) and all(line and line.strip() for line in lines)
    at = next(k for k, t in enumerate(source) if t and t.endswith("res-"))
    assert (lines[at] or "").endswith("L’HISTOIRE") and (lines[at + 1] or "").startswith("RESTAIT")
    drawing = tmp_path / "names.svg"
    drawing.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><text x="0" y="10">Avec Daeninckx et Jean-'
        '<tspan x="0" y="30">Hugues Oppel, un pro-</tspan><tspan x="0" y="50">gramme '
        '1-</tspan><tspan x="0" y="60">a in-</tspan><tspan x="0" y="70">nocente</tspan>'
        "</text></svg>",
        encoding="utf-8",
    )
    [unit] = open_document(drawing).units
    assert unit.text == ("Avec Daeninckx et Jean-\nHugues Oppel, un programme 1-\na innocente")
