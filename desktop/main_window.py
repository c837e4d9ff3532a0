"""The main window: the four panes behind a sidebar (or the first-run page while no model is
installed), the menus and shortcuts, the status bar, and putting settings into effect."""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QLocale, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMenu,
    QMessageBox,
    QScrollArea,
    QStackedWidget,
    QTabBar,
    QWidget,
)

from desktop import errors, file_dialogs, theme
from desktop.about import AboutDialog
from desktop.catalog import ModelEntry
from desktop.catalog_tab import CatalogTab
from desktop.drafts import FILE_NAME as DRAFTS_FILE
from desktop.drafts import Drafts, read_drafts, write_drafts
from desktop.files import is_document, open_filters
from desktop.glossary import FILE_NAME as GLOSSARY_FILE
from desktop.glossary import GlossaryDialog
from desktop.history import (
    FILE_NAME,
    MAX_TEXT,
    History,
    HistoryEntry,
    ReadHistory,
    read_entries,
    request_text,
)
from desktop.history_panel import HistoryPanel
from desktop.i18n import Translations
from desktop.jobs import ENGINE, Job, JobRunner, State
from desktop.local_api import LocalApi
from desktop.metrics import MemorySampler, tokens_per_second
from desktop.model_manager import ModelManager
from desktop.onboarding import OnboardingPage
from desktop.panes import PANES, Pane, TranslatePane
from desktop.queue import BatchQueue, Drop, DropState, Row, RowState
from desktop.queue_view import QueueView
from desktop.settings import Settings
from desktop.settings_dialog import SettingsDialog
from desktop.shortcuts import ShortcutsDialog
from desktop.widgets import (
    StatusBar,
    button_text,
    clipboard_text,
    data_size,
    dropped_files,
    fit_to_screen,
    loading_text,
    screen_minimum,
)
from engine import (
    DoctorReport,
    DoctorRequest,
    DocumentResult,
    DownloadRequest,
    EngineError,
    InstalledModel,
    InstalledModels,
    ListModelsRequest,
    ModelLoaded,
    ModelLoading,
    ModelUnloaded,
    ModelUsed,
    PreloadRequest,
    TranslateRequest,
    is_document_package,
)

# File → Reopen with Encoding, in menu order (labels as ``--encoding`` takes them).
REOPEN_ENCODINGS = (
    *("utf-8", "utf-16", "windows-1252", "iso-8859-15", "windows-1250", "iso-8859-2"),
    *("windows-1251", "koi8-r", "koi8-u", "windows-1253", "windows-1254", "windows-1255"),
    *("windows-1256", "windows-1257", "windows-1258", "windows-874", "gb18030", "big5"),
    *("shift_jis", "euc-jp", "euc-kr"),
)


class HistoryRead(QObject):
    """Carries the history file's entries from its thread to the GUI thread (a queued
    signal: the receiver lives here)."""

    arrived = Signal(object)  # ReadHistory
    unsaved = Signal(str)  # why an entry could not be written (said once)
    drafts = Signal(object)  # the panes' texts of the last session (drafts.Drafts)
    drafts_unsaved = Signal(str)  # why the drafts could not be written


def device_words(device: str) -> str:
    """The device models run on, as a user says it."""
    translate = QCoreApplication.translate
    words = {
        "cpu": translate("MainWindow", "Running on the CPU"),
        "cuda": translate("MainWindow", "Running on the GPU (CUDA)"),
        "directml": translate("MainWindow", "Running on the GPU (DirectML)"),
        "coreml": translate("MainWindow", "Running on Core ML"),
    }
    return words.get(device, translate("MainWindow", "Running on {device}").format(device=device))


DEFAULT_SIZE = QSize(1100, 720)  # the first window, fitted to small screens (fit_to_screen)
SIDEBAR_WIDTH = 170  # at most: as wide as its titles need
MINIMUM_SIZE = QSize(720, 480)  # less on a screen too small for it (screen_minimum)
QUIET_JOBS = ("preload", "models", "doctor", "read", "scan")  # kept out of the status bar
UNFINISHED_SAVE_MS = 500  # the Files list not done is saved this soon after it changes
PROGRESS_SAVE_MS = 5000  # and its running file's progress at most this often
DRAFTS_SAVE_MS = 1000  # the panes' texts, once the typing has paused this long

PAGE_LOADING, PAGE_PANES, PAGE_WELCOME = 0, 1, 2


MODEL_ARCHIVES = (".zip", ".tar.gz", ".tgz", ".tar", ".tar.bz2", ".tar.xz")


def looks_like_model(path: Path) -> bool:
    """A model folder (config.json beside ONNX or safetensors weights) or an archive (Quire
    translates no archive; importing one that is no model says so)."""
    try:
        if path.is_dir():
            return (path / "config.json").is_file() and (
                any(path.glob("*.onnx"))
                or any(path.glob("onnx/*.onnx"))
                or any(path.glob("*.safetensors"))
            )
        # (a book zipped as libraries hand them out, book.fb2.zip, is a document)
        archive = path.name.lower().endswith(MODEL_ARCHIVES) and not is_document(path)
        return archive and path.is_file()
    except OSError:
        return False


