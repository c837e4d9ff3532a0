"""Speed and memory of Quire, transformers and CTranslate2 on one translation model.

Owns the benchmark behind docs/benchmarks.md: a random-weight checkpoint with the exact shape of
opus-mt-en-de (``--shape``: or of nllb-200-distilled-600M), built once under ``.cache/bench``,
beam search with a fixed output length.
Quire runs, by default, the files users download (the Transformers.js layout, rebuilt from the
same checkpoint by ``bench.replica``), with its own int8 export beside it; CTranslate2 int8 is
the competitor. Per system: disk size, load time, RSS after load, tokens/s at each batch size,
and the wall time of a whole one-sentence translation from process start.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import importlib
import json
import multiprocessing as mp
import os
import platform
import shutil
import statistics
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import numpy as np
from numpy.typing import NDArray

# ONNX Runtime sends usage events to Microsoft unless told not to before it loads (as the
# engine does, engine/__init__.py): benchmark runs send nothing either.
os.environ["ORT_DISABLE_TELEMETRY"] = "1"

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache" / "bench"
NAME = "opus-mt-en-de-shape"
# Quire's cache of optimised graphs (and the CLI's home): loads are timed warm, as users load a
# model every time but the first.
HOME = CACHE / "home"
ORT_CACHE = HOME / "cache" / "onnxruntime"

# opus-mt-en-de's config.json and generation_config.json, minus the weights.
VOCAB = 58101
PAD = 58100  # also the decoder start token
EOS = 0
UNK = 1
MARIAN_CONFIG: dict[str, Any] = {
    "vocab_size": VOCAB,
    "decoder_vocab_size": VOCAB,
    "d_model": 512,
    "encoder_layers": 6,
    "decoder_layers": 6,
    "encoder_attention_heads": 8,
    "decoder_attention_heads": 8,
    "encoder_ffn_dim": 2048,
    "decoder_ffn_dim": 2048,
    "max_position_embeddings": 512,
    "activation_function": "swish",
    "scale_embedding": True,
    "static_position_embeddings": True,
    "share_encoder_decoder_embeddings": True,
    "normalize_embedding": False,
    "normalize_before": False,
    "add_final_layer_norm": False,
    "pad_token_id": PAD,
    "decoder_start_token_id": PAD,
    "eos_token_id": EOS,
    "bos_token_id": EOS,
    "forced_eos_token_id": EOS,
    "architectures": ["MarianMTModel"],
}
GENERATION_CONFIG: dict[str, Any] = {
    "bad_words_ids": [[PAD]],
    "bos_token_id": EOS,
    "decoder_start_token_id": PAD,
    "eos_token_id": EOS,
    "forced_eos_token_id": EOS,
    "max_length": 512,
    "num_beams": 4,
    "pad_token_id": PAD,
}
# quire-downloaded: the Transformers.js q8 files as Quire runs them (load-time rewrite of the
# tied output projection); quire-downloaded-asis: the same files as published, no rewrite.
SYSTEMS = (
    "quire-downloaded",
    "quire-downloaded-asis",
    "quire-int8",
    "quire-fp32",
    "transformers",
    "ct2-fp32",
    "ct2-int8",
    # CUDA (bench/gpu.sh): Quire's own fp16 export, CTranslate2 float16 on its fp32 conversion.
    "quire-fp16",
    "ct2-fp16",
)
# Children read the device from here (they are spawned, so they inherit the environment).
DEVICE_ENV = "QUIRE_BENCH_DEVICE"
DEFAULT_SYSTEMS = ("quire-downloaded", "quire-downloaded-asis", "quire-int8", "ct2-int8")
BEAMS = 4

Ids = NDArray[np.int64]


@dataclass(frozen=True)
class Shape:
    """A checkpoint's shape: its config files and how its (made-up) vocabulary is laid out."""

    name: str  # the cache folder's stem
    architecture: str  # the transformers class
    config: dict[str, Any]
    generation: dict[str, Any]
    specials: dict[int, str]  # every token but the ordinary ``t<id>`` ones
    ordinary: tuple[int, int]  # the ids random sentences are drawn from, end excluded
    # NLLB's language codes: the tokenizer opens the source with ``source``, the target is
    # forced to start with ``target``.
    source: str | None = None
    target: str | None = None

    @property
    def vocab(self) -> int:
        return int(self.config["vocab_size"])

    @property
    def pad(self) -> int:
        return int(self.config["pad_token_id"])

    @property
    def eos(self) -> int:
        return int(self.config["eos_token_id"])

    def token(self, i: int) -> str:
        return self.specials.get(i, f"t{i}")

    def token_id(self, token: str) -> int:
        for i, special in self.specials.items():
            if special == token:
                return i
        return int(token[1:])

    def token_ids(self) -> dict[str, int]:
        return {self.token(i): i for i in range(self.vocab)}


