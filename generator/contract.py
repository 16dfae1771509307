"""The record contract: which fields each kind of record has, and their types.

This is the single statement of the format; the validator checks against it
and the docs' format page is written from it.
"""

from __future__ import annotations

import re

from .problems import Text
from .schema import (
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

DEFECT_ID = r"D-[A-Z]{2,8}-\d{3}"
PROJECT_CODE = r"[A-Z][A-Z0-9]{1,11}"
TERM_KEY = r"[a-z][a-z0-9_]{0,39}"
# A case id is its project's code and a number; which code depends on the folder (see rules).
CASE_ID = rf"{PROJECT_CODE}-\d{{3,}}"
CASE_ID_SHAPE = Text("项目代码、“-” 和 3 位以上数字，与文件名相同",
                     "the project code, '-' and 3 or more digits, as the file name")


def _defect_id(label: tuple[str, str], required: bool = False) -> Pattern:
    return Pattern(label, DEFECT_ID,
                   ("“D-” 加 2-8 个大写字母、“-” 和 3 位数字", "'D-', 2-8 capital letters, '-' and 3 digits"),
                   "D-AC-001", required)


def _texts(label: tuple[str, str], required: bool = False, min_items: int = 0) -> ListOf:
    return ListOf(label, TextField(label), required, min_items)


def _department(label: tuple[str, str]) -> Choice:
    return Choice(label, "department")


# One revision of a rectification plan: the firms' procedure keeps each with its reason.
REPLAN = Schema({
    "due": DateField(("调整后完成日期", "revised due date"), required=True),
    "reason": Markdown(("调整原因", "reason")),  # required, but as its own problem: replan-without-reason
    "evaluation": Markdown(("评价", "evaluation")),
    "recorded": DateField(("记录日期", "recorded")),
})

# Customer service's check that a rectification was done.
VERIFIED = Schema({
    "date": DateField(("验证日期", "date"), required=True),
    "by": TextField(("验证人", "by"), required=True),  # a department key or a person's name
    "result": Markdown(("验证结果", "result")),
})


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
    # The feedback process (issue 9): the contact form, the decision meeting, the plan and its revisions.
    "raised": DateField(("联系单日期", "raised")),
    "raised_by": _department(("发起部门", "raised by")),
    "expectation": Markdown(("客户合理期望", "customer expectation")),
    "decided": DateField(("决策日期", "decided")),
    "attendees": ListOf(("参会部门", "attendees"), _department(("参会部门", "attendee"))),
    "feasibility": Markdown(("可行性分析", "feasibility")),
    "responsible": _department(("责任部门", "responsible department")),
    "due": DateField(("计划完成日期", "due")),
    "replans": ListOf(("计划调整", "replans"), Nested(("计划调整", "replan"), REPLAN)),
    "verified": Nested(("整改验证", "verified"), VERIFIED),
    "reported": DateField(("上报集团日期", "reported to the group")),
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
    "report_days": Integer(("重大案例上报期限（天）", "days to report a major case"), minimum=1),
    "duplicate_similarity": Integer(("疑似重复相似度（%）", "duplicate similarity (%)"), minimum=1),
    "cases_per_month": Integer(("每月共同学习案例数", "cases studied per month"), minimum=1),
})

# One example value per case field, for the format page (nested fields by their dotted path).
CASE_EXAMPLES = {
    "id": "LAHF-007", "project": "LAHF", "defect": "D-AC-001", "title": "空调百叶过密，夏季外机高温停机",
    "phase": "1", "found": "2024-07-16", "source": "业主投诉", "location": "1栋、2栋、3栋 1-26层",
    "households": "312", "complaints": "18", "cost": "468000", "compensation": "0", "severity": "重大",
    "grade": "A", "status": "已关闭", "closed": "2024-10-30", "description": "业主反映午后外机频繁停机……",
    "cause": "百叶开孔率仅 45%……", "decision": "评为 A 类，三栋百叶全部更换……",
    "rectification": "更换为开孔率 85% 的百叶……",
    "lessons": "百叶通风率必须在立面深化阶段核算……", "photos": "[phase-1/photos/LAHF-007-1.jpg]",
    "raised": "2024-07-18", "raised_by": "customer_service", "expectation": "夏季空调正常制冷，不再停机",
    "decided": "2024-07-22", "attendees": "[customer_service, design, engineering, cost]",
    "feasibility": "吊篮分批更换，工期约 10 周，费用约 47 万元", "responsible": "design", "due": "2024-10-07",
    "replans": "", "replans.due": "2024-10-30", "replans.reason": "雨季外墙不具备打胶条件",
    "replans.evaluation": "计划未留雨季余量", "replans.recorded": "2024-09-30", "verified": "",
    "verified.date": "2024-10-30", "verified.by": "customer_service", "verified.result": "回访 18 户，复测合格",
    "reported": "2024-07-19", "author": "张敏",
}


def field_rows(schema: Schema, prefix: str = "") -> list[tuple[str, Field]]:
    """Every field of a schema, nested ones (a list of mappings, a mapping) after their parent."""
    rows: list[tuple[str, Field]] = []
    for name, spec in schema.fields.items():
        rows.append((prefix + name, spec))
        inner = spec.item if isinstance(spec, ListOf) else spec
        if isinstance(inner, Nested):
            rows += field_rows(inner.schema, f"{prefix}{name}.")
    return rows


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
    """The Chinese and English label of a field, for messages that name it; a nested one
    is named by its path (`verified.date`, `replans[0].recorded`)."""
    names = re.sub(r"\[\d+\]", "", key).split(".")
    spec: Field | None = SCHEMAS[kind].fields.get(names[0])
    for name in names[1:]:
        inner = spec.item if isinstance(spec, ListOf) else spec
        spec = inner.schema.fields.get(name) if isinstance(inner, Nested) else None
    return spec.label if spec is not None else None
