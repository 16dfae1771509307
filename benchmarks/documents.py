#!/usr/bin/env python3
"""Time the documents: a 200-case project handbook in all four formats, and the
company handbook of the 20,000-case corpus.

    python3 benchmarks/documents.py [--company-cases 20000] [--company-formats html,docx,xlsx,pdf]

Each figure is one fresh `handbook` process (validation included, with an
empty parse cache), as a user or CI runs it.
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


def timed(*args: str) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as cache, tempfile.TemporaryDirectory() as out:
        env = {**os.environ, "HANDBOOK_CACHE_DIR": cache}
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "generator", *args, "--out", out], env=env,
                              capture_output=True, text=True)
        wall = time.perf_counter() - start
        sizes = {p.suffix: p.stat().st_size for p in Path(out).iterdir()}
    if done.returncode != 0:
        sys.exit(done.stdout + done.stderr)
    print("    files: " + ", ".join(f"{ext} {size / 1024:,.0f} KB" for ext, size in sorted(sizes.items())))
    return wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--company-cases", type=int, default=20000)
    parser.add_argument("--company-formats", default="html,docx,xlsx,pdf")
    args = parser.parse_args()
    small = corpus(200, "--projects", "1", "--phases", "1", name="corpus-200-one-phase")
    print("| document | formats | wall (s) | peak RSS (MiB) |")
    print("| --- | --- | ---: | ---: |")
    wall, peak = timed("project", "P001", str(small), "--format", "html,docx,xlsx,pdf")
    print(f"| project handbook, 200 cases | html,docx,xlsx,pdf | {wall:.1f} | {peak:.0f} |")
    big = corpus(args.company_cases)
    wall, peak = timed("company", str(big), "--format", args.company_formats)
    print(f"| company handbook, {args.company_cases:,} cases | {args.company_formats} | {wall:.1f} | {peak:.0f} |")


if __name__ == "__main__":
    main()
