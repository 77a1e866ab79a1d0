"""Levels in the database: bulk facts, stored current levels, pins, history.

Facts are gathered with three aggregate queries (purchases, converted
referrals, active led members) for all customers or a given set, as of any
date, so the level of every customer at any past date can be recomputed
without snapshots. :mod:`crm.levels` turns facts into levels.
"""

from __future__ import annotations

import json
import threading
from array import array
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from crm import clock
from crm.db import as_date, database, executemany
from crm.errors import InvalidInput
from crm.levels import (
    LEVELS,
    Explanation,
    Facts,
    Pin,
    Rules,
    compute_values,
    explain,
    level_index,
)
from crm.models import Customer, LevelChange
from crm.services import settings
from crm.services.common import Actor, audit, customer_or_not_found, require

# SQLite allows 32766 bound variables; stay well below for IN (...) lists.
_CHUNK = 5000

_memo = threading.local()


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


def rules() -> Rules:
    return Rules.from_settings(settings.get_all())


def _window(as_of: date, r: Rules) -> tuple[date, date]:
    """First and last day of "the last N days": D − N < d ≤ D (from the first day there is)."""
    if as_of.toordinal() < r.window_days:
        return date.min, as_of
    return as_of - timedelta(days=r.window_days - 1), as_of


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


def _in_clause(column: str, ids: list[int] | None) -> tuple[str, list]:
    if ids is None:
        return "", []
    return f" AND {column} IN ({','.join('?' * len(ids))})", list(ids)


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
            converted_referrals=self.converted.get(customer_id, 0),
            active_led_members=self.led.get(customer_id, 0),
        )


# The fact queries of SPEC 2.1, shared by the per-customer dicts (refreshes, one
# customer) and the whole-shop arrays (reports). "amount > 0" and "amount < 0" stay
# literal: SQLite only uses a partial index whose condition it can see in the query.
# Parameters: (lo, hi, *ids) in this order for every one of them.
def _purchases_sql(where: str) -> str:
    """customer id, purchase days in the window, last purchase day, purchase amount in the window."""
    return (
        "SELECT customer_id, COUNT(DISTINCT CASE WHEN day >= ? THEN day END), MAX(day),"
        " SUM(CASE WHEN day >= ? THEN amount ELSE 0 END)"
        " FROM visit WHERE amount > 0 AND day <= ?" + where + " GROUP BY customer_id"
    )


