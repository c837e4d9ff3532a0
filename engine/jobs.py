"""Every job a client can hand the engine, as one request type each, and one function that runs
any of them: ``Engine.run``'s requests plus whole documents (which go through the document
layer). The local API and an engine process speak this vocabulary."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeAlias

from engine.api import Event, Request, Result, TranslateRequest
from engine.documents import DocumentResult, translate_document
from engine.engine import Engine
from engine.options import CancelToken


@dataclass(frozen=True, kw_only=True)
class TranslateDocumentRequest:
    """Translate the file ``input`` into ``output`` (None: ``NAME.<lang>.<ext>`` beside it),
    keeping its formatting. ``template`` gives the model, languages and glossary."""

    input: Path
    output: Path | None = None
    template: TranslateRequest = dataclasses.field(
        default_factory=lambda: TranslateRequest(text="")
    )
    bilingual: bool = False
    checkpoint: bool = True  # journal progress so an interrupted job resumes


JobRequest: TypeAlias = Request | TranslateDocumentRequest
JobResult: TypeAlias = Result | DocumentResult


def run_job(
    engine: Engine,
    request: JobRequest,
    report: Callable[[Event], None] | None = None,
    cancel: CancelToken | None = None,
) -> JobResult:
    """Do one job of any kind. Raises only ``EngineError``s."""
    if isinstance(request, TranslateDocumentRequest):
        return translate_document(
            engine,
            request.input,
            request.output,
            request.template,
            report,
            cancel,
            bilingual=request.bilingual,
            checkpoint=request.checkpoint,
        )
    return engine.run(request, report, cancel)


__all__ = ["JobRequest", "JobResult", "TranslateDocumentRequest", "run_job"]
