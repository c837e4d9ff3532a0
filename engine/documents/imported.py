"""Apple's Pages, Keynote and Numbers documents (a file, or a macOS package: a folder named
X.pages): a copy converted to .docx, .pptx or .xlsx by the user's LibreOffice (its
libetonyek import), then read and written as that; a renamed package read as what it is."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from engine.documents import libreoffice
from engine.documents.base import Document
from engine.documents.errors import DocumentError
from engine.documents.libreoffice import Target, Waiting
from engine.documents.limits import MAX_DOCUMENT_BYTES


@dataclass(frozen=True)
class _Kind:
    """What a suffix is converted to, the program whose file it is, and what that program
    exports it as (the remedy the refusals name)."""

    target: Target
    export: str  # Pages' "File > Export To" menu item that writes ``target.save_as``


# Only Apple's three: LibreOffice's import of them (libetonyek) keeps every word and the
# paragraphs, slides and cells they stand in (see docs/documents.md for the files it was
# judged on). WordPerfect, Works, AbiWord, Hangul and WordPro files are left out: no real
# file of theirs was at hand to judge LibreOffice's import on.
KINDS: Mapping[str, _Kind] = {
    ".pages": _Kind(Target(".docx", "docx:MS Word 2007 XML", "Pages", export="Word"), "Word"),
    ".key": _Kind(
        Target(".pptx", "pptx:Impress MS PowerPoint 2007 XML", "Keynote", export="PowerPoint"),
        "PowerPoint",
    ),
    ".numbers": _Kind(
        Target(".xlsx", "xlsx:Calc MS Excel 2007 XML", "Numbers", export="Excel"), "Excel"
    ),
}


def is_document_package(path: Path) -> bool:
    """Whether ``path`` is a document saved as a macOS package (a folder that the Finder
    shows as one file: Report.pages/), which is read as one document: a folder of an iWork
    suffix holding a document's index, as each generation saves it (Index.zip, or an Index/
    folder of .iwa parts, from '13; index.xml or index.apxl, plain or gzipped, before). A
    folder that is only named so (ssl.key/ of PEM keys, notes.numbers/ of text files, an
    empty Report.pages/) is a folder like any other."""
    if path.suffix.lower() not in KINDS:
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


def _damaged(path: Path, why: str) -> DocumentError:
    kind = KINDS[path.suffix.lower()]
    return DocumentError(
        f"The file is damaged, or is not really a {path.suffix} file ({why})",
        path=path,
        hint=f"Open it in {kind.target.program}, export it as {kind.export} "
        f"({kind.target.save_as}) (File > Export To > {kind.export}), then try again with that",
        message_id="document.old_office_damaged",
        params={"suffix": path.suffix, "save_as": kind.target.save_as,
                "program": kind.target.program, "export": kind.export},
    )  # fmt: skip


def _unopened(path: Path) -> DocumentError:
    """The refusal of a file LibreOffice's import could not open: one saved by a Pages,
    Keynote or Numbers whose format its libetonyek does not read (a newer one, or an older
    one's parts it skips: Pages '09's headers and footers), or a damaged one."""
    kind = KINDS[path.suffix.lower()]
    return DocumentError(
        f"LibreOffice could not open the {kind.target.program} document (its "
        f"{kind.target.program} version is one LibreOffice does not read, or it is damaged)",
        path=path,
        hint=f"Export it as {kind.export} ({kind.target.save_as}) from {kind.target.program} "
        f"(File > Export To > {kind.export}) and translate that, or update LibreOffice, then "
        "try again",
        message_id="document.import_failed",
        params={"suffix": path.suffix, "program": kind.target.program,
                "save_as": kind.target.save_as, "export": kind.export},
    )  # fmt: skip


def _encrypted(path: Path) -> DocumentError:
    kind = KINDS[path.suffix.lower()]
    return DocumentError(
        f"The {kind.target.program} document is protected by a password, which LibreOffice "
        "cannot open",
        path=path,
        hint=f"Open it in {kind.target.program}, remove the password (File > Set Password), "
        "then try again",
        message_id="document.encrypted",
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
    """The suffix of a package another program wrote (a .docx or .odt renamed .pages),
    read as what it is; None for one to convert."""
    from engine.documents.registry import actual_suffix

    return actual_suffix(data) if data.startswith(b"PK\x03\x04") else None


def written_as(path: Path) -> tuple[str, ...] | None:
    """What ``path`` is written as where its bytes say it is another package (a renamed
    .odt: .odt); None where it is converted, or unreadable."""
    if path.is_dir():
        return None
    try:
        if path.stat().st_size > MAX_DOCUMENT_BYTES:
            return None
        data = path.read_bytes()
    except OSError:
        return None
    really = _really(data)
    return None if really is None else (really,)


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
    _check(_parts(data, path), path)
    soffice = libreoffice.find_soffice()
    if soffice is None:
        raise libreoffice.needs_libreoffice(path, kind.target)
    converted, version = libreoffice.convert(
        data, path, soffice, kind.target, unopened=lambda: _unopened(path),
        waiting=waiting,
    )  # fmt: skip
    document = READERS[kind.target.save_as](converted, path)
    document.output_suffixes = (kind.target.save_as,)
    document.notes = (
        converted_note(path, version, kind.target.save_as),
        *document.notes,
    )
    return document


__all__ = ["KINDS", "is_document_package", "pack", "read", "written_as"]
