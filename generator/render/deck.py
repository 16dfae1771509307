"""The training deck (PPTX) of a training pack, editable in PowerPoint and WPS 演示.

Slides come from the template's layouts by name ("Title Slide", "Title and
Content", "Title Only"), so a corporate template (`--template`) restyles the deck.
python-pptx's `font.name` writes only `<a:latin>`, which Chinese text ignores:
every run also gets `<a:ea>` right after it (the schema's order), and the theme's
East-Asian fonts are set too, so nothing falls back to a font without Chinese.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from .. import made_by
from ..photos import normalised_or_none
from ..training import Lesson, TrainingPack
from .text import to_paragraphs

TEMPLATE = Path(__file__).resolve().parent.parent / "defaults" / "training.pptx"
LATIN, EAST_ASIAN = "Arial", "Microsoft YaHei"  # 微软雅黑; WPS and LibreOffice substitute their own CJK font
LAYOUTS = ("Title Slide", "Title and Content", "Title Only")
TITLE_SIZE = 28  # a case title is a sentence: at the layouts' 44 pt it would wrap off the slide
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"


class TemplateError(Exception):
    """A --template that is no presentation or lacks a layout the deck uses."""


def deck(pack: TrainingPack, root: Path, template: Path | None = None) -> bytes:
    prs = _open(template or TEMPLATE)
    _east_asian_theme(prs)
    layouts = _layouts(prs)
    _title_slide(prs, layouts, pack)
    _bullets(prs, layouts, "议程", [f"{i}. {item.case.id} {item.case.title}" for i, item in enumerate(pack.lessons, 1)])
    for item in pack.lessons:
        _lesson(prs, layouts, item, root)
    _bullets(prs, layouts, f"{pack.stage_label or '本次培训'}检查要点", list(pack.checklist) or ["-"])
    _properties(prs, pack)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def _open(path: Path) -> Any:
    try:
        return Presentation(str(path))
    except Exception as error:  # python-pptx raises zipfile, KeyError or lxml errors alike
        raise TemplateError(f"{path}: {error}") from None


def _layouts(prs: Any) -> dict[str, Any]:
    found = {layout.name: layout for layout in prs.slide_layouts}
    missing = [name for name in LAYOUTS if name not in found]
    if missing:
        raise TemplateError("、".join(missing))
    return found


def _east_asian_theme(prs: Any) -> None:
    """The theme's major and minor fonts get an East-Asian typeface where they have none."""
    theme = prs.slide_master.part.part_related_by(RT.THEME)
    tree = etree.fromstring(theme.blob)
    for ea in tree.iter(f"{{{_A}}}ea"):
        if not ea.get("typeface"):
            ea.set("typeface", EAST_ASIAN)
    theme._blob = etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True)


def write(frame: Any, lines: Sequence[str], size: int | None = None, bold: bool = False) -> None:
    """Text into a text frame, one paragraph per line, each run with Latin and East-Asian fonts."""
    frame.clear()
    for index, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = line
        if size:
            run.font.size = Pt(size)
        run.font.bold = bold or None
        run.font.name = LATIN
        _ea(run)


def _ea(run: Any) -> None:
    r_pr = run._r.get_or_add_rPr()
    latin = r_pr.find(qn("a:latin"))
    if r_pr.find(qn("a:ea")) is None:
        ea = etree.SubElement(r_pr, qn("a:ea"))
        latin.addnext(ea)
        ea.set("typeface", EAST_ASIAN)


def _title_slide(prs: Any, layouts: dict[str, Any], pack: TrainingPack) -> None:
    slide = prs.slides.add_slide(layouts["Title Slide"])
    write(slide.shapes.title.text_frame, [pack.title])
    subtitle = f"{pack.compiled_by} · {pack.compiled_on.isoformat()} · {len(pack.lessons)} 个案例"
    write(slide.placeholders[1].text_frame, [subtitle])
    _notes(slide, [pack.title, subtitle])


def _bullets(prs: Any, layouts: dict[str, Any], title: str, lines: list[str], notes: list[str] | None = None) -> Any:
    slide = prs.slides.add_slide(layouts["Title and Content"])
    write(slide.shapes.title.text_frame, [title], size=TITLE_SIZE)
    write(slide.placeholders[1].text_frame, lines, size=18)
    _notes(slide, notes or [title, *lines])
    return slide


