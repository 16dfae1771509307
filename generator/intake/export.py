"""A root's records as one workbook that `import` reads back without loss.

Sheet 案例 has a row per case with every field (a mapping such as `verified` one column per
field); each list of mappings of a case (计划调整, its replans) a sheet of its own, a row per
item after its case's id; 缺陷类型 a row per defect type
(list fields one item per line, prevention one column per stage); 项目 a row
per project phase. Row 1 holds the headers in the chosen language, hidden row
2 the field keys, so a renamed or moved column still maps back. Text is
written as text, never as a formula; ids and rooms as `@`, dates as dates.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import Any

from xlsxwriter import Workbook
from xlsxwriter.worksheet import Worksheet

from .. import GENERATOR, made_by
from ..contract import CASE
from ..problems import Lang
from ..render.xlsx import write_text
from ..schema import Choice, DateField, Integer, Nested, Number, Record
from ..taxonomy import Taxonomy
from .cells import DAY, TEXT
from .columns import LIST_SHEETS, SHEETS, Column, columns

Put = Callable[[Worksheet, int, int, Any], None]


def export_workbook(records: Iterable[Record], taxonomy: Taxonomy, lang: Lang = "zh",
                    project: str | None = None, phase: int | None = None) -> tuple[bytes, dict[str, int]]:
    """The workbook's bytes and how many records of each kind it holds."""
    by_kind: dict[str, list[Record]] = {"case": [], "defect": [], "project": []}
    for record in records:
        if record.kind in by_kind and _selected(record, project, phase):
            by_kind[record.kind].append(record)
    buffer = io.BytesIO()
    # constant_memory streams each row out once the next begins, its strings inline in the sheet.
    book = Workbook(buffer, {"constant_memory": True})
    styles = _Styles(book)
    cases = sorted(by_kind["case"], key=lambda r: r.rel)
    _sheet(book, styles, "case", _rows("case", cases), taxonomy, lang)
    for kind, name in LIST_SHEETS.items():
        _sheet(book, styles, kind, _items(name, cases), taxonomy, lang)
    for kind in ("defect", "project"):
        _sheet(book, styles, kind, _rows(kind, sorted(by_kind[kind], key=lambda r: r.rel)), taxonomy, lang)
    book.set_properties({"author": GENERATOR, "comments": made_by(lang)})  # the version that wrote it
    book.close()
    return buffer.getvalue(), {kind: len(items) for kind, items in by_kind.items()}


def _selected(record: Record, project: str | None, phase: int | None) -> bool:
    """Every defect type (the cases refer to them); projects and cases of the chosen project and phase."""
    if record.kind == "defect":
        return True
    if project is not None and record.rel.split("/")[1] != project:
        return False
    return record.kind != "case" or phase is None or record.values.get("phase") == phase


class _Styles:
    """The workbook's few cell styles, each made once and shared by every cell that has it."""

    def __init__(self, book: Workbook) -> None:
        self.header = book.add_format({"bold": True, "pattern": 1, "bg_color": "#DCE6F2", "num_format": TEXT})
        self.text = book.add_format({"num_format": TEXT})
        self.wrap = book.add_format({"num_format": TEXT, "text_wrap": True, "valign": "top"})
        self.top = book.add_format({"num_format": TEXT, "valign": "top"})
        self.date = book.add_format({"num_format": DAY, "valign": "top"})
        self.number = book.add_format({"valign": "top"})


def _sheet(book: Workbook, styles: _Styles, kind: str, values: Iterable[dict[str, Any]], taxonomy: Taxonomy,
           lang: Lang) -> None:
    """Row 1 the headers, hidden row 2 the keys, then a row per item of `values`, written as they come."""
    ws = book.add_worksheet(getattr(SHEETS[kind], lang))
    cols = columns(kind, taxonomy)
    labels = _Labels(taxonomy, lang)
    put = [_writer(column, styles, labels) for column in cols]
    ws.set_row(1, None, None, {"hidden": True})
    ws.freeze_panes(2, 1 if kind.startswith("case") else 0)
    for index, column in enumerate(cols):  # row by row: a row is written out once the next one begins
        ws.set_column(index, index, _width(column, lang))
        write_text(ws, 0, index, getattr(column.label, lang), styles.header)
    for index, column in enumerate(cols):
        write_text(ws, 1, index, column.key, styles.text)
    last = 1
    for last, row in enumerate(values, 2):
        for index, column in enumerate(cols):
            put[index](ws, last, index, row.get(column.key))
    ws.autofilter(0, 0, last, len(cols) - 1)


def _rows(kind: str, records: list[Record]) -> Iterator[dict[str, Any]]:
    """Flat values per row: a project gives one row per phase; prevention one value per stage."""
    for record in records:
        values = dict(record.values)
        if kind == "case":
            values["project"] = values.get("project") or record.rel.split("/")[1]
            for name, spec in CASE.fields.items():
                if isinstance(spec, Nested):  # a mapping: one column per field
                    values |= {f"{name}.{k}": v for k, v in (values.pop(name) or {}).items()}
        if kind == "defect":
            for stage, measures in (values.pop("prevention") or {}).items():
                values[f"prevention.{stage}"] = measures
        if kind == "project":
            for phase in values.pop("phases") or [{}]:
                yield values | {f"phases.{k}": v for k, v in phase.items()}
            continue
        yield values


def _items(name: str, cases: list[Record]) -> Iterator[dict[str, Any]]:
    """A row per item of each case's list of mappings, in the cases' order and the list's own."""
    for record in cases:
        for item in record.values.get(name) or []:
            yield {"id": record.values.get("id")} | {f"{name}.{k}": v for k, v in item.items()}


class _Labels:
    """Keys as labels in the export's language, looked up once per key."""

    def __init__(self, taxonomy: Taxonomy, lang: Lang) -> None:
        self.taxonomy, self.lang = taxonomy, lang
        self.known: dict[tuple[str, str], str] = {}

    def __call__(self, item: Any, value: str) -> str:
        """Grades stay A and B, as everyone writes them."""
        if not isinstance(item, Choice) or item.axis == "grade":
            return value
        key = (item.axis, value)
        if key not in self.known:
            self.known[key] = self.taxonomy.label(item.axis, value, self.lang)
        return self.known[key]


def _writer(column: Column, styles: _Styles, labels: _Labels) -> Put:
    """How the column's cells are written, decided once per column rather than per cell."""
    item, wrapped = column.item, column.wrapped
    blank = styles.text if column.as_text else None  # an empty id or room cell still takes text

    def put(ws: Worksheet, row: int, col: int, value: Any) -> None:
        if value is None or value == [] or value == {}:
            if blank is not None:
                ws.write_blank(row, col, None, blank)
        elif isinstance(value, list):
            write_text(ws, row, col, "\n".join(labels(item, v) for v in value), styles.wrap)
        elif isinstance(item, Choice):
            write_text(ws, row, col, labels(item, value), styles.top)
        elif isinstance(item, DateField) and isinstance(value, date):
            ws.write_datetime(row, col, value, styles.date)
        elif isinstance(item, (Integer, Number)):
            ws.write_number(row, col, value, styles.number)
        else:
            text = str(value)
            write_text(ws, row, col, text, styles.wrap if wrapped or "\n" in text else styles.top)
    return put


def _width(column: Column, lang: Lang) -> float:
    if column.wrapped:
        return 50
    if isinstance(column.item, DateField):
        return 12
    label = getattr(column.label, lang)
    return max(10, min(30, sum(2 if ord(ch) > 0x2E80 else 1 for ch in label) + 4))

