"""Write the producer test documents: the text of tests/fixtures/producers.py converted by
LibreOffice (headless) and by pandoc into tests/data/producers/, tests/data/fields/,
tests/data/code/, tests/data/rtl/ (whose Arabic needs a font for it, e.g. Debian's
fonts-sil-scheherazade), tests/data/spacing/ (its Chinese: fonts-noto-cjk),
tests/data/tracked/, tests/data/alt/ and tests/data/glued/, tests/data/sheets/ (the same
workbook by XlsxWriter, openpyxl and LibreOffice Calc), tests/data/locked/ (a text saved with
a password, through LibreOffice's API: needs python3-uno), tests/data/glossary/ (a sheet of
terms as Calc exports it), tests/data/subtitles/ (pysubs2's .ass and .ssa) and
tests/data/math/ (pandoc's and LibreOffice's Office Math). Run once after changing that
text (needs ``soffice`` and ``pandoc``, e.g. Debian's libreoffice-writer-nogui,
libreoffice-impress-nogui, libreoffice-calc-nogui and pandoc, and the XlsxWriter, openpyxl
and pysubs2 packages); the small files it writes are committed, so the tests and CI need
none of them.

    python tools/make_producer_fixtures.py
"""

from __future__ import annotations

import json
import os
import re
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
SPACING = ROOT / "tests" / "data" / "spacing"
TRACKED = ROOT / "tests" / "data" / "tracked"
ALT = ROOT / "tests" / "data" / "alt"
GLUED = ROOT / "tests" / "data" / "glued"
SHEETS = ROOT / "tests" / "data" / "sheets"
LOCKED = ROOT / "tests" / "data" / "locked"
GLOSSARY = ROOT / "tests" / "data" / "glossary"
SUBTITLES = ROOT / "tests" / "data" / "subtitles"
MATH = ROOT / "tests" / "data" / "math"
ESCAPES = ROOT / "tests" / "data" / "escapes"
CATALOGS = ROOT / "tests" / "data" / "po"
XLIFF = ROOT / "tests" / "data" / "xliff"
LINGUIST = ROOT / "tests" / "data" / "linguist"
JSON = ROOT / "tests" / "data" / "json"
VARIANTS = ROOT / "tests" / "data" / "variants"
RTF = ROOT / "tests" / "data" / "rtf"
NOTES = ROOT / "tests" / "data" / "notes"
FLAT = ROOT / "tests" / "data" / "flat"
# The languages whose Plural-Forms msginit's table gives (po.msginit-plural-forms.tsv).
PLURAL_LANGUAGES = ("ja", "ko", "vi", "fr", "pt_BR", "ru", "uk", "be", "sr", "hr", "pl", "cs",
                    "sk", "lt", "lv", "ro", "sl", "ga", "de", "es", "it", "nl", "tr")  # fmt: skip


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
    write_spacing()
    write_reportlab()
    write_lists()
    write_tracked()
    write_alt()
    write_glued()
    write_sheets()
    write_locked()
    write_glossaries()
    write_subtitles()
    write_math()
    write_escapes()
    write_catalogs()
    write_xliff()
    write_json()
    write_variants()
    write_rtf()
    write_flat()
    write_notes()
    write_master_pptx()
    if shutil.which("npm") is not None:  # (SheetJS is an npm package)
        write_sheetjs()
    made_all = (
        *(OUT, FIELDS, CODE, RTL, SPACING, TRACKED, ALT, GLUED, SHEETS, LOCKED, GLOSSARY),
        *(SUBTITLES, MATH, ESCAPES, CATALOGS, XLIFF, LINGUIST, JSON, VARIANTS, RTF, FLAT),
        *(NOTES, ROOT / "tests" / "data" / "masters"),
    )
    for made in made_all:
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


