"""The parse cache: a warm run parses nothing again and says what a cold run says,
is invalidated by content and taxonomy, lives outside the root and survives corruption."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import TODAY

from generator import validation
from generator.validation import validate

CASE = "cases/LAHF/phase-1/LAHF-001.yaml"
FILES = ["cases/LAHF/phase-1/LAHF-001.yaml", "cases/LAHF/project.yaml", "defects/design/D-AC-001.yaml"]


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files parsed since the last clear(), in order: check_file and load are counted."""
    files: list[str] = []
    check_file, load = validation.check_file, validation.load

    def counted_check(source, data, taxonomy):  # type: ignore[no-untyped-def]
        files.append(source.rel)
        return check_file(source, data, taxonomy)

    def counted_load(data, rel):  # type: ignore[no-untyped-def]
        files.append(f"load {rel}")
        return load(data, rel)

    monkeypatch.setattr(validation, "check_file", counted_check)
    monkeypatch.setattr(validation, "load", counted_load)
    return files


def lines(root: Path) -> list[str]:
    return [f"{p.file}:{p.line}:{p.column} {p.code}" for p in validate(root, today=TODAY).problems]


def edit(root: Path, old: str, new: str, rel: str = CASE) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def cache_files() -> list[Path]:
    """The parse cache's files (`<root digest>.pickle`); the corpus rules' memo
    (`.corpus.pickle`) and the photo verdicts live beside it under other names."""
    return sorted(p for p in Path(os.environ["HANDBOOK_CACHE_DIR"]).glob("*.pickle") if p.name.count(".") == 1)


def test_a_warm_run_parses_nothing_and_reports_what_a_cold_run_does(base_root: Path, parsed: list[str]) -> None:
    edit(base_root, "热点", "很严重")
    cold = lines(base_root)
    assert sorted(f for f in parsed if not f.startswith("load ")) == FILES
    parsed.clear()
    assert lines(base_root) == cold == [f"{CASE}:12:11 invalid-value"]
    assert parsed == []


def test_an_edited_file_and_only_it_is_parsed_again(base_root: Path, parsed: list[str]) -> None:
    assert lines(base_root) == []
    parsed.clear()
    edit(base_root, "households: 12", "households: -1")
    assert [line.split(" ")[1] for line in lines(base_root)] == ["negative-number"]
    assert parsed == [CASE, f"load {CASE}"]


def test_a_taxonomy_change_invalidates_cached_results(base_root: Path, parsed: list[str]) -> None:
    edit(base_root, "业主投诉", "400 热线")
    assert [line.split(" ")[1] for line in lines(base_root)] == ["invalid-value"]
    parsed.clear()
    (base_root / "defects" / "taxonomy.yaml").write_text("source:\n  hotline: 400 热线\n", encoding="utf-8")
    assert lines(base_root) == []
    assert sorted(f for f in parsed if not f.startswith("load ")) == FILES


def test_the_cache_lives_outside_the_root(base_root: Path) -> None:
    before = sorted(p.relative_to(base_root) for p in base_root.rglob("*"))
    assert cache_files() == []
    lines(base_root)
    assert sorted(p.relative_to(base_root) for p in base_root.rglob("*")) == before
    assert len(cache_files()) == 1


@pytest.mark.parametrize("garbage", [b"not a pickle", b"", b"\x80\x05K\x01."])
def test_a_corrupted_cache_is_parsed_again_correctly_and_rewritten(base_root: Path, parsed: list[str],
                                                                  garbage: bytes) -> None:
    edit(base_root, "热点", "很严重")
    cold = lines(base_root)
    [entry] = cache_files()
    entry.write_bytes(garbage)
    parsed.clear()
    assert lines(base_root) == cold
    assert sorted(f for f in parsed if not f.startswith("load ")) == FILES
    assert entry.read_bytes() != garbage
    parsed.clear()
    assert lines(base_root) == cold and parsed == []
