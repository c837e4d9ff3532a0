"""The app with an instruction model: the Ask pane shows the written answer and the passages it
cites; choosing a citation marks its passage in the text."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

pytest.importorskip("optimum.exporters.onnx")

from desktop.jobs import Job
from desktop.main_window import MainWindow
from desktop.panes import AskPane, SummarizePane
from engine import Engine, EngineOptions
from engine.api import Answer, AskResult, Citation
from tests.fixtures import corpus
from tests.fixtures.causal import exported
from tests.fixtures.desktop import WAIT_MS, Windows, windows

__all__ = ["windows"]  # a fixture, used by name


@pytest.fixture
def window(windows: Windows, quire_home: Path, tmp_path: Path) -> MainWindow:
    options = EngineOptions(home=quire_home, device="cpu", dtype="fp32")
    Engine(options).import_model(exported("qwen2"), "tiny-qwen2-instruct")
    return windows.open(options, tmp_path / "settings" / "quire.ini", None, preload=False)


def _finish(qtbot: QtBot, job: Job | None) -> None:
    assert job is not None
    with qtbot.waitSignal(job.finished, timeout=WAIT_MS):
        pass


def test_ask_shows_the_written_answer_and_its_citations_jump_to_passages(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.show_pane(2)
    pane = window.current_pane()
    assert isinstance(pane, AskPane)
    context = "\n\n".join(" ".join(corpus.sentences("en")[i : i + 3]) for i in range(0, 9, 3))
    pane.load_text(context)
    pane.question.setText("Where is the nearest train station?")
    _finish(qtbot, pane.run())
    result = pane.result
    assert isinstance(result, AskResult) and result.generated
    if not result.answers:
        assert pane.answers.count() == 1 and "Not in the document" in pane.answers.item(0).text()
    else:
        assert pane.answers.item(0).text() == result.answers[0].text
        assert pane.answers.count() == 1 + len(result.citations)

    # The view, given an answer citing two passages (random weights rarely write "[n]").
    second = context.index("\n\n") + 2
    end = context.index("\n\n", second)
    cited = dataclasses.replace(
        result,
        answers=(Answer("Near the park [2], by the river [1].", 0.4, 0, 10),),
        citations=(Citation(1, 0, 10, context[:10]), Citation(2, second, end, context[second:end])),
    )
    pane.show_result(cited)
    assert pane.answers.count() == 3
    assert pane.answers.item(2).text().startswith("[2] ")
    assert pane.highlighted == (0, 10)
    pane.answers.setCurrentRow(2)
    assert pane.highlighted == (second, end)


def test_a_summary_streams_into_the_pane_and_stop_keeps_what_was_written(
    qtbot: QtBot, window: MainWindow
) -> None:
    """Summarize with an instruction model: the summary appears while it is written (partial
    text through the engine process), and Stop ends the job, keeping the text so far."""
    pane = next(p for p in window.panes if isinstance(p, SummarizePane))
    window.show_pane(window.panes.index(pane))
    text = "\n\n".join(" ".join(corpus.sentences("en")[i : i + 4]) for i in range(0, 40, 4))
    pane.load_text(text)
    job = pane.run()
    assert job is not None
    partials: list[str] = []
    job.partial.connect(partials.append)
    qtbot.waitUntil(lambda: len(partials) >= 2, timeout=WAIT_MS)  # it streams
    assert pane.partial_shown and pane.sentences.count() == 1
    assert pane.sentences.item(0).text() == partials[-1]
    assert pane.cancel_button.isEnabled()
    with qtbot.waitSignal(job.cancelled, timeout=WAIT_MS):
        pane.cancel_button.click()  # Stop
    assert pane.sentences.count() == 1 and pane.sentences.item(0).text().strip()
    assert not pane.cancel_button.isEnabled()
