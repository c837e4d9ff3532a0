"""XLIFF 1.2 (.xlf, .xliff: Qt's lupdate, Xcode, Angular, Okapi, memoQ, Trados) and XLIFF 2.x
(Angular, Okapi): each translation unit (1.2's ``trans-unit``, or each ``mrk`` segment of its
``seg-source``; 2.x's ``segment``) with no translation yet is a unit, its ``source`` the text.

Its translation becomes the ``target``: created after the source when there is none, else
filled in. Inline codes are seen as placeholders and written back as they were: a paired one
(1.2's ``g`` and ``mrk``, 2.x's ``pc`` and ``mrk``) around its translated text, a standalone
one (``x``, ``bx``, ``ex``, ``ph``, ``bpt``, ``ept``, ``it``; ``ph``, ``sc``, ``ec``, ``sm``,
``em``, ``cp``) whole; so are placeholders a producer left as text (printf's ``%s``
``%1$s``, Qt's ``%1``, Xcode's ``%@``, braces ``{name}``, HTML tags escaped as text). A
translation that lost one, repeated one, broke a pair's nesting, or moved printf's ``%s``
past another leaves the unit untranslated (a CAT tool would refuse the target, a program
fail on it).

A target filled in is marked for review: 1.2's ``state="needs-review-translation"`` (as
machine translation is), 2.x's segment ``state="translated"``. Trados Studio's SDLXLIFF keeps a
segment's status in its ``sdl:seg`` instead (its targets have no attributes): a segment filled in
becomes ``conf="Draft" origin="mt"``, as Trados's own machine translation marks one, and a locked
segment (``locked="true"``) is not translated. memoQ's .mqxliff keeps a row's status in the
trans-unit's ``mq:status``: a row filled in becomes ``MachineTranslated`` (not confirmed), as
memoQ's own machine translation marks one; a row ``NotStarted`` is open whatever its target
holds; a locked one (``mq:locked="locked"``) is not translated. A file that names no target
language gets the job's (1.2's ``target-language``, 2.x's ``trgLang``). Units marked
``translate="no"``, translated ones (a target with text, not ``state="new"`` or
``"needs-translation"``), notes, context, alternatives and every other element and attribute
are kept."""

from __future__ import annotations

import copy
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from engine.documents import placeholders
from engine.documents.base import FIELD, Document, Unit, check_unit_count
from engine.documents.errors import DocumentError, other_target
from engine.documents.language import Language, same_target
from engine.documents.package import (
    Unreadable,
    local,
    parse_file,
    whole_file,
    written_in_place,
)

NS12 = "urn:oasis:names:tc:xliff:document:1.2"
SDL = "http://sdl.com/FileTypes/SdlXliff/1.0"  # Trados Studio's additions (SDLXLIFF)
MQ = "MQXliff"  # memoQ's (.mqxliff)
_NS1_PREFIX = "urn:oasis:names:tc:xliff:document:1."  # 1.2, and 1.1 and 1.0 alike
_NS2_PREFIX = "urn:oasis:names:tc:xliff:document:2."
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

# Inline elements: paired ones hold translatable text; codes are whole.
_PAIRED = {1: frozenset(["g", "mrk"]), 2: frozenset(["pc", "mrk"])}
_CODES = {
    1: frozenset(["x", "bx", "ex", "ph", "bpt", "ept", "it"]),
    2: frozenset(["ph", "sc", "ec", "sm", "em", "cp"]),
}
# Placeholders producers leave in the text: printf's conversions (with no space flag: "100%
# sure" is text), Qt's numbered arguments, Xcode's %@, braces, and HTML tags escaped as text.
_TEXT_CODES = placeholders.PLAIN_RE
_UNTRANSLATED_STATES = frozenset(["new", "needs-translation", "initial"])


