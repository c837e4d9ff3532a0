"""One engine, a bounded queue: jobs run one at a time, in turns, off the event loop. A job
that calls the engine several times (a batch's texts, a page's paragraphs, a document's
batches) gives its turn to the jobs waiting before each call but its first and waits for its
next, so a long batch holds no other client up until it ends. A full queue refuses a job at
once (the HTTP layer answers 429) instead of letting waits grow without bound; a cancelled
job is skipped or stopped through the engine's token. The queue is bounded in jobs and in the
bytes they wait with: a page translator sends a page's paragraphs at once, many small jobs,
where a few huge bodies would fill memory."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import math
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from engine.api import Event
from engine.engine import Engine
from engine.errors import Cancelled, EngineError
from engine.options import CancelToken

log = logging.getLogger("quire.server")

Report = Callable[[Event], None]


class EngineLike(Protocol):
    """What jobs use of the engine (tests put a controllable engine behind it)."""

    def run(
        self, request: Any, report: Report | None = None, cancel: CancelToken | None = None
    ) -> Any: ...


Work = Callable[[Any, Report, CancelToken], Any]


class Busy(Exception):
    """The queue is full. ``retry_after`` is a guess, in whole seconds, of when it has room."""

    def __init__(self, retry_after: int) -> None:
        super().__init__("The engine is busy")
        self.retry_after = retry_after


_ids = itertools.count(1)


@dataclass(eq=False)
class Job:
    """One piece of work: its token, and on the event loop its outcome and its events."""

    kind: str
    work: Work
    loop: asyncio.AbstractEventLoop
    id: str = field(default_factory=lambda: f"job-{next(_ids)}")
    cancel: CancelToken = field(default_factory=CancelToken)
    state: str = "queued"  # queued → running → done | failed | cancelled
    size: int = 0  # bytes of the request it holds while it waits
    # Who may see and cancel it on /v1/jobs: a digest of the API key it came with (never the
    # key itself), or None on a server without keys.
    owner: str | None = None
    outcome: asyncio.Future[Any] = field(init=False)
    events: asyncio.Queue[Event] = field(init=False)
    # Set when the job, having given its turn up, has it again.
    resumed: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        self.outcome = self.loop.create_future()
        self.events = asyncio.Queue()


class EngineWorker:
    def __init__(
        self,
        engine: Callable[[], EngineLike],
        queue_size: int,
        guard: contextlib.AbstractContextManager[Any] | None = None,
        queue_bytes: int | None = None,
    ) -> None:
        """``guard`` is held while a job has its turn: an engine shared with another worker
        (the app's, in the engine process) runs one job at a time. ``queue_bytes``: the sizes
        of the waiting jobs' requests that a job may not take the sum beyond (one job alone
        always may: the body limit bounds it)."""
        self._make_engine = engine
        self._guard = guard if guard is not None else contextlib.nullcontext()
        self._engine: EngineLike | None = None
        # The jobs waiting for a turn, in order: new ones, and those that gave theirs up (a
        # started job runs on a thread of its own, which waits there for its next turn).
        self._line: queue.SimpleQueue[Job | None] = queue.SimpleQueue()
        self._queue_size = queue_size
        self._new = 0  # new jobs in the line: what the queue's size bounds
        self._thread = threading.Thread(target=self._loop, name="quire-api-engine", daemon=True)
        self._lock = threading.Lock()
        self._handed_back = threading.Event()  # the job that had the turn ended or gave it up
        self._started: set[Job] = set()  # begun and not ended: running, or waiting for a turn
        self._seconds = 1.0  # running mean of job time, for Retry-After
        self._closed = False
        self._queue_bytes = queue_bytes
        self._waiting = 0  # bytes of the queued jobs' requests

    def start(self) -> None:
        self._thread.start()

    def submit(self, kind: str, work: Work, loop: asyncio.AbstractEventLoop, size: int = 0) -> Job:
        job = Job(kind, work, loop, size=size)
        with self._lock:
            if self._closed:
                raise Busy(5)
            limit = self._queue_bytes
            if limit is not None and self._waiting and self._waiting + size > limit:
                raise Busy(self.retry_after())
            if self._new >= self._queue_size:
                raise Busy(self.retry_after())
            self._new += 1
            self._waiting += size
            self._line.put(job)
        return job

    def retry_after(self) -> int:
        return max(1, math.ceil(self._seconds * (self._new + 1)))

    def queued(self) -> int:
        return self._new

    def stop(self, timeout: float = 10.0) -> None:
        """Cancel what waits and what runs, then end the thread once the jobs begun stop."""
        with self._lock:
            self._closed = True
            waiting: list[Job | None] = []
            with contextlib.suppress(queue.Empty):
                while True:
                    waiting.append(self._line.get_nowait())
            for job in waiting:
                if job is not None and job.state == "queued":
                    self._taken(job)
                    job.cancel.cancel()
                    _settle(job, "cancelled", Cancelled())
                elif job is not None:  # (begun: it ends at its turn, cancelled below)
                    self._line.put(job)
            begun = list(self._started)
            self._line.put(None)  # (after every job: one giving its turn up now is refused)
        for job in begun:
            job.cancel.cancel()
        if self._thread.is_alive():
            self._thread.join(timeout)
        if self._engine is not None and isinstance(self._engine, Engine):
            self._engine.unload()

    def _taken(self, job: Job) -> None:
        """``job`` leaves the line for its first turn (the lock held)."""
        self._new -= 1
        self._waiting -= job.size

    def _loop(self) -> None:
        while True:
            job = self._line.get()
            if job is None:
                return
            if job.state == "queued":
                with self._lock:
                    self._taken(job)
                    if not job.cancel.cancelled:
                        self._started.add(job)
                if job.cancel.cancelled:
                    _settle(job, "cancelled", Cancelled())
                    continue
                job.state = "running"
                name = f"quire-api-{job.id}"
                threading.Thread(target=self._run, args=(job,), name=name, daemon=True).start()
            else:
                job.resumed.set()
            self._handed_back.wait()  # (only the job with the turn sets it)
            self._handed_back.clear()

    def _run(self, job: Job) -> None:
        """The job, on its own thread: its work, then its outcome settled and the turn
        handed back."""
        started = time.monotonic()
        self._guard.__enter__()
        try:
            if self._engine is None:
                self._engine = self._make_engine()
            job.cancel.check()  # it may have been cancelled while the engine was busy
            engine = _InTurns(self._engine, lambda: self._give_turn(job))
            result = job.work(engine, _reporter(job), job.cancel)
        except Cancelled as exc:
            _settle(job, "cancelled", exc)
        except EngineError as exc:
            _settle(job, "failed", exc)
        except Exception as exc:  # a bug: answered as a 500, never fatal to the worker
            log.error("job %s (%s) failed: %s", job.id, job.kind, type(exc).__name__)
            _settle(job, "failed", exc)
        else:
            _settle(job, "done", result)
        finally:
            self._guard.__exit__(None, None, None)
            self._seconds = 0.8 * self._seconds + 0.2 * (time.monotonic() - started)
            with self._lock:
                self._started.discard(job)
            self._handed_back.set()

    def _give_turn(self, job: Job) -> None:
        """Between two of ``job``'s engine calls: the jobs waiting have their turns, then it
        goes on (at once where none waits). Raises ``Cancelled`` where it was cancelled."""
        job.cancel.check()
        with self._lock:
            if self._line.empty():
                return
            if self._closed:
                raise Cancelled()
            job.resumed.clear()
            self._line.put(job)
        self._guard.__exit__(None, None, None)
        self._handed_back.set()
        job.resumed.wait()
        self._guard.__enter__()
        job.cancel.check()


class _InTurns:
    """The engine as a job's work sees it: each call but the first lets the jobs waiting run
    first (``give_turn``), between the job's calls, never inside one: the engine's own lock is
    free there (``Engine.run`` holds it), and so is the guard."""

    def __init__(self, engine: EngineLike, give_turn: Callable[[], None]) -> None:
        self._engine = engine
        self._give_turn = give_turn
        self._called = False

    def run(
        self, request: Any, report: Report | None = None, cancel: CancelToken | None = None
    ) -> Any:
        if self._called:
            self._give_turn()
        self._called = True
        return self._engine.run(request, report, cancel)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._engine, name)


def _reporter(job: Job) -> Report:
    def report(event: Event) -> None:
        _call(job, job.events.put_nowait, event)

    return report


def _settle(job: Job, state: str, outcome: Any) -> None:
    def settle() -> None:
        job.state = state
        if job.outcome.done():
            return
        if isinstance(outcome, BaseException):
            job.outcome.set_exception(outcome)
        else:
            job.outcome.set_result(outcome)

    _call(job, settle)


def _call(job: Job, fn: Callable[..., None], *args: Any) -> None:
    # A closed loop: the server stopped and nobody waits for this any more.
    with contextlib.suppress(RuntimeError):
        job.loop.call_soon_threadsafe(fn, *args)
