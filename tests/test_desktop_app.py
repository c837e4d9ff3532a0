"""The desktop app driven through real widgets on tiny real models (offscreen): every pane
runs a job and shows the result, Esc cancels, a failure shows the presenter's sentence, no
models means the welcome page, settings survive a restart and the language switches live."""

from __future__ import annotations

import dataclasses
import gc
import os
import random
import re
import stat
import sys
import threading
import weakref
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, cast

import pytest
from PySide6.QtCore import QLocale, QMimeData, QPointF, QSize, Qt, QTimer, QUrl
from PySide6.QtGui import QDropEvent, QFileOpenEvent, QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QTabBar,
    QTableView,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop import errors, file_dialogs, launcher
from desktop.app import FileOpenFilter
from desktop.i18n import Translations
from desktop.jobs import Job, State
from desktop.main_window import DEFAULT_SIZE, PAGE_PANES, PAGE_WELCOME, MainWindow
from desktop.panes import AskPane, ClassifyPane, SummarizePane, TranslatePane
from desktop.panes.summarize import paragraph_spans
from desktop.settings import Settings, open_store
from desktop.settings_dialog import SettingsDialog
from desktop.widgets import (
    SCREEN_SHARE,
    BusyRow,
    DropTextEdit,
    TextFeeder,
    data_size,
    duration_text,
    fit_to_screen,
    reveal,
)
from engine import (
    Cancelled,
    CancelToken,
    Engine,
    EngineOptions,
    InputError,
    ModelInvalid,
    ModelNotFound,
    RuntimeUnavailable,
)
from engine.api import (
    AskRequest,
    AskResult,
    Classification,
    ClassifyRequest,
    ClassifyResult,
    Event,
    LabelScore,
    LabelsScored,
    ModelLoaded,
    ModelLoading,
    ModelUnloaded,
    ModelUsed,
    Progress,
    SummarizeRequest,
    SummarizeResult,
    TranslateRequest,
    TranslateResult,
)
from engine.cli.tasks import duration
from engine.text import segment
from tests.fixtures import corpus
from tests.fixtures.builder import exported
from tests.fixtures.desktop import WAIT_MS, Windows, long_english, windows

__all__ = ["windows"]  # a fixture, used by name
MakeWindow = Callable[..., MainWindow]


def engine_options(home: Path) -> EngineOptions:
    return EngineOptions(home=home, device="cpu")


def install(home: Path, **models: str) -> Engine:
    engine = Engine(engine_options(home))
    for name, fixture in models.items():
        engine.import_model(exported(fixture), name)
    return engine


@pytest.fixture
def settings_file(tmp_path: Path) -> Path:
    return tmp_path / "settings" / "quire.ini"


@pytest.fixture
def make_window(windows: Windows, quire_home: Path, settings_file: Path) -> MakeWindow:
    def make(translations: Translations | None = None, preload: bool = False) -> MainWindow:
        return windows.open(
            engine_options(quire_home), settings_file, translations, preload=preload
        )

    return make


def message_boxes(window: MainWindow) -> list[QMessageBox]:
    return [b for b in window.findChildren(QMessageBox) if b.isVisible()]


def classify_window(
    make_window: MakeWindow, quire_home: Path, text: str
) -> tuple[MainWindow, ClassifyPane]:
    """A window with a sentiment classifier, on the Classify pane holding ``text``."""
    install(quire_home, sentiment="bert-cls")
    window = make_window()
    window.show_pane(3)
    pane = window.current_pane()
    assert isinstance(pane, ClassifyPane)
    pane.load_text(text)
    return window, pane


def finish(qtbot: QtBot, job: Job | None) -> Job:
    assert job is not None
    with qtbot.waitSignal(job.finished, timeout=WAIT_MS):
        pass
    return job


# --- first run ------------------------------------------------------------------------------


def test_without_models_the_welcome_page_explains_how_to_get_one(
    make_window: MakeWindow, quire_home: Path
) -> None:
    window = make_window()
    assert window.windowTitle() == "Quire"
    assert window.pages.currentIndex() == PAGE_WELCOME
    assert window.welcome.isVisible()
    body = window.welcome.body.text()
    assert "Import a model folder" in body and str(quire_home / "models") in body
    assert "Browse the catalog" in body
    assert window.welcome.import_button.isEnabled()
    # The keyboard is on its default button: Enter browses, a screen reader reads it (it
    # was nowhere: an outside review).
    assert window.focusWidget() is window.welcome.catalog_button
    window.welcome.catalog_button.click()
    assert window.manager is not None and window.manager.isVisible()
    assert window.manager.tabs.currentWidget() is window.manager.catalog
    assert all(not pane.run_button.isEnabled() for pane in window.panes)


