"""The level history of a shop whose past arrives at once (the demo; a full import),
replayed in one pass over its purchases (SPEC 2.1).

Every customer's purchase days (with the moment of the day's first purchase) come in
customer order (:mod:`crm.services.replay_purchases`: read from the visits, or from
the purchases a demo drew). On the way, each referred customer's and each community
member's purchases become the +1/-1 steps of their referrer's active referrals and
their leaders' active members; the purchase keys themselves are kept in one array of
64-bit ints (8 bytes a purchase day, not a Python object each). Then every customer's
own events are replayed (:func:`crm.level_replay.replay`) and each change is written
at the moment that caused it, with the facts and the cause the timeline shows.
"""

from __future__ import annotations

import json
from array import array
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import NamedTuple

from crm.db import as_date, database, executemany
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
from crm.levels import LEVELS, Pin, Rules, compute_values
from crm.services.level_facts import chunks, in_marks, pins_of, rules
from crm.services.replay_purchases import purchase_days

BATCH = 20_000
_INSERT = (
    'INSERT INTO level_change (customer_id, from_level, to_level, "at", reason, detail)'
    " VALUES (?, ?, ?, ?, ?, ?)"
)


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


def record_history(
    until: date, now: datetime, purchases: Iterable[tuple[int, list[int]]] | None = None
) -> int:
    """Write every customer's level changes up to the end of ``until`` (none later than
    ``now``), each at the visit or the start of the day that caused it, and store the level
    and level_since each customer's history ends with; returns how many changes. The list
    statistics are left to :func:`crm.services.levels.refresh_all`, which then finds no
    level to change. ``purchases``: as :func:`history_batches`."""
    return write_history(history_batches(until, now, purchases=purchases))


def write_history(batches: Iterable[tuple[list[tuple], list[tuple]]]) -> int:
    """The level changes and stored levels of :func:`history_batches` written; how many changes."""
    written = 0
    for rows, stored in batches:
        executemany(_INSERT, rows)
        executemany("UPDATE customer SET level = ?, level_since = ? WHERE id = ?", stored)
        written += len(rows)
    return written


class ShopHistory(NamedTuple):
    """What a whole shop's replay reads from the database besides the purchases
    (:func:`shop_history`); the replay itself (:func:`replayed`) reads nothing more."""

    until: date
    rules: Rules
    end: int  # the last key replayed
    joined: array  # each customer's joined day's ordinal by id, 0 for no customer
    referrer: array  # each customer's referrer id by id, 0 for none
    members: dict[int, dict[int, list[tuple[int, int]]]]
    pins: dict[int, Pin]


def shop_history(
    until: date, now: datetime, customers: list[tuple[int, int, int | None]] | None = None
) -> ShopHistory:
    """The rules, customers, communities' members and pins a whole shop's replay up to the end
    of ``until`` (none later than ``now``) stands on. ``customers``: as :func:`history_batches`."""
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
    end = min(day_key(until.toordinal() + 1) - 1, moment_key(now))
    return ShopHistory(until, rules(), end, joined, referrer, _memberships(), pins_of(None))


def history_batches(
    until: date,
    now: datetime,
    customers: list[tuple[int, int, int | None]] | None = None,
    purchases: Iterable[tuple[int, list[int]]] | None = None,
) -> Iterator[tuple[list[tuple], list[tuple]]]:
    """What :func:`record_history` writes, a batch at a time: the level_change rows
    (customer_id, from_level, to_level, at, reason, detail) and the (level, level_since, id)
    of the customers whose history ends in the batch, in customer order. ``customers``:
    every customer's (id, joined day's ordinal, referrer id) in id order, when they are not
    read from the customer table (a demo on PostgreSQL writes its customers last, with their
    levels; pins are read from the table all the same). ``purchases``: what
    :func:`purchase_days` gives of the whole shop, when the caller holds them (the demo that
    drew them); else they are read from the visits. The shop is read before this returns."""
    shop = shop_history(until, now, customers)
    if purchases is None:
        purchases = purchase_days(until, last_id=len(shop.joined) - 1)
    return replayed(shop, purchases)


def replayed(
    shop: ShopHistory, purchases: Iterable[tuple[int, list[int]]]
) -> Iterator[tuple[list[tuple], list[tuple]]]:
    """:func:`history_batches` of ``shop`` and its ``purchases``: reads the database only
    through ``purchases``."""
    r, joined, pins = shop.rules, shop.joined, shop.pins
    keys, start, referrals, led = _purchase_pass(shop, purchases)
    idle = compute_values(0, None, 1 << 30, 1 << 30, r) == 0  # nobody rises without a purchase
    rows: list[tuple] = []
    stored: list[tuple] = []  # (level, level_since, id): where each customer's history ends
    moment = _Moments()
    for cid in range(1, len(joined)):
        if not joined[cid]:
            continue
        own = keys[start[cid] : start[cid + 1]]  # an array: replay only reads it
        pin = pins.get(cid)
        if not own and pin is None and idle:
            continue
        changes = replay(own, joined[cid], r, referrals.of(cid), led.of(cid), pin, shop.end)
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


def _purchase_pass(shop: ShopHistory, purchases: Iterable[tuple[int, list[int]]]) -> tuple:
    """One pass over the purchases: their keys in one array (``start[cid]`` … ``start[cid + 1]``
    a customer's), and the referrers' and leaders' steps they make."""
    window_days, joined, referrer, members = shop.rules.window_days, shop.joined, shop.referrer, shop.members
    size = len(joined)
    referrals, led = _Steps(), _Steps()
    keys, start = array("q"), array("q", [0]) * (size + 1)
    for cid, days in purchases:
        if cid >= size:
            continue
        start[cid] = len(keys)
        keys.extend(days)
        start[cid + 1] = len(keys)
        ref, leaders = referrer[cid], members.get(cid)
        if not ref and not leaders:
            continue
        if ref:
            referrals.add(ref, referral_steps(days, joined[cid], window_days))
        for leader, spans in (leaders or {}).items():
            led.add(leader, member_steps(days, spans, window_days))
    for cid in range(1, size + 1):  # customers without purchases: their slice is empty
        if start[cid] < start[cid - 1]:
            start[cid] = start[cid - 1]
    return keys, start, referrals, led


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
