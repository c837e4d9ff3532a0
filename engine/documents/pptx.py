"""PowerPoint .pptx: every ``a:p`` paragraph of each slide (shapes, groups, tables), of its
charts (titles, axis titles, text in the chart; Office 2016's too), of its SmartArt
diagrams (their data and the drawing PowerPoint shows) and of its speaker notes, slide by
slide in the presentation's order, is a unit whose runs are its ``a:r`` texts (line breaks
and ``a:fld`` fields kept as fixed pieces); so is each of a chart's series names and category
labels, each picture's and shape's alt text (``p:cNvPr`` ``descr`` and ``title``), each reviewer's
comment on a slide (after its notes, as .docx's and .odp's are translated; their authors'
names stay), the text of masters' and layouts' shapes that are no placeholders (shown on
every slide), and each section's name. Only those texts change; every other zip entry
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
from engine.documents.marked import set_apart
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
from engine.documents.runs import monospace

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_SLIDE = re.compile(r"ppt/slides/slide(\d+)\.xml")
_MASTER = re.compile(r"ppt/(?:slideMasters/slideMaster|slideLayouts/slideLayout)\d+\.xml")
_NOTES_TYPE = "/notesSlide"
# Reviewers' comments on a slide: PowerPoint's legacy ones (``p:cm``, their text plain in
# ``p:text``) and its modern threads (``p188:cm`` and their replies, each a ``p188:txBody``
# of DrawingML paragraphs); both relationships' types end so. Their authors' names are in
# parts of their own (``p:cmAuthorLst``, ``p188:authorLst``), never read.
_COMMENTS_TYPE = "/comments"
_P14 = "http://schemas.microsoft.com/office/powerpoint/2010/main"  # (sections)


class PptxDocument(SlotDocument):
    def __init__(self, path: Path, data: bytes) -> None:
        self.path = path
        self.package = Package(path, data, "PowerPoint presentation", "PowerPoint or Impress")
        # (found as PowerPoint finds it, by relationship, whatever its name)
        self.main = ooxml.main_part(self.package, "ppt/presentation.xml")
        self._style_parts: dict[str, etree._Element | None] = {}
        self._followed: dict[tuple[str, str], str | None] = {}
        presentation = self._styles_of(self.main)
        if presentation is not None and local(presentation) != "presentation":
            raise self.package.not_kind(f"its main part, {self.main}, is a {local(presentation)}")
        self._load()

    def _load(self) -> None:
        self.trees: dict[str, etree._Element] = {}
        self.targets: list[tuple[str, etree._Element, list[Slot]]] = []
        units: list[Unit] = []
        for number, slide in enumerate(self._slides(), start=1):
            charts = ooxml.charts(self.package, slide)
            diagrams = self._diagrams(slide)
            for name in (slide, *charts, *diagrams, self._notes(slide)):
                if name is None or name in self.trees:
                    continue  # (a chart shown on two slides is translated once)
                root = self.package.xml(name)
                self.trees[name] = root
                # (a SmartArt's drawing repeats its data's text: read once, as the data)
                read = name not in diagrams or local(root) == "dataModel"
                for n, paragraph in enumerate(root.iter(*both(A, "p"))):
                    slots = paragraph_slots(paragraph)
                    text = "".join(s.text for s in slots)
                    if _has_words(slots):
                        self.targets.append((name, paragraph, slots))
                        runs = tuple(s.text for s in slots)
                        units.append(
                            Unit(f"{name}#p{n + 1}", text, runs, number, fields(slots), read)
                        )
                if name in charts:
                    # (a chart's cached labels are no text to read: each series repeats them)
                    for k, value in enumerate(ooxml.chart_strings(root), start=1):
                        text = value.text or ""
                        self.targets.append((name, value, [Slot(value)]))
                        units.append(Unit(f"{name}#v{k}", text, (text,), number, read=False))
                if name == slide:
                    for k, alt in enumerate(alt_texts(root, both(P, "cNvPr")), start=1):
                        assert alt.element is not None
                        self.targets.append((name, alt.element, [alt]))
                        units.append(Unit(f"{name}#alt{k}", alt.text, (alt.text,), number))
            for name in self._related(slide, _COMMENTS_TYPE):
                if name in self.trees:
                    continue
                try:
                    root = self.package.xml(name)
                except DocumentError:  # damaged: copied as it is (the slides still open)
                    continue
                self.trees[name] = root
                for k, said in enumerate(root.iter(*both(P, "text")), start=1):
                    text = said.text or ""
                    if text.strip() and not len(said):  # (a legacy comment)
                        self.targets.append((name, said, [Slot(said)]))
                        units.append(Unit(f"{name}#cm{k}", text, (text,), number, read=False))
                for k, paragraph in enumerate(comment_paragraphs(root), start=1):
                    slots = paragraph_slots(paragraph)
                    if _has_words(slots):
                        self.targets.append((name, paragraph, slots))
                        runs = tuple(s.text for s in slots)
                        text = "".join(runs)
                        # (a reviewer's comment is no text of the slide's to read)
                        units.append(
                            Unit(f"{name}#p{k}", text, runs, number, fields(slots), read=False)
                        )
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
        # The sections' names (PowerPoint's thumbnail pane shows them above their slides).
        presentation = self.package.xml(self.main)
        for k, section in enumerate(presentation.iter(f"{{{_P14}}}section"), start=1):
            named = Slot(section, attribute="name")
            if named.text.strip():
                self.trees[self.main] = presentation
                self.targets.append((self.main, section, [named]))
                units.append(Unit(f"{self.main}#section{k}", named.text, (named.text,), read=False))
        titled = ooxml.core_title(self.package)
        if titled is not None:
            root, title = titled
            self.trees[ooxml.CORE] = root
            self.targets.append((ooxml.CORE, title, [Slot(title)]))
            units.append(Unit(f"{ooxml.CORE}#title", title.text or "", (title.text or "",)))
        default = self._default_language()
        # (the runs of text marked in another language: they keep it)
        apart, self.kept, note = set_apart(
            units, self.targets, _marked, lambda _: default, path=self.path
        )
        self.apart = {t.getparent() for t in apart}
        self.notes += (note,) if note else ()
        self.units = tuple(units)

    def _default_language(self) -> str | None:
        """The language a run that names none is in: the presentation's default text
        style's."""
        presentation = self._styles_of(self.main)
        if presentation is None:
            return None
        style = presentation.find("./{*}defaultTextStyle/{*}lvl1pPr/{*}defRPr")
        return None if style is None else style.get("lang")

    def _slides(self) -> list[str]:
        """Slide parts in the order of presentation.xml's slide list; by number when the list
        cannot be followed."""
        by_number = sorted(
            (n for n in self.package.names if _SLIDE.fullmatch(n)),
            key=lambda n: int(_SLIDE.fullmatch(n).group(1)),  # type: ignore[union-attr]
        )
        try:
            presentation = self.package.xml(self.main)
            targets = ooxml.relationships(self.package, self.main)
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

    def _diagrams(self, slide: str) -> list[str]:
        """The SmartArt parts of ``slide`` (``ooxml.diagrams``)."""
        try:
            return ooxml.diagrams(self.package, slide, self.package.xml(slide))
        except DocumentError:  # (damaged: its diagrams are copied as they are)
            return []

    def _notes(self, slide: str) -> str | None:
        return next(iter(self._related(slide, _NOTES_TYPE)), None)

    def _related(self, part: str, kind: str) -> list[str]:
        return ooxml.related(self.package, part, kind)

    def declare(self, language: Language) -> dict[str, etree._Element]:
        """Slides, notes and charts, and the masters, layouts and presentation whose text
        styles a run without a language of its own takes it from; a paragraph's runs only
        where it was translated (one kept as it was, a placeholder's prompt on a master,
        text in another language keep their own)."""
        changed: dict[str, etree._Element] = {}
        translated = {
            paragraph
            for unit, (_name, paragraph, slots) in zip(self.units, self.targets, strict=True)
            if "".join(s.text for s in slots) != unit.text
        }
        for name in self.package.names:
            if name.startswith("ppt/") and name.endswith(".xml"):
                root = self.trees.get(name)
                if root is None:
                    try:
                        root = self.package.xml(name)
                    except DocumentError:  # a part never read for its text: left as it is
                        continue
                if ooxml.declare_drawing(root, language, translated, self.apart):
                    changed[name] = root
        for unit, (name, paragraph, slots) in zip(self.units, self.targets, strict=True):
            if "".join(s.text for s in slots) != unit.text:  # (translated: it reads anew)
                self._orient(name, paragraph, rtl=language.rtl)
                changed[name] = self.trees[name]
        changed.update(ooxml.declare_core(self.package, language, self.trees))
        return changed

    def _orient(self, name: str, paragraph: etree._Element, *, rtl: bool) -> None:
        """Make a translated paragraph read in its language's direction (a presentation
        translated into Arabic read left to right; one translated out of it kept
        ``rtl="1"``). Where its direction turns, so does its alignment: DrawingML's "l" and
        "r" are sides, not a start and an end (PowerPoint writes ``algn="r" rtl="1"`` for
        its own Arabic paragraphs; ``rtl="1"`` alone is set on the left), whether said here
        or by the styles the paragraph inherits; centred and justified text stays."""
        if paragraph.tag not in both(A, "p"):
            return  # an alt text, a title: no paragraph
        properties = paragraph.find(same_namespace(paragraph, "pPr"))

        def said(attribute: str, default: str) -> str:
            own = properties.get(attribute) if properties is not None else None
            return own if own is not None else self._inherited(name, paragraph, attribute, default)

        if (said("rtl", "0") in ("1", "true")) == rtl:
            return
        side = said("algn", "l")
        if properties is None:
            properties = etree.Element(same_namespace(paragraph, "pPr"))
            paragraph.insert(0, properties)  # (first, as the schema has it)
        properties.set("rtl", "1" if rtl else "0")
        body = paragraph.getparent()
        # (a chart's text, in no text body of its own, sets no side)
        if body is not None and local(body) == "txBody" and side in _MIRRORED:
            properties.set("algn", _MIRRORED[side])

    def _inherited(self, name: str, paragraph: etree._Element, attribute: str, default: str) -> str:
        """The value of ``attribute`` a paragraph of part ``name`` takes from its styles where
        it says none: its shape's list styles, then, for a placeholder, the placeholders it
        follows on the layout and the master and the master's title, body or other text
        styles, then the presentation's defaults."""
        properties = paragraph.find(same_namespace(paragraph, "pPr"))
        said = properties.get("lvl", "0") if properties is not None else "0"
        level = f"lvl{int(said) + 1 if said.isdigit() else 1}pPr"
        shape = next(paragraph.iterancestors(*both(P, "sp"), *both(A, "tc")), None)
        styles: list[etree._Element | None] = []
        if shape is not None:
            styles.append(shape.find(f"./{{*}}txBody/{{*}}lstStyle/{{*}}{level}"))
            placeholder = shape.find("./{*}nvSpPr/{*}nvPr/{*}ph")
            if placeholder is not None:
                styles += self._placeholder_styles(name, placeholder, level)
        presentation = self._styles_of(self.main)
        if presentation is not None:
            styles.append(presentation.find(f"./{{*}}defaultTextStyle/{{*}}{level}"))
        for style in styles:
            if style is not None and style.get(attribute) is not None:
                return str(style.get(attribute))
        return default

    def _placeholder_styles(
        self, name: str, placeholder: etree._Element, level: str
    ) -> list[etree._Element | None]:
        """The list styles at ``level`` a placeholder of part ``name`` follows: the matching
        placeholders' of its layout and master (or notes master), and the master's text
        styles for its kind."""
        kind = placeholder.get("type", "obj")
        index = placeholder.get("idx")
        found: list[etree._Element | None] = []
        part = name
        while (follows := _FOLLOWS.get(part.split("/")[1] if "/" in part else "")) is not None:
            above = self._above(part, follows)
            if above is None:
                break
            root = self._styles_of(above)
            if root is None:  # damaged: its styles are not known
                return found
            found.append(_matching(root, kind, index, level))
            part = above
        root = self._styles_of(part)
        if root is not None:
            text_styles = {"title": "titleStyle", "ctrTitle": "titleStyle"}
            style = text_styles.get(kind, "bodyStyle" if kind in _BODIES else "otherStyle")
            found.append(root.find(f"./{{*}}txStyles/{{*}}{style}/{{*}}{level}"))
            found.append(root.find(f"./{{*}}notesStyle/{{*}}{level}"))
        return found

    def _styles_of(self, name: str) -> etree._Element | None:
        """The part ``name`` as read, for the styles a paragraph inherits (parsed once: a
        layout and its master for every paragraph of a 300-slide deck took seconds); None
        for a damaged one."""
        if name not in self._style_parts:
            try:
                self._style_parts[name] = self.package.xml(name)
            except DocumentError:
                self._style_parts[name] = None
        return self._style_parts[name]

    def _above(self, part: str, kind: str) -> str | None:
        """The layout a slide follows, the master a layout follows (``kind``), read once."""
        key = (part, kind)
        if key not in self._followed:
            self._followed[key] = next(iter(self._related(part, kind)), None)
        return self._followed[key]

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
            if paragraph.tag not in both(A, "p"):  # alt text, title, legend: "source / …"
                slots[0].set(f"{slots[0].text} / {text}")
                continue
            twin = copy_after(paragraph, slots, text, drop=lambda e: False)
            if self.language is not None:  # (the source's paragraph keeps its own)
                ooxml.declare_runs(twin, self.language)
                self._orient(name, twin, rtl=self.language.rtl)
            for code in twin.iter(*both(A, "fld")):
                # Field ids are unique GUIDs; the copy's is derived from the original's.
                original = code.get("id", "")
                code.set("id", "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, original)).upper() + "}")
            changed[name] = self.trees[name]
            body = paragraph.getparent()
            if body is not None and body.tag in both(P, "txBody"):
                _shrink_on_overflow(body)
        return self.package.write(changed)


