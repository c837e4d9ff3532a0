"""Text that holds no language: numbers, dates, times, amounts, percentages, version numbers,
codes, URLs and e-mail addresses, alone or together. A translator has nothing to do with such
a text, and a model may still change it (a digit dropped, a date reordered): it is copied.

A text is verbatim when each of its whitespace-separated tokens is one of these:

* a URL (``https://…``, ``www.…``, ``mailto:…``), an e-mail address, or a file name with a
  common extension (``ch001.xhtml``, ``report_v2.pdf``), or a path to one
  (``getting-started/install.md``);
* digits with the punctuation and symbols numbers are written with: thousands separators and
  decimals (``1,234.50``, ``1.234,50``, ``1 234``), dates (``2024-01-31``, ``31/01/2024``),
  times (``09:30``), ranges, signs, percentages, currency symbols (``$12``, ``12 €``),
  degrees, version numbers (``1.2.3``, ``v2.0``);
* a code of capital letters and digits with at least one digit (``AB-1234``, ``X12``, ``A4``);
* beside a number, a three-letter currency code (``USD 100``) or ``AM``/``PM``;
* punctuation and symbols only (``—``, ``•``, ``(…)``).

Anything with a word in it (``3rd``, ``10 km``, ``Page 2``, ``2024年``) holds language.
"""

from __future__ import annotations

import re

_URL = re.compile(r"(?:[a-z][a-z0-9+.-]*://|www\.|mailto:)\S+", re.IGNORECASE)
_EMAIL = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+")
_FILE = re.compile(  # (a path too: getting-started/install.md, ../img/logo.png)
    r"/?(?:[\w.-]+/)*[\w.-]*\w\.(?:x?html?|xml|json|css|js|py|md|txt|csv|pdf|docx?|xlsx?|pptx?|od[tsp]|epub"
    r"|png|jpe?g|gif|svg|webp|mp[34]|zip)",
    re.IGNORECASE,
)
# A web address or an e-mail address inside a text (a full stop or a closing bracket after
# it is the sentence's): kept as it is wherever a format can keep a piece of a sentence.
ADDRESS = re.compile(
    r"(?:https?|ftp)://[^\s<>()]*[^\s<>().,;:!?'\"]|www\.[^\s<>()]*[^\s<>().,;:!?'\"]"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
)
# Punctuation and symbols around a token (brackets, quotes, a full stop after a number).
_EDGES = re.compile(r"^[^\w$€£¥₹₽¢₩₪₫฿₺₴₦]+|[^\w%‰°$€£¥₹₽¢₩₪₫฿₺₴₦]+$")
# Letters (of any script), excluding digits and the underscore.
_LETTER = re.compile(r"[^\W\d_]")
_VERSION = re.compile(r"[vV]\d+(?:\.\d+)*")
_CODE = re.compile(r"[A-Z0-9]+(?:[-_./#:][A-Z0-9]+)*")
_BESIDE_NUMBERS = re.compile(r"[A-Z]{3}|AM|PM|am|pm|[ap]\.m\.?")
_DIGIT = re.compile(r"\d")


def is_verbatim(text: str) -> bool:
    """True when ``text`` holds no language (see the module docstring); a blank text is
    verbatim too (there is nothing to translate)."""
    tokens = text.split()
    has_number = any(_DIGIT.search(token) for token in tokens)
    return all(_plain(token, has_number) for token in tokens)


def _plain(token: str, has_number: bool) -> bool:
    bare = token.strip("<>()[],;.")
    if _URL.fullmatch(token) or _EMAIL.fullmatch(bare) or _FILE.fullmatch(bare):
        return True
    core = _EDGES.sub("", token)
    if not _LETTER.search(core):
        return True  # digits, punctuation and symbols
    if _VERSION.fullmatch(core):
        return True
    if _CODE.fullmatch(core) and _DIGIT.search(core):
        return True
    return has_number and bool(_BESIDE_NUMBERS.fullmatch(core))


__all__ = ["ADDRESS", "is_verbatim"]
