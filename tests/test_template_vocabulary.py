"""`handbook template` reads only the taxonomy, the defect types and the projects: every broken
root of tests/broken/ gives it exactly the errors `validate` gives those files, and a broken
case stops it no more than it changes the drop-downs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import BROKEN, TODAY, make_root
from ledgerkit import run
from openpyxl import load_workbook

from generator.intake.vocabulary import validate_vocabulary
from generator.validation import validate

CASES = sorted(p.name for p in BROKEN.iterdir() if p.is_dir())
# A case's file (or a case folder's): anything below a project folder but its project file.
CASE_FILE = re.compile(r"cases/[^/]+/(?!project\.ya?ml$).+")


def shown(problems: list) -> list[str]:  # type: ignore[type-arg]
    return [f"{p.file}:{p.line}:{p.column}: {p.level} [{p.code}] {p.message('zh')}" for p in problems]


@pytest.mark.parametrize("name", CASES)
def test_template_reports_what_validate_reports_of_its_records(name: str, tmp_path: Path) -> None:
    root = make_root(tmp_path, BROKEN / name)
    everything = validate(root, today=TODAY, use_cache=False).errors
    mine = [p for p in everything if not CASE_FILE.fullmatch(p.file) and p.file != "training.yaml"]
    assert shown(validate_vocabulary(root, TODAY).errors) == shown(mine)


def test_a_broken_case_does_not_stop_the_template(tmp_path: Path) -> None:
    root = make_root(tmp_path, BROKEN / "invalid-value-severity")
    assert run("validate", str(root)).exit_code == 1
    out = tmp_path / "template.xlsx"
    result = run("template", str(root), "--project", "LAHF", "--out", str(out))
    assert result.exit_code == 0, result.output
    book = load_workbook(out)
    lists = book["选项"]
    span = book.defined_names["list_defect"].attr_text.split("!")[1].replace("$", "")
    assert [c[0].value for c in lists[span]] == ["D-AC-001"]


def test_a_broken_defect_type_stops_the_template_with_validates_lines(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    defect = root / "defects/design/D-AC-001.yaml"
    defect.write_text(defect.read_text(encoding="utf-8").replace("category: 规划设计", "category: 设计部"),
                      encoding="utf-8")
    case = root / "cases/LAHF/phase-1/LAHF-001.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace("id: LAHF-001", "id: 001"), encoding="utf-8")
    out = tmp_path / "template.xlsx"
    result = run("template", str(root), "--out", str(out))
    assert result.exit_code == 1 and not out.exists()
    checked = run("validate", str(root))
    defect_lines = [line for line in checked.output.splitlines() if "defects/design/D-AC-001.yaml:" in line]
    assert defect_lines and all(line in result.output.splitlines() for line in defect_lines)
    assert "LAHF-001.yaml" not in result.output  # the case is not the template's to check
    assert result.output.splitlines()[-1] == "检查了 1 个缺陷类型、1 个项目、0 个案例：1 个错误，0 个警告。"
