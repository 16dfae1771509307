"""The loader against hostile and careless input: bounded, nothing executed."""

from __future__ import annotations

from pathlib import Path

from conftest import TODAY

from generator.loading import MAX_BYTES, Mapping, Scalar, load
from generator.validation import validate


def codes(text: str | bytes) -> list[tuple[str, int, int]]:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return [(p.code, p.line, p.column) for p in load(data, "x.yaml").problems]


def test_scalars_keep_the_authors_text() -> None:
    root = load(b"location: 0301\ntitle: NO\nphase: 010\nwhen: 2025-03-01\n", "x.yaml").root
    assert isinstance(root, Mapping)
    values = {k: v.value for k, (_, v) in root.entries.items() if isinstance(v, Scalar)}
    assert values == {"location": "0301", "title": "NO", "phase": "010", "when": "2025-03-01"}


def test_a_file_over_the_cap_is_not_parsed() -> None:
    assert codes(b"a: " + b"x" * MAX_BYTES) == [("file-too-large", 1, 1)]


def test_nesting_that_crashes_c_parsers_is_refused_before_parsing() -> None:
    deep = "a: " + "[" * 100_000 + "]" * 100_000
    assert codes(deep) == [("too-deep", 1, 19)]  # the bracket where the parser would have stopped
    assert codes("a:\n" + "".join("  " * i + "- \n" for i in range(1, 40))) [0][0] == "too-deep"


def test_an_alias_bomb_is_rejected_without_expanding() -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    found = codes("\n".join(lines))
    assert {code for code, _, _ in found} == {"yaml-alias"}
    assert len(found) == 10 + 81  # ten anchors, nine aliases on each of nine lines


def test_python_tags_are_reported_and_nothing_runs(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    found = codes(f"title: !!python/object/apply:os.system ['touch {marker}']\n")
    assert found == [("yaml-tag", 1, 8)]
    assert not marker.exists()


def test_gbk_bytes_are_named_as_such() -> None:
    problem = load("title: 外窗渗漏\n".encode("gbk"), "x.yaml").problems[0]
    assert (problem.code, problem.line, problem.column) == ("not-utf8", 1, 8)
    assert "GBK" in problem.message("zh") and "GBK" in problem.message("en")
    assert "UTF-8" in problem.hint("zh")


def test_the_column_of_bad_bytes_counts_characters() -> None:
    data = "title: 外窗".encode() + "渗漏".encode("gbk")
    assert codes(data) == [("not-utf8", 1, 10)]


def test_a_utf8_bom_is_fine() -> None:
    assert codes("\ufefftitle: 外窗渗漏\n") == []


def test_fullwidth_space_inside_a_text_block_is_good_typography() -> None:
    assert codes("description: |\n  \u3000\u3000原因：施工不当。\n") == []


def test_a_syntax_error_names_where_the_construct_began() -> None:
    problem = load('title: "外窗\nfound: 2025-03-01\n'.encode(), "x.yaml").problems[0]
    assert (problem.code, problem.line, problem.column) == ("yaml-syntax", 1, 8)  # where the quote opens
    assert "noticed on line 3" in problem.message("en")
    assert "引号或括号还没有闭合" in problem.message("zh")


def test_an_unreadable_file_is_reported_and_the_rest_still_checked(base_root: Path) -> None:
    (base_root / "cases" / "LAHF" / "phase-1" / "LAHF-002.yaml").symlink_to(base_root / "nowhere.yaml")
    result = validate(base_root, today=TODAY, use_cache=False)
    assert [(p.code, p.file) for p in result.problems] == [("unreadable-file", "cases/LAHF/phase-1/LAHF-002.yaml")]
    assert result.counts["case"] == 2


def test_a_file_over_the_cap_in_a_root(base_root: Path) -> None:
    big = base_root / "defects" / "D-BIG-001.yaml"
    big.write_text("title: " + "长" * MAX_BYTES, encoding="utf-8")
    result = validate(base_root, today=TODAY, use_cache=False)
    assert [(p.code, p.file, p.line) for p in result.problems] == [("file-too-large", "defects/D-BIG-001.yaml", 1)]
