"""The Ask pane: a question about a text; the answers are listed and the chosen one is
highlighted in the text and scrolled into view. An instruction model's written answer is
shown as text whose citations, [1] [2], are links to the passages, which are listed below
it as its sources."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextCursor
from PySide6.QtWidgets import (
    QLabel,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.catalog import INSTRUCT_ROLE
from desktop.jobs import JobRunner
from desktop.panes.base import Pane
from desktop.settings import Settings
from desktop.widgets import (
    CitedText,
    DropLineEdit,
    DropTextEdit,
    TextList,
    replace_text,
    reveal,
    set_direction,
    utf16,
)
from engine import Answer, AskRequest, AskResult

ANSWERS = 3
QA_MODEL = "distilbert-base-cased-distilled-squad"  # the catalog's question-answering model


class AskPane(Pane):
    task = "ask"

    def __init__(self, runner: JobRunner, settings: Settings, parent: QWidget | None = None):
        super().__init__(runner, settings, parent)
        self.question_label = QLabel(self)
        self.question = DropLineEdit(self)
        self.question.files_dropped.connect(self.open_files)
        self.question_label.setBuddy(self.question)
        self.question.returnPressed.connect(lambda: self.run())
        self.context = DropTextEdit(self)
        self.context.files_dropped.connect(self.open_files)
        self.answers = TextList(self, 3)
        self.answers.currentItemChanged.connect(
            lambda item, _old: self._answer_chosen(item) if item is not None else None
        )
        self.answers.itemClicked.connect(self._answer_chosen)
        self.answers_label = QLabel(self)
        self.answers_label.setBuddy(self.answers)
        # An instruction model's answer, written as it streams; its [n] jump to passage n.
        self.written = CitedText(self)
        self.written.cited.connect(self._cite)
        self.written.hide()
        self.sources_label = QLabel(self)
        self.sources_label.setBuddy(self.answers)
        self.sources_label.hide()
        # Shown when only an embedding model answered: passages, not answers.
        self.passages_note = QLabel(self)
        self.passages_note.setWordWrap(True)
        self.passages_note.hide()
        self.find_button = QPushButton(self)
        self.find_button.hide()
        self.find_button.clicked.connect(lambda: self.catalog_requested.emit(QA_MODEL))

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
        right_layout.addWidget(self.passages_note)
        right_layout.addWidget(self.find_button, 0, Qt.AlignmentFlag.AlignLeft)
        right_layout.addWidget(self.written, 2)
        right_layout.addWidget(self.sources_label)
        right_layout.addWidget(self.answers, 1)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        layout.addWidget(splitter, 1)
        reading = [self.question, self.context, self.written, self.answers, self.find_button]
        self.assemble([], body, reading=reading)
        self.track([self.question, self.context], [self.answers, self.written])
        self._asked_context = ""
        self.retranslate()

    def title(self) -> str:
        return self.tr("Ask")

    def run_text(self) -> str:
        return self.tr("Ask")

    def no_model_text(self) -> str:
        return self.tr(
            "No question-answering model is installed. Download one (for example "
            "distilbert-base-cased-distilled-squad) from the catalog, or import one."
        )

    def retranslate(self) -> None:
        super().retranslate()
        self.question_label.setText(self.tr("&Question:"))
        self.question.setPlaceholderText(self.tr("What do you want to know?"))
        self.question.setAccessibleName(self.tr("Question"))
        self.context.setPlaceholderText(self.tr("Type, paste or drop the text to search"))
        self.context.setAccessibleName(self.tr("Text to search for the answer"))
        if not isinstance(self.result, AskResult):  # (a result is shown again below)
            self._show_written(not self.written.isHidden())  # a stream, or nothing yet
        self.written.setAccessibleName(self.tr("Answer"))
        self._name_sources()
        self.passages_note.setText(
            self.tr(
                "No question-answering model is installed, so only passage search is "
                "available: these are the passages closest to your question, not answers."
            )
        )
        self.find_button.setText(self.tr("Find a question-answering model…"))
        self.find_button.setAccessibleName(
            self.tr("Find a question-answering model in the catalog")
        )
        if isinstance(self.result, AskResult):
            self.show_result(self.result)

    def passage_search_only(self) -> bool:
        """Installed models can rank passages but none can answer: no question-answering
        model, and no instruction model (which writes its answer from the passages)."""
        answering = ("question answering", INSTRUCT_ROLE)
        return bool(self.entries) and not any(
            role in entry.roles for entry in self.entries for role in answering
        )

    def models_changed(self) -> None:
        self._show_passages_note(self.passage_search_only())

    def _show_passages_note(self, shown: bool) -> None:
        self.passages_note.setVisible(shown)
        self.find_button.setVisible(shown)

    def input_changed(self) -> None:
        super().input_changed()
        if self.context.toPlainText() != self._asked_context and self.highlighted is not None:
            self.context.setExtraSelections([])  # the mark no longer points at the answer
            self.highlighted = None

    def build_request(self) -> AskRequest | None:
        question = self.question.text().strip()
        context = self.context.toPlainText()
        if not question:
            self.ask_for(self.question, self.tr("Type a question"))
            return None
        if not context.strip():
            self.ask_for(self.context, self.tr("Type or drop the text to search"))
            return None
        self._asked_context = context
        return AskRequest(question=question, context=context, model=self.selected_model(),
                          top_k=ANSWERS)  # fmt: skip

    def show_partial(self, text: str) -> None:
        """An instruction model's answer as it is written."""
        self._show_written(True)
        self.answers.clear()
        self.written.show_streamed(text)
        self.busy.writing()

    def _show_written(self, shown: bool, sources: bool = False, passages: bool = False) -> None:
        """Either the written answer (and, under it, the passages it cites) or the list of
        answers (or of ``passages``); the label above names what the keyboard reaches."""
        self.written.setVisible(shown)
        self.sources_label.setVisible(shown and sources)
        self.answers.setVisible(not shown or sources)
        self.answers_label.setBuddy(self.written if shown else self.answers)
        if shown:
            label, name = self.tr("&Answer:"), self.tr("Sources")
        elif passages:
            label, name = self.tr("&Passages:"), self.tr("Passages")
        else:
            label, name = self.tr("&Answers:"), self.tr("Answers")
        self.answers_label.setText(label)
        self.answers.setAccessibleName(name)

    def clear_view(self) -> None:
        self.answers.clear()
        self.written.clear()
        self._show_written(False)

    def show_result(self, result: Any) -> None:
        assert isinstance(result, AskResult)
        self.answers.clear()
        self._show_passages_note(result.passages and not result.generated)
        if result.generated:
            self._show_generated(result)
            return
        self._show_written(False, passages=result.passages)
        for answer in result.answers:
            if result.passages:  # a similarity, not the chance that this is the answer
                score = self.tr("relevance {score:.2f}").format(score=answer.score)
            else:
                # The probability, not the score: that one adds up the windows that found the
                # answer and read "206% sure" where three overlapping windows agreed.
                sure = answer.probability if answer.probability is not None else answer.score
                score = self.tr("{score:.0%} sure").format(score=min(max(sure, 0.0), 1.0))
            # As it reads, not as the text wrapped it (one- and two-word lines in the list).
            shown = " ".join(answer.text.split())
            item = QListWidgetItem(f"{shown}   ({score})")
            set_direction(item, shown)
            item.setData(Qt.ItemDataRole.UserRole, (answer.start, answer.end))
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{shown}, {score}")
            self.answers.addItem(item)
        if not result.answers:
            self.answers.addItem(self.tr("No answer found in the text."))
            return
        self.answers.setCurrentRow(0)
        self.highlight(result.answers[0])

    def _name_sources(self, cited: bool | None = None) -> None:
        """The list under a written answer: the passages it cites, or (citing none, or "not
        in the document") those it was given, to check it against."""
        if cited is None:
            shown = self.result
            cited = isinstance(shown, AskResult) and bool(shown.answers and shown.citations)
        self.sources_label.setText(self.tr("S&ources:") if cited else self.tr("Passages r&ead:"))
        if not self.written.isHidden():  # (the list holds them, and is named by them)
            name = self.tr("Sources") if cited else self.tr("Passages read")
            self.answers.setAccessibleName(name)

    def _show_generated(self, result: AskResult) -> None:
        """The written answer, its [n] links to the passages; under it each passage it cites,
        as [n] and an excerpt: following a link or choosing a row marks the passage. An
        answer citing none, and "not in the document", list the passages the model read."""
        cited = bool(result.answers and result.citations)
        listed = result.citations if cited else result.read
        self._show_written(True, sources=bool(listed))
        self._name_sources(cited)
        for citation in listed:
            excerpt = " ".join(citation.text.split())
            if len(excerpt) > 160:
                excerpt = excerpt[:157] + "…"
            row = QListWidgetItem(f"[{citation.number}] {excerpt}")
            set_direction(row, excerpt)
            row.setData(Qt.ItemDataRole.UserRole, (citation.start, citation.end))
            row.setToolTip(self.tr("Show this passage in the text"))
            self.answers.addItem(row)
        if not result.answers:
            self.written.setPlainText(
                self.tr("Not in the document: the passages found do not answer it.")
            )
            return
        answer = result.answers[0]
        self.written.show_answer(answer.text, {c.number for c in result.citations})
        if answer.start >= 0:
            self.highlight(answer)

    def _cite(self, number: int) -> None:
        """A citation link in the written answer: its passage is marked and its row chosen."""
        if not isinstance(self.result, AskResult):
            return
        for row, citation in enumerate(self.result.citations):
            if citation.number == number:
                self.answers.setCurrentRow(row)
                self.highlight(Answer("", 0.0, citation.start, citation.end))
                return

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
        # The cursor goes to the answer without selecting it, so the mark stays visible; the
        # view shows its start (it stopped at its end, the passage's beginning above the box).
        reveal(self.context, utf16(text, answer.start), utf16(text, answer.end))
        self.highlighted = (answer.start, answer.end)

    highlighted: tuple[int, int] | None = None

    def result_text(self) -> str:
        if not isinstance(self.result, AskResult):
            return ""
        return "\n".join(a.text for a in self.result.answers)

    def load_history_input(self, text: str) -> None:
        self.question.setText(text)  # the history keeps the question, not the long text
        if not self.context.toPlainText().strip():
            self.context.setFocus()
            self.status.emit(
                self.tr(
                    "The history keeps the question, not the text it was asked about: paste "
                    "or open that text again."
                )
            )

    def load_text(self, text: str) -> None:
        replace_text(self.context, text)
        self.context.setExtraSelections([])
        self.highlighted = None
