"""Quire's engine: run local Transformer models on ONNX Runtime (PyTorch as the fallback).

This is the public surface; everything else is internal. The engine never imports Qt.
``Engine.run(request, report, cancel)`` does every job; the requests, results, events,
options and errors are plain data (``engine.protocol`` carries them as JSON).

The names load on first use (PEP 562), so ``import engine`` costs nothing until a name is
needed: the desktop imports it while its window is still being built.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

# ONNX Runtime (1.2x+) records usage events in ~/.cache/Microsoft/DeveloperTools/.onnxruntime
# to send to Microsoft unless this is set before it loads: Quire sends nothing anywhere. Set
# here, before any part of the engine (or anything using it) can import onnxruntime, and
# inherited by the engine process and the exporters' children.
os.environ["ORT_DISABLE_TELEMETRY"] = "1"

from engine.lazy import lazy_attributes

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
        CsvClassified,
        DoctorReport,
        DoctorRequest,
        DocumentResult,
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
        LabelsScored,
        Length,
        ListModelsRequest,
        ModelLoaded,
        ModelLoading,
        ModelRemoved,
        ModelUnloaded,
        ModelUsed,
        Note,
        PartialDownload,
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
        UnitCounts,
        Unloaded,
        UnloadRequest,
        VerifyReport,
        VerifyRequest,
        VerifyResult,
    )
    from engine.cli.main import COMMAND_NAMES as CLI_COMMANDS
    from engine.cli.main import main as run_cli
    from engine.documents import (
        document_in_text,
        output_suffix,
        platform_output,
        read_by_name,
        supported,
        supported_kinds,
    )
    from engine.documents.checkpoint import (
        forget_interrupted,
    )
    from engine.documents.imported import is_document_package
    from engine.documents.language import (
        primary_language,
        same_language,
    )
    from engine.engine import (
        Engine,
    )
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
    from engine.fileio import (
        document_suffix,
        numbered,
        open_private,
        private_folder,
        read_decoded,
        read_text,
        refuse_other_document,
        write_atomic,
    )
    from engine.options import (
        BackendName,
        CancelToken,
        Device,
        Dtype,
        EngineOptions,
    )
    from engine.process import EngineProcess
    from engine.progress import Rounds
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
    from engine.server import (
        Server,
        ServerConfig,
    )
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
    from engine.text.encoding import (
        EncodingUsed,
        TextEncoding,
    )
    from engine.text.glossary import is_termbase, load_glossary
    from engine.text.sizes import size_figure
    from engine.text.termbase import read_termbase

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
    "ModelUnloaded": "engine.api",
    "ModelLoading": "engine.api",
    "ModelRemoved": "engine.api",
    "ModelUsed": "engine.api",
    "LabelsScored": "engine.api",
    "Note": "engine.api",
    "PartialDownload": "engine.api",
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
    "BackendName": "engine.options",
    "CancelToken": "engine.options",
    "Device": "engine.options",
    "Dtype": "engine.options",
    "EngineOptions": "engine.options",
    "EngineProcess": "engine.process",
    "Cancelled": "engine.errors",
    "DocumentError": "engine.errors",
    "EngineError": "engine.errors",
    "EngineStopped": "engine.errors",
    "ExportError": "engine.errors",
    "InputError": "engine.errors",
    "ModelError": "engine.errors",
    "ModelInvalid": "engine.errors",
    "ModelNotFound": "engine.errors",
    "ModelUnsupported": "engine.errors",
    "RuntimeUnavailable": "engine.errors",
    "StoreError": "engine.errors",
    "DoctorReport": "engine.api",
    "ProbeResult": "engine.runtime.providers",
    "DocumentResult": "engine.api",
    "UnitCounts": "engine.api",
    "output_suffix": "engine.documents",
    "platform_output": "engine.documents",
    "read_by_name": "engine.documents",  # the app's queue: an output not to number
    "document_in_text": "engine.documents",
    "supported": "engine.documents",
    "supported_kinds": "engine.documents",
    "forget_interrupted": "engine.documents.checkpoint",
    "primary_language": "engine.documents.language",  # the app's glossary: its pair
    "same_language": "engine.documents.language",  # whether a glossary is for a job's target
    "CsvClassified": "engine.api",
    "document_suffix": "engine.fileio",  # the app: a book.fb2.zip is a book, not an archive
    "is_document_package": "engine.documents.imported",  # the app: Report.pages/ is one file
    "numbered": "engine.fileio",
    "Rounds": "engine.progress",
    "read_decoded": "engine.fileio",
    "read_text": "engine.fileio",
    "refuse_other_document": "engine.fileio",  # the app's queue: refused before a model is asked
    "is_termbase": "engine.text.glossary",
    "load_glossary": "engine.text.glossary",
    "read_termbase": "engine.text.termbase",
    "size_figure": "engine.text.sizes",  # the app writes sizes as the CLI does
    "write_atomic": "engine.fileio",
    "open_private": "engine.fileio",
    "private_folder": "engine.fileio",
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
    __getattr__ = lazy_attributes("engine", _HOMES, globals())


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOMES})


__all__ = [
    "CLI_COMMANDS",
    "Answer",
    "AskRequest",
    "AskResult",
    "Attribution",
    "BackendName",
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
    "Device",
    "DoctorReport",
    "DoctorRequest",
    "DocumentError",
    "DocumentResult",
    "DownloadRequest",
    "Dtype",
    "EmbedRequest",
    "EmbedResult",
    "EncodingUsed",
    "Engine",
    "EngineError",
    "EngineOptions",
    "EngineProcess",
    "EngineStopped",
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
    "LabelsScored",
    "Length",
    "ListModelsRequest",
    "ManifestFile",
    "ModelError",
    "ModelInvalid",
    "ModelLoaded",
    "ModelLoading",
    "ModelNotFound",
    "ModelRemoved",
    "ModelUnloaded",
    "ModelUnsupported",
    "ModelUsed",
    "Note",
    "PartialDownload",
    "PartialText",
    "PreloadRequest",
    "ProbeResult",
    "Progress",
    "ReadFileRequest",
    "RemoveModelRequest",
    "Request",
    "Result",
    "Role",
    "Rounds",
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
    "document_in_text",
    "document_suffix",
    "forget_interrupted",
    "from_json",
    "is_document_package",
    "is_termbase",
    "load_glossary",
    "numbered",
    "open_private",
    "output_suffix",
    "platform_output",
    "primary_language",
    "private_folder",
    "read_by_name",
    "read_decoded",
    "read_termbase",
    "read_text",
    "refuse_other_document",
    "resource_path",
    "resources_root",
    "run_cli",
    "same_language",
    "size_figure",
    "supported",
    "supported_kinds",
    "to_json",
    "write_atomic",
]
