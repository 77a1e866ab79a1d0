"""The follow-up's ranking (the most at stake first), the daily number per staff member, and the
messages to copy (crm.services.followup_rank, followup_page, followup_messages)."""

from datetime import date, timedelta

import pytest

from crm import demo
from crm.errors import InvalidInput
from crm.levels import MICRO, STRONG
from crm.models import Customer, Staff
from crm.services import followup_messages, followup_page, levels, lifetime, settings, suggestions, tasks
from crm.services.common import Actor
from crm.services.followup_page import DAILY_KEY
from crm.services.followup_rank import Stake, ranked, stake_key
from tests.conftest import TODAY as D
from tests.factories import customer, visit


def buyer(name: str, phone: str, bought_days_ago: list[int], amount: int, **fields) -> Customer:
    """A customer with real purchases; their level and spend come from the level refresh."""
    c = customer(name, phone=phone, **fields)
    for n in bought_days_ago:
        visit(c, D - timedelta(days=n), amount)
    return c


def lapsed_micro(i: int, ago: int = 40) -> Customer:
    c = buyer(f"客户{i}", f"+86138000003{i:02d}", [ago], 1000)
    levels.refresh_customers([c.id], D)
    return c


# --- ranking -------------------------------------------------------------------------------


def test_stake_orders_level_then_spend_then_overdue():
    rows = {
        "micro, big spend": Stake(MICRO, spend_365=90_000, overdue_days=1),
        "strong, small spend": Stake(STRONG, spend_365=600, overdue_days=0),
        "micro, small spend, long overdue": Stake(MICRO, spend_365=500, overdue_days=300),
        "micro, small spend, just due": Stake(MICRO, spend_365=500, overdue_days=2),
    }
    order = ranked(rows, lambda k: rows[k], lambda k: k)
    assert order == [
        "strong, small spend",
        "micro, big spend",
        "micro, small spend, long overdue",
        "micro, small spend, just due",
    ]
    assert stake_key(Stake(STRONG, spend_365=1)) < stake_key(
        Stake(MICRO, spend_365=10**9, overdue_days=10**4)
    )


def test_stake_puts_the_expected_value_after_the_level_and_before_the_spend():
    rows = {
        "strong, worth little": Stake(STRONG, value_12m=10.0, spend_365=100),
        "micro, worth much, spent little": Stake(MICRO, value_12m=900.0, spend_365=500),
        "micro, worth little, spent much": Stake(MICRO, value_12m=20.0, spend_365=90_000),
    }
    assert ranked(rows, lambda k: rows[k], lambda k: k) == list(rows)


def test_suggestions_put_a_higher_level_first_and_more_spend_first_at_the_same_level(db):
    # A Strong customer with a birthday in 3 days who spent little ...
    strong = buyer(
        "王芳", "+8613800000101", [10, 20, 30, 40, 50, 60], 100, birthday=date(1990, 7, 3)
    )  # D is 30 June
    # ... two Micro customers not back: the one who spent more is less overdue.
    small = buyer("李娜", "+8613800000102", [60], 500)
    big = buyer("张伟", "+8613800000103", [35], 90_000)
    levels.refresh_all(D)

    found = suggestions.suggestions(D)

    assert [s.customer_id for s in found] == [strong.id, big.id, small.id]
    assert [s.level for s in found] == [STRONG, MICRO, MICRO]
    assert [s.spend_365 for s in found] == [600, 90_000, 500]
    assert found[1].overdue < found[2].overdue  # spend counts before how overdue
    assert (found[0].phone, found[0].rule) == ("+8613800000101", "birthday")


def test_a_demo_shops_suggestions_are_ranked_by_level_then_spend(db):
    demo.generate(400, seed=3, until=D)
    found = suggestions.suggestions(D)
    assert len(found) > 20 and len({s.level for s in found}) > 1
    keys = [(-s.level, -s.spend_365) for s in found]
    assert keys == sorted(keys)
    stored = dict(Customer.select(Customer.id, Customer.level).tuples())
    assert all(s.level == stored[s.customer_id] for s in found)


def test_with_a_stored_fit_suggestions_rank_by_level_then_expected_value_then_spend(db):
    demo.generate(3000, seed=3, until=D)
    without = suggestions.suggestions(D)
    assert without and all(s.value_12m == 0.0 for s in without)  # no fit: today's order
    assert lifetime.fit(D).ok

    found = suggestions.suggestions(D)

    expected = lifetime.figures([s.customer_id for s in found], D)
    value = dict(zip(expected.ids.tolist(), expected.value_12m.tolist(), strict=True))
    # The stored fit's values (read for a few customers at a time: equal to the last digit or so).
    assert [s.value_12m for s in found] == pytest.approx([value.get(s.customer_id, 0.0) for s in found])
    keys = [(-s.level, -s.value_12m, -s.spend_365) for s in found]
    assert keys == sorted(keys)
    # The value reorders customers of one level: the order is no longer the spend's.
    assert [s.customer_id for s in found] != [s.customer_id for s in without]
    assert {s.customer_id for s in found} == {s.customer_id for s in without}


