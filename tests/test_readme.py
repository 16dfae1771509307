"""The README's example output is what the command prints: each block marked
`<!-- output of tests/test_readme.py: NAME -->` is the real CLI's output on the example's
input. When messages change on purpose, refresh the blocks in place with

    UPDATE_README=1 .venv/bin/pytest -q tests/test_readme.py
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from sitekit import copy_sample

from generator.cli import main

README = Path(__file__).resolve().parent.parent / "README.md"
MARKER = "<!-- output of tests/test_readme.py: {} -->"
BLOCK = re.compile(r"^<!-- output of tests/test_readme\.py: ([\w-]+) -->\n```(\w*)\n(.*?)^```$", re.M | re.S)
# Fenced text blocks that are not output: the file layout and the data flow.
NOT_OUTPUT = ("defects/<any folders>/<ID>.yaml", "sources (which files)")


def severity_typo(root: Path) -> None:
    """The sample with a severity nobody defined, as in the README's example."""
    case = root / "cases" / "LAHF" / "phase-1" / "LAHF-007.yaml"
    text = case.read_text(encoding="utf-8")
    assert "\nseverity: 重大\n" in text
    case.write_text(text.replace("\nseverity: 重大\n", "\nseverity: 很严重\n"), encoding="utf-8")


def unchanged(root: Path) -> None:
    """The sample as it is."""


EXAMPLES: dict[str, tuple[Callable[[Path], None], list[str]]] = {
    "validate": (severity_typo, ["validate", "--quiet-notices"]),
    "validate-en": (severity_typo, ["validate", "--quiet-notices", "--lang", "en"]),
    "validate-github": (severity_typo, ["validate", "--quiet-notices", "--format", "github"]),
    "validate-json": (severity_typo, ["validate", "--quiet-notices", "--format", "json"]),
    "notice": (unchanged, ["validate"]),
}
# Examples that show one problem of the run: the line naming this file, and no hint.
ONE_LINE = {"notice": "cases/LAHF/phase-1/LAHF-007.yaml:"}


def output_of(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The command's output, run from inside a prepared copy of the sample as a user would."""
    prepare, args = EXAMPLES[name]
    root = copy_sample(tmp_path / "handbook")
    prepare(root)
    monkeypatch.chdir(root)
    monkeypatch.delenv("HANDBOOK_LANG", raising=False)
    result = CliRunner().invoke(main, args)
    assert result.exit_code in (0, 1), result.output
    if name in ONE_LINE:
        return "".join(line for line in result.output.splitlines(keepends=True) if line.startswith(ONE_LINE[name]))
    return result.output


def blocks() -> dict[str, str]:
    return {m.group(1): m.group(3) for m in BLOCK.finditer(README.read_text(encoding="utf-8"))}


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_the_readme_shows_what_the_command_prints(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    printed = output_of(name, tmp_path, monkeypatch)
    if os.environ.get("UPDATE_README"):
        readme = README.read_text(encoding="utf-8")
        match = next(m for m in BLOCK.finditer(readme) if m.group(1) == name)
        README.write_text(readme[:match.start(3)] + printed + readme[match.end(3):], encoding="utf-8")
    assert blocks()[name] == printed


def test_every_example_block_is_generated() -> None:
    assert sorted(blocks()) == sorted(EXAMPLES)
    readme = README.read_text(encoding="utf-8")
    for match in re.finditer(r"^(.*)\n```text\n(.*?)\n", readme, re.M):
        marked = match.group(1).startswith("<!-- output of tests/test_readme.py")
        assert marked or match.group(2).startswith(NOT_OUTPUT), match.group(2)
