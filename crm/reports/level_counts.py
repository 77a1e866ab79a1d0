"""How many customers were at each level on a few dates, and moved between them, counted by
the database: the level tables of a month's metrics without reading a row per customer.

:mod:`crm.services.shop_levels` computes every customer's level as of a date in Python (what
the report's Customers sheet lists); a month's figures only need the counts, so here one
query does the rules of SPEC 2.1 in SQL for every date at once and returns one row per
combination of levels: at 1,000,000 customers on PostgreSQL that is a few seconds where the
whole-shop tables of three dates took about ten. The same counts: the tests hold the two
ways to each other, pins, referrals, led members and month ends included.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from crm.bulk_reads import grouped_in_order
from crm.db import query_rows
from crm.levels import LEVELS, MICRO, NONE, STRONG, SUPER_STRONG, SUPER_USER_LEVELS, WEAK, Rules
from crm.services.level_facts import rules, window

# {(level index or None per date, in the order asked): customers}; None: not joined by then.
Joint = dict[tuple[int | None, ...], int]


def _day(value: date) -> str:
    """A date as an SQL literal (an ISO date compares as a date on PostgreSQL and as the stored
    text on SQLite); only ever a ``date``, never text from outside."""
    if not isinstance(value, date):
        raise TypeError(value)
    return f"'{value.isoformat()}'"


def _since(as_of: date, days: int) -> str:
    """The earliest last purchase within ``days`` of ``as_of`` (days since ≤ ``days``)."""
    return _day(as_of - timedelta(days=days) if as_of.toordinal() > days else date.min)


def _rule(k: int, as_of: date, r: Rules) -> str:
    """The level of SPEC 2.1 as of ``as_of`` from the k-th date's facts (``crm.levels.compute_values``).

    A purchase-day rule is at least 1 (the settings refuse less), so a customer with no
    purchase in the window is ``none`` and the last purchase is only needed within it."""
    pd, last = f"COALESCE(b.days{k}, 0)", f"b.last{k}"
    conv, led = f"COALESCE(rf.conv{k}, 0)", f"COALESCE(ld.led{k}, 0)"
    strong = (
        f"(({pd} >= {r.strong_purchase_days} AND {last} >= {_since(as_of, r.strong_recent_days)})"
        f" OR ({conv} >= {r.strong_referral_min} AND {pd} >= {r.strong_referral_purchase_days}"
        f" AND {last} >= {_since(as_of, r.strong_referral_recent_days)}))"
    )
    leads = f"({conv} >= {r.super_active_referrals} OR {led} >= {r.super_active_led_members})"
    return (
        f"CASE WHEN {strong} AND {leads} THEN {SUPER_STRONG} WHEN {strong} THEN {STRONG}"
        f" WHEN {pd} >= {r.weak_purchase_days} AND {last} >= {_since(as_of, r.weak_recent_days)} THEN {WEAK}"
        f" WHEN {pd} >= {r.micro_purchase_days} THEN {MICRO} ELSE {NONE} END"
    )


def _level(k: int, as_of: date, r: Rules) -> str:
    """The k-th date's level of a customer row ``c``: NULL before they joined, else their pin
    while it lasts, else the rules."""
    d = _day(as_of)
    return (
        f"CASE WHEN c.joined > {d} THEN NULL"
        f" WHEN c.pin_level IS NOT NULL AND (c.pin_from IS NULL OR c.pin_from <= {d})"
        f" AND (c.pin_until IS NULL OR c.pin_until >= {d}) THEN c.pin_level"
        f" ELSE {_rule(k, as_of, r)} END"
    )


def _live(k: int, as_of: date) -> str:
    """Community ``g`` exists and is not archived on the date, and membership ``m`` holds then."""
    d = _day(as_of)
    return (
        f"g.created <= {d} AND NOT (g.archived AND (g.archived_on IS NULL OR g.archived_on <= {d}))"
        f' AND m.joined <= {d} AND (m."left" IS NULL OR m."left" > {d})'
    )


def joint_sql(dates: Sequence[date], r: Rules) -> str:
    """The query of :func:`joint_counts` (for reading and for EXPLAIN)."""
    windows = [window(d, r) for d in dates]
    span_lo, span_hi = min(lo for lo, _ in windows), max(dates)
    ks = range(len(dates))
    bought = ", ".join(
        f"SUM(CASE WHEN day >= {_day(lo)} AND day <= {_day(hi)} THEN 1 ELSE 0 END) AS days{k},"
        f" MAX(CASE WHEN day <= {_day(hi)} THEN day END) AS last{k}"
        for k, (lo, hi) in enumerate(windows)
    )
    converted = ", ".join(
        f"SUM(CASE WHEN c.joined <= {_day(d)} AND b.days{k} > 0 THEN 1 ELSE 0 END) AS conv{k}"
        for k, d in enumerate(dates)
    )
    on = ", ".join(f"MAX(CASE WHEN {_live(k, d)} THEN 1 ELSE 0 END) AS on{k}" for k, d in enumerate(dates))
    led = ", ".join(f"SUM(CASE WHEN p.on{k} = 1 AND b.days{k} > 0 THEN 1 ELSE 0 END) AS led{k}" for k in ks)
    levels = ", ".join(f"{_level(k, d, r)} AS level{k}" for k, d in enumerate(dates))
    groups = ", ".join(f"level{k}" for k in ks)
    # Purchase days are distinct days: one row per customer and day first, then per customer.
    return f"""
