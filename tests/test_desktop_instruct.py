"""The app with an instruction model: the Ask pane shows the written answer and the passages it
cites; following a citation in the answer, or choosing its row, marks its passage in the
text."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractSlider, QApplication, QTextEdit
from pytestqt.qtbot import QtBot

pytest.importorskip("optimum.exporters.onnx")

from desktop.i18n import Translations
from desktop.jobs import Job
from desktop.main_window import MainWindow
from desktop.panes import AskPane, ClassifyPane, SummarizePane
from engine import Engine, EngineOptions
from engine.api import Answer, AskResult, Citation, ClassifyResult, LabelsScored, ModelUsed
from tests.fixtures import corpus
from tests.fixtures.causal import exported
from tests.fixtures.desktop import WAIT_MS, Windows, windows

__all__ = ["windows"]  # a fixture, used by name


@pytest.fixture
def window(windows: Windows, quire_home: Path, tmp_path: Path) -> MainWindow:
    options = EngineOptions(home=quire_home, device="cpu", dtype="fp32")
    Engine(options).import_model(exported("qwen2"), "tiny-qwen2-instruct")
    return windows.open(options, tmp_path / "settings" / "quire.ini", None, preload=False)


def _finish(qtbot: QtBot, job: Job | None) -> None:
    assert job is not None
    with qtbot.waitSignal(job.finished, timeout=WAIT_MS):
        pass


def test_ask_shows_the_written_answer_and_its_citations_jump_to_passages(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.show_pane(2)
    pane = window.current_pane()
    assert isinstance(pane, AskPane)
    context = "\n\n".join(" ".join(corpus.sentences("en")[i : i + 3]) for i in range(0, 9, 3))
    pane.load_text(context)
    pane.question.setText("Where is the nearest train station?")
    _finish(qtbot, pane.run())
    result = pane.result
    assert isinstance(result, AskResult) and result.generated
    assert pane.written.isVisible()
    assert result.read and all(context[r.start : r.end] == r.text for r in result.read)
    if not result.answers:
        assert "Not in the document" in pane.written.toPlainText()
    else:
        assert pane.written.toPlainText() == result.answers[0].text
    # Under it, the passages it cites; citing none (or "not in the document"), those it read.
    listed = result.citations if result.answers and result.citations else result.read
    assert pane.answers.isVisible() and pane.answers.count() == len(listed)
    assert pane.sources_label.text() == ("S&ources:" if listed is result.citations
                                         else "Passages r&ead:")  # fmt: skip

    # "Not in the document" lists what was searched, each passage shown in the text on choice.
    read = (Citation(1, 0, 10, context[:10]),)
    nothing = dataclasses.replace(result, answers=(), citations=(), read=read)
    pane.result = nothing
    pane.show_result(nothing)
    assert "Not in the document" in pane.written.toPlainText()
    assert pane.sources_label.text() == "Passages r&ead:" and pane.answers.count() == 1
    assert pane.answers.accessibleName() == "Passages read"
    pane.answers.setCurrentRow(0)
    assert pane.highlighted == (0, 10)

    # The view, given an answer citing two passages (random weights rarely write "[n]"), and
    # a number no passage has.
    second = context.index("\n\n") + 2
    end = context.index("\n\n", second)
    cited = dataclasses.replace(
        result,
        answers=(Answer("Near the park [2], by the river [1] <b>[9]</b>.", 0.4, 0, 10),),
        citations=(Citation(1, 0, 10, context[:10]), Citation(2, second, end, context[second:end])),
    )
    pane.result = cited
    pane.show_result(cited)
    assert pane.written.toPlainText() == cited.answers[0].text  # markup in it is text
    assert pane.sources_label.isVisible() and pane.answers.isVisible()
    assert pane.answers_label.text() == "&Answer:" and pane.answers_label.buddy() is pane.written
    assert pane.answers.accessibleName() == "Sources"
    assert pane.answers.count() == 2
    assert pane.answers.item(1).text().startswith("[2] ")
    assert pane.highlighted == (0, 10)
    # A click on [2] in the answer marks passage 2 and chooses its row.
    _click(pane.written, "[2]")
    assert pane.highlighted == (second, end)
    assert pane.answers.currentRow() == 1
    _click(pane.written, "[1]")
    assert pane.highlighted == (0, 10) and pane.answers.currentRow() == 0
    assert _anchor(pane.written, "[9]") == ""  # no passage 9: plain text
    # The rows still work from the keyboard.
    pane.answers.setCurrentRow(1)
    assert pane.highlighted == (second, end)


def _point(view: QTextEdit, mark: str) -> QPoint:
    """Where ``mark`` (its middle) is drawn in ``view``'s viewport."""
    text = view.toPlainText()
    cursor = QTextCursor(view.document())
    cursor.setPosition(text.index(mark) + 1)
    return view.cursorRect(cursor).center()


