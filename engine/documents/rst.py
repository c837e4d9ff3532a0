"""reStructuredText (docutils, Sphinx, PyPI's READMEs): paragraphs, section titles, list items,
definitions, field bodies, admonitions, footnotes, figure captions and ``:alt:`` texts are units,
found line by line from the source's indentation as docutils reads it; every other byte is
kept. A title's underline (and overline) is resized to the translated title, which docutils
wants at least as wide; a title that a reference names gets an explicit target of its
source's name. Inline literals, roles, references, substitutions, footnote references and
addresses are placeholders, and emphasis and links pairs of them around words: each goes
where the translation puts it, set apart by the space (or escaped space) docutils needs.
Literal blocks, code, math, raw, comments, targets, directive options, tables and doctests
are kept byte for byte."""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from engine.documents.base import Document, decode_text, edited
from engine.documents.lined import Found, LineDocument
from engine.documents.markdown import LINE
from engine.documents.pairs import (
    BREAK,
    CLOSE,
    CODE,
    OPEN,
    TEXT,
    Apart,
    Bit,
    placed,
    trimmed,
    width,
    words,
)
from engine.text.encoding import UTF8, EncodedText, TextEncoding
from engine.text.verbatim import ADDRESS

Piece = tuple[int, int]

# A section title's over- or underline, or a transition: one punctuation character repeated.
_ADORNMENT = re.compile(r"([!-/:-@\[-`{-~])\1+[ \t]*$")
_BULLET = re.compile(r"[-*+\u2022\u2023\u2043](?:[ \t]+|$)")
_ENUMERATED = re.compile(
    r"(?:\(?(?:\d+|#|[A-Za-z]|[ivxlcdm]+|[IVXLCDM]+)\)|(?:\d+|#|[A-Za-z]|[ivxlcdm]+|[IVXLCDM]+)\.)"
    r"(?:[ \t]+|$)"
)
# (A field's name may hold inline markup: ``:`pep_references`_: True``.)
_FIELD = re.compile(r":(?![ \t])(?:[^:`\\]|\\.|`[^`]*`)+?(?<![ \t]):(?:[ \t]+|$)")
_OPTION = re.compile(r"(?:--?[\w][\w-]*|/\w)(?:[ =]?[\w<>\[\]-]+)?(?:,[ \t]+\S+)*(?:  +|$)")
_LINE_BLOCK = re.compile(r"\|(?:[ \t]+|$)")
_GRID = re.compile(r"\+[-=]+\+")
_SIMPLE = re.compile(r"=+(?:[ \t]+=+)+[ \t]*$")
_NOTE = re.compile(r"\.\.[ \t]+\[(?:\d+|#[\w.-]*|\*|[^\]\s]+)\](?:[ \t]+|$)")
_DIRECTIVE = re.compile(r"\.\.[ \t]+(?P<name>[\w][\w:.+-]*)::(?:[ \t]+|$)")
_OPTION_LINE = re.compile(r"[ \t]*:(?P<name>[\w-]+):(?:[ \t]+|$)")

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
# (Sphinx's: a version, then what changed, on its line or the lines below it, and content)
_VERSIONS = frozenset(["versionadded", "versionchanged", "deprecated", "versionremoved"])
_CONTENT = frozenset(
    [
        *("container", "figure", "epigraph", "highlights", "pull-quote", "compound", "class"),
        *("only", "rst-class", "centered", "hlist"),
    ]
)
# Sphinx's objects of its default domain (Python's) and standard one, named without a
# domain ("py:"): their signature is kept, their content is text.
_OBJECTS = frozenset(
    [
        *("function", "class", "method", "attribute", "data", "exception", "decorator"),
        *("decoratormethod", "classmethod", "staticmethod", "property", "module", "describe"),
        *("object", "envvar", "option", "program", "confval"),
    ]
)
_TEXT_OPTIONS = frozenset(["alt", "caption"])
# Directives that may come before a document's bibliography (what docutils shows nothing of,
# or puts elsewhere), and the bibliography's fields that hold no sentence.
_UNSEEN = frozenset(["include", "raw", "meta", "header", "footer", "title", "default-role"])
_KEPT = frozenset(
    [
        *("date", "author", "authors", "version", "revision", "contact", "address"),
        *("copyright", "organization"),
    ]
)

