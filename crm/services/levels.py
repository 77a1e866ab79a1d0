"""Stored levels: refreshing them, their history, and who moves with whom.

Each customer row keeps its current level (and the list statistics beside it);
:func:`refresh_customers` and :func:`refresh_all` recompute them from the facts
(:mod:`crm.services.level_facts`) and record every change in ``level_change``.
The whole shop as of a past date is :mod:`crm.services.shop_levels`; one
customer's pin and explanation are :mod:`crm.services.customer_level`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from crm import clock
from crm.db import as_date, database, executemany, stream_rows
from crm.level_replay import is_day_start
from crm.levels import LEVELS, Explanation, Facts, Pin, explain
from crm.models import LevelChange
from crm.services import level_replay, shop_refresh
from crm.services.level_facts import RawFacts, chunks, compute, in_marks, rules
from crm.services.shop_levels import count_levels, levels_as_of
from crm.statements import Statement


def distribution(as_of: date | None = None, current_only: bool = False) -> dict[str, int]:
    """{level key: count} over customers joined on or before the date (SPEC 4: archived and
    erased ones too, their history is real).

    Without a date, the stored current levels (kept fresh by :func:`refresh_all`
    and after every change) of customers joined by today; with ``current_only``, of
    the shop's current customers only, as the app's screens count them (not archived,
    not erased).
    """
    if as_of is not None:
        return count_levels(levels_as_of(as_of))
    counts = dict.fromkeys(LEVELS, 0)
    where = "joined <= ?" + (" AND archived = ? AND erased = ?" if current_only else "")
    params = [clock.today(), *((False, False) if current_only else ())]
    for level, n in database.execute_sql(
        f"SELECT level, COUNT(*) FROM customer WHERE {where} GROUP BY level", params
    ):
        counts[LEVELS[level]] = n
    return counts


def set_aside() -> int:
    """Customers archived or erased (joined by today): what the screens leave out of their counts."""
    row = database.execute_sql(
        "SELECT COUNT(*) FROM customer WHERE joined <= ? AND (archived = ? OR erased = ?)",
        [clock.today(), True, True],
    ).fetchone()
    return int(row[0])


def _detail(facts: Facts, pin: Pin | None, window_days: int) -> str:
    data: dict = {
        "window_days": window_days,
        "facts": {
            "purchase_days": facts.purchase_days,
            "days_since_last": facts.days_since_last,
            "active_referrals": facts.active_referrals,
            "active_led_members": facts.active_led_members,
        },
    }
    if pin is not None:
        data["pin"] = {"level": LEVELS[pin.level], "reason": pin.reason}
    return json.dumps(data, ensure_ascii=False)


_STORED = "id, level, last_purchase, purchase_days, spend_365"


def _store(new_levels: dict[int, int], facts: RawFacts, pins: dict[int, Pin], today: date) -> list[int]:
    """Write the levels and list stats of these customers that differ from the stored ones;
    record each level change. The ids whose level changed."""
    ids = list(new_levels)
    rows: Iterable[tuple] = []
    if len(ids) > 20_000:
        # Every customer, a batch at a time (a million are never all held).
        rows = stream_rows(f"SELECT {_STORED} FROM customer")
    else:
        rows = []
        for chunk in chunks(ids):
            rows.extend(
                database.execute_sql(f"SELECT {_STORED} FROM customer WHERE id IN ({in_marks(chunk)})", chunk)
            )
    return store_rows(rows, new_levels, facts, pins, today)


def store_rows(
    rows: Iterable[tuple],
    new_levels: dict[int, int],
    facts: RawFacts,
    pins: dict[int, Pin],
    today: date,
    writes: list[Statement] | None = None,
    window_days: int | None = None,
) -> list[int]:
    """:func:`_store` from the stored (id, level, last purchase, purchase days, spend) rows the
    caller read; with ``writes``, the statements are added to it for the caller to send
    (:func:`crm.statements.send_together`) instead of being run here."""
    stored: dict[int, int] = {}
    changed: list[int] = []
    stale = []
    days_of: dict = {}  # a few thousand distinct days: parse each once
    level_of = new_levels.get
    last_of, purchase_days_of, spend_of = facts.last_purchase.get, facts.purchase_days.get, facts.spend.get
    for cid, level, last, days, spend in rows:
        new_level = level_of(cid)
        if new_level is None:
            continue
        stored[cid] = level
        if level != new_level:
            changed.append(cid)
        day = days_of[last] if last in days_of else days_of.setdefault(last, as_date(last))
        new = (last_of(cid), purchase_days_of(cid, 0), spend_of(cid, 0))
        if (day, days, spend) != new:
            stale.append((*new, cid))
    changed.sort()  # in the order of the ids (sorted by the callers), as the rows may not be
    if writes is None:
        _write_stats(stale)
        return _record(changed, stored, new_levels, facts, pins, today)
    _record_together(writes, changed, stale, stored, new_levels, facts, pins, today, window_days)
    return changed


_WRITE_STATS = "UPDATE customer SET last_purchase = ?, purchase_days = ?, spend_365 = ? WHERE id = ?"
_WRITE_CHANGE = (
    'INSERT INTO level_change (customer_id, from_level, to_level, "at", reason, detail)'
    " VALUES (?, ?, ?, ?, ?, ?)"
)


def _write_stats(stale: list[tuple]) -> None:
    """Store the list stats of (last purchase, purchase days, spend, id) rows."""
    if stale:
        executemany(_WRITE_STATS, stale)


def _record_together(
    writes: list[Statement],
    changed: list[int],
    stale: list[tuple],
    stored: dict[int, int],
    new_levels: dict[int, int],
    facts: RawFacts,
    pins: dict[int, Pin],
    today: date,
    window_days: int | None,
) -> None:
    """What :func:`_write_stats` and :func:`_record` write, as statements added to ``writes``:
    one UPDATE per customer, in id order, whatever moved (on PostgreSQL an update writes the
    row anew with an entry in each of the customer indexes: two updates, twice that work)."""
    moment = clock.now()
    stats = {row[3]: row[:3] for row in stale}
    moved = set(changed)
    for cid in sorted(moved | set(stats)):
        if cid not in stats:
            writes.append(
                (
                    "UPDATE customer SET level = ?, level_since = ? WHERE id = ?",
                    [new_levels[cid], moment, cid],
                )
            )
        elif cid in moved:
            writes.append(
                (
                    "UPDATE customer SET level = ?, level_since = ?,"
                    " last_purchase = ?, purchase_days = ?, spend_365 = ? WHERE id = ?",
                    [new_levels[cid], moment, *stats[cid], cid],
                )
            )
        else:
            writes.append((_WRITE_STATS, [*stats[cid], cid]))
    if changed:
        window_days = rules().window_days if window_days is None else window_days
        history = _history(changed, stored, new_levels, facts, pins, today, moment, window_days, {})
        writes.extend((_WRITE_CHANGE, row) for row in history)


def _history(changed, stored, new_levels, facts, pins, today, moment, window_days, dated) -> list[tuple]:
    """The level_change rows of the ``changed`` customers, in their order (``dated``: the rows
    of drops dated when they happened, :func:`_lapsed`, in place of one row now)."""
    history = []
    for cid in changed:
        pin = pins.get(cid)
        pinned = pin is not None and pin.active_on(today)
        if cid in dated:
            history.extend(dated[cid])
            continue
        history.append(
            (
                cid,
                stored[cid],
                new_levels[cid],
                moment,
                "pin" if pinned else "rule",
                _detail(facts.facts(cid, today), pin if pinned else None, window_days),
            )
        )
    return history


def _record(
    changed: list[int],
    stored: dict[int, int],
    new_levels: dict[int, int],
    facts: RawFacts,
    pins: dict[int, Pin],
    today: date,
    lapses: bool = False,
) -> list[int]:
    """Store the new level of the ``changed`` customers and record each change, in their order.
    With ``lapses``, a drop that time alone made is dated when it happened (:func:`_lapsed`)."""
    if not changed:
        return []
    moment = clock.now()
    window_days = rules().window_days
    dated = _lapsed(changed, stored, new_levels, pins, today, moment) if lapses else {}
    history = _history(changed, stored, new_levels, facts, pins, today, moment, window_days, dated)
    by_level: dict[int, list[int]] = {}
    for cid in changed:
        if cid not in dated:
            by_level.setdefault(new_levels[cid], []).append(cid)
    for level, members in by_level.items():
        for chunk in chunks(members):
            database.execute_sql(
                f"UPDATE customer SET level = ?, level_since = ? WHERE id IN ({in_marks(chunk)})",
                [level, moment, *chunk],
            )
    if dated:
        executemany(
            "UPDATE customer SET level = ?, level_since = ? WHERE id = ?",
            [(rows[-1][2], rows[-1][3], cid) for cid, rows in dated.items()],
        )
    executemany(_WRITE_CHANGE, history)
    return changed


def _lapsed(
    changed: list[int],
    stored: dict[int, int],
    new_levels: dict[int, int],
    pins: dict[int, Pin],
    today: date,
    now,
) -> dict[int, list[tuple]]:
    """The level_change rows of the drops that time alone made since each customer's level
    was stored, dated at the start of the day each happened, with its cause: where the
    customer's replayed history (:func:`crm.services.level_replay.replay_customers`) goes
    from the stored level to the new one by such drops alone after ``level_since``. The
    others (a drop after an edit, or after the rules changed) are left to be dated now."""
    dropped = [
        cid
        for cid in changed
        if new_levels[cid] < stored[cid] and not (cid in pins and pins[cid].active_on(today))
    ]
    if not dropped:
        return {}
    since: dict[int, datetime] = {}
    for chunk in chunks(dropped):
        for cid, at in database.execute_sql(
            "SELECT id, level_since FROM customer"
            f" WHERE id IN ({in_marks(chunk)}) AND level_since IS NOT NULL",
            chunk,
        ):
            since[cid] = at if isinstance(at, datetime) else datetime.fromisoformat(str(at))
    window_days = rules().window_days
    out: dict[int, list[tuple]] = {}
    for cid, changes in level_replay.replay_customers(sorted(since), today, now).items():
        after = [c for c in changes if c.at > since[cid]]
        if (
            after
            and after[0].from_level == stored[cid]
            and after[-1].to_level == new_levels[cid]
            and all(is_day_start(c.key) and c.to_level < c.from_level and not c.pinned for c in after)
        ):
            out[cid] = [
                (cid, c.from_level, c.to_level, c.at, "rule", level_replay.detail(c, None, window_days))
                for c in after
            ]
    return out


def refresh_customers(customer_ids: Iterable[int], today: date | None = None) -> list[int]:
    """Recompute and store the current level of these customers; the ids whose level changed."""
    ids = sorted({int(i) for i in customer_ids if i is not None})
    return _recompute(ids, today or clock.today())[0] if ids else []


def refresh_explaining(
    customer_ids: Iterable[int], customer_id: int, today: date | None = None
) -> tuple[list[int], Callable[[], Explanation]]:
    """:func:`refresh_customers` (``customer_id`` among them), and a function that says why
    that customer now sits where they do, from the same facts instead of gathering them
    again (called only by whoever shows it, so a save that nobody watches pays nothing)."""
    ids = sorted({int(i) for i in customer_ids if i is not None} | {customer_id})
    today = today or clock.today()
    changed, facts, pins = _recompute(ids, today)
    customer_facts, pin = facts.facts(customer_id, today), pins.get(customer_id)
    return changed, lambda: explain(customer_facts, rules(), pin, today)


def _recompute(ids: list[int], today: date) -> tuple[list[int], RawFacts, dict[int, Pin]]:
    """Store these customers' levels as of today: the ids that changed, and the facts and pins used."""
    with database.atomic():
        new_levels, facts, pins = compute(today, ids, joined_only=False)
        return _store(new_levels, facts, pins, today), facts, pins


