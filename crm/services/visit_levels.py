"""The level refresh of one visit's customer, read in one query (the counter's hot path).

A visit moves the levels of its customer and of everyone whose level rests on the customer's
purchases: their referrer and the leaders of the communities they belong to
(:func:`crm.services.levels.affected_by`). :data:`VISIT_FACTS` finds those customers and
reads, for all of them at once, what :func:`crm.services.levels.refresh_explaining` gathers
in seven queries: their stored level and list statistics, their pins, and the facts of
SPEC 2.1 (the same four fact queries of :mod:`crm.services.level_facts`, restricted to them).
On a server it is prepared once per connection (:mod:`crm.statements`): planning those
queries cost more than running them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from crm.db import as_date
from crm.levels import Explanation, Pin, Rules, explain
from crm.services import levels as level_service
from crm.services.level_facts import (
    RawFacts,
    _converted_sql,
    _led_sql,
    _levels_from,
    _purchases_sql,
    _refunds_sql,
    rules,
    window,
)
from crm.statements import Prepared, Statement, send_together


def _facts_sql() -> str:
    """The customer (first parameter, three times), the day memberships count on, then the
    parameters of the four fact queries in their order."""
    among = " AND {} IN (SELECT id FROM ids)"
    return (
        "WITH ids(id) AS ("
        " SELECT CAST(? AS INTEGER)"
        " UNION SELECT referrer_id FROM customer WHERE id = ? AND referrer_id IS NOT NULL"
        " UNION SELECT g.leader_id FROM membership m JOIN community g ON g.id = m.community_id"
        ' WHERE m.customer_id = ? AND (m."left" IS NULL OR m."left" > ?)),'
        f" p(customer_id, days, last, total) AS ({_purchases_sql(among.format('customer_id'))}),"
        f" r(customer_id, total) AS ({_refunds_sql(among.format('customer_id'))}),"
        f" v(referrer_id, n) AS ({_converted_sql(among.format('c.referrer_id'))}),"
        f" l(leader_id, n) AS ({_led_sql(among.format('g.leader_id'))})"
        " SELECT cu.id, cu.level, cu.last_purchase, cu.purchase_days, cu.spend_365,"
        " cu.pin_level, cu.pin_reason, cu.pin_from, cu.pin_until, p.days, p.last, p.total, r.total, v.n, l.n"
        " FROM customer cu LEFT JOIN p ON p.customer_id = cu.id LEFT JOIN r ON r.customer_id = cu.id"
        " LEFT JOIN v ON v.referrer_id = cu.id LEFT JOIN l ON l.leader_id = cu.id"
        " WHERE cu.id IN (SELECT id FROM ids)"
    )


def facts_params(customer_id: int, today: date, r: Rules) -> list:
    lo, hi = window(today, r)
    among = [customer_id, customer_id, customer_id, today]
    return [*among, lo, lo, hi, lo, hi, hi, lo, hi, *[hi] * 4, lo, hi]  # purchases, refunds, referrals, led


@dataclass(frozen=True)
class VisitFacts:
    """What the query found: the stored (id, level, last purchase, purchase days, spend) rows,
    and the facts and pins of the same customers."""

    stored: list[tuple]
    facts: RawFacts
    pins: dict[int, Pin]


def read_facts(rows) -> VisitFacts:
    stored: list[tuple] = []
    purchase_days: dict[int, int] = {}
    last_purchase: dict[int, date] = {}
    converted: dict[int, int] = {}
    led: dict[int, int] = {}
    spend: dict[int, int] = {}
    pins: dict[int, Pin] = {}
    for cid, level, last, days, spent, pin_level, reason, since, until, *found in rows:
        bought_days, bought_last, bought_total, refunded, referrals, members = found
        stored.append((cid, level, last, days, spent))
        if bought_last is not None:
            purchase_days[cid] = bought_days
            last_purchase[cid] = as_date(bought_last)
            spend[cid] = int(bought_total or 0)
        if refunded is not None:
            spend[cid] = spend.get(cid, 0) + int(refunded)
        if referrals is not None:
            converted[cid] = referrals
        if members is not None:
            led[cid] = members
        if pin_level is not None:
            pins[cid] = Pin(pin_level, reason or "", as_date(since), as_date(until))
    return VisitFacts(stored, RawFacts(purchase_days, last_purchase, converted, led, spend), pins)


VISIT_FACTS = Prepared("visit_level_facts", _facts_sql())


@dataclass(frozen=True)
class Refreshed:
    changed: list[int]  # every customer whose stored level moved, in id order
    level_before: int  # the visit's customer's
    level_after: int
    explainer: Callable[[], Explanation]


def refresh_with(
    customer_id: int, today: date, r: Rules, before: list[Statement], writes: list[Statement]
) -> Refreshed:
    """Send ``before`` (statements the facts must see) with the facts query in one trip, then
    store the levels and list statistics that moved, as :func:`levels.refresh_explaining` does;
    their statements are added to ``writes`` for the caller to send."""
    cursor = send_together(before, (VISIT_FACTS, facts_params(customer_id, today, r)))
    found = read_facts(cursor.fetchall())
    ids = sorted(row[0] for row in found.stored)
    new_levels = _levels_from(today, found.facts, found.pins, ids, r)
    changed = level_service.store_rows(
        found.stored, new_levels, found.facts, found.pins, today, writes, r.window_days
    )
    before_level = next(row[1] for row in found.stored if row[0] == customer_id)
    customer_facts, pin = found.facts.facts(customer_id, today), found.pins.get(customer_id)
    return Refreshed(
        changed, before_level, new_levels[customer_id], lambda: explain(customer_facts, rules(), pin, today)
    )
