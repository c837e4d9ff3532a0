"""The document types the installers register Quire for ("Open with Quire"), one table for the
Linux .desktop file, the macOS Info.plist and the Windows registry; the suffixes come from the
engine's reader registry, so an installer never offers to open a format the app cannot read."""

from __future__ import annotations

from dataclasses import dataclass

APP_ID = "org.quire.Quire"
WINDOWS_PROGID = "Quire.Document"


@dataclass(frozen=True)
class DocumentType:
    mime: str
    name: str  # what a file manager calls the type
    uti: str = ""  # macOS uniform type identifier; empty = match the extension only
    # Other freedesktop types files of the suffix are given (a .sub is MicroDVD's or
    # SubViewer's, whichever its first bytes say).
    also: tuple[str, ...] = ()
    # Saved as a macOS package too (a folder the Finder shows as one file: Report.pages/):
    # macOS offers Quire for the folder only where its entry says so (LSTypeIsPackage).
    package: bool = False


# Suffixes Quire reads but does not ask the system to open: an .asc file is more often an
# OpenPGP signature or key (shared-mime-info gives it PGP's types, and every release's
# download has one) than Pro Git's AsciiDoc, and "Open with Quire" on each would be offered
# for a file Quire refuses. Quire's own open dialog, folders and command line still read it.
# A .toml alike: Hugo's i18n tables and settings are read, but most are a program's settings
# (Cargo.toml, pyproject.toml; shared-mime-info's application/toml), which Quire refuses.
# A .php too: Laravel's and CodeIgniter's language arrays are read, but nearly every .php is a
# program's code (application/x-php), which Quire refuses; Quire must not take them over.
# A zipped FictionBook (.fb2.zip): Windows and macOS know a file by its last suffix alone, and
# Quire is no program for every .zip (the app offers a dropped .zip as a model to import).
# An .ini: Joomla's language files are read, but nearly every .ini is a program's settings
# (desktop.ini, php.ini), which Quire refuses.
# A section's digit (.1 to .9): logrotate's rotated logs (syslog.1) have it as often as manual
# pages, which a user reads with man rather than opens (a section's with a package's letters,
# .1ssl, .3pm, alike: engine.documents.naming.MAN_SECTIONS); .man (a project's page) is offered.
# An .stl: EBU's subtitles are read, but on a desktop nearly every .stl is a 3-D model for a
# printer or CAD program (shared-mime-info's model/stl), which Quire refuses.
UNOFFERED = frozenset(
    {".asc", ".toml", ".php", ".fb2.zip", ".ini", ".stl", *(f".{n}" for n in "123456789"),
     ".0p", ".1p", ".3p", ".1ssl", ".3ssl", ".5ssl", ".7ssl", ".3pm", ".3perl", ".3ncurses",
     ".3form", ".3menu", ".3curses", ".3x", ".3tcl", ".n", ".2type", ".3type", ".3const",
     ".3head", ".3t", ".3readline", ".3edit", ".5edit", ".7edit"}
)  # fmt: skip

