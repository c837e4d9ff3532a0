"""EBU subtitles (.stl, EBU Tech 3264): European broadcasters' subtitle exchange files, a
1024-byte General Subtitle Information block and 128-byte Text and Timing Information
blocks. Each subtitle's text (over its extension blocks) is a unit, its lines split at
0x8A; a translation is written back in the GSI's character code table with each line's
teletext and style codes, every timing, position, cumulative status and user data kept."""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from engine.documents.base import Document, Unit, check_unit_count
from engine.documents.captions import CaptionDocument, nearest, rows_of
from engine.documents.cues import Timed, shares
from engine.documents.errors import DocumentError, empty_file

GSI_SIZE = 1024
TTI_SIZE = 128
TEXT_SIZE = 112  # a TTI block's text field (TF)
TELETEXT_ROWS = 23  # the rows a teletext page shows subtitles in
_LINE_BREAK = 0x8A
_DOUBLE_HEIGHT = 0x0D
_UNUSED = 0x8F
_DISK_FORMAT = re.compile(rb"STL(\d\d)\.01")
# The character code tables (CCT) a GSI names: 00 is ISO 6937's Latin teletext set.
_TABLES = {b"00": "iso6937", b"01": "iso8859_5", b"02": "iso8859_6"}
_TABLES |= {b"03": "iso8859_7", b"04": "iso8859_8"}
_TABLE_NAMES = {b"00": "Latin (ISO 6937)", b"01": "Latin/Cyrillic (ISO 8859-5)"}
_TABLE_NAMES |= {b"02": "Latin/Arabic (ISO 8859-6)", b"03": "Latin/Greek (ISO 8859-7)"}
_TABLE_NAMES |= {b"04": "Latin/Hebrew (ISO 8859-8)"}

# ISO 6937's characters from 0xA0 (a space where the table has none), and its accents:
# a byte 0xC1-0xCF before a letter puts the accent on it.
_UPPER = (
    "\u00a0¡¢£$¥ §¤‘“«←↑→↓°±²³×µ¶·÷’”»¼½¾¿"
    + " " * 16
    + "—¹®©™♪¬¦    ⅛⅜⅝⅞"
    + "ΩÆÐªĦ ĲĿŁØŒºÞŦŊŉĸæđðħıĳŀłøœßþŧŋ\u00ad"
)
_ACCENTS = {0xC1: "\u0300", 0xC2: "\u0301", 0xC3: "\u0302", 0xC4: "\u0303", 0xC5: "\u0304"}
_ACCENTS |= {0xC6: "\u0306", 0xC7: "\u0307", 0xC8: "\u0308", 0xCA: "\u030a", 0xCB: "\u0327"}
_ACCENTS |= {0xCD: "\u030b", 0xCE: "\u0328", 0xCF: "\u030c"}
_ACCENT_BYTES = {mark: byte for byte, mark in _ACCENTS.items()}


def _is_code(byte: int) -> bool:
    """Whether a text field's byte is a control code (teletext's colours and sizes below
    0x20, boxing and styles at 0x80-0x9F), not a character."""
    return byte < 0x20 or 0x80 <= byte <= 0x9F


def _decoded(data: bytes, table: str) -> str:
    """Characters of one run of text (no control codes) in the GSI's code table."""
    if table != "iso6937":
        return data.decode(table, "replace")
    out: list[str] = []
    k = 0
    while k < len(data):
        byte = data[k]
        if byte in _ACCENTS and k + 1 < len(data):
            out.append(unicodedata.normalize("NFC", chr(data[k + 1]) + _ACCENTS[byte]))
            k += 2
            continue
        out.append(chr(byte) if byte < 0x80 else _UPPER[byte - 0xA0] if byte >= 0xA0 else " ")
        k += 1
    return "".join(out)


