"""Word, Excel and PowerPoint 97–2003 files (.doc, .xls, .ppt and their templates and slide
shows): a copy converted to .docx, .xlsx or .pptx by the user's LibreOffice, then read and
written as that; one that is really RTF, HTML, a web archive (MHTML) or a renamed package read
as what it is."""

from __future__ import annotations

import io
import re
import struct
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from engine.api import Note
from engine.documents import libreoffice
from engine.documents.base import Document
from engine.documents.errors import DocumentError
from engine.documents.libreoffice import Target, Waiting, find_soffice, sweep
from engine.documents.limits import MAX_DOCUMENT_BYTES

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class _Kind:
    """What a suffix is converted to, by which of LibreOffice's filters, and the program that
    saves it so on the user's own."""

    save_as: str  # (".docx")
    filter: str  # LibreOffice's export filter
    program: str  # the program whose file it is, which saves it so
    streams: tuple[str, ...]  # the compound file's stream that holds the document (one of)
    infilter: str  # LibreOffice's import filter: no other is tried (see _infilter)


_WORD = ("Word", ("WordDocument",), "MS Word 97")
_EXCEL = ("Excel", ("Workbook", "Book"), "MS Excel 97")  # (Book: Excel 5 and 95's)
_POWERPOINT = ("PowerPoint", ("PowerPoint Document",), "MS PowerPoint 97")
# A template is converted into a template, a slide show into a slide show.
KINDS: Mapping[str, _Kind] = {
    ".doc": _Kind(".docx", "docx:MS Word 2007 XML", *_WORD),
    ".dot": _Kind(".dotx", "dotx:MS Word 2007 XML Template", *_WORD),
    ".xls": _Kind(".xlsx", "xlsx:Calc MS Excel 2007 XML", *_EXCEL),
    ".xlt": _Kind(".xltx", "xltx:Calc MS Excel 2007 XML Template", *_EXCEL),
    ".ppt": _Kind(".pptx", "pptx:Impress MS PowerPoint 2007 XML", *_POWERPOINT),
    ".pps": _Kind(".ppsx", "ppsx:Impress MS PowerPoint 2007 XML AutoPlay", *_POWERPOINT),
    # (a PowerPoint template by its bytes; else gettext's, see read)
    ".pot": _Kind(".potx", "potx:Impress MS PowerPoint 2007 XML Template", *_POWERPOINT),
}


def _target(path: Path) -> Target:
    kind = KINDS[path.suffix.lower()]
    return Target(kind.save_as, kind.filter, kind.program)


def needs_libreoffice(path: Path) -> DocumentError:
    """The refusal of an old Office file where no LibreOffice is installed to convert it."""
    return libreoffice.needs_libreoffice(path, _target(path))


def _failed(path: Path, why: str) -> DocumentError:
    kind = KINDS[path.suffix.lower()]
    return DocumentError(
        f"LibreOffice could not convert the file ({why}): it is damaged, protected by a "
        f"password, or not really a {path.suffix} file",
        path=path,
        hint=f"Open it in {kind.program}, remove any password, save it as {kind.save_as}, "
        "then try again with that",
        message_id="document.conversion_failed",
        params={"suffix": path.suffix, "save_as": kind.save_as, "program": kind.program},
    )


def _damaged(path: Path, why: str) -> DocumentError:
    """The refusal of a file that is no sound Word, Excel or PowerPoint 97-2003 file (cut
    short, overwritten, another kind of file): LibreOffice would read its bytes as text."""
    kind = KINDS[path.suffix.lower()]
    return DocumentError(
        f"The file is damaged, or is not really a {path.suffix} file ({why})",
        path=path,
        hint=f"Open it in {kind.program}, save it as {kind.save_as}, then try again with that",
        message_id="document.old_office_damaged",
        params={"suffix": path.suffix, "save_as": kind.save_as, "program": kind.program},
    )


