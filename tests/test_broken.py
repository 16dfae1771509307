"""Each folder under tests/broken/ is a broken overlay on the valid base root; its
expected.txt lists exactly the problems `validate` must report, as
`path:line:column: level [code]`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import BROKEN, TODAY, make_root

from generator.loading import Mapping, Node, Sequence, load
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


LABELLED = re.compile(r"“[^”]+”（[^）]+）")


@pytest.mark.parametrize("name", CASES)
def test_chinese_messages_name_fields_by_label_and_key(name: str, tmp_path: Path) -> None:
    """“等级”（grade） in Chinese, 'grade' in English, wherever a message names a known field."""
    for p in validate(make_root(tmp_path, BROKEN / name), today=TODAY, use_cache=False).problems:
        if "{field}" in CODES[p.code].message.zh and p.code != "unknown-field":
            assert LABELLED.search(p.message("zh")), p.message("zh")
            assert f"'{p.args['key']}'" in p.message("en")


# Codes about a file as a whole (or a folder): nothing inside it to point at, so line 1, column 1.
WHOLE_FILE = {"empty-file", "unreadable-file", "file-too-large", "misplaced-file", "missing-project",
              "link-outside-root", "folder-named-like-record"}
STEP = re.compile(r"\.([^.\[]+)|\[(\d+)\]")


def places(node: Node | None, path: str) -> set[tuple[int, int]]:
    """Where a problem at `path` may point: the key or the value of the deepest part of the
    path that exists (an absent field is reported at the mapping that lacks it)."""
    found = {(node.line, node.column)} if node is not None else set()
    for name, index in STEP.findall(path[1:]):
        if isinstance(node, Mapping) and name in node.entries:
            key, node = node.entries[name]
            found = {(key.line, key.column), (node.line, node.column)}
        elif isinstance(node, Sequence) and index and int(index) < len(node.items):
            node = node.items[int(index)]
            found = {(node.line, node.column)}
        else:
            break
    return found


def first_content(text: str) -> tuple[int, int]:
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip() and not line.lstrip().startswith("#"):
            return number, len(line) - len(line.lstrip()) + 1
    return 1, 1


@pytest.mark.parametrize("name", CASES)
def test_every_problem_points_at_its_node_not_at_the_files_start(name: str, tmp_path: Path) -> None:
    root = make_root(tmp_path, BROKEN / name)
    for p in validate(root, today=TODAY, use_cache=False).problems:
        at = (p.line, p.column)
        if p.code in WHOLE_FILE:
            assert at == (1, 1), p
            continue
        data = (root / p.file).read_bytes()
        if p.path != "$":  # a problem of the record: at the node its path names
            assert at in places(load(data, p.file).root, p.path), p
        elif p.code == "not-a-mapping":  # the top-level node, wherever the file's content starts
            assert at == first_content(data.decode("utf-8-sig")), p
        elif p.code == "not-utf8":  # at the bytes named, which may well start the file (UTF-16)
            assert bytes.fromhex(str(p.args["bytes"])) in data.split(b"\n")[p.line - 1], p
        elif p.code == "yaml-directive":  # directives can only stand at the start of a line
            assert data.decode().splitlines()[p.line - 1][p.column - 1] == "%", p
        else:  # a problem of the text: somewhere after the start, in the fixtures written for it
            assert at != (1, 1), p
