"""Write the Android string resource fixtures of tests/data/android/ and have Android's own
resource compiler read them:

- ``weblate.xml``: strings written by translate-toolkit's Android storage, the writer
  Weblate and Pootle save Android files with (its escaping of quotes, ``@``, ``?``, markup);
- ``studio.xml``: strings as a developer types them in Android Studio (kept in this
  repository as it was typed: xliff:g, CDATA, markup, a quoted string, arrays, plurals,
  references, a commented-out string, resources of other kinds);
- for each, ``NAME.aapt.json``: every string as aapt compiled it (``aapt dump --values``),
  and ``NAME.fr.xml`` with ``NAME.fr.aapt.json``: Quire's output for the French of
  tests/fixtures/android.py, and aapt's reading of it. aapt refusing a file (an apostrophe
  not escaped) fails this script.

Needs ``aapt`` (Debian's aapt package) and translate-toolkit in the Python named by
``TTK_PYTHON`` (default ``python3``; translate-toolkit is GPL: kept out of Quire's
environments). The small files it writes are committed; the tests need none of this.

    TTK_PYTHON=/tmp/ttk/bin/python python tools/make_android_fixtures.py
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine.documents import open_document  # noqa: E402
from engine.documents.language import target_language  # noqa: E402
from tests.fixtures.android import FRENCH  # noqa: E402

OUT = ROOT / "tests" / "data" / "android"

WEBLATE = r"""
import sys
from translate.misc.multistring import multistring
from translate.storage.aresource import AndroidResourceFile, AndroidResourceUnit

store = AndroidResourceFile()
store.settargetlanguage("en")
for name, text in [
    ("greeting", 'Don\'t forget: "Quire" works offline.'),
    ("two_lines", "First line\nSecond line"),
    ("at_home", "@home is where your files stay"),
    ("bold", "Open <b>Settings</b> & choose a model"),
    ("spaces", "  indented  text "),
    ("percent", "%1$s of %2$d files (100%%)"),
    ("question", "?Really delete it?"),
]:
    unit = AndroidResourceUnit(text)
    unit.setid(name)
    unit.target = text
    store.addunit(unit)
forms = ["%d file translated", "%d files translated"]
unit = AndroidResourceUnit(multistring(forms))
unit.setid("files")
store.addunit(unit)
unit.target = multistring(forms)
sys.stdout.buffer.write(bytes(store))
"""

MANIFEST = (
    '<manifest xmlns:android="http://schemas.android.com/apk/res/android" '
    'package="org.quire.fixtures"/>\n'
)
# aapt's keys of a plural's quantities.
QUANTITIES = {4: "other", 5: "zero", 6: "one", 7: "two", 8: "few", 9: "many"}


def aapt_values(xml: bytes) -> dict[str, str]:
    """The strings of a resource file as aapt compiles them, by Quire's unit ids (``name``,
    ``array[0]``, ``plurals[one]``); a reference as ``@0x7f…``."""
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        (folder / "res" / "values").mkdir(parents=True)
        (folder / "res" / "values" / "strings.xml").write_bytes(xml)
        (folder / "AndroidManifest.xml").write_text(MANIFEST)
        run = ["aapt", "package", "-f", "-M", "AndroidManifest.xml", "-S", "res"]
        subprocess.run([*run, "-F", "out.apk"], cwd=folder, check=True)
        dump = subprocess.run(
            ["aapt", "dump", "--values", "resources", "out.apk"],
            cwd=folder,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    values: dict[str, str] = {}
    name = ""
    for line in dump.splitlines():
        resource = re.search(r":(string|array|plurals)/(\S+?):", line)
        if resource is not None and "spec resource" not in line:
            name = resource.group(2)
            continue
        value = re.search(r'\(string16\) "(.*)"$', line)
        reference = re.search(r"\(reference\) (0x[0-9a-f]+)$", line)
        if value is None and reference is None:
            continue
        shown = value.group(1) if value is not None else f"@{reference.group(1)}"  # type: ignore[union-attr]
        item = re.match(r"\s*#(\d+) \(Key=0x(\w+)\)", line)
        if item is None:
            values[name] = shown
        elif int(item.group(2), 16) >> 24 == 1:
            values[f"{name}[{QUANTITIES[int(item.group(2), 16) & 0xFFFF]}]"] = shown
        else:
            values[f"{name}[{item.group(1)}]"] = shown
    return values


def write(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    print(f"wrote {path.relative_to(ROOT)}")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    python = os.environ.get("TTK_PYTHON", "python3")
    written = subprocess.run([python, "-c", WEBLATE], check=True, capture_output=True).stdout
    write(OUT / "weblate.xml", written)
    for name in ("studio", "weblate"):
        source = OUT / f"{name}.xml"
        values = aapt_values(source.read_bytes())
        write(OUT / f"{name}.aapt.json", _json(values))
        document = open_document(source)
        texts = [FRENCH.get(unit.id, unit.text) for unit in document.units]
        french = document.write(texts, language=target_language("fr"))
        write(OUT / f"{name}.fr.xml", french)
        write(OUT / f"{name}.fr.aapt.json", _json(aapt_values(french)))


def _json(values: dict[str, str]) -> bytes:
    return (json.dumps(values, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()


if __name__ == "__main__":
    main()
