"""The engine's own jobs: remove an installed model, load one ahead of use, free them all, and
say what this computer can run on."""

from __future__ import annotations

from engine.api import (
    DoctorReport,
    DoctorRequest,
    ModelRemoved,
    ModelUsed,
    PreloadRequest,
    RemoveModelRequest,
    Unloaded,
    UnloadRequest,
)
from engine.doctor import diagnose
from engine.runtime import session_cache
from engine.tasks.context import Kind, TaskContext


def remove(ctx: TaskContext, request: RemoveModelRequest) -> ModelRemoved:
    store = ctx.engine.store
    if request.partial_only:  # a download's kept files: no model of it is loaded
        return ModelRemoved(request.name, store.remove(request.name, partial_only=True))
    # Named before the folder goes: the cache is keyed by the files' own paths.
    folder = store.path(request.name)
    graphs = list(folder.rglob("*.onnx")) if folder.is_dir() else []
    # Unloaded first: nothing of it may answer a later job, and Windows keeps open and
    # memory-mapped files from being deleted.
    ctx.models.drop(folder)
    partial = store.remove(request.name)
    # The optimised graphs (and their weights and tables) would otherwise stay behind.
    session_cache.forget(ctx.engine.options.home / "cache" / "onnxruntime", graphs)
    return ModelRemoved(request.name, partial)


def preload(ctx: TaskContext, request: PreloadRequest) -> ModelUsed:
    folder = ctx.resolve(request.model)
    kind: Kind = "seq2seq" if folder.is_generative else "causal" if folder.is_causal else "encoder"
    return ctx.models.get(folder, kind, ctx.report).used


def unload(ctx: TaskContext, request: UnloadRequest) -> Unloaded:
    ctx.models.clear()
    return Unloaded()


def doctor(ctx: TaskContext, request: DoctorRequest) -> DoctorReport:
    return diagnose(ctx.engine.options)
