"""Settings of a handbook root that are policy rather than data."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Config:
    # The group's rule: a phase's handbook holds at least 30 cases and is due
    # three months after the phase's bulk delivery.
    minimum_cases: int = 30
    due_months: int = 3
