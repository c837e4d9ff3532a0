"""Remake tests/data/fb2/ from the producers (see its README.md): the FictionBook 2 test book
that the format's author, Dmitry Gribov, wrote (shipped as files/test.fb2 by
wcoder/FB2Library, Ms-PL), cut down with lxml, once as it is (UTF-8) and once written by
lxml in windows-1251, as most of Flibusta's and lib.rus.ec's books are; pandoc's FB2 of a
Markdown page with a footnote, verse, a link, code, a picture and a table; the FB2 test book
of The-eBook's forum (shipped by LordKiRon/fb2epub, Ms-PL) cut down; and r-glazkov/fb2's
(MIT) test of every description element, a translated book's, as it is.

    python tools/make_fb2_fixtures.py FB2LIBRARY_GIT_DIR FB2EPUB_GIT_DIR GLAZKOV_FB2_GIT_DIR

Needs ``git`` and ``pandoc`` (2.17 wrote the committed one)."""

from __future__ import annotations

import base64
import subprocess
import sys
import tempfile
from pathlib import Path

from lxml import etree

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "fb2"
FB = "{http://www.gribuser.ru/xml/fictionbook/2.0}"
# The test book's filler sections ("Рыба": fish, Russian typesetters' lorem ipsum) left out
# but the first and the deepest (1.IV, five levels), and its cover (47 KB of JPEG); its
# portrait of Tolstoy (23 KB) stays, to be written back byte for byte.
LEFT_OUT_SECTIONS = ("Рыба (1.II)", "Рыба (1.III)")
LEFT_OUT_BINARIES = ("cover.jpg",)
# Of the forum's test book: its first two sections (styles, comments, footnotes, verse), the
# notes and the comments; its pictures (700 KB) left out.
KEPT_SECTIONS = ("s_1", "s_2")

# A page of Alice's Lobster Quadrille (public domain) with what pandoc writes of each kind:
# a footnote (the notes' body, <a type="note">), a stanza (a line block), a link, inline
# code, a picture with its description, a table, an annotation (the abstract).
MARKDOWN = """\
---
title: The Lobster Quadrille
author: Lewis Carroll
lang: en
abstract: |
  The Gryphon and the Mock Turtle *dance* for Alice.
---

# The Lobster Quadrille

The Mock Turtle sighed deeply, and drew the back of one flapper across his eyes.[^1]
He looked at Alice, and tried to speak, but **for a minute or two** sobs choked his voice.
See [the Gutenberg text](https://www.gutenberg.org/ebooks/11) for the *whole* chapter, or run `quire translate`.

| “Will you walk a little faster?” said a whiting to a snail.
| “There’s a porpoise close behind us, and he’s treading on my tail.
| See how eagerly the lobsters and the turtles all advance!
| They are waiting on the shingle—will you come and join the dance?

> “You may not have lived much under the sea”—(“I haven’t,” said Alice)

![A lobster](lobster.png)

| Dancer | Partner |
|--------|---------|
| Gryphon | Alice |
| Mock Turtle | a lobster |

[^1]: The Mock Turtle is the creature Mock Turtle Soup is made from.
"""  # noqa: E501
# A picture of one green pixel, for pandoc to embed.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC"
)


def _shown(git_dir: Path, path: str) -> bytes:
    return subprocess.run(
        ["git", f"--git-dir={git_dir}", "show", f"HEAD:{path}"], check=True, capture_output=True
    ).stdout


def gribov(git_dir: Path) -> None:
    data = _shown(git_dir, "files/test.fb2")
    tree = etree.ElementTree(etree.fromstring(data))
    root = tree.getroot()
    for section in list(root.iter(f"{FB}section")):
        title = section.find(f"{FB}title/{FB}p")
        if title is not None and title.text in LEFT_OUT_SECTIONS:
            _remove(section)
    for binary in root.findall(f"{FB}binary"):
        if binary.get("id") in LEFT_OUT_BINARIES:
            _remove(binary)
    (DATA / "gribov-test.fb2").write_bytes(
        etree.tostring(tree, xml_declaration=True, encoding="UTF-8") + b"\n"
    )
    (DATA / "gribov-test-1251.fb2").write_bytes(
        etree.tostring(tree, xml_declaration=True, encoding="windows-1251") + b"\n"
    )


def fb2epub(git_dir: Path) -> None:
    data = _shown(git_dir, "Testers/ConverterTester/TestFiles/Test_001.fb2")
    tree = etree.ElementTree(etree.fromstring(data))
    root = tree.getroot()
    body = root.find(f"{FB}body")
    assert body is not None
    for section in body.findall(f"{FB}section"):
        if section.get("id") not in KEPT_SECTIONS:
            _remove(section)
    for binary in root.findall(f"{FB}binary"):
        _remove(binary)
    (DATA / "fb2epub-test.fb2").write_bytes(
        etree.tostring(tree, xml_declaration=True, encoding="UTF-8") + b"\n"
    )


def glazkov(git_dir: Path) -> None:
    (DATA / "glazkov-complex.fb2").write_bytes(_shown(git_dir, "tests/resources/complex.fb2"))


def _remove(element: etree._Element) -> None:
    """``element`` out of the tree, the whitespace after it with it."""
    parent = element.getparent()
    assert parent is not None
    previous = element.getprevious()
    if previous is not None:
        previous.tail = element.tail
    else:
        parent.text = element.tail
    parent.remove(element)


def pandoc() -> None:
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "alice.md").write_text(MARKDOWN, encoding="utf-8")
        (Path(folder) / "lobster.png").write_bytes(PNG)
        subprocess.run(
            ["pandoc", "-s", "alice.md", "-t", "fb2", "-o", str(DATA / "pandoc-alice.fb2")],
            check=True,
            cwd=folder,
        )


# A page with no lang: pandoc's FB2 then names no language (<lang>, which the schema wants).
NO_LANG = """\
---
title: A Walk in the Park
author: Jane Doe
---

We walked through the park on a cold morning in December. The ducks were waiting by the
frozen pond, and the old man who feeds them every day had forgotten his bread again.
The children laughed at the *ducks*, who followed him all the way to the gate.
"""


def pandoc_no_lang() -> None:
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "walk.md").write_text(NO_LANG, encoding="utf-8")
        subprocess.run(
            ["pandoc", "-s", "walk.md", "-t", "fb2", "-o", str(DATA / "pandoc-nolang.fb2")],
            check=True,
            cwd=folder,
        )


def main() -> None:
    gribov(Path(sys.argv[1]))
    pandoc()
    pandoc_no_lang()
    fb2epub(Path(sys.argv[2]))
    glazkov(Path(sys.argv[3]))


if __name__ == "__main__":
    main()
