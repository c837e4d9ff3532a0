"""The first-run page, shown instead of the panes while no usable model is installed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class OnboardingPage(QWidget):
    import_requested = Signal()
    manager_requested = Signal()
    catalog_requested = Signal()

    def __init__(self, store: Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.heading = QLabel(self)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.heading.setFont(font)
        self.body = QLabel(self)
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setOpenExternalLinks(False)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.catalog_button = QPushButton(self)
        self.catalog_button.setDefault(True)
        self.catalog_button.clicked.connect(self.catalog_requested)
        self.import_button = QPushButton(self)
        self.import_button.clicked.connect(self.import_requested)
        self.manager_button = QPushButton(self)
        self.manager_button.clicked.connect(self.manager_requested)
        self.later = QLabel(self)
        self.later.setWordWrap(True)

        column = QVBoxLayout()
        column.addStretch(1)
        column.addWidget(self.heading)
        column.addSpacing(12)
        column.addWidget(self.body)
        column.addSpacing(18)
        buttons = QHBoxLayout()
        buttons.addWidget(self.catalog_button)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.manager_button)
        buttons.addStretch(1)
        column.addLayout(buttons)
        column.addSpacing(18)
        column.addWidget(self.later)
        column.addStretch(2)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(column, 4)
        outer.addStretch(1)
        self.retranslate()

    def set_store(self, store: Path) -> None:
        self.store = store
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Welcome to Quire"))
        where = (
            self.tr("<p>Installed models are kept in <code>{path}</code>.</p>").format(
                path=str(self.store)
            )
            if self.store is not None
            else ""
        )
        self.body.setText(
            self.tr(
                "<p>Quire translates, summarizes, answers questions about and classifies text "
                "entirely on this computer, with AI models you install once. Nothing you type "
                "leaves your machine.</p>"
                "<p><b>To get started, add a model:</b></p>"
                "<ul>"
                "<li><b>Browse the catalog…</b> lists ready-made models (for example "
                "opus-mt-en-de for English → German), shows how well each fits this computer "
                "and downloads one with a click.</li>"
                "<li>Without internet, <b>Import a model folder…</b> takes a model folder in the "
                "Hugging Face layout with ONNX files (or a .zip of one), copied from another "
                "computer.</li>"
                "</ul>"
            )
            + where
        )
        self.body.setAccessibleName(self.tr("How to get models"))
        self.catalog_button.setText(self.tr("Browse the catalog…"))
        self.catalog_button.setAccessibleName(self.tr("Browse the catalog of models"))
        self.import_button.setText(self.tr("Import a model folder…"))
        self.import_button.setAccessibleName(self.tr("Import a model folder"))
        self.manager_button.setText(self.tr("Open the model manager"))
        self.manager_button.setAccessibleName(self.tr("Open the model manager"))
        self.later.setText(
            self.tr("Downloads need an internet connection once; after that everything works "
                    "offline.")
        )  # fmt: skip

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
