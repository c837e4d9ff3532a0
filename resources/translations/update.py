"""Refresh the translation sources from the code, then compile them for the app.

    .venv/bin/python resources/translations/update.py          # lupdate + lrelease
    .venv/bin/python resources/translations/update.py --release  # lrelease only

lupdate adds new strings to ``quire_<lang>.ts`` (keeping existing translations); translate
them with Qt Linguist (``pyside6-linguist``), then run this again to rebuild the ``.qm`` files
the app loads. Both tools ship with PySide6-Essentials.

``quire_en.ts`` holds only the English plural forms ("1 file", "3 files") of the strings that
count something (``self.tr("%n file(s) ...", "", n)``): lupdate's ``-pluralonly``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
LANGUAGES = ("zh_CN", "en")
PLURAL_ONLY = frozenset({"en"})  # the source language: only its plural forms are translated


def tool(name: str) -> str:
    """``pyside6-<name>`` next to this Python, else on PATH."""
    beside = Path(sys.executable).parent / f"pyside6-{name}"
    found = str(beside) if beside.exists() else shutil.which(f"pyside6-{name}")
    if found is None:
        raise SystemExit(f"pyside6-{name} not found: install PySide6-Essentials")
    return found


def main(argv: list[str]) -> int:
    sources = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "desktop").rglob("*.py"))
    for language in LANGUAGES:
        ts = HERE / f"quire_{language}.ts"
        if "--release" not in argv:
            subprocess.run(
                [tool("lupdate"), "-no-obsolete", "-locations", "none",
                 *(["-pluralonly"] if language in PLURAL_ONLY else []), *sources,
                 "-target-language", language, "-ts", str(ts)],
                check=True,
                cwd=ROOT,
            )  # fmt: skip
        subprocess.run(
            [tool("lrelease"), str(ts), "-qm", str(HERE / f"quire_{language}.qm")], check=True
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
