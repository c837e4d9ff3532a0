"""The desktop's Files queue, History panel, status bar figures, file settings and documents
in panes, through real widgets on tiny real models (offscreen)."""

from __future__ import annotations

import csv
import dataclasses
import errno
import json
import os
import re
import shutil
import tarfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import psutil
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QHeaderView,
    QLabel,
    QListWidgetItem,
    QMessageBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop import history as history_module
from desktop import metrics
from desktop.glossary import write_terms
from desktop.history import History, HistoryEntry
from desktop.history_panel import HistoryPanel
from desktop.i18n import Translations
from desktop.main_window import REOPEN_ENCODINGS, MainWindow
from desktop.metrics import MemorySampler, tokens_per_second
from desktop.panes import AskPane, SummarizePane, TranslatePane
from desktop.queue import DropState, Row, RowState
from desktop.settings import DEFAULT_PATTERN, Settings, open_store
from desktop.widgets import ScoreBars, is_rtl
from engine import (
    Cancelled,
    CancelToken,
    Engine,
    EngineOptions,
    FilesFound,
    ScanFolderRequest,
    write_atomic,
)
from engine.api import (
    Answer,
    AskResult,
    LabelScore,
    ModelUsed,
    TranslateRequest,
    TranslateResult,
)
from engine.documents import folder_documents, open_document, translate_document
from tests.fixtures import corpus
from tests.fixtures.builder import checkpoint, exported
from tests.fixtures.desktop import WAIT_MS, Windows, in_view, long_english, windows
from tests.fixtures.documents import pdf_bytes

ENGLISH = corpus.sentences("en")
__all__ = ["windows"]  # a fixture, used by name
MakeWindow = Callable[..., MainWindow]


def engine_options(home: Path) -> EngineOptions:
    return EngineOptions(home=home, device="cpu")


def install(home: Path) -> Engine:
    engine = Engine(engine_options(home))
    engine.import_model(exported("marian"), "opus-mt-en-de")
    return engine


@pytest.fixture
def settings_file(tmp_path: Path) -> Path:
    return tmp_path / "settings" / "quire.ini"


@pytest.fixture
def make_window(windows: Windows, quire_home: Path, settings_file: Path) -> MakeWindow:
    def make() -> MainWindow:
        return windows.open(engine_options(quire_home), settings_file)

    return make


def translate_pane(window: MainWindow) -> TranslatePane:
    pane = window.panes[0]
    assert isinstance(pane, TranslatePane)
    pane.live_box.setChecked(False)
    assert pane.to_box.currentData() == "de"
    return pane


def held_file(qtbot: QtBot, path: Path, text: str) -> Callable[[], None]:
    """A file whose reading waits until the test calls the function returned (a named pipe):
    the engine process reads it, so only a real seam can hold the read there. The function
    waits (the event loop running, so the runner can hand the read over) for the reader to
    open the pipe, then writes ``text``; calling it again does nothing."""
    os.mkfifo(path)
    done: list[bool] = []
    opened: list[int] = []

    def reader_there() -> bool:
        try:
            opened.append(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
        except OSError as exc:
            if exc.errno != errno.ENXIO:  # ENXIO: nobody has it open for reading yet
                raise
        return bool(opened)

    def release() -> None:
        if done:
            return
        done.append(True)
        qtbot.waitUntil(reader_there, timeout=WAIT_MS)
        os.set_blocking(opened[0], True)
        with os.fdopen(opened[0], "wb") as pipe:
            pipe.write(text.encode("utf-8"))

    return release


needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes (POSIX)")


def settle(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: not window.queue.active, timeout=WAIT_MS)


def write_docx(path: Path, paragraphs: list[str]) -> None:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))


def reference(engine: Engine, source: Path, tmp_path: Path) -> bytes:
    """The engine's own translation of ``source`` into German, written elsewhere."""
    out = tmp_path / "reference" / f"{source.stem}.ref{source.suffix}"
    out.parent.mkdir(exist_ok=True)
    translate_document(engine, source, out, TranslateRequest(text="", target="de"))
    return out.read_bytes()


def srt(cues: list[str]) -> str:
    return "".join(
        f"{i + 1}\n00:00:0{i},000 --> 00:00:0{i},900\n{text}\n\n" for i, text in enumerate(cues)
    )


# --- the Files queue ---------------------------------------------------------------------------


def test_a_dropped_folder_is_translated_file_by_file(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, tmp_path: Path
) -> None:
    engine = install(quire_home)
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(" ".join(ENGLISH[:3]) + "\n\n" + ENGLISH[3], encoding="utf-8")
    (folder / "sub" / "b.srt").write_text(srt(ENGLISH[4:6]), encoding="utf-8")
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (folder / "picture.png").write_bytes(b"\x89PNG")  # not a document: left out
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}

    window = make_window()
    empty = window.queue_view  # an empty queue: nothing to open, pause, cancel or clear
    buttons = (empty.open_button, empty.show_button, empty.pause_button, empty.cancel_button,
               empty.retry_button, empty.clear_button)  # fmt: skip
    assert [b.text() for b in buttons if b.isEnabled()] == []
    pane = translate_pane(window)
    with qtbot.waitSignal(window.queue.drop_ended, timeout=WAIT_MS):
        pane.open_files([folder])  # the folder is scanned on the worker
    rows = window.queue.rows
    assert [r.path.name for r in rows] == ["a.txt", "broken.docx", "b.srt"]
    assert window.queue_dock.isVisible()
    assert window.statusBar().currentMessage() == ("1 file Quire cannot read was left out (.png)")
    view = window.queue_view
    assert view.table.rowCount() == 3
    settle(qtbot, window)

    states = {r.path.name: r.state for r in rows}
    assert states == {"a.txt": RowState.DONE, "b.srt": RowState.DONE,
                      "broken.docx": RowState.FAILED}  # fmt: skip
    for row in rows:
        assert row.history[:2] == ["waiting", "running"]
    broken = rows[1]
    assert "broken.docx" in broken.details and broken.message
    state_item = view.table.item(1, 2)
    assert state_item is not None and state_item.text().startswith("Failed")
    done_item, result = view.table.item(0, 2), rows[0].result
    assert done_item is not None and result is not None and result.counts.total == result.units
    counts = result.counts
    assert done_item.text() == (
        f"{counts.translated} translated · {counts.verbatim} kept · {counts.failed} failed"
    )
    shown = view.progress(0)
    assert shown is not None
    value, maximum = shown
    assert value == maximum > 0
    # A file that failed before its parts were counted shows no empty bar (it looked like a
    # field to type in: an outside review).
    assert view.progress(1) is None and broken.total == 0
    bar = view.table.item(0, 1)
    assert bar is not None and bar.text() == f"{value} / {maximum}"  # on the bar, and read
    assert bar.data(Qt.ItemDataRole.AccessibleTextRole) == f"Progress of a.txt: {bar.text()}"
    # Written beside the inputs, as the engine writes them; the inputs are untouched.
    assert (folder / "a.de.txt").read_bytes() == reference(engine, folder / "a.txt", tmp_path)
    assert (folder / "sub" / "b.de.srt").read_bytes() == reference(
        engine, folder / "sub" / "b.srt", tmp_path
    )
    assert not (folder / "broken.de.docx").exists()
    assert all(p.read_bytes() == data for p, data in before.items())

    # Retry a failed row once its file is fixed.
    write_docx(folder / "broken.docx", [ENGLISH[7], ENGLISH[8]])
    view.select(broken)
    assert view.retry_button.isEnabled()
    view.retry_button.click()
    settle(qtbot, window)
    assert broken.state is RowState.DONE
    assert broken.history[-3:] == ["waiting", "running", "done"]
    assert (folder / "broken.de.docx").is_file()
    # Dropped again, the folder gives its documents, not the translations written beside them.
    found = engine.run(ScanFolderRequest(paths=(folder,)))
    assert isinstance(found, FilesFound)
    assert sorted(p.name for p in found.paths) == ["a.txt", "b.srt", "broken.docx"]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_dropped_pages_package_is_one_document_not_a_folder(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, tmp_path: Path
) -> None:
    """A Mac's Pages document is a folder (Report.pages/): one row, written as a .docx
    beside it, not its previews and plists."""
    install(quire_home)
    package = tmp_path / "Proposal.pages"
    shutil.copytree(Path(__file__).parent / "data" / "iwork" / "Proposal.pages", package)
    before = {p: p.read_bytes() for p in package.rglob("*") if p.is_file()}
    window = make_window()
    pane = translate_pane(window)
    pane.from_box.setCurrentIndex(pane.from_box.findData("en"))  # (the template's Latin filler)
    pane.open_files([package])
    settle(qtbot, window)
    rows = window.queue.rows
    assert [r.path.name for r in rows] == ["Proposal.pages"]
    assert rows[0].state is RowState.DONE, rows[0].details
    assert (tmp_path / "Proposal.de.docx").is_file()
    assert all(p.read_bytes() == data for p, data in before.items())


def test_a_folder_of_files_quire_cannot_read_says_what_it_holds(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, tmp_path: Path
) -> None:
    install(quire_home)
    folder = tmp_path / "old"
    folder.mkdir()
    for name in ("contract.abw", "letter.ABW", "scan.png", ".hidden.abw"):
        (folder / name).write_bytes(b"\xd0\xcf\x11\xe0")
    window = make_window()
    with qtbot.waitSignal(window.queue.drop_ended, timeout=WAIT_MS) as ended:
        window.translate_files([folder], TranslateRequest(text="", source="en", target="de"))
    [drop] = ended.args or []
    assert drop.rows == []
    assert sorted(p.name for p in drop.unsupported) == ["contract.abw", "letter.ABW", "scan.png"]
    assert window.statusBar().currentMessage() == (
        "No file there that Quire can translate (it holds .abw ×2, .png)"
    )


def test_a_folders_settings_files_are_said_to_be_settings_not_unreadable(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, tmp_path: Path
) -> None:
    """php.ini beside a Joomla component's language files, package.json and a TypeScript .ts
    beside a Node project's locales: of kinds Quire reads, so not "cannot read"."""
    engine = install(quire_home)
    data = Path(__file__).parent / "data"
    folder = tmp_path / "project"
    language = folder / "administrator" / "language" / "en-GB"
    language.mkdir(parents=True)
    joomla = data / "ini" / "joomla4" / "administrator" / "language" / "en-GB"
    shutil.copy(joomla / "com_quiretest.sys.ini", language)
    shutil.copy(data / "skipped" / "php.ini", folder)
    shutil.copytree(data / "skipped" / "node", folder / "node")
    (folder / "scan.png").write_bytes(b"\x89PNG")
    # (and manual pages its reader refuses: OpenSSH's mdoc page, one that only includes another)
    (folder / "man" / "man1").mkdir(parents=True)
    shutil.copy(data / "man" / "ssh.1", folder / "man" / "man1")
    shutil.copy(data / "skipped" / "man" / "man1" / "phar.phar8.2.1", folder / "man" / "man1")
    found = engine.run(ScanFolderRequest(paths=(folder,), source="en", target="de"))
    assert isinstance(found, FilesFound)
    assert [p.name for p in found.unsupported] == ["scan.png"]
    assert sorted(p.name for p in found.not_text) == [
        "index.d.ts", "package.json", "phar.phar8.2.1", "php.ini", "ssh.1"
    ]  # fmt: skip
    window = make_window()
    window.queue.pause()  # (the rows only wait: the drop's own words are read)
    with qtbot.waitSignal(window.queue.drop_ended, timeout=WAIT_MS) as ended:
        window.translate_files([folder], TranslateRequest(text="", source="en", target="de"))
    [drop] = ended.args or []
    assert sorted(r.path.name for r in drop.rows) == [
        "README.md", "com_quiretest.sys.ini", "translation.json"
    ]  # fmt: skip
    said = window.statusBar().currentMessage()
    assert said == (
        "1 file Quire cannot read was left out (.png); 5 files of kinds Quire reads, but not "
        "text it translates (settings, code), were left out (.1 ×2, .ts, .json, .ini)"
    )
    # A folder of nothing else says what it holds.
    only = tmp_path / "server"
    only.mkdir()
    shutil.copy(data / "skipped" / "php.ini", only)
    with qtbot.waitSignal(window.queue.drop_ended, timeout=WAIT_MS):
        window.translate_files([only], TranslateRequest(text="", source="en", target="de"))
    assert window.statusBar().currentMessage() == (
        "No file there that Quire can translate (it holds .ini)"
    )


def test_a_drop_below_the_rows_in_view_is_scrolled_into_view(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, tmp_path: Path
) -> None:
    install(quire_home)
    window = make_window()
    window.resize(900, 700)
    window.queue.pause()  # nothing runs: the rows only wait
    template = TranslateRequest(text="", source="en", target="de")
    many = []
    for n in range(60):
        (tmp_path / f"a{n:02}.txt").write_text(ENGLISH[0], encoding="utf-8")
        many.append(tmp_path / f"a{n:02}.txt")
    window.translate_files(many, template)
    table = window.queue_view.table
    table.scrollToTop()
    qtbot.waitUntil(lambda: table.isVisible(), timeout=WAIT_MS)
    late = tmp_path / "late.txt"
    late.write_text(ENGLISH[1], encoding="utf-8")
    [row] = window.translate_files([late], template).rows
    index = window.queue.rows.index(row)
    assert index == 60
    item = table.item(index, 0)
    assert item is not None
    qtbot.waitUntil(
        lambda: table.viewport().rect().contains(table.visualItemRect(item)), timeout=WAIT_MS
    )


