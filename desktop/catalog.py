"""What each installed model is good for, in the desktop's terms: the panes it fits and, for
translators, its languages. The engine answers ``ListModelsRequest`` with these records
(``engine.InstalledModel``), decided by the tasks' own rules from the models' files."""

from __future__ import annotations

from engine import InstalledModel, Role, Task

TASKS: tuple[Task, ...] = ("translate", "summarize", "ask", "classify")
ModelEntry = InstalledModel  # the name the panes know it by
INSTRUCT_ROLE: Role = "instruction model"  # a decoder-only model that follows instructions
__all__ = ["INSTRUCT_ROLE", "TASKS", "ModelEntry", "Role", "Task", "fitting"]


def fitting(entries: list[ModelEntry], task: Task) -> list[ModelEntry]:
    return [e for e in entries if task in e.tasks]
