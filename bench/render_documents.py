"""Render a test .docx and .pptx (and their translations, plain and bilingual) to PNG with
LibreOffice and pdftoppm, to look at the layout. The "translation" wraps each unit in ⟦…⟧ and
upper-cases it, so every translated run is visibly different and longer.

    PYTHONPATH=. .venv/bin/python bench/render_documents.py OUT_DIR
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from engine.documents import open_document
from engine.fileio import write_atomic
from tests.fixtures import documents as build


def translate(text: str) -> str:
    return f"⟦{text.upper()}⟧"


def render(document: Path, out: Path, profile: Path) -> list[Path]:
    """Every page of ``document`` as PNG files in ``out`` (LibreOffice → PDF → pdftoppm)."""
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(document),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = out / f"{document.stem}.pdf"
    prefix = out / document.stem
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(prefix)], check=True, timeout=120)
    return sorted(out.glob(f"{document.stem}-*.png"))


def main(folder: Path) -> None:
    if not (shutil.which("soffice") and shutil.which("pdftoppm")):
        sys.exit("needs LibreOffice (soffice) and poppler (pdftoppm)")
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as profile:
        for ext, make in ((".docx", build.docx_file), (".pptx", build.pptx_file)):
            source = make(folder / f"sample-{ext[1:]}{ext}")
            document = open_document(source)
            translations = [translate(u.text) for u in document.units]
            outputs = [source]
            for bilingual, name in ((False, "translated"), (True, "bilingual")):
                target = folder / f"sample-{ext[1:]}-{name}{ext}"
                write_atomic(target, document.write(translations, bilingual=bilingual))
                outputs.append(target)
            for path in outputs:
                for png in render(path, folder, Path(profile)):
                    print(png)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "render-out"))
