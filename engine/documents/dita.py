"""DITA topics (``.dita``: topic, concept, task, reference, glossentry) and maps
(``.ditamap``, ``.bookmap``) as the XML reader of technical writers' manuals sees them
(xmlprose.py): a ``<p>``, ``<cmd>``, ``<entry>``, ``<navtitle>`` one unit each, ``<ph>``,
``<b>``, ``<uicontrol>`` and ``<xref>`` runs, ``<codeph>`` and ``<filepath>`` placeholders,
``<fn>`` and ``<indexterm>`` units of their own, ``<codeblock>``, the prolog's authors and
dates and what ``translate="no"`` marks kept; ids, conref, keyref, href and the conditional
attributes (audience, platform, props) as they were; a map's ``navtitle="…"`` translated."""

from __future__ import annotations

from engine.documents.xmlprose import Vocabulary

# Inline elements whose words are the sentence's (a phrase, a term, a control's label).
_INLINE = frozenset(
    ["ph", "b", "i", "u", "sup", "sub", "tt", "line-through", "overline", "term", "keyword", "tm",
     "q", "cite", "xref", "uicontrol", "wintitle", "text", "abbreviated-form",
     "glossterm-inline", "fragref", "synnoteref"]
)  # fmt: skip
# Inline and kept whole: code, file and command names, XML markup named in prose.
_CODE = frozenset(
    ["codeph", "filepath", "cmdname", "varname", "apiname", "option", "parmname", "userinput",
     "systemoutput", "msgnum", "msgph", "shortcut", "synph", "kwd", "oper", "delim", "sep",
     "repsep", "var", "equation-inline", "coderef", "indextermref", "xmlatt", "xmlelement",
     "xmlnsname", "xmlpi", "numcharref", "parameterentity", "textentity", "markupname"]
)  # fmt: skip
# Never sent: code blocks, drafts, data, the prolog's names, dates and rights.
_KEPT = frozenset(
    ["codeblock", "screen", "msgblock", "pre", "data", "data-about", "draft-comment",
     "required-cleanup", "foreign", "unknown", "object", "author", "copyright", "critdates",
     "permissions", "resourceid", "othermeta", "source", "publisher", "prodinfo",
     "authorinformation", "bookid", "bookrights", "bookchangehistory", "publisherinformation",
     "syntaxdiagram", "mathml", "svg-container", "shape", "coords"]
)  # fmt: skip
DITA = Vocabulary(
    inline=_INLINE,
    code=_CODE,
    kept=_KEPT,
    notes=frozenset(["fn", "indexterm", "image"]),
    paths=frozenset(["menucascade"]),
    lists=frozenset(["keywords"]),
    verses=frozenset(["lines"]),
    attributes=frozenset(["navtitle"]),
    editor="DITA-OT's validate or xmllint --noout",
)

__all__ = ["DITA"]