def write_notes() -> None:
    """tests/data/notes/: a footnote and a comment inside a sentence, as LibreOffice writes
    them in .html and .epub."""
    targets = [("notes.fodt", "html", "html"), ("notes.fodt", "epub", "epub")]
    from_flat(NOTES, {"notes.fodt": producers.NOTES_FODT}, targets)


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
    (.docx, .odt, .epub, .html) and LibreOffice converts pandoc's .docx and .odt (and the
    .docx to Rich Text, its styles named in its style sheet)."""
    from_markdown(CODE, producers.CODE_MARKDOWN, "Setup")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        copy = work / "from-pandoc.docx"
        shutil.copyfile(CODE / "pandoc.docx", copy)
        shutil.copyfile(soffice(copy, "rtf", work), CODE / "libreoffice.rtf")
        # A plain-text file LibreOffice imports: every paragraph in "Preformatted Text".
        text = work / "letter.txt"
        text.write_text("\n\n".join(producers.PLAIN_LETTER) + "\n", encoding="utf-8")
        for target, ext in (("odt", "odt"), (DOCX, "docx"), ("rtf", "rtf")):
            written = soffice(text, target, work)
            shutil.copyfile(written, CODE / f"libreoffice-from-text.{ext}")


def write_rtl() -> None:
    """tests/data/rtl/libreoffice.pdf: Arabic and Hebrew paragraphs (and a Hebrew phrase in
    an English one) as LibreOffice lays them out in a PDF."""
    from_flat(RTL, {"rtl.fodt": producers.RTL_FODT}, [("rtl.fodt", "pdf", "pdf")])


def write_spacing() -> None:
    """tests/data/spacing/libreoffice.pdf: paragraphs with no space between them;
    tests/data/spacing/indented.pdf: paragraphs that indent their first line instead, and a
    hanging indent; tests/data/spacing/cjk.pdf: Chinese and Japanese with Word's line spacing;
    novel.pdf, paper.pdf, japanese.pdf and pages.pdf: producers.NOVEL_FODT, PAPER_FODT,
    JAPANESE_FODT, PAGES_FODT (a paragraph running on to the next page); uniform.pdf:
    UNIFORM_FODT (the same space after every paragraph, some ending on a full line)."""
    from_flat(SPACING, {"spacing.fodt": producers.SPACING_FODT}, [("spacing.fodt", "pdf", "pdf")])
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        for name, text in (
            ("indented", producers.INDENTED_FODT),
            ("cjk", producers.CJK_FODT),
            ("novel", producers.NOVEL_FODT),
            ("paper", producers.PAPER_FODT),
            ("japanese", producers.JAPANESE_FODT),
            ("pages", producers.PAGES_FODT),
            ("uniform", producers.UNIFORM_FODT),
        ):
            source = work / f"{name}.fodt"
            source.write_text(text, encoding="utf-8")
            shutil.copyfile(soffice(source, "pdf", work), SPACING / f"{name}.pdf")


# Saving with a password needs LibreOffice's own API (UNO): run by a Python that has it (on
# Debian the system's, python3-uno), with a LibreOffice of its own in a scratch profile.
_SAVE_LOCKED = r"""
import subprocess, sys, time, uno
from com.sun.star.beans import PropertyValue
def prop(name, value):
    p = PropertyValue(); p.Name = name; p.Value = value; return p
out, profile = sys.argv[1], sys.argv[2]
office = subprocess.Popen(["soffice", "--headless", "--invisible", "--norestore",
    "-env:UserInstallation=" + uno.systemPathToFileUrl(profile),
    "--accept=pipe,name=quirelocked;urp;"])
local = uno.getComponentContext()
resolver = local.ServiceManager.createInstanceWithContext(
    "com.sun.star.bridge.UnoUrlResolver", local)
for _ in range(120):
    try:
        ctx = resolver.resolve("uno:pipe,name=quirelocked;urp;StarOffice.ComponentContext")
        break
    except Exception:
        time.sleep(0.5)
desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
doc = desktop.loadComponentFromURL("private:factory/swriter", "_blank", 0,
                                   (prop("Hidden", True),))
doc.getText().setString("A confidential letter.")
doc.storeToURL(uno.systemPathToFileUrl(out),
               (prop("FilterName", "writer8"), prop("Password", "secret")))
doc.close(True)
try:
    desktop.terminate()
except Exception:
    pass
