"""Word, Excel and PowerPoint 97–2003 files (.doc, .xls, .ppt and their templates and slide
shows): a copy converted to .docx, .xlsx or .pptx by the user's LibreOffice, then read and
written as that; one that is really RTF, HTML, a web archive (MHTML) or a renamed package read
as what it is."""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import signal
import stat
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from engine.api import Note
from engine.documents import mhtml
from engine.documents.base import Document
from engine.documents.errors import DocumentError
from engine.documents.limits import MAX_DOCUMENT_BYTES
from engine.text.sizes import human_size

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class _Kind:
    """What a suffix is converted to, by which of LibreOffice's filters, and the program that
    saves it so on the user's own."""

    save_as: str  # (".docx")
    filter: str  # LibreOffice's export filter
    program: str  # the program whose file it is, which saves it so
    streams: tuple[str, ...]  # the compound file's stream that holds the document (one of)
    infilter: str  # LibreOffice's import filter: no other is tried (see _infilter)


_WORD = ("Word", ("WordDocument",), "MS Word 97")
_EXCEL = ("Excel", ("Workbook", "Book"), "MS Excel 97")  # (Book: Excel 5 and 95's)
_POWERPOINT = ("PowerPoint", ("PowerPoint Document",), "MS PowerPoint 97")
# A template is converted into a template, a slide show into a slide show.
KINDS: Mapping[str, _Kind] = {
    ".doc": _Kind(".docx", "docx:MS Word 2007 XML", *_WORD),
    ".dot": _Kind(".dotx", "dotx:MS Word 2007 XML Template", *_WORD),
    ".xls": _Kind(".xlsx", "xlsx:Calc MS Excel 2007 XML", *_EXCEL),
    ".xlt": _Kind(".xltx", "xltx:Calc MS Excel 2007 XML Template", *_EXCEL),
    ".ppt": _Kind(".pptx", "pptx:Impress MS PowerPoint 2007 XML", *_POWERPOINT),
    ".pps": _Kind(".ppsx", "ppsx:Impress MS PowerPoint 2007 XML AutoPlay", *_POWERPOINT),
    # (a PowerPoint template by its bytes; else gettext's, see read)
    ".pot": _Kind(".potx", "potx:Impress MS PowerPoint 2007 XML Template", *_POWERPOINT),
}
# How long one conversion may take: a large workbook takes LibreOffice tens of seconds; a
# file that keeps it longer (a dialog nobody sees, a loop in a damaged file) is stopped.
TIMEOUT_SECONDS = 180.0
_POLL_SECONDS = 0.1

# The throwaway profile's settings: no macro runs, whatever the document asks (LibreOffice
# runs a document's Basic on load only where the security level lets it; "very high" and
# macros disabled let none), a Word, Excel or PowerPoint file's VBA project is neither loaded,
# made runnable nor saved into the package (so none reaches the translation), and what the
# document links to from places LibreOffice does not trust is not fetched.
_SETTINGS = [
    ("/org.openoffice.Office.Common/Security/Scripting", "MacroSecurityLevel", "3"),
    ("/org.openoffice.Office.Common/Security/Scripting", "DisableMacrosExecution", "true"),
    ("/org.openoffice.Office.Common/Security/Scripting", "BlockUntrustedRefererLinks", "true"),
    *[
        (f"/org.openoffice.Office.{app}/Filter/Import/VBA", name, "false")
        for app in ("Writer", "Calc", "Impress")
        for name in ("Load", "Executable", "Save")
    ],
]
_PROFILE = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
    'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
    + "".join(
        f'<item oor:path="{path}"><prop oor:name="{name}" oor:op="fuse">'
        f"<value>{value}</value></prop></item>\n"
        for path, name, value in _SETTINGS
    )
    + "</oor:items>\n"
)

Waiting = Callable[[], None]


