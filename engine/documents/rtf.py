"""Rich Text Format (.rtf), as Word, WordPad, TextEdit, LibreOffice, AbiWord and pandoc write
it: each paragraph of the body, of table cells, footnotes, comments, headers, footers and
text boxes is a unit, its formatting runs the unit's runs. The translation is written into
the runs' text and nothing else: every control word, group, picture and table between them
is copied byte for byte.

Text is read in the code page the file and its fonts name (``\\ansicpg``, a font's
``\\fcharset``), ``\\'hh`` bytes (a double-byte font's pairs together) and ``\\uN`` with its
fallback; translated text is written as ASCII with ``\\uN`` for everything else, each with
the fallback the group's ``\\uc`` asks for (the character in the file's code page where it
has one byte there, as Word writes it, else ``?``). A hyperlink's and a form field's shown
text are translated; every other field (a page number, a date, a table of contents) is a
placeholder showing its result. Code is known by the style sheet's names, as in .docx: a run
in a code character style is a placeholder, a paragraph in a code style is no unit, one in
Preformatted Text is code beside other text only."""

from __future__ import annotations

import codecs
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from engine.documents.base import FIELD, Document, Unit, check_unit_count
from engine.documents.errors import DocumentError
from engine.documents.language import Kind, lcid
from engine.documents.runs import CodeStyles, distribute, fields, without_preformatted

_TOKEN = re.compile(
    rb"\\([a-zA-Z]+)(-?\d+)?( ?)"  # a control word, its parameter, its delimiter
    rb"|\\'([0-9a-fA-F]{2})"  # a byte in the code page
    rb"|\\([^a-zA-Z'])"  # a control symbol
    rb"|([{}])"
    rb"|([\r\n]+)"  # ignored
    rb"|([^\\{}\r\n]+)"  # text
    rb"|(\\)",  # a lone backslash at the end
    re.S,
)

# Destinations whose contents are not the document's text (tables of fonts, colours, styles
# and lists, document properties, pictures, objects, a field's instruction, a list label
# written for readers that do not number lists, shapes' properties and their fallbacks).
_SKIPPED = frozenset(
    """fonttbl colortbl stylesheet info pict object objdata result listtable
    listoverridetable revtbl rsidtbl generator latentstyles themedata colorschememapping
    datastore xmlnstbl mmathPr userprops docvar template filetbl pntext pntxta pntxtb pn
    xe tc txe bkmkstart bkmkend nonshppict shprslt sp do atnid atnauthor atntime atnref
    atrfstart atrfend ftnsep ftnsepc ftncn aftnsep aftnsepc aftncn falt panose fname
    leveltext levelnumbers listname passwordhash pgdsctbl wgrffmtfilter protusertbl fchars
    lchars nonesttables""".split()  # noqa: SIM905
)
# Destinations whose text is a document's own, each its own run of paragraphs.
_STORIES = frozenset(
    """footnote annotation header headerl headerr headerf footer footerl footerr footerf
    shptxt""".split()  # noqa: SIM905
)
# Destinations that only hold others (a shape's instructions hold its text box).
_TRANSPARENT = frozenset(["shpinst", "shp"])
# Control words that end a paragraph, a table cell or a section.
_BREAKS = frozenset(["par", "cell", "nestcell", "row", "nestrow", "sect", "page", "column"])
# Control words that stand for a character.
_CHARACTERS = {
    "emdash": "\u2014",
    "endash": "\u2013",
    "emspace": "\u2003",
    "enspace": "\u2002",
    "qmspace": "\u2005",
    "bullet": "\u2022",
    "lquote": "\u2018",
    "rquote": "\u2019",
    "ldblquote": "\u201c",
    "rdblquote": "\u201d",
    "zwj": "\u200d",
    "zwnj": "\u200c",
    "ltrmark": "\u200e",
    "rtlmark": "\u200f",
}
_SYMBOLS = {b"\\": "\\", b"{": "{", b"}": "}", b"~": "\u00a0", b"_": "\u2011", b"-": ""}
# Fixed pieces: seen by the translator, kept where they are.
_FIXED = {"tab": "\t", "line": "\n"}
# Fields whose shown text is the author's words (a link's text, a form's text field).
_TEXT_FIELDS = frozenset(["HYPERLINK", "FORMTEXT"])
# A font's \fcharset -> its code page (0: the document's ANSI code page).
_CHARSETS = {
    0: "cp1252",  # ANSI_CHARSET: Western, whatever \ansicpg the system wrote
    77: "mac_roman",
    128: "cp932",
    129: "cp949",
    130: "johab",
    134: "cp936",
    136: "cp950",
    161: "cp1253",
    162: "cp1254",
    163: "cp1258",
    177: "cp1255",
    178: "cp1256",
    186: "cp1257",
    204: "cp1251",
    222: "cp874",
    238: "cp1250",
    254: "cp437",
    255: "cp850",
}
# The words naming the language of each kind of script's text, a run's and the document's.
_LANGUAGE_WORDS: dict[str, Kind] = {
    "lang": "western",
    "langnp": "western",
    "deflang": "western",
    "langfe": "asian",
    "langfenp": "asian",
    "deflangfe": "asian",
    "alang": "complex",
    "adeflang": "complex",
}
_NO_PROOFING = 1024  # (\lang1024: text never checked, code or a name; it stays so)
_REPLACEMENT = "\ufffd"
_MAX_DEPTH = 5_000  # groups inside groups (Word nests a few dozen)