def _encoded(char: str, table: str) -> bytes | None:
    """``char`` in the code table, or None where the table has it not."""
    if table != "iso6937":
        try:
            encoded = char.encode(table)
        except UnicodeEncodeError:
            return None
        return None if any(_is_code(b) for b in encoded) else encoded
    if " " <= char <= "~":
        return char.encode("ascii")
    at = _UPPER.find(char)
    if at >= 0 and char != " ":
        return bytes([0xA0 + at])
    parts = unicodedata.normalize("NFD", char)
    if len(parts) == 2 and " " <= parts[0] <= "~" and parts[1] in _ACCENT_BYTES:
        return bytes([_ACCENT_BYTES[parts[1]], ord(parts[0])])
    return None


@dataclasses.dataclass
class _Line:
    """A line of a subtitle: the codes and spaces before its text, the text, the codes and
    spaces after."""

    before: bytes
    text: bytes
    after: bytes


@dataclasses.dataclass
class _Subtitle:
    """One subtitle: its TTI blocks' header (the first's), its lines, what separates them."""

    header: bytes  # bytes 0-15 of its first block
    lines: list[_Line]
    separator: bytes
    raw: bytes  # its TTI blocks, as read


def _lines(text: bytes) -> tuple[list[_Line], bytes]:
    """A text field's lines, split at its line breaks (a double-height subtitle's 0x8A
    0x8A one break), and the first break's bytes (for a subtitle of one line, two for
    double height (0x0D), which takes two rows a line, else one)."""
    runs = re.split(rb"(\x8a+)", text)
    double = bytes([_DOUBLE_HEIGHT]) in text
    separator = runs[1] if len(runs) > 1 else bytes([_LINE_BREAK]) * (2 if double else 1)
    lines = []
    for run in runs[::2]:
        start = 0
        while start < len(run) and (_is_code(run[start]) or run[start] == 0x20):
            start += 1
        end = len(run)
        while end > start and (_is_code(run[end - 1]) or run[end - 1] == 0x20):
            end -= 1
        lines.append(_Line(run[:start], run[start:end], run[end:]))
    while lines and not lines[-1].text and len(lines) > 1:
        last = lines.pop()
        lines[-1].after += separator + last.before + last.after
    return lines, separator


def _cells(line: _Line) -> int:
    """The cells a line's teletext codes take (a space each), before, inside and after
    its text."""
    return sum(byte < 0x20 for byte in line.before + line.text + line.after)


def _readable(text: bytes, table: str) -> str:
    """A line's text as a reader sees it: a teletext code inside it shows as a space (it
    takes a cell), a style code (italics, underline, boxing) as nothing."""
    out: list[str] = []
    run = bytearray()
    for byte in text:
        if _is_code(byte):
            out.append(_decoded(bytes(run), table))
            run.clear()
            out.append(" " if byte < 0x20 else "")
        else:
            run.append(byte)
    out.append(_decoded(bytes(run), table))
    return " ".join("".join(out).split())


def _bad(path: Path, what: str, block: int) -> DocumentError:
    return DocumentError(
        f"This is not a valid EBU STL file: {what} (block {block})",
        path=path,
        hint="Export the subtitles again from the subtitling program, then try again",
        message_id="document.bad_stl",
        params={"block": block},
    )


