"""The batch options of the task commands, apart from ``engine.cluster.cli`` so that building
the parser (every command, a one-sentence translation too) does not import the documents and
batch machinery."""

from __future__ import annotations

import argparse
from pathlib import Path

__all__ = ["add_cluster_options", "wants_batch"]


def add_cluster_options(parser: argparse.ArgumentParser, *, recursive: bool = False) -> None:
    """``recursive``: add ``--recursive`` too (translate has its own)."""
    group = parser.add_argument_group("batches (a folder in, -o OUT_DIR out)")
    if recursive:
        group.add_argument("--recursive", action="store_true", help="folders: include subfolders")
    group.add_argument(
        "--cluster",
        metavar="auto|ray://HOST:PORT",
        help="run on a Ray cluster: auto joins $RAY_ADDRESS or starts one on this machine",
    )
    group.add_argument("--workers", type=_positive, metavar="N", help="Ray workers (actors)")
    group.add_argument(
        "--gpus-per-worker",
        type=_gpus,
        default=0.0,
        metavar="G",
        help="GPUs each worker holds (default 0; a fraction shares one)",
    )


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"give a whole number, not {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _gpus(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"give a number, not {text!r}") from None
    if not 0 <= value < 1024:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def wants_batch(args: argparse.Namespace, inputs: list[str]) -> bool:
    """A batch: ``--cluster``, or folders (or URIs) with ``-o`` naming the output folder."""
    if getattr(args, "cluster", None):
        return True
    if args.output is None:
        return False
    return any("://" in name or (name != "-" and _folder(Path(name))) for name in inputs)


def _folder(path: Path) -> bool:
    """A folder of files: not a document saved as a macOS package (Report.pages/ is one
    document, translated to the ``-o`` file named)."""
    from engine.documents.imported import is_document_package

    return path.is_dir() and not is_document_package(path)
