"""The user's settings, typed, over one ``QSettings`` (an INI file in the platform's config dir).

Unknown or corrupt values read back as the defaults, so a hand-edited file never breaks start-up.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import string
from pathlib import Path
from typing import Literal, TypeVar

from PySide6.QtCore import QByteArray, QLocale, QSettings

from desktop.files import written_suffix
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
DEFAULT_PATTERN = "{name}.{lang}{ext}"
PLACEHOLDERS = ("name", "lang", "ext")


def output_name(pattern: str, source: Path, language: str) -> str:
    from engine import document_suffix

    # (a zipped book's name is what is before both its suffixes: book.de.fb2.zip)
    name = source.name[: len(source.name) - len(document_suffix(source))] or source.stem
    return pattern.format(name=name, lang=language, ext=written_suffix(source))


def pattern_problem(pattern: str) -> str | None:
    """Why ``pattern`` cannot name translated files, or None. The returned reason is English;
    the settings dialog shows its own translated sentence."""
    try:
        fields = [(f, spec, conv) for _, f, spec, conv in string.Formatter().parse(pattern)]
    except ValueError:  # an unmatched brace
        return "unknown placeholder"
    for field, spec, conversion in fields:
        # Only the three names, bare: {name.upper}, {name[0]}, {lang!r} or {ext:>9} would
        # reach into Python's format machinery (an attribute error, a crash dialog).
        if field is not None and (field not in PLACEHOLDERS or spec or conversion):
            return "unknown placeholder"
    sample = output_name(pattern, Path("report.txt"), "de")
    if "{name}" not in pattern:
        return "no {name}"
    # Windows refuses < > : " | ? * in a name (":" even names a hidden stream on NTFS), so
    # a batch failed at each file's end; refused everywhere: files travel between systems.
    if any(c in sample for c in '/\\<>:"|?*') or sample in ("", ".", ".."):
        return "not a file name"
    if not pattern.endswith("{ext}"):
        return "no {ext} at the end"
    if sample == "report.txt":
        return "same name as the input"
    return None


def system_language() -> Language:
    return "zh_CN" if QLocale.system().name().startswith("zh") else "en"


def open_store(path: Path | None = None) -> QSettings:
    """The app's settings file: ``path`` (tests), else the platform's config folder."""
    if path is not None:
        return QSettings(str(path), QSettings.Format.IniFormat)
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "Quire", "Quire")


_UNFINISHED = "queue/unfinished"


class Settings:
    def __init__(self, store: QSettings) -> None:
        self.store = store
        # The model store the Files queue's list belongs to (set by the window): two apps on
        # two stores share this file, and each took over the other's unfinished files, one
        # still being translated among them.
        self.queue_home: Path | None = None

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

    @property
    def offline(self) -> bool:
        """Never reach the network (downloads and catalog refreshes are refused)."""
        return self._bool("engine/offline", False)

    @offline.setter
    def offline(self, value: bool) -> None:
        self.store.setValue("engine/offline", bool(value))

    @property
    def proxy(self) -> str:
        """A proxy URL for downloads ("" = the system's proxy settings)."""
        value = str(self.store.value("network/proxy", "") or "").strip()
        return value if url_problem(value) is None else ""

    @proxy.setter
    def proxy(self, value: str) -> None:
        self.store.setValue("network/proxy", value.strip())

    @property
    def mirror(self) -> str:
        """A Hugging Face mirror's URL for downloads ("" = the hub itself, or $HF_ENDPOINT)."""
        value = str(self.store.value("network/mirror", "") or "").strip()
        return value if url_problem(value) is None else ""

    @mirror.setter
    def mirror(self, value: str) -> None:
        self.store.setValue("network/mirror", value.strip())

    def engine_options(self, home: Path | None = None) -> EngineOptions:
        options = EngineOptions(
            device=self.device,
            dtype=_DTYPES[self.preference],
            threads=self.threads or None,
            proxy=self.proxy or None,
            endpoint=self.mirror or None,
        )
        # QUIRE_OFFLINE=1 (the engine's default) stays on whatever the setting says.
        options = dataclasses.replace(options, offline=self.offline or options.offline)
        return options if home is None else dataclasses.replace(options, home=home)

    # --- the local API ----------------------------------------------------------------------

    @property
    def api_enabled(self) -> bool:
        """Serve the engine to other programs on this computer (``quire serve`` in the app)."""
        return self._bool("api/enabled", False)

    @api_enabled.setter
    def api_enabled(self, value: bool) -> None:
        self.store.setValue("api/enabled", bool(value))

    @property
    def api_port(self) -> int:
        return self._int("api/port", 5000, 0, 65535)

    @api_port.setter
    def api_port(self, value: int) -> None:
        self.store.setValue("api/port", int(value))

    # --- translated files -------------------------------------------------------------------

    @property
    def output_pattern(self) -> str:
        """How a translated file is named: ``{name}`` (the input's name without extension),
        ``{lang}`` (the target language) and ``{ext}`` (the extension, with its dot)."""
        value = str(self.store.value("output/pattern", DEFAULT_PATTERN) or DEFAULT_PATTERN)
        return value if pattern_problem(value) is None else DEFAULT_PATTERN

    @output_pattern.setter
    def output_pattern(self, value: str) -> None:
        self.store.setValue("output/pattern", value)

    def mend_pattern(self) -> tuple[str, str] | None:
        """A stored pattern this version refuses (an earlier one took ``:`` or ``?``, which
        Windows refuses), mended and stored: each such character becomes "-", or the default
        where that is not enough. The old and the new pattern, to be said; None if it was
        fine. (Read as the default without a word, it was lost at the next OK in Settings.)"""
        stored = str(self.store.value("output/pattern", "") or "")
        if not stored or pattern_problem(stored) is None:
            return None
        # One "-" for a run of them, none before the extension ("{name}-{lang}-{ext}" made
        # "report-de-.docx").
        mended = re.sub(r"-*(\{ext\})$", r"\1", re.sub(r'[<>:"|?*]+', "-", stored))
        if pattern_problem(mended) is not None:
            mended = DEFAULT_PATTERN
        self.output_pattern = mended
        return stored, mended

    @property
    def output_folder(self) -> Path | None:
        """Where translated files go; None = beside each input."""
        value = str(self.store.value("output/folder", "") or "")
        return Path(value) if value else None

    @output_folder.setter
    def output_folder(self, value: Path | None) -> None:
        self.store.setValue("output/folder", str(value) if value is not None else "")

    def output_path(self, source: Path, language: str) -> Path:
        """The translated file's path for ``source`` translated into ``language``: beside
        it, an app's resource file goes where its platform looks for the language
        (``res/values-de/strings.xml``: a ``strings.de.xml`` beside it fails the build)."""
        if self.output_folder is None:
            from engine import platform_output

            placed = platform_output(source, language)
            if placed is not None:
                return placed
        name = output_name(self.output_pattern, source, language)
        return (self.output_folder or source.parent) / name

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
    def window_state(self) -> QByteArray | None:
        """The docks' (Files, History) places and visibility."""
        value = self.store.value("window/state")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    @window_state.setter
    def window_state(self, value: QByteArray) -> None:
        self.store.setValue("window/state", value)

    @property
    def last_pane(self) -> int:
        return self._int("window/pane", 0, 0, 3)

    @last_pane.setter
    def last_pane(self, value: int) -> None:
        self.store.setValue("window/pane", int(value))

    @property
    def save_folder(self) -> Path | None:
        """The folder a pane's result was last saved into, while it is there."""
        value = str(self.store.value("panes/save_folder", "") or "")
        return Path(value) if value and Path(value).is_dir() else None

    @save_folder.setter
    def save_folder(self, value: Path) -> None:
        self.store.setValue("panes/save_folder", str(value))

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

    @property
    def unfinished_files(self) -> str:
        """The Files queue's rows Quire closed before they were done (JSON, ``BatchQueue``'s
        ``unfinished``), for the next start to offer again: those of ``queue_home``'s app
        (the list saved before lists were kept per store, where it has none yet)."""
        return self.value(self._unfinished_key()) or self.value(_UNFINISHED)

    @unfinished_files.setter
    def unfinished_files(self, value: str) -> None:
        key = self._unfinished_key()
        if key != _UNFINISHED:
            self.store.remove(_UNFINISHED)  # (taken over by this store's list)
        if value:
            self.store.setValue(key, value)
        else:
            self.store.remove(key)

    def _unfinished_key(self) -> str:
        if self.queue_home is None:
            return _UNFINISHED
        digest = hashlib.sha256(str(self.queue_home.resolve()).encode("utf-8")).hexdigest()
        return f"{_UNFINISHED}-{digest[:12]}"

    def sync(self) -> None:
        self.store.sync()


def url_problem(value: str) -> str | None:
    """Why ``value`` cannot be a proxy or mirror address (as the engine's options check it),
    or None when it can ("" means none)."""
    if not value or value.startswith(("http://", "https://", "socks")):
        return None
    return "not a URL"
