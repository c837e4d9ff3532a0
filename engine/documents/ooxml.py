"""Office Open XML's two vocabularies: the transitional namespaces most files use and the
ISO 29500 strict ones (Word's "Strict Open XML" save option). Readers match both; a file is
written back in the namespaces it came in, never converted."""

from __future__ import annotations

import copy
import itertools
import posixpath
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lxml import etree

from engine.documents.errors import DocumentError
from engine.documents.language import DC, NO_LANGUAGE
from engine.documents.package import Slot, local
from engine.documents.runs import beside_fields

if TYPE_CHECKING:
    from engine.documents.language import Language
    from engine.documents.package import Package

# Open Packaging Conventions' relationships: the same namespace in both vocabularies.
PR = "http://schemas.openxmlformats.org/package/2006/relationships"

_TRANSITIONAL = "http://schemas.openxmlformats.org/"
_STRICT = "http://purl.oclc.org/ooxml/"
# The namespaces the readers look at: transitional name -> strict name.
STRICT = {
    f"{_TRANSITIONAL}wordprocessingml/2006/main": f"{_STRICT}wordprocessingml/main",
    f"{_TRANSITIONAL}drawingml/2006/main": f"{_STRICT}drawingml/main",
    f"{_TRANSITIONAL}presentationml/2006/main": f"{_STRICT}presentationml/main",
    f"{_TRANSITIONAL}spreadsheetml/2006/main": f"{_STRICT}spreadsheetml/main",
    f"{_TRANSITIONAL}drawingml/2006/spreadsheetDrawing": f"{_STRICT}drawingml/spreadsheetDrawing",
    f"{_TRANSITIONAL}officeDocument/2006/relationships": f"{_STRICT}officeDocument/relationships",
    f"{_TRANSITIONAL}officeDocument/2006/math": f"{_STRICT}officeDocument/math",
}


def both(namespace: str, name: str) -> tuple[str, str]:
    """``{namespace}name`` in the transitional and the strict vocabulary."""
    return f"{{{namespace}}}{name}", f"{{{STRICT[namespace]}}}{name}"


def find(element: etree._Element, namespace: str, name: str) -> etree._Element | None:
    """``element``'s first child ``name`` of ``namespace``, in either vocabulary."""
    for tag in both(namespace, name):
        found = element.find(tag)
        if found is not None:
            return found
    return None


def get(element: etree._Element, namespace: str, name: str) -> str:
    """The value of ``element``'s attribute ``name`` of ``namespace``, in either vocabulary."""
    for tag in both(namespace, name):
        value = element.get(tag)
        if value is not None:
            return str(value)
    return ""


def same_namespace(element: etree._Element, name: str) -> str:
    """``name`` in ``element``'s own namespace (to find or create its siblings and children
    in the vocabulary the file uses)."""
    return f"{{{etree.QName(element).namespace}}}{name}"


def relationships(package: Package, part: str) -> dict[str, tuple[str, str]]:
    """A part's relationships (``part`` "" for the package's own): id -> (type, part name).
    External targets (links to the web or to other files) are left out. A type names its
    vocabulary; match it by its end (``/worksheet``). Names are the archive's spelling (a
    part name's case does not matter: ``Sheet1.xml`` has ``_rels/sheet1.xml.rels``)."""
    folder, name = posixpath.split(part)
    rels = package.real(posixpath.join(folder, "_rels", f"{name}.rels"))
    if not package.has(rels):
        return {}
    found: dict[str, tuple[str, str]] = {}
    for rel in package.xml(rels).iter(f"{{{PR}}}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        resolved = (
            target.lstrip("/")
            if target.startswith("/")
            else posixpath.normpath(posixpath.join(folder, target))
        )
        found[rel.get("Id", "")] = (rel.get("Type", ""), package.real(resolved))
    return found


def related(package: Package, part: str, kind: str) -> list[str]:
    """The parts ``part`` refers to with a relationship of ``kind`` (its type's end:
    ``/header``), in order, those the package holds."""
    return [
        target
        for found, target in relationships(package, part).values()
        if found.endswith(kind) and package.has(target)
    ]


def main_part(package: Package, usual: str) -> str:
    """The package's main part (a document, a presentation, a workbook): the one its
    ``officeDocument`` relationship names, as Office finds it (Word Online saves
    ``word/document22.xml``), else ``usual``, which it must then hold."""
    found = related(package, "", "/officeDocument")
    if found:
        return found[0]
    package.require(usual)
    return usual