def _anchor(view: QTextEdit, mark: str) -> str:
    return view.anchorAt(_point(view, mark))


def _click(view: QTextEdit, mark: str) -> None:
    assert _anchor(view, mark), f"{mark} is not a link"
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=_point(view, mark))


def test_a_summary_streams_into_the_pane_and_stop_keeps_what_was_written(
    qtbot: QtBot, window: MainWindow
) -> None:
    """Summarize with an instruction model: the summary appears while it is written (partial
    text through the engine process), and Stop ends the job, keeping the text so far."""
    pane = next(p for p in window.panes if isinstance(p, SummarizePane))
    window.show_pane(window.panes.index(pane))
    text = "\n\n".join(" ".join(corpus.sentences("en")[i : i + 4]) for i in range(0, 40, 4))
    pane.load_text(text)
    job = pane.run()
    assert job is not None
    partials: list[str] = []
    job.partial.connect(partials.append)
    qtbot.waitUntil(lambda: len(partials) >= 2, timeout=WAIT_MS)  # it streams
    assert pane.partial_shown and pane.sentences.count() == 1
    assert pane.sentences.item(0).text() == partials[-1]
    assert pane.cancel_button.isEnabled()
    with qtbot.waitSignal(job.cancelled, timeout=WAIT_MS):
        pane.cancel_button.click()  # Stop
    assert pane.sentences.count() == 1 and pane.sentences.item(0).text().strip()
    assert not pane.cancel_button.isEnabled()
    # What was written stays usable: selectable, copied and saved as shown.
    shown = pane.sentences.item(0).text()
    assert pane.sentences.isEnabled() and pane.copy_button.isEnabled()
    assert pane.save_button.isEnabled()
    pane.copy_result()
    assert QApplication.clipboard().text() == shown == partials[-1]


def _long_text(words: int) -> str:
    sentences = corpus.sentences("en")
    out: list[str] = []
    while sum(len(s.split()) for s in out) < words:
        out.append(sentences[len(out) % len(sentences)])
    return " ".join(out)


def test_a_long_written_answer_can_be_read_to_its_end(window: MainWindow) -> None:
    """An answer taller than its view scrolls to its last line, and its sources stay below
    it in view."""
    window.resize(900, 520)
    window.show_pane(2)
    pane = window.current_pane()
    assert isinstance(pane, AskPane)
    context = "\n\n".join(" ".join(corpus.sentences("en")[i : i + 3]) for i in range(0, 9, 3))
    pane.load_text(context)
    answer = Answer(_long_text(400) + " [1]", 0.5, -1, -1)
    first = context.index("\n\n")
    model = ModelUsed("tiny", Path("tiny"), "onnx", "fp32", "cpu")
    result = AskResult(
        (answer,), model, generated=True, citations=(Citation(1, 0, first, context[:first]),)
    )
    pane.show_result(result)
    view = pane.written
    bar = view.verticalScrollBar()
    assert bar.value() == 0 and bar.maximum() > 0  # read from its top; taller than the view
    bar.setValue(bar.maximum())
    end = QTextCursor(view.document())
    end.movePosition(QTextCursor.MoveOperation.End)
    assert 0 < view.cursorRect(end).bottom() <= view.viewport().height()
    assert pane.answers.isVisible() and pane.answers.count() == 1
    assert pane.answers.visualItemRect(pane.answers.item(0)).top() >= 0


def test_a_streamed_answer_follows_its_newest_words_until_the_reader_scrolls_up(
    window: MainWindow,
) -> None:
    window.resize(900, 520)
    window.show_pane(2)
    pane = window.current_pane()
    assert isinstance(pane, AskPane)
    view = pane.written
    text = _long_text(500)
    for words in (5, 100, 250, 400):
        pane.show_partial(" ".join(text.split()[:words]))
        assert view.isVisible() and not pane.answers.isVisible()
        end = QTextCursor(view.document())
        end.movePosition(QTextCursor.MoveOperation.End)
        assert 0 < view.cursorRect(end).bottom() <= view.viewport().height()  # newest in view
    bar = view.verticalScrollBar()
    assert bar.maximum() > 0
    bar.triggerAction(QAbstractSlider.SliderAction.SliderPageStepSub)  # the reader scrolls up
    place = bar.value()
    assert 0 < place < bar.maximum()
    pane.show_partial(text)
    pane.show_partial(text + " More.")
    # The reader's place stays (setting the whole text each time put it back at the top).
    assert bar.value() == place and view.toPlainText() == text + " More."


