"""Translation memories in TMX (1.4b, and 1.1–1.3 alike: OmegaT's project_save.tmx, Trados,
memoQ, Okapi, Wordfast, translate-toolkit's po2tmx): each translation unit's (``tu``'s)
source-language ``seg`` is a unit, its translation a ``tuv`` in the target language.

The source of a ``tu`` is its ``tuv`` in the language the user named (``--from``), else in the
``tu``'s own ``srclang``, else the header's; languages match by their first subtag, in any
case (``EN-US``, ``en_us``: an exact match first, so ``en-US`` beside ``en-GB`` is taken).
``*all*`` (any language may be the source) with no ``--from`` takes each ``tu``'s first
``tuv``. Without ``--from``, a ``tu`` whose own source (its ``srclang``, or under ``*all*``
its first ``tuv``) is in another language than the file's (the header's, else the one most
``tu``s are in) is left as it is and counted in a note, as is a ``tu`` with no source ``tuv``;
one whose source is in the target language is translated already. No ``version`` (Heartsome
TM Server's) is read as 1.4, and a ``tmx`` in a namespace as one in none.

A ``tu`` that holds a translation into the target already (a ``tuv`` of the target with text)
is kept, as a CAT tool keeps a confirmed translation and as Quire's XLIFF reader keeps a filled
target; one whose target ``seg`` is empty, or that has no ``seg``, is filled, and marked as a
new ``tuv`` is (below). Otherwise the translation is a new
``tuv`` after the ``tu``'s last, on a line of its own, laid out as the source ``tuv`` is (its
``prop`` and ``note`` left out), with the language attribute the source uses (1.4's
``xml:lang``, 1.1's ``lang``; where it has none, its version's: ``lang`` to 1.2,
``xml:lang`` from 1.3) and ``creationid="Quire"``, so that a translator sees in a CAT
tool who wrote it (machine translation, to review). The header is not touched. Inline codes
are placeholders, as XLIFF's are: ``hi`` around its translated text, ``bpt``, ``ept``,
``it``, ``ph``, ``ut`` (and the ``sub`` inside them) whole; a translation that lost, repeated
or crossed one gets no ``tuv``."""

from __future__ import annotations

import codecs
import copy
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path

from lxml import etree

from engine.api import Note
from engine.documents.base import FIELD, Document, Unit, check_unit_count, edited
from engine.documents.errors import DocumentError
from engine.documents.language import Language, same_target
from engine.documents.package import (
    ENTITIES_REFUSED,
    Unreadable,
    local,
    parse_file,
    whole_file,
    written_in_place,
)
from engine.documents.xliff import Inline, Segment, as_text, build, fill

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# ``hi`` holds text to translate; ``bpt`` and ``ept`` (paired by ``i``), ``it``, ``ph`` and
# ``ut`` hold the original format's codes, kept whole.
_INLINE = Inline(frozenset(["hi"]), frozenset(["bpt"]), {"ept": "bpt"}, ("i",), ("i",))
_FIELD = FIELD.pattern()
_ANY = "*all*"


def _lang(tuv: etree._Element) -> str:
    """A ``tuv``'s language: 1.4's ``xml:lang``, 1.1's ``lang``."""
    return (tuv.get(_XML_LANG) or tuv.get("lang") or "").strip()


def _code(value: str) -> str:
    return value.strip().replace("_", "-").lower()


def _primary(value: str) -> str:
    return _code(value).split("-")[0]


@lru_cache(maxsize=256)
def _same(declared: str, language: Language) -> bool:
    """``same_target``, once per language code (a memory repeats a few thousands of times)."""
    return same_target(declared, language)


def _seg(tuv: etree._Element) -> etree._Element | None:
    return next((c for c in tuv if local(c) == "seg"), None)


def _has_text(tuv: etree._Element) -> bool:
    seg = _seg(tuv)
    return seg is not None and (bool("".join(seg.itertext()).strip()) or len(seg) > 0)


@dataclass
class _Entry:
    """A unit's ``tu`` and the ``tuv`` translated."""

    tu: etree._Element
    source: etree._Element
    segment: Segment