@dataclass
class _Piece:
    """One stretch of a paragraph: writable text at ``start:end`` of the file, or a fixed
    piece (a tab, a line break) or a field (``shown``: its result) that stays."""

    start: int
    end: int
    text: str = ""
    writable: bool = True
    shown: str | None = None
    uc: int = 1  # the fallback characters a \uN takes where the piece stands
    after_word: bool = False  # it starts right after a control word with no delimiter
    code_page: str = "cp1252"  # its bytes' (a \uN's fallback is written in it)
    uc_end: int | None = None  # the \uc a \ucN inside the piece leaves after it
    deleted: bool = False  # (an end: a paragraph mark a reviewer deleted)


@dataclass
class _Group:
    """What a group's control words set (copied into each group it holds)."""

    skip: bool = False
    uc: int = 1
    font: int | None = None
    afont: int | None = None
    double: bool = False  # \dbch: bytes are in the associated font's code page
    label: _Label | None = None  # a list's label (\listtext), until its tab
    instruction: bool = False  # a field's instruction (its text collected)
    deleted: bool = False  # text a reviewer deleted (a tracked change: kept, not translated)
    fonts: bool = False  # the font table
    field: _Field | None = None  # the field whose instruction or result this is
    collect: _Field | None = None  # the field whose result, a placeholder, this text is
    upr: bool = False  # inside \upr: its first group is the ANSI twin of its \ud
    code: bool = False  # in a character style of code (\csN): a placeholder, kept as it is


@dataclass
class _Label:
    """A list label written for readers that do not number lists (``\\listtext``): its text
    is the number or bullet and the tab after it. Shared by the groups inside it: AbiWord
    writes the item's own text, and even the tables after it, inside the label's group."""

    open: bool = True


@dataclass
class _Field:
    instruction: list[str] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)  # its result's text (a placeholder's)
    depth: int = 0  # the depth of the field's own group
    pending: bytearray = field(default_factory=bytearray)
    code_page: str = "cp1252"

    def add(self, text: str, raw: bytes = b"", code_page: str = "cp1252") -> None:
        """Text of the result: ``text``, or ``raw`` bytes in ``code_page`` (a double-byte
        font's pairs decoded together)."""
        if raw and (not self.pending or code_page == self.code_page):
            self.pending += raw
            self.code_page = code_page
            return
        self._flush()
        if raw:
            self.pending += raw
            self.code_page = code_page
        self.parts.append(text)

    def _flush(self) -> None:
        if self.pending:
            self.parts.append(bytes(self.pending).decode(self.code_page, "replace"))
            self.pending.clear()

    @property
    def shown(self) -> str:
        self._flush()
        return " ".join("".join(self.parts).split())

    @property
    def kind(self) -> str:
        words = "".join(self.instruction).split()
        return words[0].upper() if words else ""


@dataclass
class _Story:
    """The paragraphs of one destination (the body, a footnote, a header)."""

    name: str
    depth: int
    pieces: list[_Piece] = field(default_factory=list)
    count: int = 0
    layout: _Layout = field(default_factory=lambda: _Layout(-1))
    claimed: int = -1  # the \pard whose words a paragraph of this story has (its ``at``)


@dataclass
class _Layout:
    """What a paragraph's own words say of its direction and side: where ``\\rtlpar`` or
    ``\\ltrpar`` and ``\\ql``, ``\\qr`` (or another alignment) are, (start, end, word), and
    where words of its own go (after its ``\\pard``; -1: before its text). A paragraph after
    a ``\\par`` with no ``\\pard`` goes on with the one before's."""

    at: int
    style: str = ""
    direction: tuple[int, int, str] | None = None
    alignment: tuple[int, int, str] | None = None


