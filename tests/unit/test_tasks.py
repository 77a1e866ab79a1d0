import calendar
import json
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from crm import clock
from crm.db import database
from crm.errors import InvalidInput, NotAllowed, NotFound, OpenTaskExists, ServedByBigC
from crm.levels import MICRO, STRONG, WEAK
from crm.models import AuditEntry, Customer, Staff, SuggestionDismissal, Task, Visit
from crm.services import settings, tasks
from crm.services.common import Actor
from tests.conftest import TODAY
from tests.factories import community, customer, visit

D = TODAY


def days_ago(n: int) -> date:
    return D - timedelta(days=n)


def staff(name: str = "小王", role: str = "staff", active: bool = True) -> Staff:
    return Staff.create(name=name, role=role, active=active)


def with_level(level: int, **fields) -> Customer:
    c = customer(**fields)
    Customer.update(level=level).where(Customer.id == c.id).execute()
    return c


def rules_of(found):
    return [s.rule for s in found]


def only(found, rule):
    matches = [s for s in found if s.rule == rule]
    assert len(matches) == 1, matches
    return matches[0]


# --- creating and changing tasks ------------------------------------------------


def test_create_task_defaults_to_today_and_records_who_and_when(db):
    clerk = staff()
    c = customer("李四", phone="+8613812345678")
    info = tasks.create_task(c.id, "content", assignee_id=clerk.id, actor=Actor(clerk.id, "staff", "小王"))
    assert info.due == D
    assert info.status == "open"
    assert info.created_on == D
    assert info.created_by_id == clerk.id
    assert (info.customer_name, info.customer_phone, info.assignee_name) == ("李四", "+8613812345678", "小王")
    assert info.via_id is None and info.closed_on is None
    entry = AuditEntry.get((AuditEntry.entity == "task") & (AuditEntry.entity_id == info.id))
    assert entry.action == "create" and entry.staff_id == clerk.id
    assert json.loads(entry.after)["kind"] == "content"


@pytest.mark.parametrize("text", ["2026-07-03", "2026/7/3", "20260703", " 2026-7-3 "])
def test_due_date_accepts_common_spellings(db, text):
    c = customer()
    assert tasks.create_task(c.id, "service", text).due == date(2026, 7, 3)


@pytest.mark.parametrize(
    ("args", "error", "field"),
    [
        ({"kind": "party"}, InvalidInput, "kind"),
        ({"due": "2026-02-30"}, InvalidInput, "due"),
        ({"due": "next week"}, InvalidInput, "due"),
        ({"assignee_id": 999}, NotFound, None),
        ({"via": "somebody"}, InvalidInput, "via"),
        ({"rule": "whim"}, InvalidInput, "rule"),
    ],
)
def test_create_task_validates_before_writing(db, args, error, field):
    c = customer()
    call = {"kind": "content", **args}
    with pytest.raises(error) as caught:
        tasks.create_task(c.id, call.pop("kind"), **call)
    if field:
        assert caught.value.field == field
    assert Task.select().count() == 0
    assert AuditEntry.select().count() == 0


def test_inactive_assignee_and_gone_customers_are_refused(db):
    gone = staff("老张", active=False)
    c = customer()
    with pytest.raises(InvalidInput, match="no longer active"):
        tasks.create_task(c.id, "content", assignee_id=gone.id)
    with pytest.raises(NotFound):
        tasks.create_task(12345, "content")
    erased = customer(erased=True)
    archived = customer(archived=True)
    for who in (erased, archived):
        with pytest.raises(InvalidInput):
            tasks.create_task(who.id, "content")
    with pytest.raises(InvalidInput):
        tasks.create_task(c.id, "content", via=c.id)
    assert Task.select().count() == 0


