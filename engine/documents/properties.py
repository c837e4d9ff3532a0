"""Java .properties files (ResourceBundle's key → text files, as ``java.util.Properties``
reads them): each value with text is a unit, its key the unit's id.

Only the values translated change: comments, keys, separators, line endings and every value
left as it was are written back byte for byte. A translated value is escaped as Java's loader
needs it, on one line (a value continued over lines is written as one), its characters
beyond ASCII as ``\\uXXXX`` where the file keeps to ASCII (Java 8 and older read
properties as ISO-8859-1), or as they are in a file that holds them already.

Placeholders (java.text.MessageFormat's ``{0}``, ``{1,number,integer}`` and choice formats,
printf's, HTML tags) are written as they were; a translation that loses one keeps the text
as it was. In a MessageFormat value (one with a ``{0}`` argument) ``''`` is an apostrophe:
the translator sees one, and the translation's apostrophes are doubled again."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from engine.documents import placeholders
from engine.documents.base import Document, Unit, check_unit_count, decode_text, edited
from engine.documents.errors import DocumentError, empty_file
from engine.text.encoding import EncodedText, TextEncoding

# A MessageFormat argument: {0}, {1,number,integer}, {0,date,short}, and a choice format with
# the arguments nested in its cases ("{0,choice,0#no files|1<{0,number,integer} files}"),
# one field: its cases are a program's syntax as much as its words.
_MESSAGE_FORMAT = r"\{\s*\d+\s*(?:,\s*\w+\s*(?:,(?:[^{}']|'[^']*'|\{[^{}]*\})*)?)?\}"
_PATTERN = re.compile(_MESSAGE_FORMAT + "|" + placeholders.PLAIN)
# A value MessageFormat reads (where its apostrophes quote): one with a numbered argument.
_ARGUMENT = re.compile(r"\{\s*\d+\s*[,}]")

_BLANK = " \t\f"  # the white space Properties.load skips (not a line break)
_LINE = re.compile(r"([^\r\n]*)(?:\r\n|\r|\n|$)")
_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|u|.)", re.DOTALL)
_NAMED = {"t": "\t", "n": "\n", "r": "\r", "f": "\f"}
_WRITTEN = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r", "\f": "\\f"}
# Control characters (but tab, form feed and line breaks) are in no properties file.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
# Properties.store escapes these in values; a file that does is written so.
_STORE_ESCAPED = re.compile(r"\\[=:#!]")
_HEX_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")


@dataclass(frozen=True)
class _Entry:
    """One ``key = value`` (logical) line: the value as Java reads it, and the stretch of
    the source it is written in (from its first character to its line's end; ``start ==
    end`` for an empty value)."""

    key: str
    value: str
    start: int
    end: int
    separated: bool  # an "=" or ":" between key and value (not white space alone)


def _natural_lines(text: str) -> list[tuple[int, int]]:
    """Each line's start and end (before its line break)."""
    return [
        (m.start(), m.start() + len(m.group(1)))
        for m in _LINE.finditer(text)
        if m.start() < len(text)
    ]


def _skip_blank(text: str, start: int, end: int) -> int:
    while start < end and text[start] in _BLANK:
        start += 1
    return start


def _continues(text: str, start: int, end: int) -> bool:
    """Whether a line ends in an odd number of backslashes (the last one joins the next)."""
    count = 0
    while end - count > start and text[end - count - 1] == "\\":
        count += 1
    return count % 2 == 1


def _logical_lines(text: str) -> Iterator[tuple[list[tuple[int, int]], int, int]]:
    """Each logical line that is no comment: the stretches of the source it is made of
    (continued lines without their leading white space and joining backslash), where its
    last line ends, and its first line's number."""
    lines = _natural_lines(text)
    index = 0
    while index < len(lines):
        number = index + 1
        start, end = lines[index]
        index += 1
        start = _skip_blank(text, start, end)
        if start == end or text[start] in "#!":
            continue
        pieces: list[tuple[int, int]] = []
        while _continues(text, start, end) and index < len(lines):
            pieces.append((start, end - 1))
            start, end = lines[index]
            index += 1
            start = _skip_blank(text, start, end)
        # (A backslash ending the file joins nothing: Java drops it.)
        pieces.append((start, end - 1 if _continues(text, start, end) else end))
        yield pieces, end, number


