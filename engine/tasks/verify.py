"""Re-hash installed models' files against their manifests, reporting bytes as they go."""

from __future__ import annotations

from engine.api import Progress, VerifyReport, VerifyRequest
from engine.errors import ModelNotFound, StoreError
from engine.store.local import manifest_size, read_manifest
from engine.tasks.context import TaskContext


def run(ctx: TaskContext, request: VerifyRequest) -> VerifyReport:
    store = ctx.engine.store
    names = [request.name] if request.name is not None else [m.name for m in store.list()]
    total = sum(manifest_size(m) for n in names if (m := read_manifest(store.path(n))) is not None)
    done = 0

    def on_bytes(n: int) -> None:
        nonlocal done
        done += n
        ctx.report(Progress("verifying", done, total))

    results = []
    for name in names:
        try:
            results.append(store.verify(name, on_bytes, ctx.cancel))
        except (StoreError, ModelNotFound):
            if request.name is not None:
                raise
            # (all of them: one removed meanwhile is no longer installed, not damaged)
    return VerifyReport(tuple(results))
