"""Bytes to YAML nodes that remember where they were written, trusting nothing.

Records are written by hand on Chinese Windows machines and pasted from Excel,
so this reads them defensively: a size cap and a depth cap before anything is
built, no object construction (the tree is built from libyaml's event stream,
so no tag can run code and no alias can expand), duplicate keys rejected, and
every scalar kept as the text the author wrote: typing is the schema's job,
which is how `0301` stays a room number and `NO` stays text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from itertools import islice

import yaml

from .problems import Problem, Text, field_args

MAX_BYTES = 256 * 1024
MAX_DEPTH = 16
MAX_PROBLEMS = 100  # per file: beyond that a file is noise, and listing more only costs time
# Brackets counted before parsing; far above any record, far below what crashes a parser.
MAX_RAW_NESTING = 200

try:  # libyaml is about ten times faster; fall back so a source-only install still works
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader


@dataclass(slots=True)
class Scalar:
    value: str
    plain: bool  # unquoted: the only style in which `~`, numbers or dates are read as such
    line: int
    column: int


@dataclass(slots=True)
class Mapping:
    entries: dict[str, tuple[Scalar, Node]]
    line: int
    column: int


@dataclass(slots=True)
class Sequence:
    items: list[Node]
    line: int
    column: int


Node = Scalar | Mapping | Sequence


@dataclass
class Document:
    """The outcome of reading one file: a tree, or the problems that prevented it."""

    rel: str
    root: Node | None
    problems: list[Problem] = field(default_factory=list)


def load(data: bytes, rel: str) -> Document:
    """Read one record file's bytes into a node tree or problems, never raising.

    Characters the parser refuses are reported and then read as spaces (one for
    one, so positions hold), so the same run still reports the file's other problems.
    """
    if len(data) > MAX_BYTES:
        return _fail(rel, "file-too-large", size=len(data), limit=MAX_BYTES)
    text, problem = decode(data, rel)
    if problem:
        return Document(rel, None, [problem])
    text = line_breaks(text)
    controls = list(_controls(text, rel))
    if controls:
        text = _CONTROL.sub(" ", text)
    problems = list(_prescan(text, rel))
    if problems:
        return Document(rel, None, controls + problems)
    document = _parse(text, rel)
    document.problems[:] = _within(controls + document.problems, text)
    return document


def _within(problems: list[Problem], text: str) -> list[Problem]:
    """Positions clamped to the file: libyaml places "unexpected end of stream" on a
    line after the last one when the file does not end with a line break."""
    last = text.count("\n") + 1
    if all(p.line <= last for p in problems):
        return problems
    column = len(text) - (text.rfind("\n") + 1) + 1
    return [p if p.line <= last else replace(p, line=last, column=column) for p in problems]


def line_breaks(text: str) -> str:
    """Windows (CRLF) and old Mac (CR) line ends as LF: libyaml counts a lone CR as a
    line break, and so do editors, so every position is counted the same way."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def decode(data: bytes, rel: str) -> tuple[str, Problem | None]:
    """UTF-8 text (a BOM is fine); for other bytes, a problem naming the likely encoding."""
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        before = line_breaks(data[:error.start].decode("utf-8-sig", "replace"))
        line, column = before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
        bad = data[error.start:error.start + 4].hex(" ").upper()
        return "", Problem("not-utf8", rel, line, column, {"bytes": bad, "guess": _guess(data)})


def _guess(data: bytes) -> Text:
    try:
        data.decode("gb18030")
    except UnicodeDecodeError:
        return Text("", "")
    return Text("，看起来是 GBK（GB18030）编码", "; it looks like GBK (GB18030)")


_DIRECTIVE = re.compile(r"^%(\S*)", re.MULTILINE)
# What libyaml refuses (C0 and C1 controls but tab and line feed, DEL, surrogates,
# U+FFFE/FFFF), the line breaks it counts that editors do not show (U+0085, U+2028/9),
# and invisible characters that make an id or key differ from what is seen (a
# zero-width space, a word joiner, a BOM inside the file; not U+200D, which joins emoji).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u2028\u2029"
                      "\u200b\u2060\ufeff]")
