"""Refresh the translation sources from the code, then compile them for the app.

    .venv/bin/python resources/translations/update.py          # lupdate + lrelease
    .venv/bin/python resources/translations/update.py --release  # lrelease only

lupdate adds new strings to ``quire_<lang>.ts`` (keeping existing translations); translate
them with Qt Linguist (``pyside6-linguist``), then run this again to rebuild the ``.qm`` files
the app loads. Both tools ship with PySide6-Essentials.

``quire_en.ts`` holds only the English plural forms ("1 file", "3 files") of the strings that
count something (``self.tr("%n file(s) ...", "", n)``): lupdate's ``-pluralonly``.

The catalog's descriptions are data, and lupdate reads only code: this script first writes
them into ``desktop/catalog_strings.py`` (``QT_TRANSLATE_NOOP("Catalog", …)``), where it finds
them; the catalog tab shows each through ``QCoreApplication.translate("Catalog", …)``.
"""

from __future__ import annotations

import json
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


CATALOG_STRINGS = ROOT / "desktop" / "catalog_strings.py"


def catalog_strings() -> str:
    """``desktop/catalog_strings.py`` as the shipped catalog makes it."""
    catalog = json.loads((ROOT / "resources" / "catalog.json").read_text(encoding="utf-8"))
    lines = [
        '"""The catalog\'s descriptions, for Qt\'s translation tools (lupdate reads only code).',
        "Written by resources/translations/update.py from resources/catalog.json: do not edit.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "from PySide6.QtCore import QT_TRANSLATE_NOOP",
        "",
        "DESCRIPTIONS = (",
        *(
            f'    QT_TRANSLATE_NOOP(\n        "Catalog",\n        {text},\n    ),'
            for text in (
                json.dumps(m["description"], ensure_ascii=False) for m in catalog["models"]
            )
        ),
        ")",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if "--release" not in argv:
        CATALOG_STRINGS.write_text(catalog_strings(), encoding="utf-8")
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
