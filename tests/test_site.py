"""The built handbook site, read back as files: pages, links, search index, safety."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import TODAY, make_root
from sitekit import Index, build, copy_sample

from generator.catalog import build_catalog
from generator.cli import main
from generator.config import Config
from generator.validation import validate


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = copy_sample(tmp_path_factory.mktemp("sample"))
    out = root / "public"
    build(root, out)
    return root, out


@pytest.fixture(scope="module")
def catalog(sample: tuple[Path, Path]):  # type: ignore[no-untyped-def]
    result = validate(sample[0], today=TODAY, use_cache=False)
    return build_catalog(result.taxonomy, result.valid_records())


class Links(HTMLParser):
    """Every URL a page would load or link to, and every element id."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str, str]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("src", "href") and value:
                self.urls.append((tag, name, value))
            if name == "id" and value:
                self.ids.add(value)


def parse(path: Path) -> Links:
    links = Links()
    links.feed(path.read_text(encoding="utf-8"))
    return links


def test_every_case_has_a_stable_anchor_on_its_phase_page(sample: tuple[Path, Path], catalog) -> None:  # type: ignore[no-untyped-def]
    _, out = sample
    for case in catalog.cases.values():
        page = out / "projects" / case.project / f"phase-{case.phase}" / "index.html"
        assert case.id in parse(page).ids, case.id


def test_every_defect_type_and_project_has_a_page(sample: tuple[Path, Path], catalog) -> None:  # type: ignore[no-untyped-def]
    _, out = sample
    for defect_id in catalog.defects:
        html = (out / "defects" / defect_id / "index.html").read_text(encoding="utf-8")
        for case in catalog.cases_of_defect(defect_id):
            assert f'href="../../projects/{case.project}/phase-{case.phase}/#{case.id}"' in html
    for code in catalog.projects:
        assert (out / "projects" / code / "index.html").is_file()


def test_every_internal_link_and_anchor_resolves(sample: tuple[Path, Path]) -> None:
    """Generated pages are mostly raw HTML, which MkDocs does not check: check here."""
    _, out = sample
    ids: dict[Path, set[str]] = {}
    broken = []
    for page in out.rglob("*.html"):
        for tag, _attr, url in parse(page).urls:
            if re.match(r"[a-z]+:|//|#?$", url) or tag == "link":
                continue
            path, _, anchor = url.partition("#")
            base = out if path.startswith("/") else page.parent  # the 404 page links from the site root
            target = (base / path.lstrip("/")).resolve() if path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append((page.relative_to(out), url))
            elif anchor and target.suffix == ".html":
                ids.setdefault(target, parse(target).ids)
                if anchor not in ids[target]:
                    broken.append((page.relative_to(out), url))
    assert broken == []


def test_no_page_loads_anything_from_another_host(sample: tuple[Path, Path]) -> None:
    _, out = sample
    pages = list(out.rglob("*.html"))
    assert len(pages) > 40
    for page in pages:
        for tag, attr, url in parse(page).urls:
            if tag in ("script", "link", "img", "iframe", "source") and attr in ("src", "href"):
                assert not re.match(r"(https?:)?//", url), (page, url)


def test_the_navigation_lists_index_pages_not_leaves(sample: tuple[Path, Path], catalog) -> None:  # type: ignore[no-untyped-def]
    html = (sample[1] / "stats" / "index.html").read_text(encoding="utf-8")
    start = html.index("md-nav--primary")
    nav = html[start:html.index("md-sidebar--secondary", start)]
    targets = set(re.findall(r'href="([^"#]+)"', nav))
    assert len(targets) <= 12  # sections and index pages, whatever the number of records
    assert not any("D-" in target or "phase-" in target for target in targets)


def test_home_page_shows_counts_recurrence_latest_and_progress(sample: tuple[Path, Path], catalog) -> None:  # type: ignore[no-untyped-def]
    html = (sample[1] / "index.html").read_text(encoding="utf-8")
    assert f"<strong>{len(catalog.cases)}</strong>" in html
    top = catalog.ranking()[0].defect
    assert top.title in html
    assert "未到期，还差" in html and "已达标" in html


