"""Comma- and tab-separated tables (.csv, .tsv): each field holding a letter is a unit, row by
row; numbers, dates, codes, formulas (``=…``), Excel's ``sep=`` line and empty fields are not
sent. Only the fields translated change: every other byte (the delimiter, quoting, line ends,
the encoding) is written back as it was.
A translated field is quoted when it was, or when its text now needs it (a delimiter, a quote
or a line break in it). The delimiter of a .csv is what its first lines use (``,`` ``;``
tab ``|``, as Excel writes ``;`` where the decimal point is a comma); of a .tsv, tab; a .txt
whose rows are cells between tabs (Excel's "Unicode Text") is read as a .tsv.

A translation that does not fit the file's encoding is written as UTF-8 with a byte order
mark, which Excel needs to read a UTF-8 .csv as UTF-8."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from engine.documents.base import Document, Unit, check_unit_count, decode_text
from engine.documents.txt import mac_lines
from engine.text.encoding import EncodedText, TextEncoding

_DELIMITERS = ",;\t|"
_SNIFF_CHARS = 64 * 1024


@dataclass(frozen=True)
class Field:
    """A field's place in the text: ``start:end`` its raw text (quotes included), ``value``
    its text, ``quoted`` whether it was in quotes."""

    start: int
    end: int
    value: str
    quoted: bool
    row: int
    column: int


class DelimitedDocument(Document):
    def __init__(
        self, path: Path, source: str, delimiter: str, encoding: TextEncoding, lone_cr: bool
    ) -> None:
        self.path, self.source, self.delimiter = path, source, delimiter
        self.encoding, self.lone_cr = encoding, lone_cr
        self.fields: list[Field] = []
        units: list[Unit] = []
        skip = 0 if separator_line(source) is None else 1  # (Excel's "sep=;": no text)
        for field in fields(source, delimiter):
            core = field.value.strip()
            # A formula a spreadsheet computes (=B2*2, =SUM(…)) is no text to translate.
            if field.row >= skip and any(c.isalpha() for c in core) and not core.startswith("="):
                check_unit_count(len(units) + 1, path)
                self.fields.append(field)
                units.append(Unit(f"r{field.row + 1}c{field.column + 1}", core))
        self.units = tuple(units)

    def render(self, translations: Sequence[str]) -> EncodedText:
        self._check(translations)
        return self._encode(translations, bilingual=False)

    def render_bilingual(self, translations: Sequence[str]) -> EncodedText:
        """Each field holds its text, then " / " and the translation (after a line break
        when the text has line breaks of its own)."""
        self._check(translations)
        return self._encode(translations, bilingual=True)

    def _encode(self, translations: Sequence[str], *, bilingual: bool) -> EncodedText:
        out: list[str] = []
        cursor = 0
        for n, (field, unit, text) in enumerate(
            zip(self.fields, self.units, translations, strict=True)
        ):
            if self.shown_once(n, text):
                continue
            if bilingual:
                text = f"{unit.text}{chr(10) if chr(10) in unit.text else ' / '}{text}"
            lead = field.value[: len(field.value) - len(field.value.lstrip())]
            trail = field.value[len(field.value.rstrip()) :]
            out += [self.source[cursor : field.start], self._quote(lead + text + trail, field)]
            cursor = field.end
        out.append(self.source[cursor:])
        text = "".join(out)
        if self.lone_cr:
            text = text.replace("\n", "\r")
        assert self.encoding is not None  # (a text file's: always known)
        encoded = self.encoding.encode(text)
        if encoded.fallback:  # Excel reads a UTF-8 .csv as UTF-8 only with the mark
            return EncodedText(
                "\ufeff".encode() + bytes(encoded).removeprefix(b"\xef\xbb\xbf"),
                encoded.encoding,
                fallback=True,
            )
        return encoded

    def _quote(self, value: str, field: Field) -> str:
        if field.quoted or any(c in value for c in (self.delimiter, '"', "\n", "\r")):
            return '"' + value.replace('"', '""') + '"'
        return value


def fields(text: str, delimiter: str) -> list[Field]:
    """The fields of ``text`` as RFC 4180 reads them (quotes around a field, ``""`` for a
    quote inside; CRLF, LF or CR between rows), leniently: an unclosed quote runs to the
    end, text after a closing quote stays with its field."""
    found: list[Field] = []
    at, size, row, column = 0, len(text), 0, 0
    stops = (delimiter, "\n", "\r")
    while at <= size:
        if at < size and text[at] == '"':
            scan = at + 1
            while True:
                close = text.find('"', scan)
                if close < 0:
                    end = size
                    value = text[at + 1 :].replace('""', '"')
                    break
                if close + 1 < size and text[close + 1] == '"':
                    scan = close + 2
                    continue
                end = close + 1
                value = text[at + 1 : close].replace('""', '"')
                break
            stop = end
            while stop < size and text[stop] not in stops:
                stop += 1
            if stop > end:  # text after the closing quote: the field as it is, untouched
                found.append(Field(at, stop, "", False, row, column))
            else:
                found.append(Field(at, end, value, True, row, column))
        else:
            stop = at
            while stop < size and text[stop] not in stops:
                stop += 1
            found.append(Field(at, stop, text[at:stop], False, row, column))
        if stop >= size:
            break
        if text[stop] == delimiter:
            at, column = stop + 1, column + 1
        else:
            at = stop + (2 if text.startswith("\r\n", stop) else 1)
            row, column = row + 1, 0
            if at >= size:
                break
    return found


# Excel's first line naming the delimiter ("sep=;"), which it reads and never shows.
_SEPARATOR_LINE = re.compile(r"\ufeff?sep=(.)(?:\r\n|\n|\r|\Z)", re.IGNORECASE)


def separator_line(text: str) -> tuple[str, str] | None:
    """Excel's ``sep=X`` line at the start of ``text``: (X, the line with its line end)."""
    found = _SEPARATOR_LINE.match(text)
    return (found.group(1), found.group(0)) if found is not None else None


