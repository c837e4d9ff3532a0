"""How long the app takes to show its window and to quit, launched as a user launches it.

Each run starts a fresh Python process that runs ``desktop.app.main`` (what ``quire`` runs),
with a private model store holding the tiny fixture Marian model (or ``--model``) and private
settings. "Shown" is when the event loop first runs after the window's ``show()``; "quit"
runs from ``close()`` to the process's exit, as the parent sees it. Two moments to quit: at
once (the worker is still listing the models) and once idle (the last-used model preloaded).
Beside it, in the same run, a bare PySide6 window: the floor any Qt app pays.

    .venv/bin/python -m bench.startup                 # 5 runs each, offscreen
    QT_QPA_PLATFORM=xcb xvfb-run -a .venv/bin/python -m bench.startup

Goals (issue #12): shown within 1.5 s of launch, quit within 0.5 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHOW_GOAL_S = 1.5
QUIT_GOAL_S = 0.5

QUIRE = """
import sys, time
from PySide6.QtCore import QTimer
import desktop.main_window as mw

idle = {idle}
real_show = mw.MainWindow.show

def show(self):
    real_show(self)
    def close():
        print(f"closing {{time.time():.6f}}", flush=True)
        self.close()
    def appeared():
        print(f"shown {{time.time():.6f}}", flush=True)
        if not idle:
            close()
            return
        # Once the models are listed and the last-used model preloaded: the worker is idle.
        def check():
            if self.catalog is not None and self._preloaded and not self.runner.busy:
                close()
            else:
                QTimer.singleShot(20, check)
        check()
    QTimer.singleShot(0, appeared)

mw.MainWindow.show = show
from desktop.app import main
sys.exit(main(()))
"""

BARE = """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.setCentralWidget(QLabel("Hello"))
window.resize(1100, 720)
window.show()
def appeared():
    print(f"shown {time.time():.6f}", flush=True)
    print(f"closing {time.time():.6f}", flush=True)
    window.close()
QTimer.singleShot(0, appeared)
sys.exit(app.exec())
"""


def run_once(code: str, env: dict[str, str]) -> tuple[float, float]:
    """(launch → shown, close → exit) in seconds."""
    start = time.time()
    process = subprocess.Popen(
        [sys.executable, "-c", code], env=env, stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    stamps: dict[str, float] = {}
    for line in process.stdout:
        key, _, value = line.partition(" ")
        stamps[key] = float(value)
        if key == "closing":
            break
    process.stdout.close()
    if process.wait(timeout=120) != 0:
        raise SystemExit(f"the app exited with {process.returncode}")
    ended = time.time()
    return stamps["shown"] - start, ended - stamps["closing"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--model", type=Path, help="a model folder (default: tiny fixture)")
    args = parser.parse_args(argv)
    root = Path(__file__).resolve().parent.parent

    from engine import Engine, EngineOptions

    with tempfile.TemporaryDirectory(prefix="quire-startup-") as scratch:
        home = Path(scratch) / "home"
        if args.model is not None:
            Engine(EngineOptions(home=home)).import_model(args.model, "opus-mt-en-de")
        else:
            sys.path.insert(0, str(root))
            from tests.fixtures.builder import exported

            Engine(EngineOptions(home=home)).import_model(exported("marian"), "opus-mt-en-de")
        env = dict(os.environ)
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        env.update(
            QUIRE_HOME=str(home),
            XDG_CONFIG_HOME=str(Path(scratch) / "config"),  # private settings
            QUIRE_LOG_DIR=str(Path(scratch) / "logs"),
            PYTHONPATH=os.pathsep.join(filter(None, [str(root), env.get("PYTHONPATH")])),
        )
        rows: dict[str, list[tuple[float, float]]] = {"quire": [], "quire-idle": [], "bare": []}
        codes = {
            "quire": QUIRE.format(idle=False),
            "quire-idle": QUIRE.format(idle=True),
            "bare": BARE,
        }
        run_once(codes["quire"], env)  # a first run fills the disk cache: not counted
        for _ in range(args.runs):
            for name, code in codes.items():
                rows[name].append(run_once(code, env))

    def median(values: list[float]) -> str:
        return f"{statistics.median(values) * 1000:.0f} ms"

    print(f"{args.runs} runs each, platform {env['QT_QPA_PLATFORM']}, medians")
    print(f"{'':32} {'launch → shown':>16} {'close → exited':>16}")
    labels = {
        "quire": "Quire, closed at once",
        "quire-idle": "Quire, closed when idle",
        "bare": "bare PySide6 window",
    }
    for name, label in labels.items():
        shown = [s for s, _ in rows[name]]
        quit_ = [q for _, q in rows[name]]
        print(f"{label:32} {median(shown):>16} {median(quit_):>16}")
    print(
        f"goals: shown within {SHOW_GOAL_S * 1000:.0f} ms, quit within {QUIT_GOAL_S * 1000:.0f} ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
