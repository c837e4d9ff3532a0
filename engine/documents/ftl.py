"""Project Fluent's .ftl files (Firefox's, Thunderbird's, fluent-rs' and fluent.js' apps' UI
strings), read with Mozilla's parser (``fluent.syntax``): each message's value and text
attributes (``.label``, ``.title``, ``.aria-label``…) are units, a select expression's
variants each one of their own, and the words around a select another.

Placeables (``{ $count }``, ``{ -brand-short-name }``, ``{ NUMBER($n) }``, ``{ "{" }``) and
HTML tags (Firefox's ``<a data-l10n-name="link">``, ``<strong>``) are placeholders a
translation keeps whole, the words between two tags translated; one that loses one, or puts
a closing tag before its opening, keeps the text as it was. Only the translated patterns
change: comments, blank lines, ids, attributes' names, variant keys and every pattern kept
are written back byte for byte; a translation's lines take the pattern's indentation, and a
brace or a line start Fluent reads as syntax (``[``, ``*``, ``.``) is written as a string
literal (``{ "{" }``).

Terms that name a brand stay as they are, as Mozilla's localization policy asks (brands are
neither translated nor transliterated "unless indicated otherwise in comments"): a term whose
id names one (``-brand-short-name``, ``-vendor-short-name``) or under a group comment about
brands, but where its own comment says it can be localized. Other terms are translated; a
term's attributes (``.gender``), which only selectors read, never are. An access key (an
attribute or message whose name holds "accesskey": ``.accessKey``, ``.buttonaccesskey``,
``…-manage-accesskey``) is one letter of its label: kept where the translated label has it,
else the label's first letter or digit; a key a program reads (``devtools-commandkey-… = C``,
``…-copy-key = C``, ``VK_F12``) is kept as it is. A plural select (``{ $n -> [one] …
*[other] … }``) gains the target's plural categories it lacks (Polish's ``few`` and
``many``), each with the ``other`` variant's translation, as a gettext catalog's forms are
filled. Fluent files are UTF-8; one that is not, or that holds lines Fluent cannot read
(Junk), is refused naming the line."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from fluent.syntax import FluentParser, ast

from engine.api import Note
from engine.documents import placeholders
from engine.documents.base import (
    FIELD,
    Document,
    Unit,
    check_unit_count,
    decode_text,
    edited,
)
from engine.documents.errors import DocumentError, empty_file
from engine.documents.language import CATEGORIES, filled_forms
from engine.text.encoding import UTF8, EncodedText, TextEncoding

# Attributes a program reads, not a person: keyboard shortcuts and CSS sizes (Firefox's
# ``.style = width: 30em``). An access key is apart (see ``_access_key``).
_CODE_ATTRIBUTES = frozenset(["key", "commandkey", "keycode", "modifiers", "style"])
# An access key, by its attribute's or message's name: Firefox's ``.accesskey``, ``.accessKey``,
# a dialog's ``.buttonaccesskeyaccept``, ``.accesskeynotsyncing``, ``…-manage-accesskey = M``.
_ACCESS_KEY = re.compile("accesskey", re.IGNORECASE)
# A key a program reads, by its name (``devtools-commandkey-inspector``,
# ``screenshots-component-copy-key``, ``…-shortcut``) and its value: one character, a virtual
# key (``VK_F12``) or a combination (``CmdOrCtrl+F``); a name alone is not enough
# (``customkeys-key-edit = Edit`` is a button's words).
_KEY_NAME = re.compile(r"commandkey|shortcut|(?:^|[-_.])key(?![a-z])", re.IGNORECASE)
_KEY_VALUE = re.compile(r"\S|VK_\w+|(?:\w+\+)+\S+")
_BRAND_ID = re.compile(r"brand|vendor")
_BRAND_GROUP = re.compile(r"\bbrands?\b", re.IGNORECASE)
_LOCALIZABLE = re.compile(r"\b(?:can|should)\b[^.\n]*\bbe (?:localized|translated)", re.IGNORECASE)
_LETTER = re.compile(r"[^\W\d_]")
_BRACE = re.compile(r"[{}]")
_TAG = re.compile(placeholders.TAG)
# A tag is markup where it names an HTML element (those Fluent's DOM overlay allows, and those
# Firefox's strings name by data-l10n-name), has attributes, or a namespace (``<xsl:message>``):
# ``<anonymous>``, a stack trace's word for a function without a name, is text.
_HTML = frozenset(
    [
        *("a", "abbr", "b", "bdi", "bdo", "br", "button", "cite", "code", "data", "dfn"),
        *("div", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "input", "kbd"),
        *("label", "li", "mark", "ol", "p", "q", "s", "samp", "small", "span", "strong"),
        *("sub", "sup", "time", "u", "ul", "var", "wbr"),
    ]
)
_TAG_NAME = re.compile(r"</?([\w:.-]+)(\s*/?>)?")
_WHITE = " \r\n"
_FREEMARKER = re.compile(r"<#\w|</#\w|\[#ftl|\$\{")
# What a line of a pattern may not begin with (a variant's key, the default's, an attribute).
_LINE_SYNTAX = frozenset("[*.")


@dataclass
class _Select:
    """A select expression's placeable: its variants' patterns, and whether it selects by a
    number's plural category (where a target language may need variants added)."""

    start: int
    end: int
    variants: list[tuple[ast.Variant, _Pattern]]
    plural: bool


