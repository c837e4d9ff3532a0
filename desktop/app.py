"""Start-up of the desktop app: one ordered init, then the main window."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication

from desktop.main_window import MainWindow
from engine import Engine, EngineOptions


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("Quire")
    app.setOrganizationName("Quire")
    window = MainWindow(Engine(EngineOptions()))
    window.show()
    return app.exec()
