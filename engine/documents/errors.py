"""The one error documents raise (it lives in the engine's error tree)."""

from __future__ import annotations

from engine.errors import DocumentError

__all__ = ["DocumentError"]
