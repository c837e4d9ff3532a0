"""Glossaries: load a TSV of terms, and make each term come out of a model exactly as wanted.

The model never sees a glossary term: ``protect`` swaps each occurrence for a placeholder code
that translation models copy through, and ``restore`` puts the wanted text where the code comes
back. A code the model dropped or mangled is reported, never papered over.
"""

from __future__ import annotations

import csv
import functools
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from engine.errors import InputError
from engine.text.segment import UNSPACED_RANGES

if TYPE_CHECKING:
    from engine.text.encoding import TextEncoding


@dataclass(frozen=True)
class Placeholder:
    """The form of a placeholder: ``template`` with ``{n}`` where the slot number goes.

    The default, an uppercase code around a number, is copied verbatim by Marian, M2M100 and
    NLLB models far more reliably than brackets or rare symbols (which tokenizers often map to
    an unknown token). In an output, the letters may come back in another case and a space
    may appear next to the number; both still count as the placeholder.
    """

    template: str = "ZXQ{n}Q"

    def __post_init__(self) -> None:
        if self.template.count("{n}") != 1 or not self.template.replace("{n}", "").strip():
            raise ValueError(
                f"placeholder template needs one {{n}} and some text: {self.template!r}"
            )

    def format(self, number: int) -> str:
        return self.template.replace("{n}", str(number))

    def pattern(self) -> re.Pattern[str]:
        """Matches the placeholder, tolerantly, with the number in group 1."""
        prefix, suffix = self.template.split("{n}")
        parts = []
        if prefix:
            parts.append(f"(?i:{re.escape(prefix)})[^\\S\\r\\n]?")
        parts.append(r"(\d+)")
        if suffix:
            parts.append(f"[^\\S\\r\\n]?(?i:{re.escape(suffix)})")
        return re.compile("".join(parts))


DEFAULT_PLACEHOLDER = Placeholder()


@dataclass(frozen=True)
class Entry:
    """A glossary line: ``translation`` None means do not translate (keep the term as is)."""

    term: str
    translation: str | None


@dataclass(frozen=True)
class Slot:
    """One protected occurrence: ``placeholder`` stands for ``term`` and becomes ``replacement``."""

    number: int
    placeholder: str
    term: str
    replacement: str


@dataclass(frozen=True)
class Protected:
    """Source text with glossary terms replaced by placeholders."""

    text: str
    slots: tuple[Slot, ...]


@dataclass(frozen=True)
class Restored:
    """Model output with placeholders replaced; ``missing_terms`` lost their placeholder."""

    text: str
    missing_terms: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return not self.missing_terms


_WHOLE = 300  # terms matched by one pattern of them all; a larger glossary by those a text holds


