"""`handbook export` and `handbook import`: the Excel ledger out and back in."""

from __future__ import annotations

import os
from collections.abc import Collection
from pathlib import Path
from typing import Any

import click

from ..cli import (
    checked_root,
    day_of,
    displayed,
    exit_on_errors,
    lang_option,
    root_argument,
    today_option,
)
from ..problems import Lang, Problem
from ..report import HINT_WORD, counted

LEDGER_TYPES = (".xlsx", ".xlsm", ".xls", ".ods")


@click.command(name="export")
@root_argument
@click.option("--project", "project_code", help="只导出这个项目 / only this project.")
@click.option("--phase", type=int, help="只导出这一期的案例 / only this phase's cases.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="输出的 .xlsx 文件（默认 ROOT/台账.xlsx）/ the workbook to write (default ROOT/台账.xlsx).")
@click.option("--force", is_flag=True, help="覆盖已有的文件 / overwrite an existing file.")
@lang_option
@today_option
def export_command(root: Path, project_code: str | None, phase: int | None, out: Path | None, force: bool,
                   lang: Lang, today: Any) -> None:
    """把全部案例、缺陷类型和项目导出为一个 Excel 台账，可改后再用 handbook import 导回。

    Export every case, defect type and project to one Excel workbook that
    handbook import reads back without loss.
    """
    from ..intake.export import export_workbook
    from ..intake.words import say
    from ..validation import validate

    # The records as validated are all the export writes: no catalogue is built for it.
    result = exit_on_errors(validate(checked_root(root, lang), today=day_of(today)), root, lang)
    projects = sorted(r.rel.split("/")[1] for r in result.records if r.kind == "project")
    target = _workbook_target(projects, project_code, out or root / "台账.xlsx", force, lang)
    data, counts = export_workbook(result.records, result.taxonomy, lang, project_code, phase)
    _write_atomically(target, data, lang)
    click.echo(say("exported", lang, cases=counts["case"], defects=counts["defect"], projects=counts["project"],
                   out=os.path.relpath(target)))


def _workbook_target(projects: Collection[str], project_code: str | None, target: Path, force: bool,
                     lang: Lang) -> Path:
    """Where a workbook goes, after the checks export and template share: the project
    exists, and a file a user may have edited is overwritten only with --force."""
    from ..i18n import t
    from ..intake.words import say

    if project_code and project_code not in projects:
        raise click.UsageError(t("no_project", lang, code=project_code, known="、".join(projects) or "-"))
    if target.exists() and not force:
        raise click.ClickException(say("out_exists", lang, out=target))
    return target


def _write_atomically(target: Path, data: bytes, lang: Lang) -> None:
    from ..intake.words import say

    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        temp.write_bytes(data)
        os.replace(temp, target)
    except OSError as error:
        temp.unlink(missing_ok=True)
        raise click.ClickException(say("write_failed", lang, path=target, reason=error.strerror or error)) from None


@click.command(name="import")
@click.argument("ledger", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@root_argument
@click.option("--project", "project_code",
              help="没有项目代码的行属于这个项目 / the project of rows that name none.")
@click.option("--dry-run", is_flag=True, help="只检查并报告，不写入 / check and report only, write nothing.")
@click.option("--update", is_flag=True, help="用台账更新已有案例（只改变化的字段）/ update existing cases "
              "(changed fields only).")
@lang_option
@today_option
def import_command(ledger: Path, root: Path, project_code: str | None, dry_run: bool, update: bool, lang: Lang,
                   today: Any) -> None:
    """把 Excel 台账中的案例导入为 YAML 记录：先按 validate 的全部规则检查，有一个错误就什么都不写。

    Import the cases of an Excel ledger as YAML records. Every row is checked
    with the validator's rules first; one error anywhere writes nothing.
    """
    from ..intake.importer import apply_plan, plan_import
    from ..intake.words import LedgerError, say

    if project_code and not any((root / "cases" / project_code / name).is_file() for name in ("project.yaml",
                                                                                             "project.yml")):
        from ..i18n import t
        from ..sources import project_folders

        known = "、".join(project_folders(root)) or "-"
        raise click.UsageError(t("no_project", lang, code=project_code, known=known))
    try:
        plan = plan_import(ledger, checked_root(root, lang), project_code, update, day_of(today))
    except LedgerError as error:
        raise click.ClickException(error.message(lang)) from None
    if plan.skipped_sheets:
        click.echo(say("sheets_skipped", lang, sheets="、".join(plan.skipped_sheets)), err=True)
    for problem in plan.problems:
        click.echo(_cell_line(problem, lang), err=True)
    cases = [w for w in plan.writes if w.kind == "case"]
    counts = {"new": sum(w.created for w in cases), "updated": sum(not w.created for w in cases),
              "same": plan.unchanged, "warnings": len(plan.warnings)}
    if plan.errors:
        errors, warnings = len(plan.errors), len(plan.warnings)
        click.echo(say("failed", lang, errors=errors, warnings=warnings, errors_n=counted(errors, "error"),
                       warnings_n=counted(warnings, "warning")), err=True)
        raise SystemExit(1)
    where = displayed(root)
    for write in plan.writes:
        if write.created:
            click.echo(say("created", lang, rel=where(write.rel), sheet=write.sheet or plan.sheet, row=write.row))
            continue
        click.echo(say("updated", lang, rel=where(write.rel), id=write.id, sheet=write.sheet or plan.sheet,
                       row=write.row))
        for name, old, new in write.changes:
            click.echo(say("change", lang, label=_label(write.kind, name), field=name, old=old, new=new))
    if not dry_run:
        try:
            apply_plan(plan, root)
        except OSError as error:
            raise click.ClickException(say("write_failed", lang, path=error.filename or root,
                                           reason=error.strerror or error)) from None
    for kind in ("defect", "project"):
        mine = [w for w in plan.writes if w.kind == kind]
        if mine or plan.unchanged_by_kind.get(kind):
            click.echo(say(f"{kind}s_{'dry_run' if dry_run else 'written'}", lang, new=sum(w.created for w in mine),
                           updated=sum(not w.created for w in mine), same=plan.unchanged_by_kind.get(kind, 0)))
    click.echo(say("dry_run" if dry_run else "written", lang, **counts))


def _label(kind: str, name: str) -> str:
    from ..contract import SCHEMAS

    return SCHEMAS[kind].fields[name].label.zh


def _cell_line(problem: Problem, lang: Lang) -> str:
    """`案例!F12: error: message [code]` and the hint, as validate prints file positions."""
    from ..intake.table import ref

    cell = problem.args.get("_cell")
    shown = ""
    if cell is not None:
        shown = f"（单元格内容：“{cell}”）" if lang == "zh" else f" (the cell holds '{cell}')"
    return (f"{problem.file}!{ref(problem.column, problem.line)}: {problem.level}: {problem.message(lang)}{shown} "
            f"[{problem.code}]\n    {HINT_WORD[lang]}{problem.hint(lang)}")


@click.command(name="template")
@root_argument
@click.option("--project", "project_code", help="只提供这个项目及其分期 / offer this project and its phases only.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="输出的 .xlsx 文件（默认 ROOT/台账模板.xlsx）/ the workbook to write (default ROOT/台账模板.xlsx).")
@click.option("--force", is_flag=True, help="覆盖已有的文件 / overwrite an existing file.")
@lang_option
@today_option
def template_command(root: Path, project_code: str | None, out: Path | None, force: bool, lang: Lang,
                     today: Any) -> None:
    """生成一个空白案例台账：与导出相同的列，枚举字段有下拉列表，填好后用 handbook import 导入。

    Make an empty case ledger with the export's columns and drop-down lists for
    every enumerated field, to fill in and bring in with handbook import.
    """
    from ..catalog import build_catalog
    from ..intake.template import template_workbook
    from ..intake.vocabulary import validate_vocabulary

    result = exit_on_errors(validate_vocabulary(checked_root(root, lang), day_of(today)), root, lang)
    catalog = build_catalog(result.taxonomy, result.valid_records())
    target = _workbook_target(list(catalog.projects), project_code, out or root / "台账模板.xlsx", force, lang)
    phases = [p.number for p in catalog.projects[project_code].phases] if project_code else None
    projects = [project_code] if project_code else sorted(catalog.projects)
    data = template_workbook(catalog.taxonomy, lang, projects, phases, sorted(catalog.defects))
    _write_atomically(target, data, lang)
    click.echo(os.path.relpath(target))


def register(group: click.Group) -> None:
    group.add_command(export_command)
    group.add_command(import_command)
    group.add_command(template_command)
