"""Excel .xlsx workbooks: the text cells of every sheet, in the workbook's sheet order and
each sheet's row order, are units: a shared string (``xl/sharedStrings.xml``, translated once
however many cells show it) or a cell's inline string, whose runs are its rich-text runs. So
are the sheets' comments (legacy and threaded), each section of their headers and footers
(its codes kept: ``&P`` a field), the text boxes and shapes of their drawings and their
SmartArt diagrams (data and drawing, as .pptx's), their charts' titles, axis titles and
literal series names and categories (those a chart caches from cells get the cells'
translations), and pictures' alt texts. So is each text a cell's formula gives,
or builds what it gives from (``=IF(B2>0,"Yes","No")``, ``="Total: "&B2``; a shared
formula's in its first cell, which the others copy; a table's calculated column's), so that
it reads as a cell holding the same text does: written back in its place in the formula,
the rest of it as it was, cut to the 255 characters Excel takes in a formula's text.

Left as they are: numbers, dates, booleans and the rest of formulas; sheet names (formulas
refer to sheets by name), and a cell holding one (``INDIRECT(A1&"!B1")`` reads it); and a
text that something else must go on matching (``engine.documents.formulas``): a formula's or
a defined name's literal (``=IF(A2="Done";…)``, ``COUNTIF(…;"<>closed")``; and what a
formula gives where a formula compares that), a drop-down list's choices, a filter's values,
a table's column names, a pivot table's fields.
Every other zip entry (styles, the sheets' cells themselves, macros, media) is copied byte for
byte, but for what makes formulas computed again on opening (their results cached in the file
would show the untranslated texts): ``fullCalcOnLoad`` for Excel, and no cached text results
for LibreOffice; and for the direction a translation into or out of Arabic or Hebrew reads in
(the sheets' views, the cell formats' reading order)."""

from __future__ import annotations

import copy
import dataclasses
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from lxml import etree

from engine.documents import ooxml
from engine.documents.base import Document, Unit, check_unit_count
from engine.documents.errors import DocumentError
from engine.documents.formulas import Given, GivenSlot, Literals, given_slots
from engine.documents.ooxml import both, same_namespace
from engine.documents.package import (
    Package,
    Slot,
    SlotDocument,
    alt_texts,
    apply,
    copy_after,
    field,
    fields,
    local,
    numbered,
)
from engine.documents.pptx import paragraph_slots

S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
THREADED = "http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# SpreadsheetML writes characters XML cannot hold (and a literal "_x...._") as _xHHHH_.
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
_NEEDS_ESCAPE = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)")
# Whitespace a reader might fold unless the element says to keep it.
_LOOSE_SPACE = re.compile(r"^\s|\s$|\s\s|[\t\n]")
# What Excel stores in a cell's text at most; a longer translation would make the file one
# Excel repairs on opening.
MAX_CELL_CHARS = 32767


class XlsxSlot(Slot):
    """A ``t`` element's text as the reader sees it: ``_xHHHH_`` escapes decoded, and encoded
    again (a carriage return as ``_x000D_``, as Excel writes it; ``xml:space="preserve"``
    where spaces lead, trail, repeat or break lines) when written."""

    @property
    def text(self) -> str:
        assert self.element is not None
        return _unescape(self.element.text or "")

    def set(self, value: str) -> None:
        assert self.element is not None
        self.element.text = _escape(value)
        if _LOOSE_SPACE.search(value):
            self.element.set(XML_SPACE, "preserve")


# A data validation's messages, which Excel shows on choosing the cell and on a wrong entry,
# and the most of each it takes (a longer one is a file it repairs).
_VALIDATION_TEXTS = {"promptTitle": 32, "prompt": 255, "errorTitle": 32, "error": 225}


class _MessageSlot(Slot):
    """A data validation's message (an attribute), cut to what Excel takes."""

    def set(self, value: str) -> None:
        assert self.element is not None
        self.element.set(self.attribute, _clipped(value, limit=_VALIDATION_TEXTS[self.attribute]))


# What Excel takes in a text literal of a formula at most (a longer one is a formula it
# refuses).
MAX_LITERAL_CHARS = 255


class _GivenSlot(GivenSlot):
    """A literal a cell's formula gives, cut to what Excel takes."""

    def set(self, value: str) -> None:
        super().set(_clipped(value, limit=MAX_LITERAL_CHARS))


