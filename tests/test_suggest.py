"""`handbook suggest` on a small hand-written corpus: ranking, terms, duplicates, audit,
determinism and the JSON shape, as users run it (CliRunner)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import TODAY, make_root

from generator import textsim
from generator.catalog import build_catalog
from generator.cli import main
from generator.similarity import build_index, cached_index, suggest
from generator.validation import validate

LEAK = """\
id: D-LEAK-001
title: 卫生间沉箱积水渗漏至楼下
category: 工程质量
origin: 施工管理阶段
description: |
  卫生间沉箱防水层破损，积水沿楼板渗漏，楼下天花板出现水渍、霉斑。
causes:
  - 防水层施工后未做闭水试验
prevention:
  施工管理阶段:
    - 防水层完成后闭水试验 48 小时
locations: [卫生间]
tags: [渗漏, 防水, 闭水试验]
"""

# A type no case is filed under yet: only its own text can find it.
TILE = """\
id: D-TILE-001
title: 外墙面砖空鼓、脱落
category: 工程质量
origin: 施工管理阶段
description: |
  外墙饰面砖粘结不牢，敲击有空鼓声，雨后成片脱落，砸坏楼下车辆。
causes:
  - 基层未拉毛，粘结砂浆不饱满
prevention:
  施工管理阶段:
    - 面砖粘结强度拉拔检测合格后方可大面积施工
