"""Models stay loaded between jobs, until one would not fit beside them: then the models of
earlier jobs are closed first, least recently used first (``ModelCache``), and each close is
reported (``ModelUnloaded``). A job's own models are never closed under it. What is free is
``engine.store.fit.free_ram``, made small or large here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from engine import Engine, EngineOptions
from engine.api import (
    AskRequest,
    AskResult,
    ClassifyRequest,
    ClassifyResult,
    EmbedRequest,
    EmbedResult,
    Event,
    ModelLoaded,
    ModelLoading,
    ModelUnloaded,
)
from engine.cli.tasks import unloaded_text
from engine.protocol import from_json, to_json
from engine.store import fit
from tests.fixtures.builder import exported
from tests.fixtures.causal import exported as exported_causal


@pytest.fixture
def engine(quire_home: Path) -> Engine:
    engine = Engine(EngineOptions(home=quire_home, device="cpu", threads=1))
    engine.import_model(exported("bert-cls"), "sentiment")
    engine.import_model(exported("bert-embed"), "embedder")
    return engine


def _free(monkeypatch: pytest.MonkeyPatch, free: int | None) -> None:
    monkeypatch.setattr(fit, "free_ram", lambda: free)


def _classify(engine: Engine) -> list[Event]:
    events: list[Event] = []
    result = engine.run(ClassifyRequest(texts=("a fine day",), model="sentiment"), events.append)
    assert isinstance(result, ClassifyResult)
    return events


def _embed(engine: Engine) -> list[Event]:
    events: list[Event] = []
    result = engine.run(EmbedRequest(texts=("a fine day",), model="embedder"), events.append)
    assert isinstance(result, EmbedResult)
    return events


def _loads(events: list[Event]) -> list[str]:
    return [e.model for e in events if isinstance(e, ModelLoading)]


def _unloads(events: list[Event]) -> list[str]:
    return [e.model for e in events if isinstance(e, ModelUnloaded)]


def test_with_room_to_spare_every_model_stays_loaded(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    _free(monkeypatch, 1 << 40)
    assert _loads(_classify(engine)) == ["sentiment"]
    assert _loads(_embed(engine)) == ["embedder"]
    again = _classify(engine) + _embed(engine)
    assert _loads(again) == [] and _unloads(again) == []


def test_a_model_that_would_not_fit_closes_the_least_recently_used_first(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, quire_home: Path
) -> None:
    engine.import_model(exported("distilbert-qa"), "reader")
    _free(monkeypatch, 1 << 40)
    _classify(engine)
    _embed(engine)
    _classify(engine)  # used last: the embedder is now the least recently used
    _free(monkeypatch, 0)
    events: list[Event] = []
    result = engine.run(
        AskRequest(question="Where?", context="The house is in Berlin.", model="reader"),
        events.append,
    )
    assert isinstance(result, AskResult)
    # Nothing is free: both earlier models go, the embedder first, each reported before the
    # new model loads, with the estimate that asked for it.
    assert _unloads(events) == ["embedder", "sentiment"]
    first = next(e for e in events if isinstance(e, ModelUnloaded))
    assert first.for_model == "reader" and first.free_bytes == 0
    assert first.needed_bytes >= fit.ACTIVATIONS
    kinds = [type(e) for e in events if isinstance(e, ModelUnloaded | ModelLoading | ModelLoaded)]
    assert kinds == [ModelUnloaded, ModelUnloaded, ModelLoading, ModelLoaded]
    # An unloaded model loads again when a job needs it.
    assert _loads(_classify(engine)) == ["sentiment"]


def test_closing_stops_as_soon_as_the_new_model_fits(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    _free(monkeypatch, 1 << 40)
    _classify(engine)
    _embed(engine)
    engine.import_model(exported("distilbert-qa"), "reader")
    frees = iter([0, 1 << 40])  # after the first close there is room
    monkeypatch.setattr(fit, "free_ram", lambda: next(frees))
    events: list[Event] = []
    engine.run(
        AskRequest(question="Where?", context="The house is in Berlin.", model="reader"),
        events.append,
    )
    assert _unloads(events) == ["sentiment"]
    assert _loads(_embed(engine)) == []  # still loaded


def test_unknown_free_memory_closes_nothing(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    _free(monkeypatch, None)
    _classify(engine)
    events = _embed(engine) + _classify(engine)
    assert _unloads(events) == [] and _loads(events) == ["embedder"]


def test_a_jobs_own_models_are_never_closed_under_it(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ask with an instruction model retrieves with the embedding model, then answers with the
    language model: loading the second must not close the first in the middle of the job."""
    engine.import_model(exported_causal("qwen2"), "tiny-qwen2-instruct")
    _free(monkeypatch, 0)
    events: list[Event] = []
    context = "\n\n".join(f"Paragraph {i} says the house is in Berlin." for i in range(6))
    result = engine.run(
        AskRequest(question="Where is the house?", context=context, model="tiny-qwen2-instruct"),
        events.append,
    )
    assert isinstance(result, AskResult)
    assert sorted(_loads(events)) == ["embedder", "tiny-qwen2-instruct"]
    assert _unloads(events) == []


def test_the_event_travels_and_reads_as_a_sentence() -> None:
    event = ModelUnloaded("opus-mt-en-de", "qwen2.5-0.5b-instruct", 2_400_000_000, 600_000_000)
    assert from_json(to_json(event)) == event
    assert unloaded_text(event) == (
        "Unloaded opus-mt-en-de to make room for qwen2.5-0.5b-instruct (it needs about 2.24 GB; "
        "572 MB was free)"
    )


def test_the_jobs_a_job_runs_share_its_models(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A job that runs other jobs (a document's batches, a CSV's rows) starts no new job for
    them: the models it loaded before stay its own."""
    from engine.tasks import TASKS

    _free(monkeypatch, 0)
    seen: list[Event] = []

    def outer(ctx: Any, request: EmbedRequest) -> Any:
        ctx.models.get(ctx.resolve("embedder"), "encoder", ctx.report)
        inner = ctx.engine.run(ClassifyRequest(texts=request.texts, model="sentiment"), ctx.report)
        assert isinstance(inner, ClassifyResult)
        return inner

    monkeypatch.setitem(TASKS, EmbedRequest, outer)
    engine.run(EmbedRequest(texts=("a fine day",), model="embedder"), seen.append)
    assert sorted(_loads(seen)) == ["embedder", "sentiment"] and _unloads(seen) == []
