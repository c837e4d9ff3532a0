"""Quire's engine: run local Transformer models on ONNX Runtime (PyTorch as the fallback).

This is the public surface; everything else is internal. The engine never imports Qt.
"""

from __future__ import annotations

from engine.doctor import DoctorReport
from engine.engine import CatalogHit, Engine
from engine.errors import (
    Cancelled,
    DocumentError,
    EngineError,
    EngineStopped,
    ExportError,
    InputError,
    ModelError,
    ModelInvalid,
    ModelNotFound,
    ModelUnsupported,
    RuntimeUnavailable,
    StoreError,
)
from engine.fileio import read_decoded, read_text, write_atomic
from engine.options import CancelToken, EngineOptions
from engine.process import EngineProcess
from engine.runtime.backend import Fallback, RunInfo
from engine.runtime.manifest import Variant
from engine.store.catalog import CatalogEntry, CatalogFile, CatalogTask
from engine.store.fit import Fit, Verdict
from engine.store.local import ManifestFile, StoredModel, StoreManifest, VerifyResult
from engine.tasks.capabilities import Capabilities, Role, Task, capabilities
from engine.text.encoding import EncodingUsed, TextEncoding

__all__ = [
    "CancelToken",
    "Cancelled",
    "Capabilities",
    "CatalogEntry",
    "CatalogFile",
    "CatalogHit",
    "CatalogTask",
    "DoctorReport",
    "DocumentError",
    "EncodingUsed",
    "Engine",
    "EngineError",
    "EngineOptions",
    "EngineProcess",
    "EngineStopped",
    "ExportError",
    "Fallback",
    "Fit",
    "InputError",
    "ManifestFile",
    "ModelError",
    "ModelInvalid",
    "ModelNotFound",
    "ModelUnsupported",
    "Role",
    "RunInfo",
    "RuntimeUnavailable",
    "StoreError",
    "StoreManifest",
    "StoredModel",
    "Task",
    "TextEncoding",
    "Variant",
    "Verdict",
    "VerifyResult",
    "capabilities",
    "read_decoded",
    "read_text",
    "write_atomic",
]
