"""Model-free text tools for the tasks: segmenting, language ID, glossaries, repetition checks."""

from __future__ import annotations

from engine.text.glossary import (
    DEFAULT_PLACEHOLDER,
    Entry,
    Glossary,
    Placeholder,
    Protected,
    Restored,
    Slot,
    is_termbase,
    load_glossary,
)
from engine.text.langid import Detection, detect, rank, supported_languages, written_in
from engine.text.repetition import Repetition, find_repetition, is_degenerate
from engine.text.segment import (
    Segment,
    Segmented,
    chunk_by_budget,
    join_pieces,
    reassemble,
    segment,
)

__all__ = [
    "DEFAULT_PLACEHOLDER",
    "Detection",
    "Entry",
    "Glossary",
    "Placeholder",
    "Protected",
    "Repetition",
    "Restored",
    "Segment",
    "Segmented",
    "Slot",
    "chunk_by_budget",
    "detect",
    "find_repetition",
    "is_degenerate",
    "is_termbase",
    "join_pieces",
    "load_glossary",
    "rank",
    "reassemble",
    "segment",
    "supported_languages",
    "written_in",
]
