"""Counts of a month's metrics that look back over the whole history or over every community,
computed by the database for several month ends at once.

``repeat_buyers_ever`` and ``referral_conversion`` read every purchase up to the month's end;
one pass of the purchase index gives each customer's first purchase day and their last on or
before each month end (two distinct purchase days are a first one and a later one), for the
report's month and the month before together. The community figures (``communities``,
``zombie_communities``) are counted in SQL from the purchases of the zombie window instead of
listing every community with its members' last purchases.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from crm.bulk_reads import grouped_in_order
from crm.db import query_rows
from crm.services import communities
from crm.services.big_c import big_c_condition


def _int(value) -> int:
    return int(value or 0)


@dataclass(frozen=True)
class History:
    repeat_buyers: int  # customers with at least 2 purchase days on or before the period's end
    referred: int  # customers with a referrer joined on or before the end
    converted: int  # of those, with a purchase on or before the end
    returning: int  # buyers in the period with a purchase before it


def history(periods: Sequence[tuple[date, date]]) -> dict[date, History]:
    """{last day: History} for each (first day, last day) of ``periods``, in two queries."""
    periods = sorted(set(periods), key=lambda period: period[1])
    if not periods:
        return {}
    ends = [last for _, last in periods]
    lasts = ", ".join(f"MAX(day) FILTER (WHERE day <= ?) AS last{k}" for k in range(len(ends)))
    sums = ", ".join(
        f"SUM(CASE WHEN h.last{k} > h.first THEN 1 ELSE 0 END),"
        f" SUM(CASE WHEN c.referrer_id IS NOT NULL AND c.joined <= ? AND h.first <= ? THEN 1 ELSE 0 END),"
        f" SUM(CASE WHEN h.last{k} >= ? AND h.first < ? THEN 1 ELSE 0 END)"
        for k in range(len(ends))
    )
    with grouped_in_order():
        row = query_rows(
            f"WITH h AS (SELECT customer_id, MIN(day) AS first, {lasts} FROM visit"
            " WHERE amount > 0 AND day <= ? GROUP BY customer_id)"
            f" SELECT {sums} FROM h JOIN customer c ON c.id = h.customer_id",
            [*ends, ends[-1], *(d for first, last in periods for d in (last, last, first, first))],
        )[0]
    referred = referred_by(ends)
    return {
        end: History(_int(row[3 * k]), referred[end], _int(row[3 * k + 1]), _int(row[3 * k + 2]))
        for k, end in enumerate(ends)
    }


def referred_by(ends: Sequence[date]) -> dict[date, int]:
    """{day: customers with a referrer joined on or before it} for each of ``ends``."""
    ends = sorted(set(ends))
    if not ends:
        return {}
    row = query_rows(
        "SELECT "
        + ", ".join("SUM(CASE WHEN joined <= ? THEN 1 ELSE 0 END)" for _ in ends)
        + " FROM customer WHERE referrer_id IS NOT NULL AND joined <= ?",
        [*ends, ends[-1]],
    )[0]
    return {end: _int(count) for end, count in zip(ends, row, strict=True)}


@dataclass(frozen=True)
class CommunityCounts:
    big_c: int  # 大C joined on or before D
    communities: int  # existing, not archived
    zombies: int


def community_counts(day: date) -> CommunityCounts:
    """big_c, communities and zombie_communities as of ``day``."""
    sql, zombie_params = communities.zombie_sql(day)
    zombies = query_rows(f"SELECT COUNT(*) FROM ({sql}) zombies", zombie_params)
    return CommunityCounts(big_c_count(day), communities.live_count(day), _int(zombies[0][0]))


def big_c_count(day: date) -> int:
    """大C on ``day`` who joined by then (the owner's flag carries no date)."""
    condition, params = big_c_condition(day)
    return _int(
        query_rows(
            f"SELECT COUNT(*) FROM customer c WHERE c.joined <= ? AND {condition}", [day.isoformat(), *params]
        )[0][0]
    )
