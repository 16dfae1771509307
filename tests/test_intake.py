"""handbook export and import as users run them: the workbook read back with openpyxl,
the files written read back as bytes, the round trips on the sample knowledge base."""

from __future__ import annotations

import shutil
import zipfile
from datetime import datetime
from pathlib import Path

from conftest import TODAY, make_root
from ledgerkit import cells, make_ledger, run, snapshot
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from generator.validation import validate

REPO = Path(__file__).resolve().parent.parent


def sample_root(tmp_path: Path) -> Path:
    root = tmp_path / "sample"
    root.mkdir()
    for folder in ("defects", "cases"):
        shutil.copytree(REPO / folder, root / folder)
    return root


def skeleton_of(root: Path, target: Path) -> Path:
    """A root holding only the defect types and the project files of `root`."""
    shutil.copytree(root / "defects", target / "defects")
    for project in (root / "cases").glob("*/project.yaml"):
        (target / "cases" / project.parent.name).mkdir(parents=True)
        shutil.copyfile(project, target / "cases" / project.parent.name / "project.yaml")
    for photos in (root / "cases").glob("*/**/photos"):
        shutil.copytree(photos, target / photos.relative_to(root))
    return target


def test_export_writes_every_field_with_keys_types_and_header(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    out = tmp_path / "ledger.xlsx"
    result = run("export", str(root), "--out", str(out))
    assert result.exit_code == 0, result.output
    book = load_workbook(out)
    assert book.sheetnames == ["案例", "计划调整", "缺陷类型", "项目"]
    ws = book["案例"]
    assert [c.value for c in ws[1]][:6] == ["编号", "项目代码", "缺陷类型", "标题", "期号", "发现日期"]
    assert [c.value for c in ws[2]][:3] == ["id", "project", "defect"]
    assert ws.row_dimensions[2].hidden and ws.freeze_panes == "B3"
    assert ws.auto_filter.ref == f"A1:{get_column_letter(ws.max_column)}3"
    case = {key.value: cell for key, cell in zip(ws[2], ws[3])}
    assert case["id"].value == "LAHF-001" and case["id"].number_format == "@"
    assert case["location"].value == "5栋1单元0301" and case["location"].data_type == "s"
    assert case["found"].is_date and case["found"].number_format == "yyyy-mm-dd"
    assert case["severity"].value == "热点" and case["grade"].value == "A" and case["households"].value == 12
    assert case["description"].alignment.wrap_text
    defects = book["缺陷类型"]
    keys = [c.value for c in defects[2]]
    assert "prevention.design" in keys and "prevention.construction" in keys
    assert "设计准备阶段" in defects.cell(1, keys.index("prevention.design") + 1).value
    projects = book["项目"]
    assert [c.value for c in projects[2]][-3:] == ["phases.phase", "phases.name", "phases.delivered"]


def test_export_in_english_and_filtered(tmp_path: Path) -> None:
    root = sample_root(tmp_path)
    out = tmp_path / "yqw.xlsx"
    result = run("export", str(root), "--project", "YQW", "--phase", "1", "--out", str(out), "--lang", "en")
    assert result.exit_code == 0, result.output
    sheets = cells(out)
    assert list(sheets) == ["Cases", "Replans", "Defect types", "Projects"]
    assert sheets["Cases"][0][:2] == ("id", "project") or sheets["Cases"][0][0] == "id"
    assert {r[1] for r in sheets["Cases"][2:]} == {"YQW"} and len(sheets["Cases"]) == 2 + 30
    assert sheets["Cases"][2][6] in {"Owner complaint", "Handover inspection", "Warranty repair", "Patrol",
                                     "Repair & rectification", "Owners' pre-inspection", "Satisfaction survey",
                                     "Pre-delivery risk check", "Site open day", "Opening risk check",
                                     "Warranty-expiry call-back"}


def test_export_never_writes_a_formula_and_keeps_an_existing_file(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    case = root / "cases/LAHF/phase-1/LAHF-001.yaml"
    text = case.read_text(encoding="utf-8")
    text = text.replace("title: 5栋空调百叶过密，外机高温停机", 'title: "=HYPERLINK(\\"http://x\\",\\"点我\\")"')
    case.write_text(text.replace('location: "5栋1单元0301"', 'location: "@SUM(1+1)"'), encoding="utf-8")
    out = tmp_path / "ledger.xlsx"
    assert run("export", str(root), "--out", str(out)).exit_code == 0
    with zipfile.ZipFile(out) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "HYPERLINK" in sheet
    ws = load_workbook(out)["案例"]
    assert ws["D3"].value.startswith("=HYPERLINK") and ws["D3"].data_type == "s"
    before = out.read_bytes()
    again = run("export", str(root), "--out", str(out))
    assert again.exit_code == 1 and "--force" in again.output and out.read_bytes() == before
    assert run("export", str(root), "--out", str(out), "--force").exit_code == 0


def test_export_refuses_a_root_with_errors(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    (root / "cases/LAHF/phase-1/LAHF-001.yaml").write_text("id: LAHF-001\n", encoding="utf-8")
    result = run("export", str(root), "--out", str(tmp_path / "x.xlsx"))
    assert result.exit_code == 1 and "[missing-field]" in result.output and not (tmp_path / "x.xlsx").exists()


def _round_trips(root: Path, tmp_path: Path) -> None:
    ledger = tmp_path / "export.xlsx"
    assert run("export", str(root), "--out", str(ledger)).exit_code == 0
    before = snapshot(root)
    result = run("import", str(ledger), str(root), "--update")
    assert result.exit_code == 0, result.output
    assert snapshot(root) == before
    empty = skeleton_of(root, tmp_path / "empty")
    result = run("import", str(ledger), str(empty))
    assert result.exit_code == 0, result.output
    assert not validate(empty, today=TODAY, use_cache=False).errors
    again = tmp_path / "again.xlsx"
    assert run("export", str(empty), "--out", str(again)).exit_code == 0
    assert cells(again) == cells(ledger)
    # A root with no record at all takes the defect types and projects from the same workbook.
    bare = tmp_path / "bare"
    (bare / "defects").mkdir(parents=True)
    for photos in (root / "cases").glob("*/**/photos"):
        shutil.copytree(photos, bare / photos.relative_to(root))
    result = run("import", str(ledger), str(bare))
    assert result.exit_code == 0, result.output
    assert not validate(bare, today=TODAY, use_cache=False).errors
    assert run("export", str(bare), "--out", str(tmp_path / "bare.xlsx")).exit_code == 0
    assert cells(tmp_path / "bare.xlsx") == cells(ledger)


def test_round_trip_on_the_sample_knowledge_base(tmp_path: Path) -> None:
    _round_trips(sample_root(tmp_path), tmp_path)


def test_round_trip_on_a_synthetic_2000_case_root(tmp_path: Path) -> None:
    import subprocess
    import sys

    root = tmp_path / "corpus"
    subprocess.run([sys.executable, str(REPO / "benchmarks" / "make_corpus.py"), "--cases", "2000", "--out", str(root)],
                   check=True, capture_output=True)
    _round_trips(root, tmp_path)


def test_update_rewrites_only_the_changed_fields_and_says_so(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    case = root / "cases/LAHF/phase-1/LAHF-001.yaml"
    case.write_text("# 客服部 2026-11 录入\n" + case.read_text(encoding="utf-8").replace(
        "households: 12", "households: 12   # 经物业核实"), encoding="utf-8")
    original = case.read_text(encoding="utf-8")
    ledger = tmp_path / "ledger.xlsx"
    assert run("export", str(root), "--out", str(ledger)).exit_code == 0
    book = load_workbook(ledger)
    ws = book["案例"]
    keys = [c.value for c in ws[2]]
    ws.cell(3, keys.index("households") + 1).value = 14
    ws.cell(3, keys.index("cause") + 1).value = "百叶开孔率不足。\n设计未核算通风率。"
    ws.cell(3, keys.index("location") + 1).value = None
    book.save(ledger)
    dry = run("import", str(ledger), str(root), "--update", "--dry-run")
    assert dry.exit_code == 0 and case.read_text(encoding="utf-8") == original
    result = run("import", str(ledger), str(root), "--update")
    assert result.exit_code == 0, result.output
    assert "“涉及户数”（households）：12 → 14" in result.output and "5栋1单元0301 → —" in result.output
    text = case.read_text(encoding="utf-8")
    assert text.startswith("# 客服部 2026-11 录入\n")
    assert "households: 14   # 经物业核实\n" in text and "location:" not in text
    assert "description: |\n  业主反映" in text
    assert "cause: |\n  百叶开孔率不足。\n  设计未核算通风率。\n" in text
    assert text.index("cause:") > text.index("description:")
    unchanged = [line for line in original.splitlines() if not line.startswith(("households", "location"))]
    assert all(line in text.splitlines() for line in unchanged)
    assert not validate(root, today=TODAY, use_cache=False).errors


def test_existing_id_is_a_conflict_without_update(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    ledger = tmp_path / "ledger.xlsx"
    assert run("export", str(root), "--out", str(ledger)).exit_code == 0
    before = snapshot(root)
    result = run("import", str(ledger), str(root))
    assert result.exit_code == 1
    exists = "案例!A3: error: 案例 LAHF-001 已存在：cases/LAHF/phase-1/LAHF-001.yaml [ledger-case-exists]"
    assert exists in result.output
    assert "没有写入任何文件" in result.output and snapshot(root) == before


def test_template_offers_drop_downs_from_the_taxonomy_and_imports_once_filled(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    out = tmp_path / "template.xlsx"
    result = run("template", str(root), "--project", "LAHF", "--out", str(out))
    assert result.exit_code == 0, result.output
    book = load_workbook(out)
    assert book.sheetnames == ["案例", "计划调整", "选项"] and book["选项"].sheet_state == "hidden"
    ws = book["案例"]
    keys = [c.value for c in ws[2]]
    validations = {dv.formula1: str(dv.sqref) for dv in ws.data_validations.dataValidation}
    for key in ("source", "severity", "grade", "status", "project", "phase", "defect"):
        letter = ws.cell(2, keys.index(key) + 1).column_letter
        assert validations[f"=list_{key}"] == f"{letter}3:{letter}502"
    source = book.defined_names["list_source"].attr_text
    sheet, cells_ = source.split("!")
    listed = [c[0].value for c in book[sheet.strip("'")][cells_.replace("$", "")]]
    assert listed[:2] == ["开盘风险检查", "巡检"] and "质保期到期回访" in listed
    assert [c[0].value for c in book["选项"][book.defined_names["list_phase"].attr_text.split("!")[1]
                                             .replace("$", "")]] == ["1"]
    assert "必填" in ws.cell(1, keys.index("found") + 1).comment.text
    assert ws.cell(3, keys.index("id") + 1).number_format == "@"
    assert ws.cell(3, keys.index("found") + 1).number_format == "yyyy-mm-dd"
    values = {"project": "LAHF", "defect": "D-AC-001", "title": "新案例", "phase": 1, "found": "2026-10-30",
              "source": "巡检", "severity": "一般", "status": "待决策", "description": "百叶积灰。"}
    for key, value in values.items():
        ws.cell(3, keys.index(key) + 1).value = value
    book.save(out)
    result = run("import", str(out), str(root))
    assert result.exit_code == 0, result.output
    assert (root / "cases/LAHF/phase-1/LAHF-002.yaml").read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../../../schema/case.json\nid: LAHF-002\n")
    assert run("template", str(root), "--out", str(out)).exit_code == 1  # never over a filled-in ledger


def test_an_unwritable_target_is_one_clear_line(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    result = run("export", str(root), "--out", str(tmp_path / "no" / "such" / "ledger.xlsx"))
    assert result.exit_code == 1 and "无法写入" in result.output and "Traceback" not in result.output


def test_an_english_export_imports_back_unchanged(tmp_path: Path) -> None:
    root = sample_root(tmp_path)
    ledger = tmp_path / "en.xlsx"
    assert run("export", str(root), "--out", str(ledger), "--lang", "en").exit_code == 0
    before = snapshot(root)
    result = run("import", str(ledger), str(root), "--update", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "Created 0 and updated 0 case files; 105 unchanged" in result.output and snapshot(root) == before


def test_template_writes_a_taxonomy_label_that_looks_like_a_formula_as_text(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    (root / "defects" / "taxonomy.yaml").write_text('source:\n  hotline: "=HYPERLINK(1)"\n', encoding="utf-8")
    out = tmp_path / "template.xlsx"
    assert run("template", str(root), "--out", str(out)).exit_code == 0
    with zipfile.ZipFile(out) as archive:
        sheets = [archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/")]
    assert not any("<f>" in sheet for sheet in sheets)
    lists = load_workbook(out)["选项"]
    assert any(cell.value == "=HYPERLINK(1)" and cell.data_type == "s" for row in lists.iter_rows() for cell in row)


PROCESS = """raised: 2026-10-21
raised_by: customer_service
decided: 2026-10-23
attendees:
  - customer_service   # 客服部牵头
  - design
responsible: design
due: 2026-10-31
# 两次调整，按时间先后
replans:
  - due: 2026-11-05
    reason: 百叶为定制件，厂家供货延误   # 采购部说明
    recorded: 2026-10-30
  - due: 2026-11-10
    reason: |
      首轮安装后复测仍超温。
      需加装导流板。
    evaluation: 方案论证不充分
    recorded: 2026-11-04
verified:
  date: 2026-11-12
  by: customer_service
  result: 回访 12 户，复测机位温度 38℃
author: 张敏
"""


def _process_root(tmp_path: Path) -> tuple[Path, Path]:
    root = make_root(tmp_path)
    case = root / "cases/LAHF/phase-1/LAHF-001.yaml"
    case.write_text(case.read_text(encoding="utf-8") + PROCESS, encoding="utf-8")
    assert not validate(root, today=TODAY, use_cache=False).errors
    return root, case


def _sheet_keys(ws) -> list[str]:  # type: ignore[no-untyped-def]
    return [c.value for c in ws[2]]


def test_a_case_with_replans_and_a_verification_round_trips_byte_for_byte(tmp_path: Path) -> None:
    root, case = _process_root(tmp_path)
    ledger = tmp_path / "ledger.xlsx"
    assert run("export", str(root), "--out", str(ledger)).exit_code == 0
    book = load_workbook(ledger)
    ws = book["案例"]
    keys = _sheet_keys(ws)
    assert [ws.cell(1, keys.index(k) + 1).value for k in ("verified.date", "verified.by", "verified.result")] == \
        ["验证日期", "验证人", "验证结果"]
    assert ws.cell(3, keys.index("verified.date") + 1).is_date and "verified" not in keys and "replans" not in keys
    assert ws.cell(3, keys.index("attendees") + 1).value == "客户服务部\n设计管理部"
    replans = book["计划调整"]
    assert _sheet_keys(replans) == ["id", "replans.due", "replans.reason", "replans.evaluation", "replans.recorded"]
    rows = [r for r in replans.iter_rows(min_row=3, values_only=True)]
    assert [(r[0], r[1].date().isoformat()) for r in rows] == [("LAHF-001", "2026-11-05"), ("LAHF-001", "2026-11-10")]
    assert rows[1][2] == "首轮安装后复测仍超温。\n需加装导流板。" and rows[0][3] is None
    before = snapshot(root)
    result = run("import", str(ledger), str(root), "--update")
    assert result.exit_code == 0 and "1 个不变" in result.output, result.output
    assert snapshot(root) == before
    # A third replan and a changed reason: only the replans are rewritten, the comments around them kept.
    replans.cell(3, 3).value = "厂家供货延误 2 周"
    replans.append(["LAHF-001", datetime(2026, 11, 20), "导流板返厂", None, datetime(2026, 11, 11)])
    book.save(ledger)
    result = run("import", str(ledger), str(root), "--update")
    assert result.exit_code == 0, result.output
    # Only the items that differ are shown: the first (its reason) and the third (new).
    assert ("（replans）：2026-11-05 百叶为定制件，厂家供货延误 2026-10-30 → "
            "2026-11-05 厂家供货延误 2 周 2026-10-30；2026-11…") in result.output
    old, new = before["cases/LAHF/phase-1/LAHF-001.yaml"].decode(), case.read_text(encoding="utf-8")
    assert new[:new.index("replans:")] == old[:old.index("replans:")]
    assert new[new.index("verified:"):] == old[old.index("verified:"):]
    assert "    reason: |\n      厂家供货延误 2 周\n" in new
    assert "  - due: 2026-11-20\n    reason: |\n      导流板返厂\n    recorded: 2026-11-11\n" in new
    checked = validate(root, today=TODAY, use_cache=False)
    assert not checked.errors
    record = next(r for r in checked.records if r.kind == "case")
    assert [r["due"].isoformat() for r in record.values["replans"]] == ["2026-11-05", "2026-11-10", "2026-11-20"]
    assert record.values["verified"]["by"] == "customer_service"
    again = tmp_path / "again.xlsx"
    assert run("export", str(root), "--out", str(again)).exit_code == 0
    assert cells(again) == cells(ledger)
    # Emptying the replans sheet and the verification's cells removes both fields.
    replans.delete_rows(3, 3)
    for key in ("verified.date", "verified.by", "verified.result"):
        ws.cell(3, keys.index(key) + 1).value = None
    book.save(ledger)
    assert run("import", str(ledger), str(root), "--update").exit_code == 0
    text = case.read_text(encoding="utf-8")
    assert "replans:" not in text and "verified:" not in text and "author: 张敏\n" in text


def test_a_replan_row_with_a_bad_date_is_reported_at_its_sheet_and_cell(tmp_path: Path) -> None:
    root, _case = _process_root(tmp_path)
    ledger = tmp_path / "ledger.xlsx"
    assert run("export", str(root), "--out", str(ledger)).exit_code == 0
    book = load_workbook(ledger)
    book["计划调整"]["E4"].value = "2026-11-31"
    book.save(ledger)
    before = snapshot(root)
    result = run("import", str(ledger), str(root), "--update")
    assert result.exit_code == 1 and snapshot(root) == before
    assert "计划调整!E4: error: “记录日期”（replans[1].recorded）的值 “2026-11-31” 不是有效日期 [invalid-date]" \
        in result.output
    english = run("import", str(ledger), str(root), "--update", "--lang", "en")
    assert "计划调整!E4: error:" in english.output and "[invalid-date]" in english.output
    assert "The ledger has 1 error and 0 warnings: nothing was written." in english.output


def test_a_replan_row_for_an_unknown_case_is_an_error_at_its_cell(tmp_path: Path) -> None:
    root, _case = _process_root(tmp_path)
    ledger = tmp_path / "ledger.xlsx"
    assert run("export", str(root), "--out", str(ledger), "--lang", "en").exit_code == 0
    book = load_workbook(ledger)
    book["Replans"].append(["LAHF-404", "2026-12-01", "厂家供货延误"])
    book.save(ledger)
    before = snapshot(root)
    result = run("import", str(ledger), str(root), "--update", "--lang", "en")
    assert result.exit_code == 1 and snapshot(root) == before
    assert ("Replans!A5: error: this row belongs to case 'LAHF-404', but neither the ledger's 'Cases' sheet nor "
            "the root has it [ledger-unknown-case]") in result.output


def test_a_ledger_of_replans_only_updates_the_cases_of_the_root(tmp_path: Path) -> None:
    root, case = _process_root(tmp_path)
    ledger = tmp_path / "replans.xlsx"
    make_ledger(ledger, [["LAHF-001", "2026-11-05", "百叶为定制件，厂家供货延误"],
                         ["LAHF-001", "2026-11-10", "首轮安装后复测仍超温。\n需加装导流板。"]],
                ["案例编号", "调整后完成日期", "调整原因"], sheet="计划调整")
    result = run("import", str(ledger), str(root))
    assert result.exit_code == 1 and "[ledger-case-exists]" in result.output
    result = run("import", str(ledger), str(root), "--update")
    assert result.exit_code == 0, result.output
    text = case.read_text(encoding="utf-8")
    assert "    reason: |\n      百叶为定制件，厂家供货延误\n" in text
    assert "evaluation" not in text and "verified:\n" in text  # the one evaluation dropped, the rest kept


def test_template_has_the_replans_sheet_and_department_drop_downs(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    out = tmp_path / "template.xlsx"
    assert run("template", str(root), "--project", "LAHF", "--out", str(out)).exit_code == 0
    book = load_workbook(out)
    assert book.sheetnames == ["案例", "计划调整", "选项"]
    ws, replans = book["案例"], book["计划调整"]
    keys = _sheet_keys(ws)
    validations = {dv.formula1: str(dv.sqref) for dv in ws.data_validations.dataValidation}
    for key in ("raised_by", "responsible", "attendees"):
        letter = ws.cell(2, keys.index(key) + 1).column_letter
        assert validations[f"=list_{key}"] == f"{letter}3:{letter}502"
        sheet, span = book.defined_names[f"list_{key}"].attr_text.split("!")
        assert "客户服务部" in [c[0].value for c in book[sheet.strip("'")][span.replace("$", "")]]
    assert ws.cell(3, keys.index("verified.date") + 1).number_format == "yyyy-mm-dd"
    assert _sheet_keys(replans) == ["id", "replans.due", "replans.reason", "replans.evaluation", "replans.recorded"]
    assert replans["A3"].number_format == "@" and replans["B3"].number_format == "yyyy-mm-dd"
    assert "必填" in replans["B1"].comment.text
    values = {"project": "LAHF", "defect": "D-AC-001", "title": "新案例", "phase": 1, "found": "2026-10-30",
              "source": "巡检", "severity": "一般", "status": "整改中", "description": "百叶积灰。",
              "responsible": "设计管理部", "due": "2026-12-10", "id": "LAHF-002", "grade": "A"}
    for key, value in values.items():
        ws.cell(3, keys.index(key) + 1).value = value
    for column, value in enumerate(["LAHF-002", "2026/12/20", "供货延误"], 1):
        replans.cell(3, column).value = value
    book.save(out)
    result = run("import", str(out), str(root))
    assert result.exit_code == 0, result.output
    text = (root / "cases/LAHF/phase-1/LAHF-002.yaml").read_text(encoding="utf-8")
    assert "replans:\n  - due: 2026-12-20\n    reason: |\n      供货延误\n" in text
    assert not validate(root, today=TODAY, use_cache=False).errors
