"""The longest GUI-thread stall while the desktop's job runner does GIL-heavy work.

A QTimer on the GUI thread ticks every ``--tick-ms``; the gap between two ticks beyond the
interval is time the event loop could not run (a stall: the window would not repaint or take
input). Each case gets a fresh ``desktop.jobs.JobRunner`` (built with ``EngineOptions`` and used
only through ``submit`` / ``call``, the ``Job`` signals and ``shutdown``), so this measures
whatever the runner does: a worker thread today, an engine process later. A warm-up job first
(not measured) pays the runtime's imports, so each case measures only its own work:

    load-256k   load a BERT classifier whose tokenizer.json has 256,000 pieces (generated,
                14 MB like NLLB-200's) and classify one sentence: the tokenizer parse and the
                session creation hold the GIL
    docx-30mb   translate a .docx whose word/document.xml is 30 MB (generated: blank formatted
                lines around 24 paragraphs of text): lxml parses and writes it holding the GIL
    translate   translate ``--sentences`` sentences with the tiny fixture Marian model

    .venv/bin/python -m bench.ui_stall                  # all three, offscreen
    .venv/bin/python -m bench.ui_stall --case translate --sentences 40

Goal (issue #13): the longest stall under 50 ms in every case. The generated model and
document are kept in ``.cache/bench`` (or ``$QUIRE_BENCH_CACHE``).
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
import tempfile
import time
import typing
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desktop.jobs import Job, JobRunner
    from engine import CancelToken, Engine
    from engine.api import Event
    from engine.jobs import TranslateDocumentRequest

GOAL_MS = 50.0
CASES = ("load-256k", "docx-30mb", "translate")
MARIAN = "opus-mt-en-de"
BIG_VOCAB = "vocab-256k"
JOB_TIMEOUT_S = 600


class Probe:
    """Records the event loop's lateness on every tick of a fast timer on the GUI thread."""

    def __init__(self, tick_ms: int) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.tick_s = tick_ms / 1000
        self.late_ms: list[float] = []
        self._last = time.perf_counter()
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> None:
        """Stop, counting the time since the last tick: a stall the job ended in is a stall."""
        self._timer.stop()
        self._tick()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.late_ms.append(max(0.0, (now - self._last - self.tick_s) * 1000))
        self._last = now

    @property
    def worst_ms(self) -> float:
        return max(self.late_ms, default=0.0)


@dataclass(frozen=True)
class Measured:
    case: str
    worst_ms: float  # the longest stall
    ticks: int
    wall_s: float  # submit → the job's end signal, on the GUI thread
    state: str  # the job's end: finished / failed / cancelled / timed out
    load_average: float  # the machine's 1-minute load average when the case ended
    error: str = ""


def _wait(job: Job) -> str:
    """Run the event loop until ``job`` ends; say how it ended."""
    from PySide6.QtCore import QEventLoop, QTimer

    if job.done:
        return job.state.value
    loop = QEventLoop()
    job.finished.connect(lambda _r: loop.quit())
    job.failed.connect(lambda _e: loop.quit())
    job.cancelled.connect(loop.quit)
    QTimer.singleShot(JOB_TIMEOUT_S * 1000, loop.quit)
    loop.exec()
    return job.state.value if job.done else "timed out"


def measure(
    case: str,
    options: Any,
    start: Callable[[JobRunner], Job],
    *,
    warm_up: Callable[[JobRunner], Job] | None = None,
    tick_ms: int = 5,
) -> Measured:
    """Run ``start``'s job on a fresh job runner with the probe ticking; ``warm_up``'s job
    runs first on the same runner, unmeasured. ``options``: the runner's ``EngineOptions``."""
    from desktop.jobs import JobRunner

    runner = JobRunner(options)
    try:
        if warm_up is not None:
            first = warm_up(runner)
            if _wait(first) != "finished":
                return Measured(case, 0.0, 0, 0.0, "warm-up failed", os.getloadavg()[0],
                                repr(first.error))  # fmt: skip
        probe = Probe(tick_ms)
        probe.start()
        began = time.perf_counter()
        job = start(runner)
        state = _wait(job)
        wall = time.perf_counter() - began
        probe.stop()
    finally:
        runner.shutdown()
    error = "" if job.error is None else repr(job.error)
    return Measured(
        case, probe.worst_ms, len(probe.late_ms), wall, state, os.getloadavg()[0], error
    )


