"""A model whose files do not say what it is for, imported in the desktop: the manager asks,
and the pane of the task chosen offers it; Set task… changes that later (offscreen, real
widgets, the tiny BART fixture, whose config names no task)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import cast

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.jobs import State
from desktop.main_window import MainWindow
from desktop.model_task import ModelTaskDialog
from engine import EngineOptions
from tests.fixtures.builder import exported
from tests.fixtures.desktop import WAIT_MS, Windows, windows

__all__ = ["windows"]  # a fixture, used by name
MakeWindow = Callable[..., MainWindow]


@pytest.fixture
def make_window(windows: Windows, quire_home: Path, tmp_path: Path) -> MakeWindow:
    def make() -> MainWindow:
        options = EngineOptions(home=quire_home, device="cpu")
        return windows.open(options, tmp_path / "settings" / "quire.ini")

    return make


def shown() -> list[ModelTaskDialog]:
    return [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, ModelTaskDialog) and w.isVisible()
    ]


def asked() -> ModelTaskDialog:
    (dialog,) = shown()
    return dialog


def offers(window: MainWindow, task: str, name: str) -> bool:
    (pane,) = [p for p in window.panes if p.task == task]
    return pane.model_box.findData(name) >= 0


def test_an_imported_model_of_no_known_task_is_asked_about_and_then_offered(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window()
    job = window.import_folder(exported("bart"))
    assert job is not None
    qtbot.waitUntil(lambda: bool(shown()), timeout=WAIT_MS)
    assert job.state is State.FINISHED
    dialog = asked()
    assert dialog.windowTitle() == "What is bart for?"
    assert dialog.question.text().startswith("Quire cannot tell from its files what bart is for")
    # An encoder-decoder may be told to translate or summarize; nothing else is offered.
    assert {t: b.isEnabled() for t, b in dialog.boxes.items()} == {
        "translate": True, "summarize": True, "ask": False, "classify": False,
    }  # fmt: skip
    assert not any(b.isChecked() for b in dialog.boxes.values())
    assert not dialog.ok.isEnabled()  # no choice yet
    assert not offers(window, "summarize", "bart")

    dialog.boxes["summarize"].setChecked(True)
    assert dialog.ok.isEnabled()
    dialog.ok.click()
    qtbot.waitUntil(lambda: offers(window, "summarize", "bart"), timeout=WAIT_MS)
    assert offers(window, "summarize", "bart") and not offers(window, "translate", "bart")
    manager = window.show_model_manager()
    assert manager.finished_note.text() == "bart is offered in: Summarize."
    manager.set_data(window.catalog or [], window.doctor, window.used)
    manager.select("bart")
    item = manager.table.item(0, 1)
    assert item is not None and item.text() == "summarization"

    # Changed later from the manager: the box shows the declared task, unticking it takes it
    # back out of the pane.
    assert manager.task_button.isEnabled()
    manager.task_button.click()
    dialog = asked()
    assert dialog.boxes["summarize"].isChecked() and dialog.boxes["summarize"].isEnabled()
    dialog.boxes["summarize"].setChecked(False)
    dialog.ok.click()
    qtbot.waitUntil(lambda: not offers(window, "summarize", "bart"), timeout=WAIT_MS)
    assert not offers(window, "summarize", "bart")
    assert manager.finished_note.text() == "No task offers bart now."


def test_a_model_that_says_its_task_is_not_asked_about(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window()
    with qtbot.waitSignal(window.catalog_loaded, timeout=WAIT_MS):
        job = window.import_folder(exported("bert-cls"))
    assert job is not None and job.state is State.FINISHED
    assert not any(isinstance(w, ModelTaskDialog) for w in QApplication.topLevelWidgets())
    manager = window.show_model_manager()
    assert manager.finished_note.text() == "bert-cls is installed and ready to use."
    manager.select("bert-cls")
    assert not manager.task_button.isEnabled()  # a classifier can be told nothing else
    assert manager.task_button.toolTip() == "Its files say what it is for: nothing else can be set"


def mnemonic(text: str) -> str:
    """The letter after a lone & in ``text`` ("" without one)."""
    at = text.replace("&&", "").find("&")
    return text.replace("&&", "")[at + 1].lower() if at >= 0 else ""


def test_the_question_is_for_the_keyboard_and_says_how_to_decide_later(
    qtbot: QtBot, make_window: MakeWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPushButton

    window = make_window()
    # The list read again after the import is held back, so a list read before it ended
    # (set below) is what the manager has, whenever the machine gets to it.
    monkeypatch.setattr(window, "refresh_models", lambda *_a, **_k: None)
    window.import_folder(exported("bart"))
    qtbot.waitUntil(lambda: bool(shown()), timeout=WAIT_MS)
    dialog = asked()
    manager = window.show_model_manager()
    # The model asked about is the one selected, its details beside the question.
    assert manager.selected() == "bart" and manager.details.text().startswith("bart (bart)")
    # (so it stays while a list read before the import ended arrives)
    manager.set_data([e for e in window.catalog or [] if e.name != "bart"], None, {})
    assert manager.selected() == "bart"
    # Each box has a mnemonic of its own, and the dialog's buttons others.
    letters = [mnemonic(b.text()) for b in dialog.boxes.values()]
    letters += [mnemonic(b.text()) for b in dialog.buttons.buttons()]
    assert all(letters[:4]) and len(set(letters)) == len(letters)
    # The first box it can change has the focus, its frame drawn as after a Tab.
    qtbot.waitUntil(lambda: dialog.boxes["translate"].hasFocus(), timeout=WAIT_MS)
    assert dialog.testAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange)
    dialog.reject()  # Escape, Decide later
    assert manager.finished_note.text() == (
        "bart is installed, but no task offers it yet: choose Set task… to say what it is for."
    )
    # The manager's buttons: Import… and Set task… have mnemonics, no two alike.
    page = manager.import_button.parentWidget()
    assert page is not None
    buttons = [b for b in page.findChildren(QPushButton) if b.isVisibleTo(manager)]
    letters = [mnemonic(b.text()) for b in buttons if mnemonic(b.text())]
    assert mnemonic(manager.import_button.text()) and mnemonic(manager.task_button.text())
    assert len(set(letters)) == len(letters)


def test_set_task_from_the_command_line_is_seen(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path
) -> None:
    """`quire models set-task` in a terminal while the app runs: the window reads the models
    again when it is back (as after an import), and Set task… opens on what is recorded now."""
    from engine import Engine

    window = make_window()
    window.import_folder(exported("bart"))
    qtbot.waitUntil(lambda: bool(shown()), timeout=WAIT_MS)
    asked().reject()
    manager = window.show_model_manager()
    qtbot.waitUntil(lambda: any(e.name == "bart" for e in window.catalog or []), timeout=WAIT_MS)
    manager.set_data(window.catalog or [], window.doctor, window.used)
    manager.select("bart")
    terminal = Engine(EngineOptions(home=quire_home, device="cpu"))
    terminal.set_model_tasks("bart", ["summarize"])
    # Set task… before the list is read again: the dialog shows what the terminal said.
    manager.task_button.click()
    dialog = asked()
    assert dialog.boxes["summarize"].isChecked() and dialog.boxes["summarize"].isEnabled()
    dialog.reject()
    # The window back in front reads the list again (its store's folder changed).
    with qtbot.waitSignal(window.catalog_loaded, timeout=WAIT_MS):
        window._refresh_if_store_changed()
    assert offers(window, "summarize", "bart")


def test_a_model_of_no_task_s_kind_is_said_so(qtbot: QtBot) -> None:
    from desktop import errors as words
    from engine.errors import ModelUnsupported

    refusal = ModelUnsupported(
        "base (LlamaForCausalLM) cannot summarize",
        message_id="model.task_unsupported",
        params={"name": "base", "task": "summarize", "role": "summarization", "possible": 0},
    )
    message, hint = words.engine_sentences(refusal)
    assert message == "base cannot be used for summarization."
    assert hint == "A model of its kind can do none of Quire's tasks: choose another model."


def test_the_managers_note_follows_a_change_of_the_ui_language(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    """A review of the real window: after Settings → language zh→en the Installed tab still
    said "beams0 已安装，可以使用。"."""
    from desktop.i18n import Translations

    window = make_window()
    with qtbot.waitSignal(window.catalog_loaded, timeout=WAIT_MS):
        window.import_folder(exported("bert-cls"))
    manager = window.show_model_manager()
    english = "bert-cls is installed and ready to use."
    assert manager.finished_note.text() == english
    translations = Translations()
    assert translations.switch("zh_CN")
    try:
        assert re.search("[\u4e00-\u9fff]", manager.finished_note.text())
    finally:
        translations.switch("en")
    assert manager.finished_note.text() == english


def test_a_gpu_missing_on_automatic_is_no_news_and_one_chosen_is_worded() -> None:
    """ "wanted cuda, got cpu: CUDAExecutionProvider did not initialise…" showed in English on
    every computer without a GPU, with Device on Automatic."""
    from desktop.catalog import ModelEntry
    from desktop.model_manager import runs_on
    from engine.api import ModelUsed
    from engine.runtime.backend import Fallback

    reason = "CUDAExecutionProvider did not initialise: libcublasLt.so.13 is missing"
    used = ModelUsed(name="m", path=Path("m"), backend="onnx", variant="int8", device="cpu",
                     fallbacks=(Fallback("cuda", "cpu", reason),))  # fmt: skip
    entry = cast(ModelEntry, None)  # (not read once the model has run)
    _where, why = runs_on(entry, None, used, "auto")
    assert why == "Ran as preferred."
    _where, why = runs_on(entry, None, used, "cuda")
    assert why.startswith("CUDA cannot be used, the CPU runs the model instead.")
    assert reason in why and "wanted" not in why
