"""YAML translation files (``.yml`` ``.yaml``: Rails' ``config/locales/en.yml``, as i18n-tasks
and Ruby's Psych write them; Symfony's ``translations/messages.en.yaml``; Hugo's
``i18n/en.yaml``): each string value is a unit; keys, numbers, booleans, go-i18n's message
ids (Hugo's themes') and every other byte are kept.

A file whose one top-level key names its language (Rails: ``en:``) gets the target's
(``de:``), as Rails finds a locale by that key. Rails' plural keys (``one:`` ``other:``) get
the forms the target language has besides (Russian's ``few`` and ``many``), with ``other``'s
translation: Rails raises on a count whose key is missing. Placeholders (Rails' ``%{name}``
and ``%<name>s``, Symfony's ``%name%``, ICU's ``{name}``, strftime's ``%Y``, printf's, HTML
tags) are seen as placeholders and written as they were; a translation that loses one keeps
the text as it was. A translated string keeps its style where it can hold it (plain,
single-quoted, a ``|`` or ``>`` block), else it is written double-quoted."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from engine.documents import goi18n, placeholders
from engine.documents.base import Document, Unit, check_unit_count, decode_text, edited
from engine.documents.errors import DocumentError, empty_file
from engine.documents.language import filled_forms, locale_root
from engine.text.encoding import EncodedText, TextEncoding

# Rails' %{name} and %<name>s, Symfony's %name%, strftime's %Y %-d (Rails' date formats).
_PATTERN = re.compile(
    r"%\{[^{}\s]+\}|%<\w+>[-+ #0]*\d*(?:\.\d+)?[a-zA-Z]|%[A-Za-z_][\w.]*%|%[-_0^#]?[A-Za-z]|"
    + placeholders.PLAIN
)
_STR = "tag:yaml.org,2002:str"
# libyaml's parser where PyYAML was built with it (ten times faster; the same marks).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_PROPERTIES = re.compile(r"(?:[&!]\S*\s+)*")
# What Ruby's YAML (Psych, as Rails loads locale files) reads as other than a string though
# PyYAML does not: a symbol (":year"), a number with commas or a bare sign ("1,000", "+.5").
_NOT_TEXT_TO_PSYCH = re.compile(r":.*|[-+]?[\d,_]*\.?[\d,_]+(?:[eE][-+]?\d+)?|[-+]\..*")


@dataclass
class _Scalar:
    node: yaml.ScalarNode
    path: tuple[str | int, ...]
    flow: bool  # inside [ ] or { }: a plain scalar may hold no comma or bracket
    shaped: placeholders.Shaped


@dataclass
class _Plural:
    """A mapping of plural keys: each key it has and its value, and its last value."""

    forms: dict[str, yaml.Node]
    last: yaml.ScalarNode


def _walk(
    node: yaml.Node, path: tuple[str | int, ...], flow: bool, seen: set[int]
) -> Iterator[tuple[yaml.ScalarNode, tuple[str | int, ...], bool]]:
    """Every string scalar that is a value (not a key), with its path, once (an alias is
    the node it names)."""
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, yaml.ScalarNode):
        # (a plain ":year" is a Ruby symbol to Rails: a name, not text)
        if node.tag == _STR and not (not node.style and node.value.startswith(":")):
            yield node, path, flow
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _walk(item, (*path, index), flow or bool(node.flow_style), seen)
    elif isinstance(node, yaml.MappingNode):
        kept = goi18n.metadata(getattr(k, "value", None) for k, _ in node.value)
        for key, value in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else str(len(path))
            if name not in kept:
                yield from _walk(value, (*path, name), flow or bool(node.flow_style), seen)


def _plurals(node: yaml.Node, seen: set[int]) -> Iterator[_Plural]:
    """The mappings under ``node`` of a message's plural forms (:func:`goi18n.plural_forms`),
    its values strings that are not blocks."""
    if id(node) in seen:
        return  # (an alias: its node is visited once, or an alias bomb takes hours)
    seen.add(id(node))
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _plurals(item, seen)
    if not isinstance(node, yaml.MappingNode):
        return
    keys = {k.value: v for k, v in node.value if isinstance(k, yaml.ScalarNode)}
    values = [v for _, v in node.value]
    if (
        goi18n.plural_forms(keys)
        and all(isinstance(v, yaml.ScalarNode) and v.style not in ("|", ">") for v in values)
        and not node.flow_style
    ):
        last = max(values, key=lambda v: v.end_mark.index)
        assert isinstance(last, yaml.ScalarNode)
        yield _Plural(keys, last)
        return
    for value in values:
        yield from _plurals(value, seen)


class YamlDocument(Document):
    strict_fields = True  # (placeholders.written keeps a unit that lost one)
    encoding: TextEncoding

    def __init__(self, path: Path, source: str, encoding: TextEncoding) -> None:
        self.path, self.source, self.encoding = path, source, encoding
        self.newline = "\r\n" if "\r\n" in source else "\n"
        try:
            documents = list(yaml.compose_all(source, Loader=_LOADER))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark is not None else 1
            problem = getattr(exc, "problem", None) or "it is not valid YAML"
            raise DocumentError(
                f"This is not valid YAML: {problem} at line {line}",
                path=path,
                hint="Check the file in a YAML editor or validator, then retry",
                message_id="document.bad_yaml",
                params={"line": line},
            ) from None
        documents = [d for d in documents if d is not None]
        self.locale = _locale_key(documents)
        icu = "+intl-icu" in path.name
        self.scalars: list[_Scalar] = []
        units: list[Unit] = []
        seen: set[int] = set()
        for document in documents:
            for node, node_path, flow in _walk(document, (), False, seen):
                shaped = placeholders.shape(node.value, _PATTERN, icu=icu)
                if not shaped.text:
                    continue
                check_unit_count(len(units) + 1, path)
                shown = node_path[1:] if self.locale is not None else node_path
                units.append(
                    Unit(".".join(map(str, shown)) or "value", shaped.text, fields=shaped.fields)
                )
                self.scalars.append(_Scalar(node, node_path, flow, shaped))
        visited: set[int] = set()
        self.plurals = [p for d in documents for p in _plurals(d, visited)]
        self.units = tuple(units)

    def render(self, translations: Sequence[str]) -> EncodedText:
        self._check(translations)
        done: dict[int, str] = {}
        for scalar, unit, text in zip(self.scalars, self.units, translations, strict=True):
            value = placeholders.written(text, unit, scalar.shaped)
            if value is not None:
                done[id(scalar.node)] = value
        added = self._plural_keys(done) if self.language is not None else []
        edits = [self._edit(s, done[id(s.node)]) for s in self.scalars if id(s.node) in done]
        if self.language is not None and self.locale is not None and edits:
            start, end = self.locale.start_mark.index, self.locale.end_mark.index
            tag = self.language.tag
            edits.append((start, end, tag if plain_scalar(tag, False) else double_quoted(tag)))
        return self.encoding.encode(edited(self.source, edits + added))

    def _edit(self, scalar: _Scalar, value: str) -> tuple[int, int, str]:
        return scalar_edit(self.source, scalar.node, value, flow=scalar.flow, newline=self.newline)

    def _plural_keys(self, done: dict[int, str]) -> list[tuple[int, int, str]]:
        """Each plural mapping as the target language needs it (:func:`filled_forms`): its
        ``one`` rewritten in ``done``, and the edits adding the keys it lacks after its last
        key."""
        assert self.language is not None
        fields = {id(s.node): s.shaped.fields for s in self.scalars}
        added: list[tuple[int, int, str]] = []
        for plural in self.plurals:
            nodes = {k: id(node) for k, node in plural.forms.items()}
            filled = filled_forms(
                nodes,
                {k: done[n] for k, n in nodes.items() if n in done},
                {k: fields[n] for k, n in nodes.items() if n in fields},
                self.language,
            )
            at = plural.last.end_mark.index
            line_start = self.source.rfind("\n", 0, plural.last.start_mark.index) + 1
            key_line = self.source[line_start : plural.last.start_mark.index]
            indent = key_line[: len(key_line) - len(key_line.lstrip(" "))]
            for category, value in filled.items():
                if category in nodes:
                    done[nodes[category]] = value
                else:
                    entry = f"{self.newline}{indent}{category}: {double_quoted(value)}"
                    added.append((at, at, entry))
        return added


def _locale_key(documents: list[yaml.Node]) -> yaml.ScalarNode | None:
    """The top-level key that names the file's language (Rails' ``en:``), if there is one."""
    if len(documents) != 1 or not isinstance(documents[0], yaml.MappingNode):
        return None
    entries = documents[0].value
    if len(entries) != 1:
        return None
    key, value = entries[0]
    if not isinstance(key, yaml.ScalarNode):
        return None
    return key if locale_root([key.value], isinstance(value, yaml.MappingNode)) else None


def scalar_edit(
    source: str, node: yaml.ScalarNode, value: str, *, flow: bool, newline: str, key: bool = False
) -> tuple[int, int, str]:
    """The edit of ``source`` that writes ``value`` in ``node``'s place (a mapping's ``key``
    too): in the node's own style where it can hold it (plain, single-quoted, a ``|`` or ``>``
    block), else double-quoted; its properties (an anchor ``&name``, a tag ``!!str``) kept,
    as an alias names it."""
    start, end = node.start_mark.index, node.end_mark.index
    if node.style in ("|", ">"):
        return _block(source, node, value, newline)
    properties = _PROPERTIES.match(source, start, end)
    start = properties.end() if properties is not None else start
    if not node.style and plain_scalar(value, flow, key=key):
        return start, end, value
    if node.style == "'" and "\n" not in value and value.strip() == value:
        return start, end, "'" + value.replace("'", "''") + "'"
    return start, end, double_quoted(value)


def _block(source: str, node: yaml.ScalarNode, value: str, newline: str) -> tuple[int, int, str]:
    """A ``|`` or ``>`` block's lines replaced, its header and its trailing blank lines
    kept, each line at the block's indentation (a folded block's line breaks as blank
    lines, which it reads as line breaks)."""
    start, end = node.start_mark.index, node.end_mark.index
    body = source.index("\n", start) + 1
    content = source[body:end]
    lines = content.split("\n")
    first = next((line for line in lines if line.strip()), "")
    indent = first[: len(first) - len(first.lstrip(" "))]
    # A block whose header gives its indentation (|2-) keeps spaces of its first line as
    # text: the value brings them back, so the lines go at the block's own indentation.
    own = len(node.value) - len(node.value.lstrip(" "))
    indent = indent[: len(indent) - own] if own else indent
    kept = content[len(content.rstrip("\r\n")) :].count("\n")
    value = value.rstrip("\n")  # (the block's header says how it ends)
    if node.style == ">":
        value = value.replace("\n", "\n\n")
    written = newline.join(indent + line if line else "" for line in value.split("\n"))
    return body, end, written + newline * max(kept, 1)


def plain_scalar(value: str, flow: bool, *, key: bool = False) -> bool:
    """Whether ``value`` reads back as itself written as a plain scalar there (a mapping's
    ``key``: before its colon)."""
    if not value or "\n" in value or value != value.strip():
        return False
    if _NOT_TEXT_TO_PSYCH.fullmatch(value):
        return False
    expected: object
    if key:
        written, expected = (f"{{{value}: k}}" if flow else f"{value}: k"), {value: "k"}
    else:
        written, expected = (f"[{value}]", [value]) if flow else (f"k: {value}", {"k": value})
    try:
        loaded = yaml.safe_load(written)
    except yaml.YAMLError:
        return False
    return bool(loaded == expected)


def double_quoted(value: str) -> str:
    """``value`` as a double-quoted YAML scalar on one line (characters beyond ASCII as
    they are)."""
    escapes = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}
    out = "".join(escapes.get(c, c if c.isprintable() or c == " " else _code(c)) for c in value)
    return f'"{out}"'


def _code(char: str) -> str:
    """A character as a double-quoted scalar's escape (``\\U`` beyond the first plane)."""
    code = ord(char)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def read(data: bytes, path: Path, *, encoding: str | None = None) -> Document:
    text, found = decode_text(data, path, "YAML", encoding=encoding)
    if not text.strip():
        raise empty_file(path)
    return YamlDocument(path, text, found)


__all__ = ["YamlDocument", "double_quoted", "plain_scalar", "read", "scalar_edit"]
