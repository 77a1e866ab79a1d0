"""Days and date-times written as text: the one reader every part of the shop uses.

Each caller says which forms it takes (:data:`WRITTEN` for cells of a
spreadsheet, :data:`TYPED` for a day a person types, :data:`ISO_DAY` and
:data:`ISO` for exact ISO 8601) and words its own error message: the reader
raises :class:`NotADate` when the text is in none of those forms and
:class:`NoSuchDay` (a kind of NotADate) when it is, but the calendar has no
such day or the clock no such time (2026-02-30, 25:00).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time

# What spreadsheets and other shop systems write: 2026-06-01, 2026/6/1, 2026.6.1 and
# 2026年6月1日 (spaces around the parts allowed), 20260601; a time of day may follow
# (10:30, 10:30:15.5, after a space or a T), then a time zone, which is dropped: the
# shop's wall-clock time is kept as written.
WRITTEN = "written"
# What a person types for a day: 2026-06-01, 2026-6-1, 2026/6/1, 2026.6.1 and 20260601.
TYPED = "typed"
# A day in ISO 8601 as Python reads it (2026-06-01, 20260601, 2026-W23-1).
ISO_DAY = "iso day"
# A day or a date-time in ISO 8601 as Python reads it (2026-06-01T10:30:00+08:00).
ISO = "iso"

_WRITTEN_DAY = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[ T]+(\d{1,2})[:：](\d{2})(?:[:：](\d{2})(?:\.\d+)?)?)?"
    r"(?:\s*(?:Z|[+-]\d{2}:?\d{2}))?$"
)
_TYPED_DAY = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$"),
)
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_LONGEST_ISO_DAY = len("2026-W23-1")  # longer ISO text has a time in it


class NotADate(ValueError):
    """The text is in none of the forms asked for."""


class NoSuchDay(NotADate):
    """The text has a day's form, but the calendar has no such day (or the clock no such time)."""


def parse(text: str, forms: str = WRITTEN) -> tuple[date, time | None]:
    """The day ``text`` names and the time of day written after it (None when there is
    none), read in ``forms``: :data:`WRITTEN`, :data:`TYPED`, :data:`ISO_DAY` or :data:`ISO`.
    The text is read as given: callers strip or normalise it first when they want that."""
    if forms == WRITTEN:
        return _written(text)
    if forms == TYPED:
        for pattern in _TYPED_DAY:
            found = pattern.match(text)
            if found:
                return _day(*found.groups()), None
        return _compact(text), None
    if forms in (ISO_DAY, ISO):
        return _iso(text, with_time=forms == ISO)
    raise ValueError(f"unknown forms {forms!r}")


def _written(text: str) -> tuple[date, time | None]:
    found = _WRITTEN_DAY.match(text)
    if found is None:
        return _compact(text), None
    y, m, d, hh, mm, ss = found.groups()
    day = _day(y, m, d)
    if hh is None:
        return day, None
    try:
        return day, time(int(hh), int(mm), int(ss or 0))
    except ValueError:
        raise NoSuchDay(text) from None


def _compact(text: str) -> date:
    found = _COMPACT.match(text)
    if found is None:
        raise NotADate(text)
    return _day(*found.groups())


def _day(year: str, month: str, day: str) -> date:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise NoSuchDay(f"{year}-{month}-{day}") from None


def _iso(text: str, with_time: bool) -> tuple[date, time | None]:
    try:
        if len(text) <= _LONGEST_ISO_DAY:
            return date.fromisoformat(text), None
        if not with_time:
            raise NotADate(text)
        moment = datetime.fromisoformat(text)  # with its time zone and fraction of a second, if any
    except NotADate:
        raise
    except ValueError:
        raise NotADate(text) from None
    return moment.date(), moment.timetz()
