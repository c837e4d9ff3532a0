"""The History panel: every result with its model, variant, device and time, a search box,
and Export… (JSON or CSV) and Clear…; the data lives in ``desktop.history``."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDateTime, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop import errors
from desktop.history import History, HistoryEntry
from desktop.widgets import set_direction
from engine import InputError

COLUMNS = 7
PREVIEW = 160  # characters of the output shown in the table; the tooltip has more


class HistoryPanel(QWidget):
    changed = Signal()  # entries were added or cleared

    def __init__(self, history: History, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.history = history
        self.shown: list[HistoryEntry] = []
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _text: self.refresh())
        self.table = QTableWidget(0, COLUMNS, self)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.count = QLabel(self)
        self.export_button = QPushButton(self)
        self.export_button.clicked.connect(lambda: self.export())
        self.clear_button = QPushButton(self)
        self.clear_button.clicked.connect(lambda: self.clear())

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

    def retranslate(self) -> None:
        self.search.setPlaceholderText(self.tr("Search the history"))
        self.search.setAccessibleName(self.tr("Search the history"))
        for button in self.search.findChildren(QToolButton):  # the line edit's clear button
            button.setAccessibleName(self.tr("Clear the search"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Time"), self.tr("Task"), self.tr("Model"), self.tr("Variant"),
             self.tr("Device"), self.tr("Seconds"), self.tr("Result")]
        )  # fmt: skip
        self.table.setAccessibleName(self.tr("Past results"))
        self.export_button.setText(self.tr("Export…"))
        self.export_button.setAccessibleName(self.tr("Export the history as JSON or CSV"))
        self.clear_button.setText(self.tr("Clear…"))
        self.clear_button.setAccessibleName(self.tr("Clear the history"))
        self.refresh()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def task_name(self, task: str) -> str:
        names = {
            "translate": self.tr("Translate"),
            "summarize": self.tr("Summarize"),
            "ask": self.tr("Ask"),
            "classify": self.tr("Classify"),
        }
        return names.get(task, task)

    def add(self, entry: HistoryEntry) -> None:
        self.history.add(entry)
        self.refresh()
        self.changed.emit()

    def refresh(self) -> None:
        # Newest first: what was just done is what one looks for.
        self.shown = list(reversed(self.history.search(self.search.text())))
        self.table.setRowCount(len(self.shown))
        for row, entry in enumerate(self.shown):
            when = QDateTime.fromString(entry.when, Qt.DateFormat.ISODate)
            output = f"{Path(entry.file).name} → {entry.output}" if entry.file else entry.output
            cells = [
                when.toString("yyyy-MM-dd HH:mm") if when.isValid() else entry.when,
                self.task_name(entry.task),
                entry.model,
                entry.variant,
                entry.device.upper(),
                f"{entry.seconds:.2f}",
                " ".join(output.split())[:PREVIEW],
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == COLUMNS - 1:
                    item.setToolTip(f"{entry.input[:600]}\n→\n{entry.output[:600]}")
                    set_direction(item, text)
                self.table.setItem(row, column, item)
        self.count.setText(
            self.tr("{shown} of {total} result(s)").format(
                shown=len(self.shown), total=len(self.history.entries)
            )
        )
        self.export_button.setEnabled(bool(self.shown))
        self.clear_button.setEnabled(bool(self.history.entries))

    def export(self, path: Path | None = None) -> bool:
        """Write the entries now shown (the search applies) to a JSON or CSV file."""
        if path is None:
            chosen, chosen_filter = QFileDialog.getSaveFileName(
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
            History.export(list(reversed(self.shown)), path)
        except InputError as exc:
            errors.present(exc, self.window())
            return False
        return True

    def clear(self, confirm: bool = True) -> bool:
        if confirm:
            answer = QMessageBox.question(
                self,
                self.tr("Clear the history"),
                self.tr("Delete all {count} result(s) from the history?").format(
                    count=len(self.history.entries)
                ),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
        self.history.clear()
        self.refresh()
        self.changed.emit()
        return True
