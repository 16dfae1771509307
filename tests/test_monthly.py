"""`handbook monthly`: the workbook's counts equal those computed straight from the YAML records."""

from __future__ import annotations

import html
from collections import Counter
from datetime import date
from pathlib import Path

import docx
import openpyxl
import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main
from generator.taxonomy import default_taxonomy

REPO = Path(__file__).resolve().parent.parent
MONTH = "2026-10"
TAX = default_taxonomy()


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def records() -> list[dict]:
    """The sample's cases read with plain PyYAML, independently of the generator's loader."""
    defects = {d["id"]: d for d in (yaml.safe_load(p.read_text(encoding="utf-8"))
                                    for p in (REPO / "defects").rglob("D-*.yaml"))}
    out = []
    for path in (REPO / "cases").rglob("*-[0-9][0-9][0-9].yaml"):
        case = yaml.safe_load(path.read_text(encoding="utf-8"))
        case["category"] = TAX.normalize("category", str(defects[case["defect"]]["category"]))
        case["status"] = TAX.normalize("status", str(case["status"]))
        case["severity"] = TAX.normalize("severity", str(case["severity"]))
        out.append(case)
    return out


def month_of(value: object) -> str:
    return str(value)[:7] if value else ""


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    out = tmp_path_factory.mktemp("monthly")
    code, output = run("monthly", "--month", MONTH, str(REPO), "--format", "xlsx,docx", "--out", str(out))
    assert code == 0, output
    return openpyxl.load_workbook(out / f"集团-{MONTH}-缺陷信息月报.xlsx"), out


def sheet(book: openpyxl.Workbook, name: str) -> dict[str, object]:
    return {row[0]: row[1] for row in book[name].iter_rows(min_row=2, values_only=True)}


def test_summary_counts_equal_the_records(book: tuple) -> None:
    workbook, _out = book
    cases = records()
    end = date(2026, 10, 31)
    summary = sheet(workbook, "本月概况")
    assert summary["本月发现"] == sum(1 for c in cases if month_of(c["found"]) == MONTH)
    assert summary["本月关闭"] == sum(1 for c in cases if month_of(c.get("closed")) == MONTH)
    still_open = [c for c in cases if c["found"] <= end and not (c["status"] == "closed" and c["closed"] <= end)]
    assert summary["月末未关闭"] == len(still_open)
    majors = [c for c in cases if month_of(c["found"]) == MONTH and c["severity"] in ("major", "crisis")]
    assert summary["本月重大与危机案例"] == len(majors)
    replans = [r for c in cases for r in c.get("replans", []) if month_of(r.get("recorded")) == MONTH]
    assert summary["本月调整计划"] == len(replans) and len(replans) > 0


def test_found_by_category_lists_every_class(book: tuple) -> None:
    workbook, _out = book
    expected = Counter(c["category"] for c in records() if month_of(c["found"]) == MONTH)
    by_category = sheet(workbook, "本月发现：按分类")
    assert list(by_category) == ["工程质量", "规划设计", "销售管理", "客户服务", "物业管理", "其他"]
    assert by_category == {TAX.label("category", key): expected[key] for key in TAX.terms["category"]}


def test_trend_has_the_month_and_the_twelve_before(book: tuple) -> None:
    workbook, _out = book
    trend = list(workbook["近 13 个月发现与关闭的案例"].iter_rows(min_row=2, values_only=True))
    assert trend[0][0] == "2025-10" and trend[-1][0] == MONTH and len(trend) == 13
    found = Counter(month_of(c["found"]) for c in records())
    assert [row[1] for row in trend] == [found[row[0]] for row in trend]


def test_word_report_has_the_sections_as_tables(book: tuple) -> None:
    _workbook, out = book
    document = docx.Document(str(out / f"集团-{MONTH}-缺陷信息月报.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == "本月概况" and "本月重大与危机案例" in headings and headings[-1].startswith("近 13 个月")
    assert len(document.tables) >= 8


def test_html_draws_the_trend_as_svg(tmp_path: Path) -> None:
    code, _ = run("monthly", "--month", MONTH, str(REPO), "--project", "LAHF", "--format", "html", "--out",
                  str(tmp_path))
    assert code == 0
    page = (tmp_path / f"LAHF-{MONTH}-缺陷信息月报.html").read_text(encoding="utf-8")
    assert "<svg" in page and "澜岸华府" in page


def test_bad_month_or_project_is_a_usage_error() -> None:
    assert run("monthly", "--month", "2026-13", str(REPO))[0] == 2
    assert run("monthly", "--month", MONTH, str(REPO), "--project", "NOPE")[0] == 2


def test_english_report_has_an_english_title(tmp_path: Path) -> None:
    code, _ = run("monthly", "--month", MONTH, str(REPO), "--project", "LAHF", "--format", "html", "--lang", "en",
                  "--out", str(tmp_path))
    assert code == 0
    # as a reader sees it: record text and labels are written as character references
    page = html.unescape((tmp_path / f"LAHF-{MONTH}-缺陷信息月报.html").read_text(encoding="utf-8"))
    assert "<h1>澜岸华府（LAHF）: monthly defect report, October 2026</h1>" in page
    assert "Found this month" in page


def test_pdf_lists_a_long_section_as_one_line_per_case(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Above COMPACT_ABOVE rows the PDF prints lines, not a table (WeasyPrint's table layout was
    too slow for the group's report); every case found in the month is still on its own line."""
    pypdf = pytest.importorskip("pypdf")
    from generator.render import monthly as layout

    monkeypatch.setattr(layout, "COMPACT_ABOVE", 1)
    code, output = run("monthly", "--month", MONTH, str(REPO), "--format", "pdf,html", "--out", str(tmp_path))
    assert code == 0, output
    found = sorted(c["id"] for c in records() if month_of(c["found"]) == MONTH)
    assert len(found) > 1
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(tmp_path / f"集团-{MONTH}-缺陷信息月报.pdf").pages)
    starts = {line.split()[0] for line in text.splitlines() if line.split()}
    assert set(found) <= starts
    assert "编号 项目 标题" in " ".join(text.split())  # the line naming the fields
    page = html.unescape((tmp_path / f"集团-{MONTH}-缺陷信息月报.html").read_text(encoding="utf-8"))
    assert all(f"<td>{case_id}</td>" in page for case_id in found)  # the screen report keeps its tables
