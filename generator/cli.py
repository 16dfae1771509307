"""The `handbook` command: thin commands over the library, errors as messages."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any, Callable

import click

from . import __version__
from .catalog import build_catalog
from .i18n import t
from .problems import Lang
from .report import FORMATS, code_reference, summary
from .sources import is_root
from .validation import Validation, validate


class HandbookGroup(click.Group):
    """Turns an unexpected exception into one readable line instead of a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as error:  # noqa: BLE001 - the last line of defence, by design
            if os.environ.get("HANDBOOK_DEBUG"):
                raise
            raise click.ClickException(t("internal", _lang_of(ctx), error=repr(error))) from None


def _lang_of(ctx: click.Context) -> Lang:
    """The --lang a subcommand was given, read before click has parsed it."""
    args = [*getattr(ctx, "_protected_args", []), *ctx.args]
    given = next((a.split("=", 1)[1] for a in args if a.startswith("--lang=")), None)
    if given is None and "--lang" in args[:-1]:
        given = args[args.index("--lang") + 1]
    return "en" if (given or os.environ.get("HANDBOOK_LANG")) == "en" else "zh"


def root_argument(command: Callable) -> Callable:
    return click.argument("root", type=click.Path(exists=True, file_okay=False, path_type=Path), default=".")(command)


def lang_option(command: Callable) -> Callable:
    return click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", envvar="HANDBOOK_LANG",
                        show_default=True, help="消息语言 / message language.")(command)


def today_option(command: Callable) -> Callable:
    """Hidden: lets tests and reruns of old data fix the date that 'future' is measured from."""
    return click.option("--today", type=click.DateTime(["%Y-%m-%d"]), envvar="HANDBOOK_TODAY", hidden=True)(command)


def _checked_root(root: Path, lang: Lang) -> Path:
    if not is_root(root):
        raise click.UsageError(t("not_a_root", lang, root=root))
    return root


def _run_validation(root: Path, lang: Lang, today: Any, use_cache: bool = True) -> Validation:
    day = today.date() if today else date.today()
    return validate(_checked_root(root, lang), today=day, use_cache=use_cache)


@click.group(cls=HandbookGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="handbook")
def main() -> None:
    """产品服务缺陷反馈手册：校验缺陷记录，统计并生成手册。

    Defect feedback handbook: validate the defect records, summarise them, build the handbook.
    """


@main.command()
@root_argument
@click.option("--strict", is_flag=True, help="警告也视为失败 / fail on warnings too.")
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default="text", show_default=True,
              help="输出格式 / output format.")
@click.option("--no-cache", is_flag=True, help="不使用解析缓存 / do not use the parse cache.")
@lang_option
@today_option
def validate_command(root: Path, strict: bool, fmt: str, no_cache: bool, lang: Lang, today: Any) -> None:
    """校验 ROOT 下的全部记录，一次报告所有问题。

    Check every record under ROOT and report all problems at once. Exit 0 when
    there is no error (no warning either with --strict), 1 otherwise.
    """
    result = _run_validation(root, lang, today, use_cache=not no_cache)
    where = _displayed(root)
    for line in FORMATS[fmt](result.problems, lang, where):
        click.echo(line)
    if fmt == "text":
        click.echo(summary(result.counts, result.problems, lang))
    failed = result.errors or (strict and result.warnings)
    raise SystemExit(1 if failed else 0)


validate_command.name = "validate"


@main.command()
@root_argument
@lang_option
@today_option
def stats(root: Path, lang: Lang, today: Any) -> None:
    """统计 ROOT 的缺陷与案例：分类、项目分期、等级、状态、来源、老问题和手册进度。

    Summarise ROOT: counts by category, project and phase, grade, status and
    source; the most recurrent defect types; each phase's handbook progress.
    """
    from .terminal import print_stats  # pandas and rich load only for this command

    result = _run_validation(root, lang, today)
    if result.errors:
        click.echo(t("has_errors", lang), err=True)
    catalog = build_catalog(result.taxonomy, result.valid_records())
    print_stats(catalog, lang, today.date() if today else date.today())


@main.command()
@lang_option
def codes(lang: Lang) -> None:
    """列出全部问题代码及示例（Markdown）。List every problem code with an example (Markdown)."""
    click.echo(code_reference(lang))


def _displayed(root: Path) -> Callable[[str], str]:
    """Paths as the user would type them: relative to the working folder when inside it."""
    base = root.resolve()
    cwd = Path.cwd().resolve()
    prefix = base.relative_to(cwd).as_posix() if base.is_relative_to(cwd) else base.as_posix()
    return lambda rel: rel if prefix in ("", ".") else f"{prefix}/{rel}"
