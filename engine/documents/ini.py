"""INI-style language files: Joomla's (``language/en-GB/com_content.ini``, Joomla 3's
``en-GB.com_content.ini``: ``KEY="Text"`` lines, ``;`` comments) and Inno Setup's messages
(``Default.isl``, ``Languages/German.isl``: ``[LangOptions]``, ``[Messages]`` and
``[CustomMessages]``, ``Key=Text``). Each value with words is a unit, its key the unit's id;
every other byte is kept. Any other ``.ini`` is a program's settings: refused, not sent to the
translator as prose.

Joomla's values are read as Joomla 4 reads them (PHP's ``parse_ini_file`` in its raw mode,
then ``\\"`` as ``"``) and Joomla 3 did (its old ``"_QQ_"`` a quote too); a translation's
quotes are written as the file writes its own. printf's (``%s``, ``%1$s``, ``%d``, whole as
PHP reads them), Joomla's ``%date%``, HTML tags and entities, ``\\n`` and ``{name}`` are
placeholders; sections (Joomla's parser passes over them) are taken in its language folders.
Inno Setup's ``%1``, ``%n`` (a line break), ``%%`` and
``[name]``, ``[name/ver]``, ``[mb]`` are; an access key's ``&`` is put back on the same letter
in the translation (else its first), ``&&`` stays an ampersand. Its ``[LangOptions]`` name
the target (``LanguageName``, ``LanguageID``, ``LanguageCodePage``, ``RightToLeft``), and a
file in a code page (Inno Setup 5's) is written in UTF-8 with a BOM, which every Unicode Inno
Setup reads."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from engine.documents import placeholders
from engine.documents.base import Document, Unit, check_unit_count, decode_text, edited
from engine.documents.errors import DocumentError, empty_file
from engine.documents.language import Language, lcid
from engine.documents.naming import joomla_tag
from engine.text.encoding import EncodedText, TextEncoding
from engine.text.language_names import language_name

_LINE = re.compile(r"([^\r\n]*)(\r\n|\r|\n|$)")
_SECTION = re.compile(r"[ \t]*\[([^\]\r\n]*)\][ \t]*(?:;.*)?")
# Joomla's KEY="Text": a value in double quotes to the line's last quote (a comment after it).
_QUOTED = re.compile(r'[ \t]*(?P<key>[^=;\s"][^=\s"]*)[ \t]*=[ \t]*"(?P<value>.*)"[ \t]*(?:;.*)?')
_PLAIN = re.compile(r"[ \t]*(?P<key>[^=;\s\[][^=]*?)[ \t]*=(?P<value>.*)")
# A quote in a Joomla value: escaped (Joomla 4) or Joomla 3's "_QQ_".
_JOOMLA_QUOTE = re.compile(r'\\"|"_QQ_"')
# What Joomla fills in or shows as it is: its %date%-like tokens (mod_footer's %sitename%),
# PHP's sprintf specs read whole whatever follows (%1$sx, %ss: %1$s and %s), {name}, HTML's
# tags and entities (&hellip;), and a backslash's \n.
_JOOMLA_PATTERN = re.compile(
    r"%[a-z_]{3,}%|%%|%(?:\d+\$)?[-+0]*(?:'.)?\d*(?:\.\d+)?[bcdeEfFgGosuxX]"
    r"|\{\{\s*[\w.]+\s*\}\}|\{\s*[\w.]*\s*\}|" + placeholders.MARKUP_TAG
    + r"|&(?:[A-Za-z][A-Za-z0-9]*|#\d+|#[xX][0-9A-Fa-f]+);|\\n"
)  # fmt: skip
# Inno Setup's arguments, line breaks and escaped percent signs, and its named ones.
_INNO_PATTERN = re.compile(r"%[1-9n%]|\[(?:name|name/ver|kb|mb|gb)\]")
_INNO_TEXT = ("messages", "custommessages")


@dataclass(frozen=True)
class _Line:
    start: int
    end: int  # (before its line break)
    number: int


def _lines(text: str) -> Iterator[_Line]:
    for number, match in enumerate(_LINE.finditer(text), start=1):
        if match.start() == len(text) and not match.group():
            return
        yield _Line(match.start(), match.start() + len(match.group(1)), number)


def _settings(path: Path, why: str, line: int) -> DocumentError:
    return DocumentError(
        f"This is a settings file, not a language file: {why} (line {line})",
        path=path,
        hint='Quire translates Joomla\'s language files (KEY="Text" lines, in '
        "language/en-GB/) and Inno Setup's messages (.isl); a program's settings are not "
        "translated",
        message_id="document.ini_settings",
        params={"why": why, "line": line},
    )


def _broken(path: Path, what: str, why: str, line: int, hint: str) -> DocumentError:
    return DocumentError(
        f"This {what} cannot be read: {why} at line {line}",
        path=path,
        hint=hint,
        message_id="document.bad_ini",
        params={"why": why, "line": line},
    )


@dataclass(frozen=True)
class _Value:
    start: int
    end: int
    shaped: placeholders.Shaped
    key: str | None = None  # (Inno Setup: the access key's letter)
    inside: bool = False  # (the key inside a word: "B&rowse...")


class _IniDocument(Document):
    strict_fields = True  # (placeholders.written keeps a unit that lost one)
    encoding: TextEncoding

    def __init__(self, path: Path, source: str, encoding: TextEncoding) -> None:
        self.path, self.source, self.encoding = path, source, encoding
        self.values: list[_Value] = []
        self._units: list[Unit] = []

    def _add(self, key: str, value: _Value, text: str) -> None:
        if not text:
            return
        check_unit_count(len(self._units) + 1, self.path)
        self._units.append(Unit(key, text, fields=value.shaped.fields))
        self.values.append(value)

    def render(self, translations: Sequence[str]) -> EncodedText:
        self._check(translations)
        edits = list(self._header_edits())
        for value, unit, text in zip(self.values, self.units, translations, strict=True):
            if text.strip() == unit.text:
                continue
            written = placeholders.written(self._marked(text.strip(), value), unit, value.shaped)
            if written is not None:
                edits.append((value.start, value.end, self._escaped(written)))
        return self.encoding.encode(edited(self.source, edits))

    def _header_edits(self) -> Iterator[tuple[int, int, str]]:
        return iter(())

    def _marked(self, text: str, value: _Value) -> str:
        del value
        return text

    def _escaped(self, text: str) -> str:
        return text


class JoomlaDocument(_IniDocument):
    """A Joomla language file: each ``KEY="Text"`` a unit."""

    def __init__(self, path: Path, source: str, encoding: TextEncoding) -> None:
        super().__init__(path, source, encoding)
        tag = joomla_tag(path)
        placed = tag is not None
        joomla3 = "_QQ_" in source or (tag is not None and path.name.startswith(f"{tag}."))
        entries: list[tuple[str, int, int]] = []
        for line in _lines(source):
            content = source[line.start : line.end]
            stripped = content.strip()
            if not stripped or stripped.startswith(";"):
                continue
            if _SECTION.fullmatch(content):
                if placed:
                    continue  # (Joomla's parser reads past a section: akeeba's com_engage.ini)
                raise _settings(path, f"it has sections ({stripped})", line.number)
            quoted = _QUOTED.fullmatch(content)
            if quoted is None:
                plain = _PLAIN.fullmatch(content)
                if plain is None and placed:
                    raise _broken(
                        path,
                        "Joomla language file",
                        'a line that is no KEY="Text"',
                        line.number,
                        'Correct the line (KEY="Text", or ; before a comment), then retry',
                    )
                if plain is None:
                    raise _settings(path, 'a line that is no KEY="Text"', line.number)
                if not placed:
                    why = f"{plain['key']} has a value in no quotes"
                    raise _settings(path, why, line.number)
                raise _broken(
                    path,
                    "Joomla language file",
                    f"{plain['key']}'s value is in no double quotes",
                    line.number,
                    'Write it KEY="Text", as Joomla 4 reads it, then retry',
                )
            if not placed and quoted["key"] != quoted["key"].upper():
                raise _settings(path, f"{quoted['key']} is no language key", line.number)
            start = line.start + quoted.start("value")
            end = line.start + quoted.end("value")
            # (Joomla 4's raw read takes a bare quote as a quote, the value running to the
            # line's last; Joomla 3's reader drops it, so an old file's is refused)
            if joomla3 and '"' in _JOOMLA_QUOTE.sub("", source[start:end]):
                raise _broken(
                    path,
                    "Joomla language file",
                    f"{quoted['key']}'s value has a quote that is not escaped",
                    line.number,
                    'Write a quote in a value as \\" (Joomla 4), then retry',
                )
            entries.append((quoted["key"], start, end))
        if not entries:
            raise _settings(path, 'it has no KEY="Text" line', 1)
        raws = "".join(source[s:e] for _k, s, e in entries)
        self.qq = "_QQ_" in raws and '\\"' not in raws  # (Joomla 3's quotes, written so)
        for key, start, end in entries:
            text = _JOOMLA_QUOTE.sub('"', source[start:end])  # (a bare one is one too)
            shaped = placeholders.shape(text, _JOOMLA_PATTERN)
            self._add(key, _Value(start, end, shaped), shaped.text)
        self.units = tuple(self._units)

    def _escaped(self, text: str) -> str:
        text = re.sub(r"\s*[\r\n]+\s*", " ", text)  # (a value is one line)
        return text.replace('"', '"_QQ_"' if self.qq else '\\"')


# Inno Setup's [LangOptions] for a target: the code page Windows writes the language in (0:
# none, Unicode only, as Inno Setup's own Armenian and Tamil; English's ASCII, as its
# Default.isl) and its name in itself, as Inno Setup's translations give it
# (Files/Languages/*.isl).
_CODE_PAGES = {
    **dict.fromkeys(["cs", "hu", "pl", "sk", "sl", "hr", "ro", "sq", "bs"], 1250),
    **dict.fromkeys(["ru", "uk", "bg", "be", "mk", "kk", "ky", "tt", "tg", "mn"], 1251),
    **dict.fromkeys(["el"], 1253),
    **dict.fromkeys(["tr", "az", "uz"], 1254),
    **dict.fromkeys(["he", "yi"], 1255),
    **dict.fromkeys(["ar", "fa", "ur", "ps", "ckb", "sd", "ug"], 1256),
    **dict.fromkeys(["lt", "lv", "et"], 1257),
    "vi": 1258, "th": 874, "ja": 932, "ko": 949,
    **dict.fromkeys(
        ["de", "fr", "es", "it", "pt", "nl", "da", "sv", "nb", "nn", "no", "fi", "is",
         "ca", "gl", "eu", "af", "id", "ms", "sw", "co", "ga", "gd", "fo", "oc", "lb", "fy",
         "tl", "fil", "cy", "br", "rm", "wa", "mt", "zu", "xh"],
        1252,
    ),
}  # fmt: skip
_NATIVE_NAMES = {
    "en": "English", "ar": "العربية", "hy": "Հայերեն", "pt-BR": "Português Brasileiro",
    "pt-PT": "Português (Portugal)",
    "bg": "Български", "ca": "Català", "zh-Hans": "简体中文", "zh-Hant": "繁體中文",
    "co": "Corsu", "cs": "Čeština", "da": "Dansk", "nl": "Nederlands", "fi": "Suomi",
    "fr": "Français", "de": "Deutsch", "he": "עִבְרִית", "hu": "Magyar", "it": "Italiano",
    "ja": "日本語", "ko": "한국어", "lt": "Lietuvių", "nb": "Norsk", "no": "Norsk",
    "pl": "Polski", "ru": "Русский", "sk": "Slovenčina",
    "sl": "Slovenščina", "es": "Español", "sv": "Svenska", "ta": "தமிழ்", "th": "ไทย",
    "tr": "Türkçe", "uk": "Українська", "el": "Ελληνικά", "vi": "Tiếng Việt",
    "af": "Afrikaans", "bs": "Bosanski", "hr": "Hrvatski", "gl": "Galego", "is": "Íslenska",
    "id": "Bahasa Indonesia", "lv": "Latviski", "sr-Cyrl": "Српски", "sr-Latn": "Srpski",
    "be": "Беларуская", "az": "Azərbaycan Dili", "eo": "Esperanto", "fa": "فارسی",
    "gd": "Gàidhlig",
}  # fmt: skip
_CHINESE_TRADITIONAL = frozenset(["TW", "HK", "MO"])
# The LanguageID Inno Setup's own translations give a language named with no country
# (Arabic.isl's Saudi Arabia's, SerbianCyrillic.isl's and SerbianLatin.isl's Serbia and
# Montenegro's), where Windows' first culture of the language is another.
_INNO_IDS = {"ar": 0x0401, "sr-Cyrl": 0x0C1A, "sr-Latn": 0x081A}


def _script(language: Language) -> str | None:
    if language.language == "zh":
        traditional = language.script == "Hant" or language.region in _CHINESE_TRADITIONAL
        return "Hant" if traditional else "Hans"
    if language.language == "sr":
        return language.script or "Cyrl"
    return language.script


def inno_options(language: Language) -> dict[str, str]:
    """``[LangOptions]``'s values for a target: ``LanguageName`` (in itself; its English name
    where Inno Setup has no translation into it), ``LanguageID`` (Windows' language id,
    ``$0407``; 0 for none) and ``LanguageCodePage`` (0 for a language Windows has no code
    page for)."""
    script = _script(language)
    names = [f"{language.language}-{language.country}", f"{language.language}-{script}"]
    name = next(
        (_NATIVE_NAMES[n] for n in names if n in _NATIVE_NAMES),
        _NATIVE_NAMES.get(language.language, language_name(language.language)),
    )
    number = lcid(replace(language, script=script))
    if language.region is None:
        ids = (_INNO_IDS.get(n) for n in (f"{language.language}-{script}", language.language))
        number = next((n for n in ids if n is not None), number)
    if language.language == "zh":
        page = 950 if script == "Hant" else 936
    elif language.language == "sr" or language.language == "bs":
        page = 1251 if script == "Cyrl" else 1250
    else:
        page = _CODE_PAGES.get(language.language, 0)
    return {
        "languagename": name,
        "languageid": f"${number:04X}" if number else "0",
        "languagecodepage": str(page),
    }


class InnoSetupDocument(_IniDocument):
    """Inno Setup's messages: each ``[Messages]`` and ``[CustomMessages]`` value a unit."""

    def __init__(self, path: Path, source: str, encoding: TextEncoding) -> None:
        super().__init__(path, source, encoding)
        section = ""
        self.options: dict[str, tuple[int, int]] = {}
        self.options_end: int | None = None  # (where a RightToLeft line would go)
        sections: list[str] = []
        for line in _lines(source):
            content = source[line.start : line.end]
            stripped = content.strip()
            if not stripped or stripped.startswith(";"):
                continue
            header = _SECTION.fullmatch(content)
            if header is not None:
                section = header.group(1).strip().lower()
                sections.append(section)
                continue
            entry = _PLAIN.fullmatch(content)
            if entry is None:
                raise _broken(
                    path,
                    "Inno Setup messages file",
                    "a line that is no Name=Text",
                    line.number,
                    "Correct the line (Name=Text, or ; before a comment), then retry",
                )
            start, end = line.start + entry.start("value"), line.end
            key = entry["key"].strip()
            if section == "langoptions":
                self.options[key.lower()] = (start, end)
                if key.lower() == "languagecodepage" or "languagecodepage" not in self.options:
                    self.options_end = line.end  # (after the code page, else the last option)
            elif section in _INNO_TEXT:
                shaped = placeholders.shape(source[start:end], _INNO_PATTERN)
                text, access_key = placeholders.without_access_key(shaped.text)
                inside = placeholders.access_key_inside(shaped.text)
                value = _Value(start, end, shaped, access_key, inside)
                self._add(key, value, text)
        if not {"messages", "custommessages"} & set(sections):
            raise DocumentError(
                "This is not an Inno Setup messages file: it has no [Messages] or "
                "[CustomMessages] section",
                path=path,
                hint="Give a language file of Inno Setup (Default.isl, Languages\\German.isl)",
                message_id="document.bad_ini",
                params={"why": "no [Messages]", "line": 1},
            )
        self.units = tuple(self._units)

    def _marked(self, text: str, value: _Value) -> str:
        if "&" not in self.source[value.start : value.end]:
            return text  # (an ampersand is an access key only where the source has one)
        return placeholders.with_access_key(text, value.key, inside=value.inside)

    def _escaped(self, text: str) -> str:
        return re.sub(r"\s*[\r\n]+\s*", "%n", text)  # (a value is one line; %n breaks it)

    def _header_edits(self) -> Iterator[tuple[int, int, str]]:
        if self.language is None:
            return
        for key, value in inno_options(self.language).items():
            if key in self.options:
                yield (*self.options[key], value)
        rtl = "yes" if self.language.rtl else "no"
        if "righttoleft" in self.options:
            yield (*self.options["righttoleft"], rtl)
        elif self.language.rtl and self.options_end is not None:
            newline = "\r\n" if "\r\n" in self.source else "\n"
            yield self.options_end, self.options_end, f"{newline}RightToLeft=yes"


