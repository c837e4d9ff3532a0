"""Which encoding a text file is in, and writing text back in it.

Decoding tries, in order: the encoding the user named; a byte order mark (UTF-8/16/32); for
markup, an HTML ``<meta charset>`` or XML declaration; clean UTF-8; UTF-8 with some lines or
characters in a legacy encoding (a file pasted together from two sources, a curly quote typed
in Windows-1252 into a UTF-8 file), each part read in its own; then charset-normalizer,
limited to the encodings people actually have. Only what none of them reads is refused.
Writing uses the input's encoding when every character fits, else UTF-8 (``EncodedText``
says which); a mixed input is written as UTF-8.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from engine.errors import EngineError, InputError
from engine.text.langid import Detection
from engine.text.scripts import letters_by_script, script_of

if TYPE_CHECKING:
    from charset_normalizer import CharsetMatch

# How an encoding was decided.
How = Literal["option", "bom", "declaration", "utf-8", "detected", "mixed"]

# Labels as people and files write them (WHATWG's names) → the Python codec that reads them.
# Where the WHATWG decodes a label with a superset (Shift_JIS with Microsoft's extensions,
# Big5 with HKSCS, EUC-KR as Windows' UHC, ISO-8859-1 as windows-1252), so does Quire: that is
# what the files really hold and what browsers show.
_LABELS: dict[str, tuple[str, str]] = {
    "utf-8": ("utf-8", "utf-8"),
    "utf8": ("utf-8", "utf-8"),
    "unicode-1-1-utf-8": ("utf-8", "utf-8"),
    "us-ascii": ("windows-1252", "cp1252"),
    "ascii": ("windows-1252", "cp1252"),
    "iso-8859-1": ("windows-1252", "cp1252"),
    "latin1": ("windows-1252", "cp1252"),
    "latin-1": ("windows-1252", "cp1252"),
    "l1": ("windows-1252", "cp1252"),
    "iso-8859-9": ("windows-1254", "cp1254"),
    "latin5": ("windows-1254", "cp1254"),
    "gb2312": ("gbk", "gbk"),
    "gbk": ("gbk", "gbk"),
    "cp936": ("gbk", "gbk"),
    "x-gbk": ("gbk", "gbk"),
    "gb18030": ("gb18030", "gb18030"),
    "windows-874": ("windows-874", "cp874"),
    "cp874": ("windows-874", "cp874"),
    "dos-874": ("windows-874", "cp874"),
    "tis-620": ("windows-874", "cp874"),
    "iso-8859-11": ("windows-874", "cp874"),
    "big5": ("big5", "big5hkscs"),
    "big5-hkscs": ("big5", "big5hkscs"),
    "cn-big5": ("big5", "big5hkscs"),
    "x-x-big5": ("big5", "big5hkscs"),
    "shift_jis": ("shift_jis", "cp932"),
    "shift-jis": ("shift_jis", "cp932"),
    "sjis": ("shift_jis", "cp932"),
    "x-sjis": ("shift_jis", "cp932"),
    "ms_kanji": ("shift_jis", "cp932"),
    "windows-31j": ("shift_jis", "cp932"),
    "cp932": ("shift_jis", "cp932"),
    "euc-jp": ("euc-jp", "euc_jp"),
    "x-euc-jp": ("euc-jp", "euc_jp"),
    "euc-kr": ("euc-kr", "cp949"),
    "cp949": ("euc-kr", "cp949"),
    "ks_c_5601-1987": ("euc-kr", "cp949"),
    "windows-949": ("euc-kr", "cp949"),
    "koi8-r": ("koi8-r", "koi8_r"),
    "koi8r": ("koi8-r", "koi8_r"),
    "koi8-u": ("koi8-u", "koi8_u"),
    "utf-16": ("utf-16-le", "utf-16-le"),
    "utf-16le": ("utf-16-le", "utf-16-le"),
    "utf-16-le": ("utf-16-le", "utf-16-le"),
    "utf-16be": ("utf-16-be", "utf-16-be"),
    "utf-16-be": ("utf-16-be", "utf-16-be"),
    "utf-32": ("utf-32-le", "utf-32-le"),
    "utf-32le": ("utf-32-le", "utf-32-le"),
    "utf-32-le": ("utf-32-le", "utf-32-le"),
    "utf-32be": ("utf-32-be", "utf-32-be"),
    "utf-32-be": ("utf-32-be", "utf-32-be"),
}
for _n in range(9):
    for _label in (f"windows-125{_n}", f"cp125{_n}", f"x-cp125{_n}"):
        _LABELS[_label] = (f"windows-125{_n}", f"cp125{_n}")
for _n in (2, 3, 4, 5, 6, 7, 8, 10, 13, 14, 15, 16):
    for _label in (f"iso-8859-{_n}", f"iso8859-{_n}", f"iso8859_{_n}", f"iso_8859-{_n}"):
        _LABELS[_label] = (f"iso-8859-{_n}", f"iso8859_{_n}")

# What charset-normalizer may answer (its codec names → ours). Limiting it to these keeps it
# from answering with an encoding nobody saves text in (hp_roman8 for German, cp1125 …).
_DETECTABLE: dict[str, str] = {
    "utf_8": "utf-8",
    "utf_16_le": "utf-16-le",
    "utf_16_be": "utf-16-be",
    "utf_32_le": "utf-32-le",
    "utf_32_be": "utf-32-be",
    "gb18030": "gb18030",
    "big5": "big5",
    "cp932": "shift_jis",
    "euc_jp": "euc-jp",
    "cp949": "euc-kr",
    "koi8_r": "koi8-r",
    "koi8_u": "koi8-u",
    **{f"cp125{n}": f"windows-125{n}" for n in range(9)},
    **{f"iso8859_{n}": f"iso-8859-{n}" for n in (2, 3, 4, 5, 6, 7, 8, 10, 13, 14, 15, 16)},
}
# The code pages a language's texts are saved in (ISO 639-1 → codecs), most common first.
# charset-normalizer scores short Latin texts in look-alike code pages almost equally
# (Turkish in windows-1252 reads "yürüyüþe"); among its near-best answers, one made for the
# language the text is in wins when it reads at least as coherently.
_NATIVE: dict[str, tuple[str, ...]] = {
    "tr": ("cp1254", "iso8859_9"),
    **dict.fromkeys(("pl", "cs", "sk", "hu", "sl", "hr", "ro", "bs"), ("cp1250", "iso8859_2")),
    **dict.fromkeys(("lt", "lv", "et"), ("cp1257", "iso8859_13", "iso8859_4")),
    "vi": ("cp1258",),
    **dict.fromkeys(
        ("en", "de", "fr", "es", "it", "pt", "nl", "da", "sv", "no", "nb", "fi", "ca", "is"),
        ("cp1252", "iso8859_15"),
    ),
    **dict.fromkeys(("ru", "uk", "bg", "sr", "be", "mk"), ("cp1251", "koi8_r", "iso8859_5")),
    "el": ("cp1253", "iso8859_7"),
    "he": ("cp1255", "iso8859_8"),
    "ar": ("cp1256", "iso8859_6"),
    "fa": ("cp1256",),
}
# How much worse (charset-normalizer's "chaos", 0–1) an answer may score than the best and
# still be weighed; the Turkish sample of the tests differs by 0.07.
_NEAR = 0.1
# Encodings whose answer is clear when charset-normalizer has one best: no look-alikes.
_MULTIBYTE = frozenset(
    (
        *("utf_8", "utf_16_le", "utf_16_be", "utf_32_le", "utf_32_be"),
        *("gb18030", "gbk", "big5", "cp932", "euc_jp", "cp949"),
    )
)
# Characters of each candidate reading the language identifier looks at.
_LANGID_CHARS = 2000

_BOMS = (  # UTF-32's first: its little-endian mark begins with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# The HTML prescan looks at the first 1024 bytes (WHATWG); an XML declaration is first.
_PRESCAN = 1024
_META = re.compile(rb"""<meta\s[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_XML = re.compile(rb"""^<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_META_TEXT = re.compile(r"""(<meta\s[^>]*?charset\s*=\s*["']?\s*)([A-Za-z0-9._:-]+)""", re.I)
_XML_TEXT = re.compile(r"""^(<\?xml\s[^>]*?encoding\s*=\s*["'])([A-Za-z0-9._:-]+)""")
# Bytes no text in an ASCII-compatible encoding holds (controls other than tab, newlines,
# form feed, escape); a few are tolerated in a long file, not one in twenty.
_CONTROLS = bytes([*range(0, 9), 11, *range(14, 27), *range(28, 32)])


@dataclass(frozen=True)
class TextEncoding:
    """How a text was stored: ``name`` is what Quire reports (``gb18030``, ``windows-1251``,
    ``utf-16-le``), ``codec`` the Python codec, ``bom`` whether the file began with a byte
    order mark, ``how`` what decided it, ``declared`` the charset an HTML/XML declaration in
    the file names (written back to match the output); ``mixed``, for UTF-8 with parts in
    another encoding (``how`` is then "mixed"), that encoding's name."""

    name: str
    codec: str
    bom: bool = False
    how: How = "utf-8"
    declared: str | None = None
    mixed: str | None = None

    def encode(self, text: str) -> EncodedText:
        """``text`` in this encoding (with its BOM, if the input had one) when every character
        fits; otherwise UTF-8, with a declaration in the text rewritten to say so."""
        if self.declared is not None and _codec(self.declared) != self.codec:
            text = self._declare(text, self.name)  # the declaration must name what is written
        if self.codec == "utf-8":
            return _utf8(text, bom=self.bom)
        try:
            data = text.encode(self.codec)
        except UnicodeEncodeError:
            return _utf8(self._declare(text, "utf-8"), fallback=True)
        mark = "\ufeff".encode(self.codec) if self.bom else b""
        return EncodedText(mark + data, self.name, fallback=False)

    def _declare(self, text: str, name: str) -> str:
        if self.declared is None:
            return text
        head, rest = text[:_PRESCAN], text[_PRESCAN:]
        for pattern in (_XML_TEXT, _META_TEXT):
            head = pattern.sub(lambda m: m.group(1) + name, head, count=1)
        return head + rest


UTF8 = TextEncoding("utf-8", "utf-8")


@dataclass(frozen=True)
class EncodingUsed:
    """What a job reports about a text input's encoding: ``detected`` as read (``how`` says
    what decided it), and ``written``, the output's (None when no file was written);
    ``mixed``: the encoding of the parts of a UTF-8 input that were not UTF-8."""

    detected: str
    how: How
    written: str | None = None
    mixed: str | None = None

    @classmethod
    def of(cls, found: TextEncoding, written: str | None) -> EncodingUsed:
        return cls(found.name, found.how, written, found.mixed)

    @property
    def fallback(self) -> bool:
        """The output is in another encoding than the input's: UTF-8 because it does not fit
        in the input's (a resource script's UTF-16 or the target's code page)."""
        return self.written is not None and self.written != self.detected

    def note(self) -> str | None:
        """The one line that says so, when it happened (or that the input mixed encodings)."""
        if self.mixed is not None:
            return f"some lines are in {self.mixed}, the rest in UTF-8: each read as written" + (
                ", the output written as UTF-8" if self.written is not None else ""
            )
        if not self.fallback or self.written is None:
            return None
        written = {"utf-8": "UTF-8", "utf-16-le": "UTF-16"}.get(self.written, self.written)
        if self.detected in ("utf-8", "ascii"):  # (ASCII: a code page the format's tools read)
            return f"the output is written as {written}"
        return f"the output does not fit in {self.detected}: written as {written}"

    def as_json(self) -> dict[str, object]:
        return {
            "detected": self.detected,
            "how": self.how,
            "written": self.written,
            "fallback": self.fallback,
        }


class EncodedText(bytes):
    """A text's bytes, and the encoding they are in: the input's, or ``utf-8`` with
    ``fallback`` when the input's encoding cannot hold the text."""

    encoding: str
    fallback: bool

    def __new__(cls, data: bytes, encoding: str, *, fallback: bool) -> EncodedText:
        self = super().__new__(cls, data)
        self.encoding = encoding
        self.fallback = fallback
        return self


def _utf8(text: str, *, bom: bool = False, fallback: bool = False) -> EncodedText:
    # surrogatepass: a lone surrogate (from an HTML character reference) is written, not lost.
    data = ("\ufeff" if bom else "").encode("utf-8") + text.encode("utf-8", "surrogatepass")
    return EncodedText(data, "utf-8", fallback=fallback)


def lookup(label: str) -> TextEncoding:
    """The encoding a user or a file names (``GBK``, ``windows-1251``, ``latin1``, ``utf-16``);
    ``InputError`` when Python has no text codec of that name."""
    key = label.strip().lower().replace("_", "-")
    if key in _LABELS:
        name, codec = _LABELS[key]
        return TextEncoding(name, codec)
    try:
        info = codecs.lookup(label.strip())
    except LookupError:
        info = None
    # Python also has codecs that are not text encodings (rot13, base64), and "undefined",
    # which raises on any byte: not those.
    if info is None or not getattr(info, "_is_text_encoding", True) or info.name == "undefined":
        raise InputError(
            f"{label!r} is not an encoding Quire knows",
            hint="Give a name such as utf-8, gb18030, big5, shift_jis, windows-1251 or koi8-r",
            message_id="file.unknown_encoding_name",
            params={"encoding": label},
        )
    return TextEncoding(info.name, info.name)


def _codec(label: str) -> str | None:
    try:
        return lookup(label).codec
    except InputError:
        return None


def decode(
    data: bytes,
    path: Path | None,
    *,
    what: str = "text",
    encoding: str | None = None,
    markup: bool = False,
    error: type[EngineError] = InputError,
) -> tuple[str, TextEncoding]:
    """``data``'s text and its encoding. ``encoding`` (a label) overrides detection; ``markup``:
    an HTML ``<meta charset>`` or XML declaration is honoured. ``what`` reads after "not"
    ("subtitle text", "HTML"). Binary data and undecodable bytes raise ``error``."""
    declared = _declaration(data) if markup else None
    if encoding is not None:
        return _forced(data, path, encoding, what, declared, error)
    for mark, name in _BOMS:
        if data.startswith(mark):
            found = TextEncoding(name, name, bom=True, how="bom", declared=declared)
            return _strict(data[len(mark) :], found, path, what, error), found
    if declared is not None:
        as_declared = _declared(data, declared)
        if as_declared is not None:
            return as_declared
    if b"\x00" not in data:
        try:
            return data.decode("utf-8"), TextEncoding("utf-8", "utf-8", declared=declared)
        except UnicodeDecodeError:
            pass
        mixed = _mixed(data, path, what, declared, error)
        if mixed is not None:
            return mixed
    return _detected(data, path, what, declared, error)


# A well-formed UTF-8 sequence of two to four bytes (RFC 3629: no overlong forms, no
# surrogates), and no C1 control (U+0080 to U+009F, in no text): a legacy encoding's text
# holds runs like these only by chance.
_UTF8_SEQUENCE = re.compile(
    rb"\xc2[\xa0-\xbf]|[\xc3-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_HIGH = bytes(range(0x80, 0x100))


def _mixed(
    data: bytes, path: Path | None, what: str, declared: str | None, error: type[EngineError]
) -> tuple[str, TextEncoding] | None:
    """UTF-8 with parts in another encoding, each part read in its own; None unless UTF-8
    shows itself: lines it reads through whose letters are of the script the other lines
    are in (or whose only non-ASCII characters are typographic punctuation: a dash, curly
    quotes), or most non-ASCII bytes in its sequences. A legacy text holds well-formed UTF-8
    sequences only by chance (GBK's 谢谢 reads as "лл", windows-1251's "Ні" as "ͳ"), in
    another script. The other encoding is detected on the lines UTF-8 does not read, and
    where that reading is not in the UTF-8 lines' script, one made for their script is
    tried; a line in a multibyte one (Shift_JIS, GBK) is read whole in it, where a
    single-byte one reads the bytes UTF-8 cannot and the UTF-8 sequences that fit the text
    ("Café" pasted beside a windows-1252 quote)."""
    lines = data.splitlines(keepends=True)
    broken = {i for i, line in enumerate(lines) if not _is_utf8(line)}
    whole = [i for i, line in enumerate(lines) if i not in broken and _UTF8_SEQUENCE.search(line)]
    if not broken or not (whole or _mostly_utf8(data)):
        return None
    # (The UTF-8 lines' scripts, from as many as tell them: a long file's need not all be read.)
    mine = _scripts("".join(lines[i].decode("utf-8") for i in whole[:_SAMPLED_LINES]))
    other = _other_encoding([lines[i] for i in broken], mine, path, what, error)
    if other is None:
        return None
    if not whole and other.codec in _MULTIBYTE:
        return None  # every line is the other encoding's (GBK's pairs look like UTF-8's)
    theirs = _scripts("".join(lines[i].decode(other.codec, "replace") for i in broken))
    # (Lines of the other encoding with no letters of their own, only a quote or a dash,
    # say nothing of the script.)
    if whole and theirs and not (mine <= theirs if mine else _typographic(lines, whole)):
        return None
    parts: list[str] = []
    try:
        for i, line in enumerate(lines):
            if i not in broken:
                parts.append(line.decode("utf-8"))
            elif other.codec in _MULTIBYTE:
                parts.append(line.decode(other.codec))
            else:
                parts.append(_patched(line, other.codec, mine | theirs))
    except UnicodeDecodeError:
        return None
    found = TextEncoding("utf-8", "utf-8", how="mixed", declared=declared, mixed=other.name)
    return "".join(parts), found


_SAMPLED_LINES = 1000


def _mostly_utf8(data: bytes) -> bool:
    """Whether most of ``data``'s non-ASCII bytes are in well-formed UTF-8 sequences."""
    high = len(data) - len(data.translate(None, _HIGH))
    return sum(m.end() - m.start() for m in _UTF8_SEQUENCE.finditer(data)) * 2 >= high


# Code pages made for a script, tried for the lines UTF-8 does not read where the detector's
# reading of so little is in another script than the UTF-8 lines' (a pasted line of Russian
# read as Greek or Hebrew).
_FOR_SCRIPT = {
    "CYRILLIC": ("cp1251", "koi8_r", "koi8_u"),
    "GREEK": ("cp1253",),
    "HEBREW": ("cp1255",),
    "ARABIC": ("cp1256",),
    "THAI": ("cp874",),
    "CJK": ("gb18030", "big5hkscs", "cp932", "euc_jp"),  # (Chinese characters and kana)
    "HANGUL": ("cp949",),
    "LATIN": ("cp1252", "cp1250", "cp1254", "cp1257"),
}


def _other_encoding(
    broken: list[bytes], mine: set[str], path: Path | None, what: str, error: type[EngineError]
) -> TextEncoding | None:
    """The encoding of the lines UTF-8 does not read: the detector's, from them (else from
    what UTF-8 does not read on them), where its reading is of the UTF-8 lines' scripts;
    else the first code page made for those scripts that reads them so; windows-1252 when
    there is too little to tell (a stray curly quote or two, as Windows types them)."""
    joined = b"".join(broken)
    found: TextEncoding | None = None
    for sample in (joined, _UTF8_SEQUENCE.sub(b"", joined)):
        try:
            found = _detected(sample, path, what, None, error)[1]
        except EngineError:
            continue
        break
    if found is not None and found.codec.startswith(("utf_8", "utf-8", "utf_16", "utf_32")):
        return None
    if found is not None and (not mine or _reads_as(joined, found.codec, mine)):
        return found
    steered = next(
        (
            codec
            for script in sorted(mine)
            for codec in _FOR_SCRIPT.get(script, ())
            if _reads_as(joined, codec, mine)
        ),
        None,
    )
    if steered is None:
        return found if found is not None else lookup("windows-1252")
    if found is not None and _mess(joined, steered) > _mess(joined, found.codec) + 0.05:
        return found  # (read so, they are garbled: the UTF-8 lines' script was chance)
    return lookup(steered)


def _mess(data: bytes, codec: str) -> float:
    """How garbled ``data`` reads in ``codec`` (charset-normalizer's measure: symbols and
    accents where letters should be)."""
    from charset_normalizer.md import mess_ratio

    return float(mess_ratio(data.decode(codec, "replace")))


def _reads_as(data: bytes, codec: str, scripts: set[str]) -> bool:
    try:
        return _scripts(data.decode(codec)) <= scripts | {"LATIN"}
    except UnicodeDecodeError:
        return False


def _typographic(lines: list[bytes], whole: list[int]) -> bool:
    """Whether the UTF-8 lines' non-ASCII characters are all typographic punctuation (a
    dash, curly quotes, an ellipsis, the euro sign, a no-break space)."""
    text = "".join(lines[i].decode("utf-8") for i in whole[:_SAMPLED_LINES])
    return all(unicodedata.category(c)[0] in "PZS" for c in text if c > "\x7f")


def _scripts(text: str) -> set[str]:
    """The scripts of ``text``'s non-ASCII letters (ASCII words, in any text, tell nothing)."""
    return set(letters_by_script("".join(c for c in text if c > "\x7f")))


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _patched(line: bytes, codec: str, scripts: set[str]) -> str:
    """``line`` in the single-byte ``codec``, but for its UTF-8 sequences that read as a
    character of ``scripts`` or as punctuation ("Café" beside a windows-1252 quote; not
    windows-1251's "Ні", which reads as Greek)."""
    out: list[str] = []
    start = 0
    for match in _UTF8_SEQUENCE.finditer(line):
        out.append(line[start : match.start()].decode(codec))
        char = match.group().decode("utf-8")
        fits = not char.isalpha() or script_of(char) in scripts
        out.append(char if fits else match.group().decode(codec))
        start = match.end()
    out.append(line[start:].decode(codec))
    return "".join(out)


def _forced(
    data: bytes,
    path: Path | None,
    label: str,
    what: str,
    declared: str | None,
    error: type[EngineError],
) -> tuple[str, TextEncoding]:
    chosen = lookup(label)
    family = chosen.codec.replace("-le", "").replace("-be", "")
    bom = False
    for mark, name in _BOMS:
        if name.startswith(family) and data.startswith(mark):
            # utf-16 named without a byte order: the file's mark says which.
            chosen = TextEncoding(name, name)
            data, bom = data[len(mark) :], True
            break
    found = TextEncoding(chosen.name, chosen.codec, bom=bom, how="option", declared=declared)
    try:
        return data.decode(found.codec), found
    except UnicodeDecodeError as exc:
        raise error(
            f"The {what} is not {found.name} (byte {exc.start} does not fit)",
            path=path,
            hint="Check the --encoding name, or leave --encoding out to detect it",
            message_id="file.not_in_encoding",
            params={"encoding": found.name, "byte": exc.start},
        ) from None


def _strict(
    data: bytes, found: TextEncoding, path: Path | None, what: str, error: type[EngineError]
) -> str:
    try:
        return data.decode(found.codec)
    except UnicodeDecodeError as exc:
        raise error(
            f"The {what} starts with a {found.name} byte order mark, but byte {exc.start} "
            f"is not valid {found.name}",
            path=path,
            hint="Save the file again in its editor, or name its encoding with --encoding",
            message_id="file.unknown_encoding",
        ) from None


def _declaration(data: bytes) -> str | None:
    head = data[:_PRESCAN]
    match = _XML.match(head) or _META.search(head)
    return match.group(1).decode("ascii") if match else None


def _declared(data: bytes, label: str) -> tuple[str, TextEncoding] | None:
    """The text as its declaration says, when the declaration names a known encoding that
    reads every byte (a wrong declaration is common: detection decides then)."""
    try:
        named = lookup(label)
    except InputError:
        return None
    if named.codec.startswith(("utf-16", "utf-32")):
        # The declaration was read as ASCII, so the file cannot be UTF-16 (WHATWG: UTF-8).
        named = TextEncoding("utf-8", "utf-8")
    try:
        text = data.decode(named.codec)
    except UnicodeDecodeError:
        return None
    return text, TextEncoding(named.name, named.codec, how="declaration", declared=label)


def _detected(
    data: bytes, path: Path | None, what: str, declared: str | None, error: type[EngineError]
) -> tuple[str, TextEncoding]:
    from charset_normalizer import from_bytes

    matches = [
        m
        for m in from_bytes(data, cp_isolation=list(_DETECTABLE))
        # Without a byte order mark, UTF-16/32 text shows itself by the NUL halves of its
        # ASCII characters (spaces, line breaks); with none, a short legacy text can read
        # as UTF-16 by chance ("café" as two CJK characters).
        if b"\x00" in data or not str(m.encoding).startswith(("utf_16", "utf_32"))
    ]
    if not matches or _binary(data, str(matches[0].encoding)):
        if _looks_binary(data):
            raise error(
                f"This is a binary file, not {what}",
                path=path,
                hint=f"Give the {what} file itself; if it is text, name its encoding with "
                "--encoding",
                message_id="file.binary",
            )
        raise error(
            f"Quire cannot tell which encoding this {what} is in",
            path=path,
            hint=_encoding_hint(data),
            message_id="file.unknown_encoding",
        )
    order = _ranked(data, matches)
    # charset-normalizer reads samples of a long file: the whole file must decode too.
    for codec in order:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if codec == "gb18030" and _is_gbk(data):
            codec = "gbk"  # (see _is_gbk)
        name = _DETECTABLE.get(codec, codec)
        return text, TextEncoding(name, codec, how="detected", declared=declared)
    raise error(
        f"Quire cannot tell which encoding this {what} is in",
        path=path,
        hint=_encoding_hint(data),
        message_id="file.unknown_encoding",
    )


def _encoding_hint(data: bytes) -> str:
    """Which --encoding to try: Chinese, Japanese and Korean code pages where most bytes are
    high ones (two to a character), else a single-byte example."""
    high = sum(1 for b in data[:4096] if b >= 0x80)
    if high * 2 > len(data[:4096].strip()):
        return (
            "Name it with --encoding (for example --encoding gb18030 for Chinese, big5 for "
            "Chinese in traditional characters, shift_jis for Japanese, euc-kr for Korean)"
        )
    return "Name it with --encoding (for example --encoding windows-1251)"


def _ranked(data: bytes, matches: list[CharsetMatch]) -> list[str]:
    """charset-normalizer's answers, best first, with two corrections for short texts where
    its scores tie: the reading the language identifier is surest of wins a tie, and a code
    page made for that language wins over a look-alike that reads no better."""
    from engine.text.langid import detect

    best = matches[0]
    near = [m for m in matches if m.chaos <= best.chaos + _NEAR]
    tied = [m for m in near if (m.chaos, m.coherence) == (best.chaos, best.coherence)]
    if len(tied) == 1 and str(best.encoding) in _MULTIBYTE:
        return [str(m.encoding) for m in matches]  # nothing to weigh
    readings: dict[str, Detection | None] = {}
    for match in near:
        sample = data[: _LANGID_CHARS * 4].decode(str(match.encoding), "ignore")
        try:
            readings[str(match.encoding)] = detect(sample[:_LANGID_CHARS])
        except InputError:  # no letters
            readings[str(match.encoding)] = None

    def sureness(match: CharsetMatch) -> float:
        found = readings[str(match.encoding)]
        return found.confidence if found is not None else 0.0

    chosen = max(tied, key=sureness)
    reading = readings[str(chosen.encoding)]
    native = _NATIVE.get(reading.language, ()) if reading is not None else ()
    codec = str(chosen.encoding)
    if native and codec not in native:
        # A native code page that reads no worse: by charset-normalizer's coherence, or by
        # the language identifier (a short French text in cp1252 is more "coherent" read as
        # cp1250's "trčs … ŕ vous", and the identifier is surer of "très … à vous").
        fits = sorted(
            (m.chaos, native.index(c), c, m)
            for m in near
            for c in native
            if c in m.could_be_from_charset
            and (m.coherence >= chosen.coherence or sureness(m) >= sureness(chosen))
        )
        if fits:
            chosen = fits[0][3]
            codec = fits[0][2]
    if codec in native and native in _SWAPPED_LETTERS:
        codec = _most_letters(data, native, codec)
    return [codec, *(str(m.encoding) for m in matches if m is not chosen)]


# Bytes read to weigh a language's look-alike code pages against each other.
_WEIGHED_BYTES = 64 * 1024
# Look-alikes that put the same letters at different bytes, the other's symbols there. Not
# Cyrillic's (ISO-8859-5 reads nearly every byte as a letter, «» too) nor Western Europe's
# (windows-1252's quotes are ISO-8859-15's invisible controls, letters alike).
_SWAPPED_LETTERS = frozenset([("cp1250", "iso8859_2"), ("cp1253", "iso8859_7")])


def _most_letters(data: bytes, codecs_: tuple[str, ...], codec: str) -> str:
    """Of a language's code pages, the one reading ``data``'s non-ASCII bytes as the most
    letters: ISO-8859-2 and windows-1250 put ś, ą, Š at bytes the other reads as ¶, ±, ©;
    ISO-8859-7 and windows-1253 swap Ά and ¶. Both read without error, and charset-normalizer
    scores them alike. ``codec`` where none reads more."""
    sample = data[:_WEIGHED_BYTES]
    best, most = codec, -1
    for candidate in (codec, *(c for c in codecs_ if c != codec)):
        try:
            text = sample.decode(candidate)
        except (UnicodeDecodeError, LookupError):
            continue  # (a cut multi-byte end cannot happen: these are one byte a character)
        letters = sum(1 for ch in text if ord(ch) > 0x7F and ch.isalpha())
        if letters > most:
            best, most = candidate, letters
    return best


def _is_gbk(data: bytes) -> bool:
    """Whether text detected as GB18030 is all GBK (Windows' code page 936, which Notepad,
    subtitle editors and players assuming it read and write): GB18030 is GBK and four-byte
    sequences for every other character, which those programs show as garbage. Such a text
    is written back in GBK where its translation fits, else in UTF-8 (as any code page's),
    not in GB18030's four-byte sequences ("Schöne" as "Sch\\x810\\x8b2ne")."""
    try:
        data.decode("gbk")
    except UnicodeDecodeError:
        return False
    return True


def _binary(data: bytes, codec: str) -> bool:
    """NUL bytes outside UTF-16/32: no text in a byte-oriented encoding holds them."""
    return b"\x00" in data and not codec.startswith(("utf_16", "utf_32"))


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    return b"\x00" in sample or sum(sample.count(c) for c in _CONTROLS) * 20 > len(sample)


__all__ = ["UTF8", "EncodedText", "EncodingUsed", "How", "TextEncoding", "decode", "lookup"]
