"""Every problem the validator can report, in one place.

A problem is a code, a position and the arguments of its message; the words
are looked up here per language only when the problem is printed, so the
code and the position stay the same in Chinese and in English and tests can
assert them exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, NamedTuple

Level = Literal["error", "warning", "notice"]  # a notice informs and never fails a run
Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")


class Text(NamedTuple):
    """A message argument that is itself worded per language."""

    zh: str
    en: str


@dataclass(frozen=True)
class Code:
    """One kind of problem: its level, wording and a minimal example for the docs."""

    name: str
    level: Level
    title: Text
    message: Text
    hint: Text
    example: str


@dataclass(frozen=True)
class Problem:
    """One problem found in one file; `path` points into the record, jsonschema-style."""

    code: str
    file: str
    line: int = 1
    column: int = 1
    args: dict[str, object] = field(default_factory=dict, compare=False)
    path: str = "$"

    @property
    def level(self) -> Level:
        return CODES[self.code].level

    def message(self, lang: Lang = "zh") -> str:
        return _format(getattr(CODES[self.code].message, lang), self.args, lang)

    def hint(self, lang: Lang = "zh") -> str:
        return _format(getattr(CODES[self.code].hint, lang), self.args, lang)

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.column, self.code)


def field_args(key: str, label: Text | None) -> dict[str, object]:
    """How a message names a field: “等级”（grade） in Chinese, 'grade' in English; `key`
    is the bare key for hints that show what to type."""
    zh = f"“{label.zh}”（{key}）" if label is not None and label.zh != key else f"“{key}”"
    return {"field": Text(zh, f"'{key}'"), "key": key}


class Outcome:
    """Something that holds a run's `problems`, told apart by level (a validation, an import plan)."""

    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "warning"]

    @property
    def notices(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "notice"]


def _format(template: str, args: dict[str, object], lang: Lang) -> str:
    words = {k: (getattr(v, lang) if isinstance(v, Text) else v) for k, v in args.items()}
    return template.format(**words)


def _code(name: str, level: Level, title: tuple[str, str], message: tuple[str, str],
          hint: tuple[str, str], example: str) -> Code:
    return Code(name, level, Text(*title), Text(*message), Text(*hint), example.strip("\n"))


