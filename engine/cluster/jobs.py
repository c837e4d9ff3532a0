"""A batch: one command (translate, summarize, classify a CSV) over every document of a folder,
each written to an output folder. ``plan`` lists the documents; ``run_one`` does one of them
with the same pipeline functions as the local commands, so a worker's output is the local
output, byte for byte. Both run in-process (``quire … SRC_DIR -o OUT_DIR``) or on Ray workers."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import posixpath
import tempfile
import time
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path, PurePosixPath
from typing import Any, Literal

from engine.api import (
    ClassifyRequest,
    Event,
    Progress,
    SummarizeRequest,
    SummarizeResult,
    TranslateRequest,
    UnitCounts,
)
from engine.cluster.storage import JOURNALS, Entry, Storage, inside, same_place
from engine.documents import MAX_DOCUMENT_BYTES, READERS, default_output, translate_document
from engine.documents.checkpoint import journal_key
from engine.documents.folders import (
    NOT_TEXT,
    OUTPUT_NAME,
    folder_documents,
    other_languages_resource,
    passed_over,
    trados_other_target,
)
from engine.documents.naming import split_name
from engine.documents.registry import output_suffix
from engine.documents.translate import (
    BATCH_UNITS,
    NoText,
    _engine_fingerprint,
    _journal_fingerprint,
)
from engine.engine import Engine
from engine.errors import Cancelled, EngineError, InputError
from engine.fileio import name_key, write_atomic
from engine.options import CancelToken
from engine.text.encoding import UTF8, EncodingUsed

Command = Literal["translate", "summarize", "classify"]
SUMMARY = ".summary.txt"
# Why a file of the folder is not done, as the command says it (``folder_documents``'s reasons).
WHY = {
    "unsupported": "not a supported kind of file",
    # (a supported suffix, but not the kind of file Quire translates: ``passed_over``'s and
    # the readers' refusals of what a folder holds, ``REFUSALS``)
    "settings": "a settings file, not strings to translate",
    "php": "PHP code, not a language array",
    "typescript": "TypeScript code, not a Qt Linguist file",
    "template": "a FreeMarker template, not Fluent messages",
    "xml": "XML of another kind than Android strings, DocBook or DITA",
    "notpage": "named like a manual page, but not one",
    "pagelink": "a manual page that only includes another",
    "mdoc": "an mdoc(7) manual page, which Quire does not translate (mandoc -Tman converts it)",
    "wordpress": "a WordPress translation made from a .po file (translate the .po)",
    "empty": "an empty file",
    "translation": "a translation (its name or its folder names a language)",
    "language": "another language's resources, beside the source's",
    "outside": "a link to a file outside the folder",
    "shared": "its output would be written where another file's goes",
    "hidden": "a hidden file",
    "output": "in an earlier batch's output folder",
    # (found reading it: an icon, a redirect page; a mirror copies it)
    "notext": "no text to translate",
    "package": "a Pages, Keynote or Numbers package (a folder), which a batch into object "
    "storage does not carry: translate it on its own (quire translate --to LANG NAME.pages)",
}
# A reader's refusal of a folder's file that says what it is, not that it is broken: the
# folder passes it over with this reason (a ``WHY`` key), as it does the files its names and
# first bytes tell. A damaged one (document.bad_ini…) stays a failure that names it; a file
# named on its own keeps its reader's error, hint and all.
REFUSALS = {
    "document.ini_settings": "settings",
    "document.toml_settings": "settings",
    "document.php_not_language": "php",
    "document.php_wordpress": "wordpress",
    "document.not_manual_page": "notpage",
    "document.manual_page_link": "pagelink",
    "document.mdoc_page": "mdoc",
    "document.key_not_keynote": "unsupported",
}
# What a command writes of each document, as its refusals name it.
_OUTPUT = {"translate": "translation", "summarize": "summary", "classify": "labelled table"}


@dataclass(frozen=True)
class Batch:
    """What every document of the batch gets; ``request`` is the template (its text unused)."""

    command: Command
    source: Storage
    output: Storage
    request: TranslateRequest | SummarizeRequest | ClassifyRequest
    max_bytes: int = MAX_DOCUMENT_BYTES
    bilingual: bool = False
    batch_units: int = BATCH_UNITS
    column: str = ""  # classify: the CSV column holding the text
    encoding: str | None = None  # --encoding: the text inputs' (None: detected per file)
    # --mirror: a translation keeps its input's name, and the files left out are copied
    mirror: bool = False
    # One file named on its own, not a folder's: written as it is where it has no text (an
    # icon), as `quire translate FILE` writes it; a folder's is passed over unless mirrored.
    alone: bool = False


@dataclass(frozen=True)
class Item:
    """One document: its path under the source, its size, and its output's path."""

    rel: str
    size: int
    output: str


