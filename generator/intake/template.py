"""An empty case ledger for staff to fill in, with drop-downs from the root's taxonomy.

The same columns and sheets as the export (so `import` reads it as one: the case sheet,
then 计划调整 for the replans), each enumerated
field a drop-down whose choices are kept on a hidden sheet under a defined
name (an inline list is cut at 255 characters), an input prompt and a header
comment saying what the field takes, ids and rooms formatted as text and
dates as dates. Drop-downs only help: pasting bypasses them, and `import`
checks every value again.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from .. import GENERATOR, made_by
from ..problems import Lang
from ..render.xlsx import set_text
from ..schema import Choice, DateField, Integer, Number
from ..taxonomy import Taxonomy
from .cells import DAY, TEXT
from .columns import LIST_SHEETS, SHEETS, Column, columns

ROWS = 500  # rows formatted and offered drop-downs; staff add more by copying a row
LISTS = "选项"


def template_workbook(taxonomy: Taxonomy, lang: Lang = "zh", projects: list[str] | None = None,
                      phases: list[int] | None = None, defects: list[str] | None = None) -> bytes:
    """The case sheet, then a sheet per list of mappings of a case (计划调整), the choices hidden last."""
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    sheets = [book.create_sheet(getattr(SHEETS[kind], lang)) for kind in ("case", *LIST_SHEETS)]
    lists = book.create_sheet(LISTS)
    lists.sheet_state = "hidden"
    offset = 0  # each drop-down's choices in a column of its own on the hidden sheet
    for kind, ws in zip(("case", *LIST_SHEETS), sheets):
        cols = columns(kind, taxonomy)
        choices = _choices(cols, taxonomy, lang, projects, phases, defects) if kind == "case" else {}
        for index, column in enumerate(cols, 1):
            _header(ws, index, column, lang, choices.get(column.key))
            if column.key in choices:
                _dropdown(book, ws, lists, index, offset + index, column, choices[column.key], lang)
            _format(ws, index, column)
        offset += len(cols)
        ws.freeze_panes = "B3"
        ws.row_dimensions[2].hidden = True
        ws.auto_filter.ref = f"A1:{get_column_letter(len(cols))}{ROWS + 2}"
    book.properties.creator, book.properties.description = GENERATOR, made_by(lang)  # the version that wrote it
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _choices(cols: list[Column], taxonomy: Taxonomy, lang: Lang, projects: list[str] | None,
             phases: list[int] | None, defects: list[str] | None) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for column in cols:
        if isinstance(column.item, Choice):
            terms = taxonomy.axis_terms(column.item.axis).values()
            found[column.key] = [t.key if column.item.axis == "grade" else t.label(lang) for t in terms]
    if projects:
        found["project"] = projects
    if phases:
        found["phase"] = [str(p) for p in phases]
    if defects:
        found["defect"] = defects
    return found


def _header(ws: Worksheet, index: int, column: Column, lang: Lang, choices: list[str] | None) -> None:
    cell = _text(ws, 1, index, getattr(column.label, lang))
    cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="DCE6F2")
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    _text(ws, 2, index, column.key)
    ws.column_dimensions[get_column_letter(index)].width = 40 if column.wrapped else 14
    note = _meaning(column, lang, choices)
    cell.comment = Comment(note, "handbook", width=260, height=120)


def _meaning(column: Column, lang: Lang, choices: list[str] | None) -> str:
    """What the field takes, in the words of the validator's own field spec."""
    spec = column.spec
    need = ("必填" if lang == "zh" else "required") if spec.required else ("选填" if lang == "zh" else "optional")
    expected = getattr(column.item.expected, lang)
    text = f"{getattr(column.label, lang)}（{column.key}）：{expected}，{need}。" if lang == "zh" else \
        f"{column.label.en} ({column.key}): {expected}, {need}."
    if column.is_list:
        text += "每行一项。" if lang == "zh" else " One item per line."
    if choices:
        shown = "、".join(choices[:12]) + ("…" if len(choices) > 12 else "")
        text += ("可选：" if lang == "zh" else " Choose: ") + shown
    return text


def _dropdown(book: Workbook, ws: Worksheet, lists: Worksheet, index: int, at: int, column: Column,
              values: list[str], lang: Lang) -> None:
    """Column `index` of `ws` offers `values`, kept in column `at` of the hidden sheet. A list field
    (attendees) offers one item at a time; the cell takes one per line, as import reads it."""
    for row, value in enumerate(values, 1):
        _text(lists, row, at, value)
    name = f"list_{column.key}"
    kept = get_column_letter(at)
    book.defined_names[name] = DefinedName(name, attr_text=f"'{LISTS}'!${kept}$1:${kept}${len(values)}")
    letter = get_column_letter(index)
    validation = DataValidation(type="list", formula1=f"={name}", allow_blank=True, showDropDown=False)
    validation.promptTitle = getattr(column.label, lang)[:32]
    validation.prompt = _meaning(column, lang, None)[:255]
    validation.showInputMessage = True
    validation.add(f"{letter}3:{letter}{ROWS + 2}")
    ws.add_data_validation(validation)


def _text(ws: Worksheet, row: int, column: int, value: str) -> Cell:
    """Text, never a formula: a taxonomy label of the root's own may start with `=` or `@`."""
    cell = ws.cell(row, column)
    assert isinstance(cell, Cell)  # the template merges no cells
    set_text(cell, value).number_format = TEXT
    return cell


def _format(ws: Worksheet, index: int, column: Column) -> None:
    """Text columns as `@` so Excel keeps 0301; dates as dates; long text wrapped."""
    if isinstance(column.item, DateField):
        fmt = DAY
    elif isinstance(column.item, (Integer, Number)):
        return
    elif column.as_text or column.is_list or isinstance(column.item, Choice):
        fmt = TEXT
    else:
        return
    for row in range(3, ROWS + 3):
        cell = ws.cell(row, index)
        cell.number_format = fmt
        if column.wrapped:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
