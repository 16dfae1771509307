"""The monthly defect information report to the group (每月底上报), as content.

One project's report, or the group's when no project is given: what was found
in the month (by the complaint classification, subcategory, source and severity),
closed, still open and overdue at the month's end, replanned and why, the major
and crisis cases and whether they reached the group in time, the old problems
that recurred, and the month against the twelve before it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from ..catalog import Catalog, Earlier
from ..config import Config
from ..dates import add_months
from ..model import Case, Project, Replan
from ..taxonomy import SEVERITY_RANK
from ..tracking import closed_by, days_overdue

MONTHLY_FORMATS = ("html", "docx", "xlsx", "pdf")
AXES = ("category", "subcategory", "source", "severity")
TREND_MONTHS = 13  # the month and the twelve before it


@dataclass(frozen=True)
class Reported:
    """A major or crisis case found in the month and how it reached the group."""

    case: Case
    days: int | None  # days from found to reported; None when not reported
    in_time: bool


@dataclass(frozen=True)
class MonthlyReport:
    catalog: Catalog
    month: date  # the first day of the month
    project: Project | None
    found: tuple[Case, ...]
    counts: dict[str, Counter]  # axis -> key -> cases found in the month
    closed: tuple[Case, ...]
    open: tuple[Case, ...]  # not closed at the month's end
    overdue: tuple[tuple[Case, int], ...]  # at the month's end, most overdue first
    replanned: tuple[tuple[Case, Replan], ...]  # revisions recorded in the month
    majors: tuple[Reported, ...]
    old_problems: tuple[tuple[Case, Earlier], ...]  # case, earlier projects
    trend: tuple[tuple[str, int, int], ...]  # (YYYY-MM, found, closed), oldest first
    report_days: int
    compiled_by: str
    company: str | None

    @property
    def label(self) -> str:
        return f"{self.month:%Y-%m}"

    @property
    def scope(self) -> str:
        return f"{self.project.name}（{self.project.code}）" if self.project else (self.company or "集团")

    @property
    def title(self) -> str:
        return f"{self.scope} {self.month.year} 年 {self.month.month} 月缺陷信息月报"

    @property
    def stem(self) -> str:
        return f"{self.project.code if self.project else '集团'}-{self.label}-缺陷信息月报"


def month_end(month: date) -> date:
    return add_months(month, 1) - timedelta(days=1)


def monthly_report(catalog: Catalog, month: date, config: Config, project: str | None = None) -> MonthlyReport:
    month = month.replace(day=1)
    end = month_end(month)
    cases = list(catalog.cases_of_project(project) if project else catalog.cases.values())
    found = tuple(sorted((c for c in cases if _in(c.found, month)), key=lambda c: (c.found, c.id)))
    live = [c for c in cases if c.found <= end and not closed_by(c, end)]
    overdue = sorted(((c, days_overdue(c, end)) for c in live if days_overdue(c, end)), key=lambda x: (-x[1], x[0].id))
    replanned = tuple((c, r) for c in sorted(cases, key=lambda c: c.id) for r in c.replans
                      if r.recorded and _in(r.recorded, month))
    return MonthlyReport(
        catalog, month, catalog.projects[project] if project else None, found, _counts(catalog, found),
        tuple(sorted((c for c in cases if c.closed and _in(c.closed, month)), key=lambda c: (c.closed, c.id))),
        tuple(sorted(live, key=lambda c: c.id)), tuple(overdue), replanned,
        tuple(_reported(c, config.report_days) for c in found if SEVERITY_RANK[c.severity] >= SEVERITY_RANK["major"]),
        tuple((c, e) for c in found if (e := catalog.earlier_elsewhere(c))), _trend(cases, month), config.report_days,
        config.compiled_by, config.company)


def _in(day: date, month: date) -> bool:
    return (day.year, day.month) == (month.year, month.month)


def _counts(catalog: Catalog, cases: tuple[Case, ...]) -> dict[str, Counter]:
    counts: dict[str, Counter] = {axis: Counter() for axis in AXES}
    for case in cases:
        defect = catalog.defects[case.defect]
        counts["category"][defect.category] += 1
        counts["subcategory"][defect.subcategory or ""] += 1
        counts["source"][case.source] += 1
        counts["severity"][case.severity] += 1
    return counts


def _reported(case: Case, limit: int) -> Reported:
    days = (case.reported - case.found).days if case.reported else None
    return Reported(case, days, days is not None and days <= limit)


def _trend(cases: list[Case], month: date) -> tuple[tuple[str, int, int], ...]:
    months = [add_months(month, -back) for back in range(TREND_MONTHS - 1, -1, -1)]
    found = Counter(f"{c.found:%Y-%m}" for c in cases)
    closed = Counter(f"{c.closed:%Y-%m}" for c in cases if c.closed)
    return tuple((f"{m:%Y-%m}", found[f"{m:%Y-%m}"], closed[f"{m:%Y-%m}"]) for m in months)
