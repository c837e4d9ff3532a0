"""Remake tests/data/pdf/ (see its README.md): PDFs copied as their producers wrote them
from checkouts of py-pdf/sample-files (CC-BY-SA-4.0) and mozilla/pdf.js (Apache-2.0), and
LibreOffice's PDFs of two Word documents from apache/poi (Apache-2.0).

    python tools/make_pdf_fixtures.py PATH_TO_SAMPLE_FILES PATH_TO_PDFJS PATH_TO_POI

Each path is a checkout (or a bare mirror: its HEAD is read with git). Needs ``soffice``.
LibreOffice dates its PDFs, so a remade one differs from the committed one in its dates."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "pdf"

# fixture name -> (which checkout, the path in it)
COPIED = {
    "pdflatex-4-pages.pdf": (0, "004-pdflatex-4-pages/pdflatex-4-pages.pdf"),
    "multicolumn.pdf": (0, "026-latex-multicolumn/multicolumn.pdf"),
    "hello_world_rotated.pdf": (1, "test/pdfs/hello_world_rotated.pdf"),
    "textfields.pdf": (1, "test/pdfs/textfields.pdf"),
}
# fixture name -> the Word document in apache/poi that LibreOffice converts
CONVERTED = {
    "SimpleHeadThreeColFoot.pdf": "test-data/document/SimpleHeadThreeColFoot.docx",
    "ComplexNumberedLists.pdf": "test-data/document/ComplexNumberedLists.docx",
}


def read(checkout: Path, path: str) -> bytes:
    if (checkout / path).is_file():
        return (checkout / path).read_bytes()
    return subprocess.run(
        ["git", f"--git-dir={checkout}", "show", f"HEAD:{path}"], check=True, capture_output=True
    ).stdout


def main() -> None:
    checkouts = [Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])]
    DATA.mkdir(parents=True, exist_ok=True)
    for name, (which, path) in COPIED.items():
        (DATA / name).write_bytes(read(checkouts[which], path))
    with tempfile.TemporaryDirectory() as work:
        for name, path in CONVERTED.items():
            source = Path(work) / Path(name).with_suffix(".docx")
            source.write_bytes(read(checkouts[2], path))
            profile = Path(work, "profile").as_uri()  # (beside another LibreOffice running)
            subprocess.run(
                ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                 "pdf", "--outdir", str(DATA), str(source)],
                check=True,
                capture_output=True,
            )  # fmt: skip


if __name__ == "__main__":
    main()
