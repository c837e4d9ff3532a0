"""The task commands of ``quire``: translate, summarize, ask, classify, embed, generate.

Each builds one typed request, runs it through ``Engine.run`` with progress on stderr and a
cancel token wired to Ctrl-C, and prints text, or one JSON document with ``--json``.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import signal
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

from engine.api import (
    AskRequest,
    AskResult,
    Citation,
    ClassifyRequest,
    ClassifyResult,
    EmbedRequest,
    EmbedResult,
    Event,
    GenerateRequest,
    GenerateResult,
    ModelLoaded,
    ModelLoading,
    ModelUnloaded,
    ModelUsed,
    Note,
    PartialText,
    Progress,
    Request,
    Result,
    SummarizeRequest,
    SummarizeResult,
    TranslatedSegment,
    TranslateRequest,
    TranslateResult,
)
from engine.cluster.options import add_cluster_options, wants_batch
from engine.documents.limits import BATCH_UNITS, MAX_DOCUMENT_BYTES
from engine.engine import Engine
from engine.errors import Cancelled, EngineError, InputError
from engine.fileio import (
    check_output,
    document_suffix,
    name_key,
    read_decoded,
    refuse_other_document,
    write_atomic,
)
from engine.options import CancelToken
from engine.progress import Rounds
from engine.text.encoding import UTF8, EncodingUsed, TextEncoding, lookup
from engine.text.sizes import human_size

if TYPE_CHECKING:
    from engine.documents import DocumentResult, ExtractedText, Place, UnitCounts

# The documents and batch machinery (every reader, lxml, markdown-it, the cluster's jobs) are
# imported by the commands that use them: a one-sentence translation does not wait for them.


def _readers() -> frozenset[str]:
    """The suffixes a document reader takes."""
    from engine.documents import READERS

    return frozenset(READERS)


def batch_command(engine: Engine, args: argparse.Namespace, command: Any) -> int:
    from engine.cluster.cli import batch_command as run

    return int(run(engine, args, command))


# Plain text keeps the stdout behaviour; every other readable format is a document.
PLAIN_TEXT = frozenset({".txt", ".text"})
# What a text result may be written as with -o (a .docx name would hold plain text).
TEXT_OUTPUTS = PLAIN_TEXT | {".md", ".markdown"}


def add_task_parsers(sub: Any, common: Callable[[argparse.ArgumentParser], None]) -> None:
    p = sub.add_parser("translate", help="translate text or files")
    p.add_argument("--model", type=model_name, help="installed model name or folder")
    p.add_argument(
        "--from",
        dest="source",
        type=_source_code,
        metavar="L",
        help="source language (default: detect)",
    )
    p.add_argument(
        "--to",
        dest="target",
        type=language_code,
        metavar="L",
        help="target language, e.g. de (default: the one the installed models reach, if one)",
    )
    p.add_argument(
        "--glossary",
        type=some_path,
        metavar="F",
        help="TSV (term, translation), or a TBX termbase read for the job's languages",
    )
    p.add_argument(
        "--memory",
        type=some_path,
        metavar="F",
        help="a translation memory (TMX): each paragraph or sentence it holds exactly (spaces "
        "aside) is written in its words, not translated by the model",
    )
    p.add_argument(
        "-o",
        "--output",
        type=some_path,
        metavar="OUT",
        help="write the translation there (a folder for folders; default: print text, write "
        "documents beside their input as NAME.<lang>.EXT, an app's resource file where its "
        "platform looks: res/values-de/strings.xml, a video's subtitles as players find them: "
        "Movie.de.srt)",
    )
    p.add_argument(
        "--bilingual", action="store_true", help="documents: each paragraph with its translation"
    )
    p.add_argument("--recursive", action="store_true", help="folders: include subfolders")
    p.add_argument(
        "--mirror",
        action="store_true",
        help="a folder into another (-o OUT_DIR): the same names, not NAME.<lang>.EXT, and the "
        "files Quire does not translate copied as they are (a documentation site, a website)",
    )
    _max_size(p)
    # Units per engine call; the kill-and-resume tests make batches small to interrupt a job.
    p.add_argument("--batch-units", type=_positive, default=BATCH_UNITS, help=argparse.SUPPRESS)
    p.add_argument(
        "files", nargs="*", type=_input_arg, metavar="FILE", help="files or folders, or - for stdin"
    )
    _encoding(p)
    add_cluster_options(p)
    common(p)
    p = sub.add_parser("summarize", help="summarize text or documents")
    p.add_argument("--model", type=model_name, help="installed model name or folder")
    p.add_argument(
        "--length", choices=("short", "medium", "long"), default="medium", help="(default medium)"
    )
    p.add_argument(
        "--language",
        type=language_code,
        metavar="LANG",
        help="the summary's language, e.g. de (an instruction model writes it; default: the "
        "text's)",
    )
    p.add_argument("-o", "--output", type=some_path, metavar="OUT", help="write the summary there")
    _max_size(p)
    p.add_argument(
        "files",
        nargs="*",
        type=_input_arg,
        metavar="FILE",
        help="files or documents (default: standard input)",
    )
    _encoding(p)
    add_cluster_options(p, recursive=True)
    common(p)
    p = sub.add_parser("ask", help="answer a question from a text or document")
    p.add_argument(
        "--question", "-q", type=_question, required=True, metavar="Q", help="the question"
    )
    p.add_argument("--model", type=model_name, help="installed model name or folder")
    p.add_argument(
        "--top-k", type=_positive, default=1, metavar="K", help="answers to give (default 1)"
    )
    _max_size(p)
    _one_file(p)
    _encoding(p)
    common(p)
    p = sub.add_parser("classify", help="classify text (supervised or zero-shot)")
    p.add_argument("--model", type=model_name, help="installed model name or folder")
    p.add_argument(
        "--labels",
        type=_labels,
        default=(),
        metavar="A,B,...",
        help="your own labels (zero-shot; default: the model's)",
    )
    p.add_argument(
        "--multi-label", action="store_true", help="score each of your labels on its own"
    )
    p.add_argument("--explain", action="store_true", help="per-token attributions")
    p.add_argument("--csv", type=some_path, metavar="IN.csv", help="classify a CSV column")
    p.add_argument("--column", metavar="C", help="the CSV column holding the text")
    p.add_argument(
        "-o", "--output", type=some_path, metavar="OUT.csv", help="with --csv: the CSV written"
    )
    _max_size(p)
    _one_file(p)
    _encoding(p)
    add_cluster_options(p, recursive=True)
    common(p)
    p = sub.add_parser(
        "generate", help="continue a text (or answer it, with --chat) with a language model"
    )
    p.add_argument("--model", type=model_name, help="installed decoder-only model or folder")
    p.add_argument("--chat", action="store_true", help="send the text as one chat message")
    p.add_argument(
        "--max-new-tokens", type=_positive, metavar="N", help="(default: the model's own)"
    )
    p.add_argument("--temperature", type=float, metavar="T", help="sample (default: greedy)")
    p.add_argument("--seed", type=_seed, metavar="S", help="seed for sampling (0 or more)")
    _max_size(p)
    p.add_argument(
        "file", type=_input_arg, metavar="FILE|-", help="the prompt, or - for standard input"
    )
    _encoding(p)
    common(p)
    p = sub.add_parser("embed", help="sentence embeddings, one text per line")
    p.add_argument("--model", type=model_name, help="installed model name or folder")
    p.add_argument(
        "file",
        nargs="?",
        default=None,
        type=_input_arg,
        metavar="FILE",
        help="one text per line (default: standard input)",
    )
    _max_size(p)
    _encoding(p)
    common(p)


def _one_file(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file",
        nargs="?",
        default=None,
        type=_input_arg,
        metavar="FILE",
        help="the text or document (default: standard input)",
    )


def _encoding(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--encoding",
        metavar="NAME",
        type=_encoding_name,
        help="the text inputs' encoding (gb18030, shift_jis, windows-1251, …; default: detect)",
    )


def _encoding_name(text: str) -> str:
    try:
        lookup(text)
    except InputError as exc:
        raise argparse.ArgumentTypeError(f"{exc.message}; {exc.hint.lower()}") from None
    return text


def model_name(text: str) -> str:
    """``--model``: an installed model's name or a folder; an empty one is a mistake (a
    shell variable that was not set), not "choose for me", which is leaving it out."""
    if not text.strip():
        raise argparse.ArgumentTypeError(
            "an empty name: give an installed model's name or folder, or leave --model out"
        )
    return text


def _blank(text: str) -> bool:
    """An empty argument, or spaces that name nothing (a file may be called "   ")."""
    return not text.strip() and not os.path.lexists(text)


def some_path(text: str) -> Path:
    """A file or folder argument; an empty one would be the current folder."""
    if _blank(text):
        raise argparse.ArgumentTypeError("an empty path: give a file or folder")
    return Path(text)


def _input_arg(text: str) -> str:
    """An input argument, a path or ``-``: an empty one (an unset shell variable, "$F") would
    be the current folder, or standard input."""
    if _blank(text):
        raise argparse.ArgumentTypeError(
            "an empty path: give a file or folder, or - for standard input"
        )
    return text


def language_code(text: str) -> str:
    """``--to``, ``--language``: a language code (``de``, ``pt-BR``, ``zho_Hans``), checked
    here so that a mistake is a usage error (exit 2) before any model loads."""
    from engine.tasks.languages import is_language

    if not is_language(text):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a language code: give one such as de, zh or pt-BR"
        )
    return text


def _source_code(text: str) -> str:
    """``--from``: a language code, or ``auto`` (detect, the default)."""
    return text if text == "auto" else language_code(text)


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"give a whole number, not {text!r}") from None
    if not 0 <= value < 2**128:
        raise argparse.ArgumentTypeError("must be 0 or more")  # (numpy's generators take so)
    return value


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"give a whole number, not {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _max_size(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--max-size",
        dest="max_bytes",
        type=_megabytes,
        default=MAX_DOCUMENT_BYTES,
        metavar="MB",
        help=f"largest input file read (default {MAX_DOCUMENT_BYTES // 2**20} MB)",
    )


def _megabytes(text: str) -> int:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError("give a number of megabytes") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise argparse.ArgumentTypeError(f"give a number of megabytes, not {text!r}")
    if not 0 < value < 2**30:
        raise argparse.ArgumentTypeError("must be more than 0")
    return max(1, int(value * 2**20))


def _labels(text: str) -> tuple[str, ...]:
    labels = tuple(x.strip() for x in text.split(",") if x.strip())
    if not labels:
        raise argparse.ArgumentTypeError("give at least one label")
    twice = sorted({x for x in labels if labels.count(x) > 1})
    if twice:
        raise argparse.ArgumentTypeError(f"each label once ({', '.join(twice)} is given twice)")
    return labels


def _question(text: str) -> str:
    if not text.strip():
        raise argparse.ArgumentTypeError("an empty question")
    return text


# --- running ------------------------------------------------------------------------------


class StderrProgress:
    """A one-line bar on a terminal; otherwise a plain line every ``PLAIN_EVERY`` seconds of a
    long job (and nothing for short ones)."""

    PLAIN_EVERY = 10.0

    def __init__(self, unit: str = "") -> None:
        self.tty = sys.stderr.isatty()
        self.unit = unit  # what is counted, e.g. "units"
        self._last = 0.0 if self.tty else time.monotonic()
        self._open = False
        self._rounds = Rounds()
        # Whether the job has journaled work (a translated batch): what a cancelled one
        # leaves for the same command to resume.
        self.worked = False
        self.heard = False  # whether the job has said anything: it has begun its work

    def __call__(self, event: Event) -> None:
        self.heard = True
        if isinstance(event, ModelLoading):
            if event.first_use:
                self._line(f"Preparing {event.model} for this computer (first use only)…")
            else:
                self._line(f"Loading {event.model}…")
        elif isinstance(event, ModelLoaded):
            m = event.model
            self._line(f"Loaded {m.name} ({m.variant}, {m.device}) in {event.seconds:.1f} s")
            for fb in m.fallbacks:
                self._line(f"  note: {fb.wanted} → {fb.got}: {fb.reason}")
        elif isinstance(event, ModelUnloaded):
            self._line(unloaded_text(event))
        elif isinstance(event, Note):
            self._line(f"note: {event.text}")
        elif isinstance(event, Progress) and event.stage == "converting":
            self._line("Converting with LibreOffice…")  # (seconds, with nothing to count)
        elif isinstance(event, Progress):
            self.worked = self.worked or (event.stage == "translating" and event.done > 0)
            self._progress_of(event, self._stage(event))

    def _stage(self, event: Progress) -> str:
        """The stage's name, with its round once it starts over (``engine.progress``)."""
        number = self._rounds(event)
        return event.stage if number == 1 else f"{event.stage} (round {number})"

    def _progress_of(self, event: Progress, stage: str) -> None:
        if self.tty:
            now = time.monotonic()
            if now - self._last < 0.1 and event.done < event.total:
                return
            self._last = now
            width = 30
            filled = int(width * event.done / max(event.total, 1))
            bar = "█" * filled + "·" * (width - filled)
            text = progress_text(event, self._unit(event))
            # Pad: the line is rewritten in place and may have been longer before.
            sys.stderr.write(f"\r{stage:<12} {bar} {text:<36}")
            sys.stderr.flush()
            self._open = True
        elif 0 < event.done < event.total:
            now = time.monotonic()
            if now - self._last >= self.PLAIN_EVERY:
                self._last = now
                self._line(f"{stage} {progress_text(event, self._unit(event))}")

    def _unit(self, event: Progress) -> str:
        return "" if event.stage == "reading pages" else self.unit  # (the stage says pages)

    def _line(self, text: str) -> None:
        self.close()
        print(text, file=sys.stderr, flush=True)

    def close(self) -> None:
        if self._open:
            sys.stderr.write("\n")
            sys.stderr.flush()
            self._open = False


