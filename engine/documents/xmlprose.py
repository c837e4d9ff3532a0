"""The XML reader DocBook and DITA share (each a ``Vocabulary``: docbook.py, dita.py):
technical writers' manuals, one unit per block (a para, a title, a table's entry) with its
inline elements as runs (emphasis, a link, a menu's label) and its code as placeholders (a
command, a file's name), every byte outside the translated words kept as it was.

A footnote, an index term and a picture's text alternative inside a sentence are units of
their own, the sentence seen around them as around a placeholder; code listings, metadata
(authors, dates, copyright) and what ``translate="no"`` (DITA's, ITS 2.0's ``its:translate``)
marks are never sent. Entities are never expanded nor their declarations fetched: one the
file declares or HTML does not know (``&product;``, a chapter included by an entity) is a
placeholder written back as it was, so the writer's file stays theirs; a character entity
(``&mdash;``) is its character. An ``xi:include`` is kept, not followed (a note names the
included files, each to translate as its own). The root element gets ``xml:lang`` (DocBook 4:
``lang``) naming the target."""

from __future__ import annotations

import html
import html.entities
import re
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from engine.api import Note
from engine.documents.base import Document, decode_text
from engine.documents.errors import DocumentError, empty_file
from engine.documents.html import (
    HtmlDocument,
    Piece,
    attribute_pieces,
    block_unit,
    language_attributes,
    numbered,
    text_piece,
)
from engine.documents.language import foreign, primary_language, target_language
from engine.documents.marked import kept_note, written_in_mark
from engine.documents.package import whole_file, xml_refusal
from engine.documents.runs import field_order, renumbered
from engine.documents.xmlspans import MARKUP, attributes, prolog
from engine.text.encoding import EncodedText, TextEncoding


@dataclass(frozen=True)
class Vocabulary:
    """What a technical writers' XML format's elements are to a translator (local names)."""

    inline: frozenset[str]  # the sentence goes on around them, their words translated
    code: frozenset[str]  # inline and kept whole: a placeholder where it stands
    kept: frozenset[str]  # never translated, nor anything inside
    notes: frozenset[str]  # inline, their words units of their own (a footnote)
    attributes: frozenset[str] = frozenset()  # attributes whose values are words
    # A menu's path (DocBook's menuchoice, DITA's menucascade): inline, its labels each a unit
    # of its own (each the label of its own element, never words moved between them), the
    # sentence seeing the path as a placeholder that shows "File → Save" as both render it.
    paths: frozenset[str] = frozenset()
    # Blocks whose inline children are each a unit (DITA's <keywords>: each <keyword> is one
    # search term, not words of one sentence).
    lists: frozenset[str] = frozenset()
    # Text whose line breaks are the writer's (a poem, an address: DocBook's literallayout
    # unless class="monospaced", DITA's <lines>): translated with each break kept, as the
    # EPUB reader keeps a verse's lines.
    verses: frozenset[str] = frozenset()
    editor: str = "an XML editor"  # what to check a damaged file in
    # The namespaces of its elements ("" none); an element of another is kept as it is.
    namespaces: frozenset[str] = frozenset([""])
    # Inline elements in another language by their name (DocBook's foreignphrase): kept
    # where marked with a language even where the document's own is not known.
    foreign: frozenset[str] = frozenset()
    # Code that shows a reader nothing where it stands (an anchor, an editor's remark).
    unseen: frozenset[str] = frozenset()
    # The attribute and value that make a verse a listing (class="monospaced"): kept.
    listing: tuple[str, str] | None = None
    # The attribute naming the language on a root in no namespace (DocBook 4's lang); a
    # root in a namespace (DocBook 5's) gets xml:lang.
    lang: str = "xml:lang"
    # The name in the public identifier of its SGML DOCTYPE (DocBook up to 4.1), refused as
    # SGML, saying how to convert it; None for a format that never was SGML.
    sgml: str | None = None
    # Whether a file of no text made of entities (<book>&chapter1;</book>) names the files
    # they stand for, as the format splits a book.
    books: bool = False


@dataclass
class _Open:
    """An element open in the scan: its name, where its start tag begins, the language
    declarations it holds (their starts), the namespaces its prefixes name inside it ("" the
    default's)."""

    name: str
    start: int
    declared: list[int]
    namespaces: dict[str, str]


