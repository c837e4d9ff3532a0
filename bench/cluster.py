"""Documents per minute of a folder translation: the local command, and ``--cluster`` with 1
and 2 Ray workers on this machine, each as a fresh ``quire`` process (so start-up counts).

The Ray rows run twice: starting their own local cluster (``--cluster auto`` without
``RAY_ADDRESS``), and joining one already running (``RAY_ADDRESS`` set), which separates Ray's
start-up from its per-document cost. The model is the tests' tiny random-weight Marian, so the
figures show the batch machinery's overhead, not a real model's speed.

    PYTHONPATH=. .venv/bin/python -m bench.cluster [--docs 24] [--paragraphs 20]
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from engine import Engine, EngineOptions
from tests.fixtures.builder import exported

ROOT = Path(__file__).resolve().parent.parent
SENTENCE = "the house is small and we travel by train to the city every day with friends"
WORDS = SENTENCE.split(" ")


def corpus(folder: Path, docs: int, paragraphs: int) -> None:
    """Markdown files of different lengths (the longest ones are scheduled first)."""
    folder.mkdir(parents=True)
    for d in range(docs):
        count = paragraphs // 2 + (d * paragraphs) // max(docs - 1, 1)
        body = [
            f"{' '.join(WORDS[(n + d) % 9 : (n + d) % 9 + 5]).capitalize()} {n}."
            for n in range(count)
        ]
        (folder / f"doc{d:03d}.md").write_text(
            "# Part\n\n" + "\n\n".join(body) + "\n", encoding="utf-8"
        )


def timed(argv: Sequence[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "engine.cli.main", *argv], cwd=ROOT, env=env, capture_output=True
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(done.stderr.decode(errors="replace")[-2000:])
    return seconds


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.cluster", description=__doc__)
    parser.add_argument("--docs", type=int, default=24)
    parser.add_argument("--paragraphs", type=int, default=20)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="quire-bench-cluster-") as tmp:
        work = Path(tmp)
        home = work / "home"
        Engine(EngineOptions(home=home)).import_model(exported("marian"), "opus-mt-en-de")
        src = work / "src"
        corpus(src, args.docs, args.paragraphs)
        env = {**os.environ, "QUIRE_HOME": str(home), "RAY_USAGE_STATS_ENABLED": "0"}
        env.pop("RAY_ADDRESS", None)
        command = ["translate", "--device", "cpu", "--dtype", "fp32", "--from", "en", "--to", "de"]
        rows: list[tuple[str, float]] = []
        load = [os.getloadavg()[0]]

        def run(name: str, extra: Sequence[str], environ: dict[str, str]) -> None:
            out = work / "out"
            shutil.rmtree(out, ignore_errors=True)
            rows.append((name, timed([*command, *extra, str(src), "-o", str(out)], environ)))
            print(f"{name}: {rows[-1][1]:.1f} s", file=sys.stderr, flush=True)

        run("local (no Ray)", [], env)
        for workers in (1, 2):
            run(
                f"Ray, {workers} worker(s), own cluster",
                ["--cluster", "auto", "--workers", str(workers)],
                env,
            )
        from engine.cluster.ray_runner import _local_only

        _local_only()
        import ray

        ray.init(
            num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level=logging.ERROR
        )
        try:
            # From os.environ as it is now: ray.init put the cluster's auth settings there.
            address = str(ray.get_runtime_context().gcs_address)
            joined = {**os.environ, **env, "RAY_ADDRESS": address}
            for workers in (1, 2):
                run(
                    f"Ray, {workers} worker(s), running cluster",
                    ["--cluster", "auto", "--workers", str(workers)],
                    joined,
                )
        finally:
            ray.shutdown()
        load.append(os.getloadavg()[0])
    local = rows[0][1]
    print(
        f"\n{args.docs} documents, cpu count {os.cpu_count()}, "
        f"load average {load[0]:.1f} before, {load[1]:.1f} after\n"
    )
    print("| run | wall s | documents/min | vs local |")
    print("|---|---:|---:|---:|")
    for name, seconds in rows:
        print(
            f"| {name} | {seconds:.1f} | {args.docs * 60 / seconds:.1f} | "
            f"{seconds - local:+.1f} s |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