# Inline markup: what a sentence holds that is no words, each seen by the translator as a
# placeholder and written where the translation puts it. Literals, roles and interpreted
# text, references by name, substitutions, footnote references, inline targets and addresses
# are one placeholder each (``shown``: what a reader sees of it); emphasis, a link's
# ``text <target>`_`` and a named reference's ``text`_`` are a pair around words translated
# with the sentence. (A literal ends at the first two backquotes after a character that is
# no space and before no letter: "``a`` or ``b``" is two, as docutils reads them.)
_FREE = r"(?<!(?<!\\)\\)"  # (a backquote no backslash escapes: "\`backtick\`" is no markup)
_INLINE = re.compile(
    r"``(?P<literal>\S(?:[\s\S]*?\S)??)``(?![\w`])"
    r"|:[\w.+:-]+:`(?P<role>(?:[^`\\]|\\.)+)`"
    rf"|{_FREE}`(?P<rolled>(?:[^`\\]|\\.)+)`:[\w.+:-]+:"
    rf"|{_FREE}_`(?P<inline>[^`]+)`"
    rf"|(?<![\w`]){_FREE}`\s*<(?P<uri>[^`>]+)>`__?"
    rf"|{_FREE}(?P<link>`)(?P<text>[^`<]*?[^\s\\])(?P<target>\s*<[^`>]+>`__?)"
    rf"|{_FREE}(?P<named>`)(?P<name>(?:[^`\\]|\\.)+)(?P<ref>`__?)"
    rf"|(?<![\w`]){_FREE}`(?P<interpreted>(?:[^`\\]|\\.)+)`(?![\w`])"
    r"|(?<![\w|])\|(?=\S)[^|\r\n]*?\S\|(?:__?)?"
    r"|\[(?:\d+|#[\w.-]*|\*|[A-Za-z][\w.-]*)\]_"
    r"|(?<![\w\\`])(?P<word>[A-Za-z0-9](?:[\w.+-]*[A-Za-z0-9])?)__?(?![\w`])"
    rf"|(?P<address>{ADDRESS.pattern})"
    r"|(?<![\w*\\])(?P<stars>\*\*?)(?P<stressed>[^\s*](?:[^*]*?[^\s*\\])?)(?P=stars)(?![\w*])"
)
# Where a reference names its target: ``name`_``, ``name_``, ``text <name_>`_``.
_REFERENCE = re.compile(
    rf"(?<![\w`]){_FREE}`(?P<name>(?:[^`<\\]|\\.)+)`_(?!_)"
    r"|(?<![\w\\`])(?P<word>[A-Za-z0-9](?:[\w.+-]*[A-Za-z0-9])?)_(?![\w`])"
    r"|<(?P<alias>[^`<>]+)_>`__?"
)
# An explicit target, ``.. _name:`` (or ``.. _`name`:``).
_TARGET = re.compile(
    r"^[ \t]*\.\.[ \t]+_(?:`(?P<quoted>[^`]+)`|(?P<name>(?:[^:\\\r\n]|\\.)+)):", re.M
)
# A name an embedded alias (``text <name_>`__``) can give: docutils reads no brackets,
# escapes or ``%`` there.
_ALIASED = re.compile(r"[\w.:+\"' \t\r\n-]+")


def read(data: bytes, path: Path, *, encoding: str | None = None) -> Document:
    source, found = decode_text(data, path, "reStructuredText", encoding=encoding)
    return parse(source, path, found)


def parse(source: str, path: Path, encoding: TextEncoding = UTF8) -> RstDocument:
    """The document of a reStructuredText text (already decoded; ``encoding`` is the file's)."""
    parser = _Parser(source)
    parser.block([(n, parser.starts[n]) for n in range(len(parser.starts))])
    return RstDocument(path, source, parser.found, encoding, parser.referenced - parser.defined)


@dataclass(frozen=True)
class _Found(Found):
    """``inline``: a copy of its line would be a second title, term or option. ``colons``: a
    paragraph's ``::`` that introduces a literal block: in a bilingual output the copy
    introduces it, and the source's reads as docutils shows it (``:`` or nothing)."""

    colons: tuple[int, int, str] | None = None


