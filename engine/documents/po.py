"""gettext catalogs (.po, and .pot templates): each message not yet translated is a unit (its
msgid; a plural message's msgid and msgid_plural, two units). Its translation fills msgstr,
every plural form of the catalog's language (see ``_values``), and the message is marked
fuzzy, as Poedit and Weblate mark a machine's translation, for a translator to review
(gettext leaves fuzzy messages out of the .mo it compiles until then).

Messages already translated, obsolete ones (``#~``), comments, references and other flags are
written back byte for byte; so is every line of a message but its msgstr lines and flags.
Placeholders (printf's ``%s`` ``%(name)s`` ``%1$s`` ``%<PRId64>``, Python's ``{name}``,
Qt's ``%1``, HTML tags), by the message's format flag, are seen as placeholders and written
as they were; a translation that loses one leaves the message empty (see
``engine.documents.placeholders``). A message's leading and trailing line breaks and spaces
stay outside the text translated. A template's header (or an empty one's) gets the
language, its plural forms and charset UTF-8; the output is UTF-8. A catalog that declares
another language than the job's is refused before any work."""

from __future__ import annotations

import datetime
import gettext
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from engine.documents import placeholders
from engine.documents.base import Document, Unit, check_unit_count, decode_text
from engine.documents.errors import DocumentError, other_target
from engine.documents.language import Language, same_target, singular_counts
from engine.errors import InputError
from engine.text.encoding import UTF8, EncodedText, TextEncoding

# A keyword and its strings (``msgid "…"``, ``msgstr[1] "…" "…"``), and a continuation line.
_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)[ \t]+(\".*)$")
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"[ \t]*')
_ESCAPE = re.compile(r"\\(?:([0-7]{1,3})|x([0-9A-Fa-f]{1,2})|(.))")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_WRITTEN = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\a": "\\a",
            "\b": "\\b", "\f": "\\f", "\v": "\\v"}  # fmt: skip
# gettext's tools (xgettext, msgmerge, msginit) keep a line within 79 columns.
_WIDTH = 79

