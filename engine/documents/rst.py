"""reStructuredText (docutils, Sphinx, PyPI's READMEs): paragraphs, section titles, list items,
definitions, field bodies, admonitions, footnotes, figure captions and ``:alt:`` texts are units,
found line by line from the source's indentation as docutils reads it; every other byte is
kept. A title's underline (and overline) is resized to the translated title, which docutils
wants at least as wide. Inline literals, roles, references, substitutions and footnote
references are placeholders; emphasis and a link's target are kept around the translated
words. Literal blocks, code, math, raw, comments, targets, directive options, tables and
doctests are kept byte for byte."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from engine.documents.base import Document, decode_text, edited
from engine.documents.markdown import BREAK, CODE, TEXT, MarkdownDocument, _trimmed, _Unit
from engine.text.encoding import UTF8, EncodedText, TextEncoding
from engine.text.verbatim import ADDRESS

Piece = tuple[int, int]

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")
# A section title's over- or underline, or a transition: one punctuation character repeated.
_ADORNMENT = re.compile(r"([!-/:-@\[-`{-~])\1+[ \t]*$")
_BULLET = re.compile(r"[-*+\u2022\u2023\u2043](?:[ \t]+|$)")
_ENUMERATED = re.compile(
    r"(?:\(?(?:\d+|#|[A-Za-z]|[ivxlcdm]+|[IVXLCDM]+)\)|(?:\d+|#|[A-Za-z]|[ivxlcdm]+|[IVXLCDM]+)\.)"
    r"(?:[ \t]+|$)"
)
_FIELD = re.compile(r":(?![ \t])(?:[^:`\\]|\\.)+?(?<![ \t]):(?:[ \t]+|$)")
_OPTION = re.compile(r"(?:--?[\w][\w-]*|/\w)(?:[ =]?[\w<>\[\]-]+)?(?:,[ \t]+\S+)*(?:  +|$)")
_LINE_BLOCK = re.compile(r"\|(?:[ \t]+|$)")
_GRID = re.compile(r"\+[-=]+\+")
_SIMPLE = re.compile(r"=+(?:[ \t]+=+)+[ \t]*$")
_NOTE = re.compile(r"\.\.[ \t]+\[(?:\d+|#[\w.-]*|\*|[^\]\s]+)\](?:[ \t]+|$)")
_DIRECTIVE = re.compile(r"\.\.[ \t]+(?P<name>[\w][\w:.+-]*)::(?:[ \t]+|$)")
_OPTION_LINE = re.compile(r"[ \t]*:(?P<name>[\w-]+):(?:[ \t]+|$)")
_BREAK = re.compile(r"(?:\r\n|\r|\n)(?P<indent>[ \t]*)")

# Directives whose content is text (Sphinx's and docutils' admonitions, which may begin it on
# their own line; containers; a figure's caption and legend), those whose argument is a title,
# and the options a reader sees. Every other directive is kept whole: code, math, raw, toctree,
# includes, tables, and any a Sphinx extension adds, whose content Quire cannot know.
_ADMONITIONS = frozenset(
    [
        *("attention", "caution", "danger", "error", "hint", "important", "note", "tip"),
        *("warning", "seealso", "todo"),  # (the last two Sphinx's)
    ]
)
_TITLED = frozenset(["admonition", "topic", "sidebar", "rubric"])
_CONTENT = frozenset(
    [
        *("container", "figure", "epigraph", "highlights", "pull-quote", "compound", "class"),
        *("only", "rst-class", "versionadded", "versionchanged", "deprecated", "versionremoved"),
        *("centered", "hlist"),
    ]
)
_TEXT_OPTIONS = frozenset(["alt", "caption"])

# Inline markup: what a sentence holds that is no words. Placeholders: literals, roles and
# interpreted text, references by name, substitutions, footnote references, inline targets; a
# link's text is translated between its backquote and its ``<target>`_``; emphasis marks and
# addresses are kept where they stand.
_INLINE = re.compile(
    r"(?P<code>``\S(?:[\s\S]*?\S)?``(?!`)"
    r"|:[\w.+:-]+:`(?:[^`\\]|\\.)+`"
    r"|`(?:[^`\\]|\\.)+`:[\w.+:-]+:"
    r"|_`[^`]+`"
    r"|(?<![\w`])`\s*<[^`>]+>`__?"
    r"|`(?:[^`<\\]|\\.)+`__?"
    r"|(?<![\w`])`(?:[^`\\]|\\.)+`(?![\w`])"
    r"|(?<![\w|])\|(?=\S)[^|\r\n]*?\S\|(?:__?)?"
    r"|\[(?:\d+|#[\w.-]*|\*|[A-Za-z][\w.-]*)\]_"
    r"|(?<![\w\\`])[A-Za-z0-9](?:[\w.+-]*[A-Za-z0-9])?__?(?![\w`]))"
    r"|(?P<link>`)(?P<text>[^`<]*?\S)(?P<target>\s*<[^`>]+>`__?)"
    rf"|{ADDRESS.pattern}"
    r"|(?<![\w*\\])\*{1,2}(?=[^\s*])|(?<=[^\s*\\])\*{1,2}(?![\w*])"
)


def read(data: bytes, path: Path, *, encoding: str | None = None) -> Document:
    source, found = decode_text(data, path, "reStructuredText", encoding=encoding)
    return parse(source, path, found)


def parse(source: str, path: Path, encoding: TextEncoding = UTF8) -> RstDocument:
    """The document of a reStructuredText text (already decoded; ``encoding`` is the file's)."""
    parser = _Parser(source)
    parser.block([(n, parser.starts[n]) for n in range(len(parser.starts))])
    found = parser.found
    return RstDocument(path, source, found, encoding)


@dataclass(frozen=True)
class _Found:
    """A unit as the parser found it. ``adornments``: a title's over- and underline, resized
    to the translation. ``inline``: a bilingual output writes "source / translation" in its
    place (a copy of its line would be a second title, term or option). ``colons``: a
    paragraph's ``::`` that introduces a literal block: in a bilingual output the copy
    introduces it, and the source's reads as docutils shows it (``:`` or nothing)."""

    unit: _Unit
    margin: int  # where its block's text begins, after a list's or footnote's marker
    adornments: tuple[Piece, ...] = ()
    inline: bool = False
    colons: tuple[int, int, str] | None = None


class RstDocument(MarkdownDocument):
    """Bilingual: each paragraph followed by a copy holding the translation, in the same list
    item, footnote or admonition (its marker written as spaces); a title, a definition's term
    and a directive's title or option read "source / translation"."""

    def __init__(
        self, path: Path, source: str, found: Sequence[_Found], encoding: TextEncoding
    ) -> None:
        units = [f.unit for f in found]
        super().__init__(
            path,
            source,
            [(u.pieces[0][0], u.pieces[-1][1]) for u in units],
            [f"p{n + 1}" for n in range(len(units))],
            encoding,
            [u.pieces for u in units],
            [u.breaks for u in units],
            [u.codes for u in units],
        )
        self.found = list(found)

    def render_text(self, translations: Sequence[str]) -> str:
        self._check(translations)
        edits = [edit for n, text in enumerate(translations) for edit in self._edits(n, text)]
        edits += [
            edit
            for n, text in enumerate(translations)
            for edit in self._adorned(n, self._line(n, text))
        ]
        return edited(self.source, edits)

    def render_bilingual(self, translations: Sequence[str]) -> EncodedText:
        self._check(translations)
        edits: list[tuple[int, int, str]] = []
        copied: list[int] = []
        for n, text in enumerate(translations):
            found = self.found[n]
            if not found.inline:
                copied.append(n)
                if found.colons is not None:
                    edits.append(found.colons)
                continue
            start, end = self._bounds(n)
            own = self.source[start:end]
            # (what comes before the unit on its line, an option's name, stays as it is)
            translated = self._line(n, text)[self.spans[n][0] - start :]
            line = f"{own.rstrip()} / {translated.strip()}"
            edits.append((start, start + len(own.rstrip()), line))
            edits += self._adorned(n, line)
        edits += self.copies(copied, translations)
        return self.encoding.encode(edited(self.source, edits))

    def _edits(self, n: int, text: str) -> list[tuple[int, int, str]]:
        assert self.pieces is not None
        return [
            (a, b, part) for (a, b), part in zip(self.pieces[n], self.parts(n, text), strict=True)
        ]

    def _bounds(self, n: int) -> tuple[int, int]:
        """Where the lines of unit ``n`` start and end (their line break left out)."""
        start, end = self.spans[n]
        first = max(self.source.rfind("\n", 0, start), self.source.rfind("\r", 0, start)) + 1
        last = _line_end(self.source, end)
        return first, last

    def _line(self, n: int, text: str) -> str:
        """Unit ``n``'s lines, translated as ``text``."""
        start, end = self._bounds(n)
        shifted = [(a - start, b - start, part) for a, b, part in self._edits(n, text)]
        return edited(self.source[start:end], shifted)

    def _adorned(self, n: int, line: str) -> list[tuple[int, int, str]]:
        """A title's over- and underline as long as its translated ``line`` is wide, and as
        much longer as they were than the source's title (docutils warns of a title longer
        than its underline, and Sphinx's -W fails on it)."""
        adornments = self.found[n].adornments
        if not adornments:
            return []
        start, end = self._bounds(n)
        own = _width(self.source[start:end].rstrip())
        edits = []
        for a, b in adornments:
            mark = self.source[a:b].rstrip()
            length = max(_width(line.rstrip()) + len(mark) - own, _width(line.rstrip()))
            edits.append((a, a + len(mark), mark[0] * length))
        return edits

    def region(self, n: int) -> tuple[int, int]:
        return self._bounds(n)

    def separator(self, start: int, end: int) -> str:
        return self.newline(end) * 2

    def insert_at(self, start: int, end: int) -> int:
        return end

    def _translated(
        self, start: int, end: int, members: Sequence[int], translations: Sequence[str]
    ) -> str:
        """The copy: the members' lines translated, a marker that begins them (``- ``,
        ``.. [1] ``, ``:Version: ``, ``.. note:: ``) written as the indent of the lines after
        it, so the copy stays in the same item, footnote or block."""
        copy = super()._translated(start, end, members, translations)
        prefix = self.source[start : self.found[members[0]].margin]
        if not prefix.strip():
            return copy
        lines = copy.splitlines(keepends=True)
        indent = len(prefix)
        if len(lines) > 1:
            indent = len(lines[1]) - len(lines[1].lstrip(" "))
        return " " * indent + copy[len(prefix) :]


def _line_end(source: str, at: int) -> int:
    ends = [i for i in (source.find("\n", at), source.find("\r", at)) if i >= 0]
    return min(ends) if ends else len(source)


def _width(text: str) -> int:
    """Columns as docutils counts them: wide characters two, combining marks none."""
    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
        for c in text
    )


