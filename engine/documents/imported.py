"""Documents of programs Quire has no reader of, converted by the user's LibreOffice (its
import) into a copy it reads and writes: Apple's Pages, Keynote and Numbers (a file, or a macOS
package: a folder named X.pages), and older word processors' and office suites' files
(WordPerfect, Works, Write, StarOffice and OpenOffice.org 1.x, Hangul 97 and 3.0) and Excel's
binary workbook, as .docx, .pptx or .xlsx; a renamed package read as what it is."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from engine.api import Note
from engine.documents import libreoffice, xlsb
from engine.documents.base import Document, pending_changes
from engine.documents.errors import DocumentError
from engine.documents.libreoffice import Target, Waiting
from engine.documents.limits import MAX_DOCUMENT_BYTES

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"


@dataclass(frozen=True)
class _Kind:
    """What a suffix is converted to (and the program whose file it is, which saves or
    exports it so), and how its bytes are checked to be that program's before LibreOffice
    is given them: ``check(data, path)`` raises the refusal of any other bytes (LibreOffice
    reads what it does not know as plain text, and would send its bytes as words)."""

    target: Target
    check: Callable[[bytes, Path], None]


def _iwork(data: bytes, path: Path) -> None:
    _check(_parts(data, path), path)


def _starts(*magics: bytes, what: str) -> Callable[[bytes, Path], None]:
    """A check that ``data`` starts as the program writes its files (``what`` names them in
    the refusal of other bytes)."""

    def check(data: bytes, path: Path) -> None:
        if not data.startswith(magics):
            raise _damaged(path, f"it is not {what}")

    return check


def _hangul(data: bytes, path: Path) -> None:
    """Hangul 97's and 3.0's files are read; 2002's and later (HWP 5.0, a compound file),
    which LibreOffice does not open, are refused saying so, not called damaged."""
    if data.startswith(_OLE2):
        raise _hwp5(path)
    if not data.startswith(b"HWP Document File V"):
        raise _damaged(path, "it is not a Hangul document")


def _workbook(data: bytes, path: Path) -> None:
    """An .xlsb is a zip; one protected by a password is a compound file of its encrypted
    package (Excel's "Encrypt with Password"), which LibreOffice does not open."""
    if data.startswith(_OLE2) and b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00" in data:
        raise _encrypted(path)
    if not data.startswith(_ZIP):
        raise _damaged(path, "it is not a zip package, as Excel saves one")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _damaged(path, "its package is cut short or broken") from exc
    if any(name.startswith("xl/diagrams/") for name in names):
        raise _smartart(path)


def _word_processor(program: str, saves: str | None = "", opener: str = "") -> Target:
    return Target(".docx", "docx:MS Word 2007 XML", program, saves=saves, opener=opener)


# What their programs save that Quire reads itself: Works 3.0 to 9, StarOffice 5's Writer
# and OpenOffice.org 1's save Rich Text and Word 97's .doc, none a .docx; their Calcs a web
# page (all of a workbook's sheets, where CSV holds one) and Excel 97's .xls
_RTF = "Rich Text (.rtf)"
_WEB_PAGE = "a web page (.html)"


_WORD_PERFECT_HEADER = _starts(b"\xffWPC", what="a WordPerfect 5 or later document")


def _word_perfect(data: bytes, path: Path) -> None:
    """A WordPerfect 5 or later document; one protected by a password refused as such, before
    LibreOffice is given it (it fails to open one, which would be called damaged): the
    header's encryption key, at byte 12 (two bytes, in every version from 5.0 to X9, and
    the Mac's; libwpd's WPXHeader), is non-zero."""
    _WORD_PERFECT_HEADER(data, path)
    if data[12:14].strip(b"\x00"):
        raise _encrypted(path)


# (Word opens WordPerfect 5.x's and 6.x's files, the format of every version since 6 to X9;
# WordPerfect before X5 saves no .docx, and 5.1 for DOS no Rich Text)
_WORD_PERFECT = _Kind(_word_processor("WordPerfect", opener="Word"), _word_perfect)
_WORKS = _Kind(_word_processor("Works", _RTF), _starts(_OLE2, what="a Works document"))
_STAROFFICE = _starts(_ZIP, what="a zip package, as OpenOffice.org 1 and StarOffice 6 and 7 save")
_XLSX = "xlsx:Calc MS Excel 2007 XML"

# Kinds whose LibreOffice import keeps every word, judged on real files (docs/documents.md
# names them: Apple's from libetonyek, the others from Apache Tika's and Apache POI's tests).
# Left out, refused by name (engine.fileio.OTHER_DOCUMENTS): AbiWord's .abw and WordPro's
# .lwp, no real file of theirs at hand to judge LibreOffice's import on.
KINDS: Mapping[str, _Kind] = {
    ".pages": _Kind(Target(".docx", "docx:MS Word 2007 XML", "Pages", export="Word"), _iwork),
    ".key": _Kind(
        Target(".pptx", "pptx:Impress MS PowerPoint 2007 XML", "Keynote", export="PowerPoint"),
        _iwork,
    ),
    ".numbers": _Kind(Target(".xlsx", _XLSX, "Numbers", export="Excel"), _iwork),
    # WordPerfect 5 to X9's (libwpd); 5.x's are often named .wp, .wp5, 6's .wp6.
    ".wpd": _WORD_PERFECT,
    ".wp": _WORD_PERFECT,
    ".wp5": _WORD_PERFECT,
    ".wp6": _WORD_PERFECT,
    # Works' word processor, 3.0 to 2000 (libwps): a compound file.
    ".wps": _WORKS,
    # Windows' Write (3.0 and 3.1), which saves only its own files, Word for DOS's and text,
    # none Quire reads (nor do Word and WordPad open its files now).
    ".wri": _Kind(
        _word_processor("Write", None),
        _starts(b"1\xbe\x00\x00", b"2\xbe\x00\x00", what="a Write document"),
    ),
    # StarOffice 5's Writer (a compound file), OpenOffice.org 1's and StarOffice 6's and 7's
    # (a zip of OpenOffice.org's first XML).
    ".sdw": _Kind(
        _word_processor("StarOffice Writer", _RTF),
        _starts(_OLE2, what="a StarOffice Writer document"),
    ),
    ".sxw": _Kind(_word_processor("OpenOffice.org Writer", _RTF), _STAROFFICE),
    # StarOffice 3 to 5's Calc (a compound file), as its Writer's.
    ".sdc": _Kind(
        Target(".xlsx", _XLSX, "StarOffice Calc", saves=_WEB_PAGE),
        _starts(_OLE2, what="a StarOffice Calc spreadsheet"),
    ),
    ".sxc": _Kind(Target(".xlsx", _XLSX, "OpenOffice.org Calc", saves=_WEB_PAGE), _STAROFFICE),
    # (OpenOffice.org 1's Impress saves PowerPoint 97's .ppt, which Quire reads by LibreOffice
    # too, and a web page of a folder of pages: nothing Quire reads without it)
    ".sxi": _Kind(
        Target(
            ".pptx", "pptx:Impress MS PowerPoint 2007 XML", "OpenOffice.org Impress", saves=None
        ),
        _STAROFFICE,
    ),
    # Hangul 97's and 3.0's (LibreOffice's hwpfilter); 2002 and later's refused (HWP 5.0).
    # Hangul 97 saves no .docx; a recent Hangul opens its files and saves one.
    ".hwp": _Kind(_word_processor("Hangul", opener="a recent Hangul"), _hangul),
    # Excel 2007 and later's binary workbook.
    ".xlsb": _Kind(Target(".xlsx", _XLSX, "Excel"), _workbook),
}
# Apple's: a document may be a macOS package (a folder).
_PACKAGED = frozenset([".pages", ".key", ".numbers"])


def is_document_package(path: Path) -> bool:
    """Whether ``path`` is a document saved as a macOS package (a folder that the Finder
    shows as one file: Report.pages/), which is read as one document: a folder of an iWork
    suffix holding a document's index, as each generation saves it (Index.zip, or an Index/
    folder of .iwa parts, from '13; index.xml or index.apxl, plain or gzipped, before). A
    folder that is only named so (ssl.key/ of PEM keys, notes.numbers/ of text files, an
    empty Report.pages/) is a folder like any other."""
    if path.suffix.lower() not in _PACKAGED:
        return False
    try:
        if not path.is_dir():
            return False
        for entry in path.iterdir():
            name = entry.name.lower()
            if name in _PACKAGE_INDEXES and entry.is_file():
                return True
            if name == "index" and entry.is_dir() and any(entry.glob("*.iwa")):
                return True
    except OSError:
        return False
    return False


# What marks a package: its document's index, in each generation's name.
_PACKAGE_INDEXES = frozenset(
    ["index.zip", "index.xml", "index.xml.gz", "index.apxl", "index.apxl.gz"]
)


# A package's parts: Pages, Keynote and Numbers '13 and later keep the document in
# Index.zip (Index/*.iwa); '09 and earlier in index.xml(.gz) or index.apxl(.gz).
_INDEX_ZIP = "Index.zip"


def pack(folder: Path, *, limit: int = MAX_DOCUMENT_BYTES) -> bytes:
    """The package ``folder`` as the single file Pages, Keynote and Numbers save when asked
    for one (a zip of its parts, Index.zip's unpacked), which LibreOffice opens (it opens no
    folder). The folder is only read. Links are not followed out of it. Its movies and
    sounds go with it where the whole fits ``limit``, and are left out where they do not
    (their size is not the document's)."""
    parts = [p for p in sorted(folder.rglob("*")) if not p.is_symlink() and p.is_file()]
    media = [p for p in parts if _media(p.relative_to(folder).as_posix())]
    buffer = io.BytesIO()
    total = 0
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for part in parts:
            name = part.relative_to(folder).as_posix()
            if part in media:
                continue  # (after the document's own parts, if they leave room)
            if name != _INDEX_ZIP:
                total += part.stat().st_size
                if total > limit:
                    raise _too_large(folder, limit)
                archive.write(part, name)
                continue
            try:
                with zipfile.ZipFile(part) as index:
                    infos = [info for info in index.infolist() if not info.is_dir()]
                    _check_methods(infos, folder)
                    # What it unpacks to counts, not its size packed: a few megabytes of
                    # Index.zip may hold gigabytes (refused before any is unpacked).
                    total += sum(info.file_size for info in infos)
                    if total > limit:
                        raise _too_large(folder, limit)
                    for info in infos:
                        archive.writestr(info.filename, _unpacked(index, info, folder, limit))
            except (zipfile.BadZipFile, OSError, RuntimeError, EOFError) as exc:
                raise _damaged(folder, f"its {_INDEX_ZIP} is damaged") from exc
        sizes = [part.stat().st_size for part in media]
        if total + sum(sizes) <= limit:
            for part in media:
                archive.write(part, part.relative_to(folder).as_posix())
    return buffer.getvalue()


# A package's movies and sounds (Data/movie.mov): no text to translate. libetonyek embeds
# one in what it converts (read whole into memory), so one that would take the package past
# the size a document may be is left out rather than the document refused (a talk with a
# 230 MB film is a small document; its translation lacks the film).
_MEDIA = frozenset(
    [".mov", ".mp4", ".m4v", ".avi", ".mpg", ".mpeg", ".m4a", ".mp3", ".aif", ".aiff",
     ".aifc", ".wav", ".caf"]
)  # fmt: skip


def _media(name: str) -> bool:
    return name.startswith("Data/") and Path(name).suffix.lower() in _MEDIA


def _unpacked(index: zipfile.ZipFile, info: zipfile.ZipInfo, folder: Path, limit: int) -> bytes:
    """``info``'s bytes, read a megabyte at a time and refused past ``limit`` (a part whose
    header understates its size)."""
    chunks = []
    size = 0
    with index.open(info) as part:
        while chunk := part.read(1 << 20):
            size += len(chunk)
            if size > limit:
                raise _too_large(folder, limit)
            chunks.append(chunk)
    return b"".join(chunks)


def _too_large(path: Path, limit: int) -> DocumentError:
    from engine.text.sizes import human_size

    return DocumentError(
        f"The package is larger than the {human_size(limit)} a document may be",
        path=path,
        hint="Split it into smaller documents, then translate those, or raise the limit "
        "(--max-size)",
        message_id="document.too_large_inside",
    )


def _params(path: Path, target: Target) -> dict[str, str]:
    return {"suffix": path.suffix, **libreoffice._params(target)}


def _damaged(path: Path, why: str) -> DocumentError:
    target = KINDS[path.suffix.lower()].target
    saves = target.saves or target.save_as
    if target.export:
        hint = (
            f"Open it in {target.program}, export it as {target.export} ({target.save_as}) "
            f"(File > Export To > {target.export}), then try again with that"
        )
    elif target.saves is None:
        hint = f"Open and save it again in {target.program}, then try again"
    else:
        where = target.opener or target.program
        hint = f"Open it in {where}, save it as {saves}, then try again with that"
    return DocumentError(
        f"The file is damaged, or is not really a {path.suffix} file ({why})",
        path=path,
        hint=hint,
        message_id="document.old_office_damaged",
        params=_params(path, target),
    )


def _unopened(path: Path) -> DocumentError:
    """The refusal of a file LibreOffice's import could not open: one saved by a version of
    its program that the import does not read (a newer Pages than its libetonyek reads; an
    older one's parts it skips: Pages '09's headers and footers), or a damaged one."""
    target = KINDS[path.suffix.lower()].target
    return DocumentError(
        f"LibreOffice could not open the {target.program} document (its "
        f"{target.program} version is one LibreOffice does not read, or it is damaged)",
        path=path,
        hint=f"{libreoffice.remedy(target)[:1].upper()}{libreoffice.remedy(target)[1:]} and "
        "translate that, or update LibreOffice, then try again"
        if libreoffice.remedy(target)
        else "Update LibreOffice, then try again",
        message_id="document.import_failed",
        params=_params(path, target),
    )


def _encrypted(path: Path) -> DocumentError:
    kind = KINDS[path.suffix.lower()]
    program = kind.target.program
    if kind is _WORD_PERFECT:  # (WordPerfect sets and clears it as it saves)
        how = "save it without the password (File > Save As, Password protect cleared)"
    else:
        where = " (File > Set Password)" if path.suffix.lower() in _PACKAGED else ""
        how = f"remove the password{where}"
    return DocumentError(
        f"The {program} document is protected by a password, which LibreOffice cannot open",
        path=path,
        hint=f"Open it in {program}, {how}, then try again",
        message_id="document.encrypted",
    )


def _smartart(path: Path) -> DocumentError:
    """The refusal of an .xlsb holding SmartArt, whose words LibreOffice's import leaves out
    (Apache Tika's testEXCEL_diagramData.xlsb: its cells kept, "SmartArt text#1." lost)."""
    return DocumentError(
        "This workbook holds SmartArt, whose words LibreOffice's conversion of an .xlsb leaves out",
        path=path,
        hint="Save it as .xlsx in Excel (File > Save As), then try again with that",
        message_id="document.xlsb_smartart",
    )


def _lost_text(path: Path, strings: int) -> DocumentError:
    """The refusal of an .xlsb whose conversion came out without text though the workbook
    holds ``strings`` (Excel 2007 Beta 2's files, Apache POI's Simple.xlsb and Tika's
    testEXCEL.xlsb: LibreOffice reads one empty sheet of them)."""
    return DocumentError(
        "LibreOffice's conversion of the workbook came out without its text (the workbook "
        f"holds {'a string' if strings == 1 else f'{strings} strings'}): it may be saved by "
        "an early version of Excel 2007, which LibreOffice does not read",
        path=path,
        hint="Open it in Excel, save it as .xlsx (File > Save As), then try again with that",
        message_id="document.xlsb_lost_text",
        params={"count": str(strings)},
    )


def _hwp5(path: Path) -> DocumentError:
    """The refusal of a Hangul 2002 or later document (HWP 5.0), which LibreOffice's import
    (of Hangul 97's and 3.0's) does not open."""
    return DocumentError(
        "This Hangul document is of Hangul 2002 or later (HWP 5.0), which LibreOffice does "
        "not open: Quire reads Hangul 97's and 3.0's",
        path=path,
        hint="Open it in Hangul, save it as a Word document (.docx) (File > Save As), then "
        "try again with that",
        message_id="document.hwp5",
    )


def _not_keynote(path: Path, data: bytes) -> DocumentError:
    """The refusal of a .key file that is no Keynote presentation: a TLS or SSH key (PEM,
    OpenSSH, DER), or other bytes, which Quire does not read (as a folder passes it over)."""
    looks = "an encryption key" if _KEY_STARTS.match(data[:64]) else "not a package"
    return DocumentError(
        f"This .key file is not a Keynote presentation ({looks}), and is a kind of file "
        "Quire does not read",
        path=path,
        hint="Give a Keynote presentation (.key saved by Keynote) or another document",
        message_id="document.key_not_keynote",
    )


# How a key or certificate begins: PEM ("-----BEGIN"), OpenSSH's and PuTTY's own, and DER's
# ASN.1 sequence (0x30 0x82: one of two-byte length).
_KEY_STARTS = re.compile(rb"\s*(-----BEGIN |openssh-key-v1|PuTTY-User-Key-File|ssh-)|\x30\x82")

# Zip compression methods iWork '09 gives the parts of a password-protected document
# (Apache Tika's testPagesPwdProtected.pages: 25451, 25452; no zip method of that number).
_ENCRYPTED_METHODS = frozenset([25451, 25452])


def _check_methods(infos: list[zipfile.ZipInfo], path: Path) -> None:
    if any(info.compress_type in _ENCRYPTED_METHODS for info in infos):
        raise _encrypted(path)


def _parts(data: bytes, path: Path) -> list[str]:
    """The names of the parts in ``data``, a zip as iWork saves one; a refusal for anything
    else (Pages' files have always been packages: a file of other bytes is not one)."""
    if not data.startswith(b"PK\x03\x04"):
        if path.suffix.lower() == ".key":
            raise _not_keynote(path, data)
        raise _damaged(path, "it is not a package, as Pages, Keynote and Numbers save")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_methods(archive.infolist(), path)
            return archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _damaged(path, "its package is cut short or broken") from exc


# A document's own parts (Index/*.iwa), in each generation (with, or within, the package's
# folder when it was zipped as the Finder and mail programs zip one: Report.pages/Index.zip).
_INDEXES = (".iwa", "index.zip", "index.xml", "index.xml.gz", "index.apxl",
            "index.apxl.gz")  # fmt: skip
# Where a password-protected package keeps what checks the password: its parts are
# encrypted, which LibreOffice does not read.
_PASSWORD_PARTS = (".iwpv2", ".iwph", ".iwpv")


def _check(names: list[str], path: Path) -> None:
    lowered = [n.lower() for n in names]
    if any(n.rsplit("/", 1)[-1] in _PASSWORD_PARTS for n in lowered):
        raise _encrypted(path)
    if not any(n.endswith(index) for n in lowered for index in _INDEXES):
        raise _damaged(path, "it holds no Pages, Keynote or Numbers document")


def _really(data: bytes) -> str | None:
    """The suffix of a file another program wrote (a .docx or .odt renamed .pages; Rich Text
    named .wpd or .wri, as programs export "Word" files and WordPad saves), read as what it
    is; None for one to convert."""
    from engine.documents.registry import actual_suffix

    if data.lstrip()[:5] == b"{\\rtf":
        return ".rtf"
    return actual_suffix(data) if data.startswith(_ZIP) else None


def written_as(path: Path) -> tuple[str, ...] | None:
    """What ``path`` is written as, from its bytes, before any conversion: what it really is
    where it is another kind of file (Rich Text named .wpd: .rtf; a renamed .odt: .odt), else
    the kind LibreOffice converts it to (a .wpd: .docx), so that an output named otherwise is
    refused at once, and with the right names; None where it is unreadable, or a package."""
    if path.is_dir():
        return None
    try:
        if path.stat().st_size > MAX_DOCUMENT_BYTES:
            return None
        data = path.read_bytes()
    except OSError:
        return None
    really = _really(data)
    return (KINDS[path.suffix.lower()].target.save_as,) if really is None else (really,)


def read(data: bytes, path: Path, *, waiting: Waiting | None = None) -> Document:
    """The document in ``data`` (a package's as one file, see ``pack``): converted with
    LibreOffice and read as a Word, PowerPoint or Excel file, or read as what it really is
    (a renamed .docx)."""
    from engine.documents.office97 import converted_note, renamed_note
    from engine.documents.registry import READERS

    kind = KINDS[path.suffix.lower()]
    really = _really(data)
    if really is not None:
        document = READERS[really](data, path)
        document.output_suffixes = (really,)
        name = really.removeprefix(".").upper()
        document.notes = (*document.notes, renamed_note(path, name, really))
        return document
    kind.check(data, path)
    soffice = libreoffice.find_soffice()
    if soffice is None:
        raise libreoffice.needs_libreoffice(path, kind.target)
    converted, version = libreoffice.convert(
        data, path, soffice, kind.target, unopened=lambda: _unopened(path),
        waiting=waiting,
    )  # fmt: skip
    if path.suffix.lower() == ".xlsb":
        strings, headers = xlsb.source_text(data)
        converted = xlsb.without_added_headers(converted, headers)
    document = READERS[kind.target.save_as](converted, path)
    if path.suffix.lower() == ".xlsb" and strings and not document.units:
        raise _lost_text(path, strings)
    document.output_suffixes = (kind.target.save_as,)
    document.notes = (
        converted_note(path, version, kind.target.save_as),
        *(_changes_in(note, path, kind.target.program) for note in document.notes),
    )
    return document


def _changes_in(note: Note, path: Path, program: str) -> Note:
    """``note``, where it says to accept a converted document's tracked changes, naming the
    program its file came from, and LibreOffice's menu, not Word's (a .sxw's or .wpd's
    user has no Word to open it in)."""
    if note.message_id != "document.pending_changes":
        return note
    return pending_changes(path, f"{program}, or LibreOffice: Edit → Track Changes → Manage")


__all__ = ["KINDS", "is_document_package", "pack", "read", "written_as"]
