"""ONNX Runtime's optimised graphs, saved once and reused, so a later load skips the work.

Creating a session optimises the graph (and, for Transformers.js's quantized decoders, first
runs ``engine.runtime.rewrite`` over it); on opus-mt's shape that is most of the CPU time of a
load. The first load saves ONNX Runtime's optimised graph under ``<home>/cache/onnxruntime``;
later loads open that file with optimisation off.

An entry is keyed by the source file (absolute path, size, modification time), the ONNX
Runtime version, the execution provider, the optimisation level, the rewrite's version and
the machine; any change makes a new key, and saving an entry removes the older ones of the
same file. Only the CPU provider is cached (a CUDA-optimised graph holds device-specific
fused nodes), and only files well under protobuf's 2 GB limit. The cache is never needed:
any problem with it (full disk, read-only home) falls back to an ordinary load.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import platform
import tempfile
from dataclasses import dataclass
from pathlib import Path

# Bump when engine.runtime.rewrite changes what it writes.
REWRITE_VERSION = 3
# An optimised graph is saved as one protobuf; keep well clear of its 2 GB limit.
MAX_BYTES = 1_500_000_000


@dataclass(frozen=True)
class CacheEntry:
    """Where the optimised graph of one source file lives, and the key it was saved under."""

    path: Path

    def exists(self) -> bool:
        return self.path.is_file()

    def saving(self) -> Path:
        """A temporary name in the same folder, to be ``commit``ed once the graph is saved."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(
            prefix=f".{self.path.stem}.", suffix=".onnx", dir=self.path.parent
        )
        os.close(fd)
        return Path(tmp)

    def commit(self, tmp: Path) -> None:
        if not tmp.is_file() or tmp.stat().st_size == 0:
            tmp.unlink(missing_ok=True)
            return
        os.replace(tmp, self.path)
        file_part = self.path.name.split("-", 1)[0]
        for old in self.path.parent.glob(f"{file_part}-*.onnx"):
            if old != self.path:
                with contextlib.suppress(OSError):
                    old.unlink()


def entry(
    cache: Path, source: Path, *, device: str, level: str, ort_version: str
) -> CacheEntry | None:
    """The cache entry of ``source`` for this runtime, or None when it is not cached."""
    if device != "cpu":
        return None
    try:
        stat = source.stat()
    except OSError:
        return None
    if stat.st_size > MAX_BYTES:
        return None
    where = str(source.resolve())
    parts = [
        where,
        str(stat.st_size),
        str(stat.st_mtime_ns),
        ort_version,
        device,
        level,
        str(REWRITE_VERSION),
        platform.machine(),
        platform.processor(),
    ]
    file_part = hashlib.sha256(where.encode()).hexdigest()[:16]
    key = hashlib.sha256("\0".join(parts).encode()).hexdigest()[:16]
    return CacheEntry(cache / f"{file_part}-{key}.onnx")
