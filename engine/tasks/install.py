"""Install a model from a folder or archive after screening it, or convert a transformers
checkpoint to ONNX first; and export a checkpoint without installing it."""

from __future__ import annotations

import tempfile
from pathlib import Path

from engine.api import (
    ConvertModelRequest,
    ExportedModel,
    ExportModelRequest,
    ImportModelRequest,
    InstalledModel,
    Note,
    SetModelTasksRequest,
)
from engine.runtime.manifest import Variant
from engine.store.archive import default_name
from engine.tasks.context import TaskContext
from engine.tasks.models import installed


def import_model(ctx: TaskContext, request: ImportModelRequest) -> InstalledModel:
    from engine.tasks.capabilities import check_tasks

    folder = ctx.engine.store.import_folder(
        request.source,
        request.name,
        progress=lambda text: ctx.report(Note(text)),
        tasks=request.tasks,
        vet=lambda staged: check_tasks(staged, request.tasks),
    )
    return installed(ctx, folder.name)


def set_tasks(ctx: TaskContext, request: SetModelTasksRequest) -> InstalledModel:
    """Record what the installed model is for, once its files show it can do that."""
    from engine.tasks.capabilities import check_tasks

    store = ctx.engine.store
    tasks = check_tasks(store.get(request.name), request.tasks)
    store.set_tasks(request.name, tasks)
    return installed(ctx, request.name)


def export_model(ctx: TaskContext, request: ExportModelRequest) -> ExportedModel:
    path = _export(ctx, request.source, request.destination, request.dtypes)
    from engine.runtime.manifest import load_model_folder

    return ExportedModel(path, tuple(load_model_folder(path).variants))


def convert_model(ctx: TaskContext, request: ConvertModelRequest) -> InstalledModel:
    """Export into a scratch folder, then install it as any folder is (screened, manifest)."""
    with tempfile.TemporaryDirectory(prefix="quire-convert-") as scratch:
        path = _export(ctx, request.source, Path(scratch) / request.source.name, request.dtypes)
        # (None: the folder's name made a usable one, as an import names it: "model (copy)")
        name = request.name or default_name(request.source)
        folder = ctx.engine.store.import_folder(
            path, name, progress=lambda text: ctx.report(Note(text))
        )
    return installed(ctx, folder.name)


def _export(ctx: TaskContext, source: Path, destination: Path, dtypes: tuple[Variant, ...]) -> Path:
    say = lambda text: ctx.report(Note(text))  # noqa: E731
    from engine.store.export_causal import export_causal, is_causal_checkpoint

    if is_causal_checkpoint(source):
        return export_causal(source, destination, dtypes, progress=say)
    from engine.store.export import export_model as export_seq

    return export_seq(source, destination, dtypes, progress=say)
