"""The Ask pane: a question about a text; the answers are listed and the chosen one is
highlighted in the text and scrolled into view."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextCursor
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.jobs import JobRunner
from desktop.panes.base import Pane
from desktop.settings import Settings
from desktop.widgets import DropTextEdit, set_direction, utf16
from engine.api import Answer, AskRequest, AskResult

ANSWERS = 3


class AskPane(Pane):
    task = "ask"

    def __init__(self, runner: JobRunner, settings: Settings, parent: QWidget | None = None):
        super().__init__(runner, settings, parent)
        self.question_label = QLabel(self)
        self.question = QLineEdit(self)
        self.question_label.setBuddy(self.question)
        self.question.returnPressed.connect(lambda: self.run())
        self.context = DropTextEdit(self)
        self.context.files_dropped.connect(self.open_files)
        self.answers = QListWidget(self)
        self.answers.setWordWrap(True)
        self.answers.setSpacing(3)
        self.answers.currentItemChanged.connect(
            lambda item, _old: self._answer_chosen(item) if item is not None else None
        )
        self.answers.itemClicked.connect(self._answer_chosen)
        self.answers_label = QLabel(self)
        self.answers_label.setBuddy(self.answers)

        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.question_label)
        layout.addWidget(self.question)
        splitter = QSplitter(body)
        splitter.addWidget(self.context)
        right = QWidget(splitter)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.answers_label)
        right_layout.addWidget(self.answers, 1)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        layout.addWidget(splitter, 1)
        self.assemble([], body)
        self._asked_context = ""
        self.retranslate()

    def title(self) -> str:
        return self.tr("Ask")

    def run_text(self) -> str:
        return self.tr("Ask")

    def no_model_text(self) -> str:
        return self.tr(
            "No question-answering model is installed. Import one (for example "
            "distilbert-base-cased-distilled-squad) in the model manager."
        )

    def retranslate(self) -> None:
        super().retranslate()
        self.question_label.setText(self.tr("&Question:"))
        self.question.setPlaceholderText(self.tr("What do you want to know?"))
        self.question.setAccessibleName(self.tr("Question"))
        self.context.setPlaceholderText(self.tr("Type, paste or drop the text to search"))
        self.context.setAccessibleName(self.tr("Text to search for the answer"))
        self.answers_label.setText(self.tr("&Answers:"))
        self.answers.setAccessibleName(self.tr("Answers"))
        if isinstance(self.result, AskResult):
            self.show_result(self.result)

    def build_request(self) -> AskRequest | None:
        question = self.question.text().strip()
        context = self.context.toPlainText()
        if not question:
            self.status.emit(self.tr("Type a question"))
            self.question.setFocus()
            return None
        if not context.strip():
            self.status.emit(self.tr("Type or drop the text to search"))
            return None
        self._asked_context = context
        return AskRequest(question=question, context=context, model=self.selected_model(),
                          top_k=ANSWERS)  # fmt: skip

    def show_partial(self, text: str) -> None:
        """An instruction model's answer as it is written."""
        self.answers.clear()
        item = QListWidgetItem(text)
        set_direction(item, text)
        self.answers.addItem(item)

    def show_result(self, result: Any) -> None:
        assert isinstance(result, AskResult)
        self.answers.clear()
        if result.generated:
            self._show_generated(result)
            return
        for answer in result.answers:
            item = QListWidgetItem(f"{answer.text}   ({answer.score * 100:.1f} %)")
            set_direction(item, answer.text)
            item.setData(Qt.ItemDataRole.UserRole, (answer.start, answer.end))
            item.setData(
                Qt.ItemDataRole.AccessibleTextRole, f"{answer.text}, {answer.score * 100:.0f} %"
            )
            self.answers.addItem(item)
        if not result.answers:
            self.answers.addItem(self.tr("No answer found in the text."))
            return
        self.answers.setCurrentRow(0)
        self.highlight(result.answers[0])

    def _show_generated(self, result: AskResult) -> None:
        """The written answer, then each passage it cites as [n]: choosing one marks it."""
        if not result.answers:
            self.answers.addItem(
                self.tr("Not in the document: the passages found do not answer it.")
            )
            return
        answer = result.answers[0]
        item = QListWidgetItem(answer.text)
        set_direction(item, answer.text)
        item.setData(Qt.ItemDataRole.UserRole, (answer.start, answer.end))
        self.answers.addItem(item)
        for citation in result.citations:
            excerpt = " ".join(citation.text.split())
            if len(excerpt) > 160:
                excerpt = excerpt[:157] + "…"
            cited = QListWidgetItem(f"[{citation.number}] {excerpt}")
            set_direction(cited, excerpt)
            cited.setData(Qt.ItemDataRole.UserRole, (citation.start, citation.end))
            cited.setToolTip(self.tr("Show this passage in the text"))
            self.answers.addItem(cited)
        self.answers.setCurrentRow(0)
        if answer.start >= 0:
            self.highlight(answer)

    def _answer_chosen(self, item: QListWidgetItem) -> None:
        span = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(span, (tuple, list)) and len(span) == 2:
            self.highlight(Answer("", 0.0, int(span[0]), int(span[1])))

    def highlight(self, answer: Answer) -> None:
        """Mark the answer in the context and scroll to it."""
        text = self.context.toPlainText()
        if text != self._asked_context or not 0 <= answer.start < answer.end <= len(text):
            return  # the text changed since the question was asked
        cursor = QTextCursor(self.context.document())
        cursor.setPosition(utf16(text, answer.start))
        cursor.setPosition(utf16(text, answer.end), QTextCursor.MoveMode.KeepAnchor)
        mark = QTextEdit.ExtraSelection()
        mark.cursor = cursor
        mark.format.setBackground(QColor(255, 210, 60, 170))
        mark.format.setForeground(QColor(20, 20, 20))
        self.context.setExtraSelections([mark])
        # The cursor goes to the answer without selecting it, so the mark stays visible.
        place = QTextCursor(self.context.document())
        place.setPosition(utf16(text, answer.end))
        self.context.setTextCursor(place)
        self.context.ensureCursorVisible()
        self.highlighted = (answer.start, answer.end)

    highlighted: tuple[int, int] | None = None

    def result_text(self) -> str:
        if not isinstance(self.result, AskResult):
            return ""
        return "\n".join(a.text for a in self.result.answers)

    def load_text(self, text: str) -> None:
        self.context.setPlainText(text)
        self.context.setExtraSelections([])
        self.highlighted = None
