"""The three forms of the feedback process, as content independent of the file format.

《缺陷反馈联系单》 (contact) opens a case, 《缺陷决策单》 (decision) records the review
meeting, 《缺陷反馈确认单》 (confirmation) closes it. A case not yet at a step still gets
that form with its fields blank, because that is how the form is taken into the
meeting; a blank is `None` here and a line to write on in every layout.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from ..catalog import Catalog
from ..i18n import w
from ..model import Case
from ..problems import Lang

KINDS = ("contact", "decision", "confirmation")
FORM_FORMATS = ("docx", "pdf", "html")


@dataclass(frozen=True)
class Entry:
    """One labelled box of a form; `text` None is a blank to fill in by hand."""

    label: str
    text: str | None
    long: bool = False  # a paragraph of its own row, rather than a cell beside others


@dataclass(frozen=True)
class Form:
    """One form of one case: its fields, an optional table and the signature lines."""

    kind: str
    title: str
    case: Case
    entries: tuple[Entry, ...]
    table_title: str | None = None
    table_headers: tuple[str, ...] = ()
    table_rows: tuple[tuple[str | None, ...], ...] = ()
    signatures: tuple[str, ...] = ()


@dataclass(frozen=True)
class FormBatch:
    """The forms of one kind for one project phase (each case a page), or of one case."""

    kind: str
    title: str
    stem: str
    forms: tuple[Form, ...]


def form_title(kind: str, lang: Lang) -> str:
    return w(f"form_{kind}", lang)


def make_form(catalog: Catalog, case: Case, kind: str, lang: Lang) -> Form:
    return _MAKERS[kind](catalog, case, lang)


def batches(catalog: Catalog, cases: Iterable[Case], kinds: Iterable[str], lang: Lang,
            split: bool = False) -> list[FormBatch]:
    """One batch per form kind per project phase, and with `split` one per case as well."""
    phases: dict[tuple[str, int], list[Case]] = defaultdict(list)
    for case in cases:
        phases[(case.project, case.phase)].append(case)
    out: list[FormBatch] = []
    for kind in kinds:
        title = form_title(kind, lang)
        for (code, number), members in sorted(phases.items()):
            forms = tuple(make_form(catalog, c, kind, lang) for c in sorted(members, key=lambda c: c.id))
            phase = catalog.projects[code].phase(number).title
            out.append(FormBatch(kind, title, f"{code}-{phase}-{title}", forms))
            if split:
                out += [FormBatch(kind, title, f"{f.case.id}-{title}", (f,)) for f in forms]
    return out


def _label(catalog: Catalog, axis: str, key: str | None, lang: Lang) -> str | None:
    return catalog.taxonomy.label(axis, key, lang) if key else None


def _day(value: object) -> str | None:
    return value.isoformat() if value is not None and hasattr(value, "isoformat") else None


def _count(value: int | None) -> str | None:
    return None if value is None else str(value)


def _heading_entries(catalog: Catalog, case: Case, lang: Lang) -> list[Entry]:
    project = catalog.projects[case.project]
    return [Entry(w("project", lang), f"{project.name}（{project.code}）"),
            Entry(w("phase", lang), project.phase(case.phase).title),
            Entry(w("case_id", lang), case.id), Entry(w("title", lang), case.title)]


def contact(catalog: Catalog, case: Case, lang: Lang) -> Form:
    entries = _heading_entries(catalog, case, lang) + [
        Entry(w("location", lang), case.location), Entry(w("found", lang), _day(case.found)),
        Entry(w("source", lang), _label(catalog, "source", case.source, lang)),
        Entry(w("households", lang), _count(case.households)), Entry(w("complaints", lang), _count(case.complaints)),
        Entry(w("case_description", lang), case.description, long=True),
        Entry(w("expectation", lang), case.expectation, long=True),
        Entry(w("raised_by", lang), _label(catalog, "department", case.raised_by, lang)),
        Entry(w("raised", lang), _day(case.raised)),
    ]
    return Form("contact", form_title("contact", lang), case, tuple(entries),
                signatures=(w("sign_raiser", lang), w("sign_receiver", lang)))


def decision(catalog: Catalog, case: Case, lang: Lang) -> Form:
    grade = (f"{case.grade}（{catalog.taxonomy.label('grade', case.grade, lang)}）" if case.grade else None)
    attendees = "、".join(catalog.taxonomy.label("department", a, lang) for a in case.attendees) or None
    entries = _heading_entries(catalog, case, lang) + [
        Entry(w("decided", lang), _day(case.decided)), Entry(w("attendees", lang), attendees),
        Entry(w("cause", lang), case.cause, long=True), Entry(w("feasibility", lang), case.feasibility, long=True),
        Entry(w("grade_meaning", lang), grade), Entry(w("decision", lang), case.decision, long=True),
        Entry(w("responsible", lang), _label(catalog, "department", case.responsible, lang)),
        Entry(w("original_due", lang), _day(case.due)),
    ]
    signers = tuple(catalog.taxonomy.label("department", a, lang) for a in case.attendees)
    return Form("decision", form_title("decision", lang), case, tuple(entries),
                signatures=(*signers, w("sign_chair", lang)) if signers else
                (w("sign_attendees", lang), w("sign_chair", lang)))


def confirmation(catalog: Catalog, case: Case, lang: Lang) -> Form:
    defect = catalog.defects[case.defect]
    if case.grade == "B":  # no rectification: the preventive measures are what is confirmed
        measures = "\n".join(f"{catalog.taxonomy.label('stage', stage, lang)}：{'；'.join(items)}"
                             for stage, items in defect.prevention)
        done = Entry(w("prevention", lang), measures, long=True)
    else:
        done = Entry(w("rectification", lang), case.rectification, long=True)
    verified = case.verified
    by = (catalog.taxonomy.label("department", key, lang) if (key := catalog.taxonomy.normalize(
        "department", verified.by)) else verified.by) if verified else None
    entries = _heading_entries(catalog, case, lang) + [
        Entry(w("grade", lang), case.grade), done,
        Entry(w("responsible", lang), _label(catalog, "department", case.responsible, lang)),
        Entry(w("verified_date", lang), _day(verified.date) if verified else None),
        Entry(w("verified_by", lang), by),
        Entry(w("verified_result", lang), verified.result if verified else None, long=True),
        Entry(w("closed", lang), _day(case.closed)),
    ]
    rows: list[tuple[str | None, ...]] = [(w("original_due", lang), _day(case.due), None, None, None)]
    rows += [(w("replan_n", lang, n=i), _day(r.due), r.reason, r.evaluation, _day(r.recorded))
             for i, r in enumerate(case.replans, 1)]
    return Form("confirmation", form_title("confirmation", lang), case, tuple(entries),
                table_title=w("plan_history", lang),
                table_headers=tuple(w(k, lang) for k in ("plan", "plan_due", "reason", "evaluation", "recorded")),
                table_rows=tuple(rows),
                signatures=(w("sign_responsible", lang), w("sign_service", lang), w("sign_owner", lang)))


_MAKERS = {"contact": contact, "decision": decision, "confirmation": confirmation}
