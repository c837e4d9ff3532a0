"""Remake tests/data/visio/ (see its README.md): Visio's own drawings copied from checkouts
of apache/poi (Apache-2.0) and dave-howard/vsdx (BSD-3-Clause).

    python tools/make_visio_fixtures.py PATH_TO_POI PATH_TO_VSDX

Each path is a checkout (or a bare mirror: its HEAD is read with git)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "visio"

# fixture name -> (which checkout, the path in it)
COPIED = {
    "use-case.vsdx": (0, "test-data/diagram/60489.vsdx"),
    "connectors.vsdx": (1, "tests/test4_connectors.vsdx"),
    "shape-data.vsdx": (1, "tests/test6_shape_properties.vsdx"),
    "macro.vsdm": (1, "tests/diagram_with_macro.vsdm"),
}


def read(checkout: Path, path: str) -> bytes:
    if (checkout / path).is_file():
        return (checkout / path).read_bytes()
    return subprocess.run(
        ["git", f"--git-dir={checkout}", "show", f"HEAD:{path}"], check=True, capture_output=True
    ).stdout


def main() -> None:
    checkouts = [Path(sys.argv[1]), Path(sys.argv[2])]
    DATA.mkdir(parents=True, exist_ok=True)
    for name, (which, path) in COPIED.items():
        (DATA / name).write_bytes(read(checkouts[which], path))


if __name__ == "__main__":
    main()
