"""PHP language arrays: Laravel's ``lang/en/auth.php`` and CodeIgniter 4's
``app/Language/en/Validation.php``, files that ``return [...]`` of strings, read by a small
tokenizer of PHP's literals (never run). Each string value with words is a unit, its keys'
path the unit's id; keys are never translated.

A value that is code (a function call such as ``__('x')``, a constant, a variable, a string
that interpolates one, a heredoc) is kept as it is, with a note; any other statement than
``declare``, ``namespace``, ``use`` and the one ``return`` (or ``$lang = [...]; return
$lang;``) refuses the file as no language array, and so does a Yii message file (its keys are
the text) and a WordPress ``.l10n.php`` (translations made from a .po). Only the strings
translated change: a translation is escaped for its own literal's quotes (``\\'`` in single
quotes; ``\\"``, ``\\$`` and ``\\\\`` in double quotes), and a value written as a
concatenation (``'a ' . 'b'``) has its translation shared over its pieces.

Laravel's placeholders (``:attribute``, ``:Attribute``, ``:ATTRIBUTE``), CodeIgniter's
(``{field}``, ``{0}``, ICU's plurals), printf's, HTML tags and entities are placeholders kept
whole. A Laravel value of forms (``one minute|:count minutes``) has each form a unit; one
whose forms hold ranges (``{0} none|[1,19] some|[20,*] many``) keeps them and their count;
one of plain forms is written with the target's count of forms as Laravel's MessageSelector
picks them (Russian three, Japanese one)."""

from __future__ import annotations

import bisect
import re
import string
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from engine.api import Note
from engine.documents import placeholders
from engine.documents.base import (
    FIELD,
    Document,
    Unit,
    check_unit_count,
    decode_text,
    edited,
    line_starts,
    split_like,
)
from engine.documents.errors import DocumentError, empty_file
from engine.documents.language import one_alone, singular_counts
from engine.text.encoding import EncodedText, TextEncoding

