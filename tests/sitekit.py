"""Helpers for tests of the built site: build a root, serve it, query its search index."""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main
from generator.render.search import fnv1a, query_terms

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
                 "--disable-background-networking", "--disable-component-update"]


def copy_sample(target: Path) -> Path:
    for name in ("defects", "cases", "site"):
        shutil.copytree(REPO / name, target / name)
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    return target


def build(root: Path, out: Path) -> str:
    result = CliRunner().invoke(main, ["build", str(root), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return result.output


class Index:
    """The built search index, queried the way assets/search.js queries it."""

    def __init__(self, site: Path) -> None:
        self.site = site
        self.manifest = json.loads((site / "search" / "manifest.json").read_text(encoding="utf-8"))

    def _load(self, path: str) -> object:
        return json.loads((self.site / "search" / path).read_text(encoding="utf-8"))

    def ids(self, text: str, prefix: str = "") -> list[int]:
        """Records holding every term (in their title only, with prefix "^")."""
        result: set[int] | None = None
        for term in query_terms(text):
            shard = self._load(f"t/{fnv1a(term) % self.manifest['shards']}.json")
            ids, last = set(), 0
            for gap in shard.get(prefix + term, []):  # type: ignore[union-attr]
                last += gap
                ids.add(last)
            result = ids if result is None else result & ids
        return sorted(result or [])

    def urls(self, text: str) -> set[str]:
        chunk = self.manifest["chunk"]
        return {self._load(f"d/{i // chunk}.json")[i % chunk][0] for i in self.ids(text)}  # type: ignore[index]


@contextmanager
def served(folder: Path) -> Iterator[str]:
    """The folder over HTTP on a free loopback port, for the browser."""
    handler = functools.partial(_Quiet, directory=str(folder))
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler) as httpd:
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{httpd.server_address[1]}/"
        finally:
            httpd.shutdown()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def browser_available() -> bool:
    return CHROMIUM.exists()


def require_browser() -> None:
    """Skip without Chromium on a developer machine; in CI its absence is a failure."""
    import pytest

    if not browser_available():
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing in CI: .ci/run must install it")
        pytest.skip("Chromium not installed (apt-get install chromium)")
