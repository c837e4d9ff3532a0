"""What running jobs in the engine process costs next to running them in this process: the
child's start (what the caller waits for, and spawn to ready), and per job the round trip of
an empty request (refused at once: the protocol and the pipe alone) and of a one-sentence
translation on a loaded model (the tiny random-weight Marian fixture, tests/fixtures).

    python -m bench.engine_process [--rounds 200] [--starts 3]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

# Imported first, as in the app (its panes read documents): the protocol imports the document
# layer, half a second on a loaded machine that the first start() would otherwise show.
import engine.protocol  # noqa: F401
from engine import Engine, EngineError, EngineOptions, EngineProcess
from engine.api import EmbedRequest, TranslateRequest


def per_call(run: Callable[[Any], Any], request: Any, rounds: int) -> float:
    """Median seconds of ``run(request)`` over ``rounds`` calls (an EngineError is an answer)."""
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        with contextlib.suppress(EngineError):
            run(request)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--starts", type=int, default=3)
    args = parser.parse_args(argv)

    from tests.fixtures.builder import exported

    model = str(exported("marian"))
    empty = EmbedRequest(texts=())
    sentence = TranslateRequest(
        text="The weather is nice today.", model=model, source="en", target="de"
    )
    with tempfile.TemporaryDirectory(prefix="quire-bench-") as home:
        options = EngineOptions(home=Path(home), device="cpu", threads=1)
        returns, readies = [], []
        for _ in range(args.starts):
            process = EngineProcess(options)
            started = time.perf_counter()
            process.start()
            returns.append(time.perf_counter() - started)
            assert process.wait_ready(300)
            readies.append(process.ready_seconds or 0.0)
            process.close()
        engine = Engine(options)
        with EngineProcess(options) as process:
            assert process.wait_ready(300)
            started = time.perf_counter()
            process.run(sentence)
            first_there = time.perf_counter() - started
            started = time.perf_counter()
            engine.run(sentence)
            first_here = time.perf_counter() - started
            # The random-weight model writes to its length limit: a sentence takes a while.
            rows = [
                ("empty request (refused)", empty, args.rounds),
                ("one sentence, model loaded", sentence, max(5, args.rounds // 20)),
            ]
            timings = [
                (
                    f"{name}, {rounds} calls",
                    per_call(engine.run, request, rounds),
                    per_call(process.run, request, rounds),
                )
                for name, request, rounds in rows
            ]

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"# {platform.platform()}, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, "
        f"load {load:.1f}; ONNX Runtime 1 thread; medians"
    )
    print()
    print("| Start of the engine process | seconds |")
    print("|---|---|")
    print(
        f"| `start()` returns (the caller's wait): first / median of {args.starts} | "
        f"{returns[0]:.3f} / {statistics.median(returns):.3f} |"
    )
    print(f"| spawn to ready (imports in the child), median | {statistics.median(readies):.2f} |")
    print(
        "| first translation, model load included (the process's first, on a ready child): "
        f"in-thread / process | {first_here:.2f} / {first_there:.2f} |"
    )
    print()
    print("| Per job | in-thread `Engine.run` | `EngineProcess.run` | overhead |")
    print("|---|---|---|---|")
    for name, here, there in timings:
        print(
            f"| {name} | {here * 1000:.2f} ms | {there * 1000:.2f} ms | "
            f"{(there - here) * 1000:+.2f} ms |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
