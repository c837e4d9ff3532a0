"""Markdown's links and emphasis as pairs of placeholders the translation places, as reST's,
Org's, AsciiDoc's and Typst's are: a translation that reorders a sentence takes the link's
and the emphasis' words along; one that breaks a pair loses no words and no link, and writes
no Markdown that reads otherwise. Paragraphs from real READMEs (Rich's, HTTP Core's and Ruff's,
MIT; Docusaurus' MDX page), each read back by markdown-it as a renderer reads it."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from engine.documents import open_document
from engine.documents.markdown import parse

PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])

RICH_API = (
    "The [Rich API](https://rich.readthedocs.io/en/latest/) makes it easy to add color and"
    " style to terminal output.\n"
)
RICH = "Rich is a Python library for _rich_ text and beautiful formatting in the terminal.\n"
CHANGELOG = (
    "For changes between package versions please see our [project changelog](CHANGELOG.md).\n"
)


def marked(markdown: str) -> list[tuple[str, str]]:
    """Each link (by its address), image, emphasis, strong emphasis and strike in the order
    they open, with the words a reader sees in it."""
    found: list[tuple[str, str]] = []
    for block in PARSER.parse(markdown):
        children = block.children or []
        for n, token in enumerate(children):
            if token.nesting == 1:
                what = str(token.attrs.get("href", "")) or token.type
                found.append((what, _inside(children, n)))
            elif token.type == "image":
                found.append((str(token.attrs["src"]), token.content))
    return found


def _inside(tokens: list[Token], start: int) -> str:
    depth, words = 0, []
    for token in tokens[start:]:
        depth += token.nesting
        if token.type in ("text", "code_inline"):
            words.append(token.content)
        elif token.type == "softbreak":
            words.append(" ")
        if depth == 0:
            break
    return "".join(words)


def shown(markdown: str) -> str:
    """The words a reader sees, markup left out."""
    words = []
    for block in PARSER.parse(markdown):
        for token in block.children or []:
            if token.type in ("text", "code_inline"):
                words.append(token.content)
            elif token.type in ("softbreak", "hardbreak"):
                words.append(" ")
    return " ".join("".join(words).split())


def written(source: str, translation: str, name: str = "README.md") -> str:
    document = parse(source, Path(name))
    assert len(document.units) == 1
    return document.render_text([translation])


def test_a_reordered_translation_takes_the_links_and_emphasis_words_along() -> None:
    """By word position, "Details finden Sie in der Anleitung" put the link on its first
    words; now the link's placeholders enclose the words it is on."""
    assert parse(RICH_API, Path("README.md")).units[0].text == (
        "The ZXQ1QRich APIZXQ2Q makes it easy to add color and style to terminal output."
    )
    out = written(
        RICH_API,
        "Mit ZXQ1Qder Rich-APIZXQ2Q lassen sich Terminalausgaben leicht einfärben und gestalten.",
    )
    assert marked(out) == [("https://rich.readthedocs.io/en/latest/", "der Rich-API")]
    out = written(
        CHANGELOG, "Die Änderungen stehen in unserem ZXQ1QProjekt-ÄnderungsprotokollZXQ2Q."
    )
    assert out == "Die Änderungen stehen in unserem [Projekt-Änderungsprotokoll](CHANGELOG.md).\n"
    out = written(RICH, "ZXQ1QReichen ZXQ2QText und schöne Formatierung im Terminal: das ist Rich.")
    assert marked(out) == [("em_open", "Reichen")]
    assert out.startswith("_Reichen_ Text")
    # Two links swapped, as the translation put them.
    source = (
        "For a video introduction to Rich see [calmcode.io](https://calmcode.io/rich/) by"
        " [@fishnets88](https://twitter.com/fishnets88).\n"
    )
    out = written(
        source, "Von ZXQ3Q@fishnets88ZXQ4Q gibt es bei ZXQ1Qcalmcode.ioZXQ2Q ein Einführungsvideo."
    )
    assert marked(out) == [
        ("https://twitter.com/fishnets88", "@fishnets88"),
        ("https://calmcode.io/rich/", "calmcode.io"),
    ]


