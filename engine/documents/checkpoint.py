"""The checkpoint of a document translation: a journal of the units already translated, so a
crash or a kill resumes where it stopped, with no unit translated twice and none lost.

Where: ``<home>/checkpoints/<key>.jsonl`` (``EngineOptions.home``), never beside the output, so a
folder of documents holds only the user's files. The key is a hash of everything that decides
the translations: the input's bytes, the model (the named folder, or every installed model and
the device/dtype/backend options when the engine chooses), the languages and the glossary's
contents. Bilingual output is not part of it: the translations are the same.

Format: JSON lines. The first is a header ``{"quire_checkpoint": 1, "key": …}``; then one line
per batch, ``{"batch": [{"n": index, "id": unit id, "source": sha256 of its text, "text": …},
…]}``, appended in one write, flushed and fsync'ed. A batch is journaled whole or not at all, so
a resumed job batches the rest of the document exactly as an uninterrupted run would (batch
composition can change a model's numerics, e.g. int8 activations). On loading, a torn last line
(the process was killed while writing it) is cut off; an entry whose unit id or text does not
match the document is ignored. The journal is deleted once the output is written; journals not
touched for ``STALE_DAYS`` days are deleted when a new job starts.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from engine.documents.base import Unit
from engine.documents.errors import DocumentError

VERSION = 1
STALE_DAYS = 30


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
        self._started = False  # the header is written with the first batch

    @classmethod
    def open(cls, folder: Path, data: bytes, fingerprint: Mapping[str, str]) -> Journal:
        prune(folder)
        return cls(folder, journal_key(data, fingerprint))

    def load(self, units: Sequence[Unit]) -> dict[int, str]:
        """The translations journaled for ``units`` (by index). Cuts off a torn last line so
        the next append starts on a fresh line."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return {}
        except OSError as exc:
            raise self._error("cannot be read", exc) from exc
        good = 0  # bytes of whole, valid lines
        done: dict[int, str] = {}
        header = False
        for line in raw.splitlines(keepends=True):
            if not line.endswith(b"\n"):
                break  # torn: killed in the middle of this write
            try:
                entry = json.loads(line)
            except ValueError:
                break
            if not isinstance(entry, dict):
                break
            if not header:
                if entry.get("quire_checkpoint") != VERSION or entry.get("key") != self.key:
                    break  # not ours (or an older format): start over
                header = True
            elif isinstance(entry.get("batch"), list):
                for item in entry["batch"]:
                    if isinstance(item, dict):
                        self._take(item, units, done)
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
        self._started = True
        return done

    @staticmethod
    def _take(entry: dict[str, object], units: Sequence[Unit], done: dict[int, str]) -> None:
        n, text = entry.get("n"), entry.get("text")
        if not isinstance(n, int) or not isinstance(text, str) or not 0 <= n < len(units):
            return
        unit = units[n]
        if entry.get("id") == unit.id and entry.get("source") == _text_hash(unit.text):
            done.setdefault(n, text)

    def append(self, entries: Iterable[tuple[int, Unit, str]]) -> None:
        """Journal one batch: one write, flushed and fsync'ed before the next batch starts."""
        batch = [
            {"n": n, "id": unit.id, "source": _text_hash(unit.text), "text": text}
            for n, unit, text in entries
        ]
        lines: list[dict[str, object]] = []
        if not self._started:
            lines.append({"quire_checkpoint": VERSION, "key": self.key})
        lines.append({"batch": batch})
        payload = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
        try:
            created = not self.path.exists()
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("ab") as fh:
                fh.write(payload.encode("utf-8", "surrogatepass"))
                fh.flush()
                os.fsync(fh.fileno())
            if created:
                _sync_folder(self.path.parent)
        except OSError as exc:
            raise self._error("cannot be written", exc) from exc
        self._started = True

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            self.path.unlink(missing_ok=True)
        self._started = False

    def _error(self, what: str, exc: OSError) -> DocumentError:
        return DocumentError(
            f"The translation checkpoint {what}: {exc.strerror or exc}",
            path=self.path,
            hint="Check the free space and permissions of Quire's data folder",
        )


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


__all__ = ["STALE_DAYS", "Journal", "journal_key", "prune"]
