"""A per-root cache of checked files, keyed on each file's bytes.

Parsing and checking one record costs far more than hashing it, and most runs
change a handful of files out of thousands. Only what depends on the file
alone (and on the taxonomy, part of the key) is cached; rules that look at
other files, the disk or today's date run every time.

The cache lives in the user's cache folder, never in the handbook root: it is
pickled, and a pickle from a repository anyone can write to would run code.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from . import __version__


def _code_fingerprint() -> str:
    """The checking code's own digest: results cached by an older checker are not reused."""
    here = Path(__file__).parent
    return digest(b"".join(path.read_bytes() for path in sorted(here.glob("*.py"))))


def default_dir() -> Path:
    if os.environ.get("HANDBOOK_CACHE_DIR"):
        return Path(os.environ["HANDBOOK_CACHE_DIR"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "defect-handbook"


@contextmanager
def no_gc() -> Iterator[None]:
    """Parsing or unpickling a root builds a million small objects that are all kept;
    letting the cycle collector scan them over and over costs more than the work itself
    (0.5 s of an unchanged 20,000-case run, 0.8 s of a cold one). Records hold no cycles,
    so pausing it leaves no garbage behind (peak memory is the same)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            # Resuming would scan everything made meanwhile at once (0.2 s); freezing and
            # unfreezing moves it into the oldest generation unscanned and clears the count.
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class FileCache:
    """Checked results by (path, content digest), valid for one taxonomy and one version."""

    def __init__(self, root: Path, namespace: str, folder: Path | None = None, name: str = "") -> None:
        folder = folder or default_dir()
        self.path = folder / f"{digest(str(root.resolve()).encode())}{name}.pickle"
        self.namespace = f"{__version__}:{_CODE}:{namespace}"
        self.entries: dict[str, Any] = {}
        self.used: dict[str, Any] = {}
        self._load()

    def _load(self) -> None:
        try:
            with self.path.open("rb") as handle, no_gc():
                namespace, entries = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, ImportError):
            return
        if namespace == self.namespace:
            self.entries = entries

    def get(self, key: str) -> Any:
        value = self.entries.get(key)
        if value is not None:
            self.used[key] = value
        return value

    def put(self, key: str, value: Any) -> None:
        self.used[key] = value

    def save(self) -> None:
        """Keep exactly the entries of this run, written atomically."""
        if self.used.keys() == self.entries.keys():
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("wb", dir=self.path.parent, delete=False) as handle:
                pickle.dump((self.namespace, self.used), handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(handle.name, self.path)
        except OSError:
            pass  # a cache that cannot be written only costs time


_CODE = _code_fingerprint()
