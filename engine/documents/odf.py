"""OpenDocument text (.odt), presentations (.odp), spreadsheets (.ods) and drawings (.odg):
every ``text:p`` and ``text:h`` of content.xml (body, tables, frames and text boxes, notes,
slides and speaker notes, a drawing's shapes and connectors, sheets' text cells and
comments) and of the
headers and footers in styles.xml is a unit whose runs are its text pieces (spans and links
included), but for a spreadsheet cell's paragraphs, its lines, which make one unit joined
by line breaks; text a reviewer deleted (kept in ``text:tracked-changes``) is not. Spaces, tabs
and line breaks (``text:s``, ``text:tab``, ``text:line-break``) and fields stay as elements;
every other zip entry, ``mimetype`` first and stored, is copied as is. A table cell that holds
a number, a date or a formula's result keeps its text (the cell's format wrote it), and so
does a spreadsheet's cell whose text a formula or a validity list names literally. A text a
cell's formula gives (``IF(…;"Yes";"No")``, ``"Total: "&[.B2]``) is a unit, written back in
its place in ``table:formula``, unless a formula compares it. A drawing's page named by its
author is a unit, and the links to it follow its translated name."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from pathlib import Path

from lxml import etree

from engine.documents.base import Document, Unit, check_unit_count, pending_changes
from engine.documents.errors import DocumentError, renamed_file
from engine.documents.formulas import Given, Literals, given_slots
from engine.documents.language import DC, NO_LANGUAGE, Language
from engine.documents.marked import set_apart, text_kind
from engine.documents.package import (
    Package,
    Slot,
    SlotDocument,
    Unreadable,
    copy_after,
    field,
    fields,
    fixed,
    local,
    numbered,
    parse_file,
    shown_text,
    written_in_place,
)
from engine.documents.runs import CodeStyles, beside_fields, distribute, without_preformatted
from engine.text.verbatim import ADDRESS, is_verbatim

TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
FO = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
_P, _H = f"{{{TEXT}}}p", f"{{{TEXT}}}h"
# Tracked changes: a deletion's text is kept here, out of the document's own text.
_TRACKED = f"{{{TEXT}}}tracked-changes"
LOEXT = "urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0"
SVG = "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
# A frame's or shape's alt text: its title and description.
_ALT = (f"{{{SVG}}}title", f"{{{SVG}}}desc")
# Inline containers: their text continues the paragraph's sentence. An input field
# (``text:text-input``) shows text the author typed, not a generated value.
_INLINE = frozenset(["span", "a", "meta", "ruby", "ruby-base", "text-input"])
# LibreOffice's extension elements that hold the author's text inline: content controls (what
# Word's content controls become in LibreOffice).
_LOEXT_INLINE = frozenset([f"{{{LOEXT}}}content-control"])
# Inside a paragraph but not part of its text: notes and frames hold paragraphs of their own
# (units on their own), annotations are comments.
_OPAQUE = frozenset(["note", "frame", "a-shape", "custom-shape", "annotation", "ruby-text"])
_HEADERS = frozenset(
    ["header", "footer", "header-left", "footer-left", "header-first", "footer-first"]
)
# Dropped from a bilingual copy: what must not appear twice (notes, frames, bookmarks, marks).
_DROP = frozenset(
    [
        *_OPAQUE,
        "annotation-end",
        "bookmark",
        "bookmark-start",
        "bookmark-end",
        "reference-mark",
        "reference-mark-start",
        "reference-mark-end",
        "toc-mark",
        "toc-mark-start",
        "toc-mark-end",
        "alphabetical-index-mark",
        "alphabetical-index-mark-start",
        "alphabetical-index-mark-end",
        "user-index-mark",
        "user-index-mark-start",
        "user-index-mark-end",
    ]
)
MIMETYPES = {
    ".odt": "application/vnd.oasis.opendocument.text",
    ".odp": "application/vnd.oasis.opendocument.presentation",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".odg": "application/vnd.oasis.opendocument.graphics",
}
KINDS = {
    ".odt": "OpenDocument text",
    ".odp": "OpenDocument presentation",
    ".ods": "OpenDocument spreadsheet",
    ".odg": "OpenDocument drawing",
    ".fodt": "flat OpenDocument text",
    ".fodp": "flat OpenDocument presentation",
    ".fods": "flat OpenDocument spreadsheet",
    ".fodg": "flat OpenDocument drawing",
}
# LibreOffice's "Flat XML" formats: the package's parts in one XML file.
FLAT = frozenset([".fodt", ".fodp", ".fods", ".fodg"])
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_CELLS = frozenset([f"{{{TABLE}}}table-cell", f"{{{TABLE}}}covered-table-cell"])
_VALUE_TYPE = f"{{{OFFICE}}}value-type"
_STRING_VALUE = f"{{{OFFICE}}}string-value"
_FORMULA = f"{{{TABLE}}}formula"
CALCEXT = "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"
_CALCEXT_TYPE = f"{{{CALCEXT}}}value-type"
# Attributes holding a formula or a condition: cells', validity lists', conditional formats'
# (LibreOffice's calcext:value), styles' conditions, filters' expressions.
_FORMULA_ATTRIBUTES = (
    _FORMULA,
    f"{{{TABLE}}}condition",
    f"{{{TABLE}}}expression",
    f"{{{CALCEXT}}}value",
    f"{{{STYLE}}}condition",
)
_FILTER_CONDITION = f"{{{TABLE}}}filter-condition"
_PILOT_FIELD = f"{{{TABLE}}}data-pilot-field"


class FlatPackage(Package):
    """A flat OpenDocument file seen as the package its parts would make: one part,
    content.xml, whose root (``office:document``) holds the styles, master pages, metadata
    and embedded objects too; written back in place (its declaration, encoding and line ends
    kept)."""

    def __init__(self, path: Path, data: bytes, kind: str, editor: str) -> None:
        self.path, self.kind, self.editor, self.data = path, kind, editor, data

        def refused(what: str) -> DocumentError:
            return DocumentError(
                f"This is not {kind}: {what}",
                path=path,
                hint=f"Open and save it again in {editor} (as Flat XML), then retry",
                message_id="document.damaged",
                params={"editor": editor},
            )

        try:
            self.root = parse_file(data)
        except Unreadable as exc:
            raise refused(f"{exc.what} at line {exc.line}") from None
        if self.root.tag != f"{{{OFFICE}}}document":
            raise refused(f"its root is <{local(self.root)}>, not office:document")
        self._named(["content.xml"])

    def xml(self, name: str) -> etree._Element:
        self.require(name)
        return parse_file(self.data)  # (a tree of its own each time, as a part's is)

    def write(
        self,
        changed: Mapping[str, etree._Element],
        *,
        files: Mapping[str, bytes | None] | None = None,
        leading: tuple[str, bytes] | None = None,
        standalone: bool | None = None,
    ) -> bytes:
        assert not files and leading is None  # (a flat file is its one tree: no entries)
        root = changed.get("content.xml")
        return self.data if root is None else written_in_place(self.data, self.root, root)


class OdfDocument(SlotDocument):
    def __init__(self, path: Path, data: bytes) -> None:
        self.path = path
        kind = KINDS.get(path.suffix.lower(), KINDS[".odt"])
        if path.suffix.lower() in FLAT:
            self.package = FlatPackage(path, data, kind, "LibreOffice")
        else:
            self.package = Package(path, data, kind, "LibreOffice")
        self.package.require("content.xml")
        _check_kind(path, self.package)
        if self.package.has("META-INF/manifest.xml"):
            manifest = self.package.xml("META-INF/manifest.xml")
            if any(local(e) == "encryption-data" for e in manifest.iter()):
                raise DocumentError(
                    f"The {kind} is protected by a password",
                    path=path,
                    hint="Save it again in LibreOffice without a password, then retry",
                    message_id="document.encrypted",
                )
        self._load()

    def _load(self) -> None:
        self.trees: dict[str, etree._Element] = {}
        self.targets: list[tuple[str, etree._Element, list[Slot]]] = []
        units: list[Unit] = []
        roots = {
            n: self.package.xml(n) for n in ("content.xml", "styles.xml") if self.package.has(n)
        }
        # Charts are embedded objects with a content.xml of their own (titles only: the rest
        # is a copy of the data they plot), numbered with the page or sheet showing them.
        # A formula in a sentence (a LibreOffice Math object anchored as a character) is
        # seen as a placeholder showing its text, as a field is.
        object_pages: dict[str, int | None] = {}
        formulas: dict[etree._Element, str] = {}
        inline_charts: dict[etree._Element, int | None] = {}  # (a flat file's, in place)
        inline_objects: set[etree._Element] = set()  # (a flat file's other objects: no text)
        for embedded in roots["content.xml"].iter(f"{{{DRAW}}}object"):
            href = embedded.get(_HREF, "").removeprefix("./").strip("/")
            held = next((c for c in embedded if c.tag in (_DOCUMENT, _MATH)), None)
            if not href and held is not None:
                frame = embedded.getparent()
                if held.find(f".//{{{OFFICE}}}chart") is not None:
                    inline_charts[embedded] = _page_of(embedded)
                elif held.tag == _DOCUMENT:
                    inline_objects.add(embedded)  # another program's object: as in a package
                elif held.tag == _MATH and frame is not None and _as_character(frame):
                    formulas[frame] = shown_text(held) or "formula"
                continue
            part = f"{href}/content.xml"
            if href and "/" not in href and part not in roots and self.package.has(part):
                inside = self.package.xml(part)
                frame = embedded.getparent()
                if inside.find(f".//{{{OFFICE}}}chart") is not None:
                    roots[part] = inside
                    object_pages[part] = _page_of(embedded)
                elif inside.tag == _MATH and frame is not None and _as_character(frame):
                    formulas[frame] = shown_text(inside) or "formula"
        code = _Code(roots.values())
        code.formulas = formulas
        literals, given = _literals(roots.get("content.xml"))
        preformatted: set[int] = set()  # units of paragraphs in a preformatted style
        plain = False  # a paragraph of text in no such style
        # Per a spreadsheet cell's unit of several lines, its first paragraph -> each line's
        # paragraph and slots (a bilingual copy copies them all).
        self.cells: dict[etree._Element, list[tuple[etree._Element, list[Slot]]]] = {}
        for name, root in roots.items():
            self.trees[name] = root
            sheet = root.find(f"{_BODY}/{{{OFFICE}}}spreadsheet") is not None
            last_cell: etree._Element | None = None  # the cell of the latest unit
            pages = {p: n for n, p in enumerate(root.iter(f"{{{DRAW}}}page"), start=1)}
            # A spreadsheet's sheets number its units as slides do a presentation's.
            pages.update(
                (t, n)
                for n, t in enumerate(root.iterfind(f"{_BODY}/{{{OFFICE}}}spreadsheet/{_TABLE}"), 1)
            )
            for n, paragraph in enumerate(root.iter(_P, _H)):
                if not len(paragraph) and not (paragraph.text or "").strip():
                    continue  # an empty paragraph: nothing to build (a file may hold millions)
                if _in_styles(paragraph) and not (_in_header(paragraph) or _on_master(paragraph)):
                    continue  # master pages' placeholder texts and style samples
                if inline_objects and any(a in inline_objects for a in paragraph.iterancestors()):
                    continue  # an embedded sheet's or text's own text, which a package keeps apart
                chart = _inline(paragraph, inline_charts)
                if (name in object_pages or chart is not None) and not _chart_title(paragraph):
                    continue  # a chart's copy of its data
                if code.paragraph(paragraph):
                    continue  # a code block (Source Code) stays as it is
                if any(a.tag == _TRACKED for a in paragraph.iterancestors()):
                    continue  # text a reviewer deleted (kept for the change's record)
                cell = paragraph.getparent()
                if cell is not None and cell.tag in _CELLS and not _text_cell(cell):
                    continue  # a number, date or formula result shown as text
                slots = _slots(paragraph, code)
                text = "".join(s.text for s in slots)
                if cell is not None and cell.tag in _CELLS and literals.covers(text):
                    continue  # a formula or a validity list names it: it stays
                if any(s.element is not None and s.text.strip() for s in slots):
                    page = (
                        object_pages[name]
                        if name in object_pages
                        else inline_charts[chart]
                        if chart is not None
                        else next((pages[a] for a in paragraph.iterancestors() if a in pages), None)
                    )
                    in_sheet = sheet and cell is not None and cell.tag in _CELLS
                    if in_sheet and cell is last_cell and units:
                        # A line of the cell before's (Alt+Enter, a sentence wrapped in its
                        # cell, as .xlsx keeps it): one unit, its lines joined by a break.
                        _, first, before = self.targets[-1]
                        self.cells.setdefault(first, [(first, before)]).append((paragraph, slots))
                        slots = numbered([*before, fixed("\n"), *slots])
                        self.targets[-1] = (name, first, slots)
                        runs = tuple(s.text for s in slots)
                        unit = units[-1]
                        units[-1] = Unit(unit.id, "".join(runs), runs, page, fields(slots))
                        continue
                    last_cell = cell if in_sheet else None
                    check_unit_count(len(units) + 1, self.path)
                    self.targets.append((name, paragraph, slots))
                    runs = tuple(s.text for s in slots)
                    if code.preformatted(paragraph):
                        preformatted.add(len(units))
                    else:
                        plain = True
                    units.append(Unit(f"{name}#p{n + 1}", text, runs, page, fields(slots)))
            # Images' and shapes' alt texts (a frame's svg:title and svg:desc).
            alts = [e for e in root.iter(*_ALT) if (e.text or "").strip() and not len(e)]
            # (a chart's svg:desc names the cells it plots)
            alts = [
                e
                for e in alts
                if _inline(e, inline_charts) is None
                and not any(a in inline_objects for a in e.iterancestors())
            ]
            if name in object_pages:
                alts = []
            for k, alt in enumerate(alts, start=1):
                page = next((pages[a] for a in alt.iterancestors() if a in pages), None)
                self.targets.append((name, alt, [Slot(alt)]))
                units.append(Unit(f"{name}#alt{k}", alt.text or "", (alt.text or "",), page))
            # What LibreOffice makes an index of when it updates one: a table of contents'
            # title (its template: the translated "Table of Contents" came back in English)
            # and an alphabetical index's terms and keys marked at a point (its entries
            # listed English words in a German document).
            for k, slot in enumerate(_index_words(root), start=1):
                assert slot.element is not None
                self.targets.append((name, slot.element, [slot]))
                units.append(Unit(f"{name}#index{k}", slot.text, (slot.text,)))
        without_preformatted(preformatted, plain, units, self.targets)
        # A drawing's pages' names (its tabs, a PDF's bookmarks), where its author gave one:
        # LibreOffice shows a name of its own making ("page1") in the user's language.
        self.named: dict[etree._Element, str] = {}
        drawing = roots["content.xml"].iterfind(f"{_BODY}/{{{OFFICE}}}drawing/{_PAGE}")
        for n, page in enumerate(drawing, start=1):
            said = str(page.get(_PAGE_NAME, ""))
            if said.strip() and not _DEFAULT_PAGE.fullmatch(said) and not is_verbatim(said):
                self.named[page] = said
                self.targets.append(("content.xml", page, [Slot(page, attribute=_PAGE_NAME)]))
                units.append(Unit(f"content.xml#page{n}", said, (said,), n, read=False))
        # What a spreadsheet's formulas give (IF(…;"Yes";"No")), where nothing compares it.
        for n, (cell, found) in enumerate(given.items(), start=1):
            literal_slots = given_slots(cell, cell.get(_FORMULA, ""), found, attribute=_FORMULA)
            for k, slot in enumerate(literal_slots, start=1):
                if slot.text.strip() and not literals.covers(slot.text):
                    check_unit_count(len(units) + 1, self.path)
                    self.targets.append(("content.xml", cell, [slot]))
                    text = slot.text
                    # (what the formula can give, not what its cell shows: not read)
                    units.append(
                        Unit(f"content.xml#f{n}.{k}", text, (text,), _page_of(cell), read=False)
                    )
        if next(roots["content.xml"].iter(f"{{{TEXT}}}changed-region"), None) is not None:
            self.notes = (pending_changes(self.path, "LibreOffice: Edit → Track Changes"),)
        # The document's title (what the file manager and a PDF exported from it show).
        meta = None
        part = self._meta_part()
        if part != META:
            meta = self.trees[part]
        elif self.package.has(META):
            with contextlib.suppress(DocumentError):  # damaged: no title (the text still is)
                meta = self.package.xml(META)
        if meta is not None:
            title = meta.find(f"{{{OFFICE}}}meta/{{{DC}}}title")  # (the file's, not an object's)
            if title is not None and not len(title) and any(c.isalpha() for c in title.text or ""):
                self.trees[part] = meta
                self.targets.append((part, title, [Slot(title)]))
                units.append(Unit(f"{META}#title", title.text or "", (title.text or "",)))
        # (text marked in another language, set apart: its styles keep their language)
        styles = _Styles(roots.values())
        self.apart, self.kept, note = set_apart(
            units, self.targets, styles.marked, styles.default, path=self.path
        )
        self.notes += (note,) if note else ()
        self.units = tuple(units)
        self.titled = _titled(roots["content.xml"], self.targets)

    def _meta_part(self) -> str:
        """The part holding the document's properties: meta.xml, a flat file's one part."""
        return "content.xml" if isinstance(self.package, FlatPackage) else META

    def declare(self, language: Language) -> dict[str, etree._Element]:
        kept = self._kept()
        changed = {n: r for n, r in self.trees.items() if _declare(r, language, kept.get(n, set()))}
        changed |= _orient(self.trees, rtl=language.rtl)
        part = self._meta_part()
        if part != META or self.package.has(META):
            meta = self.trees.get(part)
            if meta is None:
                try:
                    meta = self.package.xml(META)
                except DocumentError:  # damaged: left as it is (the document still opens)
                    return changed
            found = meta.find(f"{{{OFFICE}}}meta/{{{DC}}}language")
            if found is not None and (found.text or "").strip() not in ("", NO_LANGUAGE):
                found.text = language.tag
                changed[part] = meta
        return changed

    def _kept(self) -> dict[str, set[str]]:
        """Per part, the automatic styles of text kept as it was only: of the units not
        translated (the model failed on them) and of text marked in another language. They
        keep their language; one that a translated paragraph uses too names the target."""
        kept: dict[str, set[str]] = {}
        translated: dict[str, set[str]] = {}
        for unit, (name, paragraph, slots) in zip(self.units, self.targets, strict=True):
            into = translated if "".join(s.text for s in slots) != unit.text else kept
            into.setdefault(name, set()).update(
                str(e.get(_STYLE_NAME))
                for e in paragraph.iter()
                if e.get(_STYLE_NAME) and e not in self.apart
            )
        parts = {id(r): n for n, r in self.trees.items()}
        for element in self.apart:
            part = parts.get(id(element.getroottree().getroot()), "")
            kept.setdefault(part, set()).add(str(element.get(_STYLE_NAME)))
        return {n: names - translated.get(n, set()) for n, names in kept.items()}

    def recalculate(self, changed: dict[str, etree._Element]) -> None:
        """A spreadsheet's text cells lose their ``office:string-value`` (it wins over the
        translated paragraphs), and its formulas giving text their cached results, which
        LibreOffice shows as they are on opening (a file it wrote is never computed again:
        ``=[.A2]`` would go on showing A2's untranslated text) and computes where there are
        none, as the .xlsx writer does for it. A slide named after its title takes its
        translated title's name (see ``_rename``)."""
        content = changed.get("content.xml")
        if content is not None and self.titled:
            _rename(content, self.titled)
        if content is not None and self.named:
            _named_anew(content, self.named)
        if content is None or content.find(f"{_BODY}/{{{OFFICE}}}spreadsheet") is None:
            return
        for cell in content.iter(f"{{{TABLE}}}table-cell"):
            if cell.get(_FORMULA) is None:
                # A text cell's office:string-value, where a producer writes one, is what a
                # reader shows over its paragraphs: gone, the translated paragraphs show.
                cell.attrib.pop(_STRING_VALUE, None)
                continue
            if cell.get(_VALUE_TYPE) != "string":
                continue
            for attribute in (_VALUE_TYPE, _STRING_VALUE, _CALCEXT_TYPE):
                cell.attrib.pop(attribute, None)
            for paragraph in cell.findall(_P):
                cell.remove(paragraph)

    def render_bilingual(self, translations: Sequence[str]) -> bytes:
        """Each paragraph followed by a copy holding its translation (a heading's copy is a
        plain paragraph in the heading's style, so the outline does not list it twice)."""
        self._check(translations)
        self._fresh()
        changed: dict[str, etree._Element] = {}
        marks: dict[str, str] = {}  # part → the style naming the translation's language
        for n, ((name, paragraph, slots), text) in enumerate(
            zip(self.targets, translations, strict=True)
        ):
            if self.shown_once(n, text):
                continue
            changed[name] = self.trees[name]
            if paragraph.tag in (*_ALT, _TITLE, _INDEX_TITLE, *_INDEX_MARKS, *_CELLS, _PAGE):
                # alt text, title, an index's words, what a formula gives: "source / …"
                slots[0].set(f"{slots[0].text} / {text}")
                continue
            # A cell's lines are copied after its last, each with its share of the text.
            lines = self.cells.get(paragraph, [(paragraph, slots)])
            parts = iter(distribute(text, slots)) if len(lines) > 1 else None
            after = lines[-1][0]
            for own, own_slots in lines:
                said = (
                    text
                    if parts is None
                    else "".join(next(parts) if s.writable else s.text for s in own_slots)
                )
                twin = copy_after(
                    own,
                    own_slots,
                    said,
                    drop=lambda e: local(e) in _DROP,
                    attributes=(XML_ID, f"{{{TEXT}}}id"),
                )
                if parts is not None:
                    after.addnext(twin)
                    after = twin
                if twin.tag == _H:
                    twin.tag = _P
                    for attribute in ("outline-level", "is-list-header", "restart-numbering"):
                        twin.attrib.pop(f"{{{TEXT}}}{attribute}", None)
                # (a chart has styles of its own: no span)
                spanned = name in ("content.xml", "styles.xml") and not _chart_title(own)
                if self.language is not None and spanned:
                    if name not in marks:
                        marks[name] = _language_style(self.trees[name], self.language)
                    _in_span(twin, marks[name])
            changed[name] = self.trees[name]
        self.recalculate(changed)
        return self.package.write(changed)


def _titled(
    root: etree._Element, targets: Sequence[tuple[str, etree._Element, list[Slot]]]
) -> list[tuple[etree._Element, list[list[Slot]]]]:
    """The slides named after their titles, each with its title's paragraphs' slots: a
    presentation LibreOffice imported from PowerPoint names each slide so, and its
    Navigator and a PDF's bookmarks show the names, which stayed English above translated
    titles. A slide named otherwise ("page5", a name its author gave) keeps its name."""
    slots = {paragraph: s for name, paragraph, s in targets if name == "content.xml"}
    found: list[tuple[etree._Element, list[list[Slot]]]] = []
    for page in root.iter(_PAGE):
        title = next((f for f in page if f.tag == _FRAME and f.get(_CLASS) == "title"), None)
        if title is None:
            continue
        said = [slots[p] for p in title.iter(_P, _H) if p in slots]
        if said and _one_line(said) == " ".join(page.get(_PAGE_NAME, "").split()):
            found.append((page, said))
    return found


def _one_line(paragraphs: Sequence[Sequence[Slot]]) -> str:
    """The text of a title's paragraphs as a slide's name says it: on one line."""
    return " ".join(" ".join("".join(s.text for s in slots) for slots in paragraphs).split())


def _rename(
    root: etree._Element, titled: Sequence[tuple[etree._Element, list[list[Slot]]]]
) -> None:
    """Name each of the ``titled`` slides after its title as translated, and follow it in
    what names the slides: links and actions to a slide (``xlink:href="#name"``) and the
    custom shows' lists of slides (comma-joined names, a comma in a name unescaped). Names
    stay unique: a translation naming a slide as another slide is named keeps the later
    slide's own name."""
    names = {str(page.get(_PAGE_NAME, "")) for page in root.iter(_PAGE)}
    taken = set(names)
    renamed: dict[str, str] = {}
    for page, said in titled:
        old, new = str(page.get(_PAGE_NAME, "")), _one_line(said)
        if new == " ".join(old.split()):
            continue  # (a title left as it was: its name keeps its line breaks and spaces)
        if new and new not in taken:
            page.set(_PAGE_NAME, new)
            taken.add(new)
            renamed[old] = new
    _follow(root, renamed, names)


def _named_anew(root: etree._Element, named: Mapping[etree._Element, str]) -> None:
    """Follow a drawing's pages' translated names (``named``: each page's own, as read) in
    what names the pages, as ``_rename`` does; a page whose translated name a page had (or
    that has none) keeps its own."""
    taken = {str(page.get(_PAGE_NAME, "")) for page in root.iter(_PAGE) if page not in named}
    taken |= set(named.values())  # (every name as read: two pages never swap theirs)
    renamed: dict[str, str] = {}
    for page, old in named.items():
        new = str(page.get(_PAGE_NAME, ""))
        if new == old:
            continue
        if not new.strip() or new in taken:
            page.set(_PAGE_NAME, old)
            continue
        taken.add(new)
        renamed[old] = new
    _follow(root, renamed, taken)


def _follow(root: etree._Element, renamed: Mapping[str, str], names: set[str]) -> None:
    """Links and actions to a page (``xlink:href="#name"``) and custom shows' lists of pages
    (comma-joined ``names``, a comma in a name unescaped) name each page ``renamed``."""
    if not renamed:
        return
    longest = max(n.count(",") for n in names) + 1
    for element in root.iter():
        href = element.get(_HREF)
        if href is not None and href.startswith("#") and href[1:] in renamed:
            element.set(_HREF, "#" + renamed[href[1:]])
        listed = element.get(_PAGES) if element.tag == _SHOW else None
        if listed:
            element.set(_PAGES, ",".join(renamed.get(n, n) for n in _split(listed, names, longest)))


def _split(listed: str, names: set[str], longest: int) -> list[str]:
    """A custom show's comma-joined slide names, each a known name where the pieces make
    one (the longest first: "Results, by region" is one slide's)."""
    pieces = listed.split(",")
    found: list[str] = []
    start = 0
    while start < len(pieces):
        end = next(
            (
                e
                for e in range(min(len(pieces), start + longest), start, -1)
                if ",".join(pieces[start:e]) in names
            ),
            start + 1,
        )
        found.append(",".join(pieces[start:end]))
        start = end
    return found


_PAGE, _FRAME = f"{{{DRAW}}}page", f"{{{DRAW}}}frame"
_PAGE_NAME = f"{{{DRAW}}}name"
_DEFAULT_PAGE = re.compile(r"page\d+")  # (LibreOffice's own, shown as "Page 1" in its language)
PRESENTATION = "urn:oasis:names:tc:opendocument:xmlns:presentation:1.0"
_SHOW, _PAGES = f"{{{PRESENTATION}}}show", f"{{{PRESENTATION}}}pages"


def _declare(root: etree._Element, language: Language, kept: Collection[str] = ()) -> bool:
    """Make the text properties under ``root`` that name a language for ``language``'s kind
    of script name it (what LibreOffice checks spelling and hyphenates by); whether any
    did. A text marked as no language (``zxx``: code, names) stays so, and so do the
    automatic styles ``kept`` (their names: of text kept as it was); but a default style
    naming no East Asian or complex script language (pandoc's) names the target of that
    kind (a translation into Chinese was "[None]" in LibreOffice, never spell-checked)."""
    names = _LANGUAGE_ATTRIBUTES[language.kind]
    found = False
    automatic = root.find(f"{{{OFFICE}}}automatic-styles")
    for element in root.iter(f"{{{STYLE}}}text-properties"):
        style = element.getparent()
        said = element.get(names[0])
        if said is None or (said == NO_LANGUAGE and not _default(style, language)):
            continue
        if (
            style is not None
            and style.getparent() is automatic
            and style.get(f"{{{STYLE}}}name") in kept
        ):
            continue
        found = True
        _name(element, language)
    return found


def _default(style: etree._Element | None, language: Language) -> bool:
    """Whether ``style`` is one the document's text takes its ``language``'s kind of
    script's language from: the default style, or the standard paragraph style."""
    if style is None or language.kind == "western":
        return False
    if style.tag == f"{{{STYLE}}}default-style":
        return True
    return (
        style.get(f"{{{STYLE}}}family") == "paragraph"
        and style.get(f"{{{STYLE}}}name") == "Standard"
        and style.getparent() is not None
        and style.getparent().tag == f"{{{OFFICE}}}styles"
    )


_WRITING_MODE = f"{{{STYLE}}}writing-mode"
_DIRECTIONS = {"lr-tb": False, "lr": False, "rl-tb": True, "rl": True}
_MIRRORED = {"start": "end", "end": "start", "left": "right", "right": "left"}
_TEXT_ALIGN = f"{{{FO}}}text-align"


def _orient(trees: dict[str, etree._Element], *, rtl: bool) -> dict[str, etree._Element]:
    """Make the document read in the target's direction (a document translated into Arabic
    read left to right; one translated out of it kept ``rl-tb``): the writing mode of its
    paragraph, page and table styles that say the other, and of its default paragraph style
    (made where it has none: odfpy writes none). Where a paragraph style's direction turns,
    so does its alignment: LibreOffice shows "start" on the left and "end" on the right
    whatever the direction (its own right-to-left paragraphs say "end"), and a paragraph
    with none on the left. Returns the parts changed."""
    changed: dict[str, etree._Element] = {}
    defaults = [
        (name, d)
        for name, root in trees.items()
        for d in root.iter(f"{{{STYLE}}}default-style")
        if d.get(f"{{{STYLE}}}family") == "paragraph"
    ]
    if not defaults and rtl:
        defaults = [d for d in (_made_default(n, r) for n, r in trees.items()) if d][:1]
    # The pages' direction, which a default saying "page" (or nothing) follows.
    pages = next(
        (
            _DIRECTIONS[mode]
            for root in trees.values()
            for p in root.iter(f"{{{STYLE}}}page-layout-properties")
            if (mode := p.get(_WRITING_MODE, "")) in _DIRECTIONS
        ),
        False,
    )
    # Whether the text that says no direction of its own (the default's) turns.
    turns = False
    for name, default in defaults:
        properties = default.find(f"{{{STYLE}}}paragraph-properties")
        if properties is None:
            properties = etree.Element(f"{{{STYLE}}}paragraph-properties")
            default.insert(0, properties)  # (before its text properties, as the schema)
        if _DIRECTIONS.get(properties.get(_WRITING_MODE, ""), pages) != rtl:
            turns = True
            properties.set(_WRITING_MODE, "rl-tb" if rtl else "lr-tb")
            _mirror(properties, rtl=rtl)
            changed[name] = trees[name]
    for name, root in trees.items():
        for properties in root.iter(
            f"{{{STYLE}}}paragraph-properties",
            f"{{{STYLE}}}page-layout-properties",
            f"{{{STYLE}}}table-properties",
        ):
            if any(properties.getparent() is d for _, d in defaults):
                continue
            mode = properties.get(_WRITING_MODE)
            paragraph = properties.tag == f"{{{STYLE}}}paragraph-properties"
            if mode in _DIRECTIONS and _DIRECTIONS[mode] != rtl:
                properties.set(_WRITING_MODE, "rl-tb" if rtl else "lr-tb")
            elif not (paragraph and turns and mode not in _DIRECTIONS):
                continue  # (said its own direction, the target's; or no paragraph)
            if paragraph:
                _mirror(properties, rtl=rtl, missing=False)
            changed[name] = root
    return changed


def _mirror(properties: etree._Element, *, rtl: bool, missing: bool = True) -> None:
    """The alignment of paragraph properties whose direction turned, to the other side; a
    default that says none (``missing``) goes to the right for a right-to-left target."""
    side = properties.get(_TEXT_ALIGN)
    if side in _MIRRORED:
        properties.set(_TEXT_ALIGN, _MIRRORED[side])
    elif side is None and missing and rtl:
        properties.set(_TEXT_ALIGN, "end")


def _made_default(name: str, root: etree._Element) -> tuple[str, etree._Element] | None:
    """A default paragraph style, in the part that holds the common styles (styles.xml, a
    flat file's one part); None where this part holds none."""
    styles = root.find(f"{{{OFFICE}}}styles")
    if styles is None:
        return None
    default = etree.Element(f"{{{STYLE}}}default-style", nsmap={"style": STYLE, "fo": FO})
    default.set(f"{{{STYLE}}}family", "paragraph")
    styles.insert(0, default)
    return name, default


def _name(properties: etree._Element, language: Language, *, fresh: bool = False) -> None:
    """Text properties naming ``language`` for its kind of script: the language, and its
    country (in ``fresh`` properties, or where they named one), script and tag where it has a
    script or the properties named them before."""
    names = _LANGUAGE_ATTRIBUTES[language.kind]
    values = (language.language, language.country, language.script, language.tag)
    given = names[:2] if fresh else names[:1]
    for name, value in zip(names, values, strict=True):
        named = name in given or (name in names[2:] and language.script is not None)
        if named or properties.get(name) is not None:
            if value is None:
                properties.attrib.pop(name, None)
            else:
                properties.set(name, value)


def _language_style(root: etree._Element, language: Language) -> str:
    """The name of an automatic text style naming ``language``, added to ``root``
    (content.xml or styles.xml) unless it is there: what a bilingual copy's text is marked
    with, as OpenDocument names a language per style and the paragraph's names the source's."""
    styles = root.find(f"{{{OFFICE}}}automatic-styles")
    if styles is None:
        styles = etree.Element(f"{{{OFFICE}}}automatic-styles")
        after = next(
            (c for c in root if local(c) in ("body", "master-styles")), None
        )  # (in the schema's order: what comes after them)
        if after is None:
            root.append(styles)
        else:
            after.addprevious(styles)
    name = f"Quire_{language.tag}"
    if not any(s.get(f"{{{STYLE}}}name") == name for s in styles):
        style = etree.SubElement(
            styles, f"{{{STYLE}}}style", {f"{{{STYLE}}}name": name, f"{{{STYLE}}}family": "text"}
        )
        _name(etree.SubElement(style, f"{{{STYLE}}}text-properties"), language, fresh=True)
    return name


def _in_span(paragraph: etree._Element, style: str) -> None:
    """The paragraph's content inside one span of ``style``."""
    span = etree.Element(f"{{{TEXT}}}span", {f"{{{TEXT}}}style-name": style})
    span.text, paragraph.text = paragraph.text, None
    for child in list(paragraph):
        span.append(child)  # (its tail with it)
    paragraph.append(span)


class _Styles:
    """The languages the styles of a document's parts name, for the text they mark."""

    def __init__(self, roots: Iterable[etree._Element]) -> None:
        self.common: dict[tuple[str, str], etree._Element] = {}
        self.automatic: dict[etree._Element, dict[tuple[str, str], etree._Element]] = {}
        self.defaults: dict[str, str] = {}
        for root in roots:
            own = self.automatic.setdefault(root, {})
            for holder, into in (("styles", self.common), ("automatic-styles", own)):
                for style in root.iterfind(f"{{{OFFICE}}}{holder}/{{{STYLE}}}style"):
                    key = (style.get(f"{{{STYLE}}}family", ""), style.get(f"{{{STYLE}}}name", ""))
                    into[key] = style
            for default in root.iterfind(f"{{{OFFICE}}}styles/{{{STYLE}}}default-style"):
                if default.get(f"{{{STYLE}}}family") == "paragraph":
                    self.defaults.update(_languages(default))

    def default(self, text: str) -> str | None:
        """The language of a text that no style marks: the default style's, for its script."""
        return self.defaults.get(text_kind(text))

    def marked(self, slot: Slot) -> str | None:
        """The language a text's span or paragraph style names for its kind of script."""
        if slot.element is None or slot.element.tag in (*_ALT, _TITLE):
            return None
        holder = slot.element.getparent() if slot.tail else slot.element
        kind = text_kind(slot.text)
        while holder is not None:
            paragraph = holder.tag in (_P, _H)
            name = holder.get(_STYLE_NAME)
            if name:
                family = "paragraph" if paragraph else "text"
                found = self._language(holder.getroottree().getroot(), family, name, kind)
                if found:
                    return found
            if paragraph:
                return None
            holder = holder.getparent()
        return None

    def _language(self, root: etree._Element, family: str, name: str, kind: str) -> str | None:
        own = self.automatic.get(root, {})
        for _depth in range(16):  # (a loop of parents ends)
            style = own.get((family, name))
            if style is None:
                style = self.common.get((family, name))
            if style is None:
                return None
            found = _languages(style).get(kind)
            if found:
                return found
            name = style.get(f"{{{STYLE}}}parent-style-name", "")
        return None


def _languages(style: etree._Element) -> dict[str, str]:
    """The languages a style's text properties name, per kind of script."""
    properties = style.find(f"{{{STYLE}}}text-properties")
    if properties is None:
        return {}
    return {
        kind: said
        for kind, names in _LANGUAGE_ATTRIBUTES.items()
        if (said := properties.get(names[0]))
    }


_STYLE_NAME = f"{{{TEXT}}}style-name"
META = "meta.xml"
_DOCUMENT = f"{{{OFFICE}}}document"  # (an object inside a flat file)
_BODY = f"{{{OFFICE}}}body"
_TITLE = f"{{{DC}}}title"
# Per kind of script: the attributes of a language, its country, script and BCP 47 tag.
_LANGUAGE_ATTRIBUTES = {
    "western": (
        *(f"{{{FO}}}{n}" for n in ("language", "country", "script")),
        f"{{{STYLE}}}rfc-language-tag",
    ),
    "asian": tuple(
        f"{{{STYLE}}}{n}-asian" for n in ("language", "country", "script", "rfc-language-tag")
    ),
    "complex": tuple(
        f"{{{STYLE}}}{n}-complex" for n in ("language", "country", "script", "rfc-language-tag")
    ),
}

_TABLE = f"{{{TABLE}}}table"
CHART = "urn:oasis:names:tc:opendocument:xmlns:chart:1.0"
_HREF = "{http://www.w3.org/1999/xlink}href"
_TITLES = frozenset(f"{{{CHART}}}{n}" for n in ("title", "subtitle", "footer"))


def _chart_title(paragraph: etree._Element) -> bool:
    """A paragraph of a chart's title, subtitle, footer or axis title."""
    return any(a.tag in _TITLES for a in paragraph.iterancestors())


def _page_of(element: etree._Element) -> int | None:
    """The slide or sheet (1-based) holding ``element`` in content.xml, if any."""
    for ancestor in element.iterancestors():
        if ancestor.tag == f"{{{DRAW}}}page" or (
            ancestor.tag == _TABLE and local(ancestor.getparent()) == "spreadsheet"
        ):
            parent = ancestor.getparent()
            assert parent is not None
            return [c for c in parent if c.tag == ancestor.tag].index(ancestor) + 1
    return None


def _text_cell(cell: etree._Element) -> bool:
    """A table cell whose paragraphs are its value: a string, not a number, date, time,
    currency, percentage or truth value shown in the cell's format, nor a formula's result."""
    value_type = cell.get(_VALUE_TYPE)
    return cell.get(_FORMULA) is None and value_type in (None, "string")


_NAMED = frozenset([f"{{{TABLE}}}named-range", f"{{{TABLE}}}named-expression"])


def _literals(
    root: etree._Element | None,
) -> tuple[Literals, dict[etree._Element, list[Given]]]:
    """What a spreadsheet's formulas, validity lists, conditional formats, filters and pilot
    tables name (``IF([.A2]="Done";…)``, ``cell-content-is-in-list("Yes";"No")``,
    ``contains-text("late")``), and its sheets' names (``INDIRECT(A1&".B1")``): translating
    a cell holding one would break them. And per cell, the literals its formula gives."""
    literals = Literals()
    given: dict[etree._Element, list[Given]] = {}
    if root is None:
        return literals, given
    for element in root.iter():
        for attribute in _FORMULA_ATTRIBUTES:
            value = element.get(attribute)
            if value and '"' in value:
                # (a cell's formula gives its value: =IF(B2>0;"Yes";"No") names no "Yes")
                result = attribute == _FORMULA and element.tag in _CELLS
                found = literals.formula(value, result=result)
                if found:
                    given[element] = found
        if element.tag == _FILTER_CONDITION:
            literals.criterion(element.get(f"{{{TABLE}}}value", ""))
        elif element.tag == _PILOT_FIELD:
            literals.text(element.get(f"{{{TABLE}}}source-field-name", ""))
        elif (element.tag == _TABLE and local(element.getparent()) == "spreadsheet") or (
            element.tag in _NAMED
        ):
            # A sheet's name, or a named range's, which a formula may build from a cell:
            # INDIRECT("'"&A1&"'!B1"), INDIRECT(B1)
            literals.text(element.get(f"{{{TABLE}}}name", ""))
    return literals, given


# Where a package's styles.xml, and a flat file's root, keep styles and master pages.
_STYLES = frozenset(f"{{{OFFICE}}}{n}" for n in ("styles", "automatic-styles", "master-styles"))


def _in_styles(paragraph: etree._Element) -> bool:
    return any(a.tag in _STYLES for a in paragraph.iterancestors())


def _inline(
    element: etree._Element, objects: dict[etree._Element, int | None]
) -> etree._Element | None:
    """The object among ``objects`` (a flat file's charts) that holds ``element``, if any."""
    if not objects:
        return None
    return next((a for a in element.iterancestors() if a in objects), None)


_MASTER_PAGE = f"{{{STYLE}}}master-page"
_CLASS = "{urn:oasis:names:tc:opendocument:xmlns:presentation:1.0}class"


def _on_master(paragraph: etree._Element) -> bool:
    """A presentation master page's own text, shown on every slide ("Company confidential"):
    a shape's that is no placeholder (whose ``presentation:class`` names what a slide puts
    there; its text is a prompt)."""
    shapes = [a for a in paragraph.iterancestors() if a.tag.startswith(f"{{{DRAW}}}")]
    return (
        bool(shapes)
        and all(shape.get(_CLASS) is None for shape in shapes)
        and any(a.tag == _MASTER_PAGE for a in paragraph.iterancestors())
    )


def _in_header(paragraph: etree._Element) -> bool:
    return any(
        local(a) in _HEADERS and a.tag.startswith(f"{{{STYLE}}}") for a in paragraph.iterancestors()
    )


class _Code:
    """Which paragraphs and spans are code, by their styles (automatic styles name the style
    they are based on); and ``formulas``, the frames in a sentence holding a formula (a
    LibreOffice Math object anchored as a character), each with its text: placeholders, as
    code spans and fields are."""

    formulas: dict[etree._Element, str]

    def __init__(self, roots: Iterable[etree._Element]) -> None:
        styles: dict[str, tuple[str, str]] = {}
        for root in roots:
            for style in root.iter(_STYLE):
                styles[style.get(_NAME, "")] = (
                    style.get(f"{{{STYLE}}}display-name", ""),
                    style.get(f"{{{STYLE}}}parent-style-name", ""),
                )
        self.styles = CodeStyles(styles)
        self.formulas = {}

    def paragraph(self, paragraph: etree._Element) -> bool:
        return self.styles.block(paragraph.get(_STYLE_NAME, ""))

    def preformatted(self, paragraph: etree._Element) -> bool:
        return self.styles.preformatted(paragraph.get(_STYLE_NAME, ""))

    def span(self, span: etree._Element) -> bool:
        return self.styles.inline(span.get(_STYLE_NAME, ""))


_STYLE, _NAME = f"{{{STYLE}}}style", f"{{{STYLE}}}name"


_MATH = "{http://www.w3.org/1998/Math/MathML}math"


def _as_character(frame: etree._Element) -> bool:
    return str(frame.get(f"{{{TEXT}}}anchor-type", "")) == "as-char"


def _slots(paragraph: etree._Element, code: _Code | None = None) -> list[Slot]:
    """The paragraph's text pieces; a field, or a span in a code style, is one fixed piece
    seen as its placeholder."""
    slots: list[Slot] = [Slot(paragraph)]
    _collect(paragraph, slots, code)
    return numbered(beside_fields(slots))


def _collect(element: etree._Element, slots: list[Slot], code: _Code | None) -> None:
    for child in element:
        kind = local(child)
        text_ns = isinstance(child.tag, str) and child.tag.startswith(f"{{{TEXT}}}")
        if text_ns and kind == "span" and code is not None and code.span(child):
            value = "".join(child.itertext())
            if value:
                slots.append(field(value))
        elif text_ns and kind == "a" and ADDRESS.fullmatch("".join(child.itertext()).strip()):
            # A link showing a web or e-mail address: kept as it is, seen as its placeholder
            # (a model may well "translate" https://example.com/en/contact).
            slots.append(field("".join(child.itertext())))
        elif (text_ns and kind in _INLINE) or child.tag in _LOEXT_INLINE:
            slots.append(Slot(child))
            _collect(child, slots, code)
        elif text_ns and kind == "s":
            slots.append(fixed(" " * _count(child.get(f"{{{TEXT}}}c"))))
        elif text_ns and kind == "tab":
            slots.append(fixed("\t"))
        elif text_ns and kind == "line-break":
            slots.append(fixed("\n"))
        elif code is not None and child in code.formulas:
            slots.append(field(code.formulas[child]))  # a formula in the sentence
        elif kind in _OPAQUE or not text_ns:
            pass  # frames, notes and shapes hold units of their own; comments have no text
        else:
            # A field (page number, date, reference): generated text, never sent as words
            # nor written; the translator sees its placeholder where it stands.
            value = "".join(child.itertext())
            if value:
                slots.append(field(value))
        slots.append(Slot(child, tail=True))


def _index_words(root: etree._Element) -> list[Slot]:
    """The words an index is made of, besides the text it lists: each index's title
    template, and the term (``text:string-value``) and keys of each entry marked at a point
    (``text:alphabetical-index-mark``, ``text:toc-mark``, ``text:user-index-mark``; a mark
    around text, ``-start``, lists that text, which is translated where it stands)."""
    found: list[Slot] = []
    for element in root.iter(*_INDEX_MARKS, _INDEX_TITLE):
        if element.tag == _INDEX_TITLE:
            if (element.text or "").strip() and not len(element):
                found.append(Slot(element))
            continue
        for attribute in _INDEX_WORDS:
            if not is_verbatim(str(element.get(attribute, ""))):
                found.append(Slot(element, attribute=attribute))
    return found


_INDEX_TITLE = f"{{{TEXT}}}index-title-template"
_INDEX_MARKS = tuple(
    f"{{{TEXT}}}{name}"
    for name in (
        "alphabetical-index-mark",
        "alphabetical-index-mark-start",
        "toc-mark",
        "user-index-mark",
    )
)
_INDEX_WORDS = tuple(f"{{{TEXT}}}{name}" for name in ("string-value", "key1", "key2"))


def _count(value: str | None) -> int:
    try:
        return max(1, min(int(value or "1"), 1000))
    except ValueError:
        return 1


def _check_kind(path: Path, package: Package | FlatPackage) -> None:
    """Refuse a document whose name says another kind than its package does (``mimetype``,
    a flat file's ``office:mimetype``; a template's as its kind's): a drawing named .odt was
    read as text, its pages' names never found, and a text named .odg as a drawing."""
    suffix = path.suffix.lower()
    flat = suffix in FLAT
    own = suffix.replace(".f", ".", 1) if flat else suffix
    if own not in MIMETYPES:
        return
    if isinstance(package, FlatPackage):
        said = str(package.root.get(f"{{{OFFICE}}}mimetype", ""))
    elif (
        package.has("mimetype")
        and package.archive.getinfo(package.real("mimetype")).file_size < 256
    ):
        said = package.archive.read(package.real("mimetype")).decode("ascii", "replace")
    else:
        return
    said = said.strip().removesuffix("-template")
    actual = next((s for s, m in MIMETYPES.items() if m == said), own)
    if actual == own:
        return
    actual = actual.replace(".", ".f", 1) if flat else actual
    raise renamed_file(path, actual)


def read(data: bytes, path: Path) -> Document:
    return OdfDocument(path, data)


__all__ = ["KINDS", "MIMETYPES", "OdfDocument", "read"]
