"""Refreshing the whole shop at once stores exactly what refreshing each customer stores."""

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crm.db import database
from crm.models import Community, Customer, LevelChange, Membership
from crm.services import levels as svc
from tests.conftest import TODAY
from tests.factories import community, customer, visit

D = TODAY


def days_ago(n):
    return D - timedelta(days=n)


STORED_DAYS = st.one_of(st.none(), st.integers(-30, 700))  # a stored last purchase, days before D
STORED_PURCHASE_DAYS = st.one_of(st.integers(0, 9), st.sampled_from([-1, 65535, 65536, 2**31 - 1]))
person = st.tuples(
    st.integers(-20, 500),  # joined, days before D (some after the refresh's day)
    st.integers(-1, 20),  # referrer: an earlier customer, or none
    st.lists(st.tuples(st.integers(-20, 800), st.integers(-500, 3000)), max_size=8),  # visits
    st.tuples(STORED_DAYS, st.integers(0, 4), STORED_PURCHASE_DAYS, st.integers(-1000, 9000)),  # stored row
    st.sampled_from([None, "active", "ended", "later"]),  # a pin
)


def _shop_rows():
    customers = list(
        Customer.select(
            Customer.id, Customer.level, Customer.level_since, Customer.last_purchase,
            Customer.purchase_days, Customer.spend_365,
        ).order_by(Customer.id).tuples()
    )  # fmt: skip
    changes = list(
        LevelChange.select(
            LevelChange.customer, LevelChange.from_level, LevelChange.to_level, LevelChange.at,
            LevelChange.reason, LevelChange.detail,
        ).order_by(LevelChange.id).tuples()
    )  # fmt: skip
    return customers, changes


def _make_shop(people, led, left):
    for model in (LevelChange, Membership, Community, Customer):
        model.delete().execute()
    made = []
    for i, (joined, ref, visits, stored, pin) in enumerate(people):
        c = customer(
            joined=days_ago(joined), referrer=made[ref % i] if i and ref >= 0 else None, name=f"客{i}"
        )
        for ago, amount in visits:
            visit(c, days_ago(ago), amount=amount)
        last, level, days, spend = stored
        c.last_purchase = None if last is None else days_ago(last)
        c.level, c.purchase_days, c.spend_365 = level, days, spend
        if pin is not None:
            starts = {"active": days_ago(50), "ended": days_ago(300), "later": D + timedelta(days=5)}[pin]
            c.pin_level, c.pin_reason, c.pin_from = i % 5, "by hand", starts
            c.pin_until = days_ago(100) if pin == "ended" else None
        c.save()
        made.append(c)
    if len(made) > 1:
        members = [made[i % len(made)] for i in led if made[i % len(made)] != made[0]]
        group = community(made[0], list(dict.fromkeys(members)), created=days_ago(400))
        Membership.update(left=days_ago(10)).where(
            Membership.community == group, Membership.customer.in_([m.id for m in members[:left]])
        ).execute()
        archived = community(made[-1], made[:3], created=days_ago(400), name="旧群")
        Community.update(archived=True, archived_on=days_ago(20)).where(Community.id == archived.id).execute()
    return made


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    people=st.lists(person, min_size=1, max_size=12),
    led=st.lists(st.integers(min_value=0, max_value=11), max_size=8),
    left=st.integers(0, 3),
    back=st.sampled_from([0, 1, 30, 200]),
)
def test_refreshing_all_stores_what_refreshing_each_customer_stores(db, people, led, left, back):
    made = _make_shop(people, led, left)
    as_of = days_ago(back)
    with database.atomic() as txn:
        each = svc.refresh_customers([c.id for c in made], as_of)
        by_customer = _shop_rows()
        txn.rollback()
    assert svc.refresh_all(as_of) == len(each)
    assert _shop_rows() == by_customer
    assert svc.refresh_all(as_of) == 0  # all stored: nothing left to change


def test_a_deleted_visit_and_an_earlier_day_correct_the_stored_last_purchase(db):
    c = customer(joined=date(2024, 1, 1))
    visit(c, days_ago(500), amount=800)
    gone = visit(c, days_ago(3), amount=1200)
    svc.refresh_all()
    assert Customer.get_by_id(c.id).last_purchase == days_ago(3)
    gone.delete_instance()  # the stored last purchase is now in the window, the real one before it
    assert svc.refresh_all() == 1
    row = Customer.get_by_id(c.id)
    assert (row.last_purchase, row.purchase_days, row.spend_365, row.level) == (days_ago(500), 0, 0, 0)
    visit(c, days_ago(1), amount=500)
    svc.refresh_all(days_ago(2))  # as of a day before the newest purchase
    assert Customer.get_by_id(c.id).last_purchase == days_ago(500)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    people=st.lists(person, min_size=1, max_size=12),
    led=st.lists(st.integers(min_value=0, max_value=11), max_size=8),
    left=st.integers(0, 3),
    set_aside=st.lists(st.tuples(st.integers(0, 11), st.booleans()), max_size=3),
    thresholds=st.tuples(
        st.integers(1, 4), st.integers(1, 6), st.integers(1, 3), st.sampled_from([30, 90, 365])
    ),
)
def test_the_level_preview_counts_what_each_customers_own_facts_give(
    db, people, led, left, set_aside, thresholds
):
    from crm.levels import LEVELS, Rules
    from crm.services import level_preview
    from crm.services import settings as shop_settings
    from crm.services.level_facts import _levels_from, gather_facts, pins_of

    made = _make_shop(people, led, left)
    for index, erase in set_aside:  # archived and erased customers are not counted
        Customer.update(**{"erased" if erase else "archived": True}).where(
            Customer.id == made[index % len(made)].id
        ).execute()
    micro, weak, super_led, window = thresholds
    values = {
        "level.micro_purchase_days": micro,
        "level.weak_purchase_days": weak,
        "level.super_active_led_members": super_led,
        "level.window_days": window,
    }
    rules = Rules.from_settings({**shop_settings.get_all(), **values})
    counted = [
        c.id
        for c in Customer.select(Customer.id).where(
            Customer.joined <= D,
            ~Customer.archived,
            ~Customer.erased,
        )
    ]
    each = _levels_from(D, gather_facts(D, None, rules), pins_of(None), counted, rules)
    expected = [0] * len(LEVELS)
    for level in each.values():
        expected[level] += 1
    assert level_preview.preview(values).counts == expected
