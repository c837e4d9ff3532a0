"""FictionBook 2 e-books (``.fb2``; zipped, as libraries hand them out: ``.fb2.zip``, ``.fbz``):
each paragraph (``<p>``, ``<subtitle>``, ``<text-author>``, a table's cell) is a unit, its
inline markup (``<strong>``, ``<emphasis>``, a link) kept around its share of the words; a
stanza is one unit, its lines put back in their ``<v>`` (a line of verse is no sentence); a
footnote's reference (``<a type="note">``), inline ``<code>`` and a picture are placeholders
kept whole. The notes' body is translated as the book's; of the description, the title, the
annotation and the keywords (the authors, genres' codes, the file's own history and the
printed edition's data stay). Pictures (``<binary>``, base64: most of a book's bytes) are
never read, and every byte outside the translated words is written back as it was.

A translation says it is one as FictionBook does (and Flibusta's translated books do): its
``<lang>`` names the target, ``<src-lang>`` the source's language, and ``<src-title-info>``
holds the source's title-info as it was, its ids left out (the original title a library
shows beside the translated one); a book that names no language is given ``<lang>`` where
the schema wants it (and ``<src-lang>``, the one its text reads as, where the detector is
sure). A book that is a translation already keeps its ``<src-lang>`` (the work's original
language, which libraries sort by), and its translators go with its title-info into
``<src-title-info>``: they translated the source, not this book (where it has a
``<src-title-info>``, the original's, they stay, after a comment saying so: the schema
allows one). No ``<translator>`` is added: it names a person, and a reader's card would
show the program as one."""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from engine.documents.base import FIELD, Document, Unit, check_unit_count, decode_text, edited
from engine.documents.errors import DocumentError
from engine.documents.html import layout, placed_parts, relaid, seen_pieces
from engine.documents.language import READ_CHARS, foreign, primary_language, reads_as
from engine.documents.limits import MAX_DOCUMENT_BYTES
from engine.documents.marked import written_in_mark
from engine.documents.package import ENTITIES_REFUSED, Package, Unreadable, parse_file
from engine.documents.runs import fields
from engine.documents.xmlspans import MARKUP, attributes, closing
from engine.fileio import fictionbook3
from engine.text.encoding import EncodedText, TextEncoding

NAMESPACE = "http://www.gribuser.ru/xml/fictionbook/2.0"
# Elements whose text (with inline markup) is one unit; a stanza's lines (<v>) are one
# together. They hold no element of their own kind.
_BLOCKS = frozenset(["p", "subtitle", "text-author", "v", "td", "th", "book-title", "keywords"])
# Inline elements around words: their tags stay where they are, the words inside translated.
_INLINE = frozenset(["strong", "emphasis", "style", "strikethrough", "sub", "sup", "a"])
# Inline elements kept whole, seen as placeholders: code, a picture in a line.
_KEPT = frozenset(["code", "image"])
# Of the description, the title-info's words alone are read (its authors, genres, dates,
# sequence and cover are names and codes; document-info is the file's making, publish-info
# the printed edition's, custom-info a library's).
_DESCRIBED = frozenset(["title-info", "book-title", "annotation", "keywords", "p", "lang"])
# Never read: pictures (base64), the stylesheet; a poem's date.
_SKIPPED = frozenset(["binary", "stylesheet", "date"])
# An id attribute in a start tag (a copy of an element leaves it out: an id is once a file).
_ID = re.compile(r"""(<[^<>!?]*?)\s+id\s*=\s*(?:"[^"]*"|'[^']*')""")
# Said where the translators of a translated book's source stay in its title-info.
_TRANSLATORS = "translators of the {} edition this book was translated from"
_XML_LANG = re.compile(r"""\bxml:lang\s*=\s*(["'])([^"']*)\1""")
# Where libxml2 says a fault is (and an unclosed tag's line), at its message's end: the
# refusal says the line once.
_WHERE = re.compile(r"(?:,?\s*line \d+)+(?:, column \d+)?\s*$")
# The book's language as its title-info says (before its bodies are read: a phrase marked
# as in another is kept).
_BOOK_LANG = re.compile(r"<(?:\w+:)?title-info\b.*?<(?:\w+:)?lang\s*>\s*([^<\s]+)", re.S)


