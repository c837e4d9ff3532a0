"""Pick backend, variant and device for a model folder and load it, explaining every choice.

ONNX Runtime first; PyTorch (safetensors only) when ONNX Runtime is missing, when the folder
has no ONNX files, or when the user asks for it. Each step down is recorded as a ``Fallback``.
"""

from __future__ import annotations

import dataclasses
import importlib.util
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from engine.errors import InputError, ModelInvalid, RuntimeUnavailable, install_extra
from engine.options import EngineOptions
from engine.runtime.backend import EncoderModel, Fallback, RunInfo, Seq2SeqModel
from engine.runtime.manifest import ModelFolder, Variant
from engine.runtime.providers import auto_skipped, device_plan, import_ort

if TYPE_CHECKING:
    from engine.runtime.onnx_causal import OnnxCausalLM

GPU_DEVICES = frozenset({"cuda", "directml", "coreml"})
# The variants ``--dtype auto`` picks from, best first (the store's fit and downloads follow it):
# half precision on a GPU; on a CPU int8 (whose integer products have CPU kernels only) and
# 4-bit weights before float.
GPU_ORDER: tuple[Variant, ...] = ("fp16", "q4f16", "fp32", "q4", "int8")
CPU_ORDER: tuple[Variant, ...] = ("int8", "q4", "fp32", "q4f16", "fp16")
# CoreML takes fp32 graphs and runs them at its own precision (half on the Neural Engine and
# the GPU); the nodes it does not take (many of a transformer's, with dynamic shapes) run on
# the CPU, where an fp16 graph's would run slowly in half precision. So fp32 first, then the
# CPU's order.
COREML_ORDER: tuple[Variant, ...] = ("fp32", "int8", "q4", "q4f16", "fp16")


def auto_variant(have: Iterable[Variant], plan: Sequence[str]) -> Variant | None:
    """The variant ``auto`` loads on ``plan`` from those in ``have`` (None: none at all)."""
    available = set(have)
    first = plan[0] if plan else "cpu"
    order = COREML_ORDER if first == "coreml" else GPU_ORDER if first in GPU_DEVICES else CPU_ORDER
    return next((v for v in order if v in available), None)


class _HasInfo(Protocol):
    info: RunInfo


M = TypeVar("M", bound=_HasInfo)


def ort_installed() -> bool:
    return importlib.util.find_spec("onnxruntime") is not None


def torch_installed() -> bool:
    return all(importlib.util.find_spec(m) is not None for m in ("torch", "transformers"))


def choose_variant(
    folder: ModelFolder, plan: list[str], requested: str
) -> tuple[Variant, list[str], list[Fallback]]:
    """The ONNX variant to load and the device plan it can run on.

    auto: fp16 on a GPU when the folder has it, an int8 variant on the CPU when it has one,
    else fp32. int8 (dynamically quantized) graphs use MatMulInteger, which the GPU providers
    do not implement, so an int8 choice moves the plan to the CPU, with the reason recorded.
    """
    have = folder.variants
    on_gpu = plan[0] in GPU_DEVICES
    fallbacks: list[Fallback] = []
    if requested != "auto":
        if requested not in have:
            raise InputError(
                f"The model {folder.name} has no {requested} variant (it has "
                f"{', '.join(have) or 'no ONNX files'})",
                path=folder.path,
                hint="Choose another --dtype, or export that variant with `quire models export`",
                message_id="model.no_variant",
                params={"model": folder.name, "variant": requested},
            )
        variant: Variant = requested
    else:
        chosen = auto_variant(have, plan)
        if chosen is None:
            raise ModelInvalid("The folder has no ONNX files", path=folder.path)
        variant = chosen
    if variant == "int8" and on_gpu:
        fallbacks.append(
            Fallback(
                plan[0],
                "cpu",
                "int8 (dynamically quantized) models run on the CPU: GPU providers have no "
                "kernels for their integer matrix products",
            )
        )
        plan = ["cpu"]
    if variant in ("fp16", "q4f16") and not on_gpu:
        fallbacks.append(
            Fallback(
                variant, variant, "fp16 runs on the CPU only slowly and not for every operator"
            )
        )
    return variant, plan, fallbacks


def _backend(folder: ModelFolder, options: EngineOptions) -> tuple[str, list[Fallback]]:
    if options.backend == "torch":
        if not folder.safetensors:
            raise ModelInvalid(
                "The PyTorch backend needs safetensors weights and this folder has none",
                path=folder.path,
            )
        if not torch_installed():
            raise RuntimeUnavailable(
                "PyTorch is not installed", hint=f"Use --backend onnx, or {install_extra('torch')}"
            )
        return "torch", []
    if options.backend == "onnx":
        if not folder.onnx:
            raise ModelInvalid("The folder has no ONNX files", path=folder.path)
        import_ort()  # raises RuntimeUnavailable with a hint
        return "onnx", []
    # auto
    if folder.onnx and ort_installed():
        return "onnx", []
    reason = "ONNX Runtime is not installed" if folder.onnx else "the folder has no ONNX files"
    if folder.safetensors and torch_installed():
        return "torch", [Fallback("onnx", "torch", reason)]
    missing = "PyTorch is not installed" if folder.safetensors else "it has no safetensors weights"
    raise RuntimeUnavailable(
        f"Nothing can run {folder.name}: {reason}, and {missing}",
        path=folder.path,
        hint="Install onnxruntime, or export the model to ONNX with `quire models export`",
    )


