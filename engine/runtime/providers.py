"""Choose ONNX Runtime execution providers and create sessions, recording every fallback.

Preference is CUDA → DirectML → CoreML → CPU. ``get_available_providers()`` lists what the
installed build *contains*, not what works (CUDA is listed on machines without a GPU), so a
session is created and then asked what it really got.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.errors import ModelInvalid, RuntimeUnavailable
from engine.options import Device
from engine.runtime.backend import Fallback
from engine.runtime.external_data import check_external_data

PROVIDERS: dict[str, str] = {
    "cuda": "CUDAExecutionProvider",
    "directml": "DmlExecutionProvider",
    "coreml": "CoreMLExecutionProvider",
    "cpu": "CPUExecutionProvider",
}
DEVICE_OF = {v: k for k, v in PROVIDERS.items()}
AUTO_ORDER = ("cuda", "directml", "coreml", "cpu")


def import_ort() -> Any:
    try:
        import onnxruntime
    except ImportError as exc:
        raise RuntimeUnavailable(
            "ONNX Runtime is not installed",
            hint="Install the onnxruntime package for your platform, or use the PyTorch backend",
        ) from exc
    return onnxruntime


def available_devices() -> list[str]:
    """Devices whose provider the installed ONNX Runtime build contains (not proof they work)."""
    ort = import_ort()
    have = set(ort.get_available_providers())
    return [d for d in AUTO_ORDER if PROVIDERS[d] in have]


def device_plan(device: Device) -> list[str]:
    """Devices to try, best first. CPU is always the last resort."""
    have = available_devices()
    if device == "auto":
        plan = [d for d in AUTO_ORDER if d in have]
    else:
        plan = [device, "cpu"] if device != "cpu" else ["cpu"]
    if "cpu" not in plan:
        plan.append("cpu")
    return plan


def session_options(threads: int | None) -> Any:
    ort = import_ort()
    opts = ort.SessionOptions()
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    opts.enable_cpu_mem_arena = True
    opts.enable_mem_pattern = True
    opts.log_severity_level = 3  # errors only; fallbacks are reported through RunInfo
    if threads:
        opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
    # A desktop app shares the CPU with the GUI: don't busy-wait between ops.
    opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
    opts.add_session_config_entry("session.inter_op.allow_spinning", "0")
    return opts


def provider_entry(device: str) -> Any:
    name = PROVIDERS[device]
    if device == "cuda":
        return (name, {"arena_extend_strategy": "kSameAsRequested", "cudnn_conv_algo_search": "DEFAULT"})
    return name


@dataclass
class SessionResult:
    session: Any
    device: str
    fallbacks: list[Fallback]


# Tests replace this to simulate a provider that fails to initialise.
SessionFactory = Callable[[str, Any, list[Any]], Any]


def _default_factory(path: str, opts: Any, providers: list[Any]) -> Any:
    return import_ort().InferenceSession(path, sess_options=opts, providers=providers)


_factory: SessionFactory = _default_factory


def set_session_factory(factory: SessionFactory | None) -> None:
    global _factory
    _factory = factory or _default_factory


def create_session(
    path: Path,
    plan: list[str],
    *,
    threads: int | None = None,
    model_root: Path | None = None,
) -> SessionResult:
    """Create a session on the first device of ``plan`` that really initialises."""
    check_external_data(path, model_root or path.parent)
    opts = session_options(threads)
    fallbacks: list[Fallback] = []
    last_error: Exception | None = None
    for i, device in enumerate(plan):
        try:
            session = _factory(str(path), opts, [provider_entry(device)])
        except Exception as exc:  # ORT raises plain RuntimeError/Fail subclasses
            if _is_model_error(exc):
                raise ModelInvalid(f"ONNX Runtime cannot load this file: {exc}", path=path) from exc
            last_error = exc
            nxt = plan[i + 1] if i + 1 < len(plan) else "nothing"
            fallbacks.append(Fallback(device, nxt, f"{PROVIDERS[device]} failed: {_short(exc)}"))
            continue
        got = session.get_providers()
        got_device = DEVICE_OF.get(got[0], "cpu") if got else "cpu"
        if got_device != device:
            fallbacks.append(
                Fallback(device, got_device, f"{PROVIDERS[device]} did not initialise; ONNX Runtime fell back")
            )
        return SessionResult(session=session, device=got_device, fallbacks=fallbacks)
    raise RuntimeUnavailable(f"No execution provider could run the model: {last_error}", path=path)


def _is_model_error(exc: Exception) -> bool:
    text = str(exc)
    return any(
        marker in text
        for marker in ("INVALID_PROTOBUF", "INVALID_GRAPH", "NO_SUCHFILE", "Protobuf parsing failed")
    )


def _short(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= 200 else text[:197] + "..."
