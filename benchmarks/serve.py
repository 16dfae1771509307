#!/usr/bin/env python3
"""Time `handbook serve` from saving a case file to the changed page being served.

    python3 benchmarks/serve.py [--cases 2000] [--edits 5]

A copy of the synthetic root (the edits must not touch the kept corpus) is served
on a free port; once the first build is up, each edit rewrites one case's title
in its YAML file and the script polls that case's phase page every 50 ms until
the new title is in it. The figure is the median from the file's save to the
page showing it, what the person editing waits for; target (issue 11): under 5 s
on a 2,000-case root.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpora import corpus  # noqa: E402

POLL = 0.05
TIMEOUT = 120.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def page(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def wait_for(url: str, text: str, timeout: float = TIMEOUT) -> float:
    """Seconds until the page at `url` holds `text`."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if text in page(url):
            return time.perf_counter() - start
        time.sleep(POLL)
    raise SystemExit(f"{url} did not show {text!r} within {timeout:.0f} s")


def case_files(root: Path, count: int) -> list[Path]:
    """Cases spread over the projects, so each edit changes a different phase page."""
    files = sorted((root / "cases").glob("*/phase-*/*.yaml"))
    step = max(len(files) // count, 1)
    return files[::step][:count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--edits", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        root = Path(work) / "root"
        shutil.copytree(corpus(args.cases), root)
        port = free_port()
        env = {**os.environ, "HANDBOOK_CACHE_DIR": str(Path(work) / "cache")}
        start = time.perf_counter()
        server = subprocess.Popen([sys.executable, "-m", "generator", "serve", str(root), "--dev-addr",
                                   f"127.0.0.1:{port}"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            first = wait_for(f"http://127.0.0.1:{port}/", "</html>", timeout=600)
            print(f"first build served after {time.perf_counter() - start:.1f} s ({first:.1f} s of polling)")
            times = []
            for number, path in enumerate(case_files(root, args.edits), 1):
                text = path.read_text(encoding="utf-8")
                marker = f"基准修改标记{number}号"
                edited = re.sub(r"^title: .*$", f"title: {marker}", text, count=1, flags=re.M)
                project, phase = path.parts[-3], path.parts[-2]
                url = f"http://127.0.0.1:{port}/projects/{project}/{phase}/"
                time.sleep(1.0)  # let the previous rebuild settle, as between two saves by hand
                path.write_text(edited, encoding="utf-8")
                seconds = wait_for(url, marker)
                times.append(seconds)
                print(f"edit {number}: {path.relative_to(root)} shown after {seconds:.2f} s")
            print(f"median {statistics.median(times):.2f} s, max {max(times):.2f} s over {len(times)} edits "
                  f"({args.cases:,} cases)")
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