class RstDocument(LineDocument[_Found]):
    """Bilingual: each paragraph followed by a copy holding the translation, in the same list
    item, footnote or admonition (its marker written as spaces); a title, a definition's term
    and a directive's title or option read "source / translation"."""

    def __init__(
        self,
        path: Path,
        source: str,
        found: Sequence[_Found],
        encoding: TextEncoding,
        referenced: frozenset[str] = frozenset(),
    ) -> None:
        super().__init__(path, source, found, encoding, _APART)
        # A backquote in a translation's words is one (the unit's markup is placeholders):
        # escaped, as a model that moved a space ("SHIFT-`+SPACE") would begin markup.
        for escapes in self.escapes:
            escapes.setdefault(ord("`"), "\\`")
        # Titles whose name (their implicit target's) a reference uses: see ``_targets``.
        self.named = {
            n: " ".join(u.shown.split())
            for n, (u, f) in enumerate(zip(self.units, found, strict=True))
            if f.adornments and _normal(u.shown) in referenced
        }

    def parts(self, n: int, text: str) -> list[str]:
        if text != self.units[n].text and all(b.kind in (TEXT, BREAK) for b in self.found[n].bits):
            return self._fitted(n, text)
        return super().parts(n, text)

    def _copied(self, n: int, text: str) -> list[str]:
        """Unit ``n``'s parts in a bilingual copy, its markup that a document holds once
        written so that the copy takes or defines none of it again (see ``_in_copy``)."""
        bits = self.found[n].bits
        if all(b.kind in (TEXT, BREAK) for b in bits):
            return self.parts(n, text)
        return placed(text, bits, self.source, self.escapes[n], _APART, _in_copy)

    def _targets(self, translations: Sequence[str]) -> list[tuple[int, int, str]]:
        """An explicit target (``.. _Installation:``) above each translated title that a
        reference names (```Installation`_``): its implicit target was its source's words,
        and the reference would find none."""
        edits = []
        for n, name in self.named.items():
            if translations[n] == self.units[n].text or "`" in name:
                continue
            at = min(a for a, _ in (*self.found[n].adornments, self._bounds(n)))
            newline = self.newline(at)
            written = f"`{name}`" if ":" in name or name.startswith("_") else name
            edits.append((at, at, f".. _{written}:{newline}{newline}"))
        return edits

    def render_text(self, translations: Sequence[str]) -> str:
        self._check(translations)
        edits: list[tuple[int, int, str]] = []
        for n, text in enumerate(translations):
            own = self._edits(n, text)
            edits += own
            if self.found[n].adornments:  # (a title: its lines again, as wide as they are now)
                edits += self._adorned(n, self._line(n, text, own))
        edits += self._targets(translations)
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
            made = self._edits(n, text, copy=True)
            translated = self._line(n, text, made)[self.spans[n][0] - start :]
            line = f"{own.rstrip()} / {translated.strip()}"
            edits.append((start, start + len(own.rstrip()), line))
            edits += self._adorned(n, line)
        edits += self._targets(translations)
        edits += self.copies(copied, translations)
        return self.encoding.encode(edited(self.source, edits))

    def _adorned(self, n: int, line: str) -> list[tuple[int, int, str]]:
        """A title's over- and underline as long as its translated ``line`` is wide, and as
        much longer as they were than the source's title (docutils warns of a title longer
        than its underline, and Sphinx's -W fails on it)."""
        adornments = self.found[n].adornments
        if not adornments:
            return []
        start, end = self._bounds(n)
        own = width(self.source[start:end].rstrip())
        edits = []
        for a, b in adornments:
            mark = self.source[a:b].rstrip()
            length = max(width(line.rstrip()) + len(mark) - own, width(line.rstrip()))
            edits.append((a, a + len(mark), mark[0] * length))
        return edits

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


# A reference's embedded target (not an escaped ``\<``: ```\<target>`__`` is a name).
_EMBEDDED = re.compile(r"(?<!\\)<[^`<>]+>`__?$")


