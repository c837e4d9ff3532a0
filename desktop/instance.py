"""One Quire per user: a second launch (``quire FILE…``, a file opened from the file manager,
``quire --translate-clipboard``) hands its request to the running window over a Qt local
socket and exits, instead of opening a second window with a second copy of the models.

The request is one line of JSON: ``{"files": [paths], "clipboard": bool}``.
"""

from __future__ import annotations

import contextlib
import getpass
import hashlib
import json
import os
import stat
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from engine import private_folder

CONNECT_MS = 500  # a running Quire answers at once; a stale socket refuses at once


def server_name(home: Path) -> str:
    """The socket's name for this user and model store: two stores are two apps (tests and
    portable installs run side by side)."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no user name in some containers
        user = ""
    digest = hashlib.sha256(f"{user}\0{home.resolve()}".encode()).hexdigest()[:16]
    name = f"quire-{digest}"
    if sys.platform.startswith("linux"):
        # A bare name is a socket in /tmp, which every user shares: another user could listen
        # there first, be handed the files this user opens, and keep Quire from starting.
        # $XDG_RUNTIME_DIR is this user's alone (the session's, mode 0700); without it (a
        # container, su) the model store, this user's too. Qt's own fallback is not asked:
        # it warns on every start, and is /tmp/runtime-USER, which another user can make
        # first. (macOS's temp folder is per user already; Windows names a pipe, open to this
        # user only: UserAccessOption.) A socket's path may not be much over 100 bytes.
        for folder in (_runtime_folder(), home.resolve()):
            if folder is not None and len(str(folder / name).encode()) < _SOCKET_PATH_BYTES:
                return str(folder / name)
    return name


_SOCKET_PATH_BYTES = 104  # sun_path: 108 bytes on Linux, 104 on macOS and the BSDs


def _runtime_folder() -> Path | None:
    """$XDG_RUNTIME_DIR where it is a folder of this user's that no one else may enter."""
    value = os.environ.get("XDG_RUNTIME_DIR")
    if not value:
        return None
    try:
        info = os.stat(value)
    except OSError:
        return None
    mine = info.st_uid == os.getuid() and stat.S_ISDIR(info.st_mode)
    return Path(value) if mine and not info.st_mode & 0o077 else None


def earlier_name(name: str) -> str | None:
    """Where a Quire of an earlier version listens (a bare name: a socket in the temporary
    folder), if it does and the socket is this user's: an app left open over an update is
    handed the files rather than a second window opened on the same store. Another user's
    socket of that name is never written to (a sticky temporary folder: none but this user
    can replace this user's file)."""
    if os.sep not in name:
        return None
    path = Path(tempfile.gettempdir(), Path(name).name)
    try:
        found = path.lstat()
    except OSError:
        return None
    if not stat.S_ISSOCK(found.st_mode) or found.st_uid != os.getuid():
        return None
    return str(path)


def hand_over(name: str, files: list[Path], clipboard: bool = False) -> bool:
    """Send the request to a running Quire; False when none is listening."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(CONNECT_MS):
        return False
    message = {"files": [str(p.resolve()) for p in files], "clipboard": clipboard}
    socket.write(json.dumps(message).encode("utf-8") + b"\n")
    sent = socket.waitForBytesWritten(CONNECT_MS)
    socket.disconnectFromServer()
    if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
        socket.waitForDisconnected(CONNECT_MS)
    return sent


class InstanceServer(QObject):
    """Listens for later launches; ``requested`` carries each one's files and whether it
    asked for the clipboard's translation."""

    requested = Signal(list, bool)  # list[Path], clipboard

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if os.sep in name:  # in the model store, which a first start has not made yet
            with contextlib.suppress(OSError):
                # (private: the user's history and drafts are kept in it too)
                private_folder(Path(name).parent)
        if not self.server.listen(name):
            # A socket file left by a Quire that crashed: nobody answered hand_over, so it
            # is stale and safe to remove.
            QLocalServer.removeServer(name)
            self.server.listen(name)
        self.server.newConnection.connect(self._connected)

    @property
    def listening(self) -> bool:
        return self.server.isListening()

    def close(self) -> None:
        self.server.close()

    def _connected(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            buffer = bytearray()

            def read(socket: QLocalSocket = socket, buffer: bytearray = buffer) -> None:
                buffer.extend(bytes(socket.readAll().data()))
                if b"\n" in buffer:
                    self._handle(bytes(buffer).split(b"\n", 1)[0])
                    buffer.clear()
                    socket.disconnectFromServer()

            socket.readyRead.connect(read)
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                read()

    def _handle(self, line: bytes) -> None:
        try:
            message = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            return  # not a Quire: ignore it
        if not isinstance(message, dict):
            return
        files = [Path(f) for f in message.get("files", []) if isinstance(f, str)]
        self.requested.emit(files, bool(message.get("clipboard", False)))