def test_statistics_page_has_its_charts(sample: tuple[Path, Path]) -> None:
    html = (sample[1] / "stats" / "index.html").read_text(encoding="utf-8")
    charts = re.findall(r'<img class="hb-chart" src="([^"]+)"', html)
    assert len(charts) == 9
    svg = "".join((sample[1] / "stats" / chart).read_text(encoding="utf-8") for chart in charts)
    assert "规划设计" in svg and "累计占比" in svg


class Tables(HTMLParser):
    """Each table's class and its rows of cell texts (and the cells' classes)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[tuple[str, list[list[tuple[str, str]]]]] = []
        self._cell: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append((dict(attrs).get("class") or "", []))
        elif tag == "tr" and self.tables:
            self.tables[-1][1].append([])
        elif tag in ("td", "th"):
            self._cell = (dict(attrs).get("class") or "", [])

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell[1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][1][-1].append(("".join(self._cell[1]).strip(), self._cell[0]))
            self._cell = None


def test_statistics_page_counts_each_authors_cases_per_month(sample: tuple[Path, Path], catalog) -> None:  # type: ignore[no-untyped-def]
    html = (sample[1] / "stats" / "index.html").read_text(encoding="utf-8")
    assert "每人每月编写的案例" in html
    parser = Tables()
    parser.feed(html)
    rows = next(rows for kind, rows in parser.tables if "hb-authors" in kind)
    months = [text for text, _ in rows[0][1:-1]]
    assert len(months) == 6 and months == sorted(months)
    written: dict[tuple[str, str], int] = {}
    for case in catalog.cases.values():
        if case.author:
            key = (case.author, f"{case.found.year}-{case.found.month:02d}")
            written[key] = written.get(key, 0) + 1
    authors = sorted({author for author, _ in written})
    assert [row[0][0] for row in rows[1:]] == authors
    shown = 0
    for row in rows[1:]:
        author, cells, short = row[0][0], row[1:-1], row[-1][0]
        expected = [written.get((author, month), 0) for month in months]
        assert [int(text) for text, _ in cells] == expected, author
        assert [("hb-short" in kind) for _, kind in cells] == [n < 1 for n in expected], author
        assert int(short) == sum(1 for n in expected if n < 1)
        shown += sum(expected)
    assert shown  # the sample's authors wrote cases in the months shown


def test_an_authors_name_is_printed_as_text_on_the_statistics_page(catalog) -> None:  # type: ignore[no-untyped-def]
    import dataclasses

    from generator.render.site import pages

    first = next(iter(catalog.cases.values()))
    cases = {**catalog.cases, first.id: dataclasses.replace(first, author='<b onclick="x()">李&</b>')}
    stats = dict(pages(dataclasses.replace(catalog, cases=cases), "zh", TODAY))["stats.md"]()
    assert "<b " not in stats
    parser = Tables()
    parser.feed(stats)
    rows = next(rows for kind, rows in parser.tables if "hb-authors" in kind)
    assert '<b onclick="x()">李&</b>' in [row[0][0] for row in rows]  # read back as the text written


def test_problem_code_page_lists_every_code(sample: tuple[Path, Path]) -> None:
    from generator.problems import CODES

    html = (sample[1] / "problems" / "index.html").read_text(encoding="utf-8")
    assert all(f"<code>{name}</code>" in html for name in CODES)


def test_format_page_is_written_from_the_taxonomy(sample: tuple[Path, Path], catalog) -> None:  # type: ignore[no-untyped-def]
    html = unescape((sample[1] / "format" / "index.html").read_text(encoding="utf-8"))
    for axis in ("category", "source", "department"):
        for term in catalog.taxonomy.axis_terms(axis).values():
            assert term.zh in html and f"<code>{term.key}</code>" in html
    assert "<code>training.yaml</code>" in html and "<code>sessions</code>" in html  # the training log too


# What a reader wrote and can search for, read from the YAML files themselves (not from the
# generator's own index entries): free-text fields; chosen values (category, status …) are
# filtered by the tables instead. A case is also found by its defect type and its project.
TEXT_FIELDS = {
    "defect": ("id", "title", "description", "impact", "causes", "prevention", "tags", "locations", "references"),
    "project": ("code", "name", "city", "company", "product_types"),
    "case": ("id", "title", "location", "description", "cause", "decision", "rectification", "lessons"),
}


def _strings(value: object) -> list[str]:
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return [str(value)] if value is not None else []


def _text(record: dict, kind: str) -> str:
    return " ".join(s for field in TEXT_FIELDS[kind] for s in _strings(record.get(field)))


@pytest.fixture(scope="module")
def written(sample: tuple[Path, Path]) -> dict[str, tuple[str, str]]:
    """Search result URL -> (the record's own text, with what it refers to) from the YAML files."""
    import yaml

    root = sample[0]
    defects = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (root / "defects").rglob("D-*.yaml")}
    projects = {p.parent.name: yaml.safe_load(p.read_text(encoding="utf-8"))
                for p in (root / "cases").glob("*/project.yaml")}
    records = {f"defects/{d}/": (_text(r, "defect"),) * 2 for d, r in defects.items()}
    records |= {f"projects/{c}/": (_text(r, "project"),) * 2 for c, r in projects.items()}
    for path in (root / "cases").rglob("*-[0-9][0-9][0-9].yaml"):
        case = yaml.safe_load(path.read_text(encoding="utf-8"))
        project, defect = path.relative_to(root / "cases").parts[0], defects[case["defect"]]
        own = _text(case, "case")
        records[f"projects/{project}/phase-{case['phase']}/#{case['id']}"] = (
            own, f"{own} {case['defect']} {defect['title']} {projects[project]['name']}")
    assert len(records) == len(defects) + len(projects) + 105
    return records


