"""EPUB: the content documents in spine order (then the navigation document and the NCX table
of contents), each parsed as XML and translated the way .html is: one unit per block with its
inline tags inside, plus ``alt`` and ``title``; never scripts, styles, code or <pre> (inline
code, or a name marked ``translate="no"``, is seen as a placeholder in its sentence); an
inline drawing's text and a shadow root's content as .html reads them, and the book's SVG
files (a page of the spine, a picture) as an .svg file is read. Every other zip entry
(``mimetype`` first and stored, images, CSS, fonts) is copied byte for byte; the package's
own (its mimetype, description, narration, writing mode) is epub_package.py's. Books with DRM
(any file encrypted for a reader's key) are refused."""

from __future__ import annotations

import posixpath
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from html.entities import name2codepoint
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

from engine.api import Note
from engine.documents import svg
from engine.documents.base import Document, Unit, edited
from engine.documents.epub_package import (
    MIMETYPE,
    descriptions,
    encrypted,
    horizontal,
    markup,
    markup_text,
    narrated,
    retitled,
    vertical_kept,
    without_narration,
)
from engine.documents.errors import DocumentError
from engine.documents.html import (
    INLINE,
    READINGS,
    SKIP,
    as_seen,
    drawing_label,
    drawn_units,
    emptied,
    layout,
    note_link,
    page_number,
    relaid,
    roman,
    shadow_root,
    split_inline,
    translatable,
)
from engine.documents.language import (
    DC,
    NO_LANGUAGE,
    READ_CHARS,
    XML_LANG,
    Language,
    foreign,
    primary_language,
    reads_as,
    retag,
    target_language,
)
from engine.documents.marked import kept_note, written_in_mark
from engine.documents.package import (
    Package,
    Reparsed,
    Slot,
    copy_after,
    fields,
    fixed,
    local,
    mimetype_fault,
    numbered,
    remove_keeping_tail,
    shown_text,
    unwrap,
)
from engine.documents.runs import (
    after_breaks,
    distribute,
    field_order,
    renumbered,
    without_fields,
)
from engine.text.encoding import UTF8

XHTML = "http://www.w3.org/1999/xhtml"
_EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
OPF = "http://www.idpf.org/2007/opf"
CONTAINER = "urn:oasis:names:tc:opendocument:xmlns:container"
NCX = "http://www.daisy.org/z3986/2005/ncx/"
_XHTML_TYPES = frozenset(["application/xhtml+xml", "text/html"])
_NCX_TYPE = "application/x-dtbncx+xml"
_SVG_TYPE = "image/svg+xml"
# Blocks whose copy can follow them as a sibling in bilingual output; the translation of any
# other block (a table cell, a list item in a nav, a title, a figure's caption: a figure has
# one, and epubcheck refused a second; a heading, as in a bilingual .html page: a copy was a
# second heading in the book's outline) goes inside it after a line break.
_COPYABLE = frozenset(["p", "div", "blockquote"])


@dataclass
class _Drawing:
    """A drawing read by the SVG reader: an inline ``<svg>`` of a page (``element``), whose own
    text (its ``<text>``) is read so; or an SVG file of the book (a page of a picture book
    in the spine, a picture a page shows), all its text so."""

    part: str
    reader: svg.SvgDocument
    element: etree._Element | None = None

    def edits(self, translations: dict[int, str]) -> list[tuple[int, int, str]]:
        """The SVG reader's edits of its source that write ``translations`` (by unit) in."""
        texts = [translations.get(n, u.text) for n, u in enumerate(self.reader.units)]
        return self.reader.edits(texts)


@dataclass
class _Block:
    part: str
    slots: list[Slot]
    owner: etree._Element | None  # the block element; None for an attribute or NCX label
    attribute: str = ""
    element: etree._Element | None = None  # the attribute's element
    nested: bool = False  # the block holds other blocks as well
    head: bool = False
    # The elements its fields stand for, in order (an inline element kept as it is: a
    # phrase in French, code), which trade places where the translation moved them.
    kept: list[etree._Element] = field(default_factory=list)
    drawn: tuple[_Drawing, int] | None = None  # a drawing's unit (its SVG reader's, by number)

    @property
    def text(self) -> str:
        if self.drawn is not None:
            return self.drawn[0].reader.units[self.drawn[1]].text
        if self.element is not None:
            return str(self.element.get(self.attribute, ""))
        return "".join(s.text for s in self.slots)


