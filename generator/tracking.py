"""Rectification tracking over the catalogue: who owns each open case, by when, and
whether it slipped.

Pure functions of the catalogue and a day, beside `stats`: `handbook track`, the
site's 整改跟踪 page and the monthly report all count from here, so they agree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .catalog import Catalog
from .model import Case


def closed_by(case: Case, day: date) -> bool:
    """Closed on or before `day` (a closed case without its date counts as closed)."""
    return case.status == "closed" and (case.closed is None or case.closed <= day)


def days_overdue(case: Case, today: date) -> int:
    """Days since the plan in force passed, for a case not closed by `today`; 0 when on time or unplanned."""
    due = case.effective_due
    if closed_by(case, today) or due is None or due >= today:
        return 0
    return (today - due).days


def is_overdue(case: Case, today: date) -> bool:
    return days_overdue(case, today) > 0


def on_time(case: Case) -> bool | None:
    """Closed by the original due date; None when the case is not closed or had no plan."""
    if case.status != "closed" or case.closed is None or case.due is None:
        return None
    return case.closed <= case.due


@dataclass(frozen=True)
class Step:
    """One step of a case's timeline: found → raised → decided → due → replans → closed → verified."""

    key: str  # a word key: found, raised, decided, original_due, replan_n, closed, verified_date
    day: date
    note: str | None = None  # a replan's reason, a verification's result
    number: int = 0  # which replan


def timeline(case: Case) -> list[Step]:
    """The steps the record has dates for, in process order."""
    steps = [Step(key, day) for key, day in (("found", case.found), ("raised", case.raised),
                                             ("decided", case.decided), ("original_due", case.due)) if day]
    steps += [Step("replan_n", r.due, r.reason, i) for i, r in enumerate(case.replans, 1)]
    if case.closed:
        steps.append(Step("closed", case.closed))
    if case.verified:
        steps.append(Step("verified_date", case.verified.date, case.verified.result))
    return steps


@dataclass(frozen=True)
class TrackRow:
    """One open case as customer service tracks it."""

    case: Case
    days_overdue: int

    @property
    def last_reason(self) -> str | None:
        return self.case.replans[-1].reason if self.case.replans else None

    def as_json(self) -> dict[str, object]:
        c = self.case
        return {"id": c.id, "project": c.project, "phase": c.phase, "title": c.title,
                "responsible": c.responsible, "grade": c.grade, "status": c.status, "found": _iso(c.found),
                "due": _iso(c.due), "effective_due": _iso(c.effective_due), "days_overdue": self.days_overdue,
                "replans": len(c.replans), "last_reason": self.last_reason}


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def open_cases(catalog: Catalog, today: date, project: str | None = None, department: str | None = None,
               overdue_only: bool = False) -> list[TrackRow]:
    """Every case not yet closed, most overdue first, then by the plan in force and id."""
    rows = [TrackRow(c, days_overdue(c, today)) for c in _selected(catalog.cases.values(), project, department)
            if c.status != "closed"]
    if overdue_only:
        rows = [r for r in rows if r.days_overdue > 0]
    return sorted(rows, key=lambda r: (-r.days_overdue, r.case.effective_due or date.max, r.case.id))


def _selected(cases: Iterable[Case], project: str | None, department: str | None) -> list[Case]:
    return [c for c in cases if (project is None or c.project == project)
            and (department is None or c.responsible == department)]


@dataclass(frozen=True)
class Tally:
    """Open and overdue cases of one department or project, and its on-time record."""

    open: int = 0
    overdue: int = 0
    closed_planned: int = 0  # closed cases that had a due date
    closed_on_time: int = 0

    @property
    def on_time_rate(self) -> float | None:
        return self.closed_on_time / self.closed_planned if self.closed_planned else None


def tallies(cases: Iterable[Case], today: date, key: str) -> dict[str, Tally]:
    """Per `responsible` department or per `project` (`key`); a case without one counts under ''."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for case in cases:
        row = counts[getattr(case, key) or ""]
        if case.status != "closed":
            row[0] += 1
            row[1] += is_overdue(case, today)
        elif (kept := on_time(case)) is not None:
            row[2] += 1
            row[3] += kept
    return {name: Tally(*row) for name, row in sorted(counts.items())}
