"""Markdown: paragraphs, headings, list items, quotes and table cells are units, found by a
CommonMark parser (markdown-it-py, with GFM tables and strikethrough) from its source lines.
Inline markup (emphasis, link brackets and targets, autolinks, inline code, HTML, footnote
markers ``[^1]``) is kept byte for byte and only the text between is translated: a link's and
an emphasis' words (an image's, an inline HTML element's) between a pair of placeholders the
translation places (see ``_paired``; markdown_marks.py puts a translation back around them);
escapes and entities (``\\$5``, ``&amp;``) are text, seen as their characters and written back
so; a link whose text is its URL keeps its text too. Inline code (HTML's <code>, <kbd>, <samp>
and <var> too) is seen by the translator as a placeholder where it stands, and stays where the
translation puts it. A paragraph's line breaks stay where they were when the translation keeps
them, and so do the quote markers and indents that begin its lines. Code blocks, HTML blocks,
reference definitions and rules are kept byte for byte; a footnote definition's text is
translated, its ``[^label]:`` kept. Documentation sites' syntax (MkDocs and Material,
Docusaurus, GitHub, Hugo, Jinja) is read as the site generator reads it: see ``_site_syntax``
and ``_KEPT``; so is an Obsidian vault's (callouts, wikilinks, tags, comments: ``_OBSIDIAN``).
Of the front matter, the title and the like are translated and the language keys name the
translation's (see ``_front_matter``); the rest is kept byte for byte. MDX (.mdx) and
pandoc's Markdown as Quarto (.qmd) and R Markdown (.Rmd) write it are read in their dialect
(see ``parse``)."""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from html import escape as html_escape
from html import unescape as html_unescape
from pathlib import Path
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.common.entities import entities
from markdown_it.common.utils import (
    fromCodePoint,
    isValidEntityCode,
)
from markdown_it.helpers import parseLinkDestination, parseLinkTitle
from markdown_it.token import Token
from mdit_py_plugins.amsmath import amsmath_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin

from engine.api import Note
from engine.documents import html
from engine.documents.base import FIELD, Document, Unit, decode_text, edited, pieces_between
from engine.documents.errors import DocumentError
from engine.documents.i18n_yaml import double_quoted, plain_scalar
from engine.documents.language import Language, names_language
from engine.documents.lines import fit_lines
from engine.documents.markdown_marks import (
    Piece,
    apart,
    fit_around,
    kept_whole,
    link_spaces,
    markup_bits,
    mended,
    partners,
    unbroken,
)
from engine.documents.pairs import CLOSE, OPEN, placed
from engine.documents.runs import (
    BREAK,
    CODE,
    TAG,
    TEXT,
    tokens_of,
)
from engine.documents.txt import TextDocument
from engine.text.encoding import UTF8, EncodedText, TextEncoding
from engine.text.verbatim import ADDRESS

# CommonMark ends a line at \n, \r\n or a lone \r (as markdown-it splits the source).
LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")
_TABLE_RULE = re.compile(r"[\s|:-]+$")
_QUOTE = re.compile(r"[ \t]*(?:>[ \t]?)*")
_ITEM = re.compile(r"[ \t]*(?:>[ \t]?)*[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+")
_FRONT_MATTER = re.compile(
    r"(?P<open>---|\+\+\+)[ \t]*\r?\n(?P<body>[\s\S]*?\n)(?:---|\+\+\+|\.\.\.)[ \t]*(?:\r?\n|$)"
)
# The front matter's top-level keys whose text a reader sees (a page's <title>, its subtitle,
# abstract, and the description a search engine shows: pandoc, Quarto, Jekyll, Hugo, MkDocs,
# Docusaurus), the page's name in a docs site's sidebar (Docusaurus' ``sidebar_label``,
# Nextra's ``sidebarTitle``, Starlight's ``sidebar:`` ``label:``, the one nested key read,
# named ``sidebar.label``; Hugo's ``linkTitle``, its menus' and breadcrumbs'), and those
# that name the page's language: pandoc's and Quarto's ``lang`` (the page's <html lang>, a
# book's dc:language; Jekyll's themes, VuePress), Jekyll's ``locale`` (``en_US``, its
# og:locale), ``language``. (Hugo takes a page's language from its file name.)
_TEXT_KEYS = frozenset(
    [
        "title",
        "subtitle",
        "description",
        "abstract",
        "summary",
        "sidebar_label",
        "sidebarTitle",
        "sidebar.label",
        "linkTitle",
    ]
)
_LANGUAGE_KEYS = frozenset(["lang", "language", "locale"])
# A top-level TOML key's one-line string (Hugo's +++ front matter): "basic" or 'literal'.
_TOML_STRING = re.compile(
    r"^(?P<key>[\w-]+)[ \t]*=[ \t]*(?P<value>\"(?:[^\"\\\r\n]|\\.)*\"|'[^'\r\n]*')"
    r"[ \t]*(?:#[^\r\n]*)?\r?$",
    re.MULTILINE,
)
# What is not the top level's lines: multi-line strings, and the tables (all after it).
_TOML_ELSE = re.compile(r"\"{3}[\s\S]*?\"{3}|'{3}[\s\S]*?'{3}|^[ \t]*\[[\s\S]*", re.MULTILINE)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Documentation sites' syntax (MkDocs and Material, Docusaurus, GitHub, Hugo, Jinja), read
# by ``_site_syntax`` and ``_KEPT``: a block marker line, and its title where it has one (a
# title is translated, seen as a heading is).
_CONTAINER = re.compile(
    r"(?P<indent>[ \t]*)(?:(?:!!!|\?\?\?\+?)[ \t]+[\w-]+(?:[ \t]+[\w-]+)*"
    r"(?:[ \t]+\"(?P<title>[^\"]*)\")?|===\+?[ \t]+\"(?P<tab>[^\"]*)\")[ \t]*$"
)  # (a tab always has its title: "===" alone underlines a heading)
_FENCED_CONTAINER = re.compile(
    r"(?P<indent>[ \t]*):::+[ \t]*(?:[\w-]+(?:\{[^{}\n]*\})?"
    r"(?:[ \t]*\[(?P<title>[^\]]*)\]|[ \t]+(?P<rest>.*?))?)?"
    r"(?:[ \t]*\{[^{}\n]*\})?[ \t]*$"
)  # (attributes after its type or title kept: VitePress' ``::: details Code {open}``)
# Lines that are no text: a table of contents' marker, a snippet's inclusion, an
# abbreviation's definition, MDX's imports and exports and comments.
_SITE_LINE = re.compile(r"[ \t]*(?:\[TOC\]|-{2,}8<-{2,}.*|\*\[[^\]]+\]:.*|\{/\*.*\*/\})[ \t]*$")
# MDX's import and export statements, as JavaScript writes them (after a blank line: "will\n
# export default settings to a file" is a sentence's line).
_MDX_LINE = re.compile(
    r"(?:import[ \t]+(?:.+[ \t]+from[ \t]+)?[\"'][^\"']+[\"'];?"
    r"|export[ \t]+(?:default|const|let|var|function|class)\b.*[;{})])[ \t]*$"
)
_CLOSER = re.compile(r"[ \t]*:::+[ \t]*$")
# An Obsidian callout's first line, as Obsidian and VitePress read GitHub's alerts too (``>
# [!tip]- Title``): its type and fold sign kept, its title a heading of the callout.
_CALLOUT = re.compile(r"(?P<before>[ \t]*(?:>[ \t]?)+[ \t]*)\[![\w-]+\][+-]?(?=[ \t]|$)")
# An Obsidian comment (``%% … %%``), kept: its author's note, which no reader sees.
_COMMENT_MARK = "%%"
# What begins a line's text and is a marker: a task list's box, a GitHub alert's kind.
_LINE_MARKER = re.compile(
    r"(?P<before>[ \t]*(?:>[ \t]?)*[ \t]*(?:[-*+]|\d{1,9}[.)])?[ \t]*)"
    r"(?P<marker>\[[ xX]\](?=[ \t])|\[![A-Za-z]+\](?=[ \t]*$))"
)
# A definition list's ":   " (Markdown Extra, pandoc, MkDocs' def_list): its definition is text.
_DEFINITION = re.compile(r"(?P<indent>[ \t]*):[ \t]+(?=\S)")
# Pandoc's table caption before or after its table (``Table: Date formats.``, ``: …``) and
# bookdown's label that begins it (``(\#tab:fmt)``, which it reads only there): kept.
_CAPTION = re.compile(r"(?P<indent>[ \t]*)(?:[Tt]able)?:[ \t]+(?:\(\\#[\w:.-]+\)[ \t]*)?(?=\S)")
# Footnote markers (``[^1]``) and a footnote definition's label (``[^note]:``), as pandoc,
# GitHub and most renderers read them: labels, not words (CommonMark reads them as text).
_FOOTNOTE = re.compile(r"\[\^[^\]\s]+\](?::(?=\s|$))?")
# Inside a text, what a site generator reads: an attribute list (``{#install}``, ``{ width="300"
# }``, pandoc's ``{-}`` and ``{- #ack}`` of an unnumbered heading), Jinja's and Hugo's ``{{ …
# }}`` and ``{% … %}``, an emoji's shortcode (``:smile:``), an MDX comment.
_SITE_INLINE = re.compile(
    r"\{\{.*?\}\}|\{%.*?%\}|\{/\*.*?\*/\}|\{[ \t]*(?:[#.][\w-]|[\w-]+=|-(?=[ \t]*[#.}]))[^{}\n]*\}"
    r"|(?<![\w:]):[a-z0-9_+-]*[a-z][a-z0-9_+-]*:(?![\w:])"
    # (a link to a Hugo shortcode, ``[text]({{< ref "page" >}})``, which CommonMark does not
    # read as a link: its brackets)
    r"|\[(?=[^\[\]\n]*\]\(\{\{)|\]\(\{\{.*?\}\}\)"
)
# Kept as they are inside a text: addresses, footnote markers, site generators' syntax.
_KEPT = re.compile(f"{ADDRESS.pattern}|{_FOOTNOTE.pattern}|{_SITE_INLINE.pattern}")
# A wikilink or an embed, kept whole (``[[Page]]``, ``![[diagram.png|300]]``): a wiki's link
# to a page, which a translated name would break. Outside a vault or a wiki, which of a
# ``[[…|…]]``'s halves is the page is not known (Obsidian's ``[[Page|Alias]]``, Gollum's and
# GitHub wikis' ``[[Link text|Page]]``): it is kept whole too.
_WIKILINK = r"!?\[\[[^\[\]\n]*\]\]"
# An Obsidian vault's syntax (see ``_folder``): a wikilink's alias (``[[Internal links|
# Wikilinks]]``, ``\|`` in a table's cell) and a highlight's words (``==words==``, as Obsidian
# writes it: no space inside its marks, not ``===`` or ``==>``) translated between a pair; an
# embed, a wikilink shown as its note's name, a comment, a tag (``#inbox/to-read``, not
# ``#1984``) and a block id ending a line (``^b15695``) kept.
_OBSIDIAN = re.compile(
    r"(?P<whole>!\[\[[^\[\]\n]*\]\]|\[\[[^\[\]|\n]*\]\]|%%.*?%%"
    r"|(?<![^\s(>])#[\w/-]*[^\W\d][\w/-]*)"
    r"|(?P<block>(?<!\S)\^[A-Za-z0-9-]+(?=[ \t]*$))"
    r"|\[\[[^\[\]|\n]*\|(?P<alias>[^\[\]|\n]+)\]\]"
    r"|(?<![=\w])==(?P<mark>[^\s=](?:[^=\n]*[^\s=])?)==(?![=\w])"
    rf"|(?P<link>{_WIKILINK})"
)
# A Gollum or GitHub wiki's (see ``_folder``): a link's text before its page (``[[Link text|
# Page]]``, not an image's ``[[logo.png|frame]]``) translated, the page kept.
_GOLLUM = re.compile(
    r"\[\[(?P<label>(?![^\[\]|\n]*\.(?:png|jpe?g|gif|svg|webp)\\?\|)[^\[\]|\n]+?)\\?\|"
    rf"[^\[\]|\n]+\]\]|(?P<whole>{_WIKILINK})"
)
_WIKI = re.compile(f"(?P<whole>{_WIKILINK})")
# A note's words between a pair of markup (a wikilink's alias, a highlight).
_WORDS = ("alias", "mark", "label")
# What a text keeps in a Markdown file outside a vault or a wiki, in a Gollum or GitHub wiki,
# in an Obsidian vault; and of that, what a wiki's syntax is.
_WIKI_KEPT = {
    name: re.compile(f"{notes.pattern}|{_KEPT.pattern}")
    for name, notes in (("", _WIKI), ("gollum", _GOLLUM), ("obsidian", _OBSIDIAN))
}
_NOTES = {_WIKI_KEPT[""]: _WIKI, _WIKI_KEPT["gollum"]: _GOLLUM, _WIKI_KEPT["obsidian"]: _OBSIDIAN}
# MDX (.mdx: Docusaurus, Nextra, Astro): a JavaScript expression in braces (``{props.name}``,
# braces nested three deep) and a JSX tag (``<Highlight color="#25c2a0">``, its attributes'
# strings and expressions) the parser did not read as HTML: kept.
_BRACES = r"\{(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*\}"
_JSX_TAG = re.compile(
    rf"</?(?:[A-Za-z][\w.:-]*(?:\s+(?:[\w:-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|{_BRACES}))?"
    rf"|{_BRACES}))*\s*/?)?>"
)
_MDX_KEPT = re.compile(f"{_KEPT.pattern}|{_JSX_TAG.pattern}|{_BRACES}")
# Pandoc's Markdown (Quarto's .qmd, R Markdown's .Rmd): a citation in brackets (``[@knuth1984;
# @doe2020, p. 33]``, its prefix and locator with it) or bare (``@knuth1984``, and Quarto's
# cross-references, ``@fig-plots``) and an inline note (``^[text]``: kept whole, for the
# words of a sentence and of its note would mix), then the brackets of a span
# (``[text]{.smallcaps}``): kept, the words between them translated.
_CITATION = (
    r"\^\[[^\[\]\n]*\]|\[(?:[^\[\]\n]*[\s;-])?@\w[^\[\]\n]*\]"
    r"|(?<![\w\\@])-?@\w(?:[\w:.#$%&+?<>~/-]*\w)?"
)
_PANDOC_KEPT = re.compile(
    f"{ADDRESS.pattern}|{_CITATION}|{_FOOTNOTE.pattern}|{_SITE_INLINE.pattern}|\\^?\\[|\\]"
)
# Pandoc's attributes after an image, a link, a span or code, over lines and around inline
# code as Quarto writes them (``{.border\nfig-alt="The file `index.ipynb` open"}``): kept.
ATTRIBUTES = re.compile(
    r"\{[ \t]*(?:[#.][\w-]|[\w-]+=|-(?=[ \t]*[#.}]))(?:\"[^\"]*\"|'[^']*'|[^{}\"'])*\}"
)
# bookdown's markers that begin a heading (``# (PART\\*) Introduction {-}``, ``(PART)``,
# ``(APPENDIX)``): a part or the appendix begins there, the marker never shown.
_PART = re.compile(r"\((?:PART(?:\\?\*)?|APPENDIX)\)[ \t]*")
# bookdown's cross-references and labels (``\@ref(thm:chf-sum)``, ``(\#fig:logo)``, a text
# reference's ``(ref:foo)``) and LaTeX's index entries (``Pandoc's\index{Pandoc}``), which
# pandoc passes on as TeX: placeholders. (Found in a text's source, for ``\@`` and ``\#`` are
# escapes to the parser, tokens of their own.)
_BOOKDOWN = re.compile(
    r"\\@ref\([^()\s]+\)|\(\\#[\w:.-]+\)|\(ref:[\w:.-]+\)|\\index\{(?:[^{}\n]|\{[^{}\n]*\})*\}"
)
# Of what a dialect keeps, what the translator sees as a placeholder (it goes where the
# translation puts it, as inline code does): an MDX expression, a citation.
_HELD = {"mdx": re.compile(r"\{(?!/\*)"), "pandoc": re.compile(_CITATION)}
_PIPE = re.compile(r"(?<!\\)\|")
# HTML's line break inside a paragraph or a table's cell (where Markdown has none): seen as
# a line break, written back as the tag.
_BR = re.compile(r"<br[ \t]*/?>", re.IGNORECASE)
# Inside an HTML block's text, what Markdown would read as inline code (seen as a
# placeholder), a link's brackets and target, and what a paragraph keeps (see ``_KEPT``).
_HTML_KEPT = re.compile(
    rf"(?P<code>(?P<ticks>`+)[^`](?:[^`]*?[^`])?(?P=ticks)(?!`))"
    rf"|\[(?=[^\[\]\n]*\]\([^()\s]*\))|\]\([^()\s]*\)|{_KEPT.pattern}"
)
# A line break in an HTML block's text with the spaces and blank lines around it (layout).
_HTML_BREAK = re.compile(r"[ \t]*(\r\n|\r|\n)[ \t\r\n]*")
# A line break inside a block, with the quote markers and indent that begin the next line.
_CONTINUED = re.compile(r"(?:\r\n|\r|\n)[ \t]*(?:>[ \t]?)*")
# Only for a line the parser's text cannot be found in (a tab inside an indent): the line's
# block prefix, then its inline markup, by pattern.
_PREFIX = re.compile(r"[ \t]*(?:>[ \t]?)*[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?(?:#{1,6}[ \t]+)?")
# Inline code, as CommonMark reads it (a run of backticks, to a run as long).
CODE_SPAN = re.compile(r"(?<!`)(`+)[^`](?:[\s\S]*?[^`])?\1(?!`)")
_INLINE = re.compile(
    r"(`+)[^`](?:[\s\S]*?[^`])?\1(?!`)|\]\([^)]*\)|\]\[[^\]]*\]|!?\[|\]"
    r"|<[^<>\n]+>|(?:https?|ftp)://[^\s<>()]+|\\[\\`*_{}\[\]()#+\-.!|~<>]|\*+|_+|~~"
)

