"""Turn token vectors into one sentence vector the way sentence-transformers does (mean, CLS,
max; optional L2 normalisation)."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from engine.runtime.backend import FloatArray
from engine.runtime.manifest import Pooling


def pool(
    last_hidden_state: NDArray[np.floating], attention_mask: NDArray[np.integer], pooling: Pooling
) -> FloatArray:
    """(batch, seq, dim) token vectors and their (batch, seq) mask -> (batch, dim) float32."""
    if last_hidden_state.ndim != 3 or attention_mask.shape != last_hidden_state.shape[:2]:
        raise ValueError(
            f"pool() needs (batch, seq, dim) vectors and a (batch, seq) mask, got "
            f"{last_hidden_state.shape} and {attention_mask.shape}"
        )
    hidden = last_hidden_state.astype(np.float32, copy=False)
    mask = attention_mask.astype(np.float32)[:, :, None]
    if pooling.mode == "cls":
        # The first real token of each row: index 0 unless the batch is padded on the left.
        first = np.argmax(attention_mask > 0, axis=1)
        out = hidden[np.arange(hidden.shape[0]), first]
    elif pooling.mode == "max":
        # Padding never wins the maximum (sentence-transformers masks it with -inf).
        out = np.where(mask > 0, hidden, np.float32(-np.inf)).max(axis=1)
    else:
        summed = (hidden * mask).sum(axis=1)
        # The clamp keeps an all-padding row finite, as in sentence-transformers.
        counts = np.maximum(mask.sum(axis=1), np.float32(1e-9))
        out = summed / counts
    out = out.astype(np.float32, copy=False)
    if pooling.normalize:
        # torch.nn.functional.normalize: x / max(||x||, 1e-12).
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        out = out / np.maximum(norms, np.float32(1e-12))
    return np.ascontiguousarray(out, dtype=np.float32)
