"""Texinfo manuals (.texi, .texinfo, .txi: GNU's manuals, grep's, sed's, Bash's…): paragraphs, the
titles of chapters and sections (``@chapter``, ``@section``, ``@top``, ``@heading``…),
``@settitle``, ``@title`` and ``@subtitle``, a ``@table @asis``'s item terms, the items of
``@itemize`` and ``@enumerate``, concept index entries (``@cindex``), each line of a ``@display`` or
``@format`` and a ``@float``'s type (``Figure``: one unit for all the ``@float`` and
``@listoffloats`` lines that name it) are units, found line by line as makeinfo reads them; every
other byte is kept: node names (``@node``, and the references to them, ``@xref{…}``, ``@ref{…}``,
``@pxref{…}``, and menus: what cross-references and Info's menus name must stay the same, as GNU's
translated manuals keep them), code blocks (``@example``, ``@lisp``, ``@verbatim``…), what only one
output reads raw (``@tex``, ``@html``…), macro definitions, ``@ignore``, multi-column tables, the
licence notice in ``@copying`` (kept in English, as GNU's translated manuals keep it: a translated
licence is not the licence), comments, function, variable and key index entries and every other line
command (``@set``, ``@node``, ``@include``…). Inside a sentence, what a reader types or names
(``@code{…}``, ``@samp{…}``, ``@var{…}``, ``@file{…}``, ``@kbd{…}``, ``@option{…}``, ``@url{…}``,
``@email{…}``, a ``@value{…}``, a glyph ``@dots{}``…) is a placeholder kept as it was; ``@emph{…}``,
``@strong{…}``, ``@dfn{…}``, ``@cite{…}``, ``@footnote{…}``, a ``@uref{url, text}``'s text and their
kind are a pair of placeholders around words translated with the sentence. ``@``, ``{`` and ``}`` in
a translation are written ``@@``, ``@{``, ``@}``. ``@documentlanguage`` names the translation's
language. A file ``@include``s other files: a note names them (translate each; the translation keeps
the ``@include`` lines as written, as a LaTeX file's ``\\include`` are kept: a folder translated
with ``--mirror`` keeps each file's name, so the translated manual builds from the translated
chapters; beside the sources, named ``X.de.texi``, the ``@include`` lines still name the English
ones)."""

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
from engine.text.encoding import UTF8, TextEncoding, lookup

Piece = tuple[int, int]

