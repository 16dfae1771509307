"""`handbook track` as customer service runs it: open cases, most overdue first, against a fixed day."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import TODAY, make_root

from generator.catalog import build_catalog
from generator.cli import main
from generator.tracking import tallies
from generator.validation import validate

CASE = """id: {id}
defect: D-AC-001
title: 空调百叶过密 {id}
phase: 1
found: 2026-09-01
source: 业主投诉
severity: 一般
grade: A
status: {status}
description: 外机停机。
"""


def write(root: Path, case_id: str, status: str = "整改中", extra: str = "") -> None:
    path = root / "cases/LAHF/phase-1" / f"{case_id}.yaml"
    path.write_text(CASE.format(id=case_id, status=status) + extra, encoding="utf-8")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = make_root(tmp_path)
    write(root, "LAHF-002", extra="responsible: engineering\ndue: 2026-11-02\n")  # 20 days overdue
    write(root, "LAHF-003", extra="responsible: design\ndue: 2026-10-01\nreplans:\n  - due: 2026-11-12\n"
                                  "    reason: 设计变更图纸审核延误\n")  # 10 days overdue on the replan
    write(root, "LAHF-004", extra="responsible: engineering\ndue: 2026-12-31\n")  # not yet due
    write(root, "LAHF-005", status="待决策")  # not decided: no plan
    return root


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_json_lists_open_cases_most_overdue_first(root: Path) -> None:
    code, out = run("track", str(root), "--format", "json", "--today", "2026-11-22")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [(r["id"], r["days_overdue"]) for r in rows] == [("LAHF-002", 20), ("LAHF-003", 10), ("LAHF-004", 0),
                                                            ("LAHF-005", 0)]
    third = rows[1]
    assert (third["due"], third["effective_due"], third["replans"], third["last_reason"]) == \
        ("2026-10-01", "2026-11-12", 1, "设计变更图纸审核延误")
    assert {"responsible", "grade", "status", "found"} <= set(third)
    assert "LAHF-001" not in out  # closed


def test_the_day_moves_the_count(root: Path) -> None:
    _code, out = run("track", str(root), "--format", "json", "--today", "2026-11-30", "--overdue")
    assert [(json.loads(line)["id"], json.loads(line)["days_overdue"]) for line in out.splitlines()] == \
        [("LAHF-002", 28), ("LAHF-003", 18)]


def test_filters_by_department_key_or_label_and_project(root: Path) -> None:
    _code, by_key = run("track", str(root), "--format", "json", "--department", "engineering")
    _code, by_label = run("track", str(root), "--format", "json", "--department", "工程管理部", "--project", "LAHF")
    assert by_key == by_label
    assert [json.loads(line)["id"] for line in by_key.splitlines()] == ["LAHF-002", "LAHF-004"]


def test_unknown_department_or_project_is_a_usage_error(root: Path) -> None:
    code, out = run("track", str(root), "--department", "采购")
    assert code == 2 and "customer_service" in out
    code, out = run("track", str(root), "--project", "NOPE")
    assert code == 2 and "LAHF" in out


def test_text_table_shows_each_case(root: Path) -> None:
    code, out = run("track", str(root), "--today", "2026-11-22")
    assert code == 0 and "2 个逾期" in out
    assert all(case_id in out for case_id in ("LAHF-002", "LAHF-003", "LAHF-004", "LAHF-005"))


def test_xlsx_has_a_sheet_per_department(root: Path, tmp_path: Path) -> None:
    target = tmp_path / "track.xlsx"
    code, _out = run("track", str(root), "--format", "xlsx", "--out", str(target), "--today", "2026-11-22")
    assert code == 0
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["设计管理部", "工程管理部", "未指定责任部门"]
    engineering = [[c.value for c in row] for row in book["工程管理部"].iter_rows(min_row=2)]
    assert [(r[0], r[10]) for r in engineering] == [("LAHF-002", 20), ("LAHF-004", 0)]


def test_on_time_rate_counts_closure_by_the_original_due(root: Path) -> None:
    done = "rectification: 换百叶\nresponsible: engineering\ndue: 2026-10-31\n"
    write(root, "LAHF-006", status="已关闭",
          extra=f"closed: 2026-10-20\n{done}verified: {{date: 2026-10-21, by: 张敏}}\n")
    write(root, "LAHF-007", status="已关闭", extra=f"closed: 2026-11-10\n{done}replans:\n  - due: 2026-11-10\n"
                                                  "    reason: 延误\nverified: {date: 2026-11-10, by: 张敏}\n")
    result = validate(root, today=TODAY, use_cache=False)
    assert result.errors == []
    catalog = build_catalog(result.taxonomy, result.valid_records())
    engineering = tallies(catalog.cases.values(), TODAY, "responsible")["engineering"]
    assert (engineering.open, engineering.overdue, engineering.closed_planned, engineering.closed_on_time) == \
        (2, 1, 2, 1)
    assert engineering.on_time_rate == 0.5