def refresh_all(today: date | None = None, date_lapses: bool = False) -> int:
    """Recompute every customer's current level (levels decay with time); the number changed.

    With ``date_lapses`` (the refresh when the app starts, after the shop was closed for
    days), a drop that time alone made is recorded at the start of the day it happened,
    with what lapsed, rather than at the moment the app started. The whole shop is read and
    compared at once (:mod:`crm.services.shop_refresh`); only what changed is written."""
    today = today or clock.today()
    with database.atomic():
        found = shop_refresh.compare(today, rules())
        _write_stats(found.stale)
        changed = _record(
            found.changed, found.stored, found.new_levels, found.facts, found.pins, today, date_lapses
        )
        return len(changed)


def record_history(until: date, now: datetime | None = None) -> int:
    """Write the level history a shop would have had up to ``until`` (none later than
    ``now``): every customer's changes replayed from their own events, each at the visit
    or the start of the day that caused it (:mod:`crm.services.level_replay`), and each
    customer's stored level and level_since where their history ends.
    For a shop whose past arrives at once (the demo; a full import of its history); the
    list statistics are left to :func:`refresh_all`. Returns the number of changes."""
    return level_replay.record_history(until, now or clock.now())


def affected_by(customer_ids: Iterable[int], as_of: date | None = None) -> set[int]:
    """Customers whose level may move when these customers' purchases change:
    themselves, their referrers, and the leaders of communities they are members of."""
    ids = sorted({int(i) for i in customer_ids if i is not None})
    out = set(ids)
    if not ids:
        return out
    as_of = as_of or clock.today()
    for chunk in chunks(ids):
        marks = in_marks(chunk)
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
