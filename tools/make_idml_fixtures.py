"""Remake tests/data/idml/ (see its README.md): InDesign's own IDML files from a checkout of
Okapi (Apache-2.0; its IDML filter's test files, written by InDesign CS4 to CC 2017), one of
them with a condition hidden, and an InCopy story (ICML) pandoc writes.

    python tools/make_idml_fixtures.py PATH_TO_OKAPI

Needs ``pandoc``."""

from __future__ import annotations

import copy
import io
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from lxml import etree

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "idml"
RESOURCES = "okapi/filters/idml/src/test/resources"
COPIED = {
    "footnotes.idml": "09-footnotes.idml",
    "tables.idml": "10-tables.idml",
    "variables.idml": "Test02.idml",
    "hyperlinks.idml": "03-hyperlink-and-table-content.idml",
    "master.idml": "01-pages-with-text-frames.idml",
    "tracked-changes.idml": "change-tracking-3.idml",
    "ordering.idml": "935-complex-ordering-without-anchor-points.idml",
}
# Okapi's integration tests' files, by the path from the checkout's root.
INTEGRATION = {
    "crossreferences.idml": "okapi-integration-tests/src/test/resources/idml/"
    "links_crossreferences.idml",
}
# A brochure's text as pandoc reads it: a heading, a bold and an italic word, a footnote, a
# table and a link.
BROCHURE = """\
# A brochure

The **new** release of *Quire* is here.[^1]

| Name | Price |
|------|-------|
| Tea  | 3     |

See [our site](https://example.org).

[^1]: Released in May.
"""


def hidden_condition(source: Path, target: Path, condition: str) -> None:
    """``source`` with ``condition`` set not to show (as InDesign's Conditional Text panel
    hides one), designmap.xml rewritten by lxml, every other entry copied as it was."""
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(target, "w") as out:
        for info in archive.infolist():
            payload = archive.read(info.filename)
            if info.filename == "designmap.xml":
                root = etree.parse(io.BytesIO(payload)).getroot()
                for found in root.iter("Condition"):
                    if found.get("Name") == condition:
                        found.set("Visible", "false")
                payload = etree.tostring(
                    root.getroottree(), xml_declaration=True, encoding="UTF-8", standalone=True
                )
            out.writestr(copy.copy(info), payload)


def main(okapi: Path) -> None:
    DATA.mkdir(parents=True, exist_ok=True)
    for name, source in COPIED.items():
        shutil.copyfile(okapi / RESOURCES / source, DATA / name)
    for name, source in INTEGRATION.items():
        shutil.copyfile(okapi / source, DATA / name)
    hidden_condition(
        okapi / RESOURCES / "ConditionalText.idml", DATA / "conditions.idml", "Web Only"
    )
    with tempfile.TemporaryDirectory() as folder:
        markdown = Path(folder) / "brochure.md"
        markdown.write_text(BROCHURE, encoding="utf-8")
        subprocess.run(
            ["pandoc", "-s", str(markdown), "-t", "icml", "-o", str(DATA / "brochure.icml")],
            check=True,
        )


if __name__ == "__main__":
    main(Path(sys.argv[1]))