@dataclass
class _Note:
    """A footnote (or index term) open inside a sentence: where it starts, at what depth, and
    the sentence it interrupted."""

    start: int
    depth: int
    outer: list[Piece]
    labels: list[str] | None = None  # a menu's path: its labels so far


_ENTITY = re.compile(r"&([A-Za-z_][\w.:-]*);")
_XML_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
_REFERENCE = re.compile(r"&(?:#([0-9]+)|#[xX]([0-9a-fA-F]+)|([A-Za-z_][\w.:-]*));")


def _character(name: str) -> str | None:
    """The character an entity named ``name`` is where XML or HTML names it exactly
    (``&amp;``, ``&mdash;``), else None: HTML's legacy names, which a browser reads without
    their semicolon, never start a longer one (``&notice;`` is no "¬ice;")."""
    return _XML_ENTITIES.get(name) or html.entities.html5.get(name + ";")


def _unescaped(text: str) -> str:
    """``text`` with its character references and the entities ``_character`` knows read;
    any other entity (``&product;``) as written."""

    def read(m: re.Match[str]) -> str:
        if m.group(3) is not None:
            return _character(m.group(3)) or m.group()
        code = int(m.group(1)) if m.group(1) is not None else int(m.group(2), 16)
        return chr(code) if 0 < code < 0x110000 else m.group()

    return _REFERENCE.sub(read, text) if "&" in text else text