def test_complete_skip_and_reopen(db):
    c = customer()
    t = tasks.create_task(c.id, "companionship", days_ago(3))
    done = tasks.complete_task(t.id, "  聊了半小时 ")
    assert (done.status, done.closed_on, done.outcome) == ("done", D, "聊了半小时")
    with pytest.raises(InvalidInput, match="already done"):
        tasks.complete_task(t.id)
    with pytest.raises(InvalidInput):
        tasks.skip_task(t.id)
    again = tasks.reopen_task(t.id)
    assert (again.status, again.closed_on, again.outcome) == ("open", None, "聊了半小时")
    with pytest.raises(InvalidInput, match="already open"):
        tasks.reopen_task(t.id)
    skipped = tasks.skip_task(t.id, "moved away")
    assert (skipped.status, skipped.outcome) == ("skipped", "moved away")
    actions = [a for (a,) in AuditEntry.select(AuditEntry.action).order_by(AuditEntry.id).tuples()]
    assert actions == ["create", "done", "reopen", "skipped"]
    with pytest.raises(NotFound):
        tasks.complete_task(t.id + 100)


def test_reassign_and_update(db):
    a, b = staff("甲"), staff("乙")
    c = customer()
    t = tasks.create_task(c.id, "content", assignee_id=a.id)
    assert tasks.reassign_task(t.id, b.id).assignee_name == "乙"
    assert tasks.reassign_task(t.id, None).assignee_id is None
    with pytest.raises(NotFound):
        tasks.reassign_task(t.id, 999)
    changed = tasks.update_task(t.id, due="2026-07-09", title=" 新品试用 ")
    assert (changed.due, changed.title, changed.kind) == (date(2026, 7, 9), "新品试用", "content")
    assert tasks.update_task(t.id, kind="experience").kind == "experience"
    with pytest.raises(InvalidInput):
        tasks.update_task(t.id, kind="nap")
    assert tasks.get_task(t.id).kind == "experience"


def test_plain_staff_may_not_delete_a_task_and_a_manager_can_restore_it_from_the_audit(db):
    c = customer()
    t = tasks.create_task(c.id, "other", title="回访")
    with pytest.raises(NotAllowed):
        tasks.delete_task(t.id, actor=Actor(staff_id=None, role="staff"))
    assert Task.select().count() == 1
    boss = staff("老板", role="owner")
    tasks.delete_task(t.id, actor=Actor(boss.id, "owner"))
    assert Task.select().count() == 0
    entry = AuditEntry.get(AuditEntry.action == "delete")
    before = json.loads(entry.before)
    Task.insert(**before).execute()
    restored = tasks.get_task(t.id)
    assert (restored.title, restored.customer_id, restored.due) == ("回访", c.id, D)


# --- 大C routing ------------------------------------------------------------------


@pytest.fixture
def small_c(db):
    leader = customer("王丽")
    member = customer("赵小c")
    community(leader, [member])
    return leader, member


def test_task_for_small_c_is_routed_via_their_big_c(small_c):
    leader, member = small_c
    info = tasks.create_task(member.id, "content")
    assert (info.via_id, info.via_name) == (leader.id, "王丽")
    assert [t.id for t in tasks.tasks_for(leader.id, include_routed=True)] == [info.id]
    assert tasks.tasks_for(leader.id) == []


def test_direct_task_for_small_c_needs_confirmation(small_c):
    leader, member = small_c
    with pytest.raises(ServedByBigC) as caught:
        tasks.create_task(member.id, "content", via=None)
    assert (caught.value.customer_name, caught.value.leader_id, caught.value.leader_name) == (
        "赵小c",
        leader.id,
        "王丽",
    )
    assert Task.select().count() == 0
    info = tasks.create_task(member.id, "content", via=None, confirm_bypass=True)
    assert info.via_id is None
    after = json.loads(AuditEntry.get(AuditEntry.entity_id == info.id).after)
    assert after["bypassed_big_c"] == leader.id


def test_direct_task_for_a_customer_without_big_c_needs_no_confirmation(small_c):
    loner = customer("孤")
    assert tasks.create_task(loner.id, "content", via=None).via_id is None
    assert tasks.create_task(loner.id, "content").via_id is None


