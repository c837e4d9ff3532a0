"""Which reader an XML file is for, by what it says it is: DocBook (its namespace, DOCTYPE
or schema), DITA (its DOCTYPE, schema or architecture's marks), else, for an ``.xml``,
Android's string resources (whose reader refuses other XML, saying what Quire reads); a
``.dbk`` or ``.dita`` whose content is the other is read as what it is."""

from __future__ import annotations

import re
from pathlib import Path

from engine.documents.base import Document, read_as_its_kind
from engine.documents.xmlspans import PROLOG
from engine.fileio import head_text

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
_DOCBOOK_ROOTS = frozenset(
    ["book", "article", "chapter", "section", "sect1", "sect2", "part", "appendix", "preface",
     "refentry", "reference", "set", "glossary", "bibliography", "partintro", "colophon",
     "dedication", "refsection", "refsect1"]
)  # fmt: skip
_DITA_ROOTS = frozenset(
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
    text = head_text(data[:65536])
    prolog = PROLOG.match(text)
    at = prolog.end() if prolog is not None else 0
    for model in _MODEL.finditer(text, 0, at):
        href = model.group(1).lower()
        if "dita" in href:
            return "dita"
        if "docbook" in href:
            return "docbook"
    doctype = _DOCTYPE.search(text, 0, at)
    ids = " ".join(g for g in doctype.groups() if g).upper() if doctype is not None else ""
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
    if name in _DITA_ROOTS:
        return "dita"
    if name == "reference" and _DITA_REFERENCE.search(text, root.end()):
        return "dita"
    if name not in _DOCBOOK_ROOTS:
        return None
    first = _FIRST.match(text, text.find(">", root.end()) + 1)
    # (no element first: a book made of its entities, &bookinfo; &chapter1;)
    return "docbook" if first is None or first.group(1) in _DOCBOOK_FIRST else None


_NAMES = {"docbook": "DocBook", "dita": "DITA"}


def read(
    data: bytes, path: Path, *, named_as: str | None = None, encoding: str | None = None
) -> Document:
    """``data`` read as the kind it says it is; ``named_as``: the kind its name says (a
    .dbk's "docbook"), read as such where the content says none, with a note where it says
    the other. An .xml of neither is read as Android's string resources."""
    found = kind(data) or named_as
    # (imported here: a folder's run asks kind() of every .xml, a plain-text job none)
    if found is None:
        from engine.documents import android

        return android.read(data, path, encoding=encoding)
    from engine.documents.dita import DITA
    from engine.documents.docbook import DOCBOOK
    from engine.documents.xmlprose import read_as

    document = read_as(data, path, DOCBOOK if found == "docbook" else DITA)
    if named_as is None or found == named_as:
        return document
    return read_as_its_kind(
        document, path, _NAMES[found], read_by="its tools", note_id="document.xml_kind"
    )


__all__ = ["kind", "read"]
