"""Documents: one reader/writer per format behind one interface, whole-file translation with
a resumable checkpoint, and text extraction (with places) for summarizing and asking.

The names below are imported when first used (PEP 562): ``engine.documents.limits``, which
the command line's parser needs, must not import every reader."""

from __future__ import annotations

from typing import TYPE_CHECKING

from engine.lazy import lazy_attributes

if TYPE_CHECKING:
    from engine.documents.base import MAX_UNITS, Document, Unit, split_like
    from engine.documents.errors import DocumentError
    from engine.documents.extraction import ExtractedText, Place, extract
    from engine.documents.folders import Skipped, folder_documents, is_translation
    from engine.documents.limits import MAX_DOCUMENT_BYTES
    from engine.documents.naming import platform_output, read_by_name
    from engine.documents.registry import (
        READERS,
        open_document,
        output_suffix,
        supported,
        supported_kinds,
    )
    from engine.documents.subtitles import document_in_text
    from engine.documents.translate import (
        DocumentResult,
        TranslatedUnits,
        Translator,
        UnitCounts,
        default_output,
        translate_document,
        translate_file,
        translate_units,
        translated_units,
        translation_failed,
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
    "TranslatedUnits",
    "Translator",
    "Unit",
    "UnitCounts",
    "default_output",
    "document_in_text",
    "extract",
    "folder_documents",
    "is_translation",
    "open_document",
    "output_suffix",
    "platform_output",
    "read_by_name",
    "split_like",
    "supported",
    "supported_kinds",
    "translate_document",
    "translate_file",
    "translate_units",
    "translated_units",
    "translation_failed",
]

_HOMES = {
    "Document": "engine.documents.base",
    "DocumentError": "engine.documents.errors",
    "DocumentResult": "engine.documents.translate",
    "ExtractedText": "engine.documents.extraction",
    "MAX_DOCUMENT_BYTES": "engine.documents.limits",
    "MAX_UNITS": "engine.documents.base",
    "Place": "engine.documents.extraction",
    "READERS": "engine.documents.registry",
    "Skipped": "engine.documents.folders",
    "TranslatedUnits": "engine.documents.translate",
    "Translator": "engine.documents.translate",
    "Unit": "engine.documents.base",
    "UnitCounts": "engine.documents.translate",
    "default_output": "engine.documents.translate",
    "extract": "engine.documents.extraction",
    "folder_documents": "engine.documents.folders",
    "is_translation": "engine.documents.folders",
    "open_document": "engine.documents.registry",
    "output_suffix": "engine.documents.registry",
    "platform_output": "engine.documents.naming",
    "read_by_name": "engine.documents.naming",
    "split_like": "engine.documents.base",
    "document_in_text": "engine.documents.subtitles",
    "supported": "engine.documents.registry",
    "supported_kinds": "engine.documents.registry",
    "translate_document": "engine.documents.translate",
    "translate_file": "engine.documents.translate",
    "translate_units": "engine.documents.translate",
    "translated_units": "engine.documents.translate",
    "translation_failed": "engine.documents.translate",
}


if not TYPE_CHECKING:  # mypy sees the imports above
    __getattr__ = lazy_attributes(__name__, _HOMES, globals())
