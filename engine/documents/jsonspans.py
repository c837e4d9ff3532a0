"""Where values lie in a JSON file's text, for the formats that write back only what they
translate and every other byte as it was (Xcode's String Catalogs, Jupyter's notebooks): a
scan by position of a text ``json`` has read, so well-formed."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

_STRING = re.compile(r'"(?:[^"\\\x00-\x1f]|\\.)*"')
# (and what Python's json writes besides, which nbformat's files may hold: NaN, Infinity)
_SCALAR = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null|NaN|-?Infinity")


@dataclass
class Node:
    """A JSON value's span; an object's members by key, each with where its key starts; an
    array's items."""

    start: int
    end: int
    members: dict[str, tuple[int, Node]] = field(default_factory=dict)
    items: list[Node] = field(default_factory=list)


def node(text: str, pos: int) -> tuple[Node, int]:
    """The value at ``pos`` of a text ``json`` has read (so well-formed), and where it ends."""
    pos = space(text, pos)
    if text[pos] == "{":
        found = Node(pos, pos)
        pos = space(text, pos + 1)
        while text[pos] != "}":
            match = _STRING.match(text, pos)
            assert match is not None
            key = json.loads(match.group())
            pos = space(text, match.end()) + 1  # (the colon)
            value, pos = node(text, pos)
            found.members[key] = (match.start(), value)
            pos = space(text, pos)
            pos = space(text, pos + 1) if text[pos] == "," else pos
        found.end = pos + 1
        return found, found.end
    if text[pos] == "[":
        found = Node(pos, pos)
        pos = space(text, pos + 1)
        while text[pos] != "]":
            item, pos = node(text, pos)
            found.items.append(item)
            pos = space(text, pos)
            pos = space(text, pos + 1) if text[pos] == "," else pos
        found.end = pos + 1
        return found, found.end
    match = _STRING.match(text, pos) or _SCALAR.match(text, pos)
    assert match is not None
    return Node(pos, match.end()), match.end()


def space(text: str, pos: int) -> int:
    """The first position from ``pos`` that is not JSON's white space."""
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    return pos


__all__ = ["Node", "node", "space"]
