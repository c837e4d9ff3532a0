"""Load on the local API: N requests over C keep-alive connections to 127.0.0.1, mixed sizes,
checking that every request gets its answer, and reporting p50/p99 latency.

The server runs in its own process (so the clients do not share its GIL), once per engine:
``echo`` answers at once (what the HTTP layer, queue and worker cost) and ``marian`` runs the
tiny random-weight Marian fixture through the real engine (tests/fixtures). No competitor
runs: LibreTranslate needs its own downloaded models, and this machine reaches no model hub.

    python -m bench.api_load [--requests 500] [--connections 16]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import platform
import queue
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

SENTENCES = (
    "The teacher writes the red book every week.",
    "My brother reads a short letter in the garden.",
    "We walk to the old station before the rain.",
    "She buys fresh bread and green apples at the market.",
)
# Sentences per request, cycled: mostly short requests, some paragraphs, a few long texts.
SIZES = (1, 1, 1, 2, 1, 5, 1, 1, 3, 20)


def texts(n: int, sizes: Sequence[int] = SIZES) -> list[str]:
    """``n`` request texts of mixed sizes (deterministic)."""
    out = []
    for i in range(n):
        size = sizes[i % len(sizes)]
        out.append(" ".join(SENTENCES[(i + k) % len(SENTENCES)] for k in range(size)))
    return out


@dataclass(frozen=True)
class Outcome:
    index: int
    status: int  # 0: no answer (connection error)
    seconds: float
    body: Any


def fire(url: str, bodies: Sequence[dict[str, Any]], connections: int) -> list[Outcome]:
    """POST every body to ``url`` from ``connections`` threads, one keep-alive connection
    each; returns one outcome per body, in order."""
    todo: queue.Queue[int] = queue.Queue()
    for i in range(len(bodies)):
        todo.put(i)
    results: list[Outcome | None] = [None] * len(bodies)

    def client() -> None:
        with httpx.Client(timeout=600, trust_env=False) as session:
            while True:
                try:
                    i = todo.get_nowait()
                except queue.Empty:
                    return
                started = time.perf_counter()
                try:
                    reply = session.post(url, json=bodies[i])
                    status, body = reply.status_code, reply.json()
                except httpx.HTTPError as exc:
                    status, body = 0, repr(exc)
                results[i] = Outcome(i, status, time.perf_counter() - started, body)

    threads = [threading.Thread(target=client) for _ in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return [r if r is not None else Outcome(i, 0, 0.0, None) for i, r in enumerate(results)]


def percentile(values: Sequence[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


# --- the server process ---------------------------------------------------------------------


class _Echo:
    """An engine that answers at once: measures everything but the model."""

    def run(self, request: Any, report: Any = None, cancel: Any = None) -> Any:
        from engine.api import ModelUsed, TranslateResult

        return TranslateResult(
            text=request.text,
            model=ModelUsed("echo", Path("/echo"), "none", "fp32", "cpu"),
            source_language=request.source or "en",
            target_language=request.target or "de",
            detected_confidence=None,
        )


def _serve(kind: str, home: str, ports: Any, stop: Any) -> None:
    from engine.options import EngineOptions
    from engine.server import Server, ServerConfig

    options = EngineOptions(home=Path(home), device="cpu", dtype="fp32")
    make: Callable[[], Any] | None = _Echo if kind == "echo" else None
    server = Server(ServerConfig(port=0, queue_size=64), options, make)
    ports.put(server.port)
    server.start()
    stop.wait()
    server.stop()


def _install_marian(home: Path) -> None:
    os.environ.setdefault("QUIRE_FIXTURE_CACHE", str(Path(".cache/fixtures").resolve()))
    from engine.engine import Engine
    from engine.options import EngineOptions
    from tests.fixtures.builder import exported

    Engine(EngineOptions(home=home)).import_model(exported("marian"), "opus-mt-en-de")


def run(kind: str, requests: int, connections: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="quire-bench-") as home:
        _install_marian(Path(home))  # echo too: /translate checks the languages first
        ctx = mp.get_context("spawn")
        ports, stop = ctx.Queue(), ctx.Event()
        process = ctx.Process(target=_serve, args=(kind, home, ports, stop))
        process.start()
        try:
            port = ports.get(timeout=120)
            url = f"http://127.0.0.1:{port}/translate"
            bodies = [{"q": t, "source": "en", "target": "de"} for t in texts(requests)]
            fire(url, bodies[:connections], connections)  # warm: model loaded, connections open
            started = time.perf_counter()
            outcomes = fire(url, bodies, connections)
            wall = time.perf_counter() - started
        finally:
            stop.set()
            process.join(60)
    ok = [o for o in outcomes if o.status == 200 and "translatedText" in o.body]
    latencies = [o.seconds * 1000 for o in outcomes if o.status]
    return {
        "engine": kind,
        "requests": requests,
        "answered": sum(1 for o in outcomes if o.status),
        "ok": len(ok),
        "lost": sum(1 for o in outcomes if not o.status),
        "p50": statistics.median(latencies),
        "p99": percentile(latencies, 99),
        "max": max(latencies),
        "rps": requests / wall,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--engines", nargs="+", default=["echo", "marian"])
    args = parser.parse_args(argv)
    print(
        f"{args.requests} requests over {args.connections} connections, 127.0.0.1, "
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}"
    )
    print(
        f"{'engine':<8} {'answered':>9} {'200':>5} {'lost':>5} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'max ms':>8} {'req/s':>7}"
    )
    failed = False
    for kind in args.engines:
        row = run(kind, args.requests, args.connections)
        print(
            f"{row['engine']:<8} {row['answered']:>9} {row['ok']:>5} {row['lost']:>5} "
            f"{row['p50']:>8.1f} {row['p99']:>8.1f} {row['max']:>8.1f} {row['rps']:>7.1f}"
        )
        failed |= row["ok"] != args.requests
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
