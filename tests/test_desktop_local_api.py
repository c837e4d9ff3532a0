"""The app's switch for the local API: the settings checkbox starts the server on loopback in
the engine process, shows its address, serves a real request, and stops it again."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from pytestqt.qtbot import QtBot

from desktop.local_api import LocalApi
from desktop.settings import Settings, open_store
from desktop.settings_dialog import SettingsDialog
from engine import EngineOptions, EngineProcess
from engine.api import TranslateRequest
from engine.protocol import to_json
from tests.fixtures.desktop import WAIT_MS, Windows, windows

__all__ = ["windows"]  # a fixture, used by name


@pytest.fixture
def process(quire_home: Path) -> Iterator[EngineProcess]:
    with EngineProcess(EngineOptions(home=quire_home, device="cpu")) as process:
        yield process


def test_the_switch_serves_and_stops(qtbot: QtBot, tmp_path: Path, process: EngineProcess) -> None:
    settings = Settings(open_store(tmp_path / "settings.ini"))
    settings.api_port = 0  # any free port
    api = LocalApi(lambda: process, settings.api_port)
    dialog = SettingsDialog(settings, api=api)
    qtbot.addWidget(dialog)
    assert dialog.serve.isEnabled() and not dialog.serve.isChecked()
    assert dialog.address.text() == ""

    # The bound covers the engine process's spawn and imports and the server's start: a
    # loaded machine may take far longer than waitSignal's default 5 s (never asserted).
    with qtbot.waitSignal(api.changed, timeout=WAIT_MS) as started:
        dialog.serve.click()
    url = started.args[0]
    assert url.startswith("http://127.0.0.1:") and url in dialog.address.text()
    assert process.serving  # the server runs in the engine process, not in the app
    assert settings.api_enabled and dialog.serve.isChecked() and dialog.serve.isEnabled()

    with httpx.Client(trust_env=False, timeout=120) as client:
        assert client.get(url + "languages").json() == []  # no model installed
        reply = client.post(
            url + "v1/jobs", json=to_json(TranslateRequest(text="Hello", target="de"))
        )
        assert reply.status_code == 400 and reply.json()["error"] == "ModelNotFound"

        with qtbot.waitSignal(api.changed, timeout=WAIT_MS) as stopped:
            dialog.serve.click()
        assert stopped.args == [""] and dialog.address.text() == ""
        assert not settings.api_enabled
        with pytest.raises(httpx.ConnectError):
            client.get(url + "languages")


def test_a_taken_port_is_explained(
    qtbot: QtBot, tmp_path: Path, quire_home: Path, process: EngineProcess
) -> None:
    settings = Settings(open_store(tmp_path / "settings.ini"))
    first = LocalApi(lambda: process, 0)
    taken = int(first.start().rsplit(":", 1)[1].strip("/"))
    other = EngineProcess(EngineOptions(home=quire_home, device="cpu"))
    try:
        second = LocalApi(lambda: other, taken)
        dialog = SettingsDialog(settings, api=second)
        qtbot.addWidget(dialog)
        with qtbot.waitSignal(second.failed, timeout=WAIT_MS):  # a child to start first
            dialog.serve.click()
        assert not dialog.serve.isChecked() and not settings.api_enabled
        assert "Could not start" in dialog.address.text() and str(taken) in dialog.address.text()
    finally:
        first.stop()
        other.close()


def test_the_app_serves_again_when_the_switch_was_on(
    windows: Windows, tmp_path: Path, quire_home: Path, qtbot: QtBot
) -> None:
    settings_file = tmp_path / "quire.ini"
    saved = Settings(open_store(settings_file))
    saved.api_enabled, saved.api_port = True, 0
    saved.sync()
    window = windows.open(EngineOptions(home=quire_home, device="cpu"), settings_file)
    # It may have started while the window opened: wait for the state, not the signal.
    qtbot.waitUntil(lambda: window.local_api.url != "", timeout=120_000)
    url = window.local_api.url
    assert url.startswith("http://127.0.0.1:")
    with httpx.Client(trust_env=False, timeout=120) as client:
        assert client.get(url + "health").json() == {"status": "ok"}
        window.close()  # closing the app stops the server
        assert window.local_api.url == ""
        with pytest.raises(httpx.ConnectError):
            client.get(url + "health")
