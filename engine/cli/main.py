"""The ``quire`` command line (``desktop.launcher`` opens the app when it gets no arguments).

Exit codes: 0 ok, 1 a user-facing error (one clear line on stderr), 2 usage, 130 cancelled.
Progress and messages go to stderr; with ``--json`` stdout holds exactly one JSON document: the
result, or ``{"error": {"type", "message", "path", "hint", "message_id", "params"}}`` when
the command fails.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import dataclasses
import errno
import json
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, cast

from engine.api import TASKS, CatalogHit, Event, Progress
from engine.cli.tasks import (
    COMMANDS,
    UsageError,
    add_task_parsers,
    error_json,
    print_json,
    some_path,
)
from engine.engine import Engine
from engine.errors import Cancelled, EngineError, InputError
from engine.options import BACKENDS, DEVICES, DTYPES, Dtype, EngineOptions, default_home
from engine.store.catalog import CATALOG_TASKS, VARIANTS
from engine.text.sizes import human_size

if TYPE_CHECKING:
    from engine.runtime.manifest import ModelFolder
    from engine.server import ServerConfig

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_CANCELLED = 0, 1, 2, 130
# Every subcommand (tests keep this in step with the parser); the launcher uses it to tell
# `quire translate …` from `quire notes.txt`.
COMMAND_NAMES = frozenset(
    {
        "models",
        "doctor",
        "translate",
        "summarize",
        "ask",
        "classify",
        "embed",
        "serve",
        "generate",
    }
)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--device", choices=DEVICES, default="auto", help="where models run")
    parser.add_argument("--dtype", choices=DTYPES, default="auto", help="which model variant")
    parser.add_argument("--backend", choices=BACKENDS, default="auto", help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true", help="print one JSON document on stdout")


class _ParseError(Exception):
    """argparse's error (an unknown option, a value its type refuses), raised instead of its
    exit so that ``main`` can say it with --json too."""

    def __init__(self, prog: str, message: str) -> None:
        super().__init__(message)
        self.prog = prog
        self.message = message


class _Parser(argparse.ArgumentParser):
    """argparse's parser, its errors raised as ``_ParseError`` (after the usage line, as
    argparse prints it); subcommands' parsers are of this class too."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        raise _ParseError(self.prog, message)