@dataclass(frozen=True)
class Room(Slot):
    """Room for the words a translation puts beside a field where the paragraph has no text
    of its own on that side (a footer's "Page ZXQ1Q", a slide's "Page ‹#›"): an empty run,
    put beside the field (after ``anchor``, or ``before`` it) in the format of ``style``
    (run properties) only when words are written in it. Without it, Word's and
    PowerPoint's paragraphs had nowhere after their last field for "ZXQ1Q ページ" to go,
    and the words were moved across it."""

    anchor: etree._Element | None = None
    before: bool = False
    style: etree._Element | None = None

    def set(self, value: str) -> None:
        super().set(value)
        assert self.element is not None and self.anchor is not None
        run = self.element.getparent()
        if not value or run is None or run.getparent() is not None:
            return
        if self.style is not None:
            properties = copy.deepcopy(self.style)
            for change in properties.findall(same_namespace(properties, "rPrChange")):
                properties.remove(change)  # (a tracked change of the run it copies)
            run.insert(0, properties)
        if self.before:
            self.anchor.addprevious(run)
        else:
            self.anchor.addnext(run)

    def copied(self, twin: Callable[[etree._Element], etree._Element]) -> Slot:
        assert self.element is not None and self.anchor is not None
        run = self.element.getparent()
        assert run is not None and run.getparent() is None  # (not yet written)
        made = copy.deepcopy(run)
        return Room(made[-1], anchor=twin(self.anchor), before=self.before, style=self.style)


def with_rooms(
    paragraph: etree._Element,
    slots: Sequence[Slot],
    edges: Mapping[int, tuple[etree._Element, etree._Element]],
) -> list[Slot]:
    """``slots`` (of ``paragraph``, fields' not yet numbered) with a ``Room`` on each side of
    a field that has no text of its own before the next fixed piece or the paragraph's
    edge (``runs.beside_fields``). ``edges``: each field's index in ``slots`` to its first
    and last elements among the paragraph's runs (what a room is put before or after).
    A room takes the format of the nearest text, on the side it reads with (the words
    before a paragraph's last field), else of the field's own run."""
    made: list[Slot] = []
    for i, slot in enumerate(slots):
        edge = edges.get(i)
        if edge is not None:
            made.append(_room(paragraph, slots, i, edge[0], before=True))
        made.append(slot)
        if edge is not None:
            made.append(_room(paragraph, slots, i, edge[1], before=False))
    kept = {id(slot) for slot in beside_fields(made)}
    return [slot for slot in made if not isinstance(slot, Room) or id(slot) in kept]


def _room(
    paragraph: etree._Element,
    slots: Sequence[Slot],
    at: int,
    anchor: etree._Element,
    *,
    before: bool,
) -> Room:
    after, ahead = range(at + 1, len(slots)), range(at - 1, -1, -1)
    # (lazily: a paragraph of thousands of fields made a list of all its slots per field)
    order = itertools.chain(after, ahead) if before else itertools.chain(ahead, after)
    near = next(
        (slots[j].element for j in order if slots[j].element is not None and slots[j].text.strip()),
        None,
    )
    source = near.getparent() if near is not None else anchor
    style = source.find(same_namespace(paragraph, "rPr")) if source is not None else None
    run = etree.Element(same_namespace(paragraph, "r"))
    text = etree.SubElement(run, same_namespace(paragraph, "t"))
    return Room(text, anchor=anchor, before=before, style=style)


__all__ = [
    "PR",
    "STRICT",
    "Room",
    "both",
    "chart_strings",
    "charts",
    "diagrams",
    "find",
    "from_cells",
    "get",
    "main_part",
    "related",
    "relationships",
    "same_namespace",
    "with_rooms",
]


# DrawingML run properties (slides, notes, charts, text boxes) that name their text's language
# in a ``lang`` attribute, and a chart's own ``c:lang``.
_DRAWING = (f"{_TRANSITIONAL}drawingml/2006/main", f"{_STRICT}drawingml/main")
_RUN_PROPERTIES = frozenset(["rPr", "endParaRPr", "defRPr"])
_RUNS = frozenset(["r", "fld", "br", "endParaRPr"])  # (what a paragraph's text is in)
_CHARTS = (f"{_TRANSITIONAL}drawingml/2006/chart", f"{_STRICT}drawingml/chart")
_PARAGRAPHS = tuple(f"{{{n}}}p" for n in _DRAWING)
_TEXTS = tuple(f"{{{n}}}t" for n in _DRAWING)
CORE = "docProps/core.xml"


