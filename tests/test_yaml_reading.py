"""Edges of reading a record file: the size and nesting limits, comments, several
documents, tags and aliases, and where a bad byte is reported."""

from __future__ import annotations

from pathlib import Path

from conftest import TODAY

from generator.loading import MAX_BYTES, MAX_DEPTH, MAX_RAW_NESTING, Mapping, Scalar, load
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


def test_a_value_with_the_non_specific_tag_keeps_its_text_and_place() -> None:
    root = load("id: x\ntitle: ! 外窗渗漏\n".encode(), "x.yaml").root
    assert isinstance(root, Mapping)
    _, value = root.entries["title"]
    assert isinstance(value, Scalar)
    assert (value.value, value.plain, value.line, value.column) == ("外窗渗漏", True, 2, 8)


def test_a_directive_on_a_later_line_is_placed_there() -> None:
    assert codes("\n%YAML 1.2\n---\na: 1\n") == [("yaml-directive", 2, 1)]


def test_a_mapping_as_a_key_is_named_a_mapping() -> None:
    [problem] = load(b"? {a: 1}\n: x\n", "x.yaml").problems
    assert (problem.code, problem.line, problem.column) == ("invalid-key", 1, 3)
    assert problem.message("en").endswith("a mapping") and problem.message("zh").endswith("映射")


def test_a_duplicate_key_points_back_at_the_first_key_not_its_value() -> None:
    [problem] = load(b"title:\n  - a\ntitle: b\n", "x.yaml").problems
    assert (problem.code, problem.line) == ("duplicate-key", 3) and "first on line 1" in problem.message("en")


def test_a_text_block_at_the_top_is_quoted_on_one_line() -> None:
    [problem] = load("|\n  一\n  二\n".encode(), "x.yaml").problems
    assert "'一 二 '" in problem.message("en")
    [problem] = load(("长" * 40 + "\n").encode(), "x.yaml").problems
    assert f"'{'长' * 40}'" in problem.message("en")  # forty characters are shown whole


def test_a_full_width_colon_inside_a_text_block_is_not_a_key() -> None:
    text = "id: LAHF-001\ndescription: |\n  原因：施工不当\ntitle：外窗渗漏\n"
    assert codes(text) == [("fullwidth-colon", 4, 6)]


def test_syntax_errors_quote_libyaml_and_translate_what_is_known() -> None:
    [problem] = load(b"a:\n  b: 1\n c: 2\n", "x.yaml").problems
    assert (problem.line, problem.column) == (3, 2)  # where the key is missing, not where the mapping began
    assert problem.message("en").endswith(": while parsing a block mapping; did not find expected key")
    assert problem.message("zh").endswith("：读取映射时，没有找到应有的键（缩进可能不一致）")
    [problem] = load(b"title: a: b\n", "x.yaml").problems
    assert problem.message("en").endswith(": mapping values are not allowed in this context")
    [problem] = load(b"a: !x!y b\n", "x.yaml").problems
    assert problem.message("zh").endswith("：解析时，found undefined tag handle")  # no translation: libyaml's words


def test_the_encoding_guess_is_said_only_when_it_fits() -> None:
    [gbk] = load("title: 外窗渗漏\n".encode("gbk"), "x.yaml").problems
    assert gbk.message("en").endswith("; it looks like GBK (GB18030)")
    assert gbk.message("zh").endswith("，看起来是 GBK（GB18030）编码")
    [utf16] = load("title: 外窗\n".encode("utf-16"), "x.yaml").problems
    assert utf16.message("en").endswith("cannot be read as UTF-8")
    assert "GBK" not in utf16.message("en") and "GBK" not in utf16.message("zh")


def test_full_width_indentation_is_placed_at_its_first_full_width_space() -> None:
    assert codes("id: x\ntitle: y\n  \u3000found: 2025\n") == [("fullwidth-indent", 3, 3)]
