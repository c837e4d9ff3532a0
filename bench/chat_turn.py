"""A conversation's next turn: time to the first token of a prompt that begins with the last
one (its history, the reply, a new message), read with the kept cache
(``OnnxCausalLM.resume``) and afresh, on the checkpoint ``bench.llm`` builds.

    python -m bench.chat_turn                  # Qwen2.5-0.5B shape, the downloaded int8 file
    python -m bench.chat_turn --shape tiny     # a quick check of the harness
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence

import numpy as np

from bench.llm import CACHE, SHAPES, machine, prepare, prompt_ids


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.chat_turn", description=__doc__)
    parser.add_argument("--shape", choices=sorted(SHAPES), default="qwen2.5-0.5b")
    parser.add_argument("--prompt-tokens", type=int, default=1000)
    parser.add_argument("--reply-tokens", type=int, default=32)
    parser.add_argument("--message-tokens", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args(argv)
    from engine.runtime.generate_causal import CausalSettings, Generated, generate
    from engine.runtime.manifest import load_model_folder
    from engine.runtime.onnx_causal import OnnxCausalLM

    say = lambda m: print(m, file=sys.stderr, flush=True)  # noqa: E731
    paths = prepare(args.shape, CACHE, say=say, systems=["quire-downloaded"])
    vocab = SHAPES[args.shape]["vocab_size"]
    model = OnnxCausalLM.load(
        load_model_folder(paths["downloaded"]),
        "int8",
        ["cpu"],
        args.threads,
        cache=paths["quire"].parent / "ort-cache" / "chat-turn",
    )
    settings = CausalSettings(max_new_tokens=args.reply_tokens, eos_token_id=())
    first = prompt_ids(args.prompt_tokens, vocab)
    rng = np.random.default_rng(1)

    def timed(prompt: list[int]) -> tuple[float, Generated]:
        stamps: list[float] = []
        begin = time.perf_counter()
        out = generate(
            model,
            np.asarray([prompt], dtype=np.int64),
            None,
            settings,
            on_token=lambda _t: stamps.append(time.perf_counter()),
        )
        return stamps[0] - begin, out

    timed(first[:64])  # warm-up
    rows: list[tuple[float, float, float, bool]] = []
    for _ in range(args.rounds):
        model.forget()
        one, reply = timed(first)
        message = [int(t) for t in rng.integers(0, vocab - 2, args.message_tokens)]
        following = first + reply.tokens[0] + message
        resumed, kept = timed(following)
        model.forget()
        fresh, afresh = timed(following)
        rows.append((one, resumed, fresh, kept.tokens == afresh.tokens))
    second = args.prompt_tokens + args.reply_tokens + args.message_tokens
    print(f"Machine: {machine()}; {args.threads} threads; shape {args.shape}; downloaded int8")
    print(
        f"| round | turn 1 ({args.prompt_tokens} tokens) | turn 2 ({second} tokens), resumed "
        "| turn 2, afresh | same tokens |"
    )
    print("|---|--:|--:|--:|---|")
    for i, (one, resumed, fresh, same) in enumerate(rows, 1):
        print(
            f"| {i} | {one:.2f} s | {resumed:.2f} s | {fresh:.2f} s | {'yes' if same else 'NO'} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