def _refunds_sql(where: str) -> str:
    return (
        "SELECT customer_id, SUM(amount) FROM visit WHERE amount < 0 AND day >= ? AND day <= ?"
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


def _fact_queries(lo: date, hi: date, ids: list[int] | None = None):
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
    lo, hi = _window(as_of, r)
    db = database
    purchase_days: dict[int, int] = {}
    last_purchase: dict[int, date] = {}
    converted: dict[int, int] = {}
    led: dict[int, int] = {}
    spend: dict[int, int] = {}
    for chunk in [None] if ids is None else list(_chunks(ids)):
        purchases, refunds, referrals, leaders = _fact_queries(lo, hi, ids=chunk)
        for cid, days, last, total in db.execute_sql(*purchases):
            purchase_days[cid] = days
            last_purchase[cid] = as_date(last)
            spend[cid] = int(total or 0)
        for cid, total in db.execute_sql(*refunds):
            spend[cid] = spend.get(cid, 0) + int(total or 0)
        converted.update(db.execute_sql(*referrals))
        led.update(db.execute_sql(*leaders))
    return RawFacts(purchase_days, last_purchase, converted, led, spend)


def _pins(ids: list[int] | None) -> dict[int, Pin]:
    out: dict[int, Pin] = {}
    for chunk in [None] if ids is None else list(_chunks(ids)):
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
    for chunk in _chunks(ids):
        out.extend(
            row[0]
            for row in database.execute_sql(
                f"SELECT id FROM customer WHERE joined <= ? AND id IN ({','.join('?' * len(chunk))})",
                [as_of, *chunk],
            )
        )
    return out


def _compute(
    as_of: date, ids: list[int] | None, joined_only: bool
) -> tuple[dict[int, int], RawFacts, dict[int, Pin]]:
    r = rules()
    facts = gather_facts(as_of, ids, r)
    pins = _pins(ids)
    return _levels_from(as_of, facts, pins, _candidates(as_of, ids, joined_only), r), facts, pins


def _levels_from(as_of: date, facts: RawFacts, pins: dict[int, Pin], candidates, r: Rules) -> dict[int, int]:
    pdays, last, conv, led = facts.purchase_days, facts.last_purchase, facts.converted, facts.led
    out: dict[int, int] = {}
    for cid in candidates:
        pin = pins.get(cid)
        if pin is not None and pin.active_on(as_of):
            out[cid] = pin.level
            continue
        lp = last.get(cid)
        out[cid] = compute_values(
            pdays.get(cid, 0), None if lp is None else (as_of - lp).days, conv.get(cid, 0), led.get(cid, 0), r
        )
    return out


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

    def items(self):
        absent = self.ABSENT
        return [(cid, level) for cid, level in enumerate(self.raw) if level != absent]

    def values(self):
        absent = self.ABSENT
        return [level for level in self.raw if level != absent]

    def counts(self) -> list[int]:
        """Customers at each level, by level index."""
        return [self.raw.count(level) for level in range(len(LEVELS))]

    def __reduce__(self):
        return (LevelTable, (self.raw,))


@dataclass(frozen=True)
class ShopFacts:
    """The facts of every customer as of one date, in arrays indexed by customer id
    (a few MB for 100,000 customers, where dicts took about 40)."""

    as_of: date
    purchase_days: array  # in the window
    last_purchase: array  # date ordinal of the last purchase on or before as_of; 0: none
    spend: array  # cents, purchases and refunds in the window
    converted: dict[int, int]
    led: dict[int, int]

    def last(self, customer_id: int) -> date | None:
        ordinal = self.last_purchase[customer_id]
        return date.fromordinal(ordinal) if ordinal else None


def _shop_levels(as_of: date, keep_facts: bool) -> tuple[LevelTable, ShopFacts | None]:
    """Every customer joined by ``as_of``: their level then, and with ``keep_facts`` the facts.

    The same queries as :func:`gather_facts`, streamed into arrays: the purchase rows are
    never all held at once."""
    r = rules()
    lo, hi = _window(as_of, r)
    purchases, refunds, referrals, leaders = _fact_queries(lo, hi)
    converted = dict(database.execute_sql(*referrals))
    led = dict(database.execute_sql(*leaders))
    size = int(database.execute_sql("SELECT MAX(id) FROM customer").fetchone()[0] or 0) + 1
    absent = LevelTable.ABSENT
    raw = bytearray([absent]) * size
    never = compute_values(0, None, 0, 0, r)
    for (cid,) in database.execute_sql("SELECT id FROM customer WHERE joined <= ?", [as_of]):
        raw[cid] = (
            compute_values(0, None, converted.get(cid, 0), led.get(cid, 0), r)
            if cid in converted or cid in led
            else never
        )
    if keep_facts:
        days_of, last_of, spend_of = (
            array("H", bytes(2 * size)),
            array("l", [0]) * size,
            array("q", [0]) * size,
        )
    for cid, days, last, total in database.execute_sql(*purchases):
        last = as_date(last)
        if keep_facts and cid < size:
            days_of[cid], last_of[cid], spend_of[cid] = days, last.toordinal(), int(total or 0)
        if cid < size and raw[cid] != absent:
            raw[cid] = compute_values(days, (as_of - last).days, converted.get(cid, 0), led.get(cid, 0), r)
    for cid, pin in _pins(None).items():
        if cid < size and raw[cid] != absent and pin.active_on(as_of):
            raw[cid] = pin.level
    if not keep_facts:
        return LevelTable(raw), None
    for cid, total in database.execute_sql(*refunds):
        if cid < size:
            spend_of[cid] += int(total or 0)
    return LevelTable(raw), ShopFacts(as_of, days_of, last_of, spend_of, converted, led)


def _memoised(as_of: date, keep_facts: bool) -> tuple[LevelTable, ShopFacts | None]:
    cache = getattr(_memo, "cache", None)
    if cache is None:
        return _shop_levels(as_of, keep_facts)
    levels_key, facts_key = ("levels", as_of), ("facts", as_of)
    if levels_key not in cache or (keep_facts and facts_key not in cache):
        levels, facts = _shop_levels(as_of, keep_facts)
        cache.setdefault(levels_key, levels)  # whoever holds the first answer keeps it
        if facts is not None:
            cache[facts_key] = facts
    return cache[levels_key], cache.get(facts_key)


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
    return _compute(as_of, None if ids is None else sorted(set(ids)), joined_only)[0]


def levels_and_facts(as_of: date) -> tuple[LevelTable, ShopFacts]:
    """Whole-shop levels (customers joined by ``as_of``) and the facts behind them, computed
    together (and kept by an active :func:`memo`, so later level lookups for the date are free)."""
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


def distribution(as_of: date | None = None) -> dict[str, int]:
    """{level key: count} over customers joined on or before the date.

    Without a date, the stored current levels (kept fresh by :func:`refresh_all`
    and after every change) of customers joined by today.
    """
    if as_of is not None:
        return count_levels(levels_as_of(as_of))
    counts = dict.fromkeys(LEVELS, 0)
    for level, n in database.execute_sql(
        "SELECT level, COUNT(*) FROM customer WHERE joined <= ? GROUP BY level", [clock.today()]
    ):
        counts[LEVELS[level]] = n
    return counts


def _detail(facts: Facts, pin: Pin | None) -> str:
    data: dict = {
        "facts": {
            "purchase_days": facts.purchase_days,
            "days_since_last": facts.days_since_last,
            "converted_referrals": facts.converted_referrals,
            "active_led_members": facts.active_led_members,
        }
    }
    if pin is not None:
        data["pin"] = {"level": LEVELS[pin.level], "reason": pin.reason}
    return json.dumps(data, ensure_ascii=False)


def _stats(cid: int, facts: RawFacts) -> tuple:
    return (facts.last_purchase.get(cid), facts.purchase_days.get(cid, 0), facts.spend.get(cid, 0))


def _store(new_levels: dict[int, int], facts: RawFacts, pins: dict[int, Pin], today: date) -> list[int]:
    """Write the levels and list stats that differ from the stored ones; record each level change."""
    ids = list(new_levels)
    columns = "id, level, last_purchase, purchase_days, spend_365"
    rows = []
    if len(ids) > 20_000:
        rows = database.execute_sql(f"SELECT {columns} FROM customer").fetchall()
    else:
        for chunk in _chunks(ids):
            rows.extend(
                database.execute_sql(
                    f"SELECT {columns} FROM customer WHERE id IN ({','.join('?' * len(chunk))})", chunk
                )
            )
    stored = {cid: level for cid, level, *_ in rows}
    stored_stats = {cid: (as_date(last), days, spend) for cid, _, last, days, spend in rows}
    stale = [
        (*new, cid) for cid in ids if cid in stored_stats and stored_stats[cid] != (new := _stats(cid, facts))
    ]
    if stale:
        executemany(
            "UPDATE customer SET last_purchase = ?, purchase_days = ?, spend_365 = ? WHERE id = ?", stale
        )
    changed = [cid for cid in ids if cid in stored and stored[cid] != new_levels[cid]]
    if not changed:
        return []
    moment = clock.now()
    history = []
    by_level: dict[int, list[int]] = {}
    for cid in changed:
        pin = pins.get(cid)
        pinned = pin is not None and pin.active_on(today)
        by_level.setdefault(new_levels[cid], []).append(cid)
        history.append(
            (
                cid,
                stored[cid],
                new_levels[cid],
                moment,
                "pin" if pinned else "rule",
                _detail(facts.facts(cid, today), pin if pinned else None),
            )
        )
    for level, members in by_level.items():
        for chunk in _chunks(members):
            database.execute_sql(
                f"UPDATE customer SET level = ?, level_since = ? WHERE id IN ({','.join('?' * len(chunk))})",
                [level, moment, *chunk],
            )
    executemany(
        'INSERT INTO level_change (customer_id, from_level, to_level, "at", reason, detail)'
        " VALUES (?, ?, ?, ?, ?, ?)",
        history,
    )
    return changed


def refresh_customers(customer_ids: Iterable[int], today: date | None = None) -> list[int]:
    """Recompute and store the current level of these customers; the ids whose level changed."""
    ids = sorted({int(i) for i in customer_ids if i is not None})
    if not ids:
        return []
    today = today or clock.today()
    with database.atomic():
        return _store(*_compute(today, ids, joined_only=False), today)


def refresh_all(today: date | None = None) -> int:
    """Recompute every customer's current level (levels decay with time); the number changed."""
    today = today or clock.today()
    with database.atomic():
        return len(_store(*_compute(today, None, joined_only=False), today))


def record_history(days: Iterable[date], closing: str = "22:00:00") -> int:
    """Write the level history a shop would have had: every customer's level as of each
    of ``days`` (oldest first) by the rules, and a level change wherever it moved from
    the day before (from "none" for someone new), dated at ``closing`` on that day.
    For a shop whose past arrives at once (the demo; a full import of its history);
    the stored levels are left to :func:`refresh_all`. Returns the number of changes."""
    moments = sorted(set(days))
    previous: LevelTable | None = None
    rows = []
    pins = _pins(None)
    for day in moments:
        levels, facts = _shop_levels(day, keep_facts=True)
        raw, before = levels.raw, previous.raw if previous is not None else b""
        at = f"{day.isoformat()} {closing}"
        absent = LevelTable.ABSENT
        for cid, level in enumerate(raw):
            if level == absent:
                continue
            old = before[cid] if cid < len(before) and before[cid] != absent else 0
            if level == old:
                continue
            last = facts.last(cid)
            pin = pins.get(cid)
            active_pin = pin if pin is not None and pin.active_on(day) else None
            detail = _detail(
                Facts(
                    purchase_days=facts.purchase_days[cid],
                    days_since_last=None if last is None else (day - last).days,
                    converted_referrals=facts.converted.get(cid, 0),
                    active_led_members=facts.led.get(cid, 0),
                ),
                active_pin,
            )
            rows.append((cid, old, level, at, "pin" if active_pin else "rule", detail))
        previous = levels
    executemany(
        'INSERT INTO level_change (customer_id, from_level, to_level, "at", reason, detail)'
        " VALUES (?, ?, ?, ?, ?, ?)",
        rows,
    )
    return len(rows)


def affected_by(customer_ids: Iterable[int], as_of: date | None = None) -> set[int]:
    """Customers whose level may move when these customers' purchases change:
    themselves, their referrers, and the leaders of communities they are members of."""
    ids = sorted({int(i) for i in customer_ids if i is not None})
    out = set(ids)
    if not ids:
        return out
    as_of = as_of or clock.today()
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        out.update(
            row[0]
            for row in database.execute_sql(
                f"SELECT referrer_id FROM customer WHERE id IN ({marks}) AND referrer_id IS NOT NULL", chunk
            )
        )
        out.update(
            row[0]
            for row in database.execute_sql(
                "SELECT g.leader_id FROM membership m JOIN community g ON g.id = m.community_id"
                f' WHERE m.customer_id IN ({marks}) AND (m."left" IS NULL OR m."left" > ?)',
                [*chunk, as_of],
            )
        )
    return out


# --- one customer ----------------------------------------------------------


def facts_of(customer_id: int, as_of: date | None = None) -> Facts:
    as_of = as_of or clock.today()
    customer_or_not_found(customer_id)
    return gather_facts(as_of, [customer_id]).facts(customer_id, as_of)


def explain_customer(customer_id: int, as_of: date | None = None) -> Explanation:
    """Why the customer is at their level as of the date, and what moves them up."""
    as_of = as_of or clock.today()
    pin = _pins([customer_or_not_found(customer_id).id]).get(customer_id)
    return explain(facts_of(customer_id, as_of), rules(), pin, as_of)


def pin_level(
    customer_id: int,
    level: str | int,
    reason: str,
    until: date | None = None,
    actor: Actor | None = None,
) -> list[int]:
    """Override the computed level while the pin lasts (through ``until`` inclusive)."""
    require(actor, "pin levels")
    index = level if isinstance(level, int) else _level_or_invalid(level)
    if not 0 <= index < len(LEVELS):
        raise InvalidInput("level", f"must be one of {', '.join(LEVELS)}")
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("reason", "a pinned level needs a reason")
    today = clock.today()
    if until is not None and until < today:
        raise InvalidInput("until", "the pin's end date is in the past")
    with database.atomic():
        customer = customer_or_not_found(customer_id)
        before = {"pin_level": customer.pin_level, "pin_reason": customer.pin_reason}
        Customer.update(
            pin_level=index,
            pin_reason=reason,
            pin_from=today,
            pin_until=until,
            pin_by=actor.staff_id if actor else None,
            updated_at=datetime.now(),
        ).where(Customer.id == customer_id).execute()
        audit(
            actor,
            "customer",
            customer_id,
            "pin level",
            before,
            {"pin_level": LEVELS[index], "pin_reason": reason, "pin_until": until},
        )
        return refresh_customers([customer_id], today)


def unpin_level(customer_id: int, actor: Actor | None = None) -> list[int]:
    require(actor, "pin levels")
    with database.atomic():
        customer = customer_or_not_found(customer_id)
        if customer.pin_level is None:
            return []
        before = {"pin_level": LEVELS[customer.pin_level], "pin_reason": customer.pin_reason}
        Customer.update(
            pin_level=None,
            pin_reason=None,
            pin_from=None,
            pin_until=None,
            pin_by=None,
            updated_at=datetime.now(),
        ).where(Customer.id == customer_id).execute()
        audit(actor, "customer", customer_id, "unpin level", before, None)
        changed = refresh_customers([customer_id])
        if changed:
            LevelChange.update(reason="unpin").where(
                LevelChange.id
                == LevelChange.select(LevelChange.id)
                .where(LevelChange.customer == customer_id)
                .order_by(LevelChange.id.desc())
                .limit(1)
            ).execute()
        return changed


def _level_or_invalid(key: str) -> int:
    try:
        return level_index(key)
    except ValueError as exc:
        raise InvalidInput("level", str(exc)) from None


@dataclass(frozen=True)
class LevelChangeInfo:
    at: datetime
    from_level: str
    to_level: str
    reason: str
    detail: dict


def history(customer_id: int) -> list[LevelChangeInfo]:
    rows = (
        LevelChange.select(
            LevelChange.at,
            LevelChange.from_level,
            LevelChange.to_level,
            LevelChange.reason,
            LevelChange.detail,
        )
        .where(LevelChange.customer == customer_id)
        .order_by(LevelChange.at, LevelChange.id)
        .tuples()
    )
    return [
        LevelChangeInfo(at, LEVELS[a], LEVELS[b], reason, json.loads(detail) if detail else {})
        for at, a, b, reason, detail in rows
    ]
