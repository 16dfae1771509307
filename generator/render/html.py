"""Handbooks and checklists as one self-contained, print-ready HTML file each.

Photos are embedded as data URIs and charts as inline SVG, so the file opens
anywhere, offline, and prints on A4 with page numbers; the PDF is made from
this same HTML.
"""

from __future__ import annotations

import base64
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
from ..photos import normalised_or_none
from ..problems import Lang
from . import charts
from .renderer import Renderer

PhotoSource = Callable[[Case, str], Markup]


def photo_data_uri(root: Path) -> PhotoSource:
    """Photos inlined, so the file stands alone: re-encoded and scaled down (never the
    original bytes), so the data URI is always a JPEG or PNG of bounded size."""
    def source(case: Case, photo: str) -> Markup:  # base64 holds no character HTML or Markdown reads
        picture = normalised_or_none(root / "cases" / case.project / photo)
        if picture is None:
            return Markup("")  # does not decode after all; the alt text still names the photo
        return Markup(f"data:{picture.mime};base64,{base64.b64encode(picture.data).decode('ascii')}")
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
