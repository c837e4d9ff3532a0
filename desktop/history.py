"""The history of results: one JSON line per finished job in ``history.jsonl`` in Quire's data
folder (the engine's home), searchable, exportable as JSON or CSV, and clearable."""

from __future__ import annotations

import csv
import dataclasses
import datetime as _dt
import functools
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from engine import (
    AskRequest,
    ClassifyRequest,
    EmbedRequest,
    InputError,
    ModelUsed,
    Request,
    SummarizeRequest,
    TranslateRequest,
    forget_interrupted,
    open_private,
    write_atomic,
)

FILE_NAME = "history.jsonl"
MAX_TEXT = 4000  # characters of input and output kept per entry: enough to find it again
MAX_ENTRIES = 5000  # the oldest go when the file holds more
# The file is rewritten only once this many more have piled up, not after every job once it
# is full.
TRIM_SLACK = MAX_ENTRIES // 10


@dataclass(frozen=True)
class HistoryEntry:
    when: str  # ISO 8601, local time with offset
    task: str  # "translate", "summarize", "ask", "classify"
    model: str
    variant: str
    device: str
    seconds: float
    input: str
    output: str
    tokens: int = 0  # generated tokens, where the task generates
    file: str = ""  # the document translated, for queued files

    @classmethod
    def make(
        cls,
        task: str,
        used: ModelUsed | None,
        seconds: float,
        input_text: str,
        output_text: str,
        *,
        tokens: int = 0,
        file: str = "",
    ) -> HistoryEntry:
        return cls(
            when=_dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            task=task,
            model=used.name if used else "",
            variant=used.variant if used else "",
            device=used.device if used else "",
            seconds=round(seconds, 3),
            input=input_text[:MAX_TEXT],
            output=output_text[:MAX_TEXT],
            tokens=tokens,
            file=file,
        )

    @functools.cached_property
    def haystack(self) -> str:
        """What a search looks in, folded once: the panel filters thousands of entries."""
        return " ".join(
            (self.task, self.model, self.variant, self.device, self.input, self.output, self.file)
        ).casefold()

    def matches(self, query: str) -> bool:
        """Every word of ``query`` appears somewhere in the entry (case-insensitive)."""
        return all(word in self.haystack for word in query.casefold().split())


FIELDS = tuple(f.name for f in dataclasses.fields(HistoryEntry))


def request_text(request: Request | None) -> str:
    """The part of a request a person would recognise the job by."""
    if isinstance(request, (TranslateRequest, SummarizeRequest)):
        return request.text
    if isinstance(request, AskRequest):
        return request.question
    if isinstance(request, (ClassifyRequest, EmbedRequest)):
        return "\n".join(request.texts)
    return ""


@dataclass(frozen=True)
class ReadHistory:
    """What reading the history file found."""

    entries: list[HistoryEntry]  # oldest first
    error: str = ""  # why the file could not be read at all (then it is never written over)
    damaged: int = 0  # lines that could not be read, skipped
    kept: Path | None = None  # the file as it was, where damaged lines were skipped


