"""Each folder under tests/broken/ is a broken overlay on the valid base root; its
expected.txt lists exactly the problems `validate` must report, as
`path:line:column: level [code]`."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import BROKEN, TODAY, make_root

from generator.problems import CODES
from generator.validation import validate

CASES = sorted(p.name for p in BROKEN.iterdir() if p.is_dir())


def reported(root: Path) -> list[str]:
    result = validate(root, today=TODAY, use_cache=False)
    return [f"{p.file}:{p.line}:{p.column}: {p.level} [{p.code}]" for p in result.problems]


def expected(name: str) -> list[str]:
    lines = (BROKEN / name / "expected.txt").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


@pytest.mark.parametrize("name", CASES)
def test_broken_root_reports_exactly_its_problems(name: str, tmp_path: Path) -> None:
    assert reported(make_root(tmp_path, BROKEN / name)) == expected(name)


def test_every_code_has_a_broken_fixture() -> None:
    covered = {line.rsplit("[", 1)[1].rstrip("]") for name in CASES for line in expected(name)}
    generated = {"file-too-large", "unreadable-file"}  # made by test_loading.py, not committed as files
    # Problems of spreadsheet cells: tests/broken_ledgers/ holds a ledger for each (test_broken_ledgers.py).
    ledger = {code for code in CODES if code.startswith("ledger-")}
    assert set(CODES) - covered - generated - ledger == set()
