"""Which reader opens which file: one entry per extension, and the size limit."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from engine.documents import docx, epub, html, markdown, odf, pdf, pptx, subtitles, txt
from engine.documents.base import Document
from engine.documents.errors import DocumentError
from engine.fileio import read_bytes

Reader = Callable[[bytes, Path], Document]

READERS: dict[str, Reader] = {
    ".txt": txt.read,
    ".text": txt.read,
    ".srt": subtitles.read_srt,
    ".vtt": subtitles.read_vtt,
    ".md": markdown.read,
    ".html": html.read,
    ".htm": html.read,
    ".docx": docx.read,
    ".markdown": markdown.read,
    ".pptx": pptx.read,
    ".odt": odf.read,
    ".odp": odf.read,
    ".epub": epub.read,
    ".pdf": pdf.read,
}
MAX_DOCUMENT_BYTES = 200 * 1024 * 1024


def supported() -> tuple[str, ...]:
    return tuple(sorted(READERS))


def open_document(path: Path, *, max_bytes: int = MAX_DOCUMENT_BYTES) -> Document:
    """Read and parse ``path`` by its extension. Raises only ``DocumentError``."""
    path = Path(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise DocumentError(
            f"Quire cannot translate {path.suffix or 'extension-less'} files",
            path=path,
            hint=f"Give one of: {', '.join(supported())}",
        )
    data = read_bytes(path, limit=max_bytes, error=DocumentError)
    try:
        document = reader(data, path)
    except DocumentError:
        raise
    except Exception as exc:  # a parser's own failure on a malformed file
        raise DocumentError(
            f"The file is damaged or not really {path.suffix}: {exc}",
            path=path,
            hint="Open and save it again in its editor, then retry",
        ) from exc
    if not any(unit.text.strip() for unit in document.units):
        raise DocumentError(
            "The document has no text to translate", path=path, hint="Give a document with text"
        )
    return document


__all__ = ["MAX_DOCUMENT_BYTES", "READERS", "Reader", "open_document", "supported"]
