"""Windows resource scripts (``.rc``, as Visual Studio's resource editor and hand-written
Win32, MFC and WTL apps keep them): the strings a localiser (Passolo, translate-toolkit's
rc2po) translates are the units: each ``STRINGTABLE`` string, a ``DIALOG``/``DIALOGEX``'s
``CAPTION`` and its controls' texts (``LTEXT``, ``PUSHBUTTON``, ``CONTROL "text", id, …``), a
``MENU``/``MENUEX``'s ``POPUP`` and ``MENUITEM`` texts, and ``VERSIONINFO``'s
``FileDescription`` and ``Comments`` (never its names, versions and file names). Every other
byte is kept: ids, coordinates, styles, the preprocessor's lines, comments, icons, fonts,
accelerators, ``TEXTINCLUDE``.

A string's ``""`` is a quote; its backslash escapes (``\\n``, ``\\t``, ``\\\\``), printf's and
FormatMessage's ``%1`` are placeholders, and a menu item's shortcut (``\\tCtrl+O``) is kept. An
access key's ``&`` is put back on the same letter in the translation (placeholders'
``with_access_key``; in Chinese, Japanese and Korean after the label, ``ファイル(&F)``, as
Windows' own menus have it), ``&&`` stays an ampersand. The output names its language: each
``LANGUAGE`` statement (``LANG_GERMAN, SUBLANG_GERMAN``, or numbers where the file wrote
numbers), MFC's ``AFX_TARG_DEU`` and ``VERSIONINFO``'s block and ``Translation`` ids.

Encodings as rc.exe reads them: UTF-16LE with a BOM (Visual Studio's), UTF-8 with a BOM, the
code page ``#pragma code_page(N)`` names, else the ANSI code page of the file's ``LANGUAGE``.
The output keeps the input's encoding; where the translation does not fit in it (or the
file names none and the translation is not ASCII), it is written in UTF-16LE with a BOM,
which rc.exe and windres read whatever the code page, and a note says so."""

from __future__ import annotations

import locale
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from engine.api import Note
from engine.documents import placeholders
from engine.documents.base import Document, Unit, check_unit_count, decode_text, edited
from engine.documents.errors import DocumentError, empty_file
from engine.documents.ini import inno_options
from engine.documents.language import lcid, target_language
from engine.documents.rc_languages import CONSTANTS
from engine.text.encoding import EncodedText, TextEncoding

