"""Reading user inputs and writing outputs safely: a temporary file renamed into place, and
never onto an input."""

from __future__ import annotations

import codecs
import contextlib
import errno
import hashlib
import os
import re
import secrets
import socket
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path, PurePath
from typing import BinaryIO, TypeVar

from engine.errors import EngineError, InputError
from engine.text.encoding import TextEncoding, decode
from engine.text.sizes import human_size

MAX_TEXT_BYTES = 200 * 1024 * 1024


def read_bytes(
    path: Path, *, limit: int = MAX_TEXT_BYTES, error: type[EngineError] = InputError
) -> bytes:
    """A user's file, whole; every failure is ``error`` naming the file and what to do."""
    if path.is_dir():
        raise error(
            "This is a folder, not a file",
            path=path,
            hint="Give a single file",
            message_id="file.folder",
        )
    try:
        found = path.stat()
        if stat.S_ISCHR(found.st_mode) or stat.S_ISBLK(found.st_mode):
            # /dev/zero was "larger than the 200 MB limit: raise the limit", which no limit
            # helps (a named pipe is read: `<(command)` is one).
            raise error(
                "This is a device, not a file",
                path=path,
                hint="Give a file, or - for standard input",
            )
        if found.st_size > limit:
            raise _too_large(error, limit, path)
        # Read to the limit and no further: a pipe (a FIFO, `<(command)`) has no size to
        # check beforehand, and a file may grow while it is read.
        with path.open("rb") as fh:
            data = _read_upto(fh, limit)
        if len(data) > limit:
            raise _too_large(error, limit, path)
        return data
    except FileNotFoundError:
        raise error(
            "No such file",
            path=path,
            hint="Check the name and the folder it is in",
            message_id="file.missing",
        ) from None
    except PermissionError:
        raise error(
            "Quire may not read this file",
            path=path,
            hint="Check the file's permissions, or copy it somewhere you may read it",
            message_id="file.denied",
        ) from None
    except OSError as exc:
        raise error(f"The file cannot be read: {exc.strerror}", path=path) from exc


