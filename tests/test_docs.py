"""Documentation that cannot drift from the code."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main

REPO = Path(__file__).resolve().parent.parent


def test_problem_code_page_is_current() -> None:
    page = (REPO / "site" / "reference" / "problems.md").read_text(encoding="utf-8")
    assert page.strip() == CliRunner().invoke(main, ["codes"]).output.strip(), \
        "regenerate with: handbook codes > site/reference/problems.md"


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
