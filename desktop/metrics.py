"""What the status bar reports about the last job: its peak memory (the resident set of the app
and its engine process, sampled while the job runs) and its speed in generated tokens per
second."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

import psutil
from PySide6.QtCore import QObject, QTimer

SAMPLE_MS = 100  # a cheap read (one /proc file on Linux); fine enough for model-sized peaks
# Samples between two listings of the engine's children: a listing reads every process of the
# system (1 ms for 80 processes, several on a desktop's hundreds), on the GUI thread.
LIST_EVERY = 10


class MemorySampler(QObject):
    """Samples the resident memory of this process and of the engine process (with whatever
    it started) while started; ``peak`` is the largest total seen. ``engine_pid`` names the
    engine process at each sample (it may be restarted between jobs); without it, every child
    of this process counts. A download's process runs beside the jobs and is not counted."""

    def __init__(
        self, parent: QObject | None = None, engine_pid: Callable[[], int | None] | None = None
    ) -> None:
        super().__init__(parent)
        self._process = psutil.Process()
        self._engine_pid = engine_pid
        self.peak = 0
        self._listed: tuple[int | None, list[psutil.Process]] | None = None  # (engine pid, them)
        self._samples = 0
        self._timer = QTimer(self)
        self._timer.setInterval(SAMPLE_MS)
        self._timer.timeout.connect(self.sample)

    def start(self) -> None:
        self.peak = 0
        self._listed = None  # (a job may start processes: listed afresh)
        self.sample()
        self._timer.start()

    def stop(self) -> int:
        self.sample()
        self._timer.stop()
        return self.peak

    @property
    def sampling(self) -> bool:
        return self._timer.isActive()

    def _measured(self) -> list[psutil.Process]:
        """The processes counted besides this one: listed at the first sample, every
        ``LIST_EVERY`` samples and whenever the engine process is another."""
        pid = None if self._engine_pid is None else self._engine_pid()
        self._samples += 1
        listed = self._listed
        if listed is None or listed[0] != pid or self._samples % LIST_EVERY == 0:
            listed = self._listed = (pid, self._list(pid))
        return listed[1]

    def _list(self, pid: int | None) -> list[psutil.Process]:
        if self._engine_pid is None:
            return list(self._process.children(recursive=True))
        if pid is None:
            return []
        engine = psutil.Process(pid)
        return [engine, *engine.children(recursive=True)]

    def sample(self) -> None:
        try:
            total = int(self._process.memory_info().rss)
        except psutil.Error:  # a sample missed is not worth an error
            return
        try:
            others = self._measured()
        except psutil.Error:  # listing them failed: this process's own memory still counts
            others = []
        for other in others:
            with contextlib.suppress(psutil.Error):  # it may end while we look
                total += int(other.memory_info().rss)
        self.peak = max(self.peak, total)


def tokens_per_second(tokens: int, seconds: float | None, load_seconds: float = 0.0) -> float:
    """Generated tokens over the time spent generating (model loading left out); 0 when
    either is unknown."""
    if not tokens or seconds is None:
        return 0.0
    working = seconds - load_seconds
    return tokens / working if working > 0 else 0.0
