"""Who each suggestion rule finds (SPEC 2.4): one query over the whole shop per rule.

Each query is written once as SQL with ``?`` placeholders (crm.db translates
them for PostgreSQL) and streamed with a bare cursor: a chain's hundreds of
thousands of candidate rows must not go through peewee's per-row conversion nor
be held at once. A row carries what ranks it (the customer's level and spend in
365 days), not what shows it (names, phones: read a page at a time).
``v.amount > 0`` is a literal so that SQLite can use the partial index
visit_purchase_day.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import peewee as pw

from crm.db import as_date, database


def rule_settings(values: dict[str, Any], rule: str) -> tuple[bool, int, str]:
    """(enabled, days, kind) of a rule from the shop's settings."""
    prefix = f"suggest.{rule}."
    return bool(values[prefix + "enabled"]), int(values[prefix + "days"]), str(values[prefix + "kind"])


def birthday_in(born: date, year: int) -> date:
    """The birthday in ``year``; 29 February is kept on 28 February in other years."""
    if born.month == 2 and born.day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return date(year, born.month, born.day)


def next_birthday(born: date, today: date) -> date:
    """The first birthday on or after ``today``."""
    this_year = birthday_in(born, today.year)
    return this_year if this_year >= today else birthday_in(born, today.year + 1)


def _month_days(first: date, last: date) -> list[str] | None:
    """The 'MM-DD' keys of birthdays falling on first..last (None: any day of the year)."""
    if (last - first).days >= 366:
        return None
    keys = set()
    day = first
    while day <= last:
        keys.add(day.strftime("%m-%d"))
        if day.month == 2 and day.day == 28 and not calendar.isleap(day.year):
            keys.add("02-29")
        day += timedelta(days=1)
    return sorted(keys)


def _rows(sql: str, params: list[Any]) -> Iterator[tuple]:
    """The rows of a rule's query a batch at a time. A plain cursor, not a server-side one:
    PostgreSQL plans a cursor's query for its first rows, and the lapsed customers' query then
    took minutes on a chain instead of seconds (the driver holds the small rows meanwhile)."""
    cursor = database.execute_sql(sql, tuple(params))
    try:
        while rows := cursor.fetchmany(2000):
            yield from rows
    finally:
        cursor.close()


def _customer_filter(column: str, customer_id: int | None) -> tuple[str, list[Any]]:
    return ("", []) if customer_id is None else (f" AND {column} = ?", [customer_id])


# Customers at a level with their last purchase on or before D (an index seek each).
# The cutoff is applied in Python: in SQL the subquery would be evaluated twice.
_LAST_PURCHASE_SQL = """
SELECT c.id, c.level, c.spend_365,
       (SELECT MAX(v.day) FROM visit v
         WHERE v.customer_id = c.id AND v.amount > 0 AND v.day <= ?) AS last_purchase
FROM customer c
WHERE c.level = ? AND NOT c.archived AND NOT c.erased{filter}
"""

_BIRTHDAYS_SQL = """
SELECT c.id, c.level, c.spend_365, c.birthday FROM customer c
WHERE c.birthday IS NOT NULL AND NOT c.archived AND NOT c.erased{month_days}{filter}
"""

# Referred customers whose first purchase falls in since < day <= D, with their referrer.
_FIRST_PURCHASES_SQL = """
SELECT c.id, c.level, c.spend_365, r.id, MIN(v.day)
FROM visit v
JOIN customer r ON r.id = v.customer_id
JOIN customer c ON c.id = r.referrer_id
WHERE v.amount > 0 AND v.day > ? AND v.day <= ?
  AND NOT r.erased AND NOT c.archived AND NOT c.erased{filter}
  AND NOT EXISTS (SELECT 1 FROM visit e
                   WHERE e.customer_id = v.customer_id AND e.amount > 0 AND e.day <= ?)
GROUP BY c.id, c.level, c.spend_365, r.id
"""

# Customers whose first visit of any kind falls in oldest < day <= newest.
_FIRST_VISITS_SQL = """
SELECT c.id, c.level, c.spend_365, MIN(v.day)
FROM visit v
JOIN customer c ON c.id = v.customer_id
WHERE v.day > ? AND v.day <= ? AND NOT c.archived AND NOT c.erased{filter}
  AND NOT EXISTS (SELECT 1 FROM visit e WHERE e.customer_id = v.customer_id AND e.day <= ?)
GROUP BY c.id, c.level, c.spend_365
"""


# A rule's row: (customer id, level, spend in 365 days in minor units, occasion).
Row = tuple[int, int, int, date]


def _ranked_by(cid, level, spend) -> tuple[int, int, int]:
    return cid, int(level or 0), int(spend or 0)


def lapsed(level: int, today: date, days: int, customer_id: int | None) -> Iterator[Row]:
    """Customers at ``level`` whose last purchase (the occasion) is ≥ ``days`` ago."""
    where, params = _customer_filter("c.id", customer_id)
    cutoff = today - timedelta(days=days)
    for cid, at, spend, last in _rows(_LAST_PURCHASE_SQL.format(filter=where), [today, level, *params]):
        if last is not None:
            last = as_date(last)
            if last <= cutoff:
                yield (*_ranked_by(cid, at, spend), last)


def birthdays(today: date, days: int, customer_id: int | None) -> Iterator[Row]:
    """Customers whose birthday (the occasion: its next occurrence) falls on today..today+days."""
    last = today + timedelta(days=days)
    where, params = _customer_filter("c.id", customer_id)
    keys = _month_days(today, last)
    month_days = ""
    if keys is not None:
        if isinstance(database.obj, pw.PostgresqlDatabase):
            month_day = "to_char(c.birthday, 'MM-DD')"
        else:
            month_day = "substr(c.birthday, 6, 5)"
        month_days = f" AND {month_day} IN ({', '.join('?' * len(keys))})"
    sql = _BIRTHDAYS_SQL.format(month_days=month_days, filter=where)
    for cid, level, spend, born in _rows(sql, [*(keys or []), *params]):
        occurrence = next_birthday(as_date(born), today)
        if occurrence <= last:
            yield (*_ranked_by(cid, level, spend), occurrence)


def first_purchases(
    today: date, days: int, customer_id: int | None
) -> Iterator[tuple[int, int, int, int, date]]:
    """(referrer id, level, spend, referred id, first purchase) for referred customers whose first
    purchase falls in the last ``days`` days: D − days < day ≤ D."""
    since = today - timedelta(days=days)
    where, params = _customer_filter("r.referrer_id", customer_id)
    for cid, level, spend, rid, first in _rows(
        _FIRST_PURCHASES_SQL.format(filter=where), [since, today, *params, since]
    ):
        yield (*_ranked_by(cid, level, spend), rid, as_date(first))


def first_visits(today: date, days: int, customer_id: int | None) -> Iterator[Row]:
    """Customers who reached ``days`` days since their first visit (the occasion) in the last
    week: D − days − 7 < first ≤ D − days."""
    newest = today - timedelta(days=days)
    oldest = newest - timedelta(days=7)
    where, params = _customer_filter("v.customer_id", customer_id)
    for cid, level, spend, first in _rows(
        _FIRST_VISITS_SQL.format(filter=where), [oldest, newest, *params, oldest]
    ):
        yield (*_ranked_by(cid, level, spend), as_date(first))