def _in_copy(markup: str) -> str:
    """``markup`` as a bilingual copy writes it, taking no target and defining no name a
    second time: an anonymous reference (``word__``, ``|badge|__``, ```text`__``, which
    takes the next ``__`` target) as its words, a link (```text <url>`_``, which names its
    target) as an anonymous one, an auto-numbered footnote's reference (``[#]_``) not at
    all and an inline target (``_`name```) as its words."""
    embedded = _EMBEDDED.search(markup) is not None
    if embedded and markup.endswith("`_"):
        return markup + "_"
    if markup in ("[#]_", "[*]_"):
        return ""
    if markup.startswith("_`"):
        return markup[2:-1]
    if markup.endswith("|__"):
        return markup[:-2]
    if markup.endswith("__") and not embedded:
        return markup.removesuffix("__").strip("`")
    return markup


def _opens(c: str) -> bool:
    """Whether inline markup may start after ``c`` (docutils' openers and delimiters: of
    ASCII's punctuation only these, not ``,`` or ``*``; past it, the punctuation)."""
    if c.isascii():
        return c in "\"'(<[{-/:"
    return unicodedata.category(c) in ("Ps", "Pi", "Pf", "Pd", "Po")


def _closes(c: str) -> bool:
    """Whether inline markup may end before ``c`` (its closers and delimiters)."""
    if c.isascii():
        return c in "\"')>]}-/:\\.,;!?"
    return unicodedata.category(c) in ("Pe", "Pi", "Pf", "Pd", "Po")


# Inline markup as docutils reads it: after an opener, before a closer, else an escaped space.
_APART = Apart(_opens, _closes, "\\ ")


# A line of a block, as (line number, where the block's left margin is in the source).
_Row = tuple[int, int]


