"""Visio drawings (.vsdx; macro-enabled .vsdm, templates .vstx/.vstm): each paragraph of a
shape's ``<Text>`` on every page and on every master (the text a shape that has none of its
own shows, translated once however many shapes show it) is a unit whose runs are its stretches
between Visio's markers (``<cp>``, a character format's start; ``<pp>``, ``<tp>``), a tab and
a line break (U+2028) fixed pieces and a field (``<fld>``: a date, a shape's data) seen as its
placeholder; so are each page's name (``Name``: its tab; the universal ``NameU``, which
formulas name, is kept), each shape's screen tip (its ``Comment`` cell), the labels and
prompts of its shape data (not their values: data a report or a link reads), each reviewer's
comment and the title in the document's properties. The character formats of the translated
text and the styles name the target (``LangID``); every other byte of a part, and every
other part of the package, is kept."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from engine.documents import ooxml, placeholders
from engine.documents.base import FIELD, Document, Unit, check_unit_count
from engine.documents.errors import DocumentError
from engine.documents.language import Language
from engine.documents.package import Package, Reparsed, Slot
from engine.documents.runs import beside_fields, cut_at_fields, distribute, fields
from engine.text.verbatim import is_verbatim

V = "http://schemas.microsoft.com/office/visio/2012/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_TEXT, _SHAPE, _CELL = f"{{{V}}}Text", f"{{{V}}}Shape", f"{{{V}}}Cell"
_SECTION, _ROW, _PAGE = f"{{{V}}}Section", f"{{{V}}}Row", f"{{{V}}}Page"
_FLD = f"{{{V}}}fld"
_COMMENT_ENTRY = f"{{{V}}}CommentEntry"
_DOCUMENT = "visio/document.xml"
_PAGES = "visio/pages/pages.xml"
_COMMENTS = "visio/comments.xml"
_APP = "docProps/app.xml"
_EP = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
# A formula's link within the drawing: ``HYPERLINK("", "Page-2")`` (no address; a page's name).
_HYPERLINK = re.compile(r'(HYPERLINK\(\s*""\s*,\s*)"((?:[^"]|"")*)"', re.IGNORECASE)
# Visio's own name for a page it adds ("Page-1", "Background-1", "Seite-2" in German): one
# its user never gave (``IsCustomName``).
_DEFAULT_PAGE = re.compile(r"[^\W\d_]+-\d+")
_PAGE_PART = re.compile(r"visio/pages/page(\d+)\.xml", re.IGNORECASE)
_MASTER_PART = re.compile(r"visio/masters/master(\d+)\.xml", re.IGNORECASE)
# What ends a paragraph in a shape's text, and what breaks a line inside one (Shift+Enter).
_PARAGRAPH_END, _LINE_BREAK = "\n", "\u2028"
# A cell's value that is the author's, not a formula's result (F absent, or taken from the
# master as it is).
_OWN_VALUE = frozenset([None, "Inh"])
_NO_LANGUAGE = frozenset(["", "x-none", "zxx"])
# The cells naming a language: a character format's, a shape's or a style's (``LangID``) and
# the document's own (``DocLangID``).
_LANGUAGES = frozenset(["LangID", "DocLangID"])
_IDENTIFIER = re.compile(r"_|[a-z][A-Z]")
# A template's markup, which a program fills in from a drawing made to be filled (Jinja's, as
# dave-howard/vsdx fills a drawing: ``{{ o }}``, ``{% for o in test_list %}``, ``{# … #}``):
# kept, seen as a field's placeholder. (Markdown's site syntax reads the same forms.)
_TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}")
# What cuts a shape's text into pieces: a paragraph's end, a line break, a tab, markup.
_PIECES = re.compile(rf"(\n|\u2028|\t|{_TEMPLATE.pattern})")


@dataclass(frozen=True, eq=False)
class Piece:
    """A stretch of a shape's text as the translator sees it (``text``): writable, or fixed (a
    tab; a line break, written back as the character it was, ``raw``; a field's placeholder,
    ``shown`` its cached result). Compared by identity: a piece is one place in the text."""

    text: str
    writable: bool = True
    shown: str | None = None
    raw: str | None = None


@dataclass
class _Node:
    """One string of a ``<Text>``: its own text or a marker's tail, as its pieces in order,
    each paragraph's and what lies between them (a paragraph's end, fixed)."""

    element: etree._Element
    tail: bool
    pieces: list[Piece]

    def write(self, written: dict[Piece, str]) -> None:
        said = "".join(
            written.get(p, p.text) if p.writable else (p.raw or p.text) for p in self.pieces
        )
        if self.tail:
            self.element.tail = said or None
        else:
            self.element.text = said or None


@dataclass
class _Paragraph:
    """A paragraph of a shape's text: its pieces, and the strings they lie in."""

    shape: etree._Element | None
    pieces: list[Piece]
    nodes: list[_Node]