_TOKEN = re.compile(
    r"(?P<newline>\r\n|\r|\n)|(?P<space>[ \t\f\v\ufeff]+)|(?P<comment>//[^\r\n]*|/\*.*?\*/)"
    r'|(?P<string>L?"(?:[^"\r\n\\]|\\(?:\r\n|.)|"")*")|(?P<word>[A-Za-z_][\w.]*|\d\w*)|(?P<other>.)',
    re.DOTALL,
)
_DIRECTIVE = re.compile(r"#(?:[^\r\n\\]|\\(?:\r\n|\r|\n)?)*")
_C_DIRECTIVE = re.compile(r"#\s*(?:include|define|if|ifdef|ifndef|pragma|undef)\b")
_CODE_PAGE = re.compile(r"#\s*pragma\s+code_page\s*\(\s*(\w+)\s*\)")
_TARGET = re.compile(r"(\bAFX_TARG_)([A-Z]{3})\b")
# Controls whose first argument, a string, is text a user reads (ICON's is a resource's name).
_CONTROLS = frozenset(
    ["LTEXT", "CTEXT", "RTEXT", "PUSHBUTTON", "DEFPUSHBUTTON", "GROUPBOX", "CHECKBOX",
     "AUTOCHECKBOX", "RADIOBUTTON", "AUTORADIOBUTTON", "STATE3", "AUTO3STATE", "PUSHBOX",
     "CONTROL", "USERBUTTON"]
)  # fmt: skip
# The statements between a resource's header and its BEGIN: a dialog's (MENU names the menu
# it shows) and VERSIONINFO's.
_HEADER = frozenset(
    ["STYLE", "EXSTYLE", "CAPTION", "FONT", "MENU", "CLASS", "CHARACTERISTICS", "VERSION",
     "LANGUAGE", "FILEVERSION", "PRODUCTVERSION", "FILEFLAGSMASK", "FILEFLAGS", "FILEOS",
     "FILETYPE", "FILESUBTYPE"]
)  # fmt: skip
_PICTURES = ("SS_ICON", "SS_BITMAP", "SS_ENHMETAFILE")
_RESOURCES = {
    "DIALOG": "dialog", "DIALOGEX": "dialog", "MENU": "menu", "MENUEX": "menu",
    "VERSIONINFO": "version", "STRINGTABLE": "strings", "TEXTINCLUDE": "textinclude",
}  # fmt: skip
# Resources of no text of their own: ``IDI_APP ICON "app.ico"``.
_OTHER_RESOURCES = frozenset(
    ["ICON", "BITMAP", "CURSOR", "FONT", "RCDATA", "HTML", "MESSAGETABLE", "ACCELERATORS",
     "DLGINIT", "TOOLBAR", "PNG", "AVI", "RT_MANIFEST", "TYPELIB", "REGISTRY", "DESIGNINFO"]
)  # fmt: skip
# A LANGUAGE statement in TEXTINCLUDE's text (what Visual Studio writes again on saving).
_INCLUDED_LANGUAGE = re.compile(r"\bLANGUAGE[ \t]+(\w+)[ \t]*,[ \t]*(\w+)")
# VERSIONINFO's values Passolo and Visual Localize translate: what the file is, in words.
_VERSION_TEXT = frozenset(["filedescription", "comments"])
# A string's escapes (a line's end after a backslash too, with the next line's indent: the
# string goes on there), FormatMessage's inserts (%1, %1!d!), printf's and numbered {0} (7-Zip's
# own formatter's); a menu item's
# shortcut after its tab.
_PATTERN = re.compile(
    r"\\(?:x[0-9A-Fa-f]{1,4}|[0-7]{1,3}|(?:\r\n|\r|\n)[ \t]*|.)"
    r"|%[1-9]\d?(?:![^!]*!)?|%[0-9]?[nr%.!]|\{\d+\}|" + placeholders.PRINTF
)
_MENU_PATTERN = re.compile(r"\\t[^\\]*$|" + _PATTERN.pattern)
# MFC's AFX_TARG_ names: Windows' three-letter language abbreviations (LOCALE_SABBREVLANGNAME).
_ABBREVIATIONS = {
    "en-US": "ENU", "en-GB": "ENG", "de-DE": "DEU", "fr-FR": "FRA", "es-ES": "ESN",
    "it-IT": "ITA", "ja-JP": "JPN", "ko-KR": "KOR", "zh-CN": "CHS", "zh-TW": "CHT",
    "pt-BR": "PTB", "pt-PT": "PTG", "ru-RU": "RUS", "pl-PL": "PLK", "nl-NL": "NLD",
    "sv-SE": "SVE", "da-DK": "DAN", "fi-FI": "FIN", "nb-NO": "NOR", "cs-CZ": "CSY",
    "hu-HU": "HUN", "tr-TR": "TRK", "el-GR": "ELL", "he-IL": "HEB", "ar-SA": "ARA",
    "th-TH": "THA", "uk-UA": "UKR", "sk-SK": "SKY", "sl-SI": "SLV", "ro-RO": "ROM",
    "bg-BG": "BGR", "hr-HR": "HRV", "ca-ES": "CAT", "vi-VN": "VIT", "id-ID": "IND",
}  # fmt: skip


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    start: int
    end: int
    line: int
    first: bool  # (the first on its line: a new statement, unless the last ended in , or |)


@dataclass(frozen=True)
class _String:
    start: int  # (inside the quotes)
    end: int
    shaped: placeholders.Shaped
    key: str | None  # (the access key's letter, where the text has one)


def _broken(path: Path, why: str, line: int) -> DocumentError:
    return DocumentError(
        f"This resource script cannot be read: {why} at line {line}",
        path=path,
        hint="Open it in Visual Studio's resource editor or a text editor, correct it, then retry",
        message_id="document.bad_rc",
        params={"why": why, "line": line},
    )


