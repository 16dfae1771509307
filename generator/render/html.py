"""Handbooks and checklists as one self-contained, print-ready HTML file each.

Photos are embedded as data URIs and charts as inline SVG, so the file opens
anywhere, offline, and prints on A4 with page numbers; the PDF is made from
this same HTML.
"""

from __future__ import annotations

import base64
import mimetypes
from collections.abc import Callable
from pathlib import Path

from markupsafe import Markup

from ..documents import (
    CASE_SECTIONS,
    PRIORITY_FORMULA,
    PRIORITY_FORMULA_EN,
    CompanyHandbook,
    ProjectHandbook,
    ReviewChecklist,
)
from ..i18n import w
from ..model import Case
from ..problems import Lang
from . import charts
from .renderer import Renderer

PhotoSource = Callable[[Case, str], Markup]


def photo_data_uri(root: Path) -> PhotoSource:
    """Photos read from the root's project folders and inlined, so the file stands alone."""
    def source(case: Case, photo: str) -> Markup:  # base64 holds no character HTML or Markdown reads
        path = root / "cases" / case.project / photo
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return Markup(f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}")
    return source


def project_handbook(doc: ProjectHandbook, lang: Lang, photos: PhotoSource) -> str:
    renderer = Renderer(lang, doc.catalog.taxonomy)
    tax = doc.catalog.taxonomy
    overview = [(axis, charts.bars([(tax.label(axis, key, lang), count) for key, count in doc.counts[axis].items()],
                                   w(f"by_{axis}", lang), width=560))
                for axis in ("category", "severity") if doc.counts[axis]]
    return renderer.render("handbook/project.html.j2", doc=doc, title=doc.title, draft=doc.draft, charts=overview,
                           sections=CASE_SECTIONS, photos=photos)


def company_handbook(doc: CompanyHandbook, lang: Lang) -> str:
    renderer = Renderer(lang, doc.catalog.taxonomy)
    return renderer.render("handbook/company.html.j2", doc=doc, title=doc.title, draft=False)


def review_checklist(doc: ReviewChecklist, lang: Lang, links: Callable[[Case], str] | None = None) -> str:
    renderer = Renderer(lang, doc.catalog.taxonomy)
    title = w("review_title", lang, stage=doc.catalog.taxonomy.label("stage", doc.stage, lang))
    return renderer.render("handbook/review.html.j2", doc=doc, title=title, draft=False, links=links,
                           formula=PRIORITY_FORMULA if lang == "zh" else PRIORITY_FORMULA_EN)
