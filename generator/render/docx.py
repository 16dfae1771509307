"""Word documents of handbooks and checklists, with python-docx.

Real Word headings (so the navigation pane lists chapters and cases), real
tables, photos embedded, page numbers in the footer, and a Chinese body font
set for East Asian text so Word does not fall back to a Latin one.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from .. import GENERATOR, made_by
from ..documents import CASE_SECTIONS, PRIORITY_FORMULA, CompanyHandbook, ProjectHandbook, ReviewChecklist
from ..i18n import w
from ..model import Case
from ..photos import normalised_or_none
from ..problems import Lang
from .renderer import day, number
from .text import to_paragraphs

EAST_ASIAN_FONT = "宋体"
HEADING_FONT = "黑体"


def _paragraph(doc: DocumentType, text: str, style_id: str | None = None) -> Paragraph:
    """A paragraph with a built-in style set by id: python-docx's style-by-name setter
    scans every style on each call, which was a third of a 200-case handbook's time."""
    paragraph = doc.add_paragraph(text)
    if style_id:
        paragraph._p.style = style_id
    return paragraph


def _heading(doc: DocumentType, text: str, level: int) -> Paragraph:
    return _paragraph(doc, text, f"Heading{level}")


def _bullet(doc: DocumentType, text: str) -> Paragraph:
    return _paragraph(doc, text, "ListBullet")