class Glossary:
    """Terms matched as whole words, longest first, case-sensitively but for a term in lower
    case met capitalised (a word at the start of a sentence, words in a title)."""

    def __init__(
        self, entries: Iterable[Entry], *, placeholder: Placeholder = DEFAULT_PLACEHOLDER
    ) -> None:
        self.entries: tuple[Entry, ...] = tuple(entries)
        self.placeholder = placeholder
        self.encoding: TextEncoding | None = None  # a file's, as read (``load_glossary``)
        self.left_out: tuple[str, ...] = ()  # a termbase's terms with two translations
        # The languages a file's first row names its columns by ("English", "German"): its
        # pair, where it says one.
        self.languages: tuple[str, str] | None = None
        # Each form a term is met in (its own; a term in lower case also capitalised, as a
        # sentence or a title begins it: "Start button", "Start Button") → the term and what
        # replaces that form (None: the form itself, kept).
        self._forms: dict[str, tuple[str, str | None]] = {
            entry.term: (entry.term, entry.translation) for entry in self.entries
        }
        # The capitalised forms of one word, met only where a sentence begins: elsewhere
        # "Word", "Windows" and "Apple" are names, not the glossary's word, windows, apple.
        self._at_start: set[str] = set()
        for entry in self.entries:
            for form in _capitalised(entry.term):
                translation = entry.translation
                replacement = translation[:1].upper() + translation[1:] if translation else None
                if form not in self._forms:
                    self._forms[form] = (entry.term, replacement)
                    if " " not in form:
                        self._at_start.add(form)
        self._placeholder_pattern = placeholder.pattern()
        self._terms = sorted(self._forms, key=lambda term: (-len(term), term))
        # Compiled when first needed: one pattern of every term for a glossary of a few
        # hundred, else one of the terms a text holds (a termbase of 30,000 terms takes
        # most of a second to compile, and a second per page to match).
        self._patterns: dict[tuple[str, ...], re.Pattern[str]] = {}
        self._variants: dict[Placeholder, Glossary] = {placeholder: self}

    def __len__(self) -> int:
        return len(self.entries)

    def with_placeholder(self, placeholder: Placeholder) -> Glossary:
        """The same terms with another placeholder form (made once)."""
        variant = self._variants.get(placeholder)
        if variant is None:
            variant = Glossary(self.entries, placeholder=placeholder)
            variant.encoding, variant.left_out = self.encoding, self.left_out
            variant.languages = self.languages
            self._variants[placeholder] = variant
        return variant

    def _pattern(self, text: str) -> re.Pattern[str] | None:
        held: Sequence[str]
        if len(self._terms) <= _WHOLE:
            terms: tuple[str, ...] = ()  # (the key of the pattern of every term)
            held = self._terms
        else:
            terms = held = tuple(t for t in self._terms if t in text)
        if not held:
            return None
        pattern = self._patterns.get(terms)
        if pattern is None:
            if len(self._patterns) >= 64:
                self._patterns.clear()
            pattern = re.compile(
                "|".join(
                    _SENTENCE_START + _whole_word(t) if t in self._at_start else _whole_word(t)
                    for t in held
                )
            )
            self._patterns[terms] = pattern
        return pattern

    def protect(self, text: str) -> Protected:
        """Replace each term occurrence with its own numbered placeholder."""
        term_pattern = self._pattern(text)
        if term_pattern is None:
            return Protected(text, ())
        # Numbers start above any placeholder-like code already in the text, so a code that
        # was in the source is never mistaken for one of ours.
        taken = [int(match.group(1)) for match in self._placeholder_pattern.finditer(text)]
        next_number = max(taken, default=0) + 1
        slots: list[Slot] = []

        prefix, suffix = self.placeholder.template.split("{n}")

        def swap(match: re.Match[str]) -> str:
            form = match.group()
            term, replacement = self._forms[form]
            number = next_number + len(slots)
            slot = Slot(number, self.placeholder.format(number), term, replacement or form)
            slots.append(slot)
            # A bare number at either end of the code would run into digits beside the term.
            before = " " if not prefix and text[match.start() - 1 : match.start()].isdigit() else ""
            after = " " if not suffix and text[match.end() : match.end() + 1].isdigit() else ""
            return before + slot.placeholder + after

        protected = term_pattern.sub(swap, text)
        return Protected(protected, tuple(slots))

    def restore(self, output: str, protected: Protected) -> Restored:
        """Put each slot's replacement where its placeholder appears in ``output``.

        Placeholders that are not ours are left alone; terms whose placeholder is absent are
        listed in ``missing_terms`` and the output is otherwise unchanged.
        """
        slots = {slot.number: slot for slot in protected.slots}
        seen: set[int] = set()

        def put_back(match: re.Match[str]) -> str:
            slot = slots.get(int(match.group(1)))
            if slot is None:
                return match.group()
            seen.add(slot.number)
            return slot.replacement

        text = self._placeholder_pattern.sub(put_back, output) if slots else output
        missing = tuple(slot.term for slot in protected.slots if slot.number not in seen)
        return Restored(text, missing)


# Where a sentence begins: the text's start, a line's, or after a sentence's end.
_SENTENCE_START = r"(?:^|(?<=\n)|(?<=[.!?…]\s)|(?<=[.!?…][\"'”’»)]\s)|(?<=[。！？]))"


def _capitalised(term: str) -> list[str]:
    """A term in lower case as a sentence begins it, and as a title writes it ("Start
    button", "Start Button"); none for a term with a capital already (API, iPhone)."""
    if term != term.lower() or term == term.upper():
        return []
    forms = [term[0].upper() + term[1:]]
    title = " ".join(word[:1].upper() + word[1:] for word in term.split(" "))
    return forms if title == forms[0] else [*forms, title]


