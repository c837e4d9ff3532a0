"""The one way a model folder's JSON files are read: a size budget, a nesting budget, one parse.

Python's ``json`` module recurses once per nested array or object, so a file of a few
kilobytes made of ``[[[[...`` raises ``RecursionError`` (or worse, exhausts the C stack) deep
inside whatever reads it. The nesting is measured first with a cheap scan that needs no
recursion; ``RecursionError`` is still caught in case the scan and the parser ever disagree.
Every failure is a ``ModelInvalid`` naming the file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from engine.errors import ModelInvalid

# Real configs nest a handful of levels and real tokenizer.json files about ten (a normalizer
# Sequence inside a Sequence); the tokenizers library itself stops at 128.
MAX_DEPTH = 64
# tokenizer.json holds the vocabulary: 17 MB for NLLB, about 35 MB for the largest we know.
MAX_TOKENIZER_BYTES = 256 * 1024 * 1024
# config.json, generation_config.json, tokenizer_config.json and friends are kilobytes; a
# classifier with tens of thousands of labels stays well under this.
MAX_CONFIG_BYTES = 16 * 1024 * 1024

_NOT_STRUCTURE = bytes(b for b in range(256) if b not in b'"[]{}')


def nesting_depth(data: bytes) -> int:
    """How deeply arrays and objects nest in the JSON text ``data`` (0 for a scalar).

    Escaped backslashes and escaped quotes are removed first (left to right, as JSON pairs
    them), so every quote left opens or closes a string; the brackets between every other
    quote are the structure. Runs in C and numpy: about a tenth of the parse itself.
    """
    skeleton = data.replace(b"\\\\", b"").replace(b'\\"', b"").translate(None, _NOT_STRUCTURE)
    outside = b"".join(skeleton.split(b'"')[::2])
    if not outside:
        return 0
    codes = np.frombuffer(outside, dtype=np.uint8)
    steps = np.where((codes == ord("[")) | (codes == ord("{")), 1, -1).astype(np.int32)
    return max(0, int(np.cumsum(steps).max()))


def read_json(path: Path, *, max_bytes: int = MAX_CONFIG_BYTES) -> Any:
    """Parse the JSON file ``path`` of a model folder, within the size and nesting budgets.

    Raises ``ModelInvalid`` naming the file when it is missing, unreadable, too large, nested
    too deeply or not JSON. Returns whatever the file holds; callers check its shape.
    """
    data = read_json_bytes(path, max_bytes=max_bytes)
    try:
        return json.loads(data.decode("utf-8"))
    except RecursionError:
        raise _too_deep(path) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelInvalid(
            f"{path.name} is not valid JSON: {exc}",
            path=path,
            message_id="model.bad_json",
            params={"file": path.name},
        ) from exc


def read_json_bytes(path: Path, *, max_bytes: int = MAX_CONFIG_BYTES) -> bytes:
    """The bytes of the JSON file ``path``, checked against the size and nesting budgets but
    not parsed: for a parser of its own (``tokenizers``) that need not pay for Python's."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ModelInvalid(
                f"{path.name} is {size / 2**20:.0f} MB, more than the {max_bytes // 2**20} MB "
                "Quire accepts for this file",
                path=path,
                hint="The file is damaged or is not what its name says",
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise ModelInvalid(
            f"Missing {path.name}",
            path=path,
            message_id="model.missing_file",
            params={"file": path.name},
        ) from None
    except OSError as exc:
        raise ModelInvalid(f"{path.name} cannot be read: {exc.strerror}", path=path) from exc
    if nesting_depth(data) > MAX_DEPTH:
        raise _too_deep(path)
    return data


def read_json_object(path: Path, *, max_bytes: int = MAX_CONFIG_BYTES) -> dict[str, Any]:
    """``read_json`` for the files that must hold one JSON object (every config file)."""
    data = read_json(path, max_bytes=max_bytes)
    if not isinstance(data, dict):
        raise ModelInvalid(f"{path.name} must hold a JSON object", path=path)
    return data


def read_optional_object(path: Path, *, max_bytes: int = MAX_CONFIG_BYTES) -> dict[str, Any]:
    """``read_json_object`` for a file a model folder may leave out: {} when it is absent."""
    return read_json_object(path, max_bytes=max_bytes) if path.is_file() else {}


def _too_deep(path: Path) -> ModelInvalid:
    return ModelInvalid(
        f"{path.name} nests arrays or objects more than {MAX_DEPTH} levels deep",
        path=path,
        hint="No real model file does; the file is damaged or was made to crash readers",
    )


__all__ = [
    "MAX_CONFIG_BYTES",
    "MAX_DEPTH",
    "MAX_TOKENIZER_BYTES",
    "nesting_depth",
    "read_json",
    "read_json_bytes",
    "read_json_object",
    "read_optional_object",
]
