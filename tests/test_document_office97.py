"""Word, Excel and PowerPoint 97-2003 files, converted by LibreOffice and written as .docx,
.xlsx and .pptx (tests/data/office97, see its README.md; apache/poi's files and LibreOffice's).
The conversions run the real ``soffice``; where it is not installed they are skipped, and the
finder, the refusal without it and the process's handling are tested with stand-ins."""

from __future__ import annotations

import io
import os
import random
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from engine.api import Note, Progress
from engine.cli.main import main
from engine.documents import DocumentError, libreoffice, office97, open_document, translate_file
from engine.documents.registry import READERS, output_suffix, writable_suffixes
from engine.engine import Engine
from engine.errors import Cancelled, InputError
from engine.options import CancelToken, EngineOptions
from tests.fixtures.builder import exported

DATA = Path(__file__).parent / "data" / "office97"
SOFFICE = shutil.which("soffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")


def marked(texts: Sequence[str]) -> list[str]:
    return [f"«{t}»" for t in texts]


def unmarked(texts: Sequence[str]) -> list[str]:
    """Each translation's words as the source's (a unit's line break at its end may stand
    inside or outside the marks; a number is not sent, so not marked)."""
    assert sum("«" in t for t in texts) > len(texts) / 2, texts
    return [" ".join(t.replace("«", "").replace("»", "").split()) for t in texts]


def plain(texts: Sequence[str]) -> list[str]:
    return [" ".join(t.split()) for t in texts]


# Language labels, and the workbook's "recalculate on opening" (see the cached text below).
_LEFT_OUT = ("lang", "eastAsia", "bidi", "fullCalcOnLoad")


def skeleton(package: bytes) -> dict[str, bytes]:
    """Every part of ``package``, its XML without the marks a translation put around the
    words, the language labels and the layout white space between them: what a translation
    must leave as it was."""
    parts: dict[str, bytes] = {}
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        for name in archive.namelist():
            data = archive.read(name)
            if name.endswith((".xml", ".rels")):
                root = etree.fromstring(data)
                for cached in root.iterfind(".//{*}c[@t='str']/{*}v"):
                    cached.getparent().remove(cached)  # (a formula's text, for Excel to redo)
                for element in root.iter():
                    element.text = _unmarked(element.text)
                    element.tail = _unmarked(element.tail)
                    for attribute, value in list(element.attrib.items()):
                        if etree.QName(attribute).localname in _LEFT_OUT:
                            del element.attrib[attribute]
                        else:
                            element.set(attribute, _unmarked(value) or "")
                data = re.sub(rb"\s+", b" ", etree.tostring(root))
            parts[name] = data
    return parts


def _unmarked(text: str | None) -> str | None:
    return None if text is None else " ".join(text.replace("«", "").replace("»", "").split())