class RtfDocument(Document):
    def __init__(self, path: Path, data: bytes) -> None:
        self.path, self.data = path, data
        self.targets: list[list[_Piece]] = []
        reader = _Reader(path, data, self.targets)
        self.units = tuple(reader.read())
        self.languages, self.ends, self.layouts = reader.languages, reader.ends, reader.layouts

    def render(self, translations: Sequence[str]) -> bytes:
        self._check(translations)
        edits: list[tuple[int, int, bytes]] = []
        turned: dict[tuple[int, int], bytes] = {}  # (paragraphs may share a style's words)
        for unit, pieces, layout, text in zip(
            self.units, self.targets, self.layouts, translations, strict=True
        ):
            if text == unit.text:
                continue
            writable = [p for p in pieces if p.writable]
            for piece, part in zip(writable, distribute(text, pieces), strict=True):
                if part != piece.text:
                    edits.append((piece.start, piece.end, _encode(part, piece)))
            if self.language is not None:
                turned.update(self._orient(layout, rtl=self.language.rtl))
        edits += [(a, b, written) for (a, b), written in turned.items()]
        number = lcid(self.language) if self.language is not None else None
        if number is not None and self.language is not None:
            # Word checks spelling in the language these name.
            written, wanted = str(number).encode("ascii"), self.language.kind
            edits += [(a, b, written) for a, b, kind in self.languages if kind == wanted]
        return self._edited(edits)

    def _orient(self, layout: _Layout, *, rtl: bool) -> dict[tuple[int, int], bytes]:
        """The edits that make a translated paragraph read in its language's direction (a
        document translated into Arabic read left to right; one out of it kept ``\\rtlpar``)
        where it says, or its style says, the other: ``\\rtlpar`` or ``\\ltrpar``, and its
        side turned with it, as Word and LibreOffice write an Arabic paragraph (``\\rtlpar
        \\qr``: RTF's sides are sides); centred and justified text stays."""
        styled = self._styled(layout.style)
        said = layout.direction[2] if layout.direction else styled[0]
        if (said == "rtlpar") == rtl:
            return {}
        edits: dict[tuple[int, int], bytes] = {}
        added = b""
        direction = b"\\rtlpar" if rtl else b"\\ltrpar"
        if layout.direction is not None:
            edits[layout.direction[:2]] = direction
        else:
            added += direction
        side = layout.alignment[2] if layout.alignment else styled[1]
        if side in _MIRRORED:
            if layout.alignment is not None:
                edits[layout.alignment[:2]] = _MIRRORED[side]
            else:
                added += _MIRRORED[side]
        if added:
            edits[(layout.at, layout.at)] = added + b" "
        return edits

    def _styled(self, style: str) -> tuple[str, str]:
        """The direction and side a paragraph style says (its own or the style's it is based
        on), "ltrpar" and "ql" where none does."""
        if self._styles is None:
            self._styles = _style_layouts(self.data)
        direction = side = ""
        for _ in range(16):
            own = self._styles.get(style)
            if own is None:
                break
            direction, side = direction or own[0], side or own[1]
            style = own[2]
        return direction or "ltrpar", side or "ql"

    _styles: dict[str, tuple[str, str, str]] | None = None

    def render_bilingual(self, translations: Sequence[str]) -> bytes:
        """Each paragraph followed by one holding its translation, in the same paragraph style
        (a ``\\par`` where the paragraph ends: in a table cell, a second paragraph of the
        cell); its fields show their results, and it names its language where it is known."""
        self._check(translations)
        edits: list[tuple[int, int, bytes]] = []
        number = lcid(self.language) if self.language is not None else None
        named = b""  # the translation's language, where Windows has an id for it
        if number is not None and self.language is not None:
            named = {
                "western": b"\\lang%d " % number,
                "asian": b"\\langfe%d " % number,
                # (as Word writes it: the complex scripts' properties apply, \rtlch's)
                "complex": b"\\rtlch\\fcs1 \\alang%d \\ltrch\\fcs0 " % number,
            }[self.language.kind]
        for unit, end, text in zip(self.units, self.ends, translations, strict=True):
            shown = _encode(unit.shown_in(text).strip(), end)
            if named:
                shown = b"{" + named + shown + b"}"
            copy = b"\\par " + shown
            if end.deleted:  # (its paragraph mark a reviewer deleted: the copy's is not)
                copy = b"{\\deleted0 " + copy + b"}"
            edits.append((end.start, end.start, copy))
        return self._edited(edits)

    def _edited(self, edits: list[tuple[int, int, bytes]]) -> bytes:
        """The file with each ``start:end`` replaced by its bytes (none overlap)."""
        out: list[bytes] = []
        cursor = 0
        for start, end, written in sorted(edits, key=lambda e: (e[0], e[1])):
            out += [self.data[cursor:start], written]
            cursor = end
        out.append(self.data[cursor:])
        return b"".join(out)


