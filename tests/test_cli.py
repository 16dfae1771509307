"""The `handbook` command as users and CI run it: exit codes, formats, languages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import make_root

from generator import cli
from generator.catalog import build_catalog
from generator.cli import main
from generator.validation import validate

REPO = Path(__file__).resolve().parent.parent


def edited(root: Path, old: str, new: str, rel: str = "cases/LAHF/phase-1/LAHF-001.yaml") -> Path:
    path = root / rel
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    return root


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_valid_root_exits_zero_with_summary(base_root: Path) -> None:
    code, out = run("validate", str(base_root))
    assert code == 0
    assert out.strip().endswith("检查了 1 个缺陷类型、1 个项目、1 个案例：0 个错误，0 个警告。")


def test_errors_exit_one_and_print_compiler_style_lines(tmp_path: Path) -> None:
    root = edited(make_root(tmp_path), "severity: 热点", "severity: 很严重")
    code, out = run("validate", str(root))
    assert code == 1
    first = out.splitlines()[0]
    assert first.split(": ", 2)[1] == "error"
    assert first.endswith("[invalid-value]")
    assert "很严重" in first  # quotes what the author wrote
    assert out.splitlines()[1].startswith("    提示：")
    assert "1 个错误" in out.splitlines()[-1]


def test_warnings_pass_unless_strict(tmp_path: Path) -> None:
    root = edited(make_root(tmp_path), "households: 12", "households: 46")
    assert run("validate", str(root))[0] == 0
    code, out = run("validate", "--strict", str(root))
    assert code == 1
    assert "warning" in out and "[severity-households]" in out


def test_english_messages_keep_the_same_codes(tmp_path: Path) -> None:
    root = edited(make_root(tmp_path), "severity: 热点", "severity: 很严重")
    zh = run("validate", str(root))[1].splitlines()[0]
    en = run("validate", "--lang", "en", str(root))[1]
    assert "“严重程度”（severity）的值 “很严重” 不在可选范围内" in zh
    assert "'很严重' is not an allowed value of 'severity'" in en.splitlines()[0]
    assert en.splitlines()[1].startswith("    hint: ")
    assert zh.rsplit("[", 1)[1] == en.splitlines()[0].rsplit("[", 1)[1]
    assert en.strip().endswith("1 error, 0 warnings.")


def test_json_format_is_one_object_per_problem(tmp_path: Path) -> None:
    root = edited(make_root(tmp_path), "severity: 热点", "severity: 很严重")
    edited(root, "phase: 1\n", "phase: 1\nphase: 2\n")
    edited(root, "title: 空调", "titel: 空调", "defects/design/D-AC-001.yaml")
    code, out = run("validate", "--format", "json", str(root))
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 1
    assert [(r["file"].split("root/")[-1], r["code"]) for r in rows] == [
        ("cases/LAHF/phase-1/LAHF-001.yaml", "duplicate-key"), ("cases/LAHF/phase-1/LAHF-001.yaml", "invalid-value"),
        ("defects/design/D-AC-001.yaml", "unknown-field")]  # not also missing-field: it stands for `title`
    assert {"file", "line", "column", "level", "code", "path", "message", "hint"} <= rows[0].keys()


def test_github_format_prints_annotations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = edited(make_root(tmp_path), "severity: 热点", "severity: 很严重")
    monkeypatch.chdir(root)
    code, out = run("validate", "--format", "github")
    assert code == 1
    line = out.splitlines()[0]
    assert line.startswith("::error file=cases/LAHF/phase-1/LAHF-001.yaml,line=")
    assert ",title=invalid-value::" in line


def test_paths_are_relative_to_the_working_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    edited(make_root(tmp_path), "severity: 热点", "severity: 很严重")
    monkeypatch.chdir(tmp_path)
    assert run("validate", "root")[1].startswith("root/cases/LAHF/phase-1/LAHF-001.yaml:")


def test_usage_errors_exit_two(tmp_path: Path) -> None:
    assert run("validate", "--format", "xml", str(tmp_path))[0] == 2
    assert run("validate", str(tmp_path / "missing"))[0] == 2
    code, out = run("validate", str(tmp_path))
    assert code == 2
    assert "不是手册根目录" in out


def test_an_internal_error_is_one_line_not_a_traceback(base_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(cli, "validate", broken)
    code, out = run("validate", str(base_root))
    assert code == 1
    assert "Traceback" not in out
    assert "内部错误" in out and "boom" in out


@pytest.mark.parametrize(("args", "env", "english"), [
    (["--lang", "en"], {}, True), (["--lang=en"], {}, True), ([], {"HANDBOOK_LANG": "en"}, True),
    (["--lang", "zh"], {"HANDBOOK_LANG": "en"}, False), ([], {}, False),
])
@pytest.mark.parametrize("command", ["validate", "stats", "project LAHF"])
def test_the_internal_error_line_follows_the_language(base_root: Path, monkeypatch: pytest.MonkeyPatch,
                                                      command: str, args: list[str], env: dict[str, str],
                                                      english: bool) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(cli, "validate", broken)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = CliRunner().invoke(main, [*command.split(), str(base_root), *args])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert ("internal error: RuntimeError('boom')" in result.output) is english
    assert ("内部错误：RuntimeError('boom')" in result.output) is not english
    assert result.output.startswith("internal error" if english else "内部错误")


def test_stats_on_the_sample_shows_recurrence_and_progress(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    code, out = run("stats", str(REPO))
    assert code == 0
    assert "重复发生最多的缺陷类型（老问题）" in out
    result = validate(REPO, use_cache=False)
    top = build_catalog(result.taxonomy, result.valid_records()).ranking()[0].defect
    assert f" 1    │ {top.id} {top.title}" in out
    assert "已达标" in out
    assert "未到期，还差" in out  # JCDJ's phase is not due yet
    for heading in ("按分类", "按项目与分期", "按等级", "按状态", "按来源"):
        assert heading in out


def test_stats_in_english(monkeypatch: pytest.MonkeyPatch) -> None:
    code, out = run("stats", "--lang", "en", str(REPO))
    assert code == 0
    assert "Most recurrent defect types" in out and "Engineering quality" in out


def test_stats_on_a_root_with_errors_says_so(tmp_path: Path) -> None:
    root = edited(make_root(tmp_path), "severity: 热点", "severity: 很严重")
    result = CliRunner().invoke(main, ["stats", str(root)])
    assert result.exit_code == 0
    assert "统计只包含无错误的记录" in result.output


def test_codes_lists_every_code() -> None:
    from generator.problems import CODES

    code, out = run("codes")
    assert code == 0
    assert all(f"## `{name}`" in out for name in CODES)


def test_gitlab_format_is_a_code_quality_report(tmp_path: Path) -> None:
    root = edited(make_root(tmp_path), "severity: 热点", "severity: 很严重")
    code, out = run("validate", "--format", "gitlab", str(root))
    report = json.loads(out)
    assert code == 1
    assert report[0]["check_name"] == "invalid-value" and report[0]["location"]["lines"]["begin"] == 12
    assert report[0]["location"]["path"].endswith("cases/LAHF/phase-1/LAHF-001.yaml")


def test_validate_does_not_load_the_document_writers() -> None:
    """The unchanged-root budget (benchmarks/README.md) leaves no room for heavy imports."""
    import subprocess
    import sys

    code = ("import sys, generator.cli; "
            "print(sorted(m for m in ('docx', 'openpyxl', 'weasyprint', 'pandas', 'jinja2') if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == "[]"


RICH_MARKUP = "[/bold] [red]澜岸[/red] [link=javascript:x]点[/link]"


def test_record_text_in_terminal_tables_is_never_rich_markup(base_root: Path) -> None:
    """A project or defect named in rich's markup is printed as written by stats and track;
    `[/bold]` used to raise MarkupError, which ended the command as an internal error."""
    project = base_root / "cases" / "LAHF" / "project.yaml"
    text = project.read_text(encoding="utf-8")
    project.write_text("\n".join(f'name: "{RICH_MARKUP}"' if line.startswith("name:") else line
                                 for line in text.splitlines()) + "\n", encoding="utf-8")
    defect = base_root / "defects" / "design" / "D-AC-001.yaml"
    text = defect.read_text(encoding="utf-8")
    defect.write_text("\n".join(f'title: "{RICH_MARKUP}"' if line.startswith("title:") else line
                                for line in text.splitlines()) + "\n", encoding="utf-8")
    for command in (["stats"], ["track", "--format", "text"]):
        result = CliRunner().invoke(main, [*command, str(base_root)])
        assert result.exit_code == 0, result.output
        assert "内部错误" not in result.output
    stats = CliRunner().invoke(main, ["stats", str(base_root)], terminal_width=400).output
    assert RICH_MARKUP in stats
