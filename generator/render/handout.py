"""The training handout: case summaries, discussion questions and a quiz whose answer key
starts on its own page, so the key can be kept back from the room. DOCX with python-docx;
HTML (and the PDF printed from it) through the handbooks' templates and escaping."""

from __future__ import annotations

from ..catalog import Catalog
from ..problems import Lang
from ..training import Question, TrainingPack
from .docx import _bytes, _heading, _new, _paragraph, _plain, _table
from .renderer import Renderer

STORY = (("description", "发生了什么"), ("cause", "为什么"), ("decision", "决定"), ("rectification", "整改"),
         ("lessons", "经验教训"))


def html(pack: TrainingPack, questions: tuple[Question, ...], catalog: Catalog, lang: Lang) -> str:
    renderer = Renderer(lang, catalog.taxonomy)
    return renderer.render("handbook/training.html.j2", pack=pack, questions=questions, story=STORY,
                           title=pack.title, draft=False)

LETTERS = "ABCD"


def handout(pack: TrainingPack, questions: tuple[Question, ...]) -> bytes:
    doc = _new(draft=False)
    _paragraph(doc, pack.title + "（学员讲义）", "Title")
    doc.add_paragraph(f"{pack.compiled_by} · {pack.compiled_on.isoformat()}")
    for item in pack.lessons:
        case = item.case
        _heading(doc, f"{case.id} {case.title}", 1)
        _table(doc, ["项目", "内容"], item.facts)
        for field, heading in STORY:
            text = getattr(case, field)
            if text:
                _heading(doc, heading, 2)
                for paragraph in _plain(text):
                    doc.add_paragraph(paragraph)
        _heading(doc, "讨论", 2)
        doc.add_paragraph(item.question)
    _heading(doc, "测验", 1)
    for number, question in enumerate(questions, 1):
        doc.add_paragraph(f"{number}. {question.prompt}")
        for letter, option in zip(LETTERS, question.options):
            doc.add_paragraph(f"    {letter}. {option}")
    doc.add_page_break()
    _heading(doc, "答案", 1)
    for number, question in enumerate(questions, 1):
        doc.add_paragraph(f"{number}. {LETTERS[question.answer]}  {question.options[question.answer]}")
    return _bytes(doc)