def _tokens(source: str, path: Path) -> list[_Token]:
    tokens: list[_Token] = []
    pos, line, first = 0, 1, True
    while pos < len(source):
        if first and source[pos] == "#":
            directive = _DIRECTIVE.match(source, pos)
            assert directive is not None
            tokens.append(_Token("directive", directive.group(), pos, directive.end(), line, True))
            line += len(re.findall(r"\r\n|\r|\n", directive.group()))
            pos = directive.end()
            continue
        match = _TOKEN.match(source, pos)
        assert match is not None
        kind = match.lastgroup or "other"
        if kind == "other" and match.group() == '"':
            raise _broken(path, "a string with no closing quote", line)
        if kind == "newline":
            line, first = line + 1, True
        elif kind == "comment":
            line += len(re.findall(r"\r\n|\r|\n", match.group()))
        elif kind != "space":
            tokens.append(_Token(kind, match.group(), pos, match.end(), line, first))
            first = False
        pos = match.end()
    return tokens


def _text(raw: str) -> str:
    """A string's contents as the translator sees them, its escapes aside: ``""`` a quote."""
    return raw.replace('""', '"')


def _escaped(text: str) -> str:
    text = text.replace("\\", "\\\\").replace('"', '""')
    return re.sub(r"\r\n|\r|\n", r"\\n", text)