class TmxDocument(Document):
    strict_fields = True

    def __init__(self, path: Path, data: bytes, root: etree._Element, source: str = "") -> None:
        self.path, self.data, self.root, self.source = path, data, root, source
        self.version = root.get("version") or ""
        header = next((c for c in root if local(c) == "header"), None)
        self.srclang = (header.get("srclang") or "") if header is not None else ""
        self.entries: list[_Entry] = []
        units: list[Unit] = []
        tus = [e for e in root.iter() if local(e) == "tu"]
        # The job's source language: the one named, else the header's where a tu is in it,
        # else (``*all*``, or every tu's own srclang another) the one most tus are in; a tu
        # whose own source is another is kept as it is.
        header_source = "" if self.srclang.strip() in ("", _ANY) else self.srclang
        own_sources = [self._own(tu) for tu in tus]
        owns = Counter(_primary(own or header_source) for own in own_sources)
        owns.pop("", None)
        job = source or header_source
        if not source and (not job or not owns[_primary(job)]):
            job = owns.most_common(1)[0][0] if owns else job
        self.job = job
        missing = 0
        others: Counter[str] = Counter()
        for tu, own in zip(tus, own_sources, strict=True):
            if not source and own and job and _primary(own) != _primary(job):
                others[own] += 1
                continue
            tuv = self._source_tuv(tu, own)
            if tuv is None:
                missing += any(local(c) == "tuv" for c in tu)
                continue
            seg = _seg(tuv)
            if seg is None:
                continue
            try:
                text, codes = as_text(seg, _INLINE)
            except Unreadable as exc:
                raise _refused(path, exc.what, exc.line) from None
            core = text.strip()
            if not _FIELD.sub("", core).strip():
                continue  # nothing but codes
            lead = text[: len(text) - len(text.lstrip())]
            trail = text[len(text.rstrip()) :]
            check_unit_count(len(units) + 1, path)
            units.append(Unit(f"u{len(units) + 1}", core, fields=tuple(c.shown for c in codes)))
            self.entries.append(_Entry(tu, tuv, Segment(seg, tu, 0, codes, lead, trail)))
        if (missing or others) and not units:
            wanted = job or "?"
            raise DocumentError(
                f"No translation unit of this TMX file has a text in its source language "
                f"({wanted})",
                path=path,
                hint="Name the language its texts are in with --from (the source language)",
                message_id="document.tmx_no_source",
                params={"language": wanted, "count": missing + sum(others.values())},
            )
        notes: list[Note] = []
        if missing:
            notes.append(_without_source(missing, job))
        if others:
            notes.append(_other_sources(others, job))
        self.notes = tuple(notes)
        self.units = tuple(units)

    def _own(self, tu: etree._Element) -> str:
        """The language a tu says its source is in: its ``srclang``, else (``*all*``) its
        first ``tuv``'s; "" where it leaves that to the header."""
        own = (tu.get("srclang") or "").strip()
        if own and own != _ANY:
            return own
        if own == _ANY or self.srclang.strip() in ("", _ANY):
            first = next((c for c in tu if local(c) == "tuv"), None)
            return _lang(first) if first is not None else ""
        return ""

    def _source_tuv(self, tu: etree._Element, own: str) -> etree._Element | None:
        """The ``tu``'s ``tuv`` to translate (``own``: the language the ``tu`` says its
        source is in)."""
        tuvs = [c for c in tu if local(c) == "tuv"]
        wanted = self.source or own or self.job
        if not wanted:
            return tuvs[0] if tuvs else None
        exact = [t for t in tuvs if _code(_lang(t)) == _code(wanted)]
        near = [t for t in tuvs if _primary(_lang(t)) == _primary(wanted)]
        return (exact or near or [None])[0]

    def in_source(self, language: str) -> Document:
        return TmxDocument(self.path, self.data, self.root, language)

    def accepts(self, index: int, text: str) -> bool:
        return build(text.strip(), self.entries[index].segment) is not None

    def _target(self, entry: _Entry, language: Language) -> etree._Element | None:
        """The ``tu``'s ``tuv`` in ``language`` (not its source's)."""
        return next(
            (
                c
                for c in entry.tu
                if local(c) == "tuv" and c is not entry.source and _same(_lang(c), language)
            ),
            None,
        )

    def _done(self, entry: _Entry, language: Language) -> bool:
        """Whether the ``tu`` holds its text in ``language`` already: a ``tuv`` of it with
        text, or its source in it (a German tu of an ``*all*`` memory, into German)."""
        if _same(_lang(entry.source), language):
            return True
        target = self._target(entry, language)
        return target is not None and _has_text(target)

    def translated_into(self, language: Language) -> frozenset[int]:
        done = frozenset(n for n, entry in enumerate(self.entries) if self._done(entry, language))
        if self.units and len(done) == len(self.units):
            raise DocumentError(
                f"Every translation unit of this TMX file has a translation into "
                f"{language.tag} already",
                path=self.path,
                hint="Choose another target language; Quire adds translations, it does not "
                "replace them",
                message_id="document.tmx_translated",
                params={"language": language.tag},
            )
        return done

    def render(self, translations: Sequence[str]) -> bytes:
        self._check(translations)
        language = self.language
        if language is None:
            return self.data  # (a translation cannot be written in no language)
        planned: list[_Planned] = []
        for entry, unit, text in zip(self.entries, self.units, translations, strict=True):
            if text.strip() == unit.text:
                continue
            built = build(text.strip(), entry.segment)
            if built is None:
                continue
            if self._done(entry, language):
                continue  # a translation the file holds is kept
            planned.append(_Planned(entry, built, self._target(entry, language)))
        if not planned:
            return self.data
        spliced = self._spliced(planned, language)
        return spliced if spliced is not None else self._rewritten(planned, language)

    def _spliced(self, planned: list[_Planned], language: Language) -> bytes | None:
        """The file's text with each new or filled ``tuv`` written into it, every other
        character as it was (a start tag over several lines, quotes, ``&lt;b>``); None where
        the text's tags are not the elements lxml read, or the file is in a namespace (then
        the tree is written instead)."""
        if etree.QName(self.root).namespace:
            return None  # (a copied tuv would declare the namespace again)
        text, encode = _decoded(self.data, self.root)
        masked = _MASKED.sub(lambda m: " " * len(m.group()), text)
        spans = _element_spans(masked)
        elements = [e for e in self.root.iter() if local(e) in ("tu", "tuv")]
        if spans is None or [name for name, _, _ in spans] != [local(e) for e in elements]:
            return None
        where = {id(e): (a, b) for e, (_, a, b) in zip(elements, spans, strict=True)}
        newline = "\r\n" if "\r\n" in text else "\n"
        edits: list[tuple[int, int, str]] = []
        for step in planned:
            tu = step.entry.tu
            start, end = where[id(tu)]
            tuvs = [where[id(c)] for c in tu if local(c) == "tuv"]
            if not tuvs or any(not start < a < b <= end for a, b in tuvs):
                return None  # (each tuv inside its own tu, or the tree is written)
            if step.target is not None:
                tuv = copy.deepcopy(step.target)
                tuv.tail = None
                fill(_filled_seg(tuv), copy.deepcopy(step.built))
                a, b = where[id(step.target)]
                edits.append((a, b, _serialized(tuv, newline)))
                continue
            tuv, seg = _new_tuv(step.entry.source, language, self.version)
            fill(seg, copy.deepcopy(step.built))
            last, after = tuvs[-1]
            gap = re.search(r"\s*$", text[start:last])
            space = gap.group() if gap is not None else ""
            edits.append((after, after, space + _serialized(tuv, newline)))
        return encode(edited(text, edits))

    def _rewritten(self, planned: list[_Planned], language: Language) -> bytes:
        """The tree written again, with each new or filled ``tuv`` in it."""
        root = whole_file(self.data)
        # The same elements in the copy, by their place in document order (the originals held
        # in a list: lxml gives an element the same proxy, and id, only while one is alive).
        originals = list(self.root.iter())
        places = {id(e): n for n, e in enumerate(originals)}
        copies = list(root.iter())
        for step in planned:
            if step.target is not None:
                seg = _filled_seg(copies[places[id(step.target)]])
            else:
                tuv, seg = _new_tuv(step.entry.source, language, self.version)
                _append(copies[places[id(step.entry.tu)]], tuv)
            fill(seg, step.built)
        return written_in_place(self.data, self.root, root)


