"""The level replay (crm.level_replay) against the rules applied by brute force.

A small random history (a customer's purchases, their referred customers, members of
communities they lead, a pin) is replayed; at every moment where anything can happen
(each day's start, each visit) the facts are counted again from the raw visits as SPEC
2.1 says and the rules applied. The replay must record exactly the moves those give,
at those moments, with those facts."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from crm.level_replay import (
    DAY,
    Change,
    is_day_start,
    key_moment,
    member_steps,
    referral_steps,
    replay,
    visit_key,
)
from crm.levels import Facts, Pin, Rules, compute, level_of

START = date(2026, 1, 1).toordinal()
SPAN = 60  # days of history

visits = st.lists(
    st.tuples(st.integers(0, SPAN - 1), st.integers(0, 86_399)), max_size=10
)  # (day offset, second of the day)

rules = st.builds(
    Rules,
    window_days=st.integers(3, 20),
    strong_purchase_days=st.integers(2, 5),
    strong_recent_days=st.integers(1, 8),
    strong_referral_min=st.integers(1, 2),
    strong_referral_purchase_days=st.integers(1, 3),
    strong_referral_recent_days=st.integers(2, 12),
    weak_purchase_days=st.integers(1, 3),
    weak_recent_days=st.integers(2, 12),
    micro_purchase_days=st.integers(1, 2),
    super_active_referrals=st.integers(1, 3),
    super_active_led_members=st.integers(1, 3),
)


def _keys(raw: list[tuple[int, int]]) -> list[int]:
    return [visit_key(START + day, second * 1_000_000) for day, second in raw]


def _first_of_each_day(keys: list[int]) -> list[int]:
    """What the service reads from the database: the first purchase of each purchase day."""
    first: dict[int, int] = {}
    for key in keys:
        first[key // DAY] = min(key, first.get(key // DAY, key))
    return sorted(first.values())


class Brute:
    """The facts and level at a moment, counted again from every raw visit."""

    def __init__(self, own, joined, referred, members, pin, r):
        self.own, self.joined, self.referred, self.members, self.pin, self.r = (
            own,
            joined,
            referred,
            members,
            pin,
            r,
        )

    def _active(self, keys: list[int], key: int) -> bool:
        day = key // DAY
        return any(k <= key and day - self.r.window_days < k // DAY for k in keys)

    def facts(self, key: int) -> Facts:
        day = key // DAY
        seen = [k // DAY for k in self.own if k <= key]
        return Facts(
            purchase_days=len({d for d in seen if day - self.r.window_days < d}),
            days_since_last=day - max(seen) if seen else None,
            active_referrals=sum(joined <= day and self._active(keys, key) for joined, keys in self.referred),
            active_led_members=sum(
                any(start <= day < end for start, end in spans) and self._active(keys, key)
                for spans, keys in self.members
            ),
        )

    def level(self, key: int) -> int:
        return level_of(self.facts(key), self.r, self.pin, date.fromordinal(key // DAY))


history = st.fixed_dictionaries(
    {
        "own": visits,
        "joined": st.integers(0, 20),
        "referred": st.lists(st.tuples(st.integers(0, SPAN - 1), visits), max_size=3),
        # a member's memberships in the leader's communities: (start, length) in days
        "members": st.lists(
            st.tuples(st.lists(st.tuples(st.integers(0, SPAN - 1), st.integers(1, 40)), max_size=2), visits),
            max_size=3,
        ),
        "pin": st.none()
        | st.builds(
            lambda level, since, length: Pin(
                level, "", since, since and date.fromordinal(since.toordinal() + length)
            ),
            st.integers(0, 4),
            st.none() | st.integers(0, SPAN - 1).map(lambda d: date.fromordinal(START + d)),
            st.integers(0, 20),
        ),
        "end": st.integers(1, SPAN),
        "rules": rules,
    }
)


@settings(max_examples=300, deadline=None)
@given(history)
def test_the_replay_records_every_move_the_rules_make_at_its_moment(h):
    r = h["rules"]
    own = _keys(h["own"])
    joined = START + h["joined"]
    referred = [(START + d, _keys(v)) for d, v in h["referred"]]
    members = [([(START + s, START + s + n) for s, n in spans], _keys(v)) for spans, v in h["members"]]
    end = (START + h["end"]) * DAY - 1  # the end of the last day
    referral = [s for d, keys in referred for s in referral_steps(_first_of_each_day(keys), d, r.window_days)]
    led = [
        s
        for spans, keys in members
        for s in member_steps(_first_of_each_day(keys), [(a * DAY, b * DAY) for a, b in spans], r.window_days)
    ]
    changes = replay(_first_of_each_day(own), joined, r, referral, led, h["pin"], end)

    brute = Brute(own, joined, referred, members, h["pin"], r)
    moments = {d * DAY for d in range(joined, START + h["end"])}
    moments |= {k for k in own + [k for _, ks in referred for k in ks] + [k for _, ks in members for k in ks]}
    expected, level = [], 0
    for key in sorted(m for m in moments if joined * DAY <= m <= end):
        now = brute.level(key)
        if now != level:
            expected.append((key, level, now))
            level = now
    assert [(c.key, c.from_level, c.to_level) for c in changes] == expected
    for c in changes:
        pinned = h["pin"] is not None and h["pin"].active_on(date.fromordinal(c.key // DAY))
        assert c.pinned == pinned
        assert Facts(*c.facts) == brute.facts(c.key)
        assert c.causes  # every change says why
    # The last level is the rules' on the facts at the last day (its end).
    last_day_level = brute.level(end) if joined * DAY <= end else 0
    assert (changes[-1].to_level if changes else 0) == last_day_level


def test_a_rise_is_dated_at_the_purchase_and_says_which_purchase_day_it_is():
    r = Rules()
    days = [0, 30, 60, 90, 120, 150]
    own = [visit_key(START + d, (10 * 3600 + d) * 1_000_000) for d in days]
    changes = replay(own, START, r)
    strong = next(c for c in changes if c.to_level == 3)
    assert strong.key == own[-1] and not is_day_start(strong.key)
    assert key_moment(strong.key).strftime("%H:%M:%S") == "10:02:30"
    assert strong.causes == ({"kind": "purchase", "purchase_days": 6},)
    assert compute(Facts(*strong.facts), r) == 3


def test_a_drop_is_dated_at_the_start_of_the_day_the_last_purchase_left_the_window():
    r = Rules()
    own = [visit_key(START, 15 * 3600 * 1_000_000)]
    changes = replay(own, START, r)
    assert [(c.from_level, c.to_level) for c in changes] == [(0, 1), (1, 0)]
    drop = changes[-1]
    assert drop.key == (START + 365) * DAY and is_day_start(drop.key)
    assert drop.causes == ({"kind": "left_window", "day": date.fromordinal(START).isoformat(), "last": True},)


def test_a_recency_lapse_and_a_referral_say_so():
    r = Rules()
    own = [visit_key(START + d, 36_000_000_000) for d in (0, 10)]
    # A referred customer who joined on day 20 and bought on day 25: Strong by the referral clause.
    referral = referral_steps([visit_key(START + 25, 50_000_000_000)], START + 20, r.window_days)
    changes = replay(own, START, r, referral)
    kinds = [(c.to_level, c.causes[0]["kind"]) for c in changes]
    assert kinds[:3] == [(1, "purchase"), (2, "purchase"), (3, "referral")]
    assert changes[2].causes[0] == {"kind": "referral", "change": 1, "active": 1}
    # 180 days after the last purchase Strong lapses (referral clause), then Weak: one day later.
    lapse = next(c for c in changes if c.from_level == 3)
    assert lapse.key == (START + 10 + 181) * DAY and lapse.causes == ({"kind": "no_recent", "days": 180},)


def test_a_change_keeps_its_moment_to_the_microsecond():
    key = visit_key(START, 3_600_000_123)
    assert key_moment(key).strftime("%H:%M:%S.%f") == "01:00:00.000123"
    assert Change(key, 0, 1, None, False, ()).at == key_moment(key)
