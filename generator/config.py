"""Settings of a handbook root that are policy rather than data.

A root may hold `handbook.yaml` (checked like any record) to change them:

    minimum_cases: 30        # cases a phase's handbook must hold
    due_months: 3            # months after bulk delivery that it is due
    company: 锦程置业集团      # on the company handbook's cover
    compiled_by: 客户关系部    # "compiled by" on handbook covers
    report_days: 7           # days after found a major or crisis case must be reported to the group
    duplicate_similarity: 80 # % of text two cases share before they are flagged as duplicates
    cases_per_month: 2       # cases handbook training --month picks for shared study
"""

from __future__ import annotations

from dataclasses import dataclass

CONFIG_FILE = "handbook.yaml"
TRAINING_FILE = "training.yaml"  # the case-study log: which cases were studied when


@dataclass(frozen=True)
class Config:
    # The group's rule: a phase's handbook holds at least 30 cases and is due
    # three months after the phase's bulk delivery.
    minimum_cases: int = 30
    due_months: int = 3
    company: str | None = None
    compiled_by: str = "客户服务部"
    report_days: int = 7
    # Cosine (in %) of two cases' character n-gram TF-IDF vectors at which `validate` warns
    # possible-duplicate and `suggest` flags a likely duplicate; chosen on benchmarks/suggest.py.
    duplicate_similarity: int = 80
    # The case study: two cases a month are picked for shared study (handbook training --month).
    cases_per_month: int = 2
