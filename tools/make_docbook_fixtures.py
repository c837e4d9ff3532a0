"""Remake tests/data/docbook/ and tests/data/dita/ (see their README.md): pandoc's DocBook 4
and 5 (and JATS) of guide.md, and DITA-OT's user guide's topics and maps, copied from a checkout of
dita-ot/docs (Apache-2.0) as they are.

    python tools/make_docbook_fixtures.py PATH_TO_DITA_OT_DOCS

Needs ``pandoc`` (2.17 made the committed files)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent / "tests" / "data"
DITA_FILES = [
    "topics/creating-docker-images.dita",  # a task: steps, codeblocks, keyrefs, conkeyrefs
    "topics/installing-via-homebrew.dita",  # a footnote inside a note's sentence
    "reference/gloss-argument.dita",  # a glossary entry
    "topics/dita-ot-day-2014.ditamap",  # a map's topicmeta: navtitle, linktext
    "release-notes/rel1.0.1.dita",  # a <reference>: DOCTYPE, ditaarch namespace
    "reference/books.dita",  # RELAX NG's xml-model instructions, no DOCTYPE
]


def main(docs: Path) -> None:
    source = TESTS / "docbook" / "guide.md"
    writers = (
        ("docbook4", "guide-db4.xml"),
        ("docbook5", "guide-db5.xml"),
        ("jats", "guide-jats.xml"),
    )
    for writer, name in writers:
        subprocess.run(
            ["pandoc", "-s", str(source), "-t", writer, "-o", str(TESTS / "docbook" / name)],
            check=True,
        )
    for path in DITA_FILES:
        shutil.copyfile(docs / path, TESTS / "dita" / Path(path).name)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
