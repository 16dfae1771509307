"""JSON Schemas of the record kinds, for editors (the VS Code YAML extension reads draft-07).

They are written from the contract's field specs (each field's `json_schema`), so an editor
offers and checks what the validator accepts; the validator stays the judge of what an editor
cannot know (ids matching file names, references between records, the domain rules).
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from .contract import CASE_ID, CASE_ID_SHAPE, SCHEMAS
from .problems import Lang
from .schema import JSON, padded
from .taxonomy import AXES, Taxonomy

DRAFT = "http://json-schema.org/draft-07/schema#"
# The file of each kind, and the records it describes (relative to the root, for `yaml.schemas`).
FILES: dict[str, tuple[str, str]] = {
    "defect": ("defect.json", "defects/**/D-*.yaml"),
    "project": ("project.json", "cases/*/project.yaml"),
    "case": ("case.json", "cases/*/phase-*/*.yaml"),
    "taxonomy": ("taxonomy.json", "defects/taxonomy.yaml"),
    "config": ("handbook.json", "handbook.yaml"),
    "training": ("training.json", "training.yaml"),
}
FOLDER = "schema"  # under the root (`handbook schema`) and under the site
MARK = "handbook schema"  # in every file's $comment: a file without it is not ours to overwrite
_TITLES = {"defect": ("缺陷类型", "Defect type"), "project": ("项目", "Project"), "case": ("案例", "Case"),
           "taxonomy": ("分类扩展（defects/taxonomy.yaml）", "Taxonomy extension (defects/taxonomy.yaml)"),
           "config": ("手册设置（handbook.yaml）", "Handbook settings (handbook.yaml)"),
           "training": ("培训记录（training.yaml）", "Training log (training.yaml)")}


def document(kind: str, taxonomy: Taxonomy, lang: Lang = "zh", projects: Iterable[str] = ()) -> JSON:
    """One kind's schema; a case id is `<CODE>-` and 3 or more digits, of the root's projects when known."""
    schema = SCHEMAS[kind].json_schema(taxonomy, lang)
    if kind == "case":
        codes = "|".join(sorted(projects))
        shape = CASE_ID_SHAPE.zh if lang == "zh" else CASE_ID_SHAPE.en
        pattern = rf"({codes})-\d{{3,}}" if codes else CASE_ID
        schema["properties"]["id"] |= {"type": "string", "pattern": padded(pattern),
                                       "description": f"{schema['properties']['id']['description']}：{shape}",
                                       "examples": ["LAHF-001"]}
    if kind == "taxonomy":  # the axes share one spec ("added keys"): each is titled by its axis
        for axis, shape in schema["properties"].items():
            shape["title"] = f"新增{AXES[axis].zh}" if lang == "zh" else f"added {AXES[axis].en} keys"
    comment = (f"由 {MARK} 从记录格式生成，请勿手改。" if lang == "zh"
               else f"Written by {MARK} from the record format; do not edit.")
    return {"$schema": DRAFT, "$comment": comment, "title": _TITLES[kind][0 if lang == "zh" else 1], **schema}


def documents(taxonomy: Taxonomy, lang: Lang = "zh", projects: Iterable[str] = ()) -> dict[str, str]:
    """Every schema file as name -> JSON text."""
    codes = list(projects)
    return {name: json.dumps(document(kind, taxonomy, lang, codes), ensure_ascii=False, indent=2) + "\n"
            for kind, (name, _glob) in FILES.items()}


def modeline(kind: str, depth: int) -> str:
    """The editor's first line for a record `depth` folders below the root, pointing at the root's
    schema folder (the YAML extension resolves a relative path from the record's own folder)."""
    return f"# yaml-language-server: $schema={'../' * depth}{FOLDER}/{FILES[kind][0]}"


def vscode_setting(folder: str) -> str:
    """The `yaml.schemas` entry of VS Code's settings.json for a root whose schemas are in `folder`,
    for records written before they carried the modeline."""
    pairs = {f"{folder}/{name}": glob for name, glob in FILES.values()}
    return json.dumps({"yaml.schemas": pairs}, ensure_ascii=False, indent=2)
