"""The Translate pane: from / to pickers with auto-detect and swap, the source beside the
translation, and as-you-type translation (debounced; the latest request wins)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QLocale, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QPushButton,
    QSplitter,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.catalog import INSTRUCT_ROLE, ModelEntry
from desktop.errors import engine_sentences, present
from desktop.glossary import FILE_NAME as GLOSSARY_FILE
from desktop.glossary import agrees, pair_text, summary
from desktop.i18n import language_name, named_languages
from desktop.jobs import JobRunner
from desktop.panes.base import DIMMED, Pane, fade
from desktop.settings import Settings, output_name
from desktop.widgets import DropTextEdit, TextFeeder, fit_to_text, replace_text, shrinkable
from engine import EngineError, InputError, TranslateRequest, TranslateResult

DEBOUNCE_MS = 600  # a pause in typing this long starts a translation
UNSURE = 0.5  # a detection less probable than this is flagged as a guess
LIVE_MAX_CHARS = 5000  # longer texts (a whole file) wait for the Translate button
MEMORY_NAME_PX = 100  # the widest a translation memory's file name is shown on its button


# One such file is opened for editing, not queued (a file without an extension too: README).
IN_THE_BOX = frozenset({".txt", ".text", ""})


def _in_the_box(path: Path) -> bool:
    """A plain text file, opened for editing; a .txt of subtitles (a cue a line) or of a
    sheet's cells (Excel's "Unicode Text") is translated into a file with its timings or
    its cells, through the queue, as an .srt or a .tsv is."""
    from engine import document_in_text

    return path.suffix.lower() in IN_THE_BOX and not document_in_text(path)


def reader_language(ui_language: str) -> str:
    """The language the user reads: the system's, or where the system names none (the C or
    POSIX locale of a bare session or a container) the app's own (``ui_language``)."""
    name = QLocale.system().name().split("_")[0]
    if name.isalpha() and name.islower() and len(name) in (2, 3):
        return name
    return ui_language.split("_")[0]