# Functions whose number is read from a text, which translation changes (=LEN(A2), a length
# check in a localisation sheet): their cached results are dropped, as a text result's is.
_MEASURES_TEXT = re.compile(r"\b(?:LENB?|FINDB?|SEARCHB?|EXACT|CODE|UNICODE)\s*\(", re.I)


class _ValueSlot(XlsxSlot):
    """A plain string cell's ``v`` (``t="str"`` with no formula, as SheetJS writes every text
    cell): its text as a ``t``'s, but no ``xml:space``, which ``v`` does not take."""

    def set(self, value: str) -> None:
        assert self.element is not None
        self.element.text = _escape(value)


# A cell format's reading order (0: its text's own) and whether it reads right to left.
_READING_ORDERS = {"1": False, "2": True}
_MIRRORED = {"left": "right", "right": "left"}
# What comes before a worksheet's views (ECMA-376 part 1, CT_Worksheet).
_BEFORE_VIEWS = frozenset(["sheetPr", "dimension"])


def _turn_views(sheet: etree._Element, *, rtl: bool) -> bool:
    """Make a worksheet's views show it right to left (column A on the right), or not; a
    worksheet with none gets one for a right-to-left target. Whether anything changed."""
    views = sheet.find(same_namespace(sheet, "sheetViews"))
    if views is None:
        if not rtl:
            return False
        views = etree.Element(same_namespace(sheet, "sheetViews"))
        etree.SubElement(views, same_namespace(sheet, "sheetView"), workbookViewId="0")
        before = [c for c in sheet if isinstance(c.tag, str) and local(c) in _BEFORE_VIEWS]
        sheet.insert(sheet.index(before[-1]) + 1 if before else 0, views)
    turned = False
    for view in views.findall(same_namespace(sheet, "sheetView")):
        if (view.get("rightToLeft") in ("1", "true")) == rtl:
            continue
        if rtl:
            view.set("rightToLeft", "1")
        else:
            del view.attrib["rightToLeft"]
        turned = True
    return turned


def _unescape(text: str) -> str:
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def _escape(text: str) -> str:
    return _NEEDS_ESCAPE.sub(lambda m: f"_x{ord(m.group(0)):04X}_", text)