# Laravel's :name (as written, :Name and :NAME too), HTML's entities, then the placeholders
# every localisation file's strings may hold (CodeIgniter's {field}, printf's, tags).
_PATTERN = re.compile(
    r":[A-Za-z_][A-Za-z0-9_]*|&(?:[A-Za-z][A-Za-z0-9]*|#\d+|#[xX][0-9A-Fa-f]+);|"
    + placeholders.PLAIN
)
# The bar between Laravel's forms: a single one ("a || b" is an "or" in the words, never an
# empty form between two).
_FORM_BAR = re.compile(r"(?<!\|)\|(?!\|)")
# A form's range in Laravel's MessageSelector: {0}, [1,19], [20,*].
_RANGE = re.compile(r"[\{\[][-\d*,.]*[\}\]]")
_LETTER = re.compile(r"[^\W\d_]")
_FIELD = FIELD.pattern()
_BLANK = re.compile(r"[ \t\r\n\f\v]*")
# A value that names something (Laravel's example rule "custom-message"), not words.
_IDENTIFIER = re.compile(r"[a-z0-9]+(?:[-_.][a-z0-9]+)+")
_NAME = re.compile(r"[A-Za-z_\x80-\U0010ffff\\][\w\\\x80-\U0010ffff]*")
_NUMBER = re.compile(r"[0-9][0-9A-Za-z_.]*|\.[0-9][0-9A-Za-z_]*")
_STRINGS = {
    "'": re.compile(r"'(?:[^'\\]|\\.)*'", re.DOTALL),
    '"': re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL),
}
_SINGLE_ESCAPE = re.compile(r"\\([\\'])")
_DOUBLE_ESCAPE = re.compile(
    r"\\(?:([nrtvef\\$\"])|([0-7]{1,3})|x([0-9A-Fa-f]{1,2})|u\{([0-9A-Fa-f]+)\})"
)
_NAMED = {"n": "\n", "r": "\r", "t": "\t", "v": "\v", "e": "\x1b", "f": "\f"}
# Line breaks and tabs stand in a double-quoted string as they are (a translation writes
# them as escapes only where its source did); other control characters are escaped.
_RAW = frozenset("\n\r\t")
_WRITTEN = {v: f"\\{k}" for k, v in _NAMED.items() if v not in _RAW} | {
    "\\": "\\\\",
    '"': '\\"',
    "$": "\\$",
}
_HEREDOC = re.compile(r"<<<[ \t]*(['\"]?)([A-Za-z_\x80-\U0010ffff][\w\x80-\U0010ffff]*)\1\r?\n")
# An escape that a digit after it would lengthen ("\0" and "1" read as "\01").
_SHORT_OCTAL = re.compile(r"\\[0-7]{1,2}")
_SHORT_HEX = re.compile(r"\\x[0-9A-Fa-f]")
_OCTAL_DIGITS = frozenset("01234567")
_MAX_DEPTH = 64
# A PHP file's opening tag, after a byte order mark and white space (PHP reads <?PHP alike).
_OPENING = re.compile(r"[\ufeff \t\r\n]*<\?php", re.IGNORECASE)
# What a language array's file does at a line's start: return its array, or assign it to the
# variable it returns (Invoice Ninja's ``$lang = array(``). A class returns one indented.
_ARRAY_STATEMENT = re.compile(
    r"(?:^|<\?php[ \t]+)(?:return|\$[A-Za-z_\x80-\uffff][\w\x80-\uffff]*[ \t]*=)\s*"
    r"(?:\[|array\s*\()",
    re.MULTILINE | re.IGNORECASE,
)
# The headers of a WordPress translation file (``wp i18n make-php``'s, GlotPress's .l10n.php)
# beside its "messages", the translations already, keyed by their English text: any of these,
# or the headers alone with a language.
_WORDPRESS_HEADERS = frozenset(
    ["plural-forms", "x-generator", "project-id-version", "translation-revision-date",
     "po-revision-date", "pot-creation-date", "report-msgid-bugs-to", "language-team",
     "last-translator"]
)  # fmt: skip
_WORDPRESS_NAMES = _WORDPRESS_HEADERS | {"language", "domain", "messages"}
_WORDPRESS_HEAD = re.compile(rf"""['"](?:{"|".join(sorted(_WORDPRESS_HEADERS))})['"]\s*=>""")
_WORDPRESS_SUFFIX = ".l10n.php"
# The plural forms of a language, in the order Laravel's MessageSelector numbers them
# (getPluralIndex, Zend's rules: not CLDR's), by the category each form serves.
_LARAVEL_FORMS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(
        ["az", "bo", "dz", "id", "ja", "jv", "ka", "km", "kn", "ko", "ms", "th", "tr", "vi",
         "zh"],
        ("other",),
    ),
    **dict.fromkeys(
        ["af", "bn", "bg", "ca", "da", "de", "el", "en", "eo", "es", "et", "eu", "fa", "fi",
         "fo", "fur", "fy", "gl", "gu", "ha", "he", "hu", "is", "it", "ku", "lb", "ml", "mn",
         "mr", "nah", "nb", "ne", "nl", "nn", "no", "om", "or", "pa", "pap", "ps", "pt", "so",
         "sq", "sv", "sw", "ta", "te", "tk", "ur", "zu", "am", "bh", "fil", "fr", "gun", "hi",
         "hy", "ln", "mg", "nso", "ti", "wa", "xbr", "mk"],
        ("one", "other"),
    ),
    **dict.fromkeys(["be", "bs", "hr", "ru", "sr", "uk", "pl"], ("one", "few", "many")),
    **dict.fromkeys(["cs", "sk", "lt", "ro"], ("one", "few", "other")),
    "ga": ("one", "two", "other"),
    "sl": ("one", "two", "few", "other"),
    "mt": ("one", "few", "many", "other"),
    "lv": ("zero", "one", "other"),
    "cy": ("one", "two", "many", "other"),
    "ar": ("zero", "one", "two", "few", "many", "other"),
}  # fmt: skip


class _NotLanguage(Exception):
    """What makes the file no language array, and where."""

    def __init__(self, what: str, at: int) -> None:
        super().__init__(what)
        self.what, self.at = what, at


@dataclass
class _Piece:
    """A string literal: its contents' stretch of the source (inside the quotes), its quote
    and its value as PHP reads it."""

    start: int
    end: int
    quote: str
    value: str
    # A double-quoted one's characters beyond printable ASCII that it writes as escapes
    # (``"\0"``, ``\n``, ``\u{1F600}``), as it writes them: a translation writes them alike.
    escapes: dict[str, str] = field(default_factory=dict)


@dataclass
class _Form:
    """A stretch of a value: its range (Laravel's ``{0}``, kept), its text with placeholders
    as fields, and its unit (None: no words)."""

    range: str
    text: str  # (as PHP reads it, less its range)
    shaped: placeholders.Shaped
    unit: int | None = None


