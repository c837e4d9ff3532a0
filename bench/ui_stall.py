"""The longest GUI-thread stall while the desktop's job runner does GIL-heavy work.

A QTimer on the GUI thread ticks every ``--tick-ms``; the gap between two ticks beyond the
interval is time the event loop could not run (a stall: the window would not repaint or take
input). Each case gets a fresh ``desktop.jobs.JobRunner`` (built with ``EngineOptions`` and used
only through ``submit`` / ``call``, the ``Job`` signals and ``shutdown``), so this measures
whatever the runner does: a worker thread today, an engine process later. A warm-up job first
(not measured) pays the runtime's imports, so each case measures only its own work:

    idle        the worker sleeps 2 s (the GIL released): the machine's own noise, a yardstick
    load-256k   load a BERT classifier whose tokenizer.json has 256,000 pieces (generated,
                14 MB like NLLB-200's) and classify one sentence: the tokenizer parse and the
                session creation hold the GIL
    docx-30mb   translate a .docx whose word/document.xml is 30 MB (generated: blank formatted
                lines around 24 paragraphs of text): lxml parses and writes it holding the GIL
    translate   translate ``--sentences`` (300) sentences with the tiny fixture Marian model

    .venv/bin/python -m bench.ui_stall                  # all cases, 3 runs each, offscreen
    .venv/bin/python -m bench.ui_stall --case translate --sentences 40

Goal (issue #13): the longest stall under 50 ms in every case. The table shows each case's
median over the runs (a busy machine's scheduler adds stalls of its own; see ``idle``). The
generated model and document are kept in ``.cache/bench`` (or ``$QUIRE_BENCH_CACHE``).
"""

from __future__ import annotations

import argparse
import functools
import os
import shutil
import statistics
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

GOAL_MS = 50.0
CASES = ("idle", "load-256k", "docx-30mb", "translate")
IDLE_S = 2.0
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
    result: object = None  # what the job returned


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
        case, probe.worst_ms, len(probe.late_ms), wall, state, os.getloadavg()[0], error,
        job.result,
    )  # fmt: skip


# ----------------------------------------------------------------------------- the cases


def document_request(**fields: Any) -> Any:
    """A ``TranslateDocumentRequest``, from the front door once it exports one."""
    import engine

    kind: Any = getattr(engine, "TranslateDocumentRequest", None)
    if kind is None:
        from engine.jobs import TranslateDocumentRequest

        kind = TranslateDocumentRequest
    return kind(**fields)


def _run_document(
    request: Any, engine: Engine, report: Callable[[Event], None], cancel: CancelToken
) -> object:
    return engine.run(request, report, cancel)


def submit_document(runner: JobRunner, request: Any) -> Job:
    """Through ``submit`` once the runner's requests include documents; until then through
    ``call`` with the engine's own document job (what the desktop's file queue does today)."""
    from engine.api import Request

    if type(request) in typing.get_args(Request):
        return runner.submit(request, label="document")
    return runner.call(functools.partial(_run_document, request), label="document")


def via(request: Any) -> str:
    from engine.api import Request

    return "submit" if type(request) in typing.get_args(Request) else "call"


def english(sentences: int) -> str:
    """``sentences`` English sentences of the fixture corpus, four to a paragraph."""
    from tests.fixtures import corpus

    lines = corpus.sentences("en")
    return "\n\n".join(
        " ".join(lines[(i + j) % len(lines)] for j in range(min(4, sentences - i)))
        for i in range(0, sentences, 4)
    )


def translate(runner: JobRunner, text: str) -> Job:
    from engine.api import TranslateRequest

    return runner.submit(TranslateRequest(text=text, model=MARIAN, target="de"))


def classify(runner: JobRunner) -> Job:
    from engine.api import ClassifyRequest

    return runner.submit(ClassifyRequest(texts=("The meeting was postponed.",), model=BIG_VOCAB))


def _sleep(seconds: float, _engine: Engine, _report: object, _cancel: object) -> None:
    time.sleep(seconds)  # releases the GIL: what is left is the machine's own noise


