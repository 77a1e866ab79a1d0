"""The shop's local clock, in one place so tests and demos can fix "today"."""

from __future__ import annotations

from datetime import date, datetime

_fixed: datetime | None = None


def now() -> datetime:
    return _fixed if _fixed is not None else datetime.now().replace(microsecond=0)


def today() -> date:
    return now().date()


def fix(moment: datetime | date | None) -> None:
    """Freeze the clock at ``moment`` (None releases it)."""
    global _fixed
    if isinstance(moment, date) and not isinstance(moment, datetime):
        moment = datetime(moment.year, moment.month, moment.day, 12, 0, 0)
    _fixed = moment