class RcDocument(Document):
    strict_fields = True  # (placeholders.written keeps a unit that lost one)
    encoding: TextEncoding

    def __init__(self, path: Path, source: str, encoding: TextEncoding, declared: bool) -> None:
        self.path, self.source, self.encoding = path, source, encoding
        self.declared = declared  # (a BOM or a code_page pragma says the encoding)
        self.strings: list[_String] = []
        self.languages: list[tuple[_Token, _Token]] = []  # (LANGUAGE's two arguments)
        self.version_ids: list[tuple[int, int, str]] = []  # (a block's or Translation's id)
        self.directives: list[_Token] = []
        self.included: list[_Token] = []  # (TEXTINCLUDE's strings: its directives and LANGUAGE)
        units: list[Unit] = []
        tokens = _tokens(source, path)
        stack: list[str] = []
        pending = "other"
        name = ""
        resources = 0
        version_block: list[str] = []
        for i, token in enumerate(tokens):
            word = token.text.upper() if token.kind == "word" else ""
            after = tokens[i + 1] if i + 1 < len(tokens) else None
            if token.kind == "directive":
                self.directives.append(token)
                continue
            if word in ("BEGIN", "{") or token.text == "{":
                stack.append(pending)
                pending = "other"
                continue
            if word == "END" or token.text == "}":
                if stack:
                    stack.pop()
                if version_block:
                    version_block.pop()
                continue
            kind = stack[0] if stack else None
            if not stack and token.first and word == "LANGUAGE" and i + 3 < len(tokens):
                self.languages.append((tokens[i + 1], tokens[i + 3]))
                continue
            if not stack and word in _RESOURCES and (word == "STRINGTABLE") == token.first:
                pending = _RESOURCES[word]
                name = "STRINGTABLE" if word == "STRINGTABLE" else tokens[i - 1].text
                resources += 1
                continue
            if not stack and not token.first and word in _OTHER_RESOURCES:
                resources += 1  # (a script of icons, fonts or grammars is one, with no text)
            if not stack and token.first and word not in _HEADER:
                pending = "other"  # (a new statement: an ICON, ACCELERATORS' header…)
            if kind == "textinclude" and token.kind == "string":
                self.included.append(token)
            if kind == "strings" and token.kind == "string":
                before = [t.text for t in tokens[max(0, i - 2) : i] if t.text != ","]
                label = before[-1] if before else str(len(units))
                self._add(units, label, token, access=True)
            if after is None or after.kind != "string":
                continue
            if not stack and pending == "dialog" and word == "CAPTION":
                self._add(units, f"{name}.CAPTION", after, access=False)
            elif kind == "dialog" and word in _CONTROLS and token.first:
                statement = _statement(tokens, i)
                if word == "CONTROL" and any(t.text in _PICTURES for t in statement):
                    continue
                control = next((t.text for t in statement[2:] if t.text != ","), "")
                nopfx = any(t.text == "SS_NOPREFIX" for t in statement)
                self._add(units, f"{name}.{control}", after, access=not nopfx)
            elif kind == "menu" and word in ("POPUP", "MENUITEM"):
                statement = _statement(tokens, i)
                item = next((t.text for t in statement[2:] if t.text != ","), "")
                self._add(units, f"{name}.{item or len(units)}", after, True, _MENU_PATTERN)
            elif kind == "version" and word == "BLOCK":
                label = _text(after.text[1:-1])
                version_block.append(label)
                if re.fullmatch(r"[0-9A-Fa-f]{8}", label) and len(stack) == 2:
                    self.version_ids.append((after.start + 1, after.start + 5, "block"))
            elif kind == "version" and word == "VALUE":
                key = _text(after.text[1:-1]).lower()
                value = tokens[i + 3] if i + 3 < len(tokens) else None
                if key == "translation" and value is not None and value.kind == "word":
                    self.version_ids.append((value.start, value.end, value.text))
                elif key in _VERSION_TEXT and value is not None and value.kind == "string":
                    self._add(units, f"VERSIONINFO.{_text(after.text[1:-1])}", value, False)
        # (a script of an ICON and an #include "common.ver" is one, with no text of its own)
        if not (resources or self.languages) and not any(
            _C_DIRECTIVE.match(d.text) for d in self.directives
        ):
            raise DocumentError(
                "This is not a Windows resource script: it has no STRINGTABLE, DIALOG, MENU, "
                "VERSIONINFO or #include",
                path=path,
                hint="Give the .rc file Visual Studio keeps the app's strings and dialogs in",
                message_id="document.bad_rc",
                params={"why": "no resources", "line": 1},
            )
        self.units = tuple(units)

    def _add(
        self,
        units: list[Unit],
        uid: str,
        token: _Token,
        access: bool,
        pattern: re.Pattern[str] = _PATTERN,
    ) -> None:
        quote = token.text.index('"')
        start, end = token.start + quote + 1, token.end - 1
        raw = self.source[start:end]
        shaped = placeholders.shape(_text(raw), pattern)
        key = None
        text = shaped.text
        if access and re.search(r"&[^&\s]", raw):
            text, key = placeholders.without_access_key(text)
        if not re.search(r"[^\W\d_]", text):
            return  # (no words: "", "...", "Static", numbers)
        check_unit_count(len(units) + 1, self.path)
        units.append(Unit(uid, text, fields=shaped.fields))
        self.strings.append(_String(start, end, shaped, key))

    def render(self, translations: Sequence[str]) -> EncodedText:
        self._check(translations)
        edits = list(self._language_edits())
        # (a key its letters lack follows the label: "ファイル(&F)", as Windows' own menus write it)
        asian = self.language is not None and self.language.kind == "asian"
        for string, unit, text in zip(self.strings, self.units, translations, strict=True):
            text = text.strip()
            if text == unit.text:
                continue
            if string.key is not None:  # (an ampersand with no key after it is one shown)
                text = placeholders.with_access_key(text, string.key, appended=asian)
            if placeholders.check(text, unit.fields) != "ok":
                continue  # (kept: a program cannot use a string that lost a placeholder)
            # (escaped before the source's escapes, its placeholders, are put back as they were)
            shaped = string.shaped
            written = shaped.lead + unit.shown_in(_escaped(text)) + shaped.trail
            edits.append((string.start, string.end, written))
        return self._encoded(edited(self.source, edits))

    def _encoded(self, text: str) -> EncodedText:
        encoding = self.encoding
        if encoding.codec.startswith("utf-16"):
            return encoding.encode(text)
        if self.declared or text.isascii():
            try:
                data = text.encode(encoding.codec)
            except UnicodeEncodeError:
                pass
            else:
                mark = "\ufeff".encode(encoding.codec) if encoding.bom else b""
                return EncodedText(mark + data, encoding.name, fallback=False)
        named = encoding.name if self.declared else "the system's code page (no #pragma code_page)"
        self.notes = (
            *self.notes,
            Note(
                f"The translation does not fit in {named}: {self.path.name} is "
                "written in UTF-16 with a byte order mark, as Visual Studio writes resource "
                "scripts",
                "document.rc_utf16",
                {"encoding": named},
            ),
        )
        return EncodedText(b"\xff\xfe" + text.encode("utf-16-le"), "utf-16-le", fallback=True)

    def _language_edits(self) -> list[tuple[int, int, str]]:
        language = self.language
        if language is None:
            return []
        number = lcid(language)
        if number is None:
            return []
        edits: list[tuple[int, int, str]] = []
        constants = CONSTANTS.get(number)
        arguments = [(p.text, p.start, p.end, b.text, b.start, b.end) for p, b in self.languages]
        for token in self.included:
            for match in _INCLUDED_LANGUAGE.finditer(token.text):
                at = token.start
                primary, sub = match.group(1), match.group(2)
                spans = (at + match.start(1), at + match.end(1), at + match.start(2))
                arguments.append((primary, spans[0], spans[1], sub, spans[2], at + match.end(2)))
        for primary, p_start, p_end, sub, s_start, s_end in arguments:
            named = primary.startswith("LANG_") or sub.startswith("SUBLANG_")
            if named and constants is not None:
                edits += [(p_start, p_end, constants[0]), (s_start, s_end, constants[1])]
            else:
                hexed = primary.lower().startswith("0x")
                low, high = number & 0x3FF, number >> 10
                edits += [(p_start, p_end, f"0x{low:02X}" if hexed else str(low))]
                edits += [(s_start, s_end, f"0x{high:02X}" if hexed else str(high))]
        for start, end, what in self.version_ids:
            if what == "block":
                upper = self.source[start:end].isupper()
                edits.append((start, end, f"{number:04X}" if upper else f"{number:04x}"))
            else:
                hexed = what.lower().startswith("0x")
                edits.append((start, end, f"0x{number:x}" if hexed else str(number)))
        abbreviation = _ABBREVIATIONS.get(language.culture)
        if abbreviation is not None:
            for directive in (*self.directives, *self.included):
                for match in _TARGET.finditer(directive.text):
                    at = directive.start + match.start(2)
                    edits.append((at, at + 3, abbreviation))
        return edits


