"""Timed Text (TTML, and DFXP, its first name) subtitles, as streaming services take them
and ffmpeg, pysubs2 and Subtitle Edit write them: each ``<p>`` of the body is a cue. A cue's
lines (``<br/>``, or a line feed where ``xml:space="preserve"``) are read as one text with
``\\n`` between them, as an .srt cue's are, and a translation that comes back as one line is
broken into as many lines again; its spans (italics, regions, a lyric's timed words) keep
their text's share, and spans with no white space between them are one word. Only the text
translated is written: the markup, timings, styles, regions, metadata, the white space a
player does not show (or that ``xml:space="preserve"`` keeps) and the file's encoding,
declaration and line ends stay byte for byte; a translated cue says the direction its
language reads in (``tts:direction``)."""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from engine.documents.base import Document, Unit, check_unit_count, decode_text, edited
from engine.documents.errors import DocumentError
from engine.documents.package import Unreadable, parse_file
from engine.documents.subtitles import cue_lines, fit_cue
from engine.documents.xmlspans import MARKUP
from engine.text.encoding import EncodedText, TextEncoding

# TTML's namespace, and DFXP's drafts' (Netflix and older tools still write the 2006 one).
NAMESPACES = (
    "http://www.w3.org/ns/ttml",
    "http://www.w3.org/2006/10/ttaf1",
    "http://www.w3.org/2006/04/ttaf1",
    "http://www.w3.org/2006/02/ttaf1",
)
_XML = "http://www.w3.org/XML/1998/namespace"
_LANG = f"{{{_XML}}}lang"
_SPACE = f"{{{_XML}}}space"
_STYLING = "http://www.w3.org/ns/ttml#styling"
_RUBY = f"{{{_STYLING}}}ruby"
_RUBY_TEXT = frozenset(["text", "textContainer"])  # (a reading over words, not the words)
# XML's white space: what a renderer collapses (not a no-break or an ideographic space).
_WS = " \t\r\n"
_WHITE = re.compile(r"[ \t\r\n]+")
_CDATA = re.compile(r"<!\[CDATA\[(.*?)\]\]>", re.S)
_LANG_ATTRIBUTE = re.compile(r"""(\sxml:lang\s*=\s*)("[^"]*"|'[^']*')""")
_DIRECTION = re.compile(r"""(\s([\w.-]+):direction\s*=\s*)("[^"]*"|'[^']*')""")


@dataclass
class _Place:
    """Where a node of the tree lies in the text: its start tag (a comment's or processing
    instruction's whole markup) at ``start:end``; ``inner`` where its end tag starts and
    ``close`` where it ends (``end`` for an empty element)."""

    start: int
    end: int
    inner: int
    close: int


@dataclass(frozen=True)
class _Piece:
    """A stretch of a cue's text at ``start:end`` of the source (``text``: as a player shows
    it), or a line break (``br``): a ``<br/>`` (``element``) or a preserved line feed."""

    start: int
    end: int
    text: str
    br: bool = False
    element: bool = False
    preserved: bool = False


