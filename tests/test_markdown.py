"""Markdown as people write it: links of every kind, nested lists, code, tables, quotes.
Inline code, code blocks and link and image targets come back byte for byte; with the
identity as the translation every generated document comes back byte-identical, and with a
real change of text (upper case) its CommonMark structure is the same."""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from engine.documents.language import target_language
from engine.documents.markdown import parse

DATA = Path(__file__).parent / "data"

PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])


def document(source: str) -> tuple[list[str], bytes]:
    """The units' texts, and the file written with each unit upper-cased."""
    parsed = parse(source, Path("doc.md"))
    assert parsed.render([u.text for u in parsed.units]) == source.encode("utf-8")
    return [u.text for u in parsed.units], parsed.render([u.text.upper() for u in parsed.units])


def kept(source: str) -> list[tuple[str, str]]:
    """What must not change: code, link and image targets and titles, HTML's markup (an HTML
    block's text is translated), and the block structure (token types, tags, nesting and
    list markers)."""
    found: list[tuple[str, str]] = []

    def visit(tokens: list[Token]) -> None:
        for token in tokens:
            if token.type == "html_block":
                found.append((token.type, "".join(re.findall(r"<[^>]*>", token.content))))
            elif token.type in ("code_block", "fence", "code_inline", "html_inline"):
                found.append((token.type, token.content))
            elif token.type in ("link_open", "image"):
                attrs = {k: str(v) for k, v in token.attrs.items() if k != "alt"}
                found.append((token.type, repr(sorted(attrs.items()))))
            elif token.type != "inline" and token.type != "text":
                found.append((token.type, f"{token.tag}/{token.nesting}/{token.markup}"))
            if token.type == "link_open" and token.markup == "autolink":
                found.append(("autolink", str(token.attrs.get("href"))))
            if token.children:
                visit(token.children)

    visit(PARSER.parse(source))
    return found


SOURCE = """# Links, *every* kind

See https://example.com/a_b or [https://example.com/x](https://example.com/x) now.
An autolink <https://example.com/auto> and <someone@example.com> and a
[reference link][ref] and a [collapsed][] one, and [ref] alone.

![An image of a cat](img/cat.png "The cat") and ![alt text][logo].

- A list item with `code_span` inside
    - nested with four spaces, *emphasis* too
      and a continuation line
  - nested with two spaces
1. Ordered item
2) Other marker

> A quote with **strong** text
> across two lines
>
> > nested quote

    indented code block
    keep me

```js
const x = "[not a link](url)";
```

| Item | Price |
|:-----|------:|
| Coffee `x\\|y` | 1,200.50 |
| Escaped \\| pipe | 2024-01-31 |

<div class="note">
HTML block text, translated
</div>

Line with a hard break\\
and a backslash one, and a tilde ~~strike~~.

[ref]: https://example.com/ref "Ref title"
[collapsed]: <https://example.com/with space>
[logo]: img/logo.png
"""


def test_links_code_and_targets_are_kept_byte_for_byte() -> None:
    texts, upper = document(SOURCE)
    joined = "\n".join(texts)
    for target in ("https://example.com", "img/cat.png", "code_span", "x|y", "const x"):
        assert target not in joined
    assert "An image of a cat" in texts[2]  # an image's description is text
    # A reference's label is kept ([label], [label][]): changed, the link would break.
    assert "reference link" in texts[1] and "collapsed" not in texts[1]
    assert "HTML block text, translated" in texts and "indented code" not in joined
    # (an emphasis' words between the two placeholders the translation places)
    assert "nested with four spaces, ZXQ1QemphasisZXQ2Q too\nand a continuation line" in texts
    out = upper.decode("utf-8")
    assert "[https://example.com/x](https://example.com/x)" in out
    assert "<https://example.com/auto>" in out and "<someone@example.com>" in out
    assert "[REFERENCE LINK][ref]" in out and "[collapsed][]" in out and "[ref] ALONE" in out
    assert '![AN IMAGE OF A CAT](img/cat.png "The cat")' in out
    assert "    indented code block\n    keep me\n" in out
    assert kept(out) == kept(SOURCE)


def test_a_list_nested_with_four_spaces_is_list_text_not_code() -> None:
    texts, upper = document("- Parent item\n    - Child item\n        - Grandchild item\n")
    assert texts == ["Parent item", "Child item", "Grandchild item"]
    assert upper == b"- PARENT ITEM\n    - CHILD ITEM\n        - GRANDCHILD ITEM\n"


def test_a_translation_on_fewer_lines_keeps_the_quote_markers() -> None:
    parsed = parse("> One two three\n> four five six\n", Path("doc.md"))
    assert [u.text for u in parsed.units] == ["One two three\nfour five six"]
    out = parsed.render(["Eins zwei drei vier fünf sechs"]).decode("utf-8")
    assert out.startswith("> ") and "\n> " in out
    assert kept(out) == kept("> One two three\n> four five six\n")


def test_a_quote_nested_forty_deep_keeps_its_text() -> None:
    """markdown-it stops at 20 levels by default: a quote 20 deep read as "The document has
    no text" (an outside review)."""
    texts, upper = document(">" * 40 + " Hello world.\n")
    assert texts == ["Hello world."]
    assert upper == (">" * 40 + " HELLO WORLD.\n").encode()


