"""The engine's plain-data protocol: every request, event, result and error as JSON.

A value is encoded as an object tagged with its type name (``{"type": "TranslateRequest",
"text": …}``); paths are strings, tuples lists, enums their values, arrays ``{"type":
"ndarray", "dtype", "shape", "data"}``, and an error ``{"type": "error", "error":
"ModelNotFound", "message", "path", "hint", "message_id", "params"}``. Decoding is driven by
the dataclasses' type hints, so a decoded value has exactly the types the engine expects.
Bad input raises ``InputError`` naming the field. The local API and an engine process both
speak it.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import types
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal, Union

import numpy as np

from engine import api, errors
from engine.options import EngineOptions
from engine.runtime.backend import Fallback, RunInfo
from engine.runtime.providers import ProbeResult
from engine.store.catalog import CatalogEntry, CatalogFile
from engine.store.fit import Fit
from engine.store.local import ManifestFile, StoreManifest
from engine.text.encoding import EncodingUsed, TextEncoding

TAG = "type"
ERROR_TAG = "error"
ARRAY_TAG = "ndarray"

# Records of other modules that travel in results or describe the engine's state.
_EXTRA: tuple[type, ...] = (
    EngineOptions,
    Fallback,
    RunInfo,
    Fit,
    ManifestFile,
    StoreManifest,
    CatalogFile,
    CatalogEntry,
    ProbeResult,
    EncodingUsed,
    TextEncoding,
)


@functools.cache
def wire_types() -> dict[str, type]:
    """Every dataclass the protocol carries, by its tag: all of ``engine.api`` and the records
    above."""
    found = [
        value
        for value in vars(api).values()
        if isinstance(value, type)
        and dataclasses.is_dataclass(value)
        and value.__module__ == api.__name__
    ]
    out: dict[str, type] = {}
    for cls in (*found, *_EXTRA):
        names = {f.name for f in dataclasses.fields(cls)}
        if TAG in names:  # pragma: no cover - a guard for whoever adds such a field
            raise TypeError(f"{cls.__name__} has a field named {TAG!r}, the protocol's tag")
        out[cls.__name__] = cls
    return out


@functools.cache
def error_types() -> dict[str, type[errors.EngineError]]:
    return {name: getattr(errors, name) for name in errors.__all__}


# --- encoding -----------------------------------------------------------------------------


def to_json(value: Any) -> Any:
    """``value`` as JSON-ready data (dicts, lists, strings, numbers, booleans, None)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, errors.EngineError):
        return {
            TAG: ERROR_TAG,
            "error": type(value).__name__,
            "message": value.message,
            "path": str(value.path) if value.path is not None else None,
            "hint": value.hint,
            # So a front end across the boundary can word it in its own language.
            "message_id": value.message_id,
            "params": dict(value.params),
        }
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        name = type(value).__name__
        if wire_types().get(name) is not type(value):
            raise TypeError(f"{name} is not a protocol type")
        out: dict[str, Any] = {TAG: name}
        for f in dataclasses.fields(value):
            out[f.name] = to_json(getattr(value, f.name))
        return out
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, enum.Enum):
        return to_json(value.value)
    if isinstance(value, np.ndarray):
        return {
            TAG: ARRAY_TAG,
            "dtype": str(value.dtype),
            "shape": list(value.shape),
            "data": value.ravel().tolist(),
        }
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (list, tuple)):
        return [to_json(item) for item in value]
    if isinstance(value, (set, frozenset)):
        # Sorted, so equal sets are equal JSON.
        return sorted((to_json(item) for item in value), key=repr)
    if isinstance(value, Mapping):
        return {_key(k): to_json(v) for k, v in value.items()}
    raise TypeError(f"{type(value).__name__} cannot be sent as JSON")


def _key(key: object) -> str:
    if isinstance(key, enum.Enum):
        key = key.value
    if not isinstance(key, str):
        raise TypeError(f"mapping keys must be strings, not {type(key).__name__}")
    return key


