"""The domain objects, built only from records that passed validation.

Frozen dataclasses with keys already normalised, tuples instead of lists, so
that every renderer downstream reads the same immutable facts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from .schema import Record


@dataclass(frozen=True)
class DefectType:
    """A recurring kind of defect and how to prevent it, independent of any project."""

    id: str
    title: str
    category: str
    subcategory: str | None
    origin: str
    description: str
    impact: str | None
    causes: tuple[str, ...]
    prevention: tuple[tuple[str, tuple[str, ...]], ...]  # (stage, measures) in the author's order
    departments: tuple[str, ...]
    locations: tuple[str, ...]
    tags: tuple[str, ...]
    references: tuple[str, ...]
    related: tuple[str, ...]
    file: str

    def measures(self, stage: str) -> tuple[str, ...]:
        return dict(self.prevention).get(stage, ())


@dataclass(frozen=True)
class Phase:
    number: int
    name: str | None
    delivered: date | None

    @property
    def title(self) -> str:
        return self.name or f"{self.number}期"


@dataclass(frozen=True)
class Project:
    code: str
    name: str
    city: str | None
    company: str | None
    product_types: tuple[str, ...]
    phases: tuple[Phase, ...]
    file: str

    def phase(self, number: int) -> Phase:
        return next(p for p in self.phases if p.number == number)


@dataclass(frozen=True)
class Replan:
    """One revision of a rectification plan, kept beside the original with its reason."""

    due: date
    reason: str | None
    evaluation: str | None
    recorded: date | None


@dataclass(frozen=True)
class Verification:
    """Customer service's check that a rectification was done."""

    date: date
    by: str  # a department key or a person's name
    result: str | None


@dataclass(frozen=True)
class Case:
    """One defect as it occurred in one project phase, decided and tracked."""

    id: str
    project: str
    defect: str
    title: str
    phase: int
    found: date
    source: str
    location: str | None
    households: int | None
    complaints: int | None
    cost: float | None
    compensation: float | None
    severity: str
    grade: str | None
    status: str
    closed: date | None
    description: str
    cause: str | None
    decision: str | None
    rectification: str | None
    lessons: str | None
    photos: tuple[str, ...]
    file: str
    # The feedback process (issue 9); all optional, so records written before it stay as they were.
    raised: date | None = None
    raised_by: str | None = None
    expectation: str | None = None
    decided: date | None = None
    attendees: tuple[str, ...] = ()
    feasibility: str | None = None
    responsible: str | None = None
    due: date | None = None
    replans: tuple[Replan, ...] = ()
    verified: Verification | None = None
    reported: date | None = None
    author: str | None = None

    @property
    def effective_due(self) -> date | None:
        """The plan in force: the last revision, else the original due date."""
        return self.replans[-1].due if self.replans else self.due


def _tuples(values: dict[str, Any]) -> dict[str, Any]:
    return {k: tuple(v) if isinstance(v, list) else v for k, v in values.items()}


def defect_type(record: Record) -> DefectType:
    values = _tuples(record.values)
    values["prevention"] = tuple((stage, tuple(measures)) for stage, measures in record.values["prevention"].items())
    return DefectType(**values, file=record.rel)


def project(record: Record) -> Project:
    values = _tuples(record.values)
    values["phases"] = tuple(sorted((Phase(p["phase"], p["name"], p["delivered"]) for p in record.values["phases"]),
                                    key=lambda p: p.number))
    return Project(**values, file=record.rel)


def case(record: Record) -> Case:
    values = _tuples(record.values)
    values["project"] = record.rel.split("/")[1]
    values["replans"] = tuple(Replan(**r) for r in record.values["replans"])
    verified = record.values["verified"]
    values["verified"] = Verification(**verified) if verified else None
    return Case(**values, file=record.rel)


@dataclass(frozen=True)
class Session:
    """One month's shared case study, as training.yaml logs it."""

    month: str  # YYYY-MM
    cases: tuple[str, ...]
    stage: str | None


def training_log(record: Record) -> tuple[Session, ...]:
    return tuple(Session(s["month"], tuple(s.get("cases") or ()), s.get("stage")) for s in record.values["sessions"])
