"""Fountain screenplays (``.fountain``, and ``.spmd``, its older name): read line by line as
Fountain's syntax (fountain.io/syntax) reads them, written back as Fountain with every byte
outside the translated words as it was.

Translated: the title page's Title, Credit, Source, Notes and the like (their keys kept;
Author, Contact, Draft date, Copyright and other keys' values are names, addresses and dates:
kept), a scene heading's place and time (``INT.``/``EXT.``/``EST.``/``INT./EXT.``/``I/E``
and a forcing ``.`` kept, so it stays a scene heading; its scene number ``#1A#`` kept), action
(a forcing ``!`` kept), dialogue (its line breaks where the translation puts them), the words
inside a parenthetical, transitions (a translation that no longer reads as one, uppercase
ending in ``TO:``, is forced with ``>``), centered text (``>…<``), lyrics (``~``), sections
(``#``) and synopses (``=``), and the words of a note (``[[…]]``, its brackets a pair around
them). A scene heading or transition written in capitals is written in capitals.

Kept: character cues (the name, its extension ``(V.O.)``, ``(CONT'D)``, dual dialogue's
``^``, a forcing ``@``: the same character in every scene), boneyard (``/* … */``), page
breaks (``===``), blank lines, indents, line endings, the encoding and its byte order mark.
Emphasis (``*``, ``**``, ``***``, ``_``) is a pair of placeholders around the words it marks,
written where the translation puts them; an escape (``\\*``) is seen as its character and
written escaped again. A translated line that would read as another element (action that
now begins ``INT.`` or is all capitals before more lines) is forced to stay what it was
(``!``). No bilingual output: a copy of a scene heading or a cue would be another scene or
another speech."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from engine.documents.base import Document, decode_text, edited
from engine.documents.errors import DocumentError, empty_file
from engine.documents.lined import Found, LineDocument
from engine.documents.pairs import (
    BREAK,
    CLOSE,
    CODE,
    OPEN,
    TEXT,
    Apart,
    Bit,
    kept_from_starting,
)
from engine.text.encoding import TextEncoding

# The title page's keys whose values are words to translate; the others' (Author, Contact,
# Draft date, Copyright, Font…) are names, addresses, dates and settings, kept.
TRANSLATED_KEYS = frozenset(
    ["title", "credit", "source", "notes", "tl", "tc", "tr", "cc", "bl", "br", "header", "footer"]
)
# The keys a title page may begin with (afterwriting's and screenplain's list): a first line
# "FADE IN:" is no title page.
_TITLE_KEY = re.compile(
    r"(?i)(?P<key>title|credit|authors?|source|notes|draft date|date|watermark|contact(?: info)?"
    r"|revision|copyright|font|tl|tc|tr|cc|br|bl|header|footer)[ \t]*:"
)
# (The key up to the first colon, its trailing blanks taken off where it is used: a lazy
# key before "[ \t]*:" backtracked over a long line of blanks.)
_ANY_KEY = re.compile(r"(?P<key>[^\s:][^:\r\n]*):")
_HEADING = re.compile(r"(?i)(?:INT\.?/EXT|INT/EXT|I/E|INT|EXT|EST)[. ][ \t]*")
_FORCED_HEADING = re.compile(r"\.(?=[^.\s])")
_SCENE_NUMBER = re.compile(r"[ \t]*#[\w.\-]+#[ \t]*$")
_TRANSITION = re.compile(r"[^a-z]*TO:")
_PAGE_BREAK = re.compile(r"={3,}[ \t]*")
_INLINE = re.compile(r"\x00+|\[\[")
_EMPHASIS = re.compile(r"(?<!\\)(?:\*{1,3}|_)")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
# What a translated action line must not begin with (it would be another element).
_MARKED = re.compile(r"[ \t]*(?:[!@#=~>]|\.(?=[^.]))")
# A later line of a unit that Quire's reader would take for a section, synopsis or lyric.
_STARTS = re.compile(r"[ \t]*[#=~]")
# Fountain's emphasis needs nothing around it (afterwriting's and screenplain's reading).
_APART = Apart(lambda c: True, lambda c: True, "")


@dataclass(frozen=True)
class _Found(Found):
    """``kind``: the element the unit is (``action``, ``dialogue``, ``heading``…)."""

    kind: str = "action"
    forced: bool = False
    capitals: bool = False  # (a heading or transition in capitals: written so)


@dataclass(frozen=True)
class Element:
    """An element of the screenplay as read: its kind and its first line (0-based)."""

    kind: str
    line: int


def read(data: bytes, path: Path, *, encoding: str | None = None) -> Document:
    # (a picture or a PDF under a .fountain name; UTF-16 text, with its mark, has NULs too)
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    if encoding is None and not utf16 and b"\x00" in data:
        raise DocumentError(
            "The file is not a Fountain screenplay: it holds binary data",
            path=path,
            hint="Give a .fountain file saved by a screenwriting app or a text editor",
            message_id="document.damaged_file",
            params={"suffix": path.suffix},
        )
    source, found = decode_text(data, path, "Fountain", encoding=encoding)
    if not source.strip("\ufeff \t\r\n"):
        raise empty_file(path)
    parser = _Parser(source)
    parser.run()
    return FountainDocument(path, source, parser, found)


def elements(source: str) -> list[Element]:
    """The screenplay's elements in order, kept ones too (cues, page breaks, boneyard): what
    a translation must have the same of."""
    parser = _Parser(source)
    parser.run()
    return parser.elements


class _Parser:
    def __init__(self, source: str) -> None:
        self.source = source
        # The boneyard's characters masked (its line breaks kept), so it is neither read as
        # an element nor translated.
        masked = list(source)
        for a, b in _pairs(source, "/*", "*/"):
            for i in range(a, b):
                if source[i] not in "\r\n":
                    masked[i] = "\x00"
        self.masked = "".join(masked)
        self.lines: list[tuple[int, int]] = []  # (each line's start, its end before the break)
        for m in _LINE.finditer(source):
            if m.start() == len(source) and self.lines:
                break
            text = m.group()
            self.lines.append((m.start(), m.start() + len(text.rstrip("\r\n"))))
        self.starts = [a for a, _ in self.lines]
        self.found: list[_Found] = []
        self.elements: list[Element] = []

    def text(self, i: int) -> str:
        """Line ``i`` as the reader sees it: boneyard left out."""
        a, b = self.lines[i]
        return self.masked[a:b].replace("\x00", "")

    def blank(self, i: int) -> bool:
        return i >= len(self.lines) or not self.text(i).strip()

    def run(self) -> None:
        i = self.title_page()
        count = len(self.lines)
        while i < count:
            if self.blank(i):
                if "\x00" in self.masked[slice(*self.lines[i])]:
                    self.elements.append(Element("boneyard", i))
                i += 1
                continue
            i = self.block(i)

    def title_page(self) -> int:
        first = self.text(0).lstrip("\ufeff") if self.lines else ""
        if not _TITLE_KEY.match(first):
            return 0
        i = 0
        key = ""
        value: list[int] = []  # (the lines of the current key's value)
        while i < len(self.lines) and not self.blank(i):
            line = self.text(i).lstrip("\ufeff")
            continued = line[:1] in (" ", "\t") or not _ANY_KEY.match(line)
            if continued and key:
                value.append(i)
            else:
                self.title_value(key, value)
                m = _ANY_KEY.match(line)
                assert m is not None
                key, value = m["key"].rstrip(" \t").lower(), [i]
                self.elements.append(Element("title", i))
            i += 1
        self.title_value(key, value)
        return i

    def title_value(self, key: str, lines: list[int]) -> None:
        if not lines or key not in TRANSLATED_KEYS:
            return
        a, b = self.lines[lines[0]]
        m = _ANY_KEY.match(self.source, a)
        assert m is not None
        start = m.end()
        if not self.source[start:b].strip():  # (the value on the lines after the key)
            if len(lines) == 1:
                return
            start = self.lines[lines[1]][0]
        end = self.end_of(lines[-1])
        while start < end and self.source[start] in " \t":
            start += 1
        self.unit(start, end, "title", listed=False)

    def block(self, i: int) -> int:
        """The element(s) of the lines from ``i`` (after a blank line) to the next blank."""
        end = i
        while end < len(self.lines) and not self.blank(end):
            end += 1
        line = self.text(i)
        stripped = line.strip()
        lead = self.lines[i][0] + len(line) - len(line.lstrip())
        if _PAGE_BREAK.fullmatch(stripped):
            self.elements.append(Element("page break", i))
            return i + 1
        if heading := _HEADING.match(self.source, lead):
            self.heading(i, heading.end(), forced=False)
            return self.rest(i + 1, end)
        if (forced := _FORCED_HEADING.match(self.source, lead)) and self.source[lead] == ".":
            self.heading(i, forced.end(), forced=True)
            return self.rest(i + 1, end)
        if stripped.startswith("!"):  # (forced action, whatever it reads as)
            return self.rest(i, end)
        if stripped.startswith(">") and not stripped.endswith("<"):
            start, stop = lead + 1, self.end_of(i)
            while start < stop and self.source[start] in " \t":
                start += 1
            self.unit(start, stop, "transition", forced=True, capitals=_caps(stripped))
            return self.rest(i + 1, end)
        plain = _MARKED.match(stripped) is None  # (not a lyric's, a section's "CUT TO:"…)
        if end == i + 1 and plain and _TRANSITION.fullmatch(stripped) and stripped.isupper():
            self.unit(lead, self.end_of(i), "transition", capitals=True)
            return i + 1
        if end > i + 1 and _is_cue(stripped):
            self.elements.append(Element("character", i))
            return self.dialogue(i + 1, end)
        return self.rest(i, end)

    def heading(self, i: int, start: int, *, forced: bool) -> None:
        b = self.lines[i][1]
        number = _SCENE_NUMBER.search(self.source, start, b)
        stop = number.start() if number is not None else self.end_of(i)
        words = self.source[start:stop]
        self.elements.append(Element("heading", i))
        if words.strip():
            self.unit(start, stop, "heading", forced=forced, capitals=_caps(words), listed=False)

    def end_of(self, i: int) -> int:
        """Where line ``i``'s words end (its trailing spaces left out)."""
        a, b = self.lines[i]
        return a + len(self.source[a:b].rstrip())

    def rest(self, i: int, end: int) -> int:
        """Lines ``i`` to ``end`` of a block: sections, synopses, lyrics, centered lines and
        page breaks on their own lines, and action between them."""
        run: list[int] = []
        while i < end:
            line = self.text(i)
            stripped = line.strip()
            a, b = self.lines[i]
            lead = a + len(line) - len(line.lstrip())
            single = None
            if _PAGE_BREAK.fullmatch(stripped):
                single = "page break"
            elif stripped.startswith("#"):
                single = "section"
            elif stripped.startswith("=") and not stripped.startswith("==="):
                single = "synopsis"
            elif stripped.startswith("~"):
                single = "lyric"
            elif (centered := _bracketed(self.source, "><", a, b)) is not None:
                single = "centered"
            if single is None:
                run.append(i)
                i += 1
                continue
            self.action(run)
            run = []
            if single == "centered":
                assert centered is not None
                self.unit(centered[0], centered[1], single)
            elif single != "page break":
                start = lead + len(stripped) - len(stripped.lstrip(stripped[0]))
                while start < b and self.source[start] in " \t":
                    start += 1
                if start < self.end_of(i):
                    self.unit(start, self.end_of(i), single)
                else:
                    self.elements.append(Element(single, i))
            else:
                self.elements.append(Element(single, i))
            i += 1
        self.action(run)
        return end

    def action(self, run: list[int]) -> None:
        if not run:
            return
        a, _ = self.lines[run[0]]
        line = self.text(run[0])
        start = a + len(line) - len(line.lstrip())
        forced = self.source[start : start + 1] == "!"
        start += forced
        self.unit(start, self.end_of(run[-1]), "action", forced=forced)

    def dialogue(self, i: int, end: int) -> int:
        run: list[int] = []
        while i < end:
            a, b = self.lines[i]
            paren = _parenthetical(self.masked, a, b)
            spaced = not self.text(i).strip()  # (a line of two spaces: a break in a speech)
            lyric = paren is None and self.text(i).lstrip().startswith("~")
            if paren is None and not spaced and not lyric:
                run.append(i)
                i += 1
                continue
            self.speech(run)
            run = []
            if lyric:  # (a lyric line of the speech: its ``~`` kept, its words its own unit)
                self.rest(i, i + 1)
            elif paren is not None:
                if paren[1] > paren[0]:
                    self.unit(paren[0], paren[1], "parenthetical")
                else:
                    self.elements.append(Element("parenthetical", i))
            i += 1
        self.speech(run)
        return end

    def speech(self, run: list[int]) -> None:
        if run:
            a, _ = self.lines[run[0]]
            line = self.text(run[0])
            self.unit(a + len(line) - len(line.lstrip()), self.end_of(run[-1]), "dialogue")

    def unit(
        self,
        start: int,
        end: int,
        kind: str,
        *,
        forced: bool = False,
        capitals: bool = False,
        listed: bool = True,
    ) -> None:
        """A unit of ``source[start:end]`` (lines, apart by breaks), its markup as pieces."""
        if listed:
            self.elements.append(Element(kind, self._line_of(start)))
        bits: list[Bit] = []
        cursor = start
        for m in re.finditer(r"[ \t]*(?:\r\n|\r|\n)[ \t]*", self.source[start:end]):
            a, b = start + m.start(), start + m.end()
            self.inline(cursor, a, bits)
            # (the break and the spaces before it; the next line's indent kept between)
            indent = len(m.group()) - len(m.group().rstrip(" \t"))
            bits.append(Bit((a, b - indent), BREAK))
            cursor = b
        self.inline(cursor, end, bits)
        if not any(b.kind == TEXT and self.source[slice(*b.span)].strip() for b in bits):
            return
        self.found.append(_Found(tuple(bits), start, kind=kind, forced=forced, capitals=capitals))

    def _line_of(self, at: int) -> int:
        return bisect.bisect_right(self.starts, at) - 1

    def inline(self, start: int, end: int, bits: list[Bit]) -> None:
        """The pieces of one line's ``start:end``: boneyard kept (a placeholder), a note's
        brackets a pair around its words, emphasis pairs."""
        cursor = pos = start
        notes = True  # (until a "[[" with no "]]" after it: then no later one has either)
        while (m := _INLINE.search(self.masked, pos, end)) is not None:
            pos = m.end()
            if m.group() == "[[":
                close = self.masked.find("]]", pos, end) if notes else -1
                if close < 0:
                    notes = False
                    continue
                self.emphasis(cursor, m.start(), bits)
                bits.append(Bit((m.start(), m.start() + 2), OPEN, loose=True))
                self.emphasis(m.start() + 2, close, bits)
                bits.append(Bit((close, close + 2), CLOSE, loose=True))
                cursor = pos = close + 2
            else:
                self.emphasis(cursor, m.start(), bits)
                bits.append(Bit(m.span(), CODE, loose=True))
                cursor = pos
        self.emphasis(cursor, end, bits)

    def emphasis(self, start: int, end: int, bits: list[Bit]) -> None:
        source = self.source
        marks = list(_EMPHASIS.finditer(source, start, end))
        opened: list[re.Match[str]] = []
        pairs: list[tuple[re.Match[str], re.Match[str]]] = []
        for m in marks:
            before = source[m.start() - 1] if m.start() > start else " "
            after = source[m.end()] if m.end() < end else " "
            match = next(
                (k for k in range(len(opened) - 1, -1, -1) if opened[k].group() == m.group()),
                None,
            )
            if match is not None and not before.isspace():
                pairs.append((opened[match], m))
                del opened[match:]
            elif not after.isspace():
                opened.append(m)
        edges = sorted(
            [(o.start(), o.end(), OPEN) for o, _ in pairs]
            + [(c.start(), c.end(), CLOSE) for _, c in pairs]
        )
        cursor = start
        for a, b, kind in edges:
            if a > cursor:
                bits.append(Bit((cursor, a), TEXT))
            bits.append(Bit((a, b), kind, loose=True))
            cursor = b
        if end > cursor or not bits or bits[-1].kind == BREAK:
            bits.append(Bit((cursor, end), TEXT))


