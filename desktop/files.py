"""Files the user opens or drops, and results they save. Plain text is read as it is; the
documents ``engine.documents`` reads (Word, subtitles, HTML, …) give their text; other formats
get a clear "not yet" instead of garbage."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from engine import InputError, TextEncoding, read_decoded, write_atomic
from engine.documents import extract, output_suffix, supported

MAX_BYTES = 50 * 1024 * 1024  # more than a pane can show comfortably
PLAIN = frozenset({".txt", ".text", ".md", ".markdown", ""})  # shown as they are, markup too
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


def open_filters() -> str:
    """The file dialog's filters: every format Quire reads first, then anything."""
    from PySide6.QtCore import QCoreApplication

    patterns = " ".join(f"*{suffix}" for suffix in sorted(set(PLAIN) | set(supported())) if suffix)
    return ";;".join(
        [
            QCoreApplication.translate("files", "Supported files ({patterns})").format(
                patterns=patterns
            ),
            QCoreApplication.translate("files", "All files (*)"),
        ]
    )


def is_document(path: Path) -> bool:
    """A file whose text must be extracted (``extract_text``, on the worker)."""
    suffix = path.suffix.lower()
    return suffix not in PLAIN and suffix in supported()


def written_suffix(path: Path) -> str:
    """The extension of ``path``'s translated copy: its own, or the format it is written as."""
    return output_suffix(path.suffix)


@dataclass(frozen=True)
class OpenedText:
    """A file's text, and the encoding it was read in when that is worth saying (not UTF-8,
    not a binary format such as .docx)."""

    text: str
    encoding: str | None = None


def _worth_saying(encoding: TextEncoding | None) -> str | None:
    return encoding.name if encoding is not None and encoding.name != "utf-8" else None


def extract_text(path: Path) -> OpenedText:
    """A document's text, one paragraph per unit (a subtitle cue, a Word paragraph). Raises
    ``DocumentError`` (an ``InputError``)."""
    extracted = extract(path, max_bytes=MAX_BYTES)
    return OpenedText(extracted.text, _worth_saying(extracted.encoding))


def read_text(path: Path) -> OpenedText:
    """A dropped or opened file's text, in whatever encoding it is (detected). Raises
    ``InputError`` with a sentence the error presenter shows as it is."""
    if path.is_dir():
        raise InputError(
            "This is a folder; only Translate takes folders",
            path=path,
            hint="Drop a single file here, or drop the folder on Translate",
        )
    kind = DOCUMENTS.get(path.suffix.lower())
    if kind is not None:
        raise InputError(
            f"Quire cannot read {kind} files yet",
            path=path,
            hint="Copy the text and paste it here, or save it as a plain text (.txt) file",
        )
    text, encoding = read_decoded(path, limit=MAX_BYTES)
    return OpenedText(text, _worth_saying(encoding))


def write_text(path: Path, text: str) -> None:
    """Save through a temporary file renamed into place, so a failed save never leaves half
    a file where a good one was."""
    write_atomic(path, text)
