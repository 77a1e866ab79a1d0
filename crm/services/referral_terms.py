"""The words of referrals (SPEC 2.3) that the one-tree and the whole-forest readers share: a
person, a tree's summary, a referrer's counts, and the days they are counted to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from crm import clock
from crm.errors import InvalidInput


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    code: str


@dataclass(frozen=True)
class TreeSummary:
    root: Person
    direct: int  # referred by the root directly
    size: int
    depth: int
    converted: int
    revenue: int


@dataclass(frozen=True)
class ReferrerStats:
    person: Person
    referrals: int  # direct referrals joined on or before D
    converted: int  # of those, with a purchase on or before D


def day_text(value: date | None) -> str:
    return (value or clock.today()).isoformat()


def revenue_bounds(as_of: date | None, period: tuple[date, date] | None) -> tuple[str, str]:
    if period is None:
        return "0001-01-01", day_text(as_of)
    start, end = period
    if start > end:
        raise InvalidInput("period", f"starts {start.isoformat()} after it ends {end.isoformat()}")
    return start.isoformat(), end.isoformat()
