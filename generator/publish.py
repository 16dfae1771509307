"""Write handbooks and checklists to files in the requested formats.

The one place that turns documents into files, used by the `project`,
`company` and `review` commands and by `build --handbooks`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable

from .catalog import Catalog
from .config import Config
from .documents import CompanyHandbook, ProjectHandbook, ReviewChecklist, project_handbook
from .problems import Lang
from .render import docx, html, markdown_doc, pdf, xlsx

OUT = "handbooks"


@dataclass
class Written:
    """Files written, and formats that could not be (with the reason)."""

    files: list[Path] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)


def _write(out: Path, stem: str, makers: dict[str, Callable[[], bytes | str]], formats: tuple[str, ...],
           written: Written) -> None:
    """Each format's file; the PDF is started first because its layout runs on the other core."""
    out.mkdir(parents=True, exist_ok=True)
    if "pdf" in formats:
        try:
            makers["pdf"] = makers["pdf"]()  # type: ignore[assignment]  # start() -> finish()
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
    page = lambda: html.project_handbook(doc, lang, html.photo_data_uri(root))  # noqa: E731
    stem = doc.stem + ("-draft" if doc.draft else "")
    _write(out, stem, {"html": page, "docx": lambda: docx.project_handbook(doc, lang, root),
                       "xlsx": lambda: xlsx.project_ledger(doc, lang), "pdf": lambda: pdf.start(page())},
           formats, written)


def company(doc: CompanyHandbook, out: Path, formats: tuple[str, ...], lang: Lang, written: Written) -> None:
    page = lambda: html.company_handbook(doc, lang)  # noqa: E731
    _write(out, doc.stem, {"html": page, "docx": lambda: docx.company_handbook(doc, lang),
                           "xlsx": lambda: xlsx.company_ledger(doc, lang), "pdf": lambda: pdf.start(page())},
           formats, written)


def review(doc: ReviewChecklist, out: Path, formats: tuple[str, ...], lang: Lang, written: Written) -> None:
    _write(out, doc.stem, {"html": lambda: html.review_checklist(doc, lang),
                           "docx": lambda: docx.review_checklist(doc, lang),
                           "xlsx": lambda: xlsx.review_checklist(doc, lang),
                           "md": lambda: markdown_doc.review_checklist(doc, lang)}, formats, written)


def all_project_handbooks(catalog: Catalog, root: Path, out: Path, formats: tuple[str, ...], lang: Lang,
                          config: Config, today: date) -> Written:
    """Every phase's handbook: final where it has enough cases, marked draft where not."""
    written = Written()
    for code, proj in catalog.projects.items():
        for phase in proj.phases:
            enough = len(catalog.cases_of_project(code, phase.number)) >= config.minimum_cases
            doc = project_handbook(catalog, code, phase.number, config, today, draft=not enough)
            project(doc, root, out, formats, lang, written)
    return written
