"""The local API's engine worker, on its own: its bound counts every job that waits (new, or
between its turns), a job whose thread cannot start fails alone, a cancelled job leaves the
line at once, Retry-After counts the engine's time only, and a job that made the engine close
another's model keeps its turn for a slice. On a stand-in engine that waits on events, never
on the clock."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from engine.api import TranslateRequest
from engine.errors import Cancelled
from engine.options import CancelToken
from engine.server import worker as worker_module
from engine.server.worker import Busy, EngineWorker, Job, Report
from tests.server_helpers import WAIT, Stepped, wait_for


@pytest.fixture
def loop() -> Iterator[asyncio.AbstractEventLoop]:
    """The event loop the jobs settle their outcomes on, as the server's does."""
    events = asyncio.new_event_loop()
    thread = threading.Thread(target=events.run_forever, daemon=True)
    thread.start()
    yield events
    events.call_soon_threadsafe(events.stop)
    thread.join(WAIT)
    events.close()


def texts(*batch: str) -> worker_module.Work:
    """A batch's work: one engine call per text."""

    def work(engine: Any, report: Report, cancel: CancelToken) -> list[str]:
        return [
            engine.run(TranslateRequest(text=text, target="de"), report, cancel).text
            for text in batch
        ]

    return work


def outcome(job: Job) -> Any:
    """The job's result, once the worker settles it (raising what it failed with)."""

    async def settled() -> Any:
        return await job.outcome

    return asyncio.run_coroutine_threadsafe(settled(), job.loop).result(WAIT)


@pytest.mark.parametrize(("size", "queue_bytes"), [(2, None), (10, 1000)])
def test_a_job_between_its_turns_counts_against_the_queue(
    loop: asyncio.AbstractEventLoop, size: int, queue_bytes: int | None
) -> None:
    """The queue had no bound any more: a job that had its first turn left the count (and the
    bytes) while it still waited, with its body, for its next, so one more new job got in
    with each engine call (a review saw 36 jobs in a queue of 2). Now it counts until it
    ends, and Retry-After counts it too."""
    engine = Stepped("a 0", "b 0")
    worker = EngineWorker(lambda: engine, size, queue_bytes=queue_bytes)
    try:
        a = worker.submit("t", texts("a 0", "a 1"), loop, size=400)
        assert engine.reached["a 0"].wait(WAIT)
        b = worker.submit("t", texts("b 0", "b 1"), loop, size=400)
        c = worker.submit("t", texts("c 0"), loop, size=400)
        engine.holds["a 0"].set()
        assert engine.reached["b 0"].wait(WAIT)  # a waits for its next turn, c for its first
        with pytest.raises(Busy) as refused:
            worker.submit("t", texts("d 0"), loop, size=400)
        assert worker.queued() == 2
        assert refused.value.retry_after == 3  # (a second a job, as yet: two wait, then it)
        engine.let_go()
        assert [outcome(job) for job in (a, b, c)] == [["A 0", "A 1"], ["B 0", "B 1"], ["C 0"]]
    finally:
        engine.let_go()
        worker.stop()
    assert engine.calls == ["a 0", "b 0", "c 0", "a 1", "b 1"]


