"""Placeholders in the strings of localisation files (gettext catalogs, XLIFF, Qt Linguist):
what a program fills in (printf's ``%s``, Python's ``{name}``, Qt's ``%1``) and markup (HTML
tags) is seen by the translator as a field placeholder (``ZXQ1Q``) and written back as it
was; a translation that lost one, repeated one, or moved one that takes the next argument
past another is no translation a program can use."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from engine.documents.base import FIELD, Unit
from engine.documents.language import Language, filled_forms, one_alone

# printf's conversions: C's (with C99's <inttypes.h> macros as xgettext writes them,
# ``%<PRId64>``), positional ``%1$s``, Python's named ``%(name)s``, Objective-C's ``%@``.
PRINTF = (
    r"%(?:\d+\$|\([^()\s]+\))?[-+ #0']*(?:\d+|\*)?(?:\.(?:\d+|\*))?"
    r"(?:<(?:PRI|SCN)\w+>|(?:hh|h|ll|l|L|q|j|z|Z|t|I64|I32)?[diouxXeEfFgGaAcspnr@%])"
)
# Python's str.format (``{{`` and ``}}`` are literal braces, kept as they are).
BRACES = r"\{\{|\}\}|\{[\w.\[\]]*(?:![rsa])?(?::[^{}\n]*)?\}"
# An ICU argument with a format: {n, number}, {d, date, short}, {t, time, ::HH:mm}.
ICU_FORMATTED = (
    r"\{\s*[A-Za-z_][\w.]*\s*,\s*(?:number|date|time|spellout|ordinal|duration)\s*(?:,[^{}]*)?\}"
)
# Qt's numbered arguments (``%L1`` localised) and its plural count.
QT = r"%L?\d{1,2}|%n"
TAG = r"</?[A-Za-z][\w:.-]*(?:\s[^<>]*)?/?>"
# A tag where text may hold words in angle brackets ("<unknown tenant name>"): the words
# after its name are markup only with an attribute's "=" among them.
MARKUP_TAG = r"</?[A-Za-z][\w:.-]*\s*/?>|<[A-Za-z][\w:.-]*\s(?=[^<>]*=)[^<>]*>"
# Forms that cannot be ordinary text, for strings that do not say their format: ``%s``
# ``%d`` ``%(name)s`` ``%1$s`` ``%@``, ``{name}`` and ``{{name}}`` (i18next's, Angular's),
# Qt's ``%1``, tags. (No space flag: "100% sure" is text.)
PLAIN_CODES = (
    r"%(?:\d+\$|\([^()\s]+\))?[-+#0]*\d*(?:\.\d+)?(?:ll|l|h|z|q)?[sdiufeEgGxXc@](?![A-Za-z])|%%"
    r"|\{\{\s*[\w.]+\s*\}\}|\{\s*[\w.]*\s*\}|%L?\d{1,2}|%n|" + ICU_FORMATTED
)
PLAIN = PLAIN_CODES + "|" + TAG

PLAIN_RE = re.compile(PLAIN)
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
    return placeholder == "{}" or is_icu_syntax(placeholder)


def is_icu_syntax(placeholder: str) -> bool:
    """An ICU message's syntax (see ``IcuScanner``): its head, a case's selector, a closing
    brace. No text: a reader does not see it; it keeps its order."""
    return placeholder == "}" or placeholder.endswith("{") or bool(_ICU_HEAD.match(placeholder))


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


def written(text: str, unit: Unit, shaped: Shaped) -> str | None:
    """A unit's translation as its string is written back (its placeholders and its
    leading and trailing whitespace restored); None when there is none to write: the text
    came back as it was (not translated, or failed and kept) or its placeholders are not
    all there, in an order a program can use."""
    text = text.strip()
    if text == unit.text or check(text, shaped.fields) != "ok":
        return None
    return shaped.lead + unit.shown_in(text) + shaped.trail


def tokens(
    value: str, pattern: re.Pattern[str], scanner: IcuScanner | None = None
) -> Iterator[tuple[bool, str]]:
    """``value`` cut into text (False) and placeholders (True): what ``pattern`` finds, and,
    with a ``scanner``, an ICU message's syntax and its plurals' "#"."""
    pieces: list[Piece] = scanner.feed(value) if scanner is not None else [("text", value)]
    for kind, piece in pieces:
        if kind != "text":
            yield True, piece
            continue
        cursor = 0
        for match in pattern.finditer(piece):
            yield False, piece[cursor : match.start()]
            yield True, match.group()
            cursor = match.end()
        yield False, piece[cursor:]


def shape(value: str, pattern: re.Pattern[str], *, icu: bool = False) -> Shaped:
    """``value`` with its placeholders (``icu``: and an ICU message's syntax) as fields."""
    fields: list[str] = []
    pieces: list[str] = []
    # (no ICU syntax without a brace: the scanner would walk the text for nothing)
    scanner = IcuScanner() if icu and "{" in value else None
    for is_code, piece in tokens(value, pattern, scanner):
        if is_code:
            fields.append(piece)
            piece = FIELD.format(len(fields))
        pieces.append(piece)
    return shaped("".join(pieces), fields)


def shaped(text: str, fields: Sequence[str]) -> Shaped:
    """``text`` (its fields in it as placeholders) as the translator sees it: the white
    space at its ends apart."""
    core = text.strip()
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :] if core else ""
    return Shaped(lead, core, trail, tuple(fields))