class _Parser:
    def __init__(self, source: str) -> None:
        self.source = source
        self.starts: list[int] = []
        self.ends: list[int] = []
        for m in LINE.finditer(source):
            self.starts.append(m.start())
            self.ends.append(m.start() + len(m.group().rstrip("\r\n")))
        self.found: list[_Found] = []
        # The names references use, and those explicit targets define (see ``RstDocument``).
        self.referenced = frozenset(
            _normal(re.sub(r"\\(.)", r"\1", m["name"] or m["word"] or m["alias"]))
            for m in _REFERENCE.finditer(source)
        )
        self.defined = frozenset(
            _normal(m["quoted"] or m["name"]) for m in _TARGET.finditer(source)
        )
        self.docinfo = self.bibliography()

    def bibliography(self) -> frozenset[int]:
        """The lines that begin a field of the document's bibliography (docinfo, whose
        :Date: or :Author: docutils reads as one paragraph each): those of the field list
        that comes first, after the title and what shows nothing (comments, targets,
        substitutions, includes)."""
        n = 0
        lines = [self.source[a:b] for a, b in zip(self.starts, self.ends, strict=True)]
        while n < len(lines):
            line = lines[n]
            if not line.strip() or _ADORNMENT.match(line) or line.startswith("__ "):
                n += 1
            elif n + 1 < len(lines) and _ADORNMENT.match(lines[n + 1]):
                n += 2  # a title
            elif line.startswith(".."):
                m = _DIRECTIVE.match(line)
                if m and m["name"].lower() not in _UNSEEN:
                    return frozenset()
                n += 1
                while n < len(lines) and (not lines[n].strip() or lines[n][:1] in " \t"):
                    n += 1
            else:
                break
        fields = set()
        while n < len(lines) and (_FIELD.match(lines[n]) or not lines[n][:1].strip()):
            if _FIELD.match(lines[n]):
                fields.add(n)
            n += 1
        return frozenset(fields)

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
        if re.match(r">>>(?: |$)", text):  # (before a title: ">>>" alone is no underline)
            return self.until_blank(rows, i)
        if _ADORNMENT.match(text):
            below = self.text(rows[i + 2]) if i + 2 < len(rows) else ""
            if after.strip() and below.rstrip() == text.rstrip():
                self.title(rows[i + 1], (rows[i], rows[i + 2]))
                return i + 3
            if not _SIMPLE.match(text) and len(text.strip()) >= 4:
                return i + 1  # a transition, or an underline alone
            # (shorter, it is a paragraph's text: a lone "::" introduces a literal block)
        if _SIMPLE.match(text):
            return self.simple_table(rows, i)
        if _GRID.match(text):
            return self.until_blank(rows, i)
        # (an underline under four characters and shorter than its title is text, as
        # docutils reads it: "Any whole number:" above "::" introduces a literal block)
        mark = after.strip()
        underlined = _ADORNMENT.match(after) and len(mark) >= min(4, width(text.strip()))
        if underlined and not text.rstrip().endswith("::"):
            self.title(rows[i], (rows[i + 1],))
            return i + 2
        for marker in (_BULLET, _ENUMERATED, _FIELD, _LINE_BLOCK):
            m = marker.match(text)
            if m and marker is _FIELD and rows[i][0] in self.docinfo:
                return self.bibliographic(rows, i, m.end())
            if m and (marker is not _ENUMERATED or self.listed(rows, i)):
                listed = marker in (_BULLET, _ENUMERATED)
                return self.item(rows, i, m.end(), known=listed and bool(text[m.end() :].strip()))
        if _OPTION.match(text) and not after.strip().startswith(text[:1]):
            return self.indented(rows, i + 1)  # an option list's item: kept
        if after.strip() and i + 1 < len(rows) and self.indent(rows[i + 1]) > 0:
            # A definition list's term, its definition indented below it.
            self.unit([(rows[i][1], self.ends[rows[i][0]])], inline=True)
            j = self.indented(rows, i + 1)
            self.block(self.dedented(rows[i + 1 : j]))
            return j
        return self.paragraph(rows, i)

    def bibliographic(self, rows: Sequence[_Row], i: int, marker: int) -> int:
        """A field of the document's bibliography: a date, a name, an address or a version
        is kept (``$Date: ...$``, which docutils cleans up, too); any other's text is
        translated, and in a bilingual output its copy follows it on its line, as one
        paragraph (:Abstract: and :Dedication: hold many)."""
        name = self.text(rows[i])[1:marker].rstrip()[:-1].lower()
        if name in _KEPT:
            return self.indented(rows, i + 1)
        first = len(self.found)
        j = self.item(rows, i, marker)
        if name not in ("abstract", "dedication"):
            self.found[first:] = [dataclasses.replace(f, inline=True) for f in self.found[first:]]
        return j

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
        if text_end > a:
            lines[-1] = (a, text_end)
            self.unit(lines, colons=(text_end, cut + 2, shown))
        elif len(lines) > 1:
            # ("Any whole number:" above a line "::": the lines above are the unit, and in a
            # bilingual output the copy comes before the "::", which introduces the block)
            self.unit(lines[:-1])
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

    def item(self, rows: Sequence[_Row], i: int, marker: int, known: bool = False) -> int:
        """A list item, field or footnote: its body begins after the marker. A list item
        with text after its marker (``known``) is indented as wide as the marker, as
        docutils reads it: ``- Install::`` then a line indented four is a literal block
        indented two; a field's or footnote's body is indented as its least indented line."""
        first = (rows[i][0], rows[i][1] + marker)
        if not known:
            j = self.indented(rows, i + 1)
            self.block([first, *self.dedented(rows[i + 1 : j])])
            return j
        j = end = i + 1
        while j < len(rows) and (self.blank(rows[j]) or self.indent(rows[j]) >= marker):
            j += 1
            if not self.blank(rows[j - 1]):
                end = j
        body = [(n, at if self.blank((n, at)) else at + marker) for n, at in rows[i + 1 : end]]
        self.block([first, *body])
        return end

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
        # The argument goes on up to a blank line or the first option (a Sphinx signature's
        # other forms, a long title); an admonition has none: its text begins there.
        k = 0
        if name not in _ADMONITIONS:
            while (
                k < len(body)
                and not self.blank(body[k])
                and not _OPTION_LINE.match(self.text(body[k]))
            ):
                k += 1
        more = body[:k]
        while k < len(body) and not self.blank(body[k]):
            option = _OPTION_LINE.match(self.text(body[k]))
            if option is None:
                break
            if option["name"] in _TEXT_OPTIONS and self.text(body[k])[option.end() :].strip():
                row = body[k]
                # (an image's :alt: is no text a reader reads: a badge's "build status")
                read = option["name"] != "alt"
                self.unit([(row[1] + option.end(), self.ends[row[0]])], inline=True, read=read)
            k += 1
            while k < len(body) and not self.blank(body[k]) and self.indent(body[k]) > 0:
                k += 1  # (an option's value goes on, indented)
        content = body[k:]
        argument = (rows[i][0], rows[i][1] + m.end())
        if name in _ADMONITIONS:
            self.block([argument, *content] if self.text(argument).strip() else content)
        elif name in _TITLED:
            if self.text(argument).strip():
                lines = [(r[1], self.ends[r[0]]) for r in (argument, *more)]
                self.unit(lines, inline=not more)
            self.block(content)
        elif name in _VERSIONS:
            # ("3.0 Added the function.": the words after the version are text, as are
            # the lines below it, which Sphinx reads as the same argument)
            version = re.match(r"[ \t]*\S+[ \t]*", self.text(argument))
            start = argument[1] + (version.end() if version else 0)
            lines = [(start, self.ends[argument[0]])] if start < self.ends[argument[0]] else []
            lines += [(r[1], self.ends[r[0]]) for r in more]
            if lines:
                self.unit(lines)
            self.block(content)
        elif name in _CONTENT or name in _OBJECTS or ":" in name:
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
        read: bool = True,
    ) -> None:
        """A unit of these lines' text: its inline markup a placeholder or a pair of them,
        its line breaks kept with the indent after them."""
        start, end = lines[0][0], lines[-1][1]
        bits: list[Bit] = []
        cursor = start
        for m in _INLINE.finditer(self.source, start, end):
            words(self.source, cursor, m.start(), bits)
            self.markup(m, bits)
            cursor = m.end()
        words(self.source, cursor, end, bits)
        bits = trimmed(bits)
        if any(b.kind == TEXT and self.source[slice(*b.span)].strip() for b in bits):
            self.found.append(_Found(tuple(bits), start, inline, adornments, read, colons))

    def markup(self, m: re.Match[str], bits: list[Bit]) -> None:
        """The pieces of one match of ``_INLINE``."""
        a, b = m.span()
        if m["stars"] is not None:  # emphasis, strong emphasis
            inner = m.span("stressed")
            bits.append(Bit((a, inner[0]), OPEN))
            words(self.source, *inner, bits)
            bits.append(Bit((inner[1], b), CLOSE))
        elif m["link"] is not None and (
            m["target"].endswith("__") or _normal(m["text"]) not in self.referenced
        ):
            # (its text names a target that another reference uses: it stays as it is)
            bits.append(Bit((a, m.start("text")), OPEN, bare="`" + m["target"].lstrip()))
            words(self.source, *m.span("text"), bits)
            bits.append(Bit((m.end("text"), b), CLOSE))
        elif m["named"] is not None and _ALIASED.fullmatch(m["name"]):
            # ``text`_``: translated, it reads ``translation <text_>`__``, the target named
            # as before (an anonymous ``text`__`` is no name: its text is free).
            name = " ".join(m["name"].split())
            renamed = f" <{name}_>`__" if m["ref"] == "`_" else ""
            bits.append(Bit((a, m.start("name")), OPEN, bare=m.group()))
            words(self.source, *m.span("name"), bits)
            bits.append(Bit((m.end("name"), b), CLOSE, renamed=renamed))
        else:
            bits.append(Bit((a, b), CODE, shown=_shown(m)))


def _shown(m: re.Match[str]) -> str:
    """What a reader sees of a placeholder's markup: a literal's, a role's or a reference's
    text, an address; nothing of a substitution (a badge) or a footnote's reference."""
    for group in ("literal", "inline", "interpreted", "word", "address", "uri", "text"):
        if m[group] is not None:
            return " ".join(m[group].split())
    text = m["role"] or m["rolled"]
    if text is None:
        return ""
    titled = re.match(r"([\s\S]*?\S)\s*<[^<>]+>$", text)  # :ref:`text <label>`
    if titled:
        text = titled[1]
    elif text.startswith("~"):  # (Sphinx shows the last name of ``~pkg.mod.func``)
        text = text[1:].split(".")[-1]
    return " ".join(text.lstrip("!").split())


def _normal(name: str) -> str:
    """A reference's name as docutils compares them: lower case, whitespace collapsed."""
    return " ".join(name.lower().split())


__all__ = ["RstDocument", "parse", "read"]
