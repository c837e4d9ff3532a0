"""One engine, one worker thread, a bounded queue: jobs run one at a time, in order, off the
event loop. A full queue refuses a job at once (the HTTP layer answers 429) instead of letting
waits grow without bound; a cancelled job is skipped or stopped through the engine's token.
The queue is bounded in jobs and in the bytes they wait with: a page translator sends a
page's paragraphs at once, many small jobs, where a few huge bodies would fill memory."""

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
        """``guard`` is held around every job: an engine shared with another worker (the
        app's, in the engine process) runs one job at a time. ``queue_bytes``: the sizes of
        the waiting jobs' requests that a job may not take the sum beyond (one job alone
        always may: the body limit bounds it)."""
        self._make_engine = engine
        self._guard = guard if guard is not None else contextlib.nullcontext()
        self._engine: EngineLike | None = None
        self._queue: queue.Queue[Job | None] = queue.Queue(maxsize=queue_size)
        self._thread = threading.Thread(target=self._loop, name="quire-api-engine", daemon=True)
        self._lock = threading.Lock()
        self.running: Job | None = None
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
            try:
                self._queue.put_nowait(job)
            except queue.Full:
                raise Busy(self.retry_after()) from None
            self._waiting += size
        return job

    def _taken(self, job: Job | None) -> None:
        if job is not None:
            with self._lock:
                self._waiting -= job.size

    def retry_after(self) -> int:
        return max(1, math.ceil(self._seconds * (self._queue.qsize() + 1)))

    def queued(self) -> int:
        return self._queue.qsize()

    def stop(self, timeout: float = 10.0) -> None:
        """Cancel what waits and what runs, then end the thread once its job stops."""
        with self._lock:
            self._closed = True
        while True:
            try:
                job = self._queue.get_nowait()
            except queue.Empty:
                break
            self._taken(job)
            if job is not None:
                job.cancel.cancel()
                _settle(job, "cancelled", Cancelled())
        running = self.running
        if running is not None:
            running.cancel.cancel()
        self._queue.put(None)
        if self._thread.is_alive():
            self._thread.join(timeout)
        if self._engine is not None and isinstance(self._engine, Engine):
            self._engine.unload()

    def _loop(self) -> None:
        while True:
            job = self._queue.get()
            self._taken(job)
            if job is None:
                return
            if job.cancel.cancelled:
                _settle(job, "cancelled", Cancelled())
                continue
            self.running = job
            job.state = "running"
            started = time.monotonic()
            try:
                with self._guard:
                    if self._engine is None:
                        self._engine = self._make_engine()
                    job.cancel.check()  # it may have been cancelled while the engine was busy
                    result = job.work(self._engine, _reporter(job), job.cancel)
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
                self.running = None
                self._seconds = 0.8 * self._seconds + 0.2 * (time.monotonic() - started)


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