@dataclass
class _Pattern:
    """A pattern: the stretch of the source its elements are written in, its words as a
    unit's text (``unit``: the unit's number; None where it has no words of its own), and its
    placeables, each a field, select expressions among them by field number."""

    start: int
    end: int
    shaped: placeholders.Shaped
    indent: str  # a continuation line's
    block: bool  # whether its first line is an indented line (the pattern starts below "=")
    selects: dict[int, _Select] = field(default_factory=dict)
    # The placeables that begin a line unindented (Fluent allows it), written so again.
    flush: frozenset[int] = frozenset()
    unit: int | None = None


class FluentDocument(Document):
    strict_fields = True  # (a translation that lost a placeable keeps the text)
    encoding: TextEncoding

    def __init__(self, path: Path, source: str, encoding: TextEncoding) -> None:
        self.path, self.source, self.encoding = path, source, encoding
        if not source.strip():
            raise empty_file(path)
        self.newline = "\r\n" if "\r\n" in source else "\n"
        try:
            resource = FluentParser(with_spans=True).parse(source)
        except RecursionError:
            raise _not_fluent(path, "its placeables nest too deep", 1) from None
        junk = next((e for e in resource.body if isinstance(e, ast.Junk)), None)
        if junk is not None:
            raise _junk(path, source, junk)
        self.tops: list[_Pattern] = []  # each entry's value and attributes translated
        self.access_keys: list[tuple[ast.Pattern, _Pattern]] = []  # a key and its label
        units: list[Unit] = []
        brands: list[str] = []
        messages: dict[str, tuple[ast.Message, dict[int, _Pattern]]] = {}
        group = ""
        try:
            for entry in resource.body:
                if isinstance(entry, ast.GroupComment):
                    group = entry.content or ""
                elif isinstance(entry, ast.Term) and _brand(entry, group):
                    brands.append(f"-{entry.id.name}")
                elif isinstance(entry, ast.Message | ast.Term):
                    read = {}
                    for name, pattern in _patterns(entry):
                        read[id(pattern)] = self._pattern(pattern, name, units)
                    self.tops += read.values()
                    if isinstance(entry, ast.Message):
                        messages[entry.id.name] = entry, read
        except RecursionError:
            raise _not_fluent(path, "its placeables nest too deep", 1) from None
        self._find_access_keys(messages)
        self.units = tuple(units)
        notes = []
        if brands:
            notes.append(
                Note(
                    f"Brand names are kept as they are, as Mozilla's localization policy asks: "
                    f"{', '.join(brands[:5])}{' …' if len(brands) > 5 else ''}",
                    "document.fluent_brands",
                    {"terms": ", ".join(brands[:5]), "count": len(brands)},
                )
            )
        if self.access_keys:
            notes.append(
                Note(
                    "An access key its translated label lacks becomes the label's first "
                    "letter: check that no two of a menu share one",
                    "document.fluent_access_keys",
                    {"count": len(self.access_keys)},
                )
            )
        self.notes = tuple(notes)

    def _pattern(self, pattern: ast.Pattern, uid: str, units: list[Unit]) -> _Pattern:
        """A pattern read: a unit of its words (where it has any), and its select
        expressions' variants each read in turn."""
        elements = pattern.elements
        # (the white space at its ends is the indentation and blank lines around it, kept)
        start, end = _span(elements[0]).start, _span(elements[-1]).end
        while start < end and self.source[start] in _WHITE:
            start += 1
        while end > start and self.source[end - 1] in _WHITE:
            end -= 1
        pieces: list[str] = []
        fields: list[str] = []
        selects: dict[int, _Select] = {}
        flush: set[int] = set()
        for element in elements:
            if isinstance(element, ast.TextElement):
                # (Firefox's markup, which its DOM overlay matches by data-l10n-name, is
                # a placeholder of its own: the words between two tags are translated)
                cursor = 0
                for match in _TAG.finditer(element.value):
                    if not _markup(match.group()):
                        continue
                    fields.append(match.group())
                    pieces += [element.value[cursor : match.start()], FIELD.format(len(fields))]
                    cursor = match.end()
                pieces.append(element.value[cursor:])
                continue
            assert isinstance(element, ast.Placeable)
            span = _span(element)
            fields.append(self.source[span.start : span.end])
            pieces.append(FIELD.format(len(fields)))
            if self.source[span.start - 1 : span.start] in ("", "\n"):
                flush.add(len(fields))
            expression = element.expression
            if isinstance(expression, ast.SelectExpression):
                selects[len(fields)] = self._select(expression, span, uid, units)
        shaped = placeholders.shaped("".join(pieces), fields)
        inner = [(s.start, s.end) for s in selects.values()]
        indent, block = self._indentation(start, end, inner)
        read = _Pattern(start, end, shaped, indent, block, selects, frozenset(flush))
        if _LETTER.search(FIELD.pattern().sub("", shaped.text)):
            check_unit_count(len(units) + 1, self.path)
            read.unit = len(units)
            units.append(Unit(uid, shaped.text, fields=shaped.fields))
        return read

    def _select(
        self, expression: ast.SelectExpression, span: ast.Span, uid: str, units: list[Unit]
    ) -> _Select:
        variants = []
        for variant in expression.variants:
            key = _key(variant)
            variants.append((variant, self._pattern(variant.value, f"{uid}[{key}]", units)))
        return _Select(span.start, span.end, variants, _plural(expression))

    def _indentation(self, start: int, end: int, inner: list[tuple[int, int]]) -> tuple[str, bool]:
        """The indentation of a pattern's continuation lines (the least of those it has,
        outside its select expressions (``inner``); else four spaces more than its own
        line's) and whether its first line is one of them."""
        line_start = self.source.rfind("\n", 0, start) + 1
        before = self.source[line_start:start]
        block = not before.strip()
        found: list[str] = [before] if block else []
        at = self.source.find("\n", start, end)
        while at != -1:
            line = at + 1
            if not any(a <= line < b for a, b in inner):
                stop = line
                while stop < end and self.source[stop] in " ":
                    stop += 1
                if stop < end and self.source[stop] not in "\r\n":
                    found.append(self.source[line:stop])
            at = self.source.find("\n", line, end)
        if found:  # (a placeable beginning a line unindented counts: Fluent's dedent's)
            return min(found, key=len), block
        # (the line up to the pattern: the rest of the file copied for each made it quadratic)
        own = self.source[line_start:start]
        lead = own[: len(own) - len(own.lstrip(" "))]
        return lead + "    ", block

    def _find_access_keys(
        self, messages: dict[str, tuple[ast.Message, dict[int, _Pattern]]]
    ) -> None:
        """Each access key of one plain letter and the pattern of the label it is a letter
        of: an attribute's, the attribute named so with "label" for "accesskey"
        (``.buttonlabel`` for ``.buttonaccesskey``), else a ``.value`` (a XUL ``<label>``'s)
        or the message's value; a message's (``…-manage-accesskey``), the message it names
        less that (its ``.label``, else its value)."""
        for entry, read in messages.values():
            keys = [(a.id.name, a.value) for a in entry.attributes if _ACCESS_KEY.search(a.id.name)]
            labels = {a.id.name: a.value for a in entry.attributes}
            found: list[tuple[ast.Pattern, ast.Pattern | None, dict[int, _Pattern]]] = []
            for name, key in keys:
                label = labels.get(_ACCESS_KEY.sub("label", name))
                if label is None and name.lower() == "accesskey":
                    label = labels.get("value", entry.value)  # (a XUL <label value=…>'s)
                found.append((key, label, read))
            if entry.value is not None and _ACCESS_KEY.search(entry.id.name):
                owner = messages.get(re.sub(r"[-_]?accesskey", "", entry.id.name, flags=re.I))
                if owner is not None:
                    label = next(
                        (a.value for a in owner[0].attributes if a.id.name == "label"), None
                    )
                    found.append((entry.value, label or owner[0].value, owner[1]))
            for key, label, patterns in found:
                if label is None or len(key.elements) != 1:
                    continue
                (element,) = key.elements
                if not isinstance(element, ast.TextElement) or len(element.value.strip()) != 1:
                    continue
                pattern = patterns.get(id(label))
                if pattern is not None and (pattern.unit is not None or pattern.selects):
                    self.access_keys.append((key, pattern))

    def accepts(self, index: int, text: str) -> bool:
        """As ``render`` writes it: a translation with words, and each placeable once."""
        return bool(text.strip()) and super().accepts(index, text)

    def render(self, translations: Sequence[str]) -> EncodedText:
        self._check(translations)
        self._translations = translations
        self._done: dict[int, str] = {}  # unit → its translation's plain words, as written
        edits: list[tuple[int, int, str]] = []
        for pattern in self.tops:
            written = self._written(pattern)
            if written != self.source[pattern.start : pattern.end]:
                edits.append((pattern.start, pattern.end, written))
        for key, label in self.access_keys:
            edit = self._access_key(key, label)
            if edit is not None:
                edits.append(edit)
        return self.encoding.encode(edited(self.source, edits))

    def _written(self, pattern: _Pattern) -> str:
        """A pattern's text as written: its translation where it is taken, else its source
        with its selects' variants written."""
        selects = {n: self._select_written(s) for n, s in pattern.selects.items()}
        if pattern.unit is not None:
            text = self._translations[pattern.unit].strip()
            unit = self.units[pattern.unit]
            if self.accepts(pattern.unit, text) and text != unit.text:
                self._done[pattern.unit] = FIELD.pattern().sub("", text)
                return self._pattern_text(pattern, text, selects)
        edits = [(s.start, s.end, selects[n]) for n, s in pattern.selects.items()]
        return self._edited(pattern.start, pattern.end, edits)

    def _select_written(self, select: _Select) -> str:
        edits: list[tuple[int, int, str]] = []
        texts: dict[str, str] = {}
        for variant, pattern in select.variants:
            written = self._written(pattern)
            texts[_key(variant)] = written
            if written != self.source[pattern.start : pattern.end]:
                edits.append((pattern.start, pattern.end, written))
        if select.plural and self.language is not None and edits:
            edits += self._added_variants(select, texts)
        return self._edited(select.start, select.end, edits)

    def _added_variants(self, select: _Select, texts: dict[str, str]) -> list[tuple[int, int, str]]:
        """The target language's plural categories the select has no variant for, each a
        variant of the ``other`` one's translation (or the default's), on a line of its own
        before the first variant of a later category."""
        assert self.language is not None
        keys = [_key(v) for v, _ in select.variants]
        default = next(v for v, _ in select.variants if v.default)
        copied = texts["other"] if "other" in texts else texts[_key(default)]
        plain = [v for v, _ in select.variants if not v.default]
        added: list[tuple[int, int, str]] = []
        # ([1] is the one the source's author wrote for one thing)
        present = {*keys, *(["one"] if "1" in keys else [])}
        for category in filled_forms(present, {"other": copied}, {}, self.language):
            later = next(
                (
                    v
                    for v, _ in select.variants
                    if _key(v) in CATEGORIES
                    and CATEGORIES.index(_key(v)) > CATEGORIES.index(category)
                ),
                None,
            )
            anchor = later if later is not None else select.variants[-1][0]
            line = self.source.rfind("\n", 0, _span(anchor).start) + 1
            indent = self._line_indent(plain[0] if plain else default, extra=not plain)
            entry = f"{indent}[{category}] {copied}"
            if later is not None:
                added.append((line, line, entry + self.newline))
            else:
                added.append((_span(anchor).end, _span(anchor).end, self.newline + entry))
        return added

    def _line_indent(self, variant: ast.Variant, *, extra: bool) -> str:
        start = _span(variant).start
        line = self.source.rfind("\n", 0, start) + 1
        return self.source[line:start] + (" " if extra else "")

    def _pattern_text(self, pattern: _Pattern, text: str, selects: dict[int, str]) -> str:
        """A translation as a pattern holds it: its placeables as they were (its selects as
        written), braces as string literals, each line after a break at the pattern's
        indentation and one that would begin with syntax begun with a literal."""
        unit = self.units[pattern.unit] if pattern.unit is not None else None
        assert unit is not None
        text = text.replace("\r\n", "\n")
        out: list[str] = []
        cursor = 0
        line_start = pattern.block
        for match in FIELD.pattern().finditer(text):
            piece = text[cursor : match.start()]
            number = int(match.group(1))
            flush = number in pattern.flush
            out.append(self._text(piece, pattern.indent, line_start, more=not flush))
            out.append(selects.get(number, unit.fields[number - 1]))
            cursor = match.end()
            line_start = False
        out.append(self._text(text[cursor:], pattern.indent, line_start))
        starts_flush = self.source[pattern.start - 1 : pattern.start] in ("", "\n")
        if pattern.block and starts_flush and not (out[0] == "" and len(out) > 1):
            out.insert(0, pattern.indent or "    ")  # (its words now begin the line)
        return "".join(out)

    def _text(self, text: str, indent: str, line_start: bool, *, more: bool = False) -> str:
        """Plain text as a pattern's: braces as string literals, line breaks indented (a
        blank line not: ``more``, a placeable follows on it)."""
        lines = _BRACE.sub(r'{ "\g<0>" }', text).split("\n")
        last = len(lines) - 1
        for n, line in enumerate(lines):
            spaces = len(line) - len(line.lstrip(" "))
            if (n > 0 or line_start) and line[spaces : spaces + 1] in _LINE_SYNTAX:
                line = f'{line[:spaces]}{{ "{line[spaces]}" }}{line[spaces + 1 :]}'
            if n > 0 and (line or (n == last and more)):
                # (text may not begin a line: where the pattern's lines are not indented,
                # a placeable beginning one unindented, its words are)
                line = (indent or ("" if spaces else "    ")) + line
            lines[n] = line
        return self.newline.join(lines)

    def _access_key(self, key: ast.Pattern, label: _Pattern) -> tuple[int, int, str] | None:
        """An access key the translated label no longer holds: the label's first letter or
        digit in its place."""
        words = self._words(label)
        span = _span(key.elements[0])
        letter = self.source[span.start : span.end].strip()
        if words is None or letter.lower() in words.lower():
            return None
        first = next((c for c in words if c.isalnum()), None)
        if first is None:
            return None
        at = span.start + self.source[span.start : span.end].index(letter)
        return at, at + 1, first

    def _words(self, pattern: _Pattern) -> str | None:
        """A pattern's translated words as a reader sees them most (a select's, its
        default variant's); None where it kept its own."""
        if pattern.unit is not None:
            return self._done.get(pattern.unit)
        for select in pattern.selects.values():
            default = next(p for v, p in select.variants if v.default)
            return self._words(default)
        return None

    def _edited(self, start: int, end: int, edits: list[tuple[int, int, str]]) -> str:
        """The source's ``start:end`` with ``edits`` (at the source's positions) made."""
        shifted = [(a - start, b - start, text) for a, b, text in edits]
        return edited(self.source[start:end], shifted)