@dataclass
class _Value:
    """A value of string literals (one, or a concatenation) and its forms."""

    pieces: list[_Piece]
    forms: list[_Form] = field(default_factory=list)
    plain_forms: bool = False  # forms without ranges: the target's count of them is written


class _Tokens:
    """PHP's tokens, as far as a language array needs them: white space and comments are
    passed over; strings, names, numbers and punctuation read one at a time."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.pos = 0
        self._peeked: tuple[int, str, int] = (-1, "", 0)  # (where, the token, its end)
        self._skipped = -1  # where white space and comments were last passed over to

    def skip(self) -> None:
        """Past white space and comments (``//``, ``#`` but PHP 8's ``#[``, ``/* */``,
        docblocks)."""
        if self.pos == self._skipped:  # (peek, then next, skip from the same place)
            return
        text = self.source
        while True:
            blank = _BLANK.match(text, self.pos)
            assert blank is not None  # (it matches nothing too)
            self.pos = blank.end()
            if text.startswith("/*", self.pos):
                end = text.find("*/", self.pos + 2)
                if end == -1:
                    raise _NotLanguage("a comment is not closed", self.pos)
                self.pos = end + 2
            elif text.startswith(("#", "//"), self.pos) and not text.startswith("#[", self.pos):
                # (PHP 8's #[ begins an attribute: code, not a comment)
                line = text.find("\n", self.pos)
                line = len(text) if line == -1 else line
                closing = text.find("?>", self.pos, line)  # (within the line alone: linear)
                self.pos = line if closing == -1 else closing
            else:
                self._skipped = self.pos
                return

    def peek(self) -> str:
        """The next token's text (after white space and comments); "" at the end."""
        self.skip()
        start = self.pos
        if self._peeked[0] != start:
            token = self._token()
            self._peeked = (start, token, self.pos)
            self.pos = start
        return self._peeked[1]

    def next(self) -> tuple[str, int]:
        """The next token and where it starts."""
        self.skip()
        start = self.pos
        if self._peeked[0] == start:  # (read by peek already)
            _at, token, self.pos = self._peeked
            return token, start
        return self._token(), start

    def expect(self, wanted: str) -> None:
        token, at = self.next()
        if token.lower() != wanted:
            raise _NotLanguage(f"{wanted!r} was expected, not {token or 'the end'!r}", at)

    def _token(self) -> str:
        text, start = self.source, self.pos
        if start >= len(text):
            return ""
        char = text[start]
        if char in "'\"":
            self.pos = self._string_end(start)
        elif text.startswith("<<<", start):
            self.pos = self._heredoc_end(start)
        elif text.startswith(("=>", "::", "?>", "#[", "<?php"), start):
            self.pos = start + (5 if text.startswith("<?php", start) else 2)
        elif char == "$":
            name = _NAME.match(text, start + 1)
            self.pos = name.end() if name is not None else start + 1
        elif (number := _NUMBER.match(text, start)) is not None:
            self.pos = number.end()
        elif (name := _NAME.match(text, start)) is not None:
            self.pos = name.end()
        else:
            self.pos = start + 1
        return text[start : self.pos]

    def _string_end(self, start: int) -> int:
        found = _STRINGS[self.source[start]].match(self.source, start)
        if found is None:
            raise _NotLanguage("a string is not closed", start)
        return found.end()

    def _heredoc_end(self, start: int) -> int:
        opening = _HEREDOC.match(self.source, start)
        if opening is None:
            raise _NotLanguage("'<<<' begins no heredoc", start)
        closing = re.compile(
            rf"^[ \t]*{re.escape(opening.group(2))}(?![\w\x80-\U0010ffff])", re.MULTILINE
        ).search(self.source, opening.end())
        if closing is None:
            raise _NotLanguage("a heredoc is not closed", start)
        return closing.end()


