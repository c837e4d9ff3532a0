"""Translation batches whose sentences end at different steps: Quire's fused decoder against
the exported attention on the same files, in one process, alternating.

``bench.generate`` decodes a fixed number of tokens per sentence (random weights never pick
EOS), so no input ever leaves the batch. Real batches lose an input each time one is settled,
and the decoder state then compacts its cache. Here each input is made to end after its own
number of new tokens (EOS forced from that step on, every other token ruled out), spread over
``--shortest``..``--longest`` and shuffled. CTranslate2 offers no way to force that from
Python, so it has no row here; ``bench.generate`` holds the side-by-side table.

    .venv/bin/python -m bench.ragged --batch 32 --repeat 3
"""

from __future__ import annotations

import argparse
import time
from typing import Any

import numpy as np

from bench.generate import BEAMS, CACHE, MARIAN, ORT_CACHE, make_inputs, prepare
from engine.runtime.backend import DecoderState, FloatArray, IntArray, Seq2SeqModel


class RaggedState:
    """A decoder state whose input ``i`` can only write EOS once it has ``stop[i]`` tokens."""

    def __init__(self, inner: DecoderState, sources: IntArray, stop: IntArray, eos: int) -> None:
        self.inner, self.sources, self.stop, self.eos = inner, sources, stop, eos
        self.new = 0  # tokens fed after the decoder start token

    def step(self, tokens: IntArray) -> FloatArray:
        logits = self.inner.step(tokens)
        done = self.stop[self.sources] <= self.new
        self.new += 1
        if done.any():
            logits[done] = -1e4
            logits[done, self.eos] = 0.0
        return logits

    def reorder(self, rows: IntArray) -> None:
        self.inner.reorder(rows)
        self.sources = self.sources[np.asarray(rows, dtype=np.int64)]


class RaggedModel:
    """``model`` with each input's length chosen in advance (``RaggedState``)."""

    def __init__(self, model: Seq2SeqModel, stop: IntArray, eos: int) -> None:
        self.model, self.stop, self.eos = model, stop, eos
        self.info = model.info

    @property
    def vocab_size(self) -> int:
        return self.model.vocab_size

    def start(self, input_ids: IntArray, attention_mask: IntArray, expand: int = 1) -> Any:
        state = self.model.start(input_ids, attention_mask, expand)
        sources = np.repeat(np.arange(len(input_ids)), expand)
        return RaggedState(state, sources, self.stop, self.eos)

    def close(self) -> None:
        self.model.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--shortest", type=int, default=6)
    parser.add_argument("--longest", type=int, default=38)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args(argv)

    from engine.runtime.generate import GenerationSettings, generate
    from engine.runtime.manifest import load_model_folder
    from engine.runtime.onnx_seq2seq import OnnxSeq2Seq

    downloaded = CACHE / f"{MARIAN.name}-downloaded"
    if not downloaded.is_dir():
        downloaded = prepare(say=print).downloaded
    folder = load_model_folder(downloaded)
    stop = np.linspace(args.shortest, args.longest, args.batch).astype(np.int64)
    np.random.default_rng(0).shuffle(stop)
    settings = GenerationSettings.from_folder(
        folder.generation, folder.config, num_beams=BEAMS, max_new_tokens=args.longest + 2
    )
    eos = settings.eos_token_id[0]
    ids, mask = make_inputs(args.batch)
    systems: dict[str, RaggedModel] = {}
    for name, fuse in (("fused decoder", True), ("exported attention", False)):
        loaded = OnnxSeq2Seq.load(
            folder, "int8", plan=["cpu"], threads=args.threads, cache=ORT_CACHE, fuse=fuse
        )
        systems[name] = RaggedModel(loaded, stop, eos)
    lengths = {}
    for name, model in systems.items():  # warm-up, and the lengths really vary
        rows = generate(model, ids, mask, settings)
        lengths[name] = sorted(len(r) for r in rows)
    print(f"output lengths (fused decoder): {lengths['fused decoder']}")
    times: dict[str, list[float]] = {name: [] for name in systems}
    for _ in range(args.repeat):
        for name, model in systems.items():
            t0 = time.perf_counter()
            generate(model, ids, mask, settings)
            times[name].append(time.perf_counter() - t0)
    tokens = int(np.sum(stop))
    print(f"\n{args.batch} sentences of {args.shortest}-{args.longest} tokens ({tokens} in all),")
    print(f"beam {BEAMS}, downloaded int8, {args.threads} threads\n")
    print("| system | runs, s | best tokens/s |\n|---|--:|--:|")
    for name, runs in times.items():
        joined = ", ".join(f"{t:.2f}" for t in runs)
        print(f"| {name} | {joined} | {tokens / min(runs):.0f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