def test_translations_are_never_overwritten_and_a_folder_again_does_the_rest(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, tmp_path: Path
) -> None:
    """A file sent again keeps the earlier translation (the user may have edited it) and is
    written beside it; a folder dropped again leaves out what was translated before and,
    under any name pattern, the translations themselves (plain_de.txt became
    plain_de_de.txt)."""
    install(quire_home)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "plain.txt").write_text(ENGLISH[0], encoding="utf-8")
    window = make_window()
    window.settings.output_pattern = "{name}_{lang}{ext}"
    template = TranslateRequest(text="", source="en", target="de")
    with qtbot.waitSignal(window.queue.drop_ended, timeout=WAIT_MS):
        window.translate_files([folder], template)
    settle(qtbot, window)
    assert (folder / "plain_de.txt").is_file()
    (folder / "plain_de.txt").write_text("HAND EDITED", encoding="utf-8")
    (folder / "new.txt").write_text(ENGLISH[1], encoding="utf-8")

    with qtbot.waitSignal(window.queue.drop_ended, timeout=WAIT_MS) as ended:
        window.translate_files([folder], template)
    [drop] = ended.args or []
    assert [r.path.name for r in drop.rows] == ["new.txt"]
    assert sorted(p.name for p in drop.skipped) == ["plain.txt", "plain_de.txt"]
    assert window.statusBar().currentMessage() == "2 files translated before were left out"
    settle(qtbot, window)

    [again] = window.translate_files([folder / "plain.txt"], template).rows  # asked for
    settle(qtbot, window)
    assert again.state is RowState.DONE and again.output == folder / "plain_de (2).txt"
    assert again.output.is_file()
    assert (folder / "plain_de.txt").read_text(encoding="utf-8") == "HAND EDITED"
    assert sorted(p.name for p in folder.iterdir()) == [
        "new.txt", "new_de.txt", "plain.txt", "plain_de (2).txt", "plain_de.txt",
    ]  # fmt: skip


def test_files_of_one_name_in_one_output_folder_never_share_an_output(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, tmp_path: Path
) -> None:
    """Two drops waiting in the queue got the same output name (the second overwrote the
    first); a folder whose two files share an output name had the untranslated one left out
    as 'translated before'."""
    install(quire_home)
    out = tmp_path / "out"
    out.mkdir()
    for folder in ("x", "y", "in/a", "in/b"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "x" / "memo.txt").write_text(ENGLISH[0], encoding="utf-8")
    (tmp_path / "y" / "memo.txt").write_text(ENGLISH[1], encoding="utf-8")
    (tmp_path / "in" / "a" / "notes.txt").write_text(ENGLISH[2], encoding="utf-8")
    (tmp_path / "in" / "b" / "notes.txt").write_text(ENGLISH[3], encoding="utf-8")
    window = make_window()
    window.settings.output_folder = out
    window.queue.pause()
    template = TranslateRequest(text="", source="en", target="de")
    [first] = window.translate_files([tmp_path / "x" / "memo.txt"], template).rows
    [second] = window.translate_files([tmp_path / "y" / "memo.txt"], template).rows
    assert (first.output, second.output) == (out / "memo.de.txt", out / "memo.de (2).txt")

    (out / "notes.de.txt").write_text("a's translation", encoding="utf-8")  # a's, or b's?
    with qtbot.waitSignal(window.queue.drop_ended, timeout=WAIT_MS) as ended:
        window.translate_files([tmp_path / "in"], template)
    [drop] = ended.args or []
    assert drop.skipped == []
    assert sorted(r.output.name for r in drop.rows if r.output) == [
        "notes.de (2).txt", "notes.de (3).txt",
    ]  # fmt: skip
    window.queue.cancel_all()


def test_a_file_made_at_the_output_name_while_its_row_waited_is_never_overwritten(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, tmp_path: Path
) -> None:
    """The name is checked when the row is added; a translation the user saved there while
    the row waited was replaced without a word when the row ran."""
    install(quire_home)
    (tmp_path / "in").mkdir()
    source = tmp_path / "in" / "memo.txt"
    source.write_text(ENGLISH[0], encoding="utf-8")
    window = make_window()
    window.queue.pause()
    template = TranslateRequest(text="", source="en", target="de")
    [row] = window.translate_files([source], template).rows
    assert row.output == tmp_path / "in" / "memo.de.txt"
    row.output.write_text("MY OWN EDITED TRANSLATION", encoding="utf-8")
    with qtbot.waitSignal(window.queue.row_finished, timeout=WAIT_MS):
        window.queue.resume()
    assert row.state is RowState.DONE, row.error
    folder = tmp_path / "in"
    assert (folder / "memo.de.txt").read_text(encoding="utf-8") == "MY OWN EDITED TRANSLATION"
    assert row.output == folder / "memo.de (2).txt" and row.output.is_file()
    assert sorted(p.name for p in folder.iterdir()) == [
        "memo.de (2).txt",
        "memo.de.txt",
        "memo.txt",
    ]


def _a_long_file_running(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, tmp_path: Path
) -> tuple[MainWindow, TranslatePane, Row, Path]:
    """A window translating long.txt in its Files queue, some of it done already."""
    install(quire_home)
    long = tmp_path / "long.txt"
    long.write_text(long_english(), encoding="utf-8")
    window = make_window()
    pane = translate_pane(window)
    [row] = window.translate_files([long], TranslateRequest(text="", target="de")).rows
    qtbot.waitUntil(lambda: row.state is RowState.RUNNING and row.done > 0, timeout=WAIT_MS)
    return window, pane, row, long


def test_an_apps_resources_shipped_for_the_target_are_not_numbered(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, tmp_path: Path
) -> None:
    """res/values/strings.xml dropped where the app ships res/values-de/strings.xml was
    written as values-de/strings (2).xml, which aapt2 refuses: the app's build broke. Now
    the row fails saying so, in words, and the shipped file is as it was."""
    install(quire_home)
    data = Path(__file__).parent / "data" / "android"
    (tmp_path / "values").mkdir()
    (tmp_path / "values-de").mkdir()
    source = tmp_path / "values" / "strings.xml"
    source.write_bytes((data / "studio.xml").read_bytes())
    shipped = tmp_path / "values-de" / "strings.xml"
    shipped.write_bytes((data / "studio.fr.xml").read_bytes())
    window = make_window()
    template = TranslateRequest(text="", source="en", target="de")
    [row] = window.translate_files([source], template).rows
    assert row.output == shipped
    settle(qtbot, window)
    assert row.state is RowState.FAILED
    assert "is there already" in row.message + row.details
    assert sorted(p.name for p in shipped.parent.iterdir()) == ["strings.xml"]
    assert shipped.read_bytes() == (data / "studio.fr.xml").read_bytes()


def test_the_open_dialog_and_an_unread_file_name_what_quire_reads_by_kind(
    tmp_path: Path,
) -> None:
    """The open dialog had one filter of ninety patterns, and a file Quire does not read was
    told "Open one of:" the ninety; now each kind has its filter, and the message its
    sentence."""
    from desktop import errors
    from desktop.files import open_filters
    from engine import InputError, supported_kinds
    from engine.documents import open_document

    filters = open_filters().split(";;")
    assert filters[0].startswith("Supported files (") and filters[-1] == "All files (*)"
    assert filters[3] == "E-books (*.epub *.fb2 *.fb2.zip *.fbz)"
    assert filters[4] == "Subtitles ({})".format(
        " ".join(f"*{suffix}" for suffix in supported_kinds()["subtitles"])
    )
    assert [f.split(" (")[0] for f in filters[1:-1]] == [
        "Documents",
        "Slides, sheets and drawings",
        "E-books",
        "Subtitles",
        "Apps' and sites' strings",
    ]
    path = tmp_path / "perlfunc.pod"  # (Perl's POD: documentation Quire does not read)
    path.write_text("=head1 NAME\n\nperlfunc - Perl builtin functions\n", encoding="ascii")
    with pytest.raises(InputError) as caught:
        open_document(path)
    message = errors.describe(caught.value)
    assert message is not None
    assert "Quire cannot read .pod files." in message.text
    assert "; e-books (.epub, .fb2, .fb2.zip, .fbz); subtitles (.ass, " in message.text
    assert "Open one of" not in message.text


def test_an_apps_resources_the_app_wrote_are_translated_again_over_themselves(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, tmp_path: Path
) -> None:
    """An app's res/values/strings.xml could be translated once only in the window: the
    second time its values-de/strings.xml, the app's own translation, was "there already"
    and the row failed. Now the app's own output, unchanged since, is written over; one the
    user edited since is kept, and the row says so."""
    install(quire_home)
    data = Path(__file__).parent / "data" / "android"
    (tmp_path / "values").mkdir()
    source = tmp_path / "values" / "strings.xml"
    source.write_bytes((data / "studio.xml").read_bytes())
    output = tmp_path / "values-de" / "strings.xml"
    window = make_window()
    template = TranslateRequest(text="", source="en", target="de")
    rows = [window.translate_files([source], template).rows[0]]
    settle(qtbot, window)
    first = output.read_bytes()
    rows += window.translate_files([source], template).rows
    settle(qtbot, window)
    assert [r.state for r in rows] == [RowState.DONE, RowState.DONE]
    assert rows[1].output == output
    assert sorted(p.name for p in output.parent.iterdir()) == ["strings.xml"]
    assert output.read_bytes() == first

    edited = first.replace(b"</resources>", b"<!-- checked by Anna -->\n</resources>")
    output.write_bytes(edited)
    rows += window.translate_files([source], template).rows
    settle(qtbot, window)
    assert rows[2].state is RowState.FAILED
    assert "is there already" in rows[2].message + rows[2].details
    assert sorted(p.name for p in output.parent.iterdir()) == ["strings.xml"]
    assert output.read_bytes() == edited


def test_a_running_file_can_be_cancelled_and_the_queue_paused(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, tmp_path: Path
) -> None:
    window, pane, row, _long = _a_long_file_running(qtbot, make_window, quire_home, tmp_path)
    window.queue_view.select(row)
    window.queue_view.cancel_button.click()
    settle(qtbot, window)
    assert row.state is RowState.CANCELLED
    assert not (tmp_path / "long.de.txt").exists()

    # Paused: new files wait; resumed: they run. (Pause is offered only while a file runs or
    # waits: paused here through the queue, Resume then at hand.)
    short = tmp_path / "short.txt"
    short.write_text(ENGLISH[0], encoding="utf-8")
    assert not window.queue_view.pause_button.isEnabled()
    window.queue.pause()
    assert window.queue.paused and window.queue_view.pause_button.text() == "Resume"
    assert window.queue_view.pause_button.isEnabled()
    pane.open_files([short, tmp_path / "missing.txt"])
    waiting = window.queue.rows[1:]
    qtbot.wait(300)  # the event loop turns; nothing may start
    assert [r.state for r in waiting] == [RowState.WAITING, RowState.WAITING]
    assert not window.runner.busy
    # Files added to a paused queue say how they will start; the footer counts the cancelled
    # file ("0 of 3 files done, 0 failed" left it out) and says the queue is paused.
    view = window.queue_view
    assert view.state_text(waiting[0]) == "Paused: press Resume to start"
    qtbot.waitUntil(lambda: "cancelled" in view.summary.text(), timeout=WAIT_MS)
    assert view.summary.text() == (
        "0 of 3 files done, 0 failed, 1 cancelled · Paused: press Resume to go on"
    )
    window.queue_view.pause_button.click()
    settle(qtbot, window)
    assert "Paused" not in view.summary.text()
    assert [r.state for r in waiting] == [RowState.DONE, RowState.FAILED]
    assert (tmp_path / "short.de.txt").is_file()
    assert "missing.txt" in waiting[1].details

    # Paused with every row cleared away: Resume is still there (files added later waited,
    # paused, with the button off), and the summary counts no cleared row. (Every row done,
    # Pause is not offered: paused as before.)
    view = window.queue_view
    assert not view.pause_button.isEnabled()
    window.queue.pause()
    assert window.queue.paused
    view.clear_button.click()
    assert window.queue.rows == [] and view.summary.text() == ""
    assert view.pause_button.isEnabled() and view.pause_button.text() == "Resume"
    view.pause_button.click()
    assert not window.queue.paused and not view.pause_button.isEnabled()


def test_a_small_text_file_opens_while_a_file_is_being_translated(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, tmp_path: Path
) -> None:
    """A 45-byte .txt opened in Ask while the Files queue translated appeared only once Pause
    was pressed (an outside review): reading a file loads no model, so it no longer waits
    behind the engine's job."""
    window, _pane, row, _long = _a_long_file_running(qtbot, make_window, quire_home, tmp_path)
    small = tmp_path / "note.txt"
    small.write_text("Ann wrote the letter in the small garden.\n", encoding="utf-8")
    ask = next(p for p in window.panes if isinstance(p, AskPane))
    assert ask.open_file(small)
    assert ask.reading is not None and window.runner.ahead(ask.reading) == []
    qtbot.waitUntil(lambda: ask.reading is None, timeout=WAIT_MS)
    assert ask.context.toPlainText() == "Ann wrote the letter in the small garden.\n"
    assert row.state is RowState.RUNNING and row.done < row.total  # (it never waited for it)
    window.queue_view.select(row)
    window.queue_view.cancel_button.click()
    settle(qtbot, window)


