"""HTML: text nodes, grouped into one unit per block so inline tags (<b>, <a>, ...) stay inside
a sentence, plus ``alt`` and ``title`` values; a shadow root's content as the page's, an inline
SVG's text as the SVG reader reads a drawing's. Scripts, styles, <pre>, <code>, <textarea>, an
ordinary <template> and anything marked ``translate="no"`` are never touched; every byte
outside the translated text is kept (an unchanged piece is written back exactly as it was,
entities included). Inside a sentence, such an untouched inline element (``<code>``,
``<kbd>``, a name marked ``translate="no"``, a footnote's number and the link back from its
note) is seen by the translator as a placeholder where it stands, and a line break (``<br>``)
as one; both stay in place in the translated sentence. A comment inside a sentence is kept
where it stands, the sentence one unit."""

from __future__ import annotations

import bisect
import html
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from engine.api import Note
from engine.documents.base import (
    FIELD,
    Document,
    Unit,
    decode_text,
    edited,
    line_starts,
    split_like,
)
from engine.documents.errors import DocumentError
from engine.documents.language import (
    NO_LANGUAGE,
    READ_CHARS,
    foreign,
    primary_language,
    reads_as,
    target_language,
)
from engine.documents.lines import split_at_markup
from engine.documents.marked import kept_note, written_in_mark
from engine.documents.runs import Run, after_breaks, distribute, field_order, fields, renumbered
from engine.documents.xmlspans import MARKUP
from engine.text.encoding import UTF8, EncodedText, TextEncoding

if TYPE_CHECKING:
    from engine.documents.svg import SvgDocument

# Inline elements continue the sentence around them; any other tag ends a unit.
INLINE = frozenset(
    [
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "br",
        "cite",
        "code",
        "data",
        "del",
        "dfn",
        "em",
        "font",
        "i",
        "img",
        "ins",
        "kbd",
        "label",
        "mark",
        "math",
        "q",
        "rb",
        "ruby",
        "s",
        "samp",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "time",
        "tt",
        "u",
        "var",
        "wbr",
    ]
)
# A ruby's readings (furigana: <ruby>智<rt>ち</rt></ruby>) and the parentheses a reader
# without ruby shows around them: the base is the sentence's text, a reading is not sent
# (Kusamakura's sentences went out as "智", "ち", "に働けば": 14,929 units for a short novel).
# A translated sentence drops its ruby, readings and all: a reading says how to read the
# source's word, which the translation no longer has, and a <ruby> left around a share of
# its words would cut them where the source's base happened to end.
READINGS = frozenset(["rt", "rp", "rtc"])
# Classes that mark what is never translated: Google Translate's and Sphinx's "notranslate"
# on any element; on an inline one, docutils' literals (<span class="docutils literal">) and
# Sphinx's code spans in API signatures (<span class="pre">), which on a block (a site's own
# <p class="pre">) need not be code.
NO_TRANSLATE_CLASSES = frozenset(["notranslate"])
CODE_CLASSES = frozenset(["literal", "pre"])
# A footnote's reference and its way back, kept as they are (a number or an arrow a
# translation would drop or move): marked by DPUB-ARIA roles (pandoc), EPUB 3's epub:type
# (pandoc, LibreOffice, Calibre) or the producer's classes (pandoc's, LibreOffice's HTML).
NOTE_ROLES = frozenset(["doc-noteref", "doc-backlink", "noteref", "backlink"])
NOTE_CLASSES = frozenset(
    ["footnote-ref", "footnote-back", "sdfootnoteanc", "sdfootnotesym", "sdendnoteanc",
     "sdendnotesym", "noteref"]
)  # fmt: skip
# A printed book's page number where its page began (Project Gutenberg's
# ``<span class="pagenum"><a id="Page_12">[12]</a></span>`` inside a sentence, EPUB 3's and
# DPUB-ARIA's page breaks): kept where it stands, seen as a placeholder (the "[12]" slid into
# the sentence, a word into the margin).
PAGE_CLASSES = frozenset(["pagenum"])
PAGE_ROLES = frozenset(["pagebreak", "doc-pagebreak"])
# A number in roman numerals, as the Z39.98 vocabulary marks it (Standard Ebooks' chapter
# numbers, <h2 epub:type="z3998:ordinal z3998:roman">I</h2>, and "Louis XIV"): a model read
# "I" as the pronoun ("Ich").
ROMAN_TYPES = frozenset(["z3998:roman"])
# Never translated: their content is code, not prose, or data: a <textarea>'s is the field's
# value, which its form sends (as an <input>'s ``value``; the words a reader is given there to
# read are its ``placeholder``).
SKIP = frozenset(
    ["script", "style", "pre", "code", "textarea", "kbd", "samp", "var", "svg", "math", "template",
     "xml"]
)  # fmt: skip
# (<xml>: the data island of a page saved by Word or Outlook, in a conditional comment: its
# author, its settings: <o:PixelsPerInch>96</o:PixelsPerInch>.)
# A <template> that is a shadow root is no template: the page shows its content where the
# element stands (a web component's text). The standard's declarative form says
# ``shadowrootmode``, Chromium's earlier one ``shadowroot``, and Chromium saves every shadow
# root of a page as ``shadowmode`` in an MHTML archive. Any other template is kept.
SHADOW_ROOT = ("shadowrootmode", "shadowmode", "shadowroot")


def shadow_root(tag: str, attributes: Mapping[str, str]) -> bool:
    """Whether a ``tag`` element with ``attributes`` is a shadow root (``SHADOW_ROOT``): a
    <template> whose content is shown, read as the page's own."""
    return tag == "template" and any(a in attributes for a in SHADOW_ROOT)


VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)
# Elements whose content is text only: markup inside them would show as text.
TEXT_ONLY = frozenset(["title", "option", "textarea", "desc"])
# What a picture drawn in SVG says of itself, a screen reader's name and description of it:
# text, in a drawing that is otherwise never translated.
SVG_TEXT = frozenset(["title", "desc"])
# Attributes whose values are words a reader sees or hears: a picture's description, a
# tooltip, a screen reader's names and descriptions (ARIA), a field's hint.
TEXT_ATTRIBUTES = ("alt", "title", "aria-label", "aria-description", "aria-roledescription",
                   "aria-placeholder", "placeholder")  # fmt: skip
# Elements whose ``label`` is shown (a subtitle track's in the player's menu, a group of a
# list's choices) and the inputs whose ``value`` is a button's text (another input's value is
# data: a form's, never translated).
LABELLED = frozenset(["track", "optgroup", "option"])
BUTTONS = frozenset(["submit", "button", "reset"])
# The <meta> whose ``content`` a search engine's result or a link's preview shows (Open
# Graph's and Twitter's cards). Keywords are not: search engines ignore them, and a
# translated list of them is no longer the list a site's own search was given.
DESCRIBING = frozenset(["description", "og:title", "og:description", "og:image:alt",
                        "twitter:title", "twitter:description", "twitter:image:alt"])  # fmt: skip


