"""A batch's progress on stderr, in the style of the other commands: one line per document as
it finishes, and a status line (documents and units done, each worker's throughput, an ETA)
rewritten in place on a terminal, or printed every ``PLAIN_EVERY`` seconds otherwise."""

from __future__ import annotations

import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from engine.cluster.jobs import WHY, Done, Item

Clock = Callable[[], float]


class BatchProgress:
    PLAIN_EVERY = 10.0

    def __init__(
        self, items: list[Item], *, skipped: int = 0, clock: Clock = time.monotonic
    ) -> None:
        """``skipped``: the files of the folder left out (not documents, earlier outputs)."""
        self.total = len(items)
        self.skipped = skipped
        self.total_bytes = sum(item.size for item in items) or 1
        self.clock = clock
        self.started = clock()
        self.tty = sys.stderr.isatty()
        self.done = 0
        self.done_bytes = 0
        self.units = 0
        self.failed = 0
        self.in_flight: dict[int, tuple[str, int, int]] = {}  # worker → (document, done, total)
        self.per_worker: dict[int, int] = defaultdict(int)  # documents done by each worker
        self._last = 0.0 if self.tty else self.started
        self._open = False

    def start(self) -> None:
        """The workers are ready: throughput and the ETA count from now, not from the cluster's
        start-up."""
        self.started = self.clock()
        if not self.tty:
            self._last = self.started

    def working(self, worker: int, rel: str, done: int = 0, total: int = 0) -> None:
        self.in_flight[worker] = (rel, done, total)
        self._status()

    def finished(self, worker: int, result: Done, where: str, written: str) -> None:
        """``where`` and ``written``: how to name the document and its output (path or URI)."""
        self.in_flight.pop(worker, None)
        self.done += 1
        self.done_bytes += result.item.size
        if result.error is not None:
            self.failed += 1
            self._line(f"{where}: error: {result.error}")
        elif result.skipped:
            self._line(f"{where}: skipped: its output {written} is already written")
        elif result.left_out:
            self._line(f"{where}: skipped: {WHY[result.left_out]}")
        elif result.no_text:
            pass  # (an icon of a folder of them: said once, in the batch's closing line)
        else:
            from engine.cli.tasks import failed_lines, memory_lines, units_text

            self.units += result.units
            self.per_worker[worker] += 1
            noun = "unit" if result.units == 1 else "units"
            counted = result.counts
            about = units_text(result.units, counted) if counted else f"{result.units} {noun}"
            used = result.encoding
            if used is not None and used.written not in (None, "utf-8"):
                about += f"; {used.written}"  # as the single-file command says it
            line = f"{where}: wrote {written} ({about})"
            if result.resumed:
                line += f", resumed: {result.resumed} were already translated"
            self._line(line)
            for failed in failed_lines(where, counted, result.failed) if counted else []:
                self._line(failed)
            if result.memory is not None:  # (as the single-file command says it)
                for said in memory_lines(f"{where}: ", Path(result.memory["path"]), result.memory):
                    self._line(said)
            if result.missing_terms:  # (as the single-file command says them)
                self._line(f"{where}: glossary terms lost by the model: "
                           f"{', '.join(result.missing_terms)}")  # fmt: skip
            note = result.encoding.note() if result.encoding is not None else None
            if note is not None:
                self._line(f"{where}: {note}")
        self._status(force=self.done == self.total)

    def noted(self, where: str, text: str) -> None:
        """A note a document's job made (resuming after a crash is off, say)."""
        self._line(f"{where}: note: {text}")

    def retrying(self, worker: int, where: str, attempt: int, why: str) -> None:
        self.in_flight.pop(worker, None)
        self._line(f"{where}: the worker stopped ({why}); trying again (attempt {attempt})")

    def status_text(self) -> str:
        """``documents 3/10, 120 units, 2 files skipped · w1 4.0/min w2 3.5/min · about 2 min
        left``."""
        from engine.cli.tasks import duration

        elapsed = max(self.clock() - self.started, 1e-9)
        units = self.units + sum(done for _, done, _ in self.in_flight.values())
        text = f"documents {self.done}/{self.total}, {units} units"
        if self.skipped:
            text += f", {self.skipped} file{'' if self.skipped == 1 else 's'} skipped"
        if self.per_worker:
            rates = " ".join(
                f"w{w + 1} {n * 60 / elapsed:.1f}/min" for w, n in sorted(self.per_worker.items())
            )
            text += f" · {rates}"
        if self.done_bytes > 0 and self.done < self.total:
            left = elapsed * (self.total_bytes - self.done_bytes) / self.done_bytes
            text += f" · about {duration(left)} left"
        return text

    def _status(self, *, force: bool = False) -> None:
        now = self.clock()
        if self.tty:
            if not force and now - self._last < 0.1:
                return
            self._last = now
            sys.stderr.write(f"\r{self.status_text():<72}")
            sys.stderr.flush()
            self._open = True
        elif now - self._last >= self.PLAIN_EVERY or (force and self.total > 1):
            self._last = now
            self._line(self.status_text())

    def _line(self, text: str) -> None:
        self.close()
        print(text, file=sys.stderr, flush=True)

    def close(self) -> None:
        if self._open:
            sys.stderr.write("\n")
            sys.stderr.flush()
            self._open = False


__all__ = ["BatchProgress"]
