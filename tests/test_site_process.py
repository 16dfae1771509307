"""The feedback process on the built site: the 整改跟踪 page, each case's timeline and old-problem flag."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import TODAY
from sitekit import build, copy_sample


class Text(HTMLParser):
    """The page's visible text, and the text of each element with a given class."""

    def __init__(self, cls: str) -> None:
        super().__init__()
        self.cls, self.depth, self.parts, self.marked = cls, 0, [], []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth:
            self.depth += 1
        elif self.cls in (dict(attrs).get("class") or "").split():
            self.depth = 1
            self.marked.append("")

    def handle_endtag(self, tag: str) -> None:
        self.depth = max(0, self.depth - 1)

    def handle_data(self, data: str) -> None:
        self.parts.append(data)
        if self.depth:
            self.marked[-1] += data


def read(path: Path, cls: str = "-") -> Text:
    parser = Text(cls)
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_sample(tmp_path_factory.mktemp("sample"))
    with pytest.MonkeyPatch.context() as patch:  # module-scoped: set the day conftest sets per test
        patch.setenv("HANDBOOK_TODAY", TODAY.isoformat())
        build(root, root / "public")
    return root / "public"


def test_tracking_page_counts_and_lists_the_overdue(site: Path) -> None:
    text = "".join(read(site / "tracking" / "index.html").parts)
    assert "整改跟踪" in text and "按期完成率" in text and "工程管理部" in text
    for case_id, days in (("JCDJ-001", "75"), ("LAHF-104", "22"), ("LAHF-121", "55"), ("LAHF-125", "12")):
        assert case_id in text and days in text


def test_a_case_section_shows_its_timeline_and_the_old_problem_flag(site: Path) -> None:
    page = read(site / "projects" / "LAHF" / "phase-1" / "index.html", "hb-timeline")
    assert any(t.startswith("进程：发现日期 ") and "→ 关闭日期" in t and "验证日期" in t for t in page.marked)
    flags = read(site / "projects" / "LAHF" / "phase-1" / "index.html", "hb-old").marked
    assert any(flag.startswith("老问题：本应由“设计准备阶段”的预防措施避免，此前已发生于 云栖湾（20") for flag in flags)
