"""Dates as staff write them, and the handbook calendar (a phase's handbook is due
three months after its bulk delivery)."""

from __future__ import annotations

import calendar
import re
from datetime import date

# ISO dates, the 2025/3/1 form that Excel pastes on Chinese Windows, 2025.3.1, and
# 2025年3月1日; all year first, so none is ambiguous (3/1/2025 is refused).
DATE_PATTERN = r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})|(\d{4})年(\d{1,2})月(\d{1,2})日"
_DATE = re.compile(DATE_PATTERN)
# Full-width digits and signs, as a Chinese input method types them in number mode.
HALFWIDTH = str.maketrans("０１２３４５６７８９，．－＋", "0123456789,.-+")


def halfwidth(text: str) -> str:
    """The text stripped, with full-width digits and signs as ASCII (most text is ASCII already)."""
    text = text.strip()
    return text if text.isascii() else text.translate(HALFWIDTH)


def looks_like_date(text: str) -> bool:
    return _DATE.fullmatch(halfwidth(text)) is not None


def parse_date(text: str) -> date:
    """The date written year first (2025-03-01, 2025/3/1, 2025.3.1, 2025年3月1日);
    ValueError when the day does not exist."""
    match = _DATE.fullmatch(halfwidth(text))
    if match is None:
        raise ValueError(text)
    year, month, day = (int(part) for part in match.groups() if part is not None)
    return date(year, month, day)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month's end (31 Jan + 1 = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