@dataclass
class _Walker:
    part: str
    language: str | None  # the page's (its primary subtag): text in another stays
    blocks: list[_Block] = field(default_factory=list)
    current: list[Slot] = field(default_factory=list)
    owner: list[etree._Element] = field(default_factory=list)
    marked: Counter[str] = field(default_factory=Counter)  # elements kept for their language
    path: Path = Path("book.epub")
    # Inside an inline drawing: the tags skipped from its <svg> down (as html.py's reader
    # keeps them), by which its <title>s and <desc>s are read wherever they stand.
    skipping: list[str] | None = None

    def flush(self) -> None:
        current, self.current = after_breaks(self.current), []
        slots = numbered(current)
        if not any(s.element is not None and s.text.strip() for s in slots):
            return
        kept = [s.kept for s in current if isinstance(s, _Field)]
        owner = self.owner[-1] if self.owner else None
        nested = owner is not None and any(
            isinstance(e.tag, str) and local(e) not in INLINE for e in owner.iterdescendants()
        )
        # (a title's, or a drawing's title: its translation reads "source / translation")
        head = owner is not None and any(local(a) in ("head", "svg") for a in owner.iterancestors())
        self.blocks.append(
            _Block(self.part, _seen(_trimmed(slots)), owner, nested=nested, head=head, kept=kept)
        )

    def visit(self, element: etree._Element, skipped: bool) -> None:
        tag = local(element)
        if isinstance(element, etree._Entity):
            name = element.text.strip("&;") if element.text else ""
            if not skipped:
                self.current.append(fixed(chr(name2codepoint.get(name, 0x20))))
            return
        if not isinstance(element.tag, str) or tag in READINGS:
            # (comments and processing instructions, a ruby's readings: no text; their tail
            # continues)
            return
        # Inside an element never translated (a formula's MathML, a <pre>'s markup) nothing
        # starts a block: the element is one placeholder, or one block, as a whole.
        inline = tag in INLINE or skipped
        apart = not skipped and _marked_apart(element, self.language)
        if apart:
            self.marked[primary_language(element.get(XML_LANG) or element.get("lang") or "")] += 1
        no = skipped or apart or _untranslated(element, self.language, marks=False)
        if not inline:
            self.flush()
            self.owner.append(element)
        elif no and not skipped and tag != "br":
            # Inline code, a name not to translate: the translator sees its placeholder.
            shown = shown_text(element)
            if shown:
                self.current.append(_Field(None, shown=shown, kept=element))
        opened = tag == "svg" and not skipped
        pushed = (
            not opened
            and self.skipping is not None
            and (apart or _untranslated(element, self.language, marks=False))
        )
        outer = self.skipping
        if opened:
            self.skipping = ["svg"]
        elif pushed:
            self.skipping = [*(self.skipping or ()), tag]
        # (a drawing's own attributes, its aria-label, are read as a web page's are)
        if not no or (opened and not apart and not _marked_no(element)):
            for attribute in translatable(tag, _attributes(element)):
                if element.get(attribute, "").strip():
                    self.blocks.append(
                        _Block(self.part, [], None, attribute=attribute, element=element)
                    )
            if tag == "br":
                self.current.append(fixed("\n"))
            elif element.text:
                self.current.append(Slot(element))
        for child in element:
            # A drawing's titles and descriptions are text: a screen reader's name for it, a
            # tooltip of its <text> or <image>, read as html.py reads them.
            label = (
                self.skipping is not None
                and isinstance(child.tag, str)
                and drawing_label(local(child), self.skipping)
            )
            self.visit(child, no and not label)
            if not no and child.tail:
                self.current.append(Slot(child, tail=True))
        self.skipping = outer
        if not inline:
            self.flush()
            self.owner.pop()
        if tag == "svg" and not skipped and not apart and not _marked_no(element):
            self._drawing(element)

    def _drawing(self, element: etree._Element) -> None:
        """An inline drawing's own text (its ``<text>``), as the SVG reader reads a drawing
        and the HTML reader a page's: a line of it a line of the unit, a styled tspan a run,
        code in a monospace typeface kept. Its title and description were read above."""
        source = etree.tostring(element, encoding="unicode", with_tail=False)
        try:
            reader = svg.SvgDocument(self.path, source, UTF8, zipped=False)
        except ValueError:  # (an element not closed: xmlspans.closing; XML has none)
            return
        drawing = _Drawing(self.part, reader, element)
        for n, _pieces in drawn_units(reader):  # (its <text>s and <foreignObject>s' HTML)
            self.blocks.append(_Block(self.part, [], element, drawn=(drawing, n)))


def _kept_drawn(drawn: tuple[_Drawing, int]) -> bool:
    """Whether a drawing's unit keeps its source in a bilingual book: a page's inline
    drawing's, and an SVG file's drawn text (a line of a drawing has no room for a second)."""
    drawing, k = drawn
    return drawing.element is not None or k in drawing.reader.drawn


def _marked_no(element: etree._Element) -> bool:
    """Whether ``element`` is marked not to translate (``translate="no"``, "notranslate")."""
    return (
        element.get("translate", "").lower() == "no"
        or "notranslate" in element.get("class", "").split()
    )


