"""The checks that need more than one field: one small generator per rule.

`RECORD_RULES` look at one record (and the folder it lies in), so their
results can be cached with the file. `CORPUS_RULES` look across records, at
the file system or at today's date, and always run.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import TypeVar

from .cache import FileCache, digest
from .config import Config
from .contract import label_of
from .dates import add_months
from .photos import Inspections
from .problems import Problem, Text, field_args
from .recurrence import earlier_projects
from .schema import Record, closest, did_you_mean
from .taxonomy import SEVERITY_RANK, Taxonomy, default_taxonomy
from .textsim import DISTINCTIVE, case_text, near_pairs

T = TypeVar("T")


def problem(record: Record, code: str, path: str, /, **args: object) -> Problem:
    line, column = record.mark(path)
    if isinstance(args.get("field"), str):  # named by its Chinese label too: “等级”（grade）
        args |= field_args(str(args["field"]), label_of(record.kind, str(args["field"])))
    return Problem(code, record.rel, line, column, dict(args), path)


def _stem(record: Record) -> str:
    return PurePosixPath(record.rel).stem


def _folder(record: Record) -> str:
    return record.rel.split("/")[1]


# -- one record -------------------------------------------------------------------

def id_matches_file(record: Record, taxonomy: Taxonomy) -> Iterator[Problem]:
    if record.kind in ("defect", "case") and record.values["id"] and record.values["id"] != _stem(record):
        yield problem(record, "id-mismatch", "$.id", id=record.values["id"], stem=_stem(record))


def subcategory_in_category(record: Record, taxonomy: Taxonomy) -> Iterator[Problem]:
    sub, category = record.values.get("subcategory"), record.values.get("category")
    if record.kind == "defect" and sub and category and taxonomy.parent[sub] != category:
        yield problem(record, "subcategory-mismatch", "$.subcategory", value=taxonomy.label("subcategory", sub),
                      actual=taxonomy.label("category", taxonomy.parent[sub]),
                      category=taxonomy.label("category", category),
                      allowed="、".join(taxonomy.choices("subcategory", category)))


def code_matches_folder(record: Record, taxonomy: Taxonomy) -> Iterator[Problem]:
    code = record.values.get("code")
    if record.kind == "project" and code and code != _folder(record):
        yield problem(record, "code-mismatch", "$.code", code=code, folder=_folder(record))


def unique_phases(record: Record, taxonomy: Taxonomy) -> Iterator[Problem]:
    if record.kind != "project":
        return
    first: dict[int, int] = {}
    for index, phase in enumerate(record.values["phases"]):
        number = phase.get("phase")
        if number is None:
            continue
        path = f"$.phases[{index}].phase"
        if number in first:
            yield problem(record, "duplicate-phase", path, phase=number, first_line=first[number])
        else:
            first[number] = record.mark(path)[0]


def case_belongs_to_folder(record: Record, taxonomy: Taxonomy) -> Iterator[Problem]:
    if record.kind != "case":
        return
    folder, values = _folder(record), record.values
    if values["id"] and not re.fullmatch(rf"{re.escape(folder)}-\d{{3,}}", values["id"]):
        yield problem(record, "invalid-format", "$.id", field="id", value=values["id"],
                      pattern=Text(f"项目代码 “{folder}-” 加至少 3 位数字",
                                   f"the project code '{folder}-' and 3 or more digits"),
                      example=f"{folder}-001")
    if values["project"] and values["project"] != folder:
        yield problem(record, "project-mismatch", "$.project", project=values["project"], folder=folder)


_GRADE_WHEN = Text("状态不是“待决策”", "the status is not 'open'")
_CLOSED_WHEN = Text("状态为“已关闭”", "the status is 'closed'")
_RECTIFY_WHEN = Text("A 级案例关闭", "a grade-A case is closed")


def required_when(record: Record, taxonomy: Taxonomy) -> Iterator[Problem]:
    values = record.values
    if record.kind != "case" or not values["status"]:
        return
    needed = []
    if values["status"] != "open":
        needed.append(("grade", _GRADE_WHEN))
    if values["status"] == "closed":
        needed.append(("closed", _CLOSED_WHEN))
        if values["grade"] == "A":
            needed.append(("rectification", _RECTIFY_WHEN))
    for name, condition in needed:
        if not values[name] and f"$.{name}" not in record.broken:
            yield problem(record, "required-when", "$.status", field=name, condition=condition)


def closed_after_found(record: Record, taxonomy: Taxonomy) -> Iterator[Problem]:
    found, closed = record.values.get("found"), record.values.get("closed")
    if record.kind == "case" and found and closed and closed < found:
        yield problem(record, "closed-before-found", "$.closed", closed=closed.isoformat(), found=found.isoformat())


def safe_photo_paths(record: Record, taxonomy: Taxonomy) -> Iterator[Problem]:
    if record.kind != "case":
        return
    for index, photo in enumerate(record.values["photos"]):
        reason = _unsafe(photo)
        if reason:
            yield problem(record, "photo-path", f"$.photos[{index}]", value=photo, reason=reason)


def _unsafe(photo: str) -> Text | None:
    if "\\" in photo:
        return Text("使用了反斜杠“\\”", "uses backslashes")
    if photo.startswith("/") or re.match(r"[A-Za-z]:", photo) or "://" in photo:
        return Text("是绝对路径或网址", "is absolute or a URL")
    if ".." in PurePosixPath(photo).parts:
        return Text("包含“..”", "contains '..'")
    return None


def severity_matches_scale(record: Record, taxonomy: Taxonomy) -> Iterator[Problem]:
    values = record.values
    if record.kind != "case" or not values["severity"] or SEVERITY_RANK[values["severity"]] >= SEVERITY_RANK["major"]:
        return
    households, complaints = values["households"] or 0, values["complaints"] or 0
    severity = taxonomy.term("severity", values["severity"])
    label = Text(severity.zh, severity.en)
    if households >= 20 or complaints >= 10:
        path = "$.households" if households >= 20 else "$.complaints"
        yield problem(record, "severity-households", path, households=households, complaints=complaints,
                      severity=label)
    if (values["compensation"] or 0) > 20000:
        yield problem(record, "severity-compensation", "$.compensation", compensation=values["compensation"],
                      severity=label)


# -- the feedback process: found -> raised -> decided -> due (replans) -> closed -> verified

_PROCESS_ORDER = ("found", "raised", "decided", "closed")
# A case that records one of these has entered the tracked process (issue 9); records
# written before the process was tracked are not held to its fields.
_TRACKED = ("decided", "responsible", "due", "replans", "verified")


def tracked(values: dict) -> bool:
    return any(_holds(values.get(name)) for name in _TRACKED)


def _holds(value: object) -> bool:
    """Whether a value records anything: a mapping or list whose fields are all empty does not."""
    if isinstance(value, dict):
        return any(_holds(v) for v in value.values())
    if isinstance(value, list):
        return any(_holds(v) for v in value)
    return value not in (None, "")


def dates_in_process_order(record: Record, taxonomy: Taxonomy) -> Iterator[Problem]:
    """Each step's date is not before the step before it; found -> closed alone is closed-before-found."""
    if record.kind != "case":
        return
    previous: str | None = None
    for name in _PROCESS_ORDER:
        value = record.values.get(name)
        if value is None:
            continue
        before = record.values[previous] if previous else None
        if before is not None and value < before and (previous, name) != ("found", "closed"):
            other = field_args(previous or "", label_of("case", previous or ""))["field"]
            yield problem(record, "dates-out-of-order", f"$.{name}", field=name, value=value.isoformat(),
                          other=other, before=before.isoformat())
        previous = name


