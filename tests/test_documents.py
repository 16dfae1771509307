"""Handbooks and checklists, generated through the CLI and opened again with the
libraries users' tools read them with: openpyxl, python-docx, an HTML parser, pypdf."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import TODAY, make_root
from docx import Document
from openpyxl import load_workbook
from sitekit import copy_sample

from generator.catalog import build_catalog
from generator.cli import main
from generator.documents import review_checklist
from generator.validation import validate


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_sample(tmp_path_factory.mktemp("sample"))


@pytest.fixture(scope="module")
def lahf(sample: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("handbooks")
    code, output = run("project", "LAHF", str(sample), "--phase", "1", "--out", str(out))
    assert code == 0, output
    return out


@pytest.fixture(scope="module")
def catalog(sample: Path):  # type: ignore[no-untyped-def]
    result = validate(sample, today=TODAY, use_cache=False)
    return build_catalog(result.taxonomy, result.valid_records())


def test_all_four_formats_are_written(lahf: Path) -> None:
    assert sorted(p.name for p in lahf.iterdir()) == [f"LAHF-phase-1.{ext}" for ext in ("docx", "html", "pdf", "xlsx")]


def test_xlsx_ledger_keeps_ids_as_text_and_dates_as_dates(lahf: Path, catalog) -> None:  # type: ignore[no-untyped-def]
    book = load_workbook(lahf / "LAHF-phase-1.xlsx")
    assert book.sheetnames == ["台账", "缺陷类型"]
    sheet = book["台账"]
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["编号", "标题", "项目"] and "发现日期" in header and "整改费用（元）" in header
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:S{sheet.max_row}"
    cases = catalog.cases_of_project("LAHF", 1)
    assert sheet.max_row == len(cases) + 1
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    assert set(rows) == {c.id for c in cases}
    first = rows[cases[0].id]
    assert first[0].data_type == "s" and first[0].number_format == "@"
    found = first[header.index("发现日期")]
    assert isinstance(found.value, dt.datetime) and found.value.date() == cases[0].found
    location = [c for c in cases if c.location and c.location[:1].isdigit()]
    assert location  # the sample has locations such as "2栋 1-26层", which must not become numbers
    for case in location:
        cell = rows[case.id][header.index("部位")]
        assert cell.value == case.location and cell.data_type == "s"
    assert sheet.column_dimensions["B"].width > sheet.column_dimensions["D"].width
    types = book["缺陷类型"]
    assert types.max_row - 1 == len({c.defect for c in cases})


def test_docx_has_real_headings_tables_and_every_case(lahf: Path, catalog) -> None:  # type: ignore[no-untyped-def]
    doc = Document(str(lahf / "LAHF-phase-1.docx"))
    headings = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")]
    cases = catalog.cases_of_project("LAHF", 1)
    case_headings = [text for style, text in headings if style == "Heading 2" and re.match(r"LAHF-\d{3} ", text)]
    assert sorted(h.split(" ")[0] for h in case_headings) == sorted(c.id for c in cases)
    assert ("Heading 1", "概况") in headings and ("Heading 1", "附录 A 案例台账") in headings
    assert len(doc.tables) >= 2 * len(cases)
    ledgers = [t for t in doc.tables if t.rows[0].cells[0].text == "编号" and len(t.rows) == len(cases) + 1]
    assert len(ledgers) == 1  # appendix A
    assert sorted(row.cells[0].text for row in ledgers[0].rows[1:]) == sorted(c.id for c in cases)
    east_asian = doc.styles["Normal"].element.rPr.rFonts.get(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
    assert east_asian == "宋体"


def test_html_is_self_contained_and_holds_every_case(lahf: Path, catalog) -> None:  # type: ignore[no-untyped-def]
    html = (lahf / "LAHF-phase-1.html").read_text(encoding="utf-8")

    class Collect(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.ids: set[str] = set()
            self.urls: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            for name, value in attrs:
                if name == "id" and value:
                    self.ids.add(value)
                if name in ("src", "href") and value:
                    self.urls.append(value)

    parser = Collect()
    parser.feed(html)
    assert {c.id for c in catalog.cases_of_project("LAHF", 1)} <= parser.ids
    assert not [u for u in parser.urls if re.match(r"(https?:)?//", u)]
    assert "@page" in html and "counter(page)" in html  # no script from record text: test_html_cleaning.py


def test_pdf_text_is_chinese(lahf: Path, catalog) -> None:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    reader = PdfReader(str(lahf / "LAHF-phase-1.pdf"))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "澜岸华府" in text and "产品服务缺陷反馈手册" in text
    case = catalog.cases_of_project("LAHF", 1)[0]
    assert case.id in text
    assert len(reader.pages) > 10


def test_photos_are_embedded(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    (root / "handbook.yaml").write_text("minimum_cases: 1\n", encoding="utf-8")
    out = tmp_path / "out"
    code, output = run("project", "LAHF", str(root), "--format", "html,docx", "--out", str(out))
    assert code == 0, output
    assert 'src="data:image/png;base64,' in (out / "LAHF-phase-1.html").read_text(encoding="utf-8")
    assert len(Document(str(out / "LAHF-phase-1.docx")).inline_shapes) == 1


def test_a_phase_below_the_minimum_fails_with_counts(base_root: Path, tmp_path: Path) -> None:
    code, output = run("project", "LAHF", str(base_root), "--out", str(tmp_path / "out"))
    assert code == 1
    assert "只有 1 个案例，少于手册要求的 30 个（还差 29 个）" in output and "--draft" in output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_draft_is_marked_on_every_page(base_root: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, output = run("project", "LAHF", str(base_root), "--draft", "--out", str(out), "--format", "html,docx,xlsx")
    assert code == 0, output
    assert 'class="draft-mark"' in (out / "LAHF-phase-1-draft.html").read_text(encoding="utf-8")
    doc = Document(str(out / "LAHF-phase-1-draft.docx"))
    assert "草稿" in doc.sections[0].header.paragraphs[0].text
    assert load_workbook(out / "LAHF-phase-1-draft.xlsx").sheetnames[0] == "台账（草稿）"


def test_the_minimum_comes_from_handbook_yaml(base_root: Path, tmp_path: Path) -> None:
    (base_root / "handbook.yaml").write_text("minimum_cases: 1\ncompiled_by: 客户关系部\n", encoding="utf-8")
    code, _ = run("project", "LAHF", str(base_root), "--format", "html", "--out", str(tmp_path / "out"))
    assert code == 0
    assert "客户关系部" in (tmp_path / "out" / "LAHF-phase-1.html").read_text(encoding="utf-8")


def test_usage_errors(base_root: Path) -> None:
    assert run("project", "NOPE", str(base_root))[0] == 2
    assert run("project", "LAHF", str(base_root), "--phase", "7")[0] == 2
    assert run("project", "LAHF", str(base_root), "--format", "html,odt")[0] == 2
    assert run("review", str(base_root), "--stage", "施工")[0] == 2


def test_missing_pdf_support_is_explained_and_other_formats_still_written(
        base_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.render import pdf

    def unavailable() -> None:
        raise pdf.PdfUnavailable("没有找到中文字体，PDF 中的汉字会显示为方框。"
                                 "在 Debian/Ubuntu 上运行：apt-get install fonts-noto-cjk")

    monkeypatch.setattr(pdf, "check", unavailable)
    out = tmp_path / "out"
    code, output = run("project", "LAHF", str(base_root), "--draft", "--out", str(out))
    assert code == 1
    assert "apt-get install fonts-noto-cjk" in output
    assert sorted(p.suffix for p in out.iterdir()) == [".docx", ".html", ".xlsx"]


def test_company_handbook_ranks_recurring_types(sample: Path, catalog, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, output = run("company", str(sample), "--format", "xlsx,docx", "--out", str(tmp_path))
    assert code == 0, output
    sheet = load_workbook(tmp_path / "company.xlsx")["缺陷类型排名"]
    ranked = [row[1].value for row in sheet.iter_rows(min_row=2)]
    assert len(ranked) == 31 and ranked == [r.defect.id for r in catalog.ranking() if r.cases]
    assert load_workbook(tmp_path / "company.xlsx")["案例台账"].max_row == len(catalog.cases) + 1
    doc = Document(str(tmp_path / "company.docx"))
    assert any("老问题" in p.text for p in doc.paragraphs if p.style.name == "Heading 2")


def test_review_checklist_lists_measures_of_the_stage_by_priority(sample: Path, catalog, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, output = run("review", str(sample), "--stage", "design", "--project", "LAHF", "--out", str(tmp_path))
    assert code == 0, output
    sheet = load_workbook(tmp_path / "review-design-LAHF.xlsx")["检查清单"]
    assert [c.value for c in sheet[1]][7:12] == ["符合", "不符合", "不适用", "说明", "责任人"]
    listed: dict[str, list[str]] = {}
    scores = []
    for row in sheet.iter_rows(min_row=2, values_only=True):
        listed.setdefault(str(row[1]), []).append(str(row[6]))
        scores.append(row[3])
    assert scores == sorted(scores, reverse=True)
    # The oracle is the records themselves: each type's design measures as its YAML file lists them.
    design = {defect_id: measures for defect_id, measures in yaml_measures(sample, "design", "设计准备阶段").items()
              if measures}
    assert listed and set(listed) <= set(design)
    assert all(listed[d] == design[d] for d in listed)
    in_lahf = {c.defect for c in catalog.cases.values() if c.project == "LAHF"}
    assert in_lahf & set(design) <= set(listed)
    markdown = (tmp_path / "review-design-LAHF.md").read_text(encoding="utf-8")
    assert "优先级 = 10 × 涉及项目数" in markdown and "| 符合 | 不符合 | 不适用 | 说明 | 责任人 |" in markdown


def yaml_measures(root: Path, *stage_names: str) -> dict[str, list[str]]:
    """Each defect type's measures for a stage, read from its YAML file (key or label)."""
    import yaml

    found = {}
    for path in (root / "defects").rglob("D-*.yaml"):
        prevention = yaml.safe_load(path.read_text(encoding="utf-8")).get("prevention") or {}
        found[path.stem] = [m for name in stage_names for m in prevention.get(name) or []]
    return found


