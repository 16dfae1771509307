"""The record contract as typed, declarative field specs.

Each field type turns one YAML node into a clean Python value or raises
`Invalid` with a problem code; a `Schema` walks a mapping, collects every
problem instead of stopping at the first, and remembers where each value was
written so that later rules can point at it. Scalars arrive as the author's
text, so a field decides its own type: a text field keeps `0301` and `NO`
exactly as written.
"""

from __future__ import annotations

import difflib
import re
import sys
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from .dates import DATE_PATTERN, halfwidth, looks_like_date, parse_date
from .loading import MAX_PROBLEMS, Mapping, Node, Scalar, Sequence
from .problems import Lang, Problem, Text, field_args
from .taxonomy import AXES, Taxonomy

_NULLS = {"", "~", "null", "Null", "NULL"}
JSON = dict[str, Any]


class Invalid(Exception):
    """A value that does not fit its field; carries the problem code and message arguments."""

    def __init__(self, code: str, node: Node, /, **args: object) -> None:
        super().__init__(code)
        self.code, self.node, self.details = code, node, args


@dataclass
class Record:
    """One record after its schema: clean values plus where each was written."""

    kind: str
    rel: str
    values: dict[str, Any]
    marks: dict[str, tuple[int, int]]
    broken: frozenset[str] = frozenset()  # paths whose value had a problem (and is None here)

    def mark(self, path: str) -> tuple[int, int]:
        return self.marks.get(path) or self.marks.get(path.rsplit("[", 1)[0]) or self.marks["$"]


@dataclass
class Context:
    """What a field needs to check a value, and where problems are collected."""

    rel: str
    taxonomy: Taxonomy
    problems: list[Problem] = field(default_factory=list)
    marks: dict[str, tuple[int, int]] = field(default_factory=dict)

    def report(self, code: str, node: Node, path: str, /, **args: object) -> None:
        if self.full:
            return
        self.problems.append(Problem(code, self.rel, node.line, node.column, dict(args), path))
        if self.full:  # a hostile file: the first problems say enough, and time stays bounded
            self.problems.append(Problem("too-many-problems", self.rel, node.line, node.column,
                                         {"limit": MAX_PROBLEMS}, path))

    @property
    def full(self) -> bool:
        return len(self.problems) >= MAX_PROBLEMS


def _name(path: str) -> str:
    return path[2:] if path.startswith("$.") else path


def _quote(node: Node) -> Text:
    if isinstance(node, Scalar):
        text = node.value if len(node.value) <= 40 else node.value[:40] + "…"
        return Text(f"“{text}”", f"'{text}'")
    return Text("列表" if isinstance(node, Sequence) else "映射",
                "a list" if isinstance(node, Sequence) else "a mapping")


class Field:
    """A field of a record; `clean` returns the value or raises `Invalid`."""

    expected = Text("文本", "text")

    def __init__(self, label: tuple[str, str], required: bool = False) -> None:
        self.label = Text(*label)
        self.required = required

    def clean(self, node: Node, path: str, ctx: Context) -> Any:
        raise NotImplementedError

    def default(self) -> Any:
        return None

    def named(self, path: str) -> dict[str, object]:
        """The message arguments naming this field: its Chinese label and its key."""
        return field_args(_name(path), self.label)

    def scalar(self, node: Node, path: str) -> str | None:
        """The node's text, None for an empty value; a list or mapping is a type error."""
        if not isinstance(node, Scalar):
            raise Invalid("invalid-type", node, **self.named(path), expected=self.expected, got=_quote(node))
        if node.plain and node.value.strip() in _NULLS:
            return None
        return node.value

    def json_schema(self, taxonomy: Taxonomy, lang: Lang = "zh") -> JSON:
        """This field as JSON Schema (draft-07) for editors, titled with its label. It accepts
        what `clean` accepts in the shapes an editor's YAML reader gives: the validator reads
        `0301` and `312` as text, an editor as numbers; an optional field may be left empty."""
        said = self.expected.zh if lang == "zh" else self.expected.en
        if self.required:
            said += "，必填" if lang == "zh" else "; required"
        shape = {"title": self.label.zh if lang == "zh" else self.label.en, "description": said,
                 **self.shape(taxonomy, lang)}
        return shape if self.required else nullable(shape)

    def shape(self, taxonomy: Taxonomy, lang: Lang) -> JSON:
        """The values this field takes, without title or nullability."""
        return {"type": ["string", "number", "boolean"]}