def _patterns(entry: ast.Message | ast.Term) -> Iterator[tuple[str, ast.Pattern]]:
    """An entry's patterns to translate, by unit id: its value, and a message's attributes
    but those a program reads (a term's are only read by selectors), access keys and keys
    (see ``_ACCESS_KEY`` and ``_KEY_NAME``) neither."""
    if isinstance(entry, ast.Term):
        if entry.value is not None:
            yield f"-{entry.id.name}", entry.value
        return
    name = entry.id.name
    if entry.value is not None and not _program_read(name, entry.value):
        yield name, entry.value
    for attribute in entry.attributes:
        if attribute.id.name not in _CODE_ATTRIBUTES and not _program_read(
            attribute.id.name, attribute.value
        ):
            yield f"{name}.{attribute.id.name}", attribute.value


def _program_read(name: str, pattern: ast.Pattern) -> bool:
    """Whether a message's value or attribute named ``name`` is an access key, or a key a
    program reads: each of its texts (its variants') one character or a key's name."""
    if _ACCESS_KEY.search(name):
        return True
    if not _KEY_NAME.search(name):
        return False
    texts = [t.strip() for t in _texts(pattern)]
    return bool(texts) and all(_KEY_VALUE.fullmatch(t) for t in texts if t)


def _texts(pattern: ast.Pattern) -> Iterator[str]:
    """A pattern's texts, its selects' variants' among them."""
    for element in pattern.elements:
        if isinstance(element, ast.TextElement):
            yield element.value
        elif isinstance(element.expression, ast.SelectExpression):
            for variant in element.expression.variants:
                yield from _texts(variant.value)