class Scan:
    """One pass over an XML file's markup by position (the file parsed well-formed first),
    gathering each block's sentence as pieces as the HTML reader's are."""

    def __init__(self, source: str, vocabulary: Vocabulary, declared: frozenset[str]) -> None:
        self.source, self.vocabulary, self.declared = source, vocabulary, declared
        self.units: list[list[Piece]] = []
        self.current: list[Piece] = []
        self.stack: list[_Open] = []
        self.skip: int | None = None  # the depth whose element's end ends a kept stretch
        self.atom: tuple[int, int] | None = None  # (start, depth) of a kept inline element
        self.notes: list[_Note] = []
        self.declarations: list[tuple[int, int, str]] = []
        self.scopes: dict[int, tuple[int, int]] = {}
        self.includes: list[str] = []  # the files an xi:include names
        self.note_starts: set[int] = set()  # where each note inside a sentence starts
        self.root: tuple[int, bool] | None = None  # where the root's name ends, has a language
        self.verse: int | None = None  # the depth of a verse's element, lines kept
        self.language: str | None = None  # the root's (primary), where it names one
        self.marked: Counter[str] = Counter()  # phrases kept for their language, by it

    def run(self) -> None:
        cursor = 0
        for match in MARKUP.finditer(self.source):
            if match.start() > cursor:
                self._text(cursor, match.start())
            cursor = match.end()
            if match.group(2) is None:
                self._other(match)
            elif match.group(1):
                self._end(match)
            else:
                self._start(match)
        self._flush()

    def _hidden(self) -> bool:
        return self.skip is not None or self.atom is not None

    def _text(self, start: int, end: int) -> None:
        if self._hidden():
            return
        cursor = start
        for entity in _ENTITY.finditer(self.source, start, end):
            if not self._kept(entity.group(1)):
                continue  # (a character: text, read as such)
            self._words(cursor, entity.start())
            raw = entity.group()
            self.current.append(Piece(entity.start(), entity.end(), raw, "", fixed=True, shown=raw))
            cursor = entity.end()
        self._words(cursor, end)

    def _kept(self, name: str) -> bool:
        """Whether the entity ``name`` is kept as written, a placeholder: one the file
        declares, or no character XML or HTML names."""
        return name not in _XML_ENTITIES and (name in self.declared or not _character(name))

    def _words(self, start: int, end: int) -> None:
        if self.verse is not None:  # (each line break a fixed piece, as a <br> is)
            cursor = start
            for newline in re.finditer(r"\r?\n|\r", self.source[start:end]):
                self._line(cursor, start + newline.start())
                cursor = start + newline.end()
                raw = newline.group()
                self.current.append(Piece(cursor - len(raw), cursor, raw, "\n", fixed=True))
            self._line(cursor, end)
            return
        self._line(start, end)

    def _line(self, start: int, end: int) -> None:
        if end > start:
            nested = bool(self.stack) and self.stack[-1].name in self.vocabulary.inline
            text_piece(self.current, start, self.source[start:end], nested=nested)

    def _other(self, match: re.Match[str]) -> None:
        """A comment, a processing instruction, CDATA: inside a sentence, kept where it
        stands (CDATA shown as its text)."""
        if self._hidden() or not any(p.writable and p.text.strip() for p in self.current):
            return
        raw = match.group()
        if raw.startswith("<![CDATA["):
            shown = " ".join(raw[9:-3].split())
            self.current.append(Piece(match.start(), match.end(), raw, "", fixed=True,
                                       shown=shown))  # fmt: skip
        elif raw.startswith(("<!--", "<?")):
            self.current.append(Piece(match.start(), match.end(), raw, "", fixed=True,
                                       shown="", hidden=True))  # fmt: skip

    def _start(self, match: re.Match[str]) -> None:
        qname = match.group(2)
        prefix, _, local = qname.rpartition(":")
        empty = match.group(4) is not None
        named = attributes(match.group(3) or "")
        said = named.get("xml:lang") or named.get("lang")
        foreign_phrase = False
        if self.root is None:
            self.root = (match.start() + 1 + len(qname), said is not None)
            found = target_language(said) if said else None
            self.language = found.language if found is not None else None
        elif said and not empty and local in self.vocabulary.inline and not self._hidden():
            foreign_phrase = self._foreign(qname, local, said, match.end())
        namespaces = self.stack[-1].namespaces if self.stack else {}
        declared = {k[6:]: v for k, v in named.items() if k == "xmlns" or k.startswith("xmlns:")}
        if declared:  # (k[6:]: the prefix, "" for xmlns)
            namespaces = {**namespaces, **declared}
        namespace = namespaces.get(prefix, None if prefix else "")
        if local == "include" and prefix and not self._hidden():
            href = named.get("href", "")
            if href and named.get("parse", "xml") == "xml":
                self.includes.append(href)
        element = _Open(local, match.start(), [], namespaces)
        if not self._hidden() and not foreign_phrase:
            self._declare(match, element)
        depth = len(self.stack)
        if not empty:
            self.stack.append(element)
        if self._hidden():
            return
        vocabulary = self.vocabulary
        # (another vocabulary's element: MathML, SVG, an XInclude)
        other = namespace not in vocabulary.namespaces and local not in vocabulary.inline
        no = _untranslated(named) or foreign_phrase or other
        noted = local in vocabulary.notes or local in vocabulary.paths
        inline = local in vocabulary.inline or local in vocabulary.code or noted
        if self._in_path(depth) or self._in_list(depth):
            self._label(self.notes[-1].labels if self._in_path(depth) else None)
        if noted and not no:
            if empty:
                return
            path: list[str] | None = [] if local in vocabulary.paths else None
            self.notes.append(_Note(match.start(), depth, self.current, path))
            self.current = []
            return
        if inline and (no or local in vocabulary.code or empty):
            if empty:
                self._atom(match.start(), match.end(), named, local)
            else:
                self.atom = (match.start(), depth)
            return
        listing = vocabulary.listing
        listed = (
            listing is not None
            and local in vocabulary.verses
            and named.get(listing[0]) == listing[1]
        )
        if no or local in vocabulary.kept or listed:  # (a verse marked as a listing)
            self._flush()
            if not empty:
                self.skip = depth
            return
        if not inline:
            self._flush()
            self._attributes(match)
            if local in vocabulary.verses and not empty:
                self.verse = depth

    def _foreign(self, qname: str, local: str, said: str, after: int) -> bool:
        """Whether an inline element marked as in another language than the document's is
        written in it (kept then, as the EPUB reader keeps ``<i xml:lang="fr">``): a
        ``<foreignphrase>`` is, by its name, where the document's language is not known."""
        by_name = local in self.vocabulary.foreign
        if by_name and self.language is None:
            kept = target_language(said) is not None
        else:
            end = self.source.find(f"</{qname}", after)
            text = _unescaped(re.sub(r"<[^>]*>", " ", self.source[after:end]))
            kept = foreign(said, self.language) and (
                by_name or written_in_mark(text, said, self.language or "", inside=True)
            )
        if kept:
            self.marked[primary_language(said)] += 1
        return kept

    def _atom(self, start: int, end: int, named: dict[str, str], local: str) -> None:
        raw = self.source[start:end]
        shown = " ".join(_unescaped(re.sub(r"<[^>]*>", "", raw)).split())
        if not shown:  # (an xref, a keyref: what it names, for a reader)
            target = ("linkend", "keyref", "conkeyref", "href", "conref", "endterm")
            shown = next((named[a] for a in target if named.get(a)), local)
        hidden = local in self.vocabulary.notes or local in self.vocabulary.unseen
        if hidden:  # (nothing a reader sees there; a note a space, its words apart)
            shown = " " if local in self.vocabulary.notes else ""
        self.current.append(Piece(start, end, raw, "", fixed=True, shown=shown,
                                   hidden=hidden))  # fmt: skip

    def _end(self, match: re.Match[str]) -> None:
        if not self.stack:
            return
        element = self.stack.pop()
        depth = len(self.stack)
        if depth == self.verse:
            self.verse = None
        for declared in element.declared:
            self.scopes[declared] = (element.start, match.start())
        if self.skip is not None:
            if depth == self.skip:
                self.skip = None
            return
        if self.atom is not None:
            if depth == self.atom[1]:
                start, self.atom = self.atom[0], None
                self._atom(start, match.end(), {}, element.name)
            return
        if self.notes and depth == self.notes[-1].depth:
            note = self.notes.pop()
            self._label(note.labels)
            self.current = note.outer
            self.note_starts.add(note.start)
            if note.labels is None:
                self._atom(note.start, match.end(), {}, element.name)
            else:
                raw = self.source[note.start : match.end()]
                shown = " → ".join(note.labels)
                self.current.append(Piece(note.start, match.end(), raw, "", fixed=True,
                                           shown=shown))  # fmt: skip
            return
        if self._in_path(depth):
            self._label(self.notes[-1].labels)
            return
        if self._in_list(depth):
            self._flush()
            return
        vocabulary = self.vocabulary
        if element.name not in vocabulary.inline and element.name not in vocabulary.code:
            self._flush()

    def _in_path(self, depth: int) -> bool:
        """Whether an element at ``depth`` is a label of the menu path open around it."""
        return (
            bool(self.notes)
            and self.notes[-1].labels is not None
            and (depth == self.notes[-1].depth + 1)
        )

    def _in_list(self, depth: int) -> bool:
        """Whether an element at ``depth`` is a child of one whose children are each a
        unit."""
        return depth > 0 and self.stack[depth - 1].name in self.vocabulary.lists

    def _label(self, labels: list[str] | None) -> None:
        """The words so far a unit of their own; in a menu's path, a label also kept in
        ``labels`` for the path's placeholder."""
        seen = "".join(p.text if p.writable else p.shown or "" for p in self.current)
        if labels is not None and seen.strip():
            labels.append(" ".join(seen.split()))
        self._flush()

    def _declare(self, match: re.Match[str], element: _Open) -> None:
        # (read one after another: a value that reads lang="fr" is no attribute)
        for start, end, name in language_attributes(self.source, match.start(), match.end()):
            value = self.source[start:end].partition("=")[2].strip().strip("\"'").strip()
            if name not in ("lang", "xml:lang") or not value:  # (zxx's name is "")
                continue
            self.declarations.append((start, end, name))
            if self.stack:  # (the root's is the translation's, whatever its text)
                element.declared.append(start)

    def _attributes(self, match: re.Match[str]) -> None:
        """The values of the start tag's attributes that are words (a map's navtitle="…"),
        each a unit, its entities placeholders as in text (xreflabel="the &kapp; setup")."""
        if not self.vocabulary.attributes:
            return
        names = tuple(self.vocabulary.attributes)
        for value in attribute_pieces(match.group(), match.start(), names):
            pieces: list[Piece] = []
            cursor = value.start
            for entity in _ENTITY.finditer(self.source, value.start, value.end):
                if not self._kept(entity.group(1)):
                    continue
                if entity.start() > cursor:
                    raw = self.source[cursor : entity.start()]
                    pieces.append(Piece(cursor, entity.start(), raw, _unescaped(raw), quote=True,
                                        unread=value.unread))  # fmt: skip
                raw = entity.group()
                pieces.append(Piece(entity.start(), entity.end(), raw, "", fixed=True, shown=raw))
                cursor = entity.end()
            if cursor < value.end:
                raw = self.source[cursor : value.end]
                pieces.append(Piece(cursor, value.end, raw, _unescaped(raw), quote=True,
                                    unread=value.unread))  # fmt: skip
            if any(p.writable and p.text.strip() for p in pieces):
                self.units.append(numbered(pieces))

    def _flush(self) -> None:
        unit = block_unit(self.source, self.current)
        self.current = []
        if unit is not None:
            self.units.append(unit)