office.wait(timeout=60)
"""


def write_locked() -> None:
    """tests/data/locked/libreoffice.odt: a text saved by LibreOffice with a password
    ("secret"), through its API as File > Save As > Save with password does."""
    LOCKED.mkdir(parents=True, exist_ok=True)
    python = os.environ.get("QUIRE_UNO_PYTHON", "/usr/bin/python3")
    with tempfile.TemporaryDirectory() as profile:
        out = LOCKED / "libreoffice.odt"
        subprocess.run([python, "-c", _SAVE_LOCKED, str(out), profile], check=True, timeout=300)


def write_glossaries() -> None:
    """tests/data/glossary/: a two-column sheet of terms (tests/fixtures/producers.py's
    GLOSSARY_TERMS, with its header row) saved by LibreOffice Calc as spreadsheets' users
    save one: CSV with semicolons in windows-1252 (Excel's CSV where the decimal mark is a
    comma), tab-separated UTF-16 with a byte order mark (Excel's "Unicode Text") and
    tab-separated windows-1252 (Excel's "Text (Tab delimited)")."""
    import openpyxl

    GLOSSARY.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        book = openpyxl.Workbook()
        sheet = book.active
        assert sheet is not None
        for row in [("term", "translation"), *producers.GLOSSARY_TERMS]:
            sheet.append(row)
        book.save(work / "terms.xlsx")
        # Calc's text filter options: field separator, text delimiter (34: "), character set
        # (1: windows-1252, 65535: UTF-16).
        for target, name in (
            ("csv:Text - txt - csv (StarCalc):59,34,1", "semicolon.csv"),
            ("txt:Text - txt - csv (StarCalc):9,34,65535", "unicode-text.txt"),
            ("txt:Text - txt - csv (StarCalc):9,34,1", "tab-delimited.txt"),
        ):
            shutil.copyfile(soffice(work / "terms.xlsx", target, work), GLOSSARY / name)


def write_subtitles() -> None:
    """tests/data/subtitles/pysubs2.ass and .ssa: producers.ASS_EVENTS as pysubs2 writes
    them (Advanced SubStation Alpha v4+ and SubStation Alpha v4, Aegisub's layout);
    pysubs2-lines.srt, .vtt, .ass, .ttml and .sub (MicroDVD, 23.976 frames a second):
    producers.LINES_EVENTS, and ffmpeg-lines.ttml:
    ffmpeg's TTML of that .srt (needs ffmpeg); gaupol-lines.sub and gaupol-microdvd-lines.sub:
    Gaupol's SubViewer 2.0 and MicroDVD of it, its MPL2 (.txt, as subtitle sites hand it
    out) and its LRC lyrics (needs python3-aeidon)."""
    import pysubs2

    SUBTITLES.mkdir(parents=True, exist_ok=True)
    script = pysubs2.SSAFile()
    script.info["Title"] = "Quire test"
    for start, end, kind, text in producers.ASS_EVENTS:
        event = pysubs2.SSAEvent(start=start, end=end, text=text)
        if kind == "Comment":
            event.type = "Comment"
        script.events.append(event)
    for ext in ("ass", "ssa"):
        script.save(str(SUBTITLES / f"pysubs2.{ext}"))
    lines = pysubs2.SSAFile()
    lines.events += [pysubs2.SSAEvent(start=a, end=b, text=t) for a, b, t in producers.LINES_EVENTS]
    for ext in ("srt", "vtt", "ass", "ttml"):
        lines.save(str(SUBTITLES / f"pysubs2-lines.{ext}"))
    lines.save(str(SUBTITLES / "pysubs2-lines.sub"), format_="microdvd", fps=23.976)
    # Gaupol's SubViewer 2.0 and MicroDVD of that .srt (its library, aeidon: Debian's
    # python3-aeidon, for the system Python).
    gaupol = (
        "import aeidon, sys\n"
        "kinds = ('SUBVIEWER2', 'MICRODVD', 'MPL2', 'LRC')\n"
        "for name, out in zip(kinds, sys.argv[2:], strict=True):\n"
        "    fps = 'FPS_23_976' if name == 'MICRODVD' else None\n"
        "    project = aeidon.Project()\n"
        "    project.open_main(sys.argv[1], 'utf_8')\n"
        "    made = aeidon.files.new(getattr(aeidon.formats, name), out, 'utf_8')\n"
        "    if fps: made.framerate = getattr(aeidon.framerates, fps)\n"
        "    project.save_main(made)\n"
    )
    names = ("gaupol-lines.sub", "gaupol-microdvd-lines.sub", "gaupol-mpl2.txt", "gaupol.lrc")
    targets = [str(SUBTITLES / n) for n in names]
    source = str(SUBTITLES / "pysubs2-lines.srt")
    subprocess.run(["/usr/bin/python3", "-c", gaupol, source, *targets], check=True, timeout=300)
    # ffmpeg's TTML of the same cues (it drops the italics; each cue's text in a span).
    if shutil.which("ffmpeg") is None:
        raise SystemExit("ffmpeg is needed for tests/data/subtitles/ffmpeg-lines.ttml")
    subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-i",
                    str(SUBTITLES / "pysubs2-lines.srt"), str(SUBTITLES / "ffmpeg-lines.ttml")],
                   check=True, timeout=300)  # fmt: skip