def _pairs(text: str, opening: str, closing: str) -> Iterator[tuple[int, int]]:
    """The spans from each ``opening`` to the first ``closing`` after it, left to right, in
    one pass: an opening never closed is text, as the non-greedy patterns readers use have it
    (and so is every opening after it, none of which can close either)."""
    pos = 0
    while (a := text.find(opening, pos)) >= 0:
        b = text.find(closing, a + len(opening))
        if b < 0:
            return
        pos = b + len(closing)
        yield a, pos


def _outside(text: str, opening: str, closing: str) -> Iterator[tuple[int, int]]:
    """The spans of ``text`` outside the pairs of ``_pairs``."""
    pos = 0
    for a, b in _pairs(text, opening, closing):
        yield pos, a
        pos = b
    yield pos, len(text)


def _parenthetical(text: str, start: int = 0, end: int | None = None) -> tuple[int, int] | None:
    """The span of a parenthetical's words when ``text[start:end]`` is one line ``(words)``."""
    return _bracketed(text, "()", start, end)


def _bracketed(
    text: str, brackets: str, start: int = 0, end: int | None = None
) -> tuple[int, int] | None:
    """The span of the words when ``text[start:end]`` is one line of them between
    ``brackets`` (blanks around either bracket left out), else None; in one pass (the
    patterns of nested blanks and lazy words before backtracked over a long line)."""
    end = len(text) if end is None else end
    line = text[start:end]
    if "\n" in line or "\r" in line:
        return None
    inner = line.strip(" \t")
    if len(inner) < 2 or inner[0] != brackets[0] or inner[-1] != brackets[1]:
        return None
    a = start + line.index(brackets[0]) + 1
    b = start + len(line.rstrip(" \t")) - 1
    words = text[a:b]
    a += len(words) - len(words.lstrip(" \t"))
    b -= len(words) - len(words.rstrip(" \t"))
    return (a, b) if a <= b else (a, a)


