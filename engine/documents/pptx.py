"""PowerPoint .pptx: every ``a:p`` paragraph of each slide (shapes, groups, tables), of its
charts (titles, axis titles, text in the chart) and of its speaker notes, slide by slide in
the presentation's order, is a unit whose runs are its ``a:r`` texts (line breaks and
``a:fld`` fields kept as fixed pieces); so is each picture's and shape's alt text
(``p:cNvPr`` ``descr`` and ``title``), and the text of masters' and layouts' shapes that are
no placeholders (shown on every slide). Only those texts change; every other zip entry
(media, a chart's embedded workbook, relationships) is copied byte for byte."""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from pathlib import Path

from lxml import etree

from engine.documents import ooxml
from engine.documents.base import Document, Unit
from engine.documents.errors import DocumentError
from engine.documents.language import Language
from engine.documents.ooxml import both, same_namespace
from engine.documents.package import (
    Package,
    Slot,
    SlotDocument,
    alt_texts,
    copy_after,
    field,
    fields,
    fixed,
    local,
    numbered,
)

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_SLIDE = re.compile(r"ppt/slides/slide(\d+)\.xml")
_MASTER = re.compile(r"ppt/(?:slideMasters/slideMaster|slideLayouts/slideLayout)\d+\.xml")
_NOTES_TYPE = "/notesSlide"
_CHART_TYPE = "/chart"


class PptxDocument(SlotDocument):
    def __init__(self, path: Path, data: bytes) -> None:
        self.path = path
        self.package = Package(path, data, "PowerPoint presentation", "PowerPoint or Impress")
        self.package.require("ppt/presentation.xml")
        self._load()

    def _load(self) -> None:
        self.trees: dict[str, etree._Element] = {}
        self.targets: list[tuple[str, etree._Element, list[Slot]]] = []
        units: list[Unit] = []
        for number, slide in enumerate(self._slides(), start=1):
            for name in (slide, *self._related(slide, _CHART_TYPE), self._notes(slide)):
                if name is None or name in self.trees:
                    continue  # (a chart shown on two slides is translated once)
                root = self.package.xml(name)
                self.trees[name] = root
                for n, paragraph in enumerate(root.iter(*both(A, "p"))):
                    slots = paragraph_slots(paragraph)
                    text = "".join(s.text for s in slots)
                    if _has_words(slots):
                        self.targets.append((name, paragraph, slots))
                        runs = tuple(s.text for s in slots)
                        units.append(Unit(f"{name}#p{n + 1}", text, runs, number, fields(slots)))
                if name == slide:
                    for k, alt in enumerate(alt_texts(root, both(P, "cNvPr")), start=1):
                        assert alt.element is not None
                        self.targets.append((name, alt.element, [alt]))
                        units.append(Unit(f"{name}#alt{k}", alt.text, (alt.text,), number))
        # Text a master or a layout shows on every slide of its own, outside a placeholder
        # ("Company confidential", a footer line): a placeholder's text is the prompt that
        # PowerPoint shows while editing ("Click to edit Master title style"), never shown.
        for name in self._masters():
            try:
                root = self.package.xml(name)
            except DocumentError:  # damaged: copied as it is (the slides still open)
                continue
            for n, paragraph in enumerate(root.iter(*both(A, "p"))):
                slots = paragraph_slots(paragraph)
                if _in_placeholder(paragraph) or not _has_words(slots):
                    continue
                self.trees[name] = root
                self.targets.append((name, paragraph, slots))
                runs = tuple(s.text for s in slots)
                text = "".join(runs)
                units.append(Unit(f"{name}#p{n + 1}", text, runs, None, fields(slots)))
        titled = ooxml.core_title(self.package)
        if titled is not None:
            root, title = titled
            self.trees[ooxml.CORE] = root
            self.targets.append((ooxml.CORE, title, [Slot(title)]))
            units.append(Unit(f"{ooxml.CORE}#title", title.text or "", (title.text or "",)))
        self.units = tuple(units)

    def _slides(self) -> list[str]:
        """Slide parts in the order of presentation.xml's slide list; by number when the list
        cannot be followed."""
        by_number = sorted(
            (n for n in self.package.names if _SLIDE.fullmatch(n)),
            key=lambda n: int(_SLIDE.fullmatch(n).group(1)),  # type: ignore[union-attr]
        )
        try:
            presentation = self.package.xml("ppt/presentation.xml")
            targets = ooxml.relationships(self.package, "ppt/presentation.xml")
            ordered = [
                targets.get(ooxml.get(item, R, "id"), ("", ""))[1]
                for item in presentation.iter(*both(P, "sldId"))
            ]
        except Exception:  # a damaged list: the numbers still give an order
            return by_number
        if sorted(ordered) != sorted(by_number):
            return by_number
        return ordered

    def _masters(self) -> list[str]:
        """The slide masters' and layouts' parts, by number."""
        found = [n for n in self.package.names if _MASTER.fullmatch(n)]
        return sorted(found, key=lambda n: (n.count("Layout"), int(re.sub(r"\D", "", n))))

    def _notes(self, slide: str) -> str | None:
        return next(iter(self._related(slide, _NOTES_TYPE)), None)

    def _related(self, part: str, kind: str) -> list[str]:
        """The parts ``part`` refers to with a relationship of ``kind``, in order."""
        return [
            target
            for found, target in ooxml.relationships(self.package, part).values()
            if found.endswith(kind) and self.package.has(target)
        ]

    def declare(self, language: Language) -> dict[str, etree._Element]:
        """Slides, notes and charts, and the masters, layouts and presentation whose text
        styles a run without a language of its own takes it from."""
        changed: dict[str, etree._Element] = {}
        for name in self.package.names:
            # (SmartArt's data is never read for its text: it keeps its language)
            if name.startswith("ppt/") and name.endswith(".xml") and "/diagrams/" not in name:
                root = self.trees.get(name)
                if root is None:
                    try:
                        root = self.package.xml(name)
                    except DocumentError:  # a part never read for its text: left as it is
                        continue
                if ooxml.declare_drawing(root, language):
                    changed[name] = root
        changed.update(ooxml.declare_core(self.package, language, self.trees))
        return changed

    def render_bilingual(self, translations: Sequence[str]) -> bytes:
        """Each paragraph followed by a copy holding its translation, in the same text box."""
        self._check(translations)
        self._fresh()
        changed: dict[str, etree._Element] = {}
        for n, ((name, paragraph, slots), text) in enumerate(
            zip(self.targets, translations, strict=True)
        ):
            if self.shown_once(n, text):
                continue
            changed[name] = self.trees[name]
            if slots[0].attribute or name == ooxml.CORE:  # alt text, title: "source / …"
                slots[0].set(f"{slots[0].text} / {text}")
                continue
            twin = copy_after(paragraph, slots, text, drop=lambda e: False)
            if self.language is not None:  # (the source's paragraph keeps its own)
                ooxml.declare_runs(twin, self.language)
            for code in twin.iter(*both(A, "fld")):
                # Field ids are unique GUIDs; the copy's is derived from the original's.
                original = code.get("id", "")
                code.set("id", "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, original)).upper() + "}")
            changed[name] = self.trees[name]
            body = paragraph.getparent()
            if body is not None and body.tag in both(P, "txBody"):
                _shrink_on_overflow(body)
        return self.package.write(changed)


