"""The installed models as plain data: what each is good for (read from its files, no model is
loaded), its size, licence and memory fit, or why it cannot be used."""

from __future__ import annotations

from engine.api import InstalledModel, InstalledModels, ListModelsRequest
from engine.store.local import StoredModel
from engine.tasks.capabilities import capabilities, declared_tasks, possible_tasks
from engine.tasks.context import TaskContext


def run(ctx: TaskContext, request: ListModelsRequest) -> InstalledModels:
    return InstalledModels(
        tuple(installed_model(m) for m in ctx.engine.models()),
        ctx.engine.store.partial_downloads(),
    )


def installed(ctx: TaskContext, name: str) -> InstalledModel:
    """The installed model ``name`` as ``ListModelsRequest`` describes it."""
    return installed_model(ctx.engine.stored(name))


def installed_model(stored: StoredModel) -> InstalledModel:
    folder = stored.folder
    license = (stored.manifest.license or "") if stored.manifest is not None else ""
    languages = tuple(stored.manifest.languages) if stored.manifest is not None else ()
    if folder is None:
        return InstalledModel(
            stored.name, stored.path, "", frozenset(), (), size_bytes=stored.size_bytes,
            problem=stored.problem or "unusable", license=license, fit=stored.fit,
            languages=languages,
        )  # fmt: skip
    can = capabilities(folder)
    return InstalledModel(
        name=stored.name,
        path=stored.path,
        model_type=folder.model_type,
        tasks=can.tasks,
        roles=can.roles,
        sources=can.sources,
        targets=can.targets,
        variants=tuple(folder.variants) or ("safetensors",),
        size_bytes=stored.size_bytes,
        license=license,
        fit=stored.fit,
        languages=languages,
        declared_tasks=declared_tasks(folder),
        possible_tasks=possible_tasks(folder),
    )