class StlDocument(CaptionDocument):
    """A subtitle's lines, a unit. Written back: each line's codes before and after its
    text (colour, double height, boxing, italics or underline for the whole line) kept, the
    translation's lines wrapped to the GSI's characters per row where longer, a subtitle of
    more lines than its source moved up to keep its last row where it was, split over as
    many TTI blocks (extension blocks) as its bytes need; the GSI's block count updated,
    everything else kept; a translation needing more lines than the screen's rows hold (the
    GSI's MNR) keeps its source's blocks and is counted failed (:meth:`fits`). Style codes
    inside a line go (the translation's words are not the source's). A translation with
    characters the file's code table has not is refused, with the advice to write .srt or
    .vtt (the table is the whole file's, and a table of another script would not hold the
    file's other subtitles)."""

    def __init__(
        self,
        path: Path,
        gsi: bytes,
        blocks: list[bytes | _Subtitle],
        table: str,
        width: int,
        timed: list[Timed],
    ) -> None:
        self.path = path
        self.gsi = gsi
        self.blocks = blocks
        self.table = table
        self.width = width
        self.timed = timed
        self.subtitles = [b for b in blocks if isinstance(b, _Subtitle)]
        self.units = tuple(
            Unit(f"subtitle{n + 1}", "\n".join(_readable(line.text, table) for line in s.lines))
            for n, s in enumerate(self.subtitles)
        )
        self._output(path)

    def render(self, translations: Sequence[str]) -> bytes:
        self._check(translations)
        missing: set[str] = set()
        written: dict[int, list[bytes]] = {}
        for n, (subtitle, translation) in enumerate(zip(self.subtitles, translations, strict=True)):
            if translation == self.units[n].text:
                written[id(subtitle)] = [subtitle.raw]
                continue
            lines = self._rows(subtitle, translation)
            if len(lines) > self._most_rows(subtitle):
                written[id(subtitle)] = [subtitle.raw]  # (the job counts it failed)
                continue
            encoded: list[bytes] = []
            for k, line in enumerate(lines or [""]):
                source = subtitle.lines[min(k, len(subtitle.lines) - 1)].text
                encoded.append(self._line(line, source, missing))
            written[id(subtitle)] = _blocks(subtitle, encoded, self.width)
        if missing:
            raise self.unwritable(missing, f"EBU STL's {self.table_name} table")
        out = bytearray()
        for block in self.blocks:
            out += block if isinstance(block, bytes) else b"".join(written[id(block)])
        count = len(out) // TTI_SIZE
        read = sum(len(b if isinstance(b, bytes) else b.raw) for b in self.blocks) // TTI_SIZE
        if count == read:
            return self.gsi + bytes(out)  # (its count as it was, right or not)
        gsi = self.gsi[:238] + _numbered(count, self.gsi[238:243]) + self.gsi[243:]
        return gsi + bytes(out)

    def fits(self, index: int, text: str) -> bool:
        """Whether the translation ``text``, wrapped to the GSI's characters a row, takes
        no more rows than subtitle ``index`` may (:meth:`_most_rows`)."""
        subtitle = self.subtitles[index]
        return len(self._rows(subtitle, text)) <= self._most_rows(subtitle)

    def _rows(self, subtitle: _Subtitle, translation: str) -> list[str]:
        """The lines ``translation`` is written in: its own, wrapped where one is wider than
        a row holds (MNC cells, the line's teletext codes one each)."""
        translation = nearest(unicodedata.normalize("NFC", translation), self._has)
        lines = [" ".join(line.split()) for line in translation.split("\n") if line.strip()]
        room = self.width - max(_cells(line) for line in subtitle.lines)
        if any(len(line) > room for line in lines):
            lines = rows_of(" ".join(lines), max(room, 1))
        return lines

    def _most_rows(self, subtitle: _Subtitle) -> int:
        """The lines a subtitle may take: as many as the screen's rows from the first down
        hold (the GSI's MNR, teletext's 23 where it names none; a double-height line two
        rows), or the source's where it had more. (A subtitle of more lines moves up; at
        the first row, it goes on down.)"""
        mnr = self.gsi[253:255]
        rows = int(mnr) if mnr.isdigit() and int(mnr) else TELETEXT_ROWS
        step = len(subtitle.separator)
        return max(len(subtitle.lines), (rows - 1) // step + 1)

    def _line(self, line: str, source: bytes, missing: set[str]) -> bytes:
        """A translated line's bytes, the codes inside the source's line (a colour or
        italics changing mid-line) kept between the translation's shares of its words;
        characters the table has not added to ``missing``."""
        cut = re.split(rb"([\x00-\x1f\x80-\x9f][\x00-\x1f\x80-\x9f ]*)", source)
        runs, codes = cut[::2], cut[1::2]
        keep = [k for k, run in enumerate(runs) if _readable(run, self.table)]
        shared = shares(line, [_readable(runs[k], self.table) for k in keep])
        parts = dict(zip(keep, shared, strict=True))
        # (whether a space of the translation follows each share: kept where the codes after
        # it take no cell, italics' or underline's)
        spaced: set[int] = set()
        at = 0
        for k, part in zip(keep, shared, strict=True):
            at = line.find(part, at) + len(part)
            if line[at : at + 1].isspace():
                spaced.add(k)
        out = bytearray()
        for k, run in enumerate(runs):
            text = unicodedata.normalize("NFC", parts.get(k, ""))
            if k in parts and text.strip() != _readable(run, self.table):
                chars = [(c, _encoded(c, self.table)) for c in text]
                missing.update(c for c, b in chars if b is None)
                lead = run[: len(run) - len(run.lstrip(b" "))]
                trail = run[len(run.rstrip(b" ")) :]
                run = lead + b"".join(b for _, b in chars if b is not None).strip() + trail
                celled = k < len(codes) and any(b <= 0x20 for b in codes[k])
                if k in spaced and not celled and not run.endswith(b" "):
                    run += b" "
            out += run + (codes[k] if k < len(codes) else b"")
        return bytes(out)

    def _has(self, char: str) -> bool:
        """Whether the file's code table has ``char`` (white space: the line's own)."""
        return char.isspace() or _encoded(char, self.table) is not None

    @property
    def table_name(self) -> str:
        return _TABLE_NAMES[self.gsi[12:14]]


def _numbered(count: int, like: bytes) -> bytes:
    """``count`` in a GSI's 5 digits as ``like`` writes its number: "00012", or "12   "."""
    if like[:1].isdigit() and like.endswith(b" "):
        return str(count).ljust(5).encode("ascii")
    if like[-1:].isdigit() and like.startswith(b" "):
        return str(count).rjust(5).encode("ascii")
    return f"{count:05d}".encode("ascii")


def _blocks(subtitle: _Subtitle, lines: Sequence[bytes], width: int) -> list[bytes]:
    """A subtitle's TTI blocks for its new lines: each line between the codes of the
    source's line in its place (the last's for more lines), the vertical position moved up
    for lines more than the source's, the text over as many blocks as it needs (an accent
    never parted from its letter), the last block's EBN 0xFF."""
    source = subtitle.lines
    parts = []
    for k, text in enumerate(lines):
        line = source[min(k, len(source) - 1)]
        before, after = line.before, line.after
        # (spaces that centred the source's line give way to a longer translation's)
        over = len(before) + len(text) + len(after) - width
        while over > 0 and (b" " in before or b" " in after):
            if b" " in before:
                at = before.rindex(b" ")
                before = before[:at] + before[at + 1 :]
            else:
                at = after.index(b" ")
                after = after[:at] + after[at + 1 :]
            over -= 1
        parts.append(before + text + after)
    field = subtitle.separator.join(parts)
    header = bytearray(subtitle.header)
    extra = len(lines) - len(source)
    if extra > 0 and header[13]:
        step = len(subtitle.separator)  # (double height: two rows a line)
        header[13] = max(1, header[13] - extra * step)
    chunks: list[bytes] = []
    while True:
        cut = min(TEXT_SIZE, len(field))
        if cut < len(field) and field[cut - 1] in _ACCENTS:
            cut -= 1
        chunks.append(field[:cut])
        field = field[cut:]
        if not field:
            break
    out = []
    for k, chunk in enumerate(chunks):
        header[3] = 0xFF if k == len(chunks) - 1 else k
        out.append(bytes(header) + chunk + bytes([_UNUSED]) * (TEXT_SIZE - len(chunk)))
    return out


def _seconds(data: bytes, rate: int) -> float:
    return (data[0] * 60 + data[1]) * 60 + data[2] + data[3] / rate


def _programme_start(gsi: bytes, rate: int) -> float:
    """The GSI's start-of-programme timecode (TCP, "10000000"), in seconds; 0 where unset."""
    tcp = gsi[256:264]
    if not tcp.isdigit():
        return 0.0
    h, m, s, f = (int(tcp[k : k + 2]) for k in range(0, 8, 2))
    return (h * 60 + m) * 60 + s + f / rate


def _is_model(data: bytes) -> bool:
    """Whether ``data`` is a 3-D model's STL (stereolithography): ASCII "solid" (after
    spaces or a line break, any case, a space, tab or line break after it, or the end), or
    an 80-byte header and a count of triangles 50 bytes each (a few bytes more or less:
    exporters pad or cut the end)."""
    words = data.lstrip()[:6].lower()
    if words[:5] == b"solid" and (len(words) == 5 or words[5:6].isspace()):
        return True
    if len(data) >= 84:
        count = int.from_bytes(data[80:84], "little")
        return count > 0 and abs(len(data) - (84 + 50 * count)) < 50
    return False


def read(data: bytes, path: Path, *, encoding: str | None = None) -> Document:
    """An EBU STL file's subtitles. A 3-D model's .stl, a file whose GSI names no EBU disk
    format or an unknown code table, or whose blocks are cut short, is refused."""
    del encoding  # (the GSI names its code table)
    if not data.strip():
        raise empty_file(path)
    disk = _DISK_FORMAT.fullmatch(data[3:11])
    if disk is None:
        if _is_model(data):
            raise DocumentError(
                "This .stl file is a 3-D model (stereolithography), not EBU subtitles",
                path=path,
                hint="Quire translates EBU STL subtitle files; a 3-D model has no text",
                message_id="document.stl_model",
            )
        raise _bad(path, "no EBU STL disk format code (STL25.01, STL30.01) in its GSI", 0)
    if len(data) < GSI_SIZE:
        raise _bad(path, "its GSI block is cut short", 0)
    gsi = data[:GSI_SIZE]
    code_table = gsi[12:14]
    if code_table not in _TABLES:
        raise DocumentError(
            f"This EBU STL file names a character code table Quire does not know: "
            f"{code_table.decode('latin-1')!r}",
            path=path,
            hint="Export it again with the Latin, Cyrillic, Arabic, Greek or Hebrew table",
            message_id="document.stl_code_table",
            params={"table": code_table.decode("latin-1")},
        )
    table = _TABLES[code_table]
    rest = data[GSI_SIZE:]
    if len(rest) % TTI_SIZE:
        raise _bad(path, "its last TTI block is cut short", len(rest) // TTI_SIZE + 1)
    rate = int(disk.group(1))
    width = int(gsi[251:253]) if gsi[251:253].isdigit() and int(gsi[251:253]) else 40
    start = _programme_start(gsi, rate)
    blocks: list[bytes | _Subtitle] = []
    timed: list[Timed] = []
    pending: list[bytes] = []
    for k in range(0, len(rest), TTI_SIZE):
        block = rest[k : k + TTI_SIZE]
        ebn, comment = block[3], block[15]
        if ebn == 0xFE or comment or (pending and block[1:3] != pending[0][1:3]):
            if pending:
                raise _bad(
                    path, "a subtitle's extension blocks end without its last", k // TTI_SIZE
                )
            blocks.append(block)
            continue
        pending.append(block)
        if ebn != 0xFF:
            continue
        field = b"".join(p[16:] for p in pending).replace(bytes([_UNUSED]), b"")
        lines, separator = _lines(field)
        subtitle = _Subtitle(pending[0][:16], lines, separator, b"".join(pending))
        if any(_readable(line.text, table) for line in lines):
            blocks.append(subtitle)
            begin = max(_seconds(block[5:9], rate) - start, 0.0)
            end = max(_seconds(block[9:13], rate) - start, 0.0)
            timed.append(Timed(begin, end))
        else:
            blocks.extend(pending)
        pending = []
    if pending:
        raise _bad(
            path, "the last subtitle's extension blocks end without its last", len(rest) // TTI_SIZE
        )
    found = sum(isinstance(b, _Subtitle) for b in blocks)
    check_unit_count(found, path)
    if not found:
        raise DocumentError(
            "This EBU STL file has no subtitle with text",
            path=path,
            hint="Give a file with subtitles",
            message_id="document.no_text",
        )
    return StlDocument(path, gsi, blocks, table, width, timed)


__all__ = ["StlDocument", "read"]