@dataclass(frozen=True)
class Left:
    """A file of the source that the batch leaves out, and why (a ``WHY`` key; ``detail``,
    where given, says it with the names: the output, the file it belongs to)."""

    rel: str
    reason: str
    detail: str = ""

    @property
    def why(self) -> str:
        return self.detail or WHY.get(self.reason, self.reason)

    @property
    def refused(self) -> bool:
        """Left out though the user asked for it: the batch fails."""
        return self.reason == "shared"


@dataclass(frozen=True)
class Done:
    """What became of one document. ``units``: translated units, summaries or classified rows;
    ``skipped``: its output was already there (a finished document of an earlier run);
    ``no_text``: it had no text to translate, and nothing was written."""

    item: Item
    units: int = 0
    resumed: int = 0
    seconds: float = 0.0
    skipped: bool = False
    no_text: bool = False
    # Its reader refused it for what it is (a settings file): a ``WHY`` key, and it is passed
    # over as the folder's others of its kind are (``REFUSALS``); "" where it was read.
    left_out: str = ""
    error: str | None = None
    encoding: EncodingUsed | None = None  # a text input's, as read and as written
    # A translation's units by how they ended, and the failed ones (the start of each), as
    # the single-file command gives them: no unit is left out silently.
    counts: UnitCounts | None = None
    failed: tuple[str, ...] = ()
    missing_terms: tuple[str, ...] = ()  # glossary terms the model lost, as --json names them
    # A translation's languages (a termbase is read for them when --json names the glossary)
    source_language: str | None = None
    target_language: str | None = None
    notes: tuple[str, ...] = ()  # what its job said by the way (on a worker: said by the driver)
    # With --memory: what the memory gave it, as --json's "memory" says it (memory_json)
    memory: dict[str, Any] | None = None


def plan(batch: Batch, only: str | None = None, *, recursive: bool = False) -> list[Item]:
    """The documents to do, largest first (the long ones start early, so no worker is left with
    a big one at the end). ``only``: one file of the source instead of all of them."""
    return survey(batch, only, recursive=recursive)[0]


