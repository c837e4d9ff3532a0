"""What a task gets to do its job: loaded models (cached by the engine), events, cancel."""

from __future__ import annotations

import dataclasses
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from engine.api import Event, ModelLoaded, ModelLoading, ModelUnloaded, ModelUsed, Progress
from engine.errors import EngineError
from engine.options import CancelToken, EngineOptions
from engine.runtime.backend import EncoderModel, Seq2SeqModel
from engine.runtime.manifest import ModelFolder
from engine.runtime.onnx_causal import OnnxCausalLM
from engine.runtime.tokenizer import TextTokenizer
from engine.store.local import MANIFEST

if TYPE_CHECKING:
    from engine.engine import Engine

Kind = Literal["seq2seq", "encoder", "causal"]


@dataclass
class Loaded:
    """A model ready to run: its folder, tokenizer, backend and what it runs on."""

    folder: ModelFolder
    tokenizer: TextTokenizer
    seq2seq: Seq2SeqModel | None = None
    encoder: EncoderModel | None = None
    causal: OnnxCausalLM | None = None
    # EngineOptions.generation: settings over the model's own (tests, benchmarks).
    overrides: dict[str, Any] = field(default_factory=dict)
    used: ModelUsed = field(init=False)
    # What a task keeps of this model's work between jobs (Ask's passage vectors of the last
    # few texts: ten questions about one manual embedded it ten times), oldest first; gone
    # with the model when it is unloaded.
    memo: OrderedDict[object, Any] = field(default_factory=OrderedDict, repr=False)

    def __post_init__(self) -> None:
        runner = next(r for r in (self.seq2seq, self.encoder, self.causal) if r is not None)
        assert runner is not None
        info = runner.info
        self.used = ModelUsed(
            name=self.folder.name,
            path=self.folder.path,
            backend=info.backend,
            variant=info.variant,
            device=info.device,
            fallbacks=info.fallbacks,
        )

    def close(self) -> None:
        for runner in (self.seq2seq, self.encoder, self.causal):
            if runner is not None:
                runner.close()


def _identity(folder: Path) -> tuple[int, ...]:
    """What changes when another model is put where ``folder`` is: the folder itself (a new
    one renamed into place) and the store's record of the install (an inode may be reused)."""
    found: list[int] = []
    for path in (folder, folder / MANIFEST):
        try:
            stat = path.stat()
        except OSError:
            found += [0, 0]
        else:
            found += [stat.st_ino, stat.st_mtime_ns if path is not folder else stat.st_dev]
    return tuple(found)


