"""The suggestion rules (SPEC 2.4): who each rule proposes, and accepting or dismissing a suggestion."""

import calendar
import json
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from crm import clock
from crm.errors import OpenTaskExists
from crm.levels import MICRO, STRONG, WEAK
from crm.models import AuditEntry, Customer, Staff, SuggestionDismissal, Visit
from crm.services import settings, suggestions, tasks
from crm.services.changes import Changes
from crm.services.common import Actor
from tests.conftest import TODAY
from tests.factories import community, customer, visit

D = TODAY


def days_ago(n: int) -> date:
    return D - timedelta(days=n)


def with_level(level: int, **fields) -> Customer:
    c = customer(**fields)
    Customer.update(level=level).where(Customer.id == c.id).execute()
    return c


def rules_of(found):
    return [s.rule for s in found]


def what(s) -> tuple:
    """A suggestion's customer, task kind, due day, anchor and days, to compare in one go."""
    return (s.customer_id, s.kind, s.due, s.anchor, s.days)


def only(found, rule):
    matches = [s for s in found if s.rule == rule]
    assert len(matches) == 1, matches
    return matches[0]


# --- suggestion rules ----------------------------------------------------------------


@pytest.mark.parametrize(("ago", "suggested"), [(29, False), (30, True), (200, True)])
def test_micro_not_back_from_30_days(db, ago, suggested):
    c = with_level(MICRO)
    visit(c, days_ago(ago))
    visit(c, days_ago(3), amount=0)  # a visit without a purchase does not count
    found = suggestions.suggestions()
    assert rules_of(found) == (["micro_not_back"] if suggested else [])
    if suggested:
        assert what(found[0]) == (c.id, "content", D, days_ago(ago).isoformat(), ago)


def test_micro_rule_reads_the_stored_level(db):
    c = with_level(WEAK)
    visit(c, days_ago(40))
    assert "micro_not_back" not in rules_of(suggestions.suggestions())


@pytest.mark.parametrize(("ago", "suggested"), [(149, False), (150, True)])
def test_weak_dropping_from_150_days(db, ago, suggested):
    c = with_level(WEAK)
    visit(c, days_ago(400))
    visit(c, days_ago(ago))
    found = suggestions.suggestions()
    assert rules_of(found) == (["weak_dropping"] if suggested else [])
    if suggested:
        assert (found[0].kind, found[0].anchor) == ("service", days_ago(ago).isoformat())


def test_strong_customers_get_no_lapse_suggestion(db):
    c = with_level(STRONG)
    visit(c, days_ago(160))
    assert suggestions.suggestions() == []


@pytest.mark.parametrize(("ahead", "suggested"), [(-1, False), (0, True), (7, True), (8, False)])
def test_birthday_within_seven_days(db, ahead, suggested):
    day = D + timedelta(days=ahead)
    c = customer(birthday=date(1990, day.month, day.day))
    found = suggestions.suggestions()
    assert rules_of(found) == (["birthday"] if suggested else [])
    if suggested:
        assert what(found[0]) == (c.id, "birthday", day, day.isoformat(), ahead)


def test_birthday_wraps_around_the_new_year(db):
    customer(birthday=date(1990, 1, 2))
    s = only(suggestions.suggestions(date(2026, 12, 28)), "birthday")
    assert s.due == date(2027, 1, 2) and s.days == 5


@pytest.mark.parametrize(
    ("today", "due"),
    [
        (date(2027, 2, 21), date(2027, 2, 28)),  # not a leap year: 28 Feb, D+7
        (date(2027, 2, 28), date(2027, 2, 28)),
        (date(2027, 3, 1), None),
        (date(2028, 2, 22), date(2028, 2, 29)),  # leap year: 29 Feb, D+7
        (date(2028, 2, 21), None),  # D+8
        (date(2028, 2, 29), date(2028, 2, 29)),
    ],
)
def test_leap_day_birthday_is_28_february_in_other_years(db, today, due):
    customer(birthday=date(2000, 2, 29))
    found = [s for s in suggestions.suggestions(today) if s.rule == "birthday"]
    assert [s.due for s in found] == ([due] if due else [])


@hsettings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    born=st.dates(min_value=date(1930, 1, 1), max_value=date(2020, 12, 31)),
    today=st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)),
    window=st.integers(min_value=0, max_value=40),
)
def test_birthday_window_matches_day_by_day_check(db, born, today, window):
    Customer.delete().execute()
    customer(birthday=born)
    settings.set("suggest.birthday.days", window)

    def is_birthday(day: date) -> bool:
        if (day.month, day.day) == (born.month, born.day):
            return True
        leap_day = (born.month, born.day) == (2, 29)
        return leap_day and not calendar.isleap(day.year) and (day.month, day.day) == (2, 28)

    expected = [today + timedelta(days=k) for k in range(window + 1)]
    expected = [day for day in expected if is_birthday(day)][:1]
    assert [s.due for s in suggestions.suggestions(today) if s.rule == "birthday"] == expected


