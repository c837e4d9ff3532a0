"""The checkpoint of a document translation: a journal of the units already translated, so a
crash or a kill resumes where it stopped, with no unit translated twice and none lost.

Where: ``<home>/checkpoints/<key>.jsonl`` (``EngineOptions.home``), never beside the output, so a
folder of documents holds only the user's files. The key is a hash of everything that decides
the translations: the input's bytes, the model (the named folder, or every installed model and
the device/dtype/backend options when the engine chooses), the languages and the glossary's
contents. Bilingual output is not part of it: the translations are the same.

Format: JSON lines. The first is a header ``{"quire_checkpoint": 2, "key": …}``; then one line
per batch, ``{"batch": [{"n": index, "id": unit id, "source": sha256 of its text, "text": …},
…], "languages": {"source": …, "target": …}}``, appended in one write, flushed and fsync'ed. A
batch is journaled whole or not at all, so a resumed job batches the rest of the document exactly
as an uninterrupted run would (batch composition can change a model's numerics, e.g. int8
activations). ``languages`` (version 2; absent when the translator reports none) are those the
engine reported for the job's first batch: a job whose every unit is journaled makes no engine
call on resuming, yet still needs the target language the engine chose to name its output.
Version 1 journals (no ``languages``) are still read. On loading, a torn last line (the process
was killed while writing it) is cut off; a line or an entry of an unknown shape is ignored. An
entry whose unit id or text does not match the document's at its place is given to a unit of
the same text elsewhere (the document cut another way by another version of Quire), else
counted in ``unused``. The journal is deleted once the output is written; journals not touched
for ``STALE_DAYS`` days are deleted when a new job starts.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from engine.documents.base import Unit
from engine.documents.errors import DocumentError
from engine.fileio import open_private

VERSION = 2
# Versions this code reads: version 2 only added the optional ``languages`` of a batch line.
READABLE = (1, 2)
STALE_DAYS = 30


@dataclass(frozen=True)
class Languages:
    """The source and target languages a job's translations are in (as the engine reported)."""

    source: str
    target: str

    @classmethod
    def from_json(cls, value: object) -> Languages | None:
        """``None`` for anything but ``{"source": str, "target": str}`` with both non-empty."""
        if not isinstance(value, dict):
            return None
        source, target = value.get("source"), value.get("target")
        if isinstance(source, str) and isinstance(target, str) and source and target:
            return cls(source, target)
        return None

    def to_json(self) -> dict[str, str]:
        return {"source": self.source, "target": self.target}


def journal_key(data: bytes, fingerprint: Mapping[str, str]) -> str:
    """The journal's name: the input's bytes and what decides their translations."""
    digest = hashlib.sha256()
    digest.update(hashlib.sha256(data).digest())
    digest.update(json.dumps(dict(fingerprint), sort_keys=True, ensure_ascii=True).encode())
    return digest.hexdigest()[:32]


def _text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:24]