def test_pause_stops_the_running_file_at_its_next_part_and_resume_goes_on_from_there(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, tmp_path: Path
) -> None:
    """Pause let the running file finish: a text typed meanwhile waited minutes behind a
    6,000-paragraph document (an outside review). Now the file stops at its next part, the
    text pane's job runs, and Resume finishes the file from its journal."""
    window, pane, row, long = _a_long_file_running(qtbot, make_window, quire_home, tmp_path)
    pane.source.setPlainText(ENGLISH[0])
    assert pane.run() is not None
    assert pane.busy.label.text() == "Waiting for long.txt in Files: press Pause there to go first"
    assert pane.ahead_button.isHidden()  # (Pause is the way: it keeps what was done)
    window.queue_view.pause_button.click()
    qtbot.waitUntil(lambda: row.state is RowState.WAITING, timeout=WAIT_MS)
    kept = row.done
    assert 0 < kept < row.total and "cancelled" not in row.history
    assert window.queue_view.state_text(row) == "Paused: Resume goes on where it stopped"
    # (the text's job ends: its output streams in before that, so the output alone is no sign)
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=WAIT_MS)
    assert pane.output.toPlainText() != "" and not long.with_suffix(".de.txt").exists()
    window.queue_view.pause_button.click()
    settle(qtbot, window)
    assert row.state is RowState.DONE and row.result is not None
    assert row.result.resumed >= kept  # (the parts done before the pause were not redone)
    assert long.with_name("long.de.txt").is_file()


def test_a_new_translation_does_not_show_the_last_ones_warnings(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path
) -> None:
    """ "92% sure · Glossary terms lost: weather, Acme" stayed under 400 other lines while
    they were translated, and after Esc (an outside review)."""
    install(quire_home)
    window = make_window()
    pane = translate_pane(window)
    pane.source.setPlainText(ENGLISH[0])
    assert pane.run() is not None
    qtbot.waitUntil(lambda: not pane.running, timeout=WAIT_MS)
    pane.set_info("Glossary terms lost: weather, Acme")  # (as the last result said)
    pane.source.setPlainText(long_english())
    assert pane.run() is not None
    qtbot.waitUntil(lambda: pane.partial_shown, timeout=WAIT_MS)
    assert "weather" not in pane.info.text() and not pane.info.isVisible()
    pane.cancel_button.click()
    qtbot.waitUntil(lambda: not pane.running, timeout=WAIT_MS)
    assert "weather" not in pane.info.text() and not pane.info.isVisible()


def test_translated_files_follow_the_name_pattern_and_folder(
    qtbot: QtBot,
    make_window: MakeWindow,
    quire_home: Path,
    tmp_path: Path,
    settings_file: Path,
) -> None:
    install(quire_home)
    stored = Settings(open_store(settings_file))
    stored.output_pattern = "{name}-{lang}{ext}"
    stored.output_folder = tmp_path / "out"
    stored.sync()
    source = tmp_path / "notes.srt"
    source.write_text(srt(ENGLISH[:2]), encoding="utf-8")
    window = make_window()
    translate_pane(window).open_files([source])
    settle(qtbot, window)
    [row] = window.queue.rows
    assert row.state is RowState.DONE, row.details
    assert row.output == tmp_path / "out" / "notes-de.srt"
    assert row.output.is_file() and not (tmp_path / "notes.de.srt").exists()
    # Not beside its input, the output is shown with its folder's name.
    output = window.queue_view.table.item(0, 3)
    assert output is not None and output.text() == str(Path("out", "notes-de.srt"))
    assert output.toolTip() == str(row.output)


def test_a_pattern_an_earlier_version_took_is_mended_and_said(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, settings_file: Path
) -> None:
    """``{name} ({lang}: draft){ext}`` was taken before ":" was refused (Windows): it was read
    as the default without a word, and the next OK in Settings stored the default over it."""
    install(quire_home)
    stored = Settings(open_store(settings_file))
    stored.output_pattern = "{name} ({lang}: draft){ext}"
    stored.sync()
    window = make_window()
    assert window.settings.output_pattern == "{name} ({lang}- draft){ext}"
    assert Settings(open_store(settings_file)).output_pattern == "{name} ({lang}- draft){ext}"
    # Said in a box once the window shows (in the status bar it was cut short, then wiped).
    qtbot.waitUntil(lambda: any(b.isVisible() for b in window.findChildren(QMessageBox)))
    (box,) = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert "{name} ({lang}: draft){ext}" in box.text() and "({lang}- draft)" in box.text()
    box.close()
    stored.output_pattern = "{name:>9}{ext}"  # no mending makes it one: the default, said
    assert stored.mend_pattern() == ("{name:>9}{ext}", "{name}.{lang}{ext}")
    assert stored.mend_pattern() is None
    stored.output_pattern = "{name}:{lang}?{ext}"  # no "report-de-.docx"
    assert stored.mend_pattern() == ("{name}:{lang}?{ext}", "{name}-{lang}{ext}")


def test_a_txt_of_subtitles_is_queued_not_opened_for_editing(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, tmp_path: Path
) -> None:
    """MPL2 as subtitle sites hand it out (.txt, a cue a line): into a file with its
    timings, as an .srt is; a plain .txt still opens in the box."""
    install(quire_home)
    source = tmp_path / "film.txt"
    source.write_text(
        "".join(f"[{10 * n}][{10 * n + 8}]/{line}\n" for n, line in enumerate(ENGLISH[:3], 1)),
        encoding="utf-8",
    )
    window = make_window()
    pane = translate_pane(window)
    pane.open_files([source])
    settle(qtbot, window)
    [row] = window.queue.rows
    assert row.state is RowState.DONE, row.details
    written = (tmp_path / "film.de.txt").read_text(encoding="utf-8").splitlines()
    assert [line.split("]/")[0] for line in written] == ["[10][18", "[20][28", "[30][38"]
    assert pane.source.toPlainText() == ""
    note = tmp_path / "note.txt"
    note.write_text(ENGLISH[0] + "\n", encoding="utf-8")
    pane.open_files([note])
    qtbot.waitUntil(lambda: pane.source_path == note, timeout=WAIT_MS)
    assert pane.source.toPlainText().strip() == ENGLISH[0] and len(window.queue.rows) == 1
    # So does a text file without an extension (README, NOTES), which was queued and failed
    # for having none (an outside review).
    bare = tmp_path / "NOTES"
    bare.write_text(ENGLISH[1] + "\n", encoding="utf-8")
    pane.open_files([bare])
    qtbot.waitUntil(lambda: pane.source_path == bare, timeout=WAIT_MS)
    assert pane.source.toPlainText().strip() == ENGLISH[1] and len(window.queue.rows) == 1


def test_a_pdf_is_translated_into_a_word_file(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, tmp_path: Path
) -> None:
    engine = install(quire_home)
    source = tmp_path / "paper.pdf"
    source.write_bytes(pdf_bytes(pages=1))
    written = open_document(source).default_suffix  # what the engine writes a PDF as
    window = make_window()
    [row] = window.translate_files([source], TranslateRequest(text="", target="de")).rows
    settle(qtbot, window)
    assert row.state is RowState.DONE, row.details
    assert row.output == tmp_path / f"paper.de{written}" and row.output.is_file()
    reference_out = tmp_path / "reference" / f"paper.ref{written}"
    reference_out.parent.mkdir()
    translate_document(engine, source, reference_out, TranslateRequest(text="", target="de"))
    paragraphs = [
        [p.text for p in docx.Document(str(f)).paragraphs] for f in (row.output, reference_out)
    ]
    assert paragraphs[0] == paragraphs[1] and any(paragraphs[0])


def zipped_book(path: Path) -> Path:
    """pandoc's FictionBook of Alice zipped at ``path`` (book.fb2.zip), as libraries hand
    books out."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.write(Path(__file__).parent / "data" / "fb2" / "pandoc-alice.fb2", "alice.fb2")
    return path


def test_a_zipped_book_dropped_is_translated_as_a_book_not_imported_as_a_model(
    qtbot: QtBot,
    make_window: MakeWindow,
    quire_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A dropped alice.fb2.zip was offered as a model to import (a .zip), and queued it was
    read as plain text, its last suffix alone naming no document; now it is translated into
    alice.de.fb2.zip, the book zipped as it came, as the command line writes it."""
    engine = install(quire_home)
    source = zipped_book(tmp_path / "alice.fb2.zip")
    asked: list[object] = []
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **_kw: asked.append(args))
    window = make_window()
    translate_pane(window)
    window.open_paths([source])
    qtbot.waitUntil(lambda: bool(window.queue.rows), timeout=WAIT_MS)
    settle(qtbot, window)
    [row] = window.queue.rows
    assert asked == [] and row.state is RowState.DONE, row.details
    assert row.output == tmp_path / "alice.de.fb2.zip"
    book = zipfile.ZipFile(row.output).read("alice.fb2")
    reference_out = tmp_path / "reference" / "alice.de.fb2.zip"
    reference_out.parent.mkdir()
    translate_document(engine, source, reference_out, TranslateRequest(text="", target="de"))
    expected = zipfile.ZipFile(reference_out).read("alice.fb2")
    assert book == expected and b"<lang>de</lang>" in book


def test_a_zipped_book_dropped_on_summarize_shows_its_text(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, tmp_path: Path
) -> None:
    source = zipped_book(tmp_path / "alice.fb2.zip")
    _window, pane = summarize_pane(make_window, quire_home)
    pane.source.files_dropped.emit([source])
    qtbot.waitUntil(lambda: pane.source_path == source, timeout=WAIT_MS)
    assert "The Lobster Quadrille" in pane.source.toPlainText()
    assert "PK" not in pane.source.toPlainText()


def test_files_of_one_name_sent_to_one_folder_do_not_overwrite_each_other(
    qtbot: QtBot,
    make_window: MakeWindow,
    quire_home: Path,
    tmp_path: Path,
    settings_file: Path,
) -> None:
    engine = install(quire_home)
    stored = Settings(open_store(settings_file))
    stored.output_folder = tmp_path / "out"
    stored.sync()
    folder = tmp_path / "in"
    for part, text in (("a", ENGLISH[0]), ("b", ENGLISH[1])):
        (folder / part).mkdir(parents=True)
        (folder / part / "x.srt").write_text(srt([text]), encoding="utf-8")
    window = make_window()
    translate_pane(window).open_files([folder])
    settle(qtbot, window)
    rows = window.queue.rows
    assert [r.state for r in rows] == [RowState.DONE, RowState.DONE]
    outputs = [r.output for r in rows]
    assert outputs[0] == tmp_path / "out" / "x.de.srt" and len(set(outputs)) == 2
    for row in rows:
        assert row.output is not None and row.output.parent == tmp_path / "out"
        assert row.output.read_bytes() == reference(engine, row.path, tmp_path)


def test_a_dropped_folder_is_scanned_on_the_worker_and_its_rows_added_after(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, tmp_path: Path
) -> None:
    install(quire_home)
    folder = tmp_path / "in"
    for part, text in (("one", ENGLISH[0]), ("two", ENGLISH[1])):
        (folder / part).mkdir(parents=True)
        (folder / part / f"{part}.txt").write_text(text, encoding="utf-8")
    window = make_window()
    pane = translate_pane(window)
    window.queue.pause()  # the rows are what this test is about, not their translation
    pane.open_files([folder])
    # The drop returned at once: the scan is a job (it ends through a queued signal, which
    # only the event loop below can deliver), and the window shows it is looking.
    assert window.queue.rows == [] and len(window.queue.scans) == 1
    view = window.queue_view
    assert window.queue_dock.isVisible() and view.scanning.isVisible()
    assert view.scan_label.text() == "Looking for documents in in…"
    assert view.stop_scan_button.accessibleName() == "Stop looking for documents"
    with qtbot.waitSignal(window.queue.drop_ended, timeout=WAIT_MS) as ended:
        pass
    [drop] = ended.args or []
    assert drop.state is DropState.ADDED
    assert (
        [r.path.name for r in window.queue.rows]
        == ["one.txt", "two.txt"]
        == [r.path.name for r in drop.rows]
    )
    assert view.table.rowCount() == 2 and not view.scanning.isVisible()
    window.queue.cancel_all()


def test_quitting_with_files_still_to_translate_asks_first(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, tmp_path: Path
) -> None:
    """Ctrl+Q closed the window at once and the waiting files were dropped; now it asks,
    without blocking, and Cancel keeps the window and the queue."""
    install(quire_home)
    source = tmp_path / "notes.txt"
    source.write_text(ENGLISH[0], encoding="utf-8")
    window = make_window()
    window.queue.pause()
    window.translate_files([source], TranslateRequest(text="", target="de"))
    assert window.unfinished_work() == (1, 0, 0)
    window.quit_action.trigger()
    box = next(b for b in window.findChildren(QMessageBox) if b.isVisible())
    assert window.isVisible() and box.text() == "Quitting stops 1 file still to translate."
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert window.isVisible() and len(window.queue.rows) == 1
    window.quit_action.trigger()
    box = next(b for b in window.findChildren(QMessageBox) if b.isVisible())
    quit_button = next(
        b for b in box.buttons() if box.buttonRole(b) == box.ButtonRole.DestructiveRole
    )
    quit_button.click()
    assert not window.isVisible()

    # A close from code (a test's teardown, the system shutting the app) is not asked about.
    again = make_window()
    again.queue.pause()
    again.translate_files([source], TranslateRequest(text="", target="de"))
    assert again.unfinished_work() == (1, 0, 0)
    again.close()
    assert not again.isVisible()
    assert not [b for b in again.findChildren(QMessageBox) if b.isVisible()]


@needs_fifo
def test_stopping_a_folder_scan_adds_no_rows(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, tmp_path: Path
) -> None:
    """A scan stopped before it ends adds nothing. (That a running scan stops between
    folders is the engine's: ``test_requests.test_a_scan_stops_between_folders``.)"""
    install(quire_home)
    folder = tmp_path / "in"
    for part in ("one", "two", "three"):
        (folder / part).mkdir(parents=True)
        (folder / part / f"{part}.txt").write_text(ENGLISH[0], encoding="utf-8")
    release = held_file(qtbot, tmp_path / "held.txt", ENGLISH[1])
    window = make_window()
    try:
        # The one worker is busy reading a file the test holds, so the scan waits behind it.
        summarize = next(p for p in window.panes if isinstance(p, SummarizePane))
        summarize.open_files([tmp_path / "held.txt"])
        pane = translate_pane(window)
        pane.open_files([folder])
        [drop] = window.queue.scans
        assert drop.job is not None
        with qtbot.waitSignal(window.queue.drop_ended, timeout=WAIT_MS):
            window.queue_view.stop_scan_button.click()
    finally:
        release()
    assert drop.state is DropState.CANCELLED and drop.rows == []
    assert window.queue.rows == [] and window.queue_view.table.rowCount() == 0
    assert not window.queue_view.scanning.isVisible() and not window.queue.active
    assert "No file there" not in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=WAIT_MS)
    assert window.queue.rows == []


