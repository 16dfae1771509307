"""Which files of a handbook root are records, and of what kind.

The layout is the contract: `defects/**/<ID>.yaml` are defect types,
`defects/taxonomy.yaml` extends the vocabularies, `cases/<CODE>/project.yaml`
describes a project and every other YAML file under `cases/<CODE>/` is a case.

What is not a record is skipped: hidden files and folders (`.git`, macOS's
`._LJW-001.yaml`, LibreOffice's `.~lock…#`), Office lock files (`~$…`) and
editor backups (`*~`, `*.swp`, `#…#`, which do not end in `.yaml` anyway).
Folder links are not followed; a file link is read only when it stays inside
the root, and a folder named like a record is reported, never read as one.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Kind = Literal["taxonomy", "defect", "project", "case", "misplaced", "config", "training", "outside", "folder",
               "unreadable"]
# Kinds that are reported without being read.
UNREAD: frozenset[str] = frozenset({"misplaced", "outside", "folder", "unreadable"})
# Name starts that mark no record: Office lock files (~$) and hidden files (macOS ._ forks, .~lock, .swp).
_NOT_RECORDS = ("~$", ".")
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
    real_root = os.path.realpath(root)
    found = [Source(root / rel, rel, _kind(rel, entry, real_root))
             for top in ("defects", "cases") for rel, entry in _yaml_entries(root, top, real_root)]
    return sorted(found, key=lambda s: s.rel)


def _kind(rel: str, entry: os.DirEntry[str] | None, real_root: str) -> Kind:
    if entry is None:
        return "unreadable"
    if entry.is_dir(follow_symlinks=False):
        return "folder"
    if entry.is_symlink() and leaves_root(entry.path, real_root):
        return "outside"
    parts = rel.split("/")
    if parts[0] == "defects":
        return "taxonomy" if rel in (TAXONOMY_FILE, "defects/taxonomy.yml") else "defect"
    if len(parts) < 3:
        return "misplaced"
    return "project" if len(parts) == 3 and parts[2] in ("project.yaml", "project.yml") else "case"


def leaves_root(path: str, real_root: str) -> bool:
    """A link whose target is outside the root, or a loop (which realpath leaves a link)."""
    target = os.path.realpath(path)
    return os.path.commonpath([target, real_root]) != real_root or os.path.islink(target)


def project_folders(root: Path) -> list[str]:
    cases = root / "cases"
    if not cases.is_dir():
        return []
    return sorted(p.name for p in cases.iterdir()
                  if p.is_dir() and not p.is_symlink() and not p.name.startswith(_NOT_RECORDS))


def _yaml_entries(root: Path, top: str, real_root: str) -> Iterator[tuple[str, os.DirEntry[str] | None]]:
    """Root-relative POSIX paths of the entries named like YAML files below `top`,
    skipping hidden and lock files, not following folder links (one scandir per
    folder: the entry already says file, folder or link, with no stat per file)."""
    base = os.path.join(root, top)
    folders = [top] if os.path.isdir(base) and not leaves_root(base, real_root) else []
    while folders:
        rel = folders.pop()
        try:
            with os.scandir(os.path.join(root, rel)) as entries:
                listed = list(entries)
        except OSError:  # a folder without read permission: reported, not silently left out
            yield rel, None
            continue
        for entry in listed:
            if entry.name.startswith(_NOT_RECORDS):
                continue
            if entry.is_dir(follow_symlinks=False):
                folders.append(f"{rel}/{entry.name}")
            if entry.name.endswith(YAML_SUFFIXES):
                yield f"{rel}/{entry.name}", entry
