"""The catalogue every renderer reads: lookups, backlinks and recurrence.

Recurrence is the point of the handbook: a defect type seen in several
projects and years is an "old problem" (老问题) that the next project's
design and engineering reviews must not repeat.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from . import model
from .model import Case, DefectType, Project
from .recurrence import earlier_projects
from .schema import Record
from .taxonomy import SEVERITY_RANK, Taxonomy


@dataclass(frozen=True)
class Recurrence:
    """How often, how widely and how badly one defect type has occurred."""

    defect: DefectType
    projects: tuple[str, ...]
    years: tuple[int, ...]
    cases: int
    households: int
    complaints: int
    cost: float
    compensation: float
    worst_severity: str | None

    @property
    def recurring(self) -> bool:
        return len(self.projects) >= 2


@dataclass(frozen=True)
class Earlier:
    """The other projects that had a case's defect type before it was found: an old problem
    (老问题) recurring. Iterates over the latest few as (project code, years), in code order."""

    latest: tuple[tuple[str, tuple[int, ...]], ...] = ()
    total: int = 0

    def __iter__(self) -> Iterator[tuple[str, tuple[int, ...]]]:
        return iter(self.latest)

    def __bool__(self) -> bool:
        return self.total > 0

    @property
    def more(self) -> int:
        """How many projects are counted but not named."""
        return self.total - len(self.latest)


@dataclass(frozen=True)
class Catalog:
    taxonomy: Taxonomy
    defects: dict[str, DefectType]
    projects: dict[str, Project]
    cases: dict[str, Case]
    _by_defect: dict[str, tuple[Case, ...]] = field(default_factory=dict, repr=False)
    _by_project: dict[str, tuple[Case, ...]] = field(default_factory=dict, repr=False)
    _earlier: dict[str, Earlier] = field(default_factory=dict, init=False, repr=False, compare=False)  # by case id

    def cases_of_defect(self, defect_id: str) -> tuple[Case, ...]:
        """Every case of a defect type, oldest first: its timeline across projects."""
        return self._by_defect.get(defect_id, ())

    def cases_of_project(self, code: str, phase: int | None = None) -> tuple[Case, ...]:
        cases = self._by_project.get(code, ())
        return cases if phase is None else tuple(c for c in cases if c.phase == phase)

    def related(self, defect_id: str) -> tuple[DefectType, ...]:
        """Related types in both directions, since authors link only one way."""
        ids = set(self.defects[defect_id].related)
        ids |= {d.id for d in self.defects.values() if defect_id in d.related}
        ids.discard(defect_id)
        return tuple(self.defects[i] for i in sorted(ids) if i in self.defects)

    def recurrence(self, defect_id: str) -> Recurrence:
        cases = self.cases_of_defect(defect_id)
        severities = [c.severity for c in cases]
        return Recurrence(
            defect=self.defects[defect_id],
            projects=tuple(sorted({c.project for c in cases})),
            years=tuple(sorted({c.found.year for c in cases})),
            cases=len(cases),
            households=sum(c.households or 0 for c in cases),
            complaints=sum(c.complaints or 0 for c in cases),
            cost=sum(c.cost or 0 for c in cases),
            compensation=sum(c.compensation or 0 for c in cases),
            worst_severity=max(severities, key=SEVERITY_RANK.__getitem__) if severities else None,
        )

    def earlier_elsewhere(self, case: Case) -> Earlier:
        """Other projects that had this case's defect type before it was found, the latest few
        named with their years (recurrence.earlier_projects): an old problem (老问题) recurring,
        which the type's origin stage should have prevented."""
        if case.id not in self._earlier:
            self._earlier.update(_recurrences(self.cases_of_defect(case.defect)))
        return self._earlier.get(case.id, Earlier())

    def ranking(self) -> list[Recurrence]:
        """All defect types, most recurrent first: projects affected, then households, then cases."""
        rows = [self.recurrence(defect_id) for defect_id in self.defects]
        return sorted(rows, key=lambda r: (-len(r.projects), -r.households, -r.cases, r.defect.id))


def build_catalog(taxonomy: Taxonomy, records: Iterable[Record]) -> Catalog:
    """The catalogue of valid records; a case whose defect type or project phase is
    missing (because that file has errors) is left out rather than half-linked."""
    records = list(records)
    defects = {d.id: d for d in sorted((model.defect_type(r) for r in records if r.kind == "defect"), key=_id)}
    projects = {p.code: p for p in sorted((model.project(r) for r in records if r.kind == "project"),
                                          key=lambda p: p.code)}
    cases = [model.case(r) for r in records if r.kind == "case"]
    cases = sorted((c for c in cases if _linked(c, defects, projects)), key=_id)
    by_defect: dict[str, list[Case]] = defaultdict(list)
    by_project: dict[str, list[Case]] = defaultdict(list)
    for case in sorted(cases, key=lambda c: (c.found, c.id)):
        by_defect[case.defect].append(case)
        by_project[case.project].append(case)
    return Catalog(taxonomy, defects, projects, {c.id: c for c in cases},
                   {k: tuple(v) for k, v in by_defect.items()}, {k: tuple(v) for k, v in by_project.items()})


def _id(item: DefectType | Case) -> str:
    return item.id


def _linked(case: Case, defects: dict[str, DefectType], projects: dict[str, Project]) -> bool:
    project = projects.get(case.project)
    return case.defect in defects and project is not None and any(p.number == case.phase for p in project.phases)


def _recurrences(timeline: tuple[Case, ...]) -> Iterator[tuple[str, Earlier]]:
    for case, latest, total, years in earlier_projects(timeline, lambda c: c.found, lambda c: c.project):
        yield case.id, Earlier(tuple((p, years[p]) for p in latest), total)
