"""Which reader opens which file: one entry per extension, and the size limit."""

from __future__ import annotations

import importlib
import io
import re
import zipfile
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from engine.documents import pdf, subtitles, txt
from engine.documents.base import Document, check_unit_count
from engine.documents.errors import DocumentError, empty_file, renamed_file
from engine.documents.limits import MAX_DOCUMENT_BYTES
from engine.documents.naming import MAN_SECTIONS
from engine.errors import Cancelled, InputError
from engine.fileio import document_suffix, read_bytes, refuse_other_document
from engine.text.encoding import lookup

Reader = Callable[[bytes, Path], Document]


def _lazy(module: str, name: str = "read") -> Callable[..., Document]:
    """``engine.documents.<module>.<name>``, imported when a file of its format is first read:
    a plain-text job need not load the XML and Markdown parsers (60 ms of a command's start)."""

    def read(data: bytes, path: Path, **options: Any) -> Document:
        try:
            found = importlib.import_module(f"engine.documents.{module}")
        except ImportError as exc:  # a broken installation, not a damaged file
            raise DocumentError(
                f"Quire cannot read {path.suffix} files: a part of it is missing ({exc.name})",
                path=path,
                hint="Reinstall Quire",
                message_id="document.reader_missing",
                params={"suffix": path.suffix, "part": exc.name or ""},
            ) from exc
        reader: Callable[..., Document] = getattr(found, name)
        return reader(data, path, **options)

    return read


_docx, _epub, _html, _markdown = _lazy("docx"), _lazy("epub"), _lazy("html"), _lazy("markdown")
_odf, _pptx, _xlsx = _lazy("odf"), _lazy("pptx"), _lazy("xlsx")
_delimited, _po, _xliff = _lazy("delimited"), _lazy("po"), _lazy("xliff")
_linguist, _json, _rtf = _lazy("linguist"), _lazy("i18n_json"), _lazy("rtf")
_ttml, _android, _resx = _lazy("ttml"), _lazy("android"), _lazy("resx")
_properties, _yaml = _lazy("properties"), _lazy("i18n_yaml")
_strings, _stringsdict = _lazy("apple", "read_strings"), _lazy("apple", "read_stringsdict")
_xcstrings, _ipynb, _eml = _lazy("xcstrings"), _lazy("ipynb"), _lazy("eml")
_tex, _rst = _lazy("tex"), _lazy("rst")
_org, _asciidoc, _typ = _lazy("org"), _lazy("asciidoc"), _lazy("typ")
_site = _lazy("siteconf")
_svg, _drawio = _lazy("svg"), _lazy("drawio")
_indesign = _lazy("idml")
_toml = _lazy("i18n_toml")
_visio = _lazy("visio")
_ftl = _lazy("ftl")
_xml = _lazy("xmlkind")  # (DocBook, DITA or Android's strings: what the file says it is)
_docbook, _dita = partial(_xml, named_as="docbook"), partial(_xml, named_as="dita")
_php = _lazy("php")
_sami = _lazy("sami")
_scc, _stl = _lazy("scc"), _lazy("ebu_stl")
_fb2 = _lazy("fb2")
_ini = _lazy("ini")
_rc = _lazy("rc")
_man = _lazy("roff")
_texinfo = _lazy("texinfo")
_office97 = _lazy("office97")  # (converted by the user's LibreOffice)
_msg = _lazy("msg")
_imported = _lazy("imported")  # (Apple's iWork documents, converted likewise)
_wikitext = _lazy("wikitext")
_mhtml = _lazy("mhtml")
_fountain, _fdx = _lazy("fountain"), _lazy("fdx")

# Older word processors' and office suites' files, and Excel's binary workbook (imported).
_LEGACY = (".wpd", ".wp", ".wp5", ".wp6", ".wps", ".wri", ".sdw", ".sxw", ".sdc", ".sxc", ".sxi",
           ".hwp", ".xlsb")  # fmt: skip