# TeX math as pandoc, GitHub and Jupyter read it: $…$ in a sentence (no space inside its
# dollars, no digit right after the closing one, so "$5 and $10" is money), $$…$$ on its own.
# Nesting as deep as 100 (markdown-it's default of 20 dropped the text of a quote 20 deep:
# "The document has no text"; each level is a few frames of its recursion).
_MARKDOWN = (
    MarkdownIt("commonmark", {"maxNesting": 100})
    .enable(["table", "strikethrough"])
    .use(dollarmath_plugin, allow_space=False, allow_digits=False, double_inline=True)
)
# Keep escapes and entities as tokens of their own, so a text token is the source's text.
_MARKDOWN.disable("text_join")
# A Jupyter notebook's Markdown cells, as JupyterLab and Notebook render them: MathJax reads
# every $…$ as math before Markdown does (spaces and digits inside too: "$ x + y $", "$2x$";
# a notebook writes money as \$5), and a LaTeX environment (\begin{align}…\end{align}) on
# its own lines is math too. No front matter: a cell's leading "---" is a rule.
_JUPYTER = (
    MarkdownIt("commonmark", {"maxNesting": 100})
    .enable(["table", "strikethrough"])
    .use(dollarmath_plugin, allow_space=True, allow_digits=True, double_inline=True)
    .use(amsmath_plugin)
)
_JUPYTER.disable("text_join")
# MDX, as @mdx-js/mdx reads it: no indented code (a component's children are indented as
# JSX is, ``<TabItem>`` then four spaces of text: text, not code).
_MDX = (
    MarkdownIt("commonmark", {"maxNesting": 100})
    .enable(["table", "strikethrough"])
    .use(dollarmath_plugin, allow_space=False, allow_digits=False, double_inline=True)
    .disable(["code", "text_join"])
)
# Pandoc's Markdown (Quarto, R Markdown and bookdown): a LaTeX environment on its own lines
# (\begin{equation}…\end{equation}, equation*, align, gather…, a split inside) is math, which
# pandoc passes on as raw TeX for MathJax or LaTeX, its (\#eq:label) with it.
_PANDOC = (
    MarkdownIt("commonmark", {"maxNesting": 100})
    .enable(["table", "strikethrough"])
    .use(dollarmath_plugin, allow_space=False, allow_digits=False, double_inline=True)
    .use(amsmath_plugin)
)
_PANDOC.disable("text_join")
# The dialects a file's suffix names: MDX, and pandoc's Markdown as Quarto and R Markdown
# write it (their code chunks, ```{r}, are fenced code to CommonMark).
_DIALECTS = {".mdx": "mdx", ".qmd": "pandoc", ".rmd": "pandoc"}


# Markdown's dialects by the names their users know them by.
_NAMES = {".mdx": "MDX", ".qmd": "Quarto", ".rmd": "R Markdown"}


def read(data: bytes, path: Path, *, encoding: str | None = None) -> Document:
    kind = _NAMES.get(path.suffix.lower(), "Markdown")  # (what "not …" names)
    source, found = decode_text(data, path, kind, encoding=encoding)
    dialect = _DIALECTS.get(path.suffix.lower(), "")
    wiki, mkdocs = _folder(path.absolute().parent)
    document = parse(
        source, path, found, dialect=dialect, wiki=wiki, definitions=mkdocs or dialect == "pandoc"
    )
    # (a page of markup alone: Docusaurus' category index of imports and <DocCardList />, a
    # snippet of front matter and code, Quarto's code-only slides. Copied, so a mirrored
    # site keeps its pages and links; an empty file is still refused.)
    if source.strip() and not any(u.text.strip() for u in document.units):
        document.copied_without_text = True
        document.notes = (
            Note(
                f"{path.name} has no text to translate, only markup and code: it is copied "
                "as it is",
                "document.no_text_copied",
                {"name": path.name},
            ),
        )
    return document


def parse(
    source: str,
    path: Path,
    encoding: TextEncoding = UTF8,
    *,
    jupyter: bool = False,
    dialect: str = "",
    wiki: str = "",
    definitions: bool = False,
) -> MarkdownDocument:
    """The document of a Markdown text (already decoded; ``encoding`` is the file's).
    ``jupyter``: a notebook's Markdown cell, read as Jupyter renders it (see ``_JUPYTER``).
    ``dialect``: "mdx" (JSX and JavaScript kept, see ``_mdx_flow`` and ``_MDX_KEPT``) or
    "pandoc" (Quarto's and R Markdown's fenced divs, citations and spans: ``_PANDOC_KEPT``;
    LaTeX environments: ``_PANDOC``). ``wiki``: "obsidian" or "gollum", the wiki the file
    is a page of (see ``_folder``); ``definitions``: whether a definition's ``:`` holds the
    blocks indented under it, as pandoc and MkDocs' def_list read them."""
    front = [] if jupyter else _front_matter(source)
    parser = _Parser(source, jupyter, dialect, wiki, definitions)
    found = parser.units()
    # (a JSX attribute's or a chunk option's text, seen as the front matter's are)
    texts = [value for value in front if value.key in _TEXT_KEYS] + parser.values
    front = [*front, *parser.values]
    units = [UnitSpans([value.span]) for value in texts] + found
    return MarkdownDocument(
        path,
        source,
        [(u.pieces[0][0], u.pieces[-1][1]) for u in units],
        [value.id for value in texts] + [f"p{n + 1}" for n in range(len(units) - len(texts))],
        encoding,
        [u.pieces for u in units],
        [u.breaks for u in units],
        [u.codes for u in units],
        [u.cell for u in units],
        front,
        [u.tags for u in units],
        [u.html for u in units],
        [u.kinds for u in units],
        dialect=dialect,
    )


def cell_headings(source: str) -> list[str]:
    """Each heading's text in a notebook's Markdown cell as the page shows it (markup left
    out, inline code's and math's source in), in order: what Jupyter makes its anchor of."""
    texts: list[str] = []
    tokens = _JUPYTER.parse(source, {})
    for token, inline in itertools.pairwise(tokens):
        if token.type != "heading_open" or inline.type != "inline":
            continue
        shown: list[str] = []
        for child in inline.children or []:
            if child.type in ("text", "text_special", "code_inline"):
                shown.append(child.content)
            elif child.type in ("math_inline", "math_inline_double"):
                shown.append(child.markup + child.content + child.markup)
            elif child.type == "softbreak":
                shown.append("\n")
        texts.append("".join(shown))
    return texts


def cell_code(source: str) -> list[Piece]:
    """Where a notebook's Markdown cell holds code: its code blocks (fenced or indented) and
    its inline code, whose text is shown as written (a link there is no link)."""
    lines = _Lines(source)
    starts = [*lines.starts, len(source)]
    found: list[Piece] = []
    for token in _JUPYTER.parse(source, {}):
        if not token.map:
            continue
        start, end = starts[token.map[0]], starts[min(token.map[1], len(lines.starts))]
        if token.type in ("fence", "code_block"):
            found.append((start, end))
        elif token.type == "inline":
            found += [m.span() for m in CODE_SPAN.finditer(source, start, end)]
    return found


