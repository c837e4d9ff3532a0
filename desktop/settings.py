"""The user's settings, typed, over one ``QSettings`` (an INI file in the platform's config dir).

Unknown or corrupt values read back as the defaults, so a hand-edited file never breaks start-up.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Literal, TypeVar

from PySide6.QtCore import QByteArray, QLocale, QSettings

from engine import EngineOptions

Theme = Literal["system", "light", "dark"]
Language = Literal["en", "zh_CN"]
Preference = Literal["auto", "quality", "speed"]
DeviceChoice = Literal["auto", "cpu", "cuda", "directml", "coreml"]

THEMES: tuple[Theme, ...] = ("system", "light", "dark")
LANGUAGES: tuple[Language, ...] = ("en", "zh_CN")
PREFERENCES: tuple[Preference, ...] = ("auto", "quality", "speed")
DEVICES: tuple[DeviceChoice, ...] = ("auto", "cpu", "cuda", "directml", "coreml")
# Variant preference → the engine's dtype: quality keeps full precision, speed takes the
# quantized variant where the folder has one (the engine falls back and says why otherwise).
Dtype = Literal["auto", "fp32", "fp16", "int8"]
_DTYPES: dict[Preference, Dtype] = {"auto": "auto", "quality": "fp32", "speed": "int8"}

_T = TypeVar("_T", bound=str)


def system_language() -> Language:
    return "zh_CN" if QLocale.system().name().startswith("zh") else "en"


def open_store(path: Path | None = None) -> QSettings:
    """The app's settings file: ``path`` (tests), else the platform's config folder."""
    if path is not None:
        return QSettings(str(path), QSettings.Format.IniFormat)
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "Quire", "Quire")


class Settings:
    def __init__(self, store: QSettings) -> None:
        self.store = store

    # --- helpers ----------------------------------------------------------------------------

    def _choice(self, key: str, allowed: tuple[_T, ...], default: _T) -> _T:
        value = self.store.value(key, default)
        return next((a for a in allowed if a == value), default)

    def _int(self, key: str, default: int, low: int, high: int) -> int:
        try:
            value = int(str(self.store.value(key, default)))
        except ValueError:
            return default
        return value if low <= value <= high else default

    def _bool(self, key: str, default: bool) -> bool:
        value = self.store.value(key, default)
        if isinstance(value, bool):
            return value
        return str(value).lower() in ("true", "1", "yes")

    # --- the engine -------------------------------------------------------------------------

    @property
    def device(self) -> DeviceChoice:
        return self._choice("engine/device", DEVICES, "auto")

    @device.setter
    def device(self, value: DeviceChoice) -> None:
        self.store.setValue("engine/device", value)

    @property
    def threads(self) -> int:
        """Intra-op threads; 0 lets ONNX Runtime decide."""
        return self._int("engine/threads", 0, 0, 256)

    @threads.setter
    def threads(self, value: int) -> None:
        self.store.setValue("engine/threads", int(value))

    @property
    def preference(self) -> Preference:
        return self._choice("engine/variant", PREFERENCES, "auto")

    @preference.setter
    def preference(self, value: Preference) -> None:
        self.store.setValue("engine/variant", value)

    def engine_options(self, home: Path | None = None) -> EngineOptions:
        options = EngineOptions(
            device=self.device, dtype=_DTYPES[self.preference], threads=self.threads or None
        )
        return options if home is None else dataclasses.replace(options, home=home)

    # --- the window -------------------------------------------------------------------------

    @property
    def language(self) -> Language:
        return self._choice("ui/language", LANGUAGES, system_language())

    @language.setter
    def language(self, value: Language) -> None:
        self.store.setValue("ui/language", value)

    @property
    def theme(self) -> Theme:
        return self._choice("ui/theme", THEMES, "system")

    @theme.setter
    def theme(self, value: Theme) -> None:
        self.store.setValue("ui/theme", value)

    @property
    def font_size(self) -> int:
        """Point size of the app's font; 0 keeps the system's."""
        return self._int("ui/font_size", 0, 0, 48)

    @font_size.setter
    def font_size(self, value: int) -> None:
        self.store.setValue("ui/font_size", int(value))

    @property
    def geometry(self) -> QByteArray | None:
        value = self.store.value("window/geometry")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self.store.setValue("window/geometry", value)

    @property
    def last_pane(self) -> int:
        return self._int("window/pane", 0, 0, 3)

    @last_pane.setter
    def last_pane(self, value: int) -> None:
        self.store.setValue("window/pane", int(value))

    # --- per pane ---------------------------------------------------------------------------

    def model(self, task: str) -> str:
        """The model last chosen in ``task``'s pane; "" = automatic."""
        return str(self.store.value(f"panes/{task}/model", "") or "")

    def set_model(self, task: str, name: str) -> None:
        self.store.setValue(f"panes/{task}/model", name)

    def value(self, key: str, default: str = "") -> str:
        return str(self.store.value(key, default) or default)

    def set_value(self, key: str, value: str) -> None:
        self.store.setValue(key, value)

    @property
    def live_translate(self) -> bool:
        return self._bool("panes/translate/live", True)

    @live_translate.setter
    def live_translate(self, value: bool) -> None:
        self.store.setValue("panes/translate/live", bool(value))

    def sync(self) -> None:
        self.store.sync()
