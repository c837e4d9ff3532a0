"""The model manager's Catalog tab: ready-made models to search, how each would fit this
computer, and downloads with a progress bar and Cancel each. Searching runs on the engine's
worker like every other job (``CatalogRequest``); downloads in the job runner's downloads lane,
beside it (``DownloadRequest``)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop import errors
from desktop.jobs import Job, JobRunner, State
from desktop.widgets import choose_first, chooses_first_on_focus, data_size, duration_text
from engine import (
    CatalogHit,
    CatalogRequest,
    CatalogResult,
    CatalogTask,
    DownloadRequest,
    Fit,
    Progress,
    RemoveModelRequest,
    Variant,
)

TASKS: tuple[CatalogTask, ...] = (
    "translate", "summarize", "ask", "classify", "zero-shot", "embed", "generate",
)  # fmt: skip
TASK_FILTERS = ("", *TASKS)
COLUMNS = 7
SEARCH_DELAY_MS = 250


def description_text(description: str) -> str:
    """A catalog entry's description in the UI language (``desktop/catalog_strings.py`` holds
    them for the translators); a description the translations do not know stays as written."""
    return QCoreApplication.translate("Catalog", description)


@dataclass
class Download:
    """One download's row under the table."""

    name: str
    variant: str
    job: Job
    row: QWidget
    label: QLabel
    bar: QProgressBar
    cancel: QPushButton


LANGUAGES_COLUMN = 2