class TranslatePane(Pane):
    task = "translate"
    files_requested = Signal(list, object)  # list[Path], TranslateRequest (the template)

    def __init__(self, runner: JobRunner, settings: Settings, parent: QWidget | None = None):
        super().__init__(runner, settings, parent)
        self.detected: str | None = None
        self.result_memory: str | Path | None = None  # the memory the shown result's job used
        self.from_label = QLabel(self)
        self.from_box = shrinkable(QComboBox(self))
        self.from_label.setBuddy(self.from_box)
        self.swap_button = QToolButton(self)
        self.swap_button.setText("⇄")
        self.swap_button.clicked.connect(self.swap)
        self.to_label = QLabel(self)
        self.to_box = shrinkable(QComboBox(self))
        self.to_label.setBuddy(self.to_box)
        self.live_box = QCheckBox(self)
        self.live_box.setChecked(settings.live_translate)
        self.live_box.toggled.connect(self._live_toggled)
        self.glossary_path = runner.options.home / GLOSSARY_FILE
        self.glossary_box = QCheckBox(self)
        self.glossary_box.setChecked(settings.value("panes/translate/glossary", "true") == "true")
        self.glossary_box.toggled.connect(self._glossary_toggled)
        # A translation memory (TMX) the user chose: its sentences come from it, not the model.
        self.memory_button = QPushButton(self)
        self.memory_button.clicked.connect(self.choose_memory)
        self.memory_clear = QToolButton(self)
        self.memory_clear.setText("✕")
        self.memory_clear.clicked.connect(self.clear_memory)
        for box in (self.from_box, self.to_box):
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            box.activated.connect(self._languages_chosen)

        self.source = DropTextEdit(self)
        self.source.files_dropped.connect(self.open_files)
        self.output = QTextEdit(self)
        self.output.setReadOnly(True)
        # Read and selected from the keyboard too (Shift+arrows, a screen reader's caret).
        self.output.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.output.setTabChangesFocus(True)
        self.output.setAcceptRichText(False)
        self.feeder = TextFeeder(self.output)
        self.info = QLabel(self)
        self.info.setWordWrap(True)
        self.info.hide()  # shown when there is something to say
        self.wanted_pair = ""  # "de-en": the pair the last run found no model for
        self.find_button = QPushButton(self)  # offers the catalog's model for that pair
        self.find_button.hide()
        self.find_button.clicked.connect(lambda: self.catalog_requested.emit(self.wanted_pair))
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.output, 1)
        right_layout.addWidget(self.info)
        right_layout.addWidget(self.find_button, 0, Qt.AlignmentFlag.AlignLeft)
        splitter = QSplitter(self)
        splitter.addWidget(self.source)
        splitter.addWidget(right)
        splitter.setChildrenCollapsible(False)

        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(DEBOUNCE_MS)
        self.debounce.timeout.connect(lambda: self.run(quiet=True))

        self.assemble(
            [self.from_label, self.from_box, self.swap_button, self.to_label, self.to_box,
             self.memory_button, self.memory_clear],
            splitter,
            [self.live_box, self.glossary_box],
            reading=[self.source, self.output, self.find_button],
        )  # fmt: skip
        self.track([self.source], [self.output], [self.info])
        self.source.textChanged.connect(self._typed)  # after track: its note wins
        self._fill_languages()
        self.retranslate()

    def title(self) -> str:
        return self.tr("Translate")

    def run_text(self) -> str:
        return self.tr("Translate")

    def no_model_text(self) -> str:
        return self.tr(
            "No translation model is installed. Download one (for example opus-mt-en-de) from "
            "the catalog, or import one."
        )

    def too_long_text(self) -> str:
        return self.tr(
            "This text is longer than {count} characters, too long to translate as you type: "
            "press Translate."
        ).format(count=LIVE_MAX_CHARS)

    def clear_view(self) -> None:
        self.feeder.clear()
        self.set_info("")

    def retranslate(self) -> None:
        super().retranslate()
        self.from_label.setText(self.tr("Fr&om:"))
        self.from_box.setAccessibleName(self.tr("Source language"))
        self.to_label.setText(self.tr("&To:"))
        self.to_box.setAccessibleName(self.tr("Target language"))
        self.swap_button.setToolTip(self.tr("Swap the languages"))
        self.swap_button.setAccessibleName(self.tr("Swap the languages"))
        self.live_box.setText(self.tr("Translate as I type"))
        self.live_box.setAccessibleName(self.tr("Translate as I type"))
        self.show_glossary()
        self.show_memory()
        self.source.setPlaceholderText(self.tr("Type, paste or drop text here"))
        self.source.setAccessibleName(self.tr("Text to translate"))
        self.output.setPlaceholderText(self.tr("The translation appears here"))
        self.output.setAccessibleName(self.tr("Translation"))
        self.info.setAccessibleName(self.tr("About the translation"))
        self._word_find_button()
        for box in (self.from_box, self.to_box):
            for i in range(box.count()):
                code = str(box.itemData(i) or "")
                if code:
                    box.setItemText(i, language_name(code))
        if self.from_box.count():
            self.from_box.setItemText(0, self.tr("Detect language"))
        if self.to_box.count() and self.to_box.itemData(0) == "":
            self.to_box.setItemText(0, self.tr("The model's language"))
        self._describe_result()

    # --- languages ------------------------------------------------------------------------

    def describe_entry(self, entry: ModelEntry) -> str:
        if entry.sources and entry.targets and len(entry.sources) * len(entry.targets) <= 4:
            pairs = ", ".join(f"{s}→{t}" for s in entry.sources for t in entry.targets if s != t)
            return f"{entry.name} ({pairs})"
        return super().describe_entry(entry)

    def models_changed(self) -> None:
        self._fill_languages()

    def _considered(self) -> list[ModelEntry]:
        """The chosen model, or in Automatic every model the pane offers."""
        chosen = self.selected_entry()
        return [chosen] if chosen is not None else self.entries

    def _offers_instruct(self) -> bool:
        return any(INSTRUCT_ROLE in e.roles for e in self._considered())

    def _languages(self) -> tuple[list[str], list[str]]:
        entries = self._considered()
        sources = {s for e in entries for s in e.sources}
        targets = {t for e in entries for t in e.targets}
        if self._offers_instruct():
            # An instruction model names no languages: it translates between those it speaks.
            sources.update(named_languages())
            targets.update(named_languages())
        by_name = lambda code: language_name(code).casefold()  # noqa: E731 (as shown)
        return sorted(sources, key=by_name), sorted(targets, key=by_name)

    def _fill_languages(self) -> None:
        sources, targets = self._languages()
        source = self.from_box.currentData() or self.settings.value("panes/translate/source")
        target = self.to_box.currentData() or self.settings.value("panes/translate/target")
        self.from_box.clear()
        self.from_box.addItem(self.tr("Detect language"), "")
        for code in sources:
            self.from_box.addItem(language_name(code), code)
        self.to_box.clear()
        if not targets:
            self.to_box.addItem(self.tr("The model's language"), "")
        for code in targets:
            self.to_box.addItem(language_name(code), code)
        self.from_box.setCurrentIndex(max(0, self.from_box.findData(source)))
        index = self.to_box.findData(target)
        mine = reader_language(self.settings.language)
        if index < 0 and self._offers_instruct() and self.to_box.findData(mine) >= 0:
            # Any of many (an instruction model's): the system's language, which people read,
            # not the first of the alphabet.
            index = self.to_box.findData(mine)
        if index < 0:
            # A model's few targets: one other than the system's language, which the text to
            # translate is seldom already in.
            others = [i for i in range(self.to_box.count()) if self.to_box.itemData(i) != mine]
            index = others[0] if others else 0
        self.to_box.setCurrentIndex(index)
        self.swap_button.setEnabled(bool(targets))
        self.show_glossary()

    def _languages_chosen(self, _index: int) -> None:
        self.settings.set_value("panes/translate/source", str(self.from_box.currentData() or ""))
        self.settings.set_value("panes/translate/target", str(self.to_box.currentData() or ""))
        self.show_glossary()
        if self.live_box.isChecked() and self.source.toPlainText().strip():
            self.debounce.start()

    def swap(self) -> None:
        """Exchange the languages and put the translation in as the new source. Both boxes
        change: a language no installed model offers is added to its box (running then says
        so and offers the catalog's model)."""
        source = self.from_box.currentData() or self.detected
        target = self.to_box.currentData()
        if not target:
            return
        self.from_box.setCurrentIndex(self._ensure_language(self.from_box, target))
        if source:
            self.to_box.setCurrentIndex(self._ensure_language(self.to_box, source))
        translated = self.feeder.target
        if translated:
            self.clear_output()  # the output becomes the input
            self.source.setPlainText(translated)
        self._languages_chosen(0)

    def _ensure_language(self, box: QComboBox, code: str) -> int:
        index = box.findData(code)
        if index < 0:
            box.addItem(language_name(code), code)
            index = box.count() - 1
        return index

    # --- as you type ----------------------------------------------------------------------

    def _job_languages(self, text: bool) -> tuple[str | None, str | None]:
        """A job's languages as far as the pane knows them: a detected source is, for text,
        the language the last translation found (the next is most often in it too)."""
        source = self.from_box.currentData() or (self.detected if text else None)
        return source or None, self.to_box.currentData() or None

    def glossary(self, *, text: bool = True) -> Path | None:
        """The glossary file to use, when it is switched on, holds terms and is for the
        job's languages (an en → de glossary put German terms into French): a source to be
        detected is judged by the target alone, and for text by the last detection too."""
        if not self.glossary_box.isChecked():
            return None
        try:
            count, pair = summary(self.glossary_path)
        except InputError:
            return self.glossary_path  # (the engine says what is wrong with it)
        if not count or not agrees(pair, *self._job_languages(text)):
            return None
        return self.glossary_path

    def show_glossary(self) -> None:
        """The switch says what it does: how many terms (its tooltip and description: for
        which languages); faded, and saying why, when it does nothing here (then out of the
        Tab order, as a disabled switch is). Its text stays short: the window's narrowest
        width holds it beside "Translate as I type"."""
        box = self.glossary_box
        try:
            count, pair = summary(self.glossary_path)
        except InputError:  # (unreadable: the engine says why when it is used)
            count, pair = -1, ("", "")
        used = count != 0 and agrees(pair, *self._job_languages(text=True))
        text = name = self.tr("Glossary")
        if count < 0:
            tip = ""
        elif not count:
            tip = self.tr("The glossary has no terms: add them in Settings → Glossary…")
        elif used:
            text = self.tr("Glossary ({count})").format(count=QLocale().toString(count))
            name = tip = self.tr(
                "Glossary: %Ln term(s) for {languages}, translated your way (Settings → Glossary…)",
                "",
                count,
            ).format(languages=pair_text(pair))
        else:
            tip = self.tr(
                "The glossary is for {languages}: it is not used for these languages. "
                "Settings → Glossary… sets its languages."
            ).format(languages=pair_text(pair))
        box.setText(text)
        box.setAccessibleName(name)
        box.setToolTip(tip)
        box.setAccessibleDescription(tip)
        fade(box, not used)
        # Faded, it does nothing here: out of Tab's way (Tab stopped on what looked disabled);
        # its tooltip still says why, and a click still switches it for other languages.
        box.setFocusPolicy(Qt.FocusPolicy.NoFocus if not used else Qt.FocusPolicy.StrongFocus)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self.glossary_box.property(DIMMED):
            fade(self.glossary_box, True)  # in the new theme's colours
        if event.type() == QEvent.Type.ActivationChange:
            self.show_memory()  # (the memory moved or deleted meanwhile, or back again)

    # --- the translation memory ------------------------------------------------------------

    def memory(self) -> Path | None:
        """The translation memory (TMX) chosen for translating, None when none is."""
        chosen = self.settings.value("panes/translate/memory")
        return Path(chosen) if chosen else None

    def set_memory(self, path: Path | None) -> None:
        self.settings.set_value("panes/translate/memory", str(path) if path else "")
        self.show_memory()
        if self.has_output():
            self.mark_stale("edited")  # (made with, or without, the memory of before)

    def choose_memory(self) -> None:
        from desktop import file_dialogs

        current = self.memory()
        chosen = file_dialogs.open_file_name(
            self, self.tr("Choose a translation memory"),
            str(current.parent if current else Path.home()),
            self.tr("Translation memories (*.tmx);;All files (*)"),
        )  # fmt: skip
        if chosen:
            self.set_memory(Path(chosen))

    def clear_memory(self) -> None:
        self.set_memory(None)
        self.memory_button.setFocus()

    def show_memory(self) -> None:
        path = self.memory()
        if path is None:
            text = self.tr("Memor&y…")
            tip = self.tr(
                "Choose a translation memory (TMX): the sentences it holds are translated in "
                "its words, not the model's"
            )
        else:
            # (the name cut short: the top row fits an 800-pixel window)
            name = self.memory_button.fontMetrics().elidedText(
                path.name, Qt.TextElideMode.ElideMiddle, MEMORY_NAME_PX
            )
            if path.exists():
                text = self.tr("Memor&y: {name}").format(name=name)
                tip = self.tr("Translating with the memory {path}; click to choose another").format(
                    path=path
                )
            else:
                # (kept chosen: the file may come back, a USB drive plugged in again)
                text = self.tr("Memor&y: {name} (missing)").format(name=name)
                tip = self.tr(
                    "The translation memory {path} is not there any more (moved, deleted, or "
                    "on a drive not connected); click to choose it again, or stop using it "
                    "with ✕"
                ).format(path=path)
        self.memory_button.setText(text)
        fit_to_text(self.memory_button)
        self.memory_button.setToolTip(tip)
        self.memory_button.setAccessibleName(
            self.tr("Translation memory") if path is None
            else self.tr("Translation memory: {name}").format(name=path.name)
        )  # fmt: skip
        self.memory_button.setAccessibleDescription(tip)
        clear = self.tr("Stop using the translation memory")
        self.memory_clear.setToolTip(clear)
        self.memory_clear.setAccessibleName(clear)
        self.memory_clear.setVisible(path is not None)

    def glossary_changed(self) -> None:
        """The glossary was saved: the output was made with the old terms or languages."""
        self.show_glossary()
        self.input_changed()

    def _glossary_toggled(self, on: bool) -> None:
        self.settings.set_value("panes/translate/glossary", "true" if on else "false")
        self.input_changed()  # the output was made with the other choice
        if self.live_box.isChecked() and self.source.toPlainText().strip():
            self.debounce.start()

    def _live_toggled(self, on: bool) -> None:
        self.settings.live_translate = on
        if on and self.source.toPlainText().strip():
            self.debounce.start()

    def _typed(self) -> None:
        if self.restoring:
            return  # the last session's text: translated when the user asks, not at start
        if self.running:
            self.cancel(by_user=False)  # its translation is of a text that no longer exists
        if self.live_box.isChecked() and self.entries:
            # Not copied out where it is surely too long (a 20 MB text was, at each key): Qt
            # counts UTF-16 units, at least one a character, at most two.
            units = self.source.document().characterCount() - 1
            text = self.source.toPlainText() if units <= 2 * LIVE_MAX_CHARS else ""
            long = units > 2 * LIVE_MAX_CHARS or len(text) > LIVE_MAX_CHARS
            if text.strip() and not long:
                self.debounce.start()
            elif long:
                self.debounce.stop()
                self.mark_stale("too_long")
            else:
                self.debounce.stop()
                self.cancel(by_user=False)
                self.clear_output()

    # --- the job --------------------------------------------------------------------------

    def build_request(self) -> TranslateRequest | None:
        self.debounce.stop()
        text = self.source.toPlainText()
        if not text.strip():
            self.ask_for(self.source, self.tr("Type or drop some text to translate"))
            return None
        return TranslateRequest(
            text=text,
            model=self.selected_model(),
            source=self.from_box.currentData() or None,
            target=self.to_box.currentData() or None,
            glossary=self.glossary(),
            memory=self.memory(),
        )

    def show_partial(self, text: str) -> None:
        self.feeder.show(text)

    def show_inline_error(self, text: str) -> None:
        self.set_info(text)

    def fail(self, error: BaseException, quiet: bool = False) -> None:
        """A missing language pair is not a failure to dismiss: it is said under the output,
        with a button to the catalog's model for the pair."""
        if isinstance(error, EngineError) and error.message_id in (
            "translate.no_model_pair",
            "translate.model_not_for_pair",
        ):
            source, target = error.params.get("source"), error.params.get("target")
            message, hint = engine_sentences(error)
            if self.has_output():
                self.mark_stale("edited")  # the output is of some other text
            said = f"{message} {hint}"
            if not quiet or said != self.info.text():  # (once while typing, not each pause)
                self.announce(message)
            self.set_info(said)
            if source and target:
                self.wanted_pair = f"{source}-{target}"
                self._word_find_button()
                self.find_button.show()
            return
        super().fail(error, quiet)

    def _word_find_button(self) -> None:
        source, _, target = self.wanted_pair.partition("-")
        if source and target:
            text = self.tr("Find {source} → {target} in the catalog…").format(
                source=language_name(source), target=language_name(target)
            )
        else:
            text = self.tr("Find a model in the catalog…")
        self.find_button.setText(text)
        self.find_button.setAccessibleName(text)

    def set_info(self, text: str) -> None:
        self.info.setText(text)
        self.info.setVisible(bool(text))
        self.find_button.hide()

    def show_result(self, result: Any) -> None:
        assert isinstance(result, TranslateResult)
        self.feeder.show(result.text)
        # The memory the job used, for its note (one chosen while it ran is not the one it used)
        asked = self.job.request if self.job is not None else None
        self.result_memory = asked.memory if isinstance(asked, TranslateRequest) else None
        if result.detected_confidence is not None:
            self.detected = result.source_language
            self.show_glossary()
            request = self.job.request if self.job is not None else None
            used = isinstance(request, TranslateRequest) and request.glossary is not None
            if used != (self.glossary() is not None):
                # The text is in another language than the last one was: translated with
                # the glossary of another pair, or without the one for its own. Again, as
                # the detection says (once: it finds the same language the next time).
                quiet = self.job_quiet
                QTimer.singleShot(0, lambda: self.run(quiet=quiet))
        self._describe_result()

    def _describe_result(self) -> None:
        """The notes under the translation, in the UI language (again after a switch)."""
        result = self.result
        if not isinstance(result, TranslateResult):
            return
        notes = []
        if result.detected_confidence is not None:
            notes.append(
                self.tr("Detected {language}, {confidence:.0%} sure").format(
                    language=language_name(result.source_language),
                    confidence=result.detected_confidence,
                )
            )
            if result.detected_confidence < UNSURE:
                notes.append(self.tr("too short to be sure: choose the language in From if wrong"))
        if result.pivot:
            notes.append(self.tr("via {language}").format(language=language_name(result.pivot)))
        suspect = sum(1 for s in result.segments if s.suspect)
        if suspect:
            notes.append(self.tr("%n sentence(s) look garbled; check them", "", suspect))
        if result.memory_reused:
            memory = Path(self.result_memory) if self.result_memory else None
            notes.append(
                self.tr("%n sentence(s) from the translation memory {name}", "",
                        result.memory_reused).format(name=memory.name if memory else "")
            )  # fmt: skip
        for tag, units in result.memory_left_out:
            notes.append(
                self.tr("%n memory unit(s) in {variant} left out (translating into {target})", "",
                        units).format(variant=tag, target=result.memory_variant)
            )  # fmt: skip
        if result.applied_terms:
            notes.append(self.tr("Glossary: {terms}").format(terms=", ".join(result.applied_terms)))
        if result.missing_terms:
            notes.append(
                self.tr("Glossary terms lost: {terms}").format(
                    terms=", ".join(result.missing_terms)
                )
            )
        self.set_info(" · ".join(notes))

    def suggested_name(self) -> str:
        """The name Settings' output pattern gives (``report.de.txt``)."""
        result = self.result
        if not isinstance(result, TranslateResult):
            return super().suggested_name()
        source = self.source_path or Path(self.tr("translation") + ".txt")
        if source.suffix.lower() not in IN_THE_BOX - {""}:
            source = source.with_suffix(".txt")
        return output_name(self.settings.output_pattern, source, result.target_language)

    def suggested_folder(self) -> Path:
        return self.settings.output_folder or super().suggested_folder()

    def result_text(self) -> str:
        return self.result.text if isinstance(self.result, TranslateResult) else ""

    def load_text(self, text: str) -> None:
        replace_text(self.source, text)

    # --- files and folders ----------------------------------------------------------------

    def open_files(self, paths: list[Path]) -> None:
        """One plain text file opens in the box; documents, several files and folders are
        translated into files, through the queue."""
        if len(paths) == 1 and paths[0].is_file() and _in_the_box(paths[0]):
            super().open_files(paths)
            return
        self.translate_files(paths)

    def open_file(self, path: Path, encoding: str | None = None) -> bool:
        if path.is_dir() or not _in_the_box(path):
            return self.translate_files([path])
        return super().open_file(path, encoding)

    def translate_files(self, paths: list[Path]) -> bool:
        if not paths:
            return False
        from engine import refuse_other_document

        try:
            for path in paths:
                # (a file no reader takes is refused for what it is, a .sup for its pictures,
                # before the job would find no model: installing one would not help)
                refuse_other_document(path)
        except InputError as error:
            present(error, self.window())
            return False
        if not self.entries:
            self.status.emit(self.no_model_text())
            return False
        template = TranslateRequest(
            text="",
            model=self.selected_model(),
            source=self.from_box.currentData() or None,
            target=self.to_box.currentData() or None,
            glossary=self.glossary(text=False),  # (each file's language is its own)
            memory=self.memory(),
        )
        self.files_requested.emit(paths, template)
        return True