MAX_CONTROL_LINES = 20  # a file full of them is reported by its first lines, not by thousands
_CONTROL_NAMES = {
    "\x00": ("空字符", "NULL"), "\x08": ("退格符", "BACKSPACE"), "\x0b": ("垂直制表符", "LINE TABULATION"),
    "\x0c": ("换页符", "FORM FEED"), "\x1b": ("转义符", "ESCAPE"), "\x7f": ("删除符", "DELETE"),
    "\x85": ("下一行符", "NEXT LINE"), "\u2028": ("行分隔符", "LINE SEPARATOR"),
    "\u2029": ("段分隔符", "PARAGRAPH SEPARATOR"), "\ufffe": ("非字符", "NONCHARACTER"),
    "\uffff": ("非字符", "NONCHARACTER"), "\u200b": ("零宽空格", "ZERO WIDTH SPACE"),
    "\u2060": ("词连接符", "WORD JOINER"), "\ufeff": ("文件中间的 BOM", "BYTE ORDER MARK inside the file"),
}


def _controls(text: str, rel: str) -> Iterator[Problem]:
    """The first invisible control character of each line that has one (a compiled
    regex finds them; a clean file costs one scan in C)."""
    if _CONTROL.search(text) is None:
        return
    counts: dict[int, int] = {}
    first: dict[int, int] = {}
    line = last = 0
    for match in _CONTROL.finditer(text):
        line, last = line + text.count("\n", last, match.start()), match.start()
        if line not in first:
            if len(first) == MAX_CONTROL_LINES:
                break
            first[line] = last
        counts[line] = counts.get(line, 0) + 1
    for line in first:
        char = text[first[line]]
        count = counts[line]
        more = Text(f"（这一行共 {count} 个）", f" ({count} on this line)") if count > 1 else Text("", "")
        yield _at(text, first[line], "control-character", rel, char=f"U+{ord(char):04X}", name=_char_name(char),
                  more=more)


def _char_name(char: str) -> Text:
    if char in _CONTROL_NAMES:
        return Text(*_CONTROL_NAMES[char])
    if "\ud800" <= char <= "\udfff":
        return Text("孤立的代理项", "lone surrogate")
    return Text("控制字符", "control character")


def _prescan(text: str, rel: str) -> Iterator[Problem]:
    """Cheap checks on the raw text that keep hostile input away from the parser."""
    if not _content(text):
        yield Problem("empty-file", rel)
        return
    for match in islice(_DIRECTIVE.finditer(text), MAX_PROBLEMS):
        yield _at(text, match.start(), "yaml-directive", rel, directive="%" + match.group(1))
    deepest, where = _bracket_depth(text)
    if deepest > MAX_RAW_NESTING:
        yield _at(text, where, "too-deep", rel, limit=MAX_DEPTH)


def _content(text: str) -> bool:
    return any(line.strip() and not line.lstrip().startswith("#") for line in text.splitlines())


def _bracket_depth(text: str) -> tuple[int, int]:
    """The deepest bracket nesting, and the offset of the bracket that reaches MAX_DEPTH
    (where the parser would stop, so both checks point at the same place)."""
    if text.count("[") + text.count("{") <= MAX_RAW_NESTING:
        return 0, 0  # cannot nest deeper than it has brackets; skips the loop for real records
    depth = deepest = where = 0
    for offset, char in enumerate(text):
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
            if depth == MAX_DEPTH and not where:
                where = offset
        elif char in "]}":
            depth = max(depth - 1, 0)
    return deepest, where


