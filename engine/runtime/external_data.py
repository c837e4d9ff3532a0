"""Confine ONNX external-data paths to the model folder before ONNX Runtime opens a file.

An ONNX file may name other files that hold its weights (``location`` in a tensor's
``external_data``). A hostile file could name ``../../.ssh/id_rsa`` or an absolute path. We walk
the protobuf wire format just far enough to find every such location (graph initializers and
the subgraphs of ``If``/``Loop`` nodes), without loading the weights or needing ``onnx``.
"""

from __future__ import annotations

import functools
import mmap
from pathlib import Path

from engine.errors import ModelInvalid
from engine.runtime.proto_spans import Malformed as _Malformed
from engine.runtime.proto_spans import fields as _fields

# The suffixes of pickles, which an import leaves out (but an ONNX graph's own .bin weights).
PICKLE_SUFFIXES = (".bin", ".pt", ".pth", ".pkl", ".pickle", ".ckpt", ".joblib")

# (message kind, field number) pairs to descend into; everything else is skipped by length.
_MODEL_GRAPH = 7
_GRAPH_NODE, _GRAPH_INIT, _GRAPH_SPARSE_INIT = 1, 5, 15
_NODE_ATTR = 5
_ATTR_T, _ATTR_G, _ATTR_TENSORS, _ATTR_GRAPHS, _ATTR_SPARSE, _ATTR_SPARSES = 5, 6, 10, 11, 22, 23
_SPARSE_VALUES, _SPARSE_INDICES = 1, 2
_TENSOR_EXTERNAL = 13
_ENTRY_KEY, _ENTRY_VALUE = 1, 2


def _tensor_locations(buf: memoryview, start: int, end: int, found: list[str]) -> None:
    for number, s, e in _fields(buf, start, end):
        if number == _TENSOR_EXTERNAL:
            entry = {n: bytes(buf[a:b]) for n, a, b in _fields(buf, s, e)}
            if entry.get(_ENTRY_KEY) == b"location":
                found.append(entry.get(_ENTRY_VALUE, b"").decode("utf-8", "replace"))


def _sparse_locations(buf: memoryview, start: int, end: int, found: list[str]) -> None:
    for number, s, e in _fields(buf, start, end):
        if number in (_SPARSE_VALUES, _SPARSE_INDICES):
            _tensor_locations(buf, s, e, found)


def _graph_locations(buf: memoryview, start: int, end: int, found: list[str], depth: int) -> None:
    if depth > 64:
        raise _Malformed("subgraphs nested too deeply")
    for number, s, e in _fields(buf, start, end):
        if number == _GRAPH_INIT:
            _tensor_locations(buf, s, e, found)
        elif number == _GRAPH_SPARSE_INIT:
            _sparse_locations(buf, s, e, found)
        elif number == _GRAPH_NODE:
            for n2, s2, e2 in _fields(buf, s, e):
                if n2 != _NODE_ATTR:
                    continue
                for n3, s3, e3 in _fields(buf, s2, e2):
                    if n3 in (_ATTR_T, _ATTR_TENSORS):
                        _tensor_locations(buf, s3, e3, found)
                    elif n3 in (_ATTR_G, _ATTR_GRAPHS):
                        _graph_locations(buf, s3, e3, found, depth + 1)
                    elif n3 in (_ATTR_SPARSE, _ATTR_SPARSES):
                        _sparse_locations(buf, s3, e3, found)


def external_data_locations(path: Path) -> list[str]:
    """Every external-data ``location`` an ONNX file names. The walk (0.05 s for opus-mt's
    int8 decoder, 0.25 s for a 0.5B language model's) is remembered for the file as it is:
    a model's first load asks twice (``loader.first_use``, then the load)."""
    try:
        stat = path.stat()
    except OSError as exc:
        raise ModelInvalid(f"Cannot read the ONNX file: {exc.strerror}", path=path) from exc
    return list(_locations(path, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns))


@functools.lru_cache(maxsize=64)
def _locations(path: Path, size: int, mtime: int, ctime: int) -> tuple[str, ...]:
    """``_walk_locations`` of the file ``path`` with that size and those times."""
    return tuple(_walk_locations(path))


def _walk_locations(path: Path) -> list[str]:
    found: list[str] = []
    try:
        with path.open("rb") as fh:
            size = path.stat().st_size
            if size == 0:
                raise ModelInvalid("The ONNX file is empty", path=path)
            with mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
                buf = memoryview(mm)
                try:
                    for number, s, e in _fields(buf, 0, size):
                        if number == _MODEL_GRAPH:
                            _graph_locations(buf, s, e, found, 0)
                finally:
                    buf.release()
    except _Malformed as exc:
        raise ModelInvalid(f"Not a valid ONNX file ({exc})", path=path) from None
    except OSError as exc:
        raise ModelInvalid(f"Cannot read the ONNX file: {exc.strerror}", path=path) from exc
    return found


def check_external_data(path: Path, model_root: Path) -> list[str]:
    """Raise ``ModelInvalid`` if an external-data location escapes ``model_root``; else return
    the locations (none: the file holds all its weights)."""
    from engine.runtime.manifest import inside

    locations = external_data_locations(path)
    for location in set(locations):
        target = inside(model_root, location, path, base=path.parent)
        if target is None:
            raise ModelInvalid(
                f"The ONNX file points at weights outside its model folder ({location!r}); "
                "Quire refuses to read it",
                path=path,
            )
        if target == path.resolve():  # (ONNX Runtime would read the graph's own bytes)
            raise ModelInvalid(
                f"The ONNX file names itself as its weights file ({location!r})",
                path=path,
                hint="Export the ONNX file again with its weights in model.onnx_data",
            )
        if not target.is_file():
            pickled = location.lower().endswith(PICKLE_SUFFIXES)
            raise ModelInvalid(
                f"The ONNX file's weights file {location!r} is missing",
                path=path,
                # (an import leaves out a file named as a PyTorch checkpoint, or holding a
                # pickle, whatever graph names it: said here, where it is missed)
                hint="Quire never copies a file named as a PyTorch checkpoint "
                "(pytorch_model.bin) or holding a pickle; export the ONNX file again with its "
                "weights in model.onnx_data"
                if pickled
                else "",
                message_id="model.missing_file",
                params={"file": location},
            )
    return locations
