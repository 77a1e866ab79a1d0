"""The whole shop's referrers in one pass (SPEC 2.3 and 5): for each customer who referred
someone, their referrals, converted referrals and their tree's size, depth, converted and
revenue, as :mod:`crm.services.referrals` defines them for one tree. The monthly report's
Fission sheet reads a chain's million customers this way: bulk queries, streamed, then one
pass over the forest in arrays indexed by customer id, never a Python object per referrer."""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from crm.db import database, query_rows, stream_rows
from crm.services.referrals import Person, day_text, revenue_bounds


@dataclass(frozen=True)
class ReferrerSummary:
    """One referrer's direct referrals and whole downstream tree (the Fission sheet)."""

    person: Person
    referrals: int  # direct referrals joined on or before D
    converted: int  # of those, with a purchase on or before D
    size: int  # everyone below them
    depth: int
    tree_converted: int
    revenue: int  # of everyone below them, on or before D or within the period


@dataclass(frozen=True)
class ReferrerTable:
    """:func:`referrer_summaries` without the names, as arrays in the same order (a chain's
    hundreds of thousands of referrers as a few MB, not an object each); a referrer's name
    and code come with :func:`names_in_order`."""

    ids: array
    referrals: array
    converted: array
    size: array
    depth: array
    tree_converted: array
    revenue: array

    def __len__(self) -> int:
        return len(self.ids)


FETCH = 10_000  # rows a fetch of the whole shop's