def translatable(tag: str, attributes: Mapping[str, str]) -> tuple[str, ...]:
    """The names of the attributes of a ``tag`` element with ``attributes`` whose values
    are text to translate (lower case, in a fixed order)."""
    if tag == "meta":
        said = attributes.get("name") or attributes.get("property") or ""
        return ("content",) if said.strip().lower() in DESCRIBING else ()
    names: tuple[str, ...] = TEXT_ATTRIBUTES
    if tag in LABELLED:
        names += ("label",)
    if tag == "input" and attributes.get("type", "").strip().lower() in BUTTONS:
        names += ("value",)
    return names


@dataclass
class Piece:
    """A stretch of a block's source: words to translate, or a fixed piece kept as it is."""

    start: int
    end: int
    raw: str
    text: str
    quote: bool = False  # an attribute value: quotes are escaped too
    bare: bool = False  # an unquoted attribute value: quoted when it changes
    plain: bool = False  # inside an element that holds only text (<title>, <option>)
    # A fixed piece, kept as it is: a line break (``text`` "\n") or an untouched inline
    # element showing ``shown`` (``text``: its placeholder, numbered when its unit is made).
    fixed: bool = False
    shown: str | None = None
    hidden: bool = False  # a comment inside a sentence: fixed, shown nowhere
    nested: bool = False  # text inside an inline element (<span>, <em>), not the block's own
    # A label or metadata (aria-label, a placeholder, a <meta>'s description): translated,
    # not read by summarize, ask and classify (it repeats the page's words, or is chrome).
    unread: bool = False

    @property
    def writable(self) -> bool:
        return not self.fixed


def _word_made(tag: str, named: Mapping[str, str]) -> bool:
    """Whether a start tag says the page is Word's HTML: the ``<div class=WordSection1>``
    (``Section1`` before Word 2007) that holds its body, or ``<meta name=Generator
    content="Microsoft Word 15 (filtered medium)">`` as Outlook writes a message."""
    if tag == "div":
        return re.fullmatch(r"(?:Word)?Section\d+", named.get("class", "").strip()) is not None
    if tag == "meta" and named.get("name", "").lower() == "generator":
        return named.get("content", "").startswith("Microsoft Word")
    return False


class _Collector(HTMLParser):
    def __init__(self, source: str, language: str | None = None) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.lines = [0] + [m.end() for m in re.finditer("\n", source)]
        self.offsets: list[int] = []
        self.kinds: list[tuple[str, str, bool]] = []  # (kind, tag, skipped)
        self.attributes: list[list[Piece]] = []
        self.skip: list[str] = []
        # An untouched inline element's start event → its end event (outermost ones only).
        self.atoms: dict[int, int] = {}
        self._atom: int | None = None
        # The start events of elements marked not to translate: their language stands.
        self.kept: set[int] = set()
        self.label: str | None = None  # an SVG's <title> or <desc> being read
        # The drawings (<svg>) in the page's text: where each starts, and ends after its end
        # tag; the one being read.
        self.drawings: list[tuple[int, int]] = []
        self._drawing: int | None = None
        # The page's language (its primary subtag): what its text reads as, else what
        # <body> or else <html> names.
        self.language = language
        self.read = language is not None
        self.marked: Counter[str] = Counter()  # elements kept for their language, by it
        # Whether the page is Word's (Outlook's editor: its <div class=WordSection1>, its
        # Generator <meta>), whose inline ``lang`` is the proofing language of the keyboard
        # or of Office, not an author's mark.
        self.word = False

    def _at(self) -> int:
        line, column = self.getpos()
        return self.lines[line - 1] + column

    def _event(self, kind: str, tag: str = "") -> None:
        self.offsets.append(self._at())
        self.kinds.append((kind, tag, bool(self.skip) and self.label is None))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, void=tag in VOID)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, void=True)

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], void: bool) -> None:
        self._event("start", tag)
        marks = NO_TRANSLATE_CLASSES | CODE_CLASSES if tag in INLINE else NO_TRANSLATE_CLASSES
        named = {k: (v or "") for k, v in attrs} if attrs else {}
        said = named.get("lang") or named.get("xml:lang")
        page = tag in ("html", "body")
        if named and _word_made(tag, named):
            self.word = True
        if page and said and not self.read and (self.language is None or tag == "body"):
            # (the body's, where it names another than <html>: what the page's text is in)
            found = target_language(said)
            self.language = found.language if found is not None else self.language
        no = bool(named) and (
            named.get("translate", "").lower() == "no"
            or (said is not None and not page and self._foreign(tag, said))
            or not marks.isdisjoint(named.get("class", "").split())
            or (tag == "a" and self._note_link(named))
            or page_number(named)
            or roman(named)
        )
        raw = self.get_starttag_text() or ""
        start = self.offsets[-1]
        if no:
            self.kept.add(len(self.offsets) - 1)
        if not self.skip and not no:
            wanted = translatable(tag, named)
            self.attributes += [[p] for p in attribute_pieces(raw, start, wanted) if p.text.strip()]
        if not void and drawing_label(tag, self.skip):
            self.label = tag
        shown = shadow_root(tag, named)
        if tag == "svg" and not void and not self.skip and not no:
            self._drawing = start
        if not void and ((tag in SKIP and not shown) or no or tag in READINGS):
            if not self.skip and (tag in INLINE or tag in READINGS):
                self._atom = len(self.offsets) - 1
            self.skip.append(tag)

    def _foreign(self, tag: str, said: str) -> bool:
        """Whether the element starting here is marked as in another language than the
        page's and written in it (its text up to its first end tag: a stray mark, a
        paragraph pasted from an e-mail, is translated)."""
        if not foreign(said, self.language) or self.language is None:
            return False
        start = self._at() + len(self.get_starttag_text() or "")
        end = self.source.find(f"</{tag}", start)
        text = html.unescape(_TAG.sub(" ", self.source[start : end if end >= 0 else None]))
        # (in Word's page, a phrase's mark is judged as a paragraph's is: kept where its
        # text surely reads as the language marked, as a .docx's runs are)
        inside = tag in INLINE and not self.word
        if self.word and not any(c.isalpha() for c in text):
            return False  # (Word's marks on a rule of underscores, an empty <o:p>: no words)
        if not written_in_mark(text, said, self.language, inside=inside):
            return False
        self.marked[primary_language(said)] += 1
        return True

    def _note_link(self, attributes: Mapping[str, str]) -> bool:
        def shown() -> str:
            start = self._at() + len(self.get_starttag_text() or "")
            end = self.source.find("</a", start)
            return html.unescape(_TAG.sub("", self.source[start:end])) if end >= 0 else "x"

        return note_link(attributes, shown)

    def handle_endtag(self, tag: str) -> None:
        if tag == self.label:
            self.label = None
        self._event("end", tag)
        if tag in self.skip:
            while self.skip.pop() != tag:
                pass
            if not self.skip and self._atom is not None:
                self.atoms[self._atom] = len(self.offsets) - 1
                self._atom = None
            if not self.skip and self._drawing is not None:
                end = self.source.find(">", self.offsets[-1])
                self.drawings.append((self._drawing, end + 1 if end >= 0 else len(self.source)))
                self._drawing = None

    def handle_data(self, data: str) -> None:
        self._event("text")

    def handle_entityref(self, name: str) -> None:
        self._event("text")

    def handle_charref(self, name: str) -> None:
        self._event("text")

    def handle_comment(self, data: str) -> None:
        self._event("comment")

    def handle_decl(self, decl: str) -> None:
        self._event("other")

    def handle_pi(self, data: str) -> None:
        self._event("other")

    def unknown_decl(self, data: str) -> None:
        self._event("other")


