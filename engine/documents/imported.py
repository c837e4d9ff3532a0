"""Apple's Pages, Keynote and Numbers documents (a file, or a macOS package: a folder named
X.pages): a copy converted to .docx, .pptx or .xlsx by the user's LibreOffice (its
libetonyek import), then read and written as that; a renamed package read as what it is."""

from __future__ import annotations

import io
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
    ".pages": _Kind(Target(".docx", "docx:MS Word 2007 XML", "Pages"), "Word"),
    ".key": _Kind(Target(".pptx", "pptx:Impress MS PowerPoint 2007 XML", "Keynote"), "PowerPoint"),
    ".numbers": _Kind(Target(".xlsx", "xlsx:Calc MS Excel 2007 XML", "Numbers"), "Excel"),
}


def is_document_package(path: Path) -> bool:
    """Whether ``path`` is a document saved as a macOS package (a folder that the Finder
    shows as one file: Report.pages/), which is read as one document."""
    return path.suffix.lower() in KINDS and path.is_dir()


# A package's parts: Pages, Keynote and Numbers '13 and later keep the document in
# Index.zip (Index/*.iwa); '09 and earlier in index.xml(.gz) or index.apxl(.gz).
_INDEX_ZIP = "Index.zip"


def pack(folder: Path, *, limit: int = MAX_DOCUMENT_BYTES) -> bytes:
    """The package ``folder`` as the single file Pages, Keynote and Numbers save when asked
    for one (a zip of its parts, Index.zip's unpacked), which LibreOffice opens (it opens no
    folder). The folder is only read. Links are not followed out of it."""
    buffer = io.BytesIO()
    total = 0
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for part in sorted(folder.rglob("*")):
            if part.is_symlink() or not part.is_file():
                continue
            total += part.stat().st_size
            if total > limit:
                raise _too_large(folder, limit)
            name = part.relative_to(folder).as_posix()
            if name == _INDEX_ZIP:
                try:
                    with zipfile.ZipFile(part) as index:
                        for info in index.infolist():
                            if not info.is_dir():
                                archive.writestr(info.filename, index.read(info))
                except (zipfile.BadZipFile, OSError, RuntimeError) as exc:
                    raise _damaged(folder, f"its {_INDEX_ZIP} is damaged") from exc
            else:
                archive.write(part, name)
    return buffer.getvalue()


def _too_large(path: Path, limit: int) -> DocumentError:
    from engine.text.sizes import human_size

    return DocumentError(
        f"The package is larger than the {human_size(limit)} a document may be",
        path=path,
        hint="Split it into smaller documents, then translate those",
        message_id="document.too_large_inside",
    )


def _damaged(path: Path, why: str) -> DocumentError:
    kind = KINDS[path.suffix.lower()]
    return DocumentError(
        f"The file is damaged, or is not really a {path.suffix} file ({why})",
        path=path,
        hint=f"Open it in {kind.target.program}, export it as {kind.target.save_as} (File > "
        f"Export To > {kind.export}), then try again with that",
        message_id="document.old_office_damaged",
        params={"suffix": path.suffix, "save_as": kind.target.save_as,
                "program": kind.target.program},
    )  # fmt: skip


def _unopened(path: Path) -> DocumentError:
    """The refusal of a file LibreOffice's import could not open: mostly one saved by a newer
    Pages, Keynote or Numbers than its libetonyek reads (they change their format often)."""
    kind = KINDS[path.suffix.lower()]
    return DocumentError(
        f"LibreOffice could not open the {kind.target.program} document: it was saved by a "
        f"newer {kind.target.program} than this LibreOffice reads, or it is damaged",
        path=path,
        hint=f"In {kind.target.program}, choose File > Export To > {kind.export} and translate "
        f"the {kind.target.save_as} file, or update LibreOffice, then try again",
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


def _parts(data: bytes, path: Path) -> list[str]:
    """The names of the parts in ``data``, a zip as iWork saves one; a refusal for anything
    else (Pages' files have always been packages: a file of other bytes is not one)."""
    if not data.startswith(b"PK\x03\x04"):
        raise _damaged(path, "it is not a package, as Pages, Keynote and Numbers save")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
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
