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


def documented(command: click.Command) -> list[tuple[str, click.Command]]:
    """A command, and a group's subcommands (handbook new case), each with the words to find."""
    found: list[tuple[str, click.Command]] = [("", command)]
    if isinstance(command, click.Group):
        found += [(sub, subcommand) for sub, subcommand in command.commands.items()]
    return found


def test_readme_documents_every_command_and_option_in_its_own_row() -> None:
    rows = command_rows((REPO / "README.md").read_text(encoding="utf-8"))
    assert set(rows) == set(main.commands)
    for name, group in main.commands.items():
        for sub, command in documented(group):
            # the first cell, `handbook name [ROOT] [--option …]`; a subcommand's options may be
            # in the row's description (`new case --project LAHF …`)
            usage = rows[name] if sub else rows[name].split(" | ")[0]
            assert sub in rows[name].split(" | ")[0], f"{name} {sub}"
            name_shown = f"{name} {sub}".strip()
            for param in command.params:
                if getattr(param, "hidden", False):
                    continue
                for opt in param.opts:
                    if opt.startswith("--"):
                        assert opt in usage, f"{name_shown} {opt}"
                if isinstance(param.type, click.Choice):
                    for choice in param.type.choices:
                        assert str(choice) in usage, f"{name_shown} {param.opts[0]} {choice}"
                if param.param_type_name == "argument":
                    assert param.name is not None
                    for word in (param.metavar or param.name.upper()).replace("[", " ").replace("]", " ").split():
                        assert word in usage, f"{name_shown} {param.name} {word}"


def takes_root(command: click.Command) -> bool:
    """A ROOT argument of its own, named in its arguments' metavar, or in every subcommand of a group."""
    if isinstance(command, click.Group):
        return all(takes_root(sub) for sub in command.commands.values())
    return any(p.name == "root" or "ROOT" in (p.metavar or "") for p in command.params)


def test_the_root_argument_sentence_names_the_exceptions() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    without = sorted(name for name, command in main.commands.items() if not takes_root(command))
    assert without == ["codes"]
    assert "Every command but `codes` takes the handbook root as an optional argument" in " ".join(readme.split())


def test_quickstart_has_exactly_two_commands() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Quickstart.*?```sh\n(.*?)```", readme, re.S)
    assert block is not None
    assert len(block.group(1).strip().splitlines()) == 2


def test_ci_files_validate_build_and_publish() -> None:
    """The repository's CI is the tool's: the Quickstart (.ci/run) and the sample site on Pages. A handbook
    repository's CI comes from the package's templates, which validate, build and publish (tests/test_init.py
    runs them)."""
    import yaml

    from generator.scaffold_root import ci_template

    github = yaml.safe_load((REPO / ".github" / "workflows" / "handbook.yml").read_text(encoding="utf-8"))
    steps = github["jobs"]["test"]["steps"]
    assert [step["run"] for step in steps if "run" in step] == [".ci/run"]
    assert any(step.get("uses", "").startswith("actions/upload-pages-artifact") for step in steps)
    assert github["jobs"]["deploy"]["steps"][0]["uses"].startswith("actions/deploy-pages")
    gitlab = yaml.safe_load((REPO / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert gitlab["test"]["script"] == [".ci/run"] and gitlab["pages"]["artifacts"]["paths"] == ["public"]
    template = yaml.safe_load(ci_template("github"))
    steps = " ".join(step.get("run", "") for step in template["jobs"]["build"]["steps"])
    assert "handbook validate --format github" in steps and "handbook build --out public" in steps
    assert template["jobs"]["deploy"]["steps"][0]["uses"].startswith("actions/deploy-pages")
    template = yaml.safe_load(ci_template("gitlab"))
    assert "handbook validate --format gitlab > gl-code-quality-report.json || true" in template["validate"]["script"]
    assert template["pages"]["artifacts"]["paths"] == ["public"]
    assert "handbook build --out public" in template["pages"]["script"]
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("### CI for a handbook repository", 1)[1].split("\n## ", 1)[0]
    for line in ('pip install "$HANDBOOK_REQUIREMENT"', "handbook validate --format github",
                 "handbook build --out public", "HANDBOOK_REQUIREMENT: ${{ vars.HANDBOOK_REQUIREMENT"):
        assert line in section and line in ci_template("github"), line


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
