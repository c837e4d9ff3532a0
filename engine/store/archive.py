"""Screen what an import brings into the store: a folder, ``.zip`` or ``.tar(.gz)``, copied into
a staging folder with nothing escaping it, no links, no pickles and no code. (A ``.bin`` file
that an ONNX graph names as its external weights is kept: raw tensor bytes, checked not to be
a pickle or a PyTorch zip.)

Refused: entry names that leave the archive (``../``, absolute paths, drive letters), links and
special files, pickle-only checkpoints, configs that ask for remote code (``auto_map``),
archives that unpack to more than ``MAX_UNPACKED`` bytes. Skipped with a message: pickles next
to safetensors/ONNX weights, Python and other code files. A transformers checkpoint
(safetensors, no ONNX) is exported to ONNX when the export extra is installed.
"""

from __future__ import annotations

import importlib.util
import io
import os
import pickletools
import posixpath
import re
import shutil
import stat
import tarfile
import unicodedata
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, TypeVar

from engine.errors import StoreError, install_extra
from engine.runtime.external_data import PICKLE_SUFFIXES, external_data_locations
from engine.runtime.jsonfile import read_json
from engine.runtime.manifest import HF_REPO_PREFIX, hf_blobs, load_model_folder, refuse_lfs_pointers
from engine.store.local import check_name
from engine.text.sizes import human_size

MAX_UNPACKED = 64 * 1024**3  # no model Quire runs comes near this; a bomb does
MAX_ENTRIES = 20_000
CODE_SUFFIXES = (
    ".py",
    ".pyc",
    ".pyo",
    ".pyd",
    ".so",
    ".dll",
    ".dylib",
    ".exe",
    ".sh",
    ".bat",
    ".cmd",
    ".ps1",
)
WEIGHT_SUFFIXES = (".onnx", ".safetensors")
# Version-control and OS clutter, and huggingface_hub's local-dir bookkeeping.
IGNORED_PARTS = frozenset({".git", ".cache", "__MACOSX", ".DS_Store", "__pycache__"})
ARCHIVE_SUFFIXES = (".zip", ".tar.gz", ".tgz", ".tar", ".tar.bz2", ".tar.xz")
REMOTE_CODE_FILES = ("config.json", "tokenizer_config.json", "preprocessor_config.json")
_DRIVE = re.compile(r"^[A-Za-z]:")
Say = Callable[[str], None]


@dataclass(frozen=True)
class _Plan:
    keep: list[str]
    pickles: list[str]  # skipped
    code: list[str]  # skipped
    weights: list[str] = field(default_factory=list)  # pickle suffix, but an ONNX file's data


def is_archive(path: Path) -> bool:
    return path.is_file() and path.name.lower().endswith(ARCHIVE_SUFFIXES)


def is_hf_repo_folder(path: Path) -> bool:
    """Whether ``path`` is a repository's folder in the Hugging Face cache."""
    return path.resolve().name.startswith(HF_REPO_PREFIX) and (path / "snapshots").is_dir()


def default_name(source: Path) -> str:
    """The store name an import gets by default: the folder's or archive's name, made into a
    usable one ("model (1).zip" → model-1, "modèle" → modele); for a huggingface_hub cache
    snapshot (``models--Xenova--opus-mt-en-de/snapshots/<commit>``), the repo's name."""
    name = source.resolve().name
    blobs = hf_blobs(source)
    if blobs is not None:
        name = blobs.parent.name.rsplit("--", 1)[-1]
    lower = name.lower()
    for suffix in ARCHIVE_SUFFIXES:
        if lower.endswith(suffix) and source.is_file():
            name = name[: -len(suffix)]
            break
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    usable = re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_name).strip("-._")[:90].rstrip("-.")
    try:
        return check_name(usable)
    except StoreError:  # empty, or a device's name on Windows (CON, nul.json)
        return f"model-{usable}" if usable else "model"


def stage_import(source: Path, dest: Path, say: Say) -> Path:
    """Build ``dest`` (must not exist) from ``source`` and return the model folder to install
    (``dest`` itself, or an exported copy beside it)."""
    if source.is_dir():
        _copy_folder(source, dest, say)
    elif is_archive(source):
        say(f"Unpacking {source} into the store")
        _unpack(source, dest, say)
    elif source.is_file():
        raise StoreError(
            "Quire imports a model folder, a .zip or a .tar.gz",
            path=source,
            hint="Choose the folder that holds config.json, or unpack other archive kinds first",
            message_id="store.not_a_model_source",
        )
    else:
        raise StoreError(
            "Nothing to import here", path=source, message_id="store.nothing_to_import"
        )
    check_remote_code(dest)
    return _export_if_checkpoint(dest, say)