class _Reader:
    def __init__(self, path: Path, data: bytes, targets: list[list[_Piece]]) -> None:
        self.path, self.data, self.targets = path, data, targets
        self.code_page = _ansi_code_page(data)
        self.charsets: dict[int, str] = {}
        self.default_font: int | None = None
        self.units: list[Unit] = []
        self.stories = [_Story("body", 0)]
        self.stories_seen: dict[str, int] = {}
        self.piece: _Piece | None = None  # the writable piece text is added to now
        self.parts: list[str] = []  # that piece's text so far
        self.pending = bytearray()  # bytes of that piece not yet decoded
        self.font_defined: int | None = None  # the font the font table is defining
        # Where each language word's number is, and the kind of script it names the language of.
        self.languages: list[tuple[int, int, Kind]] = []
        self.ends: list[_Piece] = []  # where each unit's paragraph ends (see _end_paragraph)
        self.layouts: list[_Layout] = []  # each unit's paragraph's direction and side
        self.styles = CodeStyles(_stylesheet(data))
        self.paragraph_style = ""  # the paragraph's \sN ("s12"), until \pard
        self.code: _Field | None = None  # inline code being read, into the open code piece
        self.preformatted: set[int] = set()  # units of paragraphs in a preformatted style
        self.plain = False  # a paragraph of text in no such style

    def read(self) -> list[Unit]:
        data = self.data
        start = data.find(b"{\\rtf")
        if start < 0 or data[:start].strip(b" \t\r\n\xef\xbb\xbf"):
            raise DocumentError(
                "This is not an RTF file: it does not start with {\\rtf",
                path=self.path,
                hint="Give a file saved as Rich Text Format (.rtf)",
                message_id="document.damaged_file",
                params={"suffix": self.path.suffix},
            )
        stack: list[_Group] = []
        group = _Group()
        closing: _Piece | None = None
        fresh = False  # the next control word may name the group's destination
        starred = False
        skip_fallback = 0  # characters of a \uN's fallback still to skip
        high_surrogate = 0
        bare = False  # the token before was a control word with no delimiter
        pos = start
        while pos < len(data):
            match = _TOKEN.match(data, pos)
            assert match is not None  # (every byte matches one alternative)
            at, pos = match.start(), match.end()
            word, parameter, delimiter, byte, symbol, brace, newline, text, _ = match.groups()
            after_word, bare = bare, word is not None and not delimiter
            if newline is not None:
                continue
            if brace is not None:
                self._close_piece()
                fresh, starred, skip_fallback = brace == b"{", False, 0
                if brace == b"{":
                    if len(stack) >= _MAX_DEPTH:
                        raise self._damaged("its groups are nested too deep")
                    stack.append(group)
                    group = replace(group, skip=group.skip or group.upr)  # (\upr: but its \ud)
                    continue
                if not stack:
                    break  # (a stray brace)
                self._leave(group, len(stack), at)
                if len(stack) == 1:
                    closing = self._end_at(at, group)  # (where the last paragraph ends)
                group = stack.pop()
                if not stack:
                    break  # the document's own group ends: what follows is no RTF
                continue
            if symbol == b"*" and fresh:
                starred = True
                continue
            if word is not None:
                name = word.decode("ascii")
                value = _number(parameter) if parameter is not None else None
                if name == "bin" and value:  # raw bytes follow: never text
                    pos = min(len(data), pos + max(value, 0))
                    self._close_piece()
                    fresh = bare = False
                    continue
                skip_fallback = 0  # a control word ends a \uN's fallback
                if name in _LANGUAGE_WORDS and value is not None and value != _NO_PROOFING:
                    self.languages.append((match.start(2), match.end(2), _LANGUAGE_WORDS[name]))
                if fresh:
                    fresh = False
                    if self._destination(name, group, starred, len(stack)):
                        continue
                if group.skip:
                    if group.fonts:
                        self._font_table(name, value)
                    continue
                if name == "uc" and value is not None:
                    # (the text goes on: AbiWord writes \uc0 before each \uN)
                    group.uc = max(0, value)
                    if self.piece is not None:
                        self.piece.uc_end = group.uc
                    continue
                if name == "u" and value is not None:
                    code = value + 65536 if value < 0 else value
                    if 0xD800 <= code < 0xDC00:
                        # Half a pair: a replacement character until its second half comes.
                        high_surrogate, char = code, _REPLACEMENT
                    elif 0xDC00 <= code < 0xE000 and high_surrogate:
                        char = chr(0x10000 + ((high_surrogate - 0xD800) << 10) + code - 0xDC00)
                        high_surrogate = 0
                        self._retract_replacement()
                    elif 0xD800 <= code < 0xE000 or not 0 <= code <= 0x10FFFF:
                        char = _REPLACEMENT  # half a pair, or no character at all
                    else:
                        char = chr(code)
                    self._add_text(char, at, pos, group, after_word)
                    skip_fallback = group.uc
                    continue
                high_surrogate = 0  # (a pair's halves are next to each other)
                self._word(name, value, group, at, pos, after_word)
                continue
            fresh = False
            if group.skip:
                if group.instruction and group.field is not None and text is not None:
                    group.field.instruction.append(text.decode("latin-1"))
                continue
            if skip_fallback:
                if text is not None and len(text) > skip_fallback:
                    # The rest of the text after the fallback is the text's own.
                    at, text, skip_fallback = at + skip_fallback, text[skip_fallback:], 0
                    self._add_text("", at, pos, group, False, raw=text)
                    continue
                skip_fallback = max(0, skip_fallback - (len(text) if text is not None else 1))
                if self.piece is not None:
                    self.piece.end = pos  # the fallback is rewritten with its character
                continue
            high_surrogate = 0
            if byte is not None:
                raw = bytes.fromhex(byte.decode("ascii"))
                self._add_text("", at, pos, group, after_word, raw=raw)
            elif symbol is not None:
                if symbol in _SYMBOLS:
                    self._add_text(_SYMBOLS[symbol], at, pos, group, after_word)
                else:
                    self._close_piece()  # \| \: (index and formula marks), a line break
                    if symbol in (b"\n", b"\r"):
                        self._break(group, at)
            elif text is not None:
                self._add_text("", at, pos, group, after_word, raw=text)
        self._close_piece()
        while len(self.stories) > 1:  # (a file cut short inside a note or a header)
            self._end_paragraph()
            self.stories.pop()
        self._end_paragraph(closing)
        without_preformatted(
            self.preformatted, self.plain, self.units, self.targets, self.ends, self.layouts
        )
        return self.units

    # Destinations, fields and stories.

    def _destination(self, name: str, group: _Group, starred: bool, depth: int) -> bool:
        """Act on ``name`` as the first word of a group; whether it named a destination."""
        if name == "ud" and group.upr:
            group.skip = group.upr = False  # \upr's Unicode text: Word reads this one
            return True
        if group.skip:
            return False
        if name == "fonttbl":
            group.skip = group.fonts = True
            return True
        if name in _SKIPPED:
            group.skip = True
            return True
        if name == "field":
            group.field = _Field(depth=depth)
            return True
        if name == "fldinst":
            group.skip = group.instruction = True
            return True
        if name == "fldrslt":
            found = group.field
            if group.collect is None and found is not None and not _is_text(found):
                group.collect = found
            return True
        if name in _STORIES:
            self._close_piece()
            seen = self.stories_seen.get(name, 0) + 1
            self.stories_seen[name] = seen
            self.stories.append(_Story(f"{name}{seen}", depth))
            return True
        if name == "listtext":
            group.label = _Label()
            return True
        if name == "upr":
            group.upr = True
            return True
        if name in _TRANSPARENT:
            return True
        if starred:  # a destination this reader does not know, which readers may skip
            group.skip = True
            return True
        return False

    def _leave(self, group: _Group, depth: int, at: int) -> None:
        """The group at ``depth`` ends at ``at``."""
        story = self.stories[-1]
        if len(self.stories) > 1 and story.depth == depth:
            self._end_paragraph(self._end_at(at, group))  # (inside the note, after its text)
            self.stories.pop()
        found = group.field
        if found is not None and found.depth == depth and not _is_text(found) and not group.deleted:
            shown = found.shown
            if shown:
                piece = _Piece(0, 0, writable=False, shown=shown)
                self.stories[-1].pieces.append(piece)

    def _font_table(self, name: str, value: int | None) -> None:
        if name == "f" and value is not None:
            self.font_defined = value
        elif name in ("fcharset", "cpg") and value is not None and self.font_defined is not None:
            code_page = _CHARSETS.get(value) if name == "fcharset" else _known(f"cp{value}")
            if code_page is not None:
                self.charsets[self.font_defined] = code_page

    # Text.

    def _word(
        self, name: str, value: int | None, group: _Group, start: int, end: int, after_word: bool
    ) -> None:
        if name in _CHARACTERS:
            self._add_text(_CHARACTERS[name], start, end, group, after_word)
            return
        self._close_piece()
        layout = self.stories[-1].layout
        if group.label is not None:
            pass  # (a list's label written as text says its own, in its group: not the item's)
        elif name == "pard":
            self.stories[-1].layout = _Layout(end)
        elif name in ("rtlpar", "ltrpar"):
            layout.direction = (start, start + 1 + len(name), name)
        elif name in _ALIGNMENTS:
            layout.alignment = (start, start + 1 + len(name), name)
        elif name == "s" and value is not None:
            layout.style = f"s{value}"
        if name == "f" and value is not None:
            group.font = value
        elif name == "af" and value is not None:
            group.afont = value
        elif name == "dbch":
            group.double = True
        elif name in ("loch", "hich"):
            group.double = False
        elif name == "plain":
            group.font, group.double, group.code = self.default_font, False, False
        elif name == "cs" and value is not None:
            group.code = self.styles.inline(f"cs{value}")
        elif name == "s" and value is not None:
            self.paragraph_style = f"s{value}"
        elif name == "pard":
            self.paragraph_style = ""
        elif name == "deleted":
            group.deleted = value != 0
        elif name == "deff" and value is not None:
            self.default_font = value
        elif name in _FIXED:
            if group.collect is not None:
                group.collect.add(_FIXED[name])
            elif group.label is not None and group.label.open:
                group.label.open = name != "tab"  # (the label ends at its tab)
            elif group.deleted:
                self._close_piece()  # (a deleted tab or line break stays, out of the text)
            else:
                self.stories[-1].pieces.append(_Piece(start, end, _FIXED[name], writable=False))
        elif name in _BREAKS:
            self._break(group, start)

    def _break(self, group: _Group, at: int) -> None:
        """A paragraph (a cell, a section) ends at ``at`` in a group whose state is ``group``."""
        if group.label is not None:
            group.label.open = False
        if group.collect is not None:
            group.collect.add("\n")
        else:
            self._end_paragraph(self._end_at(at, group))

    def _end_at(self, at: int, group: _Group) -> _Piece:
        """Where a paragraph ends (a bilingual copy goes there), in ``group``'s state."""
        return _Piece(at, at, uc=group.uc, code_page=self._code_page(group), deleted=group.deleted)

    def _add_text(
        self, text: str, start: int, end: int, group: _Group, after_word: bool, raw: bytes = b""
    ) -> None:
        """Text at ``start:end`` of the file: ``text`` decoded, or ``raw`` bytes in the
        code page of the group's font."""
        if group.collect is not None:
            group.collect.add(text, raw, self._code_page(group))
            return
        if _in_label(group):
            return
        if group.deleted:
            self._close_piece()  # (the deletion's bytes stay where they are, in no piece)
            return
        if group.code:  # inline code: one placeholder showing it, its bytes kept as they are
            if self.code is None:
                self._close_piece()
                self.code = _Field()
                self.stories[-1].pieces.append(_Piece(start, end, writable=False, shown=""))
            self.code.add(text, raw, self._code_page(group))
            return
        piece = self.piece
        if piece is None:
            piece = _Piece(start, end, uc=group.uc, after_word=after_word)
            piece.code_page = self._code_page(group)
            self.stories[-1].pieces.append(piece)
            self.piece = piece
        if raw:
            self.pending += raw
        else:
            self._flush()
            self.parts.append(text)
        piece.end = max(piece.end, end)

    def _flush(self) -> None:
        if self.pending and self.piece is not None:
            self.parts.append(bytes(self.pending).decode(self.piece.code_page, "replace"))
        self.pending.clear()

    def _retract_replacement(self) -> None:
        """Take back the replacement character that stood for a pair's first half (its
        second half came), in the open piece or the one before (the halves in two groups)."""
        if self.parts and self.parts[-1] == _REPLACEMENT:
            self.parts.pop()
            return
        pieces = self.stories[-1].pieces
        if self.piece is None and pieces and pieces[-1].text.endswith(_REPLACEMENT):
            pieces[-1].text = pieces[-1].text[:-1]

    def _close_piece(self) -> None:
        self._flush()
        if self.piece is not None:
            self.piece.text = "".join(self.parts)
        self.piece, self.parts = None, []
        if self.code is not None:  # the code's placeholder shows what it holds
            placeholder = next(p for p in reversed(self.stories[-1].pieces) if not p.writable)
            placeholder.shown = self.code.shown or " "
            self.code = None

    def _code_page(self, group: _Group) -> str:
        font = group.afont if group.double and group.afont is not None else group.font
        if font is None:
            font = self.default_font
        return self.charsets.get(font, self.code_page) if font is not None else self.code_page

    def _end_paragraph(self, end: _Piece | None = None) -> None:
        """End the story's paragraph; ``end``: where its break is (a bilingual copy goes
        there), if it has one."""
        self._close_piece()
        story = self.stories[-1]
        pieces, story.pieces = story.pieces, []
        story.count += 1
        # A paragraph's leading and trailing tabs, line breaks and spaces stay as they are.
        first = next((k for k, p in enumerate(pieces) if not _blank(p)), len(pieces))
        stop = next(
            (k for k in range(len(pieces) - 1, first - 1, -1) if not _blank(pieces[k])), first - 1
        )
        pieces = pieces[first : stop + 1]
        # A label typed before a tab (pandoc's "\\bullet\\tab", a hand-made "1.") stays.
        tab = next((k for k, p in enumerate(pieces) if p.text == "\t" and not p.writable), None)
        if tab is not None and _label("".join(p.text for p in pieces[:tab])):
            pieces = pieces[tab + 1 :]
        if not any(p.writable and p.text.strip() for p in pieces):
            return
        if self.styles.block(self.paragraph_style):
            return  # a code block (Source Code) stays as it is
        if self.styles.preformatted(self.paragraph_style):
            self.preformatted.add(len(self.units))
        else:
            self.plain = True
        numbered: list[_Piece] = []
        count = 0
        for piece in pieces:
            if piece.shown is not None:
                count += 1
                piece = replace(piece, text=FIELD.format(count))
            numbered.append(piece)
        check_unit_count(len(self.units) + 1, self.path)
        self.targets.append(numbered)
        last = next(p for p in reversed(numbered) if p.writable)
        uc = last.uc if last.uc_end is None else last.uc_end
        self.ends.append(end or _Piece(last.end, last.end, uc=uc, code_page=last.code_page))
        layout = story.layout
        if layout.at < 0 or layout.at == story.claimed:
            # No \pard of its own (none, or the one before's, which that paragraph's words
            # follow): its words go before its text. (Two paragraphs' words in one place, the
            # second's won: the first lost its side.)
            layout = replace(layout, at=next(p.start for p in numbered if p.writable))
        else:
            story.claimed = layout.at
        self.layouts.append(replace(layout))
        runs = tuple(p.text for p in numbered)
        self.units.append(
            Unit(f"{story.name}#p{story.count}", "".join(runs), runs, fields=fields(numbered))
        )

    def _damaged(self, what: str) -> DocumentError:
        return DocumentError(
            f"The RTF file is damaged: {what}",
            path=self.path,
            hint="Open and save it again in its editor, then retry",
            message_id="document.damaged_file",
            params={"suffix": self.path.suffix},
        )