class TtmlDocument(Document):
    encoding: TextEncoding

    def __init__(
        self, path: Path, data: bytes, root: etree._Element, source: str, encoding: TextEncoding
    ) -> None:
        self.path, self.data, self.root = path, data, root
        self.source, self.encoding = source, encoding
        self.namespace = etree.QName(root).namespace or ""
        self.nodes = list(root.iter())  # (held: a node's proxy, and so its id, stays)
        self.index = {id(node): n for n, node in enumerate(self.nodes)}
        self.places = _places(source, len(self.nodes), path)
        self.starts = sorted(
            m.start() for m in MARKUP.finditer(source) if not m.group().startswith("<![CDATA[")
        )
        self.cues: list[tuple[etree._Element, list[_Piece]]] = []
        units: list[Unit] = []
        for n, cue in enumerate(self._cues(root), start=1):
            pieces = self._pieces(cue)
            runs = tuple(p.text for p in pieces)
            text = "".join(runs)
            if not text.strip():
                continue
            check_unit_count(len(units) + 1, path)
            units.append(Unit(f"p{n}", text, runs))
            self.cues.append((cue, pieces))
        self.units = tuple(units)

    def _cues(self, root: etree._Element) -> Iterator[etree._Element]:
        body = root.find(f"{{{self.namespace}}}body")
        if body is None:
            return
        yield from body.iter(f"{{{self.namespace}}}p")

    def _place(self, node: etree._Element) -> _Place:
        return self.places[self.index[id(node)]]

    def _next(self, at: int) -> int:
        """Where the first markup at or after ``at`` starts (CDATA is text)."""
        k = bisect.bisect_left(self.starts, at)
        return self.starts[k] if k < len(self.starts) else len(self.source)

    def _pieces(self, cue: etree._Element) -> list[_Piece]:
        """The cue's text pieces in order, as a player shows them: its own text, each span's
        (and their tails), a line break for each ``<br/>`` (and each line feed where white
        space is preserved). Metadata, animations (``<set>``) and a ruby's reading
        (``tts:ruby="text"``: the reading of the words it sits over) are no text of the
        cue's. Runs of spaces, tabs and line ends read as one space, none at a line's start
        or end (as TTML renders them; where ``xml:space="preserve"``, they are kept when
        written)."""
        pieces: list[_Piece] = []

        def text(start: int, preserved: bool) -> None:
            end = self._next(start)
            if not preserved:
                pieces.append(_Piece(start, end, _shown(self.source[start:end])))
                return
            at = start
            for feed in re.finditer("\n", self.source[start:end]):
                stop = start + feed.start()
                pieces.append(_Piece(at, stop, _shown(self.source[at:stop]), preserved=True))
                pieces.append(_Piece(stop, stop + 1, "\n", br=True))
                at = stop + 1
            pieces.append(_Piece(at, end, _shown(self.source[at:end]), preserved=True))

        def walk(element: etree._Element, preserved: bool) -> None:
            for child in element:
                place = self._place(child)
                if isinstance(child.tag, str):
                    name = etree.QName(child).localname
                    if name == "br":
                        pieces.append(_Piece(place.start, place.close, "\n", True, True))
                    elif name == "span" and child.get(_RUBY) not in _RUBY_TEXT:
                        inner = _preserves(child, preserved)
                        text(place.end, inner)
                        walk(child, inner)
                text(place.close, preserved)

        preserved = _preserved(cue)
        text(self._place(cue).end, preserved)
        walk(cue, preserved)
        return [p for p in _collapsed(pieces) if p.text]

    def render(self, translations: Sequence[str]) -> bytes:
        return self._rendered(translations, bilingual=False)

    def render_bilingual(self, translations: Sequence[str]) -> bytes:
        """Each cue's lines, then the translation's, in the same cue (as an .srt's)."""
        return self._rendered(translations, bilingual=True)

    def _rendered(self, translations: Sequence[str], *, bilingual: bool) -> EncodedText | bytes:
        self._check(translations)
        edits: list[tuple[int, int, str]] = []
        changed: list[etree._Element] = []
        for unit, (cue, pieces), text in zip(self.units, self.cues, translations, strict=True):
            if text == unit.text:
                continue
            changed.append(cue)
            if bilingual:
                br = f"<{_prefix(self._tag(cue))}br/>"
                lines = cue_lines(unit.text, text).split("\n")
                at = self._place(cue).inner
                edits.append((at, at, "".join(br + _escaped(line) for line in lines)))
                continue
            for piece, part in zip(pieces, fit_cue(unit.text, unit.runs, text), strict=True):
                if piece.br:
                    if not part:  # (fewer lines: the break goes)
                        edits.append((piece.start, piece.end, "" if piece.element else " "))
                elif part != piece.text:
                    raw = self.source[piece.start : piece.end]
                    edits.append((piece.start, piece.end, _written(raw, piece, part)))
        if not changed:
            return self.data
        if self.language is not None and not bilingual:
            edits += self._declared(changed, self.language.tag)
            edits += self._oriented(changed, rtl=self.language.rtl)
        return self.encoding.encode(edited(self.source, edits))

    def _tag(self, node: etree._Element) -> str:
        place = self._place(node)
        return self.source[place.start : place.end]

    def _declared(self, changed: list[etree._Element], tag: str) -> list[tuple[int, int, str]]:
        """Name ``tag`` on the root (players and delivery checks read it there), on the
        body and divisions that name one, and in the cues translated; a cue left as it was
        keeps its own."""
        cues = frozenset(f"{{{self.namespace}}}{n}" for n in ("p", "span", "br"))
        named = [e for e in self.root.iter() if e.get(_LANG) is not None and e.tag not in cues]
        named += [e for cue in changed for e in cue.iter() if e.get(_LANG) is not None]
        edits = {id(e): self._set(e, _LANG_ATTRIBUTE, tag) for e in named}
        if self.root.get(_LANG) is None:
            edits[id(self.root)] = self._added(self.root, f' xml:lang="{tag}"')
        return list(edits.values())

    def _set(
        self, element: etree._Element, pattern: re.Pattern[str], value: str
    ) -> tuple[int, int, str]:
        """The edit that makes the attribute ``pattern`` finds in the start tag ``value``."""
        place = self._place(element)
        found = pattern.search(self.source, place.start, place.end)
        assert found is not None  # (the parser read it there)
        quote = found.group(found.lastindex or 0)[0]
        return (
            found.start(found.lastindex or 0),
            found.end(found.lastindex or 0),
            (f"{quote}{value}{quote}"),
        )

    def _added(self, element: etree._Element, attribute: str) -> tuple[int, int, str]:
        """The edit that adds ``attribute`` (its leading space too) after the start tag's
        last attribute."""
        place = self._place(element)
        tag = self.source[place.start : place.end]
        end = len(tag) - (2 if tag.endswith("/>") else 1)
        at = place.start + len(tag[:end].rstrip())
        return at, at, attribute

    def _oriented(self, changed: list[etree._Element], *, rtl: bool) -> list[tuple[int, int, str]]:
        """Make each translated cue read in its language's direction: ``tts:direction="rtl"``
        (in the file's own styling namespace: DFXP's drafts have theirs) into Arabic or
        Hebrew (a player set an Arabic cue left to right: its full stop on the right); out
        of them "ltr" where the cue, or any style it may take, said "rtl"."""
        styling = f"{self.namespace}#styling"
        direction = f"{{{styling}}}direction"
        styled = any(e.get(direction) == "rtl" for e in self.root.iter() if e not in changed)
        edits: list[tuple[int, int, str]] = []
        for cue in changed:
            said = cue.get(direction)
            wanted = "rtl" if rtl else "ltr" if said == "rtl" or styled else None
            if wanted is None or said == wanted:
                continue
            if said is not None:
                edits.append(self._set(cue, _DIRECTION, wanted))
                continue
            prefix = next((k for k, v in cue.nsmap.items() if v == styling and k), None)
            declared = "" if prefix is not None else f' xmlns:tts="{styling}"'
            edits.append(self._added(cue, f'{declared} {prefix or "tts"}:direction="{wanted}"'))
        return edits


