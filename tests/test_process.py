"""The feedback process as `validate` reports it: notices in every output format, the
report threshold of handbook.yaml, and the process fields in the catalogue."""

from __future__ import annotations

import html
import json
from pathlib import Path
from urllib.parse import unquote

import pytest
from click.testing import CliRunner
from conftest import BROKEN, TODAY, make_root

from generator.catalog import build_catalog
from generator.cli import main
from generator.validation import validate

NOTICE = "old-problem-recurred"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


@pytest.fixture
def recurring(tmp_path: Path) -> Path:
    return make_root(tmp_path, BROKEN / NOTICE)


def test_text_prints_the_notice_and_counts_it_without_failing(recurring: Path) -> None:
    code, out = run("validate", str(recurring), "--strict")
    assert code == 0
    assert "LAHF-001.yaml:2:9: notice: 缺陷类型 D-AC-001" in out and "YQW（2025）" in out and "设计准备阶段" in out
    assert out.strip().endswith("0 个错误，0 个警告，1 个提示。")
    code, out = run("validate", str(recurring), "--lang", "en")
    assert "occurred before in YQW (2025)" in out and "Design preparation" in out
    assert out.strip().endswith("0 errors, 0 warnings, 1 notice.")


def test_quiet_notices_hides_them(recurring: Path) -> None:
    code, out = run("validate", str(recurring), "--quiet-notices")
    assert code == 0 and NOTICE not in out
    assert out.strip().endswith("0 个错误，0 个警告。")


def test_github_annotation_is_a_notice(recurring: Path) -> None:
    _code, out = run("validate", str(recurring), "--format", "github")
    (line,) = out.splitlines()
    assert line.startswith("::notice file=") and "LAHF-001.yaml,line=2,col=9,title=old-problem-recurred::" in line


def test_gitlab_severity_is_info(recurring: Path) -> None:
    _code, out = run("validate", str(recurring), "--format", "gitlab")
    (item,) = json.loads(out)
    assert item["severity"] == "info" and item["check_name"] == NOTICE


def test_json_level_is_notice(recurring: Path) -> None:
    _code, out = run("validate", str(recurring), "--format", "json")
    (item,) = [json.loads(line) for line in out.splitlines()]
    assert item["level"] == "notice" and item["code"] == NOTICE and item["path"] == "$.defect"


def test_a_case_in_the_same_project_or_found_later_is_no_old_problem(tmp_path: Path) -> None:
    root = make_root(tmp_path, BROKEN / NOTICE)
    other = root / "cases/YQW/phase-1/YQW-001.yaml"
    other.write_text(other.read_text(encoding="utf-8").replace("found: 2025-07-01", "found: 2026-11-01"),
                     encoding="utf-8")
    codes = [(p.file, p.code) for p in validate(root, today=TODAY, use_cache=False).problems]
    assert codes == [("cases/YQW/phase-1/YQW-001.yaml", NOTICE)]  # now YQW's is the later one


def test_the_remembered_notices_follow_every_change_they_depend_on(tmp_path: Path) -> None:
    """The notices of an unchanged root come from the cache; each edit they read words them again."""
    root = make_root(tmp_path, BROKEN / NOTICE)

    def shown() -> list[str]:
        def notices(use_cache: bool) -> list[str]:
            return [f"{p.file}:{p.line} {p.message()}" for p in validate(root, today=TODAY, use_cache=use_cache)
                    .problems if p.code == NOTICE]
        assert notices(True) == notices(False)
        return notices(True)

    def edit(rel: str, old: str, new: str) -> None:
        path = root / rel
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")

    first = shown()
    assert len(first) == 1 and first == shown()
    edit("cases/LAHF/phase-1/LAHF-001.yaml", "id: LAHF-001", "# moved down a line\nid: LAHF-001")
    assert shown()[0].startswith("cases/LAHF/phase-1/LAHF-001.yaml:3 ")
    edit("defects/design/D-AC-001.yaml", "title: ", "title: 改名：")
    assert "改名：" in shown()[0]
    edit("cases/YQW/phase-1/YQW-001.yaml", "found: 2025-07-01", "found: 2024-07-01")
    assert "YQW（2024）" in shown()[0]
    edit("cases/YQW/phase-1/YQW-001.yaml", "found: 2024-07-01", "found: 2026-11-01")
    assert [line.split(" ")[0] for line in shown()] == ["cases/YQW/phase-1/YQW-001.yaml:2"]