def test_front_matter_and_crlf_lines() -> None:
    source = "---\nlayout: post\n---\r\n# Heading\r\n\r\nBody text\r\nnext line.\r\n"
    texts, upper = document(source)
    assert texts == ["Heading", "Body text\r\nnext line."]
    assert upper == source.replace("Heading", "HEADING").replace(
        "Body text\r\nnext line.", "BODY TEXT\r\nNEXT LINE."
    ).encode("utf-8")


# ----------------------------------------------------------------- front matter

GERMAN = {
    "Weather": "Wetter",
    "A page about weather.": "Eine Seite: das Wetter.",
    "The weather is nice today.": "Das Wetter ist heute schön.",
}


def front(out: str) -> dict[str, object]:
    """The front matter of ``out`` as a YAML reader (Jekyll's, pandoc's) reads it."""
    _, matter, _ = out.split("---\n", 2)
    loaded = yaml.safe_load(matter)
    assert isinstance(loaded, dict)
    return loaded


def test_the_front_matter_title_and_description_are_translated_and_lang_names_the_target(
    tmp_path: Path,
) -> None:
    """A page translated into German said "lang: en-US" (pandoc's <html lang>, a book's
    dc:language), its title and description left in English (found by a review)."""
    source = (
        "---\ntitle: Weather\nlang: en-US\ndescription: A page about weather.\n---\n\n"
        "# Weather\n\nThe weather is nice today.\n"
    )
    parsed = parse(source, Path("fm.md"))
    assert [u.text for u in parsed.units] == ["Weather", "A page about weather.", "Weather",
                                              "The weather is nice today."]  # fmt: skip
    translations = [GERMAN[u.text] for u in parsed.units]
    out = parsed.write(translations, language=target_language("de")).decode()
    assert front(out) == {
        "title": "Wetter",
        "lang": "de-DE",
        "description": "Eine Seite: das Wetter.",  # (quoted: ": " would read as a mapping)
    }
    assert out.endswith("---\n\n# Wetter\n\nDas Wetter ist heute schön.\n")
    # Without a language to name (a caller that names none), lang stays.
    assert "lang: en-US\n" in parsed.render(translations).decode()
    if shutil.which("pandoc") is None:
        return
    (tmp_path / "out.md").write_text(out, encoding="utf-8")
    subprocess.run(["pandoc", "out.md", "-o", "out.html", "--standalone"], cwd=tmp_path, check=True)
    page = (tmp_path / "out.html").read_text(encoding="utf-8")
    assert '<html xmlns="http://www.w3.org/1999/xhtml" lang="de-DE"' in page
    assert "<title>Wetter</title>" in page
    assert '<meta name="description" content="Eine Seite: das Wetter." />' in page


@pytest.mark.parametrize(
    ("line", "target", "expected"),
    [
        ("lang: en", "de", "lang: de"),
        ("lang: en-US", "pt-BR", "lang: pt-BR"),
        ('lang: "en-GB"', "de", 'lang: "de-DE"'),
        ("lang: 'en'", "fr", "lang: 'fr'"),
        ("locale: en_US", "de", "locale: de_DE"),  # (Jekyll's, as og:locale names it)
        ("language: en", "ja", "language: ja"),
        ("lang: en", "no", 'lang: "no"'),  # (YAML 1.1 reads a bare no as false)
        ("language: python", "de", "language: python"),  # (no language)
        ("language: sh", "de", "language: sh"),  # (a shell, not Serbo-Croatian)
    ],
)
def test_a_front_matter_language_key_names_the_target_as_it_named_its_own(
    line: str, target: str, expected: str
) -> None:
    parsed = parse(f"---\n{line}\n---\n\nText.\n", Path("doc.md"))
    out = parsed.write(["Text."], language=target_language(target)).decode()
    assert out == f"---\n{expected}\n---\n\nText.\n"


@pytest.mark.parametrize(
    ("line", "translation"),
    [
        ("title: Weather", "Wetter: heute"),
        ("title: Weather", "Wetter #1"),
        ("title: Weather", "*Wetter*"),
        ("title: Weather", "[Entwurf] Wetter"),
        ("title: Weather", "no"),
        ("title: Weather", "  Wetter"),
        ('title: "Weather"', 'Das "Wetter" \\ heute'),
        ("title: 'Weather'", "L'orage"),
        ("title: 'Weather'", "Zeile\nZeile"),
        ("title: >-\n  Weather", "Wetter"),  # (a folded block is kept, as a list is)
        ("subtitle: Weather", "Wetter"),
        ("abstract: Weather", "Wetter"),
        ("summary: Weather", "Wetter"),
    ],
)
def test_a_translated_front_matter_value_reads_back_as_the_translation(
    line: str, translation: str
) -> None:
    source = f"---\n{line}\ntags:\n  - Weather\nparams:\n  title: Weather\n---\n\nText.\n"
    parsed = parse(source, Path("doc.md"))
    out = parsed.render([translation if u.text == "Weather" else u.text for u in parsed.units])
    key = line.split(":")[0]
    wanted = "Weather" if ">" in line else translation
    assert front(out.decode()) == {key: wanted, "tags": ["Weather"], "params": {"title": "Weather"}}
    quote = line.split(": ")[1][0]
    if quote in "\"'" and "\n" not in translation:
        assert out.decode().startswith(f"---\n{key}: {quote}")  # (its quotes kept)


