"""Remake tests/data/epub/ (see its README.md): pages of Standard Ebooks' books (CC0) and of
the IDPF's Kusamakura sample (CC BY-SA 3.0), cut down with lxml to the parts the tests read:
a poem set line by line, phrases marked French or transliterated Russian, chapter numbers in
roman numerals, a table of contents, furigana; a paragraph laid out on several lines (the
IDPF's linear algebra sample), Calibre's furigana with CR LF line ends
(yihong0618/bilingual_book_maker's lemo.epub, MIT) and phrases pandoc marks French and Latin.

    python tools/make_epub_fixtures.py MIRRORS

MIRRORS holds the git directories of standardebooks/lewis-carroll_alices-adventures-in-
wonderland, standardebooks/jane-austen_pride-and-prejudice,
standardebooks/leo-tolstoy_war-and-peace_louise-maude_aylmer-maude, IDPF/epub3-samples and
yihong0618/bilingual_book_maker, each as OWNER+NAME/repo (as this project's fetch tool writes
them); pandoc (2.17) makes the last page."""

from __future__ import annotations

import io
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from lxml import etree

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "epub"
X = "{http://www.w3.org/1999/xhtml}"
SE = "standardebooks+"
ALICE = SE + "lewis-carroll_alices-adventures-in-wonderland"
PRIDE = SE + "jane-austen_pride-and-prejudice"
PEACE = SE + "leo-tolstoy_war-and-peace_louise-maude_aylmer-maude"
SAMPLES = "IDPF+epub3-samples"
KUSAMAKURA = "30/kusamakura-japanese-vertical-writing/OPS/xhtml/一.xhtml"
LINEAR = "30/linear-algebra/EPUB/xhtml/fcla-xml-2.30li64.xhtml"
BBM = "yihong0618+bilingual_book_maker"
# What pandoc is given for the page of marked phrases (as a review wrote it).
PHRASES = """---
title: Verse and Phrases
lang: en-GB
---

# The Tyger

| Tyger Tyger, burning bright,
|     In the forests of the night;

He said [c'est la vie]{lang=fr} and left, murmuring [carpe diem]{lang=la}.
"""


def show(mirrors: Path, repo: str, path: str) -> bytes:
    git = mirrors / repo / "repo"
    return subprocess.run(
        ["git", f"--git-dir={git}", "show", f"HEAD:{path}"], check=True, capture_output=True
    ).stdout


def cut(data: bytes, keep: Callable[[int, etree._Element], bool], parent: str) -> bytes:
    """``data`` with the children of its first ``parent`` element that ``keep`` (by their
    place among them) refuses removed, each with the whitespace after it; its XML
    declaration as it was."""
    root = etree.fromstring(data)
    holder = next(root.iter(parent))
    for n, child in reversed(list(enumerate(holder))):
        if not keep(n, child):
            drop(child)
    declaration = data.split(b"\n", 1)[0] + b"\n"
    return declaration + bytes(etree.tostring(root, encoding="utf-8")) + b"\n"


def drop(element: etree._Element) -> None:
    """Remove ``element`` with the whitespace after it."""
    parent = element.getparent()
    assert parent is not None
    previous = element.getprevious()
    if previous is not None:
        previous.tail = element.tail
    else:
        parent.text = element.tail
    parent.remove(element)


def pruned(data: bytes, wanted: Callable[[etree._Element], bool]) -> bytes:
    """``data`` with only its head and the body's elements ``wanted`` (with the elements
    around them), the others removed with the whitespace after them; its XML declaration
    (or doctype) as it was, and its line ends (CR LF where the page has them)."""
    root = etree.fromstring(data)
    body = next(root.iter(f"{X}body"))
    keep = {e for e in body.iter() if wanted(e)}
    keep |= {a for e in list(keep) for a in e.iterancestors()} | {
        d for e in list(keep) for d in e.iter()
    }
    for element in reversed(list(body.iter())):
        if element is not body and element not in keep and element.getparent() is not None:
            drop(element)
    first = data.split(b"\n", 1)[0] + b"\n"
    opening = first if first.startswith(b"<?xml") else b""
    out = opening + bytes(etree.tostring(root.getroottree(), encoding="utf-8")) + b"\n"
    return out.replace(b"\n", b"\r\n") if b"\r\n" in data else out


def text(element: etree._Element) -> str:
    return "".join(element.itertext())