# ----------------------------------------------------------------------------- screening


def _plan(paths: list[str], where: Path, weights: frozenset[str] = frozenset()) -> _Plan:
    """``weights``: files an ONNX graph names as its external data (raw tensor bytes, never
    unpickled, whatever their suffix: ``weights.bin`` is common)."""
    keep, pickles, code = [], [], []
    for rel in paths:
        lower = rel.lower()
        if lower.endswith(PICKLE_SUFFIXES) and rel not in weights:
            pickles.append(rel)
        elif lower.endswith(CODE_SUFFIXES):
            code.append(rel)
        else:
            keep.append(rel)
    has_weights = any(p.lower().endswith(WEIGHT_SUFFIXES) for p in keep)
    if pickles and not has_weights:
        raise StoreError(
            "This is a pickled checkpoint (" + ", ".join(sorted(pickles)[:3]) + "); Quire never "
            "loads pickles, which can run code",
            path=where,
            hint="Use a version with safetensors or ONNX weights, or convert it where you trust it",
            message_id="store.pickled_checkpoint",
        )
    return _Plan(keep, pickles, code)


def onnx_weights(graphs: Iterator[tuple[str, Path]]) -> frozenset[str]:
    """The files (relative paths, POSIX) that the ONNX graphs ``(relative path, file)`` name as
    their external data, within their folder. Raises ``ModelInvalid`` for a file that is not
    ONNX, naming it."""
    out = set()
    for rel, path in graphs:
        for location in external_data_locations(path):
            where = posixpath.join(posixpath.dirname(rel), location.replace("\\", "/"))
            target = posixpath.normpath(where)
            if not (target == ".." or target.startswith(("../", "/"))):
                out.add(target)  # (one outside the folder: the install's check refuses it)
    return frozenset(out)


def _announce(plan: _Plan, say: Say) -> None:
    if plan.pickles:
        say(
            f"Skipping {len(plan.pickles)} pickle file(s) ({', '.join(sorted(plan.pickles)[:3])}):"
            " Quire uses the safetensors/ONNX weights and never loads pickles"
        )
    if plan.code:
        say(
            f"Skipping {len(plan.code)} code file(s) ({', '.join(sorted(plan.code)[:3])}):"
            " Quire never runs code that comes with a model"
        )


def check_remote_code(folder: Path) -> None:
    """Refuse configs that need the model's own Python code (``auto_map``)."""
    for name in REMOTE_CODE_FILES:
        path = folder / name
        if not path.is_file():
            continue
        data = read_json(path)  # a damaged file is refused here, named, before anything runs
        asks = [
            k for k in ("auto_map", "trust_remote_code") if isinstance(data, dict) and data.get(k)
        ]
        if asks:
            raise StoreError(
                f"{name} asks for the model's own Python code ({', '.join(asks)}); Quire never "
                "runs code from a model",
                path=path,
                hint="Choose a model that works with standard transformers classes",
                message_id="store.remote_code",
                params={"file": name},
            )


def _ignored(rel: PurePosixPath) -> bool:
    return any(part in IGNORED_PARTS for part in rel.parts)


# ----------------------------------------------------------------------------- folders


def _in_hf_blobs(source: Path, target: Path) -> bool:
    """A huggingface_hub cache snapshot (``models--x/snapshots/REV``) links its files to
    ``models--x/blobs``; those links are the layout, not an escape."""
    blobs = hf_blobs(source)
    return blobs is not None and target.is_relative_to(blobs)


