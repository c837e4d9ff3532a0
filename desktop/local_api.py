"""The app's switch for the local API: the server runs in the engine process, over the same
engine as the app's jobs (they take turns, and a model loaded for one serves the other), and
comes back by itself when that process is replaced (Unload models, a crash). This object tells
the settings dialog the address it serves on.

Switching happens off the GUI thread (the engine process may still be starting, and binding
takes a moment); the outcome arrives as a signal."""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from engine import EngineError, EngineProcess


class LocalApi(QObject):
    changed = Signal(str)  # the address once serving, "" once stopped
    failed = Signal(str)  # why it could not start, as one sentence

    def __init__(
        self, process: Callable[[], EngineProcess], port: int, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._process = process
        self.port = port
        self._url = ""
        self._lock = threading.Lock()  # one start or stop at a time

    @property
    def url(self) -> str:
        return self._url

    def switch(self, on: bool) -> None:
        """Start or stop in the background; ``changed`` or ``failed`` tells the outcome."""
        threading.Thread(
            target=self._switch, args=(on,), name="quire-api-switch", daemon=True
        ).start()

    def _switch(self, on: bool) -> None:
        try:
            if on:
                self.start()
            else:
                self.stop()
        except EngineError as exc:
            self.failed.emit(str(exc))

    def start(self) -> str:
        """Serve on 127.0.0.1 (nothing is reachable from other machines); returns the address.
        Raises ``EngineError`` when it cannot (the port is taken)."""
        with self._lock:
            if not self._url:
                from engine import ServerConfig  # Starlette loads only in the engine process

                self._url = self._process().serve_api(ServerConfig(port=self.port))
                self.changed.emit(self._url)
            return self._url

    def stop(self) -> None:
        with self._lock:
            if self._url:
                self._url = ""
                self._process().stop_api()
                self.changed.emit("")
