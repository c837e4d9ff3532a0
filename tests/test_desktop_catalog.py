"""The model manager's Catalog tab against a fake hub on 127.0.0.1: search, fit, download with
its own progress bar, cancel, and offline mode (real widgets, offscreen)."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from desktop.catalog_tab import LANGUAGES_COLUMN, CatalogTab
from desktop.jobs import State
from desktop.main_window import MainWindow
from desktop.model_manager import DEFAULT_SIZE
from engine import Cancelled, CancelToken, DownloadRequest, Engine, EngineOptions
from engine.api import CatalogRequest, Event, Progress
from engine.store.download import RetryBudget, download
from tests.fake_hub import FakeHub
from tests.fixtures.builder import exported
from tests.fixtures.desktop import WAIT_MS, Windows, windows
from tests.test_download import catalog_file, download_with, hub, online

MakeWindow = Callable[..., MainWindow]
__all__ = ["hub", "online", "windows"]  # fixtures, used by name


@pytest.fixture
def make_window(windows: Windows, quire_home: Path, tmp_path: Path, hub: FakeHub) -> MakeWindow:
    def make(offline: bool = False) -> MainWindow:
        options = EngineOptions(
            home=quire_home,
            device="cpu",
            endpoint=hub.url,
            catalog=catalog_file(tmp_path, hub),
            offline=offline,
        )
        return windows.open(options, tmp_path / "q.ini")

    return make


def open_catalog(qtbot: QtBot, window: MainWindow) -> CatalogTab:
    manager = window.show_model_manager()
    tab = manager.catalog
    with qtbot.waitSignal(window.runner.job_ended, timeout=WAIT_MS,
                          check_params_cb=lambda job: job.label == "catalog"):  # fmt: skip
        manager.show_catalog()
    return tab


def cells(tab: CatalogTab, row: int) -> list[str]:
    items = [tab.table.item(row, c) for c in range(tab.table.columnCount())]
    return [item.text() if item is not None else "" for item in items]


def test_search_shows_fit_and_a_download_installs_with_progress(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window()
    tab = open_catalog(qtbot, window)
    assert tab.table.rowCount() == 1
    row = cells(tab, 0)
    assert row[0] == "tiny-marian" and row[2] == "en→de" and row[6] == ""
    hit = tab.hits[0]
    fit = hit.fits[hit.variant]
    assert row[4].startswith(fit.verdict) and fit.device in row[4]
    assert f"({hit.variant})" in row[3]

    tab.search.setText("nothing like this")
    with qtbot.waitSignal(window.runner.job_ended, timeout=WAIT_MS,
                          check_params_cb=lambda job: job.label == "catalog"):  # fmt: skip
        pass
    assert tab.table.rowCount() == 0
    tab.search.setText("en-de")
    qtbot.waitUntil(lambda: tab.table.rowCount() == 1, timeout=WAIT_MS)

    assert tab.variant.count() == 0 and not tab.variant.isEnabled()  # nothing chosen yet
    tab.select("tiny-marian")
    assert tab.download_button.isEnabled()
    assert tab.variant.isEnabled() and tab.variant.currentData() == hit.variant
    tab.download_button.click()
    [download] = tab.downloads
    seen: list[Progress] = []
    download.job.progressed.connect(lambda e: seen.append(e) if isinstance(e, Progress) else None)
    assert not tab.download_button.isEnabled()  # not twice
    with qtbot.waitSignal(window.catalog_loaded, timeout=WAIT_MS):
        pass
    assert download.job.state is State.FINISHED
    assert any(e.stage == "downloading" for e in seen)
    assert [e.name for e in window.catalog or []] == ["tiny-marian"]
    assert tab.downloads == []
    qtbot.waitUntil(lambda: cells(tab, 0)[6] == "Installed", timeout=WAIT_MS)
    assert not tab.download_button.isEnabled()


def test_a_cancelled_download_installs_nothing_and_shows_no_error(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window()
    tab = open_catalog(qtbot, window)
    download = tab.download("tiny-marian", "int8")
    with qtbot.waitSignal(download.job.cancelled, timeout=WAIT_MS):
        download.cancel.click()
    assert tab.downloads == []
    assert [b for b in window.findChildren(QMessageBox) if b.isVisible()] == []
    with qtbot.waitSignal(window.catalog_loaded, timeout=WAIT_MS):
        window.refresh_models()
    assert window.catalog == []


def test_offline_mode_turns_downloads_off(qtbot: QtBot, make_window: MakeWindow) -> None:
    window = make_window(offline=True)
    tab = open_catalog(qtbot, window)
    tab.select("tiny-marian")
    assert not tab.download_button.isEnabled()
    assert "Offline mode is on" in tab.offline_note.text()


def test_a_search_typed_just_before_the_window_closes_is_dropped(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    """The search waits for typing to pause; the window closing meanwhile shuts the job runner
    down, and the late search must not be submitted to it (an exception at quit, before)."""
    window = make_window()
    tab = open_catalog(qtbot, window)
    tab.search.setText("en-fr")
    assert tab._delay.isActive()
    window.close()
    assert window.runner.closed
    qtbot.waitUntil(lambda: not tab._delay.isActive(), timeout=WAIT_MS)  # the timer has fired
    assert tab.search_job is not None and tab.search_job.label == "catalog"


def test_the_shipped_catalog_fits_the_manager_without_scrolling_sideways(
    qtbot: QtBot, windows: Windows, quire_home: Path, tmp_path: Path
) -> None:
    """At the size the model manager opens at on a screen that has room for it, the whole
    shipped catalog shows every column but Languages whole (that one is elided) and needs no
    horizontal scroll bar."""
    options = EngineOptions(home=quire_home, device="cpu", offline=True)
    window = windows.open(options, tmp_path / "q.ini")
    tab = open_catalog(qtbot, window)
    manager = window.manager
    assert manager is not None
    assert tab.table.rowCount() > 10  # the shipped catalog, not a test's one-entry file
    # Every entry's task in words, instruction models' too (it showed a raw "generate"), and
    # each one in the task filter.
    from desktop.catalog_tab import TASKS
    from engine.store.catalog import CATALOG_TASKS

    named = {tab.task_text(t) for t in TASKS}
    cells = [tab.table.item(r, 1) for r in range(tab.table.rowCount())]
    tasks = {cell.text() for cell in cells if cell is not None}
    assert tasks <= named and not tasks & set(CATALOG_TASKS)
    assert "Instruction model (every task)" in tasks
    assert set(TASKS) == set(CATALOG_TASKS)
    manager.show()
    qtbot.waitExposed(manager)
    # The offscreen screen (800 x 800) is smaller than most: there the manager opens at 90 %
    # of its width (test_desktop_app: small screens); here, at the size a laptop gives it.
    manager.resize(DEFAULT_SIZE)
    qtbot.waitUntil(lambda: manager.size() == DEFAULT_SIZE, timeout=WAIT_MS)
    table = tab.table
    qtbot.waitUntil(
        lambda: table.horizontalHeader().length() <= table.viewport().width(), timeout=WAIT_MS
    )
    assert table.horizontalScrollBar().maximum() == 0
    for column in range(table.columnCount()):
        if column != LANGUAGES_COLUMN:
            assert table.columnWidth(column) >= table.sizeHintForColumn(column)


def test_a_stopped_download_shows_its_kept_files_and_can_resume_or_discard(
    qtbot: QtBot,
    make_window: MakeWindow,
    quire_home: Path,
    tmp_path: Path,
    hub: FakeHub,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cancel = CancelToken()

    def report(event: Event) -> None:
        if isinstance(event, Progress) and event.done > 64 * 1024:
            cancel.cancel()

    engine = Engine(EngineOptions(home=quire_home, device="cpu", endpoint=hub.url,
                                  catalog=catalog_file(tmp_path, hub)))  # fmt: skip
    with pytest.raises(Cancelled):  # as a download stopped by quitting the app leaves it
        download_with(engine, RetryBudget(), report=report, cancel=cancel, report_every=1)
    (kept,) = engine.store.partial_downloads()

    window = make_window()
    tab = open_catalog(qtbot, window)
    assert cells(tab, 0)[6].startswith("Partly downloaded (")
    assert not tab.discard_button.isVisibleTo(tab)  # nothing chosen yet
    tab.select("tiny-marian")
    assert tab.download_button.text() == "Resume download" and tab.download_button.isEnabled()
    assert tab.discard_button.isVisibleTo(tab) and tab.discard_button.isEnabled()
    # Another variant is no resume (the engine refuses it over the kept bytes): not so named.
    assert tab.variant.currentData() == kept.variant
    tab.variant.setCurrentIndex(tab.variant.findData("fp32"))
    assert tab.download_button.text() == "Download"
    tab.variant.setCurrentIndex(tab.variant.findData(kept.variant))
    assert tab.download_button.text() == "Resume download"
    # Tab leaves the table (arrows move in it), so the buttons can be reached.
    tab.window().activateWindow()
    tab.table.setFocus()
    qtbot.waitUntil(tab.table.hasFocus, timeout=WAIT_MS)
    QTest.keyClick(tab.table, Qt.Key.Key_Tab)
    assert not tab.table.hasFocus() and QApplication.focusWidget() is not None

    # Discarding asks first (it may be most of a large download): No keeps the files.
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Yes]
    asked: list[str] = []

    def answer(*args: object, **_kwargs: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", answer)
    tab.discard_button.click()
    assert kept.path.exists() and "kept by the stopped download of tiny-marian" in asked[0]
    with qtbot.waitSignal(window.runner.job_ended, timeout=WAIT_MS,
                          check_params_cb=lambda job: job.label == "catalog"):  # fmt: skip
        tab.discard_button.click()
    assert len(asked) == 2
    assert not kept.path.exists() and engine.store.partial_downloads() == ()
    assert cells(tab, 0)[6] == ""
    assert tab.download_button.text() == "Download" and not tab.discard_button.isVisibleTo(tab)


@contextmanager
def stalling_hub() -> Iterator[tuple[str, threading.Event]]:
    """A hub on 127.0.0.1 that answers nothing until ``release`` is set (then 404): a
    download under way for as long as a test needs."""
    release = threading.Event()

    class Stalling(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            release.wait(timeout=WAIT_MS / 1000)
            self.send_error(404)

        do_HEAD = do_GET

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Stalling)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", release
    finally:
        release.set()
        server.shutdown()
        server.server_close()


def test_a_translation_asked_for_during_a_download_runs_beside_it(
    qtbot: QtBot, windows: Windows, quire_home: Path, tmp_path: Path, online: None
) -> None:
    """Downloads have a lane (and an engine process) of their own: a translation asked for
    while a download stalls on the network runs and finishes meanwhile, and the download
    then ends as the hub answers. Before, the translation waited out the whole download."""
    import psutil

    from desktop.jobs import DOWNLOADS, ENGINE

    with stalling_hub() as (url, release):
        options = EngineOptions(home=quire_home, device="cpu", endpoint=url)
        Engine(options).import_model(exported("marian"), "opus-mt-en-de")
        window = windows.open(options, tmp_path / "q.ini")
        download = window.runner.submit(DownloadRequest(model="someone/big"), label="download")
        assert download.lane == DOWNLOADS
        qtbot.waitUntil(lambda: download.state is State.RUNNING, timeout=WAIT_MS)
        # (the worker says the job began before its process has started)
        qtbot.waitUntil(lambda: window.runner.lane_pid(DOWNLOADS) is not None, timeout=WAIT_MS)
        assert window.runner.lane_pid(DOWNLOADS) != window.runner.engine_pid
        pane = window.panes[0]
        pane.load_text("The house is small.")
        job = pane.run()
        assert job is not None and job.lane == ENGINE
        assert pane.busy.label.text() == "Waiting for the previous job…"
        with qtbot.waitSignal(job.finished, timeout=WAIT_MS):
            pass
        assert pane.result_text().strip()
        assert download.state is State.RUNNING, download.error  # no answer yet
        release.set()
        with qtbot.waitSignal(download.failed, timeout=WAIT_MS):
            pass
        # The idle lane's process ends (it holds no model); the engine's stays warm.
        qtbot.waitUntil(lambda: window.runner.lane_pid(DOWNLOADS) is None, timeout=WAIT_MS)
        assert window.runner.engine_pid is not None

        # Quitting during a download does not wait for the network: its process is ended.
        release.clear()
        again = window.runner.submit(DownloadRequest(model="someone/big"), label="download")
        qtbot.waitUntil(lambda: window.runner.lane_pid(DOWNLOADS) is not None, timeout=WAIT_MS)
        pid = window.runner.lane_pid(DOWNLOADS)
        assert pid is not None and psutil.pid_exists(pid)
        assert window.unfinished_work() == (0, 0, 1)
        window.quit_action.trigger()  # asked first, as for files and running jobs
        box = next(b for b in window.findChildren(QMessageBox) if b.isVisible())
        assert box.text() == "Quitting stops 1 download."
        assert "keeps what it has fetched" in box.informativeText()
        box.button(QMessageBox.StandardButton.Cancel).click()
        assert window.isVisible() and again.state is State.RUNNING
        window.runner.shutdown()
        assert not psutil.pid_exists(pid)
        qtbot.waitUntil(lambda: again.state is State.CANCELLED, timeout=WAIT_MS)


def test_turning_offline_mode_on_stops_the_downloads_under_way(
    qtbot: QtBot, windows: Windows, quire_home: Path, tmp_path: Path, online: None
) -> None:
    """A download went on for half a minute after Offline was ticked, to the hub and to its
    end, while the status bar said "Offline"; the catalog's note said nothing until the
    language changed."""
    with stalling_hub() as (url, _release):
        options = EngineOptions(home=quire_home, device="cpu", endpoint=url)
        window = windows.open(options, tmp_path / "q.ini")
        tab = open_catalog(qtbot, window)
        assert tab.offline_note.text() == ""
        download = window.runner.submit(DownloadRequest(model="someone/big"), label="download")
        qtbot.waitUntil(lambda: download.state is State.RUNNING, timeout=WAIT_MS)
        window.settings.offline = True
        window.apply_settings()
        qtbot.waitUntil(lambda: download.state is State.CANCELLED, timeout=WAIT_MS)
        assert window.statusBar().currentMessage().startswith("Offline mode is on: 1 download")
        assert tab.offline_note.text() == "Offline mode is on: downloads are off (Settings)."
        tab.select("tiny-marian")
        assert not tab.download_button.isEnabled()
        window.settings.offline = False
        window.apply_settings()
        assert tab.offline_note.text() == ""


def _keep_a_partial_download(options: EngineOptions) -> None:
    """A download of tiny-marian stopped once its first bytes have come (in this process)."""
    cancel = CancelToken()

    def report(event: Event) -> None:
        if isinstance(event, Progress) and event.done > 0:
            cancel.cancel()

    engine = Engine(options)
    with pytest.raises(Cancelled):
        download(engine.store, options, "tiny-marian", variant="int8", report=report,
                 cancel=cancel, report_every=1)  # fmt: skip
    assert [p.name for p in engine.store.partial_downloads()] == ["tiny-marian"]


def test_the_catalog_goes_on_during_a_long_job(qtbot: QtBot, make_window: MakeWindow) -> None:
    """The catalog's searches and discards waited for the engine's running job (a file's
    translation: minutes): the tab stayed empty, a finished download's row kept saying
    "Downloading…", the panes did not offer the new model, and a cancelled download's
    Download button stayed off. They now run beside it."""
    import threading

    window = make_window()
    tab = open_catalog(qtbot, window)
    release = threading.Event()
    blocker = window.runner.call(lambda _e, _r, _c: release.wait(WAIT_MS / 1000))
    try:
        qtbot.waitUntil(lambda: blocker.state is State.RUNNING, timeout=WAIT_MS)
        # The catalog's searches do not wait for the engine either.
        tab.search.setText("en-de")
        with qtbot.waitSignal(tab.refresh().finished, timeout=WAIT_MS):
            pass
        assert blocker.state is State.RUNNING and tab.table.rowCount() == 1

        cancelled = tab.download("tiny-marian", "int8")
        with qtbot.waitSignal(cancelled.job.cancelled, timeout=WAIT_MS):
            cancelled.cancel.click()
        tab.select("tiny-marian")
        assert cells(tab, 0)[6] != "Downloading…" and tab.download_button.isEnabled()
        _keep_a_partial_download(window.runner.options)
        tab.refresh()
        # The search after it says what was kept, and Discard deletes it, engine busy or not.
        qtbot.waitUntil(lambda: cells(tab, 0)[6].startswith("Partly downloaded"), timeout=WAIT_MS)
        tab.select("tiny-marian")
        assert tab.download_button.text() == "Resume download"
        discard = tab.discard_selected(confirm=False)
        assert discard is not None
        assert not tab.discard_button.isEnabled() and not tab.download_button.isEnabled()
        with qtbot.waitSignal(discard.finished, timeout=WAIT_MS):
            pass
        assert blocker.state is State.RUNNING
        assert cells(tab, 0)[6] == "" and tab.download_button.text() == "Download"
        assert tab.download_button.isEnabled() and not tab.discard_button.isVisibleTo(tab)

        download = tab.download("tiny-marian", "int8")
        with qtbot.waitSignal(download.job.finished, timeout=WAIT_MS):
            pass
        assert blocker.state is State.RUNNING  # the engine is still busy
        assert cells(tab, 0)[6] == "Installed" and not tab.download_button.isEnabled()
        assert "tiny-marian" in [e.name for e in window.panes[0].entries]
    finally:
        release.set()
    with qtbot.waitSignal(window.catalog_loaded, timeout=WAIT_MS):
        pass  # the full list, after the job
    assert [e.name for e in window.catalog or []] == ["tiny-marian"]


def test_how_a_model_fits_is_said_in_the_ui_language(qtbot: QtBot, make_window: MakeWindow) -> None:
    """The engine's fit reason is English ("needs about 257 MB, 22.7 GB memory free"): the
    catalog words it itself."""
    window = make_window()
    tab = open_catalog(qtbot, window)
    tab.select("tiny-marian")
    hit = tab.selected_hit()
    assert hit is not None
    assert "needs about" in tab.details.text()
    assert _tip(tab).startswith("needs about")
    assert window.translations.switch("zh_CN")
    try:
        tab.select("tiny-marian")
        tab._fill()
        assert "约需" in tab.details.text() and "needs about" not in tab.details.text()
        assert _tip(tab).startswith("约需")
    finally:
        window.translations.switch("en")


def _tip(tab: CatalogTab) -> str:
    item = tab.table.item(0, 4)  # the Fits column
    assert item is not None
    return item.toolTip()


def test_the_variant_box_is_wide_enough_for_its_choices_in_either_language(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    """The box took its width when first shown, empty: "int8 · 适合" was cut to "int8 · 适"."""
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QFontMetrics
    from PySide6.QtWidgets import QStyle, QStyleOptionComboBox

    window = make_window()
    tab = open_catalog(qtbot, window)
    for language in ("zh_CN", "en"):
        assert window.translations.switch(language)
        tab.select("tiny-marian")
        tab._fill()
        tab.select("tiny-marian")
        box = tab.variant
        assert box.count() > 0
        metrics = QFontMetrics(box.font())
        widest = max(metrics.horizontalAdvance(box.itemText(i)) for i in range(box.count()))
        option = QStyleOptionComboBox()
        box.initStyleOption(option)
        needed = box.style().sizeFromContents(
            QStyle.ContentsType.CT_ComboBox, option, QSize(widest, metrics.height()), box
        )
        # (the layout takes the new size on its next pass, through the event loop)
        width = needed.width()
        qtbot.waitUntil(lambda: box.width() >= width, timeout=WAIT_MS)  # noqa: B023


def test_the_catalog_works_from_the_keyboard(qtbot: QtBot, make_window: MakeWindow) -> None:
    """Esc in a search closed the whole manager, Enter did nothing, tabbing into the table
    showed the focus on a row that was not chosen (Down then skipped it), and a download
    started with the keyboard left the focus on a tab bar."""
    window = make_window()
    tab = open_catalog(qtbot, window)
    manager = window.manager
    assert manager is not None and tab.table.rowCount() == 1
    manager.activateWindow()
    tab.search.setFocus()
    QTest.keyClicks(tab.search, "en-de")
    QTest.keyClick(tab.search, Qt.Key.Key_Escape)
    assert tab.search.text() == "" and manager.isVisible()

    QTest.keyClick(tab.search, Qt.Key.Key_Return)
    assert tab.table.hasFocus() and tab.selected() == "tiny-marian"
    tab.table.clearSelection()
    tab.search.setFocus()
    QTest.keyClick(tab.search, Qt.Key.Key_Tab)  # to the task filter
    QTest.keyClick(tab.task, Qt.Key.Key_Tab)  # to the table: its first row is chosen
    assert tab.table.hasFocus() and tab.selected() == "tiny-marian"
    QTest.keyClick(tab.table, Qt.Key.Key_Tab)
    assert tab.variant.hasFocus()
    QTest.keyClick(tab.variant, Qt.Key.Key_Tab)  # (Discard is hidden: nothing kept)
    assert tab.download_button.hasFocus()
    QTest.keyClick(tab.download_button, Qt.Key.Key_Space)
    [download] = tab.downloads
    assert download.cancel.hasFocus()
    with qtbot.waitSignal(download.job.finished, timeout=WAIT_MS):
        pass


def test_a_download_waiting_its_turn_says_so(
    qtbot: QtBot, windows: Windows, quire_home: Path, tmp_path: Path, online: None
) -> None:
    """Downloads run one at a time: one waiting its turn had a busy bar beside the running
    one's still one, and its row already said "Downloading…"."""
    with stalling_hub() as (url, release):
        options = EngineOptions(home=quire_home, device="cpu", endpoint=url)
        window = windows.open(options, tmp_path / "q.ini")
        tab = open_catalog(qtbot, window)
        first = window.runner.submit(DownloadRequest(model="someone/big"), label="download")
        qtbot.waitUntil(lambda: first.state is State.RUNNING, timeout=WAIT_MS)
        waiting = tab.download("opus-mt-en-de", "int8")
        row = next(i for i, h in enumerate(tab.hits) if h.entry.name == "opus-mt-en-de")
        assert cells(tab, row)[6] == "Waiting to download…"
        assert waiting.bar.maximum() == 1 and waiting.label.text() == "opus-mt-en-de: waiting…"
        # Seen as its turn comes (this slot runs after the tab's own).
        turn: list[tuple[int, str]] = []
        waiting.job.started.connect(
            lambda: turn.append((waiting.bar.maximum(), cells(tab, row)[6]))
        )
        release.set()
        with qtbot.waitSignal(waiting.job.failed, timeout=WAIT_MS):
            pass
        assert turn == [(0, "Downloading…")]  # busy until bytes come


