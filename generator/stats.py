"""Figures over the catalogue, as pandas frames: pure functions, no printing.

The same frames feed the terminal summary, the site's statistics page and
the handbooks' overview chapters.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from .catalog import Catalog, Recurrence
from .config import Config
from .dates import add_months

CASE_COLUMNS = ["id", "project", "phase", "defect", "category", "subcategory", "source", "severity", "grade",
                "status", "found", "closed", "households", "complaints", "cost", "compensation"]


def cases_frame(catalog: Catalog) -> pd.DataFrame:
    """One row per case, with its defect type's category and subcategory."""
    rows = []
    for case in catalog.cases.values():
        defect = catalog.defects[case.defect]
        rows.append({
            "id": case.id, "project": case.project, "phase": case.phase, "defect": case.defect,
            "category": defect.category, "subcategory": defect.subcategory, "source": case.source,
            "severity": case.severity, "grade": case.grade, "status": case.status, "found": case.found,
            "closed": case.closed, "households": case.households or 0, "complaints": case.complaints or 0,
            "cost": case.cost or 0, "compensation": case.compensation or 0,
        })
    return pd.DataFrame(rows, columns=CASE_COLUMNS)


def counts(catalog: Catalog, frame: pd.DataFrame, axis: str) -> pd.Series:
    """Cases per key of a taxonomy axis, in the taxonomy's order, zeros included."""
    keys = list(catalog.taxonomy.axis_terms(axis))
    return frame[axis].value_counts().reindex(keys, fill_value=0).astype(int)


def by_project_phase(frame: pd.DataFrame) -> pd.Series:
    return frame.groupby(["project", "phase"]).size().astype(int)


def top_recurrent(catalog: Catalog, limit: int = 10) -> list[Recurrence]:
    """The defect types seen in the most projects (then households): the "old problems"."""
    return [r for r in catalog.ranking() if r.cases][:limit]


EXPECTED_PER_MONTH = 1  # each warranty supervisor writes at least one case a month


def authors_by_month(catalog: Catalog, today: date, months: int = 6) -> pd.DataFrame:
    """Cases per author (rows) and month found (columns, the last `months` up to today's),
    zeros included: who is short of the one-a-month expectation, and when."""
    columns = [_month(add_months(date(today.year, today.month, 1), -back)) for back in range(months - 1, -1, -1)]
    rows = [(c.author, _month(c.found)) for c in catalog.cases.values() if c.author]
    frame = pd.DataFrame(rows, columns=["author", "month"])
    table = frame[frame["month"].isin(columns)].groupby(["author", "month"]).size().unstack(fill_value=0)
    authors = sorted({author for author, _ in rows})
    return table.reindex(index=authors, columns=columns, fill_value=0).astype(int)


def _month(day: date) -> str:
    return f"{day.year}-{day.month:02d}"


@dataclass(frozen=True)
class PhaseProgress:
    """Where one project phase stands against the handbook minimum."""

    project: str
    name: str
    phase: int
    phase_name: str
    delivered: date | None
    due: date | None
    cases: int
    minimum: int

    @property
    def missing(self) -> int:
        return max(self.minimum - self.cases, 0)

    def state(self, today: date) -> str:
        """met, overdue (due date passed, too few cases), pending, or undelivered."""
        if self.cases >= self.minimum:
            return "met"
        if self.due is None:
            return "undelivered"
        return "overdue" if self.due < today else "pending"


def phase_progress(catalog: Catalog, config: Config | None = None) -> list[PhaseProgress]:
    config = config or Config()
    rows = []
    for project in catalog.projects.values():
        for phase in project.phases:
            due = add_months(phase.delivered, config.due_months) if phase.delivered else None
            count = len(catalog.cases_of_project(project.code, phase.number))
            rows.append(PhaseProgress(project.code, project.name, phase.number, phase.title, phase.delivered, due,
                                      count, config.minimum_cases))
    return rows
