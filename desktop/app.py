"""Start-up of the desktop app, in one explicit order: application, crash handler, settings,
language, theme, the job runner (which owns the engine), the window, then files to open."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from desktop import theme
from desktop.errors import install_excepthook
from desktop.i18n import RESOURCES, Translations
from desktop.jobs import JobRunner
from desktop.main_window import MainWindow
from desktop.settings import Settings, open_store


def main(files: Sequence[Path] = ()) -> int:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv)
    app.setApplicationName("Quire")
    app.setOrganizationName("Quire")
    app.setDesktopFileName("quire")
    app.setWindowIcon(QIcon(str(RESOURCES / "icons" / "quire.svg")))
    install_excepthook()
    settings = Settings(open_store())
    translations = Translations()
    translations.switch(settings.language)
    theme.apply(app, settings.theme, settings.font_size)
    runner = JobRunner(settings.engine_options())
    window = MainWindow(runner, settings, translations)
    window.show()
    if files:
        window.open_paths(list(files))
    code = app.exec()
    runner.shutdown()
    return code
