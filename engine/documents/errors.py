"""The one error documents raise: unsupported, empty, corrupt or too large files."""

from __future__ import annotations

from engine.errors import EngineError


class DocumentError(EngineError):
    """A document cannot be read or written; ``path`` names it, ``hint`` says what to do."""


__all__ = ["DocumentError"]
