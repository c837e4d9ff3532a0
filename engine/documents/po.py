"""gettext catalogs (.po, and .pot templates): each message not yet translated is a unit (its
msgid; a plural message's msgid and msgid_plural, two units). Its translation fills msgstr,
every plural form of the catalog's language (the form the language uses for one from msgid,
the others from msgid_plural), and the message is marked fuzzy, as Poedit and Weblate mark a
machine's translation, for a translator to review (gettext leaves fuzzy messages out of the
.mo it compiles until then).

Messages already translated, obsolete ones (``#~``), comments, references and other flags are
written back byte for byte; so is every line of a message but its msgstr lines and flags.
Placeholders (printf's ``%s`` ``%(name)s`` ``%1$s``, Python's and ICU's ``{name}``, Qt's
``%1``, HTML tags) are seen as placeholders and written as they were; a message's leading and
trailing line breaks and spaces stay outside the text translated. A template's header (or an
empty one's) gets the language, its plural forms and charset UTF-8; the output is UTF-8."""

from __future__ import annotations

import gettext
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from engine.documents.base import FIELD, Document, Unit, check_unit_count, decode_text
from engine.documents.errors import DocumentError
from engine.documents.language import Language
from engine.text.encoding import UTF8, EncodedText, TextEncoding

# A keyword line (``msgid "…"``, ``msgstr[1] "…"``) and a string's continuation line.
_KEYWORD = re.compile(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)[ \t]+"(.*)"[ \t]*$')
_CONTINUED = re.compile(r'[ \t]*"(.*)"[ \t]*$')
_ESCAPE = re.compile(r"\\(?:([0-7]{1,3})|x([0-9A-Fa-f]{1,2})|(.))")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_WRITTEN = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}
# gettext's tools (xgettext, msgmerge, msginit) keep a line within 79 columns.
_WIDTH = 79

# What a message's text holds that is no language: kept, seen as placeholders. printf's
# conversions (C, Python's named ones, positional ``%1$s``), Python's and ICU's braces, Qt's
# numbered arguments, and HTML or XML tags.
_PRINTF = (
    r"%(?:\d+\$|\([^()\s]+\))?[-+ #0']*(?:\d+|\*)?(?:\.(?:\d+|\*))?"
    r"(?:hh|h|ll|l|L|q|j|z|Z|t|I64|I32)?[diouxXeEfFgGaAcspnr@%]"
)
_BRACES = r"\{\{?[\w.\[\]]*(?:![rsa])?(?::[^{}\n]*)?\}\}?"
_QT = r"%L?\d{1,2}|%n"
_TAG = r"</?[A-Za-z][\w:.-]*(?:\s[^<>]*)?/?>"
# A message flagged with a format is read by that format's rules; one with no format flag by
# the forms that cannot be ordinary text (``%s``, ``%d``, ``%(name)s``, ``%1$s``, ``{name}``).
_PLACEHOLDERS = {
    "printf": re.compile(f"{_PRINTF}|{_TAG}"),
    "brace": re.compile(f"{_BRACES}|{_TAG}"),
    "qt": re.compile(f"{_QT}|{_TAG}"),
    "plain": re.compile(r"%(?:\d+\$|\([^()\s]+\))?[-+#0]*\d*(?:\.\d+)?[sdif@]|%%|\{\w*\}|" + _TAG),
    "none": re.compile(_TAG),
}
_PRINTF_FLAGS = frozenset(
    f"{lang}-format"
    for lang in ("c", "objc", "python", "sh", "awk", "perl", "php", "gcc-internal", "gfc-internal",
                 "boost", "lua", "javascript", "ycp", "tcl", "object-pascal", "smalltalk")
)  # fmt: skip
_BRACE_FLAGS = frozenset(["python-brace-format", "csharp-format", "java-format", "kde-format"])
_QT_FLAGS = frozenset(["qt-format", "qt-plural-format", "kde-kuit-format"])