def note_link(attributes: Mapping[str, str], shown: Callable[[], str]) -> bool:
    """Whether a link (``attributes``, ``shown()`` its text) leads to or back from a note:
    marked as one, or a link to a place in the page or another of the book whose text
    holds no letter ("1", "[2]", "↩︎": Word's and LibreOffice EPUB's notes, Calibre's in the
    chapter's own file)."""
    marks = {*attributes.get("role", "").split(), *attributes.get("epub:type", "").split()}
    if not NOTE_ROLES.isdisjoint(marks):
        return True
    if not NOTE_CLASSES.isdisjoint(attributes.get("class", "").split()):
        return True
    href = attributes.get("href", "")
    if "#" not in href or "://" in href or href.startswith("mailto:"):
        return False
    text = shown()
    return bool(text.strip()) and not any(c.isalpha() for c in text)


def page_number(attributes: Mapping[str, str]) -> bool:
    """Whether an element is a printed page's number (``PAGE_CLASSES``, ``PAGE_ROLES``)."""
    marks = {*attributes.get("role", "").split(), *attributes.get("epub:type", "").split()}
    classes = attributes.get("class", "").split()
    return not PAGE_ROLES.isdisjoint(marks) or not PAGE_CLASSES.isdisjoint(classes)


def roman(attributes: Mapping[str, str]) -> bool:
    """Whether an element is a number in roman numerals (``ROMAN_TYPES``)."""
    return not ROMAN_TYPES.isdisjoint(attributes.get("epub:type", "").split())


class HtmlDocument(Document):
    encoding: TextEncoding

    def __init__(
        self,
        path: Path,
        source: str,
        encoding: TextEncoding,
        units: list[list[Piece]],
        declarations: Sequence[tuple[int, int, str]] = (),
        scopes: Mapping[int, tuple[int, int]] | None = None,
        rubies: Mapping[int, Sequence[tuple[int, int]]] | None = None,
    ) -> None:
        self.path, self.source, self.encoding = path, source, encoding
        # XHTML (its name says, or an XML declaration): a bilingual copy's line break is
        # written as XML (``<br/>``; an XHTML reader refuses ``<br>``, an HTML one takes both).
        xml = path.suffix.lower() in (".xhtml", ".xht") or source.lstrip("\ufeff").startswith(
            "<?xml"
        )
        self.br = "<br/>" if xml else "<br>"
        # The languages the page names, to name the translation's instead: (start, end,
        # attribute name) of each ``lang`` and ``xml:lang`` outside code and scripts, and
        # (start, start, "") after ``<html`` where the page names none.
        self.declarations = list(declarations)
        # A declaration's element (by the declaration's start): where it starts and ends.
        self.scopes = dict(scopes or {})
        # A unit's ruby markup (by its first piece's start): its tags and readings, which its
        # translation goes without (``READINGS``).
        self.rubies = dict(rubies or {})
        units.sort(key=lambda pieces: pieces[0].start)
        self.pieces = units
        # The page's drawings (an inline <svg>: the SVG reader's, and where it starts) and
        # the units of their text, by their first piece's start: (drawing, its unit).
        self.drawings: list[tuple[SvgDocument, int]] = []
        self.drawn: dict[int, tuple[int, int]] = {}
        self.units = tuple(
            Unit(
                f"p{n + 1}",
                "".join(p.text for p in pieces),
                tuple(p.text for p in pieces),
                fields=fields(pieces),
                read=not any(p.unread for p in pieces),
            )
            for n, pieces in enumerate(units)
        )

    def _encoded(self, text: str) -> EncodedText:
        """``text`` in the page's encoding. A page that declares no charset and becomes
        UTF-8 here (it was in a legacy code page the translation does not fit, or plain
        ASCII) gets ``<meta charset="utf-8">``: a browser reads such a page in its locale's
        code page (windows-1252 in the West; Firefox never guesses UTF-8 for a page from a
        server) and would show the translation as mojibake. A page that was UTF-8 already is
        left as its author had it."""
        if (
            text != self.source
            and self.encoding.declared is None
            and not self.encoding.bom
            and not text.isascii()
            and (self.encoding.codec != "utf-8" or self.source.isascii())
            and self.encoding.encode(text).encoding == "utf-8"
        ):
            text = _with_charset(text)
        return self.encoding.encode(text)

    def line(self, n: int) -> int | None:
        if self._starts is None:
            self._starts = line_starts(self.source)
        return bisect.bisect_right(self._starts, self.pieces[n][0].start)

    _starts: list[int] | None = None

    def render_bilingual(self, translations: Sequence[str]) -> EncodedText:
        """Each block keeps its source and shows the translation after a line break, in a
        ``<span class="quire-translation">``; attribute values and text-only elements
        (``<title>``) read "source / translation"."""
        self._check(translations)
        edits: list[tuple[int, int, str]] = []  # (start, end, replacement)
        for pieces, unit, text in zip(self.pieces, self.units, translations, strict=True):
            if text == unit.text or pieces[0].start in self.drawn:
                # (a drawing's text keeps its source: a line of a drawing has no room for a
                # second, and HTML's line break and span end the drawing where they stand)
                continue
            first, last = pieces[0], pieces[-1]
            if first.quote:  # alt / title: one piece, the value
                value = html.escape(f"{first.text} / {text}", quote=True)
                edits.append((first.start, first.end, f'"{value}"' if first.bare else value))
            elif first.plain:
                shown = unit.shown_in(text)
                edits.append((last.end, last.end, html.escape(f" / {shown}", quote=False)))
            else:
                span = _with_fixed(text, pieces, self.br)
                lang = ""
                if self.language is not None:  # (its direction too: Arabic beside English)
                    rtl = self.language.rtl
                    lang = f' lang="{self.language.tag}" dir="{"rtl" if rtl else "ltr"}"'

                edits.append(
                    (
                        last.end,
                        last.end,
                        f'{self.br}<span class="quire-translation"{lang}>{span}</span>',
                    )
                )
        return self._encoded(edited(self.source, edits))

    def render(self, translations: Sequence[str]) -> EncodedText:
        return self._encoded(self.render_text(translations))

    def render_text(self, translations: Sequence[str]) -> str:
        """The page with ``translations`` in place, as text: nothing added for a browser's
        sake (a fragment given to the local API comes back as a fragment)."""
        self._check(translations)
        replaced: list[tuple[Piece, str]] = []
        edits: list[tuple[int, int, str]] = []  # (start, end, replacement)
        drawn: dict[int, list[str]] = {}  # per drawing: its units' translations
        for unit, pieces, text in zip(self.units, self.pieces, translations, strict=True):
            if pieces[0].start in self.drawn:
                which, n = self.drawn[pieces[0].start]
                if which not in drawn:
                    drawn[which] = [u.text for u in self.drawings[which][0].units]
                drawn[which][n] = text
                continue
            if text != unit.text:
                edits += [(b, e, "") for b, e in self.rubies.get(pieces[0].start, ())]
            writable = [p for p in pieces if p.writable]
            parts = placed_parts(text, len(unit.fields), pieces, writable, edits)
            replaced.extend(zip(writable, parts, strict=True))
        for which, texts in drawn.items():  # (written as the SVG reader writes a drawing)
            drawing, at = self.drawings[which]
            edits += [(at + b, at + e, t) for b, e, t in drawing.edits(texts)]
        for piece, part in replaced:
            if part == piece.text:
                continue
            if piece.bare:
                edits.append((piece.start, piece.end, f'"{html.escape(part, quote=True)}"'))
            elif piece.quote:
                edits.append((piece.start, piece.end, html.escape(part, quote=True)))
            else:
                laid = relaid(part, html.unescape(piece.raw), piece.text)
                edits.append((piece.start, piece.end, html.escape(laid, quote=False)))
        if self.language is not None:
            value = f'"{self.language.tag}"'
            # A page translated into Arabic read left to right; one translated out of it kept
            # its dir="rtl" (its full stops at the wrong end of each line).
            direction = "rtl" if self.language.rtl else "ltr"
            starts = [pieces[0].start for pieces in self.pieces]
            for start, end, name in self.declarations:
                if start in self.scopes:
                    # An element whose text all kept its source (the translator failed on
                    # it) goes on saying its language.
                    begin, close = self.scopes[start]
                    inside = range(bisect.bisect_left(starts, begin),
                                   bisect.bisect_left(starts, close))  # fmt: skip
                    if inside and all(translations[i] == self.units[i].text for i in inside):
                        continue
                if name == DIRECTION:
                    edits.append((start, end, f'dir="{direction}"'))
                elif name == ADD_DIRECTION:
                    if self.language.rtl:
                        edits.append((start, end, ' dir="rtl"'))
                elif name == CONTENT_LANGUAGE:
                    edits.append((start, end, f"content={value}"))
                elif name == LOCALE:
                    edits.append((start, end, f'content="{self.language.locale}"'))
                else:
                    edits.append((start, end, f"{name}={value}" if name else f" lang={value}"))
        return edited(self.source, edits)


