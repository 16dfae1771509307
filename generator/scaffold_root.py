"""A new handbook root (`handbook init`): the files a department's own repository starts from.

Everything written comes from package data (`defaults/starter/`, `defaults/ci/`) with a few
tokens filled in, so the CI templates a department gets are the ones the tests run. Nothing
that exists is overwritten: a folder already holding records is refused before anything is
written, and any other file that exists (a new repository's README) is kept as it is.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from . import __version__
from .editor_schema import FOLDER, documents, vscode_setting
from .taxonomy import default_taxonomy

DEFAULTS = Path(__file__).parent / "defaults"
STARTER = DEFAULTS / "starter"
RECORDS = ("defects", "cases", "handbook.yaml")  # what makes a folder a handbook root already
CI_HOSTS = {"github": ".github/workflows/handbook.yml", "gitlab": ".gitlab-ci.yml"}
TITLE = "产品服务缺陷反馈手册"


class RootExists(Exception):
    """The folder already holds records."""

    def __init__(self, paths: list[str]) -> None:
        super().__init__(", ".join(paths))
        self.paths = paths


def ci_template(host: str) -> str:
    """The CI file of `host` with this version pinned (what init writes)."""
    return _filled((DEFAULTS / "ci" / f"{host}.yml").read_text(encoding="utf-8"), {})


def plan(name: str | None, projects: Iterable[str], hosts: Iterable[str], today: date) -> dict[str, str]:
    """Every file of the new root as path (relative, POSIX) -> text; the example case and its phase's
    delivery are dated `today`, so a new root validates without a single warning."""
    codes = list(dict.fromkeys(projects))
    tokens = {
        "@COMPANY_LINE@": f"company: {_quoted(name)}" if name else "# company: 某某集团",
        "@COMPANY@": _quoted(name or "某某置业有限公司"),
        "@SITE_NAME@": _quoted(f"{name} · {TITLE}" if name else TITLE),
        "@SITE_DESCRIPTION@": _quoted(f"{name}的产品与服务缺陷、案例与预防措施" if name
                                      else "产品与服务缺陷、案例与预防措施"),
        "@TITLE@": f"{name} · {TITLE}" if name else TITLE,
        "@FIRST_CODE@": codes[0] if codes else "代码",
        "@TODAY@": today.isoformat(),
    }
    files: dict[str, str] = {}
    for path in sorted((STARTER / "defects").rglob("*.yaml")):
        files[path.relative_to(STARTER).as_posix()] = path.read_text(encoding="utf-8")
    for source, target in (("taxonomy.yaml", "defects/taxonomy.yaml"), ("handbook.yaml", "handbook.yaml"),
                           ("mkdocs.yml", "mkdocs.yml"), ("gitignore", ".gitignore"),
                           ("pre-commit-config.yaml", ".pre-commit-config.yaml"), ("README.md", "README.md")):
        files[target] = _starter(source, tokens)
    for code in codes:
        files[f"cases/{code}/project.yaml"] = _starter("project.yaml", tokens | {"@CODE@": code})
        files[f"cases/{code}/phase-1/{code}-001.yaml"] = _starter("case.yaml", tokens | {"@CODE@": code})
    for host in dict.fromkeys(hosts):
        files[CI_HOSTS[host]] = ci_template(host)
    for schema_name, text in documents(default_taxonomy(), "zh", codes).items():
        files[f"{FOLDER}/{schema_name}"] = text
    files[".vscode/settings.json"] = vscode_setting(FOLDER) + "\n"
    return files


def write(root: Path, files: dict[str, str]) -> list[str]:
    """Write the files under `root` and return the ones kept because they exist (a new repository's
    README or .gitignore stays the author's); a root that already holds records is refused whole."""
    taken = [rel for rel in RECORDS if (root / rel).exists()]
    if taken:
        raise RootExists(taken)
    kept = [rel for rel in files if (root / rel).exists()]
    for rel, text in files.items():
        if rel not in kept:
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    return kept


def _starter(name: str, tokens: dict[str, str]) -> str:
    return _filled((STARTER / name).read_text(encoding="utf-8"), tokens)


def _filled(text: str, tokens: dict[str, str]) -> str:
    for token, value in (tokens | {"@VERSION@": __version__}).items():
        text = text.replace(token, value)
    return text


def _quoted(value: str) -> str:
    """A YAML scalar that reads back as `value` whatever it holds (JSON strings are YAML)."""
    return json.dumps(value, ensure_ascii=False)