def _too_large(error: type[EngineError], limit: int, path: Path | None) -> EngineError:
    where = "The file" if path is not None else "Standard input"
    return error(
        f"{where} is larger than the {human_size(limit)} limit",
        path=path,
        hint="Split it into smaller files, or raise the limit (--max-size)"
        if path is not None
        else "Give less text",
        message_id="file.too_large",
        params={"limit_mb": limit // (1024 * 1024)},
    )


_CHUNK = 1 << 20


def _read_upto(fh: BinaryIO, limit: int) -> bytes:
    """At most ``limit + 1`` bytes of ``fh`` (one more than allowed tells it was too long),
    read a megabyte at a time: ``read(limit + 1)`` would allocate the whole limit at once."""
    parts: list[bytes] = []
    left = limit + 1
    while left > 0:
        part = fh.read(min(_CHUNK, left))
        if not part:
            break
        parts.append(part)
        left -= len(part)
    return b"".join(parts)


def read_stdin(limit: int = MAX_TEXT_BYTES) -> bytes:
    """Standard input, whole, up to ``limit`` bytes (more is an ``InputError``)."""
    data = _read_upto(sys.stdin.buffer, limit)
    if len(data) > limit:
        raise _too_large(InputError, limit, None)
    return data


# Files whose kind their name says is not text, whatever their bytes decode to (a few bytes of
# a damaged or placeholder image can pass for Shift-JIS text).
BINARY_SUFFIXES = frozenset((
    ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp", ".tif", ".tiff", ".ico", ".heic",
    ".mp3", ".wav", ".flac", ".ogg", ".m4a", ".aac", ".mp4", ".mkv", ".avi", ".mov", ".webm",
    ".zip", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".rar", ".tar", ".exe", ".dll", ".so",
    ".dylib", ".onnx", ".safetensors", ".pt", ".pyc", ".class", ".jar", ".iso", ".dmg",
    ".sqlite", ".db",
))  # fmt: skip


# Documents whose kind their name says, in formats Quire does not read: what to save one as,
# and in which program. Refused by name before any work (read as text, an RTF file's control
# words would go to the model; an old spreadsheet's OLE bytes are "not text"), by the command
# line and by the document registry (the app's queue) alike.
# (Word's, Excel's and PowerPoint's 97-2003 files are read: see documents.office97; Pages',
# Keynote's and Numbers', WordPerfect's, Works', Write's, StarOffice's, Hangul's and .xlsb:
# see documents.imported.)
OTHER_DOCUMENTS: dict[str, tuple[str, str]] = {
    # AbiWord's and Lotus Word Pro's, which LibreOffice opens (no real file of theirs was at
    # hand to judge its import on, as WordPerfect's, Works' and Write's were: documents.imported).
    ".abw": (".docx", "AbiWord or LibreOffice"),
    ".zabw": (".docx", "AbiWord or LibreOffice"),
    ".lwp": (".docx", "Word Pro or LibreOffice"),
    # StarOffice 3 to 5's Impress and Draw (one suffix or the other for either): LibreOffice's
    # conversion of a drawing into .pptx comes out empty (libstaroffice's Draw 3.1 and 4
    # .sdd files), so they are saved in LibreOffice as what Quire reads.
    ".sdd": (".odp", "LibreOffice Impress (a drawing: as .odg in LibreOffice Draw)"),
    ".sda": (".odg", "LibreOffice Draw (a presentation: as .odp in LibreOffice Impress)"),
    # InDesign's own documents and templates: binary, read by InDesign alone.
    ".indd": (".idml", "InDesign (File > Export > InDesign Markup (IDML))"),
    ".indt": (".idml", "InDesign (File > Export > InDesign Markup (IDML))"),
    # Visio 2003-2010's binary drawings and their XML (.vdx, which Visio 2013 and later no
    # longer write: the same text in another vocabulary, cells as elements, languages as
    # numbers): LibreOffice Draw opens both.
    ".vsd": (".vsdx", "Visio (or as .odg in LibreOffice Draw)"),
    ".vdx": (".vsdx", "Visio (or as .odg in LibreOffice Draw)"),
    # E-books in Kindle's and other readers' formats; FictionBook 3 (a zip of its own layout,
    # LitRes' books, which it sells as .fb2 too).
    ".mobi": (".epub", "Calibre"),
    ".azw": (".epub", "Calibre"),
    ".azw3": (".epub", "Calibre"),
    ".kfx": (".epub", "Calibre"),
    ".lit": (".epub", "Calibre"),
    ".fb3": (".fb2", "the store or library it came from"),
    # Mail: an mbox file is a whole mailbox, one message after another.
    ".mbox": (".eml", "Thunderbird or Apple Mail, one message at a time"),
}


# Suffixes of two parts that name a document's format (a FictionBook zipped as libraries hand
# them out, book.fb2.zip: its last part alone, .zip, says only "an archive").
DOUBLE_SUFFIXES = (".fb2.zip",)


def document_suffix(path: PurePath) -> str:
    """The suffix that names ``path``'s format, in lower case: its last (``.docx``), or both
    of a double one (``.fb2.zip``)."""
    name = path.name.lower()
    double = next((s for s in DOUBLE_SUFFIXES if name.endswith(s) and name != s), None)
    return double or path.suffix.lower()


# Subtitles as pictures (what each holds, and the menu of Subtitle Edit's OCR that opens it):
# VobSub's (a .sub of MPEG packs, known by its bytes since MicroDVD's .sub is text, and the
# .idx index beside it) and Blu-ray's PGS (.sup). Refused by name: read as text, an .idx's
# palette and timings went to the model, and a .sup was "a binary file, not text".
PICTURE_SUBTITLES: dict[str, tuple[str, str]] = {
    ".sub": ("VobSub", "File, Import/OCR VobSub"),
    ".idx": ("VobSub", "File, Import/OCR VobSub, which opens it with its .sub"),
    ".sup": ("Blu-ray PGS", "File, Import/OCR Blu-ray .sup"),
}


def picture_subtitles(path: Path, *, error: type[EngineError] = InputError) -> EngineError:
    """The refusal of a file of subtitles as pictures (``PICTURE_SUBTITLES``), with how to
    turn them into text."""
    suffix = path.suffix.lower()
    kind, menu = PICTURE_SUBTITLES[suffix]
    return error(
        f"This {suffix} file holds pictures of subtitles ({kind}), not text",
        path=path,
        hint=f"Turn them into text with a subtitle editor's OCR (Subtitle Edit: {menu}), "
        "save as .srt, then translate that",
        message_id="document.image_subtitles",
        params={"suffix": suffix, "kind": kind},
    )


# Visio's stencils (.vssx, .vssm with macros; .vss, Visio 2003-2010's binary one): shapes to
# draw with, not a drawing. Read as text, a .vssx was "a binary file, not text".
STENCILS = frozenset([".vssx", ".vssm", ".vss"])


# A manual page as distributions install it (ls.1.gz, ssl.7ssl.bz2, foo.man.xz): a
# section's digit and letters, not a rotated log's or a dump's number (access.log.2.gz,
# dump.20240101.gz), and roff's requests at its start where Python can uncompress it.
_COMPRESSED_PAGE = re.compile(r".+\.(?:[1-9][a-z]*|0p|n|man)\.(?:gz|bz2|xz|lzma|zst|z)")
_ROFF_START = re.compile(rb"\A(?:[ \t]*(?:[.'][ \t]*\\\"[^\n]*)?\r?\n)*[.'][ \t]*[A-Za-z]")
# The command that uncompresses each kind, keeping the compressed file (-k).
_UNCOMPRESS = {".gz": "gunzip -k", ".bz2": "bunzip2 -k", ".xz": "unxz -k", ".lzma": "unlzma -k",
               ".zst": "unzstd", ".z": "uncompress -c"}  # fmt: skip


def _compressed_page(path: Path) -> bool:
    """Whether ``path`` is named as a compressed manual page and, where Python can
    uncompress its kind, begins as one (a rotated log named syslog.1.gz does not)."""
    if not _COMPRESSED_PAGE.fullmatch(path.name.lower()):
        return False
    import bz2
    import lzma
    import zlib

    kind = path.suffix.lower()
    unpack: Callable[[bytes], bytes]
    if kind == ".gz":
        unpack = zlib.decompressobj(wbits=31).decompress
    elif kind == ".bz2":
        unpack = bz2.BZ2Decompressor().decompress
    elif kind in (".xz", ".lzma"):
        unpack = lzma.LZMADecompressor().decompress
    else:  # (.zst, .Z: the name alone says it)
        return True
    try:
        with path.open("rb") as packed:  # (its first bytes: the page's first lines)
            start = unpack(packed.read(65536))[:4096]
    except (OSError, EOFError, zlib.error, lzma.LZMAError):
        return True  # (damaged: named as a page, and told how to uncompress it)
    return _ROFF_START.match(start) is not None


def _uncompress(path: Path) -> str:
    """The command line that uncompresses a compressed manual page beside it."""
    command = _UNCOMPRESS[path.suffix.lower()]
    if command.endswith("-c"):  # (uncompress -k is not everywhere)
        return f"{command} {path.name} > {path.stem}"
    return f"{command} {path.name}"


def refuse_other_document(
    path: Path, *, error: type[EngineError] = InputError, supported: str = ""
) -> None:
    """Refuse ``path`` when its name says it is a document in a format Quire does not read
    (``OTHER_DOCUMENTS``), with what to save it as, or subtitles as pictures (a .sup, an
    .idx), with how to make them text. ``supported``: the formats Quire reads, for a front
    end's message (``document.unsupported``); without it the id is
    ``file.other_document``."""
    suffix = path.suffix.lower()
    if suffix in (".sup", ".idx"):
        raise picture_subtitles(path, error=error)
    if _compressed_page(path):
        raise error(
            "This is a compressed manual page, which Quire reads uncompressed",
            path=path,
            hint=f"Uncompress it first ({_uncompress(path)}), then translate {path.stem}",
            message_id="document.compressed_manual_page",
            params={"name": path.stem, "command": _uncompress(path)},
        )
    if suffix in STENCILS:
        raise error(
            "This is a Visio stencil (shapes to draw with, not a drawing), which Quire does "
            "not translate",
            path=path,
            hint="Give a drawing made with its shapes (.vsdx) instead",
            message_id="document.stencil",
            params={"suffix": path.suffix},
        )
    if suffix not in OTHER_DOCUMENTS:
        return
    if suffix == ".fb3":
        raise fictionbook3(path, error=error)
    save_as, editor = OTHER_DOCUMENTS[suffix]
    if save_as == ".docx" and _is_rtf(path):
        # Programs that export "Word" files often write Rich Text under such a name.
        raise error(
            f"This is a .rtf file with a {path.suffix} name",
            path=path,
            hint=f"Rename it to {path.stem}.rtf, then retry",
            message_id="document.renamed",
            params={"actual": ".rtf", "suffix": path.suffix, "name": f"{path.stem}.rtf"},
        )
    hint = f"Save it as {save_as} in {editor}, then try again with that"
    params: dict[str, str | int | float] = {
        "suffix": path.suffix,
        "save_as": save_as,
        "editor": editor,
    }
    if supported:
        params["supported"] = supported
    raise error(
        f"Quire cannot read {path.suffix} files",  # (to translate, summarize, ask …)
        path=path,
        hint=hint,
        message_id="document.unsupported" if supported else "file.other_document",
        params=params,
    )


def fictionbook3(path: Path, *, error: type[EngineError] = InputError) -> EngineError:
    """The refusal of a FictionBook 3 book, named so or found inside a zipped book (a zip of
    its own layout; LitRes, which sells it, sells each book as .fb2 too)."""
    save_as, where = OTHER_DOCUMENTS[".fb3"]
    return error(
        "This is a FictionBook 3 book (.fb3), which Quire cannot read",
        path=path,
        hint=f"Download it as {save_as} from {where}, then try again with that",
        message_id="document.fb3",
        params={"suffix": path.suffix},
    )


def read_head(path: Path, size: int) -> bytes:
    """The first ``size`` bytes of a regular file, to tell what it holds before reading it;
    nothing for one that cannot be read or is no regular file (a pipe, which a second
    reading would find empty): its reader says what is wrong."""
    if not path.is_file():
        return b""
    try:
        with open(path, "rb") as file:
            return file.read(size)
    except OSError:
        return b""


def head_text(head: bytes) -> str:
    """A file's first bytes as text enough to tell its kind by ASCII markers: UTF-16 as its
    byte order mark says, else byte for byte (a UTF-8 byte order mark dropped)."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return head[: len(head) // 2 * 2].decode("utf-16", "replace")
    return head.removeprefix(codecs.BOM_UTF8).decode("latin-1")


def _is_rtf(path: Path) -> bool:
    """Whether the file starts as Rich Text does."""
    return read_head(path, 64).lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf")


def read_decoded(
    path: Path | str,
    *,
    limit: int = MAX_TEXT_BYTES,
    encoding: str | None = None,
    what: str = "text",
) -> tuple[str, TextEncoding]:
    """A text file's contents (``-``: stdin) and the encoding they were in: ``encoding`` (a
    label) when given, else detected (``engine.text.encoding``). A document in a format
    Quire does not read (``OTHER_DOCUMENTS``) is refused by its name."""
    if str(path) == "-":
        return decode(read_stdin(limit), None, encoding=encoding, what=what)
    path = Path(path)
    refuse_other_document(path)
    if path.suffix.lower() in BINARY_SUFFIXES and encoding is None:
        raise InputError(
            f"A {path.suffix.lower()} file is not text",
            path=path,
            hint="Give a text file or a supported document",
            message_id="file.binary",
        )
    return decode(read_bytes(path, limit=limit), path, encoding=encoding, what=what)


def read_text(path: Path | str, *, limit: int = MAX_TEXT_BYTES, encoding: str | None = None) -> str:
    """A text file's contents, or ``-`` for stdin, in any encoding ``read_decoded`` reads."""
    return read_decoded(path, limit=limit, encoding=encoding)[0]


