"""Small widgets the panes share: a text box that takes dropped files, the delayed progress
row, ranked-label bars and the attribution heat map."""

from __future__ import annotations

import html
import re
import time
import unicodedata
from collections.abc import Collection
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QLocale,
    QMimeData,
    QObject,
    QRect,
    QSize,
    Qt,
    QTimer,
    QUrl,
    Signal,
    SignalInstance,
)
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeyEvent,
    QKeySequence,
    QResizeEvent,
    QTextCharFormat,
    QTextCursor,
    QTextDocumentFragment,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QScrollBar,
    QStatusBar,
    QTableView,
    QTableWidgetItem,
    QTextBrowser,
    QTextEdit,
    QWidget,
)

from engine import Attribution, LabelScore, ModelLoading, Progress, Rounds, size_figure

SHOW_AFTER_MS = 500  # quick jobs finish without a flash of progress


# The share of the screen's free area a window takes at most when it opens at its preferred
# size: a 1080p laptop at 150 % scaling offers 1280 x 720 pixels less its taskbar.
SCREEN_SHARE = 0.9


class _ChoosesFirst(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn and isinstance(watched, QAbstractItemView):
            choose_first(watched)
        return super().eventFilter(watched, event)


def choose_first(view: QAbstractItemView) -> None:
    """A list's first row chosen when none is: the keyboard's place shows on a row that is
    chosen, and Down goes to the second (it went to the first, past a row shown current)."""
    model, selection = view.model(), view.selectionModel()
    if model is None or selection is None or not model.rowCount() or selection.selectedRows():
        return
    if isinstance(view, QTableView):
        view.selectRow(0)
    else:
        view.setCurrentIndex(model.index(0, 0))


def chooses_first_on_focus(view: QAbstractItemView) -> None:
    """Tabbing into ``view`` with nothing chosen chooses its first row (see choose_first)."""
    chooser = _ChoosesFirst(view)
    view.installEventFilter(chooser)


def screen_minimum(widget: QWidget, wanted: QSize) -> QSize:
    """``wanted`` as a minimum size, but never more than ``SCREEN_SHARE`` of the free area of
    ``widget``'s screen: a small or highly scaled screen (1366 x 768 at 200 % is 683 x 384)
    must still hold the whole window, title bar and status bar included."""
    screen = widget.screen()
    if screen is None:
        return wanted
    area = screen.availableGeometry()
    return wanted.boundedTo(
        QSize(int(area.width() * SCREEN_SHARE), int(area.height() * SCREEN_SHARE))
    )


def fit_to_screen(widget: QWidget, preferred: QSize, *, center: bool = False) -> None:
    """Resize ``widget`` to ``preferred``, or to at most ``SCREEN_SHARE`` of its screen's free
    area where that is smaller (never below its minimum size); ``center``: put it in the
    middle of that area (a main window; dialogs are placed over their parent by Qt)."""
    screen = widget.screen()
    if screen is None:  # no screen at all (never on a desktop): the preferred size
        widget.resize(preferred)
        return
    area: QRect = screen.availableGeometry()
    size = preferred.boundedTo(
        QSize(int(area.width() * SCREEN_SHARE), int(area.height() * SCREEN_SHARE))
    ).expandedTo(widget.minimumSize())
    widget.resize(size)
    if center:
        frame = widget.frameGeometry()
        frame.moveCenter(area.center())
        widget.move(frame.topLeft())


def data_size(n: int) -> str:
    """``956 KB``, ``5.56 MB``: a byte count as the command line writes it (engine's
    size_figure: counted in 1,024s, at most three significant digits, rounded as Python
    rounds) with the number in the UI's format; Qt's own formattedDataSize said "5.56 MiB"
    and "956.44 KiB", and Qt's rounding "2.13 KB" where the CLI said "2.12 KB"."""
    number, unit = size_figure(n)
    locale = QLocale()
    locale.setNumberOptions(locale.numberOptions() | QLocale.NumberOption.OmitGroupSeparator)
    if n == 1:
        return QCoreApplication.translate("sizes", "1 byte")  # (Qt says "1 bytes")
    if abs(n) < 1024:
        return locale.formattedDataSize(n)  # "532 bytes", "532 字节"
    # The number Python wrote, with as many decimals, in the UI's digits and decimal point.
    decimals = len(number.partition(".")[2])
    return f"{locale.toString(float(number), 'f', decimals)} {unit}"


# A menu text's Alt letter as Chinese and Japanese write it: "打开(&O)…".
_MNEMONIC_SUFFIX = re.compile(r"\s*[(（]&[^&\s][)）]")


def button_text(menu_text: str) -> str:
    """A menu item's text as a toolbar button shows it: without its Alt letter ("&Open…" →
    "Open"; "打开(&O)…" → "打开", where Qt would show "打开(O)") or its trailing ellipsis."""
    text = without_mnemonic(_MNEMONIC_SUFFIX.sub("", menu_text))
    return text.removesuffix("…").removesuffix("...").strip()


def without_mnemonic(text: str) -> str:
    """``text`` as Qt shows it: each "&" marking an Alt letter gone, "&&" a plain "&"."""
    return re.sub(r"&(.)", r"\1", text)


# Above this, a text put in an empty box is put in at once rather than as one undoable edit,
# which lays the text out several times slower (0.15 s a megabyte here against 0.013 s).
UNDOABLE_CHARS = 200_000
# Above this (UTF-16 units), an input box's lines are not wrapped: see ``DropTextEdit``.
UNWRAPPED_CHARS = 2_000_000


def replace_text(edit: QTextEdit, text: str) -> None:
    """Put ``text`` in ``edit`` in place of what it holds, as one edit Ctrl+Z takes back
    where the user typed there (a file or the clipboard's text put over typed text must not
    lose it: up to ``UNWRAPPED_CHARS``, at most a second); at once where nothing typed is
    lost (an empty box, a file opened before) or the text is longer still."""
    document = edit.document()
    if document.isModified() and len(text) <= UNWRAPPED_CHARS:
        cursor = QTextCursor(document)
        cursor.beginEditBlock()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(text)
        cursor.endEditBlock()
        edit.moveCursor(QTextCursor.MoveOperation.Start)
    else:
        edit.setPlainText(text)
    document.setModified(False)  # a file opened over a file: nothing typed to keep


def reveal(edit: QTextEdit, start: int, end: int, *, select: bool = False) -> None:
    """Scroll ``edit`` to the span ``start``–``end`` (Qt positions) with its start in view
    (all of it where it fits): the cursor at the end first, then at the start, which the
    view scrolls back to. ``select``: the span selected (from its end), else the cursor at
    its start."""
    cursor = QTextCursor(edit.document())
    cursor.setPosition(end)
    edit.setTextCursor(cursor)
    edit.ensureCursorVisible()
    if select:
        cursor.setPosition(end)
        cursor.setPosition(start, QTextCursor.MoveMode.KeepAnchor)
    else:
        cursor.setPosition(start)
    edit.setTextCursor(cursor)
    edit.ensureCursorVisible()


def utf16(text: str, index: int) -> int:
    """A Python (code point) offset into ``text`` as Qt's (UTF-16 code unit) position."""
    return len(text[:index].encode("utf-16-le")) // 2


def is_rtl(text: str) -> bool:
    """Whether ``text`` reads right to left: its first strongly directional letter is Arabic,
    Hebrew, Syriac, Thaana, … (the Unicode bidi algorithm's rule P2 for a paragraph)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def direction_alignment(text: str) -> Qt.AlignmentFlag:
    """The alignment that shows ``text`` by its own direction in an item view."""
    side = Qt.AlignmentFlag.AlignRight if is_rtl(text) else Qt.AlignmentFlag.AlignLeft
    return side | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter


def set_direction(item: QListWidgetItem | QTableWidgetItem, text: str) -> None:
    """Align an item view's row by its text's own direction (views align every row by the
    widget's direction, so an Arabic answer would otherwise hug the left edge)."""
    item.setTextAlignment(direction_alignment(text))


class EndFollower:
    """Keeps a view of streamed text scrolled to its end while the text grows, until the
    reader moves the scroll bar (wheel, drag, arrows); the next text that finds the bar back
    at its end follows again."""

    def __init__(self, bar: QScrollBar) -> None:
        self.bar = bar
        self.following = False
        # The text re-wraps after it grows (and again when the scroll bar appears): the end
        # stays in view through each new layout while the stream is followed.
        bar.rangeChanged.connect(self._range_changed)
        bar.actionTriggered.connect(self.stop)

    def before(self) -> None:
        """Call before the text changes: follow if the reader is at the end."""
        self.following = self.bar.value() >= self.bar.maximum()

    def after(self) -> None:
        if self.following:
            self.bar.setValue(self.bar.maximum())

    def stop(self, *_args: object) -> None:
        self.following = False

    def _range_changed(self, _low: int, high: int) -> None:
        if self.following:
            self.bar.setValue(high)


class TextList(QListWidget):
    """A list of wrapped text rows (answers, summary sentences) that scrolls by pixels: a row
    taller than the view (a long written answer) can be read to its end, where scrolling
    by rows would jump from its top to the next row."""

    def __init__(self, parent: QWidget, spacing: int) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setSpacing(spacing)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self._follow = EndFollower(self.verticalScrollBar())
        self._streamed: QListWidgetItem | None = None  # the row ``show_streamed`` made

    def show_streamed(self, text: str) -> None:
        """Show ``text``, a model's output as it is written, as the one row: updated in
        place, and kept scrolled to its end unless the reader has scrolled up to read. A row
        left by an earlier result (with its passage, tooltip, selection) is replaced."""
        self._follow.before()
        item = self._streamed
        if item is None or self.count() != 1 or self.item(0) is not item:
            super().clear()
            item = self._streamed = QListWidgetItem(text)
            self.addItem(item)
        else:
            item.setText(text)
        set_direction(item, text)
        self._follow.after()

    def end_stream(self) -> None:
        """The text is finished (or stopped): the view no longer follows its end."""
        self._follow.stop()

    def clear(self) -> None:
        """Empty the list and stop following a stream (a finished result reads from its top)."""
        self._follow.stop()
        self._streamed = None
        super().clear()


# A citation in a written answer, as the engine finds them (engine.tasks.instruct.cite).
CITATION = re.compile(r"\[(\d+)\]")
_CITATION_LINK = "cite-"


class CitedText(QTextBrowser):
    """A written answer (an instruction model's) whose citations, [1] [2], are links: one
    clicked emits ``cited`` with its number. Streams like ``TextList``: shown as it is
    written and kept scrolled to its end unless the reader has scrolled up to read."""

    cited = Signal(int)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)  # a link is a passage of the asked text, never a page
        self.setTabChangesFocus(True)  # Tab leaves the answer (the sources list follows it)
        self.anchorClicked.connect(self._clicked)
        self._follow = EndFollower(self.verticalScrollBar())

    def show_streamed(self, text: str) -> None:
        """The answer so far: what it adds is appended (setting the whole text would throw
        away the reader's place and selection on every word)."""
        self._follow.before()
        shown = self.toPlainText()
        if shown and text.startswith(shown):
            cursor = QTextCursor(self.document())
            cursor.movePosition(QTextCursor.MoveOperation.End)
            cursor.insertText(text[len(shown) :])
        elif text != shown:
            self.setPlainText(text)
        self._follow.after()

    def end_stream(self) -> None:
        self._follow.stop()

    def show_answer(self, text: str, numbers: Collection[int]) -> None:
        """Show the finished ``text`` from its top, each [n] with n in ``numbers`` a link
        (a number no passage has stays plain text, as the engine ignores it)."""
        self._follow.stop()
        parts: list[str] = []
        last = 0
        for found in CITATION.finditer(text):
            number = int(found.group(1))
            if number not in numbers:
                continue
            parts.append(html.escape(text[last : found.start()]))
            parts.append(f'<a href="#{_CITATION_LINK}{number}">[{number}]</a>')
            last = found.end()
        parts.append(html.escape(text[last:]))
        self.setHtml(f'<p style="white-space: pre-wrap">{"".join(parts)}</p>')

    def _clicked(self, url: QUrl) -> None:
        fragment = url.fragment()
        if fragment.startswith(_CITATION_LINK) and fragment[len(_CITATION_LINK) :].isdigit():
            self.cited.emit(int(fragment[len(_CITATION_LINK) :]))


def set_label_direction(label: QLabel, text: str) -> None:
    """A label's alignment and direction by its text's (labels, unlike text edits, do not
    align each paragraph by its own letters)."""
    rtl = is_rtl(text)
    label.setLayoutDirection(
        Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
    )
    side = Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft
    label.setAlignment(side | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter)


def dropped_files(mime: QMimeData) -> list[Path]:
    return [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]


def _takes_files(event: QDropEvent | QDragMoveEvent, dropped: SignalInstance | None = None) -> bool:
    """Whether a drag or drop carries files, accepted then (a drop's files sent to
    ``dropped``): what a file manager's drag offers as text too is not typed in."""
    files = dropped_files(event.mimeData())
    if not files:
        return False
    event.acceptProposedAction()
    if dropped is not None:
        dropped.emit(files)
    return True


def clipboard_text(mime: QMimeData) -> str:
    """The text of copied or dropped data: its plain text, else (a browser or an editor
    that offers HTML alone) the text of its HTML."""
    if mime.hasText() and mime.text():
        return mime.text()
    return html_alone(mime) or ""


def html_alone(mime: QMimeData) -> str | None:
    """The text of data offered as HTML alone (which Qt's text edits do not paste); None
    for data with plain text, or without HTML."""
    if mime.hasText() or not mime.hasHtml():
        return None
    return QTextDocumentFragment.fromHtml(mime.html()).toPlainText()


class DropTextEdit(QTextEdit):
    """A plain-text editor that hands dropped files to its pane instead of pasting their
    path; dropped text is inserted as usual.

    A QTextEdit limited to plain text rather than a QPlainTextEdit: only QTextEdit's layout
    aligns each right-to-left paragraph (Arabic, Hebrew) to the right by its own letters."""

    files_dropped = Signal(list)  # list[Path]

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptRichText(False)
        self.setTabChangesFocus(True)  # Tab leaves the box; Ctrl+Tab types a tab
        self.textChanged.connect(self._wrap_for_size)

    def _wrap_for_size(self) -> None:
        """Lines wrapped at the box's width, except in a text too long for it: Qt lays such
        a text out again at every change of width (20 MB: seconds of a frozen window at
        each resize). Counted by Qt, not copied out."""
        units = self.document().characterCount()
        wrapped = self.lineWrapMode() == QTextEdit.LineWrapMode.WidgetWidth
        if wrapped and units > UNWRAPPED_CHARS:
            self.setLineWrapMode(QTextEdit.LineWrapMode.NoWrap)
        elif not wrapped and units < UNWRAPPED_CHARS * 4 // 5:
            self.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        return source.hasHtml() or super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: QMimeData) -> None:
        """Files copied in a file manager and pasted are opened, as dropped ones are (not
        their ``file://`` addresses typed in); HTML alone is pasted as its text. A long
        text pasted or dropped into the empty box is put in at once (2 MB: 0.02 s against
        Qt's 0.6 s as an undoable edit); there is nothing to take back to."""
        files = dropped_files(source)
        if files:
            self.files_dropped.emit(files)
            return
        html = html_alone(source)
        if html is not None:
            self.textCursor().insertText(html)
            return
        if source.hasText() and self.document().isEmpty():
            text = source.text()
            if len(text) > UNDOABLE_CHARS:
                self.setPlainText(text)
                self.document().setModified(True)  # typed, as far as a file opened over it goes
                self.moveCursor(QTextCursor.MoveOperation.Start)  # (its lines' starts in view)
                return
        super().insertFromMimeData(source)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if (
            event.key() == Qt.Key.Key_Tab
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.textCursor().insertText("\t")
            event.accept()
            return
        super().keyPressEvent(event)

    def toPlainText(self) -> str:
        """The text exactly as typed: Qt's own ``toPlainText`` turns no-break spaces into
        spaces and line separators into line breaks, which changes what a model reads."""
        return self.document().toRawText().replace("\u2029", "\n")

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if not _takes_files(event):
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragEnterEvent) -> None:  # type: ignore[override]
        if not _takes_files(event):
            super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        if not _takes_files(event, self.files_dropped):
            super().dropEvent(event)