def replans_in_order(record: Record, taxonomy: Taxonomy) -> Iterator[Problem]:
    """Each revision of the plan moves the due date later, and says why."""
    if record.kind != "case" or any(p.startswith("$.replans[") and p.count(".") == 0 for p in record.broken):
        return
    before = record.values.get("due")
    for index, replan in enumerate(record.values["replans"]):
        path, due = f"$.replans[{index}]", replan.get("due")
        if due is not None and before is not None and due <= before:
            yield problem(record, "replan-not-later", f"{path}.due", number=index + 1, value=due.isoformat(),
                          before=before.isoformat())
        if not replan.get("reason") and f"{path}.reason" not in record.broken:
            where = f"{path}.reason" if f"{path}.reason" in record.marks else path
            yield problem(record, "replan-without-reason", where, number=index + 1)
        before = due or before


def verified_closure(record: Record, taxonomy: Taxonomy) -> Iterator[Problem]:
    values = record.values
    if record.kind == "case" and values["status"] == "closed" and values["grade"] == "A" and tracked(values) \
            and not values["verified"] and "$.verified" not in record.broken:
        yield problem(record, "unverified-closure", "$.closed" if "$.closed" in record.marks else "$.status")


_STEP = {"decided": Text("决策", "decided"), "due": Text("定下完成计划", "planned"),
         "replans": Text("调整计划", "replanned"), "verified": Text("验证", "verified")}