@pytest.mark.parametrize("query", ["空鼓", "渗漏", "空调机位", "机位", "漏", "沉箱", "水泵房", "百叶过密", "LAHF-007"])
def test_search_finds_every_record_whose_text_holds_the_query(sample: tuple[Path, Path],
                                                              written: dict[str, tuple[str, str]],
                                                              query: str) -> None:
    index = Index(sample[1])
    wanted = {url for url, (own, _) in written.items() if query.lower() in own.lower()}
    assert wanted, query
    found = index.urls(query)
    assert wanted <= found
    if len(query) <= 2:  # one or two characters: the index is exact
        assert found == {url for url, (_, full) in written.items() if query.lower() in full.lower()}


def test_search_finds_every_record_by_any_two_characters_it_holds(sample: tuple[Path, Path],
                                                                  written: dict[str, tuple[str, str]]) -> None:
    """The README's promise: any substring of two or more Chinese characters of a record's text finds it."""
    index = Index(sample[1])
    missed = []
    for url, (own, _) in written.items():
        pairs = {run[i:i + 2] for run in re.findall(r"[\u4e00-\u9fff]{2,}", own) for i in range(len(run) - 1)}
        for pair in sorted(pairs)[::7]:  # a seventh of them keeps the test quick; every record is covered
            if url not in index.urls(pair):
                missed.append((url, pair))
    assert missed == []


def test_search_index_stays_small_per_query(sample: tuple[Path, Path]) -> None:
    index = Index(sample[1])
    shard_bytes = [p.stat().st_size for p in (sample[1] / "search" / "t").iterdir()]
    assert index.manifest["count"] > 100
    assert max(shard_bytes) < 64 * 1024