def test_hugos_toml_front_matter_is_translated_as_toml_reads_it() -> None:
    tomllib = pytest.importorskip("tomllib")  # (Python 3.11's)
    source = (
        "+++\ntitle = \"Weather\"\ndescription = 'A page about weather.' # shown by search\n"
        'notes = """\ntitle = "Weather"\n"""\n[params]\ntitle = "Weather"\n+++\n\n'
        "The weather is nice today.\n"
    )
    parsed = parse(source, Path("doc.md"))
    assert [u.id for u in parsed.units] == ["title", "description", "p1"]
    translations = ['Das "Wetter"', "Die Seite übers Wetter.", "Es ist schön."]
    out = parsed.render(translations).decode()
    matter = out.split("+++\n")[1]
    assert tomllib.loads(matter) == {
        "title": 'Das "Wetter"',
        "description": "Die Seite übers Wetter.",
        "notes": 'title = "Weather"\n',
        "params": {"title": "Weather"},
    }
    assert "description = 'Die Seite übers Wetter.' # shown by search\n" in matter


def test_a_bilingual_front_matter_is_written_once_source_and_translation() -> None:
    """A copy of the front matter's lines would name each key twice (a YAML error in Hugo,
    the last one wins in pandoc); the page holds both languages: its lang stays."""
    source = "---\ntitle: Weather\nlang: en-US\n---\n\nThe weather is nice today.\n"
    parsed = parse(source, Path("doc.md"))
    translations = [GERMAN[u.text] for u in parsed.units]
    out = parsed.write(translations, bilingual=True, language=target_language("de")).decode()
    assert front(out) == {"title": "Weather / Wetter", "lang": "en-US"}
    assert out.endswith("---\n\nThe weather is nice today.\n\nDas Wetter ist heute schön.\n")


# ----------------------------------------------------------------- generated documents

WORD = st.sampled_from(
    ["alpha", "beta", "gamma", "delta", "one", "two", "x", "Hello", "world", "fine", "ok"]
)
URL = st.sampled_from(
    ["https://example.com", "https://example.com/a_(b)", "http://x.org/y?z=1&w=2", "img/p.png"]
)


@st.composite
def words(draw: st.DrawFn, least: int = 1) -> str:
    return " ".join(draw(st.lists(WORD, min_size=least, max_size=4)))


@st.composite
def inline(draw: st.DrawFn) -> str:
    pieces = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.integers(0, 16))
        text, url = draw(words()), draw(URL)
        pieces.append(
            [
                text,
                f"*{text}*",
                f"**{text}**",
                f"_{text}_",
                f"`{text}`",
                f"``a ` {text}``",
                f"[{text}]({url})",
                f'[{text}]({url} "a title")',
                f"[{url}]({url})",
                f"<{url}>" if url.startswith("http") else f"<{url.replace('/', '')}@example.com>",
                f"[{text}][ref]",
                "[ref]",
                f"![{text}]({url})",
                f"{text} \\* &amp; &copy;",
                f"<span>{text}</span>",
                f"{text} {url} {text}",
                f"~~{text}~~",
            ][kind]
        )
    return " ".join(pieces)


@st.composite
def lines_of_inline(draw: st.DrawFn) -> list[str]:
    return draw(st.lists(inline(), min_size=1, max_size=3))


@st.composite
def block(draw: st.DrawFn, depth: int = 0) -> str:
    kind = draw(st.integers(0, 11 if depth < 2 else 8))
    if kind == 0:
        level = draw(st.integers(1, 6))
        closing = draw(st.sampled_from(["", " #", " ###"]))
        return f"{'#' * level} {draw(inline())}{closing}"
    if kind == 1:
        return f"{draw(words())}\n{draw(st.sampled_from(['===', '---']))}"
    if kind == 2:
        return "\n".join(draw(lines_of_inline()))
    if kind == 3:
        fence = draw(st.sampled_from(["```", "~~~", "````"]))
        body = draw(st.lists(st.sampled_from(["code *x*", "[a](b)", "", "  # no"]), max_size=3))
        return "\n".join([fence + draw(st.sampled_from(["", "python"])), *body, fence])
    if kind == 4:
        body = draw(st.lists(st.sampled_from(["code line", "  more", "- not a list"]), min_size=1))
        return "\n".join("    " + line for line in body)
    if kind == 5:
        rows = draw(st.integers(1, 3))
        cells = [[draw(inline()).replace("|", "\\|") for _ in range(2)] for _ in range(rows + 1)]
        table = [f"| {a} | {b} |" for a, b in cells]
        return "\n".join([table[0], "|---|:--|", *table[1:]])
    if kind == 6:
        return f'<div class="x">\n{draw(words())}\n</div>'
    if kind == 7:
        return draw(st.sampled_from(["---", "***", "_ _ _"]))
    if kind == 8:
        return f'[ref]: {draw(URL)} "Title"'
    if kind == 9:
        inner = draw(block(depth + 1))
        return "\n".join(f"> {line}" if line else ">" for line in inner.split("\n"))
    # Lists, with nested lists under their items at two or four spaces.
    marker = draw(st.sampled_from(["-", "*", "1.", "2)"]))
    items = []
    for _ in range(draw(st.integers(1, 3))):
        item = [f"{marker} {draw(inline())}"]
        if draw(st.booleans()):
            indent = " " * draw(st.sampled_from([2, 4])) if len(marker) == 1 else "   "
            nested = draw(block(depth + 1)) if kind == 11 else f"- {draw(inline())}"
            item += [indent + line if line else "" for line in nested.split("\n")]
        items.append("\n".join(item))
    return "\n".join(items)