def has_responsible(record: Record, taxonomy: Taxonomy) -> Iterator[Problem]:
    """Decided (or further along) without an owner: nobody is tracked for the fix."""
    values = record.values
    if record.kind != "case" or values["responsible"] or "$.responsible" in record.broken:
        return
    step = next((name for name in ("verified", "replans", "due", "decided") if values.get(name)), None)
    if step is not None:
        yield problem(record, "no-responsible", f"$.{step}", step=_STEP[step])


RecordRule = Callable[[Record, Taxonomy], Iterable[Problem]]
RECORD_RULES: tuple[RecordRule, ...] = (
    id_matches_file, subcategory_in_category, code_matches_folder, unique_phases, case_belongs_to_folder,
    required_when, closed_after_found, safe_photo_paths, severity_matches_scale,
    dates_in_process_order, replans_in_order, verified_closure, has_responsible,
)


# -- the whole corpus -----------------------------------------------------------

@dataclass
class Corpus:
    """The records of a root that passed their schema, with what cross-checks need."""

    root: Path
    records: list[Record]
    folders: list[str]  # project folders under cases/
    today: date
    config: Config
    use_cache: bool = True  # photo checks are cached like parsed files, unless --no-cache
    taxonomy: Taxonomy | None = None  # for labels in messages; the default one when not given
    memo: FileCache | None = None  # results of corpus rules keyed on their whole input

    def of(self, kind: str) -> list[Record]:
        return [r for r in self.records if r.kind == kind]


def unique_ids(corpus: Corpus) -> Iterator[Problem]:
    for kind in ("defect", "case"):
        seen: dict[str, Record] = {}
        for record in corpus.of(kind):
            rid = record.values["id"]
            if rid in seen:
                yield problem(record, "duplicate-id", "$.id", id=rid, other=seen[rid].rel)
                yield problem(seen[rid], "duplicate-id", "$.id", id=rid, other=record.rel)
            elif rid:
                seen[rid] = record


def references_exist(corpus: Corpus) -> Iterator[Problem]:
    known = sorted({r.values["id"] for r in corpus.of("defect") if r.values["id"]})
    ids = set(known)
    for record in corpus.of("defect"):
        for index, ref in enumerate(record.values["related"]):
            if ref not in ids:
                yield _broken(record, f"$.related[{index}]", ref, known)
    for record in corpus.of("case"):
        ref = record.values["defect"]
        if ref and ref not in ids:
            yield _broken(record, "$.defect", ref, known)


def _broken(record: Record, path: str, ref: str, known: list[str]) -> Problem:
    guess = closest(ref, known)
    return problem(record, "broken-reference", path, id=ref, suggestion=did_you_mean(guess) if guess else Text("", ""))


def projects_exist(corpus: Corpus) -> Iterator[Problem]:
    for folder in corpus.folders:
        project_dir = corpus.root / "cases" / folder
        if not any((project_dir / name).is_file() for name in ("project.yaml", "project.yml")):
            yield Problem("missing-project", f"cases/{folder}", 1, 1, {"folder": folder})


def phases_exist(corpus: Corpus) -> Iterator[Problem]:
    # A project whose phases are themselves broken has been reported already.
    phases = {_folder(p): [ph["phase"] for ph in p.values["phases"] if ph.get("phase") is not None]
              for p in corpus.of("project") if not any(path.startswith("$.phases") for path in p.broken)}
    for record in corpus.of("case"):
        folder, phase = _folder(record), record.values["phase"]
        if folder in phases and phase is not None and phase not in phases[folder]:
            yield problem(record, "unknown-phase", "$.phase", project=folder, phase=phase,
                          phases="、".join(str(p) for p in phases[folder]) or "-")


def dates_not_future(corpus: Corpus) -> Iterator[Problem]:
    for record in corpus.records:
        for path, value in _dates(record):
            if value and value > corpus.today:
                yield problem(record, "future-date", path, field=path[2:], value=value.isoformat(),
                              today=corpus.today.isoformat())


def _dates(record: Record) -> Iterator[tuple[str, date | None]]:
    """Dates of what has happened; a phase's delivery date and a case's due dates may still be planned."""
    if record.kind != "case":
        return
    values = record.values
    yield from ((f"$.{name}", values[name]) for name in ("found", "raised", "decided", "closed", "reported"))
    for index, replan in enumerate(values["replans"]):
        yield f"$.replans[{index}].recorded", replan.get("recorded")
    if values["verified"]:
        yield "$.verified.date", values["verified"].get("date")