# ICU messages (Angular's and FormatJS's plurals and selects: "{count, plural, =0 {none} one {#
# item} other {# items}}", CodeIgniter's numbered "{0, plural, …}"): the head, each case's
# selector and each closing brace are syntax, kept in their order; the cases' text is
# translated; "#", a plural's number, is a placeholder; "{name}", an argument, is the text's.
_ICU_HEAD = re.compile(
    r"\{\s*(?:[A-Za-z_][\w.]*|\d+)\s*,\s*(plural|select|selectordinal)\s*,\s*"
    r"(?:offset:\s*\d+\s*)?"
)
_ICU_CASE = re.compile(r"\s*(?:=\s*\d+|[A-Za-z_][\w-]*)\s*\{")
_ICU_CLOSE = re.compile(r"\s*\}")
_ICU_ARGUMENT = re.compile(r"\{\s*[A-Za-z_][\w.]*\s*\}|" + ICU_FORMATTED)

Piece = tuple[Literal["text", "syntax", "number"], str]


class IcuScanner:
    """Cuts text into text and ICU syntax, its state carried from one piece of a message to
    the next (an XLIFF source's text runs between its inline codes)."""

    def __init__(self) -> None:
        # Per open message: ("cases", kind) after its head or a case; ("text", kind) inside
        # a case. ``kind``: plural, select or selectordinal.
        self.stack: list[tuple[str, str]] = []

    def feed(self, value: str) -> list[Piece]:
        out: list[Piece] = []
        pos = 0
        while pos < len(value):
            if self.stack and self.stack[-1][0] == "cases":
                match = _ICU_CASE.match(value, pos) or _ICU_CLOSE.match(value, pos)
                if match is None:
                    if not value[pos:].strip():
                        out.append(("text", value[pos:]))
                        return out
                    self.stack.clear()  # not ICU after all: text
                    continue
                self._syntax(out, match.group())
                kind = self.stack[-1][1]
                if match.group().rstrip().endswith("{"):
                    self.stack.append(("text", kind))
                else:
                    self.stack.pop()
                pos = match.end()
                continue
            pos = self._text(value, pos, out)
        return out

    def _text(self, value: str, pos: int, out: list[Piece]) -> int:
        """Text from ``pos`` up to the next piece of syntax (which it adds too)."""
        start = pos
        inside = bool(self.stack)
        plural = inside and self.stack[-1][1] != "select"
        while pos < len(value):
            char = value[pos]
            if char == "{":
                head = _ICU_HEAD.match(value, pos)
                if head is not None:
                    out.append(("text", value[start:pos]))
                    self._syntax(out, head.group())
                    self.stack.append(("cases", head.group(1)))
                    return head.end()
                argument = _ICU_ARGUMENT.match(value, pos)
                pos = argument.end() if argument is not None else pos + 1
                continue
            if inside and char == "}":
                out += [("text", value[start:pos]), ("syntax", "}")]
                self.stack.pop()  # the case ends: its message's cases go on
                return pos + 1
            if plural and char == "#":
                out += [("text", value[start:pos]), ("number", "#")]
                return pos + 1
            pos += 1
        out.append(("text", value[start:]))
        return pos

    @staticmethod
    def _syntax(out: list[Piece], token: str) -> None:
        """A piece of syntax; the spaces around it stay text, the translator's guide."""
        core = token.strip()
        out.append(("text", token[: len(token) - len(token.lstrip())]))
        out.append(("syntax", core))
        out.append(("text", token[len(token.rstrip()) :]))