def survey(
    batch: Batch, only: str | None = None, *, recursive: bool = False
) -> tuple[list[Item], list[Left]]:
    """``plan``'s documents, and the files of the source it leaves out with the reason, in
    name order (hidden files, the output folder's and summaries are passed over silently)."""
    if same_place(batch.source, batch.output):
        raise InputError(
            "The output folder is the input folder",
            path=str(batch.output),
            hint="Give another folder with -o",
        )
    if batch.command == "translate":
        target = batch.request.target if isinstance(batch.request, TranslateRequest) else None
        if not target:
            raise InputError(
                "Name the language to translate into with --to",
                hint="A batch names every output before it starts, so it cannot wait for one",
            )
    entries = batch.source.files(recursive=recursive)
    nested = inside(batch.output, batch.source)
    if nested is not None:
        # An output folder inside the input folder: its outputs are not inputs of a rerun.
        entries = [e for e in entries if not e.rel.startswith(nested + "/")]
    entries_all = list(entries)
    left: list[Left] = []
    if only is not None:
        # One file named: refused here if no reader takes it (before a cluster is started).
        entries = [e for e in entries if e.rel == only]
        reasons = {e.rel: "outside" if e.outside else _left_out(batch, e.rel) for e in entries}
        left = [Left(rel, why) for rel, why in reasons.items() if why in ("unsupported", "outside")]
        entries = [e for e in entries if reasons[e.rel] not in ("unsupported", "outside")]
    elif batch.source.local and batch.command == "translate":
        # The local command's own choice of documents (it also leaves out earlier outputs).
        root = batch.source.path("")
        source = batch.request.source if isinstance(batch.request, TranslateRequest) else None
        found, skipped = folder_documents(root, target, recursive=recursive, source=source)
        chosen = {p.relative_to(root).as_posix() for p in found}
        listed = {e.rel for e in entries}
        left = [
            Left(rel, s.reason)
            for s in skipped
            if (rel := s.path.relative_to(root).as_posix()) in listed
        ]
        entries = [e for e in entries if e.rel in chosen]
        # A macOS package (Report.pages/) is one document but a folder of parts: translated
        # as one where the output folder is this machine's too (the job reads it in place);
        # object storage carries files only, so there it is said, not dropped silently.
        for package in (p for p in found if p.is_dir()):
            rel = package.relative_to(root).as_posix()
            if batch.output.local:
                size = sum(f.stat().st_size for f in package.rglob("*") if f.is_file())
                entries.append(Entry(rel, size))
            else:
                left.append(Left(rel, "package"))
    else:
        listed = {e.rel for e in entries}
        reasons = {
            e.rel: "outside" if e.outside else _left_out(batch, e.rel, listed) for e in entries
        }
        # The local folder's choice: a project's settings passed over (docker-compose.yml,
        # package.json), an empty file left out (here one of no bytes; there, of white space).
        for e in entries:
            if reasons[e.rel] is None and batch.command != "classify":
                why = passed_over(PurePosixPath(e.rel), partial(batch.source.read_head, e.rel))
                if why is not None:
                    reasons[e.rel] = why
                elif e.size == 0:
                    reasons[e.rel] = "empty"
        left = [Left(rel, why) for rel, why in reasons.items() if why]
        entries = [e for e in entries if reasons[e.rel] is None]
    if batch.mirror and only is None:
        left += hidden_files([e.rel for e in entries_all if not e.outside])
        # An earlier batch's output folder inside this one (its journals say so): not copied.
        earlier = {
            rel.split(f"/{JOURNALS}/")[0] + "/"
            for rel in (e.rel for e in entries_all)
            if f"/{JOURNALS}/" in rel
        }
        left = [
            Left(s.rel, "output") if any(s.rel.startswith(p) for p in earlier) else s for s in left
        ]
    items: list[Item] = []
    outputs: dict[str, str] = {}
    for entry in entries:
        # (a rerun must find each document's output where it wrote it: of two documents
        # sharing one, report.docx and report.pdf, the second is refused before any work, as
        # the local command refuses it, and the others go on)
        out = output_name(batch, entry.rel)
        owner = outputs.setdefault(name_key(PurePosixPath(out)), entry.rel)
        if owner != entry.rel:
            said = f"its {_OUTPUT[batch.command]} would be written to {out}, where {owner}'s goes"
            left.append(Left(entry.rel, "shared", said))
            continue
        items.append(Item(entry.rel, entry.size, out))
    items = sorted(items, key=lambda item: (-item.size, item.rel))
    return items, sorted(left, key=lambda skipped: skipped.rel)


def _left_out(batch: Batch, rel: str, listed: Collection[str] = ()) -> str | None:
    """Why the batch leaves ``rel`` out: a ``WHY`` key, "" to pass over it silently, or None
    (it is done). ``listed``: the source's files, for another language's resources beside the
    source's (``res/values-fr/`` beside ``res/values/``)."""
    if any(part.startswith(".") for part in rel.split("/")):
        return ""
    suffix = posixpath.splitext(rel)[1].lower()
    if batch.command == "classify":
        return None if suffix == ".csv" else "unsupported"
    if suffix not in READERS:
        return "unsupported"
    if batch.command == "summarize":
        return "" if rel.endswith(SUMMARY) else None
    assert isinstance(batch.request, TranslateRequest) and batch.request.target
    # Object storage: an earlier translation into the target is known by its name alone.
    match = OUTPUT_NAME.fullmatch(split_name(PurePosixPath(rel))[0])
    if match is not None and match["lang"].lower() == batch.request.target.lower():
        return "translation"
    request = batch.request
    exists = listed.__contains__
    path = PurePosixPath(rel)
    if other_languages_resource(
        path, lambda p: exists(p.as_posix()), request.source, request.target
    ) or trados_other_target(path, request.target):
        return "language"
    return None


