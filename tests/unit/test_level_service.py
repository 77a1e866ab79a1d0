"""Levels gathered from the database: windows, referrals, communities, as-of dates, pins, history."""

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crm.errors import InvalidInput, NotAllowed
from crm.models import Community, Customer, LevelChange, Membership
from crm.services import customer_level, level_facts, shop_levels
from crm.services import levels as svc
from crm.services.common import Actor
from tests.conftest import TODAY
from tests.factories import community, customer, visit

D = TODAY  # 2026-06-30


def days_ago(n):
    return D - timedelta(days=n)


def level_at(c, as_of=D):
    return shop_levels.levels_as_of(as_of, [c.id])[c.id]


def test_window_is_the_last_365_days_exclusive_of_d_minus_365(db):
    c = customer(joined=date(2024, 1, 1))
    visit(c, days_ago(365))  # D - 365 is outside "the last 365 days"
    assert customer_level.facts_of(c.id, D).purchase_days == 0
    visit(c, days_ago(364))
    facts = customer_level.facts_of(c.id, D)
    assert facts.purchase_days == 1 and facts.days_since_last == 364


@pytest.mark.parametrize("last, level", [(89, "strong"), (90, "strong"), (91, "weak")])
def test_strong_needs_a_purchase_within_90_days(db, last, level):
    c = customer()
    for n in range(5):
        visit(c, days_ago(last + 10 + n))
    visit(c, days_ago(last))
    assert shop_levels.levels_as_of(D, [c.id]) == {
        c.id: ["none", "micro", "weak", "strong", "super_strong"].index(level)
    }


@pytest.mark.parametrize("purchase_days, level", [(5, 2), (6, 3)])
def test_strong_needs_six_purchase_days(db, purchase_days, level):
    c = customer()
    for n in range(purchase_days):
        visit(c, days_ago(n * 3))
    assert level_at(c) == level


def test_two_purchases_on_one_day_are_one_purchase_day(db):
    c = customer()
    visit(c, days_ago(3))
    visit(c, days_ago(3), amount=500)
    assert customer_level.facts_of(c.id).purchase_days == 1
    assert level_at(c) == 1


def test_refund_lowers_revenue_not_purchase_days(db):
    c = customer()
    visit(c, days_ago(10))
    visit(c, days_ago(5))
    visit(c, days_ago(1), amount=-1000)  # a refund is not a purchase
    facts = customer_level.facts_of(c.id)
    assert facts.purchase_days == 2 and facts.days_since_last == 5


def test_zero_amount_visits_are_not_purchases(db):
    c = customer()
    visit(c, days_ago(1), amount=0)
    visit(c, days_ago(2), amount=0, kind="service")
    assert level_at(c) == 0


def test_active_referrals_count_only_joined_buyers_in_the_window(db):
    boss = customer("王丽")
    for n in range(6):
        visit(boss, days_ago(n * 10))
    bought = customer("张伟", referrer=boss, joined=days_ago(30))
    visit(bought, days_ago(20))
    customer("李娜", referrer=boss, joined=days_ago(30))  # referred, never bought
    old = customer("赵强", referrer=boss, joined=days_ago(800))
    visit(old, days_ago(400))  # bought, but not in the last 365 days
    assert customer_level.facts_of(boss.id).active_referrals == 1
    # As of a date before the referred customer joined, they don't count.
    assert customer_level.facts_of(boss.id, days_ago(31)).active_referrals == 0


def test_three_active_referrals_make_a_strong_customer_super_strong(db):
    boss = customer()
    for n in range(6):
        visit(boss, days_ago(n))
    for name in ("甲", "乙", "丙"):
        friend = customer(name, referrer=boss)
        visit(friend, days_ago(5))
    assert level_at(boss) == 4


def test_referral_makes_a_two_time_buyer_strong(db):
    boss = customer()
    visit(boss, days_ago(170))
    visit(boss, days_ago(180))
    friend = customer(referrer=boss)
    visit(friend, days_ago(3))
    assert level_at(boss) == 3
    assert level_at(boss, D + timedelta(days=11)) == 1  # 181 days since last: micro


def test_active_led_members_count_members_on_d_with_purchases(db):
    leader = customer("大C")
    for n in range(6):
        visit(leader, days_ago(n))
    members = [customer(f"成员{i}") for i in range(6)]
    for m in members[:5]:
        visit(m, days_ago(10))
    group = community(leader, members, created=days_ago(100), joined=days_ago(50))
    assert customer_level.facts_of(leader.id).active_led_members == 5
    assert level_at(leader) == 4
    # One active member left yesterday: 4 remain, strong.
    Membership.update(left=days_ago(1)).where(
        (Membership.community == group) & (Membership.customer == members[0])
    ).execute()
    assert customer_level.facts_of(leader.id).active_led_members == 4
    assert level_at(leader) == 3
    # As of two days ago they were still a member.
    assert customer_level.facts_of(leader.id, days_ago(2)).active_led_members == 5