def write_case(root: Path, rel: str, **fields: object) -> None:
    path = root / "cases" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"{key}: {value}\n" for key, value in fields.items()), encoding="utf-8")


def test_review_priority_is_the_documented_formula(base_root: Path, tmp_path: Path) -> None:
    """Two types with figures chosen by hand; the scores below are the README's formula worked out."""
    (base_root / "cases" / "YQW").mkdir()
    (base_root / "cases" / "YQW" / "project.yaml").write_text(
        "code: YQW\nname: 悦秋湾\nproduct_types: [高层]\nphases:\n  - phase: 1\n    delivered: 2021-12-20\n",
        encoding="utf-8")
    common = {"phase": 1, "source": "保修", "status": "待决策", "description": "描述"}
    write_case(base_root, "YQW/phase-1/YQW-001.yaml", id="YQW-001", defect="D-AC-001", title="百叶过密",
               found="2022-05-01", households=40, cost=50000, compensation=30000, severity="重大", **common)
    d1 = (base_root / "defects" / "design" / "D-AC-001.yaml").read_text(encoding="utf-8")
    (base_root / "defects" / "D-AC-002.yaml").write_text(d1.replace("D-AC-001", "D-AC-002"), encoding="utf-8")
    write_case(base_root, "YQW/phase-1/YQW-002.yaml", id="YQW-002", defect="D-AC-002", title="机位狭小",
               found="2022-06-01", households=5, severity="一般", **common)
    code, output = run("review", str(base_root), "--stage", "设计准备阶段", "--format", "xlsx,md",
                       "--out", str(tmp_path))
    assert code == 0, output
    # D-AC-001: LAHF-001 (hot, 12 households, 36,000 yuan, 2026) and YQW-001 (major, 40 households,
    # 50,000 + 30,000 yuan, 2022): 10 × 2 projects + 5 × 2 (major) + 2 × 2 cases + 52 ÷ 50
    # + 11.6 (10,000 yuan) ÷ 10 + 5 (a case in the last three years) = 20 + 10 + 4 + 1.04 + 1.16 + 5
    # D-AC-002: YQW-002 only (general, 5 households, no cost, 2022): 10 + 0 + 2 + 0.1 + 0 + 0
    expected = {"D-AC-001": 41.2, "D-AC-002": 12.1}
    sheet = load_workbook(tmp_path / "review-design.xlsx")["检查清单"]
    assert {row[1]: row[3] for row in sheet.iter_rows(min_row=2, values_only=True)} == expected
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["D-AC-001", "D-AC-002"]
    markdown = (tmp_path / "review-design.md").read_text(encoding="utf-8")
    assert "D-AC-001 空调外机百叶过密，外机散热不良停机（优先级 41.2）" in markdown
    assert "（优先级 12.1）" in markdown


