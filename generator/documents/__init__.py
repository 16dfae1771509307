"""What the process documents say, independent of their file format.

A project handbook (《产品服务缺陷反馈手册》 of one phase), the company
handbook and a review checklist are assembled here from the catalogue; the
HTML, Word, Excel and PDF writers only lay them out, so every format tells
the same story in the same order.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

from ..catalog import Catalog, Recurrence
from ..config import Config
from ..model import Case, DefectType, Phase, Project
from ..taxonomy import SEVERITY_RANK

# A case's write-up, in the order the decision process produced it: (field, word key).
CASE_SECTIONS = [("description", "case_description"), ("cause", "cause"), ("decision", "decision"),
                 ("rectification", "rectification"), ("lessons", "lessons")]
DOCUMENT_FORMATS = ("html", "docx", "xlsx", "pdf")
CHECKLIST_FORMATS = ("html", "docx", "xlsx", "md")


class BelowMinimum(Exception):
    """A phase has fewer cases than its handbook must hold."""

    def __init__(self, project: Project, phase: Phase, count: int, minimum: int) -> None:
        super().__init__(project.code)
        self.project, self.phase, self.count, self.minimum = project, phase, count, minimum


@dataclass(frozen=True)
class Group:
    """Cases of one category and subcategory, the handbook's chapters."""

    category: str
    subcategory: str | None
    cases: tuple[Case, ...]


@dataclass(frozen=True)
class Totals:
    cases: int
    households: int
    complaints: int
    cost: float
    compensation: float

    @staticmethod
    def of(cases: tuple[Case, ...] | list[Case]) -> Totals:
        return Totals(len(cases), sum(c.households or 0 for c in cases), sum(c.complaints or 0 for c in cases),
                      sum(c.cost or 0 for c in cases), sum(c.compensation or 0 for c in cases))


@dataclass(frozen=True)
class ProjectHandbook:
    """One phase's defect feedback handbook, in the order the group's procedure sets."""

    catalog: Catalog
    project: Project
    phase: Phase
    cases: tuple[Case, ...]
    groups: tuple[Group, ...]
    counts: dict[str, Counter]  # axis -> key -> cases
    totals: Totals
    old_problems: tuple[tuple[DefectType, tuple[str, ...]], ...]  # types seen in other projects too
    defects: tuple[DefectType, ...]  # every type cited, for appendix B
    compiled_by: str
    compiled_on: date
    draft: bool

    @property
    def title(self) -> str:
        return f"{self.project.name} {self.phase.title} 产品服务缺陷反馈手册"

    @property
    def stem(self) -> str:
        return f"{self.project.code}-phase-{self.phase.number}"


def project_handbook(catalog: Catalog, code: str, number: int, config: Config, today: date,
                     draft: bool = False) -> ProjectHandbook:
    """The handbook of one phase; BelowMinimum unless it has enough cases or is a draft."""
    project = catalog.projects[code]
    phase = project.phase(number)
    cases = catalog.cases_of_project(code, number)
    if len(cases) < config.minimum_cases and not draft:
        raise BelowMinimum(project, phase, len(cases), config.minimum_cases)
    defect_ids = sorted({c.defect for c in cases})
    return ProjectHandbook(
        catalog=catalog, project=project, phase=phase, cases=cases, groups=_groups(catalog, cases),
        counts=_counts(catalog, cases), totals=Totals.of(cases),
        old_problems=tuple((catalog.defects[d], others) for d in defect_ids
                           if (others := tuple(p for p in catalog.recurrence(d).projects if p != code))),
        defects=tuple(catalog.defects[d] for d in defect_ids),
        compiled_by=config.compiled_by, compiled_on=today, draft=draft,
    )


def _groups(catalog: Catalog, cases: tuple[Case, ...]) -> tuple[Group, ...]:
    """Cases by category then subcategory, in the taxonomy's order; oldest first within."""
    buckets: dict[tuple[str, str | None], list[Case]] = defaultdict(list)
    for case in cases:
        defect = catalog.defects[case.defect]
        buckets[(defect.category, defect.subcategory)].append(case)
    categories = list(catalog.taxonomy.terms["category"])
    subs = list(catalog.taxonomy.axis_terms("subcategory")) + [None]
    order = sorted(buckets, key=lambda k: (categories.index(k[0]), subs.index(k[1])))
    return tuple(Group(category, sub, tuple(buckets[(category, sub)])) for category, sub in order)


def _counts(catalog: Catalog, cases: tuple[Case, ...]) -> dict[str, Counter]:
    defects = [catalog.defects[c.defect] for c in cases]
    return {
        "category": Counter(d.category for d in defects),
        "subcategory": Counter(d.subcategory for d in defects if d.subcategory),
        "source": Counter(c.source for c in cases),
        "severity": Counter(c.severity for c in cases),
        "grade": Counter(c.grade for c in cases if c.grade),
        "status": Counter(c.status for c in cases),
    }


@dataclass(frozen=True)
class CompanyEntry:
    """One defect type in the company handbook: how it recurred, and how to prevent it."""

    recurrence: Recurrence
    per_project: tuple[tuple[str, tuple[tuple[int, int], ...]], ...]  # project -> (year, cases)