class TextField(Field):
    def clean(self, node: Node, path: str, ctx: Context) -> str | None:
        text = self.scalar(node, path)
        return text.strip() or None if text is not None else None

    def shape(self, taxonomy: Taxonomy, lang: Lang) -> JSON:
        """Any scalar is text; a required one must hold more than spaces."""
        return {"type": ["string", "number", "boolean"], **({"pattern": r"\S"} if self.required else {})}


class Markdown(TextField):
    expected = Text("Markdown 文本", "Markdown text")


class Pattern(TextField):
    """Text in a fixed shape, such as an id."""

    def __init__(self, label: tuple[str, str], regex: str, shape: tuple[str, str], example: str,
                 required: bool = False) -> None:
        super().__init__(label, required)
        self.regex, self.shape_text, self.example = re.compile(regex), Text(*shape), example

    def clean(self, node: Node, path: str, ctx: Context) -> str | None:
        text = super().clean(node, path, ctx)
        if text is not None and not self.regex.fullmatch(text):
            raise Invalid("invalid-format", node, **self.named(path), value=text, pattern=self.shape_text,
                          example=self.example)
        return text

    def json_schema(self, taxonomy: Taxonomy, lang: Lang = "zh") -> JSON:
        described = super().json_schema(taxonomy, lang)
        shape = self.shape_text.zh if lang == "zh" else self.shape_text.en
        return described | {"description": f"{described['description']}：{shape}" if lang == "zh"
                            else f"{described['description']}: {shape}"}

    def shape(self, taxonomy: Taxonomy, lang: Lang) -> JSON:
        return {"type": "string", "pattern": padded(self.regex.pattern), "examples": [self.example]}


class Integer(Field):
    """A whole number, at least `minimum`; "12" in quotes is still twelve."""

    expected = Text("整数", "a whole number")
    digits = re.compile(r"[+-]?(\d{1,15}|\d{1,3}(,\d{3}){1,4})")

    def __init__(self, label: tuple[str, str], required: bool = False, minimum: int = 0) -> None:
        super().__init__(label, required)
        self.minimum = minimum

    def clean(self, node: Node, path: str, ctx: Context) -> int | None:
        text = self.scalar(node, path)
        if text is None:
            return None
        value = int(_number_text(self, node, path, text))
        if value < self.minimum:
            code = "negative-number" if self.minimum == 0 else "not-positive"
            raise Invalid(code, node, **self.named(path), value=value)
        return value

    def shape(self, taxonomy: Taxonomy, lang: Lang) -> JSON:
        return {"type": ["integer", "string"], "minimum": self.minimum, "pattern": number_pattern(False)}


def _number_text(spec: Integer | Number, node: Node, path: str, text: str) -> str:
    """The digits of a number as staff type them: full-width digits (１２) and thousands
    separators (12,000) are unambiguous and accepted; a unit or 万 (1.2万) is refused,
    with the plain number it stands for."""
    plain = halfwidth(text)
    if spec.digits.fullmatch(plain):
        return plain.replace(",", "") if "," in plain else plain
    worded = _WORDED.fullmatch(plain)
    if worded and (worded.group(2) or worded.group(3)):
        amount = Decimal(worded.group(1).replace(",", "")) * _MULTIPLIERS[worded.group(2) or ""]
        raise Invalid("number-with-unit", node, **spec.named(path), value=text.strip(),
                      number=format(amount.normalize(), "f"))
    raise Invalid("invalid-type", node, **spec.named(path), expected=spec.expected, got=_quote(node))


_MULTIPLIERS = {"": Decimal(1), "十": Decimal(10), "百": Decimal(100), "千": Decimal(1000), "k": Decimal(1000),
                "K": Decimal(1000), "万": Decimal(10_000), "w": Decimal(10_000), "W": Decimal(10_000),
                "亿": Decimal(100_000_000)}