# --- decoding -----------------------------------------------------------------------------


def from_json(data: Any, expected: Any = Any) -> Any:
    """The value ``data`` encodes. ``expected`` is the type wanted (a class, a union, a hint);
    ``Any`` accepts any tagged value. Raises ``InputError`` for data that does not fit."""
    return _decode(data, expected, "$")


def request_from_json(data: Any) -> Any:
    """A request a local API client may send (``engine.jobs.ApiRequest``) from its JSON."""
    from engine.jobs import JobRequest

    return _decode(data, JobRequest, "$")


def _bad(where: str, what: str) -> errors.InputError:
    return errors.InputError(f"Invalid request: {where} {what}")


def _decode(data: Any, hint: Any, where: str) -> Any:
    if hint is Any or hint is object:
        return _tagged(data, where) if isinstance(data, dict) and TAG in data else data
    origin = typing.get_origin(hint)
    if origin is Union or origin is types.UnionType:
        members = typing.get_args(hint)
        if data is None:
            if type(None) in members:
                return None
            raise _bad(where, "may not be null")
        return _union(data, [m for m in members if m is not type(None)], where)
    if hint is type(None):
        if data is not None:
            raise _bad(where, "must be null")
        return None
    if origin is Literal:
        if data not in typing.get_args(hint):
            allowed = ", ".join(repr(a) for a in typing.get_args(hint))
            raise _bad(where, f"must be one of {allowed}")
        return data
    if hint is np.ndarray or origin is np.ndarray:
        return _array(data, where)
    if origin in (tuple, list) or hint in (tuple, list):
        if not isinstance(data, list):
            raise _bad(where, "must be a list")
        args = typing.get_args(hint)
        if origin is tuple and args and args[-1] is not Ellipsis:
            if len(data) != len(args):
                raise _bad(where, f"must have {len(args)} items")
            pairs = enumerate(zip(data, args, strict=True))
            return tuple(_decode(d, a, f"{where}[{i}]") for i, (d, a) in pairs)
        item = args[0] if args else Any
        items = [_decode(d, item, f"{where}[{i}]") for i, d in enumerate(data)]
        return tuple(items) if (origin or hint) is tuple else items
    if origin in (frozenset, set):
        if not isinstance(data, list):
            raise _bad(where, "must be a list")
        (item,) = typing.get_args(hint) or (Any,)
        return origin(_decode(d, item, f"{where}[{i}]") for i, d in enumerate(data))
    if origin in (dict, Mapping) or hint is dict:
        if not isinstance(data, dict):
            raise _bad(where, "must be an object")
        key_hint, value_hint = typing.get_args(hint) or (Any, Any)
        return {
            _decode(k, key_hint, where): _decode(v, value_hint, f"{where}.{k}")
            for k, v in data.items()
        }
    if isinstance(hint, type) and issubclass(hint, errors.EngineError):
        error = _tagged(data, where)
        if not isinstance(error, hint):
            raise _bad(where, f"must be a {hint.__name__}")
        return error
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        value = _tagged(data, where)
        if not isinstance(value, hint):
            raise _bad(where, f"must be a {hint.__name__}")
        return value
    if hint is Path:
        if not isinstance(data, str) or not data:
            raise _bad(where, "must be a path")
        return Path(data)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        try:
            return hint(data)
        except ValueError:
            raise _bad(where, f"is not a {hint.__name__}") from None
    if hint is float:
        if isinstance(data, bool) or not isinstance(data, (int, float)):
            raise _bad(where, "must be a number")
        return float(data)
    if hint is int:
        if isinstance(data, bool) or not isinstance(data, int):
            raise _bad(where, "must be a whole number")
        return data
    if hint in (str, bool):
        if type(data) is not hint:
            raise _bad(where, f"must be a {'string' if hint is str else 'boolean'}")
        return data
    raise TypeError(f"the protocol cannot decode {hint!r}")  # a new kind of field: extend it


