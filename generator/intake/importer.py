"""A ledger's rows to case files, checked by the validator itself before anything is written.

Each row becomes the YAML text its file would hold; that text goes through
`check_file` (the schema and the one-record rules) and, with the root's other
records, through the corpus rules, exactly as `validate` would see it. A
problem's path in that text leads back to the row's cell. Only when no row
has an error is anything written, and then atomically: temporary files
first, then `os.replace`.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..contract import CASE
from ..editor_schema import modeline
from ..loading import Mapping, Node, Scalar, Sequence
from ..problems import Problem
from ..rules import CORPUS_RULES, Corpus
from ..schema import Choice, Context, Record
from ..sources import Source, project_folders
from ..taxonomy import Taxonomy
from ..validation import Validation, check_file, validate
from . import yamltext
from .columns import Column, columns
from .ledger import open_book
from .table import HEADER_ROWS, Row, Table, best_table, ref
from .words import LedgerError

_ID_NUMBER = re.compile(r"(?P<code>[A-Z][A-Z0-9]{1,11})-(?P<number>\d{3,})")


@dataclass
class Write:
    """One file the import writes: a new case or an update of an existing one."""

    rel: str
    data: bytes
    created: bool
    id: str
    row: int
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # field, old, new as shown


@dataclass
class Plan:
    sheet: str
    problems: list[Problem]
    writes: list[Write]
    unchanged: int
    skipped_sheets: list[str]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "warning"]


@dataclass
class _Case:
    """What a row becomes before the corpus rules: its file, text and record."""

    row: Row
    source: Source
    data: bytes
    record: Record | None
    problems: list[Problem]
    write: Write | None


def plan_import(ledger: Path, root: Path, project: str | None = None, update: bool = False,
                today: date | None = None) -> Plan:
    """Everything the import would do, and every problem that stops it; writes nothing."""
    book = open_book(ledger)
    result = validate(root, today=today)
    cols = columns("case", result.taxonomy)
    chosen = best_table(book, "case", cols)
    if chosen is None:
        raise LedgerError("no_header", file=ledger.name, rows=HEADER_ROWS)
    table, skipped = chosen
    cases = _Rows(result, table, cols, project, update).cases()
    problems = table.problems + [p for case in cases for p in case.problems]
    problems += _corpus_problems(result, cases, table, today or date.today())
    writes = [case.write for case in cases if case.write is not None]
    existing = _existing_rels(result)
    unchanged = sum(1 for case in cases if case.write is None and case.source.rel in existing)
    return Plan(table.sheet, sorted(problems, key=lambda p: (p.line, p.column, p.code)), writes, unchanged, skipped)


def _existing_rels(result: Validation) -> set[str]:
    return {r.rel for r in result.records if r.kind == "case"}


class _Rows:
    """Turns the table's rows into case files against one root."""

    def __init__(self, result: Validation, table: Table, cols: list[Column], project: str | None,
                 update: bool) -> None:
        self.result, self.table, self.project, self.update = result, table, project, update
        self.by_key = {c.key: c for c in cols}
        self.taxonomy: Taxonomy = result.taxonomy
        self.existing = {r.values["id"]: r for r in result.records if r.kind == "case" and r.values.get("id")}
        self.projects = {r.rel.split("/")[1] for r in result.records if r.kind == "project"}
        # Ledgers often name the project (澜岸华府) where the record has its code (LAHF).
        self.names = {r.values["name"]: r.rel.split("/")[1] for r in result.records
                      if r.kind == "project" and r.values.get("name")}
        self.next_free = self._numbers()

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

    def cases(self) -> list[_Case]:
        """Each row's case; a row repeating an id of an earlier row is a duplicate, not a second write."""
        found: list[_Case] = []
        first: dict[str, Row] = {}
        for row in self.table.rows:
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

    def _problem(self, code: str, row: Row, key: str, /, **args: object) -> Problem:
        column = row.cells[key].column if key in row.cells else self._first_column(row)
        return Problem(code, self.table.sheet, row.number, column, dict(args), f"$.{key}")

    def _first_column(self, row: Row) -> int:
        return min((cell.column for cell in row.cells.values()), default=1)

    def _case(self, row: Row) -> _Case:
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
        texts = {name: texts[name] for name in CASE.fields if name in texts}  # the contract's order
        existing = self.existing.get(str(texts["id"]))
        if existing is not None:
            if not self.update:
                return self._failed(row, self._problem("ledger-case-exists", row, "id", id=texts["id"],
                                                       file=existing.rel))
            return self._updated(row, texts, existing)
        return self._created(row, texts, code)

    def _failed(self, row: Row, problem: Problem) -> _Case:
        """A row that cannot become a file at all."""
        return _Case(row, Source(Path(), "", "case"), b"", None, [problem], None)

    def _texts(self, row: Row) -> dict[str, str | list[str]]:
        """The row's values as they will be written, in contract order."""
        texts: dict[str, str | list[str]] = {}
        for name in CASE.fields:
            cell = row.cells.get(name)
            if cell is None or cell.text is None:
                continue
            texts[name] = cell.items if self.by_key[name].is_list else cell.text
        return texts

    def _project_of(self, row: Row, texts: dict[str, str | list[str]]) -> str | None:
        given = texts.get("project")
        if isinstance(given, str):
            if given in self.names and given not in self.projects:
                texts["project"] = self.names[given]
            return str(texts["project"])
        match = _ID_NUMBER.fullmatch(str(texts.get("id", "")))
        return match["code"] if match else self.project

    def _created(self, row: Row, texts: dict[str, str | list[str]], code: str) -> _Case:
        phase = str(texts.get("phase", ""))
        rel = f"cases/{code}/phase-{phase if phase.isdigit() else 'x'}/{texts['id']}.yaml"
        text = yamltext.render([(name, CASE.fields[name], value) for name, value in texts.items()])
        data = f"{modeline('case', rel.count('/'))}\n{text}".encode()  # only new files get the editor's line
        source = Source(self.result.root / rel, rel, "case")
        record, found = check_file(source, data, self.taxonomy)
        problems = [self._at_cell(p, row) for p in found]
        if (self.result.root / rel).exists():
            problems.append(self._problem("ledger-case-exists", row, "id", id=texts["id"], file=rel))
        return _Case(row, source, data, record, problems, Write(rel, data, True, str(texts["id"]), row.number))

    def _updated(self, row: Row, texts: dict[str, str | list[str]], existing: Record) -> _Case:
        """Only the fields whose value differs are rewritten, in place, so the rest of the file stays."""
        source = Source(self.result.root / existing.rel, existing.rel, "case")
        wanted = self._typed(texts, existing.rel)
        changed = [name for name in CASE.fields if name in row.cells and self._differs(name, wanted, existing)]
        if not changed:
            return _Case(row, source, b"", existing, [], None)
        data = _edit(source.path.read_bytes(), texts, changed)
        if data is None:
            return self._failed(row, self._problem("ledger-update-layout", row, "id", file=existing.rel))
        record, found = check_file(source, data, self.taxonomy)
        before = {(p.code, p.path) for p in self.result.problems if p.file == existing.rel}
        problems = [self._at_cell(p, row) for p in found if (p.code, p.path) not in before]
        shown = [(name, self._show(name, existing.values.get(name)), self._show(name, wanted.values.get(name)))
                 for name in changed]
        write = Write(existing.rel, data, False, str(texts["id"]), row.number, shown)
        return _Case(row, source, data, record, problems, write)

    def _typed(self, texts: dict[str, str | list[str]], rel: str) -> Record:
        """The row's values as the schema types them, to compare with the file's. The text that is
        written is checked whole by check_file; this only decides what changed, without writing and
        parsing YAML for every unchanged row of a large ledger."""
        entries: dict[str, tuple[Scalar, Node]] = {}
        for name, value in texts.items():
            node: Node = (Sequence([Scalar(v, False, 1, 1) for v in value], 1, 1) if isinstance(value, list)
                          else Scalar(value, False, 1, 1))
            entries[name] = (Scalar(name, True, 1, 1), node)
        ctx = Context(rel, self.taxonomy)
        values = CASE.check(Mapping(entries, 1, 1), ctx)
        return Record("case", rel, values, ctx.marks, frozenset(p.path for p in ctx.problems))

    def _differs(self, name: str, wanted: Record, existing: Record) -> bool:
        if f"$.{name}" in wanted.broken:
            return True
        old, new = existing.values.get(name), wanted.values.get(name)
        if name == "project":
            old = old or existing.rel.split("/")[1]
        return bool(old != new and (old or new))

    def _show(self, name: str, value: Any) -> str:
        spec = CASE.fields[name]
        if value in (None, [], ""):
            return "—"
        if isinstance(spec, Choice):
            return self.taxonomy.label(spec.axis, value)
        text = "、".join(value) if isinstance(value, list) else str(value)
        text = text.replace("\n", " ")
        return text if len(text) <= 40 else text[:40] + "…"

    def _at_cell(self, problem: Problem, row: Row) -> Problem:
        return at_cell(problem, row, self.table.sheet)