def test_a_folder_scan_finds_what_the_engine_scan_finds(quire_home: Path, tmp_path: Path) -> None:
    """The scan request walks folder by folder (to be stoppable) but finds what one recursive
    ``folder_documents`` finds, in the same order."""
    folder = tmp_path / "in"
    for relative in ("b.txt", "a b/x.srt", "a/y.txt", "a/y.de.txt", ".hidden/z.txt",
                     "a/.deep/w.txt", "a/c/d/e.md", "pic.png", "a-b/q.txt"):  # fmt: skip
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("text", encoding="utf-8")
    engine = Engine(engine_options(quire_home))
    scanned = engine.run(ScanFolderRequest(paths=(folder,)))
    assert isinstance(scanned, FilesFound)
    found = list(scanned.paths)
    assert found == folder_documents(folder, recursive=True)[0]
    assert folder / "a" / "c" / "d" / "e.md" in found and len(found) >= 5
    # With the job's languages: what the command line's folder job leaves out, the same
    # (i18next's locales/de/ and Android's values-fr/ when translating into German).
    for relative in ("locales/en/app.json", "locales/de/app.json", "res/values/strings.xml",
                     "res/values-fr/strings.xml", "res/values-de/strings.xml"):  # fmt: skip
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text('<resources><string name="a">x</string></resources>'
                        if path.suffix == ".xml" else '{"a": "x"}', encoding="utf-8")  # fmt: skip
    scanned = engine.run(ScanFolderRequest(paths=(folder,), source="en", target="de"))
    assert isinstance(scanned, FilesFound)
    expected = folder_documents(folder, "de", recursive=True, source="en")[0]
    assert list(scanned.paths) == expected
    assert folder / "locales" / "en" / "app.json" in expected
    assert folder / "res" / "values" / "strings.xml" in expected
    left = {folder / "locales" / "de" / "app.json", folder / "res" / "values-fr" / "strings.xml",
            folder / "res" / "values-de" / "strings.xml"}  # fmt: skip
    assert not left & set(expected)
    cancel = CancelToken()
    cancel.cancel()
    with pytest.raises(Cancelled):
        engine.run(ScanFolderRequest(paths=(folder,)), cancel=cancel)


# --- documents in the other panes -------------------------------------------------------------


def summarize_pane(make_window: MakeWindow, quire_home: Path) -> tuple[MainWindow, SummarizePane]:
    """A window with a summarizer, on its Summarize pane."""
    Engine(engine_options(quire_home)).import_model(exported("bart"), "distilbart-cnn")
    window = make_window()
    window.show_pane(1)
    pane = window.current_pane()
    assert isinstance(pane, SummarizePane)
    return window, pane


def test_a_document_dropped_on_summarize_shows_its_text(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, tmp_path: Path
) -> None:
    report = tmp_path / "report.docx"
    write_docx(report, [ENGLISH[0], "", ENGLISH[1]])
    window, pane = summarize_pane(make_window, quire_home)
    pane.source.files_dropped.emit([report])
    qtbot.waitUntil(lambda: pane.source_path == report, timeout=WAIT_MS)
    assert pane.source.toPlainText() == f"{ENGLISH[0]}\n\n{ENGLISH[1]}"
    assert window.queue.rows == []  # only Translate turns documents into files


def test_a_markdown_file_on_summarize_shows_its_text_without_the_markup(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, tmp_path: Path
) -> None:
    """An opened .md file kept its markup in the box, and the summary read "##", "**" and
    link addresses as words; a code block is not prose to summarize."""
    notes = tmp_path / "notes.md"
    notes.write_text(
        f"## Budget\n\nThe **committee** met on [Monday](https://example.com/m).\n\n"
        f"```sh\nrm -rf build\n```\n\n- {ENGLISH[1]}\n",
        encoding="utf-8",
    )
    _window, pane = summarize_pane(make_window, quire_home)
    pane.source.files_dropped.emit([notes])
    qtbot.waitUntil(lambda: pane.source_path == notes, timeout=WAIT_MS)
    assert pane.source.toPlainText() == f"Budget\n\nThe committee met on Monday.\n\n{ENGLISH[1]}"


# --- the status bar and the history ------------------------------------------------------------


