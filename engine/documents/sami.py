"""SAMI subtitles (.smi, .sami): Korean fansubs', Windows Media's captions. Each paragraph of
a ``<SYNC Start=…>`` (``<P Class=KRCC>``, closed or not) in the file's source language is a
cue, its text between tags translated and its ``<br>`` its line breaks; the head, the styles,
timings, tags, comments, a clearing ``&nbsp;`` and the other languages' paragraphs are kept
byte for byte (the file is read leniently, as players read it, and written by editing its
text in place)."""

from __future__ import annotations

import dataclasses
import html
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from engine.api import Note
from engine.documents.base import Document, decode_text, edited
from engine.documents.cues import Timed
from engine.documents.errors import DocumentError, empty_file, renamed_file
from engine.documents.language import same_language
from engine.documents.marked import kept_note
from engine.documents.subtitles import SubtitleDocument, _as_its_kind, _refused
from engine.documents.txt import mac_lines
from engine.text.encoding import TextEncoding
from engine.text.language_names import language_name

# A comment (to its end, or to the file's where it is not closed), or a tag: a "<" and a
# name's first letter, "/", "!" or "?" ("<3" and "1 < 2" are text, as browsers read them).
_TOKEN = re.compile(r"<!--.*?(?:-->|\Z)|<[A-Za-z/!?][^<>]*>", re.DOTALL)
_OPEN = re.compile(r"<[A-Za-z/!?]")
_NAME = re.compile(r"</?([A-Za-z][\w:-]*)")
_START = re.compile(r"""\bstart\s*=\s*["']?\s*(-?\d+)""", re.IGNORECASE)
_CLASS = re.compile(r"""\bclass\s*=\s*["']?([^\s"'>]+)""", re.IGNORECASE)
_BR = re.compile(r"\s*<br\b[^>]*>\s*", re.IGNORECASE)
_SPACE = re.compile(r"[ \t\r\n\f]+")
_FONT = re.compile(r"<font\b", re.IGNORECASE)
# Tags that end a paragraph: the next one's, a new SYNC, and the ends of the body.
_ENDS_PARAGRAPH = frozenset(["p", "sync", "body", "sami", "/p", "/sync", "/body", "/sami"])
# The STYLE element's class rules (``.KRCC { Name:Korean; lang:ko-KR; SAMIType:CC; }``) and
# the two properties that say a class's language: its name in a player's menu, its code.
_STYLE = re.compile(r"<style\b[^>]*>(.*?)</style\s*>", re.IGNORECASE | re.DOTALL)
_RULE = re.compile(r"(\.[\w-]+(?:\s*,\s*\.[\w-]+)*)\s*\{([^{}]*)\}")
_PROPERTY = re.compile(r"(?<![\w-])(name|lang)\s*:\s*([^;{}]*?)\s*(?=;|\}|$)", re.IGNORECASE)
# What says a file is SAMI: its root tag; else cues, in a file that is no web page.
_SAMI = re.compile(r"<sami[\s>]", re.IGNORECASE)
_HTML = re.compile(r"<html[\s>]", re.IGNORECASE)
_SYNC = re.compile(r"<sync[\s>]", re.IGNORECASE)


@dataclasses.dataclass
class _Paragraph:
    """A SYNC's paragraph: its class (None: text right in the SYNC) and its content, as
    (kind, start, end): "text", "br" or "markup" (any other tag, a comment, a reading)."""

    sync: int
    start: float
    klass: str | None
    items: list[tuple[str, int, int]] = dataclasses.field(default_factory=list)
    # Its ruby markup: the tags (<ruby>, <rb>) and each reading (<rt>…</rt>, <rp>…</rp>).
    ruby: list[tuple[int, int]] = dataclasses.field(default_factory=list)


