"""The loader against hostile and careless input: bounded, nothing executed."""

from __future__ import annotations

import re
import textwrap
import time
from datetime import date
from pathlib import Path

import pytest
from conftest import BASE, TODAY

from generator.loading import MAX_BYTES, MAX_CONTROL_LINES, MAX_PROBLEMS, Mapping, Scalar, load
from generator.sources import Source
from generator.taxonomy import default_taxonomy
from generator.validation import check_file, validate


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


def test_a_control_character_is_named_with_its_line_and_column() -> None:
    problems = load("id: D-AC-001\ntitle: 外窗\x0b渗漏\n".encode(), "x.yaml").problems
    assert [(p.code, p.line, p.column) for p in problems] == [("control-character", 2, 10)]
    assert "U+000B" in problems[0].message("zh") and "垂直制表符" in problems[0].message("zh")
    assert "LINE TABULATION" in problems[0].message("en") and "CLEAN" in problems[0].hint("en")


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x08", "\x0c", "\x1b", "\x7f", "\x85", "\x9f", "\u2028", "\ufffe",
                                  "\uffff", "\u200b", "\ufeff"])
def test_every_character_libyaml_refuses_is_a_problem_and_the_file_is_still_read(char: str) -> None:
    document = load(f"title: 外窗{char}渗漏\nhouseholds: [\n".encode(), "x.yaml")
    found = [(p.code, p.line, p.column) for p in document.problems]
    assert found[0] == ("control-character", 1, 10)
    assert found[1][0] == "yaml-syntax"  # the file's other problem, found in the same run


def test_the_control_characters_of_a_huge_paste_are_reported_by_line_not_one_by_one() -> None:
    text = "".join(f"k{i}: " + "\x0b" * 50 + "\n" for i in range(100))
    problems = load(text.encode(), "x.yaml").problems
    assert len(problems) == 20 and "50 on this line" in problems[0].message("en")


def test_old_mac_line_ends_count_as_lines_everywhere() -> None:
    assert codes("id: D-AC-001\rtags: [a, b\rc: 1\r") == codes("id: D-AC-001\ntags: [a, b\nc: 1\n")
    assert codes("id: D-AC-001\rtags: [a, b\rc: 1\r") == [("yaml-syntax", 2, 7)]  # the bracket left open
    root = load(b"a: 1\rb: 2\r\n", "x.yaml").root
    assert isinstance(root, Mapping) and root.entries["b"][1].line == 2


@pytest.mark.parametrize(("line", "kept", "dropped"), [
    ("location: 2#楼 东单元 #1802 室", "2#楼 东单元", "#1802 室"),
    ("location: 1802 #室", "1802", "#室"),
    ("location: 2#楼 # 东单元", "2#楼", "# 东单元"),
    ("location: 1802\t#室", "1802", "#室"),
    ("location: \"2#楼\" #1802 室", "2#楼", "#1802 室"),
    ("location: '3栋' #2单元", "3栋", "#2单元"),
])
def test_a_value_cut_by_a_comment_is_warned_with_what_was_kept_and_dropped(line: str, kept: str, dropped: str) -> None:
    problems = load(f"id: D-AC-001\n{line}\n".encode(), "x.yaml").problems
    cut = re.search("[ \t]#", line)
    assert cut is not None
    assert [(p.code, p.line, p.column) for p in problems] == [("value-cut-by-comment", 2, cut.end())]
    assert f"'{kept}' is read and '{dropped}' is dropped" in problems[0].message("en")


def test_ordinary_trailing_comments_are_not_warned() -> None:
    """Every YAML example of the README, comments and all, reads without a problem."""
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", readme, re.S)
    assert len(blocks) >= 5 and any("# " in block for block in blocks)
    for block in blocks:
        assert codes(textwrap.dedent(block)) == [], block
    assert codes("grade: A   # 必须整改\ntags: [a, b]  #c\nlocation: '3号楼'  # x\n") == []
    assert codes("description: |\n  ## 标题 #1\n  # 注释般的一行\nimpact: x\n") == []


