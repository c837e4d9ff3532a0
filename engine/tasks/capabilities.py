"""What an installed model is good for, by the tasks' own rules and the tasks its user said it
is for (its manifest's ``tasks``): one answer for the CLI's model choice and the app's model
pickers."""

from __future__ import annotations

from typing import get_args

from engine.api import Capabilities, Role, Task
from engine.errors import ModelUnsupported
from engine.runtime.manifest import ModelFolder
from engine.store.local import manifest_tasks
from engine.tasks.ask import is_reader
from engine.tasks.classify import is_classifier, is_nli
from engine.tasks.embed import is_embedder
from engine.tasks.generate import is_generator, is_instruct
from engine.tasks.languages import is_translator, languages
from engine.tasks.summarize import is_summarizer

_TASKS_OF: dict[Role, tuple[Task, ...]] = {
    "translation": ("translate",),
    "summarization": ("summarize",),
    "question answering": ("ask",),
    "classification": ("classify",),
    "zero-shot classification": ("classify",),
    # Embeddings give extractive summaries, zero-shot labels and passage search.
    "sentence embeddings": ("summarize", "classify", "ask"),
    # A decoder-only instruction (chat) model serves every task through prompts.
    "instruction model": ("translate", "summarize", "ask", "classify"),
    "text generation": (),
}
TASKS: tuple[Task, ...] = get_args(Task)
# The role a task the user declared gives a model whose files did not say it.
_ROLE_OF: dict[Task, Role] = {
    "translate": "translation",
    "summarize": "summarization",
    "ask": "question answering",
    "classify": "classification",
}
# What a model must be to be told a task: its task module runs it only so.
_NEEDS: dict[Task, str] = {
    "translate": "a model that writes text (an encoder-decoder such as BART, T5 or Marian, "
    "or an instruction model)",
    "summarize": "a model that writes text (an encoder-decoder such as BART, T5 or Pegasus, "
    "an instruction model) or a sentence-embedding model",
    "ask": "a question-answering model, a sentence-embedding model or an instruction model",
    "classify": "a sequence classifier, a sentence-embedding model or an instruction model",
}


def possible_tasks(folder: ModelFolder) -> frozenset[Task]:
    """The tasks ``folder``'s architecture lets it do, whether or not its files say it is
    meant for them (a BART checkpoint whose config names no task can summarize)."""
    tasks: set[Task] = set()
    if is_instruct(folder):
        tasks.update(TASKS)
    if folder.is_generative:  # an encoder-decoder with a language-model head
        tasks.update(("translate", "summarize"))
    if is_embedder(folder):
        tasks.update(_TASKS_OF["sentence embeddings"])
    if is_reader(folder):
        tasks.add("ask")
    if is_classifier(folder):
        tasks.add("classify")
    return frozenset(tasks)


def check_tasks(folder: ModelFolder, tasks: tuple[str, ...]) -> tuple[Task, ...]:
    """``tasks`` as declared tasks, in order without repeats; a task that is no task's name
    or that ``folder`` cannot do raises ``ModelUnsupported`` (an encoder told to
    translate)."""
    possible = possible_tasks(folder)
    out: list[Task] = []
    for task in dict.fromkeys(tasks):
        if task not in TASKS:
            raise ModelUnsupported(
                f"{task!r} is not one of Quire's tasks",
                hint=f"Give one of {', '.join(TASKS)}",
                message_id="model.unknown_task",
                params={"task": task},
            )
        known: Task = task
        if known not in possible:
            kind = ", ".join(folder.architectures) or folder.model_type or "unknown"
            raise ModelUnsupported(
                f"{folder.name} ({kind}) cannot {known}: that needs {_NEEDS[known]}",
                path=folder.path,
                hint="Choose a task it can do"
                + (f" ({', '.join(sorted(possible))})" if possible else "")
                + ", or another model",
                message_id="model.task_unsupported",
                params={"name": folder.name, "task": known, "role": _ROLE_OF[known]},
            )
        out.append(known)
    return tuple(out)


def declared_tasks(folder: ModelFolder) -> tuple[Task, ...]:
    """The tasks its manifest says the installed model ``folder`` is for, those it can do
    (a manifest is a file anyone may edit: others are ignored); () for a folder outside the
    store or without the field."""
    said = manifest_tasks(folder.path)
    if not said:
        return ()
    possible = possible_tasks(folder)
    return tuple(t for t in TASKS if t in said and t in possible)


def capabilities(folder: ModelFolder, *, pairs: bool = True) -> Capabilities:
    """``folder``'s roles and tasks, and a translator's language pairs unless ``pairs`` is
    False (reading them parses a Marian model's whole vocabulary: a list of the models'
    roles needs none)."""
    roles: list[Role] = []
    sources: set[str] = set()
    targets: set[str] = set()
    if is_translator(folder):
        roles.append("translation")
        langs = languages(folder) if pairs else None
        for source, target in langs.pairs() if langs is not None else ():
            sources.add(source)
            targets.add(target)
    if is_summarizer(folder):
        roles.append("summarization")
    if is_reader(folder):
        roles.append("question answering")
    if is_classifier(folder):
        roles.append("zero-shot classification" if is_nli(folder) else "classification")
    if is_embedder(folder):
        roles.append("sentence embeddings")
    if is_instruct(folder):
        roles.append("instruction model")
    elif is_generator(folder):
        roles.append("text generation")
    tasks = frozenset(task for role in roles for task in _TASKS_OF[role])
    for task in declared_tasks(folder):
        if task not in tasks:
            roles.append(_ROLE_OF[task])
            tasks |= {task}
    return Capabilities(tuple(roles), tasks, tuple(sorted(sources)), tuple(sorted(targets)))