def test_the_model_manager_imports_and_removes_on_the_worker(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window()
    with qtbot.waitSignal(window.catalog_loaded, timeout=WAIT_MS):
        job = window.import_folder(exported("bert-cls"))
    assert job is not None and job.state is State.FINISHED
    assert window.pages.currentIndex() == PAGE_PANES
    classify = window.panes[3]
    assert classify.model_box.findData("bert-cls") > 0
    manager = window.show_model_manager()
    if window.doctor is None:
        with qtbot.waitSignal(window.doctor_loaded, timeout=WAIT_MS):
            pass
    manager.set_data(window.catalog or [], window.doctor, window.used)
    items = [manager.table.item(0, c) for c in range(manager.table.columnCount())]
    cells = [item.text() if item is not None else "" for item in items]
    assert cells[0] == "bert-cls" and cells[1] == "classification"
    assert "cpu" in cells[5]

    # Check files: a model's files against what was recorded at install, on the worker.
    manager.select("bert-cls")
    assert manager.verify_button.isEnabled()
    with qtbot.waitSignal(window.runner.job_ended, timeout=WAIT_MS):
        manager.verify_button.click()
    assert re.fullmatch(r"bert-cls: all \d+ files are as they were installed\.",
                        manager.finished_note.text()), manager.finished_note.text()  # fmt: skip
    tokenizer = manager.entries[0].path / "tokenizer.json"
    tokenizer.write_text(tokenizer.read_text(encoding="utf-8") + " ", encoding="utf-8")
    with qtbot.waitSignal(window.runner.job_ended, timeout=WAIT_MS):
        manager.verify_button.click()
    said = manager.finished_note.text()
    assert said.startswith("bert-cls is not as it was installed (changed: tokenizer.json)"), said

    # The question names what it frees, and its button a verb (it was Yes / Cancel).
    asked: list[tuple[str, list[str]]] = []
    size = data_size(manager.entries[0].size_bytes)

    def answer() -> None:
        (box,) = [b for b in manager.findChildren(QMessageBox) if b.isVisible()]
        asked.append((box.text(), [b.text() for b in box.buttons()]))
        (remove,) = [b for b in box.buttons() if b.text() == "Remove"]
        remove.click()

    manager.select("bert-cls")
    QTimer.singleShot(0, answer)
    with qtbot.waitSignal(window.catalog_loaded, timeout=WAIT_MS):
        manager.remove_selected()
    assert asked == [
        (
            f"Remove bert-cls? Its files are deleted from the model folder, freeing {size}.",
            ["Cancel", "Remove"],  # (in the platform's order)
        )
    ]
    assert window.pages.currentIndex() == PAGE_WELCOME
    assert manager.finished_note.text() == "bert-cls is removed."


def test_sizes_read_in_the_window_as_the_command_line_writes_them() -> None:
    """The CLI said "5.56 MB / 956 KB", the window "5.56 MiB / 956.44 KiB" for the same
    models (an outside review): one convention, at most three significant digits. Then 2176
    bytes read "2.13 KB" in the window and "2.12 KB" in the CLI (Qt rounds 2.125 up, Python
    to the even digit), 1 byte "1 bytes" and 1000 bytes "1,000 bytes" (a code review)."""
    from engine.text.sizes import human_size

    every_kb = range(0, 300 * 1024)  # each byte up to 300 KB: all of 2.125's ties
    # Ties and their neighbours in each unit (n / 1024**p an exact binary fraction).
    ties = [
        k * 2 ** (10 * p - 3) + d for p in (2, 3, 4) for k in range(8, 8200, 7) for d in (-1, 0, 1)
    ]
    rng = random.Random(2176)
    anywhere = [int(2 ** rng.uniform(0, 50)) for _ in range(20_000)]  # up to 1 PB
    sizes = [*every_kb, *ties, *anywhere, 2**20 - 1, 5_830_000, 3 * 2**40, 2**60]
    before = QLocale()
    try:
        QLocale.setDefault(QLocale("en"))  # (as the app in English: Translations.switch)
        differ = [(n, data_size(n), human_size(n)) for n in sizes if data_size(n) != human_size(n)]
        assert differ == []
        assert [data_size(n) for n in (1, 2176, 1000)] == ["1 byte", "2.12 KB", "1000 bytes"]
    finally:
        QLocale.setDefault(before)


def test_sizes_in_the_window_use_its_languages_digits() -> None:
    """The number is the CLI's, written with the UI language's decimal point."""
    before = QLocale()
    try:
        QLocale.setDefault(QLocale("de"))
        assert [data_size(n) for n in (2176, 5_830_000, 1000)] == [
            "2,12 KB",
            "5,56 MB",
            "1000 Bytes",
        ]
    finally:
        QLocale.setDefault(before)


# --- the panes --------------------------------------------------------------------------------


def test_classify_runs_with_ctrl_enter_and_shows_bars_and_heat_map(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path
) -> None:
    engine = install(quire_home, sentiment="bert-cls")
    window = make_window()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
    # The first window opens with the keyboard in the pane's input (not the dock tab bar).
    assert QApplication.focusWidget() is window.current_pane().first_input
    QTest.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    pane = window.current_pane()
    assert isinstance(pane, ClassifyPane)
    assert QApplication.focusWidget() is pane.text  # Ctrl+4: type the text at once
    text = "The service was slow but the food was wonderful."
    QTest.keyClicks(pane.text, text)
    QTest.keyClick(pane.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    finish(qtbot, pane.job)

    expected = engine.run(ClassifyRequest(texts=(text,), explain=True))
    assert isinstance(expected, ClassifyResult)
    assert isinstance(pane.result, ClassifyResult)
    shown = [(label.text(), bar.value()) for label, bar in pane.bars.rows]
    assert shown == [(s.label, round(s.score * 1000)) for s in expected.items[0].labels]
    assert pane.heat.toPlainText() == text
    attributions = expected.items[0].attributions
    assert [(start, end) for start, end, _ in pane.heat.spans] == [
        (a.start, a.end) for a in attributions
    ]
    assert [w for _, _, w in pane.heat.spans] == pytest.approx(
        [a.weight for a in attributions], abs=1e-4
    )
    assert pane.result_text().splitlines()[0].startswith(expected.items[0].labels[0].label)
    assert window.latency_label.text() and "CPU" in window.device_label.text()


@pytest.mark.parametrize("count", [3, 8])
def test_up_to_five_labels_show_whole_in_a_short_window(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, count: int
) -> None:
    """In a short window the labels' area got a third of the room and three labels needed a
    scroll bar beside an emptier explanation (seen in a screenshot); five are kept whole."""
    install(quire_home, sentiment="bert-cls")
    window = make_window()
    window.resize(1000, 420)
    window.show()
    qtbot.waitExposed(window)
    window.show_pane(next(i for i, p in enumerate(window.panes) if isinstance(p, ClassifyPane)))
    pane = window.current_pane()
    assert isinstance(pane, ClassifyPane) and window.pages.currentIndex() == PAGE_PANES
    labels = tuple(LabelScore(f"label {i}", 1 / (i + 2)) for i in range(count))
    used = ModelUsed("m", Path("m"), "onnx", "int8", "cpu")
    result = ClassifyResult((Classification("text", labels),), used, multi_label=False)
    pane.show_result(result)
    scroll = pane.scores_scroll
    shown = min(count, 5)
    bars = pane.bars
    qtbot.waitUntil(  # the layouts settle in the event loop
        lambda: (
            bars.sizeHint().height() >= bars.wanted_height() > 0
            and scroll.viewport().height() >= bars.wanted_height()
        ),
        timeout=5000,
    )
    last_whole = pane.bars.rows[shown - 1][1]
    bottom = last_whole.mapTo(pane.bars, last_whole.rect().bottomLeft()).y()
    assert bottom < scroll.viewport().height()
    assert (scroll.verticalScrollBar().maximum() > 0) == (count > 5)
    assert pane.heat.isVisible() and pane.heat.height() > 0


def test_labels_shown_before_their_explanation_replace_the_last_result(
    make_window: MakeWindow, quire_home: Path
) -> None:
    """While a job explains its labels, the pane shows the new labels, copies them, notes
    what they say (not the last result's) and says the explanation is coming; a job stopped
    then keeps the labels, marked incomplete, and no longer says it is coming."""
    install(quire_home, sentiment="bert-cls")
    window = make_window()
    pane = next(p for p in window.panes if isinstance(p, ClassifyPane))
    old = Classification("old text", (LabelScore("old", 0.9),), truncated=True, read=0.034)
    used = ModelUsed("m", Path("m"), "onnx", "int8", "cpu")
    pane.result = ClassifyResult((old,), used, multi_label=True)
    pane.show_result(pane.result)
    pane.mark_fresh()
    # (how much of it was read: "its end was left out" said nothing of a 110-page report)
    assert "longer than the model reads: only its beginning, about 3 % of it" in pane.notes.text()
    assert pane.result_text() == "old\t0.9000"

    job = Job(1, None, "classify", None)
    pane.attach(job)
    job.state = State.RUNNING
    new = Classification("new text", (LabelScore("sport", 0.7), LabelScore("art", 0.3)))
    job.progressed.emit(LabelsScored(0, new, multi_label=False))
    assert [label.text() for label, _bar in pane.bars.rows] == ["sport", "art"]
    assert pane.result_text() == "sport\t0.7000\nart\t0.3000"
    assert pane.copy_button.isEnabled()
    assert pane.notes.text() == ""  # neither the old text's truncation nor its multi-label
    assert pane.legend.text() == "Working out which words decided the label…"
    pane.explain_box.setChecked(False)  # re-described from what is shown, not the old result
    assert pane.legend.text() == "Working out which words decided the label…"

    job.state = State.CANCELLED
    job.cancelled.emit()
    assert [label.text() for label, _bar in pane.bars.rows] == ["sport", "art"]
    assert pane.legend.text() == "Tick Explain to see which words decided the label."
    assert pane.state_note.text() == "Cancelled. The result shown is incomplete."


def test_the_window_keeps_no_job_but_each_panes_last(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path
) -> None:
    """A week of live translation kept every job (its text and result) in memory."""
    _window, pane = classify_window(make_window, quire_home, "The food was wonderful.")
    jobs: list[weakref.ref[Job]] = []
    for text in ("Good.", "Bad.", "Fine.", "Awful."):
        pane.load_text(text)
        job = finish(qtbot, pane.run())
        jobs.append(weakref.ref(job))
        del job
    gc.collect()
    assert [ref() is None for ref in jobs] == [True, True, True, False]  # (the pane's last)
    assert jobs[-1]() is pane.job


def test_translate_as_you_type_latest_request_wins(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path
) -> None:
    engine = install(quire_home, **{"opus-mt-en-de": "marian"})
    window = make_window()
    pane = window.panes[0]
    assert isinstance(pane, TranslatePane)
    assert pane.live_box.isChecked()
    assert pane.from_box.currentData() == "" and pane.to_box.currentData() == "de"
    ended: list[Job] = []
    window.runner.job_ended.connect(ended.append)

    long_text = " ".join(corpus.sentences("en")[:30])
    pane.source.setPlainText(long_text)
    with qtbot.waitSignal(
        window.runner.job_started,
        timeout=WAIT_MS,
        check_params_cb=lambda job: job.label == pane.title(),
    ) as started:
        pass
    first = started.args[0] if started.args else None
    assert isinstance(first, Job)
    final = "Hello world. How are you?"
    pane.source.setPlainText("Hello")
    pane.source.setPlainText(final)  # typing on: one debounced job for the last text
    qtbot.waitUntil(lambda: pane.job is not first and pane.job is not None, timeout=WAIT_MS)
    last = finish(qtbot, pane.job)
    assert first.state is State.CANCELLED
    assert [j for j in ended if j.label == pane.title()] == [first, last]

    expected = engine.run(TranslateRequest(text=final, target="de"))
    assert isinstance(expected, TranslateResult)
    assert isinstance(pane.result, TranslateResult)
    qtbot.waitUntil(lambda: pane.feeder.done, timeout=WAIT_MS)  # long text: fed in slices
    assert pane.output.toPlainText() == expected.text
    assert "English" in pane.info.text()  # the detected language


def test_a_long_text_is_not_copied_out_at_each_key_and_waits_for_the_button(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 20 MB text was copied out of the box at every key press (0.1 s a key) to be told
    too long for live translation."""
    install(quire_home, **{"opus-mt-en-de": "marian"})
    window = make_window()
    pane = window.panes[0]
    assert isinstance(pane, TranslatePane) and pane.live_box.isChecked()
    pane.source.setPlainText("word " * 2001)  # 10,005 characters: too long, counted
    assert pane.stale == "too_long" and not pane.debounce.isActive()

    def copied() -> str:
        raise AssertionError("the whole text copied out to be measured")

    monkeypatch.setattr(pane.source, "toPlainText", copied, raising=False)
    pane.source.setFocus()
    QTest.keyClick(pane.source, Qt.Key.Key_A)
    assert pane.stale == "too_long" and not pane.debounce.isActive() and pane.job is None
    monkeypatch.undo()
    pane.source.setPlainText("😀" * 3000)  # 6,000 UTF-16 units, 3,000 characters: live
    assert pane.debounce.isActive()


def test_a_passage_shown_in_its_text_has_its_start_in_view(qtbot: QtBot) -> None:
    """A passage taller than the box was scrolled to its end: its heading and first lines
    above the box, out of sight."""
    box = QTextEdit()
    qtbot.addWidget(box)
    box.resize(400, 160)
    box.show()
    box.setPlainText("\n".join(f"Line {n} of the text." for n in range(200)))
    document = box.document()
    start = document.findBlockByNumber(100).position()
    end = document.findBlockByNumber(130).position()
    for select in (False, True):
        box.moveCursor(QTextCursor.MoveOperation.End)
        reveal(box, start, end, select=select)
        at = QTextCursor(document)
        at.setPosition(start)
        assert box.viewport().rect().contains(box.cursorRect(at).center()), select
        cursor = box.textCursor()
        spanned = (cursor.selectionStart(), cursor.selectionEnd())
        assert spanned == ((start, end) if select else (start, start))


def test_a_huge_text_is_not_wrapped_and_a_long_paste_goes_in_whole(qtbot: QtBot) -> None:
    box = DropTextEdit()
    qtbot.addWidget(box)
    box.setPlainText("word " * 400_001)  # over 2,000,000: laid out again at every resize
    assert box.lineWrapMode() == QTextEdit.LineWrapMode.NoWrap
    box.clear()
    assert box.lineWrapMode() == QTextEdit.LineWrapMode.WidgetWidth
    pasted = "Zeile eins\n\nZeile zwei 😀\n" * 20_000  # over 200,000 characters
    mime = QMimeData()
    mime.setText(pasted)
    box.insertFromMimeData(mime)
    assert box.toPlainText() == pasted and box.document().isModified()
    box.moveCursor(QTextCursor.MoveOperation.Start)
    box.insertFromMimeData(mime)  # into text: at the cursor, as Qt does
    assert box.toPlainText() == pasted + pasted


def test_swap_exchanges_languages_and_text(make_window: MakeWindow, quire_home: Path) -> None:
    install(quire_home, **{"opus-mt-en-de": "marian", "opus-mt-de-en": "marian"})
    window = make_window()
    pane = window.panes[0]
    assert isinstance(pane, TranslatePane)
    pane.live_box.setChecked(False)
    pane.from_box.setCurrentIndex(pane.from_box.findData("en"))
    pane.to_box.setCurrentIndex(pane.to_box.findData("de"))
    pane.show_partial("Hallo")
    pane.swap_button.click()
    assert (pane.from_box.currentData(), pane.to_box.currentData()) == ("de", "en")
    assert pane.source.toPlainText() == "Hallo" and pane.output.toPlainText() == ""


def test_ask_highlights_the_answer_in_the_text(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path
) -> None:
    engine = install(quire_home, qa="distilbert-qa")
    window = make_window()
    window.show_pane(2)
    pane = window.current_pane()
    assert isinstance(pane, AskPane)
    context = "\n\n".join(" ".join(corpus.sentences("en")[i : i + 4]) for i in range(0, 12, 4))
    pane.load_text(context)
    pane.question.setText("Where did they go?")
    finish(qtbot, pane.run())

    expected = engine.run(AskRequest(question="Where did they go?", context=context, top_k=3))
    assert isinstance(expected, AskResult)
    assert isinstance(pane.result, AskResult)
    best = expected.answers[0]
    assert pane.highlighted == (best.start, best.end)
    marks = pane.context.extraSelections()
    assert len(marks) == 1 and marks[0].cursor.selectedText() == context[best.start : best.end]
    assert pane.answers.count() == len(expected.answers)
    if len(expected.answers) > 1:  # choosing another answer jumps to it
        pane.answers.setCurrentRow(1)
        assert pane.highlighted == (expected.answers[1].start, expected.answers[1].end)


def test_summary_sentences_select_their_source_paragraphs(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path
) -> None:
    engine = install(quire_home, **{"distilbart-cnn": "bart"})
    window = make_window()
    window.show_pane(1)
    pane = window.current_pane()
    assert isinstance(pane, SummarizePane)
    sentences = corpus.sentences("en")
    text = "Intro line.\n\n" + " ".join(sentences[:3]) + "\n\n\n  " + " ".join(sentences[3:6])
    pane.load_text(text)
    pane.length_box.setCurrentIndex(pane.length_box.findData("short"))
    finish(qtbot, pane.run())

    expected = engine.run(SummarizeRequest(text=text, length="short"))
    assert isinstance(expected, SummarizeResult)
    assert isinstance(pane.result, SummarizeResult)
    assert [pane.sentences.item(i).text() for i in range(pane.sentences.count())] == [
        s.text for s in expected.sentences
    ]
    # The desktop numbers paragraphs exactly as the engine does.
    engine_paragraphs: dict[int, tuple[int, int]] = {}
    for seg in segment(text).segments:
        start, end = engine_paragraphs.get(seg.paragraph, (seg.start, seg.end))
        engine_paragraphs[seg.paragraph] = (min(start, seg.start), max(end, seg.end))
    assert paragraph_spans(text) == [engine_paragraphs[i] for i in sorted(engine_paragraphs)]

    # A sentence linked to paragraphs selects the first of them. (Random weights write words
    # the text may not have, and such a sentence links to none: then the view is shown one.)
    linked = next((i for i, s in enumerate(expected.sentences) if s.paragraphs), None)
    if linked is None:
        from engine.api import SummarySentence

        first_sentence = SummarySentence(expected.sentences[0].text, (1, 2))
        pane.show_result(
            dataclasses.replace(expected, sentences=(first_sentence, *expected.sentences[1:]))
        )
        linked, paragraphs = 0, first_sentence.paragraphs
    else:
        paragraphs = expected.sentences[linked].paragraphs
    pane.sentences.setCurrentItem(pane.sentences.item(linked))
    assert pane.selected_span() == paragraph_spans(text)[min(paragraphs)]


def test_escape_cancels_a_running_job_without_an_error(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path
) -> None:
    install(quire_home, **{"opus-mt-en-de": "marian"})
    window = make_window()
    window.activateWindow()
    pane = window.panes[0]
    assert isinstance(pane, TranslatePane)
    pane.live_box.setChecked(False)
    pane.load_text(long_english())
    job = pane.run()
    assert job is not None and pane.cancel_button.isEnabled()
    with qtbot.waitSignal(
        job.progressed, timeout=WAIT_MS, check_params_cb=lambda e: isinstance(e, Progress)
    ):
        pass
    with qtbot.waitSignal(job.cancelled, timeout=WAIT_MS):
        QTest.keyClick(pane.source, Qt.Key.Key_Escape)
    assert job.state is State.CANCELLED
    assert not pane.cancel_button.isEnabled() and not pane.busy.shown
    assert message_boxes(window) == []


def test_a_failing_job_shows_the_presenters_sentence(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path
) -> None:
    window, pane = classify_window(make_window, quire_home, "Some text.")
    pane.model_box.setCurrentIndex(pane.model_box.findData("sentiment"))
    pane.labels.setText("sports, politics")  # a plain classifier cannot take labels
    job = pane.run()
    assert job is not None
    with qtbot.waitSignal(job.failed, timeout=WAIT_MS) as failed:
        pass
    error = failed.args[0] if failed.args else None
    assert isinstance(error, InputError)
    qtbot.waitUntil(lambda: bool(message_boxes(window)), timeout=5000)
    box = message_boxes(window)[0]
    message = errors.describe(error)
    assert message is not None
    assert box.text() == message.title == "Quire cannot use this input"
    assert error.message_id == "classify.no_labels_of_choice"
    assert "sentiment cannot classify into labels you give." in box.informativeText()
    assert box.informativeText() == message.text
    assert box.detailedText() == message.details and "InputError" in box.detailedText()
    assert error.message in box.detailedText()  # the engine's own words, on demand
    box.close()


def test_dropped_files_load_and_documents_get_a_clear_message(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, tmp_path: Path
) -> None:
    install(quire_home, sentiment="bert-cls")
    window = make_window()
    window.show_pane(3)
    pane = window.current_pane()
    assert isinstance(pane, ClassifyPane)

    def drop(path: Path) -> None:
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(path))])
        event = QDropEvent(
            QPointF(5, 5),
            Qt.DropAction.CopyAction,
            mime,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
        pane.text.dropEvent(event)

    note = tmp_path / "note.txt"
    note.write_text("\ufeffA dropped note.\n", encoding="utf-8")
    drop(note)
    qtbot.waitUntil(lambda: pane.source_path == note, timeout=WAIT_MS)  # read on the worker
    assert pane.text.toPlainText() == "A dropped note.\n"
    assert pane.suggested_name() == "note.classify.txt"

    sheet = tmp_path / "sheet.vsd"  # a format no reader takes
    sheet.write_bytes(b"\xd0\xcf\x11\xe0")
    drop(sheet)
    qtbot.waitUntil(lambda: bool(message_boxes(window)), timeout=5000)
    box = message_boxes(window)[0]
    assert "Quire cannot read .vsd files." in box.informativeText()
    assert (
        "Save it as .vsdx in Visio (or as .odg in LibreOffice Draw), then try again."
        in box.informativeText()
    )
    assert str(sheet) in box.informativeText()
    assert pane.text.toPlainText() == "A dropped note.\n"  # unchanged
    box.close()


def test_results_are_saved_and_copied(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, tmp_path: Path
) -> None:
    install(quire_home, sentiment="bert-cls")
    window = make_window()
    pane = window.panes[3]
    pane.load_text("Nice.")
    finish(qtbot, pane.run())
    assert pane.suggested_folder() == Path.home()  # typed text, nothing saved yet
    target = tmp_path / "results" / "out.txt"
    target.parent.mkdir()
    assert pane.save_result(target)
    assert target.read_text(encoding="utf-8") == pane.result_text() != ""
    pane.copy_button.click()
    assert QApplication.clipboard().text() == pane.result_text()
    # The next Save offers the folder saved into, in any pane and after a restart (it
    # offered the home folder each time: an outside review).
    assert window.panes[1].suggested_folder() == target.parent
    assert make_window().panes[3].suggested_folder() == target.parent


def test_files_given_at_start_open_once_models_are_known(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, tmp_path: Path
) -> None:
    install(quire_home, sentiment="bert-cls")
    note = tmp_path / "start.txt"
    note.write_text("Opened from the command line.", encoding="utf-8")
    window = make_window()
    window.catalog = None  # as right after start-up, before the worker has listed the models
    window.open_paths([note])
    assert window.pending_files == [note]
    with qtbot.waitSignal(window.catalog_loaded, timeout=WAIT_MS):
        window.refresh_models()
    pane = window.current_pane()  # the window opens on a pane that has a model
    assert isinstance(pane, ClassifyPane)
    qtbot.waitUntil(lambda: pane.source_path == note, timeout=WAIT_MS)
    assert pane.text.toPlainText() == "Opened from the command line."
    assert pane.source_path == note and window.pending_files == []


def test_a_file_given_with_no_model_installed_says_it_waits(
    make_window: MakeWindow, tmp_path: Path
) -> None:
    """Found by running the README's first command: `quire note.txt` on the welcome page
    (no model) kept the file for later without a word."""
    note = tmp_path / "note.txt"
    note.write_text("Hello.", encoding="utf-8")
    window = make_window()  # an empty store: the welcome page
    window.open_paths([note])
    assert window.pending_files == [note]
    assert window.statusBar().currentMessage() == "Install a model first: note.txt opens then"


def test_a_model_dropped_on_the_window_is_offered_for_import(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """On the welcome page, with no model yet, is where one is dropped most: a model's .zip
    was queued as a file Quire "cannot translate", a model folder as one holding no text."""
    import shutil
    import zipfile

    window = make_window()
    assert window.pages.currentIndex() == PAGE_WELCOME
    asked: list[str] = []

    def answer(*args: object, **_kwargs: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    folder = shutil.copytree(exported("bert-cls"), tmp_path / "sentiment")
    archive = tmp_path / "sentiment-copy.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for file in folder.rglob("*"):
            if file.is_file():
                zf.write(file, file.relative_to(folder).as_posix())
    # (the folder another model than the archive's: the same one is "installed already")
    (folder / "README.md").write_text("Another model.", encoding="utf-8")
    with qtbot.waitSignal(window.catalog_loaded, timeout=WAIT_MS):
        window.open_paths([archive])
    assert asked == ["sentiment-copy.zip looks like a model. Import it into Quire?"]
    assert window.pages.currentIndex() == PAGE_PANES
    note = tmp_path / "a.txt"
    note.write_text("Some text to classify.", encoding="utf-8")
    with qtbot.waitSignal(window.catalog_loaded, timeout=WAIT_MS):
        window.open_paths([folder, note])  # the model imported, the text opened
    assert len(asked) == 2 and "sentiment looks like a model" in asked[1]
    assert {m.name for m in window.catalog or []} == {"sentiment-copy", "sentiment"}
    pane = window.current_pane()
    qtbot.waitUntil(lambda: pane.source_path == note, timeout=WAIT_MS)


def test_a_file_open_event_opens_the_file(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, tmp_path: Path
) -> None:
    """macOS sends Finder's "Open With" and Dock drops as QFileOpenEvents to the application."""
    install(quire_home, sentiment="bert-cls")
    note = tmp_path / "finder.txt"
    note.write_text("Opened from the Finder.", encoding="utf-8")
    window = make_window()
    app = QApplication.instance()
    assert app is not None
    event_filter = FileOpenFilter(window)
    app.installEventFilter(event_filter)
    try:
        QApplication.sendEvent(app, QFileOpenEvent(str(note)))
    finally:
        app.removeEventFilter(event_filter)
    pane = window.current_pane()
    assert isinstance(pane, ClassifyPane)
    qtbot.waitUntil(lambda: pane.source_path == note, timeout=WAIT_MS)
    assert pane.text.toPlainText() == "Opened from the Finder."
    assert pane.source_path == note


def test_files_opened_together_from_the_finder_arrive_together(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, tmp_path: Path
) -> None:
    """Finder's "Open With" on two files sends two QFileOpenEvents: opened one by one, the
    second text file replaced the first in the box, which was lost without a word."""
    install(quire_home, sentiment="bert-cls")
    window = make_window()
    opened: list[list[Path]] = []
    window.open_paths = opened.append  # type: ignore[method-assign,assignment]
    app = QApplication.instance()
    assert app is not None
    notes = [tmp_path / "a.txt", tmp_path / "b.txt"]
    event_filter = FileOpenFilter(window)
    app.installEventFilter(event_filter)
    try:
        for note in notes:
            QApplication.sendEvent(app, QFileOpenEvent(str(note)))
        assert opened == []  # gathered until the events that came with them are in
        qtbot.waitUntil(lambda: bool(opened), timeout=WAIT_MS)
    finally:
        app.removeEventFilter(event_filter)
    assert opened == [notes]


def test_the_last_used_model_is_preloaded_after_start(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, settings_file: Path
) -> None:
    install(quire_home, sentiment="bert-cls")
    stored = Settings(open_store(settings_file))
    stored.last_pane = 3
    stored.set_value("models/last_used/classify", "sentiment")
    stored.sync()
    ended: list[Job] = []
    window = make_window(preload=True)
    window.runner.job_ended.connect(ended.append)
    qtbot.waitUntil(lambda: any(j.label == "preload" for j in ended), timeout=WAIT_MS)
    assert "sentiment" in window.used  # loaded, so the first real job does not wait for it
    assert message_boxes(window) == []


def test_the_status_bar_says_which_models_made_room_for_the_one_loaded(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    """The engine's ``ModelUnloaded`` comes before the new model's "Loading…": it is said once
    that model is loaded, in the window's language."""
    window = make_window()
    used = ModelUsed("qwen", Path("/models/qwen"), "onnx", "int8", "cpu")

    def work(engine: Engine, report: Callable[[Event], None], cancel: CancelToken) -> None:
        report(ModelUnloaded("opus-mt-en-de", "qwen", 2_000_000_000, 1_000_000_000))
        report(ModelUnloaded("minilm", "qwen", 2_000_000_000, 1_200_000_000))
        report(ModelLoading("qwen"))
        report(ModelLoaded(used, 0.5))

    finish(qtbot, window.runner.call(work, label="summarize"))
    qtbot.waitUntil(lambda: "qwen" in window.used, timeout=WAIT_MS)
    assert window.statusBar().currentMessage() == (
        "Unloaded opus-mt-en-de, minilm to make room in memory for qwen"
    )


def test_a_queued_job_cancelled_during_a_load_leaves_the_loading_line_alone(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    """A queued job of another pane that ended without running (cancelled) cleared the
    running job's "Loading model qwen…" and the models unloaded for it (a code review): the
    line stays until that load is over, and "Unloaded …" is still said after it."""
    window = make_window()
    used = ModelUsed("qwen", Path("/models/qwen"), "onnx", "int8", "cpu")
    go_on = threading.Event()

    def loading(engine: Engine, report: Callable[[Event], None], cancel: CancelToken) -> None:
        report(ModelUnloaded("opus-mt-en-de", "qwen", 2_000_000_000, 1_000_000_000))
        report(ModelLoading("qwen"))
        assert go_on.wait(WAIT_MS / 1000)  # the load is under way until the test says so
        report(ModelLoaded(used, 0.5))

    def never(engine: Engine, report: Callable[[Event], None], cancel: CancelToken) -> None:
        raise AssertionError("a cancelled queued job does not run")

    running = window.runner.call(loading, label="summarize")
    try:
        qtbot.waitUntil(
            lambda: window.statusBar().currentMessage() == "Loading model qwen…", timeout=WAIT_MS
        )
        queued = window.runner.call(never, label="ask", key="pane:ask")
        assert not queued.done  # (it waits behind the load)
        with qtbot.waitSignal(window.runner.job_ended, timeout=WAIT_MS):
            window.runner.cancel(queued)
        assert queued.state is State.CANCELLED  # the case this test is about
        assert window.statusBar().currentMessage() == "Loading model qwen…"
    finally:
        go_on.set()
    finish(qtbot, running)
    assert window.statusBar().currentMessage() == (
        "Unloaded opus-mt-en-de to make room in memory for qwen"
    )


# --- settings and language ------------------------------------------------------------------


def test_the_first_window_fits_a_small_screen(qtbot: QtBot, make_window: MakeWindow) -> None:
    """With no saved geometry the window opens whole on its screen: the offscreen screen
    (800 x 800) is narrower than the preferred 1100 x 720, as a 1080p laptop at 150 %
    scaling (1280 x 720 less the taskbar) is shorter."""
    window = make_window()
    window.show()
    qtbot.waitExposed(window)
    screen = window.screen()
    area = screen.availableGeometry()
    assert area.width() < DEFAULT_SIZE.width()  # the case this test is about
    assert area.contains(window.frameGeometry())
    assert window.width() == max(int(area.width() * SCREEN_SHARE), window.minimumWidth())
    assert window.height() == min(DEFAULT_SIZE.height(), int(area.height() * SCREEN_SHARE))


def test_the_minimum_size_gives_way_on_a_small_or_highly_scaled_screen(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    """1366 x 768 at 200 % is 683 x 384 (less the taskbar): a 720 x 480 minimum would push
    the title bar and the status bar off the screen, and the window could not be shrunk."""
    from PySide6.QtCore import QRect

    from desktop.main_window import MINIMUM_SIZE
    from desktop.widgets import screen_minimum

    class Screen:
        def availableGeometry(self) -> QRect:
            return QRect(0, 0, 683, 354)

    class Small:
        def screen(self) -> Screen:
            return Screen()

    small = screen_minimum(cast(Any, Small()), MINIMUM_SIZE)
    assert small == QSize(int(683 * SCREEN_SHARE), int(354 * SCREEN_SHARE))
    window = make_window()  # the offscreen screen (800 x 800) has room: the full minimum
    assert window.minimumSize() == MINIMUM_SIZE


def test_every_pane_fits_the_window_at_its_minimum_width_in_english_and_chinese(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path
) -> None:
    """At 720 x 480 the Translate pane scrolled sideways, its To box and its buttons cut off
    (an outside review): the sidebar is as wide as its titles, the top rows' boxes shrink,
    and the buttons may be as narrow as their text."""
    from desktop.main_window import MINIMUM_SIZE

    install(quire_home, **{"opus-mt-en-de": "marian"})
    translations = Translations()
    window = make_window(translations)
    window.resize(MINIMUM_SIZE)
    window.show()
    qtbot.waitExposed(window)
    try:
        for language in ("en", "zh_CN"):
            assert translations.switch(language)
            QApplication.processEvents()
            for index, pane in enumerate(window.panes):
                window.show_pane(index)
                QApplication.processEvents()
                assert window.stack_scroll.isVisible()
                sideways = window.stack_scroll.horizontalScrollBar()
                assert sideways.maximum() == 0, (language, type(pane).__name__)
    finally:
        translations.switch("en")


def test_a_window_opens_at_its_preferred_size_where_the_screen_has_room(qtbot: QtBot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.setMinimumSize(QSize(300, 200))
    fit_to_screen(widget, QSize(400, 300), center=True)
    assert widget.size() == QSize(400, 300)
    area = widget.screen().availableGeometry()
    assert widget.frameGeometry().center() == area.center()
    fit_to_screen(widget, QSize(100, 5000))  # never below the minimum, never past the screen
    assert widget.size() == QSize(300, int(area.height() * SCREEN_SHARE))


def test_settings_offer_the_devices_of_this_platform() -> None:
    """DirectML is Windows', Core ML Apple's: offered on Linux, either ran on the CPU."""
    from desktop.settings_dialog import platform_devices

    assert platform_devices("linux") == ("auto", "cpu", "cuda")
    assert platform_devices("win32") == ("auto", "cpu", "cuda", "directml")
    assert platform_devices("darwin") == ("auto", "cpu", "coreml")


def test_settings_persist_across_restarts(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, settings_file: Path
) -> None:
    install(quire_home, sentiment="bert-cls", qa="distilbert-qa")
    window = make_window()
    window.show_pane(2)
    window.resize(900, 650)
    geometry = window.saveGeometry()
    dialog = window.show_settings()
    dialog.threads.setValue(3)
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    dialog.font_size.setValue(13)
    dialog.device.setCurrentIndex(dialog.device.findData("cpu"))
    dialog.preference.setCurrentIndex(dialog.preference.findData("speed"))
    dialog.accept()
    window.close()

    again = Settings(open_store(settings_file))
    assert (again.last_pane, again.threads, again.theme, again.font_size) == (2, 3, "dark", 13)
    assert again.geometry == geometry
    options = again.engine_options()
    assert (options.device, options.dtype, options.threads) == ("cpu", "int8", 3)
    reopened = make_window()
    assert reopened.stack.currentIndex() == 2 and reopened.pane_actions[2].isChecked()
    assert SettingsDialog(again).font_size.value() == 13
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    from desktop import theme

    theme.apply(app, "light", 0)  # leave the app as other tests expect it


def test_corrupt_settings_read_as_defaults(settings_file: Path) -> None:
    settings_file.parent.mkdir(parents=True)
    settings_file.write_text(
        "[ui]\ntheme=purple\nfont_size=many\n[engine]\nthreads=-4\ndevice=tpu\n", encoding="utf-8"
    )
    s = Settings(open_store(settings_file))
    assert (s.theme, s.font_size, s.threads, s.device) == ("system", 0, 0, "auto")


def test_switching_the_language_retranslates_the_window(
    make_window: MakeWindow, quire_home: Path
) -> None:
    install(quire_home, sentiment="bert-cls")
    translations = Translations()
    window = make_window(translations)
    try:
        # A file that failed before the switch: its reason is worded again, not left English.
        from desktop.queue import Row, RowState
        from engine import DocumentError, TranslateRequest

        damaged = DocumentError(
            "The file is damaged", message_id="document.damaged_file", params={"suffix": ".docx"}
        )
        row = Row(quire_home / "a.docx", None, TranslateRequest(text="", target="de"),
                  state=RowState.FAILED, error=damaged)  # fmt: skip
        # What the job noted on the way (its Note events) stays in the tooltip through it.
        row.notes.append("Resuming after a crash is off for this file")
        window.queue.describe(row)
        english = row.message
        window.queue.rows.append(row)
        window.settings.language = "zh_CN"
        window.apply_settings()
        assert window.file_menu.title() == "文件(&F)"
        state = window.queue_view.table.item(0, 2)
        assert state is not None and row.message != english
        assert state.text() == f"失败：{row.message} {row.advice}" and not row.message.isascii()
        assert row.details.startswith(row.message)
        assert row.details.endswith("\nResuming after a crash is off for this file")
        assert state.toolTip() == row.details
        assert window.sidebar.item(0).text() == "翻译"
        assert window.panes[3].run_button.text() == "分类"
        translate = window.panes[0]
        assert isinstance(translate, TranslatePane)
        assert translate.from_box.itemText(0) == "检测语言"
        assert window.windowTitle() == "Quire"
        window.settings.language = "en"
        window.apply_settings()
        assert window.file_menu.title() == "&File"
        assert window.sidebar.item(0).text() == "Translate"
    finally:
        translations.switch("en")


def test_every_control_has_an_accessible_name(make_window: MakeWindow, quire_home: Path) -> None:
    install(quire_home, sentiment="bert-cls")
    window = make_window()
    window.queue_dock.show()
    window.history_dock.show()  # tabbed together: Qt makes their tab bar now
    assert window.findChildren(QTabBar)
    controls = (
        QAbstractButton,
        QComboBox,
        QLineEdit,
        QPlainTextEdit,
        QTextEdit,
        QListWidget,
        QTabBar,
    )
    unnamed = [
        f"{type(w).__name__} in {type(w.parent()).__name__}"
        for w in window.findChildren(QWidget)
        if isinstance(w, controls)
        and not w.accessibleName()
        and not (isinstance(w, QAbstractButton) and w.text())
        and w.window() is window
        and not w.objectName().startswith("qt_")  # Qt's own parts, e.g. the menu bar's "»"
        # A table's corner button, Qt's too (named qt_tableview_cornerbutton from 6.11 on)
        and not (isinstance(w, QAbstractButton) and isinstance(w.parent(), QTableView))
    ]
    assert unnamed == []


# --- small parts -----------------------------------------------------------------------------


def test_the_progress_row_appears_only_after_a_delay(qtbot: QtBot) -> None:
    row = BusyRow()
    qtbot.addWidget(row)
    row.show()
    row.start("Working")
    assert not row.shown  # a quick job finishes without a flash of progress
    qtbot.waitUntil(lambda: row.shown, timeout=5000)
    row.update_from(Progress("translating", 2, 5))
    assert (row.bar.value(), row.bar.maximum()) == (2, 5)
    row.stop()
    assert not row.shown


def test_the_progress_row_says_the_time_left(qtbot: QtBot) -> None:
    """Rounded as an estimate (the command line rounds it the same way), in the UI's
    language; none once the stage is done."""
    row = BusyRow()
    qtbot.addWidget(row)
    row.start("Working")
    row.update_from(Progress("summarizing", 3, 10, 42.0))
    assert row.label.text() == "Summarizing… 3 / 10, about 40 s left"
    row.update_from(Progress("summarizing", 4, 10, 4000.0))
    assert row.label.text() == "Summarizing… 4 / 10, about 1 h 7 min left"
    row.update_from(Progress("summarizing", 10, 10, 0.0))
    assert row.label.text() == "Summarizing… 10 / 10"
    assert [duration_text(s) for s in (1, 62, 3600, 7260)] == ["5 s", "1 min", "1 h", "2 h 1 min"]
    assert duration_text(4000) == duration(4000)  # the CLI's
    translations = Translations()
    try:
        assert translations.switch("zh_CN")
        row.start("Working")  # another job
        row.update_from(Progress("summarizing", 3, 10, 150.0))
        assert row.label.text().endswith("3 / 10，约剩 2 分钟")
    finally:
        translations.switch("en")
    row.stop()


def test_the_progress_row_counts_the_rounds_of_a_long_summary(qtbot: QtBot) -> None:
    """A long text is summarized in rounds, each reported from 0: the row started over
    ("1 / 4", then "1 / 2") with nothing to say it had moved on."""
    row = BusyRow()
    qtbot.addWidget(row)
    row.start("Working")
    for done in range(5):
        row.update_from(Progress("summarizing", done, 4))
    assert row.label.text() == "Summarizing… 4 / 4"
    row.update_from(Progress("summarizing", 0, 2))
    assert row.label.text() == "Summarizing… 0 / 2 (round 2)"
    row.update_from(Progress("summarizing", 1, 2))
    assert row.label.text() == "Summarizing… 1 / 2 (round 2)"
    row.update_from(Progress("summarizing", 2, 2))
    row.writing()  # the last round streams: it said "2 / 2", full, while it was written
    assert row.label.text() == "Writing…" and row.bar.maximum() == 0
    row.start("Working")  # the next job counts from its own first round
    row.update_from(Progress("summarizing", 0, 3))
    assert row.label.text() == "Summarizing… 0 / 3"


def test_the_progress_row_says_when_a_load_prepares_the_model(qtbot: QtBot) -> None:
    row = BusyRow()
    qtbot.addWidget(row)
    row.start("Working")
    row.update_from(ModelLoading("opus-mt-en-de"))
    assert row.label.text() == "Loading model opus-mt-en-de…"
    row.update_from(ModelLoading("opus-mt-en-de", first_use=True))
    assert row.label.text() == ("Preparing model opus-mt-en-de for this computer (first use only)…")
    translations = Translations()
    try:
        assert translations.switch("zh_CN")
        row.update_from(ModelLoading("opus-mt-en-de", first_use=True))
        assert row.label.text() == "正在为这台电脑准备模型 opus-mt-en-de（仅首次使用时）…"
        row.update_from(ModelLoading("opus-mt-en-de"))
        assert row.label.text() == "正在加载模型 opus-mt-en-de…"
    finally:
        translations.switch("en")
    row.stop()


def test_asks_progress_says_it_looks_for_the_answer(qtbot: QtBot) -> None:
    """ "Reading… 184 / 5871" showed while Ask was answering (an outside review): its model
    reads the text part by part for the answer, and the row says so."""
    row = BusyRow()
    qtbot.addWidget(row)
    row.start("Asking")
    row.update_from(Progress("reading", 184, 5871))
    assert row.label.text() == "Looking for the answer… 184 / 5871"
    row.stop()


def test_a_model_that_fails_to_load_leaves_no_loading_line_behind(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path
) -> None:
    """After a damaged model's error, "Loading model distilbert-qa…" stayed in the status
    bar (an outside review): the line goes once the load is over, however it ended."""
    install(quire_home, qa="distilbert-qa")
    for weights in (quire_home / "models" / "qa").rglob("*.onnx"):
        weights.write_bytes(b"\x00" * 64)  # as a download cut short and patched over
    window = make_window()
    window.show_pane(2)
    pane = window.current_pane()
    assert isinstance(pane, AskPane)
    pane.load_text("The contract ends in March. It was signed in Berlin.")
    pane.question.setText("When does the contract end?")
    said: list[str] = []
    window.statusBar().messageChanged.connect(said.append)
    job = pane.run()
    assert job is not None
    with qtbot.waitSignal(job.failed, timeout=WAIT_MS):
        pass
    assert any(s.startswith("Loading model qa") for s in said)  # the case this test is about
    assert not window.statusBar().currentMessage().startswith("Loading model")
    for box in message_boxes(window):
        box.close()


def test_a_progress_line_too_long_for_the_row_is_shortened_not_cut(qtbot: QtBot) -> None:
    """Beside the pane's buttons the first-use line did not fit and was cut mid-word; it is
    shortened with "…" and the whole line is its tooltip (and what ``text()`` gives)."""
    row = BusyRow()
    qtbot.addWidget(row)
    row.resize(220, 30)
    row.show()
    qtbot.waitExposed(row)
    row.start("Working")
    row.update_from(ModelLoading("nllb-200-distilled-600m", first_use=True))
    whole = "Preparing model nllb-200-distilled-600m for this computer (first use only)…"
    label = row.label
    assert label.text() == whole
    shown = label.shown_text()
    assert shown != whole and shown.endswith("…") and whole.startswith(shown[:-1])
    assert label.fontMetrics().horizontalAdvance(shown) <= label.contentsRect().width()
    assert label.toolTip() == whole
    row.resize(row.sizeHint().width() + 400, 30)
    qtbot.waitUntil(lambda: label.shown_text() == whole, timeout=5000)
    assert label.toolTip() == ""
    row.stop()


def test_the_presenter_words_every_kind_of_error(tmp_path: Path) -> None:
    assert errors.describe(Cancelled()) is None
    assert errors.present(Cancelled()) is None
    missing = ModelInvalid("Missing tokenizer.json", path=tmp_path / "m" / "tokenizer.json")
    message = errors.describe(missing)
    assert message is not None
    assert message.title == "The model is incomplete or damaged"
    assert message.text.splitlines()[0] == "Missing tokenizer.json."
    assert str(tmp_path / "m" / "tokenizer.json") in message.text
    assert "Import the model again" in message.text  # no hint: the default advice
    hinted = errors.describe(ModelNotFound("No translator", hint="Import opus-mt-en-de"))
    assert hinted is not None and hinted.text.endswith("Import opus-mt-en-de.")
    device = errors.describe(RuntimeUnavailable("CUDA failed"))
    assert device is not None and "CPU" in device.text
    crash = errors.describe(ZeroDivisionError("division by zero"))
    assert crash is not None and crash.title == "Quire ran into an unexpected problem"


def test_the_excepthook_writes_a_crash_report(tmp_path: Path) -> None:
    hook = errors.make_excepthook(tmp_path, show=False)
    try:
        raise KeyError("lost")
    except KeyError as exc:
        hook(KeyError, exc, exc.__traceback__)
    reports = list(tmp_path.glob("crash-*.txt"))
    assert len(reports) == 1
    text = reports[0].read_text(encoding="utf-8")
    assert "KeyError: 'lost'" in text and "test_the_excepthook_writes_a_crash_report" in text
    if sys.platform != "win32":  # (an error's words may quote the user's text)
        assert stat.S_IMODE(reports[0].stat().st_mode) == 0o600
    # Only the newest are kept: they piled up without end.
    for n in range(errors.KEPT_REPORTS + 5):
        (tmp_path / f"crash-20000101-000000-{n:06d}.txt").write_text("old", encoding="utf-8")
    with pytest.raises(KeyError) as again:
        raise KeyError("again")
    hook(KeyError, again.value, again.value.__traceback__)
    kept = sorted(tmp_path.glob("crash-*.txt"))
    assert len(kept) == errors.KEPT_REPORTS and reports[0] in kept


def test_the_launcher_opens_files_in_the_app_and_commands_in_the_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    note = tmp_path / "note.txt"
    note.write_text("hi", encoding="utf-8")
    (tmp_path / "translate").write_text("a file named like a command", encoding="utf-8")
    assert launcher.files_to_open([str(note)]) == [note]
    # Not a folder: a stray ``quire .`` must not queue a whole tree (said below).
    assert launcher.files_to_open([str(note), str(tmp_path)]) is None
    assert launcher.files_to_open(["translate", str(note)]) is None
    assert launcher.files_to_open([str(tmp_path / "missing.txt")]) is None
    assert launcher.files_to_open(["--help"]) is None
    assert {"translate", "summarize", "ask", "classify", "models"} <= launcher.cli_commands()

    opened: list[tuple[Path, ...]] = []
    import desktop.app

    def fake_app(files: Sequence[Path] = ()) -> int:
        opened.append(tuple(files))
        return 0

    monkeypatch.setattr(desktop.app, "main", fake_app)
    assert launcher.main([str(note)]) == 0
    assert launcher.main([]) == 0
    assert opened == [(note,), ()]
    cli_calls: list[list[str]] = []
    import engine

    def fake_cli(args: Sequence[str]) -> int:
        cli_calls.append(list(args))
        return 0

    # The launcher takes the command line from the front door (a name resolved once, then a
    # plain attribute of ``engine``): replaced there, whether or not it was resolved before.
    monkeypatch.setattr(engine, "run_cli", fake_cli, raising=False)
    assert launcher.main(["translate", str(note)]) == 0
    assert cli_calls == [["translate", str(note)]]
    # A file that is not there is said so (it was "invalid choice" of a command); a word
    # that is no file and no command still goes to the command line, which lists them.
    assert launcher.main([str(tmp_path / "missing.txt")]) == 2
    assert "no such file" in capsys.readouterr().err
    assert launcher.main([str(tmp_path)]) == 2
    said = capsys.readouterr().err
    assert f"{tmp_path} is a folder" in said and "File → Add folder…" in said
    # The same of a folder named bare, docs/desktop.md's `quire .` included (an outside
    # review found them "invalid choice" of a command).
    (tmp_path / "docs").mkdir()
    for bare in (".", "docs"):
        assert launcher.main([bare]) == 2
        assert f"{bare} is a folder" in capsys.readouterr().err
    # A file named relative to the folder Quire starts in is opened by its absolute path:
    # the queue keeps it across restarts (from anywhere) and opens its output by URL.
    assert launcher.main(["note.txt"]) == 0
    assert opened[-1] == (note,) and opened[-1][0].is_absolute()
    opened.pop()
    assert launcher.main(["transalte"]) == 0
    assert cli_calls[-1] == ["transalte"] and opened == [(note,), ()]


def test_streamed_text_is_shown_in_slices_and_restarts_when_it_changes(qtbot: QtBot) -> None:
    box = QTextEdit()
    qtbot.addWidget(box)
    feeder = TextFeeder(box)
    long = "word " * (3 * TextFeeder.CHUNK // 5)  # three slices
    feeder.show(long[:10])
    assert box.toPlainText() == long[:10]
    feeder.show(long)
    assert len(box.toPlainText()) == 10 + TextFeeder.CHUNK  # one slice per event-loop turn
    qtbot.waitUntil(lambda: feeder.done, timeout=5000)
    assert box.toPlainText() == long
    feeder.show("something else")  # not a continuation: starts again
    assert box.toPlainText() == "something else"


def test_ctrl_o_opens_and_ctrl_s_saves(
    qtbot: QtBot,
    make_window: MakeWindow,
    quire_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    install(quire_home, sentiment="bert-cls")
    window = make_window()
    window.activateWindow()
    pane = window.current_pane()
    assert isinstance(pane, ClassifyPane)
    source = tmp_path / "in.txt"
    source.write_text("Opened with the keyboard.", encoding="utf-8")
    target = tmp_path / "out.txt"
    monkeypatch.setattr(file_dialogs, "open_file_names", lambda *_a, **_k: [str(source)])
    monkeypatch.setattr(file_dialogs, "save_file_name", lambda *_a, **_k: (str(target), ""))
    QTest.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: pane.source_path == source, timeout=WAIT_MS)
    assert pane.text.toPlainText() == "Opened with the keyboard."
    QTest.keyClick(pane.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    finish(qtbot, pane.job)
    QTest.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert target.read_text(encoding="utf-8") == pane.result_text() != ""


def test_ctrl_c_while_the_command_line_starts_is_a_cancel_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The first half second of ``quire …`` imports the engine: Ctrl+C there ends it as
    Ctrl+C later does (exit 130, one line)."""

    def starting(argv: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(launcher, "_main", starting)
    assert launcher.main(["translate", "--to", "de", "-"]) == 130
    assert capsys.readouterr().err == "quire: cancelled\n"


def test_a_model_deleted_behind_the_apps_back_leaves_the_picker_after_its_error(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path
) -> None:
    """Its folder deleted by hand: the job says no such model is installed, and the picker
    reads the installed models again instead of offering it for the next run."""
    import shutil

    install(quire_home, sentiment="bert-cls", other="bert-cls")
    window = make_window()
    pane = next(p for p in window.panes if isinstance(p, ClassifyPane))
    window.show_pane(window.panes.index(pane))
    qtbot.waitUntil(lambda: pane.model_box.findText("other") >= 0, timeout=WAIT_MS)
    pane.model_box.setCurrentIndex(pane.model_box.findText("other"))
    shutil.rmtree(quire_home / "models" / "other")
    pane.text.setPlainText("The food was wonderful.")
    job = pane.run()
    assert job is not None
    with qtbot.waitSignal(job.failed, timeout=WAIT_MS):
        pass
    qtbot.waitUntil(lambda: pane.model_box.findText("other") < 0, timeout=WAIT_MS)
    assert pane.model_box.findText("sentiment") >= 0
    for box in message_boxes(window):
        box.close()


def test_a_job_that_fails_after_writing_keeps_its_text_said_to_be_incomplete(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    from engine.api import PartialText

    window = make_window()
    pane = next(p for p in window.panes if isinstance(p, SummarizePane))
    window.show_pane(window.panes.index(pane))

    def work(engine: Engine, report: Callable[[Event], None], cancel: CancelToken) -> None:
        report(PartialText("The first sentence of the summary."))
        raise InputError("The model stopped working")

    job = window.runner.call(work, label="summarize")
    pane.attach(job)
    with qtbot.waitSignal(job.failed, timeout=WAIT_MS):
        pass
    assert pane.state_note.text() == "Stopped by an error. The result shown is incomplete."
    assert pane.copy_button.isEnabled()
    assert pane.output_text() == "The first sentence of the summary."
    for box in message_boxes(window):
        box.close()


def test_a_pane_in_a_small_window_scrolls_instead_of_overlapping(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path
) -> None:
    """At the minimum size with the History open, the Classify pane with three labels needs
    more height than there is: its body keeps its own minimum and scrolls (its widgets were
    drawn over one another: the "Why" heading over the bars), its buttons in view."""
    window, pane = classify_window(
        make_window, quire_home, "The service was slow but the food was wonderful."
    )
    finish(qtbot, pane.run())
    window.history_dock.show()
    window.resize(window.minimumSize())
    qtbot.waitUntil(lambda: window.size() == window.minimumSize(), timeout=WAIT_MS)
    QApplication.processEvents()
    needed = pane.upper.minimumSizeHint().height()
    assert pane.upper_scroll.viewport().height() < needed  # the case this test is about
    assert pane.upper.height() >= needed
    assert pane.upper_scroll.verticalScrollBar().maximum() > 0
    assert window.stack_scroll.verticalScrollBar().maximum() == 0  # the buttons in view


def test_the_installed_list_shows_a_non_translators_languages(
    make_window: MakeWindow, quire_home: Path
) -> None:
    from desktop.catalog_tab import LANGUAGES_COLUMN  # (the same column in both tables)
    from engine.api import InstalledModel

    window = make_window()
    manager = window.show_model_manager()
    summarizer = InstalledModel(
        "distilbart-cnn", quire_home, "bart", frozenset({"summarize"}), ("summarization",),
        languages=("en",),
    )  # fmt: skip
    translator = InstalledModel(
        "opus-mt-en-de", quire_home, "marian", frozenset({"translate"}), ("translation",),
        sources=("en",), targets=("de",), languages=("en", "de"),
    )  # fmt: skip
    manager.set_data([summarizer, translator], None, {})
    cells = [manager.table.item(row, LANGUAGES_COLUMN) for row in range(2)]
    assert [c.text() if c is not None else None for c in cells] == ["en", "en → de"]


def test_a_message_said_as_the_window_opens_is_shortened_to_the_room_it_gets(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    """ "Quire 关闭…" (an outside review): a message said before the window was laid out was
    cut to the room of a bar not yet as wide as the window, and stayed cut."""
    from desktop.widgets import StatusBar

    window = make_window()
    bar = window.statusBar()
    assert isinstance(bar, StatusBar)
    bar.resize(120, bar.height())  # (not laid out yet)
    said = "2 files were not finished when Quire closed: select them and press Retry"
    bar.showMessage(said, 15_000)
    assert bar.shown_message() != said  # the case this test is about
    window.resize(1100, 720)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: bar.shown_message() == said, timeout=WAIT_MS)
    assert bar.toolTip() == ""


def test_a_long_status_message_is_shortened_before_the_metrics_not_run_into_them(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    """ "…or a sente1450.6 tokens/s" (an outside review): the message now ends with "…" left
    of the permanent labels, whole in its tooltip and in ``currentMessage()``."""
    from desktop.widgets import StatusBar

    window = make_window()
    window.resize(720, 480)
    window.show()
    qtbot.waitExposed(window)
    bar = window.statusBar()
    assert isinstance(bar, StatusBar)
    window.speed_label.setText("1450.6 tokens/s")
    window.speed_label.show()
    QApplication.processEvents()
    long = "A message far longer than the status bar has room for, " * 6
    bar.showMessage(long, 5000)
    shown = bar.shown_message()
    assert shown.endswith("…") and shown != long and bar.currentMessage() == long
    assert bar.toolTip() == long
    room = window.speed_label.geometry().left()
    assert bar.fontMetrics().horizontalAdvance(shown) < room
    bar.showMessage("Short.", 5000)
    assert bar.shown_message() == bar.currentMessage() == "Short." and bar.toolTip() == ""
    bar.clearMessage()
    assert bar.currentMessage() == "" and bar.toolTip() == ""


def test_a_pane_without_a_model_for_its_task_opens_the_catalog(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path
) -> None:
    """The banner's button opened the model manager's Installed tab, where no model for
    the task is (an outside review): it opens the catalog, where one can be downloaded."""
    from desktop.model_manager import ModelManager

    install(quire_home, **{"opus-mt-en-de": "marian"})
    window = make_window()
    window.show_pane(1)  # Summarize: a translation model cannot
    pane = window.current_pane()
    assert pane.banner_button.isVisible() and "from the catalog" in pane.banner_text.text()
    pane.banner_button.click()
    manager = window.manager
    assert isinstance(manager, ModelManager) and manager.isVisible()
    assert manager.tabs.currentWidget() is manager.catalog


def test_the_launcher_says_why_the_window_cannot_open(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Over SSH, without a display, Qt aborted (exit 134) advising libxcb-cursor0, which the
    bundle has; a system library Qt needs that is missing was a traceback."""
    import builtins

    import desktop.app

    opened: list[tuple[Path, ...]] = []

    def fake_app(files: Sequence[Path] = ()) -> int:
        opened.append(tuple(files))
        return 0

    monkeypatch.setattr(desktop.app, "main", fake_app)
    monkeypatch.setattr(sys, "platform", "linux")
    for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    assert launcher.main([]) == 1
    said = capsys.readouterr().err
    assert "no display" in said and "quire translate FILE" in said and opened == []
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    assert launcher.main([]) == 0 and opened == [()]

    real_import = builtins.__import__

    def no_egl(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "desktop.app":
            raise ImportError("libEGL.so.1: cannot open shared object file")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_egl)
    assert launcher.main([]) == 1
    said = capsys.readouterr().err
    assert "the window cannot start: libEGL.so.1" in said and "libegl1" in said


def test_programs_quire_opens_get_the_users_library_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """PyInstaller's launcher points LD_LIBRARY_PATH at the bundle: LibreOffice or a file
    manager opened from Quire loaded the bundle's libstdc++ instead of their own."""
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setenv("LD_LIBRARY_PATH", "/opt/quire/_internal")
    monkeypatch.setenv("LD_LIBRARY_PATH_ORIG", "/home/me/lib")
    monkeypatch.setenv("DYLD_LIBRARY_PATH", "/Applications/Quire.app/Contents/Frameworks")
    monkeypatch.delenv("DYLD_LIBRARY_PATH_ORIG", raising=False)
    launcher.restore_library_path()
    assert os.environ["LD_LIBRARY_PATH"] == "/home/me/lib"
    assert "LD_LIBRARY_PATH_ORIG" not in os.environ and "DYLD_LIBRARY_PATH" not in os.environ
