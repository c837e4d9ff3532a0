"""The language a translated document declares: what a word processor checks its spelling in,
hyphenates it by and picks its fonts for, and what a screen reader reads it aloud as. A
document translated into German that goes on saying it is English is all red underlines in
Word, and is read with an English voice.

Formats name a language in one of three ways: a BCP 47 tag (HTML, EPUB: ``de``, ``pt-BR``,
``zh-Hans``), an Office culture name (Word, PowerPoint: ``de-DE``, ``zh-CN``), or a language
and a country apart (OpenDocument: ``de`` and ``DE``). Office and OpenDocument keep the
languages of three kinds of script apart (Latin and the like, East Asian, complex: right to
left and Indic), and a run's text is checked in the language of its script's kind."""

from __future__ import annotations

import functools
import locale
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

Kind = Literal["western", "asian", "complex"]

# How the formats write it: a text that is no language (code, names: never spell-checked,
# and so it stays), the XML language attribute, and Dublin Core (documents' properties).
NO_LANGUAGE = "zxx"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DC = "http://purl.org/dc/elements/1.1/"

# The country a language is written in when a tag names none (CLDR's likely subtags), as Office
# and LibreOffice want one.
_COUNTRY = {
    "af": "ZA", "ary": "MA", "arz": "EG", "ckb": "IQ", "mai": "IN", "prs": "AF", "sa": "IN",
    "syr": "SY", "am": "ET", "ar": "EG", "as": "IN", "az": "AZ", "be": "BY", "bg": "BG",
    "bn": "BD", "bo": "CN", "br": "FR", "bs": "BA", "ca": "ES", "cs": "CZ", "cy": "GB",
    "da": "DK", "de": "DE", "dv": "MV", "el": "GR", "en": "US", "es": "ES", "et": "EE",
    "eu": "ES", "fa": "IR", "fi": "FI", "fil": "PH", "fo": "FO", "fr": "FR", "fy": "NL",
    "ga": "IE", "gd": "GB", "gl": "ES", "gu": "IN", "ha": "NG", "he": "IL", "hi": "IN",
    "hr": "HR", "hu": "HU", "hy": "AM", "id": "ID", "ig": "NG", "is": "IS", "it": "IT",
    "ja": "JP", "jv": "ID", "ka": "GE", "kk": "KZ", "km": "KH", "kn": "IN", "ko": "KR",
    "ky": "KG", "lb": "LU", "lo": "LA", "lt": "LT", "lv": "LV", "mg": "MG", "mi": "NZ",
    "mk": "MK", "ml": "IN", "mn": "MN", "mr": "IN", "ms": "MY", "mt": "MT", "my": "MM",
    "nb": "NO", "ne": "NP", "nl": "NL", "nn": "NO", "no": "NO", "or": "IN", "pa": "IN",
    "pl": "PL", "ps": "AF", "pt": "BR", "ro": "RO", "ru": "RU", "rw": "RW", "sd": "PK",
    "si": "LK", "sk": "SK", "sl": "SI", "so": "SO", "sq": "AL", "sr": "RS", "sv": "SE",
    "sw": "TZ", "ta": "IN", "te": "IN", "tg": "TJ", "th": "TH", "ti": "ET", "tk": "TM",
    "tl": "PH", "tr": "TR", "tt": "RU", "ug": "CN", "uk": "UA", "ur": "PK", "uz": "UZ",
    "vi": "VN", "xh": "ZA", "yi": "001", "yo": "NG", "yue": "HK", "zh": "CN", "zu": "ZA",
    "ks": "IN", "ku": "TR",
}  # fmt: skip
# Where a language's other script is written in another country (CLDR's likely subtags).
_SCRIPT_COUNTRY = {
    ("az", "Arab"): "IR", ("ks", "Deva"): "IN", ("ku", "Arab"): "IQ", ("mn", "Mong"): "CN",
    ("pa", "Arab"): "PK", ("sd", "Deva"): "IN", ("uz", "Arab"): "AF", ("zh", "Hant"): "TW",
}  # fmt: skip
# Old names for a language and its script (CLDR's aliases): Serbo-Croatian is Serbian in
# Latin letters.
_ALIASES = {"sh": ("sr", "Latn")}
_ASIAN = frozenset(["cmn", "hak", "ja", "ko", "nan", "wuu", "yue", "zh"])
# Written right to left, or in a script that shapes and reorders its letters (Office's
# "complex script" languages).
_COMPLEX = frozenset(
    [
        "ar", "as", "bn", "bo", "dv", "fa", "gu", "he", "hi", "km", "kn", "lo", "ml", "mr",
        "my", "ne", "or", "pa", "ps", "sd", "si", "ta", "te", "th", "ug", "ur", "yi",
        # and by the codes NLLB and ISO 639-3 give them
        "acm", "acq", "aeb", "ajp", "apc", "arb", "ars", "ary", "arz", "awa", "azb", "bho",
        "ckb", "hne", "kas", "ks", "mag", "mai", "mni", "new", "pnb", "prs", "sa", "san",
        "skr", "syr",
    ]
)  # fmt: skip
# Written right to left, in the script each is written in unless a tag names another.
_RTL = frozenset(
    [
        "ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ps", "sd", "syr", "ug", "ur", "yi",
        "acm", "acq", "aeb", "ajp", "apc", "arb", "ars", "ary", "arz", "azb", "pes", "pnb",
        "prs", "skr",
    ]
)  # fmt: skip
_RTL_SCRIPTS = frozenset(["Arab", "Hebr", "Syrc", "Thaa", "Nkoo", "Adlm", "Rohg"])
# The kind of script a script code names, when the code names one (ckb_Arab, mai_Deva).
_SCRIPT_KINDS: dict[str, Kind] = {
    **dict.fromkeys(["Hans", "Hant", "Jpan", "Kore", "Hang", "Hira", "Kana"], "asian"),
    **dict.fromkeys(
        [
            "Arab", "Hebr", "Syrc", "Thaa", "Nkoo", "Deva", "Beng", "Guru", "Gujr", "Orya",
            "Taml", "Telu", "Knda", "Mlym", "Sinh", "Thai", "Laoo", "Khmr", "Mymr", "Tibt",
            "Mtei", "Olck", "Mong",
        ],
        "complex",
    ),
    **dict.fromkeys(["Latn", "Cyrl", "Grek", "Armn", "Geor"], "western"),
}  # fmt: skip
# Where Office names a language otherwise (its culture names).
_CULTURES = {"no": "nb-NO", "tl": "fil-PH", "yue": "zh-HK"}  # (Office has no Cantonese)
# Codes that name no one language: never a target to declare.
_NOT_ONE = frozenset(["und", "mul", NO_LANGUAGE, "mis"])
# Languages written in more than one script, whose tags name it (zh-Hant, sr-Latn).
_SCRIPTS = frozenset(["az", "bs", "ks", "ku", "mn", "pa", "sd", "sr", "uz", "zh"])
_TAG = re.compile(r"[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8})*")


