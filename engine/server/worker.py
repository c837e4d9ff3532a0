"""One engine, a bounded queue: jobs run one at a time, in turns, off the event loop. Each job
runs on a thread of its own and holds the engine only while it has its turn, taken first come,
first served: a job that calls the engine several times (a batch's texts, a page's
paragraphs, a document's batches) goes to the back of the line before each call but its
first, so a long batch holds no other client up until it ends. Where the engine had to close
another job's model to load the one a job needs (too little memory for both), that job keeps
its turn for a slice of ``SLICE`` seconds instead, so two batches for different models do not
load a model per text. A full queue refuses a job at once (the HTTP layer answers 429) instead
of letting waits grow without bound; a cancelled job leaves the line at once or stops through
the engine's token. The queue is bounded in jobs and in the bytes they wait with, a job
waiting for its next turn as much as a new one: a page translator sends a page's paragraphs at
once, many small jobs, where a few huge bodies would fill memory."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import math
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from engine.api import Event, ModelUnloaded
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

# Seconds a job keeps its turn, once it had to close another job's model to load its own.
SLICE = 20.0


class _Waking(CancelToken):
    """A job's token: cancelling it also wakes the job where it waits for its turn."""

    def __init__(self, turns: threading.Condition) -> None:
        super().__init__()
        self._turns = turns

    def cancel(self) -> None:
        super().cancel()
        with self._turns:
            self._turns.notify_all()