# A list's label typed before a tab: a bullet, "1.", "2.3", "a.", "(b)", "iv)".
_LABEL = re.compile(
    r"\s*(?:[^\w\s]{1,3}|\(?\d{1,3}(?:\.\d{1,3})*[.)]?"
    r"|\(?(?:[A-Za-z]|[ivxlc]{1,6}|[IVXLC]{1,6})[.)])\s*"
)


def _blank(piece: _Piece) -> bool:
    """A tab, a line break or spaces (not a field)."""
    return piece.shown is None and (not piece.writable or not piece.text.strip())


# One entry of the style sheet: {\sN …} (a paragraph style) or {\*\csN …} (a character
# style), its words, then its name up to the ";".
_STYLE = re.compile(
    rb"\{(?:\\\*)?\\(s|cs)(\d+)((?:\\[a-zA-Z]+-?\d* ?|\\'[0-9a-fA-F]{2}|[\r\n])*)([^;{}\\]*);\}"
)
_BASED_ON = re.compile(rb"\\sbasedon(\d+)")


def _stylesheet(data: bytes) -> dict[str, tuple[str, str]]:
    """The file's styles (``\\stylesheet``), ``CodeStyles``' way: "s12" or "cs15" → (its
    name, the id of the style it is based on)."""
    start = data.find(b"{\\stylesheet")
    if start < 0:
        return {}
    depth, end = 0, start
    for end in range(start, min(len(data), start + 4_000_000)):
        byte = data[end]
        if byte == 0x5C:  # a backslash: the next byte is escaped (\{ \}), or a word follows
            continue
        if byte == 0x7B and data[end - 1] != 0x5C:
            depth += 1
        elif byte == 0x7D and data[end - 1] != 0x5C:
            depth -= 1
            if depth == 0:
                break
    styles: dict[str, tuple[str, str]] = {}
    for match in _STYLE.finditer(data, start, end + 1):
        kind, number, words, name = match.groups()
        based = _BASED_ON.search(words)
        parent = f"{kind.decode()}{based[1].decode()}" if based else ""
        styles[f"{kind.decode()}{number.decode()}"] = (name.decode("latin-1").strip(), parent)
    return styles


