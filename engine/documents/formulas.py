"""The texts a spreadsheet's formulas, conditions and filters name literally, which a cell's
text must go on matching: ``=IF(C2="Done";…)``, ``COUNTIF(C:C;"<>closed")``,
``COUNTIF(C:C;"clos*")``, a drop-down list of ``"Yes,No"``, a table's column names. A cell
holding one is not translated (translated, the formula would no longer find it). Matching is
as the spreadsheet's: without regard to case, with ``*`` and ``?`` as wildcards in criteria.
A literal joined to something by ``&`` (``="Total: "&B2``) builds a text rather than
matching one: it names nothing."""

from __future__ import annotations

import re
from collections.abc import Iterable

# A string literal: "…" with "" for a quote inside.
_LITERAL = re.compile(r'"((?:[^"]|"")*)"')
# A criterion's comparison (COUNTIF, SUMIFS, MATCH, filters): "<>closed", ">=10".
_CRITERION = re.compile(r"^(?:<>|<=|>=|=|<|>)")
# Criteria's wildcards; ~ escapes one.
_WILDCARD = re.compile(r"~[*?~]|[*?]")
# A pattern with fewer characters than this besides its wildcards ("*", "*a*") would hold
# back most of a sheet: not protected by.
_PATTERN_MIN_CHARS = 2


class Literals:
    """What the formulas of one workbook name, gathered with :meth:`formula`, :meth:`text`
    and :meth:`choices`, asked with :meth:`covers`."""

    def __init__(self) -> None:
        self.exact: set[str] = set()
        self.patterns: list[re.Pattern[str]] = []

    def formula(self, formula: str) -> None:
        """The literals of a formula, a condition or a validation's list."""
        for match in _LITERAL.finditer(formula):
            before = formula[: match.start()].rstrip()[-1:]
            after = formula[match.end() :].lstrip()[:1]
            if "&" in (before, after):
                continue  # a piece of a text being built
            value = match.group(1).replace('""', '"')
            self.criterion(value)

    def choices(self, formula: str) -> None:
        """A list validation's choices, ``"Yes,No,Maybe"``."""
        for match in _LITERAL.finditer(formula):
            for item in match.group(1).replace('""', '"').split(","):
                self.text(item)

    def criterion(self, value: str) -> None:
        """A value a cell is compared with: a comparison's operator dropped, wildcards
        understood."""
        value = _CRITERION.sub("", value.strip())
        if any(m.group(0) in "*?" for m in _WILDCARD.finditer(value)):
            plain = _WILDCARD.sub(lambda m: m.group(0)[1:] if len(m.group(0)) == 2 else "", value)
            if len(plain.strip()) >= _PATTERN_MIN_CHARS:
                pattern = _WILDCARD.sub(_wildcard_regex, _escape_outside_wildcards(value))
                self.patterns.append(re.compile(pattern, re.IGNORECASE | re.DOTALL))
            return
        self.text(value.replace("~*", "*").replace("~?", "?").replace("~~", "~"))

    def text(self, value: str) -> None:
        """A text a cell must equal (a column's name, a filter's value)."""
        value = value.strip()
        if value:
            self.exact.add(value.casefold())

    def covers(self, text: str) -> bool:
        text = text.strip()
        if text.casefold() in self.exact:
            return True
        return any(p.fullmatch(text) for p in self.patterns)

    def __bool__(self) -> bool:
        return bool(self.exact or self.patterns)


def _escape_outside_wildcards(value: str) -> str:
    """``value`` with everything but its wildcards (and their ~ escapes) regex-escaped."""
    out: list[str] = []
    last = 0
    for match in _WILDCARD.finditer(value):
        out.append(re.escape(value[last : match.start()]))
        out.append(match.group(0))
        last = match.end()
    out.append(re.escape(value[last:]))
    return "".join(out)


def _wildcard_regex(match: re.Match[str]) -> str:
    token = match.group(0)
    if token == "*":
        return ".*"
    if token == "?":
        return "."
    return re.escape(token[1:])  # ~* ~? ~~: the character itself


def gather(formulas: Iterable[str]) -> Literals:
    literals = Literals()
    for formula in formulas:
        literals.formula(formula)
    return literals


__all__ = ["Literals", "gather"]