def paragraphs(text: etree._Element) -> list[_Paragraph]:
    """The paragraphs of a shape's ``<Text>``, each with the pieces of its strings: a
    paragraph ends at a newline, wherever in the mixed content it stands (a ``<cp>`` often
    starts the next one's format just after it). A template's markup (``{{ o }}``, ``{% for
    … %}``) is a fixed piece seen as a field's placeholder; beside a field or markup with no
    text of its own on that side, an empty piece takes the words a translation puts there
    (``runs.beside_fields``: "ZXQ3Q に印刷" after a paragraph's last field)."""
    shape = next(text.iterancestors(_SHAPE), None)
    nodes = [_Node(text, False, [])]
    for child in text:
        if child.tag == _FLD:
            nodes.append(_Node(child, False, []))  # (its cached result: never written)
        nodes.append(_Node(child, True, []))
    found: list[_Paragraph] = []
    current = _Paragraph(shape, [], [])

    def add(node: _Node, piece: Piece) -> None:
        node.pieces.append(piece)
        current.pieces.append(piece)

    for node in nodes:
        if node.element.tag == _FLD and not node.tail:
            add(current.nodes[-1], Piece(""))  # (room before it)
            said = node.element.text or ""
            current.pieces.append(Piece(FIELD.format(len(fields(current.pieces)) + 1), False, said))
            continue
        string = (node.element.tail if node.tail else node.element.text) or ""
        current.nodes.append(node)
        if node.element.tag == _FLD:
            add(node, Piece(""))  # (room after it)
        for part in _PIECES.split(string):
            if part == _PARAGRAPH_END:
                node.pieces.append(Piece(part, False))
                found.append(current)
                current = _Paragraph(shape, [], [node])
            elif part in (_LINE_BREAK, "\t"):
                add(node, Piece("\n" if part == _LINE_BREAK else part, False, raw=part))
            elif _TEMPLATE.fullmatch(part):
                add(node, Piece(""))
                add(node, Piece(FIELD.format(len(fields(current.pieces)) + 1), False, part, part))
                add(node, Piece(""))
            elif part:
                add(node, Piece(part))
    found.append(current)
    kept = {id(p) for paragraph in found for p in beside_fields(paragraph.pieces)}
    for paragraph in found:
        paragraph.pieces = [p for p in paragraph.pieces if id(p) in kept]
    for node in nodes:
        node.pieces = [p for p in node.pieces if p.text or not p.writable or id(p) in kept]
    return [p for p in found if any(x.writable and x.text.strip() for x in p.pieces)]


@dataclass
class _Target:
    """Where a unit's translation goes: a paragraph of a shape's text, or a text held whole
    (``slot``: a page's name, a cell's value, a comment)."""

    part: str
    paragraph: _Paragraph | None = None
    slot: Slot | None = None
    menu: bool = False  # (a shortcut menu's entry: its prefix and access key kept)


