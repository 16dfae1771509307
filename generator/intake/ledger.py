"""Opening a ledger: any workbook to plain grids of values, before any field is known.

Workbooks are read by python-calamine (a Rust reader, about seven times faster
than openpyxl on a 20,000-row ledger, and the only one of the two that reads
`.xls` and `.ods`); openpyxl reads `.xlsx` when calamine is not installed, and
finds the formula cells that have no saved value. A file that is no workbook,
or one with a password, ends here with one sentence.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900

from .words import LedgerError

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of .xls files and of encrypted .xlsx files


@dataclass
class Grid:
    """One sheet's values; rows and columns counted from 1 as Excel shows them."""

    name: str
    rows: list[list[Any]]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # min_row, min_col, max_row, max_col
    no_value: set[tuple[int, int]] = field(default_factory=set)  # formula cells without a cached value
    hidden: bool = False

    def value(self, row: int, col: int) -> Any:
        cells = self.rows[row - 1] if row <= len(self.rows) else []
        return cells[col - 1] if col <= len(cells) else None


@dataclass
class Book:
    grids: list[Grid]
    epoch: datetime = CALENDAR_WINDOWS_1900


def open_book(path: Path) -> Book:
    """Every sheet of the workbook at `path`, or LedgerError."""
    try:
        head = path.read_bytes()[:8]
    except OSError as error:
        raise LedgerError("not_spreadsheet", file=path.name, reason=error.strerror or str(error)) from None
    suffix = path.suffix.lower()
    if head == _OLE and suffix != ".xls" and "EncryptedPackage".encode("utf-16-le") in path.read_bytes():
        raise LedgerError("encrypted", file=path.name)
    if suffix in (".xls", ".ods") or head == _OLE:
        return _calamine(path, suffix or ".xls")
    if not zipfile.is_zipfile(path):
        raise LedgerError("not_spreadsheet", file=path.name, reason=_not_zip_reason(head))
    try:
        import python_calamine  # noqa: F401
    except ImportError:
        return _openpyxl(path)
    book = _calamine(path, suffix)
    try:
        missing = _formulas_without_value(path) if _has_formulas(path) else {}
        epoch = CALENDAR_MAC_1904 if _DATE1904.search(_part(path, "xl/workbook.xml")) else CALENDAR_WINDOWS_1900
    except Exception as error:  # zipfile and openpyxl raise many kinds for a damaged archive
        raise LedgerError("not_spreadsheet", file=path.name, reason=type(error).__name__) from None
    for grid in book.grids:
        grid.no_value = {cell for cell in missing.get(grid.name, set()) if grid.value(*cell) in (None, "")}
    book.epoch = epoch
    return book


_DATE1904 = re.compile(rb"date1904=\"(1|true)\"")


def _part(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name) if name in archive.namelist() else b""


def _not_zip_reason(head: bytes) -> str:
    return "文件内容不是工作簿 / the content is not a workbook" if head else "文件为空 / the file is empty"


def _openpyxl(path: Path) -> Book:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, data_only=True)
        missing = _formulas_without_value(path) if _has_formulas(path) else {}
    except Exception as error:  # openpyxl and zipfile raise many kinds for a damaged or foreign zip
        raise LedgerError("not_spreadsheet", file=path.name, reason=type(error).__name__) from None
    grids = []
    for ws in book.worksheets:
        rows = [list(row) for row in ws.iter_rows(values_only=True)]
        merged = [(r.min_row, r.min_col, r.max_row, r.max_col) for r in ws.merged_cells.ranges]
        no_value = {cell for cell in missing.get(ws.title, set()) if _at(rows, *cell) is None}
        grids.append(Grid(ws.title, rows, merged, no_value, ws.sheet_state != "visible"))
    return Book(grids, book.epoch)


def _at(rows: list[list[Any]], row: int, col: int) -> Any:
    return rows[row - 1][col - 1] if row <= len(rows) and col <= len(rows[row - 1]) else None


def _has_formulas(path: Path) -> bool:
    """A cheap look into the sheets' XML, so a ledger without formulas is read once."""
    with zipfile.ZipFile(path) as archive:
        return any(b"<f>" in archive.read(name) or b"<f " in archive.read(name)
                   for name in archive.namelist() if name.startswith("xl/worksheets/") and name.endswith(".xml"))


def _formulas_without_value(path: Path) -> dict[str, set[tuple[int, int]]]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=False)
    found: dict[str, set[tuple[int, int]]] = {}
    for ws in book.worksheets:
        found[ws.title] = {(cell.row, cell.column) for row in ws.iter_rows() for cell in row
                           if isinstance(cell.value, str) and cell.value.startswith("=")
                           and getattr(cell, "data_type", "f") == "f"}
    book.close()
    return found


def _calamine(path: Path, suffix: str) -> Book:
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:
        raise LedgerError("needs_calamine", suffix=suffix, file=path.name) from None
    try:
        book = CalamineWorkbook.from_path(str(path))
        grids = []
        for meta in book.sheets_metadata:
            sheet = book.get_sheet_by_name(meta.name)
            merged = [(r[0][0] + 1, r[0][1] + 1, r[1][0] + 1, r[1][1] + 1) for r in (sheet.merged_cell_ranges or [])]
            rows = [list(row) for row in sheet.to_python(skip_empty_area=False)]
            grids.append(Grid(meta.name, rows, merged, hidden=str(meta.visible).rsplit(".", 1)[-1] != "Visible"))
    except Exception as error:  # calamine's errors name the format problem
        raise LedgerError("not_spreadsheet", file=path.name, reason=str(error).splitlines()[0][:120]) from None
    return Book(grids)