def _places(platform: str, environ: Mapping[str, str], home: Path) -> list[Path]:
    """Where LibreOffice is installed when it is not on PATH (the app started from a desktop
    has a short PATH; Windows and macOS never put it there), the commonest first."""
    if platform == "win32":
        roots = [environ.get(name, "") for name in ("ProgramFiles", "ProgramW6432")]
        roots += [environ.get("ProgramFiles(x86)", ""), r"C:\Program Files"]
        return [Path(root) / "LibreOffice" / "program" / "soffice.exe" for root in roots if root]
    if platform == "darwin":
        app = Path("LibreOffice.app/Contents/MacOS/soffice")
        return [Path("/Applications") / app, home / "Applications" / app]
    return [
        Path("/usr/bin/soffice"),
        Path("/usr/lib/libreoffice/program/soffice"),
        Path("/usr/local/bin/soffice"),
        *sorted(Path("/opt").glob("libreoffice*/program/soffice"), reverse=True),
        Path("/snap/bin/libreoffice"),
        Path("/var/lib/flatpak/exports/bin/org.libreoffice.LibreOffice"),
        home / ".local/share/flatpak/exports/bin/org.libreoffice.LibreOffice",
    ]


def find_soffice(
    environ: Mapping[str, str] | None = None, platform: str | None = None, home: Path | None = None
) -> Path | None:
    """The user's LibreOffice (its ``soffice``): on PATH, else where its installers put it;
    None where it is not installed."""
    environ = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name, path=environ.get("PATH", ""))
        if found:
            return Path(found)
    home = Path.home() if home is None else home
    return next((p for p in _places(platform, environ, home) if _runnable(p)), None)


def _runnable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def _sandboxed(soffice: Path) -> bool:
    """Whether ``soffice`` runs in a sandbox with a /tmp of its own (Flatpak's, Snap's): its
    files must be exchanged in the user's home instead."""
    text = str(soffice)
    return "flatpak" in text or text.startswith("/snap/")


def needs_libreoffice(path: Path) -> DocumentError:
    """The refusal of an old Office file where no LibreOffice is installed to convert it."""
    kind = KINDS[path.suffix.lower()]
    return DocumentError(
        f"Quire reads {path.suffix} files by converting them with LibreOffice, which is not "
        "installed",
        path=path,
        hint=f"Save it as {kind.save_as} in {kind.program}, or install LibreOffice "
        "(libreoffice.org) and Quire converts it, then try again",
        message_id="document.needs_libreoffice",
        params={"suffix": path.suffix, "save_as": kind.save_as, "program": kind.program},
    )


def _failed(path: Path, why: str) -> DocumentError:
    kind = KINDS[path.suffix.lower()]
    return DocumentError(
        f"LibreOffice could not convert the file ({why}): it is damaged, protected by a "
        f"password, or not really a {path.suffix} file",
        path=path,
        hint=f"Open it in {kind.program}, remove any password, save it as {kind.save_as}, "
        "then try again with that",
        message_id="document.conversion_failed",
        params={"suffix": path.suffix, "save_as": kind.save_as, "program": kind.program},
    )


def _damaged(path: Path, why: str) -> DocumentError:
    """The refusal of a file that is no sound Word, Excel or PowerPoint 97-2003 file (cut
    short, overwritten, another kind of file): LibreOffice would read its bytes as text."""
    kind = KINDS[path.suffix.lower()]
    return DocumentError(
        f"The file is damaged, or is not really a {path.suffix} file ({why})",
        path=path,
        hint=f"Open it in {kind.program}, save it as {kind.save_as}, then try again with that",
        message_id="document.old_office_damaged",
        params={"suffix": path.suffix, "save_as": kind.save_as, "program": kind.program},
    )