def test_routing_setting_off_means_no_routing_and_no_confirmation(small_c):
    _, member = small_c
    settings.set("route_via_big_c", False)
    assert tasks.create_task(member.id, "content").via_id is None
    assert tasks.create_task(member.id, "service", via=None).via_id is None


def test_via_can_be_named_explicitly(small_c):
    leader, member = small_c
    friend = customer("朋友")
    assert tasks.create_task(member.id, "content", via=friend.id).via_name == "朋友"
    with pytest.raises(NotFound):
        tasks.create_task(member.id, "content", via=99999)


# --- lists -------------------------------------------------------------------------


def test_due_buckets_split_open_tasks_around_today(db):
    c = customer()
    ids = {n: tasks.create_task(c.id, "content", D + timedelta(days=n)).id for n in (-3, -1, 0, 1, 7, 8)}
    closed = tasks.create_task(c.id, "content", days_ago(2))
    tasks.complete_task(closed.id)
    gone = customer("已删除")
    tasks.create_task(gone.id, "content", D)
    Customer.update(erased=True).where(Customer.id == gone.id).execute()
    buckets = tasks.due_tasks()
    assert [t.id for t in buckets.overdue] == [ids[-3], ids[-1]]
    assert [t.id for t in buckets.today] == [ids[0]]
    assert [t.id for t in buckets.upcoming] == [ids[1], ids[7]]
    assert buckets.total == 5
    later = tasks.due_tasks(D + timedelta(days=1))
    assert [t.id for t in later.today] == [ids[1]]
    assert ids[8] in [t.id for t in later.upcoming]


def test_list_tasks_filters(db):
    a, b = staff("甲"), staff("乙")
    c1, c2 = customer("一"), customer("二")
    t1 = tasks.create_task(c1.id, "content", D, assignee_id=a.id)
    t2 = tasks.create_task(c2.id, "service", D + timedelta(days=2), assignee_id=b.id)
    t3 = tasks.create_task(c2.id, "birthday", days_ago(1))
    tasks.complete_task(t3.id)
    assert [t.id for t in tasks.list_tasks()] == [t3.id, t1.id, t2.id]
    assert [t.id for t in tasks.list_tasks("open")] == [t1.id, t2.id]
    assert [t.id for t in tasks.list_tasks(assignee_id=b.id)] == [t2.id]
    assert [t.id for t in tasks.list_tasks(unassigned=True)] == [t3.id]
    assert [t.id for t in tasks.list_tasks(customer_id=c2.id, kind="service")] == [t2.id]
    assert [t.id for t in tasks.list_tasks(due_from=D, due_to=D)] == [t1.id]
    with pytest.raises(InvalidInput):
        tasks.list_tasks("pending")
    assert [t.id for t in tasks.tasks_for(c2.id)] == [t2.id, t3.id]


def test_due_buckets_of_one_assignee_or_of_nobody(db):
    a, b = staff("甲"), staff("乙")
    c = customer()
    mine = tasks.create_task(c.id, "content", days_ago(1), assignee_id=a.id)
    theirs = tasks.create_task(c.id, "service", D, assignee_id=b.id)
    nobodys_today = tasks.create_task(c.id, "experience", D)
    nobodys_soon = tasks.create_task(c.id, "other", D + timedelta(days=3))

    def ids(buckets):
        return [[t.id for t in rows] for rows in (buckets.overdue, buckets.today, buckets.upcoming)]

    assert ids(tasks.due_tasks(unassigned=True)) == [[], [nobodys_today.id], [nobodys_soon.id]]
    assert ids(tasks.due_tasks(assignee_id=a.id)) == [[mine.id], [], []]
    # a named assignee wins over "unassigned", as in list_tasks
    assert ids(tasks.due_tasks(assignee_id=b.id, unassigned=True)) == [[], [theirs.id], []]
    assert tasks.due_tasks().total == 4


