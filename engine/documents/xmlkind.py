"""Which reader an ``.xml`` file is for, by what it says it is: DocBook (its namespace,
DOCTYPE or schema), DITA (its DOCTYPE, schema or architecture's marks), else Android's
string resources (whose reader refuses other XML, saying what Quire reads)."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from engine.documents.base import Document

_PROLOG = re.compile(r"\A\ufeff?\s*(?:<\?.*?\?>\s*|<!--.*?-->\s*)*", re.S)
_DOCTYPE = re.compile(
    r"<!DOCTYPE\s+[\w:.-]+(?:\s+(?:PUBLIC\s+(\"[^\"]*\"|'[^']*')|SYSTEM)"
    r"(?:\s+(\"[^\"]*\"|'[^']*'))?)?",
    re.S,
)
_ROOT = re.compile(r"<([\w.-]+:)?([\w.-]+)((?:\s+[^\s=>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)", re.S)
_MODEL = re.compile(r"<\?xml-model\s[^>]*?href\s*=\s*(\"[^\"]*\"|'[^']*')", re.S)
_DEFAULT_NS = re.compile(r"""\sxmlns\s*=\s*("[^"]*"|'[^']*')""")
# DITA's own marks on a topic's or map's root: its architecture's namespace and version, or
# the class attribute its DTDs and schemas default ("- topic/topic reference/reference ").
_DITA_ROOT = re.compile(
    r"""dita\.oasis-open\.org/architecture|\sDITAArchVersion\s*=|"""
    r"""\sclass\s*=\s*["']\s*-\s+(?:topic|map)/""",
)
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
# What a DocBook root's first element is (JATS's <article> starts with <front>, TEI's
# <text> with <front> or <body>): a root of DocBook's name and no DOCTYPE or namespace is
# read as DocBook only where its first element is one of these.
_DOCBOOK_FIRST = frozenset(
    ["title", "subtitle", "titleabbrev", "info", "bookinfo", "articleinfo", "chapterinfo",
     "sectioninfo", "sect1info", "prefaceinfo", "appendixinfo", "partinfo", "refentryinfo",
     "referenceinfo", "setinfo", "glossaryinfo", "bibliographyinfo", "para", "simpara",
     "formalpara", "sect1", "sect2", "section", "chapter", "part", "preface", "appendix",
     "article", "book", "refentry", "refmeta", "refnamediv", "refsect1", "refsection",
     "partintro", "abstract", "glossentry", "glossdiv", "bibliodiv", "biblioentry",
     "itemizedlist", "orderedlist", "variablelist", "programlisting", "note", "tip",
     "warning", "important", "caution", "indexterm", "toc", "dedication", "epigraph"]
)  # fmt: skip
# A DITA <reference>'s first elements (DocBook's holds reference pages, <refentry>).
_DITA_REFERENCE = re.compile(r"<(?:refbody|shortdesc|prolog|abstract)[\s/>]")
_FIRST = re.compile(r"(?:[^<]|<!--.*?-->|<\?.*?\?>)*<([\w.:-]+)", re.S)


def kind(data: bytes) -> str | None:
    """ "docbook" or "dita" for an XML file of theirs, by its first 64 KB; None for another.

    The strongest evidence first: a schema the prolog names (DITA's RELAX NG, DocBook's), a
    DOCTYPE's public or system id, the root's namespace or DITA's marks on it; a DOCTYPE or
    namespace of another vocabulary (JATS, TEI, XHTML, SVG) is none of theirs. Only where
    nothing says, the root's name: DITA's, or DocBook's with a DocBook element first."""
    head = data[:65536]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = head.decode("utf-16", "replace")
    else:
        text = head.decode("utf-8", "replace")
    cursor = _PROLOG.match(text)
    at = cursor.end() if cursor is not None else 0
    for model in _MODEL.finditer(text, 0, at):
        href = model.group(1).lower()
        if "dita" in href:
            return "dita"
        if "docbook" in href:
            return "docbook"
    doctype = _DOCTYPE.match(text, at)
    ids = ""
    if doctype is not None:
        ids = " ".join(g for g in doctype.groups() if g).upper()
        close = text.find("]>", at) if "[" in text[at : text.find(">", at)] else -1
        at = close + 2 if close >= 0 else text.find(">", at) + 1
        cursor = _PROLOG.match(text[at:])
        at += cursor.end() if cursor is not None else 0
    root = _ROOT.match(text, at)
    if root is None:
        return None
    name, attributes = root.group(2), root.group(3)
    if "DOCBOOK" in ids or "docbook.org/ns/docbook" in attributes:
        return "docbook"
    if "DITA" in ids or _DITA_ROOT.search(attributes):
        return "dita"
    public = doctype is not None and doctype.group(1) is not None
    if public or root.group(1) or _DEFAULT_NS.search(attributes):
        return None  # (another vocabulary's DOCTYPE or namespace; a SYSTEM id alone, as
        # "schema/tdg.dtd", names a writer's own DTD, which says nothing)
    if name in DITA_ROOTS:
        return "dita"
    if name == "reference" and _DITA_REFERENCE.search(text, root.end()):
        return "dita"
    first = _FIRST.match(text, text.find(">", root.end()) + 1)
    if name not in DOCBOOK_ROOTS:
        return None
    # (no element first: a book made of its entities, &bookinfo; &chapter1;)
    return "docbook" if first is None or first.group(1) in _DOCBOOK_FIRST else None


def read(data: bytes, path: Path, *, encoding: str | None = None) -> Document:
    found = kind(data)
    if found == "docbook":
        from engine.documents import docbook

        return docbook.read_docbook(data, path)
    if found == "dita":
        from engine.documents import dita

        return dita.read_dita(data, path)
    from engine.documents import android

    return android.read(data, path, encoding=encoding)


__all__ = ["kind", "read"]
