"""Reading user inputs and writing outputs safely: a temporary file renamed into place, and
never onto an input."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from engine.errors import InputError

MAX_TEXT_BYTES = 200 * 1024 * 1024


def read_text(path: Path | str) -> str:
    """A text file's contents, or ``-`` for stdin. UTF-8 (with or without BOM)."""
    if str(path) == "-":
        data = sys.stdin.buffer.read()
        where: Path | None = None
    else:
        where = Path(path)
        if where.is_dir():
            raise InputError("This is a folder, not a file", path=where)
        try:
            if where.stat().st_size > MAX_TEXT_BYTES:
                raise InputError("The file is larger than 200 MB", path=where)
            data = where.read_bytes()
        except FileNotFoundError:
            raise InputError("No such file", path=where) from None
        except PermissionError:
            raise InputError("Quire may not read this file", path=where) from None
        except OSError as exc:
            raise InputError(f"The file cannot be read: {exc.strerror}", path=where) from exc
    if b"\x00" in data[:8192]:
        raise InputError(
            "This looks like a binary file, not text", path=where, hint="Give a plain-text file"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"The text is not UTF-8 (byte {exc.start})",
            path=where,
            hint="Save the file as UTF-8 and try again",
        ) from None


def check_output(output: Path, inputs: Iterable[Path | str]) -> None:
    """Refuse to write onto an input file."""
    target = output.expanduser().resolve()
    for item in inputs:
        if str(item) != "-" and Path(item).expanduser().resolve() == target:
            raise InputError(
                "The output would overwrite an input file", path=output, hint="Choose another -o"
            )
    if target.is_dir():
        raise InputError("The output is a folder", path=output, hint="Give a file name")


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write to a temporary file beside ``path`` and rename it into place when complete."""
    path = path.expanduser()
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as exc:
        raise InputError(f"Cannot write here: {exc.strerror}", path=path) from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise InputError(f"Cannot write the output: {exc.strerror}", path=path) from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
