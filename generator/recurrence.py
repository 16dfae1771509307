"""Old problems (老问题): the other projects that had a defect type before a case of it.

The validator's notice (over records) and the catalogue's flag (over cases) walk a
type's cases once, in date order, so a type with thousands of cases in hundreds of
projects costs no more than its cases; a type seen in dozens of projects is named by
the latest few, then counted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from itertools import groupby, islice
from typing import TypeVar

NAMED_PROJECTS = 8

T = TypeVar("T")


def earlier_projects(items: Iterable[T], found: Callable[[T], date], project: Callable[[T], str]
                     ) -> Iterator[tuple[T, tuple[str, ...], int, Mapping[str, tuple[int, ...]]]]:
    """Each item of one defect type, given in date order, with the latest NAMED_PROJECTS other
    projects that had the type before it (in code order), how many such projects there are,
    and each project's years so far (read them before the next item: they grow). Items found
    the same day are not before each other."""
    years: dict[str, tuple[int, ...]] = {}  # project -> years seen, the most recently seen project last
    for day, group in groupby(items, key=found):
        same_day = list(group)
        for item in same_day:
            own = project(item)
            latest = tuple(sorted(islice((p for p in reversed(years) if p != own), NAMED_PROJECTS)))
            yield item, latest, len(years) - (own in years), years
        for item in same_day:
            seen = years.pop(project(item), ())
            years[project(item)] = seen if day.year in seen else (*seen, day.year)
