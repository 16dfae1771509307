"""Documentation that cannot drift from the code."""

from __future__ import annotations

import re
from pathlib import Path

from generator.cli import main

REPO = Path(__file__).resolve().parent.parent


def test_readme_documents_every_command_and_option() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    import click

    # A group's subcommands (handbook new case) are named as `new case` in its row.
    commands = [(f"handbook {name}", command) for name, command in main.commands.items()]
    commands += [(f"{name} {sub}", subcommand) for name, command in main.commands.items()
                 if isinstance(command, click.Group) for sub, subcommand in command.commands.items()]
    for name, command in commands:
        assert name in readme, name
        for param in command.params:
            for opt in getattr(param, "opts", []):
                if opt.startswith("--") and not getattr(param, "hidden", False):
                    assert opt in readme, f"{name} {opt}"


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


def test_pre_commit_hook_runs_the_validator_on_record_files() -> None:
    import yaml

    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "handbook-validate")
    assert hook["entry"] == "handbook validate" and hook["language"] == "python" and hook["pass_filenames"] is False
    files = re.compile(hook["files"])
    for path in ("defects/design/D-AC-001.yaml", "cases/LAHF/project.yaml", "cases/LAHF/phase-1/LAHF-001.yml",
                 "defects/taxonomy.yaml", "handbook.yaml"):
        assert files.search(path), path
    for path in ("README.md", "site/guide.md", "mkdocs.yml", "cases/LAHF/phase-1/photos/LAHF-001-1.jpg"):
        assert not files.search(path), path
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "- id: handbook-validate" in readme and "repo: local" in readme and '"yaml.schemas"' in readme
    local = re.search(r"repos:\n  - repo: local\n.*?```", readme, re.S)
    assert local is not None and f"files: {hook['files']}" in local.group(0)


def test_the_guide_gives_staff_the_same_commands_as_the_readme() -> None:
    guide = (REPO / "site" / "guide.md").read_text(encoding="utf-8")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("### 从 Excel 开始", 1)[1].split("### Extending the vocabularies", 1)[0]
    blocks = "\n".join(re.findall(r"```sh\n(.*?)```", section, re.S))
    commands = re.findall(r"^(handbook [^#\n]*?)\s*(?:#.*)?$", blocks, re.M)
    assert len(commands) >= 8
    for command in commands:
        assert command in guide, command
