"""The one job runner: real engine jobs on tiny models run off the GUI thread, and their
signals arrive on the GUI thread, in order; cancel, latest-wins, failures, coalescing."""

from __future__ import annotations

import gc
import threading
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import Qt, QThread
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.jobs import (
    COALESCE_S,
    DOWNLOADS,
    ENGINE,
    READS,
    STORE,
    Job,
    JobRunner,
    State,
    lane_of,
)
from engine import CancelToken, Engine, EngineOptions, EngineProcess, InputError
from engine.api import (
    CatalogRequest,
    DownloadRequest,
    EmbedRequest,
    EmbedResult,
    Event,
    ModelLoaded,
    ModelLoading,
    Progress,
    ReadFileRequest,
    RemoveModelRequest,
    TranslateRequest,
)
from tests.fixtures import corpus
from tests.fixtures.builder import exported

WAIT_MS = 60_000  # generous: a loaded CI machine; every wait still ends


def options(home: Path) -> EngineOptions:
    return EngineOptions(home=home, device="cpu")


@pytest.fixture
def runner(quire_home: Path) -> Iterator[JobRunner]:
    runner = JobRunner(options(quire_home))
    yield runner
    runner.shutdown()


def record(job: Job) -> list[tuple[str, Any, bool]]:
    """Every signal of ``job``: (name, payload, delivered on the GUI thread)."""
    seen: list[tuple[str, Any, bool]] = []
    gui = QApplication.instance().thread()  # type: ignore[union-attr]

    def on(name: str) -> Any:
        return lambda *args: seen.append(
            (name, args[0] if args else None, QThread.currentThread() == gui)
        )

    for name in ("started", "progressed", "partial", "finished", "failed", "cancelled"):
        getattr(job, name).connect(on(name))
    return seen


def test_an_embed_job_runs_off_the_gui_thread_and_reports_in_order(
    qtbot: QtBot, runner: JobRunner, quire_home: Path
) -> None:
    Engine(options(quire_home)).import_model(exported("bert-embed"), "minilm")
    texts = ("A first sentence.", "Another, rather longer sentence about something else.")
    worker_threads: list[int] = []

    def work(engine: Engine, report: Any, cancel: CancelToken) -> Any:
        worker_threads.append(threading.get_ident())
        return engine.run(EmbedRequest(texts=texts), report, cancel)

    job = runner.call(work, label="embed")
    seen = record(job)
    with qtbot.waitSignals([job.started, job.finished], order="strict", timeout=WAIT_MS):
        pass

    assert worker_threads and worker_threads[0] != threading.get_ident()
    assert all(on_gui for _, _, on_gui in seen)
    names = [name for name, _, _ in seen]
    assert names[0] == "started" and names[-1] == "finished"
    events = [payload for name, payload, _ in seen if name == "progressed"]
    kinds = [type(e) for e in events]
    assert kinds[:2] == [ModelLoading, ModelLoaded]
    assert isinstance(events[-1], Progress) and events[-1].done == events[-1].total
    assert job.state is State.FINISHED and job.seconds is not None
    assert job.model is not None and job.model.name == "minilm"
    # The same request straight through the engine gives the same vectors.
    direct = Engine(options(quire_home)).run(EmbedRequest(texts=texts))
    assert isinstance(job.result, EmbedResult) and isinstance(direct, EmbedResult)
    np.testing.assert_allclose(job.result.embeddings, direct.embeddings, rtol=1e-5, atol=1e-6)


def test_an_ended_job_is_freed_though_lambdas_holding_it_were_connected(
    qtbot: QtBot, runner: JobRunner
) -> None:
    """A lambda connected to a job's own signal and holding the job (as the panes connect
    theirs) kept every job alive, with its input and result, for as long as the app ran."""
    ended: list[weakref.ref[Job]] = []
    for n in range(3):
        job = runner.call(lambda _engine, _report, _cancel: "x" * 100_000, label=f"job {n}")
        job.finished.connect(lambda result, job=job: result and job.label)
        job.failed.connect(lambda error, job=job: (error, job))
        with qtbot.waitSignal(runner.job_ended, timeout=WAIT_MS):
            pass
        assert job.state is State.FINISHED and job.result == "x" * 100_000
        ended.append(weakref.ref(job))
        del job
    gc.collect()
    assert [ref() for ref in ended] == [None, None, None]


def test_cancel_stops_a_running_translation(
    qtbot: QtBot, runner: JobRunner, quire_home: Path
) -> None:
    Engine(options(quire_home)).import_model(exported("marian"), "opus-mt-en-de")
    text = "\n\n".join(" ".join(corpus.sentences("en")[i : i + 3]) for i in range(0, 72, 3))
    # Cancel once the model is loaded and decoding has begun: on the worker thread, as it
    # relays the first progress event, so the cancel is sent before it reads the next one.
    # (Cancelled from the GUI thread, after ``progressed`` came through the event queue, a
    # short translation could end first whenever the GUI thread lagged a moment.)
    under_way = threading.Event()

    def cancel_when_under_way(task_id: int, event: object) -> None:
        if isinstance(event, Progress) and not under_way.is_set():
            under_way.set()
            runner._jobs[task_id].cancel()  # a token: safe from any thread

    direct = Qt.ConnectionType.DirectConnection
    runner._engine_lane.worker.reported.connect(cancel_when_under_way, direct)
    job = runner.submit(TranslateRequest(text=text, source="en", target="de"))
    seen = record(job)
    with qtbot.waitSignal(job.cancelled, timeout=WAIT_MS):
        pass
    assert under_way.is_set()
    names = [name for name, _, _ in seen]
    assert "finished" not in names and "failed" not in names
    assert job.state is State.CANCELLED
    assert not runner.busy


