"""Scenarist closed captions (.scc): US broadcast captions, CEA-608 byte pairs in hex under
SMPTE timecodes. Caption channel 1's captions are read (pop-on, roll-up, paint-on), each a
unit (a roll-up sentence over several lines one unit, shared back line by line); a translation
is written as CEA-608 pairs in place of the source's, every timecode, control code (load,
display, erase, roll-up) and the other channels' pairs kept, a longer pop-on caption loaded
earlier (on a line before its own) so that it shows at the source's frame."""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from engine.api import Note
from engine.documents.base import Document, Unit, check_unit_count
from engine.documents.captions import CaptionDocument, nearest, rows_of
from engine.documents.cues import Timed, shares
from engine.documents.errors import DocumentError, empty_file

FRAME = 1001 / 30000  # NTSC's frame, in seconds (29.97 frames a second)
ROW_CHARACTERS = 32  # CEA-608: 32 columns a row
POP_ON_ROWS = 4  # the FCC's and CEA-608's most rows for a pop-on caption

_HEADER = "Scenarist_SCC V1.0"
_LINE = re.compile(r"(\d\d):(\d\d):(\d\d)[:;.,](\d\d)(?:\s+(.*))?")
_WORD = re.compile(r"[0-9a-fA-F]{4}")

# The basic set: ASCII, but for nine places that hold accented letters and signs.
_BASIC = {0x2A: "á", 0x5C: "é", 0x5E: "í", 0x5F: "ó", 0x60: "ú", 0x7B: "ç", 0x7C: "÷"}
_BASIC |= {0x7D: "Ñ", 0x7E: "ñ", 0x7F: "█"}
_SPECIAL = "®°½¿™¢£♪à\u00a0èâêîôû"  # 0x11 0x30-0x3f (0x39: the transparent space)
_EXTENDED = {
    0x12: "ÁÉÓÚÜü‘¡*’—©℠•“”ÀÂÇÈÊËëÎÏïÔÙùÛ«»",  # 0x12 0x20-0x3f
    0x13: "ÃãÍÌìÒòÕõ{}\\^_|~ÄäÖöß¥¤¦ÅåØø┌┐└┘",  # 0x13 0x20-0x3f
}
# PAC rows: the first byte (channel 1) and whether the second's 0x20 bit is set.
_ROWS = {0x11: (1, 2), 0x12: (3, 4), 0x15: (5, 6), 0x16: (7, 8), 0x17: (9, 10)}
_ROWS |= {0x10: (11, 11), 0x13: (12, 13), 0x14: (14, 15)}
_COLOURS = ("white", "green", "blue", "cyan", "red", "yellow", "magenta")

_ENCODED: dict[str, tuple[int, ...]] = {}
# What a decoder without the extended characters shows for one that is no accented letter.
_FALLBACK = {"¡": "!", "«": '"', "»": '"', "“": '"', "”": '"', "‘": "'", "—": "-", "•": "*"}
_FALLBACK |= {"℠": " ", "©": "c"}


def _encodings() -> dict[str, tuple[int, ...]]:
    """Each character CEA-608 writes, as the bytes (parity not yet set) that write it: one
    byte for the basic set, a pair for a special character, a fallback byte and a pair
    for an extended one (a decoder without them shows the fallback)."""
    if _ENCODED:
        return _ENCODED
    for code in range(0x20, 0x80):
        _ENCODED[_BASIC.get(code, chr(code))] = (code,)
    for k, char in enumerate(_SPECIAL):
        if char != "\u00a0":
            _ENCODED.setdefault(char, (0x11, 0x30 + k))
    for first, chars in _EXTENDED.items():
        for k, char in enumerate(chars):
            base = _FALLBACK.get(char, unicodedata.normalize("NFD", char)[0])
            fallback = ord(base) if base in _ENCODED and len(_ENCODED[base]) == 1 else 0x20
            _ENCODED.setdefault(char, (fallback, first, 0x20 + k))
    # (the apostrophe: the basic set's 0x27, one byte, which decoders (ffmpeg) show as ’,
    # not the extended ’'s fallback and doubled pair)
    _ENCODED["’"] = (0x27,)
    return _ENCODED


def _odd(byte: int) -> int:
    """``byte`` with its parity bit set as CEA-608 sends it (odd parity)."""
    return byte | 0x80 if bin(byte).count("1") % 2 == 0 else byte


@dataclasses.dataclass
class _Row:
    row: int
    column: int
    text: str = ""
    italic: bool = False
    underline: bool = False
    colour: str = "white"
    # (where in its text each style began (a preamble's, a mid-row code's), and the style)
    spans: list[tuple[int, bool, bool, str]] = dataclasses.field(default_factory=list)

    def styled(self) -> list[tuple[str, tuple[bool, bool, str]]]:
        """Its text's pieces that hold something but spaces, each with its style (italics,
        underline, colour)."""
        marks = (
            self.spans
            if self.spans and self.spans[0][0] == 0
            else [(0, False, False, "white"), *self.spans]
        )
        pieces = []
        for k, (start, italic, underline, colour) in enumerate(marks):
            end = marks[k + 1][0] if k + 1 < len(marks) else len(self.text)
            if self.text[start:end].strip():
                pieces.append((self.text[start:end], (italic, underline, colour)))
        return pieces