def test_nested_pairs_nest_in_the_translation() -> None:
    """Ruff's "[**Docs**](…) | [**Playground**](…)" and a link inside strong emphasis."""
    source = "[**Docs**](https://docs.astral.sh/ruff/) | [**Playground**](https://play.ruff.rs/)\n"
    document = parse(source, Path("README.md"))
    assert document.units[0].text == "ZXQ1QZXQ2QDocsZXQ3QZXQ4Q | ZXQ5QZXQ6QPlaygroundZXQ7QZXQ8Q"
    out = document.render_text(["ZXQ5QZXQ6QSpielwieseZXQ7QZXQ8Q | ZXQ1QZXQ2QDokuZXQ3QZXQ4Q"])
    assert (
        out
        == "[**Spielwiese**](https://play.ruff.rs/) | [**Doku**](https://docs.astral.sh/ruff/)\n"
    )
    source = "Read **the [user guide](guide.md) first** before asking.\n"
    out = written(source, "Bitte ZXQ1Qzuerst ZXQ2Qdas HandbuchZXQ3Q lesenZXQ4Q, dann fragen.")
    assert out == "Bitte **zuerst [das Handbuch](guide.md) lesen**, dann fragen.\n"
    assert marked(out) == [
        ("strong_open", "zuerst das Handbuch lesen"),
        ("guide.md", "das Handbuch"),
    ]


@pytest.mark.parametrize(
    "translation",
    [
        "Mit der Rich-API ZXQ2Q lassen sich Ausgaben leicht einfärben.",  # (a half lost)
        "Mit ZXQ2Qder Rich-APIZXQ1Q lassen sich Ausgaben leicht einfärben.",  # (swapped)
        "Mit der Rich-API lassen sich ZXQ1Q Ausgaben ZXQ1Q leicht einfärben.",  # (repeated)
        "Mit ZXQ1Qder Rich-API lassen sich ZXQ7Q Ausgaben leicht einfärben.",  # (made up)
    ],
)
def test_a_broken_link_keeps_its_words_and_its_address(translation: str) -> None:
    out = written(RICH_API, translation)
    assert "ZXQ" not in out
    assert shown(out).replace("https://rich.readthedocs.io/en/latest/", "").split() == (
        translation.replace("ZXQ1Q", " ").replace("ZXQ2Q", " ").replace("ZXQ7Q", " ").split()
    )
    # (written bare, its address shown: a reader still finds the page)
    assert [href for href, _ in marked(out)] == ["https://rich.readthedocs.io/en/latest/"]


@pytest.mark.parametrize(
    "translation",
    [
        "Rich ist eine Python-Bibliothek für ZXQ1Qreichen Text im Terminal.",
        "Rich ist eine Python-Bibliothek für ZXQ2QreichenZXQ1Q Text im Terminal.",
        "Rich ist eine Python-Bibliothek für reichen Text im ZXQ2Q Terminal.",
    ],
)
def test_a_broken_emphasis_is_dropped_and_its_words_kept(translation: str) -> None:
    out = written(RICH, translation)
    assert "ZXQ" not in out and "_" not in out and marked(out) == []
    assert shown(out) == " ".join(translation.replace("ZXQ1Q", "").replace("ZXQ2Q", "").split())


def test_a_translation_that_lost_every_placeholder_places_them_by_position() -> None:
    out = written(RICH_API, "Die Rich-API macht es leicht, Terminalausgaben Farbe zu geben.")
    assert "ZXQ" not in out and shown(out) == (
        "Die Rich-API macht es leicht, Terminalausgaben Farbe zu geben."
    )
    assert len(marked(out)) == 1 and marked(out)[0][1]  # (the link on words still)


def test_crossed_pairs_are_undone_the_emphasis_first() -> None:
    source = "See *the [user guide](guide.md)* for help.\n"
    assert parse(source, Path("a.md")).units[0].text == (
        "See ZXQ1Qthe ZXQ2Quser guideZXQ3QZXQ4Q for help."
    )
    out = written(source, "Siehe ZXQ1Qdas ZXQ2QBenutzerZXQ4Q-HandbuchZXQ3Q für Hilfe.")
    assert out == "Siehe das [Benutzer-Handbuch](guide.md) für Hilfe.\n"


def test_a_chinese_translation_keeps_its_emphasis_where_a_mark_cannot_stand() -> None:
    """CommonMark opens ``**`` between a letter and punctuation only after a space, and
    ``_`` never inside a word: Chinese writes none, so ``请阅读**「指南」**`` showed its
    asterisks, and ``文字_rich_文字`` its underscores."""
    out = written(RICH, "Rich 是一个用于终端中ZXQ1Q富ZXQ2Q文本和美观格式的 Python 库。")
    assert out == "Rich 是一个用于终端中*富*文本和美观格式的 Python 库。\n"
    assert marked(out) == [("em_open", "富")]
    source = "Read **“the guide”** and [the docs](https://docs.io) first.\n"
    out = written(source, "请先阅读ZXQ1Q“指南”ZXQ2Q和ZXQ3Q文档ZXQ4Q。")
    assert out == "请先阅读<strong>“指南”</strong>和[文档](https://docs.io)。\n"
    assert marked(out) == [("https://docs.io", "文档")]
    assert "<strong>“指南”</strong>" in PARSER.render(out)