locations: [外墙]
tags: [空鼓, 面砖, 脱落]
"""


def case(number: int, defect: str, title: str, description: str) -> str:
    return (f"id: LAHF-{number:03d}\ndefect: {defect}\ntitle: {title}\nphase: 1\nfound: 2026-10-2{number % 10}\n"
            f"source: 业主投诉\nseverity: 一般\nstatus: 待决策\ndescription: |\n  {description}\n")


CASES = {
    2: case(2, "D-LEAK-001", "3栋卫生间渗水至楼下", "业主反映楼下卫生间天花板滴水，检查发现楼上沉箱积水，防水层破损。"),
    3: case(3, "D-LEAK-001", "7栋主卫楼板渗漏", "主卫地面积水沿管根渗漏，楼下吊顶霉变，未做闭水试验。"),
}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = make_root(tmp_path)
    (root / "defects" / "engineering").mkdir()
    (root / "defects" / "engineering" / "D-LEAK-001.yaml").write_text(LEAK, encoding="utf-8")
    (root / "defects" / "engineering" / "D-TILE-001.yaml").write_text(TILE, encoding="utf-8")
    for number, text in CASES.items():
        (root / "cases" / "LAHF" / "phase-1" / f"LAHF-{number:03d}.yaml").write_text(text, encoding="utf-8")
    assert not validate(root, today=TODAY).problems
    return root


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def as_json(root: Path, *args: str) -> dict:
    code, out = run("suggest", str(root), "--format", "json", *args)
    assert code == 0, out
    return json.loads(out)


def test_leak_text_ranks_the_leak_type_first_with_whole_shared_words(corpus: Path) -> None:
    found = as_json(corpus, "--text", "5栋卫生间渗水，楼下天花板发霉")
    assert found["defects"][0]["id"] == "D-LEAK-001"
    terms = found["defects"][0]["terms"]
    assert "卫生间" in terms and any("天花板" in term for term in terms)
    # no folded number and no measure word cut off its number (5栋 -> 栋…)
    assert all(len(term) >= 2 and "0" not in term and term[0] not in "栋层" for term in terms), terms


def test_a_type_without_cases_is_found_by_its_own_text(corpus: Path) -> None:
    found = as_json(corpus, "--text", "外墙面砖空鼓，一块脱落")
    assert found["defects"][0]["id"] == "D-TILE-001"
    assert "空鼓" in found["defects"][0]["terms"]


def test_json_has_exactly_the_documented_shape(corpus: Path) -> None:
    found = as_json(corpus, "--text", "空调外机高温停机", "--top", "2")
    assert set(found) == {"defects", "duplicates"}
    assert len(found["defects"]) == 2
    for defect in found["defects"]:
        assert set(defect) == {"id", "title", "score", "terms"}
        assert isinstance(defect["score"], float) and 0 <= defect["score"] <= 1
    scores = [d["score"] for d in found["defects"]]
    assert scores == sorted(scores, reverse=True)


def test_a_paraphrase_is_flagged_as_a_duplicate_and_other_cases_are_not(corpus: Path) -> None:
    text = "３栋卫生间渗水至楼下。业主反映楼下卫生间天花板滴水，检查发现楼上沉箱积水，防水层破损。"
    found = as_json(corpus, "--text", text)
    assert [d["id"] for d in found["duplicates"]] == ["LAHF-002"]
    assert set(found["duplicates"][0]) == {"id", "title", "score"}
    assert found["duplicates"][0]["score"] >= 0.8


def test_same_records_give_the_same_answer(corpus: Path, tmp_path: Path) -> None:
    first = run("suggest", str(corpus), "--text", "卫生间渗水", "--format", "json")
    again = run("suggest", str(corpus), "--text", "卫生间渗水", "--format", "json")  # from the cache
    catalog = build_catalog(validate(corpus, today=TODAY).taxonomy, validate(corpus, today=TODAY).valid_records())
    fresh = suggest(build_index(catalog), catalog, "卫生间渗水", threshold=0.8)
    assert first == again
    assert json.loads(first[1]) == fresh.as_json()


def test_the_index_is_cached_and_rebuilt_when_a_record_changes(corpus: Path, tmp_path: Path) -> None:
    result = validate(corpus, today=TODAY)
    catalog = build_catalog(result.taxonomy, result.valid_records())
    folder = tmp_path / "cache"
    built = cached_index(catalog, corpus, folder)
    assert cached_index(catalog, corpus, folder).case_ids == built.case_ids
    assert len(list(folder.iterdir())) == 1
    path = corpus / "cases" / "LAHF" / "phase-1" / "LAHF-004.yaml"
    path.write_text(CASES[2].replace("LAHF-002", "LAHF-004").replace("3栋卫生间", "9栋厨房"), encoding="utf-8")
    result = validate(corpus, today=TODAY)
    rebuilt = cached_index(build_catalog(result.taxonomy, result.valid_records()), corpus, folder)
    assert "LAHF-004" in rebuilt.case_ids


def test_a_draft_file_with_an_empty_defect_is_read_and_its_own_id_is_not_its_duplicate(corpus: Path,
                                                                                        tmp_path: Path) -> None:
    draft = tmp_path / "draft.yaml"
    draft.write_text(CASES[2].replace("defect: D-LEAK-001", "defect:"), encoding="utf-8")
    found = as_json(corpus, "--file", str(draft))
    assert found["defects"][0]["id"] == "D-LEAK-001"
    assert found["duplicates"] == []  # it is LAHF-002 itself
    draft.write_text(CASES[2].replace("LAHF-002", "LAHF-009"), encoding="utf-8")
    assert [d["id"] for d in as_json(corpus, "--file", str(draft))["duplicates"]] == ["LAHF-002"]


def test_a_broken_draft_stops_with_its_line_and_nothing_is_suggested(corpus: Path, tmp_path: Path) -> None:
    draft = tmp_path / "draft.yaml"
    draft.write_text("title: 渗水\ndescription: [未闭合\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["suggest", str(corpus), "--file", str(draft)])
    assert result.exit_code == 1
    assert f"{draft}:2:" in result.output and "Traceback" not in result.output


def test_text_output_names_scores_terms_and_the_closest_case(corpus: Path) -> None:
    code, out = run("suggest", str(corpus), "--text", "卫生间渗水至楼下")
    assert code == 0
    assert out.startswith("最可能的缺陷类型：\n  1. D-LEAK-001 卫生间沉箱积水渗漏至楼下（相似度 ")
    assert "共同词语：" in out and "最相近的是 LAHF-00" in out
    code, out = run("suggest", str(corpus), "--text", "卫生间渗水至楼下", "--lang", "en")
    assert out.startswith("Most likely defect types:\n  1. D-LEAK-001") and "shared words:" in out


@pytest.mark.parametrize("args", [[], ["--text", "渗水", "--audit"], ["--text", "  "]])
def test_exactly_one_input_with_words_is_a_usage_error(corpus: Path, args: list[str]) -> None:
    code, out = run("suggest", str(corpus), *args)
    assert code == 2 and "Traceback" not in out


def test_audit_lists_a_misfiled_case_and_not_the_well_filed_ones(corpus: Path) -> None:
    misfiled = corpus / "cases" / "LAHF" / "phase-1" / "LAHF-005.yaml"
    misfiled.write_text(case(5, "D-AC-001", "外墙面砖大面积空鼓脱落", "雨后外墙面砖成片脱落，敲击空鼓。"),
                        encoding="utf-8")
    rows = as_json(corpus, "--audit")
    assert [(r["id"], r["defect"]["id"], r["best"]["id"]) for r in rows] == [("LAHF-005", "D-AC-001", "D-TILE-001")]
    code, out = run("suggest", str(corpus), "--audit")
    assert code == 0 and "LAHF-005" in out and out.strip().endswith("1 个案例的缺陷类型可能填错，请人工核对。")


def test_folding_makes_width_case_and_numbers_alike_but_not_words() -> None:
    assert textsim.fold("５栋ＡＢ，52℃") == textsim.fold("5栋ab、38℃")
    assert textsim.fold("渗水") != textsim.fold("空鼓")
    pairs = textsim.near_pairs(["5栋卫生间渗水至楼下", "６栋卫生间渗水至楼下", "外墙面砖空鼓脱落"], 0.8)
    assert [(i, j) for i, j, _ in pairs] == [(0, 1)]


def test_possible_duplicate_is_refitted_only_when_a_projects_cases_change(corpus: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from generator import rules

    calls: list[int] = []
    real = rules.near_pairs
    monkeypatch.setattr(rules, "near_pairs",
                        lambda texts, limit, **kw: calls.append(len(texts)) or real(texts, limit, **kw))
    paraphrase = CASES[2].replace("LAHF-002", "LAHF-006").replace("3栋", "４栋")
    (corpus / "cases" / "LAHF" / "phase-1" / "LAHF-006.yaml").write_text(paraphrase, encoding="utf-8")
    first = [(p.file, p.code) for p in validate(corpus, today=TODAY).problems]
    again = [(p.file, p.code) for p in validate(corpus, today=TODAY).problems]
    assert first == again == [("cases/LAHF/phase-1/LAHF-006.yaml", "possible-duplicate")]
    assert calls == [4]  # the second run read the pairs from the cache


def test_a_shared_stretch_is_not_cut_inside_a_word_the_records_use() -> None:
    words = {"渗水", "渗漏", "花板"}
    assert textsim.shared_words("外墙渗水", ["外墙渗漏"], joined=words.__contains__) == ["外墙"]
    assert textsim.shared_words("楼下天花板发霉", ["楼板发霉"], joined=words.__contains__) == ["发霉"]
    assert textsim.shared_words("外墙渗水", ["外墙渗漏"]) == ["外墙渗"]  # without word knowledge: the stretch



def test_a_root_without_defect_types_says_so(tmp_path: Path) -> None:
    for folder in ("defects", "cases"):
        (tmp_path / folder).mkdir()
    result = CliRunner().invoke(main, ["suggest", str(tmp_path), "--text", "渗水", "--lang", "en"])
    assert result.exit_code == 1 and "no defect types" in result.output
