"""The domain rules at their thresholds, as the README states them: severity against
households, complaints and compensation; fields required by status and grade; dates
against each other and today; photo paths; the handbook minimum and its due date."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import TODAY

from generator.validation import validate

CASE = "cases/LAHF/phase-1/LAHF-001.yaml"
PROJECT = "cases/LAHF/project.yaml"


def edit(root: Path, *changes: tuple[str, str], rel: str = CASE) -> Path:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return root


def found(root: Path) -> list[tuple[str, str]]:
    """The problems of the rules under test; a major or crisis case's missing report date
    (not-reported, the process's rule) is tested in test_process.py."""
    return [(p.code, p.path) for p in validate(root, today=TODAY, use_cache=False).problems
            if p.code != "not-reported"]


@pytest.mark.parametrize("households, complaints, severity, expected", [
    (19, 9, "热点", []),
    (20, 0, "热点", [("severity-households", "$.households")]),
    (0, 10, "一般", [("severity-households", "$.complaints")]),
    (25, 12, "热点", [("severity-households", "$.households")]),
    (500, 300, "重大", []),
    (500, 300, "危机", []),
])
def test_severity_against_households_and_complaints(base_root: Path, households: int, complaints: int,
                                                    severity: str, expected: list[tuple[str, str]]) -> None:
    edit(base_root, ("households: 12", f"households: {households}"), ("complaints: 4", f"complaints: {complaints}"),
         ("severity: 热点", f"severity: {severity}"))
    assert found(base_root) == expected


@pytest.mark.parametrize("compensation, severity, expected", [
    ("20000", "热点", []), ("20000.5", "一般", [("severity-compensation", "$.compensation")]),
    ("80000", "重大", [])])
def test_severity_against_compensation(base_root: Path, compensation: str, severity: str,
                                       expected: list[tuple[str, str]]) -> None:
    edit(base_root, ("compensation: 0", f"compensation: {compensation}"), ("severity: 热点", f"severity: {severity}"))
    assert found(base_root) == expected


def test_the_severity_warning_names_the_figures(base_root: Path) -> None:
    edit(base_root, ("households: 12", "households: 46"), ("compensation: 0", "compensation: 25000"))
    problems = validate(base_root, today=TODAY, use_cache=False).problems
    messages = " ".join(f"{p.message('en')} {p.hint('en')}" for p in problems)
    assert "46" in messages and "25000" in messages and "Hot" in messages


@pytest.mark.parametrize("status, grade, rectification, expected", [
    ("待决策", None, False, []),
    ("已决策", None, False, ["grade"]),
    ("整改中", "B", False, []),
    ("已关闭", "B", False, []),
    ("已关闭", "A", False, ["rectification"]),
    ("已关闭", None, True, ["grade"]),
])
def test_fields_required_by_status_and_grade(base_root: Path, status: str, grade: str | None, rectification: bool,
                                             expected: list[str]) -> None:
    path = base_root / CASE
    lines = [line for line in path.read_text(encoding="utf-8").splitlines()
             if not line.startswith(("grade:", "status:", "rectification:", "  更换"))]
    lines += [f"status: {status}"] + ([f"grade: {grade}"] if grade else [])
    lines += ["rectification: 已整改"] if rectification else []
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = validate(base_root, today=TODAY, use_cache=False).problems
    assert [(p.code, p.path) for p in problems] == [("required-when", "$.status")] * len(expected)
    assert [p.args["key"] for p in problems] == expected


@pytest.mark.parametrize("closed, expected", [
    ("2026-10-20", []), ("2026-10-19", [("closed-before-found", "$.closed")]), ("2026-11-22", []),
    ("2026-11-23", [("future-date", "$.closed")])])
def test_closing_dates(base_root: Path, closed: str, expected: list[tuple[str, str]]) -> None:
    edit(base_root, ("closed: 2026-11-10", f"closed: {closed}"))
    assert found(base_root) == expected


@pytest.mark.parametrize("photo, expected", [
    ("phase-1/photos/LAHF-001-1.png", []),
    ("phase-1/photos/../photos/LAHF-001-1.png", ["photo-path"]),
    ("C:photos/LAHF-001-1.png", ["photo-path"]),
    ("d:/照片/LAHF-001-1.png", ["photo-path"]),
    ("https://example.com/a.png", ["photo-path"]),
    ("/phase-1/photos/LAHF-001-1.png", ["photo-path"]),
    ("phase-1\\\\photos\\\\LAHF-001-1.png", ["photo-path"]),
    ("phase-1/photos/...png", ["photo-missing"]),
])
def test_photo_paths(base_root: Path, photo: str, expected: list[str]) -> None:
    edit(base_root, ("  - phase-1/photos/LAHF-001-1.png", f'  - "{photo}"'))
    assert [(code, path) for code, path in found(base_root)] == [(code, "$.photos[0]") for code in expected]


@pytest.mark.parametrize("delivered, expected", [("2026-08-22", []), ("2026-08-21", ["phase-below-minimum"])])
def test_the_handbook_is_due_three_months_after_delivery(base_root: Path, delivered: str,
                                                         expected: list[str]) -> None:
    edit(base_root, ("delivered: 2026-10-01", f"delivered: {delivered}"), rel=PROJECT)
    assert [code for code, _ in found(base_root)] == expected


def test_the_minimum_and_the_delay_come_from_handbook_yaml(base_root: Path) -> None:
    edit(base_root, ("delivered: 2026-10-01", "delivered: 2026-08-21"), rel=PROJECT)
    (base_root / "handbook.yaml").write_text("minimum_cases: 1\n", encoding="utf-8")
    assert found(base_root) == []
    (base_root / "handbook.yaml").write_text("minimum_cases: 2\ndue_months: 4\n", encoding="utf-8")
    assert found(base_root) == []
    (base_root / "handbook.yaml").write_text("minimum_cases: 2\ndue_months: 2\n", encoding="utf-8")
    [problem] = validate(base_root, today=TODAY, use_cache=False).problems
    assert problem.code == "phase-below-minimum" and problem.args["missing"] == 1 and problem.args["months"] == 2


def test_a_related_type_that_does_not_exist_is_named_where_it_is_listed(base_root: Path) -> None:
    edit(base_root, ("tags: [", "related: [D-AC-001, D-AC-009]\ntags: ["), rel="defects/design/D-AC-001.yaml")
    assert found(base_root) == [("broken-reference", "$.related[1]")]


def test_an_unknown_phase_lists_the_known_ones(base_root: Path) -> None:
    edit(base_root, ("phase: 1\n", "phase: 3\n"))
    [problem] = validate(base_root, today=TODAY, use_cache=False).problems
    assert (problem.code, problem.path) == ("unknown-phase", "$.phase")
    assert "3" in problem.message("en") and "1" in problem.message("en")


def test_a_reference_with_no_near_id_suggests_nothing(base_root: Path) -> None:
    edit(base_root, ("defect: D-AC-001", "defect: D-ZZZZ-999"))
    [problem] = validate(base_root, today=TODAY, use_cache=False).problems
    assert problem.code == "broken-reference" and problem.message("en").endswith("'D-ZZZZ-999' does not exist")
    assert "None" not in problem.message("zh") and "是否想写" not in problem.message("zh")


def test_duplicate_phases_are_found_after_a_phase_without_a_number(base_root: Path) -> None:
    edit(base_root, ("  - phase: 1\n", "  - name: 零期\n  - phase: 1\n    name: 一期\n  - phase: 1\n"), rel=PROJECT)
    assert ("duplicate-phase", "$.phases[2].phase") in found(base_root)