@dataclass
class _Planned:
    """A translation to write: into ``target``'s empty ``seg``, else a new ``tuv``."""

    entry: _Entry
    built: etree._Element
    target: etree._Element | None


# Comments, CDATA, processing instructions and the DOCTYPE, blanked out before tags are sought.
_MASKED = re.compile(
    r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>", re.S
)
# A ``tu`` or ``tuv`` start, end or empty-element tag, its prefix aside (an attribute's value
# may hold ">"); in the masked text, every "<" opens a tag.
_TAG = re.compile(r"""<(/?)(?:[\w.-]+:)?(tuv?)(?=[\s/>])(?:[^>"']|"[^"]*"|'[^']*')*?(/?)>""")


def _element_spans(masked: str) -> list[tuple[str, int, int]] | None:
    """Each ``tu`` and ``tuv`` of ``masked`` (the file's text, comments and CDATA blanked) in
    document order: its local name, where its start tag begins and where its end tag ends
    (self-closed ``<tuv/>``, ``</tuv >`` alike); None where the tags do not nest."""
    spans: list[tuple[str, int, int]] = []
    open_: list[int] = []
    for m in _TAG.finditer(masked):
        closing, name, empty = m.groups()
        if closing:
            if not open_ or spans[open_[-1]][0] != name:
                return None
            n = open_.pop()
            spans[n] = (name, spans[n][1], m.end())
        else:
            spans.append((name, m.start(), m.end()))
            if not empty:
                open_.append(len(spans) - 1)
    return None if open_ else spans


