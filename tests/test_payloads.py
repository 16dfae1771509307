"""Record text is data in every place it lands: a payload corpus.

Every free-text field of every record kind carries the same hostile string, each
behind a marker naming the field. The root is built once into the site and every
document; then every output file is parsed (HTML, SVG, the search index, DOCX,
Markdown, PDF) and every site page is loaded in headless Chromium with a dialog
handler that must never fire. The payload has to come out as the literal text
the author wrote, escaped once for its context: never as markup, never doubly
escaped (`&#34;`), never with characters dropped."""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import make_root
from docx import Document
from pypdf import PdfReader
from sitekit import CHROMIUM, CHROMIUM_ARGS, require_browser, served

from generator.cli import main

PAYLOAD = ('</title><script>alert(1)</script>"><img src=x onerror=alert(2)><svg onload=alert(3)>'
           '[x](javascript:alert(4)) javascript:alert(5) {{ 7*7 }} ]]> </text><script>alert(6)</script> '
           '&lt;b&gt; "\' {: onclick="alert(7)" } </style> *a* _b_ `c` # | ~ {% raw %}')
# Markdown fields are Markdown: raw HTML in them is sanitized away, links to scripts lose their
# href, and text without Markdown meaning stays exactly as written (the LITERAL paragraph).
LITERAL = 'javascript:alert(5) {{ 7*7 }} ]]> &lt;b&gt; "\' {: onclick="alert(7)" } 2#楼 东单元 #1802 室'
MARKDOWN = (PAYLOAD + "\n\n" + LITERAL + "\n\n**粗体** [链接](javascript:alert(8)) "
            "<a href=\"javascript:alert(9)\">点</a>\n\n"
            "<img src=x onerror=alert(10)> <iframe src=\"javascript:alert(11)\"></iframe>\n\n"
            "`</code></pre><script>alert(12)</script>`")
SITE_NAME = "负载测试站点"
OWN_SCRIPTS = {"assets/handbook.js", "assets/search.js"}  # and the theme's bundle under assets/javascripts/
THEME_INLINE = ("__md_scope=", "var palette=", "var target=", '{"annotate"')  # mkdocs-material's inline scripts


def text(marker: str) -> str:
    """The payload in one field: a marker to find it by, then the payload."""
    return f"{marker}{PAYLOAD}"


def q(value: object) -> str:
    """A YAML scalar: JSON strings are YAML double-quoted strings."""
    return json.dumps(value, ensure_ascii=False)


def write_root(root: Path) -> Path:
    """Two projects (so cross-project charts and 老问题 appear), one case each, one defect
    type, taxonomy additions and handbook.yaml, all carrying the payload."""
    (root / "defects" / "taxonomy.yaml").write_text(f"""\
category:
  payload_cat: {q(text("分类"))}
subcategory:
  payload_cat:
    payload_sub: {q(text("子类"))}
stage:
  payload_stage: {q(text("阶段"))}
source:
  payload_source: {q(text("来源"))}
department:
  payload_dept: {q(text("部门"))}
""", encoding="utf-8")
    (root / "defects" / "design" / "D-AC-001.yaml").write_text(f"""\
id: D-AC-001
title: {q(text("缺陷标题"))}
category: payload_cat
subcategory: payload_sub
origin: payload_stage
description: {q(text("缺陷描述") + MARKDOWN)}
impact: {q(text("影响") + MARKDOWN)}
causes: [{q(text("原因"))}]
prevention:
  payload_stage: [{q(text("措施"))}]
  设计准备阶段: [{q(text("措施二"))}]
departments: [payload_dept]
locations: [{q(text("部位"))}]
tags: [{q(text("标签"))}]
references: [{q(text("参考"))}]
""", encoding="utf-8")
    (root / "handbook.yaml").write_text(f"company: {q(text('公司'))}\ncompiled_by: {q(text('编制'))}\n",
                                        encoding="utf-8")
    # Pages listed without a title take theirs from the page: record text in the navigation, on every page.
    (root / "mkdocs.yml").write_text(f"site_name: {SITE_NAME}\nnav:\n  - index.md\n  - projects/LAHF/index.md\n"
                                     "  - 缺陷:\n      - defects/D-AC-001.md\n", encoding="utf-8")
    for code, number in (("LAHF", 1), ("YQW", 2)):
        folder = root / "cases" / code
        (folder / "phase-1").mkdir(parents=True, exist_ok=True)
        (folder / "project.yaml").write_text(f"""\
code: {code}
name: {q(text(f"项目{code}"))}
city: {q(text("城市"))}
company: {q(text("项目公司"))}
product_types: [{q(text("产品"))}]
phases:
  - phase: 1
    name: {q(text(f"分期{code}"))}
    delivered: 2026-10-01
""", encoding="utf-8")
        fields = "\n".join(f"{name}: {q(text(label) + MARKDOWN)}" for name, label in (
            ("description", "描述"), ("cause", "原因分析"), ("decision", "决策"), ("rectification", "整改"),
            ("lessons", "教训")))
        photos = "photos: [phase-1/photos/LAHF-001-1.png]\n" if code == "LAHF" else ""
        (folder / "phase-1" / f"{code}-00{number}.yaml").write_text(f"""\
id: {code}-00{number}
defect: D-AC-001
title: {q(text(f"案例{code}"))}
phase: 1
found: 2026-10-2{number}
source: payload_source
location: {q(text("案例部位"))}
households: 2
complaints: 1
cost: 1000
compensation: 0
severity: 一般
grade: A
status: 已关闭
closed: 2026-11-10
{fields}
{photos}""", encoding="utf-8")
    return root