def _markup(tag: str) -> bool:
    """Whether a tag (``placeholders.TAG``'s) is markup (see ``_HTML``)."""
    named = _TAG_NAME.match(tag)
    assert named is not None
    name, bare = named.groups()
    return name.lower() in _HTML or bare is None or ":" in name


def _brand(term: ast.Term, group: str) -> bool:
    """Whether a term names a brand, kept untranslated (see the module's docstring)."""
    own = term.comment.content if term.comment is not None else ""
    if own and _LOCALIZABLE.search(own):
        return False
    return bool(_BRAND_ID.search(term.id.name) or _BRAND_GROUP.search(group))


def _plural(expression: ast.SelectExpression) -> bool:
    """Whether a select chooses by a number's plural category: on a variable or NUMBER()
    (not an ordinal), its keys categories or numbers, one at least a category."""
    selector = expression.selector
    if isinstance(selector, ast.FunctionReference):
        if selector.id.name != "NUMBER":
            return False
        if any(
            a.name.name == "type" and getattr(a.value, "value", "") == "ordinal"
            for a in selector.arguments.named
        ):
            return False
    elif not isinstance(selector, ast.VariableReference):
        return False
    keys = [v.key for v in expression.variants]
    categories = [k for k in keys if isinstance(k, ast.Identifier)]
    return bool(categories) and all(
        isinstance(k, ast.NumberLiteral) or k.name in CATEGORIES for k in categories
    )


