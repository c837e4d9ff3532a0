"""The one way to run engine work off the GUI thread: worker threads hand requests to engine
processes and wait for their ends there.

Requests run in the engine's own process (``engine.EngineProcess``), started with the runner
and kept warm: loaded models live there, and a crash or a stall there ends a job, not the app.
Every job the app starts is a request. ``call`` (a function of an in-process ``Engine``, run
on the worker thread) remains for the runner's own tests, which need jobs they control; no
window code uses it.

Jobs run in lanes, each a worker thread with an engine process of its own, one job at a time
and in order, so nothing needs a lock:

    ENGINE     everything that loads or uses models (the warm process above)
    DOWNLOADS  downloads: minutes of network that must not hold up a translation. Its
               process starts with its first job and ends when the lane falls idle (it
               holds no model).
    STORE      the catalog's searches and discarding a partial download (``lane_of``):
               quick, and not to wait behind a translation or a download. Its process
               stays ``STORE_LINGER_MS`` after its last job (searches come in bursts).
    READS      a file's text read into a pane (a text file decoded, a document's text
               extracted): no model is loaded for it, so it need not wait behind a
               translation; a 45-byte .txt waited minutes behind a file of the Files queue
               (an outside review). Its process lingers as the store lane's does.

The lanes' processes all work on the one model store; its locks keep a discard from a
download of the same model.

A job gets a ``Job`` whose signals all arrive on the GUI thread through queued connections:

    Job.started()            the worker picked the job up
    Job.progressed(object)   any other ``engine.api`` event: ModelLoading | ModelLoaded |
                             Progress | Note | LabelsScored
    Job.partial(str)         the output so far (``engine.api.PartialText.text``)
    Job.finished(object)     the result: an ``engine.api`` Result for requests, else what the
                             submitted function returned
    Job.failed(object)       the exception: an ``EngineError``, or anything a job function raised
    Job.cancelled()          the job's ``CancelToken`` was set before or while it ran

Exactly one of finished / failed / cancelled ends every job. Progress and partial text are
coalesced on the worker (at most one of each per ``COALESCE_S``) so a fast decoder cannot flood
the GUI's event queue. Jobs submitted with the same ``key`` replace each other: submitting
cancels the earlier ones (as-you-type translation: the latest request wins).
"""

from __future__ import annotations

import contextlib
import time
import warnings
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QThread, QTimer, Signal, Slot

from engine import (
    Cancelled,
    CancelToken,
    CatalogRequest,
    ClassifyCsvRequest,
    DownloadRequest,
    EngineOptions,
    EngineProcess,
    Event,
    ModelLoaded,
    ModelUsed,
    PartialText,
    Progress,
    ReadFileRequest,
    RemoveModelRequest,
    Request,
    TranslateDocumentRequest,
)

if TYPE_CHECKING:
    from engine import Engine

Report = Callable[[Event], None]
# The in-process Engine (and the task layer under it) loads only when a ``call`` first runs:
# the app's own jobs all go to the engine process.
Work = Callable[["Engine", Report, CancelToken], Any]

COALESCE_S = 0.05  # at most 20 progress / partial-text updates a second reach the GUI

ENGINE = "engine"
DOWNLOADS = "downloads"
STORE = "store"
STORE_LINGER_MS = 60_000  # an idle store lane's process stays this long for the next search
READS = "reads"
# The label of a Files queue's job (a pane's job waiting behind one says so).
QUEUED_FILE = "document"
# Jobs whose result is a file written: once the engine has answered, the file is there.
WRITES_FILES = (TranslateDocumentRequest, ClassifyCsvRequest)


def lane_of(request: Request | None) -> str:
    """The lane a job runs in: downloads, the catalog's quick store work and reading a file
    into a pane, each beside the engine's jobs; everything else (what loads models, or removes
    one the engine may hold) in the engine's lane."""
    if isinstance(request, DownloadRequest):
        return DOWNLOADS
    if isinstance(request, ReadFileRequest):
        return READS
    if isinstance(request, CatalogRequest):
        return STORE
    if isinstance(request, RemoveModelRequest) and request.partial_only:
        return STORE
    return ENGINE


class State(Enum):
    QUEUED = "queued"
    RUNNING = "running"
    FINISHED = "finished"
    FAILED = "failed"
    CANCELLED = "cancelled"


