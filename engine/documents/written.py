"""The outputs Quire wrote, so that a later run may write over its own translation and never
over a file of the user's at the same name (a translation made by hand: ``report.de.docx``).
Each output is one small record under the engine's home, named by a hash of the output's
path: its size and modification time then. A file that changed since, or was never written
by Quire, is not Quire's."""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path

from engine.fileio import name_key

FOLDER = "written"


def _record(home: Path, path: Path) -> Path:
    return (
        home / FOLDER / hashlib.sha1(name_key(path).encode("utf-8", "surrogateescape")).hexdigest()
    )


def ours(home: Path, path: Path) -> bool:
    """Whether the file at ``path`` is the one Quire wrote there, unchanged since."""
    try:
        stat = path.stat()
        saved = _record(home, path).read_text(encoding="ascii").split()
    except (OSError, ValueError):
        return False
    return saved == [str(stat.st_size), str(stat.st_mtime_ns)]


def remember(home: Path, path: Path) -> None:
    """Note the output Quire just wrote at ``path`` (a record that cannot be written is left:
    that output is then kept as the user's, not written over)."""
    with contextlib.suppress(OSError):
        stat = path.stat()
        record = _record(home, path)
        record.parent.mkdir(parents=True, exist_ok=True)
        record.write_text(f"{stat.st_size} {stat.st_mtime_ns}\n", encoding="ascii")


__all__ = ["FOLDER", "ours", "remember"]