def write_math() -> None:
    """tests/data/math/: producers.MATH_MARKDOWN, its TeX math as Office Math, by pandoc, and
    that file saved again by LibreOffice (which reads the equations and writes its own) as
    .docx and as .odt (LibreOffice Math objects); pandoc's .html and .epub of it (MathML)."""
    MATH.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        source = work / "math.md"
        source.write_text(producers.MATH_MARKDOWN, encoding="utf-8")
        pandoc(source, MATH / "pandoc.docx")
        for ext in ("html", "epub"):  # MathML, with the TeX as its annotation
            pandoc(source, MATH / f"pandoc.{ext}", "-s", "--mathml", "--metadata", "title=Math")
        shutil.copyfile(MATH / "pandoc.docx", work / "math.docx")
        shutil.copyfile(soffice(work / "math.docx", DOCX, work), MATH / "libreoffice.docx")
        shutil.copyfile(soffice(work / "math.docx", "odt", work), MATH / "libreoffice.odt")


def write_escapes() -> None:
    """tests/data/escapes/: producers.ESCAPES_HTML as pandoc writes it in its own Markdown
    and in GitHub's (``\\$5``, ``3 \\< 4``, ``\\*``, ``\\[1\\]``, a cell's ``\\|``)."""
    ESCAPES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "escapes.html"
        source.write_text(producers.ESCAPES_HTML, encoding="utf-8")
        for writer, name in (("markdown", "pandoc.md"), ("gfm", "pandoc-gfm.md")):
            subprocess.run(
                [
                    "pandoc",
                    "--from",
                    "html",
                    "--to",
                    writer,
                    str(source),
                    "-o",
                    str(ESCAPES / name),
                ],
                check=True,
                timeout=300,
            )


