"""Look: the Fusion style with a light or dark palette (or the system's), and the font size.

Fusion draws the same on every platform and honours a palette fully, so "dark" is dark even
where the platform theme has no dark mode.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

_DEFAULT_POINT_SIZE: dict[str, float] = {}


def is_dark(theme: str) -> bool:
    if theme == "dark":
        return True
    if theme == "light":
        return False
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def _dark_palette() -> QPalette:
    p = QPalette()
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    window, base, text = QColor(37, 38, 41), QColor(27, 28, 30), QColor(230, 230, 230)
    p.setColor(role.Window, window)
    p.setColor(role.WindowText, text)
    p.setColor(role.Base, base)
    p.setColor(role.AlternateBase, QColor(45, 46, 50))
    p.setColor(role.ToolTipBase, QColor(50, 51, 55))
    p.setColor(role.ToolTipText, text)
    p.setColor(role.PlaceholderText, QColor(140, 140, 140))
    p.setColor(role.Text, text)
    p.setColor(role.Button, QColor(48, 49, 53))
    p.setColor(role.ButtonText, text)
    p.setColor(role.BrightText, QColor(255, 90, 90))
    p.setColor(role.Link, QColor(110, 170, 255))
    p.setColor(role.Highlight, QColor(45, 110, 200))
    p.setColor(role.HighlightedText, QColor(255, 255, 255))
    p.setColor(role.Light, QColor(70, 71, 75))
    p.setColor(role.Midlight, QColor(58, 59, 63))
    p.setColor(role.Mid, QColor(40, 41, 44))
    p.setColor(role.Dark, QColor(20, 20, 22))
    p.setColor(role.Shadow, QColor(0, 0, 0))
    for r in (role.WindowText, role.Text, role.ButtonText):
        p.setColor(group.Disabled, r, QColor(120, 120, 120))
    return p


def _light_palette() -> QPalette:
    p = QPalette()
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    text = QColor(30, 30, 30)
    p.setColor(role.Window, QColor(243, 243, 244))
    p.setColor(role.WindowText, text)
    p.setColor(role.Base, QColor(255, 255, 255))
    p.setColor(role.AlternateBase, QColor(246, 246, 248))
    p.setColor(role.ToolTipBase, QColor(255, 255, 240))
    p.setColor(role.ToolTipText, text)
    p.setColor(role.PlaceholderText, QColor(128, 128, 128))
    p.setColor(role.Text, text)
    p.setColor(role.Button, QColor(236, 236, 238))
    p.setColor(role.ButtonText, text)
    p.setColor(role.BrightText, QColor(200, 0, 0))
    p.setColor(role.Link, QColor(20, 90, 200))
    p.setColor(role.Highlight, QColor(48, 120, 215))
    p.setColor(role.HighlightedText, QColor(255, 255, 255))
    p.setColor(role.Light, QColor(255, 255, 255))
    p.setColor(role.Midlight, QColor(230, 230, 232))
    p.setColor(role.Mid, QColor(190, 190, 195))
    p.setColor(role.Dark, QColor(150, 150, 155))
    p.setColor(role.Shadow, QColor(90, 90, 90))
    for r in (role.WindowText, role.Text, role.ButtonText):
        p.setColor(group.Disabled, r, QColor(160, 160, 160))
    return p


def apply(app: QApplication, theme: str, font_size: int) -> None:
    """Apply ``theme`` ("system" / "light" / "dark") and ``font_size`` (points, 0 = system)."""
    app.setStyle("Fusion")
    app.setPalette(_dark_palette() if is_dark(theme) else _light_palette())
    font = QFont(app.font())
    if "default" not in _DEFAULT_POINT_SIZE:
        _DEFAULT_POINT_SIZE["default"] = font.pointSizeF()
    font.setPointSizeF(float(font_size) if font_size > 0 else _DEFAULT_POINT_SIZE["default"])
    app.setFont(font)
