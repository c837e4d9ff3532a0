"""Will a model variant fit this machine? Memory estimated from its file sizes against free RAM
(psutil) or free VRAM (``nvidia-smi`` when a CUDA device is planned), as fits / slow / won't fit.

The estimate is deliberately coarse: ONNX Runtime holds the weights once (plus arena slack), and
activations for Quire's batch sizes are small next to them.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from engine.runtime.loader import GPU_DEVICES, auto_variant
from engine.runtime.manifest import ModelFolder, Variant
from engine.text.sizes import human_size

Verdict = Literal["fits", "slow", "won't fit"]
# Weights are mapped once; ORT's arena and graph optimizations add about a fifth.
WEIGHT_FACTOR = 1.2
ACTIVATIONS = 256 * 1024 * 1024  # working memory for a batch of segments and beam search
# Above this share of free memory the system starts swapping under ordinary load.
COMFORTABLE = 0.6


@dataclass(frozen=True)
class Fit:
    verdict: Verdict
    device: str
    needed_bytes: int
    available_bytes: int | None
    reason: str


def needed_bytes(weight_bytes: int, extra_bytes: int = 0) -> int:
    return int(weight_bytes * WEIGHT_FACTOR) + ACTIVATIONS + extra_bytes


# Tokens of context a task gives a decoder-only model (engine.tasks.instruct.CONTEXT_CAP) and
# prompt tokens per forward pass (engine.runtime.generate_causal.PREFILL_CHUNK).
TASK_CONTEXT = 4096
PREFILL_CHUNK = 256


@dataclass(frozen=True)
class CacheShape:
    """What a decoder-only model's KV cache and logits cost per token."""

    layers: int
    kv_heads: int
    head_dim: int
    vocab: int = 0
    context: int | None = None  # the model's own limit (max_position_embeddings)

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> CacheShape | None:
        """From config.json; None when it does not describe a decoder-only transformer."""
        try:
            layers = int(config["num_hidden_layers"])
            heads = int(config["num_attention_heads"])
            kv_heads = int(config.get("num_key_value_heads") or heads)
            head_dim = int(config.get("head_dim") or int(config["hidden_size"]) // heads)
        except (KeyError, TypeError, ValueError, ZeroDivisionError):
            return None
        positions = config.get("max_position_embeddings")
        return cls(
            layers,
            kv_heads,
            head_dim,
            int(config.get("vocab_size") or 0),
            int(positions) if isinstance(positions, int) else None,
        )

    def tokens(self, wanted: int = TASK_CONTEXT) -> int:
        """The context counted: ``wanted`` tokens, capped at the model's limit."""
        return min(wanted, self.context) if self.context else wanted

    def bytes_for(self, variant: Variant, tokens: int = TASK_CONTEXT) -> int:
        """KV cache for ``tokens`` of context (capped at the model's limit), plus the logits
        of one prefill slice; float16 for the fp16 graphs, else float32."""
        tokens = self.tokens(tokens)
        width = 2 if variant in ("fp16", "q4f16") else 4
        cache = 2 * self.layers * self.kv_heads * self.head_dim * tokens * width
        return cache + PREFILL_CHUNK * self.vocab * 4


def gb(n: int) -> str:
    return human_size(n)


def free_ram() -> int | None:
    try:
        import psutil
    except ImportError:
        return None
    return int(psutil.virtual_memory().available)


@functools.cache
def free_vram() -> int | None:
    """Free memory of the first NVIDIA GPU, or None when it cannot be told (asked once)."""
    tool = shutil.which("nvidia-smi")
    if tool is None:
        return None
    try:
        out = subprocess.run(
            [tool, "--query-gpu=memory.free", "--format=csv,noheader,nounits"],
            capture_output=True,
            text=True,
            timeout=3,
            check=True,
            # (a console program, started from the windowed app: no window flashing up)
            creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
        ).stdout
        return int(out.split()[0]) * 1024 * 1024
    except (OSError, subprocess.SubprocessError, ValueError, IndexError):
        return None


def device_for(variant: Variant, plan: list[str]) -> str:
    """The device ``variant`` would run on: int8 graphs always on the CPU (as the loader does)."""
    first = plan[0] if plan else "cpu"
    return "cpu" if variant == "int8" else first


def fit_for(
    weight_bytes: int,
    variant: Variant,
    device: str,
    *,
    ram: int | None = None,
    vram: int | None = None,
    cache: CacheShape | None = None,
) -> Fit:
    """The verdict for ``weight_bytes`` of ONNX files of ``variant`` running on ``device``.
    ``ram``/``vram`` default to what this machine has free now. A decoder-only model's
    ``cache`` shape adds its KV cache for the context a task uses."""
    extra = cache.bytes_for(variant) if cache is not None else 0
    need = needed_bytes(weight_bytes, extra)
    on_gpu = device in GPU_DEVICES
    if on_gpu:
        free = vram if vram is not None else (free_vram() if device == "cuda" else None)
        where = "video memory"
    else:
        free = ram if ram is not None else free_ram()
        where = "memory"
    if free is None:
        verdict: Verdict = "fits"
        reason = f"needs about {gb(need)}; free {where} unknown"
    elif need > free:
        verdict = "won't fit"
        reason = f"needs about {gb(need)}, only {gb(free)} {where} free"
    elif need > free * COMFORTABLE:
        verdict = "slow"
        reason = f"needs about {gb(need)} of {gb(free)} free {where}: expect swapping"
    else:
        verdict = "fits"
        reason = f"needs about {gb(need)}, {gb(free)} {where} free"
    if extra:
        assert cache is not None
        reason = f"{reason} (with {gb(extra)} for a {cache.tokens():,}-token context)"
    if verdict == "fits" and variant == "fp16" and not on_gpu:
        verdict, reason = "slow", f"{reason}; fp16 runs slowly on a CPU"
    return Fit(verdict, device, need, free, reason)


def default_variant(have: tuple[Variant, ...] | list[Variant], plan: list[str]) -> Variant:
    """The variant the loader picks on ``plan`` (fp16 on a GPU, int8 on a CPU, else fp32)."""
    return auto_variant(have, plan) or "fp32"


def folder_fit(folder: ModelFolder, dtype: str, plan: list[str], *, ram: int | None = None) -> Fit:
    """The fit of the variant a load of ``folder`` picks (``dtype`` when the folder has it,
    else ``auto``'s) on ``plan``; a folder without ONNX files is not asked (no variant)."""
    variant: Variant = next(
        (v for v in folder.variants if v == dtype), default_variant(folder.variants, plan)
    )
    files = folder.onnx[variant].files.values()
    weights = sum(f.stat().st_size for f in files if f.is_file())
    cache = CacheShape.from_config(folder.config) if folder.is_causal else None
    return fit_for(weights, variant, device_for(variant, plan), ram=ram, cache=cache)


__all__ = [
    "CacheShape",
    "Fit",
    "Verdict",
    "default_variant",
    "device_for",
    "fit_for",
    "folder_fit",
    "needed_bytes",
]
