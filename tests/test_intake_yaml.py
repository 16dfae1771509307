"""Record text written by intake reads back, through the validator, as exactly what the cell held."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.contract import CASE
from generator.intake import yamltext
from generator.loading import _CONTROL as CONTROL
from generator.sources import Source
from generator.taxonomy import default_taxonomy
from generator.validation import check_file

TAXONOMY = default_taxonomy()
BASE = {"id": "LAHF-001", "defect": "D-AC-001", "title": "x", "phase": "1", "found": "2026-10-20", "source": "业主投诉",
        "severity": "一般", "status": "待决策", "description": "x"}
SOURCE = Source(Path("cases/LAHF/phase-1/LAHF-001.yaml"), "cases/LAHF/phase-1/LAHF-001.yaml", "case")


def checked(values: dict[str, str | list[str]]) -> tuple[dict, list[str], str]:
    text = yamltext.render([(name, CASE.fields[name], values[name]) for name in CASE.fields if name in values])
    record, problems = check_file(SOURCE, text.encode(), TAXONOMY)
    assert record is not None, text
    return record.values, [p.code for p in problems], text


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=60).filter(lambda t: t.strip()))
def test_any_text_reads_back_as_written(text: str) -> None:
    values, problems, yaml_text = checked(BASE | {"title": text, "location": text, "description": text,
                                                  "photos": [text.replace("\n", " ")]})
    if CONTROL.search(text):  # a control character pasted into a cell is named, never kept or dropped silently
        assert "control-character" in problems, yaml_text
        return
    assert problems == [] or set(problems) <= {"photo-path"}, yaml_text
    assert values["title"] == values["location"] == text.strip(), yaml_text
    assert values["description"] == text.strip(), yaml_text


def test_what_yaml_could_misread_is_quoted_and_nothing_else() -> None:
    assert [yamltext.scalar(t) for t in ("0301", "NO", "#", "a: b", "- x", "=1+1", "@x", "3#楼", "2024-03-01")] == \
        ['"0301"', '"NO"', '"#"', '"a: b"', '"- x"', "=1+1", '"@x"', "3#楼", '"2024-03-01"']
    assert yamltext.scalar("5栋1单元 东侧") == "5栋1单元 东侧"
    _values, _problems, text = checked(BASE | {"households": "12", "found": "2026-10-20", "location": "0301",
                                                "cause": "第一行\n第二行"})
    assert "households: 12\n" in text and "found: 2026-10-20\n" in text and 'location: "0301"\n' in text
    assert "cause: |\n  第一行\n  第二行\n" in text


def _edited(text: str, name: str, value: str | list[str] | None) -> str:
    spans = yamltext.spans(text)
    assert spans is not None
    if value is None:
        start, end, new = yamltext.remove(text, spans[name])
    else:
        start, end, new = yamltext.replace(text, spans[name], yamltext.field_lines(name, CASE.fields[name], value),
                                           "\n")
    return yamltext.apply(text, [(start, end, 0, new)])


def test_edits_keep_comments_blank_lines_and_neighbours() -> None:
    text = ("# 录入：客服部\nid: LAHF-001\ntitle: 旧标题   # 业主原话\n\ndescription: |\n  第一行\n  # 不是注释\n\n"
            "# 下面是原因\ncause: 旧原因\nphotos:\n  - a.jpg\n  - b.jpg\n# 结尾\n")
    assert _edited(text, "title", "新标题") == text.replace("旧标题   #", "新标题   #")
    assert _edited(text, "title", "两行\n标题") == text.replace("title: 旧标题   # 业主原话\n",
                                                           "title: |   # 业主原话\n  两行\n  标题\n")
    assert _edited(text, "description", "新描述") == text.replace("  第一行\n  # 不是注释\n", "  新描述\n")
    assert _edited(text, "photos", ["c.jpg"]) == text.replace("  - a.jpg\n  - b.jpg\n", "  - c.jpg\n")
    assert _edited(text, "cause", None) == text.replace("cause: 旧原因\n", "")
    assert _edited(text, "photos", None) == text.replace("photos:\n  - a.jpg\n  - b.jpg\n", "")


def test_edits_keep_a_crlf_file_crlf() -> None:
    text = "id: LAHF-001\r\ntitle: 旧  # 注\r\ncause: |\r\n  旧原因\r\nphotos: [a.jpg]\r\n"
    spans = yamltext.spans(text)
    assert spans is not None
    edits = []
    for name, value in (("title", "新\n标题"), ("cause", "新原因"), ("photos", ["b.jpg"])):
        start, end, new = yamltext.replace(text, spans[name], yamltext.field_lines(name, CASE.fields[name], value),
                                           "\r\n")
        edits.append((start, end, 0, new))
    edited = yamltext.apply(text, edits)
    assert edited == ("id: LAHF-001\r\ntitle: |  # 注\r\n  新\r\n  标题\r\ncause: |\r\n  新原因\r\n"
                      "photos:\r\n  - b.jpg\r\n")


DATES = st.dates(min_value=date(2020, 1, 1), max_value=date(2026, 10, 19))
TEXTS = st.text(min_size=1, max_size=40).filter(lambda t: t.strip() and not CONTROL.search(t))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(DATES, TEXTS, st.one_of(st.none(), TEXTS)), min_size=1, max_size=4), TEXTS, TEXTS)
def test_a_verification_and_any_replans_read_back_as_written(items: list, by: str, result: str) -> None:
    """A mapping and a list of mappings, written by intake, validate clean and read back as the cells held."""
    dues = sorted({due for due, _reason, _evaluation in items})
    replans = [{"due": due.isoformat(), "reason": reason} | ({"evaluation": evaluation} if evaluation else {})
               for due, (_due, reason, evaluation) in zip(dues, items)]
    values, problems, text = checked(BASE | {"replans": replans,  # type: ignore[dict-item]
                                             "verified": {"date": "2026-10-20", "by": by, "result": result}})
    assert set(problems) <= {"no-responsible", "replan-without-reason"}, text
    assert values["verified"] == {"date": date(2026, 10, 20), "by": by.strip(),
                                  "result": result.strip()}, text
    assert [(r["due"].isoformat(), r["reason"], r["evaluation"]) for r in values["replans"]] == \
        [(r["due"], r["reason"].strip(), (r.get("evaluation") or "").strip() or None) for r in replans], text