@dataclass(frozen=True)
class Language:
    """A target language as the formats write it."""

    language: str  # ISO 639 (``de``, ``zh``, ``fil``)
    script: str | None = None  # ISO 15924, title case (``Hans``)
    region: str | None = None  # ISO 3166 or UN M.49 (``BR``, ``419``)
    written: str | None = None  # the script the job's code named, in the tag or not (``Arab``)

    @property
    def tag(self) -> str:
        """BCP 47, for HTML and EPUB: ``de``, ``pt-BR``, ``zh-Hans``; a bare ``zh`` is
        ``zh-CN``, Simplified, as Office's and gettext's are (a browser or a reader picks
        Simplified or Traditional glyphs by it)."""
        if self.language == "zh" and self.script is None and self.region is None:
            return "zh-CN"
        return "-".join(p for p in (self.language, self.script, self.region) if p)

    @property
    def country(self) -> str | None:
        """The country Office and OpenDocument name it with (``zh-Hant`` is Taiwan's)."""
        if self.region is not None:
            return self.region
        if self.script is not None and (self.language, self.script) in _SCRIPT_COUNTRY:
            return _SCRIPT_COUNTRY[(self.language, self.script)]
        return _COUNTRY.get(self.language)

    @property
    def culture(self) -> str:
        """An Office culture name: ``de-DE``, ``pt-BR``, ``zh-TW``; the language alone when it
        has no known country."""
        if self.region is None and self.script is None and self.language in _CULTURES:
            return _CULTURES[self.language]
        script = self.script if self.language != "zh" else None  # (its country says)
        return "-".join(p for p in (self.language, script, self.country) if p)

    @property
    def locale(self) -> str:
        """A POSIX-style locale, as Open Graph names a page's (``og:locale``): ``de_DE``,
        ``pt_BR``, ``zh_TW``; the language alone when it has no known country."""
        return "_".join(p for p in (self.language, self.country) if p)

    @property
    def rtl(self) -> bool:
        """Whether it is written right to left (Arabic, Hebrew, Persian, Urdu, …)."""
        if self.written is not None or self.script is not None:
            return (self.written or self.script) in _RTL_SCRIPTS
        return self.language in _RTL

    @property
    def kind(self) -> Kind:
        if self.written in _SCRIPT_KINDS:
            return _SCRIPT_KINDS[self.written]
        if self.language in _ASIAN:
            return "asian"
        return "complex" if self.language in _COMPLEX else "western"