MARIAN = Shape(
    NAME,
    "MarianMTModel",
    MARIAN_CONFIG,
    GENERATION_CONFIG,
    {EOS: "</s>", UNK: "<unk>", PAD: "<pad>"},
    (2, PAD),
)


def _nllb() -> Shape:
    """nllb-200-distilled-600M's config.json and generation_config.json, minus the weights.

    The vocabulary is laid out as NllbTokenizer's: <s> <pad> </s> <unk>, 255,997 pieces, the
    202 language codes from 256,001, <mask>, then two ids the tokenizer never produces (the
    embedding has 256,206 rows)."""
    codes = importlib.import_module("transformers.models.nllb.tokenization_nllb_fast")
    languages: list[str] = list(codes.FAIRSEQ_LANGUAGE_CODES)
    first_code = 256001
    specials = {0: "<s>", 1: "<pad>", 2: "</s>", 3: "<unk>"}
    specials |= {first_code + i: code for i, code in enumerate(languages)}
    specials[first_code + len(languages)] = "<mask>"
    config: dict[str, Any] = {
        "_name_or_path": "facebook/nllb-200-distilled-600M",
        "activation_dropout": 0.0,
        "activation_function": "relu",
        "architectures": ["M2M100ForConditionalGeneration"],
        "attention_dropout": 0.1,
        "bos_token_id": 0,
        "d_model": 1024,
        "decoder_attention_heads": 16,
        "decoder_ffn_dim": 4096,
        "decoder_layerdrop": 0,
        "decoder_layers": 12,
        "decoder_start_token_id": 2,
        "dropout": 0.1,
        "encoder_attention_heads": 16,
        "encoder_ffn_dim": 4096,
        "encoder_layerdrop": 0,
        "encoder_layers": 12,
        "eos_token_id": 2,
        "init_std": 0.02,
        "is_encoder_decoder": True,
        "max_length": 200,
        "max_position_embeddings": 1024,
        "model_type": "m2m_100",
        "num_hidden_layers": 12,
        "pad_token_id": 1,
        "scale_embedding": True,
        "tie_word_embeddings": True,
        "use_cache": True,
        "vocab_size": 256206,
    }
    generation = {
        "bos_token_id": 0,
        "decoder_start_token_id": 2,
        "eos_token_id": 2,
        "max_length": 200,
        "pad_token_id": 1,
    }
    return Shape(
        "nllb-200-distilled-600m-shape",
        "M2M100ForConditionalGeneration",
        config,
        generation,
        specials,
        (4, first_code),
        source="eng_Latn",
        target="deu_Latn",
    )


SHAPES: dict[str, Callable[[], Shape]] = {
    "opus-mt-en-de": lambda: MARIAN,
    "nllb-200-distilled-600m": _nllb,
}


@dataclass(frozen=True)
class Paths:
    checkpoint: Path
    quire: Path
    downloaded: Path  # the Transformers.js layout (bench.replica)
    ct2: dict[str, Path]  # "fp32" / "int8" -> CTranslate2 model folder
    shape: Shape = MARIAN


@dataclass(frozen=True)
class Measurement:
    system: str
    batch: int
    new_tokens: int
    seconds: list[float]  # wall time of each timed repeat, warm-up excluded
    cpu_seconds: list[float]  # CPU time of the process (all threads) in the same repeats
    lengths: list[int]  # output tokens of each row's best hypothesis in the last run
    load_s: float
    load_average: float  # 1-minute load average as the runs ended (incl. their own threads)
    rss_mb: float = 0.0  # resident memory of the process right after the model loaded

    @property
    def median_s(self) -> float:
        return statistics.median(self.seconds)

    @property
    def tokens_per_s(self) -> float:
        return self.batch * self.new_tokens / self.median_s