def test_referral_converted_thanks_the_referrer_for_a_first_purchase_in_the_last_7_days(db):
    referrer = customer("推荐人")
    fresh = customer("新客", referrer=referrer)
    visit(fresh, days_ago(6))
    visit(fresh, days_ago(2))
    late = customer("老一点", referrer=referrer)
    visit(late, days_ago(7))  # first purchase just outside the window
    visit(late, days_ago(1))
    repeat = customer("回头客", referrer=referrer)
    visit(repeat, days_ago(100))
    visit(repeat, days_ago(1))
    looker = customer("只看看", referrer=referrer)
    visit(looker, days_ago(1), amount=0)
    s = only(suggestions.suggestions(), "referral_converted")
    assert (s.customer_id, s.customer_name, s.kind, s.due) == (referrer.id, "推荐人", "thank_referrer", D)
    assert (s.anchor, s.related_id, s.related_name, s.occasion) == (
        str(fresh.id),
        fresh.id,
        "新客",
        days_ago(6),
    )


def test_referral_converted_one_suggestion_per_referred_customer(db):
    referrer = customer("推荐人")
    a, b = customer("甲", referrer=referrer), customer("乙", referrer=referrer)
    visit(a, days_ago(5))
    visit(b, days_ago(1))
    found = [s for s in suggestions.suggestions() if s.rule == "referral_converted"]
    assert sorted(s.related_id for s in found) == [a.id, b.id]
    suggestions.dismiss_suggestion(found[0])
    rest = [s for s in suggestions.suggestions() if s.rule == "referral_converted"]
    assert [s.anchor for s in rest] == [found[1].anchor]


@pytest.mark.parametrize(("ago", "suggested"), [(6, False), (7, True), (13, True), (14, False)])
def test_new_customer_followed_up_a_week_after_the_first_visit(db, ago, suggested):
    c = customer()
    visit(c, days_ago(ago), amount=0)
    visit(c, days_ago(1))
    found = suggestions.suggestions()
    assert rules_of(found) == (["new_customer"] if suggested else [])
    if suggested:
        assert (found[0].kind, found[0].anchor) == ("experience", days_ago(ago).isoformat())


def test_new_customer_needs_the_first_visit_ever(db):
    c = customer()
    visit(c, days_ago(300), amount=0)
    visit(c, days_ago(8))
    d = customer()
    visit(d, days_ago(14))  # first visit just outside the week
    visit(d, days_ago(10))
    assert suggestions.suggestions() == []


def test_archived_and_erased_customers_get_no_suggestions(db):
    for flags in ({"archived": True}, {"erased": True}):
        c = with_level(MICRO, birthday=D + timedelta(days=1), **flags)
        visit(c, days_ago(40))
        visit(customer(referrer=c), days_ago(1))
    assert suggestions.suggestions() == []


def test_rules_follow_their_settings(db):
    c = with_level(MICRO)
    visit(c, days_ago(20))
    assert suggestions.suggestions() == []
    settings.set_many({"suggest.micro_not_back.days": 15, "suggest.micro_not_back.kind": "companionship"})
    s = only(suggestions.suggestions(), "micro_not_back")
    assert s.kind == "companionship"
    settings.set("suggest.micro_not_back.enabled", False)
    assert suggestions.suggestions() == []


# --- no duplicates, dismissals, accepting --------------------------------------------


def lapsed_micro(ago: int = 40) -> Customer:
    c = with_level(MICRO)
    visit(c, days_ago(ago))
    return c


def test_open_task_of_the_same_kind_blocks_the_suggestion_but_a_done_one_does_not(db):
    c = lapsed_micro()
    other = tasks.create_task(c.id, "service")
    assert rules_of(suggestions.suggestions()) == ["micro_not_back"]  # another kind does not block
    manual = tasks.create_task(c.id, "content", title="发新品图")
    assert suggestions.suggestions() == []
    tasks.complete_task(manual.id)
    tasks.complete_task(other.id)
    assert rules_of(suggestions.suggestions()) == ["micro_not_back"]


def test_accepted_suggestion_becomes_a_task_and_is_not_suggested_again(db):
    clerk = Staff.create(name="小王", role="staff")
    c = lapsed_micro()
    s = only(suggestions.suggestions(), "micro_not_back")
    info = suggestions.accept_suggestion(s, assignee_id=clerk.id, actor=Actor(clerk.id))
    assert (info.customer_id, info.kind, info.due, info.rule, info.title) == (
        c.id,
        "content",
        D,
        "micro_not_back",
        s.reason,
    )
    assert info.assignee_id == clerk.id and info.created_by_id == clerk.id
    assert suggestions.suggestions() == []
    with pytest.raises(OpenTaskExists):
        suggestions.accept_suggestion(s)
    tasks.complete_task(info.id, "发了优惠券")
    assert suggestions.suggestions() == []  # same occasion, already handled
    # the customer comes back, then lapses again: a new occasion
    visit(c, D)
    later = D + timedelta(days=30)
    clock.fix(later)
    s2 = only(suggestions.suggestions(), "micro_not_back")
    assert s2.anchor == D.isoformat()