class MarkdownDocument(TextDocument):
    """Bilingual: each block's lines followed by a copy holding the translation (so a
    heading's copy is a heading, a table row's a row and a list item's an item). The front
    matter's texts are the first units."""

    def __init__(
        self,
        path: Path,
        source: str,
        spans: Sequence[Piece],
        ids: Sequence[str],
        encoding: TextEncoding,
        pieces: Sequence[Sequence[Piece]],
        breaks: Sequence[frozenset[int]],
        codes: Sequence[frozenset[int]] = (),
        cells: Sequence[bool] = (),
        front: Sequence[_Value] = (),
        tags: Sequence[frozenset[int]] = (),
        html: Sequence[bool] = (),
        kinds: Sequence[tuple[str, ...]] = (),
        *,
        dialect: str = "",
    ) -> None:
        super().__init__(path, source, spans, ids, encoding, pieces)
        self.dialect = dialect
        self.texts = [value for value in front if value.key in _TEXT_KEYS or value.line]
        self.keys = [value for value in front if value.key in _LANGUAGE_KEYS]
        # Per unit, its pieces that are a line's end: the translator sees the line break, and
        # it stays (with the next line's quote marker or indent) whatever the translation.
        self.breaks = list(breaks)
        # Per unit, its pieces of inline code: kept, seen as placeholders numbered from 1.
        self.codes = list(codes) or [frozenset() for _ in self.units]
        # Per unit, its breaks that are a ``<br>`` tag: seen as a line break, written as the tag.
        self.tags = list(tags) or [frozenset() for _ in self.units]
        # Per unit, whether it is an HTML block's text (its copy goes inside its element).
        self.html = list(html) or [False for _ in self.units]
        # Per unit that holds a link's or an emphasis' words, its pieces (see ``_paired``):
        # its markup placeholders the translation places, pairs of them around words.
        kinds = list(kinds) or [() for _ in self.units]
        self.paired = [
            markup_bits(source, p, k) for p, k in zip(self.pieces or [], kinds, strict=True)
        ]
        # Per unit, the characters its text wrote as escapes or entities (\$, &amp;), and how:
        # the translator sees the character, and the translation writes it the same way.
        self.escapes: list[dict[int, str]] = []
        units: list[Unit] = []
        for n, unit in enumerate(self.units):
            if n < len(self.texts):  # (the text a value says, its quotes and escapes aside)
                text = self.texts[n].text
                # (a page's metadata, beside its text: not read by summarize, ask, classify)
                units.append(Unit(unit.id, text, (text,), read=False))
                self.escapes.append({})
                continue
            plain = self.breaks[n] | self.codes[n]
            if self.tags[n]:
                runs = ["\n" if i in self.tags[n] else r for i, r in enumerate(unit.runs)]
                unit = Unit(unit.id, "".join(runs), tuple(runs), unit.page, unit.fields)
            unit, escapes = unescaped(unit, plain)
            if cells and cells[n]:
                escapes.setdefault(ord("|"), "\\|")  # (a bare one would end the cell)
            if html and html[n]:
                escapes.setdefault(ord("&"), "&amp;")
                escapes.setdefault(ord("<"), "&lt;")
            if dialect == "mdx":  # (a bare one begins a tag or an expression: no compiling)
                escapes.setdefault(ord("<"), "\\<")
                escapes.setdefault(ord("{"), "\\{")
            elif dialect == "pandoc":  # (pandoc reads raw HTML from a bare "<y" to a ">")
                escapes.setdefault(ord("<"), "\\<")
            self.escapes.append(escapes)
            pieces_n = self.pieces[n] if self.pieces else []
            shown = _with_placeholders(
                unit, source, pieces_n, self.codes[n], bool(html and html[n]), kinds[n]
            )
            units.append(shown)
        self.units = tuple(units)

    def parts(self, n: int, text: str) -> list[str]:
        runs, codes = self.units[n].runs, self.codes[n]
        sources = [self.source[a:b] for a, b in self.pieces[n]] if self.pieces else []
        if text == self.units[n].text and sources:
            return sources
        if n < len(self.texts):
            return [self.texts[n].written(text)]
        bits = self.paired[n]
        marks = [b for b in bits if b.kind not in (TEXT, BREAK)]
        partner = partners(marks) if bits else {}
        tokens = tokens_of(text, len(codes))
        # (a pair the translation may not break: most sentences hold none)
        whole = any(kept_whole(mark, self.source) for mark in marks if mark.kind == OPEN)
        if whole and (fixed := mended(tokens, self.units[n].text, marks, partner, self.source)):
            text, tokens = fixed, tokens_of(fixed, len(codes))
        if (
            partner
            and any(isinstance(t, int) and t in partner for t in tokens)
            and (not whole or unbroken(tokens, marks, partner, self.source))
        ):
            return placed(text, bits, self.source, self.escapes[n], apart(partner))
        if not codes:
            fitted = fit_lines(text, runs, self.breaks[n])
        elif bits:
            # A translation that lost every pair's placeholders, or broke a pair that has
            # no form of its own (see ``unbroken``): its words placed by position, the
            # pairs' markup where it was, as before Markdown's markup was placeholders (a
            # link on words near its own rather than none), its code (each renumbered among
            # the code) where it put it.
            single = [k for k, mark in enumerate(marks) if mark.kind == CODE]
            number = {k: j + 1 for j, k in enumerate(single)}
            text = "".join(
                t if isinstance(t, str) else FIELD.format(number[t])
                for t in tokens
                if isinstance(t, str) or t in number
            )
            order = sorted(codes)
            own = frozenset(order[k] for k in single)
            blank = ["" if i in codes and i not in own else r for i, r in enumerate(runs)]
            if own:
                fitted = fit_around(text, blank, self.breaks[n], own, sources)
            else:
                fitted = fit_lines(text, blank, self.breaks[n])
            fitted = [sources[i] if i in codes else part for i, part in enumerate(fitted)]
        else:
            fitted = fit_around(text, runs, self.breaks[n], codes, sources)
        fitted = [sources[i] if i in self.tags[n] else part for i, part in enumerate(fitted)]
        escapes = self.escapes[n]
        if not escapes:
            return fitted
        plain = self.breaks[n] | codes
        return [part if i in plain else part.translate(escapes) for i, part in enumerate(fitted)]

    def render_text(self, translations: Sequence[str]) -> str:
        """The file translated; the front matter's language keys name the translation's
        language, as the key wrote its own (``en-US`` as ``de-DE``, ``en_US`` as ``de_DE``)."""
        self._check(translations)
        assert self.pieces is not None
        edits = [
            (a, b, part)
            for n, text in enumerate(translations)
            for (a, b), part in zip(self.pieces[n], self.parts(n, text), strict=True)
        ]
        if self.language is not None:
            edits += [
                (*key.span, key.written(retagged(key.text, self.language))) for key in self.keys
            ]
        return self._line_ends(edited(self.source, edits))

    def render_bilingual(self, translations: Sequence[str]) -> EncodedText:
        """As :class:`TextDocument` writes it, but the front matter once (a copy of its lines
        would name each key twice): each of its texts reads "source / translation", as a
        page's <title> does in .html, and its language keys name the source's, which the
        page goes on holding."""
        self._check(translations)
        edits = [
            (*value.span, value.written(f"{value.text} / {text}"))
            for value, text in zip(self.texts, translations[: len(self.texts)], strict=True)
            if text != value.text
        ]
        edits += self.copies(range(len(self.texts), len(self.units)), translations)
        return self.encoding.encode(self._line_ends(edited(self.source, edits)))

    def copies(
        self, units: Iterable[int], translations: Sequence[str]
    ) -> list[tuple[int, int, str]]:
        """As :class:`TextDocument` copies, but an HTML block's text: its copy follows it in
        its element, after a ``<br>`` (a copy of its lines after a blank line ended the block,
        and an indented one was a code block showing the tags, or a paragraph in a <td>)."""
        units = list(units)
        titles = [n for n in units if not self.html[n] and self._titles(n)]
        edits = super().copies(
            [n for n in units if not self.html[n] and n not in titles], translations
        )
        for n in titles:
            # A callout's or an admonition's title: "source / translation" where it stands (a
            # copy of its line opened a second, empty one, or in a callout showed its marker).
            start, end = self.region(n)
            copy = self._translated(start, end, [n], translations)
            title = copy[self.spans[n][0] - start : len(copy) - (end - self.spans[n][1])]
            edits.append((self.spans[n][1], self.spans[n][1], f" / {title}"))
        for n in units:
            if self.html[n]:
                start, end = _element(self.source, self.pieces[n] if self.pieces else [])
                copy = self._translated(start, end, [n], translations)
                # (JSX has no void elements: MDX fails on a bare <br>)
                edits.append((end, end, ("<br />" if self.dialect == "mdx" else "<br>") + copy))
        return edits

    def _titles(self, n: int) -> bool:
        """Whether unit ``n`` is the title on a callout's or a site's block's marker line
        (``> [!tip]- Title``, ``!!! note "Title"``, ``=== "Tab"``, ``:::note[Title]``)."""
        first, last = self.region(n)
        line = self.source[first:last]
        before = self.source[self.source.rfind("\n", 0, max(first - 1, 0)) + 1 : first]
        return bool(
            _callout(line, before.rstrip("\r\n") if first else "")
            or _CONTAINER.match(line)
            or _FENCED_CONTAINER.match(line)
        )

    def region(self, n: int) -> tuple[int, int]:
        start, end = self.spans[n]
        first = self.source.rfind("\n", 0, start) + 1
        last = self.source.find("\n", end)
        last = len(self.source) if last < 0 else last
        if self.source[first:last].endswith("\r"):
            last -= 1
        return first, last

    def separator(self, start: int, end: int) -> str:
        # A table row or a list item continues its table or list; anything else is a
        # paragraph of its own, after a blank line of its quote (a bare one ended the quote,
        # and the copy's indent made it a code block).
        line = self.source[start:end]
        if line.lstrip().startswith("|") or (self._item(start) and not self._goes_on(start, end)):
            return self.newline(end)
        quote = _QUOTE.match(line)
        return self.newline(end) + (quote.group().rstrip() if quote else "") + self.newline(end)

    def _translated(
        self, start: int, end: int, members: Sequence[int], translations: Sequence[str]
    ) -> str:
        copy = super()._translated(start, end, members, translations)
        if _ATX.match(self.source, start):
            copy = _ATX_ID.sub(_without_id, copy)
        item = self._goes_on(start, end)
        if item is None:
            return copy
        # A paragraph of the item: its marker written as spaces.
        quote = _QUOTE.match(copy)
        at, width = quote.end() if quote else 0, item.end() - start
        return copy[:at] + " " * (width - at) + copy[width:]

    def _goes_on(self, start: int, end: int) -> re.Match[str] | None:
        """The list marker that begins the line at ``start``, when its item goes on after
        the lines to ``end`` and a blank line (a definition after "1. Definitions.", as the
        Apache License writes them): the copy is one of its paragraphs, for a copy that is
        an item of its own takes what follows."""
        item = self._item(start)
        if item is None:
            return None
        depth = self.source.count(">", start, item.end())
        blank = False
        for line in itertools.islice(LINE.finditer(self.source, end), 1, None):
            text = line.group().rstrip("\r\n")
            quote = _QUOTE.match(text)
            at = quote.end() if quote else 0
            if not text[at:].strip():
                blank = True
                continue
            column = at + len(text[at:]) - len(text[at:].lstrip(" "))
            inside = blank and text.count(">", 0, at) == depth
            return item if inside and column >= item.end() - start else None
        return None

    def _item(self, start: int) -> re.Match[str] | None:
        """The list marker that begins the line at ``start`` (pandoc's ``a.`` too)."""
        item = _ITEM.match(self.source, start)
        if item is None and self.dialect == "pandoc":
            return _FANCY_ITEM.match(self.source, start)
        return item

    def insert_at(self, start: int, end: int) -> int:
        # A table's header row must stay above its |---| rule: its copy goes below the rule.
        if self.source[start:end].lstrip().startswith("|"):
            rule = LINE.match(self.source, end + 1) if end < len(self.source) else None
            if rule and rule.group().strip().startswith("|") and _TABLE_RULE.match(rule.group()):
                return rule.start() + len(rule.group().rstrip("\r\n"))
        return end


# An HTML tag (not a comment).
_TAG = re.compile(r"<(/?)([A-Za-z][\w:-]*)(?:\s[^<>]*)?>")
# An ATX heading's line, and the attributes that end it holding its id (``{#sec-results}``,
# ``{- #ack}``, Docusaurus' ``{#usage}``): a bilingual copy of the heading defines no id a
# second time (pandoc: "Duplicate identifier", a cross-reference's label defined twice).
_ATX = re.compile(r"[ \t]*(?:>[ \t]?)*[ \t]*#{1,6}[ \t]")
_ATX_ID = re.compile(r"[ \t]*\{(?P<inner>[^{}\n]*(?<![^ \t{])#[^{}\n]*)\}(?=[ \t]*$)")


def _without_id(match: re.Match[str]) -> str:
    """Heading attributes less their id (none at all where only the id was)."""
    inner = re.sub(r"(?<![^ \t])#[^\s}]+", "", match["inner"]).strip()
    return f" {{{inner}}}" if inner else ""


def _element(source: str, pieces: Sequence[Piece]) -> Piece:
    """Where an HTML block's text (its pieces) lies, widened to what it keeps at its two
    ends on their lines (an address, a link's target) and to the inline elements it opens or
    closes part of (``<b>Note</b>: read`` from its ``<b>``, ``see <a>docs`` to its ``</a>``),
    so that a copy of it holds whole elements."""
    start, end = pieces[0][0], pieces[-1][1]
    start = min(start, _past_spaces(source, max(source.rfind(c, 0, start) for c in "\r\n>") + 1))
    ends = [at for at in (source.find(c, end) for c in "\r\n<") if at >= 0]
    tail = min(ends, default=len(source))
    end += len(source[end:tail].rstrip())
    opened: list[str] = []
    unopened: list[str] = []
    for match in _TAG.finditer(source, start, end):
        name = match[2].lower()
        if match[1]:
            if opened and opened[-1] == name:
                opened.pop()
            else:
                unopened.append(name)
        elif name not in html.VOID and not match.group().endswith("/>"):
            opened.append(name)
    for name in unopened:  # (their start tags before it, with only tags between)
        at = start
        while at > 0:
            while at > 0 and source[at - 1].isspace():
                at -= 1
            before = source.rfind("<", 0, at)
            tag = _TAG.fullmatch(source, before, at) if before >= 0 else None
            if tag is None:
                break
            at = before
            if not tag[1] and tag[2].lower() == name:
                start = at
                break
    for name in reversed(opened):  # (their end tags after it)
        at = end
        while tag := _TAG.match(source, _past_spaces(source, at)):
            at = tag.end()
            if tag[1] and tag[2].lower() == name:
                end = at
                break
    return start, end


