"""The settings dialog. It only edits ``Settings``; ``applied`` tells the window to put them
into effect (language and theme at once, engine options from the next job)."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop import file_dialogs
from desktop.local_api import LocalApi
from desktop.settings import (
    DEFAULT_PATTERN,
    DEVICES,
    LANGUAGES,
    PREFERENCES,
    THEMES,
    Settings,
    output_name,
    pattern_problem,
    url_problem,
)
from desktop.widgets import fit_to_screen

# Language names are shown in their own language, whatever the UI language.
LANGUAGE_NAMES = {"en": "English", "zh_CN": "简体中文"}


def platform_devices(platform: str = sys.platform) -> tuple[str, ...]:
    """The devices worth offering on this platform: DirectML is Windows', Core ML Apple's,
    CUDA is not on macOS (one chosen elsewhere ran on the CPU without a word)."""
    offered = {
        "win32": ("cuda", "directml"),
        "darwin": ("coreml",),
    }.get(platform, ("cuda",))
    return tuple(d for d in DEVICES if d in ("auto", "cpu", *offered))


class SettingsDialog(QDialog):
    applied = Signal()

    def __init__(
        self, settings: Settings, parent: QWidget | None = None, api: LocalApi | None = None
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.api = api
        self.device = QComboBox(self)
        for device in platform_devices():
            self.device.addItem(device, device)
        self.threads = QSpinBox(self)
        self.threads.setRange(0, 256)
        self.preference = QComboBox(self)
        for preference in PREFERENCES:
            self.preference.addItem(preference, preference)
        self.language = QComboBox(self)
        for language in LANGUAGES:
            self.language.addItem(LANGUAGE_NAMES[language], language)
        self.theme = QComboBox(self)
        for name in THEMES:
            self.theme.addItem(name, name)
        self.font_size = QSpinBox(self)
        self.font_size.setRange(0, 32)

        self.offline = QCheckBox(self)
        self.proxy = QLineEdit(self)
        self.mirror = QLineEdit(self)
        self.network_problem = QLabel(self)  # why an address cannot be used
        self.network_problem.setWordWrap(True)
        self.network_problem.hide()
        for edit in (self.proxy, self.mirror):
            edit.textChanged.connect(lambda _text: self._check_network())
        self.pattern = QLineEdit(self)
        self.pattern.setPlaceholderText(DEFAULT_PATTERN)
        self.pattern.textChanged.connect(lambda _text: self._check_pattern())
        self.folder = QLineEdit(self)
        self.folder_button = QPushButton(self)
        self.folder_button.clicked.connect(self.choose_folder)
        folder_row = QWidget(self)
        folder_layout = QHBoxLayout(folder_row)
        folder_layout.setContentsMargins(0, 0, 0, 0)
        folder_layout.addWidget(self.folder, 1)
        folder_layout.addWidget(self.folder_button)
        self.example = QLabel(self)
        self.example.setWordWrap(True)

        self.form = QFormLayout()
        self.labels = [QLabel(self) for _ in range(6)]
        fields: list[QWidget] = [
            self.device, self.threads, self.preference, self.language, self.theme, self.font_size,
        ]  # fmt: skip
        for label, field in zip(self.labels, fields, strict=True):
            label.setBuddy(field)
            self.form.addRow(label, field)
        self.output_labels = [QLabel(self) for _ in range(2)]
        self.output_labels[0].setBuddy(self.pattern)
        self.output_labels[1].setBuddy(self.folder)
        self.form.addRow("", self.offline)
        self.network_labels = [QLabel(self) for _ in range(2)]
        self.network_labels[0].setBuddy(self.proxy)
        self.network_labels[1].setBuddy(self.mirror)
        self.form.addRow(self.network_labels[0], self.proxy)
        self.form.addRow(self.network_labels[1], self.mirror)
        self.form.addRow("", self.network_problem)
        self.form.addRow(self.output_labels[0], self.pattern)
        self.form.addRow("", self.example)
        self.form.addRow(self.output_labels[1], folder_row)
        # The local API switch acts at once (it is a server, not a preference for later jobs).
        self.serve = QCheckBox(self)
        self.serve.setEnabled(api is not None)
        self.address = QLabel(self)
        self.address.setWordWrap(True)
        self.address.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.form.addRow("", self.serve)
        self.form.addRow("", self.address)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.Apply,
            self,
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.buttons.clicked.connect(self._clicked)
        # The fields scroll where the screen is too short for them (1366 × 768 at 200 %: OK
        # and Cancel were below its edge); the note and the buttons stay in view.
        body = QWidget(self)
        body.setLayout(self.form)
        self.fields = _Fields(self)
        self.fields.setWidget(body)
        layout = QVBoxLayout(self)
        layout.addWidget(self.fields, 1)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)
        self.load()
        self.serve.toggled.connect(self._serve_toggled)
        if api is not None:
            api.changed.connect(self._api_changed)
            api.failed.connect(self._api_failed)
        self.retranslate()
        # Sized once its words are in (sized before, to empty labels, the English dialog was
        # cut on the right: its boxes' arrows, "Choose…", "…to other programs").
        fit_to_screen(self, self.sizeHint())

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Settings"))
        texts = [
            self.tr("&Device:"),
            self.tr("&Threads:"),
            self.tr("&Variant:"),
            self.tr("&Language:"),
            self.tr("T&heme:"),
            self.tr("&Font size:"),
        ]
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)
        names = [
            self.tr("Device"), self.tr("Threads"), self.tr("Variant preference"),
            self.tr("Interface language"), self.tr("Theme"), self.tr("Font size"),
        ]  # fmt: skip
        for field, name in zip(
            (self.device, self.threads, self.preference, self.language, self.theme,
             self.font_size),
            names,
            strict=True,
        ):  # fmt: skip
            field.setAccessibleName(name)
        device_names = {
            "auto": self.tr("Automatic (best available)"),
            "cpu": self.tr("CPU"),
            "cuda": self.tr("NVIDIA GPU (CUDA)"),
            "directml": self.tr("GPU (DirectML, Windows)"),
            "coreml": self.tr("Apple Neural Engine / GPU (Core ML)"),
        }
        preference_names = {
            "auto": self.tr("Automatic"),
            "quality": self.tr("Best quality (full precision)"),
            "speed": self.tr("Fastest (quantized where available)"),
        }
        theme_names = {
            "system": self.tr("System"),
            "light": self.tr("Light"),
            "dark": self.tr("Dark"),
        }
        for box, names_by_value in (
            (self.device, device_names),
            (self.preference, preference_names),
            (self.theme, theme_names),
        ):
            for i in range(box.count()):
                box.setItemText(i, names_by_value[str(box.itemData(i))])
        self.offline.setText(self.tr("&Offline: never use the network"))
        self.offline.setAccessibleName(self.tr("Offline mode"))
        self.offline.setToolTip(
            self.tr("Downloads and catalog updates are refused; installed models work as before.")
        )
        self.network_labels[0].setText(self.tr("Pro&xy:"))
        self.network_labels[1].setText(self.tr("Download &mirror:"))
        self.proxy.setPlaceholderText(self.tr("The system's proxy settings"))
        self.proxy.setAccessibleName(self.tr("Proxy for downloads"))
        self.proxy.setToolTip(self.tr("For example http://proxy.example.com:8080"))
        self.mirror.setPlaceholderText("https://huggingface.co")
        self.mirror.setAccessibleName(self.tr("Download mirror"))
        self.mirror.setToolTip(
            self.tr("A Hugging Face mirror to download models from, for example "
                    "https://hf-mirror.com")
        )  # fmt: skip
        self._check_network()
        self.output_labels[0].setText(self.tr("Translated file &name:"))
        self.output_labels[1].setText(self.tr("Translated files &go to:"))
        self.pattern.setAccessibleName(self.tr("Name pattern for translated files"))
        self.pattern.setToolTip(
            self.tr("{name}: the file's name, {lang}: the target language, {ext}: its extension")
        )
        self.folder.setPlaceholderText(self.tr("Beside each file"))
        self.folder.setAccessibleName(self.tr("Folder for translated files"))
        self.folder_button.setText(self.tr("Choose…"))
        self.folder_button.setAccessibleName(self.tr("Choose the folder for translated files"))
        self._check_pattern()
        self.threads.setSpecialValueText(self.tr("Automatic"))
        self.font_size.setSpecialValueText(self.tr("System default"))
        self.note.setText(
            self.tr("Device, threads, variant and offline mode apply from the next job; loaded "
                    "models are loaded again.")
        )  # fmt: skip
        self.serve.setText(self.tr("&Serve a local translation API to other programs"))
        self.serve.setAccessibleDescription(self.tr("Local API"))  # (named by its words)
        self.serve.setToolTip(
            self.tr("LibreTranslate-compatible, on this computer only (127.0.0.1); "
                    "nothing leaves the machine.")
        )  # fmt: skip
        self._show_address(self._error)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # The form's wrapped lines may grow it as it first shows (laid out before this
        # event), not later: one made lower gets a scroll bar (it sprang back to its height).
        self.fields.settle()

    _error = ""

    def _serve_toggled(self, on: bool) -> None:
        if self.api is None:
            return
        self._error = ""
        self.serve.setEnabled(False)  # until the server has started or stopped
        self.address.setText(self.tr("Starting…") if on else "")
        self.api.switch(on)

    def _api_changed(self, url: str) -> None:
        self._settle(bool(url))
        self._show_address()

    def _api_failed(self, error: str) -> None:
        self._error = error
        self._settle(False)
        self._show_address(error)

    def _settle(self, serving: bool) -> None:
        self.serve.blockSignals(True)
        self.serve.setChecked(serving)
        self.serve.blockSignals(False)
        self.serve.setEnabled(True)
        self.settings.api_enabled = serving

    def _show_address(self, error: str = "") -> None:
        url = self.api.url if self.api is not None else ""
        if error:
            self.address.setText(self.tr("Could not start: {error}").format(error=error))
        elif url:
            self.address.setText(
                self.tr("Serving at {url} (documentation: {url}docs)").format(url=url)
            )
        else:
            self.address.setText("")

    def load(self) -> None:
        s = self.settings
        self.device.setCurrentIndex(max(0, self.device.findData(s.device)))
        self.threads.setValue(s.threads)
        self.preference.setCurrentIndex(max(0, self.preference.findData(s.preference)))
        self.language.setCurrentIndex(max(0, self.language.findData(s.language)))
        self.theme.setCurrentIndex(max(0, self.theme.findData(s.theme)))
        self.font_size.setValue(s.font_size)
        self.offline.setChecked(s.offline)
        self.serve.setChecked(self.api is not None and bool(self.api.url))
        self.proxy.setText(s.proxy)
        self.mirror.setText(s.mirror)
        self.pattern.setText(s.output_pattern)
        self.folder.setText(str(s.output_folder or ""))

    def _check_pattern(self) -> bool:
        """Show an example name, or why the pattern cannot be used; True when it can."""
        pattern = self.pattern.text().strip() or DEFAULT_PATTERN
        problem = pattern_problem(pattern)
        if problem is not None:
            # Each reason its own sentence ("{name}{ext}" does use both, yet names the
            # translation as the input is named); the reasons are not formatted.
            reasons = {
                "unknown placeholder": self.tr(
                    "Only {name}, {lang} and {ext} can be used, as they are"
                ),
                "not a file name": self.tr('A name may not hold / \\ < > : " | ? or *'),
                "same name as the input": self.tr(
                    "The translation would take the input's name: add {lang} or other text"
                ),
            }
            reason = reasons.get(problem, self.tr("Use {name} and end with {ext}"))
            self.example.setText(
                self.tr("{reason}, for example {pattern}").format(
                    reason=reason, pattern=DEFAULT_PATTERN
                )
            )
            return False
        self.example.setText(
            self.tr("For example: {example}").format(
                example=output_name(pattern, Path("report.docx"), "de")
            )
        )
        return True

    def _check_network(self) -> bool:
        """Say which address is not a URL; True when both can be used."""
        bad = [
            name
            for name, edit in ((self.tr("proxy"), self.proxy), (self.tr("mirror"), self.mirror))
            if url_problem(edit.text().strip()) is not None
        ]
        self.network_problem.setText(
            self.tr("The {what} must be an address such as https://host:port.").format(
                what=" / ".join(bad)
            )
            if bad
            else ""
        )
        self.network_problem.setVisible(bool(bad))
        if bad:  # the line under the fields is read whole, not cut off at the bottom
            fit_to_screen(self, QSize(self.width(), max(self.height(), self.sizeHint().height())))
            self.fields.ensureWidgetVisible(self.network_problem)
        return not bad

    def choose_folder(self) -> None:
        chosen = file_dialogs.existing_directory(
            self, self.tr("Choose the folder for translated files"), self.folder.text()
        )
        if chosen:
            self.folder.setText(chosen)

    def save(self) -> None:
        s = self.settings
        device = str(self.device.currentData())
        s.device = next(d for d in DEVICES if d == device)
        s.threads = self.threads.value()
        preference = str(self.preference.currentData())
        s.preference = next(p for p in PREFERENCES if p == preference)
        language = str(self.language.currentData())
        s.language = next(lang for lang in LANGUAGES if lang == language)
        theme = str(self.theme.currentData())
        s.theme = next(t for t in THEMES if t == theme)
        s.font_size = self.font_size.value()
        s.offline = self.offline.isChecked()
        if self._check_network():
            s.proxy = self.proxy.text()
            s.mirror = self.mirror.text()
        if self._check_pattern():
            s.output_pattern = self.pattern.text().strip() or DEFAULT_PATTERN
        folder = self.folder.text().strip()
        s.output_folder = Path(folder).expanduser() if folder else None
        s.sync()
        self.applied.emit()

    def accept(self) -> None:
        """OK keeps the dialog open on a value that cannot be used (its line says why) and
        puts the cursor there: closing would throw away what was typed."""
        unusable = self._unusable()
        if unusable is not None:
            unusable.setFocus(Qt.FocusReason.OtherFocusReason)
            unusable.selectAll()
            return
        self.save()
        super().accept()

    def _unusable(self) -> QLineEdit | None:
        """The first field whose value cannot be saved, after saying why under it."""
        network_ok = self._check_network()
        pattern_ok = self._check_pattern()
        if not network_ok:
            edits = (self.proxy, self.mirror)
            return next(e for e in edits if url_problem(e.text().strip()) is not None)
        return None if pattern_ok else self.pattern

    def _clicked(self, button: QAbstractButton) -> None:
        if self.buttons.buttonRole(button) == QDialogButtonBox.ButtonRole.ApplyRole:
            self.save()


class _Fields(QScrollArea):
    """The form, scrolling only where the screen is too short: its size hint is the whole
    form's (a scroll area's own stops at 24 lines)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def sizeHint(self) -> QSize:
        widget = self.widget()
        if widget is None:
            return super().sizeHint()
        bar = self.verticalScrollBar().sizeHint().width()
        return widget.sizeHint() + QSize(bar, 0)

    def minimumSizeHint(self) -> QSize:
        """As wide as the form at the least (it never scrolls sideways: narrower, its right
        edge was cut off), as low as a scroll area may be."""
        widget = self.widget()
        if widget is None:
            return super().minimumSizeHint()
        bar = self.verticalScrollBar().sizeHint().width()
        return QSize(widget.minimumSizeHint().width() + bar, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # Wrapped lines make the form taller than its hint at the width it gets: the dialog
        # grows by what would scroll, as far as the screen lets it.
        extra = self.verticalScrollBar().maximum()
        dialog = self.window()
        if extra and dialog is not None and not self._grown:
            self._grown = True
            fit_to_screen(dialog, QSize(dialog.width(), dialog.height() + extra))

    def settle(self) -> None:
        """The dialog has shown at its size: it grows no more by itself."""
        self._grown = True

    _grown = False