def idle_job(runner: JobRunner) -> Job:
    return runner.call(functools.partial(_sleep, IDLE_S), label="idle")


def case_job(case: str, work: Path, args: argparse.Namespace) -> Callable[[JobRunner], Job]:
    """What ``case`` submits (the generated inputs are made here, before any measuring)."""
    from engine.api import TranslateRequest

    if case == "idle":
        return idle_job
    if case == "load-256k":
        return classify
    if case == "docx-30mb":
        from bench.stall_inputs import big_docx

        source = work / "big.docx"
        if not source.exists():
            big_docx(source, part_bytes=args.part_mb * 1024 * 1024)
        request = document_request(
            input=source,
            output=work / "big.de.docx",
            template=TranslateRequest(text="", model=MARIAN, target="de"),
        )
        return functools.partial(submit_document, request=request)
    return functools.partial(translate, text=english(args.sentences))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--case", choices=CASES, action="append", help="default: all")
    parser.add_argument("--runs", type=int, default=3, help="runs of each case (median shown)")
    parser.add_argument("--sentences", type=int, default=300, help="for 'translate'")
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
    del engine
    app = QApplication.instance() or QApplication(sys.argv)
    jobs = {case: case_job(case, work, args) for case in cases}
    warm_up = functools.partial(translate, text="Good morning.")
    runs: dict[str, list[Measured]] = {case: [] for case in cases}
    for _ in range(args.runs):
        for case in cases:
            runs[case].append(measure(case, options, jobs[case], warm_up=warm_up,
                                      tick_ms=args.tick_ms))  # fmt: skip
    del app
    shutil.rmtree(work, ignore_errors=True)
    document = ""
    if "docx-30mb" in cases:
        document = f" (the document through JobRunner.{via(document_request(input=work))})"
    print(table(runs, args.tick_ms, document))
    return 0 if all(m.state == "finished" for ms in runs.values() for m in ms) else 1


def describe(result: object) -> str:
    """What the job did, in a few words (the work is the same whatever a random model says)."""
    counts = getattr(result, "counts", None)
    if counts is not None:
        return (
            f"{getattr(result, 'units', '?')} paragraphs: {counts.translated} translated, "
            f"{counts.failed} kept (degenerate output)"
        )
    segments = getattr(result, "segments", None)
    if segments is not None:
        return f"{len(segments)} segments"
    items = getattr(result, "items", None)
    if items:
        return f"labelled {items[0].labels[0].label!r}"
    return ""


def table(runs: dict[str, list[Measured]], tick_ms: int, document_via: str = "") -> str:
    """Markdown: per case the median of the runs' longest stalls, the worst run, job wall
    time and the load average over the runs."""
    lines = [
        f"GUI-thread stall: a {tick_ms} ms timer on the GUI thread, jobs through "
        f"desktop.jobs.JobRunner{document_via}; {os.cpu_count()} CPUs",
        "",
        "| case | longest stall (median) | worst run | job wall (median) | goal | load avg | job |",
        "|---|--:|--:|--:|---|--:|---|",
    ]
    for case, ms in runs.items():
        worst = statistics.median(m.worst_ms for m in ms)
        met = "met" if worst < GOAL_MS else "**not met**"
        loads = f"{min(m.load_average for m in ms):.1f}–{max(m.load_average for m in ms):.1f}"
        states = ", ".join(sorted({m.state for m in ms}))
        errors = "; ".join(sorted({m.error for m in ms if m.error}))
        did = describe(ms[-1].result)
        lines.append(
            f"| {case} | {worst:.1f} ms | {max(m.worst_ms for m in ms):.1f} ms "
            f"| {statistics.median(m.wall_s for m in ms):.2f} s | < {GOAL_MS:.0f} ms: {met} "
            f"| {loads} | {len(ms)}× {states}{' ' + errors if errors else ''}"
            f"{' (' + did + ')' if did else ''} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
