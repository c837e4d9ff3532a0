"""Files the user opens or drops, and results they save. Plain text only for now; documents
(PDF, Word, …) get a clear "not yet" instead of garbage."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from engine import InputError

MAX_BYTES = 50 * 1024 * 1024  # more than a pane can show comfortably
DOCUMENTS = {
    ".pdf": "PDF",
    ".docx": "Word",
    ".doc": "Word",
    ".odt": "OpenDocument",
    ".rtf": "RTF",
    ".epub": "EPUB",
    ".pptx": "PowerPoint",
    ".xlsx": "Excel",
    ".pages": "Pages",
}


def read_text(path: Path) -> str:
    """A dropped or opened file's text (UTF-8, with or without BOM). Raises ``InputError``
    with a sentence the error presenter shows as it is."""
    if path.is_dir():
        raise InputError(
            "This is a folder; Quire takes one file at a time for now",
            path=path,
            hint="Drop a single text file",
        )
    kind = DOCUMENTS.get(path.suffix.lower())
    if kind is not None:
        raise InputError(
            f"Quire cannot read {kind} files yet",
            path=path,
            hint="Copy the text and paste it here, or save it as a plain text (.txt) file",
        )
    try:
        if path.stat().st_size > MAX_BYTES:
            raise InputError("The file is larger than 50 MB", path=path)
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("The file no longer exists", path=path) from None
    except PermissionError:
        raise InputError("Quire may not read this file", path=path) from None
    except OSError as exc:
        raise InputError(f"The file cannot be read: {exc.strerror}", path=path) from exc
    if b"\x00" in data[:8192]:
        raise InputError(
            "This is not a plain text file",
            path=path,
            hint="Quire reads plain text (.txt, .md) for now",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(
            "The file is not UTF-8 text", path=path, hint="Save it as UTF-8 and try again"
        ) from None


def write_text(path: Path, text: str) -> None:
    """Write through a temporary file renamed into place, so a failed save never leaves half
    a file where a good one was."""
    path = path.expanduser()
    tmp: str | None = None
    try:
        handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        raise InputError(
            f"The file could not be saved: {exc.strerror}",
            path=path,
            hint="Choose another folder",
        ) from exc
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