# Titles: the rest of their line is a unit of its own.
_HEADINGS = frozenset(
    [
        *("top", "chapter", "section", "subsection", "subsubsection", "unnumbered"),
        *("unnumberedsec", "unnumberedsubsec", "unnumberedsubsubsec", "appendix"),
        *("appendixsec", "appendixsection", "appendixsubsec", "appendixsubsubsec"),
        *("chapheading", "majorheading", "heading", "subheading", "subsubheading"),
        *("centerchap", "settitle", "title", "subtitle", "shorttitlepage", "center"),
        *("cindex", "cpindex", "exdent"),
    ]
)
# Blocks kept whole up to their ``@end``: code, raw output, definitions, menus, the licence.
_KEPT = frozenset(
    [
        *("example", "smallexample", "lisp", "smalllisp", "verbatim", "menu", "detailmenu"),
        *("tex", "html", "latex", "docbook", "xml", "ignore", "macro", "rmacro", "direntry"),
        *("copying", "multitable", "displaymath", "documentdescription", "linemacro"),
        "nodedocumentdescription",
    ]
)
# Blocks whose lines are each a line of their own in the output (no filling): each a unit.
_LINES = frozenset(["display", "smalldisplay", "format", "smallformat", "flushleft", "flushright"])
# Tables whose ``@item`` terms are formatted as code (``@table @code``): kept; others' text.
_TEXT_TABLES = frozenset(["asis", "emph", "strong", "b", "i", "r", "sc", "slanted", "w", "dfn"])
_TABLES = frozenset(["table", "ftable", "vtable"])
_LISTS = frozenset(["itemize", "enumerate"])
# Brace commands around words translated with the sentence: a pair of placeholders.
_PAIRS = frozenset(
    [
        *("emph", "strong", "i", "b", "r", "sc", "slanted", "sansserif", "dfn", "cite", "w"),
        *("titlefont", "sub", "sup", "footnote", "caption", "shortcaption", "asis", "center"),
    ]
)
# Those whose last argument (after a comma) is text: ``@uref{url, text}``.
_LINKED = frozenset(["uref", "url"])
# And those whose third argument is a title shown (``@xref{node,, title}``); the node's name kept.
_REFERENCES = frozenset(["xref", "ref", "pxref"])
# A C preprocessor's line directive, which makeinfo reads (``#line 100 "file"``, ``# 100``).
_CPP_LINE = re.compile(r'[ \t]*#[ \t]*(?:line[ \t]+)?\d+(?:[ \t]+"[^"]*")?[ \t]*$')
_COMMAND = re.compile(r"@([A-Za-z][\w-]*)")
_LINE = re.compile(r"[^\n]*(?:\n|$)")
_END = re.compile(r"[ \t]*@end[ \t]+([A-Za-z]+)")
_COMMENT = re.compile(r"@(?:c|comment)(?![\w-])")
# What makes a brace command's argument more than words of a sentence: a blank line, or a
# line command (a footnote holding an ``@example``): a footnote's is read as the file's
# paragraphs and blocks are (``_Parser.footnote``), another's kept whole.
_BLOCKY = re.compile(r"\n[ \t]*(?:\n|@[A-Za-z][\w-]*(?![\w{-]))")
_URL = re.compile(r"https?://[^\s(){}@<>\"]*[^\s(){}@<>\".,;:!?']")
_BREAK_AT = re.compile(r"(\r\n|\r|\n)[ \t]*")
_LANGUAGE = re.compile(r"^[ \t]*@documentlanguage[ \t]+(\S+)", re.M)
_ENCODING = re.compile(rb"^[ \t]*@documentencoding[ \t]+(\S+)", re.M)
_INCLUDE = re.compile(r"^[ \t]*@include[ \t]+(\S+)", re.M)
# The characters Texinfo's text escapes, and how (a translation writes them so).
_ESCAPES = {ord("@"): "@@", ord("{"): "@{", ord("}"): "@}"}
# What a glyph command shows (``@dots{}``), for summarizing and asking.
_GLYPHS = {
    "dots": "\u2026", "enddots": "\u2026", "copyright": "\u00a9", "registeredsymbol": "\u00ae",
    "result": "\u21d2", "expansion": "\u21a6", "equiv": "\u2261", "error": "error\u2192",
    "bullet": "\u2022", "minus": "\u2212", "tie": "\u00a0", "TeX": "TeX", "LaTeX": "LaTeX",
    "today": "", "comma": ",", "atchar": "@", "lbracechar": "{", "rbracechar": "}",
    "euro": "\u20ac", "pounds": "\u00a3", "geq": "\u2265", "leq": "\u2264", "arrow": "\u2192",
}  # fmt: skip
# Brace commands that stand inside a sentence: any other (a user's ``@macro``) alone on its
# line is a line of its own.
_INLINE = frozenset(
    [
        *_PAIRS, *_LINKED, *_GLYPHS, "code", "samp", "var", "file", "kbd", "key", "option",
        *("command", "env", "email", "acronym", "abbr", "anchor", "xref", "ref", "pxref"),
        *("inforef", "t", "math", "dmn", "value", "verb", "image", "indicateurl", "U", "H"),
        *("clicksequence", "click", "dotaccent", "ringaccent", "tieaccent", "u", "v"),
        *("ubaraccent", "udotaccent", "ogonek", "dotless", "sansserif", "inlinefmt"),
        *("inlineraw", "inlinefmtifelse", "inlineifset", "inlineifclear", "errormsg"),
        *("link", "ampchar", "backslashchar", "hashchar", "ss", "ae", "AE", "oe", "OE"),
        *("aa", "AA", "l", "L", "o", "O", "th", "TH", "dh", "DH", "exclamdown", "ordf"),
        *("questiondown", "ordm", "guillemetleft", "guillemetright", "guilsinglleft"),
        *("guilsinglright", "quotedblleft", "quotedblright", "quoteleft", "quoteright"),
        *("quotedblbase", "quotesinglbase", "textdegree", "point", "print"),
    ]
)  # fmt: skip
# Markup can stand anywhere: next to a letter too (``@code{ls}s``).
_APART = Apart(lambda c: True, lambda c: True, "")


