"""`handbook suggest`: the defect type a draft case belongs to, the cases it repeats,
and (`--audit`) the cases that look filed under the wrong type."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from ..cli import catalog_or_exit, lang_option, root_argument, today_option
from ..i18n import t
from ..loading import Mapping, Scalar, load
from ..problems import Lang
from ..report import text_lines
from ..textsim import case_text

DRAFT_FIELDS = ("title", "description", "cause", "location")


@click.command(name="suggest")
@root_argument
@click.option("--file", "draft", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="草稿案例文件（defect 可以空着）/ a draft case file (its defect may be empty).")
@click.option("--text", help="一段问题描述 / free text describing the problem.")
@click.option("--audit", is_flag=True, help="列出缺陷类型可能填错的案例 / list cases that look misfiled.")
@click.option("--top", type=click.IntRange(1, 50), default=3, show_default=True,
              help="列出几个缺陷类型和相似案例 / how many types and cases to list.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="输出格式 / output format.")
@lang_option
@today_option
def suggest_command(root: Path, draft: Path | None, text: str | None, audit: bool, top: int, fmt: str, lang: Lang,
                    today: Any) -> None:
    """为草稿案例推荐缺陷类型并找出疑似重复的案例；--audit 列出缺陷类型可能填错的案例。

    Suggest the defect types a draft case most likely belongs to, each with the
    words it shares with them, and the existing cases it may repeat. --audit
    lists cases whose recorded type is far from the best match, for review.
    """
    from ..similarity import audit as misfiled
    from ..similarity import cached_index, suggest

    if sum((draft is not None, text is not None, audit)) != 1:
        raise click.UsageError(t("suggest_one_input", lang))
    query, own_id = _draft_text(draft, lang) if draft is not None else (text or "", None)
    if not audit and not query.strip():
        raise click.UsageError(t("suggest_no_text", lang))
    result, catalog = catalog_or_exit(root, lang, today)
    if not catalog.defects:
        raise click.ClickException(t("suggest_no_defects", lang))
    index = cached_index(catalog, root)
    if audit:
        _print_audit(misfiled(index, catalog), fmt, lang)
        return
    threshold = result.config.duplicate_similarity
    found = suggest(index, catalog, query, top, threshold / 100, exclude=own_id)
    if fmt == "json":
        click.echo(json.dumps(found.as_json(), ensure_ascii=False, indent=2))
        return
    click.echo(t("suggest_defects", lang))
    for rank, match in enumerate(found.defects, 1):
        terms = "、".join(match.terms) or t("none", lang)
        click.echo(t("suggest_defect", lang, rank=rank, id=match.id, title=match.title, score=_pct(match.score),
                     terms=terms))
    if found.duplicates:
        click.echo(t("suggest_duplicates", lang, threshold=threshold))
        for match in found.duplicates:
            click.echo(t("suggest_case", lang, id=match.id, title=match.title, score=_pct(match.score)))
    elif found.closest is not None:
        click.echo(t("suggest_no_duplicate", lang, threshold=threshold, id=found.closest.id,
                     title=found.closest.title, score=_pct(found.closest.score)))


def _pct(score: float) -> int:
    return min(100, round(score * 100))


def _draft_text(path: Path, lang: Lang) -> tuple[str, str | None]:
    """The words of a draft case file, read by the same loader as every record (nothing in it
    is constructed or executed); problems that keep it from being read stop with their lines."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise click.ClickException(t("suggest_unreadable", lang, path=path, reason=error.strerror or error)) from None
    document = load(data, str(path))
    for line in text_lines(document.problems, lang, lambda rel: rel):
        click.echo(line, err=True)
    if not isinstance(document.root, Mapping) or any(p.level == "error" for p in document.problems):
        raise SystemExit(1)
    values = {key: node.value for key, (_, node) in document.root.entries.items() if isinstance(node, Scalar)}
    return case_text(*(values.get(name) for name in DRAFT_FIELDS)), values.get("id") or None


def _print_audit(found: list, fmt: str, lang: Lang) -> None:
    if fmt == "json":
        rows = [{"id": m.case.id, "title": m.case.title, "defect": {"id": m.case.defect, "score": m.recorded},
                 "best": {"id": m.best.id, "title": m.best.title, "score": m.best.score}} for m in found]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for m in found:
        click.echo(t("audit_line", lang, file=m.case.file, id=m.case.id, title=m.case.title, defect=m.case.defect,
                     score=_pct(m.recorded), best=m.best.id, best_title=m.best.title, best_score=_pct(m.best.score)))
    click.echo(t("audit_summary", lang, count=len(found)))


def register(group: click.Group) -> None:
    group.add_command(suggest_command)
