"""Help → Keyboard Shortcuts (F1): every shortcut of the window's actions, read from the
actions themselves (so the list is never out of step with the keys), in the platform's own
notation (⌘ on macOS), and the keys that work inside the panes."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.widgets import button_text, fit_to_screen

translate = QCoreApplication.translate


# Keys a keyboard rarely has, which a standard shortcut lists besides the usual ones (Quit's
# Exit key on Linux): not shown.
_RARE_KEYS = [QKeySequence(k) for k in (Qt.Key.Key_Exit, Qt.Key.Key_Close, Qt.Key.Key_Cancel)]


def keys_text(sequences: Iterable[QKeySequence]) -> str:
    """Key sequences as the platform writes them, "Ctrl+Return, Ctrl+Enter", each once (in
    Chinese both Return and Enter are 回车) and without keys a keyboard rarely has."""
    shown: dict[str, None] = {}
    for sequence in sequences:
        if sequence.isEmpty() or any(sequence == rare for rare in _RARE_KEYS):
            continue
        shown.setdefault(sequence.toString(QKeySequence.SequenceFormat.NativeText), None)
    return ", ".join(shown)


def action_rows(actions: Iterable[QAction]) -> list[tuple[str, str]]:
    """(what it does, its keys) for each action with a shortcut, once, in the given order."""
    rows: list[tuple[str, str]] = []
    seen: set[str] = set()
    for action in actions:
        keys = keys_text(action.shortcuts())
        name = button_text(action.text())  # (no "(O)" after a Chinese name: no Alt in a list)
        if keys and name and keys not in seen:
            seen.add(keys)
            rows.append((name, keys))
    return rows


def pane_rows() -> list[tuple[str, str]]:
    """Keys inside the panes, which no menu lists."""
    native = QKeySequence.SequenceFormat.NativeText
    return [
        (
            translate("shortcuts", "Type a tab in the text (Tab moves to the next control)"),
            QKeySequence("Ctrl+Tab").toString(native),
        ),
        (
            translate("shortcuts", "Go to the control of an underlined letter"),
            translate("shortcuts", "Alt+letter"),
        ),
        (
            translate("shortcuts", "Open a result again (in History)"),
            QKeySequence(Qt.Key.Key_Return).toString(native),
        ),
        (
            translate("shortcuts", "Delete, or undo deleting, a result (in History)"),
            keys_text([QKeySequence(QKeySequence.StandardKey.Delete), QKeySequence("Ctrl+Z")]),
        ),
        (
            translate("shortcuts", "Clear the search (in History and the catalog)"),
            QKeySequence(Qt.Key.Key_Escape).toString(native),
        ),
    ]


class ShortcutsDialog(QDialog):
    def __init__(self, actions: Iterable[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("shortcuts", "Keyboard Shortcuts"))
        rows = action_rows(actions) + pane_rows()
        self.table = QTableWidget(len(rows), 2, self)
        self.table.setAccessibleName(translate("shortcuts", "Keyboard shortcuts"))
        self.table.setHorizontalHeaderLabels(
            [translate("shortcuts", "Action"), translate("shortcuts", "Keys")]
        )
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, arrows move in it
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        for row, (name, keys) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(name))
            self.table.setItem(row, 1, QTableWidgetItem(keys))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        # (on a small screen at 150 % its Close button was below the screen's edge)
        fit_to_screen(self, QSize(560, 520))

    def rows(self) -> list[tuple[str, str]]:
        found = []
        for row in range(self.table.rowCount()):
            name, keys = self.table.item(row, 0), self.table.item(row, 1)
            assert name is not None and keys is not None
            found.append((name.text(), keys.text()))
        return found


__all__ = ["ShortcutsDialog", "action_rows", "keys_text", "pane_rows"]
