"""Each folder under tests/broken_ledgers/ is a ledger that `handbook import` must answer with
exactly the problems in its expected.txt (`sheet!cell: level [code]`) on the valid base root,
writing nothing when there is an error: the ledger counterpart of tests/broken/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import HERE, make_root
from ledgerkit import run, snapshot

from generator.problems import CODES

LEDGERS = HERE / "broken_ledgers"
CASES = sorted(p.name for p in LEDGERS.iterdir() if (p / "expected.txt").is_file())
_LINE = re.compile(r"^(\S+!\w+\d+): (error|warning): .* \[([a-z0-9-]+)\]$", re.M)


def expected(name: str) -> list[str]:
    lines = (LEDGERS / name / "expected.txt").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


@pytest.mark.parametrize("name", CASES)
def test_broken_ledger_reports_exactly_its_problems(name: str, tmp_path: Path) -> None:
    root = make_root(tmp_path)
    args = (LEDGERS / name / "args.txt").read_text(encoding="utf-8").split()
    before = snapshot(root)
    result = run("import", str(LEDGERS / name / "ledger.xlsx"), str(root), *args)
    assert [f"{cell}: {level} [{code}]" for cell, level, code in _LINE.findall(result.output)] == expected(name)
    failed = any(": error [" in line for line in expected(name))
    assert result.exit_code == (1 if failed else 0), result.output
    if failed:
        assert snapshot(root) == before


def test_every_ledger_code_has_a_broken_ledger() -> None:
    covered = {line.rsplit("[", 1)[1].rstrip("]") for name in CASES for line in expected(name)}
    # ledger-update-layout needs a case file written in braces: tests/test_intake_ledgers.py makes one.
    assert {code for code in CODES if code.startswith("ledger-")} - covered == {"ledger-update-layout"}
