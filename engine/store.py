"""The user's model store: one folder per model under ``<home>/models``; list, import, remove.

Imports are copied into a temporary folder inside the store, validated, and renamed into
place, so a half-copied or invalid model never appears in the list.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from engine.errors import EngineError, ModelError, ModelNotFound, StoreError
from engine.runtime.manifest import ModelFolder, load_model_folder

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


@dataclass(frozen=True)
class StoredModel:
    """One entry of the store: the parsed folder, or the reason it cannot be used."""

    name: str
    path: Path
    folder: ModelFolder | None
    problem: str = ""
    size_bytes: int = 0


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


class ModelStore:
    def __init__(self, home: Path) -> None:
        self.root = home / "models"

    def list(self) -> list[StoredModel]:
        if not self.root.is_dir():
            return []
        out = []
        for path in sorted(self.root.iterdir()):
            if not path.is_dir() or path.name.startswith("."):
                continue
            try:
                folder: ModelFolder | None = load_model_folder(path)
                problem = ""
            except ModelError as exc:
                folder, problem = None, str(exc)
            out.append(StoredModel(path.name, path, folder, problem, _size(path)))
        return out

    def path(self, name: str) -> Path:
        return self.root / check_name(name)

    def get(self, name: str) -> ModelFolder:
        path = self.path(name)
        if not path.is_dir():
            raise ModelNotFound(
                f"No installed model is called {name!r}",
                hint="See `quire models list`, or import one with `quire models import`",
            )
        return load_model_folder(path)

    def import_folder(
        self,
        source: Path,
        name: str | None = None,
        *,
        progress: Callable[[str], None] | None = None,
    ) -> ModelFolder:
        """Copy a model folder into the store after validating it."""
        source = source.expanduser()
        load_model_folder(source)  # fail fast, naming the bad file in the source
        name = check_name(source.resolve().name if name is None else name)
        target = self.root / name
        if target.exists():
            raise StoreError(
                f"A model called {name!r} is already installed",
                hint="Remove it first, or import under another --name",
            )
        self.root.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".import-{name}.", dir=self.root))
        try:
            if progress:
                progress(f"Copying {source} into the store")
            staged = work / name
            _copy_tree(source, staged)
            load_model_folder(staged)
            staged.rename(target)
        except EngineError:
            raise
        except OSError as exc:
            raise StoreError(
                f"Could not copy the model: {exc.strerror}", path=exc.filename
            ) from exc
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return load_model_folder(target)

    def remove(self, name: str) -> None:
        path = self.path(name)
        if not path.is_dir():
            raise ModelNotFound(f"No installed model is called {name!r}")
        # Rename first so a crash mid-delete never leaves a half model under its real name.
        trash = Path(tempfile.mkdtemp(prefix=f".remove-{name}.", dir=self.root))
        path.rename(trash / name)
        shutil.rmtree(trash, ignore_errors=True)


def check_name(name: str) -> str:
    if not _NAME.match(name):
        raise StoreError(
            f"{name!r} is not a usable model name",
            hint="Use letters, digits, '.', '_' and '-', starting with a letter or digit",
        )
    return name


def _copy_tree(source: Path, target: Path) -> None:
    """Copy regular files only; links are refused so nothing outside the folder comes along."""
    root = source.resolve()
    for path in source.rglob("*"):
        if path.is_symlink():
            raise StoreError(
                "The model folder contains a symbolic link; Quire copies only regular files",
                path=path,
            )
    shutil.copytree(root, target, symlinks=True)