def test_a_streamed_summary_follows_its_newest_words_until_the_reader_scrolls_up(
    window: MainWindow,
) -> None:
    window.resize(900, 520)
    pane = next(p for p in window.panes if isinstance(p, SummarizePane))
    window.show_pane(window.panes.index(pane))
    view = pane.sentences
    text = _long_text(500)
    item = None
    for words in (5, 100, 250, 400):
        pane.show_partial(" ".join(text.split()[:words]))
        assert view.count() == 1
        item = item or view.item(0)
        assert view.item(0) is item  # updated in place, not rebuilt
        bottom = view.visualItemRect(item).bottom()
        assert 0 < bottom <= view.viewport().height()  # the newest words are in view
    bar = view.verticalScrollBar()
    assert bar.maximum() > 0
    bar.triggerAction(QAbstractSlider.SliderAction.SliderToMinimum)  # the reader scrolls up
    assert bar.value() == 0
    pane.show_partial(text)
    pane.show_partial(text + " More.")
    assert bar.value() == 0 and view.item(0) is item and item.text() == text + " More."


def test_every_pickers_line_says_which_model_is_an_instruction_model(
    windows: Windows, quire_home: Path, tmp_path: Path
) -> None:
    options = EngineOptions(home=quire_home, device="cpu", dtype="fp32")
    Engine(options).import_model(exported("qwen2"), "tiny-qwen2-instruct")
    translations = Translations()
    window = windows.open(options, tmp_path / "quire.ini", translations, preload=False)

    def lines() -> list[tuple[str, str]]:
        found = []
        for pane in window.panes:
            box = pane.model_box
            i = box.findData("tiny-qwen2-instruct")
            assert i > 0, f"{pane.task}: the instruction model is not offered"
            found.append((box.itemText(i), box.itemData(i, Qt.ItemDataRole.ToolTipRole)))
        return found

    assert len(window.panes) == 4
    assert set(lines()) == {("tiny-qwen2-instruct (instruction model)", "instruction model")}
    try:
        window.settings.language = "zh_CN"
        window.apply_settings()  # the open window is retranslated, its pickers too
        assert set(lines()) == {("tiny-qwen2-instruct（指令模型）", "指令模型")}
    finally:
        translations.switch("en")


def test_classify_with_an_instruction_model_explains_its_label(
    qtbot: QtBot, window: MainWindow
) -> None:
    pane = next(p for p in window.panes if isinstance(p, ClassifyPane))
    window.show_pane(window.panes.index(pane))
    assert pane.explain_box.isChecked()
    assert pane.legend.text() == "Classify to see which words decided the label."
    pane.explain_box.setChecked(False)
    assert pane.legend.text() == "Tick Explain to see which words decided the label."
    pane.explain_box.setChecked(True)
    pane.load_text("The children played football in the park.")
    pane.labels.setText("sport, politics")
    job = pane.run()
    assert job is not None
    # The labels show while the explanation is worked out (through the engine process).
    seen: list[tuple[list[str], str, object]] = []

    def progressed(event: object) -> None:
        if isinstance(event, LabelsScored):
            rows = [label.text() for label, _bar in pane.bars.rows]
            seen.append((rows, pane.legend.text(), pane.result))

    job.progressed.connect(progressed)
    _finish(qtbot, job)
    result = pane.result
    assert isinstance(result, ClassifyResult) and result.items[0].attributions
    top = result.items[0].labels[0].label
    assert pane.legend.text() == f"Red words pushed towards “{top}”, blue words away from it."
    ranked = [s.label for s in result.items[0].labels]
    assert seen == [(ranked, "Working out which words decided the label…", None)]


def test_a_stream_never_inherits_the_row_of_an_earlier_result(window: MainWindow) -> None:
    """A one-sentence summary's row carries its paragraphs and tooltip: the next run's
    streamed text gets a row of its own."""
    pane = next(p for p in window.panes if isinstance(p, SummarizePane))
    window.show_pane(window.panes.index(pane))
    view = pane.sentences
    view.addItem("The one sentence of the last summary.")
    old = view.item(0)
    old.setData(Qt.ItemDataRole.UserRole, [1])
    old.setToolTip("From paragraph(s) 2")
    view.setCurrentRow(0)
    pane.show_partial("A new summary is being")
    assert pane.busy.label.text() == "Writing…"  # what the job does now, in words
    row = view.item(0)
    assert view.count() == 1 and row is not old and row.text() == "A new summary is being"
    assert row.data(Qt.ItemDataRole.UserRole) is None and not row.toolTip()
    assert not row.isSelected()
    pane.show_partial("A new summary is being written.")
    assert view.item(0) is row  # its own row, updated in place


