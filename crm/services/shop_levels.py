"""Every customer's level as of a date, for reports and history.

The whole shop's levels come as a :class:`LevelTable` (one byte a customer) and,
when asked for, the facts behind them as :class:`ShopFacts` (arrays indexed by
customer id): the purchase rows are streamed, never all held at once. Inside
:func:`memo` a date is computed once.
"""

from __future__ import annotations

import threading
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from crm.db import as_date, database, stream_rows
from crm.levels import LEVELS, compute_values
from crm.services.level_facts import compute, fact_queries, pins_of, rules, window

_memo = threading.local()
T = TypeVar("T")
BATCH = 10_000  # rows a fetch, when a whole shop's are streamed


@contextmanager
def memo():
    """Within this block (on this thread), whole-shop levels as of a date are computed
    once: a report asks for the same dates several times over unchanged data."""
    outer = getattr(_memo, "cache", None)
    _memo.cache = outer if outer is not None else {}
    try:
        yield
    finally:
        _memo.cache = outer


def remembered(key: tuple, compute: Callable[[], T]) -> T:
    """``compute()``, computed once per ``key`` within an active :func:`memo` (a report asks
    twice for some other whole-shop answers too, such as the month's communities)."""
    cache = getattr(_memo, "cache", None)
    if cache is None:
        return compute()
    if key not in cache:
        cache[key] = compute()
    return cache[key]


class LevelTable(Mapping[int, int]):
    """{customer id: level index} for a whole shop, one byte per customer id.

    A report holds the levels of every customer at three dates; as dicts they took
    about 8 MB each for 100,000 customers, as bytes 100 KB (and they cross to another
    process as one small string). Ids are the database's own, dense from 1."""

    __slots__ = ("raw", "_count")
    ABSENT = 255

    def __init__(self, raw: bytearray):
        self.raw = raw
        self._count = len(raw) - raw.count(self.ABSENT)

    def __getitem__(self, customer_id: int) -> int:
        level = self.raw[customer_id] if 0 <= customer_id < len(self.raw) else self.ABSENT
        if level == self.ABSENT:
            raise KeyError(customer_id)
        return level

    def get(self, customer_id: int, default=None):
        level = self.raw[customer_id] if 0 <= customer_id < len(self.raw) else self.ABSENT
        return default if level == self.ABSENT else level

    def __contains__(self, customer_id) -> bool:
        return isinstance(customer_id, int) and self.get(customer_id) is not None

    def __iter__(self) -> Iterator[int]:
        absent = self.ABSENT
        return (cid for cid, level in enumerate(self.raw) if level != absent)

    def __len__(self) -> int:
        return self._count

    def items(self) -> Iterator[tuple[int, int]]:
        """(customer id, level) of every customer, read as it is walked (a million customers'
        pairs as one list took about 90 MB)."""
        absent = self.ABSENT
        return ((cid, level) for cid, level in enumerate(self.raw) if level != absent)

    def values(self) -> Iterator[int]:
        absent = self.ABSENT
        return (level for level in self.raw if level != absent)

    def counts(self) -> list[int]:
        """Customers at each level, by level index."""
        return [self.raw.count(level) for level in range(len(LEVELS))]

    def __reduce__(self):
        return (LevelTable, (self.raw,))


class Counts(Mapping[int, int]):
    """{customer id: count} for a whole shop, 4 bytes a customer, a count of 0 being no
    entry: the converted referrals or active led members of every customer (as a dict, about
    20 MB for the hundreds of thousands of referrers of a million customers)."""

    __slots__ = ("raw",)

    def __init__(self, size: int):
        self.raw = array("i", bytes(4 * size))

    def add(self, customer_id: int) -> None:
        self.raw[customer_id] += 1

    def __getitem__(self, customer_id: int) -> int:
        count = self.raw[customer_id] if 0 <= customer_id < len(self.raw) else 0
        if not count:
            raise KeyError(customer_id)
        return count

    def get(self, customer_id: int, default=None):
        count = self.raw[customer_id] if 0 <= customer_id < len(self.raw) else 0
        return count or default

    def __iter__(self) -> Iterator[int]:
        return (cid for cid, count in enumerate(self.raw) if count)

    def __len__(self) -> int:
        return len(self.raw) - self.raw.count(0)


@dataclass(frozen=True)
class ShopFacts:
    """The facts of every customer as of one date, in arrays indexed by customer id
    (a few MB for 100,000 customers, where dicts took about 40)."""

    as_of: date
    purchase_days: array  # in the window
    last_purchase: array  # date ordinal of the last purchase on or before as_of (4 bytes); 0: none
    spend: array  # cents, purchases and refunds in the window
    converted: Mapping[int, int]  # converted referrals in the window (Counts)
    led: Mapping[int, int]  # active led members (Counts)

    def last(self, customer_id: int) -> date | None:
        ordinal = self.last_purchase[customer_id]
        return date.fromordinal(ordinal) if ordinal else None


