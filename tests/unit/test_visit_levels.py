"""Logging a visit in few round trips: the one facts query and the statements sent together
give what the statement-by-statement way gave (on both engines)."""

import json
import random
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crm import clock, demo
from crm.db import as_date, database
from crm.errors import InvalidInput, NotFound
from crm.levels import LEVELS
from crm.models import Community, Customer, Membership, Staff, Visit
from crm.services import levels, visit_levels, visits
from crm.services.common import Actor, audit, live_customer, row_dict
from crm.services.level_facts import gather_facts, pins_of, rules
from crm.services.purchase_limit import LargePurchase
from crm.statements import Prepared, send_together
from tests.conftest import TODAY
from tests.factories import community, customer, visit


def _stored(ids):
    marks = ",".join("?" * len(ids))
    rows = database.execute_sql(
        f"SELECT id, level, last_purchase, purchase_days, spend_365 FROM customer WHERE id IN ({marks})", ids
    )
    return sorted(tuple(row) for row in rows)


def _one_query(customer_id):
    cursor = send_together(
        [], (visit_levels.VISIT_FACTS, visit_levels.facts_params(customer_id, TODAY, rules()))
    )
    return visit_levels.read_facts(cursor.fetchall())


def _assert_same_facts(customer_id):
    """The one query's customers, stored rows, facts and pins are the separate queries' ones."""
    ids = sorted(levels.affected_by({customer_id}) | {customer_id})
    found = _one_query(customer_id)
    assert sorted(row[0] for row in found.stored) == ids
    assert sorted(found.stored) == _stored(ids)
    assert found.facts == gather_facts(TODAY, ids)
    assert found.pins == pins_of(ids)


def days_ago(n):
    return TODAY - timedelta(days=n)


def test_one_query_reads_what_the_separate_queries_read_on_a_demo_shop(db):
    demo.generate(300, seed=5, until=TODAY)
    ids = [row[0] for row in database.execute_sql("SELECT id FROM customer ORDER BY id")]
    leaders = [row[0] for row in database.execute_sql("SELECT DISTINCT leader_id FROM community")]
    # pins, a lapsed one among them, and an archived community: the query reads them too
    for cid, until in zip(ids[:3], (None, days_ago(1), TODAY + timedelta(days=9)), strict=True):
        Customer.update(pin_level=4, pin_reason="VIP", pin_from=days_ago(30), pin_until=until).where(
            Customer.id == cid
        ).execute()
    Community.update(archived=True, archived_on=days_ago(3)).where(Community.leader == leaders[0]).execute()
    members = [row[0] for row in database.execute_sql("SELECT customer_id FROM membership")]
    referred = [
        row[0] for row in database.execute_sql("SELECT id FROM customer WHERE referrer_id IS NOT NULL")
    ]
    assert members and referred
    for cid in sorted(set(random.Random(1).sample(ids, 60) + members[:30] + referred[:30] + ids[:3])):
        _assert_same_facts(cid)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    people=st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=400),  # joined, days before D
            st.integers(min_value=-1, max_value=20),  # referrer: an earlier customer, or none
            st.lists(st.tuples(st.integers(0, 500), st.integers(-500, 3000)), max_size=6),  # visits
        ),
        min_size=1,
        max_size=10,
    ),
    groups=st.lists(
        st.tuples(
            st.integers(0, 9),  # leader
            st.lists(st.tuples(st.integers(0, 9), st.integers(-1, 30)), max_size=6),  # members, left
            st.sampled_from([None, 0, 10, 400]),  # archived that many days ago, or live
        ),
        max_size=3,
    ),
    pinned=st.integers(min_value=-1, max_value=9),
    pick=st.integers(min_value=0, max_value=9),
)
def test_one_query_reads_what_the_separate_queries_read(db, people, groups, pinned, pick):
    for model in (Membership, Community, Customer):
        model.delete().execute()
    made = []
    for i, (joined, ref, bought) in enumerate(people):
        c = customer(
            joined=days_ago(joined), referrer=made[ref % i] if i and ref >= 0 else None, name=f"客{i}"
        )
        for ago, amount in bought:
            visit(c, days_ago(ago), amount=amount)
        made.append(c)
    for leader, members, archived in groups:
        group = community(made[leader % len(made)], [], created=days_ago(300))
        if archived is not None:
            Community.update(archived=True, archived_on=days_ago(archived)).where(
                Community.id == group.id
            ).execute()
        for member, left in members:
            Membership.create(
                community=group,
                customer=made[member % len(made)],
                joined=days_ago(200),
                left=None if left < 0 else days_ago(left),
            )
    if pinned >= 0:
        c = made[pinned % len(made)]
        c.pin_level, c.pin_reason, c.pin_from = 3, "", days_ago(10)
        c.save()
    _assert_same_facts(made[pick % len(made)].id)