def _new(draft: bool, lang: Lang = "zh") -> DocumentType:
    """An A4 document with Chinese fonts, page numbers and the tool's version in the footer and properties."""
    doc = Document()
    doc.core_properties.comments = made_by(lang)
    doc.core_properties.author = doc.core_properties.last_modified_by = GENERATOR
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.0)
    for name, font in (("Normal", EAST_ASIAN_FONT), ("Title", HEADING_FONT), ("Heading 1", HEADING_FONT),
                       ("Heading 2", HEADING_FONT), ("Heading 3", HEADING_FONT)):
        style = doc.styles[name]
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    doc.styles["Normal"].font.size = Pt(10.5)
    _page_numbers(section.footer.paragraphs[0])
    stamp = section.footer.add_paragraph()
    stamp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    stamp.add_run(made_by(lang)).font.size = Pt(8)
    if draft:
        header = section.header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = header.add_run("草稿 DRAFT")
        run.bold, run.font.color.rgb = True, RGBColor(0xB3, 0x26, 0x1E)
    return doc


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A Word field (page number, table of contents), computed by Word itself."""
    run = paragraph.add_run()
    for tag, text in (("begin", None), (None, instruction), ("separate", None), ("end", None)):
        if tag:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), tag)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _page_numbers(paragraph: Paragraph) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(paragraph, "PAGE")


def _table(doc: DocumentType, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    rows = list(rows)
    table = doc.add_table(rows=1 + len(rows), cols=len(headers))
    table._tbl.tblStyle_val = "TableGrid"
    for cell, text in zip(table.rows[0].cells, headers):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    for row, values in zip(table.rows[1:], rows):
        for cell, value in zip(row.cells, values):
            cell.text = "" if value is None else str(value)


def _plain(markdown_text: str | None) -> list[str]:
    """Record Markdown as plain paragraphs: Word gets the words the site shows, not the markup
    (and keeps every character that is not markup: `2#楼` stays `2#楼`)."""
    return to_paragraphs(markdown_text)


def _bytes(doc: DocumentType) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _cover(doc: DocumentType, title: str, subtitle: str, facts: Sequence[tuple[str, object]], draft: bool) -> None:
    doc.add_paragraph("\n\n\n")
    heading = _paragraph(doc, title + ("（草稿）" if draft else ""), "Title")
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(subtitle).alignment = WD_ALIGN_PARAGRAPH.CENTER
    _table(doc, ["", ""], [(k, v) for k, v in facts])
    doc.add_page_break()
    _heading(doc, "目录", 1)
    _field(doc.add_paragraph(), 'TOC \\o "1-2" \\h \\z \\u')
    doc.add_paragraph("（在 Word 中右键目录并选择“更新域”即可生成页码；左侧导航窗格可直接按标题浏览。）")


def project_handbook(hb: ProjectHandbook, lang: Lang, root: Path) -> bytes:
    tax, doc = hb.catalog.taxonomy, _new(hb.draft, lang)
    _cover(doc, hb.project.name, f"{hb.phase.title} · 产品服务缺陷反馈手册", [
        (w("project", lang), f"{hb.project.code} {hb.project.name}"), (w("phase", lang), hb.phase.title),
        (w("delivered", lang), day(hb.phase.delivered)), (w("compiled_by", lang), hb.compiled_by),
        (w("compiled_on", lang), day(hb.compiled_on)), (w("cases", lang), len(hb.cases))], hb.draft)
    _heading(doc, w("overview", lang), 1)
    t = hb.totals
    _table(doc, [w(k, lang) for k in ("cases", "households", "complaints", "cost", "compensation")],
           [(t.cases, number(t.households), number(t.complaints), number(t.cost), number(t.compensation))])
    for axis in ("category", "subcategory", "source", "severity", "grade", "status"):
        _heading(doc, w(f"by_{axis}", lang), 2)
        _table(doc, [w(axis, lang), w("cases", lang)],
               [(tax.label(axis, k, lang), n) for k, n in hb.counts[axis].most_common()])
    _heading(doc, w("old_problems", lang), 2)
    for defect, others in hb.old_problems:
        _bullet(doc, f"老问题 {defect.id} {defect.title}：{'、'.join(hb.catalog.projects[p].name for p in others)}")
    for group in hb.groups:
        sub = tax.label("subcategory", group.subcategory, lang) if group.subcategory else w("other_categories", lang)
        _heading(doc, f"{tax.label('category', group.category, lang)} · {sub}", 1)
        for case in group.cases:
            _case(doc, hb, case, lang, root)
    _heading(doc, w("appendix_a", lang), 1)
    _table(doc, [w(k, lang) for k in ("id", "title", "defect_type", "location", "found", "severity", "grade", "status",
                                      "closed")],
           [(c.id, c.title, c.defect, c.location or "", day(c.found), tax.label("severity", c.severity, lang),
             c.grade or "", tax.label("status", c.status, lang), day(c.closed)) for c in hb.cases])
    _heading(doc, w("appendix_b", lang), 1)
    for defect in hb.defects:
        _heading(doc, f"{defect.id} {defect.title}", 2)
        for paragraph in _plain(defect.description):
            doc.add_paragraph(paragraph)
        for stage, measures in defect.prevention:
            _bullet(doc, f"{tax.label('stage', stage, lang)}：{'；'.join(measures)}")
    return _bytes(doc)


def _case(doc: DocumentType, hb: ProjectHandbook, case: Case, lang: Lang, root: Path) -> None:
    tax, defect = hb.catalog.taxonomy, hb.catalog.defects[case.defect]
    _heading(doc, f"{case.id} {case.title}", 2)
    _table(doc, [w(k, lang) for k in ("id", "location", "found", "source", "households", "complaints")],
           [(case.id, case.location or "—", day(case.found), tax.label("source", case.source, lang),
             number(case.households), number(case.complaints))])
    _table(doc, [w(k, lang) for k in ("severity", "grade", "status", "closed", "cost", "defect_type")],
           [(tax.label("severity", case.severity, lang), case.grade or "—", tax.label("status", case.status, lang),
             day(case.closed), number(case.cost), f"{defect.id} {defect.title}")])
    for field, title in CASE_SECTIONS:
        if getattr(case, field):
            doc.add_paragraph().add_run(w(title, lang)).bold = True
            for paragraph in _plain(getattr(case, field)):
                doc.add_paragraph(paragraph)
    for photo in case.photos:
        picture = normalised_or_none(root / "cases" / case.project / photo)
        if picture is None:  # does not decode after all (validate checks structure only): say so
            doc.add_paragraph(f"（{w('photos', lang)}：{photo} ✗）")
        else:
            doc.add_picture(io.BytesIO(picture.data), width=Cm(8))
    doc.add_paragraph().add_run(w("prevention", lang)).bold = True
    for stage, measures in defect.prevention:
        _bullet(doc, f"{tax.label('stage', stage, lang)}：{'；'.join(measures)}")


def company_handbook(hb: CompanyHandbook, lang: Lang) -> bytes:
    tax, doc = hb.catalog.taxonomy, _new(False, lang)
    _cover(doc, f"{hb.company or ''}产品服务缺陷反馈手册", w("company_edition", lang), [
        (w("projects", lang), len(hb.summaries)), (w("defect_types", lang), len(hb.entries)),
        (w("cases", lang), hb.totals.cases), (w("compiled_by", lang), hb.compiled_by),
        (w("compiled_on", lang), day(hb.compiled_on))], False)
    _heading(doc, w("recurrent", lang), 1)
    _table(doc, ["#"] + [w(k, lang) for k in ("defect_type", "projects_affected", "cases", "households", "complaints",
                                               "cost")],
           [(i, f"{e.recurrence.defect.id} {e.recurrence.defect.title}", len(e.recurrence.projects),
             e.recurrence.cases, number(e.recurrence.households), number(e.recurrence.complaints),
             number(e.recurrence.cost)) for i, e in enumerate(hb.entries, 1)])
    _heading(doc, w("defect_types", lang), 1)
    for i, entry in enumerate(hb.entries, 1):
        r = entry.recurrence
        _heading(doc, f"{i}. {r.defect.id} {r.defect.title}" + (" 【老问题】" if r.recurring else ""), 2)
        spread = "；".join(f"{hb.catalog.projects[p].name}：" + "、".join(f"{y}（{n}）" for y, n in years)
                          for p, years in entry.per_project)
        doc.add_paragraph(f"{w('cases_by_project', lang)}：{spread}")
        for stage, measures in r.defect.prevention:
            _bullet(doc, f"{tax.label('stage', stage, lang)}：{'；'.join(measures)}")
    _heading(doc, w("project_summaries", lang), 1)
    _table(doc, [w(k, lang) for k in ("project", "city", "phases", "cases", "households", "cost")],
           [(f"{s.project.code} {s.project.name}", s.project.city or "",
             "、".join(f"{p.title} {n}" for p, n in s.phases), s.totals.cases, number(s.totals.households),
             number(s.totals.cost)) for s in hb.summaries])
    return _bytes(doc)


def review_checklist(rc: ReviewChecklist, lang: Lang) -> bytes:
    tax, doc = rc.catalog.taxonomy, _new(False, lang)
    _heading(doc, w("review_title", lang, stage=tax.label("stage", rc.stage, lang)), 1)
    doc.add_paragraph(f"{w('priority', lang)}：{PRIORITY_FORMULA}")
    for i, item in enumerate(rc.items, 1):
        p = item.priority
        _heading(doc, f"{i}. {item.defect.id} {item.defect.title}（{w('priority', lang)} {p.score}）", 2)
        doc.add_paragraph(f"{w('why_listed', lang)}：涉及项目 {p.projects} · 案例 {p.cases} · "
                          f"涉及户数 {p.households} · "
                          f"最高严重程度 {tax.label('severity', p.worst, lang)} · 近三年 {'是' if p.recent else '否'}")
        if item.evidence:
            doc.add_paragraph(f"{w('evidence', lang)}：" + "；".join(f"{c.id} {c.title}" for c in item.evidence))
        _table(doc, ["#", "检查项（预防措施）", "符合", "不符合", "不适用", "说明", "责任人"],
               [(n, m, "☐", "☐", "☐", "", "") for n, m in enumerate(item.measures, 1)])
    return _bytes(doc)
