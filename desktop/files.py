"""Files the user opens or drops, and results they save. Plain text is read as it is; the
documents ``engine.documents`` reads (Word, subtitles, HTML, …) give their text; documents in
other formats are refused by the engine, saying what to save them as."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from engine import FileText, InputError, ReadFileRequest, is_document_package, write_atomic

MAX_BYTES = 50 * 1024 * 1024  # more than a pane can show comfortably
# Shown as they are. Markdown is a document here: its text is read without the markup (a
# summary of "## Budget" and "[Monday](https://…)" read the markup as words).
PLAIN = frozenset({".txt", ".text", ""})


def open_filters() -> str:
    """The file dialog's filters: every format Quire reads first, then each kind of them
    (documents, subtitles, …), then anything."""
    from PySide6.QtCore import QCoreApplication

    # (the document layer loads when first needed, not at start)
    from engine import supported, supported_kinds

    def patterns(suffixes: Iterable[str]) -> str:
        return " ".join(f"*{suffix}" for suffix in sorted(suffixes) if suffix)

    translate = QCoreApplication.translate
    names = {
        "documents": translate("files", "Documents ({patterns})"),
        "slides": translate("files", "Slides, sheets and drawings ({patterns})"),
        "ebooks": translate("files", "E-books ({patterns})"),
        "subtitles": translate("files", "Subtitles ({patterns})"),
        "strings": translate("files", "Apps' and sites' strings ({patterns})"),
    }
    kinds = supported_kinds()
    return ";;".join(
        [
            translate("files", "Supported files ({patterns})").format(
                patterns=patterns(set(PLAIN) | set(supported()))
            ),
            *(name.format(patterns=patterns(kinds[kind])) for kind, name in names.items()),
            translate("files", "All files (*)"),
        ]
    )


def is_document(path: Path) -> bool:
    """A file whose text must be extracted (a ``ReadFileRequest`` with ``document``); a
    zipped book (``book.fb2.zip``) by both its suffixes."""
    from engine import document_suffix, supported

    suffix = document_suffix(path)
    return suffix not in PLAIN and suffix in supported()


def written_suffix(path: Path) -> str:
    """The extension of ``path``'s translated copy: its own, or the format it is written as."""
    from engine import document_suffix, output_suffix

    return output_suffix(document_suffix(path))


@dataclass(frozen=True)
class OpenedText:
    """A file's text, and the encoding it was read in when that is worth saying (not UTF-8,
    not a binary format such as .docx)."""

    text: str
    encoding: str | None = None
    mixed: str | None = None  # UTF-8 with some lines in this encoding

    @classmethod
    def of(cls, read: FileText) -> OpenedText:
        """The engine's answer to a ``ReadFileRequest``, as the panes show it."""
        encoding = read.encoding
        if encoding is not None and encoding.mixed is not None:
            return cls(read.text, mixed=encoding.mixed)
        return cls(read.text, encoding.name if encoding and encoding.name != "utf-8" else None)


def read_request(path: Path, encoding: str | None = None) -> ReadFileRequest:
    """The request that reads a dropped or opened file's text on the worker: a document's
    extracted (a subtitle cue, a Word paragraph per paragraph), else the file decoded in the
    encoding detected, or in ``encoding`` when the user chose it. Raises ``InputError``, a
    sentence the error presenter shows as it is, for what no reader takes (told here, at
    once, without touching the file's contents)."""
    if is_document(path) and (not path.is_dir() or is_document_package(path)):
        return ReadFileRequest(path=path, document=True, max_bytes=MAX_BYTES)
    if path.is_dir():
        raise InputError(
            "This is a folder; only Translate takes folders",
            path=path,
            hint="Drop a single file here, or drop the folder on Translate",
        )
    # A document in a format Quire does not read (.abw, .indd, .mobi, …) is refused by the
    # engine with what to save it as.
    return ReadFileRequest(path=path, max_bytes=MAX_BYTES, encoding=encoding)


def write_text(path: Path, text: str) -> None:
    """Save through a temporary file renamed into place, so a failed save never leaves half
    a file where a good one was."""
    write_atomic(path, text)