def libreoffice_text(path: Path, tmp_path: Path) -> list[str]:
    """The text LibreOffice itself reads in ``path``, line by line (a document's paragraphs,
    a sheet's rows as CSV, a presentation's slides as a PDF's would be too much: not used)."""
    out = tmp_path / "lo-text"
    sheet = path.suffix in (".xls", ".xlsx", ".xlt")
    export = "csv:Text - txt - csv (StarCalc):44,34,76" if sheet else "txt:Text (encoded):UTF8"
    subprocess.run(
        [str(SOFFICE), f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}",
         "--headless", "--convert-to", export, "--outdir", str(out), str(path)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    [written] = out.glob(f"{path.stem}.*")
    text = written.read_text(encoding="utf-8-sig")
    written.unlink()
    return [line for line in text.splitlines() if line.strip()]


@needs_soffice
@pytest.mark.parametrize(
    ("name", "written_as"),
    [
        ("word97.doc", ".docx"),
        ("libreoffice.doc", ".docx"),
        ("libreoffice.dot", ".dotx"),
        ("excel97.xls", ".xlsx"),
        ("libreoffice.xls", ".xlsx"),
        ("libreoffice.xlt", ".xltx"),
        ("powerpoint97.ppt", ".pptx"),
        ("powerpoint97.pps", ".ppsx"),
        ("powerpoint97.pot", ".potx"),
    ],
)
def test_an_old_office_file_is_translated_into_its_newer_kind(
    name: str, written_as: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Word's, Excel's and PowerPoint's own 97-2003 files (poi's) and LibreOffice's: a copy
    converted, its words translated, every other part of the package as LibreOffice wrote it,
    the input untouched; a template written as a template, a slide show as a slide show
    (Office opens it so). (A slide show and a template are PowerPoint's .ppt under their
    names.)"""
    source = tmp_path / name
    shutil.copyfile(DATA / (name if (DATA / name).exists() else "powerpoint97.ppt"), source)
    before = source.read_bytes()
    converted: list[bytes] = []
    convert = office97.convert

    def recording(*args: Any, **options: Any) -> tuple[bytes, str]:
        package, version = convert(*args, **options)
        converted.append(package)
        return package, version

    monkeypatch.setattr(office97, "convert", recording)
    events: list[object] = []
    out = tmp_path / f"{source.stem}.de{written_as}"
    result = translate_file(source, out, lambda batch: marked(batch), events.append)
    assert source.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([name, out.name])
    [package] = converted
    with zipfile.ZipFile(out) as archive:
        types = archive.read("[Content_Types].xml").decode()
    assert _MAIN_TYPES[written_as] in types
    document = READERS[written_as](package, source)
    texts = [u.text for u in document.units]
    assert result.units == len(texts) > 0
    assert unmarked([u.text for u in open_document(out).units]) == plain(texts)
    # Only the words changed: the converted package written with its own words differs
    # from the translation in nothing else.
    assert skeleton(out.read_bytes()) == skeleton(document.write(texts))
    assert (writable_suffixes(source.suffix) or ())[0] == output_suffix(source.suffix)
    if source.suffix != ".pot":  # (named so, a gettext template is likelier, written as .po)
        assert output_suffix(source.suffix) == written_as
    converting = [e for e in events if isinstance(e, Progress) and e.stage == "converting"]
    assert converting == [Progress("converting", 0, 1)]
    [note] = [e for e in events if isinstance(e, Note) and e.message_id == "document.converted"]
    assert re.fullmatch(r"\d+\.\d+(\.\d+)*", str(note.params["version"]))
    assert f"{name} was converted with LibreOffice {note.params['version']}" in note.text


# The content type of each package's main part: what Office opens it as.
_MAIN_TYPES = {
    ".docx": "wordprocessingml.document.main+xml",
    ".dotx": "wordprocessingml.template.main+xml",
    ".xlsx": "spreadsheetml.sheet.main+xml",
    ".xltx": "spreadsheetml.template.main+xml",
    ".pptx": "presentationml.presentation.main+xml",
    ".ppsx": "presentationml.slideshow.main+xml",
    ".potx": "presentationml.template.main+xml",
}


@needs_soffice
@pytest.mark.parametrize("name", ["word97.doc", "excel97.xls"])
def test_libreoffice_reads_the_translation_as_the_source_with_its_words_translated(
    name: str, tmp_path: Path
) -> None:
    """Judged by LibreOffice itself: the output's text is the source's, each line's words
    marked as translated (a document's paragraphs, a sheet's cells)."""
    source = tmp_path / name
    shutil.copyfile(DATA / name, source)
    out = tmp_path / f"out{output_suffix(source.suffix)}"
    translate_file(source, out, lambda batch: marked(batch))
    before, after = libreoffice_text(source, tmp_path), libreoffice_text(out, tmp_path)
    assert len(before) == len(after) > 2
    assert unmarked(after) == plain(before)  # (a sheet's rows as CSV: "1,«one»")


@needs_soffice
def test_quire_translate_writes_a_translated_docx_beside_the_doc(
    quire_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Engine(EngineOptions(home=quire_home)).import_model(exported("marian"), "opus-mt-en-de")
    source = tmp_path / "contract.doc"
    shutil.copyfile(DATA / "word97.doc", source)
    code = main(["translate", "--from", "en", "--to", "de", str(source)])
    _out, err = capsys.readouterr()
    assert code == 0, err
    assert "Converting with LibreOffice…" in err
    assert "note: contract.doc was converted with LibreOffice" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["contract.de.docx", "contract.doc"]
    written = open_document(tmp_path / "contract.de.docx")
    assert len(written.units) == len(open_document(source).units)


@needs_soffice
def test_a_documents_macros_are_neither_run_nor_written_into_the_translation(
    tmp_path: Path,
) -> None:
    """poi's SimpleMacro.doc holds a VBA project: LibreOffice, told not to load it, writes a
    .docx without word/vbaProject.bin (a .docx with one is a package Word refuses)."""
    source = tmp_path / "macro.doc"
    shutil.copyfile(DATA / "macro.doc", source)
    out = tmp_path / "macro.de.docx"
    translate_file(source, out, lambda batch: marked(batch))
    names = zipfile.ZipFile(out).namelist()
    assert "word/document.xml" in names and not [n for n in names if "vba" in n.lower()]
    assert [u.text for u in open_document(out).units] == [
        "«This is a macro word processing document»"
    ]


@needs_soffice
def test_a_password_protected_or_damaged_file_says_libreoffice_could_not_convert_it(
    tmp_path: Path,
) -> None:
    with pytest.raises(DocumentError) as caught:
        open_document(DATA / "password.doc")
    error = caught.value
    assert error.message_id == "document.conversion_failed"
    assert "protected by a password" in error.message
    assert "save it as .docx" in error.hint


@needs_soffice
def test_a_damaged_file_is_refused_not_read_as_text(tmp_path: Path) -> None:
    """LibreOffice reads a file its own filter cannot open as plain text: a workbook cut
    short, a compound file's start and zeros or random bytes named .doc came back
    "converted", their bytes sent as words. Each is refused as damaged before LibreOffice
    runs (a text file, a CSV or Excel's XML named .xls, is still LibreOffice's to read)."""
    cut = tmp_path / "cut.xls"
    cut.write_bytes((DATA / "excel97.xls").read_bytes()[:8192])  # (a download cut short)
    zeros = tmp_path / "zeros.xls"
    zeros.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(20000))
    noise = tmp_path / "noise.doc"
    noise.write_bytes(random.Random(1).randbytes(4096))
    slides = tmp_path / "talk.ppt"
    slides.write_bytes((DATA / "word97.doc").read_bytes())  # (a Word file named .ppt)
    for path, program in [
        (cut, "Excel"), (zeros, "Excel"), (noise, "Word"), (slides, "PowerPoint")
    ]:  # fmt: skip
        with pytest.raises(DocumentError) as caught:
            open_document(path)
        error = caught.value
        assert error.message_id == "document.old_office_damaged", (path, error)
        assert error.message.startswith(
            f"The file is damaged, or is not really a {path.suffix} file ("
        )
        assert error.hint.startswith(f"Open it in {program}, save it as ")
    export = tmp_path / "export.xls"  # (a web app's "Excel" download: a CSV)
    export.write_text("Name,City\nAnna,Paris\n", encoding="utf-8")
    texts = [u.text for u in open_document(export).units]
    assert texts[:4] == ["Name", "City", "Anna", "Paris"]  # (then the footer LibreOffice gives)


@needs_soffice
def test_word_6_and_95_files_are_converted_by_their_own_filter(tmp_path: Path) -> None:
    """Word 97's import filter refuses Word 6 and 95's files: theirs is given them."""
    assert [u.text for u in open_document(DATA / "word6.doc").units] == [
        "The quick brown fox jumps over the lazy dog"
    ] * 2


@needs_soffice
def test_a_filename_field_shows_the_documents_own_name(tmp_path: Path) -> None:
    """poi's test-fields.doc has a FILENAME field in its footer, which LibreOffice fills in
    as it converts: with the copy's name it said "document.doc"."""
    source = tmp_path / "Contract 2024.doc"
    shutil.copyfile(DATA / "fields.doc", source)
    out = tmp_path / "out.docx"
    translate_file(source, out, lambda batch: marked(batch))
    with zipfile.ZipFile(out) as archive:
        footer = archive.read("word/footer1.xml").decode()
    assert "FILENAME" in footer and "<w:t>Contract 2024.doc</w:t>" in footer


@needs_soffice
def test_a_conversion_larger_than_a_document_may_be_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A small .xls of repeated cells can convert into a large package: bounded as a
    document is, before it is read."""
    monkeypatch.setattr(libreoffice, "MAX_DOCUMENT_BYTES", 2048)
    with pytest.raises(DocumentError) as caught:
        open_document(DATA / "excel97.xls")
    assert caught.value.message == (
        "The file converted by LibreOffice is larger than the 2 KB a document may be"
    )
    assert caught.value.message_id == "document.too_large_inside"  # (the app words it)


@needs_soffice
def test_a_cancelled_job_stops_libreoffice_and_writes_nothing(tmp_path: Path) -> None:
    source = tmp_path / "report.doc"
    shutil.copyfile(DATA / "word97.doc", source)
    token = CancelToken()
    asked: list[str] = []

    def cancelling(event: object) -> None:
        if isinstance(event, Progress) and event.stage == "converting":
            token.cancel()  # Cancel pressed while LibreOffice converts

    def translator(batch: Sequence[str]) -> list[str]:
        asked.extend(batch)
        return list(batch)

    with pytest.raises(Cancelled):
        translate_file(source, tmp_path / "out.docx", translator, cancelling, token)
    assert asked == [] and sorted(p.name for p in tmp_path.iterdir()) == ["report.doc"]


# --- what the name says, and what the bytes are ------------------------------------------------


def _no_libreoffice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "")
    monkeypatch.setattr(libreoffice, "_places", lambda *_args: [])


def test_without_libreoffice_the_refusal_names_both_remedies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, quire_home: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    _no_libreoffice(monkeypatch)
    for name, save_as, program in [
        ("contract.doc", ".docx", "Word"),
        ("budget.xls", ".xlsx", "Excel"),
        ("talk.pps", ".ppsx", "PowerPoint"),
    ]:
        path = tmp_path / name
        shutil.copyfile(DATA / "word97.doc", path)  # (an OLE file: each is converted alike)
        with pytest.raises(DocumentError) as caught:
            open_document(path)
        error = caught.value
        assert error.message_id == "document.needs_libreoffice"
        assert error.message == (
            f"Quire reads {path.suffix} files by converting them with LibreOffice, which is not "
            "installed"
        )
        assert error.hint == (
            f"Save it as {save_as} in {program}, or install LibreOffice (libreoffice.org) and "
            "Quire converts it, then try again"
        )
    code = main(["translate", "--to", "de", str(tmp_path / "contract.doc")])
    err = capsys.readouterr().err
    assert code == 1
    assert "Save it as .docx in Word, or install LibreOffice" in err


def test_libreoffice_is_found_on_path_and_where_its_installers_put_it(tmp_path: Path) -> None:
    def program(path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("#!/bin/sh\n", encoding="ascii")
        path.chmod(path.stat().st_mode | stat.S_IXUSR)
        return path

    bin_folder = tmp_path / "bin"
    assert libreoffice.find_soffice({"PATH": str(bin_folder)}, "linux", tmp_path) in (
        None,
        *[p for p in libreoffice._places("linux", {}, tmp_path) if p.is_file()],
    )
    on_path = program(bin_folder / "libreoffice")
    assert libreoffice.find_soffice({"PATH": str(bin_folder)}, "linux", tmp_path) == on_path
    windows = program(tmp_path / "Programs" / "LibreOffice" / "program" / "soffice.exe")
    found = libreoffice.find_soffice(
        {"PATH": "", "ProgramFiles": str(tmp_path / "Programs")}, "win32"
    )
    assert found == windows
    mac = program(tmp_path / "Applications" / "LibreOffice.app" / "Contents" / "MacOS" / "soffice")
    assert libreoffice.find_soffice({"PATH": ""}, "darwin", tmp_path) == mac
    places = [str(p) for p in libreoffice._places("linux", {}, tmp_path)]
    assert "/usr/bin/soffice" in places and "/snap/bin/libreoffice" in places
    assert str(tmp_path / ".local/share/flatpak/exports/bin/org.libreoffice.LibreOffice") in places
    assert libreoffice.find_soffice({"PATH": ""}, "win32", tmp_path / "nowhere") is None


def _stand_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str) -> Path:
    """A ``soffice`` on PATH that records its arguments and runs ``body``."""
    folder = tmp_path / "bin"
    folder.mkdir()
    script = folder / "soffice"
    script.write_text(
        f'#!/bin/sh\nPATH=/usr/bin:/bin\nprintf "%s\\n" "$@" > "{tmp_path}/args"\n{body}\n'
    )
    script.chmod(0o755)
    monkeypatch.setenv("PATH", str(folder))
    return tmp_path / "args"


@pytest.mark.skipif(not Path("/bin/sh").exists(), reason="the stand-in is a shell script")
def test_libreoffice_runs_on_a_copy_with_a_profile_of_its_own_that_runs_no_macro(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The document is never LibreOffice's to change, the user's profile (and an open
    LibreOffice) never touched, and no macro of the document is run whatever it asks."""
    profile = tmp_path / "profile.xcu"
    args = _stand_in(
        tmp_path,
        monkeypatch,
        'for a; do case "$a" in -env:UserInstallation=file://*) '
        f'cp "${{a#-env:UserInstallation=file://}}/user/registrymodifications.xcu" "{profile}";; '
        "esac; done",
    )
    source = tmp_path / "macro.doc"
    shutil.copyfile(DATA / "word97.doc", source)
    with pytest.raises(DocumentError) as caught:
        open_document(source)
    assert caught.value.message_id == "document.conversion_failed"  # (it wrote nothing)
    given = args.read_text(encoding="utf-8").splitlines()
    assert given[0].startswith("-env:UserInstallation=file:///")
    assert "--headless" in given and "--norestore" in given
    assert given[given.index("--convert-to") + 1] == "docx:MS Word 2007 XML"
    assert "--infilter=MS Word 97" in given
    # A copy with the document's name (Word's FILENAME field shows it), in a folder of its own.
    assert str(source) not in given and Path(given[-1]).name == "macro.doc"
    assert not Path(given[-1]).exists()  # the copy and its folder are gone
    settings = etree.fromstring(profile.read_bytes())
    values = {p.get("{http://openoffice.org/2001/registry}name"): p.findtext("value")
              for p in settings.iter("prop")}  # fmt: skip
    assert values["DisableMacrosExecution"] == "true" and values["MacroSecurityLevel"] == "3"


@pytest.mark.skipif(not Path("/bin/sh").exists(), reason="the stand-in is a shell script")
def test_a_conversion_that_never_ends_is_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _stand_in(tmp_path, monkeypatch, f'sleep 30 & echo $! > "{tmp_path}/child"; wait')
    monkeypatch.setattr(libreoffice, "TIMEOUT_SECONDS", 0.5)
    with pytest.raises(DocumentError) as caught:
        open_document(DATA / "word97.doc")
    assert caught.value.message_id == "document.conversion_too_long"
    assert caught.value.message == (
        "LibreOffice took longer than 0 seconds to convert the file, and was stopped"
    )
    assert "A large file takes long" in caught.value.hint
    child = Path(f"/proc/{(tmp_path / 'child').read_text().strip()}/stat")
    if child.parent.parent.is_dir():  # (Linux: what LibreOffice started is stopped with it)
        assert not child.exists() or child.read_text().split()[2] == "Z"


@pytest.mark.skipif(not Path("/bin/sh").exists(), reason="the stand-in is a shell script")
def test_a_libreoffice_that_does_not_start_is_not_blamed_on_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A broken install (a library missing: the loader's exit 127) said the file was
    damaged or protected by a password; now LibreOffice's own words are shown."""
    _stand_in(
        tmp_path,
        monkeypatch,
        "echo 'Warning: failed to launch javaldx - java may not function correctly'\n"
        "echo 'soffice.bin: error while loading shared libraries: libuno_sal.so.3: cannot "
        "open shared object file: No such file or directory' >&2\nexit 127",
    )
    with pytest.raises(DocumentError) as caught:
        open_document(DATA / "word97.doc")
    error = caught.value
    assert error.message_id == "document.libreoffice_broken"
    assert error.message == (
        f"LibreOffice ({tmp_path / 'bin' / 'soffice'}) did not run: soffice.bin: error while "
        "loading shared libraries: libuno_sal.so.3: cannot open shared object file: No such "
        "file or directory"
    )
    assert error.hint.startswith("Check that LibreOffice starts on its own")


@pytest.mark.skipif(not Path("/bin/sh").exists(), reason="the stand-in is a shell script")
def test_libreoffices_temporary_files_go_with_the_conversions_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """LibreOffice writes an lu*.tmp in TMPDIR, and a cancel left it there."""
    system = tmp_path / "system-tmp"
    system.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system))
    for name in ("TMPDIR", "TMP", "TEMP"):
        monkeypatch.setenv(name, str(system))
    _stand_in(
        tmp_path,
        monkeypatch,
        f'echo "$TMPDIR $TMP $TEMP" > "{tmp_path}/tmp"; touch "$TMPDIR/lu1234abcd.tmp"',
    )
    with pytest.raises(DocumentError):
        open_document(DATA / "word97.doc")
    given = (tmp_path / "tmp").read_text().split()
    assert len(set(given)) == 1 and given[0].startswith(f"{system}/quire-convert-")
    assert list(system.iterdir()) == []


