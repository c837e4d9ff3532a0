"""Write the producer test documents: the text of tests/fixtures/producers.py converted by
LibreOffice (headless) and by pandoc into tests/data/producers/, tests/data/fields/,
tests/data/code/, tests/data/rtl/ (whose Arabic needs a font for it, e.g. Debian's
fonts-sil-scheherazade), tests/data/tracked/ and tests/data/alt/. Run
once after changing that text (needs ``soffice`` and ``pandoc``, e.g. Debian's
libreoffice-writer-nogui, libreoffice-impress-nogui and pandoc); the small files it writes are
committed, so the tests and CI need neither tool.

    python tools/make_producer_fixtures.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fixtures import producers  # noqa: E402

OUT = ROOT / "tests" / "data" / "producers"
FIELDS = ROOT / "tests" / "data" / "fields"
CODE = ROOT / "tests" / "data" / "code"
RTL = ROOT / "tests" / "data" / "rtl"
TRACKED = ROOT / "tests" / "data" / "tracked"
ALT = ROOT / "tests" / "data" / "alt"
GLUED = ROOT / "tests" / "data" / "glued"


def soffice(source: Path, target: str, work: Path, infilter: str | None = None) -> Path:
    """``source`` converted by LibreOffice to ``target`` (an extension, optionally with a
    filter: ``docx:MS Word 2007 XML``), in ``work``; a private profile so a running
    LibreOffice is left alone."""
    profile = (work / "profile").as_uri()
    command = ["soffice", f"-env:UserInstallation={profile}", "--headless"]
    if infilter:
        command.append(f"--infilter={infilter}")
    out = work / "lo"
    command += ["--convert-to", target, "--outdir", str(out), str(source)]
    subprocess.run(command, check=True, capture_output=True, timeout=300)
    written = out / f"{source.stem}.{target.split(':')[0]}"
    if not written.is_file():
        raise SystemExit(f"LibreOffice wrote no {written.name}")
    return written


def pandoc(source: Path, target: Path, *extra: str) -> Path:
    subprocess.run(
        ["pandoc", "--from", "markdown", str(source), "-o", str(target), *extra],
        check=True,
        timeout=300,
    )
    return target


def main() -> int:
    for tool in ("soffice", "pandoc"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is not installed")
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        markdown = work / "report.md"
        markdown.write_text(producers.MARKDOWN, encoding="utf-8")
        html = work / "report.html"
        html.write_text(producers.HTML, encoding="utf-8")
        for ext in ("docx", "odt"):
            pandoc(markdown, OUT / f"pandoc.{ext}")
        pandoc(markdown, OUT / "pandoc.epub", "--metadata", f"title={producers.TITLE}")
        pandoc(markdown, OUT / "pandoc.pptx")
        writer = "HTML (StarWriter)"
        for target, ext in (("docx:MS Word 2007 XML", "docx"), ("odt", "odt"), ("epub", "epub")):
            shutil.copyfile(soffice(html, target, work, writer), OUT / f"libreoffice.{ext}")
        deck = work / "deck.pptx"
        shutil.copyfile(OUT / "pandoc.pptx", deck)
        for target, ext in (("pptx:Impress MS PowerPoint 2007 XML", "pptx"), ("odp", "odp")):
            shutil.copyfile(soffice(deck, target, work), OUT / f"libreoffice.{ext}")
    write_fields()
    write_code()
    write_rtl()
    write_tracked()
    write_alt()
    write_glued()
    for made in (OUT, FIELDS, CODE, RTL, TRACKED, ALT, GLUED):
        written = sorted(made.iterdir())
        for path in written:
            print(f"{path.relative_to(ROOT)}: {path.stat().st_size} bytes")
        print(f"total: {sum(p.stat().st_size for p in written)} bytes")
    return 0


DOCX = "docx:MS Word 2007 XML"
PPTX = "pptx:Impress MS PowerPoint 2007 XML"


def from_flat(out: Path, sources: dict[str, str], targets: list[tuple[str, str, str]]) -> None:
    """LibreOffice's conversions of flat ODF texts into ``out``: ``sources`` maps a file name
    (``x.fodt``) to its text, each target is (source name, LibreOffice target, extension of
    the ``libreoffice.EXT`` written)."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        for name, text in sources.items():
            (work / name).write_text(text, encoding="utf-8")
        for name, target, ext in targets:
            shutil.copyfile(soffice(work / name, target, work), out / f"libreoffice.{ext}")


