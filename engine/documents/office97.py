"""Word, Excel and PowerPoint 97–2003 files (.doc, .xls, .ppt and their templates and slide
shows): a copy converted to .docx, .xlsx or .pptx by the user's LibreOffice, then read and
written as that; one that is really RTF, HTML or a renamed package read as what it is."""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from engine.api import Note
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


_WORD = _Kind(".docx", "docx:MS Word 2007 XML", "Word")
_EXCEL = _Kind(".xlsx", "xlsx:Calc MS Excel 2007 XML", "Excel")
_POWERPOINT = _Kind(".pptx", "pptx:Impress MS PowerPoint 2007 XML", "PowerPoint")
KINDS: Mapping[str, _Kind] = {
    ".doc": _WORD,
    ".dot": _WORD,
    ".xls": _EXCEL,
    ".xlt": _EXCEL,
    ".ppt": _POWERPOINT,
    ".pps": _POWERPOINT,
    ".pot": _POWERPOINT,  # (a PowerPoint template by its bytes; else gettext's, see read)
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


def convert(
    data: bytes, path: Path, soffice: Path, *, waiting: Waiting | None = None
) -> tuple[bytes, str]:
    """``data`` (``path``'s bytes) converted by ``soffice`` into its kind's package, and the
    LibreOffice version that did it. A copy is converted in a folder of its own, with a
    profile of its own (a LibreOffice the user has open is not disturbed, nor their settings
    used); ``waiting()`` is called while it runs, and what it raises (``Cancelled``) stops
    it."""
    kind = KINDS[path.suffix.lower()]
    where = Path.home() if _sandboxed(soffice) else None
    with tempfile.TemporaryDirectory(prefix="quire-convert-", dir=where) as folder:
        work = Path(folder)
        source = work / f"document{path.suffix.lower()}"
        source.write_bytes(data)
        profile = work / "profile"
        (profile / "user").mkdir(parents=True)
        (profile / "user" / "registrymodifications.xcu").write_text(_PROFILE, encoding="utf-8")
        out = work / "out"
        out.mkdir()
        command = [
            str(soffice),
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            "--convert-to",
            kind.filter,
            "--outdir",
            str(out),
            str(source),
        ]
        _run(command, path, waiting)
        converted = out / f"document{kind.save_as}"
        if not converted.is_file():
            raise _failed(path, "it wrote nothing")
        if converted.stat().st_size > MAX_DOCUMENT_BYTES:
            raise DocumentError(
                "The file converted by LibreOffice is larger than the "
                f"{human_size(MAX_DOCUMENT_BYTES)} a document may be",
                path=path,
                hint="Split it into smaller files, then translate those",
            )
        result = converted.read_bytes()
    return result, _version(result)


def _run(command: list[str], path: Path, waiting: Waiting | None) -> None:
    """Run LibreOffice to its end, stopped (it and what it started) on ``waiting``'s
    exception or after ``TIMEOUT_SECONDS``."""
    posix = os.name == "posix"
    try:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=posix,  # (its soffice.bin with it, to stop them together)
        )
    except OSError as exc:
        raise _failed(path, f"it could not be started: {exc.strerror}") from exc
    started = time.monotonic()
    try:
        while process.poll() is None:
            if waiting is not None:
                waiting()
            if time.monotonic() - started > TIMEOUT_SECONDS:
                raise _failed(path, f"it took more than {TIMEOUT_SECONDS:.0f} seconds")
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(_POLL_SECONDS)
    finally:
        if process.poll() is None:
            _stop(process, posix)


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
    really = _really(data)
    if really is not None:
        actual, name = really
        document = READERS[actual](data, path)
        document.output_suffixes = (actual,)
        document.notes = (
            *document.notes,
            Note(
                f"{path.name} is a {name} file with a {path.suffix} name: it is read as one, "
                f"and its translation written as {actual}",
                "document.read_as_its_kind",
                {"name": path.name, "kind": name, "suffix": path.suffix, "save_as": actual},
            ),
        )
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


__all__ = ["KINDS", "TIMEOUT_SECONDS", "convert", "find_soffice", "needs_libreoffice", "read"]