def at_cell(problem: Problem, row: Row, sheet: str) -> Problem:
    """A problem in the generated YAML, placed at the cell its field came from ($.photos[1] -> photos)."""
    name = re.match(r"\$\.?([a-z_]*)", problem.path)
    key = name.group(1) if name and name.group(1) else "id"
    cell = row.cells.get(key)
    column = cell.column if cell else min((c.column for c in row.cells.values()), default=1)
    return Problem(problem.code, sheet, row.number, column, _quoted(problem, cell), problem.path)


def _quoted(problem: Problem, cell: Any) -> dict[str, object]:
    """The problem's words, plus what the cell held when the message would not show it."""
    args = dict(problem.args)
    if cell is not None and cell.raw not in (None, "") and str(cell.text) not in problem.message("en"):
        raw = str(cell.raw).replace("\n", " ")
        raw = raw if len(raw) <= 40 else raw[:40] + "…"
        args["_cell"] = raw
    return args


def _edit(original: bytes, texts: dict[str, str | list[str]], changed: list[str]) -> bytes | None:
    """The file with the changed fields' text replaced; None when its layout is not one field per
    line at the left margin, where a field's text cannot be replaced without touching others."""
    bom = original.startswith(b"\xef\xbb\xbf")
    text = original.decode("utf-8-sig")
    newline = "\r\n" if "\r\n" in text else "\n"
    spans = yamltext.spans(text)
    if spans is None:
        return None
    order = list(CASE.fields)
    edits: list[tuple[int, int, int, str]] = []
    for name in changed:
        position = order.index(name)
        value = texts.get(name)
        lines = yamltext.field_lines(name, CASE.fields[name], value) if value not in (None, [], "") else []
        if name in spans:
            start, end, new = (yamltext.replace(text, spans[name], lines, newline) if lines
                               else yamltext.remove(text, spans[name]))
            edits.append((start, end, position, new))
        elif lines:
            at = _insertion_point(text, spans, order[:position])
            edits.append((at, at, position, newline.join(lines) + newline))
    return (b"\xef\xbb\xbf" if bom else b"") + yamltext.apply(text, edits).encode()


