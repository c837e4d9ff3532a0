"""The desktop's everyday path (issue #12), through real widgets on tiny real models: output
always belongs to the input shown, cancelling says so, detection is honest, files go in and
out without a terminal, and errors speak the user's language."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import sys
import tempfile
import threading
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QAction, QContextMenuEvent, QDesktopServices, QDropEvent, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop import about, drafts, errors, file_dialogs, launcher, main_window, theme
from desktop.about import AboutDialog
from desktop.glossary import GlossaryDialog, read_glossary, read_terms
from desktop.history import History, ReadHistory, read_entries
from desktop.i18n import Translations
from desktop.instance import InstanceServer, earlier_name, hand_over, server_name
from desktop.jobs import Job, State
from desktop.main_window import MainWindow
from desktop.model_manager import ModelSourceDialog
from desktop.panes import AskPane, ClassifyPane, TranslatePane
from desktop.panes.base import dimmed
from desktop.queue import RowState
from engine import (
    DoctorReport,
    Engine,
    EngineError,
    EngineOptions,
    InputError,
    StoredModel,
    StoreManifest,
    load_glossary,
)
from engine.api import Answer, AskResult, ModelUsed, TranslateRequest, TranslateResult
from engine.runtime.providers import ProbeResult
from engine.tasks.models import installed_model
from engine.text import detect
from tests.fixtures import corpus
from tests.fixtures import documents as build
from tests.fixtures.builder import exported
from tests.fixtures.desktop import WAIT_MS, Windows, in_view, long_english, windows
from tests.test_download import online

__all__ = ["online", "windows"]  # fixtures, used by name
MakeWindow = Callable[..., MainWindow]


def install(home: Path, **models: str) -> Engine:
    engine = Engine(EngineOptions(home=home, device="cpu"))
    for name, fixture in models.items():
        engine.import_model(exported(fixture), name)
    return engine


@pytest.fixture
def make_window(windows: Windows, quire_home: Path, tmp_path: Path) -> MakeWindow:
    def make(translations: Translations | None = None) -> MainWindow:
        options = EngineOptions(home=quire_home, device="cpu")
        return windows.open(options, tmp_path / "settings" / "quire.ini", translations)

    return make


def finish(qtbot: QtBot, job: Job | None) -> Job:
    assert job is not None
    with qtbot.waitSignal(job.finished, timeout=WAIT_MS):
        pass
    return job


def typing_pane(make_window: MakeWindow, quire_home: Path) -> TranslatePane:
    """The Translate pane of an active window with a model, live translation off and the
    keyboard in its text box."""
    install(quire_home, **{"opus-mt-en-de": "marian"})
    window = make_window()
    window.activateWindow()
    pane = translate_pane(window)
    pane.live_box.setChecked(False)
    pane.source.setFocus()
    return pane


def translate_pane(window: MainWindow) -> TranslatePane:
    pane = window.panes[0]
    assert isinstance(pane, TranslatePane)
    return pane


# --- 1. output belongs to the input shown --------------------------------------------------


def test_new_input_marks_the_translation_out_of_date(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path
) -> None:
    install(quire_home, **{"opus-mt-en-de": "marian"})
    window = make_window()
    pane = translate_pane(window)
    pane.live_box.setChecked(False)
    pane.load_text("Hello world.")
    finish(qtbot, pane.run())
    assert not dimmed(pane.output) and pane.output.toPlainText()
    assert pane.state_note.isHidden() and not pane.info.isHidden()
    assert pane.copy_button.isEnabled()

    pane.source.setFocus()
    QTest.keyClicks(pane.source, " And more.")  # typed
    assert dimmed(pane.output)  # dimmed: it is the translation of another text
    assert not pane.state_note.isHidden() and "Out of date" in pane.state_note.text()
    # Still there for the keyboard and a screen reader, which are told it is out of date.
    assert pane.output.isEnabled() and pane.output.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert "Out of date" in pane.output.accessibleDescription()
    assert pane.info.isHidden()  # its warnings went with it
    assert not pane.copy_button.isEnabled() and not pane.save_button.isEnabled()

    finish(qtbot, pane.run())
    assert not dimmed(pane.output) and pane.state_note.isHidden()
    assert pane.output.accessibleDescription() == ""

    pane.load_text("Another text.")  # pasted or opened
    assert dimmed(pane.output) and "Out of date" in pane.state_note.text()


def test_an_out_of_date_output_fades_in_the_theme_switched_to(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path
) -> None:
    install(quire_home, **{"opus-mt-en-de": "marian"})
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    window = make_window()
    pane = translate_pane(window)
    pane.live_box.setChecked(False)
    pane.load_text("Hello world.")
    finish(qtbot, pane.run())
    pane.load_text("Another text.")
    assert dimmed(pane.output)
    text, disabled = QPalette.ColorRole.Text, QPalette.ColorGroup.Disabled
    try:
        for name in ("dark", "light"):
            theme.apply(app, name, 0)
            app.processEvents()  # the palette change reaches the widgets as a posted event
            faded = app.palette().color(disabled, text)
            assert pane.output.palette().color(QPalette.ColorGroup.Active, text) == faded
            assert pane.output.palette().color(
                QPalette.ColorGroup.Active, QPalette.ColorRole.Base
            ) == app.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.Base)
        finish(qtbot, pane.run())
        assert not dimmed(pane.output)
        theme.apply(app, "dark", 0)
        app.processEvents()
        own = pane.output.palette().color(QPalette.ColorGroup.Active, text)
        assert own == app.palette().color(QPalette.ColorGroup.Active, text)
    finally:
        theme.apply(app, "light", 0)  # leave the app as other tests expect it


def test_a_text_over_the_as_you_type_limit_says_press_translate(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path
) -> None:
    install(quire_home, **{"opus-mt-en-de": "marian"})
    window = make_window()
    pane = translate_pane(window)
    assert pane.live_box.isChecked()
    pane.load_text("Hello world.")
    qtbot.waitUntil(lambda: pane.result is not None, timeout=WAIT_MS)
    long_text = " ".join(corpus.sentences("en")) * 40
    assert len(long_text) > 5000
    pane.load_text(long_text)
    assert "press Translate" in pane.state_note.text() and pane.state_note.isVisible()
    assert dimmed(pane.output) and not pane.debounce.isActive()


def test_an_edited_classification_is_marked_out_of_date(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path
) -> None:
    install(quire_home, sentiment="bert-cls")
    window = make_window()
    window.show_pane(3)
    pane = window.current_pane()
    assert isinstance(pane, ClassifyPane)
    pane.load_text("The food was wonderful.")
    finish(qtbot, pane.run())
    assert not dimmed(pane.bars) and not dimmed(pane.heat)
    pane.text.setFocus()
    QTest.keyClicks(pane.text, " Not.")
    assert dimmed(pane.bars) and dimmed(pane.heat)
    assert "Out of date" in pane.state_note.text()


# --- 4. cancelling says so ------------------------------------------------------------------


def test_cancelling_says_cancelled_and_marks_the_partial_output(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path
) -> None:
    install(quire_home, **{"opus-mt-en-de": "marian"})
    window = make_window()
    window.activateWindow()
    pane = translate_pane(window)
    pane.live_box.setChecked(False)
    pane.load_text(long_english())
    job = pane.run()
    assert job is not None
    partials: list[str] = []
    job.partial.connect(partials.append)
    with qtbot.waitSignal(job.partial, timeout=WAIT_MS):
        pass
    assert not dimmed(pane.output)  # the partial output of this very input
    messages: list[str] = []
    pane.status.connect(messages.append)
    with qtbot.waitSignal(job.cancelled, timeout=WAIT_MS):
        QTest.keyClick(pane.source, Qt.Key.Key_Escape)
    assert job.state is State.CANCELLED
    assert "Cancelled" in messages
    assert pane.state_note.text() == "Cancelled. The result shown is incomplete."
    # What was translated before Esc stays usable: selectable, copied (the note says it is
    # incomplete).
    assert not dimmed(pane.output) and pane.copy_button.isEnabled()
    pane.copy_result()
    assert QApplication.clipboard().text() == partials[-1]


def test_typing_over_a_running_translation_is_not_called_cancelled(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path
) -> None:
    install(quire_home, **{"opus-mt-en-de": "marian"})
    window = make_window()
    pane = translate_pane(window)
    pane.live_box.setChecked(False)
    pane.load_text(long_english())
    job = pane.run()
    assert job is not None
    with qtbot.waitSignal(job.partial, timeout=WAIT_MS):
        pass
    messages: list[str] = []
    pane.status.connect(messages.append)
    with qtbot.waitSignal(job.cancelled, timeout=WAIT_MS):
        pane.source.setFocus()
        QTest.keyClicks(pane.source, "x")  # the text it translated is gone
    assert "Cancelled" not in messages
    assert "Out of date" in pane.state_note.text() and dimmed(pane.output)


# --- 2. honest language detection -------------------------------------------------------------

GERMAN = "Der Zug nach Hamburg hat heute leider zwanzig Minuten Verspätung."


def test_a_language_no_model_translates_is_named_and_the_catalog_offered(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path
) -> None:
    install(quire_home, **{"opus-mt-en-fr": "marian"})
    window = make_window()
    pane = translate_pane(window)
    pane.live_box.setChecked(False)
    assert pane.to_box.currentData() == "fr"
    pane.load_text(GERMAN)
    job = pane.run()
    assert job is not None
    with qtbot.waitSignal(job.failed, timeout=WAIT_MS):
        pass
    assert pane.result is None and pane.output.toPlainText() == ""  # nothing ran on it
    expected = f"{detect(GERMAN).confidence:.0%}"
    assert "German" in pane.info.text() and expected in pane.info.text()
    assert pane.find_button.isVisible() and "German" in pane.find_button.text()
    pane.find_button.click()
    assert window.manager is not None and window.manager.isVisible()
    assert window.manager.tabs.currentWidget() is window.manager.catalog
    assert window.manager.catalog.search.text() == "de-fr"

    # Choosing the source language is the user's call: then the model runs.
    pane.from_box.setCurrentIndex(pane.from_box.findData("en"))
    finish(qtbot, pane.run())
    assert isinstance(pane.result, TranslateResult) and pane.result.detected_confidence is None


def test_detection_shows_the_detectors_real_confidence(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path
) -> None:
    install(quire_home, **{"opus-mt-en-fr": "marian"})
    window = make_window()
    pane = translate_pane(window)
    pane.live_box.setChecked(False)
    text = "The weather is nice today."
    pane.load_text(text)
    finish(qtbot, pane.run())
    found = detect(text)  # over every language, not only English
    assert isinstance(pane.result, TranslateResult)
    assert pane.result.detected_confidence == pytest.approx(found.confidence)
    assert f"Detected English (en), {found.confidence:.0%} sure" in pane.info.text()


def test_swap_swaps_both_languages_even_without_a_model_for_the_way_back(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path
) -> None:
    install(quire_home, **{"opus-mt-en-fr": "marian"})
    window = make_window()
    pane = translate_pane(window)
    pane.live_box.setChecked(False)
    pane.load_text("The weather is nice today.")
    finish(qtbot, pane.run())
    translated = pane.output.toPlainText()
    pane.swap_button.click()
    assert (pane.from_box.currentData(), pane.to_box.currentData()) == ("fr", "en")
    assert pane.source.toPlainText() == translated and pane.output.toPlainText() == ""
    assert pane.state_note.isHidden()


# --- 3. passage search is not question answering -----------------------------------------------


def test_ask_without_a_qa_model_says_it_only_searches_passages(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path
) -> None:
    install(quire_home, embed="bert-embed")
    window = make_window()
    window.show_pane(2)
    pane = window.current_pane()
    assert isinstance(pane, AskPane)
    assert pane.passages_note.isVisible() and "only passage search" in pane.passages_note.text()
    context = "\n\n".join(" ".join(corpus.sentences("en")[i : i + 2]) for i in range(0, 8, 2))
    pane.load_text(context)
    pane.question.setText("Where did they go?")
    finish(qtbot, pane.run())
    assert isinstance(pane.result, AskResult) and pane.result.passages
    assert pane.answers_label.text() == "&Passages:"
    rows = [pane.answers.item(i).text() for i in range(pane.answers.count())]
    assert rows and all(re.search(r"\(relevance \d\.\d\d\)$", row) for row in rows)
    assert pane.find_button.isVisible()
    pane.find_button.click()
    assert window.manager is not None
    assert window.manager.catalog.search.text() == "distilbert-base-cased-distilled-squad"


def test_ask_with_a_qa_model_shows_answers_with_confidence(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path
) -> None:
    install(quire_home, qa="distilbert-qa")
    window = make_window()
    window.show_pane(2)
    pane = window.current_pane()
    assert isinstance(pane, AskPane)
    assert pane.passages_note.isHidden() and pane.find_button.isHidden()
    pane.load_text(" ".join(corpus.sentences("en")[:4]))
    pane.question.setText("Where did they go?")
    finish(qtbot, pane.run())
    assert pane.answers_label.text() == "&Answers:"
    assert all("sure" in pane.answers.item(i).text() for i in range(pane.answers.count()))


# --- 10. words a desktop user can act on ------------------------------------------------------


def test_an_expected_error_gives_no_command_and_no_traceback(
    qtbot: QtBot, make_window: MakeWindow, tmp_path: Path
) -> None:
    window = make_window()
    folder = tmp_path / "half-a-model"
    shutil.copytree(exported("bert-cls"), folder)
    (folder / "tokenizer.json").unlink()  # the engine's hint: "Export … with `quire models export`"
    job = window.import_folder(folder)
    assert job is not None
    with qtbot.waitSignal(job.failed, timeout=WAIT_MS):
        pass
    assert window.manager is not None
    boxes = [b for b in window.manager.findChildren(QMessageBox) if b.isVisible()]
    assert len(boxes) == 1
    box = boxes[0]
    said = box.text() + box.informativeText()
    assert "tokenizer.json" in said and "`" not in said and "quire models" not in said
    assert "Import" in box.informativeText()  # what to do, in the app
    assert "Traceback" not in box.detailedText()
    assert "ModelInvalid" in box.detailedText() and "quire models export" in box.detailedText()
    assert not errors.speaks_terminal(box.informativeText())


def test_refusals_say_what_is_wrong_and_what_to_do_in_the_app(
    quire_home: Path, tmp_path: Path
) -> None:
    """A name already installed, an archive that is no archive, an output that cannot be
    written: each with its own advice (all said 'Check that the disk is not full…' or
    'Check the text or the file' before)."""
    from engine.fileio import write_atomic

    engine = install(quire_home, **{"opus-mt-en-de": "marian"})
    said: list[str] = []
    with pytest.raises(EngineError) as clash:
        engine.import_model(exported("marian"), "opus-mt-en-de")
    bad_zip = tmp_path / "model.zip"
    bad_zip.write_bytes(b"not a zip archive")
    with pytest.raises(EngineError) as unreadable:
        engine.import_model(bad_zip, "other")
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(EngineError) as unwritable:
        write_atomic(blocker / "out.txt", "text")
    for refused in (clash.value, unreadable.value, unwritable.value):
        message = errors.describe(refused)
        assert message is not None
        said.append(message.text)
        assert "disk is not full" not in message.text and not errors.speaks_terminal(message.text)
    assert "is already installed" in said[0] and "Remove it in Models → Manage models" in said[0]
    assert "The archive cannot be read" in said[1] and "damaged or incomplete" in said[1]
    assert "cannot write the file there" in said[2] and "Choose another folder" in said[2]


def test_an_unexpected_error_keeps_its_traceback_in_the_details() -> None:
    try:
        raise ValueError("boom")
    except ValueError as exc:
        message = errors.describe(exc)
    assert message is not None and "Traceback" in message.details


# --- 12. the device and the network in plain words ----------------------------------------------


def test_a_cpu_only_computer_reads_running_on_the_cpu(make_window: MakeWindow) -> None:
    window = make_window()
    window.doctor = DoctorReport(
        python="3", platform="linux", versions={}, onnxruntime=True, torch=False,
        providers=(
            ProbeResult("cpu", "CPUExecutionProvider", True, "ok"),
            ProbeResult("cuda", "CUDAExecutionProvider", False, "libcublasLt.so.13 is missing"),
        ),
        plan=("cpu",), store=Path("."),
    )  # fmt: skip
    window._show_device()
    assert window.device_label.text() == "Running on the CPU"
    assert "libcublasLt" in window.device_label.toolTip()  # the reason, in the details
    manager = window.show_model_manager()
    install_entry = window.catalog or []
    manager.set_data(install_entry, window.doctor, {})
    assert "libcublasLt" not in manager.details.text().split("\n")[0]


def test_downloads_that_cannot_connect_say_so_and_settings_hold_proxy_and_mirror(
    qtbot: QtBot, make_window: MakeWindow, online: None
) -> None:
    window = make_window()
    dialog = window.show_settings()
    dialog.proxy.setText("proxy.example.com")  # not a URL
    assert dialog.network_problem.isVisible() and "proxy" in dialog.network_problem.text()
    dialog.proxy.setText("")
    dialog.mirror.setText("http://127.0.0.1:9")  # a mirror nobody answers on
    assert dialog.network_problem.isHidden()
    dialog.accept()
    assert window.settings.mirror == "http://127.0.0.1:9"
    assert window.runner.options.endpoint == "http://127.0.0.1:9"

    catalog = window.show_model_manager().show_catalog()
    item = catalog.download("opus-mt-en-de", "int8")
    with qtbot.waitSignal(item.job.failed, timeout=WAIT_MS):
        pass
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert len(boxes) == 1
    said = boxes[0].informativeText()
    assert "could not reach 127.0.0.1:9" in said and "seems to be offline" in said
    assert "Settings → Preferences." in said and not errors.speaks_terminal(said)


# --- 5. files in, files out ------------------------------------------------------------------


def test_a_file_opened_over_typed_text_can_be_undone(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, tmp_path: Path
) -> None:
    """Opening a file replaced the text box and Ctrl+Z could not bring the typed text back."""
    pane = typing_pane(make_window, quire_home)
    QTest.keyClicks(pane.source, "My own notes")
    source = tmp_path / "letter.txt"
    letter = "Dear Sir,\n\nthe letter."
    source.write_text(letter, encoding="utf-8")
    assert pane.open_file(source)
    qtbot.waitUntil(lambda: pane.source.toPlainText() == letter, timeout=WAIT_MS)
    control = Qt.KeyboardModifier.ControlModifier
    QTest.keyClick(pane.source, Qt.Key.Key_Z, control)
    assert pane.source.toPlainText() == "My own notes"
    QTest.keyClick(pane.source, Qt.Key.Key_Z, control | Qt.KeyboardModifier.ShiftModifier)
    assert pane.source.toPlainText() == letter


def test_a_long_text_put_over_typed_text_can_be_undone(
    make_window: MakeWindow, quire_home: Path
) -> None:
    """The clipboard shortcut with 255,000 characters replaced typed notes for good: over
    200,000 the text was put in at once, with no edit to take back."""
    pane = typing_pane(make_window, quire_home)
    QTest.keyClicks(pane.source, "My own notes")
    long = "A sentence of the long text.\n" * 9000  # 261,000 characters
    pane.load_text(long)
    assert pane.source.toPlainText() == long
    QTest.keyClick(pane.source, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert pane.source.toPlainText() == "My own notes"


def _clipboard(*, files: tuple[Path, ...] = (), html: str = "", data: str = "") -> QMimeData:
    """What another application puts on the clipboard: a file manager's copied files (their
    addresses as text too), a page's HTML alone, or only an image."""
    mime = QMimeData()
    if files:
        mime.setUrls([QUrl.fromLocalFile(str(f)) for f in files])
        mime.setText("\n".join(QUrl.fromLocalFile(str(f)).toString() for f in files))
    if html:
        mime.setHtml(html)
    if data:
        mime.setData(data, b"\x89PNG\r\n")
    return mime