class _Unclosed(Exception):
    def __init__(self, at: int) -> None:
        self.at = at


class _Nested(Exception):
    def __init__(self, at: int) -> None:
        self.at = at


# How deep braces may nest (makeinfo sets no bound; real manuals nest five or six deep): deeper
# is refused, as Quire's reading of the groups recurses once a level.
_DEPTH = 100


class _Braces:
    """Where each brace group of a text closes, as makeinfo counts: ``@{``, ``@}`` and ``@@``
    escaped, a ``@verb{|…|}`` read to its delimiter. One pass a group, every group inside it
    remembered (asked again, a nested group's close is known)."""

    def __init__(self, s: str) -> None:
        self.s = s
        self.closes: dict[int, int] = {}

    def end(self, i: int) -> int:
        """Past the ``}`` that closes the group whose ``{`` is at ``i``."""
        if i in self.closes:
            return self.closes[i]
        s, closes = self.s, self.closes
        if s.startswith("@verb", i - 5) and i + 1 < len(s):
            shut = s.find(s[i + 1] + "}", i + 2)
            if shut < 0:
                raise _Unclosed(i)
            return shut + 2
        stack = [i]
        j = i + 1
        while j < len(s):
            c = s[j]
            if c == "@":
                if s.startswith("verb{", j + 1) and j + 7 <= len(s):
                    delimiter = s[j + 6]
                    shut = s.find(delimiter + "}", j + 7)
                    if shut < 0:
                        raise _Unclosed(j + 5)
                    closes[j + 5] = shut + 2
                    j = shut + 2
                    continue
                j += 2
                continue
            if c == "{":
                stack.append(j)
                if len(stack) > _DEPTH:
                    raise _Nested(j)
            elif c == "}":
                closes[stack.pop()] = j + 1
                if not stack:
                    return j + 1
            j += 1
        raise _Unclosed(stack[-1])


# Commands that take no braces inside a line: a ``{`` after them (and a space) is not theirs.
_BRACELESS = frozenset(["tab", "item", "itemx", "headitem", "c", "comment", "noindent"])


def _opening(s: str, m: re.Match[str]) -> int | None:
    """Where the ``{`` of the brace command ``m`` matched is (makeinfo allows spaces before
    it: coreutils' ``@command {chmod}``), or None."""
    j = m.end()
    while j < len(s) and s[j] in " \t" and m.group(1) not in _BRACELESS:
        j += 1
    return j if j < len(s) and s[j] == "{" else None


def _comma(braces: _Braces, i: int, end: int) -> int:
    """Where the first comma between ``i`` and ``end`` that is not inside braces is (-1)."""
    s = braces.s
    while i < end:
        c = s[i]
        if c == "@":
            i += 2
            continue
        if c == "{":
            i = braces.end(i)
            continue
        if c == ",":
            return i
        i += 1
    return -1


def _plain(code: str) -> str:
    """What a reader sees of a command kept in a sentence (roughly: its words)."""
    m = _COMMAND.match(code)
    if m and m.group(1) in _GLYPHS:
        return _GLYPHS[m.group(1)]
    inner = code[code.find("{") + 1 : -1] if code.endswith("}") else code.lstrip("@")
    inner = re.sub(r"@([@{}])", r"\1", re.sub(r"@[A-Za-z]+\{?|[{}]", "", inner))
    if m and m.group(1) in ("xref", "ref", "pxref", "uref", "url", "email", "acronym", "abbr"):
        inner = inner.split(",")[-1 if m.group(1) in ("uref", "url") else 0]
    return " ".join(inner.split())


@dataclass
class _Block:
    name: str
    text: bool = True  # (a table's terms are text)