READERS: dict[str, Reader] = {
    ".txt": subtitles.read_txt,
    ".text": txt.read,
    ".srt": subtitles.read_srt,
    ".vtt": subtitles.read_vtt,
    ".ass": subtitles.read_ass,
    ".ssa": subtitles.read_ass,
    ".sbv": subtitles.read_sbv,
    ".sub": subtitles.read_sub,
    ".lrc": subtitles.read_lrc,
    ".smi": _sami,
    ".sami": _sami,
    ".scc": _scc,
    ".stl": _stl,  # (EBU's subtitles; a 3-D model's .stl is told apart by its bytes)
    ".ttml": _ttml,
    ".dfxp": _ttml,
    ".md": _markdown,
    ".html": _html,
    ".htm": _html,
    ".xhtml": _html,
    ".xht": _html,
    ".docx": _docx,
    ".markdown": _markdown,
    ".mdown": _markdown,
    ".mkd": _markdown,
    ".mkdn": _markdown,
    ".mdwn": _markdown,
    ".rst": _rst,
    ".rest": _rst,
    ".pptx": _pptx,
    ".odt": _odf,
    ".odp": _odf,
    ".xlsx": _xlsx,
    # Office's other kinds of the same packages: macro-enabled documents (their macros are
    # copied, never run), templates and slide shows. Their parts are the same; their content
    # types, kept as they are, tell Office what each is.
    ".docm": _docx,
    ".dotx": _docx,
    ".dotm": _docx,
    ".pptm": _pptx,
    ".ppsx": _pptx,
    ".ppsm": _pptx,
    ".potx": _pptx,
    ".potm": _pptx,
    ".xlsm": _xlsx,
    ".xltx": _xlsx,
    ".xltm": _xlsx,
    ".ods": _odf,
    ".fodt": _odf,
    ".fodp": _odf,
    ".fods": _odf,
    ".odg": _odf,
    ".fodg": _odf,
    ".csv": _delimited,
    ".tsv": _delimited,
    ".epub": _epub,
    ".pdf": pdf.read,
    ".po": _po,
    ".pot": _office97,  # (gettext's template, else PowerPoint 97-2003's by its bytes)
    ".xlf": _xliff,
    ".xliff": _xliff,
    ".sdlxliff": _xliff,
    ".mqxliff": _xliff,
    ".tmx": _lazy("tmx"),  # translation memories (OmegaT, Trados, memoQ, Okapi)
    ".ts": _linguist,
    ".json": _json,
    ".arb": _json,
    ".rtf": _rtf,
    ".xml": _xml,  # (by its root: DocBook, DITA, else Android's strings, which says so)
    ".resx": _resx,
    ".resw": _resx,  # (UWP's and WinUI's strings: .resx's schema, strings alone)
    ".properties": _properties,
    ".strings": _strings,
    ".stringsdict": _stringsdict,
    ".xcstrings": _xcstrings,
    ".ipynb": _ipynb,
    ".eml": _eml,
    ".msg": _msg,
    # Web pages saved as one file (MIME HTML): Chrome's and Edge's, Internet Explorer's, Word's.
    ".mht": _mhtml,
    ".mhtml": _mhtml,
    ".yml": _yaml,
    ".yaml": _yaml,
    ".tex": _tex,
    ".mdx": _markdown,
    ".qmd": _markdown,
    ".rmd": _markdown,
    ".org": _org,
    ".adoc": _asciidoc,
    ".asciidoc": _asciidoc,
    ".asc": _asciidoc,  # (Pro Git's chapters; an OpenPGP file of the suffix is said to be one)
    ".typ": _typ,
    ".svg": _svg,  # (draw.io's editable .drawio.svg too: its diagram is read with it)
    ".svgz": _svg,
    ".drawio": _drawio,
    ".dio": _drawio,
    ".idml": _indesign,
    ".icml": _indesign,  # (InCopy's story: one of an IDML package's, on its own)
    ".toml": _toml,  # (Hugo's i18n tables and settings; another program's TOML is refused)
    # Visio's drawings, macro-enabled drawings and templates (not its stencils, .vssx: shapes
    # to draw with, not a drawing; refused as such, see fileio.STENCILS).
    ".vsdx": _visio,
    ".vsdm": _visio,
    ".vstx": _visio,
    ".vstm": _visio,
    ".ftl": _ftl,
    ".dbk": _docbook,
    ".docbook": _docbook,
    ".dita": _dita,
    ".ditamap": _dita,
    ".bookmap": _dita,
    ".php": _php,  # (Laravel's and CodeIgniter's language arrays; other PHP is refused)
    # FictionBook, and zipped as libraries hand it out (the zip written back as it came).
    ".fb2": _fb2,
    ".fbz": _fb2,
    ".fb2.zip": _fb2,
    # Joomla's language files and Inno Setup's messages (another program's settings refused).
    ".ini": _ini,
    ".isl": _ini,
    # Windows resource scripts: a Win32, MFC or WTL app's string tables, dialogs and menus.
    ".rc": _rc,
    # (MFC's and PuTTY's .rc2, which the .rc includes; a dialog editor's .dlg: the same
    # statements, read as resource scripts)
    ".rc2": _rc,
    ".dlg": _rc,
    # Manual pages in man(7) macros, by their section's digit (a .1 file that is no page is
    # refused as not one), its letters too as distributions install them (openssl-x509.1ssl,
    # File::Spec.3pm, ls.1p: naming.MAN_SECTIONS) or as projects keep their sources (foo.man).
    **{f".{section}": _man for section in "123456789"},
    **dict.fromkeys(MAN_SECTIONS, _man),
    ".man": _man,
    # Texinfo manuals (GNU's: grep's, sed's, Bash's…), by the suffixes makeinfo reads.
    ".texi": _texinfo,
    ".texinfo": _texinfo,
    ".txi": _texinfo,
    # Word, Excel and PowerPoint 97-2003 files, their templates and slide shows: a copy
    # converted by the user's LibreOffice and written as .docx, .xlsx or .pptx.
    ".doc": _office97,
    ".dot": _office97,
    ".xls": _office97,
    ".xlt": _office97,
    ".ppt": _office97,
    ".pps": _office97,
    # Apple's Pages, Keynote and Numbers documents (a file, or a macOS package: a folder):
    # converted likewise and written as .docx, .pptx and .xlsx.
    ".pages": _imported,
    ".key": _imported,
    ".numbers": _imported,
    # Older word processors' and office suites' files, and Excel's binary workbook: converted
    # likewise and written as .docx (.xlsx, .pptx): WordPerfect's, Works', Write's,
    # StarOffice's and OpenOffice.org 1's, Hangul 97's and 3.0's.
    **dict.fromkeys(_LEGACY, _imported),
    # MediaWiki's wikitext: an article's source saved from "Edit source", a GitHub wiki's pages.
    ".wiki": _wikitext,
    ".wikitext": _wikitext,
    ".mediawiki": _wikitext,
    # Screenplays: Fountain's plain text (and .spmd, its older name) and Final Draft's XML.
    ".fountain": _fountain,
    ".spmd": _fountain,
    ".fdx": _fdx,
}
_BUILT_IN = frozenset(READERS)
# Readers of text formats: they take the encoding the user named (``encoding=``).
_TEXT_SUFFIXES = (
    ".txt", ".text", ".srt", ".vtt", ".ass", ".ssa", ".sbv", ".sub", ".lrc", ".md",
    ".markdown", ".mdown", ".mkd", ".mkdn", ".mdwn", ".rst", ".rest", ".html", ".htm", ".xhtml",
    ".xht", ".csv", ".tsv", ".po", ".pot", ".json", ".arb",
    ".properties", ".strings", ".yml", ".yaml", ".tex", ".mdx", ".qmd", ".rmd", ".org",
    ".adoc", ".asciidoc", ".asc", ".typ", ".toml", ".ftl", ".php", ".smi", ".sami", ".ini",
    ".isl", ".rc", ".rc2", ".dlg",
    ".1", ".2", ".3", ".4", ".5", ".6", ".7", ".8", ".9", ".man", ".wiki", ".wikitext",
    ".mediawiki", ".texi", ".texinfo", ".txi", ".fountain", ".spmd", *MAN_SECTIONS,
)  # fmt: skip
TEXT_READERS: dict[str, Callable[..., Document]] = {s: READERS[s] for s in _TEXT_SUFFIXES}
# A documentation site's settings, by the name its tool reads them by (siteconf.KINDS; kept
# here, so that picking a reader imports no YAML parser): what its reader sees is
# translated, not every string (the theme's name, the plugins).
SITE_SETTINGS = frozenset(
    ["mkdocs.yml", "mkdocs.yaml", "_quarto.yml", "_quarto.yaml", "_config.yml", "_config.yaml",
     "antora.yml", "antora-playbook.yml", "antora-playbook.yaml", "hugo.yaml", "hugo.yml",
     "config.yaml", "config.yml"]
)  # fmt: skip


