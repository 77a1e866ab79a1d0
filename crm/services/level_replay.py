"""The level history of a shop whose past arrives at once (the demo; a full import),
replayed in one pass over its purchases (SPEC 2.1).

One query streams every customer's purchase days (with the moment of the day's first
purchase) in customer order. On the way, each referred customer's and each community
member's purchases become the +1/-1 steps of their referrer's active referrals and
their leaders' active members; the purchase keys themselves are kept in one array of
64-bit ints (8 bytes a purchase day, not a Python object each). Then every customer's
own events are replayed (:func:`crm.level_replay.replay`) and each change is written
at the moment that caused it, with the facts and the cause the timeline shows.
"""

from __future__ import annotations

import json
from array import array
from collections.abc import Iterator
from datetime import date, datetime

import peewee

from crm.db import as_date, database, executemany, typed_postgres_errors
from crm.level_replay import (
    DAY,
    FOREVER,
    Change,
    day_key,
    member_steps,
    moment_key,
    referral_steps,
    replay,
)
from crm.levels import LEVELS, Pin, compute_values
from crm.services.level_facts import chunks, in_marks, pins_of, rules

BATCH = 20_000
_INSERT = (
    'INSERT INTO level_change (customer_id, from_level, to_level, "at", reason, detail)'
    " VALUES (?, ?, ?, ?, ?, ?)"
)


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


def _memberships(leaders: list[int] | None = None) -> dict[int, dict[int, list[tuple[int, int]]]]:
    """{member: {leader: [start, end) keys when they count among the leader's members}}:
    a member (not the leader) of a live community, from the day both began to the day
    they left or it was archived (never, for a community archived without a date);
    of every community, or of those ``leaders`` lead."""
    where, params = "", []
    if leaders is not None:
        where, params = f" AND g.leader_id IN ({in_marks(leaders)})", list(leaders)
    out: dict[int, dict[int, list[tuple[int, int]]]] = {}
    for leader, member, joined, left, created, archived, archived_on in database.execute_sql(
        'SELECT g.leader_id, m.customer_id, m.joined, m."left", g.created, g.archived, g.archived_on'
        " FROM membership m JOIN community g ON g.id = m.community_id WHERE m.customer_id <> g.leader_id"
        + where,
        params,
    ):
        if archived and archived_on is None:
            continue
        start = day_key(max(as_date(joined), as_date(created)).toordinal())
        ends = [as_date(left)] if left is not None else []
        if archived:
            ends.append(as_date(archived_on))
        end = day_key(min(ends).toordinal()) if ends else FOREVER
        if start < end:
            out.setdefault(member, {}).setdefault(leader, []).append((start, end))
    return out


class _Steps:
    """Each customer's (key, ±1) steps, packed two to an int in one array per customer."""

    def __init__(self):
        self.by_customer: dict[int, array] = {}

    def add(self, customer_id: int, steps: list[tuple[int, int]]) -> None:
        packed = self.by_customer.get(customer_id)
        if packed is None:
            packed = self.by_customer[customer_id] = array("q")
        packed.extend(key * 2 + (delta > 0) for key, delta in steps)

    def of(self, customer_id: int) -> list[tuple[int, int]]:
        packed = self.by_customer.get(customer_id)
        return [(v >> 1, 1 if v & 1 else -1) for v in packed] if packed else []


def _number(value: int | None) -> str:
    return "null" if value is None else str(value)


def detail(change: Change, pin: Pin | None, window_days: int) -> str:
    """The stored detail of a change, as :func:`crm.services.levels._detail` writes a live
    one plus its causes (written by hand: a demo writes a few hundred thousand)."""
    f = change.facts
    text = (
        f'{{"window_days": {window_days}, "facts": {{"purchase_days": {f.purchase_days},'
        f' "days_since_last": {_number(f.days_since_last)}, "active_referrals": {f.active_referrals},'
        f' "active_led_members": {f.active_led_members}}}'
    )
    if change.pinned and pin is not None:
        text += ", " + json.dumps({"pin": {"level": LEVELS[pin.level], "reason": pin.reason}})[1:-1]
    if change.causes:
        text += ', "cause": [' + ", ".join(_cause(c) for c in change.causes) + "]"
    return text + "}"


def _cause(cause: dict) -> str:
    """A cause's JSON, the common ones by hand."""
    kind = cause["kind"]
    if kind == "purchase":
        return f'{{"kind": "purchase", "purchase_days": {cause["purchase_days"]}}}'
    if kind == "left_window":
        last = "true" if cause["last"] else "false"
        return f'{{"kind": "left_window", "day": "{cause["day"]}", "last": {last}}}'
    if kind == "no_recent":
        return f'{{"kind": "no_recent", "days": {cause["days"]}}}'
    return json.dumps(cause, ensure_ascii=False)


class _Moments:
    """A key's moment as the text SQLite keeps (``YYYY-MM-DD HH:MM:SS``, the form a visit's
    ``at`` has), which PostgreSQL reads as a timestamp too."""

    def __init__(self):
        self.days: dict[int, str] = {}

    def __call__(self, key: int) -> str:
        ordinal, rest = divmod(key, DAY)
        day = self.days.get(ordinal)
        if day is None:
            day = self.days[ordinal] = date.fromordinal(ordinal).isoformat()
        if rest == 0:
            return f"{day} 00:00:00"
        seconds, micro = divmod(rest - 1, 1_000_000)
        minutes, second = divmod(seconds, 60)
        text = f"{day} {minutes // 60:02d}:{minutes % 60:02d}:{second:02d}"
        return f"{text}.{micro:06d}" if micro else text