def write_catalogs() -> None:
    """tests/data/po/: producers.CATALOG_SOURCE as gettext's tools make catalogs of it:
    xgettext's template (app.pot), msginit's German and Russian catalogs (de.po, ru.po), and
    msgmerge's merge of a half-translated German catalog with the changed program's template
    (merged.de.po); pybabel's template of it (babel.pot, if Babel is installed); and the
    Plural-Forms msginit writes for each of PLURAL_LANGUAGES (msginit-plural-forms.tsv)."""
    for tool in ("xgettext", "msginit", "msgmerge"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is not installed (Debian: gettext)")
    CATALOGS.mkdir(parents=True, exist_ok=True)

    def run(*command: str, cwd: Path) -> None:
        subprocess.run(command, check=True, timeout=120, cwd=cwd, capture_output=True)

    def template(folder: Path, source: str, out: Path) -> None:
        (folder / "app.py").write_text(source, encoding="utf-8")
        run("xgettext", "--language=Python", "--keyword=pgettext:1c,2",
            "--add-comments=TRANSLATORS", "--from-code=UTF-8", "-o", str(out), "app.py",
            cwd=folder)  # fmt: skip
        # (xgettext leaves the charset a placeholder until a translator names one.)
        out.write_text(out.read_text("utf-8").replace("charset=CHARSET", "charset=UTF-8"), "utf-8")

    def init(folder: Path, pot: Path, language: str, out: Path) -> None:
        run("msginit", "--no-translator", f"--locale={language}.UTF-8", "-i", str(pot),
            "-o", str(out), cwd=folder)  # fmt: skip

    with tempfile.TemporaryDirectory() as name:
        work = Path(name)
        template(work, producers.CATALOG_SOURCE, CATALOGS / "app.pot")
        init(work, CATALOGS / "app.pot", "de_DE", CATALOGS / "de.po")
        init(work, CATALOGS / "app.pot", "ru_RU", CATALOGS / "ru.po")
        # A German catalog half translated (as a translator leaves it), merged with the
        # template of the program's next version.
        german = (CATALOGS / "de.po").read_text("utf-8")
        for msgid, msgstr in producers.CATALOG_GERMAN.items():
            empty, filled = f'msgid "{msgid}"\nmsgstr ""', f'msgid "{msgid}"\nmsgstr "{msgstr}"'
            german = german.replace(empty, filled)
        (work / "old.de.po").write_text(german, encoding="utf-8")
        template(work, producers.CATALOG_SOURCE_V2, work / "new.pot")
        run("msgmerge", "--previous", "-o", str(CATALOGS / "merged.de.po"), "old.de.po",
            "new.pot", cwd=work)  # fmt: skip
        forms: list[str] = []
        for language in PLURAL_LANGUAGES:
            init(work, CATALOGS / "app.pot", language, work / f"{language}.po")
            header = (work / f"{language}.po").read_text("utf-8")
            found = re.search(r'"Plural-Forms: ((?:[^"\\]|\\.)*)(?:\\n)?"((?:\n"[^"]*")*)', header)
            assert found is not None, language
            joined = found.group(1) + "".join(re.findall(r'\n"([^"]*)"', found.group(2)))
            forms.append(f"{language}\t{joined.replace(chr(92) + 'n', '')}")
        (CATALOGS / "msginit-plural-forms.tsv").write_text("\n".join(forms) + "\n", "utf-8")
        if shutil.which("pybabel") is not None:
            (work / "app.py").write_text(producers.CATALOG_SOURCE, encoding="utf-8")
            run("pybabel", "extract", "-k", "pgettext:1c,2", "-c", "TRANSLATORS", "-o",
                str(CATALOGS / "babel.pot"), "app.py", cwd=work)  # fmt: skip


def write_xliff() -> None:
    """tests/data/xliff/: producers.XLIFF_QT_SOURCE as Qt's lupdate writes it in XLIFF 1.2
    (qt.xlf) and as a Qt Linguist file (tests/data/linguist/qt.ts), and
    producers.XLIFF_ANGULAR_SOURCE as Angular's localize-extract writes it in XLIFF 1.2 and
    2.0 (angular-1.2.xlf, angular-2.0.xlf; npm installs @angular/localize)."""
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    if shutil.which("npm") is None or not lupdate.exists():
        raise SystemExit("npm and pyside6-lupdate are needed for tests/data/xliff")
    XLIFF.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as name:
        work = Path(name)
        (work / "window.py").write_text(producers.XLIFF_QT_SOURCE, encoding="utf-8")
        subprocess.run([str(lupdate), "window.py", "-target-language", "de", "-ts", "qt.xlf"],
                       check=True, timeout=120, cwd=work, capture_output=True)  # fmt: skip
        text = (work / "qt.xlf").read_text("utf-8").replace(str(work) + "/", "")
        (XLIFF / "qt.xlf").write_text(text, encoding="utf-8")
        # The same strings as a Qt Linguist file (tests/data/linguist/qt.ts).
        LINGUIST.mkdir(parents=True, exist_ok=True)
        subprocess.run([str(lupdate), "window.py", "-target-language", "de", "-ts", "qt.ts"],
                       check=True, timeout=120, cwd=work, capture_output=True)  # fmt: skip
        shutil.copyfile(work / "qt.ts", LINGUIST / "qt.ts")
        # Without a target language (lupdate's default): one plural form, no language.
        subprocess.run([str(lupdate), "window.py", "-ts", "qt-nolang.ts"],
                       check=True, timeout=120, cwd=work, capture_output=True)  # fmt: skip
        shutil.copyfile(work / "qt-nolang.ts", LINGUIST / "qt-nolang.ts")
        (work / "dist").mkdir()
        (work / "dist" / "main.js").write_text(producers.XLIFF_ANGULAR_SOURCE, "utf-8")
        subprocess.run(["npm", "init", "-y"], check=True, cwd=work, capture_output=True)
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "@angular/localize",
                        "@angular/compiler", "typescript"], check=True, timeout=600, cwd=work,
                       capture_output=True)  # fmt: skip
        for form, out in (("xlf", "angular-1.2.xlf"), ("xlf2", "angular-2.0.xlf")):
            subprocess.run(["npx", "localize-extract", "-s", "dist/*.js", "-f", form, "-o", out,
                            "-l", "en-US"], check=True, timeout=300, cwd=work,
                           capture_output=True)  # fmt: skip
            shutil.copyfile(work / out, XLIFF / out)


def write_json() -> None:
    """tests/data/json/: producers.JSON_SOURCE as i18next-parser writes its strings
    (i18next.json) and as FormatJS's extract does (formatjs.json); npm installs both."""
    if shutil.which("npm") is None:
        raise SystemExit("npm is needed for tests/data/json")
    JSON.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as name:
        work = Path(name)
        (work / "src").mkdir()
        (work / "src" / "app.js").write_text(producers.JSON_SOURCE, encoding="utf-8")
        (work / "i18next-parser.config.js").write_text(producers.JSON_I18NEXT_CONFIG, "utf-8")
        subprocess.run(["npm", "init", "-y"], check=True, cwd=work, capture_output=True)
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "i18next-parser",
                        "@formatjs/cli"], check=True, timeout=600, cwd=work,
                       capture_output=True)  # fmt: skip
        subprocess.run(["npx", "i18next"], check=True, timeout=300, cwd=work, capture_output=True)
        shutil.copyfile(work / "locales" / "en" / "translation.json", JSON / "i18next.json")
        subprocess.run(["npx", "formatjs", "extract", "src/**/*.js", "--out-file",
                        "formatjs.json"], check=True, timeout=300, cwd=work,
                       capture_output=True)  # fmt: skip
        shutil.copyfile(work / "formatjs.json", JSON / "formatjs.json")