class _Version(argparse.Action):
    """``--version``: Quire's version, read from its metadata only when asked (reading it
    costs every command 20 ms)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *_args: object) -> None:
        from engine.doctor import package_version

        print(f"quire {package_version('quire') or '(version unknown)'}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="quire",
        description="Translate, summarize, ask and classify text offline. "
        "Run without arguments to open the app; quire FILE... opens files in it, and "
        "quire --translate-clipboard opens it with the clipboard's text translated.",
    )
    parser.add_argument("--version", action=_Version, help="print Quire's version and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    models = sub.add_parser(
        "models",
        help="search, download, import, verify, export and remove models; say what one is for",
    )
    msub = models.add_subparsers(dest="models_command", metavar="ACTION", required=True)
    p = msub.add_parser("list", help="list the installed models")
    _common(p)
    p = msub.add_parser("search", help="search the catalog of curated models (no network)")
    p.add_argument("text", nargs="*", help="words to match: name, task, language, pair (en-de)")
    p.add_argument("--task", choices=CATALOG_TASKS, help="only models for this task")
    p.add_argument("--catalog", type=some_path, help="a catalog file instead of the shipped one")
    _common(p)
    p = msub.add_parser("download", help="download a catalog model or a hub repo's ONNX files")
    p.add_argument("model", metavar="NAME|REPO_ID", help="catalog name or repo id (owner/name)")
    p.add_argument(
        "--variant", choices=VARIANTS, help="which weights (default: what this device runs best)"
    )
    p.add_argument("--name", help="name in the store (default: the catalog or repo name)")
    p.add_argument("--endpoint", help="hub mirror URL (default: $HF_ENDPOINT or huggingface.co)")
    p.add_argument("--proxy", help="proxy URL (default: the system's and $HTTPS_PROXY)")
    p.add_argument("--ca-bundle", type=some_path, help="PEM file of extra trusted certificates")
    p.add_argument("--catalog", type=some_path, help="a catalog file instead of the shipped one")
    _common(p)
    p = msub.add_parser("import", help="install a model folder, .zip or .tar.gz")
    p.add_argument("path", type=some_path)
    p.add_argument("--name", help="name in the store (default: the folder's or archive's name)")
    p.add_argument(
        "--task",
        action="append",
        choices=TASKS,
        default=[],
        dest="tasks",
        help="what the model is for, where its files do not say (a summarizer whose config "
        "names no task); repeat for several; a task it cannot do is refused",
    )
    _common(p)
    p = msub.add_parser(
        "set-task", help="say what an installed model is for (the app's panes then offer it)"
    )
    p.add_argument("name", help="the installed model")
    p.add_argument(
        "tasks",
        nargs="+",
        choices=(*TASKS, "auto"),
        metavar="TASK",
        help=f"one or more of {', '.join(TASKS)}; or auto: only what its files tell",
    )
    _common(p)
    p = msub.add_parser("verify", help="check installed files against their recorded sha256")
    p.add_argument("name", nargs="?", help="one model (default: all)")
    _common(p)
    p = msub.add_parser("export", help="export a transformers checkpoint to a model folder")
    p.add_argument("src", type=some_path, help="checkpoint folder (safetensors + tokenizer.json)")
    p.add_argument("dst", type=some_path, help="new model folder to create")
    p.add_argument(
        "--dtype",
        nargs="+",
        choices=("fp32", "fp16", "int8", "q4", "q4f16"),
        default=["fp32"],
        help="variants to write (default: fp32); q4 and q4f16 for decoder-only language "
        "models only",
    )
    p.add_argument("--json", action="store_true", help="print one JSON document on stdout")
    p = msub.add_parser("remove", help="delete an installed model")
    p.add_argument("name")
    _common(p)

    p = sub.add_parser("doctor", help="providers, devices, versions, store path")
    _common(p)
    p = sub.add_parser(
        "serve",
        help="serve the engine over HTTP (LibreTranslate-compatible, Quire's job API, OpenAI chat)",
    )
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: loopback)")
    p.add_argument("--port", type=int, default=5000, help="port (default: 5000; 0 = any free)")
    p.add_argument(
        "--api-key",
        nargs="+",
        action="extend",
        default=[],
        metavar="KEY",
        help="keys clients must send (needed to listen on any address but loopback); "
        "QUIRE_API_KEY=KEY[,KEY…] in the environment does the same without showing the keys "
        "to other users of this machine in the process list",
    )
    p.add_argument(
        "--allow-origin",
        nargs="+",
        action="extend",
        default=[],
        metavar="ORIGIN",
        help="web pages' origins allowed to call it (CORS), e.g. https://example.org, null "
        "(local files, Electron pages) or *; browser extensions and apps need none",
    )
    p.add_argument(
        "--queue",
        type=int,
        default=200,
        metavar="N",
        help="jobs that may wait (default 200, a long page's paragraphs; then 429); the "
        "requests waiting may also hold at most twice the body limit (64 MB)",
    )
    p.add_argument(
        "--char-limit",
        type=int,
        default=-1,
        metavar="N",
        help="longest text /translate takes, in characters (default -1: none)",
    )
    _common(p)
    add_task_parsers(sub, _common)
    return parser


def _options(args: argparse.Namespace) -> EngineOptions:
    # argparse's choices= already restricted these strings to the option literals.
    dtype = cast(Dtype, args.dtype if isinstance(getattr(args, "dtype", None), str) else "auto")
    return EngineOptions(
        home=default_home(),
        device=getattr(args, "device", "auto"),
        dtype=dtype,
        backend=getattr(args, "backend", "auto"),
        endpoint=getattr(args, "endpoint", None),
        proxy=getattr(args, "proxy", None),
        ca_bundle=getattr(args, "ca_bundle", None),
        catalog=getattr(args, "catalog", None),
    )


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _emit(args: argparse.Namespace, document: dict[str, Any], text: str) -> None:
    if args.json:
        print_json(document, default=str)
    else:
        print(text)


def _roles(folder: ModelFolder | None) -> list[str]:
    """A listed model's roles; none for a folder whose files cannot say (the list goes on)."""
    from engine.tasks.capabilities import capabilities

    if folder is None:
        return []
    try:
        return list(capabilities(folder, pairs=False).roles)
    except (EngineError, ValueError, TypeError, KeyError, AttributeError):
        return []


def _tasks(folder: ModelFolder | None) -> list[str]:
    """A listed model's tasks (translate, summarize, ...), in the CLI's order."""
    from engine.tasks.capabilities import capabilities

    if folder is None:
        return []
    try:
        tasks = capabilities(folder, pairs=False).tasks
    except (EngineError, ValueError, TypeError, KeyError, AttributeError):
        return []
    return [t for t in TASKS if t in tasks]