def _fitted(text: str, found: _Found) -> str:
    """A translation as the element can hold it: on one line where the element is one line
    (a heading, a transition, a lyric…), without blank lines (which would end a speech or a
    paragraph); a forced heading's not beginning with another ``.``, a forced transition's
    not ending with ``<`` (a centered line)."""
    if not any(b.kind == BREAK for b in found.bits):
        text = " ".join(line.strip() for line in text.splitlines() if line.strip())
    else:
        text = "\n".join(line for line in text.splitlines() if line.strip())
    if found.kind == "heading" and found.forced:
        text = text.lstrip(". ")
    if found.kind == "transition" and found.forced:
        text = text.rstrip("< ")
    return text


def _not_parenthetical(parts: list[str], bits: Sequence[Bit]) -> list[str]:
    """A speech's translated lines, one that is all in parentheses begun with a zero-width
    space, so that it stays a line of the speech (the way Org's manual escapes a line)."""
    starts = [0, *(i + 1 for i, b in enumerate(bits) if b.kind == BREAK)]
    ends = [*(i for i, b in enumerate(bits) if b.kind == BREAK), len(bits)]
    out = list(parts)
    for a, b in zip(starts, ends, strict=True):
        if _parenthetical("".join(out[a:b])) and a < len(out):
            out[a] = "\u200b" + out[a]
    return out