class _Parser:
    def __init__(self, source: str, path: Path) -> None:
        self.source, self.path = source, path
        self.braces = _Braces(source)
        self.read_to = 0  # (where the last unit ends: the next begins after it)
        self.found: list[Found] = []
        self.included: list[str] = []
        self.stop = len(source)  # (where the text being read ends: a footnote's brace)
        # (a @float's type, "Figure": the unit of its first @float or @listoffloats; the
        # others' spans, written as it is, since @listoffloats finds floats by the same word)
        self.float_types: dict[str, int] = {}
        self.float_copies: list[tuple[int, int, int]] = []

    def fail(self, at: int) -> DocumentError:
        line = self.source.count("\n", 0, min(at, len(self.source))) + 1
        return DocumentError(
            f"The Texinfo file leaves a brace open near line {line}",
            path=self.path,
            hint="makeinfo refuses the file too: close it, or put an @ before a brace that is "
            "text, then try again",
            message_id="document.texinfo_unclosed",
            params={"line": line},
        )

    def nested(self, at: int) -> DocumentError:
        line = self.source.count("\n", 0, at) + 1
        return DocumentError(
            f"The Texinfo file nests braces more than {_DEPTH} deep (line {line})",
            path=self.path,
            hint="No manual needs so many: the file is likely damaged or generated wrong",
            message_id="document.texinfo_nested",
            params={"line": line, "depth": _DEPTH},
        )

    def parse(self, i: int = 0, stop: int | None = None) -> None:
        """Reads the text from ``i`` to ``stop`` (a footnote's braces) into units."""
        s = self.source
        outer, self.stop = self.stop, len(s) if stop is None else stop
        stack: list[_Block] = []
        para: int | None = None  # (where the paragraph being read began)

        def flush(upto: int) -> None:
            nonlocal para
            if para is not None:
                self.unit(para, upto)
            para = None

        while i < self.stop:
            line = _LINE.match(s, i)
            assert line is not None
            end = min(line.end(), self.stop)
            text = s[i:end].rstrip("\r\n")
            stripped = text.strip()
            if not stripped:
                flush(i)
                i = end
                continue
            if (i == 0 and text.lstrip("\ufeff").startswith("\\input")) or _CPP_LINE.match(text):
                # (``\input texinfo``, TeX's first line; a ``#line 100 "file"`` directive)
                flush(i)
                i = end
                continue
            command = _COMMAND.match(text.lstrip())
            name = command.group(1) if command else ""
            at = i + len(text) - len(text.lstrip())  # (the command's @)
            after = at + (command.end() if command else 0)
            brace = after < len(s) and s[after] == "{"
            if command and not brace and not self.line_command(name):
                brace = _opening(s, _COMMAND.match(s, at)) is not None  # type: ignore[arg-type]
            if name and not brace:
                # A line command, or a block's start or end: it ends the paragraph.
                if _COMMENT.match(text.lstrip()) and name in ("c", "comment"):
                    flush(i)
                    i = end
                    continue
                flush(i)
                if name == "end":
                    ended = text.split()[1] if len(text.split()) > 1 else ""
                    while stack and stack[-1].name != ended:
                        stack.pop()
                    if stack:
                        stack.pop()
                    i = end
                    continue
                if name in _KEPT:
                    i = self.kept_end(name, end)
                    continue
                if name in _HEADINGS:
                    i = self.rest(after, end)
                    continue
                if name in _LINES:
                    stack.append(_Block(name))
                    i = end
                    continue
                if name in _TABLES:
                    style = text.split()[1].lstrip("@") if len(text.split()) > 1 else ""
                    stack.append(_Block(name, style in _TEXT_TABLES))
                    i = end
                    continue
                if name in ("item", "itemx") and stack and stack[-1].name in _TABLES:
                    i = self.rest(after, end) if stack[-1].text else end
                    continue
                if (name == "item" and stack and stack[-1].name in _LISTS) or (
                    name in ("noindent", "indent") and s[after:end].strip()
                ):
                    # (its text, on this line and the next, a paragraph: ``@noindent Org
                    # mode buffers…`` too)
                    para = after
                    i = self.paragraph_line(after, end, flush)
                    continue
                if name in ("quotation", "smallquotation") and s[after:end].strip():
                    i = self.rest(after, end)  # (``@quotation Note``: its label is shown)
                    stack.append(_Block(name))
                    continue
                if name in ("float", "listoffloats"):
                    self.float_type(name, after, end)
                if name == "include":
                    self.included.append(text.split(None, 1)[1].strip() if " " in text else "")
                if name in _LISTS or self.block_start(name):
                    stack.append(_Block(name))
                i = end
                continue
            if command and brace and name not in _INLINE:
                # A user's macro or a command Quire does not know (autoconf's
                # ``@acindex{X}``, glibc's ``@standards{…}``) holding its line alone: its
                # line, as makeinfo wants a line command at a line's start.
                close = self.braces.end(_opening(s, _COMMAND.match(s, at)))  # type: ignore[arg-type]
                rest = _LINE.match(s, close).group()  # type: ignore[union-attr]
                if not rest.strip() or _COMMENT.match(rest.lstrip()):
                    flush(i)
                    i = close + len(rest)
                    continue
            if stack and stack[-1].name in _LINES:
                i = self.rest(i, end)
                continue
            if para is None:
                para = i
            i = self.paragraph_line(i, end, flush)
        flush(self.stop)
        self.stop = outer

    def float_type(self, name: str, after: int, end: int) -> None:
        """``@float Figure,fig:x`` and ``@listoffloats Figure``: the type word, which
        makeinfo shows ("Figure 1: …", a reference's "Figure 1"), is translated once and
        written alike in each (a list finds its floats by it); the label is kept."""
        s = self.source
        line = s[after:end].rstrip("\r\n")
        kind = line.split(",", 1)[0] if name == "float" else line
        word = kind.strip()
        if not _words(word) or "@" in word:
            return
        a = after + kind.index(word)
        b = a + len(word)
        if word in self.float_types:
            self.float_copies.append((a, b, self.float_types[word]))
            return
        before = len(self.found)
        self.unit(a, b)
        if len(self.found) > before:
            self.float_types[word] = len(self.found) - 1

    def line_scan(self, i: int, end: int) -> tuple[int, tuple[int, int, int] | None]:
        """One paragraph line from ``i``, as makeinfo reads it: where it ends (past its line
        break, or past the lines a brace opened on it holds), and a ``@footnote{…}`` on it that
        holds blocks (paragraphs, an ``@example``, an ``@itemize``): its ``@``, ``{`` and past
        its ``}``, its text to be read as paragraphs and blocks of their own, as the rest of
        the file's (the sentence it stands in is cut there: the words before it one unit,
        those after it the next); None where the line has none."""
        s = self.source
        j = i
        while j < end:
            if s[j] == "@" and j + 1 < len(s):
                if s[j + 1] in "@{}":
                    j += 2
                    continue
                m = _COMMAND.match(s, j)
                if m and (opening := _opening(s, m)) is not None:
                    close = self.braces.end(opening)
                    if m.group(1) == "footnote" and _BLOCKY.search(s, opening + 1, close - 1):
                        return end, (j, opening, close)
                    if close > end:
                        end = min(_LINE.match(s, close).end(), self.stop)  # type: ignore[union-attr]
                    j = close
                    continue
                if m and _COMMENT.fullmatch(s, j, m.end()):
                    return end, None
            j += 1
        return end, None

    def paragraph_line(self, i: int, end: int, flush: Callable[[int], None]) -> int:
        """Reads a paragraph's line from ``i``; where the next one begins. A footnote of
        blocks on it ends the paragraph there and is read as the file's own text."""
        stop, note = self.line_scan(i, end)
        if note is None:
            return stop
        flush(note[0])
        self.parse(note[1] + 1, note[2] - 1)  # (its paragraphs, then the rest)
        return note[2]

    def line_command(self, name: str) -> bool:
        """Whether ``name`` is one of the line commands Quire reads (a ``{`` after it and
        a space is its argument's)."""
        return (
            name in _HEADINGS or name in _KEPT or name in _LINES or name in _TABLES
            or name in _LISTS or self.block_start(name)
            or name in ("item", "itemx", "end", "node", "set", "include", "c", "comment")
            or name.startswith("def")  # (``@deftypeopx {Constructor} {parser} …``)
        )  # fmt: skip

    @staticmethod
    def block_start(name: str) -> bool:
        """Whether a line command opens a block its ``@end`` closes (its lines read)."""
        return name in (
            *("quotation", "smallquotation", "cartouche", "indentedblock", "smallindentedblock"),
            *("group", "raggedright", "titlepage", "float", "ifinfo", "iftex", "ifhtml"),
            *("ifnottex", "ifnothtml", "ifnotinfo", "ifplaintext", "ifnotplaintext", "ifdocbook"),
            *("ifnotdocbook", "ifxml", "ifnotxml", "iflatex", "ifnotlatex", "ifset", "ifclear"),
            *("ifcommanddefined", "ifcommandnotdefined", "deffn", "defun", "defvr", "defvar"),
            *("defopt", "deftypefn", "deftypefun", "defmac", "defspec", "deftp", "deftypevr"),
            *("defop", "deftypeop", "defcv", "deftypecv", "defmethod", "deftypemethod", "defivar"),
            *("deftypevar", "deftypeivar", "defblock", "nodedescriptionblock", "defline"),
        )

    def rest(self, start: int, end: int) -> int:
        """Reads the line from ``start`` as a unit of its own (the lines a brace opened on it
        holds with it); where the next line begins."""
        stop, _ = self.line_scan(start, end)
        self.unit(start, start + len(self.source[start:stop].rstrip()))
        return stop

    def kept_end(self, name: str, i: int) -> int:
        """Past the ``@end name`` line that closes a kept block (nested ones counted)."""
        s = self.source
        depth = 1
        opens = re.compile(rf"[ \t]*@{name}(?![\w-])")
        while i < self.stop:
            line = _LINE.match(s, i)
            assert line is not None
            if opens.match(s, i):
                depth += 1
            elif (m := _END.match(s, i)) and m.group(1) == name:
                depth -= 1
                if depth == 0:
                    return min(line.end(), self.stop)
            i = line.end()
        return self.stop

    def unit(self, start: int, end: int) -> None:
        s = self.source
        while start < end and s[start] in " \t":
            start += 1
        bits: list[Bit] = []
        self.bits(start, end, bits)
        bits = trimmed(bits)
        while bits and (bits[-1].kind == BREAK or not s[slice(*bits[-1].span)].strip()):
            if bits[-1].kind not in (TEXT, BREAK) and s[slice(*bits[-1].span)].strip():
                break
            bits.pop()
        if bits and bits[-1].kind == TEXT:
            a, b = bits[-1].span
            bits[-1] = Bit((a, a + len(s[a:b].rstrip())), TEXT)
        if not any(b.kind == TEXT and _words(s[slice(*b.span)]) for b in bits):
            return
        if bits[0].span[0] < self.read_to:
            # (two units over the same bytes would write the text twice: refused)
            line = s.count("\n", 0, start) + 1
            raise DocumentError(
                f"Quire cannot tell where the text near line {line} of the Texinfo file ends",
                path=self.path,
                hint="Nothing was written: report it to Quire's authors with the file",
                message_id="document.texinfo_overlap",
                params={"line": line},
            )
        self.read_to = bits[-1].span[1]
        self.found.append(Found(tuple(bits), start))

    def shown(self, name: str, opening: int, close: int) -> tuple[int, int] | None:
        """Where the words a reader is shown of a link stand in its braces: a ``@uref{url,
        text}``'s text, a ``@xref{node,, title}``'s title (its node name kept); None."""
        s, braces = self.source, self.braces
        if name in _LINKED:
            nth = 1
        elif name in _REFERENCES:
            nth = 2
        else:
            return None
        start = opening + 1
        for _ in range(nth):
            comma = _comma(braces, start, close - 1)
            if comma < 0:
                return None
            start = comma + 1
        while start < close - 1 and s[start] in " \t\r\n":
            start += 1
        comma = _comma(braces, start, close - 1)
        shut = comma if comma >= 0 else close - 1
        if not s[start:shut].strip() or _BLOCKY.search(s, start, shut):
            return None
        return start, shut

    def bits(self, start: int, end: int, bits: list[Bit]) -> None:
        s = self.source
        i = text = start

        def words(upto: int) -> None:
            cursor = text
            for m in _BREAK_AT.finditer(s, text, upto):
                bits.append(Bit((cursor, m.start()), TEXT))
                bits.append(Bit((m.start(), m.end()), BREAK))
                cursor = m.end()
            bits.append(Bit((cursor, upto), TEXT))

        def code(a: int, b: int, shown: str) -> None:
            nonlocal text
            words(a)
            bits.append(Bit((a, b), CODE, shown=shown))
            text = b

        while i < end:
            if s[i] == "h" and (u := _URL.match(s, i)) and (i == 0 or not s[i - 1].isalnum()):
                code(i, u.end(), u.group())  # (an address written bare in the text)
                i = u.end()
                continue
            if s[i] != "@" or i + 1 >= end:
                i += 1
                continue
            nxt = s[i + 1]
            m = _COMMAND.match(s, i)
            if m is None:
                # (``@@``, ``@{``, ``@.``, an accent ``@'e``: a character, kept as written)
                stop = i + 2
                if nxt in "'\"`^~=,":
                    if stop < end and s[stop] == "{":
                        stop = self.braces.end(stop)
                    elif stop < end:
                        stop += 1
                code(i, stop, _plain(s[i:stop]) if nxt not in "@{}" else nxt)
                i = stop
                continue
            name = m.group(1)
            if _COMMENT.fullmatch(s, i, m.end()):  # (the rest of the line a comment)
                eol = s.find("\n", i, end)
                eol = end if eol < 0 else eol
                at = len(s[text:i].rstrip(" \t")) + text
                words(at)
                nl = _BREAK_AT.match(s, eol, end)
                text = i = nl.end() if nl else eol
                bits.append(Bit((at, i), BREAK))
                continue
            if (opening := _opening(s, m)) is not None:
                close = self.braces.end(opening)
                inner = s[opening + 1 : close - 1]
                if name == "verb":
                    code(i, close, inner[1:-1])
                elif name in _PAIRS and inner.strip() and not _BLOCKY.search(inner):
                    words(i)
                    bits.append(Bit((i, opening + 1), OPEN))
                    text = opening + 1
                    self.bits(opening + 1, close - 1, bits)
                    bits.append(Bit((close - 1, close), CLOSE))
                    text = close
                elif shown := self.shown(name, opening, close):
                    opened, shut = shown
                    words(i)
                    bits.append(Bit((i, opened), OPEN, bare=s[i:close]))
                    text = opened
                    self.bits(opened, shut, bits)
                    bits.append(Bit((shut, close), CLOSE))
                    text = close
                else:
                    code(i, close, _plain(s[i:close]))
                i = close
                continue
            # (a command with no braces inside a line: ``@*``'s kind, ``@tab``; kept)
            code(i, m.end(), "")
            i = m.end()
        words(end)