def _said(slot: Slot, menu: bool) -> tuple[str, tuple[str, ...]]:
    """A text held whole as the translator sees it, with the markup it holds: a menu entry
    less its prefix and access key, a template's markup as fields' placeholders."""
    said = _menu_words(slot.text) if menu else slot.text
    markup = tuple(_TEMPLATE.findall(said))
    numbers = iter(range(1, len(markup) + 1))
    return _TEMPLATE.sub(lambda _: FIELD.format(next(numbers)), said), markup


def _filled(text: str, markup: Sequence[str]) -> str | None:
    """A translation with its template's markup in place of the placeholders; None where
    one is lost (the markup a program fills must stay whole)."""
    if not markup:
        return text
    stretches = cut_at_fields(text, len(markup))
    if stretches is None:
        return None
    return "".join(s + m for s, m in zip(stretches, [*markup, ""], strict=True))


# A shortcut menu entry's prefix (``_``: a separator above it; ``%``: at the menu's end).
_MENU_PREFIX = re.compile(r"[%_]*")


def _menu_words(value: str) -> str:
    """A shortcut menu entry as a reader sees it ("%_P&roperties": "Properties")."""
    body = value[_MENU_PREFIX.match(value).end() :]  # type: ignore[union-attr]
    return placeholders.without_access_key(body)[0]


def _menu(value: str, text: str) -> str:
    """The translation of the menu entry ``value`` with its prefix, its ampersands doubled and
    its access key marked (see ``placeholders.with_access_key``)."""
    prefix = _MENU_PREFIX.match(value).group()  # type: ignore[union-attr]
    label = value[len(prefix) :]
    key = placeholders.without_access_key(label)[1]
    inside = placeholders.access_key_inside(label)
    return prefix + placeholders.with_access_key(text, key, inside=inside)