# Every suffix engine.documents.supported() may list (but those above). A reader added there
# without a row here fails tests/test_packaging.py, so the table is finished before the
# installers ship.
DOCUMENT_TYPES: dict[str, DocumentType] = {
    ".txt": DocumentType("text/plain", "Plain text", "public.plain-text"),
    ".text": DocumentType("text/plain", "Plain text", "public.plain-text"),
    ".md": DocumentType("text/markdown", "Markdown", "net.daringfireball.markdown"),
    ".markdown": DocumentType("text/markdown", "Markdown", "net.daringfireball.markdown"),
    ".mdown": DocumentType("text/markdown", "Markdown", "net.daringfireball.markdown"),
    ".mkd": DocumentType("text/markdown", "Markdown", "net.daringfireball.markdown"),
    ".mkdn": DocumentType("text/markdown", "Markdown", "net.daringfireball.markdown"),
    ".mdwn": DocumentType("text/markdown", "Markdown", "net.daringfireball.markdown"),
    # reStructuredText: shared-mime-info's type; macOS has no public one.
    # Markdown's dialects: no shared-mime-info or macOS type of their own (matched by name).
    ".mdx": DocumentType("text/mdx", "MDX document"),
    ".qmd": DocumentType("text/x-quarto", "Quarto document"),
    ".rmd": DocumentType("text/x-r-markdown", "R Markdown document"),
    ".rst": DocumentType("text/x-rst", "reStructuredText"),
    ".rest": DocumentType("text/x-rst", "reStructuredText"),
    # Org: shared-mime-info's type; macOS has no public one.
    ".org": DocumentType("text/org", "Org document"),
    # AsciiDoc: no shared-mime-info or macOS type; the one Asciidoctor's tools name.
    ".adoc": DocumentType("text/x-asciidoc", "AsciiDoc document"),
    ".asciidoc": DocumentType("text/x-asciidoc", "AsciiDoc document"),
    # MediaWiki's wikitext: no shared-mime-info or macOS type; the one MediaWiki names.
    ".wiki": DocumentType("text/x-wiki", "Wiki page source"),
    ".wikitext": DocumentType("text/x-wiki", "Wiki page source"),
    ".mediawiki": DocumentType("text/x-wiki", "Wiki page source"),
    ".html": DocumentType("text/html", "Web page", "public.html"),
    ".htm": DocumentType("text/html", "Web page", "public.html"),
    ".xhtml": DocumentType("application/xhtml+xml", "XHTML page", "public.xhtml"),
    ".xht": DocumentType("application/xhtml+xml", "XHTML page", "public.xhtml"),
    ".docx": DocumentType(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "Word document",
        "org.openxmlformats.wordprocessingml.document",
    ),
    ".pptx": DocumentType(
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "PowerPoint presentation",
        "org.openxmlformats.presentationml.presentation",
    ),
    ".rtf": DocumentType("application/rtf", "Rich Text document", "public.rtf"),
    ".odt": DocumentType(
        "application/vnd.oasis.opendocument.text",
        "OpenDocument text",
        "org.oasis-open.opendocument.text",
    ),
    ".odp": DocumentType(
        "application/vnd.oasis.opendocument.presentation",
        "OpenDocument presentation",
        "org.oasis-open.opendocument.presentation",
    ),
    ".odg": DocumentType(
        "application/vnd.oasis.opendocument.graphics",
        "OpenDocument drawing",
        "org.oasis-open.opendocument.graphics",
    ),
    ".xlsx": DocumentType(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Excel workbook",
        "org.openxmlformats.spreadsheetml.sheet",
    ),
    ".ods": DocumentType(
        "application/vnd.oasis.opendocument.spreadsheet",
        "OpenDocument spreadsheet",
        "org.oasis-open.opendocument.spreadsheet",
    ),
    # Office's macro-enabled documents, templates and slide shows: shared-mime-info's types,
    # matched by extension on macOS.
    ".docm": DocumentType(
        "application/vnd.ms-word.document.macroEnabled.12", "Word macro-enabled document"
    ),
    ".dotx": DocumentType(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.template", "Word template"
    ),
    ".dotm": DocumentType(
        "application/vnd.ms-word.template.macroEnabled.12", "Word macro-enabled template"
    ),
    ".pptm": DocumentType(
        "application/vnd.ms-powerpoint.presentation.macroEnabled.12",
        "PowerPoint macro-enabled presentation",
    ),
    ".ppsx": DocumentType(
        "application/vnd.openxmlformats-officedocument.presentationml.slideshow",
        "PowerPoint slide show",
    ),
    ".ppsm": DocumentType(
        "application/vnd.ms-powerpoint.slideshow.macroEnabled.12",
        "PowerPoint macro-enabled slide show",
    ),
    ".potx": DocumentType(
        "application/vnd.openxmlformats-officedocument.presentationml.template",
        "PowerPoint template",
    ),
    ".potm": DocumentType(
        "application/vnd.ms-powerpoint.template.macroEnabled.12",
        "PowerPoint macro-enabled template",
    ),
    ".xlsm": DocumentType(
        "application/vnd.ms-excel.sheet.macroEnabled.12", "Excel macro-enabled workbook"
    ),
    ".xltx": DocumentType(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.template", "Excel template"
    ),
    ".xltm": DocumentType(
        "application/vnd.ms-excel.template.macroEnabled.12", "Excel macro-enabled template"
    ),
    # LibreOffice's Flat XML: shared-mime-info's types, matched by extension on macOS.
    ".fodt": DocumentType(
        "application/vnd.oasis.opendocument.text-flat-xml", "OpenDocument text (Flat XML)"
    ),
    ".fodp": DocumentType(
        "application/vnd.oasis.opendocument.presentation-flat-xml",
        "OpenDocument presentation (Flat XML)",
    ),
    ".fods": DocumentType(
        "application/vnd.oasis.opendocument.spreadsheet-flat-xml",
        "OpenDocument spreadsheet (Flat XML)",
    ),
    ".fodg": DocumentType(
        "application/vnd.oasis.opendocument.graphics-flat-xml", "OpenDocument drawing (Flat XML)"
    ),
    ".csv": DocumentType("text/csv", "CSV table", "public.comma-separated-values-text"),
    ".tsv": DocumentType(
        "text/tab-separated-values", "Tab-separated table", "public.tab-separated-values-text"
    ),
    ".epub": DocumentType("application/epub+zip", "EPUB book", "org.idpf.epub-container"),
    ".pdf": DocumentType("application/pdf", "PDF document", "com.adobe.pdf"),
    # Subtitles have no system-wide type identifier on macOS: matched by extension.
    ".srt": DocumentType("application/x-subrip", "SubRip subtitles"),
    ".vtt": DocumentType("text/vtt", "WebVTT subtitles"),
    ".ass": DocumentType("text/x-ssa", "Advanced SubStation Alpha subtitles"),
    ".ssa": DocumentType("text/x-ssa", "SubStation Alpha subtitles"),
    ".sbv": DocumentType("text/x-sbv", "SubViewer subtitles"),
    ".sub": DocumentType(
        "text/x-microdvd", "MicroDVD subtitles", also=("text/x-subviewer", "text/x-mpsub")
    ),
    ".lrc": DocumentType("text/x-lrc", "LRC lyrics"),
    # Office 97-2003's binary files (converted by the user's LibreOffice): IANA's types
    # (shared-mime-info's for a Word template), Apple's identifiers where macOS declares them.
    ".doc": DocumentType("application/msword", "Word 97-2003 document", "com.microsoft.word.doc"),
    ".dot": DocumentType("application/msword-template", "Word 97-2003 template"),
    ".xls": DocumentType(
        "application/vnd.ms-excel", "Excel 97-2003 workbook", "com.microsoft.excel.xls"
    ),
    ".xlt": DocumentType("application/vnd.ms-excel", "Excel 97-2003 template"),
    ".ppt": DocumentType(
        "application/vnd.ms-powerpoint",
        "PowerPoint 97-2003 presentation",
        "com.microsoft.powerpoint.ppt",
    ),
    ".pps": DocumentType("application/vnd.ms-powerpoint", "PowerPoint 97-2003 slide show"),
    # Apple's iWork documents (converted by the user's LibreOffice): IANA's types, with
    # shared-mime-info's older aliases; matched by extension on macOS, files and packages.
    ".pages": DocumentType(
        "application/vnd.apple.pages",
        "Pages document",
        also=("application/x-iwork-pages-sffpages",),
        package=True,
    ),
    ".key": DocumentType(
        "application/vnd.apple.keynote",
        "Keynote presentation",
        also=("application/x-iwork-keynote-sffkey",),
        package=True,
    ),
    ".numbers": DocumentType(
        "application/vnd.apple.numbers",
        "Numbers spreadsheet",
        also=("application/x-iwork-numbers-sffnumbers",),
        package=True,
    ),
    # Older word processors' and office suites' files and Excel's binary workbook (converted
    # by the user's LibreOffice): shared-mime-info's types, Apple's identifiers where macOS
    # declares them.
    ".wpd": DocumentType("application/vnd.wordperfect", "WordPerfect document"),
    ".wp": DocumentType("application/vnd.wordperfect", "WordPerfect document"),
    ".wp5": DocumentType("application/vnd.wordperfect", "WordPerfect 5 document"),
    ".wp6": DocumentType("application/vnd.wordperfect", "WordPerfect 6 document"),
    ".wps": DocumentType("application/vnd.ms-works", "Works document"),
    ".wri": DocumentType("application/x-mswrite", "Write document"),
    ".sdw": DocumentType("application/vnd.stardivision.writer", "StarOffice Writer document"),
    ".sxw": DocumentType("application/vnd.sun.xml.writer", "OpenOffice.org 1 text document"),
    ".sdc": DocumentType("application/vnd.stardivision.calc", "StarOffice Calc spreadsheet"),
    ".sxc": DocumentType("application/vnd.sun.xml.calc", "OpenOffice.org 1 spreadsheet"),
    ".sxi": DocumentType("application/vnd.sun.xml.impress", "OpenOffice.org 1 presentation"),
    ".hwp": DocumentType("application/x-hwp", "Hangul document"),
    ".xlsb": DocumentType(
        "application/vnd.ms-excel.sheet.binary.macroenabled.12",
        "Excel binary workbook",
        "com.microsoft.excel.sheet.binary.macroenabled",
    ),
    ".smi": DocumentType("application/x-sami", "SAMI subtitles"),
    ".sami": DocumentType("application/x-sami", "SAMI subtitles"),
    ".scc": DocumentType("text/x-scc", "Scenarist closed captions"),
    ".ttml": DocumentType("application/ttml+xml", "TTML subtitles"),
    ".dfxp": DocumentType("application/ttaf+xml", "DFXP subtitles"),
    # gettext catalogs: freedesktop's shared-mime-info types; no macOS identifier.
    ".po": DocumentType("text/x-gettext-translation", "gettext catalog"),
    # (.pot is PowerPoint 97-2003's template too, read as such by its bytes)
    ".pot": DocumentType(
        "text/x-gettext-translation-template",
        "gettext template",
        also=("application/vnd.ms-powerpoint",),
    ),
    # XLIFF: shared-mime-info's type; no macOS identifier.
    ".xlf": DocumentType("application/xliff+xml", "XLIFF translation file"),
    ".xliff": DocumentType("application/xliff+xml", "XLIFF translation file"),
    ".sdlxliff": DocumentType("application/xliff+xml", "Trados bilingual file"),
    ".mqxliff": DocumentType("application/xliff+xml", "memoQ bilingual file"),
    # TMX: no shared-mime-info or IANA type (LISA's, then GALA's standard; matched by name).
    ".tmx": DocumentType("application/x-tmx+xml", "TMX translation memory"),
    ".ts": DocumentType("text/vnd.trolltech.linguist", "Qt Linguist translation file"),
    ".json": DocumentType("application/json", "JSON file", "public.json"),
    ".arb": DocumentType("application/json", "Flutter translation file"),
    # Android's string resources are XML files of no type of their own: Quire is offered
    # for XML, and says what it reads when a file is some other XML.
    ".xml": DocumentType("application/xml", "Android string resources", "public.xml"),
    # YAML: shared-mime-info's type; macOS has no public one.
    ".yml": DocumentType("application/x-yaml", "YAML translation file"),
    ".yaml": DocumentType("application/x-yaml", "YAML translation file"),
    # LaTeX: shared-mime-info's type; macOS has no public one (TeXShop's is its own).
    ".tex": DocumentType("text/x-tex", "LaTeX document"),
    # Typst: IANA's type (shared-mime-info's too); no public macOS one.
    ".typ": DocumentType("text/vnd.typst", "Typst document"),
    # SVG: IANA's type (and shared-mime-info's for the gzipped one), Apple's identifier; draw.io's
    # diagrams: the type its desktop app registers, no public macOS one.
    ".svg": DocumentType("image/svg+xml", "SVG drawing", "public.svg-image"),
    ".svgz": DocumentType("image/svg+xml-compressed", "Compressed SVG drawing"),
    ".drawio": DocumentType("application/vnd.jgraph.mxfile", "draw.io diagram"),
    ".dio": DocumentType("application/vnd.jgraph.mxfile", "draw.io diagram"),
    # InDesign Markup: the type its own mimetype entry names; InCopy's story, XML of no type
    # of its own. No public macOS identifiers (Adobe's are its own).
    ".idml": DocumentType("application/vnd.adobe.indesign-idml-package", "InDesign Markup file"),
    ".icml": DocumentType("application/xml", "InCopy story"),
    # Visio's: shared-mime-info's types; no public macOS identifier (matched by extension).
    ".vsdx": DocumentType("application/vnd.ms-visio.drawing.main+xml", "Visio drawing"),
    ".vsdm": DocumentType(
        "application/vnd.ms-visio.drawing.macroEnabled.main+xml", "Visio macro-enabled drawing"
    ),
    ".vstx": DocumentType("application/vnd.ms-visio.template.main+xml", "Visio template"),
    ".vstm": DocumentType(
        "application/vnd.ms-visio.template.macroEnabled.main+xml", "Visio macro-enabled template"
    ),
    # DocBook: shared-mime-info's type; DITA: OASIS's (without its format= parameter, which a
    # desktop entry cannot hold). .xml keeps its own row (Android's strings, DocBook, DITA).
    ".dbk": DocumentType("application/x-docbook+xml", "DocBook document"),
    ".docbook": DocumentType("application/x-docbook+xml", "DocBook document"),
    ".dita": DocumentType("application/dita+xml", "DITA topic"),
    ".ditamap": DocumentType("application/dita+xml", "DITA map"),
    ".bookmap": DocumentType("application/dita+xml", "DITA book map"),
    # .NET's: no type of their own either.
    ".resx": DocumentType("application/xml", ".NET resources"),
    ".resw": DocumentType("application/xml", "Windows app string resources"),
    # Inno Setup's messages: no type of their own (text, in UTF-8 or a code page).
    ".isl": DocumentType("text/plain", "Inno Setup messages"),
    # Windows resource scripts: no type of their own either (text, UTF-16 or a code page).
    ".rc": DocumentType("text/plain", "Windows resource script"),
    ".rc2": DocumentType("text/plain", "Windows resource script"),
    ".dlg": DocumentType("text/plain", "Windows dialog script"),
    ".properties": DocumentType("text/x-java-properties", "Java properties file"),
    # Project Fluent: no shared-mime-info, IANA or macOS type (matched by name). FreeMarker's
    # templates share the suffix: Quire says so of one.
    ".ftl": DocumentType("text/x-fluent", "Fluent translation file"),
    # Apple's: Xcode's type identifier for .strings; the others matched by extension. No
    # shared-mime-info type for .strings.
    ".strings": DocumentType(
        "text/x-apple-strings", "Apple strings file", "com.apple.xcode.strings-text"
    ),
    ".stringsdict": DocumentType("application/x-plist", "Apple plural strings file"),
    ".xcstrings": DocumentType("application/json", "Xcode string catalog"),
    # Jupyter's: shared-mime-info's type; no public macOS one.
    ".ipynb": DocumentType("application/x-ipynb+json", "Jupyter notebook"),
    # FictionBook: shared-mime-info's types (its zipped book's for a .fbz, a name it does not
    # list); no public macOS identifier.
    # Manual pages: shared-mime-info's type (by *.man and *.[1-9]); macOS has no public one.
    ".man": DocumentType("application/x-troff-man", "Manual page"),
    # Texinfo manuals: shared-mime-info's type (by *.texi and *.texinfo); macOS has no public one.
    ".texi": DocumentType("text/x-texinfo", "Texinfo manual"),
    ".texinfo": DocumentType("text/x-texinfo", "Texinfo manual"),
    ".txi": DocumentType("text/x-texinfo", "Texinfo manual"),
    ".fb2": DocumentType("application/x-fictionbook+xml", "FictionBook e-book"),
    ".fbz": DocumentType("application/x-zip-compressed-fb2", "Compressed FictionBook e-book"),
    # E-mail: RFC 5322's type (shared-mime-info's too), Apple's identifier for it.
    ".eml": DocumentType("message/rfc822", "E-mail message", "com.apple.mail.email"),
    # Outlook's own messages: shared-mime-info's type; no public macOS identifier.
    ".msg": DocumentType("application/vnd.ms-outlook", "Outlook message"),
    # Web pages saved as one file: shared-mime-info's type for *.mhtml and *.mht (a
    # multipart/related archive); macOS has no public identifier.
    ".mhtml": DocumentType("application/x-mimearchive", "MHTML web archive"),
    ".mht": DocumentType("application/x-mimearchive", "MHTML web archive"),
    # Screenplays: no shared-mime-info or public macOS type for either; names of the x- tree.
    ".fountain": DocumentType("text/x-fountain", "Fountain screenplay"),
    ".spmd": DocumentType("text/x-fountain", "Fountain screenplay"),
    ".fdx": DocumentType("application/x-final-draft", "Final Draft screenplay"),
}


