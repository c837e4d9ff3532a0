"""Byte counts as people read them, in every message the engine writes."""

from __future__ import annotations

_UNITS = ("KB", "MB", "GB", "TB")


def human_size(n: int) -> str:
    """``532 bytes``, ``12 KB``, ``1.5 MB``, ``420 MB``, ``1.25 GB``: the largest unit that keeps
    the number at least 1 (counted in 1,024s, as the CLI's listings and Windows' file manager
    do), three significant digits, so that a 40 MB shortfall never reads as "0.0 GB"."""
    number, unit = size_figure(n)
    return f"{number} {unit}"


def size_figure(n: int) -> tuple[str, str]:
    """``human_size``'s number as Python rounds and writes it ("2.12": 2.125 goes to the even
    digit) and its unit ("KB", "bytes", "byte"): the app writes the same number in its UI's
    format, so the window and the command line never differ in a digit."""
    if abs(n) < 1024:
        return str(n), "byte" if n == 1 else "bytes"
    size = n / 1024
    for unit in _UNITS:
        if abs(round(size)) < 1024 or unit == _UNITS[-1]:  # (1,048,575 bytes: "1 MB")
            return (f"{size:.0f}" if abs(size) >= 100 else f"{size:.3g}"), unit
        size /= 1024
    raise AssertionError("unreachable")  # pragma: no cover