def test_report_days_come_from_handbook_yaml(tmp_path: Path) -> None:
    root = make_root(tmp_path, BROKEN / "reported-late")  # found 2026-10-01, reported 2026-10-20
    assert [p.code for p in validate(root, today=TODAY, use_cache=False).problems] == ["reported-late"]
    (root / "handbook.yaml").write_text("report_days: 20\n", encoding="utf-8")
    assert validate(root, today=TODAY, use_cache=False).problems == []


def test_the_process_fields_reach_the_catalogue(tmp_path: Path) -> None:
    result = validate(make_root(tmp_path, BROKEN / "process-fields-are-fine"), today=TODAY, use_cache=False)
    case = build_catalog(result.taxonomy, result.valid_records()).cases["LAHF-001"]
    assert (case.raised_by, case.responsible, case.attendees) == ("customer_service", "engineering",
                                                                  ("customer_service", "engineering", "design"))
    assert case.due.isoformat() == "2026-11-05" and case.effective_due.isoformat() == "2026-11-10"
    assert case.replans[0].reason == "百叶到货延误 5 天" and case.verified.by == "customer_service"


def test_the_project_handbook_flags_old_problems_on_the_case(tmp_path: Path) -> None:
    repo = Path(__file__).resolve().parent.parent
    code, out = run("project", "LAHF", str(repo), "--phase", "1", "--format", "html", "--out", str(tmp_path))
    assert code == 0, out
    (page,) = tmp_path.glob("*.html")
    html = page.read_text(encoding="utf-8")
    section = html.split('id="LAHF-007"', 1)[1].split("</section>", 1)[0]
    assert '<p class="old">老问题：本应由“设计准备阶段”的预防措施避免，此前已发生于 云栖湾（' in section


def test_the_format_page_documents_every_case_field_with_an_example(tmp_path: Path) -> None:
    from generator.contract import CASE, CASE_EXAMPLES, field_rows
    from generator.render.site import pages
    from generator.schema import ListOf, Nested

    result = validate(make_root(tmp_path), today=TODAY, use_cache=False)
    page = dict(pages(build_catalog(result.taxonomy, result.valid_records()), "zh", TODAY))["format.md"]()
    page = html.unescape(page)  # as a reader sees it: `_` is written as a character reference for Markdown
    for name, spec in field_rows(CASE):
        assert f"<code>{name}</code>" in page, name
        container = isinstance(spec, Nested) or (isinstance(spec, ListOf) and isinstance(spec.item, Nested))
        assert container or CASE_EXAMPLES.get(name), name
    assert "<td><code>replans.reason</code></td><td>调整原因</td>" in page
    assert "<code>雨季外墙不具备打胶条件</code>" in page and "<code>2024-07-22</code>" in page


def test_the_tracking_page_lists_published_monthly_reports_newest_first(tmp_path: Path) -> None:
    from generator.render.site import pages

    result = validate(make_root(tmp_path), today=TODAY, use_cache=False)
    files = ("handbooks/LAHF-2026-09-缺陷信息月报.pdf", "handbooks/集团-2026-10-缺陷信息月报.docx",
             "handbooks/集团-2026-10-缺陷信息月报.xlsx", "handbooks/LAHF-phase-1.pdf")
    catalog = build_catalog(result.taxonomy, result.valid_records())
    page = dict(pages(catalog, "zh", TODAY, files=files))["tracking.md"]()
    reports = unquote(page.split("## 缺陷信息月报", 1)[1])
    assert reports.index("<td>2026-10</td>") < reports.index("<td>2026-09</td>")
    assert '<td>2026-10</td><td>集团</td><td><a href="../handbooks/集团-2026-10-缺陷信息月报.xlsx">Excel</a> · ' \
        '<a href="../handbooks/集团-2026-10-缺陷信息月报.docx">Word</a></td>' in reports
    assert "LAHF-phase-1" not in reports