_WORDED = re.compile(r"([+-]?[\d,]{1,20}(?:\.\d{1,6})?)\s*([十百千万亿kKwW]?)\s*(元|人民币|户|次|个|套|间)?")


class Number(Field):
    expected = Text("数字（元）", "a number (yuan)")
    digits = re.compile(r"[+-]?(\d{1,15}|\d{1,3}(,\d{3}){1,4})(\.\d{1,4})?")

    def clean(self, node: Node, path: str, ctx: Context) -> float | int | None:
        text = self.scalar(node, path)
        if text is None:
            return None
        digits = _number_text(self, node, path, text)
        value = float(digits) if "." in digits else int(digits)
        if value < 0:
            raise Invalid("negative-number", node, **self.named(path), value=value)
        return value

    def shape(self, taxonomy: Taxonomy, lang: Lang) -> JSON:
        return {"type": ["number", "string"], "minimum": 0, "pattern": number_pattern(True)}


class DateField(Field):
    expected = Text("日期（YYYY-MM-DD）", "a date (YYYY-MM-DD)")

    def clean(self, node: Node, path: str, ctx: Context) -> date | None:
        text = self.scalar(node, path)
        if text is None:
            return None
        if not looks_like_date(text):
            raise Invalid("invalid-type", node, **self.named(path), expected=self.expected, got=_quote(node))
        try:
            return parse_date(text)
        except ValueError:
            raise Invalid("invalid-date", node, **self.named(path), value=text.strip()) from None

    def shape(self, taxonomy: Taxonomy, lang: Lang) -> JSON:
        """Text: YAML 1.2 readers (editors) have no date type, and the validator reads the text."""
        return {"type": "string", "pattern": padded(DATE_PATTERN), "examples": ["2024-06-28"]}


class Choice(Field):
    """A key of a taxonomy axis, written as the key or the Chinese label."""

    def __init__(self, label: tuple[str, str], axis: str, required: bool = False) -> None:
        super().__init__(label, required)
        self.axis = axis
        self.expected = Text(f"{AXES[axis].zh}的键或名称", f"a {AXES[axis].en} key or label")

    def clean(self, node: Node, path: str, ctx: Context) -> str | None:
        text = self.scalar(node, path)
        if text is None:
            return None
        key = ctx.taxonomy.normalize(self.axis, text)
        if key is None:
            choices = ctx.taxonomy.choices(self.axis)
            raise Invalid("invalid-value", node, **self.named(path), value=text.strip(),
                          suggestion=_suggest(text.strip(), choices), allowed="、".join(choices))
        return key

    def shape(self, taxonomy: Taxonomy, lang: Lang) -> JSON:
        """Each key and label as a `const`, described by the other, so an editor offers both."""
        options: dict[str, str] = {}
        for term in taxonomy.axis_terms(self.axis).values():
            label = term.zh if lang == "zh" else term.en
            options.setdefault(term.key, label)
            options.setdefault(term.zh, term.key)
            options.setdefault(term.en, term.key)
        # The validator ignores case and surrounding spaces (`Major`, `" design "`): those forms match
        # the last alternative, which excludes the exact ones so that each value matches just one.
        other_forms = {"type": "string", "pattern": padded("|".join(_any_case(name) for name in options)),
                       "not": {"enum": list(options)}}
        return {"oneOf": [*({"const": name, "description": said} for name, said in options.items()), other_forms]}


class ListOf(Field):
    expected = Text("列表", "a list")

    def __init__(self, label: tuple[str, str], item: Field, required: bool = False, min_items: int = 0) -> None:
        super().__init__(label, required)
        self.item, self.min_items = item, min_items

    def default(self) -> list[Any]:
        return []

    def clean(self, node: Node, path: str, ctx: Context) -> list[Any] | None:
        if isinstance(node, Scalar) and node.plain and node.value.strip() in _NULLS:
            return None
        if not isinstance(node, Sequence):
            raise Invalid("invalid-type", node, **self.named(path), expected=self.expected, got=_quote(node))
        items = [clean_value(self.item, child, f"{path}[{i}]", ctx) for i, child in enumerate(node.items)]
        items = [item for item in items if item is not None]
        if len(items) < self.min_items:
            raise Invalid("empty-value", node, **self.named(path))
        return items

    def shape(self, taxonomy: Taxonomy, lang: Lang) -> JSON:
        """Empty items are dropped by the validator, so they are allowed here."""
        items = nullable(self.item.shape(taxonomy, lang))
        return {"type": "array", "items": items, **({"minItems": self.min_items} if self.min_items else {})}