def is_termbase(path: Path) -> bool:
    """A TBX termbase (:mod:`engine.text.termbase`), read for a language pair."""
    return path.suffix.lower() == ".tbx"


def load_glossary(
    path: Path | str,
    *,
    source: str | None = None,
    target: str | None = None,
    placeholder: Placeholder = DEFAULT_PLACEHOLDER,
) -> Glossary:
    """Read a TSV glossary in any encoding a text file may be in (``engine.fileio``:
    UTF-8, a byte order mark, as Excel's "Unicode Text" writes UTF-16, or a legacy code page,
    as its "Text (Tab delimited)" does); ``encoding`` on the result says which.

    Each line is ``term<TAB>translation``, or ``term`` alone (or with an empty translation) for
    a term to keep untranslated. Blank lines and lines starting with ``#`` are skipped, and so
    is a first line that names the columns (``term<TAB>translation``), as a spreadsheet's
    export begins. A file read before, unchanged since, is not read again (a document's
    batches each translate with it).

    A ``.tbx`` termbase (:mod:`engine.text.termbase`) is read for the pair ``source`` →
    ``target``: the target must be named, and the source too where the termbase has more
    than one other language. ``left_out`` on the result names the source terms its concepts
    translate differently.
    """
    path = Path(path)
    try:
        state = path.stat()
    except OSError:
        state = None  # (reading it says what is wrong)
    pair = (source, target) if is_termbase(path) else (None, None)
    key = (str(path.absolute()), state.st_mtime_ns, state.st_size, *pair) if state else None
    cached = _LOADED.get(key) if key is not None else None
    if cached is not None and cached.placeholder == placeholder:
        return cached
    if is_termbase(path):
        glossary = _from_termbase(path, source, target, placeholder)
    else:
        glossary = _read(path, placeholder)
    if key is not None:
        if len(_LOADED) >= 8:
            _LOADED.clear()
        _LOADED[key] = glossary
    return glossary


_LOADED: dict[tuple[str, int, int, str | None, str | None], Glossary] = {}


def _from_termbase(
    path: Path, source: str | None, target: str | None, placeholder: Placeholder
) -> Glossary:
    from engine.text.termbase import read_termbase

    termbase = read_termbase(path)
    if not target:
        raise InputError(
            "A termbase holds terms in several languages: Quire needs the target language "
            "to read it",
            path=path,
            hint=f"Name the language to translate into (its languages are "
            f"{', '.join(termbase.languages)})",
            message_id="glossary.tbx_target",
            params={"languages": ", ".join(termbase.languages)},
        )
    if not source:
        source = termbase.source_besides(target)
        if source is None:
            raise InputError(
                "This termbase holds terms in several languages besides the target: Quire "
                "needs the source language to read it",
                path=path,
                hint=f"Name the language to translate from (its languages are "
                f"{', '.join(termbase.languages)})",
                message_id="glossary.tbx_source",
                params={"languages": ", ".join(termbase.languages)},
            )
    pairs, left_out = termbase.pairs(source, target)
    if not pairs:
        raise InputError(
            f"This termbase has no terms to use from {source} into {target}",
            path=path,
            hint=f"None of its concepts has a {target} term that may be used (forbidden, "
            "deprecated and superseded ones are not), or each translates its term two ways; "
            "choose another termbase or language pair",
            message_id="glossary.tbx_no_terms",
            params={"source": source, "target": target},
        )
    glossary = Glossary((Entry(term, text) for term, text in pairs), placeholder=placeholder)
    glossary.left_out = tuple(left_out)
    return glossary


# Where terms are often kept, but no glossary Quire reads: saved as text first.
_SPREADSHEETS = frozenset([".xlsx", ".xlsm", ".xls", ".ods", ".numbers"])


# The root element's name, after the declaration, comments and a DOCTYPE.
_XML_ROOT = re.compile(r"<(?![?!])([\w.:-]+)")
# How an XML file's text begins, whatever follows: its declaration, a DOCTYPE or a comment.
_XML_START = re.compile(r"<(?:\?xml|!--|!DOCTYPE)")


