"""Logging, editing, deleting (with undo) visits, and the level refresh that follows."""

from datetime import date, datetime, timedelta

import pytest

from crm.errors import InvalidInput, NotAllowed, NotFound
from crm.levels import LEVELS
from crm.models import AuditEntry, Customer, Staff, Visit
from crm.services import customer_level, visits
from crm.services.common import Actor
from tests.conftest import TODAY
from tests.factories import community, customer, visit

D = TODAY


def test_log_purchase_refreshes_the_level_and_reports_the_move(db):
    c = customer()
    first = visits.log_visit(c.id, 12_50)
    assert (first.level_before, first.level_after, first.level_moved) == ("none", "micro", 1)
    second = visits.log_visit(c.id, 3000, at=D - timedelta(days=3))
    assert second.level_after == "weak" and second.level_moved == 1
    assert Customer.get_by_id(c.id).level == 2
    assert first.visit.amount == 1250 and first.visit.kind == "purchase"


def test_logging_for_a_referred_customer_lifts_the_referrer(db):
    boss = customer("王丽")
    visits.log_visit(boss.id, 100, at=D - timedelta(days=40))
    result = visits.log_visit(boss.id, 100, at=D - timedelta(days=20))
    assert result.level_after == "weak"
    friend = customer("张伟", referrer=boss)
    result = visits.log_visit(friend.id, 5000)
    assert boss.id in result.changed
    assert Customer.get_by_id(boss.id).level == 3  # strong: recommends and buys


def test_logging_for_a_member_refreshes_their_leader(db):
    leader = customer()
    for n in range(6):
        visit(leader, D - timedelta(days=n))
    members = [customer(f"m{i}") for i in range(5)]
    community(leader, members)
    for m in members[:4]:
        visit(m, D - timedelta(days=2))
    result = visits.log_visit(members[4].id, 800)
    assert leader.id in result.changed
    assert Customer.get_by_id(leader.id).level == 4


def test_refund_is_stored_negative_and_does_not_count_as_a_purchase(db):
    c = customer()
    visits.log_visit(c.id, 5000)
    refund = visits.log_visit(c.id, 2000, kind="refund")
    assert refund.visit.amount == -2000
    assert refund.level_after == "micro"


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"amount": 0, "kind": "purchase"}, "amount"),
        ({"amount": -5, "kind": "visit"}, "amount"),
        ({"amount": 0, "kind": "refund"}, "amount"),
        ({"amount": 100, "kind": "gift"}, "kind"),
        ({"amount": 100, "quantity": -1}, "quantity"),
        ({"amount": 100, "at": datetime(2030, 1, 1)}, "at"),
        ({"amount": 100, "at": "yesterday"}, "at"),
        ({"amount": 1.5}, "amount"),
    ],
)
def test_bad_visits_are_refused_and_change_nothing(db, kwargs, field):
    c = customer()
    with pytest.raises(InvalidInput) as err:
        visits.log_visit(c.id, **kwargs)
    assert err.value.field == field
    assert Visit.select().count() == 0


def test_visit_for_unknown_archived_or_erased_customer_is_refused(db):
    with pytest.raises(NotFound):
        visits.log_visit(999, 100)
    gone = customer(archived=True)
    with pytest.raises(InvalidInput):
        visits.log_visit(gone.id, 100)
    erased = customer(erased=True)
    with pytest.raises(InvalidInput):
        visits.log_visit(erased.id, 100)
    assert Visit.select().count() == 0


def test_a_visit_before_joining_moves_the_joined_date_back(db):
    c = customer(joined=date(2026, 5, 1))
    visits.log_visit(c.id, 100, at=date(2026, 4, 2))
    assert Customer.get_by_id(c.id).joined == date(2026, 4, 2)


def test_visit_with_inactive_staff_is_refused(db):
    c = customer()
    gone = Staff.create(name="老李", active=False)
    with pytest.raises(InvalidInput):
        visits.log_visit(c.id, 100, staff_id=gone.id)


def test_edit_visit_changes_amount_and_level(db):
    c = customer()
    visits.log_visit(c.id, 100, at=D - timedelta(days=5))
    v = visits.log_visit(c.id, 100).visit
    assert Customer.get_by_id(c.id).level == 2
    result = visits.edit_visit(v.id, kind="visit", amount=0)
    assert result.level_after == "micro"
    assert AuditEntry.select().where(AuditEntry.action == "edit").count() == 1


def test_staff_may_fix_their_own_visit_today_but_not_others(db):
    c = customer()
    clerk = Staff.create(name="小周", role="staff")
    other = Staff.create(name="小吴", role="staff")
    v = visits.log_visit(c.id, 100, actor=Actor(clerk.id, "staff")).visit
    assert v.staff_id == clerk.id
    visits.edit_visit(v.id, amount=200, actor=Actor(clerk.id, "staff"))
    with pytest.raises(NotAllowed):
        visits.edit_visit(v.id, amount=300, actor=Actor(other.id, "staff"))
    assert Visit.get_by_id(v.id).amount == 200


def test_delete_needs_a_reason_and_can_be_undone(db):
    c = customer()
    visits.log_visit(c.id, 100, at=D - timedelta(days=5))
    v = visits.log_visit(c.id, 700, note="两瓶").visit
    with pytest.raises(InvalidInput):
        visits.delete_visit(v.id, " ")
    undo = visits.delete_visit(v.id, "logged twice")
    assert Visit.get_or_none(Visit.id == v.id) is None
    assert Customer.get_by_id(c.id).level == 1
    restored = visits.restore_visit(undo.audit_entry)
    assert restored.visit == v
    assert Customer.get_by_id(c.id).level == 2
    with pytest.raises(InvalidInput):
        visits.restore_visit(undo.audit_entry)


def test_list_visits_newest_first_with_staff_names(db):
    c = customer()
    clerk = Staff.create(name="小周")
    visits.log_visit(c.id, 100, at=D - timedelta(days=2), staff_id=clerk.id)
    visits.log_visit(c.id, 200, at=D - timedelta(days=1))
    rows = visits.list_visits(c.id)
    assert [r.amount for r in rows] == [200, 100]
    assert rows[1].staff_name == "小周"


def test_undoing_a_delete_moves_a_later_joined_date_back_to_the_visit(db):
    from crm.services import backup

    c = customer("王丽", joined=date(2026, 1, 1))
    result = visits.log_visit(c.id, 1000, at=datetime(2026, 3, 1, 10, 0))
    undo = visits.delete_visit(result.visit.id, "typed on the wrong customer")
    Customer.update(joined=date(2026, 5, 1)).where(Customer.id == c.id).execute()  # moved meanwhile
    visits.restore_visit(undo.audit_entry)
    assert Customer.get_by_id(c.id).joined == date(2026, 3, 1)
    assert backup.check(actor=None).ok  # nothing the app did leaves a rule broken


def test_a_saved_visit_explains_the_new_level_as_the_customer_page_would(db):
    regular = customer("常客")
    for days_ago in (30, 20, 10):
        visit(regular, TODAY - timedelta(days=days_ago), 5000)
    result = visits.log_visit(regular.id, 5000)
    assert result.level_moved == 1
    assert result.explanation == customer_level.explain_customer(regular.id)
    assert LEVELS[result.explanation.level] == result.level_after