@dataclass
class _Code:
    """A placeholder: ``kind`` "open"/"close" (a paired element's two ends), "code" (an
    element kept whole) or "text" (a placeholder written as text)."""

    kind: str
    element: etree._Element | None = None
    text: str = ""
    pair: int = 0  # the paired element's number, shared by its two ends
    # A standalone code that ends another (ept, ex, ec, em): that one's index among the codes.
    ends: int | None = None

    @property
    def shown(self) -> str:
        """What a reader sees of it (for summarizing and asking)."""
        if self.kind == "text":
            return "" if placeholders.is_icu_syntax(self.text) else self.text
        if self.kind == "code" and self.element is not None:
            # What the producer says the code stands for (Angular's "{{ name }}").
            element = self.element
            return element.get("equiv-text") or element.get("equiv") or element.get("disp") or ""
        return ""


@dataclass
class Segment:
    """Where a unit's text comes from and where its translation goes."""

    source: etree._Element
    holder: etree._Element  # the trans-unit or segment (1.2: or the seg-source's mrk)
    version: int
    codes: list[_Code]
    lead: str
    trail: str
    mid: str | None = None  # a seg-source segment's id
    tool: str = ""  # "sdl" (Trados: status in its sdl:seg), "memoq" (in mq:status), else ""


class XliffDocument(Document):
    def __init__(self, path: Path, data: bytes, root: etree._Element, version: int) -> None:
        self.path, self.data, self.root, self.version = path, data, root, version
        self.locked = 0  # segments left to translate and locked (in Trados or memoQ)
        self.segments: list[Segment] = []
        units: list[Unit] = []
        open_segments = 0
        for segment in self._untranslated():
            open_segments += 1
            try:
                text, codes = as_text(segment.source, INLINE[version])
            except Unreadable as exc:
                raise _refused(path, exc.what, exc.line) from None
            core = text.strip()
            segment.lead = text[: len(text) - len(text.lstrip())]
            segment.trail = text[len(text.rstrip()) :] if core else ""
            segment.codes = codes
            if not _FIELD.sub("", core).strip():
                continue  # nothing but codes: nothing to translate
            check_unit_count(len(units) + 1, path)
            fields = tuple(c.shown for c in codes)
            units.append(Unit(f"u{len(units) + 1}", core, fields=fields))
            self.segments.append(segment)
        if not open_segments and self.locked:
            raise DocumentError(
                "Every segment of this file left to translate is locked",
                path=path,
                hint="Unlock the segments in the tool that made it (Trados Studio, memoQ), or "
                "ask who locked them, then retry",
                message_id="document.segments_locked",
            )
        if not open_segments and any(True for _ in self._units()):
            raise DocumentError(
                "Every unit of this XLIFF file is translated already",
                path=path,
                hint="Quire fills in empty targets only; give a file with units left to translate",
                message_id="document.xliff_translated",
            )
        self.units = tuple(units)

    def accepts(self, index: int, text: str) -> bool:
        return build(text.strip(), self.segments[index]) is not None

    def _units(self) -> Iterator[etree._Element]:
        tag = "trans-unit" if self.version == 1 else "segment"
        for element in self.root.iter():
            if local(element) == tag and not _excluded(element):
                yield element

    def _untranslated(self) -> Iterator[Segment]:
        for holder in self._units():
            source = _child(holder, "source")
            if source is None:
                continue
            target = _child(holder, "target")
            # (by the namespaces where the unit is: another tool may have moved them)
            spaces = set(holder.nsmap.values())
            tool = "sdl" if SDL in spaces else "memoq" if MQ in spaces else ""
            if tool == "memoq" and (holder.get(f"{{{MQ}}}locked") or "").lower() == "locked":
                left = target is None or not _has_text(target) or _open(holder, target)
                self.locked += left
                continue  # locked in memoQ: not to be changed
            if target is not None and _open(holder, target):
                target = None  # a copy of the source to be replaced (Xcode's, Okapi's)
            segmented = _child(holder, "seg-source") if self.version == 1 else None
            whole = target is not None and not any(_is_segment(m) for m in target.iter())
            if segmented is not None and target is not None and whole and _has_text(target):
                continue  # translated as a whole, not segment by segment
            if segmented is not None:
                for mrk in segmented.iter():
                    if local(mrk) != "mrk" or mrk.get("mtype") != "seg":
                        continue
                    mid = mrk.get("mid")
                    done = _target_segment(target, mid) if target is not None else None
                    if done is not None and _has_text(done):
                        continue
                    status = _sdl_seg(holder, mid) if tool == "sdl" else None
                    if status is not None and status.get("locked") == "true":
                        self.locked += 1  # locked in Trados: not to be changed
                        continue
                    yield Segment(mrk, holder, 1, [], "", "", mid, tool)
                continue
            if target is not None and _has_text(target):
                continue
            yield Segment(source, holder, self.version, [], "", "", tool=tool)

    def render(self, translations: Sequence[str]) -> bytes:
        self._check(translations)
        if self.language is not None:
            self.check_target(self.language)
        root = whole_file(self.data)  # (its own tree, DOCTYPE too)
        # The same elements in the copy, by their place in document order.
        places = {id(e): n for n, e in enumerate(self.root.iter())}
        copies = list(root.iter())
        changed = False
        for segment, unit, text in zip(self.segments, self.units, translations, strict=True):
            if text.strip() == unit.text:
                continue
            built = build(text.strip(), segment)
            if built is None:
                continue
            holder = copies[places[id(segment.holder)]]
            source = copies[places[id(segment.source)]]
            _place(holder, source, segment, built)
            changed = True
        if not changed:
            return self.data
        self._declare_language(root)
        return written_in_place(self.data, self.root, root)

    def declared_target(self) -> str | None:
        if self.version == 1:
            named = {f.get("target-language") for f in _files(self.root)} - {None, ""}
        else:
            named = {self.root.get("trgLang")} - {None, ""}
        return str(next(iter(named))) if len(named) == 1 else None

    def check_target(self, language: Language) -> None:
        """A file whose target language is another's is refused before any work."""
        if self.version == 1:
            declared = [f.get("target-language") or "" for f in _files(self.root)]
        else:
            declared = [self.root.get("trgLang") or ""]
        for value in declared:
            if value and not same_target(value, language):
                hint = (
                    f"Translate it into {value}, or export a file for {language.tag} "
                    "from the tool that made it"
                )
                raise other_target(self.path, "This XLIFF file", value, language.tag, hint)

    def _declare_language(self, root: etree._Element) -> None:
        if self.language is None:
            return
        if self.version == 1:
            for file in _files(root):
                if not file.get("target-language"):
                    file.set("target-language", self.language.tag)
        elif not root.get("trgLang"):
            root.set("trgLang", self.language.tag)