# --- the whole save, against the statement-by-statement way it replaced ----------------------


def _log_the_old_way(customer_id, amount, kind, at, actor):
    """log_visit as it was: the customer read, the visit and the audit entry created with the
    models, the levels refreshed with refresh_explaining (seven queries), everything read back."""
    moment = visits._to_datetime(at)
    amount = visits.check_visit(kind, amount, 1, moment)
    staff_id = actor.staff_id if actor else None
    with database.atomic():
        c = live_customer(customer_id)
        before = c.level
        v = Visit.create(
            customer=customer_id,
            staff=staff_id,
            at=moment,
            day=moment.date(),
            kind=kind,
            amount=amount,
            quantity=1,
            note="",
            created_at=clock.now(),
        )
        if c.joined is None or as_date(c.joined) > moment.date():
            Customer.update(joined=moment.date()).where(Customer.id == customer_id).execute()
        audit(actor, "visit", v.id, "create", None, row_dict(v))
        changed, why = levels.refresh_explaining(levels.affected_by({customer_id}), customer_id)
        after = Customer.get_by_id(customer_id).level
    return visits.VisitResult(visits._info(v.id), LEVELS[before], LEVELS[after], tuple(changed), why)


def _shop_rows():
    """What a save writes, without the ids the engines' sequences hand out."""
    audit_rows = []
    for staff_id, at, entity, action, before, after in database.execute_sql(
        'SELECT staff_id, "at", entity, action, before, after FROM audit_entry ORDER BY id'
    ):
        after = json.loads(after) if after else None
        if after:
            after.pop("id", None)
        audit_rows.append((staff_id, str(at), entity, action, before, after))
    return {
        "customer": [
            tuple(str(value) for value in row)
            for row in database.execute_sql(
                "SELECT id, joined, level, level_since, last_purchase, purchase_days, spend_365"
                " FROM customer ORDER BY id"
            )
        ],
        "visit": [
            tuple(str(value) for value in row)
            for row in database.execute_sql(
                'SELECT customer_id, staff_id, "at", day, kind, amount, quantity, note, created_at'
                " FROM visit ORDER BY id"
            )
        ],
        "level_change": [
            tuple(str(value) for value in row)
            for row in database.execute_sql(
                'SELECT customer_id, from_level, to_level, "at", reason, detail FROM level_change ORDER BY id'
            )
        ],
        "audit": audit_rows,
    }


def _plain(result):
    info = result.visit
    return (
        (info.customer_id, info.staff_id, info.staff_name, info.at, info.kind, info.amount, info.quantity),
        result.level_before,
        result.level_after,
        result.changed,
        result.explanation,
    )


def test_a_save_writes_and_answers_what_the_statement_by_statement_way_did(db):
    demo.generate(200, seed=11, until=TODAY)
    clerk = Staff.create(name="小李", role="staff")
    rng = random.Random(4)
    ids = [
        row[0] for row in database.execute_sql("SELECT id FROM customer WHERE NOT archived AND NOT erased")
    ]
    late = customer(joined=TODAY, name="新客")  # a visit days before the day they joined moves it back
    plan = [(late.id, 1980, "purchase", days_ago(5), None)]
    for i in range(40):
        kind = rng.choice(("purchase", "purchase", "purchase", "refund", "visit"))
        amount = 0 if kind == "visit" else rng.choice((990, 1980, 12800))
        actor = Actor(clerk.id) if i % 3 == 0 else None
        plan.append((rng.choice(ids), amount, kind, days_ago(rng.choice((0, 0, 2, 40))), actor))
    with database.atomic() as old:
        answers = [_plain(_log_the_old_way(*step)) for step in plan]
        written = _shop_rows()
        old.rollback()
    with database.atomic() as new:
        assert [
            _plain(visits.log_visit(c, a, kind=k, at=at, actor=who)) for c, a, k, at, who in plan
        ] == answers
        assert _shop_rows() == written
        new.rollback()
    assert any(answer[3] for answer in answers)  # some saves moved a level


