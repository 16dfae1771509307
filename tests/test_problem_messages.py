"""Problem messages quote what the author wrote and where: the broken fixtures'
messages and hints name the offending key, value, line, bytes or tag, in both
languages, and never show a placeholder or 'None'.

Only the quoted data is asserted (in the English form, where keys stay keys), not
the wording, so messages can be reworded without touching this file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import BROKEN, TODAY, make_root

from generator.loading import MAX_BYTES, load
from generator.problems import LANGS, Problem
from generator.validation import validate

CASES = sorted(p.name for p in BROKEN.iterdir() if p.is_dir())

# fixture -> fragments that its English messages (and hints) must hold, one list per problem in order.
QUOTED: dict[str, list[list[str]]] = {
    "duplicate-key": [["'title'", "line 3"]],
    "duplicate-phase": [["phase 1", "line 7"]],
    "not-utf8": [["B6 B0 BF D5", "GBK"]],
    "not-utf8-utf16": [["FF FE 69 00"]],
    "yaml-alias": [["'&desc'"], ["'*desc'"]],
    "yaml-tag": [["'!!python/object/apply:os.system'"]],
    "yaml-tag-custom": [["'!include'"]],
    "yaml-tag-str": [["'!!str'"]],
    "yaml-directive": [["'%YAML'"]],
    "too-deep": [["16 levels"]],
    "fullwidth-colon-one-line": [["'source'"]],
    "fullwidth-colon-last-line": [["'photos'"]],
    "fullwidth-colon-chinese-keys": [["'代码'"], ["'名称'"], ["'城市'"], ["'公司'"], ["'分期'"], ["'期号'"], ["'名称'"],
                                     ["'交付日期'"]],
    "not-a-mapping": [["a list"]],
    "not-a-mapping-text": [["'5栋空调百叶过密，外机高温停机'"]],
    "invalid-key": [["a list"]],
    "yaml-syntax": [["mapping values are not allowed"]],
    "yaml-syntax-no-space": [["could not find expected ':'", "line 6"]],
    "yaml-syntax-unclosed-quote": [["quoted scalar", "end of stream", "line 22"]],
    "invalid-type": [["'households'", "whole number", "'二十户'"]],
    "invalid-type-date": [["'found'", "YYYY-MM-DD", "'十月下旬'"]],
    "invalid-type-list": [["'title'", "text", "a list"]],
    "invalid-value": [["'业主投述'", "source", "did you mean '业主投诉'", "owner_preinspection 业主预验收"]],
    "invalid-value-severity": [["'很严重'", "general 一般、hot 热点、major 重大、crisis 危机"]],
    "invalid-date": [["'found'", "'2025-02-30'"]],
    "invalid-format": [["'defect'", "'D-ac-001'", "D-AC-001"]],
    "invalid-format-case-id": [["'id'", "'LAHF-1'", "LAHF-001"], ["LAHF-001", "100%"]],
    "negative-number": [["'households'", "-3"]],
    "negative-number-cost": [["'cost'", "-3600.5"]],
    "not-positive": [["'phases[0].phase'", "0"]],
    "empty-value": [["'causes'"]],
    "empty-value-phases": [["'phases'"]],
    "missing-field": [["'description'"]],
    "missing-field-phase": [["'phase'"]],
    "unknown-field": [["'titel'", "did you mean 'title'", "id, project, defect, title"]],
    "unknown-field-chinese": [["'标题'", "did you mean 'title'"]],
    "unknown-field-extra": [["'remark'"]],
    "id-mismatch-case": [["'LAHF-002'", "'LAHF-001'", "LAHF-002.yaml"]],
    "code-mismatch": [["'LAH'", "'LAHF'"]],
    "broken-reference": [["'D-AC-002'", "did you mean 'D-AC-001'"]],
    "duplicate-id": [["'LAHF-001'", "cases/LAHF/phase-1/copy/LAHF-001.yaml"],
                     ["'LAHF-001'", "cases/LAHF/phase-1/LAHF-001.yaml"]],
    "closed-before-found": [["2026-10-01", "2026-10-20"]],
    "future-date-closed": [["'closed'", "2027-01-15", "2026-11-22"]],
    "unknown-phase": [["LAHF", "phase 2", "1"]],
    "project-mismatch": [["'YQW'", "'LAHF'"]],
    "required-when-closed": [["'closed'"]],
    "required-when-grade": [["'grade'"]],
    "photo-missing": [["'phase-1/photos/LAHF-001-2.png'"]],
    "photo-path-backslash": [["'phase-1\\photos\\LAHF-001-1.png'", "backslash"]],
    "photo-path-dotdot": [["'../../defects/design/D-AC-001.yaml'", "'..'"]],
    "photo-path-symlink": [["'phase-1/photos/LAHF-001-2.png'", "link"]],
    "phase-below-minimum": [["phase 1", "2026-08-21", "3 months", "1 cases", "30", "29 missing"]],
    "taxonomy-conflict-source": [["'complaint: 投诉'", "'complaint 业主投诉'", "source"],
                                 ["'owner_call: 业主投诉'", "'complaint 业主投诉'"]],
    "missing-project": [["'YQW'", "cases/YQW/project.yaml"]],
    "subcategory-mismatch": [["'渗漏'", "'工程质量'", "'规划设计'", "layout 户型功能、equipment 设备机位、"]],
}


def problems(name: str, tmp_path: Path) -> list[Problem]:
    return validate(make_root(tmp_path, BROKEN / name), today=TODAY, use_cache=False).problems


@pytest.mark.parametrize("name", sorted(QUOTED))
def test_messages_quote_what_the_author_wrote(name: str, tmp_path: Path) -> None:
    found = problems(name, tmp_path)
    assert len(found) == len(QUOTED[name]), [p.code for p in found]
    for problem, fragments in zip(found, QUOTED[name], strict=True):
        said = f"{problem.message('en')} {problem.hint('en')}"
        assert [f for f in fragments if f not in said] == [], said


@pytest.mark.parametrize("name", CASES)
def test_every_message_is_complete_in_both_languages(name: str, tmp_path: Path) -> None:
    for problem in problems(name, tmp_path):
        for lang in LANGS:
            for text in (problem.message(lang), problem.hint(lang)):
                assert text.strip() and "None" not in text and not re.search(r"\{\w*\}", text), (problem, text)


def test_the_chinese_messages_quote_the_same_data(tmp_path: Path) -> None:
    """Spot checks in Chinese: the data is the same whatever the wording."""
    [duplicate] = problems("duplicate-key", tmp_path / "a")
    assert "title" in duplicate.message("zh") and "3" in duplicate.message("zh")
    [gbk] = problems("not-utf8", tmp_path / "b")
    assert "B6 B0 BF D5" in gbk.message("zh") and "GBK" in gbk.message("zh")
    [quote] = problems("yaml-syntax-unclosed-quote", tmp_path / "c")
    assert "第 22 行" in quote.message("zh") and "引号" in quote.message("zh")


def test_a_file_too_large_says_its_size_and_the_limit() -> None:
    [problem] = load(b"a: " + b"x" * MAX_BYTES, "x.yaml").problems
    assert f"{MAX_BYTES + 3}" in problem.message("en") and f"{MAX_BYTES}" in problem.message("en")


def test_long_values_are_clipped_in_messages() -> None:
    [problem] = load(("长" * 60 + "\n").encode(), "x.yaml").problems
    assert problem.code == "not-a-mapping"
    assert f"'{'长' * 40}…'" in problem.message("en")