def _walk(source: Path) -> Iterator[tuple[str, Path]]:
    """(relative path, file to read) for every file; refuses links that leave the folder."""
    root = source.resolve()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        here = Path(dirpath)
        for d in list(dirnames):
            if (here / d).is_symlink():
                raise StoreError(
                    "The model folder contains a symbolic link to a folder; Quire copies only "
                    "regular files",
                    path=here / d,
                    message_id="store.folder_odd_file",
                )
            if d in IGNORED_PARTS:
                dirnames.remove(d)
        for f in filenames:
            path = here / f
            rel = path.relative_to(root).as_posix()
            if _ignored(PurePosixPath(rel)):
                continue
            if path.is_symlink():
                target = path.resolve()
                if not target.exists():
                    raise StoreError(
                        f"{rel} is a link to a file that is not there (a download that did "
                        "not finish?)",
                        path=path,
                        hint="Download the model again, then import it",
                        message_id="store.folder_broken_link",
                        params={"file": rel},
                    )
                inside = target.is_relative_to(root) or _in_hf_blobs(source, target)
                if not inside or not target.is_file():
                    raise StoreError(
                        "The model folder contains a symbolic link that points outside it; "
                        "Quire copies only regular files from inside the folder",
                        path=path,
                        # (what older huggingface_hub left in a --local-dir: links to its cache)
                        hint=f"Copy the folder with the files its links point to (cp -rL "
                        f"{source} COPY) and import the copy",
                        message_id="store.folder_odd_file",
                    )
                yield rel, target
                continue
            mode = path.lstat().st_mode
            if not stat.S_ISREG(mode):
                raise StoreError(
                    "The model folder contains a special file",
                    path=path,
                    message_id="store.folder_odd_file",
                )
            yield rel, path


def _copy_folder(source: Path, dest: Path, say: Say) -> None:
    files = dict(_walk(source))
    refuse_lfs_pointers(source)  # (before its graphs are read for their weights' names)
    graphs = ((rel, path) for rel, path in files.items() if rel.lower().endswith(".onnx"))
    weights = frozenset(
        rel
        for rel in onnx_weights(graphs)
        if rel in files and raw_weights_name(rel) and not looks_pickled(_head(files[rel]))
    )
    plan = _plan(list(files), source, weights)
    check_remote_code(source)
    load_model_folder(source)  # fail fast, naming the bad file in the source
    _announce(plan, say)
    say(f"Copying {source} into the store")
    dest.mkdir(parents=True)
    for rel in plan.keep:
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        # Content only: a hard link in the source never becomes one into the store.
        shutil.copyfile(files[rel], target)


def _head(path: Path) -> bytes:
    with path.open("rb") as fh:
        return fh.read(PICKLE_WINDOW)


# ----------------------------------------------------------------------------- archives


def safe_member_name(name: str, archive: Path) -> PurePosixPath | None:
    """The archive entry's path inside the destination, or None for the archive's root entry.
    Refuses names that would land outside it."""
    text = name.replace("\\", "/")
    if "\x00" in text:
        raise StoreError(
            "An archive entry's name contains a NUL byte",
            path=archive,
            message_id="store.archive_escapes",
            params={"entry": text.replace("\x00", "\\0")},
        )
    if text.startswith("/") or _DRIVE.match(text):
        raise StoreError(
            f"The archive entry {name!r} has an absolute path; Quire refuses archives whose "
            "files would land outside the model folder",
            path=archive,
            message_id="store.archive_escapes",
            params={"entry": name},
        )
    parts = [p for p in text.split("/") if p not in ("", ".")]
    if any(p == ".." for p in parts):
        raise StoreError(
            f"The archive entry {name!r} climbs out of the folder ('..'); Quire refuses "
            "archives whose files would land outside the model folder",
            path=archive,
            message_id="store.archive_escapes",
            params={"entry": name},
        )
    if any(":" in p for p in parts):
        raise StoreError(
            f"The archive entry {name!r} has a ':' in its name",
            path=archive,
            message_id="store.archive_escapes",
            params={"entry": name},
        )
    return PurePosixPath(*parts) if parts else None


def _link_refused(name: str, archive: Path) -> StoreError:
    return StoreError(
        f"The archive entry {name!r} is a link; Quire refuses links in model archives",
        path=archive,
        hint="Make the archive with the files the links point to (tar -h, zip without -y)",
        message_id="store.archive_odd_entry",
        params={"entry": name},
    )


def _zip_members(zf: zipfile.ZipFile, archive: Path) -> list[tuple[PurePosixPath, zipfile.ZipInfo]]:
    out = []
    for info in zf.infolist():
        rel = safe_member_name(info.filename, archive)
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise _link_refused(info.filename, archive)
        if rel is None or info.is_dir():
            continue
        kind = stat.S_IFMT(mode)  # 0 when the archiver recorded permissions only
        if kind and kind != stat.S_IFREG:
            raise StoreError(
                f"The archive entry {info.filename!r} is a special file",
                path=archive,
                message_id="store.archive_odd_entry",
                params={"entry": info.filename},
            )
        out.append((rel, info))
    return out