class VisioDocument(Reparsed, Document):
    def __init__(self, path: Path, data: bytes) -> None:
        self.path = path
        self.package = Package(path, data, "Visio drawing", "Visio")
        self.package.require(_DOCUMENT)
        self._load()

    def _load(self) -> None:
        self.trees: dict[str, etree._Element] = {}
        self.targets: list[_Target] = []
        units: list[Unit] = []

        def add(target: _Target, uid: str, page: int | None, *, read: bool = True) -> None:
            check_unit_count(len(units) + 1, self.path)
            self.targets.append(target)
            if target.paragraph is not None:
                runs = tuple(p.text for p in target.paragraph.pieces)
                shown = fields(target.paragraph.pieces)
                units.append(Unit(uid, "".join(runs), runs, page, shown, read))
            else:
                assert target.slot is not None
                said, markup = _said(target.slot, target.menu)
                units.append(Unit(uid, said, (said,), page, markup, read))

        names = self._page_names()
        for number, part in enumerate(self._pages(), start=1):
            root = self._tree(part)
            for name, slot in names.get(part, []):
                add(_Target(_PAGES, slot=slot), f"{_PAGES}#page{number}{name}", number, read=False)
            for uid, target, read in self.shapes(part, root):
                add(target, uid, number, read=read)
        for part in self._numbered(_MASTER_PART):
            for uid, target, read in self.shapes(part, self._tree(part)):
                add(target, uid, None, read=read)
        if self.package.has(_COMMENTS):
            root = self._tree(_COMMENTS)
            for k, entry in enumerate(root.iter(_COMMENT_ENTRY), start=1):
                if (entry.text or "").strip() and not len(entry):
                    add(_Target(_COMMENTS, slot=Slot(entry)), f"{_COMMENTS}#c{k}", None, read=False)
        titled = ooxml.core_title(self.package)
        if titled is not None:
            root, title = titled
            self.trees[ooxml.CORE] = root
            add(_Target(ooxml.CORE, slot=Slot(title)), f"{ooxml.CORE}#title", None)
        self.units = tuple(units)

    def _tree(self, part: str) -> etree._Element:
        if part not in self.trees:
            self.trees[part] = self.package.xml(part)
        return self.trees[part]

    def _numbered(self, pattern: re.Pattern[str]) -> list[str]:
        found = [n for n in self.package.names if pattern.fullmatch(n)]
        return sorted(found, key=lambda n: int(pattern.fullmatch(n).group(1)))  # type: ignore[union-attr]

    def _pages(self) -> list[str]:
        """The pages' parts in the order of pages.xml (the tabs' order); by number where it
        cannot be followed."""
        by_number = self._numbered(_PAGE_PART)
        ordered = list(self._listed().values())
        return ordered if sorted(ordered) == sorted(by_number) else by_number

    def _listed(self) -> dict[etree._Element, str]:
        """Each ``<Page>`` of pages.xml with the part it names."""
        if not self.package.has(_PAGES):
            return {}
        targets = ooxml.relationships(self.package, _PAGES)
        found: dict[etree._Element, str] = {}
        for page in self._tree(_PAGES).iter(_PAGE):
            rel = page.find(f"{{{V}}}Rel")
            said = "" if rel is None else ooxml.get(rel, R, "id")
            if said in targets:
                found[page] = targets[said][1]
        return found

    def _page_names(self) -> dict[str, list[tuple[str, Slot]]]:
        """Each page's name (what its tab shows; not Visio's own, "Page-1", "Seite-2", which
        a user's Visio shows in its language anyway) and its layers' names (the Layers
        dialog's: shapes name their layers by number), by its part, where they have words."""
        found: dict[str, list[tuple[str, Slot]]] = {}
        for page, part in self._listed().items():
            said = found.setdefault(part, [])
            named = Slot(page, attribute="Name")
            custom = page.get("IsCustomName") == "1"
            if _words_in(named.text) and (custom or not _DEFAULT_PAGE.fullmatch(named.text)):
                said.append(("", named))
            sheet = page.find(f"{{{V}}}PageSheet")
            for section in [] if sheet is None else sheet.iterfind(f"{{{V}}}Section"):
                if section.get("N") != "Layer":
                    continue
                for row in section.iterfind(_ROW):
                    cell = next((c for c in row.iter(_CELL) if c.get("N") == "Name"), None)
                    if cell is not None and _words(cell):
                        said.append((f".layer{row.get('IX', '')}", Slot(cell, attribute="V")))
        return found

    def render(self, translations: Sequence[str]) -> bytes:
        self._check(translations)
        self._fresh()
        changed: dict[str, etree._Element] = {}
        written: dict[Piece, str] = {}
        nodes: dict[int, _Node] = {}
        self.translated: set[etree._Element] = set()
        names = {page: str(page.get("Name", "")) for page in self._listed()}
        for unit, target, text in zip(self.units, self.targets, translations, strict=True):
            if text == unit.text:
                continue
            changed[target.part] = self.trees[target.part]
            if target.slot is not None:
                filled = _filled(text, unit.fields)
                if filled is not None:
                    target.slot.set(_menu(target.slot.text, filled) if target.menu else filled)
                continue
            paragraph = target.paragraph
            assert paragraph is not None
            pieces = paragraph.pieces
            parts = distribute(text, pieces)
            written.update(zip([p for p in pieces if p.writable], parts, strict=True))
            nodes.update((id(n), n) for n in paragraph.nodes)
            if paragraph.shape is not None:
                self.translated.add(paragraph.shape)
        for node in nodes.values():
            node.write(written)
        changed.update(self._follow(names))
        if self.language is not None:
            changed.update(self._declare(self.language))
        return self.package.write(changed)

    def _follow(self, names: dict[etree._Element, str]) -> dict[str, etree._Element]:
        """What names a page whose name was translated (``names``: each page's name before),
        made its new name: the links to it within the drawing (a hyperlink's ``SubAddress``
        with no ``Address``, "Page-2" or "Page-2/Sheet.1", and a ``HYPERLINK("", …)``
        formula's), as Visio follows a link by the page's name as its tab shows it, and the
        properties' list of the pages; a name another page has (Visio's names are unique,
        whatever the case) stays as it was. The parts changed."""
        renamed: dict[str, str] = {}
        for page, before in names.items():
            after = str(page.get("Name", ""))
            others = {str(p.get("Name", "")).casefold() for p in names if p is not page}
            if after == before:
                continue
            if after.casefold() in others:
                page.set("Name", before)  # (the first page given it keeps it)
                continue
            renamed[before] = after
        if not renamed:
            return {}
        changed: dict[str, etree._Element] = {}

        def renaming(address: str) -> str | None:
            page, slash, rest = address.partition("/")
            return renamed[page] + slash + rest if page in renamed else None

        def formula(match: re.Match[str]) -> str:
            new = renaming(match.group(2).replace('""', '"'))
            said = match.group(2) if new is None else new.replace('"', '""')
            return f'{match.group(1)}"{said}"'

        for part in [*self._numbered(_PAGE_PART), *self._numbered(_MASTER_PART)]:
            root = self._tree(part)
            for cell in root.iter(_CELL):
                said = cell.get("F")
                if said and _HYPERLINK.search(said):
                    new_formula = _HYPERLINK.sub(formula, said)
                    if new_formula != said:
                        cell.set("F", new_formula)
                        changed[part] = root
                if cell.get("N") != "SubAddress" or cell.get("F") not in _OWN_VALUE:
                    continue
                row = cell.getparent()
                address = next((c for c in row.iter(_CELL) if c.get("N") == "Address"), None)
                new = renaming(str(cell.get("V", "")))
                if new is not None and (address is None or not address.get("V")):
                    cell.set("V", new)
                    changed[part] = root
        changed.update(self._titles(renamed))
        return changed

    def _titles(self, renamed: dict[str, str]) -> dict[str, etree._Element]:
        """The properties' list of the pages' names (``TitlesOfParts``, where ``HeadingPairs``
        counts the pages, first: what a file manager lists) with the translated names."""
        if not self.package.has(_APP):
            return {}
        try:
            root = self.package.xml(_APP)
        except DocumentError:  # damaged properties: left as they are (the file opens)
            return {}
        pairs = [
            v for v in root.iterfind(f"{{{_EP}}}HeadingPairs/{{{_VT}}}vector/{{{_VT}}}variant")
        ]
        titles = root.findall(f"{{{_EP}}}TitlesOfParts/{{{_VT}}}vector/{{{_VT}}}lpstr")
        start = 0
        for heading, count in zip(pairs[::2], pairs[1::2], strict=False):
            number = int(count.findtext(f"{{{_VT}}}i4") or 0)
            if heading.findtext(f"{{{_VT}}}lpstr") == "Pages" or heading is pairs[0]:
                listed = [t for t in titles[start : start + number] if t.text in renamed]
                for title in listed:
                    title.text = renamed[str(title.text)]
                return {_APP: root} if listed else {}
            start += number
        return {}

    def _declare(self, language: Language) -> dict[str, etree._Element]:
        """The languages the styles, the master and page shapes and their character formats
        name (``LangID``: a culture name, as Visio 2013 writes it), made ``language``'s: but
        those of a shape whose text was kept as it was (the model failed on it), of shape
        data (the format of its values), and those naming no language."""
        kept = {
            target.paragraph.shape
            for unit, target in zip(self.units, self.targets, strict=True)
            if target.paragraph is not None and target.paragraph.shape is not None
        } - self.translated
        changed: dict[str, etree._Element] = {}
        parts = [_DOCUMENT, *self._numbered(_PAGE_PART), *self._numbered(_MASTER_PART)]
        for part in parts:
            try:
                root = self._tree(part)
            except DocumentError:  # never read for its text: left as it is
                continue
            for cell in root.iter(_CELL):
                if cell.get("N") not in _LANGUAGES or cell.get("V", "") in _NO_LANGUAGE:
                    continue
                row = cell.getparent()
                section = row.getparent() if row is not None and row.tag == _ROW else None
                if section is not None and section.get("N") != "Character":
                    continue  # (shape data's: how its values are written)
                if next(cell.iterancestors(_SHAPE), None) in kept:
                    continue
                if cell.get("V") != language.culture:
                    cell.set("V", language.culture)
                    changed[part] = root
        changed.update(ooxml.declare_core(self.package, language, self.trees))
        return changed

    @staticmethod
    def shapes(part: str, root: etree._Element) -> list[tuple[str, _Target, bool]]:
        """The units of a page's or master's shapes (``root``: the part's, or a shape), shape
        by shape in the part's order, each with its target and whether it is read: each
        paragraph of its text, its screen tip, its shape data's labels and prompts."""
        return list(_shapes(root, part))