_MIRRORED = {"l": "r", "r": "l"}
# The part whose placeholders a slide's, a layout's or a notes page's follow (its folder).
_FOLLOWS = {"slides": "/slideLayout", "slideLayouts": "/slideMaster", "notesSlides": "/notesMaster"}
# The placeholders whose text takes the master's body style (obj: one saying no type).
_BODIES = frozenset(["body", "subTitle", "obj"])


def _matching(
    root: etree._Element, kind: str, index: str | None, level: str
) -> etree._Element | None:
    """The list style at ``level`` of the placeholder of a layout or master ``root`` that one
    of ``kind`` and ``index`` follows: the one of the same index, else of the same kind (a
    centred title follows the master's title, a subtitle or content its body)."""
    placeholders = [
        (ph, shape)
        for shape in root.iter(*both(P, "sp"))
        if (ph := shape.find("./{*}nvSpPr/{*}nvPr/{*}ph")) is not None
    ]
    same = {"ctrTitle": "title", "subTitle": "body", "obj": "body"}
    chosen = next((s for ph, s in placeholders if index and ph.get("idx") == index), None)
    if chosen is None:
        chosen = next(
            (
                s
                for ph, s in placeholders
                if same.get(ph.get("type", "obj"), ph.get("type", "obj")) == same.get(kind, kind)
            ),
            None,
        )
    if chosen is None:
        return None
    return chosen.find(f"./{{*}}txBody/{{*}}lstStyle/{{*}}{level}")


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
    placeholder, with room for words beside it (``ooxml.with_rooms``: "Page ‹#›" ends
    with the field). A paragraph set in a monospace typeface throughout (a code block, as
    pandoc writes one) has none: code is never translated."""
    if _code(paragraph):
        return []
    slots: list[Slot] = []
    edges: dict[int, tuple[etree._Element, etree._Element]] = {}
    for child in paragraph:
        kind = local(child)
        if kind in ("r", "fld"):
            t = child.find(same_namespace(child, "t"))
            if t is not None and kind == "r":
                slots.append(Slot(t))
            elif t is not None and t.text:
                edges[len(slots)] = (child, child)
                slots.append(field(t.text))
        elif kind == "br":
            slots.append(fixed("\n"))
    return numbered(ooxml.with_rooms(paragraph, slots, edges))


def comment_paragraphs(comments: etree._Element) -> list[etree._Element]:
    """The paragraphs of a part of modern comments in reading order: each thread's own text,
    then its replies' (PowerPoint writes the replies first)."""
    found: list[etree._Element] = []
    for thread in comments:
        if local(thread) != "cm":
            continue
        replies = [r for listed in thread if local(listed) == "replyLst" for r in listed]
        for said in (thread, *replies):
            for body in said:
                if local(body) == "txBody":
                    found += body.iter(*both(A, "p"))
    return found


