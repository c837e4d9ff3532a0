"""ONNX Runtime's optimised graphs, saved once and reused, so a later load skips the work.

Creating a session optimises the graph (and, for Transformers.js's quantized decoders, first
runs ``engine.runtime.rewrite`` over it); on opus-mt's shape that is most of the CPU time of a
load. The first load saves ONNX Runtime's optimised graph under ``<home>/cache/onnxruntime``;
later loads open that file with optimisation off.

An entry is keyed by the source file and the external-data files it names (absolute path,
size, modification and change time of each), the ONNX Runtime version, the execution
provider, the optimisation level, the rewrite's and the cache's versions and the machine (its
CPU's instruction-set extensions included); any change makes a new key, and saving an entry
removes the older ones of the same file.

In a process that asked for it (``map_weights``: one CLI command), a graph that holds its
weights is saved in ONNX Runtime's own format (``<entry>.ort``, flatbuffers), which ONNX
Runtime memory-maps and reads its weights from in place, instead of parsing a protobuf and
copying every tensor: opus-mt's two int8 graphs open in 0.27 s instead of 0.47 s (median,
fresh processes, a busy two-core machine). The mapped pages are the page cache that reading
the file fills anyway, but the process's resident size counts them (RSS after load 229 MB
instead of 158 MB; its private memory is 5 MB less), so long-lived processes keep the ONNX
format. Older ONNX Runtimes ignore the memory-mapping option and would pin a private copy of
the whole file instead, so they keep the ONNX format too. A model whose weights lie in
external data, or larger than ``MAX_INLINE_BYTES``, is saved with its weights apart: the
graph in ``<entry>.onnx``, the weights in a ``.data`` file beside it that the graph names.
The embedding tables that the rewrite took out of a graph (``quire_rows.*`` inputs) are
memory-mapped when the entry is opened: from the model file itself where the table is the
bytes of one of its initializers (``<entry>.<hash of the input>.ref`` names the place), else
from a copy saved beside the entry as ``<entry>.<hash of the input>.npy``.
Only the CPU provider is cached (a CUDA-optimised graph holds device-specific fused nodes),
and only models up to ``MAX_BYTES`` (the cache holds a second copy of the weights). The
cache is never needed: any problem with it (full disk, read-only home) falls back to an
ordinary load.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import platform
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Bump when engine.runtime.rewrite (or the fusion it applies) changes what it writes.
REWRITE_VERSION = 16  # 16: a tied projection in uint8 where int8 products saturate (rewrite)
# Bump when what an entry holds or how it is keyed changes (2: ONNX Runtime's format, ctime).
CACHE_VERSION = 2
# The first ONNX Runtime measured to memory-map an ORT-format file and read its weights in
# place (``session.use_memory_mapped_ort_model``; measured on 1.31); older ones ignore
# the option and read the file into a private buffer that the weights then pin.
ORT_FORMAT_SINCE = (1, 31)
# Whether this process opens cached graphs memory-mapped (``map_weights``).
_MAPPED = [False]


def map_weights(on: bool = True) -> bool:
    """Open cached graphs that hold their weights memory-mapped, in ONNX Runtime's format,
    for the rest of this process: a short-lived process (one CLI command) then starts sooner
    (opus-mt's two int8 graphs open in 0.27 s instead of 0.47 s), but the mapped weights stay
    resident beside the sessions' own (RSS after load 229 MB instead of 158 MB), so a
    long-lived one (the app, ``quire serve``) keeps the default. The two formats have entries
    of their own. Returns the previous setting."""
    previous, _MAPPED[0] = _MAPPED[0], on
    return previous


# Beyond this (weights included) a second copy on disk costs more than the seconds it saves.
MAX_BYTES = 8_000_000_000
# Larger graphs keep their weights apart, in a file ONNX Runtime reads without parsing it as
# protobuf: an int8 Qwen2.5-0.5B (1 GB) opens in half the time so (and protobuf stops at 2 GB).
MAX_INLINE_BYTES = 64_000_000
# ONNX Runtime's session options that save an optimised graph's weights apart from it.
EXTERNAL_FILE_KEY = "session.optimized_model_external_initializers_file_name"


@dataclass(frozen=True)
class CacheEntry:
    """Where the optimised graph of one source file lives, and the key it was saved under."""

    path: Path
    external: bool = False  # the weights go to a ``.data`` file beside the graph
    ort_format: bool = False  # saved in ONNX Runtime's own format (``.ort``), else ONNX

    def save_config(self, tmp: Path) -> dict[str, str]:
        """The session's config entries that save its optimised graph as ``tmp`` for this
        entry (with ``optimized_model_filepath``)."""
        if self.ort_format:
            return {"session.save_model_format": "ORT"}
        return {EXTERNAL_FILE_KEY: self.data_name(tmp)} if self.external else {}

    def load_config(self) -> dict[str, str]:
        """The session's config entries that open this entry's graph."""
        if not self.ort_format:
            return {}
        # The session maps the file and its weights point into the mapping: nothing writes
        # an entry in place (a save renames a new file over it), so the mapping stays valid.
        return {
            "session.load_model_format": "ORT",
            "session.use_memory_mapped_ort_model": "1",
            "session.use_ort_model_bytes_for_initializers": "1",
        }

    def exists(self) -> bool:
        return self.path.is_file()

    def saving(self) -> Path:
        """A temporary name in the same folder, to be ``commit``ed once the graph is saved."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(
            prefix=f".{self.path.stem}.", suffix=self.path.suffix, dir=self.path.parent
        )
        os.close(fd)
        return Path(tmp)

    def data_name(self, tmp: Path) -> str:
        """The name of the weights file that the graph saved as ``tmp`` will name: unique to
        this save, so a concurrent save of the same entry cannot write into it."""
        return f"{self.path.stem}{tmp.stem.removeprefix('.' + self.path.stem)}.data"

    def table_path(self, input_name: str, suffix: str = ".npy") -> Path:
        """Where the table that feeds the graph input ``input_name`` is saved (``.npy``), or
        where its place in the model file is named (``.ref``)."""
        digest = hashlib.sha256(input_name.encode()).hexdigest()[:12]
        return self.path.with_name(f"{self.path.stem}.{digest}{suffix}")

    def commit(
        self,
        tmp: Path,
        tables: Mapping[str, Any] | None = None,
        located: Mapping[str, tuple[str, int]] | None = None,
    ) -> bool:
        """Put the graph saved as ``tmp`` (and the ``tables`` its inputs look up) in place.
        A table in ``located`` (input -> (file, offset): the model file's own bytes, the key
        of this entry covering that file) is named, not copied. Returns False when nothing
        was saved (the graph is incomplete)."""
        data = self.path.parent / self.data_name(tmp) if self.external else None
        if not tmp.is_file() or tmp.stat().st_size == 0 or (data and not data.is_file()):
            tmp.unlink(missing_ok=True)
            if data is not None:
                data.unlink(missing_ok=True)
            return False
        import numpy as np

        kept = {self.path}
        for name, table in (tables or {}).items():
            place = (located or {}).get(name)
            target = self.table_path(name, ".npy" if place is None else ".ref")
            part = target.with_name(f".{target.name}.{os.getpid()}.tmp")
            if place is None:
                with part.open("wb") as fh:
                    np.save(fh, np.ascontiguousarray(table), allow_pickle=False)
            else:
                file, offset = place
                ref = {
                    "file": str(Path(file).resolve()),
                    "size": Path(file).stat().st_size,
                    "offset": offset,
                    "dtype": np.dtype(table.dtype).str,
                    "shape": list(table.shape),
                }
                part.write_text(json.dumps(ref), encoding="utf-8")
            os.replace(part, target)
            kept.add(target)
        # The graph appears last, once the weights and tables it names are complete.
        os.replace(tmp, self.path)
        if data is not None:
            kept.add(data)
        file_part = self.path.name.split("-", 1)[0]
        for old in [
            *self.path.parent.glob(f"{file_part}-*.onnx"),
            *self.path.parent.glob(f"{file_part}-*.ort"),
            *self.path.parent.glob(f"{file_part}-*.data"),
            *self.path.parent.glob(f"{file_part}-*.npy"),
            *self.path.parent.glob(f"{file_part}-*.ref"),
        ]:
            if old not in kept:
                with contextlib.suppress(OSError):
                    old.unlink()
        return True

    def tables(self, input_names: Sequence[str]) -> dict[str, Any]:
        """The saved tables of ``input_names``, memory-mapped (only the rows a lookup touches
        become resident). Raises OSError or ValueError when one is missing or damaged."""
        import numpy as np

        found = {}
        for name in input_names:
            ref = self.table_path(name, ".ref")
            if ref.is_file():
                table = _mapped(ref)
            else:
                table = np.load(self.table_path(name), mmap_mode="r", allow_pickle=False)
            if table.ndim != 2:
                raise ValueError(f"{self.table_path(name)} is not a table")
            found[name] = table
        return found

    def remove(self) -> None:
        """Drop this entry (a damaged one), tables included."""
        stem = self.path.stem
        for path in (
            self.path,
            *self.path.parent.glob(f"{stem}.*.npy"),
            *self.path.parent.glob(f"{stem}.*.ref"),
        ):
            with contextlib.suppress(OSError):
                path.unlink()