def _declared(folder: ModelFolder | None) -> tuple[str, ...]:
    from engine.tasks.capabilities import declared_tasks

    return declared_tasks(folder) if folder is not None else ()


def _no_task(name: str, folder: ModelFolder) -> str:
    """What an import says of a model no task offers: the tasks it may be told, or that a
    model of its kind can do none (a base causal LM without a chat template)."""
    from engine.tasks.capabilities import possible_tasks

    possible = possible_tasks(folder)
    can = [t for t in TASKS if t in possible]
    if not can:
        kind = ", ".join(folder.architectures) or folder.model_type
        return (
            f"\nQuire cannot use {name}: a model of its kind ({kind}) can do none of Quire's tasks "
            "(translate, summarize, ask, classify)"
        )
    return (
        f"\nQuire cannot tell what {name} is for: say it with "
        f"`quire models set-task {name} TASK` ({', '.join(can)})"
    )


def _models_list(engine: Engine, args: argparse.Namespace) -> int:
    rows: list[dict[str, Any]] = []
    for m in engine.models():
        manifest = m.manifest
        rows.append(
            {
                "name": m.name,
                "path": str(m.path),
                "model_type": m.folder.model_type if m.folder else None,
                "variants": list(m.folder.variants) if m.folder else [],
                # What it is good for ("translation", "instruction model", ...).
                "roles": _roles(m.folder),
                # The tasks it is offered for, and those of them its user declared.
                "tasks": _tasks(m.folder),
                "declared_tasks": list(_declared(m.folder)),
                "size_bytes": m.size_bytes,
                "problem": m.problem or None,
                "source": manifest.source if manifest else None,
                "origin": manifest.origin if manifest else None,
                "revision": manifest.revision if manifest else None,
                "license": manifest.license if manifest else None,
                "installed_at": manifest.installed_at if manifest else None,
                "fit": dataclasses.asdict(m.fit) if m.fit else None,
            }
        )
    partial = engine.store.partial_downloads()
    lines = []
    if not rows:
        lines.append(
            f"No models installed in {engine.store.root}. "
            "Find one with `quire models search`, or import one with `quire models import`."
        )
    for r in rows:
        variants = ", ".join(r["variants"]) or "safetensors"
        roles = f"  ({', '.join(r['roles'])})" if r["roles"] else ""
        what = r["problem"] or f"{r['model_type']:<12} {variants:<27}{roles}".rstrip()
        fit = f"{r['fit']['verdict']:<9}" if r["fit"] else " " * 9
        lines.append(f"{r['name']:<32} {human_size(int(r['size_bytes'])):>9}  {fit}  {what}")
    for d in partial:
        if d.active:  # (both commands would be refused while it runs)
            what = "downloading now, in another Quire process"
        else:
            what = (
                f"partial download ({d.variant or 'unknown variant'}): `quire models download "
                f"{d.name}` resumes it, `quire models remove {d.name}` discards it"
            )
        lines.append(f"{d.name:<32} {human_size(d.size_bytes):>9}  {what}")
    document = {
        "store": str(engine.store.root),
        "models": rows,
        "partial_downloads": [
            {
                "name": d.name,
                "path": str(d.path),
                "size_bytes": d.size_bytes,
                "repo": d.repo or None,
                "variant": d.variant or None,
                "active": d.active,
            }
            for d in partial
        ],
    }
    _emit(args, document, "\n".join(lines))
    return EXIT_OK


def _hit_document(hit: CatalogHit) -> dict[str, Any]:
    e = hit.entry
    return {
        "name": e.name,
        "repo": e.repo,
        "revision": e.revision,
        "pinned": e.pinned,
        "task": e.task,
        "languages": list(e.languages),
        "pairs": [f"{s}-{t}" for s, t in e.pairs],
        "license": e.license,
        "description": e.description,
        "installed": hit.installed,
        "partial_download_bytes": hit.partial_bytes,
        "default_variant": hit.variant,
        "variants": {
            v: {"size_bytes": e.size(v), **dataclasses.asdict(fit)} for v, fit in hit.fits.items()
        },
    }