@st.composite
def markdown(draw: st.DrawFn) -> str:
    blocks = draw(st.lists(block(), min_size=1, max_size=6))
    text = "\n\n".join(blocks) + draw(st.sampled_from(["", "\n", "\n\n"]))
    return text.replace("\n", "\r\n") if draw(st.booleans()) else text


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdown())
def test_generated_markdown_comes_back_byte_identical(source: str) -> None:
    parsed = parse(source, Path("doc.md"))
    assert parsed.render([u.text for u in parsed.units]) == source.encode("utf-8")
    for pieces in parsed.pieces or []:
        assert all(a < b for a, b in pieces)
        assert all(b <= c for (_, b), (c, _) in itertools.pairwise(pieces))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdown())
# A run of spaces between an image and an emphasis is no word edge to cut at (found here).
@example("# alpha ![alpha alpha alpha](https://example.com) *alpha* [x alpha][ref]")
# A paragraph's last line of links kept whole (their text is their address) left the unit a
# line with nothing to write it in: rendering raised IndexError (found here).
@example(
    "# alpha\n\n*alpha*\n[https://example.com](https://example.com) [https://example.com](https://example.com)"
)
def test_generated_markdown_keeps_its_structure_and_code_when_translated(source: str) -> None:
    parsed = parse(source, Path("doc.md"))
    out = parsed.render([u.text.upper() for u in parsed.units]).decode("utf-8")
    assert kept(out) == kept(source)
    assert out.count("\n") == source.count("\n")  # (no line joined to the next)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab \t\n\r>-*_`[]()<>!#|\\&;:/.1x~=$")), max_size=80))
@example("\r1|\r:-")  # a table whose lines end in lone carriage returns (CI found it)
def test_any_text_reads_as_markdown_and_comes_back_byte_identical(source: str) -> None:
    parsed = parse(source, Path("doc.md"))
    assert parsed.render([u.text for u in parsed.units]) == source.encode("utf-8")
    parsed.render([u.text.upper() + " z" for u in parsed.units])


def test_footnote_markers_and_labels_are_kept_and_the_note_is_translated() -> None:
    """Footnotes as pandoc and GitHub read them (the producers' Markdown, which pandoc turns
    into the .docx/.odt/.epub footnotes of tests/data/producers)."""
    from tests.fixtures import producers

    texts, written = document(producers.MARKDOWN)
    assert not any("[^" in t for t in texts)
    assert producers.NOTE in texts
    assert "Read ZXQ1Qthe manualZXQ2Q before you start." in texts
    out = written.decode("utf-8")
    assert "START.[^1]" in out and f"\n[^1]: {producers.NOTE.upper()}\n" in out
    texts, written = document("A footnote[^note] here.\n\n[^note]: The note.\n")
    assert texts == ["A footnote here.", "The note."]
    assert written.decode() == "A FOOTNOTE[^note] HERE.\n\n[^note]: THE NOTE.\n"


def test_tex_math_is_kept_and_seen_as_placeholders_and_money_is_text() -> None:
    """$…$ in a sentence is a placeholder (as inline code is), $$…$$ on its own lines is no
    text: pandoc's, GitHub's and Jupyter's math. A dollar amount is text: no space inside a
    formula's dollars, no digit right after its closing one. Before, a formula was sent to
    the translator, and a display one lost its backslashes to the escapes' rule."""
    from tests.fixtures.producers import MATH_MARKDOWN

    source = MATH_MARKDOWN + "\nIt costs $5 and $10, or $US 20.\n\n$$\na^2 + b^2 = c^2\n$$\n"
    parsed = parse(source, Path("paper.md"))
    assert [(u.text, u.fields) for u in parsed.units] == [
        ("The energy is given by ZXQ1Q where ZXQ2Q is the mass.", ("$E = mc^2$", "$m$")),
        ("The end of the report.", ()),
        ("It costs $5 and $10, or $US 20.", ()),
    ]
    translated = [
        "Die Energie ist durch ZXQ1Q gegeben, wobei ZXQ2Q die Masse ist.",
        "Das Ende des Berichts.",
        "Es kostet $5 und $10.",
    ]
    out = parsed.render(translated).decode("utf-8")
    assert out.startswith("Die Energie ist durch $E = mc^2$ gegeben, wobei $m$ die Masse ist.")
    assert "$$\\int_0^1 x\\,dx = \\frac{1}{2}$$" in out and "$$\na^2 + b^2 = c^2\n$$" in out