def main(mirrors: Path) -> None:
    DATA.mkdir(parents=True, exist_ok=True)
    # Alice, chapter III: its heading, the paragraph before the Mouse's tale and the tale.
    chapter = show(mirrors, ALICE, "src/epub/text/chapter-3.xhtml")
    poem = {"hgroup", "blockquote"}
    (DATA / "alice-chapter-3.xhtml").write_bytes(
        cut(
            chapter,
            lambda n, e: e.tag.split("}")[1] in poem or text(e).startswith("“It is a long"),
            f"{X}section",
        )
    )
    # Pride and Prejudice's Uncopyright page (every Standard Ebooks book has it): whole.
    (DATA / "pride-uncopyright.xhtml").write_bytes(
        show(mirrors, PRIDE, "src/epub/text/uncopyright.xhtml")
    )
    # War and Peace, book I, chapter I: its number and the paragraphs with French in them.
    first = show(mirrors, PEACE, "src/epub/text/chapter-1-1-1.xhtml")
    french: list[int] = []

    def marked(n: int, element: etree._Element) -> bool:
        if element.tag == f"{X}h4":
            return True
        found = any(e.get("{http://www.w3.org/XML/1998/namespace}lang") for e in element.iter())
        if found and len(french) < 4:
            french.append(n)
        return n in french

    (DATA / "peace-chapter-1-1-1.xhtml").write_bytes(cut(first, marked, f"{X}section"))
    # Book IV, part III, chapter IV: an esaul, in Russian written in Latin letters.
    fourth = show(mirrors, PEACE, "src/epub/text/chapter-4-3-4.xhtml")
    (DATA / "peace-chapter-4-3-4.xhtml").write_bytes(
        cut(
            fourth,
            lambda n, e: e.tag == f"{X}h4" or text(e).startswith(("Beside Denísov", "The esaul")),
            f"{X}section",
        )
    )
    # The table of contents: book I, part I, its first three chapters.
    toc = etree.fromstring(show(mirrors, PEACE, "src/epub/toc.xhtml"))
    nav = next(toc.iter(f"{X}nav"))
    for listed in list(nav.iter(f"{X}ol")):
        items = [e for e in listed if e.tag == f"{X}li"]
        chapters = not any(e.find(f"{X}ol") is not None for e in items)
        story = [e for e in items if "War and Peace" in text(e.find(f"{X}a"))]
        kept = story or items[: 3 if chapters else 1]
        for item in items:
            if item not in kept:
                drop(item)
    for other in [n for n in toc.iter(f"{X}nav") if n is not nav]:
        drop(other)
    (DATA / "peace-toc.xhtml").write_bytes(
        b'<?xml version="1.0" encoding="utf-8"?>\n' + etree.tostring(toc, encoding="utf-8") + b"\n"
    )
    # Kusamakura, chapter 一: its heading and first three paragraphs, with their furigana.
    kusamakura = show(mirrors, SAMPLES, KUSAMAKURA)
    (DATA / "kusamakura-1.xhtml").write_bytes(cut(kusamakura, lambda n, e: n < 4, f"{X}section"))
    # Alice, chapter X: the Lobster Quadrille and "'Tis the voice of the Lobster" (songs).
    tenth = show(mirrors, ALICE, "src/epub/text/chapter-10.xhtml")
    (DATA / "alice-chapter-10.xhtml").write_bytes(
        cut(tenth, lambda n, e: e.tag.split("}")[1] in ("hgroup", "blockquote"), f"{X}section")
    )
    # The linear algebra sample: a paragraph laid out on lines of its own, code in spans.
    linear = show(mirrors, SAMPLES, LINEAR)
    (DATA / "linear-algebra-li64.xhtml").write_bytes(
        pruned(linear, lambda e: e.tag == f"{X}p" and "matrix named" in text(e))
    )
    # lemo.epub (Calibre's, from Aozora Bunko's 檸檬): a paragraph with furigana, CR LF.
    with zipfile.ZipFile(io.BytesIO(show(mirrors, BBM, "test_books/lemo.epub"))) as book:
        lemo = book.read("OEBPS/text00001.html")
    (DATA / "lemo-text00001.html").write_bytes(
        pruned(lemo, lambda e: e.tag == f"{X}p" and text(e).startswith("\u3000えたいの"))
    )
    # pandoc's page of phrases marked French and Latin.
    with tempfile.TemporaryDirectory() as folder:
        epub = Path(folder) / "phrases.epub"
        subprocess.run(["pandoc", "-o", str(epub)], input=PHRASES.encode(), check=True)
        with zipfile.ZipFile(epub) as book:
            (DATA / "pandoc-phrases.xhtml").write_bytes(book.read("EPUB/text/ch001.xhtml"))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