def declare_drawing(
    root: etree._Element,
    language: Language,
    translated: Collection[etree._Element],
    apart: Collection[etree._Element],
) -> bool:
    """Make the DrawingML language declarations under ``root`` name ``language`` (Office's
    culture name: PowerPoint checks spelling by it); whether there was one. In a paragraph
    only where it is ``translated`` (or holds no text: what is typed there is the
    document's language), and not a run set ``apart`` as in another language: text kept as
    it was is still in its language."""
    found = False
    for element in root.iter(etree.Element):
        name = etree.QName(element)
        if name.localname in _RUN_PROPERTIES and name.namespace in _DRAWING:
            said = element.get("lang")
            if said in (None, NO_LANGUAGE):
                continue
            paragraph = next(element.iterancestors(*_PARAGRAPHS), None)
            if paragraph is not None and paragraph not in translated and _has_text(paragraph):
                continue
            if element.getparent() in apart:
                continue
            element.set("lang", language.culture)
            found = True
        elif name.localname == "lang" and name.namespace in _CHARTS:
            element.set("val", language.culture)
            found = True
    return found


def _has_text(paragraph: etree._Element) -> bool:
    return any((t.text or "").strip() for t in paragraph.iter(*_TEXTS))


def declare_runs(paragraph: etree._Element, language: Language) -> None:
    """Give each run, field and break of a DrawingML ``paragraph`` ``language`` of its own (a
    bilingual output's translation, beside a source whose language the shape's text styles
    name); a run marked as no language (``zxx``) stays so."""
    namespace = etree.QName(paragraph).namespace
    for child in paragraph:
        if not isinstance(child.tag, str) or etree.QName(child).localname not in _RUNS:
            continue
        properties = child
        if etree.QName(child).localname != "endParaRPr":
            properties = child.find(f"{{{namespace}}}rPr")
            if properties is None:  # (first in a run, a field and a break alike)
                properties = etree.Element(f"{{{namespace}}}rPr")
                child.insert(0, properties)
        if properties.get("lang") != NO_LANGUAGE:
            properties.set("lang", language.culture)


def declare_core(
    package: Package, language: Language, trees: dict[str, etree._Element]
) -> dict[str, etree._Element]:
    """The document properties naming ``language`` where they name one (``dc:language``);
    ``trees``: the parts already parsed (the properties, where their title is translated)."""
    if not package.has(CORE):
        return {}
    root = trees.get(CORE)
    if root is None:
        try:
            root = package.xml(CORE)
        except DocumentError:  # damaged properties: left as they are (the file still opens)
            return {}
    found = root.find(f"{{{DC}}}language")
    if found is None or (found.text or "").strip() in ("", NO_LANGUAGE):
        return {}
    found.text = language.culture
    return {CORE: root}


def core_title(package: Package) -> tuple[etree._Element, etree._Element] | None:
    """The document properties and their title (``dc:title``: what the file manager, a PDF
    exported from the file and a reader's library show), when it has words."""
    if not package.has(CORE):
        return None
    try:
        root = package.xml(CORE)
    except DocumentError:  # damaged properties: no title to translate (the file opens)
        return None
    title = root.find(f"{{{DC}}}title")
    if title is None or len(title) or not any(c.isalpha() for c in title.text or ""):
        return None
    return root, title


# A SmartArt's frame names its parts in ``dgm:relIds`` (transitional or strict diagram
# namespace); its data names the drawing Office caches in Office's own extension.
_RELIDS = (
    f"{{{_TRANSITIONAL}drawingml/2006/diagram}}relIds",
    f"{{{_STRICT}drawingml/diagram}}relIds",
)
_DSP = "http://schemas.microsoft.com/office/drawing/2008/diagram"
_R = f"{_TRANSITIONAL}officeDocument/2006/relationships"
# The charts a part shows, by their relationships' types' ends: DrawingML's (``c:``) and
# Office 2016's (``cx:``: waterfall, treemap, sunburst, histogram, funnel, box and whisker).
_CHART_TYPES = ("/chart", "/chartEx")
CX = "http://schemas.microsoft.com/office/drawing/2014/chartex"
# A chart's series name (its legend entry) and category labels (an axis's, or a pie's
# legend), in the transitional and strict chart vocabularies.
_STRING_OWNERS = tuple(f"{{{c}}}{name}" for c in _CHARTS for name in ("tx", "cat", "xVal"))
_VALUES = tuple(f"{{{c}}}v" for c in _CHARTS)