def test_escapes_and_entities_are_seen_as_their_characters_and_written_back_so() -> None:
    """``\\$5``, ``3 \\< 4``, ``&amp;`` and a table cell's ``\\|`` are text: the translator
    sees the character (before, it saw "It costs 5" and "3  4", the escape kept as markup
    beside the words), and the translation writes each such character as the unit wrote it,
    so it stays literal. An untranslated unit is written byte for byte."""
    source = (
        "It costs \\$5, not \\*free\\*, and 3 \\< 4.\n\n"
        "| Key | Value |\n|---|---|\n| a \\| b | Tom &amp; Jerry&nbsp;Show |\n\n"
        "Caf&eacute; &copy; 2024, see [\\[1\\] the note](u).\n"
    )
    parsed = parse(source, Path("prices.md"))
    assert [u.text for u in parsed.units] == [
        "It costs $5, not *free*, and 3 < 4.",
        "Key",
        "Value",
        "a | b",
        "Tom & Jerry\xa0Show",
        "Café © 2024, see ZXQ1Q[1] the noteZXQ2Q.",
    ]
    assert parsed.render_text([u.text for u in parsed.units]) == source
    translated = [
        "Es kostet $5, nicht *gratis*, und 3 < 4.",
        "Schlüssel",
        "Wert",
        "a | b | c",
        "Tom & Jerry\xa0Schau",
        "Café © 2024, siehe ZXQ1Q[1] die NotizZXQ2Q.",
    ]
    out = parsed.render(translated).decode("utf-8")
    assert out == (
        "Es kostet \\$5, nicht \\*gratis\\*, und 3 \\< 4.\n\n"
        "| Schlüssel | Wert |\n|---|---|\n| a \\| b \\| c | Tom &amp; Jerry&nbsp;Schau |\n\n"
        "Café &copy; 2024, siehe [\\[1\\] die Notiz](u).\n"
    )


@pytest.mark.parametrize("name", ["pandoc.md", "pandoc-gfm.md"])
def test_pandocs_escapes_reach_the_translator_as_characters_and_stay_escaped(name: str) -> None:
    """pandoc's Markdown and GFM of a text with $, <, *, [ ], a Windows path, # and a table
    cell's |, as pandoc escapes them (tests/data/escapes/): each unit is the text as written
    in the HTML pandoc read, and a translation read back gives the translation's characters
    (the escapes written again where its characters need them)."""
    from tests.fixtures.producers import ESCAPE_TEXTS

    path = DATA / "escapes" / name
    parsed = parse(path.read_text(encoding="utf-8"), path)
    texts = [u.text for u in parsed.units]
    assert ESCAPE_TEXTS[0] in texts and ESCAPE_TEXTS[1] in texts
    if name == "pandoc-gfm.md":
        assert ESCAPE_TEXTS[2] in texts and ESCAPE_TEXTS[3] in texts
    translated = [t.upper() for t in texts]
    again = parse(parsed.render(translated).decode("utf-8"), path)
    assert [u.text for u in again.units] == translated


def test_entities_are_shown_decoded_and_a_cells_bar_is_escaped() -> None:
    """A review found entities for letters (``Gr&ouml;&szlig;e``) sent raw when the unit
    escaped no punctuation, and a | a translation put in a table cell breaking the table;
    and ``&#32;`` turned every space of the translation into ``&#32;``."""
    parsed = parse("Die Gr&ouml;&szlig;e ist wichtig.\n\nOne&#32;two three\n", Path("x.md"))
    assert [u.text for u in parsed.units] == ["Die Größe ist wichtig.", "One two three"]
    assert parsed.render_text(["Die Größe zählt.", "Eins zwei drei"]) == (
        "Die Größe zählt.\n\nEins zwei drei\n"
    )
    table = parse("| C | w |\n|---|---|\n| a | b |\n", Path("t.md"))
    out = table.render_text(["C", "w | x", "a", "b"])
    assert out == "| C | w \\| x |\n|---|---|\n| a | b |\n"
    assert len(parse(out, Path("t.md")).units) == 4  # still a table of four cells


SITE = """# Install {#install}

!!! note "Before you start"

    You need Python.

=== "Linux"

    Use your package manager.

    ```bash
    apt install widget
    ```

??? tip

    !!! warning "Nested"

        Back up first.

:::info[Good to know]
Docusaurus writes admonitions so.
:::

- [x] Ship it
- [ ] Write the docs

> [!NOTE]
> Use the cache.

Term
:   The definition.

[TOC]

--8<-- "snippets/note.md"

*[HTML]: Hyper Text Markup Language

import Tabs from '@theme/Tabs';

Hello :wave: version {{ version }} and ![Logo](logo.png){ width="300" }.

See the [install page]({{< ref "install.md" >}}).
"""