def run(*args: str) -> None:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """(root, site, documents): the site with every handbook, and the documents the
    project, company and review commands write."""
    root = write_root(make_root(tmp_path_factory.mktemp("payloads")))
    site, docs = root / "public", root / "commands"
    run("build", str(root), "--handbooks", "--out", str(site))
    run("project", "LAHF", str(root), "--draft", "--format", "html,docx,xlsx", "--out", str(docs))
    run("company", str(root), "--format", "html,docx,xlsx", "--out", str(docs))
    run("review", "--stage", "payload_stage", "--project", "YQW", str(root), "--format", "html,docx,xlsx,md",
        "--out", str(docs))
    run("training", str(root), "--stage", "payload_stage", "--format", "pptx,docx,html", "--out", str(docs))
    return root, site, docs


class Page(HTMLParser):
    """What a browser would run or follow in an HTML file, and its visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []  # each script's src, or its text when inline
        self.handlers: list[tuple[str, str]] = []
        self.urls: list[str] = []
        self.title = ""
        self.texts: list[str] = []
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script":
            self.scripts.append(values.get("src") or "")
        self.handlers += [(tag, name) for name, _ in attrs if name.startswith("on")]
        self.urls += [value or "" for name, value in attrs if name in ("href", "src", "action", "formaction")]
        if tag not in ("br", "img", "meta", "link", "input", "hr"):
            self._in.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._in:
            while self._in.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if self._in and self._in[-1] == "script" and self.scripts and not self.scripts[-1].endswith(".js"):
            self.scripts[-1] += data
        if self._in and self._in[-1] == "title" and "svg" not in self._in:
            self.title += data
        elif not (self._in and self._in[-1] in ("script", "style")):
            self.texts.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.texts).split())


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def assert_inert(page: Page, path: Path, site: Path | None = None) -> None:
    """No script but the site's own files and the theme's inline bootstrap, which holds no record text."""
    own = [s for s in page.scripts if not (_own_script(s, path, site) or (
        site and s.startswith(THEME_INLINE) and "alert(" not in s))]
    assert own == [], f"{path}: script elements {own}"
    assert page.handlers == [], f"{path}: event handlers {page.handlers}"
    bad = [u for u in page.urls if re.match(r"\s*(javascript|vbscript|data:text)", u, re.I)]
    assert bad == [], f"{path}: script URLs {bad}"


def assert_escaped_once(shown: str, path: Path) -> None:
    """No character reference left in the text a reader sees, but the payload's own `&lt;b&gt;`."""
    left = re.findall(r"&(?:#\d+|#x[0-9a-f]+|[a-z]+);", shown.replace("&lt;b&gt;", ""), re.I)
    assert left == [], f"{path}: escaped twice: {left[:5]}"


