"""Which languages the installed models translate between, pivots through English included
(as the translate task routes them), cached until the model store changes."""

from __future__ import annotations

import threading
from pathlib import Path

from engine.store.local import ModelStore
from engine.tasks.languages import languages
from engine.tasks.translate import PIVOT

Pairs = dict[str, frozenset[str]]


class LanguageTable:
    def __init__(self, home: Path) -> None:
        self._root = home / "models"
        self._home = home
        self._lock = threading.Lock()
        self._key: object = None
        self._pairs: Pairs = {}

    def pairs(self) -> Pairs:
        """Source language → the languages it can be translated into. Reads the store (call it
        off the event loop)."""
        key = self._stamp()
        with self._lock:
            if key != self._key:
                self._pairs, self._key = _pairs(ModelStore(self._home)), key
            return self._pairs

    def _stamp(self) -> object:
        try:
            children = sorted((p.name, p.stat().st_mtime_ns) for p in self._root.iterdir())
            return (self._root.stat().st_mtime_ns, tuple(children))
        except OSError:
            return None


def _pairs(store: ModelStore) -> Pairs:
    direct: set[tuple[str, str]] = set()
    for model in store.list():
        found = languages(model.folder) if model.folder is not None else None
        if found is not None:
            direct |= found.pairs()
    into_pivot = {s for s, t in direct if t == PIVOT}
    from_pivot = {t for s, t in direct if s == PIVOT}
    pivoted = {(s, t) for s in into_pivot for t in from_pivot if s != t}
    out: dict[str, set[str]] = {}
    for s, t in direct | pivoted:
        out.setdefault(s, set()).add(t)
        out.setdefault(t, set())
    return {s: frozenset(ts) for s, ts in sorted(out.items())}