def test_a_value_folded_from_two_lines_is_warned_a_block_is_not() -> None:
    assert codes("description: 第一句\n   第二句\n") == [("value-folded", 1, 14)]
    assert codes("description: |\n  第一句\n  第二句\n") == []
    assert "'第一句 第二句'" in load("description: 第一句\n   第二句\n".encode(), "x.yaml").problems[0].message("en")


def test_a_tab_inside_an_unquoted_value_is_warned_where_it_is() -> None:
    assert codes("title: 外窗渗漏\t3栋\n") == [("tab-in-value", 1, 12)]
    assert codes('title: "外窗渗漏\\t3栋"\n') == []


@pytest.mark.parametrize(("text", "column", "kept", "dropped"), [
    ('title: "外窗" 渗漏\n', 13, "外窗", "渗漏"),
    ("title: '外窗'渗漏\n", 12, "外窗", "渗漏"),
    ('causes:\n  - "施工" 不当\n', 10, "施工", "不当"),
    ("tags: [a, b] c\n", 14, "a, b", "c"),
    ('id: D-AC-001\ntitle: "外窗"\n  渗漏\n', 3, "外窗", "渗漏"),
])
def test_text_after_a_closing_quote_names_both_parts(text: str, column: int, kept: str, dropped: str) -> None:
    problem = load(text.encode(), "x.yaml").problems[0]
    assert (problem.code, problem.line, problem.column) == ("text-after-quote", text.count("\n"), column)
    assert problem.line == text.count("\n") and text.splitlines()[problem.line - 1][column - 1:].startswith(dropped)
    assert f"'{kept}'" in problem.message("en") and f"'{dropped}'" in problem.message("en")


def test_a_folder_link_loop_does_not_hang_and_is_not_followed(base_root: Path) -> None:
    (base_root / "cases" / "LAHF" / "phase-1" / "loop").symlink_to("..", target_is_directory=True)
    (base_root / "defects" / "self").symlink_to(base_root / "defects", target_is_directory=True)
    result = validate(base_root, today=TODAY, use_cache=False)
    assert result.problems == [] and result.counts == {"defect": 1, "project": 1, "case": 1}


def test_links_out_of_the_root_are_never_read(base_root: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "LAHF-002.yaml").write_text("id: [\n", encoding="utf-8")
    (base_root / "cases" / "LAHF" / "phase-2").symlink_to(outside, target_is_directory=True)
    (base_root / "cases" / "OUT").symlink_to(outside, target_is_directory=True)
    (base_root / "cases" / "LAHF" / "phase-1" / "LAHF-002.yaml").symlink_to(outside / "LAHF-002.yaml")
    result = validate(base_root, today=TODAY, use_cache=False)
    assert [(p.code, p.file) for p in result.problems] == [("link-outside-root", "cases/LAHF/phase-1/LAHF-002.yaml")]
    assert "not read" in result.problems[0].message("en")