def _places(source: str, count: int, path: Path) -> list[_Place]:
    """Where the root and each node inside it lie in ``source``, in the parser's order (its
    elements, comments and processing instructions as ``iter`` gives them)."""
    places: list[_Place] = []
    open_: list[_Place] = []
    for match in MARKUP.finditer(source):
        found = match.group()
        if found.startswith(("<![CDATA[", "<!DOCTYPE")) or (
            not open_ and not places and not match.group(2)
        ):
            continue  # (text, or before the root)
        slash, name, _attributes, empty = match.groups()
        if name is None or not slash:
            place = _Place(match.start(), match.end(), match.end(), match.end())
            places.append(place)
            if name is not None and not empty:
                open_.append(place)
        else:
            place = open_.pop()
            place.inner, place.close = match.start(), match.end()
        if not open_:
            break
    if len(places) != count:
        raise _refused(path, "markup Quire cannot place", 1)
    return places


def _shown(raw: str) -> str:
    """A text node's characters (its references and CDATA read)."""
    return html.unescape(_CDATA.sub(lambda m: html.escape(m[1], quote=False), raw))


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _written(raw: str, piece: _Piece, part: str) -> str:
    """``part`` written where ``raw`` was: its words escaped, and the white space at its
    edges the source's where it shows the same (a space, or none at a line's edge) or is
    preserved, so only the words change."""
    part = part.replace("\n", " ")
    core = part.strip(_WS)
    lead, trail = raw[: len(raw) - len(raw.lstrip(_WS))], raw[len(raw.rstrip(_WS)) :]
    if not raw.strip(_WS):
        trail = ""
    wants_lead = part[:1] in tuple(_WS)
    wants_trail = part[-1:] in tuple(_WS) and bool(core)
    if lead and not (wants_lead or piece.preserved or not piece.text.startswith(" ")):
        lead = ""
    if trail and not (wants_trail or piece.preserved or not piece.text.endswith(" ")):
        trail = ""
    return (
        (lead or (" " if wants_lead else ""))
        + _escaped(core)
        + (trail or (" " if wants_trail else ""))
    )