@dataclasses.dataclass
class _Caption:
    """One caption as channel 1 builds it: its rows, its mode, the words (line, index)
    that write its text, when it shows and goes."""

    mode: str  # "pop-on", "roll-up", "paint-on"
    rows: list[_Row] = dataclasses.field(default_factory=list)
    words: list[tuple[int, int]] = dataclasses.field(default_factory=list)
    start: float = 0.0
    end: float | None = None
    shown: bool = False
    depth: int = 0  # roll-up: the rows it rolls in (2 to 4)
    over: bool = False  # paint-on: whether it began by painting over the caption before

    @property
    def most_rows(self) -> int:
        """The rows its text may take: a roll-up caption's depth (a row more rolls the first
        off the screen), a pop-on or paint-on caption's 4 (CEA-608's and the FCC's most), or
        as many as the source's where it took more."""
        if self.mode == "roll-up":
            return self.depth or POP_ON_ROWS
        return max(POP_ON_ROWS, len(self.lines))

    @property
    def text(self) -> str:
        """Its rows' text, a line each, a row's pieces (where the cursor went back in the
        row) in the order of their columns."""
        lines = []
        for first in self.lines:
            pieces = sorted((r for r in self.rows if r.row == first.row), key=lambda r: r.column)
            line = " ".join(" ".join(r.text.split()) for r in pieces if r.text.strip())
            if line:
                lines.append(line)
        return "\n".join(lines)

    @property
    def lines(self) -> list[_Row]:
        """The first piece of each of its rows, in the order they were written."""
        seen: dict[int, _Row] = {}
        for r in self.rows:
            seen.setdefault(r.row, r)
        return list(seen.values())


@dataclasses.dataclass
class _Line:
    time: str  # its timecode, as written
    seconds: float
    words: list[str]
    tab: str  # what separates the timecode from the words
    frame: int = 0  # the frame its timecode names