def _untranslated(named: dict[str, str]) -> bool:
    """Whether an element is marked not to translate: DITA's ``translate="no"``, ITS 2.0's
    ``its:translate="no"`` (under any prefix)."""
    return any(
        (key == "translate" or key.endswith(":translate")) and value.strip().lower() == "no"
        for key, value in named.items()
    )


class ProseXmlDocument(HtmlDocument):
    """A technical writers' XML file (DocBook, DITA), written as the HTML reader writes a
    page: only the translated words change, placeholders back in place."""

    def __init__(
        self,
        path: Path,
        source: str,
        encoding: TextEncoding,
        units: list[list[Piece]],
        declarations: Sequence[tuple[int, int, str]],
        scopes: Mapping[int, tuple[int, int]],
        note_starts: Collection[int] = (),
    ) -> None:
        super().__init__(path, source, encoding, units, declarations, scopes)
        # The units whose sentence holds a note (``note_starts``: where each note starts).
        self.notes_in = frozenset(
            n
            for n, pieces in enumerate(self.pieces)
            if any(p.fixed and p.start in note_starts for p in pieces)
        )

    def _encoded(self, text: str) -> EncodedText:
        # XML reads ISO-8859-1 as it is, not as windows-1252 (a web page's reading of it):
        # an em dash written as byte 0x97 would be a control character to xmllint.
        declared = self.encoding.declared or ""
        latin1 = declared.strip().lower() in ("iso-8859-1", "latin1", "latin-1", "iso_8859-1")
        encoded = self.encoding.encode(text)
        if not encoded.fallback and not latin1:
            return encoded
        # A character the file's encoding lacks (an em dash in ISO-8859-1) is written as
        # XML's reference to it: the file stays in the encoding its tools expect.
        codec = "latin-1" if latin1 else self.encoding.codec
        data = text.encode(codec, errors="xmlcharrefreplace")
        return EncodedText(data, self.encoding.name, fallback=False)

    def render_bilingual(self, translations: Sequence[str]) -> EncodedText:
        # (HTML's copy beside each block, a <span> after a <br/>, is no DocBook or DITA)
        raise self.no_bilingual()

    def render_text(self, translations: Sequence[str]) -> str:
        # A footnote stays where the source has it: its own units are written inside it, so
        # it cannot trade places with another placeholder the translation moved.
        fixed = list(translations)
        for n in self.notes_in:
            order = field_order(fixed[n], len(self.units[n].fields))
            if order is not None and order != sorted(order):
                fixed[n] = renumbered(fixed[n], order)
        return super().render_text(fixed)