# Where Windows has two locale ids for one name, the one Word writes (Spanish of Spain: the
# modern sort, not the traditional); and the ids Python's table lacks: languages written in a
# script of their own choosing (Serbian in Cyrillic), and a few more.
_LCID_PREFERRED = {"es_ES": 3082}
_LCID_BY_SCRIPT = {
    ("sr", "Cyrl"): 10266,
    ("sr", "Latn"): 9242,
    ("uz", "Cyrl"): 2115,
    ("uz", "Latn"): 1091,
    ("az", "Cyrl"): 2092,
    ("az", "Latn"): 1068,
    ("bs", "Cyrl"): 8218,
    ("bs", "Latn"): 5146,
    ("pa", "Arab"): 2118,
    ("mn", "Mong"): 2128,
}
_LCID_MISSING = {"sd": 2137, "ks": 1120, "yi": 1085, "prs": 1164, "ckb": 1170}


@functools.cache
def _lcids() -> dict[str, int]:
    found: dict[str, int] = {}
    for number, name in sorted(locale.windows_locale.items()):
        found.setdefault(name, number)
    found.update(_LCID_PREFERRED)
    return found


def lcid(language: Language) -> int | None:
    """The Windows locale id ``language`` is named by where a format counts languages (RTF's
    ``\\lang1031``): its culture's (de-DE 1031, zh-TW 1028), else its language's first;
    None for a language Windows has no id for."""
    script = language.script or language.written or ""
    if (language.language, script) in _LCID_BY_SCRIPT:
        return _LCID_BY_SCRIPT[(language.language, script)]
    known = _lcids()
    culture = language.culture.replace("-", "_")
    if culture in known:
        return known[culture]
    prefix = f"{language.language}_"
    numbers = sorted(n for name, n in known.items() if name.startswith(prefix))
    return numbers[0] if numbers else _LCID_MISSING.get(language.language)


def same_target(declared: str, language: Language) -> bool:
    """Whether a file that declares its target language as ``declared`` (``de``, ``pt_BR``,
    ``zh-Hant``, ``sr@latin``) is one a job into ``language`` may fill in: the same
    language, and the same script and country where both name one (``pt-BR`` is not
    ``pt-PT``; ``zh_TW`` is ``zh-Hant``). A name that is no language tag is taken as it is."""
    cleaned = declared.strip().replace("@latin", "-Latn").replace("@cyrillic", "-Cyrl")
    found = target_language(cleaned)
    if found is None:
        return re.split(r"[-_@.]", cleaned)[0].lower() == language.language
    if found.language != language.language:
        return False
    if found.script and language.script and found.script != language.script:
        return False
    if found.region and language.region and found.region != language.region:
        return False
    theirs, ours = found.country, language.country
    if found.language == "zh" and theirs and ours and (found.script or found.region):
        # Chinese scripts by country: Taiwan, Hong Kong and Macao write Traditional.
        traditional = {"TW", "HK", "MO"}
        return (theirs in traditional) == (ours in traditional)
    return True


def same_language(code: str, other: str) -> bool:
    """Whether two codes name one language as a glossary or a termbase is for it: Norwegian's
    ``nb``, ``nn`` and ``no`` are one, and so are a code ISO 639 withdrew and its successor
    (``iw``, ``he``); a country alone makes no other (``de-CH`` is ``de``, ``en-GB``
    ``en-US``), a script does (``zh-Hans`` is not ``zh-Hant``, nor ``zh-CN`` ``zh-TW``;
    ``sr-Latn`` is not ``sr-Cyrl``), but only where both say theirs (``zh`` is either)."""
    first, second = target_language(code), target_language(other)
    if first is None or second is None:
        return _one_of(primary_language(code)) == _one_of(primary_language(other))
    if _one_of(first.language) != _one_of(second.language):
        return False
    scripts = _script(first), _script(second)
    return None in scripts or scripts[0] == scripts[1]


def _one_of(language: str) -> str:
    return _MACROLANGUAGE.get(language, language)


