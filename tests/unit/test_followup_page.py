"""The follow-up page's task lists in one read: open ones around today, recently closed, the staff."""

from datetime import timedelta

from crm import clock
from crm.models import Staff
from crm.services import followup_page, tasks
from tests.conftest import TODAY
from tests.factories import customer

D = TODAY


def ids(rows) -> list[int]:
    return [t.id for t in rows]


def test_the_lists_hold_open_tasks_around_today_the_recently_closed_and_the_active_staff(db):
    li = Staff.create(name="李娜", role="staff")
    zhou = Staff.create(name="周敏", role="manager")
    Staff.create(name="走了的", role="staff", active=False)
    chen, zhao = customer("陈静", phone="+8613800000003"), customer("赵敏", phone="+8613800000004")
    clock.fix(D - timedelta(days=40))
    long_closed = tasks.create_task(chen.id, "service", D - timedelta(days=40))
    tasks.complete_task(long_closed.id)
    clock.fix(D)
    overdue = tasks.create_task(chen.id, "service", D - timedelta(days=2), assignee_id=li.id)
    today = tasks.create_task(zhao.id, "content", D, assignee_id=zhou.id)
    nobodys = tasks.create_task(zhao.id, "experience", D)
    upcoming = tasks.create_task(chen.id, "birthday", D + timedelta(days=3), assignee_id=li.id)
    tasks.create_task(zhao.id, "other", D + timedelta(days=20), assignee_id=li.id)  # beyond the week
    done = tasks.create_task(zhao.id, "service", D - timedelta(days=1), assignee_id=li.id)
    tasks.complete_task(done.id, "打过电话")

    lists = followup_page.load(today=D)

    assert lists.day == D
    assert [ids(rows) for rows in lists.lists] == [
        [today.id, nobodys.id],
        [overdue.id],
        [upcoming.id],
        [done.id],  # closed 40 days ago is not shown
    ]
    assert [s.name for s in lists.staff] == ["周敏", "李娜"]  # active only, managers first


def test_the_lists_of_one_assignee_or_of_nobody(db):
    li = Staff.create(name="李娜", role="staff")
    chen = customer("陈静", phone="+8613800000003")
    hers = tasks.create_task(chen.id, "service", D, assignee_id=li.id)
    nobodys = tasks.create_task(chen.id, "content", D)
    closed = tasks.create_task(chen.id, "other", D, assignee_id=li.id)
    tasks.skip_task(closed.id, "搬走了")

    assert ids(followup_page.load(li.id, today=D).open.today) == [hers.id]
    assert ids(followup_page.load(li.id, today=D).closed) == [closed.id]
    unassigned = followup_page.load(unassigned=True, today=D)
    assert ids(unassigned.open.today) == [nobodys.id] and unassigned.closed == []


def test_the_closed_count_is_every_task_closed_in_the_period_beyond_those_listed(db, monkeypatch):
    li = Staff.create(name="李娜", role="staff")
    chen = customer("陈静", phone="+8613800000003")
    for n in range(5):
        closed = tasks.create_task(chen.id, "other", D, assignee_id=li.id if n < 3 else None)
        tasks.complete_task(closed.id)
    monkeypatch.setattr(followup_page, "CLOSED_LIMIT", 2)

    lists = followup_page.load(today=D)

    assert (len(lists.closed), lists.closed_total) == (2, 5)
    assert followup_page.load(li.id, today=D).closed_total == 3
    assert followup_page.load(unassigned=True, today=D).closed_total == 2