def _key(variant: ast.Variant) -> str:
    key = variant.key
    return key.name if isinstance(key, ast.Identifier) else key.value


def _span(node: ast.SyntaxNode) -> ast.Span:
    assert node.span is not None  # (parsed with spans)
    return node.span


def _not_fluent(path: Path, what: str, line: int) -> DocumentError:
    return DocumentError(
        f"This is not a valid Fluent file: {what} (line {line})",
        path=path,
        hint="Correct that line (Fluent's syntax: id = text, indented attributes and "
        "variants), then retry",
        message_id="document.bad_fluent",
        params={"line": line, "what": what},
    )


def _junk(path: Path, source: str, junk: ast.Junk) -> DocumentError:
    """What the parser could not read, by its line and the parser's words (a FreeMarker
    template, which shares the suffix, said to be one)."""
    annotation = junk.annotations[0] if junk.annotations else None
    at = _span(annotation).start if annotation is not None else _span(junk).start
    line = source.count("\n", 0, at) + 1
    what = (annotation.message if annotation is not None else None) or "a line it cannot read"
    if _FREEMARKER.search(source):
        what = "it is a FreeMarker template (<#…>, ${…}), which shares the .ftl suffix"
    return _not_fluent(path, f"{what[:1].lower()}{what[1:]}", line)


def read(data: bytes, path: Path, *, encoding: str | None = None) -> Document:
    """Fluent files are UTF-8 (the syntax says so); one in another encoding is read only
    where the user names it, and written as UTF-8."""
    if encoding is not None:
        text, _found = decode_text(data, path, "Fluent", encoding=encoding)
        return FluentDocument(path, text.removeprefix("\ufeff"), UTF8)
    bom = data.startswith(b"\xef\xbb\xbf")
    try:
        text = data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise DocumentError(
            f"The file is not UTF-8 text (line {line}, byte 0x{data[exc.start]:02X}), and "
            "Fluent reads only UTF-8",
            path=path,
            hint="Save it as UTF-8, or give its encoding with --encoding, then retry",
            message_id="document.fluent_not_utf8",
            params={"line": line},
        ) from None
    return FluentDocument(path, text, TextEncoding("utf-8", "utf-8", bom=bom))


__all__ = ["FluentDocument", "read"]
