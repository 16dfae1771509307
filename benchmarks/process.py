#!/usr/bin/env python3
"""Time the feedback process on the synthetic corpus: `handbook track` and `handbook monthly`
of the 20,000-case root, and the three forms of a 200-case phase in Word.

    python3 benchmarks/process.py [--cases 20000] [--month 2025-10]

Each figure is one fresh `handbook` process, validation included: "cold" with an
empty parse cache, "warm" right after it with the cache the cold run left (as when
CI has just run `handbook validate`). The target (issue 9): each under 20 s.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpora import corpus  # noqa: E402

TODAY = "2026-01-31"  # the corpus ends with 2025


def timed(cache: str, *args: str) -> tuple[float, str]:
    with tempfile.TemporaryDirectory() as out:
        env = {**os.environ, "HANDBOOK_CACHE_DIR": cache, "HANDBOOK_TODAY": TODAY}
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "generator", *(a.replace("{out}", out) for a in args)],
                              env=env, capture_output=True, text=True)
        wall = time.perf_counter() - start
        files = sorted(Path(out).iterdir())
        made = ", ".join(f"{p.suffix[1:]} {p.stat().st_size / 1024:,.0f} KB" for p in files[:6]) or \
            f"{len(done.stdout.splitlines()):,} lines"
    if done.returncode != 0:
        sys.exit(done.stdout[-2000:] + done.stderr[-2000:])
    return wall, made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=20000)
    parser.add_argument("--month", default="2025-10")
    args = parser.parse_args()
    big = corpus(args.cases)
    small = corpus(200, "--projects", "1", "--phases", "1", name="corpus-200-one-phase")
    runs = [
        (f"track, {args.cases:,} cases", "json", ("track", str(big), "--format", "json")),
        (f"track, {args.cases:,} cases", "xlsx", ("track", str(big), "--format", "xlsx", "--out", "{out}/t.xlsx")),
        (f"monthly {args.month}, group of {args.cases:,} cases", "html,docx,xlsx",
         ("monthly", "--month", args.month, str(big), "--format", "html,docx,xlsx", "--out", "{out}")),
        (f"monthly {args.month}, group of {args.cases:,} cases", "pdf",
         ("monthly", "--month", args.month, str(big), "--format", "pdf", "--out", "{out}")),
        ("three forms, a 200-case phase", "docx", ("forms", "--project", "P001", str(small), "--format", "docx",
                                                   "--out", "{out}")),
    ]
    print("| run | formats | cold (s) | warm (s) | output |")
    print("| --- | --- | ---: | ---: | --- |")
    for name, formats, command in runs:
        with tempfile.TemporaryDirectory() as cache:
            cold, made = timed(cache, *command)
            warm, _made = timed(cache, *command)
        print(f"| {name} | {formats} | {cold:.1f} | {warm:.1f} | {made} |", flush=True)
    print(f"peak RSS of any run: {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