def _script(language: Language) -> str | None:
    """The script a tag names, or that its country writes Chinese in (CLDR's likely
    subtags: Taiwan, Hong Kong and Macao write Traditional, China and Singapore Simplified)."""
    if language.script or language.language != "zh":
        return language.script
    return {"CN": "Hans", "SG": "Hans", "TW": "Hant", "HK": "Hant", "MO": "Hant"}.get(
        language.region or ""
    )


def target_language(code: str | None) -> Language | None:
    """The language a job translated into, from the code the job names it by (``de``,
    ``pt-BR``, ``pt_BR``, ``deu_Latn``, ``zho_Hant``); None when there is none, or it is not a
    language tag."""
    if not code or not _TAG.fullmatch(code.strip()):
        return None
    from engine.tasks.languages import is_language, to_iso

    if not is_language(code):
        return None
    parts = re.split(r"[-_]", code.strip())
    script = region = None
    language = to_iso(code)
    if len(parts) > 1 and len(parts[0]) == 2 and len(parts[1]) == 3 and parts[1].isalpha():
        language = to_iso(parts[1])  # an extended language subtag: zh-yue is Cantonese
    if language in _ALIASES:
        language, script = _ALIASES[language]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            script = script or part.title()
        elif (len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit()):
            region = region or part.upper()
    if language in _NOT_ONE:
        return None
    written = script
    # The script a language is written in anyway says nothing (deu_Latn is de).
    if language not in _SCRIPTS:
        script = None
    return Language(language, script, region, written)


# CLDR's plural categories, in its order: a message's forms (``one``, ``other``).
CATEGORIES = ("zero", "one", "two", "few", "many", "other")
# The plural categories a language's numbers take (CLDR's cardinal rules, as Android, Apple's
# catalogs and i18next's Intl.PluralRules name them); the rest take "one" and "other".
_PLURAL_CATEGORIES = {
    **dict.fromkeys(["ja", "ko", "zh", "vi", "th", "id", "ms", "lo", "km", "my"], ("other",)),
    **dict.fromkeys(["ru", "uk", "be", "pl", "cs", "sk", "lt"], ("one", "few", "many", "other")),
    **dict.fromkeys(["fr", "es", "it", "pt", "ca"], ("one", "many", "other")),
    **dict.fromkeys(["hr", "sr", "bs", "ro"], ("one", "few", "other")),
    "ar": ("zero", "one", "two", "few", "many", "other"),
    "cy": ("zero", "one", "two", "few", "many", "other"),
    "ga": ("one", "two", "few", "many", "other"),
    "he": ("one", "two", "other"),
    "sl": ("one", "two", "few", "other"),
    "lv": ("zero", "one", "other"),
}


def plural_categories(language: Language) -> tuple[str, ...]:
    """The plural categories ``language``'s numbers take (CLDR's, in CLDR's order)."""
    return _PLURAL_CATEGORIES.get(language.language, ("one", "other"))


# The languages whose form for 1 serves other numbers too (Russian's 21 and 31, Lithuanian's,
# Latvian's and Slovenian's alike; French's, Persian's and Brazilian Portuguese's 0), as
# gettext's msginit rules for them have it (po.py's table, which a test holds to this).
_ONE_SHARED = frozenset(
    ["fr", "fa", "hy", "am", "ti", "ln", "oc", "wa", "ru", "uk", "be", "sr", "hr", "bs", "lt",
     "lv", "sl"]
)  # fmt: skip


def one_alone(language: Language) -> bool:
    """Whether ``language``'s plural form for 1 serves 1 alone (English's, German's), not
    other numbers too (Russian's serves 21 and 31, French's 0) or none (Japanese has no
    form for 1): then it takes a singular's translation that leaves out the count ("One
    item")."""
    if language.language == "pt" and language.region == "BR":
        return False
    return "one" in plural_categories(language) and language.language not in _ONE_SHARED


def singular_counts(singular: Iterable[object], plural: Iterable[object]) -> bool:
    """Whether a singular (its placeholders) serves other numbers than 1 too: it has the
    plural's placeholders ("One item" has no count for 21, "{{ .Count }} item" has)."""
    return set(plural) <= set(singular)


def filled_forms(
    keys: Collection[str],
    translated: Mapping[str, str],
    fields: Mapping[str, Iterable[object]],
    language: Language,
) -> dict[str, str]:
    """What a message of plural forms needs written in ``language`` (each category and its
    text), from its ``keys`` (``one``, ``other``…), the ``translated`` ones' translations and
    the ``fields`` (placeholders) of those that are text in the source; nothing where
    ``other`` has no translation. Each category the language has and the message lacks
    takes ``other``'s translation (Hugo shows ``other``, English's, for a form it lacks;
    Rails raises; i18next shows the key), and so does ``one`` where the language's one
    serves other numbers than 1 and the singular leaves out the count (Russian's "One
    word" read "21: one word")."""
    other = translated.get("other")
    if other is None:
        return {}
    filled = {category: other for category in plural_categories(language) if category not in keys}
    if (
        "one" in fields
        and not one_alone(language)
        and not singular_counts(fields["one"], fields.get("other", ()))
    ):
        filled["one"] = other
    return filled


