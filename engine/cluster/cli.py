"""``quire translate|summarize|classify --csv … SRC -o OUT_DIR [--cluster auto|ray://HOST:PORT]``:
a folder (or one file) in, an output folder out; on a Ray cluster with ``--cluster``, else here,
one document after another. The task commands hand over to ``batch_command``."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path
from typing import Any

from engine.api import ClassifyRequest, Event, Note, Progress, SummarizeRequest, TranslateRequest
from engine.cluster.jobs import (
    COPIED,
    WHY,
    Batch,
    Command,
    Done,
    Item,
    Left,
    copy_left,
    run_one,
    survey,
)
from engine.cluster.options import add_cluster_options, wants_batch
from engine.cluster.progress import BatchProgress
from engine.cluster.storage import Storage
from engine.engine import Engine
from engine.errors import Cancelled, InputError
from engine.options import CancelToken


def batch_command(engine: Engine, args: argparse.Namespace, command: Command) -> int:
    inputs = [str(args.csv)] if command == "classify" else list(args.files)
    if len(inputs) != 1 or inputs[0] == "-":
        raise InputError("A batch takes one folder (or one file) and -o OUT_DIR")
    if args.output is None:
        raise InputError("Name the output folder with -o OUT_DIR")
    output = Storage.at(args.output)
    if output.is_file():
        raise InputError(
            "The output is a file, not a folder", path=str(output), hint="Give a folder with -o"
        )
    source = Storage.at(inputs[0])
    only: str | None = None
    if not source.is_dir():
        if not source.is_file():
            raise InputError("No such file or folder", path=inputs[0])
        if source.local:
            only, parent = Path(source.root).name, str(Path(source.root).parent)
        else:
            parent, _, only = source.root.rpartition("/")
        source = dataclasses.replace(source, root=parent)
    request = _request(args, command)
    if isinstance(request, TranslateRequest):
        # A model that translates into one language names every output, as --to would.
        from engine.tasks.translate import EngineModels, model_target

        request = model_target(EngineModels(engine), request)
    batch = Batch(
        command=command,
        source=source,
        output=output,
        request=request,
        max_bytes=getattr(args, "max_bytes", Batch.max_bytes),
        bilingual=getattr(args, "bilingual", False),
        batch_units=getattr(args, "batch_units", Batch.batch_units),
        column=getattr(args, "column", None) or "",
        encoding=getattr(args, "encoding", None),
        mirror=getattr(args, "mirror", False),
        alone=only is not None,
    )
    if command == "classify" and not batch.column:
        raise InputError("--csv needs --column C")
    # (a mirror is the whole folder: its subfolders too)
    recursive = getattr(args, "recursive", False) or batch.mirror
    items, left = survey(batch, only, recursive=recursive)
    # A mirror's output folder is the input folder translated: what it leaves out (pictures,
    # a site's configuration) is copied as it is, before the documents.
    copied = {s.rel: copy_left(batch, s) for s in left if batch.mirror and s.reason in COPIED}
    for skipped in left:
        done = copied.get(skipped.rel)
        said = f"{done} ({skipped.why})" if done else f"skipped: {skipped.why}"
        print(f"{source.name(skipped.rel)}: {said}", file=sys.stderr)
    if not items:
        raise InputError(
            "There are no documents to do here", path=inputs[0], hint="Give another folder"
        )
    progress = BatchProgress(items, skipped=len(left) - len(copied))  # (copies tried: said)
    from engine.cli.tasks import _ctrl_c_cancels

    token = CancelToken()
    results: list[Done] = []  # (each document's, as it ends)
    try:
        # Here or on the cluster, Ctrl-C cancels between what the batch is waiting for: on
        # the cluster it interrupted Ray's own calls, lost the documents done and the words
        # below, and now and then crashed Ray's teardown.
        with _ctrl_c_cancels(token):
            if args.cluster:
                from engine.cluster.ray_runner import run_ray

                run_ray(
                    engine.options,
                    batch,
                    items,
                    progress,
                    results,
                    address=args.cluster,
                    workers=args.workers,
                    gpus_per_worker=args.gpus_per_worker,
                    cancel=token,
                )
            else:
                _run_here(engine, batch, items, progress, results, token)
    except Cancelled as exc:
        progress.close()
        print("Cancelled; the same command resumes where it stopped", file=sys.stderr)
        exc.partial["results"] = _rows(batch, results)  # (--json: the documents done by then)
        raise
    return _finish(args, batch, results, left, copied)


def _request(
    args: argparse.Namespace, command: Command
) -> TranslateRequest | SummarizeRequest | ClassifyRequest:
    if command == "translate":
        if args.glossary is not None:
            # Every worker reads it: the same absolute path, as the input folder is.
            args.glossary = Path(args.glossary).expanduser().resolve()
        if args.memory is not None:
            args.memory = Path(args.memory).expanduser().resolve()
        return TranslateRequest(
            text="",
            model=args.model,
            source=args.source,
            target=args.target,
            glossary=args.glossary,
            memory=args.memory,
        )
    if command == "summarize":
        return SummarizeRequest(
            text="", model=args.model, length=args.length, language=args.language
        )
    return ClassifyRequest(
        texts=(), model=args.model, labels=args.labels, multi_label=args.multi_label
    )


def _run_here(
    engine: Engine,
    batch: Batch,
    items: list[Item],
    progress: BatchProgress,
    results: list[Done],
    token: CancelToken,
) -> None:
    """The batch in this process, one document after another, each into ``results``."""
    progress.start()
    try:
        for item in items:
            progress.working(0, item.rel)

            def report(event: Event, rel: str = item.rel) -> None:
                if isinstance(event, Progress):
                    progress.working(0, rel, event.done, event.total)
                elif isinstance(event, Note):
                    progress.noted(batch.source.name(rel), event.text)

            done = run_one(engine, batch, item, report, token)
            results.append(done)
            where = batch.source.name(item.rel)
            progress.finished(0, done, where, batch.output.name(item.output))
    finally:
        progress.close()


def _rows(batch: Batch, results: list[Done]) -> list[dict[str, Any]]:
    """Each document done, as --json's rows say it."""
    from engine.cli.tasks import counts_json, glossary_json

    def glossary(done: Done) -> dict[str, Any] | None:
        request = batch.request
        if not isinstance(request, TranslateRequest) or done.error or done.skipped or done.no_text:
            return None
        return glossary_json(request.glossary, done.source_language, done.target_language)

    return [
        {
            "input": batch.source.name(r.item.rel),
            "output": None if r.error or r.no_text else batch.output.name(r.item.output),
            "units": r.units,
            "resumed": r.resumed,
            "skipped": r.skipped or r.no_text,
            "reason": "its output is already written"
            if r.skipped
            else WHY["notext"]
            if r.no_text
            else None,
            "encoding": r.encoding.as_json() if r.encoding is not None else None,
            "error": r.error,
            # (a translation's: how its units ended, and those the model failed on)
            "counts": counts_json(r.counts) if r.counts is not None else None,
            "failed_units": list(r.failed),
            "missing_terms": list(r.missing_terms),
            "glossary": glossary(r),
            **({"memory": r.memory} if r.memory is not None else {}),
        }
        for r in results
        if not r.left_out  # (a row of the files left out, below)
    ]


