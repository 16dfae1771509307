"""The record contract: which fields each kind of record has, and their types.

This is the single statement of the format; the validator checks against it
and the docs' format page is written from it.
"""

from __future__ import annotations

from .problems import Text
from .schema import Choice, DateField, Integer, ListOf, MapOf, Markdown, Nested, Number, Pattern, Schema, TextField

DEFECT_ID = r"D-[A-Z]{2,8}-\d{3}"
PROJECT_CODE = r"[A-Z][A-Z0-9]{1,11}"
TERM_KEY = r"[a-z][a-z0-9_]{0,39}"


def _defect_id(label: tuple[str, str], required: bool = False) -> Pattern:
    return Pattern(label, DEFECT_ID,
                   ("“D-” 加 2-8 个大写字母、“-” 和 3 位数字", "'D-', 2-8 capital letters, '-' and 3 digits"),
                   "D-AC-001", required)


def _texts(label: tuple[str, str], required: bool = False, min_items: int = 0) -> ListOf:
    return ListOf(label, TextField(label), required, min_items)


DEFECT = Schema({
    "id": _defect_id(("编号", "id"), required=True),
    "title": TextField(("标题", "title"), required=True),
    "category": Choice(("分类", "category"), "category", required=True),
    "subcategory": Choice(("子类", "subcategory"), "subcategory"),
    "origin": Choice(("产生阶段", "origin stage"), "stage", required=True),
    "description": Markdown(("缺陷描述", "description"), required=True),
    "impact": Markdown(("影响", "impact")),
    "causes": _texts(("原因", "causes"), required=True, min_items=1),
    "prevention": MapOf(("预防措施", "prevention"), Choice(("阶段", "stage"), "stage"),
                        _texts(("措施", "measures"), min_items=1), required=True, min_items=1),
    "departments": ListOf(("责任部门", "departments"), Choice(("责任部门", "department"), "department")),
    "locations": _texts(("常见部位", "locations")),
    "tags": _texts(("标签", "tags")),
    "references": _texts(("参考依据", "references")),
    "related": ListOf(("相关缺陷", "related"), _defect_id(("相关缺陷", "related"))),
})

PHASE = Schema({
    "phase": Integer(("期号", "phase"), required=True, minimum=1),
    "name": TextField(("名称", "name")),
    "delivered": DateField(("集中交付日期", "delivered")),
})

PROJECT = Schema({
    "code": Pattern(("项目代码", "code"), PROJECT_CODE,
                    ("2-12 个大写字母或数字，以字母开头", "2-12 capital letters or digits, starting with a letter"),
                    "LAHF", required=True),
    "name": TextField(("项目名称", "name"), required=True),
    "city": TextField(("城市", "city")),
    "company": TextField(("所属公司", "company")),
    "product_types": _texts(("产品类型", "product types")),
    "phases": ListOf(("分期", "phases"), Nested(("分期", "phase"), PHASE), required=True, min_items=1),
})

CASE = Schema({
    "id": TextField(("编号", "id"), required=True),  # its shape depends on the folder: see rules
    "project": TextField(("项目代码", "project")),
    "defect": _defect_id(("缺陷类型", "defect type"), required=True),
    "title": TextField(("标题", "title"), required=True),
    "phase": Integer(("期号", "phase"), required=True, minimum=1),
    "found": DateField(("发现日期", "found"), required=True),
    "source": Choice(("来源", "source"), "source", required=True),
    "location": TextField(("部位", "location")),
    "households": Integer(("涉及户数", "households")),
    "complaints": Integer(("投诉次数", "complaints")),
    "cost": Number(("整改费用（元）", "cost (yuan)")),
    "compensation": Number(("赔偿金额（元）", "compensation (yuan)")),
    "severity": Choice(("严重程度", "severity"), "severity", required=True),
    "grade": Choice(("等级", "grade"), "grade"),
    "status": Choice(("状态", "status"), "status", required=True),
    "closed": DateField(("关闭日期", "closed")),
    "description": Markdown(("问题描述", "description"), required=True),
    "cause": Markdown(("原因分析", "cause")),
    "decision": Markdown(("决策意见", "decision")),
    "rectification": Markdown(("整改措施", "rectification")),
    "lessons": Markdown(("经验教训", "lessons")),
    "photos": _texts(("照片", "photos")),
    # Who wrote the case up: each warranty supervisor writes at least one a month.
    "author": TextField(("编写人", "author")),
})

_TERMS = MapOf(("新增键", "added keys"),
               Pattern(("键", "key"), TERM_KEY, ("小写英文、数字和下划线", "lower-case letters, digits and _"),
                       "waterproofing"),
               TextField(("中文名称", "label")))

# severity, grade and status carry process meaning (ordering, A/B, closure): not extendable.
TAXONOMY = Schema({
    "category": _TERMS,
    "subcategory": MapOf(("子类", "subcategories"), Choice(("分类", "category"), "category"), _TERMS),
    "stage": _TERMS,
    "source": _TERMS,
    "department": _TERMS,
})

CONFIG = Schema({
    "minimum_cases": Integer(("手册最少案例数", "minimum cases per handbook"), minimum=1),
    "due_months": Integer(("交付后提交期限（月）", "months after delivery the handbook is due"), minimum=1),
    "company": TextField(("公司名称", "company")),
    "compiled_by": TextField(("编制部门", "compiled by")),
    "duplicate_similarity": Integer(("疑似重复相似度（%）", "duplicate similarity (%)"), minimum=1),
    "cases_per_month": Integer(("每月共同学习案例数", "cases studied per month"), minimum=1),
})

SESSION = Schema({
    "month": Pattern(("月份", "month"), r"\d{4}-(0[1-9]|1[0-2])", ("年-月，如 2026-10", "year-month, e.g. 2026-10"),
                     "2026-10", required=True),
    "cases": _texts(("案例", "cases"), required=True, min_items=1),
    "stage": Choice(("阶段", "stage"), "stage"),
})

# training.yaml: which cases were studied in which month's shared case study.
TRAINING = Schema({
    "sessions": ListOf(("培训记录", "sessions"), Nested(("培训", "session"), SESSION), required=True),
})

SCHEMAS = {"defect": DEFECT, "project": PROJECT, "case": CASE, "taxonomy": TAXONOMY, "config": CONFIG,
           "training": TRAINING}


def label_of(kind: str, key: str) -> Text | None:
    """The Chinese and English label of a top-level field, for messages that name it."""
    spec = SCHEMAS[kind].fields.get(key)
    return spec.label if spec is not None else None
