"""Catalogue lookups, recurrence ranking and handbook progress on small roots."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from conftest import TODAY

from generator.catalog import build_catalog
from generator.dates import add_months
from generator.stats import cases_frame, counts, phase_progress
from generator.validation import validate


def write_case(root: Path, project: str, number: int, defect: str, found: str, households: int = 1) -> None:
    folder = root / "cases" / project / "phase-1"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{project}-{number:03d}.yaml").write_text(
        f"id: {project}-{number:03d}\ndefect: {defect}\ntitle: 案例\nphase: 1\nfound: {found}\nsource: 保修\n"
        f"households: {households}\nseverity: 一般\nstatus: 待决策\ndescription: 描述\n", encoding="utf-8")


def write_project(root: Path, code: str, delivered: str) -> None:
    (root / "cases" / code).mkdir(parents=True, exist_ok=True)
    (root / "cases" / code / "project.yaml").write_text(
        f"code: {code}\nname: 项目{code}\nphases:\n  - phase: 1\n    delivered: {delivered}\n", encoding="utf-8")


def catalog_of(root: Path):  # type: ignore[no-untyped-def]
    result = validate(root, today=TODAY, use_cache=False)
    assert result.errors == []
    return build_catalog(result.taxonomy, result.valid_records())


def test_recurrence_ranks_by_projects_then_households(base_root: Path) -> None:
    second = (base_root / "defects" / "design" / "D-AC-001.yaml").read_text(encoding="utf-8")
    (base_root / "defects" / "D-AC-002.yaml").write_text(second.replace("D-AC-001", "D-AC-002"), encoding="utf-8")
    write_project(base_root, "YQW", "2021-12-20")
    write_case(base_root, "YQW", 1, "D-AC-001", "2022-05-01", households=3)
    write_case(base_root, "LAHF", 2, "D-AC-002", "2026-11-01", households=19)
    catalog = catalog_of(base_root)
    ranking = catalog.ranking()
    assert [r.defect.id for r in ranking] == ["D-AC-001", "D-AC-002"]
    top = ranking[0]
    assert top.projects == ("LAHF", "YQW") and top.years == (2022, 2026) and top.recurring
    assert top.households == 12 + 3 and top.cases == 2
    assert [c.id for c in catalog.cases_of_defect("D-AC-001")] == ["YQW-001", "LAHF-001"]  # oldest first


def test_related_links_both_ways(base_root: Path) -> None:
    text = (base_root / "defects" / "design" / "D-AC-001.yaml").read_text(encoding="utf-8")
    (base_root / "defects" / "D-AC-002.yaml").write_text(
        text.replace("D-AC-001", "D-AC-002") + "related: [D-AC-001]\n", encoding="utf-8")
    catalog = catalog_of(base_root)
    assert [d.id for d in catalog.related("D-AC-001")] == ["D-AC-002"]
    assert [d.id for d in catalog.related("D-AC-002")] == ["D-AC-001"]


def test_phase_progress_states(base_root: Path) -> None:
    write_project(base_root, "OLD", "2024-01-31")
    catalog = catalog_of(base_root)
    rows = {row.project: row for row in phase_progress(catalog)}
    assert rows["LAHF"].state(TODAY) == "pending" and rows["LAHF"].missing == 29
    assert rows["OLD"].due == date(2024, 4, 30) and rows["OLD"].state(TODAY) == "overdue"


def test_counts_follow_the_taxonomy_order_with_zeros(base_root: Path) -> None:
    catalog = catalog_of(base_root)
    series = counts(catalog, cases_frame(catalog), "severity")
    assert list(series.index) == ["general", "hot", "major", "crisis"]
    assert list(series) == [0, 1, 0, 0]


def test_add_months_clamps_to_the_end_of_the_month() -> None:
    assert add_months(date(2025, 11, 30), 3) == date(2026, 2, 28)
    assert add_months(date(2024, 6, 28), 3) == date(2024, 9, 28)


def test_an_old_problem_names_the_latest_projects_and_counts_the_rest(base_root: Path) -> None:
    """A type seen in ten other projects names the eight most recently hit, each with its years,
    and counts all ten; cases found the same day are not earlier than each other."""
    codes = [f"P{n:02d}" for n in range(10)]
    for n, code in enumerate(codes):
        write_project(base_root, code, "2020-06-30")
        write_case(base_root, code, 1, "D-AC-001", f"{2015 + n}-03-01")
        write_case(base_root, code, 2, "D-AC-001", "2025-01-01" if code == "P00" else f"{2015 + n}-04-01")
    write_project(base_root, "ZZZ", "2020-06-30")
    write_case(base_root, "ZZZ", 1, "D-AC-001", "2026-01-01")
    write_case(base_root, "ZZZ", 2, "D-AC-001", "2026-01-01")
    catalog = catalog_of(base_root)
    last = catalog.earlier_elsewhere(catalog.cases["ZZZ-001"])
    assert last.total == 10
    assert [code for code, _ in last] == sorted(["P00", "P09", "P08", "P07", "P06", "P05", "P04", "P03"])
    assert dict(last)["P00"] == (2015, 2025) and last.more == 2
    assert catalog.earlier_elsewhere(catalog.cases["ZZZ-002"]) == last  # same day: not before each other
    assert not catalog.earlier_elsewhere(catalog.cases["P00-001"])  # the first of them all
    second = catalog.earlier_elsewhere(catalog.cases["P02-002"])
    assert list(second) == [("P00", (2015,)), ("P01", (2016,))] and second.more == 0
