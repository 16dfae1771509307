#!/usr/bin/env python3
"""Write the committed ledger of each broken ledger fixture (run after changing one):

    python3 tests/broken_ledgers/make_ledgers.py

Each folder holds ledger.xlsx, args.txt (the import options, one per line) and
expected.txt (exactly the problems `handbook import` reports on the base root,
as `sheet!cell: level [code]`), like tests/broken/ for `validate`.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from ledgerkit import HEADER, make_ledger, row  # noqa: E402


def _header_with(extra: str) -> list[str]:
    return [*HEADER, extra]


# The base root's D-AC-001 with another title: without --update, a conflict.
DEFECT_HEADER = ["编号", "标题", "分类", "产生阶段", "缺陷描述", "原因", "预防措施：设计准备阶段"]
DEFECT_ROW = ["D-AC-001", "空调百叶过密", "规划设计", "设计准备阶段", "外机散热不良。", "未核算通风率",
              "核算百叶通风率"]

REPLAN_HEADER = ["案例编号", "调整后完成日期", "调整原因"]

LEDGERS = {
    "ledger-unknown-column": lambda p: make_ledger(p, [[*row(), "已回访"]], _header_with("备注")),
    "ledger-merged-cells": lambda p: make_ledger(p, [["LAHF", *row()], [None, *row()]], ["项目代码", *HEADER],
                                                 merged=["A2:A3"]),
    "ledger-total-row": lambda p: make_ledger(p, [row(), ["合计", None, None, None, None, None, None, 3]]),
    "ledger-formula-no-value": lambda p: make_ledger(p, [row(涉及户数="=1+2")]),
    "ledger-number-as-text": lambda p: make_ledger(p, [row(部位=301)]),
    "ledger-long-number": lambda p: make_ledger(p, [row(部位=1234567890123456789)]),
    "ledger-case-exists": lambda p: make_ledger(p, [row(编号="LAHF-001")]),
    "ledger-no-project": lambda p: make_ledger(p, [row()]),
    "ledger-unknown-project": lambda p: make_ledger(p, [row(编号="LAFH-001")]),
    "ledger-record-exists": lambda p: make_ledger(p, [DEFECT_ROW], DEFECT_HEADER, sheet="缺陷类型"),
    "ledger-project-rows-differ": lambda p: make_ledger(p, [
        ["NEWP", "新项目", "杭州", 1, "一期", "2026-10-30"], ["NEWP", "新项目", "宁波", 2, "二期", None]],
        ["项目代码", "项目名称", "城市", "分期期号", "分期名称", "分期集中交付日期"], sheet="项目"),
    # A replan row for a case neither the ledger nor the root has; one with a date that is none.
    "ledger-unknown-case": lambda p: make_ledger(p, [row(编号="LAHF-002")], more={"计划调整": [
        REPLAN_HEADER, ["LAHF-002", "2026-12-20", "厂家供货延误"], ["LAHF-999", "2026-12-20", "厂家供货延误"]]}),
    "invalid-date-on-the-replans-sheet": lambda p: make_ledger(p, [row(编号="LAHF-002")], more={"计划调整": [
        REPLAN_HEADER, ["LAHF-002", "2026-12-20", "厂家供货延误"], ["LAHF-002", "2026-12-32", "雨季停工"]]}),
    "invalid-date-at-its-cell": lambda p: make_ledger(p, [row(发现日期="2026-02-30")]),
    "all-rows-at-once": lambda p: make_ledger(p, [row(严重程度="很严重"), row(缺陷类型="D-AC-999"),
                                                  row(发现日期="2099-01-01")]),
}


def main() -> None:
    for name, make in LEDGERS.items():
        folder = HERE / name
        folder.mkdir(exist_ok=True)
        make(folder / "ledger.xlsx")


if __name__ == "__main__":
    main()