def test_documentation_sites_syntax_stays_and_their_words_are_translated() -> None:
    """MkDocs', Material's, Docusaurus', GitHub's and Hugo's syntax was sent as words (a
    tab's marker, a task's box, an alert's kind, an attribute list, a shortcode: each came
    back translated, and the site no longer built), and an admonition's or a tab's body,
    indented four spaces, read as code: left in English without a word said."""
    units, written = document(SITE)
    assert units == [
        "Install",
        "Before you start",
        "You need Python.",
        "Linux",
        "Use your package manager.",
        "Nested",
        "Back up first.",
        "Good to know",
        "Docusaurus writes admonitions so.",
        "Ship it",
        "Write the docs",
        "Use the cache.",
        "Term\nThe definition.",
        "Hello ZXQ1Q version ZXQ2Q and ZXQ3QLogoZXQ4Q.",
        "See the install page.",
    ]
    # Only the words changed: every marker, attribute, shortcode and code line as it was.
    assert written.decode() == SITE_WRITTEN


SITE_WRITTEN = """# INSTALL {#install}

!!! note "BEFORE YOU START"

    YOU NEED PYTHON.

=== "LINUX"

    USE YOUR PACKAGE MANAGER.

    ```bash
    apt install widget
    ```

??? tip

    !!! warning "NESTED"

        BACK UP FIRST.

:::info[GOOD TO KNOW]
DOCUSAURUS WRITES ADMONITIONS SO.
:::

- [x] SHIP IT
- [ ] WRITE THE DOCS

> [!NOTE]
> USE THE CACHE.

TERM
:   THE DEFINITION.

[TOC]

--8<-- "snippets/note.md"

*[HTML]: Hyper Text Markup Language

import Tabs from '@theme/Tabs';

HELLO :wave: VERSION {{ version }} AND ![LOGO](logo.png){ width="300" }.

SEE THE [INSTALL PAGE]({{< ref "install.md" >}}).
"""


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # Prose that starts as a site's syntax does, without its body or its closing line.
        ("!!! BREAKING\n\nThe API changed.\n", ["!!! BREAKING", "The API changed."]),
        ("Wow\n!!! amazing\nreally\n", ["Wow\n!!! amazing\nreally"]),
        ("It will\nexport default settings.\n", ["It will\nexport default settings."]),
        ("Then\nimport data from 'sales.csv'\n", ["Then\nimport data from 'sales.csv'"]),
        (":::note\nNot closed.\n", [":::note\nNot closed."]),
        # A definition over two lines is one text; a block's title its kind's word too.
        ("Term\n:   Wraps\n    onto this line.\n", ["Term\nWraps\nonto this line."]),
        ('!!! note "note"\n    Body.\n', ["note", "Body."]),
    ],
)  # fmt: skip
def test_ordinary_markdown_is_not_read_as_a_sites_syntax(source: str, expected: list[str]) -> None:
    """Found by a review: a line of prose starting "!!!" or "export default" was left out of
    the translation, a wrapped definition's second line read as code, and a title that is
    its block's kind was written over the kind."""
    units, written = document(source)
    assert units == expected
    # (every word translated, every marker kept: for the block, its kind stays "note")
    kind_kept = source.replace("Body", "BODY").replace('"note"', '"NOTE"')
    assert written.decode() in (source.upper(), kind_kept)


def test_a_cut_between_two_marks_keeps_a_bracket_inside_its_link_or_emphasis() -> None:
    """Cuts were made only where a word met punctuation: "(PDF)" and "." of
    ``[the guide (PDF)](g.pdf).`` came back as "(PDF" and ")."."""
    for source, translation, expected in (
        (
            "See [the guide (PDF)](g.pdf).",
            "Siehe den Leitfaden (PDF).",
            "Siehe [den Leitfaden (PDF)](g.pdf).",
        ),
        (
            "The value is <b>(default)</b>; change it.",
            "Der Wert ist (Standard); ändern Sie ihn.",
            "Der Wert ist <b>(Standard)</b>; ändern Sie ihn.",
        ),
        (
            'He said **"no"**, twice.',
            'Er sagte "nein", zweimal.',
            'Er sagte **"nein"**, zweimal.',
        ),
    ):
        assert parse(source + "\n", Path("a.md")).render_text([translation]) == expected + "\n"


def test_an_html_line_break_is_seen_as_one_and_written_back_as_its_tag() -> None:
    """Before, the tag was skipped as markup and its two lines glued: "Line oneLine two"
    reached the translator, and came back "LINE<br> ONELINE TWO"."""
    source = (
        "Line one<br>Line two\n\n"
        "| Step | Notes |\n|---|---|\n| Install | First run<br/>takes a minute |\n\n"
        "Ends its line<br>\nand goes on.\n"
    )
    texts, written = document(source)
    assert texts == [
        "Line one\nLine two",
        "Step",
        "Notes",
        "Install",
        "First run\ntakes a minute",
        "Ends its line\nand goes on.",  # (a <br> beside a line's end is not a second break)
    ]
    assert written.decode("utf-8") == source.upper().replace("<BR", "<br")
    parsed = parse(source, Path("doc.md"))
    # A translation on one line: its words spread over the lines, the tag where it was.
    out = parsed.render_text(["Zeile eins Zeile zwei", *texts[1:]])
    assert out.startswith("Zeile eins<br>Zeile zwei\n") and kept(out) == kept(source)