def test_a_table_cell_places_its_link_and_escapes_a_pipe() -> None:
    source = (
        "| Option | Meaning |\n|---|---|\n"
        "| `--fix` | Fix what the [rule](rules.md) allows, **safely** |\n"
    )
    document = parse(source, Path("README.md"))
    texts = [u.text for u in document.units]
    assert texts == ["Option", "Meaning", "Fix what the ZXQ1QruleZXQ2Q allows, ZXQ3QsafelyZXQ4Q"]
    translations = [*texts[:2], "ZXQ3QSicher|ZXQ4Q behoben, was die ZXQ1QRegelZXQ2Q erlaubt"]
    out = document.render_text(translations)
    assert out.endswith("| `--fix` | **Sicher\\|** behoben, was die [Regel](rules.md) erlaubt |\n")
    cell = PARSER.parse(out)
    assert [t.type for t in cell].count("td_open") == 2


def test_an_mdx_pages_inline_jsx_is_a_pair_around_its_words() -> None:
    """Docusaurus' markdown-features-react.mdx: "<Highlight color="#25c2a0">Docusaurus
    green</Highlight> and <Highlight color="#1877F2">Facebook blue</Highlight> are my
    favorite colors."."""
    source = (
        '<Highlight color="#25c2a0">Docusaurus green</Highlight> and '
        '<Highlight color="#1877F2">Facebook blue</Highlight> are my *favorite* colors.\n'
    )
    document = parse(source, Path("colors.mdx"), dialect="mdx")
    assert document.units[0].text == (
        "ZXQ1QDocusaurus greenZXQ2Q and ZXQ3QFacebook blueZXQ4Q are my ZXQ5QfavoriteZXQ6Q colors."
    )
    out = document.render_text(
        ["Meine ZXQ5QLieblingsfarbenZXQ6Q: ZXQ3QFacebook-BlauZXQ4Q und ZXQ1QDocusaurus-GrünZXQ2Q."]
    )
    assert out == (
        'Meine *Lieblingsfarben*: <Highlight color="#1877F2">Facebook-Blau</Highlight> und '
        '<Highlight color="#25c2a0">Docusaurus-Grün</Highlight>.\n'
    )


