"""LaTeX (.tex): the body's paragraphs (split at blank lines and ``\\par``), the items of
lists, the titles of sections and frames, captions and footnotes are units, found by
pylatexenc's parser from their positions in the source; everything else is kept byte for
byte: the preamble (but for its ``\\title``), math, citations and references, labels,
addresses, graphics, comments, verbatim and code listings, tables, definitions (their bodies
never parsed: ``\\def\\be{\\begin{equation}}`` need not close what it opens), what
``\\iffalse`` hides, environments' arguments, options and Beamer's overlays. Inside a
sentence, math, a citation or a command Quire does not know is seen by the translator as a
placeholder (``ZXQ1Q``) and stays where it stands; ``\\emph{…}`` and its kind are a pair of
placeholders around words translated with the sentence. The translation is written in place
of the text between them, its special characters escaped. Where the preamble names a main
language for babel or polyglossia, the output names the translation's."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pylatexenc import latexwalker as lw
from pylatexenc.latex2text import LatexNodes2Text
from pylatexenc.macrospec import EnvironmentSpec, MacroSpec, VerbatimArgsParser

from engine.api import Note
from engine.documents.base import FIELD, Document, Unit, decode_text, edited, split_like
from engine.documents.errors import DocumentError
from engine.documents.language import Language
from engine.documents.runs import cut_at_fields, without_fields
from engine.errors import InputError
from engine.text.encoding import EncodedText, TextEncoding, lookup

# Titles: they end a paragraph, and their argument is a unit of its own.
_HEADINGS = frozenset(
    [
        *("part", "chapter", "section", "subsection", "subsubsection", "paragraph"),
        *("subparagraph", "frametitle", "framesubtitle", "title", "subtitle"),
        # (a letter's lines, standard's and KOMA-Script's; moderncv's entries, each argument)
        *["opening", "closing", "ps", "encl", "cc"],
        *["cventry", "cvitem", "cvitemwithcomment", "cvlistitem", "cvdoubleitem"],
    ]
)
# Notes: kept where they stand in a sentence (a placeholder), their argument a unit of its own.
_NOTES = frozenset(
    [
        *["footnote", "footnotetext", "thanks", "caption", "marginpar", "tnotetext", "fntext"],
        *["cortext", "todo"],
    ]
)
# Environments whose argument in braces is a title, a unit of its own (Beamer's blocks).
# (and amsthm's proof, and the theorems a preamble defines: ``\\begin{theorem}[Main result]``,
# a title the PDF prints in bold after "Theorem 1")
_TITLED = frozenset(["block", "alertblock", "exampleblock", "proof"])
# Inline formatting around words: a pair of placeholders, the words translated in the sentence
# (the last argument: ``\textcolor{red}{…}``'s words, Beamer's ``\alert<2>{…}``).
_PAIRS = frozenset(
    [
        *("emph", "textbf", "textit", "textsl", "textsc", "textsf", "textrm", "textup", "textmd"),
        *("underline", "textnormal", "href", "textcolor", "colorbox", "enquote", "uline", "sout"),
        *("hl", "alert", "structure", "only", "uncover", "visible", "invisible"),
        *["mbox", "hyperref", "textquote", "parbox", "textsuperscript", "textsubscript", "ul"],
    ]
)
# A character written as a command: the translator sees the character.
_CHARACTERS = {"%": "%", "&": "&", "$": "$", "#": "#", "_": "_", "{": "{", "}": "}"}
_ACCENTS = frozenset("'\"`^~=.cvuHrkb")
# What ends a paragraph where it stands (kept as it is).
_BREAKS = frozenset(
    [
        *("par", "item", "maketitle", "tableofcontents", "listoffigures", "listoftables"),
        *("newpage", "clearpage", "cleardoublepage", "bibliography", "bibliographystyle"),
        *("printbibliography", "input", "include", "appendix", "centering", "vspace", "bigskip"),
        *("medskip", "smallskip", "pagebreak", "newline", "linebreak", "frontmatter"),
        *("mainmatter", "backmatter", "pause", "titlepage", "hline", "noindent"),
        # (the exam class's questions, parts and choices: their points kept, ``[10]``; its
        # \\part is one in an exam)
        *["question", "titledquestion", "subpart", "subsubpart", "subsubsubpart"],
        *["choice", "CorrectChoice", "correctchoice"],
    ]
)
# Commands whose arguments Quire reads (text, or where a paragraph ends).
_STRUCTURE = _HEADINGS | _NOTES | frozenset([*_CHARACTERS, *_ACCENTS, "item", "hypertarget"])
# Fields that are no part of a sentence: left out of a paragraph where it begins or ends.
_SILENT = frozenset(
    ["label", "index", "hypertarget", "phantomsection", "protect", "relax", "iffalse", "fi"]
)
# Environments kept whole, never sent: code, tables (their cells too, in this version),
# drawings, bibliographies, algorithms.
_VERBATIM = ("verbatim", "Verbatim", "lstlisting", "minted", "comment", "alltt", "filecontents")
_KEPT = frozenset(
    [
        *_VERBATIM,
        *[
            *("tabular", "tabular*", "tabularx", "longtable", "array"),
            # (packages' tables: tabularray's, tabulary, ltablex's, nicematrix's, tabu…)
            *("tblr", "longtblr", "talltblr", "tabulary", "xltabular", "NiceTabular"),
            *("NiceTabular*", "NiceTabularX", "NiceArray", "tabu", "longtabu", "supertabular"),
            *("xtabular", "mpsupertabular", "tabbing", "tikzpicture", "picture"),
            *("thebibliography", "algorithmic", "algorithm2e", "pgfpicture", "Shaded"),
            "Highlighting",
        ],
    ]
)
# Math environments: kept, seen as a placeholder in the sentence around them.
_MATH = frozenset(
    [
        *("equation", "align", "gather", "multline", "flalign", "alignat", "eqnarray", "math"),
        *("displaymath", "split", "subequations", "dmath"),
    ]
)

# babel's (and polyglossia's) names of the languages they know, by ISO 639 code.
_BABEL = {
    "en": "english", "de": "ngerman", "fr": "french", "es": "spanish", "it": "italian",
    "pt": "portuguese", "nl": "dutch", "ru": "russian", "pl": "polish", "cs": "czech",
    "sk": "slovak", "sv": "swedish", "da": "danish", "nb": "norsk", "nn": "nynorsk",
    "no": "norsk", "fi": "finnish", "tr": "turkish", "el": "greek", "hu": "magyar",
    "ro": "romanian", "uk": "ukrainian", "ca": "catalan", "hr": "croatian", "sl": "slovene",
    "sr": "serbian", "bg": "bulgarian", "et": "estonian", "lv": "latvian", "lt": "lithuanian",
    "is": "icelandic", "ga": "irish", "cy": "welsh", "eu": "basque", "gl": "galician",
    "id": "indonesian", "ms": "malay", "he": "hebrew", "la": "latin", "af": "afrikaans",
}  # fmt: skip
_POLYGLOSSIA = {**_BABEL, "de": "german", "hu": "hungarian", "zh": "chinese", "ja": "japanese",
                "ko": "korean", "ar": "arabic", "hi": "hindi", "th": "thai", "vi": "vietnamese",
                "fa": "persian"}  # fmt: skip
# Every babel name read as a language in an option list (the last is the main language).
_BABEL_NAMES = frozenset(_BABEL.values()) | frozenset(
    [
        *("german", "austrian", "naustrian", "british", "american", "UKenglish", "USenglish"),
        *("canadian", "australian", "newzealand", "francais", "brazil", "brazilian"),
        *("swissgerman", "nswissgerman", "spanishmx", "greek", "polutonikogreek", "norwegian"),
        "bahasa",
    ]
)
# babel's German shorthands (``Gr"o"se``, ``"`klein"'``, ``Kaffee"-t"ur``) as the reader sees
# them: the characters they stand for, a hyphen where one may break left out.
_GERMAN = frozenset(["ngerman", "german", "austrian", "naustrian", "swissgerman", "nswissgerman"])
_UMLAUT = {
    "a": "ä", "o": "ö", "u": "ü", "A": "Ä", "O": "Ö", "U": "Ü", "s": "ß", "z": "ß", "S": "SS",
    "Z": "SZ", "`": "\u201e", "'": "\u201c", "<": "\u00ab", ">": "\u00bb", "-": "", '"': "",
    "|": "", "=": "-", "~": "-",
}  # fmt: skip
_SHORTHAND = re.compile('"([' + re.escape("".join(_UMLAUT)) + "])")
# The languages babel makes ``"`` a shorthand's start in (a straight quote kept in the
# source's text would begin one where the translation's language is one of them).
_QUOTING = _GERMAN | frozenset(
    [
        "dutch", "afrikaans", "catalan", "czech", "slovak", "danish", "estonian", "finnish",
        "swedish", "norsk", "nynorsk", "icelandic", "polish", "russian", "ukrainian",
        "bulgarian", "slovene", "italian", "spanish", "portuguese", "brazilian", "brazil",
        "galician", "basque", "serbian", "latin", "magyar", "croatian",
    ]
)  # fmt: skip

_BLANK_LINE = re.compile(r"\n[ \t]*\r?\n")
_WS = " \t\r\n"  # (a no-break space is a ~: text)
_SPACE = re.compile(r"[ \t\r\n]+")  # (not a no-break space: a ~)
# What the text shows as a character (a special of LaTeX's) and writes back the same way.
_SHOWN = {"~": "\u00a0", "``": "\u201c", "''": "\u201d", "--": "\u2013", "---": "\u2014"}
_WRITTEN = {v: k for k, v in _SHOWN.items()}
# (A straight double quote is a shorthand's start where babel speaks German, Dutch,
# Spanish…: ``\string"`` is the character whatever the language makes of it.)
_ESCAPES = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&", "$": r"\$",
    "#": r"\#", "_": r"\_", "^": r"\^{}", "~": r"\textasciitilde{}", '"': '\\string"',
}  # fmt: skip
_ESCAPE = re.compile("|".join(re.escape(c) for c in [*_ESCAPES, *_WRITTEN]))


def read(data: bytes, path: Path, *, encoding: str | None = None) -> Document:
    source, found = decode_text(data, path, "LaTeX", encoding=encoding)
    return TexDocument(path, source, found)


class _Verbatim(VerbatimArgsParser):  # type: ignore[misc]
    """An environment whose body is read as it is up to its own ``\\end`` (pylatexenc's
    reads only ``verbatim`` so)."""

    def __init__(self, name: str) -> None:
        super().__init__(verbatim_arg_type="verbatim-environment")
        self.name = name

    def parse_args(self, w: Any, pos: int, parsing_state: Any = None) -> Any:
        end = w.s.find(f"\\end{{{self.name}}}", pos)
        if end < 0:
            raise lw.LatexWalkerParseError(s=w.s, pos=pos, msg=f"no \\end{{{self.name}}}")
        chars = w.make_node(
            lw.LatexCharsNode, parsing_state=parsing_state, chars=w.s[pos:end], pos=pos,
            len=end - pos,
        )  # fmt: skip
        from pylatexenc.macrospec import ParsedVerbatimArgs

        return ParsedVerbatimArgs(verbatim_chars_node=chars), pos, end - pos


def _context(
    code: frozenset[str] = frozenset(), exam: bool = False, theorems: frozenset[str] = frozenset()
) -> Any:
    """pylatexenc's commands and environments, with those of the packages papers load that
    it does not know (natbib's and biblatex's citations, cleveref, hyperref, beamer, minted)
    and the file's own environments of ``code`` (read as they are) and ``theorems`` (their
    title in brackets); ``exam``: the exam class's."""
    db = lw.get_default_latex_context_db()
    cites = ["citep", "citet", "citealp", "citealt", "citeauthor", "citeyear", "parencite"]
    cites += ["textcite", "autocite", "footcite", "Cite", "Citep", "Citet", "nocite"]
    refs = ["eqref", "autoref", "cref", "Cref", "pageref", "nameref", "vref"]
    macros = [MacroSpec(name, "*[[{") for name in cites]
    macros += [MacroSpec(name, "*{") for name in refs]
    macros += [MacroSpec(name, "[{") for name in ("frametitle", "framesubtitle", "subtitle")]
    macros += [MacroSpec(name, "[{") for name in ("author", "institute", "date", "title")]
    macros += [MacroSpec("href", "[{{"), MacroSpec("textcolor", "[{{"), MacroSpec("caption", "*[{")]
    macros += [MacroSpec(name, "[{") for name in ("setdefaultlanguage", "setmainlanguage")]
    macros += [MacroSpec("babelprovide", "[{"), MacroSpec("includegraphics", "*[[{")]
    macros += [MacroSpec("hypertarget", "{{"), MacroSpec("titledquestion", "{[")]
    macros += [MacroSpec(name, "[") for name in ("question", "subpart", "subsubpart")]
    macros += [MacroSpec("part", "[")] if exam else []
    macros += [MacroSpec(name, args_parser=_Skipped(name)) for name in _DEFINITIONS]
    macros += [MacroSpec(n, args_parser=_Skipped(n)) for n in ("iffalse", "let", "string")]
    environments = [EnvironmentSpec(n, args_parser=_Verbatim(n)) for n in (*_VERBATIM, *code)]
    macros += [MacroSpec("colorbox", "[{{"), MacroSpec("enquote", "*{")]
    macros += [MacroSpec(name, "[{") for name in ("tnotetext", "fntext", "cortext")]
    macros += [MacroSpec(name, "{") for name in ("uline", "sout", "hl", "alert", "structure")]
    macros += [MacroSpec(name, "{") for name in ("only", "uncover", "visible", "invisible")]
    macros += [MacroSpec(name, "{") for name in ("mbox", "textsuperscript", "textsubscript", "ul")]
    macros += [MacroSpec("hyperref", "[{"), MacroSpec("textquote", "[[{"), MacroSpec("todo", "[{")]
    macros += [MacroSpec("parbox", "[[[{{")]
    macros += [MacroSpec(name, "{") for name in ("opening", "closing", "ps", "encl", "cc")]
    macros += [MacroSpec("cventry", "[{{{{{{"), MacroSpec("cvitem", "[{{")]
    macros += [MacroSpec("cvitemwithcomment", "[{{{"), MacroSpec("cvlistitem", "[{")]
    macros += [MacroSpec("cvdoubleitem", "[{{{{"), MacroSpec("setkomavar", "*{[{")]
    environments += [EnvironmentSpec("frame", "[")]
    # (the arguments of packages' environments: kept as they are; a block's title is text)
    specs = {
        "minipage": "[[[{", "multicols": "{[[", "multicols*": "{[[", "wrapfigure": "[{[{",
        "wraptable": "[{[{", "subfigure": "[{", "subtable": "[{", "IEEEbiography": "[{",
        "IEEEbiographynophoto": "{", "column": "[{", "columns": "[", "block": "{",
        "alertblock": "{", "exampleblock": "{", "adjustbox": "{", "tcolorbox": "[",
        "mdframed": "[", "spacing": "{", "list": "{{", "otherlanguage": "{",
        "otherlanguage*": "{", "tabbing": "", "proof": "[",
    }  # fmt: skip
    specs.update((name, "[") for name in theorems)
    environments += [EnvironmentSpec(name, spec) for name, spec in specs.items()]
    db.add_context_category("quire", macros=macros, environments=environments, prepend=True)
    return db