def write_lists() -> None:
    """tests/data/spacing/lists.pdf: producers.LIST_MARKDOWN by pandoc as .docx, laid out
    by LibreOffice as a PDF; python-docx-lists.pdf: the items in python-docx's list styles."""
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        source = work / "lists.md"
        source.write_text(producers.LIST_MARKDOWN, encoding="utf-8")
        pandoc(source, work / "lists.docx")
        shutil.copyfile(soffice(work / "lists.docx", "pdf", work), SPACING / "lists.pdf")
        import docx

        document = docx.Document()
        document.add_paragraph(producers.LIST_HEADING)
        for label, text in producers.LIST_ITEMS:
            document.add_paragraph(text, style="List Bullet" if label == "-" else "List Number")
        document.save(str(work / "python-docx-lists.docx"))
        laid_out = soffice(work / "python-docx-lists.docx", "pdf", work)
        shutil.copyfile(laid_out, SPACING / "python-docx-lists.pdf")


def write_reportlab() -> None:
    """tests/data/spacing/reportlab.pdf: producers.REPORTLAB_PAPER set by reportlab's
    platypus in two columns."""
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import (
        BaseDocTemplate,
        Frame,
        ListFlowable,
        ListItem,
        PageTemplate,
        Paragraph,
    )

    body = ParagraphStyle("b", fontName="Times-Roman", fontSize=10, leading=12,
                          alignment=TA_JUSTIFY, firstLineIndent=12)  # fmt: skip
    first = ParagraphStyle("f", parent=body, firstLineIndent=0)
    styles = {
        "body": body,
        "first": first,
        "head": ParagraphStyle("h", parent=first, fontName="Times-Bold", spaceBefore=6),
        "quote": ParagraphStyle("q", parent=first, leftIndent=18, rightIndent=18),
        "ref": ParagraphStyle("r", parent=first, leftIndent=12, firstLineIndent=-12, alignment=0),
        "title": ParagraphStyle(
            "t", fontName="Times-Bold", fontSize=14, leading=17, alignment=TA_CENTER, spaceAfter=10
        ),
    }
    story: list[object] = []
    items: list[str] = []
    for style, text in [*producers.REPORTLAB_PAPER, ("end", "")]:
        if style == "item":
            items.append(text)
            continue
        if items:
            bullets = [ListItem(Paragraph(t, first)) for t in items]
            story.append(ListFlowable(bullets, bulletType="bullet", leftIndent=12))
            items = []
        if style != "end":
            story.append(Paragraph(text, styles[style]))
    SPACING.mkdir(parents=True, exist_ok=True)
    doc = BaseDocTemplate(str(SPACING / "reportlab.pdf"), pagesize=A4, leftMargin=50,
                          rightMargin=50, topMargin=60, bottomMargin=60, invariant=1)  # fmt: skip
    width = (A4[0] - 100 - 18) / 2
    frames = [Frame(50, 60, width, A4[1] - 120, id="l"),
              Frame(50 + width + 18, 60, width, A4[1] - 120, id="r")]  # fmt: skip
    doc.addPageTemplates([PageTemplate(frames=frames)])
    doc.build(story)


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


def write_flat() -> None:
    """tests/data/flat/: LibreOffice's Flat XML (.fodt, .fodp, .fods) of the producers'
    .odt, the fields' .odt and .odp, and the sheets' .ods (whose chart sits inside it)."""
    FLAT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        for source, name in (
            (OUT / "libreoffice.odt", "libreoffice.fodt"),
            (FIELDS / "libreoffice.odt", "libreoffice-fields.fodt"),
            (FIELDS / "libreoffice.odp", "libreoffice-fields.fodp"),
            (SHEETS / "libreoffice.ods", "libreoffice.fods"),
        ):
            copy = work / f"{Path(name).stem}{source.suffix}"
            shutil.copyfile(source, copy)
            shutil.copyfile(soffice(copy, Path(name).suffix[1:], work), FLAT / name)