def _own_script(src: str, path: Path, site: Path | None) -> bool:
    if site is None:
        return False
    src = src.split("?")[0]
    target = (site / src.lstrip("/") if src.startswith("/") else path.parent / src).resolve()
    rel = target.relative_to(site.resolve()).as_posix() if target.is_relative_to(site.resolve()) else ""
    return rel in OWN_SCRIPTS or rel.startswith("assets/javascripts/")


def site_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "handbooks" not in p.relative_to(site).parts)


def test_every_site_page_is_inert_and_titled_with_the_literal_text(built: tuple[Path, Path, Path]) -> None:
    _, site, _ = built
    pages = site_pages(site)
    assert len(pages) > 15
    for path in pages:
        page = parse(path)
        assert_inert(page, path, site)
        assert_escaped_once(page.text, path)
    for path, title in [("projects/LAHF/index.html", "LAHF " + text("项目LAHF")),
                        ("projects/YQW/phase-1/index.html", f"{text('项目YQW')} {text('分期YQW')} · 案例"),
                        ("defects/D-AC-001/index.html", "D-AC-001 " + text("缺陷标题"))]:
        page = parse(site / path)
        assert page.title == f"{title} - {SITE_NAME}"
        assert title in page.text  # the h1, the header and the table of contents
    for path in ("404.html", "index.html", "stats/index.html"):
        nav = parse(site / path).text
        assert "LAHF " + text("项目LAHF") in nav and "D-AC-001 " + text("缺陷标题") in nav, path


def test_the_payload_is_literal_text_wherever_it_is_shown(built: tuple[Path, Path, Path]) -> None:
    _, site, _ = built
    phase = parse(site / "projects" / "LAHF" / "phase-1" / "index.html").text
    for marker in ("案例LAHF", "案例部位", "来源", "缺陷标题", "项目LAHF", "分期LAHF"):
        assert text(marker) in phase, marker
    assert phase.count(LITERAL) == 5  # description, cause, decision, rectification, lessons
    defect = parse(site / "defects" / "D-AC-001" / "index.html").text
    for marker in ("缺陷标题", "分类", "子类", "阶段", "部门", "原因", "措施", "措施二", "部位", "标签", "参考",
                   "项目LAHF", "项目YQW", "案例LAHF", "案例YQW"):
        assert text(marker) in defect, marker
    assert defect.count(LITERAL) == 2  # description, impact
    project = parse(site / "projects" / "YQW" / "index.html").text
    for marker in ("项目YQW", "城市", "项目公司", "产品", "分期YQW", "分类"):
        assert text(marker) in project, marker
    review = parse(site / "reviews" / "payload_stage" / "index.html")
    assert review.title == f"{text('阶段')}评审检查清单 - {SITE_NAME}"
    for marker in ("缺陷标题", "措施", "案例LAHF", "项目LAHF"):
        assert text(marker) in review.text, marker
    catalogue = parse(site / "defects" / "index.html").text
    assert text("分类") in catalogue and text("子类") in catalogue
    vocabularies = parse(site / "format" / "index.html").text
    for marker in ("分类", "子类", "阶段", "来源", "部门"):
        assert text(marker) in vocabularies, marker


def test_the_generated_markdown_holds_no_template_syntax_of_a_record(built: tuple[Path, Path, Path]) -> None:
    """A Markdown preprocessor a root may enable (mkdocs-macros, snippets) reads the page source."""
    root, _, _ = built
    pages = sorted((root / ".handbook" / "docs").rglob("*.md"))
    assert len(pages) > 15
    for path in pages:
        source = path.read_text(encoding="utf-8")
        assert "{{" not in source and "{%" not in source and "{:" not in source, path


def test_svg_charts_are_well_formed_xml_with_the_labels_as_text(built: tuple[Path, Path, Path]) -> None:
    _, site, _ = built
    charts = sorted(site.rglob("*.svg"))
    assert any("years" in p.name for p in charts)  # the project × year matrix names both projects
    labels = []
    for path in charts:
        tree = ElementTree.parse(path)
        svg = "{http://www.w3.org/2000/svg}"
        assert not [e for e in tree.iter() if e.tag in (f"{svg}script", f"{svg}foreignObject", "script")], path
        assert not [a for e in tree.iter() for a in e.attrib if a.lower().startswith("on")], path
        labels += ["".join(e.itertext()) for e in tree.iter(f"{svg}text")]
    assert text("项目LAHF") in labels and text("分类") in labels


