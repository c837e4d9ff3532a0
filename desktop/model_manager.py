"""The model manager: installed models with what they do, their languages, size and variants,
and the device each will run on and why; import a folder or an archive, convert a Hugging Face
checkpoint, say what a model is for, remove a model. Changes to the store run on the worker like
every other job."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop import errors, file_dialogs
from desktop.catalog import TASKS, ModelEntry, Task
from desktop.catalog_tab import LANGUAGES_COLUMN, CatalogTab
from desktop.i18n import role_name
from desktop.jobs import Job, JobRunner
from desktop.model_task import ModelTaskDialog, as_recorded_now, task_label
from desktop.widgets import chooses_first_on_focus, data_size, fit_to_screen
from engine import (
    ConvertModelRequest,
    DoctorReport,
    ImportModelRequest,
    InstalledModel,
    ModelRemoved,
    ModelUsed,
    RemoveModelRequest,
    SetModelTasksRequest,
    VerifyReport,
    VerifyRequest,
)

COLUMNS = 6
# Wide enough for the catalog's columns (the longest names, sizes and verdicts) whole.
DEFAULT_SIZE = QSize(1000, 600)


_GPUS = {"cuda": "CUDA", "directml": "DirectML", "coreml": "Core ML"}


def runs_on(
    entry: ModelEntry, doctor: DoctorReport | None, used: ModelUsed | None, device: str = "auto"
) -> tuple[str, str]:
    """(where, why): the device the model ran on (or will run on) and the reasons for any
    step down the preference ladder. ``device`` is the Device setting: on Automatic, a GPU
    that cannot be used is no news (most computers have none); chosen, it is said."""
    from PySide6.QtCore import QCoreApplication

    translate = QCoreApplication.translate
    if used is not None:
        where = f"{used.device} · {used.variant} · {used.backend}"
        reasons = []
        for f in used.fallbacks:
            if f.wanted in _GPUS and f.got == "cpu" and device == "auto":
                continue
            # The reason is the engine's English (a provider's, a library's): after the
            # app's own words, which say what happened.
            reasons.append(
                translate("ModelManager", "{wanted} cannot be used, {got} runs the model instead. "
                          "Details: {reason}").format(
                    wanted=_GPUS.get(f.wanted, f.wanted), got=_GPUS.get(f.got, f.got).replace(
                        "cpu", translate("ModelManager", "the CPU")), reason=f.reason
                )
            )  # fmt: skip
        why = "\n".join(reasons) or translate("ModelManager", "Ran as preferred.")
        return where, why
    if doctor is None:
        return "…", ""
    device = doctor.plan[0] if doctor.plan else "cpu"
    reasons = [f"{p.device}: {p.detail}" for p in doctor.providers if not p.works]
    if not doctor.onnxruntime:
        reasons.append(translate("ModelManager", "ONNX Runtime is not installed"))
    where = translate("ModelManager", "{device} (expected)").format(device=device)
    if not reasons:
        return where, translate("ModelManager", "The best device this computer has.")
    # Why no GPU is used is a detail, not a warning: most computers have none to use.
    why = translate("ModelManager", "The best device Quire can use here.")
    return where, why + "\n" + translate("ModelManager", "Details: {reasons}").format(
        reasons=translate("ModelManager", "; ").join(reasons)
    )


class ModelSourceDialog(QFileDialog):
    """One dialog for every way a model arrives: a model folder (one holding config.json is
    chosen rather than opened) or a .zip / .tar.gz archive. Qt's own dialog, as native ones
    pick either folders or files, never both."""

    ARCHIVES = ("*.zip", "*.tar.gz", "*.tgz", "*.tar", "*.tar.bz2", "*.tar.xz")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        self.setIconProvider(file_dialogs.name_only_icons())  # (reads no file: /proc froze it)
        self.setFileMode(QFileDialog.FileMode.ExistingFile)
        self.setWindowTitle(self.tr("Import a model folder or archive"))
        self.setNameFilters(
            [
                self.tr("Model folders and archives ({patterns})").format(
                    patterns=" ".join(self.ARCHIVES)
                ),
                self.tr("All files (*)"),
            ]
        )
        self.setLabelText(QFileDialog.DialogLabel.Accept, self.tr("Import"))
        self.setDirectory(str(Path.home()))
        self.chosen: Path | None = None

    def accept(self) -> None:
        for name in self.selectedFiles():
            path = Path(name)
            if path.is_dir() and (path / "config.json").is_file():
                self.chosen = path  # a model folder: import it, do not open it
                QDialog.accept(self)
                return
        files = [Path(name) for name in self.selectedFiles() if Path(name).is_file()]
        self.chosen = files[0] if files else None  # before accepted() is emitted
        super().accept()  # a plain folder is opened instead, and the dialog stays


class ModelManager(QDialog):
    changed = Signal()  # a model was imported or removed
    # The dialog became the active window (back from a terminal where `quire models import`
    # or `remove` ran): whoever keeps the list reads the store again if it changed.
    activated = Signal()
    notice = Signal(str)  # a sentence for the status bar: what finished

    def __init__(self, runner: JobRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.entries: list[ModelEntry] = []
        self.imported: ModelEntry | None = None  # asked about, perhaps not in the list yet
        self.converted: str | None = None  # a model just converted, to select once listed
        self._note_words: Callable[[], str] | None = None  # the note, in the UI language
        self.doctor: DoctorReport | None = None
        self.used: dict[str, ModelUsed] = {}
        self.job: Job | None = None
        self.setMinimumSize(820, 420)
        fit_to_screen(self, DEFAULT_SIZE)

        self.table = QTableWidget(0, COLUMNS, self)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, arrows move in it
        chooses_first_on_focus(self.table)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(LANGUAGES_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.details = QLabel(self)
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details.setMinimumHeight(70)
        self.usage = QLabel(self)
        self.finished_note = QLabel(self)  # what the last import installed
        self.finished_note.setWordWrap(True)
        self.finished_note.hide()
        self.import_button = QPushButton(self)
        self.convert_button = QPushButton(self)
        self.task_button = QPushButton(self)  # (made in the row's order: Tab's order)
        self.task_button.setEnabled(False)
        self.verify_button = QPushButton(self)
        self.verify_button.setEnabled(False)
        self.remove_button = QPushButton(self)
        self.remove_button.setEnabled(False)
        self.task_button.clicked.connect(lambda: self.choose_tasks())
        self.verify_button.clicked.connect(lambda: self.verify_selected())
        self.import_button.clicked.connect(lambda: self.choose_import())
        self.convert_button.clicked.connect(lambda: self.convert_checkpoint())
        self.remove_button.clicked.connect(lambda: self.remove_selected())
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)

        installed = QWidget(self)
        page = QVBoxLayout(installed)
        page.addWidget(self.finished_note)
        page.addWidget(self.table, 1)
        page.addWidget(self.details)
        row = QHBoxLayout()
        row.addWidget(self.usage, 1)
        row.addWidget(self.import_button)
        row.addWidget(self.convert_button)
        row.addWidget(self.task_button)
        row.addWidget(self.verify_button)
        row.addWidget(self.remove_button)
        page.addLayout(row)
        self.catalog = CatalogTab(runner, self)
        self.catalog.installed.connect(lambda _name: self.changed.emit())
        self.changed.connect(self.catalog.refresh)  # its Installed column follows the store
        self.tabs = QTabWidget(self)
        self.tabs.addTab(installed, "")
        self.tabs.addTab(self.catalog, "")
        self.tabs.currentChanged.connect(self._tab_chosen)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)
        # Enter on a table's row is not a click on the dialog's first button (it opened the
        # Import dialog): no button here is the default.
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
            button.setDefault(False)
        self.retranslate()

    def _tab_chosen(self, index: int) -> None:
        if self.tabs.widget(index) is self.catalog and not self.catalog.hits:
            self.catalog.refresh()

    def show_catalog(self) -> CatalogTab:
        self.tabs.setCurrentWidget(self.catalog)
        return self.catalog

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Models"))
        self.tabs.setTabText(0, self.tr("Installed"))
        self.tabs.setTabText(1, self.tr("Catalog"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Name"), self.tr("Task"), self.tr("Languages"), self.tr("Size"),
             self.tr("Variants"), self.tr("Runs on")]
        )  # fmt: skip
        self.table.setAccessibleName(self.tr("Installed models"))
        self.details.setAccessibleName(self.tr("Model details"))
        self.import_button.setText(self.tr("&Import…"))
        self.import_button.setAccessibleName(
            self.tr("Import a model from a folder, a .zip or a .tar.gz file")
        )
        self.convert_button.setText(self.tr("Con&vert checkpoint…"))
        self.convert_button.setAccessibleDescription(  # (the name is its words: WCAG 2.5.3)
            self.tr("Convert a Hugging Face checkpoint folder to ONNX and install it")
        )
        self.task_button.setText(self.tr("Set &task…"))
        self.task_button.setAccessibleDescription(
            self.tr("Choose the tasks the selected model is used for")
        )
        self.remove_button.setText(self.tr("&Remove…"))
        self.remove_button.setAccessibleName(self.tr("Remove the selected model"))
        self.verify_button.setText(self.tr("Check &files"))
        self.verify_button.setAccessibleDescription(
            self.tr("Check the selected model's files against the checksums recorded at install")
        )
        self._fill()

    def _device(self) -> str:
        """The Device setting the engine runs with (Automatic unless one was chosen)."""
        return str(getattr(self.runner.options, "device", "auto"))

    def _say(self, words: Callable[[], str], *, tell: bool = True) -> None:
        """Show the note of what was just done (and tell the status bar), worded again when
        the UI language changes."""
        self._note_words = words
        self.finished_note.setText(words())
        self.finished_note.show()
        if tell:
            self.notice.emit(self.finished_note.text())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            if self._note_words is not None:
                self.finished_note.setText(self._note_words())
        elif event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.activated.emit()
        super().changeEvent(event)

    def set_data(
        self,
        entries: list[ModelEntry],
        doctor: DoctorReport | None,
        used: dict[str, ModelUsed],
    ) -> None:
        if self.imported is not None and all(e.name != self.imported.name for e in entries):
            entries = [*entries, self.imported]  # (a list read before its import ended)
        else:
            self.imported = None
        self.entries, self.doctor, self.used = entries, doctor, used
        self.catalog.devices = tuple(doctor.plan) if doctor is not None else ()
        self._fill()
        if self.converted is not None and any(e.name == self.converted for e in entries):
            self.select(self.converted)  # (as an import's model is, when it asks its task)
            self.converted = None

    def _fill(self) -> None:
        selected = self.selected()
        self.table.setRowCount(len(self.entries))
        for row, entry in enumerate(self.entries):
            where, why = runs_on(entry, self.doctor, self.used.get(entry.name), self._device())
            if not entry.usable:
                task, where, why = self.tr("cannot be used"), "—", entry.problem
            else:
                task = ", ".join(role_name(r) for r in entry.roles) or self.tr("unknown")
            if entry.sources:
                languages = f"{', '.join(entry.sources)} → {', '.join(entry.targets)}"
            else:  # a summarizer's or a classifier's, as the catalog recorded them
                languages = ", ".join(entry.languages[:6]) + (
                    ", …" if len(entry.languages) > 6 else ""
                )
            cells = [
                entry.name,
                task,
                languages,
                data_size(entry.size_bytes),
                ", ".join(entry.variants),
                where,
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, entry.name)
                if column == COLUMNS - 1 and why:
                    item.setToolTip(why)
                self.table.setItem(row, column, item)
            if entry.name == selected:
                self.table.selectRow(row)
        total = sum(e.size_bytes for e in self.entries)
        self.usage.setText(
            self.tr("%n model(s), {size} on disk", "", len(self.entries)).format(
                size=data_size(total)
            )
        )
        self._selection_changed()

    def selected(self) -> str | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        item = self.table.item(rows[0].row(), 0)
        return item.text() if item is not None else None

    def select(self, name: str) -> None:
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None and item.text() == name:
                self.table.selectRow(row)

    def _selection_changed(self) -> None:
        name = self.selected()
        entry = next((e for e in self.entries if e.name == name), None)
        self.remove_button.setEnabled(entry is not None and self.job is None)
        self.verify_button.setEnabled(entry is not None and self.job is None)
        self.task_button.setEnabled(entry is not None and self.job is None and _has_choice(entry))
        self.task_button.setToolTip(self._no_task_choice(entry))
        if entry is None:
            self.details.setText(self.tr("Select a model to see where it runs and why."))
            return
        where, why = runs_on(entry, self.doctor, self.used.get(entry.name), self._device())
        if not entry.usable:
            self.details.setText(self.tr("{name} cannot be used: {problem}").format(
                name=entry.name, problem=entry.problem))  # fmt: skip
            return
        self.details.setText(
            self.tr("{name} ({kind}) in {path}\nRuns on: {where}\n{why}").format(
                name=entry.name, kind=entry.model_type, path=entry.path, where=where, why=why
            )
        )

    # --- changes, on the worker -----------------------------------------------------------

    def _submit(
        self,
        request: ImportModelRequest
        | ConvertModelRequest
        | RemoveModelRequest
        | VerifyRequest
        | SetModelTasksRequest,
        label: str,
    ) -> Job:
        job = self.runner.submit(request, label=label)
        self.job = job
        changers = (self.import_button, self.convert_button)
        for button in (*changers, self.remove_button, self.verify_button, self.task_button):
            button.setEnabled(False)

        def done(*_args: object) -> None:
            self.job = None
            for button in changers:
                button.setEnabled(True)
            self._selection_changed()

        def finished(result: object) -> None:
            done()
            if isinstance(result, InstalledModel) and isinstance(request, SetModelTasksRequest):
                self._say(lambda: self.tasks_text(result))
            elif isinstance(result, InstalledModel):
                self._say(
                    lambda: (
                        self.tr("{name} is installed and ready to use.").format(name=result.name)
                        if result.tasks or not _has_choice(result)
                        else self.tr("{name} is installed; choose what it is for.").format(
                            name=result.name
                        )
                    )
                )
                if isinstance(request, ConvertModelRequest):
                    self.converted = result.name  # (selected once the list is read again)
                if not result.tasks and _has_choice(result):
                    # No pane would offer it: ask now, rather than leave it to be found, with
                    # the model selected (its details beside the question).
                    self.imported = result  # (shown until the list read again has it)
                    self.set_data(self.entries, self.doctor, self.used)
                    self.select(result.name)
                    self.changed.emit()
                    self.choose_tasks(result, imported=True)
                    return
            elif isinstance(result, ModelRemoved):
                self._say(lambda: self.tr("{name} is removed.").format(name=result.name))
            elif isinstance(result, VerifyReport):
                self._say(lambda: self.verified_text(result))
                return  # (nothing in the store changed)
            self.changed.emit()

        def failed(error: object) -> None:
            done()
            self.finished_note.hide()  # (the last success is not this one's)
            assert isinstance(error, BaseException)
            errors.present(error, self)

        job.finished.connect(finished)
        job.failed.connect(failed)
        job.cancelled.connect(done)
        return job

    def choose_import(self) -> ModelSourceDialog:
        """Ask for a model folder or archive (window-modal), then import it."""
        dialog = ModelSourceDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._import_chosen(dialog.chosen))
        dialog.open()
        return dialog

    def _import_chosen(self, path: Path | None) -> None:
        if path is not None:
            self.import_folder(path)

    def import_folder(self, path: Path | None = None) -> Job | None:
        """Import a model folder or archive; without a path, ask for one."""
        if path is None:
            self.choose_import()
            return None
        self.details.setText(self.tr("Importing {path}…").format(path=path))
        return self._submit(ImportModelRequest(source=path), self.tr("Import"))

    def import_archive(self, path: Path | None = None) -> Job | None:
        """Install a model packed as .zip, .tar.gz, .tgz or .tar (the store unpacks and
        screens it); the same as ``import_folder``, which takes both."""
        return self.import_folder(path)

    def convert_checkpoint(self, path: Path | None = None) -> Job | None:
        """Export a Hugging Face checkpoint folder (safetensors and tokenizer.json) to ONNX
        (full precision and quantized) and install the result under the folder's name."""
        if path is None:
            chosen = file_dialogs.existing_directory(self, self.tr("Choose a checkpoint folder"))
            if not chosen:
                return None
            path = Path(chosen)
        self.details.setText(
            self.tr("Converting {path} (this can take a few minutes)…").format(path=path)
        )
        request = ConvertModelRequest(source=path, dtypes=("fp32", "int8"))
        return self._submit(request, self.tr("Convert"))

    def choose_tasks(
        self, entry: ModelEntry | None = None, *, imported: bool = False
    ) -> ModelTaskDialog | None:
        """Ask which tasks ``entry`` (default: the selected model) is for (window-modal); the
        answer is recorded on the worker and the panes follow."""
        if entry is None:
            name = self.selected()
            entry = next((e for e in self.entries if e.name == name), None)
        if entry is None:
            return None
        entry = as_recorded_now(entry)  # (`quire models set-task` may have changed it since)
        dialog = ModelTaskDialog(entry, imported=imported, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        chosen = entry
        dialog.accepted.connect(lambda: self.set_tasks(chosen.name, dialog.chosen()))
        if imported:  # left for later: the note says how to decide then
            dialog.rejected.connect(
                lambda: self._say(
                    lambda: self.tr(
                        "{name} is installed, but no task offers it yet: choose Set task… to "
                        "say what it is for."
                    ).format(name=chosen.name),
                    tell=False,
                )
            )
        dialog.open()
        return dialog

    def _no_task_choice(self, entry: ModelEntry | None) -> str:
        """Why Set task… is off for ``entry`` (empty where it is on, or a job runs)."""
        if entry is None:
            return self.tr("Select a model to say what it is for")
        if self.job is not None or _has_choice(entry):
            return ""
        if not entry.usable:
            return self.tr("This model cannot be used")
        if not entry.possible_tasks:
            return self.tr("A model of its kind can do none of Quire's tasks: nothing can be set")
        return self.tr("Its files say what it is for: nothing else can be set")

    def set_tasks(self, name: str, tasks: tuple[Task, ...]) -> Job:
        self.details.setText(self.tr("Recording what {name} is for…").format(name=name))
        return self._submit(SetModelTasksRequest(name=name, tasks=tasks), self.tr("Set task"))

    def tasks_text(self, model: InstalledModel) -> str:
        if not model.tasks:
            return self.tr("No task offers {name} now.").format(name=model.name)
        tasks = ", ".join(task_label(t) for t in TASKS if t in model.tasks)
        return self.tr("{name} is offered in: {tasks}.").format(name=model.name, tasks=tasks)

    def verify_selected(self) -> Job | None:
        """Re-hash the selected model's files against its manifest, on the worker."""
        name = self.selected()
        if name is None:
            return None
        self.details.setText(self.tr("Checking the files of {name}…").format(name=name))
        return self._submit(VerifyRequest(name=name), self.tr("Check files"))

    def verified_text(self, report: VerifyReport) -> str:
        lines = []
        for r in report.results:
            if r.problem:
                lines.append(
                    self.tr("{name} could not be checked: {problem}").format(
                        name=r.name, problem=r.problem
                    )
                )
            elif r.ok:
                lines.append(
                    self.tr("{name}: all %n file(s) are as they were installed.", "", r.checked)
                    .format(name=r.name)
                )  # fmt: skip
            else:
                parts = []
                if r.changed:
                    parts.append(self.tr("changed: {files}").format(files=", ".join(r.changed)))
                if r.missing:
                    parts.append(self.tr("missing: {files}").format(files=", ".join(r.missing)))
                if r.added:
                    parts.append(self.tr("added: {files}").format(files=", ".join(r.added)))
                lines.append(
                    self.tr(
                        "{name} is not as it was installed ({parts}): import or download it again."
                    ).format(name=r.name, parts=self.tr("; ").join(parts))
                )
        return "\n".join(lines)

    def confirm_removal(self, name: str) -> bool:
        """Asked with a verb on the button (it was Yes), saying the disk space it frees."""
        size = next((e.size_bytes for e in self.entries if e.name == name), 0)
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Remove model"),
            self.tr(
                "Remove {name}? Its files are deleted from the model folder, freeing {size}."
            ).format(name=name, size=data_size(size)),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        remove = box.addButton(self.tr("Remove"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is remove

    def remove_selected(self, confirm: bool = True) -> Job | None:
        name = self.selected()
        if name is None:
            return None
        if confirm and not self.confirm_removal(name):
            return None
        # A job using the model runs to its end first (one engine): say what is waited for.
        waiting = self.runner.engine_busy
        self.details.setText(
            self.tr("Removing {name} when the running job ends…").format(name=name)
            if waiting
            else self.tr("Removing {name}…").format(name=name)
        )
        return self._submit(RemoveModelRequest(name=name), self.tr("Remove"))


def _has_choice(entry: ModelEntry) -> bool:
    """Whether ``entry`` may be told a task its files do not already name."""
    found = entry.tasks - set(entry.declared_tasks)
    return entry.usable and bool(entry.possible_tasks - found)