class SamiDocument(SubtitleDocument):
    """A cue's text as a browser reads it (white space one space, character references the
    characters they stand for), its ``<br>`` a line break; a translation is written back
    with ``<`` escaped (ffmpeg drops a cue with a bare "<3"), ``&`` where it would read as
    a character reference, a no-break space as
    ``&nbsp;`` and its line breaks as the file's ``<br>``. The translated class's STYLE rule
    names the translation's language (``lang``) and names it in a player's menu (``Name``).
    Bilingual: the translation follows each cue's text in the same paragraph, after a
    ``<br>``, which every player shows (one showing a class at a time, PotPlayer and
    MPC-HC, would hide a class of its own)."""

    break_tag = "<br>"
    # The translated class's STYLE properties: (start, end) of the values of Name and lang.
    names: tuple[tuple[int, int], ...] = ()
    langs: tuple[tuple[int, int], ...] = ()
    # Each cue's ruby markup, dropped where the cue is translated.
    rubies: Sequence[Sequence[tuple[int, int]]] = ()
    # The document translating the class in a language, where the file has it.
    taking: Callable[[str], SamiDocument] | None = None

    def _readable(self, text: str) -> str:
        lines = _BR.split(text)
        return "\n".join(html.unescape(_SPACE.sub(" ", line)) for line in lines)

    def _written(self, part: str, newline: str) -> str:
        escaped = re.sub(r"&(?=[#\w])", "&amp;", part).replace("<", "&lt;")
        escaped = escaped.replace("\u00a0", "&nbsp;")
        return escaped.replace("\r\n", "\n").replace("\n", self.break_tag)

    def parts(self, n: int, text: str) -> list[str]:
        """As a cue's pieces are written, but a piece the translation writes as it reads
        (a line break, a line kept) keeps its bytes: ``<BR>``, the line ends around it."""
        assert self.pieces is not None
        out = super().parts(n, text)
        return [
            self.source[a:b]
            if part == self._written(self._readable(self.source[a:b]), "")
            else part
            for (a, b), part in zip(self.pieces[n], out, strict=True)
        ]

    def separator(self, start: int, end: int) -> str:
        return self.break_tag

    def in_source(self, language: str) -> Document:
        """The file's class in ``language`` translated (its STYLE rule's lang or Name says
        it), where another is and the source is named: ``--from en`` in a file of KRCC and
        ENCC translates the English."""
        return self.taking(language) if self.taking is not None else self

    def _pieces_written(
        self, units: Iterable[int], translations: Sequence[str]
    ) -> dict[tuple[int, int], str]:
        """As a cue's pieces are written; a translated cue's ruby goes, readings and all, as
        a web page's does: a reading says how to read the source's word, which the
        translation no longer has."""
        written = super()._pieces_written(units, translations)
        for pieces, ruby in zip(self.cue_pieces, self.rubies, strict=True):
            if ruby and any(p in written for p in pieces):
                written.update(dict.fromkeys(ruby, ""))
        return written

    def render_text(self, translations: Sequence[str]) -> str:
        text = super().render_text(translations)
        if self.language is None:
            return text
        # (the head comes before every cue: its offsets are the source's)
        name = language_name(self.language.language)
        edits = [(a, b, name) for a, b in self.names]
        edits += [(a, b, self.language.culture) for a, b in self.langs]
        return edited(text, edits)


def read(data: bytes, path: Path, *, encoding: str | None = None) -> Document:
    """The cues of one language: the class the STYLE declares first among those with text
    (Korean files' KRCC before ENCC), or the only one; the others' are kept with a note."""
    if not data.strip():
        raise empty_file(path)
    if encoding is None:
        _check_whole(data, path)
    text, found = _decoded(data, path, encoding)
    text, lone_cr = mac_lines(text)
    if _SAMI.search(text) is None and (_HTML.search(text) or _SYNC.search(text) is None):
        other = _as_its_kind(data, path, text, encoding, ".smi")
        if other is not None:
            return other
        if _HTML.search(text):
            raise renamed_file(path, ".html")  # (a web page saved under a film's name)
        raise _refused(path, "SAMI", "no <SAMI> tag", 1)
    paragraphs = _paragraphs(text, path)
    if not paragraphs:
        at = _SAMI.search(text)
        raise _refused(path, "SAMI", "no <SYNC> cue", _line(text, at.start() if at else 0))
    rules = _rules(text)
    cues: dict[str | None, list[tuple[_Paragraph, list[tuple[int, int]], tuple[int, int]]]] = {}
    for paragraph in paragraphs:
        cue = _cue(text, paragraph)
        if cue is not None:
            cues.setdefault(paragraph.klass, []).append((paragraph, *cue))
    order = [k for k in rules if k in cues] + [k for k in cues if k not in rules]
    return _document(path, text, found, lone_cr, paragraphs, rules, cues, order)


