"""Run an encoder-only ONNX model (classification, question answering, feature extraction) on
ONNX Runtime."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from engine.errors import InputError, ModelInvalid
from engine.runtime.backend import FloatArray, IntArray, RunInfo
from engine.runtime.manifest import ModelFolder, Variant
from engine.runtime.ort_errors import OrtErrors
from engine.runtime.providers import PROVIDERS, SessionFactory, create_session, ort_session

# Inputs the engine knows how to fill; a graph asking for anything else is not an encoder we run.
KNOWN_INPUTS = ("input_ids", "attention_mask", "token_type_ids")


class OnnxEncoder:
    """One ONNX Runtime session over ``model.onnx`` (of the chosen variant)."""

    def __init__(self, session: Any, info: RunInfo, path: Path, root: Path | None = None) -> None:
        self._session = session
        self.info = info
        self._path = path
        self._errors = OrtErrors(root or path.parent, path)
        self._inputs = tuple(str(i.name) for i in session.get_inputs())
        self._outputs = tuple(str(o.name) for o in session.get_outputs())
        unknown = [n for n in self._inputs if n not in KNOWN_INPUTS]
        if unknown or "input_ids" not in self._inputs:
            session_inputs = ", ".join(self._inputs)
            raise ModelInvalid(
                f"The ONNX model takes inputs {session_inputs}; an encoder takes input_ids, "
                "attention_mask and optionally token_type_ids",
                path=path,
            )

    @classmethod
    def load(
        cls,
        folder: ModelFolder,
        variant: Variant,
        plan: list[str],
        threads: int | None = None,
        *,
        factory: SessionFactory = ort_session,
    ) -> OnnxEncoder:
        path = folder.onnx_file("model", variant)
        result = create_session(
            path, plan, threads=threads, model_root=folder.path, factory=factory
        )
        info = RunInfo(
            backend="onnx",
            variant=variant,
            device=result.device,
            providers=tuple(result.session.get_providers()),
            fallbacks=tuple(result.fallbacks),
            # On a GPU the outputs are bound to device memory and copied back once, after the
            # run; on the CPU plain run() already avoids every copy.
            io_binding=result.device == "cuda",
        )
        return cls(result.session, info, path, folder.path)

    @property
    def input_names(self) -> tuple[str, ...]:
        return self._inputs

    @property
    def output_names(self) -> tuple[str, ...]:
        return self._outputs

    def run(self, inputs: dict[str, IntArray]) -> dict[str, FloatArray]:
        """Feed the inputs the graph declares; token_type_ids default to zeros."""
        feed = self._feed(inputs)
        with self._errors:
            if self.info.io_binding:
                values = self._run_bound(feed)
            else:
                values = self._session.run(list(self._outputs), feed)
        return {
            name: np.ascontiguousarray(value, dtype=np.float32)
            for name, value in zip(self._outputs, values, strict=True)
        }

    def _feed(self, inputs: dict[str, IntArray]) -> dict[str, IntArray]:
        if "input_ids" not in inputs:
            raise InputError("An encoder needs input_ids")
        ids = np.ascontiguousarray(inputs["input_ids"], dtype=np.int64)
        if ids.ndim != 2:
            raise InputError(f"input_ids must be (batch, seq), not {ids.shape}")
        feed: dict[str, IntArray] = {}
        for name in self._inputs:
            if name in inputs:
                value = np.ascontiguousarray(inputs[name], dtype=np.int64)
                if value.shape != ids.shape:
                    raise InputError(f"{name} has shape {value.shape}, input_ids {ids.shape}")
                feed[name] = value
            elif name == "attention_mask":
                feed[name] = np.ones_like(ids)
            elif name == "token_type_ids":
                feed[name] = np.zeros_like(ids)
        return feed

    def _run_bound(self, feed: dict[str, IntArray]) -> list[Any]:
        binding = self._session.io_binding()
        for name, value in feed.items():
            binding.bind_cpu_input(name, value)
        for name in self._outputs:
            binding.bind_output(name, self.info.device)
        self._session.run_with_iobinding(binding)
        values: list[Any] = binding.copy_outputs_to_cpu()
        return values

    def close(self) -> None:
        self._session = None

    def __repr__(self) -> str:
        provider = PROVIDERS.get(self.info.device, self.info.device)
        return f"OnnxEncoder({self._path}, {self.info.variant}, {provider})"
