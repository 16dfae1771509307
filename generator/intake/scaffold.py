"""A new record's file, every field present, for staff who start from an empty file.

Each field comes from the contract's spec with a comment line above it saying what it
takes (the allowed keys and labels from the root's taxonomy, the shape of an id, the
date form), so the file is its own form; the first line points editors at the JSON
Schema. Left as written, the empty required fields are reported by `validate` at their
own lines; filled in, the file validates.
"""

from __future__ import annotations

from ..contract import CASE, CASE_ID_SHAPE, SCHEMAS
from ..editor_schema import modeline
from ..problems import Lang
from ..schema import Choice, DateField, Field, Integer, ListOf, MapOf, Markdown, Nested, Number, Pattern, Schema
from ..taxonomy import Taxonomy
from . import yamltext

Given = dict[str, str | list[str]]
_DEPTH = {"defect": 2, "project": 2, "case": 3}  # defects/<category>/, cases/<CODE>/, cases/<CODE>/phase-<N>/


def scaffold(kind: str, taxonomy: Taxonomy, given: Given, lang: Lang = "zh",
             nested: list[Given] | None = None) -> str:
    """The file's text: the modeline, then each field of the kind with its comment and the given value
    (`nested` holds the items of a list of mappings, such as a project's phases)."""
    lines = [modeline(kind, _DEPTH[kind])]
    schema = SCHEMAS[kind]
    for name, spec in schema.fields.items():
        lines.append(f"# {comment(spec, taxonomy, lang, given)}")
        if isinstance(spec, ListOf) and isinstance(spec.item, Nested) and spec.required:
            lines += [f"{name}:", *_items(spec.item.schema, nested or [{}], taxonomy, lang)]
        elif isinstance(spec, (ListOf, Nested)) and isinstance(spec.item if isinstance(spec, ListOf) else spec, Nested):
            lines += [f"{name}:", *_commented(spec, taxonomy, lang)]
        elif given.get(name) not in (None, "", []):
            lines += yamltext.field_lines(name, spec, given[name])
        else:
            lines.append(f"{name}:")
    return "\n".join(lines) + "\n"


def _items(schema: Schema, items: list[Given], taxonomy: Taxonomy, lang: Lang) -> list[str]:
    """Each item of a list of mappings, its fields indented under `- `, with their comments."""
    lines: list[str] = []
    for item in items:
        for index, (name, spec) in enumerate(schema.fields.items()):
            value = item.get(name)
            entry = yamltext.field_lines(name, spec, value)[0] if value not in (None, "", []) else f"{name}:"
            lines += [f"    # {comment(spec, taxonomy, lang, item)}", f"  - {entry}" if index == 0 else f"    {entry}"]
    return lines


def _commented(spec: ListOf | Nested, taxonomy: Taxonomy, lang: Lang) -> list[str]:
    """An optional mapping (or list of them) as commented-out lines: left alone the field
    stays empty and valid; with the `#` of each line removed it is filled in in place."""
    schema = spec.item.schema if isinstance(spec, ListOf) and isinstance(spec.item, Nested) else (
        spec.schema if isinstance(spec, Nested) else None)
    assert schema is not None
    lead = "  - " if isinstance(spec, ListOf) else "  "
    return [f"#{lead if index == 0 else '    ' if isinstance(spec, ListOf) else '  '}{name}:"
            f"   # {comment(sub, taxonomy, lang, {})}" for index, (name, sub) in enumerate(schema.fields.items())]


def comment(spec: Field, taxonomy: Taxonomy, lang: Lang, given: Given) -> str:
    """`标签（必填）：what it takes`."""
    zh = lang == "zh"
    label = spec.label.zh if zh else spec.label.en
    required = ("（必填）" if zh else " (required)") if spec.required else ""
    return f"{label}{required}{'：' if zh else ': '}{_takes(spec, taxonomy, lang, given)}"


def _takes(spec: Field, taxonomy: Taxonomy, lang: Lang, given: Given) -> str:
    zh = lang == "zh"
    if spec is CASE.fields["id"]:
        return CASE_ID_SHAPE.zh if zh else CASE_ID_SHAPE.en
    if isinstance(spec, ListOf) and isinstance(spec.item, Nested):
        if spec.required:
            return "列表，每项为下列字段" if zh else "a list, each item with the fields below"
        return ("列表，每项为下列字段；需要时去掉下面各行开头的 “#”" if zh
                else "a list, each item with the fields below; remove the '#' that starts those lines to fill it in")
    if isinstance(spec, Nested):
        return ("含下列字段；需要时去掉下面各行开头的 “#”" if zh
                else "the fields below; remove the '#' that starts those lines to fill it in")
    if isinstance(spec, Choice):
        return _choices(spec, taxonomy, lang, given)
    if isinstance(spec, Pattern):
        return f"{spec.shape_text.zh}，例如 {spec.example}" if zh else f"{spec.shape_text.en}, e.g. {spec.example}"
    if isinstance(spec, DateField):
        return "日期，如 2025-03-01" if zh else "a date such as 2025-03-01"
    if isinstance(spec, Integer):
        return f"整数，不小于 {spec.minimum}" if zh else f"a whole number, at least {spec.minimum}"
    if isinstance(spec, Number):
        return "数字（元），不小于 0" if zh else "a number (yuan), at least 0"
    if isinstance(spec, Markdown):
        return ("文本；多行时写 “|”，下一行起缩进两格" if zh
                else "text; for several lines write '|' and indent the lines below by two spaces")
    if isinstance(spec, MapOf):
        each = _takes(spec.key, taxonomy, lang, given)
        return (f"每个阶段一行（阶段: 后换行写 - 措施），阶段为 {each}" if zh
                else f"one entry per stage (stage: then '- measure' lines); stages: {each}")
    if isinstance(spec, ListOf):
        items = "" if type(spec.item) is not Choice else (f"，每项为 {_takes(spec.item, taxonomy, lang, given)}" if zh
                                                            else f"; items: {_takes(spec.item, taxonomy, lang, given)}")
        return (f"列表，每项一行（  - 开头）或写成 [甲, 乙]{items}" if zh
                else f"a list, one '  - item' per line or [a, b]{items}")
    return "文本" if zh else "text"


def _choices(spec: Choice, taxonomy: Taxonomy, lang: Lang, given: Given) -> str:
    """The axis's keys and labels; a subcategory lists its category's only, when the category is given."""
    category = taxonomy.normalize("category", str(given.get("category") or ""))
    terms = (taxonomy.subcategories[category] if spec.axis == "subcategory" and category
             else taxonomy.axis_terms(spec.axis))
    return "、".join(f"{t.key} {t.zh if lang == 'zh' else t.en}" for t in terms.values())
