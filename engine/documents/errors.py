"""The one error documents raise (it lives in the engine's error tree)."""

from __future__ import annotations

from pathlib import Path

from engine.errors import DocumentError


def empty_file(path: Path) -> DocumentError:
    """A file of no bytes, or only white space: nothing yet, not "not a valid …"."""
    return DocumentError(
        "The file is empty",
        path=path,
        hint="Give a document with text",
        message_id="document.no_text",
    )


__all__ = ["DocumentError", "empty_file"]