def read_as(data: bytes, path: Path, vocabulary: Vocabulary) -> Document:
    """``data`` read as a ``vocabulary`` file."""
    if not data.strip():
        raise empty_file(path)
    elsewhere: frozenset[str] = frozenset()  # entities a book declares, not this file
    try:
        root = whole_file(data)
    except etree.XMLSyntaxError as exc:
        elsewhere = _undeclared(data, exc)
        if not elsewhere:
            raise _unreadable(data, path, vocabulary, exc) from None
        try:  # (a chapter of a book: read with its entities kept as written)
            root = whole_file(_ENTITY_BYTES.sub(b"", data))
        except etree.XMLSyntaxError as again:
            raise _unreadable(data, path, vocabulary, again) from None
    dtd = root.getroottree().docinfo.internalDTD
    declared = frozenset(e.name for e in dtd.entities()) if dtd is not None else frozenset()
    declared |= elsewhere
    # (what the root gets where it names no language: DocBook 5's, in its namespace, xml:lang)
    lang = "xml:lang" if etree.QName(root).namespace else vocabulary.lang
    source, found = decode_text(data, path, "XML", markup=True)
    scan = Scan(source, vocabulary, declared)
    scan.run()
    units = scan.units
    declarations = list(scan.declarations)
    if scan.root is not None and not scan.root[1]:
        declarations.append((scan.root[0], scan.root[0], " " + lang))
    document = ProseXmlDocument(
        path, source, found, units, declarations, scan.scopes, scan.note_starts
    )
    if not units and vocabulary.books:
        _no_text(source, path)
    marked = kept_note(path, scan.marked)
    document.notes = (marked,) if marked is not None else ()
    if elsewhere:
        named = ", ".join(f"&{name};" for name in sorted(elsewhere))
        document.notes += (
            Note(
                f"{path.name} is part of a book whose entities are declared elsewhere "
                f"({named}): they are kept as written",
                "document.entities_elsewhere",
                {"name": path.name, "entities": named},
            ),
        )
    if scan.includes:
        names = ", ".join(dict.fromkeys(scan.includes))
        document.notes += (
            Note(
                f"{path.name} includes {names} (XInclude): they are kept as links, not "
                "translated; translate each of them too",
                "document.includes_kept",
                {"name": path.name, "files": names},
            ),
        )
    return document


