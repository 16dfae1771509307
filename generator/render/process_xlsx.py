"""Workbooks of the feedback process: the tracking list, a sheet per responsible department.

Laid out with the ledgers' `Sheet`, so ids stay text, dates are dates and a cell
that starts like a formula is never one.
"""

from __future__ import annotations

from collections import defaultdict

from openpyxl import Workbook

from ..catalog import Catalog
from ..i18n import w
from ..problems import Lang
from ..tracking import TrackRow
from .xlsx import Sheet, _bytes

TRACKING = ("case_id", "title", "project", "phase", "responsible", "grade", "status", "found", "original_due",
            "effective_due", "days_overdue", "replans", "last_reason")


def tracking_workbook(catalog: Catalog, rows: list[TrackRow], lang: Lang) -> bytes:
    """One sheet per responsible department (cases without one on their own sheet), most overdue first."""
    book, tax = Workbook(write_only=True), catalog.taxonomy
    by_department: dict[str, list[TrackRow]] = defaultdict(list)
    for row in rows:
        by_department[row.case.responsible or ""].append(row)
    if not by_department:
        by_department[""] = []
    for key in sorted(by_department, key=lambda k: (k == "", k)):
        title = tax.label("department", key, lang) if key else w("no_department", lang)
        sheet = Sheet(book, title[:31], [w(k, lang) for k in TRACKING])
        for r in by_department[key]:
            c = r.case
            sheet.add(c.id, c.title, c.project, c.phase, tax.label("department", c.responsible, lang),
                      c.grade or "", tax.label("status", c.status, lang), c.found, c.due, c.effective_due,
                      r.days_overdue, len(c.replans), r.last_reason or "")
        sheet.close()
    return _bytes(book, lang)