def write_rtf() -> None:
    """tests/data/rtf/: Rich Text as LibreOffice Writer saves pandoc's .docx (a footnote, a
    link, a list, a table) and the fields' .odt (a footer, page numbers, an input field), as
    pandoc writes the Markdown and AbiWord saves LibreOffice's .odt; and the text of
    producers.RTF_INTL_MARKDOWN by all three (needs ``abiword``, e.g. Debian's abiword)."""
    if shutil.which("abiword") is None:
        raise SystemExit("abiword is needed for tests/data/rtf")
    RTF.mkdir(parents=True, exist_ok=True)

    def abiword(source: Path, target: Path) -> None:
        subprocess.run(["abiword", f"--to={target.suffix[1:]}", "-o", str(target), str(source)],
                       check=True, timeout=300, capture_output=True)  # fmt: skip

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        shutil.copyfile(soffice(OUT / "pandoc.docx", "rtf", work), RTF / "libreoffice.rtf")
        fields = soffice(FIELDS / "libreoffice.odt", "rtf", work)
        shutil.copyfile(fields, RTF / "libreoffice-fields.rtf")
        markdown = work / "report.md"
        markdown.write_text(producers.MARKDOWN, encoding="utf-8")
        pandoc(markdown, RTF / "pandoc.rtf", "--standalone")
        abiword(OUT / "libreoffice.odt", RTF / "abiword.rtf")
        intl = work / "intl.md"
        intl.write_text(producers.RTF_INTL_MARKDOWN, encoding="utf-8")
        pandoc(intl, RTF / "pandoc-intl.rtf", "--standalone")
        pandoc(intl, work / "intl.docx")
        pandoc(intl, work / "intl.odt")
        shutil.copyfile(soffice(work / "intl.docx", "rtf", work), RTF / "libreoffice-intl.rtf")
        abiword(work / "intl.odt", RTF / "abiword-intl.rtf")


def write_variants() -> None:
    """tests/data/variants/: Office's macro-enabled, template and slide-show kinds of the
    producers' .docx and .pptx and the sheets' workbook, as LibreOffice saves them (each
    with its own content type; no macros: LibreOffice writes VBA only from a file that had
    some)."""
    VARIANTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        for source, targets in (
            (
                OUT / "libreoffice.docx",
                ("MS Word 2007 XML VBA:docm", "MS Word 2007 XML Template:dotx"),
            ),
            (
                OUT / "libreoffice.pptx",
                (
                    "Impress MS PowerPoint 2007 XML VBA:pptm",
                    "Impress MS PowerPoint 2007 XML AutoPlay:ppsx",
                    "Impress MS PowerPoint 2007 XML Template:potx",
                ),
            ),
            (
                SHEETS / "xlsxwriter.xlsx",
                ("Calc MS Excel 2007 VBA XML:xlsm", "Calc MS Excel 2007 XML Template:xltx"),
            ),
        ):
            copy = work / source.name
            shutil.copyfile(source, copy)
            for target in targets:
                name, ext = target.rsplit(":", 1)
                written = soffice(copy, f"{ext}:{name}", work)
                shutil.copyfile(written, VARIANTS / f"libreoffice.{ext}")


def write_sheets() -> None:
    """tests/data/sheets/: the budget of tests/fixtures/producers.py as XlsxWriter and
    openpyxl write it, and as LibreOffice Calc saves XlsxWriter's (.xlsx, .ods)."""
    import base64

    SHEETS.mkdir(parents=True, exist_ok=True)
    _xlsxwriter(SHEETS / "xlsxwriter.xlsx", base64.b64decode(producers._PIXEL))
    _openpyxl(SHEETS / "openpyxl.xlsx")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        source = work / "budget.xlsx"
        shutil.copyfile(SHEETS / "xlsxwriter.xlsx", source)
        for target, ext in (("xlsx:Calc MS Excel 2007 XML", "xlsx"), ("ods", "ods")):
            shutil.copyfile(soffice(source, target, work), SHEETS / f"libreoffice.{ext}")
        # Text tables: LibreOffice's CSV export (options: separator, quote, character set,
        # first line): commas in UTF-8; semicolons in windows-1252, as Excel writes where
        # the decimal point is a comma; tabs.
        for options, name in (
            ("44,34,76,1", "libreoffice.csv"),
            ("59,34,1,1", "libreoffice-semicolon-cp1252.csv"),
            ("9,34,76,1", "libreoffice.tsv"),
        ):
            written = soffice(source, f"csv:Text - txt - csv (StarCalc):{options}", work)
            shutil.copyfile(written, SHEETS / name)


def write_master_pptx() -> None:
    """tests/data/masters/python-pptx.pptx: a slide, and on the slide master a text
    box (producers.MASTER_NOTE) as PowerPoint keeps one there: python-pptx writes the box on
    a slide, and it is moved into the master's shape tree; libreoffice.odp, Impress's .odp
    of it."""
    from pptx import Presentation
    from pptx.util import Inches

    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[5])  # Title Only
    slide.shapes.title.text = producers.MASTER_TITLE
    box = slide.shapes.add_textbox(Inches(0.2), Inches(7), Inches(6), Inches(0.4))
    box.text_frame.text = producers.MASTER_NOTE
    deck.slide_master.shapes._spTree.append(box._element)  # (moved: a slide keeps none)
    masters = ROOT / "tests" / "data" / "masters"
    masters.mkdir(exist_ok=True)
    deck.save(str(masters / "python-pptx.pptx"))
    with tempfile.TemporaryDirectory() as folder:  # LibreOffice Impress's .odp of it
        written = soffice(masters / "python-pptx.pptx", "odp", Path(folder))
        shutil.copyfile(written, masters / "libreoffice.odp")


