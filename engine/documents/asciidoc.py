"""AsciiDoc (Asciidoctor's: Antora sites, Spring's and Red Hat's docs, READMEs): the title,
section and block titles, paragraphs, list items, description lists' terms and texts,
admonitions, the content of example, sidebar, quote and open blocks, table cells, an
image's alt text and title are units, found line by line as Asciidoctor reads its blocks;
every other byte is kept. Inline monospace, passthroughs, attribute references, UI macros, anchors,
addresses and index terms are placeholders; strong, emphasis and marked text, a link's or
cross reference's text and a footnote's are pairs of them around words, placed where the
translation puts them (the placing reST and Org share, pairs.py). Listing, literal, passthrough,
comment and math blocks, attribute entries (``:navtitle:`` and a kept footnote aside), block
attributes (a quote's cited title aside), preprocessor directives and the header's author and
revision lines are kept byte for byte; ``:lang:`` names the translation's language."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from engine.api import Note
from engine.documents.base import Document, decode_text, edited
from engine.documents.errors import DocumentError, empty_file
from engine.documents.language import names_language
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
    Mark,
    trimmed,
    words,
)
from engine.text.encoding import UTF8, EncodedText, TextEncoding
from engine.text.segment import is_unspaced

Piece = tuple[int, int]

_SECTION = re.compile(r"(?P<marks>={1,6}|#{1,6})[ \t]+(?=\S)")
_CLOSING_MARKS = re.compile(r"[ \t]+(?:=+|#+)[ \t]*$")
_SETEXT = "=-~^+"  # (a two-line title's underline, by level)
_ATTRIBUTE_ENTRY = re.compile(r":(?P<name>!?[\w][\w-]*!?):(?:[ \t]+(?P<value>.*?))?[ \t]*$")
_BLOCK_ATTRIBUTES = re.compile(r"\[(?:[^\[\]]|\[[^\]]*\])*\][ \t]*$")
_BLOCK_TITLE = re.compile(r"\.(?=[^\s.])")
_ADMONITION = re.compile(r"(?:NOTE|TIP|IMPORTANT|WARNING|CAUTION):[ \t]+(?=\S)")
_LIST = re.compile(
    r"[ \t]*(?:[*\-]{1,5}|\.{1,5}|\d{1,9}\.|[a-zA-Z]\.|[ivxIVX]{1,5}\)|<(?:\d+|\.)>)"
    r"[ \t]+(?:\[[ xX*]\][ \t]+)?(?=\S)"
)
# A macro's or block's attribute: named or positional, quoted or bare, up to its comma.
_VALUE = re.compile(
    r'[ \t]*(?:(?P<name>[\w-]+)[ \t]*=[ \t]*)?(?:"(?P<quoted>(?:[^"\\]|\\.)*)"[ \t]*(?=,|$)'
    r"|(?P<bare>[^,]*))(?:,|$)"
)
_CITED = {2: "citetitle"}  # (a quote's: [quote,author,cited title])
_NOTE = re.compile(r"footnote:[\w-]*\[(.*)\]")  # (a footnote kept in an attribute entry)
# A cross reference's target: <<target>>, <<target,text>>, xref:target[text].
_REFERENCE = re.compile(r"(?:<<|xref:)(?P<target>[^<>,\[\n]+?)(?=>>|,|\[)")
# An id the source gives: [[id]], [#id], id=…, anchor:id[].
_EXPLICIT_ID = re.compile(
    r"\[\[\[?(?P<a>[\w:.-]+)|\[#(?P<b>[\w:.-]+)|\bid=(?P<c>[\w:.-]+)|anchor:(?P<d>[\w:.-]+)\["
)
_CALLOUT = re.compile(r"[ \t]*<(?:\d+|\.)>")
_TERM = re.compile(r"[ \t]*(?P<term>\S.*?)(?::{2,4}|;;)(?:[ \t]+(?=\S)|[ \t]*$)")
# A block macro (image::, video::, toc::, include::, an extension's), and the preprocessor's
# directives: kept whole (an image's alt text aside).
_BLOCK_MACRO = re.compile(r"(?P<name>[\w-]+)::(?P<target>\S*?)\[(?P<attrs>.*)\][ \t]*$")
_PREPROCESSOR = re.compile(r"\\?(?:include|ifdef|ifndef|ifeval|endif)::")
# A conditional's line: its opening (content left empty: it runs to an endif) or closing.
_CONDITIONAL = re.compile(r"(?P<kind>ifdef|ifndef|ifeval|endif)::[^\[]*\[(?P<content>.*)\][ \t]*$")
_BREAKS = re.compile(r"(?:'{3,}|<{3}|(?:-[ \t]?){3}|(?:\*[ \t]?){3}|_{3,})[ \t]*$")
# Delimited blocks: those kept whole (listing, literal, passthrough, comment), and those whose
# content is AsciiDoc (example, sidebar, quote, open). Tables are read cell by cell.
_VERBATIM = re.compile(r"(?:-{4,}|\.{4,}|\+{4,}|/{4,}|`{3,}.*)[ \t]*$")
_COMPOUND = re.compile(r"(?:={4,}|\*{4,}|_{4,}|--)[ \t]*$")
_TABLE = re.compile(r"[|!]={3,}[ \t]*$")
_OTHER_TABLE = re.compile(r"[,:]={3,}[ \t]*$")
# Block styles whose content is no text (code, math, raw output, a comment).
_KEPT_STYLES = frozenset(
    ["source", "listing", "literal", "pass", "stem", "latexmath", "asciimath", "comment"]
)
_KEPT_STYLES |= {"plantuml", "mermaid", "graphviz", "ditaa", "svgbob", "csv", "tsv", "dsv"}
# A table's cell: its spec (span, alignment, style) before the separator, a spec only after
# a space or at the line's start; the separator itself ends a cell after any character
# (Spring's "| Name| Description" is two cells).
_CELL = re.compile(
    r"(?P<spec>(?:(?<![^ \t])(?:\d+\*)?(?:\d*(?:\.\d+)?\+)?[<^>]?(?:\.[<^>])?\.?[adehlmsv]?)?)"
    r"(?<!\\)\|"
)
_COLS = re.compile(r"""\bcols[ \t]*=[ \t]*(?:"([^"]*)"|'([^']*)'|([^,\]]*))""")
_DSV_CELL = re.compile(_CELL.pattern.replace(r"(?<!\\)\|", r"(?<!\\)!"))  # (a nested !=== table)

