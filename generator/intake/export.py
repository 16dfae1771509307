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
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .. import GENERATOR, made_by
from ..contract import CASE
from ..problems import Lang
from ..schema import Choice, DateField, Integer, Nested, Number, Record
from ..taxonomy import Taxonomy
from .cells import DAY, Cells
from .columns import LIST_SHEETS, SHEETS, Column, columns

_HEADER = {"font": Font(bold=True), "fill": PatternFill("solid", fgColor="DCE6F2")}
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")


def export_workbook(records: Iterable[Record], taxonomy: Taxonomy, lang: Lang = "zh",
                    project: str | None = None, phase: int | None = None) -> tuple[bytes, dict[str, int]]:
    """The workbook's bytes and how many records of each kind it holds."""
    by_kind: dict[str, list[Record]] = {"case": [], "defect": [], "project": []}
    for record in records:
        if record.kind in by_kind and _selected(record, project, phase):
            by_kind[record.kind].append(record)
    book = Workbook(write_only=True)
    cases = sorted(by_kind["case"], key=lambda r: r.rel)
    _sheet(book, "case", _rows("case", cases), taxonomy, lang)
    for kind, name in LIST_SHEETS.items():
        _sheet(book, kind, _items(name, cases), taxonomy, lang)
    for kind in ("defect", "project"):
        _sheet(book, kind, _rows(kind, sorted(by_kind[kind], key=lambda r: r.rel)), taxonomy, lang)
    book.properties.creator, book.properties.description = GENERATOR, made_by(lang)  # the version that wrote it
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue(), {kind: len(items) for kind, items in by_kind.items()}


def _selected(record: Record, project: str | None, phase: int | None) -> bool:
    """Every defect type (the cases refer to them); projects and cases of the chosen project and phase."""
    if record.kind == "defect":
        return True
    if project is not None and record.rel.split("/")[1] != project:
        return False
    return record.kind != "case" or phase is None or record.values.get("phase") == phase


def _sheet(book: Workbook, kind: str, values: Iterable[dict[str, Any]], taxonomy: Taxonomy, lang: Lang) -> None:
    ws: Worksheet = book.create_sheet(getattr(SHEETS[kind], lang))
    cols = columns(kind, taxonomy)
    make = Cells(ws)
    labels = _Labels(taxonomy, lang)
    rows = [[_cell(make, column, row.get(column.key), labels) for column in cols] for row in values]
    for index, column in enumerate(cols):
        ws.column_dimensions[get_column_letter(index + 1)].width = _width(column, lang)
    ws.freeze_panes = "B3" if kind.startswith("case") else "A3"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(cols))}{len(rows) + 2}"
    ws.row_dimensions[2].hidden = True
    ws.append([make.text(getattr(c.label, lang), "header", **_HEADER) for c in cols])
    ws.append([make.text(c.key, "key") for c in cols])
    for row in rows:
        ws.append(row)


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


def _cell(make: Cells, column: Column, value: Any, labels: _Labels) -> Cell:
    item = column.item
    if value in (None, [], {}):
        return make.text("", "text") if column.as_text else make.value(None, "empty")
    if isinstance(value, list):
        return make.text("\n".join(labels(item, v) for v in value), "wrap", alignment=_WRAP)
    if isinstance(item, Choice):
        return make.text(labels(item, value), "top", alignment=_TOP)
    if isinstance(item, DateField) and isinstance(value, date):
        return make.value(datetime(value.year, value.month, value.day), "date", number_format=DAY, alignment=_TOP)
    if isinstance(item, (Integer, Number)):
        return make.value(value, "number", alignment=_TOP)
    text = str(value)
    if column.wrapped or "\n" in text:
        return make.text(text, "wrap", alignment=_WRAP)
    return make.text(text, "top", alignment=_TOP)


def _width(column: Column, lang: Lang) -> float:
    if column.wrapped:
        return 50
    if isinstance(column.item, DateField):
        return 12
    label = getattr(column.label, lang)
    return max(10, min(30, sum(2 if ord(ch) > 0x2E80 else 1 for ch in label) + 4))

