"""`handbook schema` and `handbook new`: writing records without knowing YAML by heart."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import click

from ..cli import checked_root, day_of, lang_option, root_argument, today_option
from ..i18n import t
from ..problems import Lang
from ..validation import Validation

_WORDS: dict[str, tuple[str, str]] = {
    "schema_written": ("已写入 {count} 个 JSON Schema 到 {out}/；VS Code 的设置（settings.json）中加入：",
                       "Wrote {count} JSON Schemas into {out}/; add to VS Code's settings.json:"),
    "schema_not_ours": ("{path} 不是 handbook schema 写的文件；为免覆盖，请换一个 --out 文件夹。",
                        "{path} was not written by handbook schema; to avoid overwriting it, choose another --out."),
    "record_exists": ("{path} 已存在，未改动；请编辑它，或换一个编号。",
                      "{path} exists and was left as it is; edit it, or choose another id."),
    "new_written": ("已新建 {path}：填写标有（必填）的字段后运行 handbook validate。",
                    "Created {path}: fill in the fields marked (required), then run handbook validate."),
    "no_schema_yet": ("编辑器提示需要 {schema}：运行 handbook schema 生成。",
                      "Editor hints need {schema}: run handbook schema to write it."),
    "bad_choice": ("{axis} “{value}” 不存在；可选：{allowed}", "There is no {axis} '{value}'; choose from: {allowed}"),
    "bad_code": ("项目代码 “{code}” 不合格式：{shape}，例如 LAHF。",
                 "Project code '{code}' does not fit: {shape}, e.g. LAHF."),
    "bad_prefix": ("编号前缀 “{prefix}” 不合格式：2-8 个大写字母，例如 AC。",
                   "Id prefix '{prefix}' does not fit: 2-8 capital letters, e.g. AC."),
    "no_defect": ("没有缺陷类型 “{id}”；请先用 handbook new defect 新建，或查看缺陷一览表。",
                  "There is no defect type '{id}'; create it with handbook new defect first, or look it up."),
}


def _say(key: str, lang: Lang, **args: object) -> str:
    zh, en = _WORDS[key]
    return (zh if lang == "zh" else en).format(**args)


@click.command(name="schema")
@root_argument
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="输出文件夹（默认 ROOT/schema）/ output folder (default ROOT/schema).")
@lang_option
@today_option
def schema_command(root: Path, out: Path | None, lang: Lang, today: Any) -> None:
    """为编辑器（VS Code YAML 插件）生成记录格式的 JSON Schema，含根目录的分类扩展和项目代码。

    Write the JSON Schemas of the record kinds for editors (the VS Code YAML
    extension), with the root's own vocabulary and project codes.
    """
    from ..editor_schema import MARK, documents, vscode_setting
    from ..sources import is_root, project_folders
    from ..taxonomy import default_taxonomy
    from ..validation import validate

    taxonomy = validate(root, today=day_of(today)).taxonomy if is_root(root) else default_taxonomy()
    target = out or root / "schema"
    files = documents(taxonomy, lang, project_folders(root))
    for name in files:
        path = target / name
        if path.exists() and MARK not in path.read_text(encoding="utf-8", errors="replace")[:400]:
            raise click.ClickException(_say("schema_not_ours", lang, path=path))
    try:
        target.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            _replace(target / name, text.encode("utf-8"))
    except OSError as error:
        from ..intake.words import say

        raise click.ClickException(say("write_failed", lang, path=error.filename or target,
                                       reason=error.strerror or error)) from None
    click.echo(_say("schema_written", lang, count=len(files), out=os.path.relpath(target)))
    click.echo(vscode_setting(Path(os.path.relpath(target, root)).as_posix()))


def _replace(path: Path, data: bytes) -> None:
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temp.write_bytes(data)
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)


@click.group(name="new")
def new_group() -> None:
    """新建一个记录文件：下一个空闲编号，全部字段齐全，每个字段上方注明可填的值。

    Create a record file with the next free id, every field present and a
    comment above each saying what it takes.
    """


@new_group.command(name="defect")
@root_argument
@click.option("--category", required=True, help="分类（键或中文名）/ category (key or label).")
@click.option("--prefix", help="编号前缀，如 AC（默认由分类得出）/ id prefix such as AC (default from the category).")
@lang_option
@today_option
def new_defect(root: Path, category: str, prefix: str | None, lang: Lang, today: Any) -> None:
    """新建缺陷类型 defects/<分类>/D-<前缀>-<序号>.yaml。Create defects/<category>/D-<PREFIX>-<NNN>.yaml."""
    result = _root(root, lang, today)
    key = _choice(result, "category", category, lang, "--category")
    prefix = prefix or re.sub(r"[^A-Z]", "", key.upper())[:8].ljust(2, "X")
    if not re.fullmatch(r"[A-Z]{2,8}", prefix):
        raise click.BadParameter(_say("bad_prefix", lang, prefix=prefix), param_hint="--prefix")
    taken = {r.values.get("id") for r in result.records if r.kind == "defect"}
    taken |= {p.stem for p in (root / "defects").rglob("D-*.y*ml")}
    number = _next(prefix, taken)
    defect_id = f"D-{prefix}-{number:03d}"
    given = {"id": defect_id, "category": result.taxonomy.label("category", key) if lang == "zh" else key}
    _create(root, f"defects/{key}/{defect_id}.yaml", "defect", result, given, lang)


@new_group.command(name="case")
@root_argument
@click.option("--project", "project_code", required=True, help="项目代码 / project code.")
@click.option("--phase", type=int, help="期号（默认最新一期）/ phase (default: the latest).")
@click.option("--defect", "defect_id", help="缺陷类型编号 / defect type id.")
@lang_option
@today_option
def new_case(root: Path, project_code: str, phase: int | None, defect_id: str | None, lang: Lang,
             today: Any) -> None:
    """新建案例 cases/<项目>/phase-<期>/<项目>-<序号>.yaml。Create cases/<CODE>/phase-<N>/<CODE>-<NNN>.yaml."""
    result = _root(root, lang, today)
    from ..sources import project_folders

    projects = {r.rel.split("/")[1]: r for r in result.records if r.kind == "project"}
    known = project_folders(root)  # a project file with errors is still the project's
    if project_code not in known or not any((root / "cases" / project_code / f"project.{ext}").is_file()
                                            for ext in ("yaml", "yml")):
        raise click.BadParameter(t("no_project", lang, code=project_code, known="、".join(sorted(projects)) or "-"),
                                 param_hint="--project")
    record = projects.get(project_code)
    phases = [p["phase"] for p in (record.values.get("phases") if record else None) or [] if p and p.get("phase")]
    phase = phase if phase is not None else max(phases, default=1)
    if phases and phase not in phases:
        raise click.BadParameter(t("no_phase", lang, code=project_code, phase=phase,
                                   known="、".join(map(str, phases))), param_hint="--phase")
    if defect_id and defect_id not in {r.values.get("id") for r in result.records if r.kind == "defect"}:
        raise click.BadParameter(_say("no_defect", lang, id=defect_id), param_hint="--defect")
    taken = {r.values.get("id") for r in result.records if r.kind == "case"}
    taken |= {p.stem for p in (root / "cases" / project_code).rglob(f"{project_code}-*.y*ml")}
    case_id = f"{project_code}-{_next(project_code, taken):03d}"
    given = {"id": case_id, "project": project_code, "defect": defect_id or "", "phase": str(phase)}
    _create(root, f"cases/{project_code}/phase-{phase}/{case_id}.yaml", "case", result, given, lang)


@new_group.command(name="project")
@click.argument("code")
@root_argument
@lang_option
@today_option
def new_project(code: str, root: Path, lang: Lang, today: Any) -> None:
    """新建项目 cases/<代码>/project.yaml（含第一期）。Create cases/<CODE>/project.yaml with its first phase."""
    from ..contract import PROJECT, PROJECT_CODE

    result = _root(root, lang, today)
    if not re.fullmatch(PROJECT_CODE, code):
        shape = PROJECT.fields["code"].shape_text  # type: ignore[attr-defined]
        raise click.BadParameter(_say("bad_code", lang, code=code, shape=getattr(shape, lang)), param_hint="CODE")
    phase = {"phase": "1", "name": "一期" if lang == "zh" else "Phase 1"}
    _create(root, f"cases/{code}/project.yaml", "project", result, {"code": code}, lang, [phase])


def _root(root: Path, lang: Lang, today: Any) -> Validation:
    from ..validation import validate

    return validate(checked_root(root, lang), today=day_of(today))


def _choice(result: Validation, axis: str, value: str, lang: Lang, option: str) -> str:
    key = result.taxonomy.normalize(axis, value)
    if key is None:
        from ..taxonomy import AXES

        raise click.BadParameter(_say("bad_choice", lang, axis=getattr(AXES[axis], lang), value=value,
                                      allowed="、".join(result.taxonomy.choices(axis))), param_hint=option)
    return key


def _next(prefix: str, taken: set[Any]) -> int:
    """One more than the highest number after `prefix-` among the ids taken."""
    numbers = [int(m[1]) for i in taken if isinstance(i, str) and (m := re.fullmatch(rf"(?:D-)?{prefix}-(\d+)", i))]
    return max(numbers, default=0) + 1


def _create(root: Path, rel: str, kind: str, result: Validation, given: dict[str, Any], lang: Lang,
            nested: list[dict[str, Any]] | None = None) -> None:
    """Write the new file, never over an existing one (opened for exclusive creation)."""
    from ..editor_schema import FILES
    from ..intake.scaffold import scaffold
    from ..intake.words import say

    path = root / rel
    text = scaffold(kind, result.taxonomy, given, lang, nested)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        raise click.ClickException(_say("record_exists", lang, path=rel)) from None
    except OSError as error:
        raise click.ClickException(say("write_failed", lang, path=rel, reason=error.strerror or error)) from None
    click.echo(_say("new_written", lang, path=os.path.relpath(path)))
    schema = root / "schema" / FILES[kind][0]
    if not schema.exists():
        click.echo(_say("no_schema_yet", lang, schema=os.path.relpath(schema)), err=True)


def register(group: click.Group) -> None:
    group.add_command(schema_command)
    group.add_command(new_group)
