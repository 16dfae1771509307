"""The parse cache: same answers as a cold run, invalidated by content, outside the root."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import TODAY

from generator.validation import validate


def lines(root: Path) -> list[str]:
    return [f"{p.file}:{p.line}:{p.column} {p.code}" for p in validate(root, today=TODAY).problems]


def test_warm_run_reports_what_a_cold_run_does(base_root: Path) -> None:
    case = base_root / "cases" / "LAHF" / "phase-1" / "LAHF-001.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace("热点", "很严重"), encoding="utf-8")
    cold = lines(base_root)
    assert cold == lines(base_root) != []
    assert [p.code for p in validate(base_root, today=TODAY, use_cache=False).problems] == ["invalid-value"]


def test_an_edited_file_is_checked_again(base_root: Path) -> None:
    assert lines(base_root) == []
    case = base_root / "cases" / "LAHF" / "phase-1" / "LAHF-001.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace("households: 12", "households: -1"), encoding="utf-8")
    assert [line.split(" ")[1] for line in lines(base_root)] == ["negative-number"]


def test_a_taxonomy_change_invalidates_cached_results(base_root: Path) -> None:
    case = base_root / "cases" / "LAHF" / "phase-1" / "LAHF-001.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace("业主投诉", "400 热线"), encoding="utf-8")
    assert [line.split(" ")[1] for line in lines(base_root)] == ["invalid-value"]
    (base_root / "defects" / "taxonomy.yaml").write_text("source:\n  hotline: 400 热线\n", encoding="utf-8")
    assert lines(base_root) == []


def test_the_cache_lives_outside_the_root_and_survives_corruption(base_root: Path) -> None:
    before = sorted(p.relative_to(base_root) for p in base_root.rglob("*"))
    lines(base_root)
    assert sorted(p.relative_to(base_root) for p in base_root.rglob("*")) == before
    cache_dir = Path(os.environ["HANDBOOK_CACHE_DIR"])
    for pickle_file in cache_dir.glob("*.pickle"):
        pickle_file.write_bytes(b"not a pickle")
    assert lines(base_root) == []