def _models_search(engine: Engine, args: argparse.Namespace) -> int:
    hits = engine.catalog(" ".join(args.text), args.task)
    rows = [_hit_document(h) for h in hits]
    lines = []
    for h in hits:
        e = h.entry
        langs = ", ".join(f"{s}-{t}" for s, t in e.pairs) or ", ".join(e.languages[:6]) + (
            f" +{len(e.languages) - 6}" if len(e.languages) > 6 else ""
        )
        sizes = "  ".join(f"{v} {human_size(e.size(v))}" for v in h.fits)
        fit = h.fits[h.variant]
        mark = (
            "installed"
            if h.installed
            else f"partly downloaded ({human_size(h.partial_bytes)})"
            if h.partial_bytes
            else ""
        )
        lines.append(
            f"{e.name:<38} {e.task:<10} {langs:<24} {sizes}  "
            f"[{h.variant}: {fit.verdict}] {mark}".rstrip()
        )
    text = "\n".join(lines) if lines else "No catalog model matches."
    _emit(args, {"models": rows}, text)
    return EXIT_OK


def _download_progress() -> Callable[[Event], None]:
    last = [-1]

    def show(event: Event) -> None:
        if isinstance(event, Progress) and event.stage == "downloading" and event.total:
            percent = event.done * 100 // event.total
            if percent != last[0]:
                last[0] = percent
                _say(
                    f"downloading {percent:3d}%  {human_size(event.done)} of "
                    f"{human_size(event.total)}"
                )

    return show


def _models_download(engine: Engine, args: argparse.Namespace) -> int:
    variant = args.variant
    if args.dtype != "auto":  # the other commands' word for it
        if variant not in (None, args.dtype):
            raise UsageError(f"--dtype {args.dtype} and --variant {variant} disagree; give one")
        variant = args.dtype
    stored = engine.download(
        args.model, variant=variant, name=args.name, report=_download_progress()
    )
    manifest = stored.manifest
    doc = {
        "name": stored.name,
        "path": str(stored.path),
        "repo": manifest.repo if manifest else None,
        "revision": manifest.revision if manifest else None,
        "variants": list(stored.folder.variants) if stored.folder else [],
        "size_bytes": stored.size_bytes,
    }
    _emit(args, doc, f"Downloaded {stored.name} ({human_size(stored.size_bytes)})")
    return EXIT_OK


def _models_verify(engine: Engine, args: argparse.Namespace) -> int:
    results = engine.verify(args.name)
    lines = []
    for r in results:
        if r.ok:
            lines.append(f"{r.name:<32} OK ({r.checked} files)")
        elif r.problem:
            lines.append(f"{r.name:<32} cannot check: {r.problem}")
        else:
            bad = [f"changed: {p}" for p in r.changed] + [f"missing: {p}" for p in r.missing]
            bad += [f"added: {p}" for p in r.added]
            lines.append(f"{r.name:<32} FAILED  " + "; ".join(bad))
    doc = {"models": [dataclasses.asdict(r) for r in results]}
    _emit(args, doc, "\n".join(lines) or "No models installed.")
    return EXIT_OK if all(r.ok for r in results) else EXIT_ERROR


def _doctor(engine: Engine, args: argparse.Namespace) -> int:
    report = engine.doctor()
    lines = [
        f"Python        {report.python} on {report.platform}",
        *(f"{name:<13} {version}" for name, version in report.versions.items()),
        f"Model store   {report.store}",
        "Devices (ONNX Runtime execution providers):",
    ]
    for probe in report.providers:
        mark = "works" if probe.works else "unavailable"
        detail = "" if probe.works else f" — {probe.detail}"
        lines.append(f"  {probe.device:<9} {mark}{detail}")
    if not report.onnxruntime:
        lines.append("  ONNX Runtime is not installed")
    fallback = "PyTorch" if report.torch else "nothing (install onnxruntime)"
    lines.append(f"Models will run on: {' → '.join(report.plan) or fallback}")
    lines.extend(f"Note: {note}" for note in report.notes)
    document = dataclasses.asdict(report)
    _emit(args, document, "\n".join(lines))
    return EXIT_OK


def serve_config(args: argparse.Namespace, environ: Mapping[str, str]) -> ServerConfig:
    """``quire serve``'s settings: the command line's, plus keys from ``QUIRE_API_KEY``."""
    from engine.server import API_KEY_ENV, ServerConfig, env_keys

    return ServerConfig(
        host=args.host,
        port=args.port,
        api_keys=(*args.api_key, *env_keys(environ.get(API_KEY_ENV, ""))),
        allow_origins=tuple(args.allow_origin),
        queue_size=args.queue,
        char_limit=args.char_limit,
    )


