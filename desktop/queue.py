"""The file queue: dropped documents (or a folder of them) translated one file at a time on
the one worker, each row with its own progress; pause, cancel and retry.

A drop with a folder in it is a ``Drop`` whose folders are scanned on the worker
(``ScanFolderRequest``: a home folder takes a while to walk), cancellably; its rows are added
when the scan returns. A row is waiting → running → done | failed | cancelled; retry puts a
failed or cancelled row back to waiting. Pause stops the running file at its next part (its
journal keeps what is translated; Resume goes on from there) and starts no other until
resumed. Only one file is handed to the job runner at a time, so the panes' own jobs are
never stuck behind a long folder, and Pause lets them go before a long file. A row keeps a
copy of the glossary it was queued with (in ``<home>/queue``): the app's one glossary may
change while files wait.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from desktop import errors
from desktop.glossary import pair_text
from desktop.i18n import language_name
from desktop.jobs import QUEUED_FILE, Job, JobRunner
from engine import (
    DocumentResult,
    EngineError,
    FilesFound,
    ModelLoaded,
    ModelUsed,
    Note,
    Progress,
    ScanFolderRequest,
    TranslateDocumentRequest,
    TranslateRequest,
    from_json,
    is_document_package,
    numbered,
    read_by_name,
    to_json,
    write_atomic,
)

FOLDER = "queue"  # the queue's own files, in the engine's home: the glossaries rows keep
KEPT_GLOSSARY = "glossary-"  # a kept glossary's name: this and its bytes' digest


class RowState(Enum):
    WAITING = "waiting"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


@dataclass
class Row:
    path: Path
    output: Path | None  # None: the engine names it once the target language is known
    template: TranslateRequest  # model and languages; its text is not used
    state: RowState = RowState.WAITING
    done: int = 0
    total: int = 0
    stage: str = ""  # the running job's stage: "reading pages" (a PDF), "translating"
    message: str = ""  # the presenter's sentence when it failed
    # and what to do about it (its last sentence): the row shows both ("it looks cut short"
    # alone left the user without a next step: an outside review)
    advice: str = ""
    details: str = ""  # the error's whole text, then the notes
    notes: list[str] = field(default_factory=list)  # the job's Note events, kept through rewording
    error: BaseException | None = None  # why it failed: worded again when the language changes
    interrupted: bool = False  # not done when Quire closed: restored, stopped, at the next start
    pausing: bool = False  # running, stopped by Pause: it waits again when the engine stops it
    job: Job | None = None
    result: DocumentResult | None = None
    model: ModelUsed | None = None
    seconds: float = 0.0
    load_seconds: float = 0.0
    eta: float | None = None
    history: list[str] = field(default_factory=list)  # states it went through, for tests

    @property
    def finished(self) -> bool:
        return self.state in (RowState.DONE, RowState.FAILED, RowState.CANCELLED)

    @property
    def tokens(self) -> int:
        if self.result is None:
            return 0
        return sum(r.generated_tokens for r in self.result.results)


def _saved_error(error: BaseException | None) -> dict[str, object] | None:
    """A row's error as the engine's protocol writes one (its message id and parameters
    included, so it is worded again in the language of the next start)."""
    if error is None:
        return None
    if not isinstance(error, EngineError):
        error = EngineError(str(error) or type(error).__name__)
    saved: dict[str, object] = to_json(error)
    return saved


def _restored_error(saved: object) -> EngineError | None:
    if saved is None:
        return None
    error = from_json(saved)
    if not isinstance(error, EngineError):
        raise ValueError("not an error")
    return error


def _text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _unused(path: Path, taken: set[Path]) -> Path:
    """``path``, or ``NAME (2).ext``, ``NAME (3).ext``, … when it is in ``taken`` or a file
    is there already (a translation the user may have edited is never overwritten); but a
    file a program finds by its name alone (Android's ``values-de/strings.xml``, Hugo's
    ``i18n/de.toml``) keeps its name: the engine writes over the app's own output there,
    unchanged since, and refuses to write over any other (the user's), since a numbered copy
    would not be read or would break the app's build."""
    if path not in taken and read_by_name(path):
        return path
    number = 1
    while numbered(path, number) in taken or numbered(path, number).exists():
        number += 1
    return numbered(path, number)


class DropState(Enum):
    SCANNING = "scanning"
    ADDED = "added"
    CANCELLED = "cancelled"
    FAILED = "failed"


@dataclass(eq=False)
class Drop:
    """One ``BatchQueue.add``: the paths given and, once scanned, the rows they became."""

    paths: list[Path]
    template: TranslateRequest
    output: Callable[[Path], Path | None]
    state: DropState = DropState.SCANNING
    job: Job | None = None  # the scan on the worker, for a drop with a folder in it
    folders: list[Path] = field(default_factory=list)  # the folders among ``paths``
    rows: list[Row] = field(default_factory=list)
    error: BaseException | None = None  # why the scan failed
    # Files a folder gave that were left out: translated already (their output is there) or
    # a translation of another of its files (named by the user's pattern).
    skipped: list[Path] = field(default_factory=list)
    # Files a folder gave of kinds Quire does not read (a .wpd, a photo).
    unsupported: list[Path] = field(default_factory=list)
    # Files a folder gave of kinds Quire reads that are no text to translate (php.ini,
    # package.json, a TypeScript .ts).
    not_text: list[Path] = field(default_factory=list)


class BatchQueue(QObject):
    """The rows and their life; ``row_changed(int)`` after any change to row ``index``."""

    row_added = Signal(int)
    row_changed = Signal(int)
    paused_changed = Signal(bool)
    row_finished = Signal(object)  # Row, when it reaches done / failed / cancelled
    drained = Signal()  # nothing left waiting or running
    drop_ended = Signal(object)  # Drop: its rows were added, or its scan was cancelled or failed
    scans_changed = Signal()  # a folder scan began or ended (``scans`` changed)
    cleared = Signal()  # the finished rows were taken off the list

    def __init__(self, runner: JobRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.rows: list[Row] = []
        self.scans: list[Drop] = []  # drops whose folders are being scanned, oldest first
        self.paused = False
        self._running: Row | None = None

    # --- what the user does -----------------------------------------------------------------

    def add(
        self,
        paths: list[Path],
        template: TranslateRequest,
        output: Callable[[Path], Path | None],
    ) -> Drop:
        """Queue ``paths``; ``output(path)`` names each translated file. Dropped files are
        added at once; a drop with a folder in it is scanned on the worker and its rows added
        when the scan returns (``drop_ended``). Drops keep their order: while one is being
        scanned, later ones wait for it."""
        template = self._kept(template)
        drop = Drop(
            list(paths),
            template,
            output,
            folders=[p for p in paths if p.is_dir() and not is_document_package(p)],
        )
        if not self.scans and not drop.folders:
            self._added(drop, FilesFound(tuple(dict.fromkeys(drop.paths))))
            return drop
        template = drop.template
        scan = ScanFolderRequest(
            paths=tuple(drop.paths), source=template.source, target=template.target
        )
        job = self.runner.submit(scan, label="scan")
        drop.job = job
        self.scans.append(drop)
        job.finished.connect(lambda found: self._added(drop, found))
        job.failed.connect(lambda error: self._scan_stopped(drop, DropState.FAILED, error))
        job.cancelled.connect(lambda: self._scan_stopped(drop, DropState.CANCELLED, None))
        self.scans_changed.emit()
        return drop

    def cancel_scan(self, drop: Drop) -> None:
        """Stop scanning ``drop``'s folders; it adds no rows."""
        if drop.state is DropState.SCANNING and drop.job is not None:
            self.runner.cancel(drop.job)

    def _added(self, drop: Drop, found: object) -> None:
        """Rows for ``found``. Two files that would get the same name (``a/x.srt`` and
        ``b/x.srt`` into one output folder) get distinct ones, so neither translation
        overwrites the other."""
        assert isinstance(found, FilesFound)
        drop.unsupported = list(found.unsupported)
        drop.not_text = list(found.not_text)
        # The names rows still to run (or to retry) will write: a later drop takes none.
        taken = self._taken()
        given = set(drop.paths)
        targets = {path: drop.output(path) for path in found.paths}
        outputs = {t for t in targets.values() if t is not None}
        counts = Counter(t for t in targets.values() if t is not None)
        shared = {t for t, n in counts.items() if n > 1}  # (one pass: a folder of thousands)
        for path in found.paths:
            target = targets[path]
            before = target is not None and target not in shared and target.exists()
            if path not in given and (path in outputs or before):
                # From a folder: a translation of one of its files (under any name pattern),
                # or a file translated before (its output is there; not where two of its
                # files share a name in one output folder: which one it was is unknown).
                drop.skipped.append(path)
                continue
            if target is not None:
                target = _unused(target, taken)
                taken.add(target)
            row = Row(path=path, output=target, template=drop.template)
            row.history.append(row.state.value)
            self.rows.append(row)
            drop.rows.append(row)
            self.row_added.emit(len(self.rows) - 1)
        drop.state = DropState.ADDED
        self._scan_ended(drop)
        self._pump()

    def _kept(self, template: TranslateRequest) -> TranslateRequest:
        """``template`` with a copy of its glossary, which its rows keep: the app has one
        glossary, and a change to it while files waited (other terms, or for French now)
        reached them (its new terms went into them, or they failed for another pair). Named
        by its bytes: a drop's files, and drops of one glossary, share one copy; it goes when
        no row still to run or to retry needs it."""
        if template.glossary is None:
            return template
        given = Path(template.glossary)
        try:
            data = given.read_bytes()
        except OSError:
            return template  # (the engine says what is wrong with it)
        digest = hashlib.sha256(data).hexdigest()[:16]
        copy = self.runner.options.home / FOLDER / f"{KEPT_GLOSSARY}{digest}{given.suffix}"
        try:
            if not copy.is_file():
                copy.parent.mkdir(parents=True, exist_ok=True)
                write_atomic(copy, data)
        except OSError:
            return template  # (a home not written to: the glossary of the moment, as before)
        return dataclasses.replace(template, glossary=copy)

    def _sweep(self) -> None:
        """The kept glossaries no row waiting, running, failed or cancelled (Retry takes it)
        and no drop being scanned needs, removed: those of rows done or cleared, and any a
        crash left (the queue saves its rows soon after each change)."""
        needed = {r.template.glossary for r in self.rows if r.state is not RowState.DONE}
        needed |= {d.template.glossary for d in self.scans}
        try:
            kept = list((self.runner.options.home / FOLDER).glob(f"{KEPT_GLOSSARY}*"))
        except OSError:
            return
        for path in kept:
            if path not in needed:
                with contextlib.suppress(OSError):  # (in use elsewhere: gone the next time)
                    path.unlink()

    def _scan_stopped(self, drop: Drop, state: DropState, error: object) -> None:
        drop.state = state
        drop.error = error if isinstance(error, BaseException) else None
        self._scan_ended(drop)

    def _scan_ended(self, drop: Drop) -> None:
        drop.job = None
        if drop in self.scans:
            self.scans.remove(drop)
            self.scans_changed.emit()
        self._sweep()  # (a drop that added no rows)
        self.drop_ended.emit(drop)

    def pause(self) -> None:
        """Start no other file, and stop the running one at its next part: its journal keeps
        what is translated, and Resume goes on from there (the panes' jobs go first)."""
        if not self.paused:
            self.paused = True
            self.paused_changed.emit(True)
            row = self._running
            if row is not None and row.job is not None:
                row.pausing = True
                self.runner.cancel(row.job)

    def resume(self) -> None:
        if self.paused:
            self.paused = False
            self.paused_changed.emit(False)
            self._pump()

    def cancel(self, row: Row) -> None:
        """A waiting row is cancelled at once; a running one at the engine's next check."""
        row.pausing = False  # (cancelled, not paused, when the engine stops it)
        if row.state is RowState.WAITING:
            self._set(row, RowState.CANCELLED)
            self.row_finished.emit(row)
        elif row.state is RowState.RUNNING and row.job is not None:
            self.runner.cancel(row.job)

    def cancel_all(self) -> None:
        for drop in list(self.scans):
            self.cancel_scan(drop)
        for row in list(self.rows):
            self.cancel(row)

    def unfinished(self) -> str:
        """The rows not done (waiting, running, failed, cancelled), as JSON: what ``restore``
        takes back after a restart (a file's journal keeps the units translated so far, so a
        Retry resumes), with how far each got and why a failed one failed."""
        rows = [
            {
                "path": str(r.path),
                "output": None if r.output is None else str(r.output),
                "model": r.template.model,
                "source": r.template.source,
                "target": r.template.target,
                "glossary": None if r.template.glossary is None else str(r.template.glossary),
                "memory": None if r.template.memory is None else str(r.template.memory),
                "done": r.done,
                "total": r.total,
                "error": _saved_error(r.error) if r.state is RowState.FAILED else None,
                # (one the user cancelled comes back cancelled, not "stopped when Quire closed")
                "cancelled": r.state is RowState.CANCELLED and not r.interrupted,
            }
            for r in self.rows
            if r.state is not RowState.DONE
        ]
        return json.dumps(rows) if rows else ""

    def restore(self, saved: str) -> tuple[list[Row], list[Path]]:
        """Rows for what ``unfinished`` saved: a failed one failed still, with its reason, any
        other stopped (Retry runs them); and the files gone since, left out (entries that
        cannot be read are passed over)."""
        try:
            entries = json.loads(saved) if saved else []
        except (ValueError, RecursionError):
            return [], []
        restored: list[Row] = []
        gone: list[Path] = []
        for entry in entries if isinstance(entries, list) else []:
            try:
                path = Path(entry["path"])
                output = None if entry.get("output") is None else Path(entry["output"])
                glossary = entry.get("glossary")
                memory = entry.get("memory")
                template = TranslateRequest(
                    text="",
                    model=_text_or_none(entry.get("model")),
                    source=_text_or_none(entry.get("source")),
                    target=_text_or_none(entry.get("target")),
                    glossary=Path(glossary) if isinstance(glossary, str) else None,
                    memory=Path(memory) if isinstance(memory, str) else None,
                )
                done, total = int(entry.get("done") or 0), int(entry.get("total") or 0)
                error = _restored_error(entry.get("error"))
            except (KeyError, TypeError, ValueError, AttributeError):
                continue
            if not (path.is_file() or is_document_package(path)):  # (Report.pages/ is one)
                gone.append(path)
                continue
            state = RowState.FAILED if error is not None else RowState.CANCELLED
            row = Row(path=path, output=output, template=template, state=state)
            row.done, row.total = max(0, done), max(0, total)
            row.error = error
            row.interrupted = error is None and not entry.get("cancelled")
            if error is not None:
                self.describe(row)
            row.history.append(row.state.value)
            self.rows.append(row)
            restored.append(row)
            self.row_added.emit(len(self.rows) - 1)
        self._sweep()
        return restored, gone

    @staticmethod
    def describe(row: Row) -> None:
        """``row``'s message and details from its error, in the language of the moment."""
        if row.error is None:
            row.details = "\n".join(row.notes)
            return
        message = errors.describe(row.error)
        lines = message.text.splitlines() if message else []
        row.message = lines[0] if lines else str(row.error)
        row.advice = lines[-1] if len(lines) > 1 else ""
        kept = ""
        if row.done:  # (the file's journal holds them, whatever stopped it)
            kept = errors.parts_kept(row.done)
        row.details = "\n".join([message.text if message else "", kept, *row.notes]).strip()
        row.details = "\n".join(line for line in row.details.splitlines() if line)

    def _taken(self, but: Row | None = None) -> set[Path]:
        """The output names of rows not done (they may still write them), ``but`` one."""
        return {
            r.output
            for r in self.rows
            if r is not but and r.state is not RowState.DONE and r.output is not None
        }

    def retry(self, row: Row) -> None:
        if row.state in (RowState.FAILED, RowState.CANCELLED):
            if row.output is not None and row.output.exists():
                # A stopped row never wrote its output: a file there now is another's (the
                # same file translated again since, and perhaps edited): never overwritten.
                row.output = _unused(row.output, self._taken(but=row))
            row.done = row.total = 0
            row.message = row.advice = row.details = ""
            row.notes = []
            row.error = None
            row.interrupted = False
            row.eta = None
            self._set(row, RowState.WAITING)
            self._pump()

    def clear_finished(self) -> None:
        self.rows = [r for r in self.rows if not r.finished]
        self._sweep()
        for index in range(len(self.rows)):
            self.row_changed.emit(index)
        self.cleared.emit()

    @property
    def running(self) -> Row | None:
        """The row being translated now, if any."""
        return self._running

    @property
    def active(self) -> bool:
        return bool(self.scans) or any(not r.finished for r in self.rows)

    # --- running ------------------------------------------------------------------------------

    def _pump(self) -> None:
        if self._running is not None or self.paused:
            return
        row = next((r for r in self.rows if r.state is RowState.WAITING), None)
        if row is None:
            self.drained.emit()
            return
        self._running = row
        self._set(row, RowState.RUNNING)
        # A file put at the output's name while this one waited is kept, not overwritten.
        request = TranslateDocumentRequest(
            input=row.path, output=row.output, template=row.template, overwrite=False, record=True
        )
        job = self.runner.submit(request, label=QUEUED_FILE)
        job.file = row.path.name  # (a pane's job waiting behind it names it)
        row.job = job
        job.progressed.connect(lambda event: self._progressed(row, event))
        job.finished.connect(lambda result: self._ended(row, RowState.DONE, result))
        job.failed.connect(lambda error: self._ended(row, RowState.FAILED, error))
        job.cancelled.connect(lambda: self._ended(row, RowState.CANCELLED, None))

    def _progressed(self, row: Row, event: object) -> None:
        if isinstance(event, Progress):
            row.done, row.total = event.done, event.total
            row.eta = event.eta_seconds
            row.stage = event.stage
            self._changed(row)
        elif isinstance(event, ModelLoaded):
            row.model = event.model
            row.load_seconds += event.seconds
        elif isinstance(event, Note):  # (resuming after a crash is off, say): in its tooltip
            row.notes.append(errors.note_text(event))
            self.describe(row)
            self._changed(row)

    def _ended(self, row: Row, state: RowState, payload: object) -> None:
        if row.job is not None and row.job.seconds is not None:
            row.seconds = row.job.seconds
        if state is RowState.FAILED and self._left_off(row, payload):
            self._running = None
            self._set(row, RowState.WAITING)  # (again at once: nothing was translated)
            self._pump()
            return
        if isinstance(payload, DocumentResult):
            row.result = payload
            row.output = payload.output
            if payload.results:
                row.model = payload.results[-1].model
            row.done = row.total = max(row.total, 1)
        elif isinstance(payload, BaseException):
            row.error = payload
            self.describe(row)
        if self._running is row:
            self._running = None
        row.eta = None
        if state is RowState.CANCELLED and row.pausing:
            row.pausing = False  # stopped by Pause: waiting to go on from its journal
            self._set(row, RowState.WAITING)
            self._pump()
            return
        row.pausing = False
        self._set(row, state)
        self.row_finished.emit(row)
        if state is RowState.DONE and row.template.glossary is not None:
            self._sweep()  # (its kept glossary, once no other row needs it)
        self._pump()

    def _left_off(self, row: Row, error: object) -> bool:
        """Whether ``row`` failed for a glossary of another pair, and goes again without it.
        The pane judged its glossary by the languages named when it was queued; the engine
        refuses it for a target found only as the file ran (a catalog for German, a model's
        one language), where the pane would have left it off: so is it here, said in the
        row's notes, not a file failed for it."""
        if not (
            isinstance(error, EngineError)
            and error.message_id == "glossary.other_pair"
            and row.template.glossary is not None
        ):
            return False
        p = error.params
        row.template = dataclasses.replace(row.template, glossary=None)
        row.notes.append(
            self.tr(
                "The glossary is for {languages}, not {language}: not used for this file."
            ).format(
                languages=pair_text((str(p["source"]), str(p["target"]))),
                language=language_name(str(p["job_target"])),
            )
        )
        self.describe(row)
        return True

    def _set(self, row: Row, state: RowState) -> None:
        row.state = state
        row.history.append(state.value)
        self._changed(row)

    def _changed(self, row: Row) -> None:
        for index, candidate in enumerate(self.rows):
            if candidate is row:
                self.row_changed.emit(index)