def test_a_queued_job_cancelled_before_it_starts_never_runs(
    qtbot: QtBot, runner: JobRunner
) -> None:
    gate = threading.Event()
    ran: list[str] = []

    def blocker(_engine: Engine, _report: Any, _cancel: CancelToken) -> str:
        gate.wait(WAIT_MS / 1000)
        return "first"

    def second(_engine: Engine, _report: Any, _cancel: CancelToken) -> str:
        ran.append("second")
        return "second"

    first_job = runner.call(blocker)
    queued = runner.call(second)
    with qtbot.waitSignal(queued.cancelled, timeout=1000):
        runner.cancel(queued)
    gate.set()
    with qtbot.waitSignal(first_job.finished, timeout=WAIT_MS):
        pass
    assert ran == [] and queued.state is State.CANCELLED


def test_the_latest_request_with_a_key_wins(qtbot: QtBot, runner: JobRunner) -> None:
    started = threading.Event()

    def slow(_engine: Engine, _report: Any, cancel: CancelToken) -> str:
        started.set()
        while True:  # like a decoder: check the token between steps
            cancel.check()
            threading.Event().wait(0.005)

    def quick(text: str) -> Any:
        return lambda _e, _r, _c: text

    first = runner.call(slow, key="live")
    assert started.wait(WAIT_MS / 1000)
    second = runner.call(quick("second"), key="live")
    ended: list[str] = []
    second.cancelled.connect(lambda: ended.append("second cancelled"))
    first.cancelled.connect(lambda: ended.append("first cancelled"))
    third = runner.call(quick("third"), key="live")  # a queued job is dropped at once
    assert ended == ["second cancelled"]
    with qtbot.waitSignal(third.finished, timeout=WAIT_MS):
        pass
    assert ended == ["second cancelled", "first cancelled"]
    assert third.result == "third"
    assert [first.state, second.state] == [State.CANCELLED, State.CANCELLED]


def test_a_failing_job_reports_its_error(qtbot: QtBot, runner: JobRunner) -> None:
    job = runner.submit(EmbedRequest(texts=()))  # empty input: the engine's InputError
    with qtbot.waitSignal(job.failed, timeout=WAIT_MS) as blocker:
        pass
    error = blocker.args[0] if blocker.args else None
    assert isinstance(error, InputError)
    assert job.state is State.FAILED

    def crash(_engine: Engine, _report: Any, _cancel: CancelToken) -> None:
        raise ZeroDivisionError("boom")

    crashed = runner.call(crash)
    with qtbot.waitSignal(crashed.failed, timeout=WAIT_MS) as blocker:
        pass
    assert isinstance(blocker.args[0] if blocker.args else None, ZeroDivisionError)
    # The worker survives a crash and runs the next job.
    after = runner.call(lambda _e, _r, _c: 42)
    with qtbot.waitSignal(after.finished, timeout=WAIT_MS) as blocker:
        pass
    assert blocker.args == [42]


def test_progress_is_coalesced_and_the_last_event_arrives(qtbot: QtBot, runner: JobRunner) -> None:
    total = 5000

    def chatty(_engine: Engine, report: Any, _cancel: CancelToken) -> int:
        for i in range(total):
            event: Event = Progress("translating", i + 1, total)
            report(event)
        return total

    job = runner.call(chatty)
    events: list[Progress] = []
    job.progressed.connect(events.append)
    with qtbot.waitSignal(job.finished, timeout=WAIT_MS):
        pass
    assert events, "at least the last progress event arrives"
    assert events[-1].done == total
    assert len(events) < total  # not one queued signal per engine event
    assert COALESCE_S > 0


def test_busy_changes_once_per_burst(qtbot: QtBot, runner: JobRunner) -> None:
    states: list[bool] = []
    runner.busy_changed.connect(states.append)

    def constant(n: int) -> Any:
        return lambda _engine, _report, _cancel: n

    jobs = [runner.call(constant(n)) for n in range(3)]
    with qtbot.waitSignal(jobs[-1].finished, timeout=WAIT_MS):
        pass
    assert states == [True, False]


