"""The documents to translate among dropped files and folders, walked one folder at a time so a
cancel is seen between folders (a home folder takes a while)."""

from __future__ import annotations

import os
from pathlib import Path

from engine.api import FilesFound, ScanFolderRequest
from engine.tasks.context import TaskContext


def run(ctx: TaskContext, request: ScanFolderRequest) -> FilesFound:
    out: list[Path] = []
    for path in request.paths:
        if path.is_dir():
            out.extend(_folder_documents(ctx, path))
        else:
            out.append(path)
    return FilesFound(tuple(dict.fromkeys(out)))


def _folder_documents(ctx: TaskContext, folder: Path) -> list[Path]:
    """``folder_documents(folder, recursive=True)``, one folder at a time. The document layer
    decides what counts (supported, not hidden, not a translation); this only walks."""
    from engine.documents import folder_documents

    found: list[Path] = []
    for top, dirs, _files in os.walk(folder):
        ctx.check()
        dirs[:] = [d for d in dirs if not d.startswith(".")]  # the engine skips them anyway
        try:
            found.extend(folder_documents(Path(top), recursive=False)[0])
        except OSError:
            continue  # unreadable, or gone since the walk saw it: as the recursive scan does
    return sorted(found)  # the order of the recursive scan: by path, not folder by folder
