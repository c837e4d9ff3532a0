"""The main window. For now: the installed models and what this machine can run them on."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QMainWindow,
    QVBoxLayout,
    QWidget,
)

from engine import Engine


class MainWindow(QMainWindow):
    def __init__(self, engine: Engine) -> None:
        super().__init__()
        self.engine = engine
        self.setWindowTitle(self.tr("Quire"))
        self.resize(900, 600)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        self.devices_label = QLabel(central)
        self.devices_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.models_list = QListWidget(central)
        layout.addWidget(QLabel(self.tr("Installed models"), central))
        layout.addWidget(self.models_list)
        layout.addWidget(self.devices_label)
        self.setCentralWidget(central)
        quit_action = self.menuBar().addMenu(self.tr("&File")).addAction(self.tr("&Quit"))
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        self.refresh()

    def refresh(self) -> None:
        self.models_list.clear()
        models = self.engine.models()
        for m in models:
            if m.folder is not None:
                variants = ", ".join(m.folder.variants) or "safetensors"
                self.models_list.addItem(f"{m.name} — {m.folder.model_type} ({variants})")
            else:
                self.models_list.addItem(f"{m.name} — {self.tr('unusable')}: {m.problem}")
        if not models:
            self.models_list.addItem(
                self.tr("No models yet: import one with `quire models import FOLDER`.")
            )
        report = self.engine.doctor()
        plan = " → ".join(report.plan) or self.tr("none")
        self.devices_label.setText(self.tr("Models run on: {plan}").format(plan=plan))
