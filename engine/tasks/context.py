"""What a task gets to do its job: loaded models (cached by the engine), events, cancel."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from engine.api import Event, ModelLoaded, ModelLoading, ModelUsed, Progress
from engine.options import CancelToken, EngineOptions
from engine.runtime.backend import EncoderModel, Seq2SeqModel
from engine.runtime.manifest import ModelFolder
from engine.runtime.onnx_causal import OnnxCausalLM
from engine.runtime.tokenizer import TextTokenizer

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


class ModelCache:
    """Loaded models by (folder, kind). Owned by one worker, so no locking."""

    def __init__(self, options: EngineOptions) -> None:
        self.options = options
        self._loaded: dict[tuple[Path, Kind], Loaded] = {}

    def get(self, folder: ModelFolder, kind: Kind, report: Callable[[Event], None]) -> Loaded:
        key = (folder.path.resolve(), kind)
        if key in self._loaded:
            return self._loaded[key]
        from engine.runtime.loader import first_use, load_causal, load_encoder, load_seq2seq

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
        return loaded

    def clear(self) -> None:
        for loaded in self._loaded.values():
            loaded.close()
        self._loaded.clear()

    def drop(self, folder: Path) -> None:
        """Close every model loaded from ``folder`` (being removed): its sessions must not
        serve a model installed under the same name later, nor keep its files open."""
        gone = folder.resolve()
        for key in [k for k in self._loaded if k[0] == gone]:
            self._loaded.pop(key).close()


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