def _refuse_special(output: Path) -> None:
    """Refuse ``-`` (it is no file here) and what is not a regular file (/dev/stdout, a
    named pipe): the output is written beside it and renamed onto it, which would put a
    regular file in its place."""
    if str(output) == "-":
        raise InputError(
            "-o - is not a file",
            hint="Leave -o out to print the result on standard output",
        )
    path = output.expanduser()
    try:
        there = path.exists()
    except OSError as exc:  # a name longer than the disk allows, say
        raise _cannot_write(f"Cannot write here: {exc.strerror}", output, exc) from exc
    if there and not path.is_file() and not path.is_dir():
        raise InputError(
            "The output is not a regular file (a device, a pipe or a socket)",
            path=output,
            hint="Give a file name, or leave -o out to print the result",
            message_id="file.output_not_regular",
        )


def _same_file(item: Path, target: Path) -> bool:
    """Whether ``target`` names the file ``item`` is: by path, or as the disk tells (on macOS
    and Windows ``notes.txt`` is ``Notes.txt``, which ``resolve`` keeps as typed)."""
    if item.resolve() == target:
        return True
    try:
        return target.exists() and os.path.samefile(item, target)
    except OSError:
        return False


def check_output(output: Path, inputs: Iterable[Path | str]) -> None:
    """Refuse to write onto an input file, a folder, or what is not a regular file."""
    target = output.expanduser().resolve()
    for item in inputs:
        if str(item) != "-" and _same_file(Path(item).expanduser(), target):
            raise InputError(
                "The output would overwrite an input file",
                path=output,
                hint="Choose another -o",
                message_id="file.output_is_input",
            )
    if target.is_dir():
        raise InputError(
            "The output is a folder",
            path=output,
            hint="Give a file name",
            message_id="file.output_is_folder",
        )
    _refuse_special(output)
    # Where the output is written: beside the name given (a link there is replaced, not
    # followed; ``write_atomic``), so that is the folder to try.
    _check_writable(output.expanduser().absolute(), output)