_CONTEXT: Any = None


def _nodes(
    source: str,
    path: Path,
    code: frozenset[str],
    exam: bool,
    begin: int | None,
    theorems: frozenset[str] = frozenset(),
) -> tuple[list[Any], Any]:
    """The preamble's nodes and the ``document`` environment's (None: a chapter, all body;
    its nodes are then the first list). The preamble is read tolerantly: what LaTeX's own
    and its packages' internals do there (``\\makeatletter``, ``\\catcode``, a group opened in
    one command and closed in another) is no text, and its commands are read where they
    parse. The body is read strictly: a translation written into a misread body would not
    compile."""
    global _CONTEXT
    if _CONTEXT is None:
        _CONTEXT = _context()
    context = _context(code, exam, theorems) if code or exam or theorems else _CONTEXT
    # (Beamer's overlay specifications read as spaces: pylatexenc knows no ``\\item<2->``)
    source = _OVERLAY.sub(lambda m: m.group(1) + " " * (m.end() - m.end(1)), source)
    source = _short_verbatim(source)
    preamble: list[Any] = []
    try:
        if begin is None:
            walker = lw.LatexWalker(source, latex_context=context, tolerant_parsing=False)
            return list(walker.get_latex_nodes()[0]), None
        walker = lw.LatexWalker(source[:begin], latex_context=context, tolerant_parsing=True)
        preamble = list(walker.get_latex_nodes()[0])
        walker = lw.LatexWalker(source, latex_context=context, tolerant_parsing=False)
        document, _, _ = walker.get_latex_environment(begin, "document")
    except lw.LatexWalkerError as exc:
        pos = getattr(exc, "pos", 0) or 0
        line = source.count("\n", 0, pos) + 1
        # (what the line holds, for the user to find it: the parser's words name its nodes)
        found = source[source.rfind("\n", 0, pos) + 1 :].split("\n", 1)[0].strip()
        found = found if len(found) <= 60 else found[:59] + "…"
        raise DocumentError(
            f"The LaTeX file does not parse near line {line}: {getattr(exc, 'msg', exc)}",
            path=path,
            hint=f"The line reads “{found}”: a brace or an environment opens or closes there "
            "without its pair, or a command there reads what follows it in a way Quire does "
            "not know; if the file compiles, write that part another way, then try again",
            message_id="document.bad_tex",
            params={"line": line, "found": found},
        ) from exc
    return preamble, document