class PhpDocument(Document):
    strict_fields = True  # (a translation that lost a placeholder keeps the text)
    encoding: TextEncoding

    def __init__(self, path: Path, source: str, encoding: TextEncoding) -> None:
        self.path, self.source, self.encoding = path, source, encoding
        if not source.strip():
            raise empty_file(path)
        self.values: list[_Value] = []
        self.code: list[str] = []  # the keys of values that are code, kept as they are
        self._units: list[Unit] = []
        self._starts: dict[int, int] | None = None
        self._line_starts: list[int] | None = None
        self._top_keys: list[str] = []
        self._message_keys: list[str] = []  # a top-level "messages" array's (WordPress's)
        if path.name.lower().endswith(_WORDPRESS_SUFFIX):
            raise _wordpress(path)
        try:
            self._file()
        except _NotLanguage as exc:
            raise _not_language(path, exc.what, self._line(exc.at)) from None
        top = set(self._top_keys)
        if self._message_keys and (
            _WORDPRESS_HEADERS & top
            or ("language" in top and top <= _WORDPRESS_NAMES)
            or (top == {"messages"} and _mostly_text(self._message_keys))
        ):
            raise _wordpress(path)
        # (Yii's keys are its English text; Laravel's and CodeIgniter's are names)
        if "message/extract" in source or _mostly_text(self._top_keys):
            raise _yii(path)
        self.units = tuple(self._units)
        if self.code:
            keys = ", ".join(self.code[:5]) + (" …" if len(self.code) > 5 else "")
            self.notes = (
                Note(
                    f"{len(self.code)} values are PHP code (a function call, a constant, a "
                    f"variable, a heredoc), not a string: kept as they are ({keys})",
                    "document.php_code_kept",
                    {"count": len(self.code), "keys": keys},
                ),
            )

    def _line(self, at: int) -> int:
        if self._line_starts is None:
            self._line_starts = line_starts(self.source)
        return bisect.bisect_right(self._line_starts, at)

    def _file(self) -> None:
        """``<?php``, then ``declare``, ``namespace`` and ``use`` statements, and one
        ``return`` of an array, or of the one variable assigned it (Invoice Ninja's
        ``$lang = array(...); return $lang;``); nothing but white space after a closing
        ``?>``."""
        tokens = _Tokens(self.source)
        opening = _OPENING.match(self.source)
        if opening is None:
            start = len(self.source) - len(self.source.lstrip("\ufeff \t\r\n"))
            raise _NotLanguage("it does not begin with <?php (a template, or no PHP)", start)
        tokens.pos = opening.end()
        returned = False
        assigned: str | None = None  # the variable assigned the array
        while True:
            token, at = tokens.next()
            lowered = token.lower()
            if token == "":
                break
            if token == "?>":
                if self.source[tokens.pos :].strip():
                    raise _NotLanguage("text follows ?> (a template)", tokens.pos)
                break
            if lowered in ("declare", "namespace", "use") and not returned and assigned is None:
                self._statement(tokens)
            elif token[:1] == "$" and assigned is None and not returned and tokens.peek() == "=":
                tokens.next()
                self._top(tokens)
                tokens.expect(";")
                assigned = token
            elif lowered == "return" and not returned:
                if assigned is None:
                    self._top(tokens)
                elif tokens.next()[0] != assigned:
                    raise _NotLanguage(f"it returns no array but {assigned}", at)
                tokens.expect(";")
                returned = True
            elif token == ";":
                continue
            else:
                raise _NotLanguage(f"{token!r} is code, not the array it returns", at)
        if not returned:
            raise _NotLanguage("it returns no array", len(self.source))

    @staticmethod
    def _statement(tokens: _Tokens) -> None:
        """A ``declare(strict_types=1);``, ``namespace App;`` or ``use X;``: passed over."""
        while True:
            token, at = tokens.next()
            if token == ";":
                return
            if token in ("", "{", "}", "?>"):
                raise _NotLanguage("a statement is not ended", at)

    def _top(self, tokens: _Tokens) -> None:
        token, at = tokens.next()
        opened = self._opening(tokens, token)
        if opened is None:
            raise _NotLanguage("it returns no array", at)
        self._array(tokens, opened, (), 0)

    @staticmethod
    def _opening(tokens: _Tokens, token: str) -> str | None:
        """The bracket closing an array that ``token`` opens (``[`` or ``array(``)."""
        if token == "[":
            return "]"
        if token.lower() == "array" and tokens.peek() == "(":
            tokens.next()
            return ")"
        return None

    def _array(self, tokens: _Tokens, close: str, keys: tuple[str, ...], depth: int) -> None:
        if depth > _MAX_DEPTH:
            raise _NotLanguage("its arrays nest too deep", tokens.pos)
        index = 0
        while True:
            if tokens.peek() == close:
                tokens.next()
                return
            # (an array value is read where it stands, once: each level reading its
            # expression whole first, then its items, read a deep nest over and over)
            if self._nested(tokens, close, (*keys, str(index)), depth):
                key = str(index)
                index += 1
            else:
                first = self._expression(tokens, close)
                if tokens.peek() == "=>":
                    tokens.next()
                    key = _key(self.source, first)
                    if not self._nested(tokens, close, (*keys, key), depth):
                        self._value(self._expression(tokens, close), (*keys, key))
                else:
                    key = str(index)
                    index += 1
                    self._value(first, (*keys, key))
            if depth == 0:
                self._top_keys.append(key)
            elif keys == ("messages",):  # (WordPress's: English text, a plural's "\0"-joined)
                self._message_keys.append(key)
            token, at = tokens.next()
            if token == close:
                return
            if token != ",":
                raise _NotLanguage(
                    f"{token or 'the end'!r} where ',' or {close!r} was expected", at
                )

    def _expression(self, tokens: _Tokens, close: str) -> tuple[int, int, list[str]]:
        """An expression up to a ``,``, ``=>`` or the array's closing bracket: where it is
        and its tokens (nested brackets' whole)."""
        tokens.skip()
        start = tokens.pos
        found: list[str] = []
        depth = 0
        while True:
            tokens.skip()
            before = tokens.pos
            token = tokens.peek()
            if token == "" or token == "?>":
                raise _NotLanguage("an array is not closed", start)
            if depth == 0 and token in (",", "=>", close):
                if not found:
                    raise _NotLanguage(f"{token!r} where a value was expected", before)
                return start, before, found
            if token in ("(", "[", "{", "#["):
                depth += 1
            elif token in (")", "]", "}"):
                depth -= 1
                if depth < 0:
                    raise _NotLanguage(f"{token!r} closes nothing", before)
            tokens.next()
            found.append(token)

    def _nested(self, tokens: _Tokens, close: str, keys: tuple[str, ...], depth: int) -> bool:
        """Whether the next value is an array, read (with ``keys``) if so."""
        token = tokens.peek()
        if token != "[" and token.lower() != "array":
            return False
        before = tokens.pos
        tokens.next()
        opened = self._opening(tokens, token)
        if opened is None:  # (a constant named so)
            tokens.pos = before
            return False
        self._array(tokens, opened, keys, depth + 1)
        if tokens.peek() not in (",", close):
            raise _NotLanguage(f"the array of {'.'.join(keys)} is part of an expression", before)
        return True

    def _value(self, value: tuple[int, int, list[str]], keys: tuple[str, ...]) -> None:
        start, end, found = value
        uid = ".".join(keys)
        literals = found[0::2]
        joins = found[1::2]
        if not all(t[:1] in "'\"" for t in literals) or any(j != "." for j in joins):
            if all(_NUMBER.fullmatch(t) or t.lower() in ("true", "false", "null", "-")
                   for t in found):  # fmt: skip
                return  # a number, a flag: no words
            self.code.append(uid)
            return
        pieces = self._pieces(start, end, len(literals))
        if pieces is None:
            self.code.append(uid)
            return
        self._read(_Value(pieces), uid)

    def _pieces(self, start: int, end: int, count: int) -> list[_Piece] | None:
        """The literals of a value (None where one interpolates a variable, or holds a byte
        escape beyond ASCII, which is no text as a string of characters has it)."""
        tokens = _Tokens(self.source)
        tokens.pos = start
        pieces: list[_Piece] = []
        for n in range(count):
            if n:
                tokens.next()  # (the ".")
            token, at = tokens.next()
            inner = (at + 1, at + len(token) - 1)
            raw = self.source[inner[0] : inner[1]]
            escapes: dict[str, str] = {}
            double = token[0] == '"'
            value = _double(raw, escapes) if double else _SINGLE_ESCAPE.sub(r"\1", raw)
            if value is None:
                return None
            pieces.append(_Piece(*inner, token[0], value, escapes))
        return pieces

    def _read(self, value: _Value, uid: str) -> None:
        text = "".join(p.value for p in value.pieces)
        parts = _FORM_BAR.split(text)
        ranged = [_RANGE.match(p) for p in parts]
        forms = len(parts) > 1 and (any(ranged) or not _spaced_pipe(text))
        if not forms:
            parts, ranged = [text], [None]
        value.plain_forms = forms and not any(ranged)
        for n, (part, found) in enumerate(zip(parts, ranged, strict=True)):
            prefix = found.group() if found is not None else ""
            shaped = placeholders.shape(part[len(prefix) :], _PATTERN, icu=True)
            form = _Form(prefix, part[len(prefix) :], shaped)
            words = _FIELD.sub("", shaped.text)
            if _LETTER.search(words) and not _IDENTIFIER.fullmatch(shaped.text):
                check_unit_count(len(self._units) + 1, self.path)
                form.unit = len(self._units)
                self._units.append(
                    Unit(f"{uid}[{n}]" if forms else uid, shaped.text, fields=shaped.fields)
                )
            value.forms.append(form)
        if any(f.unit is not None for f in value.forms):
            self.values.append(value)

    def line(self, n: int) -> int | None:
        if self._starts is None:  # (each unit's value's start, found once for all)
            self._starts = {
                f.unit: v.pieces[0].start
                for v in self.values
                for f in v.forms
                if f.unit is not None
            }
        start = self._starts.get(n)
        return None if start is None else self._line(start)

    def render(self, translations: Sequence[str]) -> EncodedText:
        self._check(translations)
        edits: list[tuple[int, int, str]] = []
        for value in self.values:
            texts = [self._form(form, translations) for form in value.forms]
            if value.plain_forms and self.language is not None:
                texts = self._target_forms(value, texts)
            text = "|".join(texts)
            if self.language is not None and any(f.shaped.fields for f in value.forms):
                text = placeholders.filled_icu_plurals(text, self.language)
            if text == "".join(p.value for p in value.pieces):
                continue
            shares = split_like(text, [p.value for p in value.pieces])
            for piece, share in zip(value.pieces, shares, strict=True):
                if share != piece.value:  # (an untouched piece keeps its escapes as written)
                    edits.append((piece.start, piece.end, _escaped(share, piece)))
        return self.encoding.encode(edited(self.source, edits))

    def _form(self, form: _Form, translations: Sequence[str]) -> str:
        """A form as written: its range, then its translation (its text where it has none,
        or where the translation lost a placeholder)."""
        if form.unit is None:
            return form.range + form.text
        unit = self.units[form.unit]
        written = placeholders.written(translations[form.unit], unit, form.shaped)
        return form.range + (form.text if written is None else written)

    def _target_forms(self, value: _Value, texts: list[str]) -> list[str]:
        """A value of plain forms as the target language counts them (Laravel picks form
        ``n`` by its own rule of the locale): the first form serves one, the last the other
        numbers; the singular's form, where the target's one serves other numbers than 1 and
        it leaves out the count, takes the other's translation (Russian's "One word" read
        "21: one word"), as ``language.filled_forms`` has it for the plural tables."""
        assert self.language is not None
        categories = _LARAVEL_FORMS.get(self.language.language)
        if categories is None:
            return texts  # (Laravel takes the first form whatever the number)
        first, last = value.forms[0], value.forms[-1]
        counts = singular_counts(first.shaped.fields, last.shaped.fields)
        one = texts[0] if one_alone(self.language) or counts else texts[-1]
        return [one if category == "one" else texts[-1] for category in categories]


