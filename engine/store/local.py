"""The user's model store: one folder per model under ``<home>/models``, each with a
``quire.json`` manifest (where it came from, every file's size and sha256); list, install,
import, verify, remove.

Everything is assembled in a staging folder inside the store (``.import-*``, ``.download-*``),
validated, and renamed into place, so a half-copied or invalid model never appears in the list.
Staging folders of processes that died are removed when the store is opened; a download's
staging folder is kept for a while so the download resumes after a restart.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import errno
import hashlib
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

from engine.api import PartialDownload, VerifyResult
from engine.errors import EngineError, ModelError, ModelInvalid, ModelNotFound, StoreError
from engine.fileio import private_folder
from engine.options import CancelToken
from engine.runtime.external_data import check_external_data
from engine.runtime.jsonfile import read_json_object
from engine.runtime.manifest import ModelFolder, check_links, load_model_folder
from engine.runtime.tokenizer import TextTokenizer
from engine.store.fit import Fit

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
MANIFEST = "quire.json"
STAGING_PREFIXES = (".import-", ".remove-", ".download-", ".export-")
# A download's partial files are worth keeping for a later resume, but not forever.
DOWNLOAD_KEEP_SECONDS = 14 * 24 * 3600
# Staging folders without a readable owner pid (older Quire versions) go after a day.
ORPHAN_SECONDS = 24 * 3600
CHUNK = 1024 * 1024

Source = Literal["catalog", "hub", "import"]


@dataclass(frozen=True)
class ManifestFile:
    path: str  # relative, with forward slashes
    size: int
    sha256: str


@dataclass(frozen=True)
class StoreManifest:
    """What ``quire.json`` records about an installed model."""

    source: Source
    origin: str  # catalog name, repo id, or the imported path
    repo: str | None = None
    revision: str | None = None
    license: str | None = None
    task: str | None = None
    languages: tuple[str, ...] = ()
    variants: tuple[str, ...] = ()
    files: tuple[ManifestFile, ...] = ()
    installed_at: str = ""
    format: int = 1
    # The tasks the user said it is for (`quire models import --task`, `set-task`), on top
    # of what its files tell (``task`` is the catalog's word for a downloaded model).
    tasks: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> StoreManifest:
        files = tuple(
            ManifestFile(str(f["path"]), int(f["size"]), str(f["sha256"]))
            for f in data.get("files") or ()
        )
        source = data.get("source")
        if source not in ("catalog", "hub", "import"):
            raise ValueError(f"unknown source {source!r}")
        return cls(
            source=source,
            origin=str(data.get("origin", "")),
            repo=data.get("repo"),
            revision=data.get("revision"),
            license=data.get("license"),
            task=data.get("task"),
            languages=tuple(data.get("languages") or ()),
            variants=tuple(data.get("variants") or ()),
            files=files,
            installed_at=str(data.get("installed_at", "")),
            format=int(data.get("format", 1)),
            tasks=_tasks_field(data.get("tasks")),
        )


def _tasks_field(value: object) -> tuple[str, ...]:
    """The manifest's ``tasks`` as names; a value that is no list of names (a hand edit's
    ``7``) reads as none, not as a manifest that cannot be read (whose model would lose its
    provenance and its files' hashes to the next ``set-task``)."""
    if not isinstance(value, list):
        return ()
    return tuple(dict.fromkeys(t for t in value if isinstance(t, str)))


@dataclass(frozen=True)
class StoredModel:
    """One entry of the store: the parsed folder, or the reason it cannot be used."""

    name: str
    path: Path
    folder: ModelFolder | None
    problem: str = ""
    size_bytes: int = 0
    manifest: StoreManifest | None = None  # None for models installed before manifests
    fit: Fit | None = None  # for the variant the engine would load (set by Engine.models)


def folder_size(path: Path) -> int:
    """The bytes of the files under ``path`` (links not followed; files going meanwhile
    skipped)."""
    total = 0
    for p in path.rglob("*"):
        try:  # a file may go while this counts (a download finishing, a removal)
            if p.is_file() and not p.is_symlink():
                total += p.stat().st_size
        except OSError:
            continue
    return total


def now_utc() -> str:
    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat()


def sha256_file(
    path: Path, on_chunk: Callable[[int], None] | None = None, cancel: CancelToken | None = None
) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            if cancel is not None:
                cancel.check()
            digest.update(chunk)
            if on_chunk is not None:
                on_chunk(len(chunk))
    return digest.hexdigest()


def model_files(folder: Path) -> list[Path]:
    """The regular files of a model folder, manifest excluded, in a stable order."""
    return sorted(
        p for p in folder.rglob("*") if p.is_file() and not p.is_symlink() and p.name != MANIFEST
    )


def hash_files(folder: Path, known: dict[str, str] | None = None) -> tuple[ManifestFile, ...]:
    """Manifest entries for every file; ``known`` (relative path -> sha256) skips re-hashing."""
    known = known or {}
    out = []
    for path in model_files(folder):
        rel = path.relative_to(folder).as_posix()
        sha = known.get(rel) or sha256_file(path)
        out.append(ManifestFile(rel, path.stat().st_size, sha))
    return tuple(out)


def read_manifest(folder: Path) -> StoreManifest | None:
    path = folder / MANIFEST
    if not path.is_file():
        return None
    try:
        return StoreManifest.from_json(read_json_object(path))
    except (ModelInvalid, ValueError, KeyError, TypeError):
        return None


# A job's reading of what each model's manifest says it is for: taken the first time the job
# asks, kept to its end, so that a `quire models set-task` from another process (or the app)
# changes the next job, never one half done (a document translated under "summarize translate"
# failed mid-way as "a summarization model" once translate was taken away).
_TASKS_READ: ContextVar[dict[Path, tuple[str, ...]] | None] = ContextVar(
    "quire_tasks_read", default=None
)


@contextlib.contextmanager
def one_reading_of_tasks() -> Iterator[None]:
    """Within it (one job: a request, a document's batches), each model's declared tasks are
    read from its manifest once; inside another, that one's reading holds."""
    if _TASKS_READ.get() is not None:
        yield
        return
    token = _TASKS_READ.set({})
    try:
        yield
    finally:
        _TASKS_READ.reset(token)


def manifest_tasks(folder: Path) -> tuple[str, ...]:
    """The tasks the manifest of the model in ``folder`` says it is for (unchecked names;
    ``()`` without a readable manifest), as the running job first read them."""
    seen = _TASKS_READ.get()
    if seen is not None and folder in seen:
        return seen[folder]
    manifest = read_manifest(folder)
    tasks = manifest.tasks if manifest is not None else ()
    if seen is not None:
        seen[folder] = tasks
    return tasks


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        import psutil

        return bool(psutil.pid_exists(pid))
    except ImportError:  # pragma: no cover - psutil is a dependency
        return True


def _owner_alive(path: Path, pid: int) -> bool:
    """Whether process ``pid`` is alive and is the one that wrote the staging folder
    ``path``: started before the folder last changed. Windows gives a dead process's id to
    another soon, and that one (a browser tab) kept a killed import's folder for days."""
    if not _pid_alive(pid):
        return False
    if pid == os.getpid():
        return True
    import psutil

    try:
        return bool(psutil.Process(pid).create_time() <= path.stat().st_ctime + 1)
    except (psutil.Error, OSError):
        return False


def _owner_pid(name: str) -> int | None:
    """The pid a staging folder's name carries (``.import-NAME.PID.RANDOM``)."""
    parts = name.split(".")
    if len(parts) >= 3 and parts[-2].isdigit():
        return int(parts[-2])
    return None


class ModelStore:
    def __init__(self, home: Path) -> None:
        self.root = home / "models"
        self.clean_staging()

    # --------------------------------------------------------------------------- staging

    def clean_staging(self) -> list[str]:
        """Remove staging folders left by processes that are gone. Returns their names."""
        if not self.root.is_dir():
            return []
        removed = []
        now = time.time()
        for path in self.root.iterdir():
            if not path.name.startswith(STAGING_PREFIXES) or not path.is_dir():
                continue
            try:
                age = now - path.stat().st_mtime
            except OSError:
                continue
            if path.name.startswith(".download-"):
                # Kept for resuming; a live owner holds its lock file.
                stale = age > DOWNLOAD_KEEP_SECONDS and not _lock_held(path)
            else:
                pid = _owner_pid(path.name)
                stale = (pid is not None and not _owner_alive(path, pid)) or (
                    pid is None and age > ORPHAN_SECONDS
                )
            if stale:
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path.name)
        return removed

    def staging(self, kind: str, name: str) -> Path:
        """A new private staging folder inside the store (same file system: renames are atomic)."""
        with self._writing():
            if not self.root.parent.exists():  # the home: the user's texts are kept there too
                private_folder(self.root.parent)
            self.root.mkdir(parents=True, exist_ok=True)
            return Path(tempfile.mkdtemp(prefix=f".{kind}-{name}.{os.getpid()}.", dir=self.root))

    def download_staging(self, name: str) -> Path:
        """The download folder for ``name``: stable across runs, so a download resumes."""
        path = self.root / f".download-{check_name(name)}"
        with self._writing():
            if not self.root.parent.exists():  # the home: the user's texts are kept there too
                private_folder(self.root.parent)
            self.root.mkdir(parents=True, exist_ok=True)
            path.mkdir(exist_ok=True)
        return path

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        """Where the store's folder cannot be written (read-only, full, a file in its place):
        a ``StoreError`` naming it and saying what to do, not an ``OSError``."""
        try:
            yield
        except OSError as exc:
            raise self._unwritable(exc) from exc

    def _unwritable(self, exc: OSError) -> StoreError:
        return StoreError(
            f"The model store cannot be written: {exc.strerror or exc}",
            path=Path(exc.filename) if exc.filename else self.root,
            hint="Make its folder writable, free some space, or choose another home for "
            "Quire's models (QUIRE_HOME, or Settings)",
            message_id="store.cannot_write",
            params={"reason": exc.strerror or str(exc)},
        )

    @contextlib.contextmanager
    def locked(self, folder: Path) -> Iterator[None]:
        """Hold ``folder``'s lock file for one process at a time (a second download of the same
        model waits for nothing: it is refused)."""
        lock = folder / ".lock"
        for _attempt in range(2):
            try:
                fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                if _lock_held(folder):
                    raise StoreError(
                        "This model is already being downloaded by another Quire process",
                        path=folder,
                        message_id="store.downloading",
                        params={"name": folder.name.removeprefix(".download-")},
                    ) from None
                lock.unlink(missing_ok=True)
                continue
            except OSError as exc:
                raise self._unwritable(exc) from exc
            with os.fdopen(fd, "w") as fh:
                fh.write(str(os.getpid()))
                ours = os.fstat(fh.fileno())
            break
        else:  # pragma: no cover - the stale lock vanished and reappeared twice
            raise StoreError("Could not lock the download folder", path=folder)
        try:
            yield
        finally:
            # Only this lock file: the folder may have been moved away meanwhile (a download
            # with nothing to resume) and another process have taken a new one in its place.
            with contextlib.suppress(OSError):
                now = lock.stat()
                if (now.st_dev, now.st_ino) == (ours.st_dev, ours.st_ino):
                    lock.unlink()

    # --------------------------------------------------------------------------- reading

    def list(self) -> list[StoredModel]:
        if not self.root.is_dir():
            # No store yet; unless a file stands where its folder goes (QUIRE_HOME naming a
            # file): said, not an empty store and "no model installed" (an outside review).
            above = next((p for p in (self.root, *self.root.parents) if p.exists()), None)
            if above is not None and not above.is_dir():
                error = NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(above))
                raise self._unwritable(error)
            return []
        out = []
        for path in sorted(self.root.iterdir()):
            if not path.is_dir() or path.name.startswith("."):
                continue
            try:
                check_links(path)
                folder: ModelFolder | None = load_model_folder(path)
                problem = ""
            except ModelError as exc:
                folder, problem = None, str(exc)
            out.append(
                StoredModel(
                    path.name, path, folder, problem, folder_size(path), read_manifest(path)
                )
            )
        return out

    def path(self, name: str) -> Path:
        """Where the model ``name`` is. A folder put in the store by hand under a name Quire
        would not give ("My Model") is still one ``list`` shows: it can be verified and
        removed. Other names must be usable (``check_name``)."""
        try:
            return self.root / check_name(name)
        except StoreError:
            path = self.root / name
            if (
                not name.startswith(".")
                and path.parent == self.root  # (on Windows, "C:x" would be another drive)
                and path.is_dir()
                and name in _entries(self.root)  # literally one of the store's folders
            ):
                return path
            raise

    def has(self, name: str) -> bool:
        return _NAME.match(name) is not None and (self.root / name).is_dir()

    def get(self, name: str) -> ModelFolder:
        path = self.path(name)
        if not path.is_dir():
            raise _not_installed(name)
        check_links(path)
        return load_model_folder(path)

    # --------------------------------------------------------------------------- writing

    def refuse_existing(self, name: str) -> None:
        if self.path(name).exists():
            raise StoreError(
                f"A model called {name!r} is already installed",
                hint="Remove it first, or choose another --name",
                message_id="store.exists",
                params={"name": name},
            )
        if self._importing(name):
            # (said now: a download of the same name lost to it only once it had all its files)
            raise StoreError(
                f"A model called {name!r} is being imported now",
                hint="Wait for the import to end, or choose another --name",
                message_id="store.importing",
                params={"name": name},
            )

    def _importing(self, name: str) -> bool:
        """Whether another live process is importing a model called ``name`` (in any case:
        macOS's and Windows's file systems take Opus-MT for opus-mt)."""
        staged = re.compile(rf"\.import-{re.escape(name)}\.(\d+)\.[^.]+", re.IGNORECASE)
        with contextlib.suppress(OSError):
            for entry in self.root.iterdir():
                found = staged.fullmatch(entry.name)
                pid = int(found.group(1)) if found else os.getpid()
                if pid != os.getpid() and _owner_alive(entry, pid):
                    return True
        return False

    def install(self, staged: Path, name: str, manifest: StoreManifest) -> ModelFolder:
        """Validate the complete folder ``staged`` (inside the store), write its manifest and
        rename it to ``name``. The one way a model becomes visible."""
        target = self.path(name)
        # Fail before anything is visible, naming the bad file. The tokenizer is built once
        # here too: a tokenizer.json that parses but cannot be loaded would otherwise fail
        # every task later; and every ONNX file is read far enough to know it is one, with
        # the weights files it names present (0.05-0.25 s a file).
        TextTokenizer.load(load_model_folder(staged))
        for graph in sorted(staged.rglob("*.onnx")):
            check_external_data(graph, staged)
        (staged / MANIFEST).write_text(
            json.dumps(manifest.to_json(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        self.refuse_existing(name)
        try:
            staged.rename(target)
        except OSError as exc:
            raise StoreError(
                f"Could not install the model: {exc.strerror}",
                path=target,
                message_id="store.cannot_write",
                params={"reason": exc.strerror or str(exc)},
            ) from exc
        return load_model_folder(target)

    def import_folder(
        self,
        source: Path,
        name: str | None = None,
        *,
        progress: Callable[[str], None] | None = None,
        tasks: tuple[str, ...] = (),
        vet: Callable[[ModelFolder], tuple[str, ...]] | None = None,
    ) -> ModelFolder:
        """Copy a model folder or unpack a ``.zip`` / ``.tar.gz`` into the store, after
        screening it (no links out, no pickles, no remote code) and validating it. ``tasks``
        are recorded in its manifest; ``vet`` may refuse the staged folder before it is
        installed (a task it cannot do), and answers the tasks to record instead."""
        from engine.store.archive import default_name, stage_import

        source = source.expanduser()
        if not source.exists():
            raise ModelNotFound(
                "Nothing to import here", path=source, message_id="store.nothing_to_import"
            )
        named = name is not None  # a second copy asked for by its name is the user's choice
        say = progress or (lambda _msg: None)
        snapshot = _hf_snapshot(source)
        inner = snapshot or _the_one_folder_inside(source)
        if snapshot is not None:
            say(f"Importing the Hugging Face cache's snapshot of main, {snapshot.name[:12]}")
            source = snapshot
        elif inner is not None:  # as an archive's one top folder is
            say(f"Importing the model folder inside it, {inner.name}")
            source = inner
        partial = {p.name: p for p in self.partial_downloads() if p.size_bytes or p.active}
        taken = set(partial)
        if name is None:  # a name of its own: "model", then "model-2" (a second 模型)
            base = default_name(source)
            name = next(
                (n for n in (base, *(f"{base}-{i}" for i in range(2, 100)))
                 if not self.has(n) and n not in taken),
                base,
            )  # fmt: skip
        name = check_name(name)
        self.refuse_existing(name)
        if name in taken and partial[name].active:  # (its install would then fail)
            raise StoreError(
                f"{name} is being downloaded now",
                hint="Choose another --name, or wait for the download to end",
                message_id="store.downloading",
                params={"name": name},
            )
        if name in taken:  # (the partial would be hidden behind the import)
            raise StoreError(
                f"A partial download of {name} is kept",
                hint=f"Choose another --name, or discard it with `quire models remove {name}`",
                message_id="store.partial_kept",
                params={"name": name},
            )
        work = self.staging("import", name)
        try:
            staged = stage_import(source, work / name, say)
            parsed = load_model_folder(staged)
            if vet is not None:  # (what is recorded: those its files do not already give)
                tasks = vet(parsed)
            manifest = StoreManifest(
                source="import",
                origin=str(source.resolve()),
                variants=tuple(parsed.variants),
                files=hash_files(staged),
                installed_at=now_utc(),
                tasks=tuple(dict.fromkeys(tasks)),
            )
            if not named:
                self._refuse_installed(manifest.files, name)
            return self.install(staged, name, manifest)
        except EngineError as exc:
            mapped = _in_source(exc, work / name, source)
            if mapped is exc:
                raise
            raise mapped from exc
        except OSError as exc:
            if exc.errno == errno.ENOSPC:  # the store's disk, not the file being read
                raise StoreError(
                    "There is not enough free space for the model in the store",
                    path=self.root,
                    hint="Free some space there, or choose another home for Quire's models "
                    "(QUIRE_HOME, or Settings)",
                    message_id="store.disk_full",
                ) from exc
            raise StoreError(
                f"Could not copy the model: {exc.strerror}",
                path=exc.filename,
                message_id="store.cannot_write",
                params={"reason": exc.strerror or str(exc)},
            ) from exc
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def set_tasks(self, name: str, tasks: tuple[str, ...]) -> None:
        """Record ``tasks`` as what the installed model ``name`` is for (``()``: only what its
        files tell). A model installed before manifests gets one, as an import writes it: its
        files hashed as they are now. A manifest that is there but cannot be read is refused,
        not written anew: its provenance would be lost, and files changed since their install
        would verify as sound."""
        path = self.path(name)
        if not path.is_dir():
            raise _not_installed(name)
        manifest = read_manifest(path)
        if manifest is None and (path / MANIFEST).exists():
            raise StoreError(
                f"{name}'s {MANIFEST} cannot be read (edited by hand, or damaged)",
                path=path / MANIFEST,
                hint="`quire models verify` checks the model; remove it and import or download "
                "it again to say what it is for",
                message_id="store.manifest_unreadable",
                params={"name": name},
            )
        if manifest is None:
            folder = load_model_folder(path)
            manifest = StoreManifest(
                source="import",
                origin=str(path),
                variants=tuple(folder.variants),
                files=hash_files(path),
                installed_at=now_utc(),
            )
        manifest = dataclasses.replace(manifest, tasks=tuple(dict.fromkeys(tasks)))
        text = json.dumps(manifest.to_json(), indent=1, ensure_ascii=False) + "\n"
        with self._writing():  # (a crash mid-write leaves the old manifest, not half of one)
            fd, temp = tempfile.mkstemp(prefix=f".{MANIFEST}.", dir=path)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    fh.write(text)
                os.replace(temp, path / MANIFEST)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temp)
                raise
            # The store's folder changes as on an install or a removal: the app, which reads
            # its models again when that folder has changed, sees the new tasks.
            os.utime(self.root)

    def _refuse_installed(self, files: tuple[ManifestFile, ...], name: str) -> None:
        """Refuse a folder imported a second time under a name of its own (my-model-2): a
        second full copy of the same files, in every model list, said nowhere."""
        wanted = frozenset(files)
        with contextlib.suppress(OSError):
            for path in sorted(self.root.iterdir()):
                manifest = read_manifest(path) if path.is_dir() else None
                if manifest is not None and frozenset(manifest.files) == wanted:
                    raise StoreError(
                        f"This model is installed already, as {path.name}",
                        hint=f"Use {path.name}; to install a second copy, give it a name "
                        f"(--name {name})",
                        message_id="store.installed_already",
                        params={"name": path.name},
                    )

    def _discard(self, partial: Path, name: str) -> None:
        """Delete a partial download, under its lock (a download starting meanwhile is refused
        rather than having its files deleted under it)."""
        try:
            with self.locked(partial):
                trash = self.staging("remove", name)
                partial.rename(trash / "partial")
        except StoreError as exc:
            if exc.message_id == "store.downloading":
                raise StoreError(
                    f"{name} is being downloaded now",
                    hint="Cancel the download first, then remove it",
                    message_id="store.downloading",
                    params={"name": name},
                ) from None
            raise
        except OSError as exc:
            raise _not_removed(f"discard the partial download of {name!r}", exc, partial) from exc
        shutil.rmtree(trash, ignore_errors=True)

    def partial_downloads(self) -> tuple[PartialDownload, ...]:
        """The downloads that stopped before they finished, with the bytes they keep."""
        if not self.root.is_dir():
            return ()
        out: list[PartialDownload] = []
        for path in sorted(self.root.iterdir()):
            if not path.name.startswith(".download-") or not path.is_dir():
                continue
            if (self.root / path.name.removeprefix(".download-")).is_dir():
                continue  # left by a download of a model installed since: nothing to resume
            try:
                state = json.loads((path / "state.json").read_text(encoding="utf-8"))
            except (OSError, ValueError):
                state = {}
            if not isinstance(state, dict):
                state = {}
            out.append(
                PartialDownload(
                    name=path.name.removeprefix(".download-"),
                    path=path,
                    size_bytes=folder_size(path / "files"),
                    repo=str(state.get("repo") or ""),
                    variant=str(state.get("variant") or ""),
                    active=_lock_held(path),
                    revision=str(state.get("revision") or ""),
                )
            )
        return tuple(out)

    def remove(self, name: str, *, partial_only: bool = False) -> bool:
        """Delete the installed model ``name``, or else its partial download (only that with
        ``partial_only``). True when what went was a partial download."""
        path = self.path(name)
        if partial_only or not path.is_dir():
            partial = self.root / f".download-{name}"
            if partial.is_dir():
                self._discard(partial, name)
                return True
            if partial_only:
                raise ModelNotFound(f"No partial download of {name!r} is kept")
            raise _not_installed(name)
        # Rename first so a crash mid-delete never leaves a half model under its real name.
        trash = self.staging("remove", name)
        try:
            path.rename(trash / name)
        except OSError as exc:
            shutil.rmtree(trash, ignore_errors=True)
            raise _not_removed(f"remove the model {name!r}", exc, path) from exc
        shutil.rmtree(trash, ignore_errors=True)
        return False

    # --------------------------------------------------------------------------- verifying

    def verify(
        self,
        name: str,
        on_bytes: Callable[[int], None] | None = None,
        cancel: CancelToken | None = None,
    ) -> VerifyResult:
        """Re-hash ``name``'s files against its manifest."""
        path = self.path(name)
        if not path.is_dir():
            raise _not_installed(name)
        manifest = read_manifest(path)
        if manifest is None:
            return VerifyResult(
                name,
                False,
                problem=f"no readable {MANIFEST}: installed by an older Quire or edited by hand",
            )
        changed, missing = [], []
        for entry in manifest.files:
            file = path / entry.path
            if file.is_symlink():  # not the file that was installed, whatever it points to
                changed.append(entry.path)
                continue
            if not file.is_file():
                missing.append(entry.path)
                continue
            if file.stat().st_size != entry.size:
                changed.append(entry.path)
                if on_bytes is not None:
                    on_bytes(entry.size)
                continue
            try:
                digest = sha256_file(file, on_bytes, cancel)
            except FileNotFoundError:  # gone while read: a removal, said below
                missing.append(entry.path)
                continue
            if digest != entry.sha256:
                changed.append(entry.path)
        if missing and not path.is_dir():
            # Removed (by `quire models remove`, the app) while it was read: not damaged.
            raise StoreError(
                f"{name} was removed while it was being verified",
                hint="`quire models list` shows what is installed",
                message_id="store.removed_meanwhile",
                params={"name": name},
            )
        known = {entry.path for entry in manifest.files}
        # Hidden files (a file manager's .DS_Store) are never model files; anything else is,
        # a link above all (an install copies what links point to: the store holds none, and
        # loading the model refuses one that leads out of its folder).
        found = sorted(
            p
            for p in path.rglob("*")
            if (p.is_symlink() or p.is_file()) and p.name != MANIFEST and not p.name.startswith(".")
        )
        added = tuple(rel for p in found if (rel := p.relative_to(path).as_posix()) not in known)
        ok = not changed and not missing and not added
        return VerifyResult(
            name, ok, tuple(changed), tuple(missing), "", len(manifest.files), added
        )


def _entries(root: Path) -> frozenset[str]:
    try:
        return frozenset(entry.name for entry in root.iterdir())
    except OSError:
        return frozenset()


def _hf_snapshot(source: Path) -> Path | None:
    """The snapshot ``refs/main`` names when ``source`` is a repository's folder in the
    Hugging Face cache (``~/.cache/huggingface/hub/models--Xenova--opus-mt-en-de``, what a
    user finds there), else None; the only snapshot where no ``refs/main`` is kept."""
    from engine.store.archive import is_hf_repo_folder

    if not is_hf_repo_folder(source):
        return None
    snapshots = source / "snapshots"
    try:
        revision = (source / "refs" / "main").read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        revision = ""
    if re.fullmatch(r"[0-9a-f]{40}", revision):  # (untrusted text: no path in it)
        chosen = snapshots / revision
        return chosen if chosen.is_dir() else None
    try:
        found = [p for p in snapshots.iterdir() if p.is_dir()]
    except OSError:
        return None
    return found[0] if len(found) == 1 else None


def _the_one_folder_inside(source: Path) -> Path | None:
    """The model folder one level down when ``source`` is a folder holding only that (unzipped
    by hand, say: ``download/opus-mt-en-de/config.json``), else None."""
    if not source.is_dir() or (source / "config.json").exists():
        return None
    from engine.store.archive import IGNORED_PARTS

    try:
        entries = [
            e
            for e in source.iterdir()
            if not e.name.startswith(".") and e.name not in IGNORED_PARTS
        ]
    except OSError:
        return None
    if len(entries) != 1 or entries[0].is_symlink():  # (a link is refused as the copy would)
        return None
    inner = entries[0]
    return inner if inner.is_dir() and (inner / "config.json").is_file() else None


def _in_source(exc: EngineError, staged: Path, source: Path) -> EngineError:
    """The same error, naming the file in what the user imported instead of the staging copy
    (which is gone by the time the user reads the message)."""
    if exc.path is None or not exc.path.is_relative_to(staged):
        return exc
    rel = exc.path.relative_to(staged)
    # (its sentence too: a window in another language words it, and not in English)
    if source.is_dir():
        message, path = exc.message, source / rel
    else:
        message = exc.message + (f" ({rel.as_posix()} in the archive)" if rel.parts else "")
        path = source
    return type(exc)(
        message, path=path, hint=exc.hint, message_id=exc.message_id, params=exc.params
    )


def _not_installed(name: str) -> ModelNotFound:
    return ModelNotFound(
        f"No installed model is called {name!r}",
        hint="See `quire models list`, or get one with `quire models download`",
        message_id="store.unknown_model",
        params={"name": name},
    )


def _not_removed(what: str, exc: OSError, path: Path) -> StoreError:
    return StoreError(
        f"Could not {what}: {exc.strerror or exc}",
        path=path,
        hint="Close programs that use its files and check the folder's permissions",
        message_id="store.cannot_remove",
        params={"reason": exc.strerror or str(exc)},
    )


def _lock_held(folder: Path) -> bool:
    lock = folder / ".lock"
    try:
        pid = int(lock.read_text(encoding="utf-8").strip() or "0")
    except (OSError, ValueError):
        return False
    return pid > 0 and _pid_alive(pid)


def check_name(name: str) -> str:
    """``name``, when it can be a folder's name on every system (Windows refuses a name
    ending in '.' and its devices' names, CON or aux.json, whatever the case)."""
    device = name.split(".")[0].upper()
    if not _NAME.match(name) or name.endswith(".") or device in _WINDOWS_DEVICES:
        raise StoreError(
            f"{name!r} is not a usable model name",
            hint="Use letters, digits, '.', '_' and '-', starting with a letter or digit "
            "(not ending in '.', and not a device name such as CON or NUL)",
            message_id="store.bad_name",
            params={"name": name},
        )
    return name


_WINDOWS_DEVICES = frozenset(
    ["CON", "PRN", "AUX", "NUL"] + [f"{kind}{n}" for kind in ("COM", "LPT") for n in "123456789"]
)


def manifest_size(manifest: StoreManifest) -> int:
    return sum(f.size for f in manifest.files)


__all__ = [
    "MANIFEST",
    "ManifestFile",
    "ModelStore",
    "StoreManifest",
    "StoredModel",
    "VerifyResult",
    "check_name",
]