def output_name(batch: Batch, rel: str) -> str:
    """Where a document's output goes under the output folder (its folder mirrors the input's):
    ``NAME.<lang>.<ext>`` as the local command names it beside the input, ``NAME.summary.txt``,
    or a CSV of the same name."""
    folder, name = posixpath.split(rel)
    if batch.command == "translate" and batch.mirror:
        # (the same name; a format written as another, a PDF, with that one's suffix)
        stem, suffix = posixpath.splitext(rel)
        written = output_suffix(suffix)
        return rel if written.lower() == suffix.lower() else stem + written
    if batch.command == "translate":
        assert isinstance(batch.request, TranslateRequest) and batch.request.target
        suffix = output_suffix(posixpath.splitext(name)[1])  # (eq.Rmd as eq.de.Rmd)
        # (PurePosixPath: an app's resource goes where its platform looks, res/values-de/)
        return default_output(PurePosixPath(rel), batch.request.target, suffix).as_posix()
    if batch.command == "summarize":
        name = posixpath.splitext(name)[0] + SUMMARY
    return posixpath.join(folder, name)


# Files a mirror copies as they are: those no reader takes, empty ones, translations there
# already (a site's own pages in other languages: about.fr.md, content/de/), other languages'
# resources, hidden ones (a site's .nojekyll, .htaccess) but a version control's. Not a link
# out of the folder, nor one refused, nor what an earlier batch wrote into a folder inside
# this one (a mirror made there would be copied into the new one whole).
# (and those of a supported suffix that are no text to translate: a site's settings)
COPIED = NOT_TEXT | {"unsupported", "empty", "translation", "language", "hidden"}
_NOT_MIRRORED = frozenset([".git", ".hg", ".svn", JOURNALS, ".DS_Store"])


def copy_left(batch: Batch, left: Left) -> str:
    """Copy a file the batch leaves out into the output folder, under its own name (a
    mirror's); a copy already there, of the same size and no older than the file, is kept.
    What became of it: "copied", "already copied", or "not copied: why"."""
    try:
        there = batch.output.is_file(left.rel)
        copy, original = batch.output.mtime(left.rel) or 0, batch.source.mtime(left.rel) or 0
        # (a copy here has its file's time: a file changed since, even to an older time, a
        # tarball's, is not its copy; object storage sets its own, the upload's)
        fresh = copy == original if batch.output.local else copy >= original
        if there and batch.output.size(left.rel) == batch.source.size(left.rel) and fresh:
            return "already copied"
        batch.source.copy_to(left.rel, batch.output, left.rel)
    except OSError as exc:
        return f"not copied: {exc.strerror or exc}"
    return "copied"


def hidden_files(entries: Collection[str]) -> list[Left]:
    """The hidden files a mirror copies: ``entries`` with a part starting with a dot, but a
    version control's, Quire's own journals and macOS's folder settings."""
    return [
        Left(rel, "hidden")
        for rel in entries
        if any(part.startswith(".") for part in rel.split("/"))
        and _NOT_MIRRORED.isdisjoint(rel.split("/"))
    ]


