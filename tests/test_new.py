"""handbook new: a record file with the next free id, every field present with what it takes,
the editor's modeline; it refuses to overwrite, and validates once its required fields are filled."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import make_root
from ledgerkit import run

from generator.contract import SCHEMAS
from generator.loading import Mapping, load
from generator.validation import validate

FILLED = {
    "case": {"title": "百叶积灰", "found": "2026-11-01", "source": "巡检", "severity": "一般", "status": "待决策",
             "description": "|\n  百叶积灰，\n  外机散热差。"},
    "defect": {"title": "外机百叶积灰", "origin": "设计准备阶段", "description": "百叶易积灰。",
               "causes": "[未设检修口]",
               "prevention": "\n  设计准备阶段:\n    - 设置检修口"},
    "project": {"name": "云栖湾"},
}


def fill(path: Path, kind: str) -> None:
    """Fill in the required fields the way a person would: after the colon of each empty line."""
    text = path.read_text(encoding="utf-8")
    for name, value in FILLED[kind].items():
        text, count = re.subn(rf"^{name}:$", f"{name}: {value}".replace(": \n", ":\n"), text, count=1, flags=re.M)
        assert count == 1, name
    path.write_text(text, encoding="utf-8")


def problems_of(root: Path, rel: str) -> list[str]:
    return [p.code for p in validate(root).problems if p.file == rel]


@pytest.mark.parametrize(("args", "rel", "kind"), [
    (["case", "--project", "LAHF", "--phase", "1", "--defect", "D-AC-001"], "cases/LAHF/phase-1/LAHF-002.yaml", "case"),
    (["defect", "--category", "design"], "defects/design/D-DESIGN-001.yaml", "defect"),
    (["defect", "--category", "工程质量", "--prefix", "LEAK"], "defects/engineering/D-LEAK-001.yaml", "defect"),
    (["project", "NEWP"], "cases/NEWP/project.yaml", "project"),
])
def test_new_record_has_every_field_and_validates_once_filled(tmp_path: Path, args: list[str], rel: str,
                                                               kind: str) -> None:
    root = make_root(tmp_path)
    order = args[:1] + ([args[1], str(root)] if kind == "project" else [str(root), *args[1:]])
    result = run("new", *order)
    assert result.exit_code == 0, result.output
    assert rel in result.output
    path = root / rel
    text = path.read_text(encoding="utf-8")
    depth = rel.count("/")
    assert text.splitlines()[0] == f"# yaml-language-server: $schema={'../' * depth}schema/{kind}.json"
    tree = load(path.read_bytes(), rel).root
    assert isinstance(tree, Mapping) and list(tree.entries) == list(SCHEMAS[kind].fields)
    before = problems_of(root, rel)
    required = [name for name, spec in SCHEMAS[kind].fields.items() if spec.required and name in FILLED[kind]]
    assert before == ["empty-field"] * len(required)
    fill(path, kind)
    assert problems_of(root, rel) == []


def test_comments_list_the_allowed_values_from_the_roots_taxonomy(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    (root / "defects/taxonomy.yaml").write_text("source:\n  hotline: 400 热线\n", encoding="utf-8")
    assert run("new", "case", str(root), "--project", "LAHF").exit_code == 0
    text = (root / "cases/LAHF/phase-1/LAHF-002.yaml").read_text(encoding="utf-8")
    lines = text.splitlines()
    source = lines[lines.index("source:") - 1]
    assert source.startswith("# 来源（必填）：opening_check 开盘风险检查、") and source.endswith("hotline 400 热线")
    assert lines[lines.index("severity:") - 1] == "# 严重程度（必填）：general 一般、hot 热点、major 重大、crisis 危机"
    assert run("new", "defect", str(root), "--category", "sales").exit_code == 0
    defect = (root / "defects/sales/D-SALES-001.yaml").read_text(encoding="utf-8").splitlines()
    assert defect[defect.index("subcategory:") - 1] == (
        "# 子类：promise 销售承诺、advertising 宣传资料、contract 合同与附图、change_notice 设计变更告知")
    assert "category: 销售管理" in defect


def test_ids_follow_the_highest_taken_and_nothing_is_overwritten(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    (root / "cases/LAHF/phase-1/LAHF-007.yaml").write_text("id: LAHF-007\n", encoding="utf-8")
    assert run("new", "case", str(root), "--project", "LAHF").exit_code == 0
    assert run("new", "case", str(root), "--project", "LAHF").exit_code == 0
    assert sorted(p.name for p in (root / "cases/LAHF/phase-1").glob("*.yaml")) == [
        "LAHF-001.yaml", "LAHF-007.yaml", "LAHF-008.yaml", "LAHF-009.yaml"]
    project = root / "cases/LAHF/project.yaml"
    before = project.read_bytes()
    again = run("new", "project", "LAHF", str(root))
    assert again.exit_code == 1 and "cases/LAHF/project.yaml 已存在，未改动" in again.output
    assert project.read_bytes() == before


@pytest.mark.parametrize(("args", "says"), [
    (["case", "--project", "NOPE"], "没有项目 “NOPE”；已有：LAHF"),
    (["case", "--project", "LAHF", "--phase", "4"], "项目 LAHF 没有第 4 期；已有：1"),
    (["case", "--project", "LAHF", "--defect", "D-XX-001"], "没有缺陷类型 “D-XX-001”"),
    (["defect", "--category", "装修"], "分类 “装修” 不存在；可选：engineering 工程质量"),
    (["defect", "--category", "design", "--prefix", "ac"], "编号前缀 “ac” 不合格式"),
])
def test_wrong_options_are_usage_errors_that_write_nothing(tmp_path: Path, args: list[str], says: str) -> None:
    root = make_root(tmp_path)
    before = sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))
    result = run("new", args[0], str(root), *args[1:])
    assert result.exit_code == 2 and says in result.output, result.output
    assert "Traceback" not in result.output
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*")) == before


def test_bad_project_code_and_english_comments(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    bad = run("new", "project", "lahf2", str(root))
    assert bad.exit_code == 2 and "2-12 个大写字母或数字" in bad.output
    assert run("new", "project", "ABC", str(root), "--lang", "en").exit_code == 0
    text = (root / "cases/ABC/project.yaml").read_text(encoding="utf-8")
    assert "# name (required): text\nname:\n" in text and "  - phase: 1\n" in text