# The words that set a paragraph's alignment, and the two that name a side, each to the other.
_ALIGNMENTS = frozenset(["ql", "qr", "qc", "qj", "qd", "qk", "qt"])
_MIRRORED = {"ql": b"\\qr", "qr": b"\\ql"}
_LAYOUT_WORD = re.compile(rb"\\(rtlpar|ltrpar|q[lrcjdt])(?![a-zA-Z])")


def _style_layouts(data: bytes) -> dict[str, tuple[str, str, str]]:
    """The paragraph styles' direction and side as their words say them ("" where none),
    and the id of the style each is based on: "s12" → ("rtlpar", "qr", "s0")."""
    found: dict[str, tuple[str, str, str]] = {}
    start = data.find(b"{\\stylesheet")
    if start < 0:
        return found
    for match in _STYLE.finditer(data, start, min(len(data), start + 4_000_000)):
        kind, number, words, _name = match.groups()
        if kind != b"s":
            continue
        said = [m[1].decode("ascii") for m in _LAYOUT_WORD.finditer(words)]
        direction = next((w for w in reversed(said) if w.endswith("par")), "")
        side = next((w for w in reversed(said) if not w.endswith("par")), "")
        based = _BASED_ON.search(words)
        found[f"s{number.decode()}"] = (direction, side, f"s{based[1].decode()}" if based else "")
    return found