def _marked_apart(element: etree._Element, language: str | None) -> bool:
    """Whether ``element`` is marked as in another language than the page's and written in
    it (a stray mark, a paragraph pasted from an e-mail, is translated)."""
    said = element.get(XML_LANG) or element.get("lang") or ""
    if language is None or not foreign(said, language):
        return False
    text = " ".join(element.itertext())
    return written_in_mark(text, said, language, inside=local(element) in INLINE)


def _untranslated(element: etree._Element, language: str | None, *, marks: bool = True) -> bool:
    """Code, a script, an element marked not to translate, text marked as in another language
    than the page's ``language`` and written in it (a quotation in French; not looked at
    without ``marks``: the caller did), or a link to or back from a note: its text and its
    language stay."""
    return (
        (local(element) in SKIP and not shadow_root(local(element), _attributes(element)))
        or (marks and _marked_apart(element, language))
        or _marked_no(element)
        or (local(element) == "a" and note_link(_attributes(element), lambda: _text(element)))
        or page_number(_attributes(element))
        or roman(_attributes(element))
    )


def _attributes(element: etree._Element) -> dict[str, str]:
    """An element's attributes by the names html.py reads (``epub:type``)."""
    return {
        "epub:type" if k == _EPUB_TYPE else str(k).rsplit("}", 1)[-1]: str(v)
        for k, v in element.items()
    }


def _text(element: etree._Element) -> str:
    return "".join(element.itertext())


def _declarable(root: etree._Element, language: str | None) -> Iterator[etree._Element]:
    """The elements whose text is translated (those under an untranslated one are not)."""
    stack = [root]
    while stack:
        element = stack.pop()
        if isinstance(element.tag, str) and not _untranslated(element, language):
            yield element
            stack.extend(element)


@dataclass(frozen=True)
class _Field(Slot):
    """A field (``package.field``) with the element it stands for."""

    kept: etree._Element | None = None


@dataclass(frozen=True)
class _Seen(Slot):
    """A run's text as a reader sees it (``as_seen``: the markup's newlines and tabs one
    space), written only where the translation changed it, the layout at its ends kept."""

    seen: str = ""
    lead: str = ""
    trail: str = ""
    core: str = ""  # the text between the two, as the markup has it

    @property
    def text(self) -> str:
        return self.seen

    def set(self, value: str) -> None:
        if value != self.seen:
            super().set(self.lead + relaid(value, self.core, self.seen) + self.trail)


def _seen(slots: list[Slot]) -> list[Slot]:
    """``slots`` with their text as a reader sees it; one of layout alone is left out of the
    unit, and stays in the page as it is."""
    out: list[Slot] = []
    for slot, text in zip(slots, as_seen(slots), strict=True):
        if text is not None and slot.element is not None:
            if not text:
                continue
            lead, trail = layout(slot.text, text)  # (a plain slot: its whole text)
            core = slot.text[len(lead) : len(slot.text) - len(trail)]
            slot = _Seen(slot.element, slot.tail, seen=text, lead=lead, trail=trail, core=core)
        out.append(slot)
    return out


def _trimmed(slots: list[Slot]) -> list[Slot]:
    """Without blank slots at the two ends (whitespace between blocks stays as it is)."""
    kept = list(slots)
    while kept and not kept[0].text.strip():
        kept.pop(0)
    while kept and not kept[-1].text.strip():
        kept.pop()
    return kept


