"""The task commands of ``quire``: translate, summarize, ask, classify, embed.

Each builds one typed request, runs it through ``Engine.run`` with progress on stderr and a
cancel token wired to Ctrl-C, and prints text, or one JSON document with ``--json``.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

from engine.api import (
    AskRequest,
    AskResult,
    ClassifyRequest,
    ClassifyResult,
    EmbedRequest,
    EmbedResult,
    Event,
    ModelLoaded,
    ModelLoading,
    ModelUsed,
    Progress,
    Request,
    Result,
    SummarizeRequest,
    SummarizeResult,
    TranslateRequest,
    TranslateResult,
)
from engine.documents import READERS, translate_document
from engine.engine import Engine
from engine.errors import InputError
from engine.fileio import check_output, read_text, write_atomic
from engine.options import CancelToken

# Plain text keeps the stdout behaviour; every other readable format is written as a document.
DOCUMENT_SUFFIXES = frozenset(READERS) - {".txt", ".text"}


def add_task_parsers(sub: Any, common: Callable[[argparse.ArgumentParser], None]) -> None:
    p = sub.add_parser("translate", help="translate text or files")
    p.add_argument("--model", help="installed model name or folder")
    p.add_argument("--from", dest="source", metavar="L", help="source language (default: detect)")
    p.add_argument("--to", dest="target", metavar="L", help="target language")
    p.add_argument("--glossary", type=Path, metavar="F", help="TSV: term, translation")
    p.add_argument("-o", "--output", type=Path, metavar="OUT")
    p.add_argument("files", nargs="*", metavar="FILE", help="files, or - for stdin")
    common(p)
    p = sub.add_parser("summarize", help="summarize text or files")
    p.add_argument("--model")
    p.add_argument("--length", choices=("short", "medium", "long"), default="medium")
    p.add_argument("-o", "--output", type=Path, metavar="OUT")
    p.add_argument("files", nargs="*", metavar="FILE")
    common(p)
    p = sub.add_parser("ask", help="answer a question from a text")
    p.add_argument("--question", "-q", required=True, metavar="Q")
    p.add_argument("--model")
    p.add_argument("--top-k", type=_positive, default=1, metavar="K")
    p.add_argument("file", nargs="?", default="-", metavar="FILE")
    common(p)
    p = sub.add_parser("classify", help="classify text (supervised or zero-shot)")
    p.add_argument("--model")
    p.add_argument("--labels", type=_labels, default=(), metavar="A,B,...")
    p.add_argument("--multi-label", action="store_true")
    p.add_argument("--explain", action="store_true", help="per-token attributions")
    p.add_argument("--csv", type=Path, metavar="IN.csv", help="classify a CSV column")
    p.add_argument("--column", metavar="C", help="the CSV column holding the text")
    p.add_argument("-o", "--output", type=Path, metavar="OUT.csv")
    p.add_argument("file", nargs="?", default=None, metavar="FILE")
    common(p)
    p = sub.add_parser("embed", help="sentence embeddings, one text per line")
    p.add_argument("--model")
    p.add_argument("file", nargs="?", default="-", metavar="FILE")
    common(p)


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _labels(text: str) -> tuple[str, ...]:
    labels = tuple(x.strip() for x in text.split(",") if x.strip())
    if not labels:
        raise argparse.ArgumentTypeError("give at least one label")
    return labels


# --- running ------------------------------------------------------------------------------


class StderrProgress:
    """A one-line bar on a terminal; occasional plain lines otherwise."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self._last = 0.0
        self._open = False

    def __call__(self, event: Event) -> None:
        if isinstance(event, ModelLoading):
            self._line(f"Loading {event.model}…")
        elif isinstance(event, ModelLoaded):
            m = event.model
            self._line(f"Loaded {m.name} ({m.variant}, {m.device}) in {event.seconds:.1f} s")
            for fb in m.fallbacks:
                self._line(f"  note: {fb.wanted} → {fb.got}: {fb.reason}")
        elif isinstance(event, Progress) and self.tty:
            now = time.monotonic()
            if now - self._last < 0.1 and event.done < event.total:
                return
            self._last = now
            width = 30
            filled = int(width * event.done / max(event.total, 1))
            bar = "█" * filled + "·" * (width - filled)
            sys.stderr.write(f"\r{event.stage:<12} {bar} {event.done}/{event.total}")
            sys.stderr.flush()
            self._open = True

    def _line(self, text: str) -> None:
        self.close()
        print(text, file=sys.stderr, flush=True)

    def close(self) -> None:
        if self._open:
            sys.stderr.write("\n")
            sys.stderr.flush()
            self._open = False