# Inline markup, as Asciidoctor's substitutions read it. Placeholders (CODE): monospace,
# passthroughs, math, UI macros, anchors, index terms, attribute references, addresses,
# sub- and superscript. Pairs (OPEN, words, CLOSE): strong, emphasis, mark, a link's, a cross
# reference's and a footnote's text.
_CONSTRAINED_BEFORE = r"(?<![\w&;:}\\])"
_MACRO = r"(?:pass|stem|latexmath|asciimath|kbd|btn|icon|indexterm2?|anchor|menu):"
_INLINE = re.compile(
    r"(?P<code>"
    r"\+\+\+[\s\S]*?\+\+\+|(?<![\w\\])\+\+[\s\S]*?\+\+"
    # (constrained monospace and passthrough go on over lines, as Asciidoctor reads them)
    rf"|{_CONSTRAINED_BEFORE}\+(?=\S)(?:[^+]*?\S)?\+(?![\w])"
    r"|(?<!\\)``[\s\S]+?``"
    rf"|{_CONSTRAINED_BEFORE}(?:\[[^\[\]\n]+\])?`(?=\S)(?:[^`]*?\S)?`(?![\w])"
    # (a macro's text runs to its "]", not past the next macro: one that closes nowhere
    # then does not look to the end of its unit again at each one after it)
    r"|(?:pass|stem|latexmath|asciimath|kbd|btn|icon|indexterm2?|anchor):[^\s\[]*\["
    rf"(?:(?!{_MACRO})(?:[^\]\\]|\\.))*\]"
    rf"|menu:[^\s\[]+\[(?:(?!{_MACRO})(?:[^\]\\]|\\.))*\]"
    r"|\[\[\[?[\w:.-]+(?:,[^\[\]]*)?\]\]\]?|\({2,3}[^()\n]+\){2,3}"
    # (a link with no text, "[^]" opening it in a new window or not, is its address: one)
    r"|(?<!\\)\{[\w-]+(?::[^{}\n]*)?\}(?:(?![^\s\[\]]*\[)|[^\s\[\]]*\[\^?\])"
    r"|(?<!\\)<<[^<>,\n]+>>|xref:[^\s\[]+\[\]|(?:link|mailto):[^\s\[]+\[\^?\]"
    r"|(?:footnote|footnoteref):[\w-]*\[\]|image:[^\s:\[][^\s\[]*\[\]"
    r"|<(?:https?|ftp|irc|mailto):[^\s<>]+>"
    r"|(?<![\w/])(?:https?|ftp|irc)://(?![^\s\[\]<>]*\[(?!\^?\]))[^\s\[\]<>]*[^\s\[\]<>.,;:!?)]"
    r"(?:\[\^?\])?"
    r"|(?<![\w\\])\^[^\s^]+\^|(?<![\w\\~])~[^\s~]+~(?!~)"
    r")"
    r"|(?P<open>"
    r"(?<!\\)<<[^<>,\n]+,[ \t]*"
    r"|(?:xref|link|mailto):[^\s\[]+\["
    r"|(?<![\w/])(?:https?|ftp|irc)://[^\s\[\]<>]+\["
    r"|footnote:[\w-]*\[|image:[^\s:\[][^\s\[]*\["
    # (an address an attribute holds: ``{url-docs}[the docs]``, ``{url-repo}/issues[issues]``)
    r"|(?<!\\)\{[\w-]+\}[^\s\[\]]*\["
    r")"
    r"|(?P<curved>(?<![\w\\])[\"']`(?=\S))"  # (typographic quotes: "`word`")
    # (a role, ``[.role]``, holds no "[": each "[" of a line of them looked to its end)
    r"|(?P<double>(?<!\\)(?:\[[^\[\]\n]+\])?(?P<twin>\*\*|__|##))"
    rf"|(?P<single>{_CONSTRAINED_BEFORE}(?:\[[^\[\]\n]+\])?(?P<mark>[*_#])(?=[^\s*_#]))"
)
_BREAK = re.compile(r"(?:[ \t]\+)?(?:\r\n|\r|\n)(?P<indent>[ \t]*)")


def read(data: bytes, path: Path, *, encoding: str | None = None) -> Document:
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"-----BEGIN PGP "):
        # (.asc is Pro Git's AsciiDoc, and OpenPGP's armored signatures, keys and messages)
        raise DocumentError(
            "This is an OpenPGP file (a signature, a key or an encrypted message), not a document",
            path=path,
            hint=f"Quire reads {path.suffix} files written in AsciiDoc: give the document "
            "itself, not its signature or key, then try again",
            message_id="document.openpgp",
            params={"suffix": path.suffix},
        )
    source, found = decode_text(data, path, "AsciiDoc", encoding=encoding)
    if not source.strip("\ufeff \t\r\n"):  # (nothing to copy: refused, as other text is)
        raise empty_file(path)
    return parse(source, path, found)


def parse(source: str, path: Path, encoding: TextEncoding = UTF8) -> AsciiDocDocument:
    """The document of an AsciiDoc text (already decoded; ``encoding`` is the file's)."""
    parser = _Parser(source)
    parser.blocks(parser.front_matter(), len(parser.starts))
    document = AsciiDocDocument(path, source, parser.found, encoding, parser.lang, *parser.kinds())
    document.ids, document.by_title = parser.anchors()
    notes: list[Note] = []
    if parser.unclosed:
        line, delimiter = parser.unclosed[0]
        notes.append(
            Note(
                f"The block opened by {delimiter} on line {line} is never closed: Asciidoctor "
                "reads the rest of the file as its content, which is kept as it is. Close it "
                f"with {delimiter} and translate the file again",
                "document.asciidoc_unclosed",
                {"line": line, "delimiter": delimiter},
            )
        )
    if not parser.found:
        # (an Antora nav.adoc of xref:…[] alone, a page of attributes: a site's all the same)
        document.copied_without_text = True
        notes.append(
            Note(
                f"{path.name} has no text to translate (only markup, such as attributes, "
                "includes or cross references): it is copied as it is",
                "document.no_text_copied",
                {"name": path.name},
            )
        )
    document.notes = tuple(notes)
    return document


