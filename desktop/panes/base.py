"""What every task pane shares: the model picker, Run / Cancel, the delayed progress row, copy
and save, opening and dropping files, and handing jobs to the one runner."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop import drafts, errors, file_dialogs
from desktop.catalog import INSTRUCT_ROLE, ModelEntry, Task, fitting
from desktop.files import OpenedText, read_request, write_text
from desktop.i18n import role_name
from desktop.jobs import QUEUED_FILE, Job, JobRunner, State
from desktop.settings import Settings
from desktop.widgets import (
    BusyRow,
    CitedText,
    GivingWay,
    TextList,
    data_size,
    fit_to_text,
    shrinkable,
)
from engine import EngineError, FileText, InputError, Request

# What an out-of-date output shows faded: its text, and a score bar's colour.
_DIM_ROLES = (
    QPalette.ColorRole.Text,
    QPalette.ColorRole.WindowText,
    QPalette.ColorRole.Highlight,
    QPalette.ColorRole.HighlightedText,
)
DIMMED = "quireDimmed"  # the dynamic property that says an output is faded


def dimmed(widget: QWidget) -> bool:
    """Whether ``widget`` shows an out-of-date output (faded by ``Pane._dim``)."""
    return bool(widget.property(DIMMED))


def fade(widget: QWidget, faded: bool) -> None:
    """Show ``widget`` faded (an out-of-date output, a switch that does nothing here) or not,
    yet still in the Tab order and read (a disabled widget is neither). Faded by its palette:
    its text and bars in the colours of disabled ones (an opacity effect painted a scroll
    area's viewport grey)."""
    if faded:
        palette = widget.palette()
        # The theme's colours: a parent may not have been told of a new theme yet.
        theme = QApplication.palette(widget)
        for role in _DIM_ROLES:
            colour = theme.color(QPalette.ColorGroup.Disabled, role)
            for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
                palette.setColor(group, role, colour)
        widget.setPalette(palette)
    elif dimmed(widget):
        widget.setPalette(QPalette())  # the application's again (its theme)
    widget.setProperty(DIMMED, faded)


class _OneFile(QObject):
    """The one-file box's plural sentence, in a context of its own: a pane's ``self.tr``
    looks a plural up in its subclass's context (AskPane), where lupdate put none, and the
    sentence came out in English ("1 file(s)") in every language."""

    def words(self, name: str, others: int) -> str:
        return self.tr(
            "This pane works on one file at a time: {name} is opened, and the other %n "
            "file(s) are left out.",
            "",
            others,
        ).format(name=name)


class Pane(QWidget):
    """Base of the four panes. Subclasses build their widgets, then call ``retranslate()``;
    they implement ``build_request``, ``show_result``, ``result_text`` and ``load_text``."""

    task: Task = "translate"
    status = Signal(str)  # a transient line for the status bar
    manage_models = Signal()  # the user asked for the model manager
    catalog_requested = Signal(str)  # what to search the catalog for ("de-en", a model name)
    models_stale = Signal()  # a model the pane offered is gone: the lists need reading again
    drafted = Signal()  # a text the user can type changed: the drafts are to be saved

    def __init__(self, runner: JobRunner, settings: Settings, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self.settings = settings
        self.job: Job | None = None
        self.result: Any = None
        self.source_path: Path | None = None
        self.entries: list[ModelEntry] = []

        self.banner = QFrame(self)
        self.banner.setFrameShape(QFrame.Shape.StyledPanel)
        banner_layout = QHBoxLayout(self.banner)
        self.banner_text = QLabel(self.banner)
        self.banner_text.setWordWrap(True)
        self.banner_button = QPushButton(self.banner)
        self.banner_button.clicked.connect(self.manage_models)
        banner_layout.addWidget(self.banner_text, 1)
        banner_layout.addWidget(self.banner_button)
        self.banner.hide()

        self.model_label = QLabel(self)
        self.model_box = shrinkable(QComboBox(self))
        self.model_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.model_box.setMinimumContentsLength(14)
        self.model_label.setBuddy(self.model_box)
        self.model_box.activated.connect(self._model_chosen)

        self.busy = BusyRow(self)
        self.copy_button = QPushButton(self)
        self.save_button = QPushButton(self)
        self.cancel_button = QPushButton(self)
        # Cancels the job this pane's waits behind (another pane's), which it names.
        self.ahead_button = QPushButton(self)
        self.ahead_button.setVisible(False)
        self.ahead_button.clicked.connect(self.cancel_ahead)
        runner.job_started.connect(self._show_waiting)
        runner.job_ended.connect(self._show_waiting)
        self.run_button = QPushButton(self)
        self.run_button.setDefault(True)
        self.copy_button.clicked.connect(self.copy_result)
        self.save_button.clicked.connect(lambda: self.save_result())
        self.cancel_button.clicked.connect(self.cancel)
        self.run_button.clicked.connect(lambda: self.run())
        self.cancel_button.setEnabled(False)
        self._set_result_actions(False)

        # Whether the output shown belongs to the input shown: every edit of the input counts
        # up ``edits``; a job remembers the count it was started at (``job_edits``), and output
        # of an older input is shown dimmed under a line that says why (``stale``).
        self.state_note = QLabel(self)
        self.state_note.setObjectName("stateNote")
        self.state_note.setWordWrap(True)
        self.state_note.hide()
        self.edits = 0
        self.job_edits = 0
        self.stale: str | None = None  # None | "edited" | "cancelled" | "failed" | "too_long"
        self.partial_shown = False
        self.outputs: list[QWidget] = []
        self.output_notes: list[QLabel] = []  # the result's warnings: hidden while stale

    # --- layout helpers for subclasses ----------------------------------------------------

    def assemble(
        self,
        options: list[QWidget],
        body: QWidget,
        switches: list[QWidget] | None = None,
        *,
        reading: list[QWidget],
    ) -> None:
        """Lay out: banner, a row of the model picker and ``options``, ``body``, then a row of
        ``switches`` (check boxes), the progress and the buttons. Switches sit below so the
        top row fits a 1000-pixel window at any text size. Tab goes as the eye reads: the
        model, the options, ``reading`` (the body's controls, in reading order), the
        switches, the buttons (made first, by this class, they came right after the model)."""
        # Ctrl+1…4 and the first window put the keyboard in the input (``focus_input``): type
        # at once. Not a focus proxy: Qt would then send Tab from the sidebar past the model
        # picker and the options to the input, and no Tab would reach them again.
        self.first_input = reading[0]
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(self.model_label)
        row.addWidget(self.model_box)
        for widget in options:
            row.addWidget(widget)
        row.addStretch(1)
        layout.addLayout(row)
        # The banner and the body give way in a short window (the Files or History panel
        # open, 800 x 600): the text boxes shrink first, then scroll; the progress, the
        # buttons and the note on the output stay in view (they scrolled out of it with the
        # whole pane).
        self.upper = QWidget(self)
        upper = QVBoxLayout(self.upper)
        upper.setContentsMargins(0, 0, 0, 0)
        upper.addWidget(self.banner)
        body.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        upper.addWidget(body, 1)
        self.upper_scroll = GivingWay(self.upper, self)
        layout.addWidget(self.upper_scroll, 1)
        layout.addWidget(self.state_note)
        buttons = QHBoxLayout()
        for widget in switches or []:
            buttons.addWidget(widget)
        buttons.addWidget(self.busy, 1)
        buttons.addWidget(self.ahead_button)
        for button in (self.copy_button, self.save_button, self.cancel_button, self.run_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        actions = [
            self.ahead_button,
            self.copy_button,
            self.save_button,
            self.cancel_button,
            self.run_button,
        ]
        chain = [self.model_box, *options, *reading, *(switches or []), *actions]
        taking = [w for w in chain if w.focusPolicy() & Qt.FocusPolicy.TabFocus]
        for first, second in itertools.pairwise(taking):
            QWidget.setTabOrder(first, second)

    def wanted_height(self) -> int:
        """The height the pane needs with its body at its own minimum, not scrolled."""
        scroll = self.upper_scroll
        return (
            self.minimumSizeHint().height()
            - scroll.minimumSizeHint().height()
            + scroll.content_height()
        )

    def track(
        self,
        inputs: list[QWidget],
        outputs: list[QWidget],
        notes: list[QLabel] | None = None,
    ) -> None:
        """Name the widgets whose edits make the output out of date, the output widgets (dimmed
        while it is) and the result's warnings (hidden while it is)."""
        for widget in inputs:
            if isinstance(widget, QLineEdit):
                widget.textEdited.connect(self.input_changed)
            elif hasattr(widget, "textChanged"):
                widget.textChanged.connect(self.input_changed)
        self.draft_inputs = [w for w in inputs if isinstance(w, QLineEdit | QTextEdit)]
        for widget in self.draft_inputs:
            widget.textChanged.connect(self.drafted)
        self.outputs = outputs
        self.output_notes = notes or []

    # --- drafts: what is typed, kept across a restart (``drafts.py``) ----------------------

    draft_inputs: list[QLineEdit | QTextEdit]
    restoring = False  # texts of the last session coming back: nothing starts by itself

    def draft(self) -> list[str] | None:
        """The typed inputs' texts ("" for one Quire filled: a file opened, a history entry);
        none where they are too long to keep (not even copied out). None where nothing was
        typed since Quire filled the pane and it is not empty: the draft kept before stays (a
        file opened at the start replaced the restored letter, and then the letter on disk).
        A pane emptied (undone back to nothing) is an empty draft."""
        typed = [
            w.isModified() if isinstance(w, QLineEdit) else w.document().isModified()
            for w in self.draft_inputs
        ]
        empty = all(
            not w.text() if isinstance(w, QLineEdit) else w.document().isEmpty()
            for w in self.draft_inputs
        )
        if not any(typed):
            return [""] * len(self.draft_inputs) if empty else None
        size = sum(
            len(w.text()) if isinstance(w, QLineEdit) else w.document().characterCount()
            for w, mine in zip(self.draft_inputs, typed, strict=True)
            if mine
        )
        if size > drafts.MAX_CHARS:
            return []
        return [
            ("" if not mine else w.text() if isinstance(w, QLineEdit) else w.toPlainText())
            for w, mine in zip(self.draft_inputs, typed, strict=True)
        ]

    def restore_draft(self, texts: list[str]) -> bool:
        """The last session's texts back in the inputs, where all are still empty (a file
        opened at the start, or text typed already, wins). Whether they came back."""
        typed = any(
            w.text() if isinstance(w, QLineEdit) else not w.document().isEmpty()
            for w in self.draft_inputs
        )
        if typed or len(texts) != len(self.draft_inputs):
            return False
        self.restoring = True
        try:
            for widget, text in zip(self.draft_inputs, texts, strict=True):
                # As typed (it was): a file opened over it is one edit Ctrl+Z takes back.
                if isinstance(widget, QLineEdit):
                    widget.setText(text)
                    widget.setModified(True)
                else:
                    widget.setPlainText(text)
                    widget.document().setModified(True)
        finally:
            self.restoring = False
        return True

    # --- whether the output belongs to the input ------------------------------------------

    def has_output(self) -> bool:
        return self.result is not None or self.partial_shown

    def input_changed(self) -> None:
        """The input is no longer what the output was made from."""
        self.edits += 1
        if self.has_output():
            self.mark_stale("edited")

    def mark_stale(self, reason: str) -> None:
        """Keep the output in view, dimmed, under a line that says why it is out of date."""
        if self.stale == "edited" and reason == "cancelled":
            return  # the input changed anyway: that is what the user must know
        self.stale = reason
        if reason in ("cancelled", "failed"):
            # What was written before Stop stays usable (selected, copied, saved) under the
            # note that says it is incomplete; a run that showed nothing leaves the earlier
            # result, still of this input.
            self._set_result_actions(bool(self.output_text()))
            self._show_state_note()
            return
        dim = self.has_output()
        for widget in self.outputs:
            self._dim(widget, dim)
        if dim:
            for label in self.output_notes:
                label.setVisible(False)
            self._set_result_actions(False)
        self._show_state_note()

    def mark_fresh(self) -> None:
        self.stale = None
        for widget in self.outputs:
            self._dim(widget, False)
        for label in self.output_notes:
            label.setVisible(bool(label.text()))
        self._set_result_actions(bool(self.output_text()))
        self._show_state_note()

    def announce(self, text: str) -> None:
        """Say ``text`` in the status bar and to a screen reader, which reads no status bar
        on its own (an announcement, as a live region does on the web)."""
        self.status.emit(text)
        QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(self, text))

    def ask_for(self, widget: QWidget, text: str) -> None:
        """What is missing before the job can run: said, and the keyboard put where it goes."""
        self.announce(text)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_input(self, reason: Qt.FocusReason = Qt.FocusReason.OtherFocusReason) -> None:
        """The keyboard into the pane's input (its first control in reading order)."""
        self.first_input.setFocus(reason)

    def _dim(self, widget: QWidget, dim: bool) -> None:
        """Show an out-of-date output faded, yet still there to read, select and copy by
        keyboard and screen reader (a disabled widget leaves the Tab order and is not read),
        its accessible description saying why."""
        if dim:
            fade(widget, True)
            widget.setAccessibleDescription(self.state_text(self.stale))
        elif dimmed(widget):
            fade(widget, False)
            widget.setAccessibleDescription("")

    def clear_output(self) -> None:
        """Empty the output (the input was cleared, or the output became the input)."""
        self.result = None
        self.partial_shown = False
        self.partial_text = ""
        self.clear_view()
        self.mark_fresh()

    def clear_view(self) -> None:
        """Empty the output widgets (each pane knows its own)."""

    def _show_state_note(self) -> None:
        text = self.state_text(self.stale)
        self.state_note.setText(text)
        self.state_note.setVisible(bool(text))
        self.state_note.setAccessibleName(text)

    def state_text(self, reason: str | None) -> str:
        if reason == "edited":
            return self.tr("Out of date: the text changed. Press {run} to update.").format(
                run=self.run_text()
            )
        if reason == "cancelled":
            if self.partial_shown:
                return self.tr("Cancelled. The result shown is incomplete.")
            return self.tr("Cancelled.")
        if reason == "failed":
            return self.tr("Stopped by an error. The result shown is incomplete.")
        if reason == "too_long":
            return self.too_long_text()
        return ""

    def too_long_text(self) -> str:
        return ""

    # --- texts ----------------------------------------------------------------------------

    def title(self) -> str:
        raise NotImplementedError

    def retranslate(self) -> None:
        self.model_label.setText(self.tr("Mo&del:"))
        self.model_box.setAccessibleName(self.tr("Model"))
        self.model_box.setToolTip(self.tr("The installed model this task uses"))
        if self.model_box.count():
            self._describe_models()
        self.copy_button.setText(self.tr("Copy"))
        self.copy_button.setAccessibleName(self.tr("Copy the result"))
        self.save_button.setText(self.tr("Save…"))
        self.save_button.setAccessibleName(self.tr("Save the result to a file"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.setAccessibleName(self.tr("Cancel the running job"))
        native = QKeySequence.SequenceFormat.NativeText
        self.cancel_button.setToolTip(
            self.tr("{action} ({keys})").format(
                action=self.tr("Cancel the running job"),
                keys=QKeySequence(Qt.Key.Key_Escape).toString(native),
            )
        )
        self.ahead_button.setText(self.tr("Cancel that job"))
        self.run_button.setText(self.run_text())
        self.run_button.setAccessibleName(self.run_text())
        self.run_button.setToolTip(
            self.tr("{action} ({keys})").format(
                action=self.run_text(), keys=QKeySequence("Ctrl+Return").toString(native)
            )
        )
        for button in (self.copy_button, self.save_button, self.cancel_button, self.run_button):
            fit_to_text(button)
        fit_to_text(self.ahead_button)
        self._show_waiting()
        self.banner_text.setText(self.no_model_text())
        self.banner_button.setText(self.tr("Open the catalog…"))
        # (its words name it, which voice control says: WCAG 2.5.3)
        self.banner_button.setAccessibleDescription(self.tr("Open the model manager's catalog"))
        self.busy.retranslate()
        self._show_state_note()

    def run_text(self) -> str:
        return self.tr("Run")

    def no_model_text(self) -> str:
        return self.tr(
            "No installed model can do this yet. Download one from the catalog, or import one."
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() == QEvent.Type.PaletteChange:
            # A faded output's own palette keeps the colours it was faded in: fade it again in
            # the new theme's.
            for widget in self.outputs:
                if dimmed(widget):
                    self._dim(widget, True)
        super().changeEvent(event)

    # --- models ---------------------------------------------------------------------------

    def set_catalog(self, entries: list[ModelEntry]) -> None:
        """Fill the picker with the installed models that fit this pane."""
        self.entries = fitting(entries, self.task)
        remembered = self.settings.model(self.task)
        current = self.selected_model() or remembered
        self.model_box.clear()
        self.model_box.addItem("", "")
        for entry in self.entries:
            self.model_box.addItem("", entry.name)
        self._describe_models()
        index = self.model_box.findData(current)
        self.model_box.setCurrentIndex(max(0, index))
        has_models = bool(self.entries)
        self.banner.setVisible(not has_models)
        self.run_button.setEnabled(has_models)
        self.models_changed()

    def _describe_models(self) -> None:
        """The picker's texts and tooltips, in the UI language (after ``set_catalog``)."""
        box = self.model_box
        box.setItemText(0, self.tr("Automatic"))
        box.setItemData(
            0, self.tr("The best installed model for the job"), Qt.ItemDataRole.ToolTipRole
        )
        for i, entry in enumerate(self.entries, start=1):
            text = self.describe_entry(entry)
            tip = ", ".join(role_name(r) for r in entry.roles)
            fit = entry.fit
            if fit is not None and fit.verdict == "won't fit":
                # Said before it is chosen: loading it would fail, or push everything to swap.
                text = self.tr("{model} — too big for the free memory").format(model=text)
                if fit.available_bytes is not None:
                    tip += "\n" + self.tr("It needs about {need}; {free} is free.").format(
                        need=data_size(fit.needed_bytes),
                        free=data_size(fit.available_bytes),
                    )
            box.setItemText(i, text)
            box.setItemData(i, tip, Qt.ItemDataRole.ToolTipRole)

    def describe_entry(self, entry: ModelEntry) -> str:
        """The picker's line for ``entry``: its name, and whether it is an instruction model
        (a general model that writes answers and summaries from a prompt)."""
        if INSTRUCT_ROLE in entry.roles:
            return self.tr("{name} (instruction model)").format(name=entry.name)
        return entry.name

    def selected_model(self) -> str | None:
        data = self.model_box.currentData()
        return str(data) if data else None

    def selected_entry(self) -> ModelEntry | None:
        name = self.selected_model()
        return next((e for e in self.entries if e.name == name), None)

    def _model_chosen(self, _index: int) -> None:
        self.settings.set_model(self.task, self.selected_model() or "")
        self.models_changed()

    def models_changed(self) -> None:
        """The list or the choice changed (the translate pane refreshes its languages)."""

    # --- jobs -----------------------------------------------------------------------------

    def build_request(self) -> Request | None:
        """The request for the current input, or None (with a status line) if there is
        nothing to do. May raise ``InputError``."""
        raise NotImplementedError

    def run(self, *, quiet: bool = False) -> Job | None:
        """Submit the pane's request; a new run replaces the pane's earlier job. ``quiet``
        (as-you-type) shows failures in the pane instead of a dialog."""
        if not self.entries:
            self.announce(self.no_model_text())  # (a screen reader reads no status bar)
            return None
        try:
            request = self.build_request()
        except EngineError as exc:
            self.fail(exc, quiet)
            return None
        if request is None:
            return None
        job = self.runner.submit(request, label=self.title(), key=f"pane:{self.task}")
        job.owner = self.title()
        job.file = self.source_path.name if self.source_path is not None else ""
        self.attach(job, quiet)
        return job

    def attach(self, job: Job, quiet: bool = False) -> None:
        self.job = job
        self.job_quiet = quiet  # as-you-type: nothing asked for is lost when it stops
        self.job_edits = self.edits
        self.partial_shown = False
        self.partial_text = ""
        self.cancel_button.setEnabled(True)
        # (downloads run beside the engine's jobs: only another model job is waited for)
        self.busy.start(self._waiting_text(job))
        self._show_waiting()
        job.started.connect(lambda: self._started(job))
        job.progressed.connect(lambda event: self._progressed(job, event))
        job.partial.connect(lambda text: self._partial(job, text))
        job.finished.connect(lambda result: self._finished(job, result))
        job.failed.connect(lambda error: self._failed(job, error, quiet))
        job.cancelled.connect(lambda: self._cancelled(job))

    def cancel(self, *, by_user: bool = True) -> None:
        """Cancel the pane's job; ``by_user=False`` (the text it was for changed) says
        nothing in the status bar."""
        if self.job is not None and not self.job.done:
            if not by_user:
                self.superseded = self.job
            self.runner.cancel(self.job)
        elif by_user and self.reading is not None:
            # A long PDF being read (the busy row counts its pages) stops between pages.
            self.runner.cancel(self.reading)

    superseded: Job | None = None  # cancelled because its input changed, not by the user
    job_quiet = False

    @property
    def running(self) -> bool:
        return self.job is not None and not self.job.done

    def _started(self, job: Job) -> None:
        if job is self.job:
            self.busy.start(self.tr("Working…"))
        self._show_waiting()

    def _progressed(self, job: Job, event: object) -> None:
        if job is self.job:
            self.busy.update_from(event)
            self.show_event(event)

    def _partial(self, job: Job, text: str) -> None:
        if job is self.job:
            if not self.partial_shown:  # the earlier result's warnings are not this one's
                for label in self.output_notes:
                    label.clear()
                    label.setVisible(False)
            self.partial_text = text
            self.show_partial(text)
            self.shown_partly()

    def shown_partly(self) -> None:
        """The pane shows part of its running job's output (made from the input as it was
        when the job started)."""
        self.partial_shown = True
        if self.job_edits == self.edits:
            self.mark_fresh()
        else:
            self.mark_stale("edited")

    def _finished(self, job: Job, result: object) -> None:
        if job is not self.job:
            return
        self._ended(job)
        self.result = result
        self.partial_text = ""  # the result says it all
        self.show_result(result)
        if not self.job_quiet:  # (not each time as-you-type translates)
            self.announce(self.done_text())
        if self.job_edits == self.edits:
            self.mark_fresh()
        else:
            self.mark_stale("edited")

    def done_text(self) -> str:
        """What a screen reader is told when a job ends with its result."""
        return self.tr("{task}: done").format(task=self.title())

    def _cancelled(self, job: Job) -> None:
        if job is not self.job:
            return
        self._ended(job)
        if job is not self.superseded:
            self.announce(self.tr("Cancelled"))
        self.mark_stale("cancelled")

    def _failed(self, job: Job, error: object, quiet: bool) -> None:
        if job is not self.job:
            return
        self._ended(job)
        assert isinstance(error, BaseException)
        if self.partial_text:  # what it wrote before the error stays, said to be incomplete
            self.mark_stale("failed")
        self.fail(error, quiet)

    def _ended(self, job: Job) -> None:
        if job is self.job:
            if self.reading is not None:  # a file read behind it: its row and Cancel go on
                self.busy.start(self._waiting_text(self.reading))
            else:
                self.busy.stop()
                self.cancel_button.setEnabled(False)
            # A stopped stream is not followed.
            views: list[TextList | CitedText] = [
                *self.findChildren(TextList),
                *self.findChildren(CitedText),
            ]
            for view in views:
                view.end_stream()

    def fail(self, error: BaseException, quiet: bool = False) -> None:
        """Through the one presenter: a dialog, or (as-you-type) a line in the pane."""
        if isinstance(error, EngineError) and error.message_id == "store.unknown_model":
            self.models_stale.emit()  # removed behind the app's back (its folder deleted)
        if quiet:
            message = errors.describe(error)
            if message is not None:
                self.show_inline_error(f"{message.title}: {message.text}")
            return
        errors.present(error, self.window())

    def show_inline_error(self, text: str) -> None:
        self.status.emit(text)

    def show_partial(self, text: str) -> None:
        """Streaming output; panes that show text as it is written override this."""

    def show_event(self, event: object) -> None:
        """Any other event of the pane's running job (``engine.api.Event``); panes that show
        part of a result before the job ends override this."""

    def show_result(self, result: Any) -> None:
        raise NotImplementedError

    # --- input and output -----------------------------------------------------------------

    def load_text(self, text: str) -> None:
        raise NotImplementedError

    def load_history_input(self, text: str) -> None:
        """A past job's input (``history.request_text``) back in the pane."""
        self.load_text(text)

    # The plain-text file last opened (or tried), which File → Reopen with Encoding reads
    # again in the encoding the user chooses.
    reopenable: Path | None = None

    def open_file(self, path: Path, encoding: str | None = None) -> bool:
        """Show the file's text in the pane. The file is read on the worker (a plain text file
        can be 50 MB; a document's text is extracted) and its text arrives later; the
        presenter says why when it cannot be read. Opening another file replaces the read.
        ``encoding``: a text file's, as the user chose it (else detected)."""
        try:
            request = read_request(path, encoding)
        except InputError as error:
            errors.present(error, self.window())
            return False
        self.reopenable = None if request.document else path
        job = self.runner.submit(request, label="read", key=f"read:{self.task}")
        job.owner, job.file = self.title(), path.name
        self.reading = job
        job.started.connect(lambda: self._reading_started(job, path))
        job.finished.connect(lambda opened: self._read(job, path, opened))
        job.failed.connect(lambda error: self._read_failed(job, path, error))
        job.progressed.connect(lambda event: self._reading_progressed(job, event))
        job.cancelled.connect(lambda: self._read_cancelled(job, path))
        if not self.running:
            self.busy.start(self._waiting_text(job))
            self.cancel_button.setEnabled(True)
        self._show_waiting()
        self.status.emit(self.tr("Reading {name}…").format(name=path.name))
        return True

    reading: Job | None = None  # the latest file being read

    def _waiting_text(self, job: Job) -> str:
        """What ``job`` waits for, named: a file of the Files queue (with the way to go
        first: Pause stops it at its next part, kept for Resume), another pane's job or file
        read (Ask waited 30 s on Classify's PDF, not said), else the previous job."""
        ahead = self._ahead(job)
        if ahead is None:
            return self.tr("Waiting for the previous job…")
        if ahead.label == QUEUED_FILE:
            return self.tr("Waiting for {file} in Files: press Pause there to go first").format(
                file=ahead.file or self.tr("the file being translated")
            )
        if ahead.key is not None and ahead.key.startswith("read:") and ahead.owner:
            return self.tr("Waiting for {pane} to finish reading {file}…").format(
                pane=ahead.owner, file=ahead.file
            )
        if ahead.owner and ahead.file:
            return self.tr("Waiting for {pane} to finish ({file})…").format(
                pane=ahead.owner, file=ahead.file
            )
        if ahead.owner:
            return self.tr("Waiting for {pane} to finish…").format(pane=ahead.owner)
        return self.tr("Waiting for the previous job…")

    def _ahead(self, job: Job) -> Job | None:
        """The job ``job`` waits for: the one running in its lane, else the first queued.
        A job already cancelled (its pane's earlier run, replaced) and this pane's own jobs
        are not named: Translate waited "for Translate to finish" and offered to cancel it."""
        mine = (f"pane:{self.task}", f"read:{self.task}")
        ahead = [j for j in self.runner.ahead(job) if not j.token.cancelled and j.key not in mine]
        return ahead[0] if ahead else None

    def _waiting(self) -> Job | None:
        """This pane's job (or file read) that waits behind another pane's, if any."""
        for job in (self.job, self.reading):
            if job is not None and job.state is State.QUEUED:
                return job
        return None

    def _show_waiting(self, _job: object = None) -> None:
        """The busy row's words and "Cancel that job" for what the pane's job waits behind
        now (the job ahead ended, another began)."""
        mine = self._waiting()
        ahead = self._ahead(mine) if mine is not None else None
        other = ahead is not None and bool(ahead.owner) and ahead.label != QUEUED_FILE
        if mine is not None and self.busy.label.text() != self._waiting_text(mine):
            self.busy.label.setText(self._waiting_text(mine))
        self.ahead_button.setVisible(other)
        if ahead is not None and other:
            self.ahead_button.setToolTip(self._waiting_text(mine) if mine else "")
            self.ahead_button.setAccessibleName(
                self.tr("Cancel the job of {pane}").format(pane=ahead.owner)
            )

    def cancel_ahead(self) -> None:
        """Cancel the other pane's job this pane's waits behind (its pane says "Cancelled")."""
        mine = self._waiting()
        ahead = self._ahead(mine) if mine is not None else None
        if ahead is not None and ahead.owner and ahead.label != QUEUED_FILE:
            self.runner.cancel(ahead)
            self._show_waiting()  # a running job stops at its next check: the button goes now

    def _reading_started(self, job: Job, path: Path) -> None:
        if job is self.reading and not self.running:
            self.busy.start(self.tr("Reading {name}…").format(name=path.name))
            self.cancel_button.setEnabled(True)

    def _reading_progressed(self, job: Job, event: object) -> None:
        if job is self.reading and not self.running:
            self.busy.update_from(event)  # "Reading page 121 of 500"

    def _read(self, job: Job, path: Path, opened: object) -> None:
        if job is not self.reading:
            return  # another file was opened since
        self._read_ended(job)
        assert isinstance(opened, FileText)
        opened = OpenedText.of(opened)
        if not opened.text.strip():
            # Nothing to work on: the text already in the pane stays.
            self.status.emit(
                self.tr("{name} holds no text; the text here is unchanged").format(name=path.name)
            )
            return
        self.source_path = path
        self.load_text(opened.text)
        if opened.mixed is not None:
            self.status.emit(
                self.tr("Opened {name} (UTF-8, some lines in {encoding})").format(
                    name=path.name, encoding=opened.mixed
                )
            )
        elif opened.encoding is None:
            self.status.emit(self.tr("Opened {name}").format(name=path.name))
        else:
            self.status.emit(
                self.tr("Opened {name} (read as {encoding})").format(
                    name=path.name, encoding=opened.encoding
                )
            )

    def _read_failed(self, job: Job, path: Path, error: object) -> None:
        if job is not self.reading:
            return
        self._read_ended(job)
        assert isinstance(error, BaseException)
        # In place of "Reading NAME…", which would otherwise say it is still being read.
        self.status.emit(self.tr("{name} could not be opened").format(name=path.name))
        errors.present(error, self.window())

    def _read_cancelled(self, job: Job, path: Path) -> None:
        if job is not self.reading:
            return
        self._read_ended(job)
        # In place of "Reading NAME…", which would otherwise say it is still being read.
        self.status.emit(
            self.tr("Stopped reading {name}; the text here is unchanged").format(name=path.name)
        )

    def _read_ended(self, job: Job) -> None:
        if job is not self.reading:
            return
        self.reading = None
        if not self.running:  # the pane's own job keeps its progress row and Cancel
            self.busy.stop()
            self.cancel_button.setEnabled(False)

    def open_files(self, paths: list[Path]) -> None:
        if not paths:
            return
        self.open_file(paths[0])
        if len(paths) > 1:
            # Said in a box: a status line was gone at once under "Reading…" and "Opened…",
            # and the files left out without a word (an outside review).
            box = QMessageBox(
                QMessageBox.Icon.Information,
                self.tr("One file at a time"),
                _OneFile().words(paths[0].name, len(paths) - 1),
                QMessageBox.StandardButton.Ok,
                self.window(),
            )
            box.setInformativeText(
                self.tr(
                    "Open the others one by one. To translate several files at once, drop "
                    "them on Translate."
                )
            )
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()
            self.left_out_box = box

    left_out_box: QMessageBox | None = None  # the last "one file at a time" (tests)

    def result_text(self) -> str:
        raise NotImplementedError

    partial_text = ""  # what the running (or stopped) job has written so far

    def output_text(self) -> str:
        """The text Copy and Save take: the result's, or what a job wrote before it was
        stopped (its result never came)."""
        return self.partial_text or self.result_text()

    def _set_result_actions(self, enabled: bool) -> None:
        self.copy_button.setEnabled(enabled)
        self.save_button.setEnabled(enabled)

    def copy_result(self) -> None:
        text = self.output_text()
        if text:
            QApplication.clipboard().setText(text)
            self.status.emit(self.tr("Copied"))

    def suggested_name(self) -> str:
        stem = self.source_path.stem if self.source_path else self.task
        return f"{stem}.{self.task}.txt"

    def suggested_folder(self) -> Path:
        """Beside the file the text came from, else where a result was last saved (the
        Save dialog opened in the home folder every time), else the home folder."""
        if self.source_path:
            return self.source_path.parent
        return self.settings.save_folder or Path.home()

    def save_result(self, path: Path | None = None) -> bool:
        text = self.output_text()
        if not text:
            return False
        if path is None:
            chosen, _ = file_dialogs.save_file_name(
                self,
                self.tr("Save the result"),
                str(self.suggested_folder() / self.suggested_name()),
                self.tr("Text files (*.txt);;All files (*)"),
            )
            if not chosen:
                return False
            path = Path(chosen)
        try:
            write_text(path, text)
        except InputError as exc:
            errors.present(exc, self.window())
            return False
        self.settings.save_folder = path.parent
        self.status.emit(self.tr("Saved {name}").format(name=path.name))
        return True
