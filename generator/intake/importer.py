"""A ledger's rows to case files, checked by the validator itself before anything is written.

Each row becomes the YAML text its file would hold; that text goes through
`check_file` (the schema and the one-record rules) and, with the root's other
records, through the corpus rules, exactly as `validate` would see it. A
problem's path in that text leads back to the row's cell. Only when no row
has an error is anything written, and then atomically: temporary files
first, then `os.replace`.
"""

from __future__ import annotations

import dataclasses
import os
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..contract import CASE
from ..editor_schema import modeline
from ..problems import Outcome, Problem, field_args
from ..rules import CORPUS_RULES, Corpus
from ..schema import Choice, ListOf, Nested, Record
from ..sources import Source, project_folders
from ..taxonomy import Taxonomy
from ..validation import Validation, check_file, validate
from . import yamltext
from .columns import KINDS, LIST_SHEETS, SHEETS, Column, columns
from .edits import Lists, Value, Write, at_cell, edit, typed
from .ledger import open_book
from .sheets import Planned, Sheet
from .table import HEADER_ROWS, Row, Table, ref, tables
from .words import LedgerError

_ID_NUMBER = re.compile(r"(?P<code>[A-Z][A-Z0-9]{1,11})-(?P<number>\d{3,})")


@dataclass
class Plan(Outcome):
    sheet: str
    problems: list[Problem]
    writes: list[Write]
    unchanged: int
    skipped_sheets: list[str]
    unchanged_by_kind: dict[str, int] = field(default_factory=dict)


_Case = Planned  # what a row becomes before the corpus rules: its file, text and record


def plan_import(ledger: Path, root: Path, project: str | None = None, update: bool = False,
                today: date | None = None) -> Plan:
    """Everything the import would do, and every problem that stops it; writes nothing."""
    book = open_book(ledger)
    result = validate(root, today=today)
    cols = {kind: columns(kind, result.taxonomy) for kind in KINDS}
    chosen, skipped = tables(book, cols)
    if not chosen:
        raise LedgerError("no_header", file=ledger.name, rows=HEADER_ROWS)
    # Defect types and projects first: the cases may refer to the ones the same ledger brings.
    items = [item for kind in ("defect", "project") if kind in chosen
             for item in Sheet(kind, chosen[kind], result, update).planned()]
    added = [item.record for item in items if item.record is not None and item.write is not None]
    lists = {name: chosen[kind] for kind, name in LIST_SHEETS.items() if kind in chosen}
    if "case" in chosen or lists:
        table = chosen.get("case") or Table("", 0, {})  # a ledger of replans only updates the root's cases
        items += _Rows(result, table, cols["case"], project, update, added, lists).cases()
    problems = [p for table in chosen.values() for p in table.problems] + [p for item in items for p in item.problems]
    problems += _corpus_problems(result, items, today or date.today())
    order = [grid.name for grid in book.grids]
    problems.sort(key=lambda p: (order.index(p.file) if p.file in order else len(order), p.line, p.column, p.code))
    writes = [item.write for item in items if item.write is not None]
    existing = {r.rel for r in result.records}
    unchanged = {kind: sum(1 for item in items if item.write is None and item.source.rel in existing
                           and item.source.kind == kind) for kind in KINDS}
    sheet = chosen["case"].sheet if "case" in chosen else next(iter(chosen.values())).sheet
    return Plan(sheet, problems, writes, unchanged["case"], skipped, unchanged)