class XlsxDocument(SlotDocument):
    def __init__(self, path: Path, data: bytes) -> None:
        self.path = path
        self.package = Package(path, data, "Excel workbook", "Excel or LibreOffice")
        self.workbook = self._workbook_part()
        self._load()

    def _workbook_part(self) -> str:
        for kind, target in ooxml.relationships(self.package, "").values():
            if kind.endswith("/officeDocument") and self.package.has(target):
                if self.package.xml(target).tag in both(S, "workbook"):
                    return target
                break  # (a Word document's or a presentation's: a file renamed .xlsx)
        self.package.require("xl/workbook.xml")
        return "xl/workbook.xml"

    def _load(self) -> None:
        self.trees: dict[str, etree._Element] = {}
        self.targets: list[tuple[str, etree._Element, list[Slot]]] = []
        units: list[Unit] = []
        self.has_formulas = False
        self.text_results: dict[str, list[etree._Element]] = {}
        self.chart_caches: list[tuple[str, etree._Element]] = []
        # What each cell's formula and table's calculated column gives, of the literals
        # in its text.
        self.given: dict[etree._Element, list[Given]] = {}
        sheets = self._sheets()
        self.columns: set[str] = set()  # (tables' column names, which _literals finds)
        literals = self._literals(sheets)
        named: list[str] = []  # texts kept as a formula, a list, a filter or a table names them
        workbook_rels = ooxml.relationships(self.package, self.workbook)
        shared_name = next(
            (t for k, t in workbook_rels.values() if k.endswith("/sharedStrings")), None
        )
        shared: list[etree._Element] = []
        if shared_name is not None and self.package.has(shared_name):
            root = self.package.xml(shared_name)
            self.trees[shared_name] = root
            shared = list(root.iter(*both(S, "si")))
        seen: set[int] = set()

        def add(
            name: str,
            uid: str,
            owner: etree._Element,
            slots: list[Slot],
            page: int,
            read: bool = True,
        ) -> None:
            text = "".join(s.text for s in slots)
            if not any(s.element is not None and s.text.strip() for s in slots):
                return
            if literals.covers(text):
                named.append(text)
                return  # a formula, a list, a filter or a table names it: it stays
            check_unit_count(len(units) + 1, self.path)
            self.targets.append((name, owner, slots))
            units.append(Unit(uid, text, tuple(s.text for s in slots), page, fields(slots), read))

        def add_given(name: str, uid: str, formula: etree._Element, page: int) -> None:
            """What ``formula`` gives (=IF(B2>0,"Yes","No")): a unit each, read in place."""
            found = self.given.get(formula)
            if found:
                slots = given_slots(formula, formula.text or "", found, kind=_GivenSlot)
                for k, slot in enumerate(slots, start=1):
                    # (read as what the formula can give, not what its cell shows: not read)
                    add(name, f"{uid}.f{k}", formula, [slot], page, read=False)

        for page, (sheet, root) in enumerate(sheets, start=1):
            for cell in root.iter(*both(S, "c")):
                kind = cell.get("t")
                formula = ooxml.find(cell, S, "f")
                if formula is not None and formula in self.given:
                    self.trees[sheet] = root
                    add_given(sheet, f"{sheet}#{cell.get('r', len(units))}", formula, page)
                if formula is not None and (
                    kind == "str" or _MEASURES_TEXT.search(formula.text or "") is not None
                ):
                    # A result read from text (a text, or a text's length: =LEN(A1)): computed
                    # again once the texts are translated.
                    self.text_results.setdefault(sheet, []).append(cell)
                    self.trees[sheet] = root
                elif kind == "str":  # (a text in the cell itself: SheetJS's way, by default)
                    value = ooxml.find(cell, S, "v")
                    if value is not None:
                        self.trees[sheet] = root
                        ref = cell.get("r", str(len(units)))
                        add(sheet, f"{sheet}#{ref}", cell, [_ValueSlot(value)], page)
                elif kind == "s" and shared_name is not None:
                    value = ooxml.find(cell, S, "v")
                    try:
                        index = int((value.text if value is not None else "") or "")
                    except ValueError:
                        continue
                    if index in seen or not 0 <= index < len(shared):
                        continue
                    seen.add(index)
                    si = shared[index]
                    add(shared_name, f"{shared_name}#si{index}", si, _string_slots(si), page)
                elif kind == "inlineStr":
                    inline = ooxml.find(cell, S, "is")
                    if inline is not None:
                        self.trees[sheet] = root
                        ref = cell.get("r", str(len(units)))
                        add(sheet, f"{sheet}#{ref}", inline, _string_slots(inline), page)
            for n, rule in enumerate(root.iter(*both(S, "dataValidation")), start=1):
                for name in _VALIDATION_TEXTS:
                    if rule.get(name, "").strip():
                        self.trees[sheet] = root
                        message = _MessageSlot(rule, attribute=name)
                        add(sheet, f"{sheet}#dv{n}.{name}", rule, [message], page)
            for header, section, slots in _header_sections(root):
                self.trees[sheet] = root
                add(sheet, f"{sheet}#{local(header)}.{section}", header, slots, page, read=False)
            for kind, part in ooxml.relationships(self.package, sheet).values():
                if not self.package.has(part):
                    continue
                if kind.endswith("/table"):  # a calculated column's formula
                    table = self._tree(part)
                    for n, column in enumerate(table.iter(*both(S, "tableColumn")), start=1):
                        calculated = ooxml.find(column, S, "calculatedColumnFormula")
                        if calculated is not None:
                            add_given(part, f"{part}#column{n}", calculated, page)
                elif kind.endswith("/comments"):
                    comments = self._tree(part)
                    for n, comment in enumerate(comments.iter(*both(S, "text")), start=1):
                        add(part, f"{part}#c{n}", comment, _string_slots(comment), page)
                elif kind.endswith("/threadedComment"):
                    threads = self._tree(part)
                    for n, body in enumerate(threads.iter(f"{{{THREADED}}}text"), start=1):
                        add(part, f"{part}#t{n}", body, [XlsxSlot(body)], page)
                elif kind.endswith("/drawing"):
                    charts = ooxml.charts(self.package, part)
                    diagrams = ooxml.diagrams(self.package, part, self._tree(part))
                    for name in (part, *charts, *diagrams):
                        drawing = self._tree(name)
                        # (a SmartArt's drawing repeats its data's text: read once, as the data)
                        read = name not in diagrams or local(drawing) == "dataModel"
                        for n, paragraph in enumerate(drawing.iter(*both(A, "p")), start=1):
                            slots = paragraph_slots(paragraph)
                            add(name, f"{name}#p{n}", paragraph, slots, page, read)
                        if name in charts:
                            self._chart_strings(name, drawing, add, page)
                        if name == part:
                            alts = alt_texts(drawing, both(XDR, "cNvPr"))
                            for k, alt in enumerate(alts, start=1):
                                assert alt.element is not None
                                add(name, f"{name}#alt{k}", alt.element, [alt], page)
        self.units = tuple(units)
        if named and not units:
            raise self._names_only(named)

    def _names_only(self, named: Sequence[str]) -> DocumentError:
        """A workbook whose every text is one its formulas, tables or lists name (poi's
        56274.xlsx: a table's header row alone), which "no text" would misstate."""
        columns = all(text.strip() in self.columns for text in named)
        what = (
            "its tables' column names, which formulas refer to"
            if columns
            else "names that formulas can refer to (a sheet's, a list's choices, a filter's)"
        )
        return DocumentError(
            f"The workbook's only text is {what}, and they are kept",
            path=self.path,
            hint="Translated, the formulas that refer to them would no longer find them: "
            "there is nothing else to translate",
            message_id="document.names_only",
            params={"columns": int(columns)},
        )

    def _chart_strings(
        self, name: str, chart: etree._Element, add: Callable[..., None], page: int
    ) -> None:
        """A chart's legend and category labels: a literal one (a series named in the chart
        itself) is a unit; one cached from cells (``c:strRef``) is the copy of cells that
        are units themselves, and gets their translation when written (``chart_caches``)."""
        for k, value in enumerate(ooxml.chart_strings(chart), start=1):
            if ooxml.from_cells(value):
                self.chart_caches.append((name, value))
            else:
                add(name, f"{name}#v{k}", value, [Slot(value)], page, read=False)

    def _refill(self, changed: dict[str, etree._Element], shown: dict[str, str]) -> None:
        """Give each chart's cached strings what the cells they copy show now (``shown``:
        a changed text -> what it became): Excel shows a chart's cache until it computes
        the chart again, and the legend stayed in the source language."""
        for name, value in self.chart_caches:
            now = shown.get(value.text or "")
            if now is not None:
                value.text = now
                changed[name] = self.trees[name]

    def _tree(self, name: str) -> etree._Element:
        if name not in self.trees:
            self.trees[name] = self.package.xml(name)
        return self.trees[name]

    def _sheets(self) -> list[tuple[str, etree._Element]]:
        """The worksheets (parsed, not kept for writing unless they hold inline strings), in
        the workbook's order."""
        workbook = self.package.xml(self.workbook)
        targets = ooxml.relationships(self.package, self.workbook)
        found: list[tuple[str, etree._Element]] = []
        for sheet in workbook.iter(*both(S, "sheet")):
            kind, part = targets.get(ooxml.get(sheet, R, "id"), ("", ""))
            if kind.endswith(("/worksheet", "/chartsheet")) and self.package.has(part):
                found.append((part, self.package.xml(part)))
        return found

    def _literals(self, sheets: Sequence[tuple[str, etree._Element]]) -> Literals:
        """What the workbook's formulas (cells', defined names', conditional formats',
        validations', tables' calculated columns), drop-down lists, filters, tables' column
        names and pivot tables' fields name, and its sheets' and defined names (which a
        formula builds from a cell: ``INDIRECT("'"&A1&"'!B1")``, ``INDIRECT(B1)``): texts a
        cell must go on matching."""
        literals = Literals()
        parts = [root for _name, root in sheets]
        parts.append(self.package.xml(self.workbook))
        for sheet, _root in sheets:
            for kind, part in ooxml.relationships(self.package, sheet).values():
                if kind.endswith("/table") and self.package.has(part):
                    parts.append(self._tree(part))  # (kept: its calculated columns' texts)
        for kind, part in ooxml.relationships(self.package, self.workbook).values():
            if kind.endswith("/pivotCacheDefinition") and self.package.has(part):
                parts.append(self.package.xml(part))
        for root in parts:
            for element in root.iter():
                name = local(element)
                text = (element.text or "").strip()
                parent = element.getparent()
                owner = local(parent) if parent is not None else ""
                # A drop-down list: "Yes,No" (the x14 extension's in an xm:f of its formula1).
                listed = name == "formula1" or (name == "f" and owner == "formula1")
                if listed and text.startswith('"'):
                    literals.choices(text)
                elif name in _FORMULAS and text:
                    self.has_formulas = self.has_formulas or (name == "f" and owner == "c")
                    if name == "definedName":
                        # (its name, a cell holding it or a formula giving it, is read by
                        # INDIRECT(B1): Excel's dependent drop-down lists)
                        literals.text(element.get("name", ""))
                    # (a cell's value, which what it gives as such is: =IF(B2>0,"Yes","No"))
                    value = (name == "f" and owner == "c") or name == "calculatedColumnFormula"
                    given = literals.formula(element.text or "", result=value)
                    if given:
                        self.given[element] = given
                elif name in ("filter", "customFilter"):
                    literals.criterion(element.get("val", ""))
                elif name in ("tableColumn", "cacheField") or (
                    name == "sheet" and owner == "sheets"
                ):
                    if name == "tableColumn":
                        self.columns.add(element.get("name", "").strip())
                    # (a sheet's name: a cell holding one is read by INDIRECT("'"&A1&"'!B1"))
                    literals.text(element.get("name", ""))
        return literals

    def render(self, translations: Sequence[str]) -> bytes:
        self._check(translations)
        self._fresh()
        changed: dict[str, etree._Element] = {}
        shown: dict[str, str] = {}  # (a text -> what its cells show now)
        for unit, (name, _owner, slots), text in zip(
            self.units, self.targets, translations, strict=True
        ):
            if text != unit.text:
                apply(slots, _clipped(text))
                changed[name] = self.trees[name]
                shown[unit.text] = "".join(s.text for s in slots)
        self._refill(changed, shown)
        if changed and self.language is not None:
            self._orient(changed, rtl=self.language.rtl)
            changed.update(ooxml.declare_core(self.package, self.language, self.trees))
        return self._write(changed)

    def _orient(self, changed: dict[str, etree._Element], *, rtl: bool) -> None:
        """Make the translated workbook read in its language's direction, as Excel shows an
        Arabic one (a workbook translated into Arabic kept column A on the left; one out of
        it kept it on the right): each worksheet's views ``rightToLeft``, or not; and a cell
        format whose reading order says the other direction says the target's, its
        alignment to a side turned with it (a right alignment that only came with the
        direction; a number's, in a format saying no direction, stays)."""
        targets = ooxml.relationships(self.package, self.workbook)
        for kind, part in targets.values():
            if not kind.endswith("/worksheet") or not self.package.has(part):
                continue
            root = self.trees.get(part)
            if root is None:
                if not rtl and b"rightToLeft" not in self.package.archive.read(part):
                    continue  # (nothing to turn: a sheet of 50,000 rows is not parsed for it)
                try:
                    root = self.package.xml(part)
                except DocumentError:  # damaged: copied as it is (the others still open)
                    continue
            if _turn_views(root, rtl=rtl):
                self.trees[part] = changed[part] = root
        styles = next((p for k, p in targets.values() if k.endswith("/styles")), None)
        if styles is None or not self.package.has(styles):
            return
        root = self.trees.get(styles)
        if root is None:
            try:
                root = self.package.xml(styles)
            except DocumentError:  # damaged: left as it is
                return
        turned = False
        for alignment in root.iter(*both(S, "alignment")):
            said = alignment.get("readingOrder")
            if said not in _READING_ORDERS or _READING_ORDERS[said] == rtl:
                continue
            alignment.set("readingOrder", "2" if rtl else "1")
            side = alignment.get("horizontal")
            if side in _MIRRORED:
                alignment.set("horizontal", _MIRRORED[side])
            turned = True
        if turned:
            self.trees[styles] = changed[styles] = root

    def _write(self, changed: dict[str, etree._Element]) -> bytes:
        """The workbook with ``changed`` parts; formulas computed again when it is opened,
        when a text they may read changed (Excel and LibreOffice show the results cached in
        the file otherwise: ``=A1`` would go on showing the untranslated text). Excel does
        on ``fullCalcOnLoad``; LibreOffice trusts a file it or Excel wrote, so the cached
        results of formulas giving text, or a number read from text (``=LEN(A1)``), are
        dropped too, which it computes then."""
        if changed and self.has_formulas:
            workbook = self.package.xml(self.workbook)
            _calculate_on_load(workbook)
            changed[self.workbook] = workbook
            for sheet, cells in self.text_results.items():
                for cell in cells:
                    for value in cell.findall(same_namespace(cell, "v")):
                        cell.remove(value)
                changed[sheet] = self.trees[sheet]
        return self.package.write(changed, standalone=True)

    def render_bilingual(self, translations: Sequence[str]) -> bytes:
        """Each text followed by its translation in the same cell, comment or shape: after a
        line break when the text has line breaks of its own, else after " / " (a cell shows
        a line break only when it wraps its text); a text box's paragraph is followed by a
        copy holding the translation."""
        self._check(translations)
        self._fresh()
        changed: dict[str, etree._Element] = {}
        shown: dict[str, str] = {}
        for n, ((name, owner, slots), text) in enumerate(
            zip(self.targets, translations, strict=True)
        ):
            if self.shown_once(n, text):
                continue
            changed[name] = self.trees[name]
            source = "".join(s.text for s in slots)
            joint = "\n" if "\n" in source else " / "
            shown[source] = _clipped(f"{source}{joint}{text}")
            if local(owner) in _HEADERS:  # (room for one: Excel takes 255 characters)
                apply(slots, text)
            elif local(owner) == "p":  # a drawing's paragraph
                copy_after(owner, slots, text, drop=lambda e: False)
            elif len(slots) == 1 and slots[0].element is not None:
                slots[0].set(_clipped(f"{source}{joint}{text}"))
            else:  # rich text: the runs again after the originals, holding the translation
                runs = [s.element.getparent() for s in slots if s.element is not None]
                last = runs[-1]
                assert last is not None
                twins = []
                for run in runs:
                    assert run is not None
                    twin = copy.deepcopy(run)
                    twin.tail = None
                    twins.append(twin)
                for twin in reversed(twins):
                    last.addnext(twin)
                twin_slots: list[Slot] = [
                    XlsxSlot(t) for twin in twins if (t := ooxml.find(twin, S, "t")) is not None
                ]
                apply(twin_slots, _clipped(text, _cells(source + joint)))
                twin_slots[0].set(joint + twin_slots[0].text)
        self._refill(changed, shown)
        return self._write(changed)