def record_history(until: date, now: datetime) -> int:
    """Write every customer's level changes up to the end of ``until`` (none later than
    ``now``), each at the visit or the start of the day that caused it, and store the level
    and level_since each customer's history ends with; returns how many changes. The list
    statistics are left to :func:`crm.services.levels.refresh_all`, which then finds no
    level to change."""
    written = 0
    for rows, stored in history_batches(until, now):
        executemany(_INSERT, rows)
        executemany("UPDATE customer SET level = ?, level_since = ? WHERE id = ?", stored)
        written += len(rows)
    return written


def history_batches(
    until: date, now: datetime, customers: list[tuple[int, int, int | None]] | None = None
) -> Iterator[tuple[list[tuple], list[tuple]]]:
    """What :func:`record_history` writes, a batch at a time: the level_change rows
    (customer_id, from_level, to_level, at, reason, detail) and the (level, level_since, id)
    of the customers whose history ends in the batch, in customer order. ``customers``:
    every customer's (id, joined day's ordinal, referrer id) in id order, when they are not
    read from the customer table (a demo on PostgreSQL writes its customers last, with their
    levels; pins are read from the table all the same)."""
    r = rules()
    end = min(day_key(until.toordinal() + 1) - 1, moment_key(now))
    if customers is None:
        customers = [
            (cid, as_date(day).toordinal(), ref)
            for cid, day, ref in database.execute_sql(
                "SELECT id, joined, referrer_id FROM customer ORDER BY id"
            )
        ]
    size = (customers[-1][0] + 1) if customers else 1
    joined = array("l", [0]) * size
    referrer = array("q", [0]) * size
    for cid, day, ref in customers:
        joined[cid] = day
        referrer[cid] = ref or 0
    del customers
    members = _memberships()
    referrals, led = _Steps(), _Steps()

    # Pass over the purchases: keep their keys, and give referrers and leaders their steps.
    keys, start = array("q"), array("q", [0]) * (size + 1)
    for cid, days in purchase_days(until, last_id=size - 1):
        if cid >= size:
            continue
        start[cid] = len(keys)
        keys.extend(days)
        start[cid + 1] = len(keys)
        ref, leaders = referrer[cid], members.get(cid)
        if not ref and not leaders:
            continue
        if ref:
            referrals.add(ref, referral_steps(days, joined[cid], r.window_days))
        for leader, spans in (leaders or {}).items():
            led.add(leader, member_steps(days, spans, r.window_days))
    for cid in range(1, size + 1):  # customers without purchases: their slice is empty
        if start[cid] < start[cid - 1]:
            start[cid] = start[cid - 1]
    del members

    pins = pins_of(None)
    idle = compute_values(0, None, 1 << 30, 1 << 30, r) == 0  # nobody rises without a purchase
    rows: list[tuple] = []
    stored: list[tuple] = []  # (level, level_since, id): where each customer's history ends
    moment = _Moments()
    for cid in range(1, size):
        if not joined[cid]:
            continue
        own = keys[start[cid] : start[cid + 1]]  # an array: replay only reads it
        pin = pins.get(cid)
        if not own and pin is None and idle:
            continue
        changes = replay(own, joined[cid], r, referrals.of(cid), led.of(cid), pin, end)
        for c in changes:
            reason = "pin" if c.pinned else "rule"
            text = detail(c, pin, r.window_days)
            rows.append((cid, c.from_level, c.to_level, moment(c.key), reason, text))
        if changes:
            stored.append((rows[-1][2], rows[-1][3], cid))
        if len(rows) >= BATCH:
            yield rows, stored
            rows, stored = [], []
    if rows:
        yield rows, stored


def replay_customers(ids: list[int], until: date, now: datetime) -> dict[int, list[Change]]:
    """The replayed level changes of a few customers up to the end of ``until`` (none later
    than ``now``), from their own purchases and those of the customers they referred and
    the members of the communities they lead: what :func:`record_history` would write for
    them, read with a handful of queries (for the drops a refresh finds)."""
    r = rules()
    end = min(day_key(until.toordinal() + 1) - 1, moment_key(now))
    joined: dict[int, int] = {}
    referred: dict[int, int] = {}  # referred customer: their referrer among ids
    members: dict[int, dict[int, list[tuple[int, int]]]] = {}
    for chunk in chunks(ids):
        marks = in_marks(chunk)
        for cid, day in database.execute_sql(f"SELECT id, joined FROM customer WHERE id IN ({marks})", chunk):
            joined[cid] = as_date(day).toordinal()
        for cid, day, ref in database.execute_sql(
            f"SELECT id, joined, referrer_id FROM customer WHERE referrer_id IN ({marks})", chunk
        ):
            joined.setdefault(cid, as_date(day).toordinal())
            referred[cid] = ref
        for member, spans in _memberships(chunk).items():
            members.setdefault(member, {}).update(spans)
    wanted = sorted(set(ids) | set(referred) | set(members))
    own: dict[int, list[int]] = {}
    for chunk in chunks(wanted):
        own.update(purchase_days(until, chunk))
    referrals: dict[int, list[tuple[int, int]]] = {}
    led: dict[int, list[tuple[int, int]]] = {}
    for cid, ref in referred.items():
        referrals.setdefault(ref, []).extend(referral_steps(own.get(cid, []), joined[cid], r.window_days))
    for member, by_leader in members.items():
        for leader, spans in by_leader.items():
            led.setdefault(leader, []).extend(member_steps(own.get(member, []), spans, r.window_days))
    pins = pins_of(ids)
    return {
        cid: replay(
            own.get(cid, []), joined[cid], r, referrals.get(cid, []), led.get(cid, []), pins.get(cid), end
        )
        for cid in ids
        if cid in joined
    }