def test_the_search_index_holds_the_payload_as_literal_text(built: tuple[Path, Path, Path]) -> None:
    _, site, _ = built
    rows = [row for path in sorted((site / "search" / "d").glob("*.json"))
            for row in json.loads(path.read_text(encoding="utf-8"))]
    titles = {row[1] for row in rows}
    assert "LAHF-001 " + text("案例LAHF") in titles and "LAHF " + text("项目LAHF") in titles
    assert all(not re.match(r"\s*javascript:", row[0], re.I) for row in rows)


def test_documents_show_the_payload_as_text_and_run_nothing(built: tuple[Path, Path, Path]) -> None:
    _, site, docs = built
    html_files = sorted((site / "handbooks").glob("*.html")) + sorted(docs.glob("*.html"))
    assert len(html_files) >= 5
    for path in html_files:
        page = parse(path)
        assert_inert(page, path)
        assert_escaped_once(page.text, path)
    project = parse(docs / "LAHF-phase-1-draft.html")
    assert project.title == f"{text('项目LAHF')} {text('分期LAHF')} 产品服务缺陷反馈手册"
    for marker in ("项目LAHF", "城市", "分期LAHF", "编制", "案例LAHF", "案例部位", "缺陷标题", "措施", "分类", "来源",
                   "子类", "阶段"):
        assert text(marker) in project.text, marker
    assert project.text.count(LITERAL) == 6  # the case's five fields, the defect type's description
    company = parse(docs / "company.html")
    assert company.title == f"{text('公司')}产品服务缺陷反馈手册（公司汇编）"
    for marker in ("公司", "编制", "缺陷标题", "项目LAHF", "项目YQW", "措施", "分类"):
        assert text(marker) in company.text, marker
    review = parse(next(docs.glob("review-*.html")))
    for marker in ("项目YQW", "措施", "缺陷标题", "案例YQW", "产品"):
        assert text(marker) in review.text, marker