def _union(data: Any, members: list[Any], where: str) -> Any:
    if len(members) == 1:
        return _decode(data, members[0], where)
    if isinstance(data, dict) and TAG in data:
        # Judged by its tag before anything is built: a remote request tagged as an array or
        # any other record would otherwise be made first (an array's dtype can ask for GBs).
        kind = _tag_type(data)
        if kind is not None and not any(
            isinstance(m, type) and issubclass(kind, m) for m in members
        ):
            raise _bad(where, f"may not be a {data[TAG]}")
        value = _tagged(data, where)
        for member in members:
            if isinstance(member, type) and isinstance(value, member):
                return value
        raise _bad(where, f"may not be a {data[TAG]}")
    last: errors.InputError | None = None
    for member in members:
        try:
            return _decode(data, member, where)
        except errors.InputError as exc:
            last = exc
    assert last is not None
    raise last


def _tag_type(data: dict[str, Any]) -> type | None:
    """The type a tagged object would decode to (None: a tag the decoder will refuse)."""
    tag = data.get(TAG)
    if not isinstance(tag, str):
        return None
    if tag == ERROR_TAG:
        return error_types().get(str(data.get("error"))) or errors.EngineError
    if tag == ARRAY_TAG:
        return np.ndarray
    return wire_types().get(tag)


def _tagged(data: Any, where: str) -> Any:
    if not isinstance(data, dict) or not isinstance(data.get(TAG), str):
        raise _bad(where, f"must be an object with a {TAG!r}")
    tag = data[TAG]
    if tag == ERROR_TAG:
        return _error(data, where)
    if tag == ARRAY_TAG:
        return _array(data, where)
    cls = wire_types().get(tag)
    if cls is None:
        raise _bad(where, f"has an unknown type {tag!r}")
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    unknown = sorted(set(data) - set(fields) - {TAG})
    if unknown:
        raise _bad(where, f"({tag}) has unknown fields: {', '.join(unknown)}")
    kwargs = {
        name: _decode(value, hints[name], f"{where}.{name}")
        for name, value in data.items()
        if name != TAG
    }
    try:
        return cls(**kwargs)
    except (TypeError, ValueError) as exc:
        raise _bad(where, f"({tag}): {exc}") from None


def _error(data: dict[str, Any], where: str) -> errors.EngineError:
    cls = error_types().get(str(data.get("error")))
    if cls is None:
        raise _bad(where, f"names an unknown error {data.get('error')!r}")
    message = str(data.get("message", ""))
    if cls is errors.Cancelled:
        return errors.Cancelled(message or "Cancelled")
    path = data.get("path")
    message_id = data.get("message_id")
    params = data.get("params") or {}
    if not isinstance(params, dict) or not all(
        isinstance(k, str) and isinstance(v, (str, int, float)) and not isinstance(v, bool)
        for k, v in params.items()
    ):
        raise _bad(where, "has params that are not a mapping of names to texts or numbers")
    return cls(
        message,
        path=str(path) if path else None,
        hint=str(data.get("hint", "")),
        message_id=str(message_id) if message_id else None,
        params=params,
    )


def _array(data: Any, where: str) -> Any:
    if not isinstance(data, dict) or data.get(TAG) != ARRAY_TAG:
        raise _bad(where, "must be an array object")
    try:
        dtype = np.dtype(str(data["dtype"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise _bad(where, f"is not a valid array: {exc}") from None
    if dtype.kind not in "biufc":  # the engine's arrays hold numbers; "U999999999" is 4 GB each
        raise _bad(where, f"is not a valid array: {dtype} does not hold numbers")
    try:
        flat = np.asarray(data["data"], dtype=dtype)
        return flat.reshape([int(n) for n in data["shape"]])
    except (KeyError, TypeError, ValueError) as exc:
        raise _bad(where, f"is not a valid array: {exc}") from None


__all__ = ["error_types", "from_json", "request_from_json", "to_json", "wire_types"]
