"""A level change on the customer's timeline says what caused it, in both languages."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from crm import demo
from crm.services import customer_page, levels
from crm.services.customer_page import TimelineEvent
from crm.services.levels import LevelChangeInfo
from ui import i18n
from ui.models.customers_timeline import CustomerTimelineModel

AT = datetime(2026, 3, 5, 10, 12, 30)


def _change(before: str, after: str, facts: dict, *causes: dict) -> LevelChangeInfo:
    detail = {"window_days": 365, "facts": facts, "cause": list(causes)}
    return LevelChangeInfo(AT, before, after, "rule", detail)


def _facts(days: int, since: int | None, referrals: int = 0, led: int = 0) -> dict:
    return {
        "purchase_days": days,
        "days_since_last": since,
        "active_referrals": referrals,
        "active_led_members": led,
    }


CHANGES = {
    "sixth": _change("weak", "strong", _facts(6, 0), {"kind": "purchase", "purchase_days": 6}),
    "lapsed": _change(
        "micro", "none", _facts(0, 365), {"kind": "left_window", "day": "2025-03-05", "last": True}
    ),
    "one_left": _change(
        "strong", "weak", _facts(5, 20), {"kind": "left_window", "day": "2025-03-05", "last": False}
    ),
    "third": _change(
        "strong", "super_strong", _facts(7, 3, referrals=3), {"kind": "referral", "change": 1, "active": 3}
    ),
    "quiet": _change("strong", "weak", _facts(6, 91), {"kind": "no_recent", "days": 90}),
    "one_day": _change("weak", "micro", _facts(2, 2), {"kind": "no_recent", "days": 1}),
    "eleventh": _change(
        "strong", "super_strong", _facts(6, 1, led=11), {"kind": "led", "change": 1, "active": 11}
    ),
}

ENGLISH = {
    "sixth": "6th purchase day in 365 days; by the level rules: 6 purchase days in 365 days, bought that day",
    "lapsed": "the last purchase left the 365 days; by the level rules: 0 purchase days in 365 days,"
    " last purchase 365 days before",
    "one_left": "a purchase day left the 365 days; ",
    "third": "3rd active referral; ",
    "quiet": "no purchase in more than 90 days; ",
    "one_day": "no purchase in more than 1 day; ",
    "eleventh": "11th active member in communities they lead; ",
}
CHINESE = {
    "sixth": "365 天内的第6个购买日；按层级规则：",
    "lapsed": "最后一次购买已超出 365 天；按层级规则：",
    "one_left": "有一个购买日已超出 365 天；",
    "third": "第3位活跃推荐；",
    "quiet": "超过 90 天未购买；",
    "one_day": "超过 1 天未购买；",
    "eleventh": "所带社群的第11位活跃成员；",
}


def _details(model: CustomerTimelineModel) -> dict[str, str]:
    model.set_events([TimelineEvent(AT, level_change=change) for change in CHANGES.values()])
    return {name: model.item(row).detail for row, name in enumerate(CHANGES)}


def test_the_timeline_says_why_a_level_moved(qapp):
    shown = _details(CustomerTimelineModel())
    assert shown["sixth"] == ENGLISH["sixth"] and shown["lapsed"] == ENGLISH["lapsed"]
    for name, start in ENGLISH.items():
        assert shown[name].startswith(start), (name, shown[name])


@pytest.fixture
def chinese(qapp):
    i18n.install(qapp, "zh_CN")
    yield
    i18n.install(qapp, "en")


def test_the_timeline_says_why_in_chinese(chinese):
    shown = _details(CustomerTimelineModel())
    for name, start in CHINESE.items():
        assert shown[name].startswith(start), (name, shown[name])
        assert not any(mark in shown[name] for mark in (";", ":", "(", ")")), shown[name]  # full-width


def test_a_change_stored_without_a_cause_still_reads_as_before(qapp):
    change = LevelChangeInfo(AT, "none", "micro", "rule", {"window_days": 365, "facts": _facts(1, 0)})
    model = CustomerTimelineModel()
    model.set_events([TimelineEvent(AT, level_change=change)])
    assert model.item(0).detail == "by the level rules: 1 purchase day in 365 days, bought that day"


def test_a_demo_customers_page_explains_each_move(db, qapp):
    demo.generate(150, seed=2, until=date(2026, 6, 30))
    counts: dict[int, int] = {}
    for (cid,) in levels.database.execute_sql("SELECT customer_id FROM level_change"):
        counts[cid] = counts.get(cid, 0) + 1
    busiest = max(counts, key=lambda cid: counts[cid])
    model = CustomerTimelineModel()
    model.set_events(customer_page.load(busiest).timeline)
    moves = [model.item(row) for row in range(model.rowCount()) if model.item(row).kind == "level"]
    assert len(moves) == counts[busiest] > 1
    said = (
        "purchase day in",
        "left the 365 days",
        "no purchase in more than",
        "active referral",
        "active member",
    )
    for move in moves:
        assert any(words in move.detail.split(";")[0] for words in said), move.detail
