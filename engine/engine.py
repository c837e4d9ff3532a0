"""The engine's front door: everything the CLI and the desktop app do goes through ``Engine``."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from engine.api import ClassifyRequest, Event, ModelUsed, Request, Result
from engine.doctor import DoctorReport, diagnose
from engine.errors import EngineError, InputError
from engine.options import CancelToken, EngineOptions
from engine.runtime.manifest import ModelFolder, Variant, load_model_folder
from engine.store import ModelStore, StoredModel
from engine.tasks import TASKS
from engine.tasks.classify import CsvClassified
from engine.tasks.context import Kind, ModelCache, TaskContext


class Engine:
    """Owns the options and the model store. Not thread-safe by design: one worker uses it."""

    def __init__(self, options: EngineOptions | None = None) -> None:
        self.options = options or EngineOptions()
        self.store = ModelStore(self.options.home)
        self._models = ModelCache(self.options)

    def run(
        self,
        request: Request,
        report: Callable[[Event], None] | None = None,
        cancel: CancelToken | None = None,
    ) -> Result:
        """Do one job. Events go to ``report`` as they happen; ``cancel`` is checked between
        segments and decoder steps (raising ``Cancelled``). Raises only ``EngineError``s."""
        task = TASKS.get(type(request))
        if task is None:
            raise InputError(f"Unknown request type {type(request).__name__}")
        ctx = TaskContext(
            models=self._models,
            resolve=self.model,
            installed=self._installed,
            report=report or (lambda _event: None),
            cancel=cancel or CancelToken(),
        )
        try:
            result: Result = task(ctx, request)
        except EngineError:
            raise
        except MemoryError as exc:
            raise EngineError(
                "Out of memory", hint="Close other programs or choose a smaller model"
            ) from exc
        return result

    def classify_csv(
        self,
        in_path: Path,
        column: str,
        out_path: Path,
        settings: ClassifyRequest | None = None,
        report: Callable[[Event], None] | None = None,
        cancel: CancelToken | None = None,
    ) -> CsvClassified:
        """Classify one column of a CSV file into a new CSV file (batch classification)."""
        from engine.tasks.classify import classify_csv

        return classify_csv(self, in_path, column, out_path, settings, report=report, cancel=cancel)

    def preload(
        self, model: str | Path, report: Callable[[Event], None] | None = None
    ) -> ModelUsed:
        """Load a model now (as the first job using it would), so that job does not wait."""
        folder = self.model(model)
        kind: Kind = "seq2seq" if folder.is_generative else "encoder"
        return self._models.get(folder, kind, report or (lambda _event: None)).used

    def unload(self) -> None:
        """Free every loaded model."""
        self._models.clear()

    def _installed(self) -> list[ModelFolder]:
        return [m.folder for m in self.store.list() if m.folder is not None]

    def models(self) -> list[StoredModel]:
        return self.store.list()

    def model(self, name_or_path: str | Path) -> ModelFolder:
        """An installed model by name, or any model folder by path."""
        text = str(name_or_path)
        if isinstance(name_or_path, Path) or "/" in text or "\\" in text or Path(text).is_dir():
            return load_model_folder(Path(text))
        return self.store.get(text)

    def import_model(
        self, source: Path, name: str | None = None, progress: Callable[[str], None] | None = None
    ) -> ModelFolder:
        return self.store.import_folder(source, name, progress=progress)

    def export_model(
        self,
        source: Path,
        destination: Path,
        dtypes: Iterable[Variant] = ("fp32",),
        progress: Callable[[str], None] | None = None,
    ) -> ModelFolder:
        from engine.export import export_model

        return load_model_folder(export_model(source, destination, dtypes, progress=progress))

    def remove_model(self, name: str) -> None:
        self.store.remove(name)

    def doctor(self) -> DoctorReport:
        return diagnose(self.options)
