"""Quire's engine: run local Transformer models on ONNX Runtime (PyTorch as the fallback).

This is the public surface; everything else is internal. The engine never imports Qt.
"""

from __future__ import annotations

from engine.doctor import DoctorReport
from engine.engine import Engine
from engine.errors import (
    Cancelled,
    DocumentError,
    EngineError,
    ExportError,
    InputError,
    ModelError,
    ModelInvalid,
    ModelNotFound,
    ModelUnsupported,
    RuntimeUnavailable,
    StoreError,
)
from engine.fileio import read_text, write_atomic
from engine.options import CancelToken, EngineOptions
from engine.runtime.backend import Fallback, RunInfo
from engine.store import StoredModel
from engine.tasks.capabilities import Capabilities, Role, Task, capabilities

__all__ = [
    "CancelToken",
    "Cancelled",
    "Capabilities",
    "DoctorReport",
    "DocumentError",
    "Engine",
    "EngineError",
    "EngineOptions",
    "ExportError",
    "Fallback",
    "InputError",
    "ModelError",
    "ModelInvalid",
    "ModelNotFound",
    "ModelUnsupported",
    "Role",
    "RunInfo",
    "RuntimeUnavailable",
    "StoreError",
    "StoredModel",
    "Task",
    "capabilities",
    "read_text",
    "write_atomic",
]
