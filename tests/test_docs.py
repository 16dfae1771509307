"""Documentation that cannot drift from the code."""

from __future__ import annotations

import re
from pathlib import Path

import click

from generator.cli import main

REPO = Path(__file__).resolve().parent.parent


def command_rows(readme: str) -> dict[str, str]:
    """The README's command table: command name -> its row."""
    return {name: row for row, name in re.findall(r"^(\| `handbook (\w+).*)$", readme, re.M)}


def test_readme_documents_every_command_and_option_in_its_own_row() -> None:
    rows = command_rows((REPO / "README.md").read_text(encoding="utf-8"))
    assert set(rows) == set(main.commands)
    for name, command in main.commands.items():
        usage = rows[name].split(" | ")[0]  # the first cell: `handbook name [ROOT] [--option …]`
        for param in command.params:
            if getattr(param, "hidden", False):
                continue
            for opt in param.opts:
                if opt.startswith("--"):
                    assert opt in usage, f"{name} {opt}"
            if isinstance(param.type, click.Choice):
                for choice in param.type.choices:
                    assert str(choice) in usage, f"{name} {param.opts[0]} {choice}"
            if param.param_type_name == "argument":
                assert param.name is not None and f"{param.name.upper()}" in usage, f"{name} {param.name}"


def test_the_root_argument_sentence_names_the_exceptions() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    without = sorted(name for name, command in main.commands.items()
                     if "root" not in {p.name for p in command.params})
    assert without == ["codes"]
    assert "Every command but `codes` takes the handbook root as an optional argument" in " ".join(readme.split())


def test_quickstart_has_exactly_two_commands() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Quickstart.*?```sh\n(.*?)```", readme, re.S)
    assert block is not None
    assert len(block.group(1).strip().splitlines()) == 2


def test_ci_files_validate_build_and_publish() -> None:
    import yaml

    github = yaml.safe_load((REPO / ".github" / "workflows" / "handbook.yml").read_text(encoding="utf-8"))
    steps = " ".join(step.get("run", "") for step in github["jobs"]["build"]["steps"])
    assert "handbook validate --format github" in steps and "handbook build --out public" in steps
    assert github["jobs"]["deploy"]["steps"][0]["uses"].startswith("actions/deploy-pages")
    gitlab = yaml.safe_load((REPO / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert "handbook validate --format gitlab > gl-code-quality-report.json || true" in gitlab["validate"]["script"]
    assert gitlab["pages"]["artifacts"]["paths"] == ["public"]
    assert "handbook build --out public" in gitlab["pages"]["script"]


def test_pre_commit_runs_the_quickstarts_linter_and_type_checker() -> None:
    import yaml

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Quickstart.*?```sh\n(.*?)```", readme, re.S)
    assert block is not None
    checks = block.group(1).strip().splitlines()[1].split(" && ")
    assert checks == [".venv/bin/ruff check generator tests benchmarks", ".venv/bin/mypy", ".venv/bin/pytest -q"]
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    [local] = config["repos"]
    assert local["repo"] == "local"  # nothing to download behind a firewall
    hooks = {hook["id"]: hook for hook in local["hooks"]}
    assert hooks["ruff"]["entry"] == ".venv/bin/ruff check"
    assert all(re.match(hooks["ruff"]["files"], f"{folder}/x.py") for folder in checks[0].split()[2:])
    assert hooks["mypy"]["entry"] == ".venv/bin/mypy" and hooks["mypy"]["pass_filenames"] is False
    assert all(hook["language"] == "system" for hook in hooks.values())
