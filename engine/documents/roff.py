"""Manual pages in roff's man(7) macros (``ls.1``, ``ssh_config.5``, ``foo.man``): a filled
paragraph's text lines, with the font macros among them, are one unit; a heading, a ``.TP``
item's tag, its own; what a reader types (an option, a command in bold, a path, a reference
``.BR ls (1)``), requests, comments, tables and no-fill blocks are kept as they were."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from engine.documents.base import FIELD, Document, Unit, check_unit_count, decode_text, edited
from engine.documents.base import line_starts as _line_starts
from engine.documents.errors import DocumentError
from engine.documents.runs import boundary, inserted, tokens_of

CODE, OPEN, CLOSE = "code", "open", "close"

# roff's named characters a man page writes in its prose, as a reader sees them.
_CHARACTERS = {
    "em": "\u2014", "en": "\u2013", "lq": "\u201c", "rq": "\u201d", "oq": "\u2018",
    "cq": "\u2019", "aq": "'", "dq": '"', "bu": "\u2022", "co": "\u00a9", "rg": "\u00ae",
    "tm": "\u2122", "de": "\u00b0", "mu": "\u00d7", "hy": "-", "ti": "~", "ha": "^",
    ">=": "\u2265", "<=": "\u2264", "->": "\u2192", "<-": "\u2190", "Fo": "\u00ab",
    "Fc": "\u00bb", "fo": "\u2039", "fc": "\u203a",
}  # fmt: skip
# Escapes that are words' characters (``\-`` a minus, ``\e`` a backslash, ``\ `` a space that
# does not break), and those a reader does not see (``\&``, ``\%``: where a line may break).
_SIMPLE = {"-": "-", "e": "\\", "\\": "\\", " ": "\u00a0", "~": "\u00a0", "'": "\u00b4",
           "`": "`", ".": "."}  # fmt: skip
_SILENT = frozenset("&%|^)/,:")
_ESCAPE = re.compile(
    r"""(?P<option>(?:(?<![^\s(\["'|])|(?<=\\f[BIRP1-4])|(?<=\\f\[[BIRP]\]))(?:(?:\\-|-){1,2}(?=\w)(?:\w|\\-|-|\.(?=\w))+|\\e(?:\w|\\e)*))
    | \\(?:
        (?P<font>f(?:\[[^\]\n]*\]|\(..|.))
      | (?P<char>\((?P<two>..)|\[(?P<named>[^\]\n]*)\])
      | (?P<comment>"[^\n]*|\#[^\n]*)
      | (?P<delimited>[hvwoDlLbxNZRSXAB]'[^'\n]*')
      | (?P<size>s[+-]?(?:\(\d\d|\[[^\]\n]*\]|'[^'\n]*'|\d))
      | (?P<other>[*nFgkmMVY$][+-]?(?:\[[^\]\n]*\]|\(..|.))
      | (?P<newline>\r?\n)
      | (?P<one>.)
    )""",
    re.X,
)
_ITALIC = frozenset(["\\fI", "\\f2", "\\f[I]"])
_BOLD = frozenset(["\\fB", "\\f3", "\\f[B]"])
_ROMAN = frozenset(["\\fR", "\\fP", "\\f1", "\\f[]", "\\f[R]", "\\f[P]"])
# A word a reader types as it stands: an option, a path, a name with code's characters.
_TYPED = re.compile(r"-|.*[/_=\[\]{}<>$@|*\\#]|.*\w\.\w|.*\(\d\w*\)$")
_REQUEST = re.compile(r"[.'][ \t]*(\S*)[ \t]*(.*)", re.S)
_ONE_FONT = frozenset(["B", "I", "SM", "SB"])
_ALTERNATING = frozenset(["BR", "RB", "IR", "RI", "BI", "IB"])
_INLINE = frozenset(["UR", "UE", "MT", "ME"])
# Requests whose lines up to an end are not text: a table, an equation, a picture, and a
# macro's definition or an ignored block (ended by ".." or the end macro they name).
_SKIPPED_TO = {"EQ": "EN", "PS": "PE"}
_DEFINES = frozenset(["de", "de1", "dei", "dei1", "am", "am1", "ami", "ami1", "ig"])
_MDOC = frozenset(["Dd", "Dt", "Os", "Sh", "Nm", "Nd"])
_CODING = re.compile(r"^[.']\\\"[^\n]*-\*-[^\n]*coding:\s*([\w.-]+)[^\n]*$", re.M | re.I)
# What would make a line of text a request (groff reads "\." as a dot there too).
_CONTROL = (".", "'", "\\.", "\\'")
_MINUS = re.compile(r"(?<![^\s(\[=-])-")
_SENTENCE = re.compile(r"(?<=[^\s.][.!?])[ \t]+(?=\S)|(?<=[.!?][)\]\"'\u2019\u201d])[ \t]+(?=\S)")
_BREAKS = re.compile(r"[ \t]*[\r\n\v\f\u2028\u2029]+[ \t]*")
_ENDS_SENTENCE = re.compile(r"[.!?][)\]\"'\u2019\u201d]*$")


@dataclass(frozen=True, eq=False)  # (each mark is its own: two alike are two placeholders)
class _Mark:
    """Markup kept in a unit: ``written`` as the source has it, ``shown`` what a reader
    sees of it; ``line``: "own" for a request on a line of its own (``.B``'s start, ``.UR``),
    "end" for what ends its line (a comment)."""

    written: str
    kind: str = CODE
    shown: str = ""
    line: str = ""


Piece = str | _Mark


@dataclass
class _Found:
    """A unit as read: where it stands (``start:end``, the text it is written over), its
    pieces, ``arg`` a request's argument (written on its line, no line breaks)."""

    start: int
    end: int
    pieces: list[Piece]
    escapes: dict[str, str]
    arg: bool = False
    # Marks before its first words and after its last: written as they were, not sent (the
    # NAME section's "ls \\-", a paragraph's first request).
    lead: tuple[Piece, ...] = ()
    trail: tuple[Piece, ...] = ()
    # Whether its source starts each sentence on a line of its own (man-pages(7)'s rule;
    # groff then sets a sentence's space after it): its translation is written so too.
    sentences: bool = False


def _typed(text: str) -> bool:
    words = text.split()
    return len(words) == 1 and bool(_TYPED.match(words[0]))


def _command(text: str, page: str) -> bool:
    """Whether bold words are a command a reader types: a word of it an option, a path or
    code, or its first the page's own command or its family's (``git add -e`` in git-add.1,
    ``find . -name afile``), or ``info``/``man`` (``info tar``)."""
    words = text.split()
    first = words[0] if words else ""
    return first in (page, page.split("-")[0], "info", "man") or any(map(_TYPED.match, words))


def _lines(source: str) -> list[tuple[int, int, str]]:
    """The page's input lines: each one's number, where it starts and its text, a line that
    ends in a backslash joined with the next (roff reads them as one)."""
    out: list[tuple[int, int, str]] = []
    start = end = first = 0
    for n, raw in enumerate(source.splitlines(keepends=True), 1):
        end += len(raw)
        text = raw.rstrip("\r\n")
        goes_on = (len(text) - len(text.rstrip("\\"))) % 2 == 1 and '\\"' not in text
        # (a backslash alone, netpbm's first line, is a line of its own)
        if goes_on and text != raw and text.strip() != "\\":
            first = first or n
            continue
        out.append((first or n, start, source[start:end].rstrip("\r\n")))
        start, first = end, 0
    return out


def _decoded(
    text: str,
    escapes: dict[str, str],
    ways: dict[str, set[str]],
    page: str = "",
    headings: frozenset[str] = frozenset(),
) -> list[Piece]:
    """A line's text as pieces: words (escapes read as their characters) and marks;
    ``headings`` the page's, which a run in bold or italics names as text."""
    out: list[Piece] = []
    raws: list[str] = []  # (each piece as the source writes it)
    cursor = 0
    for m in _ESCAPE.finditer(text):
        out.append(text[cursor : m.start()])
        raws.append(text[cursor : m.start()])
        raws.append(m.group())
        cursor = m.end()
        shown: str | None = None
        if m["option"] is not None:  # (an option, \en: what a reader types)
            out.append(_Mark(m.group(), shown=m.group().replace("\\-", "-").replace("\\e", "\\")))
            continue
        if m["newline"] is not None or m["one"] == "c":  # (the line goes on in the next)
            out.append(_Mark(m.group(), line="end"))
            continue
        if m["one"] is not None and m["one"] in _SIMPLE:
            shown = _SIMPLE[m["one"]]
        elif m["one"] is not None and m["one"] in _SILENT:
            shown = ""
        elif m["char"] is not None:
            shown = _CHARACTERS.get(m["two"] or m["named"])
        if shown is None:
            line = "end" if m["comment"] is not None else ""
            out.append(_Mark(m.group(), shown="" if m["font"] or line else m.group(), line=line))
            continue
        if shown:
            ways.setdefault(shown, set()).add(m.group())
            if len(ways[shown]) == 1:
                escapes[shown] = m.group()
            else:
                escapes.pop(shown, None)
        out.append(shown)
    out.append(text[cursor:])
    raws.append(text[cursor:])
    for piece in raws[::2]:  # (the text between escapes, as written)
        if isinstance(piece, str):
            for c in set(piece) & set(escapes):
                ways.setdefault(c, set()).add(c)
                escapes.pop(c, None)
    return _fonts(out, raws, page, headings)


def _fonts(
    pieces: list[Piece], raws: list[str], page: str, headings: frozenset[str]
) -> list[Piece]:
    r"""Font changes paired: ``\fB…\fR`` around what a reader types one mark, around words
    a pair of marks the translation places (a change with no end a mark of its own)."""
    out: list[Piece] = []
    j = 0
    while j < len(pieces):
        p = pieces[j]
        if not (isinstance(p, _Mark) and p.written.startswith("\\f")) or p.written in _ROMAN:
            out.append(p)
            j += 1
            continue
        end = next(
            (k for k in range(j + 1, len(pieces)) if _font(pieces[k])),
            None,
        )
        if _valued(out, pieces[j + 1 : end], end is None or _roman(pieces[end])):
            stop = len(pieces) if end is None else end + 1  # (a tag's font runs to its end)
            listed = re.match(
                r"(?:,\.\.\.)?\]", raws[stop] if out[-1] == "=[" and stop < len(raws) else ""
            )
            written, shown = "".join(raws[j:stop]), _words(pieces[j + 1 : stop])
            if listed is not None:  # (gcloud's "\fB\-\-roles\fR=[\fIROLES\fR,...]")
                written, shown = written + listed[0], shown + listed[0]
                pieces[stop] = raws[stop] = raws[stop][listed.end() :]
            out.append(_Mark(written, shown=shown))
            _joined(out)
            j = stop
            continue
        if end is None or getattr(pieces[end], "written", "") not in _ROMAN:
            out.append(p)
            j += 1
            continue
        inside = pieces[j + 1 : end]
        close = pieces[end]
        assert isinstance(close, _Mark)
        if any(isinstance(x, _Mark) and x.line == "end" for x in inside):
            out.append(p)  # (a line that goes on in the next ends where it ends)
            j += 1
            continue
        words = "".join(x if isinstance(x, str) else x.shown for x in inside)
        marks = any(isinstance(x, _Mark) for x in inside)
        single = " " not in words.strip()
        kind = "i" if p.written in _ITALIC else "b" if p.written in _BOLD else "code"
        named = not marks and words.strip() in headings
        if (
            not named
            and not _sentence(inside, page)
            and (
                marks
                or not words.strip()
                or _typed(words)
                or kind == "code"
                or (kind == "b" and (single or _command(words, page)))
            )
        ):
            out.append(_Mark("".join(raws[j : end + 1]), shown=words))
        else:
            # (help2man's italic corrections, "\fI\,FILE\/\fR", go with the font's changes)
            after = raws[j + 1 : j + 3] == ["", "\\,"] and end > j + 2
            before = raws[end - 2 : end] == ["\\/", ""] and end - 2 > j + 2 * after
            opened = p.written + "\\," * after
            closing = "\\/" * before
            out += [_Mark(opened, OPEN), *inside, _Mark(closing + close.written, CLOSE)]
        j = end + 1
    return out


def _sentence(pieces: Sequence[Piece], page: str) -> bool:
    """Whether a run in bold or italics reads as a sentence, an option among its words (xz's
    'it's not a good idea to blindly use \\-9 for everything'): it ends as a sentence does,
    or has six words or more; its other words prose, no command's."""
    marks = [p for p in pieces if isinstance(p, _Mark)]
    prose = "".join(p for p in pieces if isinstance(p, str)).split()
    return (
        len(marks) <= 1
        and all(m.shown.startswith("-") for m in marks)
        and len(prose) >= 2
        and not any(map(_TYPED.match, prose))
        and prose[0] not in (page, page.split("-")[0], "info", "man")
        and (len(prose) + len(marks) >= 6 or bool(_ENDS_SENTENCE.search(_words(pieces).strip())))
    )


def _prose(pieces: Sequence[Piece], page: str) -> bool:
    """Whether a tag's or a table cell's words are prose, to translate: words, none what a
    reader types nor the page's command first, one in small letters; a word alone
    capitalized as a word is (``Note``, ``Reset.``), not a name in capitals (``EINVAL``,
    ``ESC c``), a number or a symbol."""
    words = "".join(p for p in pieces if isinstance(p, str)).split()
    if not words or any(map(_TYPED.match, words)) or words[0] in (page, "info", "man"):
        return False
    if not any(re.fullmatch(r"\(?(?=[^\W\d_]*[a-z])[^\W\d_]{2,}[,.:;!?)]*", w) for w in words):
        return False  # (no word in small letters: "ESC c", "SOH", "MT-Safe")
    return len(words) > 1 or re.fullmatch(r"[A-Z][a-z]+[.:]?", words[0]) is not None


def _in_quotes(pieces: Sequence[Piece]) -> list[Piece]:
    """A request's argument in quotes, each quote with the mark next to it (an option
    first, ``"\\-\\-default-signal[=SIG] usage"``) or a mark of its own, sent as no field."""
    out = [p for p in pieces if p != ""]
    for first, quote in ((True, '"{}'), (False, '{}"')):
        k = 0 if first else len(out) - 1
        mark = out[k] if out else None
        if isinstance(mark, _Mark) and mark.kind == CODE:
            out[k] = replace(mark, written=quote.format(mark.written))
        else:
            out.insert(0 if first else len(out), _Mark(quote.format("")))
    return out


def _words(pieces: Sequence[Piece]) -> str:
    return "".join(p if isinstance(p, str) else p.shown for p in pieces)


def _valued(out: Sequence[Piece], run: Sequence[Piece], closed: bool) -> bool:
    r"""Whether a font's ``run`` is an option's value, what a reader types in place of its
    metavariable: one word after ``--name=`` (``\fB\-\-memlimit=\fIlimit\fR``)."""
    words = _words(run)
    return (
        closed
        and len(words.split()) == 1
        and words == words.strip()
        and not any(isinstance(p, _Mark) for p in run)
        and len(out) >= 2
        and out[-1] in ("=", "=[", "[=")
        and isinstance(out[-2], _Mark)
        and out[-2].shown.startswith("-")
    )


def _joined(out: list[Piece]) -> None:
    """The last mark of ``out`` (an option's value) joined with the option and ``=`` before
    it, and the font change the option was set in, as one mark."""
    k = len(out) - 3
    before = k - 1
    while before >= 0 and out[before] == "":
        before -= 1
    if before >= 0 and _font(out[before]) and not getattr(out[before], "shown", ""):
        k = before
    written = "".join(p if isinstance(p, str) else p.written for p in out[k:])
    out[k:] = [_Mark(written, shown=_words(out[k:]))]


def _roman(piece: Piece) -> bool:
    return isinstance(piece, _Mark) and piece.written in _ROMAN


def _font(piece: Piece) -> bool:
    return isinstance(piece, _Mark) and piece.written.startswith("\\f")


def _escaped(text: str, escapes: dict[str, str]) -> str:
    """Words as roff writes them: a backslash escaped, a character the page wrote only as
    an escape written so, and a minus that begins a word (an option's: groff draws ``-``
    as a hyphen, which a reader cannot paste into a shell) ``\\-``."""
    out = text.replace("\\", "\\e")
    out = out.replace("-", escapes["-"]) if "-" in escapes else _MINUS.sub(r"\\-", out)
    for c, written in escapes.items():
        if c not in "\\-":
            out = out.replace(c, written)
    return out


def _shown(text: str) -> str:
    """What a reader sees of roff ``text``: its words, without escapes and font changes."""
    return "".join(p if isinstance(p, str) else p.shown for p in _decoded(text, {}, {}))


def _arguments(text: str) -> list[str]:
    """A request's arguments as roff splits them (quoted ones whole, ``""`` a quote)."""
    return [
        m[1].replace('""', '"') if m[1] is not None else m[2]
        for m in re.finditer(r'"((?:[^"]|"")*)"?|(\S+)', text)
    ]


class ManualPage(Document):
    """A man(7) page: its units written over their places, every other byte kept."""

    def __init__(self, path: Path, source: str, found: Sequence[_Found]) -> None:
        self.path, self.source, self.found = path, source, list(found)
        units = []
        for n, f in enumerate(found):
            text, fields = [], []
            for p in f.pieces:
                if isinstance(p, _Mark):
                    fields.append(p.shown)
                    p = FIELD.format(len(fields))
                text.append(p)
            units.append(Unit(f"p{n + 1}", "".join(text), fields=tuple(fields)))
        self.units = tuple(units)
        self._starts: list[int] | None = None
        self.newline = "\r\n" if "\r\n" in source else "\n"  # (a page from Windows keeps its)

    def line(self, n: int) -> int | None:
        if self._starts is None:
            self._starts = _line_starts(self.source)
        return bisect.bisect_right(self._starts, self.found[n].start)

    def render(self, translations: Sequence[str]) -> bytes:
        self._check(translations)
        edits = [
            (f.start, f.end, self._written(f, text))
            for f, text, unit in zip(self.found, translations, self.units, strict=True)
            if text != unit.text
        ]
        out = edited(self.source, edits)
        if not out.isascii():
            out = _declared_utf8(out)
        return out.encode("utf-8")

    def _written(self, f: _Found, text: str) -> str:
        """Unit ``f``'s place written with ``text``: its words escaped as roff needs, its
        marks where the translation put them, a request on a line of its own, a sentence
        on its own line (man-pages(7)'s rule, and where groff ends a sentence)."""
        marks = [p for p in f.pieces if isinstance(p, _Mark)]
        # (a line break the model wrote is a space: a line of its could start a request)
        tokens = _placed(_BREAKS.sub(" ", text.strip()), f.pieces, marks)
        around: list[list[str | int]] = [[], []]
        for side, pieces in zip(around, (f.lead, f.trail), strict=True):
            for piece in pieces:
                if isinstance(piece, _Mark):
                    side.append(len(marks))
                    marks.append(piece)
                else:
                    side.append(piece)
        tokens = [*around[0], *tokens, *around[1]]
        if f.arg:
            return "".join(
                marks[t].written if isinstance(t, int) else _quoted(_escaped(t, f.escapes))
                for t in tokens
            )
        lines: list[tuple[str, bool]] = [("", False)]  # (a line, whether it is a request)
        for t in tokens:
            line, request = lines[-1]
            if isinstance(t, str):
                words = _escaped(t, f.escapes)
                lines[-1] = (line + (_quoted(words) if request else words), request)
                continue
            mark = marks[t]
            if mark.line != "own":
                lines[-1] = (line + mark.written.rstrip("\r\n"), request)
                if mark.line == "end":
                    lines.append(("", False))
            elif mark.kind == CODE:
                lines += [(mark.written, True), ("", False)]
            elif mark.kind == OPEN:  # (a font request's start, its words after it; its end)
                lines.append((mark.written, True))
            else:
                lines[-1] = (line + mark.written, request)
                lines.append(("", False))
        out: list[str] = []
        for line, request in lines:
            if request:
                if line.strip() not in (".B", ".I", ".SM", ".SB"):
                    out.append(line.rstrip())
                continue
            for sentence in _SENTENCE.split(line.strip()) if f.sentences else [line.strip()]:
                if sentence:
                    out.append("\\&" + sentence if sentence.startswith(_CONTROL) else sentence)
        return self.newline.join(out)


def _quoted(words: str) -> str:
    """Words in a request's arguments: a quote there would start or end one."""
    return words.replace('"', "\\(dq")


def _placed(text: str, pieces: Sequence[Piece], marks: Sequence[_Mark]) -> list[str | int]:
    """The translation's words and marks in its order: a mark it lost put back in
    proportion to where it stood, a pair it broke (a half lost, or the two swapped) left
    out, its words kept."""
    tokens = tokens_of(text, len(marks))
    where = {t: j for j, t in enumerate(tokens) if isinstance(t, int)}
    dropped: set[int] = set()
    opened: list[int] = []
    for k, mark in enumerate(marks):
        if mark.kind == OPEN:
            opened.append(k)
        elif mark.kind == CLOSE and opened:
            start = opened.pop()
            if not (start in where and k in where and where[start] < where[k]):
                dropped |= {start, k}
    # (a broken pair's end that holds words, a reference's "." after its heading: words)
    ending = {k: marks[k].shown for k in dropped if marks[k].kind == CLOSE and marks[k].shown}
    tokens = [t for t in tokens if t not in dropped or t in ending]
    plain = "".join(t for t in tokens if isinstance(t, str))
    kept = {t for t in tokens if isinstance(t, int)}
    before: list[int] = []  # (each mark's offset in the source's words)
    seen = 0
    for p in pieces:
        if isinstance(p, str):
            seen += len(p)
        else:
            before.append(seen)
    nearest = boundary(plain)
    lost = [
        (nearest(round(len(plain) * before[k] / max(seen, 1))), k)
        for k, mark in enumerate(marks)
        if k not in kept and (k in ending or (k not in dropped and mark.kind == CODE))
    ]  # (a pair lost: plain words)
    out: list[str | int] = []
    for t in inserted(tokens, sorted(lost)):
        if t in ending and out and isinstance(out[-1], str):
            words = out[-1].rstrip()  # (its end follows the word before it, as it did)
            out[-1:] = [words, ending[t], out[-1][len(words) :]]
        else:
            out.append(t)
    return out


def _declared_utf8(text: str) -> str:
    """``text`` with a coding line naming UTF-8 (groff's preconv and man-db read it in the
    first two lines): the source's own changed, else one added (second, after a line naming
    the preprocessors, ``'\\" t``, which must stay first)."""
    found = _CODING.search(text)
    if found is not None and text.count("\n", 0, found.start()) < 2:
        return text[: found.start(1)] + "UTF-8" + text[found.end(1) :]
    line = '.\\" -*- coding: UTF-8 -*-\n'
    if re.match(r"['.]\\\" [tegpRrv]+\s*\n", text):
        first = text.index("\n") + 1
        return text[:first] + line + text[first:]
    return line + text


def _never_ends(path: Path, end: str, n: int, line: str) -> DocumentError:
    """A definition or table whose end is not in the page: roff would read the rest of it
    as the definition, and show nothing."""
    written = "." + end
    return DocumentError(
        f"Line {n} ({line}) starts what a {written} line ends, and none follows: the rest of "
        "the page would be read as part of it",
        path=path,
        hint=f"Add the {written} line where it ends, then try again",
        message_id="document.damaged_file",
        params={"suffix": path.suffix},
    )


def _headings(source: str, page: str) -> frozenset[str]:
    """The words of a page's headings that are translated: not NAME's or SYNOPSIS', nor the
    command's own name (git's pages' "GIT" section, whose "git(1)" is a page's name)."""
    found = set()
    for _n, _start, line in _lines(source):
        request = _REQUEST.fullmatch(line) if line[:1] in (".", "'") else None
        if request is not None and request[1] in ("SH", "SS") and request[2].strip():
            found.add(_shown(" ".join(_arguments(request[2]))).strip())
    kept = {"NAME", "SYNOPSIS", page.upper(), page.split("-")[0].upper()}
    return frozenset(h for h in found if h and h.upper() not in kept)


class _Table:
    """A table for tbl (``.TS`` … ``.TE``): its options and format lines kept; each data
    row's cells split at its tab character (``tab(:)``, else a tab), a cell of prose a unit
    (a number, a symbol, a name in capitals or what a reader types kept), and a ``T{`` …
    ``T}`` block's lines read as a paragraph."""

    def __init__(self, reader: _Reader, n: int, begun: str) -> None:
        self.reader, self.n, self.begun = reader, n, begun
        self.tab = "\t"
        self.formats = True  # (its options and format lines, up to one ending in ".")
        self.first = True
        self.block = False  # (inside a T{ … T} block)

    def line(self, start: int, line: str, request: bool) -> None:
        reader = self.reader
        if self.block:
            if line.startswith("T}"):
                reader.flush()
                self.block = False
                self.cells(start + 2, line[2:])
            elif request or not line.strip():
                reader.flush()
            else:
                reader._text(start, line, False)
            return
        if self.formats:
            if self.first and line.rstrip().endswith(";"):
                found = re.search(r"\btab\s*\((.)\)", line, re.I)
                self.tab = found[1] if found is not None else self.tab
            elif line.rstrip().endswith("."):
                self.formats = False
            self.first = False
            return
        if request:
            if re.match(r"[.'][ \t]*T&", line):
                self.formats = True
            return
        self.cells(start, line)

    def cells(self, start: int, line: str) -> None:
        """A data row's cells from ``start``, ``line`` its text there."""
        reader = self.reader
        at = 0
        parts = line.split(self.tab)
        for k, cell in enumerate(parts):
            here = start + at
            at += len(cell) + len(self.tab)
            if k == len(parts) - 1 and cell.strip() == "T{":
                self.block = True
                return
            if cell.startswith("T{") or not re.search(r"[^\W\d_]{2}", cell):
                continue
            here += len(cell) - len(cell.lstrip())  # (tbl sets a cell's spaces: kept)
            cell = cell.strip()
            pieces = _decoded(cell, reader.escapes, reader.ways, reader.page, reader.headings)
            if not _prose(pieces, reader.page):
                continue
            escapes = reader.escapes
            if self.tab not in "\t\\-":  # (the tab character in a translation: not a tab)
                escapes = {**escapes, self.tab: f"\\[u{ord(self.tab):04X}]"}
            reader._unit(here, here + len(cell), pieces, escapes=escapes)


def _not_a_page(path: Path) -> DocumentError:
    """A file named like a page whose text does not start with a request (a rotated log,
    syslog.1; notes named .1)."""
    return DocumentError(
        "This is not a manual page: it does not start with roff requests (.TH, .SH)",
        path=path,
        hint="Give a manual page written in man(7) macros",
        message_id="document.not_manual_page",
    )


def read(data: bytes, path: Path, *, encoding: str | None = None) -> Document:
    source, _found = decode_text(data, path, "roff text", encoding=encoding)
    return ManualPage(path, source, _Reader(path, source).units())


class _Reader:
    """One pass over a page's lines, gathering its units."""

    def __init__(self, path: Path, source: str) -> None:
        self.path, self.source = path, source
        self.found: list[_Found] = []
        self.paragraph: list[tuple[int, int, list[Piece]]] = []
        self.escapes: dict[str, str] = {}
        self.ways: dict[str, set[str]] = {}
        self.section = ""
        self.fill = True
        self.named = False  # (the NAME section's "ls \-" set apart)
        self.titled = False  # (a request seen: .TH, or a page of another kind)
        self.no_fill: dict[str, bool] = {}  # (a macro the page defines: starts no-fill text?)
        self.page = path.name.split(".")[0]  # (the command it documents, as a word)
        self.headings = _headings(source, self.page)
        self.table: _Table | None = None

    def units(self) -> list[_Found]:
        tag = False
        # (a definition's or table's end: its request's name, and the line that began it)
        ending: tuple[str, int, str] | None = None
        defining = ""  # (the macro whose definition is read: does it start no-fill text?)
        pending: tuple[int, str] | None = None  # (.B alone: the next text line is bold)
        heading = ""  # (.SH alone: the next text line is the heading)
        for n, start, line in _lines(self.source):
            request = _REQUEST.fullmatch(line) if line[:1] in (".", "'") else None
            if self.table is not None:
                if request is not None and request[1] == "TE":
                    self.flush()
                    self.table = None
                else:
                    self.table.line(start, line, request is not None)
                continue
            if ending is not None:
                name = request[1] if request is not None else ""
                if name == ending[0] or name.startswith(ending[0] + '\\"'):
                    ending = None
                elif defining and name in ("nf", "EX", "fi", "EE"):
                    self.no_fill[defining] = name in ("nf", "EX")
                continue
            if request is None and not line.startswith('\\"'):
                if line.strip() == "\\" and not self.titled:
                    continue  # (a backslash alone before the title shows nothing: netpbm's)
                if line.strip() and not self.titled:
                    raise _not_a_page(self.path)
                if heading and line.strip():
                    self._heading(start, line, heading, line)
                    heading = ""
                    continue
                if pending is not None and line.strip() and self.fill:
                    written = self.source[pending[0] : start]
                    self._font_line(pending[0], start + len(line), pending[1], line, written, tag)
                    pending, tag = None, False
                    continue
                pending = None
                if not line.strip() or not self.fill or self.section in ("SYNOPSIS", ""):
                    self.flush()
                    tag = tag and not line.strip()  # (a blank line is not the tag: gcloud's)
                    continue
                self._text(start, line, tag)
                tag = False
                continue
            name, args = (request[1], request[2]) if request is not None else ('\\"', "")
            if name.startswith('\\"') or not name:
                self.flush()
                continue
            pending, heading = None, ""
            self._first(name, args)
            if not self.fill:
                if name in ("fi", "EE") or self.no_fill.get(name) is False:
                    self.fill = True
                continue
            if name == "TS":
                self.flush()
                self.table = _Table(self, n, line.strip())
                continue
            if name in _DEFINES or name in _SKIPPED_TO:
                self.flush()
                words = _arguments(args.split('\\"')[0])
                at = 0 if name == "ig" else 1
                end = _SKIPPED_TO.get(name) or (words[at] if len(words) > at else ".")
                ending = (end, n, line.strip())
                defining = words[0] if name in _DEFINES and at and words else ""
                continue
            if name in _ONE_FONT and not args.strip() and self.section not in ("SYNOPSIS", ""):
                pending = (start, name)  # (its words are the next line's: a .TP item's tag)
                continue
            if name in _ONE_FONT and args and self.section not in ("SYNOPSIS", ""):
                self._font_line(
                    start, start + len(line), name, " ".join(_arguments(args)), f".{name} ", tag
                )
                tag = False
                continue
            if name in _ALTERNATING and self.paragraph and not tag and self._reference(start, line):
                continue
            if (name in _ALTERNATING or name in _INLINE) and self.paragraph and not tag:
                join = "" if name in _ALTERNATING else " "  # (its fonts alternate, unspaced)
                shown = _shown(join.join(_arguments(args)))
                self.paragraph.append(
                    (start, start + len(line), [_Mark(line, line="own", shown=shown)])
                )
                continue
            self.flush()
            tag = name in ("TP", "TQ")
            if name in ("nf", "EX") or self.no_fill.get(name):
                self.fill = False
            elif name in ("SH", "SS") and not args.strip():
                heading = name  # (groff sets the next line as the heading: older pages')
            elif name in ("SH", "SS"):
                self._heading(start, line, name, args)
            elif name == "IP" and self.section not in ("SYNOPSIS", "NAME", ""):
                self._tag(start, line, args)
            elif name in _ALTERNATING and self.section not in ("SYNOPSIS", ""):
                tag = False
        self.flush()
        if not self.titled:
            raise _not_a_page(self.path)
        if ending is not None:
            raise _never_ends(self.path, *ending)
        if self.table is not None:
            raise _never_ends(self.path, "TE", self.table.n, self.table.begun)
        return self.found

    def _first(self, name: str, args: str) -> None:
        """Refuse a page Quire does not read, by its first request."""
        if self.titled:
            return
        self.titled = True
        if name in _MDOC:
            command = f"mandoc -Tman {self.path.name} > {self.path.stem}.man"
            raise DocumentError(
                "This is an mdoc(7) manual page (BSD's macros: .Dd, .Sh, .Nm…), which Quire "
                "does not translate",
                path=self.path,
                hint=f"Convert it to man(7) macros with: {command}, then translate that",
                message_id="document.mdoc_page",
                params={"command": command},
            )
        if name == "so":
            raise DocumentError(
                f"This manual page only includes another ({args.strip()})",
                path=self.path,
                hint="Translate the page it names instead",
                message_id="document.manual_page_link",
                params={"page": args.strip()},
            )

    def _heading(self, start: int, line: str, name: str, args: str) -> None:
        self.section = " ".join(_arguments(args)).upper() if name == "SH" else self.section
        if not args.strip() or (self.section in ("NAME", "SYNOPSIS") and name == "SH"):
            return
        at = start + len(line) - len(args)
        end = start + len(line.rstrip())
        words = _arguments(args)
        if args.startswith('"') and args.rstrip().endswith('"') and len(words) == 1:
            at, end = at + 1, end - 1
        elif '"' in args:  # (open(2)'s 'Rationale for openat() and other "directory file
            # descriptor" APIs': roff's arguments, a space between; written as one, quoted)
            joined = _decoded(" ".join(words), self.escapes, self.ways, self.page)
            self._unit(at, end, _in_quotes(joined), arg=True)
            return
        self._unit(
            at, end, _decoded(self.source[at:end], self.escapes, self.ways, self.page), arg=True
        )

    def _tag(self, start: int, line: str, args: str) -> None:
        """An ``.IP`` item's tag, its first argument, when it is words (bc's ``.IP "for
        statement"``, ``.IP "Exit status" 4``; a word capitalized as a word is, ``Note``):
        an option (``.IP "\\fB\\-v\\fR" 4``), a bullet (``\\(bu``), a number, a name in
        capitals (``EINVAL``) or what a reader types are kept as written."""
        first = re.match(r'[ \t]*("(?:[^"]|"")*"?|[^\s"]+)', args)
        if first is None:
            return
        at = start + len(line) - len(args) + first.start(1)
        end = start + len(line) - len(args) + first.end(1)
        quoted = first[1].startswith('"')
        if quoted:
            at, end = at + 1, end - 1 if first[1].endswith('"') and len(first[1]) > 1 else end
        pieces = _decoded(self.source[at:end], self.escapes, self.ways, self.page, self.headings)
        if not _prose(pieces, self.page):
            return
        if not quoted:  # (its translation may be words: one argument, in quotes)
            pieces = _in_quotes(pieces)
        self._unit(at, end, pieces, arg=True)

    def _text(self, start: int, line: str, tag: bool) -> None:
        indent = len(line) - len(line.lstrip())
        if indent and self.paragraph and not self._continued():
            self.flush()  # (a line that starts with a space breaks the filled text)
        pieces: list[Piece] = []
        text = line[indent:]
        if self.section == "NAME" and not self.named:
            # (the name's separator is a dash between spaces: "deb\-src\-symbols \- Debian's")
            dash = re.search(r"[ \t]\\-[ \t]*|(?<= )-[ \t]+", text) or re.search(r"\\-[ \t]*", text)
            if dash is not None:
                self.named = True
                pieces.append(_Mark(text[: dash.end()]))  # (no words: left out of the unit)
                text = text[dash.end() :]
        pieces += _decoded(text, self.escapes, self.ways, self.page, self.headings)
        self.paragraph.append((start + indent, start + len(line), pieces))
        if tag:
            self.flush()

    def _reference(self, start: int, line: str) -> bool:
        """A bold or italic first argument that names a heading of the page (``.BR "Memory
        usage" .``, "see the section …") gathered as words, as the heading is translated; the
        request and the arguments after it kept."""
        request = _REQUEST.fullmatch(line)
        assert request is not None
        first = re.match(r'[ \t]*("(?:[^"]|"")*"|[^\s"]+)', request[2])
        if request[1][0] not in "BI" or first is None:
            return False
        words = _arguments(first[1])
        rest = request[2][first.end(1) :]
        if not words or _shown(words[0]).strip() not in self.headings:
            return False
        if re.match(r"\s*\(\d", rest):
            return False  # (a page's name: ".BR tokens (7)")
        head = line[: len(line) - len(request[2]) + first.start(1)] + '"'
        tail = '"' + rest
        pieces = _decoded(words[0], self.escapes, self.ways, self.page)
        shown = _shown("".join(_arguments(rest)))
        if any(isinstance(p, _Mark) for p in pieces):
            return False
        kept = [_Mark(head, OPEN, line="own"), *pieces, _Mark(tail, CLOSE, line="own", shown=shown)]
        self.paragraph.append((start, start + len(line), kept))
        return True

    def _continued(self) -> bool:
        """Whether the paragraph's last line ends in ``\\e``: a shell command going on in the
        next line (gcloud's ``$ gcloud … \\e`` examples), which is part of it."""
        a, b, _ = self.paragraph[-1]
        text = self.source[a:b].rstrip()[:-1]  # (up to the "e")
        return (
            self.source[a:b].rstrip().endswith("e")
            and (len(text) - len(text.rstrip("\\"))) % 2 == 1
        )

    def _font_line(self, start: int, end: int, name: str, words: str, head: str, tag: bool) -> None:
        """A font request's words (``head`` the request, as written before them)."""
        pieces = _decoded(words, self.escapes, self.ways, self.page, self.headings)
        shown = "".join(p if isinstance(p, str) else p.shown for p in pieces)
        marked = any(isinstance(p, _Mark) for p in pieces)
        named = not marked and shown.strip() in self.headings
        if (
            not named
            and not _sentence(pieces, self.page)
            and (
                marked
                or _typed(shown)
                or (name == "B" and (" " not in shown.strip() or _command(shown, self.page)))
            )
        ):
            kept: list[Piece] = [_Mark(self.source[start:end], line="own", shown=shown)]
        else:
            kept = [_Mark(head, OPEN, line="own"), *pieces, _Mark("", CLOSE, line="own")]
        self.paragraph.append((start, end, kept))
        if tag:
            self.flush()

    def flush(self) -> None:
        lines, self.paragraph = self.paragraph, []
        if not lines:
            return
        pieces: list[Piece] = []
        for _a, _b, line in lines:
            if pieces and not (isinstance(pieces[-1], _Mark) and pieces[-1].line == "end"):
                pieces.append(" ")
            pieces += line
        texts = [self.source[a:b].rstrip() for a, b, _ in lines]
        ends = any(_ENDS_SENTENCE.search(text) for text in texts[:-1])
        within = any(_SENTENCE.search(text) for text in texts)
        self._unit(lines[0][0], lines[-1][1], pieces, sentences=ends and not within)

    def _unit(
        self,
        start: int,
        end: int,
        pieces: list[Piece],
        *,
        arg: bool = False,
        sentences: bool = False,
        escapes: dict[str, str] | None = None,
    ) -> None:
        words = "".join(p for p in pieces if isinstance(p, str))
        if not re.search(r"[^\W\d_]", words) or words.lstrip().startswith("$ "):
            return  # (no words; or a command at a shell's prompt, gcloud's examples)
        merged: list[Piece] = []
        for p in pieces:
            if isinstance(p, str) and merged and isinstance(merged[-1], str):
                merged[-1] += p
            elif p != "":
                merged.append(p)
        first = next(k for k, p in enumerate(merged) if isinstance(p, str) and p.strip())
        last = max(k for k, p in enumerate(merged) if isinstance(p, str) and p.strip())
        lead, trail = merged[:first], merged[last + 1 :]
        if all(p.kind == CODE and not p.shown for p in lead + trail if isinstance(p, _Mark)):
            merged = merged[first : last + 1]
        else:
            lead = trail = []
        # (the white space around its words is the unit's place, not its text)
        if isinstance(merged[0], str):
            lead.append(merged[0][: len(merged[0]) - len(merged[0].lstrip())])
            merged[0] = merged[0].lstrip()
        if isinstance(merged[-1], str):
            trail.insert(0, merged[-1][len(merged[-1].rstrip()) :])
            merged[-1] = merged[-1].rstrip()
        escapes = self.escapes if escapes is None else escapes
        found = _Found(start, end, merged, escapes, arg, (*lead,), (*trail,), sentences)
        self.found.append(found)
        check_unit_count(len(self.found), self.path)


__all__ = ["ManualPage", "read"]