class AsciiDocDocument(LineDocument[Found]):
    """Bilingual: each paragraph followed by a copy holding the translation; a list item's
    (and a description's) copy is a paragraph of the item, attached by a ``+`` line; a
    title, a term, a table's cell, a callout's text, a block title and an alt text read
    "source / translation" where they are."""

    def __init__(
        self,
        path: Path,
        source: str,
        found: Sequence[Found],
        encoding: TextEncoding,
        lang: Piece | None = None,
        items: frozenset[int] = frozenset(),
        cells: frozenset[int] = frozenset(),
        alts: frozenset[int] = frozenset(),
        quoted: frozenset[int] = frozenset(),
        cut: frozenset[int] = frozenset(),
        joined: frozenset[int] = frozenset(),
    ) -> None:
        super().__init__(path, source, found, encoding, _APART)
        for n, escapes in enumerate(self.escapes):
            escapes.pop(ord("`"), None)  # (a backquote is written bare, one escaped too)
            if n in cells:
                escapes.setdefault(ord("|"), "\\|")  # (a bare one would end the cell)
            if n in quoted:
                escapes.setdefault(ord('"'), '\\"')  # (an alt text written in quotes)
        self.lang = lang
        self.alts = alts
        # Where each list item's lines begin (and a block's that a "+" attached to one):
        # its copy goes in it, after a "+" line.
        self.items = {self._bounds(n)[0] for n in items}
        # And where those begin that follow a cell's "a|" or a marker: their copy goes
        # without it.
        self.cut = {self._bounds(n)[0] for n in (cut | items) - joined}
        # The id Asciidoctor gave each section title a reference finds (by that id or by
        # the title's words): written above it where the translation changes the title.
        self.ids: dict[int, str] = {}
        # (the titles references name, with their title's unit) and, while one is written,
        # the references by the words of a title translated, to its id
        self.by_title: dict[str, int] = {}
        self._retarget: dict[str, str] = {}
        # The paragraphs that conditionals cut into units (OpenShift's "ifndef::…[]" /
        # "As a cluster administrator," / "endif::…[]" / "you can list…"): each unit's
        # region the whole paragraph, its directives with it, so the copy is one paragraph
        # too, after it, and reads each variant as the source does.
        self.paragraphs: dict[int, tuple[int, int]] = {}
        self._conditional(items | cells | alts | quoted | cut)

    def _conditional(self, skipped: frozenset[int]) -> None:
        """Fill ``paragraphs``: the units of a paragraph that conditionals cut, each no
        list item's, cell's or title's, and its lines, the directives above, between and
        below its units, if they open and close there."""
        lines = [
            (m.start(), m.start() + len(m.group().rstrip("\r\n")))
            for m in LINE.finditer(self.source)
        ]
        starts = [a for a, _ in lines]
        directive = [_CONDITIONAL.match(self.source, a, b) for a, b in lines]
        firsts, lasts = {}, {}  # (a paragraph unit's first line, and its last line)
        for n, found in enumerate(self.found):
            if not found.inline and n not in skipped:
                first, last = self._bounds(n)
                firsts[bisect.bisect_left(starts, first)] = n
                lasts[n] = bisect.bisect_right(starts, last) - 1
        grouped: set[int] = set()
        for k, n in sorted(firsts.items()):
            if n in grouped:
                continue
            top, members, bottom = k, [n], lasts[n]
            while top > 0 and directive[top - 1]:
                top -= 1
            while True:
                below = bottom + 1
                while below < len(lines) and directive[below]:
                    below += 1
                if below == bottom + 1 or below not in firsts:  # (no directives, then a unit)
                    break
                members.append(firsts[below])
                bottom = lasts[firsts[below]]
            bottom = below - 1
            depth = 0
            for m in directive[top : bottom + 1]:
                if m and m["kind"] == "endif":
                    depth -= 1
                elif m and (m["kind"] == "ifeval" or not m["content"]):  # (not "ifdef::x[text]")
                    depth += 1
                if depth < 0:
                    break
            if len(members) > 1 and depth == 0:
                grouped.update(members)
                self.paragraphs.update(dict.fromkeys(members, (lines[top][0], lines[bottom][1])))

    def region(self, n: int) -> tuple[int, int]:
        return self.paragraphs.get(n) or self._bounds(n)

    def parts(self, n: int, text: str) -> list[str]:
        """As the base places them (a unit without markup: its lines fitted as a text's
        are), and a reference by a translated title's words (``<<Getting started>>``)
        names its id (``<<_getting_started>>``): the words are no title any more."""
        changed = text != self.units[n].text
        if n in self.alts and changed:
            return [_attribute(text)]
        if changed and all(b.kind in (TEXT, BREAK) for b in self.found[n].bits):
            parts = self._fitted(n, text)
        else:
            parts = super().parts(n, text)
        if self._retarget:
            parts = [_REFERENCE.sub(self._retargeted, part) for part in parts]
        return parts

    def _retargeted(self, m: re.Match[str]) -> str:
        target = self._retarget.get(m["target"])
        return m.group() if target is None else m.group().replace(m["target"], target, 1)

    def _anchored(self, translations: Sequence[str]) -> list[tuple[int, int, str]]:
        """An id above each section title that a reference finds and the translation
        changes (Asciidoctor would give it one of the translation's words, and the reference
        would find none), and the references by its words to be written with the id."""
        self._retarget = {
            title: self.ids[n]
            for title, n in self.by_title.items()
            if translations[n] != self.units[n].text
        }
        edits = []
        for n, name in self.ids.items():
            if translations[n] != self.units[n].text:
                at = self._bounds(n)[0]
                edits.append((at, at, f"[#{name}]{self.newline(at)}"))
        return edits

    def _copied(self, n: int, text: str) -> list[str]:
        """Unit ``n``'s parts in a bilingual copy: without its inline anchors, whose ids
        the source defines (Asciidoctor warns of an id in use)."""
        return [_ANCHOR.sub("", part) for part in self.parts(n, text)]

    def render_text(self, translations: Sequence[str]) -> str:
        """The file translated, a two-line title's underline resized, and ``:lang:`` names
        the translation's language."""
        self._check(translations)
        edits = self._anchored(translations)
        for n, text in enumerate(translations):
            own = self._edits(n, text)
            edits += own
            if self.found[n].adornments:
                edits += self._adorned(n, self._line(n, text, own))
        if self.lang is not None and self.language is not None:
            # (written as the source wrote its own: ``en`` as ``de``, ``en-US`` as ``de-DE``)
            code, language = self.source[slice(*self.lang)], self.language
            tag = language.locale if "_" in code else language.culture if "-" in code else None
            edits.append((*self.lang, tag or language.tag))
        return self._line_ends(edited(self.source, edits))

    def render_bilingual(self, translations: Sequence[str]) -> EncodedText:
        self._check(translations)
        edits = self._anchored(translations)
        # (the source's references by a title's words too: it reads "source / translation")
        for n, found in enumerate(self.found):
            for bit in found.bits if n not in self.alts else ():
                m = _REFERENCE.match(self.source, *bit.span) if bit.kind in (CODE, OPEN) else None
                if m is not None and (target := self._retarget.get(m["target"])) is not None:
                    edits.append((m.start("target"), m.end("target"), target))
        copied: list[int] = []
        for n, text in enumerate(translations):
            if not self.found[n].inline:
                copied.append(n)
                continue
            if text == self.units[n].text:
                continue
            start, end = self.spans[n]
            made = [(a - start, b - start, p) for a, b, p in self._edits(n, text, copy=True)]
            translated = edited(self.source[start:end], made)
            if n in self.alts:  # (one attribute: the two quoted as one)
                edits.append((start, end, _attribute(f"{self.units[n].text} / {text}")))
                continue
            edits.append((end, end, f" / {translated}"))
            if self.found[n].adornments:
                first, last = self._bounds(n)
                line = self.source[first:end] + f" / {translated}" + self.source[end:last]
                edits += self._adorned(n, line)
        edits += self.copies(copied, translations)
        return self.encoding.encode(self._line_ends(edited(self.source, edits)))

    def _adorned(self, n: int, line: str) -> list[tuple[int, int, str]]:
        """A two-line title's underline as long as the translated title (Asciidoctor reads
        it as a title only when the two differ by a character at most, counting characters,
        not columns). An underline that already fits is left as the source wrote it, so an
        unchanged title is written byte for byte."""
        first, last = self._bounds(n)
        title = line.strip()
        if title == self.source[first:last].strip():
            return []
        edits = []
        for a, b in self.found[n].adornments:
            mark = self.source[a:b].rstrip()
            if abs(len(mark) - len(title)) > 1:
                edits.append((a, a + len(mark), mark[0] * max(len(title), 2)))
        return edits

    def separator(self, start: int, end: int) -> str:
        newline = self.newline(end)
        return f"{newline}+{newline}" if start in self.items else newline * 2

    def _translated(
        self, start: int, end: int, members: Sequence[int], translations: Sequence[str]
    ) -> str:
        """The copy: the members' lines translated; an item's without its marker, and a
        blank line after it where the next item follows (an attached paragraph took it as
        its own line)."""
        copy = super()._translated(start, end, members, translations)
        if start in self.cut:
            copy = copy[self.found[members[0]].margin - start :]
        following = LINE.match(self.source, end + len(self.newline(end)))
        if start in self.items and following is not None and following.group().strip():
            copy += self.newline(end)
        return copy