@dataclass(frozen=True)
class _IcuCase:
    lead: str  # (the white space before it)
    selector: str  # one, other, =1
    gap: str  # (between the selector and its brace)
    body: str


def _icu_cases(message: str, pos: int) -> tuple[list[_IcuCase], str, int] | None:
    """The cases of an ICU message whose head ends at ``pos``, the white space before its
    closing brace and where the brace ends; None where it is not one."""
    cases: list[_IcuCase] = []
    while True:
        close = _ICU_CLOSE.match(message, pos)
        if close is not None:
            return (cases, close.group()[:-1], close.end()) if cases else None
        case = _ICU_CASE.match(message, pos)
        if case is None:
            return None
        depth, at = 1, case.end()
        while depth and at < len(message):
            depth += {"{": 1, "}": -1}.get(message[at], 0)
            at += 1
        if depth:
            return None
        token = case.group()[:-1]
        selector = token.strip()
        lead = token[: len(token) - len(token.lstrip())]
        gap = token[len(lead) + len(selector) :]
        cases.append(_IcuCase(lead, selector, gap, message[case.end() : at - 1]))
        pos = at


def filled_icu_plurals(message: str, language: Language) -> str:
    """An ICU message (a translation, its syntax as the source's) with each plural's cases
    as ``language`` needs them (:func:`~engine.documents.language.filled_forms`): the
    categories it has besides (Russian's ``few`` and ``many`` beside ``one`` and ``other``)
    added before ``other`` with other's text, as the tables' plural keys are, and ``one``
    taking other's text where the language's one serves other numbers and it leaves out
    the count; a message that is no ICU plural, or cannot be read as one, as it is."""
    out: list[str] = []
    pos = 0
    for head in _ICU_HEAD.finditer(message):
        read = _icu_cases(message, head.end()) if head.start() >= pos else None
        if read is None:
            continue  # (inside a message done, or not ICU after all)
        cases, tail, end = read
        bodies = {c.selector: filled_icu_plurals(c.body, language) for c in cases}
        filled: dict[str, str] = {}
        if head.group(1) == "plural" and "other" in bodies:
            keys = [k for k in bodies if not k.startswith("=")]
            counted: dict[str, list[str]] = {
                k: ["#"] if "#" in bodies[k] else [] for k in ("one", "other") if k in keys
            }
            filled = filled_forms(keys, {"other": bodies["other"]}, counted, language)
            if "=1" in bodies and "one" not in bodies and one_alone(language):
                filled.pop("one", None)  # (German's one is 1 alone, which =1 serves)
        out.append(message[pos : head.end()])
        for case in cases:
            if case.selector == "other":
                out.append(case.lead)
                out += [f"{c}{case.gap}{{{filled[c]}}}{case.lead or ' '}" for c in filled
                        if c not in bodies]  # fmt: skip
                out.append(f"{case.selector}{case.gap}{{{bodies['other']}}}")
                continue
            text = filled.get(case.selector, bodies[case.selector])
            out.append(f"{case.lead}{case.selector}{case.gap}{{{text}}}")
        out.append(tail + "}")
        pos = end
    out.append(message[pos:])
    return "".join(out)