# --- building the model once -------------------------------------------------------------------


def _write_tokenizer(dst: Path, shape: Shape = MARIAN) -> None:
    """A WordLevel tokenizer over the shape's ids: opus-mt's layout (</s>=0, <pad> last), or
    NLLB's (``eng_Latn … </s>``, the language codes as additional special tokens)."""
    # The tokenizers package ships no type information.
    tk: Any = importlib.import_module("tokenizers")

    tok = tk.Tokenizer(tk.models.WordLevel(shape.token_ids(), unk_token="<unk>"))
    tok.pre_tokenizer = tk.pre_tokenizers.WhitespaceSplit()
    opening = f"{shape.source} " if shape.source else ""
    eos = shape.token(shape.eos)
    specials = [(eos, shape.eos)]
    if shape.source:
        specials.append((shape.source, shape.token_id(shape.source)))
    tok.post_processor = tk.processors.TemplateProcessing(
        single=f"{opening}$A {eos}", pair=f"{opening}$A $B {eos}", special_tokens=specials
    )
    tok.add_special_tokens([shape.specials[i] for i in sorted(shape.specials)])
    tok.save(str(dst / "tokenizer.json"))
    special: dict[str, Any] = {"eos_token": eos, "unk_token": "<unk>", "pad_token": "<pad>"}
    if shape.source:
        codes = [t for t in shape.specials.values() if t.count("_") == 1]
        special |= {"bos_token": "<s>", "mask_token": "<mask>", "additional_special_tokens": codes}
    # PreTrainedTokenizerFast: MarianTokenizer / NllbTokenizer would want sentencepiece files
    # we don't have.
    max_length = int(shape.config["max_position_embeddings"])
    tok_config = {
        "tokenizer_class": "PreTrainedTokenizerFast",
        "model_max_length": max_length,
        **special,
    }
    (dst / "tokenizer_config.json").write_text(json.dumps(tok_config, indent=2), encoding="utf-8")
    (dst / "special_tokens_map.json").write_text(json.dumps(special, indent=2), encoding="utf-8")


def _transformers() -> Any:
    # Imported untyped: its partial annotations make every call an untyped call under --strict.
    return importlib.import_module("transformers")