class ModelCache:
    """Loaded models by (folder, kind), least recently used first. Owned by one worker, so no
    locking.

    Models stay loaded between jobs, so the next job that needs one starts at once. When a job
    is about to load a model that the free memory would not hold comfortably beside them
    (``engine.store.fit``: its estimate over ``COMFORTABLE`` of what is free, the point where
    the system starts swapping), the models loaded by earlier jobs are closed first, least
    recently used first, until it would (each reported as ``ModelUnloaded``). A job's own
    models are never closed under it: a task may go back to a model it loaded before."""

    def __init__(self, options: EngineOptions) -> None:
        self.options = options
        self._loaded: dict[tuple[Path, Kind], Loaded] = {}
        self._job = 0
        self._used_by: dict[tuple[Path, Kind], int] = {}  # the job that last used each model
        self._made: dict[tuple[Path, Kind], tuple[int, ...]] = {}  # each one's folder, as read

    def begin_job(self) -> None:
        """A new job starts: what it loads or uses is its own until the next one starts."""
        self._job += 1

    def get(self, folder: ModelFolder, kind: Kind, report: Callable[[Event], None]) -> Loaded:
        key = (folder.path.resolve(), kind)
        self._used_by[key] = self._job
        made = _identity(folder.path)
        if key in self._loaded:
            if self._made.get(key) == made:
                self._loaded[key] = self._loaded.pop(key)  # now the most recently used
                return self._loaded[key]
            # Another model in its place since (removed and installed again by another engine,
            # the app, `quire models`): its tokenizer and sessions must not serve the new one.
            self._loaded.pop(key).close()
        from engine.runtime.loader import first_use, load_causal, load_encoder, load_seq2seq

        self._make_room(folder, report)
        started = time.perf_counter()
        # Encoders are small and open fast: their graphs are not saved (no first use).
        first = kind != "encoder" and first_use(folder, self.options)
        report(ModelLoading(folder.name, first_use=first))
        tokenizer = TextTokenizer.load(folder)
        if kind == "seq2seq":
            loaded = Loaded(
                folder,
                tokenizer,
                seq2seq=load_seq2seq(folder, self.options),
                overrides=dict(self.options.generation),
            )
        elif kind == "causal":
            loaded = Loaded(folder, tokenizer, causal=load_causal(folder, self.options))
        else:
            loaded = Loaded(folder, tokenizer, encoder=load_encoder(folder, self.options))
        report(ModelLoaded(loaded.used, time.perf_counter() - started))
        self._loaded[key] = loaded
        self._made[key] = made
        return loaded

    def _make_room(self, folder: ModelFolder, report: Callable[[Event], None]) -> None:
        """Close earlier jobs' models, least recently used first, while ``folder``'s estimate
        is over ``COMFORTABLE`` of the free memory. On the CPU only: a GPU's memory is not
        what those models hold, and a folder without ONNX files has no estimate."""
        others = [k for k in self._loaded if self._used_by.get(k) != self._job]
        if not others or not folder.variants:
            return
        from engine.runtime.providers import device_plan, release_free_memory
        from engine.store import fit

        try:
            plan = device_plan(self.options.device)
            # ram=0: the estimate alone; what is free is asked before each close.
            need = fit.folder_fit(folder, self.options.dtype, plan, ram=0)
        except (EngineError, OSError):  # no runtime, or a file gone: the load will say
            return
        if need.device != "cpu":
            return
        for key in others:
            free = fit.free_ram()
            if free is None or need.needed_bytes <= free * fit.COMFORTABLE:
                return
            loaded = self._loaded.pop(key)
            self._used_by.pop(key, None)
            self._made.pop(key, None)
            loaded.close()
            release_free_memory()
            report(ModelUnloaded(loaded.folder.name, folder.name, need.needed_bytes, free))

    def clear(self) -> None:
        for loaded in self._loaded.values():
            loaded.close()
        self._loaded.clear()
        self._used_by.clear()
        self._made.clear()

    def drop(self, folder: Path) -> None:
        """Close every model loaded from ``folder`` (being removed): its sessions must not
        serve a model installed under the same name later, nor keep its files open."""
        gone = folder.resolve()
        for key in [k for k in self._loaded if k[0] == gone]:
            self._loaded.pop(key).close()
            self._used_by.pop(key, None)
            self._made.pop(key, None)


class Paced:
    """A job's event sink that adds the time left to ``Progress`` events that do not say it:
    the stage's pace since its first event, once it has run ``SETTLE_SECONDS`` (a stage
    starts again when its name or total changes, or its count goes back: a summary's next
    round). Events that carry their own estimate keep it."""

    SETTLE_SECONDS = 2.0

    def __init__(
        self, report: Callable[[Event], None], clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.report = report
        self.clock = clock
        self._stage: tuple[str, int] | None = None
        self._start = 0.0
        self._first = 0
        self._last = 0

    def __call__(self, event: Event) -> None:
        if isinstance(event, Progress) and event.eta_seconds is None:
            event = self._paced(event)
        self.report(event)

    def _paced(self, event: Progress) -> Progress:
        now = self.clock()
        stage = (event.stage, event.total)
        if stage != self._stage or event.done < self._last:
            self._stage, self._start, self._first = stage, now, event.done
        self._last = event.done
        elapsed = now - self._start
        finished = event.done - self._first
        if elapsed < self.SETTLE_SECONDS or finished <= 0 or event.done >= event.total:
            return event
        left = elapsed / finished * (event.total - event.done)
        return dataclasses.replace(event, eta_seconds=left)


@dataclass
class TaskContext:
    models: ModelCache
    resolve: Callable[[str], ModelFolder]  # a name or path -> model folder
    installed: Callable[[], list[ModelFolder]]  # every usable installed model
    report: Callable[[Event], None]
    cancel: CancelToken
    engine: Engine  # the store, the options and the engine's conveniences, for store jobs

    def progress(self, stage: str, done: int, total: int) -> None:
        self.report(Progress(stage, done, total))

    def check(self) -> None:
        self.cancel.check()
