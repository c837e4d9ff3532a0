"""Plain text: one unit per paragraph (blank-line separated); the whitespace between is kept."""

from __future__ import annotations

import re
from pathlib import Path

from engine.documents.base import Document, SpanDocument, decode_text

_PARAGRAPH = re.compile(r"\S(?:.*?\S)?(?=\s*(?:\n[ \t\r\f\v]*\n|\Z))", re.DOTALL)


def read(data: bytes, path: Path) -> Document:
    text, bom = decode_text(data, path, "text")
    spans = [m.span() for m in _PARAGRAPH.finditer(text)]
    return SpanDocument(path, text, spans, [f"p{n + 1}" for n in range(len(spans))], bom)


__all__ = ["read"]
