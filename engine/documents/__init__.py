"""Documents: one reader/writer per format behind one interface, whole-file translation with
a resumable checkpoint, and text extraction (with places) for summarizing and asking."""

from __future__ import annotations

from engine.documents.base import MAX_UNITS, Document, Unit, split_like
from engine.documents.errors import DocumentError
from engine.documents.extract import ExtractedText, Place, extract
from engine.documents.folders import Skipped, folder_documents, is_translation
from engine.documents.registry import (
    MAX_DOCUMENT_BYTES,
    READERS,
    open_document,
    output_suffix,
    supported,
)
from engine.documents.translate import (
    DocumentResult,
    Translator,
    UnitCounts,
    default_output,
    translate_document,
    translate_file,
    translate_units,
)

__all__ = [
    "MAX_DOCUMENT_BYTES",
    "MAX_UNITS",
    "READERS",
    "Document",
    "DocumentError",
    "DocumentResult",
    "ExtractedText",
    "Place",
    "Skipped",
    "Translator",
    "Unit",
    "UnitCounts",
    "default_output",
    "extract",
    "folder_documents",
    "is_translation",
    "open_document",
    "output_suffix",
    "split_like",
    "supported",
    "translate_document",
    "translate_file",
    "translate_units",
]