def test_the_chosen_variant_stays_chosen_when_the_list_is_refreshed(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    """The variant box was rebuilt on every refresh of the buttons (settings applied, a
    download starting, a discard ending): a picked fp32 went back to int8, and Download then
    fetched that."""
    window = make_window()
    tab = open_catalog(qtbot, window)
    tab.select("tiny-marian")
    fp32 = tab.variant.findData("fp32")
    assert fp32 >= 0 and tab.variant.currentData() != "fp32"
    tab.variant.setCurrentIndex(fp32)
    window.apply_settings()  # nothing changed
    tab._fill()  # as a download's start or a search's result does
    assert tab.variant.currentData() == "fp32"
    tab.table.clearSelection()
    tab.select("tiny-marian")  # chosen anew: its default again
    assert tab.variant.currentData() != "fp32"


def test_enter_before_the_search_has_run_chooses_its_first_result(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window()
    tab = open_catalog(qtbot, window)
    tab.search.setText("nothing like it")
    with qtbot.waitSignal(tab.refresh().finished, timeout=WAIT_MS):
        pass
    assert tab.table.rowCount() == 0
    tab.search.setText("en-de")  # typed: its search waits for typing to pause
    with qtbot.waitSignal(window.runner.job_ended, timeout=WAIT_MS,
                          check_params_cb=lambda job: job.label == "catalog"):  # fmt: skip
        QTest.keyClick(tab.search, Qt.Key.Key_Return)
    assert tab.table.hasFocus() and tab.selected() == "tiny-marian"


def test_the_catalogs_searches_plan_fits_for_the_engines_devices(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window()
    qtbot.waitUntil(lambda: window.doctor is not None, timeout=WAIT_MS)
    tab = open_catalog(qtbot, window)
    assert window.doctor is not None and window.doctor.plan
    job = tab.refresh()
    assert isinstance(job.request, CatalogRequest)
    assert job.request.devices == tuple(window.doctor.plan)


def test_a_catalog_damaged_while_browsing_is_named_and_the_list_follows_the_search(
    qtbot: QtBot, make_window: MakeWindow, tmp_path: Path
) -> None:
    """A review of the real window: a search in a damaged catalog was titled "The model
    library could not be changed" (a search changes nothing), its advice was to reinstall
    Quire for a site's own file, and after OK the box said the new search while the list
    still showed the old one's hits."""
    window = make_window()
    tab = open_catalog(qtbot, window)
    assert tab.table.rowCount() == 1
    catalog = window.runner.options.catalog
    assert catalog is not None
    catalog.write_text(catalog.read_text(encoding="utf-8")[:40], encoding="utf-8")
    tab.search.setText("tiny")
    with qtbot.waitSignal(window.runner.job_ended, timeout=WAIT_MS,
                          check_params_cb=lambda job: job.label == "catalog"):  # fmt: skip
        pass
    [box] = [b for b in QApplication.topLevelWidgets() if isinstance(b, QMessageBox)
             and b.isVisible()]  # fmt: skip
    assert box.windowTitle() == "The model catalog cannot be read"
    assert "correct this catalog file" in box.informativeText().lower()
    assert "Reinstall" not in box.informativeText() and str(catalog) in box.informativeText()
    assert tab.search.text() == "tiny" and tab.table.rowCount() == 0
    box.close()


def test_return_after_show_details_presses_ok(qtbot: QtBot) -> None:
    """In an error box, Return after clicking "Show Details…" hid the details again (the
    details button kept the focus and took Return) instead of pressing OK."""
    from desktop import errors
    from engine.errors import StoreError

    box = errors.present(StoreError("The model catalog is missing", message_id="catalog.missing"))
    assert box is not None
    qtbot.waitExposed(box)
    [details] = [b for b in box.buttons()
                 if box.buttonRole(b) == QMessageBox.ButtonRole.ActionRole]  # fmt: skip
    details.click()
    details.setFocus()
    with qtbot.waitSignal(box.finished, timeout=WAIT_MS):
        QTest.keyClick(details, Qt.Key.Key_Return)
    assert box.result() == QMessageBox.StandardButton.Ok
