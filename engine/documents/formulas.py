"""The texts a spreadsheet's formulas, conditions and filters name literally, which a cell's
text must go on matching: ``=IF(C2="Done";…)``, ``COUNTIF(C:C;"<>closed")``,
``COUNTIF(C:C;"clos*")``, a drop-down list of ``"Yes,No"``, a table's column names. A cell
holding one is not translated (translated, the formula would no longer find it). Matching is
as the spreadsheet's: without regard to case, with ``*`` and ``?`` as wildcards in criteria.
A literal joined to something by ``&`` (``="Total: "&B2``) builds a text rather than
matching one: it names nothing; nor does a literal a cell's formula gives as its value
(``=IF(B2>0;"Yes";"No")``, ``CHOOSE``'s items), unless something compares that value.

What a cell's formula gives, or builds its value from, is text to translate where nothing
compares it (:class:`Given`): a cell typed "Yes" and a formula giving "Yes" in one column must
read alike once translated. :class:`GivenSlot` writes its translation back in its place in
the formula, every other character as it was."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from lxml import etree

from engine.documents.package import Slot

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

    def formula(self, formula: str, *, result: bool = False) -> list[Given]:
        """The literals of a formula, a condition or a validation's list; ``result``: a
        cell's formula, whose value is the cell's text, which no formula here compares.
        Returns what such a formula gives (or builds what it gives from), in order."""
        prefix = _START.match(formula)
        start = prefix.end() if prefix else 0
        if result and formula.startswith("=", start):
            start += 1
        tokens, at, role = _tokens(formula, start), [0], _OUTPUT if result else _COMPARED
        given: list[Given] = []
        shown = result
        while True:
            self._walk(_expression(tokens, at), role, given, shown=shown)
            if at[0] >= len(tokens):
                break
            at[0] += 1  # (a ";" or ")" out of place: what follows is kept whatever it is)
            role, shown = _COMPARED, False
        return sorted(given)

    def _walk(self, items: list[_Item], role: str, given: list[Given], *, shown: bool) -> None:
        """Protect the literals of an expression whose value plays ``role``; those of one
        whose value the cell shows (``shown``: all of it or a piece) go to ``given``."""
        for n, item in enumerate(items):
            if isinstance(item, _Operator):
                continue
            near = {
                i.text
                for i in (items[n - 1 : n] + items[n + 1 : n + 2])
                if isinstance(i, _Operator)
            }
            if near & _COMPARISONS:
                own, seen = _COMPARED, False
            elif "&" in near:
                own, seen = _PIECE, shown  # a piece of a text being built
            elif len(items) == 1:
                own, seen = role, shown
            else:
                own, seen = _COMPARED, False  # (arithmetic, or what we cannot tell: kept)
            if isinstance(item, _Literal):
                if own == _COMPARED:
                    self.criterion(item.text)
                elif seen and item.end is not None:
                    given.append(Given(item.start, item.end, item.text))
            elif isinstance(item, _Call):
                for k, argument in enumerate(item.arguments):
                    kind = _given(item.name, k, len(item.arguments))
                    if kind == _OUTPUT:
                        self._walk(argument, own, given, shown=seen)
                    else:  # (a piece of what the call gives is shown where that is)
                        self._walk(argument, kind, given, shown=seen and kind == _PIECE)
            elif isinstance(item, list):  # an array's literals: {"a","b"}
                for value in item:
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


# What a literal's value is for: compared with cells (protected), given as a cell's value, a
# piece of a text being built.
_COMPARED, _OUTPUT, _PIECE = "compared", "output", "piece"
_COMPARISONS = frozenset(["=", "<>", "!=", "<", ">", "<=", ">="])
# What comes before a formula's expression: spaces, OpenDocument's "of:".
_START = re.compile(r"\s*(?:[a-z]+:(?==))?", re.IGNORECASE)


class Given(NamedTuple):
    """A literal a cell's formula gives: where it stands in the formula, its quotes
    included, and its text."""

    start: int
    end: int
    text: str


@dataclasses.dataclass(frozen=True, eq=False)
class GivenSlot(Slot):
    """A literal a cell's formula gives, in the formula ``element`` holds (its text, or its
    ``attribute``): ``pieces[index]`` of the formula's pieces, which alternate between the
    text around its literals, as it was, and their texts; written back in quotes, a quote
    in it doubled."""

    pieces: list[str] = dataclasses.field(default_factory=list)
    index: int = 0

    @property
    def text(self) -> str:
        return self.pieces[self.index]

    def set(self, value: str) -> None:
        self.pieces[self.index] = value
        super().set(
            "".join(
                '"' + p.replace('"', '""') + '"' if n % 2 else p for n, p in enumerate(self.pieces)
            )
        )


def given_slots(
    element: etree._Element,
    formula: str,
    given: Sequence[Given],
    *,
    attribute: str = "",
    kind: type[GivenSlot] = GivenSlot,
) -> list[GivenSlot]:
    """A slot for each of ``given``, the literals that ``formula`` (``element``'s text, or
    its ``attribute``) gives."""
    pieces: list[str] = []
    last = 0
    for literal in given:
        pieces += [formula[last : literal.start], literal.text]
        last = literal.end
    pieces.append(formula[last:])
    return [
        kind(element, attribute=attribute, pieces=pieces, index=2 * k + 1)
        for k in range(len(given))
    ]


class _Literal:
    """A string literal: its text, and where it stands in the formula, its quotes included
    (``end`` None: never closed, so not written back)."""

    def __init__(self, text: str, start: int, end: int | None) -> None:
        self.text, self.start, self.end = text, start, end


class _Operator:
    def __init__(self, text: str) -> None:
        self.text = text


class _Call:
    """A function's call (``name`` "" for parentheses), its arguments' items."""

    def __init__(self, name: str, arguments: list[list[_Item]]) -> None:
        self.name, self.arguments = name, arguments


# An expression's item: a literal, an operator, a call, an array's literals, or anything else
# (a reference, a number, a name: None).
_Item = _Literal | _Operator | _Call | list[str] | None


def _given(name: str, k: int, count: int) -> str:
    """What argument ``k`` of ``count`` of function ``name`` is for: what the call gives
    (``IF``'s results, ``CHOOSE``'s items...), a piece of a text (``CONCATENATE``'s), or
    compared (a criterion, a looked-up value; and every argument we cannot tell of)."""
    name = name.rsplit(".", 1)[-1].upper()  # (_xlfn.IFS, COM.MICROSOFT.IFS)
    if name == "IF" and k in (1, 2):
        return _OUTPUT
    if name in ("IFERROR", "IFNA", "HYPERLINK") and k == 1:
        return _OUTPUT
    if name == "IFS" and k % 2 == 1:
        return _OUTPUT
    if name == "CHOOSE" and k >= 1:
        return _OUTPUT
    # SWITCH(value; case; result; case; result; …; default): a case is compared.
    if name == "SWITCH" and k >= 1 and (k % 2 == 0 or (k == count - 1 and count % 2 == 0)):
        return _OUTPUT
    # (TEXTJOIN's delimiter, ", ", and its ignore-empty flag are no text of the result's)
    if name in ("CONCATENATE", "CONCAT") or (name == "TEXTJOIN" and k >= 2):
        return _PIECE
    return _COMPARED


def _tokens(formula: str, n: int = 0) -> list[_Item | tuple[str]]:
    """A formula's tokens from ``n`` on: literals, operators, arrays' literals, ``(name,)``
    opening a call (``("",)`` parentheses), ``(")",)`` closing it, ``(";",)`` between
    arguments, None for anything else (a reference, a number, a name)."""
    tokens: list[_Item | tuple[str]] = []
    end = len(formula)
    while n < end:
        char = formula[n]
        if char.isspace():
            n += 1
            continue
        if char == '"':
            match = _LITERAL.match(formula, n)
            if match is None:  # (unclosed: what is left is the literal)
                tokens.append(_Literal(formula[n + 1 :], n, None))
                break
            tokens.append(_Literal(match.group(1).replace('""', '"'), n, match.end()))
            n = match.end()
        elif char == "'":  # a sheet's name: 'Sales 2024'!B2
            match = _QUOTED.match(formula, n)
            tokens.append(None)
            n = match.end() if match else end
        elif char in "[{":  # a reference ([.A1], Table1[[#All],[A]]) or an array ({"a","b"})
            depth, k, inside = 0, n, []
            while k < end:
                c = formula[k]
                match = (_LITERAL if c == '"' else _QUOTED).match(formula, k)
                if c in "\"'" and match is not None:
                    if c == '"':
                        inside.append(match.group(1).replace('""', '"'))
                    k = match.end()
                    continue
                depth += {"[": 1, "{": 1, "]": -1, "}": -1}.get(c, 0)
                k += 1
                if depth == 0:
                    break
            tokens.append(inside if char == "{" else None)
            n = k
        elif char == "(":
            tokens.append(("",))
            n += 1
        elif char == ")":
            tokens.append((")",))
            n += 1
        elif char in ",;":
            tokens.append((";",))
            n += 1
        elif (match := _OPERATOR.match(formula, n)) is not None:
            tokens.append(_Operator(match.group(0)))
            n = match.end()
        elif (match := _WORD.match(formula, n)) is not None:
            n = match.end()
            if formula[n : n + 1] == "(":  # a function's name
                tokens.append((match.group(0),))
                n += 1
            else:
                tokens.append(None)
        else:
            tokens.append(None)
            n += 1
    return tokens


_QUOTED = re.compile(r"'(?:[^']|'')*'")
_OPERATOR = re.compile(r"<>|<=|>=|!=|[<>=&+\-*/^%~]")
# A reference, a number, a name: up to what ends one (a "!" before a sheet's cell is in it).
_WORD = re.compile(r"(?:[^\s\"'\[\]{}(),;<>=&+\-*/^%~!]|!(?!=))+")


def _expression(tokens: list[_Item | tuple[str]], at: list[int]) -> list[_Item]:
    """The items of the expression from ``at[0]`` to a ";" or ")" (left there), calls parsed
    into their arguments."""
    items: list[_Item] = []
    end = len(tokens)
    while at[0] < end:
        token = tokens[at[0]]
        if isinstance(token, tuple):
            if token[0] in (";", ")"):
                return items
            at[0] += 1
            arguments = [_expression(tokens, at)]
            while at[0] < end and tokens[at[0]] == (";",):
                at[0] += 1
                arguments.append(_expression(tokens, at))
            at[0] += 1  # (its ")")
            items.append(_Call(token[0], arguments))
            continue
        items.append(token)
        at[0] += 1
    return items


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


__all__ = ["Given", "GivenSlot", "Literals", "gather", "given_slots"]