def _first_and_more(text: str) -> tuple[str, bool]:
    """A unit's first line that is not blank (stripped), and whether more lines follow."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return (lines[0] if lines else "", len(lines) > 1)


def _caps(text: str) -> bool:
    """Whether ``text`` is in capitals: a letter of a case, and none in lower case (Chinese
    has no case: ``窃贼 JACK`` is in capitals, as screenplain and afterwriting read it)."""
    return text.isupper()


def _is_cue(line: str) -> bool:
    """Whether ``line`` (stripped, before a line that is not blank) is a character's cue."""
    if line.startswith("@"):
        return True
    if line.startswith(("!", "#", "=", "~", ">", "[[")) or _TRANSITION.fullmatch(line):
        return False
    name = line.removesuffix("^").split("(", 1)[0]
    return _caps(name) and not line.endswith(":")


class FountainDocument(LineDocument[_Found]):
    """A Fountain screenplay; no bilingual output (see the module)."""

    def __init__(self, path: Path, source: str, parser: _Parser, encoding: TextEncoding) -> None:
        super().__init__(path, source, parser.found, encoding, _APART)
        self.elements = parser.elements

    def parts(self, n: int, text: str) -> list[str]:
        found = self.found[n]
        bits = found.bits
        if text != self.units[n].text:
            text = _fitted(text, found)
        parts = super().parts(n, text)
        if text == self.units[n].text:
            return parts
        if found.kind == "dialogue":  # (a line in parentheses would be a parenthetical)
            parts = _not_parenthetical(parts, bits)
        if found.capitals:
            parts = [p.upper() if b.kind == TEXT else p for b, p in zip(bits, parts, strict=True)]
        kept_from_starting(parts, bits, _STARTS)
        return parts

    def render_text(self, translations: Sequence[str]) -> str:
        self._check(translations)
        edits = []
        for n, text in enumerate(translations):
            made = self._edits(n, text)
            if text != self.units[n].text:
                # (before the unit's own edits: an insertion where its first piece is empty
                # would come after them)
                edits += self._forced(n, made)
            edits += made
        return self._line_ends(edited(self.source, edits))

    def _forced(self, n: int, made: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """What keeps unit ``n``, written as ``made``, the element it was: a transition that
        no longer reads as one forced with ``>``, action that would read as another element
        with ``!``."""
        found = self.found[n]
        written = edited(
            self.source[found.margin : found.bits[-1].span[1]],
            [(a - found.margin, b - found.margin, p) for a, b, p in made],
        )
        if found.kind == "transition" and not found.forced:
            first = written.strip()
            plain = _TRANSITION.fullmatch(first) and first.isupper()
            if not plain or _MARKED.match(first) or _HEADING.match(first):
                line = self._bounds(n)[0]  # (before an indent: where readers look for it)
                return [(line, line, "> ")]
        elif found.kind == "action" and not found.forced and self._other(written):
            source = self.source[found.margin : found.bits[-1].span[1]]
            if _first_and_more(source) == _first_and_more(written):
                return []  # (its first line as the source's, which reads as action: "23 (O.S.)")
            # (at the line's start, before its indent: where readers look for it)
            line = self._bounds(n)[0]
            return [(line, line, "!")]
        return []

    def _other(self, written: str) -> bool:
        """Whether translated action would read as another element (forced with ``!``), as
        readers see it with its notes left out (screenplain's: a paragraph of a note alone is
        none) or in (a note over several lines, kept by others)."""
        seen = "".join(written[a:b] for a, b in _outside(written, "[[", "]]"))
        if not seen.strip():
            return False
        return self._reads_other(seen) or self._reads_other(written)

    def _reads_other(self, written: str) -> bool:
        first = next(line for line in written.splitlines() if line.strip())
        stripped = first.strip()
        if _MARKED.match(first) or _HEADING.match(stripped):
            return True
        more = len(written.splitlines()) > 1
        # (a line in capitals before more lines: a cue to some reader, "NOTE:" too)
        return (more and (_is_cue(stripped) or _caps(stripped))) or (
            not more and _TRANSITION.fullmatch(stripped) is not None and stripped.isupper()
        )

    # (A copy of a scene heading or a cue beside it would be another scene or speech.)
    render_bilingual = Document.render_bilingual  # type: ignore[assignment]


__all__ = ["TRANSLATED_KEYS", "Element", "FountainDocument", "elements", "read"]
