"""Translate a whole document (file in, file out, formatting kept, resumable): the document
layer does the work, one ``TranslateRequest`` batch at a time."""

from __future__ import annotations

from typing import TYPE_CHECKING

from engine.api import TranslateDocumentRequest
from engine.tasks.context import TaskContext

if TYPE_CHECKING:
    from engine.documents import DocumentResult


def run(ctx: TaskContext, request: TranslateDocumentRequest) -> DocumentResult:
    # Imported here: the document layer runs on Engine, which imports this registry.
    from engine.documents import translate_document

    return translate_document(
        ctx.engine,
        request.input,
        request.output,
        request.template,
        ctx.report,
        ctx.cancel,
        bilingual=request.bilingual,
        checkpoint=request.checkpoint,
        # (the app's outputs are recorded: one of them still as Quire wrote it is written
        # over, as `quire translate` does, else an app's values-de/strings.xml could be
        # translated once only)
        replace=True if request.overwrite else ("own" if request.record else False),
        record=request.record,
    )