# The plural forms gettext's msginit writes for a language (its table, the Plural-Forms a
# translator of that language gets), for a template translated into one. A language missing
# here gets gettext's default, two forms with one for 1.
_ONE = "nplurals=1; plural=0;"
_TWO = "nplurals=2; plural=(n != 1);"
_TWO_FRENCH = "nplurals=2; plural=(n > 1);"
_EAST_SLAVIC = (
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);"
)
_SLAVIC_DUAL = "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;"
PLURAL_FORMS = {
    **dict.fromkeys(["ja", "ko", "vi", "zh", "th", "id", "ms", "lo", "km", "my"], _ONE),
    **dict.fromkeys(["fr", "pt_BR", "fa", "hy", "am", "ti", "ln", "oc", "wa"], _TWO_FRENCH),
    **dict.fromkeys(["ru", "uk", "be", "sr", "hr", "bs"], _EAST_SLAVIC),
    **dict.fromkeys(["cs", "sk"], _SLAVIC_DUAL),
    "pl": (
        "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
    ),
    "lt": (
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && (n%100<10 || n%100>=20) "
        "? 1 : 2);"
    ),
    "lv": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2);",
    "ro": "nplurals=3; plural=n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < 20)) ? 1 : 2;",
    "sl": "nplurals=4; plural=(n%100==1 ? 0 : n%100==2 ? 1 : n%100==3 || n%100==4 ? 2 : 3);",
    "ga": "nplurals=3; plural=n==1 ? 0 : n==2 ? 1 : 2;",
    "ar": (
        "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 "
        ": n%100>=11 ? 4 : 5);"
    ),
}
_HEADER_FIELD = re.compile(r"^([\w-]+):[ \t]*(.*)$")
_PLACEHOLDER_VALUES = {"LANGUAGE", "CHARSET", "nplurals=INTEGER; plural=EXPRESSION;"}


@dataclass
class _String:
    """A keyword's string: its lines ``first..last`` (inclusive) and its value."""

    keyword: str
    first: int
    last: int
    value: str


@dataclass
class _Message:
    first: int  # its first line (a comment's, or its first keyword's)
    strings: list[_String] = field(default_factory=list)
    flags_line: int | None = None  # the "#," line
    flags: list[str] = field(default_factory=list)
    previous_line: int | None = None  # the first "#|" line (previous msgid)

    def get(self, keyword: str) -> _String | None:
        return next((s for s in self.strings if s.keyword == keyword), None)

    @property
    def translations(self) -> list[_String]:
        return [s for s in self.strings if s.keyword.startswith("msgstr")]

    @property
    def keyword_line(self) -> int:
        return self.strings[0].first


