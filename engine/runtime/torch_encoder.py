"""Run an encoder-only checkpoint with PyTorch and transformers (safetensors only): the fallback
behind the same interface as ``OnnxEncoder``."""

from __future__ import annotations

import inspect
from typing import Any

import numpy as np

from engine.errors import (
    InputError,
    ModelInvalid,
    ModelUnsupported,
    RuntimeUnavailable,
    install_extra,
)
from engine.runtime.backend import Fallback, FloatArray, IntArray, RunInfo
from engine.runtime.manifest import ModelFolder

KNOWN_INPUTS = ("input_ids", "attention_mask", "token_type_ids")
# Output names by head, matching what the ONNX export of the same head produces.
HEAD_OUTPUTS = {
    "ForSequenceClassification": ("logits",),
    "ForQuestionAnswering": ("start_logits", "end_logits"),
    "": ("last_hidden_state",),
}


def _import_torch() -> tuple[Any, Any]:
    try:
        import torch
        import transformers
    except ImportError as exc:
        raise RuntimeUnavailable(
            "PyTorch and transformers are not installed",
            hint=f"Use the ONNX Runtime backend, or {install_extra('torch')}",
        ) from exc
    return torch, transformers


def _head(folder: ModelFolder) -> str:
    for arch in folder.architectures:
        for head in ("ForSequenceClassification", "ForQuestionAnswering"):
            if arch.endswith(head):
                return head
    return ""


class TorchEncoder:
    """A transformers model in eval mode; outputs are float32 numpy arrays by name."""

    def __init__(self, model: Any, head: str, info: RunInfo) -> None:
        self._model = model
        self._head = head
        self.info = info
        accepted = inspect.signature(model.forward).parameters
        self._inputs = tuple(n for n in KNOWN_INPUTS if n in accepted)

    @classmethod
    def load(cls, folder: ModelFolder, device: str = "cpu") -> TorchEncoder:
        torch, transformers = _import_torch()
        if not folder.safetensors:
            raise ModelInvalid(
                "The PyTorch backend needs safetensors weights and this folder has none",
                path=folder.path,
                hint="Quire never loads pickled weights (pytorch_model.bin)",
            )
        fallbacks: list[Fallback] = []
        if device == "auto":
            device = "cuda" if torch.cuda.is_available() else "cpu"
        elif device == "cuda" and not torch.cuda.is_available():
            fallbacks.append(Fallback("cuda", "cpu", "PyTorch sees no CUDA device"))
            device = "cpu"
        elif device not in ("cpu", "cuda"):
            fallbacks.append(Fallback(device, "cpu", f"The PyTorch backend does not use {device}"))
            device = "cpu"
        head = _head(folder)
        auto = {
            "ForSequenceClassification": transformers.AutoModelForSequenceClassification,
            "ForQuestionAnswering": transformers.AutoModelForQuestionAnswering,
            "": transformers.AutoModel,
        }[head]
        try:
            model = auto.from_pretrained(
                str(folder.path),
                use_safetensors=True,
                trust_remote_code=False,
                local_files_only=True,
            )
        except ValueError as exc:  # an architecture transformers does not know
            raise ModelUnsupported(
                f"transformers cannot load this model: {exc}", path=folder.path / "config.json"
            ) from exc
        except OSError as exc:
            raise ModelInvalid(f"The weights cannot be read: {exc}", path=folder.path) from exc
        model.eval().to(device)
        info = RunInfo(
            backend="torch",
            variant="fp32",
            device=device,
            providers=(f"torch-{torch.__version__}",),
            fallbacks=tuple(fallbacks),
        )
        return cls(model, head, info)

    @property
    def input_names(self) -> tuple[str, ...]:
        return self._inputs

    @property
    def output_names(self) -> tuple[str, ...]:
        return HEAD_OUTPUTS[self._head]

    def run(self, inputs: dict[str, IntArray]) -> dict[str, FloatArray]:
        import torch

        if "input_ids" not in inputs:
            raise InputError("An encoder needs input_ids")
        shape = np.shape(inputs["input_ids"])
        device = self.info.device
        feed = {}
        for name in self._inputs:
            if name in inputs:
                if np.shape(inputs[name]) != shape:
                    raise InputError(f"{name} has shape {np.shape(inputs[name])}, not {shape}")
                value = np.ascontiguousarray(inputs[name], dtype=np.int64)
                feed[name] = torch.from_numpy(value).to(device)
        with torch.inference_mode():
            out = self._model(**feed)
        return {
            name: np.ascontiguousarray(out[name].float().cpu().numpy(), dtype=np.float32)
            for name in self.output_names
        }

    def close(self) -> None:
        self._model = None