def charts(package: Package, part: str) -> list[str]:
    """The chart parts ``part`` (a slide, a Word document, a sheet's drawing) shows, in the
    order of its relationships."""
    return [
        target
        for kind, target in relationships(package, part).values()
        if kind.endswith(_CHART_TYPES) and package.has(target)
    ]


def diagrams(package: Package, part: str, root: etree._Element) -> list[str]:
    """The SmartArt parts of ``part`` (parsed as ``root``), diagram by diagram in its order:
    each one's data (the model Office rebuilds the diagram from) and its drawing (the
    shapes it shows until then, named by the data's ``dsp:dataModelExt``). Both are
    translated; a text they share is translated once, so the two agree."""
    targets = relationships(package, part)
    found: list[str] = []
    for ids in root.iter(*_RELIDS):
        data = targets.get(get(ids, _R, "dm"))
        if data is None or not data[0].endswith("/diagramData") or not package.has(data[1]):
            continue
        found.append(data[1])
        try:
            model = package.xml(data[1])
        except DocumentError:
            continue
        for ext in model.iter(f"{{{_DSP}}}dataModelExt"):  # (Office's own: one vocabulary)
            drawing = targets.get(ext.get("relId", ""))
            if drawing is not None and package.has(drawing[1]):
                found.append(drawing[1])
    return found


def chart_strings(chart: etree._Element) -> list[etree._Element]:
    """The texts a chart shows beside its titles' paragraphs, in order: its series' names
    (the legend), its categories' labels (an axis) and a title, axis title or data label
    that shows a cell, each an element holding the text. A DrawingML chart's ``c:v``,
    cached from the cells a ``c:f`` refers to (``c:strRef``, ``c:multiLvlStrRef``) or
    literal (``c:strLit``, a series name's own ``c:v``); an Office 2016 chart's ``cx:v``
    of a text (``cx:txData``: a series' name, a title or an axis title given as plain
    text) and ``cx:pt`` of its categories (``cx:strDim type="cat"``; a region map's
    colour strings are none). Not numbers (``c:numRef``, ``c:numLit``, ``cx:numDim``)
    nor their format codes."""
    found: list[etree._Element] = []
    for element in chart.iter(*_STRING_OWNERS, f"{{{CX}}}v", f"{{{CX}}}pt"):
        parent = element.getparent()
        if parent is None:
            continue
        if etree.QName(element).namespace == CX:
            above = parent.getparent()
            if (element.text or "").strip() and (
                local(parent) == "txData"
                or (above is not None and local(above) == "strDim" and above.get("type") == "cat")
            ):
                found.append(element)
            continue
        # (a title's or a data label's c:tx holds paragraphs, read as paragraphs, or the
        # cache of the cell it shows, a c:strRef's: a string as a series name's is)
        for value in element.iter(*_VALUES):
            holder = value.getparent()
            if (
                holder is not None
                and local(holder) in ("pt", "tx")
                and _in_strings(value, element)
                and (value.text or "").strip()
            ):
                found.append(value)
    return found


def from_cells(value: etree._Element) -> bool:
    """Whether a chart's string (``chart_strings``) is its copy of cells' text (a
    ``c:strRef``'s cache, an Office 2016 chart's text beside a ``cx:f``), not its own."""
    for ancestor in value.iterancestors():
        name = local(ancestor)
        if name in ("strRef", "multiLvlStrRef"):
            return True
        if name in ("txData", "strDim"):
            return ancestor.find(f"{{{CX}}}f") is not None
    return False


def _in_strings(value: etree._Element, owner: etree._Element) -> bool:
    """Whether ``value`` is a string of ``owner`` (no number cache's point)."""
    for ancestor in value.iterancestors():
        if ancestor is owner:
            return True
        if local(ancestor) in ("numRef", "numLit", "numCache"):
            return False
    return False
