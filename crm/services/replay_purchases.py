"""Each customer's purchase days as the keys of a level replay (:mod:`crm.level_replay`):
the moment of the first purchase of each day a customer bought, read from the visits of a
few customers or of the whole shop, or made from purchases a caller holds in arrays."""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from datetime import date, datetime

import peewee

from crm.db import as_date, database, typed_postgres_errors
from crm.level_replay import DAY
from crm.services.level_facts import in_marks


def _microsecond_of_day(at) -> int:
    """The time of day of a visit's ``at`` (ISO text on SQLite, a datetime on PostgreSQL)."""
    if isinstance(at, datetime):
        return ((at.hour * 60 + at.minute) * 60 + at.second) * 1_000_000 + at.microsecond
    text = str(at)
    seconds = (int(text[11:13]) * 60 + int(text[14:16])) * 60 + int(text[17:19])
    fraction = text[20:26] if len(text) > 19 and text[19] == "." else ""
    return seconds * 1_000_000 + (int(fraction.ljust(6, "0")) if fraction else 0)


US_PER_DAY = 86_400_000_000
_EPOCH_US = date(1970, 1, 1).toordinal() * US_PER_DAY  # PostgreSQL's epoch in :func:`_microseconds`


def _microseconds(at) -> int:
    """A visit's ``at`` (ISO text on SQLite, a datetime on PostgreSQL) in microseconds from
    the first day of the calendar."""
    return as_date(at).toordinal() * US_PER_DAY + _microsecond_of_day(at)


