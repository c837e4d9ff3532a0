"""Qt's own strings that the Chinese catalogue shipped with Qt (qtbase_zh_CN.qm) lacks, since
Qt 6 reworded them: listed for lupdate, so Quire's translation carries them. Quire's translator
is asked first; a string it leaves untranslated falls through to Qt's."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def qt_words() -> list[str]:
    """Each of them as Qt looks it up now (context, text and disambiguation as in Qt's code)."""
    translate = QCoreApplication.translate
    return [
        # A file dialog's labels (Qt 6 gave them Alt letters; the catalogue has them without).
        translate("QFileDialog", "&Look in:"),
        translate("QFileDialog", "Files of &type:"),
        # The Type column of a file dialog's list (QAbstractFileIconProvider's since Qt 6).
        translate("QAbstractFileIconProvider", "Drive"),
        translate("QAbstractFileIconProvider", "File"),
        translate("QAbstractFileIconProvider", "Folder", "All other platforms"),
        translate("QAbstractFileIconProvider", "File Folder", "Match Windows Explorer"),
        translate("QAbstractFileIconProvider", "Shortcut", "All other platforms"),
        translate("QAbstractFileIconProvider", "Alias", "macOS Finder"),
        translate("QAbstractFileIconProvider", "Unknown"),
    ]
