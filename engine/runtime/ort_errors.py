"""Translate ONNX Runtime's exceptions into the error tree where sessions are created and run.

ONNX Runtime raises its own classes (``onnxruntime.capi.onnxruntime_pybind11_state``: Fail,
InvalidArgument, NoSuchFile, InvalidProtobuf, InvalidGraph, NotImplemented, EPFail,
RuntimeException, ...), all plain ``Exception`` subclasses, and ``ValueError`` from its Python
wrapper (an input missing from the feed). A GPU out of memory arrives as a Fail or
RuntimeException whose text says so. Every error names the model folder.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import TracebackType

from engine.errors import EngineError, ModelInvalid, RuntimeUnavailable

# ORT's own words (and CUDA's, cuDNN's, cuBLAS's, the C++ allocator's) for running out of memory.
_OUT_OF_MEMORY = re.compile(
    r"out of memory|failed to allocate|bad_alloc|alloc_failed|cudaErrorMemoryAllocation",
    re.IGNORECASE,
)
# The file itself is broken: no device will load it, so there is nothing to fall back to.
FILE_ERRORS = frozenset({"InvalidProtobuf", "NoSuchFile", "NoModel", "InvalidGraph"})
# This build of ONNX Runtime, or its provider, cannot run a graph that is itself fine.
_RUNTIME_ERRORS = frozenset(
    {"NotImplemented", "EPFail", "DeviceReset", "ModelRequiresCompilation", "EngineError"}
)
OUT_OF_MEMORY_HINT = "Close other programs, or choose a smaller model or variant (int8 or q4)"


def is_ort_error(exc: BaseException) -> bool:
    """Raised by ONNX Runtime: one of its classes, or raised inside its Python package."""
    if type(exc).__module__.startswith("onnxruntime"):
        return True
    tb = exc.__traceback__
    if tb is None:
        return False
    while tb.tb_next is not None:
        tb = tb.tb_next
    module = str(tb.tb_frame.f_globals.get("__name__", ""))  # not the file: frozen apps vary
    return module == "onnxruntime" or module.startswith("onnxruntime.")


def is_file_error(exc: BaseException) -> bool:
    """A file no device can load (not protobuf, missing, an invalid graph)."""
    return type(exc).__name__ in FILE_ERRORS or any(
        marker in str(exc)
        for marker in (
            "INVALID_PROTOBUF",
            "INVALID_GRAPH",
            "NO_SUCHFILE",
            "Protobuf parsing failed",
        )
    )


def is_out_of_memory(exc: BaseException) -> bool:
    return isinstance(exc, MemoryError) or bool(_OUT_OF_MEMORY.search(str(exc)))


def translate(
    exc: BaseException, folder: Path, file: Path | None = None, *, loading: bool = False
) -> EngineError:
    """The engine error for ONNX Runtime's ``exc`` while loading (``loading``, on the CPU) or
    running the model in ``folder``; ``file``: the graph concerned, when one is."""
    if isinstance(exc, EngineError):
        return exc
    detail = _short(exc)
    name = folder.name
    doing = "loading" if loading else "running"
    if is_out_of_memory(exc):
        return EngineError(
            f"Out of memory {doing} the model {name}: {detail}",
            path=folder,
            hint=OUT_OF_MEMORY_HINT,
            message_id="engine.out_of_memory",
        )
    where = file or folder
    if is_file_error(exc):
        return ModelInvalid(
            f"ONNX Runtime cannot load {where.name} of the model {name}: {detail}",
            path=where,
            hint="The file is damaged or incomplete; download or export the model again",
        )
    if type(exc).__name__ in _RUNTIME_ERRORS:
        return RuntimeUnavailable(
            f"This ONNX Runtime cannot run the model {name}: {detail}",
            path=where,
            hint="Update onnxruntime, or choose another variant or device",
        )
    if type(exc).__name__ == "InvalidArgument" or isinstance(exc, ValueError):
        # Loading: a graph that breaks ONNX's rules. Running: inputs its declarations refuse,
        # so the graph disagrees with the rest of the folder (config.json, the other graphs).
        return ModelInvalid(
            f"ONNX Runtime rejects {where.name} of the model {name}: {detail}"
            if loading
            else f"The model {name} rejects the input Quire gave it: {detail}",
            path=where,
            hint="Its files may not match each other or its config.json; export it again "
            "with `quire models export`, or choose another variant",
        )
    if loading:
        # Only the CPU provider's failures come here (a GPU's are fallbacks), and it ships in
        # every build and starts everywhere: the file is what it cannot take.
        return ModelInvalid(
            f"ONNX Runtime cannot load {where.name} of the model {name}: {detail}",
            path=where,
            hint="The file is damaged or needs a newer ONNX Runtime; download or export the "
            "model again",
        )
    # A graph that loads, takes its inputs and still fails inside (a node's shapes disagree).
    return ModelInvalid(
        f"The model {name} failed while running: {detail}",
        path=where,
        hint="Export it again with `quire models export`, or choose another variant",
    )


class OrtErrors:
    """``with errors:`` around a session's creation or run, for one model: ONNX Runtime's
    exceptions (and ``MemoryError``) leave it as engine errors naming the model folder; any
    other exception, a bug of ours, passes through untouched. Reusable, and cheap enough
    for every decoder step."""

    __slots__ = ("file", "folder", "loading")

    def __init__(self, folder: Path, file: Path | None = None, *, loading: bool = False) -> None:
        self.folder = folder
        self.file = file
        self.loading = loading

    def __enter__(self) -> None:
        return None

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc is None or isinstance(exc, EngineError) or not isinstance(exc, Exception):
            return
        if isinstance(exc, MemoryError) or is_ort_error(exc):
            raise translate(exc, self.folder, self.file, loading=self.loading) from exc


# ORT's status prefix, which nests when one failure wraps another; and the C++ source location
# (with the function's signature, when given) in front of the words a person can use.
_STATUS = re.compile(r"\[ONNXRuntimeError\] : \d+ : \w+ : ")
_SOURCE = re.compile(
    r"\S+\.(?:cc|cpp|cu|h):\d+ (?:(?:[\w:*&<>]+ )?[\w:~<>]+\([^()]*\)(?: const)? )?"
)


def _short(exc: BaseException) -> str:
    """ORT's innermost message without its source locations, on one line."""
    text = _STATUS.split(" ".join(str(exc).split()))[-1]
    text = _SOURCE.sub("", text).strip() or type(exc).__name__
    return text if len(text) <= 300 else text[:297] + "..."


__all__ = [
    "OUT_OF_MEMORY_HINT",
    "OrtErrors",
    "is_file_error",
    "is_ort_error",
    "is_out_of_memory",
    "translate",
]