def document_suffixes() -> tuple[str, ...]:
    """The suffixes the app opens today and is offered for (lower case, with the dot), from
    the engine's registry."""
    from engine.documents import supported

    return tuple(sorted(set(supported()) - UNOFFERED))


def types_for(suffixes: tuple[str, ...]) -> dict[str, DocumentType]:
    """The types of these suffixes, those not offered left out."""
    suffixes = tuple(s for s in suffixes if s not in UNOFFERED)
    missing = [s for s in suffixes if s not in DOCUMENT_TYPES]
    if missing:
        raise KeyError(f"packaging/associations.py has no document type for {', '.join(missing)}")
    return {s: DOCUMENT_TYPES[s] for s in suffixes}


def desktop_mime_types(suffixes: tuple[str, ...]) -> list[str]:
    """The freedesktop ``MimeType=`` list, each type once, in table order."""
    return list(dict.fromkeys(m for t in types_for(suffixes).values() for m in (t.mime, *t.also)))


def plist_document_types(suffixes: tuple[str, ...]) -> list[dict[str, object]]:
    """``CFBundleDocumentTypes``: one entry per type identifier, one per bare extension.

    macOS ignores ``CFBundleTypeExtensions`` in an entry that has ``LSItemContentTypes``, so
    the two kinds are never mixed. ``Alternate`` rank: Quire is offered under "Open With" and
    never takes over a type's default application.
    """
    by_uti: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    bare: list[tuple[str, DocumentType]] = []
    for suffix, doc in types_for(suffixes).items():
        if doc.uti:
            by_uti.setdefault(doc.uti, []).append(suffix)
            names[doc.uti] = doc.name
        else:
            bare.append((suffix, doc))
    entries: list[dict[str, object]] = [
        {
            "CFBundleTypeName": names[uti],
            "CFBundleTypeRole": "Viewer",
            "LSHandlerRank": "Alternate",
            "LSItemContentTypes": [uti],
        }
        for uti in by_uti
    ]
    entries += [
        {
            "CFBundleTypeName": doc.name,
            "CFBundleTypeRole": "Viewer",
            "LSHandlerRank": "Alternate",
            "CFBundleTypeExtensions": [suffix.lstrip(".")],
            **({"LSTypeIsPackage": True} if doc.package else {}),
        }
        for suffix, doc in bare
    ]
    return entries