def test_review_filters_by_department_and_product_type(catalog) -> None:  # type: ignore[no-untyped-def]
    everything = review_checklist(catalog, "construction", TODAY)
    sales = review_checklist(catalog, "construction", TODAY, department="marketing")
    assert 0 < len(sales.items) < len(everything.items)
    assert {i.defect.id for i in sales.items} == {
        i.defect.id for i in everything.items if not i.defect.departments or "marketing" in i.defect.departments}
    villas = review_checklist(catalog, "construction", TODAY, product_types=("联排别墅",))
    in_villas = {d for d in catalog.defects if not catalog.cases_of_defect(d)
                 or any("联排别墅" in catalog.projects[c.project].product_types for c in catalog.cases_of_defect(d))}
    assert {i.defect.id for i in villas.items} == {i.defect.id for i in everything.items} & in_villas
    assert 0 < len(villas.items) < len(everything.items)


def test_build_with_handbooks_links_them_from_the_project_page(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    out = tmp_path / "site"
    code, output = run("build", str(root), "--handbooks", "--out", str(out))
    assert code == 0, output
    page = (out / "projects" / "LAHF" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../handbooks/LAHF-phase-1-draft.docx"' in page
    assert (out / "handbooks" / "LAHF-phase-1-draft.xlsx").is_file()
    assert (out / "reviews" / "design" / "index.html").is_file()


def test_a_long_pdf_is_laid_out_in_parts_joined_and_numbered(catalog, sample: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    import io

    from pypdf import PdfReader

    from generator.config import Config
    from generator.documents import project_handbook
    from generator.render import html, pdf

    doc = project_handbook(catalog, "LAHF", 1, Config(), TODAY)
    page = html.project_handbook(doc, "zh", html.photo_data_uri(sample))
    monkeypatch.setattr(pdf, "SPLIT_ABOVE", 1000)
    assert len(pdf._parts(page)) == 2
    reader = PdfReader(io.BytesIO(pdf.from_html(page)))
    texts = [p.extract_text() for p in reader.pages]
    assert all(text.rstrip().endswith(str(n)) for n, text in enumerate(texts[1:], 2))
    assert "澜岸华府" in texts[0] and "附录 B 引用的缺陷类型" in "".join(texts)
    assert len(reader.outline) > 3  # bookmarks of both parts survive the join


def test_documents_in_english(base_root: Path, tmp_path: Path) -> None:
    code, output = run("project", "LAHF", str(base_root), "--draft", "--lang", "en", "--format", "xlsx,docx",
                       "--out", str(tmp_path))
    assert code == 0, output
    book = load_workbook(tmp_path / "LAHF-phase-1-draft.xlsx")
    assert book.sheetnames == ["Ledger (draft)", "Defect types"]
    assert [c.value for c in book.active[1]][:4] == ["Id", "Title", "Project", "Phase"]
    assert book.active["N2"].value == "Hot"  # severity label in English
    headings = [p.text for p in Document(str(tmp_path / "LAHF-phase-1-draft.docx")).paragraphs
                if p.style.name == "Heading 1"]
    assert "Overview" in headings and "Appendix A: case ledger" in headings