def _shrink_on_overflow(body: etree._Element) -> None:
    """Twice the text in the same shape: let the shape shrink it to fit (PowerPoint and
    Impress apply ``a:normAutofit`` when they lay the slide out) rather than overflow."""
    properties = ooxml.find(body, A, "bodyPr")
    if properties is None:
        return
    for fit in ("noAutofit", "normAutofit", "spAutoFit"):
        for element in properties.findall(same_namespace(properties, fit)):
            properties.remove(element)
    warp = properties.find(same_namespace(properties, "prstTxWarp"))
    properties.insert(
        0 if warp is None else properties.index(warp) + 1,
        etree.Element(same_namespace(properties, "normAutofit")),
    )


def paragraph_slots(paragraph: etree._Element) -> list[Slot]:
    """A DrawingML paragraph's (``a:p``) texts in order: runs are writable; line breaks and
    fields (a slide number, a date: generated text) are fixed, a field seen as its
    placeholder."""
    slots: list[Slot] = []
    for child in paragraph:
        kind = local(child)
        if kind in ("r", "fld"):
            t = child.find(same_namespace(child, "t"))
            if t is not None and kind == "r":
                slots.append(Slot(t))
            elif t is not None and t.text:
                slots.append(field(t.text))
        elif kind == "br":
            slots.append(fixed("\n"))
    return numbered(slots)


def _in_placeholder(paragraph: etree._Element) -> bool:
    """Whether ``paragraph`` is in a placeholder shape (``p:nvPr/p:ph``)."""
    return any(
        local(shape) == "sp" and shape.find("./{*}nvSpPr/{*}nvPr/{*}ph") is not None
        for shape in paragraph.iterancestors()
    )


def _has_words(slots: Sequence[Slot]) -> bool:
    """A paragraph with run text; one that is only fields is not translated."""
    return any(s.element is not None and s.text.strip() for s in slots)


def read(data: bytes, path: Path) -> Document:
    return PptxDocument(path, data)


__all__ = ["PptxDocument", "paragraph_slots", "read"]
