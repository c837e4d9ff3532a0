"""Quire's file dialogs: the platform's own where it gives one, else Qt's, which here never
reads a listed file's content (reading /proc/kmsg never returns: the window froze for good)."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QFileInfo, QMimeDatabase
from PySide6.QtGui import QAbstractFileIconProvider, QIcon
from PySide6.QtWidgets import QFileDialog, QFileIconProvider, QWidget


class NameOnlyIcons(QFileIconProvider):
    """A file's type and icon from its name alone. Qt's own look at its first bytes when the
    name says nothing, as in /proc, /sys or /dev, where a read can wait forever."""

    def __init__(self) -> None:
        super().__init__()
        self.mime = QMimeDatabase()

    def type(self, info: QFileInfo) -> str:
        if not info.isFile():  # (a folder or a drive is named without reading anything)
            return super().type(info)
        mime = self.mime.mimeTypeForFile(info, QMimeDatabase.MatchMode.MatchExtension)
        return mime.comment() or mime.name()

    def icon(self, which: QFileInfo | QAbstractFileIconProvider.IconType) -> QIcon:
        if not isinstance(which, QFileInfo) or not which.isFile():
            return super().icon(which)
        mime = self.mime.mimeTypeForFile(which, QMimeDatabase.MatchMode.MatchExtension)
        fallback = super().icon(QAbstractFileIconProvider.IconType.File)
        return QIcon.fromTheme(mime.iconName(), QIcon.fromTheme(mime.genericIconName(), fallback))


@cache
def name_only_icons() -> NameOnlyIcons:
    """One for every dialog, for the life of the app (a dialog does not own its provider)."""
    return NameOnlyIcons()


def file_dialog(
    parent: QWidget | None,
    caption: str,
    start: str,
    filters: str = "",
    mode: QFileDialog.FileMode = QFileDialog.FileMode.ExistingFiles,
) -> QFileDialog:
    """The dialog ``QFileDialog.get…`` would show: ``start`` is a folder or a file to
    select (empty: the folder last visited), ``filters`` split by ";;"."""
    dialog = QFileDialog(parent, caption, start, filters)
    dialog.setFileMode(mode)
    if mode == QFileDialog.FileMode.Directory:
        dialog.setOption(QFileDialog.Option.ShowDirsOnly)
    dialog.setSupportedSchemes(["file"])
    dialog.setIconProvider(name_only_icons())
    return dialog


def _run(dialog: QFileDialog) -> tuple[list[str], str]:
    """The paths chosen and the filter they were chosen with (none when cancelled)."""
    try:
        if dialog.exec() != QFileDialog.DialogCode.Accepted:
            return [], ""
        return dialog.selectedFiles(), dialog.selectedNameFilter()
    finally:
        dialog.deleteLater()


def open_file_names(parent: QWidget | None, caption: str, start: str, filters: str) -> list[str]:
    """Files to open (none when cancelled), as ``QFileDialog.getOpenFileNames``."""
    return _run(file_dialog(parent, caption, start, filters))[0]


def open_file_name(parent: QWidget | None, caption: str, start: str, filters: str) -> str:
    """A file to open ("" when cancelled), as ``QFileDialog.getOpenFileName``."""
    chosen, _ = _run(
        file_dialog(parent, caption, start, filters, QFileDialog.FileMode.ExistingFile)
    )
    return chosen[0] if chosen else ""


def save_file_name(
    parent: QWidget | None, caption: str, start: str, filters: str
) -> tuple[str, str]:
    """Where to save ("" when cancelled) and the filter chosen, as
    ``QFileDialog.getSaveFileName``."""
    dialog = file_dialog(parent, caption, start, filters, QFileDialog.FileMode.AnyFile)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    chosen, chosen_filter = _run(dialog)
    return (chosen[0], chosen_filter) if chosen else ("", "")


def existing_directory(parent: QWidget | None, caption: str, start: str = "") -> str:
    """A folder ("" when cancelled), as ``QFileDialog.getExistingDirectory``."""
    chosen, _ = _run(file_dialog(parent, caption, start, mode=QFileDialog.FileMode.Directory))
    return chosen[0] if chosen else ""
