"""The synthetic roots the benchmarks run on, made once with make_corpus.py and kept."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def corpus(cases: int, *extra: str, name: str | None = None) -> Path:
    """benchmarks/corpus-N (or `name`), made with seed 1 unless it exists already."""
    root = HERE / (name or f"corpus-{cases}")
    if not (root / ".make_corpus").exists():
        subprocess.run([sys.executable, str(HERE / "make_corpus.py"), "--cases", str(cases), *extra,
                        "--out", str(root)], check=True)
    return root