def _parse(text: str, rel: str) -> Document:
    try:
        document = _Builder(rel, text).build(_events(text))
    except yaml.MarkedYAMLError as error:
        line, column = _position(error)
        named = list(islice(_fullwidth(text, rel, line), MAX_PROBLEMS)) or list(_after_quote(text, rel, error))
        return Document(rel, None, named or [Problem("yaml-syntax", rel, line, column, {"problem": _describe(error)})])
    except (yaml.YAMLError, ValueError, RecursionError, MemoryError) as error:
        # Not expected after the prescan; still a problem in this file, never a crash of the run.
        position = getattr(error, "position", None)
        where = min(position, len(text)) if isinstance(position, int) else 0
        return Document(rel, None, [_at(text, where, "yaml-syntax", rel,
                                        problem=Text(type(error).__name__, type(error).__name__))])
    if any(p.code == "not-a-mapping" for p in document.problems):
        # A file written with full-width colons throughout parses as one long text.
        named = list(islice(_fullwidth(text, rel, None), MAX_PROBLEMS))
        return Document(rel, None, named) if named else document
    return document


def _events(text: str) -> Iterator[yaml.Event]:
    """libyaml's events, pulled directly (yaml.parse adds a Python call per event)."""
    parser = _Loader(text)
    try:
        event = parser.get_event()
        while not isinstance(event, yaml.StreamEndEvent):
            yield event
            event = parser.get_event()
    finally:
        parser.dispose()


# `key: "quoted" more`, `- "quoted" more` or `key: [a, b] more`: the value closed before the line ended.
_AFTER_CLOSE = re.compile(r"""[ ]*(?:-[ ]+)*(?:[^\s#'"\[{-][^#]*?:[ ]+)?(["'\[{])(.*)([\]}"'])[ \t]*$""")


def _after_quote(text: str, rel: str, error: yaml.MarkedYAMLError) -> Iterator[Problem]:
    """Text after a closing quote or bracket, which libyaml refuses as "did not find
    expected key": named as what it is, with what the value holds and what is left over.
    The text may follow on the same line or on the next, more indented one (meant as
    a continuation of the quoted value)."""
    mark = error.problem_mark
    if mark is None or not (error.problem or "").startswith("did not find expected"):
        return
    lines = text.split("\n")
    line = lines[mark.line] if mark.line < len(lines) else ""
    closed = _closed_value(line[:mark.column])
    if closed is None and mark.line > 0 and not line[:mark.column].strip():
        closed = _closed_value(lines[mark.line - 1])  # the value closed at the end of the line before
    if closed is not None:
        dropped = line[mark.column:].split(" #")[0].strip()
        yield Problem("text-after-quote", rel, mark.line + 1, mark.column + 1,
                      {"kept": _clip(closed), "dropped": _clip(dropped)})


def _closed_value(line: str) -> str | None:
    """What the quotes or brackets closing `line` hold, if it ends with a closed value."""
    match = _AFTER_CLOSE.match(line)
    pairs = {'"': '"', "'": "'", "[": "]", "{": "}"}
    return match.group(2) if match and pairs[match.group(1)] == match.group(3) else None


_BEGAN = ("while scanning", "while parsing a flow sequence", "while parsing a flow mapping")


def _position(error: yaml.MarkedYAMLError) -> tuple[int, int]:
    """Where to point: a token being scanned (a key missing its colon, an unclosed
    quote) or an unclosed bracket where it starts, anything else where libyaml noticed it."""
    mark = error.problem_mark or error.context_mark
    if error.context and error.context.startswith(_BEGAN) and error.context_mark:
        mark = error.context_mark
    return (mark.line + 1, mark.column + 1) if mark else (1, 1)