# The preamble's definitions of environments that hold code (listings', fancyvrb's, minted's,
# tcolorbox's): their bodies are read as they are, as lstlisting's is.
_CODE_DEFINED = re.compile(
    r"\\(?:lstnewenvironment|DefineVerbatimEnvironment|(?:re)?newtcblisting|"
    r"(?:New|Renew|Declare|Provide)TCBListing)\s*\*?\s*(?:\[[^\]]*\]\s*)?\{\s*([^{}\s]+)\s*\}"
    r"|\\newminted\s*(?:\[\s*([^\]\s]+)\s*\])?\s*\{\s*([^{}\s]+)\s*\}"
    r"|\\(?:re)?newenvironment\s*\{\s*([^{}\s]+)\s*\}(?:\s*\[[^\]]*\])*\s*\{\s*\\VerbatimEnvironment"
)
# The preamble's theorems (amsthm's, ntheorem's \\newtheorem, thmtools' \\declaretheorem).
_THEOREM_DEFINED = re.compile(
    r"\\(?:newtheorem|declaretheorem)\s*\*?\s*(?:\[[^\]]*\]\s*)?\{\s*([A-Za-z]+\*?)\s*\}"
)
_COMMENT = re.compile(r"(?<!\\)%.*")
_EXAM = re.compile(r"^[ \t]*\\documentclass\s*(?:\[[^\]]*\]\s*)?\{\s*exam\s*\}", re.M)


def _code_environments(preamble: str) -> frozenset[str]:
    """The environments a file's ``preamble`` defines to hold code (``\\lstnewenvironment
    {code}``; ``\\newminted{python}{…}`` defines ``pythoncode``)."""
    preamble = _COMMENT.sub("", preamble)
    names = set()
    for m in _CODE_DEFINED.finditer(preamble):
        names.add(m.group(1) or m.group(2) or (m.group(3) and m.group(3) + "code") or m.group(4))
    return frozenset(names)