class EpubDocument(Reparsed, Document):
    def __init__(self, path: Path, data: bytes) -> None:
        self.path = path
        self.package = Package(path, data, "EPUB book", "an EPUB editor such as Sigil or Calibre")
        self.mended = mimetype_fault(self.package, MIMETYPE[1])
        self.parts = self._parts()
        self._refuse_drm(self.parts)
        self._load()

    def _load(self) -> None:
        self.trees: dict[str, etree._Element] = {}
        self.blocks: list[_Block] = []
        self.drawings: dict[str, _Drawing] = {}  # the book's SVG files read, by part
        # Each page's language (its primary subtag), as it names it, else as the book does.
        self.languages: dict[str, str | None] = {}
        marked: Counter[str] = Counter()  # elements kept for their language, by it
        said = next(self.package.xml(self.opf).iter(f"{{{DC}}}language"), None)
        book = _primary(said.text if said is not None else None)
        for name, media_type in self.parts:
            if media_type == _SVG_TYPE:
                self._drawn(name)
                continue
            root = self.package.xml(name)
            _entities_as_text(root)
            self.trees[name] = root
            if media_type == _NCX_TYPE:
                for text in root.iter(f"{{{NCX}}}text"):
                    if (text.text or "").strip() and not len(text):
                        self.blocks.append(_Block(name, [Slot(text)], None))
            else:
                body = root.find(f"{{{XHTML}}}body")
                own = [  # (the body's first: what the page's text is in)
                    _primary(e.get(XML_LANG) or e.get("lang"))
                    for e in (body, root)
                    if e is not None
                ]
                # What the page's text reads as, where it names another (a template's lang).
                text = " ".join(body.itertext())[:READ_CHARS] if body is not None else ""
                read = reads_as(text, [*own, book])
                self.languages[name] = read or next((code for code in own if code), book)
                walker = _Walker(name, self.languages[name], path=self.path)
                head = root.find(f"{{{XHTML}}}head")
                title = head.find(f"{{{XHTML}}}title") if head is not None else None
                for element in (title, body):
                    if element is not None:
                        walker.visit(element, False)
                self.blocks.extend(walker.blocks)
                marked.update(walker.marked)
        self._metadata(book)
        note = kept_note(self.path, marked)
        self.notes = tuple(n for n in (note, self._mended_note()) if n is not None)
        units: list[Unit] = []
        counts: dict[str, int] = {}
        for block in self.blocks:
            counts[block.part] = counts.get(block.part, 0) + 1
            if block.drawn is not None:
                drawn = block.drawn[0].reader.units[block.drawn[1]]
                units.append(
                    Unit(
                        f"{block.part}#p{counts[block.part]}",
                        drawn.text,
                        drawn.runs,
                        fields=drawn.fields,
                        read=drawn.read,
                    )
                )
                continue
            runs = tuple(s.text for s in block.slots) or (block.text,)
            units.append(
                Unit(
                    f"{block.part}#p{counts[block.part]}",
                    block.text,
                    runs,
                    fields=fields(block.slots),
                    # (a page's text, a picture's alt text and a title: what summarize, ask
                    # and classify read; a label of the contents, the package's title and
                    # descriptions, another attribute: translated, not read as the book's)
                    read=block.attribute in ("alt", "title") or _read(block, self.opf),
                )
            )
        self.units = tuple(units)
        # (a drawing's text keeps its source in a bilingual book, but an SVG file's title,
        # description and label: see render_bilingual)
        self.bilingual_kept = frozenset(
            n
            for n, block in enumerate(self.blocks)
            if block.drawn is not None and _kept_drawn(block.drawn)
        )

    def _drawn(self, name: str) -> None:
        """An SVG file of the book (a page of a picture book in the spine; a cover, a plate or
        a title page a page shows as a picture, whose words a reader sees drawn): its units
        as the SVG reader reads a drawing. One that reader refuses stays as it is."""
        data = self.package.archive.read(self.package.real(name))
        try:
            reader = svg.read(data, Path(name))
        except DocumentError:
            return
        if not isinstance(reader, svg.SvgDocument) or reader.zipped:
            return
        drawing = _Drawing(name, reader)
        self.drawings[name] = drawing
        for n in range(len(reader.units)):
            self.blocks.append(_Block(name, [], None, drawn=(drawing, n)))

    def _metadata(self, book: str | None) -> None:
        """The book's title and descriptions, as a reader's library lists them (the NCX's
        title is translated with the pages); a description's HTML (a long one, escaped)
        read as a page's. Its subjects stay: LCSH's or BISAC's headings, which a library
        matches as they are spelled."""
        opf = self.package.xml(self.opf)
        self.trees[self.opf] = opf
        # Each description holding HTML: its element and the HTML's tree.
        self.described: list[tuple[etree._Element, etree._Element]] = []
        for title in opf.iter(f"{{{DC}}}title"):
            if (title.text or "").strip() and not len(title):
                self.blocks.append(_Block(self.opf, [Slot(title)], None))
        for element in descriptions(opf):
            fragment = markup(element.text or "")
            if fragment is None:
                self.blocks.append(_Block(self.opf, [Slot(element)], None))
                continue
            walker = _Walker(self.opf, book)
            walker.visit(fragment, False)
            self.blocks.extend(walker.blocks)
            self.described.append((element, fragment))

    def _mended_note(self) -> Note | None:
        if self.mended is None:
            return None
        return Note(
            f"{self.path.name}: the book's mimetype file was {self.mended}, which EPUB readers "
            "may refuse; the translation has it first and stored, as they need",
            "document.epub_mimetype_mended",
            {"name": self.path.name, "fault": self.mended},
        )

    def _written(
        self, changed: dict[str, etree._Element], files: dict[str, bytes | None] | None = None
    ) -> bytes:
        """The book with ``changed`` parts and ``files``, its descriptions' HTML written
        back, its mimetype first and stored."""
        for element, fragment in self.described:
            text = markup_text(fragment)
            if text != element.text:
                element.text = text
                changed[self.opf] = self.trees[self.opf]
        files = dict(files or {})
        for name in [n for n in changed if n not in files and self._crlf(n)]:
            # (the parser reads CR LF as LF: a page written with them gets them back)
            written = etree.tostring(
                changed.pop(name).getroottree(), xml_declaration=True, encoding="UTF-8"
            )
            files[name] = written.replace(b"\n", b"\r\n")
        return self.package.write(
            changed, files=files, leading=MIMETYPE if self.mended is not None else None
        )

    def _crlf(self, name: str) -> bool:
        """Whether the part ``name`` ends its lines with CR LF (most of them: Calibre's on
        Windows), which a translation of it keeps."""
        data = self.package.archive.read(self.package.real(name))
        return data.count(b"\r\n") * 2 > data.count(b"\n") > 0

    def _said(self, note: Note) -> None:
        """``note`` added to the notes a job says, once (a rendering again says it again)."""
        if note not in self.notes:
            self.notes = (*self.notes, note)

    def _package_side(self, changed: dict[str, etree._Element]) -> dict[str, bytes | None]:
        """A translation's package: without the narration, which reads the source's words,
        and in horizontal lines where the target is not written in vertical ones. The
        entries to write anew or leave out."""
        files: dict[str, bytes | None] = {}
        opf = self.trees[self.opf]
        pages = {n: r for n, r in self.trees.items() if n != self.opf and local(r) == "html"}
        if narrated(opf):
            files.update(dict.fromkeys(without_narration(self.package, self.opf, opf, pages)))
            changed[self.opf] = opf
            self._said(
                Note(
                    f"{self.path.name}: the book's narration (its media overlays) is left out: "
                    "the recorded voice reads the source's words, which a reading app would "
                    "highlight in the translation as it played",
                    "document.epub_narration_left_out",
                    {"name": self.path.name},
                )
            )
        if self.language is not None and not vertical_kept(self.language):
            styles, restyled, package_changed = horizontal(self.package, opf, pages)
            files.update(styles)
            changed.update({name: self.trees[name] for name in restyled})
            if package_changed:
                changed[self.opf] = opf
            if styles or restyled or package_changed:
                self._said(
                    Note(
                        f"{self.path.name}: the book is set in vertical lines; the translation "
                        f"({self.language.tag}) is set in horizontal ones (writing-mode: "
                        "horizontal-tb in its stylesheets)",
                        "document.epub_horizontal",
                        {"name": self.path.name, "language": self.language.tag},
                    )
                )
        return files

    def _parts(self) -> list[tuple[str, str]]:
        """(part, media type) of the content documents in spine order (an SVG page too), then
        the navigation document, the NCX and the SVG pictures when the spine does not list
        them."""
        container = self.package.xml("META-INF/container.xml")
        rootfile = next(container.iter(f"{{{CONTAINER}}}rootfile"), None)
        opf_name = unquote(rootfile.get("full-path", "")) if rootfile is not None else ""
        if not opf_name or not self.package.has(opf_name):
            raise DocumentError(
                "The EPUB has no package document (META-INF/container.xml points nowhere)",
                path=self.path,
                hint="Repair the book in Sigil or Calibre, then retry",
                message_id="document.damaged",
                params={"editor": self.package.editor},
            )
        opf = self.package.xml(opf_name)
        self.opf = opf_name
        folder = posixpath.dirname(opf_name)
        items: dict[str, tuple[str, str, str]] = {}  # id -> (part, media type, properties)
        for item in opf.iter(f"{{{OPF}}}item"):
            href = unquote(item.get("href", "").split("#")[0])
            part = posixpath.normpath(posixpath.join(folder, href)) if href else ""
            items[item.get("id", "")] = (
                part,
                item.get("media-type", ""),
                item.get("properties", ""),
            )
        order: list[tuple[str, str]] = []
        for ref in opf.iter(f"{{{OPF}}}itemref"):
            part, media_type, _ = items.get(ref.get("idref", ""), ("", "", ""))
            if media_type in (*_XHTML_TYPES, _SVG_TYPE) and self.package.has(part):
                order.append((part, media_type))
        for part, media_type, properties in items.values():
            extra = media_type in (_NCX_TYPE, _SVG_TYPE) or (
                media_type in _XHTML_TYPES and "nav" in properties.split()
            )
            if extra and self.package.has(part) and all(part != p for p, _ in order):
                order.append((part, media_type))
        self.content_types = {part: media_type for part, media_type, _ in items.values()}
        return order

    def _refuse_drm(self, parts: Sequence[tuple[str, str]]) -> None:
        """Font obfuscation is allowed (the fonts are copied as they are); any other file
        encrypted (a page, or a stylesheet or a picture, which a reader without the key
        could not show in the translation either) means DRM."""
        if not self.package.has("META-INF/encryption.xml"):
            return
        encryption = self.package.xml("META-INF/encryption.xml")
        texts = {part for part, _ in parts}
        for target in encrypted(encryption):
            media_type = self.content_types.get(target, "")
            textual = media_type in _XHTML_TYPES or target.endswith((".xhtml", ".html"))
            what = "its text is" if target in texts or textual else f"{target} is"
            raise DocumentError(
                f"This EPUB is protected by DRM: {what} encrypted",
                path=self.path,
                hint="Only books without DRM can be translated",
                message_id="document.drm",
            )

    def render(self, translations: Sequence[str]) -> bytes:
        self._check(translations)
        self._fresh()
        changed: dict[str, etree._Element] = {}
        drawn: dict[int, tuple[_Drawing, dict[int, str]]] = {}  # per drawing: its units'
        for unit, block, text in zip(self.units, self.blocks, translations, strict=True):
            if text == unit.text:
                continue
            if block.drawn is not None:
                drawing, n = block.drawn
                drawn.setdefault(id(drawing), (drawing, {}))[1][n] = text
                continue
            if block.element is not None:
                block.element.set(block.attribute, text)
            else:
                writable = [s for s in block.slots if s.element is not None]
                order = field_order(text, len(unit.fields))
                moved = None
                if order is not None and len(block.kept) == len(order):
                    moved = distribute(renumbered(text, order), block.slots, split=split_inline)
                    if emptied([_nested(s, block.owner) for s in writable], moved):
                        moved = None  # (see html.emptied)
                if order is not None and moved is not None:
                    _trade_places(block.kept, order)  # (each where its placeholder is)
                    parts = moved
                else:
                    parts = distribute(text, block.slots, split=split_inline)
                for slot, part in zip(writable, parts, strict=True):
                    slot.set(part)
                _without_ruby(block.slots)
            changed[block.part] = self.trees[block.part]
            element = block.slots[0].element if block.slots and block.owner is None else None
            if block.part == self.opf and element is not None:
                if self.language is not None:
                    retag(element, self.language)
                if local(element) == "title":
                    retitled(self.trees[self.opf], element, self.language)
        files = self._redrawn(drawn.values(), changed, self.language)
        if self.language is not None:
            changed.update(self._declare(self.language, self._kept(translations)))
        files.update(self._package_side(changed))
        return self._written(changed, files)

    def _redrawn(
        self,
        drawn: Iterable[tuple[_Drawing, dict[int, str]]],
        changed: dict[str, etree._Element],
        language: Language | None,
    ) -> dict[str, bytes | None]:
        """The drawings with their units' translations (by unit) written in as the SVG
        reader writes them: an SVG file anew (its root naming ``language``), a page's
        drawing in its tree (the page changed). The files written."""
        files: dict[str, bytes | None] = {}
        for drawing, texts in drawn:
            reader = drawing.reader
            if drawing.element is None:
                reader.language = language
                files[drawing.part] = bytes(
                    reader.render([texts.get(n, u.text) for n, u in enumerate(reader.units)])
                )
                continue
            edits = drawing.edits(texts)
            if not edits:
                continue
            # Only what the SVG reader changed goes into the page's tree (its <text>s and
            # their tspans' places): the drawing's title, translated as the page's, stays.
            was = etree.fromstring(reader.source)
            now = etree.fromstring(edited(reader.source, edits))
            for before, after, live in zip(
                was.iter(), now.iter(), drawing.element.iter(), strict=True
            ):
                if after.text != before.text:
                    live.text = after.text
                if after.tail != before.tail and live is not drawing.element:
                    live.tail = after.tail
                if dict(after.attrib) != dict(before.attrib):
                    live.attrib.clear()
                    live.attrib.update(dict(after.attrib))
            changed[drawing.part] = self.trees[drawing.part]
        return files

    def _kept(self, translations: Sequence[str]) -> set[etree._Element]:
        """The elements all of whose text kept its source (the translator failed on it):
        they go on saying its language."""
        kept: set[etree._Element] = set()
        changed: set[etree._Element] = set()
        for unit, block, text in zip(self.units, self.blocks, translations, strict=True):
            found = changed if text != unit.text else kept
            for element in (block.owner, block.element, *(s.element for s in block.slots)):
                if element is not None and element not in found:
                    found.update((element, *element.iterancestors()))
        return {e for e in kept - changed if local(e) not in ("html", "body")}  # (see html.py)

    def _declare(
        self, language: Language, kept: set[etree._Element] | None = None
    ) -> dict[str, etree._Element]:
        """The book says it is in ``language``: the package's ``dc:language`` (what a reader
        files it under and picks a hyphenation and a voice by) and every content document's
        ``lang`` and ``xml:lang`` (a root without either gets ``xml:lang``, which EPUB 2's XHTML
        1.1 allows and ``lang`` is not)."""
        changed: dict[str, etree._Element] = {}
        kept = kept or set()
        tag = language.tag
        for name, root in self.trees.items():
            if name == self.opf:
                continue  # (its other metadata is not translated: its languages stand)
            if local(root) == "html" and root.get("lang") is None and root.get(XML_LANG) is None:
                root.set(XML_LANG, tag)  # (valid in EPUB 2's XHTML 1.1, where lang is not)
            # (the elements as the page had them: one renamed German is not foreign to it)
            declarable = list(_declarable(root, self.languages.get(name)))
            for element in declarable:
                if element in kept:
                    continue
                for attribute in ("lang", XML_LANG):
                    if element.get(attribute) not in (None, NO_LANGUAGE):
                        element.set(attribute, tag)
                        changed[name] = root
            if local(root) == "html" and _orient(
                root, [e for e in declarable if e not in kept], rtl=language.rtl
            ):
                changed[name] = root
        opf = self.trees.get(self.opf)
        if opf is None:
            opf = self.package.xml(self.opf)
        found = next(opf.iter(f"{{{DC}}}language"), None)
        if found is not None and (found.text or "").strip() not in (tag, NO_LANGUAGE):
            found.text = tag
            changed[self.opf] = opf
        # The way the pages turn (EPUB 3's; EPUB 2 has no such attribute): a book translated
        # into Arabic turns them from right to left, one out of it from left to right.
        spine = next(opf.iter(f"{{{OPF}}}spine"), None)
        rtl = language.rtl
        progression = "rtl" if rtl else "ltr"
        said = spine.get(_PROGRESSION) if spine is not None else None
        epub3 = opf.get("version", "").startswith("3")
        if spine is not None and said != progression and (said in _SIDES or (epub3 and rtl)):
            spine.set(_PROGRESSION, progression)
            changed[self.opf] = opf
        return changed

    def render_bilingual(self, translations: Sequence[str]) -> bytes:
        """Each block followed by a copy holding its translation; where a copy would break
        the structure (a table cell, a title, a block holding blocks) the translation follows
        the source inside the block after a line break; attributes, titles and the table of
        contents read "source / translation"."""
        self._check(translations)
        self._fresh()
        changed: dict[str, etree._Element] = {}
        drawn: dict[int, tuple[_Drawing, dict[int, str]]] = {}
        for n, (unit, block, text) in enumerate(
            zip(self.units, self.blocks, translations, strict=True)
        ):
            if block.drawn is not None:
                # A drawing's text keeps its source, as a page's inline one does in .html
                # (a line of a drawing has no room for a second); an SVG file's title and
                # description read "source / translation", as a page's drawing's do.
                drawing, k = block.drawn
                if not _kept_drawn(block.drawn) and text != unit.text:
                    drawn.setdefault(id(drawing), (drawing, {}))[1][k] = f"{unit.text} / {text}"
                continue
            if self.shown_once(n, text):
                continue  # (a copy of itself said it was German, a title read "x / x")
            changed[block.part] = self.trees[block.part]
            owner = block.owner
            if block.element is not None:
                block.element.set(block.attribute, f"{unit.text} / {text}")
            elif owner is None or block.head or _in_nav(owner):
                # The code stays where it is, once: the translation follows without it.
                joined = f"{unit.text} / {without_fields(text, len(unit.fields))}"
                writable = [s for s in block.slots if s.element is not None]
                for slot, part in zip(writable, distribute(joined, block.slots), strict=True):
                    slot.set(part)
            elif local(owner) in _COPYABLE and not block.nested:
                twin = copy_after(owner, block.slots, text, drop=_unique, attributes=("id",))
                for ruby in list(twin.iter(f"{{{XHTML}}}ruby")):
                    unwrap(ruby)  # (its readings dropped as _unique's elements are)
                if self.language is not None:  # (the source's block keeps its own)
                    twin.set(XML_LANG, self.language.tag)
                    twin.set("dir", "rtl" if self.language.rtl else "ltr")  # (its own)
                    if twin.get("lang") is not None:
                        twin.set("lang", self.language.tag)
            else:
                _append_line(owner, unit.shown_in(text), self.language)
        return self._written(changed, self._redrawn(drawn.values(), changed, None))