class DropLineEdit(QLineEdit):
    """A one-line field (Ask's question, Classify's labels) that hands files dropped or
    pasted on it to its pane, as the text box does: a file manager's drop offers the file's
    ``file://`` address as text too, which the field typed in."""

    files_dropped = Signal(list)  # list[Path]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if not _takes_files(event):
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if not _takes_files(event):
            super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        if not _takes_files(event, self.files_dropped):
            super().dropEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Paste) and self._pasted_specially():
            event.accept()
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """The context menu's Paste opens copied files too (QLineEdit's paste is no virtual
        to override: its action is pointed here)."""
        menu = self.createStandardContextMenu()
        paste = next((a for a in menu.actions() if a.objectName() == "edit-paste"), None)
        if paste is not None:
            paste.triggered.disconnect()
            paste.triggered.connect(self._paste)
            mime = QApplication.clipboard().mimeData()
            if mime is not None and (mime.hasHtml() or mime.hasUrls()) and not self.isReadOnly():
                paste.setEnabled(True)  # (Qt offers it for plain text only)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(event.globalPos())

    def _paste(self) -> None:
        if not self._pasted_specially():
            self.paste()

    def _pasted_specially(self) -> bool:
        """Whether the clipboard held files, sent to the pane to open, or HTML alone, put in
        as its text on one line (QLineEdit takes plain text only: nothing came)."""
        mime = QApplication.clipboard().mimeData()
        if mime is None:
            return False
        files = dropped_files(mime)
        if files:
            self.files_dropped.emit(files)
            return True
        html = html_alone(mime)
        if html is not None:
            self.insert(" ".join(html.split()))
            return True
        return False