def test_the_clipboard_shortcut_takes_copied_files_and_html_and_says_when_there_is_nothing(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, tmp_path: Path
) -> None:
    """A file copied in a file manager was translated as its file:// address, a page's HTML
    alone was "no text", and that message was gone under the model's loading at a start."""
    pane = typing_pane(make_window, quire_home)
    window = pane.window()
    assert isinstance(window, MainWindow)
    letter = tmp_path / "letter.txt"
    letter.write_text("Dear Sir, the letter.", encoding="utf-8")
    QApplication.clipboard().setMimeData(_clipboard(files=(letter,)))
    window.translate_clipboard()
    qtbot.waitUntil(lambda: pane.source.toPlainText() == "Dear Sir, the letter.", timeout=WAIT_MS)
    assert pane.source_path == letter
    QApplication.clipboard().setMimeData(_clipboard(html="<p>Only <b>HTML</b> here.</p>"))
    with qtbot.waitSignal(window.runner.job_started, timeout=WAIT_MS):
        window.translate_clipboard()
    assert pane.source.toPlainText() == "Only HTML here."
    finish(qtbot, pane.job)
    QApplication.clipboard().setMimeData(_clipboard(data="image/png"))
    window.translate_clipboard()
    box = window.clipboard_box
    assert box is not None and box.isVisible() and "no text" in box.text()
    window.translate_clipboard()  # the shortcut pressed again: still the one box
    shown = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert shown == [box]
    box.close()


