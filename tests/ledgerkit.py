"""Ledgers as staff keep them, written with openpyxl for the intake tests."""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result
from openpyxl import Workbook, load_workbook

from generator.cli import main

HEADER = ["编号", "缺陷类型", "标题", "期号", "发现日期", "来源", "部位", "涉及户数", "严重程度", "等级", "状态",
          "关闭日期", "问题描述", "整改措施"]


def row(**changes: Any) -> list[Any]:
    """A valid case row of the base fixture's project LAHF, with `changes` by header."""
    values = {"编号": "", "缺陷类型": "D-AC-001", "标题": "空调百叶过密", "期号": 1, "发现日期": "2026-10-21",
              "来源": "业主投诉", "部位": "6栋", "涉及户数": 3, "严重程度": "一般", "等级": "A", "状态": "已关闭",
              "关闭日期": "2026-11-01", "问题描述": "外机停机。", "整改措施": "更换百叶。"}
    values.update(changes)
    return [values[h] for h in HEADER]


def make_ledger(path: Path, rows: Sequence[Sequence[Any]], header: Sequence[str] = HEADER, sheet: str = "台账",
                above: Sequence[Sequence[Any]] = (), merged: Sequence[str] = (), epoch_1904: bool = False,
                formats: dict[str, str] | None = None, more: dict[str, Sequence[Sequence[Any]]] | None = None) -> Path:
    """A workbook of one sheet `sheet`, and each of `more` (name -> its rows, header first) after it."""
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = sheet
    if epoch_1904:
        from openpyxl.utils.datetime import CALENDAR_MAC_1904

        book.epoch = CALENDAR_MAC_1904
    for line in [*above, header, *rows]:
        ws.append(list(line))
    for cells in merged:
        ws.merge_cells(cells)
    for cell, fmt in (formats or {}).items():
        ws[cell].number_format = fmt
    for name, lines in (more or {}).items():
        extra = book.create_sheet(name)
        for line in lines:
            extra.append(list(line))
    book.save(path)
    return path


def set_cached_value(path: Path, cell: str, value: str) -> None:
    """Give a formula cell the cached result Excel would have saved (openpyxl writes none)."""
    temp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(temp, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                text = data.decode()
                text = re.sub(rf'(<c r="{cell}"[^>]*>)(<f>.*?</f>)(<v\s*/>|<v></v>)?',
                              lambda m: m[1] + m[2] + f"<v>{value}</v>", text)
                data = text.encode()
            target.writestr(item, data)
    shutil.move(temp, path)


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def cells(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    book = load_workbook(path)
    return {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in book.worksheets}


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