def run_one(
    engine: Engine,
    batch: Batch,
    item: Item,
    report: Callable[[Event], None] | None = None,
    cancel: CancelToken | None = None,
) -> Done:
    """Do one document; a finished one (its output exists) is skipped. An ``EngineError`` is
    the document's failure, returned with its reason (as is an object store's ``OSError``);
    anything else propagates."""
    started = time.monotonic()
    marker = f"{JOURNALS}/done/{item.output}.json"
    try:
        there = batch.output.is_file(item.output)
    except OSError as exc:  # a name too long for the file system, say
        return Done(item, error=_unwritable(exc))
    if there:
        found = _finished(batch, item, marker)
        if found == "done":
            return Done(item, skipped=True)
        if found == "foreign":
            # A file of the user's, or a copy cut short: never taken for finished work, and
            # never overwritten.
            return Done(
                item,
                error=f"{batch.output.name(item.output)} is already there and was not written "
                "by this batch; move it away, or choose another output folder",
            )
        # ("stale": this batch's output of an input changed since, translated again)
    # Pending until the output is in place: a worker killed between putting the output in
    # place and recording its size leaves a rerun a pending marker, and an output that is whole
    # (it only ever appears whole).
    _mark(batch, item, marker, None)
    try:
        with _staged(engine, batch, item, report) as (in_path, out_path, journals, sync):
            units, resumed, used, ended = _do(
                engine, batch, in_path, out_path, journals, sync, cancel
            )
        # What a rerun trusts as finished: this output, at this size. (Unwritable, as the
        # journal then is too, already said: the pending marker stands, and a rerun takes it.)
        _mark(batch, item, marker, batch.output.size(item.output))
    except NoText:
        batch.output.delete(marker)  # (nothing written to find finished: a rerun reads it)
        return Done(item, seconds=time.monotonic() - started, no_text=True)
    except Cancelled:
        raise
    except EngineError as exc:
        why = REFUSALS.get(exc.message_id or "", "")
        if why and not batch.alone:
            batch.output.delete(marker)
            return Done(item, seconds=time.monotonic() - started, left_out=why)
        return Done(item, seconds=time.monotonic() - started, error=str(exc))
    except OSError as exc:  # object storage refused a read or write; a name too long
        return Done(item, seconds=time.monotonic() - started, error=_unwritable(exc))
    counts, failed, missing, (source, target), memory = (
        ended if ended is not None else (None, (), (), (None, None), None)
    )
    return Done(
        item,
        units,
        resumed,
        time.monotonic() - started,
        encoding=used,
        counts=counts,
        failed=failed,
        missing_terms=missing,
        source_language=source,
        target_language=target,
        memory=memory,
    )


def _unwritable(exc: OSError) -> str:
    """An ``OSError`` a document met, in words (not "[Errno 36] …")."""
    where = f" ({exc.filename})" if exc.filename else ""
    return f"Cannot read or write: {exc.strerror or exc}{where}"


def _mark(batch: Batch, item: Item, marker: str, size: int | None) -> None:
    """Record ``item``'s output at ``size`` (None: pending) and its input as it was read.
    Unwritable (a full disk), it is left unrecorded: the document is not failed for it, nor
    the batch stopped (a rerun then finds the output not recorded, and says so)."""
    stamp = [batch.source.size(item.rel), batch.source.mtime(item.rel)]
    with contextlib.suppress(OSError, InputError):
        record = {"input": item.rel, "size": size, "source": stamp}
        batch.output.write_text(marker, json.dumps(record))


def _finished(batch: Batch, item: Item, marker: str) -> str:
    """Whether the file at ``item``'s output is the batch's finished work ("done": its marker
    records it at this size and the input as it is), its work on an input changed since
    ("stale": translated again), or anything else ("foreign"). A pending marker (the worker
    died before recording the size of an output that only ever appears whole), or none (a
    Quire from before the markers), takes an output not empty and no older than its input."""
    size = batch.output.size(item.output)
    text = batch.output.read_text(marker)
    recorded: object = None
    if text is not None:
        try:
            record = json.loads(text)
            recorded, stamp = record["size"], record.get("source")
        except (ValueError, TypeError, KeyError, AttributeError):
            return "foreign"
        if recorded is not None:
            if not (isinstance(recorded, int) and recorded == size):
                return "foreign"
            now = [batch.source.size(item.rel), batch.source.mtime(item.rel)]
            return "stale" if stamp is not None and stamp != now else "done"
    written = batch.output.mtime(item.output)
    read = batch.source.mtime(item.rel)
    if not size or written is None or read is None or written < read:
        return "foreign"
    _mark(batch, item, marker, size)
    return "done"


# A translation's counts, failed units, glossary terms lost and languages (source, target).
_Ended = tuple[
    UnitCounts,
    tuple[str, ...],
    tuple[str, ...],
    tuple[str | None, str | None],
    dict[str, Any] | None,
]


