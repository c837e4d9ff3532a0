"""A file's text for a client to show: a document's extracted, a text file's decoded."""

from __future__ import annotations

from engine.api import FileText, ReadFileRequest
from engine.tasks.context import TaskContext


def run(ctx: TaskContext, request: ReadFileRequest) -> FileText:
    if request.document:
        from engine.documents import extract

        def reading(done: int, total: int) -> None:
            # A long PDF takes minutes: its pages are said, and Cancel stops between them.
            ctx.check()
            ctx.progress("reading pages", done, total)

        extracted = extract(request.path, max_bytes=request.max_bytes, tick=reading)
        return FileText(extracted.text, extracted.encoding)
    from engine.fileio import read_decoded

    text, encoding = read_decoded(request.path, limit=request.max_bytes, encoding=request.encoding)
    return FileText(text, encoding)