# ----------------------------------------------------------------------------- the cases


def _run_document(
    request: TranslateDocumentRequest, engine: Engine, report: Callable[[Event], None],
    cancel: CancelToken,
) -> object:  # fmt: skip
    from engine.jobs import run_job

    return run_job(engine, request, report, cancel)


def submit_document(runner: JobRunner, request: TranslateDocumentRequest) -> Job:
    """Through ``submit`` once the runner's requests include documents; until then through
    ``call`` with the engine's own document job (what the desktop's file queue does today)."""
    from engine.api import Request

    if type(request) in typing.get_args(Request):
        submit: Any = runner.submit
        job: Job = submit(request, label="document")
        return job
    return runner.call(functools.partial(_run_document, request), label="document")


def english(sentences: int) -> str:
    """``sentences`` English sentences of the fixture corpus, four to a paragraph."""
    from tests.fixtures import corpus

    lines = corpus.sentences("en")
    return "\n\n".join(
        " ".join(lines[(i + j) % len(lines)] for j in range(min(4, sentences - i)))
        for i in range(0, sentences, 4)
    )


def _translate(runner: JobRunner, text: str) -> Job:
    from engine.api import TranslateRequest

    return runner.submit(TranslateRequest(text=text, model=MARIAN, target="de"))


def _classify(runner: JobRunner) -> Job:
    from engine.api import ClassifyRequest

    return runner.submit(ClassifyRequest(texts=("The meeting was postponed.",), model=BIG_VOCAB))


def run_case(case: str, options: Any, work: Path, args: argparse.Namespace) -> Measured:
    from engine.api import TranslateRequest
    from engine.jobs import TranslateDocumentRequest

    start: Callable[[JobRunner], Job]
    if case == "load-256k":
        start = _classify
    elif case == "docx-30mb":
        from bench.stall_inputs import big_docx

        request = TranslateDocumentRequest(
            input=big_docx(work / "big.docx", part_bytes=args.part_mb * 1024 * 1024),
            output=work / "big.de.docx",
            template=TranslateRequest(text="", model=MARIAN, target="de"),
        )
        start = functools.partial(submit_document, request=request)
    else:
        start = functools.partial(_translate, text=english(args.sentences))
    return measure(
        case,
        options,
        start,
        warm_up=functools.partial(_translate, text="Good morning."),
        tick_ms=args.tick_ms,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--case", choices=CASES, action="append", help="default: all three")
    parser.add_argument("--sentences", type=int, default=120, help="for 'translate'")
    parser.add_argument("--part-mb", type=int, default=30, help="for 'docx-30mb'")
    parser.add_argument("--vocab", type=int, default=256_000, help="for 'load-256k'")
    parser.add_argument("--tick-ms", type=int, default=5)
    args = parser.parse_args(argv)
    cases = args.case or list(CASES)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtWidgets import QApplication

    from engine import Engine, EngineOptions
    from tests.fixtures.builder import exported

    work = Path(tempfile.mkdtemp(prefix="quire-stall-"))
    options = EngineOptions(home=work / "home", device="cpu")
    engine = Engine(options)
    engine.import_model(exported("marian"), MARIAN)
    if "load-256k" in cases:
        from bench.stall_inputs import big_vocab_model

        engine.import_model(big_vocab_model(args.vocab), BIG_VOCAB)
    app = QApplication.instance() or QApplication(sys.argv)
    results = [run_case(case, options, work, args) for case in cases]
    del app

    print(
        f"GUI-thread stall, {args.tick_ms} ms timer, desktop.jobs.JobRunner, {os.cpu_count()} CPUs"
    )
    print(f"{'case':<12} {'longest stall':>14} {'job wall':>9} {'goal':>8} {'load avg':>9}  job")
    failed = False
    for m in results:
        met = "met" if m.worst_ms < GOAL_MS else "NOT met"
        goal = f"<{GOAL_MS:.0f} ms"
        print(
            f"{m.case:<12} {m.worst_ms:>11.1f} ms {m.wall_s:>7.2f} s {goal:>8}"
            f" {m.load_average:>9.2f}  {m.state} ({met}){' ' + m.error if m.error else ''}"
        )
        failed = failed or m.state != "finished"
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
