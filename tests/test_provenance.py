"""Every generated document and the site footer state the tool version that made them, so a
handbook can be traced to the rules it was checked with: read back from each file as a reader's
program sees it (HTML meta and visible text, Word properties and footer, Excel properties, PDF text)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from docx import Document
from ledgerkit import run
from openpyxl import load_workbook
from pptx import Presentation
from pypdf import PdfReader

from generator import GENERATOR, __version__, made_by


class _Page(HTMLParser):
    """The generator meta tag and the visible text of a page (script and style left out)."""

    def __init__(self) -> None:
        super().__init__()
        self.generator: str | None = None
        self.text: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta" and dict(attrs).get("name") == "generator":
            self.generator = dict(attrs).get("content")
        self._hidden += tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self._hidden -= tag in ("script", "style")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.text.append(data)


def _page(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    assert run("init", str(root), "--name", "锦程集团", "--project", "ABC").exit_code == 0
    return root


def _stated(path: Path, lang: str = "zh") -> None:
    """The file states the version in each place its format has for it."""
    line = made_by(lang)
    if path.suffix == ".html":
        page = _page(path)
        assert page.generator == GENERATOR, path
        assert line in "".join(page.text), path
    elif path.suffix == ".docx":
        doc = Document(str(path))
        assert doc.core_properties.comments == line and doc.core_properties.author == GENERATOR, path
        assert any(line in p.text for section in doc.sections for p in section.footer.paragraphs), path
    elif path.suffix == ".pptx":
        assert Presentation(str(path)).core_properties.comments == line, path
    elif path.suffix == ".xlsx":
        props = load_workbook(path).properties
        assert props.creator == GENERATOR and props.description == line, path
    elif path.suffix == ".pdf":
        text = "".join(page.extract_text() for page in PdfReader(path).pages)
        assert f"defect-handbook {__version__}" in text, path
    else:
        assert line in path.read_text(encoding="utf-8"), path


def test_every_handbook_checklist_form_report_and_ledger_states_the_version(root: Path) -> None:
    r = str(root)
    for args in (("project", "ABC", r, "--draft", "--format", "html,docx,xlsx,pdf"),
                 ("company", r, "--format", "html,docx,xlsx"),
                 ("review", "--stage", "design", r, "--format", "html,docx,xlsx,md"),
                 ("forms", "ABC-001", r, "--kind", "decision", "--format", "docx,html"),
                 ("monthly", "--month", "2026-11", r, "--format", "html,docx,xlsx"),
                 ("training", r, "--stage", "design", "--format", "pptx,docx,html"),
                 ("export", r), ("template", r)):
        result = run(*args)
        assert result.exit_code == 0, (args, result.output)
    files = sorted((root / "handbooks").iterdir()) + [root / "台账.xlsx", root / "台账模板.xlsx"]
    suffixes = {path.suffix for path in files}
    assert suffixes == {".html", ".docx", ".xlsx", ".pdf", ".md", ".pptx"}, suffixes
    assert len(files) >= 16
    for path in files:
        _stated(path)


def test_an_english_document_states_it_in_english(root: Path, tmp_path: Path) -> None:
    out = tmp_path / "en"
    result = run("review", "--stage", "design", str(root), "--format", "html,docx,xlsx", "--out", str(out),
                 "--lang", "en")
    assert result.exit_code == 0, result.output
    for path in sorted(out.iterdir()):
        _stated(path, "en")


def test_the_site_footer_states_the_version_after_the_roots_copyright(root: Path) -> None:
    with (root / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("copyright: 内部资料\n")
    assert run("build", str(root)).exit_code == 0
    for page in ("index.html", "defects/index.html"):
        html = (root / "public" / page).read_text(encoding="utf-8")
        footer = html.split('class="md-copyright"', 1)[1].split("</div>", 2)
        assert f"内部资料 · {made_by()}" in "".join(footer[:2]), page
        assert "squidfunk" not in html, "mkdocs-material's own 'Made with' line replaces the version"