def _decoded(data: bytes, root: etree._Element) -> tuple[str, Callable[[str], bytes]]:
    """The file's text, and how to encode text as the file is (its byte order mark kept)."""
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            return data[len(bom) :].decode(codec), partial(_encoded, bom, codec)
    codec = codecs.lookup(root.getroottree().docinfo.encoding or "utf-8").name
    return data.decode(codec), partial(_encoded, b"", codec)


def _encoded(bom: bytes, codec: str, text: str) -> bytes:
    return bom + text.encode(codec, errors="xmlcharrefreplace")


def _serialized(element: etree._Element, newline: str) -> str:
    written: str = etree.tostring(element, encoding="unicode", with_tail=False)
    return written.replace("\n", newline)


def _new_tuv(
    source: etree._Element, language: Language, version: str
) -> tuple[etree._Element, etree._Element]:
    """A ``tuv`` in ``language`` laid out as ``source`` is, its ``prop`` and ``note`` left out
    (and a second ``seg``, which no TMX has); and its ``seg``, empty. Its language in the
    attribute the source's is in, else the one of the file's ``version``: ``lang`` in 1.1
    and 1.2, ``xml:lang`` from 1.3 on (which deprecated ``lang``)."""
    tuv = copy.deepcopy(source)
    tuv.tail = None
    tuv.attrib.clear()
    written = _lang(source)
    tag = language.tag.upper() if written.isupper() else language.tag
    if source.get(_XML_LANG) is not None:
        attribute = _XML_LANG
    elif source.get("lang") is not None or version.strip() in ("1.1", "1.2"):
        attribute = "lang"
    else:
        attribute = _XML_LANG
    tuv.set(attribute, tag)
    tuv.set("creationid", "Quire")
    seg = _seg(tuv)
    for child in list(tuv):
        if child is not seg:
            # (the space before it goes, the space after it stays)
            previous = child.getprevious()
            if previous is not None:
                previous.tail = child.tail
            else:
                tuv.text = child.tail
            tuv.remove(child)
    assert seg is not None
    seg.text = None
    for child in list(seg):
        seg.remove(child)
    return tuv, seg


def _filled_seg(tuv: etree._Element) -> etree._Element:
    """The empty ``seg`` of a target ``tuv`` Quire fills (one added where it has none, as
    ``<tuv xml:lang="de"/>``), the ``tuv`` marked as a new one is: ``creationid="Quire"``,
    and the empty one's author and dates (``creationdate``, ``changeid``, ``changedate``)
    dropped, as they are not the translation's, so that a CAT tool shows it as Quire's."""
    for name in ("creationdate", "changeid", "changedate"):
        tuv.attrib.pop(name, None)
    tuv.set("creationid", "Quire")
    seg = _seg(tuv)
    if seg is None:
        namespace = etree.QName(tuv).namespace
        seg = etree.SubElement(tuv, f"{{{namespace}}}seg" if namespace else "seg")
    return seg