_ENTITY_BYTES = re.compile(rb"&(?!(?:amp|lt|gt|quot|apos);)[A-Za-z_][\w.:-]*;")
# An SGML DOCTYPE: its format's name in a public identifier without XML ("DocBook V4.1").
_SGML = r"<!DOCTYPE\s+\w+\s+PUBLIC\s+[\"'](-//[^\"']*{name}(?![^\"']*XML)[^\"']*)"
_EXTERNAL = re.compile(r"""<!ENTITY\s+(%\s+)?([\w.:-]+)\s+(?:SYSTEM|PUBLIC\s+("[^"]*"|'[^']*'))"""
                       r"""\s*("[^"]*"|'[^']*')""")  # fmt: skip


def _undeclared(data: bytes, exc: etree.XMLSyntaxError) -> frozenset[str]:
    """The entities a file without a DOCTYPE uses (a chapter of a book, whose DOCTYPE
    declares them: &ldquo;, &product;), where that is what made it unreadable."""
    if "not defined" not in str(exc.msg) or "<!DOCTYPE" in prolog(data):
        return frozenset()
    return frozenset(m.group()[1:-1].decode("utf-8", "replace") for m in
                     _ENTITY_BYTES.finditer(data))  # fmt: skip


def _unreadable(
    data: bytes, path: Path, vocabulary: Vocabulary, exc: etree.XMLSyntaxError
) -> DocumentError:
    """Why a file is no XML Quire reads: SGML DocBook (its DOCTYPE says so), entities that
    would expand (a billion laughs), or what libxml2 found, and where."""
    name = vocabulary.sgml
    sgml = None if name is None else re.search(_SGML.format(name=name), prolog(data), re.I)
    if sgml is not None:
        return DocumentError(
            f"This is SGML {name} ({sgml.group(1)}), not XML",
            path=path,
            hint="Convert it to XML first (osx from OpenSP, or sgml2xml), then translate "
            "the XML file",
            message_id="document.sgml_docbook",
            params={"public": sgml.group(1)},
        )
    refusal = xml_refusal(exc, data)
    return DocumentError(
        f"This is not well-formed XML: {refusal.what} (line {refusal.line})",
        path=path,
        hint=f"Check it with {vocabulary.editor}, then retry",
        message_id="document.bad_xml",
        params={"line": refusal.line},
    )


def _no_text(source: str, path: Path) -> None:
    """A book whose text is all in the files its entities name (``<book>&bookinfo;
    &chapter1;</book>``): said so, naming them, rather than "no text"."""
    subset_end = source.find("]>")
    body = source[subset_end + 2 :] if subset_end >= 0 else source
    used = [n for n in dict.fromkeys(_ENTITY.findall(body)) if n not in _XML_ENTITIES]
    files = {m.group(2): m.group(4)[1:-1] for m in _EXTERNAL.finditer(source) if not m.group(1)}
    modules = [m.group(4)[1:-1] for m in _EXTERNAL.finditer(source) if m.group(1)]
    if not used:
        return
    named = [files.get(n, f"&{n};") for n in used]
    if any(n not in files for n in used) and modules:
        named.append("declared in " + ", ".join(modules))
    listed = ", ".join(named)
    raise DocumentError(
        f"This book's text is in the files its entities name ({listed})",
        path=path,
        hint="Translate each of those files",
        message_id="document.text_in_entities",
        params={"files": listed},
    )


__all__ = ["ProseXmlDocument", "Vocabulary", "read_as"]
