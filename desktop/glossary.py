"""The glossary the app keeps (``<store>/glossary.tsv``, the engine's format: ``term<TAB>
translation``, a term alone stays untranslated) and its editor: a table of terms with CSV
import and export, and import from a TBX termbase for the language pair the user chooses,
used for text and files alike, in the pair of languages it is for (a comment line the engine
skips: ``# languages: en de``, ``*`` for any; a file without one is for any pair)."""

from __future__ import annotations

import codecs
import csv
import functools
import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import QCollator, QCoreApplication, QLocale, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop import errors, file_dialogs
from desktop.i18n import language_name, named_languages
from engine import (
    InputError,
    is_termbase,
    load_glossary,
    primary_language,
    read_termbase,
    same_language,
    write_atomic,
)

FILE_NAME = "glossary.tsv"
Term = tuple[str, str]  # term, translation ("" = keep the term as it is)
Pair = tuple[str, str]  # the languages translated from and into ("" = any)
ANY: Pair = ("", "")


@contextmanager
def waiting() -> Iterator[None]:
    """The wait cursor while the GUI thread reads a file (a termbase of 30,000 concepts takes
    about a second to read and show), restored however it ends."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


def clean(text: str) -> str:
    """A cell as the TSV can hold it: one line, no tabs."""
    return " ".join(text.replace("\t", " ").split())


def read_glossary(path: Path) -> tuple[list[Term], Pair]:
    """The glossary's terms (none when there is no file yet, or it has none) and the
    languages it is for (any, in a file written before it said: it was used for every
    pair), read by the engine's reader, as a job reads it (once until it changes). Raises
    ``InputError`` for a file the engine would refuse, saying which line."""
    try:
        glossary = load_glossary(path)
    except InputError as exc:
        if exc.message_id in ("file.missing", "glossary.empty"):
            return [], ANY
        raise
    terms = [(e.term, e.translation or "") for e in glossary.entries]
    return terms, glossary.languages or ANY


def read_terms(path: Path) -> list[Term]:
    return read_glossary(path)[0]


def summary(path: Path) -> tuple[int, Pair]:
    """How many terms the glossary holds and the languages it is for, read again only when
    the file changed (the Translate pane asks at each change of its languages). Raises
    ``InputError`` when it cannot be read."""
    try:
        state = path.stat()
    except OSError:
        return 0, ANY
    return _summary(path, state.st_mtime_ns, state.st_size)


@functools.lru_cache(maxsize=2)
def _summary(path: Path, _mtime: int, _size: int) -> tuple[int, Pair]:
    terms, pair = read_glossary(path)
    return len(terms), pair


def agrees(pair: Pair, source: str | None, target: str | None) -> bool:
    """Whether a glossary for ``pair`` is for a job from ``source`` into ``target``, by their
    languages and scripts as the engine judges them (an en-US → de-DE termbase is for en → de,
    a zh-Hans one not for zh-Hant); a side not known (a detected source, a model's one
    language) is not held against it."""
    return all(
        not wanted or not given or same_language(wanted, given)
        for wanted, given in zip(pair, (source, target), strict=True)
    )


def pair_text(pair: Pair) -> str:
    """``English → German``; ``any language → German``."""
    translate = QCoreApplication.translate
    if pair == ANY:
        return translate("glossary", "any languages")
    source, target = (
        language_name(code, with_code=False) if code else translate("glossary", "any language")
        for code in pair
    )
    return translate("glossary", "{source} → {target}").format(source=source, target=target)


def write_terms(path: Path, terms: list[Term], pair: Pair = ANY) -> None:
    """The glossary file holding ``terms`` for the languages ``pair``; none when there are
    no terms (a glossary with none is an error to the engine: a wrong file)."""
    if not any(clean(term) for term, _ in terms):
        path.unlink(missing_ok=True)
        return
    lines = [
        "# Quire glossary: term<TAB>translation (a term alone is kept as it is)",
        f"# languages: {pair[0] or '*'} {pair[1] or '*'}",
    ]
    seen: set[str] = set()
    for term, translation in terms:
        term, translation = clean(term), clean(translation)
        if term and term not in seen:
            seen.add(term)
            lines.append(f"{term}\t{translation}" if translation else term)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, "\n".join(lines) + "\n")


def to_csv(terms: list[Term]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["term", "translation"])
    writer.writerows(terms)
    return buffer.getvalue()


class TermbaseLanguages(QDialog):
    """Which of a termbase's languages are the terms and which their translations."""

    def __init__(
        self, languages: tuple[str, ...], parent: QWidget | None = None, pair: Pair = ANY
    ) -> None:
        super().__init__(parent)
        self.source = QComboBox(self)
        self.target = QComboBox(self)
        for box in (self.source, self.target):
            for code in languages:
                box.addItem(language_name(code), code)  # (its code with it: en-US, en-GB)
        # (a termbase lists its working language first: most often the one translated from)
        self.target.setCurrentIndex(min(1, len(languages) - 1))
        for box, wanted in zip((self.source, self.target), pair, strict=True):
            # The glossary's own languages, where it names them and the termbase has them.
            same = [i for i, c in enumerate(languages) if wanted and primary_language(c) == wanted]
            if same:
                box.setCurrentIndex(same[0])
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        for box in (self.source, self.target):
            box.currentIndexChanged.connect(self._check)
        form = QFormLayout(self)
        form.addRow(self.tr("&Terms in:"), self.source)
        form.addRow(self.tr("T&ranslations in:"), self.target)
        form.addRow(buttons)
        self.setWindowTitle(self.tr("Import a termbase"))
        self._check()

    def _check(self) -> None:
        self.ok.setEnabled(self.source.currentIndex() != self.target.currentIndex())

    def chosen(self) -> tuple[str, str]:
        return str(self.source.currentData()), str(self.target.currentData())


