"""The built site in a real headless Chromium: search, tables, case links, safety.

Screenshots go to the test's temporary folder (and to $HANDBOOK_SHOTS when set,
for looking at them)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from conftest import TODAY, make_root
from sitekit import CHROMIUM, CHROMIUM_ARGS, build, copy_sample, require_browser, served

PAYLOADS = {
    "title": '<script>alert("t")</script>[点我](javascript:alert(1)) {: onclick="alert(2)" }',
    "location": "<img src=x onerror=alert(3)>",
    "description": ('正文 <script>alert(4)</script>\n\n<img src=x onerror="alert(5)">\n\n'
                    '[链接](javascript:alert(6))\n\n'
                    '<a href="javascript:alert(7)" onclick="alert(8)">点击</a>\n\n'
                    '<iframe src="javascript:alert(9)"></iframe>'),
    "lessons": "<svg onload=alert(10)><details open ontoggle=alert(11)>x</details>",
}


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    require_browser()
    root = copy_sample(tmp_path_factory.mktemp("sample"))
    with pytest.MonkeyPatch.context() as patch:  # module-scoped: set the day conftest sets per test
        patch.setenv("HANDBOOK_TODAY", TODAY.isoformat())
        build(root, root / "public")
    with served(root / "public") as url:
        yield url


@pytest.fixture
def page(browser, tmp_path: Path):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.outside = []  # requests to any other host
    page.dialogs = []
    page.on("request", lambda r: page.outside.append(r.url) if not r.url.startswith("http://127.0.0.1:") else None)
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    yield page
    context.close()


def shot(page, tmp_path: Path, name: str) -> Path:  # type: ignore[no-untyped-def]
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    if os.environ.get("HANDBOOK_SHOTS"):
        shutil.copy(path, Path(os.environ["HANDBOOK_SHOTS"]) / path.name)
    return path


def search(page, text: str) -> list[str]:  # type: ignore[no-untyped-def]
    page.click(".hb-search .md-search__input")
    page.fill(".hb-search .md-search__input", "")
    page.keyboard.type(text)
    page.wait_for_function("document.querySelectorAll('.hb-search .md-search-result__item h1').length > 0"
                           " || document.querySelector('.hb-search .md-search-result__meta')"
                           ".textContent.includes('没有')")
    return page.locator(".hb-search .md-search-result__item h1").all_inner_texts()


@pytest.mark.parametrize("query, expected", [
    ("空鼓", "D-HOLLOW-001 墙地砖空鼓、脱落"),
    ("渗漏", "D-LEAK-002 卫生间沉箱积水渗漏至楼下"),
    ("空调机位", "D-AC-002 空调外机机位进深不足或设于凹槽内"),
    ("机位", "D-AC-001 空调外机百叶过密，外机散热不良停机"),
    ("沉箱", "D-LEAK-002 卫生间沉箱积水渗漏至楼下"),
])
def test_typing_in_the_header_search_box_finds_records(page, sample_site: str, tmp_path: Path, query: str,
                                                      expected: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(sample_site)
    titles = search(page, query)
    shot(page, tmp_path, f"search-{query}")
    assert expected in titles
    assert page.outside == []


def test_a_single_character_finds_cases_too(page, sample_site: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(sample_site)
    search(page, "漏")
    meta = page.locator(".hb-search .md-search-result__meta").inner_text()
    assert int("".join(ch for ch in meta if ch.isdigit())) >= 10
    page.click(".hb-search-more button")
    page.wait_for_function("document.querySelectorAll('.hb-search .md-search-result__item h1').length > 10")


def test_a_search_result_opens_its_case(page, sample_site: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(sample_site)
    search(page, "LAHF-007")
    page.locator(".hb-search .md-search-result__link").first.click()
    page.wait_for_url("**/projects/LAHF/phase-1/#LAHF-007")
    assert page.locator("#LAHF-007").is_visible()


def test_the_case_lookup_redirects_by_id(page, sample_site: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(sample_site + "cases/#YQW-004")
    page.wait_for_url("**/projects/YQW/phase-1/#YQW-004")
    page.goto(sample_site + "cases/#YQW-999")
    page.wait_for_function("document.querySelector('.hb-lookup').textContent.includes('YQW-999')")


def test_the_defect_table_filters_and_sorts(page, sample_site: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto(sample_site + "defects/table/")
    rows = page.locator("table tbody tr")
    total = rows.count()
    page.select_option(".hb-table-tools select >> nth=0", "物业管理")
    visible = page.locator("table tbody tr:not([hidden])")
    assert 0 < visible.count() < total
    assert all(cells.split("\t")[2] == "物业管理" for cells in visible.all_inner_texts())
    page.select_option(".hb-table-tools select >> nth=0", "")
    page.fill(".hb-table-tools input", "空调")
    assert 0 < visible.count() < total
    page.fill(".hb-table-tools input", "")
    page.click("table thead th:nth-child(9)")  # cases, descending
    first = [int(t) for t in page.locator("table tbody tr td:nth-child(9)").all_inner_texts()]
    assert first == sorted(first, reverse=True)
    shot(page, tmp_path, "defect-table")


def test_photos_open_large(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = make_root(tmp_path)
    build(root, tmp_path / "out")
    with served(tmp_path / "out") as url:
        page = browser.new_page()
        page.goto(url + "projects/LAHF/phase-1/")
        page.click("a.hb-photo")
        assert page.locator("dialog.hb-lightbox img").is_visible()
        page.close()


def test_record_text_cannot_run_script(browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = make_root(tmp_path)
    case = root / "cases" / "LAHF" / "phase-1" / "LAHF-001.yaml"
    text = case.read_text(encoding="utf-8")
    for field, payload in PAYLOADS.items():
        block = "\n".join("  " + line for line in payload.splitlines())
        text = "\n".join(line for line in text.splitlines() if not line.startswith(f"{field}:"))
        text += f"\n{field}: |\n{block}\n"
    case.write_text(text.replace("description: |\n  业主反映", "x_removed: |\n  业主反映"), encoding="utf-8")
    case.write_text("\n".join(line for line in case.read_text(encoding="utf-8").splitlines()
                              if not line.startswith("x_removed") and not line.startswith("  业主反映")),
                    encoding="utf-8")
    build(root, tmp_path / "out")
    with served(tmp_path / "out") as url:
        page = browser.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for path in ("projects/LAHF/phase-1/", "defects/D-AC-001/", ""):
            page.goto(url + path)
            page.wait_for_timeout(300)
            content = page.locator(".md-content")
            assert content.locator("script, iframe, svg[onload], img[onerror]").count() == 0
            assert page.locator("a[href^='javascript:']").count() == 0
            assert page.evaluate("""() => [...document.querySelectorAll('.md-content *')]
                .filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length""") == 0
        page.goto(url)
        page.click(".hb-search .md-search__input")
        page.keyboard.type("alert")
        page.wait_for_timeout(800)
        assert page.locator(".hb-search .md-search-result__item").count() >= 1  # the text is found, as text
        assert page.locator(".hb-search img, .hb-search script").count() == 0
        assert dialogs == []
        page.close()


def test_the_client_splits_queries_and_hashes_like_the_index(page, sample_site: str) -> None:  # type: ignore[no-untyped-def]
    from generator.render.search import fnv1a, query_terms

    page.goto(sample_site)
    for query in ["空调机位", "漏", "D-AC-001 外窗", "ＬＡＨＦ－００７", "a"]:
        assert page.evaluate("q => window.handbookSearch.terms(q)", query) == query_terms(query)
        for term in query_terms(query):
            assert page.evaluate("t => window.handbookSearch.fnv1a(t)", term) == fnv1a(term)


def overdue_in_records() -> set[str]:
    """Open cases whose plan in force (the last replan's due, else due) is before TODAY, read
    from the sample's YAML with plain PyYAML, independently of the generator."""
    from generator.taxonomy import default_taxonomy

    tax, found = default_taxonomy(), set()
    for path in (Path(__file__).resolve().parent.parent / "cases").rglob("*-[0-9][0-9][0-9].yaml"):
        case = yaml.safe_load(path.read_text(encoding="utf-8"))
        due = (case.get("replans") or [{}])[-1].get("due") or case.get("due")
        if tax.normalize("status", str(case["status"])) != "closed" and due and due < TODAY:
            found.add(case["id"])
    return found


def test_the_tracking_page_lists_the_overdue_cases_linked_to_their_sections(page, sample_site: str,  # type: ignore[no-untyped-def]
                                                                            tmp_path: Path) -> None:
    page.goto(sample_site + "tracking/")
    assert page.locator("h1").inner_text().rstrip("¶") == "整改跟踪"  # the permalink mark
    table = page.locator("xpath=//h2[contains(., '逾期案例')]/following::table[1]")
    rows = table.locator("tbody tr")
    links = rows.locator("td:first-child a")
    shown = links.all_inner_texts()
    expected = overdue_in_records()
    assert expected and sorted(shown) == sorted(expected)
    days = [int(text) for text in rows.locator("td:nth-child(8)").all_inner_texts()]
    assert days == sorted(days, reverse=True) and min(days) > 0  # most overdue first
    shot(page, tmp_path, "tracking")
    targets = [(case_id, links.nth(i).get_attribute("href")) for i, case_id in enumerate(shown)]
    for case_id, href in targets:
        assert href and href.endswith(f"/#{case_id}"), href
        page.goto(sample_site + "tracking/")
        table.locator(f"a:text-is('{case_id}')").click()
        page.wait_for_url(f"**/#{case_id}")
        section = page.locator(f"[id='{case_id}']")
        assert section.count() == 1 and case_id in section.inner_text()
        assert section.is_visible()
    assert not page.outside and not page.dialogs
