"""Adobe InDesign's IDML (``.idml``: a zip of XML parts, as InDesign's File > Export >
InDesign Markup writes it) and InCopy's ICML (``.icml``: one story's XML, as InCopy and
pandoc write it). Every story the document lists (the spreads' and the master spreads'
frames: running heads too) is read paragraph by paragraph: a ``<Br/>`` ends one, wherever
the style ranges around it begin and end. A paragraph's ``<Content>`` texts are its runs (a
bold word is a run of its own), each ``<?ACE n?>`` inside one (a page number, a footnote's
number, indent to here) a field the translator places, and so are a footnote's reference,
a table's anchor, a text variable and an anchored frame; a footnote's paragraphs and a
table's cells are units of their own, after the paragraph they stand in. A hyperlink's text
is translated in its sentence. Kept as they are: notes (``<Note>``, never printed), index
markers, text of a hidden condition, attributes and ``<Properties>``; every part but a
changed story (and the styles that name the language and direction) is copied byte for byte,
``mimetype`` first and stored. A story with tracked changes is refused: which of its texts is the
document's is InDesign's to decide (accept or reject them there). A layout has room for one
text, so there is no bilingual output."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

from engine.api import Note
from engine.documents.base import Document, Unit, check_unit_count
from engine.documents.errors import DocumentError
from engine.documents.language import Language
from engine.documents.package import (
    Package,
    Reparsed,
    Slot,
    Unreadable,
    apply,
    field,
    fields,
    local,
    mimetype_fault,
    numbered,
    parse_file,
    written_in_place,
    xml_parser,
)

_DESIGNMAP = "designmap.xml"
_STYLES, _PREFERENCES = "Resources/Styles.xml", "Resources/Preferences.xml"
_IDPKG = "http://ns.adobe.com/AdobeInDesign/idml/1.0/packaging"
# InDesign's own document (.indd) starts with this GUID: a binary file no reader but
# InDesign opens.
_INDD = bytes.fromhex("0606edf5d81d46e5bd31efe7fe74b71d")
# What an IDML package's ``mimetype`` holds: its first entry, stored, as InDesign writes it
# (a reader may know the package by those bytes at offset 38, as an EPUB's).
_MIMETYPE = b"application/vnd.adobe.indesign-idml-package"
_EXPORT = "In InDesign, choose File > Export > InDesign Markup (IDML), then translate the .idml"

# Elements a paragraph's text runs through: its style ranges, a hyperlink's text, a tagged
# (XML) element's.
_THROUGH = frozenset(
    ["ParagraphStyleRange", "CharacterStyleRange", "HyperlinkTextSource", "XMLElement"]
)
# Objects anchored in the text (one character where they stand): fields of their paragraph.
# An anchored text frame's story is a story of its own, read as one.
_ANCHORED = frozenset(
    [
        "TextFrame", "Rectangle", "Oval", "Polygon", "GraphicLine", "Group", "Button",
        "EPSText", "FormField", "MultiStateObject", "CheckBox", "ComboBox", "ListBox",
        "RadioButton", "TextBox", "SignatureField", "Table", "Footnote",
    ]
)  # fmt: skip
# What an ``<?ACE n?>`` shows, for reading (summaries): a page number, the next and the
# previous page's, a section's marker, a footnote's number; the rest are layout (indent to
# here, a right indent tab, end nested style), none.
_ACE_SHOWN = {"4": "1", "18": "#", "19": "§", "20": "#", "21": "#"}
_NO_LANGUAGE = "$ID/[No Language]"
# A right-to-left text's paragraphs and stories say so, and are set by the World-Ready
# composers (InDesign's Paragraph and Single-line Composers set no Arabic or Hebrew): their
# names as InDesign's own files write them (Styles.xml's Composer="HL Composer"; the
# World-Ready ones, "HL Composer Optyca" and "HL Single Optyca", are InDesign's key strings
# $ID/HL Composer Optyca and $ID/HL Single Optyca).
# (An object style's "UnknownDirection" sets none: kept.)
_LTR, _RTL = "LeftToRightDirection", "RightToLeftDirection"
_WORLD_READY = {"HL Composer": "HL Composer Optyca", "HL Single": "HL Single Optyca"}

# InDesign's names for the languages it checks spelling and hyphenates in, as its own files
# write them (Resources of InDesign CS4 to CC 2017: okapi's and SimpleIDML's test files),
# by Office culture name or language; the first of a language's names the document lists is
# the one written. German of the 2006 spelling is "de_DE_2006" from CS4 on ("German:
# Reformed" is the 1996 spelling's): the 20 of okapi's CS4 files (DOMVersion 6.0) that list
# every language InDesign had list both. InDesign (Western and Middle East editions) names
# no Chinese, Japanese or Korean: a text in one keeps the language it names, and the job
# says so.
_NAMES: dict[str, tuple[str, ...]] = {
    "en": ("$ID/English: USA",), "en-GB": ("$ID/English: UK",),
    "en-CA": ("$ID/English: Canadian",), "de": ("$ID/de_DE_2006", "$ID/German: Reformed"),
    "de-CH": ("$ID/de_CH_2006", "$ID/German: Swiss"), "fr": ("$ID/French",),
    "fr-CA": ("$ID/French: Canadian",), "es": ("$ID/Spanish: Castilian",),
    "it": ("$ID/Italian",), "nl": ("$ID/nl_NL_2005", "$ID/Dutch"),
    "pt": ("$ID/Portuguese", "$ID/Portuguese: Orthographic Agreement"),
    "pt-BR": ("$ID/Portuguese: Brazilian",), "nb-NO": ("$ID/Norwegian: Bokmal",),
    "nn-NO": ("$ID/Norwegian: Nynorsk",), "bg": ("$ID/Bulgarian",), "ca": ("$ID/Catalan",),
    "hr": ("$ID/Croatian",), "cs": ("$ID/Czech",), "da": ("$ID/Danish",),
    "et": ("$ID/Estonian",), "fi": ("$ID/Finnish",), "el": ("$ID/Greek",),
    "he": ("$ID/Hebrew",), "hu": ("$ID/Hungarian",), "lv": ("$ID/Latvian",),
    "lt": ("$ID/Lithuanian",), "pl": ("$ID/Polish",), "ro": ("$ID/Romanian",),
    "ru": ("$ID/Russian",), "sk": ("$ID/Slovak",), "sl": ("$ID/Slovenian",),
    "sv": ("$ID/Swedish",), "tr": ("$ID/Turkish",), "uk": ("$ID/Ukrainian",),
    "ar": ("$ID/Arabic",), "bn": ("$ID/bn_IN",), "gu": ("$ID/gu_IN",), "hi": ("$ID/hi_IN",),
    "kn": ("$ID/kn_IN",), "ml": ("$ID/ml_IN",), "mr": ("$ID/mr_IN",), "or": ("$ID/or_IN",),
    "pa": ("$ID/pa_IN",), "ta": ("$ID/ta_IN",), "te": ("$ID/te_IN",),
}  # fmt: skip


def language_name(language: Language, listed: frozenset[str]) -> str | None:
    """InDesign's name for ``language``: the first of its names the document lists among its
    languages (``listed``: those its text has used, or every one InDesign had), else its
    first (InDesign knows its own languages by name, listed or not); None where InDesign
    has none."""
    names = _NAMES.get(language.culture) or _NAMES.get(language.language, ())
    return next((name for name in names if name in listed), names[0] if names else None)


class _Paragraph:
    """One paragraph's slots as they are read, and the paragraphs of the footnotes and cells
    standing in it (units after it)."""

    def __init__(self) -> None:
        self.slots: list[Slot] = []
        self.inside: list[list[Slot]] = []


def paragraphs(flow: etree._Element, hidden: Callable[[etree._Element], bool]) -> list[list[Slot]]:
    """The paragraphs of a text flow (a story, a footnote, a table's cell) in reading order,
    each as its slots (its ``<Content>`` texts writable, fields numbered), a footnote's and a
    cell's after the paragraph it stands in; ``hidden``: whether a style range's text is of
    a hidden condition (kept, unseen)."""
    done: list[list[Slot]] = []
    current = _Paragraph()

    def end() -> None:
        nonlocal current
        done.append(numbered(current.slots))
        done.extend(current.inside)
        current = _Paragraph()

    def walk(element: etree._Element) -> None:
        for child in element:
            name = local(child)
            if name == "Content":
                current.slots.append(Slot(child))
                for code in child:  # (processing instructions: <?ACE 18?>)
                    shown = _ACE_SHOWN.get(str(getattr(code, "text", "") or "").strip(), "")
                    current.slots += [field(shown), Slot(code, tail=True)]
            elif name == "Br":
                end()
            elif name in _THROUGH:
                if not hidden(child):
                    walk(child)
            elif name == "TextVariableInstance":
                current.slots.append(field(child.get("ResultText", "")))
            elif name == "CrossReferenceSource":  # (its text is made by InDesign: kept)
                current.slots.append(field("".join(_content(child))))
            elif name in _ANCHORED:
                current.slots.append(field(""))
                if name == "Footnote":
                    current.inside += paragraphs(child, hidden)
                elif name == "Table":
                    for cell in child.iter("Cell"):
                        current.inside += paragraphs(cell, hidden)
            # Anything else (notes, index markers, properties, destinations) is no text.

    walk(flow)
    end()
    return [slots for slots in done if any(s.writable and s.text.strip() for s in slots)]


def _content(element: etree._Element) -> list[str]:
    return [str(c.text or "") for c in element.iter("Content")]


def _hidden_conditions(root: etree._Element) -> frozenset[str]:
    """The conditions set not to show (``Visible="false"``), by their ids."""
    return frozenset(
        str(c.get("Self", ""))
        for c in root.iter("Condition")
        if c.get("Visible", "true").lower() == "false"
    )


def _hider(conditions: frozenset[str]) -> Callable[[etree._Element], bool]:
    def hidden(element: etree._Element) -> bool:
        applied = element.get("AppliedConditions")
        if not applied or not conditions:
            return False
        # (ids are written URL-escaped: "Condition/Print%20Only"; a list apart by spaces)
        return any(unquote(said) in conditions for said in applied.split())

    return hidden


class InDesignDocument(Reparsed, Document):
    """An IDML package or an ICML story: its stories' paragraphs as units (see the module)."""

    def __init__(self, path: Path, data: bytes) -> None:
        self.path, self.data = path, data
        self.package: Package | None = None
        if data.startswith(_INDD):  # (renamed .idml or .icml)
            raise DocumentError(
                "This is an InDesign document (.indd), not InDesign Markup (IDML)",
                path=path,
                hint=_EXPORT,
                message_id="document.indd",
            )
        if path.suffix.lower() != ".icml":
            self.package = Package(path, data, "InDesign Markup (IDML) file", "InDesign")
            self.package.require(_DESIGNMAP)
        self._load()
        if self.cross_references:
            self.notes = (*self.notes, _cross_references(self.cross_references))

    def _load(self) -> None:
        self.trees: dict[str, etree._Element] = {}
        self.targets: list[tuple[str, list[Slot]]] = []
        self.cross_references = 0  # (in the stories read: texts InDesign makes, kept)
        if self.package is None:
            root = self._icml()
            self.trees[""] = root
            stories = [("", story) for story in root.iter("Story")]
            conditions = _hidden_conditions(root)
        else:
            designmap = self.package.xml(_DESIGNMAP)
            conditions = _hidden_conditions(designmap)
            self.listed = frozenset(str(e.get("Name")) for e in designmap.iter("Language"))
            stories = []
            for name in self._story_parts(designmap):
                root = self.package.xml(name)
                self.trees[name] = root
                stories += [(name, story) for story in root.iter("Story")]
        if self.package is None:
            self.listed = frozenset(str(e.get("Name")) for e in self.trees[""].iter("Language"))
        hidden = _hider(conditions)
        units: list[Unit] = []
        for name, story in stories:
            changed = next(story.iter("Change"), None)
            if changed is not None:
                raise DocumentError(
                    f"The document has tracked changes ({name or 'its story'}, "
                    f"{changed.get('ChangeType', 'a change')})",
                    path=self.path,
                    hint="Accept or reject them in InDesign or InCopy (Type > Track Changes), "
                    "export again, then retry",
                    message_id="document.tracked_changes",
                )
            self.cross_references += sum(
                1 for source in story.iter("CrossReferenceSource") if any(_content(source))
            )
            for n, slots in enumerate(paragraphs(story, hidden), start=1):
                self.targets.append((name, slots))
                runs = tuple(s.text for s in slots)
                uid = f"{name or story.get('Self', 'Story')}#p{n}"
                units.append(Unit(uid, "".join(runs), runs, fields=fields(slots)))
                check_unit_count(len(units), self.path)
        self.units = tuple(units)

    def _icml(self) -> etree._Element:
        try:
            root = parse_file(self.data)
        except Unreadable as exc:
            raise DocumentError(
                f"This is not a valid InCopy story (ICML): {exc.what} at line {exc.line}",
                path=self.path,
                hint="Open and save it again in InCopy, or export it again, then retry",
                message_id="document.damaged_file",
                params={"suffix": self.path.suffix},
            ) from None
        if local(root) != "Document" or next(root.iter("Story"), None) is None:
            raise DocumentError(
                "This is XML but no InCopy story (ICML): it has no <Story>",
                path=self.path,
                hint="Give a story InCopy or InDesign exported (File > Export > InCopy Document)",
                message_id="document.damaged_file",
                params={"suffix": self.path.suffix},
            )
        return root

    def _story_parts(self, designmap: etree._Element) -> list[str]:
        """The stories the document lists, in its order (a part it does not list is none of
        its text: InDesign ignores it)."""
        assert self.package is not None
        found: list[str] = []
        for listed in designmap.iter(f"{{{_IDPKG}}}Story"):
            name = str(listed.get("src", ""))
            if name and name not in found:
                if not self.package.has(name):
                    # (its text lost with its part: the translation would lack it)
                    raise DocumentError(
                        f"The InDesign Markup (IDML) file is damaged: {_DESIGNMAP} lists "
                        f"{name}, which it does not hold",
                        path=self.path,
                        hint="Export it again from InDesign (File > Export > InDesign Markup "
                        "(IDML)), then retry",
                        message_id="document.damaged",
                        params={"editor": "InDesign"},
                    )
                found.append(name)
        return found

    def check_target(self, language: Language) -> None:
        if language.rtl:
            self.notes = (
                *self.notes,
                Note(
                    f"The translated stories are set right to left for {language.tag}, by "
                    "InDesign's World-Ready composer: in InDesign, give their styles a font "
                    "that has its letters, and check their alignment",
                    "document.indesign_right_to_left",
                    {"language": language.tag},
                ),
            )
        if language_name(language, self.listed) is None:
            self.notes = (
                *self.notes,
                Note(
                    f"InDesign has no language for {language.tag} in this document: its text "
                    "still names its own (for spelling and hyphenation); set it in InDesign's "
                    "Character panel",
                    "document.indesign_no_language",
                    {"language": language.tag},
                ),
            )

    def render(self, translations: Sequence[str]) -> bytes:
        self._check(translations)
        self._fresh()
        changed: dict[str, etree._Element] = {}
        named = None if self.language is None else language_name(self.language, self.listed)
        for unit, (name, slots), text in zip(self.units, self.targets, translations, strict=True):
            if text == unit.text:
                continue
            apply(slots, text)
            changed[name] = self.trees[name]
            if named is not None:
                for slot in slots:
                    if slot.element is not None and not slot.tail:
                        _rename(slot.element, named)
        if self.language is not None and changed:
            for root in changed.values():  # (an ICML's styles are in its one part)
                _direct(root, rtl=self.language.rtl)
            if self.package is not None:
                for part in (_STYLES, _PREFERENCES):
                    if self.package.has(part):
                        root = self.package.xml(part)
                        said = named is not None and _rename_defaults(root, named)
                        if _direct(root, rtl=self.language.rtl) or said:
                            changed[part] = root
            elif named is not None:
                _rename_defaults(self.trees[""], named)
        if self.package is None:
            if not changed:
                return self.data
            return _serialised(self.data, self.trees[""])
        return _written(self.package, changed)


def _rename(content: etree._Element, named: str) -> None:
    """The style ranges a translated text stands in name ``named`` as its language, where they
    name one (and it is no ``[No Language]``: text never checked, kept so)."""
    for ancestor in content.iterancestors("CharacterStyleRange", "ParagraphStyleRange"):
        said = ancestor.get("AppliedLanguage")
        if said is not None and said != _NO_LANGUAGE:
            ancestor.set("AppliedLanguage", named)


def _rename_defaults(root: etree._Element, named: str) -> bool:
    """Paragraph and character styles (the text they style says its language by them where
    it says none of its own) and the text defaults (what is typed in a new frame) name
    ``named`` as their language, where they name one; whether any did."""
    found = False
    for style in root.iter("ParagraphStyle", "CharacterStyle", "TextDefault"):
        said = style.get("AppliedLanguage")
        if said is not None and said not in (_NO_LANGUAGE, named):
            style.set("AppliedLanguage", named)
            found = True
    return found


def _direct(root: etree._Element, *, rtl: bool) -> bool:
    """Paragraphs (styles, the text defaults, a story's style ranges) and stories (their
    preferences) in ``root`` that say a direction say the target's; a right-to-left one's
    paragraphs are set by the World-Ready composer where they name InDesign's Latin one;
    whether any changed. (A left-to-right target keeps the World-Ready composer, which sets
    Latin text as the others do.)"""
    direction, opposite = (_RTL, _LTR) if rtl else (_LTR, _RTL)
    found = False
    for element in root.iter(
        "ParagraphStyle", "TextDefault", "ParagraphStyleRange", "StoryPreference"
    ):
        name = "StoryDirection" if element.tag == "StoryPreference" else "ParagraphDirection"
        if element.get(name) == opposite:
            element.set(name, direction)
            found = True
        composer = str(element.get("Composer", ""))
        prefix = "$ID/" if composer.startswith("$ID/") else ""
        world_ready = _WORLD_READY.get(composer.removeprefix(prefix))
        if rtl and world_ready is not None:
            element.set("Composer", prefix + world_ready)
            found = True
    return found


def _cross_references(count: int) -> Note:
    return Note(
        f"The document's cross-references ({count}) still show the source's words: InDesign "
        "writes them again from what they point to. In InDesign, choose Window > Type & "
        "Tables > Cross-References, select them all and click Update Cross-References (and "
        'translate the words of their formats there, such as "on page")',
        "document.indesign_cross_references",
        {"count": count},
    )


def _serialised(data: bytes, root: etree._Element) -> bytes:
    """``root`` (an edited part, first parsed from ``data``) written in place of the one in
    ``data``: its XML declaration and the rest around its root kept, and its empty elements
    closed as ``data`` closes them (InDesign CC writes ``<Br />``, CS4 ``<Br/>``), and line
    ends and tabs in attributes written as it writes them (``&#xa;``, where lxml's are
    ``&#10;``)."""
    written = written_in_place(data, etree.fromstring(data, xml_parser()), root)
    if b" />" in data and _TIGHT.search(data) is None:
        # (lxml writes ">" as "&gt;" in texts and attributes: "/>" ends an empty element)
        written = _TIGHT.sub(b" />", written)
    for decimal, hexadecimal in _REFERENCES:
        if hexadecimal in data and decimal not in data:
            written = written.replace(decimal, hexadecimal)
    return written


_TIGHT = re.compile(rb"(?<! )/>")
_REFERENCES = ((b"&#10;", b"&#xa;"), (b"&#9;", b"&#x9;"), (b"&#13;", b"&#xd;"))


def _written(package: Package, changed: Mapping[str, etree._Element]) -> bytes:
    """The package with ``changed`` parts written in place and every other entry copied as
    it was (its compressed bytes), in its order, but ``mimetype``: first, stored and saying
    InDesign's type, and there where a package lacks it, as InDesign writes it (a package
    whose tool put it elsewhere or compressed it is written as InDesign reads any)."""
    files = {
        name: _serialised(package.archive.read(package.real(name)), root)
        for name, root in changed.items()
    }
    fault = mimetype_fault(package, _MIMETYPE)
    return package.write(
        {}, files=files, leading=None if fault is None else ("mimetype", _MIMETYPE)
    )


def read(data: bytes, path: Path) -> Document:
    return InDesignDocument(path, data)


__all__ = ["InDesignDocument", "language_name", "paragraphs", "read"]