def test_translate_with_an_instruction_model_offers_target_languages_and_translates(
    qtbot: QtBot, window: MainWindow
) -> None:
    """An instruction model names no languages: the pane offers the languages it has names
    for, and the job translates with the model (the engine falls back to it), instead of
    offering only "The model's language" and then asking for a target."""
    from desktop.panes import TranslatePane
    from engine.api import TranslateResult

    pane = next(p for p in window.panes if isinstance(p, TranslatePane))
    window.show_pane(window.panes.index(pane))
    targets = [pane.to_box.itemData(i) for i in range(pane.to_box.count())]
    assert "" not in targets and {"de", "fr", "zh"} <= set(targets)
    pane.to_box.setCurrentIndex(pane.to_box.findData("de"))
    pane.source.setPlainText("The committee approved the budget.")
    _finish(qtbot, pane.run())
    assert isinstance(pane.result, TranslateResult)
    assert pane.result.model.name == "tiny-qwen2-instruct" and pane.result.target_language == "de"


def test_ask_with_an_instruction_model_does_not_say_only_passage_search_is_there(
    window: MainWindow,
) -> None:
    pane = next(p for p in window.panes if isinstance(p, AskPane))
    window.show_pane(window.panes.index(pane))
    assert not pane.passage_search_only()
    assert not pane.passages_note.isVisibleTo(window)


