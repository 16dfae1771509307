"""A sheet read as a table of records: where its header is, which column is which field,
and each data row's cell texts with the cell they came from.

Real ledgers put a title above the header, merge a project written once for
several rows, leave blank rows and end with a total row; each is handled here
and said as a problem with its cell, so nothing is taken or dropped silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from ..problems import Problem, Text
from .cells import cell_text, list_items
from .columns import KINDS, Column, fold, header_index
from .ledger import Book, Grid

HEADER_ROWS = 20  # a header further down than this is not looked for
_TOTAL = re.compile(r"(合计|总计|小计|共计|total|sum)\b", re.IGNORECASE)


@dataclass
class Cell:
    """One field's cell in a row: the text it stands for, and where it was."""

    text: str | None
    items: list[str]
    column: int
    raw: object


@dataclass
class Row:
    number: int
    cells: dict[str, Cell]


@dataclass
class Table:
    sheet: str
    header_row: int
    columns: dict[str, int]  # column key -> column number
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    filled: set[tuple[int, int]] = field(default_factory=set)  # cells given their value by a merged range


def field_words(column: Column) -> Text:
    """A field as messages name it: “发现日期”（found） in Chinese, 'found' in English."""
    return Text(f"“{column.label.zh}”（{column.key}）", f"'{column.key}'")


def ref(column: int, row: int) -> str:
    return f"{get_column_letter(column)}{row}"


def find_header(grid: Grid, index: dict[str, str]) -> tuple[int, dict[str, int], list[int]] | None:
    """The row naming the most fields (at least two), its column map and its unknown columns;
    a hidden row of field keys right below it (as export writes) takes precedence."""
    best: tuple[int, dict[str, int], list[int]] | None = None
    for number in range(1, min(len(grid.rows), HEADER_ROWS) + 1):
        mapped, unknown = _match(grid.rows[number - 1], index)
        if len(mapped) >= 2 and (best is None or len(mapped) > len(best[1])):
            best = (number, mapped, unknown)
    if best is None:
        return None
    below = grid.rows[best[0]] if best[0] < len(grid.rows) else []
    keys, unknown_keys = _match(below, {fold(key): key for key in index.values()})
    if len(keys) >= len(best[1]) and not unknown_keys:
        return best[0] + 1, keys, []
    return best


_NOTE = re.compile(r"[(（][^()（）]*[)）]$")  # 标题（必填）, 发现日期(YYYY-MM-DD)


def _match(cells: list[object], index: dict[str, str]) -> tuple[dict[str, int], list[int]]:
    mapped: dict[str, int] = {}
    unknown: list[int] = []
    for column, value in enumerate(cells, 1):
        if value is None or not str(value).strip():
            continue
        folded = fold(str(value))
        key = index.get(folded) or index.get(_NOTE.sub("", folded))
        if key is None or key in mapped:
            unknown.append(column)
        else:
            mapped[key] = column
    return mapped, unknown


def tables(book: Book, cols: dict[str, list[Column]]) -> tuple[dict[str, Table], list[str]]:
    """Each kind's sheet, read: every visible sheet belongs to the kind whose header it matches
    best, and each kind reads its best-matching sheet (an export's 案例, 缺陷类型 and 项目; a
    staff ledger's one sheet of cases). The other sheets that hold anything are named, not read."""
    best: dict[str, tuple[int, int, Grid, tuple[int, dict[str, int], list[int]]]] = {}
    for number, grid in enumerate(g for g in book.grids if not g.hidden):
        found = {kind: find_header(grid, header_index(kind, cols[kind])) for kind in KINDS}
        scored = [(len(header[1]), -KINDS.index(kind), kind, header) for kind, header in found.items() if header]
        if not scored:
            continue
        score, _order, kind, header = max(scored, key=lambda item: item[:2])
        if kind not in best or score > best[kind][0]:
            best[kind] = (score, number, grid, header)
    chosen = {kind: read_table(book, grid, header, cols[kind]) for kind, (_s, _n, grid, header) in best.items()}
    read = {table.sheet for table in chosen.values()}
    skipped = [g.name for g in book.grids if not g.hidden and g.name not in read and any(any(r) for r in g.rows)]
    return chosen, skipped


def read_table(book: Book, grid: Grid, found: tuple[int, dict[str, int], list[int]], cols: list[Column]) -> Table:
    """The sheet's records as rows of cell texts, below the header `found`."""
    header_row, mapped, unknown = found
    table = Table(grid.name, header_row, mapped)
    for column in unknown:
        table.problems.append(Problem("ledger-unknown-column", grid.name, header_row, column,
                                      {"header": str(grid.value(header_row, column)).strip()}))
    _fill_merged(grid, header_row, table)
    by_key = {c.key: c for c in cols}
    for number in range(header_row + 1, len(grid.rows) + 1):
        row = _row(book, grid, number, mapped, by_key, table)
        if row is not None:
            table.rows.append(row)
    return table


def _fill_merged(grid: Grid, header_row: int, table: Table) -> None:
    """A value written once in a merged range stands for every row of the range, as a reader sees it."""
    for min_row, min_col, max_row, max_col in grid.merged:
        if max_row <= header_row or max_row == min_row:
            continue
        value = grid.value(min_row, min_col)
        for row in range(max(min_row, header_row + 1), max_row + 1):
            for col in range(min_col, max_col + 1):
                if (row, col) != (min_row, min_col):
                    table.filled.add((row, col))
                cells = grid.rows[row - 1]
                cells.extend([None] * (col - len(cells)))
                cells[col - 1] = value
        if value is not None and value != "":
            table.problems.append(Problem("ledger-merged-cells", grid.name, min_row, min_col, {
                "range": f"{ref(min_col, min_row)}:{ref(max_col, max_row)}", "value": _show(value),
                "rows": max_row - max(min_row, header_row + 1) + 1}))


def _show(value: object) -> str:
    text = str(value).replace("\n", " ")
    return text if len(text) <= 40 else text[:40] + "…"


def _row(book: Book, grid: Grid, number: int, mapped: dict[str, int], by_key: dict[str, Column],
         table: Table) -> Row | None:
    cells: dict[str, Cell] = {}
    for key, column in mapped.items():
        raw = grid.value(number, column)
        if (number, column) in grid.no_value:
            table.problems.append(Problem("ledger-formula-no-value", grid.name, number, column,
                                          {"field": field_words(by_key[key])}))
        text, lost = cell_text(raw, by_key[key], book.epoch)
        if lost:
            table.problems.append(Problem(lost, grid.name, number, column,
                                          {"value": text, "field": field_words(by_key[key])}))
        cells[key] = Cell(text, list_items(text) if by_key[key].is_list else [], column, raw)
    if all(cell.text is None or (number, cell.column) in table.filled for cell in cells.values()):
        return None  # blank, apart from what a merged range above spills into it
    first = next((grid.value(number, c) for c in range(1, len(grid.rows[number - 1]) + 1)
                  if grid.value(number, c) not in (None, "")), None)
    id_text = cells["id"].text if "id" in cells else None
    if isinstance(first, str) and _TOTAL.match(first.strip()) and id_text in (None, first.strip()):
        table.problems.append(Problem("ledger-total-row", grid.name, number, 1, {"text": _show(first)}))
        return None
    return Row(number, cells)
