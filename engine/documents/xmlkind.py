"""Which reader an ``.xml`` file is for, by what its root says: DocBook's namespace or
DOCTYPE, DITA's, else Android's string resources (whose reader refuses other XML, saying
what Quire reads)."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from engine.documents.base import Document

_PROLOG = re.compile(r"\A\ufeff?\s*(?:<\?.*?\?>\s*|<!--.*?-->\s*)*", re.S)
_DOCTYPE = re.compile(r"<!DOCTYPE\s+[\w:.-]+(?:\s+PUBLIC\s+(\"[^\"]*\"|'[^']*'))?", re.S)
_ROOT = re.compile(r"<([\w.-]+:)?([\w.-]+)((?:\s+[^\s=>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)", re.S)
# Roots only DocBook has, and only DITA (DocBook's <reference> is a set of reference pages).
DOCBOOK_ROOTS = frozenset(
    ["book", "article", "chapter", "section", "sect1", "sect2", "part", "appendix", "preface",
     "refentry", "reference", "set", "glossary", "bibliography", "partintro", "colophon",
     "dedication", "refsection", "refsect1"]
)  # fmt: skip
DITA_ROOTS = frozenset(
    ["topic", "concept", "task", "glossentry", "glossgroup", "troubleshooting", "map",
     "bookmap", "subjectScheme", "dita", "learningContent", "learningOverview"]
)  # fmt: skip


def kind(data: bytes) -> str | None:
    """ "docbook" or "dita" for an XML file of theirs, by its first 4 KB; None for another."""
    head = data[:4096]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = head.decode("utf-16", "replace")
    else:
        text = head.decode("utf-8", "replace")
    cursor = _PROLOG.match(text)
    at = cursor.end() if cursor is not None else 0
    doctype = _DOCTYPE.match(text, at)
    public = ""
    if doctype is not None:
        public = (doctype.group(1) or "").upper()
        close = text.find("]>", at) if "[" in text[at : text.find(">", at)] else -1
        at = close + 2 if close >= 0 else text.find(">", at) + 1
        cursor = _PROLOG.match(text[at:])
        at += cursor.end() if cursor is not None else 0
    root = _ROOT.match(text, at)
    if root is None:
        return None
    name, attributes = root.group(2), root.group(3)
    if "docbook.org/ns/docbook" in attributes or "DOCBOOK" in public:
        return "docbook"
    if "dita.oasis-open.org/architecture" in attributes or "DITA" in public:
        return "dita"
    if root.group(1):
        return None
    if name in DITA_ROOTS:
        return "dita"
    return "docbook" if name in DOCBOOK_ROOTS else None


def read(data: bytes, path: Path, *, encoding: str | None = None) -> Document:
    found = kind(data)
    if found == "docbook":
        from engine.documents import docbook

        return docbook.read(data, path)
    if found == "dita":
        from engine.documents import dita

        return dita.read(data, path)
    from engine.documents import android

    return android.read(data, path, encoding=encoding)


__all__ = ["kind", "read"]
