"""One validation run over a root: every problem at once, counted, records with errors
kept out of the catalogue (warnings do not), and the root's own taxonomy and settings
applied, or the defaults when those files are broken."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import BROKEN, HERE, TODAY, make_root

from generator.catalog import build_catalog
from generator.cli import main
from generator.validation import validate

CASE = "cases/LAHF/phase-1/LAHF-001.yaml"


def add_case(root: Path, number: int, **changes: str) -> None:
    text = (root / CASE).read_text(encoding="utf-8").replace("id: LAHF-001", f"id: LAHF-{number:03d}")
    for old, new in changes.items():
        assert old in text
        text = text.replace(old, new)
    (root / "cases" / "LAHF" / "phase-1" / f"LAHF-{number:03d}.yaml").write_text(text, encoding="utf-8")


def test_errors_and_warnings_are_told_apart_and_counted(base_root: Path) -> None:
    add_case(base_root, 2, **{"severity: 热点": "severity: 很严重"})
    add_case(base_root, 3, **{"households: 12": "households: 30"})
    result = validate(base_root, today=TODAY, use_cache=False)
    assert result.counts == {"defect": 1, "project": 1, "case": 3}
    assert [(p.code, p.file) for p in result.errors] == [("invalid-value", "cases/LAHF/phase-1/LAHF-002.yaml")]
    # the added cases are copies of LAHF-001, so they are also possible duplicates of it
    warnings = [(p.code, p.file) for p in result.warnings if p.code != "possible-duplicate"]
    assert warnings == [("severity-households", "cases/LAHF/phase-1/LAHF-003.yaml")]
    assert {p.code for p in result.warnings} == {"severity-households", "possible-duplicate"}


def test_a_record_with_an_error_is_left_out_and_one_with_a_warning_kept(base_root: Path) -> None:
    add_case(base_root, 2, **{"severity: 热点": "severity: 很严重"})
    add_case(base_root, 3, **{"households: 12": "households: 30"})
    result = validate(base_root, today=TODAY, use_cache=False)
    assert len(result.records) == 5
    catalog = build_catalog(result.taxonomy, result.valid_records())
    assert sorted(catalog.cases) == ["LAHF-001", "LAHF-003"]


def test_the_roots_taxonomy_is_used(tmp_path: Path) -> None:
    result = validate(make_root(tmp_path, BROKEN / "taxonomy-extension"), today=TODAY, use_cache=False)
    assert result.problems == []
    assert result.taxonomy.normalize("source", "客服热线") == "hotline"
    assert result.taxonomy.normalize("subcategory", "立面百叶") == "louvres"
    assert result.taxonomy.normalize("category", "smart_home") == "smart_home"


def test_a_broken_taxonomy_file_falls_back_to_the_defaults(base_root: Path) -> None:
    (base_root / "defects" / "taxonomy.yaml").write_text("- source\n", encoding="utf-8")
    result = validate(base_root, today=TODAY, use_cache=False)
    assert [(p.code, p.file) for p in result.problems] == [("not-a-mapping", "defects/taxonomy.yaml")]
    assert result.taxonomy.normalize("source", "业主投诉") == "complaint"


def test_an_unreadable_taxonomy_file_is_reported_and_the_defaults_used(base_root: Path) -> None:
    (base_root / "defects" / "taxonomy.yaml").symlink_to(base_root / "nowhere.yaml")
    result = validate(base_root, today=TODAY, use_cache=False)
    assert [(p.code, p.file) for p in result.problems] == [("unreadable-file", "defects/taxonomy.yaml")]
    assert result.taxonomy.normalize("source", "业主投诉") == "complaint"


def test_a_redefined_term_is_reported_where_it_is_written_and_skipped(base_root: Path) -> None:
    (base_root / "defects" / "taxonomy.yaml").write_text(
        "source:\n  hotline: 客服热线\n  complaint: 投诉\n", encoding="utf-8")
    result = validate(base_root, today=TODAY, use_cache=False)
    assert [(p.code, p.line, p.column, p.path) for p in result.problems] == [
        ("taxonomy-conflict", 3, 14, "$.source.complaint")]  # at the label it gives the key
    assert result.taxonomy.normalize("source", "客服热线") == "hotline"
    assert result.taxonomy.normalize("source", "投诉") is None


def test_settings_come_from_handbook_yaml_or_the_defaults(base_root: Path) -> None:
    (base_root / "handbook.yaml").write_text("minimum_cases: 5\ncompiled_by: 客户关系部\n", encoding="utf-8")
    config = validate(base_root, today=TODAY, use_cache=False).config
    assert (config.minimum_cases, config.due_months, config.compiled_by) == (5, 3, "客户关系部")
    (base_root / "handbook.yaml").write_text("minimum_cases: 0\n", encoding="utf-8")
    result = validate(base_root, today=TODAY, use_cache=False)
    assert [p.code for p in result.problems] == ["not-positive"] and result.config.minimum_cases == 30
    (base_root / "handbook.yaml").write_text("[1, 2]\n", encoding="utf-8")
    result = validate(base_root, today=TODAY, use_cache=False)
    assert [(p.code, p.file) for p in result.problems] == [("not-a-mapping", "handbook.yaml")]
    assert result.config.minimum_cases == 30


def test_files_checked_on_several_cores_report_exactly_what_one_process_reports(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator import validation

    root = tmp_path / "sample"
    for folder in ("defects", "cases"):
        shutil.copytree(HERE.parent / folder, root / folder)
    add_broken = root / "cases" / "LAHF" / "phase-1" / "LAHF-007.yaml"
    add_broken.write_text(add_broken.read_text(encoding="utf-8").replace("severity: 重大", "severity: 很严重"),
                          encoding="utf-8")
    (root / "cases" / "LAHF" / "phase-1" / "LAHF-900.yaml").write_bytes(b"id: LAHF-900\ntitle: [\n")

    def report(*options: str) -> str:
        result = CliRunner().invoke(main, ["validate", str(root), "--format", "json", *options])
        assert result.exit_code == 1, result.output
        return result.output

    one = report("--no-cache")
    in_parent: list[str] = []
    check_file = validation.check_file
    monkeypatch.setattr(validation, "check_file", lambda s, d, t: in_parent.append(s.rel) or check_file(s, d, t))
    monkeypatch.setattr(validation, "PARALLEL_FROM", 2)
    monkeypatch.setattr(validation, "idle_cores", lambda: 2)
    assert report("--no-cache") == one and report() == one and report() == one
    assert in_parent == []  # every file was checked in a forked process
    assert "invalid-value" in one and "yaml-syntax" in one and len(one.splitlines()) > 5
    import threading

    stop = threading.Event()
    other = threading.Thread(target=stop.wait, daemon=True)  # as a live preview's server is
    other.start()
    try:
        assert report("--no-cache") == one
    finally:
        stop.set()
    assert in_parent  # with another thread alive nothing forks
