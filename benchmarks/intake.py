#!/usr/bin/env python3
"""Time the Excel round trip on a synthetic root and print the figures as Markdown.

    python3 benchmarks/intake.py [--cases 20000]

Export of the root; import of the export into a root holding only its
`defects/` and `project.yaml` files (every row checked, then every file
written); and `import --update` of the same export into the full root (every
row checked against its file; nothing changes). Each is a fresh `handbook`
process with an empty parse cache, as a first run on a new machine would be
(the template, last, finds the cache the update filled).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpora import corpus  # noqa: E402

HANDBOOK = [sys.executable, "-m", "generator"]


def timed(*args: str, cache: Path) -> str:
    """Wall and CPU seconds of one process: CPU too, since other work on a shared machine
    stretches the wall time but not the CPU time."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([*HANDBOOK, *args], env={**os.environ, "HANDBOOK_CACHE_DIR": str(cache)},
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(done.stderr.decode()[-2000:])
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return f"{wall:.1f} s ({cpu:.1f} s CPU)"


def skeleton(root: Path, target: Path) -> Path:
    shutil.copytree(root / "defects", target / "defects")
    for project in (root / "cases").glob("*/project.yaml"):
        (target / "cases" / project.parent.name).mkdir(parents=True)
        shutil.copyfile(project, target / "cases" / project.parent.name / "project.yaml")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=20000)
    args = parser.parse_args()
    root = corpus(args.cases)
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        ledger = work / "ledger.xlsx"
        export = timed("export", str(root), "--out", str(ledger), cache=work / "c1")
        created = timed("import", str(ledger), str(skeleton(root, work / "empty")), cache=work / "c2")
        update = timed("import", str(ledger), str(root), "--update", cache=work / "c3")
        template = timed("template", str(root), "--out", str(work / "template.xlsx"), cache=work / "c3")
        size = ledger.stat().st_size / 2**20
    print("| cases | export | import into an empty root | import --update, nothing changed | template | workbook |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    print(f"| {args.cases:,} | {export} | {created} | {update} | {template} | {size:.1f} MiB |")


if __name__ == "__main__":
    main()