def test_refusals_come_in_the_same_order(db):
    clerk = Staff.create(name="小李", role="staff", active=False)
    gone = customer(archived=True)
    with pytest.raises(LargePurchase):  # the amount is looked at first, as before
        visits.log_visit(999_999, 2_000_000)
    with pytest.raises(NotFound):
        visits.log_visit(999_999, 100)
    with pytest.raises(InvalidInput, match="archived"):  # the customer before the staff member
        visits.log_visit(gone.id, 100, staff_id=clerk.id)
    with pytest.raises(InvalidInput, match="no longer active"):
        visits.log_visit(customer().id, 100, staff_id=clerk.id)
    assert Visit.select().count() == 0


def test_a_save_names_its_staff_member_as_the_visit_list_does(db):
    clerk = Staff.create(name="小李", role="staff")
    c = customer()
    result = visits.log_visit(c.id, 100, actor=Actor(clerk.id), note="  包装  ")
    assert result.visit == visits.list_visits(visit_ids=[result.visit.id])[0]
    assert result.visit.staff_name == "小李" and result.visit.note == "包装"


# --- statements sent together ------------------------------------------------------------------


def test_statements_sent_together_run_in_order_in_the_callers_transaction(db):
    c = customer()
    with database.atomic() as txn:
        cursor = send_together(
            [
                ("UPDATE customer SET notes = ? WHERE id = ?", ["50% off? yes", c.id]),
                ("UPDATE customer SET notes = notes || ? WHERE id = ?", ["!", c.id]),
            ],
            ("SELECT notes FROM customer WHERE id = ?", [c.id]),
        )
        assert cursor.fetchone()[0] == "50% off? yes!"
        txn.rollback()
    assert Customer.get_by_id(c.id).notes == ""
    assert send_together([]) is None


def test_a_prepared_query_runs_again_after_a_failed_trip_and_on_a_new_connection(db):
    c = customer(name="王丽")
    query = Prepared("test_name_of", "SELECT name FROM customer WHERE id = ?")
    assert send_together([], (query, [c.id])).fetchone()[0] == "王丽"
    with pytest.raises(Exception), database.atomic():  # noqa: B017 - each engine has its own error
        send_together([("UPDATE nowhere SET x = ?", [1])], (query, [c.id]))
    assert send_together([], (query, [c.id])).fetchone()[0] == "王丽"
    database.close()
    database.connect()
    assert send_together([], (query, [c.id])).fetchone()[0] == "王丽"


def test_a_transaction_begun_without_a_statement_keeps_what_reaches_the_connection_directly(db):
    from crm.db import executemany

    c = customer()
    with database.atomic() as txn:  # the first thing sent goes through a cursor of its own
        executemany("UPDATE customer SET notes = ? WHERE id = ?", [("一", c.id)])
        txn.rollback()
    assert Customer.get_by_id(c.id).notes == ""
    with database.atomic():  # nothing sent at all
        pass
    with database.atomic():
        database.execute_sql("UPDATE customer SET notes = ? WHERE id = ?", ["二", c.id])
    assert Customer.get_by_id(c.id).notes == "二"


def test_a_save_inside_a_callers_transaction_is_undone_with_it_and_one_alone_is_kept(db):
    c = customer()
    with database.atomic() as outer:
        visits.log_visit(c.id, 100)
        outer.rollback()
    assert Visit.select().count() == 0 and Customer.get_by_id(c.id).level == 0
    visits.log_visit(c.id, 100)
    database.close()  # what another connection sees
    database.connect()
    assert Visit.select().count() == 1 and Customer.get_by_id(c.id).level == 1
    with database.atomic():  # the connection goes on as before
        visits.log_visit(c.id, 200, at=TODAY - timedelta(days=1))
    assert Customer.get_by_id(c.id).purchase_days == 2