def test_downloads_and_the_catalogs_store_work_have_lanes_of_their_own() -> None:
    """A download (minutes of network) runs beside the engine's jobs, and the catalog's quick
    work (searching, discarding what a stopped download kept) beside both. Removing an
    installed model waits for the engine, which may be using it."""
    assert lane_of(DownloadRequest(model="opus-mt-en-de")) == DOWNLOADS
    assert lane_of(RemoveModelRequest(name="opus-mt-en-de", partial_only=True)) == STORE
    assert lane_of(CatalogRequest(text="en-de")) == STORE
    assert lane_of(RemoveModelRequest(name="opus-mt-en-de")) == ENGINE
    # (reading a file's text loads no model: it need not wait behind a translation)
    assert lane_of(ReadFileRequest(path=Path("a.txt"))) == READS
    assert lane_of(TranslateRequest(text="Hi.", source="en", target="de")) == ENGINE
    assert lane_of(None) == ENGINE  # a function of the in-process engine (tests)


def test_a_job_dispatched_while_the_worker_is_busy_still_ends_when_the_app_quits(
    qtbot: QtBot, runner: JobRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An idle downloads lane stops its process (the worker is busy a moment). A download
    submitted then and the app quitting at once: the thread's loop was told to quit while the
    worker was busy, so it never ran the download's dispatch, and the job stayed queued for
    good, without any end."""
    stopping, release, closing = threading.Event(), threading.Event(), threading.Event()
    stop = EngineProcess.stop

    def slow_stop(process: EngineProcess) -> None:
        stopping.set()
        release.wait(WAIT_MS / 1000)
        stop(process)

    monkeypatch.setattr(EngineProcess, "stop", slow_stop)
    first = runner.submit(DownloadRequest(model="nothing-here"))  # (offline: fails at once)
    with qtbot.waitSignal(first.failed, timeout=WAIT_MS):
        pass
    assert stopping.wait(WAIT_MS / 1000)  # the lane fell idle: its worker is stopping
    download = runner.submit(DownloadRequest(model="nothing-here"))
    lane = runner._lane(DOWNLOADS)
    lane.close.connect(closing.set, Qt.ConnectionType.DirectConnection)

    # The worker goes on only once the runner has asked it to close (from another thread:
    # shutdown blocks this one).
    def go_on_once_closing() -> None:
        closing.wait(WAIT_MS / 1000)
        release.set()

    threading.Thread(target=go_on_once_closing).start()
    runner.shutdown()
    assert download.done and download.state is State.CANCELLED
    assert not lane.qthread.isRunning()


def test_the_store_lanes_process_lingers_between_searches_then_goes(
    qtbot: QtBot, runner: JobRunner
) -> None:
    """Searches come in bursts (typing): the store lane keeps its process for the next one,
    the wait starting over with each, and lets it go once the wait runs out."""
    first = runner.submit(CatalogRequest(text="en-de"), label="catalog", key="catalog")
    with qtbot.waitSignal(first.finished, timeout=WAIT_MS):
        pass
    lane = runner._lane(STORE)
    pid = runner.lane_pid(STORE)
    assert pid is not None and lane.idle.isActive() and lane.idle.interval() == lane.linger_ms
    again = runner.submit(CatalogRequest(text="en"), label="catalog", key="catalog")
    assert not lane.idle.isActive()  # a job runs: no wait
    with qtbot.waitSignal(again.finished, timeout=WAIT_MS):
        pass
    assert runner.lane_pid(STORE) == pid and lane.idle.isActive()  # the same process, waiting
    lane.idle.stop()
    lane.idle.timeout.emit()  # the wait runs out
    qtbot.waitUntil(lambda: runner.lane_pid(STORE) is None, timeout=WAIT_MS)
    third = runner.submit(CatalogRequest(text="de"), label="catalog", key="catalog")
    with qtbot.waitSignal(third.finished, timeout=WAIT_MS):
        pass
    assert runner.lane_pid(STORE) not in (None, pid) and lane.idle.isActive()
    runner.shutdown()  # during a wait: it ends, and the process with it
    assert not lane.idle.isActive() and runner.lane_pid(STORE) is None


def test_a_file_written_before_the_cancel_was_seen_counts_as_done(
    qtbot: QtBot, runner: JobRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cancel pressed while the engine wrote the last file: the row said "Cancelled" though
    the file was there and its progress journal gone, and Retry translated it all again into
    "NAME (2)". A text job that answers after a cancel still counts as cancelled."""
    from engine.api import TranslateDocumentRequest

    def answers_as_the_cancel_comes(
        _process: EngineProcess, request: object, _report: Any, cancel: CancelToken
    ) -> object:
        cancel.cancel()  # pressed while the engine finished: it answers all the same
        return ("written", request)

    monkeypatch.setattr(EngineProcess, "run", answers_as_the_cancel_comes)
    document = TranslateDocumentRequest(input=tmp_path / "a.docx", output=tmp_path / "a.de.docx")
    written = runner.submit(document)
    with qtbot.waitSignal(written.finished, timeout=WAIT_MS) as done:
        pass
    assert done.args == [("written", document)] and written.state is State.FINISHED
    text = runner.submit(TranslateRequest(text="Hello.", source="en", target="de"))
    with qtbot.waitSignal(text.cancelled, timeout=WAIT_MS):
        pass
    assert text.state is State.CANCELLED
