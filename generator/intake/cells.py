"""Cell contents into the text a person would have typed into the YAML file; the number
formats (`@`, dates) that export and template give their cells.

Reading is where real ledgers differ from exports: dates arrive as dates, Excel
serials or Chinese text; ids and room numbers as numbers; codes with
full-width letters. Only cells whose field is a code, number or date are
folded; free text is kept as written.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from openpyxl.utils.datetime import CALENDAR_WINDOWS_1900, from_excel

from ..schema import Choice, DateField, Integer, Number
from .columns import Column

TEXT, DAY = "@", "yyyy-mm-dd"
_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_MIDNIGHT = re.compile(r"\s+0?0:00(:00)?$")
_AMOUNT = re.compile(r"[¥￥$]?\s*(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?:元|户|次)?")
_GRADE = re.compile(r"([ABab])\s*[类级]")
_PHASE = re.compile(r"第?\s*(\d+|[一二三四五六七八九十])\s*期")
_NUMERALS = {ch: n for n, ch in enumerate("一二三四五六七八九十", 1)}
_LAST_SERIAL = 2958465  # 9999-12-31
LONG_NUMBER = 10 ** 15  # Excel keeps 15 significant digits


def fold_fullwidth(text: str) -> str:
    """Full-width digits, letters and punctuation to ASCII (ＬＡＨＦ－００７ -> LAHF-007)."""
    return text.translate(_FULLWIDTH)


def cell_text(value: Any, column: Column, epoch: datetime = CALENDAR_WINDOWS_1900) -> tuple[str | None, str | None]:
    """The text a cell stands for, and a problem code when the cell lost something on the way."""
    if value is None or value == "":
        return None, None
    item = column.item
    if isinstance(value, datetime):
        return (value.date().isoformat() if isinstance(item, DateField) or not value.time() else value.isoformat(),
                None)
    if isinstance(value, date):
        return value.isoformat(), None
    if isinstance(value, bool):
        return str(value).upper(), None
    if isinstance(value, (int, float)):
        return _number_text(value, column, epoch)
    return _clean_text(str(value), column), None


def _number_text(value: float, column: Column, epoch: datetime) -> tuple[str | None, str | None]:
    item = column.item
    if isinstance(item, DateField) and 0 < value <= _LAST_SERIAL:
        return from_excel(value, epoch).date().isoformat(), None
    if abs(value) >= LONG_NUMBER:
        return _plain_number(value), "ledger-long-number"
    text = _plain_number(value)
    if column.as_text and not isinstance(item, (Integer, Number)):
        return text, "ledger-number-as-text"
    return text, None


def _plain_number(value: float) -> str:
    if float(value).is_integer():
        return str(int(value))
    text = repr(float(value))
    return text if "e" not in text else f"{value:.4f}".rstrip("0")


def _clean_text(text: str, column: Column) -> str | None:
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if column.typed:
        text = _typed_forms(fold_fullwidth(text).strip(), column)
    return text or None


def _typed_forms(text: str, column: Column) -> str:
    """Codes, numbers and dates as staff type them, in the form the field reads; anything
    else stays as typed, for the validator to name."""
    item = column.item
    if isinstance(item, DateField):
        # 2024/3/1, 2024.03.01, 2024年3月1日 and a pasted 2024/3/1 0:00 are 2024-03-01.
        match = _DATE.fullmatch(_MIDNIGHT.sub("", text))
        return f"{match[1]}-{int(match[2]):02d}-{int(match[3]):02d}" if match else text
    if column.key == "phase":
        match = _PHASE.fullmatch(text)  # 一期, 2期, 第三期
        return str(_NUMERALS.get(match[1]) or match[1]) if match else text
    if isinstance(item, (Integer, Number)):
        match = _AMOUNT.fullmatch(text)  # 468,000 元, ¥1,200, 12户; never 12万元, which is not 12
        return match[1].replace(",", "") if match else text
    if isinstance(item, Choice) and item.axis == "grade":
        match = _GRADE.fullmatch(text)  # A类, B 级
        return match[1] if match else text
    return text


def list_items(text: str | None) -> list[str]:
    """A list cell: one item per line."""
    return [line.strip() for line in (text or "").split("\n") if line.strip()]