def _check_writable(target: Path, output: Path) -> None:
    """Find out now, not after the work, that the output cannot be written there (a read-only
    disk, a folder without write permission): a file is made beside it and removed; where its
    folder is still to be made, the nearest folder that exists must take new entries."""
    folder = target.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if folder == target.parent:
        try:
            fd, probe = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=".probe", dir=folder)
        except OSError as exc:
            raise InputError(
                f"Cannot write here: {exc.strerror}",
                path=output,
                hint="Choose another -o",
                message_id="file.cannot_write",
                params={"reason": exc.strerror or type(exc).__name__},
            ) from exc
        os.close(fd)
        with contextlib.suppress(OSError):  # held a moment by a virus scanner, say
            Path(probe).unlink()
    elif not os.access(folder, os.W_OK | os.X_OK):
        raise InputError(
            "Cannot make the output's folder here",
            path=output,
            hint="Choose another -o",
            message_id="file.cannot_write",
            params={"reason": os.strerror(errno.EACCES)},
        )


_WRITE_HINTS = {
    errno.ENOSPC: "Free some space on that disk, or choose a folder on another one",
    getattr(
        errno, "EDQUOT", -1
    ): "Free some of your space on that disk, or choose a folder on another one",
    errno.ENAMETOOLONG: "The name is longer than the disk allows: give a shorter one (-o)",
}