def _tar_members(tf: tarfile.TarFile, archive: Path) -> list[tuple[PurePosixPath, tarfile.TarInfo]]:
    out = []
    # Read entry by entry, and no further than the limit: a 10 MB archive of a million empty
    # entries took 28 s and 1.1 GB to list whole before being refused.
    for seen, member in enumerate(tf, start=1):
        if seen > MAX_ENTRIES:
            raise StoreError(
                f"The archive holds more than {MAX_ENTRIES:,} entries; too many for a model",
                path=archive,
                message_id="store.archive_too_many",
                params={"count": MAX_ENTRIES, "more": True},
            )
        rel = safe_member_name(member.name, archive)
        if member.issym() or member.islnk():
            raise _link_refused(member.name, archive)
        if member.isdir():
            continue
        if not member.isreg():
            raise StoreError(
                f"The archive entry {member.name!r} is a special file",
                path=archive,
                message_id="store.archive_odd_entry",
                params={"entry": member.name},
            )
        if rel is not None:
            out.append((rel, member))
    return out


def _strip_common_root(names: list[PurePosixPath]) -> int:
    """1 when every file sits in one top folder (``model/config.json``), else 0."""
    tops = {n.parts[0] for n in names}
    if len(tops) == 1 and all(len(n.parts) > 1 for n in names):
        return 1
    return 0


def _check_budget(
    total: int, count: int, archive: Path, dest: Path, *, free_for: int | None = None
) -> None:
    """``total``: the bytes unpacked in all (the bomb limit); ``free_for``: those still to be
    written (the disk), when not all of them."""
    if count > MAX_ENTRIES:
        raise StoreError(
            f"The archive holds {count} files; too many for a model",
            path=archive,
            message_id="store.archive_too_many",
            params={"count": count},
        )
    if total > MAX_UNPACKED:
        raise StoreError(
            f"The archive would unpack to {human_size(total)}, more than Quire accepts "
            f"({human_size(MAX_UNPACKED)}); refusing a possible archive bomb",
            path=archive,
            message_id="store.archive_too_large",
            params={"size": human_size(total), "limit": human_size(MAX_UNPACKED)},
        )
    free = shutil.disk_usage(dest.parent).free
    if (total if free_for is None else free_for) > free:
        raise StoreError(
            f"Not enough disk space to unpack the archive ({human_size(total)} needed, "
            f"{human_size(free)} free in the model store)",
            path=archive,
            hint="Free some space there, or choose another home for Quire's models "
            "(QUIRE_HOME, or Settings)",
            message_id="store.no_space",
            params={"need": human_size(total), "free": human_size(free)},
        )


def _write(stream: IO[bytes], dest: Path, rel: str, limit: int, archive: Path) -> None:
    """Copy entry ``rel`` into ``dest``, at most ``limit`` bytes (the entry's declared size): a
    lying header cannot make an entry larger than the budget that was checked."""
    target = dest / rel
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        out = target.open("xb")
    except (FileExistsError, NotADirectoryError, IsADirectoryError) as exc:
        raise StoreError(
            f"The archive entry {rel!r} clashes with another entry (a file and a folder, or "
            "two files, of the same name)",
            path=archive,
            message_id="store.archive_odd_entry",
            params={"entry": rel},
        ) from exc
    written = 0
    with out:
        while chunk := stream.read(1024 * 1024):
            written += len(chunk)
            if written > limit:
                raise StoreError(
                    "An archive entry is larger than its header says; refusing it",
                    path=archive,
                    message_id="store.archive_odd_entry",
                    params={"entry": rel},
                )
            out.write(chunk)


def _with_weights(plan: _Plan, dest: Path) -> _Plan:
    """``plan`` with the entries set aside as pickles that the unpacked ONNX graphs name as
    their weights moved to ``weights`` (an archive's graphs are read once they are out; what
    those entries hold is looked at once they are out too: ``_drop_pickled``)."""
    graphs = ((p.relative_to(dest).as_posix(), p) for p in sorted(dest.rglob("*.onnx")))
    named = onnx_weights(graphs)
    weights = [rel for rel in plan.pickles if rel in named and raw_weights_name(rel)]
    pickles = [rel for rel in plan.pickles if rel not in weights]
    return _Plan(plan.keep, pickles, plan.code, weights)


# Checkpoint files of transformers' Trainer and PyTorch: pickles whatever a graph says.
_CHECKPOINT_PREFIXES = ("pytorch_model", "training_args", "optimizer", "scheduler", "rng_state")


