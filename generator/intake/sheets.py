"""A ledger's 缺陷类型 and 项目 sheets to record files, checked as `validate` checks them.

A defect type is one row (list fields one item per line, prevention one column per stage);
a project is one row per phase, its own fields written on each row. As with cases, each
record becomes the YAML text of its file and goes through `check_file`; an existing one is a
conflict unless `--update`, which edits only the changed fields in place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..contract import SCHEMAS
from ..editor_schema import modeline
from ..problems import Problem, Text, field_args
from ..schema import Choice, MapOf, Record
from ..sources import Kind, Source
from ..taxonomy import Taxonomy
from ..validation import Validation, check_file
from . import yamltext
from .columns import columns
from .edits import Lists, Value, Write, at_cell, edit, typed
from .table import Row, Table, ref

_KEY = {"defect": "id", "project": "code"}
_WHAT = {"defect": Text("缺陷类型", "defect type"), "project": Text("项目", "project")}


@dataclass
class Planned:
    """What one record of a sheet becomes before the corpus rules: its file, text and record."""

    row: Row
    source: Source
    data: bytes
    record: Record | None
    problems: list[Problem]
    write: Write | None
    sheet: str = ""
    lists: Lists = field(default_factory=dict)  # a project's phases, a case's replans: each item's row


class Sheet:
    """Turns the rows of a defect-type or project sheet into record files against one root."""

    def __init__(self, kind: Kind, table: Table, result: Validation, update: bool) -> None:
        self.kind, self.table, self.result, self.update = kind, table, result, update
        self.schema = SCHEMAS[kind]
        self.taxonomy: Taxonomy = result.taxonomy
        self.existing = {self._key_of(r): r for r in result.records if r.kind == kind and self._key_of(r)}
        self.lists = {c.key for c in columns(kind, self.taxonomy) if c.is_list}

    def _key_of(self, record: Record) -> str | None:
        if self.kind == "project":
            return record.rel.split("/")[1]
        value = record.values.get("id")
        return str(value) if value else None

    def planned(self) -> list[Planned]:
        groups: dict[str, list[Row]] = {}
        found: list[Planned] = []
        for row in self.table.rows:
            key = row.cells.get(_KEY[self.kind])
            if key is None or not key.text:
                found.append(self._failed(row, self._problem("missing-field", row, _KEY[self.kind],
                                                             **self._field(_KEY[self.kind]))))
            elif self.kind == "defect" and key.text in groups:
                first = groups[key.text][0]
                where = f"{self.table.sheet}!{ref(first.cells['id'].column, first.number)}"
                found.append(self._failed(row, self._problem("duplicate-id", row, "id", id=key.text, other=where)))
            else:
                groups.setdefault(key.text, []).append(row)
        for name, rows in groups.items():
            found.append(self._record(name, rows))
        return found

    def _field(self, name: str) -> dict[str, object]:
        return field_args(name, self.schema.fields[name].label)

    def _problem(self, code: str, row: Row, key: str, /, **args: object) -> Problem:
        cell = row.cells.get(key)
        column = cell.column if cell else min((c.column for c in row.cells.values()), default=1)
        return Problem(code, self.table.sheet, row.number, column, dict(args), f"$.{key.split('.')[0]}")

    def _failed(self, row: Row, problem: Problem) -> Planned:
        return Planned(row, Source(Path(), "", self.kind), b"", None, [problem], None, self.table.sheet)

    def _texts(self, rows: list[Row]) -> tuple[dict[str, Value], list[Problem]]:
        """The record's values as they will be written, in contract order; a project's own fields
        come from its rows, which must agree, and each row is one phase."""
        texts: dict[str, Value] = {}
        problems: list[Problem] = []
        first_seen: dict[str, Row] = {}
        for row in rows:
            for key, cell in row.cells.items():
                name, _, sub = key.partition(".")
                if cell.text is None or (sub and name == "phases"):
                    continue
                spec = self.schema.fields[name]
                if isinstance(spec, MapOf) and isinstance(spec.key, Choice):
                    stage = self.taxonomy.label(spec.key.axis, sub)
                    texts.setdefault(name, {})[stage] = cell.items
                    continue
                value = cell.items if key in self.lists else cell.text
                if name in texts and texts[name] != value:
                    other = first_seen[name]
                    problems.append(self._problem("ledger-project-rows-differ", row, key, **self._field(name),
                                                  code=rows[0].cells["code"].text, value=cell.text,
                                                  first=other.cells[key].text,
                                                  other=ref(other.cells[key].column, other.number)))
                elif name not in texts:
                    texts[name], first_seen[name] = value, row
        if self.kind == "project":
            phases = [{sub: row.cells[f"phases.{sub}"].text for sub in ("phase", "name", "delivered")
                       if f"phases.{sub}" in row.cells and row.cells[f"phases.{sub}"].text} for row in rows]
            if any(phases):
                texts["phases"] = [phase for phase in phases if phase]
        return {name: texts[name] for name in self.schema.fields if name in texts}, problems

    def _record(self, key: str, rows: list[Row]) -> Planned:
        texts, problems = self._texts(rows)
        phase_rows = {index: row for index, row in enumerate(r for r in rows if any(
            k.startswith("phases.") and c.text for k, c in r.cells.items()))}
        existing = self.existing.get(key)
        planned = (self._updated(rows[0], texts, existing) if existing is not None
                   else self._created(rows[0], texts, key))
        if existing is not None and not self.update and (planned.write is not None or planned.problems):
            # The same record again is nothing to do; a different one is changed only when asked to.
            return self._failed(rows[0], self._problem("ledger-record-exists", rows[0], _KEY[self.kind],
                                                       what=_WHAT[self.kind], id=key, file=existing.rel))
        planned.lists = {"phases": (self.table.sheet, phase_rows)}
        planned.problems = problems + [p if p.file == self.table.sheet else at_cell(p, rows[0], self.table.sheet,
                                                                                     planned.lists)
                                       for p in planned.problems]
        if problems:
            planned.write = None
        return planned

    def _rel(self, key: str, texts: dict[str, Value]) -> str:
        if self.kind == "project":
            return f"cases/{key}/project.yaml"
        category = self.taxonomy.normalize("category", str(texts.get("category", ""))) or "other"
        return f"defects/{category}/{key}.yaml"

    def _created(self, row: Row, texts: dict[str, Value], key: str) -> Planned:
        rel = self._rel(key, texts)
        body = yamltext.render([(name, self.schema.fields[name], value) for name, value in texts.items()])
        data = f"{modeline(self.kind, rel.count('/'))}\n{body}".encode()
        source = Source(self.result.root / rel, rel, self.kind)
        record, problems = check_file(source, data, self.taxonomy)
        if (self.result.root / rel).exists():
            problems.append(self._problem("ledger-record-exists", row, _KEY[self.kind], what=_WHAT[self.kind],
                                          id=key, file=rel))
        write = Write(rel, data, True, key, row.number, kind=self.kind, sheet=self.table.sheet)
        return Planned(row, source, data, record, problems, write, self.table.sheet)

    def _updated(self, row: Row, texts: dict[str, Value], existing: Record) -> Planned:
        source = Source(self.result.root / existing.rel, existing.rel, self.kind)
        wanted = typed(self.schema, self.kind, texts, existing.rel, self.taxonomy)
        present = {key.partition(".")[0] for key in self.table.columns}
        changed = [name for name in self.schema.fields if name in present and (
            f"$.{name}" in wanted.broken or (existing.values.get(name) != wanted.values.get(name)
                                             and (existing.values.get(name) or wanted.values.get(name))))]
        if not changed:
            return Planned(row, source, b"", existing, [], None, self.table.sheet)
        data = edit(source.path.read_bytes(), self.schema, texts, changed)
        if data is None:
            return self._failed(row, self._problem("ledger-update-layout", row, _KEY[self.kind], file=existing.rel))
        record, found = check_file(source, data, self.taxonomy)
        before = {(p.code, p.path) for p in self.result.problems if p.file == existing.rel}
        shown = [(name, _show(existing.values.get(name)), _show(wanted.values.get(name))) for name in changed]
        write = Write(existing.rel, data, False, str(texts.get(_KEY[self.kind]) or ""), row.number, shown,
                      kind=self.kind, sheet=self.table.sheet)
        problems = [p for p in found if (p.code, p.path) not in before]
        return Planned(row, source, data, record, problems, write, self.table.sheet)


def _show(value: object) -> str:
    if value in (None, [], "", {}):
        return "—"
    if isinstance(value, dict):
        value = "；".join(f"{k}: {'、'.join(map(str, v)) if isinstance(v, list) else v}" for k, v in value.items())
    elif isinstance(value, list):
        value = "、".join(str(v.get("phase", v)) if isinstance(v, dict) else str(v) for v in value)
    text = str(value).replace("\n", " ")
    return text if len(text) <= 40 else text[:40] + "…"

