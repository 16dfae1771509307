"""Record text is data, checked in plain HTML without a browser: the built site and the
HTML handbook, made from a record full of script payloads, hold no script, event handler,
frame or javascript: URL from it, and still show its words as text."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import make_root
from payloads import unsafe, with_payloads
from sitekit import build

from generator.cli import main

PAGES = ["projects/LAHF/phase-1/index.html", "defects/D-AC-001/index.html", "index.html"]
# Words of the payload fields that must reach the reader, as text.
WORDS = ['<script>alert("t")</script>', "正文", "点击", "链接"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = with_payloads(make_root(tmp_path_factory.mktemp("payloads")))
    out = root.parent / "site"
    build(root, out)
    return out


def test_the_payload_record_is_on_the_pages(site: Path) -> None:
    text = " ".join(unsafe((site / PAGES[0]).read_text(encoding="utf-8")).text)
    assert all(word in text for word in WORDS), text


def test_no_page_holds_script_handlers_frames_or_javascript_urls(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert {site / page for page in PAGES} <= set(pages)
    for page in pages:
        found = unsafe(page.read_text(encoding="utf-8"))
        assert [s for s in found.scripts if "alert" in s] == [], page
        assert found.handlers == [] and found.frames == [] and found.js_urls == [], page


def test_the_html_handbook_holds_no_script_at_all(tmp_path: Path) -> None:
    root = with_payloads(make_root(tmp_path))
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["project", "LAHF", str(root), "--draft", "--format", "html", "--out", str(out)])
    assert result.exit_code == 0, result.output
    found = unsafe((out / "LAHF-phase-1-draft.html").read_text(encoding="utf-8"))
    assert found.scripts == [] and found.handlers == [] and found.frames == [] and found.js_urls == []
    text = " ".join(found.text)
    assert all(word in text for word in WORDS), text
