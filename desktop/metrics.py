"""What the status bar reports about the last job: its peak memory (the resident set of the app
and its engine process, sampled while the job runs) and its speed in generated tokens per
second."""

from __future__ import annotations

import contextlib

import psutil
from PySide6.QtCore import QObject, QTimer

SAMPLE_MS = 100  # a cheap read (one /proc file on Linux); fine enough for model-sized peaks


class MemorySampler(QObject):
    """Samples the resident memory of this process and its children (the engine process)
    while started; ``peak`` is the largest total seen."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._process = psutil.Process()
        self.peak = 0
        self._timer = QTimer(self)
        self._timer.setInterval(SAMPLE_MS)
        self._timer.timeout.connect(self.sample)

    def start(self) -> None:
        self.peak = 0
        self.sample()
        self._timer.start()

    def stop(self) -> int:
        self.sample()
        self._timer.stop()
        return self.peak

    @property
    def sampling(self) -> bool:
        return self._timer.isActive()

    def sample(self) -> None:
        try:
            total = int(self._process.memory_info().rss)
        except psutil.Error:  # a sample missed is not worth an error
            return
        try:
            children = self._process.children(recursive=True)
        except psutil.Error:  # listing them failed: this process's own memory still counts
            children = []
        for child in children:
            with contextlib.suppress(psutil.Error):  # it may end while we look
                total += int(child.memory_info().rss)
        self.peak = max(self.peak, total)


def tokens_per_second(tokens: int, seconds: float | None, load_seconds: float = 0.0) -> float:
    """Generated tokens over the time spent generating (model loading left out); 0 when
    either is unknown."""
    if not tokens or seconds is None:
        return 0.0
    working = seconds - load_seconds
    return tokens / working if working > 0 else 0.0
