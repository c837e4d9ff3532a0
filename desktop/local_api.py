"""The app's switch for the local API: runs ``engine.server`` on a background thread of the app
(until the engine has a process of its own, the server keeps a second engine, with its own
loaded models) and tells the settings dialog the address it serves on."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from engine import EngineOptions

if TYPE_CHECKING:
    from engine.server import Server


class LocalApi(QObject):
    changed = Signal(str)  # the address while serving, "" once stopped

    def __init__(
        self, options: Callable[[], EngineOptions], port: int, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._options = options
        self.port = port
        self._server: Server | None = None

    @property
    def url(self) -> str:
        return self._server.url if self._server is not None else ""

    def start(self) -> str:
        """Serve on 127.0.0.1 (nothing is reachable from other machines); returns the address.
        Raises ``EngineError`` when it cannot (the port is taken)."""
        if self._server is None:
            from engine.server import Server, ServerConfig  # Starlette loads only when used

            server = Server(ServerConfig(port=self.port), self._options())
            server.start()
            self._server = server
            self.changed.emit(server.url)
        return self._server.url

    def stop(self) -> None:
        if self._server is not None:
            server, self._server = self._server, None
            server.stop()
            self.changed.emit("")