def test_list_tasks_closed_from_a_day_newest_closed_first(db):
    a = staff("甲")
    c = customer()
    closed = {}
    for ago, status in ((40, "done"), (30, "skipped"), (3, "done"), (0, "skipped")):
        clock.fix(days_ago(ago))
        made = tasks.create_task(c.id, "other", days_ago(ago + 50), assignee_id=a.id if ago == 3 else None)
        (tasks.complete_task if status == "done" else tasks.skip_task)(made.id, "好")
        closed[ago] = made.id
    clock.fix(days_ago(10))
    reopened = tasks.create_task(c.id, "service", days_ago(10))
    tasks.complete_task(reopened.id)
    clock.fix(D)
    tasks.reopen_task(reopened.id)
    still_open = tasks.create_task(c.id, "content", D)

    found = tasks.list_tasks(closed_from=days_ago(30))
    assert [t.id for t in found] == [closed[0], closed[3], closed[30]]  # 40 days ago is too old
    assert [t.closed_on for t in found] == [D, days_ago(3), days_ago(30)]
    assert reopened.id not in [t.id for t in found] and still_open.id not in [t.id for t in found]
    assert [t.id for t in tasks.list_tasks("done", closed_from=days_ago(30))] == [closed[3]]
    assert [t.id for t in tasks.list_tasks(assignee_id=a.id, closed_from=days_ago(30))] == [closed[3]]
    assert [t.id for t in tasks.list_tasks(unassigned=True, closed_from=days_ago(30))] == [
        closed[0],
        closed[30],
    ]
    assert [t.id for t in tasks.list_tasks(closed_from=days_ago(30), limit=1)] == [closed[0]]
    assert tasks.list_tasks("open", closed_from=days_ago(30)) == []


def test_listing_uses_one_query_not_one_per_row(db, monkeypatch):
    boss = staff("甲")
    leader = customer("王丽")
    members = [customer(f"成员{i}") for i in range(20)]
    community(leader, members)
    for m in members:
        tasks.create_task(m.id, "content", assignee_id=boss.id)
    real = database.obj.execute_sql
    calls = []

    def counting(sql, params=None, *args, **kwargs):
        calls.append(sql)
        return real(sql, params, *args, **kwargs)

    monkeypatch.setattr(database.obj, "execute_sql", counting)
    rows = tasks.list_tasks()
    assert len(rows) == 20 and all(r.via_name == "王丽" and r.assignee_name == "甲" for r in rows)
    assert len(calls) == 1


# --- suggestion rules ----------------------------------------------------------------


@pytest.mark.parametrize(("ago", "suggested"), [(29, False), (30, True), (200, True)])
def test_micro_not_back_from_30_days(db, ago, suggested):
    c = with_level(MICRO)
    visit(c, days_ago(ago))
    visit(c, days_ago(3), amount=0)  # a visit without a purchase does not count
    found = tasks.suggestions()
    assert rules_of(found) == (["micro_not_back"] if suggested else [])
    if suggested:
        s = found[0]
        assert (s.customer_id, s.kind, s.due, s.anchor, s.days) == (
            c.id,
            "content",
            D,
            days_ago(ago).isoformat(),
            ago,
        )


def test_micro_rule_reads_the_stored_level(db):
    c = with_level(WEAK)
    visit(c, days_ago(40))
    assert "micro_not_back" not in rules_of(tasks.suggestions())


@pytest.mark.parametrize(("ago", "suggested"), [(149, False), (150, True)])
def test_weak_dropping_from_150_days(db, ago, suggested):
    c = with_level(WEAK)
    visit(c, days_ago(400))
    visit(c, days_ago(ago))
    found = tasks.suggestions()
    assert rules_of(found) == (["weak_dropping"] if suggested else [])
    if suggested:
        assert (found[0].kind, found[0].anchor) == ("service", days_ago(ago).isoformat())


def test_strong_customers_get_no_lapse_suggestion(db):
    c = with_level(STRONG)
    visit(c, days_ago(160))
    assert tasks.suggestions() == []