class Journal:
    """The translated units of one job, appended batch by batch."""

    def __init__(self, folder: Path, key: str) -> None:
        self.path = folder / f"{key}.jsonl"
        self.key = key
        # The job's languages: journaled with its first batch, restored by ``load``.
        self.languages: Languages | None = None

    @classmethod
    def open(cls, folder: Path, data: bytes, fingerprint: Mapping[str, str]) -> Journal:
        prune(folder)
        return cls(folder, journal_key(data, fingerprint))

    def load(self, units: Sequence[Unit]) -> dict[int, str]:
        """The translations journaled for ``units`` (by index); sets ``languages`` when a batch
        line holds them. Cuts off a torn last line so the next append starts on a fresh line."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return {}
        except OSError as exc:
            raise self._error("cannot be read", exc) from exc
        good = 0  # bytes of whole, valid lines
        done: dict[int, str] = {}
        elsewhere: dict[str, str] = {}  # by text hash: entries not at their unit's place
        languages: Languages | None = None
        header = False
        for line in raw.splitlines(keepends=True):
            if not line.endswith(b"\n"):
                break  # torn: killed in the middle of this write
            try:
                entry = json.loads(line)
            except ValueError:
                break
            if not header:
                if (
                    not isinstance(entry, dict)
                    or entry.get("quire_checkpoint") not in READABLE
                    or entry.get("key") != self.key
                ):
                    break  # not ours (or a format this code does not know): start over
                header = True
            elif isinstance(entry, dict) and isinstance(entry.get("batch"), list):
                for item in entry["batch"]:
                    if isinstance(item, dict):
                        self._take(item, units, done, elsewhere)
                # The first batch's languages are the job's (later ones repeat them).
                languages = languages or Languages.from_json(entry.get("languages"))
            # Any other whole line (a later version's, say) is skipped, not cut off.
            good += len(line)
        if not header:
            self.discard()
            return {}
        if good < len(raw):
            try:
                with self.path.open("r+b") as fh:
                    fh.truncate(good)
            except OSError as exc:
                raise self._error("cannot be repaired", exc) from exc
        self.languages = languages
        if elsewhere:
            self._by_text(units, done, elsewhere)
        return done

    unused = 0  # entries ``load`` found no unit for (the document cut another way)

    @staticmethod
    def _take(
        entry: dict[str, object],
        units: Sequence[Unit],
        done: dict[int, str],
        elsewhere: dict[str, str],
    ) -> None:
        n, text, source = entry.get("n"), entry.get("text"), entry.get("source")
        if not isinstance(n, int) or not isinstance(text, str) or not isinstance(source, str):
            return
        at = units[n] if 0 <= n < len(units) else None
        if at is not None and entry.get("id") == at.id and source == _text_hash(at.text):
            done.setdefault(n, text)
            return
        elsewhere.setdefault(source, text)

    def _by_text(
        self, units: Sequence[Unit], done: dict[int, str], elsewhere: dict[str, str]
    ) -> None:
        """Entries not at their unit's place, given to the units of the same text: an update
        of Quire that cuts a document another way (a paragraph made two units, a PDF's lines
        joined otherwise) shifts every unit after the change, and a resumed job started over
        from zero. The rest are counted in ``unused``."""
        used: set[str] = set()
        for n, unit in enumerate(units):
            if n not in done:
                digest = _text_hash(unit.text)
                if digest in elsewhere:
                    done[n] = elsewhere[digest]
                    used.add(digest)
        self.unused = len(elsewhere.keys() - used)

    def append(
        self, entries: Iterable[tuple[int, Unit, str]], languages: Languages | None = None
    ) -> None:
        """Journal one batch: one write, flushed and fsync'ed before the next batch starts.
        ``languages`` (those the translator reported) are kept unless the job already has some,
        and go into every batch line, so the journal holds them as soon as it holds a unit."""
        batch = [
            {"n": n, "id": unit.id, "source": _text_hash(unit.text), "text": text}
            for n, unit, text in entries
        ]
        known = self.languages or languages
        line: dict[str, object] = {"batch": batch}
        if known is not None:
            line["languages"] = known.to_json()
        header = json.dumps({"quire_checkpoint": VERSION, "key": self.key}) + "\n"
        payload = json.dumps(line, ensure_ascii=False) + "\n"
        try:
            with open_private(self.path) as fh:
                # A header wherever the file is new, not only at this job's first batch: the
                # journal deleted under a running job (another process's job of the same file
                # ended, Clear history) went on headerless, and its resuming was refused.
                created = os.fstat(fh.fileno()).st_size == 0
                text = (header if created else "") + payload
                fh.write(text.encode("utf-8", "surrogatepass"))
                fh.flush()
                os.fsync(fh.fileno())
            if created:
                _sync_folder(self.path.parent)
        except OSError as exc:
            raise self._error("cannot be written", exc) from exc
        self.languages = known

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            self.path.unlink(missing_ok=True)
        self.languages = None

    def _error(self, what: str, exc: OSError) -> DocumentError:
        return DocumentError(
            f"The translation checkpoint {what}: {exc.strerror or exc}",
            path=self.path,
            # Quire's data folder for a single document, the output folder for a batch.
            hint=f"Check the free space and permissions of {self.path.parent}",
            message_id="document.checkpoint_failed",
            params={"folder": str(self.path.parent)},
        )


FOLDER = "checkpoints"  # the journals' folder, in the engine's home


def forget_interrupted(home: Path) -> int:
    """Delete the journal of every interrupted translation under ``home`` (the engine's): the
    text translated so far, which a user clearing their history wants gone too. A job that
    is still running goes on; only its resuming after a crash is lost. Returns how many."""
    deleted = 0
    with contextlib.suppress(OSError):
        for path in (home / FOLDER).glob("*.jsonl"):
            with contextlib.suppress(OSError):
                path.unlink()
                deleted += 1
    return deleted


def prune(folder: Path, *, days: float = STALE_DAYS) -> None:
    """Delete journals of jobs abandoned more than ``days`` ago."""
    cutoff = time.time() - days * 86400
    with contextlib.suppress(OSError):
        for path in folder.glob("*.jsonl"):
            with contextlib.suppress(OSError):
                if path.stat().st_mtime < cutoff:
                    path.unlink()


def _sync_folder(folder: Path) -> None:
    """Make the new journal's name durable too (POSIX; a no-op where folders cannot open)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


__all__ = [
    "FOLDER",
    "READABLE",
    "STALE_DAYS",
    "VERSION",
    "Journal",
    "Languages",
    "forget_interrupted",
    "journal_key",
    "prune",
]