def test_a_root_without_its_own_site_builds_with_the_defaults(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    out = tmp_path / "out"
    assert "已生成" in build(root, out)
    assert (out / "index.html").is_file() and (out / "assets" / "search.js").is_file()
    assert not (root / "public").exists()


def test_language_en_switches_the_labels(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    (root / "mkdocs.yml").write_text("theme:\n  language: en\n", encoding="utf-8")
    build(root, tmp_path / "out")
    html = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in html and "Old problems" in html and "Handbook progress per phase" in html


def test_own_pages_override_generated_ones(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    (root / "site").mkdir()
    (root / "site" / "index.md").write_text("# 本公司缺陷手册\n\n自定义首页。\n", encoding="utf-8")
    build(root, tmp_path / "out")
    assert "自定义首页" in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")


def test_errors_in_records_stop_the_build(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    case = root / "cases" / "LAHF" / "phase-1" / "LAHF-001.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace("热点", "很严重"), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(root), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "[invalid-value]" in result.output
    assert not (tmp_path / "out" / "index.html").exists()


def test_a_broken_link_in_an_own_page_fails_the_strict_build(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    (root / "site").mkdir()
    (root / "site" / "guide.md").write_text("# 指南\n\n[缺失](missing.md)\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(root), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "missing.md" in result.output


def test_build_never_empties_a_folder_it_did_not_make(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    precious = tmp_path / "docs-of-mine"
    precious.mkdir()
    (precious / "notes.txt").write_text("keep me", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(root), "--out", str(precious)])
    assert result.exit_code == 2
    assert (precious / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_serve_rebuilds_when_a_record_changes(tmp_path: Path) -> None:
    """Live preview: edit a YAML record, and the served page changes (bounded wait, loopback only)."""
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    root = make_root(tmp_path)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "generator", "serve", str(root),
                               "--dev-addr", f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def page() -> str:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/projects/LAHF/phase-1/", timeout=5) as response:
                return response.read().decode("utf-8")
        except OSError:
            return ""

    def wait_for(text: str) -> bool:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if text in page():
                return True
            time.sleep(0.5)
        return False

    try:
        assert wait_for("5栋空调百叶过密")
        case = root / "cases" / "LAHF" / "phase-1" / "LAHF-001.yaml"
        case.write_text(case.read_text(encoding="utf-8").replace("5栋空调百叶过密", "5栋空调百叶已改造")
                        .replace("测得机位内温度 52℃", "测得机位内温度 49℃"), encoding="utf-8")
        assert wait_for("5栋空调百叶已改造")  # a heading, which MkDocs reads
        assert wait_for("测得机位内温度 49℃")  # the HTML the preview's hook puts in
        assert "<!--hb-html" not in page()
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_the_site_publishes_the_editor_schemas_linked_from_the_format_page(sample: tuple[Path, Path]) -> None:
    import json

    page = sample[1] / "format" / "index.html"
    links = {url for tag, name, url in parse(page).urls if tag == "a" and url.endswith(".json")}
    assert links == {f"../schema/{kind}.json" for kind in ("defect", "project", "case", "taxonomy", "training")}
    for link in links:
        published = json.loads((page.parent / link).resolve().read_text(encoding="utf-8"))
        assert published["$schema"] == "http://json-schema.org/draft-07/schema#"
        assert published["additionalProperties"] is False
    case = json.loads((sample[1] / "schema" / "case.json").read_text(encoding="utf-8"))
    assert "LAHF" in case["properties"]["id"]["pattern"] and case["properties"]["grade"]["title"] == "等级"


def test_mkdocs_reads_only_the_markdown_of_generated_pages(sample: tuple[Path, Path]) -> None:
    """A generated page reaches MkDocs as front matter, headings and placeholders (its HTML
    would cost most of a large build to parse as Markdown); every built page has its HTML back."""
    import re

    root, out = sample
    docs, store = root / ".handbook" / "docs", root / ".handbook" / "fragments"
    stored = sorted(store.rglob("*.md.json"))
    assert len(stored) > 20 and (store / "projects" / "LAHF" / "phase-1.md.json").is_file()
    for path in stored:
        page = path.relative_to(store).as_posix()[:-len(".json")]
        body = re.sub(r"\A---\n.*?\n---\n", "", (docs / page).read_text(encoding="utf-8"), flags=re.S)
        lines = [line for line in body.splitlines() if line.strip()]
        assert all(re.fullmatch(r"#{1,6} .*|<!--hb-html \d+ [0-9a-f]{12}-->", line) for line in lines), page
    built = sorted(out.rglob("*.html"))
    assert not [p for p in built if "<!--hb-html" in p.read_text(encoding="utf-8")]
    phase = (out / "projects" / "LAHF" / "phase-1" / "index.html").read_text(encoding="utf-8")
    assert phase.count('class="hb-facts"') == phase.count('class="hb-case"') > 5 and 'class="hb-text"' in phase


def test_a_preview_first_rewrites_the_pages_of_the_records_saved(sample: tuple[Path, Path], catalog) -> None:  # type: ignore[no-untyped-def]
    from generator.build import Layout, refresh
    from generator.render.site import owned_pages

    root, _ = sample
    case = next(c for c in catalog.cases.values() if c.project == "LAHF")
    defect = catalog.defects[case.defect]
    project = catalog.projects["LAHF"]
    owned = owned_pages(catalog, {case.file, defect.file, project.file, "site/guide.md"})
    assert owned == {f"projects/LAHF/phase-{case.phase}.md", f"defects/{defect.id}.md", "projects/LAHF/index.md",
                     *(f"projects/LAHF/phase-{p.number}.md" for p in project.phases)}
    page = root / ".handbook" / "docs" / f"defects/{defect.id}.md"
    kept = page.read_bytes()
    page.write_text("stale", encoding="utf-8")
    assert refresh(Layout(root, root / "public"), catalog, "zh", TODAY, Config(), {f"defects/{defect.id}.md"}) == 1
    assert page.read_bytes() == kept  # the same page assemble wrote, and nothing else rewritten


def test_the_preview_regenerates_on_writes_not_on_reads(tmp_path: Path) -> None:
    """Validation reads every record, and inotify reports reads too: a preview that took them
    for saves would regenerate for ever."""
    from watchdog.events import (
        FileClosedEvent,
        FileClosedNoWriteEvent,
        FileModifiedEvent,
        FileMovedEvent,
        FileOpenedEvent,
    )

    from generator.preview import Regenerator

    handler = Regenerator(tmp_path)
    case = str(tmp_path / "cases" / "LAHF" / "phase-1" / "LAHF-001.yaml")
    for event in (FileOpenedEvent(case), FileClosedNoWriteEvent(case),
                  FileModifiedEvent(str(tmp_path / "public.txt"))):  # a file of the root that is no record
        handler.on_any_event(event)
    assert not handler.changed.is_set() and handler.files == set()
    handler.on_any_event(FileClosedEvent(case))
    handler.on_any_event(FileMovedEvent(str(tmp_path / "cases" / "a.tmp"), str(tmp_path / "handbook.yaml")))
    assert handler.changed.is_set()
    assert handler.files == {"cases/LAHF/phase-1/LAHF-001.yaml", "cases/a.tmp", "handbook.yaml"}


def test_a_root_that_turns_directory_urls_off_still_gets_working_pages(tmp_path: Path) -> None:
    """The generated pages link by directory URL and are filled in at <page>/index.html: the
    build keeps that scheme whatever the root's mkdocs.yml says."""
    root = make_root(tmp_path)
    (root / "mkdocs.yml").write_text("site_name: 测试\nuse_directory_urls: false\n", encoding="utf-8")
    build(root, tmp_path / "out")
    phase = (tmp_path / "out" / "projects" / "LAHF" / "phase-1" / "index.html").read_text(encoding="utf-8")
    assert 'class="hb-case"' in phase and "<!--hb-html" not in phase