def _broken(path: Path, soffice: Path, why: str) -> DocumentError:
    """The refusal where LibreOffice itself failed (did not start, stopped with an error),
    not the file: its own words in ``why``."""
    kind = KINDS[path.suffix.lower()]
    return DocumentError(
        f"LibreOffice ({soffice}) did not run: {why}",
        path=path,
        hint="Check that LibreOffice starts on its own and reinstall it if not, or save the "
        f"file as {kind.save_as} in {kind.program}, then try again",
        message_id="document.libreoffice_broken",
        params={"soffice": str(soffice), "why": why, "save_as": kind.save_as,
                "program": kind.program},
    )  # fmt: skip


def _too_long(path: Path) -> DocumentError:
    kind = KINDS[path.suffix.lower()]
    seconds = f"{TIMEOUT_SECONDS:.0f}"
    return DocumentError(
        f"LibreOffice took longer than {seconds} seconds to convert the file, and was stopped",
        path=path,
        hint="A large file takes long: try again when the computer is less busy, or save it "
        f"as {kind.save_as} in {kind.program} and translate that",
        message_id="document.conversion_too_long",
        params={"seconds": seconds, "save_as": kind.save_as, "program": kind.program},
    )


def _infilter(data: bytes, path: Path) -> str:
    """The import filter for ``data``, checked to be a compound file holding its kind's
    document: with LibreOffice's own choice, a file it cannot read as one (cut short,
    overwritten) is read as plain text, and its bytes sent as words."""
    import olefile  # type: ignore[import-untyped]

    kind = KINDS[path.suffix.lower()]
    if not data.startswith(_OLE2):
        if _text(data):
            return ""  # (Word's XML or web archive, Excel's XML or a CSV: LibreOffice's choice)
        raise _damaged(path, "it is neither a compound file, as Office writes, nor text")
    try:
        with olefile.OleFileIO(data) as compound:
            streams = [name for name in kind.streams if compound.exists(name)]
            if not streams:
                raise _damaged(path, f"it holds no {kind.program} document")
            head = compound.openstream(streams[0]).read(4)
    except (OSError, ValueError, IndexError, OverflowError, struct.error) as exc:
        # (olefile's own are OSErrors; a broken sector count overflows an index)
        raise _damaged(path, "its compound file is cut short or broken") from exc
    if kind.program == "Word" and len(head) == 4 and struct.unpack("<H", head[2:])[0] < 0xC1:
        return "MS Word 95"  # (Word 6 and 95, whose nFib is below 97's; 97's filter refuses)
    return kind.infilter