# A message flagged with a format is read by that format's rules; one with no format flag by
# the forms that cannot be ordinary text (``%s``, ``%(name)s``, ``%1$s``, ``{name}``, ``%1``).
_PLACEHOLDERS = {
    "printf": re.compile(f"{placeholders.PRINTF}|{placeholders.TAG}"),
    "brace": re.compile(f"{placeholders.BRACES}|{placeholders.TAG}"),
    "qt": re.compile(f"{placeholders.QT}|{placeholders.TAG}"),
    "plain": placeholders.PLAIN_RE,
    "none": re.compile(placeholders.TAG),
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
_PLACEHOLDER_VALUES = {
    "LANGUAGE",
    "CHARSET",
    "nplurals=INTEGER; plural=EXPRESSION;",
    # xgettext's, which `msgfmt -c` warns of in a catalog ("still has the initial default
    # value"): filled in as `msginit --no-translator` fills them, the date with the output's
    "YEAR-MO-DA HO:MI+ZONE",
    "FULL NAME <EMAIL@ADDRESS>",
    "LANGUAGE <LL@li.org>",
}


@dataclass
class _String:
    """A keyword's strings: its lines ``first..last`` (inclusive) and their value."""

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
    """A C string's value; octal and hex escapes are bytes of the file's text (UTF-8 as
    written, as msgfmt reads them)."""
    if "\\" not in text:
        return text
    out = bytearray()
    cursor = 0
    for match in _ESCAPE.finditer(text):
        out += text[cursor : match.start()].encode("utf-8")
        octal, hexa, char = match.groups()
        if octal is not None:
            out.append(int(octal, 8) & 0xFF)
        elif hexa is not None:
            out.append(int(hexa, 16))
        else:
            out += _ESCAPES.get(char, char).encode("utf-8")
        cursor = match.end()
    out += text[cursor:].encode("utf-8")
    return out.decode("utf-8", errors="replace")


def _strings(rest: str) -> str | None:
    """The value of one or more C strings on a line (``"a" "b"``); None when the line holds
    anything else (an unterminated string, a quote left bare)."""
    value: list[str] = []
    cursor = 0
    rest = rest.rstrip()
    while cursor < len(rest):
        match = _STRING.match(rest, cursor)
        if match is None:
            return None
        value.append(match.group(1))
        cursor = match.end()
    return _unescape("".join(value)) if value else None


def _escape(text: str) -> str:
    return "".join(_WRITTEN.get(c, c) for c in text)


def _cut(text: str, width: int) -> int:
    """Where an escaped piece longer than ``width`` ends its line: after its last space
    within the width; in text without spaces there (Chinese, Japanese), between two
    characters, never inside an escape; else after the first space beyond (a long word or
    address stays whole). 0: nowhere."""
    space = text.rfind(" ", 0, width)
    if space > 0:
        return space + 1
    if any(ord(c) > 0x2E7F for c in text[:width]):
        cut = width
        while cut > 1 and (text[cut - 1] == "\\" and not _escaped_backslash(text, cut - 1)):
            cut -= 1
        return cut
    space = text.find(" ", width)
    return space + 1 if space > 0 else 0


def _escaped_backslash(text: str, at: int) -> bool:
    """Whether the backslash at ``at`` is itself escaped (preceded by an odd run of them)."""
    run = 0
    while at - run - 1 >= 0 and text[at - run - 1] == "\\":
        run += 1
    return run % 2 == 1


def _string_lines(keyword: str, value: str, *, wrap: bool = True) -> list[str]:
    """``keyword "value"`` as gettext's tools write it: on one line when it fits (or the
    message is ``no-wrap``) and has no line break but at its end, else ``keyword ""`` and the
    value in lines of at most 79 columns, each ending after a line break or a space."""
    escaped = _escape(value)
    single = f'{keyword} "{escaped}"'
    inner = value.rstrip("\n")
    if (len(single) <= _WIDTH or not wrap) and "\n" not in inner:
        return [single]
    lines = [f'{keyword} ""']
    for piece in re.split(r"(?<=\n)", value):
        if not piece:
            continue
        text = _escape(piece)
        while wrap and len(text) + 2 > _WIDTH:
            cut = _cut(text, _WIDTH - 2)
            if cut <= 0 or cut >= len(text):
                break
            lines.append(f'"{text[:cut]}"')
            text = text[cut:]
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


def _split_lines(source: str) -> list[str]:
    """The source's lines with their ends, cut at line feeds only (a string may hold U+2028
    or a form feed, which ``str.splitlines`` would cut at)."""
    return [line for line in re.split(r"(?<=\n)", source) if line]


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
            value = _strings(keyword.group(3))
            if value is None:
                raise _refused(path, f"a {name} whose string is not closed", number + 1)
            if current is not None and name in ("msgctxt", "msgid"):
                taken = current.translations or current.get("msgid") is not None
                if taken or (name == "msgctxt" and current.get("msgctxt") is not None):
                    current = None
            if current is None:
                if name not in ("msgctxt", "msgid"):
                    raise _refused(path, f"a {name} without its msgid", number + 1)
                current = _Message(number)
                messages.append(current)
            else:
                _check_order(current, name, path, number)
            string = _String(name, number, number, value)
            current.strings.append(string)
            continue
        if stripped.startswith('"') and string is not None:
            value = _strings(stripped)
            if value is None:
                raise _refused(path, "a string that is not closed", number + 1)
            string.last = number
            string.value += value
            continue
        raise _refused(path, f"an unexpected line ({stripped[:40]!r})", number + 1)
    kept = [m for m in messages if m.strings]
    for message in kept:
        if not message.translations:
            raise _refused(path, "a message without its msgstr", message.keyword_line + 1)
        plural = message.get("msgid_plural") is not None
        indexed = [s.keyword != "msgstr" for s in message.translations]
        if any(indexed) != plural or (plural and not all(indexed)):
            what = "a plural message without msgstr[0]" if plural else "a msgstr[N] without"
            what = what if plural else f"{what} its msgid_plural"
            raise _refused(path, what, message.translations[0].first + 1)
        if plural:
            numbers = [int(s.keyword[7:-1]) for s in message.translations]
            if numbers != list(range(len(numbers))):
                raise _refused(path, "plural forms out of order", message.translations[0].first + 1)
    return kept


def _check_order(message: _Message, name: str, path: Path, number: int) -> None:
    """A keyword in its place: msgctxt, msgid, msgid_plural, then msgstr (or msgstr[N]),
    each once."""
    if message.get(name) is not None:
        raise _refused(path, f"a second {name} in one message", number + 1)
    if name == "msgid_plural" and (message.get("msgid") is None or message.translations):
        raise _refused(path, "a msgid_plural out of place", number + 1)
    if name.startswith("msgstr") and message.get("msgid") is None:
        raise _refused(path, f"a {name} without its msgid", number + 1)


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


class PoDocument(Document):
    """A gettext catalog; a template (.pot) is written as a catalog (.po)."""

    def __init__(self, path: Path, source: str, encoding: TextEncoding) -> None:
        self.path, self.source, self.encoding = path, source, encoding
        self.found = encoding
        if path.suffix.lower() == ".pot":
            self.output_suffixes = (".po",)
        self.lines = _split_lines(source)
        self.messages = _parse(self.lines, path)
        self.header = next((m for m in self.messages if _is_header(m)), None)
        # Per unit: the message, which string (msgid or msgid_plural) and its shape.
        self.places: list[tuple[_Message, str, placeholders.Shaped]] = []
        # Per message (by id), its strings' shapes: a plural message's two side by side.
        self.shapes: dict[int, dict[str, placeholders.Shaped]] = {}
        units: list[Unit] = []
        for n, message in enumerate(self.messages):
            if message is self.header or any(s.value for s in message.translations):
                continue
            pattern = _PLACEHOLDERS[_format(message.flags)]
            for keyword in ("msgid", "msgid_plural"):
                string = message.get(keyword)
                if string is None:
                    continue
                shaped = placeholders.shape(string.value, pattern)
                check_unit_count(len(units) + 1, path)
                suffix = "" if keyword == "msgid" else "p"
                units.append(Unit(f"m{n + 1}{suffix}", shaped.text, fields=shaped.fields))
                self.places.append((message, keyword, shaped))
                self.shapes.setdefault(id(message), {})[keyword] = shaped
        if not units and any(m is not self.header for m in self.messages):
            raise DocumentError(
                "Every message of this catalog is translated already",
                path=path,
                hint="Quire fills in empty translations only; give the template (.pot) or a "
                "catalog with messages left to translate",
                message_id="document.catalog_translated",
            )
        self.units = tuple(units)

    def declared_language(self) -> str | None:
        """The language the catalog says it is in (its header's), if it names one."""
        value = self._header_fields().get("language", "")
        return value if value and value not in _PLACEHOLDER_VALUES else None

    def declared_target(self) -> str | None:
        declared = self.declared_language()
        return _as_tag(declared) if declared else None

    def check_target(self, language: Language) -> None:
        declared = self.declared_language()
        if declared is None:
            return
        if not same_target(declared, language):
            hint = (
                f"Translate it into {declared}, or translate the template (.pot) into "
                f"{language.tag}"
            )
            raise other_target(self.path, "This catalog", declared, language.tag, hint)

    def _plural_forms(self) -> str:
        """The Plural-Forms the output declares: the header's where it is the target's (its
        Language is the target, or no target is known), else the target language's (a
        template's English two forms, kept, gave Arabic two forms of its six)."""
        declared = self._header_fields().get("plural-forms", "")
        if declared and declared not in _PLACEHOLDER_VALUES:
            named = self.declared_language()
            if self.language is None or (named and same_target(named, self.language)):
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

    def accepts(self, index: int, text: str) -> bool:
        """As ``render`` writes it: a translation that lost a placeholder is left out (the
        message stays empty), but a plural message's singular may leave out its count."""
        message, keyword, shaped = self.places[index]
        verdict = placeholders.check(text.strip(), shaped.fields)
        if keyword == "msgid" and message.get("msgid_plural") is not None:
            return verdict != "bad"
        return verdict == "ok"

    def render(self, translations: Sequence[str]) -> EncodedText:
        self._check(translations)
        if self.language is not None:
            self.check_target(self.language)
        plural = self._plural_forms()
        count, index_of = _plural_rule(plural)
        # Per message, per string (msgid, msgid_plural): its translation as written, and
        # whether it kept all its placeholders ("ok") or some ("subset").
        done: dict[int, dict[str, tuple[str, str]]] = {}
        for (message, keyword, shaped), unit, text in zip(
            self.places, self.units, translations, strict=True
        ):
            verdict = placeholders.check(text, shaped.fields)
            if verdict == "bad":
                continue
            written = shaped.lead + unit.shown_in(text.strip()) + shaped.trail
            done.setdefault(id(message), {})[keyword] = (written, verdict)
        # Line number → the lines written in its place (None: the line is left out).
        replaced: dict[int, list[str] | None] = {}
        for message in self.messages:
            texts = done.get(id(message))
            if texts is None:
                continue
            values = _values(message, texts, self.shapes[id(message)], count, index_of)
            if values is None:
                continue
            newline = _newline(self.lines[message.keyword_line])
            wrap = "no-wrap" not in message.flags
            if message.get("msgid_plural") is not None:
                block = [
                    line
                    for k, value in enumerate(values)
                    for line in _string_lines(f"msgstr[{k}]", value, wrap=wrap)
                ]
            else:
                block = _string_lines("msgstr", values[0], wrap=wrap)
            strings = message.translations
            for string in strings:
                for number in range(string.first, string.last + 1):
                    replaced[number] = None
            replaced[strings[0].first] = [line + newline for line in block]
            self._mark_fuzzy(message, replaced, newline)
        if not replaced:
            return self.found.encode(self.source)  # nothing translated: as it was
        if self.header is not None:
            self._fill_header(replaced, plural)
            if self.output_suffixes:
                self._unmark_template(replaced)
        out: list[str] = []
        for number, line in enumerate(self.lines):
            if number in replaced:
                out += replaced[number] or []
            else:
                out.append(line)
        text = "".join(out)
        if self.header is None:
            text = self._new_header(plural) + text
        return UTF8.encode("\ufeff" + text if self.found.bom else text)

    def _mark_fuzzy(
        self, message: _Message, replaced: dict[int, list[str] | None], newline: str
    ) -> None:
        """``#, fuzzy`` first among the message's flags, as msgmerge writes it."""
        if "fuzzy" in message.flags:
            return
        if message.flags_line is not None:
            line = self.lines[message.flags_line]
            at = line.index("#,") + 2
            rest = line[at:].strip(" \t\r\n")
            replaced[message.flags_line] = [
                f"{line[:at]} fuzzy, {rest}{newline}" if rest else f"{line[:at]} fuzzy{newline}"
            ]
            return
        before = message.previous_line if message.previous_line is not None else None
        before = before if before is not None else message.keyword_line
        kept = replaced.get(before)
        replaced[before] = [f"#, fuzzy{newline}", *(kept if kept else [self.lines[before]])]

    def _fill_header(self, replaced: dict[int, list[str] | None], plural: str) -> None:
        """The header with the language, plural forms and charset the output has, where it
        left them out or kept gettext's placeholders (and plural forms of another language
        than the target's); else as it was."""
        assert self.header is not None
        string = self.header.translations[0]
        lines = string.value.split("\n")
        language = _po_language(self.language) if self.language is not None else ""
        # Field → (value, when to add it where it is missing).
        wanted = {
            "mime-version": ("1.0", True),
            "content-type": ("text/plain; charset=UTF-8", True),
            "content-transfer-encoding": ("8bit", True),
            "language": (language, bool(language)),
            "plural-forms": (plural, self._has_plurals()),
            "po-revision-date": (_revision_date(), False),
            "last-translator": ("Automatically generated", False),
            "language-team": ("none", False),
        }
        names = {
            "mime-version": "MIME-Version",
            "content-type": "Content-Type",
            "content-transfer-encoding": "Content-Transfer-Encoding",
            "language": "Language",
            "plural-forms": "Plural-Forms",
        }
        seen: set[str] = set()
        changed = False
        for i, line in enumerate(lines):
            match = _HEADER_FIELD.match(line)
            if match is None:
                continue
            key, value = match.group(1).lower(), match.group(2).strip()
            seen.add(key)
            if key not in wanted or not wanted[key][0]:
                continue
            if key == "content-type":
                if "charset=utf-8" in value.lower():
                    continue
            elif key == "plural-forms":
                if value == plural:  # (the header's, kept: see _plural_forms)
                    continue
            elif value and value not in _PLACEHOLDER_VALUES:
                continue
            lines[i] = f"{match.group(1)}: {wanted[key][0]}"
            changed = True
        for key, (value, add) in wanted.items():
            if key not in seen and add and value:
                at = len(lines) - 1 if lines and lines[-1] == "" else len(lines)
                lines.insert(at, f"{names[key]}: {value}")
                if at == len(lines) - 1:
                    lines.append("")
                changed = True
        if not changed:
            return
        value = "\n".join(lines)
        if not value.endswith("\n"):
            value += "\n"
        newline = _newline(self.lines[string.first])
        for number in range(string.first, string.last + 1):
            replaced[number] = None
        replaced[string.first] = [line + newline for line in _string_lines("msgstr", value)]

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


def _revision_date() -> str:
    """Now, as gettext's tools write a header's dates (2026-12-06 17:05+0100)."""
    return datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M%z")


def _values(
    message: _Message,
    texts: dict[str, tuple[str, str]],
    shapes: dict[str, placeholders.Shaped],
    count: int,
    index_of: Callable[[int], int],
) -> list[str] | None:
    """A message's msgstr values (one, or one per plural form); None when its translation
    cannot be used.

    A plural form used for 1 alone takes the singular's translation, which may leave out the
    count ("Un error"); a form used for 1 and other numbers (Russian's for 1, 21, 31…,
    French's for 0 and 1) takes it only when it has every placeholder, else the plural's; the
    other forms take the plural's. A translation the same as its text counts (Spanish "%d
    error"), but only once the other string of the message is translated."""
    singular, several = texts.get("msgid"), texts.get("msgid_plural")
    if message.get("msgid_plural") is None:
        if singular is None or singular[1] != "ok":
            return None
        if _unchanged(message, "msgid", singular[0]):
            return None  # not translated, or failed: the message stays empty
        return [singular[0]]
    if several is None or several[1] != "ok":
        return None
    if _unchanged(message, "msgid_plural", several[0]) and (
        singular is None or _unchanged(message, "msgid", singular[0])
    ):
        return None
    one = index_of(1) if count > 1 else -1
    alone = _one_alone(count, index_of)
    counts = singular_counts(shapes["msgid"].fields, shapes["msgid_plural"].fields)
    values = []
    for k in range(count):
        if k != one:
            values.append(several[0])
        elif singular is not None and (alone or (singular[1] == "ok" and counts)):
            values.append(singular[0])
        elif alone:
            return None  # the plural's words for one thing ("1 errores"): leave it empty
        else:
            values.append(several[0])
    return values


def _one_alone(count: int, index_of: Callable[[int], int]) -> bool:
    """Whether a catalog's rule of ``count`` forms gives 1 a form no other number takes (as
    :func:`language.one_alone` says of a language, by the rule the catalog declares)."""
    one = index_of(1) if count > 1 else -1
    return one >= 0 and all(index_of(n) != one for n in range(200) if n != 1)


def _unchanged(message: _Message, keyword: str, written: str) -> bool:
    string = message.get(keyword)
    return string is not None and written == string.value


def _as_tag(name: str) -> str:
    """A gettext or Qt language name as a language tag: ``pt_BR`` → ``pt-BR``, ``sr@latin``
    → ``sr-Latn``."""
    base, _, modifier = name.strip().partition("@")
    base = base.split(".")[0].replace("_", "-")  # (de_DE.UTF-8: a locale's name)
    script = {"latin": "Latn", "cyrillic": "Cyrl"}.get(modifier.lower())
    return f"{base}-{script}" if script else base


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


def _default_rule(n: int) -> int:
    return int(n != 1)


def _plural_rule(forms: str) -> tuple[int, Callable[[int], int]]:
    """The number of forms a Plural-Forms declares and its rule (gettext's own parser of the
    C expression, ``gettext.c2py``, which refuses anything but arithmetic on ``n``); a rule
    that fails (``n%0``) or names a form beyond the count is gettext's default."""
    count = re.search(r"nplurals\s*=\s*(\d+)", forms)
    rule = re.search(r"plural\s*=\s*([^;]+);?", forms)
    try:
        number = max(1, min(int(count.group(1)) if count else 2, 10))
        index = gettext.c2py(rule.group(1)) if rule else _default_rule
        if any(not 0 <= index(n) < number for n in range(200)):
            raise ValueError(forms)
    except Exception:  # (a catalog's expression: any failure means "unusable")
        return 2, _default_rule
    return number, index


def read(data: bytes, path: Path, *, encoding: str | None = None) -> Document:
    if encoding is None:
        declared = re.search(rb"charset=([A-Za-z0-9_.:-]+)", data[:4096])
        if declared is not None and declared.group(1).upper() != b"CHARSET":
            encoding = declared.group(1).decode("ascii")
    try:
        text, found = decode_text(data, path, "gettext catalog", encoding=encoding)
    except InputError:  # a charset Quire does not know, or bytes that are not in it
        text, found = decode_text(data, path, "gettext catalog")
    return PoDocument(path, text, found)


__all__ = ["PLURAL_FORMS", "PoDocument", "plural_forms", "read"]
