"""Interface words of the command line, Simplified Chinese first."""

from __future__ import annotations

from .problems import Lang

WORDS: dict[str, tuple[str, str]] = {
    "not_a_root": ("“{root}” 不是手册根目录：其中没有 defects/ 或 cases/ 文件夹。",
                   "'{root}' is not a handbook root: it has no defects/ or cases/ folder."),
    "internal": ("内部错误：{error}。这是程序缺陷而不是数据问题；请把命令和这条消息报告给维护者"
                 "（设置环境变量 HANDBOOK_DEBUG=1 可看到详细信息）。",
                 "internal error: {error}. This is a bug, not a problem in your data; please report the command and "
                 "this message (set HANDBOOK_DEBUG=1 for details)."),
    "has_errors": ("记录有错误，统计只包含无错误的记录；运行 handbook validate 查看详情。",
                   "The records have errors; the figures cover only the valid ones. Run handbook validate for details."),
    "totals": ("总览", "Totals"),
    "defect_types": ("缺陷类型", "Defect types"),
    "projects": ("项目", "Projects"),
    "cases": ("案例", "Cases"),
    "households": ("涉及户数", "Households"),
    "complaints": ("投诉次数", "Complaints"),
    "cost": ("整改费用（元）", "Cost (yuan)"),
    "compensation": ("赔偿金额（元）", "Compensation (yuan)"),
    "count": ("案例数", "Cases"),
    "share": ("占比", "Share"),
    "by": ("按{axis}", "By {axis}"),
    "project_phase": ("按项目与分期", "By project and phase"),
    "top": ("重复发生最多的缺陷类型（老问题）", "Most recurrent defect types"),
    "rank": ("排名", "Rank"),
    "defect": ("缺陷类型", "Defect type"),
    "years": ("年份", "Years"),
    "worst": ("最高严重程度", "Worst severity"),
    "progress": ("各分期缺陷反馈手册进度（至少 {minimum} 个案例，交付后 {months} 个月内提交）",
                 "Handbook progress per phase (at least {minimum} cases, due {months} months after delivery)"),
    "project": ("项目", "Project"),
    "phase": ("分期", "Phase"),
    "delivered": ("交付日期", "Delivered"),
    "due": ("手册截止", "Handbook due"),
    "state": ("状态", "State"),
    "state_met": ("已达标", "met"),
    "state_pending": ("未到期，还差 {missing} 个", "not due yet, {missing} missing"),
    "state_overdue": ("已逾期，还差 {missing} 个", "overdue, {missing} missing"),
    "state_undelivered": ("未交付，还差 {missing} 个", "not delivered, {missing} missing"),
    "none": ("（无）", "(none)"),
}


def t(key: str, lang: Lang, **args: object) -> str:
    zh, en = WORDS[key]
    return (zh if lang == "zh" else en).format(**args)