def _cannot_write(message: str, path: Path, exc: OSError) -> InputError:
    return InputError(
        message,
        path=path,
        hint=_WRITE_HINTS.get(
            exc.errno or 0, "Choose another folder, or check that you may write to it"
        ),
        message_id="file.cannot_write",
        params={"reason": exc.strerror or type(exc).__name__},
    )


def write_atomic(
    path: Path, data: str | bytes, *, replace: bool = True, private: bool = False
) -> Path:
    """Write to a temporary file beside ``path`` and rename it into place when complete.
    Without ``replace``, a file already at ``path`` is kept and the data goes to the first
    free ``NAME (2).ext``, ``NAME (3).ext``, … (each taken without a window in which another
    writer's file could be overwritten). ``private``: Quire's own record of the user's texts
    (the history, drafts), readable by this user only, in a folder made so. Returns the path
    written."""
    path = path.expanduser()
    payload = data.encode("utf-8") if isinstance(data, str) else data
    _refuse_special(path)
    try:
        if private:
            private_folder(path.parent)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = _new_part(path.parent, PRIVATE_MODE if private else 0o666)
    except OSError as exc:
        raise _cannot_write(f"Cannot write here: {exc.strerror}", path, exc) from exc
    _sweep(path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        if replace:
            os.replace(tmp, path)
            return path
        return _rename_new(Path(tmp), path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise _cannot_write(f"Cannot write the output: {exc.strerror}", path, exc) from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# Temporary files are named for Quire, the machine and the process writing them, not for the
# output: a name near the file system's 255-byte limit still leaves room, and one a killed
# process left behind is known for what it is. Only this machine's are ever removed: another
# machine's process ids mean nothing here (cluster nodes write into one shared folder).
TEMP_PREFIX = ".quire-"
_PART = re.compile(r"\.quire-([0-9a-f]{4})-(\d+)-[^.]*\.part")
_SWEEP_AGE_S = 60.0  # (and a minute old: a process id may be reused)
_swept: set[Path] = set()


def _host() -> str:
    return hashlib.sha1(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:4]


def _new_part(folder: Path, mode: int = 0o666) -> tuple[int, str]:
    """A new temporary file in ``folder``, open for writing, with the mode a new file gets
    here now (``mode`` less the process's umask at this moment, as if the output had been
    written directly; mkstemp's are private, and the umask read once was a program's old
    one)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        name = os.path.join(folder, f"{part_prefix()}{secrets.token_hex(4)}.part")
        try:
            return os.open(name, flags, mode), name
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "No temporary file name was free", str(folder))


# Quire's own records of the user's texts (the history, drafts, interrupted translations'
# journals, crash reports) are this user's alone, whatever the umask: on a shared machine
# 0644 let every local user read them.
PRIVATE_MODE = 0o600


def private_folder(path: Path) -> Path:
    """``path`` made (with its parents) if missing; a folder made here is this user's
    alone (a folder that was there keeps its mode: it may be the user's own)."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def open_private(path: Path, *, read: bool = False) -> BinaryIO:
    """``path`` open for appending (and reading, with ``read``), made this user's alone; a
    file an earlier version made readable by others is made private too."""
    private_folder(path.parent)
    flags = (os.O_RDWR if read else os.O_WRONLY) | os.O_CREAT | os.O_APPEND
    fd = os.open(path, flags | getattr(os, "O_BINARY", 0), PRIVATE_MODE)
    if hasattr(os, "fchmod"):  # (POSIX: Windows has ACLs, and no group and other bits)
        with contextlib.suppress(OSError):
            if os.fstat(fd).st_mode & 0o077:
                os.fchmod(fd, PRIVATE_MODE)
    return os.fdopen(fd, "a+b" if read else "ab")


def part_prefix(pid: int | None = None) -> str:
    """The start of the name of a temporary file process ``pid`` (this one) writes here."""
    return f"{TEMP_PREFIX}{_host()}-{os.getpid() if pid is None else pid}-"


def _sweep(folder: Path) -> None:
    """Remove the temporary files a killed Quire on this machine left in ``folder`` (its
    process gone, the file a minute old), once per folder and process."""
    if folder in _swept:
        return
    _swept.add(folder)
    import psutil

    now, host = time.time(), _host()
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            match = _PART.fullmatch(entry.name)
            if match is None or match.group(1) != host or int(match.group(2)) == os.getpid():
                continue
            with contextlib.suppress(OSError):
                if now - entry.stat(follow_symlinks=False).st_mtime < _SWEEP_AGE_S:
                    continue
                if not psutil.pid_exists(int(match.group(2))):
                    os.unlink(entry.path)


P = TypeVar("P", bound=PurePath)  # a Path, or an archive's or object store's PurePosixPath


def numbered(path: P, number: int) -> P:
    """``NAME (number).ext`` beside ``path`` (``path`` itself for 1)."""
    return path if number == 1 else path.with_name(f"{path.stem} ({number}){path.suffix}")


def name_key(path: PurePath) -> str:
    """What two paths share when they name one file on any system Quire runs on: the
    absolute path, case folded (macOS and Windows do not tell ``A.docx`` from ``a.docx``)."""
    return os.path.normpath(os.path.abspath(path)).casefold()


def _rename_refusing(tmp: Path, candidate: Path) -> bool:
    """``tmp`` renamed to ``candidate`` unless a file is there (False), with no moment where
    another program's file made there would be replaced. Windows' rename refuses an existing
    file itself; elsewhere the name is taken first by creating it (O_EXCL), then replaced by
    the output, and the empty file taken is removed again if the rename fails."""
    if os.name == "nt":
        try:
            os.rename(tmp, candidate)
        except FileExistsError:
            return False
        return True
    try:
        taken = os.open(candidate, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return False
    mine = os.fstat(taken)
    os.close(taken)
    try:
        os.replace(tmp, candidate)
    except BaseException:
        with contextlib.suppress(OSError):
            there = os.stat(candidate)
            if (there.st_dev, there.st_ino, there.st_size) == (mine.st_dev, mine.st_ino, 0):
                os.unlink(candidate)  # (ours, still empty: no output looks written)
        raise
    return True


def _rename_new(tmp: Path, path: Path) -> Path:
    """``tmp`` moved to the first of ``path``, ``NAME (2).ext``, … that no file holds."""
    for number in range(1, 10_000):
        candidate = numbered(path, number)
        try:
            os.link(tmp, candidate)  # fails, rather than replaces, where a file is
        except FileExistsError:
            continue
        except OSError:
            # A file system without hard links (FAT, exFAT, some network shares).
            if _rename_refusing(tmp, candidate):
                return candidate
            continue
        tmp.unlink()
        return candidate
    raise OSError(errno.EEXIST, "Too many files of this name here", str(path))
