"""The engine's front door: everything the CLI and the desktop app do goes through ``Engine``."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from engine import protocol
from engine.api import (
    CatalogHit,
    CatalogRequest,
    CatalogResult,
    ClassifyCsvRequest,
    ClassifyRequest,
    CsvClassified,
    DoctorReport,
    DoctorRequest,
    DownloadRequest,
    Event,
    ExportedModel,
    ExportModelRequest,
    ImportModelRequest,
    InstalledModel,
    ModelRemoved,
    ModelUsed,
    Note,
    PreloadRequest,
    RemoveModelRequest,
    Request,
    Result,
    SetModelTasksRequest,
    Task,
    Unloaded,
    UnloadRequest,
    VerifyReport,
    VerifyRequest,
    VerifyResult,
)
from engine.errors import EngineError, InputError, ModelNotFound
from engine.options import CancelToken, EngineOptions
from engine.runtime.manifest import ModelFolder, Variant, load_model_folder
from engine.store.catalog import CatalogTask
from engine.store.fit import folder_fit
from engine.store.local import ModelStore, StoredModel, one_reading_of_tasks
from engine.tasks import TASKS
from engine.tasks.context import ModelCache, Paced, TaskContext

R = TypeVar("R")


def names_folder(name_or_path: str | Path) -> bool:
    """Whether ``Engine.model`` takes this as a folder path rather than an installed model's
    name: a path, a text with a separator, or a folder that exists (``.``, ``..``, ``C:``)."""
    text = str(name_or_path)
    return isinstance(name_or_path, Path) or "/" in text or "\\" in text or Path(text).is_dir()


def _name_damaged(error: ModelNotFound, damaged: list[StoredModel]) -> None:
    """No installed model could do the job: where installed models could not be read, the
    hint says which and why first (a byte changed in a model's config.json made translate
    say "No translation model is installed" and suggest downloading one)."""
    if not damaged:
        return
    first = damaged[0]
    others = ""
    if damaged[1:]:
        others = f" (and {len(damaged) - 1} more: `quire models list` shows them)"
    said = (
        f"The installed model {first.name} could not be read: {first.problem}{others}. "
        f"`quire models verify {first.name}` tells what changed; remove it and download or "
        "import it again"
    )
    error.hint = f"{said}. {error.hint}" if error.hint else said
    error.args = (str(error),)


def _checked(request: Request) -> Request:
    """``request`` as the engine process would get it, through the protocol's checks, so that a
    program's mistake (``length="huge"``, a string for ``texts``, ``text=None``) is the same
    ``InputError`` in process as across the pipe, not a KeyError deep in a task or a job run
    over each letter. Lists come back as the tuples the fields are."""
    try:
        data = protocol.to_json(request)
    except TypeError as exc:  # (a value JSON has no form for: an object where a path goes)
        raise InputError(f"Invalid request: {exc}") from None
    checked: Request = protocol.from_json(data, type(request))
    return checked


class Engine:
    """Owns the options and the model store. Threads may share it: its jobs run one at a time
    (a second caller waits for the first; a job's own jobs run inside it), so a model is
    loaded once and never freed under a running job.

    ``run`` is the one door: every job is a request (``engine.api``). The other methods are
    conveniences over it for the command line and scripts, with Python-friendly answers."""

    def __init__(self, options: EngineOptions | None = None) -> None:
        self.options = options or EngineOptions()
        self.store = ModelStore(self.options.home)
        self._models = ModelCache(self.options)
        self._depth = 0  # jobs running: a job may run others (a document's batches)
        self._turn = threading.RLock()  # (re-entered by a job's own jobs, on its thread)

    def run(
        self,
        request: Request,
        report: Callable[[Event], None] | None = None,
        cancel: CancelToken | None = None,
    ) -> Result:
        """Do one job and answer its result (``engine.api``'s docstrings name each request's).
        Events go to ``report`` as they happen; ``cancel`` is checked between segments,
        decoder steps, files and chunks (raising ``Cancelled``). Raises only ``EngineError``s."""
        task = TASKS.get(type(request))
        if task is None:
            raise InputError(f"Unknown request type {type(request).__name__}")
        with self._turn:  # (the depth is this thread's own only while it holds the turn)
            if self._depth == 0:  # (a job's own jobs are the engine's, checked by their making)
                request = _checked(request)
            return self._run(task, request, report, cancel)

    def _run(
        self,
        task: Callable[[TaskContext, Any], Result],
        request: Request,
        report: Callable[[Event], None] | None,
        cancel: CancelToken | None,
    ) -> Result:
        if self._depth == 0:  # a job's own jobs share its models (ModelCache.begin_job)
            self._models.begin_job()
        ctx = TaskContext(
            models=self._models,
            resolve=self.model,
            installed=self._installed,
            report=Paced(report) if report is not None else (lambda _event: None),
            cancel=cancel or CancelToken(),
            engine=self,
        )
        self._depth += 1
        try:
            with one_reading_of_tasks():  # (what each model is for, read once per job)
                result: Result = task(ctx, request)
        except ModelNotFound as exc:
            if self._depth == 1 and not getattr(request, "model", None):
                _name_damaged(exc, [m for m in self.store.list() if m.problem])
            raise
        except EngineError:
            raise
        except MemoryError as exc:
            raise EngineError(
                "Out of memory",
                hint="Close other programs or choose a smaller model",
                message_id="engine.out_of_memory",
            ) from exc
        finally:
            self._depth -= 1
        return result

    def _answer(
        self,
        request: Request,
        kind: type[R],
        report: Callable[[Event], None] | None = None,
        cancel: CancelToken | None = None,
    ) -> R:
        """``run``'s result, known to be a ``kind`` (the one each request answers)."""
        result = self.run(request, report, cancel)
        assert isinstance(result, kind), f"{type(request).__name__} answered {result!r}"
        return result

    def classify_csv(
        self,
        in_path: Path,
        column: str,
        out_path: Path,
        settings: ClassifyRequest | None = None,
        report: Callable[[Event], None] | None = None,
        cancel: CancelToken | None = None,
        encoding: str | None = None,
        max_bytes: int | None = None,
    ) -> CsvClassified:
        """Classify one column of a CSV file into a new CSV file (batch classification);
        ``encoding`` names the CSV file's, instead of detecting it; ``max_bytes``: the
        largest CSV file read."""
        request = ClassifyCsvRequest(
            input=Path(in_path),
            column=column,
            output=Path(out_path),
            settings=settings or ClassifyRequest(texts=()),
            encoding=encoding,
            max_bytes=max_bytes,
        )
        return self._answer(request, CsvClassified, report, cancel)

    def preload(
        self, model: str | Path, report: Callable[[Event], None] | None = None
    ) -> ModelUsed:
        """Load a model now (as the first job using it would), so that job does not wait."""
        return self._answer(PreloadRequest(model=_model_text(model)), ModelUsed, report)

    def unload(self) -> None:
        """Free every loaded model."""
        self._answer(UnloadRequest(), Unloaded)

    def _installed(self) -> list[ModelFolder]:
        return [m.folder for m in self.store.list() if m.folder is not None]

    def models(self) -> list[StoredModel]:
        """The installed models, each with the memory fit of the variant it would load (the
        parsed folders, for in-process callers; ``ListModelsRequest`` answers plain data)."""
        plan = self.plan()
        out = []
        for m in self.store.list():
            if m.folder is not None and m.folder.variants:
                fit = folder_fit(m.folder, self.options.dtype, plan)
                m = dataclasses.replace(m, fit=fit)
            out.append(m)
        return out

    def plan(self) -> list[str]:
        """The devices to try, best first (CPU alone when no runtime can say)."""
        try:
            from engine.runtime.providers import device_plan

            return device_plan(self.options.device)
        except EngineError:
            return ["cpu"]

    # ----------------------------------------------------------------------- the model store

    def catalog(self, text: str = "", task: CatalogTask | None = None) -> list[CatalogHit]:
        """Catalog models matching ``text`` (words in name, repo, description, task, language
        codes or pairs like ``en-de``), with fit and installed state. Reads no network."""
        return list(self._answer(CatalogRequest(text=text, task=task), CatalogResult).hits)

    def download(
        self,
        name_or_repo: str,
        *,
        variant: Variant | None = None,
        name: str | None = None,
        report: Callable[[Event], None] | None = None,
        cancel: CancelToken | None = None,
    ) -> StoredModel:
        """Download a catalog model (by name or repo id) or a hub repo's ONNX files into the
        store. Reports ``Progress("downloading", bytes_done, bytes_total, eta)`` and
        ``Progress("installing", 0|1, 1)``; ``cancel`` stops between 1 MiB chunks (the partial
        download resumes next time). Offline mode refuses before any connection."""
        request = DownloadRequest(model=name_or_repo, variant=variant, name=name)
        return self.stored(self._answer(request, InstalledModel, report, cancel).name)

    def stored(self, name: str) -> StoredModel:
        """The installed model ``name``, as ``models`` lists it."""
        for m in self.models():
            if m.name == name:
                return m
        raise ModelNotFound(  # pragma: no cover
            f"No installed model is called {name!r}",
            message_id="store.unknown_model",
            params={"name": name},
        )

    def verify(
        self,
        name: str | None = None,
        report: Callable[[Event], None] | None = None,
        cancel: CancelToken | None = None,
    ) -> list[VerifyResult]:
        """Re-hash installed files against each model's manifest (one model, or all).
        Reports ``Progress("verifying", bytes_done, bytes_total)``."""
        return list(self._answer(VerifyRequest(name=name), VerifyReport, report, cancel).results)

    def model(self, name_or_path: str | Path) -> ModelFolder:
        """An installed model by name, or any model folder by path. A bare name is the
        installed model's even where a folder of that name is in the working folder (that
        one is ``./NAME``): a copy there was loaded instead, unchecked, and said nothing."""
        text = str(name_or_path)
        # (an installed model's name has no separator: "./NAME" is never one)
        installed = isinstance(name_or_path, str) and self.store.has(text)
        if names_folder(name_or_path) and not installed:
            return load_model_folder(Path(name_or_path))
        return self.store.get(text)

    def import_model(
        self,
        source: Path | str,
        name: str | None = None,
        progress: Callable[[str], None] | None = None,
        tasks: Iterable[Task] = (),
    ) -> ModelFolder:
        """Install a model folder, ``.zip`` or ``.tar.gz`` after screening it (no links out of
        it, no pickles, no remote code); a transformers checkpoint is exported to ONNX when the
        export extra is installed. ``progress`` gets one-line messages (what was skipped).
        ``tasks``: what it is for where its files do not say (refused if it cannot do one)."""
        request = ImportModelRequest(source=Path(source), name=name, tasks=tuple(tasks))
        return load_model_folder(self._answer(request, InstalledModel, _notes_to(progress)).path)

    def set_model_tasks(self, name: str, tasks: Iterable[Task]) -> InstalledModel:
        """Say what the installed model ``name`` is for besides what its files tell (none:
        only what they tell); a task it cannot do is refused with ``ModelUnsupported``."""
        return self._answer(SetModelTasksRequest(name=name, tasks=tuple(tasks)), InstalledModel)

    def export_model(
        self,
        source: Path | str,
        destination: Path | str,
        dtypes: Iterable[Variant] = ("fp32",),
        progress: Callable[[str], None] | None = None,
    ) -> ModelFolder:
        """Export a transformers checkpoint to an ONNX model folder (not installed)."""
        request = ExportModelRequest(
            source=Path(source), destination=Path(destination), dtypes=tuple(dtypes)
        )
        return load_model_folder(self._answer(request, ExportedModel, _notes_to(progress)).path)

    def remove_model(self, name: str) -> bool:
        """Delete the installed model ``name``, or else its partial download (then True)."""
        return self._answer(RemoveModelRequest(name=name), ModelRemoved).partial

    def doctor(self) -> DoctorReport:
        return self._answer(DoctorRequest(), DoctorReport)


def _model_text(model: str | Path) -> str:
    """A model argument as a request carries it: a ``Path`` keeps naming a folder."""
    if isinstance(model, Path) and not names_folder(str(model)):
        return "./" + str(model)
    return str(model)


def _notes_to(progress: Callable[[str], None] | None) -> Callable[[Event], None] | None:
    """A ``report`` that hands ``Note`` events' text to an old-style ``progress`` callback."""
    if progress is None:
        return None
    say = progress

    def report(event: Event) -> None:
        if isinstance(event, Note):
            say(event.text)

    return report
