"""The `handbook` command: thin commands over the library, errors as messages."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from . import __version__
from .catalog import Catalog, build_catalog
from .documents import CHECKLIST_FORMATS, DOCUMENT_FORMATS
from .i18n import t
from .problems import Lang
from .report import FORMATS, code_reference, summary
from .sources import is_root
from .validation import Validation, validate

if TYPE_CHECKING:
    from .publish import Written


class HandbookGroup(click.Group):
    """Turns an unexpected exception into one readable line instead of a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except BrokenPipeError:  # output piped into `head` and the like: stop quietly, as Unix tools do
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise SystemExit(1) from None
        except Exception as error:
            if os.environ.get("HANDBOOK_DEBUG"):
                raise
            raise _InternalError(t("internal", _lang_of(ctx), error=repr(error))) from None


class _InternalError(click.ClickException):
    """Shown as the one worded line alone: click's English "Error:" prefix would break a Chinese line."""

    def show(self, file: Any = None) -> None:
        click.echo(self.format_message(), err=True, file=file)


def _lang_of(ctx: click.Context) -> Lang:
    """The language the subcommand settled on (--lang or HANDBOOK_LANG, as click parsed
    it into the context's shared meta), or HANDBOOK_LANG when it failed before that."""
    given = ctx.meta.get(_LANG_KEY) or os.environ.get("HANDBOOK_LANG")
    return "en" if given == "en" else "zh"


_LANG_KEY = "handbook.lang"


def _remember_lang(ctx: click.Context, _param: click.Parameter, value: str) -> str:
    ctx.meta[_LANG_KEY] = value  # meta is shared with the group, which reports internal errors
    return value


def root_argument(command: Callable) -> Callable:
    return click.argument("root", type=click.Path(exists=True, file_okay=False, path_type=Path), default=".")(command)


def lang_option(command: Callable) -> Callable:
    return click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", envvar="HANDBOOK_LANG",
                        show_default=True, is_eager=True, callback=_remember_lang,
                        help="消息语言 / message language.")(command)


def today_option(command: Callable) -> Callable:
    """Hidden: lets tests and reruns of old data fix the date that 'future' is measured from."""
    return click.option("--today", type=click.DateTime(["%Y-%m-%d"]), envvar="HANDBOOK_TODAY", hidden=True)(command)


def checked_root(root: Path, lang: Lang) -> Path:
    if not is_root(root):
        raise click.UsageError(t("not_a_root", lang, root=root))
    return root


def _run_validation(root: Path, lang: Lang, today: Any, use_cache: bool = True) -> Validation:
    return validate(checked_root(root, lang), today=day_of(today), use_cache=use_cache)


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
@click.option("--quiet-notices", is_flag=True, help="不显示提示（如老问题再次发生）/ hide notices.")
@lang_option
@today_option
def validate_command(root: Path, strict: bool, fmt: str, no_cache: bool, quiet_notices: bool, lang: Lang,
                     today: Any) -> None:
    """校验 ROOT 下的全部记录，一次报告所有问题。

    Check every record under ROOT and report all problems at once. Exit 0 when
    there is no error (no warning either with --strict), 1 otherwise; notices
    never fail.
    """
    result = _run_validation(root, lang, today, use_cache=not no_cache)
    where = displayed(root)
    shown = [p for p in result.problems if not (quiet_notices and p.level == "notice")]
    lines = list(FORMATS[fmt](shown, lang, where))
    if lines:  # one write: an echo per line was 0.2 s of 40,000 lines
        click.echo("\n".join(lines))
    if fmt == "text":
        click.echo(summary(result.counts, shown, lang))
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
    print_stats(catalog, lang, day_of(today), result.config)


def catalog_or_exit(root: Path, lang: Lang, today: Any) -> tuple[Validation, Catalog]:
    """Validation as `validate` prints it; errors stop a build, warnings do not."""
    result = exit_on_errors(_run_validation(root, lang, today), root, lang)
    return result, build_catalog(result.taxonomy, result.valid_records())


def exit_on_errors(result: Validation, root: Path, lang: Lang) -> Validation:
    """`result` when it has no error; else every problem as `validate` prints it, and exit 1."""
    if result.errors:
        for line in FORMATS["text"](result.problems, lang, displayed(root)):
            click.echo(line, err=True)
        click.echo(summary(result.counts, result.problems, lang), err=True)
        raise SystemExit(1)
    return result