def _code(paragraph: etree._Element) -> bool:
    """Whether ``paragraph`` is a line of a code block, as pandoc writes one: set in a
    monospace typeface (its runs' own ``a:latin``), as the lines around it are, most of them
    with words reading as code. A deck set in Courier, a quotation in Consolas, a bullet
    "Revenue up 12% (Q4)" among prose in Courier, is prose. (The lines around: a few, so a
    text box of thousands of lines is read once per line, not once per line per line.)"""
    if _monospace(paragraph) is not True:
        return False
    block = [paragraph]
    for step in (etree._Element.getprevious, etree._Element.getnext):
        line = step(paragraph)
        while (
            line is not None
            and len(block) < _AROUND
            and local(line) == "p"
            and _monospace(line) is not False
        ):
            block.append(line)
            line = step(line)
    said = ["".join(line.itertext()) for line in block]
    said = [text for text in said if text.strip()]
    return 2 * sum(_reads_as_code(text) for text in said) > len(said)


_AROUND = 24  # lines of a block read to tell whether it is code


def _reads_as_code(text: str) -> bool:
    """Whether a line has what code has and prose has not (brackets, an assignment, a
    statement's end, an arrow, a prompt, a comment's start), and is no sentence."""
    if _SENTENCE.search(text) and text.count(" ") >= 3:
        return False  # "We grew (a lot) this year."
    return _CODE_MARK.search(text) is not None


def _monospace(paragraph: etree._Element) -> bool | None:
    """Whether every run of ``paragraph`` with text is in a monospace typeface; None when it
    has no text."""
    runs = [r for r in paragraph if local(r) == "r" and (r.findtext("{*}t") or "").strip()]
    if not runs:
        return None
    return all(
        monospace(str(latin.get("typeface", "")))
        if (latin := r.find("./{*}rPr/{*}latin")) is not None
        else False
        for r in runs
    )


_CODE_MARK = re.compile(r"[(){}\[\];=<>]|::|->|^\s*(?:\$|#|//|>>>)")
_SENTENCE = re.compile(r"\w[.!?…][\"'”’»]?\s*$")


def _marked(slot: Slot) -> str | None:
    """The language a text's run names (``a:rPr``'s ``lang``)."""
    run = slot.element.getparent() if slot.element is not None and not slot.attribute else None
    properties = None if run is None else run.find(same_namespace(run, "rPr"))
    return None if properties is None else properties.get("lang")


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


__all__ = ["PptxDocument", "comment_paragraphs", "paragraph_slots", "read"]
