"""Mapping a translation back onto a paragraph's formatting runs: the old quadratic
``split_like`` (kept here as the reference) against the current one, for 100, 1,000 and 10,000
runs. Both must give the same parts; the script stops if not.

    PYTHONPATH=. .venv/bin/python -m bench.run_mapping        # = --runs 100 1000 10000
"""

from __future__ import annotations

import argparse
import itertools
import random
import re
import statistics
import time
from collections.abc import Callable, Sequence

from engine.documents.base import split_like

_SPACE = re.compile(r"\s+")


def split_like_quadratic(text: str, runs: Sequence[str]) -> list[str]:
    """``split_like`` as it was before 2026-12-02: every run scans every space of the text
    (with the drop cap of 2026-12-06: a first run of one letter glued to the next run's takes
    the text's first letter)."""
    if len(runs) <= 1:
        return [text] * len(runs)
    if text == "".join(runs):
        return list(runs)
    total = sum(len(r) for r in runs)
    if total == 0:
        return [text] + [""] * (len(runs) - 1)
    spaces = list(_SPACE.finditer(text))
    cuts: list[int] = []
    done = 0
    previous = 0
    for index, run in enumerate(runs[:-1]):
        done += len(run)
        want = round(len(text) * done / total)
        if not run:
            cut = previous
        elif (
            index == 0
            and len(run) == 1
            and run.isalpha()
            and text[:1].isalpha()
            and (next((r for r in runs[1:] if r), "")[:1].isalpha())
        ):
            cut = 1
        elif spaces:
            keep = len(run) - len(run.rstrip())
            gaps = [min(m.start() + keep, m.end()) for m in spaces]
            cut = min(gaps, key=lambda g: (abs(g - want), g))
        else:
            cut = want
        cut = max(previous, min(cut, len(text)))
        cuts.append(cut)
        previous = cut
    bounds = [0, *cuts, len(text)]
    return [text[a:b] for a, b in itertools.pairwise(bounds)]


def paragraph(n_runs: int, seed: int = 0) -> tuple[str, list[str]]:
    """A paragraph of ``n_runs`` runs of one to three words (a converted PDF's paragraph looks
    like this), and a "translation" 20 % longer with its own word boundaries."""
    rng = random.Random(seed)
    runs: list[str] = []
    for n in range(n_runs):
        words = ["".join(rng.choices("abcdefghij", k=rng.randint(2, 9))) for _ in range(3)]
        run = " ".join(words[: rng.randint(1, 3)])
        if n:  # the space between two runs ends the first or starts the second
            run = run if runs[-1].endswith(" ") else " " + run
        if n < n_runs - 1 and rng.random() < 0.5:
            run += " "
        runs.append(run)
    translation = " ".join(w.upper() + "x" for w in "".join(runs).split())
    return translation, runs


def median_seconds(
    fn: Callable[[str, Sequence[str]], object], text: str, runs: Sequence[str], repeat: int
) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn(text, runs)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print("| runs | spaces in the text | old (quadratic) ms | new ms | old / new |")
    print("|--:|--:|--:|--:|--:|")
    for n in args.runs:
        text, runs = paragraph(n)
        if split_like(text, runs) != split_like_quadratic(text, runs):
            raise SystemExit(f"the two implementations differ for {n} runs")
        repeat = 1 if n >= 10000 else args.repeat
        old = median_seconds(split_like_quadratic, text, runs, repeat)
        new = median_seconds(split_like, text, runs, args.repeat)
        spaces = sum(1 for _ in _SPACE.finditer(text))
        print(f"| {n:,} | {spaces:,} | {old * 1000:.1f} | {new * 1000:.2f} | {old / new:.0f}× |")


if __name__ == "__main__":
    main()