def _frames(h: int, m: int, s: int, f: int, *, drop: bool) -> int:
    """The frame a SMPTE timecode at 29.97 frames a second names: non-drop-frame (``:``)
    counts 30 a second, so its hour is 3603.6 s of video; drop-frame (``;``) skips
    frames 0 and 1 each minute but every tenth, so its clock keeps time with the video's."""
    frames = ((h * 60 + m) * 60 + s) * 30 + f
    if drop:
        minutes = h * 60 + m
        frames -= 2 * (minutes - minutes // 10)
    return frames


def _bad(path: Path, what: str, line: int) -> DocumentError:
    return DocumentError(
        f"This is not a valid SCC file: {what} at line {line}",
        path=path,
        hint="Export the captions again from the captioning program, then try again",
        message_id="document.bad_subtitles",
        params={"line": line},
    )


def _lines(text: str, path: Path) -> tuple[list[_Line], list[int]]:
    """The file's caption lines and each one's line number; a bad timecode or word refused."""
    lines: list[_Line] = []
    numbers: list[int] = []
    for number, raw in enumerate(text.splitlines(), 1):
        if number == 1 or not raw.strip():
            continue
        match = _LINE.fullmatch(raw.strip())
        if match is None:
            raise _bad(path, "a line that is no timecode and caption words", number)
        h, m, s, f = (int(g) for g in match.groups()[:4])
        if m > 59 or s > 59 or f > 59:
            raise _bad(path, f"the timecode {raw.split()[0]}", number)
        body = match.group(5) or ""  # (a timecode without pairs: nothing sent then)
        words = body.split()
        for word in words:
            if not _WORD.fullmatch(word):
                raise _bad(path, f"{word!r}, no pair of bytes in hex", number)
        frame = _frames(h, m, s, f, drop=raw.split()[0][8] != ":")
        tab = raw.strip()[len(raw.split()[0]) : len(raw.strip()) - len(body)]
        lines.append(_Line(raw.split()[0], frame * FRAME, words, tab or "\t", frame))
        numbers.append(number)
    return lines, numbers


def _decoded(lines: Sequence[_Line]) -> list[_Caption]:
    """Channel 1's captions, in the order they show."""
    captions: list[_Caption] = []
    mode = "pop-on"
    depth = 0  # roll-up's rows
    loading: _Caption | None = None  # pop-on: the caption in non-displayed memory
    shown: list[_Caption] = []  # those on screen
    writing: _Caption | None = None  # roll-up, paint-on: the one the text goes to
    row: _Row | None = None
    last: tuple[int, int] | None = None  # the last control pair (a repeat is ignored)
    ours = True  # whether characters now go to channel 1's captions

    def target(at: float) -> _Caption:
        nonlocal loading, writing
        if mode == "pop-on":
            if loading is None:
                loading = _Caption(mode)
            return loading
        if writing is None:
            writing = _Caption(mode, start=at, shown=True, depth=depth if mode == "roll-up" else 0)
            captions.append(writing)
            shown.append(writing)
        return writing

    def clear(at: float) -> None:
        for caption in shown:
            if caption.end is None:
                caption.end = at
        shown.clear()

    def current_row(caption: _Caption, number: int | None = None, column: int = 0) -> _Row:
        nonlocal row
        if number is None and row is not None and row in caption.rows:
            return row
        if number is None:
            if caption.rows:
                row = caption.rows[-1]
                return row
            number = 15
        # (a row's text goes on where the cursor is: a column back or ahead of its end
        # starts another piece of the row, read in the order of the columns)
        pieces = [r for r in caption.rows if r.row == number]
        row = next((r for r in pieces if not r.text), None) or next(
            (r for r in pieces if r.column + len(r.text) == column), None
        )
        if row is None:
            row = _Row(number, column)
            caption.rows.append(row)
        elif not row.text:
            row.column = column
        return row

    for n, line in enumerate(lines):
        for k, word in enumerate(line.words):
            at = line.seconds + k * FRAME
            first, second = int(word[:2], 16) & 0x7F, int(word[2:], 16) & 0x7F
            if first == 0:
                last = None
                continue
            if 0x10 <= first <= 0x1F:
                if last == (first, second):
                    last = None
                    if writing is not None or loading is not None:
                        for caption in (loading, writing):
                            if caption is not None and caption.words[-1:] == [(n, k - 1)]:
                                caption.words.append((n, k))
                    continue
                last = (first, second)
                # (a code of channel 2, or text mode's, sends the characters after it there)
                ours = not first & 0x08 and not (first == 0x14 and second in (0x2A, 0x2B))
                if not ours:
                    continue
            else:
                last = None
                if not ours:
                    continue
            if first == 0x14 and 0x20 <= second <= 0x2F:
                code = second
                if code == 0x20:  # resume caption loading
                    mode = "pop-on"
                    writing = None
                elif code in (0x25, 0x26, 0x27):  # roll-up, 2 to 4 rows
                    if mode != "roll-up":
                        clear(at)
                    mode, loading, depth = "roll-up", None, code - 0x23
                elif code == 0x29:  # resume direct captioning (paint-on)
                    if mode != "paint-on":
                        writing = None
                    mode = "paint-on"
                elif code == 0x2C:  # erase displayed memory
                    clear(at)
                    writing = None
                elif code == 0x2E:  # erase non-displayed memory
                    loading = None
                elif code == 0x2D and mode == "roll-up":  # carriage return
                    writing, row = None, None
                elif code == 0x2F:  # end of caption: the loaded caption shows
                    clear(at)
                    if loading is not None and loading.text:
                        loading.start, loading.shown = at, True
                        captions.append(loading)
                        shown.append(loading)
                    loading, row = None, None
                elif code in (0x21, 0x24) and row is not None:
                    # (backspace, delete to end of row: edits of the caption's text, which
                    # go with it when its text is the translation's)
                    if code == 0x21:
                        row.text = row.text[:-1]
                    editing = loading if mode == "pop-on" else writing
                    if editing is not None and row in editing.rows:
                        editing.words.append((n, k))
                continue
            if first == 0x17 and 0x21 <= second <= 0x23:  # tab offset
                caption = target(at)
                caption.words.append((n, k))
                r = current_row(caption)
                r.column += second - 0x20
                continue
            if first in _ROWS and second >= 0x40:  # preamble address code
                caption = target(at)
                caption.words.append((n, k))
                number = _ROWS[first][1 if second & 0x20 else 0]
                attribute = second & 0x1F
                column = ((attribute >> 1) - 8) * 4 if attribute >= 0x10 else 0
                if mode == "paint-on" and any(r.row == number and r.text for r in caption.rows):
                    # (a row painted over: the caption it held goes, a new one shows)
                    caption.end, writing = at, None
                    shown.remove(caption)
                    caption.words.pop()
                    caption = target(at)
                    caption.words.append((n, k))
                    caption.over = True
                r = current_row(caption, number, column)
                r.underline = bool(attribute & 1)
                r.italic = attribute >> 1 == 7
                r.colour = _COLOURS[attribute >> 1] if attribute < 0x0E else "white"
                r.spans.append((len(r.text), r.italic, r.underline, r.colour))
                continue
            if first == 0x11 and 0x20 <= second <= 0x2F:  # mid-row style
                caption = target(at)
                caption.words.append((n, k))
                r = current_row(caption)
                # (a colour ends italics; italics keep the colour)
                r.italic = second & 0x0E == 0x0E
                r.underline = bool(second & 1)
                if not r.italic:
                    r.colour = _COLOURS[(second & 0x0E) >> 1]
                r.spans.append((len(r.text), r.italic, r.underline, r.colour))
                r.text += " "
                continue
            if first == 0x11 and 0x30 <= second <= 0x3F:
                caption = target(at)
                caption.words.append((n, k))
                current_row(caption).text += _SPECIAL[second - 0x30].replace("\u00a0", " ")
                continue
            if first in _EXTENDED and 0x20 <= second <= 0x3F:
                caption = target(at)
                caption.words.append((n, k))
                r = current_row(caption)
                r.text = r.text[:-1] + _EXTENDED[first][second - 0x20]
                continue
            if first < 0x20:
                continue  # (other control codes: kept, not read)
            caption = target(at)
            caption.words.append((n, k))
            r = current_row(caption)
            for byte in (first, second):
                if byte >= 0x20:
                    r.text += _BASIC.get(byte, chr(byte))
    for caption in captions:
        if caption.end is None:
            caption.end = caption.start
        for head in caption.lines:
            _whole_row_style(head, [r for r in caption.rows if r.row == head.row])
    return [c for c in captions if c.text]


def _whole_row_style(line: _Row, pieces: Sequence[_Row]) -> None:
    """``line``'s italics, underline and colour as those that held for all its row's text
    (white where its colours differ): a style after the text (italics turned off after an
    italic row) changes nothing, and one over part of the row is not the row's."""
    styles = [style for r in pieces for _, style in r.styled()]
    if styles:
        line.italic = all(s[0] for s in styles)
        line.underline = all(s[1] for s in styles)
        line.colour = styles[0][2] if len({s[2] for s in styles}) == 1 else "white"


def _ends_sentence(text: str) -> bool:
    return text.rstrip().rstrip("\"'”’)]").endswith((".", "!", "?", ":", "♪", "…"))


class SccDocument(CaptionDocument):
    """A caption's text, its rows a line each (a roll-up sentence's lines one unit). Written
    back: each caption's pairs replaced by the translation's, wrapped to 32 columns and set
    where the source's rows were (its last row kept, its indent where it fits, centred where
    the source was), the row's colour, italics and underline kept where they held for all its
    text, words styled inside a row kept in their style where the translation has them;
    every timecode and every control code kept, a pop-on caption's loading sent before the
    code that shows it, so the captions show, roll and go at the source's frames (where a
    translation has no time for that, a note says which show late). A translation with
    characters CEA-608 has not (Chinese, Cyrillic) is refused for .scc, with the advice to
    write .srt or .vtt, which this document also writes;
    a translation needing more rows than its caption may take (4 for pop-on or paint-on, or
    the source's where it took more; a roll-up line its depth) keeps the source's pairs and
    is counted failed (:meth:`fits`)."""

    width = ROW_CHARACTERS

    def __init__(
        self,
        path: Path,
        lines: list[_Line],
        header: str,
        newline: str,
        groups: list[list[_Caption]],
    ) -> None:
        self.path = path
        self.lines = lines
        self.header = header
        self.newline = newline
        self.groups = groups
        self.units = tuple(
            Unit(f"cue{n + 1}", " ".join(c.text.replace("\n", " ") for c in g))
            if len(g) > 1
            else Unit(f"cue{n + 1}", g[0].text)
            for n, g in enumerate(groups)
        )
        self.timed = [Timed(g[0].start, g[-1].end or g[-1].start) for g in groups]
        self._output(path)

    def fits(self, index: int, text: str) -> bool:
        """Whether the translation ``text`` fits the rows of caption ``index`` (each of a
        roll-up sentence's lines its share): wrapped to 32 columns, a pop-on or paint-on
        caption at most 4 rows (the source's where it took more), a roll-up line its depth.
        CEA-608 has no more: a row past the screen's 15th was written over the 15th."""
        group = self.groups[index]
        table = _encodings()
        text = nearest(unicodedata.normalize("NFC", text), lambda c: c in table or c in "\n\t")
        return all(map(_fits, group, _shared(text, group)))

    def render(self, translations: Sequence[str]) -> bytes:
        self._check(translations)
        table = _encodings()

        def writable(char: str) -> bool:
            return char in table or char in "\n\t"

        missing: set[str] = set()
        replaced: dict[tuple[int, int], list[str]] = {}
        for n, (group, translation) in enumerate(zip(self.groups, translations, strict=True)):
            if translation == self.units[n].text:
                continue  # (its source's pairs, as they were: a caption kept as it is)
            text = nearest(unicodedata.normalize("NFC", translation), writable)
            missing.update(c for c in text if c not in table and c not in "\n\t")
            if missing:
                continue
            parts = _shared(text, group)
            if not all(map(_fits, group, parts)):
                continue  # (its source kept: the translation job counts it failed)
            for caption, part in zip(group, parts, strict=True):
                replaced[caption.words[0]] = _written(caption, part)
                for place in caption.words[1:]:
                    replaced.setdefault(place, [])
                for place in _nulls(self.lines, caption.words[0], caption.words[-1]):
                    replaced.setdefault(place, [])  # (the source's padding between its pairs)
        if missing:
            raise self.unwritable(missing, "SCC captions (CEA-608)")
        loads = {c.words[0] for g in self.groups for c in g if c.mode == "pop-on"}
        sent, late = _scheduled(self.lines, replaced, loads)
        if late:
            self.notes = (*self.notes, _late_note(len(late), max(f for _, f in late), late[0][0]))
        out = [self.header]
        for time, tab, words in _timed_lines(self.lines, sent):
            out.append("")
            out.append(f"{time}{tab}{' '.join(words)}")
        return (self.newline.join(out) + self.newline).encode("ascii")


def _nulls(
    lines: Sequence[_Line], first: tuple[int, int], last: tuple[int, int]
) -> list[tuple[int, int]]:
    """The null pairs (8080) from pair ``first`` to pair ``last``: only the words between
    them looked at (a line of thousands of roll-up rows has as many captions)."""
    found: list[tuple[int, int]] = []
    for n in range(first[0], last[0] + 1):
        words = lines[n].words
        start = first[1] if n == first[0] else 0
        end = last[1] + 1 if n == last[0] else len(words)
        found.extend((n, k) for k in range(start, end) if words[k] == "8080")
    return found


def _late_note(count: int, frames: int, time: str) -> Note:
    """Says that ``count`` captions show or go later than the source's (the first at the
    source's ``time``), at most ``frames`` late: translations longer than there was time to
    send them before."""
    seconds = round(frames * FRAME, 2)
    return Note(
        f"{count} captions show or go later than the source's, by up to {seconds} s (the "
        f"first at {time}): their translations take longer to send than there was time "
        "for before them; a shorter translation, or the output named .srt or .vtt, keeps "
        "the times",
        "document.caption_late",
        {"count": count, "seconds": seconds, "time": time},
    )


# Control codes of channel 1 that change what the screen shows: end of caption, erase
# displayed memory, carriage return (a roll-up row rolls), resume direct captioning.
_SHOWING = {"942f", "942c", "94ad", "9429"}
# Control codes of channel 1 that load a pop-on caption off the screen (resume caption
# loading, erase non-displayed memory): sent earlier with the caption they load.
_LOADING = {"9420", "94ae"}
# Pairs a pop-on caption's loading may be sent around, as they touch no caption in
# non-displayed memory: erase displayed memory (doubled) and the null pair.
_AROUND = {"942c", "8080"}


def _scheduled(
    lines: Sequence[_Line], replaced: dict[tuple[int, int], list[str]], loads: set[tuple[int, int]]
) -> tuple[list[tuple[int, str, int | None]], list[tuple[str, int]]]:
    """Each pair with the frame it is sent at, one a frame (29.97 a second), and the source
    line it starts where it starts one: the source's pairs at their frames, a translated
    pop-on caption's loading (its control codes, preamble, characters) sent before the
    code that shows it, as a caption encoder loads it, so that it shows when the source's
    did (around the previous caption's erase where it must); a roll-up or paint-on
    caption's, which show as they come, from where its source's began. Where a
    translation is longer than its time allows, the pairs after it go later: each such
    code's line and frames late (the returned second list)."""
    # (word, wanted frame or None, source line it starts or None, whether it loads)
    items: list[tuple[str, int | None, int | None, bool]] = []
    at = 0  # (the frame the source sends a pair at: its line's, or after the line before's)
    for n, line in enumerate(lines):
        for k, word in enumerate(line.words):
            at = max(at, line.frame) + 1 if k == 0 else at + 1
            if (n, k) not in replaced:
                items.append((word, at - 1, n if k == 0 else None, False))
                continue
            new = replaced[(n, k)]
            if (n, k) in loads and new:
                back = len(items)
                while back and items[back - 1][0].lower() in _LOADING:
                    back -= 1
                items[back:] = [(w, f, first, True) for w, f, first, _ in items[back:]]
                items += [
                    (w, at - 1 if j == 0 and back == len(items) else None, None, True)
                    for j, w in enumerate(new)
                ]
            else:
                items += [(w, at - 1 if j == 0 else None, None, False) for j, w in enumerate(new)]
    sent: list[tuple[int, str, int | None]] = []
    late: list[tuple[str, int]] = []
    cursor = 0  # the first frame free after what has been sent
    k = 0
    while k < len(items):
        word, wanted, starts, loading = items[k]
        if not loading:
            frame = cursor if wanted is None else max(wanted, cursor)
            # (a doubled code's repeat is read once)
            repeat = bool(sent) and sent[-1][1] == word
            if wanted is not None and frame > wanted and word.lower() in _SHOWING and not repeat:
                late.append((_stamp(lines, wanted), frame - wanted))
            sent.append((frame, word, starts))
            cursor = frame + 1
            k += 1
            continue
        end = k
        while end < len(items) and items[end][3]:
            end += 1
        run = [w for w, *_ in items[k:end]]
        before = items[end][1] if end < len(items) and items[end][1] is not None else None
        if wanted is not None and before is not None and cursor <= wanted <= before - len(run):
            # (as long as its source's, or shorter: sent from where the source's was, nulls
            # after it up to the code that shows it where that is on the same line)
            gap = before - wanted - len(run)
            same = not any(wanted < line.frame <= before for line in lines)
            run += ["8080"] * gap if same else []
            placed = [(wanted + j, w, starts if j == 0 else None) for j, w in enumerate(run)]
        else:
            early = _loaded(sent, run, before) if before is not None else None
            placed = early or [(cursor + j, w, None) for j, w in enumerate(run)]
        sent = sorted(sent + placed, key=lambda x: x[0])
        cursor = max(cursor, placed[-1][0] + 1)
        k = end
    return sent, late


def _loaded(
    sent: list[tuple[int, str, int | None]], run: list[str], before: int
) -> list[tuple[int, str, int | None]] | None:
    """``run`` (a pop-on caption's loading) at the latest frames before frame ``before``,
    after every pair sent but the erases and nulls at the end of what was sent (which it
    goes around, a doubled code never split); None where it does not fit."""
    tail = len(sent)
    while tail and sent[tail - 1][1].lower() in _AROUND:
        tail -= 1
    floor = sent[tail - 1][0] + 1 if tail else 0
    taken = {frame for frame, *_ in sent[tail:]}
    # (the run's doubled codes kept together: a code sent twice is read once)
    atoms: list[list[str]] = []
    for word in run:
        if atoms and atoms[-1] == [word] and int(word[:2], 16) & 0x70 == 0x10:
            atoms[-1].append(word)
        else:
            atoms.append([word])
    placed: list[tuple[int, str, int | None]] = []
    slot = before - 1
    for atom in reversed(atoms):
        while any(slot - j in taken for j in range(len(atom))):
            slot -= 1
        start = slot - len(atom) + 1
        if start < floor:
            return None
        placed[:0] = [(start + j, w, None) for j, w in enumerate(atom)]
        slot = start - 1
    return placed


def _stamp(lines: Sequence[_Line], frame: int) -> str:
    """Frame ``frame`` as a timecode written as the source's line before it writes its own
    (drop-frame or not)."""
    like = next((line for line in reversed(lines) if line.frame <= frame), lines[0])
    return _timecode(frame, like.time)


def _timecode(frame: int, like: str) -> str:
    """The SMPTE timecode of ``frame`` with ``like``'s separators (drop-frame where its
    last is no colon: frames 0 and 1 of each minute skipped but every tenth)."""
    if like[8] != ":":
        tens, rest = divmod(frame, 17982)
        frame += 18 * tens + (2 * ((rest - 2) // 1798) if rest > 1 else 0)
    f, s, m, h = frame % 30, frame // 30 % 60, frame // 1800 % 60, frame // 108000
    return f"{h:02d}{like[2]}{m:02d}{like[5]}{s:02d}{like[8]}{f:02d}"


def _timed_lines(
    lines: Sequence[_Line], sent: Sequence[tuple[int, str, int | None]]
) -> list[tuple[str, str, list[str]]]:
    """The pairs sent as lines of the file: a line for each run of pairs on consecutive
    frames, a source line's pairs from its timecode (as decoders that show a line's
    captions at its timecode, ffmpeg's, read it) where its first pair keeps its frame."""
    kept = {n for *_, n in sent if n is not None}
    # (the timecodes of source lines whose first pair went: a caption loaded before them)
    moved = {line.frame: n for n, line in enumerate(lines) if line.words and n not in kept}
    out: list[tuple[int, str, str, list[str]]] = []
    sends = _sends(lines)
    previous = None
    for frame, word, starts in sent:
        if starts is not None and frame <= sends[starts]:
            out.append((frame, lines[starts].time, lines[starts].tab, []))
        elif previous is None or frame != previous + 1 or frame in moved:
            if (
                previous is not None
                and frame not in moved
                and _within(lines, sends, previous, frame)
            ):
                # (a gap inside a source line: nulls, as an encoder sends when it has
                # nothing to, so that the line's pairs stay at its timecode)
                out[-1][3].extend(["8080"] * (frame - previous - 1))
            else:
                n = moved.get(frame)
                line = lines[n] if n is not None else _near(lines, frame)
                time = line.time if n is not None else _stamp(lines, frame)
                out.append((frame, time, line.tab, []))
        out[-1][3].append(word)
        previous = frame
    # (a source line that sent nothing, a bare timecode, kept as it was)
    out += [(line.frame, line.time, line.tab, []) for line in lines if not line.words]
    out.sort(key=lambda x: x[0])
    return [(time, tab, words) for _, time, tab, words in out]


def _within(lines: Sequence[_Line], sends: Sequence[int], previous: int, frame: int) -> bool:
    """Whether frames ``previous`` to ``frame`` are within the frames one source line sent."""
    n = next((n for n in range(len(lines) - 1, -1, -1) if sends[n] <= previous), None)
    return n is not None and previous < frame < sends[n] + len(lines[n].words)


def _sends(lines: Sequence[_Line]) -> list[int]:
    """The frame at which the source sends each line's first pair: its timecode's, or
    later where the line before is still sending."""
    frames = []
    at = 0
    for line in lines:
        frames.append(max(at, line.frame))
        at = frames[-1] + len(line.words)
    return frames


def _near(lines: Sequence[_Line], frame: int) -> _Line:
    return next((line for line in reversed(lines) if line.frame <= frame), lines[0])


def _fits(caption: _Caption, text: str) -> bool:
    """Whether ``text`` wrapped to 32 columns takes no more rows than ``caption`` may."""
    return len(rows_of(" ".join(text.split()), ROW_CHARACTERS)) <= caption.most_rows


def _written(caption: _Caption, text: str) -> list[str]:
    """The words that write ``text`` as ``caption`` was written: its rows' placement and
    the styles that held for a whole row, wrapped to 32 columns (no more rows than the
    caption may take: :func:`_fits` said so)."""
    rows = rows_of(" ".join(text.split()), ROW_CHARACTERS)
    source = caption.lines
    pairs: list[tuple[int, int]] = []
    if caption.mode == "roll-up":
        style = source[-1]
        for k, line in enumerate(rows):
            if k:
                pairs += [(0x14, 0x2D)] * 2  # carriage return: the row rolls up
            pairs += _preamble(style.row, style.column, style)
            pairs += _styled(line, style, _inline(caption))
        return _words(pairs)
    if caption.over:
        # (a paint-on caption that painted over the one before, its rows rewrapped: the
        # screen erased first, as the rows it paints are not the source's, else a row the
        # caption before left showing would read as this one's and a shorter row leaves
        # the end of the one under it)
        pairs += [(0x14, 0x2C)] * 2
    bottom = max(r.row for r in source)
    top = max(1, bottom - len(rows) + 1)
    centred = len({r.column for r in source}) > 1
    for k, line in enumerate(rows):
        style = source[min(k, len(source) - 1)]
        if centred:
            column = (ROW_CHARACTERS - len(line)) // 2
        else:
            column = min(style.column, ROW_CHARACTERS - len(line))
        pairs += _preamble(min(top + k, 15), max(column, 0), style)
        pairs += _styled(line, style, _inline(caption))
    return _words(pairs)


def _inline(caption: _Caption) -> list[tuple[str, tuple[bool, bool, str]]]:
    """The words of ``caption`` styled other than their row (a title in italics inside a
    row), each with its style, longest first."""
    found: dict[str, tuple[bool, bool, str]] = {}
    for line in caption.lines:
        base = (line.italic, line.underline, line.colour)
        for r in caption.rows:
            if r.row == line.row:
                for text, style in r.styled():
                    if style != base and text.split():
                        found.setdefault(" ".join(text.split()), style)
    return sorted(found.items(), key=lambda x: -len(x[0]))


def _mid_row(style: tuple[bool, bool, str]) -> list[tuple[int, int]]:
    """The mid-row code (doubled) that turns ``style`` on."""
    italic, underline, colour = style
    code = 0x2E if italic else _COLOURS.index(colour) << 1
    return [(0x11, 0x20 | code | int(underline))] * 2


def _styled(
    line: str, row: _Row, inline: Sequence[tuple[str, tuple[bool, bool, str]]]
) -> list[tuple[int, int]]:
    """The pairs that write the translated row ``line``: where it holds words the source
    styled inside its row (a title kept as it was), those words in their style, a mid-row
    code in the place of the space before them and of the one after (the punctuation up to
    it theirs too), where the row keeps within 32 columns; the rest in the row's style."""
    for words, style in inline:
        at = _word_at(line, words)
        if at < 0 or style == (row.italic, row.underline, row.colour):
            continue
        end = line.find(" ", at + len(words))
        end = len(line) if end < 0 else end
        before, inside, after = line[:at], line[at:end], line[end:]
        if (not before or before.endswith(" ")) and len(line) + (not before) <= ROW_CHARACTERS:
            back = (row.italic, row.underline, row.colour)
            return (
                _characters(before[:-1])
                + _mid_row(style)
                + _characters(inside)
                + (_mid_row(back) + _styled(after[1:], row, inline) if after else [])
            )
    return _characters(line)


def _word_at(line: str, words: str) -> int:
    """Where ``words`` begin in ``line`` as whole words (not inside a longer word), or -1."""
    for match in re.finditer(re.escape(words), line):
        start, end = match.span()
        if (start == 0 or not line[start - 1].isalnum()) and (
            end == len(line) or not line[end].isalnum()
        ):
            return start
    return -1


def _preamble(row: int, column: int, style: _Row) -> list[tuple[int, int]]:
    """The pairs that start a row at ``column`` in the source row's colour and styles: a
    preamble address code (doubled, as control codes are sent), a tab offset for a column
    between two of its indents, a mid-row code for a colour or italics an indent cannot say."""
    first = next(f for f, rows in _ROWS.items() if row in rows)
    low = 0x20 if row == _ROWS[first][1] and row != _ROWS[first][0] else 0
    indent, tab = divmod(column, 4)
    underline = int(style.underline)
    pairs = [(first, 0x40 | low | 0x10 | (indent << 1) | underline)] * 2
    if tab:
        pairs += [(0x17, 0x20 + tab)] * 2
    if style.italic:
        pairs += [(0x11, 0x2E | underline)] * 2
    elif style.colour != "white":
        pairs += [(0x11, 0x20 | (_COLOURS.index(style.colour) << 1) | underline)] * 2
    return pairs


def _characters(text: str) -> list[tuple[int, int]]:
    """The pairs that write ``text``: basic characters two a pair (the odd one out with a
    null), special and extended ones a pair each, doubled."""
    table = _encodings()
    pairs: list[tuple[int, int]] = []
    pending: list[int] = []
    for char in text:
        code = table[char]
        if len(code) == 1:
            pending.append(code[0])
        else:
            if len(code) == 3:
                pending.append(code[0])
            pairs += _basic(pending)
            pending = []
            pairs += [(code[-2], code[-1])] * 2
    return pairs + _basic(pending)


def _basic(codes: list[int]) -> list[tuple[int, int]]:
    padded = [*codes, 0] if len(codes) % 2 else codes
    return [(padded[k], padded[k + 1]) for k in range(0, len(padded), 2)]


def _words(pairs: Sequence[tuple[int, int]]) -> list[str]:
    return [f"{_odd(a):02x}{_odd(b):02x}" if (a, b) != (0, 0) else "8080" for a, b in pairs]


def _shared(text: str, group: Sequence[_Caption]) -> list[str]:
    """A roll-up sentence's translation cut into one share per line of the source, at
    most 32 characters each where the lines can hold it (a longer share is rolled up
    mid-line, which ffmpeg shows late): in proportion to the source's lines, else filled
    line by line."""
    if len(group) == 1:
        return [text]
    parts = shares(text, [c.text.replace("\n", " ") for c in group])
    if all(len(p) <= ROW_CHARACTERS for p in parts):
        return parts
    filled: list[str] = []
    for word in text.split():
        if filled and len(filled[-1]) + 1 + len(word) <= ROW_CHARACTERS:
            filled[-1] += " " + word
        else:
            filled.append(word)
    return filled + [""] * (len(group) - len(filled)) if len(filled) <= len(group) else parts


def _grouped(captions: Sequence[_Caption]) -> list[list[_Caption]]:
    """Roll-up lines of one sentence together (the mode writes a sentence over lines as it
    is spoken); every other caption on its own."""
    groups: list[list[_Caption]] = []
    for caption in captions:
        if (
            caption.mode == "roll-up"
            and groups
            and groups[-1][-1].mode == "roll-up"
            and not _ends_sentence(groups[-1][-1].text)
            and len(groups[-1]) < 6
        ):
            groups[-1].append(caption)
        else:
            groups.append([caption])
    return groups


def read(data: bytes, path: Path, *, encoding: str | None = None) -> Document:
    """An SCC file's channel 1 captions; a file without its header, with a bad timecode or
    a word that is no pair of bytes in hex, is refused."""
    del encoding  # (ASCII, always)
    if not data.strip():
        raise empty_file(path)
    data = data.removeprefix(b"\xef\xbb\xbf")  # (a UTF-8 byte order mark some editors add)
    try:
        text = data.decode("ascii")
    except UnicodeDecodeError as error:
        raise _bad(path, "a byte that is no ASCII", data.count(b"\n", 0, error.start) + 1) from None
    first = text.splitlines()[0].strip() if text.strip() else ""
    if first != _HEADER:
        raise _bad(path, f"no {_HEADER} header", 1)
    newline = "\r\n" if "\r\n" in text else "\n"
    lines, _numbers = _lines(text, path)
    captions = _decoded(lines)
    check_unit_count(len(captions), path)
    if not captions:
        raise DocumentError(
            "This SCC file has no captions on channel 1",
            path=path,
            hint="Give a file with captions",
            message_id="document.no_text",
        )
    return SccDocument(path, lines, first, newline, _grouped(captions))


__all__ = ["SccDocument", "read"]
