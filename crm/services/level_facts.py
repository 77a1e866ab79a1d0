"""The facts behind levels, gathered in SQL (SPEC 2.1).

Three aggregate queries (purchases, converted referrals, active led members) and
one for refunds give the rule inputs of all customers or a given set, as of any
date, so the level of every customer at any past date can be recomputed without
snapshots. :mod:`crm.levels` turns facts into levels; :func:`compute` does both
for a set of customers, pins applied.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

import peewee

from crm.db import as_date, database
from crm.levels import Facts, Pin, Rules, compute_values
from crm.services import settings

# SQLite allows 32766 bound variables; stay well below for IN (...) lists.
CHUNK = 5000
# Rows a whole-shop read takes from its cursor at a time.
BATCH = 20_000


def rules() -> Rules:
    return Rules.from_settings(settings.get_all())


def window(as_of: date, r: Rules) -> tuple[date, date]:
    """First and last day of "the last N days": D − N < d ≤ D (from the first day there is)."""
    if as_of.toordinal() < r.window_days:
        return date.min, as_of
    return as_of - timedelta(days=r.window_days - 1), as_of


def chunks(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def in_marks(ids: list[int]) -> str:
    """The ``?, ?, …`` of an ``IN (...)`` list of ``ids``."""
    return ",".join("?" * len(ids))


def _in_clause(column: str, ids: list[int] | None) -> tuple[str, list]:
    if ids is None:
        return "", []
    return f" AND {column} IN ({in_marks(ids)})", list(ids)


@dataclass(frozen=True)
class RawFacts:
    purchase_days: dict[int, int]
    last_purchase: dict[int, date]
    converted: dict[int, int]
    led: dict[int, int]
    spend: dict[int, int]  # purchases and refunds in the window

    def facts(self, customer_id: int, as_of: date) -> Facts:
        last = self.last_purchase.get(customer_id)
        return Facts(
            purchase_days=self.purchase_days.get(customer_id, 0),
            days_since_last=None if last is None else (as_of - last).days,
            active_referrals=self.converted.get(customer_id, 0),
            active_led_members=self.led.get(customer_id, 0),
        )


# The fact queries of SPEC 2.1, shared by the per-customer dicts (refreshes, one
# customer) and the whole-shop arrays (reports). "amount > 0" and "amount < 0" stay
# literal: SQLite only uses a partial index whose condition it can see in the query.
# Parameters: (lo, hi, *ids) in this order for every one of them.
def _purchases_sql(where: str) -> str:
    """customer id, purchase days in the window, last purchase day, purchase amount in the window
    (NULL when none). FILTER rather than CASE: SQLite then leaves the days before the window
    out of the distinct count's temporary b-tree (a whole shop's query in about 1.4 x the bare
    window aggregate instead of 1.6 x on the 100k demo; PostgreSQL at 1M, 1.5 x instead of 1.7 x)."""
    return (
        "SELECT customer_id, COUNT(DISTINCT day) FILTER (WHERE day >= ?), MAX(day),"
        " SUM(amount) FILTER (WHERE day >= ?)"
        " FROM visit WHERE amount > 0 AND day <= ?" + where + " GROUP BY customer_id"
    )


def _refunds_sql(where: str) -> str:
    """customer id, refunds in the window. SQLite, without statistics, would walk the day index
    over the whole window and look every visit up to find the few refunds (0.3 x the bare
    purchase aggregate on the 100k demo); the partial refund index holds only them."""
    indexed = " INDEXED BY visit_refund_day" if isinstance(database.obj, peewee.SqliteDatabase) else ""
    return (
        f"SELECT customer_id, SUM(amount) FROM visit{indexed} WHERE amount < 0 AND day >= ? AND day <= ?"
        + where
        + " GROUP BY customer_id"
    )


def _converted_sql(where: str) -> str:
    """referrer id, referred customers joined by the date with a purchase in the window."""
    return (
        "SELECT c.referrer_id, COUNT(*) FROM customer c"
        " WHERE c.referrer_id IS NOT NULL AND c.joined <= ?" + where + " AND EXISTS ("
        "SELECT 1 FROM visit v WHERE v.customer_id = c.id AND v.amount > 0"
        " AND v.day >= ? AND v.day <= ?) GROUP BY c.referrer_id"
    )


def _led_sql(where: str) -> str:
    """leader id, members of their live communities (not themselves) with a purchase in the window."""
    return (
        "SELECT g.leader_id, COUNT(DISTINCT m.customer_id) FROM community g"
        " JOIN membership m ON m.community_id = g.id"
        " WHERE g.created <= ? AND NOT (g.archived AND (g.archived_on IS NULL OR g.archived_on <= ?))"
        ' AND m.joined <= ? AND (m."left" IS NULL OR m."left" > ?)'
        " AND m.customer_id <> g.leader_id" + where + " AND EXISTS ("
        "SELECT 1 FROM visit v WHERE v.customer_id = m.customer_id AND v.amount > 0"
        " AND v.day >= ? AND v.day <= ?) GROUP BY g.leader_id"
    )


def fact_queries(lo: date, hi: date, ids: list[int] | None = None):
    """(sql, params) of the four fact queries, for all customers or ``ids``."""
    where, params = _in_clause("customer_id", ids)
    ref_where, ref_params = _in_clause("c.referrer_id", ids)
    led_where, led_params = _in_clause("g.leader_id", ids)
    return (
        (_purchases_sql(where), [lo, lo, hi, *params]),
        (_refunds_sql(where), [lo, hi, *params]),
        (_converted_sql(ref_where), [hi, *ref_params, lo, hi]),
        (_led_sql(led_where), [hi, hi, hi, hi, *led_params, lo, hi]),
    )


def gather_facts(as_of: date, ids: list[int] | None = None, r: Rules | None = None) -> RawFacts:
    """The rule inputs of SPEC 2.1 for ``ids`` (all customers when None), as of ``as_of``."""
    r = r or rules()
    lo, hi = window(as_of, r)
    if ids is None:
        return _whole_shop_facts(lo, hi)
    db = database
    purchase_days: dict[int, int] = {}
    last_purchase: dict[int, date] = {}
    converted: dict[int, int] = {}
    led: dict[int, int] = {}
    spend: dict[int, int] = {}
    for chunk in chunks(ids):
        purchases, refunds, referrals, leaders = fact_queries(lo, hi, ids=chunk)
        for cid, days, last, total in db.execute_sql(*purchases):
            purchase_days[cid] = days
            last_purchase[cid] = as_date(last)
            spend[cid] = int(total or 0)
        for cid, total in db.execute_sql(*refunds):
            spend[cid] = spend.get(cid, 0) + int(total or 0)
        converted.update(db.execute_sql(*referrals))
        led.update(db.execute_sql(*leaders))
    return RawFacts(purchase_days, last_purchase, converted, led, spend)


def _whole_shop_facts(lo: date, hi: date) -> RawFacts:
    """Every customer's facts: the purchase and refund queries of :func:`fact_queries`, and the
    converted referrals and active led members counted from the purchase days just read (who
    bought in the window) and the bare referral and membership pairs, instead of a purchase
    lookup per referred customer and per member in SQL. The same numbers (the tests hold both
    ways to each other), in about half the time on a big shop."""
    purchases, refunds, _, _ = fact_queries(lo, hi)
    purchase_days: dict[int, int] = {}
    last_purchase: dict[int, date] = {}
    spend: dict[int, int] = {}
    day_of: dict = {}  # a shop has a few thousand distinct days: parse each once
    cursor = database.execute_sql(*purchases)
    # A batch of rows at a time, column by column (zip, map, dict.update: the loops run in C).
    while batch := cursor.fetchmany(BATCH):
        ids, days, lasts, totals = zip(*batch, strict=True)
        purchase_days.update(zip(ids, days, strict=True))
        day_of.update((last, as_date(last)) for last in set(lasts).difference(day_of))
        last_purchase.update(zip(ids, map(day_of.__getitem__, lasts), strict=True))
        spend.update(zip(ids, [total or 0 for total in totals], strict=True))
    bought = purchase_days.get
    # SQLite would find the referred customers through the join date and look each one up;
    # the referral index holds all it needs (0.15 x the bare purchase aggregate -> 0.1 x).
    indexed = " INDEXED BY customer_referrer" if isinstance(database.obj, peewee.SqliteDatabase) else ""
    converted = Counter(
        referrer
        for cid, referrer in database.execute_sql(
            f"SELECT id, referrer_id FROM customer{indexed} WHERE referrer_id IS NOT NULL AND joined <= ?",
            [hi],
        )
        if bought(cid)
    )
    for cid, total in database.execute_sql(*refunds):
        spend[cid] = spend.get(cid, 0) + (total or 0)
    spend = dict(zip(spend, map(int, spend.values()), strict=True))
    members: dict[int, set[int]] = {}
    for leader, member in database.execute_sql(
        "SELECT g.leader_id, m.customer_id FROM community g JOIN membership m ON m.community_id = g.id"
        " WHERE g.created <= ? AND NOT (g.archived AND (g.archived_on IS NULL OR g.archived_on <= ?))"
        ' AND m.joined <= ? AND (m."left" IS NULL OR m."left" > ?) AND m.customer_id <> g.leader_id',
        [hi, hi, hi, hi],
    ):
        if bought(member):
            members.setdefault(leader, set()).add(member)
    led = {leader: len(found) for leader, found in members.items()}
    return RawFacts(purchase_days, last_purchase, dict(converted), led, spend)


def pins_of(ids: list[int] | None) -> dict[int, Pin]:
    out: dict[int, Pin] = {}
    for chunk in [None] if ids is None else list(chunks(ids)):
        where, params = _in_clause("id", chunk)
        rows = database.execute_sql(
            "SELECT id, pin_level, pin_reason, pin_from, pin_until FROM customer"
            " WHERE pin_level IS NOT NULL" + where,
            params,
        )
        for cid, level, reason, since, until in rows:
            out[cid] = Pin(level, reason or "", as_date(since), as_date(until))
    return out


def _candidates(as_of: date, ids: list[int] | None, joined_only: bool) -> list[int]:
    if ids is not None and not joined_only:
        return ids
    if ids is None:
        if not joined_only:
            return [row[0] for row in database.execute_sql("SELECT id FROM customer")]
        return [row[0] for row in database.execute_sql("SELECT id FROM customer WHERE joined <= ?", [as_of])]
    out: list[int] = []
    for chunk in chunks(ids):
        out.extend(
            row[0]
            for row in database.execute_sql(
                f"SELECT id FROM customer WHERE joined <= ? AND id IN ({in_marks(chunk)})",
                [as_of, *chunk],
            )
        )
    return out


def compute(
    as_of: date, ids: list[int] | None, joined_only: bool
) -> tuple[dict[int, int], RawFacts, dict[int, Pin]]:
    r = rules()
    facts = gather_facts(as_of, ids, r)
    pins = pins_of(ids)
    return _levels_from(as_of, facts, pins, _candidates(as_of, ids, joined_only), r), facts, pins


def _levels_from(as_of: date, facts: RawFacts, pins: dict[int, Pin], candidates, r: Rules) -> dict[int, int]:
    """Every candidate's level by the rules, then the active pins over them (a whole shop: one
    comprehension, the days since each distinct last purchase day counted once)."""
    pdays, conv, led, last = facts.purchase_days.get, facts.converted.get, facts.led.get, facts.last_purchase
    since = {day: (as_of - day).days for day in set(last.values()) if day is not None}.get  # None: None
    last_of = last.get
    out = {
        cid: compute_values(pdays(cid, 0), since(last_of(cid)), conv(cid, 0), led(cid, 0), r)
        for cid in candidates
    }
    for cid, pin in pins.items():
        if cid in out and pin.active_on(as_of):
            out[cid] = pin.level
    return out
