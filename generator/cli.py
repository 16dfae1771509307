"""The `handbook` command: thin commands over the library, errors as messages."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any, Callable

import click

from . import __version__
from .catalog import Catalog, build_catalog
from .config import Config
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


def _catalog_or_exit(root: Path, lang: Lang, today: Any) -> tuple[Validation, Catalog]:
    """Validation as `validate` prints it; errors stop a build, warnings do not."""
    result = _run_validation(root, lang, today)
    if result.errors:
        for line in FORMATS["text"](result.problems, lang, _displayed(root)):
            click.echo(line, err=True)
        click.echo(summary(result.counts, result.problems, lang), err=True)
        raise SystemExit(1)
    return result, build_catalog(result.taxonomy, result.valid_records())


@main.command(name="build")
@root_argument
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="站点输出文件夹（默认 ROOT/public）/ output folder (default ROOT/public).")
@lang_option
@today_option
def build_command(root: Path, out: Path | None, lang: Lang, today: Any) -> None:
    """校验记录、生成页面，并用 MkDocs 构建手册站点。

    Validate, generate the pages and build the handbook site with MkDocs.
    Errors in the records stop the build; so does any MkDocs warning.
    """
    from . import build as site_build
    from .terminal import Steps

    _, catalog = _catalog_or_exit(root, lang, today)
    layout = site_build.Layout(root.resolve(), (out or root / "public").resolve())
    if not site_build.claim_output(layout.out):
        raise click.UsageError(t("out_not_ours", lang, out=layout.out))
    settings = site_build.site_settings(root)
    site_lang = site_build.language(settings)
    day = today.date() if today else date.today()
    with Steps(lang) as steps:
        pages = steps.run("generate", lambda: site_build.assemble(layout, catalog, site_lang, day, Config()))
        config_file = site_build.write_config(layout, settings, site_lang)
        warnings = steps.run("mkdocs", lambda: site_build.run_mkdocs(config_file))
    for warning in warnings:
        click.echo(f"mkdocs: {warning}", err=True)
    if warnings:
        raise click.ClickException(t("mkdocs_failed", lang, count=len(warnings)))
    click.echo(t("built", lang, pages=pages, out=_displayed(Path("."))(os.path.relpath(layout.out)),
                 seconds=steps.total))


@main.command()
@root_argument
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True, help="预览地址 / address to serve on.")
@lang_option
@today_option
def serve(root: Path, dev_addr: str, lang: Lang, today: Any) -> None:
    """预览手册站点，修改 YAML 记录或页面后自动刷新。

    Preview the site; editing a YAML record or a page rebuilds and reloads it.
    """
    from . import build as site_build
    from .preview import serve_root

    _catalog_or_exit(root, lang, today)
    serve_root(root.resolve(), dev_addr)


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