def _is_text(found: _Field) -> bool:
    """Whether a field's result is the author's words (a link's, a form's; a field with no
    instruction shows its result as text)."""
    return not found.kind or found.kind in _TEXT_FIELDS


def _number(parameter: bytes) -> int:
    """A control word's parameter (the 16-bit ones; a longer number is no real one)."""
    return max(-(2**31), min(int(parameter[:12]), 2**31 - 1))


def _label(text: str) -> bool:
    """Whether ``text``, before a paragraph's first tab, is a list's bullet or number."""
    return _LABEL.fullmatch(text) is not None


def _in_label(group: _Group) -> bool:
    return group.label is not None and group.label.open


def _known(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _ansi_code_page(data: bytes) -> str:
    """The code page the file's header names (``\\ansicpg``, ``\\mac``, ``\\pc``)."""
    head = data[:512]
    found = re.search(rb"\\ansicpg(\d+)", head)
    if found is not None:
        number = int(found.group(1))
        name = "mac_roman" if number == 10000 else "utf-8" if number == 65001 else f"cp{number}"
        return _known(name) or "cp1252"
    if re.search(rb"\\mac(?![a-z])", head):
        return "mac_roman"
    if re.search(rb"\\pca(?![a-z])", head):
        return "cp850"
    if re.search(rb"\\pc(?![a-z])", head):
        return "cp437"
    return "cp1252"


def _encode(text: str, piece: _Piece) -> bytes:
    """``text`` as RTF: ASCII as it is (``\\``, braces escaped), everything else as ``\\uN``
    with ``piece.uc`` fallback characters."""
    out: list[str] = [" "] if piece.after_word and text else []
    for char in text:
        if char in "\\{}":
            out.append("\\" + char)
        elif char == "\t":
            out.append("\\tab ")
        elif char == "\n":
            out.append("\\line ")
        elif char == "\u00a0":
            out.append("\\~")
        elif " " <= char < "\x7f":
            out.append(char)
        elif char < " " or char == "\x7f":
            continue  # a control character has no place in a document's text
        else:
            out.append(_unicode(char, piece.uc, piece.code_page))
    if piece.uc_end is not None and piece.uc_end != piece.uc:
        out.append(f"\\uc{piece.uc_end} ")  # (what the text after the piece expects)
    return "".join(out).encode("ascii")


def _unicode(char: str, uc: int, code_page: str) -> str:
    try:
        ansi = char.encode(code_page)
    except UnicodeEncodeError:
        ansi = b""
    units = char.encode("utf-16-le")
    if len(units) > 2:  # beyond the BMP: a surrogate pair, each half with its fallback
        ansi = b""
    written = []
    for k in range(0, len(units), 2):
        code = int.from_bytes(units[k : k + 2], "little")
        signed = code - 65536 if code > 32767 else code
        if uc == 0:
            written.append(f"\\u{signed} ")  # (a space: the delimiter, not a character)
        elif len(ansi) == uc and ansi != b"?":
            written.append(f"\\u{signed}" + "".join(f"\\'{b:02x}" for b in ansi))
        else:
            written.append(f"\\u{signed}" + "?" * uc)
    return "".join(written)


def read(data: bytes, path: Path) -> Document:
    return RtfDocument(path, data)


__all__ = ["RtfDocument", "read"]
