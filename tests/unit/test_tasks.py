import json
from datetime import date, timedelta

import pytest

from crm import clock
from crm.db import database
from crm.errors import InvalidInput, NotAllowed, NotFound, ServedByBigC
from crm.models import AuditEntry, Customer, Staff, Task
from crm.services import settings, tasks
from crm.services.changes import Changes
from crm.services.common import Actor
from tests.conftest import TODAY
from tests.factories import community, customer

D = TODAY


def days_ago(n: int) -> date:
    return D - timedelta(days=n)


def staff(name: str = "小王", role: str = "staff", active: bool = True) -> Staff:
    return Staff.create(name=name, role=role, active=active)


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
    removed = tasks.delete_task(t.id, actor=Actor(boss.id, "owner"))
    assert Task.select().count() == 0
    assert removed.changes == Changes.of([c.id], tasks=True)
    entry = AuditEntry.get_by_id(removed.audit_entry)
    assert entry.action == "delete"
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


def test_a_changed_task_says_it_touched_its_customer_and_the_big_c_it_goes_via(small_c):
    leader, member = small_c
    loner = customer("李四")
    assert tasks.create_task(loner.id, "content").changes == Changes.of([loner.id], tasks=True)
    routed = tasks.create_task(member.id, "content")
    both = Changes.of([member.id, leader.id], tasks=True)
    assert routed.changes == both
    assert tasks.complete_task(routed.id, "ok").changes == both
    assert tasks.reopen_task(routed.id).changes == both
    assert tasks.reassign_task(routed.id, None).changes == both
    assert tasks.update_task(routed.id, title="回访").changes == both
    assert tasks.skip_task(routed.id).changes == both
    assert tasks.delete_task(routed.id, actor=Actor(None, "owner")).changes == both


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