def write_fields() -> None:
    """tests/data/fields/: fields (page numbers, a page count, a slide number, an input field,
    a content control) as LibreOffice writes them in .odt/.docx and .odp/.pptx, from the flat
    ODF files of tests/fixtures/producers.py."""
    sources = {"fields.fodt": producers.FIELDS_FODT, "fields.fodp": producers.FIELDS_FODP}
    targets = [
        ("fields.fodt", "odt", "odt"),
        ("fields.fodt", DOCX, "docx"),
        ("fields.fodp", "odp", "odp"),
        ("fields.fodp", PPTX, "pptx"),
    ]
    from_flat(FIELDS, sources, targets)


def from_markdown(out: Path, markdown_text: str, title: str) -> None:
    """pandoc's .docx, .odt, .epub and .html of ``markdown_text`` in ``out``, and LibreOffice's
    conversions of pandoc's .odt (to .docx) and .docx (to .odt)."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        markdown = work / "source.md"
        markdown.write_text(markdown_text, encoding="utf-8")
        for ext in ("docx", "odt", "epub", "html"):
            extra = (
                ("--standalone", "--metadata", f"title={title}") if ext in ("epub", "html") else ()
            )
            pandoc(markdown, out / f"pandoc.{ext}", *extra)
        for source, target, ext in (
            (out / "pandoc.odt", DOCX, "docx"),
            (out / "pandoc.docx", "odt", "odt"),
        ):
            copy = work / f"from-pandoc.{source.suffix[1:]}"
            shutil.copyfile(source, copy)
            shutil.copyfile(soffice(copy, target, work), out / f"libreoffice.{ext}")


def write_glued() -> None:
    """tests/data/glued/: formatting glued to a word (a link before its full stop, H₂O's
    subscript, a footnote's number), as pandoc and LibreOffice write it."""
    from_markdown(GLUED, producers.GLUED_MARKDOWN, "Glued")


def write_code() -> None:
    """tests/data/code/: inline code and a code block, as pandoc writes them from Markdown
    (.docx, .odt, .epub, .html) and LibreOffice converts pandoc's .docx and .odt."""
    from_markdown(CODE, producers.CODE_MARKDOWN, "Setup")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        # A plain-text file LibreOffice imports: every paragraph in "Preformatted Text".
        text = work / "letter.txt"
        text.write_text("\n\n".join(producers.PLAIN_LETTER) + "\n", encoding="utf-8")
        for target, ext in (("odt", "odt"), (DOCX, "docx")):
            written = soffice(text, target, work)
            shutil.copyfile(written, CODE / f"libreoffice-from-text.{ext}")


def write_rtl() -> None:
    """tests/data/rtl/libreoffice.pdf: Arabic and Hebrew paragraphs (and a Hebrew phrase in
    an English one) as LibreOffice lays them out in a PDF."""
    from_flat(RTL, {"rtl.fodt": producers.RTL_FODT}, [("rtl.fodt", "pdf", "pdf")])


def write_tracked() -> None:
    """tests/data/tracked/: a deletion and an insertion recorded as tracked changes, as
    LibreOffice writes them in .odt and .docx."""
    targets = [("tracked.fodt", "odt", "odt"), ("tracked.fodt", DOCX, "docx")]
    from_flat(TRACKED, {"tracked.fodt": producers.TRACKED_FODT}, targets)


def write_alt() -> None:
    """tests/data/alt/: an image with a title and a description (its alt text), as
    LibreOffice writes it in .odt, .docx and .pptx."""
    sources = {"alt.fodt": producers.ALT_FODT, "alt.fodp": producers.ALT_FODP}
    targets = [("alt.fodt", "odt", "odt"), ("alt.fodt", DOCX, "docx"), ("alt.fodp", PPTX, "pptx")]
    from_flat(ALT, sources, targets)


if __name__ == "__main__":
    raise SystemExit(main())
