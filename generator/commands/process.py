"""Commands of the feedback process (issue 9): tracking the rectifications.

Thin, like the rest of the CLI: parse the options, call one library function,
write what it returns.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from ..cli import (
    catalog_or_exit,
    day_of,
    formats_option,
    lang_option,
    main,
    out_option,
    report_written,
    root_argument,
    today_option,
)
from ..documents.forms import FORM_FORMATS, KINDS
from ..documents.monthly import MONTHLY_FORMATS
from ..i18n import t
from ..problems import Lang
from ..tracking import open_cases


@main.command(name="track")
@root_argument
@click.option("--project", "project_code", help="只看这个项目 / only this project.")
@click.option("--department", help="只看这个责任部门，如 engineering 或 工程管理部 / only this department.")
@click.option("--overdue", is_flag=True, help="只列逾期案例 / only overdue cases.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "xlsx"]), default="text", show_default=True,
              help="输出格式 / output format.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="写入文件（xlsx 默认 ROOT/handbooks/tracking-日期.xlsx）/ write to this file.")
@lang_option
@today_option
def track(root: Path, project_code: str | None, department: str | None, overdue: bool, fmt: str,
          out: Path | None, lang: Lang, today: Any) -> None:
    """列出未关闭的案例：责任部门、计划（原计划与调整后）、逾期天数和最近的调整原因，逾期最久的在前。

    Every case not yet closed with its responsible department, due dates (original
    and effective), days overdue and the last replan's reason, most overdue first.
    """
    _result, catalog = catalog_or_exit(root, lang, today)
    day, tax = day_of(today), catalog.taxonomy
    if project_code and project_code not in catalog.projects:
        raise click.BadParameter(f"{project_code!r}: {'、'.join(catalog.projects) or '-'}", param_hint="--project")
    key = tax.normalize("department", department) if department else None
    if department and key is None:
        raise click.BadParameter(f"{department!r}: {'、'.join(tax.choices('department'))}", param_hint="--department")
    rows = open_cases(catalog, day, project_code, key, overdue)
    if fmt == "xlsx":
        from ..render.process_xlsx import tracking_workbook

        target = out or root / "handbooks" / f"tracking-{day.isoformat()}.xlsx"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(tracking_workbook(catalog, rows, lang))
        click.echo(str(target))
    elif fmt == "json":
        text = "".join(json.dumps(r.as_json(), ensure_ascii=False) + "\n" for r in rows)
        _emit(text, out)
    else:
        from rich.console import Console

        from ..terminal import print_tracking

        if out is None:
            print_tracking(catalog, rows, lang, day)
        else:
            with out.open("w", encoding="utf-8") as file:
                print_tracking(catalog, rows, lang, day, Console(file=file, width=200, highlight=False))


def _emit(text: str, out: Path | None) -> None:
    if out is None:
        click.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")


def _kinds(ctx: click.Context, param: click.Parameter, value: str) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(part.strip().lower() for part in value.split(",") if part.strip()))
    if not chosen or any(kind not in KINDS for kind in chosen):
        raise click.BadParameter(f"{value!r}; choose from {','.join(KINDS)}")
    return chosen


@main.command(name="forms")
@click.argument("targets", nargs=-1, metavar="CASE-ID… [ROOT]")
@click.option("--project", "project_code", help="该项目的全部案例 / every case of this project.")
@click.option("--phase", type=int, help="只要这一期（与 --project 一起用）/ only this phase (with --project).")
@click.option("--kind", "kinds", default=",".join(KINDS), show_default=True, callback=_kinds,
              help="逗号分隔：contact 联系单、decision 决策单、confirmation 确认单 / comma-separated form kinds.")
@formats_option(FORM_FORMATS)
@out_option
@click.option("--split", is_flag=True, help="另外每个案例单独一个文件 / also one file per case.")
@lang_option
@today_option
def forms_command(targets: tuple[str, ...], project_code: str | None, phase: int | None, kinds: tuple[str, ...],
                  formats: tuple[str, ...], out: Path | None, split: bool, lang: Lang, today: Any) -> None:
    """生成《缺陷反馈联系单》《缺陷决策单》《缺陷反馈确认单》：每期每种一个文件（每个案例一页）。

    TARGETS are case ids, optionally followed by the handbook root (default: the
    current folder); or give --project (and --phase). A case not yet at a step
    still gets that form, with its fields blank to fill in at the meeting.
    """
    from .. import publish
    from ..documents.forms import batches

    root, ids = _split_targets(targets)
    _result, catalog = catalog_or_exit(root, lang, today)
    cases = _chosen_cases(catalog, ids, project_code, phase, lang)
    written = publish.Written()
    for batch in batches(catalog, cases, kinds, lang, split):
        publish.forms(catalog, batch, out or root / publish.OUT, formats, lang, written)
    report_written(written, lang)


def _split_targets(targets: tuple[str, ...]) -> tuple[Path, list[str]]:
    """Case ids, and a last argument that names a folder is the root."""
    if targets and Path(targets[-1]).is_dir():
        return Path(targets[-1]), list(targets[:-1])
    return Path("."), list(targets)


def _chosen_cases(catalog: Any, ids: list[str], project_code: str | None, phase: int | None, lang: Lang) -> list:
    if bool(ids) == bool(project_code):
        raise click.UsageError(t("forms_what", lang))
    if project_code:
        if project_code not in catalog.projects:
            raise click.UsageError(t("no_project", lang, code=project_code, known="、".join(catalog.projects) or "-"))
        numbers = [p.number for p in catalog.projects[project_code].phases]
        if phase is not None and phase not in numbers:
            raise click.UsageError(t("no_phase", lang, code=project_code, phase=phase,
                                     known="、".join(map(str, numbers))))
        return list(catalog.cases_of_project(project_code, phase))
    unknown = [i for i in ids if i not in catalog.cases]
    if unknown:
        raise click.UsageError(t("no_case", lang, ids="、".join(unknown)))
    return [catalog.cases[i] for i in dict.fromkeys(ids)]


@main.command(name="monthly")
@click.option("--month", required=True, type=click.DateTime(["%Y-%m"]), help="月份 YYYY-MM / the month.")
@root_argument
@click.option("--project", "project_code",
              help="项目月报（默认集团月报）/ one project's report (default: the group's).")
@formats_option(MONTHLY_FORMATS)
@out_option
@lang_option
@today_option
def monthly_command(month: Any, root: Path, project_code: str | None, formats: tuple[str, ...], out: Path | None,
                    lang: Lang, today: Any) -> None:
    """每月底上报集团的缺陷信息月报：本月发现（按分类、子类、来源、严重程度）、关闭、未关闭、逾期、计划调整、
    重大与危机案例的上报、老问题，以及与前 12 个月的对比。

    The monthly defect information report of a project, or of the group: found,
    closed, open, overdue, replanned, major cases and their reporting, old
    problems, and the month against the twelve before it.
    """
    from .. import publish
    from ..documents.monthly import monthly_report

    result, catalog = catalog_or_exit(root, lang, today)
    if project_code and project_code not in catalog.projects:
        raise click.UsageError(t("no_project", lang, code=project_code, known="、".join(catalog.projects) or "-"))
    written = publish.Written()
    doc = monthly_report(catalog, month.date(), result.config, project_code)
    publish.monthly(doc, out or root / publish.OUT, formats, lang, written)
    report_written(written, lang)
