"""The window from the keyboard alone, and as a screen reader meets it: Tab reaches every
control of a pane in reading order and leaves tables; no blank, unnamed Tab stops; what is
missing is said where the keyboard is; F1 lists every shortcut from the actions themselves."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop.main_window import MainWindow
from desktop.panes import AskPane, ClassifyPane
from desktop.shortcuts import ShortcutsDialog, keys_text
from tests.fixtures.desktop import WAIT_MS, windows
from tests.test_desktop_workflow import (
    MakeWindow,
    finish,
    install,
    make_window,
    translate_pane,
)

__all__ = ["make_window", "windows"]  # fixtures, used by name


def active_window(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, **models: str
) -> MainWindow:
    """A window with ``models`` installed, active (the keyboard goes to it)."""
    install(quire_home, **models)
    window = make_window()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
    return window


def tab_walk(start: QWidget, most: int = 40) -> list[QWidget]:
    """The widgets Tab visits from ``start`` until it comes back (or ``most`` presses)."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    seen: list[QWidget] = []
    for _ in range(most):
        here = QApplication.focusWidget()
        assert here is not None
        QTest.keyClick(here, Qt.Key.Key_Tab)
        now = QApplication.focusWidget()
        assert now is not None
        if now is start:
            break
        seen.append(now)
    return seen


def test_tab_reaches_every_control_of_the_pane_in_reading_order(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path
) -> None:
    window = active_window(qtbot, make_window, quire_home, **{"opus-mt-en-de": "marian"})
    pane = translate_pane(window)
    walk = tab_walk(window.sidebar)
    # The model picker and the languages come first (a focus proxy on the pane used to send
    # Tab from the sidebar straight to the text box, and nothing ever reached them).
    order = [pane.model_box, pane.from_box, pane.to_box, pane.source, pane.run_button]
    assert all(w in walk for w in order), [type(w).__name__ for w in walk]
    assert [walk.index(w) for w in order] == sorted(walk.index(w) for w in order)
    for widget in walk:  # no blank stop: each says what it is
        named = widget.accessibleName() or (isinstance(widget, QAbstractButton) and widget.text())
        assert named and widget.isVisible(), (type(widget).__name__, widget.objectName())


def test_an_out_of_date_result_and_the_keys_of_the_buttons_are_told(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path
) -> None:
    install(quire_home, **{"opus-mt-en-de": "marian"})
    window = make_window()
    pane = translate_pane(window)
    native = QKeySequence.SequenceFormat.NativeText
    keys = QKeySequence("Ctrl+Return").toString(native)
    assert pane.run_button.toolTip() == f"{pane.run_text()} ({keys})"
    assert pane.cancel_button.toolTip().endswith(f"({QKeySequence('Esc').toString(native)})")