class Nested(Field):
    """A mapping inside a record, such as one phase of a project."""

    expected = Text("映射", "a mapping")

    def __init__(self, label: tuple[str, str], schema: Schema, required: bool = False) -> None:
        super().__init__(label, required)
        self.schema = schema

    def clean(self, node: Node, path: str, ctx: Context) -> dict[str, Any] | None:
        if isinstance(node, Scalar) and node.plain and node.value.strip() in _NULLS:
            return None  # `verified:` left empty: not yet, like an empty list
        if not isinstance(node, Mapping):
            raise Invalid("invalid-type", node, **self.named(path), expected=self.expected, got=_quote(node))
        return self.schema.check(node, ctx, path)

    def shape(self, taxonomy: Taxonomy, lang: Lang) -> JSON:
        return self.schema.json_schema(taxonomy, lang)


class MapOf(Field):
    """A mapping whose keys are themselves checked, such as prevention by stage."""

    expected = Text("映射", "a mapping")

    def __init__(self, label: tuple[str, str], key: Field, value: Field, required: bool = False,
                 min_items: int = 0) -> None:
        super().__init__(label, required)
        self.key, self.value, self.min_items = key, value, min_items

    def default(self) -> dict[str, Any]:
        return {}

    def clean(self, node: Node, path: str, ctx: Context) -> dict[str, Any] | None:
        if isinstance(node, Scalar) and node.plain and node.value.strip() in _NULLS:
            return None
        if not isinstance(node, Mapping):
            raise Invalid("invalid-type", node, **self.named(path), expected=self.expected, got=_quote(node))
        result: dict[str, Any] = {}
        for name, (key_node, value_node) in node.entries.items():
            key = clean_value(self.key, key_node, f"{path}.{name}", ctx)
            value = clean_value(self.value, value_node, f"{path}.{name}", ctx)
            if key is not None and value is not None:
                result[key] = result.get(key, []) + value if isinstance(value, list) else value
        if len(result) < self.min_items:
            raise Invalid("empty-value", node, **self.named(path))
        return result

    def shape(self, taxonomy: Taxonomy, lang: Lang) -> JSON:
        return {"type": "object", "propertyNames": self.key.shape(taxonomy, lang),
                "additionalProperties": self.value.json_schema(taxonomy, lang),
                **({"minProperties": self.min_items} if self.min_items else {})}


def clean_value(spec: Field, node: Node, path: str, ctx: Context) -> Any:
    """`spec.clean`, with its problem recorded instead of raised so the walk goes on."""
    # Interned: the same few paths recur in every record, and the parse cache
    # pickles one copy of each instead of one per record.
    path = sys.intern(path)
    ctx.marks[path] = (node.line, node.column)
    try:
        return spec.clean(node, path, ctx)
    except Invalid as invalid:
        ctx.report(invalid.code, invalid.node, path, **invalid.details)
        return None