# An access key's ampersand in a Windows label ("&Next >", "N&o to All"; "&&": one shown).
_ACCESS_KEY = re.compile(r"&(.)", re.DOTALL)


def access_key_inside(label: str) -> bool:
    """Whether a label's access key is inside a word (``Check H&DROP``, ``E&xit``)."""
    for match in _ACCESS_KEY.finditer(label):
        if match.group(1) != "&":
            before = label[match.start() - 1] if match.start() else " "
            return before.isalnum() or before == "_"
    return False


def without_access_key(label: str) -> tuple[str, str | None]:
    """A label as a reader sees it, and its access key: ``("Next >", "N")`` of ``&Next >``
    (``&&``, an ampersand shown, is one); None for a label with none."""
    keys = [m.group(1) for m in _ACCESS_KEY.finditer(label) if m.group(1) != "&"]
    return _ACCESS_KEY.sub(lambda m: m.group(1), label), keys[0] if keys else None


# What follows a label's access key in brackets: its ellipsis, colon, and the white space and
# placeholders (a menu item's shortcut) at its end.
_LABEL_END = re.compile(r"(?:\s|\.\.\.|…|[:：]|" + _FIELD.pattern + r")+$")


def access_key_places(text: str, key: str | None, *, inside: bool = False) -> list[int]:
    """Where a label's translation may take its access key, best first, as Windows'
    translators choose one: the source's letter ``key`` where it begins a word (in any
    case), else a word's first letter (a digit's after the letters'), else the source's
    letter inside a word, else any letter or digit; never a space, a punctuation mark or a
    field's placeholder (``ZXQ1Q``). ``inside``: the source's key is inside a word
    (``Check H&DROP``, chosen so to stand apart from its neighbours'), and the same letter
    inside a word of the translation comes before the words' first letters."""
    fields = [range(*m.span()) for m in _FIELD.finditer(text)]
    letters = [
        i
        for i, c in enumerate(text)
        if (c.isalpha() or c.isdecimal()) and not any(i in f for f in fields)
    ]
    starts = [i for i in letters if i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")]
    wanted = key.casefold() if key is not None else None
    same = [i for i in letters if text[i].casefold() == wanted]
    ranked = [
        *(i for i in starts if i in same),
        *(same if inside else ()),
        *(i for i in starts if text[i].isalpha()),
        *starts,
        *same,
        *letters,
    ]
    return list(dict.fromkeys(ranked))


def with_access_key(
    text: str,
    key: str | None,
    *,
    appended: bool = False,
    taken: Collection[str] = (),
    inside: bool = False,
) -> str:
    """A label's translation as the label writes it: its ampersands doubled, and ``&``
    before the access key, on the best of ``access_key_places`` (``inside`` passed on) whose
    letter is not ``taken`` (casefolded: the keys the label's menu or dialog gives its other
    items), else on the best of all; none where ``key`` is None. ``appended`` (Chinese,
    Japanese, Korean labels, as Windows' own write them): where the translation has no
    letter ``key``, the key follows it in brackets, before its ellipsis or colon
    (``名前を付けて保存(&A)...``)."""
    at = -1
    if key is not None:
        places = access_key_places(text, key, inside=inside)
        same = [i for i in places if text[i].casefold() == key.casefold()]
        if appended and not same and key.isascii() and key.isalnum():
            doubled = text.replace("&", "&&")
            body = _LABEL_END.sub("", doubled)
            return f"{body}(&{key.upper()}){doubled[len(body) :]}"
        if appended and same:
            places = same  # (the source's letter, as a CJK label keeps it)
        free = [i for i in places if text[i].casefold() not in taken]
        at = (free or places or [-1])[0]
    return "".join(("&" if i == at else "") + c.replace("&", "&&") for i, c in enumerate(text))
