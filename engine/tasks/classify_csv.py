"""Classify one column of a CSV file into a new CSV file (``classify.classify_csv``)."""

from __future__ import annotations

from engine.api import ClassifyCsvRequest, CsvClassified
from engine.tasks.classify import classify_csv
from engine.tasks.context import TaskContext


def run(ctx: TaskContext, request: ClassifyCsvRequest) -> CsvClassified:
    return classify_csv(
        ctx.engine,
        request.input,
        request.column,
        request.output,
        request.settings,
        report=ctx.report,
        cancel=ctx.cancel,
        encoding=request.encoding,
        max_bytes=request.max_bytes,
    )
