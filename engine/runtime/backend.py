"""What a loaded model looks like to the rest of the engine, whichever runtime runs it.

Both backends (ONNX Runtime and PyTorch) implement these protocols; generation, pooling and
the tasks are written once against them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float32]


@dataclass(frozen=True)
class Fallback:
    """One step down the preference ladder, and why (shown by the GUI and `quire doctor`)."""

    wanted: str
    got: str
    reason: str


@dataclass(frozen=True)
class RunInfo:
    """What really runs a model: backend, variant, device/provider and every fallback taken."""

    backend: str  # "onnx" | "torch"
    variant: str  # "fp32" | "fp16" | "int8"
    device: str  # "cpu" | "cuda" | "directml" | "coreml"
    providers: tuple[str, ...] = ()
    fallbacks: tuple[Fallback, ...] = field(default_factory=tuple)
    io_binding: bool = False


class DecoderState(Protocol):
    """The running decoder of one generate() call: encoder outputs plus the KV cache."""

    def step(self, tokens: IntArray) -> FloatArray:
        """Feed the newest token of each row, shape (rows,); return next-token logits
        (rows, vocab) as float32, an array the caller owns (beam search writes into it)."""
        ...

    def reorder(self, rows: IntArray) -> None:
        """Keep the given rows in the given order (beam reordering, dropping finished rows)."""
        ...


class Seq2SeqModel(Protocol):
    info: RunInfo

    @property
    def vocab_size(self) -> int: ...

    def start(self, input_ids: IntArray, attention_mask: IntArray, expand: int = 1) -> DecoderState:
        """Run the encoder on a padded batch; each row is repeated ``expand`` times (beams)."""
        ...

    def close(self) -> None: ...


class EncoderModel(Protocol):
    """Encoder-only models: classification, QA and feature extraction heads."""

    info: RunInfo

    @property
    def input_names(self) -> tuple[str, ...]: ...

    def run(self, inputs: dict[str, IntArray]) -> dict[str, FloatArray]:
        """Outputs by name: ``logits``, ``start_logits``/``end_logits`` or
        ``last_hidden_state``, as float32."""
        ...

    def close(self) -> None: ...