def test_the_memory_sampler_counts_this_process_when_its_children_cannot_be_listed(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure listing the engine process (psutil.AccessDenied, say) lost the whole sample,
    this process's own memory with it, and a quick job then showed no peak at all."""

    def refused(self: psutil.Process, recursive: bool = False) -> list[psutil.Process]:
        raise psutil.AccessDenied(self.pid)

    monkeypatch.setattr(psutil.Process, "children", refused)
    sampler = MemorySampler()
    sampler.start()
    peak = sampler.stop()
    assert peak >= psutil.Process().memory_info().rss // 2 > 0
    assert not sampler.sampling


def test_the_memory_sampler_lists_processes_once_a_second_not_at_each_sample(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Listing the engine's children reads every process of the system: done ten times a
    second on the GUI thread, it cost several milliseconds each time on a busy desktop."""
    listings: list[int] = []
    real = psutil.Process.children

    def counted(self: psutil.Process, recursive: bool = False) -> list[psutil.Process]:
        listings.append(self.pid)
        found: list[psutil.Process] = real(self, recursive=recursive)
        return found

    monkeypatch.setattr(psutil.Process, "children", counted)
    sampler = MemorySampler()
    sampler.start()
    for _ in range(3 * metrics.LIST_EVERY - 1):
        sampler.sample()
    assert len(listings) == 4  # 30 samples: the first, then every tenth
    sampler.stop()
    sampler.start()  # a new job: listed afresh
    assert len(listings) == 5


def test_the_memory_sampler_counts_the_engine_process_not_a_download_beside_it(
    qtbot: QtBot,
) -> None:
    """Every child of the app counted: a download's process, running beside a translation,
    went into the translation's peak memory (117 MiB of it)."""
    import subprocess
    import sys

    holding = "import sys; held = b'x' * (96 * 2**20); sys.stdin.read()"  # 96 MiB, touched
    engine, download = (
        subprocess.Popen([sys.executable, "-c", holding], stdin=subprocess.PIPE) for _ in range(2)
    )
    try:
        rss = {p.pid: 0 for p in (engine, download)}

        def holding_all() -> bool:
            for pid in rss:
                rss[pid] = psutil.Process(pid).memory_info().rss
            return min(rss.values()) > 96 * 2**20

        qtbot.waitUntil(holding_all, timeout=60_000)
        own = psutil.Process().memory_info().rss
        sampler = MemorySampler(engine_pid=lambda: engine.pid)
        sampler.start()
        peak = sampler.stop()
        assert own + rss[engine.pid] * 0.9 < peak < own + rss[engine.pid] + rss[download.pid] / 2
        # No engine process (between restarts): this process alone.
        alone = MemorySampler(engine_pid=lambda: None)
        alone.start()
        assert alone.stop() < own + rss[engine.pid] / 2
    finally:
        for process in (engine, download):
            assert process.stdin is not None
            process.stdin.close()  # it reads to the end, then ends
            process.wait()


def test_a_translation_shows_its_speed_and_memory_and_enters_the_history(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, tmp_path: Path
) -> None:
    install(quire_home)
    window = make_window()
    pane = translate_pane(window)
    text = " ".join(ENGLISH[:6])
    pane.load_text(text)
    job = pane.run()
    assert job is not None
    with qtbot.waitSignal(job.finished, timeout=WAIT_MS):
        pass  # the status bar and the history follow in the same turn (job_ended)
    result = job.result
    assert isinstance(result, TranslateResult) and result.generated_tokens > 0
    assert job.seconds is not None

    speed = re.fullmatch(r"([\d.]+) tokens/s", window.speed_label.text())
    assert speed is not None and window.speed_label.isVisible()
    expected = tokens_per_second(result.generated_tokens, job.seconds, job.load_seconds)
    assert float(speed.group(1)) == pytest.approx(expected, abs=0.051) and expected > 0
    assert re.fullmatch(r"Last job: [\d.]+ s", window.latency_label.text())
    # QLocale's size, grouped ("1,006.01 MiB") once a language switch has made the locale
    # English rather than C
    memory = re.fullmatch(r"Peak memory: ([\d.,]+) (MB|GB|MiB|GiB)", window.memory_label.text())
    assert memory is not None, repr(window.memory_label.text())
    assert float(memory.group(1).replace(",", "")) > 0
    assert "CPU" in window.device_label.text()

    panel = window.history_panel
    shown = panel.table.model()
    assert shown.rowCount() == 1
    cells = [shown.index(0, c).data() for c in range(shown.columnCount())]
    assert cells[1:5] == ["Translate", "opus-mt-en-de", result.model.variant, "CPU"]
    assert cells[6] == " ".join(result.text.split())[:160]
    [entry] = window.history.entries
    assert (entry.input, entry.output, entry.tokens) == (
        text, result.text, result.generated_tokens,
    )  # fmt: skip

    # Search: every word must match.
    panel.search.setText("opus-mt cpu")
    qtbot.waitUntil(lambda: panel.shown.query == "opus-mt cpu", timeout=5000)
    assert shown.rowCount() == 1
    panel.search.setText("opus-mt nothing-like-this")
    qtbot.waitUntil(lambda: shown.rowCount() == 0, timeout=5000)
    panel.search.clear()
    qtbot.waitUntil(lambda: shown.rowCount() == 1, timeout=5000)

    # Export as JSON and CSV.
    assert panel.export(tmp_path / "h.json")
    exported_json = json.loads((tmp_path / "h.json").read_text(encoding="utf-8"))
    assert [e["model"] for e in exported_json] == ["opus-mt-en-de"]
    assert exported_json[0]["output"] == result.text
    assert panel.export(tmp_path / "h.csv")
    with (tmp_path / "h.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["task"], r["device"]) for r in rows] == [("translate", result.model.device)]
    assert (tmp_path / "h.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 for Excel
    # A text that a spreadsheet would run as a formula is exported as text.
    formula = dataclasses.replace(entry, input='=HYPERLINK("http://evil.example","click") 中文')
    History.export([formula], tmp_path / "f.csv")
    with (tmp_path / "f.csv").open(encoding="utf-8-sig", newline="") as fh:
        [row] = list(csv.DictReader(fh))
    assert row["input"] == "'" + formula.input and row["seconds"] == str(entry.seconds)

    # Kept across a restart; cleared for good.
    window.close()
    again = make_window()
    qtbot.waitUntil(lambda: bool(again.history.entries), timeout=WAIT_MS)  # read on its thread
    assert [e.output for e in again.history.entries] == [result.text]
    assert again.history_panel.table.model().rowCount() == 1
    assert again.history_panel.clear(confirm=False)
    assert again.history_panel.table.model().rowCount() == 0
    again.flush_history()
    assert History(again.history.path).entries == []


def test_one_history_entry_can_be_deleted_copied_or_taken_back_to_its_pane(
    make_window: MakeWindow, quire_home: Path
) -> None:
    """Only Clear… all could remove a private entry, and a double-click did nothing."""
    install(quire_home)
    window = make_window()
    window.history_dock.show()
    window.activateWindow()
    panel = window.history_panel
    made = [
        HistoryEntry("2026-12-04T10:00:00+00:00", "translate", "m", "", "", 1, "first text", "A"),
        HistoryEntry("2026-12-04T11:00:00+00:00", "ask", "m", "", "", 1, "Who is it?", "B"),
        HistoryEntry("2026-12-04T12:00:00+00:00", "translate", "m", "", "", 1, "private", "C"),
    ]
    for entry in made:
        panel.add(entry)
    table = panel.table
    table.selectRow(0)  # newest first: "private"
    table.setFocus()
    QTest.keyClick(table, Qt.Key.Key_Delete)
    assert [e.input for e in window.history.entries] == ["first text", "Who is it?"]
    assert window.statusBar().currentMessage() == ("1 result deleted; Ctrl+Z brings it back")
    # Undone: back where it was, in the file too; then deleted for good.
    QTest.keyClick(table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [e.input for e in window.history.entries] == ["first text", "Who is it?", "private"]
    assert table.model().index(0, 6).data() == "C"
    window.flush_history()
    assert [e.input for e in History(window.history.path).entries] == [
        "first text",
        "Who is it?",
        "private",
    ]
    assert not panel.undo_action.isEnabled()
    table.selectRow(0)
    QTest.keyClick(table, Qt.Key.Key_Delete)
    window.flush_history()
    assert [e.input for e in History(window.history.path).entries] == ["first text", "Who is it?"]

    table.selectRow(0)  # now the question
    panel.copy_action.trigger()
    assert QApplication.clipboard().text() == "B"
    QTest.keyClick(table, Qt.Key.Key_Return)  # back to its pane
    pane = window.current_pane()
    assert isinstance(pane, AskPane) and pane.question.text() == "Who is it?"
    # The text asked about is not in the history: said, not left to puzzle over.
    said = window.statusBar().currentMessage()
    assert pane.context.toPlainText() == ""
    assert said.startswith("The history keeps the question, not the text it was asked about")
    table.selectRow(1)
    panel.reopen_action.trigger()
    translate = window.current_pane()
    assert isinstance(translate, TranslatePane)
    assert translate.source.toPlainText() == "first text"
    assert {a.text() for a in table.actions()} == {
        "Open in its pane",
        "Copy result",
        "Delete",
        "Undo delete",
    }
    # The history keeps a text's beginning only: taken back, that is said.
    long = HistoryEntry("2026-12-04T13:00:00+00:00", "translate", "m", "", "", 1, "y" * 4000, "D")
    window.reopen_entry(long)
    said = window.statusBar().currentMessage()
    assert said.startswith("Only the first 4") and "000 characters of this text were kept" in said


def test_clearing_the_history_forgets_what_interrupted_files_translated(
    tmp_path: Path,
) -> None:
    """The journal that resumes an interrupted translation holds its text so far: clearing
    the history (the user's 'forget what I translated') deletes it too."""
    from engine.documents import translate_file
    from tests.fixtures.documents import Upper

    home = tmp_path / "home"
    source = tmp_path / "doc.md"
    source.write_text("\n\n".join(f"Paragraph {i} is here." for i in range(12)), "utf-8")
    with pytest.raises(RuntimeError):  # a crash after two batches: the journal stays
        translate_file(
            source, tmp_path / "out.md", Upper(fail_after=2), batch_units=4,
            checkpoints=home / "checkpoints",
        )  # fmt: skip
    [journal] = (home / "checkpoints").glob("*.jsonl")
    assert "PARAGRAPH 0 IS HERE." in journal.read_text(encoding="utf-8")
    history = History(home / history_module.FILE_NAME)
    history.add(HistoryEntry("2026-12-04T12:00:00+00:00", "translate", "m", "", "", 1, "a", "b"))
    history.clear()
    assert not journal.exists() and not (home / history_module.FILE_NAME).exists()


def test_a_damaged_history_line_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "history.jsonl"
    good = {"when": "2026-01-01T10:00:00+00:00", "task": "ask", "model": "qa", "seconds": 1}
    path.write_text(json.dumps(good) + "\n{half a line\n[1, 2]\n", encoding="utf-8")
    history = History(path)
    assert [(e.task, e.model, e.seconds) for e in history.entries] == [("ask", "qa", 1.0)]


def test_one_bad_byte_costs_one_history_entry_not_all_of_them(tmp_path: Path) -> None:
    """A Latin-1 byte in entry 50 of 100 hid the whole history without a word, and the next
    Delete rewrote the file from the empty memory: all 100 entries gone for good."""
    path = tmp_path / "history.jsonl"
    lines = [
        json.dumps({"when": "2026-01-01T10:00:00+00:00", "task": "ask", "input": f"q{n}"})
        for n in range(100)
    ]
    data = "\n".join(lines).encode("utf-8") + b"\n"
    data = data.replace(b'"q49"', b'"q49\xe9"')
    path.write_bytes(data)
    read = history_module.read_entries(path)
    assert len(read.entries) == 99 and read.damaged == 1 and not read.error
    assert read.kept is not None and read.kept.read_bytes() == data  # the file as it was
    history = History(path)  # the file was rewritten without the line: nothing more to say
    assert len(history.entries) == 99 and history_module.read_entries(path).damaged == 0
    history.remove(history.entries[:1])
    assert len(History(path).entries) == 98


def test_a_history_that_cannot_be_read_is_never_written_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    path = tmp_path / "history.jsonl"
    good = {"when": "2026-01-01T10:00:00+00:00", "task": "ask", "input": "kept"}
    path.write_text(json.dumps(good) + "\n", encoding="utf-8")
    real_read = Path.read_bytes

    def failing_disk(self: Path) -> bytes:
        if self == path:
            raise OSError(errno.EIO, "Input/output error")
        return real_read(self)

    with monkeypatch.context() as patched:
        patched.setattr(Path, "read_bytes", failing_disk)
        history = History(path)
        assert history.entries == [] and not history.intact
        assert history.problem == "Input/output error"
        history.add(HistoryEntry.make("translate", None, 2.0, "new", "out"))
        history.remove(history.entries)  # a rewrite from memory would lose "kept"
    assert [e.input for e in History(path).entries] == ["kept", "new"]


def test_an_entry_after_a_line_cut_short_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "history.jsonl"
    good = {"when": "2026-01-01T10:00:00+00:00", "task": "ask", "model": "qa", "seconds": 1}
    path.write_text(json.dumps(good) + '\n{"when": "2026-01-01T10:01:', encoding="utf-8")
    History(path).add(HistoryEntry.make("translate", None, 2.0, "in", "out"))
    assert [(e.task, e.output) for e in History(path).entries] == [
        ("ask", ""),
        ("translate", "out"),
    ]


def test_a_full_history_is_not_rewritten_after_every_job(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(history_module, "MAX_ENTRIES", 10)
    monkeypatch.setattr(history_module, "TRIM_SLACK", 5)
    rewrites: list[Path] = []
    real = write_atomic

    def counting(path: Path, data: str | bytes, *, private: bool = False) -> None:
        rewrites.append(path)
        real(path, data, private=private)

    monkeypatch.setattr(history_module, "write_atomic", counting)
    path = tmp_path / "history.jsonl"
    history = History(path)
    for n in range(16):
        history.add(HistoryEntry.make("ask", None, 1.0, f"q{n}", f"a{n}"))
    assert len(rewrites) == 1
    assert [e.input for e in History(path).entries] == [f"q{n}" for n in range(6, 16)]
    for n in range(16, 21):
        history.add(HistoryEntry.make("ask", None, 1.0, f"q{n}", f"a{n}"))
    assert len(rewrites) == 1
    assert [e.input for e in History(path).entries] == [f"q{n}" for n in range(6, 21)]


def test_the_history_table_grows_by_inserted_rows_and_searches_after_a_pause(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    history = History(tmp_path / "history.jsonl")
    for word in ("alpha", "beta", "gamma"):
        history.add(HistoryEntry.make("ask", None, 1.0, f"{word} question", f"{word} answer"))
    panel = HistoryPanel(history)
    qtbot.addWidget(panel)
    shown = panel.table.model()
    assert shown is panel.shown and shown.rowCount() == 3
    assert shown.index(0, 6).data() == "gamma answer"  # newest first
    resets: list[str] = []
    inserted: list[tuple[int, int]] = []
    for model in (panel.model, panel.shown):
        model.modelReset.connect(lambda: resets.append("reset"))
        model.layoutChanged.connect(lambda: resets.append("layout"))
    panel.model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))

    panel.add(HistoryEntry.make("translate", None, 2.0, "delta input", "delta output"))
    assert resets == [] and inserted == [(0, 0)]
    assert [shown.index(0, c).data() for c in (1, 6)] == ["Translate", "delta output"]
    assert panel.count.text() == "4 of 4 results"

    panel.search.setText("BETA question")
    assert shown.rowCount() == 4  # not on the keystroke: once typing pauses
    qtbot.waitUntil(lambda: shown.rowCount() == 1, timeout=5000)
    assert shown.index(0, 6).data() == "beta answer"
    assert panel.count.text() == "1 of 4 results"
    panel.add(HistoryEntry.make("ask", None, 1.0, "epsilon", "nothing to see"))
    panel.add(HistoryEntry.make("ask", None, 1.0, "beta question again", "second beta"))
    assert [shown.index(r, 6).data() for r in range(shown.rowCount())] == [
        "second beta",
        "beta answer",
    ]
    assert resets == [] and inserted == [(0, 0)] * 3
    assert panel.export(tmp_path / "found.json")
    exported_json = json.loads((tmp_path / "found.json").read_text(encoding="utf-8"))
    assert [e["output"] for e in exported_json] == ["beta answer", "second beta"]  # oldest first

    # A full history drops its oldest entries: the bottom rows go, the view stays in step.
    monkeypatch.setattr(history_module, "MAX_ENTRIES", 4)
    monkeypatch.setattr(history_module, "TRIM_SLACK", 2)
    panel.search.clear()
    qtbot.waitUntil(lambda: shown.rowCount() == 6, timeout=5000)
    panel.add(HistoryEntry.make("ask", None, 1.0, "zeta", "last"))
    assert len(history.entries) == 4 == shown.rowCount()
    assert [shown.index(r, 6).data() for r in range(4)] == [
        " ".join(e.output.split()) for e in reversed(history.entries)
    ]
    assert shown.index(0, 6).data() == "last"
    assert "reset" not in resets

    assert panel.clear(confirm=False)
    assert shown.rowCount() == 0 and panel.count.text() == "0 of 0 results"
    assert not panel.export_button.isEnabled() and not panel.clear_button.isEnabled()


@needs_fifo
def test_a_text_file_is_read_on_the_worker(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, tmp_path: Path
) -> None:
    install(quire_home)
    note = tmp_path / "note.txt"
    # Its read waits until the test has seen the busy row. (Summarize: Translate queues a
    # file that is not a regular one, and a named pipe is not.)
    release = held_file(qtbot, note, ENGLISH[0])
    window = make_window()
    window.show_pane(1)
    pane = window.current_pane()
    assert isinstance(pane, SummarizePane)
    try:
        pane.open_files([note])
        assert pane.source.toPlainText() == "" and pane.source_path is None
        qtbot.waitUntil(lambda: pane.busy.shown, timeout=WAIT_MS)  # after its usual delay
        assert pane.busy.label.text() == "Reading note.txt…"
    finally:
        release()
    qtbot.waitUntil(lambda: pane.source_path == note, timeout=WAIT_MS)
    assert pane.source.toPlainText() == ENGLISH[0]
    assert not pane.busy.shown and pane.reading is None

    # A document in a format Quire does not read: what to save it as (it said "cannot read
    # RTF files yet" and to paste the text; an AbiWord file now).
    other = tmp_path / "letter.abw"
    other.write_bytes(b"Hello")
    pane.open_files([other])
    qtbot.waitUntil(lambda: pane.reading is None, timeout=WAIT_MS)
    boxes = [w for w in window.findChildren(QMessageBox) if w.isVisible()]
    refusal = boxes[0].informativeText() if boxes else ""
    assert "Quire cannot read .abw files." in refusal
    assert "Save it as .docx in AbiWord or LibreOffice" in refusal
    for box in boxes:
        box.close()

    # A file that cannot be read: the presenter says so, the text stays.
    damaged = tmp_path / "damaged.txt"
    damaged.write_bytes(b"\x00\x01\x02 binary, not text")
    pane.open_files([damaged])
    qtbot.waitUntil(lambda: pane.reading is None, timeout=WAIT_MS)
    boxes = [w for w in window.findChildren(QMessageBox) if w.isVisible()]
    assert boxes and "damaged.txt" in boxes[0].informativeText()
    assert pane.source.toPlainText() == ENGLISH[0] and pane.source_path == note
    assert window.statusBar().currentMessage() == "damaged.txt could not be opened"
    for box in boxes:
        box.close()

    # An empty file: said in one line; the text stays.
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    said: list[str] = []
    pane.status.connect(said.append)
    pane.open_files([empty])
    qtbot.waitUntil(lambda: pane.reading is None, timeout=WAIT_MS)
    assert said[-1] == "empty.txt holds no text; the text here is unchanged"
    assert pane.source.toPlainText() == ENGLISH[0] and pane.source_path == note


def test_a_job_cancelled_in_the_queue_does_not_stop_the_memory_sampling(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window()
    # The window's own start-up jobs (the model list, the doctor) run first and are sampled
    # too: let them end, or "sampling" below would be about them, not about the spinning job.
    if window.runner.busy:
        with qtbot.waitSignal(
            window.runner.busy_changed, check_params_cb=lambda busy: not busy, timeout=WAIT_MS
        ):
            pass
    assert not window.memory.sampling

    def spin(_engine: Engine, _report: object, cancel: CancelToken) -> None:
        while True:
            cancel.check()
            time.sleep(0.005)

    running = window.runner.call(spin, label="spin")
    with qtbot.waitSignal(running.started, timeout=WAIT_MS):
        pass
    assert window.memory.sampling
    queued = window.runner.call(lambda _engine, _report, _cancel: None, label="queued")
    with qtbot.waitSignal(queued.cancelled, timeout=WAIT_MS):
        window.runner.cancel(queued)
    assert window.memory.sampling  # still following the running job
    with qtbot.waitSignal(running.cancelled, timeout=WAIT_MS):
        window.runner.cancel(running)
    assert not window.memory.sampling


# --- settings -----------------------------------------------------------------------------------


def test_offline_mode_and_output_naming_persist(
    make_window: MakeWindow, quire_home: Path, settings_file: Path, tmp_path: Path
) -> None:
    install(quire_home)
    window = make_window()
    assert not window.offline_label.isVisible()
    dialog = window.show_settings()
    assert dialog.pattern.text() == DEFAULT_PATTERN
    dialog.offline.setChecked(True)
    dialog.folder.setText(str(tmp_path / "translated"))
    # A pattern that cannot name files keeps the dialog open on it, saying why (OK would
    # have thrown away what was typed); one reaching into Python's formatting is no crash.
    # Each says its own reason ("{name}{ext}" does use both, yet names the translation as
    # the input: an outside review found "Use {name} and end with {ext}" said of it).
    for unusable, reason in (
        ("{name}", "Use {name} and end with {ext}"),
        ("{name.zz}{ext}", "Only {name}, {lang} and {ext} can be used, as they are"),
        ("{name[x]}{ext}", "Only {name}, {lang} and {ext} can be used, as they are"),
        ("{name!r}{ext}", "Only {name}, {lang} and {ext} can be used, as they are"),
        ("{name}{ext}", "The translation would take the input's name: add {lang} or other text"),
        ("x/{name}{ext}", 'A name may not hold / \\ < > : " | ? or *'),
        # Windows refuses these in a name: each file of a batch failed once translated.
        ("{name}:{lang}{ext}", 'A name may not hold / \\ < > : " | ? or *'),
        ("{name} <{lang}>{ext}", 'A name may not hold / \\ < > : " | ? or *'),
    ):
        dialog.pattern.setText(unusable)
        assert dialog.example.text() == f"{reason}, for example {DEFAULT_PATTERN}", unusable
        dialog.accept()
        assert dialog.isVisible() and dialog.focusWidget() is dialog.pattern, unusable
    dialog.proxy.setText("not a proxy")
    dialog.pattern.setText("")  # the default
    dialog.accept()
    assert dialog.isVisible() and dialog.focusWidget() is dialog.proxy
    assert dialog.network_problem.isVisible()
    problem = dialog.network_problem.geometry()
    assert dialog.rect().contains(problem)  # read whole, not cut at the bottom
    dialog.proxy.setText("")
    dialog.accept()
    assert not dialog.isVisible()
    assert window.offline_label.isVisible() and window.offline_label.text() == "Offline"
    window.close()

    again = Settings(open_store(settings_file))
    assert again.offline and again.output_pattern == DEFAULT_PATTERN
    assert again.output_folder == tmp_path / "translated"
    options = again.engine_options()
    assert getattr(options, "offline", True) is True  # where the engine has the option
    reopened = make_window()
    assert reopened.offline_label.isVisible()
    dialog = reopened.show_settings()
    assert dialog.offline.isChecked() and dialog.folder.text() == str(tmp_path / "translated")
    dialog.pattern.setText("{lang}.{name}{ext}")
    assert dialog.example.text() == "For example: de.report.docx"
    dialog.accept()
    assert Settings(open_store(settings_file)).output_pattern == "{lang}.{name}{ext}"


# --- right-to-left text -------------------------------------------------------------------------


def test_right_to_left_results_are_aligned_by_their_own_direction(
    make_window: MakeWindow, quire_home: Path
) -> None:
    assert is_rtl("مرحبا بالعالم") and is_rtl("«שלום» world") and not is_rtl("123 Hello שלום")
    install(quire_home)
    window = make_window()
    pane = window.panes[2]
    assert isinstance(pane, AskPane)
    used = ModelUsed("qa", Path("qa"), "onnx", "fp32", "cpu")
    context = "القاهرة عاصمة مصر. Paris is in France."
    pane.load_text(context)
    pane._asked_context = context
    result = AskResult(answers=(Answer("القاهرة", 0.9, 0, 7), Answer("Paris", 0.1, 19, 24)),
                       model=used)  # fmt: skip
    pane.show_result(result)
    items: list[QListWidgetItem] = [pane.answers.item(i) for i in range(pane.answers.count())]
    right, left = Qt.AlignmentFlag.AlignRight, Qt.AlignmentFlag.AlignLeft
    assert [bool(Qt.AlignmentFlag(i.textAlignment()) & right) for i in items] == [True, False]
    assert bool(Qt.AlignmentFlag(items[1].textAlignment()) & left)
    assert pane.highlighted == (0, 7)

    bars = ScoreBars()

    bars.set_scores([LabelScore("חיובי", 0.7), LabelScore("positive", 0.3)])
    labels: list[QLabel] = [label for label, _ in bars.rows]
    assert [bool(label.alignment() & right) for label in labels] == [True, False]
    bars.deleteLater()


# --- the model manager --------------------------------------------------------------------------


def test_the_model_manager_imports_an_archive_and_converts_a_checkpoint(
    qtbot: QtBot, make_window: MakeWindow, tmp_path: Path
) -> None:
    window = make_window()
    archive = tmp_path / "bert-cls.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(exported("bert-cls"), arcname="sentiment")
    manager = window.show_model_manager()
    with qtbot.waitSignal(window.catalog_loaded, timeout=WAIT_MS):
        job = manager.import_archive(archive)
    assert job is not None and job.error is None
    assert [e.name for e in window.catalog or []] == ["bert-cls"]  # named after the archive
    assert archive.is_file()  # the archive is left as it was

    # (a folder named as a file manager names a copy: converted under the name an import of
    # it gets, not refused as "cannot be a model's name")
    source = tmp_path / "qa checkpoint (copy)"
    shutil.copytree(checkpoint("distilbert-qa"), source)
    job = manager.convert_checkpoint(source)

    def converted_listed() -> bool:  # (the store is also read again when the manager is shown)
        return any(e.name == "qa-checkpoint-copy" for e in window.catalog or [])

    qtbot.waitUntil(converted_listed, timeout=WAIT_MS)
    assert job is not None and job.error is None
    converted = next(e for e in window.catalog or [] if e.name == "qa-checkpoint-copy")
    assert "ask" in converted.tasks and {"fp32", "int8"} <= set(converted.variants)
    assert manager.table.rowCount() == 2


def test_the_app_reads_legacy_encodings_and_says_which(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, tmp_path: Path
) -> None:
    install(quire_home)
    german = "Die alte Mühle steht neben der Brücke. Herr Müller wohnt dort seit fünfzig Jahren."
    note = tmp_path / "note.txt"
    note.write_bytes(german.encode("cp1252"))
    window = make_window()
    pane = translate_pane(window)
    said: list[str] = []
    pane.status.connect(said.append)
    pane.open_files([note])
    qtbot.waitUntil(lambda: pane.source_path == note, timeout=WAIT_MS)
    assert pane.source.toPlainText() == german
    assert said[-1] == "Opened note.txt (read as windows-1252)"

    # A subtitle file in windows-1251 through the queue: written in it when the translation
    # fits, else as UTF-8, and the row says which.
    russian = "Сегодня очень хорошая погода. Давайте погуляем в парке у старой мельницы."
    talk = tmp_path / "talk.srt"
    talk.write_bytes(
        f"1\r\n00:00:01,000 --> 00:00:04,000\r\n{russian}\r\n\r\n"
        f"2\r\n00:00:05,000 --> 00:00:08,000\r\n{ENGLISH[0]}\r\n".encode("cp1251")
    )
    # The text is Russian and the test's model English→German: the user says "from English"
    # (without that choice the app refuses to run a model on a language it was not made for).
    pane.from_box.setCurrentIndex(pane.from_box.findData("en"))
    assert pane.from_box.currentData() == "en"
    pane.open_files([talk])
    settle(qtbot, window)
    (row,) = window.queue.rows
    assert row.state is RowState.DONE and row.result is not None, row.message
    used = row.result.encoding
    assert used is not None and used.detected == "windows-1251"
    state = window.queue_view.table.item(0, 2)
    assert state is not None
    written = (tmp_path / "talk.de.srt").read_bytes()
    counts = row.result.counts
    done = f"{counts.translated} translated · {counts.verbatim} kept · {counts.failed} failed"
    if used.fallback:
        assert used.written == "utf-8" and written.decode("utf-8")
        assert state.text() == (
            f"{done}; written as UTF-8: the translation does not fit in windows-1251"
        )
    else:
        assert used.written == "windows-1251" and written.decode("cp1251")
        assert state.text() == f"{done} (windows-1251)"
    assert "00:00:01,000 --> 00:00:04,000" in written.decode(used.written or "")


def test_the_app_reads_a_file_pasted_from_two_encodings_and_says_so(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, tmp_path: Path
) -> None:
    install(quire_home)
    utf8 = "The old mill stands beside the bridge in Zürich.\n"
    legacy = "Mr M\u00fcller\u2019s \u201cmill\u201d is fifty years old.\n"
    note = tmp_path / "note.txt"
    note.write_bytes(utf8.encode("utf-8") + legacy.encode("cp1252"))
    window = make_window()
    pane = translate_pane(window)
    said: list[str] = []
    pane.status.connect(said.append)
    pane.open_files([note])
    qtbot.waitUntil(lambda: pane.source_path == note, timeout=WAIT_MS)
    assert pane.source.toPlainText() == utf8 + legacy
    assert said[-1] == "Opened note.txt (UTF-8, some lines in windows-1252)"

    talk = tmp_path / "talk.srt"
    talk.write_bytes(
        f"1\n00:00:01,000 --> 00:00:04,000\n{utf8}\n".encode()
        + f"2\n00:00:05,000 --> 00:00:08,000\n{legacy}".encode("cp1252")
    )
    pane.from_box.setCurrentIndex(pane.from_box.findData("en"))
    pane.open_files([talk])
    settle(qtbot, window)
    (row,) = window.queue.rows
    assert row.state is RowState.DONE and row.result is not None, row.message
    assert row.result.encoding is not None and row.result.encoding.mixed == "windows-1252"
    counts = row.result.counts
    done = f"{counts.translated} translated · {counts.verbatim} kept · {counts.failed} failed"
    state = window.queue_view.table.item(0, 2)
    assert state is not None and state.text() == (
        f"{done}; written as UTF-8: the file was UTF-8 with some lines in windows-1252"
    )
    assert (tmp_path / "talk.de.srt").read_bytes().decode("utf-8")


def message_boxes(window: MainWindow) -> list[QMessageBox]:
    return [b for b in window.findChildren(QMessageBox) if b.isVisible()]


def test_a_text_file_is_reopened_in_the_encoding_the_user_chooses(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, tmp_path: Path
) -> None:
    """Two words are too little to detect an encoding by: "Привет" in windows-1251 reads as
    Korean, "Да." as nothing at all. File → Reopen with Encoding reads the file again in the
    one the user names; a wrong choice says which byte does not fit."""
    install(quire_home)
    window = make_window()
    pane = translate_pane(window)
    said: list[str] = []
    pane.status.connect(said.append)
    note = tmp_path / "note.txt"
    note.write_bytes("Привет".encode("cp1251"))
    pane.open_files([note])
    qtbot.waitUntil(lambda: pane.source_path == note, timeout=WAIT_MS)
    assert pane.source.toPlainText() != "Привет"  # (read as EUC-KR)
    window.reopen_menu.aboutToShow.emit()
    assert all(action.isEnabled() for action in window.reopen_actions)
    names = [action.text() for action in window.reopen_actions]
    assert "Cyrillic (Windows-1251)" in names and len(set(names)) == len(names)
    window.reopen_actions[REOPEN_ENCODINGS.index("windows-1251")].trigger()
    qtbot.waitUntil(lambda: pane.source.toPlainText() == "Привет", timeout=WAIT_MS)
    assert said[-1] == "Opened note.txt (read as windows-1251)"

    short = tmp_path / "short.txt"
    short.write_bytes("Да.".encode("cp1251"))
    pane.open_files([short])
    qtbot.waitUntil(lambda: bool(message_boxes(window)), timeout=WAIT_MS)
    box = message_boxes(window)[0]
    assert "File → Reopen with Encoding" in box.informativeText()
    box.close()
    assert window.reopen_with("windows-1251")
    qtbot.waitUntil(lambda: pane.source.toPlainText() == "Да.", timeout=WAIT_MS)

    assert window.reopen_with("utf-8")  # the wrong one: said, and the text stays
    qtbot.waitUntil(lambda: bool(message_boxes(window)), timeout=WAIT_MS)
    box = message_boxes(window)[0]
    assert "The file is not in utf-8: byte 0 does not fit." in box.informativeText()
    assert pane.source.toPlainText() == "Да."
    box.close()

    # A document's text is extracted, not decoded: nothing to choose (Summarize opens it).
    window.show_pane(next(i for i, p in enumerate(window.panes) if p.task == "summarize"))
    summary = window.current_pane()
    document = tmp_path / "talk.srt"
    document.write_text("1\n00:00:01,000 --> 00:00:02,000\nHello there.\n", encoding="utf-8")
    summary.open_files([document])
    qtbot.waitUntil(lambda: summary.source_path == document, timeout=WAIT_MS)
    window.reopen_menu.aboutToShow.emit()
    assert not any(action.isEnabled() for action in window.reopen_actions)
    assert not window.reopen_with("windows-1251")


def test_a_finished_file_with_failed_parts_is_marked_and_names_them(
    make_window: MakeWindow, tmp_path: Path
) -> None:
    """ "3 failed" in a row styled as success said nothing: the row carries a warning and its
    tooltip names the parts that kept their source text."""
    from engine.api import DocumentResult, TranslateRequest, UnitCounts

    window = make_window()
    result = DocumentResult(
        tmp_path / "a.docx", tmp_path / "a.de.docx", 6,
        counts=UnitCounts(translated=3, verbatim=1, failed=2), failed=("Item", "Coffee"),
    )  # fmt: skip
    row = Row(tmp_path / "a.docx", result.output, TranslateRequest(text="", target="de"),
              state=RowState.DONE, result=result)  # fmt: skip
    window.queue.rows.append(row)
    view = window.queue_view
    view._show_row(0)
    item = view.table.item(0, 2)
    assert item is not None and not item.icon().isNull()
    assert item.toolTip().splitlines() == [
        "2 parts kept their source text: the model gave back nothing for them, only "
        "repeated itself, or lost a placeholder.",
        "• Item",
        "• Coffee",
    ]
    # The output's name, the path in its tooltip; the state gives way to it, elided.
    output = view.table.item(0, 3)
    assert output is not None and output.text() == "a.de.docx"
    assert output.toolTip() == str(tmp_path / "a.de.docx")
    header = view.table.horizontalHeader()
    assert header.sectionResizeMode(2) is QHeaderView.ResizeMode.Stretch
    assert not view.table.wordWrap()
    clean = Row(tmp_path / "b.docx", tmp_path / "b.de.docx", TranslateRequest(text="", target="de"),
                state=RowState.DONE, result=DocumentResult(tmp_path / "b.docx",
                tmp_path / "b.de.docx", 2, counts=UnitCounts(translated=2)))  # fmt: skip
    window.queue.rows.append(clean)
    view._show_row(1)
    assert view.failed_text(clean) == ""
    item = view.table.item(1, 2)
    assert item is not None and item.icon().isNull()
    # A note of its job (tracked changes pending) shows as an icon too: it was only in a
    # tooltip nothing pointed to (seen in the real window).
    noted = Row(tmp_path / "c.docx", tmp_path / "c.de.docx", TranslateRequest(text="", target="de"),
                state=RowState.DONE, result=DocumentResult(tmp_path / "c.docx",
                tmp_path / "c.de.docx", 2, counts=UnitCounts(translated=2)),
                notes=["c.docx has tracked changes not yet accepted or rejected"])  # fmt: skip
    window.queue.rows.append(noted)
    window.queue.describe(noted)
    view._show_row(2)
    item = view.table.item(2, 2)
    assert item is not None and not item.icon().isNull()
    assert "tracked changes" in item.toolTip()


def test_files_not_done_when_quire_closed_come_back_stopped_and_retry_translates_them(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, tmp_path: Path
) -> None:
    """Quitting with files in the queue lost them: they are offered again at the next start
    (stopped, said so), and Retry translates them; files gone meanwhile are left out."""
    install(quire_home)
    first, gone = tmp_path / "first.txt", tmp_path / "gone.txt"
    first.write_text(ENGLISH[0], encoding="utf-8")
    gone.write_text(ENGLISH[1], encoding="utf-8")
    window = make_window()
    window.queue.pause()  # they wait, as files behind a long one do
    template = TranslateRequest(text="", model="opus-mt-en-de", source="en", target="de")
    window.translate_files([first, gone], template)
    assert [r.state for r in window.queue.rows] == [RowState.WAITING] * 2
    window.close()
    gone.unlink()

    again = make_window()
    (row,) = again.queue.rows
    assert row.path == first and row.state is RowState.CANCELLED and row.interrupted
    assert row.template == template and row.output == tmp_path / "first.de.txt"
    assert again.queue_dock.isVisible()
    said = again.statusBar().currentMessage()
    assert said.startswith("1 file was not finished when Quire closed")
    state = again.queue_view.table.item(0, 2)
    assert state is not None and state.text() == "Stopped when Quire closed: Retry goes on"
    again.close()  # quit again without Retry: still offered
    third = make_window()
    (row,) = third.queue.rows
    assert row.path == first and row.interrupted
    # Meanwhile the file was translated again and its translation edited: never overwritten.
    edited = tmp_path / "first.de.txt"
    edited.write_text("USER EDITED", encoding="utf-8")
    third.queue.retry(row)
    settle(qtbot, third)
    assert third.queue.rows[0].state.value == "done"
    assert row.output == tmp_path / "first.de (2).txt" and row.output.is_file()
    assert edited.read_text(encoding="utf-8") == "USER EDITED"
    third.close()
    assert make_window().queue.rows == []  # done now: nothing left to offer


def test_the_files_not_done_are_saved_as_the_list_changes_not_only_at_quit(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, tmp_path: Path
) -> None:
    """Saved only when the window closed: Quire killed (a crash, a power cut) forgot the whole
    list, and a failed or cancelled file was never offered again."""
    import json

    install(quire_home)
    files = [tmp_path / "a.txt", tmp_path / "b.txt"]
    for path, text in zip(files, ENGLISH, strict=False):
        path.write_text(text, encoding="utf-8")
    window = make_window()
    window.queue.pause()
    template = TranslateRequest(text="", model="opus-mt-en-de", source="en", target="de")
    window.translate_files(files, template)
    window.queue.cancel(window.queue.rows[1])  # a cancelled file is not done either

    def saved() -> list[str]:
        return [e["path"] for e in json.loads(window.settings.unfinished_files or "[]")]

    qtbot.waitUntil(lambda: saved() == [str(p) for p in files], timeout=WAIT_MS)
    again = make_window()  # the next start, the first never closed
    assert [r.path for r in again.queue.rows] == files
    assert all(r.state is RowState.CANCELLED for r in again.queue.rows)
    again.queue.retry(again.queue.rows[0])
    settle(qtbot, again)
    assert again.queue.rows[0].state is RowState.DONE
    qtbot.waitUntil(lambda: saved() == [str(files[1])], timeout=WAIT_MS)  # done: not offered


def glossary_window(
    make_window: MakeWindow, quire_home: Path
) -> tuple[Engine, MainWindow, TranslatePane]:
    """A window with a model of many languages (m2m100), its glossary for German."""
    engine = Engine(engine_options(quire_home))
    engine.import_model(exported("m2m100"), "m2m100")
    write_terms(quire_home / "glossary.tsv", [("library", "Bibliothek")], ("", "de"))
    window = make_window()
    pane = window.panes[0]
    assert isinstance(pane, TranslatePane)
    pane.live_box.setChecked(False)
    choose_target(pane, "de")
    return engine, window, pane


def choose_target(pane: TranslatePane, code: str) -> None:
    pane.to_box.setCurrentIndex(pane.to_box.findData(code))
    pane.to_box.activated.emit(pane.to_box.currentIndex())


def set_glossary_for_french(window: MainWindow, quire_home: Path) -> None:
    write_terms(quire_home / "glossary.tsv", [("train", "le train")], ("", "fr"))
    window._glossary_saved()  # (what the Glossary dialog's OK calls)


def glossary_terms(row: Row) -> set[str]:
    """The glossary terms the engine looked for in ``row``'s file: those it put back and
    those the model lost (the random-weight model loses them)."""
    assert row.result is not None
    return {t for r in row.result.results for t in (*r.applied_terms, *r.missing_terms)}


LIBRARY = "The library is open today.\n\nThe train leaves at nine.\n"


def test_files_waiting_keep_the_glossary_they_were_queued_with(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, tmp_path: Path
) -> None:
    """A review queued three files with the glossary for German, then set it for French and
    queued a fourth: the three failed ("This glossary is for translations from any language
    into French"), a row keeping only the path of the app's one glossary. Each keeps the one
    it was queued with; the copies go once their rows are done."""
    engine, window, pane = glossary_window(make_window, quire_home)
    german = tmp_path / "german.tsv"
    shutil.copyfile(quire_home / "glossary.tsv", german)
    files = [tmp_path / f"{name}.txt" for name in "abcd"]
    for path in files:
        path.write_text(LIBRARY, encoding="utf-8")
    window.queue.pause()  # (all still waiting when the glossary changes)
    assert pane.translate_files(files[:3])
    set_glossary_for_french(window, quire_home)
    choose_target(pane, "fr")
    assert pane.translate_files(files[3:])
    window.queue.resume()
    qtbot.waitUntil(lambda: not window.queue.active, timeout=WAIT_MS)
    rows = window.queue.rows
    assert [r.state for r in rows] == [RowState.DONE] * 4, [r.message for r in rows]
    assert [glossary_terms(r) for r in rows] == [{"library"}] * 3 + [{"train"}]
    # The German terms went in as the engine puts them in (the model loses the term itself,
    # but its translation of the rest is that of the text with the term held apart).
    out = tmp_path / "reference"
    for name, glossary in (("with", german), ("without", None)):
        template = TranslateRequest(text="", model="m2m100", target="de", glossary=glossary)
        translate_document(engine, files[0], out / f"{name}.txt", template, checkpoint=False)
    expected = (out / "with.txt").read_bytes()
    assert expected != (out / "without.txt").read_bytes()
    for row in rows[:3]:
        assert row.output is not None and row.output.read_bytes() == expected
    assert not list((quire_home / "queue").iterdir())  # the kept copies, with their rows


def test_a_retry_and_a_restart_keep_a_queued_files_glossary(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, tmp_path: Path
) -> None:
    """Files stopped (Cancel, Quire closed) are retried with the glossary they were queued
    with, not the one the app has since."""
    _, window, pane = glossary_window(make_window, quire_home)
    files = [tmp_path / "a.txt", tmp_path / "b.txt"]
    for path in files:
        path.write_text(LIBRARY, encoding="utf-8")
    window.queue.pause()
    assert pane.translate_files(files)
    window.queue.cancel(window.queue.rows[0])
    set_glossary_for_french(window, quire_home)
    saved = window.settings
    qtbot.waitUntil(lambda: len(json.loads(saved.unfinished_files or "[]")) == 2, timeout=WAIT_MS)
    again = make_window()  # the next start, the first never closed
    rows = again.queue.rows
    assert [r.state for r in rows] == [RowState.CANCELLED] * 2
    assert all(r.template.glossary and r.template.glossary.is_file() for r in rows)
    for row in rows:
        again.queue.retry(row)
    qtbot.waitUntil(lambda: not again.queue.active, timeout=WAIT_MS)
    assert [r.state for r in rows] == [RowState.DONE] * 2, [r.message for r in rows]
    assert [glossary_terms(r) for r in rows] == [{"library"}] * 2


def test_a_glossary_for_another_target_than_a_file_declares_is_left_off_not_failed(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, tmp_path: Path
) -> None:
    """The pane judges a file's glossary by the target named when it is queued; a catalog for
    German, translated into "the model's language", failed for the French glossary. It goes
    without it, as the pane leaves one off for another pair, and its row says so."""
    _, window, _ = glossary_window(make_window, quire_home)
    set_glossary_for_french(window, quire_home)
    catalog = tmp_path / "messages.po"
    catalog.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: de\\n"\n'
        '\nmsgid "The train leaves at nine."\nmsgstr ""\n',
        encoding="utf-8",
    )
    template = TranslateRequest(text="", model="m2m100", glossary=quire_home / "glossary.tsv")
    with qtbot.waitSignal(window.queue.row_finished, timeout=WAIT_MS):
        window.translate_files([catalog], template)
    row = window.queue.rows[0]
    assert row.state is RowState.DONE, row.message
    assert row.result is not None and row.result.target_language == "de"
    assert glossary_terms(row) == set() and row.template.glossary is None
    said = "The glossary is for any language → French, not German (de): not used for this file."
    assert said in row.details.splitlines()
    item = window.queue_view.table.item(0, 2)
    assert item is not None and said in item.toolTip().splitlines()


def test_a_restart_keeps_why_a_file_failed_how_far_one_got_and_says_which_are_gone(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, tmp_path: Path
) -> None:
    """An outside review found failed rows back as "stopped when Quire closed" (0 failed),
    a stopped file's 1,472 of 6,000 parts shown as an empty bar, and a file moved since
    dropped without a word; another, a file the user cancelled back as "stopped when Quire
    closed: Retry goes on"."""
    from desktop.queue import BatchQueue
    from engine.errors import InputError

    install(quire_home)
    names = ("failed.txt", "stopped.txt", "cancelled.txt", "moved.txt")
    files = [tmp_path / name for name in names]
    for path in files:
        path.write_text(ENGLISH[0], encoding="utf-8")
    queue = BatchQueue(make_window().runner)
    template = TranslateRequest(text="", target="de")
    failed, stopped, cancelled, moved = (
        Row(p, None, template, state=RowState.CANCELLED) for p in files
    )
    stopped.state = RowState.RUNNING  # (when Quire closed)
    failed.state = RowState.FAILED
    failed.error = InputError(
        "The document is damaged", path=files[0], message_id="document.damaged_file",
        params={"suffix": ".txt"},
    )  # fmt: skip
    stopped.done, stopped.total = 1472, 6000
    queue.rows = [failed, stopped, cancelled, moved]
    saved = queue.unfinished()
    files[3].unlink()

    window = make_window()
    window.settings.unfinished_files = saved
    window._restore_unfinished()
    rows = window.queue.rows[-3:]
    assert [(r.path, r.state) for r in rows] == [
        (files[0], RowState.FAILED),
        (files[1], RowState.CANCELLED),
        (files[2], RowState.CANCELLED),
    ]
    assert not rows[2].interrupted
    assert window.queue_view.state_text(rows[2]) == "Cancelled"
    again = rows[0].error
    assert isinstance(again, InputError) and again.message_id == "document.damaged_file"
    assert rows[0].message and not rows[0].interrupted
    assert (rows[1].done, rows[1].total, rows[1].interrupted) == (1472, 6000, True)
    said = window.statusBar().currentMessage()
    assert "1 unfinished file is no longer where it was: moved.txt" in said
    # Only the one Quire's closing stopped: the bar said "3 files were not finished when
    # Quire closed" over rows that said Failed and Cancelled.
    assert "1 file was not finished when Quire closed" in said


def test_many_rows_added_at_once_are_summarized_once_not_once_each(
    qtbot: QtBot,
    make_window: MakeWindow,
    quire_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each row added (and each cancelled by Cancel all) counted every row again for the
    summary and the buttons: 3,000 files froze the window for 23 s, Cancel all for 35 s.
    Counted, not timed."""
    from desktop.queue_view import QueueView

    install(quire_home)
    paths = []
    for n in range(40):
        paths.append(tmp_path / f"f{n:02}.txt")
        paths[-1].write_text(ENGLISH[0], encoding="utf-8")
    window = make_window()
    window.queue.pause()
    counted: list[int] = []
    real = QueueView._summarize

    def counting(view: QueueView) -> None:
        counted.append(len(view.queue.rows))
        real(view)

    monkeypatch.setattr(QueueView, "_summarize", counting)
    window.translate_files(paths, TranslateRequest(text="", source="en", target="de"))
    qtbot.waitUntil(lambda: bool(counted), timeout=WAIT_MS)
    assert window.queue_view.summary.text() != ""
    window.queue.cancel_all()
    qtbot.waitUntil(lambda: len(counted) >= 2, timeout=WAIT_MS)
    QApplication.processEvents()
    assert counted == [40, 40]


def test_a_failed_file_says_the_parts_translated_are_kept(tmp_path: Path) -> None:
    """ "The engine stopped unexpectedly" alone: nothing said the 208 parts translated were
    kept, or that Retry goes on from there."""
    from desktop.queue import BatchQueue
    from engine.errors import EngineError

    row = Row(tmp_path / "a.docx", tmp_path / "a.de.docx", TranslateRequest(text="", target="de"))
    row.error = EngineError("The engine stopped unexpectedly", hint="Try again")
    BatchQueue.describe(row)
    assert "kept" not in row.details  # nothing translated yet: nothing to keep
    row.done, row.total = 208, 900
    BatchQueue.describe(row)
    assert row.message.startswith("The engine stopped unexpectedly")
    assert "What was translated so far (208 parts) is kept: Retry goes on from there." in (
        row.details.splitlines()
    )


def test_a_localisation_files_row_says_its_translations_wait_for_review(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, tmp_path: Path
) -> None:
    """A gettext template through the queue: its row says the translations are marked
    fuzzy for review (a program built from the catalog shows them once someone has), in
    English and in Chinese."""
    install(quire_home)
    template = tmp_path / "app.pot"
    template.write_bytes((Path(__file__).parent / "data" / "po" / "app.pot").read_bytes())
    window = make_window()
    pane = translate_pane(window)
    pane.from_box.setCurrentIndex(pane.from_box.findData("en"))
    pane.open_files([template])
    settle(qtbot, window)
    (row,) = window.queue.rows
    assert row.state is RowState.DONE and row.result is not None, row.message
    assert row.result.output == tmp_path / "app.de.po" and row.result.counts.translated
    state = window.queue_view.table.item(0, 2)
    assert state is not None and state.text().endswith("; marked fuzzy for review")
    translations = Translations()
    assert translations.switch("zh_CN")
    try:
        assert window.queue_view.done_text(row).endswith("；已标为 fuzzy，待审校")
    finally:
        translations.switch("en")


def test_a_file_copied_for_having_no_text_says_so_in_its_row(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, tmp_path: Path
) -> None:
    """A site's redirect page through the queue: its row read "0 translated · 0 kept · 0
    failed" (the note that it was copied only in a tooltip); now the row says it."""
    install(quire_home)
    page = tmp_path / "old.html"
    page.write_text(
        '<html><head><meta http-equiv="refresh" content="0; url=new.html"></head></html>\n',
        "utf-8",
    )
    window = make_window()
    pane = translate_pane(window)
    pane.from_box.setCurrentIndex(pane.from_box.findData("en"))
    pane.open_files([page])
    settle(qtbot, window)
    (row,) = window.queue.rows
    assert row.state is RowState.DONE and row.result is not None, row.message
    state = window.queue_view.table.item(0, 2)
    assert state is not None
    assert state.text() == (
        "old.html has no text to translate (only markup, code or settings): it is copied as it is."
    )
    assert (tmp_path / "old.de.html").read_bytes() == page.read_bytes()


def test_an_apps_resource_file_goes_where_its_platform_looks(settings_file: Path) -> None:
    stored = Settings(open_store(settings_file))
    strings = Path("/project/app/src/main/res/values/strings.xml")
    assert stored.output_path(strings, "de") == strings.parent.parent / "values-de" / "strings.xml"
    assert stored.output_path(Path("/docs/report.docx"), "de") == Path("/docs/report.de.docx")
    stored.output_folder = Path("/translated")  # (a folder the user chose: its pattern there)
    assert stored.output_path(strings, "de") == Path("/translated/strings.de.xml")


def test_rows_of_files_of_one_name_show_their_folders(
    make_window: MakeWindow, tmp_path: Path
) -> None:
    """Android's values/strings.xml and values-night/strings.xml: "strings.xml" twice told
    them apart by the tooltip alone. A name the list holds once stays bare."""
    from engine.api import TranslateRequest

    window = make_window()
    view = window.queue_view
    template = TranslateRequest(text="", target="de")
    paths = [tmp_path / "values" / "strings.xml", tmp_path / "notes.md",
             tmp_path / "values-night" / "strings.xml"]  # fmt: skip
    for path in paths:
        window.queue.rows.append(Row(path, None, template))
        window.queue.row_added.emit(len(window.queue.rows) - 1)

    def shown() -> list[str]:
        return [view.table.item(i, 0).text() for i in range(view.table.rowCount())]  # type: ignore[union-attr]

    assert shown() == [str(Path("values", "strings.xml")), "notes.md",
                       str(Path("values-night", "strings.xml"))]  # fmt: skip
    del window.queue.rows[2]
    view._rebuild()
    assert shown() == ["strings.xml", "notes.md"]


def test_two_stores_keep_their_own_unfinished_files(tmp_path: Path) -> None:
    """Two apps on two model stores share one settings file: the second took over the
    first's unfinished files, one still being translated, as "stopped when Quire closed"."""
    from PySide6.QtCore import QSettings

    from desktop.settings import Settings

    ini = str(tmp_path / "Quire.ini")
    legacy = Settings(QSettings(ini, QSettings.Format.IniFormat))
    legacy.unfinished_files = '[{"path": "/docs/old.md"}]'  # saved before lists were per store
    legacy.sync()
    first = Settings(QSettings(ini, QSettings.Format.IniFormat))
    first.queue_home = tmp_path / "store-a"
    assert first.unfinished_files == '[{"path": "/docs/old.md"}]'  # taken over once
    first.unfinished_files = '[{"path": "/docs/a.md"}]'
    first.sync()
    second = Settings(QSettings(ini, QSettings.Format.IniFormat))
    second.queue_home = tmp_path / "store-b"
    assert second.unfinished_files == ""
    second.unfinished_files = '[{"path": "/docs/b.md"}]'
    second.sync()
    again = Settings(QSettings(ini, QSettings.Format.IniFormat))
    again.queue_home = tmp_path / "store-a"
    assert again.unfinished_files == '[{"path": "/docs/a.md"}]'


def test_a_long_file_name_leaves_the_files_columns_in_view(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, tmp_path: Path
) -> None:
    """A name of a hundred characters took 830 px: State and Output went behind a scroll
    bar. It is elided, whole in its tooltip."""
    install(quire_home)
    name = "Quarterly_Financial_Report_Q3_2024_Final_Version_Reviewed_by_Legal_and_Compliance_v17"
    long = tmp_path / f"{name}.txt"
    long.write_text(ENGLISH[0], encoding="utf-8")
    window = make_window()
    window.resize(1093, 614)
    window.translate_files([long], TranslateRequest(text="", target="de"))
    view = window.queue_view
    header = view.table.horizontalHeader()
    qtbot.waitUntil(lambda: view.table.rowCount() == 1, timeout=WAIT_MS)
    view.table.resizeColumnsToContents()
    assert header.sectionSize(0) < view.fontMetrics().horizontalAdvance(long.name)
    assert header.sectionSize(0) <= header.maximumSectionSize()
    item = view.table.item(0, 0)
    assert item is not None and long.name in item.toolTip()
    # A wide window: the State column still takes the room left, none is left blank.
    window.resize(1900, 900)
    qtbot.waitUntil(lambda: header.length() >= view.table.viewport().width() - 2, timeout=WAIT_MS)
    settle(qtbot, window)


def test_the_settings_fit_a_short_screen_with_their_buttons_in_view(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path
) -> None:
    """At 1366 × 768 and 200 % (384 px for Qt) OK and Cancel were below the screen's edge:
    the form's minimum height held the dialog taller. The fields scroll instead."""
    install(quire_home)
    window = make_window()
    dialog = window.show_settings()
    bar = dialog.fields.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() == 0, timeout=WAIT_MS)  # room: no scroll bar
    dialog.resize(dialog.width(), 300)
    qtbot.waitUntil(lambda: dialog.height() <= 300, timeout=WAIT_MS)
    assert bar.maximum() > 0 and dialog.buttons.geometry().bottom() <= dialog.height()
    dialog.reject()


def test_pause_is_offered_only_while_a_file_runs_or_waits(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, tmp_path: Path
) -> None:
    """Pause was enabled with every file done and nothing running (an outside review)."""
    install(quire_home)
    path = tmp_path / "a.txt"
    path.write_text(ENGLISH[0], encoding="utf-8")
    window = make_window()
    pause = window.queue_view.pause_button
    assert not pause.isEnabled()  # an empty list
    window.queue.pause()
    template = TranslateRequest(text="", model="opus-mt-en-de", source="en", target="de")
    window.translate_files([path], template)
    assert pause.isEnabled() and pause.text() == "Resume"
    window.queue.resume()
    assert pause.isEnabled() and pause.text() == "Pause"
    settle(qtbot, window)
    assert window.queue.rows[0].state is RowState.DONE
    assert not pause.isEnabled()


def test_the_settings_open_whole_in_english_and_chinese(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path
) -> None:
    """The English dialog opened cut on the right (its boxes' arrows, the spin buttons,
    "Choose…", "…to other programs" out of sight, no scroll bar); the Chinese one scrolled.
    It opens as large as its words need, in both."""
    install(quire_home)
    translations = Translations()
    window = make_window()
    try:
        for language in ("en", "zh_CN"):
            translations.switch(language)
            dialog = window.show_settings()
            qtbot.waitExposed(dialog)
            QApplication.processEvents()
            body = dialog.fields.widget()
            assert body is not None
            assert dialog.fields.verticalScrollBar().maximum() == 0, language
            assert dialog.fields.horizontalScrollBar().maximum() == 0, language
            for part in body.findChildren(QWidget):
                if part.isVisible() and not isinstance(part.parentWidget(), QAbstractSpinBox):
                    assert in_view(part, dialog), (language, part, part.accessibleName())
            dialog.reject()
    finally:
        translations.switch("en")


def test_a_running_files_progress_is_saved_as_it_moves(
    qtbot: QtBot,
    make_window: MakeWindow,
    quire_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """After a crash a row came back with an empty bar: its "done" was saved only when the
    list changed, never as the file went on."""
    from desktop import main_window as main_window_module

    monkeypatch.setattr(main_window_module, "PROGRESS_SAVE_MS", 10, raising=False)  # (5 s)
    window, _pane, _row, long = _a_long_file_running(qtbot, make_window, quire_home, tmp_path)

    def saved_done() -> int:
        entries = json.loads(window.settings.unfinished_files or "[]")
        return next((int(e["done"]) for e in entries if e["path"] == str(long)), 0)

    qtbot.waitUntil(lambda: saved_done() > 0, timeout=WAIT_MS)  # while it runs
    settle(qtbot, window)


def test_an_outputs_place_is_shown_from_the_folder_it_shares_with_its_input() -> None:
    """A manual page translated into man/de/man1/xz.1 was shown "man1/xz.1", its input's
    own place to a reader; now it is shown from the folder the two share, where near."""
    from desktop.queue_view import QueueView

    shown = QueueView.output_text
    root = Path("/srv/project")
    assert shown(root / "man/man1/xz.1", root / "man/de/man1/xz.1") == "de/man1/xz.1"
    assert shown(root / "res/values/strings.xml", root / "res/values-de/strings.xml") == (
        "values-de/strings.xml"
    )
    assert shown(root / "docs/a.docx", root / "docs/a.de.docx") == "a.de.docx"
    # (an output folder far from the input: its folder's name, as before)
    assert shown(root / "a.docx", Path("/tmp/out/a.de.docx")) == "out/a.de.docx"


def test_a_docx_cut_short_says_it_is_incomplete_and_what_to_do_in_its_row(
    qtbot: QtBot, make_window: MakeWindow, quire_home: Path, tmp_path: Path
) -> None:
    """A LibreOffice .docx whose download stopped read "Failed: The file ends before the list
    of what it holds: it looks cut short" in its row, with nothing to do (an outside review).
    The row now says it is damaged or incomplete and the way on."""
    install(quire_home)
    whole = (Path(__file__).parent / "data" / "code" / "libreoffice.docx").read_bytes()
    cut = tmp_path / "trunc.docx"
    cut.write_bytes(whole[: len(whole) * 2 // 3])
    window = make_window()
    [row] = window.translate_files([cut], TranslateRequest(text="", target="de")).rows
    settle(qtbot, window)
    assert row.state is RowState.FAILED
    assert window.queue_view.state_text(row) == (
        "Failed: The file is damaged or incomplete: its end is missing, as when a download or "
        "copy is interrupted. Download or copy it again, or open it in Word or LibreOffice and "
        "save it again, then press Retry."
    )
    assert cut.read_bytes() == whole[: len(whole) * 2 // 3]  # (never touched)


def test_a_pages_package_in_the_queue_comes_back_after_a_restart(
    make_window: MakeWindow, quire_home: Path, tmp_path: Path
) -> None:
    """A package (Report.pages/, a folder) is a document: not dropped as gone."""
    from desktop.queue import BatchQueue

    install(quire_home)
    package = tmp_path / "Proposal.pages"
    shutil.copytree(Path(__file__).parent / "data" / "iwork" / "Proposal.pages", package)
    queue = BatchQueue(make_window().runner)
    queue.rows = [Row(package, None, TranslateRequest(text="", target="de"))]
    rows, gone = queue.restore(queue.unfinished())
    assert [r.path for r in rows] == [package] and gone == []


def test_a_rows_encoding_is_the_one_the_file_was_written_in(
    make_window: MakeWindow, tmp_path: Path
) -> None:
    """A resource script whose translation did not fit in its code page is written in
    UTF-16, as Visual Studio writes them: the row says so, not "written as UTF-8"."""
    from engine import DocumentResult, TranslateRequest
    from engine.api import UnitCounts
    from engine.text.encoding import EncodingUsed

    window = make_window()
    used = EncodingUsed("windows-1252", "declaration", "utf-16-le")
    result = DocumentResult(
        tmp_path / "app.rc", tmp_path / "app.ru.rc", 3, encoding=used, counts=UnitCounts(3)
    )
    row = Row(tmp_path / "app.rc", None, TranslateRequest(text=""), RowState.DONE)
    row.result = result
    text = window.queue_view.done_text(row)
    assert text == "3 translated · 0 kept · 0 failed; written as utf-16-le: not as windows-1252"
