"""Quire's engine: run local Transformer models on ONNX Runtime (PyTorch as the fallback).

This is the public surface; everything else is internal. The engine never imports Qt.
``Engine.run(request, report, cancel)`` does every job; the requests, results, events,
options and errors are plain data (``engine.protocol`` carries them as JSON).

The names load on first use (PEP 562), so ``import engine`` costs nothing until a name is
needed: the desktop imports it while its window is still being built.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from engine.api import (
        Answer,
        AskRequest,
        AskResult,
        Attribution,
        Capabilities,
        CatalogHit,
        CatalogRequest,
        CatalogResult,
        ChatTurn,
        Citation,
        Classification,
        ClassifyCsvRequest,
        ClassifyRequest,
        ClassifyResult,
        ConvertModelRequest,
        DoctorRequest,
        DownloadRequest,
        EmbedRequest,
        EmbedResult,
        Event,
        ExportedModel,
        ExportModelRequest,
        FilesFound,
        FileText,
        GenerateRequest,
        GenerateResult,
        ImportModelRequest,
        InstalledModel,
        InstalledModels,
        LabelScore,
        Length,
        ListModelsRequest,
        ModelLoaded,
        ModelLoading,
        ModelRemoved,
        ModelUsed,
        Note,
        PartialText,
        PreloadRequest,
        Progress,
        ReadFileRequest,
        RemoveModelRequest,
        Request,
        Result,
        Role,
        ScanFolderRequest,
        SummarizeRequest,
        SummarizeResult,
        SummarySentence,
        Task,
        TextRequest,
        TranslateDocumentRequest,
        TranslatedSegment,
        TranslateRequest,
        TranslateResult,
        Unloaded,
        UnloadRequest,
        VerifyReport,
        VerifyRequest,
        VerifyResult,
    )
    from engine.cli.main import COMMAND_NAMES as CLI_COMMANDS
    from engine.cli.main import main as run_cli
    from engine.doctor import (
        DoctorReport,
    )
    from engine.documents import (
        DocumentResult,
        UnitCounts,
        output_suffix,
        supported,
    )
    from engine.engine import (
        Engine,
    )
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
    from engine.fileio import (
        read_decoded,
        read_text,
        write_atomic,
    )
    from engine.options import (
        CancelToken,
        EngineOptions,
    )
    from engine.protocol import (
        from_json,
        to_json,
    )
    from engine.resources import (
        resource_path,
        resources_root,
    )
    from engine.runtime.backend import (
        Fallback,
        RunInfo,
    )
    from engine.runtime.manifest import (
        Variant,
    )
    from engine.runtime.providers import (
        ProbeResult,
    )
    from engine.server import Server, ServerConfig
    from engine.store.catalog import (
        CatalogEntry,
        CatalogFile,
        CatalogTask,
    )
    from engine.store.fit import (
        Fit,
        Verdict,
    )
    from engine.store.local import (
        ManifestFile,
        StoredModel,
        StoreManifest,
    )
    from engine.tasks.capabilities import (
        capabilities,
    )
    from engine.tasks.classify import (
        CsvClassified,
    )
    from engine.text.encoding import (
        EncodingUsed,
        TextEncoding,
    )

# Where each public name lives: a module, or ``module:name`` for a name given another here.
_HOMES: dict[str, str] = {
    "CLI_COMMANDS": "engine.cli.main:COMMAND_NAMES",  # for the app's launcher
    "run_cli": "engine.cli.main:main",
    "Server": "engine.server",  # the local API (Starlette loads only when it is asked for)
    "ServerConfig": "engine.server",
    "Answer": "engine.api",
    "AskRequest": "engine.api",
    "AskResult": "engine.api",
    "Attribution": "engine.api",
    "Capabilities": "engine.api",
    "CatalogHit": "engine.api",
    "CatalogRequest": "engine.api",
    "CatalogResult": "engine.api",
    "ChatTurn": "engine.api",
    "Citation": "engine.api",
    "Classification": "engine.api",
    "ClassifyCsvRequest": "engine.api",
    "ClassifyRequest": "engine.api",
    "ClassifyResult": "engine.api",
    "ConvertModelRequest": "engine.api",
    "DoctorRequest": "engine.api",
    "DownloadRequest": "engine.api",
    "EmbedRequest": "engine.api",
    "EmbedResult": "engine.api",
    "Event": "engine.api",
    "ExportModelRequest": "engine.api",
    "ExportedModel": "engine.api",
    "FileText": "engine.api",
    "FilesFound": "engine.api",
    "GenerateRequest": "engine.api",
    "GenerateResult": "engine.api",
    "ImportModelRequest": "engine.api",
    "InstalledModel": "engine.api",
    "InstalledModels": "engine.api",
    "LabelScore": "engine.api",
    "Length": "engine.api",
    "ListModelsRequest": "engine.api",
    "ModelLoaded": "engine.api",
    "ModelLoading": "engine.api",
    "ModelRemoved": "engine.api",
    "ModelUsed": "engine.api",
    "Note": "engine.api",
    "PartialText": "engine.api",
    "PreloadRequest": "engine.api",
    "Progress": "engine.api",
    "ReadFileRequest": "engine.api",
    "RemoveModelRequest": "engine.api",
    "Request": "engine.api",
    "Result": "engine.api",
    "Role": "engine.api",
    "ScanFolderRequest": "engine.api",
    "SummarizeRequest": "engine.api",
    "SummarizeResult": "engine.api",
    "SummarySentence": "engine.api",
    "Task": "engine.api",
    "TextRequest": "engine.api",
    "TranslateDocumentRequest": "engine.api",
    "TranslateRequest": "engine.api",
    "TranslateResult": "engine.api",
    "TranslatedSegment": "engine.api",
    "UnloadRequest": "engine.api",
    "Unloaded": "engine.api",
    "VerifyReport": "engine.api",
    "VerifyRequest": "engine.api",
    "VerifyResult": "engine.api",
    "Engine": "engine.engine",
    "CancelToken": "engine.options",
    "EngineOptions": "engine.options",
    "Cancelled": "engine.errors",
    "DocumentError": "engine.errors",
    "EngineError": "engine.errors",
    "ExportError": "engine.errors",
    "InputError": "engine.errors",
    "ModelError": "engine.errors",
    "ModelInvalid": "engine.errors",
    "ModelNotFound": "engine.errors",
    "ModelUnsupported": "engine.errors",
    "RuntimeUnavailable": "engine.errors",
    "StoreError": "engine.errors",
    "DoctorReport": "engine.doctor",
    "ProbeResult": "engine.runtime.providers",
    "DocumentResult": "engine.documents",
    "UnitCounts": "engine.documents",
    "output_suffix": "engine.documents",
    "supported": "engine.documents",
    "CsvClassified": "engine.tasks.classify",
    "read_decoded": "engine.fileio",
    "read_text": "engine.fileio",
    "write_atomic": "engine.fileio",
    "Fallback": "engine.runtime.backend",
    "RunInfo": "engine.runtime.backend",
    "Variant": "engine.runtime.manifest",
    "CatalogEntry": "engine.store.catalog",
    "CatalogFile": "engine.store.catalog",
    "CatalogTask": "engine.store.catalog",
    "Fit": "engine.store.fit",
    "Verdict": "engine.store.fit",
    "ManifestFile": "engine.store.local",
    "StoreManifest": "engine.store.local",
    "StoredModel": "engine.store.local",
    "capabilities": "engine.tasks.capabilities",
    "EncodingUsed": "engine.text.encoding",
    "TextEncoding": "engine.text.encoding",
    "resource_path": "engine.resources",
    "resources_root": "engine.resources",
    "from_json": "engine.protocol",
    "to_json": "engine.protocol",
}


if not TYPE_CHECKING:  # mypy sees the imports above, so a misspelt name still fails it

    def __getattr__(name: str) -> Any:
        home = _HOMES.get(name)
        if home is None:
            raise AttributeError(f"module 'engine' has no attribute {name!r}")
        module, _, attribute = home.partition(":")
        value = getattr(importlib.import_module(module), attribute or name)
        globals()[name] = value  # once found, a plain module attribute
        return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOMES})


__all__ = [
    "CLI_COMMANDS",
    "Answer",
    "AskRequest",
    "AskResult",
    "Attribution",
    "CancelToken",
    "Cancelled",
    "Capabilities",
    "CatalogEntry",
    "CatalogFile",
    "CatalogHit",
    "CatalogRequest",
    "CatalogResult",
    "CatalogTask",
    "ChatTurn",
    "Citation",
    "Classification",
    "ClassifyCsvRequest",
    "ClassifyRequest",
    "ClassifyResult",
    "ConvertModelRequest",
    "CsvClassified",
    "DoctorReport",
    "DoctorRequest",
    "DocumentError",
    "DocumentResult",
    "DownloadRequest",
    "EmbedRequest",
    "EmbedResult",
    "EncodingUsed",
    "Engine",
    "EngineError",
    "EngineOptions",
    "Event",
    "ExportError",
    "ExportModelRequest",
    "ExportedModel",
    "Fallback",
    "FileText",
    "FilesFound",
    "Fit",
    "GenerateRequest",
    "GenerateResult",
    "ImportModelRequest",
    "InputError",
    "InstalledModel",
    "InstalledModels",
    "LabelScore",
    "Length",
    "ListModelsRequest",
    "ManifestFile",
    "ModelError",
    "ModelInvalid",
    "ModelLoaded",
    "ModelLoading",
    "ModelNotFound",
    "ModelRemoved",
    "ModelUnsupported",
    "ModelUsed",
    "Note",
    "PartialText",
    "PreloadRequest",
    "ProbeResult",
    "Progress",
    "ReadFileRequest",
    "RemoveModelRequest",
    "Request",
    "Result",
    "Role",
    "RunInfo",
    "RuntimeUnavailable",
    "ScanFolderRequest",
    "Server",
    "ServerConfig",
    "StoreError",
    "StoreManifest",
    "StoredModel",
    "SummarizeRequest",
    "SummarizeResult",
    "SummarySentence",
    "Task",
    "TextEncoding",
    "TextRequest",
    "TranslateDocumentRequest",
    "TranslateRequest",
    "TranslateResult",
    "TranslatedSegment",
    "UnitCounts",
    "UnloadRequest",
    "Unloaded",
    "Variant",
    "Verdict",
    "VerifyReport",
    "VerifyRequest",
    "VerifyResult",
    "capabilities",
    "from_json",
    "output_suffix",
    "read_decoded",
    "read_text",
    "resource_path",
    "resources_root",
    "run_cli",
    "supported",
    "to_json",
    "write_atomic",
]