def _files(root: etree._Element) -> list[etree._Element]:
    return [e for e in root.iter() if local(e) == "file"]


def _excluded(element: etree._Element) -> bool:
    """A unit marked not to be translated: the nearest ``translate`` on itself or an
    enclosing unit, group or file decides (XLIFF 2 lets a unit say "yes" inside a "no")."""
    node: etree._Element | None = element
    while node is not None:
        value = node.get("translate")
        if value in ("yes", "no"):
            return bool(value == "no")
        node = node.getparent()
    return False


def _is_segment(element: etree._Element) -> bool:
    return local(element) == "mrk" and element.get("mtype") == "seg"


def _child(element: etree._Element, name: str) -> etree._Element | None:
    return next((c for c in element if local(c) == name), None)


def _has_text(element: etree._Element) -> bool:
    return bool("".join(element.itertext()).strip()) or any(isinstance(c.tag, str) for c in element)


def _open(holder: etree._Element, target: etree._Element) -> bool:
    """A target the file says still needs a translation (Xcode and others copy the source
    into a new target)."""
    state = target.get("state") or holder.get("state") or ""
    return state in _UNTRANSLATED_STATES or holder.get(f"{{{MQ}}}status") == "NotStarted"


def _seg_defs(holder: etree._Element) -> etree._Element | None:
    return next((c for c in holder if c.tag == f"{{{SDL}}}seg-defs"), None)