def _document(
    path: Path,
    text: str,
    found: TextEncoding,
    lone_cr: bool,
    paragraphs: Sequence[_Paragraph],
    rules: dict[str | None, _Rule],
    cues: dict[str | None, list[tuple[_Paragraph, list[tuple[int, int]], tuple[int, int]]]],
    order: Sequence[str | None],
) -> SamiDocument:
    """The document translating the cues of ``order``'s first class, the others kept."""
    chosen = order[0] if order else None
    ends = _ends(paragraphs)
    spans: list[tuple[int, int]] = []
    ids: list[str] = []
    pieces: list[list[tuple[int, int]]] = []
    timed: list[Timed] = []
    rubies: list[list[tuple[int, int]]] = []
    for paragraph, cut, span in cues.get(chosen, []):
        rubies.append(paragraph.ruby)
        spans.append(span)
        pieces.append(cut)
        ids.append(f"cue{len(ids) + 1}")
        timed.append(Timed(paragraph.start, ends[id(paragraph)], place=_place(text, paragraph)))
    document = SamiDocument(path, text, spans, ids, found, pieces, timed)
    document.lone_cr = lone_cr
    document.rubies = rubies
    breaks = [m.group() for m in re.finditer(r"<br\b[^>]*>", text, re.IGNORECASE)]
    document.break_tag = breaks[0] if breaks else "<br>"
    if chosen is not None and chosen in rules:
        document.names, document.langs = rules[chosen][1], rules[chosen][2]
    others = Counter(
        {rules[k][0] if k in rules else (k or "SYNC"): len(cues[k]) for k in order[1:]}
    )
    note = kept_note(path, others)
    if note is not None:
        document.notes = (*document.notes, note)

    def taking(language: str) -> SamiDocument:
        klass = next(
            (k for k in order if k in rules and same_language(rules[k][0], language)), None
        )
        if klass is None or klass == chosen:
            return document
        taken = _document(
            path,
            text,
            found,
            lone_cr,
            paragraphs,
            rules,
            cues,
            [klass, *(k for k in order if k != klass)],
        )
        taken.notes = (
            Note(
                f"{path.name}: its {klass} class ({rules[klass][0]}) is translated, the "
                f"language named as the source",
                "document.sami_class",
                {"name": path.name, "class": klass, "language": rules[klass][0]},
            ),
            *taken.notes,
        )
        return taken

    document.taking = taking
    return document