def _serve(args: argparse.Namespace, options: EngineOptions) -> int:
    import logging

    from engine.server import Server
    from engine.server.run import LOOPBACK_OF

    try:
        config = serve_config(args, os.environ)
    except InputError as exc:  # a port, host or limit out of range
        raise UsageError(exc.message, hint=exc.hint) from exc
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
    server = Server(config, options)

    def announce() -> None:
        everywhere = config.host in LOOPBACK_OF
        reach = " and on every network interface (other computers too)" if everywhere else ""
        _say(
            f"Quire serves on {server.url}{reach} (API documentation: {server.url}docs); "
            "Ctrl+C stops"
        )
        if args.json:  # for a program that started it (--port 0): one line, where it listens
            where = {"url": server.url, "host": config.host, "port": server.port}
            print(json.dumps({**where, "docs": server.url + "docs"}), flush=True)

    # Uvicorn shuts down cleanly, then passes Ctrl+C on: here that is a normal stop.
    with contextlib.suppress(KeyboardInterrupt):
        server.serve(announce)
    return EXIT_OK


def _run(args: argparse.Namespace, options: EngineOptions) -> int:
    if args.command == "serve":
        return _serve(args, options)
    engine = Engine(options)
    if args.command in COMMANDS:
        from engine.runtime.session_cache import map_weights

        # One command and the process ends: starting sooner beats a smaller resident set.
        previous = map_weights()
        try:
            return COMMANDS[args.command](engine, args)
        finally:
            map_weights(previous)
    if args.command == "doctor":
        return _doctor(engine, args)
    action = args.models_command
    if action == "list":
        return _models_list(engine, args)
    if action == "search":
        return _models_search(engine, args)
    if action == "download":
        return _models_download(engine, args)
    if action == "verify":
        return _models_verify(engine, args)
    if action == "import":
        folder = engine.import_model(args.path, args.name, progress=_say, tasks=args.tasks)
        stored = engine.stored(folder.name)
        doc = {  # the fields download gives, where an import has them
            "name": stored.name,
            "path": str(stored.path),
            "source": str(args.path),
            "variants": list(folder.variants),
            "size_bytes": stored.size_bytes,
            "tasks": _tasks(folder),
            "declared_tasks": list(_declared(folder)),
        }
        text = f"Imported {stored.name} ({human_size(stored.size_bytes)})"
        if not doc["tasks"]:  # no pane would offer it, said here rather than found there
            text += _no_task(stored.name, folder)
        _emit(args, doc, text)
        return EXIT_OK
    if action == "set-task":
        if "auto" in args.tasks and len(args.tasks) > 1:
            raise InputError(
                "auto cannot be given with tasks",
                hint="Give `auto` alone (only what its files tell), or the tasks alone",
            )
        tasks = [t for t in args.tasks if t != "auto"]
        model = engine.set_model_tasks(args.name, tasks)
        offered_tasks = [t for t in TASKS if t in model.tasks]
        doc = {
            "name": model.name,
            "tasks": offered_tasks,
            "declared_tasks": list(model.declared_tasks),
        }
        offered = ", ".join(offered_tasks) or "no task (Quire cannot tell what it is for)"
        _emit(args, doc, f"{model.name}: {offered}")
        return EXIT_OK
    if action == "export":
        folder = engine.export_model(args.src, args.dst, args.dtype, progress=_say)
        doc = {"path": str(folder.path), "variants": list(folder.variants)}
        _emit(args, doc, f"Exported {folder.path} ({', '.join(folder.variants)})")
        return EXIT_OK
    if action == "remove":
        partial = engine.remove_model(args.name)
        _emit(
            args,
            {"removed": args.name, "partial_download": partial},
            f"Discarded the partial download of {args.name}" if partial else f"Removed {args.name}",
        )
        return EXIT_OK
    raise AssertionError(f"unhandled command {args.command} {action}")


def _json_error(args: argparse.Namespace, exc: EngineError) -> None:
    """With --json, stdout still holds one JSON document when a command fails: the error, as
    stderr's line says it (``{"error": {"type", "message", "path", "hint", "message_id",
    "params"}}``)."""
    if not getattr(args, "json", False):
        return
    # What a cancelled command had done by then, where it says (generate's text so far).
    partial = exc.partial if isinstance(exc, Cancelled) else {}
    with contextlib.suppress(OSError):  # a closed stdout: stderr has said it
        _emit(args, {**partial, "error": error_json(exc)}, "")
        sys.stdout.flush()


# Errors about where a file is or may be written, which the hint of an OSError is about.
_FILE_ERRORS = frozenset(
    [errno.ENOENT, errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOTDIR, errno.EISDIR,
     errno.EEXIST, errno.ENOSPC]
)  # fmt: skip


