"""Write the .NET resource fixtures of tests/data/resx/ and have .NET's own reader read them:

- ``mono.resx``: strings, a commented one, a WinForms form's entries and typed ones (a
  point, a number, bytes) written by ResXResourceWriter (Mono's System.Windows.Forms, run
  from tools/ResxFixtures.cs);
- ``weblate.resx``: strings written by translate-toolkit's .resx storage, which Weblate
  saves them with (Visual Studio's layout: ``xml:space="preserve"``, one element a line);
- for each, ``NAME.values.tsv``: every string entry as ResXResourceReader reads it, and
  ``NAME.fr.resx`` with ``NAME.fr.values.tsv``: Quire's output for the French of
  tests/fixtures/resx.py, and the reader's reading of it.

Needs Mono (Debian's mono-devel and libmono-system-windows-forms4.0-cil) and
translate-toolkit in the Python named by ``TTK_PYTHON`` (default ``python3``; it is GPL: kept
out of Quire's environments). The small files it writes are committed; the tests need none
of this.

    TTK_PYTHON=/tmp/ttk/bin/python python tools/make_resx_fixtures.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine.documents import open_document  # noqa: E402
from engine.documents.language import target_language  # noqa: E402
from tests.fixtures.resx import FRENCH  # noqa: E402

OUT = ROOT / "tests" / "data" / "resx"

WEBLATE = r"""
import sys
from translate.storage.resx import RESXFile, RESXUnit

store = RESXFile()
for name, text, note in [
    ("Greeting", "Hello, {0}! You have {1:N0} new messages.", "Shown on start"),
    ("Quote", 'Don\'t say "never" & <never> give up', None),
    ("Multi", "First line\nSecond line", None),
    ("Braces", "Use {{0}} to show {0}", None),
]:
    unit = RESXUnit(text)
    unit.setid(name)
    unit.target = text
    if note:
        unit.addnote(note)
    store.addunit(unit)
sys.stdout.buffer.write(bytes(store))
"""


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        program = Path(work) / "ResxFixtures.exe"
        subprocess.run(
            ["mcs", "-nologo", "-r:System.Windows.Forms.dll", "-r:System.Drawing.dll",
             "-r:System.Design.dll", str(ROOT / "tools" / "ResxFixtures.cs"), f"-out:{program}"],
            check=True,
        )  # fmt: skip
        subprocess.run(["mono", str(program), "write", str(OUT / "mono.resx")], check=True)
        python = os.environ.get("TTK_PYTHON", "python3")
        weblate = subprocess.run([python, "-c", WEBLATE], check=True, capture_output=True)
        (OUT / "weblate.resx").write_bytes(weblate.stdout)
        for name in ("mono", "weblate"):
            source = OUT / f"{name}.resx"
            document = open_document(source)
            texts = [FRENCH.get(unit.id, unit.text) for unit in document.units]
            french = OUT / f"{name}.fr.resx"
            french.write_bytes(document.write(texts, language=target_language("fr")))
            for path in (source, french):
                values = subprocess.run(
                    ["mono", str(program), "read", str(path)], check=True, capture_output=True
                ).stdout
                path.with_suffix(".values.tsv").write_bytes(values)
                print(f"wrote {path.relative_to(ROOT)} and its values")


if __name__ == "__main__":
    main()