@dataclass(frozen=True)
class ProjectSummary:
    project: Project
    totals: Totals
    phases: tuple[tuple[Phase, int], ...]
    top_categories: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class CompanyHandbook:
    catalog: Catalog
    entries: tuple[CompanyEntry, ...]
    summaries: tuple[ProjectSummary, ...]
    totals: Totals
    company: str | None
    compiled_by: str
    compiled_on: date

    @property
    def title(self) -> str:
        return f"{self.company or ''}产品服务缺陷反馈手册（公司汇编）"

    @property
    def stem(self) -> str:
        return "company"


def company_handbook(catalog: Catalog, config: Config, today: date) -> CompanyHandbook:
    """All projects: defect types ranked by recurrence, then a summary per project."""
    entries = []
    for row in catalog.ranking():
        if not row.cases:
            continue
        per: dict[str, Counter] = defaultdict(Counter)
        for case in catalog.cases_of_defect(row.defect.id):
            per[case.project][case.found.year] += 1
        entries.append(CompanyEntry(row, tuple((p, tuple(sorted(per[p].items()))) for p in sorted(per))))
    summaries = []
    for project in catalog.projects.values():
        cases = catalog.cases_of_project(project.code)
        top = Counter(catalog.defects[c.defect].category for c in cases).most_common(3)
        summaries.append(ProjectSummary(project, Totals.of(cases),
                                        tuple((p, len(catalog.cases_of_project(project.code, p.number)))
                                              for p in project.phases), tuple(top)))
    return CompanyHandbook(catalog, tuple(entries), tuple(summaries), Totals.of(list(catalog.cases.values())),
                           config.company, config.compiled_by, today)


# -- review checklists --------------------------------------------------------------

PRIORITY_FORMULA = ("优先级 = 10 × 涉及项目数 + 5 × 最高严重程度（一般 0、热点 1、重大 2、危机 3） + 2 × 案例数 "
                    "+ 涉及户数 ÷ 50 + 整改与赔偿费用（万元） ÷ 10 + 5 × 近三年仍有发生")
PRIORITY_FORMULA_EN = ("priority = 10 × projects affected + 5 × worst severity (general 0, hot 1, major 2, crisis 3) "
                       "+ 2 × cases + households ÷ 50 + cost and compensation (10,000 yuan) ÷ 10 "
                       "+ 5 × occurred in the last three years")
EVIDENCE = 3


@dataclass(frozen=True)
class Priority:
    """The parts of an item's priority, shown beside it so the ranking can be checked."""

    projects: int
    worst: str | None  # worst severity key of its cases
    cases: int
    households: int
    money: float  # cost and compensation, yuan
    recent: bool

    @property
    def severity(self) -> int:
        return SEVERITY_RANK[self.worst] if self.worst else 0

    @property
    def score(self) -> float:
        return round(10 * self.projects + 5 * self.severity + 2 * self.cases + self.households / 50
                     + self.money / 100_000 + (5 if self.recent else 0), 1)


@dataclass(frozen=True)
class ChecklistItem:
    defect: DefectType
    priority: Priority
    evidence: tuple[Case, ...]  # newest first
    measures: tuple[str, ...]


@dataclass(frozen=True)
class ReviewChecklist:
    catalog: Catalog
    stage: str
    project: Project | None
    product_types: tuple[str, ...]
    department: str | None
    items: tuple[ChecklistItem, ...]
    compiled_on: date

    @property
    def stem(self) -> str:
        parts = ["review", self.stage] + ([self.project.code] if self.project else [])
        parts += [f"dept-{self.department}"] if self.department else []
        return "-".join(parts)


def review_checklist(catalog: Catalog, stage: str, today: date, project: str | None = None,
                     product_types: tuple[str, ...] = (), department: str | None = None) -> ReviewChecklist:
    """Defect types whose prevention names `stage`, filtered to what applies, highest priority first."""
    target = catalog.projects[project] if project else None
    types = tuple(product_types) or (target.product_types if target else ())
    items = []
    for defect in catalog.defects.values():
        measures = defect.measures(stage)
        if not measures or not _applies(catalog, defect, types, department):
            continue
        cases = catalog.cases_of_defect(defect.id)
        items.append(ChecklistItem(defect, _priority(catalog, defect, cases, today), cases[::-1][:EVIDENCE], measures))
    items.sort(key=lambda item: (-item.priority.score, item.defect.id))
    return ReviewChecklist(catalog, stage, target, types, department, tuple(items), today)


def _applies(catalog: Catalog, defect: DefectType, product_types: tuple[str, ...], department: str | None) -> bool:
    """A type applies to a product type when it has no cases yet or occurred in a project of
    that type; to a department when it names that department or none at all."""
    if department and defect.departments and department not in defect.departments:
        return False
    cases = catalog.cases_of_defect(defect.id)
    if not product_types or not cases:
        return True
    return any(set(product_types) & set(catalog.projects[c.project].product_types) for c in cases)


def _priority(catalog: Catalog, defect: DefectType, cases: tuple[Case, ...], today: date) -> Priority:
    row = catalog.recurrence(defect.id)
    recent = any(c.found.year >= today.year - 2 for c in cases)
    return Priority(len(row.projects), row.worst_severity, row.cases, row.households, row.cost + row.compensation,
                    recent)