class _Rows:
    """Turns the table's rows into case files against one root."""

    def __init__(self, result: Validation, table: Table, cols: list[Column], project: str | None,
                 update: bool, added: list[Record], lists: dict[str, Table]) -> None:
        self.result, self.table, self.project, self.update = result, table, project, update
        self.by_key = {c.key: c for c in cols}
        self.lists = lists  # a list of mappings of a case -> the sheet that holds its items
        # The fields the ledger speaks for: a column's field, or a list sheet read; the others stay as they are.
        self.present = {key.partition(".")[0] for key in table.columns} | set(lists)
        self.list_rows = {id(row): t.sheet for t in lists.values() for row in t.rows}  # by identity: rows are many
        self.taxonomy: Taxonomy = result.taxonomy
        self.existing = {r.values["id"]: r for r in result.records if r.kind == "case" and r.values.get("id")}
        projects = [r for r in [*result.records, *added] if r.kind == "project"]
        self.projects = {r.rel.split("/")[1] for r in projects}  # with those the ledger brings
        # Ledgers often name the project (澜岸华府) where the record has its code (LAHF).
        self.names = {r.values["name"]: r.rel.split("/")[1] for r in projects if r.values.get("name")}
        self.next_free = self._numbers()
        self.items, self.list_problems = self._items()

    def _numbers(self) -> dict[str, int]:
        """The highest case number per project, over the root and the ledger, so new ids follow both."""
        highest: dict[str, int] = {}
        ids = list(self.existing) + [r.cells["id"].text or "" for r in self.table.rows if "id" in r.cells]
        for case_id in ids:
            match = _ID_NUMBER.fullmatch(case_id)
            if match:
                code, number = match["code"], int(match["number"])
                highest[code] = max(highest.get(code, 0), number)
        return highest

    def _items(self) -> tuple[dict[str, dict[str, list[Row]]], list[Problem]]:
        """Each list sheet's rows by the case id they name, in row order; a row naming no case
        of the ledger or the root is an error at its id cell."""
        ids = {r.cells["id"].text for r in self.table.rows if "id" in r.cells and r.cells["id"].text}
        found: dict[str, dict[str, list[Row]]] = {}
        problems: list[Problem] = []
        for name, table in self.lists.items():
            for row in table.rows:
                cell = row.cells.get("id")
                case_id = cell.text if cell else None
                column = cell.column if cell else min(c.column for c in row.cells.values())
                if case_id is None:
                    problems.append(Problem("missing-field", table.sheet, row.number, column,
                                            field_args("id", CASE.fields["id"].label), "$.id"))
                elif case_id not in ids and case_id not in self.existing:
                    problems.append(Problem("ledger-unknown-case", table.sheet, row.number, column,
                                            {"id": case_id, "sheet": self.table.sheet or SHEETS["case"].zh}, "$.id"))
                else:
                    found.setdefault(case_id, {}).setdefault(name, []).append(row)
        return found, problems

    def cases(self) -> list[_Case]:
        """Each row's case; a row repeating an id of an earlier row is a duplicate, not a second write.
        A case of the root that only a list sheet names (no row of its own) has that list updated."""
        found: list[_Case] = []
        first: dict[str, Row] = {}
        if self.list_problems:
            found.append(_Case(Row(0, {}), Source(Path(), "", "case"), b"", None, self.list_problems, None))
        ids = {r.cells["id"].text for r in self.table.rows if "id" in r.cells}
        listed = [next(iter(lists.values()))[0] for case_id, lists in self.items.items() if case_id not in ids]
        for row in self.table.rows + listed:
            case = self._case(row)
            case_id = case.write.id if case.write else None
            if case_id is not None and case_id in first:
                other = first[case_id]
                column = other.cells["id"].column if "id" in other.cells else 1
                where = f"{self.table.sheet}!{ref(column, other.number)}"
                case.problems.append(self._problem("duplicate-id", row, "id", id=case_id, other=where))
                case.write = case.record = None
            elif case_id is not None:
                first[case_id] = row
            found.append(case)
        return found

    def _lists(self, case_id: object) -> Lists:
        """Where each item of the case's lists came from: its sheet and row."""
        items = self.items.get(str(case_id), {})
        return {name: (self.lists[name].sheet, dict(enumerate(items.get(name, [])))) for name in self.lists}

    def _problem(self, code: str, row: Row, key: str, /, **args: object) -> Problem:
        column = row.cells[key].column if key in row.cells else self._first_column(row)
        return Problem(code, self.table.sheet, row.number, column, dict(args), f"$.{key}")

    def _first_column(self, row: Row) -> int:
        return min((cell.column for cell in row.cells.values()), default=1)

    def _case(self, row: Row) -> _Case:
        if id(row) in self.list_rows:  # a list sheet's row for a case of the root
            return self._listed(row)
        texts = self._texts(row)
        code = self._project_of(row, texts)
        if code is None:
            return self._failed(row, self._problem("ledger-no-project", row, "project"))
        if code not in self.projects:
            known = "、".join(sorted(self.projects)) or "-"
            key = "project" if row.cells.get("project") and row.cells["project"].text else "id"
            return self._failed(row, self._problem("ledger-unknown-project", row, key, code=code, known=known))
        if not texts.get("id"):
            self.next_free[code] = self.next_free.get(code, 0) + 1
            texts["id"] = f"{code}-{self.next_free[code]:03d}"
        texts.setdefault("project", code)
        texts |= self._list_texts(str(texts["id"]))
        texts = {name: texts[name] for name in CASE.fields if name in texts}  # the contract's order
        existing = self.existing.get(str(texts["id"]))
        if existing is not None:
            if not self.update:
                return self._failed(row, self._problem("ledger-case-exists", row, "id", id=texts["id"],
                                                       file=existing.rel))
            return self._updated(row, texts, existing)
        return self._created(row, texts, code)

    def _listed(self, row: Row) -> _Case:
        """A case of the root with no row of its own: only its lists, from their sheets, change."""
        case_id = str(row.cells["id"].text)
        texts: dict[str, Value] = {"id": case_id, **self._list_texts(case_id)}
        existing = self.existing[case_id]
        if not self.update:
            return self._failed(row, self._problem("ledger-case-exists", row, "id", id=case_id, file=existing.rel))
        return self._updated(row, texts, existing, set(self.lists))

    def _failed(self, row: Row, problem: Problem) -> _Case:
        """A row that cannot become a file at all."""
        sheet = self._sheet_of(row)
        problem = dataclasses.replace(problem, file=sheet)
        return _Case(row, Source(Path(), "", "case"), b"", None, [problem], None, sheet)

    def _texts(self, row: Row) -> dict[str, Value]:
        """The row's values as they will be written, in contract order: a mapping from its
        fields' columns, a list of mappings from its sheet."""
        texts: dict[str, Value] = {}
        for name, spec in CASE.fields.items():
            if isinstance(spec, Nested):
                value = {sub: row.cells[f"{name}.{sub}"].text for sub in spec.schema.fields
                         if f"{name}.{sub}" in row.cells and row.cells[f"{name}.{sub}"].text is not None}
                if value:
                    texts[name] = value
                continue
            cell = row.cells.get(name)
            if cell is None or cell.text is None:
                continue
            texts[name] = cell.items if self.by_key[name].is_list else cell.text
        return texts

    def _list_texts(self, case_id: str) -> dict[str, Value]:
        """The case's items from each list sheet, each item's fields in the contract's order."""
        texts: dict[str, Value] = {}
        for name, rows in self.items.get(case_id, {}).items():
            spec = CASE.fields[name]
            assert isinstance(spec, ListOf) and isinstance(spec.item, Nested)
            texts[name] = [{sub: row.cells[f"{name}.{sub}"].text for sub in spec.item.schema.fields
                            if f"{name}.{sub}" in row.cells and row.cells[f"{name}.{sub}"].text is not None}
                           for row in rows]
        return texts

    def _project_of(self, row: Row, texts: dict[str, Value]) -> str | None:
        given = texts.get("project")
        if isinstance(given, str):
            if given in self.names and given not in self.projects:
                texts["project"] = self.names[given]
            return str(texts["project"])
        match = _ID_NUMBER.fullmatch(str(texts.get("id", "")))
        return match["code"] if match else self.project

    def _created(self, row: Row, texts: dict[str, Value], code: str) -> _Case:
        phase = str(texts.get("phase", ""))
        rel = f"cases/{code}/phase-{phase if phase.isdigit() else 'x'}/{texts['id']}.yaml"
        text = yamltext.render([(name, CASE.fields[name], value) for name, value in texts.items()])
        data = f"{modeline('case', rel.count('/'))}\n{text}".encode()  # only new files get the editor's line
        source = Source(self.result.root / rel, rel, "case")
        record, found = check_file(source, data, self.taxonomy)
        lists = self._lists(texts["id"])
        problems = [self._at_cell(p, row, lists) for p in found]
        if (self.result.root / rel).exists():
            problems.append(self._problem("ledger-case-exists", row, "id", id=texts["id"], file=rel))
        write = Write(rel, data, True, str(texts["id"]), row.number, sheet=self.table.sheet)
        return _Case(row, source, data, record, problems, write, self.table.sheet, lists)

    def _updated(self, row: Row, texts: dict[str, Value], existing: Record, present: set[str] | None = None) -> _Case:
        """Only the fields whose value differs are rewritten, in place, so the rest of the file stays."""
        source = Source(self.result.root / existing.rel, existing.rel, "case")
        sheet, lists = self._sheet_of(row), self._lists(texts["id"])
        wanted = typed(CASE, "case", texts, existing.rel, self.taxonomy)
        changed = [name for name in CASE.fields
                   if name in (present or self.present) and self._differs(name, wanted, existing)]
        if not changed:
            return _Case(row, source, b"", existing, [], None, sheet, lists)
        data = edit(source.path.read_bytes(), CASE, texts, changed)
        if data is None:
            return self._failed(row, self._problem("ledger-update-layout", row, "id", file=existing.rel))
        record, found = check_file(source, data, self.taxonomy)
        before = {(p.code, p.path) for p in self.result.problems if p.file == existing.rel}
        problems = [self._at_cell(p, row, lists) for p in found if (p.code, p.path) not in before]
        shown = [(name, *self._shown(name, existing.values.get(name), wanted.values.get(name))) for name in changed]
        write = Write(existing.rel, data, False, str(texts["id"]), row.number, shown, sheet=sheet)
        return _Case(row, source, data, record, problems, write, sheet, lists)

    def _sheet_of(self, row: Row) -> str:
        return self.list_rows.get(id(row), self.table.sheet)

    def _differs(self, name: str, wanted: Record, existing: Record) -> bool:
        if f"$.{name}" in wanted.broken:
            return True
        old, new = existing.values.get(name), wanted.values.get(name)
        if name == "project":
            old = old or existing.rel.split("/")[1]
        return bool(old != new and (old or new))

    def _shown(self, name: str, old: Any, new: Any) -> tuple[str, str]:
        """Old and new as printed; of a list of mappings only the items that differ (a changed
        reason would hide behind forty unchanged characters)."""
        if isinstance(old, list) and isinstance(new, list) and any(isinstance(i, dict) for i in old + new):
            differ = [i for i in range(max(len(old), len(new))) if old[i:i + 1] != new[i:i + 1]]
            old, new = [old[i] for i in differ if i < len(old)], [new[i] for i in differ if i < len(new)]
        return self._show(name, old), self._show(name, new)

    def _show(self, name: str, value: Any) -> str:
        spec = CASE.fields[name]
        if value in (None, [], ""):
            return "—"
        if isinstance(spec, Choice):
            return self.taxonomy.label(spec.axis, value)
        if isinstance(value, dict):  # a mapping: its values; a list of mappings: each item's so
            value = " ".join(str(v) for v in value.values() if v not in (None, ""))
        elif isinstance(value, list) and isinstance(value[0], dict):
            value = "；".join(" ".join(str(v) for v in item.values() if v not in (None, "")) for item in value)
        text = "、".join(map(str, value)) if isinstance(value, list) else str(value)
        text = text.replace("\n", " ")
        return text if len(text) <= 40 else text[:40] + "…"

    def _at_cell(self, problem: Problem, row: Row, lists: Lists) -> Problem:
        return at_cell(problem, row, self._sheet_of(row), lists)