def test_an_html_blocks_text_is_translated_and_its_markup_kept() -> None:
    """Before, an HTML block was kept whole: its words stayed in English without a word
    said (a README's centred title, a notebook's <h1>, an advice <div>)."""
    source = (
        '<p align="center">\n  <img src="logo.png" alt="Logo"/>\n</p>\n'
        '<h1 align="center">Fast &amp; small</h1>\n\n'
        '<div class="alert alert-info">\n<b>Tip:</b> Run <code>make</code> first.<br>Then rest.\n'
        "</div>\n\n"
        "<!-- a comment, kept -->\n\n"
        "<details>\n<summary>More</summary>\n\nMarkdown inside.\n\n</details>\n"
    )
    parsed = parse(source, Path("README.md"))
    assert [u.text for u in parsed.units] == [
        "Fast & small",
        "Tip: Run ZXQ1Q first.\nThen rest.",
        "More",
        "Markdown inside.",
    ]
    assert parsed.units[1].fields == ("make",)
    texts, upper = document(source)
    out = upper.decode("utf-8")
    assert '<h1 align="center">FAST &amp; SMALL</h1>' in out
    assert "<b>TIP:</b> RUN <code>make</code> FIRST.<br>THEN REST.\n</div>" in out
    assert '<img src="logo.png" alt="Logo"/>' in out and "<!-- a comment, kept -->" in out
    assert kept(out) == kept(source)
    # A < or & the translation brings is escaped, as HTML wants.
    german = parsed.render_text(["Schnell <3 & klein", *texts[1:]])
    assert '<h1 align="center">Schnell &lt;3 &amp; klein</h1>' in german


def html_blocks(text: str) -> list[str]:
    """Each HTML block's block elements' tags, and a code block as one: what a page's
    layout is made of."""
    block = r"</?(?:p|div|table|tr|td|th|h[1-6]|details|summary|ul|ol|li|pre)\b[^>]*>"
    return [
        "".join(re.findall(block, token.content)) if token.type == "html_block" else ""
        for token in PARSER.parse(text)
        if token.type in ("html_block", "code_block")
    ]


def test_a_bilingual_html_blocks_copy_stays_inside_its_element() -> None:
    """Before, each copy followed its lines after a blank line, which ended the HTML block:
    FastAPI's tagline, indented, became a code block showing its tags, and a table cell's
    text a paragraph between the cells. (FastAPI's and axios' READMEs, MIT.)"""
    source = (
        '<p align="center">\n'
        "    <em>FastAPI framework, high performance, easy to learn</em>\n"
        "</p>\n"
        '<table align="center">\n'
        "    <tr>\n"
        '        <td align="center" width="50%">\n'
        '            <p align="center">\n'
        "                We're passionate about making open source sustainable.\n"
        "            </p>\n"
        '            <p align="center">\n'
        '                <a href="https://opencollective.com/axios/contribute"\n'
        "                    ><b>Become a sponsor</b> today</a\n"
        "                >\n"
        "            </p>\n"
        "        </td>\n"
        "    </tr>\n"
        "</table>\n\n"
        "<details>\n<summary>Table of contents</summary>\n\nRead on.\n\n</details>\n"
    )
    parsed = parse(source, Path("README.md"))
    texts = [u.text for u in parsed.units]
    out = parsed.write([t.upper() for t in texts], bilingual=True).decode("utf-8")
    assert html_blocks(out) == html_blocks(source)
    assert "<em>FastAPI framework, high performance, easy to learn<br>FASTAPI" in out
    assert "sustainable.<br>WE'RE PASSIONATE" in out
    # (the copy holds whole elements: its <b> opened, its </a> closed)
    assert "<b>Become a sponsor</b> today<br><b>BECOME A SPONSOR</b> TODAY</a\n" in out
    assert "<summary>Table of contents<br>TABLE OF CONTENTS</summary>" in out
    # (and what it keeps at its end: a link's target)
    source = "<div>\nUse `npm install` and [the docs](https://docs.io/page)\n</div>\n"
    parsed = parse(source, Path("README.md"))
    out = parsed.write(["Use ZXQ1Q and the docs"], bilingual=True).decode("utf-8")
    assert "[the docs](https://docs.io/page)<br>Use `npm install` and [the docs]" in out


def test_addresses_and_inline_code_in_an_html_blocks_text_are_kept() -> None:
    """Before, an HTML block's text went whole to the translator: a machine translation
    wrote "HTTPS://DOCS.EXAMPLE.COM/…" and "`NPM INSTALL`", and a link's target (Markdown
    is no markup there, but READMEs write it so) was translated with its text."""
    source = (
        '<p align="center">\n'
        "  Docs: https://docs.example.com/guide/install or mail help@example.com\n"
        "</p>\n\n"
        "<div>\nUse `npm install` and [the docs](https://docs.io/page)\n</div>\n"
    )
    texts, upper = document(source)
    assert texts == ["Docs:  or mail", "Use ZXQ1Q and the docs"]
    assert upper.decode("utf-8") == source.replace("Docs:", "DOCS:").replace(
        "or mail", "OR MAIL"
    ).replace("Use", "USE").replace(" and [the docs]", " AND [THE DOCS]")
    assert parse(source, Path("README.md")).units[1].fields == ("npm install",)