def referrer_table(
    as_of: date | None = None,
    period: tuple[date, date] | None = None,
    only_converted: bool = True,
    bought: bytes | None = None,
) -> ReferrerTable:
    """Every referrer (with ``only_converted``: every one with a converted direct referral)
    with their tree, most converted referrals first (then the biggest tree, then by id).

    Bulk queries, streamed (:func:`crm.db.stream_rows`), then one pass over the forest in
    arrays indexed by customer id (a few MB for 100,000 customers). Cheap for a month's
    ``period``; without one, revenue sums every visit on or before ``as_of``. ``bought``, one
    byte a customer id (1: a purchase on or before ``as_of``), spares the query for it when
    the caller has read it already."""
    import numpy as np  # here: the screens that list referrers never need it

    day = day_text(as_of)
    start, end = revenue_bounds(as_of, period)
    n = int(query_rows("SELECT MAX(id) FROM customer")[0][0] or 0) + 1
    present = bytearray(n)  # joined on or before the day
    parent = _ints(n)  # 0: no referrer (ids start at 1)
    for cid, ref in stream_rows("SELECT id, referrer_id FROM customer WHERE joined <= ?", (day,), FETCH):
        if cid >= n:  # joined while this was read
            continue
        present[cid] = 1
        if ref is not None and ref < n:
            parent[cid] = ref
    # Each referrer's children together, by id: first_child[r] .. + child_count[r] in children.
    # Filled in place: a million customers' temporary copies are what the report's memory peaks on.
    parents = np.frombuffer(parent, dtype=np.int32)
    referred = np.flatnonzero(parents)
    child_count, first_child = _ints(n), _ints(n)
    counts = np.frombuffer(child_count, dtype=np.int32)
    np.add.at(counts, parents[referred], 1)
    firsts = np.frombuffer(first_child, dtype=np.int32)
    np.cumsum(counts[:-1], out=firsts[1:])
    children = _ints(len(referred))
    np.frombuffer(children, dtype=np.int32)[:] = referred[np.argsort(parents[referred], kind="stable")]
    del parents, referred, counts, firsts
    if bought is None:
        known = bytearray(n)
        for (cid,) in stream_rows(
            "SELECT DISTINCT customer_id FROM visit WHERE amount > 0 AND day <= ?", (day,), FETCH
        ):
            if cid < n:
                known[cid] = 1
    else:
        known = bytearray(bought[:n]) + bytearray(max(0, n - len(bought)))
    bought = known
    # Each customer's own spending, then (from below) their whole tree's, themselves included:
    # a referrer's tree revenue is their children's totals, added up as they are picked.
    total = array("q", [0]) * n
    for cid, spent in stream_rows(
        "SELECT customer_id, SUM(amount) FROM visit WHERE day >= ? AND day <= ? GROUP BY customer_id",
        (start, end),
        FETCH,
    ):
        if cid < n:
            total[cid] = int(spent or 0)

    # Everyone below a root (present, no referrer), parents before children; a customer in
    # a (damaged) loop, or below a referrer who joined after the day, is never reached.
    order = array("i", (c for c in range(n) if present[c] and not parent[c] and child_count[c]))
    for node in order:  # the array grows while it is walked: a breadth-first walk
        begin = first_child[node]
        order.extend(children[begin : begin + child_count[node]])
    del present
    size, depth, converted = _ints(n), _ints(n), _ints(n)
    for node in reversed(order):
        up = parent[node]
        if not up:
            continue
        size[up] += size[node] + 1
        if depth[node] >= depth[up]:
            depth[up] = depth[node] + 1
        converted[up] += converted[node] + bought[node]
        total[up] += total[node]
    picked = array("i")
    direct_of = array("i")
    direct_converted_of = array("i")
    tree_revenue = array("q")
    for cid in order:
        count = child_count[cid]
        if not count:
            continue
        begin = first_child[cid]
        below = children[begin : begin + count]
        direct_converted = sum(bought[k] for k in below)
        if only_converted and not direct_converted:
            continue
        picked.append(cid)
        direct_of.append(count)
        direct_converted_of.append(direct_converted)
        tree_revenue.append(sum(total[k] for k in below))
    del order, children, total
    # Most converted direct referrals first, then the biggest tree, then by id.
    picked_ids = np.frombuffer(picked, dtype=np.int32)
    sizes = np.frombuffer(size, dtype=np.int32)[picked_ids]
    ranked = np.lexsort((picked_ids, -sizes, -np.frombuffer(direct_converted_of, dtype=np.int32)))
    ids = picked_ids[ranked]

    def column(values, typecode: str = "i") -> array:
        return array(typecode, np.ascontiguousarray(values).tobytes())

    return ReferrerTable(
        ids=column(ids),
        referrals=column(np.frombuffer(direct_of, dtype=np.int32)[ranked]),
        converted=column(np.frombuffer(direct_converted_of, dtype=np.int32)[ranked]),
        size=column(sizes[ranked]),
        depth=column(np.frombuffer(depth, dtype=np.int32)[ids]),
        tree_converted=column(np.frombuffer(converted, dtype=np.int32)[ids]),
        revenue=column(np.frombuffer(tree_revenue, dtype=np.int64)[ranked], "q"),
    )


def _ints(n: int) -> array:
    """``n`` zeros as 4-byte integers, made without a temporary of their size."""
    return array("i", [0]) * n


def names_in_order(ids, chunk: int = 5000) -> Iterator[tuple[str, str]]:
    """(name, code) of each of ``ids``, in their order, read a chunk of ids at a time."""
    for begin in range(0, len(ids), chunk):
        part = list(ids[begin : begin + chunk])
        names = {
            cid: (name, code)
            for cid, name, code in database.execute_sql(
                f"SELECT id, name, code FROM customer WHERE id IN ({','.join('?' * len(part))})", part
            )
        }
        yield from (names[cid] for cid in part)


def referrer_summaries(
    as_of: date | None = None, period: tuple[date, date] | None = None, only_converted: bool = True
) -> list[ReferrerSummary]:
    """Every referrer (with ``only_converted``: every one with a converted direct
    referral) with their tree, most converted referrals first: :func:`referrer_table`
    with each referrer's name."""
    table = referrer_table(as_of, period, only_converted)
    return [
        ReferrerSummary(
            Person(cid, name, code),
            table.referrals[i],
            table.converted[i],
            table.size[i],
            table.depth[i],
            table.tree_converted[i],
            table.revenue[i],
        )
        for i, (cid, (name, code)) in enumerate(zip(table.ids, names_in_order(table.ids), strict=True))
    ]