@main.command(name="build")
@root_argument
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="站点输出文件夹（默认 ROOT/public）/ output folder (default ROOT/public).")
@click.option("--handbooks", is_flag=True,
              help="先生成各期手册、公司汇编和各阶段评审清单（ROOT/handbooks）并在站点中链接 / "
                   "first make every phase's handbook, the company handbook and the stage checklists.")
@lang_option
@today_option
def build_command(root: Path, out: Path | None, handbooks: bool, lang: Lang, today: Any) -> None:
    """校验记录、生成页面，并用 MkDocs 构建手册站点。

    Validate, generate the pages and build the handbook site with MkDocs.
    Errors in the records stop the build; so does any MkDocs warning.
    """
    from . import build as site_build
    from . import publish
    from .terminal import Steps

    result, catalog = catalog_or_exit(root, lang, today)
    config = result.config
    del result  # the records as read: the catalogue has what the site needs, and forked workers copy less
    layout = site_build.Layout(root.resolve(), (out or root / "public").resolve())
    if not site_build.claim_output(layout.out):
        raise click.UsageError(t("out_not_ours", lang, out=layout.out))
    settings = site_build.site_settings(root)
    site_lang = site_build.language(settings)
    day, steps = day_of(today), Steps(lang)
    if handbooks:
        written = steps.run("handbooks", lambda: publish.everything(catalog, root, site_lang, config, day))
        for fmt, reason in written.skipped.items():
            click.echo(t("format_skipped", lang, format=fmt, reason=reason), err=True)
    pages = steps.run("generate", lambda: site_build.assemble(layout, catalog, site_lang, day, config))
    config_file = site_build.write_config(layout, settings, site_lang)
    warnings = steps.run("mkdocs", lambda: site_build.build_site(layout, config_file))
    for warning in warnings:
        click.echo(f"mkdocs: {warning}", err=True)
    if warnings:
        raise click.ClickException(t("mkdocs_failed", lang, count=len(warnings)))
    click.echo(t("built", lang, pages=pages, out=displayed(Path("."))(os.path.relpath(layout.out)),
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
    from .preview import serve_root

    catalog_or_exit(root, lang, today)
    serve_root(root.resolve(), dev_addr)


def formats_option(allowed: tuple[str, ...]) -> Callable:
    def parse(ctx: click.Context, param: click.Parameter, value: str) -> tuple[str, ...]:
        chosen = tuple(dict.fromkeys(part.strip().lower() for part in value.split(",") if part.strip()))
        unknown = [f for f in chosen if f not in allowed]
        if unknown or not chosen:
            raise click.BadParameter(f"{', '.join(unknown) or value!r}; choose from {','.join(allowed)}")
        return chosen
    return click.option("--format", "formats", default=",".join(allowed), show_default=True, callback=parse,
                        help="逗号分隔的输出格式 / comma-separated output formats.")


def out_option(command: Callable) -> Callable:
    return click.option("--out", type=click.Path(file_okay=False, path_type=Path),
                        help="输出文件夹（默认 ROOT/handbooks）/ output folder (default ROOT/handbooks).")(command)


def report_written(written: Written, lang: Lang) -> None:
    for path in written.files:
        click.echo(os.path.relpath(path))
    for fmt, reason in written.skipped.items():
        click.echo(t("format_skipped", lang, format=fmt, reason=reason), err=True)
    if written.skipped:
        raise SystemExit(1)


@main.command(name="project")
@click.argument("code")
@root_argument
@click.option("--phase", type=int, help="只生成这一期（默认全部分期）/ only this phase (default: all).")
@formats_option(DOCUMENT_FORMATS)
@out_option
@click.option("--draft", is_flag=True, help="案例不足时也生成，标为草稿 / make it anyway, marked draft.")
@lang_option
@today_option
def project_command(code: str, root: Path, phase: int | None, formats: tuple[str, ...], out: Path | None,
                    draft: bool, lang: Lang, today: Any) -> None:
    """生成项目某期（默认每期）的《产品服务缺陷反馈手册》。

    Make the defect feedback handbook of each phase of project CODE. A phase
    with fewer cases than the minimum (30 unless handbook.yaml says otherwise)
    fails with exit 1 unless --draft is given.
    """
    from . import publish
    from .documents import BelowMinimum, project_handbook

    result, catalog = catalog_or_exit(root, lang, today)
    if code not in catalog.projects:
        raise click.UsageError(t("no_project", lang, code=code, known="、".join(catalog.projects) or "-"))
    project = catalog.projects[code]
    numbers = [p.number for p in project.phases]
    if phase is not None and phase not in numbers:
        raise click.UsageError(t("no_phase", lang, code=code, phase=phase, known="、".join(map(str, numbers))))
    written, failed = publish.Written(), []
    for number in [phase] if phase is not None else numbers:
        try:
            doc = project_handbook(catalog, code, number, result.config, day_of(today), draft=draft)
        except BelowMinimum as short:
            failed.append(t("below_minimum", lang, code=code, phase=short.phase.title, count=short.count,
                            minimum=short.minimum, missing=short.minimum - short.count))
            continue
        publish.project(doc, root, out or root / publish.OUT, formats, lang, written)
    for message in failed:
        click.echo(message, err=True)
    report_written(written, lang)
    if failed:
        raise SystemExit(1)


@main.command(name="company")
@root_argument
@formats_option(DOCUMENT_FORMATS)
@out_option
@lang_option
@today_option
def company_command(root: Path, formats: tuple[str, ...], out: Path | None, lang: Lang, today: Any) -> None:
    """生成公司汇编手册：全部项目的老问题排名、各缺陷类型的案例与预防措施、各项目概况。

    Make the company handbook: recurring defect types ranked across all projects,
    each with its cases per project and year and its measures; project summaries.
    """
    from . import publish
    from .documents import company_handbook

    result, catalog = catalog_or_exit(root, lang, today)
    written = publish.Written()
    publish.company(company_handbook(catalog, result.config, day_of(today)), out or root / publish.OUT, formats, lang,
                    written)
    report_written(written, lang)


@main.command(name="review")
@root_argument
@click.option("--stage", required=True, help="评审阶段：design、construction、sales、delivery、property 或中文名。")
@click.option("--project", "project_code", help="按项目的产品类型筛选 / filter by this project's product types.")
@click.option("--product-type", "product_types", multiple=True,
              help="按产品类型筛选，如 高层 / filter by product type.")
@click.option("--department", help="按责任部门筛选，如 design 或 设计管理部 / filter by department.")
@formats_option(CHECKLIST_FORMATS)
@out_option
@lang_option
@today_option
def review_command(root: Path, stage: str, project_code: str | None, product_types: tuple[str, ...],
                   department: str | None, formats: tuple[str, ...], out: Path | None, lang: Lang,
                   today: Any) -> None:
    """生成设计、施工等阶段评审用的检查清单，按优先级排序。

    Make a review checklist for a stage: the defect types whose preventive
    measures name that stage, filtered to what applies, ranked by a priority
    shown in the output; each measure is a check item to fill in.
    """
    from . import publish
    from .documents import review_checklist

    _result, catalog = catalog_or_exit(root, lang, today)
    tax = catalog.taxonomy
    stage_key = tax.normalize("stage", stage)
    if stage_key is None:
        raise click.BadParameter(f"{stage!r}: {'、'.join(tax.choices('stage'))}", param_hint="--stage")
    department_key = tax.normalize("department", department) if department else None
    if department and department_key is None:
        raise click.BadParameter(f"{department!r}: {'、'.join(tax.choices('department'))}", param_hint="--department")
    if project_code and project_code not in catalog.projects:
        raise click.UsageError(t("no_project", lang, code=project_code, known="、".join(catalog.projects)))
    doc = review_checklist(catalog, stage_key, day_of(today), project_code, product_types, department_key)
    written = publish.Written()
    publish.review(doc, out or root / publish.OUT, formats, lang, written)
    report_written(written, lang)


def day_of(today: Any) -> date:
    return today.date() if today else date.today()


@main.command()
@lang_option
def codes(lang: Lang) -> None:
    """列出全部问题代码及示例（Markdown）。List every problem code with an example (Markdown)."""
    click.echo(code_reference(lang))


def displayed(root: Path) -> Callable[[str], str]:
    """Paths as the user would type them: relative to the working folder when inside it."""
    base = root.resolve()
    cwd = Path.cwd().resolve()
    prefix = base.relative_to(cwd).as_posix() if base.is_relative_to(cwd) else base.as_posix()
    return lambda rel: rel if prefix in ("", ".") else f"{prefix}/{rel}"


# Command groups of their own modules, which register on `main`; imported last because they use the helpers above.
from .commands import authoring as _authoring  # noqa: E402
from .commands import init as _init  # noqa: E402
from .commands import intake as _intake  # noqa: E402
from .commands import process  # noqa: E402, F401
from .commands import suggest as _suggest  # noqa: E402
from .commands import training as _training  # noqa: E402

_init.register(main)
_intake.register(main)
_authoring.register(main)
_suggest.register(main)
_training.register(main)