def _mapped(ref: Path) -> Any:
    """The table a ``.ref`` names, memory-mapped from the model file. Raises OSError or
    ValueError when the note is damaged or the file is no longer the one it names."""
    import numpy as np

    try:
        note = json.loads(ref.read_text(encoding="utf-8"))
        file = Path(note["file"])
        offset, size = int(note["offset"]), int(note["size"])
        dtype = np.dtype(str(note["dtype"]))
        shape = tuple(int(n) for n in note["shape"])
    except (KeyError, TypeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{ref} is damaged") from exc
    if dtype.hasobject or file.stat().st_size != size:
        raise ValueError(f"{ref} names {file} as it no longer is")
    return np.memmap(file, dtype=dtype, mode="r", offset=offset, shape=shape)


@functools.cache
def cpu_features() -> str:
    """The CPU's instruction-set extensions, where the system says (Linux): an optimised graph
    may hold kernels chosen for them, and a home folder can move to another machine."""
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith(("flags", "Features")):  # x86, ARM
                    return " ".join(sorted(line.split(":", 1)[1].split()))
    except OSError:
        pass
    return ""


def _processor() -> str:
    """Windows's name for the processor model. Not ``platform.processor()``: elsewhere it
    runs ``uname -p`` (12 ms, every load) for what ``platform.machine()`` and
    ``cpu_features()`` already say."""
    return os.environ.get("PROCESSOR_IDENTIFIER", "") if os.name == "nt" else ""


def graphs(cache: Path) -> list[Path]:
    """The saved graphs in the cache folder ``cache`` (ONNX or ONNX Runtime's format), sorted;
    not their weights or tables."""
    return sorted(p for suffix in (".onnx", ".ort") for p in cache.glob(f"*{suffix}"))


def _file_part(source: Path) -> str:
    return hashlib.sha256(str(source.resolve()).encode("utf-8", "surrogatepass")).hexdigest()[:16]


def forget(cache: Path, sources: Iterable[Path]) -> int:
    """Remove every entry of the files ``sources`` (a model being removed): graphs, weights and
    tables. Returns how many files went; a file that cannot go is left for the next save."""
    gone = 0
    # Graphs measured without a rewrite or a fusion are kept in subfolders of their own.
    folders = [cache, *(p for p in cache.glob("*") if p.is_dir())] if cache.is_dir() else []
    for source in sources:
        for old in (o for folder in folders for o in folder.glob(f"{_file_part(source)}-*")):
            with contextlib.suppress(OSError):
                old.unlink()
                gone += 1
    return gone


def entry(
    cache: Path,
    source: Path,
    *,
    device: str,
    level: str,
    ort_version: str,
    weights: Sequence[Path] = (),
) -> CacheEntry | None:
    """The cache entry of ``source`` (whose external data is in the files ``weights``) for
    this runtime, or None when it is not cached."""
    if device != "cpu":
        return None
    files = [source, *sorted({w.resolve() for w in weights})]
    try:
        stats = [f.stat() for f in files]
    except OSError:
        return None
    size = sum(s.st_size for s in stats)
    if size > MAX_BYTES:
        return None
    # The change time too: the system sets it at every change to the file, content or
    # metadata, where an archive's extraction or a copy sets the modification time to what it
    # likes (Windows gives the creation time, which those leave alone too). A file whose entry
    # exists is trusted to name no external data (``providers.create_session``).
    stamps = [
        f"{f.resolve()}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ctime_ns}"
        for f, st in zip(files, stats, strict=True)
    ]
    parts = [
        *stamps,
        ort_version,
        device,
        level,
        str(REWRITE_VERSION),
        str(CACHE_VERSION),
        platform.machine(),
        _processor(),
        cpu_features(),
    ]
    file_part = _file_part(source)
    key = hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:16]
    external = len(files) > 1 or size > MAX_INLINE_BYTES
    ort_format = _MAPPED[0] and not external and _release(ort_version) >= ORT_FORMAT_SINCE
    suffix = ".ort" if ort_format else ".onnx"
    return CacheEntry(cache / f"{file_part}-{key}{suffix}", external, ort_format)


def _release(version: str) -> tuple[int, int]:
    """(major, minor) of a version string such as ``1.31.1`` or ``1.32.0.dev2026``."""
    parts = version.split(".")
    try:
        return int(parts[0]), int(parts[1])
    except (IndexError, ValueError):
        return (0, 0)
