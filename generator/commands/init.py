"""`handbook init`: a new handbook root for a department's own repository."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import click

from ..cli import day_of, lang_option, today_option
from ..contract import PROJECT_CODE
from ..problems import Lang

_WORDS = {
    "exists": ("{root} 已是手册根目录（已有 {paths}），init 什么都没写：请换一个空文件夹，或在这里用 handbook new。",
               "{root} is a handbook root already (it holds {paths}); init wrote nothing: choose an empty folder, "
               "or use handbook new here."),
    "kept": ("保留了已有的文件，没有改动：{paths}", "kept the existing files as they are: {paths}"),
    "bad_code": ("项目代码 “{code}” 不合规：须为 2-12 位大写字母或数字、以字母开头，例如 LAHF。",
                 "project code '{code}' is not valid: 2-12 capital letters or digits starting with a letter, "
                 "such as LAHF."),
    "bad_ci": ("--ci 的值 “{host}” 不认识：可选 github、gitlab（用逗号分隔）。",
               "unknown --ci host '{host}': choose github, gitlab (comma-separated)."),
    "written": ("已在 {root} 建好手册根目录（{count} 个文件）。下一步：cd {root} && handbook validate && "
                "handbook serve",
                "Made a handbook root in {root} ({count} files). Next: cd {root} && handbook validate && "
                "handbook serve"),
    "write_failed": ("无法写入 {path}：{reason}", "cannot write {path}: {reason}"),
}


def _say(key: str, lang: Lang, **args: object) -> str:
    zh, en = _WORDS[key]
    return (zh if lang == "zh" else en).format(**args)


@click.command(name="init")
@click.argument("root", required=False, default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--name", help="集团或公司名称（站点标题、手册封面）/ the group's name (site title, covers).")
@click.option("--project", "projects", multiple=True, metavar="CODE",
              help="建一个项目（可重复）：cases/CODE/project.yaml 和一个示例案例 / a project to create (repeatable).")
@click.option("--ci", "ci", default="github", show_default=True,
              help="写入哪些 CI 文件：github、gitlab，逗号分隔；none 不写 / CI files to write: github,gitlab or none.")
@lang_option
@today_option
def init_command(root: Path, name: str | None, projects: tuple[str, ...], ci: str, lang: Lang, today: Any) -> None:
    """新建一个手册根目录：示例缺陷类型、分类扩展、项目和示例案例、站点设置、CI、pre-commit 和编辑器设置。

    Create a ready handbook root: starter defect types, the taxonomy extension,
    projects with an example case, site settings, CI, pre-commit and editor settings.
    """
    from ..scaffold_root import CI_HOSTS, RootExists, plan, write

    for code in projects:
        if not re.fullmatch(PROJECT_CODE, code):
            raise click.UsageError(_say("bad_code", lang, code=code))
    hosts = [host.strip() for host in ci.split(",") if host.strip() and host.strip() != "none"]
    for host in hosts:
        if host not in CI_HOSTS:
            raise click.UsageError(_say("bad_ci", lang, host=host))
    files = plan(name, projects, hosts, day_of(today))
    try:
        kept = write(root, files)
    except RootExists as taken:
        raise click.ClickException(_say("exists", lang, root=root, paths="、".join(taken.paths))) from None
    except OSError as error:
        raise click.ClickException(_say("write_failed", lang, path=error.filename or root,
                                        reason=error.strerror or error)) from None
    if kept:
        click.echo(_say("kept", lang, paths="、".join(kept)))
    click.echo(_say("written", lang, root=os.path.relpath(root), count=len(files) - len(kept)))


def register(group: click.Group) -> None:
    group.add_command(init_command)