def test_the_layout_between_an_html_blocks_tags_is_not_sent_as_line_breaks() -> None:
    """Prettier's README lists its languages so (MIT): the newlines and indents around
    ``<br />`` reached the translator as three more line breaks, so "Read more" went into
    the <em> above, and "</em>\\n  <br />" was written "</em><br />"."""
    source = (
        '<p align="center">\n'
        "  <em>\n    JavaScript\n    · TypeScript\n  </em>\n  <br />\n"
        "  <em>\n    CSS\n    · Less\n  </em>\n  <br />\n"
        "  <em>\n"
        '    <a href="https://prettier.io/docs/plugins">\n      Your favorite language?\n    </a>\n'
        "  </em>\n"
        "</p>\n"
    )
    texts, upper = document(source)
    assert texts == ["JavaScript\n· TypeScript\nCSS\n· Less\nYour favorite language?"]
    expected = source
    for word in ("JavaScript", "TypeScript", "CSS", "Less", "Your favorite language?"):
        expected = expected.replace(word, word.upper())
    assert upper.decode("utf-8") == expected


def test_a_footnote_number_or_subscript_glued_to_a_word_stays_on_its_digit() -> None:
    """READMEs write a footnote's number and a formula's subscript as HTML glued to the
    word. Before, the cut fell at a space: "je<sup> nach</sup> hardware1" (the number
    lost, words in the superscript), "Wasser ist<sub> H2O</sub>"."""
    source = (
        "<p>Results vary by hardware<sup>1</sup> and by model size<sup>2</sup>.</p>\n\n"
        "Water is H<sub>2</sub>O and energy is E = mc<sup>2</sup> in physics.\n"
    )
    parsed = parse(source, Path("README.md"))
    assert [u.text for u in parsed.units] == [
        "Results vary by hardware1 and by model size2.",
        # (an inline element a pair of placeholders: a translation that keeps them places
        # it; one that loses them, as here, has the words by position, as before)
        "Water is HZXQ1Q2ZXQ2QO and energy is E = mcZXQ3Q2ZXQ4Q in physics.",
    ]
    out = parsed.render_text(
        [
            "Ergebnisse variieren je nach Hardware1 und Modellgröße2.",
            "Wasser ist H2O und Energie ist E = mc2 in der Physik.",
        ]
    )
    assert out == (
        "<p>Ergebnisse variieren je nach Hardware<sup>1</sup> und Modellgröße<sup>2</sup>.</p>\n\n"
        "Wasser ist H<sub>2</sub>O und Energie ist E = mc<sup>2</sup> in der Physik.\n"
    )
    # A link's placeholders go where the translation puts them, a word put before the
    # sentence notwithstanding (ESLint's README, MIT): by word position, "Übersetzt" moved
    # the link's text two words on ("[TO THE TC39 PROCESS](…)").
    source = (
        "Once a language feature has been adopted into the ECMAScript standard (stage 4"
        " according to the [TC39 process](https://tc39.github.io/process-document/)), we will"
        " accept issues and pull requests related to the new feature, subject to our"
        " [contributing guidelines](https://eslint.org/docs/latest/contribute). Until then,"
        " please use the appropriate parser and plugin(s) for your experimental feature.\n"
    )
    parsed = parse(source, Path("README.md"))
    out = parsed.render_text(["Übersetzt " + parsed.units[0].text.upper()])
    assert " THE [TC39 PROCESS](https://tc39.github.io/process-document/))," in out


def test_a_bilingual_copy_in_a_quote_or_list_item_stays_in_it() -> None:
    """Vite's and Prettier's bundled licences quote the Apache License (MIT's and Apache's
    words). Before, a copy followed a bare blank line, which ended the quote: the copy, still
    indented, became a code block (2 code blocks became 17); and the copy of "1.
    Definitions." was an item of its own, which took the definitions after it."""
    source = (
        "> Apache License\n"
        ">\n"
        ">    TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION\n"
        "> \n"
        ">    1. Definitions.\n"
        "> \n"
        '>       "License" shall mean the terms and conditions for use, reproduction,\n'
        ">       and distribution as defined by Sections 1 through 9 of this document.\n"
        "> \n"
        ">    2. Grant of Copyright License.\n"
        "> \n"
        ">       Subject to the terms and conditions of this License.\n"
    )
    parsed = parse(source, Path("LICENSE.md"))
    out = parsed.write([u.text.upper() for u in parsed.units], bilingual=True).decode("utf-8")

    def blocks(text: str) -> list[str]:
        return [t.type for t in PARSER.parse(text) if t.type.endswith("_open")]

    # Each copy a paragraph after its own, in the same quote and the same item.
    assert blocks(out) == [
        kind
        for kind in blocks(source)
        for kind in ([kind, kind] if kind == "paragraph_open" else [kind])
    ]
    assert '>    1. Definitions.\n>\n>       DEFINITIONS.\n> \n>       "License"' in out
    assert 'this document.\n>\n>       "LICENSE" SHALL' in out
