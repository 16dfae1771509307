"""The monthly report laid out: HTML (and from it the PDF), Word and Excel.

Every layout shows the same sections in the same order, each a titled table made
once by `sections`; HTML and PDF add the trend as an SVG chart, Word and Excel
keep it a table.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from openpyxl import Workbook

from ..catalog import Earlier
from ..documents.monthly import AXES, MonthlyReport
from ..i18n import w
from ..problems import Lang
from . import charts
from .docx import _bytes as docx_bytes
from .docx import _heading, _new, _paragraph, _table
from .renderer import Renderer
from .xlsx import Sheet
from .xlsx import _bytes as xlsx_bytes

Cell = str | int | None
# The group's report names its most overdue cases and counts the rest per project (`handbook track` lists all).
GROUP_OVERDUE_SHOWN = 50


@dataclass(frozen=True)
class Section:
    key: str  # also the Excel sheet's name, by its word
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


def sections(doc: MonthlyReport, lang: Lang) -> list[Section]:
    tax = doc.catalog.taxonomy
    label = lambda axis, key: tax.label(axis, key, lang) if key else w("other_categories", lang)  # noqa: E731
    dept = lambda key: tax.label("department", key, lang) if key else ""  # noqa: E731
    words = lambda *keys: tuple(w(k, lang) for k in keys)  # noqa: E731
    on_time = sum(1 for r in doc.majors if r.in_time)
    out = [Section("m_summary", w("m_summary", lang), words("m_item", "count"), (
        (w("m_found", lang), len(doc.found)), (w("m_closed", lang), len(doc.closed)),
        (w("m_open", lang), len(doc.open)), (w("m_overdue", lang), len(doc.overdue)),
        (w("m_replanned", lang), len(doc.replanned)), (w("m_majors", lang), len(doc.majors)),
        (w("m_majors_in_time", lang), on_time), (w("m_old", lang), len(doc.old_problems))))]
    for axis in AXES:
        rows = tuple((label(axis, key), n) for key, n in doc.counts[axis].most_common())
        if axis == "category":  # the group's complaint classification, every class listed
            rows = tuple((label(axis, key), doc.counts[axis][key]) for key in tax.terms["category"])
        out.append(Section(f"m_by_{axis}", w(f"m_by_{axis}", lang), (w(axis, lang), w("count", lang)), rows))
    out.append(Section("m_found", w("m_found", lang), words("case_id", "project", "title", "category", "severity",
                                                           "source", "found"),
                       tuple((c.id, c.project, c.title, label("category", doc.catalog.defects[c.defect].category),
                              label("severity", c.severity), label("source", c.source), c.found.isoformat())
                             for c in doc.found)))
    out.append(Section("m_closed", w("m_closed", lang), words("case_id", "project", "title", "grade", "closed"),
                       tuple((c.id, c.project, c.title, c.grade, c.closed.isoformat() if c.closed else None)
                             for c in doc.closed)))
    out.append(_open_section(doc, lang, label, dept))
    shown = doc.overdue if doc.project else doc.overdue[:GROUP_OVERDUE_SHOWN]
    title = w("m_overdue", lang) if len(shown) == len(doc.overdue) else \
        w("m_overdue_top", lang, shown=len(shown), total=len(doc.overdue))
    out.append(Section("m_overdue", title, words("case_id", "project", "responsible", "effective_due",
                                                 "days_overdue"),
                       tuple((c.id, c.project, dept(c.responsible),
                              c.effective_due.isoformat() if c.effective_due else None, days) for c, days in shown)))
    out.append(Section("m_replanned", w("m_replanned", lang), words("case_id", "project", "plan_due", "reason",
                                                                   "evaluation", "recorded"),
                       tuple((c.id, c.project, r.due.isoformat(), r.reason, r.evaluation,
                              r.recorded.isoformat() if r.recorded else None) for c, r in doc.replanned)))
    out.append(Section("m_majors", w("m_majors", lang), words("case_id", "project", "severity", "found", "m_reported",
                                                             "m_report_days", "m_in_time"),
                       tuple((r.case.id, r.case.project, label("severity", r.case.severity),
                              r.case.found.isoformat(), r.case.reported.isoformat() if r.case.reported else None,
                              r.days, w("yes" if r.in_time else "no", lang)) for r in doc.majors)))
    out.append(Section("m_old", w("m_old", lang), words("case_id", "project", "defect_type", "other_projects"),
                       tuple((c.id, c.project, f"{c.defect} {doc.catalog.defects[c.defect].title}",
                              _projects(e, lang)) for c, e in doc.old_problems)))
    out.append(Section("m_trend", w("m_trend", lang), words("m_month", "m_found_n", "m_closed_n"), doc.trend))
    return out


def _projects(earlier: Earlier, lang: Lang) -> str:
    """The latest projects by code, then how many in all."""
    named = ("、" if lang == "zh" else ", ").join(code for code, _ in earlier)
    return named + (w("old_more", lang, total=earlier.total) if earlier.more else "")


def _open_section(doc: MonthlyReport, lang: Lang, label: Callable[[str, str | None], str],
                  dept: Callable[[str | None], str]) -> Section:
    """A project's report lists its open cases; the group's counts them per project (thousands of
    rows would bury the overdue list that follows, which names each case)."""
    title = w("m_open", lang)
    if doc.project is not None:
        return Section("m_open", title, tuple(w(k, lang) for k in ("case_id", "project", "title", "responsible",
                                                                 "status", "effective_due")),
                       tuple((c.id, c.project, c.title, dept(c.responsible), label("status", c.status),
                              c.effective_due.isoformat() if c.effective_due else None) for c in doc.open))
    open_by, overdue_by = Counter(c.project for c in doc.open), Counter(c.project for c, _days in doc.overdue)
    return Section("m_open", title, (w("project", lang), w("m_open", lang), w("m_overdue", lang)),
                   tuple((f"{code} {doc.catalog.projects[code].name}", n, overdue_by[code])
                         for code, n in sorted(open_by.items())))


def title(doc: MonthlyReport, lang: Lang) -> str:
    return doc.title if lang == "zh" else w("m_title", lang, scope=doc.scope, month=f"{doc.month:%B %Y}")


COMPACT_ABOVE = 40  # rows above which the print layout lists a section as lines, not a table


def html(doc: MonthlyReport, lang: Lang, compact: bool = False) -> str:
    """The report as HTML; `compact` (for the PDF) prints a long list as one line per row under a line
    naming the fields: WeasyPrint lays out a table cell by cell, and the group's 1,200 rows took
    25-36 s as tables against 3-5 s as lines."""
    renderer = Renderer(lang, doc.catalog.taxonomy)
    chart = charts.columns([(month[2:], found) for month, found, _closed in doc.trend], w("m_trend", lang))
    return renderer.render("handbook/monthly.html.j2", doc=doc, title=title(doc, lang), draft=False,
                           sections=sections(doc, lang), chart=chart, compact_above=COMPACT_ABOVE if compact else None)


def docx(doc: MonthlyReport, lang: Lang) -> bytes:
    word = _new(False, lang)
    _paragraph(word, title(doc, lang), "Title")
    word.add_paragraph(f"{w('compiled_by', lang)}：{doc.compiled_by}")
    for section in sections(doc, lang):
        _heading(word, section.title, 1 if section.key in ("m_summary", "m_trend") else 2)
        if section.rows:
            _table(word, section.headers, section.rows)
        else:
            word.add_paragraph(w("none_found", lang))
    return docx_bytes(word)


def xlsx(doc: MonthlyReport, lang: Lang) -> bytes:
    book = Workbook(write_only=True)
    for section in sections(doc, lang):
        sheet = Sheet(book, section.title[:31], section.headers)
        for row in section.rows:
            sheet.add(*row)
        sheet.close()
    return xlsx_bytes(book, lang)