def _prefix(tag: str) -> str:
    """The namespace prefix of a start tag's name, with its colon ("" for none)."""
    name = re.match(r"<([^\s/>]+)", tag)
    prefix = name.group(1).rpartition(":")[0] if name else ""
    return f"{prefix}:" if prefix else ""


def _preserved(cue: etree._Element) -> bool:
    """Whether the cue's white space is its text's (``xml:space="preserve"``)."""
    for element in (cue, *cue.iterancestors()):
        value = element.get(_SPACE)
        if value is not None:
            return bool(value == "preserve")
    return False


def _preserves(element: etree._Element, inherited: bool) -> bool:
    value = element.get(_SPACE)
    return inherited if value is None else value == "preserve"


def _collapsed(pieces: list[_Piece]) -> list[_Piece]:
    out: list[_Piece] = []
    space_before = True  # (a line's start)
    for piece in pieces:
        if piece.br:
            _trim_line_end(out)
            out.append(piece)
            space_before = True
            continue
        text = _WHITE.sub(" ", piece.text)
        if space_before:
            text = text.lstrip(" ")
        if text:
            space_before = text.endswith(" ")
        out.append(_replaced(piece, text))
    _trim_line_end(out)
    return out


def _replaced(piece: _Piece, text: str) -> _Piece:
    return _Piece(piece.start, piece.end, text, piece.br, piece.element, piece.preserved)


def _trim_line_end(pieces: list[_Piece]) -> None:
    """No space at the end of the line that ``pieces`` end."""
    for k in range(len(pieces) - 1, -1, -1):
        piece = pieces[k]
        if piece.br:
            return
        trimmed = piece.text.rstrip(" ")
        pieces[k] = _replaced(piece, trimmed)
        if trimmed:
            return


def _refused(path: Path, what: str, line: int) -> DocumentError:
    return DocumentError(
        f"This is not a valid TTML subtitle file: {what} at line {line}",
        path=path,
        hint="Export it again from the program that made it, then retry",
        message_id="document.damaged_file",
        params={"suffix": path.suffix},
    )


def read(data: bytes, path: Path) -> Document:
    try:
        root = parse_file(data)
    except Unreadable as exc:
        raise _refused(path, exc.what, exc.line) from None
    name = etree.QName(root)
    if name.localname != "tt" or (name.namespace or "") not in NAMESPACES:
        raise _refused(path, f"the root element is <{name.localname}>, not TTML's <tt>", 1)
    source, found = decode_text(data, path, "TTML", markup=True)
    return TtmlDocument(path, data, root, source, found)


__all__ = ["NAMESPACES", "TtmlDocument", "read"]
