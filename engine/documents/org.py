"""Org (Emacs's Org mode: notes, agendas, literate configs, org-roam, READMEs GitHub renders):
headline titles, paragraphs, list items (a description's term too), footnotes, table cells,
the text of quote, center, verse and special blocks, the ``#+TITLE:``-like keywords' values
and a subtree's export title and description are units, found line by line as Org reads
them; every other byte is kept. A headline keeps its stars, TODO keyword, priority and tags
(aligned again to their column); a table is aligned again to its translated cells as Emacs
aligns one. Verbatim and code, links without a description, addresses, timestamps, targets,
macros, footnote references, LaTeX and export snippets are placeholders in a sentence;
emphasis, a link's description and an inline footnote pairs of them around words, each where
the translation puts it, set apart as Org's emphasis rules need. Source, example, export and
comment blocks, dynamic blocks, drawers (their other properties), planning lines, comments,
fixed-width lines, other keywords, ``#+RESULTS:`` and LaTeX environments are kept byte for
byte; ``#+LANGUAGE:`` names the translation's language."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from unicodedata import category

from engine.api import Note
from engine.documents.base import Document, decode_text, edited
from engine.documents.errors import empty_file
from engine.documents.lined import Found, LineDocument
from engine.documents.markdown import (
    LINE,
    retagged,  # (as a front matter's lang)
)
from engine.documents.pairs import (
    BREAK,
    CLOSE,
    CODE,
    OPEN,
    TEXT,
    Apart,
    Bit,
    kept_from_starting,
    placed,
    trimmed,
    width,
    words,
)
from engine.text.encoding import UTF8, EncodedText, TextEncoding
from engine.text.verbatim import ADDRESS

Piece = tuple[int, int]

_HEADLINE = re.compile(r"(?P<stars>\*+)(?:[ \t]+|$)")
_PRIORITY = re.compile(r"\[#[A-Za-z0-9]\](?:[ \t]+|$)")
_COMMENTED = re.compile(r"COMMENT(?:[ \t]+|$)")
# (after a space, which the stars' own may be: ``* :inbox:`` is a headline of tags alone)
_TAGS = re.compile(r"(?:[ \t]+|(?<=[ \t]))(?P<tags>:(?:[\w@#%]+:)+)[ \t]*$")
_BEGIN = re.compile(r"[ \t]*#\+begin_(?P<name>\S+)", re.IGNORECASE)
_DYNAMIC = re.compile(r"[ \t]*#\+begin:", re.IGNORECASE)
_KEYWORD = re.compile(r"[ \t]*#\+(?P<name>[^\s:\[]+)(?:\[[^\]\r\n]*\])?:(?:[ \t]+|$)")
_COMMENT = re.compile(r"[ \t]*#(?:[ \t]|$)")
_FIXED = re.compile(r"[ \t]*:(?:[ \t]|$)")
_DRAWER = re.compile(r"[ \t]*:[\w-]+:[ \t]*$")
_END = re.compile(r"[ \t]*:end:[ \t]*$", re.IGNORECASE)
_PLANNING = re.compile(r"[ \t]*(?:SCHEDULED|DEADLINE|CLOSED|CLOCK):")
_RULE = re.compile(r"[ \t]*-{5,}[ \t]*$")
_ENVIRONMENT = re.compile(r"[ \t]*\\begin\{(?P<name>[^}\r\n]+)\}")
_TABLE = re.compile(r"[ \t]*\|")
_TABLE_EL = re.compile(r"[ \t]*\+-")
_FOOTNOTE = re.compile(r"\[fn:[\w-]+\](?:[ \t]+|$)")
_ITEM = re.compile(
    r"(?P<indent>[ \t]*)(?:[-+]|(?<=[ \t])\*|\d+[.)])(?:[ \t]+|$)"
    r"(?:\[@(?:\d+|[A-Za-z])\][ \t]*)?(?:\[[ Xx-]\](?:[ \t]+|$))?"
)
_TERM = re.compile(r"(?P<term>.*?\S)[ \t]+::(?:[ \t]+|$)")
# A link to a headline by its title (``[[*Title]]``, ``[[*Title][words]]``), or a link by
# words (``[[Title]]``), which Org finds as a target's, then a #+NAME:'s, then a title.
_SEARCH = re.compile(r"\[\[(?P<star>\*?)(?P<title>[^\[\]\r\n]+)\](?=[\[\]])")
_NAMED = re.compile(r"<<<?(?P<target>[^<>\r\n]+?)>>>?|^[ \t]*#\+name:(?P<name>.*)$", re.I | re.M)
# What begins an element of its own at a line's start (and so may not begin a paragraph's).
_STARTS = re.compile(r"(?:\*+|[-+]|\d+[.)])(?:[ \t]|$)|[#:|]|-----")
# The keywords whose value a reader sees (an export's title page, a figure's caption), those
# that declare TODO keywords, and the one that names the document's language.
_TEXT_KEYS = frozenset(["TITLE", "SUBTITLE", "DESCRIPTION", "CAPTION"])
_TODO_KEYS = frozenset(["TODO", "SEQ_TODO", "TYP_TODO"])
# A subtree's export title and description (Org's and ox-hugo's, as ``#+TITLE:`` and
# ``#+DESCRIPTION:`` are the file's), in its property drawer; the other properties are kept.
_PROPERTIES = re.compile(r"[ \t]*:properties:[ \t]*$", re.IGNORECASE)
# An org-id (org-roam's node): a translation that keeps it is a second node of that ID.
_ID = re.compile(r"[ \t]*:id:[ \t]+\S", re.IGNORECASE)
_TEXT_PROPERTY = re.compile(
    r"[ \t]*:export_(?:title|description)\+?:[ \t]+(?P<value>.*?)[ \t]*$", re.IGNORECASE
)
# The TODO keywords a headline may begin with though the file declares none: Org's, Doom
# Emacs's (its org-todo-keywords; Spacemacs keeps Org's) and the Org manual's examples'
# common ones; a word of these kept is harmless where it was a title's. Doom's checkbox
# keywords too (``* [ ] Buy milk``).
_DOOM_TODO = frozenset(["TODO", "PROJ", "LOOP", "STRT", "WAIT", "HOLD", "IDEA", "DONE", "KILL"])
_KNOWN_TODO = _DOOM_TODO | {"NEXT", "WAITING", "CANCELLED", "CANCELED"}
_CHECKBOX = re.compile(r"\[[ X?-]\](?:[ \t]+|$)")
# Keywords of attributes, and the attributes among them that a reader sees (an image's
# alternative text, which a screen reader reads; its tooltip); the others are kept.
_ATTR_KEYS = frozenset(["ATTR_HTML", "ATTR_ORG"])
_ATTR_TEXTS = frozenset([":alt", ":title"])
# An attribute and its value, up to the next attribute (as ``org-export-read-attribute``).
_ATTRIBUTE = re.compile(
    r"(?<![^ \t])(?P<key>:[\w-]+)[ \t]+(?P<value>(?!:[\w-]+(?:[ \t]|$))[^\r\n]*?)"
    r"(?=[ \t]+:[\w-]+(?:[ \t]|$)|[ \t]*$)"
)
# The headline Org gathers footnotes under (``org-footnote-section``), which its exporters
# leave out and ``org-footnote-new`` finds by this name: kept.
_FOOTNOTES = "Footnotes"
# Link types whose description is code, not words: a key sequence (``[[kbd:][C-c C-c]]``), a
# package, module, program or user (Doom's READMEs): the whole link one placeholder, as
# ``~code~`` is. Those to an Emacs symbol (Org's ``help:``, Doom's ``doc:``, ``var:``,
# ``fn:``) too where their description is one word, the symbol's name.
_CODE_LINKS = frozenset(["kbd", "doom-package", "doom-module", "doom-executable", "doom-user"])
_SYMBOL_LINKS = frozenset(["help", "doc", "var", "fn"])
# Blocks whose content is code or another format's (kept); every other block's is text.
_KEPT_BLOCKS = frozenset(["src", "example", "export", "comment"])

# Org's emphasis rules (``org-emphasis-regexp-components``): what may stand before and after
# a marker, and no whitespace just inside it; its content goes over one line break at most.
# Its content holds no opening of the same mark: a mark that closes nowhere then stops its
# look-ahead at the next opening, not at the end of the next line, which made one long line
# of " *a" take time quadratic in its length (24 s for 50,000 characters).
_PRE = "-('\"{"
_POST = "-.,;:!?')}[\"\\"
_LAZY = r"(?:(?![\s\-('\"{](?P=mark)\S)[^\r\n])*?"
_EMPHASIS = (
    r"(?<![^\s\-('\"{])(?P<mark>[*/_+=~])"
    rf"(?P<inner>[^\s*/_+=~]|[^\s]{_LAZY}(?:\r?\n{_LAZY})?[^\s])"
    r"(?P=mark)(?=[\s\-.,;:!?')}\[\"\\]|$)"
)
# Inline markup: links (a description between a pair), footnotes, citations, timestamps, statistics
# cookies, Babel's inline calls and code, targets, macros, export snippets, LaTeX, entities,
# verbatim and code, emphasis and addresses. Each alternative is tried at a position before
# the next one. What runs to a closing mark does not run past an opening of its own kind (a
# link's description past "[[", a macro past "{{{"...): one that closes nowhere is then not
# read to the end of its paragraph again at each opening after it, so one long line is
# read in time linear in its length.
_INLINE = re.compile(
    r"\[\[(?P<target>[^\[\]\r\n]+)\](?:\[(?P<description>(?:(?!\[\[)[\s\S])+?)\])?\]"
    r"|(?P<note>\[fn:[\w-]*:)"  # (an inline footnote: links and brackets inside)
    r"(?P<noted>(?:[^\[\]]|\[\[[^\[\]]*\](?:\[[^\[\]]*\])?\]|\[[^\[\]]*\])+)\]"
    r"|\[fn:[\w-]+\]"
    r"|\[cite(?:/[/\w-]+)?:[^\[\]]*@[^\[\]]*\]"  # (a citation, ``[cite/t:@doe2020;@roe2021]``)
    r"|[<\[]\d{4}-\d\d-\d\d(?: [^\[\]<>\r\n]*)?[>\]]"
    r"(?:--[<\[]\d{4}-\d\d-\d\d(?: [^\[\]<>\r\n]*)?[>\]])?"
    r"|\[\d*%\]|\[\d*/\d*\]"
    # (inline Babel: a call, ``call_double(n=2)[:results raw]``, and code, ``src_sh{ls}``)
    r"|\bcall_[\w.-]+(?:\[[^\]\r\n]*\])?\([^()\r\n]*\)(?:\[[^\]\r\n]*\])?"
    r"|\bsrc_[\w+-]+(?:\[[^\]\r\n]*\])?\{(?:(?!\bsrc_[\w+-]+[\[{])[^\r\n])*?\}"
    r"|<<<?[^<>\s][^<>\r\n]*>>>?"
    r"|\{\{\{(?:(?!\{\{\{)[\s\S])*?\}\}\}"
    r"|@@[\w-]+:[\s\S]*?@@"
    r"|\\\((?:(?!\\\()[\s\S])*?\\\)|\\\[(?:(?!\\\[)[\s\S])*?\\\]|\$\$[\s\S]+?\$\$"
    r"|(?<!\$)\$[^\s$.,;:?'\"](?:[^$\r\n]*?[^\s$.,;\\])?\$(?=[\s\-.,;:?!'\")\]]|$)"
    r"|\\[A-Za-z]+(?:\{\})?|\\\\(?=[ \t]*(?:\r?\n|$))"
    rf"|{_EMPHASIS}"
    rf"|(?P<address>{ADDRESS.pattern})"
)


def _opens(c: str) -> bool:
    return c in _PRE


def _closes(c: str) -> bool:
    return c in _POST


# A named inline footnote's opening (``[fn:side:``), and a target (``<<anchor>>``) or a radio
# target (``<<<words>>>``, whose words are shown), which a document defines once.
_NAMED_NOTE = re.compile(r"\[fn:[\w-]+:")
_TARGET = re.compile(r"<<(?P<radio><)?(?P<words>[^<>\r\n]+?)>>>?")


def _in_copy(markup: str) -> str:
    """``markup`` as a bilingual copy writes it, defining no target again: a target not at
    all, a radio target as its words."""
    if target := _TARGET.fullmatch(markup):
        return target["words"] if target["radio"] else ""
    return markup


# Org sets markup apart by whitespace or its pre- and post-characters; next to a letter of a
# script written without spaces, by a zero-width space (the Org manual's advice).
_APART = Apart(_opens, _closes, "\u200b")
# What a number in a table is (``org-table-number-regexp``'s first form): right-aligned.
_NUMBER = re.compile(r"[<>]?[-+^.0-9]*[0-9][-+^.0-9eEdDx()%:]*")
_LETTER = re.compile(r"[^\W\d_]")
# A link in a cell, as Emacs shows it: its description, else its target (the brackets hidden).
_SHOWN = re.compile(r"\[\[(?P<target>[^\[\]\r\n]+)\](?:\[(?P<description>[^\r\n]+?)\])?\]")


def _width(cell: str) -> int:
    """A cell's columns as Emacs's ``org-string-width`` counts them: a link's markup, which
    Org hides, none."""
    return _columns(_SHOWN.sub(lambda m: m["description"] or m["target"], cell))


def _columns(text: str) -> int:
    """Columns as Emacs's ``string-width`` counts them: wide characters two; marks, a
    variation selector (⚠️'s U+FE0F, which docutils counts one) and a format character (a
    zero-width space, which sets markup apart) none, but a soft hyphen one."""
    return width("".join(c for c in text if c == "\xad" or category(c) not in _ZERO_WIDTH))


_ZERO_WIDTH = frozenset(["Mn", "Me", "Cf"])


# A cell that sets its column's alignment or width (``<l10>``, ``<r>``, ``<c>``, ``<10>``).
_COOKIE = re.compile(r"<(?P<align>[lrc]?)\d*>")


def read(data: bytes, path: Path, *, encoding: str | None = None) -> Document:
    source, found = decode_text(data, path, "Org", encoding=encoding)
    return parse(source, path, found)


def parse(source: str, path: Path, encoding: TextEncoding = UTF8) -> OrgDocument:
    """The document of an Org text (already decoded; ``encoding`` is the file's)."""
    if not source.strip("\ufeff \t\r\n"):
        raise empty_file(path)
    parser = _Parser(source, path.parent)
    parser.body(0, len(parser.starts))
    if parser.formulas:
        parser.notes.append(
            Note(
                f"Tables with a formula (#+TBLFM:) are kept untranslated ({parser.formulas}): "
                "their formulas name cells by position",
                "document.org_formulas",
                {"count": parser.formulas},
            )
        )
    if parser.ids:
        parser.notes.append(
            Note(
                f"The translation has the same IDs as its source (:ID:, {parser.ids}): in the "
                "same org-roam directory, org-roam and org-id see each one twice. Move the "
                "translation out of the org-roam directory (or translate with -o OTHER_FOLDER)",
                "document.org_ids",
                {"count": parser.ids},
            )
        )
    document = OrgDocument(path, source, parser, encoding)
    if not document.units:  # (a setup file, a daily note's stub: a folder's set kept whole)
        document.copied_without_text = True
        # (first: what became of the file, which the app's queue row says)
        document.notes = (
            Note(
                f"{path.name} has no text to translate (settings and markup alone): it is "
                "copied as it is",
                "document.no_text_copied",
                {"name": path.name},
            ),
            *document.notes,
        )
    return document


@dataclass(frozen=True)
class _Found(Found):
    """``inline``: a headline, a keyword's value, a cell, a term. ``tags``: a headline's gap
    before its tags, and the tags' span."""

    tags: tuple[Piece, Piece] | None = None
    title: bool = False  # (a headline's: a link may name it, ``[[*Title]]``)


@dataclass
class _Table:
    """A table's rows: each a rule's line, or its cells' spans (text trimmed) with the unit of
    each (None: a cell without a letter, kept)."""

    indent: str
    rows: list[tuple[Piece, list[tuple[Piece, int | None]] | None]] = field(default_factory=list)


class OrgDocument(LineDocument[_Found]):
    """Bilingual: each paragraph or item followed by a copy holding the translation, in the
    same item or footnote (its marker written as spaces); a headline, a keyword's value, a
    description's term and a table's cell read "source / translation"."""

    unescapes = False

    def __init__(
        self, path: Path, source: str, parser: _Parser, encoding: TextEncoding = UTF8
    ) -> None:
        super().__init__(path, source, parser.found, encoding, _APART)
        self.tables = parser.tables
        self.cells = frozenset(
            n for t in self.tables for _, row in t.rows for _, n in row or [] if n is not None
        )
        self.languages = parser.languages
        self.notes = tuple(parser.notes)

    def parts(self, n: int, text: str, copy: bool = False) -> list[str]:
        """Unit ``n``'s parts with ``text``; in a bilingual ``copy``, defining no target or
        footnote again (see ``_in_copy``): a named inline footnote is an anonymous one
        (``[fn:: …]``), since Org shows the first definition of a name and the copy's
        translated note never."""
        bits = self.found[n].bits
        if text == self.units[n].text and not copy:
            return [self.source[slice(*b.span)] for b in bits]
        parts = placed(text, bits, self.source, {}, _APART, _in_copy if copy else None)
        for b in bits if copy else ():
            if b.kind == OPEN and (note := _NAMED_NOTE.fullmatch(self.source, *b.span)):
                parts = [p.replace(note.group(), "[fn::") for p in parts]
        # A line the translation begins with a bullet, stars or a table's bar would be a list
        # item, a headline or a table: its first word goes to the end of the line before.
        kept_from_starting(parts, bits, _STARTS)
        # (its first line has no line before: a zero-width space, the Org manual's escape,
        # makes it a paragraph's, as Emacs reads ``\u200b* Note`` and ``\u200b1. Step``)
        top = next((i for i, b in enumerate(bits) if b.kind != BREAK), 0)
        if not self.found[n].inline and _begins(parts[top]):
            parts[top] = f"\u200b{parts[top]}"
        return parts

    def _copied(self, n: int, text: str) -> list[str]:
        return self.parts(n, text, copy=True)

    def render_text(self, translations: Sequence[str]) -> str:
        self._check(translations)
        edits = self._retargeted(self._in_place(translations), translations)
        if self.language is not None:
            for a, b in self.languages:
                edits.append((a, b, retagged(self.source[a:b], self.language)))
        return self._line_ends(edited(self.source, edits))

    def render_bilingual(self, translations: Sequence[str]) -> EncodedText:
        self._check(translations)
        inline = [n for n, f in enumerate(self.found) if f.inline]
        both = list(translations)
        for n in inline:
            if translations[n] != self.units[n].text:
                both[n] = f"{self.units[n].text} / {translations[n]}"
        edits = self._in_place(both, inline)
        copied = [n for n, f in enumerate(self.found) if not f.inline]
        edits += self.copies(copied, translations)
        # (the source's paragraphs, kept, name the headlines as they now read too)
        edits += [
            (*b.span, self.source[slice(*b.span)])
            for n in copied
            for b in self.found[n].bits
            if b.kind in (CODE, OPEN) and _SEARCH.match(self.source, *b.span)
        ]
        edits = self._retargeted(edits, both)
        return self.encoding.encode(self._line_ends(edited(self.source, edits)))

    def _in_place(
        self, translations: Sequence[str], only: Sequence[int] | None = None
    ) -> list[tuple[int, int, str]]:
        """Each unit's parts in place (of ``only`` these units), a headline's tags aligned
        again, and each table with a translated cell aligned again."""
        edits: list[tuple[int, int, str]] = []
        cells: dict[int, str] = {}
        for n in range(len(self.units)) if only is None else only:
            parts = self.parts(n, translations[n])
            found = self.found[n]
            if n in self.cells:
                cells[n] = "".join(parts)
                continue
            edits += [(b.span[0], b.span[1], p) for b, p in zip(found.bits, parts, strict=True)]
            if found.tags is not None:
                edits += self._tagged(n, parts)
        for table in self.tables:
            edits += self._aligned(table, cells)
        return edits

    def _retargeted(
        self, edits: list[tuple[int, int, str]], texts: Sequence[str]
    ) -> list[tuple[int, int, str]]:
        """``edits`` with each link to a headline by its title (``[[*Getting started]]``, which
        Org finds by the headline's words, or ``[[Getting started]]`` where no target or
        name is so called) naming the headline as it is written now."""
        titles = {}
        for n, found in enumerate(self.found):
            if found.title and texts[n] != self.units[n].text:
                old = " ".join(self.source[slice(*self.spans[n])].split())
                titles[old] = " ".join("".join(self.parts(n, texts[n])).split())
        if not titles:
            return edits

        names = {" ".join((m["target"] or m["name"]).split()) for m in _NAMED.finditer(self.source)}

        def named(m: re.Match[str]) -> str:
            words = " ".join(m["title"].split())
            title = titles.get(words)
            if title is None or (not m["star"] and words in names):
                return m.group()
            return f"[[{m['star']}{title}]"

        return [(a, b, _SEARCH.sub(named, text)) for a, b, text in edits]

    def _tagged(self, n: int, parts: Sequence[str]) -> list[tuple[int, int, str]]:
        """A headline's tags where they were: as far right as they ended (Emacs aligns them to
        ``org-tags-column``) where the translated title leaves room, else one space after it."""
        tags = self.found[n].tags
        assert tags is not None
        (a, b), (c, d) = tags
        gap = self.source[a:b]
        if len(gap) < 2 or "\t" in gap:
            return []
        line = self.source.rfind("\n", 0, a) + 1
        end = _columns(self.source[line:d])
        start = self.spans[n][0]
        title = self.source[line:start] + "".join(parts)
        return [(a, b, " " * max(1, end - _columns(title) - _columns(self.source[c:d])))]

    def _aligned(self, table: _Table, cells: dict[int, str]) -> list[tuple[int, int, str]]:
        """The table's lines as Emacs aligns them (``org-table-align``): each column as wide
        as its widest cell as shown (wide characters two, a link's brackets none), numbers
        right-aligned where most of a column's cells are numbers, or as a cookie (``<r>``)
        says; nothing where no cell was translated."""
        rows: list[list[str] | None] = []
        changed = False
        for _, row in table.rows:
            if row is None:
                rows.append(None)
                continue
            texts = []
            for (a, b), n in row:
                text = self.source[a:b] if n is None else cells.get(n, self.source[a:b])
                if text != self.source[a:b]:  # (a bar of the translation's would end the cell)
                    changed, text = True, text.replace("|", "\\vert{}")
                texts.append(" ".join(text.split()))
            rows.append(texts)
        if not changed:
            return []
        columns = max((len(r) for r in rows if r is not None), default=0)
        widths = [1] * columns  # (an empty column's, as Emacs writes it)
        numbers = [0] * columns
        filled = [0] * columns
        aligns = [""] * columns  # (a cookie's, ``<r>``: the column's whatever its cells)
        for r in rows:
            for j, text in enumerate(r or []):
                widths[j] = max(widths[j], _width(text))
                if cookie := _COOKIE.fullmatch(text):
                    aligns[j] = aligns[j] or cookie["align"]
                    if cookie["align"]:
                        continue
                filled[j] += bool(text)
                numbers[j] += bool(_NUMBER.fullmatch(text))
        # (``org-table-number-fraction``: half of a column's cells, or more)
        for j in range(columns):
            if not aligns[j]:
                aligns[j] = "r" if filled[j] > 0 and numbers[j] >= filled[j] / 2 else "l"
        edits = []
        for (line, _), r in zip(table.rows, rows, strict=True):
            if r is None:
                written = "|" + "+".join("-" * (w + 2) for w in widths) + "|"
            else:
                r = r + [""] * (columns - len(r))
                padded = []
                for t, w, align in zip(r, widths, aligns, strict=True):
                    space = w - _width(t)
                    before = {"l": 0, "r": space, "c": space // 2}[align]
                    padded.append(" " * before + t + " " * (space - before))
                written = "|" + "|".join(f" {t} " for t in padded) + "|"
            edits.append((line[0], line[1], table.indent + written))
        return edits

    def _translated(
        self, start: int, end: int, members: Sequence[int], translations: Sequence[str]
    ) -> str:
        """The copy: the members' lines translated, a marker that begins them (``- ``,
        ``[fn:1] ``) written as spaces, so the copy stays in the same item or footnote."""
        copy = super()._translated(start, end, members, translations)
        prefix = self.source[start : self.found[members[0]].margin]
        if not prefix.strip():
            return copy
        return " " * width(prefix) + copy[len(prefix) :]


def _declared(
    lines: Sequence[str], folder: Path | None, unread: list[str] | None = None
) -> set[str]:
    """The TODO keywords these lines declare (``#+TODO:``, ``#+SEQ_TODO:``, ``#+TYP_TODO:``),
    and those of the ``#+SETUPFILE:`` they name where it is a plain file in ``folder``'s tree
    (no address is fetched, no pipe waited on; a setup file not read is named in ``unread``;
    its own setup file is not read)."""
    words: set[str] = set()
    for line in lines:
        keyword = _KEYWORD.match(line)
        name = keyword["name"].upper() if keyword else ""
        value = line[keyword.end() :].strip() if keyword else ""
        if name in _TODO_KEYS:
            words |= {re.sub(r"\(.*\)$", "", w) for w in value.split() if w != "|"}
        elif name == "SETUPFILE" and folder is not None and value:
            # (resolving a name too long for the system, a link loop or a NUL raises: that
            # setup file is not read, the file itself is fine)
            try:
                root = folder.resolve()
                setup = (root / value.strip('"')).resolve()
                read = "://" not in value and setup.is_relative_to(root) and setup.is_file()
                if read:
                    with setup.open("rb") as file:
                        text = file.read(_SETUP_BYTES).decode("utf-8", errors="replace")
                    words |= _declared(text.splitlines(), None)
            except (OSError, RuntimeError, ValueError):
                read = False
            if not read and unread is not None:
                unread.append(value)
    return words


# (a setup file is a few lines of settings: what is past this is not read)
_SETUP_BYTES = 1 << 20


def _begins(text: str) -> bool:
    """Whether a line begins an element of its own (and so ends a paragraph)."""
    return any(
        p.match(text)
        for p in (
            *(_HEADLINE, _BEGIN, _DYNAMIC, _KEYWORD, _COMMENT, _FIXED, _PLANNING, _RULE),
            *(_DRAWER, _ENVIRONMENT, _TABLE, _TABLE_EL, _FOOTNOTE, _ITEM),
        )
    )


class _Parser:
    def __init__(self, source: str, folder: Path | None = None) -> None:
        self.source = source
        self.starts: list[int] = []
        self.ends: list[int] = []
        for m in LINE.finditer(source):
            self.starts.append(m.start())
            self.ends.append(m.start() + len(m.group().rstrip("\r\n")))
        self.found: list[_Found] = []
        self.tables: list[_Table] = []
        self.languages: list[Piece] = []
        self.notes: list[Note] = []
        self.formulas = 0
        self.ids = 0
        lines = [self.text(n) for n in range(len(self.starts))]
        unread: list[str] = []
        self.todo = _KNOWN_TODO | _declared(lines, folder, unread)
        if unread:
            files = ", ".join(dict.fromkeys(unread))
            self.notes.append(
                Note(
                    f"Setup files it names were not read ({files}): Quire reads only a setup "
                    "file in the file's folder or below it, never an address; TODO keywords "
                    "they declare may have been translated as words: declare them in the file "
                    "itself (#+TODO: …) and translate it again",
                    "document.org_setupfile",
                    {"files": files},
                )
            )

    def text(self, n: int) -> str:
        return self.source[self.starts[n] : self.ends[n]]

    def body(self, first: int, last: int) -> None:
        """Find the units of lines ``first`` to ``last`` (the document's, a block's)."""
        i = first
        while i < last:
            i = self.element(i, last)

    def element(self, i: int, last: int) -> int:
        """Read the element that begins at line ``i``; where the next begins."""
        text = self.text(i)
        start = self.starts[i]
        if not text.strip():
            return i + 1
        if m := _HEADLINE.match(text):
            self.headline(i, m.end())
            return i + 1
        if m := _BEGIN.match(text):
            name = m["name"].lower()
            end = self.closing(i + 1, last, rf"[ \t]*#\+end_{re.escape(name)}[ \t]*$")
            if end is None:
                return self.unterminated(i, last, m["name"])
            if name not in _KEPT_BLOCKS:
                self.body(i + 1, end)
            return end + 1
        if _DYNAMIC.match(text):
            end = self.closing(i + 1, last, r"[ \t]*#\+end:[ \t]*$")
            return i + 1 if end is None else end + 1
        if m := _KEYWORD.match(text):
            name = m["name"].upper()
            value = (start + m.end(), self.ends[i])
            if name in _TEXT_KEYS and text[m.end() :].strip():
                self.unit([value], inline=True)
            elif name in _ATTR_KEYS:
                for a in _ATTRIBUTE.finditer(text, m.end()):
                    if a["key"].lower() in _ATTR_TEXTS:
                        quoted = len(a["value"]) > 1 and a["value"][0] == a["value"][-1] == '"'
                        self.unit(
                            [(start + a.start("value") + quoted, start + a.end() - quoted)],
                            inline=True,
                        )
            elif name == "LANGUAGE" and text[m.end() :].strip():
                self.languages.append((value[0], value[0] + len(text[m.end() :].rstrip())))
            elif name == "RESULTS":
                return self.results(i + 1, last)
            return i + 1
        if text.lstrip().startswith("#+"):  # (an #+END_ without its block: a line of markup)
            return i + 1
        if _COMMENT.match(text) or _FIXED.match(text) or _PLANNING.match(text):
            return i + 1
        if _RULE.match(text):
            return i + 1
        if _DRAWER.match(text):
            end = self.closing(i + 1, last, _END.pattern)
            if end is None:
                return i + 1
            for j in range(i + 1, end) if _PROPERTIES.match(text) else ():
                self.ids += bool(_ID.match(self.text(j)))
                if m := _TEXT_PROPERTY.match(self.text(j)):
                    self.unit(
                        [(self.starts[j] + m.start("value"), self.starts[j] + m.end("value"))],
                        inline=True,
                    )
            return end + 1
        if m := _ENVIRONMENT.match(text):
            if f"\\end{{{m['name']}}}" in text:
                return i + 1
            end = self.closing(i + 1, last, rf"[ \t]*\\end\{{{re.escape(m['name'])}\}}")
            return i + 1 if end is None else end + 1
        if _TABLE.match(text):
            return self.table(i, last)
        if _TABLE_EL.match(text):
            j = i
            while j < last and re.match(r"[ \t]*[+|]", self.text(j)):
                j += 1
            return j
        if m := _FOOTNOTE.match(text):
            return self.paragraph(i, last, m.end())
        if m := _ITEM.match(text):
            marker = m.end()
            term = _TERM.match(text, marker)
            if term and re.match(r"[-+*]", text[len(m["indent"]) :]):
                self.unit([(start + marker, start + term.end("term"))], inline=True)
                marker = term.end()
            return self.paragraph(i, last, marker, item=len(m["indent"]))
        return self.paragraph(i, last, 0)

    def closing(self, i: int, last: int, pattern: str) -> int | None:
        """The line from ``i`` that ``pattern`` matches (a block's end), before a headline."""
        end = re.compile(pattern, re.IGNORECASE)
        for j in range(i, last):
            if end.match(self.text(j)):
                return j
            if _HEADLINE.match(self.text(j)):
                return None
        return None

    def unterminated(self, i: int, last: int, name: str) -> int:
        """A block whose ``#+END_`` is missing: kept up to the next headline (Org would read
        its code as text; sending it to the translator would mangle it), and said."""
        j = i + 1
        while j < last and not _HEADLINE.match(self.text(j)):
            j += 1
        self.notes.append(
            Note(
                f"The block that begins on line {i + 1} (#+BEGIN_{name}) has no #+END_{name}: "
                "it is kept as it is up to the next headline; add the line that ends it and "
                "translate again",
                "document.org_unterminated",
                {"line": i + 1, "name": name},
            )
        )
        return j

    def results(self, i: int, last: int) -> int:
        """Past what ``#+RESULTS:`` names: a block, a drawer, or lines up to a blank one."""
        if i < last and (_BEGIN.match(self.text(i)) or _DRAWER.match(self.text(i))):
            pattern = r"[ \t]*#\+end_" if _BEGIN.match(self.text(i)) else _END.pattern
            end = self.closing(i + 1, last, pattern)
            return i + 1 if end is None else end + 1
        while i < last and self.text(i).strip() and not _HEADLINE.match(self.text(i)):
            i += 1
        return i

    def paragraph(self, i: int, last: int, marker: int, item: int | None = None) -> int:
        """A paragraph from line ``i`` (its text after ``marker``); an item's goes on over
        the lines indented past its bullet."""
        j = i + 1
        while j < last:
            text = self.text(j)
            if not text.strip() or _begins(text):
                break
            if item is not None and len(text) - len(text.lstrip(" \t")) <= item:
                break
            j += 1
        lines = [(self.starts[k], self.ends[k]) for k in range(i, j)]
        first = self.text(i)
        lines[0] = (lines[0][0] + len(first) - len(first[marker:].lstrip(" \t")), lines[0][1])
        self.unit(lines)
        return j

    def headline(self, i: int, stars: int) -> None:
        start, end = self.starts[i], self.ends[i]
        at = start + stars
        word = re.match(r"(\S+)(?:[ \t]+|$)", self.source[at:end])
        if word and word[1] in self.todo:
            at += word.end()
        elif m := _CHECKBOX.match(self.source, at, end):
            at = m.end()
        if m := _PRIORITY.match(self.source, at, end):
            at = m.end()
        if m := _COMMENTED.match(self.source, at, end):
            at = m.end()
        tags = _TAGS.search(self.source, at, end)
        title_end = tags.start() if tags else end
        title_end = at + len(self.source[at:title_end].rstrip())
        if self.source[at:title_end] == _FOOTNOTES:
            return
        spans = None
        if tags:
            spans = ((title_end, tags.start("tags")), tags.span("tags"))
        self.unit([(at, title_end)], inline=True, tags=spans, title=True)

    def table(self, i: int, last: int) -> int:
        j = i
        while j < last and _TABLE.match(self.text(j)):
            j += 1
        k = j
        while k < last and re.match(r"[ \t]*#\+tblfm:", self.text(k), re.IGNORECASE):
            k += 1
        if k > j:  # (formulas name cells by row and column: the table is kept as it is)
            self.formulas += 1
            return k
        indent = re.match(r"[ \t]*", self.text(i))
        table = _Table(indent.group() if indent else "")
        for n in range(i, j):
            start, end = self.starts[n], self.ends[n]
            text = self.text(n)
            bar = start + text.index("|")
            if text.lstrip()[1:2] == "-":
                table.rows.append(((start, end), None))
                continue
            cells: list[tuple[Piece, int | None]] = []
            cursor = bar + 1
            while cursor <= end:
                stop = self.source.find("|", cursor, end)
                stop = end if stop < 0 else stop
                a, b = cursor, stop
                while a < b and self.source[a] in " \t":
                    a += 1
                while b > a and self.source[b - 1] in " \t":
                    b -= 1
                if stop == end and a == b:
                    break
                unit = None
                if _LETTER.search(self.source, a, b) and not _COOKIE.fullmatch(self.source, a, b):
                    unit = len(self.found)
                    self.unit([(a, b)], inline=True)
                    if len(self.found) == unit:
                        unit = None
                cells.append(((a, b), unit))
                cursor = stop + 1
            table.rows.append(((start, end), cells))
        self.tables.append(table)
        return j

    def unit(
        self,
        lines: Sequence[Piece],
        inline: bool = False,
        tags: tuple[Piece, Piece] | None = None,
        title: bool = False,
    ) -> None:
        """A unit of these lines' text, its inline markup a placeholder or a pair of them,
        its line breaks kept with the indent after them; none where they hold no words."""
        start, end = lines[0][0], lines[-1][1]
        bits: list[Bit] = []
        self.inline(start, end, bits)
        bits = trimmed(bits)
        if any(b.kind == TEXT and _LETTER.search(self.source, *b.span) for b in bits):
            self.found.append(_Found(tuple(bits), start, inline, tags=tags, title=title))

    def inline(self, start: int, end: int, bits: list[Bit]) -> None:
        cursor = start
        for m in _INLINE.finditer(self.source, start, end):
            words(self.source, cursor, m.start(), bits)
            self.markup(m, bits)
            cursor = m.end()
        words(self.source, cursor, end, bits)

    def markup(self, m: re.Match[str], bits: list[Bit]) -> None:
        """The pieces of one match of ``_INLINE``."""
        a, b = m.span()
        kind = m["target"].split(":")[0] if m["target"] else ""
        symbol = kind in _SYMBOL_LINKS and not re.search(r"\s", m["description"] or " ")
        if m["description"] is not None and (kind in _CODE_LINKS or symbol):
            bits.append(Bit((a, b), CODE, shown=" ".join(m["description"].split()), loose=True))
        elif m["description"] is not None:
            bare = f"[[{m['target']}]]"
            bits.append(Bit((a, m.start("description")), OPEN, bare=bare, loose=True))
            self.inline(*m.span("description"), bits)
            bits.append(Bit((m.end("description"), b), CLOSE, loose=True))
        elif m["note"] is not None:
            bits.append(Bit((a, m.end("note")), OPEN, loose=True))
            self.inline(*m.span("noted"), bits)
            bits.append(Bit((m.end("noted"), b), CLOSE, loose=True))
        elif m["mark"] is not None and m["mark"] not in "=~":
            bits.append(Bit((a, m.start("inner")), OPEN))
            self.inline(*m.span("inner"), bits)
            bits.append(Bit((m.end("inner"), b), CLOSE))
        elif m["mark"] is not None:
            bits.append(Bit((a, b), CODE, shown=" ".join(m["inner"].split())))
        elif m["target"] is not None or m["address"] is not None:
            shown = m["target"] or m["address"]
            bits.append(Bit((a, b), CODE, shown=shown, loose=True))
        else:
            bits.append(Bit((a, b), CODE, loose=True))


__all__ = ["OrgDocument", "parse", "read"]