def raw_weights_name(rel: str) -> bool:
    """Whether a file an ONNX graph names as its weights may be kept despite a pickle-like
    suffix: a ``.bin`` (``onnx.save_model(location="weights.bin")``) that is not named as a
    PyTorch or Trainer checkpoint is."""
    name = PurePosixPath(rel).name.lower()
    return name.endswith(".bin") and not name.startswith(_CHECKPOINT_PREFIXES)


PICKLE_WINDOW = 64 * 1024  # the bytes of a weights file read to tell it from a pickle


def looks_pickled(head: bytes) -> bool:
    """Whether ``head`` (a file's first ``PICKLE_WINDOW`` bytes) starts a pickle, of any
    protocol, or is a zip (PyTorch's own format): such a file is never kept as weights.

    A pickle is a run of opcodes: the head holds a whole one (four opcodes or more to its
    STOP; three after a protocol header), or 32 opcodes in a row, or opcodes up to where the
    head is cut (a large object's bytes). Raw tensor bytes break off within a few bytes: most
    byte values are no opcode. Measured on random data: none of 50,000 heads of float32 or
    float16 values looked like one, 4 of 50,000 of int8 values did."""
    if head.startswith(b"PK\x03\x04"):
        return True
    header = len(head) > 1 and head[0] == 0x80 and 2 <= head[1] <= 5
    enough = 3 if header else 4
    count = 0
    # (decoding a string argument of random bytes warns of invalid escapes: not ours to say)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            for opcode, _arg, _pos in pickletools.genops(io.BytesIO(head)):
                count += 1
                if opcode.name == "STOP":
                    return count >= enough
                if count >= 32:
                    return True
        except Exception as exc:  # not an opcode, or an argument running past the head
            ran_out = "remain" in str(exc) or "no newline found" in str(exc)
            return ran_out and count >= enough and len(head) >= PICKLE_WINDOW
    return False


def _drop_pickled(plan: _Plan, dest: Path) -> _Plan:
    """``plan`` without the weights files that turned out to be pickles (deleted from
    ``dest``; the install then refuses the graph that names them, saying which)."""
    pickled = []
    for rel in plan.weights:
        if looks_pickled(_head(dest / rel)):
            pickled.append(rel)
    for rel in pickled:
        (dest / rel).unlink()
    weights = [rel for rel in plan.weights if rel not in pickled]
    return _Plan(plan.keep, plan.pickles + pickled, plan.code, weights)


_Member = TypeVar("_Member", zipfile.ZipInfo, tarfile.TarInfo)


def _write_member(
    tf: tarfile.TarFile, member: tarfile.TarInfo, dest: Path, rel: str, archive: Path
) -> None:
    extracted = tf.extractfile(member)
    if extracted is None:  # pragma: no cover - regular members always have data
        raise StoreError(
            f"Cannot read {member.name!r}", path=archive, message_id="store.archive_unreadable"
        )
    with extracted:
        _write(extracted, dest, rel, member.size, archive)


def _by_name(
    members: list[tuple[PurePosixPath, _Member]], strip: int, archive: Path
) -> dict[str, _Member]:
    """The archive's entries by the path each is unpacked to (its top folder ``strip``ped);
    an entry named twice is refused (the last one silently won)."""
    out: dict[str, _Member] = {}
    for name, member in members:
        rel = PurePosixPath(*name.parts[strip:]).as_posix()
        if rel in out:
            raise StoreError(
                f"The archive entry {rel!r} clashes with another entry (a file and a folder, "
                "or two files, of the same name)",
                path=archive,
                message_id="store.archive_odd_entry",
                params={"entry": rel},
            )
        out[rel] = member
    return out


def _zip_entry_count(archive: Path) -> int | None:
    """The number of entries a zip's end record gives (its zip64 record's where it needs
    one), read from the file's end alone; None where it finds no such record."""
    import struct

    with archive.open("rb") as file:
        size = file.seek(0, os.SEEK_END)
        file.seek(max(0, size - (22 + 65535 + 20)))  # the end record, its comment, a locator
        tail = file.read()
        end = tail.rfind(b"PK\x05\x06")
        if end < 0 or end + 22 > len(tail):
            return None
        count = int(struct.unpack_from("<H", tail, end + 10)[0])
        locator = end - 20
        if count == 0xFFFF and locator >= 0 and tail[locator : locator + 4] == b"PK\x06\x07":
            file.seek(int(struct.unpack_from("<Q", tail, locator + 8)[0]))
            record = file.read(56)
            if len(record) == 56 and record[:4] == b"PK\x06\x06":
                return int(struct.unpack_from("<Q", record, 32)[0])
    return count