def _sdl_seg(holder: etree._Element, mid: str | None) -> etree._Element | None:
    """A Trados segment's status: the trans-unit's ``sdl:seg`` of this ``mid``."""
    defs = _seg_defs(holder)
    if defs is None:
        return None
    return next((c for c in defs if c.tag == f"{{{SDL}}}seg" and c.get("id") == mid), None)


def _target_segment(target: etree._Element, mid: str | None) -> etree._Element | None:
    return next((m for m in target.iter() if local(m) == "mrk" and m.get("mid") == mid), None)


# Trados's marks on a source's text that a translation does not carry: a tracked insertion
# and a comment (their text is the source's); a tracked deletion's text is left out.
_UNWRAPPED = frozenset(["x-sdl-added", "x-sdl-comment"])


@dataclass(frozen=True)
class Inline:
    """A format's inline elements: the paired ones, whose content is text to translate, and
    the standalone codes that start and end a span (``ends``: an end's name → its start's),
    paired by the first of their attributes ``keys`` (``end_keys``) that is there."""

    paired: frozenset[str]
    starts: frozenset[str]
    ends: dict[str, str]
    keys: tuple[str, ...]
    end_keys: tuple[str, ...]


# Standalone codes that start or end something (1.2: by rid, else id; 2.x: by startRef).
INLINE = {
    1: Inline(_PAIRED[1], frozenset(["bpt", "bx"]), {"ept": "bpt", "ex": "bx"}, ("rid", "id"),
              ("rid", "id")),
    2: Inline(_PAIRED[2], frozenset(["sc", "sm"]), {"ec": "sc", "em": "sm"}, ("rid", "id"),
              ("startRef", "rid", "id")),
}  # fmt: skip


def _key(element: etree._Element, names: tuple[str, ...]) -> str:
    return next((v for v in map(element.get, names) if v), "")


def _frozen(element: etree._Element) -> bool:
    """A marked span not to translate: 1.2's ``mrk mtype="protected"``, 2.x's
    ``mrk translate="no"``."""
    return bool(element.get("mtype") == "protected" or element.get("translate") == "no")


# How deep inline elements may nest in one source (tools nest a few; thousands would
# overflow Python's stack when read and written).
MAX_NESTING = 100


def as_text(source: etree._Element, inline: Inline) -> tuple[str, list[_Code]]:
    """A source's text with a placeholder for each inline code (and each placeholder left in
    its text, and each piece of an ICU message's syntax), and those codes in order (``inline``:
    the format's inline elements; every other element is a code kept whole). Raises
    ``Unreadable`` where its elements nest more than ``MAX_NESTING`` deep."""
    codes: list[_Code] = []
    out: list[str] = []
    pairs = 0
    icu = placeholders.IcuScanner()
    started: dict[tuple[str, str], int] = {}  # (start's name, key) → its code's index

    def add(code: _Code) -> None:
        codes.append(code)
        out.append(FIELD.format(len(codes)))

    def text(value: str | None) -> None:
        for is_code, piece in placeholders.tokens(value or "", _TEXT_CODES, icu):
            if is_code:
                add(_Code("text", text=piece))
            else:
                out.append(piece)

    def walk(element: etree._Element, depth: int = 0) -> None:
        nonlocal pairs
        if depth > MAX_NESTING:
            raise Unreadable(f"its inline codes nest more than {MAX_NESTING} deep", _line(element))
        text(element.text)
        for child in element:
            name = local(child)
            paired = name in inline.paired and bool(child.text or len(child))
            revision = child.get("mtype") if name == "mrk" else None
            if revision == "x-sdl-deleted":
                pass  # (Trados's tracked deletion: no longer the text)
            elif revision in _UNWRAPPED:
                walk(child, depth + 1)  # (its text the source's, its marker not the translation's)
            elif paired and not (name == "mrk" and _frozen(child)):
                # (an empty one, a Trados location marker, is a code kept whole)
                pairs += 1
                number = pairs
                add(_Code("open", child, pair=number))
                walk(child, depth + 1)
                add(_Code("close", child, pair=number))
            elif isinstance(child.tag, str):
                code = _Code("code", child)
                if name in inline.starts:
                    started[(name, _key(child, inline.keys))] = len(codes)
                elif name in inline.ends:
                    key = _key(child, inline.end_keys)
                    code.ends = started.get((inline.ends[name], key))
                add(code)
            # (comments and processing instructions inside a source are dropped)
            text(child.tail)

    walk(source)
    return "".join(out), codes


