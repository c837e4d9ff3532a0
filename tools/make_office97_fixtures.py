"""Remake tests/data/office97/ (see its README.md): Word, Excel and PowerPoint 97-2003 files
copied from a checkout of apache/poi (Apache-2.0), and LibreOffice's own .doc, .dot, .xls and
.xlt saved from the repository's .docx and .xlsx fixtures (its PowerPoint 97 files are half a
megabyte however short: the tests take poi's .ppt under the other names).

    python tools/make_office97_fixtures.py PATH_TO_POI

The path is a checkout (or a bare mirror: its HEAD is read with git). Needs ``soffice``."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent / "tests" / "data"
DATA = TESTS / "office97"

# fixture name -> the path in apache/poi
COPIED = {
    "word97.doc": "test-data/document/SampleDoc.doc",
    "password.doc": "test-data/document/PasswordProtected.doc",
    "macro.doc": "test-data/document/SimpleMacro.doc",
    "word6.doc": "test-data/document/Word6.doc",
    "fields.doc": "test-data/document/test-fields.doc",
    "excel97.xls": "test-data/spreadsheet/SimpleWithComments.xls",
    "powerpoint97.ppt": "test-data/slideshow/basic_test_ppt_file.ppt",
}
# fixture name -> (the fixture LibreOffice saves, its filter)
SAVED = {
    "libreoffice.doc": ("alt/libreoffice.docx", "doc:MS Word 97"),
    "libreoffice.xls": ("sheets/libreoffice.xlsx", "xls:MS Excel 97"),
    "libreoffice.dot": ("fields/libreoffice.docx", "dot:MS Word 97 Vorlage"),
    "libreoffice.xlt": ("sheets/openpyxl.xlsx", "xlt:MS Excel 97 Vorlage/Template"),
}


def read(checkout: Path, path: str) -> bytes:
    if (checkout / path).is_file():
        return (checkout / path).read_bytes()
    return subprocess.run(
        ["git", f"--git-dir={checkout}", "show", f"HEAD:{path}"], check=True, capture_output=True
    ).stdout


def save(source: Path, name: str, export: str) -> None:
    """``source`` saved by LibreOffice as ``name`` (its own profile, thrown away)."""
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        copy = work / f"{Path(name).stem}{source.suffix}"
        shutil.copyfile(source, copy)
        subprocess.run(
            ["soffice", f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
             "--convert-to", export, "--outdir", str(work / "out"), str(copy)],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
        shutil.copyfile(work / "out" / name, DATA / name)


def main(poi: str) -> None:
    DATA.mkdir(exist_ok=True)
    for name, path in COPIED.items():
        (DATA / name).write_bytes(read(Path(poi), path))
    for name, (source, export) in SAVED.items():
        save(TESTS / source, name, export)


if __name__ == "__main__":
    main(*sys.argv[1:])
