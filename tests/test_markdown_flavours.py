"""Markdown as its flavours write it (tests/data/markdown-flavours/: VitePress' containers
and GitHub's alerts, MkDocs Material's definition lists, cut from their projects' docs; see
tools/make_markdown_flavours_fixtures.py). A translation changes only the words: alerts'
kinds and containers' attributes stay as written, and every file parses back to the blocks
it had."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from engine.documents import Document, open_document
from tests.fixtures.documents import language

DATA = Path(__file__).parent / "data" / "markdown-flavours"
FIXTURES = sorted(p for p in DATA.glob("*.md") if p.name != "README.md")
GERMAN = language("de")
# A wikilink or an embed, and the note (or file) it names.
WIKILINK = re.compile(r"!?\[\[(?P<note>[^\[\]|\\]*)")
CALLOUT = re.compile(r"^>[ >]*\[![\w-]+\][+-]?", re.MULTILINE)


def mark(texts: list[str]) -> list[str]:
    """The stand-in translator: each unit in brackets, its words in capitals."""
    return ["⟦" + text.upper() + "⟧" for text in texts]


def written(document: Document) -> str:
    translations = mark([u.text for u in document.units])
    return bytes(document.write(translations, language=GERMAN)).decode("utf-8")


def translated(name: str) -> tuple[str, str]:
    path = DATA / name
    return path.read_text(encoding="utf-8"), written(open_document(path))


def blocks(text: str) -> list[tuple[str, str, str]]:
    """The blocks CommonMark (with GFM tables) reads, and each link's target: the structure
    a translation keeps."""
    found: list[tuple[str, str, str]] = []
    for token in MarkdownIt("commonmark").enable("table").parse(text.replace("⟦", "")):
        if token.type != "inline":
            found.append((token.type, token.tag, token.info))
        for child in token.children or []:
            if child.type in ("link_open", "image", "code_inline"):
                target = str(child.attrs.get("href", child.attrs.get("src", child.content)))
                found.append((child.type, target, ""))
    return found


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_only_the_words_change(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    output = written(open_document(path))
    assert blocks(output) == blocks(source)
    assert WIKILINK.findall(output) == WIKILINK.findall(source)
    assert CALLOUT.findall(output) == CALLOUT.findall(source)


def test_a_table_in_a_quote_keeps_its_quote(tmp_path: Path) -> None:
    path = tmp_path / "table.md"
    # (as Obsidian's help writes one: its first cell was "> First column", the ">" in it)
    path.write_text(
        "> Vertical bars in tables\n>\n> First column | Second column\n> -- | --\n"
        "> Markdown syntax | Engelbart\n",
        encoding="utf-8",
    )
    assert written(open_document(path)) == (
        "> ⟦VERTICAL BARS IN TABLES⟧\n>\n> ⟦FIRST COLUMN⟧ | ⟦SECOND COLUMN⟧\n> -- | --\n"
        "> ⟦MARKDOWN SYNTAX⟧ | ⟦ENGELBART⟧\n"
    )


def test_vitepress_containers_keep_their_attributes_and_alerts_their_kind() -> None:
    _source, output = translated("vitepress-markdown.md")
    assert "::: details ⟦CLICK ME TO TOGGLE THE CODE⟧ {open}\n" in output
    assert "\n::: tip {no-title}\n⟦JUST WANT TO TRY IT OUT? SKIP TO THE [QUICKSTART](" in output
    assert "> [!NOTE]\n> ⟦HIGHLIGHTS INFORMATION THAT USERS SHOULD TAKE INTO ACCOUNT" in output


def test_a_definitions_blocks_are_translated() -> None:
    source, output = translated("mkdocs-lists.md")
    # Its second paragraph, indented under ":   ", CommonMark read as code: left in English.
    assert "\n    ⟦DUIS MOLLIS EST EGET NIBH VOLUTPAT" in output
    # Material's list of admonition types: each a definition holding an admonition.
    source, output = translated("mkdocs-admonitions.md")
    assert source.count("Lorem ipsum") == 12 and "Lorem" not in output
    assert output.count(":   !!! ") == 12