def photos_exist(corpus: Corpus) -> Iterator[Problem]:
    """Each photo is a file inside its project folder, and by its content a photo that decodes."""
    inspect = Inspections(corpus.root, corpus.use_cache)
    for record in corpus.of("case"):
        if not record.values["photos"]:
            continue
        folder = (corpus.root / "cases" / _folder(record)).resolve()
        for index, photo in enumerate(record.values["photos"]):
            if _unsafe(photo):
                continue  # already reported by safe_photo_paths
            target, path = folder / photo, f"$.photos[{index}]"
            if not target.is_file():
                yield problem(record, "photo-missing", path, value=photo)
            elif not _inside(target.resolve(), folder):
                yield problem(record, "photo-path", path, value=photo,
                              reason=Text("经链接指向项目文件夹之外",
                                          "leads outside the project folder through a link"))
            elif finding := inspect(target.resolve()):
                yield problem(record, finding.code, path, value=photo, **finding.args)
    inspect.save()


def _inside(path: Path, folder: Path) -> bool:
    return os.path.commonpath([path, folder]) == str(folder)


def phases_reach_minimum(corpus: Corpus) -> Iterator[Problem]:
    counts: dict[tuple[str, int], int] = defaultdict(int)
    for record in corpus.of("case"):
        counts[(_folder(record), record.values["phase"])] += 1
    minimum, months = corpus.config.minimum_cases, corpus.config.due_months
    for project in corpus.of("project"):
        for index, phase in enumerate(project.values["phases"]):
            delivered, number = phase.get("delivered"), phase.get("phase")
            count = counts[(_folder(project), number)]
            if delivered and add_months(delivered, months) < corpus.today and count < minimum:
                yield problem(project, "phase-below-minimum", f"$.phases[{index}]", phase=number,
                              delivered=delivered.isoformat(), months=months, count=count, minimum=minimum,
                              missing=minimum - count)


def effective_due(values: dict) -> date | None:
    """The last revision of the plan, else the original due date."""
    dues = [r["due"] for r in values.get("replans") or () if r.get("due")]
    return dues[-1] if dues else values.get("due")


def not_overdue(corpus: Corpus) -> Iterator[Problem]:
    for record in corpus.of("case"):
        due = effective_due(record.values)
        if due and due < corpus.today and record.values["status"] not in (None, "closed"):
            path = f"$.replans[{len(record.values['replans']) - 1}].due" if record.values["replans"] else "$.due"
            yield problem(record, "overdue", path, due=due.isoformat(), days=(corpus.today - due).days)


def major_reported(corpus: Corpus) -> Iterator[Problem]:
    """A major or crisis case goes to the group within `report_days` of being found."""
    days, taxonomy = corpus.config.report_days, corpus.taxonomy or default_taxonomy()
    for record in corpus.of("case"):
        values = record.values
        if not values["severity"] or SEVERITY_RANK[values["severity"]] < SEVERITY_RANK["major"] \
                or "$.reported" in record.broken:
            continue
        term = taxonomy.term("severity", values["severity"])
        severity = Text(term.zh, term.en.lower())
        reported, found = values["reported"], values["found"]
        if reported is None:
            yield problem(record, "not-reported", "$.severity", severity=severity, days=days)
        elif found and (reported - found).days > days:
            yield problem(record, "reported-late", "$.reported", severity=severity, found=found.isoformat(),
                          reported=reported.isoformat(), days=days, late=(reported - found).days - days)


def old_problem_recurred(corpus: Corpus) -> Iterator[Problem]:
    """A notice: this defect type already occurred in another project before this case was found,
    so the preventive measures of the stage it originates in did not reach this project.
    Remembered on what it reads (each case's file, found date and defect line; each type's
    title and origin): an unchanged 20,000-case root has 19,000 of them to word again."""
    defects = {r.values["id"]: r.values for r in corpus.of("defect") if r.values["id"] and r.values["origin"]}
    by_defect: dict[str, list[Record]] = defaultdict(list)
    for record in corpus.of("case"):
        if record.values["defect"] in defects and record.values["found"]:
            by_defect[record.values["defect"]].append(record)
    inputs = [(defect_id, defects[defect_id]["title"], defects[defect_id]["origin"],
               [(r.rel, r.values["found"], r.mark("$.defect")) for r in records])
              for defect_id, records in by_defect.items()]
    taxonomy = corpus.taxonomy or default_taxonomy()
    return iter(_remembered(corpus.memo, ("old-problem-recurred", inputs),
                            lambda: list(_old_problems(defects, by_defect, taxonomy))))


