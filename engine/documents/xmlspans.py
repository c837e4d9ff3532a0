"""Where elements lie in an XML file's text, for the formats that write back only the text
they translate and every other byte as it was (Android's and .NET's resources, Apple's plists): a
scan of its markup by position, for a file that a parser has found well-formed."""

from __future__ import annotations

import html
import re

from engine.fileio import head_text

_DOCTYPE = r"<!DOCTYPE(?:[^>\[]|\[[^\]]*\])*>"  # (its internal subset too)
# Comments, CDATA, the prolog, and tags (group 1 the slash of an end tag, 2 the name, 3 the
# attributes, 4 the slash of an empty element).
MARKUP = re.compile(
    rf"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|{_DOCTYPE}"
    r"|<(/)?([A-Za-z_][\w:.-]*)((?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*(/)?>",
    re.S,
)
# What comes before the root element: a byte order mark, the XML declaration, processing
# instructions (a schema's <?xml-model?>), comments and the DOCTYPE (``match`` it where the
# text starts; it always matches, maybe nothing).
_MISC = r"\s*(?:<\?.*?\?>\s*|<!--.*?-->\s*)*"
PROLOG = re.compile(rf"\ufeff?{_MISC}(?:{_DOCTYPE}{_MISC})?", re.S)


def prolog(data: bytes) -> str:
    """The text before the root element of the XML file ``data`` (``PROLOG``), read from its
    first 64 KB as ``head_text`` reads a file's kind."""
    text = head_text(data[:65536])
    found = PROLOG.match(text)
    return found.group() if found is not None else ""


_ATTRIBUTE = re.compile(r"([^\s=]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")


def attributes(text: str) -> dict[str, str]:
    """A tag's attributes (group 3 of ``MARKUP``), their entities read."""
    return {
        m.group(1): html.unescape(m.group(2) or m.group(3) or "") for m in _ATTRIBUTE.finditer(text)
    }


def closing(source: str, name: str, pos: int) -> tuple[int, int]:
    """Where the end tag of the element ``name`` whose content starts at ``pos`` starts and
    ends: the first one after ``pos`` outside CDATA and comments (which may hold anything),
    for an element that holds none of its own name."""
    end_tag = re.compile(rf"<!\[CDATA\[.*?\]\]>|<!--.*?-->|</{re.escape(name)}\s*>", re.S)
    for match in end_tag.finditer(source, pos):
        if match.group().startswith("</"):
            return match.start(), match.end()
    raise ValueError(f"<{name}> is not closed")


__all__ = ["MARKUP", "PROLOG", "attributes", "closing", "prolog"]
