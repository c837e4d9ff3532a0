"""Byte counts as people read them, in every message the engine writes."""

from __future__ import annotations

_UNITS = ("KB", "MB", "GB", "TB")


def human_size(n: int) -> str:
    """``532 bytes``, ``12 KB``, ``1.5 MB``, ``420 MB``, ``1.25 GB``: the largest unit that keeps
    the number at least 1 (counted in 1,024s, as the CLI's listings and Windows' file manager
    do), three significant digits, so that a 40 MB shortfall never reads as "0.0 GB"."""
    if abs(n) < 1024:
        return f"{n} byte{'' if n == 1 else 's'}"
    size = n / 1024
    for unit in _UNITS:
        if abs(round(size)) < 1024 or unit == _UNITS[-1]:  # (1,048,575 bytes: "1 MB")
            return f"{size:.0f} {unit}" if abs(size) >= 100 else f"{size:.3g} {unit}"
        size /= 1024
    raise AssertionError("unreachable")  # pragma: no cover