def reader_of(path: Path) -> Callable[..., Document] | None:
    """The reader of ``path``: by its name (a site's settings), else by its extension."""
    return _site if path.name in SITE_SETTINGS else READERS.get(document_suffix(path))


# Formats read but written as another (the default first of the document's output_suffixes).
_WRITTEN_AS = {
    ".pdf": pdf.PdfDocument.output_suffixes[0],
    ".pot": ".po",
    ".doc": ".docx",
    ".dot": ".dotx",
    ".xls": ".xlsx",
    ".xlt": ".xltx",
    ".ppt": ".pptx",
    ".pps": ".ppsx",
    ".msg": ".eml",
    ".pages": ".docx",
    ".key": ".pptx",
    ".numbers": ".xlsx",
    **dict.fromkeys(
        [".wpd", ".wp", ".wp5", ".wp6", ".wps", ".wri", ".sdw", ".sxw", ".hwp"], ".docx"
    ),
    ".sdc": ".xlsx",
    ".sxc": ".xlsx",
    ".sxi": ".pptx",
    ".xlsb": ".xlsx",
}
# What else such a file may be written as, known once read: an old Office name over RTF or
# a web page (written as what it is), a PowerPoint template named as gettext's (.pot).
_ALSO_WRITTEN_AS = {
    ".pot": (".potx",),
    ".doc": (".rtf", ".html"),
    ".dot": (".rtf", ".html"),
    ".xls": (".html",),
    ".xlt": (".html",),
    # (Rich Text under a word processor's name: WordPad's, a "Word" export's)
    **dict.fromkeys(
        [".wpd", ".wp", ".wp5", ".wp6", ".wps", ".wri", ".sdw", ".sxw", ".hwp"], (".rtf",)
    ),
    # (broadcast captions whose character set cannot hold a translation, Chinese in CEA-608:
    # written as subtitles)
    ".scc": (".srt", ".vtt"),
    ".stl": (".srt", ".vtt"),
}


