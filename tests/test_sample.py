"""The repository's own sample knowledge base: valid, and shaped as the issue asks."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from conftest import TODAY

from generator.catalog import Catalog, build_catalog
from generator.stats import phase_progress
from generator.validation import Validation, validate

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def validation() -> Validation:
    return validate(REPO, today=TODAY, use_cache=False)


@pytest.fixture(scope="module")
def catalog(validation: Validation) -> Catalog:
    assert validation.errors == []
    return build_catalog(validation.taxonomy, validation.valid_records())


def test_the_only_warnings_are_the_process_ones_the_sample_shows(validation: Validation) -> None:
    """A few cases are overdue and one major case was reported late, on purpose (issue 9)."""
    codes = Counter(p.code for p in validation.warnings)
    assert set(codes) == {"overdue", "reported-late"}
    assert codes["overdue"] >= 3 and codes["reported-late"] == 1


def test_old_problems_are_noticed_where_they_recur(validation: Validation) -> None:
    noticed = {p.file.rsplit("/", 1)[1][:-5] for p in validation.notices}
    assert {p.code for p in validation.notices} == {"old-problem-recurred"}
    assert "LAHF-007" in noticed  # D-AC-001 occurred in YQW years before


# What the README says the sample holds (its introduction); the test keeps the two in step.
README_SAYS = ("31 defect types (`defects/`) and 105 cases of three invented projects (`cases/`): "
               "LAHF with phases of 32 and 31 cases, YQW with 30 and JCDJ with 12")


def test_the_sample_is_what_the_readme_says(catalog: Catalog) -> None:
    assert README_SAYS in " ".join((REPO / "README.md").read_text(encoding="utf-8").split())
    assert len(catalog.defects) == 31
    assert len(catalog.cases) == 105
    per_phase = Counter((c.project, c.phase) for c in catalog.cases.values())
    assert per_phase == {("LAHF", 1): 32, ("LAHF", 2): 31, ("YQW", 1): 30, ("JCDJ", 1): 12}
    assert sorted(catalog.projects) == ["JCDJ", "LAHF", "YQW"]


def test_every_record_made_it_into_the_catalog(catalog: Catalog) -> None:
    assert len(catalog.defects) == sum(1 for _ in (REPO / "defects").rglob("D-*.yaml"))
    assert len(catalog.projects) == sum(1 for _ in (REPO / "cases").glob("*/project.yaml"))
    assert len(catalog.cases) == sum(1 for _ in (REPO / "cases").rglob("*-[0-9][0-9][0-9].yaml"))


def test_all_categories_and_origin_stages_are_covered(catalog: Catalog) -> None:
    assert {d.category for d in catalog.defects.values()} == set(catalog.taxonomy.terms["category"])
    assert {d.origin for d in catalog.defects.values()} == set(catalog.taxonomy.terms["stage"])


def test_phases_show_the_thirty_case_rule(catalog: Catalog) -> None:
    rows = {(row.project, row.phase): row for row in phase_progress(catalog)}
    assert {key for key, row in rows.items() if row.cases >= 30} == {("LAHF", 1), ("LAHF", 2), ("YQW", 1)}
    assert rows[("JCDJ", 1)].cases == 12 and rows[("JCDJ", 1)].state(TODAY) == "pending"


def test_the_domain_old_problems_recur_across_projects_and_years(catalog: Catalog) -> None:
    for defect_id in ("D-AC-001", "D-AC-002", "D-VALVE-001", "D-NOISE-001"):
        recurrence = catalog.recurrence(defect_id)
        assert len(recurrence.projects) >= 2, defect_id
        assert len(recurrence.years) >= 2, defect_id


def test_every_defect_type_has_a_case(catalog: Catalog) -> None:
    assert [d for d in catalog.defects if not catalog.cases_of_defect(d)] == []