def _shown_break(run: str) -> str:
    cut = max(run.rfind("\n"), run.rfind("\r"))
    return run[cut:] if cut > 0 and run[:cut].strip() else run


def _words(text: str) -> bool:
    return any(c.isalpha() for c in text)


class TexinfoDocument(LineDocument[Found]):
    """A Texinfo file; its bytes outside the units' text are written as they were."""

    unescapes = False

    def __init__(
        self,
        path: Path,
        source: str,
        parser: _Parser,
        encoding: TextEncoding,
        declared: Piece | None,
    ) -> None:
        super().__init__(path, source, parser.found, encoding, _APART)
        for escapes in self.escapes:
            escapes.update(_ESCAPES)
        # A line's comment (``@anchor{x}@c``) is seen as its line break alone: it stays, with
        # the line break, wherever the translation puts the words.
        units = []
        for unit, found in zip(self.units, parser.found, strict=True):
            runs = [
                _shown_break(run) if b.kind == BREAK else run
                for b, run in zip(found.bits, unit.runs, strict=True)
            ]
            units.append(dataclasses.replace(unit, text="".join(runs), runs=tuple(runs)))
        self.units = tuple(units)
        self.languages = [m.span(1) for m in _LANGUAGE.finditer(source)]
        self.declared = declared  # (where @documentencoding names the encoding)
        self.float_copies = parser.float_copies

    def render(self, translations: Sequence[str]) -> bytes:  # type: ignore[override]
        written = self.render_text(translations)
        out = self.encoding.encode(written)
        named = self.source[slice(*self.declared)].lower() if self.declared else ""
        if self.declared is not None and (
            out.fallback or (named in ("us-ascii", "ascii") and not written.isascii())
        ):
            # What the file's encoding cannot hold is written as UTF-8, and makeinfo told so.
            return UTF8.encode(self.render_text(translations, (*self.declared, "UTF-8")))
        return out

    def render_text(
        self, translations: Sequence[str], declared: tuple[int, int, str] | None = None
    ) -> str:
        self._check(translations)
        edits: list[tuple[int, int, str]] = [declared] if declared else []
        copies = {n for _, _, n in self.float_copies}
        for n, text in enumerate(translations):
            made = self._edits(n, text)
            edits += made
            if n in copies:  # (each @float and @listoffloats of the type: the same word)
                start, end = self.spans[n]
                shifted = [(a - start, b - start, p) for a, b, p in made]
                word = edited(self.source[start:end], shifted).replace(",", "@comma{}")
                edits += [(a, b, word) for a, b, m in self.float_copies if m == n]
        if self.language is not None:
            tag = self.language.language
            if self.language.country:
                tag += "_" + self.language.country
            edits += [(a, b, tag) for a, b in self.languages]
        return self._line_ends(edited(self.source, edits))

    # (A copy of a paragraph beside it would be set as a second paragraph of the manual.)
    render_bilingual = Document.render_bilingual  # type: ignore[assignment]


