"""The front door: preloading, events, and errors for unknown requests."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine import Engine, EngineOptions, InputError
from engine.api import EmbedRequest, Event, ModelLoaded, ModelLoading
from tests.fixtures.builder import exported


def test_preload_loads_once_and_later_jobs_do_not_wait(quire_home: Path) -> None:
    engine = Engine(EngineOptions(home=quire_home))
    engine.import_model(exported("bert-embed"), "embedder")
    events: list[Event] = []
    used = engine.preload("embedder", events.append)
    assert used.name == "embedder" and used.backend == "onnx"
    assert [type(e) for e in events] == [ModelLoading, ModelLoaded]
    events.clear()
    engine.run(EmbedRequest(texts=("hello",), model="embedder"), events.append)
    assert not any(isinstance(e, (ModelLoading, ModelLoaded)) for e in events)
    engine.unload()
    engine.run(EmbedRequest(texts=("hello",), model="embedder"), events.append)
    assert any(isinstance(e, ModelLoading) for e in events)


def test_an_unknown_request_is_an_input_error(quire_home: Path) -> None:
    with pytest.raises(InputError, match="Unknown request"):
        Engine(EngineOptions(home=quire_home)).run("translate this")  # type: ignore[arg-type]