def whole_shop(as_of: date, keep_facts: bool) -> tuple[LevelTable, ShopFacts | None]:
    """Every customer joined by ``as_of``: their level then, and with ``keep_facts`` the facts.

    The purchase and refund queries of :func:`gather_facts`, streamed into arrays
    (:func:`crm.db.stream_rows`: a big shop's rows are never all held at once, also on
    PostgreSQL); converted referrals and active led members are counted from the purchase
    days just read and the bare referral and membership pairs, as the whole-shop
    :func:`crm.services.level_facts.gather_facts` counts them, instead of a purchase lookup
    per referred customer and per member in SQL (at 1,000,000 customers on PostgreSQL those
    two queries took 14 s of the 20)."""
    r = rules()
    lo, hi = window(as_of, r)
    purchases, refunds, _, _ = fact_queries(lo, hi)
    size = int(database.execute_sql("SELECT MAX(id) FROM customer").fetchone()[0] or 0) + 1
    days_of = array("H", bytes(2 * size))  # purchase days in the window
    last_of = array("i", bytes(4 * size))  # the last purchase's date ordinal; 0: none
    spend_of = array("q", [0]) * size if keep_facts else None
    days_ordinal: dict = {}  # a shop has a few thousand distinct days: parse each once
    for cid, days, last, total in stream_rows(*purchases, batch=BATCH):
        if cid >= size:  # joined while this was read
            continue
        ordinal = days_ordinal.get(last)
        if ordinal is None:
            ordinal = days_ordinal[last] = as_date(last).toordinal()
        days_of[cid], last_of[cid] = days, ordinal
        if spend_of is not None:
            spend_of[cid] = int(total or 0)
    # Who joined by the day, and among them the referred ones who bought in the window: one
    # pass over the customers.
    joined = bytearray(size)
    converted = Counts(size)
    for cid, referrer in stream_rows(
        "SELECT id, referrer_id FROM customer WHERE joined <= ?", [as_of], batch=BATCH
    ):
        if cid >= size:  # joined while this was read
            continue
        joined[cid] = 1
        if referrer is not None and days_of[cid] and referrer < size:
            converted.add(referrer)
    led = Counts(size)  # members of a leader's live communities who bought in the window
    for leader, member in stream_rows(
        "SELECT DISTINCT g.leader_id, m.customer_id"
        " FROM community g JOIN membership m ON m.community_id = g.id"
        " WHERE g.created <= ? AND NOT (g.archived AND (g.archived_on IS NULL OR g.archived_on <= ?))"
        ' AND m.joined <= ? AND (m."left" IS NULL OR m."left" > ?) AND m.customer_id <> g.leader_id',
        [hi, hi, hi, hi],
        batch=BATCH,
    ):
        if member < size and days_of[member] and leader < size:
            led.add(leader)
    absent = LevelTable.ABSENT
    raw = bytearray([absent]) * size
    day = as_of.toordinal()
    counted, leading = converted.raw, led.raw
    for cid, here in enumerate(joined):
        if not here:
            continue
        last = last_of[cid]
        raw[cid] = compute_values(days_of[cid], day - last if last else None, counted[cid], leading[cid], r)
    for cid, pin in pins_of(None).items():
        if cid < size and raw[cid] != absent and pin.active_on(as_of):
            raw[cid] = pin.level
    if spend_of is None:
        return LevelTable(raw), None
    for cid, total in stream_rows(*refunds, batch=BATCH):
        if cid < size:
            spend_of[cid] += int(total or 0)
    return LevelTable(raw), ShopFacts(as_of, days_of, last_of, spend_of, converted, led)


def _memoised(as_of: date, keep_facts: bool) -> tuple[LevelTable, ShopFacts | None]:
    cache = getattr(_memo, "cache", None)
    if cache is None:
        return whole_shop(as_of, keep_facts)
    key = ("levels", as_of)
    if key not in cache or keep_facts:
        # The facts go to the caller alone: the memo keeps a byte a customer, not their tens.
        levels, facts = whole_shop(as_of, keep_facts)
        return cache.setdefault(key, levels), facts  # whoever holds the first answer keeps it
    return cache[key], None


def memo_active() -> bool:
    """Whether a :func:`memo` block is open on this thread (a report that lists every customer,
    and so computes the whole-shop levels anyway)."""
    return getattr(_memo, "cache", None) is not None


def levels_as_of(
    as_of: date, ids: Iterable[int] | None = None, joined_only: bool = True
) -> Mapping[int, int]:
    """{customer id: level index} as of the end of ``as_of``, pins applied.

    With ``joined_only`` only customers who joined on or before ``as_of`` are included.
    The whole shop's levels (no ``ids``) come as a :class:`LevelTable`, kept by an
    active :func:`memo`.
    """
    if ids is None and joined_only:
        return _memoised(as_of, keep_facts=False)[0]
    return compute(as_of, None if ids is None else sorted(set(ids)), joined_only)[0]


def levels_and_facts(as_of: date) -> tuple[LevelTable, ShopFacts]:
    """Whole-shop levels (customers joined by ``as_of``) and the facts behind them, computed
    together (the levels kept by an active :func:`memo`, so later level lookups for the date
    are free; the facts, tens of MB for a million customers, are the caller's alone)."""
    levels, facts = _memoised(as_of, keep_facts=True)
    assert facts is not None
    return levels, facts


def count_levels(levels: Mapping[int, int]) -> dict[str, int]:
    if isinstance(levels, LevelTable):
        return dict(zip(LEVELS, levels.counts(), strict=True))
    counts = dict.fromkeys(LEVELS, 0)
    for level in levels.values():
        counts[LEVELS[level]] += 1
    return counts
