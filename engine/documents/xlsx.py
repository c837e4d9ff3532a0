"""Excel .xlsx workbooks: the text cells of every sheet, in the workbook's sheet order and
each sheet's row order, are units: a shared string (``xl/sharedStrings.xml``, translated once
however many cells show it) or a cell's inline string, whose runs are its rich-text runs. So
are the sheets' comments (legacy and threaded), the text boxes and shapes of their drawings,
their charts' titles and axis titles, and pictures' alt texts.

Left as they are: numbers, dates, booleans and formulas (a formula's cached text result is
computed again when the workbook is opened); sheet names (formulas refer to sheets by name);
and a text that a formula or a data validation list names literally (``=IF(A2="Done";…)``,
a drop-down of ``"Yes,No"``): translating it would break what refers to it. Every other zip
entry (styles, the sheets' cells themselves, macros, media) is copied byte for byte."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

from lxml import etree

from engine.documents import ooxml
from engine.documents.base import Document, Unit, check_unit_count
from engine.documents.ooxml import both, same_namespace
from engine.documents.package import (
    Package,
    Slot,
    SlotDocument,
    alt_texts,
    apply,
    copy_after,
    fields,
    local,
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
# A string literal in a formula: "…" with "" for a quote inside.
_LITERAL = re.compile(r'"((?:[^"]|"")*)"')
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
                return target
        self.package.require("xl/workbook.xml")
        return "xl/workbook.xml"

    def _load(self) -> None:
        self.trees: dict[str, etree._Element] = {}
        self.targets: list[tuple[str, etree._Element, list[Slot]]] = []
        units: list[Unit] = []
        sheets = self._sheets()
        literals = self._literals(sheets)
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

        def add(name: str, uid: str, owner: etree._Element, slots: list[Slot], page: int) -> None:
            text = "".join(s.text for s in slots)
            if not any(s.element is not None and s.text.strip() for s in slots):
                return
            if text.strip() in literals:
                return  # a formula or a drop-down list names it: it stays
            check_unit_count(len(units) + 1, self.path)
            self.targets.append((name, owner, slots))
            units.append(Unit(uid, text, tuple(s.text for s in slots), page, fields(slots)))

        for page, (sheet, root) in enumerate(sheets, start=1):
            for cell in root.iter(*both(S, "c")):
                kind = cell.get("t")
                if kind == "s" and shared_name is not None:
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
            for kind, part in ooxml.relationships(self.package, sheet).values():
                if not self.package.has(part):
                    continue
                if kind.endswith("/comments"):
                    comments = self._tree(part)
                    for n, comment in enumerate(comments.iter(*both(S, "text")), start=1):
                        add(part, f"{part}#c{n}", comment, _string_slots(comment), page)
                elif kind.endswith("/threadedComment"):
                    threads = self._tree(part)
                    for n, body in enumerate(threads.iter(f"{{{THREADED}}}text"), start=1):
                        add(part, f"{part}#t{n}", body, [XlsxSlot(body)], page)
                elif kind.endswith("/drawing"):
                    for name in (part, *self._charts(part)):
                        drawing = self._tree(name)
                        for n, paragraph in enumerate(drawing.iter(*both(A, "p")), start=1):
                            add(name, f"{name}#p{n}", paragraph, paragraph_slots(paragraph), page)
                        if name == part:
                            alts = alt_texts(drawing, both(XDR, "cNvPr"))
                            for k, alt in enumerate(alts, start=1):
                                assert alt.element is not None
                                add(name, f"{name}#alt{k}", alt.element, [alt], page)
        self.units = tuple(units)

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

    def _charts(self, drawing: str) -> list[str]:
        return [
            target
            for kind, target in ooxml.relationships(self.package, drawing).values()
            if kind.endswith("/chart") and self.package.has(target)
        ]

    def _literals(self, sheets: Sequence[tuple[str, etree._Element]]) -> frozenset[str]:
        """The texts the workbook's formulas, defined names and drop-down lists name."""
        found: set[str] = set()
        roots = [root for _name, root in sheets]
        roots.append(self.package.xml(self.workbook))
        for root in roots:
            for kind, formula in _formulas(root):
                for match in _LITERAL.finditer(formula):
                    value = match.group(1).replace('""', '"')
                    found.add(value.strip())
                    if kind == "formula1" and formula.startswith('"'):  # a list: "Yes,No"
                        found.update(item.strip() for item in value.split(","))
        found.discard("")
        return frozenset(found)

    def render(self, translations: Sequence[str]) -> bytes:
        self._check(translations)
        self._fresh()
        changed: dict[str, etree._Element] = {}
        for unit, (name, _owner, slots), text in zip(
            self.units, self.targets, translations, strict=True
        ):
            if text != unit.text:
                apply(slots, _clipped(text))
                changed[name] = self.trees[name]
        return self.package.write(changed, standalone=True)

    def render_bilingual(self, translations: Sequence[str]) -> bytes:
        """Each text followed by its translation in the same cell, comment or shape: after a
        line break when the text has line breaks of its own, else after " / " (a cell shows
        a line break only when it wraps its text); a text box's paragraph is followed by a
        copy holding the translation."""
        self._check(translations)
        self._fresh()
        changed: dict[str, etree._Element] = {}
        for (name, owner, slots), text in zip(self.targets, translations, strict=True):
            changed[name] = self.trees[name]
            source = "".join(s.text for s in slots)
            joint = "\n" if "\n" in source else " / "
            if local(owner) == "p":  # a drawing's paragraph
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
                apply(twin_slots, _clipped(text, len(source) + len(joint)))
                twin_slots[0].set(joint + twin_slots[0].text)
        return self.package.write(changed, standalone=True)


def _clipped(text: str, used: int = 0) -> str:
    """At most what a cell holds (a translation rarely grows that much; cut at a space)."""
    room = MAX_CELL_CHARS - used
    if len(text) <= room:
        return text
    cut = text.rfind(" ", 0, room - 1)
    return text[: cut if cut > room // 2 else room - 1] + "…"


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


def _formulas(root: etree._Element) -> Iterator[tuple[str, str]]:
    """The text of every formula in a sheet or workbook: cells' (``f``), drop-down lists' and
    conditional formats' (``formula``, ``formula1``, ``formula2``, also in the x14 extension's
    ``xm:f``) and defined names'."""
    for element in root.iter():
        name = local(element)
        if name in ("f", "formula", "formula1", "formula2", "definedName") and element.text:
            yield name, element.text.strip()


def read(data: bytes, path: Path) -> Document:
    return XlsxDocument(path, data)


__all__ = ["MAX_CELL_CHARS", "XlsxDocument", "read"]