def _text(data: bytes) -> bool:
    """Whether ``data`` reads as text (UTF-16 with its mark, else any 8-bit encoding without
    control characters), not bytes that LibreOffice's text import would send as words."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    return not _CONTROL.search(data[:65536])


_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def convert(
    data: bytes, path: Path, soffice: Path, *, waiting: Waiting | None = None
) -> tuple[bytes, str]:
    """``data`` (``path``'s bytes) converted by ``soffice`` into its kind's package, and the
    LibreOffice version that did it. A copy is converted in a folder of its own, with a
    profile of its own (a LibreOffice the user has open is not disturbed, nor their settings
    used) and its temporary files inside it; ``waiting()`` is called while it runs, and what
    it raises (``Cancelled``) stops it."""
    kind = KINDS[path.suffix.lower()]
    infilter = _infilter(data, path)
    where = Path.home() if _sandboxed(soffice) else Path(tempfile.gettempdir())
    sweep(where)
    with tempfile.TemporaryDirectory(prefix=_PREFIX, dir=where) as folder:
        work = Path(folder)
        (work / _OWNER).write_text(_owner(os.getpid()), encoding="ascii")
        (work / "in").mkdir()
        source = work / "in" / path.name  # (its name: Word's FILENAME field shows it)
        source.write_bytes(data)
        profile = work / "profile"
        (profile / "user").mkdir(parents=True)
        (profile / "user" / "registrymodifications.xcu").write_text(_PROFILE, encoding="utf-8")
        out = work / "out"
        out.mkdir()
        temporary = work / "tmp"  # (what it leaves there, a cancel's lu*.tmp, goes with it)
        temporary.mkdir()
        command = [
            str(soffice),
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            *([f"--infilter={infilter}"] if infilter else []),
            "--convert-to",
            kind.filter,
            "--outdir",
            str(out),
            str(source),
        ]
        environ = {**os.environ, **dict.fromkeys(("TMPDIR", "TMP", "TEMP"), str(temporary))}
        said = _run(command, environ, work / "said.txt", path, soffice, waiting)
        written = [f for f in out.iterdir() if f.is_file()]
        if not written:
            if said.returncode != 0 and _LOADED_NOT not in said.text:
                raise _broken(path, soffice, said.why)
            raise _failed(path, "it could not open it")
        converted = written[0]
        if converted.stat().st_size > MAX_DOCUMENT_BYTES:
            raise DocumentError(
                "The file converted by LibreOffice is larger than the "
                f"{human_size(MAX_DOCUMENT_BYTES)} a document may be",
                path=path,
                hint="Split it into smaller files, then translate those",
                message_id="document.too_large_inside",
            )
        result = converted.read_bytes()
    if kind.save_as == ".ppsx":
        result = _slide_show(result)
    return result, _version(result)


_PRESENTATION = b"presentationml.presentation.main+xml"


def _slide_show(package: bytes) -> bytes:
    """``package`` with its presentation typed as a slide show: LibreOffice 7.4's AutoPlay
    export types it as a presentation, which PowerPoint opens for editing, not as a show."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(package)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(_PRESENTATION, b"presentationml.slideshow.main+xml")
            target.writestr(info, data)
    return buffer.getvalue()


_LOADED_NOT = "source file could not be loaded"  # (what soffice says of a file it cannot open)


@dataclass(frozen=True)
class _Said:
    returncode: int
    text: str  # its output and errors

    @property
    def why(self) -> str:
        """Its last words (the loader's "error while loading shared libraries: …"), else its
        exit status."""
        lines = [line.strip() for line in self.text.splitlines() if line.strip()]
        lines = [line for line in lines if "javaldx" not in line]  # (a warning it always gives)
        return lines[-1][:300] if lines else f"it stopped with exit status {self.returncode}"


def _run(
    command: list[str],
    environ: Mapping[str, str],
    said: Path,
    path: Path,
    soffice: Path,
    waiting: Waiting | None,
) -> _Said:
    """Run LibreOffice to its end, its output and errors kept in ``said``, stopped (it and what
    it started) on ``waiting``'s exception or after ``TIMEOUT_SECONDS``."""
    posix = os.name == "posix"
    with said.open("wb") as log:
        try:
            process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=dict(environ),
                start_new_session=posix,  # (its soffice.bin with it, to stop them together)
            )
        except OSError as exc:
            raise _broken(path, soffice, f"it could not be started ({exc.strerror})") from exc
        started = time.monotonic()
        try:
            while process.poll() is None:
                if waiting is not None:
                    waiting()
                if time.monotonic() - started > TIMEOUT_SECONDS:
                    raise _too_long(path)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(_POLL_SECONDS)
        finally:
            if process.poll() is None:
                _stop(process, posix)
    text = said.read_bytes()[-8192:].decode("utf-8", "replace")
    return _Said(process.returncode, text)


# A conversion's folder names the process that made it (its id and start time), so that one
# a killed Quire left, with the copy of its document, is removed by the next conversion.
_PREFIX = "quire-convert-"
_OWNER = "owner"


def _owner(pid: int) -> str:
    import psutil

    try:
        return f"{pid} {psutil.Process(pid).create_time():.3f}"
    except psutil.Error:
        return f"{pid} 0"


# A conversion is stopped after TIMEOUT_SECONDS: a folder whose owner file is older than
# this was left by a conversion that is over, whatever the clock, the host or the process
# table say now (a clock set back, a home shared by two machines, a reused process id).
_LEFT_AFTER = 5 * TIMEOUT_SECONDS


