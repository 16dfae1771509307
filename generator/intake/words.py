"""The intake commands' own sentences (problem codes live in generator/problems.py)."""

from __future__ import annotations

from ..problems import Lang

WORDS: dict[str, tuple[str, str]] = {
    "not_spreadsheet": ("{file} 不是 Excel 工作簿（.xlsx），无法读取：{reason}。"
                        "请在 Excel 或 WPS 中打开它并另存为 .xlsx。",
                        "{file} is not an Excel workbook (.xlsx) and cannot be read: {reason}. Open it in Excel or "
                        "WPS and save it as .xlsx."),
    "encrypted": ("{file} 设有打开密码，无法读取。请在 Excel 中打开，“文件 → 信息 → 保护工作簿 → 用密码进行加密”里"
                  "删除密码后另存为 .xlsx。",
                  "{file} is password-protected and cannot be read. Open it in Excel, remove the password under "
                  "File → Info → Protect Workbook → Encrypt with Password, and save it as .xlsx."),
    "needs_calamine": ("读取 {suffix} 文件需要 python-calamine（pip install python-calamine）；或在 Excel 或 WPS 中"
                       "把 {file} 另存为 .xlsx。",
                       "Reading {suffix} files needs python-calamine (pip install python-calamine); or save {file} "
                       "as .xlsx in Excel or WPS."),
    "unsupported": ("不支持 {suffix} 文件：请在 Excel 或 WPS 中把 {file} 另存为 .xlsx。",
                    "{suffix} files are not supported: save {file} as .xlsx in Excel or WPS."),
    "no_header": ("{file} 中没有可识别的表头：前 {rows} 行里找不到至少两个字段名（如 “编号”“标题”“发现日期”）。"
                  "请让表头一行写字段的中文名或英文键，或从 handbook export 导出的台账开始。",
                  "{file} has no recognisable header: none of its first {rows} rows names two fields (such as "
                  "'id', 'title', 'found'). Put the fields' Chinese labels or English keys in one header row, or "
                  "start from a ledger made by handbook export."),
    "sheets_skipped": ("工作表 {sheets} 未读取：每类记录（案例、缺陷类型、项目）只读表头最匹配的一个工作表。",
                       "Sheet(s) {sheets} were not read: of each kind of record (cases, defect types, projects) "
                       "only the sheet whose header matches best is read."),
    "defects_dry_run": ("试运行：将新建 {new} 个、更新 {updated} 个、保持 {same} 个缺陷类型文件不变。",
                        "Dry run: would create {new}, update {updated} and leave {same} defect type files as they "
                        "are."),
    "defects_written": ("已新建 {new} 个、更新 {updated} 个缺陷类型文件，{same} 个不变。",
                        "Created {new} and updated {updated} defect type files; {same} unchanged."),
    "projects_dry_run": ("试运行：将新建 {new} 个、更新 {updated} 个、保持 {same} 个项目文件不变。",
                         "Dry run: would create {new}, update {updated} and leave {same} project files as they are."),
    "projects_written": ("已新建 {new} 个、更新 {updated} 个项目文件，{same} 个不变。",
                         "Created {new} and updated {updated} project files; {same} unchanged."),
    "out_exists": ("{out} 已存在；为免覆盖其中的修改，请换一个 --out 文件名，或加 --force 覆盖。",
                   "{out} exists; to avoid overwriting changes made in it, choose another --out or pass --force."),
    "exported": ("已导出 {cases} 个案例、{defects} 个缺陷类型、{projects} 个项目到 {out}。",
                 "Exported {cases} cases, {defects} defect types and {projects} projects to {out}."),
    "change": ("  “{label}”（{field}）：{old} → {new}", "  '{field}': {old} → {new}"),
    "updated": ("更新 {rel}（{id}，{sheet} 第 {row} 行）：", "Update {rel} ({id}, {sheet} row {row}):"),
    "created": ("新建 {rel}（{sheet} 第 {row} 行）", "New {rel} ({sheet} row {row})"),
    "failed": ("台账有 {errors} 个错误、{warnings} 个警告：没有写入任何文件。",
               "The ledger has {errors_n} and {warnings_n}: nothing was written."),
    "dry_run": ("试运行：将新建 {new} 个、更新 {updated} 个、保持 {same} 个案例文件不变（{warnings} 个警告）；未写入。",
                "Dry run: would create {new}, update {updated} and leave {same} case files as they are "
                "({warnings} warnings); nothing was written."),
    "written": ("已新建 {new} 个、更新 {updated} 个案例文件，{same} 个不变（{warnings} 个警告）。",
                "Created {new} and updated {updated} case files; {same} unchanged ({warnings} warnings)."),
    "write_failed": ("无法写入 {path}：{reason}。没有文件被改动到一半；请检查文件夹是否存在、是否有写权限后重试。",
                     "Cannot write {path}: {reason}. No file was left half-written; check that the folder "
                     "exists and is writable, then try again."),
}


def say(key: str, lang: Lang, **args: object) -> str:
    zh, en = WORDS[key]
    return (zh if lang == "zh" else en).format(**args)


class LedgerError(Exception):
    """A ledger that cannot be read at all: one line for the user, exit 1."""

    def __init__(self, key: str, **args: object) -> None:
        super().__init__(key)
        self.key, self.args_ = key, args

    def message(self, lang: Lang) -> str:
        return say(self.key, lang, **self.args_)
