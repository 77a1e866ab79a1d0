"""What a refresh of every customer's level would change, found at once (SPEC 2.1, 7).

:func:`crm.services.levels.refresh_all` stores what :func:`compare` finds. The facts and the
stored rows are read in a few wide queries into numpy arrays indexed by customer id, the
levels computed over the arrays (:func:`crm.levels.compute_arrays`) and compared with the
stored ones there, so Python touches only the customers that changed:

* the purchases in the window, the one read a refresh cannot do without (the bare covering-index
  aggregate of the benchmark's floor, with the spend beside it);
* every customer's stored row, their referrer, their active pin, and the last purchase before the
  window of those whose stored last purchase is before it or none (one index seek each; the others
  bought in the window, or their stored row is stale and they are looked up apart);
* the refunds in the window and the members of live communities (each member counted once a
  leader in numpy, not by a DISTINCT in SQL: a third of the time).

The numbers are those of the per-customer path (:func:`crm.services.level_facts.compute`);
the tests hold the two to each other.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import peewee

from crm.db import as_date, database, stream_rows
from crm.levels import NEVER_BOUGHT, Pin, Rules, compute_arrays
from crm.services.level_facts import RawFacts, chunks, fact_queries, in_marks, pins_of, window

BATCH = 20_000  # rows turned into arrays at a time


@dataclass(frozen=True)
class ShopChanges:
    """What differs from the stored rows, with what recording the level changes needs."""

    stale: list[tuple]  # (last purchase, purchase days, spend, id) whose list statistics differ
    changed: list[int]  # ids whose level differs, in order
    stored: dict[int, int]  # their stored level
    new_levels: dict[int, int]  # their level now
    facts: RawFacts  # their facts
    pins: dict[int, Pin]  # their pins


def _sqlite() -> bool:
    return isinstance(database.obj, peewee.SqliteDatabase)


def _indexed(index: str) -> str:
    """SQLite, without statistics, may walk another index; PostgreSQL chooses well by itself."""
    return f" INDEXED BY {index}" if _sqlite() else ""


def _ordinal(day: str) -> str:
    """SQL for the date ordinal (``date.toordinal``) of a day, 0 for none: every column a whole
    number, a batch of rows becomes one array at once."""
    if _sqlite():
        return f"COALESCE(CAST(julianday({day}) - 1721424.5 AS INTEGER), 0)"
    return f"COALESCE({day} - DATE '0001-01-01' + 1, 0)"


def _batches(np, sql: str, params: list) -> Iterator[object]:
    """The rows of a whole-shop query of whole numbers, a batch at a time as a 2-D array."""
    if _sqlite():
        cursor = database.execute_sql(sql, params)
        while batch := cursor.fetchmany(BATCH):
            yield _array(np, batch)
        return
    rows = stream_rows(sql, params, batch=BATCH)
    while batch := list(itertools.islice(rows, BATCH)):
        yield _array(np, batch)


def _array(np, rows: list[tuple]) -> object:
    """Rows of whole numbers as a 2-D array (flattened first: twice as fast as ``np.array`` on
    the tuples; PostgreSQL's sums, decimals, become whole numbers too)."""
    width = len(rows[0])
    flat = np.fromiter(itertools.chain.from_iterable(rows), dtype=np.int64, count=len(rows) * width)
    return flat.reshape(len(rows), width)


class _Shop:
    """The whole shop's facts and stored rows, one array entry per customer id."""

    def __init__(self, np, size: int, today: date, r: Rules):
        self.np, self.size, self.today, self.rules = np, size, today, r
        self.lo, self.hi = window(today, r)
        zeros = [np.zeros(size, dtype=np.int64) for _ in range(8)]
        self.days, self.window_last, self.spend, self.before_last = zeros[:4]
        self.level_pin, self.stored_stats, self.stored_spend, self.referrer = zeros[4:]
        self.present = np.zeros(size, dtype=bool)  # a customer row with this id

    def _rows(self, sql: str, params: list) -> Iterator[tuple[object, object]]:
        """(ids, the other columns) of each batch, the ids below ``size`` only: who joined while
        this was read is left to the next refresh."""
        for batch in _batches(self.np, sql, params):
            ids = batch[:, 0]
            if ids.max() >= self.size:
                batch = batch[ids < self.size]
            yield batch[:, 0], batch[:, 1:].T

    def read_purchases(self) -> None:
        sql = (
            f"SELECT customer_id, COUNT(DISTINCT day), {_ordinal('MAX(day)')}, CAST(SUM(amount) AS BIGINT)"
            f" FROM visit{_indexed('visit_purchase_day')}"
            " WHERE amount > 0 AND day >= ? AND day <= ? GROUP BY customer_id"
        )
        for ids, (days, last, spend) in self._rows(sql, [self.lo, self.hi]):
            self.days[ids], self.window_last[ids], self.spend[ids] = days, last, spend

    def read_stored(self) -> None:
        """Every customer's stored row: their level and active pin (:attr:`level`), their
        stored last purchase and purchase days (:func:`_stats`), spend, the last purchase before
        the window of those whose stored one is before it or none (-1 for the others), and the
        referrer of those joined by the window's end (0: none). Each column a customer costs about
        a twentieth of the floor: two pairs of small numbers travel as one number each."""
        last_before = _ordinal(
            f"(SELECT MAX(v.day) FROM visit v{_indexed('visit_purchase_day')}"
            " WHERE v.customer_id = c.id AND v.amount > 0 AND v.day < ?)"
        )
        pinned = (
            "CASE WHEN c.pin_level BETWEEN 0 AND 14 AND (c.pin_from IS NULL OR c.pin_from <= ?)"
            " AND (c.pin_until IS NULL OR c.pin_until >= ?) THEN c.pin_level + 1 ELSE 0 END"
        )
        sql = (
            f"SELECT c.id, c.level * 16 + {pinned},"
            f" CASE WHEN c.purchase_days BETWEEN 0 AND 65535"
            f" THEN CAST({_ordinal('c.last_purchase')} AS BIGINT) * 65536 + c.purchase_days ELSE -1 END,"
            f" c.spend_365,"
            f" CASE WHEN c.last_purchase IS NULL OR c.last_purchase < ? THEN {last_before} ELSE -1 END,"
            " CASE WHEN c.joined <= ? THEN COALESCE(c.referrer_id, 0) ELSE 0 END"
            " FROM customer c"
        )
        params = [self.today, self.today, self.lo, self.lo, self.hi]
        for ids, (level_pin, stats, spend, before_last, referrer) in self._rows(sql, params):
            self.present[ids] = True
            self.level_pin[ids], self.stored_stats[ids], self.stored_spend[ids] = level_pin, stats, spend
            self.before_last[ids], self.referrer[ids] = before_last, referrer

    @property
    def level(self):
        """The stored levels (``level * 16 + pinned level + 1`` as read: any stored level comes
        back whole, a pin's level is a level index)."""
        return self.level_pin // 16

    @property
    def pinned(self):
        """The level of the pin active on the day, -1 where none."""
        return self.level_pin % 16 - 1

    def read_unasked(self) -> None:
        """The last purchase of those with none in the window whose stored one is in or after it
        (a deleted visit, a refresh as of an earlier day): rare, looked up by id."""
        unasked = self.np.flatnonzero(self.present & (self.days == 0) & (self.before_last < 0))
        self.before_last[unasked] = 0
        for chunk in chunks(unasked.tolist()):
            rows = database.execute_sql(
                "SELECT customer_id, MAX(day) FROM visit WHERE amount > 0 AND day < ?"
                f" AND customer_id IN ({in_marks(chunk)}) GROUP BY customer_id",
                [self.lo, *chunk],
            ).fetchall()
            for cid, last in rows:
                self.before_last[cid] = as_date(last).toordinal()

    def read_refunds(self) -> None:
        for ids, (refunds,) in self._rows(*fact_queries(self.lo, self.hi)[1]):
            self.spend[ids] += refunds

    def counts(self, bought) -> tuple[object, object]:
        """Converted referrals and active led members of every customer id, counted from who
        bought in the window (as :func:`crm.services.level_facts.gather_facts` counts them)."""
        np, size = self.np, self.size
        converted = np.bincount(self.referrer[self.present & bought], minlength=size)[:size]
        converted[0] = 0  # no referrer
        pairs = database.execute_sql(
            "SELECT g.leader_id, m.customer_id"
            " FROM community g JOIN membership m ON m.community_id = g.id"
            " WHERE g.created <= ? AND NOT (g.archived AND (g.archived_on IS NULL OR g.archived_on <= ?))"
            ' AND m.joined <= ? AND (m."left" IS NULL OR m."left" > ?) AND m.customer_id <> g.leader_id',
            [self.hi] * 4,
        ).fetchall()
        pair = np.array(pairs, dtype=np.int64).reshape(-1, 2)
        leaders, members = pair[:, 0], pair[:, 1]
        inside = (leaders < size) & (members < size)
        leaders, members = leaders[inside], members[inside]
        active = leaders[bought[members]] * size + members[bought[members]]
        led = np.bincount(np.unique(active) // size, minlength=size)[:size]  # a member once a leader
        return converted, led


def _stats(np, last, days):
    """The last purchase (date ordinal, 0: none) and purchase days as one number,
    ``last * 65536 + days``; -2 where the days do not fit (the stored side then reads -1:
    such a row never matches and is written again)."""
    return np.where((days >= 0) & (days < 65536), last * 65536 + days, -2)


@dataclass(frozen=True, eq=False)
class ShopFacts:
    """The level facts of every customer id as of a day (numpy arrays, index = id): purchase
    days in the window, the last purchase (date ordinal, 0: none), converted referrals, active
    led members, the level of the pin active that day (-1: none), and who is counted on the
    level pyramid (joined by that day, not archived or erased)."""

    days: Any
    last: Any
    converted: Any
    led: Any
    pinned: Any
    counted: Any


def _read(np, today: date, r: Rules, refunds: bool) -> tuple[_Shop, Any, Any, Any]:
    """The shop's arrays read, with the last purchase, converted referrals and led members."""
    size = int(database.execute_sql("SELECT MAX(id) FROM customer").fetchone()[0] or 0) + 1
    shop = _Shop(np, size, today, r)
    shop.read_purchases()
    shop.read_stored()
    shop.read_unasked()
    if refunds:
        shop.read_refunds()
    bought = shop.days > 0
    converted, led = shop.counts(bought)
    return shop, np.where(bought, shop.window_last, shop.before_last), converted, led


def shop_facts(today: date, r: Rules) -> ShopFacts:
    """Every customer's level facts as of ``today`` with the window of ``r`` (the level preview
    tries other thresholds over them)."""
    import numpy as np

    shop, last, converted, led = _read(np, today, r, refunds=False)
    counted = np.zeros(shop.size, dtype=bool)
    sql = "SELECT id FROM customer WHERE joined <= ? AND archived = ? AND erased = ?"
    for batch in _batches(np, sql, [today, False, False]):
        ids = batch[:, 0]
        counted[ids[ids < shop.size]] = True
    return ShopFacts(shop.days, last, converted, led, shop.pinned, counted)


def compare(today: date, r: Rules) -> ShopChanges:
    """Every customer's level and list statistics as of ``today``, against the stored ones."""
    import numpy as np  # a whole-shop refresh needs it, the app's start does not

    shop, last, converted, led = _read(np, today, r, refunds=True)
    since = np.where(last > 0, today.toordinal() - last, NEVER_BOUGHT)
    levels = compute_arrays(shop.days, since, converted, led, r).astype(np.int64)
    stored, pinned = shop.level, shop.pinned
    levels = np.where(pinned >= 0, pinned, levels)
    present = shop.present
    changed = np.flatnonzero(present & (levels != stored)).tolist()
    differ = (_stats(np, last, shop.days) != shop.stored_stats) | (shop.spend != shop.stored_spend)
    stale = np.flatnonzero(present & differ)
    return ShopChanges(
        stale=[
            (date.fromordinal(day) if day else None, days, spend, cid)
            for cid, day, days, spend in zip(
                stale.tolist(),
                last[stale].tolist(),
                shop.days[stale].tolist(),
                shop.spend[stale].tolist(),
                strict=True,
            )
        ],
        changed=changed,
        stored=dict(zip(changed, stored[changed].tolist(), strict=True)),
        new_levels=dict(zip(changed, levels[changed].tolist(), strict=True)),
        facts=_facts_of(changed, last, shop.days, shop.spend, converted, led),
        pins=pins_of(changed) if changed else {},
    )


def _facts_of(ids: list[int], last, days, spend, converted, led) -> RawFacts:
    """The facts of these customers (those whose level changed) as the per-customer path has them."""
    return RawFacts(
        purchase_days={cid: int(days[cid]) for cid in ids if days[cid]},
        last_purchase={cid: date.fromordinal(int(last[cid])) for cid in ids if last[cid]},
        converted={cid: int(converted[cid]) for cid in ids if converted[cid]},
        led={cid: int(led[cid]) for cid in ids if led[cid]},
        spend={cid: int(spend[cid]) for cid in ids},
    )
