"""Which languages the installed models translate between, pivots through English included
(as the translate task routes them), and an instruction model's between the languages it is
offered for, and which installed models could not be read; cached until the model store
changes."""

from __future__ import annotations

import threading
from pathlib import Path

from engine.store.local import ModelStore, StoredModel
from engine.tasks.generate import is_instruct
from engine.tasks.languages import languages
from engine.tasks.translate import PIVOT
from engine.text.language_names import INSTRUCT_LANGUAGES

Pairs = dict[str, frozenset[str]]


class LanguageTable:
    def __init__(self, home: Path) -> None:
        self._root = home / "models"
        self._home = home
        self._lock = threading.Lock()
        self._key: object = None
        self._pairs: Pairs = {}
        self._unreadable: tuple[StoredModel, ...] = ()

    def pairs(self) -> Pairs:
        """Source language → the languages it can be translated into. Reads the store (call it
        off the event loop)."""
        return self._read()[0]

    def unreadable(self) -> tuple[StoredModel, ...]:
        """The installed models that could not be read (each with its ``problem``): a
        damaged folder translates nothing, and the pairs alone would not say why."""
        return self._read()[1]

    def _read(self) -> tuple[Pairs, tuple[StoredModel, ...]]:
        key = self._stamp()
        with self._lock:
            if key != self._key:
                models = ModelStore(self._home).list()
                self._pairs = _pairs(models)
                self._unreadable = tuple(m for m in models if m.folder is None)
                self._key = key
            return self._pairs, self._unreadable

    def _stamp(self) -> object:
        try:
            children = sorted((p.name, p.stat().st_mtime_ns) for p in self._root.iterdir())
            return (self._root.stat().st_mtime_ns, tuple(children))
        except OSError:
            return None


def _pairs(models: list[StoredModel]) -> Pairs:
    direct: set[tuple[str, str]] = set()
    instruct = False
    for model in models:
        if model.folder is None:
            continue
        found = languages(model.folder)
        if found is not None:
            direct |= found.pairs()
        instruct = instruct or is_instruct(model.folder)
    if instruct:  # it translates what no dedicated model does (auto detection used it too)
        direct |= {(s, t) for s in INSTRUCT_LANGUAGES for t in INSTRUCT_LANGUAGES if s != t}
    into_pivot = {s for s, t in direct if t == PIVOT}
    from_pivot = {t for s, t in direct if s == PIVOT}
    pivoted = {(s, t) for s in into_pivot for t in from_pivot if s != t}
    out: dict[str, set[str]] = {}
    for s, t in direct | pivoted:
        out.setdefault(s, set()).add(t)
        out.setdefault(t, set())
    return {s: frozenset(ts) for s, ts in sorted(out.items())}
