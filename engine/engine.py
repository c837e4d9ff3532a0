"""The engine's front door: everything the CLI and the desktop app do goes through ``Engine``."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from engine.api import ClassifyRequest, Event, ModelUsed, Progress, Request, Result
from engine.doctor import DoctorReport, diagnose
from engine.errors import EngineError, InputError, ModelNotFound
from engine.options import CancelToken, EngineOptions
from engine.runtime.manifest import ModelFolder, Variant, load_model_folder
from engine.store.catalog import VARIANTS, CatalogEntry, CatalogTask
from engine.store.fit import CacheShape, Fit, default_variant, device_for, fit_for
from engine.store.local import ModelStore, StoredModel, VerifyResult
from engine.tasks import TASKS
from engine.tasks.classify import CsvClassified
from engine.tasks.context import Kind, ModelCache, TaskContext


@dataclass(frozen=True)
class CatalogHit:
    """A catalog entry as it stands on this machine."""

    entry: CatalogEntry
    installed: bool  # a model called entry.name is in the store
    variant: Variant  # what a download fetches by default here
    fits: Mapping[Variant, Fit]  # one per variant the entry has


def names_folder(name_or_path: str | Path) -> bool:
    """Whether ``Engine.model`` takes this as a folder path rather than an installed model's
    name: a path, a text with a separator, or a folder that exists (``.``, ``..``, ``C:``)."""
    text = str(name_or_path)
    return isinstance(name_or_path, Path) or "/" in text or "\\" in text or Path(text).is_dir()


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
        encoding: str | None = None,
    ) -> CsvClassified:
        """Classify one column of a CSV file into a new CSV file (batch classification);
        ``encoding`` names the CSV file's, instead of detecting it."""
        from engine.tasks.classify import classify_csv

        return classify_csv(
            self,
            in_path,
            column,
            out_path,
            settings,
            report=report,
            cancel=cancel,
            encoding=encoding,
        )

    def preload(
        self, model: str | Path, report: Callable[[Event], None] | None = None
    ) -> ModelUsed:
        """Load a model now (as the first job using it would), so that job does not wait."""
        folder = self.model(model)
        kind: Kind = (
            "seq2seq" if folder.is_generative else "causal" if folder.is_causal else "encoder"
        )
        return self._models.get(folder, kind, report or (lambda _event: None)).used

    def unload(self) -> None:
        """Free every loaded model."""
        self._models.clear()

    def _installed(self) -> list[ModelFolder]:
        return [m.folder for m in self.store.list() if m.folder is not None]

    def models(self) -> list[StoredModel]:
        """The installed models, each with the memory fit of the variant it would load."""
        plan = self._plan()
        out = []
        for m in self.store.list():
            if m.folder is not None and m.folder.variants:
                dtype = self.options.dtype
                variant: Variant = (
                    dtype
                    if dtype != "auto" and dtype in m.folder.variants
                    else default_variant(m.folder.variants, plan)
                )
                files = m.folder.onnx[variant].files.values()
                weights = sum(f.stat().st_size for f in files if f.is_file())
                cache = CacheShape.from_config(m.folder.config) if m.folder.is_causal else None
                fit = fit_for(weights, variant, device_for(variant, plan), cache=cache)
                m = dataclasses.replace(m, fit=fit)
            out.append(m)
        return out

    def _plan(self) -> list[str]:
        try:
            from engine.runtime.providers import device_plan

            return device_plan(self.options.device)
        except EngineError:
            return ["cpu"]

    # ----------------------------------------------------------------------- the model store

    def catalog(self, text: str = "", task: CatalogTask | None = None) -> list[CatalogHit]:
        """Catalog models matching ``text`` (words in name, repo, description, task, language
        codes or pairs like ``en-de``), with fit and installed state. Reads no network."""
        from engine.store.catalog import search

        plan = self._plan()
        hits = []
        for entry in search(text, task, self.options.catalog):
            have = tuple(v for v in VARIANTS if v in entry.variants)
            cache = CacheShape.from_config(entry.kv_cache) if entry.kv_cache else None
            fits: dict[Variant, Fit] = {
                v: fit_for(entry.weights_size(v), v, device_for(v, plan), cache=cache) for v in have
            }
            hits.append(
                CatalogHit(entry, self.store.has(entry.name), default_variant(have, plan), fits)
            )
        return hits

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
        from engine.store.download import download

        folder = download(
            self.store,
            self.options,
            name_or_repo,
            variant=variant,
            name=name,
            report=report,
            cancel=cancel,
        )
        return self._stored(folder.name)

    def _stored(self, name: str) -> StoredModel:
        for m in self.models():
            if m.name == name:
                return m
        raise ModelNotFound(f"No installed model is called {name!r}")  # pragma: no cover

    def verify(
        self,
        name: str | None = None,
        report: Callable[[Event], None] | None = None,
        cancel: CancelToken | None = None,
    ) -> list[VerifyResult]:
        """Re-hash installed files against each model's manifest (one model, or all).
        Reports ``Progress("verifying", bytes_done, bytes_total)``."""
        from engine.store.local import manifest_size, read_manifest

        names = [name] if name is not None else [m.name for m in self.store.list()]
        total = sum(
            manifest_size(m) for n in names if (m := read_manifest(self.store.path(n))) is not None
        )
        done = 0
        say = report or (lambda _event: None)

        def on_bytes(n: int) -> None:
            nonlocal done
            done += n
            say(Progress("verifying", done, total))

        return [self.store.verify(n, on_bytes, cancel) for n in names]

    def model(self, name_or_path: str | Path) -> ModelFolder:
        """An installed model by name, or any model folder by path."""
        if names_folder(name_or_path):
            return load_model_folder(Path(name_or_path))
        return self.store.get(str(name_or_path))

    def import_model(
        self, source: Path, name: str | None = None, progress: Callable[[str], None] | None = None
    ) -> ModelFolder:
        """Install a model folder, ``.zip`` or ``.tar.gz`` after screening it (no links out of
        it, no pickles, no remote code); a transformers checkpoint is exported to ONNX when the
        export extra is installed. ``progress`` gets one-line messages (what was skipped)."""
        return self.store.import_folder(Path(source), name, progress=progress)

    def export_model(
        self,
        source: Path,
        destination: Path,
        dtypes: Iterable[Variant] = ("fp32",),
        progress: Callable[[str], None] | None = None,
    ) -> ModelFolder:
        from engine.store.export_causal import export_causal, is_causal_checkpoint

        if is_causal_checkpoint(Path(source)):
            return load_model_folder(export_causal(source, destination, dtypes, progress=progress))
        from engine.store.export import export_model

        return load_model_folder(export_model(source, destination, dtypes, progress=progress))

    def remove_model(self, name: str) -> None:
        self.store.remove(name)

    def doctor(self) -> DoctorReport:
        return diagnose(self.options)