def build_checkpoint(dst: Path, seed: int = 0, shape: Shape = MARIAN) -> Path:
    """Random-weight model with the shape's exact config, saved as safetensors."""
    import torch

    tf = _transformers()
    torch.manual_seed(seed)
    model_class = getattr(tf, shape.architecture)
    model = model_class(model_class.config_class(**shape.config)).eval()
    model.generation_config = tf.GenerationConfig(**shape.generation)
    tmp = dst.with_name(dst.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    model.save_pretrained(tmp, safe_serialization=True)
    del model
    _write_tokenizer(tmp, shape)
    tmp.rename(dst)
    return dst


def prepare(
    cache: Path = CACHE,
    say: Callable[[str], None] = print,
    shape: Shape = MARIAN,
    ct2_dtypes: Sequence[str] = ("fp32", "int8"),
    systems: Sequence[str] | None = None,
) -> Paths:
    """Build the checkpoint, the Quire folder and the CTranslate2 models unless cached.

    ``systems``: build only the Quire folders these need (None: all of them); a GPU run of
    ``quire-fp32`` and ``quire-fp16`` has no use for the Transformers.js files.
    One at a time, each in a fresh process: at NLLB's shape a step holds the 2.5 GB model or
    its 1.9-2.9 GB decoder graphs once or twice, and a process does not give that back.
    """
    wanted = SYSTEMS if systems is None else systems
    cache.mkdir(parents=True, exist_ok=True)
    name = shape.name
    ckpt = cache / name
    if not ckpt.is_dir():
        say(f"building the checkpoint in {ckpt}")
        _in_child(build_checkpoint, ckpt, 0, shape)
    # Keyed by the exporter's source: a cached export from an older exporter is not ours.
    exporter = hashlib.sha256((ROOT / "engine" / "store" / "export.py").read_bytes())
    quire = cache / f"{name}-quire-{exporter.hexdigest()[:12]}"
    if not quire.is_dir() and {"quire-fp32", "quire-int8"} & set(wanted):
        say(f"exporting to {quire} (fp32, int8)")
        from engine.store.export import export_model

        _in_child(export_model, ckpt, quire, ("fp32", "int8"))
    downloaded = cache / f"{name}-downloaded"
    if not downloaded.is_dir() and any(s.startswith("quire-downloaded") for s in wanted):
        say(f"rebuilding the Transformers.js files in {downloaded}")
        from bench.replica import build_downloaded

        _in_child(build_downloaded, ckpt, downloaded)
    ct2: dict[str, Path] = {}
    for dtype in ct2_dtypes:
        out = cache / f"{name}-ct2-{dtype}"
        if not out.is_dir():
            say(f"converting to CTranslate2 {dtype} in {out}")
            _in_child(_convert_ct2, ckpt, out, dtype)
        ct2[dtype] = out
    return Paths(ckpt, quire, downloaded, ct2, shape)


def _convert_ct2(ckpt: Path, out: Path, dtype: str) -> None:
    import ctranslate2

    tmp = out.with_name(out.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    converter = ctranslate2.converters.TransformersConverter(str(ckpt))
    quantization = None if dtype == "fp32" else "int8"
    with _quiet():
        converter.convert(str(tmp), quantization=quantization)
    tmp.rename(out)


def _call(job: tuple[Callable[..., Any], tuple[Any, ...]]) -> None:
    job[0](*job[1])


def _in_child(function: Callable[..., Any], *args: Any) -> None:
    """Run ``function(*args)`` in a fresh process: its memory goes back to the system after."""
    with mp.get_context("spawn").Pool(1, maxtasksperchild=1) as pool:
        pool.apply(_call, ((function, args),))


def make_inputs(batch: int, seed: int = 0, shape: Shape = MARIAN) -> tuple[Ids, Ids]:
    """A padded batch of random sentences of 20-40 tokens (incl. the final </s>, and for NLLB
    the source language code first), mixed lengths.

    Row i is the same sentence for every batch size, so batch 1 is the first row of batch 32.
    """
    rng = np.random.default_rng(seed)
    lengths = rng.integers(20, 41, size=max(batch, 32))[:batch]
    rows = [np.append(rng.integers(*shape.ordinary, size=n - 1), shape.eos) for n in lengths]
    if shape.source:
        for row in rows:
            row[0] = shape.token_id(shape.source)
    ids = np.full((batch, int(lengths.max())), shape.pad, dtype=np.int64)
    mask = np.zeros_like(ids)
    for i, row in enumerate(rows):
        ids[i, : len(row)] = row
        mask[i, : len(row)] = 1
    return ids, mask


# --- one runner per system ----------------------------------------------------------------------

# Runs one generate() call with exactly n new tokens; returns each row's best hypothesis.
Runner = Callable[[int], list[list[int]]]


@contextlib.contextmanager
def _quiet() -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def quire_target(system: str, paths: Paths) -> tuple[Path, str]:
    """The model folder and variant a ``quire-*`` system runs."""
    if system.startswith("quire-downloaded"):
        return paths.downloaded, "int8"
    if system == "quire-fp16":
        return paths.quire.with_name(paths.quire.name + "-fp16"), "fp16"
    return paths.quire, system.removeprefix("quire-")


def _device() -> str:
    return os.environ.get(DEVICE_ENV, "cpu")


def _quire_runner(paths: Paths, system: str, ids: Ids, mask: Ids, threads: int) -> Runner:
    from engine.runtime.generate import GenerationSettings, generate
    from engine.runtime.manifest import Variant, load_model_folder
    from engine.runtime.onnx_seq2seq import OnnxSeq2Seq

    path, variant = quire_target(system, paths)
    folder = load_model_folder(path)
    model = OnnxSeq2Seq.load(
        folder,
        cast(Variant, variant),
        plan=[_device()],
        threads=threads,
        rewrite=not system.endswith("-asis"),
        cache=None if system.endswith("-asis") else ORT_CACHE,
    )

    def run(n: int) -> list[list[int]]:
        settings = GenerationSettings.from_folder(
            folder.generation,
            folder.config,
            num_beams=BEAMS,
            min_new_tokens=n,
            max_new_tokens=n,
            forced_bos_token_id=_target_id(paths.shape),
        )
        return [list(map(int, row)) for row in generate(model, ids, mask, settings)]

    return run


def _target_id(shape: Shape) -> int | None:
    """The target language code NLLB's first generated token is forced to, as its pipeline
    does (``forced_bos_token_id``); counted among the new tokens by every system."""
    return shape.token_id(shape.target) if shape.target else None


def _transformers_runner(paths: Paths, ids: Ids, mask: Ids, threads: int) -> Runner:
    import torch

    torch.set_num_threads(threads)
    model_class = getattr(_transformers(), paths.shape.architecture)
    model = model_class.from_pretrained(paths.checkpoint).eval()
    pad = paths.shape.pad
    input_ids, attention_mask = torch.from_numpy(ids), torch.from_numpy(mask)

    def run(n: int) -> list[list[int]]:
        with torch.inference_mode(), _quiet():
            out = model.generate(
                input_ids=input_ids,
                attention_mask=attention_mask,
                num_beams=BEAMS,
                min_new_tokens=n,
                max_new_tokens=n,
                forced_bos_token_id=_target_id(paths.shape),
            )
        # Column 0 is the decoder start token; pad only follows a finished hypothesis.
        return [[t for t in row[1:] if t != pad] for row in out.tolist()]

    return run


def _ct2_runner(paths: Paths, dtype: str, ids: Ids, mask: Ids, threads: int) -> Runner:
    import ctranslate2

    compute = {"fp32": "float32", "int8": "int8", "fp16": "float16"}[dtype]
    translator = ctranslate2.Translator(
        str(paths.ct2["fp32" if dtype == "fp16" else dtype]),
        device=_device(),
        compute_type=compute,
        intra_threads=threads,
        inter_threads=1,
    )
    shape = paths.shape
    rows = zip(ids, mask.astype(bool), strict=True)
    source = [[shape.token(int(t)) for t in row[keep]] for row, keep in rows]
    # NLLB: the target language code as the decoder's first token, as CTranslate2's docs do.
    prefix = [[shape.target] for _ in source] if shape.target else None

    def run(n: int) -> list[list[int]]:
        results = translator.translate_batch(
            source,
            target_prefix=prefix,
            beam_size=BEAMS,
            min_decoding_length=n,
            max_decoding_length=n,
            return_end_token=True,
        )
        return [[shape.token_id(t) for t in r.hypotheses[0]] for r in results]

    return run


def _runner(system: str, paths: Paths, ids: Ids, mask: Ids, threads: int) -> Runner:
    if system.startswith("quire-"):
        return _quire_runner(paths, system, ids, mask, threads)
    if system == "transformers":
        return _transformers_runner(paths, ids, mask, threads)
    if system.startswith("ct2-"):
        return _ct2_runner(paths, system.removeprefix("ct2-"), ids, mask, threads)
    raise ValueError(f"unknown system {system!r}")


def measure(
    system: str, paths: Paths, batch: int, n: int, repeat: int, threads: int
) -> Measurement:
    """Load, warm up, then time ``repeat`` runs of one system on one batch size.

    The warm-up run is shorter (at most 8 tokens): it pays for the first-call costs (thread
    pools, memory arenas, lazy initialisation) without doubling the time of batch 32.
    """
    ids, mask = make_inputs(batch, shape=paths.shape)
    t0 = time.perf_counter()
    run = _runner(system, paths, ids, mask, threads)
    load_s = time.perf_counter() - t0
    rss_mb = _rss_mb()
    out = run(min(n, 8))
    seconds, cpu = [], []
    for _ in range(repeat):
        c0, t0 = time.process_time(), time.perf_counter()
        out = run(n)
        seconds.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    lengths = [len(r) for r in out]
    return Measurement(system, batch, n, seconds, cpu, lengths, load_s, os.getloadavg()[0], rss_mb)


def _rss_mb() -> float:
    import psutil

    return float(psutil.Process().memory_info().rss) / 1e6


def _measure_in_child(args: tuple[str, Paths, int, int, int, int]) -> Measurement:
    return measure(*args)


def measure_isolated(
    system: str, paths: Paths, batch: int, n: int, repeat: int, threads: int
) -> Measurement:
    """Each system runs in a fresh process: PyTorch's and CTranslate2's OpenMP pools and
    ONNX Runtime's thread pool would otherwise share (and spin on) the same two cores."""
    ctx = mp.get_context("spawn")
    with ctx.Pool(1) as pool:
        return pool.apply(_measure_in_child, ((system, paths, batch, n, repeat, threads),))


# --- report -------------------------------------------------------------------------------------


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return f"{cpu}, {os.cpu_count()} logical CPUs, {platform.system()} {platform.release()}"


def versions() -> str:
    import ctranslate2
    import onnxruntime
    import torch
    import transformers

    return (
        f"Python {platform.python_version()}, onnxruntime {onnxruntime.__version__}, "
        f"torch {torch.__version__}, transformers {transformers.__version__}, "
        f"ctranslate2 {ctranslate2.__version__}, numpy {np.__version__}"
    )


def disk_mb(system: str, paths: Paths) -> float:
    """Bytes on disk of the files the system loads."""
    if system.startswith("quire-"):
        from engine.runtime.manifest import Variant, load_model_folder

        path, variant = quire_target(system, paths)
        files = load_model_folder(path).onnx[cast(Variant, variant)].files.values()
        return sum(f.stat().st_size for f in files) / 1e6
    if system.startswith("ct2-"):
        folder = paths.ct2[system.removeprefix("ct2-").replace("fp16", "fp32")]
        return sum(f.stat().st_size for f in folder.iterdir() if f.is_file()) / 1e6
    return sum(f.stat().st_size for f in paths.checkpoint.glob("*.safetensors")) / 1e6


def sentence_text(batch_row: int = 0, shape: Shape = MARIAN) -> str:
    ids, mask = make_inputs(1 + batch_row, shape=shape)
    keep = mask[batch_row].astype(bool)
    # </s> (and NLLB's source code) come back from the tokenizer's template.
    start = 1 if shape.source else 0
    return " ".join(shape.token(int(t)) for t in ids[batch_row][keep][start:-1])


# A minimal CTranslate2 translation of one sentence, as a user would script it.
_CT2_SCRIPT = """
import sys, ctranslate2, tokenizers
tok = tokenizers.Tokenizer.from_file(sys.argv[2])
t = ctranslate2.Translator(sys.argv[1], device="cpu", intra_threads=int(sys.argv[3]))
src = tok.encode(sys.stdin.read().strip()).tokens
prefix = [sys.argv[5:]] if sys.argv[5:] else None
out = t.translate_batch(
    [src], target_prefix=prefix, beam_size=4, max_decoding_length=int(sys.argv[4])
)
print(" ".join(out[0].hypotheses[0]))
"""


def cli_folder(path: Path, new_tokens: int, shape: Shape = MARIAN) -> Path:
    """``path`` with a generation_config.json that stops after ``new_tokens`` (random weights
    never pick EOS), the model files linked: the CLI has no length option."""
    dst = path.with_name(f"{path.name}-cli{new_tokens}")
    if dst.is_dir():
        return dst
    tmp = dst.with_name(dst.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    for item in path.iterdir():
        if item.name != "generation_config.json":
            (tmp / item.name).symlink_to(item.resolve())
    generation = {**shape.generation, "max_length": new_tokens + 1}
    (tmp / "generation_config.json").write_text(json.dumps(generation), encoding="utf-8")
    tmp.rename(dst)
    return dst


def first_sentence_command(system: str, paths: Paths, threads: int, n: int) -> list[str]:
    """The command line that translates one sentence from stdin (``n`` tokens out), from
    process start. Quire's CLI has no thread option: ONNX Runtime takes the physical cores."""
    if system.startswith("quire-"):
        path, variant = quire_target(system, paths)
        return [
            sys.executable,
            "-m",
            "engine.cli.main",
            "translate",
            "--device",
            "cpu",
            "--dtype",
            variant,
            # Named, like the CTranslate2 script: detecting it would load py3langid's model.
            "--from",
            "en",
            "--to",
            "de",
            "--model",
            str(cli_folder(path, n, paths.shape)),
        ]
    folder = paths.ct2[system.removeprefix("ct2-")]
    tokenizer = str(paths.checkpoint / "tokenizer.json")
    prefix = [paths.shape.target] if paths.shape.target else []
    args = [str(folder), tokenizer, str(threads), str(n), *prefix]
    return [sys.executable, "-c", _CT2_SCRIPT, *args]


def time_first_sentence(
    system: str, paths: Paths, threads: int, repeat: int, n: int
) -> list[tuple[float, float]]:
    """(wall, CPU) seconds from process start to the translation on stdout, ``repeat`` times."""
    import resource
    import subprocess

    env = {**os.environ, "PYTHONPATH": str(ROOT), "QUIRE_HOME": str(HOME)}
    # An installed Quire runs from compiled bytecode, as CTranslate2's site-packages do: a
    # shell that forbids writing it (PYTHONDONTWRITEBYTECODE) would charge Quire alone for
    # compiling its sources on every run (0.2 s here). Kept apart from the source tree.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(CACHE / "pycache")
    cmd = first_sentence_command(system, paths, threads, n)
    text = sentence_text(shape=paths.shape)
    out = []
    for i in range(repeat + 1):  # the first run fills the caches (Quire's, the OS's): untimed
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        done = subprocess.run(cmd, input=text, capture_output=True, text=True, env=env, cwd=ROOT)
        wall = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime + after.ru_stime - usage.ru_utime - usage.ru_stime
        if i:
            out.append((wall, cpu))
        # Random NLLB weights repeat the target language code, which Quire's CLI detokenizes
        # to an empty line (CTranslate2's script prints raw tokens): only NLLB may print that.
        if done.returncode != 0 or not (done.stdout.strip() or paths.shape.target):
            raise RuntimeError(f"{system}: {done.stderr.strip()[-500:]}")
    return out


def _load_only(args: tuple[str, Paths, int]) -> float:
    system, paths, threads = args
    ids, mask = make_inputs(1, shape=paths.shape)
    t0 = time.perf_counter()
    _runner(system, paths, ids, mask, threads)
    return time.perf_counter() - t0


def first_load_s(system: str, paths: Paths, threads: int) -> float:
    """Load once in a fresh process (fills Quire's cache of optimised graphs); its seconds."""
    with mp.get_context("spawn").Pool(1) as pool:
        return float(pool.apply(_load_only, ((system, paths, threads),)))


def table(
    results: Sequence[Measurement],
    batches: Sequence[int],
    disk: dict[str, float] | None = None,
    cli: dict[str, float] | None = None,
    cli_cpu: dict[str, float] | None = None,
) -> str:
    """Medians; "CPU" columns are CPU seconds of the process (all threads), which a busy
    machine inflates far less than wall time."""
    by = {(m.system, m.batch): m for m in results}
    systems = list(dict.fromkeys(m.system for m in results))
    head = ["system", "disk MB", "load s", "RSS after load MB"]
    for b in batches:
        head += [f"batch {b} tok/s", f"batch {b} tok/CPU-s"]
    head += ["CLI, one sentence s", "CLI CPU s"]
    lines = ["| " + " | ".join(head) + " |", "|---|" + "--:|" * (len(head) - 1)]
    for s in systems:
        first = next(m for m in results if m.system == s)
        loads = [m.load_s for m in results if m.system == s]
        rss = [m.rss_mb for m in results if m.system == s and m.batch == min(batches)]
        cells = [s, f"{(disk or {}).get(s, 0):.0f}", f"{statistics.median(loads):.2f}"]
        cells.append(f"{(rss or [first.rss_mb])[0]:.0f}")
        for b in batches:
            m = by.get((s, b))
            if m is None:
                cells += ["-", "-"]
                continue
            cpu = statistics.median(m.cpu_seconds)
            cells += [f"{m.tokens_per_s:.1f}", f"{m.batch * m.new_tokens / cpu:.1f}"]
        for values in (cli, cli_cpu):
            c = (values or {}).get(s)
            cells.append("-" if c is None else f"{c:.2f}")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__)
    parser.add_argument("--batch", type=int, nargs="+", default=[1, 32])
    parser.add_argument("--new-tokens", type=int, default=32)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--systems", nargs="+", choices=SYSTEMS, default=list(DEFAULT_SYSTEMS))
    parser.add_argument(
        "--cli-repeat", type=int, default=3, help="one-sentence CLI runs per system (0: none)"
    )
    parser.add_argument(
        "--cli-only", action="store_true", help="only the one-sentence CLI runs (no throughput)"
    )
    parser.add_argument("--cache", type=Path, default=CACHE)
    parser.add_argument("--device", choices=("cpu", "cuda"), default="cpu")
    parser.add_argument("--shape", choices=tuple(SHAPES), default="opus-mt-en-de")
    args = parser.parse_args(argv)

    n: int = args.new_tokens
    os.environ[DEVICE_ENV] = args.device
    shape = SHAPES[args.shape]()
    ct2 = [s.removeprefix("ct2-").replace("fp16", "fp32") for s in args.systems]
    paths = prepare(
        args.cache,
        shape=shape,
        ct2_dtypes=[d for d in ("fp32", "int8") if d in ct2],
        systems=args.systems,
    )
    if "quire-fp16" in args.systems:
        fp16 = quire_target("quire-fp16", paths)[0]
        if not fp16.is_dir():
            from engine.store.export import export_model

            export_model(paths.checkpoint, fp16, ("fp16",))
    print(f"# {machine()}\n# {versions()}")
    print(
        f"# beam {BEAMS}, {n} new tokens per sentence (min = max), {args.threads} threads, "
        f"warm-up + median of {args.repeat}; tok/s = batch x {n} / seconds (best hypothesis "
        "only, beams not counted)"
    )
    started = time.perf_counter()
    for system in [] if args.cli_only else args.systems:
        if system.startswith("quire-") and not system.endswith("-asis"):
            first = first_load_s(system, paths, args.threads)
            print(f"{system:21} first load (fills the cache): {first:.2f} s")
    results: list[Measurement] = []
    for batch in [] if args.cli_only else args.batch:
        for system in args.systems:
            m = measure_isolated(system, paths, batch, n, args.repeat, args.threads)
            if any(length != n for length in m.lengths):
                print(f"!! {system} batch {batch}: output lengths {sorted(set(m.lengths))} != {n}")
                return 1
            print(
                f"{system:21} batch {batch:3}: {m.tokens_per_s:7.1f} tok/s  "
                f"runs {', '.join(f'{s:.2f}' for s in m.seconds)} s  "
                f"cpu {', '.join(f'{s:.2f}' for s in m.cpu_seconds)} s  "
                f"load {m.load_s:.2f} s  rss {m.rss_mb:.0f} MB  loadavg {m.load_average:.1f}",
                flush=True,
            )
            # The load average counts this benchmark's own threads too.
            if m.load_average > args.threads + 1:
                print(f"!! load average {m.load_average:.1f}: other processes share the CPU")
            results.append(m)
    disk = {s: disk_mb(s, paths) for s in args.systems}
    cli: dict[str, float] = {}
    cli_cpu: dict[str, float] = {}
    if args.cli_repeat:
        for system in args.systems:
            if system == "transformers" or system.endswith("-asis"):
                continue  # no CLI for these
            runs = time_first_sentence(system, paths, args.threads, args.cli_repeat, n)
            cli[system] = statistics.median(w for w, _ in runs)
            cli_cpu[system] = statistics.median(c for _, c in runs)
            print(
                f"{system:21} CLI one sentence: {', '.join(f'{w:.2f}' for w, _ in runs)} s, "
                f"CPU {', '.join(f'{c:.2f}' for _, c in runs)} s"
            )
    print()
    if args.cli_only:
        print("| system | CLI, one sentence s | CLI CPU s |\n|---|--:|--:|")
        print("\n".join(f"| {s} | {cli[s]:.2f} | {cli_cpu[s]:.2f} |" for s in cli))
    else:
        print(table(results, args.batch, disk, cli, cli_cpu))
    print(f"\n# total {time.perf_counter() - started:.0f} s (excluding model preparation)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
