"""The training pack's content: which cases a session studies and what is said about each.

Trainers run the case study per stage (each department studies the defects it
can prevent) or for chosen cases. `--stage` takes the review checklist's
ranking as it is (the same priority), so a department trains on what its
checklist asks first; each defect type brings its strongest case.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from .catalog import Catalog
from .config import Config
from .documents import review_checklist
from .model import Case, DefectType
from .problems import Text
from .taxonomy import SEVERITY_RANK

TYPES_PER_STAGE = 5  # a session of about an hour: five cases and their discussion


@dataclass(frozen=True)
class Lesson:
    """One case as a session presents it."""

    case: Case
    defect: DefectType
    facts: tuple[tuple[str, str], ...]  # (label, value) rows of the facts table
    measures: tuple[tuple[str, tuple[str, ...]], ...]  # (stage label, measures) for the audience
    question: str


@dataclass(frozen=True)
class TrainingPack:
    title: str
    stage: str | None  # stage key, or None for chosen cases
    stage_label: str | None
    lessons: tuple[Lesson, ...]
    checklist: tuple[str, ...]  # the stage's check items, for the closing slide
    compiled_by: str
    compiled_on: date
    name: str | None = None  # the files' stem, when not the stage's or the cases'

    @property
    def stem(self) -> str:
        ids = "-".join(item.case.id for item in self.lessons[:3])
        return self.name or (f"training-{self.stage}" if self.stage else f"training-{ids}")


def strongest(cases: tuple[Case, ...]) -> Case:
    """The case that teaches most: the worst, then the widest, then the newest."""
    return max(cases, key=lambda c: (SEVERITY_RANK[c.severity], c.households or 0, c.found, c.id))


def stage_pack(catalog: Catalog, stage: str, config: Config, today: date, project: str | None = None) -> TrainingPack:
    checklist = review_checklist(catalog, stage, today, project)
    items = [item for item in checklist.items if _cases(catalog, item.defect.id, project)][:TYPES_PER_STAGE]
    lessons = tuple(lesson(catalog, strongest(_cases(catalog, item.defect.id, project)), stage) for item in items)
    label = catalog.taxonomy.label("stage", stage)
    measures = tuple(m for item in items for m in item.measures)
    return TrainingPack(f"{label}缺陷案例培训", stage, label, lessons, measures, config.compiled_by, today)


def cases_pack(catalog: Catalog, case_ids: tuple[str, ...], config: Config, today: date) -> TrainingPack:
    lessons = tuple(lesson(catalog, catalog.cases[i], None) for i in case_ids)
    measures = tuple(m for item in lessons for _, stage_measures in item.measures for m in stage_measures)
    return TrainingPack("缺陷案例培训", None, None, lessons, measures, config.compiled_by, today)


def _cases(catalog: Catalog, defect_id: str, project: str | None) -> tuple[Case, ...]:
    return tuple(c for c in catalog.cases_of_defect(defect_id) if project is None or c.project == project)


def lesson(catalog: Catalog, case: Case, stage: str | None) -> Lesson:
    defect = catalog.defects[case.defect]
    tax = catalog.taxonomy
    stages = [(s, m) for s, m in defect.prevention if stage is None or s == stage]
    measures = tuple((tax.label("stage", s), m) for s, m in stages)
    return Lesson(case, defect, facts(catalog, case), measures, question(catalog, case, defect, stage))


def facts(catalog: Catalog, case: Case) -> tuple[tuple[str, str], ...]:
    tax, project = catalog.taxonomy, catalog.projects[case.project]
    rows = [("项目", f"{project.name}（{project.code}）{project.phase(case.phase).title}"),
            ("缺陷类型", f"{case.defect} {catalog.defects[case.defect].title}"),
            ("发现日期", case.found.isoformat()), ("来源", tax.label("source", case.source)),
            ("部位", case.location or "-"), ("涉及户数", _count(case.households)),
            ("投诉次数", _count(case.complaints)), ("严重程度", tax.label("severity", case.severity)),
            ("等级", case.grade or "-"), ("状态", tax.label("status", case.status))]
    return tuple(rows)


def _count(value: int | None) -> str:
    return "-" if value is None else str(value)


def question(catalog: Catalog, case: Case, defect: DefectType, stage: str | None) -> str:
    """A question for the room that only the audience's own work can answer."""
    if stage is not None:
        label = catalog.taxonomy.label("stage", stage)
        return f"在{label}，我们手上哪一份图纸、方案或检查表本可以发现“{defect.title}”？下一个项目由谁、在何时核对？"
    origin = catalog.taxonomy.label("stage", defect.origin)
    return f"“{case.title}”在{origin}就已埋下：当时缺了哪一步检查？今天的流程里这一步由谁负责？"