def inno_registry(suffixes: tuple[str, ...]) -> str:
    """The Inno Setup ``[Registry]`` lines: Quire under "Open with" for each suffix, never the
    default handler (OpenWithProgids), and listed as able to open them (SupportedTypes).
    ``HKA`` is HKLM for an administrative install, HKCU for a per-user one."""
    lines = [
        "; Generated by packaging/build.py from engine.documents.supported(); do not edit.",
        "[Registry]",
        f'Root: HKA; Subkey: "Software\\Classes\\{WINDOWS_PROGID}"; ValueType: string; '
        'ValueName: ""; ValueData: "Document for Quire"; Flags: uninsdeletekey',
        f'Root: HKA; Subkey: "Software\\Classes\\{WINDOWS_PROGID}\\DefaultIcon"; '
        'ValueType: string; ValueName: ""; ValueData: "{app}\\quire.exe,0"',
        f'Root: HKA; Subkey: "Software\\Classes\\{WINDOWS_PROGID}\\shell\\open\\command"; '
        'ValueType: string; ValueName: ""; ValueData: """{app}\\quire.exe"" ""%1"""',
        'Root: HKA; Subkey: "Software\\Classes\\Applications\\quire.exe"; ValueType: string; '
        'ValueName: "FriendlyAppName"; ValueData: "Quire"; Flags: uninsdeletekey',
        'Root: HKA; Subkey: "Software\\Classes\\Applications\\quire.exe\\shell\\open\\command"; '
        'ValueType: string; ValueName: ""; ValueData: """{app}\\quire.exe"" ""%1"""',
    ]
    for suffix in types_for(suffixes):
        lines.append(
            f'Root: HKA; Subkey: "Software\\Classes\\{suffix}\\OpenWithProgids"; '
            f'ValueType: string; ValueName: "{WINDOWS_PROGID}"; ValueData: ""; '
            "Flags: uninsdeletevalue"
        )
        lines.append(
            'Root: HKA; Subkey: "Software\\Classes\\Applications\\quire.exe\\SupportedTypes"; '
            f'ValueType: string; ValueName: "{suffix}"; ValueData: ""'
        )
    return "\n".join(lines) + "\n"


__all__ = [
    "APP_ID",
    "DOCUMENT_TYPES",
    "UNOFFERED",
    "WINDOWS_PROGID",
    "DocumentType",
    "desktop_mime_types",
    "document_suffixes",
    "inno_registry",
    "plist_document_types",
    "types_for",
]