def test_overdue_tasks_put_the_most_valuable_customers_first(db):
    strong = buyer("王芳", "+8613800000101", [10, 20, 30, 40, 50, 60], 100)
    small = buyer("李娜", "+8613800000102", [60], 500)
    big = buyer("张伟", "+8613800000103", [35], 90_000)
    levels.refresh_all(D)
    long_overdue = tasks.create_task(small.id, "service", D - timedelta(days=20))
    big_overdue = tasks.create_task(big.id, "service", D - timedelta(days=2))
    strong_overdue = tasks.create_task(strong.id, "service", D - timedelta(days=1))

    overdue = followup_page.load(today=D).open.overdue

    assert [t.id for t in overdue] == [strong_overdue.id, big_overdue.id, long_overdue.id]
    assert (overdue[0].customer_level, overdue[1].customer_spend) == (STRONG, 90_000)


# --- the daily number --------------------------------------------------------------------------


def test_a_staff_members_share_is_the_daily_number_less_what_they_answered_today(db):
    li = Staff.create(name="李娜", role="staff")
    zhou = Staff.create(name="周敏", role="manager")
    for i in range(6):
        lapsed_micro(i, 40 + i)
    assert settings.get(DAILY_KEY) == 20
    settings.set(DAILY_KEY, 3)
    daily = followup_page.daily_suggestions(li.id, D)
    assert (daily.total, daily.daily, daily.answered, daily.for_today) == (6, 3, 0, 3)

    first, second, third = daily.first[:3]
    suggestions.accept_suggestion(first, actor=Actor(li.id, "staff", "李娜"))
    suggestions.dismiss_suggestion(second, actor=Actor(li.id, "staff", "李娜"))
    suggestions.accept_suggestion(third, actor=Actor(zhou.id, "manager", "周敏"))  # not hers

    daily = followup_page.daily_suggestions(li.id, D)
    assert (daily.total, daily.answered, daily.for_today) == (3, 2, 1)
    assert followup_page.daily_suggestions(zhou.id, D).for_today == 2
    assert followup_page.answered_today(li.id, D + timedelta(days=1)) == 0  # a new day, a new share


def test_the_share_never_exceeds_what_is_suggested(db):
    lapsed_micro(1)
    assert followup_page.daily_suggestions(None, D).for_today == 1


# --- messages ----------------------------------------------------------------------------------


def test_a_message_is_the_kinds_template_filled_in_the_shops_language(db):
    settings.set("shop_name", "小王鲜花店")
    stored = settings.get_many("shop_name", "followup.message.birthday")
    zh = followup_messages.message("birthday", "王芳", "zh_CN", stored)
    assert zh.startswith("王芳，生日快乐！") and zh.endswith("——小王鲜花店")
    en = followup_messages.message("birthday", "Wang Fang", "en", stored)
    assert en.startswith("Happy birthday, Wang Fang!") and en.endswith("— 小王鲜花店")
    for language in ("zh_CN", "en"):
        for kind in tasks.KINDS:
            text = followup_messages.default_template(kind, language)
            assert "{name}" in text and followup_messages.unknown_placeholders(text) == []


def test_without_a_shop_name_no_signature_dangles(db):
    text = followup_messages.message("birthday", "王芳", "zh_CN", settings.get_many("shop_name"))
    assert text.endswith("小礼物。") and "——" not in text


def test_the_shops_own_template_is_used_and_an_unknown_placeholder_is_refused(db):
    settings.set("followup.message.birthday", "{name}，{shop}祝您生日快乐！（{staff}）")
    settings.set("shop_name", "小王鲜花店")
    stored = settings.get_many("shop_name", "followup.message.birthday")
    assert (
        followup_messages.message("birthday", "王芳", "en", stored, "李娜")
        == "王芳，小王鲜花店祝您生日快乐！（李娜）"
    )
    with pytest.raises(InvalidInput) as refused:
        settings.set("followup.message.birthday", "Happy birthday {nmae}!")
    assert refused.value.field == "followup.message.birthday"
    assert settings.get("followup.message.birthday") == "{name}，{shop}祝您生日快乐！（{staff}）"
    assert followup_messages.unknown_placeholders("Hi {name} {nmae} {}") == ["nmae", ""]