def _statement(tokens: Sequence[_Token], i: int) -> list[_Token]:
    """The tokens of the statement at ``i``: to the next line that follows no , or |."""
    end = i + 1
    while end < len(tokens):
        token = tokens[end]
        if token.first and tokens[end - 1].text not in (",", "|") and token.text not in (",", "|"):
            break
        if token.kind == "directive":
            break
        end += 1
    return list(tokens[i:end])


_LANGUAGE = re.compile(rb"^[ \t]*LANGUAGE[ \t]+(\w+)[ \t]*,[ \t]*(\w+)", re.MULTILINE)


def _ansi_code_page(data: bytes) -> str | None:
    """The ANSI code page of the language the script's first ``LANGUAGE`` names."""
    found = _LANGUAGE.search(data)
    if found is None:
        return None
    primary = found.group(1).decode("ascii")
    sub = found.group(2).decode("ascii")
    by_names = {names: number for number, names in CONSTANTS.items()}
    number = by_names.get((primary, sub))
    if number is None:
        try:
            number = (int(sub, 0) << 10) | int(primary, 0)
        except ValueError:
            return None
    culture = locale.windows_locale.get(number)
    language = target_language(culture.replace("_", "-")) if culture else None
    if language is None:
        return None
    page = inno_options(language)["languagecodepage"]
    return None if page == "0" else f"cp{page}"


def read(data: bytes, path: Path, *, encoding: str | None = None) -> Document:
    if not data.strip():
        raise empty_file(path)
    declared = encoding is not None or data[:2] in (b"\xff\xfe", b"\xfe\xff")
    declared = declared or data.startswith(b"\xef\xbb\xbf")
    if encoding is None and not declared:
        page = _CODE_PAGE.search(data[:65536].decode("latin-1"))
        if page is not None:
            declared = True
            encoding = "utf-8" if page.group(1) == "65001" else f"cp{page.group(1)}"
        else:
            try:
                data.decode("utf-8")
            except UnicodeDecodeError:
                encoding = _ansi_code_page(data)
    text, found = decode_text(data, path, "resource script", encoding=encoding)
    return RcDocument(path, text, found, declared)


__all__ = ["RcDocument", "read"]