_PROGRESSION = "page-progression-direction"
_SIDES = ("rtl", "ltr")


def _orient(root: etree._Element, declarable: Sequence[etree._Element], *, rtl: bool) -> bool:
    """Make a content document read in the target's direction, as a translated .html page
    does (html.py): the ``dir`` attributes that say the page's own direction (``<html>``'s,
    else ``<body>``'s) say the target's; an island the other way (a phone number, code), a
    ``bdo``, ``auto`` and text of no language keep theirs; a root saying none gets
    ``dir="rtl"`` for a right-to-left target. Whether anything changed."""
    direction = "rtl" if rtl else "ltr"
    body = root.find(f"{{{XHTML}}}body")
    page = next(
        (d for e in (root, body) if e is not None and (d := e.get("dir")) in _SIDES),
        "ltr",
    )
    changed = False
    if root.get("dir") is None and rtl:
        root.set("dir", "rtl")
        changed = True
    for element in declarable:
        if element.get("dir") != page or page == direction or local(element) == "bdo":
            continue
        if NO_LANGUAGE in (element.get("lang"), element.get(XML_LANG)):
            continue
        element.set("dir", direction)
        changed = True
    return changed


def _primary(code: str | None) -> str | None:
    """The language ``code`` names (its primary subtag); None for none, or no language tag
    (pandoc's "C" where a book was not given one)."""
    found = target_language(code.strip()) if code else None
    return found.language if found is not None else None


