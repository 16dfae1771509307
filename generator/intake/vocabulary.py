"""What an empty ledger offers, checked as `validate` checks it: the taxonomy, the defect
types and the projects with their phases, without the root's cases.

A template's drop-downs come from those records alone, so reading 20,000 cases for it
would only cost time (and let a broken case somewhere stop a template it has no part in).
Every file read here goes through the same `check_sources` as in `validate`, and the rules
across records that look only at defect types and projects run on them, so a broken
defect or project file is reported in the same words, at the same line, with the same code.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..problems import Problem
from ..rules import Corpus, projects_exist, references_exist, unique_ids
from ..schema import Record
from ..sources import Source, discover, project_folders
from ..validation import Validation, check_sources, root_config, root_taxonomy

# The rules across records whose input is defect types and projects only (the others
# count, date or compare cases, and would misreport a root read without them).
_RULES = (unique_ids, references_exist, projects_exist)


def validate_vocabulary(root: Path, today: date) -> Validation:
    """The root's taxonomy, handbook.yaml, defect types and projects, and their problems."""
    sources = [s for s in discover(root) if _of_vocabulary(s)]
    taxonomy, problems, _namespace = root_taxonomy(root, [s for s in sources if s.kind == "taxonomy"])
    config, config_problems = root_config(root, taxonomy)
    problems += config_problems
    records: list[Record] = []
    # uncached: the parse cache keeps exactly the entries of its last run, so filling it with
    # these 1,200 files would evict the cases'
    for record, found in check_sources([s for s in sources if s.kind != "taxonomy"], taxonomy, None):
        problems += found
        if record is not None:
            records.append(record)
    corpus = Corpus(root, records, project_folders(root), today, config, False, taxonomy)
    for rule in _RULES:
        problems += rule(corpus)
    counts = {kind: sum(1 for s in sources if s.kind == kind) for kind in ("defect", "project")}
    return Validation(root, taxonomy, records, sorted(set(problems), key=Problem.sort_key), counts, config)


def _of_vocabulary(source: Source) -> bool:
    """Everything under defects/, each project file, and what sits directly in cases/ (a
    misplaced file there may be meant as either); anything deeper is a case's."""
    parts = source.rel.split("/")
    return parts[0] == "defects" or source.kind == "project" or len(parts) == 2
