"""Remake tests/data/epub/ (see its README.md): pages of Standard Ebooks' books (CC0) and of
the IDPF's Kusamakura sample (CC BY-SA 3.0), cut down with lxml to the parts the tests read:
a poem set line by line, phrases marked French or transliterated Russian, chapter numbers in
roman numerals, a table of contents, furigana.

    python tools/make_epub_fixtures.py MIRRORS

MIRRORS holds the git directories of standardebooks/lewis-carroll_alices-adventures-in-
wonderland, standardebooks/jane-austen_pride-and-prejudice,
standardebooks/leo-tolstoy_war-and-peace_louise-maude_aylmer-maude and IDPF/epub3-samples,
each as OWNER+NAME/repo (as this project's fetch tool writes them)."""

from __future__ import annotations

import subprocess
import sys
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


if __name__ == "__main__":
    main(Path(sys.argv[1]))
