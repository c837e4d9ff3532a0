"""Translate the test documents (python-docx/python-pptx/odfpy-built, strict Office Open XML,
and the LibreOffice and pandoc ones under tests/data/producers) with an upper-casing
translator, plainly and bilingually, and have LibreOffice (headless) convert every output to
PDF: a file LibreOffice cannot open gives no PDF, or one without the translated text.
LibreOffice writes EPUB but does not open it: EPUB outputs go to epubcheck instead.

    python tools/check_outputs_in_libreoffice.py [FOLDER]   # soffice, pdftotext, epubcheck
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine.documents import open_document, translate_file  # noqa: E402
from tests.fixtures import documents as build  # noqa: E402


def upper(texts: Sequence[str]) -> list[str]:
    return [t.upper() for t in texts]


def inputs(folder: Path) -> list[Path]:
    made = [
        build.docx_file(folder / "built.docx"),
        build.pptx_file(folder / "built.pptx"),
        build.odt_file(folder / "built.odt"),
        build.odp_file(folder / "built.odp"),
        build.epub_file(folder / "built.epub"),
    ]
    for path in made[:2]:
        strict = folder / f"strict{path.suffix}"
        strict.write_bytes(build.strict_ooxml(path.read_bytes()))
        made.append(strict)
    producers = ROOT / "tests" / "data" / "producers"
    for path in sorted(producers.iterdir()):
        made.append(Path(shutil.copy(path, folder / path.name)))
    return made


def _epub_problems(path: Path) -> set[str]:
    """epubcheck's errors and warnings for a book, without the book's name and positions (to
    compare a translation's with its source's: the test books have problems of their own)."""
    # Debian's epubcheck is a jar linked onto PATH: run it through java.
    jar = Path(shutil.which("epubcheck") or "epubcheck").resolve()
    check = subprocess.run(["java", "-jar", str(jar), str(path)], capture_output=True, text=True)
    problems = set()
    for line in (check.stdout + check.stderr).splitlines():
        if line.startswith(("ERROR", "FATAL", "WARNING")):
            line = re.sub(r"\(\d+,\d+\)", "", line.replace(str(path), "BOOK"))
            problems.add(line)
    return problems


def main(argv: list[str]) -> int:
    work = Path(argv[0]) if argv else Path(tempfile.mkdtemp(prefix="quire-lo-"))
    sources, outputs = work / "in", work / "out"
    sources.mkdir(parents=True, exist_ok=True)
    outputs.mkdir(parents=True, exist_ok=True)
    written: list[tuple[Path, str]] = []
    originals = inputs(sources)
    sources_of: list[Path] = []
    for path in originals:
        document = open_document(path)
        sample = next(u.text for u in document.units if u.text.upper() != u.text)
        for bilingual in (False, True):
            # One PDF per output: the name holds the format too.
            kind = f"{path.stem}-{path.suffix[1:]}{'-bilingual' if bilingual else ''}"
            out = outputs / f"{kind}{path.suffix}"
            translate_file(path, out, upper, bilingual=bilingual)
            written.append((out, " ".join(sample.upper().split())))
            sources_of.append(path)
    pdfs = work / "pdf"
    profile = (work / "profile").as_uri()
    books = [(p, sources_of[n]) for n, (p, _) in enumerate(written) if p.suffix == ".epub"]
    written = [(p, sample) for p, sample in written if p.suffix != ".epub"]
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(pdfs), *(str(p) for p, _ in written)],
        check=True, capture_output=True, timeout=600,
    )  # fmt: skip
    failed = 0
    for book, source in books:
        new = _epub_problems(book) - _epub_problems(source)
        failed += bool(new)
        print(f"{'FAIL' if new else 'ok  '} {book.name}: epubcheck: {len(new)} new problems")
        for line in sorted(new):
            print(f"       {line}")
    for out, sample in written:
        pdf = pdfs / f"{out.stem}.pdf"
        text = ""
        if pdf.is_file():
            text = subprocess.run(
                ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=False
            ).stdout
        ok = sample in " ".join(text.split())
        failed += not ok
        size = pdf.stat().st_size if pdf.is_file() else 0
        print(f"{'ok  ' if ok else 'FAIL'} {out.name}: {size} bytes of PDF")
    print(f"{len(written) + len(books) - failed} of {len(written) + len(books)} outputs passed")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
