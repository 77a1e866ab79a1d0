"""The customer page in one read: profile, level and why, timeline, referrals, communities, tasks."""

from datetime import date, datetime, timedelta

import pytest

from crm.db import database
from crm.errors import NotFound
from crm.services import community_changes, customer_level, customer_page, customers, settings, tasks, visits
from tests.conftest import TODAY


@pytest.fixture
def family(db):
    """王丽, brought by 张伟 (brought by 赵敏), a member of 李娜's community, who brought 孙悦."""
    leader = customers.create_customer("李娜", "13600000000")
    root = customers.create_customer("赵敏", "13700000000")
    referrer = customers.create_customer("张伟", "13900001111", referrer_id=root.id)
    member = customers.create_customer("王丽", "13812345678", referrer_id=referrer.id)
    brought = customers.create_customer("孙悦", "13300006666", referrer_id=member.id)
    group = community_changes.create_community("邻里群", leader.id, created=date(2026, 1, 1))
    community_changes.add_member(group.id, member.id, joined=date(2026, 1, 1))
    return leader, referrer, member, brought


def test_the_page_gathers_profile_level_referrals_and_communities(family):
    leader, referrer, member, brought = family
    visits.log_visit(brought.id, 2000, at=date(2026, 6, 2))
    visits.log_visit(member.id, 5000, at=date(2026, 6, 1))

    page = customer_page.load(member.id)

    assert page.customer_id == member.id and page.info.name == "王丽"
    assert page.explanation.key == "micro" and page.explanation.facts.purchase_days == 1
    assert [p.name for p in page.chain] == ["张伟", "赵敏"]  # nearest first
    assert page.tree.size == 1 and page.tree.converted == 1 and page.tree.revenue == 2000
    assert [(n.name, n.generation) for n in page.tree.nodes] == [("孙悦", 1)]
    assert [(c.name, c.role, c.leader_name) for c in page.communities] == [("邻里群", "member", "李娜")]
    assert page.serving is not None and page.serving.id == leader.id
    assert not page.is_big_c
    assert page.currency == settings.get("currency")
    assert customer_page.load(leader.id).is_big_c  # leads a community with a member


def test_the_timeline_merges_visits_level_changes_and_tasks_newest_first(family):
    _, _, member, _ = family
    visits.log_visit(member.id, 5000, at=datetime(2026, 6, 1, 15, 30))
    visits.log_visit(member.id, 0, "visit", at=datetime(2026, 6, 20, 9, 0))
    due = tasks.create_task(member.id, "service", TODAY + timedelta(days=3), title="call")
    closed = tasks.create_task(member.id, "other", date(2026, 6, 10))
    tasks.complete_task(closed.id, "done")

    page = customer_page.load(member.id)

    kinds = [e.kind for e in page.timeline]
    assert kinds.count("visit") == 2 and kinds.count("task") == 2 and "level" in kinds
    moments = [e.at for e in page.timeline]
    assert all(type(m) is datetime for m in moments)
    assert moments == sorted(moments, reverse=True)
    # An open task stands at its due day, a closed one on the day it was closed.
    assert page.timeline[0].task is not None and page.timeline[0].task.id == due.id
    assert page.timeline[0].at == datetime.combine(TODAY + timedelta(days=3), datetime.min.time())
    done = next(e for e in page.timeline if e.task is not None and e.task.id == closed.id)
    assert done.at == datetime.combine(TODAY, datetime.min.time())
    first = next(e for e in page.timeline if e.visit is not None and e.visit.amount == 5000)
    assert first.at == datetime(2026, 6, 1, 15, 30)
    level = next(e for e in page.timeline if e.kind == "level")
    assert level.level_change.to_level == "micro"
    assert [t.id for t in page.tasks] == [due.id, closed.id]  # open first


def test_a_pinned_customer_is_explained_by_the_pin(family):
    _, _, member, _ = family
    customer_level.pin_level(member.id, 3, "family of the owner")
    page = customer_page.load(member.id)
    assert page.info.pin_level == 3 and page.explanation.pinned
    assert any(e.kind == "level" and e.level_change.reason == "pin" for e in page.timeline)


def test_an_archived_customer_still_has_a_page(family):
    _, _, member, _ = family
    customers.archive_customer(member.id)
    assert customer_page.load(member.id).info.archived


def test_no_such_customer(db):
    with pytest.raises(NotFound):
        customer_page.load(424242)


def test_a_level_change_stands_above_the_purchase_that_caused_it(family):
    """Both at the same moment (a replayed history dates a rise at its purchase): newest first
    reads as cause then outcome from the bottom up, so the change comes first."""
    from crm.services import level_replay

    _, _, member, _ = family
    for day in (date(2026, 5, 1), date(2026, 5, 9)):
        visits.log_visit(member.id, 5000, at=datetime.combine(day, datetime.min.time()).replace(hour=11))
    database.execute_sql("DELETE FROM level_change WHERE customer_id = ?", (member.id,))
    level_replay.record_history(date(2026, 5, 31), datetime(2026, 6, 1, 9, 0))

    page = customer_page.load(member.id)

    second = next(i for i, e in enumerate(page.timeline) if e.visit is not None and e.visit.at.day == 9)
    above = page.timeline[second - 1]
    assert above.kind == "level" and above.at == page.timeline[second].at
