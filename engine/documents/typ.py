"""Typst (.typ): headings, paragraphs, list, enum and term items (a term and its description
each) and the content blocks ``[…]`` of function calls (a figure's caption, a quote, a
footnote, a table's cells, ``#align(center)[…]``'s body) are units, found line by line as
Typst's markup mode reads them; every other byte is kept: code (``#let``, ``#set``,
``#show``, ``#import``, ``#{…}``, a call's arguments and strings but a caption's, a title's
and their kind, units of their own), comments, raw text and blocks, display math. Inside a
sentence, inline math, raw text, references, labels, code and line breaks are placeholders
that go where the translation puts them (a ``~`` is sent as the non-breaking space it is,
U+00A0, and written back as ``~``); ``*strong*``, ``_emph_`` and ``#emph[…]``,
``#link("…")[…]`` and their kind are pairs around words translated with the sentence; a
footnote's text is a unit of its own, written back inside its call. ``#set text(lang: …)``
names the translation's language (and its region, or none)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from engine.api import Note
from engine.documents.base import Document, decode_text, edited
from engine.documents.errors import DocumentError
from engine.documents.lined import Found, LineDocument
from engine.documents.pairs import BREAK, CLOSE, CODE, OPEN, TEXT, Apart, Bit, trimmed
from engine.text.encoding import UTF8, TextEncoding

Piece = tuple[int, int]

# Calls whose one content block is words of the sentence around it: a pair of placeholders.
_PAIRS = frozenset(
    [
        *("emph", "strong", "link", "text", "underline", "overline", "strike", "highlight"),
        *("smallcaps", "sub", "super", "upper", "lower", "quote", "box"),
    ]
)
# What begins a statement kept whole (its content blocks are code's, not the document's).
_STATEMENTS = frozenset(
    [
        *("let", "set", "show", "import", "include", "if", "for", "while", "context"),
        *("return", "break", "continue"),
    ]
)
# A show rule's arguments whose content is text: the paper's, the letter's, the book's.
_TEMPLATE_TEXTS = frozenset(["title", "subtitle", "abstract", "subject", "description"])
# A template's (``#show: paper.with(…)``) arguments whose content is no prose: names,
# addresses, dates (every other one, ``dedication: […]``, ``preface: […]``, is text).
_TEMPLATE_KEPT = frozenset(
    [
        *("author", "authors", "editor", "editors", "name", "names", "sender", "recipient"),
        *("affiliation", "affiliations", "address", "email", "emails", "phone", "url"),
        *("date", "dates"),
    ]
)
# The string arguments a reader sees: a figure's caption, a template's or a CV entry's title
# (every other string is code's: a font, a key, a file, a date).
_STRING_TEXTS = frozenset(
    ["title", "subtitle", "caption", "description", "degree", "subject", "supplement"]
)
# The set rules whose content is seen: a page's running header and footer, the PDF's title,
# and the names an author gives in place of the language's own (the outline's and the
# bibliography's title, "Chapter", "Fig.": set so, they stayed English in a German paper).
_SET_TEXTS = {
    "page": frozenset(["header", "footer"]),
    "document": frozenset(["title"]),
    "outline": frozenset(["title"]),
    "bibliography": frozenset(["title"]),
    "heading": frozenset(["supplement"]),
    "figure": frozenset(["supplement"]),
}
_SET = re.compile(r"#set[ \t]+(page|document|outline|bibliography|heading|figure)[ \t]*\(")
_NAMED = re.compile(r"([A-Za-z][\w-]*)[ \t]*:[ \t]*")
_STRING_ESCAPE = re.compile(r"\\[^\\\"]")
_IDENT = re.compile(r"[A-Za-z_][\w-]*")
_HEADING = re.compile(r"=+(?:[ \t]+|(?=\r?\n|$))")
_ITEM = re.compile(r"(?:[-+]|\d+\.)(?:[ \t]+|(?=\r?\n|$))")
_TERM = re.compile(r"/[ \t]+")
_URL = re.compile(r"https?://[^\s()\[\]<>\"]*[^\s()\[\]<>\".,;:!?']")
_LABEL = re.compile(r"<[\w:.-]+>")
# What may follow a block on its line: its label, a comment.
_ALONE = re.compile(r"[ \t]*(?:<[\w:.-]+>)?[ \t]*(?://.*)?")
_REF = re.compile(r"@[\w:.-]*[\w]")
_BREAK_AT = re.compile(r"(\r\n|\r|\n)[ \t]*")
_LANG = re.compile(r"#set[ \t]+text[ \t]*\(")
# In code: a template function's or a ``#show: doc => {…}`` closure's own rule.
_SET_TEXT = re.compile(r"\bset[ \t]+text[ \t]*\(")
_TEMPLATE = re.compile(r"#let[ \t]+([A-Za-z_][\w-]*)[ \t]*\(")
_SHOW_ALL = re.compile(r"#show[ \t]*:")
_SHOWN = re.compile(r"#show[ \t]*:[ \t]*([A-Za-z_][\w-]*)")
_LANG_SET = re.compile(r"\bset[ \t]+text[ \t]*\([^)]*\blang[ \t]*:")
_INCLUDE = re.compile(r"#include[ \t]+\"([^\"]*)\"")
_IMPORT = re.compile(r"#import[ \t]+\"([^\"@][^\"]*)\"")
_ARG = re.compile(r"\b(lang|region)[ \t]*:[ \t]*(\"[^\"\n]*\"|none)")
# What a translation's words would begin as markup: written escaped (an ``&`` is text).
_ESCAPES = {ord(c): "\\" + c for c in "\\#$*_`@<[]/~"}
# A line of translation that would begin a list, a heading or a term.
_LINE_START = re.compile(r"(?:[-+=]|/|\d+\.)(?=[ \t]|$)")
# Typst's strong and emphasis may not begin or end inside a word (its lexer's ``in_word``):
# beside a letter, markup is set apart by a space; beside other markup or Chinese, nothing.
_APART = Apart(lambda c: not c.isalnum(), lambda c: not c.isalnum(), "")


def read(data: bytes, path: Path, *, encoding: str | None = None) -> Document:
    if encoding is None:
        if b"\x00" in data:  # (a picture or a PDF under a .typ name: no encoding helps)
            raise DocumentError(
                "The file is not Typst: it holds binary data",
                path=path,
                hint="Give a .typ file saved by a text editor or the Typst app",
                message_id="document.damaged_file",
                params={"suffix": path.suffix},
            )
        try:
            source = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            raise DocumentError(
                f"The file is not UTF-8 text (line {line}), and Typst reads only UTF-8",
                path=path,
                hint="Save it as UTF-8, or give its encoding with --encoding, then retry",
                message_id="document.typst_not_utf8",
                params={"line": line},
            ) from None
        found = UTF8
    else:  # (written as UTF-8, the only encoding Typst reads)
        source, _ = decode_text(data, path, "Typst", encoding=encoding)
        found = UTF8
    parser = _Parser(source, path)
    parser.block(0, len(source))
    parser.templates()
    document = TypstDocument(path, source, parser, found)
    if not parser.languages:
        document.notes = _imported_language(source, path)
    if parser.included:
        files = ", ".join(dict.fromkeys(parser.included))
        document.notes += (
            Note(
                f"The files it includes are not translated with it ({files}): translate "
                "them too, then have it #include the translations",
                "document.tex_included",  # (LaTeX's words: they fit)
                {"files": files},
            ),
        )
        # (a thesis's main file of #include's alone: copied, a folder's set kept whole)
        document.copied_without_text = not document.units
    elif not document.units and source.strip("\ufeff \t\r\n"):
        # (a project's template or settings of #let's alone: copied, or the translation's
        # #import of it would find nothing)
        document.copied_without_text = True
        document.notes = (  # (first: what became of the file, which the app's row says)
            Note(
                f"{path.name} has no text to translate, only code: it is copied as it is",
                "document.no_text_copied",
                {"name": path.name},
            ),
            *document.notes,
        )
    return document


def _imported_language(source: str, path: Path) -> tuple[Note, ...]:
    """A note naming the files the document imports that set its language (the
    translation's is not set there)."""
    files = []
    for m in _IMPORT.finditer(source):
        imported = path.parent / m[1]
        try:
            text = imported.read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if _LANG_SET.search(text):
            files.append(m[1])
    if not files:
        return ()
    names = ", ".join(dict.fromkeys(files))
    return (
        Note(
            f"The document's language is set in a file it imports ({names}), not changed "
            "there: set it in the translation (#set text(lang: …)) or translate that file too",
            "document.typst_imported_language",
            {"files": names},
        ),
    )


def _past_break(source: str, i: int) -> int:
    if source.startswith("\r\n", i):
        return i + 2
    return i + 1 if source[i : i + 1] in ("\r", "\n") else i


class _Unclosed(Exception):
    def __init__(self, at: int, bracket: str) -> None:
        self.at, self.bracket = at, bracket


_CLOSERS = {"(": ")", "[": "]", "{": "}"}


def _raw_end(source: str, i: int) -> int:
    """Past the raw text whose backquotes begin at ``i``."""
    n = len(source) - len(source[i:].lstrip("`"))
    ticks = n - i
    if ticks == 2:  # (an empty raw text)
        return n
    end = source.find("`" * ticks, n)
    if end < 0:
        raise _Unclosed(i, "`")
    return end + ticks


def _math_end(source: str, i: int) -> int:
    j = i + 1
    while j < len(source):
        c = source[j]
        if c == "\\":
            j += 2
            continue
        if c == '"':  # (text in math)
            j = _string_end(source, j)
            continue
        if c == "$":
            return j + 1
        if c == "#":  # (code in math, which may hold math: ``$sqrt(#hide($x$))$``)
            j = max(_Expression.at(source, j).end, j + 1)
            continue
        if (end := _comment_end(source, j)) is not None:
            j = end
            continue
        j += 1
    raise _Unclosed(i, "$")


def _string_end(source: str, i: int) -> int:
    """Past the string whose ``"`` is at ``i`` (a string may span lines)."""
    j = i + 1
    while j < len(source):
        if source[j] == "\\":
            j += 2
        elif source[j] == '"':
            return j + 1
        else:
            j += 1
    raise _Unclosed(i, '"')


def _comment_end(source: str, i: int) -> int | None:
    """Past the comment at ``i`` (its line's end not included), or None: no comment."""
    if source.startswith("//", i):
        end = source.find("\n", i)
        return len(source) if end < 0 else end - (source[end - 1] == "\r")
    if source.startswith("/*", i):
        end = source.find("*/", i + 2)
        if end < 0:
            raise _Unclosed(i, "/*")
        return end + 2
    return None


def _code_end(source: str, i: int, closer: str) -> tuple[int, list[Piece]]:
    """Past the code that ends at ``closer`` (``i`` after its opening), and the spans of
    the content blocks in it (their insides), at any depth."""
    blocks: list[Piece] = []
    j = i
    while j < len(source):
        c = source[j]
        if c == closer:
            return j + 1, blocks
        if c == '"':
            j = _string_end(source, j)
        elif (end := _comment_end(source, j)) is not None:
            j = end
        elif c == "`":
            j = _raw_end(source, j)
        elif c == "$":
            j = _math_end(source, j)
        elif c == "[":
            end = _markup_end(source, j + 1)
            blocks.append((j + 1, end - 1))
            j = end
        elif c in "({":
            j, inner = _code_end(source, j + 1, _CLOSERS[c])
            blocks += inner
        elif c in ")]}":
            raise _Unclosed(j, c)
        else:
            j += 1
    raise _Unclosed(i - 1, source[i - 1])


def _markup_end(source: str, i: int) -> int:
    """Past the ``]`` that closes the content block whose inside begins at ``i``."""
    depth = 0
    j = i
    while j < len(source):
        c = source[j]
        if c == "\\":
            j += 2
        elif c == "]":
            if depth == 0:
                return j + 1
            depth -= 1
            j += 1
        elif c == "[":
            depth += 1
            j += 1
        else:
            j = _skip(source, j) or j + 1
    raise _Unclosed(i - 1, "[")


def _skip(source: str, j: int) -> int | None:
    """Past markup at ``j`` whose brackets are no text (raw, math, a comment, an address,
    embedded code), or None."""
    c = source[j]
    if c == "`":
        return _raw_end(source, j)
    if c == "$":
        return _math_end(source, j)
    if c == "/":
        return _comment_end(source, j)
    if c == "h" and (m := _URL.match(source, j)):
        return m.end()
    if c == "#":
        return _Expression.at(source, j).end
    return None


@dataclass
class _Expression:
    """Embedded code at ``#``: where it ends, its name, whether it is a statement, where
    its arguments are, the insides of its trailing content blocks and of those in its
    arguments."""

    end: int
    name: str = ""
    statement: bool = False
    trailing: tuple[Piece, ...] = ()
    inner: tuple[Piece, ...] = ()
    arguments: bool = False

    @classmethod
    def at(cls, source: str, i: int) -> _Expression:
        j = i + 1
        c = source[j : j + 1]
        if c == "[":  # (content: ``#[…]``, words as its pair's)
            end = _markup_end(source, j + 1)
            return cls(end, trailing=((j + 1, end - 1),))
        if c in ("{", "("):
            end, blocks = _code_end(source, j + 1, _CLOSERS[c])
            return cls(end, statement=True, inner=tuple(blocks))
        m = _IDENT.match(source, j)
        if m is None:
            return cls(j)  # (a lone ``#``: text)
        name = m.group()
        if name in _STATEMENTS:
            return cls(_statement_end(source, m.end()), name, statement=True)
        j = m.end()
        trailing: list[Piece] = []
        inner: list[Piece] = []
        arguments = False
        while j < len(source):
            c = source[j]
            if c == "(":
                j, blocks = _code_end(source, j + 1, ")")
                inner += blocks
                arguments = True
            elif c == "[":
                end = _markup_end(source, j + 1)
                trailing.append((j + 1, end - 1))
                j = end
            elif c == "." and (m := _IDENT.match(source, j + 1)):
                j = m.end()
            else:
                break
        # (``#name-`` : a hyphen at a word's end is text)
        while source[i:j].endswith("-") and j > i + 1:
            j -= 1
        return cls(j, name, False, tuple(trailing), tuple(inner), arguments)


def _statement_end(source: str, i: int) -> int:
    """Past a statement: its line's end, or past the brackets it opened there."""
    j = i
    while j < len(source):
        c = source[j]
        if c == ";":
            return j + 1
        if c in "\r\n)]}":  # (or the end of the brackets it stands in: ``[#if a [s]]``)
            return j
        if c == '"':
            j = _string_end(source, j)
        elif c == "`":
            j = _raw_end(source, j)
        elif c == "$":
            j = _math_end(source, j)
        elif (end := _comment_end(source, j)) is not None:
            j = end
        elif c == "[":
            j = _markup_end(source, j + 1)
        elif c in "({":
            j = _code_end(source, j + 1, _CLOSERS[c])[0]
        else:
            j += 1
    return j


def _named(source: str, start: int, end: int, kept: Callable[[str], bool]) -> list[tuple[str, int]]:
    """The named arguments (and a dictionary's entries) of the code from ``start`` to
    ``end``, at any depth but inside one whose name ``kept`` says: each one's name and
    where its value begins."""
    found: list[tuple[str, int]] = []
    j = start
    while j < end:
        c = source[j]
        m = _NAMED.match(source, j)
        if c == '"':
            j = _string_end(source, j)
        elif c == "[":  # (a content block given by place: the function's)
            j = _markup_end(source, j + 1)
        elif c in "`$/" and (stop := _skip(source, j)) is not None:  # (raw, math, comments)
            j = stop
        elif m and (j == 0 or not (source[j - 1].isalnum() or source[j - 1] in "_-.")):
            v = m.end()
            if kept(m[1]):
                if source[v : v + 1] == '"':
                    j = _string_end(source, v)
                else:
                    j = max(_Expression.at(source, v - 1).end, v + 1)
            else:
                found.append((m[1], v))
                j = v
        else:
            j += 1
    return found


def _set_texts(source: str, start: int, end: int) -> list[Piece]:
    """The ``set text(…)`` rules of the code from ``start`` to ``end``, outside its content
    blocks (one there sets its own words' language: a quote's)."""
    found: list[Piece] = []
    j = start
    while j < end:
        c = source[j]
        if c == '"':
            j = _string_end(source, j)
        elif c in "`$/[":
            j = _markup_end(source, j + 1) if c == "[" else (_skip(source, j) or j + 1)
        elif (m := _SET_TEXT.match(source, j)) and (j == 0 or not source[j - 1].isalnum()):
            stop = _code_end(source, m.end(), ")")[0]
            found.append((j, stop))
            j = stop
        else:
            j += 1
    return found


def _in_word(source: str, j: int) -> bool:
    """Whether a ``*`` or ``_`` at ``j`` stands between two letters (Typst reads it so)."""

    def wordy(c: str) -> bool:
        return c.isalnum() and not ("\u2e80" <= c <= "\ud7ff")

    return j > 0 and j + 1 < len(source) and wordy(source[j - 1]) and wordy(source[j + 1])


class _Parser:
    def __init__(self, source: str, path: Path) -> None:
        self.source, self.path = source, path
        self.found: list[Found] = []
        self.inline: list[bool] = []
        # Per unit, the unit and markup it lies in (a footnote's text in its paragraph).
        self.parents: list[tuple[int, Piece] | None] = []
        self.languages: list[Piece] = []
        # The file's own functions (``#let name(…) = …``) and what ``#show:`` applies:
        # a template's ``set text(lang: …)`` is the document's.
        self.functions: dict[str, Piece] = {}
        self.strings: set[int] = set()  # (units that are a string's text)
        self.included: list[str] = []  # (the files ``#include`` names)
        self.shown: list[str] = []
        self.regions: list[Piece] = []
        # The column of the list item's marker being read: its lines are indented past it.
        self.margin = -1
        self.depth = 0  # (how many content blocks deep the markup being read is)

    def fail(self, exc: _Unclosed) -> DocumentError:
        line = self.source.count("\n", 0, exc.at) + 1
        return DocumentError(
            f"A {exc.bracket} on line {line} is never closed: Typst cannot compile the file",
            path=self.path,
            hint="Compile it with Typst, mend the line it names, then retry",
            message_id="document.typst_unclosed",
            params={"bracket": exc.bracket, "line": line},
        )

    def block(self, start: int, end: int, parent: tuple[int, Piece] | None = None) -> None:
        try:
            self._block(start, end, parent)
        except _Unclosed as exc:
            raise self.fail(exc) from None

    def _block(self, start: int, end: int, parent: tuple[int, Piece] | None) -> None:
        """The units of markup from ``start`` to ``end`` (a file, a content block's inside)."""
        s = self.source
        i = start
        lines: list[Piece] = []  # (the paragraph's or item's text so far)
        outer, self.margin = self.margin, -1
        self.depth += 1

        def flush() -> None:
            if lines:
                self.unit(lines[0][0], lines[-1][1], parent)
            lines.clear()
            self.margin = -1

        while i < end:
            line_start = i
            while i < end and s[i] in " \t":
                i += 1
            column = i - line_start
            if i >= end:
                break
            if s[i] in "\r\n":  # (a blank line)
                flush()
                i = _past_break(s, i)
                continue
            i = _past_break(s, self.line(i, end, column, lines, flush, parent))
        flush()
        self.margin = outer
        self.depth -= 1

    def line(
        self,
        i: int,
        end: int,
        column: int,
        lines: list[Piece],
        flush: Callable[[], None],
        parent: tuple[int, Piece] | None,
    ) -> int:
        """Read the line whose text begins at ``i``: where it ends."""
        s = self.source
        c = s[i]
        if s.startswith("```", i):
            flush()
            return self.eol(_raw_end(s, i), end)
        comment = _comment_end(s, i)
        if comment is not None:
            flush()
            return self.eol(comment, end)
        if c == "$":
            stop = _math_end(s, i)
            if _ALONE.fullmatch(s, stop, self.eol(stop, end)):  # (display math, its label)
                flush()
                return self.eol(stop, end)
        if c == "#":
            expression = _Expression.at(s, i)
            alone = _ALONE.fullmatch(s, expression.end, self.eol(expression.end, end))
            inline = expression.name in _PAIRS or not expression.name
            if alone and not (lines and inline and "\n" not in s[i : expression.end]):
                flush()
                if _LANG.match(s, i) and self.depth == 1:  # (the file's, not a block's)
                    self.language(i, expression.end)
                elif m := _INCLUDE.match(s, i):
                    self.included.append(m[1])
                elif self.depth == 1 and (m := _TEMPLATE.match(s, i)):
                    self.functions[m[1]] = (i, expression.end)
                elif self.depth == 1 and (m := _SHOWN.match(s, i)):
                    self.shown.append(m[1])
                    for a, b in _set_texts(s, m.end(), expression.end):
                        self.language(a, b)
                if not expression.statement:
                    for a, b in (*expression.inner, *expression.trailing):
                        self._block(a, b, parent)
                    for name, v in _named(s, i, expression.end, lambda name: False):
                        if name in _STRING_TEXTS and s.startswith('"', v):
                            self.string(v, parent)
                elif expression.name in ("show", "set"):
                    for a, b in self.template(i, expression.end, parent):
                        self._block(a, b, parent)
                return self.eol(expression.end, end)
        if m := _HEADING.match(s, i):
            flush()
            stop = self.eol(m.end(), end)
            self.unit(m.end(), stop, parent, inline=True)
            return stop
        if m := _ITEM.match(s, i):
            flush()
            self.margin = column
            i = m.end()
        elif m := _TERM.match(s, i):
            flush()
            colon = self.colon(m.end(), end)
            if colon is not None:
                self.unit(m.end(), colon, parent, inline=True)
                i = colon + 1
                while i < end and s[i] in " \t":
                    i += 1
            self.margin = column
        elif lines and self.margin >= 0 and column <= self.margin:
            flush()  # (a line no deeper than its item's marker ends the item)
        stop = self.eol(i, end)
        if stop > i:
            lines.append((i, stop))
        return stop

    def after(self, at: int, end: int) -> int:
        """Past the rest of the line that ``at`` is on (kept)."""
        return self.eol(at, end)

    def template(self, start: int, end: int, parent: tuple[int, Piece] | None) -> list[Piece]:
        """The insides of the content blocks a template's ``#show: paper.with(…)`` gives
        (a name, an address or a date is kept), a show rule its title and the like, and
        ``#set page(…)`` its header and footer, ``#set document(…)`` its title; the strings
        among them that a reader sees are units."""
        s = self.source
        texts: frozenset[str] | None  # (None: every argument but those _TEMPLATE_KEPT names)
        if m := _SET.match(s, start):
            texts = _SET_TEXTS[m[1]]
        elif _SHOW_ALL.match(s, start):
            texts = None
        elif s.startswith("#show", start):
            texts = _TEMPLATE_TEXTS
        else:
            return []

        def kept(name: str) -> bool:
            return name in _TEMPLATE_KEPT if texts is None else name not in texts

        found = []
        for name, v in _named(s, start, end, kept):
            if s.startswith("[", v):
                found.append((v + 1, _markup_end(s, v + 1) - 1))
            elif s.startswith('"', v) and name in _STRING_TEXTS and not kept(name):
                self.string(v, parent)
        return found

    def string(self, at: int, parent: tuple[int, Piece] | None) -> None:
        """The text of the string whose ``"`` is at ``at``: a unit of its own, no markup. One
        holding an escape other than a quote's or a backslash's (``\\u{2014}``, ``\\n``) is
        kept: the model would see the escape, and its translation show it as text."""
        a, b = at + 1, _string_end(self.source, at) - 1
        text = self.source[a:b]
        if not any(c.isalpha() for c in text) or _STRING_ESCAPE.search(text):
            return
        self.strings.add(len(self.found))
        self.found.append(Found((Bit((a, b), TEXT),), a, inline=True))
        self.parents.append(parent)

    def eol(self, i: int, end: int) -> int:
        """Where the line that goes on at ``i`` ends (past markup that spans lines)."""
        s = self.source
        while i < end and s[i] not in "\r\n":
            if s[i] == "\\":
                i += 2
            elif s[i] == "[":
                i = _markup_end(s, i + 1)
            else:
                i = _skip(s, i) or i + 1
        return min(i, end)

    def colon(self, i: int, end: int) -> int | None:
        """Where a term's ``:`` is (past markup)."""
        s = self.source
        while i < end and s[i] not in "\r\n":
            if s[i] == ":":
                return i
            if s[i] == "\\":
                i += 2
            else:
                i = _skip(s, i) or i + 1
        return None

    def templates(self) -> None:
        """The languages the file's templates set (a function ``#show:`` applies)."""
        for name in dict.fromkeys(self.shown):
            if name in self.functions:
                for a, b in _set_texts(self.source, *self.functions[name]):
                    self.language(a, b)

    def language(self, start: int, end: int) -> None:
        for m in _ARG.finditer(self.source, start, end):
            (self.languages if m[1] == "lang" else self.regions).append(m.span(2))

    def unit(
        self, start: int, end: int, parent: tuple[int, Piece] | None, inline: bool = False
    ) -> None:
        bits: list[Bit] = []
        children: list[tuple[Piece, Piece]] = []
        self.bits(start, end, bits, children)
        bits = trimmed(bits)
        while bits and (
            bits[-1].kind == BREAK
            or bits[-1].span[0] == bits[-1].span[1]
            or (bits[-1].kind == CODE and _LABEL.fullmatch(self.source, *bits[-1].span))
            or (bits[-1].kind == TEXT and not self.source[slice(*bits[-1].span)].strip())
        ):
            bits.pop()  # (a label that ends the unit stays there: it names what it ends)
        if bits and bits[-1].kind == TEXT:  # (nor the space before it)
            a, b = bits[-1].span
            bits[-1] = Bit((a, a + len(self.source[a:b].rstrip())), TEXT)
        s = self.source
        if not any(b.kind == TEXT and s[slice(*b.span)].strip() for b in bits):
            for _, inside in children:  # (a footnote alone: its text is a unit still)
                self._block(*inside, parent)
            return
        n = len(self.found)
        self.found.append(Found(tuple(bits), start, inline))
        self.parents.append(parent)
        for markup, inside in children:
            self._block(*inside, (n, markup))

    def bits(
        self, start: int, end: int, bits: list[Bit], children: list[tuple[Piece, Piece]]
    ) -> None:
        """The pieces of inline markup from ``start`` to ``end``."""
        s = self.source
        i = text = start
        forced: set[int] = set()

        def words(upto: int) -> None:
            cursor = text
            for m in _BREAK_AT.finditer(s, text, upto):
                # (a line break written ``\`` at a line's end stays there, with its line's)
                at = m.start()
                if at - 1 in forced:  # (with the space before it)
                    at = len(s[cursor : at - 1].rstrip(" \t")) + cursor
                bits.append(Bit((cursor, at), TEXT))
                bits.append(Bit((at, m.end()), BREAK))
                cursor = m.end()
            bits.append(Bit((cursor, upto), TEXT))

        def code(a: int, b: int, shown: str = "") -> None:
            nonlocal text
            words(a)
            bits.append(Bit((a, b), CODE, shown=shown))
            text = b

        while i < end:
            c = s[i]
            if c == "\\":
                if i + 1 < end and s[i + 1] in "\r\n":
                    forced.add(i)
                elif i + 1 < end and s[i + 1] in " \t":
                    code(i, i + 2)  # (a line break, and the space that ends it)
                    i = text
                    continue
                elif s.startswith("\\u{", i):
                    code(i, s.index("}", i) + 1)
                    i = text
                    continue
                i += 2
                continue
            if c in "*_" and not _in_word(s, i):
                close = self.closing(c, i + 1, end)
                if close is not None:
                    words(i)
                    bits.append(Bit((i, i + 1), OPEN))
                    text = i + 1
                    self.bits(i + 1, close, bits, children)
                    bits.append(Bit((close, close + 1), CLOSE))
                    i = text = close + 1
                    continue
            if c == "#":
                expression = _Expression.at(s, i)
                if expression.end == i + 1:
                    i += 1
                    continue
                trailing = expression.trailing
                # (``#[…]`` over lines holds blocks, ``#set`` rules: not words of a sentence)
                paired = expression.name in _PAIRS or not (
                    expression.name or "\n" in s[i : expression.end]
                )
                if paired and len(trailing) == 1 and not expression.inner:
                    a, b = trailing[0]
                    words(i)
                    bits.append(Bit((i, a), OPEN))
                    text = a
                    self.bits(a, b, bits, children)
                    bits.append(Bit((b, expression.end), CLOSE))
                    i = text = expression.end
                    continue
                code(i, expression.end)
                children += [((i, expression.end), p) for p in (*expression.inner, *trailing)]
                i = expression.end
                continue
            if c == "$":
                stop = _math_end(s, i)
                code(i, stop, " ".join(s[i + 1 : stop - 1].split()))
                i = stop
                continue
            if c == "`":
                stop = _raw_end(s, i)
                code(i, stop, " ".join(s[i:stop].strip("`").split()))
                i = stop
                continue
            if c == "@" and (m := _REF.match(s, i)):
                stop = _markup_end(s, m.end() + 1) if s.startswith("[", m.end()) else m.end()
                code(i, stop)
                i = stop
                continue
            if c == "<" and (m := _LABEL.match(s, i)):
                between = s[text:i]
                if bits and not between.strip(" \t") and bits[-1].kind == CODE:
                    # (a label after markup names it, ``#footnote[…]<note>``: one with it)
                    bits[-1] = dataclasses.replace(bits[-1], span=(bits[-1].span[0], m.end()))
                    i = text = m.end()
                    continue
                code(i, m.end())
                i = m.end()
                continue
            if c == "h" and (m := _URL.match(s, i)) and (i == 0 or not s[i - 1].isalnum()):
                code(i, m.end(), m.group())
                i = m.end()
                continue
            if c == "/" and (comment := _comment_end(s, i)) is not None:
                if s.startswith("//", i):
                    # (a line's comment ends it wherever the translation puts the words:
                    # with the line break, never before words it would hide)
                    at = len(s[text:i].rstrip(" \t")) + text
                    words(at)
                    after = _BREAK_AT.match(s, comment, end)
                    text = i = after.end() if after else comment
                    bits.append(Bit((at, i), BREAK))
                else:
                    code(i, comment)
                    i = comment
                continue
            if c == "[":  # (brackets in text: balanced, their inside text too)
                i = i + 1
                continue
            i += 1
        words(end)

    def closing(self, mark: str, i: int, end: int) -> int | None:
        """Where the ``*`` or ``_`` that closes one opened before ``i`` is, or None."""
        s = self.source
        while i < end:
            c = s[i]
            if c == mark and not _in_word(s, i):
                return i
            if c == "\\":
                i += 2
            elif c in "\r\n" and s[i : self.eol(i + 1, end)].strip() == "":
                return None  # (a blank line ends the paragraph)
            elif c == "[":
                i = _markup_end(s, i + 1)
            else:
                i = _skip(s, i) or i + 1
        return None


def _shown_break(run: str) -> str:
    """A line break as the translator sees it: a ``\\`` or a comment that ends its line
    left out (both stay there)."""
    cut = max(run.rfind("\n"), run.rfind("\r"))
    return run[cut:] if cut > 0 and run[:cut].strip() else run


_NBSP = 0xA0
_TILDE = re.compile(r"\\*~")


def _tildes(run: str, written: str) -> str:
    """``run`` (``written``'s text, its escapes read) with each ``~`` that ``written`` has
    bare (not escaped, ``\\~``) a non-breaking space."""
    bare = iter([len(m.group()) % 2 == 1 for m in _TILDE.finditer(written)])
    return "".join("\u00a0" if c == "~" and next(bare, False) else c for c in run)


class TypstDocument(LineDocument[Found]):
    """A Typst file; its bytes outside the units' text are written as they were."""

    def __init__(self, path: Path, source: str, parser: _Parser, encoding: TextEncoding) -> None:
        super().__init__(path, source, parser.found, encoding, _APART)
        self.parents = parser.parents
        self.langs, self.regions = parser.languages, parser.regions
        self.strings = parser.strings
        for n, escapes in enumerate(self.escapes):
            if n in self.strings:  # (a string's escapes: its quote and backslash alone)
                escapes.clear()
                escapes.update({ord("\\"): "\\\\", ord('"'): '\\"'})
                continue
            escapes.update({k: v for k, v in _ESCAPES.items() if k not in escapes})
            escapes.setdefault(_NBSP, "~")
        # A line break written ``\`` at a line's end is seen as the line's end alone (it
        # stays, with the line break, whatever the translation).
        # Typst's ``~`` is a non-breaking space: sent as one (a model keeps it between its
        # words, where a "~" would be text), written back as ``~``.
        units = []
        for n, (unit, found) in enumerate(zip(self.units, parser.found, strict=True)):
            runs = [
                _shown_break(run)
                if b.kind == BREAK
                else _tildes(run, source[slice(*b.span)])
                if b.kind == TEXT and "~" in run and n not in parser.strings
                else run
                for b, run in zip(found.bits, unit.runs, strict=True)
            ]
            units.append(dataclasses.replace(unit, text="".join(runs), runs=tuple(runs)))
        self.units = tuple(units)
        self._inside: dict[Piece, str] = {}

    def parts(self, n: int, text: str) -> list[str]:
        bits = self.found[n].bits
        parts = super().parts(n, text)
        if text != self.units[n].text:
            if n in self.strings:
                return parts
            lines = [0, *(i + 1 for i, b in enumerate(bits) if b.kind == BREAK)]
            for i in lines:
                if i < len(parts) and _LINE_START.match(parts[i]):
                    parts[i] = "\\" + parts[i]  # (no list, heading or term of its words)
        # Markup holding a unit (a footnote): written with its translation.
        for span, written in self._inside.items():
            if span[0] >= bits[0].span[0] and span[1] <= bits[-1].span[1]:
                own = self.source[slice(*span)]
                for k, part in enumerate(parts):
                    if own in part:
                        parts[k] = part.replace(own, written, 1)
                        break
        return parts

    def render_text(self, translations: Sequence[str]) -> str:
        self._check(translations)
        edits: list[tuple[int, int, str]] = []
        inside: dict[Piece, list[tuple[int, int, str]]] = {}
        self._inside = {}
        for n in range(len(self.units) - 1, -1, -1):  # (a footnote's text before its own)
            for span in [span for span in inside if self._in(n, span)]:
                start = span[0]
                shifted = [(a - start, b - start, t) for a, b, t in inside.pop(span)]
                self._inside[span] = edited(self.source[slice(*span)], shifted)
            own = self._edits(n, translations[n])
            parent = self.parents[n]
            if parent is None:
                edits += own
            else:
                inside.setdefault(parent[1], []).extend(own)
        if self.language is not None:
            tag = self.language.language
            edits += [(a, b, f'"{tag}"') for a, b in self.langs]
            region = self.language.country
            edits += [(a, b, f'"{region}"' if region else "none") for a, b in self.regions]
        return self._line_ends(edited(self.source, edits))

    def _in(self, n: int, span: Piece) -> bool:
        bits = self.found[n].bits
        return bits[0].span[0] <= span[0] and span[1] <= bits[-1].span[1]

    # (A copy of a paragraph or a caption beside it would need its call written twice.)
    render_bilingual = Document.render_bilingual  # type: ignore[assignment]


__all__ = ["TypstDocument", "read"]