def _corpus_problems(result: Validation, items: list[Planned], today: date) -> list[Problem]:
    """The cross-record rules over the root as it would be after the import."""
    ours = {item.source.rel: item for item in items if item.record is not None}
    records = [r for r in result.records if r.rel not in ours] + [c.record for c in ours.values() if c.record]
    new_folders = {rel.split("/")[1] for rel in ours if rel.startswith("cases/")}
    folders = sorted(set(project_folders(result.root)) | new_folders)
    corpus = Corpus(result.root, records, folders, today, result.config)
    before = {(p.file, p.code, p.path) for p in result.problems}
    found = []
    for rule in CORPUS_RULES:
        for problem in rule(corpus):
            case = ours.get(problem.file)
            if case is not None and case.write is not None and (problem.file, problem.code, problem.path) not in before:
                found.append(at_cell(problem, case.row, case.sheet, case.lists))
    return found


def apply_plan(plan: Plan, root: Path) -> None:
    """Write every file of a plan without errors: all temporary files first, then each moved into place."""
    assert not plan.errors
    staged: list[tuple[Path, Path]] = []
    try:
        for write in plan.writes:
            target = root / write.rel
            if not any(target.resolve().is_relative_to((root / top).resolve()) for top in ("cases", "defects")):
                raise ValueError(f"{write.rel} is outside the records")  # the validator's id rules prevent it
            target.parent.mkdir(parents=True, exist_ok=True)
            temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
            temp.write_bytes(write.data)
            staged.append((temp, target))
    except OSError:
        for temp, _ in staged:
            temp.unlink(missing_ok=True)
        raise
    for temp, target in staged:
        os.replace(temp, target)