# The formats whose reader converts a copy with LibreOffice (``converting`` is told).
def _package(path: Path) -> bool:
    from engine.documents.imported import is_document_package

    return is_document_package(path)


_CONVERTED = frozenset(s for s, reader in READERS.items() if reader in (_office97, _imported))


def writable_suffixes(suffix: str) -> tuple[str, ...] | None:
    """What a ``suffix`` file can be translated into, known before it is read (a PDF: .docx
    or .txt; a gettext template: a catalog, .po; a Word 97-2003 file: .docx, or .rtf where
    it is Rich Text; every other format Quire reads: its own);
    None for a reader added since (its documents say)."""
    suffix = suffix.lower()
    if suffix not in _BUILT_IN:
        return None
    if suffix == ".pdf":
        return pdf.PdfDocument.output_suffixes
    return (_WRITTEN_AS.get(suffix, suffix), *_ALSO_WRITTEN_AS.get(suffix, ()))


def output_suffix(suffix: str) -> str:
    """The extension a translated ``suffix`` file is written with by default (a PDF's is
    .docx), without opening a file."""
    return _WRITTEN_AS.get(suffix.lower(), suffix)


def supported() -> tuple[str, ...]:
    return tuple(sorted(READERS))


# What each extension Quire reads holds, for a person choosing a file (the app's open
# dialog's filters) or told which files Quire reads: every one of READERS in one kind.
KINDS: dict[str, tuple[str, ...]] = {
    "documents": (
        ".docx", ".docm", ".dotx", ".dotm", ".odt", ".fodt", ".rtf", ".pdf", ".txt", ".text",
        ".html", ".htm", ".xhtml", ".xht", ".md", ".markdown", ".mdown", ".mkd", ".mkdn",
        ".mdwn", ".mdx", ".qmd", ".rmd", ".rst", ".rest", ".org", ".adoc", ".asciidoc", ".asc",
        ".tex", ".typ", ".eml", ".msg", ".ipynb", ".idml", ".icml", ".dbk", ".docbook", ".dita",
        ".ditamap", ".bookmap", ".1", ".2", ".3", ".4", ".5", ".6", ".7", ".8", ".9", ".man",
        ".doc", ".dot", ".wiki", ".wikitext", ".mediawiki", ".mht", ".mhtml", ".pages",
        ".wpd", ".wp", ".wp5", ".wp6", ".wps", ".wri", ".sdw", ".sxw", ".hwp",
        ".texi", ".texinfo", ".txi", ".fountain", ".spmd", ".fdx", *MAN_SECTIONS,
    ),
    "slides": (
        ".pptx", ".pptm", ".ppsx", ".ppsm", ".potx", ".potm", ".odp", ".fodp", ".xlsx",
        ".xlsm", ".xltx", ".xltm", ".ods", ".fods", ".csv", ".tsv", ".svg", ".svgz", ".drawio",
        ".dio", ".vsdx", ".vsdm", ".vstx", ".vstm", ".odg", ".fodg", ".ppt", ".pps", ".xls",
        ".xlt", ".key", ".numbers", ".sdc", ".sxc", ".sxi", ".xlsb",
    ),
    "ebooks": (".epub", ".fb2", ".fbz", ".fb2.zip"),
    "subtitles": (
        ".srt", ".vtt", ".ass", ".ssa", ".sbv", ".sub", ".lrc", ".ttml", ".dfxp", ".smi",
        ".sami", ".scc", ".stl",
    ),
    "strings": (
        ".po", ".pot", ".xlf", ".xliff", ".sdlxliff", ".mqxliff", ".ts", ".json", ".arb",
        ".xml", ".resx", ".resw", ".properties", ".strings", ".stringsdict", ".xcstrings",
        ".yml", ".yaml", ".toml", ".ftl", ".php", ".ini", ".isl", ".tmx", ".rc",
        ".rc2", ".dlg",
    ),
}  # fmt: skip


