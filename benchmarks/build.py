#!/usr/bin/env python3
"""Time `handbook build` on synthetic roots and measure what a search downloads.

    python3 benchmarks/build.py --cases 2000 5000 20000 [--runs 1] [--shape few-types]

Each run is a fresh `handbook` process with an empty parse cache and an empty
output folder: the cost CI pays on every commit. Beside it, in the same run, a
plain mkdocs-material build of as many empty pages (same theme, no plugins, a
one-page navigation as the handbook's lists only its index pages) is timed: the
ratio to it is the figure that holds across machines and loads, which move the
absolute times by half. `--shape few-types` builds roots of 12 defect types over
N/43 projects instead (every type's page lists thousands of cases, every case
is an old problem in dozens of projects). The search figure is what the
browser fetches before showing the first results of a query (the manifest, one
shard per query term, and the summaries of the first hits it ranks), computed
from the built files the same way assets/search.js requests them.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

from corpora import corpus  # noqa: E402

from generator.render.search import fnv1a, query_terms  # noqa: E402

QUERIES = ["空鼓", "渗漏", "空调机位", "卫生间沉箱", "漏", "外窗渗漏"]
SHOWN = 10  # results on the first page, whose summaries are fetched




def timed_build(root: Path, out: Path) -> tuple[float, float, float]:
    """Wall seconds, the largest process's peak RSS and the peak proportional set size of the
    whole process tree (the forked workers share pages with the build: PSS counts each once),
    both in MiB. The tree is sampled every 0.1 s from /proc (Linux; 0 elsewhere)."""
    shutil.rmtree(out, ignore_errors=True)
    with tempfile.TemporaryDirectory() as cache, tempfile.TemporaryFile("w+") as log:
        env = {**os.environ, "HANDBOOK_CACHE_DIR": cache}
        start = time.perf_counter()
        build = subprocess.Popen([sys.executable, "-m", "generator", "build", str(root), "--out", str(out)], env=env,
                                 stdout=log, stderr=log, text=True)
        tree = 0
        while build.poll() is None:
            tree = max(tree, tree_pss(build.pid))
            time.sleep(0.1)
        wall = time.perf_counter() - start
        if build.returncode != 0:
            log.seek(0)
            sys.exit(log.read())
    return wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, tree / 1024


def tree_pss(pid: int) -> int:
    """KiB of proportional set size of a process and its descendants."""
    total = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            total += sum(int(line.split()[1]) for line in rollup if line.startswith("Pss:"))
        with open(f"/proc/{pid}/task/{pid}/children") as children:
            total += sum(tree_pss(int(child)) for child in children.read().split())
    except OSError:  # gone meanwhile, or no /proc
        pass
    return total


def empty_site(pages: int, folder: Path) -> float:
    """Wall seconds of `mkdocs build` for `pages` empty pages in a fresh process."""
    shutil.rmtree(folder, ignore_errors=True)
    docs = folder / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# 首页\n", encoding="utf-8")
    for number in range(1, pages):
        (docs / f"page-{number}.md").write_text(f"# 页面 {number}\n", encoding="utf-8")
    (folder / "mkdocs.yml").write_text(
        "site_name: 空白页面\ntheme:\n  name: material\n  language: zh\n  font: false\nplugins: []\n"
        "nav:\n  - 首页: index.md\nvalidation:\n  omitted_files: ignore\n", encoding="utf-8")
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(folder / "mkdocs.yml")],
                          capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    if done.returncode != 0:
        sys.exit(done.stdout + done.stderr)
    return time.perf_counter() - start


def query_bytes(site: Path, query: str) -> tuple[int, int]:
    """(bytes fetched before the first results show, number of hits)."""
    search = site / "search"
    manifest = json.loads((search / "manifest.json").read_text(encoding="utf-8"))
    fetched = {search / "manifest.json"}
    hits: set[int] | None = None
    titled: set[int] | None = None
    for term in query_terms(query):
        shard = search / "t" / f"{fnv1a(term) % manifest['shards']}.json"
        fetched.add(shard)
        data = json.loads(shard.read_text(encoding="utf-8"))
        ids, in_title = _decode(data.get(term, [])), _decode(data.get("^" + term, []))
        hits = ids if hits is None else hits & ids
        titled = in_title if titled is None else titled & in_title
    first = (sorted(titled or []) + sorted((hits or set()) - (titled or set())))[:SHOWN]
    fetched |= {search / "d" / f"{i // manifest['chunk']}.json" for i in first}
    return sum(path.stat().st_size for path in fetched), len(hits or [])


def _decode(gaps: list[int]) -> set[int]:
    ids, last = set(), 0
    for gap in gaps:
        last += gap
        ids.add(last)
    return ids


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--shape", choices=["default", "few-types"], default="default")
    args = parser.parse_args()
    print("| cases | pages | build (s) | s per 1,000 cases | peak RSS (MiB) | process tree PSS (MiB) | empty pages (s) "
          "| ratio | largest first search download (KB) |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for cases in args.cases:
        if args.shape == "few-types":
            root = corpus(cases, "--types", "12", "--projects", str(max(cases // 43, 1)),
                          name=f"corpus-few-types-{cases}")
        else:
            root = corpus(cases)
        out = Path(tempfile.gettempdir()) / f"handbook-bench-{args.shape}-{cases}"
        walls, baselines, peak, tree = [], [], 0.0, 0.0
        for _ in range(args.runs):
            wall, peak, tree = timed_build(root, out)
            walls.append(wall)
            pages = sum(1 for _ in out.rglob("index.html"))
            baselines.append(empty_site(pages, Path(tempfile.gettempdir()) / f"handbook-bench-empty-{pages}"))
        downloads = {q: query_bytes(out, q) for q in QUERIES}
        largest = max(size for size, _ in downloads.values())
        wall, baseline = statistics.median(walls), statistics.median(baselines)
        print(f"| {cases:,} | {pages:,} | {wall:.1f} | {wall / cases * 1000:.2f} | {peak:.0f} | {tree:.0f} "
              f"| {baseline:.1f} | {wall / baseline:.1f} | {largest / 1024:.0f} |")
        for query, (size, hits) in downloads.items():
            print(f"|   search {query} | | | | | | | | {size / 1024:.0f} KB, {hits:,} hits |")


if __name__ == "__main__":
    main()