def _old_problems(defects: dict[str, dict], by_defect: dict[str, list[Record]],
                  taxonomy: Taxonomy) -> Iterator[Problem]:
    for defect_id, records in by_defect.items():
        defect = defects[defect_id]
        stage = taxonomy.term("stage", defect["origin"])
        for record, earlier in _recurrences(records):
            yield problem(record, "old-problem-recurred", "$.defect", defect=defect_id, title=defect["title"],
                          earlier=earlier, stage=Text(stage.zh, stage.en))


def _recurrences(records: list[Record]) -> Iterator[tuple[Record, Text]]:
    """Each case of one defect type that another project had before, with
    'LAHF（2023、2024）、YQW（2024） 等 12 个项目'."""
    ordered = sorted(records, key=lambda r: r.values["found"])
    for record, latest, total, years in earlier_projects(ordered, lambda r: r.values["found"], _folder):
        if latest:
            named = [_project_years(p, years[p]) for p in latest]
            zh, en = "、".join(z for z, _ in named), ", ".join(e for _, e in named)
            if total > len(latest):
                zh, en = f"{zh} 等 {total} 个项目", f"{en} and others, {total} projects in all"
            yield record, Text(zh, en)


@lru_cache(maxsize=65536)
def _project_years(project: str, years: tuple[int, ...]) -> tuple[str, str]:
    """A project's words, made once for each set of years (19,000 notices name 8 each)."""
    return f"{project}（{'、'.join(map(str, years))}）", f"{project} ({', '.join(map(str, years))})"


def no_near_duplicates(corpus: Corpus) -> Iterator[Problem]:
    """Two cases of one project that say nearly the same thing are usually one defect
    written up twice, which would count it twice in the recurrence ranking."""
    by_project: dict[str, list[Record]] = defaultdict(list)
    for record in corpus.of("case"):
        by_project[_folder(record)].append(record)
    threshold = corpus.config.duplicate_similarity / 100
    for records in by_project.values():
        records.sort(key=lambda r: r.rel)
        texts = [_words(r) for r in records]
        for first, second, score in _near_pairs(corpus.memo, texts, threshold):
            other = records[first]
            if other.values["id"] and other.values["id"] == records[second].values["id"]:
                continue  # one record twice: duplicate-id says so
            yield problem(records[second], "possible-duplicate", "$.description", other=other.rel,
                          other_id=other.values["id"] or other.rel, score=min(100, round(score * 100)),
                          threshold=corpus.config.duplicate_similarity)


def studied_cases_exist(corpus: Corpus) -> Iterator[Problem]:
    known = sorted(r.values["id"] for r in corpus.of("case") if r.values["id"])
    ids = set(known)
    for record in corpus.of("training"):
        for i, session in enumerate(record.values["sessions"]):
            for j, ref in enumerate(session.get("cases") or []):
                if ref not in ids:
                    guess = closest(ref, known)
                    yield problem(record, "unknown-case", f"$.sessions[{i}].cases[{j}]", id=ref,
                                  suggestion=did_you_mean(guess) if guess else Text("", ""))


def _words(record: Record) -> str:
    return case_text(*(record.values.get(k) for k in ("title", "description", "cause", "location")))


def _near_pairs(memo: FileCache | None, texts: list[str], threshold: float) -> list[tuple[int, int, float]]:
    """Near pairs among a project's distinctive texts (indices into `texts`), remembered per
    project on the raw texts: an unchanged root neither folds nor refits its TF-IDF."""
    return _remembered(memo, ("near_pairs", threshold, texts),
                       lambda: near_pairs(texts, threshold, shortest=DISTINCTIVE))


def _remembered(memo: FileCache | None, inputs: object, compute: Callable[[], T]) -> T:
    """`compute()`, or what it gave last time for the same `inputs` (plain values whose
    repr says everything the result depends on besides the taxonomy, which keys the memo)."""
    if memo is None:
        return compute()
    key = digest(repr(inputs).encode())
    found = memo.get(key)
    if found is None:
        found = compute()
        memo.put(key, found)
    return found


CorpusRule = Callable[[Corpus], Iterable[Problem]]
CORPUS_RULES: tuple[CorpusRule, ...] = (
    unique_ids, references_exist, projects_exist, phases_exist, dates_not_future, photos_exist, phases_reach_minimum,
    not_overdue, major_reported, old_problem_recurred,
    no_near_duplicates, studied_cases_exist,
)
