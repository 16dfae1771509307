"""Record YAML written as a person would write it, and edited in place.

New files follow the contract's field order, keep Chinese as Chinese, write
multi-line text as `|` blocks and quote a scalar only where a YAML reader
could take it for something else (`0301`, `NO`, `: `, a leading `-`). An
update edits the text at the changed field's span only, so the file's
comments, blank lines and other fields stay byte for byte.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import yaml

from ..schema import DateField, Field, Integer, ListOf, MapOf, Markdown, Nested, Number

_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
_RAW = re.compile(r"[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
_SHAPES = {Integer: re.compile(r"[+-]?\d{1,15}"), Number: re.compile(r"[+-]?\d{1,15}(\.\d{1,4})?"),
           DateField: re.compile(r"\d{4}-\d{2}-\d{2}")}
_RESOLVER = yaml.resolver.Resolver()


def scalar(text: str) -> str:
    """`text` plain when every YAML reader reads it back as this same text, else double-quoted."""
    if _plain_ok(text):
        return text
    # A JSON string is a YAML double-quoted scalar; what JSON leaves raw but YAML would read as a
    # line break or refuse as unprintable is escaped too.
    return _RAW.sub(lambda m: f"\\u{ord(m[0]):04x}", json.dumps(text, ensure_ascii=False))


def _plain_ok(text: str) -> bool:
    if not text or text != text.strip() or text[0] in _INDICATORS or _UNSAFE.search(text):
        return False
    if "\n" in text or "\t" in text or ": " in text or " #" in text or text.endswith(":"):
        return False
    return _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == "tag:yaml.org,2002:str"


def _typed_plain(spec: Field, text: str) -> bool:
    """Numbers and dates in their own field's shape are written bare, as the samples do."""
    shape = _SHAPES.get(type(spec))
    return shape is not None and shape.fullmatch(text) is not None


def field_lines(name: str, spec: Field, value: Any) -> list[str]:
    """The lines of one `name: value` entry (no line ends): text, a list of texts, a map of
    lists (prevention by stage), a mapping (a case's verification) or a list of mappings (a
    project's phases, a case's replans)."""
    if isinstance(value, dict) and isinstance(spec, MapOf):
        return [f"{name}:"] + [f"  {line}" for key, items in value.items()
                               for line in field_lines(scalar(key), spec.value, items)]
    if isinstance(value, dict) and isinstance(spec, Nested):
        return [f"{name}:"] + _indented(_entries(spec, value), "  ", "  ")
    if isinstance(value, list) and isinstance(spec, ListOf) and isinstance(spec.item, Nested):
        item_spec = spec.item
        return [f"{name}:"] + [line for item in value
                               for line in (_indented(_entries(item_spec, item), "  - ", "    ") or ["  - {}"])]
    if isinstance(value, list):
        return [f"{name}:"] + [f"  - {_inline(spec.item if isinstance(spec, ListOf) else spec, item)}"
                               for item in value]
    if (isinstance(spec, Markdown) or "\n" in value) and not _UNSAFE.search(value) and value == value.strip():
        return [f"{name}: |"] + [f"  {line}" if line.strip() else "" for line in value.split("\n")]
    return [f"{name}: {_inline(spec, value)}"]


def _entries(spec: Nested, value: dict[str, Any]) -> list[str]:
    fields = spec.schema.fields
    return [line for key, text in value.items() for line in field_lines(key, fields[key], text)]


def _indented(lines: list[str], first: str, rest: str) -> list[str]:
    """A mapping's lines under its parent (`first` before its first line); a blank line of a
    block text stays blank."""
    return [f"{first if index == 0 else rest}{line}" if line else "" for index, line in enumerate(lines)]


def _inline(spec: Field, text: str) -> str:
    return text if _typed_plain(spec, text) else scalar(text)


def render(fields: list[tuple[str, Field, str | list[str]]]) -> str:
    """A whole record file from (name, spec, text) in contract order."""
    lines = [line for name, spec, value in fields for line in field_lines(name, spec, value)]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Span:
    """Where a top-level entry is written: its key's start, its value's end, and whether the
    value ends at a line start (block scalars and lists) or mid-line (before any comment)."""

    start: int
    end: int
    at_line_start: bool


def spans(text: str) -> dict[str, Span] | None:
    """Top-level entries of a block mapping at column 0; None when the file is laid out otherwise."""
    found: dict[str, Span] = {}
    depth, key, key_start = 0, None, 0
    parser = yaml.CSafeLoader(text) if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader(text)
    try:
        while True:
            event = parser.get_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                return found
            start, end = event.start_mark, event.end_mark
            assert start is not None and end is not None
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if depth == 0 and (event.flow_style or start.column != 0):
                    return None
                depth += 1
                if depth == 1:
                    continue
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
            elif not isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent)) or depth == 0:
                continue
            if depth == 1 and key is None and isinstance(event, yaml.ScalarEvent):
                key, key_start = event.value, start.index
            elif depth == 1:
                found[key or ""] = Span(key_start, end.index, end.index > 0 and text[end.index - 1] == "\n")
                key = None
    finally:
        parser.dispose()


def _kept_tail(text: str, span: Span) -> int:
    """A block value's span runs to the next key; blank and comment lines at its end stay."""
    end = span.end
    while end > span.start:
        line_start = text.rfind("\n", span.start, end - 1) + 1
        line = text[line_start:end]
        # Only a comment at column 0 is outside the value: an indented `#` line is text of a block.
        if line_start <= span.start or (line.strip() and not line.startswith("#")):
            return end
        end = line_start
    return end


def replace(text: str, span: Span, lines: list[str], newline: str) -> tuple[int, int, str]:
    """(start, end, new text) that puts `lines` in place of the entry at `span`."""
    if span.at_line_start:
        return span.start, _kept_tail(text, span), newline.join(lines) + newline
    line_end = text.find("\n", span.end)
    line_end = len(text) if line_end < 0 else line_end
    tail = text[span.end:line_end]
    cr = "\r" if tail.endswith("\r") else ""  # a CRLF file keeps its line ends
    return span.start, line_end, newline.join([lines[0] + tail.removesuffix("\r"), *lines[1:]]) + cr


def remove(text: str, span: Span) -> tuple[int, int, str]:
    if span.at_line_start:
        return span.start, _kept_tail(text, span), ""
    line_end = text.find("\n", span.end)
    return span.start, len(text) if line_end < 0 else line_end + 1, ""


def after(text: str, span: Span) -> int:
    """Where a new entry goes when it follows the entry at `span`."""
    if span.at_line_start:
        return _kept_tail(text, span)
    line_end = text.find("\n", span.end)
    return len(text) if line_end < 0 else line_end + 1


def apply(text: str, edits: list[tuple[int, int, int, str]]) -> str:
    """Edits (start, end, order, text) applied from the end so earlier offsets stay valid."""
    for start, end, _order, new in sorted(edits, key=lambda e: (e[0], e[2]), reverse=True):
        if new and start == len(text) and text and not text.endswith("\n"):
            new = "\n" + new
        text = text[:start] + new + text[end:]
    return text