def _theorem_environments(preamble: str) -> frozenset[str]:
    return frozenset(m[1] for m in _THEOREM_DEFINED.finditer(_COMMENT.sub("", preamble)))


_SHORT_VERB = re.compile(r"\\(?:MakeShortVerb|DefineShortVerb)\s*\*?\s*(?:\[[^\]]*\]\s*)?\{?\\(\W)")


def _short_verbatim(source: str) -> str:
    """``source`` with the code between the characters ``\\MakeShortVerb{\\|}`` makes
    short-hand verbatim (``|\\begin|``) read as math of spaces: a field, never parsed."""
    for m in _SHORT_VERB.finditer(_COMMENT.sub(lambda c: " " * len(c.group()), source)):
        c = re.escape(m.group(1))
        code = re.compile(f"{c}[^\n{c}]+{c}")
        tail = code.sub(lambda v: "$" + " " * (len(v.group()) - 2) + "$", source[m.end() :])
        source = source[: m.end()] + tail
    return source


# (``\\string<text>`` is no overlay: the character after \\string)
_OVERLAY = re.compile(
    r"(\\(?!string(?![A-Za-z]))[A-Za-z]+\*?|\\begin\{[^{}]*\})[ \t]*<[\w@|:,.+\-]*>"
)


# What switches the language in the text (babel's and polyglossia's): the name it gives.
_SWITCH = re.compile(
    r"\\(?:selectlanguage|begin\s*\{otherlanguage\*?\}\s*(?:\[[^\]]*\])?)\s*\{\s*([A-Za-z]+)\s*\}"
)
_BEGIN_DOCUMENT = re.compile(r"(\\begin\s*\{document\})")
# hyperref's ``pdflang`` (the PDF's /Lang: what a screen reader reads it as).
_PDF_LANGUAGE = re.compile(r"\bpdflang\s*=\s*\{?\s*([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)")


def _outside_comments(
    source: str, pattern: re.Pattern[str], a: int, b: int
) -> list[tuple[int, int]]:
    """Where ``pattern``'s first group stands in ``source[a:b]``, not in a comment."""
    found = []
    for match in pattern.finditer(source, a, b):
        line = source[source.rfind("\n", 0, match.start()) + 1 : match.start()]
        if not re.search(r"(?<!\\)(?:\\\\)*%", line):
            found.append(match.span(1))
    return found


def _switches(
    source: str, begin: int | None, languages: Sequence[tuple[int, int, Any]]
) -> list[tuple[int, int]]:
    """Where the text switches to the document's main language by name
    (``\\selectlanguage{english}``, ``\\begin{otherlanguage}{english}``): its text is
    translated, so the switch names the translation's language, as the preamble does (left
    alone, babel set the translation with English hyphenation, "Figure" and "Contents").
    A ``\\foreignlanguage{english}{word}`` is a placeholder, its word kept: it stays so."""
    if begin is None or not languages:
        return []
    start, end, _names = languages[-1]
    own = source[start:end]
    return [
        (a, b)
        for a, b in _outside_comments(source, _SWITCH, begin, len(source))
        if source[a:b] == own
    ]


def _pdf_languages(source: str, begin: int | None) -> list[tuple[int, int]]:
    """hyperref's ``pdflang`` in the preamble."""
    return _outside_comments(source, _PDF_LANGUAGE, 0, len(source) if begin is None else begin)


def _document_start(source: str) -> int | None:
    """Where ``\\begin{document}`` stands outside a comment (None: nowhere)."""
    found = _outside_comments(source, _BEGIN_DOCUMENT, 0, len(source))
    return found[0][0] if found else None


class _Skipped(VerbatimArgsParser):  # type: ignore[misc]
    """What a definition (``\\def``, ``\\newcommand``, ``\\newenvironment``…) or an
    ``\\iffalse`` holds, read as it is: a definition's body need not parse (``\\def\\be{
    \\begin{equation}}`` opens an environment it does not close), nor need what
    ``\\iffalse`` hides."""

    def __init__(self, name: str) -> None:
        super().__init__(verbatim_arg_type="verbatim-skipped")
        self.name = name

    def parse_args(self, w: Any, pos: int, parsing_state: Any = None) -> Any:
        s = w.s
        try:
            if self.name == "iffalse":
                end = _fi(s, pos)
            elif self.name == "string":  # (\string\begin: the command's name, as text)
                found = _TOKEN.match(s, pos)
                end = found.end() if found else pos
            elif self.name == "let":  # (\let\name = \token)
                found = _LET.match(s, pos)
                end = found.end() if found else pos
            else:
                end = _definition(s, pos, _DEFINITIONS[self.name])
        except ValueError:
            raise lw.LatexWalkerParseError(
                s=s, pos=pos, msg=f"\\{self.name}'s braces do not close"
            ) from None
        chars = w.make_node(
            lw.LatexCharsNode, parsing_state=parsing_state, chars=s[pos:end], pos=pos,
            len=end - pos,
        )  # fmt: skip
        from pylatexenc.macrospec import ParsedVerbatimArgs

        return ParsedVerbatimArgs(verbatim_chars_node=chars), pos, end - pos


# Definitions, and how many groups in braces follow the name (and its ``[n][default]`` or
# ``#1#2`` parameters): the body, or the code that begins and ends an environment.
_DEFINITIONS = {
    "def": 1, "gdef": 1, "edef": 1, "xdef": 1, "newcommand": 1, "renewcommand": 1,
    "providecommand": 1, "DeclareRobustCommand": 1, "newenvironment": 2,
    "renewenvironment": 2, "NewDocumentCommand": 2, "RenewDocumentCommand": 2,
    "ProvideDocumentCommand": 2, "DeclareDocumentCommand": 2, "NewDocumentEnvironment": 3,
    "RenewDocumentEnvironment": 3, "newcolumntype": 2,
}  # fmt: skip
# A token (a command, an escaped character or one character), a command's name, what \let
# gives a name, a definition's name, an environment's \begin{name}.
_TOKEN = re.compile(r"\\[A-Za-z@]+|\\.|.", re.S)
_COMMAND = re.compile(r"\\([A-Za-z@]+|.)")
_LET = re.compile(r"\s*(\\[A-Za-z@]+|\\.|.)\s*=?\s*(\\[A-Za-z@]+|\\.|.)")
_DEFINED_NAME = re.compile(r"\s*\*?\s*(\\[A-Za-z@]+|\\.)?")
_BEGIN = re.compile(r"\\begin\s*\{[^}]*\}")
_CONDITIONAL = re.compile(
    r"\\(?:if|ifx|ifnum|ifdim|ifodd|ifcase|ifcat|iftrue|iffalse|ifdefined|ifcsname|ifmmode|"
    r"ifvmode|ifhmode|ifinner|ifvoid|ifhbox|ifvbox|ifeof|ifincsname|iffontchar)(?![A-Za-z@])"
)