class Schema:
    """The fields of one kind of record, in the order the docs show them."""

    def __init__(self, fields: dict[str, Field]) -> None:
        self.fields = fields

    def json_schema(self, taxonomy: Taxonomy, lang: Lang = "zh") -> JSON:
        """The record as a closed JSON Schema object: an unknown field is an error, as in `check`."""
        return {"type": "object",
                "properties": {name: spec.json_schema(taxonomy, lang) for name, spec in self.fields.items()},
                "required": [name for name, spec in self.fields.items() if spec.required],
                "additionalProperties": False}

    def check(self, node: Mapping, ctx: Context, path: str = "$") -> dict[str, Any]:
        ctx.marks[path] = (node.line, node.column)
        values = {name: spec.default() for name, spec in self.fields.items()}
        meant: set[str] = set()  # fields that an unknown, mistyped one stands for
        for name, (key, value_node) in node.entries.items():
            spec = self.fields.get(name)
            if spec is None:
                if not ctx.full:  # the guess costs a fuzzy match; a full file is reported no further
                    meant.add(self._unknown(key, name, ctx, path) or "")
                continue
            value = clean_value(spec, value_node, f"{path}.{name}", ctx)
            if value is not None:
                values[name] = value
        reported = _reported(ctx)
        for name, spec in self.fields.items():
            if spec.required and values[name] in (None, [], {}) and name not in meant \
                    and f"{path}.{name}" not in reported:
                self._missing(node, name, spec, ctx, path)
        return values

    def _missing(self, node: Mapping, name: str, spec: Field, ctx: Context, path: str) -> None:
        """Absent points at the record (it has no line of its own); written but empty
        (`title:`, `title: ""`, `title: ~`) points at the field's own line."""
        if name in node.entries:
            ctx.report("empty-field", node.entries[name][0], f"{path}.{name}", **field_args(name, spec.label))
        else:
            ctx.report("missing-field", node, f"{path}.{name}", **field_args(name, spec.label))

    def _unknown(self, key: Scalar, name: str, ctx: Context, path: str) -> str | None:
        """Report an unknown field; return the field it probably stands for."""
        by_label = {spec.label.zh: field_name for field_name, spec in self.fields.items()}
        guess = by_label.get(name.strip()) or closest(name, list(self.fields))
        suggestion = did_you_mean_field(guess, self.fields[guess].label) if guess else Text("", "")
        allowed = Text("、".join(f"{k}（{spec.label.zh}）" for k, spec in self.fields.items()), ", ".join(self.fields))
        ctx.report("unknown-field", key, f"{path}.{name}", field=name, suggestion=suggestion, allowed=allowed)
        return guess


def _reported(ctx: Context) -> set[str]:
    return {problem.path for problem in ctx.problems}


def closest(word: str, candidates: list[str]) -> str | None:
    """The candidate nearest to `word`, ignoring case, or None when none is close."""
    folded = {candidate.casefold(): candidate for candidate in candidates}
    matches = difflib.get_close_matches(word.casefold(), list(folded), n=1, cutoff=0.6)
    return folded[matches[0]] if matches else None


def did_you_mean(guess: str) -> Text:
    return Text(f"，是否想写 “{guess}”？", f"; did you mean '{guess}'?")


def did_you_mean_field(key: str, label: Text) -> Text:
    return Text(f"，是否想写 “{label.zh}”（{key}）？", f"; did you mean '{key}'?")


def _suggest(word: str, choices: list[str]) -> Text:
    """A did-you-mean over 'key 标签' choices, in the form the author used: a
    mistyped Chinese label is answered with the label, a key with the key."""
    names = [part for choice in choices for part in choice.split(" ")]
    guess = closest(word, names)
    return did_you_mean(guess) if guess else Text("", "")


def nullable(shape: JSON) -> JSON:
    """`shape` or an empty value (`impact:` or `~`, which an editor reads as null)."""
    if isinstance(shape.get("type"), list):
        return shape | {"type": [*shape["type"], "null"]}
    if isinstance(shape.get("type"), str):
        return shape | {"type": [shape["type"], "null"]}
    return shape | {"oneOf": [*shape["oneOf"], {"type": "null"}]} if "oneOf" in shape else shape


def padded(regex: str) -> str:
    """A field's regex for a whole value, with the spaces `clean` strips around it."""
    return rf"^\s*(?:{regex})\s*$"


def number_pattern(decimals: bool) -> str:
    """What `_number_text` accepts as digits (half- or full-width, thousands separators), unsigned:
    the JSON Schema keeps the minimum for numbers and the pattern for text."""
    digit = "[0-9０-９]"
    whole = rf"{digit}{{1,15}}|{digit}{{1,3}}([,，]{digit}{{3}}){{1,4}}"
    fraction = rf"([.．]{digit}{{1,4}})?" if decimals else ""
    return padded(rf"[+＋]?({whole}){fraction}")


def _any_case(text: str) -> str:
    """`text` as a regex matching it in any case, without flags (JSON Schema's ECMA-262 has none inline)."""
    return "".join(f"[{c.lower()}{c.upper()}]" if c.lower() != c.upper() else re.escape(c) for c in text)