def supported_kinds() -> dict[str, tuple[str, ...]]:
    """Each kind of ``KINDS`` and the extensions of it Quire reads, sorted:
    ``{"ebooks": (".epub",), …}``."""
    return {kind: tuple(sorted(suffixes)) for kind, suffixes in KINDS.items()}


def _listed(suffixes: tuple[str, ...]) -> str:
    """Extensions for a sentence, a manual page's sections as one range (".1–.9", and
    ".1ssl, .3pm…" for the sections with a package's letters)."""
    sections = [f".{n}" for n in "123456789"]
    if set(sections) <= set(suffixes):
        lettered = set(MAN_SECTIONS) <= set(suffixes)
        named = ".1–.9 (.1ssl, .3pm…)" if lettered else ".1–.9"
        suffixes = tuple(s for s in suffixes if s not in sections[1:])
        suffixes = tuple(s for s in suffixes if not (lettered and s in MAN_SECTIONS))
        suffixes = tuple(named if s == ".1" else s for s in suffixes)
    return ", ".join(suffixes)


def _which_files() -> tuple[str, dict[str, str | int | float]]:
    """What ``document.unsupported`` says Quire reads: in words, and for a front end's own
    words every extension and each kind's."""
    kinds = {kind: _listed(suffixes) for kind, suffixes in supported_kinds().items()}
    hint = (
        f"Quire reads documents ({kinds['documents']}); slides, sheets and drawings "
        f"({kinds['slides']}); e-books ({kinds['ebooks']}); subtitles ({kinds['subtitles']}); "
        f"and apps' and sites' strings ({kinds['strings']})"
    )
    return hint, {**kinds, "supported": ", ".join(supported())}


def open_document(
    path: Path, *, max_bytes: int = MAX_DOCUMENT_BYTES, encoding: str | None = None
) -> Document:
    """Read and parse ``path`` by its extension. Raises only ``DocumentError``."""
    return load_document(path, max_bytes=max_bytes, encoding=encoding)[0]