def _finish(
    args: argparse.Namespace,
    batch: Batch,
    results: list[Done],
    left: list[Left],
    copied: dict[str, str],
) -> int:
    """The JSON rows (a file left out is a row too, ``skipped`` with its ``reason``; one a
    mirror copied names its copy) and the closing lines: which files failed, which were
    copied, which left out and why."""
    # Refused by its reader for what it is (a settings file): left out as the folder's others
    # of its kind were, and a mirror copies it as it does them.
    refused = [Left(r.item.rel, r.left_out) for r in results if r.left_out]
    if batch.mirror:
        copied = copied | {s.rel: copy_left(batch, s) for s in refused}
    left = sorted([*left, *refused], key=lambda skipped: skipped.rel)
    rows = _rows(batch, results)
    rows += [
        {
            "input": batch.source.name(skipped.rel),
            "output": (
                batch.output.name(skipped.rel) if copied.get(skipped.rel, "").endswith("copied")
                else None
            ),
            "units": 0,
            "resumed": 0,
            "skipped": True,
            "reason": f"{skipped.why}: {copied[skipped.rel]}" if skipped.rel in copied
            else skipped.why,
            "encoding": None,
            "error": skipped.why if skipped.refused
            else copied.get(skipped.rel) if copied.get(skipped.rel, "").startswith("not")
            else None,
            "counts": None,
            "failed_units": [],
            "missing_terms": [],
            "glossary": None,
        }
        for skipped in left
    ]  # fmt: skip
    made = sum(1 for done in copied.values() if done == "copied")
    kept = sum(1 for done in copied.values() if done == "already copied")
    if made or kept:
        noun = "file" if made == 1 else "files"
        there = f" ({kept} already there)" if kept else ""
        print(f"quire: {made} {noun} copied as they are{there}", file=sys.stderr)
    unmade = len(copied) - made - kept
    if unmade:
        noun = "file" if unmade == 1 else "files"
        print(f"quire: {unmade} {noun} could not be copied", file=sys.stderr)
    left = [skipped for skipped in left if skipped.rel not in copied]
    # (an icon found with no text as it was read: passed over as a folder's files are)
    left += [Left(r.item.rel, "notext") for r in results if r.no_text]
    rows.sort(key=lambda row: str(row["input"]))
    if args.json:
        from engine.cli.tasks import print_json

        print_json(rows)
    memory = getattr(args, "memory", None)
    if memory is not None and batch.command == "translate":
        from engine.cli.tasks import memory_lines, memory_total

        total = memory_total(memory, [r.memory for r in results if r.memory is not None])
        for line in memory_lines("quire: in all: ", Path(memory), total):
            print(line, file=sys.stderr)
    failed = sum(1 for row in rows if row["error"] is not None) - unmade
    if failed:
        asked = sum(1 for r in results if not r.no_text and not r.left_out)
        asked += sum(1 for skipped in left if skipped.refused)
        print(f"quire: {failed} of {asked} documents failed", file=sys.stderr)
    if left:
        noun = "file" if len(left) == 1 else "files"
        by_why: dict[str, list[str]] = {}
        for skipped in left:
            by_why.setdefault(skipped.why, []).append(batch.source.name(skipped.rel))
        named = "; ".join(f"{why}: {', '.join(names)}" for why, names in by_why.items())
        print(f"quire: {len(left)} {noun} skipped ({named})", file=sys.stderr)
    return 1 if failed or unmade else 0


__all__ = ["add_cluster_options", "batch_command", "wants_batch"]