def read_entries(path: Path) -> ReadHistory:
    """The file's entries. A damaged line (a crash mid-write, a byte changed on the disk) is
    skipped, not fatal; then the file as it was is kept beside it (``history.damaged.jsonl``)
    and the file rewritten without those lines, so they are said once and nothing more is
    lost by the next rewrite."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return ReadHistory([])
    except OSError as exc:
        return ReadHistory([], error=exc.strerror or str(exc))
    entries: list[HistoryEntry] = []
    damaged = 0
    for raw in data.splitlines():
        if not raw.strip():
            continue
        try:
            entry = _parse(raw.decode("utf-8"))
        except UnicodeDecodeError:
            entry = None
        if entry is None:
            damaged += 1
        else:
            entries.append(entry)
    if not damaged:
        return ReadHistory(entries)
    try:
        kept = write_atomic(
            path.with_name(f"{path.stem}.damaged{path.suffix}"), data, replace=False, private=True
        )
        write_atomic(path, "".join(_line(e) for e in entries), private=True)
    except InputError as exc:  # (write_atomic's OSErrors) then nothing may write over it
        return ReadHistory(entries, error=exc.message, damaged=damaged)
    return ReadHistory(entries, damaged=damaged, kept=kept)


Run = Callable[[Callable[[], None]], object]


def _now(work: Callable[[], None]) -> None:
    work()


class History:
    """The entries in memory, oldest first, mirrored to ``path`` (appended line by line).

    The file is touched only through ``run_io``: inline by default, the app's history thread
    in the app (``run_io`` = an executor's ``submit``), so the GUI thread never waits on a
    disk. ``load=False`` leaves the reading to the caller (``read_entries`` on that thread,
    then ``loaded``)."""

    def __init__(
        self,
        path: Path,
        *,
        load: bool = True,
        run_io: Run = _now,
        on_problem: Callable[[str], None] | None = None,
    ) -> None:
        self.path = path
        self.entries: list[HistoryEntry] = []
        self.problem: str = ""  # why the file could not be read or written, if it could not
        # False while the file could not be read: it is then never rewritten (from what is
        # in memory, which lacks all it held), only appended to.
        self.intact = True
        self.run_io = run_io
        # Told (on the I/O thread) the first time a write fails, to say it to the user.
        self.on_problem = on_problem
        if load:
            self.load()

    def load(self) -> None:
        self.entries = []
        self.loaded(read_entries(self.path))

    def loaded(self, read: ReadHistory) -> None:
        """The file's entries arrived: they go before any added since."""
        self.entries = read.entries + self.entries
        if read.error:
            self.problem, self.intact = read.error, False

    def add(self, entry: HistoryEntry) -> None:
        self.entries.append(entry)
        if len(self.entries) > MAX_ENTRIES + TRIM_SLACK:
            self.entries = self.entries[-MAX_ENTRIES:]
            text = "".join(_line(e) for e in self.entries)
            self.run_io(lambda: self._write(text, rewrite=True))
        else:
            line = _line(entry)
            self.run_io(lambda: self._write(line, rewrite=False))

    def remove(self, doomed: list[HistoryEntry]) -> list[tuple[int, HistoryEntry]]:
        """Forget these entries (the very objects, not equal ones); the file is rewritten.
        Returns each one removed with where it was, for :meth:`restore`."""
        gone = {id(entry) for entry in doomed}
        removed = [(i, e) for i, e in enumerate(self.entries) if id(e) in gone]
        self.entries = [e for e in self.entries if id(e) not in gone]
        self._rewrite()
        return removed

    def restore(self, removed: list[tuple[int, HistoryEntry]]) -> None:
        """Put back entries :meth:`remove` returned, where they were (undo)."""
        for index, entry in sorted(removed, key=lambda item: item[0]):
            self.entries.insert(min(index, len(self.entries)), entry)
        self._rewrite()

    def _rewrite(self) -> None:
        text = "".join(_line(e) for e in self.entries)
        self.run_io(lambda: self._write(text, rewrite=True))

    def _write(self, text: str, *, rewrite: bool) -> None:
        try:
            if rewrite:
                if self.intact:
                    write_atomic(self.path, text, private=True)
                return
            with open_private(self.path, read=True) as fh:
                # After a crash mid-write the last line is cut short: end it, or this
                # entry would be glued to it and skipped with it on the next load.
                size = fh.seek(0, io.SEEK_END)
                fh.seek(max(0, size - 1))
                torn = size > 0 and fh.read(1) != b"\n"  # writes still go to the end
                fh.write((("\n" if torn else "") + text).encode("utf-8"))
        except (OSError, InputError) as exc:
            # The history is a convenience: never fail a job for it, but say it once.
            said = self.problem
            self.problem = exc.message if isinstance(exc, InputError) else str(exc)
            if not said and self.on_problem is not None:
                self.on_problem(self.problem)

    def search(self, query: str) -> list[HistoryEntry]:
        query = query.strip()
        return [e for e in self.entries if not query or e.matches(query)]

    def clear(self) -> None:
        self.entries = []
        self.run_io(self._remove)

    def _remove(self) -> None:
        try:
            self.path.unlink(missing_ok=True)
        except OSError as exc:
            self.problem = str(exc)
        # The text of interrupted file translations (kept to resume them) goes too: it is
        # what the user translated, in the same folder (the engine's home).
        forget_interrupted(self.path.parent)

    @staticmethod
    def export(entries: list[HistoryEntry], path: Path) -> None:
        """Write ``entries`` as CSV when ``path`` ends in .csv, else as a JSON array. Raises
        ``InputError`` when the file cannot be written."""
        if path.suffix.lower() == ".csv":
            buffer = io.StringIO()
            buffer.write(BOM)  # Excel reads a CSV file as UTF-8 only when it starts so
            writer = csv.DictWriter(buffer, fieldnames=FIELDS)
            writer.writeheader()
            for entry in entries:
                writer.writerow({k: _inert(v) for k, v in dataclasses.asdict(entry).items()})
            write_atomic(path, buffer.getvalue())
        else:
            data = [dataclasses.asdict(e) for e in entries]
            write_atomic(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


BOM = "\ufeff"
# What a spreadsheet reads as a formula at a cell's start (=HYPERLINK(…) in a translated
# web page's text would run when the exported history is opened).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _inert(value: object) -> object:
    """A cell a spreadsheet shows as text: one that starts like a formula gets a leading
    apostrophe (OWASP's advice for CSV exports); numbers stay numbers."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _line(entry: HistoryEntry) -> str:
    return json.dumps(dataclasses.asdict(entry), ensure_ascii=False) + "\n"


def _parse(line: str) -> HistoryEntry | None:
    try:
        data = json.loads(line)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    try:
        return HistoryEntry(
            when=str(data["when"]),
            task=str(data["task"]),
            model=str(data.get("model", "")),
            variant=str(data.get("variant", "")),
            device=str(data.get("device", "")),
            seconds=float(data.get("seconds", 0.0)),
            input=str(data.get("input", "")),
            output=str(data.get("output", "")),
            tokens=int(data.get("tokens", 0)),
            file=str(data.get("file", "")),
        )
    except (KeyError, TypeError, ValueError):
        return None