def load_document(
    path: Path,
    *,
    max_bytes: int = MAX_DOCUMENT_BYTES,
    encoding: str | None = None,
    tick: pdf.Tick | None = None,
    converting: Callable[[], None] | None = None,
) -> tuple[Document, bytes]:
    """The parsed document and the bytes it was parsed from (read once: a checkpoint's key
    is made from the very bytes whose units it journals). ``encoding`` (a label) is a text
    format's encoding, instead of detecting it; other formats say their own. ``tick(done,
    total)``: the pages read, in a format read page by page (a PDF's layout takes seconds
    a page), for progress; it may raise ``Cancelled`` to stop. ``converting()``: called while
    LibreOffice converts a copy of an old Office file (seconds), and may raise ``Cancelled``
    likewise. Raises ``DocumentError`` (and what ``tick`` and ``converting`` raise)."""
    path = Path(path)
    reader = reader_of(path)
    if reader is None:
        # A document Quire does not read says what to save it as (the command line refuses
        # these by the same list).
        hint, which = _which_files()
        refuse_other_document(path, error=DocumentError, supported=str(which["supported"]))
        raise DocumentError(
            f"Quire cannot read {path.suffix or 'extension-less'} files",
            path=path,
            hint=hint,
            message_id="document.unsupported",
            params={"suffix": path.suffix, **which},
        )
    if encoding is not None:
        try:
            lookup(encoding)
        except InputError as exc:
            raise DocumentError(
                exc.message,
                path=path,
                hint=exc.hint,
                message_id=exc.message_id,
                params=exc.params,
            ) from None
    if reader is _imported and path.is_dir() and _package(path):  # (a package: Report.pages/)
        from engine.documents.imported import pack

        data = pack(path, limit=max_bytes)
    else:
        data = read_bytes(path, limit=max_bytes, error=DocumentError)
    if not data and path.suffix.lower() not in TEXT_READERS:
        # Not "not a PDF file" or "not a zip archive": it is nothing yet (a text format
        # says it has no text itself).
        raise empty_file(path)
    try:
        if encoding is not None and path.suffix.lower() in TEXT_READERS:
            document = reader(data, path, encoding=encoding)
        elif tick is not None and reader is pdf.read:
            document = pdf.read(data, path, tick=tick)
        elif converting is not None and document_suffix(path) in _CONVERTED:
            document = reader(data, path, waiting=converting)
        else:
            document = reader(data, path)
    except DocumentError as exc:
        truly = _renamed(path, data) or _backslashed(path, data)
        if truly is None:
            raise
        raise truly from exc
    except Cancelled:
        raise
    except Exception as exc:  # a parser's own failure on a malformed file
        # (Python's own words, "string index out of range", stay in the chain for the logs,
        # out of the sentence a user reads.)
        raise DocumentError(
            f"The file is damaged, or is not really a {path.suffix} file",
            path=path,
            hint="Open and save it again in its editor, then retry",
            message_id="document.damaged_file",
            params={"suffix": path.suffix},
        ) from exc
    if not document.copied_without_text and not any(u.text.strip() for u in document.units):
        # (an InDesign layout named .epub reads as a book with no pages)
        raise _renamed(path, data) or DocumentError(
            "The document has no text",
            path=path,
            hint="Give a document with text",
            message_id="document.no_text",
        )
    check_unit_count(len(document.units), path)  # formats that do not check as they read
    _check_unit_length(document, path)
    return document, data


# The longest stretch of text one unit (a paragraph, a cell, a cue) may hold: 250 pages with
# no paragraph break, more than any document has. A 20 MB one-line subtitle took 1.4 GB and
# minutes, and one of 150 MB ended the process on a failed allocation with no word.
MAX_UNIT_CHARS = 1_000_000