def _clipped(text: str, used: int = 0, limit: int = MAX_CELL_CHARS) -> str:
    """At most what a cell (or ``limit``) holds, with ``used`` of it taken (a translation
    rarely grows that much; cut at a space). Excel counts UTF-16 code units."""
    room = max(limit - used, 1)
    if _cells(text) <= room:
        return text
    total, cut = 0, 0
    for cut, character in enumerate(text):  # noqa: B007 (cut is used after the loop)
        total += 2 if ord(character) > 0xFFFF else 1
        if total > room - 1:  # room for the "…"
            break
    space = text.rfind(" ", 0, cut)
    return text[: space if space > cut // 2 else cut] + "…"


def _cells(text: str) -> int:
    """``text``'s length as a spreadsheet counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def _calculate_on_load(workbook: etree._Element) -> None:
    """Set ``fullCalcOnLoad`` on the workbook's calculation properties (made, in the schema's
    place, when it has none)."""
    found = ooxml.find(workbook, S, "calcPr")
    if found is None:
        found = etree.Element(same_namespace(workbook, "calcPr"))
        # After sheets, functionGroups, externalReferences and definedNames, before the rest.
        before = ("sheets", "functionGroups", "externalReferences", "definedNames")
        anchor = [child for child in workbook if local(child) in before]
        if anchor:
            anchor[-1].addnext(found)
        else:
            workbook.append(found)
    found.set("fullCalcOnLoad", "1")


# A worksheet's headers and footers (in headerFooter), and their codes: &L, &C, &R begin the
# left, centre and right section; &P, &N, &D, &T, &F, &A, &Z, &G show the page number, the
# page count, the date, the time, the file's name, the sheet's, the folder, a picture; a font
# (&"Arial,Bold"), a size (&12, with the space after it openpyxl writes), a colour (&KFF0000,
# &K04+000) and &B, &I, &U, &E, &S, &X, &Y, &O, &H set how the text after them looks; && is
# an "&".
_HEADERS = frozenset(
    ["oddHeader", "oddFooter", "evenHeader", "evenFooter", "firstHeader", "firstFooter"]
)
_HEADER_CODE = re.compile(
    r'&(?:&|[LCR]|[PN](?:[+-]\d+)?|[DTFAZG]|"[^"]*"|\d{1,3} ?|K(?:[0-9A-Fa-f]{6}|\d\d[+-]\d{3})'
    r"|[BIUESXYOH])?"
)


@dataclasses.dataclass(frozen=True, eq=False)
class _HeaderSlot(Slot):
    """A stretch of a header's text between its codes: ``pieces[index]`` of the element's
    text (as it is written, && for an "&"), the element written again when it changes."""

    pieces: list[str] = dataclasses.field(default_factory=list)
    index: int = 0

    @property
    def text(self) -> str:
        return self.pieces[self.index].replace("&&", "&")

    def set(self, value: str) -> None:
        assert self.element is not None
        value = value.replace("&", "&&")
        before = self.pieces[self.index - 1] if self.index else ""
        if value[:1].isdigit() and before[-1:].isdigit():
            value = " " + value  # (else read as the font size's digits: &14 + 4. → &144.)
        self.pieces[self.index] = value
        self.element.text = "".join(self.pieces)


def _header_sections(sheet: etree._Element) -> list[tuple[etree._Element, str, list[Slot]]]:
    """Each header's and footer's sections that hold words: its element, the section's letter
    and its slots (a code that shows something is a field; one that sets a font stays where
    it is between two slots, as a rich text's run does)."""
    found: list[tuple[etree._Element, str, list[Slot]]] = []
    for element in sheet.iterfind(f"{same_namespace(sheet, 'headerFooter')}/*"):
        if local(element) not in _HEADERS or not (element.text or "").strip():
            continue
        pieces: list[str] = []
        sections: dict[str, list[Slot]] = {}
        section = "C"  # (what comes before any section's code is the centre's)
        last = 0
        text = element.text or ""
        for match in [*_HEADER_CODE.finditer(text), None]:
            start = len(text) if match is None else match.start()
            if match is not None and match.group(0) == "&&":
                continue  # (part of the text)
            pieces.append(text[last:start])
            slot = _HeaderSlot(element, pieces=pieces, index=len(pieces) - 1)
            sections.setdefault(section, []).append(slot)
            if match is None:
                break
            code = match.group(0)
            pieces.append(code)
            last = match.end()
            if code in ("&L", "&C", "&R"):
                section = code[1]
            elif code[1:2] in ("P", "N", "D", "T", "F", "A", "Z", "G"):
                sections[section].append(field(code))
        for letter, slots in sections.items():
            if any(s.element is not None and s.text.strip() for s in slots):
                # (a stretch left empty, after a field, too: what follows it goes there)
                found.append((element, letter, numbered(slots)))
    return found


def _string_slots(string: etree._Element) -> list[Slot]:
    """A shared or inline string's (``si``, ``is``) or a comment's text pieces: its one ``t``,
    or its rich-text runs' (``r``) ``t``s; phonetic guides (``rPh``) are not text."""
    slots: list[Slot] = []
    for child in string:
        kind = local(child)
        if kind == "t":
            slots.append(XlsxSlot(child))
        elif kind == "r":
            t = child.find(same_namespace(child, "t"))
            if t is not None:
                slots.append(XlsxSlot(t))
    return slots


# Elements holding a formula: cells' (f), conditional formats' and validations' (formula,
# formula1, formula2; also the x14 extension's xm:f), defined names', tables' calculated
# columns'.
_FORMULAS = frozenset(
    ["f", "formula", "formula1", "formula2", "definedName", "calculatedColumnFormula"]
)


def read(data: bytes, path: Path) -> Document:
    return XlsxDocument(path, data)


__all__ = ["MAX_CELL_CHARS", "XlsxDocument", "read"]
