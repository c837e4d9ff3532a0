"""Placeholders in the strings of localisation files (gettext catalogs, XLIFF, Qt Linguist):
what a program fills in (printf's ``%s``, Python's ``{name}``, Qt's ``%1``) and markup (HTML
tags) is seen by the translator as a field placeholder (``ZXQ1Q``) and written back as it
was; a translation that lost one, repeated one, or moved one that takes the next argument
past another is no translation a program can use."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from engine.documents.base import FIELD

# printf's conversions: C's (with C99's <inttypes.h> macros as xgettext writes them,
# ``%<PRId64>``), positional ``%1$s``, Python's named ``%(name)s``, Objective-C's ``%@``.
PRINTF = (
    r"%(?:\d+\$|\([^()\s]+\))?[-+ #0']*(?:\d+|\*)?(?:\.(?:\d+|\*))?"
    r"(?:<(?:PRI|SCN)\w+>|(?:hh|h|ll|l|L|q|j|z|Z|t|I64|I32)?[diouxXeEfFgGaAcspnr@%])"
)
# Python's str.format (``{{`` and ``}}`` are literal braces, kept as they are).
BRACES = r"\{\{|\}\}|\{[\w.\[\]]*(?:![rsa])?(?::[^{}\n]*)?\}"
# Qt's numbered arguments (``%L1`` localised) and its plural count.
QT = r"%L?\d{1,2}|%n"
TAG = r"</?[A-Za-z][\w:.-]*(?:\s[^<>]*)?/?>"
# Forms that cannot be ordinary text, for strings that do not say their format: ``%s``
# ``%d`` ``%(name)s`` ``%1$s`` ``%@``, ``{name}`` and ``{{name}}`` (i18next's, Angular's),
# Qt's ``%1``, tags. (No space flag: "100% sure" is text.)
PLAIN = (
    r"%(?:\d+\$|\([^()\s]+\))?[-+#0]*\d*(?:\.\d+)?(?:ll|l|h|z|q)?[sdiufeEgGxXc@]|%%"
    r"|\{\{\s*[\w.]+\s*\}\}|\{\w*\}|%L?\d{1,2}|%n|" + TAG
)

_FIELD = FIELD.pattern()

Check = Literal["ok", "subset", "bad"]


def ordered(placeholder: str) -> bool:
    """Whether a placeholder takes the next argument, so that it must keep its place among
    those that do: printf's conversions but ``%1$s``, ``%(name)s``, ``%%`` and Qt's ``%1``
    ``%n``; Python's ``{}``."""
    if placeholder.startswith("%"):
        if placeholder == "%%" or re.fullmatch(QT, placeholder):
            return False
        return not re.match(r"%(?:\d+\$|\()", placeholder)
    return placeholder == "{}"


def check(text: str, fields: tuple[str, ...]) -> Check:
    """Whether a translation has each of its unit's placeholders once ("ok"), some of them
    once and none other ("subset"), or is unusable ("bad": one repeated or made up, or one
    that takes the next argument moved past another)."""
    numbers = [int(m.group(1)) for m in _FIELD.finditer(text)]
    if len(set(numbers)) != len(numbers) or any(not 1 <= n <= len(fields) for n in numbers):
        return "bad"
    takes_next = [n for n in numbers if ordered(fields[n - 1])]
    if takes_next != sorted(takes_next):
        return "bad"
    where = {n: i for i, n in enumerate(numbers)}
    for start, end in _tag_pairs(fields):
        if start in where and end in where and where[start] > where[end]:
            return "bad"  # a tag closed before it opens
    return "ok" if len(numbers) == len(fields) else "subset"


_TAG_NAME = re.compile(r"<(/?)([A-Za-z][\w:.-]*)")


def _tag_pairs(fields: tuple[str, ...]) -> list[tuple[int, int]]:
    """The (1-based) numbers of each tag that opens and the tag that closes it."""
    pairs: list[tuple[int, int]] = []
    open_tags: list[tuple[str, int]] = []
    for number, field in enumerate(fields, start=1):
        match = _TAG_NAME.match(field)
        if match is None or field.endswith("/>"):
            continue
        closing, name = match.groups()
        if not closing:
            open_tags.append((name, number))
            continue
        for i in range(len(open_tags) - 1, -1, -1):
            if open_tags[i][0] == name:
                pairs.append((open_tags[i][1], number))
                del open_tags[i:]
                break
    return pairs


@dataclass(frozen=True)
class Shaped:
    """A string as the translator sees it: the text less its leading and trailing
    whitespace (which stay as they are), its placeholders as fields."""

    lead: str
    text: str
    trail: str
    fields: tuple[str, ...]


def shape(value: str, pattern: re.Pattern[str]) -> Shaped:
    core = value.strip()
    lead = value[: len(value) - len(value.lstrip())]
    trail = value[len(value.rstrip()) :] if core else ""
    fields: list[str] = []

    def placeholder(match: re.Match[str]) -> str:
        fields.append(match.group())
        return FIELD.format(len(fields))

    return Shaped(lead, pattern.sub(placeholder, core), trail, tuple(fields))