def write_sheetjs() -> None:
    """tests/data/sheets/sheetjs.xlsx: producers.SHEETJS_ROWS as SheetJS 0.18.5 writes them by
    default (needs node and npm)."""
    script = (
        'const XLSX = require("xlsx");'
        f"const ws = XLSX.utils.aoa_to_sheet({json.dumps(producers.SHEETJS_ROWS)});"
        "const wb = XLSX.utils.book_new(); XLSX.utils.book_append_sheet(wb, ws, 'Orders');"
        f"XLSX.writeFile(wb, {json.dumps(str(SHEETS / 'sheetjs.xlsx'))});"
    )
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(["npm", "install", "--silent", "xlsx@0.18.5"], cwd=folder, check=True)
        subprocess.run(["node", "-e", script], cwd=folder, check=True)


def _xlsxwriter(path: Path, pixel: bytes) -> None:
    import datetime
    import io

    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    bold = book.add_format({"bold": True})
    wrap = book.add_format({"text_wrap": True})
    sheet = book.add_worksheet(producers.SHEET_NAMES[0])
    for r, row in enumerate(producers.SHEET_ROWS):
        for c, value in enumerate(row):
            ref = xlsxwriter.utility.xl_rowcol_to_cell(r, c)
            if ref in producers.SHEET_RESULTS:  # a formula with its result, as Excel saves it
                sheet.write_formula(ref, str(value), None, producers.SHEET_RESULTS[ref])
            elif value is not None:
                sheet.write(r, c, value)
    head, word, tail = producers.SHEET_RICH
    sheet.write_rich_string("D3", head, bold, word, tail)
    sheet.write_string("A6", producers.SHEET_BREAK, wrap)
    day = datetime.datetime.strptime(producers.SHEET_DATE, "%Y-%m-%d")
    sheet.write_datetime("B6", day, book.add_format({"num_format": "yyyy-mm-dd"}))
    sheet.data_validation("C2:C3", {"validate": "list", "source": list(producers.SHEET_LIST)})
    sheet.write_comment("A2", producers.SHEET_COMMENT)
    chart = book.add_chart({"type": "column"})
    chart.add_series({"categories": "=Budget!$A$2:$A$3", "values": "=Budget!$B$2:$B$3"})
    chart.set_title({"name": producers.SHEET_CHART_TITLE})
    sheet.insert_chart("F2", chart)
    sheet.insert_textbox("F18", producers.SHEET_TEXT_BOX)
    sheet.insert_image(
        "A8", "pixel.png", {"image_data": io.BytesIO(pixel), "description": producers.SHEET_ALT}
    )
    notes = book.add_worksheet(producers.SHEET_NAMES[1])
    for r, line in enumerate(producers.SHEET_NOTES):
        notes.write_string(r, 0, line)
    book.close()


def _openpyxl(path: Path) -> None:
    import datetime

    from openpyxl import Workbook
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment
    from openpyxl.worksheet.datavalidation import (
        DataValidation,
    )

    book = Workbook()
    sheet = book.active
    sheet.title = producers.SHEET_NAMES[0]
    for r, row in enumerate(producers.SHEET_ROWS, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                sheet.cell(r, c, value)
    head, word, tail = producers.SHEET_RICH
    sheet["D3"] = CellRichText(head, TextBlock(InlineFont(b=True), word), tail)
    sheet["A6"] = producers.SHEET_BREAK
    sheet["A6"].alignment = Alignment(wrap_text=True)
    sheet["B6"] = datetime.datetime.strptime(producers.SHEET_DATE, "%Y-%m-%d")
    listed = DataValidation(type="list", formula1='"' + ",".join(producers.SHEET_LIST) + '"')
    sheet.add_data_validation(listed)
    listed.add("C2:C3")
    sheet["A2"].comment = Comment(producers.SHEET_COMMENT, "Quire")
    notes = book.create_sheet(producers.SHEET_NAMES[1])
    for r, line in enumerate(producers.SHEET_NOTES, start=1):
        notes.cell(r, 1, line)
    book.save(path)


if __name__ == "__main__":
    raise SystemExit(main())