_CODE = re.compile(r"[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")


def primary_language(code: str) -> str:
    """A code's language alone, as compared across spellings: ``pt`` of ``pt-BR``, ``de`` of
    ``deu_Latn``, ``zh`` of Android's ``b+zh+Hant``; else its first subtag, lower case."""
    code = code.strip().removeprefix("b+")
    found = target_language(code.replace("+", "-"))
    return found.language if found is not None else re.split(r"[-_+]", code)[0].lower()


def foreign(code: str, language: str | None) -> bool:
    """Whether text marked as in ``code`` is in another language than a document in
    ``language`` (a primary subtag; None: not known): a quotation in French, a Latin phrase,
    a link to the page in another language. ``en-GB`` in English is English; no language
    (``zxx``) and a code that is no language are not another."""
    if language is None or not code.strip() or code.strip().lower() == NO_LANGUAGE:
        return False
    if target_language(code.strip()) is None:
        return False
    return _one_of(primary_language(code)) != _one_of(language)


# Codes of one language: Norwegian and its written standards (Bokmål, Nynorsk), and the codes
# ISO 639 withdrew (Hebrew's iw, Indonesian's in, Yiddish's ji).
_MACROLANGUAGE = {"nb": "no", "nn": "no", "iw": "he", "in": "id", "ji": "yi"}


def reads_as(text: str, declared: Sequence[str | None] = ()) -> str | None:
    """The language ``text`` reads as (an ISO 639-1 code), when the detector is sure of it
    and it is none of the ``declared`` ones (a template's ``lang="en"`` over a Spanish
    article); None for text too short or mixed to tell, or that may well be in a language
    declared (Norwegian read as Danish is still the page's Norwegian)."""
    from engine.errors import InputError
    from engine.text.langid import rank

    try:
        ranked = rank(" ".join(text.split()))
    except InputError:  # (no letters)
        return None
    said = {_MACROLANGUAGE.get(c, c) for c in (primary_language(d) for d in declared if d)}
    if any(d.confidence >= _POSSIBLE and _MACROLANGUAGE.get(d.language, d.language) in said
           for d in ranked):  # fmt: skip
        return None
    return ranked[0].language if ranked[0].confidence >= SURE else None


_POSSIBLE = 0.05  # a declared language the text may be in
# How sure the detector must be to overrule what a file says of its language (a page's or a
# document's, a passage's mark), and how much of a page's text it reads to tell.
SURE = 0.5
READ_CHARS = 200_000


def names_language(code: str) -> bool:
    """Whether ``code`` is a language code as a file, a folder or a key names one (``de``,
    ``pt-BR``, ``en_US``, ``zh-Hans``) of a language Quire knows: ``app`` and ``es`` of
    Elasticsearch's settings look alike, only the known ones are taken."""
    from engine.tasks.languages import to_iso
    from engine.text.language_names import NAMES

    return _CODE.fullmatch(code) is not None and to_iso(code) in NAMES


def locale_root(keys: Sequence[str], nested: bool) -> bool:
    """Whether a translation file's top-level ``keys`` name its locale: one key, naming a
    language Quire knows, that holds the messages (``nested``: Rails' ``en:``, i18next's
    ``{"en": {…}}``); the program finds the locale by it, so a translation renames it."""
    # (a language Quire names: "app:" is no locale, though ISO 639-3 has "app")
    return len(keys) == 1 and nested and names_language(keys[0])


def retag(element: Any, language: Language) -> None:
    """A translated element (a title) that names its own language with ``xml:lang`` names
    ``language`` instead; one that names none, or no language (``zxx``), stays so."""
    if element.get(XML_LANG) not in (None, NO_LANGUAGE):
        element.set(XML_LANG, language.tag)


__all__ = [
    "CATEGORIES",
    "DC",
    "NO_LANGUAGE",
    "XML_LANG",
    "Kind",
    "Language",
    "filled_forms",
    "foreign",
    "locale_root",
    "names_language",
    "one_alone",
    "plural_categories",
    "primary_language",
    "retag",
    "same_language",
    "singular_counts",
    "target_language",
]