class Job(QObject):
    """One unit of work and its signals (see the module docstring for the payload types)."""

    started = Signal()
    progressed = Signal(object)  # an engine.api Event other than PartialText
    partial = Signal(str)
    finished = Signal(object)  # Result, or the work function's return value
    failed = Signal(object)  # BaseException
    cancelled = Signal()

    def __init__(
        self, number: int, work: Work | None, label: str, key: str | None, lane: str = ENGINE
    ) -> None:
        super().__init__()
        self.id = number
        self.work = work
        self.label = label
        self.key = key
        self.lane = lane
        self.token = CancelToken()
        self.state = State.QUEUED
        self.submitted = time.monotonic()
        self.began: float | None = None
        self.ended: float | None = None
        self.model: ModelUsed | None = None  # what ran it, once known
        self.request: Request | None = None  # what ``submit`` was given
        # Who asked for it and the file it is about, for a job waiting behind it to name it
        # ("Waiting for Classify to finish reading report.pdf"): set by the submitter.
        self.owner = ""
        self.file = ""
        self.load_seconds = 0.0  # time spent loading models, part of ``seconds``
        self.result: Any = None
        self.error: BaseException | None = None

    @property
    def done(self) -> bool:
        return self.state in (State.FINISHED, State.FAILED, State.CANCELLED)

    @property
    def seconds(self) -> float | None:
        """Time on the worker (model loading included), once the job has ended."""
        if self.began is None or self.ended is None:
            return None
        return self.ended - self.began

    def cancel(self) -> None:
        """Ask the job to stop. A queued job is dropped by the runner; a running one stops at
        the engine's next check (between segments and decoder steps)."""
        self.token.cancel()