def test_member_of_two_groups_of_the_same_leader_counts_once(db):
    leader = customer()
    m = customer()
    visit(m, days_ago(1))
    community(leader, [m], name="一群")
    community(leader, [m], name="二群")
    assert customer_level.facts_of(leader.id).active_led_members == 1


def test_archived_community_stops_counting_from_its_archive_date(db):
    leader = customer()
    m = customer()
    visit(m, days_ago(20))
    group = community(leader, [m])
    group.archived, group.archived_on = True, days_ago(10)
    group.save()
    assert customer_level.facts_of(leader.id).active_led_members == 0
    assert customer_level.facts_of(leader.id, days_ago(11)).active_led_members == 1


def test_levels_as_of_only_counts_customers_joined_by_then(db):
    customer(joined=days_ago(10))
    customer(joined=days_ago(40))
    assert sum(svc.distribution(days_ago(20)).values()) == 1
    assert sum(svc.distribution(D).values()) == 2


def test_refresh_all_stores_levels_and_records_each_change(db):
    c = customer()
    visit(c, days_ago(1))
    visit(c, days_ago(2))
    assert svc.refresh_all() == 1
    assert Customer.get_by_id(c.id).level == 2
    assert svc.refresh_all() == 0  # nothing moved: nothing recorded again
    changes = svc.history(c.id)
    assert [(h.from_level, h.to_level, h.reason) for h in changes] == [("none", "weak", "rule")]
    assert changes[0].detail["facts"]["purchase_days"] == 2
    # Time passes: 181 days after the last purchase the customer drops to micro.
    assert svc.refresh_all(days_ago(1) + timedelta(days=180)) == 0
    assert svc.refresh_all(days_ago(1) + timedelta(days=181)) == 1
    assert Customer.get_by_id(c.id).level == 1
    assert svc.distribution() == {"none": 0, "micro": 1, "weak": 0, "strong": 0, "super_strong": 0}


def test_pin_overrides_and_unpin_returns_to_the_rules(db):
    c = customer()
    visit(c, days_ago(1))
    svc.refresh_all()
    customer_level.pin_level(c.id, "strong", "owner's old friend", until=D + timedelta(days=30))
    assert Customer.get_by_id(c.id).level == 3
    e = customer_level.explain_customer(c.id)
    assert e.pinned is not None and e.computed == 1
    # After the pin ends, the rules decide again.
    assert shop_levels.levels_as_of(D + timedelta(days=31), [c.id])[c.id] == 1
    customer_level.unpin_level(c.id)
    assert Customer.get_by_id(c.id).level == 1
    reasons = [h.reason for h in svc.history(c.id)]
    assert reasons == ["rule", "pin", "unpin"]


def test_pin_needs_reason_a_known_level_and_a_manager(db):
    c = customer()
    with pytest.raises(InvalidInput):
        customer_level.pin_level(c.id, "strong", "  ")
    with pytest.raises(InvalidInput):
        customer_level.pin_level(c.id, "vip", "reason")
    with pytest.raises(InvalidInput):
        customer_level.pin_level(c.id, "strong", "reason", until=days_ago(1))
    with pytest.raises(NotAllowed):
        customer_level.pin_level(c.id, "strong", "reason", actor=Actor(staff_id=None, role="staff"))
    assert Customer.get_by_id(c.id).pin_level is None
    assert LevelChange.select().count() == 0


def test_affected_by_names_referrer_and_leaders(db):
    boss = customer()
    leader = customer()
    c = customer(referrer=boss)
    community(leader, [c])
    assert svc.affected_by([c.id]) == {c.id, boss.id, leader.id}


def test_level_rules_follow_settings(db):
    from crm.services import settings

    c = customer()
    for n in range(3):
        visit(c, days_ago(n))
    assert level_at(c) == 2
    settings.set("level.strong_purchase_days", 3)
    assert level_at(c) == 3


def test_refresh_keeps_the_list_stats_with_the_level(db):
    c = customer()
    visit(c, days_ago(400), amount=9900)  # outside the window: not in spend or purchase days
    visit(c, days_ago(30), amount=2000)
    visit(c, days_ago(10), amount=3000)
    visit(c, days_ago(5), amount=-500)  # a refund lowers spend
    svc.refresh_customers([c.id])
    row = Customer.get_by_id(c.id)
    assert (row.last_purchase, row.purchase_days, row.spend_365) == (days_ago(10), 2, 4500)
    # A year later the purchases have left the window.
    svc.refresh_all(D + timedelta(days=400))
    row = Customer.get_by_id(c.id)
    assert (row.last_purchase, row.purchase_days, row.spend_365) == (days_ago(10), 0, 0)


