"""Ledgers as staff keep them: each quirk gives a correct value or a clear problem at its cell.

The expected lines are exact (`sheet!cell: level [code]`), like tests/broken/*/expected.txt for
the validator (tests/broken_ledgers/ holds one committed ledger per problem code).
"""

from __future__ import annotations

import re
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from conftest import TODAY, make_root
from ledgerkit import HEADER, make_ledger, row, run, set_cached_value, snapshot
from openpyxl.utils.datetime import from_excel

from generator.validation import validate

_LINE = re.compile(r"^(\S+!\w+\d+): (error|warning): .* \[([a-z0-9-]+)\]$", re.M)


def problems(output: str) -> list[str]:
    return [f"{cell}: {level} [{code}]" for cell, level, code in _LINE.findall(output)]


def case_text(root: Path, case_id: str) -> str:
    return next((root / "cases").rglob(f"{case_id}.yaml")).read_text(encoding="utf-8")


def test_a_plain_ledger_with_title_aliases_merged_cells_blank_and_total_rows(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    header = ["项目代码", "编号", "缺陷类型", "标题", "期号", "发现时间", "来源", "部位", "户数", "严重程度", "等级",
              "状态", "关闭日期", "问题描述", "整改措施", "备注"]
    serial = 46300

    def line(case_id: str, found: object, **more: object) -> list[object]:
        values = {"项目代码": "LAHF", "编号": case_id, "缺陷类型": "D-AC-001", "标题": "空调百叶过密", "期号": 1,
                  "发现时间": found, "来源": "业主投诉", "部位": "6栋", "户数": 3, "严重程度": "一般", "等级": "A",
                  "状态": "已关闭", "关闭日期": "2026-11-01", "问题描述": "外机停机。", "整改措施": "更换百叶。",
                  "备注": "已回访"} | more
        return [values[h] for h in header]

    rows = [line("", datetime(2026, 10, 21)),
            line("ＬＡＨＦ－０１０", "2026/10/3", 严重程度="一般 ", 来源="业主投诉\n", 等级="ａ"),
            line("", "2026.10.04"), [None] * len(header), line("", "2026年10月5日"), line("", serial),
            ["合计", None, None, None, None, None, None, None, 15]]
    for r in rows[1:3] + rows[4:6]:
        r[0] = None  # written once, merged over the project's rows
    ledger = make_ledger(tmp_path / "台账.xlsx", rows, header, above=[["澜岸华府一期缺陷台账"]], merged=["A3:A8"])
    result = run("import", str(ledger), str(root))
    assert problems(result.output) == ["台账!P2: warning [ledger-unknown-column]",
                                       "台账!A3: warning [ledger-merged-cells]",
                                       "台账!A9: warning [ledger-total-row]"]
    assert "合并单元格 A3:A8 的值 “LAHF” 已用于其中的 6 行" in result.output
    assert result.exit_code == 0, result.output
    assert "已新建 5 个、更新 0 个案例文件" in result.output
    assert validate(root, today=TODAY, use_cache=False).errors == []
    assert "found: 2026-10-03\n" in case_text(root, "LAHF-010")
    assert "source: 业主投诉\nlocation: 6栋\n" in case_text(root, "LAHF-010")
    assert "grade: a\n" in case_text(root, "LAHF-010") or "grade: A\n" in case_text(root, "LAHF-010")
    found = {case_id: re.search(r"found: (\S+)", case_text(root, case_id))[1]  # type: ignore[index]
             for case_id in ("LAHF-011", "LAHF-012", "LAHF-013", "LAHF-014")}
    assert found == {"LAHF-011": "2026-10-21", "LAHF-012": "2026-10-04", "LAHF-013": "2026-10-05",
                     "LAHF-014": from_excel(serial).date().isoformat()}
    text = case_text(root, "LAHF-011")
    assert text.startswith("# yaml-language-server: $schema=../../../schema/case.json\n"
                           "id: LAHF-011\nproject: LAHF\ndefect: D-AC-001\ntitle: 空调百叶过密\nphase: 1\n")
    assert "description: |\n  外机停机。\n" in text
    assert (root / "cases/LAHF/phase-1/LAHF-011.yaml").is_file()


def test_every_problem_of_every_row_at_once_at_its_cell_and_nothing_written(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    rows = [row(发现日期="2026-02-30"), row(严重程度="很严重", 标题=None), row(发现日期="2099-01-01"),
            row(缺陷类型="D-AC-999")]
    ledger = make_ledger(tmp_path / "ledger.xlsx", rows)
    before = snapshot(root)
    result = run("import", str(ledger), str(root), "--project", "LAHF")
    assert result.exit_code == 1
    assert problems(result.output) == ["台账!E2: error [invalid-date]", "台账!C3: error [missing-field]",
                                       "台账!I3: error [invalid-value]", "台账!E4: error [future-date]",
                                       "台账!L4: error [closed-before-found]", "台账!B5: error [broken-reference]"]
    assert "台账!E2: error: “found” 的值 “2026-02-30” 不是有效日期" in result.output \
        or "台账!E2: error: “发现日期”（found）的值 “2026-02-30” 不是有效日期" in result.output
    assert "台账有 6 个错误" in result.output and snapshot(root) == before


def test_english_messages(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    ledger = make_ledger(tmp_path / "ledger.xlsx", [row(发现日期="2026-02-30")])
    result = run("import", str(ledger), str(root), "--project", "LAHF", "--lang", "en")
    assert "台账!E2: error: 'found' value '2026-02-30' is not a valid date [invalid-date]" in result.output
    assert "nothing was written" in result.output


def test_room_numbers_excel_made_numbers_and_truncated_long_numbers(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    ledger = make_ledger(tmp_path / "ledger.xlsx", [row(部位=301)])
    result = run("import", str(ledger), str(root), "--project", "LAHF")
    assert problems(result.output) == ["台账!G2: warning [ledger-number-as-text]"]
    assert "设置单元格格式 → 文本" in result.output and result.exit_code == 0
    assert 'location: "301"\n' in case_text(root, "LAHF-002")
    ledger = make_ledger(tmp_path / "long.xlsx", [row(部位=1234567890123456789)])
    result = run("import", str(ledger), str(root), "--project", "LAHF")
    assert problems(result.output) == ["台账!G2: error [ledger-long-number]"] and result.exit_code == 1


def test_formula_cells_give_their_cached_value_or_a_problem(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    ledger = make_ledger(tmp_path / "ledger.xlsx", [row(涉及户数="=1+2")])
    result = run("import", str(ledger), str(root), "--project", "LAHF")
    assert problems(result.output) == ["台账!H2: error [ledger-formula-no-value]"] and result.exit_code == 1
    set_cached_value(ledger, "H2", "3")
    result = run("import", str(ledger), str(root), "--project", "LAHF")
    assert result.exit_code == 0, result.output
    assert "households: 3\n" in case_text(root, "LAHF-002")


def test_rows_without_a_known_project(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    ledger = make_ledger(tmp_path / "ledger.xlsx", [row()])
    result = run("import", str(ledger), str(root))
    assert problems(result.output) == ["台账!A2: error [ledger-no-project]"] and result.exit_code == 1
    ledger = make_ledger(tmp_path / "other.xlsx", [row(编号="LAFH-001")])
    result = run("import", str(ledger), str(root))
    assert problems(result.output) == ["台账!A2: error [ledger-unknown-project]"]
    assert "项目 “LAFH” 不存在（已有：LAHF）" in result.output
    result = run("import", str(ledger), str(root), "--project", "LAFH")
    assert result.exit_code == 2 and "没有项目 “LAFH”；已有：LAHF" in result.output


def test_dates_of_the_1904_system(tmp_path: Path) -> None:
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    root = make_root(tmp_path)
    serial = (datetime(2026, 10, 21) - CALENDAR_MAC_1904).days
    assert from_excel(serial).date().isoformat() != "2026-10-21"  # the 1900 reading would be four years off
    ledger = make_ledger(tmp_path / "mac.xlsx", [row(发现日期=serial)], epoch_1904=True)
    result = run("import", str(ledger), str(root), "--project", "LAHF")
    assert result.exit_code == 0, result.output
    assert "found: 2026-10-21\n" in case_text(root, "LAHF-002")


def test_the_hidden_key_row_wins_over_renamed_headers(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    root = make_root(tmp_path)
    ledger = tmp_path / "export.xlsx"
    assert run("export", str(root), "--out", str(ledger)).exit_code == 0
    book = load_workbook(ledger)
    ws = book["案例"]
    ws["D1"] = "案例名称（我们的叫法）"
    ws.move_range("A1:A3", cols=30)  # the id column moved to the far right
    book.save(ledger)
    before = snapshot(root)
    result = run("import", str(ledger), str(root), "--update")
    assert result.exit_code == 0, result.output
    assert problems(result.output) == [] and snapshot(root) == before


@pytest.mark.parametrize(("content", "words"), [
    (b"id,title\nLAHF-001,x\n", "不是 Excel 工作簿"),
    (b"", "不是 Excel 工作簿"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100 + "EncryptedPackage".encode("utf-16-le"), "设有打开密码"),
])
def test_a_file_that_cannot_be_read_gives_one_line(tmp_path: Path, content: bytes, words: str) -> None:
    root = make_root(tmp_path)
    ledger = tmp_path / "ledger.xlsx"
    ledger.write_bytes(content)
    result = run("import", str(ledger), str(root))
    assert result.exit_code == 1
    assert words in result.output and len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output and "内部错误" not in result.output


def test_no_recognisable_header_and_a_broken_xls(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    ledger = make_ledger(tmp_path / "notes.xlsx", [["明天开会"], ["带上资料"]], header=["会议记录"])
    result = run("import", str(ledger), str(root))
    assert result.exit_code == 1 and "没有可识别的表头" in result.output
    assert len(result.output.strip().splitlines()) == 1
    xls = tmp_path / "old.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    result = run("import", str(xls), str(root))
    assert result.exit_code == 1 and len(result.output.strip().splitlines()) == 1 and "xlsx" in result.output


def _ods(path: Path, rows: list[list[str]]) -> Path:
    cells = "".join("<table:table-row>" + "".join(
        f'<table:table-cell office:value-type="string"><text:p>{v}</text:p></table:table-cell>' for v in r)
        + "</table:table-row>" for r in rows)
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
               f'<office:body><office:spreadsheet><table:table table:name="台账">{cells}</table:table>'
               '</office:spreadsheet></office:body></office:document-content>')
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                '</manifest:manifest>')
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", manifest)
    return path


def test_an_ods_ledger_is_read_with_calamine(tmp_path: Path) -> None:
    pytest.importorskip("python_calamine")
    root = make_root(tmp_path)
    ledger = _ods(tmp_path / "ledger.ods", [HEADER, [str(v) for v in row()]])
    result = run("import", str(ledger), str(root), "--project", "LAHF")
    assert result.exit_code == 0, result.output
    assert "title: 空调百叶过密\n" in case_text(root, "LAHF-002")


def test_an_id_twice_in_the_ledger_is_a_duplicate(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    ledger = make_ledger(tmp_path / "ledger.xlsx", [row(编号="LAHF-005"), row(编号="LAHF-005")])
    before = snapshot(root)
    result = run("import", str(ledger), str(root), "--project", "LAHF")
    assert problems(result.output) == ["台账!A3: error [duplicate-id]"] and "另见 台账!A2" in result.output
    assert result.exit_code == 1 and snapshot(root) == before


def test_hidden_rows_and_columns_are_data_a_hidden_sheet_is_not_read(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    root = make_root(tmp_path)
    ledger = make_ledger(tmp_path / "ledger.xlsx", [row(标题="看得见"), row(标题="藏起来的行")])
    book = load_workbook(ledger)
    ws = book["台账"]
    ws.row_dimensions[3].hidden = True
    ws.column_dimensions["G"].hidden = True
    other = book.create_sheet("旧台账")
    other.append(HEADER)
    other.append(row(标题="隐藏工作表"))
    other.sheet_state = "hidden"
    book.save(ledger)
    result = run("import", str(ledger), str(root), "--project", "LAHF")
    assert result.exit_code == 0, result.output
    texts = [case_text(root, f"LAHF-00{n}") for n in (2, 3)]
    assert "title: 藏起来的行\n" in texts[1] and all("location: 6栋\n" in t for t in texts)
    assert not list((root / "cases").rglob("LAHF-004.yaml"))


def test_a_workbook_whose_dimension_says_a1_as_wps_writes_it(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    ledger = make_ledger(tmp_path / "wps.xlsx", [row(), row()])
    temp = tmp_path / "wps2.xlsx"
    with zipfile.ZipFile(ledger) as source, zipfile.ZipFile(temp, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1"', data)
                assert b'<dimension ref="A1"' in data
            target.writestr(item, data)
    result = run("import", str(temp), str(root), "--project", "LAHF")
    assert result.exit_code == 0, result.output
    assert "已新建 2 个" in result.output


def test_project_by_name_and_phase_as_staff_write_it(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    header = ["项目", *HEADER]
    ledger = make_ledger(tmp_path / "ledger.xlsx", [["澜岸华府", *row(期号="一期")], ["ＬＡＨＦ ", *row(期号="第1期")]],
                         header)
    result = run("import", str(ledger), str(root))
    assert result.exit_code == 0, result.output
    assert "project: LAHF\n" in case_text(root, "LAHF-002") and "phase: 1\n" in case_text(root, "LAHF-002")
    assert "phase: 1\n" in case_text(root, "LAHF-003")


def test_update_of_a_file_in_braces_is_refused_not_rewritten(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    case = root / "cases/LAHF/phase-1/LAHF-001.yaml"
    flow = ('{id: LAHF-001, defect: D-AC-001, title: 空调百叶过密, phase: 1, found: 2026-10-20, source: 业主投诉,\n'
            ' severity: 一般, status: 待决策, description: 外机停机。}  # 一行写完\n')
    case.write_text(flow, encoding="utf-8")
    ledger = make_ledger(tmp_path / "ledger.xlsx", [row(编号="LAHF-001", 标题="新标题", 状态="待决策", 等级=None,
                                                        关闭日期=None, 整改措施=None)])
    result = run("import", str(ledger), str(root), "--update")
    assert problems(result.output) == ["台账!A2: error [ledger-update-layout]"] and result.exit_code == 1
    assert case.read_text(encoding="utf-8") == flow



def test_headers_with_notes_and_values_as_staff_type_them(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    header = [h + "（必填）" if h in ("标题", "发现日期") else h for h in HEADER] + ["整改费用（元）"]
    ledger = make_ledger(tmp_path / "ledger.xlsx", [
        [*row(发现日期="2026/10/21 0:00", 等级="A类", 涉及户数="12户"), "468,000 元"],
        [*row(发现日期="2026/10/22 00:00:00", 等级="b 级"), "¥1,200"],
        [*row(), "12万元"]], header)
    result = run("import", str(ledger), str(root), "--project", "LAHF", "--dry-run")
    assert problems(result.output) == ["台账!O4: error [number-with-unit]"]
    ledger = make_ledger(tmp_path / "ledger.xlsx", [
        [*row(发现日期="2026/10/21 0:00", 等级="A类", 涉及户数="12户"), "468,000 元"],
        [*row(发现日期="2026/10/22 00:00:00", 等级="b 级"), "¥1,200"]], header)
    result = run("import", str(ledger), str(root), "--project", "LAHF")
    assert result.exit_code == 0, result.output
    first, second = case_text(root, "LAHF-002"), case_text(root, "LAHF-003")
    assert "found: 2026-10-21\n" in first and "grade: A\n" in first and "households: 12\n" in first
    assert "cost: 468000\n" in first and "title: 空调百叶过密\n" in first
    assert "found: 2026-10-22\n" in second and "grade: b\n" in second and "cost: 1200\n" in second


def test_two_header_rows_the_one_naming_fields_is_the_header(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    groups = ["基本信息", None, None, None, "发现", None, None, None, "处理", None, None, None, None, None]
    ledger = make_ledger(tmp_path / "ledger.xlsx", [row()], above=[groups], merged=["A1:D1", "E1:H1", "I1:N1"])
    result = run("import", str(ledger), str(root), "--project", "LAHF")
    assert result.exit_code == 0, result.output
    assert problems(result.output) == [] and "title: 空调百叶过密\n" in case_text(root, "LAHF-002")