def _line(element: etree._Element) -> int:
    return element.sourceline or 1


_FIELD = FIELD.pattern()


def build(text: str, segment: Segment) -> etree._Element | None:
    """A ``target`` holding the translation, its codes in place; None when the translation
    lost or repeated a placeholder, broke a pair's nesting, or reordered what must keep its
    order."""
    codes = segment.codes
    # (An element's placeholder stands for no printf conversion, tag or ICU syntax.)
    fields = tuple(c.text if c.kind == "text" else "" for c in codes)
    if placeholders.check(text, fields) != "ok":
        return None
    where = {int(m.group(1)): i for i, m in enumerate(_FIELD.finditer(text))}
    for n, code in enumerate(codes, start=1):
        if code.ends is not None and where[code.ends + 1] > where[n]:
            return None  # a code that ends another before the one it ends
    target = etree.Element("target")
    stack: list[tuple[etree._Element, int]] = [(target, 0)]

    def add_text(value: str) -> None:
        parent = stack[-1][0]
        if len(parent):
            parent[-1].tail = (parent[-1].tail or "") + value
        else:
            parent.text = (parent.text or "") + value

    cursor = 0
    pieces = [segment.lead]
    for match in _FIELD.finditer(text):
        pieces.append(text[cursor : match.start()])
        cursor = match.end()
        add_text("".join(pieces))
        pieces = []
        code = codes[int(match.group(1)) - 1]
        if code.kind == "text":
            add_text(code.text)
        elif code.kind == "code":
            assert code.element is not None
            element = copy.deepcopy(code.element)
            element.tail = None
            stack[-1][0].append(element)
        elif code.kind == "open":
            assert code.element is not None
            shell = etree.SubElement(stack[-1][0], code.element.tag, dict(code.element.attrib))
            stack.append((shell, code.pair))
        else:  # close
            if stack[-1][1] != code.pair:
                return None
            stack.pop()
    pieces += [text[cursor:], segment.trail]
    add_text("".join(pieces))
    if len(stack) != 1:
        return None
    return target


def _place(
    holder: etree._Element, source: etree._Element, segment: Segment, built: etree._Element
) -> None:
    """The translation into the unit's target (created where there is none)."""
    if segment.mid is not None:
        _place_segment(holder, source, segment, built)
        return
    namespace = etree.QName(source).namespace
    target = _child(holder, "target")
    if target is None:
        target = etree.Element(f"{{{namespace}}}target" if namespace else "target")
        source.addnext(target)
        # On a line of its own, indented as the source is.
        target.tail = source.tail
        previous = source.getprevious()
        source.tail = previous.tail if previous is not None else source.getparent().text
        if source.get(_XML_SPACE):
            target.set(_XML_SPACE, source.get(_XML_SPACE, ""))
    fill(target, built)
    _mark(holder, target, segment)