def _split(line: str) -> tuple[int, int, bool]:
    """Where a logical line's key ends and its value starts, as Properties.load splits them
    (at the first "=", ":" or white space not escaped), and whether "=" or ":" did."""
    escaped = False
    key_end = len(line)
    for index, char in enumerate(line):
        if not escaped and (char in "=:" or char in _BLANK):
            key_end = index
            break
        escaped = char == "\\" and not escaped
    separated = key_end < len(line) and line[key_end] in "=:"
    value_start = key_end + 1 if key_end < len(line) else key_end
    while value_start < len(line):
        char = line[value_start]
        if char in "=:" and not separated:
            separated = True
        elif char not in _BLANK:
            break
        value_start += 1
    return key_end, value_start, separated


def _source_at(pieces: list[tuple[int, int]], index: int) -> int:
    """Where in the source the logical line's character ``index`` is."""
    for start, end in pieces:
        if index < end - start:
            return start + index
        index -= end - start
    return pieces[-1][1]


def _unescaped(text: str, path: Path, line: int) -> str:
    """A key or value as Java reads it (``\\uXXXX``, ``\\t`` …; any other ``\\x`` is x)."""

    def one(match: re.Match[str]) -> str:
        escape = match.group(1)
        if escape == "u":
            raise DocumentError(
                f"This properties file has a broken \\u escape at line {line}",
                path=path,
                hint="Write it as \\u and four hexadecimal digits (\\u00e9), then retry",
                message_id="document.bad_properties_escape",
                params={"line": line},
            )
        if len(escape) == 5:
            return chr(int(escape[1:], 16))
        return _NAMED.get(escape, escape)

    value = _ESCAPE.sub(one, text)
    # Java's strings are UTF-16: a character beyond the BMP is written as two \u escapes.
    return value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


def _entries(text: str, path: Path) -> list[_Entry]:
    found: list[_Entry] = []
    for pieces, end, number in _logical_lines(text):
        line = "".join(text[a:b] for a, b in pieces)
        key_end, value_start, separated = _split(line)
        start = _source_at(pieces, value_start) if value_start < len(line) else end
        key = _unescaped(line[:key_end], path, number)
        value = _unescaped(line[value_start:], path, number)
        found.append(_Entry(key, value, start, end, separated))
    return found


def _not_properties(path: Path) -> DocumentError:
    return DocumentError(
        "This is not a properties file: it has no key = value line",
        path=path,
        hint="Give a Java .properties file (lines such as greeting = Hello)",
        message_id="document.bad_properties",
    )


def _shape(value: str, quoted: bool) -> placeholders.Shaped:
    """A value with its placeholders as fields; in a MessageFormat value, its text's ``''``
    shown as the apostrophe it is (the fields keep theirs, written back as they are)."""
    shaped = placeholders.shape(value, _PATTERN)
    if not quoted:
        return shaped
    return replace(
        shaped,
        lead=shaped.lead.replace("''", "'"),
        text=shaped.text.replace("''", "'"),
        trail=shaped.trail.replace("''", "'"),
    )


def _written(text: str, unit: Unit, shaped: placeholders.Shaped, quoted: bool) -> str | None:
    """A translation as its value holds it (see ``placeholders.written``)."""
    if quoted:
        if text.strip() == unit.text:
            return None
        text = text.replace("'", "''")  # an apostrophe alone would quote what follows
    return placeholders.written(text, unit, shaped)


