"""DocBook (4 and 5) as the XML reader of technical writers' manuals sees it (xmlprose.py):
which elements are a sentence's words, code, kept, notes; a man page's names, metadata and
listings kept; a ``<foreignphrase>`` in its own language; SGML DocBook refused."""

from __future__ import annotations

from engine.documents.xmlprose import Vocabulary

# DocBook's inline elements whose words are the sentence's (a link's, a menu's label).
_DOCBOOK_INLINE = frozenset(
    ["abbrev", "acronym", "application", "citation", "citetitle", "emphasis", "firstterm",
     "foreignphrase", "glossterm", "guibutton", "guiicon", "guilabel", "guimenu", "guimenuitem",
     "guisubmenu", "link", "ulink", "olink", "menuchoice", "mousebutton", "orgname", "phrase",
     "quote", "subscript", "superscript", "trademark", "wordasword", "term", "citebiblioid",
     "lineannotation", "hardware", "errortext"]
)  # fmt: skip
# Inline and kept whole: code, names of things, generated text (an xref), an editor's remark.
_DOCBOOK_CODE = frozenset(
    ["accel", "citerefentry", "classname", "code", "command", "computeroutput", "constant",
     "email", "envar", "errorcode", "errorname", "errortype", "exceptionname", "filename",
     "function", "initializer", "interfacename", "keycap", "keycode", "keycombo", "keysym",
     "literal", "markup", "methodname", "modifier", "ooclass", "ooexception", "oointerface",
     "option", "optional", "parameter", "package", "prompt", "property", "replaceable",
     "returnvalue", "sgmltag", "shortcut", "structfield", "structname", "symbol", "systemitem",
     "tag", "token", "type", "uri", "userinput", "varname", "inlinemediaobject", "inlineequation",
     "inlinegraphic", "mathphrase", "xref", "footnoteref", "anchor", "co", "coref", "biblioref",
     "include", "productname", "productnumber", "remark"]
)  # fmt: skip
# Never sent: listings, synopses, the metadata's names, dates and numbers, pictures' files, a
# man page's names (the command's, its section, its manual's: what ``man`` is asked for).
_DOCBOOK_KEPT = frozenset(
    ["programlisting", "screen", "synopsis", "cmdsynopsis", "funcsynopsis", "classsynopsis",
     "fieldsynopsis", "constructorsynopsis", "destructorsynopsis", "methodsynopsis",
     "address", "author", "authorgroup", "editor", "othercredit", "collab",
     "personname", "copyright", "date", "pubdate", "revnumber", "biblioid", "isbn", "issn",
     "pagenums", "artpagenums", "affiliation", "imageobject", "videoobject", "audioobject",
     "areaspec", "releaseinfo", "edition", "printhistory", "refname", "refentrytitle",
     "manvolnum", "refmiscinfo", "refdescriptor"]
)  # fmt: skip
DOCBOOK = Vocabulary(
    inline=_DOCBOOK_INLINE,
    code=_DOCBOOK_CODE,
    kept=_DOCBOOK_KEPT,
    notes=frozenset(["footnote", "indexterm"]),
    paths=frozenset(["menuchoice"]),
    verses=frozenset(["literallayout"]),
    attributes=frozenset(["xreflabel"]),  # (what a reader sees for an <xref> to it)
    editor="xmllint --noout or an XML editor",
    namespaces=frozenset(["", "http://docbook.org/ns/docbook"]),  # (4's none, 5's)
    foreign=frozenset(["foreignphrase"]),
    unseen=frozenset(["anchor", "include", "remark"]),
    listing=("class", "monospaced"),  # (a literallayout of code, kept as a listing is)
    lang="lang",  # (DocBook 4's; 5's, in its namespace, xml:lang)
    sgml="DocBook",
    books=True,
)


__all__ = ["DOCBOOK"]
