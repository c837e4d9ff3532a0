"""What a user sees while a long document is read, before any model runs: the pages counted
(the command line's summarize, the app's panes and Files queue) and Cancel stopping the
reading between pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.main_window import MainWindow
from desktop.panes import SummarizePane
from desktop.queue import Row, RowState
from engine import CancelToken, Engine, EngineOptions, FileText, ReadFileRequest
from engine.api import Event, Progress, TranslateRequest
from engine.cli.main import main
from engine.cli.tasks import StderrProgress
from engine.documents.extraction import extract
from engine.errors import Cancelled
from tests.fixtures.builder import exported
from tests.fixtures.desktop import WAIT_MS, Windows, windows

__all__ = ["windows"]  # a fixture, used by name

# LibreOffice's PDF of a seven-page French paper (unstructured's fr_olap.pdf, pages 1-7).
SEVEN_PAGES = Path(__file__).parent / "data" / "pdf" / "fr_olap-p1-7.pdf"


def _reading(events: list[Event]) -> list[tuple[int, int]]:
    return [
        (e.done, e.total) for e in events if isinstance(e, Progress) and e.stage == "reading pages"
    ]


def test_a_summarized_pdf_says_its_pages_as_they_are_read() -> None:
    ticks: list[tuple[int, int]] = []
    extracted = extract(SEVEN_PAGES, tick=lambda done, total: ticks.append((done, total)))
    assert ticks == [(page, 7) for page in range(8)]
    assert extracted.text.strip()


def test_the_apps_read_of_a_pdf_reports_its_pages_and_cancel_stops_it_between_them(
    quire_home: Path,
) -> None:
    """A PDF dropped on Summarize or Ask was read on the worker with no word and no way to
    stop it (a 500-page report: 40 s and more); now its pages are reported in order, and a
    cancelled read stops at the next page."""
    engine = Engine(EngineOptions(home=quire_home, device="cpu", dtype="fp32"))
    events: list[Event] = []
    read = engine.run(ReadFileRequest(path=SEVEN_PAGES, document=True), events.append)
    assert isinstance(read, FileText) and read.text.strip()
    assert _reading(events) == [(page, 7) for page in range(8)]

    token = CancelToken()
    events.clear()

    def cancelling(event: Event) -> None:
        events.append(event)
        if isinstance(event, Progress) and event.done == 2:
            token.cancel()  # Cancel pressed while page 3 is read

    with pytest.raises(Cancelled):
        engine.run(ReadFileRequest(path=SEVEN_PAGES, document=True), cancelling, token)
    assert _reading(events) == [(0, 7), (1, 7), (2, 7)]


def test_quire_summarize_shows_a_pdfs_pages_on_stderr_as_it_reads_them(
    quire_home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``quire summarize big.pdf`` said nothing while the PDF was read (minutes for a long
    one); now it counts the pages as translate does."""
    Engine(EngineOptions(home=quire_home)).import_model(exported("bart"), "distilbart-cnn-mini")
    monkeypatch.setattr(StderrProgress, "PLAIN_EVERY", 0.0)  # every page said, not every 10 s
    code = main(["summarize", "--length", "short", str(SEVEN_PAGES)])
    out, err = capsys.readouterr()
    assert code == 0 and out.strip()
    said = [line for line in err.splitlines() if line.startswith("reading pages")]
    assert said == [f"reading pages {page}/7" for page in range(1, 7)]


def test_the_busy_row_and_the_files_queue_say_which_page_is_read(qtbot: QtBot) -> None:
    from desktop.widgets import BusyRow

    row = BusyRow()
    qtbot.addWidget(row)
    row.start()
    row.update_from(Progress("reading pages", 0, 500))
    assert row.label.text() == "Reading page 1 of 500"
    row.update_from(Progress("reading pages", 120, 500))
    assert row.label.text() == "Reading page 121 of 500"
    assert (row.bar.value(), row.bar.maximum()) == (120, 500)
    row.update_from(Progress("reading pages", 500, 500))
    assert row.label.text() == "Reading page 500 of 500"
    row.start()
    row.update_from(Progress("reading pages", 0, 0))  # (a PDF that does not say its pages)
    assert row.label.text() == "Reading the pages…"


