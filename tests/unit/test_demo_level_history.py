"""The demo's level history, replayed from each customer's events: every change at the
moment that caused it, saying why, and ending where the rules put each customer."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from crm import clock, demo
from crm.db import close_database, database, open_database
from crm.level_replay import key_moment
from crm.models import Visit
from crm.services import levels
from crm.services.level_replay import purchase_days
from tests.factories import customer


def _rows(sql: str, params=()) -> list[tuple]:
    return list(database.execute_sql(sql, params).fetchall())


# A change at a visit's moment is at a purchase of the customer, of a customer they
# referred, or of a member of a community they lead.
_NOT_AT_A_PURCHASE = """
SELECT c.customer_id, c.at FROM level_change c
WHERE substr(c.at, 12) <> '00:00:00' AND NOT EXISTS (
  SELECT 1 FROM visit v WHERE v.at = c.at AND v.amount > 0 AND (
    v.customer_id = c.customer_id
    OR v.customer_id IN (SELECT id FROM customer WHERE referrer_id = c.customer_id)
    OR v.customer_id IN (SELECT m.customer_id FROM membership m JOIN community g ON g.id = m.community_id
                         WHERE g.leader_id = c.customer_id)))
"""


@pytest.mark.parametrize(
    ("customers", "seed", "until", "now"),
    [
        (120, 1, date(2024, 2, 29), datetime(2026, 6, 30, 12, 0)),
        (700, 6, date(2026, 6, 30), datetime(2026, 6, 30, 10, 41, 7)),
        (2500, 13, date(2025, 12, 31), datetime(2026, 6, 30, 12, 0)),
    ],
)
def test_each_change_is_at_the_moment_that_caused_it_and_refresh_finds_nothing(
    tmp_path, customers, seed, until, now
):
    clock.fix(now)
    open_database(str(tmp_path / "shop.db"))
    try:
        demo.generate(customers, seed=seed, until=until)
        changes = _rows("SELECT customer_id, from_level, to_level, at, reason, detail FROM level_change")
        assert len(changes) > customers / 2
        stamp = now.strftime("%Y-%m-%d %H:%M:%S")
        assert max(str(c[3]) for c in changes) <= min(stamp, f"{until.isoformat()} 23:59:59")
        assert _rows(_NOT_AT_A_PURCHASE) == []
        for cid, before, after, at, reason, detail in changes:
            data = json.loads(detail)
            assert reason == "rule" and data["cause"] and data["window_days"] == 365
            kinds = {c["kind"] for c in data["cause"]}
            if after < before:  # a drop: at the start of the day a fact lapsed
                assert str(at).endswith(" 00:00:00") and kinds <= {
                    "left_window",
                    "no_recent",
                    "referral",
                    "led",
                }
            elif "purchase" in kinds:  # a rise by their own purchase: at that purchase
                assert _rows(
                    "SELECT 1 FROM visit WHERE customer_id = ? AND at = ? AND amount > 0", (cid, str(at))
                )
        # The stored levels are where the replay ended: the rules find nothing to record.
        assert levels.refresh_all(until) == 0
        assert levels.refresh_all(until) == 0
        last = dict(_rows("SELECT customer_id, MAX(at) FROM level_change GROUP BY customer_id"))
        since = dict(_rows("SELECT id, level_since FROM customer WHERE level_since IS NOT NULL"))
        assert {cid: str(at) for cid, at in since.items()} == {cid: str(at) for cid, at in last.items()}
    finally:
        close_database()
        clock.fix(None)


def test_a_sixth_purchase_day_makes_a_regular_strong_at_that_purchase(tmp_path):
    """The customer who went furthest: their first move to Strong is at their 6th purchase
    day in 365 days (or a referral's purchase), never at a month's end."""
    clock.fix(datetime(2026, 6, 30, 12, 0))
    open_database(str(tmp_path / "shop.db"))
    try:
        demo.generate(400, seed=4, until=date(2026, 6, 30))
        rises = _rows(
            "SELECT customer_id, at, detail FROM level_change WHERE from_level = 2 AND to_level = 3"
        )
        by_purchase = [r for r in rises if json.loads(r[2])["cause"][0]["kind"] == "purchase"]
        assert by_purchase
        for cid, at, detail in by_purchase:
            cause = json.loads(detail)["cause"][0]
            assert cause["purchase_days"] >= 6 and json.loads(detail)["facts"]["days_since_last"] == 0
            day = str(at)[:10]
            first = _rows(
                "SELECT MIN(at) FROM visit WHERE customer_id = ? AND day = ? AND amount > 0", (cid, day)
            )[0][0]
            assert str(first) == str(at)  # the day's first purchase, to the second
    finally:
        close_database()
        clock.fix(None)


def test_purchase_days_are_read_alike_for_the_whole_shop_and_for_a_few(db):
    """Each customer's first purchase of each day, to the microsecond: refunds, visits
    without a purchase and later purchases the same day are not purchase days of their own."""

    def visit(who, day, amount=1000, at=None):
        kind = "purchase" if amount > 0 else ("refund" if amount < 0 else "visit")
        Visit.create(customer=who, at=at, day=day, amount=amount, kind=kind)

    day = date(2026, 5, 4)
    one, two = customer(), customer()
    visit(one, day, at=datetime(2026, 5, 4, 16, 0, 0))
    visit(one, day, at=datetime(2026, 5, 4, 9, 30, 15, 123456))  # logged later, bought earlier
    visit(one, day, amount=-500, at=datetime(2026, 5, 4, 8, 0))  # a refund
    visit(one, date(2026, 5, 6), amount=0, at=datetime(2026, 5, 6, 8, 0))  # a visit, no purchase
    visit(two, date(2026, 5, 7), at=datetime(2026, 5, 7, 23, 59, 59, 999000))
    visit(two, date(2026, 5, 5), at=datetime(2026, 5, 5, 0, 0, 1))
    visit(two, date(2026, 7, 1), at=datetime(2026, 7, 1, 12, 0))  # after the day asked for
    whole = {cid: [key_moment(k) for k in keys] for cid, keys in purchase_days(date(2026, 6, 30))}
    few = {
        cid: [key_moment(k) for k in keys] for cid, keys in purchase_days(date(2026, 6, 30), [one.id, two.id])
    }
    assert (
        whole
        == few
        == {
            one.id: [datetime(2026, 5, 4, 9, 30, 15, 123456)],
            two.id: [datetime(2026, 5, 5, 0, 0, 1), datetime(2026, 5, 7, 23, 59, 59, 999000)],
        }
    )


def test_the_purchases_drawn_are_the_purchase_days_read_from_the_visits_written(db):
    """The demo replays its level history from the purchases it drew, not read back: they
    are the very purchase days a replay reads from the visits it wrote."""
    from crm.demo import history, people, purchases, shop
    from crm.pinyin import search_key

    until, now = date(2026, 6, 30), datetime(2026, 6, 30, 10, 41, 7)
    clock.fix(now)
    demo.generate(400, seed=9, until=until)
    drawn = shop.Shop(400, 9, until, search_key)  # the same draws, in the same order
    drawn.build_staff()
    people.plan_customers(drawn)
    for _ in people.build_customers(drawn, lambda *_: None):
        pass
    purchases.build_visits(drawn, lambda *_: None)
    read = list(purchase_days(until))
    assert len(read) > 300 and sum(len(keys) for _, keys in read) > 2000
    assert list(history.Purchases(drawn).days()) == read