def _torch_device(options: EngineOptions) -> tuple[str, list[Fallback]]:
    if options.device not in ("auto", "cuda"):
        return "cpu", []
    import torch

    if torch.cuda.is_available():
        return "cuda", []
    if options.device == "cuda":
        return "cpu", [Fallback("cuda", "cpu", "PyTorch sees no CUDA device")]
    return "cpu", []


def _with_fallbacks(model: M, extra: list[Fallback]) -> M:
    if extra:
        merged = tuple(dict.fromkeys([*extra, *model.info.fallbacks]))
        model.info = dataclasses.replace(model.info, fallbacks=merged)
    return model


def load_seq2seq(folder: ModelFolder, options: EngineOptions) -> Seq2SeqModel:
    """Load a text generator (translation, summarization)."""
    if not folder.is_generative:
        raise ModelInvalid(
            f"{folder.name} is not a text-generation (encoder-decoder) model", path=folder.path
        )
    backend, fallbacks = _backend(folder, options)
    if backend == "torch":
        from engine.runtime.torch_seq2seq import TorchSeq2Seq

        device, more = _torch_device(options)
        return _with_fallbacks(TorchSeq2Seq.load(folder, device), fallbacks + more)
    from engine.runtime.onnx_seq2seq import OnnxSeq2Seq

    variant, plan, more = choose_variant(folder, device_plan(options.device), options.dtype)
    cache = options.home / "cache" / "onnxruntime"
    model = OnnxSeq2Seq.load(folder, variant, plan, options.threads, cache=cache)
    return _with_fallbacks(model, fallbacks + _skipped(options) + more)


def load_encoder(folder: ModelFolder, options: EngineOptions) -> EncoderModel:
    """Load an encoder (classification, question answering, embeddings)."""
    if folder.is_generative:
        raise ModelInvalid(f"{folder.name} is a text generator, not an encoder", path=folder.path)
    backend, fallbacks = _backend(folder, options)
    if backend == "torch":
        from engine.runtime.torch_encoder import TorchEncoder

        device, more = _torch_device(options)
        return _with_fallbacks(TorchEncoder.load(folder, device), fallbacks + more)
    from engine.runtime.onnx_encoder import OnnxEncoder

    variant, plan, more = choose_variant(folder, device_plan(options.device), options.dtype)
    model = OnnxEncoder.load(folder, variant, plan, options.threads)
    return _with_fallbacks(model, fallbacks + _skipped(options) + more)


def load_causal(folder: ModelFolder, options: EngineOptions) -> OnnxCausalLM:
    """Load a decoder-only language model (ONNX Runtime only, for now)."""
    if not folder.is_causal:
        raise ModelInvalid(
            f"{folder.name} is not a decoder-only (causal) language model", path=folder.path
        )
    if not folder.onnx:
        raise ModelInvalid(
            "Quire runs decoder-only models from ONNX files and this folder has none",
            path=folder.path,
            hint="Export it with `quire models export`",
        )
    if options.backend == "torch":
        raise RuntimeUnavailable(
            "Decoder-only models run on ONNX Runtime only", hint="Use --backend onnx or auto"
        )
    import_ort()
    from engine.runtime.onnx_causal import OnnxCausalLM

    variant, plan, more = choose_variant(folder, device_plan(options.device), options.dtype)
    plan = _causal_plan(variant, plan, more)
    cache = options.home / "cache" / "onnxruntime"
    model = OnnxCausalLM.load(folder, variant, plan, options.threads, cache=cache)
    return _with_fallbacks(model, _skipped(options) + more)


def first_use(folder: ModelFolder, options: EngineOptions) -> bool:
    """Whether loading ``folder`` (a translation or language model: encoders are not cached)
    now prepares it for this computer: ONNX Runtime optimises the graphs that the load opens
    on the CPU (and Quire rewrites them) and saves them, because the cache has no entry for
    one of them under today's key (a new download, another ONNX Runtime or rewrite). Only
    the CPU's graphs are saved: a load planned on a GPU is not a first use (one that then
    falls back to the CPU prepares without saying so), nor a model too large to cache. False
    too when that cannot be told (the load itself reports what is wrong)."""
    from engine.runtime.providers import cache_entry

    try:
        if _backend(folder, options)[0] != "onnx":
            return False
        variant, plan, _ = choose_variant(folder, device_plan(options.device), options.dtype)
        if folder.is_causal:
            plan = _causal_plan(variant, plan, [])
        if plan[0] != "cpu":
            return False
        cache = options.home / "cache" / "onnxruntime"
        entries = [cache_entry(path, folder.path, cache) for path in _opened(folder, variant)]
        return any(entry is not None and not entry.exists() for entry in entries)
    except Exception:
        return False


def _opened(folder: ModelFolder, variant: Variant) -> list[Path]:
    """The ONNX files a load of ``variant`` opens."""
    if folder.is_causal:
        return [folder.onnx_file("model", variant)]
    from engine.runtime.onnx_seq2seq import opened_files

    return opened_files(folder, variant)


def _causal_plan(variant: Variant, plan: list[str], more: list[Fallback]) -> list[str]:
    """``plan`` for a language model's ``variant``: 4-bit MatMulNBits has kernels for the CPU
    and CUDA providers only (the move recorded in ``more``)."""
    if variant in ("q4", "q4f16") and plan[0] not in ("cuda", "cpu"):
        more.append(Fallback(plan[0], "cpu", f"{variant} (4-bit) models run on CUDA or the CPU"))
        plan = [d for d in plan if d in ("cuda", "cpu")]
    return plan


def _skipped(options: EngineOptions) -> list[Fallback]:
    """With --device auto, the providers left out because they do not start here, and why."""
    return auto_skipped() if options.device == "auto" else []
