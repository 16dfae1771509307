"""Review checklists as Markdown, for wikis and merge requests.

Every value from the records or the taxonomy goes through `text.inline`, which
writes Markdown's and HTML's special characters as character references: a
title or a label added in taxonomy.yaml reads as itself on any wiki."""

from __future__ import annotations

from .. import made_by
from ..documents import PRIORITY_FORMULA, PRIORITY_FORMULA_EN, ReviewChecklist
from ..i18n import w
from ..problems import Lang
from .text import inline as md


def review_checklist(doc: ReviewChecklist, lang: Lang) -> str:
    tax = doc.catalog.taxonomy
    lines = [f"# {md(w('review_title', lang, stage=tax.label('stage', doc.stage, lang)))}", ""]
    scope = [f"{w('project', lang)}：{doc.project.code} {md(doc.project.name)}"] if doc.project else []
    scope += [f"{w('product_types', lang)}：{md('、'.join(doc.product_types))}"] if doc.product_types else []
    if doc.department:
        scope.append(f"{w('departments', lang)}：{md(tax.label('department', doc.department, lang))}")
    lines += [" · ".join(scope + [f"{w('compiled_on', lang)}：{doc.compiled_on.isoformat()}"]), ""]
    lines += [f"**{w('priority', lang)}**：{PRIORITY_FORMULA if lang == 'zh' else PRIORITY_FORMULA_EN}", ""]
    for number, item in enumerate(doc.items, 1):
        p = item.priority
        lines += [f"## {number}. {item.defect.id} {md(item.defect.title)}（{w('priority', lang)} {p.score}）", ""]
        lines += [f"{w('why_listed', lang)}：{w('projects_affected', lang)} {p.projects} · {w('cases', lang)} {p.cases}"
                  f" · {w('households', lang)} {p.households}"
                  f" · {w('worst', lang)} {md(tax.label('severity', p.worst, lang))}"
                  f" · {w('recent', lang)} {w('yes', lang) if p.recent else w('no', lang)}", ""]
        if item.evidence:
            lines += [f"{w('evidence', lang)}：" + "；".join(f"{c.id} {md(c.title)}" for c in item.evidence), ""]
        lines += ["| # | 检查项 | 符合 | 不符合 | 不适用 | 说明 | 责任人 |",
                  "| ---: | --- | --- | --- | --- | --- | --- |"]
        lines += [f"| {n} | {md(m)} | ☐ | ☐ | ☐ |  |  |" for n, m in enumerate(item.measures, 1)]
        lines.append("")
    lines += ["---", "", f"*{made_by(lang)}*", ""]
    return "\n".join(lines)
