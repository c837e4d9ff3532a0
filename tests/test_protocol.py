"""The plain-data protocol: every type the engine exports (requests, events, results, errors
and the records inside them) survives JSON and back with the same types and values."""

from __future__ import annotations

import dataclasses
import enum
import json
import types
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal, Union

import numpy as np
import pytest

import engine
from engine import api, errors, jobs, protocol
from engine.errors import InputError

# Exported types that are not plain data, each with the reason.
NOT_WIRE = {
    "StoredModel": "holds a parsed ModelFolder; clients get an InstalledModel instead",
    "ServerConfig": "the local API's settings (API keys among them), handed to the app's "
    "Server; never a job's data",
}
# Types whose constructor checks its values: a valid value with every field set.
VALID: dict[Any, Any] = {
    engine.EngineOptions: engine.EngineOptions(
        home=Path("/home/u/quire"),
        device="cpu",
        dtype="int8",
        backend="onnx",
        threads=3,
        offline=True,
        endpoint="https://mirror.example",
        proxy="http://proxy.example:3128",
        ca_bundle=Path("/etc/ca.pem"),
        catalog=Path("/etc/catalog.json"),
    )
}


def exported_dataclasses() -> dict[str, type]:
    """Every dataclass in engine's front door and engine.api."""
    found: dict[str, type] = {}
    for value in [getattr(engine, name) for name in engine.__all__] + list(vars(api).values()):
        if (
            isinstance(value, type)
            and dataclasses.is_dataclass(value)
            and value.__module__.startswith("engine")
            and value.__name__ not in NOT_WIRE
        ):
            found[value.__name__] = value
    return found


def exported_types() -> list[type]:
    """Every type the protocol knows (every request, result, event and the records inside
    them) and every dataclass the front door exports: a new one the protocol cannot carry
    fails the round trip below."""
    found = {**protocol.wire_types(), **exported_dataclasses()}
    return sorted(found.values(), key=lambda cls: cls.__name__)


def sample(hint: Any, depth: int = 0) -> Any:
    """A value of ``hint`` with every optional part filled in (so every field is exercised)."""
    origin = typing.get_origin(hint)
    if origin is Union or origin is types.UnionType:
        members = [m for m in typing.get_args(hint) if m is not type(None)]
        return sample(members[depth % len(members)], depth + 1)
    if origin is Literal:
        return typing.get_args(hint)[-1]
    if hint is np.ndarray or origin is np.ndarray:
        return np.arange(6, dtype=np.float32).reshape(2, 3) / 7
    if origin is tuple:
        args = typing.get_args(hint)
        if args[-1] is Ellipsis:
            return (sample(args[0], depth + 1), sample(args[0], depth + 2))
        return tuple(sample(a, depth + 1) for a in args)
    if origin is list:
        return [sample(typing.get_args(hint)[0], depth + 1)]
    if origin in (set, frozenset):
        return origin({sample(typing.get_args(hint)[0], depth + 1)})
    if origin in (dict, Mapping):
        key, value = typing.get_args(hint)
        return {sample(key, depth + 1): sample(value, depth + 1)}
    if hint is Any:
        return {"nested": [1, "two", None]}
    if hint in VALID:
        return VALID[hint]
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        fields = typing.get_type_hints(hint)
        return hint(**{f.name: sample(fields[f.name], depth + 1) for f in dataclasses.fields(hint)})
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return list(hint)[-1]
    values = {str: "Grüße, 世界", int: 7, float: 0.25, bool: True, Path: Path("/tmp/in put.txt")}
    if hint in values:
        return values[hint]
    raise AssertionError(f"no sample for {hint!r}: teach this test and the protocol the type")