def wordpress_translation(name: str, head: str) -> bool:
    """Whether a PHP file named ``name`` (``head``: its first bytes) is a WordPress
    translation file: named ``.l10n.php``, or with a .po's headers."""
    return name.lower().endswith(_WORDPRESS_SUFFIX) or _WORDPRESS_HEAD.search(head) is not None


def may_be_language_array(name: str, head: str) -> bool:
    """Whether a PHP file named ``name``, whose first bytes read ``head``, may be a language
    array, as a folder chooses its files: it begins with ``<?php`` and returns an array or
    assigns one (not a template in a folder named like a locale, ``views/en/home.php``, nor a
    class in one, ``src/io/Reader.php``), and is no WordPress translation file (named
    ``.l10n.php``, or with a .po's headers), which its reader refuses."""
    return (
        not wordpress_translation(name, head)
        and _OPENING.match(head) is not None
        and _ARRAY_STATEMENT.search(head) is not None
    )


def _mostly_text(keys: list[str]) -> bool:
    """Whether most of some keys are text, with white space (not names)."""
    return sum(re.search(r"\s", key) is not None for key in keys) * 2 > len(keys)


def _spaced_pipe(text: str) -> bool:
    """Whether a ``|`` stands between spaces ("Home | My App", CodeIgniter's "= | :"):
    punctuation in the words, not Laravel's forms (``one|many``)."""
    return re.search(r"\s\|\s", text) is not None