def _do(
    engine: Engine,
    batch: Batch,
    in_path: Path,
    out_path: Path,
    journals: Path,
    report: Callable[[Event], None],
    cancel: CancelToken | None,
) -> tuple[int, int, EncodingUsed | None, _Ended | None]:
    """Units done, resumed, the encoding used, and a translation's counts, failed units,
    glossary terms lost and languages."""
    request = batch.request
    if isinstance(request, TranslateRequest):
        result = translate_document(
            engine,
            in_path,
            out_path,
            request,
            report,
            cancel,
            max_bytes=batch.max_bytes,
            bilingual=batch.bilingual,
            batch_units=batch.batch_units,
            checkpoints=journals,
            encoding=batch.encoding,
            copy_without_text=batch.mirror or batch.alone,
        )
        languages = (result.source_language, result.target_language)
        memory = None
        if request.memory is not None:
            from engine.cli.tasks import memory_json

            memory = memory_json(request.memory, result.results)
        ended = (result.counts, result.failed, result.missing_terms, languages, memory)
        return result.units, result.resumed, result.encoding, ended
    if isinstance(request, SummarizeRequest):
        # Read and written as `quire summarize FILE -o OUT` does: the same text, so the same
        # summary, in a text input's encoding when it fits.
        from engine.cli.tasks import _read_source

        text, found, _ = _read_source(str(in_path), batch.max_bytes, batch.encoding)
        summary = engine.run(dataclasses.replace(request, text=text), report, cancel)
        assert isinstance(summary, SummarizeResult)
        written = (found or UTF8).encode(summary.text)
        write_atomic(out_path, written)
        used = EncodingUsed.of(found, written.encoding) if found else None
        return 1, 0, used, None
    out_path.parent.mkdir(parents=True, exist_ok=True)
    done = engine.classify_csv(
        in_path, batch.column, out_path, request, report, cancel, encoding=batch.encoding
    )
    return done.classified, 0, done.encoding, None


Staged = tuple[Path, Path, Path, Callable[[Event], None]]


@contextmanager
def _staged(
    engine: Engine, batch: Batch, item: Item, report: Callable[[Event], None] | None
) -> Iterator[Staged]:
    """The input, output and journal folder as paths of this machine, and the progress callback.
    A shared folder is used in place; object storage is copied into a temporary folder, the
    journal copied back after every batch (so another worker resumes it) and the output put
    once complete."""
    emit = report or (lambda _event: None)
    if batch.source.local and batch.output.local:
        yield (
            batch.source.path(item.rel),
            batch.output.path(item.output),
            batch.output.path(JOURNALS),
            emit,
        )
        return
    with tempfile.TemporaryDirectory(prefix="quire-batch-") as tmp:
        work = Path(tmp)
        in_path = work / "in" / posixpath.basename(item.rel)
        out_path = work / "out" / posixpath.basename(item.output)
        journals = work / "journal"
        for folder in (in_path.parent, out_path.parent, journals):
            folder.mkdir()
        if batch.source.local:
            in_path = batch.source.path(item.rel)
        else:
            batch.source.fetch(item.rel, in_path)
        remote_journal = f"{JOURNALS}/{item.output}.jsonl"
        local_journal: Path | None = None
        if isinstance(batch.request, TranslateRequest):
            # The local pipeline's own journal key, so the job finds the journal it will open.
            fingerprint = _engine_fingerprint(engine, batch.request)
            key = journal_key(
                in_path.read_bytes(), _journal_fingerprint(fingerprint, batch.encoding)
            )
            local_journal = journals / f"{key}.jsonl"
            if batch.output.is_file(remote_journal):
                _copy_in(batch.output, remote_journal, local_journal)

        def sync(event: Event) -> None:
            # A Progress of a translation follows a batch journaled and fsync'ed.
            if isinstance(event, Progress) and local_journal and local_journal.is_file():
                _copy_out(batch.output, local_journal, remote_journal)
            emit(event)

        yield in_path, out_path, journals, sync
        _copy_out(batch.output, out_path, item.output)
        if local_journal is not None:
            batch.output.delete(remote_journal)


def _copy_in(storage: Storage, rel: str, dest: Path) -> None:
    if storage.local:
        dest.write_bytes(storage.path(rel).read_bytes())
    else:
        storage.fetch(rel, dest)


def _copy_out(storage: Storage, src: Path, rel: str) -> None:
    if storage.local:
        write_atomic(storage.path(rel), src.read_bytes())
    else:
        storage.put(src, rel)


__all__ = [
    "REFUSALS",
    "SUMMARY",
    "WHY",
    "Batch",
    "Command",
    "Done",
    "Item",
    "Left",
    "output_name",
    "plan",
    "run_one",
    "survey",
]
