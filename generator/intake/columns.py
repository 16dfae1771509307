"""Which spreadsheet column holds which field, from the contract's field specs.

One table serves export (headers, cell types) and import (matching a header
by Chinese label, English key or label, or a documented alias), so a column
is never described twice.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..contract import CASE, DEFECT, PROJECT
from ..problems import Text
from ..schema import (
    Choice,
    DateField,
    Field,
    Integer,
    ListOf,
    MapOf,
    Markdown,
    Nested,
    Number,
    Pattern,
    Schema,
    TextField,
)
from ..taxonomy import Taxonomy

SHEETS: dict[str, Text] = {"case": Text("案例", "Cases"), "defect": Text("缺陷类型", "Defect types"),
                           "project": Text("项目", "Projects")}
SCHEMAS: dict[str, Schema] = {"case": CASE, "defect": DEFECT, "project": PROJECT}

# A case is one row, so each list of mappings of a case (its replans) has a sheet of its own:
# a row per item, the case's id first. Its kind is named `case.<field>`.
LIST_SHEETS: dict[str, str] = {f"case.{name}": name for name, spec in CASE.fields.items()
                               if isinstance(spec, ListOf) and isinstance(spec.item, Nested)}
for _kind, _name in LIST_SHEETS.items():
    _label = CASE.fields[_name].label
    SHEETS[_kind] = Text(_label.zh, _label.en[:1].upper() + _label.en[1:])
KINDS = ("case", "defect", "project", *LIST_SHEETS)  # a sheet matching two kinds equally is read as the earlier

# Headers that real ledgers use for a field, beside its own labels (documented in the README).
ALIASES: dict[str, dict[str, str]] = {
    "case": {
        "案例编号": "id", "序号编号": "id", "项目": "project", "缺陷编号": "defect", "缺陷类型编号": "defect",
        "问题标题": "title", "缺陷名称": "title", "分期": "phase", "期数": "phase", "发现时间": "found",
        "问题来源": "source", "来源渠道": "source", "位置": "location", "房号": "location", "户数": "households",
        "投诉量": "complaints", "投诉数": "complaints", "整改费用": "cost", "维修费用": "cost",
        "赔偿金额": "compensation", "赔偿": "compensation", "缺陷等级": "grade", "分级": "grade",
        "处理状态": "status", "关闭时间": "closed",
        "完成日期": "closed", "问题描述": "description", "缺陷描述": "description", "原因": "cause",
        "决策": "decision", "处理决策": "decision", "整改方案": "rectification", "整改情况": "rectification",
        "教训": "lessons", "图片": "photos",
    },
    **{kind: {"案例编号": "id", "编号": "id", "case": "id", "caseid": "id"} for kind in LIST_SHEETS},
    "defect": {"缺陷编号": "id", "缺陷名称": "title", "问题描述": "description"},
    "project": {"项目": "name", "代码": "code", "交付日期": "phases.delivered", "集中交付日期": "phases.delivered",
                "分期名称": "phases.name", "期号": "phases.phase", "分期": "phases.phase"},
}


@dataclass(frozen=True)
class Column:
    """One column of a sheet: the key in the hidden row, the header words, the spec typing the cell."""

    key: str
    label: Text
    spec: Field
    field: str  # the record's top-level field

    @property
    def is_list(self) -> bool:
        return isinstance(self.spec, ListOf)

    @property
    def item(self) -> Field:
        return self.spec.item if isinstance(self.spec, ListOf) else self.spec

    @property
    def as_text(self) -> bool:
        """Ids, room numbers and other text: formatted `@` so Excel keeps `0301`."""
        return isinstance(self.item, TextField) and not isinstance(self.item, Markdown)

    @property
    def wrapped(self) -> bool:
        return isinstance(self.item, Markdown) or self.is_list

    @property
    def typed(self) -> bool:
        """Cells whose text is a code, a number or a date: full-width forms are folded there only."""
        return isinstance(self.item, (Pattern, Choice, Integer, Number, DateField)) or self.field in ("id", "project")


def columns(kind: str, taxonomy: Taxonomy) -> list[Column]:
    """The columns of a kind's sheet, in contract order; a stage map is one column per stage, a
    mapping one column per field (`verified.date`); a case's list of mappings has its own sheet."""
    if kind in LIST_SHEETS:
        return _list_columns(LIST_SHEETS[kind])
    found: list[Column] = []
    for name, spec in SCHEMAS[kind].fields.items():
        if f"{kind}.{name}" in LIST_SHEETS:
            continue
        if isinstance(spec, MapOf) and isinstance(spec.key, Choice):
            for term in taxonomy.axis_terms(spec.key.axis).values():
                label = Text(f"{spec.label.zh}：{term.zh}", f"{spec.label.en}: {term.en}")
                found.append(Column(f"{name}.{term.key}", label, spec.value, name))
        elif isinstance(spec, ListOf) and isinstance(spec.item, Nested):
            for sub, sub_spec in spec.item.schema.fields.items():
                found.append(Column(f"{name}.{sub}", _nested_label(spec.item.label, sub_spec), sub_spec, name))
        elif isinstance(spec, Nested):
            for sub, sub_spec in spec.schema.fields.items():
                label = Text(sub_spec.label.zh, f"{spec.label.en} {sub_spec.label.en}")
                found.append(Column(f"{name}.{sub}", label, sub_spec, name))
        else:
            found.append(Column(name, spec.label, spec, name))
    return found


def _list_columns(name: str) -> list[Column]:
    """The case's id, then each field of one item, under the item's own labels."""
    spec = CASE.fields[name]
    assert isinstance(spec, ListOf) and isinstance(spec.item, Nested)
    found = [Column("id", Text("案例编号", "case id"), CASE.fields["id"], "id")]
    return found + [Column(f"{name}.{sub}", sub_spec.label, sub_spec, name)
                    for sub, sub_spec in spec.item.schema.fields.items()]


def _nested_label(parent: Text, spec: Field) -> Text:
    """A phase's `name` is 分期名称, not the project's 项目名称."""
    zh = spec.label.zh if spec.label.zh.startswith(parent.zh) else f"{parent.zh}{spec.label.zh}"
    return Text(zh, f"{parent.en} {spec.label.en}")


def fold(text: str) -> str:
    """A header as compared: full-width folded, no spaces or line breaks, any case, no required-mark."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[\s*＊]+", "", text).replace("(元)", "").replace("_", "")


def header_index(kind: str, cols: list[Column]) -> dict[str, str]:
    """Folded header words -> column key: key, labels, and the aliases of the kind."""
    index: dict[str, str] = {}
    for column in cols:
        for word in (column.key, column.label.zh, column.label.en):
            index.setdefault(fold(word), column.key)
    for alias, key in ALIASES[kind].items():
        index.setdefault(fold(alias), key)
    return index
