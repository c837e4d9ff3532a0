"""The Files panel: one row per queued document with its progress bar, state and output, and
Pause / Resume, Cancel, Retry and Clear finished for the selected rows; above them, while a
dropped folder is being scanned, a line saying so with a Stop button."""

from __future__ import annotations

import os
import sys
from collections import Counter
from pathlib import Path

from PySide6.QtCore import (
    QEvent,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    QProcess,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import QDesktopServices, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionProgressBar,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.queue import BatchQueue, Drop, Row, RowState
from desktop.widgets import chooses_first_on_focus, duration_text, reading_pages_text

COLUMNS = 4  # file, progress, state, output


def open_file(path: Path) -> bool:
    """Open ``path`` in the application the desktop has for it."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def reveal(path: Path) -> bool:
    """Show ``path`` in the file manager: selected where the platform can (Explorer, Finder),
    else its folder opened."""
    if sys.platform == "win32":
        return bool(QProcess.startDetached("explorer", ["/select,", str(path)])[0])
    if sys.platform == "darwin":
        return bool(QProcess.startDetached("open", ["-R", str(path)])[0])
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))


# A progress cell's (value, maximum); a maximum of 0: busy, no measure yet.
PROGRESS_ROLE = Qt.ItemDataRole.UserRole + 1


class ProgressDelegate(QStyledItemDelegate):
    """The progress column's cells painted as progress bars by the style, from their
    ``PROGRESS_ROLE`` and text."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        progress = index.data(PROGRESS_ROLE)
        if not progress:
            super().paint(painter, option, index)
            return
        value, maximum = progress
        bar = QStyleOptionProgressBar()
        bar.rect = option.rect.adjusted(2, 3, -2, -3)
        bar.state = option.state
        bar.palette = option.palette
        bar.fontMetrics = option.fontMetrics
        bar.direction = option.direction
        bar.minimum, bar.maximum, bar.progress = 0, int(maximum), int(value)
        bar.text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        bar.textVisible = bool(bar.text)
        bar.textAlignment = Qt.AlignmentFlag.AlignCenter
        bar.state |= QStyle.StateFlag.State_Horizontal
        style = option.widget.style() if option.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter, option.widget)