def _is_xml(text: str, *, delimited: bool) -> bool:
    """Whether a glossary's text is an XML file: one that begins as only XML does, or that
    parses as an XML document; never one whose first line is a term and its translation
    ("<b>,<strong>" in a CSV, "<br/>\t<br>"), which only looks like a tag."""
    from lxml import etree

    from engine.documents.package import xml_parser

    text = text.lstrip("\ufeff \t\r\n")
    first = text.split("\n", 1)[0].removesuffix("\r")
    delimiter = _delimiter(text) if delimited else "\t"
    if len(next(csv.reader([first], delimiter=delimiter), [])) == 2:
        return False
    if _XML_START.match(first):
        return True
    if not first.startswith("<"):
        return False
    try:
        etree.fromstring(text.encode("utf-8"), xml_parser())
    except (etree.XMLSyntaxError, ValueError):
        return False
    return True


def _memory(path: Path) -> InputError:
    return InputError(
        "A translation memory (TMX) is not a glossary",
        path=path,
        hint="Give the memory with --memory, so that the sentences it holds are translated "
        "in its words; a glossary is CSV or tab-separated text (term<TAB>translation), or a "
        "TBX termbase (.tbx)",
        message_id="glossary.memory",
    )


def _read(path: Path, placeholder: Placeholder) -> Glossary:
    from engine.fileio import read_decoded

    if path.suffix.lower() in _SPREADSHEETS:
        raise InputError(
            "This is a spreadsheet, not a glossary Quire reads",
            path=path,
            hint="Save the sheet of terms as CSV or as Unicode Text (.txt) in Excel or "
            "LibreOffice Calc: two columns, the term and its translation",
            message_id="glossary.spreadsheet",
        )
    if path.suffix.lower() == ".tmx":
        raise _memory(path)
    try:
        text, found = read_decoded(path, what="glossary text")
    except InputError as exc:
        if exc.message_id == "file.binary":
            exc.hint = "Give a glossary saved as text: term<TAB>translation on each line"
        raise
    delimited = path.suffix.lower() == ".csv"
    if _is_xml(text, delimited=delimited):
        # (read as text, each XML line would be a term to keep: a silent, useless glossary)
        root = _XML_ROOT.search(text)
        name = root.group(1).rsplit(":", 1)[-1] if root is not None else ""
        if name.lower() == "tmx":
            raise _memory(path)
        raise InputError(
            f"This is an XML file (<{name or '?'}>), not a glossary Quire reads",
            path=path,
            hint="Give a glossary as CSV or tab-separated text (term<TAB>translation), or a "
            "TBX termbase (.tbx)",
            message_id="glossary.xml",
            params={"root": name or "?"},
        )
    entries, languages = _entries(text, delimited=delimited, path=path)
    if not entries:
        # (named, a glossary is expected to do something: an empty one is a wrong file)
        raise InputError(
            "The glossary has no terms",
            path=path,
            hint="Write one term per line: term<TAB>translation, or the term alone to keep it",
            message_id="glossary.empty",
        )
    glossary = Glossary(entries, placeholder=placeholder)
    glossary.encoding, glossary.languages = found, languages
    return glossary


def _entries(
    text: str, *, delimited: bool, path: Path
) -> tuple[list[Entry], tuple[str, str] | None]:
    """A glossary's entries, from its text: ``term<TAB>translation`` lines, or with
    ``delimited`` a CSV's rows (as Excel and LibreOffice write them: quoted fields, and a
    comma, a semicolon where the decimal mark is a comma, or a tab between them). Blank lines
    and lines starting with ``#`` are skipped, and so is a first row naming the columns
    ("term", "translation"; "English", "German"; "en-US", "de-DE"). The second thing
    returned is the pair of languages the file names: such a row's, or the app's comment
    ``# languages: en de`` (``*`` for any: "" here). Raises ``InputError`` naming the line of
    a malformed row."""
    entries: dict[str, Entry] = {}
    said = _PAIR_LINE.search(text)
    languages = (said[1].strip("*"), said[2].strip("*")) if said else None
    for number, fields in _rows(text, delimited):
        if not entries and _header(fields):
            named = [_header_language(f) for f in fields]
            if named[0] and named[1]:
                languages = (named[0], named[1])
            continue
        if len(fields) > 2:
            kind = "fields" if delimited else "tab-separated fields"
            raise _malformed(
                path,
                f"Glossary line {number} has {len(fields)} {kind}, expected 2",
                message_id="glossary.columns",
                params={"line": number, "columns": len(fields)},
            )
        term = " ".join(fields[0].split())
        translation = " ".join(fields[1].split()) if len(fields) == 2 else ""
        if not term:
            raise _malformed(
                path,
                f"Glossary line {number} has a translation but no term",
                message_id="glossary.no_term",
                params={"line": number},
            )
        entry = Entry(term, translation or None)
        if term in entries and entries[term] != entry:
            raise _malformed(
                path,
                f"Glossary line {number} gives {term!r} a second, different translation",
                message_id="glossary.twice",
                params={"line": number, "term": term},
            )
        entries[term] = entry
    return list(entries.values()), languages


