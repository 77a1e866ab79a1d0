"""The whole referral forest in one pass (SPEC 2.3), for the fission page: every tree's root with
its size, depth, converted members and revenue, and every referrer's direct and converted
referrals and tree size, as :mod:`crm.services.referrals` defines them.

A chain's million customers are read as two streams of plain numbers (who referred whom; each
customer's visits summed by the database) into arrays indexed by customer id, and the trees are
walked a generation at a time with array arithmetic: a few seconds and some tens of MB, where a
recursive query with a visit lookup per member took a minute. The figures are kept until a
customer or a visit changes (:mod:`crm.services.marks`), so the page's two lists and a change of
sort share one pass; names, levels and who is archived are read again on every view.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date
from itertools import chain

import numpy as np

from crm.db import database, query_rows, stream_rows
from crm.services.marks import CUSTOMER_ENTITIES, VISIT_ENTITIES, newest_entries, newest_ids
from crm.services.referral_terms import Person, ReferrerStats, TreeSummary, day_text, revenue_bounds

FETCH = 10_000  # rows a fetch


@dataclass(frozen=True)
class ForestFigures:
    """Arrays indexed by customer id (0 is no customer), as of ``day``."""

    referrals: np.ndarray  # direct referrals joined on or before the day
    converted: np.ndarray  # of those, with a purchase on or before the day
    reached: np.ndarray  # bool: in a tree below a root (a root itself included)
    size: np.ndarray  # everyone below (reached customers only)
    depth: np.ndarray
    tree_converted: np.ndarray
    revenue: np.ndarray  # int64: the tree's, root excluded
    roots: np.ndarray  # the roots: no referrer, joined by the day, with a referral

    def tree_size(self, customer_id: int) -> int | None:
        """Everyone below this customer, or None when they are not in a tree below a root
        (they joined after the day, or the data holds a loop above them)."""
        if customer_id < len(self.reached) and self.reached[customer_id]:
            return int(self.size[customer_id])
        return None


def _read(day: str, start: str, end: str) -> ForestFigures:
    n = int(query_rows("SELECT MAX(id) FROM customer")[0][0] or 0) + 1
    rows = stream_rows("SELECT id, COALESCE(referrer_id, 0) FROM customer WHERE joined <= ?", (day,), FETCH)
    pairs = np.fromiter(chain.from_iterable(rows), dtype=np.int64).reshape(-1, 2)
    pairs = pairs[pairs[:, 0] < n]  # joined while this was read
    present = np.zeros(n, dtype=bool)
    present[pairs[:, 0]] = True
    parent = np.zeros(n, dtype=np.int64)
    refs = np.where(pairs[:, 1] < n, pairs[:, 1], 0)  # a referrer who joined while this was read
    parent[pairs[:, 0]] = refs
    del pairs, refs

    bought = np.zeros(n, dtype=bool)
    spent = np.zeros(n, dtype=np.int64)
    if start == "0001-01-01":
        # Revenue over every day up to the day: one pass gives both (amount > 0 is a purchase).
        sql, params = (
            "SELECT customer_id, CAST(SUM(amount) AS BIGINT), MAX(amount) FROM visit WHERE day <= ?"
            " GROUP BY customer_id",
            (day,),
        )
    else:
        sql, params = (
            "SELECT customer_id, CAST(SUM(CASE WHEN day >= ? AND day <= ? THEN amount ELSE 0 END) AS BIGINT),"
            " COALESCE(MAX(CASE WHEN day <= ? THEN amount END), 0)"
            " FROM visit WHERE day <= ? GROUP BY customer_id",
            (start, end, day, max(day, end)),
        )
    sums = np.fromiter(chain.from_iterable(stream_rows(sql, params, FETCH)), dtype=np.int64).reshape(-1, 3)
    sums = sums[sums[:, 0] < n]
    spent[sums[:, 0]] = sums[:, 1]
    bought[sums[:, 0]] = sums[:, 2] > 0
    del sums

    referred = np.flatnonzero(present & (parent > 0))
    referrals = np.bincount(parent[referred], minlength=n).astype(np.int32)
    converted = np.bincount(parent[referred], weights=bought[referred], minlength=n).astype(np.int32)

    # Generations from the roots down; a customer in a (damaged) loop, or below a referrer who
    # joined after the day, is never reached.
    roots = np.flatnonzero(present & (parent == 0) & (referrals > 0))
    generation = np.full(n, -1, dtype=np.int32)
    generation[roots] = 0
    levels = [roots]
    while True:
        below = referred[generation[parent[referred]] == len(levels) - 1]
        below = below[generation[below] < 0]
        if not len(below):
            break
        generation[below] = len(levels)
        levels.append(below)

    size = np.zeros(n, dtype=np.int64)
    depth = np.zeros(n, dtype=np.int32)
    tree_converted = np.zeros(n, dtype=np.int64)
    revenue = np.zeros(n, dtype=np.int64)
    for members in reversed(levels[1:]):  # children before parents
        up = parent[members]
        size += np.bincount(up, weights=size[members] + 1, minlength=n).astype(np.int64)
        np.maximum.at(depth, up, depth[members] + 1)
        tree_converted += np.bincount(
            up, weights=tree_converted[members] + bought[members], minlength=n
        ).astype(np.int64)
        np.add.at(revenue, up, revenue[members] + spent[members])  # int64: exact, however big
    return ForestFigures(
        referrals=referrals,
        converted=converted,
        reached=generation >= 0,
        size=size,
        depth=depth,
        tree_converted=tree_converted,
        revenue=revenue,
        roots=roots,
    )


# The figures last read, with what they were read from (pages read off the GUI thread: the lock
# also makes a second reader wait for the first one's pass instead of making its own).
_kept: tuple[tuple, ForestFigures] | None = None
_ENTITIES = tuple(dict.fromkeys(CUSTOMER_ENTITIES + VISIT_ENTITIES))
_lock = threading.Lock()


def _key(day: str, start: str, end: str) -> tuple:
    return (database.obj, day, start, end, newest_ids(), newest_entries(_ENTITIES))


def figures(as_of: date | None = None, period: tuple[date, date] | None = None) -> ForestFigures:
    """The forest as of ``as_of`` (default today), revenue on or before it or within ``period``."""
    global _kept
    day = day_text(as_of)
    start, end = revenue_bounds(as_of, period)
    with _lock:
        key = _key(day, start, end)
        if _kept is not None and _kept[0] == key:
            return _kept[1]
        found = _read(day, start, end)
        _kept = (key, found)
        return found


def forget() -> None:
    """Drop the kept figures (a test that writes behind the services' back)."""
    global _kept
    with _lock:
        _kept = None


# --- what the pages list ---------------------------------------------------------

_ORDERS = {  # sort key: (first, then) by which trees are ordered, biggest first, then by root id
    "size": ("size", "revenue"),
    "revenue": ("revenue", "size"),
    "converted": ("tree_converted", "size"),
    "depth": ("depth", "size"),
}


def _people(ids: list[int], chunk: int = 500) -> dict[int, tuple]:
    """{id: (name, code, archived, erased)} of ``ids``, a chunk at a time."""
    found: dict[int, tuple] = {}
    for at in range(0, len(ids), chunk):
        part = ids[at : at + chunk]
        marks = ", ".join("?" * len(part))
        sql = f"SELECT id, name, code, archived, erased FROM customer WHERE id IN ({marks})"
        found.update((row[0], row[1:]) for row in query_rows(sql, part))
    return found


def trees(
    sort_by: str, limit: int | None, as_of: date | None = None, period: tuple[date, date] | None = None
) -> list[TreeSummary]:
    """:func:`crm.services.referrals.forest` from the kept figures."""
    found = figures(as_of, period)
    roots = found.roots
    first, then = (getattr(found, name)[roots] for name in _ORDERS[sort_by])
    order = roots[np.lexsort((roots, -then.astype(np.int64), -first.astype(np.int64)))]
    picked = [int(i) for i in (order if limit is None else order[:limit])]
    people = _people(picked)
    return [
        TreeSummary(
            Person(cid, *people[cid][:2]),
            int(found.referrals[cid]),
            int(found.size[cid]),
            int(found.depth[cid]),
            int(found.tree_converted[cid]),
            int(found.revenue[cid]),
        )
        for cid in picked
        if cid in people  # removed while this was read
    ]


def top_referrers(limit: int | None, as_of: date | None = None) -> list[ReferrerStats]:
    """:func:`crm.services.referrals.super_referrers` from the kept figures: customers who are
    not archived nor erased, by converted direct referrals, then direct referrals, then id."""
    found = figures(as_of)
    ids = np.flatnonzero(found.converted > 0)
    referrals, converted = found.referrals[ids].astype(np.int64), found.converted[ids].astype(np.int64)
    order = ids[np.lexsort((ids, -referrals, -converted))]
    out: list[ReferrerStats] = []
    step = 5000 if limit is None else max(limit * 2, 20)
    for at in range(0, len(order), step):
        part = [int(i) for i in order[at : at + step]]
        people = _people(part)
        for cid in part:
            person = people.get(cid)
            if person is None or person[2] or person[3]:  # archived or erased
                continue
            direct, bought = int(found.referrals[cid]), int(found.converted[cid])
            out.append(ReferrerStats(Person(cid, *person[:2]), direct, bought))
            if limit is not None and len(out) >= limit:
                return out
    return out
