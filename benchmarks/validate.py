#!/usr/bin/env python3
"""Time `handbook validate` on synthetic roots: cold (empty parse cache) and
unchanged (warm cache), with peak memory, and print medians as Markdown.

    python3 benchmarks/validate.py --cases 2000 20000 [--runs 3]

Each size's corpus is made with make_corpus.py (seed 1) unless it exists.
Every run is a fresh `handbook` process, as CI and users run it.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpora import corpus  # noqa: E402

HANDBOOK = [sys.executable, "-m", "generator", "validate"]




def timed(root: Path, cache: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one validate process."""
    env = {**os.environ, "HANDBOOK_CACHE_DIR": str(cache)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    done = subprocess.run(HANDBOOK + [str(root)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    if done.returncode not in (0, 1):
        sys.exit(done.stderr.decode())
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, max(peak, before) / 1024


def measure(cases: int, runs: int) -> dict[str, float]:
    root = corpus(cases)
    cold, warm, memory = [], [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as cache:
            wall, mib = timed(root, Path(cache))
            cold.append(wall)
            memory.append(mib)
            warm.append(timed(root, Path(cache))[0])
    return {"cases": cases, "cold": statistics.median(cold), "warm": statistics.median(warm), "mib": max(memory)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rows = [measure(n, args.runs) for n in args.cases]
    print(f"median of {args.runs} runs; peak RSS is the largest seen (includes earlier children)\n")
    print("| cases | cold (s) | unchanged (s) | peak RSS (MiB) | cold s per 1,000 cases |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    for row in rows:
        print(f"| {row['cases']:,} | {row['cold']:.2f} | {row['warm']:.2f} | {row['mib']:.0f} | "
              f"{row['cold'] / row['cases'] * 1000:.2f} |")


if __name__ == "__main__":
    main()