@pytest.mark.skipif(not Path("/bin/sh").exists(), reason="the stand-in is a shell script")
def test_a_killed_quires_conversion_is_stopped_and_removed_by_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Quire killed (kill -9, out of memory) while converting left its LibreOffice running
    and the copy of the document in a temporary folder: the next conversion removes a
    folder whose Quire is gone, and stops the LibreOffice that works with its profile."""
    system = tmp_path / "system-tmp"
    monkeypatch.setattr(tempfile, "tempdir", str(system))
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()  # (a process that ended: its id is no one's)
    left, alive = system / "quire-convert-left", system / "quire-convert-alive"
    for folder, owner in [(left, f"{gone.pid} 1.000"), (alive, libreoffice._owner(os.getppid()))]:
        (folder / "profile").mkdir(parents=True)
        (folder / "in").mkdir()
        (folder / "in" / "secret.doc").write_bytes(b"confidential")
        (folder / "owner").write_text(owner, encoding="ascii")
        _an_hour_ago(folder / "owner")
    converting = subprocess.Popen(  # (its soffice.bin: its profile named on its command line)
        [sys.executable, "-c", "import sys; sys.stdin.read()",
         f"-env:UserInstallation={(left / 'profile').as_uri()}"],
        stdin=subprocess.PIPE,
    )  # fmt: skip
    try:
        _stand_in(tmp_path, monkeypatch, "exit 0")
        with pytest.raises(DocumentError):
            open_document(DATA / "word97.doc")
        # (it ends only if killed, its input kept open; the clean-up, waiting for it to
        # end, reaps it: its status reads 0 here)
        converting.wait(timeout=30)
        assert [p.name for p in system.iterdir()] == ["quire-convert-alive"]
    finally:
        if converting.poll() is None:
            converting.kill()
            converting.wait()
        if converting.stdin is not None:
            converting.stdin.close()


def _an_hour_ago(path: Path) -> None:
    """Dates ``path`` an hour back: a conversion's folder that old is over."""
    import time

    os.utime(path, (time.time() - 3600, time.time() - 3600))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX pipes and links")
