"""The History panel: every result with its model, variant, device and time, a search box,
and Export… (JSON or CSV) and Clear…; the data lives in ``desktop.history``.

The table is a view on ``HistoryModel`` through ``HistoryFilter``: a new result is one
inserted row and a search only re-filters, so neither rebuilds thousands of cells on the GUI
thread; the search waits for a pause in typing (``SEARCH_DELAY_MS``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDateTime,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QGuiApplication, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop import errors, file_dialogs
from desktop.history import History, HistoryEntry
from desktop.model_task import task_label
from desktop.widgets import direction_alignment
from engine import InputError

COLUMNS = 7
RESULT_COLUMN = COLUMNS - 1
PREVIEW = 160  # characters of the output shown in the table; the tooltip has more
SEARCH_DELAY_MS = 200  # filter once typing pauses, not on every keystroke
SIZE_ROWS = 64  # rows sampled to size the columns to their contents

Index = QModelIndex | QPersistentModelIndex


class HistoryModel(QAbstractTableModel):
    """The history's entries, newest first (row 0): what was just done is what one looks
    for. Cells are made when a view asks for them, so only the visible rows cost anything."""

    def __init__(self, history: History, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.history = history
        self.headers: list[str] = [""] * COLUMNS
        self.task_name: Callable[[str], str] = lambda task: task
        self._rows: list[HistoryEntry] = list(reversed(history.entries))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008  # Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMNS

    def entry(self, row: int) -> HistoryEntry:
        return self._rows[row]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell(entry, column)
        if column == RESULT_COLUMN and role == Qt.ItemDataRole.ToolTipRole:
            return f"{entry.input[:600]}\n→\n{entry.output[:600]}"
        if column == RESULT_COLUMN and role == Qt.ItemDataRole.TextAlignmentRole:
            return direction_alignment(self.cell(entry, column))
        return None

    def cell(self, entry: HistoryEntry, column: int) -> str:
        if column == 0:
            when = QDateTime.fromString(entry.when, Qt.DateFormat.ISODate)
            return when.toString("yyyy-MM-dd HH:mm") if when.isValid() else entry.when
        if column == 1:
            return self.task_name(entry.task)
        if column == 2:
            return entry.model
        if column == 3:
            return entry.variant
        if column == 4:
            return entry.device.upper()
        if column == 5:
            return f"{entry.seconds:.2f}"
        output = f"{Path(entry.file).name} → {entry.output}" if entry.file else entry.output
        return " ".join(output.split())[:PREVIEW]

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < COLUMNS
        ):
            return self.headers[section]
        return None

    def set_texts(self, headers: list[str], task_name: Callable[[str], str]) -> None:
        """New header and task names (the UI language changed)."""
        self.headers = headers
        self.task_name = task_name
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, COLUMNS - 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 1), self.index(len(self._rows) - 1, 1))

    def add(self, entry: HistoryEntry) -> None:
        """Record ``entry`` and show it as a new first row."""
        self.history.add(entry)
        # A full history drops its oldest entries (the bottom rows) when it trims its file.
        kept = max(0, len(self.history.entries) - 1)
        if kept < len(self._rows):
            self.beginRemoveRows(QModelIndex(), kept, len(self._rows) - 1)
            del self._rows[kept:]
            self.endRemoveRows()
        self.beginInsertRows(QModelIndex(), 0, 0)
        self._rows.insert(0, entry)
        self.endInsertRows()

    def clear(self) -> None:
        self.history.clear()
        self.reload()

    def remove(self, rows: list[int]) -> list[tuple[int, HistoryEntry]]:
        """Forget the entries of these (source) rows; what :meth:`restore` takes back."""
        removed = self.history.remove([self._rows[r] for r in rows if 0 <= r < len(self._rows)])
        self.reload()
        return removed

    def restore(self, removed: list[tuple[int, HistoryEntry]]) -> None:
        self.history.restore(removed)
        self.reload()

    def reload(self) -> None:
        """Show the history's entries again (the file's arrived from the history thread)."""
        self.beginResetModel()
        self._rows = list(reversed(self.history.entries))
        self.endResetModel()


class HistoryFilter(QSortFilterProxyModel):
    """The rows whose entry has every word of ``query``."""

    def __init__(self, source: HistoryModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.history_model = source
        self.query = ""
        self.setSourceModel(source)

    def set_query(self, query: str) -> None:
        query = query.strip()
        if query != self.query:
            self.beginFilterChange()
            self.query = query
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        return not self.query or self.history_model.entry(source_row).matches(self.query)

    def entries(self) -> list[HistoryEntry]:
        """The entries shown, newest first."""
        return [
            self.history_model.entry(self.mapToSource(self.index(row, 0)).row())
            for row in range(self.rowCount())
        ]


class HistoryPanel(QWidget):
    changed = Signal()  # entries were added or cleared
    status = Signal(str)  # a line for the status bar
    reopen = Signal(object)  # HistoryEntry: its input, back in its task's pane

    def __init__(self, history: History, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.history = history
        self.model = HistoryModel(history, self)
        self.shown = HistoryFilter(self.model, self)
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.search_delay = QTimer(self)
        self.search_delay.setSingleShot(True)
        self.search_delay.setInterval(SEARCH_DELAY_MS)
        self.search_delay.timeout.connect(self._search)
        self.search.textChanged.connect(lambda _text: self.search_delay.start())
        self.table = QTableView(self)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, arrows move in it
        self.table.setModel(self.shown)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setResizeContentsPrecision(SIZE_ROWS)  # not every one of 5000 rows
        header.setStretchLastSection(True)
        # One entry (a private text) can go alone, not only with the whole history; one
        # double-clicked, or Enter, goes back to its pane; the context menu has both and Copy.
        # A double-click, or Enter (not "activated": some styles activate on one click).
        self.table.doubleClicked.connect(lambda index: self._reopen(index))
        # Return and the keypad's Enter alike.
        self.reopen_keys = [
            QShortcut(QKeySequence(key), self.table)
            for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ]
        for shortcut in self.reopen_keys:
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(lambda: self._reopen(self.table.currentIndex()))
        self.search.installEventFilter(self)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.reopen_action = QAction(self)
        self.reopen_action.triggered.connect(lambda: self._reopen(self.table.currentIndex()))
        self.copy_action = QAction(self)
        self.copy_action.triggered.connect(self.copy_selected)
        self.delete_action = QAction(self)
        # Delete; a Mac keyboard's delete key sends Backspace.
        self.delete_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.Delete),
                                         QKeySequence(Qt.Key.Key_Backspace)])  # fmt: skip
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.delete_action.triggered.connect(self.delete_selected)
        # What the last Delete removed, until it is undone or the history cleared.
        self.deleted: list[tuple[int, HistoryEntry]] = []
        self.undo_action = QAction(self)
        self.undo_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Undo))
        self.undo_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.undo_action.setEnabled(False)
        self.undo_action.triggered.connect(self.undo_delete)
        for action in (self.reopen_action, self.copy_action, self.delete_action):
            self.table.addAction(action)
        self.table.addAction(self.undo_action)
        self.count = QLabel(self)
        self.export_button = QPushButton(self)
        self.export_button.clicked.connect(lambda: self.export())
        self.clear_button = QPushButton(self)
        self.clear_button.clicked.connect(lambda: self.clear())
        for signal in (self.shown.rowsInserted, self.shown.rowsRemoved, self.shown.modelReset,
                       self.shown.layoutChanged):  # fmt: skip
            signal.connect(self._update_count)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addWidget(self.count, 1)
        row.addWidget(self.export_button)
        row.addWidget(self.clear_button)
        layout.addLayout(row)
        self.retranslate()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Esc in the search clears it, as in the catalog (the window's Cancel, also Esc,
        waits for an empty search)."""
        if (
            watched is self.search
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
            and self.search.text()
        ):
            if event.type() == QEvent.Type.ShortcutOverride:
                event.accept()  # the key comes here, not to the shortcut
                return True
            if event.type() == QEvent.Type.KeyPress:
                self.search.clear()
                return True
        return super().eventFilter(watched, event)

    def retranslate(self) -> None:
        self.search.setPlaceholderText(self.tr("Search the history"))
        self.search.setAccessibleName(self.tr("Search the history"))
        for button in self.search.findChildren(QToolButton):  # the line edit's clear button
            button.setAccessibleName(self.tr("Clear the search"))
        self.model.set_texts(
            [self.tr("Time"), self.tr("Task"), self.tr("Model"), self.tr("Variant"),
             self.tr("Device"), self.tr("Seconds"), self.tr("Result")],
            task_label,
        )  # fmt: skip
        self.table.setAccessibleName(self.tr("Past results"))
        self.export_button.setText(self.tr("Export…"))
        self.export_button.setAccessibleName(self.tr("Export the history as JSON or CSV"))
        self.reopen_action.setText(self.tr("Open in its pane"))
        self.copy_action.setText(self.tr("Copy result"))
        self.delete_action.setText(self.tr("Delete"))
        self.undo_action.setText(self.tr("Undo delete"))
        self.clear_button.setText(self.tr("Clear…"))
        self.clear_button.setAccessibleName(self.tr("Clear the history"))
        self._update_count()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def add(self, entry: HistoryEntry) -> None:
        self.model.add(entry)
        self.changed.emit()

    def selected_entries(self) -> list[tuple[int, HistoryEntry]]:
        """(source row, entry) of each selected row."""
        model = self.table.selectionModel()
        rows = sorted({self.shown.mapToSource(i).row() for i in model.selectedRows()})
        return [(r, self.model.entry(r)) for r in rows if r >= 0]

    def delete_selected(self) -> None:
        chosen = self.selected_entries()
        if chosen:
            self.deleted = self.model.remove([row for row, _ in chosen])
            self.undo_action.setEnabled(True)
            self.changed.emit()
            keys = self.undo_action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            self.status.emit(
                self.tr("%n result(s) deleted; {keys} brings them back", "", len(chosen)).format(
                    keys=keys
                )
            )

    def undo_delete(self) -> None:
        """Bring back what the last Delete removed."""
        if self.deleted:
            self.model.restore(self.deleted)
            self.status.emit(self.tr("%n result(s) brought back", "", len(self.deleted)))
            self.deleted = []
            self.undo_action.setEnabled(False)
            self.changed.emit()

    def copy_selected(self) -> None:
        chosen = self.selected_entries()
        if chosen:
            text = "\n\n".join(entry.output for _, entry in chosen)
            QGuiApplication.clipboard().setText(text)

    def _reopen(self, index: QModelIndex) -> None:
        if index.isValid():
            self.reopen.emit(self.model.entry(self.shown.mapToSource(index).row()))

    def _search(self) -> None:
        self.shown.set_query(self.search.text())
        self._update_count()

    def _update_count(self) -> None:
        shown = self.shown.rowCount()
        self.count.setText(
            self.tr("{shown} of %n result(s)", "", len(self.history.entries)).format(shown=shown)
        )
        self.export_button.setEnabled(shown > 0)
        self.clear_button.setEnabled(bool(self.history.entries))

    def export(self, path: Path | None = None) -> bool:
        """Write the entries now shown (the search applies) to a JSON or CSV file."""
        if path is None:
            chosen, chosen_filter = file_dialogs.save_file_name(
                self,
                self.tr("Export the history"),
                str(Path.home() / "quire-history.json"),
                self.tr("JSON (*.json);;CSV (*.csv)"),
            )
            if not chosen:
                return False
            path = Path(chosen)
            if not path.suffix:
                path = path.with_suffix(".csv" if "csv" in chosen_filter.lower() else ".json")
        try:
            History.export(list(reversed(self.shown.entries())), path)
        except InputError as exc:
            errors.present(exc, self.window())
            return False
        return True

    def clear(self, confirm: bool = True) -> bool:
        if confirm:
            answer = QMessageBox.question(
                self,
                self.tr("Clear the history"),
                self.tr("Delete all %n result(s) from the history?", "", len(self.history.entries))
                + "\n\n"
                + self.tr(
                    "What was translated of interrupted files is deleted too: translating "
                    "them again starts from the beginning. What is typed in the panes stays, "
                    "kept as drafts (up to a million characters a pane) until you clear it."
                ),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
        self.model.clear()
        self.deleted = []  # asked and confirmed: not undone
        self.undo_action.setEnabled(False)
        self.changed.emit()
        return True