class CatalogTab(QWidget):
    installed = Signal(str)  # a download finished: the model's store name

    def __init__(self, runner: JobRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.hits: list[CatalogHit] = []
        self.downloads: list[Download] = []
        self.discarding: set[str] = set()  # names whose partial download is being discarded
        self._shown: str | None = None  # the model whose variants the variant box holds
        self._choose_on_arrival = False  # Enter came before the search's results
        # The engine's devices, best first (from its doctor report): fits are planned for
        # them without probing the GPUs again in the searching process. () until known.
        self.devices: tuple[str, ...] = ()
        self.search_job: Job | None = None

        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.task = QComboBox(self)
        for task in TASK_FILTERS:
            self.task.addItem(task, task)
        self.table = QTableWidget(0, COLUMNS, self)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, arrows move in it
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # The languages give way (elided) so that the other columns fit without a
        # horizontal scroll bar at the manager's size.
        header.setSectionResizeMode(LANGUAGES_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.details = QLabel(self)
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setMinimumHeight(48)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.variant = QComboBox(self)
        self.variant.setEnabled(False)  # an empty choice until a model is chosen
        # Its choices come later ("int8 · 适合"): sized by them, not by the empty first show.
        self.variant.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.variant.currentIndexChanged.connect(
            lambda _index: self._name_download_button(self.selected_hit())
        )
        self.download_button = QPushButton(self)
        self.download_button.clicked.connect(lambda: self.download_selected())
        # A stopped download keeps its files to resume: they can be let go of here.
        self.discard_button = QPushButton(self)
        self.discard_button.clicked.connect(lambda: self.discard_selected())
        self.discard_button.hide()
        self.offline_note = QLabel(self)
        self.offline_note.setWordWrap(True)
        self.downloads_box = QVBoxLayout()
        self.finished_note = QLabel(self)  # says which download finished
        self.finished_note.setWordWrap(True)
        self.finished_note.hide()

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.task)
        actions = QHBoxLayout()
        actions.addWidget(self.offline_note, 1)
        actions.addWidget(self.variant)
        actions.addWidget(self.discard_button)
        actions.addWidget(self.download_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.details)
        layout.addLayout(actions)
        layout.addLayout(self.downloads_box)
        layout.addWidget(self.finished_note)

        self._delay = QTimer(self)
        self._delay.setSingleShot(True)
        self._delay.setInterval(SEARCH_DELAY_MS)
        self._delay.timeout.connect(self._refresh_if_open)
        self.search.textChanged.connect(lambda _text: self._delay.start())
        self.task.activated.connect(lambda _index: self.refresh())
        # The keyboard's way through, in the order things are seen (the download rows' Cancel
        # buttons follow Download as they come).
        order = (self.search, self.task, self.table, self.variant, self.discard_button)
        for first, second in zip(order, (*order[1:], self.download_button), strict=True):
            QWidget.setTabOrder(first, second)
        self.search.installEventFilter(self)
        chooses_first_on_focus(self.table)
        self.retranslate()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """In the search box Esc clears the search (a second Esc closes the window) and Enter
        goes to the results, their first row chosen."""
        pressed = isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress
        if watched is self.search and pressed:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Escape and self.search.text():
                self.search.clear()
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self._delay.isActive():  # the search typed is not asked yet
                    self._delay.stop()
                    self.refresh()
                    self._choose_on_arrival = True  # its first row, once it is there
                self.table.setFocus(Qt.FocusReason.OtherFocusReason)
                self._choose_first()
                return True
        return super().eventFilter(watched, event)

    def _choose_first(self) -> None:
        choose_first(self.table)

    @property
    def offline(self) -> bool:
        return bool(getattr(self.runner.options, "offline", False))

    def show_offline(self) -> None:
        """Say whether downloads are off, and set the buttons by it (the setting changed)."""
        self.offline_note.setText(
            self.tr("Offline mode is on: downloads are off (Settings).") if self.offline else ""
        )
        self._selection_changed()

    def retranslate(self) -> None:
        self.search.setPlaceholderText(self.tr("Search by name, language (en-de) or task"))
        self.search.setAccessibleName(self.tr("Search the catalog"))
        self.task.setAccessibleName(self.tr("Task"))
        for i in range(self.task.count()):
            self.task.setItemText(i, self.task_text(str(self.task.itemData(i))))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Name"), self.tr("Task"), self.tr("Languages"), self.tr("Download"),
             self.tr("Fits this computer"), self.tr("License"), self.tr("State")]
        )  # fmt: skip
        self.table.setAccessibleName(self.tr("Catalog models"))
        self.details.setAccessibleName(self.tr("About the model"))
        self.variant.setAccessibleName(self.tr("Variant to download"))
        self.discard_button.setText(self.tr("Discard partial download"))
        self.discard_button.setAccessibleDescription(  # (its words name it: WCAG 2.5.3)
            self.tr("Delete the files a stopped download of the selected model kept")
        )
        self.show_offline()
        for item in self.downloads:
            item.cancel.setText(self.tr("Cancel"))
            item.cancel.setAccessibleName(
                self.tr("Cancel the download of {name}").format(name=item.name)
            )
            item.bar.setAccessibleName(self.tr("Download of {name}").format(name=item.name))
        self._fill()

    def task_text(self, task: str) -> str:
        names = {
            "": self.tr("All tasks"),
            "translate": self.tr("Translation"),
            "summarize": self.tr("Summarization"),
            "ask": self.tr("Question answering"),
            "classify": self.tr("Classification"),
            "zero-shot": self.tr("Zero-shot classification"),
            "embed": self.tr("Sentence embeddings"),
            "generate": self.tr("Instruction model (every task)"),
        }
        return names.get(task, task)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # --- searching ------------------------------------------------------------------------

    def _refresh_if_open(self) -> None:
        """A search asked for by a timer or a finished download, unless the window has closed
        meanwhile (its job runner then takes no more work)."""
        if not self.runner.closed:
            self.refresh()

    def refresh(self) -> Job:
        """Search the catalog on the worker; the latest search wins. A search of the text
        as typed, waiting for typing to pause, is this one: it does not come after."""
        self._delay.stop()
        text = self.search.text()
        chosen = str(self.task.currentData() or "")
        task = next((t for t in TASKS if t == chosen), None)
        request = CatalogRequest(text=text, task=task, devices=self.devices)
        job = self.runner.submit(request, label="catalog", key="catalog")
        self.search_job = job
        job.finished.connect(lambda hits: self._arrived(job, hits))
        job.failed.connect(lambda error: self._search_failed(job, error))
        return job

    def _search_failed(self, job: Job, error: BaseException) -> None:
        """Say why; the list then shows no hits rather than those of an earlier search, so
        that it never disagrees with the search box."""
        if job is self.search_job:
            self.hits = []
            self._fill()
        errors.present(error, self.window())

    def _arrived(self, job: Job, found: object) -> None:
        if job is not self.search_job or not isinstance(found, CatalogResult):
            return
        self.hits = list(found.hits)
        self._fill()
        if self._choose_on_arrival:
            self._choose_on_arrival = False
            self.table.clearSelection()
            self._choose_first()

    def verdict_text(self, verdict: str) -> str:
        names = {
            "fits": self.tr("fits"),
            "slow": self.tr("slow"),
            "won't fit": self.tr("won't fit"),
        }
        return names.get(verdict, verdict)

    def fit_text(self, fit: Fit, variant: str) -> str:
        """How a model fits here, in the UI language (the engine's ``reason`` is English)."""
        size = data_size
        need = size(fit.needed_bytes)
        gpu = fit.device in ("cuda", "directml", "coreml")
        if fit.available_bytes is None:
            return self.tr("needs about {need}; free memory unknown").format(need=need)
        free = size(fit.available_bytes)
        if fit.verdict == "won't fit":
            text = (
                self.tr("needs about {need}, only {free} of video memory free")
                if gpu
                else self.tr("needs about {need}, only {free} of memory free")
            )
        elif fit.verdict == "slow" and not (variant == "fp16" and not gpu):
            text = self.tr("needs about {need} of {free} free: expect it to be slow")
        else:
            text = (
                self.tr("needs about {need}, {free} of video memory free")
                if gpu
                else self.tr("needs about {need}, {free} of memory free")
            )
        if variant == "fp16" and not gpu:
            text = self.tr("{fit}; fp16 runs slowly on a CPU").format(fit=text)
        return text.format(need=need, free=free)

    def _fill(self) -> None:
        selected = self.selected()
        self.table.setRowCount(len(self.hits))
        # Downloads run one at a time: the others wait their turn.
        downloading = {d.name: d.job.state is State.RUNNING for d in self.downloads}
        for row, hit in enumerate(self.hits):
            entry = hit.entry
            fit = hit.fits.get(hit.variant)
            if entry.pairs:
                languages = ", ".join(f"{s}→{t}" for s, t in entry.pairs[:4])
                languages += ", …" if len(entry.pairs) > 4 else ""
            else:
                languages = ", ".join(entry.languages[:6])
                languages += ", …" if len(entry.languages) > 6 else ""
            if entry.name in downloading:
                running = downloading[entry.name]
                state = self.tr("Downloading…") if running else self.tr("Waiting to download…")
            elif hit.installed:
                state = self.tr("Installed")
            elif hit.partial_bytes:
                state = self.tr("Partly downloaded ({size})").format(
                    size=data_size(hit.partial_bytes)
                )
            else:
                state = ""
            cells = [
                entry.name,
                self.task_text(entry.task),
                languages,
                f"{data_size(entry.size(hit.variant))} ({hit.variant})",
                f"{self.verdict_text(fit.verdict)} · {fit.device}" if fit else "",
                entry.license,
                state,
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 4 and fit is not None:
                    item.setToolTip(self.fit_text(fit, hit.variant))
                self.table.setItem(row, column, item)
            if entry.name == selected:
                self.table.selectRow(row)
        self._selection_changed()

    def selected_hit(self) -> CatalogHit | None:
        model = self.table.selectionModel()
        rows = model.selectedRows() if model else []
        if not rows or rows[0].row() >= len(self.hits):
            return None
        return self.hits[rows[0].row()]

    def selected(self) -> str | None:
        hit = self.selected_hit()
        return hit.entry.name if hit else None

    def select(self, name: str) -> None:
        for row, hit in enumerate(self.hits):
            if hit.entry.name == name:
                self.table.selectRow(row)

    def _selection_changed(self) -> None:
        hit = self.selected_hit()
        # The same model still chosen (the list refilled, a setting or a download changed):
        # the variant the user picked stays picked.
        kept = (
            self.variant.currentData()
            if hit is not None and hit.entry.name == self._shown
            else None
        )
        self._shown = hit.entry.name if hit is not None else None
        self.variant.clear()
        self.variant.setEnabled(hit is not None)
        if hit is None:
            self.details.setText(self.tr("Choose a model to see what it does and how it fits."))
            self._name_download_button(None)
            self.download_button.setEnabled(False)
            self.discard_button.hide()
            return
        for variant, each in hit.fits.items():
            self.variant.addItem(f"{variant} · {self.verdict_text(each.verdict)}", variant)
        picked = self.variant.findData(kept) if kept is not None else -1
        self.variant.setCurrentIndex(
            picked if picked >= 0 else max(0, self.variant.findData(hit.variant))
        )
        fit = hit.fits.get(hit.variant)
        self.details.setText(
            f"{description_text(hit.entry.description)}\n{hit.entry.repo} · "
            + (self.fit_text(fit, hit.variant) if fit is not None else "")
        )
        name = hit.entry.name
        busy = any(d.name == name for d in self.downloads) or name in self.discarding
        self._name_download_button(hit)
        self.download_button.setEnabled(not hit.installed and not busy and not self.offline)
        self.discard_button.setVisible(bool(hit.partial_bytes) and not hit.installed)
        self.discard_button.setEnabled(not busy)

    def _name_download_button(self, hit: CatalogHit | None) -> None:
        # A stopped download resumes in its own variant (the one offered first); another
        # variant is a new download, which the engine refuses over the kept bytes.
        chosen = self.variant.currentData()
        if (
            hit is not None
            and hit.partial_bytes
            and not hit.installed
            and chosen in (None, hit.variant)
        ):
            self.download_button.setText(self.tr("Resume download"))
            self.download_button.setAccessibleName(
                self.tr("Resume the stopped download of the selected model")
            )
        else:
            self.download_button.setText(self.tr("Download"))
            self.download_button.setAccessibleName(self.tr("Download the selected model"))

    def discard_selected(self, *, confirm: bool = True) -> Job | None:
        """Delete what a stopped download of the selected model kept, on the worker, once
        the user says so (it may be most of a large download)."""
        hit = self.selected_hit()
        if hit is None or not hit.partial_bytes:
            return None
        if confirm:
            answer = QMessageBox.question(
                self,
                self.tr("Discard partial download"),
                self.tr(
                    "Delete the {size} kept by the stopped download of {name}? Downloading it "
                    "again starts from the beginning."
                ).format(size=data_size(hit.partial_bytes), name=hit.entry.name),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return None
        name = hit.entry.name
        job = self.runner.submit(RemoveModelRequest(name=name, partial_only=True), label="discard")
        self.discarding.add(name)
        self._selection_changed()  # neither Resume nor Discard while it goes
        job.finished.connect(lambda _result: self._discarded(name))
        job.failed.connect(lambda error: self._discard_failed(name, error))
        job.cancelled.connect(lambda: self._discard_failed(name, None))
        return job

    def _discarded(self, name: str) -> None:
        self.discarding.discard(name)
        # Shown at once; the search that confirms it follows.
        self.hits = [replace(h, partial_bytes=0) if h.entry.name == name else h for h in self.hits]
        self._fill()
        self._refresh_if_open()

    def _discard_failed(self, name: str, error: object) -> None:
        self.discarding.discard(name)
        if isinstance(error, BaseException):
            errors.present(error, self.window())
        self._selection_changed()
        self._refresh_if_open()  # the list as it is now (the button follows it)

    # --- downloading ----------------------------------------------------------------------

    def download_selected(self) -> Download | None:
        hit = self.selected_hit()
        if hit is None:
            return None
        chosen = str(self.variant.currentData() or "")
        # One of the entry's own variants (the engine's table), else its default.
        variant = next((v for v in hit.fits if v == chosen), hit.variant)
        return self.download(hit.entry.name, variant)

    def download(self, name: str, variant: Variant) -> Download:
        """Download ``name`` on the worker with its own progress row and Cancel button."""
        job = self.runner.submit(DownloadRequest(model=name, variant=variant), label="download")
        row = QWidget(self)
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        label = QLabel(self.tr("{name}: waiting…").format(name=name), row)
        bar = QProgressBar(row)
        bar.setRange(0, 1)  # still, until its turn comes (then busy, until bytes come)
        bar.setValue(0)
        cancel = QPushButton(row)
        line.addWidget(label, 1)
        line.addWidget(bar, 2)
        line.addWidget(cancel)
        item = Download(name, variant, job, row, label, bar, cancel)
        cancel.clicked.connect(lambda: self.runner.cancel(job))
        QWidget.setTabOrder(self.downloads[-1].cancel if self.downloads else self.download_button,
                            cancel)  # fmt: skip
        self.downloads.append(item)
        self.downloads_box.addWidget(row)
        if self.download_button.hasFocus():  # (it turns off now: the focus goes to the row)
            row.show()
            cancel.setFocus(Qt.FocusReason.OtherFocusReason)
        job.started.connect(lambda: self._started(item))
        job.progressed.connect(lambda event: self._progressed(item, event))
        job.finished.connect(lambda _stored: self._ended(item, None))
        job.failed.connect(lambda error: self._ended(item, error))
        job.cancelled.connect(lambda: self._ended(item, None))
        self.retranslate()
        return item

    def _started(self, item: Download) -> None:
        item.bar.setRange(0, 0)
        item.label.setText(self.tr("{name}: connecting…").format(name=item.name))
        self._fill()  # its row: from waiting to downloading

    def _progressed(self, item: Download, event: object) -> None:
        if not isinstance(event, Progress):
            return
        if event.stage == "downloading" and event.total > 0:
            # Bytes can exceed a progress bar's int range: show per mille.
            item.bar.setRange(0, 1000)
            item.bar.setValue(int(1000 * min(event.done, event.total) / event.total))
            text = self.tr("{name}: {done} of {total}").format(
                name=item.name,
                done=data_size(event.done),
                total=data_size(event.total),
            )
            if event.eta_seconds is not None:
                text += " · " + self.tr("about {time} left").format(
                    time=duration_text(event.eta_seconds)
                )
            item.label.setText(text)
        elif event.stage == "installing":
            item.bar.setRange(0, 0)
            item.label.setText(self.tr("{name}: checking and installing…").format(name=item.name))

    def _ended(self, item: Download, error: object) -> None:
        if item in self.downloads:
            self.downloads.remove(item)
        self.downloads_box.removeWidget(item.row)
        item.row.deleteLater()
        installed = item.job.error is None and item.job.result is not None
        if installed:
            # Shown at once; the search that confirms it follows.
            self.hits = [
                replace(h, installed=True, partial_bytes=0) if h.entry.name == item.name else h
                for h in self.hits
            ]
        self._fill()  # the row's state and the buttons, without this download
        if isinstance(error, BaseException):
            errors.present(error, self.window())
        elif installed:
            self.finished_note.setText(
                self.tr("{name} was downloaded and is installed.").format(name=item.name)
            )
            self.finished_note.show()
            self.installed.emit(item.name)
        self._refresh_if_open()
