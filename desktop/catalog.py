"""What each installed model is good for, in the desktop's terms: the panes it fits and, for
translators, its languages, as ``engine.capabilities`` decides by the tasks' own rules. Built
on the worker (it reads tokenizer files)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from engine import Role, StoredModel, Task, capabilities

TASKS: tuple[Task, ...] = ("translate", "summarize", "ask", "classify")
__all__ = ["TASKS", "ModelEntry", "Role", "Task", "describe", "fitting"]


@dataclass(frozen=True)
class ModelEntry:
    name: str
    path: Path
    model_type: str
    tasks: frozenset[Task]
    roles: tuple[Role, ...]
    sources: tuple[str, ...] = ()  # translation languages (ISO 639-1 where known)
    targets: tuple[str, ...] = ()
    variants: tuple[str, ...] = ()
    size_bytes: int = 0
    problem: str = ""  # why the folder cannot be used; then tasks is empty
    license: str = ""  # as recorded when it was downloaded; "" when nobody recorded one

    @property
    def usable(self) -> bool:
        return not self.problem


def describe(models: list[StoredModel]) -> list[ModelEntry]:
    return [_entry(m) for m in models]


def _entry(stored: StoredModel) -> ModelEntry:
    folder = stored.folder
    license = (stored.manifest.license or "") if stored.manifest is not None else ""
    if folder is None:
        return ModelEntry(
            stored.name, stored.path, "", frozenset(), (), size_bytes=stored.size_bytes,
            problem=stored.problem or "unusable", license=license,
        )  # fmt: skip
    can = capabilities(folder)
    return ModelEntry(
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
    )


def fitting(entries: list[ModelEntry], task: Task) -> list[ModelEntry]:
    return [e for e in entries if task in e.tasks]