@dataclass(frozen=True)
class _Label:
    """An ``xml:lang``: its value at ``start:end`` of the source, on the element at
    ``begin:close``."""

    start: int
    end: int
    value: str
    begin: int
    close: int


def _labels(source: str) -> list[_Label]:
    """Every element's ``xml:lang`` in ``source``, with where its element is."""
    labels: list[_Label] = []
    opened: list[tuple[str, int, tuple[int, int, str] | None]] = []  # name, start, value
    for match in MARKUP.finditer(source):
        slash, name, found, empty = match.groups()
        if name is None:
            continue
        if slash:
            while opened:
                tag, begin, value = opened.pop()
                if value is not None:
                    labels.append(_Label(*value, begin, match.end()))
                if tag == name:
                    break
            continue
        said = _XML_LANG.search(found or "")
        value = None
        if said is not None:
            at = match.start(3) + said.start(2)
            value = (at, at + len(said.group(2)), said.group(2))
        if not empty:
            opened.append((name, match.start(), value))
        elif value is not None:
            labels.append(_Label(*value, match.start(), match.end()))
    return labels


@dataclass
class _Piece:
    """A stretch of a unit at ``start:end`` of the source (``raw``), seen as ``text``; a
    fixed one stays as it is (a line's end in a stanza, ``text`` "\\n"; a kept element, its
    placeholder, ``shown`` what it shows)."""

    start: int
    end: int
    raw: str
    text: str
    fixed: bool = False
    shown: str | None = None
    nested: bool = False  # inside an inline element (<emphasis>), not the block's own
    quoted: bool = False  # an attribute's value (a picture's alt)

    @property
    def writable(self) -> bool:
        return not self.fixed


@dataclass
class _Block:
    """Where a unit's element is, for a bilingual copy: its end, its tag as written. A
    stanza's title paragraphs and subtitle go in the copy of their stanza (the schema has a
    stanza's title and subtitle once each, before its lines): ``heads``, on the stanza, are
    their units (``(tag as written, unit's index, in the title)``), each ``headed``."""

    tag: str
    end: int
    heads: list[tuple[str, int, bool]] = field(default_factory=list)
    headed: bool = False


