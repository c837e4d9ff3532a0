"""``engine``'s front door: every public name resolves, and ``import engine`` alone is cheap (the
desktop imports it while its window is being built), loading names only when first used."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

import engine

ROOT = Path(__file__).resolve().parents[1]

# What a bare ``import engine`` must not pull in: native runtimes, numeric and XML libraries,
# the tokenizer, the document layer, the engine's runtime and tasks.
HEAVY = (
    "onnxruntime",
    "numpy",
    "torch",
    "tokenizers",
    "lxml",
    "engine.api",
    "engine.engine",
    "engine.documents",
    "engine.runtime",
    "engine.tasks",
    "engine.store",
)


def modules_after(code: str) -> list[str]:
    """The modules loaded in a fresh interpreter after running ``code``."""
    script = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": ""},
        capture_output=True,
        text=True,
        check=True,
    )
    loaded: list[str] = json.loads(done.stdout)
    return loaded


def heavy(modules: list[str]) -> list[str]:
    return [m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY)]


def test_import_engine_alone_loads_nothing_heavy() -> None:
    assert heavy(modules_after("import engine")) == []


def test_a_name_loads_only_what_it_needs() -> None:
    loaded = modules_after("from engine import EngineOptions, InputError")
    assert heavy(loaded) == []
    loaded = modules_after("from engine import TranslateRequest")
    assert "engine.api" in loaded and "engine.engine" not in loaded
    assert "engine.documents" not in loaded and "onnxruntime" not in loaded


@pytest.mark.parametrize("name", engine.__all__)
def test_every_public_name_resolves(name: str) -> None:
    value = getattr(engine, name)
    assert value is not None
    assert name in dir(engine)
    namespace: dict[str, object] = {}
    exec(f"from engine import {name}", namespace)
    assert namespace[name] is value


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        engine.Nope  # type: ignore[attr-defined]  # noqa: B018
    with pytest.raises(ImportError):
        exec("from engine import Nope", {})


def test_the_type_checkers_view_matches_the_lazy_table() -> None:
    """mypy reads the ``if TYPE_CHECKING:`` imports, Python the ``_HOMES`` table: the two
    must name the same things from the same modules, and ``__all__`` exactly those."""
    tree = ast.parse((ROOT / "engine" / "__init__.py").read_text(encoding="utf-8"))
    typed: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            for stmt in node.body:
                assert isinstance(stmt, ast.ImportFrom) and stmt.module is not None
                for alias in stmt.names:
                    given = f":{alias.name}" if alias.asname else ""
                    typed[alias.asname or alias.name] = stmt.module + given
    homes: dict[str, str] = engine._HOMES
    assert typed == homes
    assert sorted(engine.__all__) == sorted(homes)