def language_attributes(source: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """The ``lang`` and ``xml:lang`` attributes of the start tag at ``source[start:end]``
    (however written, with a value or without): (start, end, name), the name "" for one that
    says there is no language (``zxx``, which stays). Attributes are read one after another,
    so a value that reads "lang=en" is never taken for one."""
    raw = source[start:end]
    name = re.match(r"<[^\s/>]+", raw)
    if name is None:
        return []
    found: list[tuple[int, int, str]] = []
    cursor = name.end()
    while (m := _ATTRIBUTE_ANY.match(raw, cursor)) is not None:
        value = (m[3] or "").strip("\"'").lower()
        if m[2].lower() in ("lang", "xml:lang"):
            found.append(
                (start + m.start(2), start + m.end(), "" if value == NO_LANGUAGE else m[2])
            )
        elif m[2].lower() == "dir":
            found.append((start + m.start(2), start + m.end(), f"{DIRECTION}={value}"))
        cursor = m.end()
    return found


_READ_ATTRIBUTES = frozenset(["alt", "title"])  # (a picture's words, read as the page's)


def attribute_pieces(raw: str, start: int, names: Sequence[str]) -> list[Piece]:
    """The values of the attributes named ``names`` of the start tag ``raw`` (at ``start``),
    each a piece. Attributes are read one after another, so a value that reads
    "title=x" is never taken for one."""
    pieces: list[Piece] = []
    tag = re.match(r"<[^\s/>]+", raw)
    cursor = tag.end() if tag is not None else len(raw)
    while (m := _ATTRIBUTE_ANY.match(raw, cursor)) is not None:
        cursor = m.end()
        if m[3] is None or m[2].lower() not in names:
            continue
        begin, end, value = m.start(3), m.end(3), m[3]
        bare = value[0] not in "\"'"
        if not bare:
            begin, end, value = begin + 1, end - 1, value[1:-1]
        unescaped = html.unescape(value)
        unread = m[2].lower() not in _READ_ATTRIBUTES
        pieces.append(
            Piece(start + begin, start + end, value, unescaped, True, bare, unread=unread)
        )
    return pieces


DIRECTION = "dir"  # a declaration that is a dir attribute, set to the target's direction
ADD_DIRECTION = "+dir"  # where the page's root gets one when its language reads right to left
# A <meta>'s content that names the page's language: a server's Content-Language
# (``http-equiv``), and Open Graph's locale (``en_US``), which a link's preview and a
# search engine read.
CONTENT_LANGUAGE = "+content-language"
LOCALE = "+locale"


def _meta_languages(source: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """The ``content`` of the <meta> at ``source[start:end]`` where it names the page's
    language (``CONTENT_LANGUAGE``, ``LOCALE``): (start, end, kind) of the attribute."""
    raw = source[start:end]
    said: dict[str, str] = {}
    content: tuple[int, int] | None = None
    cursor = len("<meta")
    while (m := _ATTRIBUTE_ANY.match(raw, cursor)) is not None:
        cursor = m.end()
        name = m[2].lower()
        if name == "content" and content is None:
            content = (start + m.start(2), start + m.end())
        elif name in ("http-equiv", "property", "name"):
            said[name] = (m[3] or "").strip("\"'").strip().lower()
    if content is None or not source[content[0] : content[1]].partition("=")[2].strip("\"' "):
        return []
    if said.get("http-equiv") == "content-language":
        return [(*content, CONTENT_LANGUAGE)]
    if "og:locale" in (said.get("property"), said.get("name")):
        return [(*content, LOCALE)]
    return []


def _directions(
    found: list[tuple[int, int, str]], tag: str, page: str
) -> list[tuple[int, int, str]]:
    """The ``dir`` attributes of one start tag that follow the page's direction ``page``:
    those that say it (a right-to-left page's paragraphs), not an island the other way (a
    phone number, code: ``dir="ltr"`` in Arabic), ``auto``, a ``bdo``'s (which reverses
    its text) or those of text marked as no language."""
    if tag == "bdo" or any(d[2] == "" for d in found):
        return []
    return [(b, e, DIRECTION) for b, e, name in found if name == f"{DIRECTION}={page}"]


# What a page's language is read from: its text, not its scripts, styles, code and tags (a
# template's lang="en" over a Spanish article; a review found its text all kept as foreign).
_TAG_OR_CODE = re.compile(
    r"<(script|style|code|pre)\b.*?</\1\s*>|<!--.*?-->|<[^>]*>|&\w+;", re.IGNORECASE | re.DOTALL
)
_PAGE_LANG = re.compile(
    r"<(?:html|body)\b[^>]*?\s(?:xml:)?lang\s*=\s*[\"']?([\w-]+)", re.IGNORECASE
)


def read(data: bytes, path: Path, *, encoding: str | None = None) -> Document:
    from engine.documents import mhtml  # (which reads its pages with this module)

    if mhtml.is_mhtml(data):  # (Internet Explorer's "Web Archive" saved under an .htm name)
        return mhtml.read(data, path)
    source, found = decode_text(data, path, "HTML", encoding=encoding, markup=True)
    try:
        return parse(source, found, path)
    except DocumentError as exc:
        if exc.message_id != "document.no_text" or not source.strip():
            raise
    # A page of markup alone (a site's redirect, a frame, a picture): one of the site's pages
    # all the same, written as it is, not failed.
    document = HtmlDocument(path, source, found, [], [], {})
    document.copied_without_text = True
    document.notes = (
        Note(
            f"{path.name} has no text to translate (only markup): it is copied as it is",
            "document.no_text_copied",
            {"name": path.name},
        ),
    )
    return document


def parse(source: str, found: TextEncoding, path: Path) -> HtmlDocument:
    """The page or fragment ``source``, already text (``found`` is how it was stored)."""
    if not source.strip():
        raise DocumentError(
            "The HTML file has no text",
            path=path,
            hint="The file is empty; give a page with text",
            message_id="document.no_text",
        )
    # A template's front matter (Jekyll's, Hugo's: "---\nlayout: default\n---") is no text:
    # the parser reads it as spaces, offsets and lines as they were.
    front = _FRONT_MATTER.match(source)
    parsed, matter = source, 0  # (where the page's own text may start)
    if front is not None:
        parsed = re.sub(r"[^\r\n]", " ", front.group()) + source[front.end() :]
        matter = front.end()
    if "[endif]" in parsed:
        parsed = _CONDITIONAL_MARKER.sub(_as_comment, parsed)
    head = parsed[:READ_CHARS]
    named = [m[1] for m in _PAGE_LANG.finditer(head)]
    collector = _Collector(parsed, reads_as(_TAG_OR_CODE.sub(" ", head), named))
    collector.feed(parsed)
    collector.close()
    ends = [*collector.offsets[1:], len(source)] if collector.offsets else []
    # A template (its syntax anywhere in the page): its code is kept; an attribute holding
    # some, alt="{{ site.title }} logo", is the template's. (Looked for once, not per unit.)
    templated = _TEMPLATE.search(source) is not None
    units: list[list[Piece]] = [
        u for u in collector.attributes if not (templated and _TEMPLATE.search(u[0].raw))
    ]
    current: list[Piece] = []
    ruby: list[tuple[int, int]] = []  # the current unit's ruby markup (READINGS)
    rubies: dict[int, list[tuple[int, int]]] = {}  # by its unit's start
    block = ""  # the last block-level tag opened: is the text inside <title> or <option>?

    def flush() -> None:
        kept = block_unit(source, _templated(current) if templated else current)
        if kept is not None:
            kept[0].plain = block in TEXT_ONLY
            units.append(kept)
            if ruby:
                rubies[kept[0].start] = list(ruby)
        current.clear()
        ruby.clear()

    events = zip(collector.offsets, ends, collector.kinds, strict=True)
    atom_end = -1  # the events of an untouched inline element are passed over
    depth = 0  # inline elements open around the text
    for n, (start, end, (kind, tag, skipped)) in enumerate(events):
        if n <= atom_end:
            continue
        if kind in ("start", "end") and tag in INLINE and tag not in VOID and not skipped:
            depth = depth + 1 if kind == "start" else max(0, depth - 1)
        if n in collector.atoms and tag in READINGS:
            atom_end = collector.atoms[n]  # (a reading: no text; dropped where translated)
            ruby.append((start, ends[atom_end]))
        elif n in collector.atoms:
            atom_end = collector.atoms[n]
            raw = source[start : ends[atom_end]]
            current.append(
                Piece(start, start + len(raw), raw, "", fixed=True, shown=shown_text(raw))
            )
        elif kind in ("start", "end") and tag in ("ruby", "rb") and not skipped:
            ruby.append((start, end))
        elif kind == "comment" and any(p.writable and p.text.strip() for p in current):
            # Inside a sentence (LibreOffice's HTML puts a comment where it was anchored):
            # kept where it stands, the sentence one unit; at its ends, left out of the unit.
            raw = source[start:end]
            current.append(Piece(start, end, raw, "", fixed=True, shown="", hidden=True))
        elif kind == "start" and tag == "br" and not skipped:
            current.append(Piece(start, end, source[start:end], "\n", fixed=True))
        elif kind == "text" and not skipped and end > start and start >= matter:
            text_piece(current, start, source[start:end], nested=depth > 0)
        elif (kind in ("start", "end") and tag not in INLINE) or kind in ("other", "comment"):
            flush()
            depth = 0
            if kind == "start" and tag not in VOID:
                block = tag
    flush()
    drawings, drawn = _drawings(source, collector.drawings, path, units)
    if not units:
        raise DocumentError(
            "The HTML file has no text",
            path=path,
            hint="It holds only markup, scripts or code; give a page with text",
            message_id="document.no_text",
        )
    declarations: list[tuple[int, int, str]] = []
    tags = list(zip(collector.offsets, ends, collector.kinds, strict=True))
    # The page's own direction: the outermost said, <html>'s, else <body>'s (a right-to-left
    # page says it on either), else left to right.
    page = "ltr"
    for b, e, (k, t, _s) in tags:
        if k == "start" and t in ("html", "body"):
            said = [d[2] for d in language_attributes(source, b, e) if d[2].startswith(DIRECTION)]
            if f"{DIRECTION}=rtl" in said or f"{DIRECTION}=ltr" in said:
                page = "rtl" if f"{DIRECTION}=rtl" in said else "ltr"
                break
    root = True
    closes, tops = _closes(tags)
    scopes: dict[int, tuple[int, int]] = {}
    for n, (start, end, (kind, tag, skipped)) in enumerate(tags):
        kept = skipped or tag in SKIP or n in collector.kept  # (code, translate="no")
        if kind == "start" and not kept:
            found_here = language_attributes(source, start, end)
            languages = [d for d in found_here if not d[2].startswith(DIRECTION)]
            declared = [d for d in languages if d[2]] + _directions(found_here, tag, page)
            declarations += declared
            if n not in tops:  # (the page's own, or a fragment's: it is the translation's)
                scopes.update((d[0], (start, closes.get(n, len(source)))) for d in declared)
            if tag == "meta":
                declarations += _meta_languages(source, start, end)
            if tag == "html" and root:
                root = False
                if not languages:  # the page's language, named nowhere: added
                    declarations.append((start + 5, start + 5, ""))
                if len(languages) == len(found_here):  # no dir at all (not even "auto")
                    declarations.append((start + 5, start + 5, ADD_DIRECTION))
    document = HtmlDocument(path, source, found, units, declarations, scopes, rubies)
    document.drawings, document.drawn = drawings, drawn
    # (a drawing's text keeps its source in a bilingual page: see render_bilingual)
    document.bilingual_kept = frozenset(
        n for n, pieces in enumerate(document.pieces) if pieces and pieces[0].start in drawn
    )
    note = kept_note(path, collector.marked)
    document.notes = (note,) if note else ()
    return document


def _drawings(
    source: str, places: Sequence[tuple[int, int]], path: Path, units: list[list[Piece]]
) -> tuple[list[tuple[SvgDocument, int]], dict[int, tuple[int, int]]]:
    """The page's drawings (``places``: where each <svg> starts and ends), each read by the
    SVG reader, and their text's units (a ``<text>``'s lines, a styled tspan a run; not code
    in a monospace typeface) added to ``units``: (drawing, its start) per drawing, and per
    unit added, by its first piece's start, its drawing and its unit there; a
    <foreignObject>'s HTML too. Its <title> and <desc> are the page's units already."""
    from engine.documents.svg import SvgDocument  # (which reads its HTML with this module)

    drawings: list[tuple[SvgDocument, int]] = []
    drawn: dict[int, tuple[int, int]] = {}
    for start, end in places:
        fragment = source[start:end]
        # A drawing written as HTML allows and XML does not (``<tspan dy=5>``, a tag never
        # closed) is kept as it is: the SVG reader would take such a tag for words.
        tags = _COMMENT_OR_CDATA.sub("", fragment)
        if any(MARKUP.match(tags, m.start()) is None for m in _TAG_START.finditer(tags)):
            continue
        try:
            drawing = SvgDocument(path, fragment, UTF8, zipped=False)
        except ValueError:  # (an element not closed: xmlspans.closing)
            continue
        taken = [  # (its unit, the unit's pieces in the page)
            (n, [replace(p, start=start + p.start, end=start + p.end) for p in pieces])
            for n, pieces in drawn_units(drawing)
        ]  # fmt: skip
        for n, pieces in taken:
            units.append(pieces)
            drawn[pieces[0].start] = (len(drawings), n)
        if taken:
            drawings.append((drawing, start))
    return drawings, drawn


def drawn_units(drawing: SvgDocument) -> list[tuple[int, list[Piece]]]:
    """The units of an inline drawing (the SVG reader's ``drawing`` of it) a page reads beside
    its <title>, <desc> and the <svg>'s own attributes, each with its pieces in the drawing's
    source: a <text>'s (its lines, a styled tspan a run; not code in a monospace typeface)
    and a <foreignObject>'s HTML (mermaid's labels, drawn in the page by its script). A web
    page's drawing (``_drawings``) and an EPUB page's are read by this alike."""
    from engine.documents.svg import SvgDocument  # (which reads its HTML with this module)

    assert isinstance(drawing, SvgDocument)
    taken: list[tuple[int, list[Piece]]] = []
    for n in drawing.drawn:
        places = drawing.places[n]
        assert places is not None  # (a <text>'s own pieces)
        taken.append((n, [Piece(p.start, p.end, drawing.source[p.start : p.end], p.text,
                                fixed=p.fixed) for p in places]))  # fmt: skip
    for place in drawing.embedded:
        if isinstance(place.document, HtmlDocument):
            at = place.start
            for k, inner in enumerate(place.document.pieces):
                moved = [replace(p, start=at + p.start, end=at + p.end) for p in inner]
                taken.append((place.first + k, moved))
    return taken


def drawing_label(tag: str, skipped: Collection[str]) -> bool:
    """Whether an element inside an inline drawing is its text for a screen reader: a
    <title> or <desc> wherever it stands (the drawing's, a <text>'s or an <image>'s tooltip)
    but inside an element never read (a <style>, a <script>); ``skipped``: the tags skipped
    from the drawing down to it, the drawing's <svg> one of them."""
    return tag in SVG_TEXT and set(skipped) == {"svg"}


_TAG_START = re.compile(r"</?[A-Za-z]")
_COMMENT_OR_CDATA = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>", re.S)


# Elements whose end tag a page may leave out: one ends where the next of its kind begins.
_OPTIONAL_END = frozenset(["p", "li", "dt", "dd", "tr", "td", "th", "option"])


def _closes(
    tags: Sequence[tuple[int, int, tuple[str, str, bool]]],
) -> tuple[dict[int, int], set[int]]:
    """Where each element (by its start event) ends: its end tag's start; an element whose
    end tag is left out, where the next of its kind or its parent's end tag begins. And the
    page's own elements: <html>, <body> and those outside any other (a fragment's)."""
    closes: dict[int, int] = {}
    tops: set[int] = set()
    open_: list[tuple[str, int]] = []
    for n, (start, _end, (kind, tag, _skipped)) in enumerate(tags):
        if kind == "start":
            if open_ and open_[-1][0] == tag and tag in _OPTIONAL_END:
                closes[open_.pop()[1]] = start
            if tag in ("html", "body") or not open_:
                tops.add(n)
            if tag not in VOID:
                open_.append((tag, n))
        elif kind == "end" and any(t == tag for t, _ in open_):
            while open_:
                name, at = open_.pop()
                closes[at] = start
                if name == tag:
                    break
    return closes, tops


# One attribute of a start tag: the space before it, its name, and its value however it is
# quoted (or none).
_ATTRIBUTE_ANY = re.compile(r"""(\s+)([^\s"'=<>/]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
_HEAD = re.compile(r"<head(?:\s[^>]*)?>", re.IGNORECASE)
_HTML = re.compile(r"<html(?:\s[^>]*)?>", re.IGNORECASE)
# What may come before the document's first element: whitespace, comments, a doctype.
_PROLOGUE = re.compile(r"(?:\s+|<!--.*?-->|<!doctype[^>]*>|<\?.*?\?>)*", re.IGNORECASE | re.DOTALL)


def _with_charset(text: str) -> str:
    """``text`` with ``<meta charset="utf-8">`` where a browser looks for it: right after
    ``<head>``, else after ``<html>``, else after the comments and doctype that open the
    page; never before the doctype (that would put browsers in quirks mode)."""
    meta = '<meta charset="utf-8">'
    start = _PROLOGUE.match(text)
    opening = start.end() if start else 0
    for pattern in (_HEAD, _HTML):
        found = pattern.match(text, opening)
        if pattern is _HEAD and found is None:
            html_tag = _HTML.match(text, opening)
            if html_tag is not None:
                after = _PROLOGUE.match(text, html_tag.end())
                found = _HEAD.match(text, after.end() if after else html_tag.end())
        if found:
            return text[: found.end()] + meta + text[found.end() :]
    head = _HEAD.search(text, opening, opening + 4096)  # after a first element, even
    if head is not None:
        return text[: head.end()] + meta + text[head.end() :]
    return text[:opening] + meta + text[opening:]


def shown_text(raw: str) -> str:
    """What an untouched element shows: its text, without its tags; a formula's, as its
    author typed it (MathML's annotation: pandoc's TeX) where it has one."""
    typed = _ANNOTATION.search(raw)
    if typed is not None and typed.group(1).strip():
        raw = typed.group(1)
    return " ".join(html.unescape(_TAG.sub("", raw)).split())


_TAG = re.compile(r"<[^>]*>")
_ANNOTATION = re.compile(r"<annotation\b[^>]*>(.*?)</annotation>", re.DOTALL)


# A template's own syntax inside a page's text (Jinja's and Liquid's, as MkDocs' overrides,
# Jekyll and Django write them): seen as placeholders, written back as they were.
_TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n[\s\S]*?\n---[ \t]*(?:\r?\n|\Z)")
# The markers of what Outlook for Windows alone shows (``<!--[if mso]>…<![endif]-->``, Internet
# Explorer's conditional comments): an e-mail's button drawn in VML (``<v:roundrect>…<center>
# Shop the sale</center>``), a Word page's text box. A page read in a browser sees a comment;
# Outlook its content, which is read as the page is (its markers as comments of their
# length: offsets stay), so that a reader in Outlook is not left the English button. Not
# the other kind, ``<!--[if !mso]><!-->…<!--<![endif]-->``, which every parser reads.
_CONDITIONAL_MARKER = re.compile(r"<!--\[if [^\]<>]*\]>(?!<!-->)|(?<!<!--)<!\[endif\]-->", re.I)


def _as_comment(marker: re.Match[str]) -> str:
    return "<!--" + " " * (len(marker.group()) - 7) + "-->"


def as_seen(runs: Sequence[Run]) -> list[str | None]:
    """The text of each of a unit's runs as a reader sees it (None for a fixed one): the
    markup's whitespace, its newlines and tabs (Standard Ebooks sets each line of a poem on
    its own, indented: ``<span>line</span>\n\t\t<br/>\n\t\t<span>line</span>``), collapsed
    to one space, none at a line's two ends (beside a ``<br>``) nor after another space.
    The translator saw them as line breaks of their own, and each line of the translation
    went into the element before it. A run left empty is the layout's alone."""
    out: list[str | None] = []
    spaced = True  # (after a space, a line break, or at the start)
    before = ""  # the last character seen since a fixed piece (for ``_segment_break``)
    for n, run in enumerate(runs):
        if not run.writable:
            out.append(None)
            spaced = spaced if run.shown == "" else run.text == "\n"
            before = before if run.shown == "" else ""
            continue
        text = _collapsed(run.text, before, _next_seen(runs, n + 1))
        if run.text.strip(_LAYOUT):
            before = run.text.rstrip(_LAYOUT)[-1]
        if spaced:
            text = text.lstrip(" ")
        following = runs[n + 1] if n + 1 < len(runs) else None
        if following is None or (not following.writable and following.text == "\n"):
            text = text.rstrip(" ")  # (at a line's end, as at the block's)
        spaced = text.endswith(" ") if text else spaced
        out.append(text)
    return out


# HTML's collapsible whitespace (not a no-break space, nor the others Unicode counts).
_COLLAPSIBLE = re.compile(r"[ \t\n\r\f]+")
_LAYOUT = " \t\n\r\f"


def _collapsed(text: str, before: str, after: str) -> str:
    """``text``'s collapsible whitespace as a reader sees it: one space, or none for a line
    break between two East Asian wide characters (``_segment_break``). ``before`` and
    ``after``: the characters seen before and after ``text`` ("" for none)."""

    def seen(m: re.Match[str]) -> str:
        left = text[m.start() - 1] if m.start() else before
        right = text[m.end()] if m.end() < len(text) else after
        return "" if _segment_break(m.group(), left, right) else " "

    return _COLLAPSIBLE.sub(seen, text)


def _segment_break(space: str, left: str, right: str) -> bool:
    """Whether the whitespace ``space`` between ``left`` and ``right`` is a line break a
    reader shows as nothing: between two East Asian wide characters, neither Hangul (CSS
    Text 3's segment break transformation). Calibre's ``圧<rt>おさ</rt>\r\n</ruby>\r\n
    えつけていた`` read "圧 えつけていた", a space inside a Japanese word."""
    if "\n" not in space and "\r" not in space:
        return False
    return all(
        c and unicodedata.east_asian_width(c) in "FWH" and not _HANGUL.match(c)
        for c in (left, right)
    )


_HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7ff]")


def _next_seen(runs: Sequence[Run], start: int) -> str:
    """The first character a reader sees in ``runs`` from ``start`` up to a fixed piece
    ("" for none)."""
    for run in runs[start:]:
        if not run.writable:
            if run.shown == "":
                continue  # (a comment: shown nowhere)
            return ""
        if run.text.strip(_LAYOUT):
            return run.text.lstrip(_LAYOUT)[0]
    return ""


class Placed(Run, Protocol):
    """A piece of a unit in a markup file's source (a page's, a book's): where it is, what
    it was there, and whether it is inside an inline element."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def raw(self) -> str: ...
    @property
    def nested(self) -> bool: ...


def placed_parts(
    text: str,
    fields: int,
    pieces: Sequence[Placed],
    writable: Sequence[Placed],
    edits: list[tuple[int, int, str]],
) -> list[str]:
    """A unit's translation ``text`` cut into one part per ``writable`` piece. Where it moved
    a kept element (a phrase in French, inline code, a note's reference), the kept elements
    trade places, so that each stands where its placeholder does: their edits are added to
    ``edits``; where moving them would empty a piece, they stay where they were."""
    order = field_order(text, fields)
    moved = None
    if order is not None:
        moved = distribute(renumbered(text, order), pieces, split=split_inline)
        if emptied([(p.text, p.nested) for p in writable], moved):
            moved = None
    if order is None or moved is None:
        return distribute(text, pieces, split=split_inline)
    kept = [p for p in pieces if p.shown is not None]
    for n, (piece, number) in enumerate(zip(kept, order, strict=True)):
        if number != n:
            edits.append((piece.start, piece.end, kept[number].raw))
    return moved


def emptied(runs: Sequence[tuple[str, bool]], parts: Sequence[str]) -> bool:
    """Whether ``parts`` (a translation cut over the writable runs, each ``runs``' text and
    whether it is inside an inline element) leaves such an element that had words without
    any: kept elements trade places only where
    none is (a translation that moved every word left the linear algebra sample's
    ``<span class="ph cmtt-12">a </span>`` empty), else they stay where they were."""
    return any(
        nested and text.strip() and not part.strip()
        for (text, nested), part in zip(runs, parts, strict=True)
    )


def split_inline(text: str, runs: Sequence[str]) -> list[str]:
    """``text`` cut over a sentence's runs that meet at inline elements: every run with words
    gets words where there are enough (``split_at_markup``: the linear algebra sample's
    ``<span>a </span>`` came back empty); a stretch of one word as ``split_like`` cuts it,
    where its runs met (Alice's ``<em>you</em>\u2060—``: "YOU" and "\u2060—")."""
    initial = len(runs) > 1 and len(runs[0]) == 1 and runs[0].isalpha() and runs[1][:1].isalpha()
    if initial or (len(runs) > 1 and not _COLLAPSIBLE.search(text)):
        return split_like(text, runs)  # (a drop cap, "D" of "Das": split_like's own rule)
    return split_at_markup(text, runs)


def relaid(part: str, source: str, seen: str) -> str:
    """``part``, a run's share of a translation, with the layout of the run's ``source`` text
    (a newline and an indent, where a reader sees ``seen``'s one space) back where the part
    has a space: at its two ends, and between its words where it has as many spaces as
    ``seen`` (the paragraph's lines keep their breaks; a translation with other words keeps
    those at the ends). The layout is the markup's: a reader sees the same."""
    gaps = _COLLAPSIBLE.findall(source)
    if all(g == " " for g in gaps) or len(_COLLAPSIBLE.findall(seen)) != len(gaps):
        return part
    lead = source[: len(source) - len(source.lstrip(_LAYOUT))]
    trail = source[len(source.rstrip(_LAYOUT)) :] if source.strip(_LAYOUT) else ""
    inner = gaps[bool(lead) : len(gaps) - bool(trail)]
    core = part.strip(_LAYOUT)
    if not core:
        return part
    mine = _COLLAPSIBLE.findall(core)
    if len(mine) == len(inner):
        pieces = _COLLAPSIBLE.split(core)
        core = pieces[0] + "".join(g + w for g, w in zip(inner, pieces[1:], strict=True))
    start = lead if lead and part[:1] in _LAYOUT else part[: len(part) - len(part.lstrip(_LAYOUT))]
    end = trail if trail and part[-1:] in _LAYOUT else part[len(part.rstrip(_LAYOUT)) :]
    return start + core + end


def text_piece(pieces: list[Piece], start: int, raw: str, *, nested: bool) -> None:
    """The text ``raw`` (at ``start``) added to a block's ``pieces``: to the last where it
    ends there (text, then an entity: one piece), else a piece of its own."""
    last = pieces[-1] if pieces else None
    if last is not None and last.writable and last.end == start:
        last.raw, last.end = last.raw + raw, start + len(raw)
        last.text = html.unescape(last.raw)
    else:
        pieces.append(Piece(start, start + len(raw), raw, html.unescape(raw), nested=nested))


def block_unit(source: str, pieces: list[Piece]) -> list[Piece] | None:
    """A block's ``pieces`` as its unit: as a reader sees them, its ends' whitespace left
    out, its untouched elements numbered; None for a block without words."""
    if not any(p.writable and p.text.strip() for p in pieces):
        return None
    return numbered(seen_pieces(trimmed(source, after_breaks(pieces))))


class _Laid(Protocol):
    """A piece whose text and place in the source are trimmed to what a reader sees."""

    start: int
    end: int
    raw: str
    text: str

    @property
    def writable(self) -> bool: ...
    @property
    def shown(self) -> str | None: ...


L = TypeVar("L", bound=_Laid)


def seen_pieces(pieces: list[L]) -> list[L]:
    """``pieces`` with their text as a reader sees it (``as_seen``); one of layout alone is
    left out of the unit, and stays in the page (or book) as it is."""
    out: list[L] = []
    for piece, text in zip(pieces, as_seen(pieces), strict=True):
        if text is not None:
            if not text:
                continue
            # The layout at the piece's ends, seen as nothing, stays as it is: outside it.
            lead, trail = layout(piece.raw, text)
            piece.start, piece.end = piece.start + len(lead), piece.end - len(trail)
            piece.raw, piece.text = piece.raw[len(lead) : len(piece.raw) - len(trail)], text
        out.append(piece)
    return out


def layout(raw: str, seen: str) -> tuple[str, str]:
    """The whitespace at the two ends of ``raw`` that its text as seen (``seen``) has not."""
    lead = raw[: len(raw) - len(raw.lstrip(" \t\n\r\f"))] if seen[:1] != " " else ""
    trail = raw[len(raw.rstrip(" \t\n\r\f")) :] if seen[-1:] != " " else ""
    return lead, trail


def _templated(pieces: list[Piece]) -> list[Piece]:
    """``pieces`` with each stretch of template syntax in a text piece made a fixed piece
    showing it (``{{ site.description }}``, ``{% include footer.html %}``)."""
    out: list[Piece] = []
    for piece in pieces:
        if not piece.writable or piece.quote or not _TEMPLATE.search(piece.raw):
            out.append(piece)
            continue
        cursor = 0
        for m in _TEMPLATE.finditer(piece.raw):
            if m.start() > cursor:
                raw = piece.raw[cursor : m.start()]
                out.append(Piece(piece.start + cursor, piece.start + m.start(), raw,
                                  html.unescape(raw)))  # fmt: skip
            code = m.group()
            out.append(Piece(piece.start + m.start(), piece.start + m.end(), code, "",
                              fixed=True, shown=code))  # fmt: skip
            cursor = m.end()
        if cursor < len(piece.raw):
            raw = piece.raw[cursor:]
            out.append(Piece(piece.start + cursor, piece.end, raw, html.unescape(raw)))
    return out


def numbered(pieces: list[Piece]) -> list[Piece]:
    """The unit's untouched elements given their placeholders, numbered from 1."""
    count = 0
    for piece in pieces:
        if piece.shown is not None:
            count += 1
            piece.text = FIELD.format(count)
    return pieces


def _with_fixed(text: str, pieces: Sequence[Piece], br: str) -> str:
    """A translation as HTML: its text escaped, each placeholder the element it stands for
    (each element at most once: a repeated placeholder, or one of a number the unit has not,
    is dropped), each line break ``br``."""
    elements = [p.raw for p in pieces if p.shown is not None]
    out: list[str] = []
    used: set[int] = set()
    cursor = 0
    for match in _PLACEHOLDER.finditer(text) if elements else ():
        out.append(html.escape(text[cursor : match.start()], quote=False))
        number = int(match.group(1))
        if 0 < number <= len(elements) and number not in used:
            used.add(number)
            out.append(elements[number - 1])
        cursor = match.end()
    out.append(html.escape(text[cursor:], quote=False))
    escaped = "".join(out)
    if any(p.fixed and p.shown is None for p in pieces):
        escaped = escaped.replace("\n", br)
    return escaped


_PLACEHOLDER = FIELD.pattern()


def trimmed(source: str, pieces: list[Piece]) -> list[Piece]:
    """The unit's pieces without the whitespace and line breaks at its two ends (kept in
    the file as they are)."""
    kept = list(pieces)
    while kept and ((not kept[0].text.strip() and kept[0].shown is None) or kept[0].hidden):
        kept.pop(0)
    while kept and ((not kept[-1].text.strip() and kept[-1].shown is None) or kept[-1].hidden):
        kept.pop()
    first, last = kept[0], kept[-1]
    if first.raw != first.raw.lstrip():
        skip = len(first.raw) - len(first.raw.lstrip())
        first = Piece(first.start + skip, first.end, first.raw[skip:], "")
        first.text = html.unescape(first.raw)
        kept[0] = first
        if len(kept) == 1:
            last = first
    if last.raw != last.raw.rstrip():
        cut = len(last.raw) - len(last.raw.rstrip())
        last = Piece(last.start, last.end - cut, last.raw[: len(last.raw) - cut], "")
        last.text = html.unescape(last.raw)
        kept[-1] = last
    return kept


__all__ = [
    "HtmlDocument", "Piece", "attribute_pieces", "block_unit", "language_attributes", "numbered",
    "read", "text_piece",
]  # fmt: skip