# libyaml's phrases, for Chinese readers; anything not listed stays in libyaml's English.
_YAML_PHRASES = [
    ("could not find expected ':'", "找不到键后面的半角冒号“:”（冒号后要有空格）"),
    ("found character that cannot start any token",
     "出现了不能作为开头的字符（常见原因是用 Tab 缩进，YAML 只能用空格）"),
    ("found unexpected end of stream", "引号或括号还没有闭合，文件就结束了"),
    ("mapping values are not allowed", "这里不能出现“: ”（值中含有冒号加空格时，请给整个值加引号）"),
    ("did not find expected key", "没有找到应有的键（缩进可能不一致）"),
    ("did not find expected '-' indicator", "列表项的缩进不一致"),
    ("expected <block end>", "缩进不一致"),
    ("did not find expected hexdecimal number", "双引号中的反斜杠“\\”后不是合法的转义（路径请用单引号或正斜杠）"),
    ("found unknown escape character", "双引号中的反斜杠“\\”后是未知的转义字符（路径请用单引号或正斜杠）"),
    ("while scanning a simple key", "读取键时"),
    ("while scanning a quoted scalar", "读取引号中的文本时"),
    ("while scanning a plain scalar", "读取文本时"),
    ("while scanning a block scalar", "读取多行文本时"),
    ("while parsing a block mapping", "读取映射时"),
    ("while parsing a block collection", "读取列表时"),
    ("while parsing a flow", "读取括号中的内容时"),
    ("while scanning", "读取时"),
    ("while parsing", "解析时"),
]


def _zh(phrase: str) -> str:
    return next((zh for en, zh in _YAML_PHRASES if phrase.startswith(en)), phrase)


def _describe(error: yaml.MarkedYAMLError) -> Text:
    """libyaml's words (in Chinese where known) and where the other end of the problem is."""
    context, problem = error.context or "", error.problem or ""
    line, _ = _position(error)
    other = error.problem_mark if error.problem_mark and error.problem_mark.line + 1 != line else None
    where_zh = f"（问题发现于第 {other.line + 1} 行）" if other else ""
    where_en = f" (noticed on line {other.line + 1})" if other else ""
    zh = "，".join(p for p in (_zh(context), _zh(problem)) if p) + where_zh
    en = "; ".join(p for p in (context, problem) if p) + where_en
    return Text(zh, en)


_FULLWIDTH_KEY = re.compile(r"[ \u3000]*(?:-[ \u3000]+)?([^\s:#：\"'][^:：#]{0,40}?)[ \u3000]*：")
_ASCII_KEY = re.compile(r"((?:[ ]*-[ ]+)*[ ]*)[^\s#:'\"-][^:#]*:(?:[ ]|$)")


def _fullwidth(text: str, rel: str, error_line: int | None) -> Iterator[Problem]:
    """The two Chinese-keyboard mistakes that break YAML, named as such.

    A `名称：值` line counts only where a key could stand (indented no deeper
    than the last `key: value` line), and full-width indentation only near the
    line where parsing failed: inside a block of text both are good Chinese
    typography (`原因：…`, a paragraph opened with two full-width spaces).
    """
    key_column: int | None = None
    for number, line in enumerate(text.splitlines(), 1):
        indent = len(line) - len(line.lstrip(" \u3000"))
        near = error_line is None or error_line - 2 <= number <= error_line
        if "\u3000" in line[:indent] and near:
            yield Problem("fullwidth-indent", rel, number, line.index("\u3000") + 1)
        ascii_key = _ASCII_KEY.match(line)
        if ascii_key:
            key_column = len(ascii_key.group(1))
            continue
        match = _FULLWIDTH_KEY.match(line)
        if match and (key_column is None or indent <= key_column):
            yield Problem("fullwidth-colon", rel, number, match.end(), {"key": match.group(1)})


def _at(text: str, offset: int, code: str, rel: str, /, **args: object) -> Problem:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return Problem(code, rel, line, column, dict(args))


def _fail(rel: str, code: str, line: int = 1, column: int = 1, /, **args: object) -> Document:
    return Document(rel, None, [Problem(code, rel, line, column, dict(args))])


class _Full(Exception):
    """Raised inside the builder when a file has reached MAX_PROBLEMS."""