# A line of a block, as (line number, where the block's left margin is in the source).
_Row = tuple[int, int]


class _Parser:
    def __init__(self, source: str) -> None:
        self.source = source
        self.starts: list[int] = []
        self.ends: list[int] = []
        for m in _LINE.finditer(source):
            self.starts.append(m.start())
            self.ends.append(m.start() + len(m.group().rstrip("\r\n")))
        self.found: list[_Found] = []

    def text(self, row: _Row) -> str:
        return self.source[row[1] : self.ends[row[0]]]

    def blank(self, row: _Row) -> bool:
        return not self.text(row).strip()

    def indent(self, row: _Row) -> int:
        text = self.text(row)
        return len(text) - len(text.lstrip(" \t"))

    def block(self, rows: Sequence[_Row]) -> None:
        """Find the units of a body (the document, a list item's, a directive's), whose
        rows start at its left margin."""
        i = 0
        while i < len(rows):
            row = rows[i]
            if self.blank(row):
                i += 1
                continue
            if self.indent(row) > 0:  # a block quote
                j = self.indented(rows, i)
                self.block(self.dedented(rows[i:j]))
                i = j
                continue
            i = self.element(rows, i)

    def element(self, rows: Sequence[_Row], i: int) -> int:
        """Read the element that begins at row ``i`` (at the margin); where the next begins."""
        text = self.text(rows[i])
        after = self.text(rows[i + 1]) if i + 1 < len(rows) else ""
        if text.startswith(".."):
            return self.explicit(rows, i)
        if text.startswith("__ "):  # an anonymous target
            return self.indented(rows, i + 1)
        if _ADORNMENT.match(text):
            below = self.text(rows[i + 2]) if i + 2 < len(rows) else ""
            if after.strip() and below.rstrip() == text.rstrip():
                self.title(rows[i + 1], (rows[i], rows[i + 2]))
                return i + 3
            if not _SIMPLE.match(text):
                return i + 1  # a transition, or an underline alone
        if _SIMPLE.match(text):
            return self.simple_table(rows, i)
        if _GRID.match(text):
            return self.until_blank(rows, i)
        underlined = after.strip() and _ADORNMENT.match(after) and len(after.strip()) >= 2
        if underlined and not text.rstrip().endswith("::"):
            self.title(rows[i], (rows[i + 1],))
            return i + 2
        if text.startswith(">>>"):
            return self.until_blank(rows, i)
        for marker in (_BULLET, _ENUMERATED, _FIELD, _LINE_BLOCK):
            m = marker.match(text)
            if m and (marker is not _ENUMERATED or self.listed(rows, i)):
                return self.item(rows, i, m.end())
        if _OPTION.match(text) and not after.strip().startswith(text[:1]):
            return self.indented(rows, i + 1)  # an option list's item: kept
        if after.strip() and i + 1 < len(rows) and self.indent(rows[i + 1]) > 0:
            # A definition list's term, its definition indented below it.
            self.unit([(rows[i][1], self.ends[rows[i][0]])], inline=True)
            j = self.indented(rows, i + 1)
            self.block(self.dedented(rows[i + 1 : j]))
            return j
        return self.paragraph(rows, i)

    def listed(self, rows: Sequence[_Row], i: int) -> bool:
        """Whether an enumerator begins a list item, not a sentence ("A. Smith wrote"): it
        is followed by a blank or indented line or the next item, as docutils requires."""
        if i + 1 >= len(rows) or self.blank(rows[i + 1]) or self.indent(rows[i + 1]) > 0:
            return True
        return _ENUMERATED.match(self.text(rows[i + 1])) is not None

    def paragraph(self, rows: Sequence[_Row], i: int) -> int:
        j = i
        while j < len(rows) and not self.blank(rows[j]):
            j += 1
        lines = [(rows[k][1], self.ends[rows[k][0]]) for k in range(i, j)]
        a, b = lines[-1]
        last = self.source[a:b].rstrip()
        if not last.endswith("::"):
            self.unit(lines)
            return j
        # "Paragraph::" reads "Paragraph:", "Paragraph ::" reads "Paragraph", and a lone "::"
        # nothing; the literal block after it is kept.
        cut = a + len(last) - 2
        text_end = cut if self.source[cut - 1 : cut] not in (" ", "\t") else cut - 1
        shown = ":" if self.source[cut - 1 : cut] not in (" ", "\t") else ""
        if text_end > a or len(lines) > 1:
            lines[-1] = (a, text_end)
            self.unit(lines, colons=(text_end, cut + 2, shown))
        return self.literal(rows, j)

    def literal(self, rows: Sequence[_Row], j: int) -> int:
        """Past the literal block that follows row ``j`` (indented, or quoted: each line
        beginning with the same punctuation)."""
        k = j
        while k < len(rows) and self.blank(rows[k]):
            k += 1
        if k < len(rows) and self.indent(rows[k]) > 0:
            return self.indented(rows, k)
        if k < len(rows) and (quote := self.text(rows[k])[:1]) and not quote.isalnum():
            return self.until_blank(rows, k)
        return k

    def title(self, row: _Row, adornments: tuple[_Row, ...]) -> None:
        spans = tuple((self.starts[r[0]], self.ends[r[0]]) for r in adornments)
        start = row[1] + self.indent(row)
        self.unit([(start, self.ends[row[0]])], adornments=spans, inline=True)

    def item(self, rows: Sequence[_Row], i: int, marker: int) -> int:
        """A list item, field or footnote: its body begins after the marker."""
        j = self.indented(rows, i + 1)
        first = (rows[i][0], rows[i][1] + marker)
        body = [first, *self.dedented(rows[i + 1 : j])]
        self.block(body)
        return j

    def explicit(self, rows: Sequence[_Row], i: int) -> int:
        """``..`` markup: a footnote or citation, a directive, or else a target, a
        substitution or a comment (kept)."""
        text = self.text(rows[i])
        j = self.indented(rows, i + 1)
        if text.rstrip() == ".." and (i + 1 >= len(rows) or self.blank(rows[i + 1])):
            return i + 1  # an empty comment: it ends there
        if m := _NOTE.match(text):
            return self.item(rows, i, m.end())
        m = _DIRECTIVE.match(text)
        if m is None:
            return j
        name = m["name"].lower()
        body = self.dedented(rows[i + 1 : j])
        k = 0
        while k < len(body) and not self.blank(body[k]):
            option = _OPTION_LINE.match(self.text(body[k]))
            if option is None:
                break
            if option["name"] in _TEXT_OPTIONS and self.text(body[k])[option.end() :].strip():
                row = body[k]
                self.unit([(row[1] + option.end(), self.ends[row[0]])], inline=True)
            k += 1
            while k < len(body) and not self.blank(body[k]) and self.indent(body[k]) > 0:
                k += 1  # (an option's value goes on, indented)
        content = body[k:]
        argument = (rows[i][0], rows[i][1] + m.end())
        if name in _ADMONITIONS:
            self.block([argument, *content] if self.text(argument).strip() else content)
        elif name in _TITLED:
            if self.text(argument).strip():
                self.unit([(argument[1], self.ends[argument[0]])], inline=True)
            self.block(content)
        elif name in _CONTENT or ":" in name:
            self.block(content)
        return j

    def indented(self, rows: Sequence[_Row], i: int) -> int:
        """Past the indented (and blank) rows from ``i`` on, trailing blank rows left."""
        j = i
        end = i
        while j < len(rows) and (self.blank(rows[j]) or self.indent(rows[j]) > 0):
            j += 1
            if not self.blank(rows[j - 1]):
                end = j
        return end

    def until_blank(self, rows: Sequence[_Row], i: int) -> int:
        while i < len(rows) and not self.blank(rows[i]):
            i += 1
        return i

    def simple_table(self, rows: Sequence[_Row], i: int) -> int:
        """Past a simple table: its last border is one followed by a blank line or the end."""
        j = i + 1
        while j < len(rows):
            border = _SIMPLE.match(self.text(rows[j])) or _ADORNMENT.match(self.text(rows[j]))
            if border and (j + 1 >= len(rows) or self.blank(rows[j + 1])):
                return j + 1
            j += 1
        return j

    def dedented(self, rows: Sequence[_Row]) -> list[_Row]:
        """``rows`` with their common indent as their margin."""
        indents = [self.indent(r) for r in rows if not self.blank(r)]
        least = min(indents, default=0)
        return [(n, at + least) if not self.blank((n, at)) else (n, at) for n, at in rows]

    def unit(
        self,
        lines: Sequence[Piece],
        adornments: tuple[Piece, ...] = (),
        inline: bool = False,
        colons: tuple[int, int, str] | None = None,
    ) -> None:
        """A unit of these lines' text: its inline markup kept, its line breaks kept with
        the indent after them."""
        start, end = lines[0][0], lines[-1][1]
        pieces: list[tuple[Piece, str]] = []
        cursor = start
        for m in _INLINE.finditer(self.source, start, end):
            self.words(cursor, m.start(), pieces)
            if m["code"] is not None:
                pieces.append((m.span(), CODE))
            elif m["link"] is not None:
                self.words(*m.span("text"), pieces)
            cursor = m.end()
        self.words(cursor, end, pieces)
        units = _trimmed(pieces, self.source)
        if units:
            self.found.append(_Found(units[0], start, adornments, inline, colons))

    def words(self, start: int, end: int, pieces: list[tuple[Piece, str]]) -> None:
        cursor = start
        for m in _BREAK.finditer(self.source, start, end):
            pieces.append(((cursor, m.start()), TEXT))
            pieces.append(((m.start(), m.start("indent")), BREAK))  # (the indent is kept)
            cursor = m.end()
        pieces.append(((cursor, end), TEXT))


__all__ = ["RstDocument", "parse", "read"]
