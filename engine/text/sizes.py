"""Byte counts as people read them, in every message the engine writes."""

from __future__ import annotations

_UNITS = ("KB", "MB", "GB", "TB")


def human_size(n: int) -> str:
    """``532 B``, ``12.0 KB``, ``420.5 MB``, ``1.2 GB``: the largest unit that keeps the
    number at least 1, counted in 1,024s as the CLI's listings and Windows' file manager do,
    so that a 40 MB shortfall never reads as "0.0 GB"."""
    if abs(n) < 1024:
        return f"{n} B"
    size = n / 1024
    for unit in _UNITS[:-1]:
        if abs(round(size, 1)) < 1024:  # (1,048,575 bytes is "1.0 MB", not "1024.0 KB")
            return f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} {_UNITS[-1]}"