def _rows(text: str, delimited: bool) -> Iterator[tuple[int, list[str]]]:
    """Each row that is no comment and not blank, with its line number."""
    text = text.removeprefix("\ufeff")
    if not delimited:
        for number, raw in enumerate(text.split("\n"), start=1):
            row = raw.removesuffix("\r")
            if row.strip() and not row.lstrip().startswith("#"):
                yield number, row.split("\t")
        return
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    line = 1
    for cells in reader:
        if any(cell.strip() for cell in cells) and not cells[0].lstrip().startswith("#"):
            # (a sheet's export may end its rows with empty columns: "term;translation;;")
            yield line, [cell for n, cell in enumerate(cells) if n < 2 or cell.strip()]
        line = reader.line_num + 1


def _delimiter(text: str) -> str:
    """The delimiter that splits every row of the first lines into at most two fields, one
    row at least into two (a glossary has two columns): a tab, a semicolon (Excel's CSV where
    the decimal mark is a comma), then a comma; a comma when none does."""
    sample = "\n".join(line for line in text.splitlines()[:40] if not line.lstrip().startswith("#"))
    for delimiter in ("\t", ";", ","):
        rows = [r for r in csv.reader(io.StringIO(sample), delimiter=delimiter) if any(r)]
        if rows and all(len(r) <= 2 for r in rows) and any(len(r) == 2 for r in rows):
            return delimiter
    return ","


# The languages a glossary the app wrote is for: "# languages: en de" ("*": any).
_PAIR_LINE = re.compile(r"^[ \t]*#[ \t]*languages:[ \t]*(\S+)[ \t]+(\S+)[ \t]*\r?$", re.MULTILINE)
_TERM_HEADERS = frozenset({"term", "terms", "source", "术语", "原文"})
_TRANSLATION_HEADERS = frozenset({"translation", "translations", "target", "译文", "翻译"})
# How a column's name may end: "Source term", "English text", "Target language".
_HEADER_TAIL = re.compile(r"\s+(?:terms?|texts?|languages?)$")


def _header(fields: list[str]) -> bool:
    """Whether a first row names the two columns instead of giving a term (a list of terms
    to keep, one column, may well begin with "Source"): by what they hold ("term",
    "translation"), or by their languages ("English", "German"; "en-US", "de-DE"; not "OS",
    "BS", which are terms, nor "German", "Deutsch": a term and its translation)."""
    if len(fields) != 2:
        return False
    names = [_HEADER_TAIL.sub("", f.strip().lower()) for f in fields]
    if names[0] in _TERM_HEADERS and names[1] in _TRANSLATION_HEADERS:
        return True
    first, second = (_header_language(field) for field in fields)
    return first is not None and second is not None and first.lower() != second.lower()


