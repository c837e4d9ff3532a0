"""The Classify pane: ranked labels with bars, and the explanation as a heat map over the text
(which words pushed the model towards the top label, which away)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QLabel,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.jobs import Job, JobRunner
from desktop.panes.base import Pane
from desktop.settings import Settings
from desktop.widgets import DropLineEdit, DropTextEdit, HeatMap, ScoreBars, replace_text
from engine import Classification, ClassifyRequest, ClassifyResult, LabelScore, LabelsScored


def parse_labels(text: str) -> tuple[str, ...]:
    """Comma-separated labels (a Chinese comma or enumeration comma "、" too, as a Chinese
    list is written), trimmed, empty ones and repeats dropped."""
    parts = [p.strip() for p in text.replace("，", ",").replace("、", ",").split(",")]
    return tuple(dict.fromkeys(p for p in parts if p))


class ClassifyPane(Pane):
    task = "classify"

    def __init__(self, runner: JobRunner, settings: Settings, parent: QWidget | None = None):
        super().__init__(runner, settings, parent)
        self.labels_label = QLabel(self)
        self.labels = DropLineEdit(self)
        self.labels.files_dropped.connect(self.open_files)
        self.labels.setMinimumWidth(260)
        self.labels_label.setBuddy(self.labels)
        self.explain_box = QCheckBox(self)
        self.explain_box.setChecked(True)
        self.explain_box.toggled.connect(self._explain_toggled)
        self.text = DropTextEdit(self)
        self.text.files_dropped.connect(self.open_files)

        results = QWidget(self)
        results_layout = QVBoxLayout(results)
        results_layout.setContentsMargins(0, 0, 0, 0)
        self.scores_title = QLabel(results)
        self.bars = ScoreBars(results)
        self.scores_scroll = scroll = QScrollArea(results)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.bars)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.heat_title = QLabel(results)
        self.heat = HeatMap(results)
        self.legend = QLabel(results)
        self.legend.setWordWrap(True)
        self.notes = QLabel(results)
        self.notes.setWordWrap(True)
        results_layout.addWidget(self.scores_title)
        results_layout.addWidget(scroll, 1)
        results_layout.addWidget(self.heat_title)
        results_layout.addWidget(self.heat, 2)
        results_layout.addWidget(self.legend)
        results_layout.addWidget(self.notes)

        splitter = QSplitter(self)
        splitter.addWidget(self.text)
        splitter.addWidget(results)
        splitter.setChildrenCollapsible(False)
        self.assemble(
            [self.labels_label, self.labels, self.explain_box],
            splitter,
            reading=[self.text, self.scores_scroll, self.heat],
        )
        self.track([self.text, self.labels], [self.bars, self.heat], [self.notes])
        self.retranslate()

    def title(self) -> str:
        return self.tr("Classify")

    def run_text(self) -> str:
        return self.tr("Classify")

    def no_model_text(self) -> str:
        return self.tr(
            "No classification model is installed. Download a classifier, an NLI model or a "
            "sentence-embedding model from the catalog, or import one."
        )

    def retranslate(self) -> None:
        super().retranslate()
        self.labels_label.setText(self.tr("&Labels:"))
        self.labels.setPlaceholderText(self.tr("Optional: labels, separated by commas"))
        self.labels.setAccessibleName(self.tr("Labels to choose from"))
        self.labels.setToolTip(
            self.tr("Leave empty to use a fine-tuned classifier's own labels; an NLI, "
                    "sentence-embedding or instruction model needs yours (zero-shot).")
        )  # fmt: skip
        # A Tab stop (arrow keys scroll a long list of labels): named for screen readers.
        self.scores_scroll.setAccessibleName(self.tr("Scores of the labels"))
        self.explain_box.setText(self.tr("Explain"))
        self.explain_box.setAccessibleName(self.tr("Explain the result with a heat map"))
        self.text.setPlaceholderText(self.tr("Type, paste or drop the text to classify"))
        self.text.setAccessibleName(self.tr("Text to classify"))
        self.scores_title.setText(self.tr("Labels, best first"))
        self.bars.setAccessibleName(self.tr("Label scores"))
        self.heat_title.setText(self.tr("Why"))
        self.heat.setAccessibleName(self.tr("Explanation heat map"))
        self._describe()

    def _explain_toggled(self, _on: bool) -> None:
        self._describe()

    def _describe(self) -> None:
        shown = self.shown
        hint = (
            self.tr("Classify to see which words decided the label.")
            if self.explain_box.isChecked()
            else self.tr("Tick Explain to see which words decided the label.")
        )
        if shown is None:
            self.legend.setText(hint)
            self.notes.clear()
            return
        item, multi_label = shown
        top = item.labels[0].label if item.labels else ""
        if item.attributions:
            self.legend.setText(
                self.tr("Red words pushed towards “{label}”, blue words away from it.").format(
                    label=top
                )
            )
        elif self.running and self.partial_shown:  # the labels came first; the rest follows
            self.legend.setText(self.tr("Working out which words decided the label…"))
        else:
            self.legend.setText(hint)
        notes = []
        if item.truncated and item.read >= 1:  # (how much is not known: an older record)
            notes.append(self.tr("The text is longer than the model reads; its end was left out."))
        elif item.truncated and item.read < 0.01:
            notes.append(
                self.tr(
                    "The text is longer than the model reads: only its beginning, less than "
                    "1 % of it, was classified."
                )
            )
        elif item.truncated:
            notes.append(
                self.tr(
                    "The text is longer than the model reads: only its beginning, about "
                    "{percent} % of it, was classified."
                ).format(percent=round(item.read * 100))
            )
        if multi_label:
            notes.append(
                self.tr("Each label is scored on its own (they need not add up to 100 %).")
            )
        self.notes.setText(" ".join(notes))

    def build_request(self) -> ClassifyRequest | None:
        text = self.text.toPlainText()
        if not text.strip():
            self.ask_for(self.text, self.tr("Type or drop some text to classify"))
            return None
        return ClassifyRequest(
            texts=(text,),
            model=self.selected_model(),
            labels=parse_labels(self.labels.text()),
            explain=self.explain_box.isChecked(),
        )

    # The classification on screen and whether its labels are scored independently: the
    # result's, or, while the explanation is worked out, the labels reported before it.
    shown: tuple[Classification, bool] | None = None

    def show_event(self, event: object) -> None:
        # The labels are known long before the explanation: show them while it is worked out.
        if isinstance(event, LabelsScored) and event.index == 0:
            self.shown = (event.item, event.multi_label)
            self._show_scores(event.item.labels)
            self.heat.show_attributions(event.item.text, ())
            self.shown_partly()
            self._describe()

    def show_result(self, result: Any) -> None:
        assert isinstance(result, ClassifyResult)
        if not result.items:
            return
        item = result.items[0]
        self.shown = (item, result.multi_label)
        self._show_scores(item.labels)
        self.heat.show_attributions(item.text, item.attributions)
        self._describe()

    def _show_scores(self, labels: tuple[LabelScore, ...]) -> None:
        # Up to five labels are shown whole; the explanation below gives up the room.
        self.bars.set_scores(labels)
        self.scores_scroll.setMinimumHeight(self.bars.wanted_height())

    def _ended(self, job: Job) -> None:
        super()._ended(job)
        self._describe()  # a job stopped after its labels: no explanation is coming

    def clear_view(self) -> None:
        self.shown = None
        self._show_scores(())
        self.heat.show_attributions("", ())
        self._describe()

    def done_text(self) -> str:
        """The best label and its score: the bars beside the text are no text to read."""
        if self.shown is None or not self.shown[0].labels:
            return super().done_text()
        best = self.shown[0].labels[0]
        return self.tr("{task}: {label}, score {score}").format(
            task=self.title(), label=best.label, score=f"{best.score:.2f}"
        )

    def result_text(self) -> str:
        if self.shown is None:
            return ""
        return "\n".join(f"{s.label}\t{s.score:.4f}" for s in self.shown[0].labels)

    def load_text(self, text: str) -> None:
        replace_text(self.text, text)
