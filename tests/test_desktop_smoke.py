"""The app opens on the real engine and shows the store and the devices."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop.main_window import MainWindow
from engine import Engine, EngineOptions
from tests.test_manifest import make_folder


def test_main_window_lists_models_and_devices(qtbot: QtBot, quire_home: Path) -> None:
    make_folder(
        quire_home / "models" / "mini",
        config={"model_type": "bert"},
        onnx=("onnx/model.onnx",),
    )
    window = MainWindow(Engine(EngineOptions(home=quire_home)))
    qtbot.addWidget(window)
    window.show()
    items = [window.models_list.item(i).text() for i in range(window.models_list.count())]
    assert items == ["mini — bert (fp32)"]
    assert "cpu" in window.devices_label.text()
