"""The controlled vocabularies of the records: categories, stages, sources and the rest.

Staff write either the English key or the Chinese label; both normalise to the
key, so every later stage compares keys only. A handbook root may add keys in
`defects/taxonomy.yaml` but never redefine the shipped ones, so that records
mean the same thing in every project and in the company handbook.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from .problems import Text

AXES: dict[str, Text] = {
    "category": Text("分类", "category"),
    "subcategory": Text("子类", "subcategory"),
    "stage": Text("阶段", "stage"),
    "source": Text("来源", "source"),
    "severity": Text("严重程度", "severity"),
    "grade": Text("等级", "grade"),
    "status": Text("状态", "status"),
    "department": Text("责任部门", "department"),
}


@dataclass(frozen=True)
class Term:
    key: str
    zh: str
    en: str

    def label(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


def _terms(*rows: tuple[str, str, str]) -> dict[str, Term]:
    return {key: Term(key, zh, en) for key, zh, en in rows}


DEFAULT_TERMS: dict[str, dict[str, Term]] = {
    "category": _terms(
        ("engineering", "工程质量", "Engineering quality"),
        ("design", "规划设计", "Planning & design"),
        ("sales", "销售管理", "Sales management"),
        ("service", "客户服务", "Customer service"),
        ("property", "物业管理", "Property management"),
        ("other", "其他", "Other"),
    ),
    "stage": _terms(
        ("design", "设计准备阶段", "Design preparation"),
        ("construction", "施工管理阶段", "Construction management"),
        ("sales", "销售管理阶段", "Sales management"),
        ("delivery", "入住保修阶段", "Occupancy & warranty"),
        ("property", "物业服务阶段", "Property service"),
    ),
    "source": _terms(
        ("opening_check", "开盘风险检查", "Opening risk check"),
        ("patrol", "巡检", "Patrol"),
        ("delivery_check", "交付风险检查", "Pre-delivery risk check"),
        ("owner_preinspection", "业主预验收", "Owners' pre-inspection"),
        ("open_day", "工地开放日", "Site open day"),
        ("handover", "集中交付验房", "Handover inspection"),
        ("repair", "维修整改", "Repair & rectification"),
        ("warranty", "保修", "Warranty repair"),
        ("complaint", "业主投诉", "Owner complaint"),
        ("survey", "满意度调查", "Satisfaction survey"),
        ("expiry_callback", "质保期到期回访", "Warranty-expiry call-back"),
    ),
    "severity": _terms(
        ("general", "一般", "General"),
        ("hot", "热点", "Hot"),
        ("major", "重大", "Major"),
        ("crisis", "危机", "Crisis"),
    ),
    "grade": _terms(
        ("A", "必须整改", "Must be rectified"),
        ("B", "无需或无法整改", "Preventive measures only"),
    ),
    "status": _terms(
        ("open", "待决策", "Awaiting decision"),
        ("decided", "已决策", "Decided"),
        ("rectifying", "整改中", "Being rectified"),
        ("closed", "已关闭", "Closed"),
    ),
    "department": _terms(
        ("customer_service", "客户服务部", "Customer service"),
        ("engineering", "工程管理部", "Engineering management"),
        ("design", "设计管理部", "Design management"),
        ("marketing", "营销管理部", "Marketing"),
        ("cost", "成本管理部", "Cost management"),
        ("property", "物业公司", "Property company"),
        ("quality", "质量部", "Quality"),
    ),
}

DEFAULT_SUBCATEGORIES: dict[str, dict[str, Term]] = {
    "engineering": _terms(
        ("leak", "渗漏", "Leaks"), ("crack", "裂缝", "Cracks"), ("hollow", "空鼓脱落", "Hollow or loose finishes"),
        ("doors_windows", "门窗", "Doors & windows"), ("plumbing", "给排水", "Plumbing"),
        ("electrical", "电气", "Electrical"), ("hvac", "暖通空调", "HVAC"), ("finishes", "装饰装修", "Finishes"),
        ("structure", "结构", "Structure"),
    ),
    "design": _terms(
        ("layout", "户型功能", "Layout & function"), ("equipment", "设备机位", "Equipment spaces"),
        ("outlets", "管线点位", "Pipes & outlets"), ("noise", "噪音振动", "Noise & vibration"),
        ("public_facilities", "公共设施", "Public facilities"), ("landscape", "园林景观", "Landscape"),
        ("parking", "车库车位", "Parking"), ("daylight", "采光通风", "Daylight & ventilation"),
    ),
    "sales": _terms(
        ("promise", "销售承诺", "Sales promises"), ("advertising", "宣传资料", "Advertising"),
        ("contract", "合同与附图", "Contract & drawings"),
        ("change_notice", "设计变更告知", "Notice of design changes"),
    ),
    "service": _terms(
        ("complaint_handling", "投诉处理", "Complaint handling"), ("repair_response", "维修响应", "Repair response"),
        ("callback", "回访", "Call-backs"), ("delivery_process", "交付流程", "Delivery process"),
    ),
    "property": _terms(
        ("security", "安全管理", "Security"), ("cleaning", "环境卫生", "Cleaning"),
        ("facilities", "设施维护", "Facility upkeep"), ("fees", "收费", "Fees"),
    ),
    "other": _terms(("other", "其他", "Other")),
}

# A case's severity is "below major" when it ranks under this.
SEVERITY_RANK = {"general": 0, "hot": 1, "major": 2, "crisis": 3}


@dataclass(frozen=True)
class Taxonomy:
    """All vocabularies, with lookups from key or label (any case) to the key."""

    terms: Mapping[str, Mapping[str, Term]]
    subcategories: Mapping[str, Mapping[str, Term]]
    _lookup: dict[str, dict[str, str]] = field(default_factory=dict, repr=False, compare=False)
    parent: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        for axis, terms in self.terms.items():
            self._lookup[axis] = _index(terms.values())
        subs = [t for terms in self.subcategories.values() for t in terms.values()]
        self._lookup["subcategory"] = _index(subs)
        for category, terms in self.subcategories.items():
            self.parent.update({key: category for key in terms})

    def normalize(self, axis: str, value: str) -> str | None:
        """The key for a key or label of `axis`, or None when it is not one."""
        return self._lookup[axis].get(value.strip().casefold())

    def axis_terms(self, axis: str) -> Mapping[str, Term]:
        if axis == "subcategory":
            return {k: t for terms in self.subcategories.values() for k, t in terms.items()}
        return self.terms[axis]

    def term(self, axis: str, key: str) -> Term:
        if axis != "subcategory":  # axis_terms builds the merged subcategory map on each call
            return self.terms[axis][key]
        return next(terms[key] for terms in self.subcategories.values() if key in terms)

    def label(self, axis: str, key: str | None, lang: str = "zh") -> str:
        if key is None:
            return ""
        return self.term(axis, key).label(lang)

    def choices(self, axis: str, category: str | None = None) -> list[str]:
        """'key 标签' strings for messages, in the taxonomy's order."""
        terms = self.subcategories[category] if category else self.axis_terms(axis)
        return [f"{t.key} {t.zh}" if t.key != t.zh else t.key for t in terms.values()]


def _index(terms: object) -> dict[str, str]:
    index: dict[str, str] = {}
    for term in terms:  # type: ignore[attr-defined]
        for name in (term.key, term.zh, term.en):
            index.setdefault(name.casefold(), term.key)
    return index


def default_taxonomy() -> Taxonomy:
    return extend(DEFAULT_TERMS, DEFAULT_SUBCATEGORIES, {}, {})


def extend(terms: Mapping[str, Mapping[str, Term]], subcategories: Mapping[str, Mapping[str, Term]],
           more_terms: Mapping[str, Mapping[str, Term]], more_subs: Mapping[str, Mapping[str, Term]]) -> Taxonomy:
    """A new taxonomy with the added keys; conflicts are caught by validation before this."""
    merged = {axis: {**items, **more_terms.get(axis, {})} for axis, items in terms.items()}
    categories = merged["category"]
    subs = {c: {**subcategories.get(c, {}), **more_subs.get(c, {})} for c in categories}
    return Taxonomy(MappingProxyType(merged), MappingProxyType(subs))
