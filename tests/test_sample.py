"""The repository's own sample knowledge base: valid, and shaped as the issue asks."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from conftest import TODAY

from generator.catalog import Catalog, build_catalog
from generator.stats import phase_progress
from generator.validation import validate

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    result = validate(REPO, today=TODAY, use_cache=False)
    assert [p for p in result.problems] == []
    return build_catalog(result.taxonomy, result.valid_records())


def test_every_record_made_it_into_the_catalog(catalog: Catalog) -> None:
    assert len(catalog.defects) >= 25
    assert len(catalog.projects) >= 3
    assert len(catalog.cases) == sum(1 for _ in (REPO / "cases").rglob("*-[0-9][0-9][0-9].yaml"))


def test_all_categories_and_origin_stages_are_covered(catalog: Catalog) -> None:
    assert {d.category for d in catalog.defects.values()} == set(catalog.taxonomy.terms["category"])
    assert {d.origin for d in catalog.defects.values()} == set(catalog.taxonomy.terms["stage"])


def test_phases_show_the_thirty_case_rule(catalog: Catalog) -> None:
    per_project = Counter(row.project for row in phase_progress(catalog) if row.cases >= 30)
    assert max(per_project.values()) >= 2  # one project with two full phases
    assert any(row.cases < 30 for row in phase_progress(catalog))


def test_the_domain_old_problems_recur_across_projects_and_years(catalog: Catalog) -> None:
    for defect_id in ("D-AC-001", "D-AC-002", "D-VALVE-001", "D-NOISE-001"):
        recurrence = catalog.recurrence(defect_id)
        assert len(recurrence.projects) >= 2, defect_id
        assert len(recurrence.years) >= 2, defect_id


def test_every_defect_type_has_a_case(catalog: Catalog) -> None:
    assert [d for d in catalog.defects if not catalog.cases_of_defect(d)] == []