@contextmanager
def _ctrl_c_cancels(token: CancelToken) -> Iterator[None]:
    """First Ctrl-C cancels cooperatively; a second one interrupts at once."""

    def handler(_sig: int, _frame: FrameType | None) -> None:
        if token.cancelled:
            raise KeyboardInterrupt
        token.cancel()
        print("\nCancelling… (Ctrl-C again to stop at once)", file=sys.stderr, flush=True)

    try:
        previous = signal.signal(signal.SIGINT, handler)
    except ValueError:  # not the main thread (tests): no handler, cancel still works
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def run_request(engine: Engine, request: Request) -> Result:
    token = CancelToken()
    progress = StderrProgress()
    try:
        with _ctrl_c_cancels(token):
            return engine.run(request, progress, token)
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


def _print_json(document: dict[str, Any]) -> None:
    json.dump(document, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _read_input(name: str) -> str:
    """An input's text; an empty one is refused here, where we can still say which file."""
    text = read_text(name)
    if not text.strip():
        where = "Standard input" if name == "-" else "The file"
        raise InputError(
            f"{where} holds no text", path=None if name == "-" else Path(name), hint="Give text"
        )
    return text


def _inputs(files: list[str]) -> list[str]:
    if not files:
        if sys.stdin is None or sys.stdin.isatty():
            raise InputError("Give a FILE, or - to read standard input")
        return ["-"]
    return files


def _text_command(engine: Engine, args: argparse.Namespace, make: Callable[[str], Request]) -> int:
    files = _inputs(list(args.files))
    if args.output is not None:
        check_output(args.output, files)
        if len(files) > 1:
            raise InputError("-o takes one input file; give one FILE or leave -o out")
    documents = []
    for name in files:
        result = run_request(engine, make(_read_input(name)))
        assert isinstance(result, (TranslateResult, SummarizeResult))
        documents.append((name, result))
        if isinstance(result, TranslateResult):
            _translation_notes(name, result)
    if args.output is not None:
        write_atomic(args.output, documents[0][1].text)
    if args.json:
        docs = [_text_json(name, r) for name, r in documents]
        _print_json(docs[0] if len(docs) == 1 else {"results": docs})
    elif args.output is None:
        for i, (name, r) in enumerate(documents):
            if len(documents) > 1:
                print(f"{'' if i == 0 else chr(10)}==> {name} <==")
            print(r.text)
    return 0


def _translation_notes(name: str, result: TranslateResult) -> None:
    """What the user should know about a translation, on stderr: detection, pivots, flags."""
    where = "" if name == "-" else f"{name}: "
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


def _text_json(name: str, result: TranslateResult | SummarizeResult) -> dict[str, Any]:
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
    else:
        doc.update(
            extractive=result.extractive,
            sentences=[
                {"text": s.text, "paragraphs": list(s.paragraphs)} for s in result.sentences
            ],
        )
    return doc


def translate(engine: Engine, args: argparse.Namespace) -> int:
    files = list(args.files)
    if files and all(Path(f).suffix.lower() in DOCUMENT_SUFFIXES for f in files):
        return _translate_documents(engine, args, files)
    return _text_command(
        engine,
        args,
        lambda text: TranslateRequest(
            text=text,
            model=args.model,
            source=args.source,
            target=args.target,
            glossary=args.glossary,
        ),
    )


def _translate_documents(engine: Engine, args: argparse.Namespace, files: list[str]) -> int:
    """Formatted documents: translated file beside the input (NAME.<lang>.<ext>) or at -o."""
    if args.output is not None and len(files) > 1:
        raise InputError("-o takes one input file; give one FILE or leave -o out")
    template = TranslateRequest(
        text="", model=args.model, source=args.source, target=args.target, glossary=args.glossary
    )
    done = []
    for name in files:
        token, progress = CancelToken(), StderrProgress()
        try:
            with _ctrl_c_cancels(token):
                done.append(
                    translate_document(engine, Path(name), args.output, template, progress, token)
                )
        finally:
            progress.close()
        print(f"{name}: wrote {done[-1].output}", file=sys.stderr)
    if args.json:
        docs = [
            {
                "file": str(r.input),
                "output": str(r.output),
                "units": r.units,
                "source_language": r.source_language,
                "target_language": r.target_language,
                **(_model_fields(r.results[-1].model) if r.results else {}),
            }
            for r in done
        ]
        _print_json(docs[0] if len(docs) == 1 else {"results": docs})
    return 0


def summarize(engine: Engine, args: argparse.Namespace) -> int:
    return _text_command(
        engine, args, lambda text: SummarizeRequest(text=text, model=args.model, length=args.length)
    )


def ask(engine: Engine, args: argparse.Namespace) -> int:
    context = _read_input(args.file)
    result = run_request(
        engine,
        AskRequest(question=args.question, context=context, model=args.model, top_k=args.top_k),
    )
    assert isinstance(result, AskResult)
    answers = [
        {"text": a.text, "score": a.score, "start": a.start, "end": a.end} for a in result.answers
    ]
    if args.json:
        _print_json({"answers": answers, **_model_fields(result.model)})
    elif not answers:
        print("(no answer found in the text)")
    else:
        for a in result.answers:
            print(f"{a.score:6.3f}  {a.text}")
    return 0


def classify(engine: Engine, args: argparse.Namespace) -> int:
    if args.csv is not None:
        if args.column is None or args.output is None:
            raise InputError("--csv needs --column C and -o OUT.csv")
        check_output(args.output, [args.csv])
        token = CancelToken()
        progress = StderrProgress()
        try:
            with _ctrl_c_cancels(token):
                done = engine.classify_csv(
                    args.csv,
                    args.column,
                    args.output,
                    ClassifyRequest(
                        texts=(), model=args.model, labels=args.labels, multi_label=args.multi_label
                    ),
                    report=progress,
                    cancel=token,
                )
        finally:
            progress.close()
        if args.json:
            _print_json(
                {
                    "output": str(done.output),
                    "rows": done.rows,
                    "classified": done.classified,
                    "columns": list(done.columns),
                    "multi_label": done.multi_label,
                    **_model_fields(done.model),
                }
            )
        else:
            print(f"Wrote {done.output} ({done.classified} of {done.rows} rows classified)")
        return 0
    text = _read_input(args.file or "-")
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
    if args.json:
        doc: dict[str, Any] = {"labels": labels, **_model_fields(result.model)}
        if args.explain:
            doc["attributions"] = [
                {"start": a.start, "end": a.end, "text": text[a.start : a.end], "weight": a.weight}
                for a in item.attributions
            ]
        _print_json(doc)
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
    lines = [line for line in _read_input(args.file).splitlines() if line.strip()]
    if not lines:
        raise InputError("There is no text to embed (one text per line)")
    result = run_request(engine, EmbedRequest(texts=tuple(lines), model=args.model))
    assert isinstance(result, EmbedResult)
    vectors = result.embeddings.tolist()
    if args.json:
        _print_json({"embeddings": vectors, **_model_fields(result.model)})
    else:
        for row in vectors:
            print(" ".join(f"{x:.6f}" for x in row))
    return 0


COMMANDS: dict[str, Callable[[Engine, argparse.Namespace], int]] = {
    "translate": translate,
    "summarize": summarize,
    "ask": ask,
    "classify": classify,
    "embed": embed,
}