def _header_language(field: str) -> str | None:
    """The language a column's name names, as a tag keeping the script or country it names
    ("English" en, "en_US" en-US, "Chinese (Simplified)" and "简体中文" zh-Hans, "Portuguese
    (Brazil)" and "Brazilian Portuguese" pt-BR, "Deutsch (Schweiz)" de-CH, "Source language"
    and "English text" too: the names sheets, memoQ, Trados, Smartcat and Crowdin head their
    columns with); None for none."""
    from engine.documents.language import names_language

    field = field.strip().replace("（", "(").replace("）", ")")
    if names_language(field):  # (a code as a tag writes it, its language in lower case)
        return field.replace("_", "-")
    name = _HEADER_TAIL.sub("", field.lower())
    if name in _LANGUAGE_NAMES:
        return _LANGUAGE_NAMES[name]
    # "English (en-US)": the code says it.
    coded = re.fullmatch(r"(.*?)\s*\(([^()]+)\)", field)
    if coded and names_language(coded[2].strip()) and _named(coded[1].lower()):
        return coded[2].strip().replace("_", "-")
    # A name and what tells its variant, before or after it: "Chinese (Simplified, China)",
    # "Chinese Simplified", "Portuguese, Brazilian", "Swiss German", "Deutsch (Schweiz)".
    words = re.findall(r"[^\s,()]+", name)
    for start in range(len(words)):
        for end in range(len(words), start, -1):
            language = _named(" ".join(words[start:end]))
            variant = _variant(words[:start] + words[end:])
            if language and variant is not None:
                return "-".join([language, *variant])
    return None


def _named(name: str) -> str | None:
    """The code of a language's English or own name ("german", "deutsch", "中文")."""
    return _codes_by_name().get(name.strip()) or _LANGUAGE_NAMES.get(name.strip())


def _variant(words: list[str]) -> list[str] | None:
    """The script and country ``words`` name ("simplified", "united states"), in a tag's
    order; None where one of them names neither."""
    found: list[str] = []
    start = 0
    while start < len(words):
        for end in range(len(words), start, -1):
            part = _VARIANTS.get(" ".join(words[start:end]))
            if part is not None:
                found.append(part)
                start = end
                break
        else:
            return None
    return sorted(found, key=lambda part: not (len(part) == 4 and part.isalpha()))


@functools.cache
def _codes_by_name() -> dict[str, str]:
    from engine.text.language_names import NAMES

    return {name.lower(): code for code, name in NAMES.items()}


# Names of languages a sheet may head its columns with besides their English ones: Chinese
# users' names, a language's own (Google Sheets' and the CAT tools' in that language), and
# the written standards of Chinese in a word.
_LANGUAGE_NAMES = {"中文": "zh", "汉语": "zh", "英文": "en", "英语": "en", "日文": "ja",
                   "日语": "ja", "德语": "de", "法语": "fr", "简体中文": "zh-Hans",
                   "繁體中文": "zh-Hant", "繁体中文": "zh-Hant", "deutsch": "de",
                   "français": "fr", "francais": "fr", "español": "es", "espanol": "es",
                   "italiano": "it", "português": "pt", "portugues": "pt", "nederlands": "nl",
                   "polski": "pl", "русский": "ru", "українська": "uk", "日本語": "ja",
                   "한국어": "ko", "svenska": "sv", "dansk": "da", "norsk": "no",
                   "norsk bokmål": "nb", "suomi": "fi", "türkçe": "tr", "čeština": "cs",
                   "magyar": "hu", "ελληνικά": "el", "română": "ro", "català": "ca",
                   "tiếng việt": "vi", "bahasa indonesia": "id", "العربية": "ar",
                   "עברית": "he", "हिन्दी": "hi", "ไทย": "th"}  # fmt: skip
# What tells a language's variant in a column's name: a script ("Simplified"), a country
# ("Brazil", "Brazilian"; in English or its own language).
_VARIANTS = {"simplified": "Hans", "traditional": "Hant", "简体": "Hans", "繁體": "Hant",
             "繁体": "Hant", "latin": "Latn", "cyrillic": "Cyrl", "brazil": "BR",
             "brazilian": "BR", "brasil": "BR", "portugal": "PT", "european": "PT",
             "switzerland": "CH", "swiss": "CH", "schweiz": "CH", "suisse": "CH",
             "austria": "AT", "austrian": "AT", "österreich": "AT", "germany": "DE",
             "deutschland": "DE", "united states": "US", "us": "US", "usa": "US",
             "american": "US", "united kingdom": "GB", "uk": "GB", "great britain": "GB",
             "british": "GB", "canada": "CA", "canadian": "CA", "australia": "AU",
             "australian": "AU", "ireland": "IE", "new zealand": "NZ", "india": "IN",
             "france": "FR", "belgium": "BE", "belgian": "BE", "belgique": "BE",
             "spain": "ES", "españa": "ES", "mexico": "MX", "méxico": "MX", "mexican": "MX",
             "latin america": "419", "latin american": "419", "argentina": "AR",
             "china": "CN", "taiwan": "TW", "hong kong": "HK", "macao": "MO", "macau": "MO",
             "singapore": "SG", "italy": "IT", "netherlands": "NL", "serbia": "RS"}  # fmt: skip


