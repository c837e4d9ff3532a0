"""The time left on long jobs: every stage's Progress says it once the stage has run a while
(the engine measures the pace when the task cannot tell), the CLI and the app show it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from engine import Engine, EngineOptions
from engine.api import EmbedRequest, Event, ModelLoading, Progress
from engine.tasks.context import Paced
from tests.fixtures.builder import exported


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def paced() -> tuple[Paced, list[Event], Clock]:
    seen: list[Event] = []
    clock = Clock()
    return Paced(seen.append, clock), seen, clock


def etas(events: list[Event]) -> list[float | None]:
    return [e.eta_seconds for e in events if isinstance(e, Progress)]


def test_the_time_left_is_the_stages_pace_once_it_has_settled() -> None:
    sink, seen, clock = paced()
    sink(Progress("summarizing", 0, 10))
    clock.now += 1.0
    sink(Progress("summarizing", 1, 10))  # too early to tell
    clock.now += 3.0
    sink(Progress("summarizing", 2, 10))  # 2 parts in 4 s: 8 left, 16 s
    sink(ModelLoading("m"))  # other events pass as they are
    clock.now += 4.0
    sink(Progress("summarizing", 10, 10))  # done: nothing is left
    assert etas(seen) == [None, None, pytest.approx(16.0), None]
    assert seen[3] == ModelLoading("m")


def test_a_new_round_starts_the_pace_again_and_an_own_estimate_is_kept() -> None:
    sink, seen, clock = paced()
    sink(Progress("summarizing", 0, 10))
    clock.now += 10.0
    sink(Progress("summarizing", 5, 10))  # 1 part per 2 s
    sink(Progress("summarizing", 0, 3))  # the next round: a new total
    clock.now += 30.0
    sink(Progress("summarizing", 1, 3))  # 30 s a part now: 60 s
    sink(Progress("summarizing", 0, 3))  # the count goes back: starts again
    clock.now += 2.5
    sink(Progress("summarizing", 2, 3))
    sink(Progress("downloading", 10, 100, 7.0))
    assert etas(seen) == [
        None,
        pytest.approx(10.0),
        None,
        pytest.approx(60.0),
        None,
        pytest.approx(1.25),
        7.0,
    ]


def test_engine_jobs_report_the_time_left(
    quire_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through the front door: a job's Progress events carry the engine's estimate."""
    engine = Engine(EngineOptions(home=quire_home, device="cpu"))
    engine.import_model(exported("bert-embed"), "embed")
    monkeypatch.setattr(Paced, "SETTLE_SECONDS", 0.0)
    events: list[Event] = []
    texts = tuple(f"Sentence number {i} about the weather." for i in range(100))
    engine.run(EmbedRequest(texts=texts, model="embed"), events.append)
    progress = [e for e in events if isinstance(e, Progress)]
    assert len(progress) >= 3
    unfinished = [e for e in progress[1:] if e.done < e.total]
    assert unfinished and all(e.eta_seconds is not None for e in unfinished)
    assert progress[-1].done == progress[-1].total and progress[-1].eta_seconds is None


def test_a_time_left_near_a_minute_reads_as_a_minute() -> None:
    from engine.cli.tasks import duration

    assert [duration(s) for s in (2, 57, 59.6, 61, 89, 3600)] == [
        "5 s",
        "55 s",
        "1 min",  # not "60 s", after "about 1 min" a moment before
        "1 min",
        "1 min",
        "1 h",
    ]


def test_a_cancelled_translation_says_it_resumes_only_when_work_was_journaled(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from engine.cli.tasks import StderrProgress, _cancelled_text

    progress = StderrProgress(unit="units")
    progress(Progress("reading pages", 3, 120))  # stopped while a PDF was read
    progress(Progress("translating", 0, 3029))
    assert _cancelled_text(progress) == "cancelled"
    progress(Progress("translating", 48, 3029))  # a batch translated and journaled
    assert _cancelled_text(progress) == "cancelled; the same command resumes where it stopped"
    progress.close()
    capsys.readouterr()


def test_the_time_left_of_texts_embedded_shortest_first_goes_by_their_length(
    quire_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ask ranks a long document's passages shortest first: the pace of the first (short)
    batches, per passage, said "about 5 s left" for 22 s. Here each batch takes time in
    proportion to its tokens, and the time left said is the time that was left."""
    from engine.tasks import embed

    engine = Engine(EngineOptions(home=quire_home, device="cpu"))
    engine.import_model(exported("bert-embed"), "embed")
    monkeypatch.setattr(Paced, "SETTLE_SECONDS", 0.0)
    clock = Clock()
    monkeypatch.setattr(embed, "_clock", clock)
    model = engine._models.get(engine.model("embed"), "encoder", lambda _event: None)
    assert model.encoder is not None
    real = model.encoder.run

    def timed(inputs: dict[str, Any]) -> Any:
        clock.now += float(inputs["attention_mask"].sum()) * 0.01  # 10 ms a token
        return real(inputs)

    monkeypatch.setattr(model.encoder, "run", timed)
    # (within the model's 256 tokens: a longer text is cut, and costs no more)
    texts = tuple(" ".join(["weather"] * (n % 40 + 1)) for n in range(160))
    said: list[tuple[float, float]] = []  # (the clock, the time left said)

    def report(event: Event) -> None:
        if isinstance(event, Progress) and event.eta_seconds is not None:
            said.append((clock.now, event.eta_seconds))

    engine.run(EmbedRequest(texts=texts, model="embed"), report)
    assert len(said) >= 2
    for now, eta in said:
        assert eta == pytest.approx(clock.now - now, rel=0.25)