def _let_go(job: Job) -> None:
    """Disconnect everything from an ended job's signals. The panes and the window connect
    lambdas that hold the job to its own signals; PySide keeps a connected lambda alive from
    C++, where Python's collector cannot see the loop, so every job stayed in memory with its
    input and result (a week of typing with live translation: hundreds of MB)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # ("Failed to disconnect": none was)
        for signal in (
            job.started,
            job.progressed,
            job.partial,
            job.finished,
            job.failed,
            job.cancelled,
        ):
            with contextlib.suppress(RuntimeError, SystemError):
                signal.disconnect()


@dataclass(frozen=True)
class _Task:
    """What the worker gets: plain data, so the worker never touches a GUI-thread object.
    A request goes to the engine process; a function runs on the worker."""

    id: int
    request: Request | None
    work: Work | None
    token: CancelToken


class _Outcome(Enum):
    FINISHED = 1
    FAILED = 2
    CANCELLED = 3


class _Coalescer:
    """The ``report`` callback handed to the engine: passes model events through at once and
    keeps only the newest progress and partial text until ``COALESCE_S`` has passed."""

    def __init__(self, task_id: int, emit: Callable[[int, object], None]) -> None:
        self._id = task_id
        self._emit = emit
        self._pending: dict[type, Event] = {}
        self._last: dict[type, float] = {}

    def __call__(self, event: Event) -> None:
        kind = type(event)
        if kind not in (Progress, PartialText):
            self._emit(self._id, event)
            return
        now = time.monotonic()
        if now - self._last.get(kind, 0.0) >= COALESCE_S:
            self._pending.pop(kind, None)
            self._last[kind] = now
            self._emit(self._id, event)
        else:
            self._pending[kind] = event

    def flush(self) -> None:
        for event in self._pending.values():
            self._emit(self._id, event)
        self._pending.clear()


class _Worker(QObject):
    """Lives on the worker thread. Owns the engine process and an in-process Engine for
    functions; the Engine is created lazily there so that nothing it makes (sessions, caches)
    is ever touched from the GUI thread."""

    began = Signal(int)  # task id
    reported = Signal(int, object)  # task id, Event
    ended = Signal(int, object, object)  # task id, _Outcome, result or exception

    def __init__(self, options: EngineOptions, *, warm: bool = True) -> None:
        super().__init__()
        self._options = options
        self._engine: Engine | None = None
        self._process = EngineProcess(options, warm=warm)

    @property
    def engine_pid(self) -> int | None:
        return self._process.pid

    @property
    def process(self) -> EngineProcess:
        return self._process

    @Slot()
    def start(self) -> None:
        """Start the engine process; its imports run there while the window comes up."""
        self._process.start()

    @Slot(object)
    def execute(self, task: _Task) -> None:
        if task.token.cancelled:
            self.ended.emit(task.id, _Outcome.CANCELLED, None)
            return
        self.began.emit(task.id)
        report = _Coalescer(task.id, self.reported.emit)
        try:
            if task.request is not None:
                value = self._process.run(task.request, report, task.token)
            else:
                assert task.work is not None
                if self._engine is None:
                    from engine import Engine

                    self._engine = Engine(self._options)
                value = task.work(self._engine, report, task.token)
            # A job that ignored its token still counts as cancelled: the user asked. Not one
            # that wrote its file before it saw the cancel: the file is there, and done (its
            # progress journal is gone with the rest of the job).
            if not isinstance(task.request, WRITES_FILES):
                task.token.check()
        except Cancelled:
            report.flush()
            self.ended.emit(task.id, _Outcome.CANCELLED, None)
            return
        except BaseException as exc:
            report.flush()
            self.ended.emit(task.id, _Outcome.FAILED, exc)
            return
        report.flush()
        self.ended.emit(task.id, _Outcome.FINISHED, value)

    @Slot(object)
    def configure(self, options: EngineOptions) -> None:
        """New options: free the loaded models; the next job makes a new Engine."""
        if self._engine is not None:
            self._engine.unload()
        self._engine = None
        self._options = options
        self._process.configure(options)

    @Slot()
    def unload(self) -> None:
        """Free every loaded model: the engine process is replaced, so its memory goes back to
        the system (freeing inside a process seldom shrinks it)."""
        if self._engine is not None:
            self._engine.unload()
        self._engine = None
        self._process.restart()

    @Slot()
    def stop(self) -> None:
        """End the engine process until the next job (an idle lane holds no memory)."""
        self._process.stop()

    @Slot()
    def close(self) -> None:
        """The last thing asked of the worker: end the process, then the thread's event loop,
        after whatever was queued before (a job dispatched while the worker was busy
        still gets its end)."""
        if self._engine is not None:
            self._engine.unload()
        self._engine = None
        self._process.close()
        thread = QThread.currentThread()
        if thread is not None:
            thread.quit()


class _Lane(QObject):
    """One worker thread, its engine process and its queue; lives on the GUI thread and talks
    to its worker only through queued signals."""

    dispatch = Signal(object)  # _Task, to the worker
    configure = Signal(object)  # EngineOptions, to the worker
    start = Signal()
    stop = Signal()
    unload = Signal()
    close = Signal()

    def __init__(self, name: str, options: EngineOptions, runner: JobRunner) -> None:
        super().__init__()
        self.name = name
        self.qthread = QThread()
        self.qthread.setObjectName(f"quire-{name}")
        # Only the engine's lane loads models: the others' processes skip their imports.
        self.worker = _Worker(options, warm=name == ENGINE)
        self.worker.moveToThread(self.qthread)
        queued = Qt.ConnectionType.QueuedConnection
        self.dispatch.connect(self.worker.execute, queued)
        self.configure.connect(self.worker.configure, queued)
        self.start.connect(self.worker.start, queued)
        self.stop.connect(self.worker.stop, queued)
        self.unload.connect(self.worker.unload, queued)
        self.close.connect(self.worker.close, queued)
        self.worker.began.connect(runner._on_began, queued)
        self.worker.reported.connect(runner._on_reported, queued)
        self.worker.ended.connect(runner._on_ended, queued)
        self.qthread.finished.connect(self.worker.deleteLater)
        self.queue: deque[Job] = deque()
        self.running: Job | None = None
        # How long an idle lane keeps its process: the engine's for good, the others not.
        self.linger_ms: int | None = {
            ENGINE: None,
            STORE: STORE_LINGER_MS,
            READS: STORE_LINGER_MS,
        }.get(name, 0)
        self.idle = QTimer(self)
        self.idle.setSingleShot(True)
        self.idle.timeout.connect(self.stop.emit)
        self.qthread.start()

    def fell_idle(self) -> None:
        """No job left: the process goes now, or after ``linger_ms`` unless a job comes."""
        if self.linger_ms == 0:
            self.stop.emit()
        elif self.linger_ms is not None:
            self.idle.start(self.linger_ms)

    @property
    def busy(self) -> bool:
        return self.running is not None or bool(self.queue)


class JobRunner(QObject):
    """Submits jobs to their lane's worker (``lane_of``), one at a time per lane, in order;
    re-emits their life on the GUI thread. ``job_started`` / ``job_ended`` carry the ``Job``
    (for the status bar)."""

    job_started = Signal(object)  # Job
    job_ended = Signal(object)  # Job, after its own finished / failed / cancelled
    busy_changed = Signal(bool)

    def __init__(self, options: EngineOptions, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.options = options
        self._lanes: dict[str, _Lane] = {}
        self._jobs: dict[int, Job] = {}
        self._next = 1
        self._closed = False
        self._was_busy = False
        # On the worker: even starting a process (fork, exec) is time the window should not wait.
        self._lane(ENGINE).start.emit()

    def _lane(self, name: str) -> _Lane:
        """The lane called ``name``, started the first time it is needed."""
        lane = self._lanes.get(name)
        if lane is None:
            lane = self._lanes[name] = _Lane(name, self.options, self)
        return lane

    @property
    def _engine_lane(self) -> _Lane:
        return self._lane(ENGINE)

    # --- submitting -----------------------------------------------------------------------

    def submit(self, request: Request, *, label: str = "", key: str | None = None) -> Job:
        """Run ``request`` in the engine process. If the process dies, the job fails with
        ``EngineStopped`` and the next job starts a fresh one."""
        return self._add(None, request, label or type(request).__name__, key)

    def call(self, work: Work, *, label: str = "", key: str | None = None) -> Job:
        """Run ``work(engine, report, cancel)`` on the worker (imports, removals, doctor)."""
        return self._add(work, None, label, key)

    def _add(self, work: Work | None, request: Request | None, label: str, key: str | None) -> Job:
        if self._closed:
            raise RuntimeError("The job runner is shut down")
        earlier = self.jobs(key) if key is not None else []
        job = Job(self._next, work, label, key, lane_of(request))
        job.request = request
        self._next += 1
        self._jobs[job.id] = job
        lane = self._lane(job.lane)
        lane.queue.append(job)
        for old in earlier:
            self.cancel(old)
        self._pump(lane)
        self._update_busy()
        return job

    def cancel(self, job: Job) -> None:
        """Cancel one job: a queued one ends now (``cancelled`` is emitted before this returns),
        a running one when the engine next checks its token."""
        job.cancel()
        lane = self._lanes.get(job.lane)
        if job.state is State.QUEUED and lane is not None and job in lane.queue:
            lane.queue.remove(job)
            self._end(job, _Outcome.CANCELLED, None)

    def cancel_all(self) -> None:
        for job in self.jobs():
            self.cancel(job)

    def jobs(self, key: str | None = None) -> list[Job]:
        """Jobs not yet ended (each lane's running one first), optionally only those with
        ``key``."""
        live = [
            job
            for lane in self._lanes.values()
            for job in [*([lane.running] if lane.running else []), *lane.queue]
        ]
        return [j for j in live if key is None or j.key == key]

    @property
    def busy(self) -> bool:
        """A job runs or waits, in any lane."""
        return any(lane.busy for lane in self._lanes.values())

    @property
    def engine_busy(self) -> bool:
        """A job runs or waits in the engine's lane (one submitted now would wait for it)."""
        return self._engine_lane.busy

    def ahead(self, job: Job) -> list[Job]:
        """The jobs ``job`` waits for in its lane: the running one, then those queued first."""
        lane = self._lanes.get(job.lane)
        if lane is None or job not in lane.queue:
            return []
        queued = list(lane.queue)
        return [*([lane.running] if lane.running else []), *queued[: queued.index(job)]]

    def configure(self, options: EngineOptions) -> None:
        """Use new engine options from the next job on (loaded models are freed)."""
        if options != self.options:
            self.options = options
            for lane in self._lanes.values():
                lane.configure.emit(options)

    def unload_models(self) -> None:
        """Free every loaded model and return its memory, once the running job has ended
        (the engine process is restarted)."""
        if not self._closed:
            self._engine_lane.unload.emit()

    @property
    def engine_pid(self) -> int | None:
        """The engine process's id while it runs (status and tests)."""
        return self._engine_lane.worker.engine_pid

    def lane_pid(self, name: str) -> int | None:
        """The process id of lane ``name``'s engine process while it runs (tests)."""
        lane = self._lanes.get(name)
        return None if lane is None else lane.worker.engine_pid

    def engine_process(self) -> EngineProcess:
        """The engine process, for the local API's switch (``serve_api``/``stop_api`` may be
        called from any thread; jobs go through ``submit``)."""
        return self._engine_lane.worker.process

    @property
    def closed(self) -> bool:
        """Shut down: it takes no more work (a late timer or signal must not submit any)."""
        return self._closed

    def shutdown(self, timeout_ms: int = 30_000) -> None:
        """Cancel everything, free the models and stop the thread. Safe to call twice."""
        if self._closed:
            return
        self._closed = True
        self.cancel_all()
        lanes = list(self._lanes.values())
        for lane in lanes:
            lane.idle.stop()
            if lane.running is not None and lane.running.request is not None:
                # The app is leaving: a job in an engine process is not waited for (a child
                # still importing would answer only when done); ending the child ends it at
                # once (a download keeps what it has, for the next time).
                lane.worker.process.abort()
            # The worker quits its own loop once this is handled: a job dispatched before it
            # (cancelled above) still ends as cancelled instead of never.
            lane.close.emit()
        deadline = time.monotonic() + timeout_ms / 1000
        for lane in lanes:
            if not lane.qthread.wait(max(0, int(1000 * (deadline - time.monotonic())))):
                lane.qthread.quit()  # a job that would not stop: the loop ends after it
        # The workers' last answers (a job's end) are queued for this thread: take them now.
        QCoreApplication.sendPostedEvents(self, QEvent.Type.MetaCall)
        for lane in lanes:
            # Whatever the workers could not answer in time ends here, as cancelled: every
            # job gets exactly one end.
            job = lane.running
            if job is not None and not job.done:
                lane.running = None
                self._end(job, _Outcome.CANCELLED, None)

    # --- the workers' reports, on the GUI thread --------------------------------------------

    def _pump(self, lane: _Lane) -> None:
        if lane.running is not None or self._closed:
            return
        if not lane.queue:
            lane.fell_idle()
            return
        lane.idle.stop()
        job = lane.queue.popleft()
        lane.running = job
        lane.dispatch.emit(_Task(job.id, job.request, job.work, job.token))

    @Slot(int)
    def _on_began(self, task_id: int) -> None:
        job = self._jobs.get(task_id)
        if job is None:
            return
        job.state = State.RUNNING
        job.began = time.monotonic()
        job.started.emit()
        self.job_started.emit(job)

    @Slot(int, object)
    def _on_reported(self, task_id: int, event: object) -> None:
        job = self._jobs.get(task_id)
        if job is None or job.done:
            return
        if isinstance(event, PartialText):
            job.partial.emit(event.text)
            return
        if isinstance(event, ModelLoaded):
            job.model = event.model
            job.load_seconds += event.seconds
        job.progressed.emit(event)

    @Slot(int, object, object)
    def _on_ended(self, task_id: int, outcome: _Outcome, payload: object) -> None:
        job = self._jobs.get(task_id)
        if job is None:
            return
        lane = self._lane(job.lane)
        if lane.running is job:
            lane.running = None
        self._end(job, outcome, payload)
        self._pump(lane)

    def _end(self, job: Job, outcome: _Outcome, payload: object) -> None:
        self._jobs.pop(job.id, None)
        job.ended = time.monotonic()
        if job.began is None:
            job.began = job.ended
        if outcome is _Outcome.FINISHED:
            job.state = State.FINISHED
            job.result = payload
            used = getattr(payload, "model", None)
            if isinstance(used, ModelUsed):
                job.model = used
            job.finished.emit(payload)
        elif outcome is _Outcome.FAILED:
            job.state = State.FAILED
            assert isinstance(payload, BaseException)
            job.error = payload
            job.failed.emit(payload)
        else:
            job.state = State.CANCELLED
            job.cancelled.emit()
        self.job_ended.emit(job)
        _let_go(job)
        self._update_busy()

    def _update_busy(self) -> None:
        if self.busy != self._was_busy:
            self._was_busy = self.busy
            self.busy_changed.emit(self._was_busy)
