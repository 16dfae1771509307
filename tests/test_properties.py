"""Property tests: no byte sequence crashes the loader or a file's check, every
problem points inside the file, and each input is read in bounded time.

Profiles: `HYPOTHESIS_PROFILE=ci` (the default, bounded well under a minute for
the whole file on a shared runner) and `dev` for a longer local search.
"""

from __future__ import annotations

import os
import tempfile
import unicodedata
from pathlib import Path

from conftest import BASE, BROKEN, TODAY, make_root
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import textsim
from generator.loading import line_breaks, load
from generator.problems import CODES, Problem
from generator.sources import Source
from generator.taxonomy import default_taxonomy
from generator.validation import check_file, validate

settings.register_profile("ci", max_examples=150, deadline=1000, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=3000, deadline=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

CASE_REL = "cases/LAHF/phase-1/LAHF-001.yaml"
RECORDS = {
    CASE_REL: (BASE / CASE_REL).read_bytes(),
    "cases/LAHF/project.yaml": (BASE / "cases/LAHF/project.yaml").read_bytes(),
    "defects/design/D-AC-001.yaml": (BASE / "defects/design/D-AC-001.yaml").read_bytes(),
    "defects/taxonomy.yaml": (BROKEN / "taxonomy-extension/defects/taxonomy.yaml").read_bytes(),
    "handbook.yaml": "minimum_cases: 30\ndue_months: 3\ncompany: 锦程置业集团\ncompiled_by: 客户服务部\n".encode(),
}
KINDS = {CASE_REL: "case", "cases/LAHF/project.yaml": "project", "defects/design/D-AC-001.yaml": "defect",
         "defects/taxonomy.yaml": "taxonomy", "handbook.yaml": "config"}
TAXONOMY = default_taxonomy()
# What pasted and corrupted text brings: C0/C1 controls, DEL, BOMs, line and paragraph
# separators, non-characters, full-width spaces and colons, tabs, quotes, brackets, CR.
NASTY = [chr(c) for c in [*range(0, 32), 0x7F, 0x85, 0x9F, 0xA0, 0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF, 0x3000,
                          0xFF1A]] + list("#:'\"[]{}&*!|>-%@`\\ ") + ["\r\n", ": ", " #", "\n  ", "---\n"]


def lines_of(data: bytes) -> list[str]:
    """The file's lines as the loader and an editor count them."""
    text = data.decode("utf-8", "replace")
    return line_breaks(text.removeprefix("\ufeff")).split("\n")


def assert_inside(problems: list[Problem], data: bytes) -> None:
    lines = lines_of(data)
    for p in problems:
        assert p.code in CODES
        assert 1 <= p.line <= len(lines), (p, len(lines))
        assert 1 <= p.column <= len(lines[p.line - 1]) + 1, (p, lines[p.line - 1])
        assert p.message("zh") and p.message("en") and p.hint("zh") and p.hint("en")


def check_both(data: bytes, rel: str = CASE_REL) -> None:
    document = load(data, rel)
    assert_inside(document.problems, data)
    _record, problems = check_file(Source(Path(rel), rel, KINDS[rel]), data, TAXONOMY)  # type: ignore[arg-type]
    assert_inside(problems, data)


@given(st.binary(max_size=4096), st.sampled_from(sorted(KINDS)))
def test_random_bytes_become_problems_inside_the_file(data: bytes, rel: str) -> None:
    check_both(data, rel)


@given(st.lists(st.sampled_from(NASTY + list("ab中文：1 \n") + ["key: ", "- ", "\n", "1"]), max_size=200)
       .map(lambda parts: "".join(parts).encode()))
def test_random_yaml_like_text_becomes_problems_inside_the_file(data: bytes) -> None:
    check_both(data)


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    """A valid record with a few byte-level edits of the kinds files suffer on their way here."""
    rel = draw(st.sampled_from(sorted(RECORDS)))
    data = bytearray(RECORDS[rel])
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["insert", "truncate", "indent", "delete", "bytes"]))
        if kind == "insert":
            data[at:at] = draw(st.sampled_from(NASTY)).encode()
        elif kind == "truncate":  # often inside a three-byte Chinese character
            del data[at:]
        elif kind == "indent":
            start = data.rfind(b"\n", 0, at) + 1
            data[start:start] = draw(st.sampled_from([b" ", b"  ", b"   ", b"\t", b"\xe3\x80\x80"]))
        elif kind == "delete":
            del data[at:at + draw(st.integers(1, 8))]
        else:
            data[at:at] = draw(st.binary(min_size=1, max_size=4))
    return rel, bytes(data)


@given(mutated())
def test_mutated_records_become_problems_inside_the_file(record: tuple[str, bytes]) -> None:
    rel, data = record
    check_both(data, rel)


@settings(max_examples=25, deadline=3000)
@given(mutated())
def test_a_hostile_file_does_not_hide_the_other_files_problems(record: tuple[str, bytes]) -> None:
    """The mutated file sits in a root beside a defect type with a known problem; that
    problem is still reported, and so is every problem of the mutated file."""
    rel, data = record
    with tempfile.TemporaryDirectory() as tmp:
        root = make_root(Path(tmp))
        other = root / "defects" / "design" / "D-AC-002.yaml"
        other.write_bytes(RECORDS["defects/design/D-AC-001.yaml"].replace(b"D-AC-001", b"D-AC-002")
                          .replace(b"title:", b"titel:"))
        (root / rel).write_bytes(data)
        problems = validate(root, today=TODAY, use_cache=False).problems
    assert ("defects/design/D-AC-002.yaml", 2, "unknown-field") in {(p.file, p.line, p.code) for p in problems}
    assert not [p for p in problems if p.file not in (rel, "defects/design/D-AC-002.yaml") and p.level == "error"
                and p.code not in ("broken-reference", "unknown-phase", "photo-missing", "invalid-value")]
    assert_inside([p for p in problems if p.file == rel], data)


# Text that takes every path of textsim's quick NFKC: full-width forms next to combining
# marks (Ａ + U+0301 composes to Á), compatibility characters (℃, ①, ﬁ), Hangul jamo.
FOLDING = [chr(c) for c in [0xFF01, 0xFF0C, 0xFF1B, 0xFF21, 0xFF41, 0xFF10, 0xFF5E, 0x3000, 0x0301, 0x0308, 0x0327,
                            0x2103, 0x2460, 0xFB01, 0x1100, 0x1161, 0x00C5, 0x212B, 0x3001]] + list("空调Aa1 ,")


@given(st.text(st.sampled_from(FOLDING) | st.characters(), max_size=40))
def test_the_quick_nfkc_of_record_text_is_nfkc(text: str) -> None:
    assert textsim._nfkc(text) == unicodedata.normalize("NFKC", text)