class Fb2Document(Document):
    encoding: TextEncoding

    def __init__(
        self,
        path: Path,
        source: str,
        encoding: TextEncoding,
        package: Package | None = None,
        entry: str = "",
    ) -> None:
        self.path, self.source, self.encoding = path, source, encoding
        self.package, self.entry = package, entry
        self.pieces: list[list[_Piece]] = []
        self.blocks: list[_Block | None] = []
        self.read_flags: list[bool] = []
        self.lang: tuple[int, int] | None = None  # the title-info's <lang> text
        self.src_lang = False  # it names its source's language already (a translation)
        self.title_info: tuple[int, int, str] | None = None  # its start tag, end tag, tag name
        self.lang_at: int | None = None  # the title-info's first element after its <lang>
        self.translators: list[tuple[int, int]] = []  # the title-info's <translator>s
        self.src_title_info = False  # it has one (the original's): the schema allows one
        self.labels = _labels(source)
        found = _BOOK_LANG.search(source)
        self.book_language = primary_language(found.group(1)) if found else None
        self._scan()
        self.units = tuple(
            Unit(
                f"p{n + 1}",
                "".join(p.text for p in pieces),
                tuple(p.text for p in pieces),
                fields=fields(pieces),
                read=read,
            )
            for n, (pieces, read) in enumerate(zip(self.pieces, self.read_flags, strict=True))
        )

    # --- reading ---------------------------------------------------------------------

    def _scan(self) -> None:
        source = self.source
        stack: list[str] = []
        verse: list[_Piece] | None = None  # a stanza's lines so far
        stanza, told = _Block("", 0), True
        pos = 0
        while (match := MARKUP.search(source, pos)) is not None:
            pos = match.end()
            slash, name, found, empty = match.groups()
            if name is None:
                continue
            tag = name.rpartition(":")[2]
            if slash:
                if tag == "stanza" and verse is not None:
                    stanza.end = match.end()
                    if not self._add(verse, stanza, read=told):
                        for _tag, n, _title in stanza.heads:  # (no lines: they stay put)
                            block = self.blocks[n]
                            assert block is not None
                            block.headed = False
                    verse = None
                if tag == "title-info" and self.title_info is not None:
                    start, _end, written = self.title_info
                    self.title_info = (start, match.end(), written)
                while tag in stack and stack.pop() != tag:
                    pass
                continue
            described = "description" in stack
            worded = tag in _DESCRIBED or "annotation" in stack  # (poems, tables, cites)
            if tag in _SKIPPED or (described and not worded):
                end = match.end() if empty else closing(source, name, pos)[1]
                if stack[-1:] == ["title-info"]:
                    if tag in ("src-lang", "translator", "sequence") and self.lang_at is None:
                        self.lang_at = match.start()  # (where a <lang> goes: before these)
                    self.src_lang = self.src_lang or tag == "src-lang"
                    if tag == "translator":
                        self.translators.append((match.start(), end))
                self.src_title_info |= tag == "src-title-info" and stack[-1:] == ["description"]
                pos = end
                continue
            if tag == "title-info" and stack[-1:] == ["description"]:
                self.title_info = (match.start(), match.end(), name)
            if tag == "lang" and stack[-1:] == ["title-info"] and not empty:
                end, pos = closing(source, name, pos)
                self.lang = (match.end(), end)
                continue
            if tag == "image" and {"alt", "title"} & set(attributes(found or "")):
                self._alt(match)
            if tag == "stanza" and not empty:
                verse, stanza, told = [], _Block(name, 0), not described
            if tag in _BLOCKS and not empty:
                end, close = closing(source, name, pos)
                if self._foreign(found, pos, end, inside=False):
                    pos = close  # (a paragraph in French in a Russian book: kept)
                    continue
                pieces = self._inline(pos, end)
                if verse is not None and tag == "v":
                    if verse:
                        verse.append(_Piece(pos, pos, "", "\n", fixed=True))
                    verse += pieces
                else:
                    head = verse is not None and stack[-1] in ("stanza", "title")
                    block = _Block(name, close, headed=head)
                    if self._add(pieces, block, read=not described) and head:
                        stanza.heads.append((name, len(self.pieces) - 1, stack[-1] == "title"))
                pos = close
                continue
            if not empty:
                stack.append(tag)

    def _inline(self, start: int, end: int) -> list[_Piece]:
        """The pieces of a block's content ``start:end``: its words, and each kept element
        (a note's reference, code, a picture) as one fixed piece."""
        source = self.source
        pieces: list[_Piece] = []
        depth = 0  # inline elements open around the words
        cursor = start
        for match in MARKUP.finditer(source, start, end):
            if match.start() < cursor:
                continue  # (inside a kept element)
            if match.start() > cursor:
                raw = source[cursor : match.start()]
                pieces.append(_Piece(cursor, match.start(), raw, html.unescape(raw),
                                     nested=depth > 0))  # fmt: skip
            cursor = match.end()
            slash, name, found, empty = match.groups()
            if name is None:
                continue  # (a comment: it stays where it is, between the words' pieces)
            tag = name.rpartition(":")[2]
            said = attributes(found or "")
            if not slash and (
                tag in _KEPT
                or (tag == "a" and _note(said, source, cursor, name))
                or (
                    tag in _INLINE and not empty and self._foreign(found, cursor, None, inside=True)
                )
            ):
                close = cursor if empty else closing(source, name, cursor)[1]
                raw = source[match.start() : close]
                shown = " ".join(html.unescape(re.sub(r"<[^>]*>", "", raw)).split())
                shown = shown or said.get("alt", "")  # (a picture shows what it is of)
                pieces.append(_Piece(match.start(), close, raw, "", fixed=True, shown=shown))
                cursor = close
            elif tag in _INLINE and not empty:
                depth += -1 if slash else 1
        if cursor < end:
            raw = source[cursor:end]
            pieces.append(_Piece(cursor, end, raw, html.unescape(raw), nested=depth > 0))
        return pieces

    def _foreign(self, found: str | None, start: int, end: int | None, *, inside: bool) -> bool:
        """Whether the element whose content starts at ``start`` is marked (``xml:lang``) as
        in another language than the book's and written in it, as a page's is judged: War
        and Peace's French, kept as the author wrote it. ``end``: where its content ends
        (None: an inline element's, up to its first end tag)."""
        said = _XML_LANG.search(found or "")
        if said is None or not foreign(said.group(2), self.book_language):
            return False
        if end is None:
            end = self.source.find("</", start)
        text = html.unescape(re.sub(r"<[^>]*>", " ", self.source[start:end]))
        assert self.book_language is not None  # (foreign says so)
        return written_in_mark(text, said.group(2), self.book_language, inside=inside)

    def _alt(self, match: re.Match[str]) -> None:
        """A picture's description (``alt``) and its title (``title``, the caption a reader
        shows under it): each a unit of its own, as a page's are."""
        for name in ("alt", "title"):
            found = re.search(rf"""(?<![\w:.-]){name}\s*=\s*(["'])([^"']*)\1""", match.group())
            if found is None or not found.group(2).strip():
                continue
            at = match.start() + found.start(2)
            raw = found.group(2)
            piece = _Piece(at, at + len(raw), raw, html.unescape(raw), quoted=True)
            self._add([piece], None, read=True)

    def _add(self, pieces: list[_Piece], block: _Block | None, *, read: bool) -> bool:
        """Make ``pieces`` a unit, where they hold words; whether they did."""
        pieces = _seen(pieces)
        while pieces and pieces[0].fixed and pieces[0].shown is None:
            pieces.pop(0)  # (a stanza's first line empty)
        while pieces and pieces[-1].fixed and pieces[-1].shown is None:
            pieces.pop()
        if not any(p.writable and p.text.strip() for p in pieces):
            return False
        check_unit_count(len(self.pieces) + 1, self.path)
        count = 0
        for piece in pieces:
            if piece.shown is not None:
                count += 1
                piece.text = FIELD.format(count)
        self.pieces.append(pieces)
        self.blocks.append(block)
        self.read_flags.append(read)
        return True

    # --- writing ---------------------------------------------------------------------

    def _words(self, translations: Sequence[str]) -> list[tuple[int, int, str]]:
        """The edits that put each unit's translation in its pieces."""
        edits: list[tuple[int, int, str]] = []
        for unit, pieces, text in zip(self.units, self.pieces, translations, strict=True):
            if text == unit.text:
                continue
            writable = [p for p in pieces if p.writable]
            parts = placed_parts(text, len(unit.fields), pieces, writable, edits)
            for piece, part in zip(writable, parts, strict=True):
                if part == piece.text:
                    continue
                if piece.quoted:
                    edits.append((piece.start, piece.end, html.escape(part, quote=True)))
                else:
                    laid = relaid(part, html.unescape(piece.raw), piece.text)
                    edits.append((piece.start, piece.end, html.escape(laid, quote=False)))
        return edits

    def _declared(self, translations: Sequence[str]) -> list[tuple[int, int, str]]:
        """The edits that say the book is a translation into the job's language (see the
        module's docstring), where anything was translated."""
        if self.language is None or all(
            t == u.text for t, u in zip(translations, self.units, strict=True)
        ):
            return []
        target = self.language.tag
        edits: list[tuple[int, int, str]] = []
        source_lang = ""
        missing: tuple[int, str] | None = None  # a <lang> the source had not, and where
        if self.lang is not None:
            start, end = self.lang
            source_lang = self.source[start:end].strip()
            edits.append((start, end, target))
            if not self.src_lang and source_lang:
                close = self.source.index(">", end) + 1
                edits.append((close, close, self._added("src-lang", source_lang)))
        elif self.title_info is not None:
            # A book that names no language (pandoc's, without the page's lang): where the
            # schema wants <lang>, after the title-info's covers and before its translators,
            # series or the end; the source's, where the detector is sure of it.
            read = reads_as(" ".join(u.text for u in self.units if u.read)[:READ_CHARS])
            at = self.lang_at
            if at is None:
                at = self.source.rindex("<", 0, self.title_info[1])  # (its end tag)
            at = len(self.source[:at].rstrip(" \t\r\n"))
            added = self._added("lang", target)
            if read is not None and not self.src_lang:
                added += self._added("src-lang", read)
                missing = (at, self._added("lang", read))
            edits.append((at, at, added))
        if self.title_info is not None and not self.src_title_info:
            if self.lang is not None or missing is not None:  # (else it would have no <lang>)
                edits += self._original(missing)
        elif self.translators:
            # (the original's is there already: the translators stay, with a note)
            start = self.translators[0][0]
            note = f"<!-- {_TRANSLATORS.format(source_lang or 'source')} -->"
            edits.append((start, start, note + _indent(self.source, start)))
        if source_lang:
            # The elements whose words were translated, and those alone, name the target
            # (a sequence's name, a date, a library's custom-info keep the source's).
            translated = sorted(
                p.start
                for pieces, text, unit in zip(self.pieces, translations, self.units, strict=True)
                if text != unit.text
                for p in pieces
                if p.writable
            )
            for label in self.labels:
                at = bisect.bisect_left(translated, label.begin)
                inside = at < len(translated) and translated[at] < label.close
                if inside and primary_language(label.value) == primary_language(source_lang):
                    edits.append((label.start, label.end, target))
        return edits

    def _added(self, name: str, value: str) -> str:
        """An element of the title-info, laid out as its first element is."""
        assert self.title_info is not None
        start, _end, written = self.title_info
        first = self.source.index("<", self.source.index(">", start))
        prefix = _prefix(written)
        return f"{_indent(self.source, first)}<{prefix}{name}>{value}</{prefix}{name}>"

    def _original(self, missing: tuple[int, str] | None) -> list[tuple[int, int, str]]:
        """The edits that keep the source's title-info as ``<src-title-info>`` (its ids left
        out: they are the title-info's, and an id is the file's once) and, where the book is
        a translation already, take its translators out of the title-info (they translated
        the source, and are named in the copy). ``missing``: a <lang> the source's had not
        (the language it reads as), and where it goes."""
        assert self.title_info is not None
        start, end, name = self.title_info
        original = self.source[start:end]
        if missing is not None:
            at, lang = missing
            original = original[: at - start] + lang + original[at - start :]
        inner = original[original.index(">") + 1 : original.rindex("<")]
        inner = _ID.sub(r"\1", inner)
        head = _ID.sub(r"\1", original[len(name) + 1 : original.index(">")])
        copy_name = f"{_prefix(name)}src-{name.rpartition(':')[2]}"
        copied = f"<{copy_name}{head}>{inner}</{copy_name}>"
        edits = [(end, end, _indent(self.source, start) + copied)]
        for begin, close in self.translators:
            edits.append((begin - len(_indent(self.source, begin)), close, ""))
        return edits

    def render(self, translations: Sequence[str]) -> bytes:
        self._check(translations)
        text = edited(self.source, self._words(translations) + self._declared(translations))
        return self._packed(self.encoding.encode(text))

    def render_bilingual(self, translations: Sequence[str]) -> bytes:
        """Each paragraph followed by its translation in an element of its kind (a stanza's
        by a stanza of the translated title, subtitle and lines); a title's, a cell's,
        keywords' and a picture's description, which have room for one, read "source /
        translation"."""
        self._check(translations)
        edits: list[tuple[int, int, str]] = []

        def said(n: int) -> str:
            return " ".join(self.units[n].shown_in(translations[n]).split())

        for n, (unit, pieces, block, text) in enumerate(
            zip(self.units, self.pieces, self.blocks, translations, strict=True)
        ):
            tag = block.tag.rpartition(":")[2] if block is not None else ""
            if block is not None and tag == "stanza":
                if text == unit.text and all(
                    translations[i] == self.units[i].text for _tag, i, _title in block.heads
                ):
                    continue
                edits.append((block.end, block.end, self._stanza(block, unit.shown_in(text), said)))
            elif text == unit.text or (block is not None and block.headed):
                continue  # (a stanza's title or subtitle: in its stanza's copy)
            elif block is not None and tag in ("p", "subtitle", "text-author"):
                escaped = html.escape(said(n), quote=False)
                edits.append((block.end, block.end, f"<{block.tag}>{escaped}</{block.tag}>"))
            else:
                last = pieces[-1]
                escaped = html.escape(f" / {said(n)}", quote=last.quoted)
                edits.append((last.end, last.end, escaped))
        return self._packed(self.encoding.encode(edited(self.source, edits)))

    @staticmethod
    def _stanza(block: _Block, lines: str, said: Callable[[int], str]) -> str:
        """A stanza's translation, as the schema has one: its title's paragraphs, its
        subtitle, then its lines (``lines``, one a line)."""
        prefix = _prefix(block.tag)
        title = "".join(
            f"<{tag}>{html.escape(said(n), quote=False)}</{tag}>"
            for tag, n, in_title in block.heads
            if in_title
        )
        parts = [f"<{prefix}title>{title}</{prefix}title>"] if title else []
        parts += [
            f"<{tag}>{html.escape(said(n), quote=False)}</{tag}>"
            for tag, n, in_title in block.heads
            if not in_title
        ]
        parts += [
            f"<{prefix}v>{html.escape(line, quote=False)}</{prefix}v>"
            for line in lines.split("\n")
            if line.strip()
        ]
        return f"<{block.tag}>{''.join(parts)}</{block.tag}>"

    def _packed(self, data: EncodedText) -> bytes:
        """The book as written: zipped again, as the one entry it was, where it came so."""
        if self.package is None:
            return data
        return self.package.write({}, files={self.entry: bytes(data)})