def test_the_clean_up_touches_no_live_conversion_no_link_and_no_other_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The next conversion's clean-up judged a folder's Quire gone by comparing start
    times (a clock set back made a live conversion's Quire "gone": its LibreOffice killed,
    its folder deleted), read a pipe named owner (every conversion hung), stopped on an
    owner file "-1 0" (the user's sound file refused), and killed any process whose command
    line held the profile's address. Now only a folder older than any conversion runs,
    with a small plain owner file, is judged; a link is not followed; a process is stopped
    only where it names that profile as LibreOffice is told it; and nothing it finds stops
    the conversion."""
    system = tmp_path / "system-tmp"
    monkeypatch.setattr(tempfile, "tempdir", str(system))
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()  # (a process that ended: its id is no one's)
    live = system / "quire-convert-live"  # (another Quire's, its clock moved: just written)
    piped = system / "quire-convert-piped"
    odd = system / "quire-convert-odd"
    elsewhere = tmp_path / "elsewhere"  # (a link named as a folder of Quire's points here)
    for folder in (live, piped, odd, elsewhere):
        (folder / "profile").mkdir(parents=True)
    (live / "owner").write_text(f"{gone.pid} 1.000", encoding="ascii")
    os.mkfifo(piped / "owner")
    (odd / "owner").write_text("-1 0", encoding="ascii")
    (elsewhere / "owner").write_text(f"{gone.pid} 1.000", encoding="ascii")
    for owner in (odd / "owner", elsewhere / "owner"):
        _an_hour_ago(owner)
    (system / "quire-convert-link").symlink_to(elsewhere)
    near = f"--open={(odd / 'profile').as_uri()}/../notes.txt"  # (not LibreOffice's)
    bystander = subprocess.Popen(
        [sys.executable, "-c", "import sys; sys.stdin.read()", near], stdin=subprocess.PIPE
    )
    try:
        _stand_in(tmp_path, monkeypatch, "exit 0")
        with pytest.raises(DocumentError) as caught:
            open_document(DATA / "word97.doc")
        assert caught.value.message_id == "document.conversion_failed"  # (not the clean-up's)
        assert bystander.poll() is None
        assert sorted(p.name for p in system.iterdir()) == [
            "quire-convert-link", "quire-convert-live", "quire-convert-piped",
        ]  # fmt: skip
        assert (elsewhere / "owner").exists() and (live / "profile").exists()
    finally:
        bystander.kill()
        bystander.wait()
        if bystander.stdin is not None:
            bystander.stdin.close()


def test_rich_text_a_web_page_and_a_renamed_docx_are_read_as_what_they_are(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Programs exporting "Word" files write RTF or HTML under a .doc name, web apps
    "Excel" downloads as an HTML table named .xls: each read by its own reader, written as
    what it is, with no LibreOffice (there is none here)."""
    _no_libreoffice(monkeypatch)
    rtf = tmp_path / "letter.doc"
    shutil.copyfile(Path(__file__).parent / "data" / "rtf" / "pandoc.rtf", rtf)
    page = tmp_path / "report.xls"
    page.write_text(
        "<table>\n<tr><td>Revenue</td><td>Costs</td></tr>\n</table>\n",  # (no <html> around it)
        encoding="utf-8",
    )
    renamed = tmp_path / "memo.doc"
    shutil.copyfile(Path(__file__).parent / "data" / "alt" / "libreoffice.docx", renamed)
    for path, kind, suffix in [
        (rtf, "a Rich Text", ".rtf"),
        (page, "an HTML", ".html"),
        (renamed, "a DOCX", ".docx"),
    ]:
        document = open_document(path)
        assert document.default_suffix == suffix and suffix in (
            writable_suffixes(path.suffix) or ()
        )
        [note] = [n for n in document.notes if n.message_id == "document.read_as_its_kind"]
        assert note.text == (
            f"{path.name} is {kind} file with a {path.suffix} name: it is read as one, and "
            f"its translation written as {suffix}"
        )
        out = tmp_path / f"out{suffix}"
        translate_file(path, out, lambda batch: marked(batch))
        assert unmarked([u.text for u in open_document(out).units]) == plain(
            [u.text for u in document.units]
        )
    assert [u.text for u in open_document(page).units] == ["Revenue", "Costs"]


def test_a_renamed_package_can_be_written_as_what_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An .odt saved as x.doc: "-o out.odt" said to name it .docx, .rtf or .html, and
    "-o out.docx" to name it .odt. The check before reading agrees with the one after."""
    _no_libreoffice(monkeypatch)
    source = tmp_path / "x.doc"
    shutil.copyfile(Path(__file__).parent / "data" / "alt" / "libreoffice.odt", source)
    translate_file(source, tmp_path / "out.odt", lambda batch: marked(batch))
    assert unmarked([u.text for u in open_document(tmp_path / "out.odt").units]) == plain(
        [u.text for u in open_document(source).units]
    )
    with pytest.raises(DocumentError) as caught:
        translate_file(source, tmp_path / "out.docx", lambda batch: marked(batch))
    assert caught.value.message_id == "document.wrong_output"
    assert caught.value.hint == "Name the output with one of: .odt"


def test_an_output_that_is_a_folder_is_refused_before_libreoffice_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """-o naming a folder was refused only after the conversion had run its seconds."""
    monkeypatch.setattr(office97, "find_soffice", lambda: Path("/nonexistent/soffice"))
    converted: list[Path] = []

    def converting(data: bytes, path: Path, *_args: Any, **_options: Any) -> tuple[bytes, str]:
        converted.append(path)
        raise AssertionError("converted")

    monkeypatch.setattr(office97, "convert", converting)
    with pytest.raises(InputError) as caught:
        translate_file(DATA / "word97.doc", tmp_path, lambda batch: marked(batch))
    assert caught.value.message_id == "file.output_is_folder" and converted == []


def test_a_gettext_template_is_still_a_gettext_template(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _no_libreoffice(monkeypatch)
    path = tmp_path / "messages.pot"
    path.write_text('msgid ""\nmsgstr ""\n\nmsgid "Save"\nmsgstr ""\n', encoding="utf-8")
    document = open_document(path)
    assert [u.text for u in document.units] == ["Save"] and document.default_suffix == ".po"
    shutil.copyfile(DATA / "powerpoint97.ppt", path)  # PowerPoint's template, by its bytes
    with pytest.raises(DocumentError) as caught:
        open_document(path)
    assert caught.value.message_id == "document.needs_libreoffice"