def test_what_is_missing_is_said_and_the_keyboard_goes_there(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path
) -> None:
    window = active_window(qtbot, make_window, quire_home, embed="bert-embed")
    window.focus_pane(2)
    pane = window.current_pane()
    assert isinstance(pane, AskPane)
    pane.question.setFocus()
    QTest.keyClicks(pane.question, "Who met?")
    with qtbot.waitSignal(pane.status, timeout=WAIT_MS) as said:
        QTest.keyClick(pane.question, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert said.args == ["Type or drop the text to search"]
    assert QApplication.focusWidget() is pane.context and pane.job is None


def test_history_is_left_by_tab_reopened_by_either_enter_and_its_search_cleared_by_esc(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path
) -> None:
    window = active_window(qtbot, make_window, quire_home, **{"opus-mt-en-de": "marian"})
    pane = translate_pane(window)
    pane.live_box.setChecked(False)
    for text in ("Hello world.", "Good morning."):
        pane.load_text(text)
        finish(qtbot, pane.run())
    panel = window.history_panel
    qtbot.waitUntil(lambda: panel.table.model().rowCount() == 2, timeout=WAIT_MS)
    window.toggle_dock(window.history_dock)
    panel.table.setFocus(Qt.FocusReason.TabFocusReason)
    panel.table.setCurrentIndex(panel.table.model().index(0, 0))
    QTest.keyClick(panel.table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not panel.table  # not cell to cell

    pane.load_text("Something else.")
    panel.table.setFocus(Qt.FocusReason.OtherFocusReason)
    panel.table.setCurrentIndex(panel.table.model().index(0, 0))
    QTest.keyClick(panel.table, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    qtbot.waitUntil(lambda: pane.source.toPlainText() != "Something else.", timeout=WAIT_MS)
    assert pane.source.toPlainText() in ("Hello world.", "Good morning.")

    panel.search.setFocus(Qt.FocusReason.OtherFocusReason)
    QTest.keyClicks(panel.search, "zzz")
    QTest.keyClick(panel.search, Qt.Key.Key_Escape)
    assert panel.search.text() == ""  # cleared, not taken by the window's Cancel


def test_tab_never_reaches_a_panel_out_of_sight(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path
) -> None:
    """With Files and History tabbed together, Tab went on into the one behind: typing went
    into the unseen History search, Space pressed its Clear…; with one panel open, an
    undrawn tab bar off screen was a stop. A panel in front with the keyboard elsewhere is
    entered by its key, not hidden (an outside review, with a window manager)."""
    window = active_window(qtbot, make_window, quire_home, **{"opus-mt-en-de": "marian"})
    files, history = window.queue_view, window.history_panel
    window.toggle_dock(window.history_dock)  # History alone: no tab bar stop
    qtbot.waitUntil(lambda: history.isVisible(), timeout=WAIT_MS)
    walk = tab_walk(history.search, most=80)
    assert all(w.isVisible() and not w.visibleRegion().isEmpty() for w in walk), [
        type(w).__name__ for w in walk if w.visibleRegion().isEmpty()
    ]
    window.toggle_dock(window.queue_dock)  # both open, Files in front
    qtbot.waitUntil(lambda: not window.queue_dock.visibleRegion().isEmpty(), timeout=WAIT_MS)
    focused = QApplication.focusWidget()
    assert focused is not None and window.queue_dock.isAncestorOf(focused)
    walk = tab_walk(focused, most=80)
    assert walk and not any(history.isAncestorOf(w) or w is history for w in walk)
    assert not history.isEnabled() and files.isEnabled()
    # Its key again hides it (the keyboard is in it); in front with the keyboard elsewhere, it
    # takes the keyboard instead.
    translate_pane(window).source.setFocus()
    window.toggle_dock(window.queue_dock)
    focused = QApplication.focusWidget()
    assert not window.queue_dock.isHidden()
    assert focused is not None and window.queue_dock.isAncestorOf(focused)
    window.toggle_dock(window.queue_dock)
    assert window.queue_dock.isHidden()


def test_a_missing_pair_is_announced_read_with_the_output_and_its_button_next_in_tab(
    qtbot: QtBot,
    make_window: MakeWindow,
    quire_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Said only in a label no key reaches; the catalog button came after Translate in Tab;
    the output took no keyboard selection (Shift+arrows); a pane without a model said so in
    the status bar only, which a screen reader does not read (an outside review)."""
    window = active_window(qtbot, make_window, quire_home, **{"opus-mt-en-fr": "marian"})
    pane = translate_pane(window)
    pane.live_box.setChecked(False)
    said: list[str] = []
    for each in window.panes:
        monkeypatch.setattr(each, "announce", said.append)
    pane.load_text("Der Zug nach Hamburg hat heute leider zwanzig Minuten Verspätung.")
    job = pane.run()
    assert job is not None
    with qtbot.waitSignal(job.failed, timeout=WAIT_MS):
        pass
    assert said and "German" in said[-1]
    assert tab_walk(pane.output)[0] is pane.find_button
    flags = pane.output.textInteractionFlags()
    assert flags & Qt.TextInteractionFlag.TextSelectableByKeyboard
    window.focus_pane(1)  # Summarize: no model for it
    summarize = window.current_pane()
    summarize.load_text("Some text to summarize.")
    assert summarize.run() is None and said[-1] == summarize.no_model_text()


def test_a_classification_is_announced_with_its_best_label(
    qtbot: QtBot,
    make_window: MakeWindow,
    quire_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """ "Classify: done" said nothing of the result, whose bars a screen reader cannot read."""
    window = active_window(qtbot, make_window, quire_home, sentiment="bert-cls")
    window.focus_pane(3)
    pane = window.current_pane()
    assert isinstance(pane, ClassifyPane)
    said: list[str] = []
    monkeypatch.setattr(pane, "announce", said.append)
    pane.load_text("The service was quick and friendly.")
    finish(qtbot, pane.run())
    assert pane.shown is not None
    best = pane.shown[0].labels[0]
    assert said == [f"Classify: {best.label}, score {best.score:.2f}"]


def test_enter_on_an_installed_model_opens_nothing_and_tab_follows_the_buttons_row(
    qtbot: QtBot,
    make_window: MakeWindow,
    quire_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Enter on a row reached the dialog's default button, Import…, and opened a file dialog;
    Tab went Remove before Check files, against the row (an outside review)."""
    window = active_window(qtbot, make_window, quire_home, **{"opus-mt-en-de": "marian"})
    manager = window.show_model_manager()
    qtbot.waitUntil(lambda: manager.table.rowCount() == 1, timeout=WAIT_MS)
    manager.activateWindow()
    qtbot.waitUntil(manager.isActiveWindow, timeout=WAIT_MS)
    imports: list[bool] = []
    monkeypatch.setattr(manager, "choose_import", lambda: imports.append(True))
    manager.table.setFocus(Qt.FocusReason.TabFocusReason)
    manager.table.selectRow(0)
    QTest.keyClick(manager.table, Qt.Key.Key_Return)
    assert imports == [] and manager.isVisible()
    walk = tab_walk(manager.import_button)
    row = [manager.convert_button, manager.verify_button, manager.remove_button]
    assert [w for w in walk if w in row] == row
    # Tabbing into the table with nothing chosen chooses its first row: the keyboard showed
    # on a row not chosen, Down went past it, and Check files stayed off.
    manager.table.clearSelection()
    manager.import_button.setFocus(Qt.FocusReason.TabFocusReason)
    QTest.keyClick(manager.import_button, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(manager.table.hasFocus, timeout=WAIT_MS)
    assert [i.row() for i in manager.table.selectionModel().selectedRows()] == [0]
    assert manager.verify_button.isEnabled()


def test_keys_are_listed_once_each_and_without_keys_a_keyboard_rarely_has() -> None:
    """In Chinese Return and Enter are both 回车: Run read "Ctrl+回车, Ctrl+回车"; Quit read
    "Ctrl+Q, Exit" (an outside review)."""
    native = QKeySequence.SequenceFormat.NativeText
    quit_keys = [QKeySequence("Ctrl+Q"), QKeySequence(Qt.Key.Key_Exit)]
    assert keys_text(quit_keys) == QKeySequence("Ctrl+Q").toString(native)
    twice = [QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Return"), QKeySequence("F5")]
    assert keys_text(twice) == ", ".join(
        QKeySequence(k).toString(native) for k in ("Ctrl+Return", "F5")
    )


def test_the_sidebar_shows_when_the_keyboard_is_in_it(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path
) -> None:
    """Focused and not, it looked the same ("outline: none"): an outside review."""
    window = active_window(qtbot, make_window, quire_home, **{"opus-mt-en-de": "marian"})
    window.sidebar.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(window.sidebar.hasFocus, timeout=WAIT_MS)
    focused = window.sidebar.grab().toImage()
    translate_pane(window).source.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: not window.sidebar.hasFocus(), timeout=WAIT_MS)
    assert window.sidebar.grab().toImage() != focused


def test_a_buttons_name_holds_the_words_it_shows(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path
) -> None:
    """Voice control says what a button shows ("click Show in folder"); names that dropped
    those words ("Show the translated file in its folder") could not be said (WCAG 2.5.3,
    an outside review). Longer words are the description."""
    from desktop.widgets import button_text

    window = active_window(qtbot, make_window, quire_home, **{"opus-mt-en-de": "marian"})
    manager = window.show_model_manager()
    window.toggle_dock(window.queue_dock)
    unsayable = [
        (shown, name)
        for top in (window, manager)
        for button in top.findChildren(QAbstractButton)
        for shown, name in [(button_text(button.text()), button.accessibleName())]
        # (a symbol, ⇄, is no word to say)
        if name and any(c.isalpha() for c in shown) and shown.casefold() not in name.casefold()
    ]
    assert unsayable == [], unsayable


def test_the_list_of_keys_shows_no_alt_letters_in_chinese(qtbot: QtBot) -> None:
    """Chinese menus name their Alt letter after the text ("打开(&O)…"): the list showed
    "打开(O)", "取消(C)" (an outside review)."""
    from PySide6.QtGui import QAction

    from desktop.shortcuts import action_rows

    actions = [QAction("打开(&O)…"), QAction("&Open…"), QAction("文件队列（&F）")]
    for action, keys in zip(actions, ("Ctrl+O", "Ctrl+Shift+O", "Ctrl+Shift+F"), strict=True):
        action.setShortcut(QKeySequence(keys))
    assert [name for name, _keys in action_rows(actions)] == ["打开", "Open", "文件队列"]


def test_f1_lists_every_shortcut_from_the_actions(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path
) -> None:
    window = active_window(qtbot, make_window, quire_home, **{"opus-mt-en-de": "marian"})
    QTest.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: bool(window.findChildren(ShortcutsDialog)), timeout=WAIT_MS)
    dialog = window.findChildren(ShortcutsDialog)[0]
    rows = dict(dialog.rows())
    native = QKeySequence.SequenceFormat.NativeText
    assert rows["Run"] == ", ".join(
        QKeySequence(k).toString(native) for k in ("Ctrl+Return", "Ctrl+Enter")
    )
    help_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.HelpContents)
    assert rows["Keyboard Shortcuts"] == keys_text(help_keys or [QKeySequence("F1")])
    assert rows["Keyboard Shortcuts"].startswith(QKeySequence("F1").toString(native))
    assert rows["Preferences"] == QKeySequence("Ctrl+,").toString(native)
    assert "Exit" not in rows["Quit"]  # (Quit's standard keys hold an Exit key on Linux)
    # A row for every action that has keys, and no key bound twice (Qt then does nothing,
    # an "ambiguous shortcut").
    actions = [a for a in window._menu_actions() if not a.shortcut().isEmpty()]
    names = [name for name, _keys in dialog.rows()]
    for action in actions:
        assert action.text().replace("&", "").removesuffix("…") in names, action.text()
    bound = [k.toString() for a in actions for k in a.shortcuts()]
    assert len(bound) == len(set(bound)), bound
    dialog.close()