def _double(raw: str, escapes: dict[str, str]) -> str | None:
    """A double-quoted string's contents as PHP reads them; None where it interpolates a
    variable (``$name``, ``{$x}``, ``${name}``) or holds a byte escape beyond ASCII.
    ``escapes`` gets each character beyond printable ASCII that an escape writes, and the
    escape."""
    at = 0
    while at < len(raw):
        if raw[at] == "\\":
            at += 2
            continue
        if (
            raw[at] == "$"
            and at + 1 < len(raw)
            and _NAME.match(raw[at + 1])
            and raw[at + 1] != "\\"
        ):
            return None
        if raw.startswith(("{$", "${"), at):
            return None
        at += 1
    beyond = False

    def one(match: re.Match[str]) -> str:
        nonlocal beyond
        named, octal, hexa, code = match.groups()
        if named is not None:
            char = _NAMED.get(named, named)
            if char < " ":
                escapes.setdefault(char, match.group())
            return char
        number = int(octal, 8) & 0xFF if octal is not None else int(hexa or code, 16)
        if code is None and number > 0x7F:
            beyond = True
        if number > 0x10FFFF:
            return match.group()
        if not " " <= chr(number) <= "~":
            escapes.setdefault(chr(number), match.group())
        return chr(number)

    value = _DOUBLE_ESCAPE.sub(one, raw)
    return None if beyond else value


