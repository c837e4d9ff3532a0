"""Where a batch reads and writes: a folder every worker sees (a local or mounted path), or
object storage reached through pyarrow's filesystems (``s3://bucket/prefix``). Workers read and
write here themselves; nothing passes through the driver's memory."""

from __future__ import annotations

import contextlib
import os
import posixpath
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.errors import InputError, install_extra
from engine.fileio import read_head

# Hidden, so a folder scan (ours or the user's) passes over it.
JOURNALS = ".quire-journal"


@dataclass(frozen=True, order=True)
class Entry:
    """A file of a storage: its path relative to the root (``/``-separated) and its size."""

    rel: str
    size: int
    outside: bool = False  # a link to a file outside the root (left out, said so)


@dataclass(frozen=True)
class Storage:
    """A root folder. ``fs`` is None for a path of this machine's file system (a shared folder
    mounted at the same place on every worker); otherwise a ``pyarrow.fs.FileSystem``, whose
    files a worker copies in and out of its own temporary folder. Picklable, so it travels to
    the workers."""

    root: str
    fs: Any = None

    @classmethod
    def at(cls, location: str | Path) -> Storage:
        text = str(location)
        if "://" in text and not text.startswith("file://"):
            try:
                from pyarrow import fs as pafs
            except ImportError:
                raise InputError(
                    f"{text} is object storage, which needs pyarrow",
                    hint=f"The cluster extra has it: {install_extra('cluster')}",
                ) from None
            try:
                filesystem, root = pafs.FileSystem.from_uri(text)
            except (ValueError, OSError) as exc:
                raise InputError(f"Quire cannot reach {text}: {exc}") from None
            return cls(root.rstrip("/"), filesystem)
        if text.startswith("file://"):
            text = text[len("file://") :]
        return cls(str(Path(text).expanduser().resolve()))

    @property
    def local(self) -> bool:
        return self.fs is None

    def __str__(self) -> str:
        if self.fs is None:
            return self.root
        return f"{self.fs.type_name}://{self.root}"

    def path(self, rel: str) -> Path:
        """A local storage's file as a path (only where ``local``)."""
        assert self.fs is None, "not a local storage"
        return Path(self.root, *rel.split("/")) if rel else Path(self.root)

    def name(self, rel: str) -> str:
        """How to name the file in a message."""
        return str(self.path(rel)) if self.fs is None else f"{self}/{rel}"

    def is_file(self, rel: str = "") -> bool:
        if self.fs is None:
            return self.path(rel).is_file()
        from pyarrow import fs as pafs

        return bool(self.fs.get_file_info(self._full(rel)).type == pafs.FileType.File)

    def is_dir(self, rel: str = "") -> bool:
        if self.fs is None:
            return self.path(rel).is_dir()
        from pyarrow import fs as pafs

        return bool(self.fs.get_file_info(self._full(rel)).type == pafs.FileType.Directory)

    def files(self, *, recursive: bool) -> list[Entry]:
        """Every file under the root (hidden ones included), in name order."""
        try:
            return self._files(recursive)
        except OSError as exc:
            raise InputError(
                f"The folder cannot be read: {exc.strerror or exc}",
                path=str(self),
                hint="Check that it exists and that you may read it",
            ) from None

    def _files(self, recursive: bool) -> list[Entry]:
        if self.fs is None:
            root = Path(self.root)
            found = root.rglob("*") if recursive else root.iterdir()
            inside = root.resolve()
            return sorted(
                Entry(
                    p.relative_to(root).as_posix(),
                    p.stat().st_size,
                    p.is_symlink() and not p.resolve().is_relative_to(inside),
                )
                for p in found
                if p.is_file()
            )
        from pyarrow import fs as pafs

        selector = pafs.FileSelector(self.root, recursive=recursive, allow_not_found=True)
        prefix = self.root + "/" if self.root else ""
        return sorted(
            Entry(info.path[len(prefix) :], int(info.size or 0))
            for info in self.fs.get_file_info(selector)
            if info.type == pafs.FileType.File
        )

    def size(self, rel: str) -> int | None:
        """A file's size in bytes; None when there is no such file."""
        if self.fs is None:
            try:
                return self.path(rel).stat().st_size
            except OSError:
                return None
        from pyarrow import fs as pafs

        info = self.fs.get_file_info(self._full(rel))
        return int(info.size) if info.type == pafs.FileType.File else None

    def read_head(self, rel: str, size: int) -> bytes:
        """A file's first ``size`` bytes, to tell what it holds (a locale's YAML from a
        project's settings); nothing where it cannot be read (its reader says why)."""
        if self.fs is None:
            return read_head(self.path(rel), size)
        try:
            with self.fs.open_input_stream(self._full(rel)) as src:
                return bytes(src.read(size))
        except OSError:
            return b""

    def mtime(self, rel: str) -> float | None:
        """A file's modification time (seconds since the epoch); None when there is no such
        file or the storage does not say."""
        if self.fs is None:
            try:
                return self.path(rel).stat().st_mtime
            except OSError:
                return None
        from pyarrow import fs as pafs

        info = self.fs.get_file_info(self._full(rel))
        if info.type != pafs.FileType.File or info.mtime is None:
            return None
        return float(info.mtime.timestamp())

    def read_text(self, rel: str) -> str | None:
        """A small text file's contents (a marker); None when it is not there or unreadable."""
        try:
            if self.fs is None:
                return self.path(rel).read_text(encoding="utf-8")
            with self.fs.open_input_stream(self._full(rel)) as src:
                return bytes(src.read()).decode("utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def write_text(self, rel: str, text: str) -> None:
        """Write a small text file whole (through a temporary file renamed into place, or
        one upload)."""
        if self.fs is None:
            from engine.fileio import write_atomic

            target = self.path(rel)
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(target, text.encode("utf-8"))
            return
        full = self._full(rel)
        self.fs.create_dir(posixpath.dirname(full), recursive=True)
        with self.fs.open_output_stream(full) as out:
            out.write(text.encode("utf-8"))

    def fetch(self, rel: str, dest: Path) -> None:
        """Copy a remote file to ``dest`` on this machine."""
        with self.fs.open_input_stream(self._full(rel)) as src, dest.open("wb") as out:
            while chunk := src.read(1 << 20):
                out.write(chunk)

    def put(self, src: Path, rel: str) -> None:
        """Copy a local file to the storage. An object store's upload becomes visible whole
        when it completes (there is no rename to make it so)."""
        full = self._full(rel)
        self.fs.create_dir(posixpath.dirname(full), recursive=True)
        with src.open("rb") as data, self.fs.open_output_stream(full) as out:
            while chunk := data.read(1 << 20):
                out.write(chunk)

    def copy_to(self, rel: str, target: Storage, out: str) -> None:
        """Copy one file to ``target`` as ``out``, whole or not at all (a temporary file
        renamed into place on this machine; an upload, visible once complete, elsewhere)."""
        with tempfile.TemporaryDirectory(prefix="quire-copy-") as folder:
            if self.fs is None and target.fs is None:
                dest = target.path(out)
                dest.parent.mkdir(parents=True, exist_ok=True)
                temporary = dest.with_name(f".{dest.name}.quire-copy")
                try:
                    shutil.copyfile(self.path(rel), temporary)
                    shutil.copystat(self.path(rel), temporary)  # (its time: see copy_left)
                    os.replace(temporary, dest)
                finally:
                    temporary.unlink(missing_ok=True)
                return
            local = Path(folder, "file")
            if self.fs is None:
                shutil.copyfile(self.path(rel), local)
            else:
                self.fetch(rel, local)
            if target.fs is None:
                Storage(str(local.parent)).copy_to(local.name, target, out)
            else:
                target.put(local, out)

    def delete(self, rel: str) -> None:
        if self.fs is None:
            with contextlib.suppress(OSError):
                self.path(rel).unlink(missing_ok=True)
            return
        with contextlib.suppress(OSError, FileNotFoundError):
            self.fs.delete_file(self._full(rel))

    def _full(self, rel: str) -> str:
        return posixpath.join(self.root, rel) if rel else self.root


def same_place(a: Storage, b: Storage) -> bool:
    """Whether two storages are the same root (an output folder may not be its input)."""
    if a.local and b.local:
        return os.path.realpath(a.root) == os.path.realpath(b.root)
    return str(a) == str(b)


def inside(inner: Storage, outer: Storage) -> str | None:
    """Where ``inner``'s root is under ``outer``'s (``/``-separated), or None if it is not."""
    if inner.local and outer.local:
        a, b = os.path.realpath(inner.root), os.path.realpath(outer.root)
        if a == b or os.path.commonpath([a, b]) != b:
            return None
        return Path(a).relative_to(b).as_posix()
    prefix = str(outer).rstrip("/") + "/"
    return str(inner)[len(prefix) :] if str(inner).startswith(prefix) else None


__all__ = ["JOURNALS", "Entry", "Storage", "inside", "same_place"]