_CODE_PAGE = re.compile(rb"^[ \t]*LanguageCodePage[ \t]*=[ \t]*(\d+)", re.MULTILINE | re.I)


def _decode_inno(data: bytes, path: Path, encoding: str | None) -> tuple[str, TextEncoding]:
    """An .isl's text: UTF-8 (Inno Setup 6's, with a BOM or not), else in the code page its
    ``LanguageCodePage`` names (Inno Setup 5's). Written back in UTF-8 with a BOM where it
    was in a code page or plain ASCII (what every Unicode Inno Setup reads)."""
    if encoding is None:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            page = _CODE_PAGE.search(data)
            if page is not None and page.group(1) not in (b"0", b"65001"):
                encoding = f"cp{int(page.group(1))}"
        else:
            bom = data.startswith(b"\xef\xbb\xbf") or data.isascii()
            return text, TextEncoding("utf-8", "utf-8", bom=bom)
    text, _found = decode_text(data, path, "Inno Setup messages", encoding=encoding)
    return text, TextEncoding("utf-8", "utf-8", bom=True)


def read(data: bytes, path: Path, *, encoding: str | None = None) -> Document:
    if not data.strip():
        raise empty_file(path)
    if path.suffix.lower() == ".isl":
        text, found = _decode_inno(data, path, encoding)
        return InnoSetupDocument(path, text, found)
    text, found = decode_text(data, path, "INI", encoding=encoding)
    if re.search(r"^[ \t]*\[(?:Messages|CustomMessages)\]", text, re.M | re.I):
        return InnoSetupDocument(path, text, found)  # (Inno Setup's messages named .ini)
    return JoomlaDocument(path, text, found)


__all__ = ["InnoSetupDocument", "JoomlaDocument", "inno_options", "read"]
