"""handbook schema: the editor's JSON Schemas, checked with jsonschema against what the validator
accepts (every sample record, as the validator reads it and as an editor's YAML reader does) and
against the faults staff make."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import make_root
from jsonschema import Draft7Validator
from ledgerkit import run

from generator.loading import Mapping, Node, Scalar, load
from generator.sources import discover
from generator.validation import validate

REPO = Path(__file__).resolve().parent.parent
NULLS = {"", "~", "null", "Null", "NULL"}
KINDS = {"defect": "defect.json", "project": "project.json", "case": "case.json", "taxonomy": "taxonomy.json"}


def as_text(node: Node | None) -> Any:
    """The record as the validator reads it: every scalar its text, a plain empty value None."""
    if isinstance(node, Scalar):
        return None if node.plain and node.value.strip() in NULLS else node.value
    if isinstance(node, Mapping):
        return {key: as_text(value) for key, (_k, value) in node.entries.items()}
    return [as_text(item) for item in node.items] if node is not None else None


class EditorLoader(yaml.SafeLoader):
    """As an editor's YAML 1.2 reader sees a record: numbers and booleans typed, no date type."""


EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def schemas(tmp_path: Path, root: Path, *args: str) -> dict[str, Draft7Validator]:
    out = tmp_path / "schema-out"
    result = run("schema", str(root), "--out", str(out), *args)
    assert result.exit_code == 0, result.output
    found = {}
    for kind, name in {**KINDS, "config": "handbook.json"}.items():
        document = json.loads((out / name).read_text(encoding="utf-8"))
        Draft7Validator.check_schema(document)
        assert document["$schema"] == "http://json-schema.org/draft-07/schema#"
        found[kind] = Draft7Validator(document)
    return found


def errors(validator: Draft7Validator, record: Any) -> list[str]:
    return [error.message for error in validator.iter_errors(record)]


def sample(tmp_path: Path) -> Path:
    root = tmp_path / "sample"
    for folder in ("defects", "cases"):
        shutil.copytree(REPO / folder, root / folder)
    return root


def test_every_record_the_validator_accepts_passes_its_schema(tmp_path: Path) -> None:
    root = sample(tmp_path)
    checked = schemas(tmp_path, root)
    result = validate(root)
    broken = {p.file for p in result.errors}
    sources = [s for s in discover(root) if s.kind in KINDS and s.rel not in broken]
    assert len(sources) > 130
    for source in sources:
        data = source.path.read_bytes()
        assert errors(checked[source.kind], as_text(load(data, source.rel).root)) == [], source.rel
        assert errors(checked[source.kind], yaml.load(data, EditorLoader)) == [], source.rel


def test_the_base_fixture_and_a_settings_file_pass(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    (root / "handbook.yaml").write_text("minimum_cases: 20\ndue_months: 3\ncompany: 锦程置业集团\n", encoding="utf-8")
    assert validate(root).errors == []
    checked = schemas(tmp_path, root)
    assert errors(checked["config"], yaml.load((root / "handbook.yaml").read_text("utf-8"), EditorLoader)) == []


def base_case(root: Path) -> dict[str, Any]:
    data = (root / "cases/LAHF/phase-1/LAHF-001.yaml").read_bytes()
    return as_text(load(data, "case").root)


@pytest.mark.parametrize(("change", "says"), [
    ({"remark": "备注"}, "Additional properties are not allowed ('remark' was unexpected)"),
    ({"severity": "很严重"}, "is not valid under any of the given schemas"),
    ({"grade": "C"}, "is not valid under any of the given schemas"),
    ({"title": None}, "None is not of type"),
    ({"found": "3/1/2025"}, "does not match"),
    ({"id": "XX-001"}, "does not match"),
    ({"defect": "D-ac-1"}, "does not match"),
    ({"households": "-3"}, "does not match"),
    ({"households": -3}, "is less than the minimum of 0"),
    ({"cost": "1.2万"}, "does not match"),
])
def test_the_schema_rejects_common_faults(tmp_path: Path, change: dict[str, Any], says: str) -> None:
    root = make_root(tmp_path)
    checked = schemas(tmp_path, root)["case"]
    case = base_case(root)
    assert errors(checked, case) == []
    found = errors(checked, case | change)
    assert any(says in message for message in found), found


@pytest.mark.parametrize("field", ["id", "defect", "title", "phase", "found", "source", "severity", "status",
                                   "description"])
def test_a_missing_required_field_is_rejected(tmp_path: Path, field: str) -> None:
    root = make_root(tmp_path)
    case = base_case(root)
    del case[field]
    assert errors(schemas(tmp_path, root)["case"], case) == [f"'{field}' is a required property"]


def test_keys_and_labels_are_offered_with_chinese_titles(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    checked = schemas(tmp_path, root)["case"]
    severity = checked.schema["properties"]["severity"]
    assert severity["title"] == "严重程度" and "必填" in severity["description"]
    assert {"const": "major", "description": "重大"} in severity["oneOf"]
    assert {"const": "重大", "description": "major"} in severity["oneOf"]
    assert checked.schema["additionalProperties"] is False
    for value in ("major", "重大", "Major", "MAJOR", " major "):
        assert errors(checked, base_case(root) | {"severity": value}) == [], value
    assert errors(checked, base_case(root) | {"grade": "a"}) == []
    assert errors(checked, base_case(root) | {"severity": "majorr"}) != []


def test_the_roots_taxonomy_extension_and_project_codes_are_in_the_schema(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    (root / "defects/taxonomy.yaml").write_text("category:\n  decoration: 精装修\n", encoding="utf-8")
    defect = as_text(load((root / "defects/design/D-AC-001.yaml").read_bytes(), "d").root)
    decorated = defect | {"category": "精装修", "subcategory": None}
    assert errors(schemas(tmp_path, root)["defect"], decorated) == []
    plain = make_root(tmp_path / "plain")
    assert errors(schemas(tmp_path / "plain", plain)["defect"], decorated) != []
    case = schemas(tmp_path, root)["case"]
    assert errors(case, base_case(root) | {"id": "LAHF-099"}) == []
    assert errors(case, base_case(root) | {"id": "YQW-001"}) != []  # not a project of this root


def test_english_schemas_have_english_titles(tmp_path: Path) -> None:
    checked = schemas(tmp_path, make_root(tmp_path), "--lang", "en")["case"]
    assert checked.schema["properties"]["severity"]["title"] == "severity"


def test_schema_never_overwrites_a_file_it_did_not_write(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    out = tmp_path / "mine"
    out.mkdir()
    (out / "case.json").write_text('{"title": "我自己的"}', encoding="utf-8")
    result = run("schema", str(root), "--out", str(out))
    assert result.exit_code == 1 and "handbook schema" in result.output
    assert (out / "case.json").read_text(encoding="utf-8") == '{"title": "我自己的"}'
    assert not (out / "defect.json").exists()
    assert run("schema", str(root), "--out", str(tmp_path / "ours")).exit_code == 0
    assert run("schema", str(root), "--out", str(tmp_path / "ours")).exit_code == 0  # its own files: rewritten


def test_the_committed_schemas_are_the_generated_ones(tmp_path: Path) -> None:
    """The repository's schema/ folder is what the modelines of its records point at."""
    result = run("schema", str(REPO), "--out", str(tmp_path / "now"))
    assert result.exit_code == 0, result.output
    for name in (*KINDS.values(), "handbook.json"):
        assert (tmp_path / "now" / name).read_text("utf-8") == (REPO / "schema" / name).read_text("utf-8"), name
