"""The terminal summary of `handbook stats`: tables that line up Chinese text.

Chinese characters take two columns in a terminal; rich measures them
correctly, which hand-padded f-strings do not.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, TypeVar

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .catalog import Catalog
from .config import Config
from .i18n import t, w
from .problems import Lang
from .stats import (
    EXPECTED_PER_MONTH,
    authors_by_month,
    by_project_phase,
    cases_frame,
    counts,
    phase_progress,
    top_recurrent,
)
from .taxonomy import AXES
from .tracking import TrackRow

if TYPE_CHECKING:
    import pandas as pd

T = TypeVar("T")


def print_stats(catalog: Catalog, lang: Lang, today: date, config: Config, console: Console | None = None) -> None:
    console = console or Console(width=None if Console().is_terminal else 120, highlight=False)
    frame = cases_frame(catalog)
    console.print(_totals(catalog, frame, lang))
    for axis in ("category", "severity", "grade", "status", "source"):
        console.print(_counts_table(catalog, frame, axis, lang))
    console.print(_project_phase_table(catalog, frame, lang))
    console.print(_recurrent_table(catalog, lang))
    console.print(_progress_table(catalog, lang, today, config))
    if any(case.author for case in catalog.cases.values()):
        console.print(_authors_table(catalog, lang, today))


def _authors_table(catalog: Catalog, lang: Lang, today: date) -> Table:
    """Cases written per author per month against the one-a-month expectation."""
    frame = authors_by_month(catalog, today)
    table = _table(t("authors", lang, expected=EXPECTED_PER_MONTH), t("author", lang), *frame.columns,
                   t("months_short", lang))
    for author, row in frame.iterrows():
        short = sum(1 for count in row if count < EXPECTED_PER_MONTH)
        counts = (Text(str(count), style="" if count >= EXPECTED_PER_MONTH else "red") for count in row)
        table.add_row(str(author), *counts, str(short))
    return table


class PlainTable(Table):
    """A rich table that never reads its strings as rich markup: record text such as a
    project named `[/bold]` or `[link=…]` is shown as written, never styled, and never
    raises MarkupError (which ended `stats` as an internal error)."""

    def add_row(self, *renderables: object, **kwargs: object) -> None:
        super().add_row(*(Text(r) if isinstance(r, str) else r for r in renderables), **kwargs)  # type: ignore[arg-type]


def _table(title: str, *columns: str, text: int = 1) -> Table:
    """A table whose first `text` columns are text (left) and the rest figures (right)."""
    table = PlainTable(title=Text(title), title_justify="left", show_edge=False)
    for index, column in enumerate(columns):
        table.add_column(Text(column), justify="left" if index < text else "right")
    return table


def _totals(catalog: Catalog, frame: pd.DataFrame, lang: Lang) -> Table:
    table = _table(t("totals", lang), "", "")
    table.add_row(t("defect_types", lang), str(len(catalog.defects)))
    table.add_row(t("projects", lang), str(len(catalog.projects)))
    table.add_row(t("cases", lang), str(len(catalog.cases)))
    for column in ("households", "complaints", "cost", "compensation"):
        table.add_row(t(column, lang), f"{frame[column].sum():,.0f}")
    return table


def _counts_table(catalog: Catalog, frame: pd.DataFrame, axis: str, lang: Lang) -> Table:
    table = _table(t("by", lang, axis=getattr(AXES[axis], lang)), getattr(AXES[axis], lang), t("count", lang),
                   t("share", lang))
    series = counts(catalog, frame, axis)
    total = max(int(series.sum()), 1)
    for key, value in series.items():
        table.add_row(catalog.taxonomy.label(axis, str(key), lang), str(value), f"{value / total:.0%}")
    return table


def _project_phase_table(catalog: Catalog, frame: pd.DataFrame, lang: Lang) -> Table:
    table = _table(t("project_phase", lang), t("project", lang), t("phase", lang), t("count", lang), text=2)
    sizes = by_project_phase(frame)
    for project in catalog.projects.values():
        for phase in project.phases:
            table.add_row(f"{project.code} {project.name}", phase.title,
                          str(sizes.get((project.code, phase.number), 0)))
    return table


def _recurrent_table(catalog: Catalog, lang: Lang) -> Table:
    table = _table(t("top", lang), t("rank", lang), t("defect", lang), t("projects", lang), t("count", lang),
                   t("households", lang), t("complaints", lang), t("years", lang), t("worst", lang), text=2)
    for rank, row in enumerate(top_recurrent(catalog), 1):
        years = f"{row.years[0]}–{row.years[-1]}" if len(row.years) > 1 else str(row.years[0])
        table.add_row(str(rank), f"{row.defect.id} {row.defect.title}", str(len(row.projects)), str(row.cases),
                      str(row.households), str(row.complaints), years,
                      catalog.taxonomy.label("severity", row.worst_severity, lang))
    return table


def _progress_table(catalog: Catalog, lang: Lang, today: date, config: Config) -> Table:
    rows = phase_progress(catalog, config)
    table = _table(t("progress", lang, minimum=config.minimum_cases, months=config.due_months), t("project", lang),
                   t("phase", lang),
                   t("delivered", lang), t("due", lang), t("count", lang), t("state", lang), text=2)
    for row in rows:
        state = t(f"state_{row.state(today)}", lang, missing=row.missing)
        table.add_row(f"{row.project} {row.name}", row.phase_name, _iso(row.delivered), _iso(row.due),
                      f"{row.cases}/{row.minimum}", state)
    return table


def _iso(day: date | None) -> str:
    return day.isoformat() if day else "—"


class Steps:
    """Long steps with a spinner on a terminal and nothing at all in CI logs."""

    def __init__(self, lang: Lang) -> None:
        self.lang = lang
        self.console = Console(stderr=True)
        self.total = 0.0

    def run(self, name: str, action: Callable[[], T]) -> T:
        start = time.perf_counter()
        if self.console.is_terminal:
            with self.console.status(t(f"step_{name}", self.lang) + " …"):
                result = action()
            self.console.print(f"{t(f'step_{name}', self.lang)} {time.perf_counter() - start:.1f} s")
        else:
            result = action()
        self.total += time.perf_counter() - start
        return result


def print_tracking(catalog: Catalog, rows: list[TrackRow], lang: Lang, today: date,
                   console: Console | None = None) -> None:
    """`handbook track --format text`: one line per open case, most overdue first."""
    console = console or Console(width=None if Console().is_terminal else 160, highlight=False)
    overdue = sum(1 for r in rows if r.days_overdue)
    table = _table(w("tracking_title", lang, today=today.isoformat(), count=len(rows), overdue=overdue),
                   *(w(k, lang) for k in ("case_id", "project", "responsible", "grade", "status", "found",
                                          "original_due", "effective_due", "days_overdue", "replans")), text=8)
    table.add_column(w("last_reason", lang))
    tax = catalog.taxonomy
    for r in rows:
        c = r.case
        table.add_row(c.id, c.project, tax.label("department", c.responsible, lang) or "—", c.grade or "—",
                      tax.label("status", c.status, lang), c.found.isoformat(), _day_text(c.due),
                      _day_text(c.effective_due), str(r.days_overdue) if r.days_overdue else "",
                      str(len(c.replans)) if c.replans else "", r.last_reason or "")
    console.print(table if rows else w("tracking_empty", lang))


def _day_text(day: date | None) -> str:
    return day.isoformat() if day else "—"
