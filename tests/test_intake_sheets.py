"""handbook import of the 缺陷类型 and 项目 sheets: new defect types and projects written as files,
existing ones updated only with --update (changed fields only), all or nothing with the cases."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import TODAY, make_root
from ledgerkit import HEADER, row, run, snapshot
from openpyxl import Workbook

from generator.validation import validate

DEFECT_HEADER = ["编号", "标题", "分类", "子类", "产生阶段", "缺陷描述", "原因", "预防措施：设计准备阶段",
                 "预防措施：施工管理阶段", "责任部门", "标签"]
PROJECT_HEADER = ["项目代码", "项目名称", "城市", "产品类型", "分期期号", "分期名称", "分期集中交付日期"]


def defect_row(**changes: Any) -> list[Any]:
    values = {"编号": "D-WIN-001", "标题": "外窗渗漏", "分类": "工程质量", "子类": "渗漏", "产生阶段": "施工管理阶段",
              "缺陷描述": "暴雨后窗台渗水。\n多户反映。", "原因": "窗框打胶不连续\n披水板坡度不足",
              "预防措施：设计准备阶段": "", "预防措施：施工管理阶段": "打胶后做淋水试验\n“披水板”坡度不小于 5%",
              "责任部门": "工程管理部", "标签": "外窗\n渗漏"}
    values.update(changes)
    return [values[h] for h in DEFECT_HEADER]


def book(path: Path, cases: list[list[Any]] = (), defects: list[list[Any]] = (),  # type: ignore[assignment]
         projects: list[list[Any]] = ()) -> Path:  # type: ignore[assignment]
    workbook = Workbook()
    sheets = [("案例", HEADER, cases), ("缺陷类型", DEFECT_HEADER, defects), ("项目", PROJECT_HEADER, projects)]
    for index, (name, header, rows) in enumerate(sheets):
        ws = workbook.active if index == 0 else workbook.create_sheet()
        assert ws is not None
        ws.title = name
        for line in [header, *rows]:
            ws.append(list(line))
    workbook.save(path)
    return path


def test_new_defect_types_projects_and_their_cases_come_in_together(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    ledger = book(tmp_path / "l.xlsx",
                  cases=[[*row(编号="XHY-001", 缺陷类型="D-WIN-001", 发现日期="2026-11-02", 关闭日期="2026-11-10")]],
                  defects=[defect_row()],
                  projects=[["XHY", "星河苑", "宁波", "高层\n洋房", 1, "一期", "2026-09-30"],
                            ["XHY", None, None, None, 2, "二期", None]])
    result = run("import", str(ledger), str(root), "--project", "LAHF")
    assert result.exit_code == 0, result.output
    assert "/defects/engineering/D-WIN-001.yaml（缺陷类型 第 2 行）" in result.output
    assert "/cases/XHY/project.yaml（项目 第 2 行）" in result.output
    assert "已新建 1 个、更新 0 个缺陷类型文件" in result.output and "已新建 1 个、更新 0 个项目文件" in result.output
    defect = (root / "defects/engineering/D-WIN-001.yaml").read_text(encoding="utf-8")
    assert defect.startswith("# yaml-language-server: $schema=../../schema/defect.json\nid: D-WIN-001\n")
    assert ("prevention:\n  施工管理阶段:\n    - 打胶后做淋水试验\n    - “披水板”坡度不小于 5%\n"
            "departments:\n  - 工程管理部\n") in defect
    assert "description: |\n  暴雨后窗台渗水。\n  多户反映。\n" in defect and "设计准备阶段" not in defect
    project = (root / "cases/XHY/project.yaml").read_text(encoding="utf-8")
    assert project.endswith("phases:\n  - phase: 1\n    name: 一期\n    delivered: 2026-09-30\n"
                            "  - phase: 2\n    name: 二期\n")
    assert "product_types:\n  - 高层\n  - 洋房\n" in project
    assert (root / "cases/XHY/phase-1/XHY-001.yaml").is_file()
    checked = validate(root, today=TODAY, use_cache=False)
    assert [p.code for p in checked.problems if p.level == "error"] == []
    assert {r.rel for r in checked.records} >= {"defects/engineering/D-WIN-001.yaml", "cases/XHY/project.yaml"}


def test_one_error_in_any_sheet_writes_nothing(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    before = snapshot(root)
    ledger = book(tmp_path / "l.xlsx", cases=[row(编号="LAHF-002")],
                  defects=[defect_row(产生阶段="装修阶段")],
                  projects=[["XHY", "星河苑", "宁波", None, 1, "一期", "2026-02-30"]])
    result = run("import", str(ledger), str(root))
    assert result.exit_code == 1
    assert "缺陷类型!E2: error:" in result.output and "[invalid-value]" in result.output
    assert "项目!G2: error:" in result.output and "[invalid-date]" in result.output
    assert "没有写入任何文件" in result.output and snapshot(root) == before


def test_a_case_of_a_defect_type_not_in_the_root_nor_the_ledger_is_still_an_error(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    ledger = book(tmp_path / "l.xlsx", cases=[row(编号="LAHF-002", 缺陷类型="D-WIN-002")], defects=[defect_row()])
    result = run("import", str(ledger), str(root))
    assert result.exit_code == 1 and "案例!B2: error:" in result.output and "[broken-reference]" in result.output


def test_update_edits_only_the_changed_fields_of_defect_types_and_projects(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    project = root / "cases/LAHF/project.yaml"
    project.write_text("# 项目资料：客服部维护\n" + project.read_text(encoding="utf-8"), encoding="utf-8")
    defect = root / "defects/design/D-AC-001.yaml"
    original = defect.read_text(encoding="utf-8")
    ledger = tmp_path / "export.xlsx"
    assert run("export", str(root), "--out", str(ledger)).exit_code == 0
    from openpyxl import load_workbook

    workbook = load_workbook(ledger)
    sheet = workbook["缺陷类型"]
    keys = [c.value for c in sheet[2]]
    sheet.cell(3, keys.index("title") + 1).value = "空调外机百叶过密"
    sheet.cell(3, keys.index("prevention.delivery") + 1).value = "交付前复核外机运行温度"
    projects = workbook["项目"]
    pkeys = [c.value for c in projects[2]]
    projects.cell(3, pkeys.index("city") + 1).value = "宁波"
    workbook.save(ledger)
    refused = run("import", str(ledger), str(root))
    assert refused.exit_code == 1 and "缺陷类型!A3: error:" in refused.output
    assert "[ledger-record-exists]" in refused.output
    result = run("import", str(ledger), str(root), "--update")
    assert result.exit_code == 0, result.output
    assert "“标题”（title）：空调外机百叶过密，外机散热不良停机 → 空调外机百叶过密" in result.output
    assert "“城市”（city）：杭州 → 宁波" in result.output
    text = defect.read_text(encoding="utf-8")
    assert text == original.replace("title: 空调外机百叶过密，外机散热不良停机", "title: 空调外机百叶过密").replace(
        "departments:", "  入住保修阶段:\n    - 交付前复核外机运行温度\ndepartments:")
    assert project.read_text(encoding="utf-8").startswith(
        "# 项目资料：客服部维护\ncode: LAHF\nname: 澜岸华府\ncity: 宁波\n")
    assert validate(root, today=TODAY, use_cache=False).errors == []
    before = snapshot(root)
    again = run("import", str(ledger), str(root), "--update")
    assert again.exit_code == 0 and snapshot(root) == before


def test_a_defect_type_twice_or_without_id_and_a_project_phase_without_code_are_named_at_their_cells(
        tmp_path: Path) -> None:
    root = make_root(tmp_path)
    ledger = book(tmp_path / "l.xlsx", defects=[defect_row(), defect_row(标题="外窗渗漏二"), defect_row(编号="")],
                  projects=[["XHY", "星河苑", "宁波", None, 1, "一期", "2026-09-30"],
                            [None, None, None, None, 2, "二期", None]])
    result = run("import", str(ledger), str(root))
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if ": error:" in line]
    assert [line.split(": error:")[0] for line in lines] == ["缺陷类型!A3", "缺陷类型!A4", "项目!A3"]
    assert "[duplicate-id]" in lines[0] and "缺陷类型!A2" in lines[0]
    assert "缺少必填字段 “编号”（id）" in lines[1] and "缺少必填字段 “项目代码”（code）" in lines[2]