def _past_spaces(source: str, at: int) -> int:
    while at < len(source) and source[at].isspace():
        at += 1
    return at


@dataclass(frozen=True)
class _Value:
    """A string the front matter gives a key: where it is written (its quotes included),
    what it says, and how it is quoted (``'``, ``"``, or nothing: a plain YAML scalar)."""

    key: str
    span: Piece
    text: str
    quote: str
    toml: bool = False
    line: int = 0  # in the body, not the front matter: its line (from 1), in its id
    jsx: bool = False  # a JSX attribute's string: no escapes but HTML's character references

    @property
    def id(self) -> str:
        return f"{self.key}@{self.line}" if self.line else self.key

    def written(self, text: str) -> str:
        """``text`` in this value's place, quoted as it was where it reads back so, else
        double-quoted with escapes (a plain "Wetter: heute", "#1" or "no" would read otherwise
        in YAML), which TOML's basic strings read as YAML does."""
        if self.jsx:
            return self.quote + html_escape(text) + self.quote
        if not self.quote and plain_scalar(text, False):
            return text
        if self.quote == "'" and "\n" not in text and text.strip() == text:
            if not self.toml:
                return "'" + text.replace("'", "''") + "'"
            if "'" not in text:  # (a TOML literal string has no escapes)
                return f"'{text}'"
        return double_quoted(text)


def _front_matter(source: str) -> list[_Value]:
    """The front matter's top-level one-line strings (and Starlight's ``sidebar:``
    ``label:``) under ``_TEXT_KEYS`` with text (and no template syntax), and
    under ``_LANGUAGE_KEYS`` naming a language, in order; none where it does not parse (it
    is kept as it is). A ``|`` or ``>`` block, a list and a multi-line TOML string are kept."""
    front = _FRONT_MATTER.match(source)
    if front is None:
        return []
    body, at = front["body"], front.start("body")
    values = _toml_strings(body) if front["open"] == "+++" else _yaml_strings(body)
    return [
        dataclasses.replace(value, span=(value.span[0] + at, value.span[1] + at))
        for value in values
        # (a value with a template's syntax, {{ site.title }}, is kept: the template fills it)
        if (value.key in _TEXT_KEYS and value.text.strip() and not _SITE_INLINE.search(value.text))
        or (value.key in _LANGUAGE_KEYS and names_language(value.text))
    ]


def _yaml_strings(body: str) -> list[_Value]:
    try:
        root = yaml.compose(body, Loader=_LOADER)
    except yaml.YAMLError:
        return []
    if not isinstance(root, yaml.MappingNode):
        return []
    pairs = [(key.value, node) for key, node in root.value if isinstance(key, yaml.ScalarNode)]
    pairs += [  # (Starlight's sidebar: label:, the one nested key read)
        (f"sidebar.{key.value}", child)
        for name, node in pairs
        if name == "sidebar" and isinstance(node, yaml.MappingNode)
        for key, child in node.value
        if isinstance(key, yaml.ScalarNode)
        and key.value == "label"
        and child.start_mark.line == child.end_mark.line  # (a one-line string)
    ]
    pairs.sort(key=lambda pair: pair[1].start_mark.index)
    return [
        _Value(name, (node.start_mark.index, node.end_mark.index), node.value, node.style or "")
        for name, node in pairs
        if isinstance(node, yaml.ScalarNode)
        and node.tag == "tag:yaml.org,2002:str"
        and node.style in (None, "", "'", '"')
        and body[node.start_mark.index] not in "&!"  # (an anchor or a tag: kept)
    ]


def _toml_strings(body: str) -> list[_Value]:
    found: list[_Value] = []
    for a, b in pieces_between(body, 0, len(body), _TOML_ELSE):
        for match in _TOML_STRING.finditer(body, a, b):
            value = match["value"]
            try:  # (YAML reads a TOML string, \uXXXX and \UXXXXXXXX too, as TOML does)
                text = yaml.load(value, Loader=_LOADER)
            except yaml.YAMLError:
                continue  # (an escape TOML has not: Hugo fails on it too)
            found.append(_Value(match["key"], match.span("value"), text, value[0], toml=True))
    return found


def retagged(code: str, language: Language) -> str:
    """``language`` written as ``code`` writes its own: ``en_US`` as ``de_DE``, ``en-US`` as
    ``de-DE``, ``en`` as ``de``."""
    if "_" in code:
        return language.locale
    return language.culture if "-" in code else language.tag


# What markdown-it reads as an escape or an entity (its rules "escape" and "entity"): inside a
# unit's text, nothing else looks like one (the parser would have read it so).
_SPECIAL = re.compile(
    r"\\([!-/:-@\[-`{-~])|&#(x[a-f0-9]{1,6}|[0-9]{1,7});|&([a-z][a-z0-9]{1,31});", re.IGNORECASE
)


def _special(match: re.Match[str]) -> str:
    """The character an escape or entity stands for, as markdown-it reads it."""
    escaped, number, name = match.groups()
    if escaped is not None:
        return escaped
    if number is not None:
        code = int(number[1:], 16) if number[0] in "xX" else int(number)
        return fromCodePoint(code if isValidEntityCode(code) else 0xFFFD)
    return entities.get(name, match.group())


def unescaped(unit: Unit, plain: frozenset[int]) -> tuple[Unit, dict[int, str]]:
    """``unit`` with each escape and entity in its text runs (not ``plain``: line breaks and
    code) shown as the character it stands for, and a table (for ``str.translate``) from each
    such character to how the unit first wrote it."""
    escapes: dict[int, str] = {}
    runs = list(unit.runs)
    for i, run in enumerate(runs):
        if i in plain or ("\\" not in run and "&" not in run):
            continue
        for match in _SPECIAL.finditer(run):
            shown = _special(match)
            # (A letter written as an entity, &eacute;, is written as itself; so is a space,
            # &#32;, or every space of the translation would be one.)
            if shown != match.group() and len(shown) == 1 and not _plain_char(shown):
                escapes.setdefault(ord(shown), match.group())
        runs[i] = _SPECIAL.sub(_special, run)
    if tuple(runs) == tuple(unit.runs):
        return unit, escapes
    return Unit(unit.id, "".join(runs), tuple(runs), unit.page, unit.fields), escapes


def _plain_char(char: str) -> bool:
    return char.isalnum() or char in " \t\r\n"  # (a no-break space stays &nbsp;)


def _with_placeholders(
    unit: Unit,
    source: str,
    pieces: Sequence[Piece],
    codes: frozenset[int],
    tagged: bool = False,
    kinds: Sequence[str] = (),
) -> Unit:
    """``unit`` with each piece of inline code seen as its placeholder; its ``fields`` are
    the code's text (what a reader sees: in HTML, ``<code>``'s text without its tags; of a
    pair's half, nothing)."""
    if not codes:
        return unit
    runs = list(unit.runs)
    shown: list[str] = []
    for i in sorted(codes):
        a, b = pieces[i]
        code = _CONTINUED.sub(" ", source[a:b]).strip("`")  # without the next line's "> "
        if kinds and kinds[i] in (OPEN, CLOSE):
            code = ""
        elif tagged or code.startswith("<"):  # (<kbd>Ctrl</kbd> in a paragraph: "Ctrl")
            code = html.shown_text(code)
        shown.append(" ".join(code.split()))
        runs[i] = FIELD.format(len(shown))
    return Unit(unit.id, "".join(runs), tuple(runs), fields=tuple(shown))


@dataclass
class UnitSpans:
    """Where a unit's text lies in the source (its pieces), and what its breaks and codes
    are; reStructuredText's reader (rst.py) makes its own."""

    pieces: list[Piece]
    breaks: frozenset[int] = field(default_factory=frozenset)
    codes: frozenset[int] = field(default_factory=frozenset)
    cell: bool = False  # a table's cell: a | in its text must be escaped
    tags: frozenset[int] = field(default_factory=frozenset)  # (breaks that are a <br>)
    html: bool = False  # in an HTML block: a < or & of the translation is escaped
    # Each piece's kind where the unit holds pairs of placeholders (see ``_paired``).
    kinds: tuple[str, ...] = ()