class QueueView(QWidget):
    status = Signal(str)  # a line for the status bar (an output the desktop could not open)

    def __init__(self, queue: BatchQueue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.queue = queue
        # How many rows hold a file of each name: two strings.xml (values/, values-night/)
        # are shown with their folders.
        self._names: Counter[str] = Counter()
        self.table = QTableWidget(0, COLUMNS, self)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, arrows move in it
        chooses_first_on_focus(self.table)  # (Open and Retry work at once)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        # The state takes the room left and gives way (elided; its tooltip has it whole): a
        # long error must not squeeze the output's name onto two lines.
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setItemDelegateForColumn(1, ProgressDelegate(self.table))
        self._refresh = QTimer(self)
        self._refresh.setSingleShot(True)
        self._refresh.setInterval(0)
        self._refresh.timeout.connect(self._refreshed)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # Fitted to the rows in view, not to every row: measuring a thousand rows again on each
        # change made a long list freeze the window.
        header.setResizeContentsPrecision(0)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(1, 160)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        # A name of a hundred characters took 830 px, and the State and Output columns went
        # behind a scroll bar: names past about 48 characters are elided (tooltips have them).
        header.setMaximumSectionSize(self.fontMetrics().averageCharWidth() * 48)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.activated.connect(self._activated)  # double-click or Enter
        self.open_button = QPushButton(self)
        self.open_button.clicked.connect(self.open_selected)
        self.show_button = QPushButton(self)
        self.show_button.clicked.connect(self.show_selected)
        self.summary = QLabel(self)
        self.pause_button = QPushButton(self)
        self.pause_button.clicked.connect(self.toggle_pause)
        self.cancel_button = QPushButton(self)
        self.cancel_button.clicked.connect(self.cancel_selected)
        self.retry_button = QPushButton(self)
        self.retry_button.clicked.connect(self.retry_selected)
        self.clear_button = QPushButton(self)
        self.clear_button.clicked.connect(self._clear)
        self.scanning = QWidget(self)  # shown while a dropped folder is being scanned
        self.scan_label = QLabel(self.scanning)
        self.scan_bar = QProgressBar(self.scanning)
        self.scan_bar.setRange(0, 0)
        self.scan_bar.setMaximumWidth(160)
        self.scan_bar.setTextVisible(False)
        self.stop_scan_button = QPushButton(self.scanning)
        self.stop_scan_button.clicked.connect(self.stop_scans)
        scan_layout = QHBoxLayout(self.scanning)
        scan_layout.setContentsMargins(0, 0, 0, 0)
        scan_layout.addWidget(self.scan_label, 1)
        scan_layout.addWidget(self.scan_bar)
        scan_layout.addWidget(self.stop_scan_button)
        self.scanning.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.scanning)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addWidget(self.summary, 1)
        for button in (
            self.open_button,
            self.show_button,
            self.pause_button,
            self.cancel_button,
            self.retry_button,
            self.clear_button,
        ):
            row.addWidget(button)  # fmt: skip
        layout.addLayout(row)

        queue.row_added.connect(self._row_added)
        queue.drop_ended.connect(self._drop_ended)
        queue.row_changed.connect(self._show_row)
        queue.paused_changed.connect(self._paused_changed)
        queue.scans_changed.connect(self._show_scans)
        self.retranslate()
        self._update_buttons()  # an empty queue: nothing to open, pause, cancel or clear

    # --- texts ----------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels(
            [self.tr("File"), self.tr("Progress"), self.tr("State"), self.tr("Output")]
        )
        self.table.setAccessibleName(self.tr("Queued files"))
        self.pause_button.setText(self.tr("Resume") if self.queue.paused else self.tr("Pause"))
        self.pause_button.setAccessibleName(
            self.tr("Resume the queue")
            if self.queue.paused
            else self.tr("Pause the queue: the current file stops at its next part")
        )
        self.open_button.setText(self.tr("Open"))
        self.open_button.setAccessibleName(self.tr("Open the translated file"))
        self.open_button.setToolTip(self.tr("Double-click or Enter"))
        self.show_button.setText(self.tr("Show in folder"))
        # (longer words as the description: the name is what the button shows, which voice
        # control says; WCAG 2.5.3)
        self.show_button.setAccessibleDescription(self.tr("Show the translated file in its folder"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.setAccessibleName(
            self.tr("Cancel the selected files, or the one being translated")
        )
        self.retry_button.setText(self.tr("Retry"))
        self.retry_button.setAccessibleName(self.tr("Retry the selected files"))
        self.clear_button.setText(self.tr("Clear finished"))
        self.clear_button.setAccessibleDescription(self.tr("Remove finished files from the list"))
        self.scan_bar.setAccessibleName(self.tr("Looking for documents"))
        self.stop_scan_button.setText(self.tr("Stop"))
        self.stop_scan_button.setAccessibleName(self.tr("Stop looking for documents"))
        self._show_scans()
        for index, row in enumerate(self.queue.rows):
            self.queue.describe(row)  # a failed file's reason, in the new language too
            self._show_row(index)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def state_text(self, row: Row) -> str:
        if row.state is RowState.RUNNING and self.queue.paused:
            return self.tr("Pausing…")
        if row.state is RowState.RUNNING and row.stage == "reading pages":
            return reading_pages_text(row.done, row.total) or self.tr("Reading the pages")
        if row.state is RowState.RUNNING and row.stage == "converting":
            return self.tr("Converting with LibreOffice")
        if row.state is RowState.RUNNING and row.eta is not None:
            return self.tr("Translating, about {time} left").format(time=duration_text(row.eta))
        names = {
            # (a file added to a paused queue said only "Paused", as if it would go on by
            # itself: an outside review)
            RowState.WAITING: (
                self.tr("Paused: press Resume to start")
                if self.queue.paused
                else self.tr("Waiting")
            )
            if not row.done
            else self.tr("Paused: Resume goes on where it stopped")
            if self.queue.paused
            else self.tr("Waiting to go on where it stopped"),
            RowState.RUNNING: self.tr("Translating"),
            RowState.DONE: self.done_text(row),
            RowState.FAILED: self.tr("Failed: {reason}").format(
                reason=" ".join(filter(None, [row.message, row.advice]))
            ),
            RowState.CANCELLED: self.tr("Stopped when Quire closed: Retry goes on")
            if row.interrupted
            else self.tr("Cancelled"),
        }
        return names[row.state]

    def done_text(self, row: Row) -> str:
        """What became of a finished file's units (none is left out without being counted),
        and the encoding a text file was written in when it is not UTF-8, or why it was
        written as UTF-8 instead of the input's."""
        if row.result is None:
            return self.tr("Done")
        counts = row.result.counts
        if not (counts.translated or counts.verbatim or counts.failed) and row.notes:
            # A file copied for having no text: what its note says, not "0 translated · …".
            return row.notes[0]
        text = self.tr("{translated} translated · {kept} kept · {failed} failed").format(
            translated=counts.translated, kept=counts.verbatim, failed=counts.failed
        )
        reused = sum(r.memory_reused for r in row.result.results)
        if reused:
            text = self.tr(
                "{counts} · %n sentence(s) from the translation memory", "", reused
            ).format(counts=text)
        review = self.review_text(Path(row.result.output)) if counts.translated else ""
        if review:
            # A localisation file's translations wait for review: a program built from it
            # shows them once someone has (gettext leaves fuzzy ones out until then).
            return self.tr("{counts}; {review}").format(counts=text, review=review)
        used = row.result.encoding
        if used is not None and used.mixed is not None:
            return self.tr(
                "{counts}; written as UTF-8: the file was UTF-8 with some lines in {encoding}"
            ).format(counts=text, encoding=used.mixed)
        if used is not None and used.fallback and used.written not in (None, "utf-8"):
            # (a resource script's UTF-16, or the code page its tools read)
            return self.tr("{counts}; written as {written}: not as {encoding}").format(
                counts=text, written=used.written, encoding=used.detected
            )
        if used is not None and used.fallback:
            return self.tr(
                "{counts}; written as UTF-8: the translation does not fit in {encoding}"
            ).format(counts=text, encoding=used.detected)
        if used is not None and used.written not in (None, "utf-8"):
            return self.tr("{counts} ({encoding})").format(counts=text, encoding=used.written)
        return text

    @staticmethod
    def output_text(source: Path, output: Path) -> str:
        """The output's name where it is beside its input; else its path from the folder
        the two share, where that is near (``values-de/strings.xml`` for Android's
        ``values/strings.xml``, ``de/man1/xz.1`` for ``man/man1/xz.1``: ``man1/xz.1`` read as
        the input's own place), or with its folder's name (an output folder elsewhere)."""
        if output.parent == source.parent:
            return output.name
        try:
            shared = Path(os.path.commonpath([source.parent, output.parent]))
        except ValueError:  # (on two drives)
            return QueueView.named_with_folder(output)
        within = output.relative_to(shared)
        if shared != Path(shared.anchor) and len(within.parts) <= 4:
            return within.as_posix()
        return QueueView.named_with_folder(output)

    @staticmethod
    def named_with_folder(path: Path) -> str:
        return str(Path(path.parent.name, path.name))

    def review_text(self, output: Path) -> str:
        """How a localisation file marks the translations it was given, by its kind."""
        suffix = output.suffix.lower()
        if suffix == ".po":
            return self.tr("marked fuzzy for review")
        if suffix in (".xlf", ".xliff", ".xcstrings"):
            return self.tr("marked for review")
        if suffix == ".sdlxliff":
            return self.tr("marked Draft (machine translation) for review")
        if suffix == ".mqxliff":
            return self.tr("marked machine-translated for review")
        if suffix == ".ts":
            return self.tr("left unfinished for review")
        return ""

    def failed_text(self, row: Row) -> str:
        """For a finished file with parts the model failed on: how many, and which (they kept
        their source text); else empty."""
        result = row.result
        if row.state is not RowState.DONE or result is None or not result.counts.failed:
            return ""
        lines = [
            self.tr(
                "%n part(s) kept their source text: the model gave back nothing for them, "
                "only repeated itself, or lost a placeholder.",
                "",
                result.counts.failed,
            )
        ]
        lines += [f"• {text}" for text in result.failed]
        if result.counts.failed > len(result.failed):
            lines.append(
                self.tr("… and {count} more").format(
                    count=result.counts.failed - len(result.failed)
                )
            )
        return "\n".join(lines)

    def lost_text(self, row: Row) -> str:
        """For a finished file with glossary terms the model lost (the parts that held them
        were written without them): which; else empty."""
        result = row.result
        if row.state is not RowState.DONE or result is None or not result.missing_terms:
            return ""
        return self.tr("Glossary terms the model lost (check them in the file): {terms}").format(
            terms=", ".join(result.missing_terms)
        )

    # --- scans ----------------------------------------------------------------------------

    def _show_scans(self) -> None:
        scans = self.queue.scans
        self.scanning.setVisible(bool(scans))
        if not scans:
            return
        folders = [p for drop in scans for p in drop.folders] or scans[0].paths
        names = ", ".join(p.name or str(p) for p in folders[:3])
        if len(folders) > 3:
            names += ", …"
        self.scan_label.setText(self.tr("Looking for documents in {names}…").format(names=names))
        self.scan_label.setToolTip("\n".join(str(p) for p in folders))

    def stop_scans(self) -> None:
        for drop in list(self.queue.scans):
            self.queue.cancel_scan(drop)

    # --- rows -----------------------------------------------------------------------------

    def _row_added(self, index: int) -> None:
        self.table.setRowCount(len(self.queue.rows))
        name = self.queue.rows[index].path.name
        self._names[name] += 1
        if self._names[name] == 2:  # (the first one's name alone no longer tells them apart)
            for other, row in enumerate(self.queue.rows[:index]):
                if row.path.name == name:
                    self._show_row(other)
        self._show_row(index)

    def _drop_ended(self, drop: Drop) -> None:
        """The first of a drop's new rows in view (added below rows the view is scrolled
        away from, they would otherwise arrive unseen)."""
        if drop.rows:
            # Once the window has laid itself out again (the panel shown, a line in the
            # status bar): scrolled before, the row ended half hidden under the new layout.
            QTimer.singleShot(0, lambda: self._scroll_to(drop.rows[0]))

    def _scroll_to(self, row: Row) -> None:
        if row in self.queue.rows:
            item = self.table.item(self.queue.rows.index(row), 0)
            if item is not None:
                self.table.scrollToItem(item, QAbstractItemView.ScrollHint.EnsureVisible)

    def progress(self, index: int) -> tuple[int, int] | None:
        """Row ``index``'s bar: (value, maximum); a maximum of 0 is a bar that only says
        it is busy; None, no bar (a file not started, or failed before it counted)."""
        item = self.table.item(index, 1)
        assert item is not None
        shown = item.data(PROGRESS_ROLE)
        return None if not shown else (int(shown[0]), int(shown[1]))

    def _show_row(self, index: int) -> None:
        if not 0 <= index < len(self.queue.rows):
            return
        if self.table.rowCount() != len(self.queue.rows):
            self._rebuild()
            return
        row = self.queue.rows[index]
        cells = [
            row.path.name if self._names[row.path.name] < 2 else self.named_with_folder(row.path),
            "",
            self.state_text(row),
            # The written file's name; its tooltip, the path.
            self.output_text(row.path, row.output)
            if row.output is not None and row.state is RowState.DONE
            else "",
        ]
        tips = [
            str(row.path),
            "",
            row.details or cells[2],
            str(row.output) if cells[3] and row.output is not None else "",
        ]
        failed = "\n".join(filter(None, [self.failed_text(row), self.lost_text(row)]))
        progress: tuple[int, int] | None
        if row.state is RowState.RUNNING and row.total == 0:
            progress = (0, 0)  # reading the file, loading the model
        elif row.total == 0:
            progress = None  # not started, or failed before it counted: no empty bar
        else:
            progress = (min(row.done, row.total), row.total)
        cells[1] = f"{row.done} / {row.total}" if row.total else ""
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if column == 1:
                # Painted as a bar by ProgressDelegate (one widget per row made a list of
                # thousands slow to fill); the text is what a screen reader reads.
                item.setData(PROGRESS_ROLE, progress)
                item.setData(
                    Qt.ItemDataRole.AccessibleTextRole,
                    self.tr("Progress of {name}: {text}").format(
                        name=row.path.name, text=text or self.tr("not started")
                    ),
                )
                self.table.setItem(index, column, item)
                continue
            item.setToolTip(tips[column])
            if column == 2 and failed:
                # Parts the model failed on kept their source, or lost glossary terms: the
                # row says so, and which.
                item.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning))
                said = "\n".join(filter(None, [failed, row.details]))
                item.setToolTip(said)
                item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, said)
            elif column == 2 and row.notes and row.state is RowState.DONE:
                # What its job said by the way (tracked changes pending, resuming off): an
                # icon shows there is something to read, in its tooltip (it was only there).
                icon = QStyle.StandardPixmap.SP_MessageBoxInformation
                item.setIcon(self.style().standardIcon(icon))
                item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, "\n".join(row.notes))
            self.table.setItem(index, column, item)
        self._refresh_soon()

    def _refresh_soon(self) -> None:
        """The summary and the buttons, counted over every row: once for all the rows that
        change together (a folder of thousands added, Cancel all), not once per row."""
        if not self._refresh.isActive():
            self._refresh.start()

    def _refreshed(self) -> None:
        self._summarize()
        self._update_buttons()

    def _rebuild(self) -> None:
        self.table.clearContents()
        self.table.setRowCount(0)
        self._names.clear()
        for index in range(len(self.queue.rows)):
            self._row_added(index)
        self._summarize()  # the rows cleared away are no longer counted
        self._update_buttons()

    def _summarize(self) -> None:
        rows = self.queue.rows
        if not rows:
            self.summary.setText("")
            return
        done = sum(1 for r in rows if r.state is RowState.DONE)
        failed = sum(1 for r in rows if r.state is RowState.FAILED)
        cancelled = sum(1 for r in rows if r.state is RowState.CANCELLED)
        locale = QLocale()
        text = self.tr("{done} of %Ln file(s) done, {failed} failed", "", len(rows)).format(
            done=locale.toString(done), failed=locale.toString(failed)
        )
        if cancelled:  # ("6 of 9 files done, 2 failed" left the cancelled one out)
            text = self.tr("{summary}, {cancelled} cancelled").format(
                summary=text, cancelled=locale.toString(cancelled)
            )
        if self.queue.paused and any(r.state is RowState.WAITING for r in rows):
            # Files added to a paused queue wait: said where the eye goes, with the way on.
            text = self.tr("{summary} · Paused: press Resume to go on").format(summary=text)
        self.summary.setText(text)

    def selected_rows(self) -> list[Row]:
        model = self.table.selectionModel()
        indexes = sorted({i.row() for i in model.selectedRows()}) if model else []
        return [self.queue.rows[i] for i in indexes if i < len(self.queue.rows)]

    def _update_buttons(self) -> None:
        chosen = self.selected_rows()
        self.cancel_button.setEnabled(bool(self._to_cancel()))
        outputs = self._outputs(chosen)
        self.open_button.setEnabled(bool(outputs))
        self.show_button.setEnabled(bool(outputs))
        self.retry_button.setEnabled(
            any(r.state in (RowState.FAILED, RowState.CANCELLED) for r in chosen)
        )
        self.clear_button.setEnabled(any(r.finished for r in self.queue.rows))
        # Paused, Resume stays at hand with no row left (files added later would wait);
        # else Pause only while a file runs or waits (it was offered with every file done).
        self.pause_button.setEnabled(self.queue.paused or self.queue.active)

    # --- actions --------------------------------------------------------------------------

    def _paused_changed(self, _paused: bool) -> None:
        self.retranslate()
        self._update_buttons()
        self._summarize()

    def toggle_pause(self) -> None:
        if self.queue.paused:
            self.queue.resume()
        else:
            self.queue.pause()
        for index in range(len(self.queue.rows)):
            self._show_row(index)

    def _to_cancel(self) -> list[Row]:
        """The selected rows not yet finished; with none, the one running (Cancel needs no
        selection, as a pane's Cancel needs none)."""
        chosen = [r for r in self.selected_rows() if not r.finished]
        running = self.queue.running
        return chosen or ([running] if running is not None else [])

    def cancel_selected(self) -> None:
        for row in self._to_cancel():
            self.queue.cancel(row)

    @staticmethod
    def _outputs(rows: list[Row]) -> list[Path]:
        return [
            r.output
            for r in rows
            if r.state is RowState.DONE and r.output is not None and r.output.exists()
        ]

    def _activated(self, index: QModelIndex) -> None:
        if 0 <= index.row() < len(self.queue.rows):
            for path in self._outputs([self.queue.rows[index.row()]]):
                self._open(path)

    def open_selected(self) -> None:
        for path in self._outputs(self.selected_rows()):
            self._open(path)

    def _open(self, path: Path) -> None:
        # Where the desktop has no program for the file (or no launcher at all), Qt only
        # logs it: the user is told where the file is instead.
        if not open_file(path):
            self.status.emit(
                self.tr("No program on this computer opens {name}; it is in {folder}").format(
                    name=path.name, folder=str(path.parent)
                )
            )

    def show_selected(self) -> None:
        for path in self._outputs(self.selected_rows())[:1]:
            if not reveal(path):
                self.status.emit(
                    self.tr("The file manager could not be opened; the file is {path}").format(
                        path=str(path)
                    )
                )

    def retry_selected(self) -> None:
        for row in self.selected_rows():
            self.queue.retry(row)

    def _clear(self) -> None:
        self.queue.clear_finished()
        self._rebuild()

    def select(self, row: Row) -> None:
        for index, candidate in enumerate(self.queue.rows):
            if candidate is row:
                self.table.selectRow(index)
                return
