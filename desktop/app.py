"""Start-up of the desktop app, in one explicit order: application, crash handler, settings,
language, theme, the job runner (which owns the engine), the window, then files to open."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QFileOpenEvent, QIcon
from PySide6.QtWidgets import QApplication

from desktop import theme
from desktop.errors import install_excepthook
from desktop.i18n import RESOURCES, Translations
from desktop.instance import InstanceServer, earlier_name, hand_over, server_name
from desktop.jobs import JobRunner
from desktop.main_window import MainWindow
from desktop.settings import Settings, open_store


class FileOpenFilter(QObject):
    """macOS delivers documents opened from Finder, or dropped on the Dock icon, as
    ``QFileOpenEvent``s to the application rather than as command-line arguments: one event
    per file. Those that come together are opened together, as one drop (opened one by one,
    each text file replaced the one before in the box, and only the last was kept)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._paths: list[Path] = []
        self._flush = QTimer(self)
        self._flush.setSingleShot(True)
        self._flush.setInterval(0)  # once the events posted with it have been delivered
        self._flush.timeout.connect(self._open)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QFileOpenEvent) and event.file():
            self._paths.append(Path(event.file()))
            self._flush.start()
            return True
        return super().eventFilter(watched, event)

    def _open(self) -> None:
        paths, self._paths = self._paths, []
        if paths:
            self._window.open_paths(paths)


def main(files: Sequence[Path] = (), *, translate_clipboard: bool = False) -> int:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    app.setApplicationName("Quire")
    app.setOrganizationName("Quire")
    app.setDesktopFileName("quire")
    app.setWindowIcon(QIcon(str(RESOURCES / "icons" / "quire.svg")))
    install_excepthook()
    settings = Settings(open_store())
    options = settings.engine_options()
    name = server_name(options.home)
    earlier = earlier_name(name)
    if hand_over(name, list(files), translate_clipboard) or (
        earlier is not None and hand_over(earlier, list(files), translate_clipboard)
    ):
        return 0  # the running window took the files
    server = InstanceServer(name)
    translations = Translations()
    translations.switch(settings.language)
    theme.apply(app, settings.theme, settings.font_size)
    runner = JobRunner(options)
    window = MainWindow(runner, settings, translations)
    window.show()
    app.installEventFilter(FileOpenFilter(window))
    server.requested.connect(window.receive)
    window.receive(list(files), translate_clipboard)
    code = app.exec()
    server.close()
    runner.shutdown()
    return code