def _unpack(archive: Path, dest: Path, say: Say) -> None:
    dest.mkdir(parents=True)
    try:
        if archive.name.lower().endswith(".zip"):
            count = _zip_entry_count(archive)
            if count is not None and count > MAX_ENTRIES:
                # (before zipfile reads the whole central directory into memory)
                _check_budget(0, count, archive, dest)
            with zipfile.ZipFile(archive) as zf:
                zmembers = _zip_members(zf, archive)
                # (Ignored entries, such as the __MACOSX/ folder macOS's Finder adds, have no
                # say in which folder is the common root.)
                shown = [(n, i) for n, i in zmembers if not _ignored(n)]
                strip = _strip_common_root([n for n, _ in shown])
                wanted = _by_name(shown, strip, archive)
                plan = _plan(list(wanted), archive)
                sizes = [wanted[k].file_size for k in plan.keep]
                _check_budget(sum(sizes), len(zmembers), archive, dest)
                for rel in plan.keep:
                    info = wanted[rel]
                    with zf.open(info) as stream:
                        _write(stream, dest, rel, info.file_size, archive)
                plan = _with_weights(plan, dest)
                # (the bomb limit holds for everything unpacked; the disk, for what is left)
                _check_budget(
                    sum(wanted[k].file_size for k in plan.keep + plan.weights),
                    0,
                    archive,
                    dest,
                    free_for=sum(wanted[k].file_size for k in plan.weights),
                )
                for rel in plan.weights:
                    info = wanted[rel]
                    with zf.open(info) as stream:
                        _write(stream, dest, rel, info.file_size, archive)
                plan = _drop_pickled(plan, dest)
                _announce(plan, say)
        else:
            with tarfile.open(archive) as tf:
                tmembers = _tar_members(tf, archive)
                tshown = [(n, m) for n, m in tmembers if not _ignored(n)]
                strip = _strip_common_root([n for n, _ in tshown])
                twanted = _by_name(tshown, strip, archive)
                plan = _plan(list(twanted), archive)
                _check_budget(sum(twanted[k].size for k in plan.keep), len(tmembers), archive, dest)
                for rel in plan.keep:
                    _write_member(tf, twanted[rel], dest, rel, archive)
                plan = _with_weights(plan, dest)
                _check_budget(
                    sum(twanted[k].size for k in plan.keep + plan.weights),
                    0,
                    archive,
                    dest,
                    free_for=sum(twanted[k].size for k in plan.weights),
                )
                for rel in plan.weights:
                    _write_member(tf, twanted[rel], dest, rel, archive)
                plan = _drop_pickled(plan, dest)
                _announce(plan, say)
    except (zipfile.BadZipFile, tarfile.TarError, EOFError, zlib.error) as exc:
        detail = str(exc).splitlines()[0].rstrip(":")  # tarfile lists every method it tried
        raise StoreError(
            f"The archive cannot be read: {detail}",
            path=archive,
            message_id="store.archive_unreadable",
        ) from exc
    except (NotImplementedError, RuntimeError) as exc:  # unknown compression, encryption
        raise StoreError(
            f"The archive uses an unsupported format: {exc}",
            path=archive,
            message_id="store.archive_format",
        ) from exc


# ----------------------------------------------------------------------------- checkpoints


def _export_if_checkpoint(folder: Path, say: Say) -> Path:
    """A transformers checkpoint (safetensors, no ONNX) becomes an ONNX model folder when the
    export extra is installed; without it the checkpoint is kept (PyTorch can run it)."""
    has_onnx = any(folder.rglob("*.onnx"))
    if has_onnx or not any(folder.glob("*.safetensors")):
        return folder
    if importlib.util.find_spec("optimum") is None:
        say(
            "This is a transformers checkpoint without ONNX files; it is imported as it is "
            "and runs with PyTorch. The export extra converts it to ONNX on import: "
            f"{install_extra('export')}"
        )
        return folder
    from engine.store.export import export_model

    say("Exporting the checkpoint to ONNX (fp32 and int8); this can take a few minutes")
    exported = folder.with_name(folder.name + ".onnx")

    def progress(message: str) -> None:  # (the export's own folder is the import's work)
        say("Exported the checkpoint to ONNX" if message.startswith("Exported to ") else message)

    export_model(folder, exported, ("fp32", "int8"), progress=progress)
    return exported


__all__ = [
    "ARCHIVE_SUFFIXES",
    "MAX_UNPACKED",
    "check_remote_code",
    "default_name",
    "is_archive",
    "safe_member_name",
    "stage_import",
]