# -- the quiz -------------------------------------------------------------------------

OPTIONS = 4


@dataclass(frozen=True)
class Question:
    """One multiple-choice question; the right option comes from the case's own record."""

    case_id: str
    kind: str  # origin, grade, measure, source
    prompt: str
    options: tuple[str, ...]
    answer: int  # index of the right option


def quiz(catalog: Catalog, pack: TrainingPack) -> tuple[Question, ...]:
    """Questions on each case; wrong options are other records' values, shuffled with a seed
    taken from the cases, so the same records always give the same quiz."""
    rng = random.Random("quiz:" + ",".join(item.case.id for item in pack.lessons))
    questions: list[Question] = []
    for item in pack.lessons:
        for kind, prompt, right, pool in _asked(catalog, item):
            wrong = sorted({p for p in pool if p != right})
            options = [right, *rng.sample(wrong, min(OPTIONS - 1, len(wrong)))]
            rng.shuffle(options)
            questions.append(Question(item.case.id, kind, prompt, tuple(options), options.index(right)))
    return tuple(questions)


def _asked(catalog: Catalog, item: Lesson) -> list[tuple[str, str, str, list[str]]]:
    case, defect, tax = item.case, item.defect, catalog.taxonomy
    others = [d for d in catalog.defects.values() if d.id != defect.id]
    asked = [("origin", f"“{defect.title}”（{case.id}）是在哪个阶段产生的？", tax.label("stage", defect.origin),
              [tax.label("stage", d.origin) for d in others] + _labels(catalog, "stage"))]
    if case.grade:
        asked.append(("grade", f"{case.id}“{case.title}”评为哪一级？", _grade(case.grade), [_grade("A"), _grade("B")]))
    own = {m for _, measures in defect.prevention for m in measures}
    mine = [m for _, measures in item.measures for m in measures] or sorted(own)
    if mine:
        asked.append(("measure", f"{case.id}：哪一项措施能预防“{defect.title}”？", mine[0],
                      [m for d in others for _, ms in d.prevention for m in ms if m not in own]))
    asked.append(("source", f"{case.id}“{case.title}”是通过哪个渠道发现的？", tax.label("source", case.source),
                  [tax.label("source", c.source) for c in catalog.cases.values()] + _labels(catalog, "source")))
    return asked


def _labels(catalog: Catalog, axis: str) -> list[str]:
    return [term.zh for term in catalog.taxonomy.axis_terms(axis).values()]


def _grade(grade: str) -> str:
    return {"A": "A 级（必须整改）", "B": "B 级（无需或无法整改，只做预防）"}[grade]


# -- the case of the month --------------------------------------------------------------

@dataclass(frozen=True)
class Pick:
    """A case proposed for the month's shared study, with why."""

    case: Case
    score: float
    reasons: tuple[Text, ...]


def month_picks(catalog: Catalog, month: str, studied: set[str], count: int) -> list[Pick]:
    """The `count` cases not yet studied that matter most by the end of `month`: severity,
    recurrence of their type across projects, households, and recency (found within a year)."""
    year, number = (int(part) for part in month.split("-"))
    end = date(year + number // 12, number % 12 + 1, 1) - timedelta(days=1)
    picks = [_pick(catalog, case, end) for case in catalog.cases.values()
             if case.id not in studied and case.found <= end]
    return sorted(picks, key=lambda p: (-p.score, -p.case.found.toordinal(), p.case.id))[:count]


def _pick(catalog: Catalog, case: Case, end: date) -> Pick:
    severity = catalog.taxonomy.term("severity", case.severity)
    projects = len(catalog.recurrence(case.defect).projects)
    households = case.households or 0
    recent = (end - case.found).days <= 365
    score = 10 * SEVERITY_RANK[case.severity] + 5 * projects + households / 50 + (5 if recent else 0)
    reasons = [Text(f"严重程度{severity.zh}", f"severity {severity.en}"),
               Text(f"同类缺陷见于 {projects} 个项目", f"its type occurred in {projects} projects"),
               Text(f"涉及 {households} 户", f"{households} households")]
    if recent:
        found = case.found.isoformat()
        reasons.append(Text(f"近一年内发现（{found}）", f"found within the year ({found})"))
    return Pick(case, round(score, 1), tuple(reasons))


def month_pack(catalog: Catalog, month: str, picks: list[Pick], config: Config, today: date) -> TrainingPack:
    lessons = tuple(lesson(catalog, pick.case, None) for pick in picks)
    measures = tuple(m for item in lessons for _, stage_measures in item.measures for m in stage_measures)
    return TrainingPack(f"{month} 月度案例学习", None, None, lessons, measures, config.compiled_by, today,
                        f"training-{month}")