def test_a_handbook_yaml_linked_from_outside_the_root_is_not_read(base_root: Path, tmp_path: Path) -> None:
    (tmp_path / "elsewhere.yaml").write_text("minimum_cases: 1\n", encoding="utf-8")
    (base_root / "handbook.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    result = validate(base_root, today=TODAY, use_cache=False)
    assert [(p.code, p.file) for p in result.problems] == [("link-outside-root", "handbook.yaml")]
    assert result.config.minimum_cases == 30


def test_a_file_link_inside_the_root_is_read_as_the_file_it_names(base_root: Path) -> None:
    (base_root / "cases" / "LAHF" / "phase-1" / "LAHF-002.yaml").symlink_to("LAHF-001.yaml")
    codes_found = {p.code for p in validate(base_root, today=TODAY, use_cache=False).problems}
    assert codes_found == {"id-mismatch", "duplicate-id"}


def checked_case(old: str, new: str) -> tuple[dict[str, object], list[str]]:
    base = (BASE / "cases" / "LAHF" / "phase-1" / "LAHF-001.yaml").read_text(encoding="utf-8")
    assert old in base
    source = Source(Path("x.yaml"), "cases/LAHF/phase-1/LAHF-001.yaml", "case")
    record, problems = check_file(source, base.replace(old, new).encode(), default_taxonomy())
    return (record.values if record else {}), [p.code for p in problems]


@pytest.mark.parametrize(("old", "new", "field", "value"), [
    ("households: 12", "households: １２", "households", 12),
    ("cost: 36000", "cost: ３６０００", "cost", 36000),
    ("cost: 36000", "cost: 36,000", "cost", 36000),
    ("cost: 36000", "cost: 1,236,000.5", "cost", 1236000.5),
    ("compensation: 0", "compensation: 1,000", "compensation", 1000),
    ("found: 2026-10-20", "found: 2026年10月20日", "found", date(2026, 10, 20)),
    ("found: 2026-10-20", "found: 2026.10.20", "found", date(2026, 10, 20)),
    ("found: 2026-10-20", "found: ２０２６-１０-２０", "found", date(2026, 10, 20)),
])
def test_unambiguous_numbers_and_dates_are_accepted_normalised(old: str, new: str, field: str, value: object) -> None:
    values, problems = checked_case(old, new)
    assert problems == [] and values[field] == value


@pytest.mark.parametrize(("old", "new", "code", "hint"), [
    ("cost: 36000", "cost: 1.2万", "number-with-unit", "Write 12000 "),
    ("cost: 36000", "cost: 3.5w元", "number-with-unit", "Write 35000 "),
    ("households: 12", "households: 12户", "number-with-unit", "Write 12 "),
    ("households: 12", "households: 1,2", "invalid-type", ""),
    ("cost: 36000", "cost: 36,00", "invalid-type", ""),
    ("found: 2026-10-20", "found: 10/20/2026", "invalid-type", ""),
    ("found: 2026-10-20", "found: 2026年13月1日", "invalid-date", ""),
])
def test_ambiguous_or_worded_numbers_and_dates_are_refused(old: str, new: str, code: str, hint: str) -> None:
    base = (BASE / "cases" / "LAHF" / "phase-1" / "LAHF-001.yaml").read_text(encoding="utf-8").replace(old, new)
    source = Source(Path("x.yaml"), "cases/LAHF/phase-1/LAHF-001.yaml", "case")
    _record, problems = check_file(source, base.encode(), default_taxonomy())
    assert [p.code for p in problems] == [code]
    assert hint in problems[0].hint("en")


WORST = {
    "control characters": b"\x0b" * MAX_BYTES,
    "a control character on every line": b"a: \x0b\n" * (MAX_BYTES // 6),
    "a cut comment on every line": b"".join(b"k%d: 2#x #y\n" % i for i in range(MAX_BYTES // 16)),
    "one key repeated": b"a: 1\r" * (MAX_BYTES // 6),
    "aliases": b"a: &x 1\nb: [" + b"*x," * (MAX_BYTES // 4),
    "unknown fields": b"".join(b"k%d: v\n" % i for i in range(MAX_BYTES // 12)),
    "full-width colons": "a：b\n".encode() * (MAX_BYTES // 8),
    "directives": b"%x\n" * (MAX_BYTES // 3),
    "one folded value": b"a: x\n" + b"  y\t\n" * (MAX_BYTES // 6),
}


@pytest.mark.parametrize("name", sorted(WORST))
def test_the_worst_file_of_each_kind_is_checked_quickly_and_briefly(name: str) -> None:
    """At the size cap, in well under a second on a shared CI runner, with at most
    MAX_PROBLEMS problems and a last line saying the rest was not checked."""
    data = WORST[name][:MAX_BYTES]
    source = Source(Path("x.yaml"), "cases/LAHF/phase-1/LAHF-001.yaml", "case")
    start = time.process_time()
    _record, problems = check_file(source, data, default_taxonomy())
    assert time.process_time() - start < 1.5
    assert 1 <= len(problems) <= MAX_PROBLEMS + MAX_CONTROL_LINES + 1