def test_accepted_suggestion_takes_the_title_it_is_given(db):
    c = lapsed_micro()
    other = lapsed_micro(50)
    s = next(x for x in suggestions.suggestions() if x.customer_id == c.id)
    info = suggestions.accept_suggestion(s, title=" 微关系客户 40 天未回购 ")
    assert info.title == "微关系客户 40 天未回购"
    entries = AuditEntry.select().where((AuditEntry.entity == "task") & (AuditEntry.entity_id == info.id))
    assert [e.action for e in entries] == ["create"]  # titled when created, not edited after
    s2 = next(x for x in suggestions.suggestions() if x.customer_id == other.id)
    assert suggestions.accept_suggestion(s2, title="  ").title == s2.reason  # a blank title is no title


def test_dismissal_hides_that_occasion_only(db):
    c = lapsed_micro(35)
    s = only(suggestions.suggestions(), "micro_not_back")
    dismissed = suggestions.dismiss_suggestion(s, actor=Actor(None))
    assert dismissed.changes == Changes.of([c.id], tasks=True)
    suggestions.dismiss_suggestion(s)  # twice is harmless
    assert SuggestionDismissal.select().count() == 1
    assert suggestions.suggestions() == []
    assert suggestions.suggestions(D + timedelta(days=60)) == []
    visit(c, D + timedelta(days=1))
    assert suggestions.suggestions(D + timedelta(days=30)) == []
    s2 = only(suggestions.suggestions(D + timedelta(days=31)), "micro_not_back")
    assert s2.anchor == (D + timedelta(days=1)).isoformat()
    entry = AuditEntry.get_by_id(dismissed.audit_entry)
    assert entry.action == "dismiss"
    assert json.loads(entry.after) == {"rule": "micro_not_back", "anchor": s.anchor, "kind": "content"}


def test_birthday_accepted_this_year_comes_back_next_year(db):
    c = customer(birthday=date(1990, 7, 3))
    s = only(suggestions.suggestions(), "birthday")
    t = suggestions.accept_suggestion(s)
    assert t.due == date(2026, 7, 3)
    tasks.complete_task(t.id)
    assert suggestions.suggestions(date(2026, 7, 1)) == []
    nxt = only(suggestions.suggestions(date(2027, 6, 28)), "birthday")
    assert (nxt.customer_id, nxt.due) == (c.id, date(2027, 7, 3))


def test_suggestion_for_small_c_is_accepted_via_the_big_c_without_confirmation(db):
    leader, member = customer("王丽"), customer("赵小c")
    community(leader, [member])
    Customer.update(level=MICRO).where(Customer.id == member.id).execute()
    visit(member, days_ago(45))
    s = only(suggestions.suggestions(), "micro_not_back")
    assert (s.via_id, s.via_name) == (leader.id, "王丽")
    info = suggestions.accept_suggestion(s)
    assert info.via_id == leader.id
    settings.set("route_via_big_c", False)
    tasks.delete_task(info.id)
    s = only(suggestions.suggestions(), "micro_not_back")
    assert s.via_id is None
    assert suggestions.accept_suggestion(s).via_id is None


def test_suggestions_for_one_customer(db):
    a, b = lapsed_micro(), lapsed_micro()
    assert {s.customer_id for s in suggestions.suggestions()} == {a.id, b.id}
    assert [s.customer_id for s in suggestions.suggestions(customer_id=b.id)] == [b.id]


def test_many_suggestions_keep_routing_and_open_task_checks(db):
    """Above a few hundred candidates the checks read whole tables instead of per customer."""
    last = days_ago(40)
    joined = date(2024, 1, 1)
    rows = [{"code": f"B{i:04d}", "name": f"客{i}", "joined": joined, "level": MICRO} for i in range(520)]
    Customer.insert_many(rows).execute()
    ids = [cid for (cid,) in Customer.select(Customer.id).where(Customer.code.startswith("B")).tuples()]
    Visit.insert_many(
        [{"customer": cid, "at": f"{last} 10:00:00", "day": last, "amount": 1000} for cid in ids]
    ).execute()
    leader = customer("王丽")
    community(leader, [Customer.get_by_id(ids[0])])
    tasks.create_task(ids[1], "content")
    found = {s.customer_id: s for s in suggestions.suggestions()}
    assert len(found) == 519 and ids[1] not in found
    assert (found[ids[0]].via_id, found[ids[0]].via_name) == (leader.id, "王丽")
    assert all(s.via_id is None for cid, s in found.items() if cid != ids[0])
