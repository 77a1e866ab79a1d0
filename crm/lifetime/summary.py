"""Each customer's purchase history as the lifetime models read it (SPEC 9), as of a date D.

Over customers with at least one purchase day on or before D:

- ``x``: purchase days on or before D minus 1 (repeat purchase days);
- ``t_x``: weeks from the first to the last purchase day; ``T``: weeks from the first to D;
- ``spend``: mean spend per *repeat* purchase day in currency units, a day's spend being its
  purchases with that day's refunds netted; the first purchase day is left out (0 when x = 0).

A purchase day is a day with a visit of amount above 0, as for the levels. A refund on a day
without a purchase belongs to no purchase day and is not counted.

Two SQL statements read it, streamed from the partial (customer, day, amount) indexes of
purchases and refunds on both engines: an aggregate over the purchases gives each customer's
purchase days, first and last day and total, less the first day's purchases (an index seek per
customer); the refunds on purchase days, a few rows, are read apart and added to the days after
the first in arrays (a seek per customer for them took a quarter of a chain's read). Python
sees one row per customer. (Folding visits into days first and numbering the days with a window
function gives the same rows three times slower: SQLite sorts the days again.)
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from itertools import chain, islice

import numpy as np
import peewee

from crm.db import database, stream_rows

DAYS_PER_WEEK = 7.0
# SQLite allows 32766 bound variables: an id list goes in chunks well below that.
CHUNK = 5000
FETCH = 10_000

# Parameters: D, then the ids of the optional IN list. "amount > 0" and "amount < 0" stay
# literal: SQLite only uses a partial index whose condition it can see in the query.
PURCHASES = (
    "SELECT customer_id, COUNT(DISTINCT day) AS days, MIN(day) AS first, MAX(day) AS last,"
    " SUM(amount) AS total FROM visit WHERE amount > 0 AND day <= ?{where} GROUP BY customer_id"
)
# A customer who bought on one day has no repeat spend: their first day is not looked up.
_SQL = (
    "SELECT p.customer_id, p.days, {first}, {last}, CASE WHEN p.days > 1 THEN CAST(p.total"
    " - (SELECT SUM(f.amount) FROM visit f"
    " WHERE f.customer_id = p.customer_id AND f.day = p.first AND f.amount > 0) AS BIGINT) ELSE 0 END"
    " FROM (" + PURCHASES + ") AS p"
)
# Each customer's refunds by day, on days with a purchase, on or before D: customer, day, amount.
_REFUNDS = (
    "SELECT r.customer_id, {day}, CAST(SUM(r.amount) AS BIGINT) FROM visit r"
    " WHERE r.amount < 0 AND r.day <= ?{where}"
    " AND EXISTS (SELECT 1 FROM visit q WHERE q.customer_id = r.customer_id AND q.day = r.day"
    " AND q.amount > 0) GROUP BY r.customer_id, r.day"
)


@dataclass(frozen=True)
class Summary:
    as_of: date
    ids: np.ndarray  # customer ids, ascending
    x: np.ndarray  # repeat purchase days
    t_x: np.ndarray  # weeks, first to last purchase day
    T: np.ndarray  # weeks, first purchase day to as_of
    spend: np.ndarray  # mean spend per repeat purchase day, currency units (0 when x = 0)
    first: np.ndarray  # first purchase day (datetime64[D])

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def repeat_customers(self) -> int:
        return int(np.count_nonzero(self.x >= 1))

    def index_of(self, customer_id: int) -> int | None:
        at = int(np.searchsorted(self.ids, customer_id))
        return at if at < len(self.ids) and self.ids[at] == customer_id else None


def _summary(as_of: date, rows, refunds: np.ndarray | None = None) -> Summary:
    """The summary of ``rows`` (customer id, purchase days, first day, last day as date ordinals,
    purchases after the first day in minor units) with ``refunds`` (customer id, day ordinal,
    amount) added to the days after the first, ordered by customer id."""
    table = np.asarray(rows, dtype=np.int64).reshape(-1, 5)
    table = table[np.argsort(table[:, 0], kind="stable")]
    if refunds is not None and len(table) and len(refunds):
        # A refund counts on a purchase day after the first (it is on a purchase day already).
        at = np.minimum(np.searchsorted(table[:, 0], refunds[:, 0]), len(table) - 1)
        later = (table[at, 0] == refunds[:, 0]) & (refunds[:, 1] > table[at, 2])
        np.add.at(table[:, 4], at[later], refunds[later, 2])
    first_days = (table[:, 2] - _EPOCH).astype("datetime64[D]")
    last_days = (table[:, 3] - _EPOCH).astype("datetime64[D]")
    end = np.datetime64(as_of, "D")
    x = table[:, 1].astype(float) - 1.0
    repeat_spend = table[:, 4].astype(float) / 100.0  # minor units to currency units
    return Summary(
        as_of=as_of,
        ids=table[:, 0].copy(),
        x=x,
        t_x=(last_days - first_days).astype(float) / DAYS_PER_WEEK,
        T=(end - first_days).astype(float) / DAYS_PER_WEEK,
        spend=np.divide(repeat_spend, x, out=np.zeros_like(x), where=x > 0),
        first=first_days,
    )


_EPOCH = date(1970, 1, 1).toordinal()


def _ordinals(*columns: str) -> list[str]:
    """SQL for the date ordinals (``date.toordinal``) of day columns: every column a whole
    number, so a batch of rows becomes one array at once (PostgreSQL's date objects and
    SQLite's text took 1.3 s of a million customers' rows to convert)."""
    if isinstance(database.obj, peewee.SqliteDatabase):
        return [f"CAST(julianday({c}) - 1721424.5 AS INTEGER)" for c in columns]
    return [f"({c} - DATE '0001-01-01' + 1)" for c in columns]


def _sql(where: str) -> str:
    first, last = _ordinals("p.first", "p.last")
    return _SQL.format(where=where, first=first, last=last)


def _refunds(as_of: date, where: str = "", ids: list[int] | tuple = ()) -> np.ndarray:
    (day,) = _ordinals("r.day")
    rows = database.execute_sql(_REFUNDS.format(day=day, where=where), (as_of, *ids)).fetchall()
    return np.asarray(rows, dtype=np.int64).reshape(-1, 3)


def read(as_of: date, ids: list[int] | None = None) -> Summary:
    """The summary of every customer with a purchase day by ``as_of``, or of those of ``ids``."""
    if ids is None:
        parts = list(slices(as_of))
        if not parts:
            return _summary(as_of, [])
        return Summary(as_of, *(np.concatenate([getattr(p, f) for p in parts]) for f in _ARRAYS))
    rows: list[tuple] = []
    refunds: list[np.ndarray] = []
    ids = sorted({int(i) for i in ids})
    for at in range(0, len(ids), CHUNK):
        batch = ids[at : at + CHUNK]
        marks = ",".join("?" * len(batch))
        rows.extend(database.execute_sql(_sql(f" AND customer_id IN ({marks})"), (as_of, *batch)).fetchall())
        refunds.append(_refunds(as_of, f" AND r.customer_id IN ({marks})", batch))
    return _summary(as_of, rows, np.concatenate(refunds) if refunds else None)


_ARRAYS = ("ids", "x", "t_x", "T", "spend", "first")


def slices(as_of: date, size: int = FETCH) -> Iterator[Summary]:
    """The summary of every customer with a purchase day by ``as_of``, ``size`` customers at a
    time in customer id order (a million customers' rows are never all held at once: on
    PostgreSQL a server-side cursor, :func:`crm.db.stream_rows`)."""
    refunds = _refunds(as_of)  # a few rows: a chain's 36,000
    rows = stream_rows(_sql("") + " ORDER BY p.customer_id", (as_of,), batch=size)
    while len(batch := np.fromiter(chain.from_iterable(islice(rows, size)), dtype=np.int64)):
        yield _summary(as_of, batch, refunds)
