from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import NetworkBlocked


def test_non_loopback_connections_are_refused() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s, pytest.raises(NetworkBlocked):
        s.connect(("93.184.216.34", 80))


def test_loopback_is_allowed() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as client:
            client.connect(server.getsockname())


def test_onnx_runtime_keeps_no_usage_events_to_send(tmp_path: Path) -> None:
    """ONNX Runtime 1.2x records usage events (for Microsoft's collector) under
    ~/.cache/Microsoft/DeveloperTools unless told not to before it loads; the engine tells
    it, for its own import and for any later ``import onnxruntime`` in the process."""
    home = tmp_path / "home"
    home.mkdir()
    code = (
        "import engine, onnxruntime\n"
        "from engine.runtime.providers import import_ort\n"
        "import_ort().get_available_providers()\n"
        "onnxruntime.InferenceSession\n"
    )
    env = {**os.environ, "HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache")}
    env.pop("ORT_DISABLE_TELEMETRY", None)
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=120)
    assert list(home.rglob("*")) == []