def _seen(pieces: list[_Piece]) -> list[_Piece]:
    """``pieces`` with their text as a reader sees it (XML's layout, newlines and indents,
    one space; none at a line's two ends); a piece of layout alone is left out of the unit,
    and stays in the file as it is."""
    if len(pieces) == 1 and pieces[0].quoted:
        return pieces
    out = seen_pieces(pieces)
    # A space before a line's end (the block's, a stanza line's) is layout too: the indent
    # before an inline element's end tag on a line of its own ("<a>Глава 2</a>\n  </emphasis>"
    # was "Глава 2 "), left out as the block's own is.
    ends = [n for n, p in enumerate(out) if p.fixed and p.shown is None] + [len(out)]
    for end in reversed(ends):
        at = end - 1
        while at >= 0 and out[at].writable and not out[at].text.strip():
            del out[at]
            at -= 1
        if at >= 0 and out[at].writable and out[at].text.endswith(" "):
            piece = out[at]
            piece.text = piece.text.rstrip(" ")
            trail = layout(piece.raw, piece.text)[1]
            piece.end -= len(trail)
            piece.raw = piece.raw[: len(piece.raw) - len(trail)]
    return out


def _note(said: dict[str, str], source: str, start: int, name: str) -> bool:
    """Whether a link is a footnote's reference (``type="note"``, or a link into the book
    whose text holds no letter: "1", "[2]", "*"), kept whole."""
    if said.get("type") == "note":
        return True
    href = next((v for k, v in said.items() if k.rpartition(":")[2] == "href"), "")
    if not href.startswith("#"):
        return False
    try:
        end = closing(source, name, start)[0]
    except ValueError:
        return False
    text = html.unescape(re.sub(r"<[^>]*>", "", source[start:end]))
    return bool(text.strip()) and not any(c.isalpha() for c in text)