def _check_whole(data: bytes, path: Path) -> None:
    """Refuse UTF-8 text that ends inside a character: a download cut short, not a file in
    an encoding Quire cannot tell."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.reason == "unexpected end of data" and len(data) - error.start < 4:
            raise DocumentError(
                "This SAMI file is cut short: it ends inside a character",
                path=path,
                hint="Download or copy the file again, whole",
                message_id="document.bad_subtitles",
                params={"line": data.count(b"\n") + 1},
            ) from None


def _decoded(data: bytes, path: Path, encoding: str | None) -> tuple[str, TextEncoding]:
    """The file's text and its encoding. A Korean file with a bad byte, or cut inside a
    character, is no CP949 to a strict reading, and its ASCII markup let a code page that
    reads any byte pass for it (iso-8859-5: Cyrillic where the Korean was): such a file is
    refused, as its .srt is ("cannot tell which encoding"), saying which to name."""
    text, found = decode_text(data, path, "subtitle text", encoding=encoding, markup=True)
    if found.how == "detected" and found.codec != "cp949" and _korean_but_for(data):
        raise DocumentError(
            "Quire cannot tell which encoding this subtitle text is in: it reads as Korean "
            "(CP949) but for a byte or two that are not, a bad byte or the file cut short",
            path=path,
            hint="Name it with --encoding euc-kr, which says where the bad bytes are, and "
            "repair them in a text editor (or save the file again from the subtitle editor)",
            message_id="file.unknown_encoding",
        )
    return text, found


def _korean_but_for(data: bytes) -> bool:
    """Whether ``data`` is CP949 Korean but for a few bytes: most of what it reads outside
    ASCII Hangul, a character or two not read (one in a hundred, in a long file)."""
    text = data.decode("cp949", "replace")
    bad = text.count("\ufffd")
    hangul = sum(1 for c in text if "\uac00" <= c <= "\ud7a3")
    wide = sum(1 for c in text if ord(c) > 0x7F)
    return 0 < bad <= max(2, hangul // 100) and hangul > 10 * bad and hangul * 2 > wide


def _line(text: str, at: int) -> int:
    return text.count("\n", 0, at) + 1


def _paragraphs(text: str, path: Path) -> list[_Paragraph]:
    """The body's paragraphs in order, each with its content's pieces of text, line breaks and
    markup; a ``<ruby>``'s reading (``<rt>…</rt>``) is markup with its text. A tag or a
    comment the file ends inside (a download cut short) is refused."""
    found: list[_Paragraph] = []
    current: _Paragraph | None = None
    sync, start = 0, 0.0
    reading = False
    read_from = cursor = 0

    def text_until(end: int) -> None:
        if current is None or end <= cursor:
            return
        stray = _OPEN.search(text, cursor, end)
        if stray is not None:
            raise _refused(path, "SAMI", "a tag cut short", _line(text, stray.start()))
        current.items.append(("markup" if reading else "text", cursor, end))

    for match in _TOKEN.finditer(text):
        text_until(match.start())
        cursor = match.end()
        token = match.group()
        if token.startswith("<!--"):
            if not token.endswith("-->"):
                raise _refused(path, "SAMI", "a comment cut short", _line(text, match.start()))
            if current is not None:
                current.items.append(("markup", match.start(), match.end()))
            continue
        name = _NAME.match(token)
        tag = (name.group(0)[1:] if name else "").lower()
        if tag == "sync":
            sync += 1
            said = _START.search(token)
            start = int(said.group(1)) / 1000 if said else start
            current, reading = _Paragraph(sync, start, None), False
            found.append(current)
        elif tag == "p" and sync:
            klass = _CLASS.search(token)
            current = _Paragraph(sync, start, klass.group(1).upper() if klass else None)
            found.append(current)
            reading = False
        elif tag in _ENDS_PARAGRAPH:
            current = None
        elif current is not None:
            if tag in ("rt", "rp") and not reading:
                reading, read_from = True, match.start()
            elif tag in ("/rt", "/rp", "/ruby") and reading:
                reading = False
                current.ruby.append((read_from, match.start() if tag == "/ruby" else cursor))
            if tag in ("ruby", "/ruby", "rb", "/rb"):
                current.ruby.append(match.span())
            kind = "br" if tag == "br" and not reading else "markup"
            current.items.append((kind, match.start(), match.end()))
    text_until(len(text))
    return found


def _cue(text: str, paragraph: _Paragraph) -> tuple[list[tuple[int, int]], tuple[int, int]] | None:
    """A paragraph's pieces (its text, each line break with the white space around it a
    piece of its own) and its span, from its first markup or words to its last: line breaks
    and white space before and after are the layout's (a Korean file's leading ``<br>``
    puts a one-line cue on the lower line). None where it has no words (``&nbsp;``)."""
    pieces: list[tuple[str, int, int]] = []
    for kind, a, b in paragraph.items:
        if kind == "br":
            if pieces and pieces[-1][0] == "text":
                _, c, d = pieces.pop()
                d = c + len(text[c:d].rstrip())
                a = d
                pieces += [("text", c, d)] if d > c else []
            pieces.append(("br", a, b))
        elif kind == "text":
            if pieces and pieces[-1][0] == "br":
                lead = len(text[a:b]) - len(text[a:b].lstrip())
                pieces[-1] = ("br", pieces[-1][1], a + lead)
                a += lead
            if b > a:
                pieces.append(("text", a, b))
        else:
            pieces.append(("markup", a, b))
    words = [
        i
        for i, (kind, a, b) in enumerate(pieces)
        if kind == "text" and html.unescape(text[a:b]).strip()
    ]
    if not words:
        return None
    shown = [
        (a, b)
        for kind, a, b in pieces
        if kind == "markup" or (kind == "text" and text[a:b].strip())
    ]
    first, last = shown[0], shown[-1]
    start = first[0] + len(text[slice(*first)]) - len(text[slice(*first)].lstrip())
    end = last[0] + len(text[slice(*last)].rstrip())
    # (a line's white space at its ends, markup between it and the break or not, is the
    # layout's: "<BR></FONT> \nSubtitle by Kyou." has no line starting with a space)
    kept = [(kind, a, b) for kind, a, b in pieces[words[0] : words[-1] + 1] if kind != "markup"]
    cut: list[tuple[int, int]] = []
    for i, (kind, a, b) in enumerate(kept):
        if kind == "text":
            if i == 0 or kept[i - 1][0] == "br":
                a = b - len(text[a:b].lstrip())
            if i == len(kept) - 1 or kept[i + 1][0] == "br":
                b = a + len(text[a:b].rstrip())
            if a >= b:
                continue
        cut.append((a, b))
    return cut, (start, end)


def _place(text: str, paragraph: _Paragraph) -> str:
    """Where a paragraph's cue shows, as far as joining cues goes (see :class:`Timed`): its
    class and its font. A cue of two fonts, or of a font and a line break (a song's line in
    red over its translation in silver, a typewriter's frame of coloured lines, a title over
    a credit), is laid out line by line: a place of its own, never one sentence with
    another."""
    fonts = [
        _SPACE.sub(" ", text[a:b]).lower()
        for kind, a, b in paragraph.items
        if kind == "markup" and _FONT.match(text, a, b)
    ]
    klass = paragraph.klass or ""
    if len(fonts) > 1 or (fonts and any(kind == "br" for kind, _, _ in paragraph.items)):
        return f"{klass} #{paragraph.sync}"
    return " ".join([klass, *fonts])


def _ends(paragraphs: Sequence[_Paragraph]) -> dict[int, float]:
    """When each paragraph stops showing: at the next SYNC with a paragraph of its class
    (its clearing ``&nbsp;``, or the next cue), else at the next SYNC, else as it starts.
    One pass from the end (looking ahead from each took 100 s for 20,000 SYNCs)."""
    ends: dict[int, float] = {}
    coming: dict[str | None, float] = {}  # each class's next paragraph's start, in a later SYNC
    following: float | None = None  # the next SYNC's
    k = len(paragraphs)
    while k:
        first = k - 1
        while first and paragraphs[first - 1].sync == paragraphs[k - 1].sync:
            first -= 1
        group = paragraphs[first:k]
        for paragraph in group:
            after = coming.get(paragraph.klass, following)
            ends[id(paragraph)] = after if after is not None else paragraph.start
        for paragraph in group:
            coming[paragraph.klass] = paragraph.start
        following, k = group[0].start, first
    return ends


# A STYLE class's language (its lang, else its Name, else its name) and where its Name's
# and lang's values are.
_Rule = tuple[str, tuple[tuple[int, int], ...], tuple[tuple[int, int], ...]]


def _rules(text: str) -> dict[str | None, _Rule]:
    """The STYLE's classes, in its order: each one's language (its lang, else its Name, else
    its class) and where its Name's and lang's values are."""
    rules: dict[str | None, _Rule] = {}
    style = _STYLE.search(text)
    if style is None:
        return rules
    for rule in _RULE.finditer(text, *style.span(1)):
        names: list[tuple[int, int]] = []
        langs: list[tuple[int, int]] = []
        said: dict[str, str] = {}
        for prop in _PROPERTY.finditer(text, *rule.span(2)):
            key = prop.group(1).lower()
            (names if key == "name" else langs).append(prop.span(2))
            said.setdefault(key, prop.group(2))
        # (a rule for a group of classes, ".jpcc, .JPCC2", holds for each; its Name and lang
        # are not the translation's to rename where it names another class too)
        classes = re.findall(r"\.([\w-]+)", rule.group(1))
        alone = len(classes) == 1
        for klass in classes:
            language = said.get("lang") or said.get("name") or klass
            named = (tuple(names), tuple(langs)) if alone else ((), ())
            rules.setdefault(klass.upper(), (language, *named))
    return rules


__all__ = ["SamiDocument", "read"]
