"""Each folder under tests/broken/ is a broken overlay on the valid base root; its
expected.txt lists exactly the problems `validate` must report, as
`path:line:column: level [code]`."""

from __future__ import annotations

import re
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
    assert set(CODES) - covered - generated == set()


LABELLED = re.compile(r"“[^”]+”（[^）]+）")


@pytest.mark.parametrize("name", CASES)
def test_chinese_messages_name_fields_by_label_and_key(name: str, tmp_path: Path) -> None:
    """“等级”（grade） in Chinese, 'grade' in English, wherever a message names a known field."""
    for p in validate(make_root(tmp_path, BROKEN / name), today=TODAY, use_cache=False).problems:
        if "{field}" in CODES[p.code].message.zh and p.code != "unknown-field":
            assert LABELLED.search(p.message("zh")), p.message("zh")
            assert f"'{p.args['key']}'" in p.message("en")
