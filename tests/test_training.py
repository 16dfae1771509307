"""`handbook training`: the deck read back with python-pptx, as a trainer opens it."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner
from conftest import TODAY
from pptx import Presentation
from pptx.oxml.ns import qn

from generator.catalog import build_catalog
from generator.cli import main
from generator.documents import review_checklist
from generator.render.deck import LAYOUTS, TEMPLATE
from generator.validation import validate

REPO = Path(__file__).resolve().parent.parent
CJK = re.compile(r"[\u3400-\u9fff]")


def deck(root: Path, out: Path, *args: str) -> Presentation:
    result = CliRunner().invoke(main, ["training", str(root), "--out", str(out), "--format", "pptx", *args])
    assert result.exit_code == 0, result.output
    written = [Path.cwd() / line for line in result.output.split()]
    assert [p.suffix for p in written] == [".pptx"]
    return Presentation(str(written[0]))


def titles(prs: Presentation) -> list[str]:
    return [slide.shapes.title.text_frame.text for slide in prs.slides]


def test_a_case_deck_has_its_slides_facts_table_notes_and_photo(base_root: Path, tmp_path: Path) -> None:
    prs = deck(base_root, tmp_path, "--cases", "LAHF-001")
    assert titles(prs) == ["缺陷案例培训", "议程", "LAHF-001 5栋空调百叶过密，外机高温停机", "LAHF-001 发生了什么",
                           "LAHF-001 为什么", "LAHF-001 决定与整改", "LAHF-001 经验教训", "LAHF-001 预防措施",
                           "LAHF-001 讨论", "本次培训检查要点"]
    facts = next(shape.table for shape in prs.slides[2].shapes if shape.has_table)
    rows = {facts.cell(r, 0).text: facts.cell(r, 1).text for r in range(len(facts.rows))}
    assert rows["严重程度"] == "热点" and rows["涉及户数"] == "12" and rows["来源"] == "业主投诉"
    assert rows["项目"] == "澜岸华府（LAHF）一期" and rows["部位"] == "5栋1单元0301"
    notes = prs.slides[3].notes_slide.notes_text_frame.text
    assert "业主反映空调外机在午后频繁停机，现场测得机位内温度 52℃。" in notes
    decided = prs.slides[5].notes_slide.notes_text_frame.text
    assert "更换为开孔率 85% 的百叶" in decided
    measures = [p.text for p in prs.slides[7].placeholders[1].text_frame.paragraphs]
    assert measures == ["设计准备阶段：空调外机百叶有效通风面积不小于 80%，百叶角度不大于 15°",
                        "施工管理阶段：百叶进场时核对型号与开孔率，样板段经设计确认后方可大面积安装"]
    assert any(shape.shape_type == 13 for shape in prs.slides[8].shapes)  # the photo, embedded
    assert (prs.slide_width, prs.slide_height) == (12191695, 6858000)  # 16:9
    assert prs.core_properties.title == "缺陷案例培训" and prs.core_properties.author == "客户服务部"


def test_every_run_with_chinese_has_an_east_asian_font_right_after_latin(base_root: Path, tmp_path: Path) -> None:
    prs = deck(base_root, tmp_path, "--cases", "LAHF-001")
    runs = 0
    for slide in prs.slides:
        for element in (slide._element, slide.notes_slide._element):
            for run in element.iter(qn("a:r")):
                text = run.findtext(qn("a:t")) or ""
                if not CJK.search(text):
                    continue
                runs += 1
                r_pr = run.find(qn("a:rPr"))
                tags = [child.tag for child in r_pr]
                assert qn("a:ea") in tags, text
                assert tags.index(qn("a:ea")) == tags.index(qn("a:latin")) + 1, text
                assert r_pr.find(qn("a:ea")).get("typeface")
    assert runs > 30


def test_a_stage_deck_follows_the_review_checklists_priority(tmp_path: Path) -> None:
    prs = deck(REPO, tmp_path, "--stage", "设计准备阶段")
    result = validate(REPO, today=TODAY)
    catalog = build_catalog(result.taxonomy, result.valid_records())
    ranked = [item.defect.id for item in review_checklist(catalog, "design", TODAY).items
              if catalog.cases_of_defect(item.defect.id)][:5]
    tables = [next(s.table for s in slide.shapes if s.has_table) for slide in prs.slides
              if any(s.has_table for s in slide.shapes)]
    assert [table.cell(1, 1).text.split()[0] for table in tables] == ranked
    assert titles(prs)[0] == "设计准备阶段缺陷案例培训" and titles(prs)[-1] == "设计准备阶段检查要点"


def test_the_shipped_template_is_16_9_with_the_layouts_and_east_asian_theme_fonts() -> None:
    prs = Presentation(str(TEMPLATE))
    assert (prs.slide_width, prs.slide_height) == (12191695, 6858000)
    assert set(LAYOUTS) <= {layout.name for layout in prs.slide_layouts}
    theme = prs.slide_master.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme").blob.decode()
    assert theme.count('<a:ea typeface="Microsoft YaHei"/>') == 2


def test_bad_requests_are_messages_not_tracebacks(base_root: Path, tmp_path: Path) -> None:
    not_pptx = tmp_path / "corporate.pptx"
    not_pptx.write_text("not a deck", encoding="utf-8")
    for args, code, words in [([], 2, "--stage"), (["--stage", "design", "--cases", "LAHF-001"], 2, "--cases"),
                              (["--cases", "LAHF-001,LAHF-999"], 2, "LAHF-999"),
                              (["--cases", "LAHF-001", "--template", str(not_pptx)], 1, "模板无法使用")]:
        result = CliRunner().invoke(main, ["training", str(base_root), "--out", str(tmp_path), *args])
        assert result.exit_code == code, result.output
        assert words in result.output and "Traceback" not in result.output


def paragraphs(path: Path) -> list[str]:
    import docx

    return [p.text for p in docx.Document(str(path)).paragraphs]


def test_the_handout_quiz_answers_come_from_the_records_and_the_key_is_on_its_own_page(tmp_path: Path) -> None:
    import docx

    ids = ["LAHF-007", "JCDJ-001", "YQW-001"]
    result = CliRunner().invoke(main, ["training", str(REPO), "--out", str(tmp_path), "--cases", ",".join(ids),
                                       "--format", "docx"])
    assert result.exit_code == 0, result.output
    path = tmp_path / "training-LAHF-007-JCDJ-001-YQW-001-handout.docx"
    text = paragraphs(path)
    quiz, key = text[text.index("测验") + 1:text.index("答案")], text[text.index("答案") + 1:]
    questions = [line for line in quiz if re.match(r"\d+\. ", line)]
    options = _blocks(quiz)
    assert len(questions) == len(key) == len(options) >= 3 * len(ids)
    result = validate(REPO, today=TODAY)
    catalog = build_catalog(result.taxonomy, result.valid_records())
    tax = catalog.taxonomy
    for question, answer, choices in zip(questions, key, options):
        letter, right = re.match(r"\d+\. ([A-D])  (.*)", answer).groups()
        assert choices["ABCD".index(letter)] == right and choices.count(right) == 1
        case = catalog.cases[next(i for i in ids if i in question)]
        defect = catalog.defects[case.defect]
        if "哪个阶段产生" in question:
            assert right == tax.label("stage", defect.origin)
        elif "评为哪一级" in question:
            assert right.startswith(case.grade)
        elif "哪一项措施" in question:
            assert right in {m for _, ms in defect.prevention for m in ms}
            assert all(c not in {m for _, ms in defect.prevention for m in ms} for c in choices if c != right)
        else:
            assert "渠道" in question and right == tax.label("source", case.source)
    body = docx.Document(str(path)).element.body
    breaks = [p for p in body.iter(qn("w:p")) if p.find(f".//{qn('w:br')}[@{qn('w:type')}='page']") is not None]
    assert breaks and breaks[-1].getnext().xpath("string(.)") == "答案"
    again = tmp_path / "again"
    CliRunner().invoke(main, ["training", str(REPO), "--out", str(again), "--cases", ",".join(ids), "--format", "docx"])
    assert paragraphs(again / path.name) == text  # seeded: the same records give the same quiz


def _blocks(lines: list[str]) -> list[list[str]]:
    """The options under each numbered question."""
    blocks: list[list[str]] = []
    for line in lines:
        if re.match(r"\d+\. ", line):
            blocks.append([])
        elif line.startswith("    ") and blocks:
            blocks[-1].append(line.strip()[3:])
    return blocks


def test_libreoffice_renders_every_slide_with_its_chinese_text(base_root: Path, tmp_path: Path) -> None:
    """The deck as another office suite reads it (skipped where LibreOffice is not installed)."""
    import shutil
    import subprocess

    import pypdf
    import pytest

    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (libreoffice-impress) is not installed")
    prs = deck(base_root, tmp_path, "--cases", "LAHF-001")
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(tmp_path / "training-LAHF-001.pptx")],
                   check=True, capture_output=True, timeout=180)
    pages = pypdf.PdfReader(str(tmp_path / "training-LAHF-001.pdf")).pages
    assert len(pages) == len(prs.slides)
    text = "".join(pages[2].extract_text().split())  # the PDF spaces where the font changes (5 栋)
    assert "5栋空调百叶过密，外机高温停机" in text and "严重程度热点" in text  # title and a table row


def sample_copy(tmp_path: Path) -> Path:
    import shutil

    root = tmp_path / "root"
    for folder in ("defects", "cases"):
        shutil.copytree(REPO / folder, root / folder)
    return root


def month(root: Path, out: Path, value: str) -> list[str]:
    result = CliRunner().invoke(main, ["training", str(root), "--month", value, "--out", str(out), "--format", "pptx"])
    assert result.exit_code == 0, result.output
    return [line.split()[1] for line in result.output.splitlines() if line.startswith("选中")]


def test_the_month_picks_the_cases_not_yet_studied_that_matter_most_and_says_why(tmp_path: Path) -> None:
    from generator.taxonomy import SEVERITY_RANK

    root = sample_copy(tmp_path)
    result = validate(root, today=TODAY)
    catalog = build_catalog(result.taxonomy, result.valid_records())
    first = month(root, tmp_path / "a", "2025-06")
    assert len(first) == 2  # cases_per_month defaults to 2
    # nothing found by then ranks above them on severity, recurrence, households and recency
    def score(case_id: str) -> float:
        case = catalog.cases[case_id]
        recent = 0 < (TODAY.replace(2025, 6, 30) - case.found).days + 1 <= 366
        return (10 * SEVERITY_RANK[case.severity] + 5 * len(catalog.recurrence(case.defect).projects)
                + (case.households or 0) / 50 + 5 * recent)
    eligible = sorted((c.id for c in catalog.cases.values() if c.found.isoformat() <= "2025-06-30"),
                      key=lambda i: -score(i))
    assert [score(i) for i in first] == [score(i) for i in eligible[:2]]
    prs = Presentation(str(tmp_path / "a" / "training-2025-06.pptx"))
    assert [t for t in titles(prs) if t.endswith(catalog.cases[first[0]].title)]
    (root / "training.yaml").write_text(f"sessions:\n  - month: 2025-06\n    cases: [{first[0]}]\n", encoding="utf-8")
    (root / "handbook.yaml").write_text("cases_per_month: 1\n", encoding="utf-8")
    again = month(root, tmp_path / "b", "2025-07")
    assert again == [first[1]]  # the studied case is not proposed again


def test_a_month_that_is_no_month_is_a_usage_error(base_root: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["training", str(base_root), "--month", "2025-13"])
    assert result.exit_code == 2 and "YYYY-MM" in result.output


def test_photos_are_embedded_as_the_documents_copies_and_a_phone_format_is_converted(base_root: Path,
                                                                                     tmp_path: Path) -> None:
    from PIL import Image

    folder = base_root / "cases" / "LAHF" / "phase-1" / "photos"
    Image.new("RGB", (4000, 3000), "red").save(folder / "LAHF-001-2.webp", "WEBP")
    case = base_root / "cases" / "LAHF" / "phase-1" / "LAHF-001.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace("  - phase-1/photos/LAHF-001-1.png",
                                                             "  - phase-1/photos/LAHF-001-2.webp"), encoding="utf-8")
    prs = deck(base_root, tmp_path, "--cases", "LAHF-001")
    slide = prs.slides[8]
    pictures = [shape for shape in slide.shapes if shape.shape_type == 13]
    assert len(pictures) == 1 and pictures[0].image.content_type == "image/jpeg"
    assert max(pictures[0].image.size) <= 1280  # scaled down like every document's copy


def test_the_html_and_pdf_handouts_say_what_the_docx_says_with_the_key_on_its_own_page(base_root: Path,
                                                                                       tmp_path: Path) -> None:
    from html.parser import HTMLParser

    import pypdf

    case = base_root / "cases" / "LAHF" / "phase-1" / "LAHF-001.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace("title: 5栋", 'title: "<b>5栋</b>'
                                                             ).replace("外机高温停机\n", '外机高温停机"\n', 1),
                    encoding="utf-8")
    result = CliRunner().invoke(main, ["training", str(base_root), "--out", str(tmp_path), "--cases", "LAHF-001"])
    assert result.exit_code == 0, result.output
    assert [Path(line).suffix for line in result.output.split()] == [".pptx", ".docx", ".html", ".pdf"]  # default

    class Answers(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.inside, self.items, self.tags = False, [], []

        def handle_starttag(self, tag: str, attrs: list) -> None:
            self.tags.append(tag)
            if tag == "ol" and ("class", "answers") in attrs:
                self.inside = True
            elif tag == "li" and self.inside:
                self.items.append("")

        def handle_endtag(self, tag: str) -> None:
            self.inside = self.inside and tag != "ol"

        def handle_data(self, data: str) -> None:
            if self.inside and self.items:
                self.items[-1] += data

    page = Answers()
    page.feed((tmp_path / "training-LAHF-001-handout.html").read_text(encoding="utf-8"))
    key = paragraphs(tmp_path / "training-LAHF-001-handout.docx")
    key = key[key.index("答案") + 1:]
    assert [item.strip().replace("\u3000", "  ") for item in page.items] == [line.split(". ", 1)[1] for line in key]
    assert "b" not in page.tags  # the title's <b> is text, not markup
    reader = pypdf.PdfReader(str(tmp_path / "training-LAHF-001-handout.pdf"))
    pages = ["".join(p.extract_text().split()) for p in reader.pages]
    answers = next(i for i, text in enumerate(pages) if text.startswith("答案"))
    assert "测验" not in pages[answers] and any("测验" in text for text in pages[:answers])
    assert "<b>5栋</b>空调百叶过密" in pages[0]


def test_stats_show_cases_per_author_per_month_against_one_a_month(base_root: Path) -> None:
    case = base_root / "cases" / "LAHF" / "phase-1" / "LAHF-001.yaml"
    case.write_text(case.read_text(encoding="utf-8") + 'author: "[bold]张三"\n', encoding="utf-8")
    other = case.read_text(encoding="utf-8").replace("LAHF-001", "LAHF-002").replace("found: 2026-10-20",
                                                                                     "found: 2026-08-03")
    other = other.replace('"[bold]张三"', "李四").replace("  - phase-1/photos/LAHF-002-1.png\n", "")
    other = other.replace("外机高温停机", "外机夜间噪声大").replace("午后频繁停机", "夜间噪声扰民")
    (case.parent / "LAHF-002.yaml").write_text(other.replace("photos:\n", ""), encoding="utf-8")
    result = CliRunner().invoke(main, ["stats", str(base_root)])
    assert result.exit_code == 0, result.output
    table = result.output[result.output.index("每人每月编写的案例"):]
    rows = {line.split("│")[0].strip(): [cell.strip() for cell in line.split("│")[1:]]
            for line in table.splitlines() if "│" in line}
    assert "2026-06 ┃ 2026-07 ┃ 2026-08 ┃ 2026-09 ┃ 2026-10 ┃ 2026-11" in table  # the last six months to today
    assert rows["[bold]张三"] == ["0", "0", "0", "0", "1", "0", "5"]  # a name is shown, never read as markup
    assert rows["李四"] == ["0", "0", "1", "0", "0", "0", "5"]
