"""Cell values as spreadsheets and other shop systems write them.

Each reader takes what a CSV or XLSX cell holds (text, a number, a date) and
returns the clean value, or raises :class:`InvalidInput` with the reason a
shop owner can act on.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta
from typing import Any

from crm import dates
from crm.errors import InvalidInput
from crm.money import parse_amount

EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 is 1900-01-01 (Excel's 1900 leap-year bug included)
# Excel's day numbers of the years a shop's history can hold (1927-2173): five digits.
# A shorter number in a date column (1990, a year) is refused, not read as a day of 1905.
_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")
_FIRST_SERIAL, _LAST_SERIAL = 10_000, 99_999
_DECIMAL_COMMA = re.compile(r"^[-+]?\d+,\d{1,2}$")  # "1,234" stays a thousands separator
_TIME = re.compile(r"^(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?$")


# Characters that change how text shows without being seen, removed from names: NUL,
# the soft hyphen, bidirectional marks, embeddings, overrides and isolates (U+061C,
# U+200E-U+200F, U+202A-U+202E, U+2066-U+2069), zero-width spaces and joiners
# (U+200B-U+200D), the word joiner and invisible operators (U+2060-U+2064, U+206A-U+206F),
# line and paragraph separators, the byte-order mark (U+FEFF), Hangul fillers that show
# as nothing, the combining grapheme joiner, interlinear annotations and tag characters.
_INVISIBLE = re.compile(
    r"[\x00\u00ad\u034f\u061c\u115f\u1160\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f"
    r"\u3164\ufeff\uffa0\ufff9-\ufffb\U000e0000-\U000e007f]"
)


def visible(value: str) -> str:
    """``value`` without the characters that are there but cannot be seen (a name
    that looks like another, or shows reversed)."""
    if value.isascii() and "\x00" not in value:
        return value
    return _INVISIBLE.sub("", value)


class _NoSavedValue:
    """A formula cell whose workbook keeps no computed value (written by a program,
    never opened in Excel): the reader cannot know what the cell shows."""

    def __repr__(self) -> str:
        return "NO_SAVED_VALUE"

    def __str__(self) -> str:
        return ""


NO_SAVED_VALUE = _NoSavedValue()
NO_SAVED_VALUE_REASON = "a formula without a saved value: open and save the file in Excel first"


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value: Any) -> str:
    """A cell as text: numbers that are whole (an Excel phone or code) without ``.0``."""
    if value is None or value is NO_SAVED_VALUE:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return value.strip() if isinstance(value, str) else str(value)


def as_written(value: Any) -> Any:
    """A cell as the file held it, to write back into a workbook: numbers and dates stay
    numbers and dates (SPEC 8), text is trimmed, a formula without a value is empty."""
    if value is None or value is NO_SAVED_VALUE:
        return None
    if isinstance(value, (int, float, date, datetime, time)) and not isinstance(value, bool):
        return value
    return text(value)


def day_and_time(value: Any, field: str = "date") -> tuple[date, time | None]:
    """ISO dates, ``YYYYMMDD``, ``YYYY/M/D``, ``2026年6月1日``, Excel serial numbers and
    spreadsheet dates; a time of day after the date is kept."""
    if isinstance(value, datetime):
        moment = value.replace(tzinfo=None, microsecond=0)
        return moment.date(), (moment.time() if moment.time() != time(0) else None)
    if isinstance(value, date):
        return value, None
    if isinstance(value, bool):
        raise InvalidInput(field, "is not a date")
    if isinstance(value, (int, float)):
        return _serial(value, field), None
    cleaned = unicodedata.normalize("NFKC", str(value or "").strip())
    if not cleaned:
        raise InvalidInput(field, "is empty")
    try:
        return dates.parse(cleaned, dates.WRITTEN)
    except dates.NoSuchDay:
        raise InvalidInput(field, "is not a real date") from None
    except dates.NotADate:
        pass
    if _SERIAL.match(cleaned):
        return _serial(float(cleaned), field), None
    raise InvalidInput(field, "is not a date (use YYYY-MM-DD)")


def _serial(number: float, field: str) -> date:
    if not _FIRST_SERIAL <= number <= _LAST_SERIAL:
        raise InvalidInput(field, "is not a date (use YYYY-MM-DD)")
    return EXCEL_EPOCH + timedelta(days=int(number))


def day(value: Any, field: str = "date") -> date:
    return day_and_time(value, field)[0]


def time_of_day(value: Any, field: str = "time") -> time:
    if isinstance(value, datetime):
        return value.time().replace(microsecond=0)
    if isinstance(value, time):
        return value.replace(microsecond=0, tzinfo=None)
    if isinstance(value, float) and 0 <= value < 1:  # Excel stores a time as a fraction of a day
        seconds = min(round(value * 86400), 86399)
        return time(seconds // 3600 % 24, seconds // 60 % 60, seconds % 60)
    cleaned = unicodedata.normalize("NFKC", str(value or "")).strip()
    found = _TIME.match(cleaned)
    if found:
        hh, mm, ss = (int(part or 0) for part in found.groups())
        if hh < 24 and mm < 60 and ss < 60:
            return time(hh, mm, ss)
    raise InvalidInput(field, "is not a time of day (use HH:MM)")


def amount(value: Any, field: str = "amount") -> int:
    """Money in minor units. A spreadsheet's float (12.300000000000001) is read as the
    two-decimal number it shows."""
    if isinstance(value, float) and abs(value * 100 - round(value * 100)) < 1e-6:
        value = round(value, 2)
    if isinstance(value, str) and _DECIMAL_COMMA.match(value.strip()):
        value = value.strip().replace(",", ".")  # "12,50" from a decimal-comma spreadsheet
    return parse_amount(value, field)


def whole_number(value: Any, field: str, lowest: int = 0, highest: int = 100_000) -> int:
    if isinstance(value, bool):
        raise InvalidInput(field, "is not a whole number")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        number = value
    else:
        cleaned = unicodedata.normalize("NFKC", str(value)).strip().replace(",", "")
        if not re.fullmatch(r"[+-]?\d+", cleaned):
            raise InvalidInput(field, "is not a whole number")
        number = int(cleaned)
    if not lowest <= number <= highest:
        raise InvalidInput(field, f"must be from {lowest} to {highest}")
    return number
