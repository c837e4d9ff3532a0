"""The task registry: one request type, one small module. Adding a task is one file and one
line here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from engine.api import (
    AskRequest,
    CatalogRequest,
    ClassifyCsvRequest,
    ClassifyRequest,
    ConvertModelRequest,
    DoctorRequest,
    DownloadRequest,
    EmbedRequest,
    ExportModelRequest,
    GenerateRequest,
    ImportModelRequest,
    ListModelsRequest,
    PreloadRequest,
    ReadFileRequest,
    RemoveModelRequest,
    ScanFolderRequest,
    SetModelTasksRequest,
    SummarizeRequest,
    TranslateDocumentRequest,
    TranslateRequest,
    UnloadRequest,
    VerifyRequest,
)
from engine.tasks import (
    ask,
    catalog,
    classify,
    classify_csv,
    document,
    download,
    embed,
    engine_state,
    generate,
    install,
    models,
    read,
    scan,
    summarize,
    translate,
    verify,
)

TASKS: dict[type, Callable[..., Any]] = {
    # text in, a result out
    EmbedRequest: embed.run,
    AskRequest: ask.run,
    ClassifyRequest: classify.run,
    TranslateRequest: translate.run,
    SummarizeRequest: summarize.run,
    GenerateRequest: generate.run,
    # files
    TranslateDocumentRequest: document.run,
    ClassifyCsvRequest: classify_csv.run,
    ReadFileRequest: read.run,
    ScanFolderRequest: scan.run,
    # the model store
    ListModelsRequest: models.run,
    CatalogRequest: catalog.run,
    DownloadRequest: download.run,
    ImportModelRequest: install.import_model,
    ConvertModelRequest: install.convert_model,
    ExportModelRequest: install.export_model,
    VerifyRequest: verify.run,
    RemoveModelRequest: engine_state.remove,
    SetModelTasksRequest: install.set_tasks,
    # the engine itself
    DoctorRequest: engine_state.doctor,
    PreloadRequest: engine_state.preload,
    UnloadRequest: engine_state.unload,
}