@pytest.mark.parametrize(("system", "expected"), [("zh_CN", "zh"), ("C", "en")])
def test_an_instruction_models_first_target_is_the_systems_language(
    system: str,
    expected: str,
    windows: Windows,
    quire_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Of the many languages an instruction model is offered for, the first default is the
    one the user reads (the system's; under a C locale, which names none, the app's own),
    not the first of the alphabet (Arabic); the languages are listed by name."""
    from PySide6.QtCore import QLocale

    from desktop.i18n import language_name
    from desktop.panes import TranslatePane
    from desktop.panes import translate as translate_pane

    class System:
        @staticmethod
        def system() -> QLocale:
            return QLocale(system)

    monkeypatch.setattr(translate_pane, "QLocale", System)
    options = EngineOptions(home=quire_home, device="cpu", dtype="fp32")
    Engine(options).import_model(exported("qwen2"), "tiny-qwen2-instruct")
    window = windows.open(options, tmp_path / "fresh" / "quire.ini", None, preload=False)
    pane = next(p for p in window.panes if isinstance(p, TranslatePane))
    assert pane.to_box.currentData() == expected
    names = [pane.to_box.itemText(i) for i in range(pane.to_box.count())]
    assert len(names) > 20 and names == sorted(names, key=str.casefold)
    assert pane.to_box.itemText(pane.to_box.currentIndex()) == language_name(expected)


def test_a_summary_sentence_from_no_paragraph_says_to_check_it(window: MainWindow) -> None:
    """A sentence sharing no word with the text (made up, or in another language) was linked
    to every paragraph, "from paragraphs 1, 2, …, 30": the one sentence to check looked the
    best sourced."""
    from engine.api import SummarizeResult, SummarySentence

    pane = next(p for p in window.panes if isinstance(p, SummarizePane))
    window.show_pane(window.panes.index(pane))
    pane.load_text("The river did not flood.\n\nThe library opens at nine.")
    model = ModelUsed("tiny", Path("tiny"), "onnx", "fp32", "cpu")
    pane.result = SummarizeResult(
        text="The library opens at nine. Gold was found.",
        model=model,
        sentences=(
            SummarySentence("The library opens at nine.", (1,)),
            SummarySentence("Gold was found.", ()),
            SummarySentence("The river and the library.", (0, 1)),
        ),
    )
    pane.show_result(pane.result)
    sourced, unsourced = pane.sentences.item(0), pane.sentences.item(1)
    assert sourced.toolTip() == "From paragraph 2"
    assert pane.sentences.item(2).toolTip() in ("From paragraphs 1 and 2", "From paragraphs 1, 2")
    assert unsourced.toolTip().startswith("No paragraph of the text has its words")
    pane._sentence_clicked(unsourced)  # nothing in the text is marked as its source
    assert pane.source.extraSelections() == []
    assert window.translations.switch("zh_CN")
    try:  # listed as Chinese lists are ("1, 2" in a Chinese sentence read as English)
        pane.show_result(pane.result)
        assert "1和2" in pane.sentences.item(2).toolTip()
    finally:
        window.translations.switch("en")


def test_the_summary_language_can_be_chosen_for_an_instruction_model(
    qtbot: QtBot, window: MainWindow, quire_home: Path
) -> None:
    """The engine writes a summary in a chosen language (``SummarizeRequest.language``); the
    pane offered no way to choose one, so a German report always got a German summary."""
    pane = next(p for p in window.panes if isinstance(p, SummarizePane))
    window.show_pane(window.panes.index(pane))
    box = pane.language_box
    assert box.isEnabled() and box.currentData() == "" and box.currentText() == "The text's"
    pane.load_text("Der Bericht beschreibt das Jahr.\n\nDie Preise stiegen um vier Prozent.")
    english = box.findData("en")
    assert english > 0 and box.itemText(english) == "English (en)"
    box.setCurrentIndex(english)
    box.activated.emit(english)  # as the user chooses it: remembered
    request = pane.build_request()
    assert request is not None and request.language == "en"
    assert window.settings.value("panes/summarize/language") == "en"
    assert window.translations.switch("zh_CN")
    try:  # named, and ordered by name, in the UI language; the choice kept
        names = [box.itemText(i) for i in range(1, box.count())]
        assert names == sorted(names, key=str.casefold) and box.currentData() == "en"
        assert box.currentText() != "English (en)" and box.itemText(0) == "与原文相同"
    finally:
        window.translations.switch("en")
    assert box.currentText() == "English (en)"
    _finish(qtbot, pane.run())

    # A summarizer writes in the text's language only: the choice is off, and not sent.
    from tests.fixtures.builder import exported as exported_seq2seq

    Engine(EngineOptions(home=quire_home)).import_model(exported_seq2seq("bart"), "distilbart-cnn")
    with qtbot.waitSignal(window.refresh_models().finished, timeout=WAIT_MS):
        pass
    pane.model_box.setCurrentIndex(pane.model_box.findData("distilbart-cnn"))
    pane.model_box.activated.emit(pane.model_box.currentIndex())
    assert pane.selected_model() == "distilbart-cnn" and not box.isEnabled()
    request = pane.build_request()
    assert request is not None and request.language is None


def test_a_model_too_big_for_the_free_memory_is_said_so_in_the_picker(
    window: MainWindow,
) -> None:
    """The fit of every installed model is known (``InstalledModel.fit``), and the catalog
    showed it; the panes' pickers did not, so one that would not load was chosen unwarned."""
    from engine.store.fit import Fit

    pane = next(p for p in window.panes if isinstance(p, SummarizePane))
    [entry] = pane.entries
    big = Fit("won't fit", "cpu", 8 * 2**30, 2**30, "needs about 8 GiB, 1 GiB free")
    fine = Fit("fits", "cpu", 2**20, 2**30, "")
    pane.set_catalog([dataclasses.replace(entry, fit=big)])
    box = pane.model_box
    index = box.findData(entry.name)
    assert box.itemText(index) == f"{entry.name} (instruction model) — too big for the free memory"
    tip = str(box.itemData(index, Qt.ItemDataRole.ToolTipRole))
    assert tip.endswith("It needs about 8 GB; 1 GB is free.")  # (as the CLI says sizes)
    pane.set_catalog([dataclasses.replace(entry, fit=fine)])
    assert box.itemText(box.findData(entry.name)) == f"{entry.name} (instruction model)"


def test_a_summary_in_another_language_says_it_is_not_linked(window: MainWindow) -> None:
    from engine.api import SummarizeResult, SummarySentence

    pane = next(p for p in window.panes if isinstance(p, SummarizePane))
    model = ModelUsed("tiny", Path("tiny"), "onnx", "fp32", "cpu")
    result = SummarizeResult(
        text="Die Bibliothek öffnet um neun.",
        model=model,
        sentences=(SummarySentence("Die Bibliothek öffnet um neun.", ()),),
        linked=False,
    )
    pane.result = result
    pane.show_result(result)
    said = "Written in another language than the text: its sentences are not linked"
    assert pane.sentences.item(0).toolTip().startswith(said)  # not "check it"
    assert pane.info.text().startswith(said)