class TextFeeder(QObject):
    """Shows a growing text (streamed output) in a QTextEdit a slice per event-loop turn, so
    a long document arriving at once never holds the window still while it is laid out."""

    CHUNK = 1500  # characters per turn: a few milliseconds of layout, even with font fallback

    def __init__(self, edit: QTextEdit) -> None:
        super().__init__(edit)
        self.edit = edit
        self.target = ""  # what the box will hold
        self.shown = 0  # how much of it it holds
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._feed)

    @property
    def done(self) -> bool:
        return self.shown == len(self.target)

    def show(self, text: str) -> None:
        if not text.startswith(self.target[: self.shown]):
            self.edit.clear()  # not a continuation: start again from the top
            self.shown = 0
        self.target = text
        self._feed()

    def clear(self) -> None:
        self._timer.stop()
        self.edit.clear()
        self.target, self.shown = "", 0

    def _feed(self) -> None:
        if self.done:
            return
        end = min(len(self.target), self.shown + self.CHUNK)
        cursor = QTextCursor(self.edit.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertText(self.target[self.shown : end])
        self.shown = end
        if not self.done:
            self._timer.start()


class ElidedLabel(QLabel):
    """A one-line label that shortens its text with "…" where it does not fit (a long model or
    file name beside the buttons), the whole text in its tooltip. ``text()`` is the whole text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._whole = ""

    def setText(self, text: str) -> None:
        self._whole = text
        self.setAccessibleDescription(text)
        self.updateGeometry()
        self._fit()

    def text(self) -> str:
        return self._whole

    def shown_text(self) -> str:
        """What the label shows now (the text, or its shortened form)."""
        return super().text()

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(self.fontMetrics().horizontalAdvance(self._whole) + 4, hint.height())

    def minimumSizeHint(self) -> QSize:
        return QSize(0, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        width = self.contentsRect().width()
        shown = self.fontMetrics().elidedText(self._whole, Qt.TextElideMode.ElideRight, width)
        super().setText(shown)
        self.setToolTip(self._whole if shown != self._whole else "")


# The narrowest a combo box of the panes' top rows gets in a small window (its text is then
# cut with "…"; it keeps its full width where there is room).
SHRUNK_COMBO = 90


def shrinkable(combo: QComboBox) -> QComboBox:
    """``combo``, able to shrink below its text's width to ``SHRUNK_COMBO`` pixels."""
    combo.setMinimumWidth(SHRUNK_COMBO)
    return combo


def fit_to_text(button: QPushButton) -> None:
    """Let ``button`` shrink, in a small window, to its text and some padding, below the
    style's 80-pixel minimum (a pane's row of four buttons was cut off at 720 px)."""
    shown = without_mnemonic(button.text())
    button.setMinimumWidth(button.fontMetrics().horizontalAdvance(shown) + 24)


class GivingWay(QScrollArea):
    """A scroll area for the part of a pane that gives way in a short window: it may be as
    low as a few lines, and its content scrolls up and down when the window is lower than
    the content needs, so the rows below it (a pane's buttons and progress) stay in view.
    Never sideways: as wide as its content needs (the window scrolls sideways instead)."""

    def __init__(self, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no blank stop in Tab's way
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(content)

    def _side(self) -> int:
        style = self.style()
        return style.pixelMetric(style.PixelMetric.PM_ScrollBarExtent, None, self)

    def minimumSizeHint(self) -> QSize:
        content = self.widget()
        wide = content.minimumSizeHint().width() if content is not None else 0
        return QSize(wide + self._side(), 4 * self.fontMetrics().height())

    def sizeHint(self) -> QSize:
        content = self.widget()
        return content.sizeHint() if content is not None else super().sizeHint()

    def content_height(self) -> int:
        """The height its content needs at the least (more than the area's minimum)."""
        content = self.widget()
        return content.minimumSizeHint().height() if content is not None else 0


class StatusBar(QStatusBar):
    """A status bar whose messages are shortened with "…" to the room its permanent widgets
    leave (a long one ran on into them: "…or a sente1450.6 tokens/s"); the whole message is
    its tooltip and ``currentMessage()``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._whole = ""
        self._shown = ""
        self._ends: float | None = None  # when the message goes (time.monotonic), if it does
        self.messageChanged.connect(self._changed)

    def showMessage(self, text: str, timeout: int | None = 0) -> None:
        self._whole = text
        self._ends = time.monotonic() + timeout / 1000 if timeout else None
        self._show_whole_or_cut(timeout or 0)

    def _show_whole_or_cut(self, timeout: int) -> None:
        text = self._whole
        self._shown = self.fontMetrics().elidedText(
            text, Qt.TextElideMode.ElideRight, self.message_room()
        )
        super().showMessage(self._shown, timeout)
        self.setToolTip(text if self._shown != text else "")

    def _fit_again(self) -> None:
        """The message shortened anew to the room there is now: one said as the window
        opened was cut to the room of a bar not laid out yet ("Quire 关闭…")."""
        if not self._whole or super().currentMessage() != self._shown:
            return
        room = self.message_room()
        if self.fontMetrics().elidedText(self._whole, Qt.TextElideMode.ElideRight, room) == (
            self._shown
        ):
            return
        left = 0 if self._ends is None else max(1, int((self._ends - time.monotonic()) * 1000))
        self._show_whole_or_cut(left)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_again()

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.LayoutRequest:  # (a permanent label came or went)
            self._fit_again()
        return handled

    def currentMessage(self) -> str:
        shown = super().currentMessage()
        return self._whole if shown and shown == self._shown else shown

    def shown_message(self) -> str:
        """The message as the bar shows it now, shortened or not."""
        return super().currentMessage()

    def message_room(self) -> int:
        """The width left of the leftmost permanent widget shown, less the bar's margins."""
        edges = [
            w.geometry().left()
            for w in self.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
            if w.isVisible() and w.geometry().left() > 0
        ]
        right = min(edges, default=self.width())
        return max(0, right - 16)  # (the bar's margin before the text, a gap after it)

    def _changed(self, text: str) -> None:
        if not text:  # (the message timed out or was cleared)
            self._whole = self._shown = ""
            self._ends = None
            self.setToolTip("")


class BusyRow(QWidget):
    """A progress bar and a line of what is happening, shown only once a job has run for
    ``SHOW_AFTER_MS`` (Anki's rule: a flash of progress for a quick job is noise)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = ElidedLabel(self)
        self.bar = QProgressBar(self)
        self.bar.setMaximumWidth(260)
        # (the row gives way in a small window: its label is elided, its bar narrows)
        self.bar.setMinimumWidth(40)
        self.label.setMinimumWidth(0)
        self.bar.setTextVisible(False)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.bar)
        self._rounds = Rounds()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SHOW_AFTER_MS)
        self._timer.timeout.connect(self._appear)
        self._running = False
        self.retranslate()
        # The row keeps its height while hidden so the layout does not jump when it appears.
        for part in (self.label, self.bar):
            policy = part.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            part.setSizePolicy(policy)
        self._set_visible_parts(False)

    def retranslate(self) -> None:
        self.bar.setAccessibleName(self.tr("Progress"))
        self.label.setAccessibleName(self.tr("What Quire is doing"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _set_visible_parts(self, visible: bool) -> None:
        self.label.setVisible(visible)
        self.bar.setVisible(visible)

    @property
    def shown(self) -> bool:
        return self.bar.isVisible()

    def start(self, text: str = "") -> None:
        self._running = True
        self.label.setText(text or self.tr("Working…"))
        self.bar.setRange(0, 0)  # busy until the first Progress event
        self._rounds = Rounds()
        self._timer.start()

    # A stage that starts over (a long text summarized in rounds) counts rounds; each job's
    # from its start.
    _rounds: Rounds

    def update_from(self, event: object) -> None:
        """Update from an ``engine.api`` event."""
        if isinstance(event, ModelLoading):
            self.label.setText(loading_text(event))
            self.bar.setRange(0, 0)
        elif isinstance(event, Progress):
            number = self._rounds(event)
            text = f"{stage_text(event.stage)} {event.done} / {event.total}"
            if event.stage == "reading pages":
                text = reading_pages_text(event.done, event.total) or stage_text(event.stage)
            if number > 1:
                text = self.tr("{progress} (round {round})").format(progress=text, round=number)
            if event.eta_seconds is not None and event.done < event.total:
                text = self.tr("{progress}, about {time} left").format(
                    progress=text, time=duration_text(event.eta_seconds)
                )
            self.label.setText(text)
            self.bar.setRange(0, max(1, event.total))
            self.bar.setValue(min(event.done, event.total))

    def writing(self) -> None:
        """The job writes its output now (an instruction model's answer or summary, after any
        counted stage): say so, busy, instead of a stage's last count ("2 / 2")."""
        self.label.setText(self.tr("Writing…"))
        self.bar.setRange(0, 0)

    def stop(self) -> None:
        self._running = False
        self._timer.stop()
        self._set_visible_parts(False)

    def _appear(self) -> None:
        if self._running:
            self._set_visible_parts(True)


def loading_text(event: ModelLoading) -> str:
    """What to say while ``event``'s model loads (its first use takes longer: say why)."""
    translate = QCoreApplication.translate
    if event.first_use:
        text = translate("loading", "Preparing model {name} for this computer (first use only)…")
    else:
        text = translate("loading", "Loading model {name}…")
    return text.format(name=event.model)


def duration_text(seconds: float) -> str:
    """A rough time span in the UI language: 5 s, 40 s, 3 min, 1 h 20 min (rounded as the
    command line rounds it: an estimate, not a countdown)."""
    translate = QCoreApplication.translate
    if seconds < 60:
        return translate("duration", "{n} s").format(n=max(5, 5 * round(seconds / 5)))
    minutes = round(seconds / 60)
    if minutes < 60:
        return translate("duration", "{n} min").format(n=minutes)
    if minutes % 60 == 0:
        return translate("duration", "{h} h").format(h=minutes // 60)
    return translate("duration", "{h} h {m} min").format(h=minutes // 60, m=minutes % 60)


def reading_pages_text(done: int, total: int) -> str | None:
    """``Reading page 121 of 500`` while a PDF is read before its work starts (``done``
    pages are read; the next is being read); None for a PDF that does not say how many
    pages it has."""
    if total <= 0:
        return None
    return QCoreApplication.translate("stages", "Reading page {page} of {pages}").format(
        page=min(done + 1, total), pages=total
    )


def stage_text(stage: str) -> str:
    """The engine's progress stage names, in the UI language."""
    return stage_names().get(stage, stage.capitalize() + "…")


def stage_names() -> dict[str, str]:
    """Each progress stage the engine reports, as the app says it in the UI language."""
    translate = QCoreApplication.translate
    return {
        "translating": translate("stages", "Translating…"),
        "summarizing": translate("stages", "Summarizing…"),
        "classifying": translate("stages", "Classifying…"),
        "explaining": translate("stages", "Explaining…"),
        "embedding": translate("stages", "Reading…"),
        "reading labels": translate("stages", "Reading the labels…"),
        "answering": translate("stages", "Looking for the answer…"),
        # Ask's model reads the text part by part for the answer: it answers, as it says
        # (it said "Reading… 184 / 5871" while the pane was answering).
        "reading": translate("stages", "Looking for the answer…"),
        "preparing": translate("stages", "Preparing the text…"),
        "reading pages": translate("stages", "Reading the pages…"),
        "converting": translate("stages", "Converting with LibreOffice…"),
        "ranking passages": translate("stages", "Ranking the passages…"),
        "occluding": translate("stages", "Explaining…"),
        "downloading": translate("stages", "Downloading…"),
        "installing": translate("stages", "Installing…"),
        "verifying": translate("stages", "Verifying…"),
    }


class ScoreBars(QWidget):
    """Ranked labels, each with a bar for its score (0–1) and the score in per cent."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setColumnStretch(1, 1)
        self.rows: list[tuple[QLabel, QProgressBar]] = []

    def set_scores(self, scores: tuple[LabelScore, ...] | list[LabelScore]) -> None:
        for label, bar in self.rows:
            self._grid.removeWidget(label)
            self._grid.removeWidget(bar)
            label.deleteLater()
            bar.deleteLater()
        self.rows = []
        for i, item in enumerate(scores):
            label = QLabel(item.label, self)
            set_label_direction(label, item.label)
            bar = QProgressBar(self)
            bar.setRange(0, 1000)
            value = max(0.0, min(1.0, item.score))
            bar.setValue(round(value * 1000))
            bar.setFormat(f"{item.score * 100:.1f} %")
            bar.setAccessibleName(f"{item.label}: {item.score * 100:.1f} %")
            label.setBuddy(bar)
            if i == 0:
                font = label.font()
                font.setBold(True)
                label.setFont(font)
            self._grid.addWidget(label, i, 0)
            self._grid.addWidget(bar, i, 1)
            self.rows.append((label, bar))

    def wanted_height(self, most: int = 5) -> int:
        """The height that shows the first ``most`` rows whole (what the pane keeps for them,
        so that two or three labels never need a scroll bar)."""
        rows = self.rows[:most]
        if not rows:
            return 0
        spacing = max(0, self._grid.verticalSpacing())
        heights = [max(label.sizeHint().height(), bar.sizeHint().height()) for label, bar in rows]
        return sum(heights) + spacing * (len(rows) - 1)


def heat_color(weight: float, scale: float, dark: bool) -> QColor:
    """Warm for tokens that pushed towards the label, cool for those that pushed away; the
    stronger, the more opaque."""
    strength = 0.0 if scale <= 0 else min(1.0, abs(weight) / scale)
    base = QColor(230, 80, 40) if weight > 0 else QColor(50, 120, 230)
    base.setAlphaF(0.12 + 0.6 * strength if strength > 0.02 else 0.0)
    if dark:
        base = base.lighter(110)
    return base


class HeatMap(QTextEdit):
    """The classified text with each attributed span shaded by its weight."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTabChangesFocus(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.spans: list[tuple[int, int, float]] = []

    def show_attributions(self, text: str, attributions: tuple[Attribution, ...]) -> None:
        self.setPlainText(text)
        self.spans = []
        scale = max((abs(a.weight) for a in attributions), default=0.0)
        dark = self.palette().base().color().lightness() < 128
        cursor = QTextCursor(self.document())
        for a in attributions:
            if not 0 <= a.start < a.end <= len(text):
                continue
            fmt = QTextCharFormat()
            fmt.setBackground(heat_color(a.weight, scale, dark))
            fmt.setToolTip(f"{a.weight:+.3f}")
            cursor.setPosition(utf16(text, a.start))
            cursor.setPosition(utf16(text, a.end), QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(fmt)
            self.spans.append((a.start, a.end, a.weight))
