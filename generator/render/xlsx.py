"""Excel ledgers (台账) of handbooks and checklists.

Written in openpyxl's write-only mode, which streams rows (the company ledger
has a row per case of the group). Ids and room numbers are text, so Excel
never turns `0301` into 301; dates are real dates; the header row is frozen
and filterable. Every piece of text goes through `set_text` (or, in an XlsxWriter sheet,
`write_text`), so record text is never a formula (CWE-1236), whatever it starts with.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from .. import GENERATOR, made_by
from ..catalog import Catalog
from ..documents import PRIORITY_FORMULA, CompanyHandbook, ProjectHandbook, ReviewChecklist
from ..i18n import w
from ..model import Case
from ..problems import Lang

if TYPE_CHECKING:
    from xlsxwriter.format import Format
    from xlsxwriter.worksheet import Worksheet as StreamedSheet

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DCE6F2")
TEXT, DAY, MONEY = "@", "yyyy-mm-dd", "#,##0"
CELL_LIMIT = 32767  # characters Excel keeps in one cell
CUT = "……（超出 Excel 单元格长度上限，已截断 / cut at Excel's cell limit）"


def set_text(cell: Cell, text: str) -> Cell:
    """Put `text` in `cell` as a string, exactly as written.

    openpyxl types a str that starts with "=" as a formula and "#N/A" and the like as
    errors, so a title `=HYPERLINK(...)` would be live in Excel; the type is forced back
    to string after assignment, so the cell holds the same text and Excel shows it as
    text (no apostrophe is added)."""
    cell.value = storable(text)
    cell.data_type = "s"
    return cell


def write_text(sheet: StreamedSheet, row: int, column: int, text: str, style: Format | None = None) -> None:
    """`set_text` for an XlsxWriter sheet (the export streams 20,000 rows with it): its
    `write_string` stores a string whatever the text starts with, never a formula."""
    sheet.write_string(row, column, storable(text), style)


def storable(text: str) -> str:
    """The text as a cell can hold it. XML cannot hold most control characters at all: they
    become the visible Unicode control pictures (U+000B → ␋) instead of ending the run.
    A cell holds at most 32,767 characters (UTF-16 units, so an emoji counts twice); longer
    text says that it was cut, where openpyxl and XlsxWriter would cut it silently."""
    text = ILLEGAL_CHARACTERS_RE.sub(_control_picture, text)
    if len(text) > CELL_LIMIT // 2 and _units(text) > CELL_LIMIT:
        keep = CELL_LIMIT - len(CUT)
        head = text[:keep]
        while (over := _units(head) - keep) > 0:  # a character is one or two units
            head = head[:len(head) - (over + 1) // 2]
        text = head + CUT
    return text


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _control_picture(match: re.Match[str]) -> str:
    return chr(0x2400 + ord(match.group()))


class Sheet:
    """A write-only sheet with a frozen, filterable header and widths fitted to its contents."""

    def __init__(self, book: Workbook, title: str, headers: Sequence[str]) -> None:
        self.ws: Worksheet = book.create_sheet(title)
        self.widths = [_width(h) for h in headers]
        self.ws.freeze_panes = "A2"
        self.header = [self._cell(h, font=HEADER_FONT, fill=HEADER_FILL) for h in headers]
        self.rows: list[list[Cell]] = []

    def _cell(self, value: Any, fmt: str | None = None, **style: Any) -> Cell:
        cell = set_text(WriteOnlyCell(self.ws), value) if isinstance(value, str) else WriteOnlyCell(self.ws, value)
        if fmt:
            cell.number_format = fmt
        for name, value_ in style.items():
            setattr(cell, name, value_)
        return cell

    def add(self, *values: Any) -> None:
        cells = []
        for index, value in enumerate(values):
            if isinstance(value, str):
                cells.append(self._cell(value, TEXT, alignment=Alignment(wrap_text=len(value) > 40, vertical="top")))
            elif isinstance(value, date):
                cells.append(self._cell(value, DAY))
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                cells.append(self._cell(value, MONEY if abs(value) >= 1000 else None))
            else:
                cells.append(self._cell(value))
            self.widths[index] = max(self.widths[index], _width(value))
        self.rows.append(cells)

    def close(self) -> None:
        """Widths and the filter must be known before rows are streamed out."""
        for index, width in enumerate(self.widths):
            self.ws.column_dimensions[_letter(index)].width = min(max(width + 2, 6), 60)
        self.ws.auto_filter.ref = f"A1:{_letter(len(self.widths) - 1)}{len(self.rows) + 1}"
        self.ws.append(self.header)
        for row in self.rows:
            self.ws.append(row)


def _width(value: Any) -> int:
    if value is None:
        return 2
    if isinstance(value, date):
        return 10
    text = str(value)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text[:60])


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _book() -> Workbook:
    return Workbook(write_only=True)


def stamp(book: Workbook, lang: Lang = "zh") -> None:
    """The tool's version in the file's properties (Excel: File → Info), as every document states it."""
    book.properties.creator = book.properties.lastModifiedBy = GENERATOR
    book.properties.description = made_by(lang)


def _bytes(book: Workbook, lang: Lang = "zh") -> bytes:
    stamp(book, lang)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


LEDGER = ["id", "title", "project", "phase", "category", "subcategory", "defect_id", "defect_type", "location", "found",
          "source", "households", "complaints", "severity", "grade", "status", "closed", "cost", "compensation"]


def _words(lang: Lang, *keys: str) -> list[str]:
    return [w(key, lang) for key in keys]


def _ledger_row(catalog: Catalog, case: Case, lang: Lang) -> list[Any]:
    tax, defect = catalog.taxonomy, catalog.defects[case.defect]
    return [case.id, case.title, case.project, case.phase, tax.label("category", defect.category, lang),
            tax.label("subcategory", defect.subcategory, lang), defect.id, defect.title, case.location or "",
            case.found, tax.label("source", case.source, lang), case.households, case.complaints,
            tax.label("severity", case.severity, lang), case.grade or "", tax.label("status", case.status, lang),
            case.closed, case.cost, case.compensation]


def project_ledger(doc: ProjectHandbook, lang: Lang) -> bytes:
    """Sheet 台账: one row per case; sheet 缺陷类型: one row per defect type cited."""
    book, suffix = _book(), w("draft_suffix", lang) if doc.draft else ""
    ledger = Sheet(book, f"{w('ledger', lang)}{suffix}", _words(lang, *LEDGER))
    for case in doc.cases:
        ledger.add(*_ledger_row(doc.catalog, case, lang))
    ledger.close()
    types = Sheet(book, w("defect_types", lang), _words(lang, "defect_id", "defect_type", "category", "subcategory",
                                                       "cases_this_phase", "households", "complaints", "cost",
                                                       "other_projects", "prevention"))
    others = dict(doc.old_problems)
    for defect in doc.defects:
        cases = [c for c in doc.cases if c.defect == defect.id]
        measures = "\n".join(f"{doc.catalog.taxonomy.label('stage', s)}：{'；'.join(m)}" for s, m in defect.prevention)
        types.add(defect.id, defect.title, doc.catalog.taxonomy.label("category", defect.category),
                  doc.catalog.taxonomy.label("subcategory", defect.subcategory), len(cases),
                  sum(c.households or 0 for c in cases), sum(c.complaints or 0 for c in cases),
                  sum(c.cost or 0 for c in cases),
                  "、".join(doc.catalog.projects[p].name for p in others.get(defect, ())), measures)
    types.close()
    return _bytes(book, lang)


def company_ledger(doc: CompanyHandbook, lang: Lang) -> bytes:
    book, tax = _book(), doc.catalog.taxonomy
    ranking = Sheet(book, "缺陷类型排名", ["排名", "缺陷类型编号", "缺陷类型", "分类", "涉及项目数", "案例数",
                                         "涉及户数", "投诉次数", "整改费用（元）", "赔偿金额（元）",
                                         "最高严重程度", "各项目年度案例"])
    for rank, entry in enumerate(doc.entries, 1):
        r = entry.recurrence
        spread = "；".join(f"{p}：" + "、".join(f"{y}（{n}）" for y, n in years) for p, years in entry.per_project)
        ranking.add(rank, r.defect.id, r.defect.title, tax.label("category", r.defect.category), len(r.projects),
                    r.cases, r.households, r.complaints, r.cost, r.compensation,
                    tax.label("severity", r.worst_severity), spread)
    ranking.close()
    ledger = Sheet(book, "案例台账" if lang == "zh" else "Case ledger", _words(lang, *LEDGER))
    for case in doc.catalog.cases.values():
        ledger.add(*_ledger_row(doc.catalog, case, lang))
    ledger.close()
    projects = Sheet(book, "项目概况", ["项目代码", "项目名称", "城市", "分期", "案例数", "涉及户数", "整改费用（元）"])
    for s in doc.summaries:
        projects.add(s.project.code, s.project.name, s.project.city or "",
                     "、".join(f"{p.title} {n}" for p, n in s.phases), s.totals.cases, s.totals.households,
                     s.totals.cost)
    projects.close()
    return _bytes(book, lang)


def review_checklist(doc: ReviewChecklist, lang: Lang) -> bytes:
    book, tax = _book(), doc.catalog.taxonomy
    sheet = Sheet(book, "检查清单", ["序号", "缺陷类型编号", "缺陷类型", "优先级", "列入原因", "最新案例",
                                     "检查项", "符合", "不符合", "不适用", "说明", "责任人"])
    for rank, item in enumerate(doc.items, 1):
        p = item.priority
        why = (f"涉及项目 {p.projects}；案例 {p.cases}；涉及户数 {p.households}；"
               f"最高严重程度 {tax.label('severity', p.worst)}")
        evidence = "；".join(f"{c.id} {c.title}" for c in item.evidence)
        for measure in item.measures:
            sheet.add(rank, item.defect.id, item.defect.title, p.score, why, evidence, measure, "", "", "", "", "")
    sheet.close()
    note = Sheet(book, "说明", ["项目", "内容"])
    note.add("评审阶段", tax.label("stage", doc.stage))
    note.add("优先级公式", PRIORITY_FORMULA)
    note.close()
    return _bytes(book, lang)
