#!/usr/bin/env python3
"""Time `handbook validate` on synthetic roots: cold (empty parse cache) and
unchanged (warm cache), wall and CPU seconds, with peak memory, and print medians as Markdown.

    python3 benchmarks/validate.py --cases 2000 20000 [--runs 3]
    python3 benchmarks/validate.py --cases 20000 --code /tmp/before --code .   # before/after

Each `--code` is a folder holding a `generator` package (a `git archive` of another commit);
their runs alternate, so that each is measured in the same state of a shared machine.

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
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpora import corpus  # noqa: E402

HANDBOOK = [sys.executable, "-m", "generator", "validate"]




def timed(root: Path, cache: Path, code: Path) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system, forked checkers included) and peak RSS (MiB)
    of one validate process. On a shared machine the CPU seconds vary less than the wall."""
    env = {**os.environ, "HANDBOOK_CACHE_DIR": str(cache), "PYTHONPATH": str(code)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(HANDBOOK + [str(root)], env=env, cwd=code, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    if done.returncode not in (0, 1):
        sys.exit(done.stderr.decode())
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu, max(after.ru_maxrss, before.ru_maxrss) / 1024


def measure(cases: int, runs: int, codes: list[Path]) -> list[dict[str, object]]:
    root = corpus(cases)
    seen: dict[Path, dict[str, list[float]]] = {code: defaultdict(list) for code in codes}
    for _ in range(runs):
        for code in codes:
            with tempfile.TemporaryDirectory() as cache:
                wall, cpu, mib = timed(root, Path(cache), code)
                seen[code]["cold"] += [wall]
                seen[code]["cold_cpu"] += [cpu]
                seen[code]["mib"] += [mib]
                wall, cpu, _ = timed(root, Path(cache), code)
                seen[code]["warm"] += [wall]
                seen[code]["warm_cpu"] += [cpu]
    return [{"cases": cases, "code": code, "mib": max(values["mib"]),
             **{key: statistics.median(values[key]) for key in ("cold", "cold_cpu", "warm", "warm_cpu")}}
            for code, values in seen.items()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--code", type=Path, action="append", help="a folder holding the generator package")
    args = parser.parse_args()
    codes = [code.resolve() for code in args.code or [HERE.parent]]
    rows = [row for n in args.cases for row in measure(n, args.runs, codes)]
    print(f"median of {args.runs} runs, load average {os.getloadavg()[0]:.1f} at the end; "
          "peak RSS is the largest seen (includes earlier children)\n")
    print("| cases | code | cold (s) | cold CPU (s) | unchanged (s) | unchanged CPU (s) | peak RSS (MiB) |")
    print("| ---: | --- | ---: | ---: | ---: | ---: | ---: |")
    for row in rows:
        print(f"| {row['cases']:,} | {row['code']} | {row['cold']:.2f} | {row['cold_cpu']:.2f} | {row['warm']:.2f} | "
              f"{row['warm_cpu']:.2f} | {row['mib']:.0f} |")


if __name__ == "__main__":
    main()