def _definition(s: str, pos: int, groups: int) -> int:
    """Where a definition that begins at ``pos`` (after its command) ends."""
    found = _DEFINED_NAME.match(s, pos)
    pos = found.end() if found else pos
    while groups:
        if pos >= len(s):
            raise ValueError
        if s[pos] in "{[":
            groups -= s[pos] == "{"
            pos = _group_end(s, pos)
        elif s[pos] == "%":
            pos = s.find("\n", pos) + 1 or len(s)
        else:  # (a \def's parameters, a space)
            pos += 2 if s[pos] == "\\" else 1
    return pos


def _group_end(s: str, pos: int, closing: str | None = None) -> int:
    """Where the group in braces or brackets that opens at ``pos`` closes (after it), as TeX
    counts braces: not those escaped or in a comment (a bracket counts outside braces).
    ``closing``: where that character stands outside braces, from ``pos`` on."""
    if closing is None:
        closing = "]" if s[pos] == "[" else "}"
        pos += 1
    braces = 0
    while pos < len(s):
        c = s[pos]
        if c == "\\":
            pos += 2
            continue
        if c == "%":
            pos = s.find("\n", pos)
            if pos < 0:
                break
        elif c == "{":
            braces += 1
        elif c == "}" and braces == 0:
            if closing == "}":
                return pos + 1
            break  # (the group around it ends first)
        elif c == "}":
            braces -= 1
        elif c == closing and braces == 0:
            return pos + 1
        pos += 1
    raise ValueError


def _fi(s: str, pos: int) -> int:
    """Where what ``\\iffalse`` hides ends: after its ``\\fi`` or ``\\else`` (what follows an
    ``\\else`` is read), nested conditionals counted as TeX counts them."""
    depth = 1
    while pos < len(s):
        c = s[pos]
        if c == "%":
            pos = s.find("\n", pos)
            if pos < 0:
                break
        elif c == "\\":
            word = _COMMAND.match(s, pos)
            assert word is not None
            if _CONDITIONAL.match(s, pos):
                depth += 1
            elif word.group(1) == "fi":
                depth -= 1
            if depth == 0 or (depth == 1 and word.group(1) == "else"):
                return word.end()
            pos = word.end()
            continue
        pos += 1
    raise ValueError


@dataclass
class _Item:
    """A stretch of a paragraph: text (``shown`` as the translator sees it) or a field (kept,
    seen as a placeholder; ``pair``: half of a pair of markup around words)."""

    start: int
    end: int
    shown: str | None = None  # None: a field
    pair: bool = False
    silent: bool = False  # a field that is no part of a sentence (a comment, a label)


@dataclass
class _Paragraph:
    items: list[_Item] = field(default_factory=list)