def _read(block: _Block, opf: str) -> bool:
    """Whether a block of text is the book's, which summarize, ask and classify read: not a
    page's <title> (a file name, or the heading again), the contents' labels (a nav's, the
    NCX's) nor the package's title and descriptions."""
    owner = block.owner
    return (
        not block.attribute
        and owner is not None
        and not block.head
        and block.part != opf
        and not _in_nav(owner)
    )


def _in_nav(element: etree._Element) -> bool:
    """In a navigation document's ``nav``, whose items may hold only a link and a list (the
    EPUB rules): a translation there reads "source / translation" inside the link."""
    return any(local(e) == "nav" for e in (element, *element.iterancestors()))


def _entities_as_text(root: etree._Element) -> None:
    """HTML's named entities (``&mdash;``, ``&nbsp;``, which an EPUB 2 page's XHTML DTD lets it
    write) as the characters they stand for: text a translation replaces. As entities they
    stayed where they stood beside the translation's own dash ("langsam –&mdash;sehr")."""
    for entity in list(root.iter(etree.Entity)):
        code = name2codepoint.get((entity.text or "").strip("&;"))
        parent = entity.getparent()
        if code is None or parent is None:
            continue
        text = chr(code) + (entity.tail or "")
        previous = entity.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + text
        else:
            parent.text = (parent.text or "") + text
        parent.remove(entity)