_ALL = [
    # -- reading the file ----------------------------------------------------------
    _code("unreadable-file", "error", ("文件无法读取", "Unreadable file"),
          ("无法读取文件：{reason}", "cannot read the file: {reason}"),
          ("检查文件权限，或确认它不是损坏的链接。", "Check the file's permissions and that it is not a broken link."),
          "# cases/LAHF/phase-1/LAHF-002.yaml 是指向已删除文件的链接\n"),
    _code("link-outside-root", "error", ("链接指向根目录之外", "Link out of the root"),
          ("这个文件是指向手册根目录之外（或循环）的链接，未读取",
           "this file is a link that leads out of the handbook root (or in a loop); it was not read"),
          ("把记录文件本身放进根目录，不要用链接。", "Put the record file itself into the root instead of a link."),
          "# cases/LAHF/phase-1/LAHF-009.yaml -> /home/张三/LAHF-009.yaml\n"),
    _code("folder-named-like-record", "warning", ("文件夹名像记录文件", "Folder named like a record"),
          ("这是一个名为 .yaml 的文件夹，不是记录文件（其中的文件照常检查）",
           "this is a folder named .yaml, not a record file (the files in it are checked as usual)"),
          ("把记录写成文件；如果它只是普通文件夹，去掉名字里的 .yaml。",
           "Write the record as a file; if it is an ordinary folder, drop '.yaml' from its name."),
          "# cases/LAHF/phase-1/LAHF-009.yaml/ 是文件夹\n"),
    _code("file-too-large", "error", ("文件过大", "File too large"),
          ("文件大小为 {size} 字节，超过上限 {limit} 字节，未读取",
           "the file has {size} bytes, over the limit of {limit}; it was not read"),
          ("一个文件只写一条记录；照片等附件放在单独的文件里，用“照片”（photos）字段引用。",
           "Write one record per file; keep photos in separate files referenced by `photos`."),
          "# 把照片以 base64 粘贴进 description，文件达到 300 KB\n"),
    _code("empty-file", "error", ("空文件", "Empty file"),
          ("文件为空", "the file is empty"),
          ("填写记录内容，或删除这个文件。", "Fill in the record or delete the file."),
          "# 只有注释，没有字段\n"),
    _code("not-utf8", "error", ("不是 UTF-8 编码", "Not UTF-8"),
          ("文件不是 UTF-8 编码：此处的字节 {bytes} 无法按 UTF-8 解读{guess}",
           "the file is not UTF-8: the bytes {bytes} here cannot be read as UTF-8{guess}"),
          ("用记事本打开后“另存为”，编码选 UTF-8；"
           "或在 VS Code 中选“通过编码重新打开 → GBK”，再“通过编码保存 → UTF-8”。",
           "Re-save the file as UTF-8: in Notepad use Save As with encoding UTF-8; in VS Code "
           "use 'Reopen with Encoding → GBK', then 'Save with Encoding → UTF-8'."),
          "title: 外窗渗漏   # 以 GBK 编码保存\n"),
    _code("yaml-syntax", "error", ("YAML 语法错误", "YAML syntax error"),
          ("YAML 语法错误：{problem}", "YAML syntax error: {problem}"),
          ("常见原因：冒号后缺少空格、缩进不一致、使用了 Tab、引号未闭合。",
           "Common causes: no space after a colon, uneven indentation, a tab, an unclosed quote."),
          'title: "外窗渗漏\nfound: 2025-03-01\n'),
    _code("control-character", "error", ("控制字符", "Control character"),
          ("这里有一个看不见的控制字符 {char}（{name}）{more}，记录中不能有，已按空格读取",
           "an invisible control character {char} ({name}) is here{more}; records cannot hold one, "
           "so it was read as a space"),
          ("删除这个字符：把这个值重新输入一遍；从 Excel 复制的内容可先用 =CLEAN(单元格) 清除，"
           "Word 的手动换行（Shift+Enter）也会带来它。",
           "Delete the character: retype the value; clean text copied from Excel with =CLEAN(cell) first; "
           "a manual line break from Word (Shift+Enter) brings it too."),
          "title: 外窗渗漏␋3栋   # ␋ 处是从 Excel 粘贴来的、看不见的垂直制表符 U+000B\n"),
    _code("text-after-quote", "error", ("引号或括号后还有文字", "Text after a closing quote"),
          ("值 “{kept}” 在这里已经闭合，后面的 “{dropped}” 不属于任何值",
           "the value '{kept}' is closed here; the '{dropped}' after it belongs to no value"),
          ("把整个值放进引号里（例如 title: \"外窗 渗漏\"），或删除多余的文字。",
           "Put the whole value inside the quotes (e.g. title: \"外窗 渗漏\") or delete the extra text."),
          'title: "外窗" 渗漏\n'),
    _code("yaml-directive", "error", ("YAML 指令", "YAML directive"),
          ("不支持 YAML 指令 “{directive}”", "YAML directives such as '{directive}' are not supported"),
          ("删除这一行；记录按 YAML 1.2 的安全子集读取。",
           "Delete the line; records are read as a safe subset of YAML 1.2."),
          "%YAML 1.1\n---\nid: D-AC-001\n"),
    _code("yaml-tag", "error", ("YAML 标签", "YAML tag"),
          ("不允许使用 YAML 标签 “{tag}”，未执行任何内容", "YAML tag '{tag}' is not allowed; nothing was executed"),
          ("删除标签，直接写值；记录中只能有文本、数字、日期和列表。",
           "Remove the tag and write the value itself; records hold text, numbers, dates and lists only."),
          "title: !!python/object/apply:os.system [echo]\n"),
    _code("yaml-alias", "error", ("锚点与别名", "Anchor or alias"),
          ("不允许使用锚点与别名（“{name}”）", "anchors and aliases are not allowed ('{name}')"),
          ("把被引用的内容完整写出来，不用 & 和 *。", "Write the referenced value out in full, without & and *."),
          "causes: &c\n  - 施工不当\nrelated: *c\n"),
    _code("too-deep", "error", ("嵌套过深", "Nesting too deep"),
          ("嵌套超过 {limit} 层，未继续读取", "nesting deeper than {limit} levels; reading stopped"),
          ("记录最多嵌套几层；检查缩进和括号是否配对。",
           "Records nest a few levels at most; check the indentation and that brackets pair up."),
          "tags: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[渗漏]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n"),
    _code("too-many-problems", "error", ("问题过多", "Too many problems"),
          ("这个文件已有 {limit} 个问题，后面的内容没有再检查",
           "this file has {limit} problems; the rest was not checked"),
          ("先改正上面列出的问题（常见原因是整个文件的格式都不对），再重新检查。",
           "Fix the problems listed above (often the whole file is in the wrong format), then check again."),
          "a: 1\na: 1\n# ……同一个键重复了 100 次\n"),
    _code("multiple-documents", "error", ("多个文档", "Several documents"),
          ("一个文件只能有一条记录，这里开始了第二个 YAML 文档",
           "a file holds one record; a second YAML document starts here"),
          ("把第二条记录移到它自己的文件里，并删除 “---”。",
           "Move the second record to a file of its own and delete the '---'."),
          "id: D-AC-001\n---\nid: D-AC-002\n"),
    _code("not-a-mapping", "error", ("顶层不是映射", "Top level is not a mapping"),
          ("文件顶层应为“字段: 值”的映射，实际是{got}", "the top level must be a mapping of 'field: value', not {got}"),
          ("每行写成“字段名: 值”，冒号为半角并后跟一个空格。",
           "Write each line as 'field: value' with an ASCII colon followed by a space."),
          "- id: D-AC-001\n"),
    _code("fullwidth-colon", "error", ("全角冒号", "Full-width colon"),
          ("“{key}” 后用了全角冒号“：”，YAML 不把它当作分隔符",
           "a full-width colon '：' follows '{key}'; YAML does not read it as a separator"),
          ("把“：”改成半角冒号加空格，例如 “title: 外窗渗漏”。",
           "Replace '：' with an ASCII colon and a space, e.g. 'title: 外窗渗漏'."),
          "id：D-AC-001\ntitle：空调机位过窄\n"),
    _code("fullwidth-indent", "error", ("全角空格缩进", "Full-width space indentation"),
          ("这一行用全角空格（U+3000）缩进", "this line is indented with full-width spaces (U+3000)"),
          ("把全角空格换成半角空格（每级两个）。", "Replace the full-width spaces with ASCII spaces (two per level)."),
          "causes:\n\u3000\u3000- 施工不当\n"),
    _code("duplicate-key", "error", ("重复的键", "Duplicate key"),
          ("字段 {field}重复出现，第一次在第 {first_line} 行",
           "field {field} appears again; first on line {first_line}"),
          ("只保留一处；需要多个值时写成列表。", "Keep one; write a list when there are several values."),
          "title: 外窗渗漏\ntitle: 外窗窗框渗漏\n"),
    _code("invalid-key", "error", ("字段名无效", "Invalid field name"),
          ("字段名必须是文本，实际是{got}", "a field name must be text, not {got}"),
          ("把字段名写成普通文本，例如 “标题”（title）。", "Write the field name as plain text, e.g. 'title'."),
          "[title]: 外窗渗漏\n"),
    _code("value-cut-by-comment", "warning", ("值被注释截断", "Value cut by a comment"),
          ("值在 “ #” 处被当作注释截断：只读到 “{kept}”，“{dropped}” 被丢弃",
           "the value is cut at ' #', which starts a comment: only '{kept}' is read and '{dropped}' is dropped"),
          ("把整个值（连同 # 之后的部分）放进引号，例如 location: \"2#楼 东单元 #1802 室\"；"
           "真正的注释在 # 后写一个空格。",
           "Put the whole value, '#' part included, in quotes, e.g. location: \"2#楼 东单元 #1802 室\"; "
           "write a comment as '# ' with a space."),
          "location: 2#楼 东单元 #1802 室\n"),
    _code("tab-in-value", "warning", ("值中有 Tab", "Tab in a value"),
          ("未加引号的值 “{value}” 中有 Tab 字符（→），常见于从 Excel 复制了相邻的几个单元格",
           "the unquoted value '{value}' holds a tab (→), as when several Excel cells are copied at once"),
          ("把 Tab 换成空格，或把几个单元格的内容分别填到各自的字段。",
           "Replace the tab with a space, or put each cell's text in its own field."),
          "title: 外窗渗漏\t3栋   # 两个单元格之间的 Tab\n"),
    _code("value-folded", "warning", ("多行值被合并成一行", "Value folded into one line"),
          ("未加引号的值写了 {lines} 行，YAML 把换行读成空格，读作 “{value}”",
           "the unquoted value spans {lines} lines; YAML reads each line break as a space: '{value}'"),
          ("要保留换行，把值写成块：字段名后写 “|”，下一行起缩进书写；确实想合成一行时写 “>”。",
           "To keep the line breaks write a block: '|' after the field name and the text indented below; "
           "write '>' if one line is what you mean."),
          "description: 第一句\n   第二句\n"),
    # -- the record's fields -------------------------------------------------------
    _code("unknown-field", "error", ("未知字段", "Unknown field"),
          ("未知字段 “{field}”{suggestion}", "unknown field '{field}'{suggestion}"),
          ("可用字段：{allowed}", "Allowed fields: {allowed}"),
          "titel: 外窗渗漏\n"),
    _code("missing-field", "error", ("缺少必填字段", "Missing required field"),
          ("缺少必填字段 {field}", "missing required field {field}"),
          ("添加一行 “{key}: …”。", "Add a line '{key}: …'."),
          "id: D-AC-001\n# 没有 title\n"),
    _code("empty-field", "error", ("必填字段为空", "Required field left empty"),
          ("必填字段 {field}写了但没有填值", "required field {field} is written but empty"),
          ("在冒号后填写内容，例如 “{key}: …”。", "Write its value after the colon, e.g. '{key}: …'."),
          'id: D-AC-001\ntitle: ""\n'),
    _code("required-when", "error", ("条件必填字段", "Conditionally required field"),
          ("{condition}时必须填写 {field}", "{field} is required when {condition}"),
          ("添加 “{key}: …”，或修改使其必填的条件。", "Add '{key}: …', or change the value that requires it."),
          "status: 已关闭\n# 没有 closed\n"),
    _code("empty-value", "error", ("值为空", "Empty value"),
          ("{field}不能为空", "{field} must not be empty"),
          ("至少填写一项。", "Give at least one item."),
          "causes: []\n"),
    _code("invalid-type", "error", ("类型错误", "Wrong type"),
          ("{field}应为{expected}，实际写的是 {got}", "{field} expects {expected}, but received {got}"),
          ("按字段要求的类型填写，见记录格式说明。", "Write the value as the field expects; see the record format."),
          "households: 二十户\n"),
    _code("number-with-unit", "error", ("数字带了单位", "Number with a unit"),
          ("{field}写的是 “{value}”，这里只能写数字本身", "{field} is '{value}'; write the number alone"),
          ("写成 {number}（不带“万”“元”等单位；全角数字和千位分隔符 12,000 可以）。",
           "Write {number} (no unit such as 万 or 元; full-width digits and separators as in 12,000 are fine)."),
          "cost: 1.2万\n"),
    _code("invalid-value", "error", ("取值不在范围内", "Value not allowed"),
          ("{field}的值 “{value}” 不在可选范围内{suggestion}",
           "'{value}' is not an allowed value of {field}{suggestion}"),
          ("可选值（英文键或中文名均可）：{allowed}", "Allowed values (English key or Chinese label): {allowed}"),
          "severity: 很严重\n"),
    _code("invalid-format", "error", ("格式错误", "Wrong format"),
          ("{field}的值 “{value}” 格式不对，应为{pattern}",
           "{field} value '{value}' is malformed; expected {pattern}"),
          ("按格式改写，例如 {example}。", "Rewrite it in that format, e.g. {example}."),
          "id: D-ac-1\n"),
    _code("invalid-date", "error", ("日期无效", "Invalid date"),
          ("{field}的值 “{value}” 不是有效日期", "{field} value '{value}' is not a valid date"),
          ("写成 YYYY-MM-DD，并确认该日期存在（例如没有 2 月 30 日）。",
           "Write YYYY-MM-DD and check that the day exists (there is no 30 February)."),
          "found: 2025-02-30\n"),
    _code("future-date", "error", ("日期在未来", "Date in the future"),
          ("{field}的日期 {value} 晚于今天（{today}）", "{field} date {value} is after today ({today})"),
          ("检查年份和月份是否写错。", "Check the year and month for a typo."),
          "found: 2099-03-01\n"),
    _code("negative-number", "error", ("负数", "Negative number"),
          ("{field}不能为负数，实际写的是 {value}", "{field} must not be negative, but is {value}"),
          ("填写 0 或正数。", "Write 0 or a positive number."),
          "households: -3\n"),
    _code("not-positive", "error", ("不是正整数", "Not positive"),
          ("{field}应为正整数，实际写的是 {value}", "{field} must be a positive whole number, but is {value}"),
          ("期号从 1 开始。", "Phases are numbered from 1."),
          "phases:\n  - phase: 0\n"),
    _code("subcategory-mismatch", "error", ("子类与分类不符", "Subcategory of another category"),
          ("子类 “{value}” 属于 “{actual}”，不属于分类 “{category}”",
           "subcategory '{value}' belongs to '{actual}', not to category '{category}'"),
          ("{category} 的子类有：{allowed}", "Subcategories of {category}: {allowed}"),
          "category: 销售管理\nsubcategory: 渗漏\n"),
    _code("closed-before-found", "error", ("关闭早于发现", "Closed before found"),
          ("关闭日期 {closed} 早于发现日期 {found}", "closed on {closed}, before it was found on {found}"),
          ("检查两个日期是否写反或写错。", "Check whether the two dates are swapped or mistyped."),
          "found: 2025-03-01\nclosed: 2025-01-15\n"),
    _code("dates-out-of-order", "error", ("日期顺序不对", "Dates out of process order"),
          ("{field}的日期 {value} 早于{other}的日期 {before}（流程顺序：发现 → 联系单 → 决策 → 关闭）",
           "{field} date {value} is before {other} date {before} (the process runs found → raised → decided → "
           "closed)"),
          ("检查两个日期是否写反或写错。", "Check whether the two dates are swapped or mistyped."),
          "found: 2025-03-01\nraised: 2025-02-20\n"),
    _code("replan-not-later", "error", ("调整后的计划没有推后", "Revised plan not later"),
          ("第 {number} 次计划调整的“调整后完成日期”（due）{value} 不晚于之前的计划 {before}",
           "revision {number} of the plan has due date {value}, not after the plan before it ({before})"),
          ("计划调整按先后顺序写，每次的日期晚于上一次（第一次晚于“计划完成日期”（due））；提前完成不算调整。",
           "List the revisions oldest first, each due after the one before (the first after 'due'); "
           "finishing early is not a revision."),
          "due: 2025-05-31\nreplans:\n  - due: 2025-05-15\n    reason: 材料到货延误\n"),
    _code("replan-without-reason", "error", ("计划调整没有原因", "Revised plan without a reason"),
          ("第 {number} 次计划调整没有写“调整原因”（reason）",
           "revision {number} of the plan gives no 'reason'"),
          ("公司程序要求每次调整计划都写明原因（并写评价），例如 “reason: 铝型材到货延误 20 天”。",
           "The procedure requires a reason (and an evaluation) for each revision, "
           "e.g. 'reason: 铝型材到货延误 20 天'."),
          "replans:\n  - due: 2025-06-30\n"),
    # -- files and references ------------------------------------------------------
    _code("id-mismatch", "error", ("编号与文件名不符", "Id differs from file name"),
          ("编号 “{id}” 与文件名 “{stem}” 不一致", "id '{id}' differs from the file name '{stem}'"),
          ("把文件改名为 {id}.yaml，或改正编号。", "Rename the file to {id}.yaml or correct the id."),
          "# 文件 defects/D-AC-001.yaml\nid: D-AC-002\n"),
    _code("code-mismatch", "error", ("项目代码与文件夹不符", "Project code differs from folder"),
          ("项目代码 “{code}” 与文件夹名 “{folder}” 不一致",
           "project code '{code}' differs from its folder '{folder}'"),
          ("把文件夹改名为 {code}，或改正“项目代码”（code）。", "Rename the folder to {code} or correct the code."),
          "# 文件 cases/LAHF/project.yaml\ncode: LAH\n"),
    _code("project-mismatch", "error", ("案例所属项目不符", "Case in another project's folder"),
          ("案例写的项目是 “{project}”，但它在项目 “{folder}” 的文件夹里",
           "the case names project '{project}' but lies in the folder of '{folder}'"),
          ("把文件移到 cases/{project}/ 下，或改正“项目代码”（project）。",
           "Move the file under cases/{project}/ or correct `project`."),
          "# 文件 cases/LAHF/phase-1/LAHF-001.yaml\nproject: YQW\n"),
    _code("missing-project", "error", ("缺少项目文件", "Missing project file"),
          ("项目文件夹 “{folder}” 中没有 project.yaml", "project folder '{folder}' has no project.yaml"),
          ("在 cases/{folder}/ 下建立 project.yaml，写明“项目代码”（code）、“项目名称”（name）和“分期”（phases）。",
           "Create cases/{folder}/project.yaml with code, name and phases."),
          "# cases/LAHF/ 下只有案例文件\n"),
    _code("misplaced-file", "error", ("文件位置不对", "File in the wrong place"),
          ("记录文件应放在 {expected} 下", "record files belong under {expected}"),
          ("把文件移到对应的文件夹。", "Move the file to the right folder."),
          "# 文件 cases/LAHF-001.yaml（不在项目文件夹中）\n"),
    _code("duplicate-id", "error", ("编号重复", "Duplicate id"),
          ("编号 “{id}” 重复，另见 {other}", "id '{id}' is used again; see also {other}"),
          ("为其中一条记录换一个未使用的编号。", "Give one of the records an unused id."),
          "# cases/LAHF/phase-1/a/LAHF-001.yaml 与 cases/LAHF/phase-1/b/LAHF-001.yaml\n"),
    _code("broken-reference", "error", ("引用不存在", "Broken reference"),
          ("引用的缺陷类型 “{id}” 不存在{suggestion}", "defect type '{id}' does not exist{suggestion}"),
          ("先在 defects/ 下建立该缺陷类型，或改正编号。",
           "Create the defect type under defects/ first, or correct the id."),
          "defect: D-AC-999\n"),
    _code("duplicate-phase", "error", ("期号重复", "Duplicate phase"),
          ("第 {phase} 期重复，第一次在第 {first_line} 行",
           "phase {phase} is listed twice; first on line {first_line}"),
          ("每一期只写一次。", "List each phase once."),
          "phases:\n  - phase: 1\n  - phase: 1\n"),
    _code("unknown-phase", "error", ("项目没有该期", "Phase not in the project"),
          ("项目 {project} 没有第 {phase} 期（已有：{phases}）",
           "project {project} has no phase {phase} (it has: {phases})"),
          ("改正“期号”（phase），或在 project.yaml 的“分期”（phases）中加上这一期。",
           "Correct the phase, or add it to the project's phases in project.yaml."),
          "phase: 3\n"),
    _code("photo-path", "error", ("照片路径不安全", "Unsafe photo path"),
          ("照片路径 “{value}” {reason}", "photo path '{value}' {reason}"),
          ("写成项目文件夹内的相对路径，用正斜杠，例如 photos/LAHF-001-1.jpg。",
           "Write a relative path inside the project folder with forward slashes, e.g. photos/LAHF-001-1.jpg."),
          "photos:\n  - ../../etc/passwd\n"),
    _code("photo-missing", "error", ("照片不存在", "Photo not found"),
          ("照片 “{value}” 不存在", "photo '{value}' does not exist"),
          ("把照片放到项目文件夹中该路径下，或改正路径（区分大小写）。",
           "Put the photo at that path in the project folder, or correct the path (case matters)."),
          "photos:\n  - photos/不存在.jpg\n"),
    _code("photo-not-image", "error", ("照片不是图片", "Photo is not an image"),
          ("照片 “{value}” 不是图片，实际是{kind}，未采用",
           "photo '{value}' is not an image but {kind}; it was not used"),
          ("照片按文件内容判断，不看扩展名；只接受 JPEG、PNG（手机的 WebP、HEIC 会自动转换）。"
           "用看图软件打开原图，“另存为” JPEG，再改正路径。",
           "Photos are judged by their content, not their name; JPEG and PNG are accepted (WebP and HEIC "
           "from phones are converted). Open the original in an image viewer, save it as JPEG and fix the path."),
          "photos:\n  - photos/平面图.svg   # SVG 矢量图，可以带脚本\n"),
    _code("photo-unsupported", "error", ("照片格式不支持", "Photo format not supported"),
          ("照片 “{value}” 是 {kind} 格式，不支持", "photo '{value}' is in {kind} format, which is not supported"),
          ("用看图软件或手机相册把它导出为 JPEG 再引用（iPhone 可在“设置 → 相机 → 格式”中选“兼容性最佳”）；"
           "HEIC 需要安装 pillow-heif。",
           "Export it as JPEG from an image viewer or the phone's gallery and reference that (on an iPhone, "
           "Settings → Camera → Formats → Most Compatible); HEIC needs pillow-heif installed."),
          "photos:\n  - photos/LAHF-001-1.gif\n"),
    _code("photo-corrupt", "error", ("照片无法解码", "Photo does not decode"),
          ("照片 “{value}” 是 {kind} 文件，但无法解码：{reason}",
           "photo '{value}' is a {kind} file but does not decode: {reason}"),
          ("重新从手机或相机导出原图并替换这个文件；用看图软件能完整打开即可。",
           "Export the original again from the phone or camera and replace the file; it must open fully "
           "in an image viewer."),
          "photos:\n  - photos/LAHF-001-1.jpg   # 微信传输中断，只有一半\n"),
    _code("photo-too-large", "error", ("照片像素过多", "Photo too large"),
          ("照片 “{value}” 有 {width}×{height} 像素，超过上限 {limit} 百万像素，未解码",
           "photo '{value}' has {width}×{height} pixels, over the limit of {limit} megapixels; it was not decoded"),
          ("把照片缩小到 {limit} 百万像素以内（手机的默认拍摄模式远低于此）再引用。",
           "Scale the photo down below {limit} megapixels (a phone's default mode is far below) and reference that."),
          "photos:\n  - photos/全景.png   # 30000×20000 像素\n"),
    _code("taxonomy-conflict", "error", ("分类冲突", "Taxonomy conflict"),
          ("“{key}: {label}” 与{axis}中已有的 “{existing}” 冲突，已有的键和名称不能重新定义",
           "'{key}: {label}' clashes with '{existing}' in {axis}; existing keys and labels cannot be redefined"),
          ("taxonomy.yaml 只能新增；换一个未使用的英文键和中文名称。",
           "taxonomy.yaml only adds; choose an unused key and label."),
          "category:\n  engineering: 工程\n"),
    # -- importing a ledger (handbook import): the position is sheet, row and column -----------
    _code("ledger-unknown-column", "warning", ("表头不对应任何字段", "Column matches no field"),
          ("表头 “{header}” 不对应任何字段，这一列没有导入",
           "header '{header}' matches no field; the column was not imported"),
          ("把表头改成字段的中文名或英文键（如 “发现日期” 或 found），或删除这一列。",
           "Rename the header to a field's Chinese label or English key (e.g. 发现日期 or found), "
           "or delete the column."),
          "# 台账第 1 行：编号 | 标题 | 备注     ← “备注” 不是字段\n"),
    _code("ledger-merged-cells", "warning", ("合并单元格已向下填充", "Merged cells filled down"),
          ("合并单元格 {range} 的值 “{value}” 已用于其中的 {rows} 行", "merged cells {range}: '{value}' was used for "
           "each of their {rows} rows"),
          ("确认这些行确实都是这个值；取消合并、逐行填写可避免误会。",
           "Check that each of these rows has this value; unmerge the cells and fill every row to be sure."),
          "# A2:A4 合并，写着 LAHF：三行都属于 LAHF\n"),
    _code("ledger-total-row", "warning", ("合计行未导入", "Total row skipped"),
          ("这一行看起来是合计行（“{text}”），没有导入",
           "this row looks like a total row ('{text}') and was not imported"),
          ("合计行不是案例；如果它其实是案例，请填写编号并改掉开头的 “合计”。",
           "A total row is not a case; if it is one, give it an id and change the leading 'total'."),
          "# 最后一行：合计 | | | 312\n"),
    _code("ledger-formula-no-value", "error", ("公式没有计算结果", "Formula without a value"),
          ("{field}的单元格是公式，但文件里没有保存它的计算结果", "the {field} cell is a formula whose result was not "
           "saved in the file"),
          ("在 Excel 或 WPS 中打开并保存一次，让公式算出结果；或复制这一列后“选择性粘贴 → 数值”。",
           "Open and save the file in Excel or WPS so that the formula is computed, or copy the column and "
           "Paste Special → Values."),
          "# 由程序生成的台账：F5 = B5+C5，没有缓存值\n"),
    _code("ledger-number-as-text", "warning", ("文本列中是数字", "Number in a text column"),
          ("{field}的单元格是数字 {value}：Excel 会去掉开头的 0（0301 变成 301），无法恢复",
           "the {field} cell holds the number {value}: Excel drops leading zeros (0301 becomes 301), which cannot "
           "be recovered"),
          ("若原本有前导 0，把这一列设为文本格式（选中列 → 设置单元格格式 → 文本）后重新输入；"
           "{value} 本来就对则可忽略。",
           "If a leading zero was meant, format the column as Text (select it → Format Cells → Text) and retype; "
           "if {value} is right, ignore this."),
          "# “部位”列为常规格式，输入 0301，Excel 保存为 301\n"),
    _code("ledger-long-number", "error", ("长数字被截断", "Long number truncated"),
          ("{field}的单元格是 16 位以上的数字 {value}，Excel 只保留 15 位有效数字，其余各位已丢失",
           "the {field} cell holds a number of 16 or more digits, {value}; Excel keeps 15 significant digits, "
           "the rest are lost"),
          ("把这一列设为文本格式后重新输入完整的号码。", "Format the column as Text and retype the full number."),
          "# 输入 1234567890123456789，Excel 保存为 1234567890123450000\n"),
    _code("ledger-case-exists", "error", ("案例已存在", "Case already exists"),
          ("案例 {id} 已存在：{file}", "case {id} already exists: {file}"),
          ("加 --update 用台账更新已有案例；要新增案例，请清空编号，导入时会分配下一个空闲编号。",
           "Pass --update to update the existing case from the ledger; for a new case, leave the id empty and the "
           "import gives it the next free one."),
          "# 台账中的 LAHF-007 与 cases/LAHF/phase-1/LAHF-007.yaml 编号相同\n"),
    _code("ledger-record-exists", "error", ("记录已存在", "Record already exists"),
          ("{what} {id} 已存在（{file}），台账中的内容与它不同", "{what} {id} already exists ({file}) and the "
           "ledger differs from it"),
          ("加 --update 用台账更新已有记录（只改变化的字段）；要新增，请在台账中换一个未用过的编号（项目代码）。",
           "Pass --update to update the existing record from the ledger (changed fields only); for a new one, "
           "give it an id (project code) not used yet."),
          "# 台账“缺陷类型”表中的 D-AC-001 与 defects/design/D-AC-001.yaml 编号相同\n"),
    _code("ledger-project-rows-differ", "error", ("同一项目各行不一致", "Rows of one project differ"),
          ("项目 {code} 的 {field}在 {other} 写作 “{first}”，这里是 “{value}”；同一项目的各期各行应一致",
           "project {code} has {field} '{first}' in {other} but '{value}' here; the rows of one project must "
           "agree"),
          ("把这个项目各行的该列改成同一个值（或只在第一行填写，其余行留空）。",
           "Give this column the same value on every row of the project (or fill it on the first row only)."),
          "# 项目表：第 3 行 LAHF 城市 杭州，第 4 行 LAHF 城市 宁波\n"),
    _code("ledger-update-layout", "error", ("无法只改变化的字段", "Cannot update the fields in place"),
          ("{file} 不是每行一个 “字段: 值” 的写法（例如整条记录写在花括号里），无法只改变化的字段而保留其余内容",
           "{file} is not written one 'field: value' per line (the record may be in braces), so the changed "
           "fields cannot be replaced while keeping the rest"),
          ("把这个文件改成每行一个字段（顶格书写）后再导入，或直接在文件中修改。",
           "Rewrite the file with one field per line at the left margin and import again, or edit it directly."),
          "{id: LAHF-001, title: 外窗渗漏, phase: 1}\n"),
    _code("ledger-no-project", "error", ("不知道属于哪个项目", "Project not given"),
          ("无法确定这一行属于哪个项目", "cannot tell which project this row belongs to"),
          ("填写 “项目代码”（project）列或带项目代码的编号，或在命令中加 --project CODE。",
           "Fill in the 'project' column or an id with its project code, or pass --project CODE."),
          "# 台账没有项目代码列，编号也为空\n"),
    _code("ledger-unknown-project", "error", ("项目不存在", "Unknown project"),
          ("项目 “{code}” 不存在（已有：{known}）", "there is no project '{code}' (known: {known})"),
          ("改正项目代码，或先建立 cases/{code}/project.yaml。",
           "Correct the project code, or create cases/{code}/project.yaml first."),
          "# 项目代码写成 LAFH，根目录只有 cases/LAHF/\n"),
    _code("ledger-unknown-case", "error", ("计划调整所属案例不存在", "Unknown case of a row"),
          ("这一行属于案例 “{id}”，但台账的 “{sheet}” 工作表和根目录都没有这个案例",
           "this row belongs to case '{id}', but neither the ledger's '{sheet}' sheet nor the root has it"),
          ("改正“案例编号”（id），或先在 “案例” 工作表中加上这个案例的一行。",
           "Correct the 'case id', or add a row for the case to the cases sheet first."),
          "# 计划调整工作表：LAHF-999 | 2026-12-01 | 厂家供货延误\n"),
    # -- domain rules (warnings) ---------------------------------------------------
    _code("severity-households", "warning", ("户数或投诉量与严重程度不符", "Households or complaints vs severity"),
          ("涉及 {households} 户、{complaints} 次投诉，“严重程度”（severity）却为 “{severity}”"
           "（20 户或 10 次投诉以上一般为重大）",
           "{households} households and {complaints} complaints, yet severity is '{severity}' "
           "(20 households or 10 complaints usually make it major)"),
          ("确认户数与投诉次数，或把“严重程度”（severity）改为 重大 / 危机。",
           "Check the counts, or set 'severity' to major or crisis."),
          "households: 46\nseverity: 一般\n"),
    _code("severity-compensation", "warning", ("赔偿金额与严重程度不符", "Compensation vs severity"),
          ("赔偿 {compensation} 元超过 20,000 元，“严重程度”（severity）却为 “{severity}”",
           "compensation of {compensation} yuan exceeds 20,000, yet severity is '{severity}'"),
          ("确认赔偿金额，或把“严重程度”（severity）改为 重大 / 危机。",
           "Check the amount, or set 'severity' to major or crisis."),
          "compensation: 50000\nseverity: 热点\n"),
    _code("phase-below-minimum", "warning", ("案例数未达手册要求", "Phase below the handbook minimum"),
          ("第 {phase} 期于 {delivered} 交付，已超过 {months} 个月，"
           "只有 {count} 个案例，少于 {minimum} 个（还差 {missing} 个）",
           "phase {phase} was delivered on {delivered}, over {months} months ago, and has {count} cases, "
           "fewer than {minimum} ({missing} missing)"),
          ("补充该期的案例，以便编制《产品服务缺陷反馈手册》。",
           "Add cases for the phase so its defect feedback handbook can be compiled."),
          "phases:\n  - phase: 1\n    delivered: 2024-06-28   # 只有 12 个案例\n"),
    _code("overdue", "warning", ("整改逾期", "Rectification overdue"),
          ("计划 {due} 完成，已逾期 {days} 天，案例仍未关闭", "due on {due}, {days} days overdue, and not closed"),
          ("完成后关闭案例（status: closed 并写 closed:）；"
           "计划再次调整时在“计划调整”（replans）中登记新日期、原因和评价。",
           "Close the case when done (status: closed and closed:); if the plan slips again, add the new date "
           "with its reason and evaluation under 'replans'."),
          "status: 整改中\ndue: 2025-03-31   # 今天已过\n"),
    _code("unverified-closure", "warning", ("A 级关闭未经验证", "Grade-A closure not verified"),
          ("A 级案例已关闭，但没有客服的“整改验证”（verified）",
           "a grade-A case is closed without customer service's 'verified'"),
          ("客服核实整改后填写，例如 “verified: {{date: 2025-06-12, by: customer_service, result: 复测合格}}”。",
           "Add customer service's check, e.g. 'verified: {{date: 2025-06-12, by: customer_service, "
           "result: retested fine}}'."),
          "grade: A\nstatus: 已关闭\nclosed: 2025-06-10\n# 没有 verified\n"),
    _code("not-reported", "warning", ("重大案例未上报", "Major case not reported"),
          ("{severity}案例没有“上报集团日期”（reported），应在发现后 {days} 天内上报集团",
           "a {severity} case has no 'reported' date; it must be reported to the group within {days} days of "
           "being found"),
          ("上报集团客户关系部后写上报日期，例如 “reported: 2025-03-05”。",
           "Report it to the group's customer-relations department and write the date, e.g. 'reported: 2025-03-05'."),
          "severity: 重大\n# 没有 reported\n"),
    _code("reported-late", "warning", ("重大案例上报逾期", "Major case reported late"),
          ("{severity}案例 {found} 发现，{reported} 才上报集团，超过 {days} 天的期限 {late} 天",
           "a {severity} case found on {found} was reported to the group on {reported}, {late} days after the "
           "{days}-day limit"),
          ("日期无误时保留（手册和月报会标出逾期上报）；写错时改正“上报集团日期”（reported）。",
           "If the dates are right keep them (the handbook and monthly report flag the late report); "
           "otherwise correct 'reported'."),
          "severity: 重大\nfound: 2025-03-01\nreported: 2025-03-20\n"),
    _code("no-responsible", "warning", ("没有责任部门", "No responsible department"),
          ("案例已{step}，但没有“责任部门”（responsible）", "the case is {step} but names no 'responsible' department"),
          ("写明负责整改或预防措施的部门，例如 “responsible: engineering”（或 工程管理部）。",
           "Name the department that owns the rectification or the measures, e.g. 'responsible: engineering'."),
          "status: 已决策\n# 没有 responsible\n"),
    # -- notices: information, never a failure ---------------------------------------
    _code("old-problem-recurred", "notice", ("老问题再次发生", "Old problem recurred"),
          ("缺陷类型 {defect}（{title}）此前已在 {earlier} 发生过，本应由“{stage}”的预防措施避免",
           "defect type {defect} ({title}) occurred before in {earlier}; the measures of the {stage} stage "
           "should have prevented it"),
          ("对照该缺陷类型在“{stage}”的预防措施，查明本项目为什么没有落实，并写进“经验教训”（lessons）。",
           "Check the type's {stage} measures, find out why this project missed them and say so in 'lessons'."),
          "# 另一项目 2024 年已有 D-AC-001 的案例\ndefect: D-AC-001\nfound: 2025-07-16\n"),
    _code("unknown-case", "error", ("培训记录引用的案例不存在", "Unknown case in the training log"),
          ("training.yaml 记录学习了案例 “{id}”，但没有这个案例{suggestion}",
           "training.yaml logs case '{id}' as studied, but there is no such case{suggestion}"),
          ("改正案例编号（如 LAHF-007），或删去这一项。", "Correct the case id (e.g. LAHF-007), or remove the entry."),
          "sessions:\n  - month: 2026-10\n    cases: [LAHF-999]\n"),
    _code("possible-duplicate", "warning", ("疑似重复案例", "Possibly a duplicate case"),
          ("文字与同一项目的案例 {other_id}（{other}）几乎相同（相似度 {score}%，阈值 {threshold}%），"
           "可能是同一缺陷记录了两次",
           "the text is nearly the same as case {other_id} of the same project ({other}; similarity {score}%, "
           "threshold {threshold}%): possibly one defect recorded twice"),
          ("核对两个案例：是同一问题就合并为一个案例、删除另一个；不是就在标题或描述中写明区别（楼栋、部位、时间）。"
           "阈值可在 handbook.yaml 的 duplicate_similarity 中调整。",
           "Compare the two cases: if they are one defect, merge them into one case and delete the other; if not, "
           "say what differs (building, location, time) in the title or description. The threshold is "
           "duplicate_similarity in handbook.yaml."),
          "# cases/LAHF/phase-1/LAHF-002.yaml\ntitle: 5栋空调百叶过密，外机高温停机   # LAHF-001 的标题\n"
          "description: |\n  业主反映空调外机午后频繁停机……            # 与 LAHF-001 相同\n"),
]

CODES: dict[str, Code] = {code.name: code for code in _ALL}
