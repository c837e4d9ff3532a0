"""The longest GUI-thread stall while the app runs a long job, model loading included.

A QTimer on the GUI thread ticks every ``--tick-ms``; the gap between two ticks beyond the
interval is time the event loop could not run (a stall: the window would not repaint or take
input). The job goes through the real window: the translate pane submits it to the job
runner, partial text streams into the pane, the result is shown.

    .venv/bin/python -m bench.ui_stall                     # tiny fixture Marian model
    .venv/bin/python -m bench.ui_stall --model .cache/bench/opus-mt-en-de-shape-quire

Goal: the longest stall under 50 ms. Runs offscreen unless QT_QPA_PLATFORM says otherwise.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

GOAL_MS = 50.0


class Probe:
    """Records the event loop's lateness on every tick of a fast timer."""

    def __init__(self, tick_ms: int) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.tick_s = tick_ms / 1000
        self.late_ms: list[float] = []
        self.at: list[float] = []  # when each tick came, from start()
        self._last = time.perf_counter()
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self._last = self._start = time.perf_counter()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.late_ms.append(max(0.0, (now - self._last - self.tick_s) * 1000))
        self.at.append(now - self._start)
        self._last = now


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, help="a translation model folder (default: tiny)")
    parser.add_argument("--sentences", type=int, default=60, help="sentences to translate")
    parser.add_argument("--tick-ms", type=int, default=5)
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from desktop.jobs import JobRunner
    from desktop.main_window import MainWindow
    from desktop.panes import TranslatePane
    from desktop.settings import Settings, open_store
    from engine import Engine, EngineOptions
    from engine.api import ModelLoaded, ModelLoading
    from tests.fixtures import corpus

    work = Path(tempfile.mkdtemp(prefix="quire-stall-"))
    options = EngineOptions(home=work / "home", device="cpu")
    if args.model is not None:
        # Linked, not copied: a real-size model is gigabytes.
        (work / "home" / "models").mkdir(parents=True)
        (work / "home" / "models" / "opus-mt-en-de").symlink_to(args.model.resolve())
    else:
        from tests.fixtures.builder import exported

        Engine(options).import_model(exported("marian"), "opus-mt-en-de")
    english = corpus.sentences("en")
    text = "\n\n".join(
        " ".join(english[(i + j) % len(english)] for j in range(4))
        for i in range(0, args.sentences, 4)
    )

    app = QApplication.instance() or QApplication(sys.argv)
    settings = Settings(open_store(work / "quire.ini"))
    runner = JobRunner(options)
    window = MainWindow(runner, settings, preload=False)
    window.show()
    # Start-up (listing the models, probing the devices) is measured on its own: the first
    # job on the worker also imports the runtime, whose C extensions hold the GIL.
    startup = Probe(args.tick_ms)
    startup.start()
    loop = QEventLoop()
    window.doctor_loaded.connect(lambda _report: loop.quit())
    loop.exec()
    startup.stop()
    pane = window.panes[0]
    assert isinstance(pane, TranslatePane)
    pane.live_box.setChecked(False)
    pane.load_text(text)

    probe = Probe(args.tick_ms)
    marks: dict[str, float] = {}
    probe.start()
    started = time.perf_counter()
    job = pane.run()
    if job is None:
        print("ui_stall: no job was submitted", file=sys.stderr)
        runner.shutdown()
        return 1

    def event(e: object) -> None:
        if isinstance(e, ModelLoading):
            marks["loading"] = time.perf_counter() - started
        elif isinstance(e, ModelLoaded):
            marks["loaded"] = time.perf_counter() - started

    job.progressed.connect(event)
    done = QEventLoop()
    job.finished.connect(lambda _r: done.quit())
    job.failed.connect(lambda _e: done.quit())
    QTimer.singleShot(600_000, done.quit)
    done.exec()
    elapsed = time.perf_counter() - started
    probe.stop()
    failed = job.error
    window.close()
    runner.shutdown()
    del app
    if failed is not None:
        print(f"ui_stall: the job failed: {failed}", file=sys.stderr)
        return 1

    late = sorted(probe.late_ms)
    worst = late[-1] if late else 0.0
    p99 = late[int(0.99 * (len(late) - 1))] if late else 0.0
    load = marks.get("loaded", 0.0) - marks.get("loading", 0.0)
    top = sorted(zip(probe.late_ms, probe.at, strict=True), reverse=True)[:3]
    median = statistics.median(late) if late else 0.0
    # The loading window on its own: the GIL-bound part (tokenizer parse, session creation).
    span = (marks.get("loading", 0.0), marks.get("loaded", 0.0) + 0.05)
    during_load = max(
        (ms for ms, at in zip(probe.late_ms, probe.at, strict=True)
         if span[0] <= at <= span[1]),
        default=0.0,
    )  # fmt: skip
    loading = f"{marks.get('loading', 0.0):.2f}–{marks.get('loaded', 0.0):.2f} s"
    print(
        "ui_stall: worst stalls "
        + ", ".join(f"{ms:.1f} ms at {at:.2f} s" for ms, at in top)
        + f" (model loading {loading}); start-up (model list + device probe) "
        + f"{max(startup.late_ms, default=0.0):.1f} ms; during model loading {during_load:.1f} ms"
    )
    print(
        f"ui_stall: longest GUI stall {worst:.1f} ms (p99 {p99:.1f} ms, median {median:.2f} ms)"
        f" over {len(late)} ticks of {args.tick_ms} ms during a {elapsed:.2f} s job of "
        f"{args.sentences} sentences, model load ({load:.2f} s) included; goal < "
        f"{GOAL_MS:.0f} ms: {'met' if worst < GOAL_MS else 'NOT met'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