def _unique(element: etree._Element) -> bool:
    """Not repeated in a bilingual copy: images and media (shown once is enough), a printed
    page's number (the margin showed each twice), a ruby's readings (of the source's words,
    ``READINGS``)."""
    return local(element) in ("img", "svg", "video", "audio", "object", "iframe", *READINGS) or (
        page_number(_attributes(element))
    )


def _nested(slot: Slot, owner: etree._Element | None) -> tuple[str, bool]:
    """A slot as ``html.emptied`` asks: its text, and whether it is an inline element's."""
    element = slot.element
    holder = element.getparent() if slot.tail and element is not None else element
    return slot.text, holder is not None and holder is not owner


def _trade_places(elements: Sequence[etree._Element], order: Sequence[int]) -> None:
    """``elements`` (a block's kept ones, in order) each given the tag, attributes and content
    of the one ``order`` names for its place; their tails (the sentence's text around them)
    stay where they are."""
    taken = [(e.tag, dict(e.attrib), e.text, list(e)) for e in elements]
    for element in elements:
        for child in list(element):
            element.remove(child)  # (its tail with it: the element's content)
        element.attrib.clear()
    for element, number in zip(elements, order, strict=True):
        tag, attributes, text, children = taken[number]
        element.tag, element.text = tag, text
        element.attrib.update(attributes)
        element.extend(children)