@pytest.mark.parametrize(("ahead", "suggested"), [(-1, False), (0, True), (7, True), (8, False)])
def test_birthday_within_seven_days(db, ahead, suggested):
    day = D + timedelta(days=ahead)
    c = customer(birthday=date(1990, day.month, day.day))
    found = tasks.suggestions()
    assert rules_of(found) == (["birthday"] if suggested else [])
    if suggested:
        s = found[0]
        assert (s.customer_id, s.kind, s.due, s.anchor, s.days) == (
            c.id,
            "birthday",
            day,
            day.isoformat(),
            ahead,
        )


def test_birthday_wraps_around_the_new_year(db):
    customer(birthday=date(1990, 1, 2))
    s = only(tasks.suggestions(date(2026, 12, 28)), "birthday")
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
    found = [s for s in tasks.suggestions(today) if s.rule == "birthday"]
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
    assert [s.due for s in tasks.suggestions(today) if s.rule == "birthday"] == expected


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
    s = only(tasks.suggestions(), "referral_converted")
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
    found = [s for s in tasks.suggestions() if s.rule == "referral_converted"]
    assert sorted(s.related_id for s in found) == [a.id, b.id]
    tasks.dismiss_suggestion(found[0])
    rest = [s for s in tasks.suggestions() if s.rule == "referral_converted"]
    assert [s.anchor for s in rest] == [found[1].anchor]


@pytest.mark.parametrize(("ago", "suggested"), [(6, False), (7, True), (13, True), (14, False)])
def test_new_customer_followed_up_a_week_after_the_first_visit(db, ago, suggested):
    c = customer()
    visit(c, days_ago(ago), amount=0)
    visit(c, days_ago(1))
    found = tasks.suggestions()
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
    assert tasks.suggestions() == []


def test_archived_and_erased_customers_get_no_suggestions(db):
    for flags in ({"archived": True}, {"erased": True}):
        c = with_level(MICRO, birthday=D + timedelta(days=1), **flags)
        visit(c, days_ago(40))
        visit(customer(referrer=c), days_ago(1))
    assert tasks.suggestions() == []


def test_rules_follow_their_settings(db):
    c = with_level(MICRO)
    visit(c, days_ago(20))
    assert tasks.suggestions() == []
    settings.set_many({"suggest.micro_not_back.days": 15, "suggest.micro_not_back.kind": "companionship"})
    s = only(tasks.suggestions(), "micro_not_back")
    assert s.kind == "companionship"
    settings.set("suggest.micro_not_back.enabled", False)
    assert tasks.suggestions() == []


# --- no duplicates, dismissals, accepting --------------------------------------------


def lapsed_micro(ago: int = 40) -> Customer:
    c = with_level(MICRO)
    visit(c, days_ago(ago))
    return c


def test_open_task_of_the_same_kind_blocks_the_suggestion_but_a_done_one_does_not(db):
    c = lapsed_micro()
    other = tasks.create_task(c.id, "service")
    assert rules_of(tasks.suggestions()) == ["micro_not_back"]  # another kind does not block
    manual = tasks.create_task(c.id, "content", title="发新品图")
    assert tasks.suggestions() == []
    tasks.complete_task(manual.id)
    tasks.complete_task(other.id)
    assert rules_of(tasks.suggestions()) == ["micro_not_back"]


def test_accepted_suggestion_becomes_a_task_and_is_not_suggested_again(db):
    clerk = staff()
    c = lapsed_micro()
    s = only(tasks.suggestions(), "micro_not_back")
    info = tasks.accept_suggestion(s, assignee_id=clerk.id, actor=Actor(clerk.id))
    assert (info.customer_id, info.kind, info.due, info.rule, info.title) == (
        c.id,
        "content",
        D,
        "micro_not_back",
        s.reason,
    )
    assert info.assignee_id == clerk.id and info.created_by_id == clerk.id
    assert tasks.suggestions() == []
    with pytest.raises(OpenTaskExists):
        tasks.accept_suggestion(s)
    tasks.complete_task(info.id, "发了优惠券")
    assert tasks.suggestions() == []  # same occasion, already handled
    # the customer comes back, then lapses again: a new occasion
    visit(c, D)
    later = D + timedelta(days=30)
    clock.fix(later)
    s2 = only(tasks.suggestions(), "micro_not_back")
    assert s2.anchor == D.isoformat()


