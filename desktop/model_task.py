"""The question "what is this model for?": asked after an import when Quire cannot tell from
the model's files, and from the model manager's "Set task…" whenever the user wants to change it.
One check box per task the panes do; those the model's files rule out are shown, off."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop.catalog import TASKS, ModelEntry, Task
from desktop.widgets import button_text


def task_label(task: str) -> str:
    """A task as its pane is titled (the model manager's and the history's one wording; a
    task of no pane, as it is named): its check box's words without the Alt letter."""
    return button_text(box_label(task))


def box_label(task: str) -> str:
    """A task as its check box says it, with a mnemonic of its own (Alt+T, S, A, C)."""
    from PySide6.QtCore import QCoreApplication

    translate = QCoreApplication.translate
    names = {
        "translate": translate("ModelTaskDialog", "&Translate"),
        "summarize": translate("ModelTaskDialog", "&Summarize"),
        "ask": translate("ModelTaskDialog", "&Ask"),
        "classify": translate("ModelTaskDialog", "&Classify"),
    }
    return names.get(task, task)


def as_recorded_now(entry: ModelEntry) -> ModelEntry:
    """``entry`` with the tasks its manifest says now (a `quire models set-task` may have
    changed them since the list was read); its files' own tasks do not change."""
    from engine import manifest_tasks

    own = entry.tasks - set(entry.declared_tasks)
    said = manifest_tasks(entry.path)
    declared = tuple(t for t in TASKS if t in said and t in entry.possible_tasks and t not in own)
    return dataclasses.replace(entry, tasks=own | frozenset(declared), declared_tasks=declared)


class ModelTaskDialog(QDialog):
    """Which panes offer ``entry``: its files' own tasks are on and fixed, the tasks it may be
    told are free, the others off and disabled. ``chosen()`` is what the user declares."""

    def __init__(self, entry: ModelEntry, *, imported: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entry = entry
        self.setWindowTitle(self.tr("What is {name} for?").format(name=entry.name))
        found = entry.tasks - set(entry.declared_tasks)  # what its files say
        if imported and not entry.tasks:
            text = self.tr(
                "Quire cannot tell from its files what {name} is for, so no task offers it "
                "yet. Choose the tasks it should be used for:"
            )
        else:
            text = self.tr("Choose the tasks {name} is used for:")
        self.question = QLabel(text.format(name=entry.name), self)
        self.question.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.question)
        self.boxes: dict[Task, QCheckBox] = {}
        for task in TASKS:
            box = QCheckBox(box_label(task), self)
            if task in found:
                box.setChecked(True)
                box.setEnabled(False)
                box.setToolTip(self.tr("Its files say it does this"))
            elif task not in entry.possible_tasks:
                box.setEnabled(False)
                box.setToolTip(self.tr("A model of this kind cannot do this"))
            else:
                box.setChecked(task in entry.declared_tasks)
            box.toggled.connect(self._update)
            self.boxes[task] = box
            layout.addWidget(box)
        self.buttons = QDialogButtonBox(self)
        self.ok = self.buttons.addButton(
            self.tr("&Use for these tasks"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(
            self.tr("&Decide later") if imported else self.tr("Cancel"),
            QDialogButtonBox.ButtonRole.RejectRole,
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._update()
        # The keyboard starts on the first box it can change, its focus frame shown (as after
        # a Tab: a dialog opened by the mouse drew none, and a keyboard user saw no focus).
        self.first = next((b for b in self.boxes.values() if b.isEnabled()), None)
        self._framed = False
        if self.first is not None:
            self.first.installEventFilter(self)
        if self.first is not None:
            self.first.setFocus(Qt.FocusReason.TabFocusReason)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.first is not None:
            self.first.setFocus(Qt.FocusReason.TabFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The window's activation gives the first box the focus again for another reason,
        # which hides the frame: it is drawn then, once, for the box the dialog opened on.
        if watched is self.first and event.type() == QEvent.Type.FocusIn and not self._framed:
            self._framed = self.isActiveWindow()
            self.setAttribute(Qt.WidgetAttribute.WA_KeyboardFocusChange)
        return super().eventFilter(watched, event)

    def chosen(self) -> tuple[Task, ...]:
        """The tasks the user declares (those its files name are not declared again)."""
        return tuple(
            task for task, box in self.boxes.items() if box.isEnabled() and box.isChecked()
        )

    def _update(self) -> None:
        # Nothing to change is no choice: the button waits for one (on import, some task).
        changed = set(self.chosen()) != set(self.entry.declared_tasks)
        self.ok.setEnabled(changed)
