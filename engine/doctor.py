"""What this machine can run and why: versions, execution providers, the store."""

from __future__ import annotations

import platform
import sys

from engine.api import DoctorReport
from engine.options import EngineOptions
from engine.runtime.loader import ort_installed, torch_installed
from engine.runtime.providers import cached_probes, device_plan

_PACKAGES = (
    "quire",
    "onnxruntime",
    "onnxruntime-gpu",
    "onnxruntime-directml",
    "tokenizers",
    "numpy",
    "torch",
    "transformers",
    "optimum-onnx",
    "PySide6-Essentials",
)


def package_version(name: str) -> str | None:
    """An installed distribution's version, or None where its metadata is missing."""
    # Here, not at the top: importlib.metadata (and the email parser it loads) costs 20 ms
    # that every command would pay, since the engine imports this module for its doctor task.
    import importlib.metadata

    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def diagnose(options: EngineOptions) -> DoctorReport:
    versions = {name: v for name in _PACKAGES if (v := package_version(name))}
    ort = ort_installed()
    probes = list(cached_probes()) if ort else []
    working = {p.device for p in probes if p.works}
    plan = [d for d in device_plan(options.device) if d in working] if ort else []
    notes: list[str] = []
    ort_builds = [
        n for n in ("onnxruntime", "onnxruntime-gpu", "onnxruntime-directml") if n in versions
    ]
    if len(ort_builds) > 1:
        notes.append(
            f"Several ONNX Runtime builds are installed ({', '.join(ort_builds)}); they share one "
            "import name and overwrite each other. Uninstall all but one."
        )
    if not ort:
        notes.append(
            "ONNX Runtime is not installed: models run with PyTorch if it is installed."
            if torch_installed()
            else "Neither ONNX Runtime nor PyTorch is installed: no model can run."
        )
    return DoctorReport(
        python=sys.version.split()[0],
        platform=f"{platform.system()} {platform.release()} {platform.machine()}",
        versions=versions,
        onnxruntime=ort,
        torch=torch_installed(),
        providers=tuple(probes),
        plan=tuple(plan),
        store=options.home / "models",
        notes=tuple(notes),
    )
