"""The three forms read back as users open them: Word with python-docx, PDF with pypdf, HTML parsed."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from conftest import make_root

from generator.catalog import build_catalog
from generator.cli import main
from generator.validation import validate

REPO = Path(__file__).resolve().parent.parent
TITLES = {"contact": "缺陷反馈联系单", "decision": "缺陷决策单", "confirmation": "缺陷反馈确认单"}


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def words(path: Path) -> str:
    document = docx.Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.fixture(scope="module")
def phase_forms(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("forms")
    code, output = run("forms", "--project", "LAHF", "--phase", "1", str(REPO), "--format", "docx", "--out", str(out))
    assert code == 0, output
    return out


def test_a_phase_gets_one_word_file_per_form_kind_with_every_case(phase_forms: Path) -> None:
    result = validate(REPO, use_cache=False)
    ids = [c.id for c in build_catalog(result.taxonomy, result.valid_records()).cases_of_project("LAHF", 1)]
    assert sorted(p.name for p in phase_forms.iterdir()) == sorted(f"LAHF-一期-{t}.docx" for t in TITLES.values())
    for title in TITLES.values():
        text = words(phase_forms / f"LAHF-一期-{title}.docx")
        assert text.count(f"《{title}》") == len(ids)
        assert all(case_id in text for case_id in ids)
        assert "None" not in text


def test_word_forms_are_real_tables_a_page_per_case(phase_forms: Path) -> None:
    document = docx.Document(str(phase_forms / "LAHF-一期-缺陷反馈确认单.docx"))
    breaks = sum(1 for p in document.paragraphs for r in p.runs if 'w:br w:type="page"' in r._r.xml)
    first = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert breaks == len(document.tables) // 3 - 1  # fields, plan history, signatures per form
    assert first[0][0] == "项目" and first[2] == ["编号", "LAHF-001"]


def test_a_case_not_yet_decided_gets_blank_lines_not_none(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    case = root / "cases/LAHF/phase-1/LAHF-002.yaml"
    case.write_text("id: LAHF-002\ndefect: D-AC-001\ntitle: 6栋外机停机\nphase: 1\nfound: 2026-11-01\n"
                    "source: 业主投诉\nseverity: 一般\nstatus: 待决策\ndescription: 外机停机。\n", encoding="utf-8")
    code, output = run("forms", "LAHF-002", str(root), "--kind", "decision,confirmation", "--format", "docx",
                       "--out", str(tmp_path / "out"), "--split")
    assert code == 0, output
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == ["LAHF-002-缺陷决策单.docx", "LAHF-002-缺陷反馈确认单.docx", "LAHF-一期-缺陷决策单.docx",
                     "LAHF-一期-缺陷反馈确认单.docx"]
    table = docx.Document(str(tmp_path / "out/LAHF-002-缺陷决策单.docx")).tables[0]
    rows = {row.cells[0].text: row.cells[1].text for row in table.rows}
    assert rows["决策会日期"] == "" and rows["责任部门"] == "" and rows["原因分析"].strip() == ""
    assert "None" not in words(tmp_path / "out/LAHF-002-缺陷反馈确认单.docx")


def test_the_confirmation_shows_the_plan_history_with_reasons(tmp_path: Path) -> None:
    root = make_root(tmp_path, Path(__file__).parent / "broken" / "process-fields-are-fine")
    code, _ = run("forms", "LAHF-001", str(root), "--kind", "confirmation", "--format", "docx,html",
                  "--out", str(tmp_path / "out"))
    assert code == 0
    plan = docx.Document(str(tmp_path / "out/LAHF-一期-缺陷反馈确认单.docx")).tables[1]
    rows = [[c.text for c in row.cells] for row in plan.rows]
    assert rows[1][:2] == ["原计划完成", "2026-11-05"]
    assert rows[2] == ["第 1 次调整", "2026-11-10", "百叶到货延误 5 天", "供应商备货不足，已列入考核", "2026-11-04"]
    text = _html_text((tmp_path / "out/LAHF-一期-缺陷反馈确认单.html").read_text(encoding="utf-8"))
    assert "《缺陷反馈确认单》" in text and "百叶到货延误 5 天" in text and "None" not in text


def test_record_text_is_not_markup_in_the_html_form(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    case = root / "cases/LAHF/phase-1/LAHF-001.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace("title: 5栋", 'title: "<script>alert(1)</script>5栋'
                                                              ).replace("外机高温停机\n", '外机高温停机"\n', 1),
                    encoding="utf-8")
    code, output = run("forms", "LAHF-001", str(root), "--kind", "contact", "--format", "html",
                       "--out", str(tmp_path / "out"))
    assert code == 0, output
    page = (tmp_path / "out/LAHF-一期-缺陷反馈联系单.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page and "&lt;script&gt;" in page


def test_the_pdf_has_a_page_per_case(tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    code, output = run("forms", "--project", "JCDJ", str(REPO), "--kind", "contact", "--format", "pdf",
                       "--out", str(tmp_path))
    if "pdf" in output and code == 1:
        pytest.skip(output)
    reader = pypdf.PdfReader(str(tmp_path / "JCDJ-一期-缺陷反馈联系单.pdf"))
    texts = [page.extract_text() for page in reader.pages]
    result = validate(REPO, use_cache=False)
    ids = sorted(c.id for c in build_catalog(result.taxonomy, result.valid_records()).cases_of_project("JCDJ"))
    assert len(texts) == len(ids)
    assert [next(i for i in ids if f"{i} ·" in text) for text in texts] == ids


def test_ids_or_project_one_of_them(tmp_path: Path) -> None:
    code, output = run("forms", str(REPO))
    assert code == 2 and "--project" in output
    code, output = run("forms", "LAHF-999", str(REPO))
    assert code == 2 and "LAHF-999" in output


def _html_text(page: str) -> str:
    parts: list[str] = []

    class Text(HTMLParser):
        def handle_data(self, data: str) -> None:
            parts.append(data)
    Text().feed(page)
    return "".join(parts)