def docx_text(path: Path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    parts += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_word_files_hold_the_payload_literally(built: tuple[Path, Path, Path]) -> None:
    _, site, docs = built
    assert len(sorted((site / "handbooks").glob("*.docx")) + sorted(docs.glob("*.docx"))) >= 5
    project = docx_text(docs / "LAHF-phase-1-draft.docx")
    for marker in ("项目LAHF", "分期LAHF", "编制", "案例LAHF", "案例部位", "缺陷标题", "措施", "来源", "分类"):
        assert text(marker) in project, marker
    assert project.count(LITERAL) == 6  # Word shows a Markdown field's words as the site does
    for path in sorted(docs.glob("*.docx")):
        assert_escaped_once(docx_text(path), path)
    company = docx_text(docs / "company.docx")
    for marker in ("公司", "编制", "缺陷标题", "项目LAHF", "措施"):
        assert text(marker) in company, marker
    review = docx_text(next(docs.glob("review-*.docx")))
    for marker in ("阶段", "措施", "缺陷标题", "案例YQW"):
        assert text(marker) in review, marker


def test_training_deck_and_handout_hold_the_payload_literally(built: tuple[Path, Path, Path]) -> None:
    from pptx import Presentation

    _, _, docs = built
    prs = Presentation(str(docs / "training-payload_stage.pptx"))
    shown = "\n".join(shape.text_frame.text for slide in prs.slides for shape in slide.shapes if shape.has_text_frame)
    shown += "\n".join(cell.text for slide in prs.slides for shape in slide.shapes if shape.has_table
                       for row in shape.table.rows for cell in row.cells)
    notes = "\n".join(slide.notes_slide.notes_text_frame.text for slide in prs.slides)
    assert text("案例LAHF") in shown or text("案例YQW") in shown  # the stage's strongest case
    for marker in ("缺陷标题", "阶段"):
        assert text(marker) in shown, marker
    assert LITERAL in notes  # a Markdown field's words, as the site shows them
    assert_escaped_once(shown + notes, docs / "training-payload_stage.pptx")
    handout = parse(docs / "training-payload_stage-handout.html")
    for marker in ("缺陷标题", "措施", "阶段", "编制"):
        assert text(marker) in handout.text, marker
    assert text("缺陷标题") in docx_text(docs / "training-payload_stage-handout.docx")


def test_markdown_checklists_escape_the_payload_once(built: tuple[Path, Path, Path]) -> None:
    import markdown

    _, _, docs = built
    source = next(docs.glob("review-*.md")).read_text(encoding="utf-8")
    html = markdown.markdown(source, extensions=["tables", "attr_list"])
    page = Page()
    page.feed(html)
    assert_inert(page, Path("review.md"))
    assert text("措施") in page.text and text("缺陷标题") in page.text and text("项目YQW") in page.text
    assert_escaped_once(page.text, Path("review.md"))


def test_pdf_files_show_the_payload_and_hold_no_script(built: tuple[Path, Path, Path]) -> None:
    _, site, _ = built
    files = sorted((site / "handbooks").glob("*.pdf"))
    assert len(files) == 3  # two phase handbooks, the company handbook
    for path in files:
        reader = PdfReader(path)
        catalog = reader.trailer["/Root"]
        assert "/OpenAction" not in catalog and "/AA" not in catalog, path
        assert "/JavaScript" not in (catalog.get("/Names") or {}), path
        for page in reader.pages:
            for annotation in page.get("/Annots") or []:
                action = annotation.get_object().get("/A") or {}
                assert str(action.get("/S", "")) != "/JavaScript", path
                assert not str(action.get("/URI", "")).strip().lower().startswith("javascript:"), path
    cover = re.sub(r"\s", "", PdfReader(site / "handbooks" / "LAHF-phase-1-draft.pdf").pages[0].extract_text())
    for marker in ("项目LAHF", "分期LAHF", "编制"):  # lines wrap where the PDF breaks them: compare without spaces
        assert re.sub(r"\s", "", text(marker)) in cover, marker


@pytest.fixture(scope="module")
def browser_page(built: tuple[Path, Path, Path]) -> Iterator[tuple[object, str, list[str]]]:
    require_browser()
    from playwright.sync_api import sync_playwright

    _, site, _ = built
    with served(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        yield page, url, dialogs
        browser.close()


def test_no_site_page_runs_record_text_in_chromium(built: tuple[Path, Path, Path], browser_page,  # type: ignore[no-untyped-def]
                                                   tmp_path: Path) -> None:
    _, site, _ = built
    page, url, dialogs = browser_page
    for path in site_pages(site) + sorted((site / "handbooks").glob("*.html")):
        rel = path.relative_to(site).as_posix()
        page.goto(url + rel.removesuffix("index.html"))
        assert page.evaluate("""() => [...document.querySelectorAll('*')].filter(e =>
            [...e.attributes].some(a => a.name.startsWith('on'))).length""") == 0, rel
        assert dialogs == [], rel
    page.goto(url + "projects/LAHF/")
    assert page.evaluate("document.title") == f"LAHF {text('项目LAHF')} - {SITE_NAME}"
    heading = page.evaluate("""() => { const h = document.querySelector('.md-content h1').cloneNode(true);
        h.querySelectorAll('.headerlink').forEach(a => a.remove()); return h.textContent.trim(); }""")
    assert heading == f"LAHF {text('项目LAHF')}"
    assert page.locator(".md-header__topic .md-ellipsis").last.text_content().strip() == heading
    shot = Path(os.environ.get("HANDBOOK_SHOTS") or tmp_path) / "payload-project.png"  # to look at it
    page.screenshot(path=str(shot))
    page.goto(url + "projects/LAHF/phase-1/")
    toc = page.locator(".md-nav--secondary .md-nav__link").all_text_contents()
    assert any(text("案例LAHF") in " ".join(t.split()) for t in toc)
    page.goto(url)
    page.click(".hb-search .md-search__input")
    page.keyboard.type("alert")
    page.wait_for_function("document.querySelectorAll('.hb-search .md-search-result__item').length > 0")
    assert page.locator(".hb-search img, .hb-search script, .hb-search svg[onload]").count() == 0
    page.wait_for_timeout(300)
    assert dialogs == []