def _infilter(data: bytes, path: Path) -> str:
    """The import filter for ``data``, checked to be a compound file holding its kind's
    document: with LibreOffice's own choice, a file it cannot read as one (cut short,
    overwritten) is read as plain text, and its bytes sent as words."""
    import olefile  # type: ignore[import-untyped]

    kind = KINDS[path.suffix.lower()]
    if not data.startswith(_OLE2):
        if _text(data):
            return ""  # (Word's XML or web archive, Excel's XML or a CSV: LibreOffice's choice)
        raise _damaged(path, "it is neither a compound file, as Office writes, nor text")
    try:
        with olefile.OleFileIO(data) as compound:
            streams = [name for name in kind.streams if compound.exists(name)]
            if not streams:
                raise _damaged(path, f"it holds no {kind.program} document")
            head = compound.openstream(streams[0]).read(4)
    except (OSError, ValueError, IndexError, OverflowError, struct.error) as exc:
        # (olefile's own are OSErrors; a broken sector count overflows an index)
        raise _damaged(path, "its compound file is cut short or broken") from exc
    if kind.program == "Word" and len(head) == 4 and struct.unpack("<H", head[2:])[0] < 0xC1:
        return "MS Word 95"  # (Word 6 and 95, whose nFib is below 97's; 97's filter refuses)
    return kind.infilter


def _text(data: bytes) -> bool:
    """Whether ``data`` reads as text (UTF-16 with its mark, else any 8-bit encoding without
    control characters), not bytes that LibreOffice's text import would send as words."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    return not _CONTROL.search(data[:65536])


_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def convert(
    data: bytes, path: Path, soffice: Path, *, waiting: Waiting | None = None
) -> tuple[bytes, str]:
    """``data`` (``path``'s bytes) converted by ``soffice`` into its kind's package, and the
    LibreOffice version that did it (see libreoffice.convert)."""
    kind = KINDS[path.suffix.lower()]
    target = Target(kind.save_as, kind.filter, kind.program, _infilter(data, path))
    result, version = libreoffice.convert(
        data, path, soffice, target, unopened=lambda: _failed(path, "it could not open it"),
        waiting=waiting,
    )  # fmt: skip
    if kind.save_as == ".ppsx":
        result = _slide_show(result)
    return result, version


_PRESENTATION = b"presentationml.presentation.main+xml"


def _slide_show(package: bytes) -> bytes:
    """``package`` with its presentation typed as a slide show: LibreOffice 7.4's AutoPlay
    export types it as a presentation, which PowerPoint opens for editing, not as a show."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(package)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(_PRESENTATION, b"presentationml.slideshow.main+xml")
            target.writestr(info, data)
    return buffer.getvalue()


def converted_note(path: Path, version: str, save_as: str = "") -> Note:
    """The note that ``path`` was converted by LibreOffice ``version`` and is written as
    ``save_as`` (its old Office kind's newer one by default)."""
    named = f"LibreOffice {version}" if version else "LibreOffice"
    save_as = save_as or KINDS[path.suffix.lower()].save_as
    return Note(
        f"{path.name} was converted with {named} to read it; the translation is written "
        f"as {save_as}",
        "document.converted",
        {"name": path.name, "version": version, "save_as": save_as},
    )


def renamed_note(path: Path, name: str, actual: str) -> Note:
    """The note that ``path`` is really a ``name`` file (``actual``: its suffix), read and
    written as one."""
    return Note(
        f"{path.name} is {article(name)} {name} file with a {path.suffix} name: it is read as one, "
        f"and its translation written as {actual}",
        "document.read_as_its_kind",
        # ("article": the app's wording is chosen by it, the engine's rule: "an RTF")
        {
            "name": path.name,
            "kind": name,
            "suffix": path.suffix,
            "save_as": actual,
            "article": article(name),
        },
    )


# What a file named as an old Office one may really be, read by that format's reader: Rich
# Text (Word and others export "Word" files so), a web page (Word's "Save as Web Page",
# reports and web apps' "Excel" downloads, often a bare <table>) or a newer package renamed.
_HTML = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|table)\b",
    re.I | re.S,
)


