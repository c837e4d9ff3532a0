"""The app's switch for the local API: runs ``engine.server`` on background threads of the app
(until the engine has a process of its own, the server keeps a second engine, with its own
loaded models) and tells the settings dialog the address it serves on.

Starting and stopping happen off the GUI thread (importing the server and binding take a few
hundred milliseconds on a busy machine); the outcome arrives as a signal."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from engine import EngineError, EngineOptions

if TYPE_CHECKING:
    from engine import Server


class LocalApi(QObject):
    changed = Signal(str)  # the address once serving, "" once stopped
    failed = Signal(str)  # why it could not start, as one sentence

    def __init__(
        self, options: Callable[[], EngineOptions], port: int, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._options = options
        self.port = port
        self._server: Server | None = None
        self._lock = threading.Lock()  # one start or stop at a time

    @property
    def url(self) -> str:
        server = self._server
        return server.url if server is not None else ""

    def switch(self, on: bool) -> None:
        """Start or stop in the background; ``changed`` or ``failed`` tells the outcome."""
        options = self._options()  # read the settings here, on the GUI thread
        threading.Thread(
            target=self._switch, args=(on, options), name="quire-api-switch", daemon=True
        ).start()

    def _switch(self, on: bool, options: EngineOptions) -> None:
        try:
            if on:
                self.start(options)
            else:
                self.stop()
        except EngineError as exc:
            self.failed.emit(str(exc))

    def start(self, options: EngineOptions | None = None) -> str:
        """Serve on 127.0.0.1 (nothing is reachable from other machines); returns the address.
        Raises ``EngineError`` when it cannot (the port is taken)."""
        with self._lock:
            if self._server is None:
                from engine import Server, ServerConfig  # Starlette loads only when used

                server = Server(ServerConfig(port=self.port), options or self._options())
                server.start()
                self._server = server
                self.changed.emit(server.url)
            return self._server.url

    def stop(self) -> None:
        with self._lock:
            if self._server is not None:
                server, self._server = self._server, None
                server.stop()
                self.changed.emit("")