def test_a_jupyter_markdown_cell_places_its_link(tmp_path: Path) -> None:
    cell = "The model is fitted with [SciPy](https://scipy.org) and plotted with **matplotlib**."
    notebook = {
        "cells": [{"cell_type": "markdown", "metadata": {}, "source": [cell]}],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path = tmp_path / "fit.ipynb"
    path.write_text(json.dumps(notebook), "utf-8")
    document = open_document(path)
    assert document.units[0].text == (
        "The model is fitted with ZXQ1QSciPyZXQ2Q and plotted with ZXQ3QmatplotlibZXQ4Q."
    )
    out = json.loads(
        document.write(["Gezeichnet wird mit ZXQ3QmatplotlibZXQ4Q, angepasst mit ZXQ1QSciPyZXQ2Q."])
    )
    source = "".join(out["cells"][0]["source"])
    assert source == (
        "Gezeichnet wird mit **matplotlib**, angepasst mit [SciPy](https://scipy.org)."
    )


def test_markup_inside_a_word_stays_inside_it() -> None:
    """R for Data Science's intro.qmd: "the **c**omprehensive **R** **a**rchive **n**etwork"
    came back "THE **C** OMPREHENSIVE" (a space pushed into each word); a link's brackets and
    ``*`` are read inside a word, so the markup goes where the translation put it."""
    source = (
        "To download R, go to CRAN, the **c**omprehensive **R** **a**rchive **n**etwork,"
        " <https://cloud.r-project.org>.\n"
    )
    document = parse(source, Path("intro.qmd"))
    out = document.render_text([document.units[0].text.upper()])
    assert out == (
        "TO DOWNLOAD R, GO TO CRAN, THE **C**OMPREHENSIVE **R** **A**RCHIVE **N**ETWORK,"
        " <https://cloud.r-project.org>.\n"
    )
    assert [words for _, words in marked(out)][:4] == ["C", "R", "A", "N"]
    assert shown(out).startswith("TO DOWNLOAD R, GO TO CRAN, THE COMPREHENSIVE R ARCHIVE")
    # (a space put inside a pair, next to a word outside it, stays outside, one pair in
    # another too)
    source = "Read **the [user guide](guide.md) first** before asking.\n"
    out = written(source, "BitteZXQ1Q ZXQ2Qdas HandbuchZXQ3Q lesenZXQ4Q, dann fragen.")
    assert out == "Bitte **[das Handbuch](guide.md) lesen**, dann fragen.\n"
    out = written("Use [Promise](https://mdn.io/p)s for async code.\n", "Nutze ZXQ1QPromiseZXQ2Qs.")
    assert out == "Nutze [Promise](https://mdn.io/p)s.\n"
    # (an underscore is no emphasis inside a word: written "*")
    out = written("That is _so_ [good](g.md).\n", "Das ist unZXQ1QglaubZXQ2Qlich ZXQ3QgutZXQ4Q.")
    assert out == "Das ist un*glaub*lich [gut](g.md).\n"
    assert marked(out) == [("em_open", "glaub"), ("g.md", "gut")]


def test_an_html_element_against_a_word_stays_against_it() -> None:
    """A chemical formula, "H<sub>2</sub>O", came back "H <sub>2</sub>O": a tag needs nothing
    around it, but its pair's opening half was rebuilt as markup that does."""
    source = (
        "Water is H<sub>2</sub>O, the 10<sup>th</sup> time and CO<sub>2</sub> in"
        " [more](m.md) here, Yahoo!<sup>®</sup> too.\n"
    )
    document = parse(source, Path("README.md"))
    out = document.render_text([document.units[0].text.upper()])
    assert out == (
        "WATER IS H<sub>2</sub>O, THE 10<sup>TH</sup> TIME AND CO<sub>2</sub> IN"
        " [MORE](m.md) HERE, YAHOO!<sup>®</sup> TOO.\n"
    )


def test_an_emphasis_of_code_alone_is_read_between_chinese_letters() -> None:
    """Strong code, "**`--force`**", is one piece of markup (no words to place); between two
    Chinese letters its asterisks could not open or close, and showed: now written as HTML."""
    source = "Use the **`--force`** flag and [docs](d.md) now.\n"
    assert parse(source, Path("README.md")).units[0].text == (
        "Use the ZXQ1Q flag and ZXQ2QdocsZXQ3Q now."
    )
    out = written(source, "使用ZXQ1Q标志和ZXQ2Q文档ZXQ3Q。")
    assert out == "使用<strong>`--force`</strong>标志和[文档](d.md)。\n"
    assert "<strong><code>--force</code></strong>" in PARSER.render(out)
    assert "*" not in shown(out)
    out = written(source, "Nutze ZXQ1Q und ZXQ2QDokuZXQ3Q.")  # (read as it was)
    assert out == "Nutze **`--force`** und [Doku](d.md).\n"


def test_a_link_written_bare_is_a_word_of_its_own() -> None:
    """A broken link, written bare where a half of it stands, was glued to the word the
    translation glued its placeholder to ("[CHANGELOG.md](CHANGELOG.md)Projekt-…")."""
    out = written(CHANGELOG, "Die Änderungen stehen im ZXQ1QProjekt-Änderungsprotokoll.")
    assert out == (
        "Die Änderungen stehen im [CHANGELOG.md](CHANGELOG.md) Projekt-Änderungsprotokoll.\n"
    )
    out = written(RICH_API, "Mit der Rich-APIZXQ2Q gelingt es leicht.")
    assert out == "Mit der Rich-API <https://rich.readthedocs.io/en/latest/> gelingt es leicht.\n"
    assert shown(out).split()[3] == "https://rich.readthedocs.io/en/latest/"


def test_a_broken_footnote_or_html_element_keeps_its_markup_around_its_words() -> None:
    """A pandoc footnote ("^[…]") or an HTML element whose pair the translation broke was
    dropped like an emphasis: the footnote's words joined the sentence ("Notiz.Eine
    Fußnote"), and "<del>one</del><ins>a single</ins>" read "onea single". Its lost half goes
    back after (or before) as many words as it held; two swapped halves are swapped back."""
    source = "A note.^[A footnote with *emph* inside.] And [a link](x.qmd).\n"
    document = parse(source, Path("notes.qmd"), dialect="pandoc")
    assert document.units[0].text == (
        "A note.ZXQ1QA footnote with ZXQ2QemphZXQ3Q inside.ZXQ4Q And ZXQ5Qa linkZXQ6Q."
    )
    out = document.render_text(
        ["Eine Notiz.ZXQ1QEine Fußnote mit ZXQ2QBetonungZXQ3Q darin. Und ZXQ5Qein LinkZXQ6Q."]
    )
    assert out == "Eine Notiz.^[Eine Fußnote mit *Betonung* darin.] Und [ein Link](x.qmd).\n"
    out = document.render_text(
        ["Eine Notiz. Eine Fußnote mit ZXQ2QBetonungZXQ3Q darin.ZXQ4Q Und ZXQ5Qein LinkZXQ6Q."]
    )
    assert out == "Eine Notiz. ^[Eine Fußnote mit *Betonung* darin.] Und [ein Link](x.qmd).\n"
    source = "Water is H<sub>2</sub>O and [more](m.md), <del>one</del><ins>a single</ins> way.\n"
    document = parse(source, Path("README.md"))
    out = document.render_text(
        ["Wasser ist HZXQ1Q2O und ZXQ3QmehrZXQ4Q, ZXQ5QeinZXQ7Qein einzigerZXQ8Q Weg."]
    )
    assert out == (
        "Wasser ist H<sub>2O</sub> und [mehr](m.md), <del>ein</del><ins>ein einziger</ins> Weg.\n"
    )
    assert "<del>ein</del><ins>ein einziger</ins>" in PARSER.render(out)
    out = document.render_text(
        ["Hier ZXQ3QmehrZXQ4Q: Wasser ist HZXQ2Q2ZXQ1QO, ZXQ5QeinZXQ6QZXQ7QeinzigerZXQ8Q Weg."]
    )
    assert out == (
        "Hier [mehr](m.md): Wasser ist H<sub>2</sub>O, <del>ein</del><ins>einziger</ins> Weg.\n"
    )


def test_a_broken_image_shows_its_description_once() -> None:
    """An image whose pair the translation broke was written whole where a half stood, and
    its description's words after it as text: "![a cute cat](cat.png "Cat") a cute cat
    sits". The lost half goes back after its words, which are the description."""
    source = 'An image ![a cute cat](cat.png "Cat") sits in [the box](box.md) here.\n'
    document = parse(source, Path("README.md"))
    assert document.units[0].text == (
        "An image ZXQ1Qa cute catZXQ2Q sits in ZXQ3Qthe boxZXQ4Q here."
    )
    out = document.render_text(["An image ZXQ1Qa cute cat sits in ZXQ3Qthe box here."])
    assert out == 'An image ![a cute cat](cat.png "Cat") sits in [box.md](box.md) the box here.\n'
    out = document.render_text(["Ein Bild ZXQ1Qeiner süßen Katze sitzt in ZXQ3Qder KisteZXQ4Q."])
    assert marked(out) == [("cat.png", "einer süßen"), ("box.md", "der Kiste")]
    assert shown(out) == "Ein Bild Katze sitzt in der Kiste."


def test_a_broken_link_shows_its_whole_address() -> None:
    """A link's address with parentheses (Wikipedia's) was cut at the first: "[https://en.
    wikipedia.org/wiki/Foo\\_](…)"; CommonMark balances them, and so is it read now."""
    source = "Read [the Wikipedia page](https://en.wikipedia.org/wiki/Foo_(bar)) first.\n"
    out = written(source, "Lies ZXQ1Qdie Wikipedia-Seite zuerst.")
    assert out == "Lies <https://en.wikipedia.org/wiki/Foo_(bar)> die Wikipedia-Seite zuerst.\n"
    assert marked(out) == [
        ("https://en.wikipedia.org/wiki/Foo_(bar)", "https://en.wikipedia.org/wiki/Foo_(bar)")
    ]
    # (with a title, shown as the link's text: "_" escaped only where it could be markup)
    source = 'See [my notes](docs/my_notes_(draft).md "Notes") first.\n'
    out = written(source, "Siehe ZXQ1Qmeine Notizen zuerst.")
    assert out == (
        'Siehe [docs/my_notes\\_(draft).md](docs/my_notes_(draft).md "Notes") meine Notizen'
        " zuerst.\n"
    )
    assert marked(out) == [("docs/my_notes_(draft).md", "docs/my_notes_(draft).md")]


def test_two_code_spans_the_translation_put_together_stay_two() -> None:
    """The Rust book's "A diagram of `&String` `s` pointing at `String` `s1`": a translation
    that dropped the space between two placeholders wrote "`&String``s`", one code span."""
    source = (
        '<span class="caption">Figure 4-6: A diagram of `&String` `s` pointing at\n'
        "`String` `s1`</span>\n"
    )
    document = parse(source, Path("ch04-02-references-and-borrowing.md"))
    assert document.units[0].text == (
        "Figure 4-6: A diagram of ZXQ1Q ZXQ2Q pointing at\nZXQ3Q ZXQ4Q"
    )
    out = document.render_text(["Abbildung 4-6: ZXQ1QZXQ2Q zeigt auf\nZXQ3QZXQ4Q"])
    assert "`&String` `s` zeigt auf\n`String` `s1`" in out
    source = "A diagram of `&String` `s` pointing at [the heap](heap.md).\n"
    out = written(source, "Ein Diagramm: ZXQ1QZXQ2Q zeigt auf ZXQ3Qden HeapZXQ4Q.")
    assert out == "Ein Diagramm: `&String` `s` zeigt auf [den Heap](heap.md).\n"
    assert [
        t.content for t in PARSER.parseInline(out)[0].children or [] if t.type == "code_inline"
    ] == ["&String", "s"]


def _steps(markdown: str, translate: Callable[[str], str]) -> int:
    """The lines of the document code run to read ``markdown`` and write its translation
    (a count of the work done, the same on any machine)."""
    count = 0

    def trace(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        if "engine/documents" not in frame.f_code.co_filename:
            return None
        count += event == "line"
        return trace

    previous = sys.gettrace()  # (a coverage tool's, given back)
    sys.settrace(trace)
    try:
        document = parse(markdown, Path("README.md"))
        document.render_text([translate(unit.text) for unit in document.units])
    finally:
        sys.settrace(previous)
    return count


@pytest.mark.parametrize(
    "translate",
    [
        str.upper,
        lambda text: re.sub(r"ZXQ\d*[02468]Q", "", text),  # (every other placeholder lost)
        lambda text: " ".join(reversed(text.split(" "))),
    ],
)
def test_deeply_nested_html_takes_work_in_proportion(translate: Callable[[str], str]) -> None:
    """A sentence thousands of <b> deep took each pair's pieces once per pair: 3,000 deep,
    4 s to write; 6,000, 13 s. Twice as deep now takes about twice the work."""

    def nested(depth: int) -> str:
        return "word " + "<b>" * depth + "text" + "</b>" * depth + " [x](y)\n"

    assert _steps(nested(400), translate) < 2.5 * _steps(nested(200), translate)


def test_a_shortcut_reference_is_a_placeholder_the_translation_places() -> None:
    """Material for MkDocs' admonitions page: "When [Details] is enabled…" reached the model
    as "When  is enabled…", its label placed back by position: a reordered translation got
    "i [Details] nstead" (a word split); in a sentence with a link or an emphasis it was
    already a placeholder."""
    source = (
        "When [Details] is enabled and an admonition block is started with `???` instead\n"
        "of `!!!`, the admonition is rendered as an expandable block.\n\n"
        "  [Details]: ../setup/extensions/python-markdown-extensions.md#details\n"
    )
    document = parse(source, Path("admonitions.md"))
    assert document.units[0].text == (
        "When ZXQ1Q is enabled and an admonition block is started with ZXQ2Q instead\n"
        "of ZXQ3Q, the admonition is rendered as an expandable block."
    )
    out = document.render_text(
        [
            "Ist ZXQ1Q aktiv und beginnt ein Admonition-Block mit ZXQ2Q statt\n"
            "ZXQ3Q, wird er als ausklappbarer Block gezeigt."
        ]
    )
    assert out.startswith(
        "Ist [Details] aktiv und beginnt ein Admonition-Block mit `???` statt\n"
        "`!!!`, wird er als ausklappbarer Block gezeigt.\n"
    )
    assert marked(out) == [("../setup/extensions/python-markdown-extensions.md#details", "Details")]
    # (not before a parenthesis, which would make it an inline link's text)
    out = written(
        "As well as [archive] pages.\n\n[archive]: #archive\n", "Sowie ZXQ1Q(Archiv)-Seiten."
    )
    assert out.startswith("Sowie [archive] (Archiv)-Seiten.\n")
