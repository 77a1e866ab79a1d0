"""Imports keep the values they replaced, and an owner or manager can undo the last one
while nothing it touched has changed since (SPEC 8)."""

from __future__ import annotations

import csv
import json
from datetime import date

import pytest

from crm.errors import NotAllowed
from crm.io import importer
from crm.models import AuditEntry, Customer, Staff, Visit
from crm.services import customers, import_undo, imports, referrals, search, visits
from crm.services.changes import NOTHING, Changes
from crm.services.common import Actor
from crm.services.import_undo import UndoRefused

STAFF = Actor(None, "staff", "Xiao Li")
MANAGER = Actor(None, "manager", "Zhou")


def write(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


def shop() -> dict:
    """Everything an undo must leave exactly as it was: customers (with their levels) and visits."""
    people = {
        c.code: (c.name, c.phone, c.wechat, c.birthday, c.joined, c.source, c.referrer_id, c.tags, c.notes,
                 c.search_key, c.level)
        for c in Customer.select()
    }  # fmt: skip
    return {"customers": people, "visits": sorted(Visit.select(Visit.id, Visit.customer).tuples())}


@pytest.fixture
def known(db):
    """Three customers the shop had before any import."""
    wang = customers.create_customer("王丽", "13812345678", code="A001", joined=date(2025, 1, 1))
    zhang = customers.create_customer("张伟", "13912345678", code="A002", joined=date(2025, 1, 1))
    li = customers.create_customer("李娜", code="A003", joined=date(2026, 5, 1), notes="老客")
    return wang, zhang, li


def import_customers(tmp_path, rows, **options):
    header = ["会员号", "姓名", "手机", "推荐人", "备注"]
    return importer.import_customers(write(tmp_path / "c.csv", [header, *rows]), **options)


CHANGES = [
    ["A001", "王丽丽", "13812345678", "", ""],  # a new name
    ["A002", "张伟", "13700001111", "A001", ""],  # a new phone and referrer
    ["A003", "", "", "", "VIP"],  # new notes
    ["B001", "赵敏", "13600002222", "A001", ""],  # new
    ["B002", "钱多", "", "B001", ""],  # new, referred by another new one
]


def test_each_updated_customer_keeps_its_values_before_and_after_in_the_audit_trail(known, tmp_path):
    result = import_customers(tmp_path, CHANGES)
    assert (result.created, result.updated) == (2, 3) and result.import_id
    entries = {
        e.entity_id: (json.loads(e.before), json.loads(e.after))
        for e in AuditEntry.select().where(AuditEntry.action == "import update")
    }
    wang, zhang, li = known
    assert entries == {
        wang.id: ({"name": "王丽"}, {"name": "王丽丽", "import": result.import_id}),
        zhang.id: (
            {"phone": "+8613912345678", "referrer": None},
            {"phone": "+8613700001111", "referrer": wang.id, "import": result.import_id},
        ),
        li.id: ({"notes": "老客"}, {"notes": "VIP", "import": result.import_id}),
    }
    record = imports.last_import()
    assert (record.id, record.kind, record.file, record.created, record.updated) == (
        result.import_id, "customers", "c.csv", 2, 3,
    )  # fmt: skip
    assert not record.undone and import_undo.can_undo(record.id)


def test_undo_puts_updated_customers_back_and_removes_the_ones_it_added(known, tmp_path):
    manager = Actor(Staff.create(name="周经理", role="manager").id, "manager", "周经理")
    before = shop()
    result = import_customers(tmp_path, CHANGES)
    assert result.changes == Changes(every_customer=True)  # names, referrers and levels of anyone
    assert [hit.code for hit in search.search("王丽丽")] == ["A001"]
    done = import_undo.undo_import(result.import_id, manager)
    assert (done.restored, done.customers_removed, done.visits_removed) == (3, 2, 0)
    assert done.changes == Changes(every_customer=True)
    assert shop() == before  # names, phones, referrers, notes, search keys and levels
    assert [hit.code for hit in search.search("王丽丽")] == []
    assert [hit.code for hit in search.search("1370000")] == []
    assert [hit.code for hit in search.search("王丽")] == ["A001"]
    entry = AuditEntry.get(AuditEntry.action == "undo import")
    assert (entry.entity, entry.entity_id, entry.staff_id) == ("import", result.import_id, manager.staff_id)
    assert json.loads(entry.after)["customers removed"] == 2
    assert AuditEntry.select().where(AuditEntry.action == "import undone").count() == 3
    assert imports.last_import().undone
    with pytest.raises(UndoRefused, match="already undone"):
        import_undo.undo_import(result.import_id)


def test_undo_of_a_visits_import_removes_its_visits_and_customers_and_moves_joined_back(known, tmp_path):
    wang, zhang, li = known
    visits.log_visit(li.id, 5000, at=date(2026, 6, 1))
    before = shop()
    path = write(
        tmp_path / "v.csv",
        [
            ["会员号", "日期", "金额"],
            ["A003", "2026-02-01", "300"],  # before Li Na joined: joined moves back
            ["A003", "2026-06-01 12:00", "50"],  # the same as the visit logged: not added twice
            ["A001", "2026-06-20", "120"],
            ["C001", "2026-03-01", "80"],  # an unknown code: a new customer
            ["C001", "2026-04-01", "80"],
        ],
    )
    result = importer.import_visits(path)
    assert (result.visits_added, result.visits_already, result.created) == (4, 1, 1)
    assert result.changes == Changes(every_customer=True, visits=True)
    assert Customer.get(Customer.code == "A003").joined == date(2026, 2, 1)
    done = import_undo.undo_import(result.import_id)
    assert (done.restored, done.customers_removed, done.visits_removed) == (1, 1, 4)
    assert done.changes == Changes(every_customer=True, visits=True)
    assert shop() == before


def test_many_updates_are_recorded_with_one_bulk_insert_and_undone(db, tmp_path):
    rows = [["会员号", "姓名"], *([f"N{i:05d}", f"客{i}"] for i in range(3000))]
    importer.import_customers(write(tmp_path / "a.csv", rows))
    before = shop()
    renamed = [["会员号", "姓名"], *([f"N{i:05d}", f"新客{i}"] for i in range(3000))]
    result = importer.import_customers(write(tmp_path / "b.csv", renamed))
    assert result.updated == 3000
    assert AuditEntry.select().where(AuditEntry.action == "import update").count() == 3000
    assert import_undo.undo_import(result.import_id).restored == 3000
    assert shop() == before


# --- refusals ----------------------------------------------------------------------------------


def _later_edit(known, created, tmp_path):
    customers.update_customer(known[0].id, notes="changed at the counter")


def _visit_for_a_new_customer(known, created, tmp_path):
    visits.log_visit(created["B001"], 1000)


def _referral_to_a_new_customer(known, created, tmp_path):
    customers.create_customer("孙丽", referrer_id=created["B002"])


def _referrer_set_to_a_new_customer(known, created, tmp_path):
    referrals.set_referrer(known[2].id, created["B001"])


def _another_import(known, created, tmp_path):
    importer.import_customers(write(tmp_path / "later.csv", [["姓名"], ["周杰"]]))


@pytest.mark.parametrize(
    "change, reason",
    [
        (_later_edit, "王丽丽 (A001) was changed after the import"),
        (_visit_for_a_new_customer, "a visit was logged for 赵敏 (B001), whom the import added"),
        (_referral_to_a_new_customer, "was referred by 钱多 (B002), whom the import added"),
        (_referrer_set_to_a_new_customer, "李娜 (A003) was changed after the import"),
        (_another_import, "another import (later.csv) came after it"),
    ],
)
def test_undo_refuses_when_something_it_touched_changed_since_and_changes_nothing(
    known, tmp_path, change, reason
):
    result = import_customers(tmp_path, CHANGES)
    created = {c.code: c.id for c in Customer.select().where(Customer.code.in_(["B001", "B002"]))}
    change(known, created, tmp_path)
    after = shop()
    with pytest.raises(UndoRefused) as caught:
        import_undo.undo_import(result.import_id, MANAGER)
    assert reason in caught.value.reason
    assert str(caught.value).startswith(f"import #{result.import_id} cannot be undone: ")
    assert shop() == after
    assert not import_undo.can_undo(result.import_id)


def test_undo_refuses_when_a_visit_it_added_was_edited(known, tmp_path):
    path = write(tmp_path / "v.csv", [["会员号", "日期", "金额"], ["A001", "2026-06-20", "120"]])
    result = importer.import_visits(path)
    visits.edit_visit(Visit.get().id, amount=9900)
    with pytest.raises(UndoRefused, match="a visit it added was changed or deleted"):
        import_undo.undo_import(result.import_id)
    assert Visit.get().amount == 9900


def test_undo_refuses_when_a_phone_it_gives_back_belongs_to_someone_new(known, tmp_path):
    result = import_customers(tmp_path, [["A002", "张伟", "13700001111", "", ""]])
    customers.create_customer("吴昊", "13912345678")  # Zhang Wei's old phone, free since the import
    after = shop()
    with pytest.raises(UndoRefused, match=r"phone \+8613912345678 now belongs to 吴昊"):
        import_undo.undo_import(result.import_id)
    assert shop() == after


def test_only_owners_and_managers_may_undo_an_import(known, tmp_path):
    result = import_customers(tmp_path, CHANGES)
    with pytest.raises(NotAllowed):
        import_undo.undo_import(result.import_id, STAFF)
    assert not import_undo.can_undo(result.import_id, STAFF) and import_undo.can_undo(
        result.import_id, MANAGER
    )
    assert Customer.select().count() == 5
    import_undo.undo_import(result.import_id, Actor(None, "owner", "店主"))
    assert Customer.select().count() == 3


def test_a_dry_run_leaves_nothing_to_undo(known, tmp_path):
    result = import_customers(tmp_path, CHANGES, dry_run=True)
    assert result.import_id is None and imports.last_import() is None
    assert result.changes == NOTHING


def test_every_reason_an_undo_gives_is_listed_for_the_translations():
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(import_undo))
    docstrings = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)}
    given = {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
        if "%1" in node.value or node.value.startswith(("it ", "a ", "putting "))
    }
    assert given == set(import_undo.REASONS)
