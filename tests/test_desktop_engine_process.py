"""The app runs requests in the engine process: it is started with the runner, a kill mid-job
fails that job with "The engine stopped unexpectedly" and leaves the window usable, Retry
works, and Models → Unload models replaces the process."""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop import errors
from desktop.i18n import Translations
from desktop.jobs import Job, JobRunner, State
from desktop.panes import TranslatePane
from engine import Engine, EngineOptions, EngineStopped
from engine.api import Progress, TranslateRequest, TranslateResult
from engine.process import engine_stopped
from tests.fixtures import corpus
from tests.fixtures.builder import exported
from tests.fixtures.desktop import WAIT_MS, Windows, windows

__all__ = ["windows"]  # a fixture, used by name
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


def options(home: Path) -> EngineOptions:
    return EngineOptions(home=home, device="cpu")


@pytest.fixture
def home(quire_home: Path) -> Path:
    Engine(options(quire_home)).import_model(exported("marian"), "opus-mt-en-de")
    return quire_home


@pytest.fixture
def runner(home: Path) -> Iterator[JobRunner]:
    runner = JobRunner(options(home))
    yield runner
    runner.shutdown()


def long_text() -> str:
    """Far more batches than can finish between the first progress event and a kill."""
    sentences = corpus.sentences("en")
    count = len(sentences)
    return "\n\n".join(" ".join(sentences[i % count : i % count + 3]) for i in range(400))


def short() -> TranslateRequest:
    return TranslateRequest(text=" ".join(corpus.sentences("en")[:3]), source="en", target="de")


def _is_progress(event: object) -> bool:
    return isinstance(event, Progress)


def kill_when_under_way(qtbot: QtBot, runner: JobRunner, job: Job) -> int:
    with qtbot.waitSignal(job.progressed, timeout=WAIT_MS, check_params_cb=_is_progress):
        pass
    pid = runner.engine_pid
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    return pid


def finish(qtbot: QtBot, job: Job) -> object:
    with qtbot.waitSignal(job.finished, timeout=WAIT_MS) as done:
        pass
    return done.args[0] if done.args else None


def test_the_runner_starts_the_engine_process_without_a_job(
    qtbot: QtBot, runner: JobRunner
) -> None:
    qtbot.waitUntil(lambda: runner.engine_pid is not None, timeout=WAIT_MS)
    assert runner.engine_pid != os.getpid()


def test_a_killed_engine_fails_the_job_and_a_retry_succeeds(
    qtbot: QtBot, runner: JobRunner
) -> None:
    job = runner.submit(TranslateRequest(text=long_text(), source="en", target="de"))
    with qtbot.waitSignal(job.failed, timeout=WAIT_MS) as failed:
        killed = kill_when_under_way(qtbot, runner, job)
    error = failed.args[0]
    assert isinstance(error, EngineStopped) and job.state is State.FAILED
    assert error.message == "The engine stopped unexpectedly" and "SIGKILL" in error.hint
    message = errors.describe(error)
    assert message is not None and message.title == "The engine stopped unexpectedly"
    assert "ran out of memory" in message.text
    assert not runner.busy
    result = finish(qtbot, runner.submit(short()))
    assert isinstance(result, TranslateResult) and result.text
    assert runner.engine_pid not in (None, killed)


def test_the_window_survives_a_killed_engine_and_retry_works(
    qtbot: QtBot, windows: Windows, home: Path, tmp_path: Path
) -> None:
    window = windows.open(options(home), tmp_path / "settings" / "quire.ini")
    pane = window.panes[0]
    assert isinstance(pane, TranslatePane)
    pane.live_box.setChecked(False)
    pane.load_text(long_text())
    job = pane.run()
    assert job is not None
    with qtbot.waitSignal(job.failed, timeout=WAIT_MS):
        kill_when_under_way(qtbot, window.runner, job)
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert [b.text() for b in boxes] == ["The engine stopped unexpectedly"]
    assert "SIGKILL" in boxes[0].informativeText()
    boxes[0].close()
    assert window.isVisible() and not pane.running
    pane.load_text(short().text)
    retry = pane.run()  # what Retry does: the same request again
    assert retry is not None
    result = finish(qtbot, retry)
    assert isinstance(result, TranslateResult) and result.text
    assert pane.output.toPlainText() == result.text


def test_unload_models_replaces_the_engine_process(
    qtbot: QtBot, windows: Windows, home: Path, tmp_path: Path
) -> None:
    window = windows.open(options(home), tmp_path / "settings" / "quire.ini")
    runner = window.runner
    finish(qtbot, runner.submit(short()))  # a model is loaded in the engine process
    before = runner.engine_pid
    assert before is not None
    window.unload_action.trigger()
    # Jobs and the unload share the one worker, in order: this job runs on the new process.
    result = finish(qtbot, runner.submit(short()))
    assert isinstance(result, TranslateResult) and result.text
    assert runner.engine_pid not in (None, before)


def test_the_cause_reaches_the_chinese_ui_in_chinese(qtbot: QtBot) -> None:
    translations = Translations()
    assert translations.switch("zh_CN")
    try:
        killed = errors.describe(engine_stopped(-signal.SIGKILL))
        crashed = errors.describe(engine_stopped(-signal.SIGSEGV))
        exited = errors.describe(engine_stopped(3))
        windows = errors.describe(engine_stopped(0xC0000005))
    finally:
        translations.switch("en")
    assert killed is not None and crashed is not None and exited is not None
    assert killed.title == "引擎意外停止" and "内存不足" in killed.text
    assert "SIGSEGV" in crashed.text and "崩溃" in crashed.text
    assert "代码 3" in exited.text
    assert windows is not None and "崩溃" in windows.text and "0xC0000005" in windows.text
    assert "SIGKILL" in killed.details  # the engine's English words, in the details
