"""Review checklists as Markdown, for wikis and merge requests."""

from __future__ import annotations

from ..documents import PRIORITY_FORMULA, PRIORITY_FORMULA_EN, ReviewChecklist
from ..i18n import w
from ..problems import Lang
from .text import inline


def review_checklist(doc: ReviewChecklist, lang: Lang) -> str:
    tax = doc.catalog.taxonomy
    lines = [f"# {w('review_title', lang, stage=tax.label('stage', doc.stage, lang))}", ""]
    scope = [f"{w('project', lang)}：{doc.project.code} {inline(doc.project.name)}"] if doc.project else []
    scope += [f"{w('product_types', lang)}：{inline('、'.join(doc.product_types))}"] if doc.product_types else []
    scope += [f"{w('departments', lang)}：{tax.label('department', doc.department, lang)}"] if doc.department else []
    lines += [" · ".join(scope + [f"{w('compiled_on', lang)}：{doc.compiled_on.isoformat()}"]), ""]
    lines += [f"**{w('priority', lang)}**：{PRIORITY_FORMULA if lang == 'zh' else PRIORITY_FORMULA_EN}", ""]
    for number, item in enumerate(doc.items, 1):
        p = item.priority
        lines += [f"## {number}. {item.defect.id} {inline(item.defect.title)}（{w('priority', lang)} {p.score}）", ""]
        lines += [f"{w('why_listed', lang)}：{w('projects_affected', lang)} {p.projects} · {w('cases', lang)} {p.cases}"
                  f" · {w('households', lang)} {p.households}"
                  f" · {w('worst', lang)} {tax.label('severity', p.worst, lang)}"
                  f" · {w('recent', lang)} {w('yes', lang) if p.recent else w('no', lang)}", ""]
        if item.evidence:
            lines += [f"{w('evidence', lang)}：" + "；".join(f"{c.id} {inline(c.title)}" for c in item.evidence), ""]
        lines += ["| # | 检查项 | 符合 | 不符合 | 不适用 | 说明 | 责任人 |",
                  "| ---: | --- | --- | --- | --- | --- | --- |"]
        lines += [f"| {n} | {inline(m)} | ☐ | ☐ | ☐ |  |  |" for n, m in enumerate(item.measures, 1)]
        lines.append("")
    return "\n".join(lines)