def purchase_days(
    until: date, ids: list[int] | None = None, last_id: int | None = None
) -> Iterator[tuple[int, list[int]]]:
    """(customer id, sorted keys of the first purchase of each purchase day) in customer
    order, purchases on or before ``until``, one customer at a time; of every customer up to
    ``last_id`` (the highest in the customer table when None) unless ``ids`` are given."""
    if ids is None:
        yield from _whole_shop_purchase_days(until, last_id)
        return
    cursor = database.execute_sql(
        "SELECT customer_id, MIN(at) FROM visit WHERE amount > 0 AND day <= ?"
        f" AND customer_id IN ({in_marks(ids)}) GROUP BY customer_id, day ORDER BY customer_id, day",
        [until, *ids],
    )
    current, keys = None, []
    for cid, at in cursor:
        if cid != current:
            if keys:
                yield current, keys
            current, keys = cid, []
        us = _microseconds(at)
        keys.append(us // US_PER_DAY * DAY + 1 + us % US_PER_DAY)
    if keys:
        yield current, keys


def _whole_shop_purchase_days(until: date, last_id: int | None) -> Iterator[tuple[int, list[int]]]:
    """:func:`purchase_days` of every customer without a sort in the database (grouping a
    big shop's purchases by customer, SQLite holds them all in memory, 70 MB for a million):
    the purchases are counted by customer from the purchase index, then read in the table's
    order into one array of 64-bit ints, each customer's at their place (8 bytes a purchase,
    not a Python object each); each customer's are sorted when their turn comes.
    PostgreSQL's are read by :func:`_pg_purchase_days`."""
    if last_id is None:
        last_id = int(database.execute_sql("SELECT MAX(id) FROM customer").fetchone()[0] or 0)
    if not isinstance(database.obj, peewee.SqliteDatabase):
        yield from _pg_purchase_days(until, last_id)
        return
    size = last_id + 2
    place = array("q", [0]) * size
    for cid, count in database.execute_sql(
        "SELECT customer_id, COUNT(*) FROM visit WHERE amount > 0 AND day <= ? GROUP BY customer_id", [until]
    ):
        if cid + 1 < size:
            place[cid + 1] = count
    total = 0
    for cid in range(size):
        total += place[cid]
        place[cid] = total
    start = array("q", place)
    moments = array("q", [0]) * total
    # SQLite reads the moment itself, to the millisecond (the text comes back when finer).
    cursor = database.execute_sql(
        "SELECT customer_id, CAST(round((julianday(at) - 1721424.5) * 86400000) AS INTEGER),"
        " CASE WHEN length(at) > 23 THEN at END FROM visit WHERE amount > 0 AND day <= ?",
        [until],
    )
    for cid, ms, finer in cursor:
        if cid + 1 < size:
            at = place[cid]
            moments[at] = ms * 1000 if finer is None else _microseconds(finer)
            place[cid] = at + 1
    for cid in range(size - 1):
        first, stop = start[cid], start[cid + 1]
        if first == stop:
            continue
        keys, last = [], -1
        for us in sorted(moments[first:stop]):
            day = us // US_PER_DAY
            if day != last:  # the day's first purchase
                keys.append(day * DAY + 1 + us - day * US_PER_DAY)
                last = day
        yield cid, keys


# A row of COPY's binary format for (customer_id integer, microseconds bigint).
_PG_PURCHASE = [("fields", ">i2"), ("size1", ">i4"), ("cid", ">i4"), ("size2", ">i4"), ("us", ">i8")]


class _Received:
    """The (customer, microseconds) rows a ``COPY ... TO STDOUT (FORMAT binary)`` sends, read
    into numpy arrays a few MB at a time: the whole of ten million would be 200 MB more."""

    PIECE = 1 << 22

    def __init__(self, numpy):
        self.numpy, self.record = numpy, numpy.dtype(_PG_PURCHASE)
        self.pending = bytearray()
        self.started = False
        self.customers: list = []
        self.moments: list = []

    def write(self, data: bytes) -> None:
        self.pending += data
        if len(self.pending) >= self.PIECE:
            self._read()

    def _read(self, end: bool = False) -> None:
        pending = self.pending
        if not self.started:  # signature, flags, header extension
            del pending[: 19 + int.from_bytes(pending[15:19], "big")]
            self.started = True
        count = (len(pending) - (2 if end else 0)) // self.record.itemsize  # the end: a 2-byte trailer
        rows = self.numpy.frombuffer(pending, self.record, count=count)
        if not ((rows["fields"] == 2).all() and (rows["size2"] == 8).all()):
            raise RuntimeError("unexpected COPY data reading the purchases")
        self.customers.append(rows["cid"].astype(self.numpy.int32))
        self.moments.append(rows["us"].astype(self.numpy.int64))
        del rows
        del pending[: count * self.record.itemsize]

    def arrays(self):
        """(customers, moments), once the COPY is done."""
        self._read(end=True)
        return self.numpy.concatenate(self.customers), self.numpy.concatenate(self.moments)


def _pg_purchase_days(until: date, last_id: int) -> Iterator[tuple[int, list[int]]]:
    """:func:`purchase_days` of every customer up to ``last_id`` on PostgreSQL: one COPY of
    (customer, microseconds) in the binary format, 22 bytes a purchase read by numpy, then
    sorted and each day's first purchase picked there. A million-customer shop's ten
    million purchases take a third of the time of fetching rows (a Python tuple each) and
    placing them as SQLite's are."""
    import numpy  # only for a whole-shop replay: the app starts without it

    received = _Received(numpy)
    cursor = database.cursor()
    sql = cursor.mogrify(
        "COPY (SELECT customer_id, (EXTRACT(EPOCH FROM at) * 1000000)::bigint + %s FROM visit"
        " WHERE amount > 0 AND day <= %s AND customer_id <= %s) TO STDOUT (FORMAT binary)",
        [_EPOCH_US, until, last_id],
    )
    with typed_postgres_errors(database.obj.database), peewee.__exception_wrapper__:
        cursor.copy_expert(sql.decode(), received)
    customers, moments = received.arrays()
    del received
    yield from purchase_keys(numpy, customers, moments)


def purchase_keys(numpy, customers, moments) -> Iterator[tuple[int, list[int]]]:
    """:func:`purchase_days` from purchases held in two numpy arrays of the same length,
    their customer ids (int32) and moments (int64 microseconds from the first day of the
    calendar, as :func:`_microseconds`), in any order: sorted there and each customer's
    first purchase of each day picked. The arrays are sorted in place of new ones."""
    order = numpy.lexsort((moments, customers))  # by customer, then by moment
    customers = customers[order]  # one column at a time: the old one goes before the next is made
    moments = moments[order]
    del order
    days = moments // US_PER_DAY
    first = numpy.ones(len(days), dtype=bool)  # the day's first purchase
    first[1:] = (customers[1:] != customers[:-1]) | (days[1:] != days[:-1])
    if not first.all():
        customers, moments, days = customers[first], moments[first], days[first]
    del first
    keys = moments  # day * DAY + 1 + microsecond of the day, made in place
    keys -= days * US_PER_DAY
    keys += 1
    days *= DAY
    keys += days
    del moments, days
    if not len(keys):
        return
    bounds = (numpy.flatnonzero(numpy.diff(customers)) + 1).tolist()
    starts, stops = [0, *bounds], [*bounds, len(keys)]
    for cid, begin, end in zip(customers[starts].tolist(), starts, stops, strict=True):
        yield cid, keys[begin:end].tolist()
