"""Encoder-decoder models on PyTorch (the fallback backend): a transformers checkpoint loaded
from safetensors, stepped one token at a time with its KV cache, as ``generate()`` drives it.
"""

from __future__ import annotations

import inspect
from typing import Any

import numpy as np

from engine.errors import ModelInvalid, RuntimeUnavailable, install_extra
from engine.runtime.backend import FloatArray, IntArray, RunInfo
from engine.runtime.manifest import ModelFolder


def _import_torch() -> tuple[Any, Any]:
    try:
        import torch
        import transformers
    except ImportError as exc:
        raise RuntimeUnavailable(
            "PyTorch or transformers is not installed",
            hint=f"Use ONNX Runtime, or the torch extra: {install_extra('torch')}",
        ) from exc
    return torch, transformers


class TorchDecoderState:
    """The decoder of one generate() call: encoder output, its mask and the KV cache.

    The model is called exactly as transformers' ``generate()`` calls it (one token, the
    cache, ``cache_position``), so the logits are the ones transformers sees.
    """

    def __init__(self, owner: TorchSeq2Seq, hidden: Any, mask: Any, expand: int) -> None:
        torch, transformers = _import_torch()
        self._torch = torch
        self._owner = owner
        self._hidden = hidden  # (batch, source, d_model): one row per input, not per beam
        self._mask = mask
        self._source = np.repeat(np.arange(hidden.shape[0]), expand)  # decoder row -> input row
        self._rows_hidden = hidden.repeat_interleave(expand, dim=0) if expand > 1 else hidden
        self._rows_mask = mask.repeat_interleave(expand, dim=0) if expand > 1 else mask
        cache_config = {"config": owner.model.config.get_text_config(decoder=True)}
        self._cache = transformers.EncoderDecoderCache(
            transformers.DynamicCache(**cache_config), transformers.DynamicCache(**cache_config)
        )
        self._position = 0

    def step(self, tokens: IntArray) -> FloatArray:
        torch = self._torch
        from transformers.modeling_outputs import BaseModelOutput

        with torch.inference_mode():
            kwargs: dict[str, Any] = {
                "encoder_outputs": BaseModelOutput(last_hidden_state=self._rows_hidden),
                "attention_mask": self._rows_mask,
                "decoder_input_ids": torch.from_numpy(
                    np.ascontiguousarray(tokens, dtype=np.int64)
                ).to(self._owner.device)[:, None],
                "past_key_values": self._cache,
                "use_cache": True,
                "return_dict": True,
            }
            if self._owner.takes_cache_position:
                kwargs["cache_position"] = torch.tensor([self._position], device=self._owner.device)
            out = self._owner.model(**kwargs)
            self._cache = out.past_key_values
            self._position += 1
            logits = out.logits[:, -1, :].to(dtype=torch.float32, device="cpu")
            return np.array(logits.numpy(), dtype=np.float32)

    def reorder(self, rows: IntArray) -> None:
        torch = self._torch
        rows = np.asarray(rows, dtype=np.int64)
        with torch.inference_mode():
            index = torch.from_numpy(rows).to(self._owner.device)
            self._cache.reorder_cache(index)
            source = self._source[rows]
            if not np.array_equal(source, self._source):
                # Rows left the batch: the encoder side must follow. (A reorder among the beams
                # of one input keeps the same encoder rows, so this copy is rare.)
                picked = torch.from_numpy(source).to(self._owner.device)
                self._rows_hidden = self._hidden.index_select(0, picked)
                self._rows_mask = self._mask.index_select(0, picked)
            self._source = source


class TorchSeq2Seq:
    """A transformers ``AutoModelForSeq2SeqLM`` behind the ``Seq2SeqModel`` protocol."""

    def __init__(self, model: Any, folder: ModelFolder, device: str) -> None:
        self.model = model
        self.folder = folder
        self.device = device
        self.info = RunInfo(backend="torch", variant="fp32", device=device)
        self.takes_cache_position = "cache_position" in inspect.signature(model.forward).parameters

    @classmethod
    def load(cls, folder: ModelFolder, device: str = "cpu") -> TorchSeq2Seq:
        torch, transformers = _import_torch()
        if not folder.safetensors:
            raise ModelInvalid(
                f"The model {folder.name} has no safetensors weights for PyTorch",
                path=folder.path,
                hint="Quire never loads pickled weights (pytorch_model.bin)",
            )
        try:
            model = transformers.AutoModelForSeq2SeqLM.from_pretrained(
                folder.path, use_safetensors=True, trust_remote_code=False, dtype=torch.float32
            )
        except (OSError, ValueError, KeyError) as exc:
            raise ModelInvalid(
                f"PyTorch cannot load {folder.name}: {exc}", path=folder.path
            ) from exc
        model.eval()
        try:
            model.to(device)
        except (RuntimeError, AssertionError) as exc:
            raise RuntimeUnavailable(f"PyTorch cannot use the device {device!r}: {exc}") from exc
        return cls(model, folder, device)

    @property
    def vocab_size(self) -> int:
        return int(self.model.get_output_embeddings().weight.shape[0])

    def start(
        self, input_ids: IntArray, attention_mask: IntArray, expand: int = 1
    ) -> TorchDecoderState:
        torch, _ = _import_torch()
        with torch.inference_mode():
            ids = torch.from_numpy(np.ascontiguousarray(input_ids, dtype=np.int64)).to(self.device)
            mask = torch.from_numpy(np.ascontiguousarray(attention_mask, dtype=np.int64)).to(
                self.device
            )
            encoded = self.model.get_encoder()(input_ids=ids, attention_mask=mask, return_dict=True)
            return TorchDecoderState(self, encoded.last_hidden_state, mask, expand)

    def close(self) -> None:
        self.model = None


__all__ = ["TorchDecoderState", "TorchSeq2Seq"]
