"""The documents to translate among dropped files and folders, walked one folder at a time so a
cancel is seen between folders (a home folder takes a while)."""

from __future__ import annotations

import os
from pathlib import Path

from engine.api import FilesFound, ScanFolderRequest
from engine.tasks.context import TaskContext


def run(ctx: TaskContext, request: ScanFolderRequest) -> FilesFound:
    out: list[Path] = []
    unsupported: list[Path] = []
    from engine.documents.imported import is_document_package

    not_text: list[Path] = []
    for path in request.paths:
        if path.is_dir() and not is_document_package(path):  # (a Pages package is one document)
            found, other, passed = _folder_documents(ctx, path, request.source, request.target)
            out.extend(found)
            unsupported.extend(other)
            not_text.extend(passed)
        else:
            out.append(path)
    return FilesFound(
        tuple(dict.fromkeys(out)), tuple(dict.fromkeys(unsupported)), tuple(dict.fromkeys(not_text))
    )


def _folder_documents(
    ctx: TaskContext, folder: Path, source: str | None, target: str | None
) -> tuple[list[Path], list[Path], list[Path]]:
    """``folder_documents(folder, recursive=True)``, one folder at a time: the documents, the
    files of kinds Quire does not read, and those of kinds it reads that are no text to
    translate (a settings file). The document layer decides what counts (supported, not
    hidden, not a translation); this only walks."""
    from engine.documents import folder_documents
    from engine.documents.folders import NOT_TEXT
    from engine.documents.imported import is_document_package

    found: list[Path] = []
    unsupported: list[Path] = []
    not_text: list[Path] = []
    for top, dirs, _files in os.walk(folder):
        ctx.check()
        dirs[:] = [d for d in dirs if not d.startswith(".")]  # the engine skips them anyway
        dirs[:] = [d for d in dirs if not is_document_package(Path(top) / d)]  # (one document each)
        try:
            documents, skipped = folder_documents(
                Path(top), target, recursive=False, root=folder, source=source
            )
        except OSError:
            continue  # unreadable, or gone since the walk saw it: as the recursive scan does
        found.extend(documents)
        unsupported.extend(s.path for s in skipped if s.reason == "unsupported")
        not_text.extend(s.path for s in skipped if s.reason in NOT_TEXT)
    # The order of the recursive scan: by path, not folder by folder.
    return sorted(found), sorted(unsupported), sorted(not_text)