def _append(tu: etree._Element, tuv: etree._Element) -> None:
    """``tuv`` after the ``tu``'s last, on a line of its own, indented as the others are."""
    last = [c for c in tu if local(c) == "tuv"][-1]
    last.addnext(tuv)
    tuv.tail = last.tail
    previous = last.getprevious()
    last.tail = previous.tail if previous is not None else tu.text


def _without_source(count: int, language: str) -> Note:
    units = "A translation unit has" if count == 1 else f"{count} translation units have"
    kept = "it is kept as it is" if count == 1 else "they are kept as they are"
    return Note(
        f"{units} no text in the source language ({language}): {kept}",
        "document.tmx_units_without_source",
        {"count": count, "language": language},
    )


def _other_sources(others: Counter[str], language: str) -> Note:
    count = sum(others.values())
    languages = ", ".join(sorted(others))
    units = (
        "A translation unit's source is"
        if count == 1
        else f"{count} translation units' sources are"
    )
    kept = "it is kept as it is" if count == 1 else "they are kept as they are"
    return Note(
        f"{units} in another language ({languages}) than the file's ({language}): {kept}, "
        "not translated",
        "document.tmx_other_source",
        {"count": count, "languages": languages, "language": language},
    )


def _refused(path: Path, what: str, line: int) -> DocumentError:
    return DocumentError(
        f"This is not a valid TMX file: {what} at line {line}",
        path=path,
        hint="Export the translation memory again from the tool that made it, then retry",
        message_id="document.bad_tmx",
        params={"line": line},
    )


_ENTITY = re.compile(r"<!ENTITY\s+(%\s+)?([^\s>]+)")


def _entity_refused(path: Path, data: bytes) -> DocumentError:
    """The refusal of a file that declares an entity: where, and why it is not expanded."""
    text = _sniffed(data)
    found = _ENTITY.search(text)
    name = found.group(2) if found is not None else "?"
    line = text.count("\n", 0, found.start()) + 1 if found is not None else 1
    return DocumentError(
        f"This TMX file declares an entity (&{name};) at line {line}: Quire does not expand "
        "entities, for safety",
        path=path,
        hint="Export the translation memory again without entity declarations, then retry",
        message_id="document.tmx_entities",
        params={"name": name, "line": line},
    )


def _sniffed(data: bytes) -> str:
    """The text of a file lxml refused, as its byte order mark says (else UTF-8)."""
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace")
    if data.startswith(b"<\x00"):
        return data.decode("utf-16-le", errors="replace")
    if data.startswith(b"\x00<"):
        return data.decode("utf-16-be", errors="replace")
    return data.decode("utf-8", errors="replace")


def read(data: bytes, path: Path, *, encoding: str | None = None) -> Document:
    del encoding  # (XML: its declaration and byte order mark say)
    return TmxDocument(path, data, tmx_root(data, path))


def tmx_root(data: bytes, path: Path) -> etree._Element:
    """A TMX file's ``tmx`` element, parsed safely (no entities, no network; UTF-16 as its
    byte order mark says); a file that is no TMX Quire reads is refused, naming ``path``."""
    try:
        root = parse_file(data)
    except Unreadable as exc:
        if exc.what == ENTITIES_REFUSED:
            raise _entity_refused(path, data) from None
        raise _refused(path, exc.what, exc.line) from None
    if local(root) != "tmx":
        raise DocumentError(
            f"This is not a TMX file: its root element is <{local(root) or root.tag}>, not <tmx>",
            path=path,
            hint="Give a translation memory in TMX (its root element <tmx>)",
            message_id="document.tmx_not_tmx",
            params={"root": local(root) or str(root.tag)},
        )
    # (Heartsome TM Server writes no version: TMX 1.4 is the one every tool reads)
    version = (root.get("version") or "1.4").strip()
    if not version.startswith("1."):
        raise DocumentError(
            f"This TMX file is of version {version}, which Quire does not read (it reads 1.1 "
            "to 1.4)",
            path=path,
            hint="Export the translation memory as TMX 1.4, then retry",
            message_id="document.tmx_version",
            params={"version": version},
        )
    return root


__all__ = ["TmxDocument", "read", "tmx_root"]