class _Walker:
    """Finds the units: paragraphs of items, in reading order, and the main-language
    options of the preamble."""

    def __init__(
        self,
        source: str,
        code: frozenset[str] = frozenset(),
        exam: bool = False,
        theorems: frozenset[str] = frozenset(),
    ) -> None:
        self.source = source
        self.titled = _TITLED | theorems
        self.exam = exam  # (the exam class: \\part is a question's part, as \\item is)
        self.code = code  # (the file's own environments that hold code, kept whole)
        self.paragraphs: list[list[_Item]] = []
        self.current: list[_Item] = []
        self.languages: list[tuple[int, int, dict[str, str]]] = []  # spans naming the language
        self.inputenc: tuple[int, int] | None = None
        self.babel_bare = False
        self.babel_end: int | None = None  # (where the preamble's \\usepackage{babel} ends)
        self.german = False  # (whether babel reads the source's ``"a`` as ä)
        self.class_options: list[tuple[int, int]] = []
        # Commands of the file's own that begin or end an environment (``\\be``: equation).
        self.opens: dict[str, str] = {}
        self.closes: dict[str, str] = {}
        self.included: list[str] = []  # the files the body \\input's and \\include's

    def end(self) -> None:
        items = self.current
        self.current = []
        # (A comment or a label where a paragraph begins or ends is no part of its sentence.)
        while items and (
            items[0].silent or (items[0].shown is not None and not items[0].shown.strip())
        ):
            items.pop(0)
        while items and (
            items[-1].silent or (items[-1].shown is not None and not items[-1].shown.strip())
        ):
            items.pop()
        # (A paragraph of no words, ``[]`` left by a command's options, is none.)
        if any(c.isalpha() for i in items if i.shown is not None for c in i.shown):
            self.paragraphs.append(items)

    def field(self, start: int, end: int, pair: bool = False, silent: bool = False) -> None:
        self.current.append(_Item(start, end, None, pair, silent))

    def text(self, start: int, end: int, shown: str) -> None:
        self.current.append(_Item(start, end, shown))

    # --- the preamble ---------------------------------------------------------------------

    def preamble(self, nodes: Sequence[Any]) -> None:
        for node in nodes:
            if not isinstance(node, lw.LatexMacroNode):
                continue
            args = _args(node)
            name = node.macroname
            if name in _DEFINITIONS:
                self.defined(node)
            elif name in ("title", "subtitle"):
                self.arguments(node)
            elif name == "setkomavar":
                self.koma(node)
            elif name == "documentclass" and args and _delimited(args[0], "["):
                self.class_options = _options(self.source, args[0])
            elif name == "usepackage" and len(args) >= 2:
                package = _inner(self.source, args[-1]).strip()
                options = _options(self.source, args[0]) if _delimited(args[0], "[") else []
                if package == "babel":
                    self.babel_end = node.pos + node.len
                    named = [o for o in options if self.source[o[0] : o[1]] in _BABEL_NAMES]
                    if named:
                        self.languages.append((*named[-1], _BABEL))
                    else:
                        self.babel_bare = True
                elif package == "inputenc" and options:
                    self.inputenc = options[-1]
            elif name in ("setdefaultlanguage", "setmainlanguage") and args and args[-1]:
                self.languages.append((*_span(args[-1]), _POLYGLOSSIA))
            elif (
                name == "babelprovide"
                and args
                and args[0]
                and "main" in _inner(self.source, args[0])
            ):
                self.languages.append((*_span(args[-1]), _BABEL))
        if self.babel_bare and not self.languages:
            named = [o for o in self.class_options if self.source[o[0] : o[1]] in _BABEL_NAMES]
            if named:
                self.languages.append((*named[-1], _BABEL))
        self.german = any(
            names is _BABEL and self.source[a:b] in _GERMAN for a, b, names in self.languages
        )

    def defined(self, node: Any) -> None:
        """Note a command that begins or ends an environment without the other."""
        if _DEFINITIONS[node.macroname] != 1:
            return
        code = self.source[node.pos : node.pos + node.len]
        named = re.match(r"\\[A-Za-z]+\s*\*?\s*\{?\s*\\([A-Za-z@]+)", code)
        begun = re.findall(r"\\begin\s*\{([^}]*)\}", code)
        ended = re.findall(r"\\end\s*\{([^}]*)\}", code)
        if named and len(begun) == 1 and not ended:
            self.opens[named.group(1)] = begun[0]
        elif named and len(ended) == 1 and not begun:
            self.closes[named.group(1)] = ended[0]

    def koma(self, node: Any) -> None:
        """A KOMA-Script letter's subject or title (``\\setkomavar{subject}{Your order}``):
        its value a paragraph; another variable's (an address, a date) kept."""
        args = _args(node)
        if (
            len(args) == 4
            and args[1] is not None
            and args[3] is not None
            and _inner(self.source, args[1]).strip() in ("subject", "title")
        ):
            self.current = []
            self.inline(args[3].nodelist)
            self.end()

    def arguments(self, node: Any) -> None:
        """Each of a title's or note's arguments in braces or brackets (its short form): a
        paragraph of its own."""
        for arg in _args(node):
            if _delimited(arg, "[") and "=" in _inner(self.source, arg):
                continue  # (options, ``[mode = title]``: no text)
            if arg is not None and isinstance(arg, lw.LatexGroupNode):
                outer = self.current
                self.current = []
                self.inline(arg.nodelist)
                self.end()
                self.current = outer

    # --- the body -------------------------------------------------------------------------

    def blocks(self, nodes: Sequence[Any], begin: int = 0) -> None:
        self.inline(nodes, begin)
        self.end()

    def inline(self, nodes: Sequence[Any], begin: int = 0) -> None:
        """The nodes' items, those before ``begin`` (a command's arguments) left out."""
        nodes = [n for n in nodes if n is not None]
        i = 0
        while i < len(nodes):
            node = nodes[i]
            i += 1
            start, stop = node.pos, node.pos + node.len
            if stop <= begin:
                continue
            if isinstance(node, lw.LatexCharsNode):
                self.chars(max(start, begin), stop)
            elif isinstance(node, lw.LatexSpecialsNode):
                chars = node.specials_chars
                if chars in _SHOWN:
                    self.text(start, stop, _SHOWN[chars])
                else:
                    self.field(start, stop)
            elif isinstance(node, lw.LatexCommentNode):
                self.field(start, stop, silent=True)
            elif isinstance(node, lw.LatexMathNode):
                self.field(start, stop)
            elif isinstance(node, lw.LatexGroupNode):
                self.group(node)
            elif isinstance(node, lw.LatexEnvironmentNode):
                self.environment(node)
            elif isinstance(node, lw.LatexMacroNode) and node.macroname in self.opens:
                i = self.opened(node, nodes, i)
            elif isinstance(node, lw.LatexMacroNode):
                name = node.macroname
                args = _args(node)
                if name not in _STRUCTURE and (
                    not args or (name not in _PAIRS and args[-1] is not None)
                ):
                    # (a command pylatexenc does not know keeps the options and braces right
                    # after it, one it knows the options it does not, as Elsevier's
                    # ``\author[1]{…}[orcid=…]``; a TikZ path, the whole path up to its
                    # semicolon)
                    end = self.arguments_end(stop, path=name == "tikz")
                    if all(n.pos >= end or isinstance(n, lw.LatexCharsNode) for n in nodes[i:]
                           if n.pos < end < n.pos + n.len):  # fmt: skip
                        stop = begin = end
                self.macro(node, start, stop)

    def arguments_end(self, pos: int, path: bool = False) -> int:
        """Where the options in brackets and arguments in braces that begin at ``pos`` end
        (``path``: up to the semicolon where no braces follow)."""
        s = self.source
        try:
            while pos < len(s) and s[pos] in "[{":
                braced = s[pos] == "{"
                pos = _group_end(s, pos)
                if braced and path:
                    return pos
            if path:
                pos = _group_end(s, pos, ";")
        except ValueError:
            pass
        return pos

    def opened(self, node: Any, nodes: Sequence[Any], i: int) -> int:
        """A command of the file's that begins an environment, up to the one that ends it,
        read as the environment would be (math: a field); the index after it."""
        name = self.opens[node.macroname]
        closer = next(
            (
                k
                for k in range(i, len(nodes))
                if isinstance(nodes[k], lw.LatexMacroNode)
                and self.closes.get(nodes[k].macroname) == name
            ),
            None,
        )
        if closer is None:
            self.end()  # (it opens what the body goes on in)
            return i
        stop = nodes[closer].pos + nodes[closer].len
        if name in _MATH or name.rstrip("*") in _MATH:
            self.field(node.pos, stop)
            return closer + 1
        self.end()
        if name in _KEPT:
            return closer + 1
        return i  # (what it holds is read, the two commands end paragraphs)

    def chars(self, start: int, stop: int) -> None:
        cursor = start
        for match in _BLANK_LINE.finditer(self.source, start, stop):
            self.text(cursor, match.start(), self.shown(cursor, match.start()))
            self.end()
            cursor = match.end()
        self.text(cursor, stop, self.shown(cursor, stop))

    def shown(self, start: int, stop: int) -> str:
        text = self.source[start:stop]
        if self.german and '"' in text:
            return _SHORTHAND.sub(lambda m: _UMLAUT[m.group(1)], text)
        return text

    def group(self, node: Any) -> None:
        inner = [n for n in node.nodelist if n is not None]
        opened = node.pos + 1
        # (``{\bf words}``: the braces and the declaration are one field)
        while inner and isinstance(inner[0], lw.LatexMacroNode) and not _args(inner[0]):
            if inner[0].macroname in _CHARACTERS or inner[0].macroname in _BREAKS:
                break
            opened = inner[0].pos + inner[0].len
            inner.pop(0)
        self.field(node.pos, opened, pair=True)
        self.inline(inner)
        self.field(node.pos + node.len - 1, node.pos + node.len, pair=True)

    def macro(self, node: Any, start: int, stop: int) -> None:
        name = node.macroname
        args = _args(node)
        if name in _DEFINITIONS:
            self.defined(node)
        if name in _CHARACTERS:
            self.text(start, stop, _CHARACTERS[name])
        elif name in _ACCENTS and args and args[-1] is not None:
            self.text(start, stop, _accented(self.source[start:stop]))
        elif name in _HEADINGS and not (self.exam and name == "part"):
            self.end()
            self.arguments(node)
        elif name == "setkomavar":
            self.end()
            self.koma(node)
        elif name in _NOTES:
            self.field(start, stop)
            self.arguments(node)
        elif name in _PAIRS and args and isinstance(args[-1], lw.LatexGroupNode):
            body = args[-1]
            self.field(start, body.pos + 1, pair=True)
            self.inline(body.nodelist)
            self.field(body.pos + body.len - 1, body.pos + body.len, pair=True)
        elif name == "hypertarget" and len(args) == 2 and args[-1] is not None:
            # (pandoc's ``\hypertarget{id}{\section{…}}``: what it holds is read as if bare)
            self.field(start, args[-1].pos + 1, silent=True)
            self.inline(args[-1].nodelist)
            self.field(stop - 1, stop, silent=True)
        elif name in _BREAKS or name in self.closes or name == "part":
            self.end()
            if name in ("input", "include") and args and args[-1] is not None:
                self.included.append(_inner(self.source, args[-1]).strip())
            if name == "item" and args and isinstance(args[0], lw.LatexGroupNode):
                self.arguments(node)  # (a description's term)
        else:
            self.field(start, stop, silent=name in _SILENT or name in _DEFINITIONS)

    def environment(self, node: Any) -> None:
        name = node.environmentname
        start, stop = node.pos, node.pos + node.len
        if name in _MATH or name.rstrip("*") in _MATH:
            self.field(start, stop)
            return
        self.end()
        inner = [n for n in node.nodelist if n is not None]
        if name in _KEPT or name in self.code or any(_cell_end(n) for n in inner):
            # (a table Quire does not know is kept too: a sentence sent across its cells
            # would come back with words in other columns)
            return
        begin = 0
        if name == "frame":  # ({Title}{Subtitle} after \begin{frame})
            while inner and isinstance(inner[0], lw.LatexCharsNode) and not inner[0].chars.strip():
                inner.pop(0)
            while inner and isinstance(inner[0], lw.LatexGroupNode):
                self.current = []
                self.inline(inner.pop(0).nodelist)
                self.end()
        elif name in self.titled:
            self.arguments(node)
        elif _CONTEXT.get_environment_spec(name) is None:
            # An environment Quire does not know: the options and arguments written right
            # after its \begin (a width, a column count) are kept, never text.
            opened = _BEGIN.match(self.source, start)
            begin = self.arguments_end(opened.end()) if opened else 0
        self.blocks(inner, begin)