def _as_named(error: UnicodeError) -> tuple[str | bytes, int]:
    """The bytes of a file name that is not text in the system's encoding (Python holds
    them as surrogates: ``\udcff`` for the byte 0xFF), as ``ls`` writes them; anything
    else that cannot be written, as a backslash escape."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    bad = error.object[error.start : error.end]
    if all("\udc80" <= char <= "\udcff" for char in bad):
        return bytes(ord(char) - 0xDC00 for char in bad), error.end
    return codecs.backslashreplace_errors(error)


codecs.register_error("quire.names", _as_named)


def unicode_output(*streams: Any) -> None:
    """Make the output streams write any text. A file or a pipe whose encoding is a legacy
    code page (Windows' cp1252 when redirected, a non-UTF-8 locale) gets UTF-8, as Python's
    UTF-8 mode writes; where the encoding was chosen (PYTHONIOENCODING) or is a terminal's,
    what it cannot show is replaced. A file name that is no text (a byte not UTF-8 in it,
    or any non-ASCII one in the C locale) is written as its bytes. Never a traceback: one
    ended a batch at such a name, its other files untranslated, and a message to standard
    error naming one was lost without a word."""
    for stream in streams:
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("_", "-")
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:
            continue
        strict = getattr(stream, "errors", "strict") == "strict"
        try:
            if encoding in ("utf-8", "utf8"):
                if strict:
                    reconfigure(errors="quire.names")
            elif bool(os.environ.get("PYTHONIOENCODING")) or stream.isatty():
                if strict:
                    reconfigure(errors="replace")
            else:
                reconfigure(encoding="utf-8", errors="quire.names")
        except (OSError, ValueError):  # closed, or already written to in a way that forbids it
            continue


class _Forgiving:
    """Standard error that takes what is written and loses what it cannot (closed: ``2>&-``,
    full: ``2>/dev/full``): progress and notes are for a person, and a job whose output was
    written must not fail, nor its --json be lost, for want of them. Closed before Python
    started, it is None, and print() would write to standard output, into the JSON."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            self._stream.write(text)
        return len(text)

    def flush(self) -> None:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            self._stream.flush()

    def isatty(self) -> bool:
        try:
            return bool(self._stream.isatty())
        except (OSError, ValueError, AttributeError):
            return False

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def main(argv: Sequence[str] | None = None) -> int:
    stderr = sys.stderr
    sys.stderr = _Forgiving(stderr)
    try:
        return _main(argv)
    finally:
        sys.stderr = stderr


def _main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    unicode_output(sys.stdout, sys.stderr)
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command is None:
            parser.print_help(sys.stderr)
            return EXIT_USAGE
        try:
            options = _options(args)
        except ValueError as exc:  # a malformed --endpoint or --proxy: a usage error, exit 2
            parser.error(str(exc))
    except _ParseError as exc:
        _say(f"{exc.prog}: error: {exc.message}")
        if "--json" in argv:  # (the command line could not be read: asked for, it is there)
            json_args = argparse.Namespace(json=True, command=None)
            _json_error(json_args, UsageError(exc.message))
        raise SystemExit(EXIT_USAGE) from None  # as argparse's own errors end
    try:
        return _run(args, options)
    except (Cancelled, KeyboardInterrupt) as exc:
        _say("quire: cancelled")
        # With --json, stdout still holds one document.
        _json_error(args, exc if isinstance(exc, Cancelled) else Cancelled())
        return EXIT_CANCELLED
    except UsageError as exc:
        _say(f"quire {args.command}: error: {exc}")
        _json_error(args, exc)
        return EXIT_USAGE
    except EngineError as exc:
        _say(f"quire: error: {exc}")
        _json_error(args, exc)
        return EXIT_ERROR
    except BrokenPipeError:
        # What reads the output stopped early (``quire … | head``): nothing more to say. The
        # interpreter's own flush at exit would fail too, so stdout goes nowhere from here.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_ERROR
    except OSError as exc:
        # A file or folder the command could not read or write that no layer named (a
        # read-only disk, a file where a folder should be): said as such, never a traceback.
        about_files = exc.errno in _FILE_ERRORS
        error = InputError(
            f"{exc.strerror or exc}",
            path=Path(exc.filename) if exc.filename else None,
            hint="Check that the folder exists, is a folder, and that you may write there"
            if about_files
            else "",
        )
        _say(f"quire: error: {error}")
        _json_error(args, error)
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