def _cancelled_text(progress: StderrProgress) -> str:
    """What a cancelled translation leaves: journaled batches the same command resumes from,
    or nothing (stopped while the file was read, or before the first batch)."""
    if progress.worked:
        return "cancelled; the same command resumes where it stopped"
    return "cancelled"


def unloaded_text(event: ModelUnloaded) -> str:
    """``Unloaded opus-mt-en-de to make room for qwen2.5-0.5b-instruct (…)``."""
    return (
        f"Unloaded {event.model} to make room for {event.for_model} (it needs about "
        f"{human_size(event.needed_bytes)}; {human_size(event.free_bytes)} was free)"
    )


def progress_text(event: Progress, unit: str = "") -> str:
    """``12/340 units, about 3 min left``."""
    text = f"{event.done}/{event.total}" + (f" {unit}" if unit else "")
    if event.eta_seconds is not None and event.done < event.total:
        text += f", about {duration(event.eta_seconds)} left"
    return text


def read_share(share: float) -> str:
    """How much of a text a model read, in words: "about 12 %", "less than 1 %"."""
    return "less than 1 %" if share < 0.01 else f"about {round(share * 100)} %"


def duration(seconds: float) -> str:
    """A rough, human time span: ``5 s``, ``40 s``, ``3 min``, ``1 h 20 min``."""
    rounded = max(5, 5 * round(seconds / 5))
    if rounded < 60:
        return f"{rounded} s"  # (59.6 s is "1 min", not "60 s")
    minutes = max(1, round(seconds / 60))
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60} min" if minutes % 60 else f"{minutes // 60} h"


@contextmanager
def _ctrl_c_cancels(token: CancelToken, progress: StderrProgress | None = None) -> Iterator[None]:
    """First Ctrl-C cancels cooperatively; a second one interrupts at once. SIGTERM (a
    service manager's stop, ``timeout``, ``kill``) does the same, so what was finished is
    kept and no half-written output is left behind. Before the job has said anything (it
    is still opening its input: a named pipe no one writes to waits in ``open``, where no
    cancel is looked at), there is nothing to keep, and the first one interrupts at once:
    ``timeout``'s one SIGTERM left such a command waiting for good."""

    def handler(sig: int, _frame: FrameType | None) -> None:
        if token.cancelled or (progress is not None and not progress.heard):
            raise KeyboardInterrupt
        token.cancel()
        again = "Ctrl-C" if sig == signal.SIGINT else "again"
        print(f"\nCancelling… ({again} to stop at once)", file=sys.stderr, flush=True)

    previous: dict[signal.Signals, Any] = {}
    try:
        for sig in (signal.SIGINT, signal.SIGTERM):
            previous[sig] = signal.signal(sig, handler)
    except ValueError:  # not the main thread (tests): no handler, cancel still works
        yield
        return
    try:
        yield
    finally:
        for sig, before in previous.items():
            signal.signal(sig, before)


def run_request(engine: Engine, request: Request) -> Result:
    token = CancelToken()
    progress = StderrProgress()
    try:
        with _ctrl_c_cancels(token, progress):
            result: Result = engine.run(request, progress, token)
        # A job that ended without looking at its token after Ctrl+C (one short text,
        # classified) still counts as cancelled: the user asked, and exit 130 says so.
        token.check()
        return result
    finally:
        progress.close()


def _model_fields(used: ModelUsed) -> dict[str, Any]:
    return {
        "model": used.name,
        "variant": used.variant,
        "device": used.device,
        "backend": used.backend,
        "fallbacks": [
            {"wanted": f.wanted, "got": f.got, "reason": f.reason} for f in used.fallbacks
        ],
    }


def print_text(text: str) -> None:
    """``text`` on stdout as its source ended: a last line break that is its own, not one
    more ("Hello.\n" came out "Hallo.\n\n"); a text without one ends its line."""
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def print_json(document: Any, default: Callable[[Any], Any] | None = None) -> None:
    """``document`` on stdout as one JSON document, in UTF-8 where it can be: a path of bytes
    that are no UTF-8 (a name from another system: Python holds them as lone surrogates) is
    written with \\u escapes, which JSON readers take, not as bytes no JSON reader takes
    (or a traceback)."""
    text = json.dumps(document, ensure_ascii=False, indent=2, default=default)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = json.dumps(document, ensure_ascii=True, indent=2, default=default)
    sys.stdout.write(text + "\n")


def _read_input(
    name: str, limit: int = MAX_DOCUMENT_BYTES, encoding: str | None = None
) -> tuple[str, TextEncoding]:
    """An input's text and its encoding; an empty one is refused here, where we can still
    say which file."""
    text, found = read_decoded(name, limit=limit, encoding=encoding)
    if not text.strip():
        where = "Standard input" if name == "-" else "The file"
        hint = (
            "Pipe or type the text in (end it with Ctrl+D, Ctrl+Z on Windows)"
            if name == "-"
            else "Give a file that holds text, or - to read standard input"
        )
        raise InputError(
            f"{where} holds no text",
            path=None if name == "-" else Path(name),
            hint=hint,
            message_id="input.stdin_empty" if name == "-" else "document.no_text",
        )
    return text, found


def _is_document(name: str) -> bool:
    """A file read by a document reader (not plain text, which keeps the stdout behaviour)."""
    suffix = document_suffix(Path(name))
    if name != "-" and suffix in PLAIN_TEXT:
        # A .txt of subtitles or of a sheet's cells is translated as a document (its timings,
        # its cells kept), not printed.
        from engine.documents import document_in_text

        return document_in_text(Path(name))
    return name != "-" and suffix in _readers() and suffix not in PLAIN_TEXT


def _read_source(
    name: str, max_bytes: int, encoding: str | None
) -> tuple[str, TextEncoding | None, ExtractedText | None]:
    """A text input as it is; a document's units in reading order, with their places; and
    the encoding of either (None for a format that is not text)."""
    if _is_document(name):
        from engine.documents import extract

        _encoding_unused(name, encoding)
        # A long PDF is read for minutes before the model starts: its pages are shown as
        # translate shows them (Ctrl+C stops it as it stops any command before its job).
        progress = StderrProgress()
        try:
            extracted = extract(
                Path(name),
                max_bytes=max_bytes,
                encoding=encoding,
                tick=lambda done, total: progress(Progress("reading pages", done, total)),
            )
        finally:
            progress.close()
        return extracted.text, extracted.encoding, extracted
    text, found = _read_input(name, max_bytes, encoding)
    return text, found, None


def _not_text(name: str) -> bool:
    """A document whose format is no text (.docx, .pdf…: it says its own encoding)."""
    from engine.documents.registry import TEXT_READERS

    suffix = document_suffix(Path(name))
    return name != "-" and suffix in _readers() and suffix not in TEXT_READERS


def _encoding_unused(name: str, encoding: str | None) -> None:
    """A note when --encoding is given for a format that says its own (.docx, .pdf…)."""
    if encoding is not None and _not_text(name):
        suffix = Path(name).suffix.lower()
        print(
            f"note: {name}: --encoding is for text files; {suffix} files say their own",
            file=sys.stderr,
        )


def _plain_text_only(name: str, what: str) -> None:
    """Refuses a document to a command that reads plain text (embed, generate): it read as
    "binary file … --encoding", which named the wrong remedy."""
    if _not_text(name):
        raise InputError(
            f"{what}; this is a {Path(name).suffix.lower()} document",
            path=Path(name),
            hint="Save its text as .txt; summarize, ask and classify read documents",
        )


def _encoding_json(found: TextEncoding | None, written: str | None = None) -> Any:
    """The ``encoding`` field of a JSON result: null for formats that are not text."""
    if found is None:
        return None
    return EncodingUsed.of(found, written).as_json()


class UsageError(InputError):
    """A command line that asks for something it cannot do (options that do not go together,
    a value out of range): ``quire <command>: error: …`` and exit 2, as argparse's own."""


def _inputs(files: list[str]) -> list[str]:
    if not files:
        if sys.stdin is None or sys.stdin.isatty():
            raise UsageError("Give a FILE, or - to read standard input")
        return ["-"]
    if files.count("-") > 1:  # (the second would find it empty, after the first's work)
        raise UsageError("- (standard input) is given more than once")
    return files


def _one_input(name: str | None) -> str:
    """A command's one input: the file named, else standard input, unless that is a
    terminal (where the command would wait in silence for text typed in)."""
    return _inputs([name] if name else [])[0]


def _text_command(
    engine: Engine,
    args: argparse.Namespace,
    make: Callable[[str], Request],
    *,
    documents: bool = False,
) -> int:
    """``documents``: read documents' text with its places (summarize); otherwise every input
    is read as text."""
    files = _inputs(list(args.files))
    _refuse_other_documents(files)
    _check_text_output(args, files)
    several = len(files) > 1
    streamed = args.output is None and not args.json  # each result printed as it is done
    done: list[tuple[str, TranslateResult | SummarizeResult, ExtractedText | None, Any]] = []
    results: list[dict[str, Any]] = []  # --json with several files: each result or error
    failed = False
    for name in files:
        try:
            if documents:
                text, found, extracted = _read_source(name, args.max_bytes, args.encoding)
                for note in extracted.notes if extracted is not None else ():
                    print(f"note: {note}", file=sys.stderr)  # (a PDF's pages left unread)
            else:
                (text, found), extracted = _read_input(name, args.max_bytes, args.encoding), None
            result = run_request(engine, make(text))
        except InputError as exc:
            results.append(_one_of_several(name, exc, several))
            failed = True
            continue
        assert isinstance(result, (TranslateResult, SummarizeResult))
        done.append((name, result, extracted, found))
        if isinstance(result, TranslateResult):
            _translation_notes(name, result, getattr(args, "memory", None))
        if streamed:
            if several:
                print(f"{'' if len(done) == 1 else chr(10)}==> {name} <==")
            print_text(result.text)
            pages = _summary_pages(result, extracted)
            if pages:
                print(f"({_pages(pages)})")
            sys.stdout.flush()
        elif args.json and several:
            results.append(
                {
                    **_text_json(name, result, extracted, args),
                    "encoding": _encoding_json(found),
                }
            )
    written = None
    if args.output is not None:
        # In a text input's encoding when the output fits in it (the readers of the user's
        # text files expect that encoding); the text of a .docx or .pdf is written as UTF-8.
        name, result, _extracted, found = done[0]
        written = _write_text(name, args.output, result.text, found)
    if args.json:
        if several:
            print_json({"results": results})
        else:
            name, result, extracted, found = done[0]
            print_json(
                {
                    **_text_json(name, result, extracted, args),
                    "encoding": _encoding_json(found, written),
                }
            )
    return 1 if failed else 0


def _one_of_several(name: str, error: InputError, several: bool) -> dict[str, Any]:
    """A file's own error (empty, damaged, unreadable) when the command has ``several``:
    said on stderr, and its row for --json's ``results``, so the others go on and their
    results are not lost. With one file, the error ends the command as any other (and an
    error not about the file, a missing model say, is never caught here)."""
    if not several:
        raise error
    print(f"quire: error: {error}", file=sys.stderr)
    return {"file": name, "error": error_json(error)}


def error_json(exc: EngineError) -> dict[str, Any]:
    """An error as --json writes it: ``{"type", "message", "path", "hint", "message_id",
    "params"}``; the last two name the sentence (as the engine process and the local API do), so
    that a program driving the CLI can word it in its own language or act on the kind."""
    return {
        "type": type(exc).__name__,
        "message": exc.message,
        "path": None if exc.path is None else str(exc.path),
        "hint": exc.hint or None,
        "message_id": exc.message_id,
        "params": dict(exc.params),
    }


def _summary_pages(result: Result, extracted: ExtractedText | None) -> list[int]:
    if extracted is None or not isinstance(result, SummarizeResult):
        return []
    places = [extracted.place(p) for s in result.sentences for p in s.paragraphs]
    return sorted({p.page for p in places if p.page is not None})


def _pages(pages: list[int]) -> str:
    """``page 3``, ``pages 1–4, 7`` (sorted, distinct page numbers)."""
    if len(pages) == 1:
        return f"page {pages[0]}"
    runs: list[list[int]] = []
    for page in pages:
        if runs and page == runs[-1][1] + 1:
            runs[-1][1] = page
        else:
            runs.append([page, page])
    return "pages " + ", ".join(
        f"{a}–{b}" if b > a + 1 else (f"{a}, {b}" if b > a else str(a)) for a, b in runs
    )


def _place_json(place: Place, line: int | None = None) -> dict[str, Any]:
    """A source as --json says it; ``line``: an answer's own, within its paragraph."""
    return {"id": place.id, "page": place.page, "line": line or place.line}


def _translation_notes(name: str, result: TranslateResult, memory: Path | None = None) -> None:
    """What the user should know about a translation, on stderr: detection, pivots, flags,
    what the translation memory gave."""
    where = "" if name == "-" else f"{name}: "
    if memory is not None:
        _say_memory(where, memory, memory_json(memory, [result]))
    if result.detected_confidence is not None:
        print(
            f"{where}detected {result.source_language} "
            f"(confidence {result.detected_confidence:.2f})",
            file=sys.stderr,
        )
    if result.pivot:
        print(f"{where}translated through {result.pivot}", file=sys.stderr)
    if result.missing_terms:
        terms = ", ".join(result.missing_terms)
        print(f"{where}glossary terms lost by the model: {terms}", file=sys.stderr)
    suspects = sum(1 for s in result.segments if s.suspect)
    if suspects:
        print(
            f"{where}{suspects} segment(s) look degenerate (repetition); check them",
            file=sys.stderr,
        )


def _text_json(
    name: str,
    result: TranslateResult | SummarizeResult,
    extracted: ExtractedText | None = None,
    args: argparse.Namespace | None = None,
) -> dict[str, Any]:
    doc: dict[str, Any] = {"file": name, "text": result.text, **_model_fields(result.model)}
    if isinstance(result, TranslateResult):
        doc.update(
            source_language=result.source_language,
            target_language=result.target_language,
            detected_confidence=result.detected_confidence,
            pivot=result.pivot,
            missing_terms=list(result.missing_terms),
            suspect_segments=[i for i, s in enumerate(result.segments) if s.suspect],
        )
        if args is not None:
            doc["glossary"] = glossary_json(
                args.glossary, result.source_language, result.target_language
            )
            if getattr(args, "memory", None) is not None:
                doc["memory"] = memory_json(args.memory, [result])
        return doc
    sentences = []
    for s in result.sentences:
        sentence: dict[str, Any] = {"text": s.text, "paragraphs": list(s.paragraphs)}
        if extracted is not None:
            sentence["sources"] = [_place_json(extracted.place(p)) for p in s.paragraphs]
        sentences.append(sentence)
    doc.update(extractive=result.extractive, sentences=sentences)
    return doc


def _refuse_other_documents(files: Sequence[str]) -> None:
    """Refuse, before any work, a file whose name says it is a document in a format Quire
    does not read (an .rtf would otherwise be read as plain text)."""
    for name in files:
        if name != "-":
            refuse_other_document(Path(name))


def _folder(path: Path) -> bool:
    """Whether ``path`` is a folder of files, not a document saved as a macOS package (a
    Pages document, Report.pages/, is one document)."""
    from engine.documents.imported import is_document_package

    return path.is_dir() and not is_document_package(path)


def translate(engine: Engine, args: argparse.Namespace) -> int:
    files = list(args.files)
    _refuse_other_documents(files)
    _say_glossary(args.glossary, args.source, args.target)
    if wants_batch(args, files) or any(f != "-" and _folder(Path(f)) for f in files):
        _check_glossary(args.glossary, args.target)
        _check_memory(args.memory, args.source, args.target)
    if wants_batch(args, files):
        return batch_command(engine, args, "translate")
    if args.mirror:
        raise UsageError(
            "--mirror translates a folder into another",
            hint="Give the folder and the output folder: quire translate --to de --mirror "
            "SRC_DIR -o OUT_DIR",
        )
    if any(f != "-" and _folder(Path(f)) for f in files):
        return _translate_folders(engine, args, files)
    # One document among the files makes every file a document (a .txt one is written to
    # NAME.<lang>.txt), rather than reading a .docx as text.
    if files and "-" not in files and (args.bilingual or any(_is_document(f) for f in files)):
        return _translate_documents(engine, args, files)
    if args.bilingual:
        raise UsageError(
            "--bilingual writes a document: give files, not standard input",
            hint="Save the text to a .txt file and translate that",
        )
    if files and "-" not in files:
        return _translate_text_files(engine, args, files)
    return _text_command(
        engine,
        args,
        lambda text: TranslateRequest(
            text=text,
            model=args.model,
            source=args.source,
            target=args.target,
            glossary=args.glossary,
            memory=args.memory,
        ),
    )


def _say_glossary(path: Path | None, source: str | None, target: str | None) -> None:
    """A glossary not in UTF-8 is read in the encoding detected, which a few terms may be
    too few to tell: one line names it, so that garbled terms have their cause. A
    termbase's terms left out (two concepts translate them differently) are named."""
    if path is None:
        return
    from engine.text.glossary import is_termbase, load_glossary

    if is_termbase(path):
        # (IATE's download, 50 MB, takes seconds to read before the job's first progress)
        print(f"{path}: reading the termbase…", file=sys.stderr, flush=True)
    try:
        # (kept for the job, which reads it again only where it detects the source)
        glossary = load_glossary(path, source=source, target=target)
    except EngineError:
        return  # (said with the job's own error, or read once the languages are known)
    if glossary.left_out:
        shown = ", ".join(glossary.left_out[:10]) + (", …" if len(glossary.left_out) > 10 else "")
        count = len(glossary.left_out)
        print(
            f"{path}: {count} term{'' if count == 1 else 's'} left out, as the termbase "
            f"translates {'it' if count == 1 else 'each'} two ways (which one a text means is "
            f"not known): {shown}",
            file=sys.stderr,
        )
    found = glossary.encoding
    if found is not None and found.how == "detected":
        print(
            f"{path}: glossary read as {found.name} (detected); if its terms come out "
            "garbled, save it as UTF-8",
            file=sys.stderr,
        )


def memory_json(path: Path, results: Sequence[TranslateResult]) -> dict[str, Any]:
    """What a translation memory gave a job, as --json says it: its path, its units for the
    job's pair, the segments (sentences, or whole paragraphs it holds) taken from it, and
    the segments of the job (those from the memory included)."""
    return {
        "path": str(path),
        "units": max((r.memory_units for r in results), default=0),
        "reused": sum(s.memory for r in results for s in r.segments),
        "segments": sum(len(r.segments) for r in results),
        "variant": next((r.memory_variant for r in results if r.memory_variant), None),
        "left_out": dict(next((r.memory_left_out for r in results if r.memory_left_out), ())),
    }


def _memory_field(path: Path | None, results: Sequence[TranslateResult]) -> dict[str, Any]:
    return {"memory": memory_json(path, results)} if path is not None else {}


def _say_memory(where: str, path: Path, counts: dict[str, Any]) -> None:
    """``memory.tmx: 12 of 40 segments taken from the memory``, on stderr."""
    for line in memory_lines(where, path, counts):
        print(line, file=sys.stderr)


def memory_lines(where: str, path: Path, counts: dict[str, Any]) -> list[str]:
    """What a memory gave (``memory_json``'s counts), as stderr says it: the segments taken,
    and the units of other target variants left out."""
    lines = [
        f"{where}{path.name}: {counts['reused']} of {counts['segments']} segments taken from "
        "the memory"
    ]
    for tag, units in counts.get("left_out", {}).items():
        noun = "unit" if units == 1 else "units"
        lines.append(
            f"{where}{path.name}: {units} {noun} in {tag} left out (translating into "
            f"{counts['variant']})"
        )
    return lines


def memory_total(path: Path, parts: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """``memory_json``'s counts of several documents (a batch's), added up."""
    return {
        "path": str(path),
        "units": max((p["units"] for p in parts), default=0),
        "reused": sum(p["reused"] for p in parts),
        "segments": sum(p["segments"] for p in parts),
        "variant": next((p["variant"] for p in parts if p["variant"]), None),
        "left_out": next((p["left_out"] for p in parts if p["left_out"]), {}),
    }


def _check_memory(path: Path | None, source: str | None, target: str | None) -> None:
    """A folder's memory is read once, before any file, where the pair is named: a memory
    for another pair is refused once, not once a file."""
    if path is None or not source or not target or source == "auto":
        return
    from engine.documents.memory import load_memory

    load_memory(path, source=source, target=target)


def _check_glossary(path: Path | None, target: str | None) -> None:
    """A folder's glossary for another target than --to is refused once, before any file
    (each file was refused on its own, after the model loaded, with the same words). A
    termbase is read for each file's pair; a glossary without --to, once a file's target is
    decided."""
    from engine.tasks.translate import check_glossary
    from engine.text.glossary import is_termbase, load_glossary

    if path is None or target is None or is_termbase(path):
        return
    check_glossary(load_glossary(path), path, target)


def glossary_json(
    path: Path | None, source: str | None, target: str | None
) -> dict[str, Any] | None:
    """The glossary a job used, as --json says it (a script can tell it was applied): its
    path, its terms for the job's pair and, of a termbase, how many terms it left out (two
    concepts translate them differently). None without one."""
    if path is None:
        return None
    from engine.text.glossary import load_glossary

    try:
        # (read for the job already: the same file, unchanged, is not read again)
        glossary = load_glossary(path, source=source, target=target)
    except EngineError:
        return None  # (a termbase for a job whose languages were never decided: unused)
    return {"path": str(path), "terms": len(glossary), "left_out": len(glossary.left_out)}


def _check_text_output(args: argparse.Namespace, files: list[str]) -> None:
    if args.output is None:
        return
    check_output(args.output, files)
    suffix = args.output.suffix.lower()
    if suffix in _readers() and suffix not in TEXT_OUTPUTS:
        raise InputError(
            f"The output is plain text, not a {suffix} file",
            path=args.output,
            hint="Name the output .txt",
        )
    if len(files) > 1:
        raise UsageError("-o takes one input file; give one FILE or leave -o out")


def _write_text(name: str, output: Path, text: str, found: TextEncoding | None) -> str:
    """``text`` written to ``output`` in the input's encoding when it fits there (the readers
    of the user's text files expect it; a .docx's or a .pdf's text goes as UTF-8); the
    encoding written is returned, and said where it is not UTF-8."""
    encoded = (found or UTF8).encode(text)
    write_atomic(output, encoded)
    written = encoded.encoding
    if found is not None and (encoded.fallback or found.mixed is not None):
        print(f"{name}: {EncodingUsed.of(found, written).note()}", file=sys.stderr)
    elif written.replace("_", "-").lower() not in ("utf-8", "utf-8-sig", "ascii"):
        # As a document's line says it: a GB18030 file is no UTF-8 an editor would open.
        print(f"{name}: wrote {output} in {written}, as the input", file=sys.stderr)
    return written


def _translate_text_files(engine: Engine, args: argparse.Namespace, files: list[str]) -> int:
    """Text files: printed (or written with -o) as before, but translated paragraph by
    paragraph through the documents' checkpoint journal, so a killed job resumes."""
    _check_text_output(args, files)
    docs: list[dict[str, Any]] = []
    failed_any = False
    for i, name in enumerate(files):
        written: list[str] = []

        def deliver(
            text: str,
            found: TextEncoding,
            header: str = f"{'' if i == 0 else chr(10)}==> {name} <==",
            name: str = name,
            written: list[str] = written,
        ) -> None:
            if args.output is not None:
                written.append(_write_text(name, args.output, text, found))
            elif not args.json:
                if len(files) > 1:
                    print(header)
                print_text(text)

        from engine.documents.translate import translate_text_file

        token, progress = CancelToken(), StderrProgress(unit="paragraphs")
        path = Path(name)
        try:
            with _ctrl_c_cancels(token, progress):
                done = translate_text_file(
                    engine,
                    path,
                    _template(args),
                    deliver,
                    progress,
                    token,
                    max_bytes=args.max_bytes,
                    batch_units=args.batch_units,
                    encoding=args.encoding,
                )
        except Cancelled:
            progress.close()
            print(f"{path}: {_cancelled_text(progress)}", file=sys.stderr)
            raise
        except InputError as exc:
            progress.close()
            docs.append(_one_of_several(name, exc, len(files) > 1))
            failed_any = True
            continue
        finally:
            progress.close()
        if done.resumed:
            print(
                f"{path}: resumed: {done.resumed} of {done.units} paragraphs were already "
                "translated",
                file=sys.stderr,
            )
        _say_failed(path, done.counts, done.failed)
        merged = _merged(done.text, done.results)
        encoding = _encoding_json(done.encoding, written[0] if written else None)
        about = {
            "units": done.units,
            "counts": counts_json(done.counts),
            "failed_units": list(done.failed),
            "encoding": encoding,
        }
        if merged is not None:
            _translation_notes(name, merged, args.memory)
            docs.append({**_text_json(name, merged, args=args), **about})
        else:  # every paragraph came from the checkpoint: no engine call, no model to name
            # (read for the languages decided for the file: a termbase of three languages
            # without --from is read for the source detected)
            used = glossary_json(args.glossary, done.source_language, done.target_language)
            docs.append({"file": name, "text": done.text, **about, "glossary": used})
            if args.memory is not None:
                docs[-1]["memory"] = memory_json(args.memory, [])
    if args.json:
        print_json(docs[0] if len(files) == 1 else {"results": docs})
    return 1 if failed_any else 0


def _merged(text: str, results: tuple[TranslateResult, ...]) -> TranslateResult | None:
    """One result for a file translated in several engine calls: the first call's languages,
    every call's segments (paragraphs numbered across the calls) and missing terms."""
    if not results:
        return None
    segments: list[TranslatedSegment] = []
    offset = 0
    for result in results:
        segments += [
            dataclasses.replace(s, paragraph=s.paragraph + offset) for s in result.segments
        ]
        offset += max((s.paragraph for s in result.segments), default=-1) + 1
    missing = tuple(dict.fromkeys(t for r in results for t in r.missing_terms))
    return dataclasses.replace(
        results[0],
        text=text,
        model=results[-1].model,
        segments=tuple(segments),
        missing_terms=missing,
        generated_tokens=sum(r.generated_tokens for r in results),
        memory_reused=sum(r.memory_reused for r in results),
    )


def _template(args: argparse.Namespace) -> TranslateRequest:
    return TranslateRequest(
        text="",
        model=args.model,
        source=args.source,
        target=args.target,
        glossary=args.glossary,
        memory=args.memory,
    )


# How a localisation file marks what Quire translated, said once it is written: a program
# built from a catalog shows fuzzy messages only once someone has reviewed them.
_REVIEW = {
    ".po": "the messages translated are marked fuzzy, for review in a PO editor (Poedit, "
    "Lokalize); msgfmt leaves fuzzy messages out of the .mo until then",
    ".xlf": "the targets written are marked for review (state needs-review-translation; in "
    "XLIFF 2, translated)",
    ".ts": "the translations are left unfinished, for review in Qt Linguist (lrelease "
    "includes them unless given -nounfinished)",
}
_REVIEW[".xliff"] = _REVIEW[".xlf"]
_REVIEW[".sdlxliff"] = (
    "the segments written are Draft, from machine translation (origin mt), for review in "
    "Trados Studio"
)
_REVIEW[".tmx"] = (
    "the translations written are new tuvs with creationid Quire, for review in a CAT tool"
)
_REVIEW[".mqxliff"] = "the rows written are MachineTranslated (not confirmed), for review in memoQ"
_REVIEW[".xcstrings"] = (
    "the strings written are marked for review (state needs_review), as "
    "Xcode's String Catalog editor shows them"
)


def _translate_one(
    engine: Engine,
    args: argparse.Namespace,
    path: Path,
    out: Path | None,
    written: set[str] | None = None,
    *,
    copy_without_text: bool = True,
) -> DocumentResult:
    """One document, with progress by unit on stderr and Ctrl-C cancelling between batches.
    ``written``: the outputs of the run's earlier documents (``name_key``), which this one
    does not overwrite; its own is added. ``copy_without_text``: ``translate_document``'s."""
    from engine.documents import translate_document

    _encoding_unused(str(path), args.encoding)
    token, progress = CancelToken(), StderrProgress(unit="units")
    try:
        with _ctrl_c_cancels(token, progress):
            result = translate_document(
                engine,
                path,
                out,
                _template(args),
                progress,
                token,
                max_bytes=args.max_bytes,
                bilingual=args.bilingual,
                batch_units=args.batch_units,
                encoding=args.encoding,
                taken=written if written is not None else (),
                # A file at the name Quire chose that is no translation Quire wrote (the
                # user's own) stays: NAME (2).ext. -o names a file to write over.
                replace=True if out is not None else "own",
                copy_without_text=copy_without_text,
            )
    except Cancelled:
        progress.close()
        print(f"{path}: {_cancelled_text(progress)}", file=sys.stderr)
        raise
    finally:
        progress.close()
    if written is not None:
        written.add(name_key(result.output))
    counts = result.counts
    about = units_text(result.units, counts)
    used = result.encoding
    if used is not None and used.written not in (None, "utf-8"):
        about += f"; {used.written}"
    print(f"{path}: wrote {result.output} ({about})", file=sys.stderr)
    if args.memory is not None:
        _say_memory(f"{path}: ", args.memory, memory_json(args.memory, result.results))
    _say_failed(path, counts, result.failed)
    if result.missing_terms:
        terms = ", ".join(result.missing_terms)
        print(f"{path}: glossary terms lost by the model: {terms}", file=sys.stderr)
    review = _REVIEW.get(Path(result.output).suffix.lower()) if result.output else None
    if review is not None and counts.translated:
        print(f"{path}: {review}", file=sys.stderr)
    note = used.note() if used is not None else None
    if note is not None:
        print(f"{path}: {note}", file=sys.stderr)
    if result.resumed:
        print(
            # Of the units sent to the model, as the progress bar counts them (not the ones
            # kept verbatim, such as a table's numbers).
            f"{path}: resumed: {result.resumed} of "
            f"{result.counts.translated + result.counts.failed} units were already translated",
            file=sys.stderr,
        )
    return result


FAILED_PRINTED = 5  # failed units named on stderr (--json lists up to 20)


def _say_failed(path: Path | str, counts: UnitCounts, failed: Sequence[str]) -> None:
    """On stderr: the units the model failed on (they kept their source text), by name."""
    for line in failed_lines(path, counts, failed):
        print(line, file=sys.stderr)


def failed_lines(path: Path | str, counts: UnitCounts, failed: Sequence[str]) -> list[str]:
    """The lines naming the units the model failed on (none when it failed on none)."""
    if not failed:
        return []
    lines = [
        f"{path}: {counts.failed} unit{'' if counts.failed == 1 else 's'} kept their "
        "source text (the model gave back nothing, repeated itself or lost a placeholder):"
    ]
    lines += [f"  {text}" for text in failed[:FAILED_PRINTED]]
    if counts.failed > FAILED_PRINTED:
        lines.append(f"  … and {counts.failed - FAILED_PRINTED} more")
    return lines


def units_text(units: int, counts: UnitCounts) -> str:
    """``340 units: 320 translated, 12 kept verbatim, 8 failed``."""
    return (
        f"{units} unit{'' if units == 1 else 's'}: {counts.translated} translated, "
        f"{counts.verbatim} kept verbatim, {counts.failed} failed"
    )


def _translate_documents(engine: Engine, args: argparse.Namespace, files: list[str]) -> int:
    """Documents: translated file beside the input (NAME.<lang>.<ext>) or at -o."""
    if args.output is not None and len(files) > 1:
        raise UsageError("-o takes one input file; give one FILE or leave -o out")
    done: list[DocumentResult] = []
    outcomes: list[dict[str, Any]] = []  # --json: each file's error, or {} for its result
    written: set[str] = set()  # (messages.po and messages.pot: both messages.de.po)
    shared = _shared_outputs([Path(f) for f in files], args.target) if args.output is None else {}
    for name in files:
        try:
            if Path(name) in shared:
                raise shared[Path(name)]
            done.append(_translate_one(engine, args, Path(name), args.output, written))
            outcomes.append({})
        except InputError as exc:
            outcomes.append(_one_of_several(name, exc, len(files) > 1))
    if args.json:
        docs = [
            {
                "file": str(r.input),
                "output": str(r.output),
                "units": r.units,
                "counts": counts_json(r.counts),
                "failed_units": list(r.failed),
                "missing_terms": list(r.missing_terms),
                "notes": list(r.notes),
                "resumed": r.resumed,
                "bilingual": r.bilingual,
                "source_language": r.source_language,
                "target_language": r.target_language,
                "encoding": r.encoding.as_json() if r.encoding is not None else None,
                **(_model_fields(r.results[-1].model) if r.results else {}),
                "glossary": glossary_json(args.glossary, r.source_language, r.target_language),
                **_memory_field(args.memory, r.results),
            }
            for r in done
        ]
        results = iter(docs)
        rows = [error or next(results) for error in outcomes]
        print_json(rows[0] if len(files) == 1 else {"results": rows})
    return 1 if len(done) < len(files) else 0


def counts_json(counts: UnitCounts) -> dict[str, int]:
    """How the units ended (they add up to ``units``): see ``UnitCounts``."""
    return {"translated": counts.translated, "verbatim": counts.verbatim, "failed": counts.failed}


def _translate_folders(engine: Engine, args: argparse.Namespace, items: list[str]) -> int:
    """Every supported file of the folders (and the files named beside them), one line each;
    a file that fails is reported and the others still written; exit 1 if any failed."""
    if args.output is not None:
        raise UsageError("-o takes one input file, not a folder; leave -o out")
    if "-" in items:
        raise UsageError("Standard input cannot be translated with folders; give files")
    from engine.cluster.jobs import REFUSALS, WHY
    from engine.documents.translate import NoText

    files: list[Path] = []
    alone: set[Path] = set()  # (named on their own: copied even without text, as alone)
    left: list[tuple[Path, str]] = []  # the folders' files left out, and why
    for item in items:
        path = Path(item)
        if _folder(path):
            found, skipped = _folder_files(path, args.source, args.target, args.recursive)
            files += found
            left += skipped
        else:
            files.append(path)
            alone.add(path)
    if not files:
        raise InputError(
            "There are no documents to translate here",
            path=Path(items[0]),
            hint=f"Give a folder with files of these kinds: {', '.join(sorted(_readers()))}",
        )
    rows: list[dict[str, Any]] = []
    written: set[str] = set()
    shared = _shared_outputs(files, args.target)
    used: list[TranslateResult] = []  # (every file's engine calls: the memory's total)
    for path in files:
        try:
            if path in shared:
                raise shared[path]
            # A folder's icon, redirect page or template with no text: its copy beside it
            # would be of no use (a mirror copies it, to keep a site whole). Said once, below.
            copy = path in alone
            result = _translate_one(engine, args, path, None, written, copy_without_text=copy)
        except NoText:
            left.append((path, WHY["notext"]))
            continue
        except Cancelled:
            raise
        except EngineError as exc:
            if path not in alone and exc.message_id in REFUSALS:
                # (what it is, as its reader found it: passed over as the folder's others of
                # its kind were; named on its own, its reader's error says it, hint and all)
                why = WHY[REFUSALS[exc.message_id]]
                print(f"{path}: skipped: {why}", file=sys.stderr, flush=True)
                left.append((path, why))
                continue
            print(f"{path}: error: {exc}", file=sys.stderr, flush=True)
            rows.append(
                {
                    "input": str(path),
                    "output": None,
                    "units": 0,
                    "counts": None,
                    "resumed": 0,
                    "encoding": None,
                    "error": str(exc),
                    "skipped": None,
                    "glossary": None,
                }
            )
            continue
        rows.append(
            {
                "input": str(path),
                "output": str(result.output),
                "units": result.units,
                "counts": counts_json(result.counts),
                "resumed": result.resumed,
                "encoding": result.encoding.as_json() if result.encoding is not None else None,
                "error": None,
                "skipped": None,
                "glossary": glossary_json(
                    args.glossary, result.source_language, result.target_language
                ),
                **_memory_field(args.memory, result.results),
            }
        )
        used += result.results
    failed = sum(1 for row in rows if row["error"] is not None)
    given = set(files)  # (those left out after reading them: no text, or what they are)
    tried = len(files) - sum(1 for path, _why in left if path in given)
    # A file left out is a row too: ``skipped`` says why.
    rows += [
        {"input": str(path), "output": None, "units": 0, "counts": None, "resumed": 0,
         "encoding": None, "error": None, "skipped": why, "glossary": None}
        for path, why in left
    ]  # fmt: skip
    if args.json:
        print_json(rows)
    if args.memory is not None:
        _say_memory("quire: in all: ", args.memory, memory_json(args.memory, used))
    if failed:
        print(f"quire: {failed} of {tried} files failed", file=sys.stderr)
    if left:
        by_why: dict[str, list[str]] = {}
        for path, why in left:
            by_why.setdefault(why, []).append(str(path))
        named = "; ".join(f"{why}: {', '.join(paths)}" for why, paths in by_why.items())
        noun = "file" if len(left) == 1 else "files"
        print(f"quire: {len(left)} {noun} skipped ({named})", file=sys.stderr)
    return 1 if failed else 0


def _shared_outputs(files: list[Path], target: str | None) -> dict[Path, InputError]:
    """The files whose translation would be written where an earlier one's goes (report.pdf
    and report.docx are both report.de.docx, messages.po and messages.pot both
    messages.de.po; names told apart by case alone are one file on macOS and Windows): each
    refused, with why, whatever becomes of the first, so that a rerun never writes one over
    the other's. (Where the files declare the target, ``translate_document``'s ``taken``
    refuses them as they come.)"""
    from engine.documents import default_output, output_suffix
    from engine.documents.translate import shared_output

    if not target:
        return {}
    owners: dict[str, Path] = {}
    refused: dict[Path, InputError] = {}
    for path in files:
        try:
            output = default_output(path, target, output_suffix(path.suffix))
        except EngineError:
            continue  # (a target that is no language code: the translation says so)
        owner = owners.setdefault(name_key(output), path)
        if owner != path:
            refused[path] = shared_output(path, output, owner)
    return refused


def _folder_files(
    folder: Path, source: str | None, target: str | None, recursive: bool
) -> tuple[list[Path], list[tuple[Path, str]]]:
    """The folder's documents, and the files left out with why (also said on stderr)."""
    from engine.cluster.jobs import WHY
    from engine.documents import folder_documents

    found, skipped = folder_documents(folder, target, recursive=recursive, source=source)
    left = [(s.path, WHY.get(s.reason, s.reason)) for s in skipped]
    for path, why in left:
        print(f"{path}: skipped: {why}", file=sys.stderr)
    return found, left


def summarize(engine: Engine, args: argparse.Namespace) -> int:
    if wants_batch(args, list(args.files)):
        return batch_command(engine, args, "summarize")
    for name in args.files:
        if name != "-" and _folder(Path(name)):  # (a batch, which needs to know where to)
            raise UsageError(
                f"{name} is a folder", hint="Give -o OUT_DIR to summarize each of its files there"
            )
    return _text_command(
        engine,
        args,
        lambda text: SummarizeRequest(
            text=text, model=args.model, length=args.length, language=args.language
        ),
        documents=True,
    )


def ask(engine: Engine, args: argparse.Namespace) -> int:
    name = _one_input(args.file)
    context, found, extracted = _read_source(name, args.max_bytes, args.encoding)
    result = run_request(
        engine,
        AskRequest(question=args.question, context=context, model=args.model, top_k=args.top_k),
    )
    assert isinstance(result, AskResult)
    if result.generated and args.top_k > 1:
        print(
            f"note: {result.model.name} writes one answer; --top-k is for question-answering "
            "models",
            file=sys.stderr,
        )
    answers: list[dict[str, Any]] = []
    for a in result.answers:
        # A generated answer has no span of its own (start -1): its citations have.
        located = extracted is not None and a.text and a.start >= 0
        place = extracted.place_at(a.start) if located and extracted is not None else None
        answer: dict[str, Any] = {"text": a.text, "score": a.score, "start": a.start, "end": a.end}
        # (score: the pipeline's, summed over windows, so it may pass 1; probability: the best
        # window's, in [0, 1]; null for passages)
        answer["probability"] = a.probability
        if extracted is not None:
            at = extracted.line_at(a.start)
            answer["source"] = _place_json(place, at) if place is not None else None
        elif a.start >= 0:
            answer["line"] = _line_at(context, a.start)
        answers.append(answer)

    def passage_json(c: Citation) -> dict[str, Any]:
        passage: dict[str, Any] = {"number": c.number, "start": c.start, "end": c.end,
                                   "text": c.text}  # fmt: skip
        if extracted is not None:
            passage["source"] = _place_json(extracted.place_at(c.start), extracted.line_at(c.start))
        else:
            passage["line"] = _line_at(context, c.start)
        return passage

    citations = [passage_json(c) for c in result.citations]
    if args.json:
        # A written answer: the passages it cites, and all those the model read.
        extra: dict[str, Any] = (
            {
                "generated": True,
                "citations": citations,
                "read": [passage_json(c) for c in result.read],
            }
            if result.generated
            else {}
        )
        print_json(
            {
                "file": name,
                "answers": answers,
                # (answers that are whole passages ranked by an embedding model, not spans a
                # question-answering model found; the model that narrowed a long text)
                "passages": result.passages,
                **extra,
                "encoding": _encoding_json(found),
                **_model_fields(result.model),
                "retriever": None if result.retriever is None else result.retriever.name,
            }
        )
    elif not answers and result.generated:
        print("Not in the document.")
    elif not answers:
        print("(no answer found in the text)")
    elif result.generated:
        print(result.answers[0].text)
        for cited in citations:
            where = _where(cited)
            print(f"  [{cited['number']}] {' '.join(str(cited['text']).split())[:160]}{where}")
    else:
        if result.passages:  # said, as the app says it: these are no answers a model found
            print(
                f"note: {result.model.name} is no question-answering model: the passages most "
                "like the question, best first",
                file=sys.stderr,
            )
        for a, shown in zip(result.answers, answers, strict=True):
            print(f"{a.score:6.3f}  {a.text}{_where(shown)}")
    return 0


def _line_at(text: str, offset: int) -> int:
    """The line (from 1) of a plain text that ``offset`` is on: where to look in an editor,
    which breaks lines at CR LF, LF, a lone CR (old Macs) and Unicode's line separators."""
    from engine.documents.base import LINE_BREAK

    return len(LINE_BREAK.findall(text, 0, offset)) + 1


def _where(shown: dict[str, Any]) -> str:
    """Where an answer or a passage is, as its JSON says it: a document's page, the line of
    a text format's file (Markdown, HTML, subtitles) or of a plain text; nothing where
    neither is known."""
    source = shown.get("source") or {}
    if source.get("page") is not None:
        return f"  (page {source['page']})"
    if source.get("line") is not None:
        return f"  (line {source['line']})"
    return f"  (line {shown['line']})" if "line" in shown else ""


def classify(engine: Engine, args: argparse.Namespace) -> int:
    if args.csv is not None and wants_batch(args, [str(args.csv)]):
        return batch_command(engine, args, "classify")
    if args.cluster or args.recursive:
        # Only CSV files are classified in batches: not a text classified here in silence.
        raise UsageError(
            f"{'--cluster' if args.cluster else '--recursive'} is for batches of CSV files",
            hint="Give --csv FILE_OR_FOLDER --column C -o OUT_DIR",
        )
    if args.csv is not None:
        if args.column is None or args.output is None:
            raise UsageError("--csv needs --column C and -o OUT.csv")
        if args.file is not None:
            raise UsageError(
                f"--csv classifies a CSV file's column; {args.file} would not be read",
                hint="Give either --csv IN.csv or FILE",
            )
        if args.explain:  # (options that do not go together: exit 2, before any model loads)
            raise UsageError(
                "--explain shows one text's attributions; --csv writes labels and scores only",
                hint="Classify one text with --explain, or the CSV without it",
            )
        check_output(args.output, [args.csv])
        token = CancelToken()
        progress = StderrProgress()
        try:
            with _ctrl_c_cancels(token, progress):
                done = engine.classify_csv(
                    args.csv,
                    args.column,
                    args.output,
                    ClassifyRequest(
                        texts=(),
                        model=args.model,
                        labels=args.labels,
                        multi_label=args.multi_label,
                        explain=args.explain,  # refused there, with what to do instead
                    ),
                    report=progress,
                    cancel=token,
                    encoding=args.encoding,
                    max_bytes=args.max_bytes,
                )
        finally:
            progress.close()
        if args.json:
            print_json(
                {
                    "file": str(args.csv),  # (the input, as every command's --json names it)
                    "output": str(done.output),
                    "rows": done.rows,
                    "classified": done.classified,
                    "columns": list(done.columns),
                    "multi_label": done.multi_label,
                    "encoding": done.encoding.as_json() if done.encoding is not None else None,
                    **_model_fields(done.model),
                }
            )
        else:
            print(f"Wrote {done.output} ({done.classified} of {done.rows} rows classified)")
        note = done.encoding.note() if done.encoding is not None else None
        if note is not None:
            print(f"{args.csv}: {note}", file=sys.stderr)
        return 0
    for given, option in ((args.output, "-o"), (args.column, "--column")):
        if given is not None:  # (the labels of one text are printed)
            raise UsageError(f"{option} is for --csv IN.csv; one text's labels are printed")
    name = _one_input(args.file)
    # A document's text, as summarize and ask read it (an HTML page's words, not its tags).
    text, found, _extracted = _read_source(name, args.max_bytes, args.encoding)
    result = run_request(
        engine,
        ClassifyRequest(
            texts=(text,),
            model=args.model,
            labels=args.labels,
            multi_label=args.multi_label,
            explain=args.explain,
        ),
    )
    assert isinstance(result, ClassifyResult)
    (item,) = result.items
    labels = [{"label": s.label, "score": s.score} for s in item.labels]
    if item.truncated:
        print(
            f"note: {'the text' if name == '-' else name} is longer than {result.model.name} "
            f"reads at once; its beginning ({read_share(item.read)} of it) was classified",
            file=sys.stderr,
        )
    if args.multi_label and not result.multi_label:
        print(
            f"note: --multi-label is for labels you give; {result.model.name} scores its own "
            "labels as its configuration says (one label per text)",
            file=sys.stderr,
        )
    if args.json:
        doc: dict[str, Any] = {
            "file": name,
            "labels": labels,
            "truncated": item.truncated,
            "read": round(item.read, 4),
            "encoding": _encoding_json(found),
            **_model_fields(result.model),
        }
        if args.explain:
            doc["attributions"] = [
                {"start": a.start, "end": a.end, "text": text[a.start : a.end], "weight": a.weight}
                for a in item.attributions
            ]
        print_json(doc)
        return 0
    for s in item.labels:
        print(f"{s.score:6.3f}  {s.label}")
    if args.explain:
        print("\nWhat mattered most:")
        top = sorted(item.attributions, key=lambda a: -a.weight)[:10]
        for a in top:
            print(f"{a.weight:+7.3f}  {text[a.start : a.end]}")
    return 0


def embed(engine: Engine, args: argparse.Namespace) -> int:
    name = _one_input(args.file)
    _plain_text_only(name, "embed reads plain text, one text per line")
    text, found = _read_input(name, args.max_bytes, args.encoding)
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        raise InputError("There is no text to embed (one text per line)")
    result = run_request(engine, EmbedRequest(texts=tuple(lines), model=args.model))
    assert isinstance(result, EmbedResult)
    vectors = result.embeddings.tolist()
    if args.json:
        print_json(
            {
                "file": name,
                # Blank lines are skipped: each vector's own text, in order.
                "texts": lines,
                "embeddings": vectors,
                "encoding": _encoding_json(found),
                **_model_fields(result.model),
            }
        )
    else:
        for row in vectors:
            print(" ".join(f"{x:.6f}" for x in row))
    return 0


def generate(engine: Engine, args: argparse.Namespace) -> int:
    if args.seed is not None and args.temperature is None:
        raise UsageError("--seed is for sampling; give --temperature T too")
    if args.seed is not None and args.temperature == 0:
        # (greedy decoding draws nothing: a seed given there is a mistake, not a no-op)
        raise UsageError("--seed is for sampling; --temperature 0 is greedy, with nothing to seed")
    from engine.tasks.generate import valid_temperature

    if args.temperature is not None and not valid_temperature(args.temperature):
        raise UsageError("--temperature must be 0 (greedy) or more")
    _plain_text_only(args.file, "generate reads a plain-text prompt")
    prompt, found = _read_input(args.file, args.max_bytes, args.encoding)
    request = GenerateRequest(
        prompt=prompt,
        model=args.model,
        chat=args.chat,
        max_new_tokens=args.max_new_tokens,
        temperature=args.temperature,
        seed=args.seed,
    )
    token = CancelToken()
    progress = StderrProgress()
    shown = ""
    # On a terminal the completion streams as it grows; into a pipe or a file (and with
    # --json) it is written once, at the end, exactly as the result has it.
    streaming = not args.json and sys.stdout.isatty()
    latest = ""  # the latest partial text (what a cancel keeps)
    used: ModelUsed | None = None

    def report(event: Event) -> None:
        nonlocal shown, latest, used
        if isinstance(event, ModelLoaded):
            used = event.model
        if isinstance(event, PartialText):
            latest = event.text
            if streaming and event.text.startswith(shown):
                sys.stdout.write(event.text[len(shown) :])
                sys.stdout.flush()
                shown = event.text
            return
        progress(event)

    try:
        with _ctrl_c_cancels(token, progress):
            result = engine.run(request, report, token)
    except Cancelled as exc:
        if shown:
            sys.stdout.write("\n")  # the streamed part ends its line
        elif not args.json and latest:
            # Into a pipe or a file nothing was written yet: what was generated is kept.
            sys.stdout.write(latest + "\n")
        elif args.json:  # the one document says it, beside the error (exit 130 all the same)
            exc.partial = {
                "text": latest,
                **(_model_fields(used) if used is not None else {}),
                "stopped": "cancelled",
            }
        sys.stdout.flush()
        raise
    finally:
        progress.close()
    assert isinstance(result, GenerateResult)
    if args.json:
        # (the fields every command's --json has: the file, the model's, the encoding)
        print_json(
            {
                "file": args.file,
                "text": result.text,
                "token_ids": list(result.token_ids),
                **_model_fields(result.model),
                "tokens_per_second": round(result.tokens_per_second, 2),
                "prompt_tokens": result.prompt_tokens,
                "first_token_seconds": round(result.first_token_seconds, 4),
                "stopped": result.stopped,
                "encoding": _encoding_json(found),
            }
        )
    else:
        if result.text.startswith(shown):
            sys.stdout.write(result.text[len(shown) :] + "\n")
        else:  # the tokenizer's clean-up changed text already shown: the final text in full
            sys.stdout.write("\n" + result.text + "\n")
        sys.stdout.flush()
    return 0


COMMANDS: dict[str, Callable[[Engine, argparse.Namespace], int]] = {
    "translate": translate,
    "summarize": summarize,
    "ask": ask,
    "classify": classify,
    "embed": embed,
    "generate": generate,
}