def _without_ruby(slots: Sequence[Slot]) -> None:
    """The ruby of a translated block's text unwrapped, its readings gone (``READINGS``):
    its base's share of the translation stays, as text of the sentence."""
    rubies: list[etree._Element] = []
    for slot in slots:
        holder = (
            slot.element.getparent() if slot.tail and slot.element is not None else slot.element
        )
        if holder is None:
            continue
        ruby = next((e for e in (holder, *holder.iterancestors()) if local(e) == "ruby"), None)
        if ruby is not None and ruby not in rubies:
            rubies.append(ruby)
    for ruby in rubies:
        for reading in [e for e in ruby.iter() if local(e) in READINGS]:
            remove_keeping_tail(reading)
        for base in [e for e in ruby.iter() if local(e) == "rb"]:
            unwrap(base)
        unwrap(ruby)


def _append_line(owner: etree._Element, text: str, language: Language | None) -> None:
    """The translation ``text`` inside ``owner`` after a line break, in a span that names
    its ``language`` and direction (as a bilingual .html page's does)."""
    namespace = owner.tag.split("}")[0] + "}" if owner.tag.startswith("{") else ""
    etree.SubElement(owner, f"{namespace}br")
    span = etree.SubElement(owner, f"{namespace}span")
    span.text = text
    if language is not None:
        span.set(XML_LANG, language.tag)
        span.set("dir", "rtl" if language.rtl else "ltr")


def read(data: bytes, path: Path) -> Document:
    return EpubDocument(path, data)


__all__ = ["EpubDocument", "read"]
