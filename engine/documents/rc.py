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
access key's ``&`` is put back as a translator chooses it (placeholders' ``with_access_key``:
the source's letter where a word begins with it, else a word's first letter), a popup's items
and a dialog's controls on letters apart where one is free (in Chinese, Japanese and Korean
after the label, ``ファイル(&F)``, as Windows' own menus have it), ``&&`` stays an ampersand.
The output names its language: each ``LANGUAGE`` statement (``LANG_GERMAN, SUBLANG_GERMAN``,
or numbers where the file wrote numbers), MFC's ``AFX_TARG_DEU`` and ``VERSIONINFO``'s block
and ``Translation`` ids.

Encodings as rc.exe reads them: UTF-16LE with a BOM (Visual Studio's), UTF-8 with a BOM, the
code page ``#pragma code_page(N)`` names, else the ANSI code page of the file's ``LANGUAGE``.
The output keeps the input's encoding; where the translation does not fit in it (or the
file names none and the translation is not ASCII), it is written in UTF-16LE with a BOM,
which rc.exe and windres read whatever the code page, and a note says so."""

from __future__ import annotations

import codecs
import dataclasses
import itertools
import locale
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from engine.api import Note
from engine.documents import placeholders
from engine.documents.base import FIELD, Document, Unit, check_unit_count, decode_text, edited
from engine.documents.errors import DocumentError, empty_file
from engine.documents.ini import inno_options
from engine.documents.language import Language, lcid, target_language
from engine.documents.rc_languages import CONSTANTS
from engine.text.encoding import EncodedText, TextEncoding, lookup

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
# Notepad's page setup codes in a header's or footer's string ("Page &p", "&f"): a letter
# after & that ends the word is a code, not an access key.
_PAGE_CODE = re.compile(r"(?<!&)&[A-Za-z](?![A-Za-z])")
_MENU_PATTERN = re.compile(r"\\t[^\\]*$|" + _PATTERN.pattern)
_PAGE_PATTERN = re.compile(_PAGE_CODE.pattern + "|" + _PATTERN.pattern)
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
    # (a dialog's or a menu's name and its block's number: a dialog's controls, a popup's
    # items, share one set of access keys)
    group: tuple[str, int] | None = None
    # (the strings joined to it, "a " "b": the translation goes in the first, these are "")
    rest: tuple[tuple[int, int], ...] = ()
    inside: bool = False  # (the key inside a word: "E&xit")


_PRIMARY = {names[0]: number & 0x3FF for number, names in CONSTANTS.items()}
_SUB = {names[1]: number >> 10 for number, names in CONSTANTS.items()}
_PRIMARY["LANG_NEUTRAL"] = 0
_SUB.update(SUBLANG_NEUTRAL=0, SUBLANG_DEFAULT=1, SUBLANG_SYS_DEFAULT=2)


@dataclass(frozen=True)
class _Section:
    """The resources after a ``LANGUAGE`` statement: its language's number (None: not known,
    or no statement yet) and its words (``LANG_GERMAN, SUBLANG_GERMAN``)."""

    number: int | None
    words: str

    @property
    def primary(self) -> int | None:
        """The primary language (0: LANG_NEUTRAL, whose text is every language's)."""
        return None if self.number is None else self.number & 0x3FF

    @classmethod
    def of(cls, primary: str, sub: str) -> _Section:
        words = f"{primary}, {sub}"
        try:
            low = _PRIMARY[primary] if primary in _PRIMARY else int(primary, 0)
            high = _SUB[sub] if sub in _SUB else int(sub, 0)
        except ValueError:
            return cls(None, words)
        return cls((high << 10) | low, words)


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
            # (a line after a trailing , or |, or one starting with either, goes on the
            # statement before it, as rc.exe joins them: a dialog's STYLE over two lines)
            if first and tokens and (tokens[-1].text in (",", "|") or match.group() in (",", "|")):
                first = tokens[-1].kind == "directive"
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

    def __init__(
        self,
        path: Path,
        source: str,
        encoding: TextEncoding,
        declared: bool,
        pages: Sequence[tuple[int, str]] | None = None,
    ) -> None:
        self.path, self.source, self.encoding = path, source, encoding
        self.declared = declared  # (a BOM or a code_page pragma says the encoding)
        # (where pragmas switch code pages: the offset each takes over at, and its codec)
        self.pages = list(pages) if pages else None
        self.strings: list[_String] = []
        # (LANGUAGE's two arguments, and the language section each statement opens)
        self.languages: list[tuple[_Token, _Token]] = []
        self.sections: list[_Section] = [_Section(None, "")]  # (before any LANGUAGE)
        self.version_ids: list[tuple[int, int, str, int]] = []  # (a block's or Translation's id)
        self.directives: list[_Token] = []
        self.included: list[tuple[_Token, int]] = []  # (TEXTINCLUDE's strings, their section)
        self.unit_sections: list[int] = []
        units: list[Unit] = []
        tokens = _tokens(source, path)
        stack: list[str] = []
        blocks: list[int] = []  # (each BEGIN's number, as deep as the stack)
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
                blocks.append(i)
                pending = "other"
                continue
            if word == "END" or token.text == "}":
                if stack:
                    stack.pop()
                    blocks.pop()
                if version_block:
                    version_block.pop()
                continue
            kind = stack[0] if stack else None
            if not stack and token.first and word == "LANGUAGE" and i + 3 < len(tokens):
                self.languages.append((tokens[i + 1], tokens[i + 3]))
                self.sections.append(_Section.of(tokens[i + 1].text, tokens[i + 3].text))
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
                self.included.append((token, len(self.sections) - 1))
            joined = kind == "strings" and i > 0 and tokens[i - 1].kind == "string"
            if kind == "strings" and token.kind == "string" and not joined:
                before = [t.text for t in tokens[max(0, i - 2) : i] if t.text != ","]
                label = before[-1] if before else str(len(units))
                page_codes = _PAGE_CODE.search(token.text) is not None
                pattern = _PAGE_PATTERN if page_codes else _PATTERN
                # ("a " "b": rc.exe joins strings side by side into one, and so does the unit)
                run = list(itertools.takewhile(lambda t: t.kind == "string", tokens[i + 1 :]))
                self._add(units, label, token, not page_codes, pattern, rest=run)
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
                group = (name, blocks[-1])
                self._add(units, f"{name}.{control}", after, not nopfx, group=group)
            elif kind == "menu" and word in ("POPUP", "MENUITEM"):
                statement = _statement(tokens, i)
                item = next((t.text for t in statement[2:] if t.text != ","), "")
                uid = f"{name}.{item or len(units)}"
                self._add(units, uid, after, True, _MENU_PATTERN, group=(name, blocks[-1]))
            elif kind == "version" and word == "BLOCK":
                label = _text(after.text[1:-1])
                version_block.append(label)
                if re.fullmatch(r"[0-9A-Fa-f]{8}", label) and len(stack) == 2:
                    at = after.start + 1
                    self.version_ids.append((at, at + 4, "block", len(self.sections) - 1))
            elif kind == "version" and word == "VALUE":
                key = _text(after.text[1:-1]).lower()
                value = tokens[i + 3] if i + 3 < len(tokens) else None
                if key == "translation" and value is not None and value.kind == "word":
                    section = len(self.sections) - 1
                    self.version_ids.append((value.start, value.end, value.text, section))
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
        self.all_units, self.all_strings = tuple(units), tuple(self.strings)
        self.read_notes = self.notes
        self._take(None)

    def _take(self, source: int | None) -> None:
        """Translate the sections in the language ``source`` names (its primary language's
        number, the user's source; None: that of the first section that names one and has
        text), LANG_NEUTRAL's and those before any LANGUAGE; the other languages' are kept
        byte for byte. A script with no text to translate (an icon's, a version's, an
        ``#include`` of others, or another language's alone) is copied as it is, and a folder
        passes it over, as a notebook of code alone."""
        with_text = set(self.unit_sections)  # (a block of TEXTINCLUDE alone says nothing)
        named = [s.primary for n, s in enumerate(self.sections) if s.primary and n in with_text]
        taken = [n for n in named if n == source] if source is not None else named
        primary = taken[0] if taken else None
        self.taking = {
            n for n, s in enumerate(self.sections) if not s.primary or s.primary == primary
        }
        kept = [s.words for n, s in enumerate(self.sections) if n not in self.taking]
        pairs = zip(self.all_units, self.all_strings, self.unit_sections, strict=True)
        chosen = [(u, t) for u, t, n in pairs if n in self.taking]
        self.units = tuple(u for u, _ in chosen)
        self.strings = [t for _, t in chosen]
        self.notes = self.read_notes
        if kept:
            listed = "; ".join(dict.fromkeys(kept))
            self.notes = (
                *self.notes,
                Note(
                    f"{self.path.name} also holds resources in other languages ({listed}): "
                    "they are kept as they are, untranslated",
                    "document.rc_other_languages",
                    {"languages": listed},
                ),
            )
        self.copied_without_text = not self.units
        if self.pages is not None and self.strings:
            # (said to be in the code page its text to translate is in: TortoiseGit's 1252
            # strings after a 936 block of TEXTINCLUDE)
            at = self.strings[0].start
            codec = [codec for start, codec in self.pages if start <= at][-1]
            self.encoding = dataclasses.replace(lookup(codec), how="declaration")
        if not self.units:
            self.notes = (
                *self.notes,
                Note(
                    f"{self.path.name} has no text to translate: it is copied as it is",
                    "document.rc_no_text",
                    {},
                ),
            )

    def in_source(self, language: str) -> Document:
        """The sections in the named source language are the ones translated (an MFC
        script of English and German blocks, ``--from de``: the German)."""
        named = target_language(language)
        number = lcid(named) if named is not None else None
        if number is not None:
            self._take(number & 0x3FF)
        return self

    def check_target(self, language: Language) -> None:
        """A script that holds a block in the target language already would have two of
        each resource once translated (rc.exe's "duplicate value"): refused."""
        number = _lcid(language)
        for n, section in enumerate(self.sections):
            if n not in self.taking and section.number == number and number is not None:
                raise DocumentError(
                    f"This resource script holds resources in {section.words} already: "
                    "a translation into it would repeat each of them",
                    path=self.path,
                    hint="Translate it into another language, or remove that block first",
                    message_id="document.rc_has_target",
                    params={"language": section.words},
                )

    def _add(
        self,
        units: list[Unit],
        uid: str,
        token: _Token,
        access: bool,
        pattern: re.Pattern[str] = _PATTERN,
        group: tuple[str, int] | None = None,
        rest: Sequence[_Token] = (),
    ) -> None:
        quote = token.text.index('"')
        start, end = token.start + quote + 1, token.end - 1
        emptied = tuple((t.start + t.text.index('"') + 1, t.end - 1) for t in rest)
        raw = self.source[start:end] + "".join(self.source[a:b] for a, b in emptied)
        shaped = placeholders.shape(_text(raw), pattern)
        key = None
        text = shaped.text
        inside = False
        if access and re.search(r"&[^&\s]", raw):
            inside = placeholders.access_key_inside(text)
            text, key = placeholders.without_access_key(text)
        if not re.search(r"[^\W\d_]", FIELD.pattern().sub("", text)):
            return  # (no words: "", "...", numbers, a page code alone: "&f")
        check_unit_count(len(units) + 1, self.path)
        units.append(Unit(uid, text, fields=shaped.fields))
        self.unit_sections.append(len(self.sections) - 1)
        self.strings.append(_String(start, end, shaped, key, group, emptied, inside))

    def render(self, translations: Sequence[str]) -> EncodedText:
        self._check(translations)
        edits = self._language_edits()
        texts: list[str | None] = []  # (None: the string as the source has it)
        for unit, text in zip(self.units, translations, strict=True):
            text = text.strip()
            # (kept too where it lost a placeholder: a program cannot use that string)
            usable = text != unit.text and placeholders.check(text, unit.fields) == "ok"
            texts.append(text if usable else None)
        labels = self._labels(texts)
        for string, unit, label in zip(self.strings, self.units, labels, strict=True):
            if label is None:
                continue
            # (escaped before the source's escapes, its placeholders, are put back as they were)
            shaped = string.shaped
            written = shaped.lead + unit.shown_in(_escaped(label)) + shaped.trail
            edits.append((string.start, string.end, written))
            edits += [(a, b, "") for a, b in string.rest]
        return self._encoded(edits)

    def _labels(self, texts: Sequence[str | None]) -> list[str | None]:
        """Each translation with its access key's ``&`` (``placeholders.with_access_key``),
        a dialog's controls and a popup's items each given a letter the others have not,
        as a translator chooses them: first the items untranslated (their source's key)
        and those whose translation begins a word with their source's letter, then the
        others in their order, each on the best letter still free ("Speichern &unter" after
        "&Speichern"). Items whose source shares a key keep sharing it; where no letter is
        free the best is taken, and a note names the menu or dialog."""
        # (a key its letters lack follows the label: "ファイル(&F)", as Windows' own menus write it)
        asian = self.language is not None and self.language.kind == "asian"
        labels = list(texts)
        groups: dict[tuple[str, int] | int, list[int]] = {}
        for n, string in enumerate(self.strings):
            if string.key is not None:  # (an ampersand with no key is one shown)
                groups.setdefault(string.group or n, []).append(n)
        clashing: list[str] = []
        for group, members in groups.items():
            keys = {n: (self.strings[n].key or "").casefold() for n in members}
            sources = list(keys.values())
            shared = {k for k in sources if sources.count(k) > 1}
            ranks = {n: self._key_rank(texts[n], n, keys[n] in shared) for n in members}
            taken: set[str] = set()
            written: list[str] = []
            for n in sorted(members, key=ranks.__getitem__):
                text = texts[n]
                if text is not None:
                    avoid = () if keys[n] in shared or asian else taken
                    label = placeholders.with_access_key(
                        text,
                        self.strings[n].key,
                        appended=asian,
                        taken=avoid,
                        inside=self.strings[n].inside,
                    )
                    labels[n] = label
                    letter = placeholders.without_access_key(label)[1]
                else:
                    letter = keys[n]
                if letter is not None:
                    taken.add(letter.casefold())
                    written.append(letter.casefold())
            if isinstance(group, tuple) and any(
                written.count(w) > 1 and sources.count(w) < written.count(w) for w in written
            ):
                clashing.append(group[0])
        self._note_clashes(list(dict.fromkeys(clashing)))
        return labels

    def _key_rank(self, text: str | None, n: int, shared: bool) -> int:
        """Which of a group's labels take their access keys first: 0 those kept as the
        source has them, 1 those whose translation has their source's letter where a word
        begins (or whose key the source shares), 2 the others."""
        if text is None:
            return 0
        string = self.strings[n]
        key = (string.key or "").casefold()
        places = placeholders.access_key_places(text, key, inside=string.inside)
        return 1 if shared or (places and text[places[0]].casefold() == key) else 2

    def _note_clashes(self, clashing: Sequence[str]) -> None:
        """Say which dialogs and menus have items that share an access key their source's
        did not, with no letter left to give one of them: the key then moves between the
        items, and a translator picks another letter or rewords one."""
        self.notes = tuple(n for n in self.notes if n.message_id != "document.rc_access_keys")
        if clashing:
            listed = ", ".join(clashing)
            self.notes = (
                *self.notes,
                Note(
                    f"Some controls or menu items share an access key in the translation of "
                    f"{listed}: choose another letter for one of them",
                    "document.rc_access_keys",
                    {"dialogs": listed},
                ),
            )

    def _encoded(self, edits: list[tuple[int, int, str]]) -> EncodedText:
        encoding = self.encoding
        text = edited(self.source, edits)
        if encoding.codec.startswith("utf-16"):
            return encoding.encode(text)
        named = encoding.name
        if self.pages is not None:  # (each span between pragmas in its own code page)
            bounds = [*(at for at, _ in self.pages[1:]), len(self.source)]
            parts: list[bytes] = []
            for (at, codec), end in zip(self.pages, bounds, strict=True):
                inside = [(a - at, b - at, t) for a, b, t in edits if at <= a < end]
                try:
                    parts.append(edited(self.source[at:end], inside).encode(codec))
                except UnicodeEncodeError:
                    named = lookup(codec).name
                    break
            else:
                return EncodedText(b"".join(parts), encoding.name, fallback=False)
        elif self.declared:
            try:
                data = text.encode(encoding.codec)
            except UnicodeEncodeError:
                pass
            else:
                mark = "\ufeff".encode(encoding.codec) if encoding.bom else b""
                return EncodedText(mark + data, encoding.name, fallback=False)
        elif text.isascii():
            return EncodedText(text.encode("ascii"), encoding.name, fallback=False)
        elif self.source.isascii():
            # (no pragma: rc.exe reads the system's code page, windres windows-1252, and
            # neither reads UTF-16 alike; a translation the target's ANSI code page holds
            # is written in it, with the pragma that says so)
            page = self._ansi_page()
            if page is not None and page != "65001":
                codec = f"cp{page}"
                newline = "\r\n" if "\r\n" in self.source else "\n"
                pragma = f"#pragma code_page({page}){newline}"
                try:
                    data = (pragma + text).encode(codec)
                except UnicodeEncodeError:
                    pass
                else:
                    return EncodedText(data, lookup(codec).name, fallback=False)
        if not self.declared:
            named = "the system's code page (no #pragma code_page)"
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

    def _ansi_page(self) -> str | None:
        """The ANSI code page of the language written (None: not known, or Unicode only)."""
        if self.language is None:
            return None
        page = inno_options(self.language)["languagecodepage"]
        return None if page == "0" else page

    def _language_edits(self) -> list[tuple[int, int, str]]:
        language = self.language
        if language is None:
            return []
        number = _lcid(language)
        if number is None:
            return []
        edits: list[tuple[int, int, str]] = []
        constants = CONSTANTS.get(number)
        taken = [
            (p, b)
            for n, (p, b) in enumerate(self.languages, start=1)
            if n in self.taking and self.sections[n].primary != 0  # (LANG_NEUTRAL's: kept)
        ]
        arguments = [(p.text, p.start, p.end, b.text, b.start, b.end) for p, b in taken]
        for token, section in self.included:
            if section not in self.taking:
                continue
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
        for start, end, what, section in self.version_ids:
            if section not in self.taking or self.sections[section].primary == 0:
                continue
            if what == "block":
                upper = self.source[start:end].isupper()
                edits.append((start, end, f"{number:04X}" if upper else f"{number:04x}"))
            else:
                hexed = what.lower().startswith("0x")
                edits.append((start, end, f"0x{number:x}" if hexed else str(number)))
        abbreviation = _ABBREVIATIONS.get(language.culture)
        # (MFC's AFX_TARG_ of the source's language alone: another block's, NEU's, kept)
        sources = {
            _ABBREVIATIONS.get(locale.windows_locale.get(s.number or 0, "").replace("_", "-"))
            for n, s in enumerate(self.sections)
            if n in self.taking and s.primary
        } - {None}
        if abbreviation is not None:
            included = [t for t, section in self.included if section in self.taking]
            for directive in (*self.directives, *included):
                for match in _TARGET.finditer(directive.text):
                    if match.group(2) == "NEU" or (sources and match.group(2) not in sources):
                        continue
                    at = directive.start + match.start(2)
                    edits.append((at, at + 3, abbreviation))
        return edits


def _lcid(language: Language) -> int | None:
    """The language's Windows id; Serbian named without a script is Cyrillic, its default
    (SUBLANG_SERBIAN_CYRILLIC: what a model writes for ``sr``), not Windows' Latin 0x081A."""
    if language.language == "sr" and not (language.script or language.written):
        return 0x0C1A
    return lcid(language)


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


# A code_page pragma on its line, once comments and strings are passed over (Notepad++'s
# script names ``#pragma code_page(1252)`` in a comment before its own).
_PRAGMAS = re.compile(
    r'//[^\r\n]*|/\*.*?\*/|"(?:[^"\r\n\\]|\\.|"")*"'
    r"|^[ \t]*#[ \t]*pragma[ \t]+code_page[ \t]*\([ \t]*(\w+)[ \t]*\)",
    re.MULTILINE | re.DOTALL,
)


def _code_pages(data: bytes, path: Path) -> list[tuple[int, str | None]]:
    """Where each ``#pragma code_page`` takes over (the byte after it) and its codec (None:
    ``DEFAULT``, as if no pragma were there); rc.exe reads each span in its own."""
    pages: list[tuple[int, str | None]] = []
    text = data.decode("latin-1")
    for found in _PRAGMAS.finditer(text):
        page = found.group(1)
        if page is None:
            continue
        if page.upper() == "DEFAULT":
            pages.append((found.end(), None))
            continue
        codec = "utf-8" if page == "65001" else f"cp{page}"
        try:
            codecs.lookup(codec)
        except LookupError:
            line = text.count("\n", 0, found.start()) + 1
            raise DocumentError(
                f"This resource script cannot be read: it names code page {page}, which "
                f"Quire does not know, at line {line}",
                path=path,
                hint="Name a Windows code page (#pragma code_page(1252), 65001 for UTF-8)",
                message_id="document.bad_rc",
                params={"why": f"code page {page}", "line": line, "page": page},
            ) from None
        pages.append((found.end(), codec))
    return pages


def _fallback_codec(data: bytes) -> str | None:
    """The code page of a script that names none: UTF-8 where it reads as UTF-8, else its
    ``LANGUAGE``'s ANSI code page (None: not known)."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return _ansi_code_page(data)
    return "utf-8"


def read(data: bytes, path: Path, *, encoding: str | None = None) -> Document:
    if not data.strip():
        raise empty_file(path)
    marked = data[:2] in (b"\xff\xfe", b"\xfe\xff") or data.startswith(b"\xef\xbb\xbf")
    if encoding is not None or marked:
        text, found = decode_text(data, path, "resource script", encoding=encoding)
        return RcDocument(path, text, found, True)
    pages = _code_pages(data, path)
    if not any(codec for _, codec in pages):  # (none, or DEFAULT alone)
        guessed = _fallback_codec(data)
        guessed = None if guessed == "utf-8" else guessed
        text, found = decode_text(data, path, "resource script", encoding=guessed)
        if guessed is not None:  # (the LANGUAGE's code page: not the user's option)
            found = dataclasses.replace(found, how="detected")
        return RcDocument(path, text, found, False)
    default = _fallback_codec(data) or "cp1252"
    spans = [(at, codec or default) for at, codec in pages]
    # (the lines before the first pragma are read in the system's code page; ASCII reads alike)
    spans.insert(0, (0, spans[0][1] if data[: spans[0][0]].isascii() else default))
    pieces: list[str] = []
    starts: list[tuple[int, str]] = []
    length = 0
    for n, (at, codec) in enumerate(spans):
        end = spans[n + 1][0] if n + 1 < len(spans) else len(data)
        try:
            piece = data[at:end].decode(codec)
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, at + exc.start) + 1
            raise _broken(path, f"text that is not in its code page ({codec})", line) from None
        if not starts or starts[-1][1] != codec:
            starts.append((length, codec))
        pieces.append(piece)
        length += len(piece)
    text = "".join(pieces)
    first = starts[0][1]
    found = dataclasses.replace(lookup(first), how="declaration")
    return RcDocument(path, text, found, True, starts if len(starts) > 1 else None)


__all__ = ["RcDocument", "read"]
