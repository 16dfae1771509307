"""Documentation that cannot drift from the code."""

from __future__ import annotations

import re
from pathlib import Path

from generator.cli import main

REPO = Path(__file__).resolve().parent.parent


def test_readme_documents_every_command_and_option() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name, command in main.commands.items():
        assert f"handbook {name}" in readme, name
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
