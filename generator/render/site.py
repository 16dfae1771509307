"""The catalogue as the site's Markdown pages: a plain function of the catalogue.

Pages are few and wide rather than many and small, because MkDocs with
mkdocs-material costs about 10 ms a page and renders the whole navigation
on each: one page per defect type and per project phase (its cases are
sections with stable anchors), never one per case. The navigation lists the
index pages only.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from functools import partial
from pathlib import PurePosixPath

from markupsafe import Markup

from .. import editor_schema
from ..catalog import Catalog, Recurrence
from ..config import Config
from ..contract import CASE_EXAMPLES, SCHEMAS, field_rows
from ..documents import CASE_SECTIONS, PRIORITY_FORMULA, PRIORITY_FORMULA_EN, review_checklist
from ..i18n import w
from ..model import Case, DefectType, Project
from ..photos import published_name
from ..problems import Lang
from ..report import code_reference
from ..stats import EXPECTED_PER_MONTH, authors_by_month, cases_frame, counts, phase_progress
from ..taxonomy import AXES
from ..tracking import open_cases, tallies
from ..tracking import timeline as steps_of
from . import charts
from .renderer import Renderer, href

SAME_TYPE_SHOWN = 8
MATRIX_TYPES = 25
MATRIX_PROJECTS = 30


def photo_target(case: Case, photo: str) -> str:
    """Where a case's photo is published in the docs: beside its project's pages, named
    for the format it is re-encoded in."""
    return f"projects/{case.project}/files/{published_name(photo)}"


Pages = Iterator[tuple[str, Callable[[], str]]]  # (docs-relative path, what renders its text)


def pages(catalog: Catalog, lang: Lang, today: date, config: Config | None = None,
          files: tuple[str, ...] = ()) -> Pages:
    """Every generated page and chart, named before it is rendered (a preview renders the
    page a save changed first; a build renders them on every core); `files` are the
    handbook and checklist files published beside the site (`handbooks/...`)."""
    config = config or Config()
    renderer = Renderer(lang, catalog.taxonomy)
    ranking = catalog.ranking()
    progress = phase_progress(catalog, config)
    common = {"catalog": catalog, "config": config, "today": today}
    spread = {row.defect.id: len(row.projects) for row in ranking}  # projects each type occurred in
    yield "index.md", partial(_home, renderer, catalog, ranking, progress, common)
    yield "defects/index.md", partial(renderer.render, "site/defects_index.md.j2", "defects/index.md",
                                      tree=_tree(catalog), **common)
    yield "defects/table.md", partial(renderer.render, "site/defects_table.md.j2", "defects/table.md", rows=ranking,
                                      **common)
    for row in ranking:
        yield from _defect_page(renderer, catalog, row, lang, common)
    yield "projects/index.md", partial(_projects_index, renderer, catalog, progress, common)
    for project in catalog.projects.values():
        mine = tuple(f for f in files if PurePosixPath(f).name.startswith(f"{project.code}-phase-"))
        yield from _project_pages(renderer, catalog, project, progress, lang, {**common, "spread": spread}, mine)
    yield from _review_pages(renderer, catalog, lang, today, common, files)
    yield "cases.md", partial(renderer.render, "site/cases.md.j2", "cases.md",
                              example=next(iter(catalog.cases), "LAHF-001"))
    yield from _stats_page(renderer, catalog, lang, common)
    yield "tracking.md", partial(_tracking_page, renderer, catalog, common, files)
    yield "format.md", partial(_format_page, renderer, catalog, lang)
    yield "problems.md", partial(code_reference, lang)


def owned_pages(catalog: Catalog, files: Iterable[str]) -> set[str]:
    """The pages that show the records of these files (root-relative paths) first: a case's
    phase page, a defect type's page, a project's pages. A live preview renders them before
    the rest, which may change too (tables, counts, other cases' lists of the same type)."""
    wanted, owned = set(files), set()
    for case in catalog.cases.values():
        if case.file in wanted:
            owned.add(f"projects/{case.project}/phase-{case.phase}.md")
    for defect in catalog.defects.values():
        if defect.file in wanted:
            owned.add(f"defects/{defect.id}.md")
    for project in catalog.projects.values():
        if project.file in wanted:
            owned |= {f"projects/{project.code}/index.md",
                      *(f"projects/{project.code}/phase-{phase.number}.md" for phase in project.phases)}
    return owned


def data_files(catalog: Catalog, lang: Lang = "zh") -> Iterator[tuple[str, str]]:
    """JSON beside the pages: each project's case ids by phase, for the case lookup page, and the
    record format's JSON Schemas for editors (linked from the format page)."""
    for name, text in editor_schema.documents(catalog.taxonomy, lang, catalog.projects).items():
        yield f"{editor_schema.FOLDER}/{name}", text
    for project in catalog.projects.values():
        phases = {case.id: case.phase for case in catalog.cases_of_project(project.code)}
        yield f"data/phases/{project.code}.json", json.dumps(phases, ensure_ascii=False, separators=(",", ":"))


def _home(renderer: Renderer, catalog: Catalog, ranking: list[Recurrence], progress: list, common: dict) -> str:
    latest = sorted(catalog.cases.values(), key=lambda c: (c.found, c.id), reverse=True)[:10]
    totals = {"households": sum(c.households or 0 for c in catalog.cases.values()),
              "cost": sum(c.cost or 0 for c in catalog.cases.values())}
    # a new root's types may have no case yet: the table lists only types that occurred
    recurrent = [row for row in ranking if row.recurring][:10] or [row for row in ranking if row.cases][:10]
    return renderer.render("site/home.md.j2", "index.md", recurrent=recurrent, latest=latest, progress=progress,
                           totals=totals, **common)


def _tree(catalog: Catalog) -> list[tuple[str, list[tuple[str | None, list[tuple[DefectType, int]]]]]]:
    """Defect types grouped by category then subcategory, in the taxonomy's order."""
    groups: dict[str, dict[str | None, list[tuple[DefectType, int]]]] = defaultdict(lambda: defaultdict(list))
    for defect in catalog.defects.values():
        groups[defect.category][defect.subcategory].append((defect, len(catalog.cases_of_defect(defect.id))))
    order = list(catalog.taxonomy.axis_terms("subcategory")) + [None]
    return [(category, sorted(groups[category].items(), key=lambda item: order.index(item[0])))
            for category in catalog.taxonomy.terms["category"] if category in groups]


def _defect_page(renderer: Renderer, catalog: Catalog, row: Recurrence, lang: Lang,
                 common: dict) -> Pages:
    defect = row.defect
    cases = catalog.cases_of_defect(defect.id)
    page = f"defects/{defect.id}.md"
    matrix = f"defects/{defect.id}-years.svg" if len(row.projects) > 1 else ""
    if matrix:
        yield matrix, partial(_project_years, catalog, cases, defect, lang)
    yield page, partial(renderer.render, "site/defect.md.j2", page, defect=defect, recurrence=row, cases=cases,
                                related=catalog.related(defect.id), matrix=matrix, **common)


def _project_years(catalog: Catalog, cases: tuple[Case, ...], defect: DefectType, lang: Lang) -> str:
    """Cases of one type per project and year: recurrence at a glance."""
    years = sorted({c.found.year for c in cases})
    projects = sorted({c.project for c in cases})[:MATRIX_PROJECTS]
    grid = [[sum(1 for c in cases if c.project == p and c.found.year == y) for y in years] for p in projects]
    names = [catalog.projects[p].name for p in projects]
    return charts.heatmap(names, [str(y) for y in years], grid, f"{defect.id} {w('timeline', lang)}")


def _projects_index(renderer: Renderer, catalog: Catalog, progress: list, common: dict) -> str:
    rows = []
    for project in catalog.projects.values():
        cases = catalog.cases_of_project(project.code)
        rows.append((project, len(cases), sum(c.households or 0 for c in cases)))
    return renderer.render("site/projects_index.md.j2", "projects/index.md", rows=rows, progress=progress, **common)


def _project_pages(renderer: Renderer, catalog: Catalog, project: Project, progress: list, lang: Lang,
                   common: dict, files: tuple[str, ...]) -> Pages:
    cases = catalog.cases_of_project(project.code)
    mine = [row for row in progress if row.project == project.code]
    page = f"projects/{project.code}/index.md"
    per_category = _count_by([catalog.defects[c.defect] for c in cases], "category")
    by_category = [(term.label(lang), per_category[key]) for key, term in catalog.taxonomy.terms["category"].items()
                   if per_category.get(key)]
    spread = common["spread"]
    recurring = sorted(((catalog.defects[d], n, spread[d]) for d, n in _count_by(cases, "defect").items()
                        if spread[d] > 1), key=lambda item: (-item[2], -item[1], item[0].id))
    common = {k: v for k, v in common.items() if k != "spread"}
    chart = f"projects/{project.code}/categories.svg"
    yield chart, partial(charts.bars, by_category, w("by_category", lang))
    yield page, partial(renderer.render, "site/project.md.j2", page, project=project, cases=cases, progress=mine,
                                handbooks=_handbook_links(project, files, lang), category_chart=chart,
                                recurring=recurring, **common)
    for phase in project.phases:
        yield f"projects/{project.code}/phase-{phase.number}.md", partial(_phase_page, renderer, catalog, project,
                                                                          phase.number, common)


FORMAT_NAMES = {"html": "HTML", "docx": "Word", "xlsx": "Excel", "pdf": "PDF"}


def _handbook_links(project: Project, files: tuple[str, ...], lang: Lang) -> list[tuple[str, list[tuple[str, str]]]]:
    """Each phase's published handbook files: (phase title, [(format, path)])."""
    rows = []
    for phase in project.phases:
        stem = f"{project.code}-phase-{phase.number}"
        mine = [f for f in files if PurePosixPath(f).stem in (stem, f"{stem}-draft")]
        if mine:
            draft = any(PurePosixPath(f).stem.endswith("-draft") for f in mine)
            title = phase.title + (f"（{w('draft', lang)}）" if draft else "")
            rows.append((title, [(FORMAT_NAMES.get(PurePosixPath(f).suffix[1:], f), f) for f in mine]))
    return rows


def _review_pages(renderer: Renderer, catalog: Catalog, lang: Lang, today: date, common: dict,
                  files: tuple[str, ...]) -> Pages:
    """A checklist page per stage, for the whole group (the command makes filtered ones)."""
    formula = PRIORITY_FORMULA if lang == "zh" else PRIORITY_FORMULA_EN
    stages = []
    for stage in catalog.taxonomy.terms["stage"]:
        doc = review_checklist(catalog, stage, today)
        stages.append((stage, len(doc.items)))
        mine = [(PurePosixPath(f).name, f) for f in files if PurePosixPath(f).stem == f"review-{stage}"]
        page = f"reviews/{stage}.md"
        yield page, partial(renderer.render, "site/review.md.j2", page, doc=doc, formula=formula, files=mine,
                            **common)
    yield "reviews/index.md", partial(renderer.render, "site/reviews_index.md.j2", "reviews/index.md", stages=stages,
                                              formula=formula)


def _phase_page(renderer: Renderer, catalog: Catalog, project: Project, number: int, common: dict) -> str:
    page = f"projects/{project.code}/phase-{number}.md"
    cases = catalog.cases_of_project(project.code, number)
    same_type, photos = {}, {}
    rendered: dict[tuple[str, ...], Markup] = {}  # most cases of a type list the same newest others
    for case in cases:
        timeline = catalog.cases_of_defect(case.defect)  # oldest first; show the newest others
        others = [c for c in timeline[-SAME_TYPE_SHOWN - 1:] if c.id != case.id][-SAME_TYPE_SHOWN:][::-1]
        more = len(timeline) - 1 > SAME_TYPE_SHOWN
        key = (case.defect, *(c.id for c in others))  # `more` follows from the type
        if others and key not in rendered:
            rendered[key] = Markup(renderer.render("site/_same_type.md.j2", page, others=others, more=more,
                                                   defect=catalog.defects[case.defect], **common).strip())
        same_type[case.id] = rendered.get(key, "")
        photos[case.id] = [href(page, photo_target(case, photo)) for photo in case.photos]
    return renderer.render("site/phase.md.j2", page, project=project, phase=project.phase(number), cases=cases,
                                 sections=CASE_SECTIONS, same_type=same_type, photo_links=photos, steps=steps_of,
                                 **common)


def _tracking_page(renderer: Renderer, catalog: Catalog, common: dict, files: tuple[str, ...]) -> str:
    """整改跟踪: open and overdue per department and project, the overdue list, on-time rates,
    and the monthly reports published in handbooks/, newest month first."""
    today, cases = common["today"], list(catalog.cases.values())
    overdue = [row for row in open_cases(catalog, today) if row.days_overdue]
    return renderer.render("site/tracking.md.j2", "tracking.md", departments=tallies(cases, today, "responsible"),
                           projects=tallies(cases, today, "project"), overdue=overdue,
                           reports=_monthly_links(files), **common)


_MONTHLY = re.compile(r"(?P<scope>.+)-(?P<month>\d{4}-\d{2})-缺陷信息月报")


def _monthly_links(files: tuple[str, ...]) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(month, scope, [(format, path)]) of each published monthly report."""
    found: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for path in files:
        match = _MONTHLY.fullmatch(PurePosixPath(path).stem)
        if match:
            suffix = PurePosixPath(path).suffix[1:]
            found[(match["month"], match["scope"])].append((FORMAT_NAMES.get(suffix, suffix), path))
    return [(month, scope, sorted(links)) for (month, scope), links in sorted(found.items(), reverse=True)]


def _count_by(items: Iterable[object], attribute: str) -> dict[str, int]:
    found: dict[str, int] = defaultdict(int)
    for item in items:
        found[getattr(item, attribute)] += 1
    return found


def _stats_page(renderer: Renderer, catalog: Catalog, lang: Lang, common: dict) -> Pages:
    frame = cases_frame(catalog)
    tax = catalog.taxonomy

    def labelled(axis: str) -> list[tuple[str, float]]:
        return [(tax.label(axis, str(k), lang), int(v)) for k, v in counts(catalog, frame, axis).items()]

    subs = frame["subcategory"].dropna().value_counts().head(15)
    per_quarter = frame.groupby(frame["found"].map(lambda d: f"{d.year}Q{(d.month - 1) // 3 + 1}")).size()
    closed = frame.dropna(subset=["closed"])
    days = [(c - f).days for f, c in zip(closed["found"], closed["closed"])]
    buckets = [("≤7", 7), ("8–30", 30), ("31–90", 90), ("91–180", 180), ("181–365", 365), (">365", 10 ** 9)]
    spread, low = [], -1
    for name, high in buckets:
        spread.append((name, sum(1 for d in days if low < d <= high)))
        low = high
    cum = w("cumulative", lang)
    result = [
        (w("pareto_category", lang), charts.pareto(labelled("category"), w("pareto_category", lang), cum)),
        (w("pareto_subcategory", lang),
         charts.pareto([(tax.label("subcategory", k, lang), int(v)) for k, v in subs.items()],
                       w("pareto_subcategory", lang), cum)),
        (w("matrix", lang, limit=MATRIX_TYPES), _recurrence_matrix(catalog, lang)),
        (w("per_quarter", lang), charts.columns([(k, int(v)) for k, v in per_quarter.sort_index().items()],
                                                w("per_quarter", lang), every=max(len(per_quarter) // 16, 1))),
        (w("by_source", lang), charts.bars(labelled("source"), w("by_source", lang))),
        (w("by_severity", lang), charts.bars(labelled("severity"), w("by_severity", lang))),
        (w("by_grade", lang), charts.bars([(f"{k} {tax.label('grade', str(k), lang)}", int(v))
                                          for k, v in counts(catalog, frame, "grade").items()], w("by_grade", lang))),
        (w("by_status", lang), charts.bars(labelled("status"), w("by_status", lang))),
        (w("days_to_close", lang), charts.bars(spread, w("days_to_close", lang))),
    ]
    median = sorted(days)[len(days) // 2] if days else 0
    files = [(f"stats/chart-{number}.svg", title, svg) for number, (title, svg) in enumerate(result, 1)]
    yield from ((path, partial(str, svg)) for path, _, svg in files)
    yield "stats.md", partial(renderer.render, "site/stats.md.j2", "stats.md",
                                      charts=[(title, path) for path, title, _ in files],
                                      closed_count=len(days), median_days=median,
                                      authors=_authors(catalog, common["today"]), expected=EXPECTED_PER_MONTH)


def _authors(catalog: Catalog, today: date) -> tuple[list[str], list[tuple[str, list[int], int]]] | None:
    """Months and (author, cases per month, months short) rows, as `handbook stats` shows them;
    None until some case names its author."""
    if not any(case.author for case in catalog.cases.values()):
        return None
    frame = authors_by_month(catalog, today)
    rows = [(str(author), [int(n) for n in row], sum(1 for n in row if n < EXPECTED_PER_MONTH))
            for author, row in frame.iterrows()]
    return [str(month) for month in frame.columns], rows


def _recurrence_matrix(catalog: Catalog, lang: Lang) -> str:
    """Top recurrent defect types against the projects they hit most."""
    top = [row for row in catalog.ranking() if row.cases][:MATRIX_TYPES]
    hits: dict[str, int] = defaultdict(int)
    for row in top:
        for case in catalog.cases_of_defect(row.defect.id):
            hits[case.project] += 1
    projects = sorted(hits, key=lambda p: (-hits[p], p))[:MATRIX_PROJECTS]
    grid = [[sum(1 for c in catalog.cases_of_defect(row.defect.id) if c.project == p) for p in projects] for row in top]
    names = [f"{row.defect.id} {_clip(row.defect.title, 12)}" for row in top]
    return charts.heatmap(names, [catalog.projects[p].name for p in projects], grid,
                          w("matrix", lang, limit=MATRIX_TYPES))


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width] + "…"


def _format_page(renderer: Renderer, catalog: Catalog, lang: Lang) -> str:
    titles = {"defect": ("缺陷类型", "Defect type", "defects/**/<ID>.yaml"),
              "project": ("项目", "Project", "cases/<CODE>/project.yaml"),
              "case": ("案例", "Case", "cases/<CODE>/**/<ID>.yaml"),
              "taxonomy": ("分类扩展", "Taxonomy extension", "defects/taxonomy.yaml"),
              "training": ("培训记录", "Training log", "training.yaml")}
    examples = {"case": CASE_EXAMPLES}
    schemas = [(kind, titles[kind][0 if lang == "zh" else 1], titles[kind][2], field_rows(SCHEMAS[kind]),
                examples.get(kind, {}), f"{editor_schema.FOLDER}/{editor_schema.FILES[kind][0]}") for kind in titles]
    vocabularies = [(axis, f"{getattr(AXES[axis], lang)}（{axis}）" if lang == "zh" else f"{AXES[axis].en} ({axis})",
                     list(catalog.taxonomy.axis_terms(axis).values())) for axis in AXES]
    return renderer.render("site/format.md.j2", "format.md", schemas=schemas, vocabularies=vocabularies)
