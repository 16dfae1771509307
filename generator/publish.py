"""Write handbooks and checklists to files in the requested formats.

The one place that turns documents into files, used by the `project`,
`company` and `review` commands and by `build --handbooks`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import photos
from .catalog import Catalog
from .config import Config
from .documents import (
    CHECKLIST_FORMATS,
    DOCUMENT_FORMATS,
    CompanyHandbook,
    ProjectHandbook,
    ReviewChecklist,
    company_handbook,
    project_handbook,
    review_checklist,
)
from .documents.forms import FormBatch
from .documents.monthly import MonthlyReport
from .problems import Lang
from .render import docx, html, markdown_doc, pdf, xlsx

OUT = "handbooks"


@dataclass
class Written:
    """Files written, and formats that could not be (with the reason)."""

    files: list[Path] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)


def _write(out: Path, stem: str, makers: dict[str, Callable[[], bytes | str]], formats: tuple[str, ...],
           written: Written, start_pdf: Callable[[], Callable[[], bytes]] | None = None) -> None:
    """Each format's file; the PDF is started first because its layout runs on the other core:
    `start_pdf` begins it and returns the function that finishes it."""
    out.mkdir(parents=True, exist_ok=True)
    if "pdf" in formats and start_pdf is not None:
        try:
            makers["pdf"] = start_pdf()
        except pdf.PdfUnavailable as error:
            written.skipped["pdf"] = str(error)
    for fmt in formats:
        if fmt in written.skipped:
            continue
        data = makers[fmt]()
        path = out / f"{stem}.{fmt}"
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        written.files.append(path)


def project(doc: ProjectHandbook, root: Path, out: Path, formats: tuple[str, ...], lang: Lang,
            written: Written) -> None:
    photos.prepare(root / "cases" / case.project / photo for case in doc.cases for photo in case.photos)
    page = lambda: html.project_handbook(doc, lang, html.photo_data_uri(root))  # noqa: E731
    stem = doc.stem + ("-draft" if doc.draft else "")
    _write(out, stem, {"html": page, "docx": lambda: docx.project_handbook(doc, lang, root),
                       "xlsx": lambda: xlsx.project_ledger(doc, lang)},
           formats, written, lambda: pdf.start(page()))


def company(doc: CompanyHandbook, out: Path, formats: tuple[str, ...], lang: Lang, written: Written) -> None:
    page = lambda: html.company_handbook(doc, lang)  # noqa: E731
    _write(out, doc.stem, {"html": page, "docx": lambda: docx.company_handbook(doc, lang),
                           "xlsx": lambda: xlsx.company_ledger(doc, lang)},
           formats, written, lambda: pdf.start(page()))


def review(doc: ReviewChecklist, out: Path, formats: tuple[str, ...], lang: Lang, written: Written) -> None:
    _write(out, doc.stem, {"html": lambda: html.review_checklist(doc, lang),
                           "docx": lambda: docx.review_checklist(doc, lang),
                           "xlsx": lambda: xlsx.review_checklist(doc, lang),
                           "md": lambda: markdown_doc.review_checklist(doc, lang)}, formats, written)


def everything(catalog: Catalog, root: Path, lang: Lang, config: Config, today: date) -> Written:
    """Into ROOT/handbooks: every phase's handbook (marked draft where it is short of
    cases), the company handbook and the group's checklist for each stage."""
    written, out = Written(), root / OUT
    for code, proj in catalog.projects.items():
        for phase in proj.phases:
            enough = len(catalog.cases_of_project(code, phase.number)) >= config.minimum_cases
            doc = project_handbook(catalog, code, phase.number, config, today, draft=not enough)
            project(doc, root, out, DOCUMENT_FORMATS, lang, written)
    company(company_handbook(catalog, config, today), out, DOCUMENT_FORMATS, lang, written)
    for stage in catalog.taxonomy.terms["stage"]:
        review(review_checklist(catalog, stage, today), out, CHECKLIST_FORMATS, lang, written)
    return written


def forms(catalog: Catalog, batch: FormBatch, out: Path, formats: tuple[str, ...], lang: Lang,
          written: Written) -> None:
    """One batch of forms (a kind for a phase, or for one case) in each format."""
    from .render import forms as layout

    page = lambda: layout.html(catalog, batch, lang)  # noqa: E731
    _write(out, batch.stem, {"html": page, "docx": lambda: layout.docx(batch, lang)}, formats, written,
           lambda: pdf.start(page()))


def monthly(doc: MonthlyReport, out: Path, formats: tuple[str, ...], lang: Lang, written: Written) -> None:
    from .render import monthly as layout

    page = lambda: layout.html(doc, lang)  # noqa: E731
    makers: dict[str, Callable[[], bytes | str]] = {"html": page, "docx": lambda: layout.docx(doc, lang),
                                                   "xlsx": lambda: layout.xlsx(doc, lang)}
    _write(out, doc.stem, makers, formats, written, lambda: pdf.start(layout.html(doc, lang, compact=True)))
