"""SPEC 8's whole matrix of who may do what, each cell tried on the real service.

Every row of the matrix is an action done through the service the app and the
command line use; every role tries it on its own fresh shop. A role the matrix
allows must succeed; a role it does not must get NotAllowed and change nothing
the test can see.
"""

from __future__ import annotations

import csv
from datetime import date

import pytest

from crm.db import database
from crm.errors import NotAllowed
from crm.io import importer
from crm.io.customer_data import write_customer_data
from crm.models import Customer, Staff
from crm.reports import workbook
from crm.services import (
    backup,
    community_changes,
    customer_level,
    customers,
    import_undo,
    imports,
    privacy,
    referrals,
    search,
    settings,
    staff,
    tasks,
    visits,
)
from crm.services.common import MANAGER_ACTIONS, OWNER_ACTIONS, Actor, may
from tests.factories import customer, visit

RANK = {"staff": 0, "manager": 1, "owner": 2}


class Shop:
    """Two customers with history, a community, a task and the three people."""

    def __init__(self, tmp_path):
        self.tmp = tmp_path
        self.people = {}
        for role, name in (("owner", "老板"), ("manager", "店长"), ("staff", "小李")):
            row = Staff.create(name=name, role=role, pin_hash=staff.hash_pin("1234"))
            self.people[role] = Actor(staff_id=row.id, role=role, name=name)
        self.clerk = Staff.create(name="小王", role="staff", pin_hash=staff.hash_pin("4321")).id
        self.wang = customer("王丽", joined=date(2025, 1, 5), phone="+8613812345678")
        self.zhang = customer("张伟", joined=date(2025, 2, 1))
        visit(self.wang, date(2026, 5, 3), 12000)
        self.group = community_changes.create_community("宝妈群", self.wang.id, actor=None)
        self.task = tasks.create_task(self.zhang.id, "service", title="call", actor=None)

    def import_file(self):
        path = self.tmp / "members.csv"
        with open(path, "w", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerows([["Name", "Phone"], ["李娜", "13900001111"], ["王丽", "13812345678"]])
        return path


def _import_first(shop):
    importer.import_customers(shop.import_file(), actor=None)
    shop.import_id = imports.last_import().id


def _undo(shop, actor):
    import_undo.undo_import(shop.import_id, actor=actor)


def _restore(shop, actor):
    copy = backup.backup(shop.tmp / "copy.db", actor=None)
    backup.restore(copy, actor=actor)


# (matrix row, permission behind it or None for open to all, the lowest role, the call)
MATRIX = [
    ("search", None, "staff", lambda s, a: search.search("王")),
    ("view", None, "staff", lambda s, a: customers.get_customer(s.wang.id)),
    ("add customers", "add customers", "staff", lambda s, a: customers.create_customer("新客", actor=a)),
    ("log visits", None, "staff", lambda s, a: visits.log_visit(s.zhang.id, 5000, actor=a)),
    ("work their tasks", None, "staff", lambda s, a: tasks.complete_task(s.task.id, "done", actor=a)),
    ("join members", "change community members", "staff",
     lambda s, a: community_changes.add_member(s.group.id, s.zhang.id, actor=a)),
    ("edit customers", "edit customers", "manager",
     lambda s, a: customers.update_customer(s.zhang.id, name="张伟伟", actor=a)),
    ("change a referrer", "edit customers", "manager",
     lambda s, a: referrals.set_referrer(s.zhang.id, s.wang.id, actor=a)),
    ("archive customers", "archive customers", "manager",
     lambda s, a: customers.archive_customer(s.zhang.id, actor=a)),
    ("pin levels", "pin levels", "manager",
     lambda s, a: customer_level.pin_level(s.zhang.id, "strong", "family", actor=a)),
    ("manage communities", "manage communities", "manager",
     lambda s, a: community_changes.create_community("新群", s.zhang.id, actor=a)),
    ("import", "import data", "manager", lambda s, a: importer.import_customers(s.import_file(), actor=a)),
    ("export reports", "export data", "manager",
     lambda s, a: workbook.export("2026-05", s.tmp / "may.xlsx", actor=a)),
    ("one customer's data", "customer data", "manager",
     lambda s, a: write_customer_data(s.wang.id, s.tmp / "wang.json", actor=a)),
    ("check", "check the database", "manager", lambda s, a: backup.check(actor=a)),
    ("erase a customer", "erase customers", "manager",
     lambda s, a: privacy.erase_customer(s.zhang.id, actor=a)),
    ("undo an import", "undo imports", "manager", _undo),
    ("change rules and settings", "change settings", "manager",
     lambda s, a: settings.set("shop_name", "小店", actor=a)),
    ("back up", "back up", "manager", lambda s, a: backup.backup(s.tmp / "mine.db", actor=a)),
    ("manage staff", "manage staff", "owner", lambda s, a: staff.create_staff("新人", pin="5678", actor=a)),
    ("set someone's PIN", "manage staff", "owner",
     lambda s, a: staff.update_staff(s.clerk, pin="9999", actor=a)),
    ("restore a backup", "restore a backup", "owner", _restore),
    ("repair", "repair the database", "owner", lambda s, a: backup.repair(actor=a)),
]  # fmt: skip
PREPARE = {"undo an import": _import_first}


def test_the_matrix_names_every_permission_the_services_check():
    named = {permission for _, permission, _, _ in MATRIX if permission}
    assert (MANAGER_ACTIONS | OWNER_ACTIONS) - named <= {
        # finer permissions inside a row of the matrix, tested with their own services
        "flag big c",
        "delete visits",
        "edit visits",
        "delete tasks",
    }


def test_an_action_the_matrix_does_not_name_is_an_error_not_open_to_all():
    from crm.services.common import Actor, may

    with pytest.raises(ValueError, match="no such action"):
        may(Actor(None, "staff"), "edit customer")  # misspelt: "edit customers"
    assert may(Actor(None, "staff"), "add customers")
    assert not may(Actor(None, "staff"), "edit customers")


def test_every_action_the_screens_and_services_ask_about_has_a_name_in_both_languages():
    import re
    from pathlib import Path

    from crm.services.common import MANAGER_ACTIONS, OPEN_ACTIONS, OWNER_ACTIONS
    from ui.words import ACTIONS

    root = Path(__file__).resolve().parents[2]
    asked = set()
    for path in [*root.joinpath("crm").rglob("*.py"), *root.joinpath("ui").rglob("*.py")]:
        asked |= set(re.findall(r"(?:may|require|_changeable)\([^()]*?\"([a-z ]+)\"\)", path.read_text()))
    matrix = MANAGER_ACTIONS | OWNER_ACTIONS | OPEN_ACTIONS
    assert asked and asked <= matrix
    assert set(ACTIONS) == matrix


@pytest.mark.parametrize("role", ["staff", "manager", "owner"])
@pytest.mark.parametrize(("row", "permission", "lowest", "call"), MATRIX, ids=[m[0] for m in MATRIX])
def test_each_role_may_do_exactly_what_the_matrix_says(db, tmp_path, role, row, permission, lowest, call):
    if row in ("back up", "restore a backup") and database.obj.shop_location.startswith("postgres"):
        pytest.skip("a shop on a server is backed up and restored on the server")
    shop = Shop(tmp_path)
    if row in PREPARE:
        PREPARE[row](shop)
    actor = shop.people[role]
    allowed = RANK[role] >= RANK[lowest]
    if permission:
        assert may(actor, permission) == allowed
    customers_before = list(Customer.select().order_by(Customer.id).tuples())
    if allowed:
        call(shop, actor)
        return
    with pytest.raises(NotAllowed):
        call(shop, actor)
    assert list(Customer.select().order_by(Customer.id).tuples()) == customers_before
    assert not any(tmp_path.glob("*.xlsx")) and not any(tmp_path.glob("*.json"))
    assert not (tmp_path / "mine.db").exists()


def test_the_command_line_acts_as_the_owner():
    assert all(may(None, action) for action in MANAGER_ACTIONS | OWNER_ACTIONS)
