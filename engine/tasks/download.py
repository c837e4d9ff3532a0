"""Download a model into the store (``engine.store.download``): resumable, cancellable between
chunks, refused before any connection in offline mode."""

from __future__ import annotations

from engine.api import DownloadRequest, InstalledModel
from engine.tasks.context import TaskContext
from engine.tasks.models import installed


def run(ctx: TaskContext, request: DownloadRequest) -> InstalledModel:
    from engine.store.download import download

    folder = download(
        ctx.engine.store,
        ctx.engine.options,
        request.model,
        variant=request.variant,
        name=request.name,
        report=ctx.report,
        cancel=ctx.cancel,
    )
    return installed(ctx, folder.name)
