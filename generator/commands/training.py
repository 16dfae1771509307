"""`handbook training`: a training deck from the cases, for a stage or for chosen cases."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import click

from ..cli import catalog_or_exit, day_of, formats_option, lang_option, root_argument, today_option
from ..i18n import t
from ..problems import Lang

TRAINING_FORMATS = ("pptx", "docx", "html", "pdf")


@click.command(name="training")
@root_argument
@click.option("--stage", help="培训对象的阶段：design、construction、sales、delivery、property 或中文名 / "
                              "the audience's stage.")
@click.option("--month", callback=lambda ctx, param, value: _month(value),
              help="为该月（YYYY-MM）挑选尚未学习、最值得学习的案例 / pick the month's cases for shared study.")
@click.option("--cases", "case_ids", help="逗号分隔的案例编号 / comma-separated case ids.")
@click.option("--project", "project_code", help="只用这个项目的案例（--stage）/ only this project's cases.")
@formats_option(TRAINING_FORMATS)
@click.option("--template", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="企业自己的 .pptx 模板 / a corporate .pptx template.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="输出文件夹（默认 ROOT/handbooks）/ output folder (default ROOT/handbooks).")
@lang_option
@today_option
def training_command(root: Path, stage: str | None, month: str | None, case_ids: str | None, project_code: str | None,
                     formats: tuple[str, ...], template: Path | None, out: Path | None, lang: Lang,
                     today: Any) -> None:
    """生成培训课件（PPTX）：某阶段的缺陷类型按评审清单优先级各取最典型的案例，或指定的案例。

    Make a training deck: for --stage, the defect types whose measures name the
    stage, ranked as the review checklist ranks them, each with its strongest
    case; for --cases, exactly those cases.
    """
    from .. import training
    from ..publish import OUT
    from ..render import handout, pdf
    from ..render.deck import TemplateError, deck

    if sum(given is not None for given in (stage, month, case_ids)) != 1:
        raise click.UsageError(t("training_one_input", lang))
    result, catalog = catalog_or_exit(root, lang, today)
    if project_code and project_code not in catalog.projects:
        raise click.UsageError(t("no_project", lang, code=project_code, known="、".join(catalog.projects) or "-"))
    if stage is not None:
        key = catalog.taxonomy.normalize("stage", stage)
        if key is None:
            raise click.BadParameter(f"{stage!r}: {'、'.join(catalog.taxonomy.choices('stage'))}", param_hint="--stage")
        pack = training.stage_pack(catalog, key, result.config, day_of(today), project_code)
    elif month is not None:
        picks = training.month_picks(catalog, month, _studied(result.records), result.config.cases_per_month)
        for pick in picks:
            reasons = "；".join(getattr(reason, lang) for reason in pick.reasons)
            click.echo(t("training_pick", lang, id=pick.case.id, title=pick.case.title, reasons=reasons))
        pack = training.month_pack(catalog, month, picks, result.config, day_of(today))
    else:
        ids = tuple(dict.fromkeys(part.strip() for part in (case_ids or "").split(",") if part.strip()))
        unknown = [i for i in ids if i not in catalog.cases]
        if unknown or not ids:
            raise click.UsageError(t("training_unknown_cases", lang, ids="、".join(unknown) or "-"))
        pack = training.cases_pack(catalog, ids, result.config, day_of(today))
    if not pack.lessons:
        raise click.ClickException(t("training_empty", lang))
    files: dict[str, bytes] = {}
    if "pptx" in formats:
        try:
            files[f"{pack.stem}.pptx"] = deck(pack, root, template)
        except TemplateError as error:
            raise click.ClickException(t("training_template", lang, reason=error)) from None
    questions = training.quiz(catalog, pack)
    if "docx" in formats:
        files[f"{pack.stem}-handout.docx"] = handout.handout(pack, questions)
    page = handout.html(pack, questions, catalog, lang)
    if "html" in formats:
        files[f"{pack.stem}-handout.html"] = page.encode("utf-8")
    skipped = None
    if "pdf" in formats:
        try:
            files[f"{pack.stem}-handout.pdf"] = pdf.from_html(page)
        except pdf.PdfUnavailable as error:
            skipped = str(error)
    folder = out or root / OUT
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
        click.echo(os.path.relpath(folder / name))
    if skipped is not None:
        click.echo(t("format_skipped", lang, format="pdf", reason=skipped), err=True)
        raise SystemExit(1)


def _month(value: str | None) -> str | None:
    if value is not None and not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value):
        raise click.BadParameter(f"{value!r}: YYYY-MM, e.g. 2026-10")
    return value


def _studied(records: list[Any]) -> set[str]:
    """Case ids training.yaml logs as studied (none when it has errors: those stop first)."""
    from ..model import training_log

    return {case for record in records if record.kind == "training" for s in training_log(record) for case in s.cases}


def register(group: click.Group) -> None:
    group.add_command(training_command)
