"""What an installed model is good for, by the tasks' own rules: one answer for the CLI's model
choice and the app's model pickers."""

from __future__ import annotations

from engine.api import Capabilities, Role, Task
from engine.runtime.manifest import ModelFolder
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
    return Capabilities(tuple(roles), tasks, tuple(sorted(sources)), tuple(sorted(targets)))