def _lesson(prs: Any, layouts: dict[str, Any], item: Lesson, root: Path) -> None:
    case = item.case
    slide = prs.slides.add_slide(layouts["Title Only"])
    write(slide.shapes.title.text_frame, [f"{case.id} {case.title}"], size=TITLE_SIZE)
    _facts_table(slide, prs, item.facts)
    _notes(slide, [f"{label}：{value}" for label, value in item.facts])
    story = [("发生了什么", case.description), ("为什么", case.cause), ("决定与整改", _joined(case.decision,
                                                                                  case.rectification)),
             ("经验教训", case.lessons)]
    for heading, text in story:
        lines = _lines(text)
        _bullets(prs, layouts, f"{case.id} {heading}", _short(lines), [heading, *lines])
    measures = [f"{stage}：{m}" for stage, ms in item.measures for m in ms] or ["-"]
    _bullets(prs, layouts, f"{case.id} 预防措施", measures)
    photos = _bullets(prs, layouts, f"{case.id} 讨论", [item.question], [item.question, *case.photos])
    if case.photos:  # the question on the left half, the photos on the right
        body = photos.placeholders[1]
        body.width = Emu(prs.slide_width // 2 - body.left - Inches(0.2))
        _photos(photos, prs, root, case)


def _facts_table(slide: Any, prs: Any, facts: tuple[tuple[str, str], ...]) -> None:
    left, top = Inches(0.6), Inches(1.5)
    width = prs.slide_width - 2 * left
    shape = slide.shapes.add_table(len(facts), 2, left, top, width, Emu(Inches(0.45) * len(facts)))
    table = shape.table
    table.columns[0].width = Emu(width // 4)
    table.columns[1].width = Emu(width - width // 4)
    for row, (label, value) in enumerate(facts):
        write(table.cell(row, 0).text_frame, [label], size=14, bold=True)
        write(table.cell(row, 1).text_frame, [value], size=14)


def _photos(slide: Any, prs: Any, root: Path, case: Any) -> None:
    """Photos beside the discussion question, as the copies every document embeds (JPEG or
    PNG, upright, scaled down, without metadata); one that does not decode after all is named."""
    left = prs.slide_width // 2
    for index, photo in enumerate(case.photos[:2]):
        top = Inches(1.8 + 2.6 * index)
        picture = normalised_or_none(root / "cases" / case.project / photo)
        if picture is None:
            box = slide.shapes.add_textbox(left, top, Inches(4), Inches(0.5))
            write(box.text_frame, [f"照片 {photo}（无法读取为图片）"], size=12)
            continue
        slide.shapes.add_picture(io.BytesIO(picture.data), left, top, height=Inches(2.4))


def _notes(slide: Any, lines: list[str]) -> None:
    write(slide.notes_slide.notes_text_frame, [line for line in lines if line])


def _lines(text: str | None) -> list[str]:
    """Record Markdown as the plain paragraphs the site shows (no markup characters)."""
    return [line.strip() for line in to_paragraphs(text) if line.strip()] or ["-"]


def _short(lines: list[str], limit: int = 150) -> list[str]:
    """What the slide shows; the notes keep every word."""
    return [line if len(line) <= limit else line[:limit - 1] + "…" for line in lines[:6]]


def _joined(*parts: str | None) -> str:
    return "\n".join(p for p in parts if p) or "-"


def _properties(prs: Any, pack: TrainingPack) -> None:
    props = prs.core_properties
    props.title = _property(pack.title)
    props.author = _property(pack.compiled_by)
    props.last_modified_by = _property(pack.compiled_by)
    props.subject = "产品服务缺陷案例培训"
    props.keywords = _property(" ".join(item.case.id for item in pack.lessons))
    props.revision = 1
    props.comments = made_by()  # the tool version, as every generated document states it
    stamp = datetime(pack.compiled_on.year, pack.compiled_on.month, pack.compiled_on.day)
    props.created = props.modified = stamp


def _property(text: str) -> str:
    """Document properties hold at most 255 characters (python-pptx refuses more); the
    slides keep the whole text."""
    return text if len(text) <= 255 else text[:254] + "…"


def default_template() -> bytes:
    """python-pptx's own template made 16:9, with East-Asian theme fonts: the shipped
    defaults/training.pptx was written by it."""
    prs = Presentation()
    scale = Inches(13.333) / prs.slide_width
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    # Layout placeholders inherit their position from the master: read every shape's
    # geometry before changing any, and write all four values (setting one alone
    # would write a zero height).
    shapes = [s for group in [prs.slide_master.shapes, *(layout.shapes for layout in prs.slide_layouts)]
              for s in group]
    geometry = [(s, s.left, s.top, s.width, s.height) for s in shapes]
    for shape, left, top, width, height in geometry:
        if None not in (left, top, width, height):
            shape.left, shape.top = Emu(round(left * scale)), Emu(top)
            shape.width, shape.height = Emu(round(width * scale)), Emu(height)
    _east_asian_theme(prs)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()
