"""The user's LibreOffice, converting a copy of a document another program saved into a kind
Quire reads (.docx, .xlsx, .pptx): found where its installers put it, run on a copy in a
folder of its own with a throwaway profile that runs no macro, stopped on cancel or after a
time, and what a killed Quire left swept away. Used by office97 and imported."""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from engine.documents.errors import DocumentError
from engine.documents.limits import MAX_DOCUMENT_BYTES
from engine.text.sizes import human_size

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


@dataclass(frozen=True)
class Target:
    """What a conversion writes, by which of LibreOffice's filters, and the program whose file
    the source is, which saves it so on the user's own (the refusals' other remedy)."""

    save_as: str  # (".docx")
    filter: str  # LibreOffice's export filter ("docx:MS Word 2007 XML")
    program: str  # ("Word", "Pages")
    infilter: str = ""  # LibreOffice's import filter; "": its own choice by the file's bytes
    # The program's "File > Export To" item that writes ``save_as`` (Pages: "Word"), where it
    # exports rather than saves one; "": it saves one
    export: str = ""
    # What the user saves it as on their own where its program saves no ``save_as`` (Works
    # 4-2000, StarOffice 5 and OpenOffice.org 1 save no .docx, but Rich Text, which Quire
    # reads itself): "Rich Text (.rtf)"; None: its program saves nothing Quire reads (Write)
    saves: str | None = ""
    # The program that opens it and saves ``saves`` or ``save_as`` where its own does not
    # (Word opens WordPerfect 5.x to X9's files); "": its own
    opener: str = ""


def remedy(target: Target) -> str:
    """How the user gets the file as something Quire reads on their own: "save it as .docx in
    Word", "save it as Rich Text (.rtf) in Works", "open it in Word and save it as .docx", or
    "export it as Word (.docx) from Pages (File > Export To > Word)"; "" where there is no
    such way (Write's file: only LibreOffice reads it now)."""
    if target.export:
        return (
            f"export it as {target.export} ({target.save_as}) from {target.program} "
            f"(File > Export To > {target.export})"
        )
    if target.saves is None:
        return ""
    saves = target.saves or target.save_as
    if target.opener:
        return f"open it in {target.opener} and save it as {saves}"
    return f"save it as {saves} in {target.program}"


def _first_up(text: str) -> str:
    return text[:1].upper() + text[1:]


def _params(target: Target) -> dict[str, str]:
    """The refusals' words for the desktop: the program, what the user saves (or exports) it
    as and in which program (``opener``, where not its own); no ``save_as`` where there is no
    such way (Write's)."""
    params = {"program": target.program}
    if target.saves is not None:
        params["save_as"] = target.saves or target.save_as
    if target.export:
        params["export"] = target.export
    if target.opener:
        params["opener"] = target.opener
    return params


def needs_libreoffice(path: Path, target: Target) -> DocumentError:
    """The refusal of a file Quire reads by conversion where no LibreOffice is installed."""
    return DocumentError(
        f"Quire reads {path.suffix} files by converting them with LibreOffice, which is not "
        "installed",
        path=path,
        hint=f"{_first_up(remedy(target))}, or install LibreOffice (libreoffice.org) and "
        "Quire converts it, then try again"
        if remedy(target)
        else "Install LibreOffice (libreoffice.org) and Quire converts it, then try again",
        message_id="document.needs_libreoffice",
        params={"suffix": path.suffix, **_params(target)},
    )


def _broken(path: Path, target: Target, soffice: Path, why: str) -> DocumentError:
    """The refusal where LibreOffice itself failed (did not start, stopped with an error),
    not the file: its own words in ``why``."""
    return DocumentError(
        f"LibreOffice ({soffice}) did not run: {why}",
        path=path,
        hint="Check that LibreOffice starts on its own and reinstall it if not"
        + (f", or {remedy(target)}" if remedy(target) else "")
        + ", then try again",
        message_id="document.libreoffice_broken",
        params={"soffice": str(soffice), "why": why, **_params(target)},
    )


def _too_long(path: Path, target: Target) -> DocumentError:
    seconds = f"{TIMEOUT_SECONDS:.0f}"
    return DocumentError(
        f"LibreOffice took longer than {seconds} seconds to convert the file, and was stopped",
        path=path,
        hint="A large file takes long: try again when the computer is less busy"
        + (f", or {remedy(target)} and translate that" if remedy(target) else ""),
        message_id="document.conversion_too_long",
        params={"seconds": seconds, **_params(target)},
    )


def convert(
    data: bytes,
    path: Path,
    soffice: Path,
    target: Target,
    *,
    unopened: Callable[[], DocumentError],
    waiting: Waiting | None = None,
) -> tuple[bytes, str]:
    """``data`` (``path``'s bytes, or a package's as one file) converted by ``soffice`` into
    ``target``, and the LibreOffice version that did it. A copy is converted in a folder of
    its own, with a profile of its own (a LibreOffice the user has open is not disturbed, nor
    their settings used) and its temporary files inside it; ``waiting()`` is called while it
    runs, and what it raises (``Cancelled``) stops it. ``unopened()``: the refusal of a file
    LibreOffice could not open (its kind's words)."""
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
            *([f"--infilter={target.infilter}"] if target.infilter else []),
            "--convert-to",
            target.filter,
            "--outdir",
            str(out),
            str(source),
        ]
        environ = {**os.environ, **dict.fromkeys(("TMPDIR", "TMP", "TEMP"), str(temporary))}
        said = _run(command, environ, work / "said.txt", path, target, soffice, waiting)
        written = [f for f in out.iterdir() if f.is_file()]
        if not written:
            if said.returncode != 0 and _LOADED_NOT not in said.text:
                raise _broken(path, target, soffice, said.why)
            raise unopened()
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
    return result, _version(result)


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
    target: Target,
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
            raise _broken(
                path, target, soffice, f"it could not be started ({exc.strerror})"
            ) from exc
        started = time.monotonic()
        try:
            while process.poll() is None:
                if waiting is not None:
                    waiting()
                if time.monotonic() - started > TIMEOUT_SECONDS:
                    raise _too_long(path, target)
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


__all__ = [
    "TIMEOUT_SECONDS",
    "Target",
    "Waiting",
    "convert",
    "find_soffice",
    "needs_libreoffice",
    "sweep",
]
