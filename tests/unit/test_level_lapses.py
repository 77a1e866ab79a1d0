"""The refresh when the app starts: a drop that happened while the shop was closed is dated
the day it happened and says why; other drops are dated when they are found."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from crm import clock
from crm.models import Customer
from crm.services import levels, settings
from tests.factories import customer, visit

FIRST = date(2025, 1, 6)


def _regular(days: int = 6, joined: date = FIRST) -> Customer:
    """A customer who bought on ``days`` days a week apart, the last on FIRST + 7·(days − 1)."""
    c = customer(joined=joined)
    for n in range(days):
        visit(c, FIRST + timedelta(days=7 * n))
    return c


def _at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, datetime.min.time()).replace(hour=hour)


def test_a_drop_while_the_shop_was_closed_is_dated_the_day_it_happened(db):
    c = _regular()
    last = FIRST + timedelta(days=35)
    clock.fix(_at(last + timedelta(days=1)))
    assert levels.refresh_all(date_lapses=True) == 1
    assert Customer.get_by_id(c.id).level == 3  # Strong: six purchase days, the last yesterday
    # The app starts again 200 days later: Strong lapsed 91 days after the last purchase,
    # Weak 181 days after it.
    clock.fix(_at(last + timedelta(days=200)))
    assert levels.refresh_all(date_lapses=True) == 1
    moves = levels.history(c.id)
    assert [(m.from_level, m.to_level) for m in moves] == [
        ("none", "strong"),
        ("strong", "weak"),
        ("weak", "micro"),
    ]
    assert moves[1].at == _at(last + timedelta(days=91), 0)
    assert moves[2].at == _at(last + timedelta(days=181), 0)
    assert moves[1].detail["cause"] == [{"kind": "no_recent", "days": 90}]
    assert moves[2].detail["cause"] == [{"kind": "no_recent", "days": 180}]
    assert moves[2].detail["facts"]["days_since_last"] == 181
    stored = Customer.get_by_id(c.id)
    assert stored.level == 1 and stored.level_since == _at(last + timedelta(days=181), 0)
    # The last purchase day leaves the window a year after it: dated that day, saying so.
    clock.fix(_at(last + timedelta(days=400), 15))
    assert levels.refresh_all(date_lapses=True) == 1
    drop = levels.history(c.id)[-1]
    assert (drop.from_level, drop.to_level, drop.at) == ("micro", "none", _at(last + timedelta(days=365), 0))
    assert drop.detail["cause"] == [{"kind": "left_window", "day": last.isoformat(), "last": True}]
    clock.fix(None)


def test_without_dating_lapses_a_drop_is_dated_when_found(db):
    c = _regular()
    last = FIRST + timedelta(days=35)
    clock.fix(_at(last + timedelta(days=1)))
    levels.refresh_all()
    clock.fix(_at(last + timedelta(days=100), 11))
    assert levels.refresh_all() == 1
    drop = levels.history(c.id)[-1]
    assert (drop.to_level, drop.at) == ("weak", _at(last + timedelta(days=100), 11))
    assert "cause" not in drop.detail
    clock.fix(None)


def test_a_drop_the_rules_made_by_changing_is_dated_now(db):
    """Strong then needs 7 purchase days: the replay says the customer was never Strong,
    which is not a lapse: the drop is dated when it is found."""
    c = _regular()
    last = FIRST + timedelta(days=35)
    clock.fix(_at(last + timedelta(days=1)))
    levels.refresh_all(date_lapses=True)
    settings.set("level.strong_purchase_days", 7)
    clock.fix(_at(last + timedelta(days=3), 16))
    assert levels.refresh_all(date_lapses=True) == 1
    drop = levels.history(c.id)[-1]
    assert (drop.from_level, drop.to_level, drop.at) == ("strong", "weak", _at(last + timedelta(days=3), 16))
    clock.fix(None)