def test_a_job_whose_thread_cannot_start_fails_alone(
    loop: asyncio.AbstractEventLoop, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where no thread could start for a job (too many threads), the worker's thread died: that
    job's request never had an answer and every later one waited until the queue was full.
    Now that job fails and the next one is answered."""
    engine = Stepped()
    worker = EngineWorker(lambda: engine, 5)
    start = threading.Thread.start
    refused: list[str] = []

    def start_but_once(thread: threading.Thread) -> None:
        if thread.name.startswith("quire-api-job") and not refused:
            refused.append(thread.name)
            raise RuntimeError("can't start new thread")
        start(thread)

    monkeypatch.setattr(threading.Thread, "start", start_but_once)
    try:
        a = worker.submit("t", texts("a"), loop)
        with pytest.raises(RuntimeError, match="can't start new thread"):
            outcome(a)
        b = worker.submit("t", texts("b"), loop)
        assert outcome(b) == ["B"]
    finally:
        worker.stop()
    assert refused and a.state == "failed" and engine.calls == ["b"]


def test_a_job_cancelled_between_its_turns_is_settled_at_once(
    loop: asyncio.AbstractEventLoop,
) -> None:
    """A batch cancelled (DELETE /v1/jobs, or its client gone) while it waited for its next
    turn kept its place, "running", until the jobs ahead of it were done. Now it leaves the
    line and is answered while the engine is still busy with another job."""
    engine = Stepped("a 0", "b")
    worker = EngineWorker(lambda: engine, 5)
    try:
        a = worker.submit("t", texts("a 0", "a 1"), loop)
        assert engine.reached["a 0"].wait(WAIT)
        b = worker.submit("t", texts("b"), loop)
        engine.holds["a 0"].set()
        assert engine.reached["b"].wait(WAIT)  # a waits for its next turn
        a.cancel.cancel()
        with pytest.raises(Cancelled):
            outcome(a)
        wait_for(lambda: a.state == "cancelled" and worker.queued() == 0)
        assert not engine.holds["b"].is_set()
        engine.let_go()
        assert outcome(b) == ["B"]
    finally:
        engine.let_go()
        worker.stop()
    assert engine.calls == ["a 0", "b"]


class Clock:
    """``time.monotonic`` for the worker, moved on only by the engine's calls."""

    def __init__(self) -> None:
        self.now = 0.0

    def monotonic(self) -> float:
        return self.now


class Costly(Stepped):
    """A stand-in engine each of whose calls takes a second of ``clock``'s time."""

    clock: Clock  # (set by the test)

    def run(self, request: Any, report: Any = None, cancel: Any = None) -> Any:
        result = super().run(request, report, cancel)
        self.clock.now += 1.0
        return result


def test_retry_after_counts_the_time_a_job_held_the_engine(
    loop: asyncio.AbstractEventLoop, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A job's time, for Retry-After, was its wall time, the turns it gave others included:
    a batch beside a long page counted the page's time twice. Now only its own turns count."""
    clock = Clock()
    monkeypatch.setattr(worker_module, "time", clock)
    costs = {"a 0": 10.0, "b": 100.0, "a 1": 10.0}

    class Priced(Stepped):
        def run(self, request: Any, report: Any = None, cancel: Any = None) -> Any:
            result = super().run(request, report, cancel)
            clock.now += costs[request.text]
            return result

    engine = Priced("a 0")
    worker = EngineWorker(lambda: engine, 5)
    try:
        a = worker.submit("t", texts("a 0", "a 1"), loop)
        assert engine.reached["a 0"].wait(WAIT)
        b = worker.submit("t", texts("b"), loop)
        engine.let_go()
        assert outcome(b) == ["B"] and outcome(a) == ["A 0", "A 1"]
        wait_for(lambda: worker.queued() == 0)  # (both have ended)
    finally:
        worker.stop()
    # a held the engine 20 s of its 120. The mean from 1 s, as b ends before a (0.8 × 20.8 +
    # 0.2 × 20 = 20.64) or after (0.8 × 4.8 + 0.2 × 100 = 23.84); with a's 120, 41 or 40.
    assert worker.retry_after() in {21, 24}
    assert engine.calls == ["a 0", "b", "a 1"]


@pytest.mark.parametrize(
    ("slice_seconds", "order"), [(WAIT, "a0 b0 b1 b2 a1 a2"), (0, "a0 b0 a1 b1 a2 b2")]
)
def test_a_job_that_closed_another_model_keeps_its_turn_for_a_slice(
    loop: asyncio.AbstractEventLoop, slice_seconds: float, order: str
) -> None:
    """Two batches for two models took turns text by text, and where memory holds one model
    only, each text closed the other batch's model and loaded its own again. Now a job for
    which the engine closed another's model keeps its turn for a slice (all its texts, here),
    and turns go text by text again once the slice is over."""
    engine = Stepped("a0", crowds=("b0",))
    worker = EngineWorker(lambda: engine, 5, slice_seconds=slice_seconds)
    try:
        a = worker.submit("t", texts("a0", "a1", "a2"), loop)
        assert engine.reached["a0"].wait(WAIT)
        b = worker.submit("t", texts("b0", "b1", "b2"), loop)
        engine.let_go()
        assert outcome(a) == ["A0", "A1", "A2"] and outcome(b) == ["B0", "B1", "B2"]
    finally:
        worker.stop()
    assert engine.calls == order.split()


class AppsTurn:
    """The guard of an engine shared with the app: a lock, and an event set as a job asks for
    it."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.asked = threading.Event()

    def __enter__(self) -> None:
        self.asked.set()
        self.lock.acquire()

    def __exit__(self, *exc: object) -> None:
        self.lock.release()


def test_a_job_cancelled_while_the_app_holds_the_engine_never_runs(
    loop: asyncio.AbstractEventLoop,
) -> None:
    """A job had its turn and then waited for the guard while the app's own job held the shared
    engine; cancelled there (its client gone), it still built the engine, made its first call
    and was answered "done". Now it lets the guard go and is cancelled, and the next job runs."""
    guard = AppsTurn()
    guard.lock.acquire()  # (the app's own job has the engine)
    engine = Stepped()
    made: list[Stepped] = []

    def make() -> Stepped:
        made.append(engine)
        return engine

    worker = EngineWorker(make, 5, guard=guard)
    try:
        a = worker.submit("t", texts("a"), loop)
        assert guard.asked.wait(WAIT)  # (a has its turn: it waits for the guard)
        a.cancel.cancel()
        guard.lock.release()
        with pytest.raises(Cancelled):
            outcome(a)
        assert a.state == "cancelled" and not made
        b = worker.submit("t", texts("b"), loop)
        assert outcome(b) == ["B"]
    finally:
        worker.stop()
    assert engine.calls == ["b"] and guard.lock.acquire(blocking=False)


def test_a_slice_is_kept_only_in_a_turn_in_which_another_model_was_closed(
    loop: asyncio.AbstractEventLoop, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A job for which the engine closed another's model once kept a slice of every turn after,
    though both jobs used one model from then on: a batch held others up for 20 seconds of
    calls at a time for the rest of its life. Now the slice is the turn's in which the model
    was closed, and turns go text by text again after it."""
    clock = Clock()
    monkeypatch.setattr(worker_module, "time", clock)

    engine = Costly("a0", crowds=("a0",))
    engine.clock = clock
    worker = EngineWorker(lambda: engine, 5, slice_seconds=3)
    try:
        a = worker.submit("t", texts(*[f"a{i}" for i in range(7)]), loop)
        assert engine.reached["a0"].wait(WAIT)
        b = worker.submit("t", texts("b0", "b1", "b2"), loop)  # (the same model: none closed)
        engine.let_go()
        assert len(outcome(a)) == 7 and outcome(b) == ["B0", "B1", "B2"]
    finally:
        worker.stop()
    assert engine.calls == ["a0", "a1", "a2", "b0", "a3", "b1", "a4", "b2", "a5", "a6"]


class Held:
    """``threading.Thread.start`` for the worker's jobs held back until ``start`` is called: a
    job stays first in the line, about to take the turn, as the test looks on."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.threads: list[threading.Thread] = []
        self._start = start = threading.Thread.start

        def held(thread: threading.Thread) -> None:
            if thread.name.startswith("quire-api-job"):
                self.threads.append(thread)
            else:
                start(thread)

        monkeypatch.setattr(threading.Thread, "start", held)

    def start(self) -> None:
        while self.threads:
            self._start(self.threads.pop(0))


def test_a_new_job_about_to_take_an_idle_engine_is_not_counted_as_waiting(
    loop: asyncio.AbstractEventLoop, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two requests sent at once to an idle server with --queue 1 had the second refused (429)
    most times: until the first job's thread took its turn, it counted as waiting. Now the
    job that takes the turn next does not wait, and only a third request is refused."""
    held = Held(monkeypatch)
    engine = Stepped()
    worker = EngineWorker(lambda: engine, 1)
    try:
        a = worker.submit("t", texts("a"), loop)
        b = worker.submit("t", texts("b"), loop)
        with pytest.raises(Busy):
            worker.submit("t", texts("c"), loop)
        assert worker.queued() == 1
        held.start()
        assert outcome(a) == ["A"] and outcome(b) == ["B"]
    finally:
        held.start()
        worker.stop()
    assert engine.calls == ["a", "b"]


def test_a_job_handing_the_engine_on_leaves_a_free_place_free(
    loop: asyncio.AbstractEventLoop, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With --queue 2, one batch running and one job waiting, a request sent as the batch
    handed the engine on to the waiting job (at each of its texts) was refused: neither held
    the engine, so both counted as waiting. Now the one that takes the turn does not."""
    clock = Clock()
    monkeypatch.setattr(worker_module, "time", clock)

    engine = Costly("a0")
    engine.clock = clock
    worker = EngineWorker(lambda: engine, 2)
    try:
        a = worker.submit("t", texts("a0", "a1"), loop)
        assert engine.reached["a0"].wait(WAIT)
        held = Held(monkeypatch)
        b = worker.submit("t", texts("b"), loop)  # (first in line, its thread held back)
        engine.let_go()
        wait_for(lambda: a.held > 0)  # (a handed the engine back and waits behind b)
        c = worker.submit("t", texts("c"), loop)
        with pytest.raises(Busy):
            worker.submit("t", texts("d"), loop)
        held.start()
        assert [outcome(job) for job in (a, b, c)] == [["A0", "A1"], ["B"], ["C"]]
    finally:
        engine.let_go()
        held.start()
        worker.stop()
    assert engine.calls == ["a0", "b", "a1", "c"]
