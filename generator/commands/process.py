"""Commands of the feedback process (issue 9): tracking the rectifications.

Thin, like the rest of the CLI: parse the options, call one library function,
write what it returns.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from ..cli import _catalog_or_exit, _day, lang_option, main, root_argument, today_option
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
    _result, catalog = _catalog_or_exit(root, lang, today)
    day, tax = _day(today), catalog.taxonomy
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