def _prefix(name: str) -> str:
    """The namespace prefix of a tag as written, with its colon ("" for none)."""
    head, colon, _local = name.rpartition(":")
    return head + colon


def _indent(source: str, at: int) -> str:
    """The whitespace before the tag at ``at`` on its line (with the line end before it),
    so that an element added beside it is laid out as it is; "" where it follows text."""
    before = source[:at]
    stripped = before.rstrip(" \t")
    indent = before[len(stripped) :]
    for end in ("\r\n", "\n"):
        if stripped.endswith(end):
            return end + indent
    return ""


# --- opening ---------------------------------------------------------------------------


def _refused(path: Path, what: str) -> DocumentError:
    return DocumentError(
        f"This is not a valid FictionBook book: {what}",
        path=path,
        hint="Open and save it again in FictionBook Editor or Calibre, then retry",
        message_id="document.damaged_file",
        params={"suffix": path.suffix},
    )


def _unzipped(data: bytes, path: Path) -> tuple[bytes, Package, str]:
    """The one .fb2 a zipped book holds, its package, and its entry's name."""
    package = Package(path, data, "zipped FictionBook book", "an archiver")
    books = [n for n in package.names if n.lower().endswith(".fb2") and not n.endswith("/")]
    if not books:
        if any(n.lower().startswith("fb3/") for n in package.names):
            raise fictionbook3(path, error=DocumentError)  # (as a file named .fb3 is refused)
        raise DocumentError(
            "This zip archive holds no FictionBook book (.fb2)",
            path=path,
            hint="Give the .fb2 itself, or a zip of one .fb2",
            message_id="document.damaged_file",
            params={"suffix": path.suffix},
        )
    if len(books) > 1:
        raise DocumentError(
            f"This zip archive holds {len(books)} FictionBook books, not one",
            path=path,
            hint="Unzip it and translate each .fb2 on its own (or the folder)",
            message_id="document.fb2_several_books",
            params={"count": len(books)},
        )
    info = package.archive.getinfo(books[0])
    if info.file_size > MAX_DOCUMENT_BYTES:
        raise DocumentError(
            f"The book unpacks to more than {MAX_DOCUMENT_BYTES >> 20} MB",
            path=path,
            hint="This is not an ordinary book; give another file",
            message_id="document.too_large_inside",
        )
    return package.archive.read(info), package, books[0]


def read(data: bytes, path: Path) -> Document:
    package, entry = None, ""
    if data.startswith(b"PK"):
        data, package, entry = _unzipped(data, path)
    try:
        root = parse_file(data)
    except Unreadable as exc:
        what, line = _WHERE.sub("", exc.what), exc.line
        if what == ENTITIES_REFUSED and b"<!ENTITY" in data:
            line = data.count(b"\n", 0, data.index(b"<!ENTITY")) + 1  # (not the DOCTYPE's)
        if any(s in what for s in ("Premature end", "EndTag", "expected '>'", "find end of")):
            what = f"it is cut short or broken ({what})"
        raise _refused(path, f"{what} at line {line}") from None
    name = etree.QName(root)
    if name.localname != "FictionBook":
        raise _refused(path, f"its root element is <{name.localname}>, not <FictionBook>")
    source, found = decode_text(data, path, "FictionBook", markup=True)
    return Fb2Document(path, source, found, package, entry)


__all__ = ["NAMESPACE", "Fb2Document", "read"]
