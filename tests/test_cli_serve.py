"""``quire serve`` as a user runs it: a process that prints its address, answers, and stops on
Ctrl+C; refusing a non-loopback address without a key."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

from engine.cli.main import main
from tests.server_helpers import http

ROOT = Path(__file__).resolve().parents[1]


def _quire_serve(home: Path, *options: str) -> subprocess.Popen[str]:
    """`quire serve --port 0` in a process of its own, its stdout and stderr piped."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QUIRE_HOME": str(home)}
    return subprocess.Popen(
        [sys.executable, "-m", "engine.cli.main", "serve", "--port", "0", *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )


def test_quire_serve_runs_until_interrupted(quire_home: Path) -> None:
    process = _quire_serve(quire_home)
    try:
        assert process.stderr is not None
        first = process.stderr.readline()
        found = re.search(r"Quire serves on (http://127\.0\.0\.1:\d+/)", first)
        assert found, first
        url = found.group(1)
        assert http.get(url + "languages").json() == []
        assert http.get(url + "health").json() == {"status": "ok"}
    finally:
        process.send_signal(signal.SIGINT)
        _, rest = process.communicate(timeout=60)
    assert process.returncode == 0, rest
    # The request log names the request, nothing more.
    assert "GET /languages 200" in rest


def test_quire_serve_json_says_where_it_listens(quire_home: Path) -> None:
    """With --json, one JSON document on stdout once it listens (it printed nothing there:
    a program that started it on --port 0 had to parse the prose on stderr)."""
    import json

    process = _quire_serve(quire_home, "--json")
    try:
        assert process.stdout is not None
        listening = json.loads(process.stdout.readline())  # one line, while it serves
        assert listening["url"] == f"http://127.0.0.1:{listening['port']}/"
        assert listening["host"] == "127.0.0.1" and listening["port"] > 0
        assert listening["docs"] == listening["url"] + "docs"
        assert http.get(listening["url"] + "health").json() == {"status": "ok"}
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=60)
    assert process.returncode == 0


def test_quire_serve_refuses_other_addresses_without_a_key(capsys: object) -> None:
    assert main(["serve", "--host", "0.0.0.0", "--port", "0"]) == 2  # a usage error
