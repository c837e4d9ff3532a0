"""The Summarize pane: the source beside the summary's sentences; clicking a sentence selects
the source paragraphs it came from."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QColor, QTextCursor, QTextFormat
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QListWidgetItem,
    QSplitter,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.catalog import INSTRUCT_ROLE
from desktop.i18n import language_name, named_languages
from desktop.jobs import JobRunner
from desktop.panes.base import Pane
from desktop.settings import Settings
from desktop.widgets import (
    DropTextEdit,
    TextList,
    replace_text,
    reveal,
    set_direction,
    shrinkable,
    utf16,
)
from engine import Length, SummarizeRequest, SummarizeResult

# The engine's paragraph rule (engine.text.segment): a whitespace run with two line breaks
# or a Unicode paragraph separator ends a paragraph; paragraphs are trimmed and never empty.
_WHITESPACE_RUN = re.compile(r"\s+")
_LINE_BREAK = re.compile(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
LENGTHS: tuple[Length, ...] = ("short", "medium", "long")


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph as the engine numbers them."""
    spans: list[tuple[int, int]] = []

    def add(start: int, end: int) -> None:
        piece = text[start:end]
        stripped = piece.strip()
        if stripped:
            begin = start + (len(piece) - len(piece.lstrip()))
            spans.append((begin, begin + len(stripped)))

    start = 0
    for run in _WHITESPACE_RUN.finditer(text):
        ws = run.group()
        if "\u2029" in ws or len(_LINE_BREAK.findall(ws)) >= 2:
            add(start, run.start())
            start = run.end()
    add(start, len(text))
    return spans


