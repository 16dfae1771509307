"""Shared fixtures: a valid base root, broken overlays on it, a fixed 'today'."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

HERE = Path(__file__).parent
BASE = HERE / "fixtures" / "base"
BROKEN = HERE / "broken"
# Every test measures 'future' and 'three months after delivery' from this day.
TODAY = date(2026, 11, 22)


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HANDBOOK_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setenv("HANDBOOK_TODAY", TODAY.isoformat())


def make_root(tmp_path: Path, overlay: Path | None = None) -> Path:
    """A copy of the valid base root with an overlay's files added or replacing the base's."""
    root = tmp_path / "root"
    shutil.copytree(BASE, root, symlinks=True)
    if overlay is not None:
        for path in sorted(overlay.rglob("*")):
            if path.name == "expected.txt" or (path.is_dir() and not path.is_symlink()):
                continue
            target = root / path.relative_to(overlay)
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.exists() or target.is_symlink():
                target.unlink()
            if path.is_symlink():
                target.symlink_to(path.readlink())
            else:
                shutil.copyfile(path, target)
    return root


@pytest.fixture
def base_root(tmp_path: Path) -> Path:
    return make_root(tmp_path)