@dataclass(eq=False)
class Job:
    """One piece of work: its token, and on the event loop its outcome and its events."""

    kind: str
    work: Work
    loop: asyncio.AbstractEventLoop
    id: str = field(default_factory=lambda: f"job-{next(_ids)}")
    cancel: CancelToken = field(default_factory=CancelToken)
    state: str = "queued"  # queued → running → done | failed | cancelled
    size: int = 0  # bytes of the request it holds until it ends
    # Who may see and cancel it on /v1/jobs: a digest of the API key it came with (never the
    # key itself), or None on a server without keys.
    owner: str | None = None
    outcome: asyncio.Future[Any] = field(init=False)
    events: asyncio.Queue[Event] = field(init=False)
    held: float = 0.0  # seconds it has held the engine, over all its turns
    took: float = 0.0  # when it took its turn, the last time
    crowded: bool = False  # in this turn, the engine closed another's model to load its own

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
        slice_seconds: float = SLICE,
    ) -> None:
        """``guard`` is held while a job has its turn: an engine shared with another worker
        (the app's, in the engine process) runs one job at a time. ``queue_size``: how many
        jobs may wait, new or between their turns, besides the one that has the engine.
        ``queue_bytes``: the sizes of the waiting jobs' requests that a job may not take the
        sum beyond (one job alone always may: the body limit bounds it)."""
        self._make_engine = engine
        self._guard = guard if guard is not None else contextlib.nullcontext()
        self._engine: EngineLike | None = None
        self._queue_size = queue_size
        self._queue_bytes = queue_bytes
        self._slice = slice_seconds
        # Everything below, and each wait for a turn (notified as the turn is handed back or
        # a job is cancelled).
        self._turns = threading.Condition()
        self._jobs: set[Job] = set()  # taken and not ended, each on its thread
        self._line: deque[Job] = deque()  # the jobs waiting for the engine, in order
        self._holder: Job | None = None  # the job that has the engine
        self._seconds = 1.0  # running mean of the engine time a job takes, for Retry-After
        self._closed = False

    def submit(self, kind: str, work: Work, loop: asyncio.AbstractEventLoop, size: int = 0) -> Job:
        job = Job(kind, work, loop, cancel=_Waking(self._turns), size=size)
        with self._turns:
            if self._closed:
                raise Busy(5)
            waiting = self._waiting()
            limit = self._queue_bytes
            held = sum(other.size for other in waiting)
            if limit is not None and held and held + size > limit:
                raise Busy(self.retry_after())
            if len(waiting) >= self._queue_size:
                raise Busy(self.retry_after())
            self._jobs.add(job)
            self._line.append(job)
        name = f"quire-api-{job.id}"
        try:
            threading.Thread(target=self._run, args=(job,), name=name, daemon=True).start()
        except RuntimeError as exc:  # (no thread left to start: the job fails, not the server)
            log.error("job %s (%s) could not start: %s", job.id, kind, exc)
            self._ended(job)
            _settle(job, "failed", exc)
        return job

    def retry_after(self) -> int:
        return max(1, math.ceil(self._seconds * (self.queued() + 1)))

    def queued(self) -> int:
        """How many jobs wait: new ones, and those between their turns."""
        with self._turns:
            return len(self._waiting())

    def _waiting(self) -> list[Job]:
        """The jobs that wait for a turn, new or between two (called holding ``_turns``): the
        line, less its first while the engine is handed on (none holds it, or its holder has
        just gone to the back of the line), as that one has the next turn. Neither the job
        that has the engine nor one that is ending (its turn handed back) waits."""
        line = list(self._line)
        if self._holder is None or self._holder in self._line:
            return line[1:]
        return line

    def stop(self, timeout: float = 10.0) -> None:
        """Cancel what waits and what runs (a waiting job leaves the line at once), then
        wait up to ``timeout`` for the job that has the engine to stop."""
        with self._turns:
            self._closed = True
            jobs = list(self._jobs)
        for job in jobs:
            job.cancel.cancel()
        with self._turns:
            self._turns.wait_for(lambda: not self._jobs, timeout)
        if self._engine is not None and isinstance(self._engine, Engine):
            self._engine.unload()

    def _run(self, job: Job) -> None:
        """The job, on its own thread: its turns and its work, then its outcome settled."""
        try:
            self._wait_turn(job)
            try:
                job.state = "running"
                if self._engine is None:
                    self._engine = self._make_engine()
                engine = _InTurns(self._engine, job, self._give_way)
                result = job.work(engine, _reporter(job), job.cancel)
            finally:
                self._hand_back(job)
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
            self._ended(job)

    def _ended(self, job: Job) -> None:
        with self._turns:
            self._jobs.discard(job)
            if job in self._line:  # (its thread never started)
                self._line.remove(job)
            if job.held:  # (the time it held the engine, not the time it waited)
                self._seconds = 0.8 * self._seconds + 0.2 * job.held
            self._turns.notify_all()

    def _wait_turn(self, job: Job) -> None:
        """``job``, in the line, waits for the engine, then holds it (and the guard). Raises
        ``Cancelled``, out of the line and holding nothing, where the job is cancelled or the
        worker stopped before its turn or while it waited for the guard."""
        with self._turns:
            try:
                self._turns.wait_for(
                    lambda: (
                        job.cancel.cancelled
                        or self._closed
                        or (self._holder is None and self._line[0] is job)
                    )
                )
                if job.cancel.cancelled or self._closed:
                    raise Cancelled()
                self._holder = job
            finally:
                self._line.remove(job)
                self._turns.notify_all()  # (the next in line may be first now)
        try:
            self._guard.__enter__()
        except BaseException:
            self._let_go()
            raise
        # The guard may have kept it waiting long (the app's own job had the engine): a job
        # cancelled meanwhile must not build the engine and make its first call.
        if job.cancel.cancelled or self._closed:
            try:
                self._guard.__exit__(None, None, None)
            finally:
                self._let_go()
            raise Cancelled()
        job.took = time.monotonic()
        job.crowded = False  # (a slice is this turn's: only a model closed in it earns one)

    def _let_go(self) -> None:
        with self._turns:
            self._holder = None
            self._turns.notify_all()

    def _hand_back(self, job: Job) -> None:
        """``job`` lets the engine (and the guard) go, where it holds them: the next in line
        has its turn."""
        with self._turns:
            if self._holder is not job:
                return
        try:
            self._guard.__exit__(None, None, None)
        finally:
            with self._turns:
                job.held += time.monotonic() - job.took
                self._holder = None
                self._turns.notify_all()

    def _give_way(self, job: Job) -> None:
        """Between two of ``job``'s engine calls: the jobs waiting have their turns first (at
        once it goes on where none waits, or where it keeps a slice). Raises ``Cancelled``
        where it was cancelled."""
        job.cancel.check()
        with self._turns:
            if not self._line:
                return
            if job.crowded and time.monotonic() - job.took < self._slice:
                return
            self._line.append(job)
        self._hand_back(job)
        self._wait_turn(job)


class _InTurns:
    """The engine as a job's work sees it: each call but the first lets the jobs waiting run
    first (``give_way``), between the job's calls, never inside one: the engine's own lock is
    free there (``Engine.run`` holds it), and so is the guard. A call in which the engine
    closed another's model to load the job's marks the job ``crowded``. Its other methods
    (the engine's models, languages) are the engine's, called on the job's turn."""

    def __init__(self, engine: EngineLike, job: Job, give_way: Callable[[Job], None]) -> None:
        self._engine = engine
        self._job = job
        self._give_way = give_way
        self._called = False

    def run(
        self, request: Any, report: Report | None = None, cancel: CancelToken | None = None
    ) -> Any:
        if self._called:
            self._give_way(self._job)
        self._called = True

        def seen(event: Event) -> None:
            if isinstance(event, ModelUnloaded):
                self._job.crowded = True
            if report is not None:
                report(event)

        return self._engine.run(request, seen, cancel)

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