def _escaped(text: str, piece: _Piece) -> str:
    """``text`` as the contents of ``piece``'s literal: escaped for its quotes, a character
    its source wrote as an escape written so again, any other control character as one but
    a line break or a tab."""
    if piece.quote == "'":
        return text.replace("\\", "\\\\").replace("'", "\\'")
    out: list[str] = []
    for n, char in enumerate(text):
        escape = piece.escapes.get(char) or _WRITTEN.get(char)
        if escape is None:
            control = (char < " " and char not in _RAW) or char == "\x7f"
            out.append(f"\\x{ord(char):02X}" if control else char)
            continue
        after = text[n + 1 : n + 2]
        if _SHORT_OCTAL.fullmatch(escape) and after in _OCTAL_DIGITS:  # ("\0" before a "1")
            escape = f"\\{int(escape[1:], 8):03o}"
        elif _SHORT_HEX.fullmatch(escape) and after and after in string.hexdigits:
            escape = f"\\x{int(escape[2:], 16):02X}"
        out.append(escape)
    return "".join(out)


def _key(source: str, expression: tuple[int, int, list[str]]) -> str:
    """A key as its path names it: a string's value, else as written (a number, a constant)."""
    start, end, found = expression
    if len(found) == 1 and found[0][:1] in "'\"":
        return _SINGLE_ESCAPE.sub(r"\1", found[0][1:-1]) if found[0][0] == "'" else found[0][1:-1]
    return source[start:end].strip()


def _not_language(path: Path, what: str, line: int) -> DocumentError:
    return DocumentError(
        f"This PHP file is no language array: {what} (line {line})",
        path=path,
        hint="Quire translates PHP files that return an array of strings (Laravel's "
        "lang/en/auth.php, CodeIgniter's app/Language/en/Validation.php), not other PHP",
        message_id="document.php_not_language",
        params={"what": what, "line": line},
    )


def _yii(path: Path) -> DocumentError:
    return DocumentError(
        "This is a Yii message file: its keys are the text and its values the translations, "
        "which Quire does not fill in",
        path=path,
        hint="Have yii message write the messages as a gettext catalog ('format' => 'po' in "
        "its config), then translate the .po file",
        message_id="document.php_yii_messages",
    )


def _wordpress(path: Path) -> DocumentError:
    return DocumentError(
        "This is a WordPress translation file (.l10n.php): its messages are translations "
        "already, keyed by their English text, and WordPress makes it from a .po file",
        path=path,
        hint="Translate the theme's or plugin's .po file (or its .pot template) instead, then "
        "make the .l10n.php from it again with wp i18n make-php",
        message_id="document.php_wordpress",
    )


def read(data: bytes, path: Path, *, encoding: str | None = None) -> Document:
    text, found = decode_text(data, path, "PHP", encoding=encoding)
    return PhpDocument(path, text, found)


__all__ = ["PhpDocument", "may_be_language_array", "read", "wordpress_translation"]