@pytest.mark.parametrize(
    "key, value",
    [("level.window_days", 0), ("level.strong_purchase_days", 0), ("level.weak_purchase_days", 400)],
)
def test_impossible_level_rules_are_refused_and_nothing_stored(db, key, value):
    from crm.services import settings

    with pytest.raises(InvalidInput) as err:
        settings.set_many({"level.strong_recent_days": 60, key: value})
    assert err.value.field == key
    assert settings.get("level.strong_recent_days") == 90


# --- whole-shop levels in arrays agree with the per-customer path --------------------------


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    people=st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=400),  # joined, days before D
            st.integers(min_value=-1, max_value=20),  # referrer: an earlier customer, or none
            st.lists(st.tuples(st.integers(0, 500), st.integers(-500, 3000)), max_size=8),  # visits
        ),
        min_size=1,
        max_size=12,
    ),
    led=st.lists(st.integers(min_value=0, max_value=11), max_size=6),
    pinned=st.integers(min_value=-1, max_value=11),
    back=st.sampled_from([0, 1, 30, 200]),
)
def test_whole_shop_arrays_equal_the_per_customer_facts_and_levels(db, people, led, pinned, back):
    for model in (Membership, Community, Customer):
        model.delete().execute()
    made = []
    for i, (joined, ref, visits) in enumerate(people):
        c = customer(
            joined=days_ago(joined), referrer=made[ref % i] if i and ref >= 0 else None, name=f"客{i}"
        )
        for ago, amount in visits:
            visit(c, days_ago(ago), amount=amount)
        made.append(c)
    if len(made) > 1:
        community(made[0], [made[i % len(made)] for i in led if made[i % len(made)] != made[0]])
    if pinned >= 0:
        c = made[pinned % len(made)]
        c.pin_level, c.pin_reason, c.pin_from = 4, "VIP", days_ago(100)
        c.save()
    as_of = days_ago(back)
    table, facts = shop_levels.levels_and_facts(as_of)
    joined = [c.id for c in made if c.joined <= as_of]
    expected = level_facts.compute(as_of, joined, joined_only=True)[0] if joined else {}
    assert dict(table.items()) == expected
    assert len(table) == len(expected) and sorted(table) == sorted(expected)
    assert shop_levels.count_levels(table) == shop_levels.count_levels(expected)
    raw = level_facts.gather_facts(as_of, [c.id for c in made])
    for c in made:
        assert facts.purchase_days[c.id] == raw.purchase_days.get(c.id, 0)
        assert facts.last(c.id) == raw.last_purchase.get(c.id)
        assert facts.spend[c.id] == raw.spend.get(c.id, 0)
    assert facts.converted == raw.converted and facts.led == raw.led
    # The whole shop's facts (referrals and led members counted in Python) equal the per-id ones.
    whole = level_facts.gather_facts(as_of)
    assert whole == raw


def test_level_table_is_a_read_only_mapping_that_pickles_small(db):
    import pickle

    table = shop_levels.LevelTable(bytearray([255, 0, 3, 255, 4]))
    assert dict(table) == {1: 0, 2: 3, 4: 4} and len(table) == 3
    assert table[2] == 3 and table.get(3) is None and table.get(99, "x") == "x"
    assert 3 not in table and 4 in table and "4" not in table
    with pytest.raises(KeyError):
        table[0]
    with pytest.raises(KeyError):
        table[10]
    assert table.counts() == [1, 0, 0, 1, 1]
    copy = pickle.loads(pickle.dumps(table))
    assert dict(copy) == dict(table) and len(pickle.dumps(table)) < 100


def test_whole_shop_levels_are_kept_by_the_memo(db):
    c = customer()
    visit(c, days_ago(3))
    with shop_levels.memo():
        first = shop_levels.levels_as_of(D)
        visit(c, days_ago(2))  # not seen: the memo holds the levels for the date
        assert shop_levels.levels_as_of(D) is first
        levels, facts = shop_levels.levels_and_facts(D)
        assert levels is first and facts.purchase_days[c.id] == 2
    assert shop_levels.levels_as_of(D) is not first


def test_the_screens_count_current_customers_and_say_how_many_are_set_aside(db):
    """SPEC 4 counts everyone who joined (the report); the app's screens count the shop's
    current customers and say how many archived or erased ones they leave out."""
    kept, archived, erased = customer("甲"), customer("乙"), customer("丙")
    for c in (kept, archived, erased):
        visit(c, TODAY - timedelta(days=3))
    svc.refresh_all()
    Customer.update(archived=True).where(Customer.id == archived.id).execute()
    Customer.update(erased=True).where(Customer.id == erased.id).execute()
    assert sum(svc.distribution().values()) == 3
    assert svc.distribution(current_only=True) == {**dict.fromkeys(svc.LEVELS, 0), "micro": 1}
    assert svc.set_aside() == 2