def _cell_end(node: Any) -> bool:
    return isinstance(node, lw.LatexSpecialsNode) and node.specials_chars == "&"


def _args(node: Any) -> list[Any]:
    argd = getattr(node, "nodeargd", None)
    if argd is None or not getattr(argd, "argnlist", None):
        return []
    return list(argd.argnlist)


def _delimited(node: Any, opening: str) -> bool:
    return isinstance(node, lw.LatexGroupNode) and node.delimiters[0] == opening


def _span(node: Any) -> tuple[int, int]:
    """The inside of an argument in braces or brackets."""
    return node.pos + 1, node.pos + node.len - 1


def _inner(source: str, node: Any) -> str:
    start, end = _span(node)
    return source[start:end]


def _options(source: str, node: Any) -> list[tuple[int, int]]:
    """The spans of a ``[a, b=c, d]`` list's options, each without its spaces."""
    start, end = _span(node)
    spans = []
    for match in re.finditer(r"[^,]+", source[start:end]):
        text = match.group()
        lead = len(text) - len(text.lstrip())
        spans.append((start + match.start() + lead, start + match.start() + len(text.rstrip())))
    return spans


def _accented(code: str) -> str:
    return str(_PROSE.latex_to_text(code))


_PROSE = LatexNodes2Text(math_mode="verbatim")


_REFERENCE = re.compile(
    r"\\(?:ref|eqref|pageref|autoref|autopageref|nameref|vref|Vref|cref|Cref|cpageref|"
    r"Cpageref|labelcref|crefrange|Crefrange)\*?\s*[{\[]"
)


def _escaped(text: str) -> str:
    """Translated text as LaTeX writes it: its special characters escaped, the characters a
    special stood for written as it was (a no-break space as ``~``)."""
    return _ESCAPE.sub(lambda m: _ESCAPES.get(m.group()) or _WRITTEN[m.group()], text)