def _place_segment(
    holder: etree._Element, mrk: etree._Element, segment: Segment, built: etree._Element
) -> None:
    """A segment of a seg-source: its ``mrk`` in the target filled in; a target that has no
    segments yet starts as a copy of the seg-source (the space between sentences kept)."""
    target = _child(holder, "target")
    segmented = _child(holder, "seg-source")
    assert segmented is not None
    if target is None or _open(holder, target) or not any(_is_segment(m) for m in target.iter()):
        fresh = copy.deepcopy(segmented)
        fresh.tag = etree.QName(etree.QName(segmented).namespace, "target").text
        for m in fresh.iter():
            if local(m) == "mrk" and m.get("mtype") == "seg":
                m.text = None
                for child in list(m):
                    m.remove(child)
        if target is None:
            after = _child(holder, "source")
            anchor = segmented if segmented is not None else after
            assert anchor is not None
            anchor.addnext(fresh)
            fresh.tail = anchor.tail
        else:
            fresh.tail = target.tail
            target.getparent().replace(target, fresh)
        target = fresh
    place = _target_segment(target, segment.mid)
    if place is None:
        return
    fill(place, built)
    _mark(holder, target, segment)


def fill(element: etree._Element, built: etree._Element) -> None:
    """``element``'s content replaced by ``built``'s (the inline codes in the element's
    namespace: they are copies of the source's)."""
    element.text = built.text
    for child in list(element):
        element.remove(child)
    for child in list(built):
        element.append(child)


def _mark(holder: etree._Element, target: etree._Element, segment: Segment) -> None:
    """For review: 1.2's target state, 2.x's segment state; a Trados segment's status, as
    Trados marks a segment its machine translation filled in; a memoQ row's, as memoQ marks
    one machine translation filled in (not confirmed)."""
    if segment.tool == "sdl":
        if segment.mid is not None:
            _mark_sdl(holder, segment.mid)
    elif segment.tool == "memoq":
        holder.set(f"{{{MQ}}}status", "MachineTranslated")
    elif segment.version == 1:
        target.set("state", "needs-review-translation")
    else:
        holder.set("state", "translated")


def _mark_sdl(holder: etree._Element, mid: str) -> None:
    status = _sdl_seg(holder, mid)
    if status is None:
        defs = _seg_defs(holder)
        if defs is None:
            defs = etree.SubElement(holder, f"{{{SDL}}}seg-defs")
        status = etree.SubElement(defs, f"{{{SDL}}}seg", id=mid)
    for match in ("percent", "struct-match", "text-match"):  # (of a match no longer there)
        status.attrib.pop(match, None)
    status.set("conf", "Draft")
    status.set("origin", "mt")
    status.set("origin-system", "Quire")


def _refused(path: Path, what: str, line: int) -> DocumentError:
    return DocumentError(
        f"This is not a valid XLIFF file: {what} at line {line}",
        path=path,
        hint="Export it again from the tool that made it, then retry",
        message_id="document.bad_xliff",
        params={"line": line},
    )


def read(data: bytes, path: Path, *, encoding: str | None = None) -> Document:
    try:
        root = parse_file(data)
    except Unreadable as exc:
        raise _refused(path, exc.what, exc.line) from None
    namespace = etree.QName(root).namespace or ""
    if local(root) != "xliff":
        raise _refused(path, f"the root element is <{local(root) or root.tag}>, not <xliff>", 1)
    if namespace.startswith(_NS1_PREFIX) or (
        not namespace and root.get("version", "").startswith("1.")
    ):
        version = 1
    elif namespace.startswith(_NS2_PREFIX) or root.get("version", "").startswith("2."):
        version = 2
    else:
        raise _refused(path, f"an XLIFF version Quire does not read ({namespace})", 1)
    return XliffDocument(path, data, root, version)


__all__ = [
    "MQ",
    "NS12",
    "SDL",
    "Inline",
    "Segment",
    "XliffDocument",
    "as_text",
    "build",
    "fill",
    "read",
]
