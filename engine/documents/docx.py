"""Word .docx: every paragraph of the body, tables, text boxes, footnotes, endnotes, comments,
headers and footers is a unit whose runs are its ``w:t`` texts (runs inside hyperlinks
included; line breaks and tabs are fixed pieces between them), so a sentence with a bold word
is translated whole and mapped back onto its runs. A text box's VML copy for old readers gets
the translation of the paragraph it copies. The charts and SmartArt diagrams a part shows, and
shapes pasted from PowerPoint (DrawingML's ``a:p`` in a part), are read as a slide's are
(``engine.documents.pptx``): their paragraphs, a chart's series names and category labels.
A content control bound to a stored value (a property, a custom XML part's element) gets
its translation written into that value, which Word shows in it again on opening. Only
those texts change; every other zip entry (styles, relationships, media, a chart's
embedded workbook) is copied byte for byte, and a part whose text did not change is copied
as it was."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Collection, Sequence
from pathlib import Path

from lxml import etree

from engine.api import Note
from engine.documents import ooxml
from engine.documents.base import Document, Unit, check_unit_count, pending_changes
from engine.documents.errors import DocumentError
from engine.documents.language import NO_LANGUAGE, Language, retag
from engine.documents.marked import set_apart, text_kind
from engine.documents.ooxml import both, same_namespace
from engine.documents.package import (
    Package,
    Reparsed,
    Slot,
    alt_texts,
    apply,
    copy_after,
    field,
    fields,
    fixed,
    local,
    numbered,
    remove_keeping_tail,
    unwrap,
)
from engine.documents.pptx import paragraph_slots
from engine.documents.runs import CodeStyles, without_preformatted
from engine.text.verbatim import ADDRESS, is_verbatim

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# A drawing's properties (``wp:docPr``: its alt text), in both vocabularies.
_DOC_PR = (
    "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr",
    "{http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing}docPr",
)
# Each tag in both vocabularies (a strict file's are matched and written back as they are).
_P, _T, _R = both(W, "p"), both(W, "t"), both(W, "r")
_LANG = (*both(W, "lang"), *both(W, "themeFontLang"))
_LANGUAGE_ATTRIBUTES = {"western": "val", "asian": "eastAsia", "complex": "bidi"}
# What follows w:lang among a run's properties (CT_RPr's sequence).
_AFTER_LANG = frozenset(["eastAsianLayout", "specVanish", "oMath", "rPrChange"])
_FLD_CHAR, _INSTR, _FLD_SIMPLE = both(W, "fldChar"), both(W, "instrText"), both(W, "fldSimple")
# Office Math (an equation in a sentence, what pandoc writes for $E = mc^2$): never text to
# translate; one in a sentence is seen as a placeholder, as a field is.
M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
_MATH, _MATH_T = both(M, "oMath"), both(M, "t")
_BREAKS = {
    tag: text for name, text in (("br", "\n"), ("cr", "\n"), ("tab", "\t")) for tag in both(W, name)
}
_HYPHENS = {
    tag: text
    for name, text in (("noBreakHyphen", "\u2011"), ("softHyphen", "\u00ad"))
    for tag in both(W, name)
}
_DELETED = both(W, "del")
# A content control's drop-down (or combo box) choices, and its drop-down list.
_LIST_ITEMS = both(W, "listItem")
_DROP_DOWN = both(W, "dropDownList")
# A symbol (Wingdings' telephone) stands in its sentence as a field does: seen as a placeholder.
_SYM = both(W, "sym")
# Moved-from text is, like deleted text (``w:delText``), no longer the sentence's: accepting
# the move removes it. (Sent with the sentence, it took words of the translation with it.)
_MOVED_FROM = both(W, "moveFrom")
# A hyperlink: one showing a web or e-mail address is a placeholder (``_whole``).
_HYPERLINK = both(W, "hyperlink")
# Not repeated in a bilingual copy of a paragraph: drawings and text boxes (shown once),
# note and comment references and bookmarks (their ids must stay unique); and of its tracked
# changes, the text deleted or moved away and the records of changed formatting (the copy
# holds the translation as if the changes were accepted: rejected, they put the source's
# deleted words into it, under the ids of the source's own changes).
_DROP = frozenset(
    [
        "drawing",
        "pict",
        "object",
        "AlternateContent",
        "footnoteReference",
        "endnoteReference",
        "commentReference",
        "commentRangeStart",
        "commentRangeEnd",
        "bookmarkStart",
        "bookmarkEnd",
        "del",
        "moveFrom",
        "moveFromRangeStart",
        "moveFromRangeEnd",
        "moveToRangeStart",
        "moveToRangeEnd",
        "rPrChange",
        "pPrChange",
        "id",  # (a content control's)
        "dataBinding",  # (the copy's control shows the translation, not the stored value)
    ]
)
# Inserted or moved-to text: in the copy, the text without the mark.
_ACCEPTED = frozenset(["ins", "moveTo"])
# Tracked changes to the text, pending (the marks of inserted, deleted and moved text).
_CHANGES = tuple(t for name in ("ins", "del", "moveFrom", "moveTo") for t in both(W, name))
_ALTERNATE = f"{{{MC}}}AlternateContent"
_CHOICE, _FALLBACK = f"{{{MC}}}Choice", f"{{{MC}}}Fallback"
# The parts that hold text besides the main part, in reading order: notes, reviewers'
# comments (a contract's comments are wanted in the reader's language too), then headers and
# footers.
_PARTS = ("/footnotes", "/endnotes", "/comments", "/header", "/footer")  # (their types' ends)


# The stores a content control may be bound to besides custom XML parts, by their ids: the
# document's core properties (title, subject, author…) and its extended ones (company…).
_STORES = {
    "{6C3C8BC8-F283-45AE-878A-BAB7291924A1}": ooxml.CORE,
    "{6668398D-A668-4E3E-A5EB-62B293D839F1}": "docProps/app.xml",
}
_DS = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"
# A binding's XPath as Word writes it: a path of names, each with its prefix and index
# (``/ns0:coreProperties[1]/ns1:subject[1]``, ``/Root/Name``); its prefixes' namespaces.
_STEP = re.compile(r"(?:([\w.-]+):)?([\w.-]+)(?:\[(\d+)\])?")
_PREFIX = re.compile(r"""xmlns:([\w.-]+)\s*=\s*(['"])(.*?)\2""")


class DocxDocument(Reparsed, Document):
    def __init__(self, path: Path, data: bytes) -> None:
        self.path = path
        self.package = Package(path, data, "Word document", "Word or LibreOffice")
        # The parts found as Word finds them, by relationship (not by their usual names:
        # Word Online saves word/document22.xml, its styles' name in its relationships).
        self.main = ooxml.main_part(self.package, "word/document.xml")
        found = [
            (k, _natural(name), name)
            for k, kind in enumerate(_PARTS)
            for name in ooxml.related(self.package, self.main, kind)
        ]
        self.parts = list(dict.fromkeys([self.main, *(name for *_, name in sorted(found))]))
        self.styles = self._related("/styles", "word/styles.xml")
        self._load()

    def _related(self, kind: str, usual: str) -> str:
        """The main part's related part of ``kind``; ``usual`` where it names none."""
        return next(iter(ooxml.related(self.package, self.main, kind)), usual)

    def _load(self) -> None:
        code = _Code(self.package, self.styles)
        self.trees: dict[str, etree._Element] = {}
        self.targets: list[tuple[str, etree._Element, list[Slot]]] = []
        # Per target, the VML fallback copies of its paragraph (text boxes): written with the
        # same translation, never sent to the translator.
        self.copies: list[list[tuple[etree._Element, list[Slot]]]] = []
        self.drawn: list[str] = []  # the parts holding DrawingML text (charts, diagrams)
        units: list[Unit] = []
        preformatted: set[int] = set()  # units of paragraphs in a preformatted style
        plain = False  # a paragraph of text in no such style
        for name in self.parts:
            root = self.package.xml(name)
            if name == self.main and local(root) != "document":  # (a theme's, a package's)
                raise self.package.not_kind(f"its main part, {name}, is a {local(root)}")
            _hyphens_as_text(root)
            self.trees[name] = root
            fallbacks = _fallback_copies(root)
            # Only paragraphs holding some text are looked at: a document of a million empty
            # paragraphs costs one pass over the tree, not a million paragraphs' slots.
            texted = _with_text(root)
            hidden = _in_fallbacks(root)
            n = 0
            for paragraph in root.iter(*_P):
                if paragraph in hidden:
                    continue
                n += 1  # unit ids count every paragraph, empty ones too
                if paragraph not in texted or code.paragraph(paragraph):
                    continue  # a code block (pandoc's Source Code) stays as it is
                slots = _slots(paragraph, code)
                runs = tuple(s.text for s in slots)
                if any(s.element is not None and s.text.strip() for s in slots):
                    check_unit_count(len(units) + 1, self.path)
                    self.targets.append((name, paragraph, slots))
                    copies = fallbacks.get(paragraph, [])
                    self.copies.append([(p, _slots(p, code)) for p in copies])
                    if code.preformatted(paragraph):
                        preformatted.add(len(units))
                    else:
                        plain = True
                    units.append(Unit(f"{name}#p{n}", "".join(runs), runs, fields=fields(slots)))
            # Pictures' and charts' alt texts (a fallback's copy of a drawing is left alone).
            shown = [a for a in alt_texts(root, _DOC_PR) if not _in_fallback(a.element)]
            for k, alt in enumerate(shown, start=1):
                assert alt.element is not None
                self.targets.append((name, alt.element, [alt]))
                self.copies.append([])
                units.append(Unit(f"{name}#alt{k}", alt.text, (alt.text,)))
            # A drop-down list's choices (a content control's): the words it offers,
            # translated as the shown choice is (which no longer matched any of them, and
            # choosing one put English back); a choice's value stays.
            for k, choice in enumerate(_choices(root), start=1):
                assert choice.element is not None
                self.targets.append((name, choice.element, [choice]))
                self.copies.append([])
                units.append(Unit(f"{name}#choice{k}", choice.text, (choice.text,)))
            # A shape's text in DrawingML's own paragraphs (``a:p``): a shape pasted from
            # PowerPoint into Word 2007 (a locked canvas' ``a:txSp``), read as a slide's is.
            for k, paragraph in enumerate(root.iter(*both(A, "p")), start=1):
                slots = paragraph_slots(paragraph)
                if _in_fallback(paragraph) or not any(
                    s.element is not None and s.text.strip() for s in slots
                ):
                    continue
                runs = tuple(s.text for s in slots)
                self.targets.append((name, paragraph, slots))
                self.copies.append([])
                units.append(Unit(f"{name}#a{k}", "".join(runs), runs, fields=fields(slots)))
                if name not in self.drawn:
                    self.drawn.append(name)
            units += self._drawn(name, root)
        without_preformatted(preformatted, plain, units, self.targets, self.copies)
        if any(next(root.iter(*_CHANGES), None) is not None for root in self.trees.values()):
            self.notes = (pending_changes(self.path, "Word: Review → Accept"),)
        titled = ooxml.core_title(self.package)
        if titled is not None:
            root, title = titled
            self.trees[ooxml.CORE] = root
            self.targets.append((ooxml.CORE, title, [Slot(title)]))
            self.copies.append([])
            units.append(Unit(f"{ooxml.CORE}#title", title.text or "", (title.text or "",)))
        self.bound, unsure = self._bound()
        if unsure:
            self.notes += (
                Note(
                    f"{self.path.name} has content controls bound to values it stores "
                    f"({unsure}) that Quire could not find: Word may show them in the source "
                    "language again when it opens the translation. Remove the controls' "
                    "binding, or type their text again",
                    "document.bound_controls",
                    {"count": unsure},
                ),
            )
        defaults = self._default_languages()
        # (the runs of text marked in another language: they keep it)
        apart, self.kept, note = set_apart(
            units, self.targets, _marked, lambda t: defaults.get(text_kind(t)), path=self.path
        )
        self.apart = {t.getparent() for t in apart}
        self.notes += (note,) if note else ()
        self.units = tuple(units)

    def _bound(self) -> tuple[list[tuple[etree._Element, str, etree._Element]], int]:
        """The content controls whose text is a value the document stores (``w:dataBinding``:
        a property such as its subject on a cover page, a custom XML part's element), which
        Word and LibreOffice show in the control again when they open it: (the control's
        content, the store's part, the value's element), for each control showing its
        stored value; and how many controls with words are bound to a value not found
        (an XPath beyond a path of names, a value holding others). A date's control (its
        value is a date, not its words) is left."""
        stores = {**_STORES, **self._custom_stores()}
        found: list[tuple[etree._Element, str, etree._Element]] = []
        unsure = 0
        for name in self.parts:
            for binding in self.trees[name].iter(*both(W, "dataBinding")):
                properties = binding.getparent()
                sdt = properties.getparent() if properties is not None else None
                content = sdt.find(same_namespace(sdt, "sdtContent")) if sdt is not None else None
                store = stores.get(ooxml.get(binding, W, "storeItemID").upper())
                if (
                    content is None
                    or properties is None
                    or properties.find(same_namespace(properties, "date")) is not None
                    or not _shown(content).strip()
                    or store is None
                    or not self.package.has(store)
                ):
                    continue
                try:
                    root = self.trees.get(store)
                    if root is None:
                        root = self.package.xml(store)
                except DocumentError:  # damaged: Word fills nothing from it either
                    continue
                value = _resolve(
                    root, ooxml.get(binding, W, "xpath"), ooxml.get(binding, W, "prefixMappings")
                )
                if value is None:
                    unsure += 1
                elif _same(value.text or "", _shown(content)):
                    self.trees[store] = root
                    found.append((content, store, value))
        return found, unsure

    def _custom_stores(self) -> dict[str, str]:
        """The document's custom XML parts by their store id (their properties'
        ``ds:itemID``, which a control's ``w:storeItemID`` names), upper case."""
        found: dict[str, str] = {}
        for name in self.package.names:
            if not name.lower().startswith("customxml/") or not name.endswith(".xml"):
                continue
            for kind, target in ooxml.relationships(self.package, name).values():
                if kind.endswith("/customXmlProps") and self.package.has(target):
                    try:
                        item = self.package.xml(target).get(f"{{{_DS}}}itemID", "")
                    except DocumentError:
                        continue
                    found[item.upper()] = name
        return found

    def _store(self, changed: set[str]) -> None:
        """Write each bound control's text, as it is now, into the value it is bound to (two
        controls bound to one value: the first's)."""
        written: set[etree._Element] = set()
        for content, store, value in self.bound:
            if value in written:
                continue
            written.add(value)
            now = _shown(content)
            if now != (value.text or ""):
                value.text = now
                changed.add(store)

    def _drawn(self, part: str, root: etree._Element) -> list[Unit]:
        """The units of the charts and SmartArt diagrams ``part`` shows, as a slide's are:
        their DrawingML paragraphs (a chart's titles, a diagram's text, in its data and
        again in the drawing Word shows) and a chart's series names and category labels.
        A damaged one is copied as it is (Word still opens the document)."""
        units: list[Unit] = []
        diagrams = ooxml.diagrams(self.package, part, root)
        for name in (*ooxml.charts(self.package, part), *diagrams):
            if name in self.trees:
                continue  # (a chart shown twice is translated once)
            try:
                tree = self.package.xml(name)
            except DocumentError:
                continue
            self.trees[name] = tree
            self.drawn.append(name)
            # (a SmartArt's drawing repeats its data's text: read once, as the data)
            read = name not in diagrams or local(tree) == "dataModel"
            for n, paragraph in enumerate(tree.iter(*both(A, "p")), start=1):
                slots = paragraph_slots(paragraph)
                if any(s.element is not None and s.text.strip() for s in slots):
                    runs = tuple(s.text for s in slots)
                    self.targets.append((name, paragraph, slots))
                    self.copies.append([])
                    uid = f"{name}#p{n}"
                    units.append(Unit(uid, "".join(runs), runs, fields=fields(slots), read=read))
            # (a chart's cached labels are no text to read: each series repeats them)
            for k, value in enumerate(ooxml.chart_strings(tree), start=1):
                text = value.text or ""
                self.targets.append((name, value, [Slot(value)]))
                self.copies.append([])
                units.append(Unit(f"{name}#v{k}", text, (text,), read=False))
        return units

    def _default_languages(self) -> dict[str, str]:
        """The language a run that names none is in, per kind of script: the document
        defaults' (``w:docDefaults``)."""
        if not self.package.has(self.styles):
            return {}
        try:
            styles = self.package.xml(self.styles)
        except DocumentError:
            return {}
        found = styles.find("./{*}docDefaults/{*}rPrDefault/{*}rPr/{*}lang")
        if found is None:
            return {}
        return {k: v for k, a in _LANGUAGE_ATTRIBUTES.items() if (v := ooxml.get(found, W, a))}

    def render(self, translations: Sequence[str]) -> bytes:
        self._check(translations)
        self._fresh()
        changed: set[str] = set()
        # (which choice each drop-down shows, known before the choices are translated)
        chosen = [(n, *pair) for n in self.parts for pair in _dropdowns(self.trees[n])]
        for unit, (name, paragraph, slots), copies, text in zip(
            self.units, self.targets, self.copies, translations, strict=True
        ):
            if text == unit.text:
                continue
            changed.add(name)
            if self.language is not None:  # (a title naming its language)
                retag(paragraph, self.language)
            for own in (slots, *(s for _, s in copies)):
                apply(own, text)
                _preserve_spaces(own)
            if self.language is not None:
                for own_paragraph in (paragraph, *(p for p, _ in copies)):
                    orient(own_paragraph, rtl=self.language.rtl, styled=self._styled_rtl())
        for name, content, choice in chosen:
            # The chosen item shows its translation (its placeholder kept its text).
            said = choice.get(_display_text(choice), "")
            shown = list(content.iter(*_T))
            if said != "".join(t.text or "" for t in shown):
                for n, text in enumerate(shown):
                    text.text = said if n == 0 else ""
                changed.add(name)
        self._store(changed)
        if self.language is not None:
            # (a paragraph's runs only where it was translated: one kept as it was, and
            # text marked in another language, keep theirs)
            translated = {
                p
                for unit, (_name, paragraph, slots), copies in zip(
                    self.units, self.targets, self.copies, strict=True
                )
                if "".join(s.text for s in slots) != unit.text
                for p in (paragraph, *(c for c, _ in copies))
            }
            for name in self.parts:
                if declare(self.trees[name], self.language, translated, self.apart):
                    changed.add(name)
            for name in self.drawn:  # (DrawingML's runs, and a chart's own c:lang)
                if ooxml.declare_drawing(self.trees[name], self.language, translated, self.apart):
                    changed.add(name)
            # (and the styles', the settings' and the list labels')
            for name in (self._related(k, u) for k, u in _STYLE_PARTS):
                if self.package.has(name):
                    try:
                        root = self.package.xml(name)
                    except DocumentError:  # never read for its text: left as it is
                        continue
                    if declare(root, self.language):
                        self.trees[name] = root
                        changed.add(name)
            declared = ooxml.declare_core(self.package, self.language, self.trees)
            for name, root in declared.items():
                self.trees[name] = root
                changed.add(name)
        return self._write(changed)

    def render_bilingual(self, translations: Sequence[str]) -> bytes:
        """Each paragraph followed by a copy holding its translation (same style and runs;
        a section break moves to the copy so the pair stays in one section)."""
        self._check(translations)
        self._fresh()
        changed: set[str] = set()
        # A drop-down's choices: the source's keeps them; the translation's copy offers and
        # shows them translated (the source's offered "Red apple / Roter Apfel", matching
        # the one it showed no more, and the copy's English).
        choices = {
            slots[0].element: text
            for (_name, _element, slots), text in zip(self.targets, translations, strict=True)
            if slots[0].element is not None and slots[0].element.tag in _LIST_ITEMS
        }
        # A bound control's paragraphs hold both languages on one line, as the title does:
        # Word and LibreOffice fill the control again from its stored value, which (one
        # line, ``_store``) would otherwise read "source\ntranslation" in the properties
        # and show the translation twice beside the copy.
        bound = {content for content, _part, _value in self.bound}
        for n, ((name, paragraph, slots), copies, text) in enumerate(
            zip(self.targets, self.copies, translations, strict=True)
        ):
            if self.shown_once(n, text) or slots[0].element in choices:
                continue
            changed.add(name)
            if slots[0].attribute or name == ooxml.CORE or local(paragraph) != "p":
                slots[0].set(f"{slots[0].text} / {text}")  # alt text, title, legend
                continue
            if bound and any(a in bound for a in paragraph.iterancestors()):
                apply(slots, f"{self.units[n].text} / {text}")
                _preserve_spaces(slots)
                continue
            if paragraph.tag in both(A, "p"):  # (a chart's, a diagram's)
                twin = copy_after(paragraph, slots, text, drop=lambda e: False)
                if self.language is not None:  # (the source's paragraph keeps its own)
                    ooxml.declare_runs(twin, self.language)
                continue
            for own, own_slots in ((paragraph, slots), *copies):
                shown = {
                    choice.get(_display_text(choice), ""): words
                    for choice, words in choices.items()
                    if own in choice.iterancestors()
                }
                twin = _copy_after(own, own_slots, text)
                _choose_in(twin, shown)
                if self.language is not None:  # (the source's paragraph keeps its own)
                    declare_runs(twin, self.language)
                    orient(twin, rtl=self.language.rtl, styled=self._styled_rtl())
        self._store(changed)
        return self._write(changed)

    def _styled_rtl(self) -> bool:
        """Whether the document's defaults set paragraphs right to left: ``w:bidi`` in
        ``w:pPrDefault`` or in the default paragraph style (Normal). (Any style that said
        so, an unused character style, kept a translation into Arabic left to right.)"""
        if self._styled is None:
            self._styled = False
            if self.package.has(self.styles):
                with contextlib.suppress(DocumentError):
                    styles = self.package.xml(self.styles)
                    self._styled = any(
                        e.get(f"{{{etree.QName(e).namespace}}}val", "1") not in _OFF
                        for e in _default_bidi(styles)
                    )
        return self._styled

    _styled: bool | None = None

    def _write(self, changed: set[str]) -> bytes:
        return self.package.write({name: self.trees[name] for name in changed}, standalone=True)


def undeclare(root: etree._Element) -> None:
    """Remove every language declaration under ``root`` (a language not known: Word's own)."""
    for element in list(root.iter(*_LANG)):
        parent = element.getparent()
        if parent is not None:
            parent.remove(element)


# The parts naming the document's default languages: its styles, settings and list labels'
# (numbering.xml: "a)" and "i." are the text's language), by type and usual name.
_STYLE_PARTS = (
    ("/styles", "word/styles.xml"),
    ("/stylesWithEffects", "word/stylesWithEffects.xml"),
    ("/settings", "word/settings.xml"),
    ("/numbering", "word/numbering.xml"),
)


def declare(
    root: etree._Element,
    language: Language,
    translated: Collection[etree._Element] | None = None,
    apart: Collection[etree._Element] = (),
    *,
    only: bool = False,
) -> bool:
    """Make every language declaration under ``root`` (``w:lang``, ``w:themeFontLang``) name
    ``language`` for its kind of script (what Word checks spelling and picks fonts by);
    whether there was one. ``translated``: the paragraphs translated, where the parts' are
    told apart (a paragraph kept as it was keeps its language, unless it holds no text: what
    is typed there is the document's language); ``apart``: runs of text marked in another
    language, which keep it. ``only``: the other kinds' languages are dropped."""
    attribute = _LANGUAGE_ATTRIBUTES[language.kind]
    found = False
    for element in root.iter(*_LANG):
        if translated is not None:
            paragraph = next(element.iterancestors(*_P), None)
            if paragraph is not None and paragraph not in translated and _has_text(paragraph):
                continue
            properties = element.getparent()
            if properties is not None and properties.getparent() in apart:
                continue
        namespace = etree.QName(element).namespace
        if only:  # (a template's: the other kinds' languages are not known either)
            for other in _LANGUAGE_ATTRIBUTES.values():
                element.attrib.pop(f"{{{namespace}}}{other}", None)
        name = f"{{{namespace}}}{attribute}"
        if element.get(name) != NO_LANGUAGE:
            element.set(name, language.culture)
            found = True
    return found


def _has_text(paragraph: etree._Element) -> bool:
    return any((t.text or "").strip() for t in paragraph.iter(*_T))


def _marked(slot: Slot) -> str | None:
    """The language a text's run names (``w:lang``, for the kind of script of its text); none
    in a text box (its fallback copy is written as it is)."""
    if slot.element is None or slot.attribute or slot.tail:
        return None
    run = slot.element.getparent()
    if run is None or run.tag not in _R or next(run.iterancestors(_CHOICE), None) is not None:
        return None
    lang = run.find("./{*}rPr/{*}lang")
    if lang is None:
        return None
    return ooxml.get(lang, W, _LANGUAGE_ATTRIBUTES[text_kind(slot.text)]) or None


# What follows ``w:bidi`` in a ``w:pPr``, and ``w:rtl`` in a ``w:rPr`` (ECMA-376, part 1).
_AFTER_BIDI = frozenset(
    [
        "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents",
        "suppressOverlap", "jc", "textDirection", "textAlignment", "textboxTightWrap",
        "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange",
    ]
)  # fmt: skip
_AFTER_RTL = frozenset(["cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath", "rPrChange"])
_OFF = ("0", "false", "off")
# What follows ``w:bidiVisual`` in a ``w:tblPr``.
_AFTER_BIDI_VISUAL = frozenset(
    [
        "tblStyleRowBandSize", "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd",
        "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption",
        "tblDescription", "tblPrChange",
    ]
)  # fmt: skip


def _default_bidi(styles: etree._Element) -> list[etree._Element]:
    """The ``w:bidi`` of the document's defaults and of its default paragraph style."""
    namespace = etree.QName(styles).namespace
    w = f"{{{namespace}}}"
    found: list[etree._Element] = list(
        styles.iterfind(f"{w}docDefaults/{w}pPrDefault/{w}pPr/{w}bidi")
    )
    for style in styles.iterfind(f"{w}style"):
        if style.get(f"{w}type") == "paragraph" and style.get(f"{w}default") in ("1", "true"):
            found.extend(style.iterfind(f"{w}pPr/{w}bidi"))
    return found


def orient(paragraph: etree._Element, *, rtl: bool, styled: bool = False) -> None:
    """Make a translated paragraph read in its language's direction: ``w:bidi`` on it and
    ``w:rtl`` on its runs for Arabic or Hebrew (a document translated into them read left
    to right), turned off for a left-to-right language (one translated out of them kept
    them: full stops at the wrong end of each line). ``styled``: the document's styles set
    right to left (an Arabic template), which a left-to-right paragraph then says it is not.
    Alignments stay: Word and LibreOffice read "left" in a right-to-left paragraph as its
    start (a review of this fix saw the Arabic set left when they were mirrored)."""
    if paragraph.tag not in _P:
        return  # an alt text, a title: no paragraph
    _say(paragraph, "pPr", "bidi", _AFTER_BIDI, on=rtl, unsaid=styled)
    for run in paragraph.iter(*_R):
        # (a run says nothing of its own: its paragraph's defaults do not make it w:rtl)
        _say(run, "rPr", "rtl", _AFTER_RTL, on=rtl, unsaid=styled and not rtl)
    # Its table reads in the same direction (first column on the right in Arabic), as Word
    # sets a right-to-left table (an outside check saw Arabic tables left to right).
    for table in paragraph.iterancestors(f"{{{etree.QName(paragraph).namespace}}}tbl"):
        _say(table, "tblPr", "bidiVisual", _AFTER_BIDI_VISUAL, on=rtl, unsaid=False)


def _say(
    owner: etree._Element, kind: str, name: str, after: frozenset[str], *, on: bool, unsaid: bool
) -> None:
    """Make the switch ``name`` (``w:bidi``, ``w:rtl``, ``w:bidiVisual``) in ``owner``'s
    properties ``kind`` say ``on``, where it says otherwise now (``unsaid``: what its
    absence means): on with no value, off with ``w:val="0"``."""
    namespace = etree.QName(owner).namespace
    val = f"{{{namespace}}}val"
    properties = owner.find(f"{{{namespace}}}{kind}")
    switch = properties.find(f"{{{namespace}}}{name}") if properties is not None else None
    said = switch.get(val, "1") not in _OFF if switch is not None else unsaid
    if said == on:
        return
    if switch is None:
        switch = _in_order(_properties(owner, kind), name, after)
    if on:
        switch.attrib.pop(val, None)
    else:
        switch.set(val, "0")


def _properties(element: etree._Element, name: str) -> etree._Element:
    """``element``'s properties (``w:pPr``, ``w:rPr``), its first child, made if missing."""
    namespace = etree.QName(element).namespace
    found = element.find(f"{{{namespace}}}{name}")
    if found is None:
        found = etree.Element(f"{{{namespace}}}{name}")
        element.insert(0, found)
    return found


def _in_order(properties: etree._Element, name: str, after: frozenset[str]) -> etree._Element:
    """A new child ``name`` of ``properties`` in the schema's order: before the first child
    that comes after it (or one of another namespace: an extension), else last."""
    namespace = etree.QName(properties).namespace
    made = etree.Element(f"{{{namespace}}}{name}")
    following = next(
        (
            c
            for c in properties
            if isinstance(c.tag, str)
            and (local(c) in after or etree.QName(c).namespace != namespace)
        ),
        None,
    )
    if following is None:
        properties.append(made)
    else:
        following.addprevious(made)
    return made


def declare_runs(paragraph: etree._Element, language: Language) -> None:
    """Give each run of ``paragraph`` ``language`` of its own (a bilingual output's
    translation, beside a source whose language the styles name)."""
    attribute = _LANGUAGE_ATTRIBUTES[language.kind]
    for run in paragraph.iter(*both(W, "r")):
        namespace = etree.QName(run).namespace
        properties = _properties(run, "rPr")
        lang = properties.find(f"{{{namespace}}}lang")
        if lang is None:
            lang = _in_order(properties, "lang", _AFTER_LANG)
        name = f"{{{namespace}}}{attribute}"
        if lang.get(name) != NO_LANGUAGE:
            lang.set(name, language.culture)


def _copy_after(paragraph: etree._Element, slots: Sequence[Slot], text: str) -> etree._Element:
    twin = copy_after(
        paragraph,
        slots,
        text,
        drop=lambda e: local(e) in _DROP or e.tag in both(W, "sectPr"),
        attributes=(f"{{{W14}}}paraId", f"{{{W14}}}textId"),
    )
    for mark in [e for e in twin.iter() if e is not twin and local(e) in _ACCEPTED]:
        unwrap(mark)
    _open_fields_shown(twin)
    _preserve_spaces([Slot(t) for t in twin.iter(*_T)])
    properties = paragraph.find(same_namespace(paragraph, "pPr"))
    section = (
        properties.find(same_namespace(paragraph, "sectPr")) if properties is not None else None
    )
    if properties is not None and section is not None:
        properties.remove(section)
        twin_properties = twin.find(same_namespace(paragraph, "pPr"))
        assert twin_properties is not None
        twin_properties.append(section)
    return twin


def _open_fields_shown(twin: etree._Element) -> None:
    """In a paragraph's copy, a field that begins or ends in another paragraph (a table of
    contents, begun in its first entry's paragraph and ended in its last's) is its shown
    text alone: its field characters and instruction, copied, opened a second table of
    contents that the last entry's copy closed, the first nested in it (Word's Update
    fields made one of the two). The fields the paragraph holds whole stay."""
    opened: list[list[etree._Element]] = []  # each open field's begin, instruction, separate
    unmatched: list[etree._Element] = []
    for element in twin.iter(*_FLD_CHAR, *_INSTR):
        kind = ooxml.get(element, W, "fldCharType")
        if kind == "begin":
            opened.append([element])
        elif not opened:  # (the instruction, separate or end of a field begun before)
            unmatched.append(element)
        elif kind == "end":
            opened.pop()
        elif element.tag in _INSTR or kind == "separate":
            opened[-1].append(element)
    for element in [*unmatched, *(e for begun in opened for e in begun)]:
        run = element.getparent()
        remove_keeping_tail(element)
        if run is not None and all(local(e) == "rPr" for e in run):
            remove_keeping_tail(run)


def _display_text(choice: etree._Element) -> str:
    """The name of a ``w:listItem``'s ``w:displayText`` attribute, in its vocabulary."""
    return f"{{{etree.QName(choice).namespace}}}displayText"


def _choose_in(paragraph: etree._Element, words: dict[str, str]) -> None:
    """Give the drop-downs of ``paragraph`` (a bilingual copy) their choices' translations
    (``words``: each choice's words to its translation), and show the translation of the
    one each showed."""
    if not words:
        return
    shown = _dropdowns(paragraph)
    for choice in paragraph.iter(*_LIST_ITEMS):
        name = _display_text(choice)
        said = choice.get(name)
        if said is not None:  # (without one, Word shows its value: left so)
            choice.set(name, words.get(said, said))
    for content, choice in shown:
        said = choice.get(_display_text(choice), "")
        for n, text in enumerate(content.iter(*_T)):
            text.text = said if n == 0 else ""


def _choices(root: etree._Element) -> list[Slot]:
    """The words each choice of the drop-down lists and combo boxes (content controls) in
    ``root`` shows: ``w:listItem``'s ``w:displayText`` (its ``w:value`` is the data a form
    reads: kept). A legacy form field's entries are left: its shown choice is a field's
    result, which is not translated either."""
    found: list[Slot] = []
    for item in root.iter(*_LIST_ITEMS):
        shown = _display_text(item)
        if not is_verbatim(str(item.get(shown, ""))):
            found.append(Slot(item, attribute=shown))
    return found


def _hyphens_as_text(root: etree._Element) -> None:
    """Word's non-breaking and optional hyphens (``w:noBreakHyphen``, ``w:softHyphen``) as
    the characters they are (U+2011, U+00AD, as LibreOffice reads them): part of their
    word's text, which the translation replaces. (As elements they were no text: "e-mail"
    reached the model as "email", and the hyphen stayed where it stood, after the word the
    translation put there.)"""
    for element in list(root.iter(*_HYPHENS)):
        run = element.getparent()
        if run is None or run.tag not in _R:
            continue
        if any(a.tag in _DELETED for a in run.iterancestors()):
            continue  # deleted (no w:t may stand there): not the sentence's either
        text = etree.Element(same_namespace(element, "t"))
        text.text = _HYPHENS[element.tag]
        text.tail = element.tail
        run.replace(element, text)


def _preserve_spaces(slots: Sequence[Slot]) -> None:
    for slot in slots:
        if slot.element is not None and slot.element.tag in _T and slot.text != slot.text.strip():
            slot.element.set(XML_SPACE, "preserve")


def _with_text(root: etree._Element) -> set[etree._Element]:
    """The paragraphs with a ``w:t`` of their own that is not empty (a superset of those with
    text to translate: whitespace is judged later, with the paragraph's slots)."""
    found: set[etree._Element] = set()
    for text in root.iter(*_T):
        if text.text:
            parent = text.getparent()
            while parent is not None and parent.tag not in _P:
                parent = parent.getparent()
            if parent is not None:
                found.add(parent)
    return found


def _in_fallback(element: etree._Element | None) -> bool:
    return element is not None and any(a.tag == _FALLBACK for a in element.iterancestors())


def _in_fallbacks(root: etree._Element) -> set[etree._Element]:
    """The paragraphs inside an mc:Fallback: the VML copies of text boxes that Word keeps for
    old readers (translating both copies would translate the text twice)."""
    return {p for fallback in root.iter(_FALLBACK) for p in fallback.iter(*_P)}


def _fallback_copies(root: etree._Element) -> dict[etree._Element, list[etree._Element]]:
    """Each paragraph of a text box's mc:Choice mapped to the paragraph in the same place of
    its mc:Fallback (VML) copy, for the text boxes whose two copies hold the same paragraphs
    with the same text; a fallback that differs is left as it is (it is not a copy)."""
    copies: dict[etree._Element, list[etree._Element]] = {}
    for alternate in root.iter(_ALTERNATE):
        choice, fallback = alternate.find(_CHOICE), alternate.find(_FALLBACK)
        if choice is None or fallback is None:
            continue
        ours, theirs = _paragraphs_in(choice), _paragraphs_in(fallback)
        if len(ours) != len(theirs) or any(
            _text(a) != _text(b) for a, b in zip(ours, theirs, strict=True)
        ):
            continue
        for a, b in zip(ours, theirs, strict=True):
            copies.setdefault(a, []).append(b)
    return copies


def _paragraphs_in(container: etree._Element) -> list[etree._Element]:
    """The ``w:p`` inside ``container`` that are not in a fallback nested in it."""
    found: list[etree._Element] = []
    for paragraph in container.iter(*_P):
        parent = paragraph.getparent()
        while parent is not None and parent is not container and parent.tag != _FALLBACK:
            parent = parent.getparent()
        if parent is container:
            found.append(paragraph)
    return found


def _text(paragraph: etree._Element) -> str:
    return "".join(s.text for s in _slots(paragraph))


class _Code:
    """Which paragraphs and runs are code, by their styles (the document's styles.xml says
    which styles are based on a code style)."""

    def __init__(self, package: Package, part: str) -> None:
        styles: dict[str, tuple[str, str]] = {}
        if package.has(part):
            for style in package.xml(part).iter(*both(W, "style")):
                name, based = ooxml.find(style, W, "name"), ooxml.find(style, W, "basedOn")
                styles[ooxml.get(style, W, "styleId")] = (
                    ooxml.get(name, W, "val") if name is not None else "",
                    ooxml.get(based, W, "val") if based is not None else "",
                )
        self.styles = CodeStyles(styles)

    def paragraph(self, paragraph: etree._Element) -> bool:
        return self.styles.block(_style(paragraph, "pPr", "pStyle"))

    def preformatted(self, paragraph: etree._Element) -> bool:
        return self.styles.preformatted(_style(paragraph, "pPr", "pStyle"))

    def run(self, run: etree._Element | None) -> bool:
        if run is None or run.tag not in _R:
            return False
        return self.styles.inline(_style(run, "rPr", "rStyle"))


def _style(element: etree._Element, properties: str, style: str) -> str:
    found = ooxml.find(element, W, properties)
    named = ooxml.find(found, W, style) if found is not None else None
    return ooxml.get(named, W, "val") if named is not None else ""


def _slots(paragraph: etree._Element, code: _Code | None = None) -> list[Slot]:
    """The paragraph's own ``w:t`` texts and line breaks and tabs (not those of a text box
    nested inside it), in order. A field's shown result (``w:fldSimple``, or the runs between
    a ``w:fldChar`` separate and end) is one fixed piece, seen as its placeholder; its
    instruction is no text. So are consecutive runs in a code style (``code``)."""
    own: list[Slot] = []
    code_run: object | None = None  # the code the last text was part of
    moved = {t for move in paragraph.iter(*_MOVED_FROM) for t in move.iter(*_T)}
    elements = [
        e
        for e in paragraph.iter(*_T, *_BREAKS, *_FLD_CHAR, *_INSTR, *_MATH, *_SYM)
        if (_own_math(e, paragraph) if e.tag in _MATH else _mine(e, paragraph)) and e not in moved
    ]
    closed, addresses = _closed_fields(elements)
    whole = _whole(paragraph)
    open_fields: list[_Field] = []
    shown: dict[int, list[str]] = {}  # a field's place in ``own`` -> its result's texts
    placed: dict[object, int] = {}
    # A field's place in ``own`` -> its first and last elements among the paragraph's runs
    # (its begin's and end's runs, its w:fldSimple…): what room for words goes beside.
    edges: dict[int, tuple[etree._Element, etree._Element]] = {}
    for element in elements:
        if element.tag in _FLD_CHAR:
            kind = ooxml.get(element, W, "fldCharType")
            if kind == "begin":
                open_fields.append(
                    _Field(
                        closed=element in closed,
                        address=element in addresses,
                        begin=element.getparent(),
                    )
                )
            elif kind == "separate" and open_fields:
                open_fields[-1].in_result = True
            elif kind == "end" and open_fields:
                ended = open_fields.pop()
                if ended in placed and (run := element.getparent()) is not None:
                    edges[placed[ended]] = (edges[placed[ended]][0], run)
            continue
        if element.tag in _INSTR:
            if open_fields and not open_fields[-1].in_result:
                open_fields[-1].instruction += element.text or ""
            continue
        if any(not f.in_result for f in open_fields):
            continue  # a nested field's result inside an instruction is not shown
        if element.tag in _MATH:
            code_run = None
            parent = element.getparent()
            whole_math = parent if parent is not None and local(parent) == "oMathPara" else element
            edges[len(own)] = (whole_math, whole_math)
            own.append(field("".join(t.text or "" for t in element.iter(*_MATH_T))))
            continue
        if element.tag in _SYM:
            code_run = None
            run = element.getparent()
            edges[len(own)] = (run, run) if run is not None else (element, element)
            own.append(field(_symbol(element)))
            continue
        holder: object | None = next((f for f in open_fields if f.atomic), None)
        if holder is None:
            holder = _simple_field(element, paragraph)
        if holder is None:
            holder = _whole_around(element, paragraph, whole)
        if (
            holder is None
            and element.tag in _T
            and code is not None
            and code.run(element.getparent())
        ):
            code_run = holder = code_run or object()
        elif holder is None:
            code_run = None
        if holder is None:
            own.append(Slot(element) if element.tag in _T else fixed(_BREAKS[element.tag]))
        elif element.tag in _T and element.text:
            first, last = _edges(holder, element)
            if holder not in placed:
                placed[holder] = len(own)
                shown[len(own)] = []
                own.append(field(""))
                edges[len(own) - 1] = (first, last)
            at = placed[holder]
            edges[at] = (edges[at][0], last)
            shown[at].append(element.text)
    for at, texts in shown.items():
        own[at] = field("".join(texts))
    return numbered(ooxml.with_rooms(paragraph, own, edges))


def _edges(holder: object, element: etree._Element) -> tuple[etree._Element, etree._Element]:
    """Where a field (``holder``: its open complex field, w:fldSimple, hyperlink, drop-down's
    content, or the code its runs are) begins and, so far, ends, as of its text
    ``element``: the elements among the paragraph's runs that room for words may stand
    beside (a drop-down's content control whole)."""
    run = element.getparent()
    assert run is not None
    if isinstance(holder, _Field):
        return holder.begin if holder.begin is not None else run, run
    if isinstance(holder, etree._Element):
        if local(holder) == "sdtContent" and (control := holder.getparent()) is not None:
            return control, control
        return holder, holder
    return run, run  # (a run of code)


# Fields whose result is the author's text (a hyperlink's words, what was typed into a FILLIN
# prompt: LibreOffice's input field) or whole paragraphs (a table of contents, an index): their
# text is translated like any other.
_OPEN_FIELDS = frozenset(["HYPERLINK", "FILLIN", "TOC", "TOA", "INDEX", "BIBLIOGRAPHY"])


class _Field:
    """A complex field open at a point of a paragraph: its instruction so far, and whether
    its result (after ``separate``) has begun."""

    def __init__(
        self, *, closed: bool, address: bool = False, begin: etree._Element | None = None
    ) -> None:
        self.closed = closed  # it ends in the same paragraph
        self.address = address  # a HYPERLINK field showing a web or e-mail address
        self.begin = begin  # the run of its ``begin``
        self.instruction = ""
        self.in_result = False

    @property
    def atomic(self) -> bool:
        """Its result is generated text, or an address, kept whole (a field running on into
        later paragraphs holds paragraphs, not a value)."""
        return (
            self.in_result
            and self.closed
            and (self.address or _instruction(self.instruction) not in _OPEN_FIELDS)
        )


def _instruction(code: str) -> str:
    words = code.split()
    return words[0].upper() if words else ""


def _simple_field(element: etree._Element, paragraph: etree._Element) -> etree._Element | None:
    """The outermost ``w:fldSimple`` around ``element`` in ``paragraph`` whose result is kept
    whole, if any."""
    found = None
    for ancestor in element.iterancestors():
        if ancestor is paragraph:
            break
        if ancestor.tag in _FLD_SIMPLE and _instruction(ooxml.get(ancestor, W, "instr")) not in (
            _OPEN_FIELDS
        ):
            found = ancestor
    return found


def _closed_fields(
    elements: Sequence[etree._Element],
) -> tuple[set[etree._Element], set[etree._Element]]:
    """The ``begin`` field characters whose ``end`` is in the same paragraph, and those of
    them that begin a hyperlink whose shown text is a web or e-mail address (a model given
    "https://example.com/en/contact" may well "translate" it)."""
    closed: set[etree._Element] = set()
    addresses: set[etree._Element] = set()
    begun: list[tuple[etree._Element, _Field, list[str]]] = []  # (begin, field, shown texts)
    for element in elements:
        if element.tag in _FLD_CHAR:
            kind = ooxml.get(element, W, "fldCharType")
            if kind == "begin":
                begun.append((element, _Field(closed=False), []))
            elif kind == "separate" and begun:
                begun[-1][1].in_result = True
            elif kind == "end" and begun:
                begin, opened, shown = begun.pop()
                closed.add(begin)
                if _instruction(opened.instruction) == "HYPERLINK" and _is_address("".join(shown)):
                    addresses.add(begin)
        elif begun and element.tag in _INSTR and not begun[-1][1].in_result:
            begun[-1][1].instruction += element.text or ""
        elif begun and element.tag in _T and begun[-1][1].in_result:
            begun[-1][2].append(element.text or "")
    return closed, addresses


def _is_address(text: str) -> bool:
    return ADDRESS.fullmatch(text.strip()) is not None


def _whole(paragraph: etree._Element) -> set[etree._Element]:
    """The paragraph's inline elements whose text is one placeholder: a hyperlink
    (``w:hyperlink``) showing a web or e-mail address, a drop-down list's chosen item (its
    choices are translated, and it shows the translation of the one it showed), a date
    picker's date (Word shows it again from its value, as a DATE field's: a letter's
    "Allerød, 11-01-2012" went to the model whole)."""
    found = {
        link
        for link in paragraph.iter(*_HYPERLINK)
        if _is_address("".join(t.text or "" for t in link.iter(*_T)))
    }
    found.update(content for content, _choice in _dropdowns(paragraph))
    for date in paragraph.iter(*both(W, "date")):
        properties = date.getparent()
        control = properties.getparent() if properties is not None else None
        content = ooxml.find(control, W, "sdtContent") if control is not None else None
        if content is not None and ooxml.find(content, W, "p") is None:
            found.add(content)
    return found


def _whole_around(
    element: etree._Element, paragraph: etree._Element, whole: set[etree._Element]
) -> etree._Element | None:
    """The element of ``whole`` that ``element`` is shown in, if any."""
    if not whole:
        return None
    for ancestor in element.iterancestors():
        if ancestor is paragraph:
            break
        if ancestor in whole:
            return ancestor
    return None


def _dropdowns(root: etree._Element) -> list[tuple[etree._Element, etree._Element]]:
    """The drop-down lists (content controls) in ``root`` whose shown text, inside a
    paragraph, is one of their choices: (the content shown, that choice)."""
    found: list[tuple[etree._Element, etree._Element]] = []
    for listing in root.iter(*_DROP_DOWN):
        properties = listing.getparent()
        sdt = properties.getparent() if properties is not None else None
        content = sdt.find(same_namespace(sdt, "sdtContent")) if sdt is not None else None
        if content is None or content.find(same_namespace(content, "p")) is not None:
            continue  # (one holding paragraphs: its text is theirs)
        shown = "".join(t.text or "" for t in content.iter(*_T))
        for choice in listing.iter(*_LIST_ITEMS):
            if choice.get(_display_text(choice), "") == shown and shown.strip():
                found.append((content, choice))
                break
    return found


def _symbol(element: etree._Element) -> str:
    """The character a ``w:sym`` shows (in its symbol font), as its field shows it."""
    try:
        return chr(int(ooxml.get(element, W, "char"), 16))
    except ValueError:
        return ""


def _mine(element: etree._Element, paragraph: etree._Element) -> bool:
    """A text, break or field character of ``paragraph`` itself (not of a text box nested in
    it; a ``w:tab`` among tab stops is no text)."""
    parent = element.getparent()
    if element.tag not in _T and (parent is None or parent.tag not in _R):
        return False
    while parent is not None and parent.tag not in _P:
        parent = parent.getparent()
    return parent is paragraph


def _own_math(element: etree._Element, paragraph: etree._Element) -> bool:
    """An equation standing in ``paragraph`` itself (not one inside another equation, nor in
    a text box nested in the paragraph)."""
    parent = element.getparent()
    while parent is not None and parent.tag not in _P:
        if parent.tag in _MATH:
            return False
        parent = parent.getparent()
    return parent is paragraph


def _resolve(root: etree._Element, xpath: str, prefixes: str) -> etree._Element | None:
    """The element of a store that a binding's ``xpath`` names, when it is a path of names
    from the root (a prefix, where given, names the namespace it must be in; an index, the
    n-th of its name) ending at an element holding no others; else None (an XPath with
    another test or axis is not followed: it may name something else)."""
    namespaces = {m.group(1): m.group(3) for m in _PREFIX.finditer(prefixes)}
    steps = xpath.strip().split("/")
    if len(steps) < 2 or steps[0]:
        return None
    found: etree._Element | None = None
    for step in steps[1:]:
        match = _STEP.fullmatch(step)
        if match is None or (match.group(1) and match.group(1) not in namespaces):
            return None
        prefix, name, index = match.groups()
        among = [root] if found is None else [c for c in found if isinstance(c.tag, str)]
        named = [
            e
            for e in among
            if etree.QName(e).localname == name
            and (not prefix or etree.QName(e).namespace == namespaces[prefix])
        ]
        if len(named) < int(index or 1):
            return None
        found = named[int(index or 1) - 1]
    if found is None or any(isinstance(c.tag, str) for c in found):
        return None
    return found


def _shown(content: etree._Element) -> str:
    """The text a content control shows (its paragraphs' lines joined by line breaks)."""
    pieces: list[str] = []
    for element in content.iter(*_P, *_T, *_BREAKS):
        if element.tag in _P:
            if pieces:
                pieces.append("\n")
        elif element.tag in _T:
            pieces.append(element.text or "")
        elif (parent := element.getparent()) is not None and parent.tag in _R:
            pieces.append(_BREAKS[element.tag])
    return "".join(pieces)


def _same(stored: str, shown: str) -> bool:
    """Whether a control shows its stored value (spaces aside)."""
    return stored.split() == shown.split()


def _natural(name: str) -> tuple[int, str]:
    digits = re.findall(r"\d+", name)
    return (int(digits[-1]) if digits else 0, name)


def read(data: bytes, path: Path) -> Document:
    return DocxDocument(path, data)


__all__ = ["DocxDocument", "read"]