class GlossaryDialog(QDialog):
    """Edit the terms; OK writes the glossary file."""

    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.setMinimumSize(520, 380)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        # "For translations from [Any language] into [German]": the pair it is used for.
        self.from_label = QLabel(self)
        self.from_box = QComboBox(self)
        self.from_label.setBuddy(self.from_box)
        self.into_label = QLabel(self)
        self.into_box = QComboBox(self)
        self.into_label.setBuddy(self.into_box)
        self.table = QTableWidget(0, 2, self)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, arrows move in it
        self.note = QLabel(self)  # what an import left out
        self.note.setWordWrap(True)
        self.note.hide()
        self.add_button = QPushButton(self)
        self.remove_button = QPushButton(self)
        self.import_button = QPushButton(self)
        self.export_button = QPushButton(self)
        self.add_button.clicked.connect(lambda: self.add_term("", ""))
        self.remove_button.clicked.connect(self.remove_selected)
        self.import_button.clicked.connect(lambda: self.import_csv())
        self.export_button.clicked.connect(lambda: self.export_csv())
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        for button in (self.add_button, self.remove_button):
            row.addWidget(button)
        row.addStretch(1)
        for button in (self.import_button, self.export_button):
            row.addWidget(button)
        languages = QHBoxLayout()
        for widget in (self.from_label, self.from_box, self.into_label, self.into_box):
            languages.addWidget(widget)
        languages.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(languages)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        layout.addLayout(row)
        layout.addWidget(self.buttons)
        pair = ANY
        try:
            terms, pair = read_glossary(path)
            self.set_terms(terms)
        except InputError as exc:
            errors.present(exc, self)
        for box in (self.from_box, self.into_box):
            box.addItem("", "")  # any language (worded by retranslate)
            # (in the window's language's order: pinyin in Chinese, not code points)
            order = functools.cmp_to_key(QCollator(QLocale()).compare)
            codes = sorted(named_languages(), key=lambda c: order(language_name(c)))
            for code in codes:
                box.addItem(language_name(code), code)
        self.set_pair(pair)
        self.saved = (self.terms(), self.pair())  # (what Esc would throw away is asked)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Glossary"))
        self.intro.setText(
            self.tr("Terms translated your way when text and files are translated between "
                    "the languages below. Leave the translation empty to keep a term as it "
                    "is (a name, a brand).")
        )  # fmt: skip
        self.from_label.setText(self.tr("For translations &from"))
        self.from_box.setAccessibleName(self.tr("The glossary's source language"))
        self.into_label.setText(self.tr("i&nto"))
        self.into_box.setAccessibleName(self.tr("The glossary's target language"))
        for box in (self.from_box, self.into_box):
            box.setItemText(0, self.tr("Any language"))
            for i in range(1, box.count()):
                box.setItemText(i, language_name(str(box.itemData(i))))
        self.table.setHorizontalHeaderLabels([self.tr("Term"), self.tr("Translation")])
        self.table.setAccessibleName(self.tr("Glossary terms"))
        self.add_button.setText(self.tr("&Add term"))
        self.remove_button.setText(self.tr("&Remove"))
        self.remove_button.setAccessibleName(self.tr("Remove the selected terms"))
        self.import_button.setText(self.tr("&Import…"))
        self.import_button.setToolTip(self.tr("Add terms from a CSV file or a TBX termbase"))
        self.export_button.setText(self.tr("&Export CSV…"))

    def pair(self) -> Pair:
        return str(self.from_box.currentData() or ""), str(self.into_box.currentData() or "")

    def set_pair(self, pair: Pair) -> None:
        for box, code in zip((self.from_box, self.into_box), pair, strict=True):
            index = box.findData(code)
            if index < 0:  # (a language the app names no other way: put in the file by hand)
                box.addItem(language_name(code), code)
                index = box.count() - 1
            box.setCurrentIndex(index)

    def terms(self) -> list[Term]:
        found: list[Term] = []
        for row in range(self.table.rowCount()):
            cells = [self.table.item(row, c) for c in (0, 1)]
            term, translation = (clean(c.text()) if c is not None else "" for c in cells)
            if term:
                found.append((term, translation))
        return found

    def set_terms(self, terms: list[Term]) -> None:
        """The table holding ``terms``: its rows made at once, drawn once (30,000 terms a
        row at a time held the window 0.25 s as it opened)."""
        self.table.setUpdatesEnabled(False)
        try:
            self.table.setRowCount(0)
            self.table.setRowCount(len(terms))
            for row, (term, translation) in enumerate(terms):
                self.table.setItem(row, 0, QTableWidgetItem(term))
                self.table.setItem(row, 1, QTableWidgetItem(translation))
        finally:
            self.table.setUpdatesEnabled(True)

    def add_term(self, term: str, translation: str, *, edit: bool = True) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        first = QTableWidgetItem(term)
        self.table.setItem(row, 0, first)
        self.table.setItem(row, 1, QTableWidgetItem(translation))
        if edit:
            self.table.setCurrentCell(row, 0)
            self.table.editItem(first)

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        for row in rows:
            self.table.removeRow(row)

    def import_csv(
        self, path: Path | None = None, languages: tuple[str, str] | None = None
    ) -> bool:
        """Add the terms of a CSV file (term, translation), or a TBX termbase's for the pair
        ``languages`` (asked for when not given); a term already there is updated."""
        if path is None:
            chosen = file_dialogs.open_file_name(
                self, self.tr("Import a glossary"), str(Path.home()),
                self.tr("Glossaries (*.csv *.tsv *.txt *.tbx);;CSV or tab-separated text "
                        "(*.csv *.tsv *.txt);;TBX termbases (*.tbx);;All files (*)"),
            )  # fmt: skip
            if not chosen:
                return False
            path = Path(chosen)
        self.note.hide()
        try:
            if is_termbase(path):
                found = self._termbase_terms(path, languages)
                if found is None:
                    return False
                imported = found
            else:
                with waiting():
                    # (read as the command line reads it: the same file, the same terms)
                    glossary = load_glossary(path)
                imported = [(e.term, e.translation or "") for e in glossary.entries]
                if glossary.languages is not None:  # (its columns named: "English,German")
                    self._fill_pair(glossary.languages)
        except InputError as exc:
            if exc.path is None:
                exc.path = path
            errors.present(exc, self)
            return False
        with waiting():
            merged = dict(self.terms())
            merged.update(imported)
            self.set_terms(list(merged.items()))
        return True

    def _termbase_terms(self, path: Path, languages: tuple[str, str] | None) -> list[Term] | None:
        with waiting():
            termbase = read_termbase(path)
        if languages is None:
            ask = TermbaseLanguages(termbase.languages, self, self.pair())
            if ask.exec() != QDialog.DialogCode.Accepted:
                return None
            languages = ask.chosen()
        with waiting():
            pairs, left_out = termbase.pairs(*languages)
        self._fill_pair(languages)
        if left_out:
            shown = ", ".join(left_out[:5]) + (", …" if len(left_out) > 5 else "")
            self.note.setText(
                self.tr("%n term(s) left out: the termbase translates each two ways (%1).", "",
                        len(left_out)).replace("%1", shown)
            )  # fmt: skip
            self.note.show()
        return [(clean(term), clean(translation)) for term, translation in pairs]

    def _fill_pair(self, languages: tuple[str, str]) -> None:
        """The glossary is for the pair its imported terms are in, where it named none."""
        source, target = self.pair()
        self.set_pair(
            (source or primary_language(languages[0]), target or primary_language(languages[1]))
        )

    def export_csv(self, path: Path | None = None) -> bool:
        if path is None:
            chosen, _ = file_dialogs.save_file_name(
                self, self.tr("Export the glossary"), str(Path.home() / "glossary.csv"),
                self.tr("CSV files (*.csv)"),
            )  # fmt: skip
            if not chosen:
                return False
            path = Path(chosen)
        try:
            # With a byte order mark: Excel reads a CSV without one in the Windows code page.
            write_atomic(path, codecs.BOM_UTF8 + to_csv(self.terms()).encode("utf-8"))
        except InputError as exc:
            errors.present(exc, self)
            return False
        return True

    def accept(self) -> None:
        try:
            write_terms(self.path, self.terms(), self.pair())
        except InputError as exc:
            errors.present(exc, self)
            return
        super().accept()

    def reject(self) -> None:
        """Cancel or Esc: the edits and imports made are thrown away only once the user says
        so (a stray Esc after importing a termbase lost it)."""
        if (self.terms(), self.pair()) != self.saved and not self.discard():
            return
        super().reject()

    def discard(self) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("Glossary"),
            self.tr("Discard the changes to the glossary?"),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard


__all__ = [
    "ANY",
    "FILE_NAME",
    "GlossaryDialog",
    "Pair",
    "TermbaseLanguages",
    "agrees",
    "pair_text",
    "read_glossary",
    "read_terms",
    "summary",
    "to_csv",
    "waiting",
    "write_terms",
]