def _insertion_point(text: str, spans: dict[str, yamltext.Span], before: list[str]) -> int:
    """After the nearest field that comes earlier in the contract, else before the first field."""
    for name in reversed(before):
        if name in spans:
            return yamltext.after(text, spans[name])
    return min((span.start for span in spans.values()), default=len(text))


def _corpus_problems(result: Validation, cases: list[_Case], table: Table, today: date) -> list[Problem]:
    """The cross-record rules over the root as it would be after the import."""
    ours = {case.source.rel: case for case in cases if case.record is not None}
    records = [r for r in result.records if r.rel not in ours] + [c.record for c in ours.values() if c.record]
    folders = sorted(set(project_folders(result.root)) | {rel.split("/")[1] for rel in ours})
    corpus = Corpus(result.root, records, folders, today, result.config)
    before = {(p.file, p.code, p.path) for p in result.problems}
    found = []
    for rule in CORPUS_RULES:
        for problem in rule(corpus):
            case = ours.get(problem.file)
            if case is not None and case.write is not None and (problem.file, problem.code, problem.path) not in before:
                found.append(at_cell(problem, case.row, table.sheet))
    return found


def apply_plan(plan: Plan, root: Path) -> None:
    """Write every file of a plan without errors: all temporary files first, then each moved into place."""
    assert not plan.errors
    staged: list[tuple[Path, Path]] = []
    try:
        for write in plan.writes:
            target = root / write.rel
            if not target.resolve().is_relative_to((root / "cases").resolve()):
                raise ValueError(f"{write.rel} is outside the cases folder")  # the validator's id rules prevent it
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