def _really(data: bytes) -> tuple[str, str] | None:
    """What ``data`` is, when it is no binary Office file but a format Quire reads as it is:
    its suffix and its kind's name; None for one to convert."""
    head = data[:4096].removeprefix(b"\xef\xbb\xbf")
    if head.lstrip(b" \t\r\n").startswith(b"{\\rtf"):
        return ".rtf", "Rich Text"
    if _HTML.match(head):
        return ".html", "HTML"
    if data.startswith(b"PK\x03\x04"):
        from engine.documents.registry import actual_suffix

        actual = actual_suffix(data)
        if actual is not None:
            return actual, actual.removeprefix(".").upper()
    return None


def article(name: str) -> str:
    """The article before ``name`` said aloud: an ODT, an HTML, an RTF, a Rich Text (the
    app's words for the note say it as this does)."""
    initialism = name[1:2].isupper()  # (said letter by letter)
    return "an" if name[:1] in ("AEFHILMNORSX" if initialism else "AEIOU") else "a"


def written_as(path: Path) -> tuple[str, ...] | None:
    """What ``path`` (an old Office name) is written as, from its bytes: another format read
    as itself (a renamed .odt: .odt; RTF: .rtf), else the kind LibreOffice converts it to (a
    .doc: .docx); None where it is unreadable, or gettext's template (.pot)."""
    try:
        if path.stat().st_size > MAX_DOCUMENT_BYTES:
            return None
        data = path.read_bytes()
    except OSError:
        return None
    if path.suffix.lower() == ".pot" and not data.startswith(_OLE2):
        return None
    from engine.documents import mhtml  # (with the HTML reader: lxml, for this file alone)

    if mhtml.is_mhtml(data):
        return (path.suffix.lower(),)  # (Word opens it by that name: kept)
    really = _really(data)
    return (KINDS[path.suffix.lower()].save_as,) if really is None else (really[0],)


def read(
    data: bytes, path: Path, *, waiting: Waiting | None = None, encoding: str | None = None
) -> Document:
    """The document in ``data``: converted with LibreOffice and read as its newer kind, or
    read as what it really is (an RTF file named .doc, a gettext template named .pot)."""
    from engine.documents import mhtml
    from engine.documents.registry import READERS

    suffix = path.suffix.lower()
    if suffix == ".pot" and not data.startswith(_OLE2):
        from engine.documents import po

        return po.read(data, path, encoding=encoding)  # (gettext's template, the commoner)
    if mhtml.is_mhtml(data):
        # Confluence's "Export to Word" and Word's own "Single File Web Page" under a .doc
        # name: a web archive, which LibreOffice would convert into something else. Read as
        # one and written under its name, which Word opens as it did.
        document = mhtml.read(data, path)
        document.output_suffixes = (suffix,)
        document.notes = (*document.notes, renamed_note(path, "web archive (MHTML)", suffix))
        return document
    really = _really(data)
    if really is not None:
        actual, name = really
        document = READERS[actual](data, path)
        document.output_suffixes = (actual,)
        document.notes = (*document.notes, renamed_note(path, name, actual))
        return document
    soffice = find_soffice()
    if soffice is None:
        raise needs_libreoffice(path)
    converted, version = convert(data, path, soffice, waiting=waiting)
    kind = KINDS[suffix]
    document = READERS[kind.save_as](converted, path)
    document.output_suffixes = (kind.save_as,)
    document.notes = (converted_note(path, version), *document.notes)
    return document


__all__ = [
    "KINDS",
    "article",
    "convert",
    "find_soffice",
    "needs_libreoffice",
    "read",
    "sweep",
    "written_as",
]
