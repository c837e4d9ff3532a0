"""Markdown: paragraphs, headings, list items, quotes and table cells are units; their inline
markup (emphasis, link brackets and targets, inline code, HTML tags, URLs) is kept in place and
only the text between is translated. Code blocks, front matter, HTML blocks, reference
definitions and rules are kept byte for byte."""

from __future__ import annotations

import re
from pathlib import Path

from engine.documents.base import Document, decode_text, pieces_between
from engine.documents.txt import TextDocument

_LINE = re.compile(r"[^\n]*\n|[^\n]+")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_INDENTED = re.compile(r"(?: {4}|\t)")
_HTML_BLOCK = re.compile(r" {0,3}<(?:[A-Za-z/!?])")
_REFERENCE = re.compile(r" {0,3}\[[^\]]+\]:\s*\S")
_RULE = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_SETEXT = re.compile(r" {0,3}(?:=+|-+)[ \t]*$")
_HEADING = re.compile(r" {0,3}#{1,6}(?:[ \t]+|$)")
_HEADING_END = re.compile(r"[ \t]+#+[ \t]*$|[ \t]+$")
_TABLE_RULE = re.compile(r"[\s|:-]+$")
_PREFIX = re.compile(
    r"[ \t]*(?:>[ \t]?)*[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?)?"
)
_QUOTES = re.compile(r"[ \t]*(?:>[ \t]?)*")
_ITEM = re.compile(r"[ \t]*(?:>[ \t]?)*[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+")
_INLINE = re.compile(
    r"(`+)[^`](?:[\s\S]*?[^`])?\1(?!`)"  # inline code
    r"|\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)"  # a link's target (and title)
    r"|\]\[[^\]]*\]|!?\[|\]"  # link brackets and reference labels
    r"|<[A-Za-z][A-Za-z0-9+.-]*:[^<>\s]*>|<[^<>\n]+>"  # autolinks, inline HTML
    r"|(?:https?|ftp)://[^\s<>()]+|www\.[^\s<>()]+"  # bare URLs
    r"|\\[\\`*_{}\[\]()#+\-.!|~<>]"  # backslash escapes
    r"|\*+|(?<!\w)_+|_+(?!\w)|~~"  # emphasis
)
_FRONT_MATTER = re.compile(
    r"(?:---|\+\+\+)[ \t]*\r?\n[\s\S]*?\n(?:---|\+\+\+|\.\.\.)[ \t]*(?:\r?\n|$)"
)


def read(data: bytes, path: Path, *, encoding: str | None = None) -> Document:
    source, found = decode_text(data, path, "Markdown", encoding=encoding)
    parser = _Parser(source)
    parser.parse()
    return MarkdownDocument(
        path,
        source,
        [(p[0][0], p[-1][1]) for p in parser.units],
        [f"p{n + 1}" for n in range(len(parser.units))],
        found,
        parser.units,
    )


class MarkdownDocument(TextDocument):
    """Bilingual: each block's lines followed by a copy holding the translation (so a
    heading's copy is a heading, a table row's a row and a list item's an item)."""

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
        # paragraph of its own.
        line = self.source[start:end]
        tight = line.lstrip().startswith("|") or _ITEM.match(line)
        return self.newline(end) * (1 if tight else 2)

    def insert_at(self, start: int, end: int) -> int:
        # A table's header row must stay above its |---| rule: its copy goes below the rule.
        if self.source[start:end].lstrip().startswith("|"):
            rule = _LINE.match(self.source, end + 1) if end < len(self.source) else None
            if rule and rule.group().strip().startswith("|") and _TABLE_RULE.match(rule.group()):
                return rule.start() + len(rule.group().rstrip("\r\n"))
        return end


class _Parser:
    def __init__(self, source: str) -> None:
        self.source = source
        self.units: list[list[tuple[int, int]]] = []
        self.paragraph: list[tuple[int, int]] = []
        self.depth = 0  # the open paragraph's quote depth

    def parse(self) -> None:
        start = 0
        front = _FRONT_MATTER.match(self.source)
        if front:
            start = front.end()
        fence: str | None = None
        previous_blank = True
        previous_code = False
        for m in _LINE.finditer(self.source, start):
            line_start, raw = m.start(), m.group()
            line = raw.rstrip("\r\n")
            end = line_start + len(line)
            if fence is not None:
                closing = _FENCE.match(line)
                if (
                    closing
                    and closing.group(1)[0] == fence[0]
                    and len(closing.group(1)) >= len(fence)
                    and not line[closing.end() :].strip()
                ):
                    fence = None
                continue
            opening = _FENCE.match(line)
            blank = not line.strip()
            is_code = (
                not blank
                and not self.paragraph
                and (previous_blank or previous_code)
                and bool(_INDENTED.match(line))
            )
            previous_code = is_code or (previous_code and blank)
            if opening:
                self._flush()
                fence = opening.group(1)
            elif blank or is_code:
                self._flush()
            elif self.paragraph and _SETEXT.match(line):
                self._flush()  # the underline of a heading
            elif _RULE.match(line) or _HTML_BLOCK.match(line) or _REFERENCE.match(line):
                self._flush()
            elif line.lstrip().startswith("|"):
                self._flush()
                if not _TABLE_RULE.match(line):
                    self._cells(line_start, end)
            elif heading := _HEADING.match(line):
                self._flush()
                tail = _HEADING_END.search(line, heading.end())
                self._add(
                    line_start + heading.end(), line_start + (tail.start() if tail else len(line))
                )
                self._flush()
            else:
                quotes = _QUOTES.match(line)
                depth = quotes.group().count(">") if quotes else 0
                if _ITEM.match(line) or depth != self.depth:
                    self._flush()  # a new list item, or a quote begins or ends
                self.depth = depth
                prefix = _PREFIX.match(line)
                text_start = line_start + (prefix.end() if prefix else 0)
                if self.paragraph:
                    # The line break joins the previous line's text (a hard wrap).
                    a, _ = self.paragraph[-1]
                    self.paragraph[-1] = (a, line_start)
                self._add(text_start, end)
            previous_blank = blank
        self._flush()

    def _cells(self, start: int, end: int) -> None:
        cursor = start
        for bar in re.finditer(r"(?<!\\)\|", self.source[start:end]):
            self._add(cursor, start + bar.start())
            self._flush()
            cursor = start + bar.end()
        self._add(cursor, end)
        self._flush()

    def _add(self, start: int, end: int) -> None:
        self.paragraph.append((start, end))

    def _flush(self) -> None:
        if not self.paragraph:
            return
        spans: list[tuple[int, int]] = []
        for a, b in self.paragraph:
            spans.extend(pieces_between(self.source, a, b, _INLINE))
        self.paragraph = []
        text = "".join(self.source[a:b] for a, b in spans)
        if not text.strip():
            return
        # Whitespace at the unit's two ends stays where it is.
        first_a, first_b = spans[0]
        while first_a < first_b and self.source[first_a].isspace():
            first_a += 1
        spans[0] = (first_a, first_b)
        last_a, last_b = spans[-1]
        while last_b > last_a and self.source[last_b - 1].isspace():
            last_b -= 1
        spans[-1] = (last_a, last_b)
        self.units.append([(a, b) for a, b in spans if b > a])


__all__ = ["MarkdownDocument", "read"]