def delimiter_of(text: str, suffix: str) -> str:
    """A .tsv's tab; a .csv's delimiter as its ``sep=`` line names it, else as its first lines
    show it (a comma when unsure)."""
    if suffix.lower() == ".tsv":
        return "\t"
    named = separator_line(text)
    if named is not None:
        return named[0]
    sample = text[:_SNIFF_CHARS]
    try:
        return csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        pass
    # One line, or the sniffer unsure: the candidate found most on the first line.
    first = next(iter(io.StringIO(sample)), "")
    counts = {d: first.count(d) for d in _DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def tab_table(text: str) -> bool:
    """Whether ``text`` is a table with a tab between cells, as Excel saves a sheet as
    "Unicode Text" or "Text (Tab delimited)" (.txt): two rows or more that hold something,
    each of the same number of cells, two or more; not lines that each begin with a tab
    (an indented text)."""
    first = text.lstrip("\ufeff\r\n").split("\n", 1)[0]
    if "\t" not in first:  # (most text: not read through)
        return False
    rows: dict[int, list[str]] = {}
    for field in fields(text, "\t"):
        rows.setdefault(field.row, []).append(field.value)
    held = [row for row in rows.values() if any(v.strip() for v in row)]
    return (
        len(held) >= 2
        and len({len(row) for row in held}) == 1
        and len(held[0]) >= 2
        and any(row[0].strip() for row in held)
    )


def read(data: bytes, path: Path, *, encoding: str | None = None) -> Document:
    text, found = decode_text(data, path, "CSV", encoding=encoding)
    text, lone_cr = mac_lines(text)
    return DelimitedDocument(path, text, delimiter_of(text, path.suffix), found, lone_cr)


__all__ = [
    "DelimitedDocument",
    "Field",
    "delimiter_of",
    "fields",
    "read",
    "separator_line",
    "tab_table",
]