def sweep(where: Path) -> None:
    """Remove the conversion folders in ``where`` that a Quire killed mid-conversion (kill
    -9, out of memory) left, and stop the LibreOffice still working with their profile:
    only this user's own folders, not links, whose owner file is a small plain file older
    than any conversion runs (``_LEFT_AFTER``) naming a process that is gone. A LibreOffice
    is stopped only where its command line names that profile exactly. The clean-up never
    stops a conversion: a folder it cannot judge or remove is left as it is."""
    import psutil

    now = time.time()
    for folder in where.glob(f"{_PREFIX}*"):
        try:
            if not _left(folder, now):
                continue
            argument = f"-env:UserInstallation={(folder / 'profile').as_uri()}"
            stopped = []
            for process in psutil.process_iter(["cmdline"]):
                with contextlib.suppress(psutil.Error, TypeError):
                    if argument in (process.info["cmdline"] or ()):
                        process.kill()
                        stopped.append(process)
            psutil.wait_procs(stopped, timeout=10)  # (Windows ends a process after a while)
            # (the owner file last: a folder not emptied is judged again by the next one)
            for part in folder.iterdir():
                if part.name == _OWNER:
                    continue
                if part.is_dir() and not part.is_symlink():
                    shutil.rmtree(part)
                else:
                    part.unlink()
            (folder / _OWNER).unlink()
            folder.rmdir()
        except (OSError, ValueError, OverflowError, psutil.Error):
            continue


def _left(folder: Path, now: float) -> bool:
    """Whether ``folder`` is a conversion's that is over and whose Quire is gone."""
    import psutil

    found = folder.lstat()
    if not stat.S_ISDIR(found.st_mode):
        return False  # (a link, or a file so named: not Quire's)
    if hasattr(os, "getuid") and found.st_uid != os.getuid():
        return False  # (another user's)
    owner = (folder / _OWNER).lstat()
    if not stat.S_ISREG(owner.st_mode) or owner.st_size > 64 or now - owner.st_mtime < _LEFT_AFTER:
        return False  # (a pipe or a link named so; or a conversion that may be running)
    pid, _, started = (folder / _OWNER).read_text(encoding="ascii").partition(" ")
    if int(pid) == os.getpid():
        return False
    try:
        alive = abs(psutil.Process(int(pid)).create_time() - float(started)) < 2.0
    except (psutil.Error, ValueError, OverflowError):
        alive = False
    return not alive


def _stop(process: subprocess.Popen[bytes], posix: bool) -> None:
    """Stop LibreOffice and what it started (soffice is a launcher: soffice.bin does the
    work, and would go on converting, and hold the folder, without it)."""
    if posix:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except OSError:
            process.kill()
    else:
        subprocess.run(
            ["taskkill", "/T", "/F", "/PID", str(process.pid)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        process.kill()
    process.wait()


_APPLICATION = re.compile(rb"<Application>LibreOffice/(\d+(?:\.\d+)*)")


def _version(package: bytes) -> str:
    """The version of LibreOffice that wrote ``package`` (its docProps/app.xml says it)."""
    try:
        with zipfile.ZipFile(io.BytesIO(package)) as archive:
            found = _APPLICATION.search(archive.read("docProps/app.xml"))
    except (KeyError, zipfile.BadZipFile):
        return ""
    return found.group(1).decode("ascii") if found else ""


def converted_note(path: Path, version: str) -> Note:
    named = f"LibreOffice {version}" if version else "LibreOffice"
    return Note(
        f"{path.name} was converted with {named} to read it; the translation is written "
        f"as {KINDS[path.suffix.lower()].save_as}",
        "document.converted",
        {"name": path.name, "version": version, "save_as": KINDS[path.suffix.lower()].save_as},
    )


# What a file named as an old Office one may really be, read by that format's reader: Rich
# Text (Word and others export "Word" files so), a web page (Word's "Save as Web Page",
# reports and web apps' "Excel" downloads, often a bare <table>) or a newer package renamed.
_HTML = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|table)\b",
    re.I | re.S,
)