class MainWindow(QMainWindow):
    catalog_loaded = Signal(list)  # list[ModelEntry], each time the installed models are read
    doctor_loaded = Signal(object)  # DoctorReport
    history_loaded = Signal()  # the history file's entries arrived from its thread

    def __init__(
        self,
        runner: JobRunner,
        settings: Settings,
        translations: Translations | None = None,
        *,
        preload: bool = True,
    ) -> None:
        if translations is None:  # (the app passes its own, switched before the window exists)
            translations = Translations()
            translations.switch(settings.language)
        super().__init__()
        self.runner = runner
        self.settings = settings
        settings.queue_home = runner.options.home  # (the Files list is this store's)
        self.translations = translations
        self.preload_enabled = preload
        self.catalog: list[ModelEntry] | None = None
        self.doctor: DoctorReport | None = None
        self.used: dict[str, ModelUsed] = {}  # what each model really ran on, by name
        self._unloaded: list[str] = []  # models closed to make room for the one loading now
        self.manager: ModelManager | None = None
        self.pending_files: list[Path] = []
        self.local_api = LocalApi(runner.engine_process, settings.api_port, self)
        self.local_api.failed.connect(self._local_api_failed)
        if settings.api_enabled:
            QTimer.singleShot(0, lambda: self.local_api.switch(True))
        self._preloaded = False
        self.setAcceptDrops(True)
        self.setMinimumSize(screen_minimum(self, MINIMUM_SIZE))

        # --- central pages ---
        self.pages = QStackedWidget(self)
        self.loading = QLabel(self)
        self.loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.sidebar = QListWidget(self)
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setFixedWidth(SIDEBAR_WIDTH)
        self.sidebar.setFrameShape(QListWidget.Shape.NoFrame)
        self._style_sidebar()
        self.stack = QStackedWidget(self)
        self.panes: list[Pane] = []
        for pane_type in PANES:
            pane = pane_type(runner, settings, self.stack)
            pane.status.connect(lambda text: self.statusBar().showMessage(text, 6000))
            # (no installed model can do the pane's task: the catalog is where to get one)
            pane.manage_models.connect(lambda: self.show_model_manager().show_catalog())
            pane.catalog_requested.connect(self.find_in_catalog)
            pane.models_stale.connect(self.refresh_models)
            self.stack.addWidget(pane)
            self.panes.append(pane)
            self.sidebar.addItem("")
        self.sidebar.currentRowChanged.connect(self._pane_chosen)
        work = QWidget(self)
        work_layout = QHBoxLayout(work)
        work_layout.setContentsMargins(0, 0, 0, 0)
        work_layout.addWidget(self.sidebar)
        # In a window narrower than a pane needs (a small screen), the pane scrolls sideways
        # instead of having its widgets drawn over one another; lower than it needs, its text
        # boxes give way (``Pane.upper_scroll``) and this never scrolls up and down.
        self.stack_scroll = QScrollArea(self)
        self.stack_scroll.setWidgetResizable(True)
        self.stack_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.stack_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no blank stop in Tab's way
        self.stack_scroll.setWidget(self.stack)
        work_layout.addWidget(self.stack_scroll, 1)
        self.welcome = OnboardingPage(runner.options.home / "models", self)
        self.welcome.import_requested.connect(self.import_folder)
        self.welcome.manager_requested.connect(self.show_model_manager)
        self.welcome.catalog_requested.connect(lambda: self.show_model_manager().show_catalog())
        self.pages.addWidget(self.loading)
        self.pages.addWidget(work)
        self.pages.addWidget(self.welcome)
        self.setCentralWidget(self.pages)

        # --- the Files queue and the History, as docks under the panes ---
        self.queue = BatchQueue(runner, self)
        self.queue_view = QueueView(self.queue, self)
        self.queue_dock = QDockWidget(self)
        self.queue_dock.setObjectName("files")
        self.queue_dock.setWidget(self.queue_view)
        self.queue.row_finished.connect(self._row_finished)
        self.queue.drop_ended.connect(self._drop_ended)
        self._unfinished_timer = QTimer(self)
        self._unfinished_timer.setSingleShot(True)
        self._unfinished_timer.setInterval(UNFINISHED_SAVE_MS)
        self._unfinished_timer.timeout.connect(self._save_unfinished)
        for changed in (self.queue.row_added, self.queue.row_finished, self.queue.cleared):
            changed.connect(self._save_unfinished_soon)
        # How far a running file got, saved every few seconds as it moves: after a crash its
        # row came back with an empty bar ("done": 0), though Retry went on from its parts.
        self._progress_timer = QTimer(self)
        self._progress_timer.setSingleShot(True)
        self._progress_timer.setInterval(PROGRESS_SAVE_MS)
        self._progress_timer.timeout.connect(self._save_unfinished)
        self.queue.row_changed.connect(
            lambda _index: self._progress_timer.isActive() or self._progress_timer.start()
        )
        # The history file is read and written on its own thread, never the GUI's (a slow or
        # network home folder must not hold the window) nor the engine's (a long translation
        # must not hold the history). One thread: writes land in order.
        self.history_io = ThreadPoolExecutor(max_workers=1, thread_name_prefix="quire-history")
        self.history_read = HistoryRead(self)
        self.history = History(
            runner.options.home / FILE_NAME,
            load=False,
            run_io=self._io,
            on_problem=self.history_read.unsaved.emit,
        )
        self.history_read.arrived.connect(self._history_arrived)
        self.history_read.unsaved.connect(self._history_unsaved)
        path, arrived = self.history.path, self.history_read.arrived
        self.history_io.submit(lambda: arrived.emit(read_entries(path)))
        # What is typed in the panes, saved a moment after the typing stops and read back at
        # the next start (a crash or a restart lost it all). On the history's thread.
        self.drafts_path = runner.options.home / DRAFTS_FILE
        self._drafts_read = False  # until then a save would write empty panes over them
        self._drafts_kept: Drafts = {}  # as last read or written: a pane not typed in keeps its
        self._drafts_too_long: set[str] = set()  # the panes said too long to keep
        self._drafts_timer = QTimer(self)
        self._drafts_timer.setSingleShot(True)
        self._drafts_timer.setInterval(DRAFTS_SAVE_MS)
        self._drafts_timer.timeout.connect(self._save_drafts)
        self.history_read.drafts.connect(self._drafts_arrived)
        self.history_read.drafts_unsaved.connect(self._drafts_unsaved)
        drafts = self.history_read.drafts
        self.history_io.submit(lambda: drafts.emit(read_drafts(self.drafts_path)))
        self.history_panel = HistoryPanel(self.history, self)
        self.history_panel.reopen.connect(self.reopen_entry)
        self.history_panel.status.connect(lambda text: self.statusBar().showMessage(text, 10_000))
        self.history_dock = QDockWidget(self)
        self.history_dock.setObjectName("history")
        self.history_dock.setWidget(self.history_panel)
        self.history_panel.setFocusProxy(self.history_panel.search)  # Ctrl+H: type to search
        self.queue_view.setFocusProxy(self.queue_view.table)
        self.queue_view.status.connect(lambda text: self.statusBar().showMessage(text, 10_000))
        for dock in (self.queue_dock, self.history_dock):
            dock.setAllowedAreas(
                Qt.DockWidgetArea.BottomDockWidgetArea | Qt.DockWidgetArea.RightDockWidgetArea
            )
            self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
            dock.hide()
        self.tabifyDockWidget(self.queue_dock, self.history_dock)
        for dock in (self.queue_dock, self.history_dock):
            # Qt makes the tab bar of docks tabbed together when they show: named then.
            dock.visibilityChanged.connect(lambda _shown: self._name_dock_tabs())
            # Qt keeps the panel behind the other in the Tab order: typing went into the
            # unseen History search, Space pressed its Clear…. Out of reach while unseen.
            dock.visibilityChanged.connect(lambda shown, dock=dock: self._reachable(dock, shown))
            # Opened, it leaves the pane its height (at 1366 × 768 and 125 % it took half the
            # window and the pane's Translate button scrolled out of sight).
            dock.visibilityChanged.connect(
                lambda shown, dock=dock: (
                    shown and QTimer.singleShot(0, lambda: self._fit_dock(dock))
                )
            )
            self._reachable(dock, False)
        self._name_dock_tabs()  # (made by tabifyDockWidget, empty while both are hidden)
        for pane in self.panes:
            if isinstance(pane, TranslatePane):
                pane.files_requested.connect(self.translate_files)
            pane.drafted.connect(self._drafts_timer.start)  # (again at each change)

        self._build_menus()
        self._build_status_bar()
        mended = settings.mend_pattern()
        if mended is not None:  # (once the window shows: a setting changed is not a flash)
            QTimer.singleShot(0, lambda: self._say_mended(*mended))
        self.memory = MemorySampler(self, lambda: self.runner.engine_pid)
        runner.job_started.connect(self._job_started)
        runner.job_ended.connect(self._job_ended)

        geometry = settings.geometry
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            fit_to_screen(self, DEFAULT_SIZE, center=True)
        state = settings.window_state
        if state is not None:
            self.restoreState(state)  # which panels were open, and where
        self.sidebar.setCurrentRow(settings.last_pane)
        self.retranslate()
        self._restore_unfinished()
        self.refresh_models()
        self.refresh_doctor()

    def _restore_unfinished(self) -> None:
        """The files Quire closed before they were done, back in the queue, stopped: Retry
        resumes each where it stopped (its journal kept the parts translated)."""
        restored, gone = self.queue.restore(self.settings.unfinished_files)
        self._save_unfinished()  # (what was restored, less the files gone since)
        said = []
        if restored:
            self.queue_dock.show()
            self.queue_dock.raise_()
        # Only those Quire's closing stopped: one the user cancelled, or that failed, says
        # so in its row (the bar said "not finished when Quire closed" over "Cancelled").
        stopped = sum(1 for row in restored if row.interrupted)
        if stopped:
            said.append(
                self.tr(
                    "%n file(s) were not finished when Quire closed: select them and press "
                    "Retry to go on where they stopped",
                    "",
                    stopped,
                )
            )
        if gone:  # (moved, renamed or deleted since: said, not dropped silently)
            names = ", ".join(p.name for p in gone[:3]) + (", …" if len(gone) > 3 else "")
            said.append(
                self.tr(
                    "%n unfinished file(s) are no longer where they were: %1", "", len(gone)
                ).replace("%1", names)
            )
        if said:
            self.statusBar().showMessage(" · ".join(said), 15_000)

    def _save_unfinished_soon(self) -> None:
        """The list changed (a row added, ended, retried or cleared): saved within a moment,
        not only at quit, so a crash or a power cut does not forget the files not done."""
        if not self._unfinished_timer.isActive():
            self._unfinished_timer.start()

    def _save_unfinished(self) -> None:
        saved = self.queue.unfinished()
        if saved != self.settings.unfinished_files:
            self.settings.unfinished_files = saved
            self.settings.sync()

    # --- building -------------------------------------------------------------------------

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.open_action = QAction(self)
        self.open_action.setShortcut(QKeySequence.StandardKey.Open)
        self.open_action.triggered.connect(lambda: self.open_dialog())
        self.save_action = QAction(self)
        self.save_action.setShortcut(QKeySequence.StandardKey.Save)
        self.save_action.triggered.connect(lambda: self.current_pane().save_result())
        self.copy_action = QAction(self)
        self.copy_action.setShortcut(QKeySequence("Ctrl+Shift+C"))
        self.copy_action.triggered.connect(lambda: self.current_pane().copy_result())
        self.quit_action = QAction(self)
        # The platform's; Windows has none: Ctrl+Q, as most apps there.
        quit_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Quit)
        self.quit_action.setShortcuts(quit_keys or [QKeySequence("Ctrl+Q")])
        self.quit_action.triggered.connect(self.request_quit)
        self.folder_action = QAction(self)
        self.folder_action.setShortcut(QKeySequence("Ctrl+Shift+O"))
        self.folder_action.triggered.connect(lambda: self.add_folder_dialog())
        self.to_files_action = QAction(self)
        self.to_files_action.setShortcut(QKeySequence("Ctrl+Shift+T"))
        self.to_files_action.triggered.connect(lambda: self.translate_files_dialog())
        for action in (self.open_action, self.folder_action, self.to_files_action):
            self.file_menu.addAction(action)
        # Reopen with Encoding: a plain-text file read again in the encoding the user names,
        # where detection guessed wrong (two words of Russian read as Korean) or could not.
        self.reopen_menu = QMenu(self)
        self.reopen_menu.aboutToShow.connect(self._enable_reopen)
        self.reopen_actions: list[QAction] = []
        for label in REOPEN_ENCODINGS:
            action = self.reopen_menu.addAction("")
            action.triggered.connect(lambda _checked=False, label=label: self.reopen_with(label))
            self.reopen_actions.append(action)
        self.file_menu.addMenu(self.reopen_menu)
        self.file_menu.addSeparator()
        for action in (self.save_action, self.copy_action):
            self.file_menu.addAction(action)
        self.toolbar = self.addToolBar("")
        self.toolbar.setObjectName("toolbar")  # saveState keeps it by this name
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (self.open_action, self.folder_action, self.to_files_action):
            self.toolbar.addAction(action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)

        self.run_menu = bar.addMenu("")
        self.run_action = QAction(self)
        self.run_action.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        self.run_action.triggered.connect(lambda: self.current_pane().run())
        self.cancel_action = QAction(self)
        self.cancel_action.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        self.cancel_action.triggered.connect(self.cancel)
        self.run_menu.addAction(self.run_action)
        self.run_menu.addAction(self.cancel_action)

        self.view_menu = bar.addMenu("")
        # Not the docks' own toggle actions: those hide a panel that is open behind the other
        # tab, where the user pressing Ctrl+H wants it brought to the front.
        self.files_action = self._dock_action(self.queue_dock, "Ctrl+Shift+F")
        self.history_action = self._dock_action(self.history_dock, "Ctrl+H")
        self.pane_actions: list[QAction] = []
        group = QActionGroup(self)
        for index in range(len(self.panes)):
            action = QAction(self)
            action.setCheckable(True)
            action.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
            action.triggered.connect(lambda _checked=False, i=index: self.focus_pane(i))
            group.addAction(action)
            self.view_menu.addAction(action)
            self.pane_actions.append(action)
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.files_action)
        self.view_menu.addAction(self.history_action)

        self.models_menu = bar.addMenu("")
        self.manage_action = QAction(self)
        self.manage_action.setShortcut(QKeySequence("Ctrl+Shift+M"))
        self.manage_action.triggered.connect(self.show_model_manager)
        self.import_action = QAction(self)
        self.import_action.triggered.connect(lambda: self.import_folder())
        self.catalog_action = QAction(self)
        self.catalog_action.triggered.connect(lambda: self.show_model_manager().show_catalog())
        self.models_menu.addAction(self.manage_action)
        self.models_menu.addAction(self.catalog_action)
        self.models_menu.addAction(self.import_action)
        self.models_menu.addSeparator()
        # The engine process is replaced: a loaded model's memory goes back to the system.
        self.unload_action = QAction(self)
        self.unload_action.triggered.connect(self.runner.unload_models)
        self.models_menu.addAction(self.unload_action)

        self.settings_menu = bar.addMenu("")
        self.settings_action = QAction(self)
        # The platform's (Cmd+, on macOS); Linux and Windows have none: the common Ctrl+,.
        preferences = QKeySequence.keyBindings(QKeySequence.StandardKey.Preferences)
        self.settings_action.setShortcuts(preferences or [QKeySequence("Ctrl+,")])
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.settings_action.triggered.connect(self.show_settings)
        self.settings_menu.addAction(self.settings_action)
        self.glossary_action = QAction(self)
        self.glossary_action.setShortcut(QKeySequence("Ctrl+Shift+G"))
        self.glossary_action.triggered.connect(lambda: self.show_glossary())
        self.settings_menu.addAction(self.glossary_action)

        self.help_menu = bar.addMenu("")
        self.shortcuts_action = QAction(self)
        # F1 on Windows and Linux, Cmd+? on macOS.
        self.shortcuts_action.setShortcuts(
            QKeySequence.keyBindings(QKeySequence.StandardKey.HelpContents)
            or [QKeySequence(Qt.Key.Key_F1)]
        )
        self.shortcuts_action.triggered.connect(lambda: self.show_shortcuts())
        self.help_menu.addAction(self.shortcuts_action)
        self.about_action = QAction(self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self.show_about)
        self.help_menu.addAction(self.about_action)

    def _dock_action(self, dock: QDockWidget, shortcut: str) -> QAction:
        action = QAction(self)
        action.setCheckable(True)
        action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: self.toggle_dock(dock))
        dock.visibilityChanged.connect(lambda _shown: action.setChecked(not dock.isHidden()))
        return action

    def toggle_dock(self, dock: QDockWidget) -> None:
        """Bring the panel to the front and the keyboard into it; hide it if both already are
        (a panel in front with the keyboard elsewhere, as after adding files, is entered)."""
        in_front = not dock.isHidden() and not dock.visibleRegion().isEmpty()
        focused = QApplication.focusWidget()
        if in_front and focused is not None and dock.isAncestorOf(focused):
            dock.hide()
            return
        dock.show()
        dock.raise_()
        self._reachable(dock, True)
        widget = dock.widget()
        if widget is not None:
            widget.setFocus()

    def _fit_dock(self, dock: QDockWidget) -> None:
        """A bottom panel no taller than leaves the pane the height it needs, where the
        window has room for both; else as low as the panel may be (the pane's text boxes
        scroll in what is left, its buttons in view)."""
        if (
            not dock.isVisible()
            or self.dockWidgetArea(dock) != Qt.DockWidgetArea.BottomDockWidgetArea
        ):
            return
        central = self.centralWidget()
        if central is None:
            return
        total = central.height() + dock.height()
        need = max(pane.wanted_height() for pane in self.panes)
        room = max(total - need, dock.minimumSizeHint().height())
        if dock.height() > room:
            self.resizeDocks([dock], [room], Qt.Orientation.Vertical)

    @staticmethod
    def _reachable(dock: QDockWidget, shown: bool) -> None:
        """A panel's controls take the keyboard while it shows, in front of the other."""
        widget = dock.widget()
        if widget is not None:
            widget.setEnabled(shown)

    def _build_status_bar(self) -> None:
        status = StatusBar(self)
        self.setStatusBar(status)
        self.offline_label = QLabel(self)
        self.device_label = QLabel(self)
        self.latency_label = QLabel(self)
        self.speed_label = QLabel(self)
        self.memory_label = QLabel(self)
        self.speed_label.hide()  # shown once a job reports generated tokens
        for label in (
            self.offline_label,
            self.speed_label,
            self.memory_label,
            self.latency_label,
            self.device_label,
        ):
            status.addPermanentWidget(label)  # fmt: skip

    def _name_dock_tabs(self) -> None:
        """The tab bar of the Files and History panels, named for screen readers (Qt makes
        it without a name)."""
        for bar in self.findChildren(QTabBar):
            if bar.parent() is self:
                bar.setAccessibleName(self.tr("Panels"))
                # (one panel open leaves a bar of one tab that Qt does not draw, off screen)
                bar.setFocusPolicy(
                    Qt.FocusPolicy.TabFocus if bar.count() > 1 else Qt.FocusPolicy.NoFocus
                )

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Quire"))
        self._name_dock_tabs()
        self.loading.setText(self.tr("Looking for installed models…"))
        for i, pane in enumerate(self.panes):
            item = self.sidebar.item(i)
            if item is not None:
                item.setText(pane.title())
            self.pane_actions[i].setText(pane.title())
        self._fit_sidebar()
        self.sidebar.setAccessibleName(self.tr("Tasks"))
        self.file_menu.setTitle(self.tr("&File"))
        self.open_action.setText(self.tr("&Open…"))
        self.folder_action.setText(self.tr("Add &folder…"))
        self.to_files_action.setText(self.tr("&Translate files into files…"))
        self.toolbar.setWindowTitle(self.tr("Toolbar"))
        self.toolbar.setAccessibleName(self.tr("Toolbar"))
        for action in (self.open_action, self.folder_action, self.to_files_action):
            action.setIconText(button_text(action.text()))
        self.reopen_menu.setTitle(self.tr("Reopen with &Encoding"))
        names = self._encoding_names()
        for label, action in zip(REOPEN_ENCODINGS, self.reopen_actions, strict=True):
            action.setText(names[label])
        self.save_action.setText(self.tr("&Save result…"))
        self.copy_action.setText(self.tr("&Copy result"))
        self.quit_action.setText(self.tr("&Quit"))
        self.run_menu.setTitle(self.tr("&Run"))
        self.run_action.setText(self.tr("&Run"))
        self.cancel_action.setText(self.tr("&Cancel"))
        self.view_menu.setTitle(self.tr("&View"))
        self.models_menu.setTitle(self.tr("&Models"))
        self.manage_action.setText(self.tr("&Manage models…"))
        self.import_action.setText(self.tr("&Import a model folder…"))
        self.catalog_action.setText(self.tr("&Browse the catalog…"))
        self.unload_action.setText(self.tr("&Unload models"))
        self.unload_action.setStatusTip(
            self.tr("Free the memory of the loaded models; the next job loads its model again.")
        )
        self.settings_menu.setTitle(self.tr("&Settings"))
        self.settings_action.setText(self.tr("&Preferences…"))
        self.glossary_action.setText(self.tr("&Glossary…"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.about_action.setText(self.tr("&About Quire"))
        self.shortcuts_action.setText(self.tr("&Keyboard Shortcuts"))
        self.device_label.setAccessibleName(self.tr("Device in use"))
        self.latency_label.setAccessibleName(self.tr("Time of the last job"))
        self.speed_label.setAccessibleName(self.tr("Tokens per second"))
        self.memory_label.setAccessibleName(self.tr("Peak memory of the last job"))
        self.offline_label.setAccessibleName(self.tr("Network"))
        self.queue_dock.setWindowTitle(self.tr("Files"))
        self.history_dock.setWindowTitle(self.tr("History"))
        self.files_action.setText(self.tr("&Files"))
        self.history_action.setText(self.tr("&History"))
        self._show_device()
        self._show_latency(self._last_seconds)
        self._show_offline()
        self._show_speed()
        self._show_memory()

    _last_seconds: float | None = None

    def _fit_sidebar(self) -> None:
        """As wide as its longest title and its padding (the style sheet's 12 + 6 px each
        side), at most 170 px: the panes keep the room a small window has (at the minimum
        720 px the Translate pane's buttons were cut off)."""
        widest = max(
            (self.sidebar.fontMetrics().horizontalAdvance(p.title()) for p in self.panes),
            default=0,
        )
        self.sidebar.setFixedWidth(min(SIDEBAR_WIDTH, widest + 2 * (12 + 6) + 16))

    def _style_sidebar(self) -> None:
        # Setting the sheet again re-resolves palette(): Qt resolves it once per polish, so
        # without this the sidebar keeps the colours of the theme it was first shown in.
        self.sidebar.setStyleSheet(
            "QListWidget#sidebar { background: palette(window); outline: none; }"
            "QListWidget#sidebar::item { padding: 7px 10px; margin: 2px 6px; border-radius: 6px;"
            " border: 2px solid transparent; }"
            "QListWidget#sidebar::item:selected { background: palette(highlight);"
            " color: palette(highlighted-text); }"
            # The keyboard in the list shows (no outline: this ring instead; it was invisible).
            "QListWidget#sidebar::item:selected:focus { border-color: palette(highlighted-text); }"
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() == QEvent.Type.PaletteChange:
            self._style_sidebar()
        elif event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self._refresh_if_store_changed()
        super().changeEvent(event)

    def _refresh_if_store_changed(self) -> None:
        """Back from a terminal where `quire models import` or `remove` ran (the window or
        the model manager activated, or a launch's request handed over): the lists are read
        again (the window offered only what it found at its start), once for each change to
        the store's folder."""
        if self.catalog is not None and self._store_stamp() != self._store_seen:
            self.refresh_models()

    _store_seen: int | None = None

    def _store_stamp(self) -> int | None:
        """When the model store's folder last changed (an install or a removal renames a
        folder in it); None where it cannot be read."""
        try:
            return (self.runner.options.home / "models").stat().st_mtime_ns
        except OSError:
            return None

    # --- panes ----------------------------------------------------------------------------

    def current_pane(self) -> Pane:
        return self.panes[max(0, self.stack.currentIndex())]

    def _encoding_names(self) -> dict[str, str]:
        """Each encoding of Reopen with Encoding as text editors name them."""
        return {
            "utf-8": self.tr("Unicode (UTF-8)"),
            "utf-16": self.tr("Unicode (UTF-16)"),
            "windows-1252": self.tr("Western European (Windows-1252)"),
            "iso-8859-15": self.tr("Western European (ISO-8859-15)"),
            "windows-1250": self.tr("Central European (Windows-1250)"),
            "iso-8859-2": self.tr("Central European (ISO-8859-2)"),
            "windows-1251": self.tr("Cyrillic (Windows-1251)"),
            "koi8-r": self.tr("Cyrillic (KOI8-R)"),
            "koi8-u": self.tr("Ukrainian (KOI8-U)"),
            "windows-1253": self.tr("Greek (Windows-1253)"),
            "windows-1254": self.tr("Turkish (Windows-1254)"),
            "windows-1255": self.tr("Hebrew (Windows-1255)"),
            "windows-1256": self.tr("Arabic (Windows-1256)"),
            "windows-1257": self.tr("Baltic (Windows-1257)"),
            "windows-1258": self.tr("Vietnamese (Windows-1258)"),
            "windows-874": self.tr("Thai (Windows-874)"),
            "gb18030": self.tr("Chinese Simplified (GB18030, GBK)"),
            "big5": self.tr("Chinese Traditional (Big5)"),
            "shift_jis": self.tr("Japanese (Shift_JIS)"),
            "euc-jp": self.tr("Japanese (EUC-JP)"),
            "euc-kr": self.tr("Korean (EUC-KR)"),
        }

    def _enable_reopen(self) -> None:
        usable = self.current_pane().reopenable is not None
        for action in self.reopen_actions:
            action.setEnabled(usable)

    def reopen_with(self, encoding: str) -> bool:
        """Read the current pane's text file again in ``encoding`` (a label)."""
        pane = self.current_pane()
        if pane.reopenable is None:
            self.statusBar().showMessage(self.tr("Open a text file first"), 6000)
            return False
        return pane.open_file(pane.reopenable, encoding)

    def show_pane(self, index: int) -> None:
        self.sidebar.setCurrentRow(index)

    def focus_pane(self, index: int) -> None:
        """Show pane ``index`` with the keyboard in its input (Ctrl+1…4)."""
        self.show_pane(index)
        self.panes[index].focus_input(Qt.FocusReason.ShortcutFocusReason)

    def _pane_chosen(self, index: int) -> None:
        if not 0 <= index < len(self.panes):
            return
        self.stack.setCurrentIndex(index)
        self.pane_actions[index].setChecked(True)
        self.settings.last_pane = index

    def cancel(self) -> None:
        self.current_pane().cancel()

    # --- models ---------------------------------------------------------------------------

    def refresh_models(self) -> Job:
        """Read the installed models on the worker; the panes update when they arrive."""
        self._store_seen = self._store_stamp()
        job = self.runner.submit(ListModelsRequest(), label="models")
        job.finished.connect(self._models_arrived)
        job.failed.connect(lambda error: errors.present(error, self))
        return job

    def refresh_doctor(self) -> Job:
        job = self.runner.submit(DoctorRequest(), label="doctor")
        job.finished.connect(self._doctor_arrived)
        return job

    def _model_installed(self, model: InstalledModel) -> None:
        """A download finished, perhaps while a long job holds the engine (and the full list
        after it): the panes offer the new model at once."""
        if self.catalog is None:
            return  # the list itself is still coming, the new model in it
        entries = [e for e in self.catalog if e.name != model.name] + [model]
        self._catalog_arrived(sorted(entries, key=lambda e: e.name))

    def _models_arrived(self, models: object) -> None:
        assert isinstance(models, InstalledModels)
        self._catalog_arrived(list(models.models))

    def _keyboard_nowhere(self) -> bool:
        focused = QApplication.focusWidget()
        return focused is None or not self.isAncestorOf(focused)

    def _catalog_arrived(self, entries: list[ModelEntry]) -> None:
        self.catalog = entries
        for pane in self.panes:
            pane.set_catalog(entries)
        usable = any(e.usable and e.tasks for e in entries)
        opening = self.pages.currentIndex() == PAGE_LOADING and usable
        self.pages.setCurrentIndex(PAGE_PANES if usable else PAGE_WELCOME)
        if usable and not self.current_pane().entries:
            # Open on a pane that can work rather than one that only says it cannot.
            self.show_pane(next(i for i, p in enumerate(self.panes) if p.entries))
        if opening and not self.pending_files:
            self.current_pane().focus_input()  # type at once
        elif not usable and self._keyboard_nowhere():
            # The first-run page: Enter takes its default button, and a screen reader hears
            # more than the window's title (nothing had the keyboard).
            self.welcome.catalog_button.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.manager is not None:
            self.manager.set_data(entries, self.doctor, self.used)
        if usable and self.pending_files:
            files, self.pending_files = self.pending_files, []
            self.current_pane().open_files(files)
        if usable and self.pending_clipboard is not None:
            text, self.pending_clipboard = self.pending_clipboard, None
            pane = self.translate_pane()
            pane.load_text(text)
            pane.run()
        self.catalog_loaded.emit(entries)
        if usable and self.preload_enabled and not self._preloaded:
            self._preloaded = True
            QTimer.singleShot(0, self.preload)

    def _doctor_arrived(self, report: object) -> None:
        assert isinstance(report, DoctorReport)
        self.doctor = report
        self._show_device()
        if self.manager is not None and self.catalog is not None:
            self.manager.set_data(self.catalog, report, self.used)
        self.doctor_loaded.emit(report)

    def preload(self) -> Job | None:
        """Load the current pane's last used model in the background, so the first job does
        not wait for it."""
        pane = self.current_pane()
        name = self.settings.value("models/last_used/" + pane.task)
        entry = next((e for e in pane.entries if e.name == name), None)
        if entry is None:
            return None
        return self.runner.submit(PreloadRequest(model=entry.name), label="preload", key="preload")

    def show_model_manager(self) -> ModelManager:
        if self.manager is None:
            self.manager = ModelManager(self.runner, self)
            self.manager.changed.connect(self.refresh_models)
            # (the manager, not the window, is what a user comes back to from a terminal)
            self.manager.activated.connect(self._refresh_if_store_changed)
            self.manager.notice.connect(lambda text: self.statusBar().showMessage(text, 10_000))
            self.manager.catalog.installed.connect(
                lambda name: self.statusBar().showMessage(
                    self.tr("{name} was downloaded and is installed.").format(name=name), 10_000
                )
            )
        self.manager.set_data(self.catalog or [], self.doctor, self.used)
        self.manager.show()
        self.manager.raise_()
        return self.manager

    def find_in_catalog(self, text: str) -> CatalogTab:
        """The catalog, searched for ``text`` (a language pair such as "de-en")."""
        catalog = self.show_model_manager().show_catalog()
        catalog.search.setText(text)
        return catalog

    def import_folder(self, path: Path | None = None) -> Job | None:
        manager = self.show_model_manager()
        return manager.import_folder(path)

    # --- jobs in the status bar -----------------------------------------------------------

    _measured: Job | None = None  # the job the memory sampler is following

    def _job_started(self, job: Job) -> None:
        if job.lane != ENGINE:
            return  # a download: its own progress row shows it; the engine's jobs are measured
        self._measured = job
        self.memory.start()
        job.progressed.connect(lambda event: self._job_event(job, event))

    _loading_said = ""  # the "Loading model…" line the status bar shows, if any

    def _job_event(self, job: Job, event: object) -> None:
        if isinstance(event, ModelLoading) and job.label != "preload":
            self._loading_said = loading_text(event)
            self.statusBar().showMessage(self._loading_said, 10_000)
        elif isinstance(event, ModelUnloaded):
            # Said once the model it made room for is loaded (its "Loading…" comes next).
            self._unloaded.append(event.model)
        elif isinstance(event, ModelLoaded):
            self.used[event.model.name] = event.model
            if self._unloaded:
                names, self._unloaded = ", ".join(self._unloaded), []
                self.statusBar().showMessage(
                    self.tr("Unloaded {models} to make room in memory for {model}").format(
                        models=names, model=event.model.name
                    ),
                    10_000,
                )
            else:
                self.statusBar().clearMessage()

    def _job_ended(self, job: Job) -> None:
        if job.lane != ENGINE:
            if job.state is State.FINISHED and isinstance(job.result, InstalledModel):
                self._model_installed(job.result)
            return  # a download: it neither loads models nor is measured
        if job is not self._measured:
            # It never ran (cancelled while queued): the running job's "Loading model…" and
            # the models it unloaded are still its own.
            return
        self._measured = None
        self._unloaded = []  # a load that failed or was cancelled says nothing later
        # A load that failed (a damaged model) or was cancelled is no longer under way.
        if self._loading_said and self.statusBar().currentMessage() == self._loading_said:
            self.statusBar().clearMessage()
        self._loading_said = ""
        peak = self.memory.stop()
        result = job.result
        if isinstance(result, DocumentResult) and result.results:
            job.model = result.results[-1].model
        if job.model is None or job.label in QUIET_JOBS:
            return
        self.used[job.model.name] = job.model
        pane = next((p for p in self.panes if p.job is job), None)
        if pane is not None and result is not None:
            self.settings.set_value("models/last_used/" + pane.task, job.model.name)
        self._last_seconds = job.seconds
        self._last_model = job.model
        self._last_peak = peak
        if isinstance(result, DocumentResult):
            tokens = sum(r.generated_tokens for r in result.results)
        else:
            tokens = int(getattr(result, "generated_tokens", 0) or 0)
        self._last_speed = tokens_per_second(tokens, job.seconds, job.load_seconds)
        self._show_device()
        self._show_latency(job.seconds)
        self._show_speed()
        self._show_memory()
        if pane is not None and job.state is State.FINISHED:
            self.history_panel.add(
                HistoryEntry.make(
                    pane.task,
                    job.model,
                    job.seconds or 0.0,
                    request_text(job.request),
                    pane.result_text(),
                    tokens=tokens,
                )
            )

    _last_model: ModelUsed | None = None
    _last_peak = 0
    _last_speed = 0.0

    def _show_speed(self) -> None:
        if self._last_speed <= 0:
            self.speed_label.hide()
            return
        self.speed_label.setText(self.tr("{speed:.1f} tokens/s").format(speed=self._last_speed))
        self.speed_label.show()

    def _show_memory(self) -> None:
        if self._last_peak <= 0:
            self.memory_label.setText("")
            return
        self.memory_label.setText(
            self.tr("Peak memory: {size}").format(size=data_size(self._last_peak))
        )

    def _show_offline(self) -> None:
        offline = self.settings.offline
        self.offline_label.setText(self.tr("Offline") if offline else "")
        self.offline_label.setToolTip(
            self.tr("Offline mode: Quire does not use the network") if offline else ""
        )
        self.offline_label.setVisible(offline)

    # --- the Files queue ------------------------------------------------------------------

    def translate_files(self, paths: list[Path], template: TranslateRequest) -> Drop:
        """Queue documents (and folders of them) for translation into files. Folders are
        scanned on the worker; their rows arrive with ``queue.drop_ended``."""
        target = template.target

        def output(path: Path) -> Path | None:
            if target is None:
                return None  # named by the engine once it knows the language
            return self.settings.output_path(path, target)

        drop = self.queue.add(paths, template, output)
        if drop.state is DropState.SCANNING:
            self.queue_dock.show()  # the scan shows there, with its Stop button
            self.queue_dock.raise_()
        return drop

    def _drop_ended(self, drop: Drop) -> None:
        if drop.state is DropState.FAILED and drop.error is not None:
            errors.present(drop.error, self)
            return
        if drop.rows:
            self.queue_dock.show()
            self.queue_dock.raise_()
        said: list[str] = []
        if drop.skipped:
            said.append(
                self.tr("%n file(s) translated before were left out", "", len(drop.skipped))
            )
        kinds = _kinds(drop.unsupported)
        nothing = drop.state is DropState.ADDED and not drop.rows and not drop.skipped
        if nothing:
            kinds = _kinds(drop.unsupported + drop.not_text)
            if kinds:
                said.append(
                    self.tr("No file there that Quire can translate (it holds {kinds})").format(
                        kinds=kinds
                    )
                )
            else:
                said.append(self.tr("No file there that Quire can translate"))
        elif kinds:
            said.append(
                self.tr(
                    "%n file(s) Quire cannot read were left out ({kinds})",
                    "",
                    len(drop.unsupported),
                ).format(kinds=kinds)
            )
        if drop.not_text and not nothing:
            # (a settings file, code, an mdoc page: of a kind Quire reads, so not "cannot
            # read"; the command line says each one's reason)
            said.append(
                self.tr(
                    "%n file(s) of kinds Quire reads, but not text it translates (settings, "
                    "code), were left out ({kinds})",
                    "",
                    len(drop.not_text),
                ).format(kinds=_kinds(drop.not_text))
            )
        if said:
            # (the separator is the language's: "；" in Chinese)
            self.statusBar().showMessage(self.tr("; ").join(said), 10_000)

    def reopen_entry(self, entry: HistoryEntry) -> None:
        """A past result's input back in its task's pane, to run again or edit; a file's
        translation is where it was written (the status bar says where)."""
        if entry.file:
            self.statusBar().showMessage(
                self.tr("Written to {output}").format(output=entry.output or entry.file), 10_000
            )
            return
        for index, pane in enumerate(self.panes):
            if pane.task == entry.task:
                self.show_pane(index)
                pane.load_history_input(entry.input)
                if len(entry.input) >= MAX_TEXT:  # the history keeps a text's beginning
                    self.statusBar().showMessage(
                        self.tr(
                            "Only the first {count} characters of this text were kept in "
                            "the history"
                        ).format(count=QLocale().toString(MAX_TEXT)),
                        10_000,
                    )
                return

    def _row_finished(self, row: Row) -> None:
        if row.state is RowState.DONE:
            self.history_panel.add(
                HistoryEntry.make(
                    "translate",
                    row.model,
                    row.seconds,
                    str(row.path),
                    str(row.output or ""),
                    tokens=row.tokens,
                    file=str(row.path),
                )
            )

    def _show_device(self) -> None:
        """Where models run, in words ("Running on the CPU"); why not on a GPU goes in the
        tooltip: on a computer without one, a missing CUDA library is no news."""
        used = self._last_model
        if used is not None:
            self.device_label.setText(device_words(used.device))
            details = [f"{used.backend} · {used.variant}"]
            details += [f"{f.wanted} → {f.got}: {f.reason}" for f in used.fallbacks]
            self.device_label.setToolTip("\n".join(details))
        elif self.doctor is not None:
            device = self.doctor.plan[0] if self.doctor.plan else "cpu"
            self.device_label.setText(device_words(device))
            reasons = [f"{p.device}: {p.detail}" for p in self.doctor.providers if not p.works]
            self.device_label.setToolTip(
                self.tr("Why not another device:") + "\n" + "\n".join(reasons) if reasons else ""
            )
        else:
            self.device_label.setText("")

    def _show_latency(self, seconds: float | None) -> None:
        if seconds is None:
            self.latency_label.setText("")
            return
        self.latency_label.setText(self.tr("Last job: {seconds:.2f} s").format(seconds=seconds))

    # --- files ----------------------------------------------------------------------------

    def open_paths(self, paths: list[Path]) -> None:
        """Files from the command line or a drop: into the current pane once models are
        known (before that they wait). A model (a folder with config.json and weights, or
        an archive) is offered for import instead: Quire translates no .zip."""
        models = [p for p in paths if looks_like_model(p)]
        if models:
            self.offer_import(models[0])
            paths = [p for p in paths if p not in models]
            if not paths:
                return
        # The next Open dialog starts where these came from (a file manager's "Open with").
        first = paths[0]  # (a Pages package is a folder that is one document)
        self._remember_folder(
            first if first.is_dir() and not is_document_package(first) else first.parent
        )
        if self.catalog is None or self.pages.currentIndex() != PAGE_PANES:
            self.pending_files.extend(paths)
            if self.catalog is not None:  # (no model yet: the welcome page shows)
                self.statusBar().showMessage(
                    self.tr("Install a model first: {name} opens then").format(name=paths[0].name)
                )
            return
        self.current_pane().open_files(paths)

    def offer_import(self, path: Path) -> Job | None:
        """Ask whether to import ``path`` as a model; import it if so."""
        answer = QMessageBox.question(
            self,
            self.tr("Import a model"),
            self.tr("{name} looks like a model. Import it into Quire?").format(name=path.name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Yes,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return None
        return self.import_folder(path)

    def receive(self, files: list[Path], clipboard: bool = False) -> None:
        """A launch's request (this one's, or a later one's handed over): open the files,
        translate the clipboard's text, and come to the front (first: a box either opens,
        "nothing to translate" or "import this model?", stays in front of the window, where
        raising the window after it hid it)."""
        if files or clipboard:
            self.bring_to_front()
            # (a window manager's activation does it too; without one, nothing else would:
            # the README check's `quire models import`, then the shortcut, met no model)
            self._refresh_if_store_changed()
        if files:
            self.open_paths(files)
        if clipboard:
            self.translate_clipboard()

    def bring_to_front(self) -> None:
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    def translate_clipboard(self) -> None:
        """``quire --translate-clipboard``: the clipboard's text in the Translate pane,
        translated (once models are known). Files copied in a file manager are opened there,
        as if dropped (not their ``file://`` addresses translated); a page's HTML without
        text, as its text. Nothing to translate is said in a box: a status line was gone
        under the model's loading at a first start, and the shortcut seemed to do nothing."""
        mime = QApplication.clipboard().mimeData()
        files = dropped_files(mime) if mime is not None else []
        if files:
            self.translate_pane()
            self.open_paths(files)
            return
        text = clipboard_text(mime) if mime is not None else ""
        if not text.strip():
            with contextlib.suppress(RuntimeError):  # (closed: deleted with it)
                if self.clipboard_box is not None and self.clipboard_box.isVisible():
                    return  # (the shortcut pressed again: one box)
            box = QMessageBox(
                QMessageBox.Icon.Information,
                self.tr("Translate the clipboard"),
                self.tr("The clipboard holds no text to translate."),
                QMessageBox.StandardButton.Ok,
                self,
            )
            box.setInformativeText(self.tr("Copy some text, then try again."))
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()
            self.clipboard_box = box
            return
        if self.catalog is None or self.pages.currentIndex() != PAGE_PANES:
            self.pending_clipboard = text
            return
        pane = self.translate_pane()
        pane.load_text(text)
        pane.run()

    pending_clipboard: str | None = None  # arrived before the models were known
    clipboard_box: QMessageBox | None = None  # the last "nothing to translate" (tests)

    def open_dialog(self) -> list[Path]:
        """Open files (several at once, any supported format): the same as dropping them."""
        if self.pages.currentIndex() != PAGE_PANES:
            self.statusBar().showMessage(self.tr("Install a model first"), 6000)
            return []
        chosen = file_dialogs.open_file_names(
            self, self.tr("Open files"), self._last_folder(), open_filters()
        )
        paths = [Path(name) for name in chosen]
        if paths:
            self._remember_folder(paths[0].parent)
            self.open_paths(paths)
        return paths

    def add_folder_dialog(self) -> Path | None:
        """Translate every document in a folder into files (the Files queue)."""
        if self.pages.currentIndex() != PAGE_PANES:
            self.statusBar().showMessage(self.tr("Install a model first"), 6000)
            return None
        chosen = file_dialogs.existing_directory(
            self, self.tr("Add a folder to translate"), self._last_folder()
        )
        if not chosen:
            return None
        folder = Path(chosen)
        self._remember_folder(folder)
        self.translate_pane().translate_files([folder])
        return folder

    def translate_files_dialog(self) -> list[Path]:
        """Translate files into files, plain text included (opening one puts it in the box)."""
        if self.pages.currentIndex() != PAGE_PANES:
            self.statusBar().showMessage(self.tr("Install a model first"), 6000)
            return []
        chosen = file_dialogs.open_file_names(
            self, self.tr("Translate files into files"), self._last_folder(), open_filters()
        )
        paths = [Path(name) for name in chosen]
        if paths:
            self._remember_folder(paths[0].parent)
            self.translate_pane().translate_files(paths)
        return paths

    def translate_pane(self) -> TranslatePane:
        pane = next(p for p in self.panes if isinstance(p, TranslatePane))
        self.show_pane(self.panes.index(pane))
        return pane

    def _last_folder(self) -> str:
        return str(self.settings.value("files/last_folder", str(Path.home())))

    def _remember_folder(self, folder: Path) -> None:
        self.settings.set_value("files/last_folder", str(folder))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped_files(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = dropped_files(event.mimeData())
        if files:
            event.acceptProposedAction()
            self.open_paths(files)

    # --- settings -------------------------------------------------------------------------

    def show_settings(self) -> SettingsDialog:
        dialog = SettingsDialog(self.settings, self, api=self.local_api)
        dialog.applied.connect(self.apply_settings)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_glossary(self) -> GlossaryDialog:
        dialog = GlossaryDialog(self.runner.options.home / GLOSSARY_FILE, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self._glossary_saved)
        dialog.open()
        return dialog

    def _glossary_saved(self) -> None:
        pane = next(p for p in self.panes if isinstance(p, TranslatePane))
        pane.glossary_changed()
        self.statusBar().showMessage(self.tr("Glossary saved"), 6000)

    def apply_settings(self) -> None:
        """Put the saved settings into effect now: language, theme, font, engine options."""
        s = self.settings
        if s.language != self.translations.language:
            self.translations.switch(s.language)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            theme.apply(app, s.theme, s.font_size)
        self.runner.configure(s.engine_options(home=self.runner.options.home))
        self._show_offline()
        if s.offline:
            self._stop_downloads()
        if self.manager is not None:
            self.manager.catalog.show_offline()

    def _stop_downloads(self) -> None:
        """Offline mode means no network from now on: downloads under way stop (what they
        fetched is kept, to resume when the network may be used again)."""
        stopped = [j for j in self.runner.jobs() if isinstance(j.request, DownloadRequest)]
        for job in stopped:
            self.runner.cancel(job)
        if stopped:
            self.statusBar().showMessage(
                self.tr(
                    "Offline mode is on: %n download(s) stopped; what they fetched is kept.",
                    "",
                    len(stopped),
                ),
                10_000,
            )

    def _local_api_failed(self, error: str) -> None:
        message = self.tr("The local API could not start: {error}").format(error=error)
        self.statusBar().showMessage(message, 10000)

    def show_shortcuts(self) -> ShortcutsDialog:
        """Every key the window answers to, read from its actions."""
        dialog = ShortcutsDialog(self._menu_actions(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _menu_actions(self) -> list[QAction]:
        found: list[QAction] = []
        for menu in (
            self.file_menu,
            self.run_menu,
            self.view_menu,
            self.models_menu,
            self.settings_menu,
            self.help_menu,
        ):
            found += [a for a in menu.actions() if not a.isSeparator()]
        return found

    def show_about(self) -> AboutDialog:
        dialog = AboutDialog(self.catalog or [], self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _io(self, work: Callable[[], None]) -> None:
        try:
            self.history_io.submit(work)
        except RuntimeError:  # after the window closed (a job ended while quitting)
            work()

    def flush_history(self) -> None:
        """Wait until the history thread has done what it was given."""
        self.history_io.submit(lambda: None).result(timeout=30)

    def _say_mended(self, old: str, new: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Output names"), "", parent=self)
        box.setText(
            self.tr(
                "The name pattern of translated files, {0}, is not a file name on every "
                "system: it is now {1}. Settings changes it."
            ).format(old, new)
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def _drafts_arrived(self, drafts: object) -> None:
        assert isinstance(drafts, dict)
        self._drafts_kept = drafts
        for pane in self.panes:
            texts = drafts.get(pane.task)
            if texts:
                pane.restore_draft(texts)
        self._drafts_read = True

    def _save_drafts(self) -> None:
        """The panes' texts to the drafts file, on the history's thread."""
        if not self._drafts_read:
            self._drafts_timer.start()  # after they arrive: not over them
            return
        self._drafts_timer.stop()
        drafts: Drafts = {}
        for pane in self.panes:
            texts = pane.draft()
            drafts[pane.task] = self._drafts_kept.get(pane.task, []) if texts is None else texts
            if texts == [] and pane.task not in self._drafts_too_long:
                self._drafts_too_long.add(pane.task)  # (said once a pane)
                self.statusBar().showMessage(
                    self.tr(
                        "The text in {pane} is too long to be kept as a draft (over a million "
                        "characters): save it to keep it"
                    ).format(pane=pane.title()),
                    15_000,
                )
        self._drafts_kept = drafts
        path, unsaved = self.drafts_path, self.history_read.drafts_unsaved

        def write() -> None:
            try:
                write_drafts(path, drafts)
            except EngineError as error:
                unsaved.emit(error.message)

        self._io(write)

    def _drafts_unsaved(self, why: str) -> None:
        self.statusBar().showMessage(
            self.tr("What is typed in the panes could not be saved: {0}").format(why), 10_000
        )

    def _history_unsaved(self, why: str) -> None:
        self.statusBar().showMessage(self.tr("The history could not be saved: {0}").format(why))

    def _history_arrived(self, read: object) -> None:
        assert isinstance(read, ReadHistory)
        self.history.loaded(read)
        self.history_panel.model.reload()
        if read.error:
            # (shown until the next message: the user's past results are not all there)
            self.statusBar().showMessage(
                self.tr("The history could not be read: {0}. It is kept as it is.").format(
                    read.error
                )
            )
        elif read.damaged:
            self.statusBar().showMessage(
                self.tr(
                    "%n damaged line(s) of the history could not be read; the file as it "
                    "was is kept as {0}",
                    "",
                    read.damaged,
                ).format(str(read.kept))
            )
        self.history_loaded.emit()

    quit_confirmed = False  # the user chose to quit though work was unfinished

    def unfinished_work(self) -> tuple[int, int, int]:
        """Files waiting or being translated, the panes' running jobs and the downloads under
        way or waiting: what quitting would stop."""
        files = sum(r.state in (RowState.WAITING, RowState.RUNNING) for r in self.queue.rows)
        jobs = sum(pane.running and not pane.job_quiet for pane in self.panes)
        downloads = sum(isinstance(j.request, DownloadRequest) for j in self.runner.jobs())
        return files, jobs, downloads

    def _ask_to_quit(self, files: int, jobs: int, downloads: int) -> QMessageBox:
        """Quit or go on, asked without blocking (the jobs keep running meanwhile)."""
        parts = []
        if files:
            parts.append(self.tr("%n file(s) still to translate", "", files))
        if jobs:
            parts.append(self.tr("%n running job(s)", "", jobs))
        if downloads:
            parts.append(self.tr("%n download(s)", "", downloads))
        box = QMessageBox(self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Quit Quire?"))
        # ("A, B and C" in English, "A、B和C" in Chinese: the UI locale's own list.)
        box.setText(
            self.tr("Quitting stops {work}.").format(work=QLocale().createSeparatedList(parts))
        )
        kept = []
        if files:
            kept.append(
                self.tr(
                    "Files already translated are kept; the rest wait in the Files list for the "
                    "next start, where Retry goes on where each stopped."
                )
            )
        if downloads:
            kept.append(
                self.tr(
                    "A stopped download keeps what it has fetched: downloading the model again "
                    "goes on from there."
                )
            )
        box.setInformativeText(" ".join(kept))
        quit_button = box.addButton(self.tr("&Quit"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.finished.connect(lambda _r: self._quit_answered(box.clickedButton() is quit_button))
        box.open()
        return box

    def _quit_answered(self, quit_chosen: bool) -> None:
        if quit_chosen:
            self.quit_confirmed = True
            self.close()

    quit_by_user = False  # the close comes from Quit (Ctrl+Q), not from code

    def request_quit(self) -> None:
        """File → Quit: asked first where work would be lost, as the window's close button."""
        self.quit_by_user = True
        try:
            self.close()
        finally:
            self.quit_by_user = False

    def closeEvent(self, event: QCloseEvent) -> None:
        # The user's closes (the close button, Quit) ask; a close from code goes through.
        asked = event.spontaneous() or self.quit_by_user
        files, jobs, downloads = self.unfinished_work()
        if asked and (files or jobs or downloads) and not self.quit_confirmed and self.isVisible():
            event.ignore()
            self._ask_to_quit(files, jobs, downloads)
            return
        self.settings.geometry = self.saveGeometry()
        self.settings.window_state = self.saveState()
        self.settings.unfinished_files = self.queue.unfinished()  # offered again at the next start
        self.queue.cancel_all()
        self.settings.last_pane = max(0, self.stack.currentIndex())
        self.settings.sync()
        for pane in self.panes:
            if isinstance(pane, TranslatePane):
                pane.debounce.stop()  # a live translation due: no runner will take it
        if self._drafts_timer.isActive():
            self._save_drafts()  # the last words typed (written before the thread ends)
        self.runner.shutdown()
        self.local_api.stop()
        self.history_io.shutdown(wait=True)  # the last entries reach the disk
        super().closeEvent(event)


def _kinds(paths: list[Path], most: int = 5) -> str:
    """The kinds of ``paths`` by their suffixes, the commonest first (".doc ×3, .png")."""
    counts = Counter(p.suffix.lower() or p.name for p in paths)
    named = [f"{kind} ×{n}" if n > 1 else kind for kind, n in counts.most_common(most)]
    if len(counts) > most:
        named.append("…")
    return ", ".join(named)
