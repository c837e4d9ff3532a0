"""A TOML file as tomlkit reads it, every byte kept: its strings found with their paths, a
translated one written in its own style (basic ``"…"``, literal ``'…'``, multi-line) where it
can hold the text, else as a basic string; lines added after a value's line. Strings in
arrays are data (``taxonomies = ["tags"]``), never found."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.container import Container
from tomlkit.exceptions import TOMLKitError
from tomlkit.items import (
    AoT,
    Array,
    InlineTable,
    Item,
    Key,
    String,
    StringType,
    Table,
    Whitespace,
)
from tomlkit.toml_document import TOMLDocument

from engine.documents.errors import DocumentError

Path_ = tuple[str | int, ...]


def parse(text: str, path: Path) -> TOMLDocument:
    """``text`` as tomlkit reads it; a ``DocumentError`` saying where it is not TOML."""
    try:
        return tomlkit.parse(text)
    except (TOMLKitError, ValueError) as exc:
        line = getattr(exc, "line", None) or 1
        raise DocumentError(
            f"This is not valid TOML: {exc}",
            path=path,
            hint="Check the file in a TOML editor or validator (hugo config does), then retry",
            message_id="document.bad_toml",
            params={"line": line},
        ) from None


@dataclass
class Found:
    """A string value: the body it is an entry of, where, its key and path, and its item."""

    body: list[tuple[Key | None, Item]]
    index: int
    path: Path_
    item: String
    siblings: tuple[str, ...]  # the keys of the table it is in
    inline: bool = False  # in an inline table (``{ one = "…", other = "…" }``)
    array: Array | None = None  # the array it is in (``index``: its place there)


def strings(
    document: TOMLDocument, arrays: Callable[[Path_], bool] = lambda _path: False
) -> Iterator[Found]:
    """Every string value that is not in an array (but those of an array whose path
    ``arrays`` takes: hugo-coder's ``info = ["Full Stack DevOps", "Magician"]``), in the
    file's order, with its path (an array of tables' entries numbered across the file, as a
    reader counts them; an array's strings by their place in it)."""
    yield from _strings(document, (), {}, False, arrays)


def _strings(
    container: Container,
    path: Path_,
    counts: dict[Path_, int],
    inline: bool,
    arrays: Callable[[Path_], bool],
) -> Iterator[Found]:
    body = container.body
    siblings = tuple(k.key for k, _ in body if k is not None)
    for index, (key, item) in enumerate(body):
        if key is None:
            continue
        here = (*path, key.key)
        if isinstance(item, String):
            yield Found(body, index, here, item, siblings, inline)
        elif isinstance(item, (Table, InlineTable)):
            within = inline or isinstance(item, InlineTable)
            yield from _strings(item.value, here, counts, within, arrays)
        elif isinstance(item, AoT):
            for table in item.body:
                number = counts.get(here, 0)
                counts[here] = number + 1
                yield from _strings(table.value, (*here, number), counts, inline, arrays)
        elif isinstance(item, Array) and arrays(here):
            for place, value in enumerate(item):
                if isinstance(value, String):
                    yield Found([], place, (*here, place), value, (), inline, item)


def replace(found: Found, value: str) -> None:
    """``found``'s string written as ``value``, in its own style where it can hold it, its
    key, spacing and comment kept."""
    old = found.item
    kind, token = _token(value, old.type, old.as_string())
    inner = token[len(kind.value) : len(token) - len(kind.value)]  # (tomlkit adds the quotes)
    if found.array is not None:  # (its place, its comma and comment kept)
        found.array[found.index] = String(kind, value, inner, old.trivia)
        return
    found.body[found.index] = (found.body[found.index][0], String(kind, value, inner, old.trivia))


def _token(value: str, kind: StringType, original: str) -> tuple[StringType, str]:
    """``value`` as a TOML string token of ``kind`` (a multi-line one opening on its own line
    where ``original`` did), or a basic string where that kind cannot hold it."""
    opened = original[3:4] if kind.is_multiline() and original[3:4] in ("\n", "\r") else ""
    for candidate in (kind, StringType.SLB):
        try:
            token = String.from_raw(value, candidate).as_string()
            if candidate == kind and opened:  # (the newline after the opening is no text)
                token = token[:3] + ("\r\n" if opened == "\r" else "\n") + token[3:]
        except (TOMLKitError, ValueError):
            continue
        if _reads(token) == value:
            return candidate, token
    raise AssertionError(f"no TOML string holds {value!r}")  # (a basic string holds any)


def _reads(token: str) -> Any:
    try:
        return tomlkit.parse(f"x = {token}\n").unwrap().get("x")
    except (TOMLKitError, ValueError):
        return None


def add_after(found: Found, lines: list[str], newline: str) -> None:
    """``lines`` (``key = value``) after ``found``'s line, at its indentation; in an inline
    table, after it on its line, each after a ``, `` (a line of its own there is no TOML:
    tomllib read ``other = "…"few = "…" }`` as an unclosed table, and Hugo failed)."""
    if found.inline:
        added: list[tuple[Key | None, Item]] = []
        for line in lines:
            added += [(None, Whitespace(",")), (None, Whitespace(" ")), tomlkit.parse(line).body[0]]
        found.body[found.index + 1 : found.index + 1] = added
        return
    add_after_line(found.item, lines, newline)


def add_after_line(item: Item, lines: list[str], newline: str) -> None:
    """``lines`` (``key = value``) after ``item``'s line, at its indentation."""
    trivia = item.trivia
    indent = trivia.indent.rsplit("\n", 1)[-1]
    added = "".join(indent + line + newline for line in lines)
    trivia.trail = trivia.trail + added if trivia.trail.endswith("\n") else newline + added


def basic(value: str) -> str:
    """``value`` as a basic string token (``"de"``)."""
    return String.from_raw(value, StringType.SLB).as_string()


__all__ = ["Found", "Path_", "add_after", "add_after_line", "basic", "parse", "replace", "strings"]