def read(data: bytes, path: Path, *, encoding: str | None = None) -> Document:
    declared_label = None
    found = _ENCODING.search(data)
    if found is not None:
        declared_label = found.group(1).decode("ascii", "replace")
    if encoding is None and declared_label is not None:
        try:
            lookup(declared_label)
            encoding = "utf-8" if declared_label.lower() in ("us-ascii", "ascii") else None
            encoding = encoding or declared_label
        except Exception:
            encoding = None
    try:
        source, codec = decode_text(data, path, "Texinfo", encoding=encoding)
    except DocumentError:
        if encoding is None or found is None:
            raise
        source, codec = decode_text(data, path, "Texinfo")
    parser = _Parser(source, path)
    try:
        parser.parse()
    except _Unclosed as exc:
        raise parser.fail(exc.at) from None
    except _Nested as exc:
        raise parser.nested(exc.at) from None
    declared = None
    m = re.search(r"^[ \t]*@documentencoding[ \t]+(\S+)", source, re.M)
    if m is not None:
        declared = m.span(1)
    document = TexinfoDocument(path, source, parser, codec, declared)
    if parser.included:
        files = ", ".join(dict.fromkeys(f for f in parser.included if f))
        document.notes = (
            Note(
                f"The files it includes are not translated with it ({files}): translate "
                "them too, then have it @include the translations (translated as a folder "
                "with --mirror, they keep their names, and its @include lines find them)",
                "document.tex_included",  # (LaTeX's words: they fit)
                {"files": files},
            ),
        )
        document.copied_without_text = not document.units
    elif not document.units and source.strip("\ufeff \t\r\n"):
        # (a manual's version.texi of @set lines, which its main file @includes: copied, or
        # the translation's @include would find nothing)
        document.copied_without_text = True
        document.notes = (
            Note(
                f"{path.name} has no text to translate, only commands: it is copied as it is",
                "document.no_text_copied",
                {"name": path.name},
            ),
        )
    return document


__all__ = ["TexinfoDocument", "read"]