def _unescape(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        octal, hexa, char = match.groups()
        if octal is not None:
            return chr(int(octal, 8))
        if hexa is not None:
            return chr(int(hexa, 16))
        return _ESCAPES.get(char, char)

    return _ESCAPE.sub(one, text)


def _escape(text: str) -> str:
    return "".join(_WRITTEN.get(c, c) for c in text)


def _string_lines(keyword: str, value: str) -> list[str]:
    """``keyword "value"`` as gettext's tools write it: on one line when it fits and has no
    line break but at its end, else ``keyword ""`` and the value in lines of at most 79
    columns, each ending after a line break or a space."""
    escaped = _escape(value)
    single = f'{keyword} "{escaped}"'
    inner = value.rstrip("\n")
    if len(single) <= _WIDTH and "\n" not in inner:
        return [single]
    lines = [f'{keyword} ""']
    for piece in re.split(r"(?<=\n)", value):
        if not piece:
            continue
        text = _escape(piece)
        while len(text) + 2 > _WIDTH:
            # The last space within the width, else the first after it (a long word).
            cut = text.rfind(" ", 0, _WIDTH - 2)
            if cut <= 0:
                cut = text.find(" ", _WIDTH - 2)
                if cut <= 0:
                    break
            lines.append(f'"{text[: cut + 1]}"')
            text = text[cut + 1 :]
        if text:
            lines.append(f'"{text}"')
    return lines


def _refused(path: Path, what: str, line: int) -> DocumentError:
    return DocumentError(
        f"This is not a valid gettext catalog: {what} at line {line}",
        path=path,
        hint="Check the file with msgfmt -c or open it in Poedit, then retry",
        message_id="document.bad_catalog",
        params={"line": line},
    )


def _parse(lines: Sequence[str], path: Path) -> list[_Message]:
    """The catalog's messages, obsolete ones (``#~``) left out (they stay as they are). A
    message is its comments, then its keywords; a blank line, a comment after its keywords or
    a second msgid (or msgctxt) begins the next."""
    messages: list[_Message] = []
    current: _Message | None = None
    string: _String | None = None
    for number, raw in enumerate(lines):
        stripped = raw.strip()
        if not stripped:
            current = string = None
            continue
        if stripped.startswith("#"):
            string = None
            if stripped.startswith("#~"):
                current = None
                continue
            if current is not None and current.strings:
                current = None
            if current is None:
                current = _Message(number)
                messages.append(current)
            if stripped.startswith("#,"):
                current.flags_line = number
                current.flags += [f.strip() for f in stripped[2:].split(",") if f.strip()]
            elif stripped.startswith("#|") and current.previous_line is None:
                current.previous_line = number
            continue
        keyword = _KEYWORD.match(stripped)
        if keyword is not None:
            name = keyword.group(1)
            if current is not None and name in ("msgctxt", "msgid"):
                taken = current.translations or current.get("msgid") is not None
                if taken or (name == "msgctxt" and current.get("msgctxt") is not None):
                    current = None
            if current is None:
                if name not in ("msgctxt", "msgid"):
                    raise _refused(path, f"a {name} without its msgid", number + 1)
                current = _Message(number)
                messages.append(current)
            elif name not in ("msgctxt", "msgid") and current.get("msgid") is None:
                raise _refused(path, f"a {name} without its msgid", number + 1)
            string = _String(name, number, number, _unescape(keyword.group(3)))
            current.strings.append(string)
            continue
        continued = _CONTINUED.match(raw.rstrip("\r\n"))
        if continued is not None and string is not None:
            string.last = number
            string.value += _unescape(continued.group(1))
            continue
        raise _refused(path, f"an unexpected line ({stripped[:40]!r})", number + 1)
    kept = [m for m in messages if m.strings]
    for message in kept:
        if not message.translations:
            raise _refused(path, "a message without its msgstr", message.keyword_line + 1)
    return kept


def _is_header(message: _Message) -> bool:
    """The header: the message with an empty msgid and no context."""
    msgid = message.get("msgid")
    return msgid is not None and msgid.value == "" and message.get("msgctxt") is None


def _format(flags: Sequence[str]) -> str:
    """Which placeholders a message's flags say its text holds."""
    if any(f.startswith("no-") and f.endswith("-format") for f in flags) and not any(
        f in _PRINTF_FLAGS | _BRACE_FLAGS | _QT_FLAGS for f in flags
    ):
        return "none"
    if any(f in _QT_FLAGS for f in flags):
        return "qt"
    if any(f in _BRACE_FLAGS for f in flags):
        return "brace"
    if any(f in _PRINTF_FLAGS for f in flags):
        return "printf"
    return "plain"


@dataclass(frozen=True)
class _Text:
    """A message string as the translator sees it: the text less its leading and trailing
    whitespace, which stay; its placeholders as fields."""

    lead: str
    text: str
    trail: str
    fields: tuple[str, ...]


_FIELD = FIELD.pattern()


def _ordered(placeholder: str) -> bool:
    """Whether a placeholder must keep its place among the others: printf's conversions
    that take the next argument (not ``%1$s``, ``%(name)s`` or ``%%``), ``{}``, and tags."""
    if placeholder.startswith("%"):
        return placeholder != "%%" and not re.match(r"%(?:\d+\$|\()", placeholder)
    return placeholder == "{}" or placeholder.startswith("<")


def _keeps_placeholders(text: str, shaped: _Text) -> bool:
    """Whether a translation has each of its text's placeholders once, those that must keep
    their order in it."""
    numbers = [int(m.group(1)) for m in _FIELD.finditer(text)]
    if sorted(numbers) != list(range(1, len(shaped.fields) + 1)):
        return False
    ordered = [n for n in numbers if _ordered(shaped.fields[n - 1])]
    return ordered == sorted(ordered)


def _as_text(value: str, pattern: re.Pattern[str]) -> _Text:
    core = value.strip()
    lead = value[: len(value) - len(value.lstrip())]
    trail = value[len(value.rstrip()) :] if core else ""
    fields: list[str] = []

    def placeholder(match: re.Match[str]) -> str:
        fields.append(match.group())
        return FIELD.format(len(fields))

    return _Text(lead, pattern.sub(placeholder, core), trail, tuple(fields))


class PoDocument(Document):
    """A gettext catalog; a template (.pot) is written as a catalog (.po)."""

    def __init__(self, path: Path, source: str, encoding: TextEncoding) -> None:
        self.path, self.source, self.encoding = path, source, encoding
        if path.suffix.lower() == ".pot":
            self.output_suffixes = (".po",)
        self.lines = source.splitlines(keepends=True)
        self.messages = _parse(self.lines, path)
        self.header = next((m for m in self.messages if _is_header(m)), None)
        # Per unit: the message, which string (msgid or msgid_plural) and its shape.
        self.places: list[tuple[_Message, str, _Text]] = []
        units: list[Unit] = []
        for n, message in enumerate(self.messages):
            if message is self.header or any(s.value for s in message.translations):
                continue
            pattern = _PLACEHOLDERS[_format(message.flags)]
            for keyword in ("msgid", "msgid_plural"):
                string = message.get(keyword)
                if string is None:
                    continue
                shaped = _as_text(string.value, pattern)
                check_unit_count(len(units) + 1, path)
                suffix = "" if keyword == "msgid" else "p"
                units.append(Unit(f"m{n + 1}{suffix}", shaped.text, fields=shaped.fields))
                self.places.append((message, keyword, shaped))
        if not units and any(m is not self.header for m in self.messages):
            raise DocumentError(
                "Every message of this catalog is translated already",
                path=path,
                hint="Quire fills in empty translations only; give the template (.pot) or a "
                "catalog with messages left to translate",
                message_id="document.catalog_translated",
            )
        self.units = tuple(units)

    def _plural_forms(self) -> str:
        """The Plural-Forms the output declares: the header's, else the target language's."""
        declared = self._header_fields().get("plural-forms", "")
        if declared and declared not in _PLACEHOLDER_VALUES:
            return declared
        return plural_forms(self.language)

    def _header_fields(self) -> dict[str, str]:
        if self.header is None:
            return {}
        fields: dict[str, str] = {}
        for line in self.header.translations[0].value.split("\n"):
            match = _HEADER_FIELD.match(line)
            if match:
                fields[match.group(1).lower()] = match.group(2).strip()
        return fields

    def render(self, translations: Sequence[str]) -> EncodedText:
        self._check(translations)
        plural = self._plural_forms()
        count, index_of = _plural_rule(plural)
        done: dict[int, dict[str, str]] = {}
        for (message, keyword, shaped), unit, text in zip(
            self.places, self.units, translations, strict=True
        ):
            if text.strip() == unit.text or not _keeps_placeholders(text, shaped):
                # Not translated (kept as it was, or failed), or its placeholders lost or
                # reordered where order counts: the message stays empty (a format string
                # missing its %s fails the program that fills it in).
                continue
            written = shaped.lead + unit.shown_in(text.strip()) + shaped.trail
            done.setdefault(id(message), {})[keyword] = written
        # Line number → the lines written in its place (None: the line is left out).
        replaced: dict[int, list[str] | None] = {}
        for message in self.messages:
            texts = done.get(id(message))
            if texts is None:
                continue
            newline = _newline(self.lines[message.keyword_line])
            strings = message.translations
            if message.get("msgid_plural") is not None:
                singular = texts.get("msgid") or texts["msgid_plural"]
                several = texts.get("msgid_plural") or texts["msgid"]
                # (A language of one form says "%d files" of any number: the plural's.)
                one = index_of(1) if count > 1 else -1
                values = [singular if k == one else several for k in range(count)]
                block = [
                    line
                    for k, value in enumerate(values)
                    for line in _string_lines(f"msgstr[{k}]", value)
                ]
            else:
                block = _string_lines("msgstr", texts["msgid"])
            for string in strings:
                for number in range(string.first, string.last + 1):
                    replaced[number] = None
            replaced[strings[0].first] = [line + newline for line in block]
            self._mark_fuzzy(message, replaced, newline)
        if self.header is not None:
            self._fill_header(replaced, plural)
            if self.output_suffixes and self.units:
                self._unmark_template(replaced)
        out: list[str] = []
        for number, line in enumerate(self.lines):
            if number in replaced:
                out += replaced[number] or []
            else:
                out.append(line)
        text = "".join(out)
        if self.header is None and self.language is not None and self.units:
            text = self._new_header(plural) + text
        return UTF8.encode(text)

    def _mark_fuzzy(
        self, message: _Message, replaced: dict[int, list[str] | None], newline: str
    ) -> None:
        """``#, fuzzy`` first among the message's flags, as msgmerge writes it."""
        if "fuzzy" in message.flags:
            return
        if message.flags_line is not None:
            line = self.lines[message.flags_line]
            at = line.index("#,") + 2
            rest = line[at:].lstrip()
            replaced[message.flags_line] = [f"{line[:at]} fuzzy, {rest}"]
            return
        before = message.previous_line if message.previous_line is not None else None
        before = before if before is not None else message.keyword_line
        kept = replaced.get(before)
        replaced[before] = [f"#, fuzzy{newline}", *(kept if kept else [self.lines[before]])]

    def _fill_header(self, replaced: dict[int, list[str] | None], plural: str) -> None:
        """The header with the language, plural forms and charset the output has, where it
        left them out or kept gettext's placeholders; else as it was."""
        assert self.header is not None
        string = self.header.translations[0]
        lines = string.value.split("\n")
        wanted = {
            "language": _po_language(self.language) if self.language is not None else "",
            "content-type": "text/plain; charset=UTF-8",
            "plural-forms": plural if self._has_plurals() else "",
        }
        seen: set[str] = set()
        changed = False
        for i, line in enumerate(lines):
            match = _HEADER_FIELD.match(line)
            if match is None:
                continue
            key, value = match.group(1).lower(), match.group(2).strip()
            seen.add(key)
            if key not in wanted or not wanted[key]:
                continue
            if key == "content-type":
                if "charset=utf-8" in value.lower():
                    continue
            elif value and value not in _PLACEHOLDER_VALUES:
                continue
            lines[i] = f"{match.group(1)}: {wanted[key]}"
            changed = True
        for key, name in (("language", "Language"), ("plural-forms", "Plural-Forms")):
            if key not in seen and wanted[key]:
                if lines and lines[-1] == "":
                    lines.insert(len(lines) - 1, f"{name}: {wanted[key]}")
                else:
                    lines.append(f"{name}: {wanted[key]}")
                changed = True
        if not changed:
            return
        value = "\n".join(lines)
        newline = _newline(self.lines[string.first])
        for number in range(string.first, string.last + 1):
            replaced[number] = None
        block = ['msgstr ""'] + [
            f'"{_escape(piece)}"' for piece in re.split(r"(?<=\n)", value) if piece
        ]
        replaced[string.first] = [line + newline for line in block]

    def _unmark_template(self, replaced: dict[int, list[str] | None]) -> None:
        """A template's header is fuzzy (its fields are placeholders); a catalog made from it
        has its own, as msginit makes one: not fuzzy."""
        assert self.header is not None
        line = self.header.flags_line
        if line is None or "fuzzy" not in self.header.flags:
            return
        flags = [f for f in self.header.flags if f != "fuzzy"]
        newline = _newline(self.lines[line])
        replaced[line] = [f"#, {', '.join(flags)}{newline}"] if flags else None

    def _has_plurals(self) -> bool:
        return any(m.get("msgid_plural") is not None for m in self.messages)

    def _new_header(self, plural: str) -> str:
        fields = [
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=UTF-8",
            "Content-Transfer-Encoding: 8bit",
        ]
        if self.language is not None:
            fields.insert(0, f"Language: {_po_language(self.language)}")
        if self._has_plurals():
            fields.append(f"Plural-Forms: {plural}")
        newline = _newline(self.lines[0]) if self.lines else "\n"
        body = "".join(f'"{_escape(f)}\\n"{newline}' for f in fields)
        return f'msgid ""{newline}msgstr ""{newline}{body}{newline}'


def _newline(line: str) -> str:
    return "\r\n" if line.endswith("\r\n") else "\n"


def _po_language(language: Language) -> str:
    """The language as gettext names catalogs: ``de``, ``pt_BR``, ``zh_CN``, ``sr@latin``."""
    if language.language == "zh":
        region = language.region or ("TW" if language.script == "Hant" else "CN")
        return f"zh_{region}"
    if language.language == "sr" and language.script == "Latn":
        return "sr@latin"
    return f"{language.language}_{language.region}" if language.region else language.language


def plural_forms(language: Language | None) -> str:
    """The Plural-Forms of a catalog in ``language``, as msginit writes them."""
    if language is None:
        return _TWO
    name = _po_language(language)
    return PLURAL_FORMS.get(name) or PLURAL_FORMS.get(language.language) or _TWO


def _plural_rule(forms: str) -> tuple[int, Callable[[int], int]]:
    """The number of forms a Plural-Forms declares and its rule (gettext's own parser of the
    C expression, ``gettext.c2py``, which refuses anything but arithmetic on ``n``)."""
    count = re.search(r"nplurals\s*=\s*(\d+)", forms)
    rule = re.search(r"plural\s*=\s*([^;]+);?", forms)
    try:
        number = int(count.group(1)) if count else 2
        index = gettext.c2py(rule.group(1)) if rule else (lambda n: int(n != 1))
        index(1)
    except (ValueError, SyntaxError, RecursionError, OverflowError):
        number, index = 2, (lambda n: int(n != 1))
    return max(1, min(number, 10)), index


def read(data: bytes, path: Path, *, encoding: str | None = None) -> Document:
    if encoding is None:
        declared = re.search(rb"charset=([A-Za-z0-9_.:-]+)", data[:4096])
        if declared is not None and declared.group(1).upper() != b"CHARSET":
            encoding = declared.group(1).decode("ascii")
    try:
        text, found = decode_text(data, path, "gettext catalog", encoding=encoding)
    except DocumentError:
        text, found = decode_text(data, path, "gettext catalog")
    return PoDocument(path, text, found)


__all__ = ["PLURAL_FORMS", "PoDocument", "plural_forms", "read"]