def test_accepted_suggestion_takes_the_title_it_is_given(db):
    c = lapsed_micro()
    other = lapsed_micro(50)
    s = next(x for x in tasks.suggestions() if x.customer_id == c.id)
    info = tasks.accept_suggestion(s, title=" 微关系客户 40 天未回购 ")
    assert info.title == "微关系客户 40 天未回购"
    entries = AuditEntry.select().where((AuditEntry.entity == "task") & (AuditEntry.entity_id == info.id))
    assert [e.action for e in entries] == ["create"]  # titled when created, not edited after
    s2 = next(x for x in tasks.suggestions() if x.customer_id == other.id)
    assert tasks.accept_suggestion(s2, title="  ").title == s2.reason  # a blank title is no title


def test_dismissal_hides_that_occasion_only(db):
    c = lapsed_micro(35)
    s = only(tasks.suggestions(), "micro_not_back")
    tasks.dismiss_suggestion(s, actor=Actor(None))
    tasks.dismiss_suggestion(s)  # twice is harmless
    assert SuggestionDismissal.select().count() == 1
    assert tasks.suggestions() == []
    assert tasks.suggestions(D + timedelta(days=60)) == []
    visit(c, D + timedelta(days=1))
    assert tasks.suggestions(D + timedelta(days=30)) == []
    s2 = only(tasks.suggestions(D + timedelta(days=31)), "micro_not_back")
    assert s2.anchor == (D + timedelta(days=1)).isoformat()
    entry = AuditEntry.get(AuditEntry.action == "dismiss")
    assert json.loads(entry.after) == {"rule": "micro_not_back", "anchor": s.anchor, "kind": "content"}


def test_birthday_accepted_this_year_comes_back_next_year(db):
    c = customer(birthday=date(1990, 7, 3))
    s = only(tasks.suggestions(), "birthday")
    t = tasks.accept_suggestion(s)
    assert t.due == date(2026, 7, 3)
    tasks.complete_task(t.id)
    assert tasks.suggestions(date(2026, 7, 1)) == []
    nxt = only(tasks.suggestions(date(2027, 6, 28)), "birthday")
    assert (nxt.customer_id, nxt.due) == (c.id, date(2027, 7, 3))


def test_suggestion_for_small_c_is_accepted_via_the_big_c_without_confirmation(small_c):
    leader, member = small_c
    Customer.update(level=MICRO).where(Customer.id == member.id).execute()
    visit(member, days_ago(45))
    s = only(tasks.suggestions(), "micro_not_back")
    assert (s.via_id, s.via_name) == (leader.id, "王丽")
    info = tasks.accept_suggestion(s)
    assert info.via_id == leader.id
    settings.set("route_via_big_c", False)
    tasks.delete_task(info.id)
    s = only(tasks.suggestions(), "micro_not_back")
    assert s.via_id is None
    assert tasks.accept_suggestion(s).via_id is None


def test_suggestions_for_one_customer(db):
    a, b = lapsed_micro(), lapsed_micro()
    assert {s.customer_id for s in tasks.suggestions()} == {a.id, b.id}
    assert [s.customer_id for s in tasks.suggestions(customer_id=b.id)] == [b.id]


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
    found = {s.customer_id: s for s in tasks.suggestions()}
    assert len(found) == 519 and ids[1] not in found
    assert (found[ids[0]].via_id, found[ids[0]].via_name) == (leader.id, "王丽")
    assert all(s.via_id is None for cid, s in found.items() if cid != ids[0])