def _attribute(text: str) -> str:
    """``text`` as a macro's attribute value: quoted where a comma, quote or bracket in it
    would end it."""
    if not re.search(r'[,"\]=]', text):
        return text
    return '"' + text.replace('"', '\\"') + '"'


def _spaced(out: list[str | Mark]) -> list[str | Mark]:
    """The markup set apart as Asciidoctor reads it, after the shared pass (a pair's marks
    next to its words, a pair left with none written bare): constrained marks (``*strong*``,
    `` `code` ``) and a bare address after a space or punctuation, else a space added before
    (or after); next to a letter of a script written without spaces, constrained marks
    doubled (``**强**``), which Asciidoctor reads anywhere."""
    partner: dict[int, int] = {}
    opened: list[int] = []
    for j, t in enumerate(out):
        if isinstance(t, Mark) and t.kind == OPEN:
            opened.append(j)
        elif isinstance(t, Mark) and t.kind == CLOSE and opened:
            k = opened.pop()
            partner[j], partner[k] = k, j
            # A link's text that named attributes follow ("text,window=_blank]") ends at
            # a comma: one the translation put there, it is quoted.
            opening, words = out[k], out[k + 1 : j]
            assert isinstance(opening, Mark)
            link = opening.written.endswith("[") and t.written.startswith(",")
            if link and any(isinstance(w, str) and "," in w for w in words):
                opening.written += '"'
                t.written = '"' + t.written
    for j, t in enumerate(out):
        if not isinstance(t, Mark):
            continue
        prior = out[j - 1] if j > 0 else None
        after = out[j + 1] if j + 1 < len(out) else None
        c = (prior[-1:] if isinstance(prior, str) else prior.written[-1:]) if prior else ""
        d = (after[:1] if isinstance(after, str) else after.written[:1]) if after else ""
        constrained = _constrained(t.written)
        word = t.kind in (CODE, OPEN) and (c.isalnum() or c == "_")
        if word and (constrained or _ADDRESS_START.match(t.written)):
            if is_unspaced(c) and constrained:
                _double(out, [j, partner.get(j, j)])
            elif isinstance(prior, str):
                out[j - 1] = prior + " "
        if t.kind in (CODE, CLOSE) and constrained and (d.isalnum() or d == "_"):
            if is_unspaced(d):
                _double(out, [j, partner.get(j, j)])
            elif isinstance(after, str):
                out[j + 1] = " " + after
    return out


# An inline anchor: ``[[id]]``, ``[[[bib]]]``, ``anchor:id[]``.
_ANCHOR = re.compile(r"\[\[\[?[\w:.-]+(?:,[^\]]*)?\]\]\]?|anchor:[^\s\[]+\[[^\]]*\]")
_ADDRESS_START = re.compile(r"(?:https?|ftp|irc)://")
# Asciidoctor's rules are all ``_spaced``'s: the shared pass adds nothing around markup, and
# an emptied pair leaves nothing (``**C**reate`` is inside a word).
_APART = Apart(lambda c: True, lambda c: True, "", held="", after=_spaced)


def _constrained(written: str) -> bool:
    """Whether markup is a constrained mark (or constrained monospace or passthrough),
    which Asciidoctor reads only next to a space or punctuation."""
    bare = re.sub(r"^\[[^\]]*\]", "", written)
    if bare in ("*", "_", "#"):
        return True
    return bool(re.fullmatch(r"`[^`][\s\S]*`|\+[^+][\s\S]*\+", bare)) and not bare.startswith(
        ("``", "++")
    )


def _double(out: list[str | Mark], marks: Sequence[int]) -> None:
    """These marks (a pair's two halves) written unconstrained: doubled."""
    for k in dict.fromkeys(marks):
        mark = out[k]
        assert isinstance(mark, Mark)
        role = re.match(r"\[[^\]]*\]", mark.written)
        lead = role.group() if role else ""
        bare = mark.written[len(lead) :]
        if bare in ("*", "_", "#"):
            mark.written = lead + bare * 2
        elif _constrained(bare):
            mark.written = lead + bare[0] + bare + bare[-1]


