"""Decoder-only generation at batch 1 on the CPU: time to first token and tokens/s of Quire (fp32,
int8, q4), transformers (PyTorch, fp32) and onnxruntime-genai (fp32, int4, from its own model
builder) on one random-weight checkpoint with the shape of Qwen2.5-0.5B-Instruct, in one run;
plus the 4-bit drift against fp32 (reported, not asserted).

    python -m bench.llm                    # Qwen2.5-0.5B shape, 1,000-token prompt, 32 new tokens
    python -m bench.llm --shape tiny       # a quick check of the harness

onnxruntime-genai is installed apart, without its dependencies (it requires the CPU
``onnxruntime`` package, which must never sit beside ``onnxruntime-gpu``), at a version whose
model builder imports from the transformers that optimum-onnx allows (< 4.58):
``pip install --no-deps onnxruntime-genai==0.13.2``.

Every system runs in its own process, one after another, on the same prompt ids, greedy, with
no EOS (every system generates exactly ``--new-tokens``). The checkpoint and the exports are
cached under ``.cache/bench/llm-<shape>`` (delete ``quire`` there after a change to
``engine.store.export_causal``). Quire loads twice, as the app does: the first load optimises
the graph and saves it (``engine.runtime.session_cache``), the second opens the saved one;
the table's load is the second, with the first in brackets.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

# ONNX Runtime sends usage events to Microsoft unless told not to before it loads (as the
# engine does, engine/__init__.py): benchmark runs send nothing either.
os.environ["ORT_DISABLE_TELEMETRY"] = "1"

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache" / "bench"
# Qwen2.5-0.5B-Instruct's config.json, minus the weights.
SHAPES: dict[str, dict[str, Any]] = {
    "qwen2.5-0.5b": {
        "hidden_size": 896,
        "intermediate_size": 4864,
        "num_hidden_layers": 24,
        "num_attention_heads": 14,
        "num_key_value_heads": 2,
        "vocab_size": 151936,
        "max_position_embeddings": 32768,
        "rope_theta": 1000000.0,
        "rms_norm_eps": 1e-6,
        "tie_word_embeddings": True,
    },
    "tiny": {
        "hidden_size": 128,
        "intermediate_size": 256,
        "num_hidden_layers": 2,
        "num_attention_heads": 4,
        "num_key_value_heads": 2,
        "vocab_size": 8000,
        "max_position_embeddings": 4096,
        "rope_theta": 1000000.0,
        "rms_norm_eps": 1e-6,
        "tie_word_embeddings": True,
    },
}
SYSTEMS = (
    "quire-fp32",
    "quire-int8",
    "quire-q4",
    "quire-downloaded",
    "quire-downloaded-asis",
    "quire-downloaded-q4",
    "quire-downloaded-q4-asis",
    "quire-int8-sdpa",
    "quire-downloaded-sdpa",
    "transformers-fp32",
    "genai-fp32",
    "genai-int4",
)


@dataclass(frozen=True)
class Measurement:
    system: str
    first_token_s: float  # median over repeats
    tokens_per_s: float  # new tokens after the first, per second
    load_s: float
    tokens: tuple[int, ...]
    first_load_s: float | None = None  # Quire: the load that optimised and cached the graph
    rss_mb: float = 0.0  # resident memory of the process right after the (timed) load
    peak_mb: float = 0.0  # the process's peak resident memory, generation included


def _write_tokenizer(dst: Path, vocab: int) -> None:
    """A word-level tokenizer over the whole vocabulary: the bench feeds ids, not text, but
    exporters and builders want a tokenizer beside the weights."""
    from tokenizers import Tokenizer, models, pre_tokenizers

    words = {f"t{i}": i for i in range(vocab - 2)}
    words["<|endoftext|>"] = vocab - 2
    words["<|im_end|>"] = vocab - 1
    tok = Tokenizer(models.WordLevel(words, unk_token="<|endoftext|>"))
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    tok.save(str(dst / "tokenizer.json"))
    config = {
        "tokenizer_class": "PreTrainedTokenizerFast",
        "eos_token": "<|im_end|>",
        "pad_token": "<|endoftext|>",
        "model_max_length": 32768,
    }
    (dst / "tokenizer_config.json").write_text(json.dumps(config), encoding="utf-8")


def build_checkpoint(dst: Path, shape: str) -> None:
    import torch
    import transformers

    dims = SHAPES[shape]
    tmp = dst.with_name(dst.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    _write_tokenizer(tmp, dims["vocab_size"])
    tf: Any = transformers
    config = tf.Qwen2Config(
        **dims,
        bos_token_id=dims["vocab_size"] - 2,
        eos_token_id=dims["vocab_size"] - 1,
        pad_token_id=dims["vocab_size"] - 2,
        architectures=["Qwen2ForCausalLM"],
        use_sliding_window=False,
    )
    torch.manual_seed(0)
    model = tf.Qwen2ForCausalLM(config).eval()
    model.generation_config = tf.GenerationConfig(
        eos_token_id=dims["vocab_size"] - 1, pad_token_id=dims["vocab_size"] - 2
    )
    model.save_pretrained(tmp, safe_serialization=True)
    tmp.rename(dst)


def prepare(
    shape: str, cache: Path, say: Any = print, systems: Sequence[str] = SYSTEMS
) -> dict[str, Path]:
    """Build what ``systems`` run (once; cached under ``cache``)."""
    root = cache / f"llm-{shape}"
    paths = {
        "checkpoint": root / "checkpoint",
        "quire": root / "quire",
        "downloaded": root / "downloaded",
        "genai-fp32": root / "genai-fp32",
        "genai-int4": root / "genai-int4",
    }
    root.mkdir(parents=True, exist_ok=True)
    if not paths["checkpoint"].is_dir():
        say(f"Building the {shape}-shaped checkpoint")
        build_checkpoint(paths["checkpoint"], shape)

    if any(s.startswith("quire-downloaded") for s in systems) and not paths["downloaded"].is_dir():
        say("Rebuilding the files users download (Transformers.js layout, q8)")
        from bench.replica import build_downloaded_causal

        build_downloaded_causal(paths["checkpoint"], paths["downloaded"], say=say)
    if any(s.startswith("quire-downloaded-q4") for s in systems):
        from bench.replica import add_q4

        if not (paths["downloaded"] / "onnx" / "model_q4.onnx").is_file():
            say("Adding the q4 file users download (Transformers.js's quantize.py)")
        add_q4(paths["downloaded"])
    own = any(s in ("quire-fp32", "quire-int8", "quire-q4") for s in systems)
    if own and not paths["quire"].is_dir():
        say("Exporting through Quire (fp32, int8, q4)")
        from engine.store.export_causal import export_causal

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            export_causal(paths["checkpoint"], paths["quire"], ("fp32", "int8", "q4"), progress=say)
    for precision in ("fp32", "int4"):
        out = paths[f"genai-{precision}"]
        if out.is_dir() or f"genai-{precision}" not in systems:
            continue
        say(f"Building the onnxruntime-genai {precision} model")
        tmp = out.with_name(out.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        command = [
            sys.executable,
            "-m",
            "onnxruntime_genai.models.builder",
            "-m",
            str(paths["checkpoint"]),
            "-i",
            str(paths["checkpoint"]),
            "-o",
            str(tmp),
            "-p",
            precision,
            "-e",
            "cpu",
            "-c",
            str(root / "hf-cache"),
        ]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        tmp.rename(out)
    return paths


def prompt_ids(length: int, vocab: int) -> list[int]:
    rng = np.random.default_rng(0)
    return [int(t) for t in rng.integers(0, vocab - 2, size=length)]


# --- the systems -------------------------------------------------------------------------


def _quire(paths: dict[str, Path], system: str, ids: list[int], new: int, threads: int) -> Any:
    """``quire-<variant>`` (Quire's export) or ``quire-downloaded[-q4][-asis]`` (the
    Transformers.js int8 or ``-q4`` file, with Quire's load-time rewrite or, ``-asis``,
    without)."""
    from engine.runtime.generate_causal import CausalSettings, generate
    from engine.runtime.manifest import load_model_folder
    from engine.runtime.onnx_causal import OnnxCausalLM

    downloaded = system.startswith("quire-downloaded")
    if downloaded:
        variant = "q4" if system.startswith("quire-downloaded-q4") else "int8"
    else:
        variant = system.split("-")[1]
    folder = load_model_folder(paths["downloaded" if downloaded else "quire"])
    rewrite = not system.endswith("-asis")
    # ``-sdpa``: every rewrite but the fused attention (the attention as exported).
    fuse = not system.endswith("-sdpa")
    # As the app loads: through ONNX Runtime's optimised-graph cache, empty at first.
    cache = paths["quire"].parent / "ort-cache" / system.removeprefix("quire-")
    shutil.rmtree(cache, ignore_errors=True)
    # The first load (it optimises, rewrites and caches the graph) in a process of its own, so
    # that this one's peak memory is the cached load's and generation's, as in the app later.
    script = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from engine.runtime.manifest import load_model_folder\n"
        "from engine.runtime.onnx_causal import OnnxCausalLM\n"
        "t = time.perf_counter()\n"
        "OnnxCausalLM.load(load_model_folder(Path(sys.argv[1])), sys.argv[2], ['cpu'],"
        " int(sys.argv[3]), cache=Path(sys.argv[4]), rewrite=sys.argv[5] == '1',"
        " fuse=sys.argv[6] == '1')\n"
        "print(time.perf_counter() - t)\n"
    )
    flag = "1" if rewrite else "0"
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            script,
            str(folder.path),
            variant,
            str(threads),
            str(cache),
            flag,
            "1" if fuse else "0",
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    first_load = float(done.stdout.strip().splitlines()[-1])
    started = time.perf_counter()
    model = OnnxCausalLM.load(
        folder,
        variant,  # type: ignore[arg-type]
        ["cpu"],
        threads,
        cache=cache,
        rewrite=rewrite,
        fuse=fuse,
    )
    load = (time.perf_counter() - started, first_load)
    settings = CausalSettings(max_new_tokens=new, eos_token_id=())
    prompt = np.asarray([ids], dtype=np.int64)

    def run() -> tuple[float, float, list[int]]:
        model.forget()  # every run reads the whole prompt (bench.chat_turn measures reuse)
        stamps: list[float] = []
        begin = time.perf_counter()
        out = generate(
            model, prompt, None, settings, on_token=lambda _t: stamps.append(time.perf_counter())
        )
        return stamps[0] - begin, stamps[-1] - stamps[0], out.tokens[0]

    return load, run


def _transformers(paths: dict[str, Path], ids: list[int], new: int, threads: int) -> Any:
    import torch
    import transformers

    torch.set_num_threads(threads)
    tf: Any = transformers
    started = time.perf_counter()
    model = tf.AutoModelForCausalLM.from_pretrained(paths["checkpoint"]).eval()
    load = time.perf_counter() - started
    prompt = torch.tensor([ids])

    class Stamp(tf.LogitsProcessor):  # type: ignore[misc]
        def __init__(self) -> None:
            self.stamps: list[float] = []

        def __call__(self, input_ids: Any, scores: Any) -> Any:
            self.stamps.append(time.perf_counter())
            return scores

    def run() -> tuple[float, float, list[int]]:
        stamp = Stamp()
        begin = time.perf_counter()
        with torch.no_grad():
            out = model.generate(
                prompt,
                attention_mask=torch.ones_like(prompt),
                max_new_tokens=new,
                min_new_tokens=new,
                do_sample=False,
                logits_processor=[stamp],
            )
        end = time.perf_counter()
        # A stamp is taken when the step's logits exist, just before its token is picked.
        return stamp.stamps[0] - begin, end - stamp.stamps[0], out[0, len(ids) :].tolist()

    return load, run


def _genai(paths: dict[str, Path], precision: str, ids: list[int], new: int, threads: int) -> Any:
    import onnxruntime_genai as og

    folder = paths[f"genai-{precision}"]
    config_file = folder / "genai_config.json"
    config = json.loads(config_file.read_text(encoding="utf-8"))
    options = config["model"]["decoder"].setdefault("session_options", {})
    options["intra_op_num_threads"] = threads
    options["inter_op_num_threads"] = 1
    config_file.write_text(json.dumps(config, indent=2), encoding="utf-8")
    started = time.perf_counter()
    model = og.Model(str(folder))
    load = time.perf_counter() - started

    def run() -> tuple[float, float, list[int]]:
        params = og.GeneratorParams(model)
        params.set_search_options(
            do_sample=False, max_length=len(ids) + new, min_length=len(ids) + new
        )
        begin = time.perf_counter()
        generator = og.Generator(model, params)
        generator.append_tokens(np.asarray([ids], dtype=np.int32))
        tokens: list[int] = []
        first = 0.0
        while not generator.is_done():
            generator.generate_next_token()
            tokens.append(int(generator.get_next_tokens()[0]))
            if len(tokens) == 1:
                first = time.perf_counter()
        end = time.perf_counter()
        # append_tokens runs the prompt and picks the first token.
        first_token = first - begin if len(tokens) > 1 else end - begin
        return first_token, end - first, tokens[:new]

    return load, run


def measure(
    system: str, paths: dict[str, Path], ids: list[int], new: int, threads: int, repeat: int
) -> Measurement:
    if system.startswith("quire-"):
        load, run = _quire(paths, system, ids, new, threads)
    elif system == "transformers-fp32":
        load, run = _transformers(paths, ids, new, threads)
    else:
        load, run = _genai(paths, system.split("-")[1], ids, new, threads)
    load, first_load = load if isinstance(load, tuple) else (load, None)
    import psutil

    rss_mb = psutil.Process().memory_info().rss / 1e6
    run()  # warm-up: first-run allocations and kernels
    firsts, rates, tokens = [], [], []
    for _ in range(repeat):
        first, rest, tokens = run()
        firsts.append(first)
        rates.append((len(tokens) - 1) / rest if rest > 0 else 0.0)
    return Measurement(
        system,
        statistics.median(firsts),
        statistics.median(rates),
        load,
        tuple(tokens),
        first_load,
        rss_mb,
        _peak_mb(),
    )


def _peak_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3  # KiB on Linux


def _child(args: tuple[str, dict[str, Path], list[int], int, int, int]) -> Measurement:
    return measure(*args)


def drift(
    paths: dict[str, Path], ids: list[int], threads: int, *, own: bool, downloaded: bool
) -> dict[str, tuple[float, float]]:
    """Max |logit difference| against fp32 and top-1 agreement over the prompt positions:
    Quire's int8 and q4 exports (``own``), the downloaded q4 file as published and as Quire
    rewrites it (``downloaded``)."""
    from engine.runtime.manifest import Variant, load_model_folder
    from engine.runtime.onnx_causal import OnnxCausalLM

    prompt = np.asarray([ids[:256]], dtype=np.int64)
    runs: list[tuple[str, str, Variant, bool]] = []
    if own:
        runs += [("fp32", "quire", "fp32", True), ("int8", "quire", "int8", True)]
        runs += [("q4", "quire", "q4", True)]
    if downloaded:
        runs += [("downloaded fp32", "downloaded", "fp32", True)]
        runs += [("downloaded q4 as published", "downloaded", "q4", False)]
        runs += [("downloaded q4 rewritten", "downloaded", "q4", True)]
    logits = {}
    for name, where, variant, rewrite in runs:
        folder = load_model_folder(paths[where])
        model = OnnxCausalLM.load(folder, variant, ["cpu"], threads, rewrite=rewrite)
        logits[name] = model.start(1).forward(prompt, last_only=False)[0]
        model.close()
    out = {}
    for name in logits:
        reference = logits["downloaded fp32" if name.startswith("downloaded") else "fp32"]
        if name.endswith("fp32"):
            continue
        diff = float(np.abs(logits[name] - reference).max())
        agree = float((logits[name].argmax(-1) == reference.argmax(-1)).mean())
        out[name] = (diff, agree)
    return out


def machine() -> str:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, load {load:.1f}"


def table(results: Sequence[Measurement], prompt: int, new: int) -> str:
    lines = [
        f"| system | time to first token ({prompt}-token prompt) | tokens/s ({new} new) | load "
        "| RSS after load | peak RSS |",
        "|---|---|---|---|--:|--:|",
    ]
    for r in results:
        load = f"{r.load_s:.1f} s"
        if r.first_load_s is not None:
            load += f" (first {r.first_load_s:.1f} s)"
        lines.append(
            f"| {r.system} | {r.first_token_s:.2f} s | {r.tokens_per_s:.1f} | {load} "
            f"| {r.rss_mb:.0f} MB | {r.peak_mb:.0f} MB |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.llm", description=__doc__)
    parser.add_argument("--shape", choices=sorted(SHAPES), default="qwen2.5-0.5b")
    parser.add_argument("--prompt-tokens", type=int, default=1000)
    parser.add_argument("--new-tokens", type=int, default=32)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--systems", nargs="+", choices=SYSTEMS, default=list(SYSTEMS))
    parser.add_argument("--cache", type=Path, default=CACHE)
    args = parser.parse_args(argv)
    say = lambda m: print(m, file=sys.stderr, flush=True)  # noqa: E731
    paths = prepare(args.shape, args.cache, say=say, systems=args.systems)
    ids = prompt_ids(args.prompt_tokens, SHAPES[args.shape]["vocab_size"])
    results = []
    context = mp.get_context("spawn")
    for system in args.systems:
        print(f"Measuring {system}", file=sys.stderr, flush=True)
        with context.Pool(1) as pool:
            job = (system, paths, ids, args.new_tokens, args.threads, args.repeat)
            results.append(pool.apply(_child, (job,)))
    print(f"Machine: {machine()}; {args.threads} threads; shape {args.shape}; batch 1, greedy")
    print(table(results, args.prompt_tokens, args.new_tokens))
    reference = next((r for r in results if r.system == "quire-fp32"), None)
    if reference is not None:
        for r in results:
            same = sum(a == b for a, b in zip(r.tokens, reference.tokens, strict=False))
            print(f"  {r.system}: {same}/{len(reference.tokens)} tokens equal to quire-fp32's")
    own = {"quire-fp32", "quire-int8", "quire-q4"} <= set(args.systems)
    downloaded = {"quire-downloaded-q4", "quire-downloaded-q4-asis"} <= set(args.systems)
    drifts = drift(paths, ids, args.threads, own=own, downloaded=downloaded)
    for variant, (diff, agree) in drifts.items():
        print(
            f"Drift of {variant} against fp32 (256 prompt positions): max |Δlogit| {diff:.3f}, "
            f"top-1 agreement {agree:.1%}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