class TexDocument(Document):
    """A LaTeX file; its bytes outside the units' text are written as they were."""

    encoding: TextEncoding

    def __init__(self, path: Path, source: str, encoding: TextEncoding) -> None:
        self.path, self.source, self.encoding = path, source, encoding
        begin = _document_start(source)  # (None: a chapter, all body)
        code = _code_environments(source[: begin or 0])
        theorems = _theorem_environments(source[: begin or 0])
        exam = _EXAM.search(source) is not None
        nodes, document = _nodes(source, path, code, exam, begin, theorems)
        walker = _Walker(source, code, exam, theorems)
        if document is None:  # (a chapter \input into a thesis: all body)
            walker.blocks(nodes)
        else:
            walker.preamble(nodes)
            walker.blocks(document.nodelist)
        self.languages = walker.languages
        self.switches = _switches(source, begin, self.languages)
        self.pdf_languages = _pdf_languages(source, begin)
        self.babel_end, self.german = walker.babel_end, walker.german
        self.inputenc = walker.inputenc
        self.paragraphs = walker.paragraphs
        units = []
        for n, items in enumerate(self.paragraphs):
            fields = tuple(self._prose(i) for i in items if i.shown is None)
            text = "".join(
                _SPACE.sub(" ", i.shown) if i.shown is not None else FIELD.format(k)
                for k, i in _numbered(items)
            ).strip()
            units.append(Unit(f"p{n + 1}", text, fields=fields))
        self.units = tuple(units)
        if walker.included:
            files = ", ".join(dict.fromkeys(walker.included))
            self.notes = (
                Note(
                    f"The files it includes are not translated with it ({files}): translate "
                    "them too, then have it \\include the translations",
                    "document.tex_included",
                    {"files": files},
                ),
            )
            # (a thesis's main file of \include's alone: copied, a folder's set kept whole)
            self.copied_without_text = not units

    def _prose(self, item: _Item) -> str:
        """What a reader sees of a field, for summarizing and asking: math as written, a
        command's words (none for a comment, a citation, a reference or a space)."""
        code = self.source[item.start : item.end]
        space = " " if code[-1:].isspace() else ""
        if item.pair or item.silent or _REFERENCE.match(code):
            return space  # (a reference's label, ``\\pageref{th-weak}``, is no word)
        if code.startswith(("$", "\\(", "\\[", "\\begin")):
            return " ".join(_COMMENT.sub("", code).split()) + space
        try:
            words = _PROSE.latex_to_text(code)
        except Exception:  # (pylatexenc's own errors, whatever it makes of a fragment)
            return space
        return re.sub(r"<[a-z.]+>", "", " ".join(str(words).split())) + space

    def check_target(self, language: Language) -> None:
        if self.languages and self._named(language) is None:
            self.notes = (
                *self.notes,
                Note(
                    f"babel and polyglossia have no language for {language.tag}: the file "
                    "still names its own; set the language in its preamble",
                    "document.tex_no_babel",
                    {"language": language.tag},
                ),
            )

    def _named(self, language: Language) -> str | None:
        names = self.languages[0][2] if self.languages else _BABEL
        if language.language == "pt" and language.region == "BR" and names is _BABEL:
            return "brazilian"
        return names.get(language.language)

    def render(self, translations: Sequence[str]) -> EncodedText:
        """The file translated, in its encoding where the translation fits in it."""
        self._check(translations)
        edits: list[tuple[int, int, str]] = []
        for n, text in enumerate(translations):
            if text != self.units[n].text:
                edits += self._edits(self.paragraphs[n], text)
        if self.language is not None:
            for start, end, names in self.languages:
                named = names.get(self.language.language)
                if named is not None:
                    edits.append(self._language(start, end, self._named(self.language) or named))
            named = self._named(self.language)
            if named is not None:
                edits += [(a, b, named) for a, b in self.switches]
            edits += [
                (a, b, self.language.culture if "-" in self.source[a:b] else self.language.tag)
                for a, b in self.pdf_languages
            ]
            edits += self._shorthands()
        written = edited(self.source, edits)
        encoding = self.encoding
        if encoding.codec == "utf-8" and self.inputenc is not None and self.source.isascii():
            # (an ASCII file read as UTF-8 is in the encoding inputenc names: the translation
            # is written in it, or inputenc is told it is UTF-8)
            named = self.source[slice(*self.inputenc)]
            with contextlib.suppress(InputError):
                encoding = lookup("cp1252" if named == "ansinew" else named)
        out = encoding.encode(written)
        if out.fallback and self.inputenc is not None:
            # What latin1 cannot hold is written as UTF-8, and inputenc told so.
            out = encoding.encode(edited(self.source, [*edits, (*self.inputenc, "utf8")]))
        return out

    def _language(self, start: int, end: int, named: str) -> tuple[int, int, str]:
        """The edit that names the translation's language where the source names its own:
        babel's German is kept loaded beside it (``[ngerman,english]``, the last the main
        language), the text the file keeps still written with German's shorthands."""
        own = self.source[start:end]
        if self.german and own in _GERMAN and named != own:
            return start, end, f"{own},{named}"
        return start, end, named

    def _shorthands(self) -> list[tuple[int, int, str]]:
        """What the preamble needs after babel for the text the file keeps: German's
        shorthands where the source had them (``J"org``) and the translation's language
        has none of its own there; none where the source had no ``"`` (``50" screen`` in a
        table would begin one in German)."""
        if self.babel_end is None or self.language is None or not self.languages:
            return []
        start, end, names = self.languages[-1]
        own, named = self.source[start:end], self._named(self.language)
        if names is not _BABEL or named is None or named == own:
            return []
        at = self.babel_end
        if self.german and own in _GERMAN:
            code = f'\\addto\\extras{named}{{\\languageshorthands{{{own}}}\\useshorthands*{{"}}}}'
            return [(at, at, code)]
        if own not in _QUOTING and named in _QUOTING:
            return [(at, at, '\\AtBeginDocument{\\ifbabelshorthand{"}{\\shorthandoff{"}}{}}')]
        return []

    def _edits(self, items: list[_Item], text: str) -> list[tuple[int, int, str]]:
        """The text between each field and the next replaced by its stretch of ``text``."""
        gaps: list[tuple[int, int, str]] = []  # (start, end, shown) between fields
        start: int | None = None
        shown: list[str] = []
        last = items[0].start
        for item in [*items, _Item(items[-1].end, items[-1].end)]:
            if item.shown is not None:
                start = item.start if start is None else start
                shown.append(item.shown)
                last = item.end
                continue
            gaps.append((last if start is None else start, last, "".join(shown)))
            start, shown, last = None, [], item.end
        count = len(gaps) - 1
        stretches = cut_at_fields(text, count) if count else [text]
        if stretches is None:
            plain = without_fields(text, count)
            stretches = split_like(plain, [g[2] for g in gaps])
        edits = []
        for (a, b, old), new in zip(gaps, stretches, strict=True):
            if not new.strip(_WS) and not old.strip(_WS):
                continue  # (the space between two fields stays)
            core = old.strip(_WS)
            lead = old[: len(old) - len(old.lstrip(_WS))] if core else old
            trail = old[len(old.rstrip(_WS)) :] if core else ""
            # A gap keeps the line break or space it began and ended with, a field beside it
            # so set apart from the words as before.
            words = _escaped(new.strip(_WS))
            head = _edge(lead)
            if (
                not head
                and words[:1].isalpha()
                and _COMMAND_WORD.search(self.source, max(0, a - 80), a)
            ):
                # (words a model wrote after ``\LaTeX`` would make another command's name)
                head = "{} " if new[:1] in _WS else "{}"
            edits.append((a, b, head + words + _edge(trail)))
        return edits


# A command's name where the text before a position ends (not ``\\``, a line break).
_COMMAND_WORD = re.compile(r"(?<!\\)(?:\\\\)*\\[A-Za-z]+\Z")


def _edge(space: str) -> str:
    return space if "\n" in space else space[:1]


def _numbered(items: Sequence[_Item]) -> list[tuple[int, _Item]]:
    out = []
    count = 0
    for item in items:
        if item.shown is None:
            count += 1
        out.append((count, item))
    return out


__all__ = ["TexDocument", "read"]
