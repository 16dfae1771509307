"""Which files of a handbook root are records, and of what kind.

The layout is the contract: `defects/**/<ID>.yaml` are defect types,
`defects/taxonomy.yaml` extends the vocabularies, `cases/<CODE>/project.yaml`
describes a project and every other YAML file under `cases/<CODE>/` is a case.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Kind = Literal["taxonomy", "defect", "project", "case", "misplaced", "config"]
YAML_SUFFIXES = (".yaml", ".yml")
TAXONOMY_FILE = "defects/taxonomy.yaml"


@dataclass(frozen=True)
class Source:
    """One record file: where it is and what the layout says it holds."""

    path: Path
    rel: str  # POSIX path relative to the root, as printed in problems
    kind: Kind

    @property
    def stem(self) -> str:
        return self.path.stem

    @property
    def folder_code(self) -> str:
        """The project folder a case or project file sits in (cases/<CODE>/...)."""
        return self.rel.split("/")[1]


def is_root(root: Path) -> bool:
    return (root / "defects").is_dir() or (root / "cases").is_dir()


def discover(root: Path) -> list[Source]:
    """Every record file under the root, sorted so that output is stable."""
    found = [_classify_defects(Source(root / rel, rel, "defect")) for rel in _yaml_files(root, "defects")]
    found += [_classify_case(Source(root / rel, rel, "case")) for rel in _yaml_files(root, "cases")]
    return sorted(found, key=lambda s: s.rel)


def project_folders(root: Path) -> list[str]:
    cases = root / "cases"
    if not cases.is_dir():
        return []
    return sorted(p.name for p in cases.iterdir() if p.is_dir() and not p.name.startswith("."))


def _classify_defects(source: Source) -> Source:
    if source.rel == TAXONOMY_FILE or source.rel == "defects/taxonomy.yml":
        return Source(source.path, source.rel, "taxonomy")
    return source


def _classify_case(source: Source) -> Source:
    parts = source.rel.split("/")
    if len(parts) < 3:
        return Source(source.path, source.rel, "misplaced")
    if len(parts) == 3 and parts[2] in ("project.yaml", "project.yml"):
        return Source(source.path, source.rel, "project")
    return source


def _yaml_files(root: Path, top: str) -> Iterator[str]:
    """Root-relative POSIX paths of the YAML files below `top`, skipping hidden
    folders and not following folder links (plain strings: thousands of files)."""
    base = os.path.join(root, top)
    for folder, dirs, files in os.walk(base):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        rel = os.path.relpath(folder, root).replace(os.sep, "/")
        for name in files:
            if name.endswith(YAML_SUFFIXES) and not name.startswith("."):
                yield f"{rel}/{name}"
