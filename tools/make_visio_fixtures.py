"""Remake tests/data/visio/ (see its README.md): Visio's own drawings copied from checkouts
of apache/poi (Apache-2.0) and dave-howard/vsdx (BSD-3-Clause), and LibreOffice Draw's
.odg and .fodg of two of them, converted by LibreOffice itself.

    python tools/make_visio_fixtures.py PATH_TO_POI PATH_TO_VSDX

Each path is a checkout (or a bare mirror: its HEAD is read with git). Needs ``soffice``."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "visio"

# fixture name -> (which checkout, the path in it)
COPIED = {
    "use-case.vsdx": (0, "test-data/diagram/60489.vsdx"),
    "connectors.vsdx": (1, "tests/test4_connectors.vsdx"),
    "shape-data.vsdx": (1, "tests/test6_shape_properties.vsdx"),
    "macro.vsdm": (1, "tests/diagram_with_macro.vsdm"),
    "template-loop.vsdx": (1, "tests/test_jinja_loop_showif.vsdx"),
    "template-pages.vsdx": (1, "tests/test_jinja_page_showif.vsdx"),
}
# fixture name -> the Visio fixture LibreOffice converts
CONVERTED = {"use-case.odg": "use-case.vsdx", "connectors.fodg": "connectors.vsdx"}
THUMBNAIL = "Thumbnails/thumbnail.png"


def read(checkout: Path, path: str) -> bytes:
    if (checkout / path).is_file():
        return (checkout / path).read_bytes()
    return subprocess.run(
        ["git", f"--git-dir={checkout}", "show", f"HEAD:{path}"], check=True, capture_output=True
    ).stdout


def without_thumbnail(odg: Path) -> None:
    """The .odg less its 24 KB preview picture (and the manifest's line naming it), every
    other entry as LibreOffice wrote it, in its order (``mimetype`` first and stored)."""
    source = zipfile.ZipFile(odg)
    entries = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(odg, "w") as target:
        for info, data in entries:
            if info.filename == THUMBNAIL:
                continue
            if info.filename == "META-INF/manifest.xml":
                data = b"\n".join(
                    line for line in data.split(b"\n") if THUMBNAIL.encode() not in line
                )
            target.writestr(info, data)


def main() -> None:
    checkouts = [Path(sys.argv[1]), Path(sys.argv[2])]
    DATA.mkdir(parents=True, exist_ok=True)
    for name, (which, path) in COPIED.items():
        (DATA / name).write_bytes(read(checkouts[which], path))
    with tempfile.TemporaryDirectory() as work:
        for name, source in CONVERTED.items():
            shutil.copy(DATA / source, Path(work) / source)
            suffix = Path(name).suffix[1:]
            subprocess.run(
                ["soffice", "--headless", "--convert-to", suffix, "--outdir", work, source],
                cwd=work,
                check=True,
                capture_output=True,
            )
            shutil.move(Path(work) / f"{Path(source).stem}.{suffix}", DATA / name)
    without_thumbnail(DATA / "use-case.odg")


if __name__ == "__main__":
    main()
