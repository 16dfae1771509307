"""Edges of reading a record file: the size and nesting limits, comments, several
documents, tags and aliases, and where a bad byte is reported."""

from __future__ import annotations

from pathlib import Path

from conftest import TODAY

from generator.loading import MAX_BYTES, MAX_DEPTH, MAX_RAW_NESTING, Mapping, load
from generator.validation import validate

CASE = "cases/LAHF/phase-1/LAHF-001.yaml"


def codes(text: str | bytes) -> list[tuple[str, int, int]]:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return [(p.code, p.line, p.column) for p in load(data, "x.yaml").problems]


def test_a_file_of_exactly_the_cap_is_read() -> None:
    data = b"a: " + b"x" * (MAX_BYTES - 4) + b"\n"
    assert len(data) == MAX_BYTES and codes(data) == []


def test_many_brackets_side_by_side_are_not_nesting() -> None:
    assert codes("a: [" + ", ".join(["[1]"] * MAX_RAW_NESTING) + "]\n") == []
    assert codes("a: [" + ", ".join(["{b: 1}"] * MAX_RAW_NESTING) + "]\n") == []
    assert codes("a: '" + "]" * 300 + "[" * 100 + "'\n") == []  # brackets in quoted text


def test_deep_braces_are_refused_where_the_parser_would_stop() -> None:
    deep = "a: " + "{b: " * (MAX_RAW_NESTING + 1) + "1" + "}" * (MAX_RAW_NESTING + 1)
    assert codes(deep) == [("too-deep", 1, 4 + 4 * (MAX_DEPTH - 1))]


def test_comments_alone_are_an_empty_file() -> None:
    assert codes("# 标题\n   # 缩进的注释\n\n") == [("empty-file", 1, 1)]
    assert codes("a: 1 # 注释\n") == []


def test_only_the_first_extra_document_is_reported() -> None:
    assert codes("a: 1\n---\nb: 2\n---\nc: 3\n") == [("multiple-documents", 2, 1)]


def test_the_non_specific_tag_is_plain_text() -> None:
    document = load("title: ! 外窗渗漏\n".encode(), "x.yaml")
    assert document.problems == [] and isinstance(document.root, Mapping)


def test_an_alias_is_reported_once_and_stands_for_nothing(base_root: Path) -> None:
    case = base_root / CASE
    text = case.read_text(encoding="utf-8").replace("households: 12", "households: *n")
    case.write_text(text.replace("complaints: 4", "complaints: 4\ncompensation2: &n 3"), encoding="utf-8")
    found = [(p.code, p.line) for p in validate(base_root, today=TODAY, use_cache=False).problems]
    assert ("yaml-alias", 8) in found and ("invalid-type", 8) not in found


def test_after_a_duplicate_key_the_rest_of_the_file_is_still_checked(base_root: Path) -> None:
    case = base_root / CASE
    text = case.read_text(encoding="utf-8").replace("severity: 热点", "severity: 很严重")
    case.write_text(text.replace("phase: 1\n", "phase: 1\nphase: 1\n"), encoding="utf-8")
    found = [p.code for p in validate(base_root, today=TODAY, use_cache=False).problems]
    assert found == ["duplicate-key", "invalid-value"]


def test_a_bad_byte_after_a_leading_blank_line_is_on_the_right_line() -> None:
    assert codes(b"\na: b\nc: \xff\xfe\n") == [("not-utf8", 3, 4)]


def test_a_syntax_error_on_one_line_names_no_other_line() -> None:
    [problem] = load(b"title: a: b\n", "x.yaml").problems
    assert problem.code == "yaml-syntax" and "mapping values are not allowed" in problem.message("en")
    assert "noticed on line" not in problem.message("en") and "问题发现于" not in problem.message("zh")
