"""Quire's file dialogs (desktop/file_dialogs.py): they ask what QFileDialog's static
functions asked, and Qt's own dialog lists a folder without reading its files' content."""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QFileSystemModel
from pytestqt.qtbot import QtBot

from desktop import file_dialogs
from desktop.model_manager import ModelSourceDialog

WATCHDOG_S = 10.0  # listing a folder of two files takes milliseconds


@pytest.fixture
def stuck_file(tmp_path: Path) -> Iterator[tuple[Path, threading.Event]]:
    """A folder holding "kmsg", a file that no one can open while this test holds a write
    lease on it: an open waits for the lease to go, as a read of /proc/kmsg waits forever.
    (A FIFO cannot stand in: Qt types one from stat() and its dialog does not list it.)
    A watchdog gives the lease up after ``WATCHDOG_S`` and sets the event: the test fails
    rather than hanging."""
    if sys.platform != "linux":
        pytest.skip("file leases (an open that waits) are Linux's")
    import fcntl

    path = tmp_path / "kmsg"  # (no extension: only its content would tell its type)
    path.write_text("<6>[    0.000000] Linux version 6.1.0\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("Hello.", encoding="utf-8")
    previous = signal.signal(signal.SIGIO, signal.SIG_IGN)  # (the lease's "someone waits")
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.fcntl(fd, fcntl.F_SETLEASE, fcntl.F_WRLCK)
    except OSError as exc:
        os.close(fd)
        signal.signal(signal.SIGIO, previous)
        pytest.skip(f"this file system takes no lease: {exc}")
    fired = threading.Event()

    def give_up() -> None:
        fired.set()
        fcntl.fcntl(fd, fcntl.F_SETLEASE, fcntl.F_UNLCK)

    watchdog = threading.Timer(WATCHDOG_S, give_up)
    watchdog.start()
    try:
        yield path, fired
    finally:
        watchdog.cancel()
        os.close(fd)
        signal.signal(signal.SIGIO, previous)


def opened_with_quire(parent: Path) -> QFileDialog:
    return file_dialogs.file_dialog(None, "Open files", str(parent), "All files (*)")


def model_source(parent: Path) -> QFileDialog:
    dialog = ModelSourceDialog()
    dialog.setDirectory(str(parent))
    dialog.selectNameFilter(dialog.nameFilters()[-1])  # All files
    return dialog


@pytest.mark.parametrize("make", [opened_with_quire, model_source])
def test_a_folder_with_a_file_whose_read_never_returns_is_listed_at_once(
    qtbot: QtBot,
    stuck_file: tuple[Path, threading.Event],
    make: Callable[[Path], QFileDialog],
) -> None:
    """Typing /proc in the Open dialog froze the window for good: Qt's icon provider read
    /proc/kmsg to tell its type. Types and icons now come from names."""
    path, watchdog_fired = stuck_file
    folder = str(path.parent)
    dialog = make(path.parent)
    qtbot.addWidget(dialog)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setViewMode(QFileDialog.ViewMode.Detail)
    model = dialog.findChild(QFileSystemModel)
    assert model is not None
    with qtbot.waitSignal(
        model.directoryLoaded, timeout=int(WATCHDOG_S * 2000), check_params_cb=folder.__eq__
    ):
        dialog.show()
    root = model.index(folder)
    rows = [model.index(row, 0, root) for row in range(model.rowCount(root))]
    types = {model.fileName(i): model.type(i) for i in rows}
    icons = [model.fileIcon(i) for i in rows]
    assert not watchdog_fired.is_set(), "the dialog opened kmsg: the window would freeze"
    assert sorted(types) == ["kmsg", "notes.txt"]
    assert types["notes.txt"] == "plain text document" != types["kmsg"]
    assert all(not icon.isNull() for icon in icons)


def test_the_helpers_ask_what_the_static_functions_asked(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[object, ...]] = []
    answer: list[str] = []

    def run(dialog: QFileDialog) -> int:
        seen.append((
            dialog.fileMode(), dialog.acceptMode(), dialog.directory().absolutePath(),
            dialog.nameFilters(), dialog.testOption(QFileDialog.Option.ShowDirsOnly),
            dialog.iconProvider() is file_dialogs.name_only_icons(),
        ))  # fmt: skip
        if not answer:
            return QFileDialog.DialogCode.Rejected.value
        dialog.selectNameFilter(answer[-1])  # (first: in a Save dialog it sets the suffix)
        dialog.selectFile(answer[0])
        return QFileDialog.DialogCode.Accepted.value

    monkeypatch.setattr(QFileDialog, "exec", run)
    (tmp_path / "a.txt").write_text("a", encoding="utf-8")
    folder, filters = str(tmp_path), "Text (*.txt);;CSV (*.csv)"
    assert file_dialogs.open_file_names(None, "Open", folder, filters) == []
    assert file_dialogs.existing_directory(None, "Folder", folder) == ""
    assert file_dialogs.save_file_name(None, "Save", folder, filters) == ("", "")
    answer[:] = [str(tmp_path / "a.txt"), "CSV (*.csv)"]
    assert file_dialogs.open_file_names(None, "Open", folder, filters) == [answer[0]]
    assert file_dialogs.open_file_name(None, "Open", folder, filters) == answer[0]
    assert file_dialogs.save_file_name(None, "Save", folder, filters) == tuple(answer)
    answer[:] = [folder]
    assert file_dialogs.existing_directory(None, "Folder", folder) == folder
    text = ["Text (*.txt)", "CSV (*.csv)"]
    mode, accept = QFileDialog.FileMode, QFileDialog.AcceptMode
    assert seen[:3] == [
        (mode.ExistingFiles, accept.AcceptOpen, folder, text, False, True),
        (mode.Directory, accept.AcceptOpen, folder, ["All Files (*)"], True, True),
        (mode.AnyFile, accept.AcceptSave, folder, text, False, True),
    ]
    assert [s[:2] for s in seen[3:]] == [
        (mode.ExistingFiles, accept.AcceptOpen),
        (mode.ExistingFile, accept.AcceptOpen),
        (mode.AnyFile, accept.AcceptSave),
        (mode.Directory, accept.AcceptOpen),
    ]


def test_a_save_dialog_starts_in_the_folder_with_the_name_filled_in(
    qtbot: QtBot, tmp_path: Path
) -> None:
    dialog = file_dialogs.file_dialog(
        None, "Save", str(tmp_path / "glossary.csv"), mode=QFileDialog.FileMode.AnyFile
    )
    qtbot.addWidget(dialog)
    assert dialog.directory().absolutePath() == str(tmp_path)
    assert dialog.selectedFiles() == [str(tmp_path / "glossary.csv")]