def test_a_launchs_request_brings_the_window_up_before_any_box_opens(
    make_window: MakeWindow, quire_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found by running the README's first command under Xvfb: "nothing to translate" was
    opened, then the window raised over it, hidden behind it with its OK button."""
    window = make_window()
    calls: list[str] = []
    monkeypatch.setattr(window, "bring_to_front", lambda: calls.append("front"))
    monkeypatch.setattr(window, "translate_clipboard", lambda: calls.append("clipboard"))
    monkeypatch.setattr(window, "open_paths", lambda _paths: calls.append("files"))
    window.receive([quire_home / "a.txt"], clipboard=True)
    assert calls == ["front", "files", "clipboard"]


def test_a_copied_or_dropped_file_is_opened_wherever_it_lands(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, tmp_path: Path
) -> None:
    """Pasted into a text box, dropped on Ask's question or pasted there: the file opens in
    the pane; its file:// address was typed in instead."""
    install(quire_home, **{"opus-mt-en-de": "marian", "minilm": "bert-embed"})
    window = make_window()
    window.activateWindow()
    letter = tmp_path / "letter.txt"
    letter.write_text("Ann wrote the letter.", encoding="utf-8")
    QApplication.clipboard().setMimeData(_clipboard(files=(letter,)))
    pane = translate_pane(window)
    pane.source.setFocus()
    pane.source.paste()
    qtbot.waitUntil(lambda: pane.source.toPlainText() == "Ann wrote the letter.", timeout=WAIT_MS)
    ask = next(p for p in window.panes if isinstance(p, AskPane))
    window.show_pane(window.panes.index(ask))
    dropped = _clipboard(files=(letter,))  # (the event does not own it: kept alive here)
    drop = QDropEvent(
        QPointF(5, 5), Qt.DropAction.CopyAction, dropped,
        Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    ask.question.dropEvent(drop)
    assert drop.isAccepted() and ask.question.text() == ""
    qtbot.waitUntil(lambda: ask.context.toPlainText() == "Ann wrote the letter.", timeout=WAIT_MS)
    ask.context.clear()
    ask.question.setFocus()
    QTest.keyClick(ask.question, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert ask.question.text() == ""
    qtbot.waitUntil(lambda: ask.context.toPlainText() == "Ann wrote the letter.", timeout=WAIT_MS)
    # The context menu's Paste too (a review of the fix found it typed the address).
    ask.context.clear()
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, QPoint(5, 5), QPoint(5, 5))
    ask.question.contextMenuEvent(event)
    menu = next(m for m in ask.question.findChildren(QMenu) if m.isVisible())
    next(a for a in menu.actions() if a.objectName() == "edit-paste").trigger()
    menu.close()
    assert ask.question.text() == ""
    qtbot.waitUntil(lambda: ask.context.toPlainText() == "Ann wrote the letter.", timeout=WAIT_MS)
    QApplication.clipboard().setText("Who wrote it?")  # and text is pasted as text
    ask.question.contextMenuEvent(event)
    menu = next(m for m in ask.question.findChildren(QMenu) if m.isVisible())
    next(a for a in menu.actions() if a.objectName() == "edit-paste").trigger()
    menu.close()
    assert ask.question.text() == "Who wrote it?"
    # HTML alone, as its text on one line (nothing came: QLineEdit takes plain text only).
    ask.question.clear()
    QApplication.clipboard().setMimeData(_clipboard(html="<p>Who <b>wrote</b></p><p>it?</p>"))
    QTest.keyClick(ask.question, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert ask.question.text() == "Who wrote it?"
    ask.question.clear()  # the context menu's Paste too (Qt greyed it out for HTML alone)
    ask.question.contextMenuEvent(event)
    menu = next(m for m in ask.question.findChildren(QMenu) if m.isVisible())
    paste = next(a for a in menu.actions() if a.objectName() == "edit-paste")
    assert paste.isEnabled()
    paste.trigger()
    menu.close()
    assert ask.question.text() == "Who wrote it?"


def test_several_files_on_a_one_file_pane_are_said_in_a_box(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, tmp_path: Path
) -> None:
    install(quire_home, minilm="bert-embed")
    window = make_window()
    ask = next(p for p in window.panes if isinstance(p, AskPane))
    files = [tmp_path / f"{n}.txt" for n in "abc"]
    for f in files:
        f.write_text(f"Text {f.stem}.", encoding="utf-8")
    translations = Translations()  # the app's: English plurals, Chinese
    try:
        ask.open_files(files)
        qtbot.waitUntil(lambda: ask.context.toPlainText() == "Text a.", timeout=WAIT_MS)
        box = ask.left_out_box
        assert box is not None and box.isVisible()
        assert "a.txt is opened, and the other 2 files are left out." in box.text()
        box.close()
        # In Chinese too: a pane's self.tr looked the plural up in AskPane's context and it
        # came out in English, "1 file(s)" (an outside check).
        assert translations.switch("zh_CN")
        ask.open_files(files[:2])
        box = ask.left_out_box
        assert box is not None and "其余 1 个文件未打开" in box.text()
        box.close()
    finally:
        translations.switch("en")


def test_opening_several_files_gives_what_dropping_them_gives(
    qtbot: QtBot,
    make_window: MakeWindow,
    quire_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    install(quire_home, **{"opus-mt-en-de": "marian"})
    window = make_window()
    window.activateWindow()
    window.queue.pause()  # only the rows matter here
    files = [tmp_path / "a.txt", tmp_path / "b.srt"]
    files[0].write_text("Hello world.", encoding="utf-8")
    files[1].write_text("1\n00:00:01,000 --> 00:00:02,000\nHello.\n", encoding="utf-8")
    asked: list[str] = []

    def pick(*args: object, **_kwargs: object) -> list[str]:
        asked.append(str(args[3]))  # the filters
        return [str(f) for f in files]

    monkeypatch.setattr(file_dialogs, "open_file_names", pick)
    QTest.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert "*.srt" in asked[0] and "*.docx" in asked[0] and "*.pdf" in asked[0]
    opened = [r.path for r in window.queue.rows]
    assert opened == files
    window.queue.rows.clear()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(f)) for f in files])
    drop = QDropEvent(
        QPointF(10, 10), Qt.DropAction.CopyAction, mime,
        Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    window.dropEvent(drop)
    assert [r.path for r in window.queue.rows] == opened
    assert window.toolbar.actions()[:2] == [window.open_action, window.folder_action]


def test_the_open_dialog_starts_where_files_given_to_quire_came_from(
    qtbot: QtBot,
    make_window: MakeWindow,
    quire_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A file opened from a file manager ("Open with Quire", or dropped): Ctrl+O then starts
    in its folder, where the user's other files are, not where the last dialog was."""
    install(quire_home, **{"opus-mt-en-de": "marian"})
    window = make_window()
    window.queue.pause()  # only where the dialog starts matters here
    earlier, reports = tmp_path / "earlier", tmp_path / "reports"
    earlier.mkdir()
    reports.mkdir()
    (reports / "q3.txt").write_text("Hello world.", encoding="utf-8")
    started: list[str] = []

    def pick(*args: object, **_kwargs: object) -> list[str]:
        started.append(str(args[2]))  # the folder it opens in
        return []

    monkeypatch.setattr(file_dialogs, "open_file_names", pick)
    monkeypatch.setattr(file_dialogs, "existing_directory", lambda *_a, **_k: str(earlier))
    window.add_folder_dialog()  # the last dialog was in another folder
    window.open_paths([reports / "q3.txt"])
    window.open_dialog()
    assert started == [str(reports)]


def test_a_text_file_is_translated_into_a_file_and_a_folder_added(
    qtbot: QtBot,
    make_window: MakeWindow,
    quire_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    install(quire_home, **{"opus-mt-en-de": "marian"})
    window = make_window()
    text = tmp_path / "notes.txt"
    text.write_text("Hello world.", encoding="utf-8")
    monkeypatch.setattr(file_dialogs, "open_file_names", lambda *_a, **_k: [str(text)])
    with qtbot.waitSignal(window.queue.row_finished, timeout=WAIT_MS):
        window.to_files_action.trigger()
    assert (tmp_path / "notes.de.txt").is_file()
    assert translate_pane(window).source.toPlainText() == ""  # not into the box

    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "x.txt").write_text("Good morning.", encoding="utf-8")
    monkeypatch.setattr(file_dialogs, "existing_directory", lambda *_a, **_k: str(folder))
    with qtbot.waitSignal(window.queue.row_finished, timeout=WAIT_MS):
        window.folder_action.trigger()
    assert (folder / "x.de.txt").is_file()


def test_save_suggests_the_name_pattern_from_settings(
    qtbot: QtBot,
    make_window: MakeWindow,
    quire_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    install(quire_home, **{"opus-mt-en-de": "marian"})
    window = make_window()
    window.settings.output_pattern = "{name}-{lang}{ext}"
    window.settings.output_folder = tmp_path
    pane = translate_pane(window)
    pane.live_box.setChecked(False)
    pane.load_text("Hello world.")
    finish(qtbot, pane.run())
    suggested: list[str] = []

    def save(*args: object, **_kwargs: object) -> tuple[str, str]:
        suggested.append(str(args[2]))
        return "", ""

    monkeypatch.setattr(file_dialogs, "save_file_name", save)
    pane.save_button.click()
    assert suggested == [str(tmp_path / "translation-de.txt")]


# --- 6. finished outputs open; Cancel needs no selection ---------------------------------------


def test_finished_outputs_open_with_a_double_click_or_enter_and_show_in_their_folder(
    qtbot: QtBot,
    make_window: MakeWindow,
    quire_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    install(quire_home, **{"opus-mt-en-de": "marian"})
    window = make_window()
    opened: list[str] = []

    def open_url(url: QUrl) -> bool:
        opened.append(url.toLocalFile())
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", open_url)
    source = tmp_path / "a.txt"
    source.write_text("Hello world.", encoding="utf-8")
    with qtbot.waitSignal(window.queue.row_finished, timeout=WAIT_MS):
        translate_pane(window).translate_files([source])
    output = tmp_path / "a.de.txt"
    assert output.is_file()
    view = window.queue_view
    table = view.table
    rect = table.visualRect(table.model().index(0, 0))
    # QTest's double click is only the second click of one: the first press comes before.
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    QTest.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened == [str(output)]
    table.setFocus()
    table.setCurrentCell(0, 0)
    QTest.keyClick(table, Qt.Key.Key_Return)
    assert opened == [str(output)] * 2
    view.select(window.queue.rows[0])
    assert view.show_button.isEnabled()
    view.show_button.click()
    assert opened[-1] == str(tmp_path)  # the folder, where Qt cannot select the file

    # A desktop with no program for the file (or no launcher): said where the file is.
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda _url: False)
    QTest.keyClick(table, Qt.Key.Key_Return)
    assert window.statusBar().currentMessage() == (
        f"No program on this computer opens a.de.txt; it is in {tmp_path}"
    )
    view.show_button.click()
    said = window.statusBar().currentMessage()
    assert said == f"The file manager could not be opened; the file is {output}"


def test_the_queues_cancel_stops_the_running_file_without_a_selection(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, tmp_path: Path
) -> None:
    install(quire_home, **{"opus-mt-en-de": "marian"})
    window = make_window()
    long_file = tmp_path / "long.txt"
    long_file.write_text(
        long_english(),
        encoding="utf-8",
    )
    translate_pane(window).translate_files([long_file])
    row = window.queue.rows[0]
    qtbot.waitUntil(lambda: window.queue.running is row and row.done > 0, timeout=WAIT_MS)
    view = window.queue_view
    assert view.selected_rows() == [] and view.cancel_button.isEnabled()
    with qtbot.waitSignal(window.queue.row_finished, timeout=WAIT_MS):
        view.cancel_button.click()
    assert row.state is RowState.CANCELLED


# --- 14. the keyboard ---------------------------------------------------------------------------


def test_tab_leaves_the_text_box_and_ctrl_tab_types_a_tab(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path
) -> None:
    pane = typing_pane(make_window, quire_home)
    window = pane.window()
    assert isinstance(window, MainWindow)
    QTest.keyClicks(pane.source, "a")
    QTest.keyClick(pane.source, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert pane.source.toPlainText() == "a\t"
    QTest.keyClick(pane.source, Qt.Key.Key_Tab)
    assert pane.source.toPlainText() == "a\t" and not pane.source.hasFocus()
    # Every control of every pane takes the keyboard (by Tab or by click and Tab), but a
    # faded switch that does nothing here (the Glossary without terms for these languages).
    for each in window.panes:
        for widget in each.findChildren(QWidget):
            if isinstance(widget, (QAbstractButton, QComboBox, QLineEdit, QTextEdit)):
                taken = widget.focusPolicy() & Qt.FocusPolicy.TabFocus
                assert taken or dimmed(widget), widget.accessibleName()


def test_tab_goes_through_a_pane_as_the_eye_reads(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path
) -> None:
    """Model, options, the text and its result, the switches, then the buttons: the buttons,
    made first by the pane's base class, came right after the model (Model → Translate →
    From → To)."""
    pane = typing_pane(make_window, quire_home)
    pane.source.setPlainText("Hello.")  # the Translate button takes the keyboard when it can
    pane.model_box.setFocus()
    visited: list[QWidget] = []
    for _ in range(9):
        focused = QApplication.focusWidget()
        assert focused is not None
        visited.append(focused)
        QTest.keyClick(focused, Qt.Key.Key_Tab)
    # (no glossary: its faded switch does nothing here and Tab passes it, as a disabled one;
    # Tab stopped on what looked disabled, an outside review found)
    assert dimmed(pane.glossary_box)
    assert visited == [
        pane.model_box, pane.from_box, pane.swap_button, pane.to_box, pane.memory_button,
        pane.source, pane.output, pane.live_box, pane.run_button,
    ]  # fmt: skip


def _mnemonic(text: str) -> str | None:
    """The letter Alt takes to reach a label's control (``&x``; ``&&`` is a plain ``&``)."""
    found = re.search(r"&([^&\s])", text.replace("&&", ""))
    return found.group(1).lower() if found else None


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_each_panes_alt_letters_are_its_own_and_reach_their_controls(
    language: str, qtbot: QtBot, make_window: MakeWindow, quire_home: Path
) -> None:
    """An underlined letter that the menu bar also takes opened the menu, never the control
    (Alt+M: Models, not Model; Alt+F: File, not From)."""
    install(quire_home, **{"opus-mt-en-de": "marian"})
    translations = Translations()
    assert translations.switch(language)
    try:
        window = make_window(translations)
        window.activateWindow()
        qtbot.waitExposed(window)
        menus = {_mnemonic(action.text()) for action in window.menuBar().actions()}
        for index, pane in enumerate(window.panes):
            window.show_pane(index)
            labeled = [
                label
                for label in pane.findChildren(QLabel)
                if label.isVisible() and label.buddy() is not None and _mnemonic(label.text())
            ]
            assert labeled, pane.task
            letters = [_mnemonic(label.text()) for label in labeled]
            assert len(set(letters)) == len(letters), (pane.task, letters)
            assert not set(letters) & menus, (pane.task, letters)
            # (a control switched off, as Summarize's language without an instruction model,
            # takes no focus: its letter is only checked to be its own)
            labels = [label for label in labeled if label.buddy().isEnabled()]
            letters = [_mnemonic(label.text()) for label in labels]
            for label, letter in zip(labels, letters, strict=True):
                assert letter not in menus, (pane.task, label.text())
                assert letter is not None
                QTest.keyClick(window, Qt.Key(ord(letter.upper())), Qt.KeyboardModifier.AltModifier)
                focused = QApplication.focusWidget()
                buddy = label.buddy()
                assert QApplication.activePopupWidget() is None, (pane.task, label.text())
                assert focused is not None, (pane.task, label.text())
                assert focused is buddy or buddy.isAncestorOf(focused), (pane.task, label.text())
    finally:
        translations.switch("en")


def test_every_menu_command_people_reach_often_has_its_own_shortcut(
    make_window: MakeWindow,
) -> None:
    """Preferences, Manage models and Glossary had none (the platform's Preferences key is
    empty on Linux and Windows); no two actions share one."""
    window = make_window()
    actions = [a for a in window.findChildren(QAction) if a.shortcuts()]
    keys = [k.toString() for a in actions for k in a.shortcuts()]
    assert len(keys) == len(set(keys)), sorted(keys)
    for action in (window.settings_action, window.manage_action, window.glossary_action):
        assert action.shortcut().toString(), action.text()
    assert window.settings_action.shortcut().toString() in ("Ctrl+,", "Meta+,")


def test_toolbar_buttons_show_no_alt_letters_or_ellipses(make_window: MakeWindow) -> None:
    """Qt shows a menu text's Chinese-style Alt letter on a toolbar button ("打开(O)")."""
    translations = Translations()
    try:
        for language, expected in (
            ("en", ["Open", "Add folder", "Translate files into files"]),
            ("zh_CN", ["打开", "添加文件夹", "将文件翻译为文件"]),
        ):
            assert translations.switch(language)
            window = make_window(translations)
            shown = [
                button.text()
                for action in window.toolbar.actions()
                if isinstance(button := window.toolbar.widgetForAction(action), QAbstractButton)
            ]
            assert shown == expected
            assert "(&" in window.open_action.text() or language == "en"  # the menu keeps it
            window.close()
    finally:
        translations.switch("en")


def test_ctrl_h_brings_the_history_to_the_front(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path
) -> None:
    install(quire_home, **{"opus-mt-en-de": "marian"})
    window = make_window()
    window.activateWindow()
    window.queue_dock.show()
    window.history_dock.show()
    window.queue_dock.raise_()  # Files in front, History behind its tab
    qtbot.waitUntil(lambda: window.history_dock.visibleRegion().isEmpty(), timeout=WAIT_MS)
    QTest.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.history_dock.visibleRegion().isEmpty(), timeout=WAIT_MS)
    assert not window.history_dock.isHidden() and window.history_action.isChecked()
    assert window.history_panel.search.hasFocus()
    QTest.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    assert window.history_dock.isHidden() and not window.history_action.isChecked()


# --- 7. one import dialog; the catalog knows what is installed ---------------------------------


def test_one_dialog_imports_a_folder_or_an_archive_and_the_catalog_marks_it_installed(
    qtbot: QtBot, make_window: MakeWindow, tmp_path: Path
) -> None:
    window = make_window()
    manager = window.show_model_manager()
    folder = tmp_path / "opus-mt-en-de"
    shutil.copytree(exported("marian"), folder)
    dialog = manager.choose_import()
    assert isinstance(dialog, ModelSourceDialog) and dialog.isVisible()
    dialog.selectFile(str(folder))
    with qtbot.waitSignal(window.catalog_loaded, timeout=WAIT_MS):
        dialog.accept()  # a model folder is chosen, not opened
    assert dialog.chosen == folder
    assert manager.finished_note.text() == "opus-mt-en-de is installed and ready to use."
    assert window.statusBar().currentMessage() == manager.finished_note.text()

    archive = Path(shutil.make_archive(str(tmp_path / "sentiment"), "gztar", exported("bert-cls")))
    dialog = manager.choose_import()
    dialog.selectFile(str(archive))
    with qtbot.waitSignal(window.catalog_loaded, timeout=WAIT_MS):
        dialog.accept()
    assert dialog.chosen == archive
    assert {e.name for e in window.catalog or []} == {"opus-mt-en-de", "sentiment"}

    catalog = manager.show_catalog()
    # Typing searches after a pause, and the latest search wins: a search started before
    # the pause ends may be superseded (under load it was, and its finished signal never
    # came). What counts is the table the searches leave.
    catalog.search.setText("opus-mt-en-de")

    def state() -> str | None:
        last = catalog.table.columnCount() - 1
        for r in range(catalog.table.rowCount()):
            if str(catalog.table.model().index(r, 0).data()) == "opus-mt-en-de":
                item = catalog.table.item(r, last)
                return item.text() if item is not None else None
        return None

    def settled() -> bool:
        job = catalog.search_job
        last_search = job is not None and job.state is State.FINISHED
        return last_search and not catalog._delay.isActive() and state() == "Installed"

    qtbot.waitUntil(settled, timeout=WAIT_MS)
    catalog.select("opus-mt-en-de")
    assert not catalog.download_button.isEnabled()


# --- 9. one instance; the clipboard shortcut ------------------------------------------------------


def test_a_second_launch_hands_its_files_to_the_running_window(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, tmp_path: Path
) -> None:
    install(quire_home, **{"opus-mt-en-de": "marian"})
    window = make_window()
    name = server_name(quire_home)
    if sys.platform.startswith("linux"):
        # In this user's own folder, not /tmp, where another user could listen first.
        folder = Path(name).parent
        assert folder.is_dir() and folder != Path("/tmp") and folder.stat().st_uid == os.getuid()
    assert not hand_over(name, [])  # nobody listens yet: the launch opens its own window
    server = InstanceServer(name)
    server.requested.connect(window.receive)
    try:
        note = tmp_path / "note.txt"
        note.write_text("Handed over.", encoding="utf-8")
        assert hand_over(name, [note])  # `quire note.txt` while the app runs
        pane = translate_pane(window)
        qtbot.waitUntil(lambda: pane.source.toPlainText() == "Handed over.", timeout=WAIT_MS)
        assert pane.source_path == note.resolve()

        QApplication.clipboard().setText("Hello from the clipboard.")
        with qtbot.waitSignal(window.runner.job_started, timeout=WAIT_MS):
            assert hand_over(name, [], clipboard=True)  # `quire --translate-clipboard`
        assert pane.source.toPlainText() == "Hello from the clipboard."
        finish(qtbot, pane.job)
        assert pane.output.toPlainText() and not dimmed(pane.output)
    finally:
        server.close()


def test_without_a_runtime_folder_the_socket_is_in_the_store_not_tmp(
    quire_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without $XDG_RUNTIME_DIR (a container, su), Qt's fallback is /tmp/runtime-USER, which
    another user can make first (then a bare name: a socket in the shared /tmp again)."""
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    assert Path(server_name(quire_home)).parent == quire_home.resolve()
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o777)
    shared.chmod(0o777)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(shared))  # open to others: not used
    assert Path(server_name(quire_home)).parent == quire_home.resolve()
    # A first start: the store is not made yet, and the socket listens all the same.
    first = tmp_path / "new-home"
    server = InstanceServer(server_name(first))
    try:
        assert server.listening and Path(server_name(first)).parent == first.resolve()
        # The home the socket made is private: the history and drafts go there too (the
        # README check found it 0755).
        assert stat.S_IMODE(first.stat().st_mode) == 0o700
    finally:
        server.close()
    private = tmp_path / "run"
    private.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(private))
    assert Path(server_name(quire_home)).parent == private


def test_a_launch_hands_over_to_an_earlier_version_left_open_but_only_this_users(
    quire_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An app of an earlier version, left open over an update, listened on a bare name (a
    socket in the temporary folder): the new version opened a second window on its store."""
    monkeypatch.setattr(sys, "platform", "linux")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    name = server_name(quire_home)
    assert earlier_name(name) is None  # no earlier version running
    bare = temporary / Path(name).name
    bare.write_text("not a socket", encoding="utf-8")
    assert earlier_name(name) is None
    bare.unlink()
    server = InstanceServer(str(bare))  # as an earlier version listened
    try:
        assert server.listening and earlier_name(name) == str(bare)
        assert hand_over(str(bare), [tmp_path / "note.txt"])
        monkeypatch.setattr(os, "getuid", lambda: bare.stat().st_uid + 1)
        assert earlier_name(name) is None  # another user's socket: never written to
    finally:
        server.close()


def test_the_launcher_sends_translate_clipboard_to_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[tuple[Path, ...], bool]] = []
    import desktop.app

    def fake_app(files: tuple[Path, ...] = (), *, translate_clipboard: bool = False) -> int:
        calls.append((tuple(files), translate_clipboard))
        return 0

    monkeypatch.setattr(desktop.app, "main", fake_app)
    assert launcher.main(["--translate-clipboard"]) == 0
    assert calls == [((), True)]


# --- 11. the engine's sentences in the UI language ----------------------------------------------


def test_engine_errors_reach_the_chinese_ui_in_chinese(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, tmp_path: Path
) -> None:
    install(quire_home, **{"opus-mt-en-fr": "marian"})
    translations = Translations()
    assert translations.switch("zh_CN")
    try:
        window = make_window(translations)
        pane = translate_pane(window)
        pane.live_box.setChecked(False)
        binary = tmp_path / "data.txt"  # text in any encoding is read: only binary is refused
        binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
        pane.open_files([binary])
        qtbot.waitUntil(lambda: bool([b for b in window.findChildren(QMessageBox)
                                      if b.isVisible()]), timeout=WAIT_MS)  # fmt: skip
        box = next(b for b in window.findChildren(QMessageBox) if b.isVisible())
        assert "这不是文本文件" in box.informativeText()
        assert "binary file" in box.detailedText()  # the engine's own words, in the details
        box.close()

        pane.load_text(GERMAN)
        job = pane.run()
        assert job is not None
        with qtbot.waitSignal(job.failed, timeout=WAIT_MS):
            pass
        assert "文本似乎是德语" in pane.info.text()
    finally:
        translations.switch("en")


def test_unreadable_documents_are_explained_in_chinese(tmp_path: Path) -> None:
    """Real broken inputs, read by the engine's document layer: each refusal carries a message
    id the app words in its own language (they were English in the Chinese UI)."""
    from engine.documents.registry import load_document
    from engine.errors import DocumentError

    files = {
        "notes.xyz": b"plain words",  # an extension Quire does not read
        "report.docx": b"this was never a zip archive",
        "locked.docx": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512),  # OLE: encrypted
        "talk.srt": b"1\nno timing here\nHello\n",
        "empty.md": b"   \n\n",
        "empty.pdf": build.pdf_without_pages(),
        "fake.pdf": b"Hello, I am text, not a PDF",
        "blank.html": b"  \n\t\n",  # (one of scripts alone is copied with a note now)
    }
    translations = Translations()
    assert translations.switch("zh_CN")
    try:
        for name, data in files.items():
            path = tmp_path / name
            path.write_bytes(data)
            with pytest.raises(DocumentError) as refused:
                load_document(path)
            error = refused.value
            assert error.message_id is not None and error.message_id.startswith("document."), name
            message, hint = errors.engine_sentences(error)
            assert re.search("[\u4e00-\u9fff]", message), (name, message)
            assert re.search("[\u4e00-\u9fff]", hint), (name, hint)
    finally:
        translations.switch("en")


def test_an_unknown_message_id_falls_back_to_the_english_text() -> None:
    known = InputError("The text is already in de", message_id="translate.same_language",
                       params={"language": "de"})  # fmt: skip
    unknown = InputError("Something new happened", message_id="engine.something_new")
    broken = InputError("The text is already in de", message_id="translate.same_language")
    assert errors.engine_sentences(known)[0] == "The text is already in German (de)."
    assert errors.engine_sentences(unknown)[0] == "Something new happened"
    assert errors.engine_sentences(broken)[0] == "The text is already in de"  # no params


def test_every_message_id_the_engine_raises_is_worded_by_the_app() -> None:
    """An id the app does not know shows the engine's English in a Chinese window: each id
    written in the engine's code has its sentence in desktop/errors.py (the ones only the
    command line can meet excepted)."""
    root = Path(__file__).resolve().parents[1]
    raised = {
        found
        for path in (root / "engine").rglob("*.py")
        for found in re.findall(r'message_id="([a-z_]+\.[a-z_]+)"', path.read_text("utf-8"))
    }
    # The app has no bilingual output, and never reads standard input.
    command_line_only = {"document.no_bilingual", "input.stdin_empty"}
    worded = (root / "desktop" / "errors.py").read_text("utf-8")
    assert len(raised) > 30
    missing = sorted(i for i in raised - command_line_only if f'"{i}"' not in worded)
    assert missing == []
    assert command_line_only <= raised  # (still raised, still not worded: the list is current)


# --- 8. the glossary, in the app ------------------------------------------------------------------


@pytest.mark.parametrize("name", ["semicolon.csv", "unicode-text.txt", "tab-delimited.txt"])
def test_a_glossary_a_spreadsheet_saved_is_imported_whole(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, name: str
) -> None:
    """LibreOffice Calc's exports as Excel users make them: CSV with semicolons where the
    decimal mark is a comma (windows-1252), tab-separated UTF-16 ("Unicode Text") and
    tab-separated windows-1252; a term holding a comma stays one term."""
    from tests.fixtures.producers import GLOSSARY_TERMS

    install(quire_home, **{"opus-mt-en-de": "marian"})
    dialog = make_window().show_glossary()
    assert isinstance(dialog, GlossaryDialog)
    assert dialog.import_csv(Path(__file__).parent / "data" / "glossary" / name)
    assert dialog.terms() == GLOSSARY_TERMS


def test_a_tbx_termbase_is_imported_for_the_pair_the_user_chooses(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Weblate's TBX (en, de): the languages asked, English terms into German ones; a term
    the termbase translates two ways is left out and the dialog says so."""
    from desktop.glossary import TermbaseLanguages

    install(quire_home, **{"opus-mt-en-de": "marian"})
    dialog = make_window().show_glossary()
    assert isinstance(dialog, GlossaryDialog)
    dialog.set_terms([("Quire", "")])
    path = Path(__file__).parent / "data" / "tbx" / "weblate-en-de.tbx"
    asked: list[tuple[str, ...]] = []

    def answer(box: TermbaseLanguages) -> int:
        asked.append(tuple(box.source.itemData(i) for i in range(box.source.count())))
        assert box.chosen() == ("en", "de")  # (the termbase's first language, the next)
        box.target.setCurrentIndex(0)
        assert not box.ok.isEnabled()  # (one language both ways)
        box.target.setCurrentIndex(1)
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(TermbaseLanguages, "exec", answer)
    assert dialog.import_csv(path)
    assert asked == [("en", "de")]
    assert dialog.terms() == [
        ("Quire", "Quire"),  # (updated by the termbase)
        ("machine translation", "maschinelle Übersetzung"),
        ("translation memory", "Translation-Memory"),
        ("source file", "Quelldatei"),
    ]
    assert not dialog.note.isHidden() and "(bank)" in dialog.note.text()
    # Cancelling the choice imports nothing.
    monkeypatch.setattr(TermbaseLanguages, "exec", lambda box: int(QDialog.DialogCode.Rejected))
    assert not dialog.import_csv(path)
    assert dialog.note.isHidden() and len(dialog.terms()) == 4
    # The other way round, named: German terms into English.
    assert dialog.import_csv(path, ("de", "en"))
    assert ("Quelldatei", "source file") in dialog.terms()


def test_importing_a_glossary_shows_the_wait_cursor_and_always_restores_it(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The termbase is read under the wait cursor; the language dialog and an error are not
    shown under it, and none is left behind."""
    import desktop.glossary
    from desktop.glossary import TermbaseLanguages

    install(quire_home, **{"opus-mt-en-de": "marian"})
    dialog = make_window().show_glossary()
    assert isinstance(dialog, GlossaryDialog)
    seen: list[str] = []

    def shape() -> str:
        cursor = QApplication.overrideCursor()
        return "none" if cursor is None else cursor.shape().name

    import desktop.errors
    from engine import read_termbase as reading

    def read(path: Path) -> object:
        seen.append("read " + shape())
        return reading(path)

    def answer(box: TermbaseLanguages) -> int:
        seen.append("asked " + shape())
        return int(QDialog.DialogCode.Accepted)

    def present(exc: Exception, parent: object = None) -> None:
        seen.append("error " + shape())

    monkeypatch.setattr(desktop.glossary, "read_termbase", read)
    monkeypatch.setattr(TermbaseLanguages, "exec", answer)
    monkeypatch.setattr(desktop.errors, "present", present)
    data = Path(__file__).parent / "data" / "tbx"
    assert dialog.import_csv(data / "weblate-en-de.tbx")
    broken = quire_home / "broken.tbx"
    broken.write_text("<martif><text><body><termEntry>", encoding="utf-8")
    assert not dialog.import_csv(broken)
    assert seen == ["read WaitCursor", "asked none", "read WaitCursor", "error none"]
    assert QApplication.overrideCursor() is None


def test_the_glossary_is_edited_in_the_app_and_applied_to_text_and_files(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, tmp_path: Path
) -> None:
    engine = install(quire_home, **{"opus-mt-en-de": "marian"})
    window = make_window()
    dialog = window.show_glossary()
    assert isinstance(dialog, GlossaryDialog) and dialog.terms() == []
    csv_file = tmp_path / "terms.csv"
    csv_file.write_text("term,translation\nQuire,\nlibrary,Bibliothek\n", encoding="utf-8")
    assert dialog.import_csv(csv_file)
    dialog.add_term("train", "Zug")
    assert dialog.terms() == [("Quire", ""), ("library", "Bibliothek"), ("train", "Zug")]
    exported_csv = tmp_path / "out.csv"
    assert dialog.export_csv(exported_csv)
    assert exported_csv.read_bytes().startswith(b"\xef\xbb\xbf")  # for Excel
    assert exported_csv.read_text(encoding="utf-8-sig").splitlines()[1:] == [
        "Quire,",
        "library,Bibliothek",
        "train,Zug",
    ]
    dialog.accept()
    glossary = quire_home / "glossary.tsv"
    assert read_terms(glossary) == dialog.terms()
    assert "# languages: * *" in glossary.read_text(encoding="utf-8").splitlines()

    pane = translate_pane(window)
    assert pane.glossary_box.text() == "Glossary (3)"
    assert pane.glossary_box.accessibleName().startswith("Glossary: 3 terms for any languages")
    pane.live_box.setChecked(False)
    text = "Quire opens the library at nine."
    pane.load_text(text)
    job = finish(qtbot, pane.run())
    assert isinstance(job.request, TranslateRequest) and job.request.glossary == glossary
    expected = engine.run(TranslateRequest(text=text, target="de", glossary=glossary))
    assert isinstance(expected, TranslateResult) and isinstance(pane.result, TranslateResult)
    assert pane.result.applied_terms == expected.applied_terms
    assert set(expected.applied_terms) | set(expected.missing_terms) == {"Quire", "library"}
    if expected.applied_terms:
        assert f"Glossary: {', '.join(expected.applied_terms)}" in pane.info.text()
    if expected.missing_terms:
        assert "Glossary terms lost" in pane.info.text()

    source = tmp_path / "a.txt"
    source.write_text(text, encoding="utf-8")
    with qtbot.waitSignal(window.queue.row_finished, timeout=WAIT_MS):
        pane.translate_files([source])
    kept = window.queue.rows[0].template.glossary  # a copy the row keeps, gone once done
    assert kept is not None and kept.parent == quire_home / "queue" and not kept.exists()

    pane.glossary_box.setChecked(False)  # off: text and files go without it
    assert dimmed(pane.output)  # the shown translation used it
    request = pane.build_request()
    assert request is not None and request.glossary is None
    # A glossary written before it named its languages is for any pair, as it was.
    glossary.write_text("# Quire glossary: term<TAB>translation\nQuire\n", encoding="utf-8")
    assert read_glossary(glossary) == ([("Quire", "")], ("", ""))


def test_a_finished_file_names_the_glossary_terms_the_model_lost(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, tmp_path: Path
) -> None:
    """A review found a file whose glossary terms the model lost finished as any other: its
    row says which, as a text's notes do (the random-weight model loses the codes)."""
    import docx

    from desktop.glossary import write_terms

    install(quire_home, **{"opus-mt-en-de": "marian"})
    write_terms(quire_home / "glossary.tsv", [("API", "Schnittstelle"), ("start button", "")])
    window = make_window()
    pane = translate_pane(window)
    document = docx.Document()
    for paragraph in ["The API works well today.", "Press the start button to begin."]:
        document.add_paragraph(paragraph)
    document.save(str(tmp_path / "note.docx"))
    with qtbot.waitSignal(window.queue.row_finished, timeout=WAIT_MS):
        pane.translate_files([tmp_path / "note.docx"])
    row = window.queue.rows[0]
    assert row.state is RowState.DONE and row.result is not None
    lost = row.result.missing_terms
    assert lost  # (the engine's own count: its result, not the test's)
    item = window.queue_view.table.item(0, 2)
    assert item is not None and not item.icon().isNull()
    said = f"Glossary terms the model lost (check them in the file): {', '.join(lost)}"
    assert said in item.toolTip().splitlines()
    assert said in str(item.data(Qt.ItemDataRole.AccessibleDescriptionRole))


def test_a_translation_memory_is_chosen_shown_remembered_cleared_and_used(
    qtbot: QtBot,
    make_window: MakeWindow,
    quire_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Translation memory…: a TMX chosen in a file dialog is named on the button, kept in
    the settings, given with text and files, and what it gave is said; ✕ stops using it."""
    import docx

    from tests.test_memory import omegat, tu

    install(quire_home, **{"opus-mt-en-de": "marian"})
    memory = omegat(
        tmp_path / "a memory with a long name from the agency.tmx",
        tu("Quire keeps working.", "Quire arbeitet."),
    )
    window = make_window()
    pane = translate_pane(window)
    assert pane.memory_button.text() == "Memor&y…" and pane.memory_clear.isHidden()
    assert pane.memory_button.accessibleName() == "Translation memory"
    monkeypatch.setattr(file_dialogs, "open_file_name", lambda *_a, **_k: str(memory))
    pane.memory_button.setFocus()
    QTest.keyClick(pane.memory_button, Qt.Key.Key_Space)  # (from the keyboard)
    assert pane.memory() == memory and pane.settings.value("panes/translate/memory") == str(memory)
    assert pane.memory_button.accessibleName() == f"Translation memory: {memory.name}"
    assert not pane.memory_clear.isHidden() and pane.memory_clear.accessibleName()
    window.show()
    qtbot.waitExposed(window)
    window.resize(800, 600)  # (a long name is cut short: the buttons stay in view)
    qtbot.waitUntil(partial(has_size, window, 800, 600), timeout=WAIT_MS)
    QApplication.processEvents()
    assert all(
        in_view(part, window)
        for part in (pane.run_button, pane.memory_button, pane.memory_clear, pane.to_box)
    )

    pane.live_box.setChecked(False)
    pane.from_box.setCurrentIndex(pane.from_box.findData("en"))
    pane.load_text("Quire keeps working.")
    job = finish(qtbot, pane.run())
    assert isinstance(job.request, TranslateRequest) and job.request.memory == memory
    assert isinstance(pane.result, TranslateResult) and pane.result.text == "Quire arbeitet."
    assert f"1 sentence from the translation memory {memory.name}" in pane.info.text()
    assert memory.name in pane.memory_button.toolTip()
    # Another memory chosen since: the notes (worded again, as after a language switch) still
    # name the memory the translation was made with.
    other = tmp_path / "other.tmx"
    other.write_bytes(memory.read_bytes())
    pane.set_memory(other)
    pane._describe_result()
    assert f"1 sentence from the translation memory {memory.name}" in pane.info.text()
    pane.set_memory(memory)

    document = docx.Document()
    for paragraph in ["Quire keeps working.", "The library closes at six."]:
        document.add_paragraph(paragraph)
    document.save(str(tmp_path / "note.docx"))
    with qtbot.waitSignal(window.queue.row_finished, timeout=WAIT_MS):
        pane.translate_files([tmp_path / "note.docx"])
    row = window.queue.rows[0]
    assert row.state is RowState.DONE and row.template.memory == memory
    assert "1 sentence from the translation memory" in window.queue_view.done_text(row)

    pane.memory_clear.click()
    assert pane.memory() is None and pane.memory_clear.isHidden()
    request = pane.build_request()
    assert request is not None and request.memory is None


def test_a_memory_moved_away_is_said_missing_and_stays_chosen(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, tmp_path: Path
) -> None:
    """A memory moved or deleted since it was chosen was refused as "Quire cannot use this
    input: The file is not there any more", and the button still named it as if in use. The
    choice stays (a USB drive comes back)."""
    from engine.documents.memory import load_memory
    from tests.test_memory import omegat, tu

    install(quire_home, **{"opus-mt-en-de": "marian"})
    memory = omegat(tmp_path / "agency.tmx", tu("Quire keeps working.", "Quire arbeitet."))
    moved = tmp_path / "elsewhere.tmx"
    memory.rename(moved)
    window = make_window()
    pane = translate_pane(window)
    pane.set_memory(memory)
    assert pane.memory_button.text() == "Memor&y: agency.tmx (missing)"
    assert "is not there any more" in pane.memory_button.toolTip()
    assert pane.memory() == memory and not pane.memory_clear.isHidden()
    moved.rename(memory)  # (the drive plugged in again): said when the window is activated
    QApplication.sendEvent(pane, QEvent(QEvent.Type.ActivationChange))
    assert pane.memory_button.text() == "Memor&y: agency.tmx"
    memory.unlink()
    with pytest.raises(InputError) as refused:
        load_memory(memory, source="en", target="de")
    assert refused.value.message_id == "memory.missing"
    message, hint = errors.engine_sentences(refused.value)
    assert message == "The translation memory agency.tmx is not there any more."
    assert "Memory…" in hint and "✕" in hint


FRENCH = "Le train pour Paris a vingt minutes de retard aujourd'hui, malheureusement."


def test_the_glossary_is_for_a_language_pair_and_the_pane_says_which(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """A review found one glossary put into every pair: an en → de termbase's German terms
    in en → fr output, and in de → en output where a German text held the same strings. The
    pair chosen for the termbase is the glossary's; it goes with jobs of that pair only, and
    the switch says how many terms, for which languages, or why it does nothing."""
    from desktop.glossary import TermbaseLanguages

    models = {"opus-mt-en-de": "marian", "opus-mt-en-fr": "marian", "opus-mt-de-en": "marian"}
    install(quire_home, **models, **{"opus-mt-fr-de": "marian"})
    window = make_window()
    pane = translate_pane(window)
    pane.live_box.setChecked(False)
    assert pane.glossary_box.text() == "Glossary" and dimmed(pane.glossary_box)
    assert "no terms" in pane.glossary_box.toolTip()
    dialog = window.show_glossary()
    assert isinstance(dialog, GlossaryDialog) and dialog.pair() == ("", "")
    assert dialog.from_box.currentText() == "Any language" == dialog.into_box.currentText()
    assert dialog.from_box.accessibleName() and dialog.into_box.accessibleName()
    # A MultiTerm export names en-US and de-DE: the glossary is for English into German.
    monkeypatch.setattr(TermbaseLanguages, "exec", lambda box: int(QDialog.DialogCode.Accepted))
    assert dialog.import_csv(Path(__file__).parent / "data" / "tbx" / "multiterm-en-US-de-DE.tbx")
    assert dialog.pair() == ("en", "de")
    assert dialog.into_box.currentText() == "German (de)"
    dialog.accept()
    glossary = quire_home / "glossary.tsv"
    assert read_glossary(glossary) == (dialog.terms(), ("en", "de"))
    assert "# languages: en de" in glossary.read_text(encoding="utf-8").splitlines()
    assert [e.term for e in load_glossary(glossary).entries] == [t for t, _ in dialog.terms()]

    def choose(source: str, target: str) -> None:
        for box, code in ((pane.from_box, source), (pane.to_box, target)):
            box.setCurrentIndex(box.findData(code))
            box.activated.emit(box.currentIndex())

    choose("en", "de")
    assert pane.glossary_box.text() == "Glossary (3)"
    said = "Glossary: 3 terms for English → German, translated your way"
    assert pane.glossary_box.accessibleName().startswith(said)
    assert pane.glossary_box.toolTip() == pane.glossary_box.accessibleName()
    assert not dimmed(pane.glossary_box)
    pane.load_text("Click the button.")
    request = pane.build_request()
    assert request is not None and request.glossary == glossary
    for source, target in (("en", "fr"), ("de", "en")):
        choose(source, target)
        assert pane.glossary_box.text() == "Glossary"
        assert dimmed(pane.glossary_box) and pane.glossary_box.isEnabled()  # (Tab reaches it)
        assert "The glossary is for English → German" in pane.glossary_box.toolTip()
        assert pane.glossary_box.accessibleDescription() == pane.glossary_box.toolTip()
        request = pane.build_request()
        assert request is not None and request.glossary is None
        document = tmp_path / f"{source}.txt"
        document.write_text("Click the button.\n", encoding="utf-8")
        assert pane.translate_files([document])
    # Files to detect the language of go by their target: into German, with it.
    choose("", "de")
    document = tmp_path / "detect.txt"
    document.write_text("Click the button.\n", encoding="utf-8")
    assert pane.translate_files([document])
    qtbot.waitUntil(lambda: not window.queue.active, timeout=WAIT_MS)
    used = {row.template.source: row.template.glossary for row in window.queue.rows}
    kept = used[None]  # (a copy the row keeps)
    assert kept is not None and kept.parent == quire_home / "queue"
    assert used["en"] is None and used["de"] is None

    # Text to detect: by the target, then by the language the translation found. French
    # into German is translated again without it; English after it, again with it.
    pane.load_text(FRENCH)
    first = finish(qtbot, pane.run())
    assert isinstance(first.request, TranslateRequest) and first.request.glossary == glossary
    qtbot.waitUntil(lambda: pane.job is not first and pane.job is not None, timeout=WAIT_MS)
    again = finish(qtbot, pane.job)
    assert isinstance(again.request, TranslateRequest) and again.request.glossary is None
    assert isinstance(pane.result, TranslateResult) and pane.result.source_language == "fr"
    assert pane.glossary_box.text() == "Glossary" and dimmed(pane.glossary_box)
    pane.load_text("Click the button in the Recycle Bin to empty it.")
    first = finish(qtbot, pane.run())
    assert isinstance(first.request, TranslateRequest) and first.request.glossary is None
    qtbot.waitUntil(lambda: pane.job is not first and pane.job is not None, timeout=WAIT_MS)
    again = finish(qtbot, pane.job)
    assert isinstance(again.request, TranslateRequest) and again.request.glossary == glossary
    assert pane.glossary_box.text() == "Glossary (3)" and not dimmed(pane.glossary_box)
    QApplication.processEvents()
    assert pane.job is again  # (once: the same language found again)

    # Any source language, set in the dialog: the pane follows at once.
    dialog = window.show_glossary()
    assert isinstance(dialog, GlossaryDialog) and dialog.pair() == ("en", "de")
    dialog.from_box.setCurrentIndex(0)
    dialog.accept()
    assert read_glossary(glossary)[1] == ("", "de")
    choose("fr", "de")
    assert pane.glossary_box.text() == "Glossary (3)"
    assert "3 terms for any language → German" in pane.glossary_box.accessibleName()
    choose("en", "fr")
    assert pane.glossary_box.text() == "Glossary" and dimmed(pane.glossary_box)
    assert "The glossary is for any language → German" in pane.glossary_box.toolTip()


# --- 13. About -------------------------------------------------------------------------------


def test_about_shows_versions_and_the_licences_of_components_and_models(
    make_window: MakeWindow, quire_home: Path
) -> None:
    install(quire_home, sentiment="bert-cls")
    window = make_window()
    window.about_action.trigger()
    dialog = next(d for d in window.findChildren(AboutDialog) if d.isVisible())
    text = dialog.text.toPlainText()
    assert f"Quire {about.version('quire')}" in text
    cells = [line.strip() for line in text.splitlines()]  # a table cell per line
    row = cells.index("numpy")
    assert cells[row + 1 : row + 3] == [about.version("numpy"), about.licence("numpy")]
    assert about.licence("numpy")  # its metadata states one
    assert "PySide6-Essentials" in cells and "LGPL" in text
    model = cells.index("sentiment")
    assert cells[model + 1].startswith("not recorded")  # imported: nobody recorded one

    stored = StoredModel(
        "opus-mt-en-de", quire_home / "models" / "x", None, problem="gone",
        manifest=StoreManifest(source="catalog", origin="opus-mt-en-de", license="cc-by-4.0"),
    )  # fmt: skip
    assert installed_model(stored).license == "cc-by-4.0"


# --- 16. the history file, off the GUI thread --------------------------------------------------


def test_the_history_is_read_and_written_off_the_gui_thread(
    qtbot: QtBot,
    make_window: MakeWindow,
    quire_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    install(quire_home, sentiment="bert-cls")
    old = {"when": "2026-01-01T10:00:00+00:00", "task": "ask", "model": "qa", "seconds": 1}
    (quire_home / "history.jsonl").write_text(json.dumps(old) + "\n", encoding="utf-8")
    threads: list[str] = []
    real_read = read_entries

    def read(path: Path) -> ReadHistory:
        threads.append(threading.current_thread().name)
        return real_read(path)

    monkeypatch.setattr(main_window, "read_entries", read)
    window = make_window()
    qtbot.waitUntil(lambda: len(window.history.entries) == 1, timeout=WAIT_MS)
    assert window.history_panel.model.rowCount() == 1
    real_write = window.history._write

    def write(text: str, *, rewrite: bool) -> None:
        threads.append(threading.current_thread().name)
        real_write(text, rewrite=rewrite)

    monkeypatch.setattr(window.history, "_write", write)
    window.show_pane(3)
    pane = window.current_pane()
    pane.load_text("The food was wonderful.")
    finish(qtbot, pane.run())
    qtbot.waitUntil(lambda: len(threads) == 2, timeout=WAIT_MS)
    assert all(name.startswith("quire-history") for name in threads), threads
    window.close()  # waits for the history thread: the entry is on disk
    assert len(History(quire_home / "history.jsonl").entries) == 2


# --- 17. what is typed survives a restart or a crash ------------------------------------------


def drafts_on_disk(home: Path) -> dict[str, list[str]]:
    path = home / "drafts.json"
    return json.loads(path.read_text(encoding="utf-8"))["panes"] if path.exists() else {}


def test_what_is_typed_in_the_panes_comes_back_after_a_crash(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path
) -> None:
    install(quire_home, **{"opus-mt-en-de": "marian"}, qa="distilbert-qa")
    window = make_window()
    pane = translate_pane(window)
    pane.live_box.setChecked(True)  # the next start must not translate by itself
    pane.source.insertPlainText("A letter typed but not yet translated.\n\nIt has two parts 😀.")
    ask = next(p for p in window.panes if isinstance(p, AskPane))
    QTest.keyClicks(ask.question, "Who wrote it?")
    ask.context.insertPlainText("It was written by Ada.")
    # Saved once the typing pauses, with no close: a crash after this loses nothing.
    qtbot.waitUntil(lambda: "ask" in drafts_on_disk(quire_home), timeout=WAIT_MS)
    assert drafts_on_disk(quire_home)["translate"] == [pane.source.toPlainText()]

    again = make_window()
    restored = translate_pane(again)
    qtbot.waitUntil(lambda: bool(restored.source.toPlainText()), timeout=WAIT_MS)
    assert restored.source.toPlainText() == pane.source.toPlainText()
    ask_again = next(p for p in again.panes if isinstance(p, AskPane))
    assert ask_again.question.text() == "Who wrote it?"
    assert ask_again.context.toPlainText() == "It was written by Ada."
    assert restored.job is None and not restored.debounce.isActive()
    # Undone back to nothing (Qt then calls it unmodified, as cleared here): gone, not
    # brought back at the next start.
    restored.source.clear()
    assert not restored.source.document().isModified()
    # Ask: the question typed about a text opened from a file is kept, the file's text not.
    ask_again.context.clear()
    ask_again.load_text("A contract opened from a file.")
    ask_again.question.clear()
    QTest.keyClicks(ask_again.question, "Who signed it?")
    again.close()
    assert drafts_on_disk(quire_home) == {"ask": ["Who signed it?", ""]}


def test_drafts_are_written_at_close_and_never_over_what_is_there(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    install(quire_home, **{"opus-mt-en-de": "marian"})
    (quire_home / "drafts.json").write_text("{ damaged", encoding="utf-8")
    window = make_window()
    pane = translate_pane(window)
    qtbot.waitUntil(lambda: window._drafts_read, timeout=WAIT_MS)
    assert pane.source.toPlainText() == ""  # a damaged file is no draft
    pane.source.insertPlainText("Typed just before closing.")  # (live: a translation is due)
    window.close()  # before the pause: the close writes it; the live translation is called off
    assert drafts_on_disk(quire_home) == {"translate": ["Typed just before closing."]}

    again = make_window()
    opened = translate_pane(again)
    qtbot.waitUntil(lambda: again._drafts_read, timeout=WAIT_MS)
    assert opened.source.toPlainText() == "Typed just before closing."
    assert not opened.restore_draft(["Another text"])  # text there already is kept
    assert opened.source.toPlainText() == "Typed just before closing."
    # A file opened at the start (a double-click) takes the pane: the draft is not lost under
    # it, nor is the file's text kept as a draft.
    opened.load_text("A file opened by double-click.")
    opened.source.undo()  # the draft back, as typed text is under a file opened over it
    assert opened.source.toPlainText() == "Typed just before closing."
    opened.load_text("A file opened by double-click.")
    again.close()
    assert drafts_on_disk(quire_home) == {"translate": ["Typed just before closing."]}

    last = make_window()
    typed = translate_pane(last)
    qtbot.waitUntil(lambda: typed.source.toPlainText() != "", timeout=WAIT_MS)
    monkeypatch.setattr(drafts, "MAX_CHARS", 1000)
    typed.source.selectAll()
    typed.source.insertPlainText("word " * 201)  # pasted: typed, but too long to keep
    last.close()
    assert drafts_on_disk(quire_home) == {}
    assert "too long to be kept as a draft" in last.statusBar().currentMessage()


def test_models_installed_from_the_command_line_show_when_the_window_is_back(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`quire models import` in a terminal beside the open app: the window went on offering
    only the models it found at its start, until it was restarted."""
    install(quire_home, **{"opus-mt-en-de": "marian"})
    window = make_window()
    monkeypatch.setattr(window, "isActiveWindow", lambda: True)
    activated = QEvent(QEvent.Type.ActivationChange)
    with qtbot.assertNotEmitted(window.catalog_loaded, wait=200):
        QApplication.sendEvent(window, activated)  # nothing changed: nothing read again
    install(quire_home, sentiment="bert-cls")  # (another process, as the CLI)
    with qtbot.waitSignal(window.catalog_loaded, timeout=WAIT_MS):
        QApplication.sendEvent(window, activated)
    assert {m.name for m in window.catalog or []} == {"opus-mt-en-de", "sentiment"}


def test_the_model_manager_shows_models_imported_and_removed_from_a_terminal_when_back(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`quire models import` in a terminal while the model manager is open: the manager, the
    window a user comes back to, listed what it had until it was closed and opened again."""
    install(quire_home, **{"opus-mt-en-de": "marian"})
    window = make_window()
    qtbot.waitUntil(lambda: window.catalog is not None, timeout=WAIT_MS)
    manager = window.show_model_manager()
    manager.select("opus-mt-en-de")
    monkeypatch.setattr(manager, "isActiveWindow", lambda: True)
    activated = QEvent(QEvent.Type.ActivationChange)

    def rows() -> list[str]:
        items = [manager.table.item(r, 0) for r in range(manager.table.rowCount())]
        return [item.text() for item in items if item is not None]

    with qtbot.assertNotEmitted(window.catalog_loaded, wait=200):
        QApplication.sendEvent(manager, activated)  # nothing changed: nothing read again
    terminal = install(quire_home, sentiment="bert-cls")  # (the engine's front door, as the CLI)
    with qtbot.waitSignal(window.catalog_loaded, timeout=WAIT_MS):
        QApplication.sendEvent(manager, activated)
    assert rows() == ["opus-mt-en-de", "sentiment"]
    assert manager.selected() == "opus-mt-en-de"  # (the user's selection kept)
    with qtbot.assertNotEmitted(window.catalog_loaded, wait=200):
        QApplication.sendEvent(manager, activated)  # (read once: not again for the same change)
    terminal.remove_model("sentiment")
    with qtbot.waitSignal(window.catalog_loaded, timeout=WAIT_MS):
        QApplication.sendEvent(manager, activated)
    assert rows() == ["opus-mt-en-de"] and manager.selected() == "opus-mt-en-de"


def test_a_launchs_request_reads_models_installed_since(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path
) -> None:
    """Found by running the README's first command under a bare X server (no window manager:
    no activation): `quire models import`, then the clipboard shortcut, met no model, and
    the text waited on the welcome page."""
    window = make_window()  # an empty store: the welcome page
    install(quire_home, **{"opus-mt-en-de": "marian"})  # (another process, as the CLI)
    QApplication.clipboard().setText("The weather is nice today.")
    with qtbot.waitSignal(window.runner.job_started, timeout=WAIT_MS):
        window.receive([], clipboard=True)
    pane = translate_pane(window)
    qtbot.waitUntil(lambda: pane.source.toPlainText() == "The weather is nice today.",
                    timeout=WAIT_MS)  # fmt: skip
    finish(qtbot, pane.job)


# --- 15. size ------------------------------------------------------------------------------------


def test_every_pane_fits_a_1000_by_650_window_without_squashing_a_control(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path
) -> None:
    install(quire_home, **{"opus-mt-en-de": "marian"}, sentiment="bert-cls", qa="distilbert-qa")
    window = make_window()
    window.resize(1000, 650)
    assert window.minimumSizeHint().width() <= 1000
    for index, pane in enumerate(window.panes):
        window.show_pane(index)
        assert pane.isVisible()
        assert pane.minimumSizeHint().width() <= pane.width(), type(pane).__name__
        for control in pane.findChildren(QWidget):
            if control.isVisible() and isinstance(control, (QAbstractButton, QComboBox)):
                hint = control.minimumSizeHint()
                assert control.width() >= hint.width(), (type(pane).__name__, control.text()
                                                         if isinstance(control, QAbstractButton)
                                                         else control.accessibleName())  # fmt: skip


def has_size(window: QWidget, width: int, height: int) -> bool:
    return window.width() == width and window.height() == height


def test_a_panes_buttons_and_progress_stay_in_view_with_the_panels_open(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path
) -> None:
    """At 1100 x 720 with the Files or History panel open, and at 800 x 600 even without,
    a pane's buttons, progress bar and status row scrolled out of view with the whole pane
    (an outside review): the text boxes give way, and scroll, instead."""
    install(quire_home, **{"opus-mt-en-de": "marian"}, sentiment="bert-cls", qa="distilbert-qa")
    translations = Translations()
    window = make_window(translations)
    window.show()
    qtbot.waitExposed(window)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    window.toggle_dock(window.queue_dock)
    window.toggle_dock(window.history_dock)
    qtbot.waitUntil(lambda: window.queue_dock.isVisible() or window.history_dock.isVisible())
    try:
        for size in ((1100, 720), (800, 600)):
            window.resize(*size)
            qtbot.waitUntil(partial(has_size, window, *size), timeout=WAIT_MS)
            for language, look in (("en", "light"), ("zh_CN", "dark")):
                translations.switch(language)
                theme.apply(app, look, 0)
                for index, pane in enumerate(window.panes):
                    window.show_pane(index)
                    QApplication.processEvents()
                    where = (size, language, look, type(pane).__name__)
                    assert window.stack_scroll.verticalScrollBar().maximum() == 0, where
                    for part in (
                        pane.run_button,
                        pane.cancel_button,
                        pane.copy_button,
                        pane.save_button,
                        pane.busy,
                    ):
                        assert part.isVisible() and in_view(part, window), (*where, part)
                    # the text boxes gave way, and what no longer fits scrolls
                    assert pane.upper.height() >= pane.upper.minimumSizeHint().height()
    finally:
        translations.switch("en")
        theme.apply(app, "light", 0)  # leave the app as other tests expect it


def test_the_window_says_when_the_history_is_damaged_or_cannot_be_saved(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, tmp_path: Path
) -> None:
    install(quire_home, sentiment="bert-cls")
    good = {"when": "2026-01-01T10:00:00+00:00", "task": "ask", "model": "qa", "seconds": 1}
    (quire_home / "history.jsonl").write_bytes(
        json.dumps(good).encode() + b"\n" + b'{"when": "\xe9"}\n'
    )
    window = make_window()
    qtbot.waitUntil(lambda: len(window.history.entries) == 1, timeout=WAIT_MS)
    said = window.statusBar().currentMessage()
    assert "1 damaged line" in said and "history.damaged.jsonl" in said
    blocker = tmp_path / "a file"
    blocker.write_text("", encoding="utf-8")
    window.history.path = blocker / "history.jsonl"  # its folder is a file: no write works
    window.show_pane(3)
    pane = window.current_pane()
    pane.load_text("The food was wonderful.")
    finish(qtbot, pane.run())
    qtbot.waitUntil(
        lambda: "history could not be saved" in window.statusBar().currentMessage(),
        timeout=WAIT_MS,
    )


def test_the_files_and_history_area_collapses_and_keeps_its_height(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path
) -> None:
    install(quire_home, **{"opus-mt-en-de": "marian"})
    window = make_window()
    window.resize(1100, 720)
    window.toggle_dock(window.queue_dock)
    window.resizeDocks([window.queue_dock], [260], Qt.Orientation.Vertical)
    qtbot.waitUntil(lambda: abs(window.queue_dock.height() - 260) <= 2, timeout=WAIT_MS)
    window.toggle_dock(window.queue_dock)  # collapsed
    assert window.queue_dock.isHidden()
    window.toggle_dock(window.queue_dock)
    qtbot.waitUntil(lambda: abs(window.queue_dock.height() - 260) <= 2, timeout=WAIT_MS)
    window.close()  # remembered across a restart
    again = make_window()
    assert not again.queue_dock.isHidden()
    qtbot.waitUntil(lambda: abs(again.queue_dock.height() - 260) <= 2, timeout=WAIT_MS)


def test_a_panel_opened_in_a_small_window_leaves_the_pane_its_buttons(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path
) -> None:
    """At 1366 × 768 and 125 % (1093 × 614 for Qt) the Files panel took half the window and
    the pane's Translate button scrolled out of sight."""
    install(quire_home, **{"opus-mt-en-de": "marian"})
    window = make_window()
    window.resize(1093, 614)
    bar = window.stack_scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() == 0, timeout=WAIT_MS)
    for dock in (window.queue_dock, window.history_dock):
        window.toggle_dock(dock)
        qtbot.waitUntil(dock.isVisible, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: bar.maximum() == 0, timeout=WAIT_MS)
        assert dock.height() >= dock.minimumSizeHint().height()
        window.toggle_dock(dock)


def test_instruction_model_refusals_and_editor_names_are_worded_in_chinese(
    tmp_path: Path,
) -> None:
    """An instruction model's refusals (no target language, no labels) carry message ids the
    app words itself, without the command line's flags; a damaged .docx names its editor in
    Chinese too."""
    from engine.documents.registry import load_document
    from engine.errors import DocumentError

    cjk = "[\u4e00-\u9fff]"
    translations = Translations()
    assert translations.switch("zh_CN")
    try:
        for message_id in ("translate.needs_target", "classify.needs_labels"):
            message, hint = errors.engine_sentences(InputError("English", message_id=message_id))
            assert re.search(cjk, message) and re.search(cjk, hint), message_id
            assert "--" not in hint
        damaged = tmp_path / "report.docx"
        damaged.write_bytes(b"this was never a zip archive")
        with pytest.raises(DocumentError) as refused:
            load_document(damaged)
        _message, hint = errors.engine_sentences(refused.value)
        assert "Word 或 LibreOffice" in hint, hint
    finally:
        translations.switch("en")


def test_the_import_errors_users_meet_are_worded_in_chinese(qtbot: QtBot, tmp_path: Path) -> None:
    """From the app's own audit: these came through in English in 简体中文 (no message id),
    some with advice about the command line."""
    import pickle

    from engine import Engine, EngineOptions
    from engine.errors import EngineError

    engine = Engine(EngineOptions(home=tmp_path / "home"))
    pickled = tmp_path / "pickled"
    pickled.mkdir()
    (pickled / "config.json").write_text('{"model_type": "bert"}', encoding="utf-8")
    (pickled / "pytorch_model.bin").write_bytes(pickle.dumps({"w": 1}))
    text = tmp_path / "notes.txt"
    text.write_text("not a model", encoding="utf-8")
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04 but no more")
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "readme.md").write_text("no model here", encoding="utf-8")
    kept = tmp_path / "home" / "models" / ".download-taken" / "files"
    kept.mkdir(parents=True)
    (kept / "model.onnx.incomplete").write_bytes(b"x" * 100)
    cjk = "[\u4e00-\u9fff]"
    translations = Translations()
    assert translations.switch("zh_CN")
    try:
        for source, name in (
            (pickled, None),
            (text, None),
            (broken, None),
            (tmp_path / "gone", None),
            (empty, None),
            (empty, "taken"),
        ):
            with pytest.raises(EngineError) as refused:
                engine.import_model(source, name)
            message, hint = errors.engine_sentences(refused.value)
            assert refused.value.message_id, (source, refused.value)
            assert re.search(cjk, message) and re.search(cjk, hint), (source, message, hint)
            assert "`" not in hint and "--" not in hint
    finally:
        translations.switch("en")


def test_download_failures_are_titled_as_such_and_worded_in_chinese(qtbot: QtBot) -> None:
    """A hub's 404 came under "The model library could not be changed", in English."""
    from engine.errors import StoreError

    params = {"repo": "Xenova/opus-mt-en-de", "host": "huggingface.co"}
    error = StoreError(
        "Xenova/opus-mt-en-de has no file onnx/x.onnx (404)",
        message_id="download.not_found",
        params=params,
    )
    said = errors.describe(error)
    assert said is not None and said.title == "The model could not be downloaded"
    assert "huggingface.co does not have Xenova/opus-mt-en-de" in said.text
    translations = Translations()
    assert translations.switch("zh_CN")
    try:
        said = errors.describe(error)
        assert said is not None and said.title == "无法下载模型"
        assert "Xenova/opus-mt-en-de" in said.text and "404" not in said.text.split("\n")[0]
    finally:
        translations.switch("en")


def test_the_glossary_dialog_as_a_review_used_it(
    qtbot: QtBot, make_window: MakeWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An outside review of the real window: a termbase's languages read "English (en) (en)";
    a CSV headed "English,German" left the glossary for any languages; Esc after an import
    threw it away without a word; and a kept passage's note stayed English in Chinese."""
    from desktop.glossary import TermbaseLanguages
    from engine.api import Note

    picker = TermbaseLanguages(("en-US", "de-DE"))
    qtbot.addWidget(picker)
    assert [picker.source.itemText(i) for i in range(2)] == ["English (en-US)", "German (de-DE)"]

    window = make_window()
    dialog = window.show_glossary()
    assert isinstance(dialog, GlossaryDialog) and dialog.pair() == ("", "")
    sheet = tmp_path / "terms.csv"
    sheet.write_bytes(b'\xef\xbb\xbfEnglish,German\r\n"start button",Startknopf\r\n')
    assert dialog.import_csv(sheet)
    assert dialog.pair() == ("en", "de") and dialog.terms() == [("start button", "Startknopf")]
    asked: list[bool] = []

    def refuse(_dialog: GlossaryDialog) -> bool:
        asked.append(True)
        return False

    monkeypatch.setattr(GlossaryDialog, "discard", refuse)
    dialog.reject()  # (Esc): asked, kept open
    assert asked == [True] and dialog.isVisible()
    monkeypatch.setattr(GlossaryDialog, "discard", lambda self: True)
    dialog.reject()
    assert not dialog.isVisible()
    again = window.show_glossary()
    assert isinstance(again, GlossaryDialog)
    again.reject()  # (nothing changed: nothing to ask)
    assert not again.isVisible()

    note = Note("x.docx: 2 passages …", "document.kept_marked", {"count": 2, "languages": "fr"})
    assert errors.note_text(note).startswith("2 passages the file marks")
    translations = Translations()
    try:
        assert translations.switch("zh_CN")
        assert "2 段文字（fr）" in errors.note_text(note)
    finally:
        translations.switch("en")


def test_the_apps_glossary_agrees_with_a_job_as_the_engine_judges_languages() -> None:
    """The pane put a Simplified Chinese glossary into a Traditional Chinese job (the codes'
    first parts agree), which the engine then refused: the app judges a pair as it does."""
    from desktop.glossary import agrees

    assert agrees(("en", "zh-Hans"), "en", "zh-CN") and agrees(("", "zh"), None, "zh-Hant")
    assert not agrees(("en", "zh-Hans"), "en", "zh-Hant")
    assert not agrees(("", "zh-CN"), None, "zh-TW")
    assert agrees(("en", "no"), "en-GB", "nb") and agrees(("", "de"), "en", "de-CH")
    assert not agrees(("en", "de"), "en", "fr")


def test_ask_never_shows_more_than_100_percent_sure(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path
) -> None:
    # A real model's answer of a long PDF scored 2.06 (found by three overlapping windows) and
    # read "growth (206% sure)"; the pane shows the best window's probability.
    install(quire_home, qa="distilbert-qa")
    window = make_window()
    window.show_pane(2)
    pane = window.current_pane()
    assert isinstance(pane, AskPane)
    pane.load_text("Sales growth was strong. Software sold well.")
    used = ModelUsed(name="qa", path=quire_home, backend="onnx", variant="fp32", device="cpu")
    found = (Answer("growth", 2.06, 6, 12, 0.93), Answer("Software", 2.01, 25, 33, None))
    pane.show_result(AskResult(answers=found, model=used))
    rows = [pane.answers.item(i).text() for i in range(pane.answers.count())]
    assert rows == ["growth   (93% sure)", "Software   (100% sure)"]


def test_a_job_waiting_behind_another_panes_names_it_and_can_cancel_it(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, tmp_path: Path
) -> None:
    """Ask said "Waiting for the previous job…" for 30 s while Classify's job ran, which
    nothing in Ask showed (an outside review). Now it names the pane and its file and offers
    to cancel that job."""
    install(quire_home, **{"opus-mt-en-de": "marian"}, qa="distilbert-qa")
    window = make_window()
    translate = translate_pane(window)
    translate.live_box.setChecked(False)
    long = tmp_path / "minutes.txt"
    long.write_text(long_english(), encoding="utf-8")
    assert translate.open_file(long)
    qtbot.waitUntil(lambda: translate.reading is None, timeout=WAIT_MS)
    first = translate.run()
    assert first is not None
    qtbot.waitUntil(lambda: first.state is State.RUNNING, timeout=WAIT_MS)
    ask = next(p for p in window.panes if isinstance(p, AskPane))
    window.show_pane(window.panes.index(ask))
    ask.load_text(" ".join(corpus.sentences("en")[:4]))
    ask.question.setText("Where did they go?")
    waiting = ask.run()
    assert waiting is not None and waiting.state is State.QUEUED
    assert ask.busy.label.text() == "Waiting for Translate to finish (minutes.txt)…"
    assert ask.ahead_button.isVisibleTo(window) and ask.ahead_button.text() == "Cancel that job"
    assert translate.ahead_button.isHidden()  # (the running pane waits for nothing)
    ask.ahead_button.click()
    assert not waiting.done  # (Translate's job stops at its next check, still ahead)
    assert ask.ahead_button.isHidden()  # not offered again for a job already cancelled
    assert ask.busy.label.text() == "Waiting for the previous job…"
    finish(qtbot, waiting)
    assert (first.state, waiting.state) == (State.CANCELLED, State.FINISHED)
    assert ask.ahead_button.isHidden()
    assert ask.answers.count() > 0


def test_a_job_waiting_behind_its_own_replaced_job_does_not_name_its_pane(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, tmp_path: Path
) -> None:
    """Translate pressed again on a long file (or typed into, translating as one types) waits
    for its first job, cancelled, to stop: the busy row said "Waiting for Translate to finish
    (minutes.txt)…" inside Translate and offered "Cancel that job" (a code review)."""
    install(quire_home, **{"opus-mt-en-de": "marian"})
    window = make_window()
    translate = translate_pane(window)
    translate.live_box.setChecked(False)
    long = tmp_path / "minutes.txt"
    long.write_text(long_english(), encoding="utf-8")
    assert translate.open_file(long)
    qtbot.waitUntil(lambda: translate.reading is None, timeout=WAIT_MS)
    for again in ("pressed", "typed"):
        first = translate.run()
        assert first is not None
        qtbot.waitUntil(lambda: first.state is State.RUNNING, timeout=WAIT_MS)  # noqa: B023
        if again == "pressed":
            translate.run_button.click()
        else:
            translate.live_box.setChecked(True)
            translate.source.setPlainText(" ".join(corpus.sentences("en")[:3]))
            assert translate.debounce.isActive()  # (as the pause in typing ends:)
            translate.debounce.stop()
            translate.debounce.timeout.emit()
        second = translate.job
        assert second is not None and second is not first
        assert first.token.cancelled and second.state is State.QUEUED  # the case it is about
        assert translate.busy.label.text() == "Waiting for the previous job…", again
        assert translate.ahead_button.isHidden(), again
        finish(qtbot, second)
        assert first.state is State.CANCELLED
        translate.live_box.setChecked(False)
        translate.load_text(long.read_text(encoding="utf-8"))
