"""How a field reads what the author wrote: numbers, nulls, text, lists, choices and
nested mappings, as the catalogue then holds them, and where a bad value is reported."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import TODAY

from generator.catalog import Catalog, build_catalog
from generator.validation import validate

CASE = "cases/LAHF/phase-1/LAHF-001.yaml"
DEFECT = "defects/design/D-AC-001.yaml"
TAGS = "tags: [空调机位, 百叶, 散热]"


def edit(root: Path, old: str, new: str, rel: str = CASE) -> Path:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return root


def reported(root: Path) -> list[tuple[str, str, int, int]]:
    return [(p.code, p.path, p.line, p.column) for p in validate(root, today=TODAY, use_cache=False).problems]


def catalog(root: Path) -> Catalog:
    result = validate(root, today=TODAY, use_cache=False)
    # a crisis case without a report date is a warning of the process, not of the value under test
    assert [p for p in result.problems if p.code != "not-reported"] == [], [(p.code, p.path) for p in result.problems]
    return build_catalog(result.taxonomy, result.valid_records())


@pytest.mark.parametrize("written, value", [
    ('"7"', 7), ("+7", 7), (" 07", 7), ("0", 0), ("123456789012345", 123456789012345), ("1,200", 1200),
    ("１２", 12)])
def test_whole_numbers_as_written(base_root: Path, written: str, value: int) -> None:
    edit(base_root, "complaints: 4", f"complaints: {written}")
    edit(base_root, "severity: 热点", "severity: 危机")  # many complaints are no warning on a crisis
    assert catalog(base_root).cases["LAHF-001"].complaints == value


@pytest.mark.parametrize("written, code", [
    ("1e3", "invalid-type"), ("12.0", "invalid-type"), ("十二", "invalid-type"), ("1234567890123456", "invalid-type"),
    ("0x10", "invalid-type"), ("1,20", "invalid-type"), ('"12 户"', "number-with-unit")])
def test_what_is_not_a_whole_number(base_root: Path, written: str, code: str) -> None:
    edit(base_root, "complaints: 4", f"complaints: {written}")
    assert reported(base_root) == [(code, "$.complaints", 9, 13)]


@pytest.mark.parametrize("written, value", [("3600.5", 3600.5), ("36000", 36000), ('"0.25"', 0.25), ("7.1234", 7.1234)])
def test_money_as_written(base_root: Path, written: str, value: float) -> None:
    edit(base_root, "cost: 36000", f"cost: {written}")
    cost = catalog(base_root).cases["LAHF-001"].cost
    assert cost == value and type(cost) is type(value)


@pytest.mark.parametrize("written, code", [("1.23456", "invalid-type"), ("3.6万", "number-with-unit"),
                                           ("-1", "negative-number"), ("-0.5", "negative-number")])
def test_what_is_not_an_amount(base_root: Path, written: str, code: str) -> None:
    edit(base_root, "cost: 36000", f"cost: {written}")
    assert reported(base_root) == [(code, "$.cost", 10, 7)]


@pytest.mark.parametrize("written", ["~", "null", "NULL", "Null", ""])
def test_a_null_leaves_an_optional_field_empty(base_root: Path, written: str) -> None:
    edit(base_root, 'location: "5栋1单元0301"', f"location: {written}")
    assert catalog(base_root).cases["LAHF-001"].location is None


@pytest.mark.parametrize("written", ['"~"', "'null'"])
def test_a_quoted_null_is_text(base_root: Path, written: str) -> None:
    edit(base_root, 'location: "5栋1单元0301"', f"location: {written}")
    assert catalog(base_root).cases["LAHF-001"].location == written[1:-1]


@pytest.mark.parametrize("written", ["~", '""', '"   "'])
def test_a_null_or_blank_required_field_is_empty_at_its_line(base_root: Path, written: str) -> None:
    edit(base_root, "title: 5栋空调百叶过密，外机高温停机", f"title: {written}")
    assert [(code, path, line) for code, path, line, _ in reported(base_root)] == [("empty-field", "$.title", 3)]


def test_text_is_stripped(base_root: Path) -> None:
    edit(base_root, "title: 5栋空调百叶过密，外机高温停机", 'title: "  5栋空调百叶过密  "')
    assert catalog(base_root).cases["LAHF-001"].title == "5栋空调百叶过密"


def test_empty_list_items_are_dropped(base_root: Path) -> None:
    edit(base_root, "tags: [空调机位, 百叶, 散热]", "tags: [空调机位, ~, 百叶, '', 散热]", DEFECT)
    assert catalog(base_root).defects["D-AC-001"].tags == ("空调机位", "百叶", "散热")


def test_a_bad_list_item_is_reported_where_it_stands(base_root: Path) -> None:
    edit(base_root, "tags: [空调机位, 百叶, 散热]", "tags: [空调机位, [百叶], 散热]", DEFECT)
    assert reported(base_root) == [("invalid-type", "$.tags[1]", 20, 14)]


def test_a_list_field_given_text_is_a_type_error(base_root: Path) -> None:
    edit(base_root, "tags: [空调机位, 百叶, 散热]", "tags: 空调机位", DEFECT)
    assert reported(base_root) == [("invalid-type", "$.tags", 20, 7)]


def test_a_stage_written_as_key_and_as_label_is_one_stage(base_root: Path) -> None:
    edit(base_root, "  施工管理阶段:\n", "  design:\n    - 机位深化图经暖通专业会签\n  施工管理阶段:\n", DEFECT)
    measures = catalog(base_root).defects["D-AC-001"].measures("design")
    assert measures == ("空调外机百叶有效通风面积不小于 80%，百叶角度不大于 15°", "机位深化图经暖通专业会签")


def test_prevention_must_name_a_stage(base_root: Path) -> None:
    text = (base_root / DEFECT).read_text(encoding="utf-8")
    start, end = text.index("prevention:"), text.index("departments:")
    (base_root / DEFECT).write_text(text[:start] + "prevention: {}\n" + text[end:], encoding="utf-8")
    assert [(code, path) for code, path, _, _ in reported(base_root)] == [("empty-value", "$.prevention")]


def test_prevention_given_a_list_is_a_type_error(base_root: Path) -> None:
    text = (base_root / DEFECT).read_text(encoding="utf-8")
    start, end = text.index("prevention:"), text.index("departments:")
    (base_root / DEFECT).write_text(text[:start] + "prevention: [百叶]\n" + text[end:], encoding="utf-8")
    assert [(code, path) for code, path, _, _ in reported(base_root)] == [("invalid-type", "$.prevention")]


@pytest.mark.parametrize("written", ["hot", "热点", " 热点 ", '"hot"'])
def test_a_choice_by_key_or_label(base_root: Path, written: str) -> None:
    edit(base_root, "severity: 热点", f"severity: {written}")
    assert catalog(base_root).cases["LAHF-001"].severity == "hot"


def test_a_phase_must_be_a_mapping(base_root: Path) -> None:
    rel = "cases/LAHF/project.yaml"
    edit(base_root, "  - phase: 1\n    name: 一期\n    delivered: 2026-10-01\n", "  - 1\n", rel)
    found = reported(base_root)
    assert ("invalid-type", "$.phases[0]", 7, 5) in found


def test_an_unknown_field_with_no_near_name_suggests_nothing(base_root: Path) -> None:
    edit(base_root, "severity: 热点", "severity: 热点\nremark: 备注")
    [problem] = validate(base_root, today=TODAY, use_cache=False).problems
    assert problem.code == "unknown-field" and "did you mean" not in problem.message("en")
    assert "是否想写" not in problem.message("zh")


def test_a_long_wrong_value_is_clipped_in_the_message(base_root: Path) -> None:
    edit(base_root, "complaints: 4", "complaints: " + "多" * 50)
    [problem] = validate(base_root, today=TODAY, use_cache=False).problems
    assert f"'{'多' * 40}…'" in problem.message("en") and "多" * 41 not in problem.message("en")


def message_of(root: Path) -> str:
    """Every problem as code, path and English message."""
    problems = validate(root, today=TODAY, use_cache=False).problems
    return " | ".join(f"{p.code} {p.path} {p.message('en')}" for p in problems)


@pytest.mark.parametrize("rel, old, new, says", [
    (CASE, "cost: 36000", "cost: 3.6万", ["number-with-unit $.cost", "'cost'", "number", "'3.6万'"]),
    (DEFECT, TAGS, "tags: 空调机位", ["invalid-type $.tags", "'tags'", "a list", "'空调机位'"]),
    (DEFECT, TAGS, "tags: {a: 1}", ["invalid-type $.tags", "'tags'", "a list", "a mapping"]),
    ("cases/LAHF/project.yaml", "  - phase: 1\n    name: 一期\n    delivered: 2026-10-01\n", "  - 一期\n",
     ["invalid-type $.phases[0]", "'phases[0]'", "a mapping", "'一期'"]),
    (CASE, "title: 5栋空调百叶过密，外机高温停机", "title: [一, 二]", ["invalid-type $.title", "'title'", "a list"]),
    (CASE, "severity: 热点", "severity: [热点]", ["invalid-type $.severity", "'severity'", "a list"]),
    (CASE, "found: 2026-10-20", "found: [2026-10-20]", ["invalid-type $.found", "'found'", "a list"]),
    (CASE, "complaints: 4", "complaints: [4]", ["invalid-type $.complaints", "'complaints'", "a list"]),
    (CASE, "id: LAHF-001", "id: [LAHF-001]", ["invalid-type $.id", "'id'", "a list"]),
    (CASE, "defect: D-AC-001", "defect: [D-AC-001]", ["invalid-type $.defect", "'defect'", "a list"]),
    (CASE, "cost: 36000", "cost: [36000]", ["invalid-type $.cost", "'cost'", "a list"]),
    (DEFECT, "  设计准备阶段:\n", "  设计准备阶段: {a: 1}\n  x:\n", ["invalid-type $.prevention.设计准备阶段"]),
])
def test_a_value_of_the_wrong_type_is_named_with_its_field(base_root: Path, rel: str, old: str, new: str,
                                                           says: list[str]) -> None:
    said = message_of(edit(base_root, old, new, rel))
    assert [s for s in says if s not in said] == [], said


@pytest.mark.parametrize("length, shown", [(40, "多" * 40 + "'"), (41, "多" * 40 + "…'")])
def test_values_are_quoted_whole_up_to_forty_characters(base_root: Path, length: int, shown: str) -> None:
    assert shown in message_of(edit(base_root, "complaints: 4", "complaints: " + "多" * length))


def test_an_unknown_field_is_reported_at_its_own_path(base_root: Path) -> None:
    edit(base_root, "severity: 热点", "severity: 热点\nremark: 备注")
    assert reported(base_root) == [("unknown-field", "$.remark", 13, 1)]


@pytest.mark.parametrize("rel, old, new, zh", [
    (DEFECT, TAGS, "tags: {a: 1}", "映射"), (CASE, "title: 5栋空调百叶过密，外机高温停机", "title: [一]", "列表")])
def test_the_chinese_message_names_the_kind_of_value_too(base_root: Path, rel: str, old: str, new: str,
                                                         zh: str) -> None:
    [problem] = validate(edit(base_root, old, new, rel), today=TODAY, use_cache=False).problems
    assert problem.args["got"] and zh in problem.message("zh")


def test_prevention_given_a_list_names_the_field_and_what_it_expects(base_root: Path) -> None:
    text = (base_root / DEFECT).read_text(encoding="utf-8")
    start, end = text.index("prevention:"), text.index("departments:")
    (base_root / DEFECT).write_text(text[:start] + "prevention: [百叶]\n" + text[end:], encoding="utf-8")
    said = message_of(base_root)
    assert "'prevention'" in said and "a mapping" in said and "a list" in said


def test_a_null_prevention_is_empty_not_mistyped(base_root: Path) -> None:
    text = (base_root / DEFECT).read_text(encoding="utf-8")
    start, end = text.index("prevention:"), text.index("departments:")
    (base_root / DEFECT).write_text(text[:start] + "prevention: ~\n" + text[end:], encoding="utf-8")
    assert [(code, path) for code, path, _, _ in reported(base_root)] == [("empty-field", "$.prevention")]


def test_no_suggestion_leaves_nothing_after_the_quoted_value(base_root: Path) -> None:
    edit(base_root, "severity: 热点", "severity: 热点\nremark: 备注")
    assert message_of(base_root).endswith("'remark'")