class PropertiesDocument(Document):
    strict_fields = True  # (placeholders.written keeps a unit that lost one)
    encoding: TextEncoding

    def __init__(self, path: Path, source: str, encoding: TextEncoding) -> None:
        self.path, self.source, self.encoding = path, source, encoding
        if not source.strip():
            raise empty_file(path)
        if _CONTROL.search(source):
            raise _not_properties(path)
        entries = _entries(source, path)
        if entries and not any(e.separated for e in entries):
            raise _not_properties(path)  # prose: each line a "key" and its "value"
        self.entries: list[tuple[_Entry, placeholders.Shaped, bool]] = []
        units: list[Unit] = []
        for entry in entries:
            quoted = bool(_ARGUMENT.search(entry.value))
            shaped = _shape(entry.value, quoted)
            if not shaped.text:
                continue
            check_unit_count(len(units) + 1, path)
            units.append(Unit(entry.key, shaped.text, fields=shaped.fields))
            self.entries.append((entry, shaped, quoted))
        self.units = tuple(units)
        named_unicode = encoding.how == "option" and encoding.codec.startswith("utf")
        self.ascii = source.isascii() and not named_unicode
        raw_values = [source[e.start : e.end] for e in entries]
        self.store_style = any(_STORE_ESCAPED.search(v) for v in raw_values)
        hexes = "".join(_HEX_ESCAPE.findall(source))
        self.lower_hex = hexes != hexes.upper()  # Properties.store writes \u00FC

    def render(self, translations: Sequence[str]) -> EncodedText:
        self._check(translations)
        edits: list[tuple[int, int, str]] = []
        for (entry, shaped, quoted), unit, text in zip(
            self.entries, self.units, translations, strict=True
        ):
            value = _written(text, unit, shaped, quoted)
            if value is not None:
                edits.append((entry.start, entry.end, self._escaped(value, entry.separated)))
        return self.encoding.encode(edited(self.source, edits))

    def _escaped(self, value: str, separated: bool) -> str:
        """A value as Properties.load reads it back: on one line, its leading space (and,
        after a key with no "=" or ":", its leading "=" or ":") kept by a backslash."""
        out: list[str] = []
        for index, char in enumerate(value):
            if char in _WRITTEN:
                out.append(_WRITTEN[char])
            elif self._kept(char, index == 0, separated):
                out.append("\\" + char)
            elif self._escapes(char):
                out.append(self._unicode(char))
            else:
                out.append(char)
        return "".join(out)

    def _kept(self, char: str, first: bool, separated: bool) -> bool:
        """Whether a character needs a backslash to be read as itself: a leading space
        (the loader drops it); after a key with no "=" or ":", a leading "=" or ":"; and
        "=", ":", "#" and "!" where the file escapes them as Properties.store does."""
        if first and (char == " " or (char in "=:" and not separated)):
            return True
        return char in "=:#!" and self.store_style

    def _escapes(self, char: str) -> bool:
        """Whether a character is written as ``\\uXXXX``: a control character; beyond ASCII
        in an ASCII file; beyond ISO-8859-1 in a Latin-1 one (read as windows-1252, which
        Java does not); one the file's encoding does not hold."""
        code = ord(char)
        if code < 0x20 or 0x7F <= code < 0xA0:
            return True
        if self.ascii:
            return code > 0x7E
        if self.encoding.codec == "cp1252":
            return code > 0xFF
        try:
            char.encode(self.encoding.codec)
        except UnicodeEncodeError:
            return True
        return False

    def _unicode(self, char: str) -> str:
        """``\\uXXXX``, as a surrogate pair for a character beyond the BMP (as Java's
        UTF-16 strings hold it), in the case of the file's escapes."""
        units = char.encode("utf-16-be", "surrogatepass")
        hexes = [units[i : i + 2].hex() for i in range(0, len(units), 2)]
        return "".join(f"\\u{h}" if self.lower_hex else f"\\u{h.upper()}" for h in hexes)


def read(data: bytes, path: Path, *, encoding: str | None = None) -> Document:
    text, found = decode_text(data, path, "properties", encoding=encoding)
    return PropertiesDocument(path, text, found)


__all__ = ["PropertiesDocument", "read"]