def _shapes(root: etree._Element, part: str) -> Iterator[tuple[str, _Target, bool]]:
    for shape in root.iter(_SHAPE):
        own = shape.get("ID", "")
        text = next((c for c in shape if c.tag == _TEXT), None)
        if text is not None:
            for k, paragraph in enumerate(paragraphs(text), start=1):
                yield f"{part}#s{own}.p{k}", _Target(part, paragraph=paragraph), True
        for name, cell in _cells(shape):
            menu = name.endswith(".menu")
            target = _Target(part, slot=Slot(cell, attribute="V"), menu=menu)
            yield f"{part}#s{own}.{name}", target, False


# The rows whose cells a reader sees as words, by section: shape data (``Label``, the Shape
# Data window's name for a row; ``Prompt``, its tip), hyperlinks (``Description``: the
# link's tip and its entry in the shortcut menu) and actions (``Menu``: a shortcut menu's
# entry).
_SHOWN = {"Property": ("Label", "Prompt"), "Hyperlink": ("Description",), "Actions": ("Menu",)}


def _cells(shape: etree._Element) -> Iterator[tuple[str, etree._Element]]:
    """A shape's cells whose values a reader sees as words: its screen tip (``Comment``) and
    those of its rows ``_SHOWN`` names, but a hidden row's; the author's own values only,
    not a formula's ("Hide &U sizes" computed from a switch stays as it is)."""
    for child in shape:
        if child.tag == _CELL and child.get("N") == "Comment":
            if _words(child):
                yield "tip", child
        elif child.tag == _SECTION and child.get("N") in _SHOWN:
            for row in child.iter(_ROW):
                cells = {c.get("N"): c for c in row.iter(_CELL)}
                hidden = cells.get("Invisible")
                if hidden is not None and hidden.get("V") == "1":
                    continue  # (a stencil's own data: ShapeClass, ShapeType)
                for name in _SHOWN[str(child.get("N"))]:
                    cell = cells.get(name)
                    if cell is not None and _words(cell):
                        yield f"{row.get('N', row.get('IX', ''))}.{name.lower()}", cell


def _words(cell: etree._Element) -> bool:
    """Whether a cell's value is the author's words (``_words_in``), not a formula's."""
    return cell.get("F") in _OWN_VALUE and _words_in(str(cell.get("V", "")))


def _words_in(said: str) -> bool:
    """Whether a text has words (``_reads``) besides a template's markup."""
    return _reads(_TEMPLATE.sub(" ", said))


def _reads(said: str) -> bool:
    """Whether a name is words, not an identifier ("my_property_label", "LongProp": a name
    a report or a formula may match)."""
    if not said.strip() or is_verbatim(said):
        return False
    return bool(said.split()[1:]) or not _IDENTIFIER.search(said)


def read(data: bytes, path: Path) -> Document:
    return VisioDocument(path, data)


__all__ = ["Piece", "VisioDocument", "paragraphs", "read"]