WITH days AS (
    SELECT customer_id, day FROM visit
    WHERE amount > 0 AND day >= {_day(span_lo)} AND day <= {_day(span_hi)}
    GROUP BY customer_id, day
),
b AS (SELECT customer_id, {bought} FROM days GROUP BY customer_id),
rf AS (
    SELECT c.referrer_id AS id, {converted}
    FROM customer c JOIN b ON b.customer_id = c.id
    WHERE c.referrer_id IS NOT NULL AND c.joined <= {_day(span_hi)}
    GROUP BY c.referrer_id
),
p AS (
    SELECT g.leader_id, m.customer_id, {on}
    FROM community g JOIN membership m ON m.community_id = g.id
    WHERE m.customer_id <> g.leader_id AND g.created <= {_day(span_hi)} AND m.joined <= {_day(span_hi)}
    GROUP BY g.leader_id, m.customer_id
),
ld AS (
    SELECT p.leader_id AS id, {led}
    FROM p JOIN b ON b.customer_id = p.customer_id
    GROUP BY p.leader_id
),
levels AS (
    SELECT {levels}
    FROM customer c
    LEFT JOIN b ON b.customer_id = c.id
    LEFT JOIN rf ON rf.id = c.id
    LEFT JOIN ld ON ld.id = c.id
    WHERE c.joined <= {_day(span_hi)}
)
SELECT {groups}, COUNT(*) FROM levels GROUP BY {groups}
"""


def joint_counts(dates: Sequence[date]) -> Joint:
    """Customers by their level on each of ``dates`` (pins applied; None: not joined yet)."""
    if not dates:
        return {}
    out: Joint = {}
    with grouped_in_order():
        rows = query_rows(joint_sql(dates, rules()))
    for *levels, count in rows:
        key = tuple(None if level is None else int(level) for level in levels)
        out[key] = out.get(key, 0) + int(count)
    return out


class LevelJoint:
    """Customers by their levels on a few dates (:func:`joint_counts`), asked two dates at a time."""

    def __init__(self, dates: Sequence[date], counts: Joint):
        self.dates = tuple(dates)
        self.counts = counts

    @classmethod
    def of(cls, dates: Sequence[date]) -> LevelJoint:
        dates = sorted(set(dates))
        return cls(dates, joint_counts(dates))

    def covers(self, *days: date) -> bool:
        return all(day in self.dates for day in days)

    def pairs(self, start: date, end: date) -> dict[tuple[int | None, int | None], int]:
        """{(level on ``start``, level on ``end``): customers}, None where not joined yet."""
        i, j = self.dates.index(start), self.dates.index(end)
        out: dict[tuple[int | None, int | None], int] = {}
        for key, count in self.counts.items():
            pair = (key[i], key[j])
            if pair != (None, None):
                out[pair] = out.get(pair, 0) + count
        return out


def level_values(pairs: dict[tuple[int | None, int | None], int]) -> dict[str, Any]:
    """The level figures from {(level at D_start, level at D_end): customers} (None: not joined)."""
    migration = [[0] * len(LEVELS) for _ in LEVELS]
    levels_start = dict.fromkeys(LEVELS, 0)
    levels_end = dict.fromkeys(LEVELS, 0)
    upgrades = downgrades = 0
    for (before, after), count in pairs.items():
        if before is not None:
            levels_start[LEVELS[before]] += count
            migration[before][after] += count
            upgrades += count if after > before else 0
            downgrades += count if after < before else 0
        if after is not None:
            levels_end[LEVELS[after]] += count
    return {
        "levels_start": levels_start,
        "levels_end": levels_end,
        "level_migration": migration,
        "upgrades": upgrades,
        "downgrades": downgrades,
        "super_users": sum(levels_end[LEVELS[i]] for i in SUPER_USER_LEVELS),
    }