def _window(windows: Windows, quire_home: Path, tmp_path: Path) -> SummarizePane:
    Engine(EngineOptions(home=quire_home)).import_model(exported("bart"), "distilbart-cnn-mini")
    options = EngineOptions(home=quire_home, device="cpu")
    window = windows.open(options, tmp_path / "settings" / "quire.ini")
    return next(p for p in window.panes if isinstance(p, SummarizePane))


def test_a_pdf_opened_in_a_pane_counts_its_pages_on_the_busy_row(
    qtbot: QtBot, windows: Windows, quire_home: Path, tmp_path: Path
) -> None:
    """The busy row said "Reading fr_olap-p1-7.pdf…" over a bar that never moved; now it
    says which page is read, the bar counting the pages."""
    pane = _window(windows, quire_home, tmp_path)
    assert pane.open_file(SEVEN_PAGES)
    job = pane.reading
    assert job is not None
    shown: list[tuple[str, int]] = []
    job.progressed.connect(
        lambda _event: shown.append((pane.busy.label.text(), pane.busy.bar.maximum()))
    )
    with qtbot.waitSignal(job.finished, timeout=WAIT_MS):
        pass
    assert shown and all(re.fullmatch(r"Reading page [1-7] of 7", text) for text, _ in shown)
    assert {bar for _, bar in shown} == {7}
    pages = [int(text.split()[2]) for text, _ in shown]
    assert pages == sorted(pages)
    assert pane.source.toPlainText().strip() and not pane.cancel_button.isEnabled()

    # A PDF queued on Translate's Files says its page too (it said "Reading the pages").
    window = pane.window()
    assert isinstance(window, MainWindow)
    row = Row(SEVEN_PAGES, None, TranslateRequest(text=""), RowState.RUNNING, 120, 500)
    row.stage = "reading pages"
    assert window.queue_view.state_text(row) == "Reading page 121 of 500"


def test_cancel_stops_a_pdf_being_read_into_a_pane(
    qtbot: QtBot, windows: Windows, quire_home: Path, tmp_path: Path
) -> None:
    """Cancel was greyed out while a PDF was read into a pane (minutes for a long one); now it
    stops the reading, and the pane's text stays as it was."""
    pane = _window(windows, quire_home, tmp_path)
    assert pane.open_file(SEVEN_PAGES)
    job = pane.reading
    assert job is not None and pane.cancel_button.isEnabled()
    finished: list[object] = []
    job.finished.connect(finished.append)
    with qtbot.waitSignal(job.cancelled, timeout=WAIT_MS):
        pane.cancel_button.click()
    assert not finished and pane.reading is None and pane.source.toPlainText() == ""
    assert not pane.cancel_button.isEnabled()


def test_cancel_stays_for_a_pdf_read_after_the_panes_own_job_ended(
    qtbot: QtBot, windows: Windows, quire_home: Path, tmp_path: Path
) -> None:
    """A PDF opened while the pane's own job ran was read after it: the job's end greyed
    Cancel out and the read's start did not give it back, so a 500-page read could not be
    stopped from the button. Now Cancel stays while the read waits and runs."""
    from types import SimpleNamespace

    from desktop.jobs import State

    pane = _window(windows, quire_home, tmp_path)
    own = SimpleNamespace(done=False, state=State.RUNNING)  # the pane's own job, running
    pane.job = own  # type: ignore[assignment]
    pane.cancel_button.setEnabled(True)
    assert pane.open_file(SEVEN_PAGES)
    job = pane.reading
    assert job is not None
    own.done, own.state = True, State.FINISHED
    pane._ended(own)  # type: ignore[arg-type]  # (the job ends while the read waits)
    assert pane.cancel_button.isEnabled()
    during: list[bool] = []
    job.progressed.connect(lambda _event: during.append(pane.cancel_button.isEnabled()))
    with qtbot.waitSignal(job.finished, timeout=WAIT_MS):
        pass
    assert during and all(during)
    assert not pane.cancel_button.isEnabled()
