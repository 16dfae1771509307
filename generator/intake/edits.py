"""What an import writes, for any kind of record: the new or edited file, the changes shown,
and a problem found in the generated YAML placed back at the cell it came from.

An update edits only the changed fields' text in the existing file (`yamltext`), so its
comments, blank lines and other fields stay byte for byte.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..loading import Mapping, Node, Scalar, Sequence
from ..problems import Problem
from ..schema import Context, Record, Schema
from ..taxonomy import Taxonomy
from . import yamltext
from .table import Row

Value = Any  # a field's text as written: str, list[str], {stage: [items]} or [{field: text}]


@dataclass
class Write:
    """One file the import writes: a new record or an update of an existing one."""

    rel: str
    data: bytes
    created: bool
    id: str
    row: int
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # field, old, new as shown
    kind: str = "case"
    sheet: str = ""


Lists = dict[str, tuple[str, dict[int, Row]]]  # a list of mappings -> its sheet, and each item's row


def at_cell(problem: Problem, row: Row, sheet: str, lists: Lists | None = None) -> Problem:
    """A problem in the generated YAML, placed at the cell its field came from ($.photos[1] -> photos;
    $.prevention.设计准备阶段 -> that stage's column; $.verified.date -> verified.date; $.phases[1].delivered
    and $.replans[0].due -> the row of that item, on its own sheet for a case's replans)."""
    name = re.match(r"\$\.?([a-z_]*)(?:\[(\d+)\])?\.?([a-z_]*)", problem.path)
    field, index, sub = (name[1], name[2], name[3]) if name else ("", None, "")
    if index is not None and field in (lists or {}) and int(index) in (lists or {})[field][1]:
        sheet, rows = (lists or {})[field]
        row = rows[int(index)]
        cell = row.cells.get(f"{field}.{sub}") or row.cells.get(f"{field}.{next(iter(_subs(row, field)), '')}") \
            or row.cells.get("id")
    else:
        key = field or ("code" if "code" in row.cells else "id")
        cell = row.cells.get(f"{key}.{sub}") or row.cells.get(key) or next(
            (c for k, c in row.cells.items() if k.startswith(f"{key}.") and c.text), None)
    column = cell.column if cell else min((c.column for c in row.cells.values()), default=1)
    return Problem(problem.code, sheet, row.number, column, _quoted(problem, cell), problem.path)


def _subs(row: Row, field: str) -> list[str]:
    return [k.partition(".")[2] for k in row.cells if k.startswith(f"{field}.")]


def _quoted(problem: Problem, cell: Any) -> dict[str, object]:
    """The problem's words, plus what the cell held when the message would not show it."""
    args = dict(problem.args)
    if cell is not None and cell.raw not in (None, "") and str(cell.text) not in problem.message("en"):
        raw = str(cell.raw).replace("\n", " ")
        raw = raw if len(raw) <= 40 else raw[:40] + "…"
        args["_cell"] = raw
    return args


def edit(original: bytes, schema: Schema, texts: dict[str, Value], changed: list[str]) -> bytes | None:
    """The file with the changed fields' text replaced; None when its layout is not one field per
    line at the left margin, where a field's text cannot be replaced without touching others."""
    bom = original.startswith(b"\xef\xbb\xbf")
    text = original.decode("utf-8-sig")
    newline = "\r\n" if "\r\n" in text else "\n"
    spans = yamltext.spans(text)
    if spans is None:
        return None
    order = list(schema.fields)
    edits: list[tuple[int, int, int, str]] = []
    for name in changed:
        position = order.index(name)
        value = texts.get(name)
        lines = yamltext.field_lines(name, schema.fields[name], value) if value not in (None, [], "", {}) else []
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


def typed(schema: Schema, kind: str, texts: dict[str, Value], rel: str, taxonomy: Taxonomy) -> Record:
    """The row's values as the schema types them, to compare with the file's. The text that is
    written is checked whole by check_file; this only decides what changed, without writing and
    parsing YAML for every unchanged row of a large ledger."""
    entries = {name: (Scalar(name, True, 1, 1), node(value)) for name, value in texts.items()}
    ctx = Context(rel, taxonomy)
    values = schema.check(Mapping(entries, 1, 1), ctx)
    return Record(kind, rel, values, ctx.marks, frozenset(p.path for p in ctx.problems))


def node(value: Value) -> Node:
    if isinstance(value, dict):
        return Mapping({str(k): (Scalar(str(k), True, 1, 1), node(v)) for k, v in value.items()}, 1, 1)
    if isinstance(value, list):
        return Sequence([node(v) for v in value], 1, 1)
    return Scalar(value, False, 1, 1)