class SummarizePane(Pane):
    task = "summarize"

    def __init__(self, runner: JobRunner, settings: Settings, parent: QWidget | None = None):
        super().__init__(runner, settings, parent)
        self.length_label = QLabel(self)
        self.length_box = shrinkable(QComboBox(self))
        self.length_label.setBuddy(self.length_box)
        for length in LENGTHS:
            self.length_box.addItem(length, length)
        self.length_box.setCurrentIndex(
            max(0, self.length_box.findData(settings.value("panes/summarize/length", "medium")))
        )
        self.length_box.activated.connect(
            lambda _i: settings.set_value(
                "panes/summarize/length", str(self.length_box.currentData())
            )
        )
        # The summary's language: the text's, or (an instruction model only) one chosen.
        self.language_label = QLabel(self)
        self.language_box = shrinkable(QComboBox(self))
        self.language_label.setBuddy(self.language_box)
        self.language_box.addItem("", "")
        for code in named_languages():  # (named and sorted by ``retranslate``)
            self.language_box.addItem(code, code)
        self.language_box.setCurrentIndex(
            max(0, self.language_box.findData(settings.value("panes/summarize/language", "")))
        )
        self.language_box.activated.connect(
            lambda _i: settings.set_value(
                "panes/summarize/language", str(self.language_box.currentData() or "")
            )
        )
        self.source = DropTextEdit(self)
        self.source.files_dropped.connect(self.open_files)
        self.sentences = TextList(self, 4)
        self.sentences.itemClicked.connect(self._sentence_clicked)
        self.sentences.currentItemChanged.connect(
            lambda item, _old: self._sentence_clicked(item) if item is not None else None
        )
        self.info = QLabel(self)
        self.info.setWordWrap(True)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.sentences, 1)
        right_layout.addWidget(self.info)
        splitter = QSplitter(self)
        splitter.addWidget(self.source)
        splitter.addWidget(right)
        splitter.setChildrenCollapsible(False)
        self.assemble(
            [self.length_label, self.length_box, self.language_label, self.language_box],
            splitter,
            reading=[self.source, self.sentences],
        )
        self.track([self.source], [self.sentences], [self.info])
        self._summarized_text = ""
        self.retranslate()

    def title(self) -> str:
        return self.tr("Summarize")

    def run_text(self) -> str:
        return self.tr("Summarize")

    def no_model_text(self) -> str:
        return self.tr(
            "No summarization model is installed. Download a summarizer (for example "
            "distilbart-cnn) or a sentence-embedding model from the catalog, or import one."
        )

    def retranslate(self) -> None:
        super().retranslate()
        self.length_label.setText(self.tr("&Length:"))
        self.length_box.setAccessibleName(self.tr("Summary length"))
        names = {"short": self.tr("Short"), "medium": self.tr("Medium"), "long": self.tr("Long")}
        for i in range(self.length_box.count()):
            self.length_box.setItemText(i, names[str(self.length_box.itemData(i))])
        self.language_label.setText(self.tr("Lan&guage:"))
        self.language_box.setAccessibleName(self.tr("Language of the summary"))
        self.language_box.setItemText(0, self.tr("The text's"))
        # Named, and in the order of their names, in the UI language.
        chosen = self.language_box.currentData()
        codes = [str(self.language_box.itemData(i)) for i in range(1, self.language_box.count())]
        codes.sort(key=lambda code: language_name(code).casefold())
        while self.language_box.count() > 1:
            self.language_box.removeItem(1)
        for code in codes:
            self.language_box.addItem(language_name(code), code)
        self.language_box.setCurrentIndex(max(0, self.language_box.findData(chosen)))
        self.models_changed()
        self.source.setPlaceholderText(self.tr("Type, paste or drop the text to summarize"))
        self.source.setAccessibleName(self.tr("Text to summarize"))
        self.sentences.setAccessibleName(self.tr("Summary sentences"))
        self.sentences.setToolTip(self.tr("Click a sentence to see where it comes from"))
        self._describe_result()

    def _writes_any_language(self) -> bool:
        """An instruction model may write the summary (the chosen one, or in Automatic one
        installed): only such a model writes in a language it is told."""
        chosen = self.selected_entry()
        considered = [chosen] if chosen is not None else self.entries
        return any(INSTRUCT_ROLE in e.roles for e in considered)

    def models_changed(self) -> None:
        able = self._writes_any_language()
        self.language_box.setEnabled(able)
        self.language_label.setEnabled(able)
        self.language_box.setToolTip(
            self.tr("The summary is written in this language.")
            if able
            else self.tr(
                "A summarization model writes in the text's language: another language needs "
                "an instruction model."
            )
        )

    def build_request(self) -> SummarizeRequest | None:
        text = self.source.toPlainText()
        if not text.strip():
            self.ask_for(self.source, self.tr("Type or drop some text to summarize"))
            return None
        self._summarized_text = text
        length = str(self.length_box.currentData())
        language = str(self.language_box.currentData() or "")
        return SummarizeRequest(
            text=text,
            model=self.selected_model(),
            length="short" if length == "short" else "long" if length == "long" else "medium",
            language=language if language and self._writes_any_language() else None,
        )

    def show_partial(self, text: str) -> None:
        self.sentences.show_streamed(text)
        self.busy.writing()  # (the last round, streamed: no count of its own)

    def show_result(self, result: Any) -> None:
        assert isinstance(result, SummarizeResult)
        self.sentences.clear()
        for sentence in result.sentences:
            item = QListWidgetItem(sentence.text)
            set_direction(item, sentence.text)
            item.setData(Qt.ItemDataRole.UserRole, list(sentence.paragraphs))
            if sentence.paragraphs:
                tip = self.tr("From paragraph(s) {numbers}", "", len(sentence.paragraphs)).format(
                    # ("1, 2 and 3"; "1、2和3" in Chinese)
                    numbers=QLocale().createSeparatedList([str(p + 1) for p in sentence.paragraphs])
                )
            elif not result.linked:  # another language than the text's: no words to match
                tip = self.not_linked_text()
            else:  # it shares no word with the text: the one sentence to check
                tip = self.tr("No paragraph of the text has its words: check it against the text.")
            item.setToolTip(tip)
            self.sentences.addItem(item)
        self._describe_result()

    def _describe_result(self) -> None:
        result = self.result
        if not isinstance(result, SummarizeResult):
            self.info.clear()
            return
        notes = [
            self.tr("Click a sentence to see where it comes from.")
            if result.linked
            else self.not_linked_text()
        ]
        if result.extractive:  # (chosen, or the only model there: a summarizer may be too)
            notes.append(
                self.tr(
                    "These sentences are picked from the text by {model}, an embedding model, "
                    "which writes no summary of its own."
                ).format(model=result.model.name)
            )
        if result.rounds > 1:
            notes.append(
                self.tr("Long text: summarized in {rounds} rounds.").format(rounds=result.rounds)
            )
        self.info.setText("\n".join(notes))

    def not_linked_text(self) -> str:
        return self.tr(
            "Written in another language than the text: its sentences are not linked to the "
            "paragraphs they come from."
        )

    def _sentence_clicked(self, item: QListWidgetItem) -> None:
        paragraphs = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(paragraphs, list) and paragraphs:
            self.select_paragraphs([int(p) for p in paragraphs])

    def select_paragraphs(self, paragraphs: list[int]) -> None:
        """Select the first linked paragraph and shade all of them in the source."""
        text = self.source.toPlainText()
        if text != self._summarized_text:
            return  # edited since: the paragraph numbers no longer point at the same text
        spans = paragraph_spans(text)
        chosen = [spans[p] for p in sorted(paragraphs) if 0 <= p < len(spans)]
        if not chosen:
            return
        marks = []
        shade = QColor(self.palette().highlight().color())
        shade.setAlpha(60)
        for start, end in chosen:
            mark = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.source.document())
            cursor.setPosition(utf16(text, start))
            cursor.setPosition(utf16(text, end), QTextCursor.MoveMode.KeepAnchor)
            mark.cursor = cursor
            mark.format.setBackground(shade)
            mark.format.setProperty(QTextFormat.Property.FullWidthSelection, False)
            marks.append(mark)
        self.source.setExtraSelections(marks)
        # Selected from its end back to its start: the view shows the start (it stopped at
        # the end, the passage's beginning above the box).
        reveal(self.source, utf16(text, chosen[0][0]), utf16(text, chosen[0][1]), select=True)

    def selected_span(self) -> tuple[int, int]:
        """The source's selection as Python offsets (for tests and accessibility checks)."""
        cursor = self.source.textCursor()
        text = self.source.toPlainText()
        encoded = text.encode("utf-16-le")
        start = len(encoded[: 2 * cursor.selectionStart()].decode("utf-16-le"))
        end = len(encoded[: 2 * cursor.selectionEnd()].decode("utf-16-le"))
        return start, end

    def result_text(self) -> str:
        return self.result.text if isinstance(self.result, SummarizeResult) else ""

    def load_text(self, text: str) -> None:
        replace_text(self.source, text)
        self.source.setExtraSelections([])
