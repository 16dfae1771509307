"""handbook init: a new root that validates and builds at once, whose CI files run as written
(with the tool installed from this working tree in place of the pinned version), and that
refuses a folder already holding records (and keeps any other file that exists)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from ledgerkit import run, snapshot

from generator import __version__

REPO = Path(__file__).resolve().parent.parent


def init(root: Path, *args: str) -> None:
    result = run("init", str(root), "--name", "锦程集团", "--project", "ABC", "--ci", "github,gitlab", *args)
    assert result.exit_code == 0, result.output


def test_init_writes_a_root_that_validates_without_a_problem_and_builds(tmp_path: Path) -> None:
    root = tmp_path / "kb"
    init(root)
    checked = run("validate", str(root))
    assert checked.exit_code == 0 and "0 个错误，0 个警告" in checked.output, checked.output
    built = run("build", str(root))
    assert built.exit_code == 0, built.output
    home = (root / "public" / "index.html").read_text(encoding="utf-8")
    assert "锦程集团 · 产品服务缺陷反馈手册" in home and "ABC-001" in home
    assert yaml.safe_load((root / "handbook.yaml").read_text(encoding="utf-8"))["company"] == "锦程集团"
    starter = sorted(p.name for p in (root / "defects").rglob("D-*.yaml"))
    assert len(starter) >= 5
    assert all("示例缺陷类型" in p.read_text(encoding="utf-8").splitlines()[0]
               for p in (root / "defects").rglob("D-*.yaml"))
    settings = json.loads((root / ".vscode" / "settings.json").read_text(encoding="utf-8"))["yaml.schemas"]
    assert all((root / schema).is_file() for schema in settings) and "schema/case.json" in settings
    assert '"ABC"' in (root / "schema" / "case.json").read_text(encoding="utf-8") or \
        "ABC" in json.loads((root / "schema" / "case.json").read_text(encoding="utf-8"))["properties"]["id"]["pattern"]
    ignored = (root / ".gitignore").read_text(encoding="utf-8")
    assert all(entry in ignored for entry in ("public/", ".handbook/", "handbooks/"))
    hooks = yaml.safe_load((root / ".pre-commit-config.yaml").read_text(encoding="utf-8"))["repos"]
    assert hooks[0]["rev"] == f"v{__version__}" and hooks[0]["hooks"] == [{"id": "handbook-validate"}]
    readme = (root / "README.md").read_text(encoding="utf-8")
    for command in ("handbook new case --project ABC", "handbook import", "handbook validate", "handbook serve",
                    "handbook build"):
        assert command in readme, command


def test_taxonomy_comments_show_how_to_extend_and_uncommented_they_validate(tmp_path: Path) -> None:
    root = tmp_path / "kb"
    init(root)
    path = root / "defects" / "taxonomy.yaml"
    header, body = path.read_text(encoding="utf-8").split("\n\n", 1)
    uncommented = "\n".join(line.removeprefix("# ") for line in body.replace("category: {}", "category:").splitlines())
    path.write_text(header + "\n\n" + uncommented + "\n", encoding="utf-8")
    assert "decoration: 精装修" in uncommented and "hotline: 400 热线" in uncommented
    checked = run("validate", str(root))
    assert checked.exit_code == 0 and "0 个错误" in checked.output, checked.output


def _shell(command: str, root: Path, env: dict[str, str]) -> None:
    done = subprocess.run(["bash", "-euo", "pipefail", "-c", command], cwd=root, env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"


def _ci_env(tmp_path: Path) -> dict[str, str]:
    """The CI job's environment, with the requirement naming a wheel of this working tree (built here,
    the only step that needs the package index, which is local) and pip kept offline: the package
    is installed into a folder of its own, found first on PATH and PYTHONPATH."""
    wheels, target = tmp_path / "wheels", tmp_path / "installed"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels), str(REPO)],
                   check=True, capture_output=True, timeout=300)
    wheel = next(wheels.glob("defect_handbook-*.whl"))
    return {**os.environ, "HANDBOOK_REQUIREMENT": str(wheel), "PIP_TARGET": str(target), "PIP_NO_DEPS": "1",
            "PIP_NO_INDEX": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1",
            "PATH": f"{target / 'bin'}{os.pathsep}{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
            "PYTHONPATH": str(target)}


@pytest.mark.skipif(not (Path(sys.executable).parent / "pip").exists(), reason="needs pip in the test environment")
def test_the_generated_ci_runs_as_written_and_publishes_the_site(tmp_path: Path) -> None:
    root = tmp_path / "kb"
    init(root)
    env = _ci_env(tmp_path)
    workflow = yaml.safe_load((root / ".github" / "workflows" / "handbook.yml").read_text(encoding="utf-8"))
    assert f"defect-handbook=={__version__}" in workflow["env"]["HANDBOOK_REQUIREMENT"]
    steps = workflow["jobs"]["build"]["steps"]
    commands = [step["run"] for step in steps if "run" in step]
    assert commands == ['pip install "$HANDBOOK_REQUIREMENT"', "handbook validate --format github",
                        "handbook build --out public"]
    for command in commands:
        _shell(command, root, env)
    installed = tmp_path / "installed" / "generator" / "defaults" / "ci" / "github.yml"
    assert installed.is_file(), "the workflow's install step did not install the package with its data"
    which = subprocess.run(["bash", "-c", "command -v handbook"], env=env, capture_output=True, text=True)
    assert which.stdout.strip() == str(tmp_path / "installed" / "bin" / "handbook")
    assert (root / "public" / "index.html").is_file()
    upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "public"
    gitlab = yaml.safe_load((root / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert gitlab["variables"]["HANDBOOK_REQUIREMENT"] == f"defect-handbook=={__version__}"
    for command in gitlab["validate"]["script"][1:] + gitlab["pages"]["script"][1:]:
        _shell(command, root, env)
    report = json.loads((root / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    assert report == []
    assert gitlab["pages"]["artifacts"]["paths"] == ["public"]


def test_init_refuses_a_folder_that_holds_records_and_writes_nothing(tmp_path: Path) -> None:
    root = tmp_path / "kb"
    (root / "cases").mkdir(parents=True)
    (root / "handbook.yaml").write_text("minimum_cases: 20\n", encoding="utf-8")
    before = snapshot(root)
    result = run("init", str(root))
    assert result.exit_code == 1
    assert "cases、handbook.yaml" in result.output and "什么都没写" in result.output
    assert snapshot(root) == before and not (root / "defects").exists()


def test_init_keeps_a_new_repositorys_own_files_and_still_gives_a_working_root(tmp_path: Path) -> None:
    root = tmp_path / "kb"
    root.mkdir()
    (root / "README.md").write_text("# 我们自己的说明\n", encoding="utf-8")
    (root / ".gitignore").write_text("*.tmp\n", encoding="utf-8")
    result = run("init", str(root), "--project", "ABC")
    assert result.exit_code == 0 and "没有改动：.gitignore、README.md" in result.output, result.output
    assert (root / "README.md").read_text(encoding="utf-8") == "# 我们自己的说明\n"
    assert (root / ".gitignore").read_text(encoding="utf-8") == "*.tmp\n"
    assert (root / "cases" / "ABC" / "phase-1" / "ABC-001.yaml").is_file()
    assert run("validate", str(root)).exit_code == 0


def test_init_names_a_bad_project_code_and_ci_host(tmp_path: Path) -> None:
    bad = run("init", str(tmp_path / "a"), "--project", "abc")
    assert bad.exit_code == 2 and "abc" in bad.output and "LAHF" in bad.output
    host = run("init", str(tmp_path / "b"), "--ci", "jenkins", "--lang", "en")
    assert host.exit_code == 2 and "'jenkins'" in host.output and "github, gitlab" in host.output
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()