class _Lines:
    """The source's lines: where each starts, where its text ends and where the next one
    starts (after ``\\n``, ``\\r\\n`` or a lone ``\\r``)."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.nexts: list[int] = []
        for m in LINE.finditer(source):
            raw = m.group()
            self.starts.append(m.start())
            self.ends.append(m.start() + len(raw.rstrip("\r\n")))
            self.nexts.append(m.end())

    def text(self, line: int) -> str:
        return self.source[self.starts[line] : self.ends[line]]


def _site_syntax(
    text: str, dialect: str = "", *, vault: bool = False, definitions: bool = False
) -> str:
    """``text`` as the parser reads it, with documentation sites' block syntax made what it
    means, line for line (each line stays the source's line, its words where they were):

    * an admonition or collapsible block (``!!! note "Title"``, ``??? tip``) and a content
      tab (``=== "Linux"``), followed by its body indented four spaces: the marker line
      reads as a heading of its title (or a blank line), and the body as text (CommonMark
      read it as a code block: the words inside were left in English without a word said).
      A line so marked with no indented body after it is prose ("!!! BREAKING CHANGES");
    * Docusaurus' ``:::note[Title]``, closed by a ``:::`` further on: likewise (its body is
      not indented);
    * a table of contents' marker (``[TOC]``), a snippet (``--8<-- "file.md"``), an
      abbreviation's definition (``*[HTML]: …``), MDX's comments, and its imports and exports
      on a line of their own after a blank one: blank;
    * a task list's box (``[x]``) and a GitHub alert's kind (``> [!NOTE]``): left out, so they
      stay as they are (they were sent as words); so is a definition's ``:`` (its lines go on
      from its term's, or make a paragraph after a blank line), and in pandoc's Markdown a
      table caption's ``Table:`` and its label (see ``_CAPTION``).

    In MDX, its ESM and the lines of JSX alone (see ``_mdx_flow``); in pandoc's Markdown, a
    fenced div's ``::: {.callout-note}`` and ``:::`` lines, grid and simple tables: blank.
    Elsewhere, a footnote's indented blocks are its own (see ``_footnote_blocks``), and
    so are a definition's where the flavour has definition lists (``definitions``). In an
    Obsidian vault (``vault``), comments over lines are blank (see ``_comments``).
    """
    parts = re.split(r"(\r\n|\r|\n)", text)
    lines, ends = parts[0::2], [*parts[1::2], ""]
    if dialect == "mdx":
        _mdx_flow(lines, ends)
    elif dialect == "pandoc":
        _pandoc_tables(lines)
        _pandoc_lists(lines)
    closers = [n for n, line in enumerate(lines) if _CLOSER.match(line)]  # (in order)
    terms: list[int] = []  # (a definition's lines, whose blocks go on indented under them)
    opened = 0  # Docusaurus blocks open
    for n, line in enumerate(lines):
        after_blank = n == 0 or not lines[n - 1].strip()
        if _SITE_LINE.match(line) or (after_blank and _MDX_LINE.match(line)):
            lines[n] = ""
        elif dialect == "pandoc" and (div := _PANDOC_DIV.match(line)):
            lines[n] = div["prefix"].rstrip()  # (a list item's marker stays one)
        elif opened and _CLOSER.match(line):
            lines[n], opened = "", opened - 1
        elif (fenced := _FENCED_CONTAINER.match(line)) and closers and closers[-1] > n:
            title = fenced["title"] or fenced["rest"] or ""
            lines[n] = f"{fenced['indent']}# {title}" if title.strip() else ""
            opened += 1
        elif callout := _callout(line, lines[n - 1] if n else ""):
            title = line[callout.end() :].strip(" \t")
            lines[n] = callout["before"].rstrip() + (f" # {title}" if title else "")
        elif marker := _LINE_MARKER.match(line):
            lines[n] = marker["before"] + line[marker.end() :].lstrip(" \t")
        elif dialect == "pandoc" and (caption := _CAPTION.match(line)):
            lines[n] = caption["indent"] + line[caption.end() :]
        elif definition := _DEFINITION.match(line):
            # Its term's next line, or after a blank line a paragraph of its own.
            lines[n] = definition["indent"] + line[definition.end() :]
            if definitions:
                terms.append(n)
    found = True
    while found:  # (outermost first: a block's body, unindented, may hold another)
        found = False
        n = 0
        while n < len(lines):
            block = _CONTAINER.match(lines[n])
            n += 1
            if block is None:
                continue
            indent = block["indent"]
            body = (indent + "    ", indent + "\t")
            following = next((line for line in lines[n:] if line.strip()), "")
            if not following.startswith(body):
                continue  # no body: prose that starts so
            found = True
            title = block["title"] or block["tab"] or ""
            lines[n - 1] = f"{indent}# {title}" if title.strip() else ""
            while n < len(lines) and (not lines[n].strip() or lines[n].startswith(body)):
                if lines[n].strip():
                    cut = len(indent) + (1 if lines[n][len(indent)] == "\t" else 4)
                    lines[n] = indent + lines[n][cut:]
                n += 1
    # Each definition's indent as it stands once an admonition around it has lost its own.
    bodies = {n: lines[n][: len(lines[n]) - len(lines[n].lstrip(" \t"))] for n in terms}
    if dialect != "mdx":  # (MDX reads no indented code: its blocks are text already)
        _footnote_blocks(lines, bodies)
    if vault:
        _comments(lines)
    return "".join(line + end for line, end in zip(lines, ends, strict=True))


def _callout(line: str, before: str) -> re.Match[str] | None:
    """``line``'s callout or alert (``> [!tip]- Title``) where it begins its quote, ``before``
    (the line above) in none or in a shallower one: GitHub and Obsidian read it only there
    (``[!NOTE]`` on a quote's later line is words of its sentence)."""
    callout = _CALLOUT.match(line)
    above = _QUOTE.match(before)
    if callout is None or (above and above.group().count(">") >= callout["before"].count(">")):
        return None
    return callout


# The files and folders that say what a note's folder is: an Obsidian vault, a Gollum or
# GitHub wiki (a clone of one is named "*.wiki"), a site MkDocs builds.
_VAULT = ".obsidian"
_WIKI_PAGES = ("Home.md", "_Sidebar.md", "_Footer.md")
_MKDOCS = ("mkdocs.yml", "mkdocs.yaml")
_FOLDERS_UP = 16  # (how far up a note's folder is looked at: a wiki's pages nest deep)


def _folder(folder: Path) -> tuple[str, bool]:
    """The wiki ``folder``'s notes are pages of ("obsidian", "gollum" or "") and whether
    MkDocs builds them, from what it or a folder above holds, up to a repository's root:
    Obsidian's syntax (``%%``, ``#tags``, ``==``, ``[[Page|Alias]]``) and Gollum's order
    (``[[Link text|Page]]``) mean other things in another .md (a Mermaid ``%%`` comment, a
    ``#Title`` heading, ``== nullptr``), and CommonMark reads a definition's indented lines
    as code. A few stat calls a file: not cached, so a vault made later is seen."""
    wiki, mkdocs = "", False
    for at in itertools.islice((folder, *folder.parents), _FOLDERS_UP):
        try:
            if (at / _VAULT).is_dir():
                return "obsidian", mkdocs
            if not wiki and (
                at.suffix == ".wiki" or any((at / name).is_file() for name in _WIKI_PAGES)
            ):
                wiki = "gollum"
            mkdocs = mkdocs or any((at / name).is_file() for name in _MKDOCS)
            if (at / ".git").exists():
                break  # (a repository's root)
        except OSError:
            break
    return wiki, mkdocs


# A line after which a ``%%`` line begins a block, not a paragraph's next line: a heading,
# a thematic break or a setext heading's underline (a fence's lines are seen apart).
_BLOCK_END = re.compile(r"[ \t]*(?:#{1,6}(?:[ \t].*)?|(?:[-*_][ \t]*){3,}|=+[ \t]*)$")


def _comments(lines: list[str]) -> None:
    """Blank (in place) Obsidian's comments over lines of their own, from a line that begins
    with ``%%`` to the line that closes it (Obsidian shows them only to their author, so
    they were sent as words), outside code fences. A comment never closed is left as it is
    (blank, it hid the rest of the note's words), and so is one closed on its line inside a
    paragraph (blank, it broke the paragraph in two; ``_OBSIDIAN`` keeps it in its text)."""
    fenced = _fenced(lines)
    opened: int | None = None  # (the line the comment open began on)
    for n, line in enumerate(lines):
        if fenced[n]:
            continue
        stripped = line.strip()
        odd = stripped.count(_COMMENT_MARK) % 2 == 1
        if opened is None and stripped.startswith(_COMMENT_MARK):
            above = lines[n - 1] if n else ""
            alone = not above.strip() or fenced[n - 1] or _BLOCK_END.match(above) is not None
            if not odd and stripped.endswith(_COMMENT_MARK):
                if alone:
                    lines[n] = ""
            elif odd:
                opened = n
        elif opened is not None and odd:
            lines[opened : n + 1] = [""] * (n + 1 - opened)
            opened = None


_FOOTNOTE_LABEL = re.compile(r"(?P<indent>[ \t]{0,3})\[\^[^\]\s]+\]:")


def _footnote_blocks(lines: list[str], bodies: dict[int, str]) -> None:
    """Unindent (in place) a footnote's blocks after its first paragraph, indented four
    spaces under its ``[^1]:`` as pandoc and GitHub read them: CommonMark read them as code,
    and they stayed in English (quarto-web's markdown-basics.qmd); so a definition's after
    its ``:   `` line (``bodies``: those lines, and their indent), as pandoc and MkDocs'
    def_list read them. Code in the note is indented four more, and stays code."""
    fenced = _fenced(lines)
    n = 0
    while n < len(lines):
        label = None if fenced[n] else _FOOTNOTE_LABEL.match(lines[n])
        indent = label["indent"] if label else None if fenced[n] else bodies.get(n)
        n += 1
        if indent is None:
            continue
        body = (indent + "    ", indent + "\t")
        blank = False
        while n < len(lines) and not fenced[n]:
            line = lines[n]
            if not line.strip():
                blank = True
            elif line.startswith(body):
                cut = len(indent) + (1 if line[len(indent)] == "\t" else 4)
                lines[n] = indent + line[cut:]
            elif blank:
                break  # (a paragraph after the note)
            n += 1


# MDX: what begins a line of JSX or an expression, an ESM statement (``import``, ``export``
# after a blank line), a code fence's line.
_JSX_START = re.compile(r"[ \t]*(?:<[A-Za-z/>]|\{)")
_ESM = re.compile(r"(?:import|export)(?=[ \t{*])")
_FENCE = re.compile(r"[ \t]{0,3}(`{3,}|~{3,})")
# Pandoc's fenced div: its opening line (attributes or a class, maybe colons after) or its
# closing one, in a quote or a list item too (``- ::: pad-to-code-block``).
_PANDOC_DIV = re.compile(
    r"(?P<prefix>[ \t]*(?:>[ \t]?)*[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?)"
    r":{3,}[ \t]*(?:\{[^{}\r\n]*\}|[\w-]+)?[ \t]*(?::{3,}[ \t]*)?$"
)


# Pandoc's grid table's border (``+----+:---:+``) and simple table's rule under its header
# (``-------  ------``: dashes in two groups or more).
_GRID = re.compile(r"[ \t]*\+(?:[-=:]+\+)+[ \t]*$")
_SIMPLE_RULE = re.compile(r"[ \t]*-{2,}(?:[ \t]+-{2,})+[ \t]*$")
_DASHES = re.compile(r"[ \t]*-{3,}[ \t]*$")  # (a multiline table's first and last line)


def _pandoc_tables(lines: list[str]) -> None:
    """Blank (in place) pandoc's grid tables and simple tables, each a run of lines between
    blank ones: CommonMark reads them as a paragraph (or a heading over its rule), whose
    translation would break the columns. They are kept whole in this version. A div's
    fence right above or below is no part of the table (quarto-web's article-layout.qmd
    writes ``::: column-page-right`` over a grid table): it is left for ``_site_syntax``."""
    fenced = _fenced(lines)
    n = 0
    while n < len(lines):
        end = n
        while end < len(lines) and lines[end].strip() and not fenced[end]:
            end += 1
        first, last = n, end
        while first < last and _PANDOC_DIV.match(lines[first]):
            first += 1
        while last > first and _PANDOC_DIV.match(lines[last - 1]):
            last -= 1
        block = lines[first:last]
        if block and (_GRID.match(block[0]) or any(_SIMPLE_RULE.match(line) for line in block)):
            if _DASHES.match(block[0]) and not _DASHES.match(block[-1]):
                # A multiline table: its rows, between blank lines, to its closing dashes.
                while last < len(lines) and not fenced[last] and not _DASHES.match(lines[last]):
                    last += 1
                last = min(last + 1, len(lines))
                end = max(end, last)
            lines[first:last] = [""] * (last - first)
        n = end + 1


# Pandoc's list markers that CommonMark has not (its fancy_lists): a letter or a roman
# numeral, after "(" or not, before "." or ")" (``a.``, ``(b)``, ``iv.``, ``A)``), and ``#.``.
# A capital letter with a period wants two spaces after it, as pandoc reads it: "B. Russell
# was a philosopher" is a sentence.
_FANCY_ITEM = re.compile(
    r"(?P<before>[ \t]*(?:>[ \t]?)*[ \t]*)"
    r"(?P<marker>\((?:[a-zA-Z]|[ivxlcdm]+|[IVXLCDM]+)\)|(?:[a-zA-Z]|[ivxlcdm]+|[IVXLCDM]+|#)[.)])"
    r"(?P<space>[ \t]+)(?=\S)"
)


def _pandoc_lists(lines: list[str]) -> None:
    """Make (in place) pandoc's lettered, roman and ``#.`` list markers ones CommonMark reads,
    of their width (``a.`` as ``1.``, ``(a)`` as ``01)``, ``iv.`` as ``01.``), so each item is
    a unit and its marker no words (r4ds' exercises: "a.  The first one."). A list starts
    after a blank line, as pandoc's does, and goes on to the next blank line or item."""
    fenced = _fenced(lines)
    listed = False
    for n, line in enumerate(lines):
        if not line.strip():
            continue
        blank = n == 0 or not lines[n - 1].strip()
        item = None if fenced[n] else _FANCY_ITEM.match(line)
        marker = item["marker"] if item else ""
        if item and marker[0].isupper() and marker[1:] == "." and item["space"] == " ":
            item = None  # (B. Russell)
        if item and (blank or listed):
            number = "1".rjust(len(marker) - 1, "0") + marker[-1]
            lines[n] = item["before"] + number + line[item.end("marker") :]
            listed = True
        elif blank:
            listed = bool(_ITEM.match(line))


def _fenced(lines: Sequence[str]) -> list[bool]:
    """Per line, whether it is a code fence's (its opening and closing lines too)."""
    found: list[bool] = []
    fence = ""
    for line in lines:
        if fence:
            found.append(True)
            stripped = line.strip()
            if stripped.startswith(fence) and not stripped.strip(fence[0]):
                fence = ""
        elif opening := _FENCE.match(line):
            found.append(True)
            fence = opening[1]
        else:
            found.append(False)
    return found


def _mdx_flow(lines: list[str], ends: list[str]) -> None:
    """Blank (in place) what MDX reads as JavaScript or JSX on lines of its own, outside code
    fences: an ESM statement from its ``import`` or ``export`` after a blank line to the
    blank line after its brackets close (``export const x = {`` and its object), and lines
    that hold only JSX tags and expressions (``<Tabs>``, ``<TabItem value="apt"
    label="Debian">`` over lines, ``<Admonition type="tip" />``, ``{props.children}``): the
    Markdown between them is read as text, as MDX reads it. A line with text beside its
    tags is a paragraph (``<Highlight>green</Highlight> !``: the tags kept, see ``_MDX_KEPT``)."""
    text = "".join(line + end for line, end in zip(lines, ends, strict=True))
    sizes = (len(line) + len(end) for line, end in zip(lines, ends, strict=True))
    starts = list(itertools.accumulate(sizes, initial=0))
    fenced = _fenced(lines)
    n = 0
    while n < len(lines):
        line = lines[n]
        if fenced[n]:
            n += 1
            continue
        last = n
        if _ESM.match(line) and (n == 0 or not lines[n - 1].strip()):
            depth = 0
            while last < len(lines) and (lines[last].strip() or depth > 0):
                depth += sum(lines[last].count(c) for c in "{[(")
                depth -= sum(lines[last].count(c) for c in "}])")
                last += 1
            last -= 1
        elif _JSX_START.match(line):
            end = _jsx_flow(text, starts[n])
            if end < 0:
                n += 1
                continue
            while starts[last + 1] <= end and last + 1 < len(lines):
                last += 1
        else:
            n += 1
            continue
        for k in range(n, last + 1):
            lines[k] = "" if not fenced[k] else lines[k]  # (a fence stays one)
        n = last + 1


def _jsx_flow(text: str, at: int) -> int:
    """Where the JSX tags and expressions that make up the rest of the line at ``at`` end
    (the end of the line the last one ends on), or -1 where the line has text too."""
    while True:
        while at < len(text) and text[at] in " \t":
            at += 1
        if at == len(text) or text[at] in "\r\n":
            return at
        end = _jsx_end(text, at)
        if end < 0:
            return -1
        at = end


def _jsx_end(text: str, at: int) -> int:
    """Past the JSX tag (``<`` to its ``>``) or the expression (``{`` to its ``}``) at
    ``at``, across lines, strings and nested braces; -1 where none begins there."""
    tag = text.startswith("<", at)
    if not (tag and re.match(r"<[A-Za-z/>]", text[at : at + 2])) and not text.startswith("{", at):
        return -1
    depth, quote = 0, ""
    for n in range(at, len(text)):
        c = text[n]
        if quote:
            quote = "" if c == quote else quote
        elif c in "\"'`":
            quote = c
        elif c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0 and not tag:
                return n + 1
        elif c == ">" and tag and depth == 0:
            return n + 1
        elif c == "<" and tag and depth == 0 and n > at:
            return -1
    return -1


# An executable chunk's option line (``#| fig-cap: "…"``), and the options whose text a
# reader sees: a figure's or a table's caption, a figure's alt text, a listing's caption.
_CHUNK_OPTION = re.compile(r"[ \t]*#\|[ \t]*(?P<option>[\w.-]+[ \t]*:.*)$")
_CAPTIONS = frozenset(["fig-cap", "tbl-cap", "fig-alt", "lst-cap"])
# A JSX attribute whose string is prose, after a space in a tag's line (JSX's strings have
# no escapes: one with a brace, a tag or a line break is kept).
_JSX_PROSE = re.compile(
    r"(?<=\s)(?P<key>label|title|alt|description|text|caption)=(?P<string>(?P<quote>[\"'])"
    r"(?P<text>(?:(?!(?P=quote))[^{}<>\r\n])*)(?P=quote))"
)


def _jsx_prose(text: str, start: int, line: int) -> list[_Value]:
    """The prose strings (``_JSX_PROSE``) in ``text``, which starts at ``start`` on line
    ``line`` (from 0) of the source."""
    found: list[_Value] = []
    for match in _JSX_PROSE.finditer(text):
        shown = html_unescape(match["text"])
        if shown.strip():
            span = (start + match.start("string"), start + match.end("string"))
            found.append(_Value(match["key"], span, shown, match["quote"], line=line + 1, jsx=True))
    return found


class _Parser:
    def __init__(
        self,
        source: str,
        jupyter: bool = False,
        dialect: str = "",
        wiki: str = "",
        definitions: bool = False,
    ) -> None:
        self.source = source
        self.lines = _Lines(source)
        self.markdown = (
            _JUPYTER if jupyter else {"mdx": _MDX, "pandoc": _PANDOC}.get(dialect, _MARKDOWN)
        )
        self.kept = {"mdx": _MDX_KEPT, "pandoc": _PANDOC_KEPT}.get(dialect, _WIKI_KEPT[wiki])
        self.held = _HELD.get(dialect)
        self.dialect = dialect
        # Texts in JSX attributes and in code chunks' options (see ``_jsx_values``,
        # ``_chunk_values``), found with the units.
        self.values: list[_Value] = []
        front = None if jupyter else _FRONT_MATTER.match(source)
        # The front matter's lines parse as blank ones: line numbers stay the source's.
        parsed = re.sub(r"[^\r\n]", "", front.group()) + source[front.end() :] if front else source
        self.parsed = _site_syntax(
            parsed, dialect, vault=wiki == "obsidian", definitions=definitions
        )
        self.env: dict[str, Any] = {}

    def units(self) -> list[UnitSpans]:
        tokens = self.markdown.parse(self.parsed, self.env)
        found: list[UnitSpans] = []
        in_table = False
        previous = ""
        for token in tokens:
            if token.type == "table_open":
                in_table = True
            elif token.type == "table_close":
                in_table = False
            elif in_table and token.type == "tr_open" and token.map:
                found += self._row(token.map[0])
            elif token.type == "inline" and token.map and not in_table:
                found += self._block(token, heading=previous == "heading_open")
            elif token.type == "html_block" and token.map:
                found += self._html(token)
            elif token.type == "fence" and token.map and self.dialect == "pandoc":
                self.values += self._chunk_values(*token.map)
            previous = token.type
        if self.dialect == "mdx":
            self.values += self._jsx_values()
        self.values.sort(key=lambda value: value.span)
        return found

    def _chunk_values(self, first: int, last: int) -> list[_Value]:
        """The captions and alt texts among an executable chunk's ``#|`` options (Quarto's
        ``#| fig-cap: "Bill length"``), each a one-line YAML string; the rest is code."""
        found: list[_Value] = []
        if not re.match(r"\{[A-Za-z]", self.lines.text(first).lstrip(" \t`~")):
            return found  # (```{.python} or ```{{r}}: code shown, not run, #| and all)
        for line in range(first + 1, min(last, len(self.lines.starts))):
            option = _CHUNK_OPTION.match(self.lines.text(line))
            if option is None:
                continue
            at = self.lines.starts[line] + option.start("option")
            for value in _yaml_strings(option["option"]):
                if value.key in _CAPTIONS and value.text.strip():
                    span = (value.span[0] + at, value.span[1] + at)
                    found.append(dataclasses.replace(value, span=span, line=line + 1))
        return found

    def _jsx_values(self) -> list[_Value]:
        """The prose in the JSX tags MDX reads on lines of their own (``<TabItem
        label="Debian">``, ``<img alt="…" />``): a ``label``, ``title``, ``alt``,
        ``description``, ``text`` (Starlight's ``<Badge text="New" />``) or ``caption``
        written as a string without markup."""
        found: list[_Value] = []
        for line, text in enumerate(re.split(r"\r\n|\r|\n", self.parsed)):
            if text.strip() or line >= len(self.lines.starts) or not self.lines.text(line).strip():
                continue  # (a line the parser reads, or blank in the source too)
            found += _jsx_prose(self.lines.text(line), self.lines.starts[line], line)
        return found

    def _inline_jsx_values(self, first: int, last: int, units: Sequence[UnitSpans]) -> list[_Value]:
        """The prose of the JSX tags in a paragraph's lines, between its texts (a link's
        ``<Badge text="External" />``; not in code, which is a unit's piece)."""
        pieces = [piece for unit in units for piece in unit.pieces]
        found: list[_Value] = []
        for line in range(first, min(last, len(self.lines.starts))):
            start = self.lines.starts[line]
            for tag in _JSX_TAG.finditer(self.lines.text(line)):
                a, b = start + tag.start(), start + tag.end()
                if not any(x < b and a < y for x, y in pieces):
                    found += _jsx_prose(tag.group(), a, line)
        return found

    def _html(self, token: Token) -> list[UnitSpans]:
        """The units of an HTML block (a notebook's title in ``<h1>``, a ``<div>`` of
        advice), as the HTML reader finds them in its lines: its text, inline tags between,
        its lines' ends and ``<br>`` line breaks (the newlines and indents between its tags
        layout), code a placeholder; attributes, comments and scripts kept. A block indented
        in a list item (a ``<details>`` under a step) is read so too, its indent being
        layout; one whose lines begin with a quote's or an item's marker (no HTML) is kept."""
        assert token.map is not None
        first, last = token.map
        start, end = self.lines.starts[first], self.lines.nexts[last - 1]
        block = self.source[start:end]
        lines = re.sub(r"\r\n?", "\n", block).split("\n")
        if [line.lstrip(" \t") for line in lines] != [
            line.lstrip(" \t") for line in token.content.split("\n")
        ]:
            return []
        try:
            page = html.parse(block, UTF8, Path("block.html"))
        except DocumentError:
            return []  # (no text: a comment, a script, an image)
        found: list[UnitSpans] = []
        for pieces in page.pieces:
            if pieces[0].quote or pieces[0].plain or pieces[0].start in page.drawn:
                continue  # (an attribute's value, a <title>'s text, a drawing's: kept)
            walked: list[_Walked] = []
            for p in pieces:
                a, b = start + p.start, start + p.end
                if p.hidden:
                    continue  # (a comment in a sentence)
                if p.writable:
                    walked += _html_text(self.source, a, b)
                else:
                    walked.append(((a, b), TAG if p.text == "\n" else CODE))
            walked = _one_break(walked, self.source)
            found += [dataclasses.replace(u, html=True) for u in _trimmed(walked, self.source)]
        return found

    def _block(self, token: Token, heading: bool = False) -> list[UnitSpans]:
        """The unit of a paragraph or heading: its text lines found in the source, its inline
        markup found by walking the parser's inline tokens."""
        assert token.map is not None
        content = token.content
        offsets = self._locate(content, token.map[0])
        if offsets is None:
            return self._by_pattern(token.map[0], token.map[0] + len(content.split("\n")))
        walked = _walk(content, token.children or [], self.kept, self.held)
        if walked is None:
            return self._by_pattern(token.map[0], token.map[0] + len(offsets))
        if self.dialect == "pandoc":
            walked = _pandoc_inline(content, walked, heading)
        if self.dialect == "mdx":
            # (a JSX tag's prose among the words, Starlight's <Badge text="External" />, is a
            # unit of its own inside the tag: the sentence's markup stays where it is, for a
            # placeholder's is written whole)
            first, last = token.map
            units = self._unit(content, offsets, first, walked, paired=False)
            if values := self._inline_jsx_values(first, last, units):
                self.values += values
                return units
        return self._unit(content, offsets, token.map[0], walked)

    def _row(self, line: int) -> list[UnitSpans]:
        """A table row: each cell between unescaped pipes is a unit of its own."""
        start, end = self.lines.starts[line], self.lines.ends[line]
        text = self.source[start:end]
        # (a row in a quote: its first cell begins after the quote's markers)
        quote = _QUOTE.match(text)
        bounds = [quote.end() if quote else 0, *(m.start() for m in _PIPE.finditer(text))]
        bounds.append(len(text))
        units: list[UnitSpans] = []
        for n, (a, b) in enumerate(itertools.pairwise(bounds)):
            cell_start = a if n == 0 else a + 1
            cell = text[cell_start:b]
            if not cell.strip():
                continue
            if n == 0 and len(bounds) > 2 and not cell.replace(">", "").strip():
                continue  # a quote's marker before the row's first pipe
            children = self.markdown.parseInline(cell, self.env)[0].children or []
            walked = _walk(cell, children, self.kept, self.held)
            if walked is not None and self.dialect == "pandoc":
                walked = _pandoc_inline(cell, walked)
            if walked is None:
                pieces = pieces_between(self.source, start + cell_start, start + b, _INLINE)
                found = _trimmed([(p, TEXT) for p in pieces], self.source)
            else:
                found = _trimmed(
                    [((start + cell_start + x, start + cell_start + y), k) for (x, y), k in walked],
                    self.source,
                )
            units += [dataclasses.replace(u, cell=True) for u in found]
        return units

    def _locate(self, content: str, first: int) -> list[int] | None:
        """Where each line of ``content`` starts in the source (its lines are the source
        lines from ``first`` on, each without its block prefix), or None."""
        offsets: list[int] = []
        lines = content.split("\n")
        for j, text in enumerate(lines):
            line = first + j
            if line >= len(self.lines.starts):
                return None
            own = self.lines.text(line)
            at = _find_line(own, text, last=j == len(lines) - 1)
            if at is None:
                return None
            offsets.append(self.lines.starts[line] + at)
        return offsets

    def _unit(
        self,
        content: str,
        offsets: Sequence[int],
        first: int,
        walked: Sequence[_Walked],
        paired: bool = True,
    ) -> list[UnitSpans]:
        """Pieces of ``content`` (line breaks among them) mapped onto the source."""
        line_of: list[int] = []
        starts = [0]
        for n, text in enumerate(content.split("\n")):
            line_of += [n] * (len(text) + 1)
            starts.append(starts[-1] + len(text) + 1)
        pieces: list[_Walked] = []
        for (a, b), kind in walked:
            n = line_of[a]
            if kind == BREAK:
                line = first + n
                pieces.append(((self.lines.ends[line], self.lines.nexts[line]), BREAK))
            else:
                m = line_of[b - 1]  # inline code may go on over a line break
                start, end = offsets[n] - starts[n] + a, offsets[m] - starts[m] + b
                pieces.append(((start, end), kind))
        return _trimmed(pieces, self.source, paired)

    def _by_pattern(self, first: int, last: int) -> list[UnitSpans]:
        """A block whose text the parser changed (tabs in an indent): its lines' text after
        their block prefix, inline markup by pattern."""
        pieces: list[_Walked] = []
        for line in range(first, min(last, len(self.lines.starts))):
            start, end = self.lines.starts[line], self.lines.ends[line]
            prefix = _PREFIX.match(self.source, start, end)
            text_start = prefix.end() if prefix else start
            if pieces:
                previous = self.lines.ends[line - 1], self.lines.nexts[line - 1]
                pieces.append((previous, BREAK))
            pieces += [(p, TEXT) for p in pieces_between(self.source, text_start, end, _INLINE)]
        return _trimmed(pieces, self.source)


# A piece of a block's content, and what it is: text, a line break, a ``<br>``, inline code,
# a half of a link's or an emphasis' pair (``OPEN``, ``CLOSE``), or an HTML tag (kept where
# it is, or in a unit of pairs markup of its own: see ``_paired``).
_Walked = tuple[Piece, str]
_HTML = "html"


def _walk(
    content: str,
    children: Sequence[Token],
    kept: re.Pattern[str] = _KEPT,
    held: re.Pattern[str] | None = None,
) -> list[_Walked] | None:
    """The translatable stretches of ``content`` and its line breaks, in order, found by
    following the inline tokens through it (what ``kept`` finds in a text left out); None
    when one cannot be found."""
    walker = _Walker(content, kept, held)
    try:
        walker.walk(children)
    except _Lost:
        return None
    if kept is _WIKI_KEPT["obsidian"]:
        return _highlights(content, walker.found)
    return walker.found


# A highlight's marks as ``_OBSIDIAN`` reads them, where its words are not one text token
# (a link, inline code or an escape among them): its opening, and its closing.
_MARK_OPEN = re.compile(r"(?<![=\w])==(?=[^\s=])")
_MARK_CLOSE = re.compile(r"(?<=[^\s=])==(?![=\w])")


def _highlights(content: str, walked: Sequence[_Walked]) -> list[_Walked]:
    """``walked`` with each highlight whose words hold other markup (``==see [a link](…)
    here==``, an escape) a pair around them, as one in a single text is: its marks were
    words of the text, which the translation could move or drop. Only on one line, its
    other markup in pairs of its own between the marks."""
    found = list(walked)
    n = 0
    while n < len(found):
        (a, b), kind = found[n]
        # (a character past a piece read: a mark's other side may be the markup after it)
        opening = _MARK_OPEN.search(content, a, b + 1) if kind == TEXT else None
        if opening is None or opening.end() > b:
            n += 1
            continue
        depth, m, start = 0, n, opening.end()
        while m < len(found) and depth >= 0:
            (x, y), within = found[m]
            if within == TEXT and "==" in content[max(x, start) : y]:
                break
            depth += (within == OPEN) - (within == CLOSE)
            m += 1
            if within not in (TEXT, CODE, OPEN, CLOSE):
                depth = -1  # (a line's end or a tag: no pair across it)
        closing = None
        if not depth and m < len(found) and found[m][1] == TEXT:
            x, y = found[m][0]
            closing = _MARK_CLOSE.search(content, max(x, start), y + 1)
        if closing is None or closing.end() > y or "==" in content[start : closing.start()]:
            n += 1
            continue
        marks = ((opening.start(), OPEN), (closing.start(), CLOSE))
        if m == n:  # (an escape's text among its words: one piece)
            found[n : n + 1] = _cut((a, b), marks)
        else:
            found[m : m + 1] = _cut(found[m][0], marks[1:])
            found[n : n + 1] = _cut((a, b), marks[:1])
        n += 1
    return found


def _cut(piece: Piece, marks: Sequence[tuple[int, str]]) -> list[_Walked]:
    """A piece of text with the marks in it (two characters each, where they start) pieces
    of their own kinds."""
    a, b = piece
    cut: list[_Walked] = []
    for at, kind in marks:
        cut += [((a, at), TEXT)] if at > a else []
        cut.append(((at, at + 2), kind))
        a = at + 2
    return cut + ([((a, b), TEXT)] if b > a else [])


def _pandoc_inline(content: str, walked: Sequence[_Walked], heading: bool = False) -> list[_Walked]:
    """``walked`` with what pandoc reads in a text's source, not in the parser's tokens:
    bookdown's references a piece of code each (``_BOOKDOWN``), attributes (``ATTRIBUTES``)
    left out. Neither is looked for inside code or math: the {i=1} of $\\sum_{i=1}^n$ is
    TeX (but an attribute may hold code: fig-alt="The file `index.ipynb` open"); a heading's
    part marker (``_PART``) left out too."""
    masked = list(content)
    for (a, b), kind in walked:
        if kind == CODE:
            masked[a:b] = "x" * (b - a)
    text = "".join(masked)
    walked = _holding(walked, [m.span() for m in _BOOKDOWN.finditer(text)])
    part = _PART.match(text) if heading else None
    kept = [m.span() for m in (part, *ATTRIBUTES.finditer(text)) if m]
    return _outside(walked, kept)


def _holding(walked: Sequence[_Walked], held: Sequence[Piece]) -> list[_Walked]:
    """``walked`` with each of ``held`` that lies in a stretch of text a piece of code of its
    own (seen as a placeholder), the text cut around it."""
    found: list[_Walked] = []
    for (a, b), kind in walked:
        cursor = a
        for x, y in held if kind == TEXT else ():
            if a <= x and y <= b:
                if x > cursor:
                    found.append(((cursor, x), TEXT))
                found.append(((x, y), CODE))
                cursor = y
        if cursor < b:
            found.append(((cursor, b), kind))
    return found


def _outside(walked: Sequence[_Walked], kept: Sequence[Piece]) -> list[_Walked]:
    """``walked`` less what lies in ``kept`` (markup the inline tokens split: over a line's
    end, around code): text cut around it, code and line breaks in it dropped."""
    found: list[_Walked] = []
    for (a, b), kind in walked:
        inside = [(x, y) for x, y in kept if x < b and a < y]
        if kind != TEXT:
            if not inside:
                found.append(((a, b), kind))
            continue
        cursor = a
        for x, y in inside:
            if x > cursor:
                found.append(((cursor, x), TEXT))
            cursor = max(cursor, y)
        if cursor < b:
            found.append(((cursor, b), TEXT))
    return found


class _Lost(Exception):
    """A token whose source could not be found."""


class _Walker:
    def __init__(
        self, content: str, kept: re.Pattern[str] = _KEPT, held: re.Pattern[str] | None = None
    ) -> None:
        self.content = content
        self.kept = kept
        self.held = held
        self.cursor = 0
        self.through = 0  # (where Obsidian's markup that went on past a token ends)
        self.found: list[_Walked] = []

    def find(self, text: str) -> int:
        at = self.content.find(text, self.cursor)
        if at < 0 or not text:
            raise _Lost
        return at

    def skip(self, text: str) -> None:
        self.cursor = self.find(text) + len(text)

    def walk(self, tokens: Sequence[Token], keep: bool = False) -> None:
        closes = _code_tags(tokens)
        items = iter(tokens)
        for token in items:
            kind = token.type
            if kind == "text":
                if not token.content:
                    continue
                at = self.find(token.content)
                self.cursor = at + len(token.content)
                if not keep:
                    # A bare URL or e-mail address, or a footnote marker, is kept as it is;
                    # an MDX expression or a citation is seen as a placeholder.
                    self._kept(at, self.cursor)
            elif kind == "text_special":
                # An escape (\$) or an entity (&amp;): text, which the translator sees as the
                # character it stands for (see MarkdownDocument).
                at = self.find(token.markup)
                self.cursor = at + len(token.markup)
                if not keep and at >= self.through:
                    self._text(at, self.cursor)
            elif kind in ("softbreak", "hardbreak"):
                at = self.find("\n")
                self.cursor = at + 1
                self.found.append(((at, at + 1), BREAK))
            elif kind == "code_inline":
                start = self.find(token.markup)
                self._code(token.markup)
                if not keep:
                    self.found.append(((start, self.cursor), CODE))
            elif kind in ("math_inline", "math_inline_double"):
                # A formula in a sentence: seen as its placeholder, as inline code is.
                start = self.find(token.markup)
                self.cursor = self.find(token.content) + len(token.content)
                self.skip(token.markup)
                if not keep:
                    self.found.append(((start, self.cursor), CODE))
            elif kind == "html_inline":
                at = self.find(token.content)
                self.cursor = at + len(token.content)
                if _BR.fullmatch(token.content):
                    self.found.append(((at, self.cursor), TAG))
                elif (close := closes.get(id(token))) is not None:
                    # <kbd>Ctrl</kbd>, <code>: code, as in an HTML block (its tags in order
                    # up to the one that closes it: they may nest).
                    for within in items:
                        if within.type == "html_inline":
                            self.skip(within.content)
                        if within is close:
                            break
                    if not keep:
                        self.found.append(((at, self.cursor), CODE))
                elif not keep:  # (a tag: markup, or a half of a pair, see ``_paired``)
                    self.found.append(((at, self.cursor), _HTML))
            elif kind == "link_open":
                inner = list(_until_close(items))
                if token.markup == "autolink":
                    self.skip("<")
                    self.skip(">")
                    continue
                at = self.find("[")
                self.cursor = at + 1
                text = "".join(t.content for t in inner if t.type == "text")
                href = str(token.attrs.get("href", ""))
                # Its text is its URL ([a@b.c](mailto:a@b.c) too): the text is kept.
                same = bool(text) and (
                    href in (text, _MARKDOWN.normalizeLink(text)) or href.endswith(":" + text)
                )
                self._linked(inner, keep or same, at)
            elif kind == "image":
                at = self.find("![")
                self.cursor = at + 2
                self._linked(token.children or [], keep, at)
            elif token.markup and kind.endswith(("_open", "_close")):
                at = self.find(token.markup)
                self.cursor = at + len(token.markup)
                if not keep and kind in _EMPHASIS:  # (a pair the translation places)
                    self.found.append(((at, self.cursor), OPEN if kind[-5:] == "_open" else CLOSE))

    def _kept(self, start: int, end: int) -> None:
        """A text token's stretches of text between what is kept; of that, what ``held``
        names a placeholder."""
        cursor = max(start, self.through)
        notes = _NOTES.get(self.kept)
        for match in self.kept.finditer(self.content, cursor, end):
            if match.start() > cursor:
                self._text(cursor, match.start())
            note = notes.match(self.content, match.start(), end) if notes else None
            if note is not None and note.end() == match.end():
                self._note(note)
            elif self.held is not None and self.held.match(match.group()):
                self.found.append((match.span(), CODE))
            cursor = max(cursor, match.end())
        # A wikilink in a table's cell escapes its "|" (``[[Note\|alias]]``): an escape is
        # a token of its own, so the wikilink goes on past this text.
        opened = self.content.rfind("[[", cursor, end) if notes else -1
        opened -= opened > cursor and self.content[opened - 1] == "!"
        escaped = opened >= 0 and self.content.startswith("\\|", end)
        note = notes.match(self.content, opened) if notes and escaped else None
        if note is not None and note.end() > end:
            if opened > cursor:
                self._text(cursor, opened)
            self._note(note)
            cursor = self.through = note.end()
        if cursor < end:
            self._text(cursor, end)

    def _note(self, note: re.Match[str]) -> None:
        """A wiki's markup: a placeholder (a note's name or a tag has its place in a
        sentence), or a pair around words translated (an alias, a highlight); a block id
        left out."""
        if note.lastgroup == "block":
            return
        words = next((n for n, value in note.groupdict().items() if value and n in _WORDS), "")
        if not words:
            self.found.append((note.span(), CODE))
            return
        # (spaces inside the brackets stay with them: ``[[SnugDock | snugdock]]``)
        text = note[words]
        a = note.start(words) + len(text) - len(text.lstrip())
        b = note.end(words) - len(text) + len(text.rstrip())
        self.found.append(((note.start(), a), OPEN))
        self._text(a, b)
        self.found.append(((b, note.end()), CLOSE))

    def _text(self, a: int, b: int) -> None:
        """A stretch of text; one that goes on from the last is one piece with it."""
        if self.found and self.found[-1][1] == TEXT and self.found[-1][0][1] == a:
            self.found[-1] = ((self.found[-1][0][0], b), TEXT)
        else:
            self.found.append(((a, b), TEXT))

    def _linked(self, inner: Sequence[Token], keep: bool, at: int) -> None:
        """A link's or image's text (from its opening bracket at ``at``) and its target, the
        two a pair around the text. In ``[label]`` and ``[label][]`` the text is the
        reference's label: it stays as it is, or the link would break, one piece of markup
        that the translation places (placed by position, it split a word: "i [Details]
        nstead")."""
        before = len(self.found)
        if not keep:
            self.found.append(((at, self.cursor), OPEN))
        self.walk(inner, keep)
        close = self.find("]")
        if not self._target():
            del self.found[before:]
            if not keep:
                self.found.append(((at, self.cursor), CODE))
        elif not keep:
            self.found.append(((close, self.cursor), CLOSE))

    def _code(self, ticks: str) -> None:
        self.skip(ticks)
        closing = re.compile(rf"(?<!`){re.escape(ticks)}(?!`)")
        m = closing.search(self.content, self.cursor)
        if m is None:
            raise _Lost
        self.cursor = m.end()

    def _target(self) -> bool:
        """Past a link's closing bracket and its target: ``](dest "title")``, ``][label]``,
        ``][]`` or nothing more; False when the text was the label (the last two)."""
        self.skip("]")
        content, pos = self.content, self.cursor
        if content.startswith("(", pos):
            end = _inline_target(content, pos + 1)
            if end is not None:
                self.cursor = end
                return True
        if content.startswith("[", pos):
            close = content.find("]", pos)
            if close >= 0:
                self.cursor = close + 1
                return close > pos + 1
        return False


def _inline_target(content: str, pos: int) -> int | None:
    """The end of an inline link's ``dest "title")`` from ``pos`` (after the bracket)."""
    limit = len(content)
    pos = link_spaces(content, pos)
    if pos < limit and content[pos] != ")":
        destination = parseLinkDestination(content, pos, limit)
        if not destination.ok:
            return None
        after = link_spaces(content, destination.pos)
        if after > destination.pos and after < limit and content[after] != ")":
            title = parseLinkTitle(content, after, limit)
            if title.ok:
                after = link_spaces(content, title.pos)
        pos = after
    if pos < limit and content[pos] == ")":
        return pos + 1
    return None


# Emphasis' tokens, a pair of placeholders around their words.
_EMPHASIS = frozenset(["em_open", "em_close", "strong_open", "strong_close", "s_open", "s_close"])
# HTML's inline elements of code (as the HTML reader keeps them), opening or closing.
_CODE_TAG = re.compile(r"<(/?)(code|kbd|samp|var)(?:\s[^<>]*)?>", re.IGNORECASE)


def _code_tags(tokens: Sequence[Token]) -> dict[int, Token]:
    """Each opening tag of an outermost element of code among ``tokens`` (by its id), and
    the token that closes it."""
    pairs: dict[int, Token] = {}
    opened: list[tuple[Token, str]] = []
    for token in tokens:
        tag = _CODE_TAG.fullmatch(token.content) if token.type == "html_inline" else None
        if tag is None:
            continue
        name = tag[2].lower()
        if not tag[1]:
            opened.append((token, name))
        elif opened and opened[-1][1] == name:
            first = opened.pop()[0]
            if not opened:
                pairs[id(first)] = token
    return pairs


def _until_close(items: Iterator[Token]) -> Iterator[Token]:
    """The tokens of a link up to its closing token (links do not nest)."""
    for token in items:
        if token.type == "link_close":
            return
        yield token


def _find_line(own: str, text: str, last: bool) -> int | None:
    """Where a line of a block's content starts in its source line: it ends the line (a
    paragraph's line), or the line less its trailing spaces (a last line), or it follows an
    ATX heading's opening hashes."""
    if own.endswith(text):
        return len(own) - len(text)
    if last:
        stripped = own.rstrip()
        if stripped.endswith(text):
            return len(stripped) - len(text)
        hashes = re.match(r"[ \t>]*#{1,6}", own)
        # (no hashes: a site's block title, the line's last words before its closing quote
        # or bracket, "note" in !!! note "note" being the block's kind)
        at = own.find(text, hashes.end()) if hashes else own.rfind(text)
        if at >= 0:
            return at
    return None


def _html_text(source: str, a: int, b: int) -> list[_Walked]:
    """The pieces of a stretch of an HTML block's text: its lines' text, and their line
    breaks (the indents around them are layout, kept). Markdown is no markup there, but a
    README writes it as if it were: inline code is seen as a placeholder, as in a
    paragraph; addresses, a link's brackets and target, and site syntax are kept."""
    found: list[_Walked] = []
    cursor = a
    for match in _HTML_KEPT.finditer(source, a, b):
        found += _html_lines(source, cursor, match.start())
        if match["code"]:
            found.append((match.span(), CODE))
        cursor = match.end()
    return found + _html_lines(source, cursor, b)


def _html_lines(source: str, a: int, b: int) -> list[_Walked]:
    found: list[_Walked] = []
    cursor = a
    for match in _HTML_BREAK.finditer(source, a, b):
        if match.start() > cursor:
            found.append(((cursor, match.start()), TEXT))
        found.append((match.span(1), BREAK))
        cursor = match.end()
    if b > cursor:
        found.append(((cursor, b), TEXT))
    return found


def _one_break(walked: Sequence[_Walked], source: str) -> list[_Walked]:
    """``walked`` with one line break where it has several with no words between: the
    newlines and indents around an HTML block's tags are its layout (the newlines before and
    after a ``<br />`` between two ``<em>`` are one line break with it, the tag's)."""

    def blank(n: int) -> bool:
        (a, b), kind = walked[n]
        return kind == TEXT and not source[a:b].strip()

    def breaking(n: int) -> bool:
        return 0 <= n < len(walked) and walked[n][1] in (BREAK, TAG)

    found: list[_Walked] = []
    for n, (piece, kind) in enumerate(walked):
        if blank(n) and (breaking(n - 1) or breaking(n + 1)):
            continue  # (the space beside a line break)
        if kind in (BREAK, TAG) and found and found[-1][1] in (BREAK, TAG):
            if kind == TAG:  # (the tag is the break: written back where it was)
                found[-1] = (piece, kind)
            continue
        found.append((piece, kind))
    return found


def _trimmed(pieces: Sequence[_Walked], source: str, paired: bool = True) -> list[UnitSpans]:
    """The unit of these pieces, or none when they hold no text: line breaks at its two ends
    and empty pieces dropped, whitespace at its two ends left where it is. Where it holds a
    link's or an emphasis' words (and ``paired``), those are a pair of placeholders the
    translation places, and every other piece of markup among its words one (see
    ``_paired``); otherwise its markup stays where it is, its words placed by position."""
    if paired and any(kind in (OPEN, _HTML) for _, kind in pieces):
        ends = _ends(pieces, source)
        found = _paired(ends, source) if ends is not None else []
        if any(kind == OPEN for _, kind in found):
            return [_spans(found)]
    ends = _ends([(p, kind) for p, kind in pieces if kind not in (OPEN, CLOSE, _HTML)], source)
    return [] if ends is None else [_spans(ends)]


def _ends(pieces: Sequence[_Walked], source: str) -> list[_Walked] | None:
    """``pieces`` less the line breaks and empty pieces at their two ends, and the
    whitespace at their ends; None when they hold no text."""
    kept = [(p, kind) for p, kind in pieces if p[1] > p[0]]
    if any(kind == TAG for _, kind in kept):
        # A <br> at a line's end (or start) is markup beside the line break, not a second.
        lines = [p for p, kind in kept if kind == BREAK]
        kept = [
            (p, kind)
            for p, kind in kept
            if kind != TAG
            or not any(not source[min(p[1], q[1]) : max(p[0], q[0])].strip() for q in lines)
        ]
    while kept and kept[0][1] in (BREAK, TAG):
        kept.pop(0)
    while kept and kept[-1][1] in (BREAK, TAG):
        kept.pop()
    if not any(kind == TEXT and source[a:b].strip() for (a, b), kind in kept):
        return None
    (a, b), kind = kept[0]
    while a < b and source[a].isspace():
        a += 1
    kept[0] = ((a, b), kind)
    (a, b), kind = kept[-1]
    while b > a and source[b - 1].isspace():
        b -= 1
    kept[-1] = ((a, b), kind)
    return [(p, kind) for p, kind in kept if p[1] > p[0]]


def _spans(kept: Sequence[_Walked]) -> UnitSpans:
    paired = any(kind == OPEN for _, kind in kept)
    return UnitSpans(
        [p for p, _ in kept],
        frozenset(n for n, (_, kind) in enumerate(kept) if kind in (BREAK, TAG)),
        frozenset(n for n, (_, kind) in enumerate(kept) if kind in (CODE, OPEN, CLOSE)),
        tags=frozenset(n for n, (_, kind) in enumerate(kept) if kind == TAG),
        kinds=tuple(kind for _, kind in kept) if paired else (),
    )


# What begins a line inside a block: a quote's markers, an indent (kept where they are).
_LINE_START = re.compile(r"[ \t]*(?:>[ \t]?)*[ \t]*")
# Inline HTML and JSX tags among a sentence's markup (outside the parser's pairs): an element
# is a pair of placeholders around its words (``<b>``, ``<span class="x">``, MDX's
# ``<Highlight color="#25c2a0">``), as are a span's brackets that a site or pandoc reads
# (``[text]{.smallcaps}``, ``[text]({{< ref "page" >}})``).
_GAP_TAG = re.compile(rf"{_TAG.pattern}|{_JSX_TAG.pattern}")
_GAP_NAME = re.compile(r"<(/?)([A-Za-z][\w.:-]*)")


def _paired(kept: Sequence[_Walked], source: str) -> list[_Walked]:
    """``kept`` with the markup between its pieces a piece each (``CODE``, or a half of a
    pair: an HTML element's tags, a span's brackets), but a line's quote markers and indent
    and the hard break that ends it, which stay where they are. Only pairs that nest (a
    ``<b>`` the parser's emphasis crosses is markup of its own) and hold words (``[`code`](u)``
    is one piece of markup) are pairs; a half left alone is markup of its own."""
    found: list[_Walked] = []
    soft: set[int] = set()  # (the pairs found here, not by the parser: they may not nest)
    for n, (piece, kind) in enumerate(kept):
        if n:
            a, b = kept[n - 1][0][1], piece[0]
            if kept[n - 1][1] == BREAK:
                a += len(source[a:b]) - len(_LINE_START.sub("", source[a:b], count=1))
            if kind == BREAK:
                while b > a and source[b - 1] in " \t":
                    b -= 1
                b -= b > a and source[b - 1] == "\\"
            for x, y, what in _gap(source, a, b):
                last = found[-1]
                if what == CODE and last[1] == CLOSE and last[0][1] == x and source[x] == "{":
                    found[-1] = ((last[0][0], y), CLOSE)  # (the link's or image's attributes)
                    continue
                if what in (OPEN, CLOSE):
                    soft.add(len(found))
                found.append(((x, y), what))
        if kind == _HTML:
            for x, y, what in _gap(source, *piece):
                if what in (OPEN, CLOSE):
                    soft.add(len(found))
                found.append(((x, y), what))
        else:
            found.append((piece, kind))

    def name(n: int) -> str:
        text = source[slice(*found[n][0])]
        if text.lstrip(" ")[:1] in "[]!^|" or text.lstrip(" ").startswith("\\|"):
            return "["  # (a Gollum link's " | Page]]" too)
        tag = _GAP_NAME.match(text)
        return tag[2] if tag else text

    kinds = [kind for _, kind in found]
    partner: dict[int, int] = {}
    opened: list[int] = []
    for n, kind in enumerate(kinds):
        if kind == OPEN:
            opened.append(n)
        elif kind == CLOSE:
            while n not in soft and opened and opened[-1] in soft:
                kinds[opened.pop()] = CODE
            if opened and (opened[-1] in soft) == (n in soft) and name(opened[-1]) == name(n):
                partner[opened.pop()] = n
            else:
                kinds[n] = CODE
    for n in opened:
        kinds[n] = CODE

    def worded(n: int) -> bool:
        return kinds[n] != TEXT or bool(source[slice(*found[n][0])].strip())

    if not partner:
        return [(piece, kinds[n]) for n, (piece, _) in enumerate(found)]  # (no pair in it)
    # (what lies between a pair's halves, counted up to each piece: the pairs nest, and each
    # is asked once, so no pair scans its pieces, thousands of <b> deep)
    size = len(found)
    has = [worded(n) for n in range(size)]
    words, lines = [0] * (size + 1), [0] * (size + 1)
    after, before = [size] * (size + 1), [-1] * (size + 1)
    for n in range(size):
        words[n + 1] = words[n] + (has[n] and kinds[n] == TEXT)
        lines[n + 1] = lines[n] + (kinds[n] == BREAK)
        before[n] = n if has[n] else before[n - 1]  # (the last piece with words up to n)
    for n in range(size - 1, -1, -1):
        after[n] = n if has[n] else after[n + 1]  # (the first from n)
    merged: list[tuple[int, int]] = []
    for a, b in sorted(partner.items()):
        if merged and a < merged[-1][1]:
            continue  # (inside a pair that is one piece)
        if after[a + 1] < b and BREAK in (kinds[after[a + 1]], kinds[before[b - 1]]):
            kinds[a] = kinds[b] = CODE  # (its words begin or end on another line)
        elif words[b] == words[a + 1]:  # (no words inside)
            kinds[a] = kinds[b] = CODE
            if lines[b] == lines[a + 1]:
                merged.append((a, b))  # (one piece: no words to place)
    out: list[_Walked] = []
    ends = iter(merged)
    outer = next(ends, None)
    for n, (piece, _) in enumerate(found):
        if outer is None or n < outer[0]:
            out.append((piece, kinds[n]))
        elif n == outer[1]:
            out.append(((found[outer[0]][0][0], piece[1]), CODE))
            outer = next(ends, None)
    closes: dict[int, int] = {}
    pending: list[int] = []
    for n, (_, kind) in enumerate(out):
        if kind == OPEN:
            pending.append(n)
        elif kind == CLOSE and pending:
            closes[pending.pop()] = n
    start, end = 0, len(out) - 1
    while True:  # (no space at its ends, a translation's line written without; nor a pair
        # around it all, which stays where it is: an image's words alone, a "**Note**")
        while start <= end and out[start][1] == TEXT and not source[slice(*out[start][0])].strip():
            start += 1
        while end >= start and out[end][1] == TEXT and not source[slice(*out[end][0])].strip():
            end -= 1
        if not (start < end and out[start][1] == OPEN and closes.get(start) == end):
            return out[start : end + 1]
        start, end = start + 1, end - 1


def _gap(source: str, a: int, b: int) -> Iterator[tuple[int, int, str]]:
    """The markup of ``source[a:b]`` (between a unit's pieces) cut into pieces: each tag, a
    span's bracket, and what is between (whitespace there is text)."""
    cursor = a
    for match in itertools.chain(_GAP_TAG.finditer(source, a, b), [None]):
        x, y = match.span() if match else (b, b)
        stretch = source[cursor:x]
        if stretch.strip():
            lead = cursor + len(stretch) - len(stretch.lstrip())
            trail = cursor + len(stretch.rstrip())
            if lead > cursor:
                yield cursor, lead, TEXT
            core = source[lead:trail]
            kind = OPEN if core in ("[", "^[") else CLOSE if core[0] == "]" else CODE
            yield lead, trail, kind
            if trail < x:
                yield trail, x, TEXT
        elif stretch:
            yield cursor, x, TEXT
        if match is not None:
            tag = _GAP_NAME.match(match.group())
            void = tag is None or tag[2].lower() in html.VOID or match.group().endswith("/>")
            yield x, y, CODE if void else CLOSE if tag and tag[1] else OPEN
        cursor = y


__all__ = [
    "ATTRIBUTES",
    "BREAK",
    "CODE",
    "CODE_SPAN",
    "TAG",
    "TEXT",
    "MarkdownDocument",
    "cell_code",
    "cell_headings",
    "parse",
    "read",
    "unescaped",
]