def _check_unit_length(document: Document, path: Path) -> None:
    longest = max(document.units, key=lambda unit: len(unit.text), default=None)
    if longest is None:
        return
    if len(longest.text) > MAX_UNIT_CHARS:
        raise DocumentError(
            f"One part of the document ({longest.id}) is {len(longest.text):,} characters long "
            f"without a break, more than the {MAX_UNIT_CHARS:,} a paragraph may have",
            path=path,
            hint="It is data or a damaged file, not text to translate: give another file",
            message_id="document.unit_too_long",
            params={"limit": MAX_UNIT_CHARS},
        )


_ZIP_MARKERS = {
    "word/document.xml": ".docx",
    "ppt/presentation.xml": ".pptx",
    "xl/workbook.xml": ".xlsx",
    "visio/document.xml": ".vsdx",
}
# The suffixes of each marker's family (a damaged .docm is not "a .docx with a .docm name").
_FAMILIES = {
    suffix: reader_suffix
    for reader_suffix in _ZIP_MARKERS.values()
    for suffix, reader in READERS.items()
    if reader is READERS[reader_suffix]
}
_MIMETYPES = {
    b"application/epub+zip": ".epub",
    b"application/vnd.oasis.opendocument.text": ".odt",
    b"application/vnd.oasis.opendocument.presentation": ".odp",
    b"application/vnd.oasis.opendocument.spreadsheet": ".ods",
    b"application/vnd.oasis.opendocument.graphics": ".odg",
    b"application/vnd.adobe.indesign-idml-package": ".idml",
}


def _renamed(path: Path, data: bytes) -> DocumentError | None:
    """The error for a file of another kind than its name says (a .docx named .xlsx), which
    its reader refused or read as empty; None where it is what its name says, or unknown."""
    actual = actual_suffix(data)
    suffix = path.suffix.lower()
    if actual is None or actual in (suffix, _FAMILIES.get(suffix)):
        return None
    if READERS.get(actual) is reader_of(path):  # (a damaged book.fb2.zip, or .fbz, is no other)
        return None
    return renamed_file(path, actual)


def _backslashed(path: Path, data: bytes) -> DocumentError | None:
    """The error for a zip whose entries are named with backslashes (``xl\\workbook.xml``, a
    scientific instrument's workbook in poi's 49609.xlsx), which the zip format does not
    allow and LibreOffice does not open either; None for any other file."""
    if not data.startswith(b"PK\x03\x04"):
        return None
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except Exception:  # a damaged archive: its reader's own message stands
        return None
    name = next((n for n in names if "\\" in n and "/" not in n), None)
    if name is None:
        return None
    return DocumentError(
        f"The file's parts are named with backslashes ({name}), which zip files may not "
        "use, so Quire cannot find them",
        path=path,
        hint="Save it again from the program that made it, or in an editor that opens it, "
        "then retry",
        message_id="document.backslashed_parts",
        params={"name": name},
    )


# A FictionBook's root, in its namespace (a book saved as .xml, or as the .epub it is not).
_FICTIONBOOK = re.compile(
    rb"<(?:[\w.-]+:)?FictionBook\b[^>]*gribuser\.ru/xml/fictionbook/2\.0", re.DOTALL
)


def actual_suffix(data: bytes) -> str | None:
    """What a file that its reader refused really is, when it is a PDF, a FictionBook or a
    zip format (a document saved or downloaded under the wrong extension); None when
    unknown."""
    if data.lstrip()[:1024].startswith(b"%PDF"):
        return ".pdf"
    if not data.startswith(b"PK\x03\x04"):
        return ".fb2" if _FICTIONBOOK.search(data[:65536]) else None
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        for name, suffix in _ZIP_MARKERS.items():
            if name in names:
                return suffix
        if "mimetype" in names and archive.getinfo("mimetype").file_size < 256:
            return _MIMETYPES.get(archive.read("mimetype").strip())
        if len([n for n in names if n.lower().endswith(".fb2")]) == 1:
            return ".fb2.zip"  # (a zipped book, as libraries hand them out)
    except Exception:  # a damaged archive: its reader's own message stands
        return None
    return None


__all__ = [
    "MAX_DOCUMENT_BYTES",
    "READERS",
    "SITE_SETTINGS",
    "TEXT_READERS",
    "Reader",
    "actual_suffix",
    "load_document",
    "open_document",
    "output_suffix",
    "reader_of",
    "supported",
    "writable_suffixes",
]
