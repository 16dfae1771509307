"""Problems as people and CI read them: compiler-style text, GitHub annotations, JSON."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator

from .problems import CODES, Lang, Problem

LEVEL_WORDS = {"zh": {"error": "错误", "warning": "警告", "notice": "提示"},
               "en": {"error": "error", "warning": "warning", "notice": "notice"}}
# GitLab Code Quality severities; a notice is information there too.
GITLAB_SEVERITY = {"error": "major", "warning": "minor", "notice": "info"}
HINT_WORD = {"zh": "提示：", "en": "hint: "}


def text_lines(problems: Iterable[Problem], lang: Lang, where: Callable[[str], str]) -> Iterator[str]:
    """`path:line:col: error: message [code]` and an indented hint, as compilers print them."""
    for p in problems:
        yield f"{where(p.file)}:{p.line}:{p.column}: {p.level}: {p.message(lang)} [{p.code}]"
        yield f"    {HINT_WORD[lang]}{p.hint(lang)}"


def github_lines(problems: Iterable[Problem], lang: Lang, where: Callable[[str], str]) -> Iterator[str]:
    """GitHub Actions workflow commands, which show as annotations on the changed lines."""
    for p in problems:
        props = f"file={_prop(where(p.file))},line={p.line},col={p.column},title={_prop(p.code)}"
        yield f"::{p.level} {props}::{_data(p.message(lang) + ' — ' + p.hint(lang))}"


def json_lines(problems: Iterable[Problem], lang: Lang, where: Callable[[str], str]) -> Iterator[str]:
    """One JSON object per line, stable keys, for other tools."""
    for p in problems:
        yield json.dumps({
            "file": where(p.file), "line": p.line, "column": p.column, "level": p.level, "code": p.code,
            "path": p.path, "message": p.message(lang), "hint": p.hint(lang),
        }, ensure_ascii=False)


def gitlab_lines(problems: Iterable[Problem], lang: Lang, where: Callable[[str], str]) -> Iterator[str]:
    """A GitLab Code Quality report (one JSON array), which merge requests show inline."""
    report = [{
        "description": f"{p.message(lang)} [{p.code}]",
        "check_name": p.code,
        "fingerprint": hashlib.sha1(f"{p.file}:{p.line}:{p.column}:{p.code}".encode()).hexdigest(),
        "severity": GITLAB_SEVERITY[p.level],
        "location": {"path": where(p.file), "lines": {"begin": p.line}},
    } for p in problems]
    yield json.dumps(report, ensure_ascii=False, indent=1)


FORMATS = {"text": text_lines, "github": github_lines, "json": json_lines, "gitlab": gitlab_lines}


def summary(counts: dict[str, int], problems: list[Problem], lang: Lang) -> str:
    """The last line of `validate`; notices are counted only when there are some, so a root
    without any reads as it always has."""
    errors = sum(1 for p in problems if p.level == "error")
    warnings = sum(1 for p in problems if p.level == "warning")
    notices = len(problems) - errors - warnings
    d, p, c = counts.get("defect", 0), counts.get("project", 0), counts.get("case", 0)
    if lang == "zh":
        more = f"，{notices} 个提示" if notices else ""
        return f"检查了 {d} 个缺陷类型、{p} 个项目、{c} 个案例：{errors} 个错误，{warnings} 个警告{more}。"
    more = f", {counted(notices, 'notice')}" if notices else ""
    return (f"Checked {counted(d, 'defect type')}, {counted(p, 'project')}, {counted(c, 'case')}: "
            f"{counted(errors, 'error')}, {counted(warnings, 'warning')}{more}.")


def counted(count: int, noun: str) -> str:
    """`1 error`, `2 errors`: every noun of the summary takes a plain -s."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


class _Slots(dict):
    """Shows a message's arguments as ‹name› in the docs instead of values."""

    def __missing__(self, key: str) -> str:
        return f"‹{key}›"


def code_reference(lang: Lang = "zh") -> str:
    """The Markdown list of every problem code, for the docs."""
    out = ["# 问题代码" if lang == "zh" else "# Problem codes", ""]
    intro = ("`handbook validate` 报告的每个问题都带一个稳定的代码（中英文输出相同）。下面列出全部代码、"
             "级别、含义、修改方法和一个会触发它的最小示例。") if lang == "zh" else (
        "Every problem `handbook validate` reports carries a stable code, the same in Chinese and English "
        "output. Below are all codes with their level, meaning, how to fix it and a minimal example.")
    out += [intro, ""]
    for code in CODES.values():
        title, level = getattr(code.title, lang), LEVEL_WORDS[lang][code.level]
        out += [f"## `{code.name}`", "", f"**{title}**（{level}）" if lang == "zh" else f"**{title}** ({level})", ""]
        message, hint = (getattr(text, lang).format_map(_Slots()) for text in (code.message, code.hint))
        out += [f"- {message}", f"- {HINT_WORD[lang]}{hint}", ""]
        if code.example:
            out += ["```yaml", code.example, "```", ""]
    return "\n".join(out)