def _malformed(
    path: Path | None, message: str, *, message_id: str, params: dict[str, str | int]
) -> InputError:
    return InputError(
        message,
        path=path,
        hint="Write one term per line: term<TAB>translation, or the term alone to keep it",
        message_id=message_id,
        params=dict(params),
    )


# A letter of a script that puts spaces between words: only such a neighbour makes a term part
# of a longer word ("用GPU加速" holds GPU; "GPUs" does not). Chinese, Japanese, Thai... letters
# beside a Latin term are the next word.
# Combining marks are part of the letter before them, though Python's \\w takes none: a
# Hindi vowel sign (कमाल: कम, then ा) or a Hebrew point. Those of the scripts that put spaces
# between words, by their Unicode category (a danda or a maqaf in the same blocks is
# punctuation, which ends a word).
_MARK_BLOCKS = ((0x0300, 0x036F), (0x0483, 0x0489), (0x0591, 0x05C7), (0x0610, 0x06ED),
                (0x0900, 0x0DFF), (0x1AB0, 0x1AFF), (0x1DC0, 0x1DFF), (0x20D0, 0x20FF),
                (0xFE20, 0xFE2F))  # fmt: skip
_MARKS = "".join(
    re.escape(chr(code))
    for low, high in _MARK_BLOCKS
    for code in range(low, high + 1)
    if unicodedata.category(chr(code))[0] == "M"
)
_SPACED_LETTER = (
    "(?:[^\\W"
    + "".join(f"\\U{low:08x}-\\U{high:08x}" for low, high in UNSPACED_RANGES)
    + "]|["
    + _MARKS
    + "])"
)
# Korean particles, which follow a noun with no space (서울에서, 삼성전자가), longest first.
_KOREAN_PARTICLES = (
    "이라고", "에게서", "한테서", "으로서", "으로써", "에서는", "에서도", "이라는", "라고",
    "에서", "에게", "한테", "부터", "까지", "처럼", "보다", "으로", "라는", "이나", "하고", "과의",
    "와의", "은", "는", "이", "가", "을", "를", "에", "의", "와", "과", "로", "도", "만", "나",
)  # fmt: skip


_PARTICLE = f"(?:{'|'.join(_KOREAN_PARTICLES)})?"


def holds_term(text: str, term: str) -> bool:
    """Whether ``term`` occurs in ``text`` as a word of its own (as ``protect`` finds it)."""
    return re.search(_whole_word(term), text) is not None


def _whole_word(term: str) -> str:
    """The term's pattern, with word boundaries where its script puts spaces between words
    (a term in Korean text may carry its particle: 서울에서, GPU가)."""
    pattern = re.escape(term)
    if _needs_boundary(term[0]):
        pattern = f"(?<!{_SPACED_LETTER})" + pattern
    if _needs_boundary(term[-1]):
        pattern = pattern + f"(?={_PARTICLE}(?!{_SPACED_LETTER}))"
    return pattern


def _needs_boundary(char: str) -> bool:
    # In Chinese, Japanese, Thai... a term sits between letters with no space around it. A
    # term that begins or ends with a mark (.NET, C++) is no part of a word either: not of
    # ASP.NET, nor of C++11.
    return not any(low <= ord(char) <= high for low, high in UNSPACED_RANGES)


__all__ = [
    "DEFAULT_PLACEHOLDER",
    "Entry",
    "Glossary",
    "Placeholder",
    "Protected",
    "Restored",
    "Slot",
    "holds_term",
    "is_termbase",
    "load_glossary",
]