def same(a: Any, b: Any) -> bool:
    """Equality that also compares arrays (dataclass == would be ambiguous on them)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, np.ndarray):
        return a.dtype == b.dtype and a.shape == b.shape and bool(np.array_equal(a, b))
    if dataclasses.is_dataclass(a):
        return all(same(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a))
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return bool(a == b)


def test_the_protocol_knows_every_exported_type() -> None:
    wire = protocol.wire_types()
    for name, cls in exported_dataclasses().items():
        assert wire.get(name) is cls, f"{name} is exported but not registered in the protocol"


def test_enumeration_finds_the_engine_types() -> None:
    names = {cls.__name__ for cls in exported_types()}
    # The vocabulary of Engine.run and the document job are all there.
    for cls in typing.get_args(api.Request) + typing.get_args(api.Result):
        assert cls.__name__ in names
    for cls in typing.get_args(api.Event):
        assert cls.__name__ in names
    assert {"TranslateDocumentRequest", "ModelUsed", "Fallback", "Fit"} <= names
    # Every request Engine.run takes has a task, and every task a request the protocol knows.
    from engine.tasks import TASKS

    assert set(typing.get_args(api.Request)) == set(TASKS)
    assert {"DocumentResult", "CsvClassified", "DoctorReport"} <= names


@pytest.mark.parametrize("cls", exported_types(), ids=lambda cls: cls.__name__)
def test_every_exported_type_round_trips(cls: type) -> None:
    value = sample(cls)
    text = json.dumps(protocol.to_json(value), allow_nan=False)
    data = json.loads(text)
    assert data["type"] == cls.__name__
    back = protocol.from_json(data)
    assert same(back, value), (value, back)
    assert protocol.to_json(back) == data
    assert same(protocol.from_json(data, cls), value)


@pytest.mark.parametrize("name", errors.__all__)
def test_every_error_round_trips(name: str) -> None:
    cls = getattr(errors, name)
    error = (
        cls()
        if cls is errors.Cancelled
        else cls(
            "It broke",
            path="/x/y.txt",
            hint="Do z",
            message_id="file.too_large",
            params={"limit_mb": 50, "name": "y.txt", "ratio": 0.5},
        )
    )
    data = json.loads(json.dumps(protocol.to_json(error)))
    assert data["type"] == "error" and data["error"] == name
    back = protocol.from_json(data)
    assert type(back) is cls
    assert (back.message, back.path, back.hint) == (error.message, error.path, error.hint)
    # A front end across the boundary still words it in its own language.
    assert (back.message_id, back.params) == (error.message_id, error.params)
    assert str(back) == str(error)


def test_paths_and_tuples_come_back_typed() -> None:
    data = {
        "type": "TranslateDocumentRequest",
        "input": "/docs/a.docx",
        "template": {"type": "TranslateRequest", "text": "", "target": "de"},
    }
    request = protocol.request_from_json(data)
    assert request == jobs.TranslateDocumentRequest(
        input=Path("/docs/a.docx"), template=api.TranslateRequest(text="", target="de")
    )
    classify = protocol.request_from_json(
        {"type": "ClassifyRequest", "texts": ["a", "b"], "labels": ["x"]}
    )
    assert classify.texts == ("a", "b") and isinstance(classify.texts, tuple)


@pytest.mark.parametrize(
    "data",
    [
        {"type": "RemoveModelRequest", "name": "opus-mt-en-de"},
        {"type": "ReadFileRequest", "path": "/etc/passwd"},
        {"type": "DownloadRequest", "model": "x"},
        {"type": "ExportModelRequest", "source": "/a", "destination": "/b"},
    ],
)
def test_a_local_api_client_cannot_send_the_apps_jobs(data: Any) -> None:
    """The store's operations and reading any file are Engine.run requests for the app, but
    the local API's decoder refuses them."""
    assert protocol.from_json(data) is not None  # plain data all the same
    with pytest.raises(InputError, match="may not be a"):
        protocol.request_from_json(data)


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ({"type": "TranslateRequest"}, "text"),
        ({"type": "TranslateRequest", "text": 3}, "$.text must be a string"),
        ({"type": "TranslateRequest", "text": "x", "colour": 1}, "unknown fields: colour"),
        ({"type": "SummarizeRequest", "text": "x", "length": "huge"}, "$.length must be one of"),
        ({"type": "Nope"}, "unknown type 'Nope'"),
        ({"type": "Progress", "stage": "x", "done": 1, "total": 2}, "may not be a Progress"),
        (["TranslateRequest"], "must be an object"),
        ({"type": "AskRequest", "question": "q", "context": "c", "top_k": True}, "whole number"),
    ],
)
def test_bad_requests_are_input_errors(data: Any, fragment: str) -> None:
    with pytest.raises(InputError, match="Invalid request") as caught:
        protocol.request_from_json(data)
    assert fragment in str(caught.value)


def test_foreign_values_are_refused() -> None:
    with pytest.raises(TypeError):
        protocol.to_json(object())
    with pytest.raises(TypeError):
        protocol.to_json({1: "integer keys do not survive JSON"})


def test_a_request_is_judged_by_its_tag_before_anything_is_built(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A remote client's tagged object that cannot be a request is refused from its tag: an
    array of strings 2 GB long each is never allocated, nor an options record made."""
    built: list[Any] = []
    real_tagged = protocol._tagged

    def array(data: Any, where: str) -> Any:
        raise AssertionError("the array was built")  # (and not for real: 2 GB)

    monkeypatch.setattr(protocol, "_array", array)
    bomb = {"type": "ndarray", "dtype": "U500000000", "shape": [1], "data": ["a"]}
    with pytest.raises(InputError, match="may not be a ndarray"):
        protocol.request_from_json(bomb)
    monkeypatch.undo()

    def tagged(data: Any, where: str) -> Any:
        built.append(data)
        return real_tagged(data, where)

    monkeypatch.setattr(protocol, "_tagged", tagged)
    assert protocol.request_from_json({"type": "EmbedRequest", "texts": ["x"]}) is not None
    built.clear()
    with pytest.raises(InputError, match="may not be a EngineOptions"):
        protocol.request_from_json({"type": "EngineOptions", "home": "/tmp/elsewhere"})
    assert built == []
    monkeypatch.undo()
    # Where an array is expected, it holds numbers: no strings, bytes or objects.
    for dtype in ("U4", "S4", "V4", "O"):
        with pytest.raises(InputError, match="does not hold numbers"):
            protocol.from_json({"type": "ndarray", "dtype": dtype, "shape": [1], "data": ["a"]})
    small = {"type": "ndarray", "dtype": "float32", "shape": [2], "data": [1, 2]}
    assert protocol.from_json(small).tolist() == [1.0, 2.0]


@pytest.mark.parametrize("params", [["x"], {"a": [1]}, {"a": True}, {"a": None}])
def test_error_params_must_be_names_to_texts_or_numbers(params: Any) -> None:
    data = {"type": "error", "error": "InputError", "message": "m", "params": params}
    with pytest.raises(InputError, match="params"):
        protocol.from_json(data)