class _Builder:
    """Builds nodes from parser events with an explicit stack: depth is bounded and
    nothing is constructed, so tags and aliases are reported, never acted upon."""

    def __init__(self, rel: str, text: str = "") -> None:
        self.rel, self.text = rel, text
        # Where a run of blanks before a `#` starts: a plain scalar that ends there was cut by a comment.
        self.cuts = {m.start() for m in _COMMENT.finditer(text)} if "#" in text else set()
        self.problems: list[Problem] = []
        self.stack: list[tuple[Mapping | Sequence, Scalar | None]] = []
        self.root: Node | None = None
        self.documents = 0

    def build(self, events: Iterator[yaml.Event]) -> Document:
        try:
            self._read(events)
        except _Full:  # a hostile file: the first problems say enough, and time stays bounded
            last = self.problems[-1]
            self.problems.append(Problem("too-many-problems", self.rel, last.line, last.column,
                                         {"limit": MAX_PROBLEMS}))
            return Document(self.rel, None, self.problems)
        # After a duplicate key the tree is still sound (the first value is kept),
        # and a warning leaves it whole, so the schema goes on and reports the
        # file's other problems in this run.
        problems = self.problems + self._top() if self._sound(self.problems) else self.problems
        return Document(self.rel, self.root if self._sound(problems) else None, problems)

    def _read(self, events: Iterator[yaml.Event]) -> None:
        cuts = self.cuts
        for event in events:
            if type(event) is yaml.ScalarEvent and event.anchor is None and event.tag is None:
                # The common case, inlined: a record is mostly untagged scalars.
                mark, end = event.start_mark, event.end_mark
                assert mark is not None and end is not None  # libyaml marks every event
                scalar = Scalar(event.value, not event.style, mark.line + 1, mark.column + 1)
                if event.style == '"' and _CONTROL.search(scalar.value):
                    scalar.value = self._escaped_controls(scalar)
                # Cheap tests first: most values are one line, tab-free, in a file without comments.
                if (cuts and event.style not in _BLOCK) or (
                        scalar.plain and (end.line != mark.line or "\t" in event.value)):
                    self._add(*_losses(self.text, self.rel, scalar, mark.index, end.index, end.line + 1, cuts))
                self._attach(scalar)
            elif self._event(event) is False:
                break

    def _escaped_controls(self, scalar: Scalar) -> str:
        """A control character written as an escape in double quotes (`"\\x01"`,
        `"\\u0000"`): named like a pasted one, at the value, and read as a space, so no
        writer downstream (Word refuses them) ever meets one."""
        found = _CONTROL.search(scalar.value)
        char = found.group() if found else "\x00"
        more = Text("（写成了双引号中的转义）", " (written as an escape in double quotes)")
        self._add(Problem("control-character", self.rel, scalar.line, scalar.column,
                          {"char": f"U+{ord(char):04X}", "name": _char_name(char), "more": more}))
        return _CONTROL.sub(" ", scalar.value)

    def _add(self, *problems: Problem) -> None:
        self.problems += problems
        if len(self.problems) >= MAX_PROBLEMS:
            raise _Full

    @staticmethod
    def _sound(problems: list[Problem]) -> bool:
        return all(p.code in _TREE_KEPT for p in problems)

    def _top(self) -> list[Problem]:
        if self.root is None:
            return [Problem("empty-file", self.rel)]
        if not isinstance(self.root, Mapping):
            return [Problem("not-a-mapping", self.rel, self.root.line, self.root.column,
                            {"got": _kind(self.root)})]
        return []

    def _event(self, event: yaml.Event) -> bool | None:
        if isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                self._problem("multiple-documents", event)
                return False
            return None
        if isinstance(event, yaml.AliasEvent):
            self._problem("yaml-alias", event, name="*" + str(event.anchor))
            mark = event.start_mark  # a placeholder keeps keys and values paired
            assert mark is not None
            self._attach(Scalar("", True, mark.line + 1, mark.column + 1))
            return None
        if isinstance(event, (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            return self._node_event(event)
        if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            node, _ = self.stack.pop()
            self._attach(node)
        return None

    def _node_event(self, event: yaml.ScalarEvent | yaml.CollectionStartEvent) -> bool | None:
        if event.anchor is not None:
            self._problem("yaml-alias", event, name="&" + event.anchor)
        if event.tag is not None and event.tag != "!":
            self._problem("yaml-tag", event, tag=event.tag.replace("tag:yaml.org,2002:", "!!"))
        assert event.start_mark is not None
        line, column = event.start_mark.line + 1, event.start_mark.column + 1
        if isinstance(event, yaml.ScalarEvent):
            scalar = Scalar(event.value, not event.style, line, column)
            if event.style == '"' and _CONTROL.search(scalar.value):
                scalar.value = self._escaped_controls(scalar)
            self._attach(scalar)
            return None
        if len(self.stack) >= MAX_DEPTH:
            self._problem("too-deep", event, limit=MAX_DEPTH)
            return False
        container: Mapping | Sequence = (
            Mapping({}, line, column) if isinstance(event, yaml.MappingStartEvent) else Sequence([], line, column))
        self.stack.append((container, None))
        return None

    def _attach(self, node: Node) -> None:
        if not self.stack:
            self.root = node
            return
        parent, key = self.stack[-1]
        if isinstance(parent, Sequence):
            parent.items.append(node)
        elif key is None:
            self.stack[-1] = (parent, self._key(node))
        else:
            self._add_entry(parent, key, node)
            self.stack[-1] = (parent, None)

    def _key(self, node: Node) -> Scalar:
        if not isinstance(node, Scalar):
            self._add(Problem("invalid-key", self.rel, node.line, node.column, {"got": _kind(node)}))
            return Scalar("", False, node.line, node.column)
        return node

    def _add_entry(self, parent: Mapping, key: Scalar, node: Node) -> None:
        if key.value in parent.entries:
            first = parent.entries[key.value][0]
            self._add(Problem("duplicate-key", self.rel, key.line, key.column,
                                         {**field_args(key.value, None), "first_line": first.line}))
            return
        parent.entries[key.value] = (key, node)

    def _problem(self, code: str, event: yaml.Event, /, **args: object) -> None:
        mark = event.start_mark
        assert mark is not None
        self._add(Problem(code, self.rel, mark.line + 1, mark.column + 1, dict(args)))


_COMMENT = re.compile(r"[ \t]+#")
_BLOCK = ("|", ">")  # block scalars end where the next line starts: what follows is not theirs
# Problems after which the tree is still what the author wrote, apart from the named value.
_TREE_KEPT = frozenset({"duplicate-key", "value-cut-by-comment", "value-folded", "tab-in-value",
                        "control-character"})


def _losses(text: str, rel: str, scalar: Scalar, start: int, end: int, end_line: int,
            cuts: set[int]) -> Iterator[Problem]:
    """What YAML silently changed in a one-line value: plain (unquoted) values lose
    a tab's meaning and their line breaks; any such value loses what a comment cut.

    A comment counts as a cut value when its `#` is directly followed by text
    (`#1802 室`) or the value itself uses `#` (`2#楼`): a comment is written
    `# ` with a space, as every example in the README is.
    """
    if end in cuts:
        hash_at = text.index("#", end)
        line_end = text.find("\n", hash_at)
        dropped = text[hash_at:line_end if line_end >= 0 else len(text)].rstrip()
        if (dropped[1:2].strip() and dropped[1] != "#") or "#" in scalar.value:
            yield Problem("value-cut-by-comment", rel, end_line, hash_at - text.rfind("\n", 0, hash_at),
                          {"kept": _clip(scalar.value), "dropped": _clip(dropped)})
    if not scalar.plain:
        return
    tab = text.find("\t", start, end)
    if tab >= 0:
        yield Problem("tab-in-value", rel, scalar.line + text.count("\n", start, tab), tab - text.rfind("\n", 0, tab),
                      {"value": _clip(scalar.value.replace("\t", "→"))})
    if "\n" in text[start:end]:
        yield Problem("value-folded", rel, scalar.line, scalar.column,
                      {"lines": text.count("\n", start, end) + 1, "value": _clip(scalar.value)})


def _kind(node: Node) -> Text:
    if isinstance(node, Sequence):
        return Text("列表", "a list")
    if isinstance(node, Mapping):
        return Text("映射", "a mapping")
    return Text(f"文本 “{_clip(node.value)}”", f"the text '{_clip(node.value)}'")


def _clip(text: str, width: int = 40) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= width else text[:width] + "…"
