"""What an installed model is good for, by the tasks' own rules and the tasks its user said it
is for (its manifest's ``tasks``): one answer for the CLI's model choice and the app's model
pickers."""

from __future__ import annotations

from engine.api import TASKS, Capabilities, Role, Task
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
# The role a task the user declared gives a model whose files did not say it.
_ROLE_OF: dict[Task, Role] = {
    "translate": "translation",
    "summarize": "summarization",
    "ask": "question answering",
    "classify": "classification",
}
# What a model must be to be told a task: its task module runs it only so.
_NEEDS: dict[Task, str] = {
    "translate": "an encoder-decoder that writes text (such as BART, T5 or Marian) or an "
    "instruction model (one with a chat template)",
    "summarize": "an encoder-decoder that writes text (such as BART, T5 or Pegasus), an "
    "instruction model (one with a chat template) or a sentence-embedding model",
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
    """``tasks`` as declared tasks, in order without repeats and without those its files
    already give (a Marian model told to translate: nothing to record); a task that is no
    task's name or that ``folder`` cannot do raises ``ModelUnsupported`` (an encoder told to
    translate)."""
    possible = possible_tasks(folder)
    own = file_tasks(folder)
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
            can = [t for t in TASKS if t in possible]
            raise ModelUnsupported(
                f"{folder.name} ({kind}) cannot {_DOING[known]}: that needs {_NEEDS[known]}",
                path=folder.path,
                hint=f"Choose a task it can do ({', '.join(can)}), or another model"
                if can
                else "A model of its kind can do none of Quire's tasks: choose another model",
                message_id="model.task_unsupported",
                params={"name": folder.name, "task": known, "role": _ROLE_OF[known],
                        "possible": len(can)},
            )  # fmt: skip
        if known not in own:
            out.append(known)
    return tuple(out)


# A task as the refusal says what the model cannot do ("cannot ask" read as begging).
_DOING: dict[Task, str] = {
    "translate": "translate",
    "summarize": "summarize",
    "ask": "be used to answer questions",
    "classify": "classify",
}


def declared_tasks(folder: ModelFolder) -> tuple[Task, ...]:
    """The tasks its manifest says the installed model ``folder`` is for, those it can do
    (a manifest is a file anyone may edit: others are ignored); () for a folder outside the
    store or without the field."""
    said = manifest_tasks(folder.path)
    if not said:
        return ()
    possible, own = possible_tasks(folder), file_tasks(folder)
    # (one its files give was not said by the user: an older Quire recorded it anyway)
    return tuple(t for t in TASKS if t in said and t in possible and t not in own)


def file_tasks(folder: ModelFolder) -> frozenset[Task]:
    """The tasks ``folder``'s own files give it (none its user declared)."""
    return frozenset(
        task for role in _file_roles(folder, pairs=False)[0] for task in _TASKS_OF[role]
    )


def capabilities(folder: ModelFolder, *, pairs: bool = True) -> Capabilities:
    """``folder``'s roles and tasks, and a translator's language pairs unless ``pairs`` is
    False (reading them parses a Marian model's whole vocabulary: a list of the models'
    roles needs none)."""
    roles, sources, targets = _file_roles(folder, pairs=pairs)
    tasks = frozenset(task for role in roles for task in _TASKS_OF[role])
    for task in declared_tasks(folder):
        if task not in tasks:
            roles.append(_ROLE_OF[task])
            tasks |= {task}
    return Capabilities(tuple(roles), tasks, tuple(sorted(sources)), tuple(sorted(targets)))


def _file_roles(folder: ModelFolder, *, pairs: bool) -> tuple[list[Role], set[str], set[str]]:
    """The roles ``folder``'s files give it, and a translator's sources and targets."""
    roles: list[Role] = []
    sources: set[str] = set()
    targets: set[str] = set()
    if is_translator(folder):
        roles.append("translation")
        langs = languages(folder) if pairs else None
        for source, target in langs.pairs() if langs is not None else ():
            sources.add(source)
            targets.add(target)
    if is_summarizer(folder, own=True):
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
    return roles, sources, targets
