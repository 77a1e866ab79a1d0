"""One customer's level through time, replayed from their events (SPEC 2.1): pure, no database.

A moment is a *key*, an int that sorts like time: ``ordinal * DAY`` is the start of a
day, ``ordinal * DAY + 1 + microsecond of the day`` a visit's moment. The rules are
evaluated at every key where one of the customer's facts moves: their first purchase
of a day (at its moment), a purchase day leaving the window and a last purchase
getting too old for a recency rule (at the start of that day), a referred customer or
a member of a community they lead becoming active or not, the day they joined, a pin
starting or ending. Evaluated at a key, the facts are those of that day counting the
visits up to that moment; at the end of a day they are the facts "as of" that day,
so the last level replayed is the one :func:`crm.levels.compute` gives.

:func:`replay` gives the changes, each with the facts at its moment and what caused
it; :func:`active_runs` and friends turn another customer's purchases into the +1/-1
steps of an "active referral" or "active member" count.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date, datetime, timedelta
from typing import NamedTuple

from crm.levels import Pin, Rules, compute_values

DAY = 100_000_000_000  # key units per day; above the microseconds of a day (86,400,000,000)
FOREVER = 1 << 62

# Event kinds, in the order they are applied within one key (all are applied before the rules run).
BUY, LEAVE, RECENT, REFERRAL, LED, JOIN, PIN = range(7)


def day_key(ordinal: int) -> int:
    return ordinal * DAY


def visit_key(ordinal: int, microsecond_of_day: int) -> int:
    return ordinal * DAY + 1 + microsecond_of_day


def moment_key(moment: datetime) -> int:
    """The key of a moment (a visit's, or now)."""
    seconds = (moment.hour * 60 + moment.minute) * 60 + moment.second
    return visit_key(moment.toordinal(), seconds * 1_000_000 + moment.microsecond)


def key_moment(key: int) -> datetime:
    """The moment of a key: midnight for a day's start, else the visit's time."""
    ordinal, rest = divmod(key, DAY)
    start = datetime.combine(date.fromordinal(ordinal), datetime.min.time())
    return start if rest == 0 else start + timedelta(microseconds=rest - 1)


def is_day_start(key: int) -> bool:
    return key % DAY == 0


# --- other customers' purchases as +1/-1 steps ---------------------------------------------


def active_runs(purchases: list[int], window_days: int) -> list[tuple[int, int]]:
    """[start, end) keys during which a customer has a purchase in the window, from the
    sorted keys of their first purchase of each purchase day: active from a purchase's
    moment until the start of the day its purchase day (the last of a run) leaves."""
    runs: list[list[int]] = []  # [start, end] pairs, read as tuples
    for key in purchases:
        end = (key // DAY + window_days) * DAY
        if runs and key < runs[-1][1]:
            runs[-1][1] = end
        else:
            runs.append([key, end])
    return runs  # type: ignore[return-value]


def union(intervals: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for start, end in sorted(intervals):
        if out and start <= out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return [(start, end) for start, end in out]


def intersect(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The intersection of two sorted lists of disjoint [start, end) intervals."""
    out, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        start, end = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if start < end:
            out.append((start, end))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


def steps(intervals: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """(key, +1) at each start and (key, -1) at each end (none for FOREVER)."""
    out = []
    for start, end in intervals:
        out.append((start, 1))
        if end < FOREVER:
            out.append((end, -1))
    return out


def referral_steps(purchases: list[int], joined: int, window_days: int) -> list[tuple[int, int]]:
    """A referred customer's (key, ±1) steps of their referrer's active referrals: counted
    from the day they joined while they have a purchase in the window."""
    return steps(intersect(active_runs(purchases, window_days), [(day_key(joined), FOREVER)]))


def member_steps(
    purchases: list[int], spans: list[tuple[int, int]], window_days: int
) -> list[tuple[int, int]]:
    """A member's (key, ±1) steps of one leader's active members: while they are a member of
    one of that leader's live communities (``spans``, [start, end) keys) and have a purchase
    in the window."""
    return steps(intersect(active_runs(purchases, window_days), union(spans)))


# --- one customer's replay -----------------------------------------------------------------


class Counted(NamedTuple):
    """A customer's rule inputs at a key: the fields of :class:`crm.levels.Facts`
    (``Facts(*counted)`` is one), as a plain tuple since a big shop makes hundreds of thousands."""

    purchase_days: int
    days_since_last: int | None
    active_referrals: int
    active_led_members: int


class Change(NamedTuple):
    key: int
    from_level: int
    to_level: int
    facts: Counted
    pinned: bool
    causes: tuple[dict, ...]

    @property
    def at(self) -> datetime:
        return key_moment(self.key)


_RISING = {"purchase", "joined", "pin_started", "pin_ended"}
_FALLING = {"left_window", "no_recent", "pin_started", "pin_ended"}


def _causes(happened: list[tuple[int, int]], facts: Counted, rose: bool) -> tuple[dict, ...]:
    """What happened at the key, in words for the stored detail: only what moves the level
    the way it went (a purchase day leaving does not explain a rise), when something does."""
    out: list[dict] = []
    referrals = led = 0
    for kind, arg in happened:
        if kind == BUY:
            out.append({"kind": "purchase", "purchase_days": facts.purchase_days})
        elif kind == LEAVE:
            out.append(
                {
                    "kind": "left_window",
                    "day": date.fromordinal(arg).isoformat(),
                    "last": facts.purchase_days == 0,
                }
            )
        elif kind == RECENT:
            out.append({"kind": "no_recent", "days": arg})
        elif kind == REFERRAL:
            referrals += arg
        elif kind == LED:
            led += arg
        elif kind == JOIN:
            out.append({"kind": "joined"})
        elif kind == PIN:
            out.append({"kind": "pin_started" if arg else "pin_ended"})
    if referrals:
        out.append({"kind": "referral", "change": referrals, "active": facts.active_referrals})
    if led:
        out.append({"kind": "led", "change": led, "active": facts.active_led_members})
    wanted = [
        c
        for c in out
        if c["kind"] in (_RISING if rose else _FALLING)
        or (c["kind"] in ("referral", "led") and (c["change"] > 0) == rose)
    ]
    return tuple(wanted or out)


def replay(
    purchases: list[int],
    joined: int,
    r: Rules,
    referrals: list[tuple[int, int]] = (),
    led: list[tuple[int, int]] = (),
    pin: Pin | None = None,
    end: int = FOREVER,
) -> list[Change]:
    """The level changes of one customer up to the key ``end`` (included), from "none".

    ``purchases``: sorted keys of the first purchase of each of their purchase days;
    ``joined``: the ordinal of the day they joined (nothing is recorded before);
    ``referrals``, ``led``: (key, ±1) steps of their active referrals and active led
    members; ``pin``: their pin, which holds the level on the days it is active.

    Between two events no rule input crosses a threshold: the purchase days in the window
    are counted when the rules run, and a purchase day leaving the window is an event
    only where the count falls below a rule's minimum (the other departures move nothing)."""
    window_days = r.window_days
    recencies = sorted({r.strong_recent_days, r.strong_referral_recent_days, r.weak_recent_days})
    minimums = {r.strong_purchase_days, r.strong_referral_purchase_days, r.weak_purchase_days}
    minimums.add(r.micro_purchase_days)
    shortest = recencies[0]
    last_day = end // DAY
    # The purchases are walked in order beside the other events, which are few and sorted.
    events: list[tuple[int, int, int]] = []
    append = events.append
    days = [key // DAY for key in purchases]
    count, ahead = len(days), 0
    for index, day in enumerate(days):
        leaves = day + window_days
        if leaves <= last_day:
            while ahead < count and days[ahead] < leaves:
                ahead += 1
            if ahead - index in minimums:  # the purchase days in the window the day before it leaves
                append((leaves * DAY, LEAVE, day))
        after = days[index + 1] if index + 1 < count else FOREVER
        if after > day + shortest:  # a gap long enough for a recency rule to lapse
            for recent in recencies:
                lapse = day + recent + 1
                if lapse <= after and lapse <= last_day:
                    append((lapse * DAY, RECENT, recent))
    events.extend((key, REFERRAL, delta) for key, delta in referrals if key <= end)
    events.extend((key, LED, delta) for key, delta in led if key <= end)
    joined_key = joined * DAY
    append((joined_key, JOIN, 0))
    if pin is not None:
        if pin.since is not None:
            append((day_key(pin.since.toordinal()), PIN, 1))
        if pin.until is not None:
            append((day_key(pin.until.toordinal() + 1), PIN, 0))
    events.sort()
    events.append((FOREVER * 2, -1, 0))  # ends the walk

    level = bought = active = members = 0
    last: int | None = None
    changes: list[Change] = []
    at = 0  # the next event
    upcoming = events[0][0]
    for purchase in (*purchases, FOREVER * 2):
        # Every key up to this purchase's, in order: the events before it alone, then its own.
        while True:
            key = purchase if purchase <= upcoming else upcoming
            if key > end:
                return changes
            first = at
            while events[at][0] == key:
                _, kind, arg = events[at]
                at += 1
                if kind == REFERRAL:
                    active += arg
                elif kind == LED:
                    members += arg
            upcoming = events[at][0]
            bought_now = key == purchase
            if bought_now:
                bought += 1
                last = key // DAY
            if key >= joined_key:  # the rules decide, every event at ``key`` applied
                day = key // DAY
                since = None if last is None else day - last
                in_window = bought - bisect_right(days, day - window_days, 0, bought)
                pinned = pin is not None and pin.active_on(date.fromordinal(day))
                new = pin.level if pinned else compute_values(in_window, since, active, members, r)
                if new != level:
                    facts = Counted(in_window, since, active, members)
                    happened = [(k, a) for _, k, a in events[first:at]]
                    if bought_now:
                        happened.insert(0, (BUY, day))
                    changes.append(
                        Change(key, level, new, facts, pinned, _causes(happened, facts, new > level))
                    )
                    level = new
            if bought_now:
                break
    return changes