class _Parser:
    """Asciidoctor's block structure, line by line: ``found`` the units, ``lang`` the value
    of a ``:lang:`` entry, ``unclosed`` the delimited blocks never closed (line, delimiter)."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.starts: list[int] = []
        self.ends: list[int] = []
        for m in LINE.finditer(source):
            self.starts.append(m.start())
            self.ends.append(m.start() + len(m.group().rstrip("\r\n")))
        self.found: list[Found] = []
        self.lang: Piece | None = None
        self.unclosed: list[tuple[int, str]] = []
        # The units that are a list item's text, a table's cell, an unquoted or a quoted
        # alt text (see ``AsciiDocDocument``).
        self.items: set[int] = set()
        self.cells: set[int] = set()
        self.alts: set[int] = set()
        self.quoted: set[int] = set()
        self.cut: set[int] = set()  # (those that begin after a cell's "a|", on its line)
        self.joined: set[int] = set()  # (the items' that a "+" attached)
        self.sections: list[int] = []  # (the section titles with no id of their own)
        self.settings: dict[str, str] = {}  # (the entries that say how ids are made)
        # The source's brackets (see ``bracket``), and the last answer of each search for a
        # closing mark (see ``after``): an opening that closes nowhere is retried at the
        # next character, so each once walked or searched to the end of its unit, which
        # made one long line of them take quadratic time.
        self.marks: list[int] | None = None
        self.depths: list[int] = []
        self.closes: dict[int, list[int]] = {}
        self.answers: dict[tuple[str, int], tuple[int, int]] = {}

    def kinds(self) -> tuple[frozenset[int], ...]:
        kinds = (self.items, self.cells, self.alts, self.quoted, self.cut, self.joined)
        return tuple(map(frozenset, kinds))

    def text(self, i: int) -> str:
        return self.source[self.starts[i] : self.ends[i]]

    def front_matter(self) -> int:
        """Past a YAML front matter (``---`` … ``---`` at the start: Jekyll's and Hugo's
        AsciiDoc pages, which Asciidoctor's ``skip-front-matter`` leaves out), kept."""
        if not self.starts or self.text(0).rstrip() != "---":
            return 0
        for i in range(1, len(self.starts)):
            if self.text(i).rstrip() == "---":
                return i + 1
        return 0

    def blank(self, i: int) -> bool:
        return not self.text(i).strip()

    def blocks(self, i: int, end: int, *, header: bool = True) -> None:
        """Read the blocks of lines ``i`` to ``end`` (the document's, a delimited block's)."""
        style: str | None = None
        cols = ""  # (a table's column specs, from its attribute line)
        anchored = False  # (an id given on an attribute line: [[id]], [#id], id=…)
        attached = False  # (after a list's "+": the block is an item's, up to the next item)
        while i < end:
            line = self.text(i)
            stripped = line.strip()
            if not stripped:
                i += 1
                continue
            if line.startswith("//") and not line.startswith("////"):
                i += 1  # a comment
                continue
            if header and (m := re.match(r"=[ \t]+(?=\S)", line)):
                self.title(i, m.end())
                i = self.header(i + 1, end)
                header = False
                continue
            if (m := _ATTRIBUTE_ENTRY.match(line)) is not None:
                i = self.entry(i, end, m)
                continue
            header = False  # (attribute entries and comments may come before the title)
            if _PREPROCESSOR.match(line) or line.rstrip() == "+":
                attached = attached or line.rstrip() == "+"
                i += 1
                continue
            if _BLOCK_ATTRIBUTES.match(line):
                first = re.match(r"\[([^,\]#.%\[]*)", stripped)
                style = first[1].strip().lower() if first and first[1].strip() else style
                anchored = anchored or bool(_EXPLICIT_ID.search(stripped))
                if style in ("quote", "verse"):  # (its cited title; the author is a name)
                    at = self.starts[i] + line.index("[") + 1
                    self.values(at, line[line.index("[") + 1 : line.rindex("]")], _CITED)
                if found := _COLS.search(line):
                    cols = found[1] or found[2] or found[3]
                i += 1
                continue
            if (m := _BLOCK_TITLE.match(line)) is not None and not _LIST.match(line):
                self.unit([(self.starts[i] + 1, self.ends[i])], inline=True)
                i += 1
                continue
            kept, specs = style in _KEPT_STYLES, cols
            style, cols = None, ""
            joined, attached = attached, False
            named, anchored = anchored, False
            if _VERBATIM.match(line):
                i = self.delimited(i, end, verbatim=True)
                continue
            if _COMPOUND.match(line):
                if kept:
                    i = self.delimited(i, end, verbatim=True)
                else:
                    j = self.delimited(i, end, verbatim=False)
                    self.blocks(i + 1, j - 1 if self.closed(i, j) else j, header=False)
                    i = j
                continue
            if _TABLE.match(line):
                i = self.table(i, end, kept, specs)
                continue
            if _OTHER_TABLE.match(line):
                i = self.delimited(i, end, verbatim=True)
                continue
            if (m := _SECTION.match(line)) is not None:
                self.title(i, m.end(), section=not named)
                i += 1
                continue
            if self.setext(i, end, section=not named):
                i += 2
                continue
            if kept:
                # code or math: to a blank line, a break's or a macro's line in it too
                # (Pro Git's "[source,console]" over "---" … "---" is a listing)
                i = self.until_blank(i, end)
                continue
            if _BREAKS.match(line) or stripped == "toc::[]":
                i += 1
                continue
            if (m := _BLOCK_MACRO.match(line)) is not None:
                if m["name"] == "image":
                    self.alt(i, m)
                i += 1
                continue
            # (a list's marker may be indented: Asciidoctor looks for lists first)
            if (m := _LIST.match(line)) is not None:
                # (a callout's: its copy "source / translation", where a "+" would attach
                # the copy to the description that Spring's [tabs] are, and end the list)
                callout = _CALLOUT.match(line) is not None
                i = self.paragraph(i, end, m.end(), listed=True, inline=callout)
                continue
            if (m := _TERM.match(line)) is not None and "://" not in m["term"]:
                i = self.term(i, end, m)
                continue
            if line[:1] in " \t":
                i = self.until_blank(i, end)  # a literal paragraph
                continue
            if (m := _ADMONITION.match(line)) is not None:
                i = self.paragraph(i, end, m.end(), joined=joined)
                continue
            i = self.paragraph(i, end, 0, joined=joined)

    def header(self, i: int, end: int) -> int:
        """Past the header's author and revision lines (kept), right under its title."""
        for _ in range(2):
            if i < end and not self.blank(i):
                line = self.text(i)
                if line.startswith((":", "//")) or _BLOCK_ATTRIBUTES.match(line):
                    break
                i += 1
        return i

    def entry(self, i: int, end: int, m: re.Match[str]) -> int:
        """An attribute entry: kept, its value going on over lines that end with `` \\``;
        ``:lang:``'s value noted, to name the translation's language. The values a reader
        sees are units: Antora's ``:navtitle:`` (the site's menu) and a footnote kept for
        reuse (``:fn-x: footnote:[text]``, as Asciidoctor's docs advise)."""
        start = self.starts[i] + m.start("value")
        if m["name"] in ("idprefix", "idseparator", "sectids!", "!sectids"):
            self.settings[m["name"].strip("!")] = m["value"] or ""
        if m["name"] == "lang" and m["value"] and names_language(m["value"]):
            self.lang = (start, start + len(m["value"]))
        one_line = not self.text(i).endswith((" \\", " +"))
        if m["value"] and one_line and m["name"] == "navtitle":
            self.unit([(start, start + len(m["value"]))], inline=True)
        elif m["value"] and one_line and (note := _NOTE.fullmatch(m["value"])):
            self.unit([(start + note.start(1), start + note.end(1))], inline=True)
        while i < end and self.text(i).endswith((" \\", " +")):
            i += 1
        return i + 1

    def anchors(self) -> tuple[dict[int, str], dict[str, int]]:
        """The id Asciidoctor gives each section title that a reference in the file finds
        (by that id, or by the title's words), by its unit; and those titles by their words.
        None where the file turns ids off (``:sectids!:``) or the title holds markup whose
        id no reader of the source can tell (an attribute's value, a link)."""
        if "sectids" in self.settings:
            return {}, {}
        targets = set()
        for found in self.found:
            for bit in found.bits:
                if bit.kind in (CODE, OPEN) and (m := _REFERENCE.match(self.source, *bit.span)):
                    targets.add(m["target"].strip().removeprefix("#"))
        taken = {next(v for v in m.groups() if v) for m in _EXPLICIT_ID.finditer(self.source)}
        prefix = self.settings.get("idprefix", "_")
        separator = self.settings.get("idseparator", "_")[:1]
        ids: dict[int, str] = {}
        by_title: dict[str, int] = {}
        for n in self.sections:
            words = _plain(self.found[n].bits, self.source)
            if words is None:
                continue
            made = _section_id(words, prefix, separator)
            name, count = made, 1
            while name in taken:
                count += 1
                name = f"{made}{separator}{count}"
            taken.add(name)
            title = " ".join(words.split())
            if name in targets or title in targets:
                ids[n] = name
            # (Asciidoctor looks a target up by title where it has a space or a capital)
            if title in targets and (" " in title or title != title.lower()):
                by_title.setdefault(title, n)
        return ids, by_title

    def closed(self, i: int, j: int) -> bool:
        return j - 1 > i and self.text(j - 1).rstrip() == self.text(i).rstrip()

    def delimited(self, i: int, end: int, verbatim: bool) -> int:
        """Past the block that line ``i`` opens (its closing delimiter, the same line);
        one never closed goes on to the end, as Asciidoctor reads it, and is noted."""
        delimiter = self.text(i).rstrip()
        fence = delimiter.startswith("```")
        for j in range(i + 1, end):
            line = self.text(j).rstrip()
            if line == delimiter or (fence and line == "```"):
                return j + 1
        self.unclosed.append((i + 1, delimiter))
        return end

    def until_blank(self, i: int, end: int) -> int:
        while i < end and not self.blank(i):
            i += 1
        return i

    def title(self, i: int, at: int, section: bool = False) -> None:
        """A title; a ``section``'s with no id of its own noted (see ``anchors``)."""
        line = self.text(i)
        closing = _CLOSING_MARKS.search(line)
        stop = self.starts[i] + (closing.start() if closing else len(line.rstrip()))
        if self.unit([(self.starts[i] + at, stop)], inline=True) and section:
            self.sections.append(len(self.found) - 1)

    def setext(self, i: int, end: int, section: bool = False) -> bool:
        """A two-line title: a line with a letter, under it one character repeated, as long
        as it to one character (Asciidoctor's rule, counting characters)."""
        if i + 1 >= end:
            return False
        line, under = self.text(i).rstrip(), self.text(i + 1).rstrip()
        if line.startswith((".", "[", "|", "//")) or not re.search(r"\w", line):
            return False
        if len(under) < 2 or under[0] not in _SETEXT or under != under[0] * len(under):
            return False
        if _LIST.match(line) or abs(len(line) - len(under)) >= 2:
            return False
        span = (self.starts[i + 1], self.ends[i + 1])
        lines = [(self.starts[i], self.starts[i] + len(line))]
        if self.unit(lines, adornments=(span,), inline=True) and section and under[0] != "=":
            self.sections.append(len(self.found) - 1)
        return True

    def alt(self, i: int, m: re.Match[str]) -> None:
        """An image's alt text (its first positional attribute, or ``alt=``) and its title
        (``title=``: the caption under it)."""
        self.values(self.starts[i] + m.start("attrs"), m["attrs"], {0: "alt", -1: "title"})

    def values(self, base: int, attrs: str, wanted: dict[int, str]) -> None:
        """The attributes of ``attrs`` (at ``base``) that are words a reader sees: those at
        the positions ``wanted`` names, or by its names (-1: by name alone), each a unit."""
        found: dict[str, re.Match[str]] = {}
        position = 0
        for value in _VALUE.finditer(attrs):
            name = value["name"]
            if name is None and position in wanted:
                found.setdefault(wanted[position], value)
            elif name is not None and name in wanted.values():
                found[name] = value  # (by name, it wins)
            position += name is None
            if value.end() >= len(attrs):
                break
        for value in (found[name] for name in wanted.values() if name in found):
            group = "quoted" if value["quoted"] is not None else "bare"
            a, b = value.span(group)
            if value[group].strip() and self.unit([(base + a, base + b)], inline=True, read=False):
                (self.alts if group == "bare" else self.quoted).add(len(self.found) - 1)

    def term(self, i: int, end: int, m: re.Match[str]) -> int:
        """A description list's term, and its text on its line or the lines below it."""
        start = self.starts[i]
        self.unit([(start + m.start("term"), start + m.end("term"))], inline=True)
        if m.end() < len(self.text(i)):
            return self.paragraph(i, end, m.end(), listed=True)
        j = i + 1
        while j < end and self.blank(j):  # (Asciidoctor reads its text after blank lines too)
            j += 1
        following = self.text(j) if j < end else ""
        # (its text on the next line, indented or not, unless a block or item begins there)
        block = _LIST.match(following) or _TERM.match(following) or self.opens(following)
        if following.strip() and not block:
            indent = len(following) - len(following.lstrip())
            return self.paragraph(j, end, indent, listed=True)
        return i + 1

    def opens(self, line: str) -> bool:
        """Whether ``line`` is markup that begins a block or says something of the next."""
        return bool(
            line.startswith("//")
            or line.rstrip() == "+"
            or _PREPROCESSOR.match(line)
            or _BLOCK_ATTRIBUTES.match(line)
            or _BLOCK_TITLE.match(line)
            or _VERBATIM.match(line)
            or _COMPOUND.match(line)
            or _TABLE.match(line)
            or _OTHER_TABLE.match(line)
            or _BLOCK_MACRO.match(line)
            or _SECTION.match(line)
        )

    def paragraph(
        self,
        i: int,
        end: int,
        at: int,
        listed: bool = False,
        joined: bool = False,
        inline: bool = False,
    ) -> int:
        """A paragraph (or a list item's or admonition's text, from ``at`` on its first
        line): its lines up to a blank line, a block's delimiter or attributes, a list's
        continuation or, in a list (``listed``: an item's text; ``joined``: a block an
        item's ``+`` attached), the next item."""
        listed = listed or joined
        lines = [(self.starts[i] + at, self.ends[i])]
        j = i + 1
        while j < end and not self.blank(j):
            line = self.text(j)
            if (
                line.rstrip() == "+"
                or line.startswith("//")
                or _BLOCK_ATTRIBUTES.match(line)
                or _PREPROCESSOR.match(line)
                or _VERBATIM.match(line)
                or _COMPOUND.match(line)
                or _TABLE.match(line)
                or (listed and (_LIST.match(line) or _TERM.match(line)))
                or (listed and _BLOCK_TITLE.match(line))
            ):
                break
            lines.append((self.starts[j], self.ends[j]))
            j += 1
        if self.unit(lines, inline=inline) and listed and not inline:
            self.items.add(len(self.found) - 1)
            if joined:  # (its copy keeps its "NOTE: ", that no marker is)
                self.joined.add(len(self.found) - 1)
        return j

    def table(self, i: int, end: int, kept: bool, cols: str = "") -> int:
        """A table's cells, each a unit (an ``a`` cell's content read as a document's,
        its listings kept whole, their ``|`` no cell's; an ``l`` or ``m`` cell's kept).
        A cell's style is its own (``a|``) or its column's (``cols="1,2a"``)."""
        j = self.delimited(i, end, verbatim=True)
        stop = j - 1 if self.closed(i, j) else j
        if kept or i + 1 >= stop:
            return j
        pattern = _CELL if self.text(i)[0] == "|" else _DSV_CELL
        styles = _column_styles(cols)
        # (style, spec, line of its separator, where its text begins)
        cells: list[tuple[str, str, int, int]] = []
        column = 0
        k = i + 1
        while k < stop:
            line = self.text(k)
            if cells and cells[-1][0] == "a" and (_VERBATIM.match(line) or _COMPOUND.match(line)):
                k = self.delimited(k, stop, verbatim=True)  # (an a cell's block: no cells)
                continue
            for m in pattern.finditer(line):
                spec = m["spec"]
                if not styles:  # (as many columns as the first line has cells)
                    styles = [""] * len(pattern.findall(line))
                own = spec[-1:] if spec[-1:].isalpha() else styles[column % len(styles)]
                cells.append((own, spec, k, self.starts[k] + m.end()))
                span = re.match(r"(\d+)(?:\.\d+)?\+", spec)
                column += int(span[1]) if span else 1
            style, _, row, a = cells[-1] if cells else ("", "", -1, 0)
            rest = self.source[a : self.ends[k]]
            opened = rest.lstrip()
            if style == "a" and row == k and (_VERBATIM.match(opened) or _COMPOUND.match(opened)):
                # (a block opened on its cell's "|" line, "| ----" in neo4j's
                # clause-composition.adoc: its closing line opens none)
                own, self.starts[k] = self.starts[k], a + len(rest) - len(opened)
                try:
                    k = self.delimited(k, stop, verbatim=True)
                finally:
                    self.starts[row] = own
                continue
            k += 1
        finish = self.ends[stop - 1]
        for n, (style, _, row, a) in enumerate(cells):
            b = finish
            if n + 1 < len(cells):
                b = cells[n + 1][3] - len(cells[n + 1][1]) - 1
            if style in ("l", "m"):
                continue
            # (its content read as a document's up to the next cell, where that begins a
            # line: "a|text |next" is read as one paragraph)
            last = stop if n + 1 == len(cells) else bisect.bisect_right(self.starts, b) - 1
            whole = last >= len(self.starts) or not self.source[self.starts[last] : b].strip()
            if style == "a" and whole and last > row:
                # (its first line read from after its "a|" and the spaces after it, as if
                # the line began there: Asciidoctor strips them, so "a| The name." is a
                # paragraph, not an indented literal one)
                first, own = len(self.found), self.starts[row]
                rest = self.source[a : self.ends[row]]
                self.starts[row] = a + len(rest) - len(rest.lstrip(" \t"))
                try:
                    self.blocks(row, last, header=False)
                finally:
                    self.starts[row] = own
                on_row = range(first, len(self.found))
                self.cut |= {k for k in on_row if self.found[k].bits[0].span[0] < self.ends[row]}
                continue
            for lines in self.cell_paragraphs(a, b):
                if self.unit(lines, inline=True):
                    self.cells.add(len(self.found) - 1)
        return j

    def cell_paragraphs(self, a: int, b: int) -> list[list[Piece]]:
        """A cell's text's paragraphs (split at blank lines), each its lines."""
        paragraphs: list[list[Piece]] = [[]]
        for m in LINE.finditer(self.source[a:b]):
            s, e = a + m.start(), a + m.start() + len(m.group().rstrip("\r\n"))
            if not self.source[s:e].strip():
                paragraphs.append([])
            else:
                paragraphs[-1].append((s, e))
        return [p for p in paragraphs if p]

    def unit(
        self,
        lines: Sequence[Piece],
        adornments: tuple[Piece, ...] = (),
        inline: bool = False,
        read: bool = True,
    ) -> bool:
        """A unit of these lines' text: its inline markup placeholders or pairs of them,
        its line breaks (and a hard break's `` +``) kept. False when they hold no words."""
        start, end = lines[0][0], lines[-1][1]
        bits: list[Bit] = []
        self.inline(start, end, bits)
        bits = trimmed(bits)
        bits = _trimmed(bits, self.source)
        if any(b.kind == TEXT and self.source[slice(*b.span)].strip() for b in bits):
            self.found.append(Found(tuple(bits), start, inline, adornments, read))
            return True
        return False

    def inline(self, start: int, end: int, bits: list[Bit]) -> None:
        """The pieces of ``start:end``: words, line breaks, placeholders and pairs."""
        cursor = start
        at = start
        while True:
            m = _INLINE.search(self.source, at, end)
            if m is None:
                break
            if m["code"] is not None:
                words(self.source, cursor, m.start(), bits, _BREAK)
                bits.append(Bit(m.span(), CODE, shown=_shown(m["code"])))
                cursor = at = m.end()
                continue
            closing = self.closing(m, end)
            if closing is None:
                at = m.start() + 1
                continue
            inner_start, inner_end, close_end = closing
            words(self.source, cursor, m.start(), bits, _BREAK)
            bare = self.source[m.start() : close_end]
            if m["open"] is not None and m["open"].startswith("footnote"):
                bare = ""  # (a footnote without words is none)
            bits.append(Bit((m.start(), inner_start), OPEN, bare=bare if m["open"] else ""))
            self.inline(inner_start, inner_end, bits)
            bits.append(Bit((inner_end, close_end), CLOSE))
            cursor = at = close_end
        words(self.source, cursor, end, bits, _BREAK)

    def closing(self, m: re.Match[str], end: int) -> tuple[int, int, int] | None:
        """Where a pair's words end and its closing mark does: (words' start, end, mark's
        end); None when the mark closes nowhere in the unit."""
        s = self.source
        inner = m.end()
        if m["open"] is not None:
            if m["open"].startswith("<<"):
                close = self.after(">>", inner, end, lambda at: s.find(">>", at, end))
                return (inner, close, close + 2) if close > inner else None
            k = self.bracket(inner)
            if k >= end:
                return None
            words_end = k
            # (a link's attributes after its text: ``text,window=_blank``, ``text^``)
            # (and an image's: ``alt,16``): its first positional attribute, when it has
            # named ones or is an image, else all of it
            text = s[inner:k]
            if not m["open"].startswith("footnote"):
                quoted = re.match(r'"(?:[^"\\]|\\.)*"', text)
                if (re.search(r",[ \t]*\w[\w-]*=", text) or m["open"].startswith("image")) and (
                    comma := re.compile(",").search(text, quoted.end() if quoted else 0)
                ):
                    words_end = inner + comma.start()
                elif text.endswith("^"):
                    words_end = k - 1
            if not s[inner:words_end].strip():
                return None
            quoted = re.fullmatch(r'"([^"]*)"', s[inner:words_end])
            if quoted:
                return inner + 1, words_end - 1, k + 1
            return inner, words_end, k + 1
        if m["curved"] is not None:
            quote = "`" + m["curved"][0]
            close = self.after(quote, inner, end, lambda at: s.find(quote, at, end))
            return (inner, close, close + 2) if close > inner else None
        twin = m["twin"] or m["mark"]
        if m["double"] is not None:

            def unescaped(at: int) -> int:
                close = s.find(twin, at, end)
                while close > 0 and s[close - 1] == "\\":
                    close = s.find(twin, close + 2, end)
                return close

            close = self.after(twin, inner, end, unescaped)
            if close <= inner:
                return None
            return inner, close, close + len(twin)
        pattern = re.compile(rf"(?<=\S){re.escape(twin)}(?![\w])")

        def closer(at: int) -> int:
            found = pattern.search(s, at, end)
            return found.start() if found else -1

        close = self.after(twin, inner + 1, end, closer)
        if close < 0 and inner < end and not s[inner].isspace():
            close = self.after(twin, inner, end, closer)
        if close < 0:
            return None
        blank = self.after("\n\n", inner, end, lambda at: s.find("\n\n", at, end))
        if 0 <= blank <= close - 2:
            return None
        return inner, close, close + len(twin)

    def after(self, key: str, at: int, end: int, search: Callable[[int], int]) -> int:
        """``search(at)``: where the first ``key`` at or after ``at`` is (-1: none before
        ``end``), answered from the last search where that one holds: the openings of a unit
        ask in order, so its text is searched once."""
        last = self.answers.get((key, end))
        if last is not None and last[0] <= at and (last[1] < 0 or at <= last[1]):
            return last[1]
        found = search(at)
        self.answers[key, end] = (at, found)
        return found

    def bracket(self, inner: int) -> int:
        """Where the "]" that closes the text from ``inner`` is (past the end: none): the
        first after it where the count of "[" less "]" falls below its count there, "\\"
        escaping the next character. The counts are made once, for the whole source."""
        if self.marks is None:
            self.marks, depth = [], 0
            for m in re.finditer(r"\\[\s\S]|[\[\]]", self.source):
                if m[0] in "[]":
                    depth += 1 if m[0] == "[" else -1
                    self.marks.append(m.start())
                    self.depths.append(depth)
                    if m[0] == "]":
                        self.closes.setdefault(depth, []).append(m.start())
        i = bisect.bisect_left(self.marks, inner)
        closes = self.closes.get((self.depths[i - 1] if i else 0) - 1, [])
        j = bisect.bisect_left(closes, inner)
        return closes[j] if j < len(closes) else len(self.source)


def _plain(bits: Sequence[Bit], source: str) -> str | None:
    """A title's words as Asciidoctor makes its id of them: its text and monospace, its
    emphasis marks left out; None where it holds other markup."""
    words = []
    for bit in bits:
        written = source[slice(*bit.span)]
        if bit.kind == TEXT:
            words.append(written)
        elif bit.kind == CODE and re.fullmatch(r"(`{1,2}|\+{1,3})[\s\S]*\1", written):
            words.append(_shown(written))
        elif not re.fullmatch(r"\*{1,2}|_{1,2}|#{1,2}|[\"']`|`[\"']", written):
            return None
    return "".join(words)


def _section_id(title: str, prefix: str, separator: str) -> str:
    """The id Asciidoctor generates of a section's title (Section.generate_id): its words in
    lower case, without the characters it writes as entities (``&``, typographic quotes,
    dashes, arrows) or any but letters, digits, ``_``, ``-`` and ``.``; spaces, dots and dashes
    one separator."""
    title = re.sub(r"(?:^| )--(?: |$)", "", title)  # (an em dash and the spaces beside it)
    title = re.sub(
        r"\(C\)|\(R\)|\(TM\)|(?<=\w)--(?=\w)|\.\.\.|->|=>|<-|<=|(?<=[^\W_])'(?=[^\W\d_])|[&<>]",
        "",
        title,
    )
    made = prefix + re.sub(r"[^ \w.-]", "", title.lower())
    if not separator:
        return made.replace(" ", "")
    runs = " .-" if separator in "-." else f" {separator}.-"
    made = re.sub(f"[{re.escape(runs)}]+", separator, made)
    made = made[:-1] if made.endswith(separator) else made
    return made[1:] if not prefix and made.startswith(separator) else made


def _trimmed(bits: list[Bit], source: str) -> list[Bit]:
    """``bits`` with the spaces at their two ends left out of their words."""
    if not bits:
        return bits
    first, last = bits[0], bits[-1]
    if first.kind == TEXT:
        a, b = first.span
        while a < b and source[a].isspace():
            a += 1
        bits[0] = Bit((a, b), TEXT)
    if last.kind == TEXT:
        a, b = bits[-1].span
        while b > a and source[b - 1].isspace():
            b -= 1
        bits[-1] = Bit((a, b), TEXT)
    return bits


def _column_styles(cols: str) -> list[str]:
    """Each column's style from a table's ``cols`` (``"1,2a"``, ``"3*.>m"``, ``"3"``)."""
    if re.fullmatch(r"[ \t]*\d+[ \t]*", cols):
        return [""] * int(cols)
    styles: list[str] = []
    for spec in filter(str.strip, re.split(r"[,;]", cols)):
        times = re.match(r"[ \t]*(\d+)\*", spec)
        style = spec.strip()[-1:] if spec.strip()[-1:] in "adehlmsv" else ""
        styles += [style] * (int(times[1]) if times else 1)
    return styles


def _shown(code: str) -> str:
    """What a reader sees of a placeholder's markup: a monospace's or passthrough's text, a
    key's or button's label, an address; nothing of an attribute reference or anchor."""
    inner = re.fullmatch(r"(?:\[[^\]]*\])?(`{1,2}|\+{1,3})([\s\S]*)\1", code)
    if inner:
        return " ".join(inner[2].split())
    macro = re.fullmatch(
        r"(?:kbd|btn|menu|pass|stem|latexmath|asciimath):[^\[]*\[([\s\S]*)\]", code
    )
    if macro:
        return " ".join(macro[1].split())
    if "://" in code:
        return re.sub(r"\[\^?\]$", "", code.strip("<>"))
    return ""


__all__ = ["AsciiDocDocument", "parse", "read"]