def _really(data: bytes) -> tuple[str, str] | None:
    """What ``data`` is, when it is no binary Office file but a format Quire reads as it is:
    its suffix and its kind's name; None for one to convert."""
    head = data[:4096].removeprefix(b"\xef\xbb\xbf")
    if head.lstrip(b" \t\r\n").startswith(b"{\\rtf"):
        return ".rtf", "Rich Text"
    if _HTML.match(head):
        return ".html", "HTML"
    if data.startswith(b"PK\x03\x04"):
        from engine.documents.registry import actual_suffix

        actual = actual_suffix(data)
        if actual is not None:
            return actual, actual.removeprefix(".").upper()
    return None


def _read_as(path: Path, name: str, actual: str) -> Note:
    return Note(
        f"{path.name} is {_a(name)} {name} file with a {path.suffix} name: it is read as one, "
        f"and its translation written as {actual}",
        "document.read_as_its_kind",
        {"name": path.name, "kind": name, "suffix": path.suffix, "save_as": actual},
    )


def _a(name: str) -> str:
    """The article before ``name`` said aloud: an ODT, an HTML, a Rich Text."""
    initialism = name[1:2].isupper()  # (said letter by letter)
    return "an" if name[:1] in ("AEFHILMNORSX" if initialism else "AEIOU") else "a"


def written_as(path: Path) -> tuple[str, ...] | None:
    """What ``path`` (an old Office name) is written as where its bytes say it is another
    format read as itself (a renamed .odt: .odt); None where it is converted, or unreadable."""
    try:
        if path.stat().st_size > MAX_DOCUMENT_BYTES:
            return None
        data = path.read_bytes()
    except OSError:
        return None
    if path.suffix.lower() == ".pot" and not data.startswith(_OLE2):
        return None
    if mhtml.is_mhtml(data):
        return (path.suffix.lower(),)  # (Word opens it by that name: kept)
    really = _really(data)
    return None if really is None else (really[0],)


def read(
    data: bytes, path: Path, *, waiting: Waiting | None = None, encoding: str | None = None
) -> Document:
    """The document in ``data``: converted with LibreOffice and read as its newer kind, or
    read as what it really is (an RTF file named .doc, a gettext template named .pot)."""
    from engine.documents.registry import READERS

    suffix = path.suffix.lower()
    if suffix == ".pot" and not data.startswith(_OLE2):
        from engine.documents import po

        return po.read(data, path, encoding=encoding)  # (gettext's template, the commoner)
    if mhtml.is_mhtml(data):
        # Confluence's "Export to Word" and Word's own "Single File Web Page" under a .doc
        # name: a web archive, which LibreOffice would convert into something else. Read as
        # one and written under its name, which Word opens as it did.
        document = mhtml.read(data, path)
        document.output_suffixes = (suffix,)
        document.notes = (*document.notes, _read_as(path, "web archive (MHTML)", suffix))
        return document
    really = _really(data)
    if really is not None:
        actual, name = really
        document = READERS[actual](data, path)
        document.output_suffixes = (actual,)
        document.notes = (*document.notes, _read_as(path, name, actual))
        return document
    soffice = find_soffice()
    if soffice is None:
        raise needs_libreoffice(path)
    converted, version = convert(data, path, soffice, waiting=waiting)
    kind = KINDS[suffix]
    document = READERS[kind.save_as](converted, path)
    document.output_suffixes = (kind.save_as,)
    document.notes = (converted_note(path, version), *document.notes)
    return document


__all__ = [
    "KINDS",
    "TIMEOUT_SECONDS",
    "convert",
    "find_soffice",
    "needs_libreoffice",
    "read",
    "sweep",
    "written_as",
]
